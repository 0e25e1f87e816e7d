#!/usr/bin/make -f
# Civitas: make build | install | test | test-system | lint | proto-gen | proto-lint | proto-check | localnet | bench | bench-compare | bench-voting | bench-procurement | contracts

BINARY       := civitasd
BUILD_DIR    := $(CURDIR)/build
GO           ?= go
GOBIN        ?= $(shell $(GO) env GOPATH)/bin
VERSION      ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
COMMIT       ?= $(shell git rev-parse HEAD 2>/dev/null || echo unknown)
# libwasmvm is a shared library shipped inside the wasmvm Go module. Its
# directory is looked up by the recipe's shell *after* `go build` (make expands
# a whole recipe before running it: on a fresh machine the module is not
# downloaded yet at that point).
WASMVM_MODULE = github.com/CosmWasm/wasmvm/v3
WASMVM_LIB    = libwasmvm.$(shell uname -m).so

export CGO_ENABLED := 1

# The binary finds libwasmvm in the module cache or, failing that, beside
# itself ($ORIGIN), so that
# build/ or an install directory can be copied to a server as it is.
ldflags := -X github.com/cosmos/cosmos-sdk/version.Name=civitas \
	-X github.com/cosmos/cosmos-sdk/version.AppName=$(BINARY) \
	-X github.com/cosmos/cosmos-sdk/version.Version=$(VERSION) \
	-X github.com/cosmos/cosmos-sdk/version.Commit=$(COMMIT) \
	-extldflags '-Wl,-rpath,\$$ORIGIN'
BUILD_FLAGS := -ldflags "$(ldflags)"

.PHONY: all build install test test-system lint proto-gen proto-lint proto-check localnet localnet-4 booth test-booth test-faults test-upgrade test-fuzz test-sim bench bench-report bench-budget bench-validators bench-compare bench-voting bench-procurement bench-verify contracts contracts-check clean

all: build

build:
	@mkdir -p $(BUILD_DIR)
	$(GO) build $(BUILD_FLAGS) -o $(BUILD_DIR)/$(BINARY) ./cmd/civitasd
	@dir="$$($(GO) list -m -f '{{.Dir}}' $(WASMVM_MODULE))" && [ -n "$$dir" ] && \
		install -m 0644 "$$dir/internal/api/$(WASMVM_LIB)" $(BUILD_DIR)/$(WASMVM_LIB) || \
		{ echo "could not copy $(WASMVM_LIB) from the $(WASMVM_MODULE) module" >&2; exit 1; }

# Installs civitasd and libwasmvm side by side in GOBIN (default $GOPATH/bin).
install: build
	@mkdir -p $(GOBIN)
	install -m 0755 $(BUILD_DIR)/$(BINARY) $(GOBIN)/$(BINARY)
	install -m 0644 $(BUILD_DIR)/$(WASMVM_LIB) $(GOBIN)/$(WASMVM_LIB)
	@echo "installed $(GOBIN)/$(BINARY) and $(GOBIN)/$(WASMVM_LIB)"

# Unit and integration tests: keepers and the full app in process (testutil.Chain).
test:
	$(GO) test -count=1 ./...

# System tests: run the real civitasd binary (built here) as a chain.
test-system: build
	CIVITASD_BINARY=$(BUILD_DIR)/$(BINARY) $(GO) test -count=1 -tags system_test -timeout 30m ./cmd/civitasd/ -v

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '\.pb\(\.gw\)\?\.go$$'))" || { echo "gofmt needed:"; gofmt -l $$(git ls-files '*.go' | grep -v '\.pb\(\.gw\)\?\.go$$'); exit 1; }
	$(GO) vet ./...
	$(GO) vet -tags system_test ./cmd/civitasd/
	$(GO) vet -tags sims ./app/

proto-gen:
	@bash scripts/protocgen.sh

proto-lint:
	@bash scripts/protocgen.sh lint

