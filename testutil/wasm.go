package testutil

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil/system"
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

// InstantiateArtifact stores contracts/artifacts/<artifact> as governance
// (the code's creator is the governance authority) and instantiates it from
// creator with admin (nil: none, so nobody can migrate it), on ctx.
func InstantiateArtifact(t testing.TB, ctx sdk.Context, k wasmkeeper.Keeper, artifact string, creator, admin sdk.AccAddress, initMsg string) sdk.AccAddress {
	t.Helper()
	code, err := os.ReadFile(filepath.Join(system.RepoRoot(t), "contracts", "artifacts", artifact))
	require.NoError(t, err)
	pk := wasmkeeper.NewGovPermissionKeeper(k)
	codeID, _, err := pk.Create(ctx, sdk.MustAccAddressFromBech32(GovAuthority()), code, nil)
	require.NoError(t, err)
	addr, _, err := pk.Instantiate(ctx, codeID, creator, admin, []byte(initMsg), artifact, nil)
	require.NoError(t, err)
	return addr
}
