// ICS23 proof checking for the Cosmos SDK multistore, as
// github.com/cosmos/ics23/go does it for the two specs the SDK uses: the
// IAVL proof of a key in a module's store, then the simple Merkle proof of
// that store's root under the app hash. Written for the booth so no server
// is trusted; one difference from the Go library: a neighbour leaf with an
// empty value is hashed rather than refused (Civitas stores none).
import { sha256 } from '@noble/hashes/sha256'
import { decode, one, all, concat, varint, equal, compare } from './proto.js'

const SHA256 = 1n
const VAR_PROTO = 1n

const IAVL = { leafPrefix: [0], minPrefix: 4, maxPrefix: 12, childSize: 33, iavl: true }
const SIMPLE = { leafPrefix: [0], minPrefix: 1, maxPrefix: 1, childSize: 32, iavl: false }

export class ProofError extends Error {}

function leafOp(b) {
  const m = decode(b)
  return { hash: one(m, 1, 0n), prehashKey: one(m, 2, 0n), prehashValue: one(m, 3, 0n), length: one(m, 4, 0n), prefix: one(m, 5, new Uint8Array()) }
}
function innerOp(b) {
  const m = decode(b)
  return { hash: one(m, 1, 0n), prefix: one(m, 2, new Uint8Array()), suffix: one(m, 3, new Uint8Array()) }
}
function existence(b) {
  const m = decode(b)
  const leaf = one(m, 3)
  return { key: one(m, 1, new Uint8Array()), value: one(m, 2, new Uint8Array()), leaf: leaf && leafOp(leaf), path: all(m, 4).map(innerOp) }
}

// parseProof reads a CommitmentProof: { exist } or { nonexist: { key, left, right } }.
export function parseProof(b) {
  const m = decode(b)
  if (m.has(1)) return { exist: existence(one(m, 1)) }
  if (m.has(2)) {
    const n = decode(one(m, 2))
    return { nonexist: { key: one(n, 1, new Uint8Array()), left: n.has(2) ? existence(one(n, 2)) : null, right: n.has(3) ? existence(one(n, 3)) : null } }
  }
  throw new ProofError('the proof is neither an existence nor an absence proof')
}

function zigzag(prefix, o) {
  let v = 0n
  let shift = 0n
  for (;;) {
    if (o.i >= prefix.length) throw new ProofError('bad IAVL op prefix')
    const b = prefix[o.i++]
    v |= BigInt(b & 0x7f) << shift
    if (!(b & 0x80)) break
    shift += 7n
  }
  return (v >> 1n) ^ -(v & 1n)
}

// The IAVL op prefix holds height, size and version (signed varints); an
// inner op's then holds the left child (1 byte or 34 bytes left).
function checkIavlPrefix(op, layer) {
  const o = { i: 0 }
  const vals = [zigzag(op.prefix, o), zigzag(op.prefix, o), zigzag(op.prefix, o)]
  if (vals.some((v) => v < 0n) || vals[0] < BigInt(layer)) throw new ProofError('wrong value in IAVL op')
  const rest = op.prefix.length - o.i
  if (layer === 0 ? rest !== 0 : rest !== 1 && rest !== 34) throw new ProofError('invalid IAVL op')
}

function checkSpec(p, spec) {
  const l = p.leaf
  if (!l) throw new ProofError('existence proof without a leaf op')
  if (spec.iavl) checkIavlPrefix(l, 0)
  if (l.hash !== SHA256 || l.prehashKey !== 0n || l.prehashValue !== SHA256 || l.length !== VAR_PROTO) throw new ProofError('leaf op differs from the spec')
  if (l.prefix[0] !== spec.leafPrefix[0]) throw new ProofError('leaf prefix differs from the spec')
  if (p.path.length > 128) throw new ProofError('proof too deep')
  p.path.forEach((op, i) => {
    if (op.hash !== SHA256) throw new ProofError('inner op hash differs from the spec')
    if (spec.iavl) checkIavlPrefix(op, i + 1)
    if (op.prefix.length > 0 && op.prefix[0] === spec.leafPrefix[0]) throw new ProofError('inner prefix starts like a leaf')
    if (op.prefix.length < spec.minPrefix) throw new ProofError('inner prefix too short')
    if (op.prefix.length > spec.maxPrefix + spec.childSize) throw new ProofError('inner prefix too long')
    if (op.suffix.length % spec.childSize !== 0) throw new ProofError('inner suffix malformed')
  })
}

