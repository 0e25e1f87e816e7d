// Checking a CometBFT header in the browser: its hash from its fields,
// the commit's ed25519 signatures over the canonical precommit, and that
// validators holding more than 2/3 of the voting power of the validator
// set the booth trusts signed it (nothing taken from the server on trust).
import { sha256 } from '@noble/hashes/sha256'
import { ed25519 } from '@noble/curves/ed25519'
import { pb, concat, varint, fromHex, fromBase64, hex, equal } from './proto.js'

export class HeaderError extends Error {}

// RFC 6962 Merkle tree hash, as CometBFT's merkle.HashFromByteSlices.
export function merkleRoot(items) {
  if (items.length === 0) return sha256(new Uint8Array())
  if (items.length === 1) return sha256(concat(Uint8Array.of(0), items[0]))
  let k = 1
  while (k * 2 < items.length) k *= 2
  return sha256(concat(Uint8Array.of(1), merkleRoot(items.slice(0, k)), merkleRoot(items.slice(k))))
}

// timestamp encodes an RFC 3339 time with nanoseconds as google.protobuf.Timestamp.
export function timestamp(s) {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(s)
  if (!m) throw new HeaderError(`time ${s}: not RFC 3339 UTC`)
  const seconds = BigInt(Date.parse(m[1] + 'Z') / 1000)
  const nanos = BigInt((m[2] || '').padEnd(9, '0'))
  return concat(pb.varint(1, seconds), pb.varint(2, nanos))
}

const hx = (s) => fromHex(s || '')

function blockID(id) {
  const parts = concat(pb.varint(1, id.parts.total), pb.bytes(2, hx(id.parts.hash)))
  return concat(pb.bytes(1, hx(id.hash)), pb.message(2, parts))
}

// headerHash recomputes a header's hash from its RPC JSON fields.
export function headerHash(h) {
  const bytesValue = (s) => pb.bytes(1, hx(s))
  return merkleRoot([
    concat(pb.varint(1, h.version.block), pb.varint(2, h.version.app || 0)),
    pb.string(1, h.chain_id),
    pb.varint(1, h.height),
    timestamp(h.time),
    blockID(h.last_block_id),
    bytesValue(h.last_commit_hash),
    bytesValue(h.data_hash),
    bytesValue(h.validators_hash),
    bytesValue(h.next_validators_hash),
    bytesValue(h.consensus_hash),
    bytesValue(h.app_hash),
    bytesValue(h.last_results_hash),
    bytesValue(h.evidence_hash),
    bytesValue(h.proposer_address),
  ])
}

// validatorSetHash: the hash of a validator set (RPC /validators order).
export function validatorSetHash(vals) {
  return merkleRoot(vals.map((v) => concat(pb.message(1, pb.bytes(1, fromBase64(v.pub_key.value))), pb.varint(2, v.voting_power))))
}

// voteSignBytes: what a validator signs for a precommit in the commit.
export function voteSignBytes(chainID, commit, sig) {
  const cv = concat(
    pb.varint(1, 2), // SIGNED_MSG_TYPE_PRECOMMIT
    pb.sfixed64(2, commit.height),
    pb.sfixed64(3, commit.round),
    pb.message(4, blockID(commit.block_id)),
    pb.message(5, timestamp(sig.timestamp)),
    pb.string(6, chainID),
  )
  return concat(varint(cv.length), cv)
}

// verifySignedHeader checks that the signed header is for chainID, hashes
// to the block its commit signs, and that validators of the trusted set
// holding more than 2/3 of its power signed it. It returns the app hash.
export function verifySignedHeader(chainID, sh, trusted, height) {
  const h = sh.header
  const c = sh.commit
  if (h.chain_id !== chainID) throw new HeaderError(`the header is of chain ${h.chain_id}, not ${chainID}`)
  if (String(h.height) !== String(height) || String(c.height) !== String(height)) throw new HeaderError(`the node served the header of height ${h.height}, not ${height}`)
  const hash = headerHash(h)
  if (!equal(hash, hx(c.block_id.hash))) throw new HeaderError(`the header hashes to ${hex(hash).toUpperCase()}, the commit signs ${c.block_id.hash}`)
  const byAddress = new Map(trusted.validators.map((v) => [v.address.toUpperCase(), v]))
  let total = 0n
  for (const v of trusted.validators) total += BigInt(v.voting_power)
  let signed = 0n
  const seen = new Set()
  for (const sig of c.signatures) {
    if (sig.block_id_flag !== 2) continue // absent or nil
    const addr = sig.validator_address.toUpperCase()
    const v = byAddress.get(addr)
    if (!v || seen.has(addr)) continue
    seen.add(addr)
    const ok = ed25519.verify(fromBase64(sig.signature), voteSignBytes(chainID, c, sig), fromBase64(v.pub_key.value))
    if (!ok) throw new HeaderError(`validator ${addr}'s signature on block ${h.height} is invalid`)
    signed += BigInt(v.voting_power)
  }
  if (signed * 3n <= total * 2n) throw new HeaderError(`only ${signed} of ${total} trusted voting power signed block ${h.height}: more than 2/3 is needed`)
  return { appHash: hx(h.app_hash), hash, signed, total, time: h.time }
}

// checkValidators: every validator's address is its ed25519 key's
// (SHA-256 of the key, first 20 bytes), and none is listed twice.
export function checkValidators(vals) {
  const seen = new Set()
  for (const v of vals) {
    if (v.pub_key?.type !== 'tendermint/PubKeyEd25519') throw new HeaderError(`validator ${v.address}: not an ed25519 key`)
    const addr = hex(sha256(fromBase64(v.pub_key.value)).slice(0, 20)).toUpperCase()
    if (addr !== String(v.address).toUpperCase() || seen.has(addr)) throw new HeaderError(`validator ${v.address}: the address is not its key's, or is listed twice`)
    seen.add(addr)
  }
}
