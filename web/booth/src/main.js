// The booth's page: choose an election, answer, sign with your own key,
// relay, then check the ballot's inclusion against consensus in this page.
import './style.css'
import { strings } from './i18n.js'
import * as api from './api.js'
import { keyFromMnemonic, keyFromFile, signBytes, sign, signedBallot, ballotHash, trackingCode, ballotStoreKey, censusProofFor, KeyError, electionStoreKey, decodeElection, decodeBallotAnswers } from './ballot.js'
import { verifySignedHeader, validatorSetHash, checkValidators } from './light.js'
import { verifyStoreValue } from './ics23.js'
import { decode, one, all, hex, equal, fromBase64 as fromB64 } from './proto.js'
import { encryptBallot, encryptedJSON, spoiledRecord, auditSpoiled, browserRandom } from './secret.js'

const state = { lang: localStorage.getItem('civitas.lang') || (navigator.language || 'en').slice(0, 2), config: null, trusted: null, elections: [], election: null, key: null, census: null, last: null, pending: null, spoiled: null, counters: {} }
if (!strings[state.lang]) state.lang = 'en'
const t = () => strings[state.lang]

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag)
  for (const [k, v] of Object.entries(attrs)) {
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v)
    else if (v === true) el.setAttribute(k, '')
    else if (v !== false && v != null) el.setAttribute(k, v)
  }
  for (const c of children.flat()) if (c != null) el.append(c instanceof Node ? c : String(c))
  return el
}

const app = document.getElementById('app')
const short = (x) => hex(x).toUpperCase()

function trustKey() {
  return `civitas.trusted.${state.config.chainId}`
}

// A trusted set is kept at most a week (well under the unbonding period):
// after that, the voter trusts the current set again, against the pin.
const TRUSTING_PERIOD_MS = 7 * 24 * 3600 * 1000
// A proof is read under a header at most this old, so a node cannot hide newer state.
const MAX_AGE_MS = 2 * 60 * 1000

async function trustCurrentSet() {
  const vs = await api.validators(await api.latestHeight())
  checkValidators(vs.validators)
  const hash = short(validatorSetHash(vs.validators))
  const want = String(state.config.trustedValidatorsHash || '').toUpperCase()
  if (want !== hash) throw new Error(t().trustMismatch(want || '(none published)', hash))
  state.trusted = { hash, height: vs.height, at: Date.now(), validators: vs.validators.map((v) => ({ address: v.address, pub_key: v.pub_key, voting_power: v.voting_power })) }
  localStorage.setItem(trustKey(), JSON.stringify(state.trusted))
}

// loadTrusted keeps a stored set only if it still hashes to the pinned
// hash and is within the trusting period.
function loadTrusted() {
  try {
    const t0 = JSON.parse(localStorage.getItem(trustKey()))
    if (!t0) return null
    checkValidators(t0.validators)
    const ok = short(validatorSetHash(t0.validators)) === String(state.config.trustedValidatorsHash).toUpperCase() && Date.now() - t0.at < TRUSTING_PERIOD_MS
    return ok ? t0 : null
  } catch {
    return null
  }
}

// provenRead reads key of a module store at a height h whose successor
// header this page checks (chain, height, signatures, age), and checks the
// value's proof against that header's app hash. atLeast: the lowest h.
async function provenRead(store, key, atLeast = 0) {
  let h = (await api.latestHeight()) - 1
  for (let i = 0; h < atLeast && i < 30; i++) {
    await new Promise((r) => setTimeout(r, 500))
    h = (await api.latestHeight()) - 1
  }
  const c = await api.commit(h + 1)
  const head = verifySignedHeader(state.config.chainId, c.signed_header, state.trusted, h + 1)
  if (Date.now() - Date.parse(head.time) > MAX_AGE_MS) throw new Error(`the newest header (${head.time}) is more than 2 minutes old: newer state may be hidden`)
  const q = await api.storeQuery(store, key, h)
  if (q.height !== h) throw new Error(`the node answered at height ${q.height}, not ${h}`)
  verifyStoreValue(head.appHash, store, key, q.value, q.ops)
  return { value: q.value, height: h, head }
}

