#!/usr/bin/env bash
# make test-fuzz: every Go fuzz target for FUZZTIME each (default 10s). The
# seeds (f.Add in each target) also run in make test as plain tests; a
# failing input is written by Go under the package's testdata/fuzz/ (commit
# it: it becomes a seed).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
FUZZTIME="${FUZZTIME:-10s}"
targets=(
  "FuzzSignedBallot ./x/voting/types"
  "FuzzSpoiledBallot ./x/voting/types"
  "FuzzGenesisValidate ./x/voting/types"
  "FuzzVerify ./x/voting/census"
  "FuzzCensusProofs ./x/voting/census"
  "FuzzBidCommitment ./x/procurement/types"
  "FuzzOCDSExport ./x/procurement/keeper"
  "FuzzGenesisValidate ./x/procurement/types"
  "FuzzGenesisValidate ./x/budget/types"
  "FuzzGenesisValidate ./x/agency/types"
  "FuzzStoreProof ./x/common/verify"
  "FuzzAgencyGenesisImport ./app"
  "FuzzVotingGenesisImport ./app"
  "FuzzBudgetGenesisImport ./app"
  "FuzzProcurementGenesisImport ./app"
)
for t in "${targets[@]}"; do
  set -- $t
  echo "fuzz: $1 in $2 for $FUZZTIME"
  go test -run '^$' -fuzz "^$1\$" -fuzztime "$FUZZTIME" "$2" 2>&1 | tail -3
done
