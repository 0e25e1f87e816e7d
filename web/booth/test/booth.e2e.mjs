// End-to-end test of the booth in Debian's Chromium (playwright-core)
// against a real civitasd localnet (scripts/test-booth.sh starts it):
// a fresh voter with a Merkle census proof votes, sees the receipt and a
// proof that verifies; changes the vote; then, through a test proxy that
// alters the node's proofs, the same check is flagged red. Screenshots of
// each step go to test-results/.
//
// Environment: CIVITASD (binary), HOME0 (node home with the demo keys),
// RPC, API (the node), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core'
import { execFileSync, spawn } from 'node:child_process'
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import assert from 'node:assert/strict'
import { generateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english'
import { keyFromMnemonic } from '../src/ballot.js'

const here = path.dirname(new URL(import.meta.url).pathname)
const out = path.join(here, '..', 'test-results')
fs.rmSync(out, { recursive: true, force: true })
fs.mkdirSync(out, { recursive: true })
const env = (k, d) => process.env[k] || d
const bin = env('CIVITASD', path.join(here, '../../../build/civitasd'))
const home = env('HOME0', path.join(here, '../../../.localnet/node0'))
const rpc = env('RPC', 'http://127.0.0.1:26657')
const api = env('API', 'http://127.0.0.1:1317')
const log = (...a) => console.log('[booth-e2e]', ...a)

function cli(...args) {
  const node = args[0] === 'tx' ? ['--node', rpc.replace(/^http/, 'tcp')] : []
  return execFileSync(bin, [...args, '--home', home, '--keyring-backend', 'test', ...node], { encoding: 'utf8' })
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
async function getJSON(url) {
  const r = await fetch(url)
  return r.json()
}

// 1. A fresh voter (a mnemonic made now), in a Merkle census with two demo accounts.
const mnemonic = generateMnemonic(wordlist, 256)
const voter = keyFromMnemonic(mnemonic)
const tmp = fs.mkdtempSync('/tmp/booth-e2e-')
const addr = (name) => cli('keys', 'show', name, '-a').trim()
fs.writeFileSync(path.join(tmp, 'voters.csv'), `address,weight\n${voter.address},2\n${addr('alice')},1\n${addr('bob')},1\n`)
execFileSync(bin, ['voting', 'census', 'build', path.join(tmp, 'voters.csv'), '--out', path.join(tmp, 'census.json')])
const census = JSON.parse(fs.readFileSync(path.join(tmp, 'census.json'), 'utf8'))
log('fresh voter', voter.address, 'census root', census.root)

// 2. carol (election officer of agency 2) opens an election with that census.
const start = new Date(Date.now() + 8000)
const end = new Date(Date.now() + 30 * 60000)
const iso = (d) => d.toISOString().replace(/\.\d+Z$/, 'Z')
const title = `Booth test ${Date.now()}`
const txOut = cli('tx', 'voting', 'create-election', '2', title, iso(start), iso(end),
  '--questions', JSON.stringify({ title: 'Which park first?', type: 'BALLOT_TYPE_SINGLE', options: [{ title: 'Riverside' }, { title: 'Hillside' }] }),
  '--census-type', 'merkle', '--merkle-root', census.root, '--merkle-voters', String(census.voters), '--merkle-total-weight', String(census.total_weight),
  '--max-revotes', '3', '--from', 'carol', '--chain-id', 'civitas-local-1', '-y', '--output', 'json')
const txHash = JSON.parse(txOut).txhash
let electionID
for (let i = 0; i < 30 && !electionID; i++) {
  await sleep(1000)
  const r = await getJSON(`${api}/cosmos/tx/v1beta1/txs/${txHash}`).catch(() => ({}))
  if (r.tx_response) {
    assert.equal(r.tx_response.code, 0, r.tx_response.raw_log)
    const ev = r.tx_response.events.find((e) => e.type === 'civitas.voting.v1.EventElectionCreated')
    electionID = ev.attributes.find((a) => a.key === 'election_id').value.replace(/"/g, '')
  }
}
assert.ok(electionID, 'the election was created')
for (let i = 0; i < 60; i++) {
  const e = await getJSON(`${api}/civitas/voting/v1/elections/${electionID}`)
  if (e.election?.status === 'ELECTION_STATUS_OPEN') break
  await sleep(1000)
}
log('election', electionID, 'open')

// 3. Two booths: one honest; one whose node is behind a proxy that alters
// the proofs of the store keys starting with tamperPrefix.
let tamperPrefix = 'data=0x02' // the election record
const tamper = http.createServer(async (req, res) => {
  let body = ''
  for await (const c of req) body += c
  const r = await fetch(rpc + req.url, { method: req.method, headers: { 'content-type': 'application/json' }, body: req.method === 'POST' ? body : undefined })
  let text = await r.text()
  if (req.url.startsWith('/abci_query') && req.url.includes(tamperPrefix)) {
    const j = JSON.parse(text)
    const op = j.result?.response?.proofOps?.ops?.[0]
    if (op) {
      const b = Buffer.from(op.data, 'base64')
      b[b.length - 1] ^= 0x01 // one bit of the IAVL proof
      op.data = b.toString('base64')
      text = JSON.stringify(j)
    }
  }
  res.writeHead(r.status, { 'content-type': 'application/json' })
  res.end(text)
})
await new Promise((r) => tamper.listen(0, '127.0.0.1', r))
const tamperURL = `http://127.0.0.1:${tamper.address().port}`

const servers = []
function serve(port, rpcURL) {
  const p = spawn(process.execPath, [path.join(here, '../serve.mjs'), '--port', String(port), '--rpc', rpcURL, '--api', api, '--civitasd', bin, '--home', home, '--relayer', 'dave'], { stdio: ['ignore', 'pipe', 'inherit'] })
  servers.push(p)
  return new Promise((resolve) => {
    let seen = ''
    p.stdout.on('data', (d) => {
      seen += d
      if (seen.includes('booth at')) resolve(`http://127.0.0.1:${port}/booth/`)
    })
  })
}
const honest = await serve(Number(env('BOOTH_PORT', 18080)), rpc)
const lying = await serve(Number(env('BOOTH_PORT', 18080)) + 1, tamperURL)

const browser = await chromium.launch({
  executablePath: env('CHROMIUM', '/usr/bin/chromium'),
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
let failed = false
try {
  const ctx = await browser.newContext({ viewport: { width: 320, height: 900 } })
  const page = await ctx.newPage()
  page.on('pageerror', (e) => log('page error', e.message))
  const shot = (name) => page.screenshot({ path: path.join(out, `${name}.png`), fullPage: true })

  const t0 = Date.now()
  await page.goto(honest)
  await page.getByRole('button', { name: 'Trust the current validator set' }).waitFor()
  log('time to first render', Date.now() - t0, 'ms')
  await shot('01-start')
  // Keyboard only: tab to the trust button and press Enter.
  await page.getByRole('button', { name: 'Trust the current validator set' }).focus()
  await page.keyboard.press('Enter')
  await page.locator('#trust-status').filter({ hasText: 'Trusted validator set' }).waitFor()
  const noScroll = await page.evaluate(() => document.documentElement.scrollWidth <= 320)
  assert.ok(noScroll, 'no horizontal scrolling at 320 px')

  await page.getByRole('button', { name: new RegExp(title) }).click()
  await page.getByRole('group', { name: 'Which park first?' }).waitFor()
  await shot('02-ballot')
  // Nothing chosen: a precise error, nothing sent.
  await page.getByLabel(/recovery phrase/).fill(mnemonic)
  await page.getByRole('button', { name: 'Sign and cast my ballot' }).click()
  await page.locator('#ballot-error').filter({ hasText: 'Question 1' }).waitFor()
  await page.getByLabel('Riverside').check()
  await page.getByLabel(/census proof/).setInputFiles(path.join(tmp, 'census.json'))
  await page.getByRole('button', { name: 'Sign and cast my ballot' }).click()
  await page.locator('#tracking-code').waitFor()
  await shot('03-receipt')
  const status = page.locator('#verify-status')
  await status.filter({ hasText: /Verified|Not verified/ }).waitFor({ timeout: 60000 })
  await shot('04-verified')
  assert.match(await status.textContent(), /Verified: your ballot is in the chain’s state at height \d+/)
  assert.equal(await status.getAttribute('class'), 'good')
  assert.match(await page.locator('#proven-choices').textContent(), /holds your choice: Riverside/)
  const code = (await page.locator('#tracking-code').textContent()).replace(/ /g, '').toLowerCase()
  const receipt = await getJSON(`${api}/civitas/voting/v1/elections/${electionID}/receipts/${voter.address}`)
  assert.equal(Buffer.from(receipt.receipt.ballot_hash, 'base64').toString('hex'), code, 'the tracking code is the receipt’s ballot hash')
  log('voted and verified, tracking code', code)

  // A revote: Hillside instead; counter 2, verified again.
  await page.getByLabel('Hillside').check()
  await page.getByRole('button', { name: 'Change my vote' }).click()
  await page.waitForFunction((old) => document.querySelector('#tracking-code')?.textContent.replace(/ /g, '').toLowerCase() !== old, code, { timeout: 30000 })
  await status.filter({ hasText: /Verified|Not verified/ }).waitFor({ timeout: 60000 })
  assert.equal(await status.getAttribute('class'), 'good', await status.textContent())
  const code2 = (await page.locator('#tracking-code').textContent()).replace(/ /g, '').toLowerCase()
  assert.notEqual(code2, code)
  assert.match(await page.locator('#proven-choices').textContent(), /holds your choice: Hillside/)
  await shot('05-revote-verified')

  // Estonian: the same page, every string from the other language.
  await page.getByLabel('Language').selectOption('et')
  await page.getByRole('heading', { name: 'Civitase valimiskabiin' }).waitFor()
  await shot('06-estonian')
  await page.getByLabel('Keel').selectOption('en')

  // Through the lying node: the proof of a new ballot does not check, in red.
  const page2 = await ctx.newPage()
  await page2.goto(lying)
  await page2.getByRole('button', { name: 'Trust the current validator set' }).click() // another origin: its own trust
  await page2.locator('#trust-status').filter({ hasText: 'Trusted validator set' }).waitFor()
  // An altered proof of the election itself: the ballot is not even shown.
  await page2.getByRole('button', { name: new RegExp(title) }).click()
  await page2.getByRole('alert').filter({ hasText: 'Not verified' }).waitFor()
  await page2.screenshot({ path: path.join(out, '07-tampered-election-red.png'), fullPage: true })
  tamperPrefix = 'data=0x06' // now the ballots'
  await page2.getByRole('button', { name: new RegExp(title) }).click()
  await page2.getByLabel('Riverside').check()
  await page2.getByLabel(/recovery phrase/).fill(mnemonic)
  await page2.getByLabel(/census proof/).setInputFiles(path.join(tmp, 'census.json'))
  await page2.getByRole('button', { name: 'Sign and cast my ballot' }).click()
  const status2 = page2.locator('#verify-status')
  await status2.filter({ hasText: /Verified|Not verified/ }).waitFor({ timeout: 60000 })
  await page2.screenshot({ path: path.join(out, '08-tampered-ballot-proof-red.png'), fullPage: true })
  assert.match(await status2.textContent(), /Not verified: .*(root|value|proof)/)
  assert.equal(await status2.getAttribute('class'), 'bad')
  log('tampered proof flagged:', await status2.textContent())
} catch (e) {
  failed = true
  console.error(e)
} finally {
  await browser.close()
  for (const s of servers) s.kill()
  tamper.close()
}
log(failed ? 'FAILED' : 'passed', '; screenshots in', out)
process.exit(failed ? 1 : 0)
