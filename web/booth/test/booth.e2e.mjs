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
import { execFileSync, execFile, spawn } from 'node:child_process'
import { promisify } from 'node:util'
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
const run = promisify(execFile)

// included waits for a transaction and returns its response (code 0 asserted).
async function included(txHash) {
  for (let i = 0; i < 30; i++) {
    await sleep(1000)
    const r = await getJSON(`${api}/cosmos/tx/v1beta1/txs/${txHash}`).catch(() => ({}))
    if (r.tx_response) {
      assert.equal(r.tx_response.code, 0, r.tx_response.raw_log)
      return r.tx_response
    }
  }
  throw new Error(`transaction ${txHash} not included`)
}
const createdElection = (tx) => tx.events.find((e) => e.type === 'civitas.voting.v1.EventElectionCreated')
  .attributes.find((a) => a.key === 'election_id').value.replace(/"/g, '')

// tx broadcasts a transaction without blocking the page's event loop and
// waits for it: args after the module (tx voting … or voting trustee …).
async function tx(from, ...args) {
  const { stdout } = await run(bin, [...args, '--from', from, '--home', home, '--keyring-backend', 'test', '--node', rpc.replace(/^http/, 'tcp'),
    '--chain-id', 'civitas-local-1', '-y', '--output', 'json'], { encoding: 'utf8' })
  return included(JSON.parse(stdout.slice(stdout.indexOf('{'))).txhash)
}
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
const electionID = createdElection(await included(JSON.parse(txOut).txhash))
for (let i = 0; i < 60; i++) {
  const e = await getJSON(`${api}/civitas/voting/v1/elections/${electionID}`)
  if (e.election?.status === 'ELECTION_STATUS_OPEN') break
  await sleep(1000)
}
log('election', electionID, 'open')

// 2b. A secret election for the same fresh voter (registry census), with
// alice as its one trustee: the key ceremony runs while the public part is
// tested, in the background.
const secretTitle = `Secret booth test ${Date.now()}`
const secretReady = (async () => {
  const from = new Date(Date.now() + 70000)
  const created = await tx('carol', 'tx', 'voting', 'create-election', '2', secretTitle, iso(from), iso(end),
    '--questions', JSON.stringify({ title: 'Build the new library?', type: 'BALLOT_TYPE_SINGLE', options: [{ title: 'Yes' }, { title: 'No' }] }),
    '--census-type', 'registry', '--privacy', 'secret', '--threshold', '1', '--trustees', addr('alice'), '--max-revotes', '3')
  const id = createdElection(created)
  await tx('carol', 'tx', 'voting', 'set-voters', id, '--voters', JSON.stringify({ address: voter.address, weight: 1 }))
  const keyFile = path.join(tmp, 'trustee.json')
  await tx('alice', 'voting', 'trustee', 'register', id, '--key-file', keyFile)
  await tx('alice', 'voting', 'trustee', 'deal', id)
  await tx('alice', 'voting', 'trustee', 'check', id, '--key-file', keyFile)
  await tx('bob', 'tx', 'voting', 'finalize-key', id)
  for (let i = 0; i < 90; i++) {
    const e = await getJSON(`${api}/civitas/voting/v1/elections/${id}`)
    if (e.election?.status === 'ELECTION_STATUS_OPEN') return id
    await sleep(1000)
  }
  throw new Error(`secret election ${id} did not open`)
})()
secretReady.catch(() => {}) // awaited below

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

  // A secret election: encrypt, spoil and audit (in the page and with
  // civitasd voting audit-ballot on the downloaded record), encrypt again,
  // cast, and the proven record holds the ciphertexts cast.
  const secretID = await secretReady
  log('secret election', secretID, 'open with its key')
  await page.reload()
  await page.getByRole('button', { name: new RegExp(secretTitle) }).click()
  await page.getByRole('group', { name: 'Build the new library?' }).waitFor()
  assert.match(await page.locator('#secret-note').textContent(), /encrypts your choices/)
  await page.getByLabel('Yes').check()
  await page.getByLabel(/recovery phrase/).fill(mnemonic)
  await page.getByRole('button', { name: 'Encrypt my ballot' }).click()
  await page.locator('#pending-code').waitFor()
  const spoiledCode = await page.locator('#pending-code').textContent()
  await shot('09-secret-encrypted')
  await page.getByRole('button', { name: 'Spoil and audit it' }).focus()
  await page.keyboard.press('Enter')
  const spoiledStatus = page.locator('#spoiled-status')
  await spoiledStatus.waitFor()
  assert.equal(await spoiledStatus.getAttribute('class'), 'good', await spoiledStatus.textContent())
  assert.match(await spoiledStatus.textContent(), new RegExp(`Spoiled ballot ${spoiledCode} held: Yes\\.`))
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the spoiled ballot' }).click()])
  const spoiledFile = path.join(tmp, 'spoiled.json')
  await download.saveAs(spoiledFile)
  assert.match(await page.locator('#spoiled').textContent(), /audit-ballot FILE --tracking-code CODE/)
  await shot('10-secret-spoiled-audited')
  const audit = (await run(bin, ['voting', 'audit-ballot', spoiledFile, '--tracking-code', spoiledCode, '--node', rpc.replace(/^http/, 'tcp')], { encoding: 'utf8' })).stdout
  assert.match(audit, /question 1 "Build the new library\?": Yes/)
  assert.match(audit, /audit passed/)
  assert.match(audit, /not cast: the chain counts no ballot of this voter/)
  assert.ok(audit.includes(`tracking code ${spoiledCode}`), audit)
  log('spoiled ballot audited by civitasd:', audit.trim().split('\n').pop())

  await page.getByRole('button', { name: 'Encrypt my ballot' }).click()
  await page.waitForFunction((old) => document.querySelector('#pending-code') && document.querySelector('#pending-code').textContent !== old, spoiledCode)
  const castCode = await page.locator('#pending-code').textContent()
  await page.getByRole('button', { name: 'Cast this encrypted ballot' }).click()
  await page.locator('#verify-status').filter({ hasText: /Verified|Not verified/ }).waitFor({ timeout: 60000 })
  await shot('11-secret-cast-verified')
  assert.equal(await page.locator('#verify-status').getAttribute('class'), 'good', await page.locator('#verify-status').textContent())
  assert.match(await page.locator('#proven-choices').textContent(), /holds your encrypted ballot exactly as cast \(2 ciphertexts/)
  assert.equal(await page.locator('#tracking-code').textContent(), castCode)
  const secretReceipt = await getJSON(`${api}/civitas/voting/v1/elections/${secretID}/receipts/${voter.address}`)
  assert.equal(Buffer.from(secretReceipt.receipt.ballot_hash, 'base64').toString('hex').toUpperCase(), castCode.replace(/ /g, ''))
  const ballotJSON = JSON.stringify(secretReceipt)
  assert.ok(!ballotJSON.includes('"choices":[0') && !ballotJSON.includes('"choices":[1'), 'no choice in the clear on the chain')
  const reaudit = (await run(bin, ['voting', 'audit-ballot', spoiledFile, '--tracking-code', spoiledCode, '--node', rpc.replace(/^http/, 'tcp')], { encoding: 'utf8' })).stdout
  assert.ok(reaudit.includes(`not cast: the counted ballot of this voter is ${castCode}`), reaudit)
  assert.equal(await page.getByLabel('Yes').isChecked(), false, 'the choice is cleared after casting')
  log('secret ballot cast and verified, tracking code', castCode)

  // Through the lying node: the proof of a new ballot does not check, in red.
  const page2 = await ctx.newPage()
  await page2.goto(lying)
  await page2.getByRole('button', { name: 'Trust the current validator set' }).click() // another origin: its own trust
  await page2.locator('#trust-status').filter({ hasText: 'Trusted validator set' }).waitFor()
  // An altered proof of the election itself: the ballot is not even shown.
  await page2.getByRole('button', { name: new RegExp(title) }).click()
  await page2.getByRole('alert').filter({ hasText: 'Not verified' }).waitFor()
  await page2.screenshot({ path: path.join(out, '07-tampered-election-red.png'), fullPage: true })
  // The ballots' proofs altered: the counter (read with its proof) is refused, nothing is signed.
  tamperPrefix = 'data=0x06'
  await page2.getByRole('button', { name: new RegExp(title) }).click()
  await page2.getByLabel('Riverside').check()
  await page2.getByLabel(/recovery phrase/).fill(mnemonic)
  await page2.getByLabel(/census proof/).setInputFiles(path.join(tmp, 'census.json'))
  await page2.getByRole('button', { name: 'Sign and cast my ballot' }).click()
  await page2.locator('#ballot-error').filter({ hasText: /proof|root|value/ }).waitFor()
  assert.equal(await page2.locator('#receipt').count(), 0, 'nothing relayed')
  // Honest while the page reads the counter; altered once the ballot is relayed.
  tamperPrefix = 'none'
  await page2.getByRole('button', { name: 'Sign and cast my ballot' }).click()
  await page2.locator('#relay-status').waitFor()
  tamperPrefix = 'data=0x06'
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