function trustSection() {
  const s = t()
  const status = h('p', { id: 'trust-status' }, state.trusted ? s.trustSet(state.trusted.hash, state.trusted.validators.length) : s.trustNone)
  const err = h('p', { class: 'error', role: 'alert' })
  const btn = h('button', { type: 'button', id: 'trust', onclick: async () => {
    err.textContent = ''
    try {
      await trustCurrentSet()
      render()
    } catch (e) {
      err.textContent = e.message
    }
  } }, s.trustButton)
  return h('section', { 'aria-labelledby': 'trust-h' }, h('h2', { id: 'trust-h' }, s.trustHeading), status, state.trusted ? null : btn, err)
}

function electionsSection() {
  const s = t()
  const open = state.elections.filter((e) => e.status === 'ELECTION_STATUS_OPEN')
  return h('section', { 'aria-labelledby': 'el-h' },
    h('h2', { id: 'el-h' }, s.electionsHeading),
    open.length === 0 ? h('p', {}, s.noElections) : h('ul', { class: 'elections' }, open.map((e) =>
      h('li', {}, h('button', { type: 'button', class: 'election', 'data-id': e.id, 'aria-pressed': String(state.election?.id === e.id), disabled: !state.trusted, onclick: async () => {
        // What the voter reads is the proven election, not the gateway's list.
        try {
          const p = await provenRead('voting', electionStoreKey(e.id))
          if (!p.value) throw new Error(`election ${e.id} is proven absent`)
          state.election = decodeElection(p.value)
          state.electionError = null
        } catch (x) {
          state.election = null
          state.electionError = x.message
        }
        state.last = null
        state.census = null
        state.pending = null
        state.spoiled = null
        render()
        document.getElementById('ballot-h')?.focus()
      } }, `${e.title} (#${e.id}, ${s.electionStatus(e.status)})`)))),
    state.electionError ? h('p', { class: 'bad', role: 'alert' }, s.notVerified(state.electionError)) : null)
}

function questionFieldset(q, qi) {
  const s = t()
  const single = q.type === 'BALLOT_TYPE_SINGLE'
  const multi = q.type === 'BALLOT_TYPE_APPROVAL' || q.type === 'BALLOT_TYPE_BUDGET'
  const hint = single ? s.choose1 : s.chooseN(q.min_choices || 1, q.max_choices || q.options.length)
  const fs = h('fieldset', { class: 'question', 'data-q': qi }, h('legend', {}, q.title), h('p', { class: 'hint', id: `hint-${qi}` }, hint))
  if (!single && !multi) {
    fs.append(h('p', { class: 'error' }, s.unsupported))
    return fs
  }
  q.options.forEach((o, oi) => {
    const id = `q${qi}o${oi}`
    fs.append(h('div', { class: 'option' },
      h('input', { type: single ? 'radio' : 'checkbox', name: `q${qi}`, id, value: oi, 'aria-describedby': `hint-${qi}` }),
      h('label', { for: id }, o.title, Number(o.cost) > 0 ? ` (${s.cost(o.cost)})` : '')))
  })
  return fs
}

function readAnswers(e) {
  return e.questions.map((q, qi) => {
    const choices = [...document.querySelectorAll(`input[name="q${qi}"]:checked`)].map((i) => Number(i.value)).sort((a, b) => a - b)
    const min = q.type === 'BALLOT_TYPE_SINGLE' ? 1 : q.min_choices || 1
    const max = q.type === 'BALLOT_TYPE_SINGLE' ? 1 : q.max_choices || q.options.length
    if (choices.length < min || choices.length > max) throw new KeyError('choice:' + (qi + 1))
    return { choices, weights: [] }
  })
}

