#!/usr/bin/env bash
# Benchmarks (make bench). Not part of `make test`.
#   BENCHTIME=5x scripts/bench/run.sh    run each benchmark 5 times
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
mkdir -p build/bench
go test -run '^$' -bench . -benchmem -benchtime "${BENCHTIME:-20x}" ./app/... | tee build/bench/run.txt
