// Time to encrypt a secret ballot in the booth (node bench: node test/bench.mjs):
// a single-choice question of 2, 4 and 8 options; encryption, proofs and
// the page's own check of them, as encryptBallot does before a tracking code.
import { encryptBallot, browserRandom } from '../src/secret.js'
import { keyFromFile } from '../src/ballot.js'
import { ristretto255 } from '@noble/curves/ed25519'
const voter = keyFromFile('00'.repeat(31) + '01')
const mk = (n) => ({ id: '7', chainId: 'civitas-1', electionKey: ristretto255.Point.BASE.multiply(7n).toBytes(), questions: [{ type: 'BALLOT_TYPE_SINGLE', options: Array.from({ length: n }, () => ({})), min_choices: 0, max_choices: 0 }] })
for (const n of [2, 4, 8]) {
  const e = mk(n); const ch = [Array.from({ length: n }, (_, i) => (i === 1 ? 1 : 0))]
  encryptBallot(browserRandom, e, voter, 1, ch)
  const t0 = performance.now(); const N = 10
  for (let i = 0; i < N; i++) encryptBallot(browserRandom, e, voter, 1, ch)
  console.log(`${n} options: ${((performance.now() - t0) / N).toFixed(1)} ms (encrypt, prove, self-check)`)
}
