#!/usr/bin/env bash
# Civitas local network: builds civitasd, creates a fresh chain with funded
# demo accounts and runs it in the foreground (Ctrl-C stops every node).
#
#   scripts/localnet.sh                   one validator
#   scripts/localnet.sh --validators 4    four validators on loopback ports
#
# Options:
#   --validators N     number of validators (default 1)
#   --dir DIR          where node homes are created (default .localnet)
#   --port-offset K    add K to every port (default 0), to run beside another chain
#   --voting-period D  governance voting period (default 30s; expedited is half)
#   --seats LIST       seats of each validator, comma-separated (default 1 each), e.g. 3,1
#   --binary PATH      use this civitasd instead of building build/civitasd
#   --init-only        create the homes and genesis, print the banner, do not start
#   --keep             reuse an existing DIR instead of starting from scratch
#
# Node i (0-based) listens on: CometBFT RPC 26657+100i, P2P 26656+100i,
# ABCI 26658+100i, gRPC 9090+10i, REST 1317+10i, pprof 6060+i (plus the offset).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CHAIN_ID="civitas-local-1"
VALIDATORS=1
DIR="$REPO_ROOT/.localnet"
OFFSET=0
VOTING_PERIOD="30s"
SEATS=""
BINARY=""
INIT_ONLY=0
KEEP=0

die() { echo "localnet: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --validators) VALIDATORS="${2:-}"; shift 2 ;;
    --validators=*) VALIDATORS="${1#*=}"; shift ;;
    --dir) DIR="${2:-}"; shift 2 ;;
    --dir=*) DIR="${1#*=}"; shift ;;
    --port-offset) OFFSET="${2:-}"; shift 2 ;;
    --port-offset=*) OFFSET="${1#*=}"; shift ;;
    --voting-period) VOTING_PERIOD="${2:-}"; shift 2 ;;
    --voting-period=*) VOTING_PERIOD="${1#*=}"; shift ;;
    --seats) SEATS="${2:-}"; shift 2 ;;
    --seats=*) SEATS="${1#*=}"; shift ;;
    --binary) BINARY="${2:-}"; shift 2 ;;
    --binary=*) BINARY="${1#*=}"; shift ;;
    --init-only) INIT_ONLY=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
done

[[ "$VALIDATORS" =~ ^[1-9][0-9]?$ ]] || die "--validators must be a number from 1 to 99, got '$VALIDATORS'"
[[ "$OFFSET" =~ ^[0-9]+$ ]] || die "--port-offset must be a non-negative number, got '$OFFSET'"
[[ "$VOTING_PERIOD" =~ ^[1-9][0-9]*(s|m|h)$ ]] || die "--voting-period must look like 30s, 5m or 1h, got '$VOTING_PERIOD'"
# seats of validator i: SEAT_LIST[i]
SEAT_LIST=()
if [ -n "$SEATS" ]; then
  IFS=, read -r -a SEAT_LIST <<<"$SEATS"
  [ "${#SEAT_LIST[@]}" -eq "$VALIDATORS" ] || die "--seats must list $VALIDATORS number(s), one per validator, got '$SEATS'"
fi
for ((i = 0; i < VALIDATORS; i++)); do
  SEAT_LIST[i]="${SEAT_LIST[i]:-1}"
  [[ "${SEAT_LIST[i]}" =~ ^[1-9][0-9]?$ ]] || die "--seats: each validator needs 1 to 99 seats, got '${SEAT_LIST[i]}'"
done
command -v jq >/dev/null || die "jq is required (Debian: apt-get install -y jq)"
DIR="$(mkdir -p "$DIR" && cd "$DIR" && pwd)"

if [ -z "$BINARY" ]; then
  echo "localnet: building civitasd (the first build takes several minutes)..."
  make -C "$REPO_ROOT" build >/dev/null
  BINARY="$REPO_ROOT/build/civitasd"
fi
[ -x "$BINARY" ] || die "no civitasd binary at $BINARY"

