#!/usr/bin/env bash
# Builds the rule contracts under contracts/ with Debian's Rust, offline
# (../shared/CONTRACTS.md), into contracts/artifacts/<name>.wasm with a
# checksum file; `--check` builds into a temporary folder instead and fails
# if the bytes differ from the committed artifacts (CI).
#
#   scripts/contracts.sh            rebuild contracts/artifacts
#   scripts/contracts.sh --check    rebuild elsewhere and compare
#   scripts/contracts.sh --install  install the Debian packages first
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO/contracts"
CHECK=0
for arg in "$@"; do
  case "$arg" in
    --check) CHECK=1 ;;
    --install)
      if [ ! -x /usr/bin/cargo ] || [ ! -d /usr/lib/rustlib/wasm32-unknown-unknown ] || ! command -v wasm-opt >/dev/null || ! command -v wasm-validate >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rustc cargo libstd-rust-dev-wasm32 \
          librust-serde-dev librust-serde-derive-dev librust-serde-json-dev binaryen wabt >/dev/null
      fi ;;
    *) echo "usage: $0 [--check] [--install]" >&2; exit 2 ;;
  esac
done
for tool in /usr/bin/cargo /usr/bin/rustc wasm-opt wasm-validate sha256sum; do
  command -v "$tool" >/dev/null || { echo "contracts: $tool is missing (scripts/contracts.sh --install, or see ../shared/CONTRACTS.md)" >&2; exit 1; }
done

# Source paths are remapped so the bytes do not depend on where the
# repository is checked out.
export RUSTFLAGS="--remap-path-prefix=$PWD=/civitas/contracts"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$PWD/target}"
/usr/bin/cargo build --release --locked --quiet
out="$PWD/artifacts"
if [ "$CHECK" -eq 1 ]; then
  out="$(mktemp -d)"
  trap 'rm -rf "$out"' EXIT
fi
mkdir -p "$out"
for wasm in "$CARGO_TARGET_DIR"/wasm32-unknown-unknown/release/*.wasm; do
  name="$(basename "$wasm")"
  wasm-opt -Oz --strip-debug --strip-producers "$wasm" -o "$out/$name"
  wasm-validate "$out/$name"
done
(cd "$out" && sha256sum ./*.wasm | sed 's# \./# #' >checksums.txt)
if [ "$CHECK" -eq 1 ]; then
  if ! diff -u "$PWD/artifacts/checksums.txt" "$out/checksums.txt"; then
    echo "contracts: the committed artifacts differ from a rebuild: run make contracts and commit contracts/artifacts" >&2
    exit 1
  fi
  echo "contracts: artifacts match a rebuild"
fi
(cd "$out" && for f in ./*.wasm; do printf '%s %s bytes\n' "${f#./}" "$(stat -c %s "$f")"; done)
