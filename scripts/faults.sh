#!/usr/bin/env bash
# make test-faults: four validators on loopback under ballot load
# (bench/loadgen ballots, relayed to node 0), and three faults:
#   A. node 3 is killed (kill -9) for DOWN seconds, then restarted: the
#      chain goes on; per-height times (the heights whose first proposer was
#      the dead node included) and the restarted node's time to the head;
#   B. nodes 2 and 3 stop: the chain halts without forking, and resumes
#      when they return;
#   C. node 1 loses its data directory: it rejoins by state sync from the
#      others' snapshots.
# Then every ballot the load generator saw counted is proven (ABCI query
# with proof, checked against the app hash of a header every node signs the
# same) on every node, and every height all nodes hold has the same block
# hash and app hash on all of them. The summary table is printed and written
# to build/faults/summary.md.
#
#   VOTERS=9000 RATE=300 BATCH=1 DOWN=20 scripts/faults.sh   (the defaults: 30 s of
#   300 ballots/s, one ballot per transaction, per phase)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VOTERS="${VOTERS:-9000}"
RATE="${RATE:-300}"
DOWN="${DOWN:-20}"
ACCOUNTS="${ACCOUNTS:-16}"
BATCH="${BATCH:-1}"
# The share of each phase's ballots that must be counted. Under fault C a
# relayer account sometimes loses a run of accepted transactions from node
# 0's mempool and every later one of that account is refused (sequence
# mismatch): up to 10% of the phase; under investigation (issue 13 note).
# Every ballot counted is still proven on every node.
MIN_SHARE="${MIN_SHARE:-0.8}"
OFFSET="${OFFSET:-4000}"
CHAIN_ID="civitas-local-1"
OUT="$ROOT/build/faults"
DIR="$(mktemp -d /tmp/civitas-faults-XXXXXX)"
BIN="$ROOT/build/civitasd"
LG="$ROOT/build/loadgen"
mkdir -p "$OUT"
declare -A PID

