#!/usr/bin/env bash
# Ballots against bank sends on the same node, in the same run (make
# bench-voting). This machine is noisy: compare the ratio.
#
# Each run starts a fresh single-validator civitasd chain on loopback
# (timeout_commit 200ms, mempool of 20,000 txs, zero minimum gas price) whose
# genesis holds an open election of agency 1 with a Merkle census of VOTERS
# fresh keys (weight 1, never accounts). bench/loadgen then, in alternating
# order across runs:
#   - sends VOTERS offline-signed bank sends from ACCOUNTS accounts;
#   - signs one ballot per voter offline (secp256k1, with its census proof)
#     and relays them fee-free in MsgCastBallots of BATCH ballots from the
#     same ACCOUNTS accounts;
#   - the same ballots for election 2, which has a residency-eligibility
#     check_voter_eligibility rule attached (every voter attested), so each
#     ballot is asked of the contract;
#   - the same choices as secret ballots for election 3, a SECRET election
#     whose 2-of-3 key (real deals, loadgen ceremony) is in the genesis: each
#     voter's client encrypts one ciphertext per option with its proofs, and
#     the node checks every proof and adds the ballot to the encrypted sums.
# It prints, per run and phase, the units committed per second, the block
# intervals and the node's CPU time per unit, then the ratio of the medians
# (ballots/s over sends/s) and the node's peak RSS; also written to
# build/bench/voting.txt.
#
#   RUNS=3 VOTERS=10000 BATCH=100 ACCOUNTS=64 QUESTIONS=1 scripts/bench/voting.sh
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO"
RUNS="${RUNS:-3}"
VOTERS="${VOTERS:-10000}"
BATCH="${BATCH:-100}"
ACCOUNTS="${ACCOUNTS:-64}"
QUESTIONS="${QUESTIONS:-1}"
OUT="$REPO/build/bench"
WORK="$(mktemp -d)"
CHAIN_ID="bench-1"
# Election 2, the same census with a residency-eligibility rule attached
# (loadgen voter-rule), opens RULE_START seconds after genesis.
RULE_START="${RULE_START:-60}"
OFFSET=3100 # ports: rpc 29757, p2p 29756, abci 29758, grpc 12190, api 4417
RPC="http://127.0.0.1:$((26657 + OFFSET))"
mkdir -p "$OUT"
trap 'pkill -f "$WORK" 2>/dev/null || true; rm -rf "$WORK"' EXIT

echo "bench-voting: building civitasd and the load generator"
make -s build >/dev/null
BIN="$REPO/build/civitasd"
go build -o build/loadgen ./bench/loadgen
CENSUS="$(build/loadgen census -voters "$VOTERS")"
SECRET="$(build/loadgen ceremony -prefix civ -chain-id "$CHAIN_ID" -election 3 -trustees 3 -threshold 2)"

source "$REPO/scripts/bench/lib.sh"

setup() {
  local h="$WORK/node"
  bench_init "$h"
  local officer
  officer="$(build/loadgen addresses -prefix civ -accounts $((ACCOUNTS + 1)) | tail -1)"
  bench_edit_genesis "$h" --arg v "$VAL" --arg o "$officer" --arg chain "$CHAIN_ID" --argjson census "$CENSUS" --argjson q "$QUESTIONS" --argjson secret "$SECRET" \
    --argjson delay "$RULE_START" '
    (.genesis_time | sub("\\.[0-9]+Z$"; "Z")) as $start
    | ($start | fromdateiso8601 + 86400 | todateiso8601) as $close
    | ($start | fromdateiso8601 + $delay | todateiso8601) as $rulestart
    | .app_state.agency.agencies = [{id: "1", name: "Bench body", jurisdiction: "EE", admins: [$v], status: "AGENCY_STATUS_ACTIVE"}]
    | .app_state.agency.seat_grants = [{agency_id: "1", operator: $v, seats: "1", issued_height: "0"}]
    | .app_state.agency.roles = [{agency_id: "1", address: $o, role: "ROLE_CONTRACT_DEVELOPER", reason: "bench", granted_by: $v, granted_height: "0"},
        {agency_id: "1", address: $o, role: "ROLE_ELECTION_OFFICER", reason: "bench", granted_by: $v, granted_height: "0"}]
    | .app_state.agency.next_agency_id = "2"
    | .app_state.voting.elections = [range(1; 4) as $id | {id: ($id | tostring), agency_id: "1", creator: $v, title: "Bench election \($id)",
        description: "", documents_uri: "", documents_sha256: "",
        questions: [range(0; $q) | {title: "Question \(.)", type: "BALLOT_TYPE_SINGLE",
          options: [{title: "Yes", cost: "0"}, {title: "No", cost: "0"}], min_choices: 0, max_choices: 0, envelope: "0", within_envelope: false}],
        census: {type: "CENSUS_TYPE_MERKLE", merkle_root: $census.root_base64, voters: $census.voters, total_weight: $census.total_weight},
        privacy: (if $id == 3 then "PRIVACY_SECRET" else "PRIVACY_PUBLIC" end), start_time: (if $id == 2 then $rulestart else $start end),
        end_time: $close, max_revotes: 0, quorum_bps: 0,
        status: (if $id == 2 then "ELECTION_STATUS_SCHEDULED" else "ELECTION_STATUS_OPEN" end),
        created_height: "0", cancel_reason: "", cancelled_by: "", chain_id: $chain}
        + (if $id == 3 then {key_ceremony: $secret.key_ceremony} else {} end)]
    | .app_state.voting.key_deals = $secret.key_deals
    | .app_state.voting.tallies = [range(1; 4) as $id | {election_id: ($id | tostring), ballots: "0", turnout_weight: "0", overwrites: "0", invalid: "0",
        questions: [range(0; $q) | {totals: ["0.000000000000000000", "0.000000000000000000"], blank: "0"}]}]
    | .app_state.voting.next_election_id = "4"'
  bench_finish "$h"
}

