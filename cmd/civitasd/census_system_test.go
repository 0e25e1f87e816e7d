//go:build system_test

package main_test

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil/system"
	"github.com/civitas-chain/civitas/x/voting/census"
)

// TestCensusBuildCommand: `civitasd voting census build` writes the root,
// count, total weight and proofs that the census package verifies.
func TestCensusBuildCommand(t *testing.T) {
	bin := system.Binary(t)
	dir := t.TempDir()
	var csv strings.Builder
	csv.WriteString("address,weight\n# ward 3\n")
	for i := 1; i <= 5; i++ {
		a := sdk.AccAddress([]byte(strings.Repeat(string(rune('a'+i)), 20))).String()
		if i == 2 {
			a = strings.ToUpper(a) // any case is accepted
		}
		csv.WriteString(a + "," + strconv.Itoa(i) + "\n")
	}
	in := filepath.Join(dir, "voters.csv")
	require.NoError(t, os.WriteFile(in, []byte(csv.String()), 0o600))

	res := system.Exec(t, bin, "voting", "census", "build", in)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	var f census.File
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &f))
	require.Equal(t, uint64(5), f.Voters)
	require.Equal(t, uint64(15), f.TotalWeight)
	root, err := hex.DecodeString(f.Root)
	require.NoError(t, err)
	for _, p := range f.Proofs {
		require.Equal(t, strings.ToLower(p.Address), p.Address, "addresses come out canonical")
		addr, err := sdk.AccAddressFromBech32(p.Address)
		require.NoError(t, err)
		leaf := census.LeafHash(addr, p.Weight)
		require.Equal(t, p.Leaf, hex.EncodeToString(leaf))
		siblings := make([][]byte, len(p.Siblings))
		for i, s := range p.Siblings {
			siblings[i], err = hex.DecodeString(s)
			require.NoError(t, err)
		}
		require.True(t, census.Verify(root, f.Voters, p.Index, leaf, siblings), p.Address)
	}

	// Bad input: one line that names the file, the line and the value.
	bad := filepath.Join(dir, "bad.csv")
	require.NoError(t, os.WriteFile(bad, []byte("civ1bogus,1\n"), 0o600))
	res = system.Exec(t, bin, "voting", "census", "build", bad)
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "bad.csv: line 1: address \"civ1bogus\"")
}
