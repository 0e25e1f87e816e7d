// The booth's reads and writes. Everything read here is checked before it
// is believed (light.js, ics23.js), except lists used only to offer choices.
import { fromBase64, hex } from './proto.js'

async function json(url, init) {
  const r = await fetch(url, init)
  const body = await r.text()
  let j
  try {
    j = JSON.parse(body)
  } catch {
    throw new Error(`${url}: ${r.status} ${body.slice(0, 200)}`)
  }
  if (!r.ok && !j.result) throw Object.assign(new Error(j.message || j.error || `${url}: ${r.status}`), { status: r.status, body: j })
  return j
}

export const config = () => json('config.json')

export async function rpc(method, params = {}) {
  const q = new URLSearchParams(params).toString()
  const j = await json(`/rpc/${method}${q ? '?' + q : ''}`)
  if (j.error) throw new Error(`${method}: ${j.error.message} ${j.error.data || ''}`)
  return j.result
}

export const rest = (path) => json(`/api${path}`)

export async function validators(height) {
  const out = []
  for (let page = 1; page <= 10; page++) {
    const r = await rpc('validators', { height, page, per_page: 100 })
    if (!r.validators?.length) break
    out.push(...r.validators)
    if (out.length >= Number(r.total)) return { height: Number(r.block_height), validators: out }
  }
  throw new Error('the node did not list the whole validator set')
}

export async function latestHeight() {
  const s = await rpc('status')
  return Number(s.sync_info.latest_block_height)
}

// storeQuery reads key of a module store at height with its proof.
export async function storeQuery(store, key, height) {
  const r = await rpc('abci_query', { path: `"/store/${store}/key"`, data: '0x' + hex(key), height, prove: 'true' })
  const res = r.response
  if (res.code) throw new Error(`the node refused the query: ${res.log}`)
  return {
    height: Number(res.height),
    value: res.value ? fromBase64(res.value) : null,
    ops: (res.proofOps?.ops || []).map((o) => ({ type: o.type, data: fromBase64(o.data) })),
  }
}

export const commit = (height) => rpc('commit', { height })

export async function relay(ballot) {
  return json('/relay', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ballot) })
}
