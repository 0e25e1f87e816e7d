#!/usr/bin/env bash
# make test-upgrade: a rehearsed software upgrade. Builds the previous
# release (FROM, default the tag v0.1.0) and the current tree, runs the old
# binary under cosmovisor with the new one in upgrades/NAME/bin, passes a
# governance software-upgrade proposal, and checks that the chain halts at
# the planned height, cosmovisor switches binaries, the upgrade handler runs
# (the module migrations, and block limits for a genesis without them: the
# chain starts with no gas limit, as genesis files made before civitasd init
# wrote one), and blocks and every module's state go on: the records read
# before are unchanged, and new transactions (a bank send, a ballot) are
# counted after it.
#
#   FROM=v0.1.0 NAME=v0.2.0 scripts/test-upgrade.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
FROM="${FROM:-v0.1.0}"
NAME="${NAME:-v0.2.0}"
OFFSET="${OFFSET:-5000}"
CV_VERSION="v1.5.0" # the newest cosmovisor the module proxy serves here (v1.6+ refused)
CHAIN_ID="civitas-local-1"
WORK="$(mktemp -d /tmp/civitas-upgrade-XXXXXX)"
RPC="http://127.0.0.1:$((26657 + OFFSET))"
NODE="tcp://127.0.0.1:$((26657 + OFFSET))"
CV_PID=""

