# Shared steps of the single-node throughput benchmarks (voting.sh,
# procurement.sh): sourced, not run. The caller sets REPO, WORK, BIN,
# CHAIN_ID, OFFSET, ACCOUNTS and RPC.

# bench_init HOME: a fresh node home with validator key val (its address in
# VAL) and ACCOUNTS+1 deterministic bench accounts (loadgen addresses), all
# funded at genesis.
bench_init() {
  local h="$1"
  rm -rf "$h"
  "$BIN" init bench --chain-id "$CHAIN_ID" --home "$h" >/dev/null 2>&1
  "$BIN" keys add val --keyring-backend test --home "$h" >/dev/null 2>&1
  VAL="$("$BIN" keys show val -a --keyring-backend test --home "$h")"
  "$REPO/build/loadgen" addresses -prefix civ -accounts $((ACCOUNTS + 1)) |
    jq -R '{address: ., coins: [{denom: "ucivis", amount: "1000000000000"}]}' | jq -s . >"$WORK/accounts.json"
  "$BIN" genesis add-genesis-account "$VAL" "1000000useat,1000000000000ucivis" --home "$h" >/dev/null
  "$BIN" genesis bulk-add-genesis-account "$WORK/accounts.json" --home "$h" >/dev/null
}

# bench_edit_genesis HOME JQ-ARGS... : applies a jq program to the genesis.
bench_edit_genesis() {
  local h="$1"; shift
  jq "$@" "$h/config/genesis.json" >"$h/config/g.json"
  mv "$h/config/g.json" "$h/config/genesis.json"
}

# bench_finish HOME: the validator's gentx, and the node's configuration
# (bench_config).
bench_finish() {
  local h="$1"
  "$BIN" genesis gentx val "1000000useat" --chain-id "$CHAIN_ID" --keyring-backend test --home "$h" >/dev/null 2>&1
  "$BIN" genesis collect-gentxs --home "$h" >/dev/null 2>&1
  bench_config "$h" ucivis
}

# bench_config HOME DENOM: loopback ports shifted by OFFSET, timeout_commit
# 200ms, a mempool of 20,000 txs, zero minimum gas price in DENOM.
bench_config() {
  local h="$1" denom="$2"
  local ct="$h/config/config.toml" at="$h/config/app.toml"
  sed -i -e "s#^proxy_app = .*#proxy_app = \"tcp://127.0.0.1:$((26658 + OFFSET))\"#" \
    -e "s#^laddr = \"tcp://127.0.0.1:26657\"#laddr = \"tcp://127.0.0.1:$((26657 + OFFSET))\"#" \
    -e "s#^laddr = \"tcp://0.0.0.0:26656\"#laddr = \"tcp://127.0.0.1:$((26656 + OFFSET))\"#" \
    -e "s#^pprof_laddr = .*#pprof_laddr = \"localhost:$((6060 + OFFSET))\"#" \
    -e "s#^size = .*#size = 20000#" -e "s#^cache_size = .*#cache_size = 40000#" \
    -e "s#^timeout_commit = .*#timeout_commit = \"200ms\"#" "$ct"
  sed -i -e "s#^minimum-gas-prices = .*#minimum-gas-prices = \"0$denom\"#" \
    -e "s#^address = \"localhost:9090\"#address = \"localhost:$((9090 + OFFSET))\"#" \
    -e "s#^address = \"tcp://localhost:1317\"#address = \"tcp://localhost:$((1317 + OFFSET))\"#" "$at"
}

# bench_start HOME LOG: starts the node (its pid in NODE_PID) and waits for
# height 2.
bench_start() {
  "$BIN" start --home "$1" >"$2" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 120); do
    curl -s "$RPC/status" | jq -e '(.result.sync_info.latest_block_height | tonumber) >= 2' >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "bench: the node did not start; log: $2" >&2
  return 1
}

# bench_stop: records the node's peak RSS (kB) in PEAK_RSS and stops it.
bench_stop() {
  PEAK_RSS="$(awk '/VmHWM/ { print $2 }' "/proc/$NODE_PID/status")"
  kill "$NODE_PID"; wait "$NODE_PID" || true
}

# cpu_ticks PID: user + system clock ticks the process has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# bench_measure PID CMD...: runs one load (a loadgen command printing its
# JSON result) and adds the node's CPU time per committed unit.
bench_measure() {
  local pid="$1" res cpu0 cpu1; shift
  cpu0="$(cpu_ticks "$pid")"
  res="$("$@")" || return 1
  cpu1="$(cpu_ticks "$pid")"
  echo "$res" | jq -c --argjson ticks "$((cpu1 - cpu0))" --argjson hz "$(getconf CLK_TCK)" \
    '. + {node_cpu_us_per_unit: ($ticks / $hz * 1000000 / .committed | floor)}'
}

# The median of a JSON array of numbers (jq).
JQ_MEDIAN='def median: sort | if length % 2 == 1 then .[length/2|floor] else (.[length/2-1] + .[length/2]) / 2 end;'
