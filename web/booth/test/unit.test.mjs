// Unit tests of the booth's byte-level code against the chain's published
// vectors (x/voting/README.md), run with node --test (no browser).
import test from 'node:test'
import assert from 'node:assert/strict'
import { signBytes, sign, ballotHash, keyFromFile, keyFromMnemonic, ballotStoreKey, trackingCode } from '../src/ballot.js'
import { merkleRoot, timestamp } from '../src/light.js'
import { hex, fromHex, concat } from '../src/proto.js'
import { verifyStoreValue, ProofError } from '../src/ics23.js'
import { encrypt, proveRange, verifyRange, encodeRangeProof, decodeRangeProof, randomScalar, encryptBallot, spoiledRecord, auditSpoiled, browserRandom } from '../src/secret.js'
import { ristretto255 } from '@noble/curves/ed25519'
import { sha256 } from '@noble/hashes/sha256'

test('sign bytes, ballot hash and signature match the README vector', () => {
  const key = keyFromFile('00'.repeat(31) + '01')
  assert.equal(hex(key.pub), '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798')
  assert.equal(hex(key.addrBytes), '751e76e8199196d454941c45d1b3a323f1433bd6')
  const bytes = signBytes('civitas-1', 7, key.pub, 2, [
    { choices: [1], weights: [] },
    { choices: [0, 2], weights: [2500, 7500] },
    { choices: [], weights: [] },
  ])
  assert.equal(hex(bytes), ('636976697461732f62616c6c6f742f7631 09 636976697461732d31 0000000000000007 ' +
    '0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798 00000002 0003 ' +
    '0001 0001 0000   0002 0000 0002 0002 000009c4 00001d4c   0000 0000').replace(/\s+/g, ''))
  assert.equal(hex(ballotHash(bytes)), 'aae07a7f5dc70b7e588f94a8a251e53ec384e68f82ec148a6ffa66d99c062f2b')
  assert.equal(hex(sign(key.priv, bytes)), 'e49ece8d03c21d6e1030ab22cfa1c270a97c1589a4391613c9f030c778b6f0d8' +
    '5cc3600236bdaa82c780820e5e7b7816945d06659661e8178764208a9cfa1f05')
  assert.equal(trackingCode(ballotHash(bytes)).slice(0, 9), 'AAE0 7A7F')
  assert.equal(hex(ballotStoreKey(7, key.addrBytes)), '060000000000000007751e76e8199196d454941c45d1b3a323f1433bd6')
})

test('a mnemonic gives the key civitasd keys add derives', () => {
  // The localnet's public demo mnemonic of alice (scripts/localnet.sh) and her address.
  const k = keyFromMnemonic('moral motion live great hard hire series flight only swing quality rare daughter general amazing girl someone december taxi enroll auto brick onion  DUST ')
  assert.equal(k.address, 'civ1pkq0wxs7aexdtmxsdkdtyev29wnssyhx830t58')
  assert.throws(() => keyFromMnemonic('not a mnemonic'), /mnemonic/)
  assert.throws(() => keyFromFile('12'), /keyfile/)
})