log() { echo "[upgrade $(date +%T)] $*" >&2; }
die() { log "FAILED: $*"; [ -f "$WORK/node.log" ] && tail -30 "$WORK/node.log" >&2; exit 1; }
cleanup() {
  if [ -n "$CV_PID" ]; then
    pkill -P "$CV_PID" 2>/dev/null || true # the node cosmovisor runs
    kill "$CV_PID" 2>/dev/null || true
    wait "$CV_PID" 2>/dev/null || true
  fi
  git -C "$ROOT" worktree remove --force "$WORK/old" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
height() { curl -s --max-time 2 "$RPC/status" | jq -r '.result.sync_info.latest_block_height // empty' 2>/dev/null || true; }
wait_height() {
  local want="$1" limit="$2" h
  for _ in $(seq 1 $((limit * 5))); do
    h="$(height)"
    [ -n "$h" ] && [ "$h" -ge "$want" ] && return 0
    sleep 0.2
  done
  die "height $want not reached in $limit s (at ${h:-none})"
}

# v0.1.0 is this commit of main's history: a clone without tags still has it.
if ! git rev-parse -q --verify "$FROM^{commit}" >/dev/null; then
  [ "$FROM" = v0.1.0 ] || die "no $FROM in this clone (git fetch --tags)"
  FROM=27817929f5cf31e8714d73c10e8cd6f8a863bec1
fi
log "building $FROM (git worktree) and the current tree ($(git describe --tags --always --dirty))"
git worktree add --detach "$WORK/old" "$FROM" >/dev/null 2>&1 || die "git worktree add $FROM"
make -s -C "$WORK/old" build >/dev/null
make -s build >/dev/null
OLD="$WORK/old/build/civitasd"
NEW="$ROOT/build/civitasd"
CV="$ROOT/build/cosmovisor"
if [ ! -x "$CV" ]; then
  log "building cosmovisor $CV_VERSION from the module proxy"
  dir="$(cd "$WORK" && GOFLAGS= go mod download -json "cosmossdk.io/tools/cosmovisor@$CV_VERSION" | jq -r .Dir)"
  cp -r "$dir" "$WORK/cosmovisor-src" && chmod -R u+w "$WORK/cosmovisor-src"
  (cd "$WORK/cosmovisor-src" && GOFLAGS= go build -o "$CV" ./cmd/cosmovisor)
fi

log "a one-validator chain made by $FROM (its own localnet script), under cosmovisor"
bash "$WORK/old/scripts/localnet.sh" --binary "$OLD" --dir "$WORK/net" --port-offset "$OFFSET" --voting-period 20s --init-only >"$WORK/init.log" 2>&1 ||
  { cat "$WORK/init.log" >&2; die "localnet init"; }
H="$WORK/net/node0"
# A genesis without block limits (the SDK's defaults): the upgrade sets them.
jq '.consensus.params.block.max_gas = "-1" | .consensus.params.block.max_bytes = "22020096"' "$H/config/genesis.json" >"$H/config/g.json"
mv "$H/config/g.json" "$H/config/genesis.json"
mkdir -p "$H/cosmovisor/genesis/bin" "$H/cosmovisor/upgrades/$NAME/bin"
cp "$OLD" "$WORK/old/build/libwasmvm.x86_64.so" "$H/cosmovisor/genesis/bin/"
cp "$NEW" "$ROOT/build/libwasmvm.x86_64.so" "$H/cosmovisor/upgrades/$NAME/bin/"
export DAEMON_NAME=civitasd DAEMON_HOME="$H" DAEMON_RESTART_AFTER_UPGRADE=true DAEMON_ALLOW_DOWNLOAD_BINARIES=false UNSAFE_SKIP_BACKUP=true
"$CV" run start --home "$H" >"$WORK/node.log" 2>&1 &
CV_PID=$!
wait_height 3 90

cli() { "$1" "${@:2}" --home "$H" --node "$NODE" --keyring-backend test; }
addr() { "$NEW" keys show "$1" -a --home "$H" --keyring-backend test; }
q() { cli "$NEW" q "$@" -o json; }
tx() {
  local bin="$1"; shift
  local out hash
  out="$(cli "$bin" tx "$@" --chain-id "$CHAIN_ID" -y -o json 2>&1)" || die "tx $*: $out"
  out="$(echo "$out" | sed -n '/^{/,$p')"
  [ "$(echo "$out" | jq -r .code)" = 0 ] || die "tx $*: refused: $(echo "$out" | jq -r .raw_log)"
  hash="$(echo "$out" | jq -r .txhash)"
  for _ in $(seq 1 30); do
    sleep 1
    r="$(curl -s "$RPC/tx?hash=0x$hash" | jq -c '.result.tx_result // empty')"
    [ -n "$r" ] || continue
    [ "$(echo "$r" | jq -r '.code // 0')" = 0 ] || die "tx $*: $(echo "$r" | jq -r .log)"
    return 0
  done
  die "tx $* not included"
}

version_before="$(curl -s "$RPC/abci_info" | jq -r .result.response.version)"
[ "$(q consensus params | jq -r .params.block.max_gas)" = -1 ] || die "the old chain has a block gas limit: $(q consensus params | jq -c .params.block)"
snapshot() {
  q voting election 1 | jq -S . >"$WORK/$1-election.json"
  q agency agencies | jq -S . >"$WORK/$1-agencies.json"
  q budget lines | jq -S . >"$WORK/$1-lines.json"
  q procurement tender 1 | jq -S . >"$WORK/$1-tender.json"
  q bank balances "$(addr carol)" | jq -S . >"$WORK/$1-carol.json"
}
snapshot before

UH=$(( $(height) + 40 ))
log "proposing software upgrade $NAME at height $UH (chain version $version_before)"
tx "$OLD" upgrade software-upgrade "$NAME" --upgrade-height "$UH" --upgrade-info '{}' --no-validate \
  --title "Upgrade to $NAME" --summary "Rehearsal: migrations and block limits" --deposit 1000000000ucivis \
  --from alice --gas 400000 >/dev/null
PID_="$(q gov proposals | jq -r '.proposals[-1].id')"
tx "$OLD" gov vote "$PID_" yes --from validator-0 >/dev/null
log "proposal $PID_ voted; waiting for the halt at $UH"
wait_height $((UH - 1)) 120
for _ in $(seq 1 300); do grep -aq "UPGRADE \"$NAME\" NEEDED at height: $UH" "$WORK/node.log" && break; sleep 0.2; done
grep -aq "UPGRADE \"$NAME\" NEEDED at height: $UH" "$WORK/node.log" || die "the old binary did not halt for the upgrade"
t_halt="$(date +%s.%N)"
wait_height $((UH + 3)) 120
downtime="$(echo "$(date +%s.%N) - $t_halt" | bc | xargs printf '%.1f')"
[ "$(q gov proposal "$PID_" | jq -r '.proposal.status')" = PROPOSAL_STATUS_PASSED ] || die "the proposal did not pass"

version_after="$(curl -s "$RPC/abci_info" | jq -r .result.response.version)"
[ "$version_after" != "$version_before" ] || die "still version $version_before after the upgrade"
[ "$(q upgrade applied "$NAME" | jq -r .height)" = "$UH" ] || die "the upgrade is not recorded as applied at $UH"
block_after="$(q consensus params | jq -c .params.block)"
[ "$(echo "$block_after" | jq -r .max_gas)" = 100000000 ] && [ "$(echo "$block_after" | jq -r .max_bytes)" = 4194304 ] ||
  die "the upgrade did not set the block limits: $block_after"
snapshot after
for f in election agencies lines tender carol; do
  cmp -s "$WORK/before-$f.json" "$WORK/after-$f.json" || die "$f changed across the upgrade: $(diff "$WORK/before-$f.json" "$WORK/after-$f.json" | head -5)"
done

# New transactions after the upgrade: a bank send and a ballot, with the new binary.
tx "$NEW" bank send alice "$(addr bob)" 1000000ucivis --from alice >/dev/null
cli "$NEW" voting sign-ballot 1 --answer 0 --answer 0,1 --from carol --chain-id "$CHAIN_ID" --out "$WORK/ballot.jsonl" >/dev/null 2>&1 ||
  die "sign-ballot after the upgrade"
cli "$NEW" voting relay "$WORK/ballot.jsonl" --from dave --chain-id "$CHAIN_ID" -y >"$WORK/relay.log" 2>&1 || die "relay: $(cat "$WORK/relay.log")"
grep -q "1 ballots counted, 0 not" "$WORK/relay.log" || die "the ballot was not counted: $(cat "$WORK/relay.log")"
grep -aq "upgrade detected\|Upgrade detected\|upgrade.*$NAME" "$WORK/node.log" || log "note: cosmovisor's switch message not found in the log"

cat <<EOF | tee "$ROOT/build/upgrade-summary.txt"
make test-upgrade: $FROM ($version_before) -> $NAME ($version_after) under cosmovisor $CV_VERSION
  proposal $PID_ passed; the old binary halted at height $UH; cosmovisor switched binaries;
  blocks resumed: height $((UH + 3)) reached $downtime s after the halt
  upgrade handler: module migrations run; block limits set (max_gas -1 -> 100000000, max_bytes 22020096 -> 4194304); applied at $UH
  unchanged across the upgrade: election 1, agencies, budget lines, tender 1, a balance
  after it: a bank send and a ballot (counted) with the new binary
EOF
log "passed"
