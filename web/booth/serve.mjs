// Serves the booth (dist/) at /booth/ and stands between the page and one
// node: /rpc/* goes to its CometBFT RPC, /api/* to its REST gateway, and
// POST /relay hands a signed ballot to `civitasd voting relay` with a
// relayer key (fee-free: the relayer needs an account, no tokens). The page
// trusts none of it: it checks every proof and signature itself.
//
//   node serve.mjs [--port 8080] [--rpc http://127.0.0.1:26657] [--api http://127.0.0.1:1317]
//                  [--civitasd ../../build/civitasd] [--home ../../.localnet/node0] [--relayer dave]
//                  [--chain-id ID] [--trusted-validators-hash HEX]
import http from 'node:http'
import fs from 'node:fs'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
const opt = (name, dflt) => {
  const i = args.indexOf('--' + name)
  return i >= 0 ? args[i + 1] : dflt
}
const port = Number(opt('port', 8080))
const rpcURL = opt('rpc', 'http://127.0.0.1:26657')
const apiURL = opt('api', 'http://127.0.0.1:1317')
const civitasd = path.resolve(opt('civitasd', path.join(here, '../../build/civitasd')))
const home = path.resolve(opt('home', path.join(here, '../../.localnet/node0')))
const relayer = opt('relayer', 'dave')
let trustedHash = opt('trusted-validators-hash', '')
let chainId = opt('chain-id', '')
const dist = path.join(here, 'dist')

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' }

// The page trusts only the chain id and validator set hash pinned here.
// An operator passes the published ones; without them (a localnet) they are
// read from the node once at start, and printed to compare.
async function pin() {
  if (!chainId) chainId = (await (await fetch(rpcURL + '/status')).json()).result.node_info.network
  if (!trustedHash) {
    const { validatorSetHash } = await import('./src/light.js')
    const r = (await (await fetch(rpcURL + '/validators?per_page=100')).json()).result
    trustedHash = Buffer.from(validatorSetHash(r.validators)).toString('hex').toUpperCase()
    console.log(`pinned from the node at start (no --trusted-validators-hash): validator set ${trustedHash} at height ${r.block_height}`)
  }
}

// What the page may read through the node: nothing that writes.
const rpcAllowed = new Set(['status', 'validators', 'commit', 'abci_query'])

function proxy(req, res, base, strip) {
  const url = base + req.url.slice(strip.length)
  fetch(url, { method: req.method, headers: { accept: 'application/json' } })
    .then(async (r) => {
      res.writeHead(r.status, { 'content-type': r.headers.get('content-type') || 'application/json' })
      res.end(Buffer.from(await r.arrayBuffer()))
    })
    .catch((e) => {
      res.writeHead(502, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: `the node: ${e.message}` }))
    })
}

// One relay at a time: the relayer's account sequence is shared.
let queue = Promise.resolve()
function relay(body) {
  const run = () => new Promise((resolve) => {
    const p = spawn(civitasd, ['voting', 'relay', '-', '--from', relayer, '--home', home, '--keyring-backend', 'test', '--node', rpcURL.replace(/^http/, 'tcp'), '--batch', '1', '-y'])
    let out = ''
    p.stdout.on('data', (d) => (out += d))
    p.stderr.on('data', (d) => (out += d))
    p.on('close', (code) => resolve({ ok: code === 0, output: out.trim() }))
    p.on('error', (e) => resolve({ ok: false, output: e.message }))
    p.stdin.end(JSON.stringify(body) + '\n')
  })
  const r = queue.then(run)
  queue = r.catch(() => {})
  return r
}

const server = http.createServer(async (req, res) => {
  try {
    if (req.url.startsWith('/rpc/')) {
      if (req.method !== 'GET' || !rpcAllowed.has(req.url.slice(5).split('?')[0])) throw new Error('not an allowed RPC read')
      return proxy(req, res, rpcURL, '/rpc')
    }
    if (req.url.startsWith('/api/civitas/')) {
      if (req.method !== 'GET') throw new Error('reads only')
      return proxy(req, res, apiURL, '/api')
    }
    if (req.url === '/relay' && req.method === 'POST') {
      let body = ''
      for await (const c of req) {
        body += c
        if (body.length > 1 << 20) throw new Error('ballot too large')
      }
      const r = await relay(JSON.parse(body))
      const why = /ballot 0 \(line 1\): (.*)/.exec(r.output)
      res.writeHead(r.ok ? 200 : 422, { 'content-type': 'application/json' })
      return res.end(JSON.stringify(r.ok ? { ok: true } : { ok: false, error: why ? why[1] : r.output.split('\n').pop() }))
    }
    if (req.url === '/' || req.url === '/booth') {
      res.writeHead(302, { location: '/booth/' })
      return res.end()
    }
    if (req.url === '/booth/config.json') {
      res.writeHead(200, { 'content-type': 'application/json' })
      return res.end(JSON.stringify({ chainId, trustedValidatorsHash: trustedHash }))
    }
    if (req.url.startsWith('/booth/')) {
      let rel = decodeURIComponent(req.url.slice('/booth/'.length).split('?')[0]) || 'index.html'
      const file = path.join(dist, path.normalize(rel))
      if (!file.startsWith(dist + path.sep)) throw new Error('bad path')
      const data = await fs.promises.readFile(file)
      res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' })
      return res.end(data)
    }
    res.writeHead(404)
    res.end('not found')
  } catch (e) {
    res.writeHead(e.code === 'ENOENT' ? 404 : 400, { 'content-type': 'text/plain' })
    res.end(String(e.message))
  }
})
await pin()
server.listen(port, '127.0.0.1', () => console.log(`booth at http://127.0.0.1:${port}/booth/ (node ${rpcURL}, REST ${apiURL}, relayer ${relayer})`))
