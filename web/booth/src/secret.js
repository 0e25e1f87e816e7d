// A secret ballot, byte for byte as x/voting/secret and x/voting/README.md
// ("Secret ballots") specify: exponential ElGamal on ristretto255, a proof
// per option that it encrypts 0 or 1, a proof that the options' count is
// one the question allows, and the "civitas/ballot/v2-secret" sign bytes.
// The same byte stream gives the same bytes as the Go client (unit-tested
// against the README's vectors), so the chain checks what this page made.
//
// Benaloh's challenge: the page encrypts and shows the tracking code (the
// hash of the sign bytes, which binds every ciphertext) before the voter
// decides. Cast signs and sends it; spoil reveals the randomness, so the
// voter (or civitasd voting audit-ballot on another device) recomputes the
// ciphertexts from the choices and sees whether the page encrypted what
// was chosen. A spoiled ballot is never cast; the next one is fresh.
import { ristretto255 } from '@noble/curves/ed25519'
import { sha512 } from '@noble/hashes/sha512'
import { concat, hex, fromHex, toBase64, fromBase64 } from './proto.js'
import { signHeader, ballotHash, voterAddress } from './ballot.js'

const Point = ristretto255.Point
export const L = Point.Fn.ORDER
const G = Point.BASE
const mod = (x) => ((x % L) + L) % L

export const SECRET_SIGN_DOMAIN = 'civitas/ballot/v2-secret'
export const SPOILED_VERSION = 'civitas/spoiled-ballot/v1'
export const MAX_RANGE_BRANCHES = 64

export class SecretError extends Error {}

// Scalars: 32 bytes little-endian, canonical (< L).
function leToBig(b) {
  let x = 0n
  for (let i = b.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(b[i])
  return x
}
export function scalarBytes(s) {
  const out = new Uint8Array(32)
  let x = mod(s)
  for (let i = 0; i < 32; i++, x >>= 8n) out[i] = Number(x & 0xffn)
  return out
}
export function decodeScalar(b) {
  const s = leToBig(b)
  if (b.length !== 32 || s >= L) throw new SecretError('not a canonical scalar')
  return s
}
// fromUniform: 64 bytes reduced mod L (ristretto255's FromUniformBytes).
const fromUniform = (b) => mod(leToBig(b))

// randomScalar draws 64 bytes from rnd(n) (crypto.getRandomValues in the
// page; a deterministic stream in the test vectors).
export const randomScalar = (rnd) => fromUniform(rnd(64))
export const browserRandom = (n) => crypto.getRandomValues(new Uint8Array(n))

// mul: s·P with noble's constant-time ladder (s = 0 gives the identity):
// used for everything the voter's client computes from secrets, in both
// branches of a proof alike, so timing does not tell the real branch.
const mul = (p, s) => {
  s = mod(s)
  return s === 0n ? Point.ZERO : p.multiply(s)
}
// mulPub: for public scalars only (verification).
const mulPub = (p, s) => p.multiplyUnsafe(mod(s))
export const encodePoint = (p) => p.toBytes()
export function decodePoint(b) {
  if (!(b instanceof Uint8Array) || b.length !== 32) throw new SecretError('an element is 32 bytes')
  try {
    return Point.fromBytes(b)
  } catch {
    throw new SecretError('not a canonical ristretto255 element')
  }
}

// Transcripts (README, "Transcripts"): a domain, then length-prefixed parts.
const u32 = (n) => Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff)
function u64(n) {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(n))
  return b
}
class Transcript {
  constructor(domain) {
    this.parts = []
    this.bytes(new TextEncoder().encode(domain))
  }
  bytes(p) {
    this.parts.push(u32(p.length), p)
  }
  element(e) {
    this.bytes(e.toBytes())
  }
  uint64(v) {
    this.parts.push(u64(v))
  }
  get b() {
    return concat(...this.parts)
  }
  challenge() {
    return fromUniform(sha512(this.b))
  }
}

// Exponential ElGamal: A = r·G, B = m·G + r·K.
export function encrypt(K, m, r) {
  return { A: mul(G, r), B: [Point.ZERO, G][m].add(mul(K, r)) }
}
const ctBytes = (ct) => concat(ct.A.toBytes(), ct.B.toBytes())
const ctEqual = (c, d) => c.A.equals(d.A) && c.B.equals(d.B)
export const decodeCiphertext = (b) => {
  if (b.length !== 64) throw new SecretError('a ciphertext is 64 bytes')
  return { A: decodePoint(b.slice(0, 32)), B: decodePoint(b.slice(32)) }
}

