// A public ballot, byte for byte as x/voting/README.md "Sign bytes"
// specifies (types.SignBytes): the booth signs in the browser and the key
// never leaves it.
import { sha256 } from '@noble/hashes/sha256'
import { ripemd160 } from '@noble/hashes/ripemd160'
import { secp256k1 } from '@noble/curves/secp256k1'
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { bech32 } from '@scure/base'
import { concat, fromHex, hex, toBase64, decode, one, all, packed } from './proto.js'

export const SIGN_DOMAIN = 'civitas/ballot/v1'
export const HD_PATH = "m/44'/118'/0'/0/0"

export class KeyError extends Error {}

// keyFromMnemonic derives the voter's key as civitasd keys add does.
export function keyFromMnemonic(words) {
  const m = words.trim().toLowerCase().split(/\s+/).join(' ')
  if (!validateMnemonic(m, wordlist)) throw new KeyError('mnemonic')
  return voterKey(HDKey.fromMasterSeed(mnemonicToSeedSync(m)).derive(HD_PATH).privateKey)
}

// keyFromFile reads a private key file: 64 hex digits (civitasd keys
// export <name> --unarmored-hex --unsafe).
export function keyFromFile(text) {
  const s = text.trim().replace(/^0x/, '')
  if (!/^[0-9a-fA-F]{64}$/.test(s)) throw new KeyError('keyfile')
  return voterKey(fromHex(s))
}

// voterAddress: the 20 address bytes of a compressed public key (RIPEMD-160 of SHA-256).
export const voterAddress = (pub) => ripemd160(sha256(pub))

function voterKey(priv) {
  if (!secp256k1.utils.isValidPrivateKey(priv)) throw new KeyError('keyfile')
  const pub = secp256k1.getPublicKey(priv, true)
  const addrBytes = voterAddress(pub)
  return { priv, pub, addrBytes, address: bech32.encode('civ', bech32.toWords(addrBytes)) }
}

const u16 = (n) => Uint8Array.of((n >> 8) & 0xff, n & 0xff)
const u32 = (n) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
function u64(n) {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(n))
  return b
}

// signHeader: the part both sign-byte versions share.
export function signHeader(domain, chainID, electionID, pub, counter, answers) {
  const id = new TextEncoder().encode(chainID)
  if (id.length < 1 || id.length > 255) throw new Error('chain id length')
  return concat(new TextEncoder().encode(domain), Uint8Array.of(id.length), id, u64(electionID), pub, u32(counter), u16(answers))
}

// signBytes of a public ballot: answers are [{choices: [...], weights: [...]}].
export function signBytes(chainID, electionID, pub, counter, answers) {
  const parts = [signHeader(SIGN_DOMAIN, chainID, electionID, pub, counter, answers.length)]
  for (const a of answers) {
    parts.push(u16(a.choices.length), ...a.choices.map(u16), u16(a.weights.length), ...a.weights.map(u32))
  }
  return concat(...parts)
}

// sign returns the 64-byte r‖s (low s) over SHA-256(sign bytes).
export function sign(priv, bytes) {
  return secp256k1.sign(sha256(bytes), priv, { lowS: true }).toCompactRawBytes()
}

// signedBallot is the JSON line civitasd voting relay reads (SignedBallot).
export function signedBallot(electionID, key, counter, answers, signature, censusProof, encrypted) {
  const b = {
    election_id: String(electionID),
    voter_pub_key: toBase64(key.pub),
    counter,
    answers: answers.map((a) => ({ choices: a.choices, weights: a.weights })),
    signature: toBase64(signature),
  }
  if (censusProof) {
    b.census_proof = { weight: String(censusProof.weight), index: String(censusProof.index), siblings: censusProof.siblings.map((s) => toBase64(fromHex(s))) }
  }
  if (encrypted) b.encrypted_answers = encrypted
  return b
}

