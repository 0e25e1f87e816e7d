// Unit tests of the booth's byte-level code against the chain's published
// vectors (x/voting/README.md), run with node --test (no browser).
import test from 'node:test'
import assert from 'node:assert/strict'
import { signBytes, sign, ballotHash, keyFromFile, keyFromMnemonic, ballotStoreKey, trackingCode } from '../src/ballot.js'
import { merkleRoot, timestamp } from '../src/light.js'
import { hex, fromHex } from '../src/proto.js'
import { verifyStoreValue, ProofError } from '../src/ics23.js'

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