function rangeChallenge(ctx, K, ct, lo, hi, p) {
  const t = new Transcript('civitas/secret-ballot/v1/range')
  t.bytes(ctx)
  t.element(K)
  t.element(ct.A)
  t.element(ct.B)
  t.uint64(lo)
  t.uint64(hi)
  for (let j = 0; j < p.A.length; j++) {
    t.element(p.A[j])
    t.element(p.B[j])
  }
  return t.challenge()
}

// proveRange: the disjunctive Chaum-Pedersen proof that ct = Enc(K, m, r)
// encrypts a value in [lo, hi], drawing randomness in the Go client's order.
export function proveRange(rnd, K, ct, m, r, lo, hi, ctx) {
  if (lo > hi || hi - lo >= MAX_RANGE_BRANCHES || m < lo || m > hi) throw new SecretError(`value ${m} outside [${lo}, ${hi}]`)
  const n = hi - lo + 1
  const real = m - lo
  const p = { A: new Array(n), B: new Array(n), C: new Array(n), Z: new Array(n) }
  let sum = 0n
  for (let j = 0; j < n; j++) {
    if (j === real) continue
    const c = randomScalar(rnd)
    const z = randomScalar(rnd)
    // a_j = z·G − c·A; b_j = z·K − c·B + (c·v_j)·G.
    p.A[j] = mul(G, z).subtract(mul(ct.A, c))
    p.B[j] = mul(K, z).subtract(mul(ct.B, c)).add(mul(G, c * BigInt(lo + j)))
    p.C[j] = c
    p.Z[j] = z
    sum = mod(sum + c)
  }
  const u = randomScalar(rnd)
  p.A[real] = mul(G, u)
  p.B[real] = mul(K, u)
  const c = rangeChallenge(ctx, K, ct, lo, hi, p)
  p.C[real] = mod(c - sum)
  p.Z[real] = mod(u + p.C[real] * r)
  return p
}

export const encodeRangeProof = (p) => concat(...p.A.flatMap((a, j) => [a.toBytes(), p.B[j].toBytes(), scalarBytes(p.C[j]), scalarBytes(p.Z[j])]))

export function decodeRangeProof(b) {
  if (b.length === 0 || b.length % 128 !== 0 || b.length / 128 > MAX_RANGE_BRANCHES) throw new SecretError('a range proof is 1 to 64 blocks of 128 bytes')
  const p = { A: [], B: [], C: [], Z: [] }
  for (let o = 0; o < b.length; o += 128) {
    p.A.push(decodePoint(b.slice(o, o + 32)))
    p.B.push(decodePoint(b.slice(o + 32, o + 64)))
    p.C.push(decodeScalar(b.slice(o + 64, o + 96)))
    p.Z.push(decodeScalar(b.slice(o + 96, o + 128)))
  }
  return p
}

// verifyRange checks one range proof (equation by equation: the page
// checks what it made before showing it; the chain batches).
export function verifyRange(K, ct, lo, hi, p, ctx) {
  const n = hi - lo + 1
  if (p.A.length !== n) return false
  let sum = 0n
  for (const c of p.C) sum = mod(sum + c)
  if (sum !== rangeChallenge(ctx, K, ct, lo, hi, p)) return false
  for (let j = 0; j < n; j++) {
    if (!mulPub(G, p.Z[j]).equals(p.A[j].add(mulPub(ct.A, p.C[j])))) return false
    const shifted = ct.B.subtract(mulPub(G, BigInt(lo + j)))
    if (!mulPub(K, p.Z[j]).equals(p.B[j].add(mulPub(shifted, p.C[j])))) return false
  }
  return true
}

// ballotContext: "civitas/ballot/v2-secret" ‖ chain id ‖ election ‖ voter
// address ‖ question, length-prefixed or 8-byte (secret.BallotContext).
export function ballotContext(chainID, electionID, voter, question) {
  const t = new Transcript(SECRET_SIGN_DOMAIN)
  t.bytes(new TextEncoder().encode(chainID))
  t.uint64(electionID)
  t.bytes(voter)
  t.uint64(question)
  return t.b
}
const optionContext = (ctx, i) => concat(ctx, new TextEncoder().encode('option'), u32(i))
const countContext = (ctx) => concat(ctx, new TextEncoder().encode('count'))

