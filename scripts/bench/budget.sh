#!/usr/bin/env bash
# Budget payments against bank sends on the same node, in the same run
# (make bench-budget). This machine is noisy: compare the ratio.
#
# Each run starts a fresh single-validator civitasd chain on loopback
# (scripts/bench/lib.sh: timeout_commit 200ms, mempool of 20,000 txs, zero
# minimum gas price) whose genesis holds agency 1 with the ACCOUNTS bench
# accounts as its treasurers, a funded treasury, an open fiscal year and a
# budget line of 10^12 ucivis. bench/loadgen then, sends first or last:
#   - sends PAYMENTS offline-signed bank sends from the ACCOUNTS accounts;
#   - sends PAYMENTS direct payments (x/budget MsgPay of 1 ucivis from the
#     line to one beneficiary: a commitment, its disbursement from escrow and
#     the line's and agency's execution totals, one per tx), each signed
#     offline by a treasurer.
# It prints, per run and phase, the units committed per second, the block
# intervals and the node's CPU time per unit, then the ratio of the medians
# (payments/s over sends/s) and the node's peak RSS; also written to
# build/bench/budget.txt (raw results: build/bench/budget.jsonl).
#
#   RUNS=3 PAYMENTS=10000 ACCOUNTS=64 scripts/bench/budget.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
PAYMENTS="${PAYMENTS:-10000}"
ACCOUNTS="${ACCOUNTS:-64}"
OUT="$REPO/build/bench"
WORK="$(mktemp -d)"
CHAIN_ID="bench-1"
OFFSET=3300 # ports: rpc 29957, p2p 29956, abci 29958, grpc 12390, api 4617
RPC="http://127.0.0.1:$((26657 + OFFSET))"
mkdir -p "$OUT"
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "bench-budget: building civitasd and the load generator"
make -s build >/dev/null
BIN="$REPO/build/civitasd"
go build -o build/loadgen ./bench/loadgen
source "$REPO/scripts/bench/lib.sh"

setup() {
  local h="$WORK/node" treasury treasurers
  bench_init "$h"
  treasury="$("$BIN" debug addr "$(printf budget | sha256sum | cut -c1-40)" | awk '/Bech32 Acc/ { print $3 }')"
  treasurers="$(build/loadgen addresses -prefix civ -accounts "$ACCOUNTS" | jq -R . | jq -s -c .)"
  bench_edit_genesis "$h" --arg v "$VAL" --arg treasury "$treasury" --argjson treasurers "$treasurers" '
    (.genesis_time[0:4] | tonumber) as $y
    | .app_state.agency.agencies = [{id: "1", name: "Bench body", jurisdiction: "EE", admins: [$v], status: "AGENCY_STATUS_ACTIVE"}]
    | .app_state.agency.seat_grants = [{agency_id: "1", operator: $v, seats: "1", issued_height: "0"}]
    | .app_state.agency.next_agency_id = "2"
    | .app_state.agency.roles = [$treasurers[] | {agency_id: "1", address: ., role: "ROLE_TREASURER", reason: "bench", granted_by: $v, granted_height: "0"}]
    | .app_state.bank.balances += [{address: $treasury, coins: [{denom: "ucivis", amount: "10000000000000"}]}]
    | .app_state.bank.supply |= map(if .denom == "ucivis" then .amount = ((.amount | tonumber) + 10000000000000 | tostring) else . end)
    | .app_state.budget.fiscal_years = [{year: $y, start_time: "\($y)-01-01T00:00:00Z", end_time: "\($y + 1)-01-01T00:00:00Z",
        status: "FISCAL_YEAR_STATUS_OPEN", close_cursor: "0"}]
    | .app_state.budget.lines = [{id: "1", agency_id: "1", fiscal_year: $y, code: "01.1.1", title: "Bench payments",
        original: "1000000000000", appropriated: "1000000000000", reserved: "0", committed: "0", disbursed: "0", lapsed: "0",
        treasurer_virements_out: "0", closed: false, participatory_election_id: "0"}]
    | .app_state.budget.next_line_id = "2"'
  bench_finish "$h"
}

# phase NAME PID: runs one load and prints its result with node CPU per unit.
phase() {
  local name="$1" pid="$2" msg=send
  [ "$name" = payments ] && msg=pay
  bench_measure "$pid" build/loadgen run -rpc "$RPC" -prefix civ -denom ucivis -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -txs "$PAYMENTS" \
    -msg "$msg" -line 1 -label "$name" ||
    { echo "bench-budget: the $name load failed; node log: $OUT/budget-node.log" >&2; return 1; }
}

results=()
for run in $(seq 1 "$RUNS"); do
  setup
  bench_start "$WORK/node" "$OUT/budget-node.log"
  order="sends payments"
  [ $((run % 2)) -eq 0 ] && order="payments sends"
  for name in $order; do
    if ! res="$(phase "$name" "$NODE_PID")"; then kill "$NODE_PID"; exit 1; fi
    echo "run $run $name: $(echo "$res" | jq -c 'del(.series)')"
    results+=("$(echo "$res" | jq -c --argjson r "$run" '. + {run: $r}')")
  done
  bench_stop
  results+=("{\"run\": $run, \"peak_rss_kb\": $PEAK_RSS}")
done
printf '%s\n' "${results[@]}" >"$OUT/budget.jsonl"

printf '%s\n' "${results[@]}" | jq -s -r --arg n "$PAYMENTS" --arg a "$ACCOUNTS" "$JQ_MEDIAN"'
  def med($b; $f): map(select(.binary == $b) | .[$f]) | median;
  med("sends"; "tx_per_sec") as $s | med("payments"; "tx_per_sec") as $p |
  (map(select(.peak_rss_kb) | .peak_rss_kb) | max) as $rss |
  "x/budget throughput, single node: \($n) direct payments (MsgPay: commitment + disbursement, one per tx) against \($n) bank sends, from \($a) treasurer accounts",
  (.[] | select(.binary) | "  run \(.run)  \(.binary | . + "        " | .[0:8])  \(.tx_per_sec | floor) \(.unit)/s  (\(.committed) in \(.seconds * 100 | floor / 100) s, \(.blocks) blocks, block interval mean \(.block_mean_ms | floor) ms, max \(.block_max_ms | floor) ms), node CPU \(.node_cpu_us_per_unit) µs/\(.unit)"),
  "  median   payments \($p | floor)/s, bank sends \($s | floor)/s: payments/sends = \($p / $s * 100 | floor / 100)",
  "  median   node CPU: \(med("payments"; "node_cpu_us_per_unit")) µs per payment, \(med("sends"; "node_cpu_us_per_unit")) µs per send",
  "  node peak RSS \($rss / 1024 | floor) MiB"
' | tee "$OUT/budget.txt"
