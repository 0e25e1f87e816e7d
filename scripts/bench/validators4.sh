#!/usr/bin/env bash
# Ballots against bank sends on four validators, in the same run (make
# bench-validators). This machine is noisy: compare the ratio.
#
# Four civitasd validators on loopback (scripts/localnet.sh --validators 4:
# the production consensus timeouts, timeout_commit 1s) whose genesis holds
# RUNS open public elections of agency 2, each with a Merkle census of the
# loadgen's VOTERS fresh keys, and ACCOUNTS funded relayers. bench/loadgen
# then, in alternating order across runs, sends to node 0:
#   - VOTERS offline-signed bank sends from the ACCOUNTS accounts;
#   - one ballot per voter of the run's election, signed offline, relayed
#     fee-free in MsgCastBallots of BATCH ballots.
# Every node executes every block: the figures include gossip and the four
# nodes sharing this machine's two cores. It prints, per run and phase, the
# units committed per second and the block intervals, then the ratio of the
# medians; also written to build/bench/validators4.txt (raw results:
# build/bench/validators4.jsonl).
#
#   RUNS=3 VOTERS=10000 BATCH=100 ACCOUNTS=64 scripts/bench/validators4.sh
set -euo pipefail
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
VOTERS="${VOTERS:-10000}"
BATCH="${BATCH:-100}"
ACCOUNTS="${ACCOUNTS:-64}"
OFFSET=3400
CHAIN_ID="civitas-local-1"
OUT="$REPO/build/bench"
DIR="$(mktemp -d /tmp/civitas-bench4-XXXXXX)"
BIN="$REPO/build/civitasd"
LG="$REPO/build/loadgen"
RPC="http://127.0.0.1:$((26657 + OFFSET))"
mkdir -p "$OUT"
PIDS=()
trap 'for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$DIR"' EXIT

echo "bench-validators: building civitasd and the load generator"
make -s build >/dev/null
go build -o "$LG" ./bench/loadgen

bash scripts/localnet.sh --binary "$BIN" --validators 4 --dir "$DIR" --port-offset "$OFFSET" --init-only >"$DIR/init.log" 2>&1 ||
  { cat "$DIR/init.log" >&2; exit 1; }
CENSUS="$("$LG" census -voters "$VOTERS")"
"$LG" addresses -prefix civ -accounts $((ACCOUNTS + 1)) |
  jq -R '{address: ., coins: [{denom: "ucivis", amount: "1000000000000"}]}' | jq -s . >"$DIR/relayers.json"
"$BIN" genesis bulk-add-genesis-account "$DIR/relayers.json" --home "$DIR/node0" >/dev/null
G="$DIR/node0/config/genesis.json"
jq --argjson census "$CENSUS" --arg chain "$CHAIN_ID" --argjson runs "$RUNS" '
  (.genesis_time | sub("\\.[0-9]+Z$"; "Z")) as $start
  | ($start | fromdateiso8601 + 86400 | todateiso8601) as $close
  | (.app_state.voting.elections[0].creator) as $creator
  | (.app_state.voting.next_election_id | tonumber) as $first
  | .app_state.voting.elections += [range($first; $first + $runs) as $id | {id: ($id | tostring), agency_id: "2", creator: $creator,
      title: "Bench \($id)", description: "", documents_uri: "", documents_sha256: "",
      questions: [{title: "Question", type: "BALLOT_TYPE_SINGLE", options: [{title: "Yes", cost: "0"}, {title: "No", cost: "0"}],
        min_choices: 0, max_choices: 0, envelope: "0", within_envelope: false}],
      census: {type: "CENSUS_TYPE_MERKLE", merkle_root: $census.root_base64, voters: $census.voters, total_weight: $census.total_weight},
      privacy: "PRIVACY_PUBLIC", start_time: $start, end_time: $close, max_revotes: 0, quorum_bps: 0,
      status: "ELECTION_STATUS_OPEN", created_height: "0", cancel_reason: "", cancelled_by: "", chain_id: $chain}]
  | .app_state.voting.tallies += [range($first; $first + $runs) as $id | {election_id: ($id | tostring), ballots: "0", turnout_weight: "0",
      overwrites: "0", invalid: "0", questions: [{totals: ["0.000000000000000000", "0.000000000000000000"], blank: "0"}]}]
  | .app_state.voting.next_election_id = ($first + $runs | tostring)' "$G" >"$G.tmp"
FIRST="$(jq -r '.app_state.voting.next_election_id' "$G")"
mv "$G.tmp" "$G"
for i in 0 1 2 3; do
  [ "$i" -eq 0 ] || cp "$G" "$DIR/node$i/config/genesis.json"
  sed -i -e 's/^size = .*/size = 20000/' -e 's/^cache_size = .*/cache_size = 40000/' "$DIR/node$i/config/config.toml"
done
for i in 0 1 2 3; do
  "$BIN" start --home "$DIR/node$i" >"$DIR/node$i.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 1 120); do
  curl -s "$RPC/status" | jq -e '(.result.sync_info.latest_block_height | tonumber) >= 3' >/dev/null 2>&1 && break
  sleep 0.5
done

results=()
for run in $(seq 1 "$RUNS"); do
  order="sends ballots"
  [ $((run % 2)) -eq 0 ] && order="ballots sends"
  for name in $order; do
    if [ "$name" = sends ]; then
      res="$("$LG" run -rpc "$RPC" -prefix civ -denom ucivis -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -txs "$VOTERS" -label sends)"
    else
      res="$("$LG" ballots -rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" -batch "$BATCH" \
        -election $((FIRST + run - 1)) -label ballots)"
    fi || { echo "bench-validators: the $name load failed; node 0 log: $DIR/node0.log" >&2; cp "$DIR/node0.log" "$OUT/validators4-node0.log"; exit 1; }
    echo "run $run $name: $(echo "$res" | jq -c 'del(.series)')"
    results+=("$(echo "$res" | jq -c --argjson r "$run" '. + {run: $r}')")
  done
done
printf '%s\n' "${results[@]}" >"$OUT/validators4.jsonl"

printf '%s\n' "${results[@]}" | jq -s -r --arg n "$VOTERS" --arg b "$BATCH" --arg a "$ACCOUNTS" '
  def median: sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;
  def med($b): map(select(.binary == $b) | .tx_per_sec) | median;
  med("sends") as $s | med("ballots") as $bl |
  "four validators on one machine: \($n) ballots (Merkle census, relayed in batches of \($b)) against \($n) bank sends, from \($a) accounts",
  (.[] | "  run \(.run)  \(.binary | . + "        " | .[0:8])  \(.tx_per_sec | floor) \(.unit)/s  (\(.committed) in \(.seconds * 100 | floor / 100) s, \(.blocks) blocks, block interval mean \(.block_mean_ms | floor) ms, max \(.block_max_ms | floor) ms)"),
  "  median   ballots \($bl | floor)/s, bank sends \($s | floor)/s: ballots/sends = \($bl / $s * 100 | floor / 100)"
' | tee "$OUT/validators4.txt"