// countRange: the counts an encrypted answer proves (types.CountRange).
export function countRange(q) {
  if (q.type === 'BALLOT_TYPE_SINGLE') return [0, 1]
  if (q.type === 'BALLOT_TYPE_APPROVAL' || q.type === 'BALLOT_TYPE_BUDGET') {
    const lo = q.min_choices <= 1 ? 0 : q.min_choices
    const hi = q.max_choices
    if (hi < lo || hi - lo >= MAX_RANGE_BRANCHES) throw new SecretError(`a secret question allows at most ${MAX_RANGE_BRANCHES} counts`)
    return [lo, hi]
  }
  throw new SecretError(`${q.type} questions cannot be secret`)
}

// encryptSelection: one question's choices (0/1 per option), each option
// with its 0/1 proof, then the count proof; rs are the options' randomness.
export function encryptSelection(rnd, K, choices, lo, hi, ctx) {
  if (choices.length === 0 || hi < lo || hi > choices.length) throw new SecretError('not a valid question')
  const cts = []
  const proofs = []
  const rs = []
  let total = 0n
  let count = 0
  let sum = { A: Point.ZERO, B: Point.ZERO }
  choices.forEach((m, i) => {
    if (m !== 0 && m !== 1) throw new SecretError(`option ${i}: a choice is 0 or 1`)
    const r = randomScalar(rnd)
    const ct = encrypt(K, m, r)
    proofs.push(proveRange(rnd, K, ct, m, r, 0, 1, optionContext(ctx, i)))
    cts.push(ct)
    rs.push(r)
    total = mod(total + r)
    count += m
    sum = { A: sum.A.add(ct.A), B: sum.B.add(ct.B) }
  })
  if (count < lo || count > hi) throw new SecretError(`${count} options chosen, the question allows ${lo} to ${hi}`)
  const countProof = proveRange(rnd, K, sum, count, total, lo, hi, countContext(ctx))
  return { cts, proofs, countProof, rs }
}

// verifySelection: every option encrypts 0 or 1, and the count is allowed.
export function verifySelection(K, sel, lo, hi, ctx) {
  let sum = { A: Point.ZERO, B: Point.ZERO }
  for (let i = 0; i < sel.cts.length; i++) {
    if (!verifyRange(K, sel.cts[i], 0, 1, sel.proofs[i], optionContext(ctx, i))) return false
    sum = { A: sum.A.add(sel.cts[i].A), B: sum.B.add(sel.cts[i].B) }
  }
  return verifyRange(K, sum, lo, hi, sel.countProof, countContext(ctx))
}

const u16 = (n) => Uint8Array.of((n >> 8) & 0xff, n & 0xff)

// secretSignBytes (types.SecretSignBytes); answers are encoded answers:
// {ciphertexts: [64 bytes], option_proofs: [256 bytes], count_proof: bytes}.
export function secretSignBytes(chainID, electionID, pub, counter, answers) {
  const parts = [signHeader(SECRET_SIGN_DOMAIN, chainID, electionID, pub, counter, answers.length)]
  for (const a of answers) {
    parts.push(u16(a.ciphertexts.length))
    a.ciphertexts.forEach((c, j) => parts.push(c, a.option_proofs[j]))
    parts.push(u16(a.count_proof.length / 128), a.count_proof)
  }
  return concat(...parts)
}

// encryptBallot encrypts a voter's choices (per question, 0/1 per option)
// for election e (decoded by ballot.decodeElection: chain id, key,
// questions) and returns the encoded answers, the sign bytes, the ballot
// hash and the randomness (kept only until the voter casts or spoils).
export function encryptBallot(rnd, e, voter, counter, choices) {
  const K = decodePoint(e.electionKey)
  if (K.equals(Point.ZERO)) throw new SecretError('the election key is the identity')
  if (choices.length !== e.questions.length) throw new SecretError(`${choices.length} answers for ${e.questions.length} questions`)
  const answers = []
  const randomness = []
  e.questions.forEach((q, qi) => {
    const [lo, hi] = countRange(q)
    if (choices[qi].length !== q.options.length) throw new SecretError(`question ${qi + 1}: ${choices[qi].length} choices for ${q.options.length} options`)
    const ctx = ballotContext(e.chainId, e.id, voter.addrBytes, qi)
    const sel = encryptSelection(rnd, K, choices[qi], lo, hi, ctx)
    // The page checks what it made before it shows a tracking code.
    if (!verifySelection(K, sel, lo, hi, ctx)) throw new SecretError(`question ${qi + 1}: the page made a proof that does not verify`)
    answers.push({ ciphertexts: sel.cts.map(ctBytes), option_proofs: sel.proofs.map(encodeRangeProof), count_proof: encodeRangeProof(sel.countProof) })
    randomness.push(sel.rs)
  })
  const bytes = secretSignBytes(e.chainId, e.id, voter.pub, counter, answers)
  return { answers, bytes, hash: ballotHash(bytes), randomness, choices, counter }
}

