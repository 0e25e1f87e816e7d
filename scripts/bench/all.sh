#!/usr/bin/env bash
# make bench: every benchmark, then the report (bench/report.md and
# bench/report.png). Each script writes its raw results to build/bench/.
#   in process:     scripts/bench/run.sh          (a block of 100 sends through the app)
#   single node:    scripts/bench/compare.sh      (civitasd against stock wasmd, bank sends)
#                   scripts/bench/voting.sh       (public, rule-checked and secret ballots)
#                   scripts/bench/procurement.sh  (sealed bids and reveals)
#                   scripts/bench/budget.sh       (direct payments)
#   four validators: scripts/bench/validators4.sh (ballots)
# Every figure is beside bank sends on the same node(s) in the same runs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v gnuplot >/dev/null || { echo "bench: gnuplot is needed for the plot (apt-get install gnuplot-nox)" >&2; exit 1; }
rm -f build/bench/*.jsonl build/bench/plot-*.dat build/bench/run.txt
start=$(date +%s)
for s in run compare voting procurement budget validators4; do
  echo "=== bench: $s ($(( $(date +%s) - start )) s)"
  bash "scripts/bench/$s.sh"
done
go run ./bench/report -in build/bench -out bench
echo "bench: report in bench/report.md and bench/report.png after $(( $(date +%s) - start )) s"
