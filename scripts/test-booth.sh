#!/usr/bin/env bash
# make test-booth: the web booth (web/booth) built offline from the npm
# registry, its unit tests in Node, then web/booth/test/booth.e2e.mjs in
# Debian's Chromium (playwright-core) against a fresh one-validator localnet
# on its own ports. Screenshots of each step: web/booth/test-results/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BINARY="${BINARY:-$ROOT/build/civitasd}"
OFFSET="${OFFSET:-9500}"
CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
[ -x "$BINARY" ] || { echo "test-booth: $BINARY not built (make build)" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "test-booth: $CHROMIUM missing (apt-get install chromium)" >&2; exit 1; }

cd "$ROOT/web/booth"
npm ci --no-audit --no-fund --loglevel=error
npx vite build --logLevel warn
node --test test/unit.test.mjs

DIR="$(mktemp -d /tmp/civitas-booth-XXXXXX)"
bash "$ROOT/scripts/localnet.sh" --binary "$BINARY" --dir "$DIR" --port-offset "$OFFSET" >"$DIR/localnet.log" 2>&1 &
LOCALNET=$!
cleanup() {
  kill "$LOCALNET" 2>/dev/null || true
  wait "$LOCALNET" 2>/dev/null || true
  rm -rf "$DIR"
}
trap cleanup EXIT
RPC="http://127.0.0.1:$((26657 + OFFSET))"
API="http://127.0.0.1:$((1317 + OFFSET))"
for _ in $(seq 1 120); do
  h="$(curl -sf "$RPC/status" | jq -r .result.sync_info.latest_block_height 2>/dev/null || true)"
  if [ -n "$h" ] && [ "$h" != null ] && [ "$h" -ge 2 ] && curl -sf "$API/civitas/voting/v1/params" >/dev/null; then break; fi
  sleep 1
done
[ "${h:-0}" != null ] && [ "${h:-0}" -ge 2 ] || { echo "test-booth: the localnet did not start" >&2; tail -20 "$DIR/localnet.log" >&2; exit 1; }

CIVITASD="$BINARY" HOME0="$DIR/node0" RPC="$RPC" API="$API" CHROMIUM="$CHROMIUM" BOOTH_PORT=$((18080 + OFFSET)) \
  node test/booth.e2e.mjs