# Demo accounts (keyring-backend test). These mnemonics are public: never use
# them on a real network.
DEMO_KEYS=(alice bob carol dave)
DEMO_MNEMONICS=(
  "moral motion live great hard hire series flight only swing quality rare daughter general amazing girl someone december taxi enroll auto brick onion dust"
  "venture aim wage rail average wire video skill denial major wall swear column author diet menu spell defy rain margin street note utility paddle"
  "smart news jump quit where tip vivid magnet shift huge sign offer ten click find logic quick express burger pull million borrow acid scrap"
  "slim kite chef provide ethics spin dice swing face weekend best kidney arrow ghost uncle spread glide industry session pumpkin story injury name inform"
)
DEMO_FUNDS="1000000000000ucivis"    # 1,000,000 CIVIS each
VALIDATOR_CIVIS="100000000000ucivis" # 100,000 CIVIS each; plus its seats (1,000,000 useat each)

home() { echo "$DIR/node$1"; }
port() { # port NAME INDEX
  local base step
  case "$1" in
    p2p) base=26656; step=100 ;; rpc) base=26657; step=100 ;; abci) base=26658; step=100 ;;
    grpc) base=9090; step=10 ;; api) base=1317; step=10 ;; pprof) base=6060; step=1 ;;
  esac
  echo $((base + step * $2 + OFFSET))
}
# cli ARGS: runs civitasd; on failure prints the command and its output and
# stops the script (nothing fails silently).
cli() {
  local out
  if ! out="$("$BINARY" "$@" 2>&1)"; then
    echo "localnet: this command failed:" >&2
    echo "  $BINARY $*" >&2
    echo "$out" | sed 's/^/  | /' >&2
    exit 1
  fi
  [ -z "$out" ] || printf '%s\n' "$out"
}
trap 'rc=$?; echo "localnet: failed (exit $rc) at line $LINENO: $BASH_COMMAND" >&2' ERR
set -E