// trackingCode: the ballot hash (SHA-256 of the sign bytes) as the chain
// stores it in the receipt, in groups a voter can read out.
export const ballotHash = (bytes) => sha256(bytes)
export const trackingCode = (hash) => hex(hash).toUpperCase().match(/.{4}/g).join(' ')

// ballotStoreKey: 0x06 ‖ election id (8, big-endian) ‖ voter address bytes.
export const ballotStoreKey = (electionID, addrBytes) => concat(Uint8Array.of(6), u64(electionID), addrBytes)

// censusProofFor picks the voter's proof out of a census.json (civitasd
// voting census build) or takes a single proof entry.
export function censusProofFor(json, address) {
  const entries = Array.isArray(json.proofs) ? json.proofs : [json]
  const p = entries.find((e) => String(e.address).toLowerCase() === address)
  if (!p) throw new KeyError('census')
  return p
}

const BALLOT_TYPES = { 1: 'BALLOT_TYPE_SINGLE', 2: 'BALLOT_TYPE_APPROVAL', 3: 'BALLOT_TYPE_RANKED', 4: 'BALLOT_TYPE_WEIGHTED', 5: 'BALLOT_TYPE_BUDGET' }
const STATUSES = { 1: 'ELECTION_STATUS_SCHEDULED', 2: 'ELECTION_STATUS_OPEN', 3: 'ELECTION_STATUS_CLOSED', 4: 'ELECTION_STATUS_FINAL', 5: 'ELECTION_STATUS_CANCELLED', 6: 'ELECTION_STATUS_TALLYING' }
const text = (b) => new TextDecoder().decode(b || new Uint8Array())

// electionStoreKey: 0x02 ‖ election id (8, big-endian) in the voting store.
export const electionStoreKey = (electionID) => concat(Uint8Array.of(2), u64(electionID))

// decodeElection reads the fields the booth shows from a proven Election
// (x/voting voting.proto), so what the voter sees is what the chain holds.
export function decodeElection(bytes) {
  const m = decode(bytes)
  const census = decode(one(m, 9, new Uint8Array()))
  const ceremony = decode(one(m, 21, new Uint8Array()))
  return {
    id: String(one(m, 1, 0n)),
    title: text(one(m, 4)),
    description: text(one(m, 5)),
    questions: all(m, 8).map((qb) => {
      const q = decode(qb)
      return {
        title: text(one(q, 1)),
        type: BALLOT_TYPES[Number(one(q, 2, 0n))] || 'BALLOT_TYPE_UNSPECIFIED',
        options: all(q, 3).map((ob) => {
          const o = decode(ob)
          return { title: text(one(o, 1)), cost: String(one(o, 2, 0n)) }
        }),
        min_choices: Number(one(q, 4, 0n)),
        max_choices: Number(one(q, 5, 0n)),
      }
    }),
    census: { type: Number(one(census, 1, 0n)) === 2 ? 'CENSUS_TYPE_MERKLE' : 'CENSUS_TYPE_REGISTRY' },
    privacy: Number(one(m, 10, 0n)) === 2 ? 'PRIVACY_SECRET' : 'PRIVACY_PUBLIC',
    status: STATUSES[Number(one(m, 15, 0n))] || 'ELECTION_STATUS_UNSPECIFIED',
    // chain_id: the chain id the election's ballots sign (kept across a chain-id change).
    chainId: text(one(m, 19)),
    // key_ceremony.election_key, set when the ceremony is FINAL (status 4).
    electionKey: Number(one(ceremony, 3, 0n)) === 4 ? one(ceremony, 5, new Uint8Array()) : new Uint8Array(),
  }
}

// decodeBallotAnswers: the choices of a proven Ballot (field 5, Answer.choices packed).
export const decodeBallotAnswers = (bytes) => all(decode(bytes), 5).map((a) => {
  const m = decode(a)
  return all(m, 1).flatMap((c) => (c instanceof Uint8Array ? packed(c) : [Number(c)]))
})