// choiceVectors: per question, 1 for each chosen option and 0 for the others.
const choiceVectors = (e, answers) => answers.map((a, qi) => e.questions[qi].options.map((_, oi) => (a.choices.includes(oi) ? 1 : 0)))

async function readKey() {
  const words = document.getElementById('mnemonic').value
  const file = document.getElementById('keyfile').files[0]
  if (words.trim()) return keyFromMnemonic(words)
  if (file) return keyFromFile(await file.text())
  if (state.key) return state.key // a revote in the same visit
  throw new KeyError('none')
}

async function readCensus(e, key) {
  if (e.census.type !== 'CENSUS_TYPE_MERKLE') return null
  const file = document.getElementById('census').files[0]
  if (!file && state.census?.address === key.address) return state.census
  if (!file) throw new KeyError('nocensus')
  state.census = censusProofFor(JSON.parse(await file.text()), key.address)
  return state.census
}

function ballotSection() {
  const s = t()
  const e = state.election
  // A secret election's choices are encrypted here; a plaintext signed
  // choice would be a receipt of the vote, so it is never signed.
  const secret = e.privacy === 'PRIVACY_SECRET'
  const noKey = secret && e.electionKey.length !== 32
  const err = h('p', { class: 'error', role: 'alert', id: 'ballot-error' })
  const form = h('form', { id: 'ballot', onsubmit: async (ev) => {
    ev.preventDefault()
    err.textContent = ''
    try {
      const answers = readAnswers(e)
      const key = await readKey()
      const census = await readCensus(e, key)
      if (secret) await encryptSecret(e, key, answers, census)
      else await cast(e, key, answers, census)
    } catch (x) {
      if (x instanceof KeyError) err.textContent = x.message.startsWith('choice:') ? s.errChoice(x.message.slice(7)) : s.errKey[x.message]
      else err.textContent = x.message
    }
  } },
  e.questions.map(questionFieldset),
  h('fieldset', { class: 'key' }, h('legend', {}, s.keyHeading),
    h('label', { for: 'mnemonic' }, s.mnemonicLabel), h('textarea', { id: 'mnemonic', rows: 3, autocomplete: 'off', spellcheck: 'false', autocapitalize: 'none' }),
    h('label', { for: 'keyfile' }, s.keyFileLabel), h('input', { type: 'file', id: 'keyfile' }),
    e.census.type === 'CENSUS_TYPE_MERKLE' ? [h('label', { for: 'census' }, s.censusLabel), h('input', { type: 'file', id: 'census', accept: '.json,application/json' })] : null),
  secret ? h('p', { class: noKey ? 'error' : 'note', id: 'secret-note' }, noKey ? s.secretNoKey : s.secretNote) : null,
  h('button', { type: 'submit', id: 'cast', disabled: !state.trusted || noKey }, secret ? s.encryptButton : state.last ? s.revoteButton : s.castButton), err)
  return h('section', { 'aria-labelledby': 'ballot-h' }, h('h2', { id: 'ballot-h', tabindex: '-1' }, `${s.ballotHeading}: ${e.title}`), e.description ? h('p', {}, e.description) : null, form,
    h('div', { id: 'secret-steps', 'aria-live': 'polite' }, secretSteps()))
}

const secretSteps = () => [state.pending ? pendingSection() : null, state.spoiled ? spoiledSection() : null]

// renderSecret updates the encrypted ballot's steps alone (the form keeps its inputs).
function renderSecret(focus) {
  document.getElementById('secret-steps')?.replaceChildren(...secretSteps().filter(Boolean))
  if (focus) document.getElementById(focus)?.focus()
}