const withLength = (b) => concat(varint(b.length), b)

function calculate(p) {
  if (p.key.length === 0) throw new ProofError('leaf without key')
  let h = sha256(concat(p.leaf.prefix, withLength(p.key), withLength(sha256(p.value))))
  for (const op of p.path) h = sha256(concat(op.prefix, h, op.suffix))
  return h
}

function verifyExistence(p, spec, root, key, value) {
  checkSpec(p, spec)
  if (!equal(p.key, key)) throw new ProofError('the proof is for another key')
  if (!equal(p.value, value)) throw new ProofError('the proof is for another value')
  if (!equal(calculate(p), root)) throw new ProofError('the proof does not lead to the root')
}

// Neighbour checks (two children per node: left prefix min..max, suffix one child).
const padding = (spec, branch) => ({ min: branch * spec.childSize + spec.minPrefix, max: branch * spec.childSize + spec.maxPrefix, suffix: (1 - branch) * spec.childSize })
const hasPadding = (op, pd) => op.prefix.length >= pd.min && op.prefix.length <= pd.max && op.suffix.length === pd.suffix
function order(spec, op) {
  for (const b of [0, 1]) if (hasPadding(op, padding(spec, b))) return b
  throw new ProofError('cannot find the branch of an inner op')
}
const leftMost = (spec, path) => path.every((op) => hasPadding(op, padding(spec, 0)))
const rightMost = (spec, path) => path.every((op) => hasPadding(op, padding(spec, 1)))
function leftNeighbor(spec, left, right) {
  left = [...left]
  right = [...right]
  let tl = left.pop()
  let tr = right.pop()
  while (tl && tr && equal(tl.prefix, tr.prefix) && equal(tl.suffix, tr.suffix)) {
    tl = left.pop()
    tr = right.pop()
  }
  if (!tl || !tr) return false
  return order(spec, tl) === 0 && order(spec, tr) === 1 && rightMost(spec, left) && leftMost(spec, right)
}

function verifyAbsence(n, spec, root, key) {
  if (!n.left && !n.right) throw new ProofError('absence proof without neighbours')
  if (n.left) {
    verifyExistence(n.left, spec, root, n.left.key, n.left.value)
    if (compare(key, n.left.key) <= 0) throw new ProofError('the key is not right of the left neighbour')
  }
  if (n.right) {
    verifyExistence(n.right, spec, root, n.right.key, n.right.value)
    if (compare(key, n.right.key) >= 0) throw new ProofError('the key is not left of the right neighbour')
  }
  if (!n.left && !leftMost(spec, n.right.path)) throw new ProofError('the right neighbour is not the left-most key')
  if (!n.right && !rightMost(spec, n.left.path)) throw new ProofError('the left neighbour is not the right-most key')
  if (n.left && n.right && !leftNeighbor(spec, n.left.path, n.right.path)) throw new ProofError('the neighbours are not adjacent')
}

const rootOf = (p) => calculate(p.exist || p.nonexist.left || p.nonexist.right)

// verifyStoreValue checks the node's proof ops (ics23:iavl then
// ics23:simple, as returned by an ABCI query with prove=true) that under
// appHash the module store storeName holds value at key, or, if value is
// null, that it holds nothing there.
export function verifyStoreValue(appHash, storeName, key, value, ops) {
  if (!ops || ops.length !== 2) throw new ProofError('the answer has no proof')
  if (ops[0].type !== 'ics23:iavl' || ops[1].type !== 'ics23:simple') throw new ProofError(`unexpected proof ops ${ops.map((o) => o.type)}`)
  const inner = parseProof(ops[0].data)
  const outer = parseProof(ops[1].data)
  if (!outer.exist) throw new ProofError('the store is not proven in the multistore')
  const storeRoot = rootOf(inner)
  verifyExistence(outer.exist, SIMPLE, appHash, new TextEncoder().encode(storeName), storeRoot)
  if (value === null) {
    if (!inner.nonexist) throw new ProofError('the key is claimed absent but the proof shows a value')
    verifyAbsence(inner.nonexist, IAVL, storeRoot, key)
  } else {
    if (!inner.exist) throw new ProofError('the key is proven absent')
    verifyExistence(inner.exist, IAVL, storeRoot, key, value)
  }
}