test('RFC 6962 tree hash as CometBFT merkle.HashFromByteSlices', () => {
  // The census README vector uses the same tree: leaves and nodes with 0x00/0x01 prefixes.
  assert.equal(hex(merkleRoot([])), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
  const leaf = (b, w) => new Uint8Array([20, ...new Array(20).fill(b), 0, 0, 0, 0, 0, 0, 0, w])
  assert.equal(hex(merkleRoot([leaf(1, 1), leaf(2, 2), leaf(3, 3)])), '6bce5d451468e630996c744296c3b613c150788b0a279d3f4cb37890ab56ef9d')
  assert.equal(hex(timestamp('1970-01-01T00:00:01.5Z')), '080110' + '80cab5ee01')
})

test('a proof without ops or with unknown ops is refused', () => {
  assert.throws(() => verifyStoreValue(new Uint8Array(32), 'voting', fromHex('06'), null, []), ProofError)
  assert.throws(() => verifyStoreValue(new Uint8Array(32), 'voting', fromHex('06'), null, [{ type: 'x', data: new Uint8Array() }, { type: 'y', data: new Uint8Array() }]), ProofError)
})

// drbg: SHA-256(seed ‖ counter), counter 8 bytes big-endian (the Go vector tests' stream).
function drbg(seed) {
  let n = 0n
  let buf = new Uint8Array()
  return (len) => {
    while (buf.length < len) {
      const c = new Uint8Array(8)
      new DataView(c.buffer).setBigUint64(0, n++)
      buf = concat(buf, sha256(concat(new TextEncoder().encode(seed), c)))
    }
    const out = buf.slice(0, len)
    buf = buf.slice(len)
    return out
  }
}

test('ElGamal encryption and its 0/1 proof match the README vector (secret.TestVectors)', () => {
  const K = ristretto255.Point.BASE.multiply(7n)
  assert.equal(hex(K.toBytes()), '44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d')
  const rnd = drbg('civitas test vector')
  const r = randomScalar(rnd)
  const ct = encrypt(K, 1, r)
  assert.equal(hex(concat(ct.A.toBytes(), ct.B.toBytes())), 'a88170d6aabc4b6ff663e0d83ee5574ecc9807ebcf8b38121d18787f7f5a3279664ceb8af4e0e16fca4c8222a2255f3b9b48a268913eee5e780b6cba6d9e1667')
  const ctx = new TextEncoder().encode('vector')
  const p = proveRange(rnd, K, ct, 1, r, 0, 1, ctx)
  assert.equal(hex(sha256(encodeRangeProof(p))), '0f116a5439d09e8a4a88bf9ea09e0f7ff84d485fc58a74c3adf83f4a7feabfcb')
  assert.ok(verifyRange(K, ct, 0, 1, p, ctx))
  assert.ok(!verifyRange(K, ct, 0, 1, p, new TextEncoder().encode('vectors')), 'another place')
  const q = decodeRangeProof(encodeRangeProof(p))
  q.Z[0] = q.Z[0] + 1n
  assert.ok(!verifyRange(K, ct, 0, 1, q, ctx), 'a changed response')
})

const vectorElection = {
  id: '7', chainId: 'civitas-1', electionKey: ristretto255.Point.BASE.multiply(7n).toBytes(),
  questions: [
    { type: 'BALLOT_TYPE_SINGLE', options: [{}, {}, {}], min_choices: 0, max_choices: 0 },
    { type: 'BALLOT_TYPE_APPROVAL', options: [{}, {}, {}, {}], min_choices: 1, max_choices: 2 },
  ],
}

test('a whole secret ballot matches the Go client byte for byte (secret.TestSecretBallotVector)', () => {
  const voter = keyFromFile('00'.repeat(31) + '01')
  const enc = encryptBallot(drbg('civitas ballot vector'), vectorElection, voter, 1, [[0, 1, 0], [1, 0, 0, 1]])
  assert.equal(enc.bytes.length, 24 + 1 + 9 + 8 + 33 + 4 + 2 + (2 + 3 * 320 + 2 + 2 * 128) + (2 + 4 * 320 + 2 + 3 * 128))
  assert.equal(hex(enc.hash), '9ed2850a533b05ab3bb85ba92f7add41833dfc7a0e4c23e5136f09f1176ca35f')
})

test('a question of 2 to 3 choices among 5, election id 2^64-1, counter 2^32-1', () => {
  const e = { ...vectorElection, id: '18446744073709551615', questions: [{ type: 'BALLOT_TYPE_APPROVAL', options: [{}, {}, {}, {}, {}], min_choices: 2, max_choices: 3 }] }
  const voter = keyFromFile('00'.repeat(31) + '03')
  const enc = encryptBallot(browserRandom, e, voter, 4294967295, [[1, 0, 1, 1, 0]])
  assert.deepEqual(auditSpoiled(spoiledRecord(e, voter, enc), e), [[1, 0, 1, 1, 0]])
  assert.throws(() => encryptBallot(browserRandom, e, voter, 1, [[1, 0, 0, 0, 0]]), /1 options chosen, the question allows 2 to 3/)
})

test('a spoiled ballot audits; a ciphertext of another choice or a changed code does not', () => {
  const voter = keyFromFile('00'.repeat(31) + '02')
  const enc = encryptBallot(browserRandom, vectorElection, voter, 3, [[0, 0, 1], [0, 1, 1, 0]])
  const rec = spoiledRecord(vectorElection, voter, enc)
  const copy = () => JSON.parse(JSON.stringify(rec))
  assert.deepEqual(auditSpoiled(copy(), vectorElection), [[0, 0, 1], [0, 1, 1, 0]])
  const lie = copy()
  lie.choices[0] = [1, 0, 0] // the page encrypted option 3 but shows option 1
  assert.throws(() => auditSpoiled(lie, vectorElection), /question 1 option 1: the ciphertext is not the encryption of 1/)
  const other = copy()
  other.ballot_hash = '00' + other.ballot_hash.slice(2)
  assert.throws(() => auditSpoiled(other, vectorElection), /not the tracking code/)
  // Encrypted under another key than the proven election's: refused, even if self-consistent.
  const otherKey = { ...vectorElection, electionKey: ristretto255.Point.BASE.multiply(9n).toBytes() }
  const rec9 = spoiledRecord(otherKey, voter, encryptBallot(browserRandom, otherKey, voter, 3, [[0, 0, 1], [0, 1, 1, 0]]))
  assert.throws(() => auditSpoiled(rec9, vectorElection), /another key/)
  const swapped = copy()
  swapped.encrypted_answers[0].option_proofs.reverse()
  assert.throws(() => auditSpoiled(swapped, vectorElection), /question 1: the proofs do not hold/)
  assert.throws(() => encryptBallot(browserRandom, vectorElection, voter, 1, [[0, 1, 1], [1, 0, 0, 0]]), /2 options chosen, the question allows 0 to 1/)
})