// encryptSecret: Benaloh's challenge, step 1. The ballot is encrypted and
// its tracking code shown before the voter says whether to cast or spoil
// it, so a booth that encrypted another choice is caught when spoiled.
async function encryptSecret(e, key, answers, census) {
  const counter = await nextCounter(e, key)
  const enc = encryptBallot(browserRandom, e, key, counter, choiceVectors(e, answers))
  state.key = key
  state.pending = { enc, key, census, election: e }
  dropSpoiled()
  renderSecret('pending-h')
}

// dropSpoiled forgets the last spoiled record (and its download).
function dropSpoiled() {
  if (state.spoiled?.url) URL.revokeObjectURL(state.spoiled.url)
  state.spoiled = null
}

function pendingSection() {
  const s = t()
  const p = state.pending
  return h('section', { 'aria-labelledby': 'pending-h', id: 'pending' },
    h('h3', { id: 'pending-h', tabindex: '-1' }, s.encryptedHeading),
    h('p', {}, h('strong', {}, `${s.trackingCode}: `), h('code', { id: 'pending-code' }, trackingCode(p.enc.hash))),
    h('p', { class: 'note' }, s.encryptedExplain),
    h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'cast-secret', class: 'primary', onclick: () => castSecret() }, s.castEncrypted),
      h('button', { type: 'button', id: 'spoil', onclick: () => spoil() }, s.spoilButton)))
}

// spoil: Benaloh's challenge, step 2 (audit). The randomness is revealed,
// the page re-encrypts the choices and compares (a self-check), and offers
// the record to check on another device (civitasd voting audit-ballot
// --tracking-code). This ballot is dropped; the counter stays for the next.
function spoil() {
  const p = state.pending
  state.pending = null
  const rec = spoiledRecord(p.election, p.key, p.enc)
  const code = trackingCode(p.enc.hash)
  // The record is offered even when the self-check fails: it is the evidence.
  const url = URL.createObjectURL(new Blob([JSON.stringify(rec, null, 2)], { type: 'application/json' }))
  try {
    const choices = auditSpoiled(rec, p.election)
    const e = p.election
    const shown = choices.map((cs, qi) => cs.flatMap((m, oi) => (m ? [e.questions[qi].options[oi].title] : [])).join(', ') || t().blank).join(' / ')
    state.spoiled = { ok: true, code, shown, url }
  } catch (x) {
    state.spoiled = { ok: false, code, error: x.message, url }
  }
  renderSecret('spoiled-h')
}

function spoiledSection() {
  const s = t()
  const sp = state.spoiled
  return h('section', { 'aria-labelledby': 'spoiled-h', id: 'spoiled' },
    h('h3', { id: 'spoiled-h', tabindex: '-1' }, s.spoiledHeading),
    sp.ok ? h('p', { id: 'spoiled-status', class: 'good' }, '✔ ', s.spoiledOk(sp.code, sp.shown)) : h('p', { id: 'spoiled-status', class: 'bad' }, '✘ ', s.spoiledBad(sp.error)),
    h('p', {}, h('a', { href: sp.url, download: `spoiled-ballot-${sp.code.replace(/ /g, '').slice(0, 8)}.json`, id: 'spoiled-download' }, s.spoiledDownload)),
    h('p', { class: 'note' }, s.spoiledElsewhere, ' ', h('code', {}, 'civitasd voting audit-ballot FILE --tracking-code CODE --node NODE')))
}

// castSecret: Benaloh's challenge, step 2 (cast). The voter signs the sign
// bytes whose hash was shown; the randomness is forgotten, and the choices
// and the phrase are cleared from the form.
async function castSecret() {
  const p = state.pending
  state.pending = null
  const e = p.election
  const sig = sign(p.key.priv, p.enc.bytes)
  const ballot = signedBallot(e.id, p.key, p.enc.counter, [], sig, p.census, encryptedJSON(p.enc.answers))
  dropSpoiled()
  renderSecret()
  for (const i of document.querySelectorAll('#ballot input[type=radio], #ballot input[type=checkbox]')) i.checked = false
  const words = document.getElementById('mnemonic')
  if (words) words.value = ''
  const done = relayAndVerify(e, p.key, ballot, p.enc.hash, p.enc.counter, p.enc.answers)
  document.getElementById('rc-h')?.focus() // the cast button is gone: focus moves to the receipt
  await done
}