# toml_set FILE SECTION KEY VALUE: set KEY (in [SECTION], or at the top when
# SECTION is empty) to VALUE, written as given (quote strings yourself).
toml_set() {
  awk -v sec="$2" -v key="$3" -v val="$4" '
    /^\[/ { cur = substr($0, 2, length($0) - 2) }
    cur == sec && $0 ~ ("^" key "[ ]*=") { print key " = " val; found = 1; next }
    { print }
    END { if (!found) exit 3 }' "$1" >"$1.tmp" || die "could not set $3 in [$2] of $1"
  mv "$1.tmp" "$1"
}

init_chain() {
  rm -rf "$DIR"/node* "$DIR"/gentxs
  mkdir -p "$DIR/gentxs"
  local i h0
  h0="$(home 0)"
  for ((i = 0; i < VALIDATORS; i++)); do
    local h; h="$(home "$i")"
    cli init "validator-$i" --chain-id "$CHAIN_ID" --home "$h" >/dev/null
    cli keys add "validator-$i" --keyring-backend test --home "$h" >/dev/null
  done

  # Pre-genesis on node 0: every validator and demo account, funded.
  local operators=()
  for ((i = 0; i < VALIDATORS; i++)); do
    local addr
    addr="$(cli keys show "validator-$i" -a --keyring-backend test --home "$(home "$i")")"
    operators+=("$addr")
    cli genesis add-genesis-account "$addr" "${SEAT_LIST[i]}000000useat,$VALIDATOR_CIVIS" --home "$h0" >/dev/null
  done
  for ((i = 0; i < ${#DEMO_KEYS[@]}; i++)); do
    echo "${DEMO_MNEMONICS[$i]}" | cli keys add "${DEMO_KEYS[$i]}" --recover --keyring-backend test --home "$h0" >/dev/null
    cli genesis add-genesis-account "${DEMO_KEYS[$i]}" "$DEMO_FUNDS" --keyring-backend test --home "$h0" >/dev/null
  done

  # Local-network policy: short governance and unbonding periods. The
  # expedited voting period is half the voting period (in seconds).
  local secs="${VOTING_PERIOD%[smh]}"
  case "$VOTING_PERIOD" in *m) secs=$((secs * 60)) ;; *h) secs=$((secs * 3600)) ;; esac
  local half="$((secs / 2))s"
  [ "$secs" -ge 2 ] || half="1s"
  jq --arg vp "$VOTING_PERIOD" --arg ep "$half" '
      .app_state.gov.params.voting_period = $vp
    | .app_state.gov.params.max_deposit_period = $vp
    | .app_state.gov.params.expedited_voting_period = $ep
    | .app_state.staking.params.unbonding_time = "120s"
    ' "$h0/config/genesis.json" >"$h0/config/genesis.tmp"
  mv "$h0/config/genesis.tmp" "$h0/config/genesis.json"

  # Demo data (x/agency): two agencies with role holders, one supplier. Every
  # validator seat comes from a seat grant of an agency, so that governance
  # can revoke it: validator-0 is run by agency 1, validator-1 by agency 2,
  # validator-i (i >= 2) by its own agency i+1 "Validator body i".
  local alice bob carol dave
  alice="$(cli keys show alice -a --keyring-backend test --home "$h0")"
  bob="$(cli keys show bob -a --keyring-backend test --home "$h0")"
  carol="$(cli keys show carol -a --keyring-backend test --home "$h0")"
  dave="$(cli keys show dave -a --keyring-backend test --home "$h0")"
  local ops_json seats_json
  ops_json="$(printf '%s\n' "${operators[@]}" | jq -R . | jq -s -c .)"
  seats_json="$(printf '%s\n' "${SEAT_LIST[@]}" | jq -s -c .)"
  jq --arg alice "$alice" --arg bob "$bob" --arg carol "$carol" --arg dave "$dave" \
     --argjson ops "$ops_json" --argjson seats "$seats_json" '
    def grant($a; $addr; $role; $by; $why): {agency_id: $a, address: $addr, role: $role, reason: $why, granted_by: $by, granted_height: "0"};
      .app_state.agency.agencies = [
        {id: "1", name: "Ministry of Public Works", jurisdiction: "EE", admins: [$alice], status: "AGENCY_STATUS_ACTIVE"},
        {id: "2", name: "Tartu City Council", jurisdiction: "EE-79", admins: [$bob], status: "AGENCY_STATUS_ACTIVE"}]
    | .app_state.agency.roles = [
        grant("1"; $carol; "ROLE_PROCUREMENT_OFFICER"; $alice; "demo: tenders"),
        grant("1"; $dave; "ROLE_EVALUATOR"; $alice; "demo: evaluation panel"),
        grant("1"; $alice; "ROLE_CONTRACT_DEVELOPER"; $alice; "demo: may store wasm code"),
        grant("2"; $carol; "ROLE_ELECTION_OFFICER"; $bob; "demo: elections"),
        grant("2"; $bob; "ROLE_TREASURER"; $bob; "demo: budget"),
        grant("1"; $alice; "ROLE_TREASURER"; $alice; "demo: budget")]
    | .app_state.agency.suppliers = [
        {id: "1", owner: $bob, name: "Baltic Roads OÜ", registration_number: "10000001", country: "EE",
         beneficial_owners: [{address: $bob, identity_hash: "", share_bps: 10000}],
         representatives: [{address: $dave, identity_hash: "", share_bps: 0}],
         version: "1", updated_height: "0"}]
    | .app_state.agency.next_supplier_id = "2"
    | .app_state.agency.agencies += [range(2; $ops | length) as $i |
        {id: ($i + 1 | tostring), name: "Validator body \($i)", jurisdiction: "EE", admins: [$ops[$i]], status: "AGENCY_STATUS_ACTIVE"}]
    | .app_state.agency.next_agency_id = ([3, ($ops | length) + 1] | max | tostring)
    | .app_state.agency.seat_grants = [range(0; $ops | length) as $i |
        {agency_id: ($i + 1 | tostring), operator: $ops[$i], seats: ($seats[$i] | tostring), issued_height: "0"}]
    | .app_state.agency.params.max_seats_per_agency = ([$seats[]] | max)
    ' "$h0/config/genesis.json" >"$h0/config/genesis.tmp"
  mv "$h0/config/genesis.tmp" "$h0/config/genesis.json"

  # Demo data (x/voting): election 1 of agency 2 (officer carol), open from
  # genesis for 30 days, registry census alice, bob, carol, dave (weight 1
  # each): a yes/no question and a participatory budget. A secret election's
  # trustees get 20 s for complaints (one day by default), so that one can
  # be set up in minutes.
  jq --arg alice "$alice" --arg bob "$bob" --arg carol "$carol" --arg dave "$dave" --arg chain "$CHAIN_ID" '
    def zeros($n): [range(0; $n) | "0.000000000000000000"];
    def opt($t; $c): {title: $t, cost: ($c | tostring)};
    (.genesis_time | sub("\\.[0-9]+Z$"; "Z")) as $start
    | ($start | fromdateiso8601 + 30 * 86400 | todateiso8601) as $close
    | .app_state.voting.elections = [{
        id: "1", agency_id: "2", creator: $carol, title: "Tartu participatory budget 2027",
        description: "Light the riverside path, and choose the projects the city funds in 2027 (100,000 EUR).",
        documents_uri: "", documents_sha256: "",
        questions: [
          {title: "Light the riverside path?", type: "BALLOT_TYPE_SINGLE", options: [opt("Yes"; 0), opt("No"; 0)],
           min_choices: 0, max_choices: 0, envelope: "0", within_envelope: false},
          {title: "Which projects should the city fund?", type: "BALLOT_TYPE_BUDGET",
           options: [opt("Playground in Karlova"; 40000), opt("Bike racks downtown"; 15000),
                     opt("Community garden"; 25000), opt("Library reading room"; 60000)],
           min_choices: 1, max_choices: 3, envelope: "100000", within_envelope: true}],
        census: {type: "CENSUS_TYPE_REGISTRY", merkle_root: null, voters: "4", total_weight: "4"},
        privacy: "PRIVACY_PUBLIC", start_time: $start, end_time: $close, max_revotes: 3, quorum_bps: 2500,
        status: "ELECTION_STATUS_OPEN", created_height: "0", cancel_reason: "", cancelled_by: "", chain_id: $chain}]
    | .app_state.voting.voters = [{election_id: "1",
        voters: [$alice, $bob, $carol, $dave] | map({address: ., weight: "1"})}]
    | .app_state.voting.tallies = [{election_id: "1", ballots: "0", turnout_weight: "0", overwrites: "0", invalid: "0",
        questions: [{totals: zeros(2), blank: "0"}, {totals: zeros(4), blank: "0"}]}]
    | .app_state.voting.next_election_id = "2"
    | .app_state.voting.params.key_complaint_seconds = "20"
    ' "$h0/config/genesis.json" >"$h0/config/genesis.tmp"
  mv "$h0/config/genesis.tmp" "$h0/config/genesis.json"

  # Demo data (x/budget): a treasury of 10,000,000 CIVIS (the budget module
  # account's balance), the fiscal year of the genesis date, and lines for
  # both agencies (treasurers: alice for agency 1, bob for agency 2).
  local treasury
  treasury="$(cli debug addr "$(printf budget | sha256sum | cut -c1-40)" | awk '/Bech32 Acc/ { print $3 }')"
  jq --arg treasury "$treasury" '
    def line($id; $agency; $year; $code; $title; $amount):
      {id: ($id | tostring), agency_id: ($agency | tostring), fiscal_year: $year, code: $code, title: $title,
       original: $amount, appropriated: $amount, reserved: "0", committed: "0", disbursed: "0", lapsed: "0",
       treasurer_virements_out: "0", closed: false, participatory_election_id: "0"};
    (.genesis_time[0:4] | tonumber) as $y
    | .app_state.bank.balances += [{address: $treasury, coins: [{denom: "ucivis", amount: "10000000000000"}]}]
    | .app_state.bank.supply |= map(if .denom == "ucivis" then .amount = ((.amount | tonumber) + 10000000000000 | tostring) else . end)
    | .app_state.budget.fiscal_years = [{year: $y, start_time: "\($y)-01-01T00:00:00Z", end_time: "\($y + 1)-01-01T00:00:00Z",
        status: "FISCAL_YEAR_STATUS_OPEN", close_cursor: "0"}]
    | .app_state.budget.lines = [
        line(1; 1; $y; "04.5.1"; "Road maintenance"; "2000000000000"),
        line(2; 1; $y; "06.4"; "Street lighting"; "500000000000"),
        line(3; 2; $y; "09.1.1"; "Primary schools"; "1500000000000"),
        line(4; 2; $y; "08.1"; "Recreation and sport"; "300000000000")]
    | .app_state.budget.next_line_id = "5"
    # Tender 1 of agency 1 (x/procurement) reserves its ceiling on line 1.
    | .app_state.budget.lines[0].reserved = "250000000000"
    | .app_state.budget.reservations = [{id: "1", line_id: "1", amount: "250000000000", purpose: "tender 1 lot 0: Resurfacing",
        by: "module:procurement", status: "RESERVATION_STATUS_OPEN", commitment_id: "0", reason: "", height: "0"}]
    | .app_state.budget.next_reservation_id = "2"
    ' "$h0/config/genesis.json" >"$h0/config/genesis.tmp"
  mv "$h0/config/genesis.tmp" "$h0/config/genesis.json"

  # Demo data (x/procurement): tender 1 of agency 1 (officer carol), open for
  # sealed bids for 7 days, one lowest-price lot on line 1.
  jq --arg carol "$carol" '
    (.genesis_time | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601) as $t
    | .app_state.procurement.tenders = [{id: "1", agency_id: "1", officer: $carol, title: "Road resurfacing, Tartu bypass",
        description: "Resurfacing of 4.2 km of the Tartu bypass", documents_uri: "ipfs://bafybeidemo-tender-1",
        documents_sha256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", budget_line_id: "1",
        lots: [{index: 0, title: "Resurfacing", ceiling: "250000000000", bid_bond: "1000000000", award_method: "AWARD_METHOD_LOWEST_PRICE",
                criteria: [], status: "LOT_STATUS_TENDERING", reservation_id: "1", bids: "0", winning_bid_id: "0", award_amount: "0",
                standstill_end: "1970-01-01T00:00:00Z"}],
        clarification_deadline: ($t + 3 * 86400 | todateiso8601), submission_deadline: ($t + 7 * 86400 | todateiso8601),
        reveal_deadline: ($t + 9 * 86400 | todateiso8601), standstill_seconds: "432000", status: "TENDER_STATUS_ACTIVE",
        version: 1, created_height: "0", cancel_reason: ""}]
    | .app_state.procurement.next_tender_id = "2"
    ' "$h0/config/genesis.json" >"$h0/config/genesis.tmp"
  mv "$h0/config/genesis.tmp" "$h0/config/genesis.json"

  # Each validator signs its own gentx on the shared pre-genesis.
  for ((i = 0; i < VALIDATORS; i++)); do
    local h; h="$(home "$i")"
    [ "$i" -eq 0 ] || cp "$h0/config/genesis.json" "$h/config/genesis.json"
    cli genesis gentx "validator-$i" "${SEAT_LIST[i]}000000useat" --chain-id "$CHAIN_ID" --moniker "validator-$i" \
      --keyring-backend test --home "$h" --output-document "$DIR/gentxs/validator-$i.json" >/dev/null
  done
  cli genesis collect-gentxs --gentx-dir "$DIR/gentxs" --home "$h0" >/dev/null
  cli genesis validate "$h0/config/genesis.json" --home "$h0" >/dev/null

  # Node configuration: loopback only, distinct ports, everyone peers with everyone.
  local peers=""
  for ((i = 0; i < VALIDATORS; i++)); do
    peers+="$(cli comet show-node-id --home "$(home "$i")")@127.0.0.1:$(port p2p "$i"),"
  done
  peers="${peers%,}"
  for ((i = 0; i < VALIDATORS; i++)); do
    local h; h="$(home "$i")"
    [ "$i" -eq 0 ] || cp "$h0/config/genesis.json" "$h/config/genesis.json"
    local own_peers
    own_peers="$(echo "$peers" | tr ',' '\n' | { grep -v "@127.0.0.1:$(port p2p "$i")$" || true; } | paste -sd, -)"
    local ct="$h/config/config.toml"
    toml_set "$ct" "" proxy_app "\"tcp://127.0.0.1:$(port abci "$i")\""
    toml_set "$ct" rpc laddr "\"tcp://127.0.0.1:$(port rpc "$i")\""
    toml_set "$ct" rpc pprof_laddr "\"localhost:$(port pprof "$i")\""
    toml_set "$ct" p2p laddr "\"tcp://127.0.0.1:$(port p2p "$i")\""
    toml_set "$ct" p2p external_address "\"127.0.0.1:$(port p2p "$i")\""
    toml_set "$ct" p2p persistent_peers "\"$own_peers\""
    toml_set "$ct" p2p allow_duplicate_ip true
    toml_set "$ct" p2p addr_book_strict false
    toml_set "$ct" consensus timeout_commit '"1s"'
    cli config set app api.enable true --home "$h" >/dev/null
    cli config set app api.address "tcp://127.0.0.1:$(port api "$i")" --home "$h" >/dev/null
    cli config set app grpc.address "127.0.0.1:$(port grpc "$i")" --home "$h" >/dev/null
    cli config set app minimum-gas-prices "0ucivis" --home "$h" >/dev/null
    cli config set client chain-id "$CHAIN_ID" --home "$h" >/dev/null
    cli config set client keyring-backend test --home "$h" >/dev/null
    cli config set client node "tcp://127.0.0.1:$(port rpc "$i")" --home "$h" >/dev/null
  done
}

banner() {
  local h0; h0="$(home 0)"
  cat <<EOF

  Civitas localnet: chain $CHAIN_ID, $VALIDATORS validator(s)
  ------------------------------------------------------------
  CometBFT RPC  http://127.0.0.1:$(port rpc 0)
  REST          http://127.0.0.1:$(port api 0)   (OpenAPI: http://127.0.0.1:$(port api 0)/openapi.yml)
  gRPC          127.0.0.1:$(port grpc 0)
  Home (node 0) $h0
EOF
  if [ "$VALIDATORS" -gt 1 ]; then
    echo "  Node i        RPC $(port rpc 0)+100i, REST $(port api 0)+10i, gRPC $(port grpc 0)+10i; logs in $DIR/node<i>.log"
  fi
  echo "  Demo keys     (keyring-backend test, in node 0's home; public mnemonics, local use only)"
  local k
  for k in "${DEMO_KEYS[@]}" validator-0; do
    printf '                %-12s %s\n' "$k" "$(cli keys show "$k" -a --keyring-backend test --home "$h0")"
  done
  cat <<EOF
  Demo data     agencies 1 (admin alice) and 2 (admin bob) with role holders; supplier 1 (owner bob,
                represented by dave, who is also an evaluator: a conflict of interest); election 1 of
                agency 2 (officer carol), open for 30 days to alice, bob, carol and dave; a treasury of
                10,000,000 CIVIS, this year's fiscal year, lines 1-2 of agency 1 (treasurer alice) and
                3-4 of agency 2 (treasurer bob); tender 1 of agency 1 (officer carol) open for bids
  Try           $BINARY --home $h0 query agency agencies
                $BINARY --home $h0 query bank balances \$($BINARY --home $h0 keys show alice -a)
                $BINARY --home $h0 tx bank send alice \$($BINARY --home $h0 keys show bob -a) 1000000ucivis -y
  Vote          $BINARY --home $h0 voting sign-ballot 1 --answer 0 --answer 0,1,2 --from alice --out ballots.jsonl
                $BINARY --home $h0 voting relay ballots.jsonl --from dave -y
                $BINARY --home $h0 query voting results 1
  Budget        $BINARY --home $h0 tx budget pay 3 1000000 \$($BINARY --home $h0 keys show dave -a) "school books" "invoice 42" --from bob -y
                $BINARY --home $h0 query budget execution 2 \$(date +%Y)
  Stop          Ctrl-C (state stays in $DIR; the next run starts afresh unless --keep)

EOF
}

if [ "$KEEP" -eq 1 ] && [ -f "$(home 0)/config/genesis.json" ]; then
  echo "localnet: reusing $DIR"
else
  init_chain
fi
banner
[ "$INIT_ONLY" -eq 1 ] && exit 0

PIDS=()
declare -A NODE_OF # pid -> node index
cleanup() {
  trap - INT TERM EXIT
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "localnet: stopped"
}
trap cleanup INT TERM EXIT
# Started directly (not through a function or a pipe), so that $! is the
# node's own PID and the cleanup stops the nodes themselves.
for ((i = 1; i < VALIDATORS; i++)); do
  "$BINARY" start --home "$(home "$i")" >"$DIR/node$i.log" 2>&1 &
  PIDS+=("$!")
  NODE_OF[$!]=$i
done
"$BINARY" start --home "$(home 0)" > >(tee "$DIR/node0.log") 2>&1 &
PIDS+=("$!")
NODE_OF[$!]=0

# A node that dies is reported; with several validators the others keep
# running (the chain goes on while more than 2/3 of the power is up).
running=("${PIDS[@]}")
while [ "${#running[@]}" -gt 0 ]; do
  dead="" rc=0
  wait -n -p dead "${running[@]}" || rc=$?
  [ -n "$dead" ] || break # interrupted (Ctrl-C)
  i="${NODE_OF[$dead]}"
  echo "localnet: node $i (pid $dead) exited with status $rc; log: $DIR/node$i.log" >&2
  left=()
  for p in "${running[@]}"; do [ "$p" = "$dead" ] || left+=("$p"); done
  running=("${left[@]}")
  if [ "${#running[@]}" -gt 0 ]; then
    echo "localnet: ${#running[@]} node(s) keep running; restart node $i with:" >&2
    echo "  $BINARY start --home $(home "$i") >>$DIR/node$i.log 2>&1 &" >&2
  fi
done
