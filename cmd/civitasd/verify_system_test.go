//go:build system_test

package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil/system"
)

// TestVerifyBallotWithALightClient: a citizen trusts one header, then proves
// alice's ballot in the localnet's demo election, and bob's absence, with
// the light client and ICS23 proofs; a wrong trusted hash, a missing
// witness or an empty trust store are refused.
func TestVerifyBallotWithALightClient(t *testing.T) {
	t.Parallel() // own ports (offset 8500)
	c := system.NewChain(t, system.Config{PortOffset: 8500})
	dir := t.TempDir()
	trust := filepath.Join(dir, "light")
	flags := []string{"--node", c.RPCAddr(), "--witness", c.RPCAddr(), "--chain-id", "civitas-local-1", "--trust-dir", trust}
	run := func(args ...string) system.Result {
		return c.Exec(append(append([]string{"verify"}, args...), flags...)...)
	}

	res := run("ballot", "1", c.Address("alice"))
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "trust store", "nothing trusted yet")

	var commit struct {
		Result struct {
			SignedHeader struct {
				Commit struct {
					BlockID struct {
						Hash string `json:"hash"`
					} `json:"block_id"`
				} `json:"commit"`
			} `json:"signed_header"`
		} `json:"result"`
	}
	c.GetRPC("/commit?height=2", &commit)
	hash := commit.Result.SignedHeader.Commit.BlockID.Hash
	require.Len(t, hash, 64)
	wrong := strings.Repeat("0", 64)
	res = c.Exec("verify", "trust", "2", wrong, "--node", c.RPCAddr(), "--witness", c.RPCAddr(), "--chain-id", "civitas-local-1", "--trust-dir", filepath.Join(dir, "other"))
	require.NotEqual(t, 0, res.ExitCode, "a hash that is not the header's")
	res = c.Exec("verify", "trust", "2", hash, "--node", c.RPCAddr(), "--chain-id", "civitas-local-1", "--trust-dir", trust)
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "witness")
	res = run("trust", "2", hash)
	require.Equal(t, 0, res.ExitCode, res.Stderr)

	// alice votes in the demo election; bob does not.
	ballots := filepath.Join(dir, "ballots.jsonl")
	res = c.Exec("voting", "sign-ballot", "1", "--answer", "0", "--answer", "0,1", "--from", "alice", "--home", c.Home, "--node", c.RPCAddr(), "--out", ballots)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	res = c.Exec("voting", "relay", ballots, "--from", "dave", "--home", c.Home, "-y")
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	c.WaitBlocks(2)

	res = run("ballot", "1", c.Address("alice"))
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "voter: "+c.Address("alice"))
	require.Contains(t, res.Stdout, "verified at height")
	res = run("ballot", "1", strings.ToUpper(c.Address("bob")))
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, fmt.Sprintf("no ballot of %s in election 1: proven absent", c.Address("bob")))
	_, err := os.Stat(filepath.Join(trust, "light.db"))
	require.NoError(t, err, "the trust store is kept")
}