// nextCounter: the voter's counted ballot's counter + 1, read with its
// proof (a node cannot push the counter to its limit and so forbid a
// revote). Kept for the election until a ballot is cast, so spoiling
// asks the node nothing (it cannot count a voter's spoils).
async function nextCounter(e, key) {
  const k = `${e.id}/${key.address}`
  if (state.counters[k]) return state.counters[k]
  const p = await provenRead('voting', ballotStoreKey(e.id, key.addrBytes))
  const counter = p.value ? Number(one(decode(p.value), 4, 0n)) + 1 : 1
  if (!Number.isSafeInteger(counter) || counter > 0xffffffff) throw new Error(`your counted ballot has counter ${counter - 1}: no further ballot can be numbered`)
  state.counters[k] = counter
  return counter
}

async function cast(e, key, answers, census) {
  if (!e.chainId) throw new Error('the proven election names no chain id')
  const counter = await nextCounter(e, key)
  const bytes = signBytes(e.chainId, e.id, key.pub, counter, answers)
  const ballot = signedBallot(e.id, key, counter, answers, sign(key.priv, bytes), census)
  await relayAndVerify(e, key, ballot, ballotHash(bytes), counter, null)
}

// relayAndVerify sends a signed ballot, waits for its receipt (not
// trusted: only to learn the height to prove at), then proves it.
async function relayAndVerify(e, key, ballot, hash, counter, encrypted) {
  state.key = key
  state.last = { election: e.id, hash, counter, encrypted, status: 'relaying', detail: '', verify: null }
  renderReceipt()
  const r = await api.relay(ballot).catch((x) => ({ ok: false, error: x.message }))
  delete state.counters[`${e.id}/${key.address}`] // the next ballot reads the counter again
  if (!r.ok) {
    state.last.status = 'refused'
    state.last.detail = r.error
    renderReceipt()
    return
  }
  for (let i = 0; i < 40 && !state.last.height; i++) {
    const rc = await api.rest(`/civitas/voting/v1/elections/${e.id}/receipts/${key.address}`).catch(() => null)
    if (rc && hex(fromB64(rc.receipt?.ballot_hash || '')) === hex(hash)) state.last.height = Number(rc.receipt.height)
    else await new Promise((res) => setTimeout(res, 500))
  }
  state.last.status = 'counted'
  renderReceipt()
  await verifyLast()
}

// sameEncrypted: the proven Ballot's encrypted_answers (field 12) are the
// ciphertexts and proofs this page cast, byte for byte.
function sameEncrypted(ballotBytes, answers) {
  const stored = all(decode(ballotBytes), 12).map((b) => decode(b))
  return stored.length === answers.length && answers.every((a, i) => {
    const cts = all(stored[i], 1)
    const proofs = all(stored[i], 2)
    return cts.length === a.ciphertexts.length && a.ciphertexts.every((c, j) => equal(cts[j], c) && equal(proofs[j], a.option_proofs[j])) &&
      equal(one(stored[i], 3, new Uint8Array()), a.count_proof)
  })
}

