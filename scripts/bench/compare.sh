#!/usr/bin/env bash
# Throughput of civitasd against stock wasmd, measured in the same run on the
# same machine (make bench-compare). This machine is noisy: compare the ratio.
#
# Each binary runs a fresh single-validator chain on loopback (same CometBFT
# and app.toml settings: mempool of 20,000 txs, zero minimum gas price, and
# timeout_commit 200ms, so that blocks follow each other as fast as the node
# executes them; with the 5 s default every run measures the timeout) and
# bench/loadgen sends TXS offline-signed bank sends from ACCOUNTS accounts.
# Runs alternate between the binaries (wasmd first in odd runs, civitasd
# first in even runs); the result of every run and the ratio of the medians
# are printed and written to build/bench/compare.txt.
#
#   RUNS=3 TXS=16000 ACCOUNTS=64 scripts/bench/compare.sh
#   PROFILE=20 scripts/bench/compare.sh   also take a 20 s CPU profile of each node
#                                         under load (build/bench/<binary>-run<i>.pprof)
#   CIVITASD=/path/to/civitasd ...        measure that civitasd (e.g. an older build)
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
TXS="${TXS:-16000}"
ACCOUNTS="${ACCOUNTS:-64}"
PROFILE="${PROFILE:-0}"
OUT="$REPO/build/bench"
WORK="$(mktemp -d)"
CHAIN_ID="bench-1"
OFFSET=3000 # ports: rpc 29657, p2p 29656, abci 29658, grpc 12090, pprof 9060
RPC="http://127.0.0.1:$((26657 + OFFSET))"
mkdir -p "$OUT"
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "bench: building civitasd, stock wasmd $(go list -m -f '{{.Version}}' github.com/CosmWasm/wasmd) (same go.mod) and the load generator"
[ -n "${CIVITASD:-}" ] || make -s build >/dev/null
CIVITASD="${CIVITASD:-$REPO/build/civitasd}"
go build -o build/wasmd github.com/CosmWasm/wasmd/cmd/wasmd
go build -o build/loadgen ./bench/loadgen

source "$REPO/scripts/bench/lib.sh" # bench_config, cpu_ticks

# setup NAME: a fresh home in $WORK/NAME with the bench accounts funded.
setup() {
  local name="$1" bin prefix denom bond h val
  case "$name" in
    civitasd) bin="$CIVITASD" prefix=civ denom=ucivis bond=useat ;;
    wasmd) bin="$REPO/build/wasmd" prefix=wasm denom=stake bond=stake ;;
  esac
  h="$WORK/$name"
  rm -rf "$h"
  "$bin" init bench --chain-id "$CHAIN_ID" --home "$h" >/dev/null 2>&1
  "$bin" keys add val --keyring-backend test --home "$h" >/dev/null 2>&1
  val="$("$bin" keys show val -a --keyring-backend test --home "$h")"
  build/loadgen addresses -prefix "$prefix" -accounts $((ACCOUNTS + 1)) |
    jq -R --arg d "$denom" '{address: ., coins: [{denom: $d, amount: "1000000000000"}]}' | jq -s . >"$WORK/accounts.json"
  if [ "$bond" = "$denom" ]; then
    "$bin" genesis add-genesis-account "$val" "1000000000000$denom" --home "$h" >/dev/null
  else
    "$bin" genesis add-genesis-account "$val" "1000000$bond,1000000000000$denom" --home "$h" >/dev/null
  fi
  "$bin" genesis bulk-add-genesis-account "$WORK/accounts.json" --home "$h" >/dev/null
  if [ "$name" = civitasd ]; then # its seat comes from a seat grant, as on every Civitas chain
    jq --arg v "$val" '.app_state.agency.agencies = [{id: "1", name: "Bench body", jurisdiction: "EE", admins: [$v], status: "AGENCY_STATUS_ACTIVE"}]
      | .app_state.agency.seat_grants = [{agency_id: "1", operator: $v, seats: "1", issued_height: "0"}]
      | .app_state.agency.next_agency_id = "2"' "$h/config/genesis.json" >"$h/config/g.json" && mv "$h/config/g.json" "$h/config/genesis.json"
  fi
  "$bin" genesis gentx val "1000000$bond" --chain-id "$CHAIN_ID" --keyring-backend test --home "$h" >/dev/null 2>&1
  "$bin" genesis collect-gentxs --home "$h" >/dev/null 2>&1
  bench_config "$h" "$denom"
  echo "$bin $prefix $denom"
}