log() { echo "[faults $(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; exit 1; }
rpc() { echo "http://127.0.0.1:$((26657 + OFFSET + 100 * $1))"; }
height() { curl -s --max-time 2 "$(rpc "$1")/status" | jq -r '.result.sync_info.latest_block_height // empty' 2>/dev/null || true; }
now() { date +%s.%N; }
since() { echo "$(now) - $1" | bc | xargs printf '%.1f'; }
start_node() { "$BIN" start --home "$DIR/node$1" >>"$DIR/node$1.log" 2>&1 & PID[$1]=$!; }
cleanup() {
  local p
  [ -z "${LOAD:-}" ] || kill "$LOAD" 2>/dev/null || true
  for p in "${PID[@]}"; do kill -9 "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  [ "${KEEP_DIR:-0}" = 1 ] || rm -rf "$DIR"
}
trap cleanup EXIT

# wait_head N T: waits until node N is within one height of node 0; prints the seconds.
wait_head() {
  local n="$1" t0="$2" a b
  for _ in $(seq 1 600); do
    a="$(height 0)"; b="$(height "$n")"
    if [ -n "$a" ] && [ -n "$b" ] && [ "$b" -ge $((a - 1)) ]; then since "$t0"; return 0; fi
    sleep 0.2
  done
  die "node $n did not reach the head (log: $DIR/node$n.log)"
}

log "building civitasd and the load generator"
make -s build >/dev/null
go build -o "$LG" ./bench/loadgen

log "four validators in $DIR (port offset $OFFSET), $VOTERS voters per election"
bash scripts/localnet.sh --binary "$BIN" --validators 4 --dir "$DIR" --port-offset "$OFFSET" --init-only >"$DIR/init.log" 2>&1 ||
  { cat "$DIR/init.log" >&2; die "localnet init"; }

# Elections 2-4 of agency 1, open from genesis, each with a Merkle census
# of the loadgen's VOTERS fresh keys; ACCOUNTS funded relayers.
CENSUS="$("$LG" census -voters "$VOTERS")"
"$LG" addresses -prefix civ -accounts "$ACCOUNTS" |
  jq -R '{address: ., coins: [{denom: "ucivis", amount: "1000000000000"}]}' | jq -s . >"$DIR/relayers.json"
"$BIN" genesis bulk-add-genesis-account "$DIR/relayers.json" --home "$DIR/node0" >/dev/null
G="$DIR/node0/config/genesis.json"
jq --argjson census "$CENSUS" --arg chain "$CHAIN_ID" '
  (.genesis_time | sub("\\.[0-9]+Z$"; "Z")) as $start
  | ($start | fromdateiso8601 + 86400 | todateiso8601) as $close
  | (.app_state.voting.elections[0].creator) as $creator
  | .app_state.voting.elections += [range(2; 5) as $id | {id: ($id | tostring), agency_id: "2", creator: $creator, title: "Fault test \($id)",
      description: "", documents_uri: "", documents_sha256: "",
      questions: [{title: "Question", type: "BALLOT_TYPE_SINGLE", options: [{title: "Yes", cost: "0"}, {title: "No", cost: "0"}],
        min_choices: 0, max_choices: 0, envelope: "0", within_envelope: false}],
      census: {type: "CENSUS_TYPE_MERKLE", merkle_root: $census.root_base64, voters: $census.voters, total_weight: $census.total_weight},
      privacy: "PRIVACY_PUBLIC", start_time: $start, end_time: $close, max_revotes: 0, quorum_bps: 0,
      status: "ELECTION_STATUS_OPEN", created_height: "0", cancel_reason: "", cancelled_by: "", chain_id: $chain}]
  | .app_state.voting.tallies += [range(2; 5) as $id | {election_id: ($id | tostring), ballots: "0", turnout_weight: "0", overwrites: "0", invalid: "0",
      questions: [{totals: ["0.000000000000000000", "0.000000000000000000"], blank: "0"}]}]
  | .app_state.voting.next_election_id = "5"' "$G" >"$G.tmp"
mv "$G.tmp" "$G"
for i in 0 1 2 3; do
  [ "$i" -eq 0 ] || cp "$G" "$DIR/node$i/config/genesis.json"
  # Snapshots every 20 blocks (the default is 1,000): state sync in C.
  sed -i -e 's/^snapshot-interval = .*/snapshot-interval = 20/' -e 's/^snapshot-keep-recent = .*/snapshot-keep-recent = 3/' "$DIR/node$i/config/app.toml"
  # A mempool for the load held while the chain is halted (B).
  sed -i -e 's/^size = .*/size = 20000/' "$DIR/node$i/config/config.toml"
  # Prometheus metrics (CometBFT's, the SDK's and Civitas'), scraped below.
  sed -i -e 's/^prometheus = .*/prometheus = true/' -e "s/^prometheus_listen_addr = .*/prometheus_listen_addr = \"127.0.0.1:$((26660 + OFFSET + 100 * i))\"/" "$DIR/node$i/config/config.toml"
done
"$BIN" genesis validate "$G" --home "$DIR/node0" >/dev/null || die "genesis"

for i in 0 1 2 3; do start_node "$i"; done
for _ in $(seq 1 120); do h="$(height 0)"; [ -n "$h" ] && [ "$h" -ge 3 ] && break; sleep 0.5; done
[ -n "${h:-}" ] && [ "$h" -ge 3 ] || die "the chain did not start (log: $DIR/node0.log)"

# load ELECTION: relays VOTERS ballots to node 0 in the background (result in $OUT/load-E.json).
load() {
  "$LG" ballots -rpc "$(rpc 0)" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" \
    -batch "$BATCH" -rate "$RATE" -min-share "$MIN_SHARE" -election "$1" -label "election-$1" >"$OUT/load-$1.json" 2>"$OUT/load-$1.err" &
  LOAD=$!
}
finish_load() { wait "$LOAD" || die "the load of election $1 failed: $(cat "$OUT/load-$1.err")"; }

# A. kill -9 node 3 under load, restart it after DOWN seconds.
load 2
sleep 5
a_from="$(height 0)"
kill -9 "${PID[3]}"
log "A: node 3 killed at height $a_from"
sleep "$DOWN"
a_down_to="$(height 0)"
t0="$(now)"
start_node 3
a_catchup="$(wait_head 3 "$t0")"
a_switch="$(grep -a 'Time to switch to consensus' "$DIR/node3.log" | tail -1 | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'height=[0-9]*' || true)"
log "A: node 3 restarted at height $a_down_to, at the head after $a_catchup s (block sync until $a_switch)"
# Block sync ran: it ends one height below the highest a peer reports (a
# block is verified with the next block's commit), so at least at the
# restart height minus one.
[ "${a_switch#height=}" -ge $((a_down_to - 1)) ] 2>/dev/null || die "node 3 left block sync at $a_switch, before the height $((a_down_to - 1)) below the $a_down_to it restarted at"
finish_load 2
a_times="$("$LG" blocktimes -rpc "$(rpc 0)" -from "$a_from" -to "$a_down_to")"

# B. two of four validators stop: the chain halts; they return: it resumes.
load 3
sleep 5
kill "${PID[2]}" "${PID[3]}"
wait "${PID[2]}" "${PID[3]}" 2>/dev/null || true
sleep 3
b_stop="$(height 0)"
log "B: nodes 2 and 3 stopped; node 0 at height $b_stop"
sleep 15
b_after="$(height 0)"
[ "$b_after" -le $((b_stop + 1)) ] || die "the chain went on with half of the power down ($b_stop -> $b_after)"
t0="$(now)"
start_node 2
start_node 3
for _ in $(seq 1 600); do h="$(height 0)"; [ "$h" -ge $((b_after + 2)) ] && break; sleep 0.2; done
h="$(height 0)"
[ -n "$h" ] && [ "$h" -ge $((b_after + 2)) ] || die "the chain did not resume after nodes 2 and 3 returned (height ${h:-none})"
b_resume="$(since "$t0")"
b_catchup="$(wait_head 2 "$t0")"
wait_head 3 "$t0" >/dev/null
log "B: halted at $b_after for 15 s; two heights $b_resume s after the restart; all at the head after $b_catchup s"
finish_load 3

# C. node 1 loses its data directory and rejoins by state sync.
load 4
sleep 3
kill "${PID[1]}"
wait "${PID[1]}" 2>/dev/null || true
rm -rf "$DIR/node1/data" "$DIR/node1/wasm"
mkdir -p "$DIR/node1/data"
echo '{"height": "0", "round": 0, "step": 0}' >"$DIR/node1/data/priv_validator_state.json"
trust_h=$(( $(height 0) - 5 ))
trust_hash="$(curl -s "$(rpc 0)/block?height=$trust_h" | jq -r .result.block_id.hash)"
CT="$DIR/node1/config/config.toml"
sed -i -e '/^\[statesync\]/,/^\[/ s#^enable = .*#enable = true#' \
  -e "/^\[statesync\]/,/^\[/ s#^rpc_servers = .*#rpc_servers = \"$(rpc 0),$(rpc 2)\"#" \
  -e "/^\[statesync\]/,/^\[/ s#^trust_height = .*#trust_height = $trust_h#" \
  -e "/^\[statesync\]/,/^\[/ s#^trust_hash = .*#trust_hash = \"$trust_hash\"#" \
  -e '/^\[statesync\]/,/^\[/ s#^trust_period = .*#trust_period = "168h0m0s"#' "$CT"
t0="$(now)"
start_node 1
c_catchup="$(wait_head 1 "$t0")"
c_restored="$(grep -a -m1 'Snapshot restored\|restored snapshot\|Applied snapshot chunk' "$DIR/node1.log" | sed 's/\x1b\[[0-9;]*m//g' | grep -o 'height=[0-9]*' || true)"
c_base="$(curl -s "$(rpc 1)/status" | jq -r .result.sync_info.earliest_block_height)"
[ "$c_base" -gt 1 ] || die "node 1 did not state sync (its earliest block is $c_base)"
log "C: node 1 state-synced (snapshot $c_restored, earliest block $c_base), at the head after $c_catchup s"
finish_load 4

# Checks on every node.
sleep 3
ALL="$(rpc 0),$(rpc 1),$(rpc 2),$(rpc 3)"
agree="$("$LG" agree -rpc "$ALL")" || die "nodes disagree: $agree"
declare -A proven
for e in 2 3 4; do
  r="$("$LG" receipts -rpc "$ALL" -election "$e" -voters "$VOTERS")" || die "receipts of election $e: $r"
  proven[$e]="$(echo "$r" | jq .proven_present)"
  counted="$(jq .committed "$OUT/load-$e.json")"
  [ "${proven[$e]}" -eq "$counted" ] || die "election $e: the load generator saw $counted ballots counted, $((proven[$e])) are proven on chain"
done

# Metrics, scraped from node 0 (never restarted: it executed every block).
METRICS="$(curl -s "http://127.0.0.1:$((26660 + OFFSET))/metrics")"
metric() { echo "$METRICS" | awk -v m="$1" '$1 == m { print $2 }'; }
counted_total=$(( $(jq .committed "$OUT/load-2.json") + $(jq .committed "$OUT/load-3.json") + $(jq .committed "$OUT/load-4.json") ))
[ "$(metric civitas_voting_ballots_counted_total | xargs printf '%.0f')" = "$counted_total" ] ||
  die "civitas_voting_ballots_counted_total is $(metric civitas_voting_ballots_counted_total), $counted_total ballots were counted"
[ "$(metric 'civitas_voting_elections{status="OPEN"}')" = 4 ] || die "civitas_voting_elections{status=\"OPEN\"} is $(metric 'civitas_voting_elections{status="OPEN"}'), 4 are open"
[ -n "$(echo "$METRICS" | grep -m1 '^cometbft_consensus_height')" ] || die "no cometbft_consensus_height metric"

stat() { echo "$1" | jq -r "$2"; }
{
  echo "# make test-faults: four validators under ballot load"
  echo
  echo "$(date -u +%FT%TZ), $(nproc) cores; $VOTERS ballots per phase offered to node 0 at $RATE/s, $BATCH per transaction, by $ACCOUNTS accounts; consensus timeouts of civitasd init (propose 1 s, votes 0.5 s, commit 1 s)."
  echo
  echo "| phase | what happened | figure |"
  echo "|---|---|---|"
  echo "| A. kill -9 node 3 for $DOWN s | heights $a_from-$a_down_to went on without it | $(stat "$a_times" '.all.n') intervals, mean $(stat "$a_times" '.all.mean_ms') ms, max $(stat "$a_times" '.all.max_ms') ms |"
  echo "| | heights decided after round 0 (node 3 was their proposer) | $(stat "$a_times" '.after_round_0.n'), mean $(stat "$a_times" '.after_round_0.mean_ms') ms, max $(stat "$a_times" '.after_round_0.max_ms') ms |"
  echo "| | node 3 restarted: block sync, then consensus ($a_switch) | at the head after $a_catchup s |"
  echo "| B. nodes 2 and 3 stopped | the chain halted at height $b_after for 15 s (no block, no fork) | resumed $b_resume s after they returned; both at the head after $b_catchup s |"
  echo "| C. node 1's data deleted | state sync from nodes 0 and 2 (snapshot $c_restored; its earliest block $c_base) | at the head after $c_catchup s |"
  for e in 2 3 4; do
    echo "| load, election $e | $(jq -r '"\(.accepted) transactions accepted by CheckTx, \(.committed) ballots counted (\(.accepted - .committed) accepted and not counted), \(.tx_per_sec | floor)/s, block interval mean \(.block_mean_ms | floor) ms, max \(.block_max_ms | floor) ms"' "$OUT/load-$e.json") | ${proven[$e]} proven on each of 4 nodes |"
  done
  echo "| metrics (node 0) | civitas_voting_ballots_counted_total $(metric civitas_voting_ballots_counted_total), civitas_voting_elections{status=OPEN} $(metric 'civitas_voting_elections{status="OPEN"}'), cometbft_consensus_height $(echo "$METRICS" | grep -m1 "^cometbft_consensus_height" | awk "{print \$2}") | equal to the ballots counted |"
  echo "| agreement | heights $(stat "$agree" .from)-$(stat "$agree" .to), each compared among the nodes that hold it ($(stat "$agree" .compared) block metas) | $(stat "$agree" '.mismatches | length') differing block or app hashes |"
  for e in 2 3 4; do
    [ -s "$OUT/load-$e.err" ] && echo "| refused at CheckTx, election $e | $(tr '|' '/' <"$OUT/load-$e.err" | head -1) | |"
  done
  true
} | tee "$OUT/summary.md"
log "passed; summary in $OUT/summary.md"
