#!/usr/bin/env bash
# Sealed bids and reveals against bank sends on the same node, in the same
# run (make bench-procurement). This machine is noisy: compare the ratios.
#
# Each run starts a fresh single-validator civitasd chain on loopback
# (scripts/bench/lib.sh: timeout_commit 200ms, mempool of 20,000 txs, zero
# minimum gas price) whose genesis holds agency 1 with bench account ACCOUNTS
# (funded, owning no supplier) as procurement officer, PER_LOT suppliers (supplier s+1 owned by bench
# account s mod ACCOUNTS), a treasury and a budget line. bench/loadgen then,
# in alternating order across runs (sends first, or last):
#   - sends BIDS offline-signed bank sends from ACCOUNTS accounts;
#   - publishes a lowest-price tender of BIDS/PER_LOT lots whose submission
#     deadline is SUBMISSION_IN away (not measured), then sends BIDS sealed
#     bids (MsgSubmitBid, one per tx, each with a bond of 1,000 ucivis), each
#     signed offline by the account that owns its supplier;
#   - waits for the submission deadline (not measured) and sends the BIDS
#     reveals (MsgRevealBid, checked against the commitments).
# It prints, per run and phase, the units committed per second, the block
# intervals and the node's CPU time per unit, then the ratios of the medians
# (bids/s and reveals/s over sends/s) and the node's peak RSS; also written
# to build/bench/procurement.txt.
#
# Each bench account owns one supplier (one person does not bid through two
# suppliers on a lot), so a lot has at most ACCOUNTS bids.
#
#   RUNS=3 BIDS=10000 ACCOUNTS=128 PER_LOT=128 SUBMISSION_IN=60s scripts/bench/procurement.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
BIDS="${BIDS:-10000}"
ACCOUNTS="${ACCOUNTS:-128}"
PER_LOT="${PER_LOT:-$ACCOUNTS}"
SUBMISSION_IN="${SUBMISSION_IN:-60s}"
OUT="$REPO/build/bench"
WORK="$(mktemp -d)"
CHAIN_ID="bench-1"
OFFSET=3200 # ports: rpc 29857, p2p 29856, abci 29858, grpc 12290, api 4517
RPC="http://127.0.0.1:$((26657 + OFFSET))"
LOTS=$(((BIDS + PER_LOT - 1) / PER_LOT))
mkdir -p "$OUT"
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT
if [ "$LOTS" -gt 200 ] || [ "$PER_LOT" -gt "$ACCOUNTS" ]; then
  echo "bench-procurement: $LOTS lots of $PER_LOT bids: at most 200 lots, and PER_LOT at most ACCOUNTS ($ACCOUNTS)" >&2
  exit 2
fi

echo "bench-procurement: building civitasd and the load generator"
make -s build >/dev/null
BIN="$REPO/build/civitasd"
go build -o build/loadgen ./bench/loadgen
source "$REPO/scripts/bench/lib.sh"

setup() {
  local h="$WORK/node" treasury owners officer
  bench_init "$h"
  treasury="$("$BIN" debug addr "$(printf budget | sha256sum | cut -c1-40)" | awk '/Bech32 Acc/ { print $3 }')"
  owners="$(build/loadgen addresses -prefix civ -accounts "$ACCOUNTS" | jq -R . | jq -s -c .)"
  officer="$(build/loadgen addresses -prefix civ -accounts $((ACCOUNTS + 1)) | tail -1)"
  bench_edit_genesis "$h" --arg v "$VAL" --arg treasury "$treasury" --argjson owners "$owners" --arg officer "$officer" \
    --argjson perlot "$PER_LOT" --argjson lots "$LOTS" '
    (.genesis_time[0:4] | tonumber) as $y
    | .app_state.agency.agencies = [{id: "1", name: "Bench body", jurisdiction: "EE", admins: [$v], status: "AGENCY_STATUS_ACTIVE"}]
    | .app_state.agency.seat_grants = [{agency_id: "1", operator: $v, seats: "1", issued_height: "0"}]
    | .app_state.agency.next_agency_id = "2"
    | .app_state.agency.roles = [{agency_id: "1", address: $officer, role: "ROLE_PROCUREMENT_OFFICER", reason: "bench",
        granted_by: $v, granted_height: "0"}]
    | .app_state.agency.suppliers = [range(0; $perlot) as $s | ($owners[$s % ($owners | length)]) as $o |
        {id: ($s + 1 | tostring), owner: $o, name: "Bench supplier \($s + 1)", registration_number: "B\($s + 1)", country: "EE",
         beneficial_owners: [{address: $o, identity_hash: "", share_bps: 10000}], representatives: [],
         version: "1", updated_height: "0"}]
    | .app_state.agency.next_supplier_id = ($perlot + 1 | tostring)
    | .app_state.bank.balances += [{address: $treasury, coins: [{denom: "ucivis", amount: "10000000000000"}]}]
    | .app_state.bank.supply |= map(if .denom == "ucivis" then .amount = ((.amount | tonumber) + 10000000000000 | tostring) else . end)
    | .app_state.budget.fiscal_years = [{year: $y, start_time: "\($y)-01-01T00:00:00Z", end_time: "\($y + 1)-01-01T00:00:00Z",
        status: "FISCAL_YEAR_STATUS_OPEN", close_cursor: "0"}]
    | .app_state.budget.lines = [{id: "1", agency_id: "1", fiscal_year: $y, code: "04.5.1", title: "Bench works",
        original: "1000000000000", appropriated: "1000000000000", reserved: "0", committed: "0", disbursed: "0", lapsed: "0",
        treasurer_virements_out: "0", closed: false, participatory_election_id: "0"}]
    | .app_state.budget.next_line_id = "2"
    | .app_state.procurement.params.max_lots = ([$lots, 20] | max)
    | .app_state.procurement.params.max_bids_per_lot = ([$perlot, 200] | max)
    | .app_state.procurement.params.min_reveal_seconds = "3600"'
  bench_finish "$h"
}