// verifyLast proves the voter's ballot at a height whose successor header
// the page checks itself, and compares it with the ballot it signed.
async function verifyLast() {
  const l = state.last
  const key = state.key
  l.verify = { status: 'verifying' }
  renderReceipt()
  try {
    const storeKey = ballotStoreKey(l.election, key.addrBytes)
    const p = await provenRead('voting', storeKey, l.height || 0)
    if (!p.value) throw new Error('the chain proves it holds no ballot of yours')
    const stored = one(decode(p.value), 8, new Uint8Array())
    if (!equal(stored, l.hash)) throw new Error(`the proven ballot has hash ${short(stored)}, not yours`)
    const e = state.election
    if (l.encrypted && !sameEncrypted(p.value, l.encrypted)) throw new Error('the proven ballot holds other ciphertexts than the ones you cast')
    const chosen = l.encrypted ? null : decodeBallotAnswers(p.value).map((cs, qi) => cs.map((c) => e.questions[qi]?.options[c]?.title ?? `#${c}`).join(', '))
    const ciphertexts = l.encrypted ? l.encrypted.reduce((n, a) => n + a.ciphertexts.length, 0) : 0
    l.verify = { status: 'verified', height: p.height, signed: p.head.signed, total: p.head.total, chosen, ciphertexts }
  } catch (x) {
    l.verify = { status: 'failed', error: x.message }
  }
  renderReceipt()
}

function receiptSection() {
  const s = t()
  const l = state.last
  const lines = [h('p', {}, h('strong', {}, `${s.trackingCode}: `), h('code', { id: 'tracking-code' }, trackingCode(l.hash)))]
  if (l.status === 'relaying') lines.push(h('p', { id: 'relay-status' }, s.relaying))
  if (l.status === 'refused') lines.push(h('p', { id: 'relay-status', class: 'bad' }, s.refused(l.detail)))
  if (l.status === 'counted') lines.push(h('p', { id: 'relay-status' }, s.counted(l.height)))
  const v = l.verify
  if (v?.status === 'verifying') lines.push(h('p', { id: 'verify-status' }, s.verifying))
  if (v?.status === 'verified') {
    lines.push(h('p', { id: 'verify-status', class: 'good' }, '✔ ', s.verified(v.height, v.signed, v.total, state.trusted.hash.slice(0, 16) + '…')))
    lines.push(h('p', { id: 'proven-choices' }, v.chosen ? s.provenChoices(v.chosen.join(' / ')) : s.provenEncrypted(v.ciphertexts)))
  }
  if (v?.status === 'failed') lines.push(h('p', { id: 'verify-status', class: 'bad' }, '✘ ', s.notVerified(v.error)))
  return h('section', { 'aria-labelledby': 'rc-h', id: 'receipt' }, h('h2', { id: 'rc-h', tabindex: '-1' }, s.receiptHeading), h('div', { 'aria-live': 'polite', id: 'receipt-live' }, lines))
}

// renderReceipt updates the receipt alone (the ballot form keeps its inputs).
function renderReceipt() {
  // The live region stays in place so screen readers announce each change.
  const live = document.getElementById('receipt-live')
  const next = receiptSection()
  if (live) live.replaceChildren(...next.querySelector('#receipt-live').childNodes)
  else document.querySelector('main').append(next)
  const cast = document.getElementById('cast')
  if (cast && state.election?.privacy !== 'PRIVACY_SECRET') cast.textContent = t().revoteButton
}

function render() {
  const s = t()
  document.documentElement.lang = state.lang
  document.title = s.title
  const langSel = h('select', { id: 'lang', onchange: (ev) => {
    state.lang = ev.target.value
    localStorage.setItem('civitas.lang', state.lang)
    render()
  } }, Object.entries(strings).map(([code, v]) => h('option', { value: code, selected: code === state.lang }, v.langName)))
  app.replaceChildren(
    h('header', {}, h('h1', {}, s.title), h('p', {}, s.intro), h('label', { for: 'lang' }, s.language + ' '), langSel),
    h('main', {}, trustSection(), electionsSection(), state.election ? ballotSection() : null, state.last ? receiptSection() : null),
  )
}

async function start() {
  state.config = await api.config()
  state.trusted = loadTrusted()
  const r = await api.rest('/civitas/voting/v1/elections?pagination.limit=100')
  state.elections = r.elections || []
  render()
}

render()
start().catch((e) => app.append(h('p', { class: 'error', role: 'alert' }, e.message)))
