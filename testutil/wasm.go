package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// ModuleDir returns the directory of a Go module of the build in the module
// cache (go list -m -f '{{.Dir}}' MODULE).
func ModuleDir(t testing.TB, module string) string {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", module).Output()
	require.NoError(t, err, "go list -m %s", module)
	dir := strings.TrimSpace(string(out))
	require.NotEmpty(t, dir, "module %s is not in the module cache: run go mod download", module)
	return dir
}

// Standard contracts built with cosmwasm-std, shipped in wasmd's testdata
// folders. They are read from the module cache, never copied into this repo.
const (
	HackatomWasm = "x/wasm/keeper/testdata/hackatom.wasm"
	CW20BaseWasm = "benchmarks/testdata/cw20_base.wasm"
)

// WasmdTestdata returns the path of a file of the wasmd module, e.g. HackatomWasm.
func WasmdTestdata(t testing.TB, rel string) string {
	t.Helper()
	path := filepath.Join(ModuleDir(t, "github.com/CosmWasm/wasmd"), rel)
	_, err := os.Stat(path)
	require.NoError(t, err)
	return path
}

// ReadWasmdTestdata returns the contents of a file of the wasmd module.
func ReadWasmdTestdata(t testing.TB, rel string) []byte {
	t.Helper()
	bz, err := os.ReadFile(WasmdTestdata(t, rel))
	require.NoError(t, err)
	return bz
}