# measure NAME RUN: starts the node, runs the load, stops the node.
measure() {
  local name="$1" run="$2" bin prefix denom pid
  read -r bin prefix denom < <(setup "$name")
  "$bin" start --home "$WORK/$name" >"$OUT/$name-run$run.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 120); do
    curl -s "$RPC/status" | jq -e '(.result.sync_info.latest_block_height | tonumber) >= 2' >/dev/null 2>&1 && break
    sleep 0.5
  done
  local prof=""
  if [ "$PROFILE" -gt 0 ]; then
    (sleep 3; curl -s "http://127.0.0.1:$((6060 + OFFSET))/debug/pprof/profile?seconds=$PROFILE" -o "$OUT/$name-run$run.pprof") &
    prof=$!
  fi
  local res cpu0 cpu1
  cpu0="$(cpu_ticks "$pid")"
  if ! res="$(build/loadgen run -rpc "$RPC" -prefix "$prefix" -denom "$denom" -chain-id "$CHAIN_ID" \
    -accounts "$ACCOUNTS" -txs "$TXS" -label "$name")"; then
    echo "bench: the load on $name failed; node log: $OUT/$name-run$run.log" >&2
    kill "$pid"; wait "$pid" || true
    exit 1
  fi
  cpu1="$(cpu_ticks "$pid")"
  [ -z "$prof" ] || wait "$prof" || true
  kill "$pid"; wait "$pid" || true
  # Node CPU time per committed tx (user + system, from /proc): less noisy
  # than the rate, which also depends on how the load generator is scheduled.
  echo "$res" | jq -c --argjson ticks "$((cpu1 - cpu0))" --argjson hz "$(getconf CLK_TCK)" \
    '. + {node_cpu_us_per_tx: ($ticks / $hz * 1000000 / .committed | floor)}'
}

results=()
for run in $(seq 1 "$RUNS"); do
  order="wasmd civitasd"
  [ $((run % 2)) -eq 0 ] && order="civitasd wasmd"
  for name in $order; do
    res="$(measure "$name" "$run")"
    echo "run $run $name: $(echo "$res" | jq -c 'del(.series)')"
    results+=("$(echo "$res" | jq -c --argjson r "$run" '. + {run: $r}')")
  done
done

printf '%s\n' "${results[@]}" >"$OUT/compare.jsonl"

printf '%s\n' "${results[@]}" | jq -s -r --arg txs "$TXS" --arg acc "$ACCOUNTS" '
  def median: sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
  (map(select(.binary == "wasmd") | .tx_per_sec) | median) as $w |
  (map(select(.binary == "civitasd") | .tx_per_sec) | median) as $c |
  "bank sends committed per second, single node, \($txs) txs from \($acc) accounts",
  (map(select(.binary == "wasmd") | .node_cpu_us_per_tx) | median) as $wc |
  (map(select(.binary == "civitasd") | .node_cpu_us_per_tx) | median) as $cc |
  (.[] | "  run \(.run)  \(.binary | . + "        " | .[0:9])  \(.tx_per_sec | floor) tx/s  (\(.committed) committed in \(.seconds * 100 | floor / 100) s, \(.blocks) blocks), node CPU \(.node_cpu_us_per_tx) µs/tx"),
  "  median   wasmd \($w | floor) tx/s, civitasd \($c | floor) tx/s: civitasd/wasmd = \($c / $w * 100 | floor / 100)",
  "  median   node CPU per tx: wasmd \($wc) µs, civitasd \($cc) µs: civitasd/wasmd = \($cc / $wc * 100 | floor / 100)"
' | tee "$OUT/compare.txt"