# phase NAME PID: runs one load and prints its result with node CPU per unit.
phase() {
  local name="$1" pid="$2"
  case "$name" in
    sends) bench_measure "$pid" build/loadgen run -rpc "$RPC" -prefix civ -denom ucivis -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -txs "$VOTERS" -label sends ;;
    ballots) bench_measure "$pid" build/loadgen ballots -rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" \
      -questions "$QUESTIONS" -batch "$BATCH" -label ballots ;;
    ballots-rule)
      build/loadgen await -rpc "$RPC" -time "$RULE_OPENS" >&2 &&
      bench_measure "$pid" build/loadgen ballots -rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" \
        -questions "$QUESTIONS" -batch "$BATCH" -election 2 -label ballots-rule ;;
    ballots-secret) bench_measure "$pid" build/loadgen ballots -rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" \
      -questions "$QUESTIONS" -batch "$BATCH" -election 3 -label ballots-secret ;;
  esac || { echo "bench-voting: the $name load failed; node log: $OUT/voting-node.log" >&2; return 1; }
}

results=()
for run in $(seq 1 "$RUNS"); do
  setup
  bench_start "$WORK/node" "$OUT/voting-node.log"
  pid=$NODE_PID
  RULE_OPENS="$(jq -r '.app_state.voting.elections[1].start_time' "$WORK/node/config/genesis.json")"
  if ! build/loadgen voter-rule -rpc "$RPC" -prefix civ -chain-id "$CHAIN_ID" -accounts "$ACCOUNTS" -voters "$VOTERS" -election 2 >&2; then
    echo "bench-voting: setting up the voter rule failed; node log: $OUT/voting-node.log" >&2; kill "$pid"; exit 1
  fi
  case $((run % 4)) in
    1) order="sends ballots ballots-rule ballots-secret" ;;
    2) order="ballots-secret sends ballots ballots-rule" ;;
    3) order="ballots-rule ballots-secret sends ballots" ;;
    0) order="ballots ballots-rule ballots-secret sends" ;;
  esac
  for name in $order; do
    if ! res="$(phase "$name" "$pid")"; then kill "$pid"; exit 1; fi
    echo "run $run $name: $(echo "$res" | jq -c 'del(.series)')"
    results+=("$(echo "$res" | jq -c --argjson r "$run" '. + {run: $r}')")
  done
  bench_stop
  results+=("{\"run\": $run, \"peak_rss_kb\": $PEAK_RSS}")
done

printf '%s\n' "${results[@]}" >"$OUT/voting.jsonl"

printf '%s\n' "${results[@]}" | jq -s -r --arg v "$VOTERS" --arg b "$BATCH" --arg a "$ACCOUNTS" --arg q "$QUESTIONS" "$JQ_MEDIAN"'
  (map(select(.binary == "sends") | .tx_per_sec) | median) as $s |
  (map(select(.binary == "ballots") | .tx_per_sec) | median) as $bl |
  (map(select(.binary == "ballots-rule") | .tx_per_sec) | median) as $br |
  (map(select(.binary == "ballots-rule") | .node_cpu_us_per_unit) | median) as $brc |
  (map(select(.binary == "sends") | .node_cpu_us_per_unit) | median) as $sc |
  (map(select(.binary == "ballots-secret") | .tx_per_sec) | median) as $bs |
  (map(select(.binary == "ballots-secret") | .node_cpu_us_per_unit) | median) as $bsc |
  (map(select(.binary == "ballots") | .node_cpu_us_per_unit) | median) as $bc |
  (map(select(.peak_rss_kb) | .peak_rss_kb) | max) as $rss |
  "x/voting throughput, single node: \($v) ballots of \($v) fresh voters (Merkle census, \($q) question(s)) relayed in batches of \($b) by \($a) accounts, against \($v) bank sends",
  (.[] | select(.binary) | "  run \(.run)  \(.binary | . + "            " | .[0:12])  \(.tx_per_sec | floor) \(.unit)/s  (\(.committed) in \(.seconds * 100 | floor / 100) s, \(.blocks) blocks, block interval mean \(.block_mean_ms | floor) ms, max \(.block_max_ms | floor) ms), node CPU \(.node_cpu_us_per_unit) µs/\(.unit)"),
  "  median   ballots \($bl | floor)/s, bank sends \($s | floor)/s: ballots/sends = \($bl / $s * 100 | floor / 100)",
  "  median   ballots with a check_voter_eligibility rule (residency-eligibility) \($br | floor)/s: /sends = \($br / $s * 100 | floor / 100), /ballots without = \($br / $bl * 100 | floor / 100)",
  "  median   secret ballots (encrypted, every proof checked, added to the encrypted sums) \($bs | floor)/s: /sends = \($bs / $s * 100 | floor / 100), /public ballots = \($bs / $bl * 100 | floor / 100)",
  "  median   node CPU: \($bc) µs per ballot, \($brc) µs per ballot with the rule, \($bsc) µs per secret ballot, \($sc) µs per send",
  "  node peak RSS \($rss / 1024 | floor) MiB"
' | tee "$OUT/voting.txt"