# Regenerates everything and fails if the committed generated code differs.
proto-check: proto-gen
	@out="$$(git status --porcelain -- '*.pb.go' '*.pb.gw.go' docs/openapi)"; \
	if [ -n "$$out" ]; then \
		echo "generated code is out of date or uncommitted: run 'make proto-gen' and commit"; \
		echo "$$out"; exit 1; fi
	@echo "proto-check: generated code is in sync"

localnet:
	@bash scripts/localnet.sh

# The web voting booth (web/booth) at http://127.0.0.1:8080/booth/, against
# the node of a running `make localnet` (BOOTH_ARGS: see web/booth/serve.mjs).
booth: build
	cd web/booth && npm ci --no-audit --no-fund --loglevel=error && npx vite build
	node web/booth/serve.mjs $(BOOTH_ARGS)

# The booth in Debian's Chromium against its own fresh localnet (scripts/test-booth.sh).
test-booth: build
	@bash scripts/test-booth.sh

localnet-4:
	@bash scripts/localnet.sh --validators 4

# Four validators under ballot load: kill -9 and restart, half the power
# down, a lost disk rejoined by state sync; receipts proven on every node,
# hashes compared at every height (scripts/faults.sh, about 5 minutes;
# summary in build/faults/summary.md).
test-faults: build
	@bash scripts/faults.sh

# The simulation: every module's message factories for SIM_BLOCKS blocks
# (500) on each fixed seed (scripts/sim.sh; SIM_SEED=N runs one seed),
# invariants in every block, export/import compared store by store, and
# each seed run twice to the same app hash (about 15 minutes for the three).
test-sim:
	@bash scripts/sim.sh

# Every Go fuzz target for FUZZTIME each (scripts/fuzz.sh, default 10s).
test-fuzz:
	@bash scripts/fuzz.sh

# A rehearsed software upgrade from the previous release (tag v0.1.0) to this
# tree under cosmovisor (scripts/test-upgrade.sh, about 3 minutes).
test-upgrade: build
	@bash scripts/test-upgrade.sh

# Every benchmark (not part of make test; about 20 minutes), then the report:
# bench/report.md (each median beside the bank sends of the same runs, as a
# ratio) and bench/report.png (units committed per second over time, every
# run; gnuplot). Each script also runs alone (the targets below).
bench:
	@bash scripts/bench/all.sh

bench-report:
	$(GO) run ./bench/report -in build/bench -out bench

# Direct budget payments/s against bank sends on the same node (scripts/bench/budget.sh).
bench-budget:
	@bash scripts/bench/budget.sh

# Ballots/s against bank sends/s on four validators (scripts/bench/validators4.sh).
bench-validators:
	@bash scripts/bench/validators4.sh

bench-compare:
	@bash scripts/bench/compare.sh

# x/voting: committed ballots/s against bank sends/s on the same node, and
# the keeper's close time at 10k, 100k and 1M ballots.
bench-voting:
	@bash scripts/bench/voting.sh
	$(GO) test ./x/voting/keeper/ -run '^$$' -bench BenchmarkCloseElection -benchtime 20x

# civitasd verify ballot (warm trust store) beside an unproven query of the
# same record, as a command and in process (cmd/civitasd BenchmarkVerifyBallot).
bench-verify: build
	CIVITASD_BINARY=$(BUILD_DIR)/$(BINARY) $(GO) test -tags system_test -run '^$$' -bench BenchmarkVerifyBallot -benchtime 20x ./cmd/civitasd/

# Sealed bids and reveals per second against bank sends on the same node
# (scripts/bench/procurement.sh; about 5 minutes).
bench-procurement:
	@bash scripts/bench/procurement.sh

# CosmWasm rule contracts (contracts/, Debian's Rust, offline): rebuild the
# committed artifacts, or check that a rebuild gives the same bytes (CI).
contracts:
	@bash scripts/contracts.sh
	cd contracts && /usr/bin/cargo test --target x86_64-unknown-linux-gnu --locked --quiet

contracts-check:
	@bash scripts/contracts.sh --install --check
	cd contracts && /usr/bin/cargo test --target x86_64-unknown-linux-gnu --locked --quiet

clean:
	rm -rf $(BUILD_DIR) .tmp-gen proto/third_party