loadgen_flags=(-rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -bids "$BIDS" -per-lot "$PER_LOT" -tender 1)

# phase NAME PID: runs one load and prints its result with node CPU per unit.
phase() {
  local name="$1" pid="$2" tender
  case "$name" in
    sends) bench_measure "$pid" build/loadgen run -rpc "$RPC" -prefix civ -denom ucivis -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -txs "$BIDS" -label sends ;;
    bids)
      tender="$(build/loadgen tender "${loadgen_flags[@]}" -submission-in "$SUBMISSION_IN")" || return 1
      echo "$tender" | jq -r .submission_deadline >"$WORK/deadline"
      bench_measure "$pid" build/loadgen bids "${loadgen_flags[@]}" -label bids ;;
    reveals)
      build/loadgen await -rpc "$RPC" -time "$(cat "$WORK/deadline")" || return 1
      bench_measure "$pid" build/loadgen reveals "${loadgen_flags[@]}" -label reveals ;;
  esac || { echo "bench-procurement: the $name load failed; node log: $OUT/procurement-node.log" >&2; return 1; }
}

results=()
for run in $(seq 1 "$RUNS"); do
  setup
  bench_start "$WORK/node" "$OUT/procurement-node.log"
  order="sends bids reveals"
  [ $((run % 2)) -eq 0 ] && order="bids reveals sends"
  for name in $order; do
    if ! res="$(phase "$name" "$NODE_PID")"; then kill "$NODE_PID"; exit 1; fi
    echo "run $run $name: $(echo "$res" | jq -c 'del(.series)')"
    results+=("$(echo "$res" | jq -c --argjson r "$run" '. + {run: $r}')")
  done
  bench_stop
  results+=("{\"run\": $run, \"peak_rss_kb\": $PEAK_RSS}")
done

printf '%s\n' "${results[@]}" >"$OUT/procurement.jsonl"

printf '%s\n' "${results[@]}" | jq -s -r --arg n "$BIDS" --arg a "$ACCOUNTS" --arg lots "$LOTS" --arg p "$PER_LOT" "$JQ_MEDIAN"'
  def med($b; $f): map(select(.binary == $b) | .[$f]) | median;
  med("sends"; "tx_per_sec") as $s | med("bids"; "tx_per_sec") as $b | med("reveals"; "tx_per_sec") as $r |
  (map(select(.peak_rss_kb) | .peak_rss_kb) | max) as $rss |
  "x/procurement throughput, single node: \($n) sealed bids (one per tx, bond 1,000 ucivis) on \($lots) lots of \($p) suppliers, then their \($n) reveals, against \($n) bank sends, from \($a) accounts",
  (.[] | select(.binary) | "  run \(.run)  \(.binary | . + "        " | .[0:8])  \(.tx_per_sec | floor) \(.unit)/s  (\(.committed) in \(.seconds * 100 | floor / 100) s, \(.blocks) blocks, block interval mean \(.block_mean_ms | floor) ms, max \(.block_max_ms | floor) ms), node CPU \(.node_cpu_us_per_unit) µs/\(.unit)"),
  "  median   bids \($b | floor)/s, reveals \($r | floor)/s, bank sends \($s | floor)/s: bids/sends = \($b / $s * 100 | floor / 100), reveals/sends = \($r / $s * 100 | floor / 100)",
  "  median   node CPU: \(med("bids"; "node_cpu_us_per_unit")) µs per bid, \(med("reveals"; "node_cpu_us_per_unit")) µs per reveal, \(med("sends"; "node_cpu_us_per_unit")) µs per send",
  "  node peak RSS \($rss / 1024 | floor) MiB"
' | tee "$OUT/procurement.txt"