// encryptedJSON: the answers as SignedBallot.encrypted_answers (protojson).
export const encryptedJSON = (answers) => answers.map((a) => ({
  ciphertexts: a.ciphertexts.map(toBase64),
  option_proofs: a.option_proofs.map(toBase64),
  count_proof: toBase64(a.count_proof),
}))

// spoiledRecord: what a spoiled ballot reveals, for audit-ballot or any
// other program (x/voting/README.md, "Spoiled ballots").
export function spoiledRecord(e, voter, enc) {
  return {
    version: SPOILED_VERSION,
    chain_id: e.chainId,
    election_id: String(e.id),
    voter_pub_key: toBase64(voter.pub),
    counter: enc.counter,
    election_key: hex(e.electionKey),
    encrypted_answers: encryptedJSON(enc.answers),
    choices: enc.choices,
    randomness: enc.randomness.map((rs) => rs.map((r) => hex(scalarBytes(r)))),
    ballot_hash: hex(enc.hash).toUpperCase(),
  }
}

// auditSpoiled checks a spoiled record against the proven election e: the
// record is for this chain, election and key; its proofs hold; every
// ciphertext is the encryption of its revealed choice with its revealed
// randomness; and its sign bytes hash to its ballot_hash. Returns the
// choices; throws on the first value that does not match. Run in the page
// that made the ballot, it is a self-check: the check that does not trust
// the page is civitasd voting audit-ballot --tracking-code on another device.
export function auditSpoiled(rec, e) {
  if (rec.version !== SPOILED_VERSION) throw new SecretError(`not a ${SPOILED_VERSION} record`)
  if (rec.chain_id !== e.chainId || String(rec.election_id) !== String(e.id)) throw new SecretError(`the record is for election ${rec.election_id} on ${rec.chain_id}`)
  if (rec.election_key !== hex(e.electionKey)) throw new SecretError(`the ballot was encrypted under another key (${rec.election_key})`)
  const K = decodePoint(e.electionKey)
  const answers = rec.encrypted_answers.map((a) => ({
    ciphertexts: a.ciphertexts.map(fromBase64),
    option_proofs: a.option_proofs.map(fromBase64),
    count_proof: fromBase64(a.count_proof),
  }))
  if (answers.length !== e.questions.length || rec.choices.length !== e.questions.length || rec.randomness.length !== e.questions.length) throw new SecretError('answers, choices and randomness differ in number from the questions')
  const voter = voterAddress(fromBase64(rec.voter_pub_key))
  answers.forEach((a, qi) => {
    const n = e.questions[qi].options.length
    if (a.ciphertexts.length !== n || a.option_proofs.length !== n || rec.choices[qi].length !== n || rec.randomness[qi].length !== n) throw new SecretError(`question ${qi + 1}: options, proofs, choices and randomness differ in number`)
    const [lo, hi] = countRange(e.questions[qi])
    const sel = { cts: a.ciphertexts.map(decodeCiphertext), proofs: a.option_proofs.map(decodeRangeProof), countProof: decodeRangeProof(a.count_proof) }
    if (!verifySelection(K, sel, lo, hi, ballotContext(e.chainId, e.id, voter, qi))) throw new SecretError(`question ${qi + 1}: the proofs do not hold`)
    sel.cts.forEach((ct, j) => {
      const m = rec.choices[qi][j]
      if (m !== 0 && m !== 1) throw new SecretError(`question ${qi + 1} option ${j + 1}: a choice is 0 or 1`)
      if (!ctEqual(ct, encrypt(K, m, decodeScalar(fromHex(rec.randomness[qi][j]))))) {
        throw new SecretError(`question ${qi + 1} option ${j + 1}: the ciphertext is not the encryption of ${m} with the revealed randomness`)
      }
    })
  })
  const bytes = secretSignBytes(rec.chain_id, rec.election_id, fromBase64(rec.voter_pub_key), rec.counter, answers)
  const h = hex(ballotHash(bytes)).toUpperCase()
  if (h !== String(rec.ballot_hash).toUpperCase()) throw new SecretError(`the ballot hashes to ${h}, not the tracking code ${rec.ballot_hash}`)
  return rec.choices
}
