//go:build system_test

package main_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil/system"
	"github.com/civitas-chain/civitas/x/common/verify"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
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

	hash := headerHash(t, c, 2)
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

	// The other records: the demo election has no result yet, the demo
	// tender no bid nor award, the budget no commitment (each proven).
	res = run("election-result", "1")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, `election 1 "Tartu participatory budget 2027": ELECTION_STATUS_OPEN`)
	require.Contains(t, res.Stdout, "no result of election 1 yet: proven absent")
	res = run("election-result", "9")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "no election 9: proven absent")
	res = run("bid", "1", "1")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "no bid of supplier 1 in tender 1 lot 0: proven absent")
	res = run("award", "1")
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "lot 0 \"Resurfacing\": LOT_STATUS_TENDERING\n  not awarded")
	for _, what := range []string{"commitment", "disbursement"} {
		res = run(what, "1")
		require.Equal(t, 0, res.ExitCode, res.Stderr)
		require.Contains(t, res.Stdout, "no "+what+" 1: proven absent")
		require.Contains(t, res.Stdout, "verified at height")
	}
	res = run("bid", "x", "1")
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, `tender id "x": a whole number`)

	// A witness on another fork: nothing is verified, and the line says who
	// disagrees. (A header already in the trust store is not asked of the
	// witnesses again: wait for a new one, which must be.)
	liar := lyingWitness(t, c)
	c.WaitBlocks(1)
	res = c.Exec("verify", "ballot", "1", c.Address("alice"), "--node", c.RPCAddr(), "--witness", liar, "--chain-id", "civitas-local-1", "--trust-dir", trust)
	require.NotEqual(t, 0, res.ExitCode, res.Stdout)
	require.Contains(t, res.Stderr, "witness disagrees: witness "+liar+" serves header")
	require.NotContains(t, res.Stdout, "verified at height")
}

// lightVerifier returns a runner of "civitasd verify ..." against c with c
// as its own witness, after trusting the header at height 2 (as a citizen
// who got its hash from a source they trust).
func lightVerifier(t *testing.T, c *system.Chain) func(args ...string) system.Result {
	t.Helper()
	flags := []string{"--node", c.RPCAddr(), "--witness", c.RPCAddr(), "--chain-id", "civitas-local-1", "--trust-dir", filepath.Join(t.TempDir(), "light")}
	run := func(args ...string) system.Result {
		return c.Exec(append(append([]string{"verify"}, args...), flags...)...)
	}
	res := run("trust", "2", headerHash(t, c, 2))
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	return run
}

// headerHash is the block hash at height h, as the node says.
func headerHash(t testing.TB, c *system.Chain, h int) string {
	t.Helper()
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
	c.GetRPC(fmt.Sprintf("/commit?height=%d", h), &commit)
	hash := commit.Result.SignedHeader.Commit.BlockID.Hash
	require.Len(t, hash, 64)
	return hash
}

// lyingWitness serves c's RPC, but every header it returns has another app
// hash: a witness on another fork.
func lyingWitness(t *testing.T, c *system.Chain) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		req, _ := http.NewRequest(r.Method, c.RPCAddr()+r.URL.RequestURI(), bytes.NewReader(body))
		req.Header = r.Header.Clone()
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		defer res.Body.Close()
		out, _ := io.ReadAll(res.Body)
		var msg map[string]any
		if json.Unmarshal(out, &msg) == nil {
			if result, ok := msg["result"].(map[string]any); ok {
				if sh, ok := result["signed_header"].(map[string]any); ok {
					sh["header"].(map[string]any)["app_hash"] = strings.Repeat("AB", 32)
					out, _ = json.Marshal(msg)
				}
			}
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(out)
	}))
	t.Cleanup(srv.Close)
	return srv.URL
}

// BenchmarkVerifyBallot (make bench-verify) times what a citizen waits for,
// on a one-validator localnet with a warm trust store: the whole
// `civitasd verify ballot` command (process start, light client, proof),
// beside its baseline in the same run, `civitasd q voting receipt` (the same
// record over the same CLI, trusting the node); and in process, a proven
// read (verify.Verifier.Value) beside a plain ABCI query of the same key.
func BenchmarkVerifyBallot(b *testing.B) {
	c := system.NewChain(b, system.Config{PortOffset: 9000})
	dir := b.TempDir()
	trust := filepath.Join(dir, "light")
	ballots := filepath.Join(dir, "ballots.jsonl")
	res := c.Exec("voting", "sign-ballot", "1", "--answer", "0", "--answer", "0,1", "--from", "alice", "--home", c.Home, "--node", c.RPCAddr(), "--out", ballots)
	require.Equal(b, 0, res.ExitCode, res.Stderr)
	res = c.Exec("voting", "relay", ballots, "--from", "dave", "--home", c.Home, "-y")
	require.Equal(b, 0, res.ExitCode, res.Stdout+res.Stderr)
	c.WaitBlocks(2)
	flags := []string{"--node", c.RPCAddr(), "--witness", c.RPCAddr(), "--chain-id", "civitas-local-1", "--trust-dir", trust}
	res = c.Exec(append([]string{"verify", "trust", "2", headerHash(b, c, 2)}, flags...)...)
	require.Equal(b, 0, res.ExitCode, res.Stderr)
	alice := c.Address("alice")

	b.Run("cli/verify-ballot", func(b *testing.B) {
		for b.Loop() {
			res := c.Exec(append([]string{"verify", "ballot", "1", alice}, flags...)...)
			if res.ExitCode != 0 || !strings.Contains(res.Stdout, "verified at height") {
				b.Fatal(res.Stderr)
			}
		}
	})
	b.Run("cli/baseline-query-receipt", func(b *testing.B) {
		for b.Loop() {
			res := c.Exec("q", "voting", "receipt", "1", alice, "--node", c.RPCAddr())
			if res.ExitCode != 0 {
				b.Fatal(res.Stderr)
			}
		}
	})
	v, err := verify.New(b.Context(), verify.Options{ChainID: "civitas-local-1", Primary: c.RPCAddr(), Witnesses: []string{c.RPCAddr()}, TrustDir: trust})
	require.NoError(b, err)
	defer v.Close()
	acc, err := sdk.GetFromBech32(alice, "civ")
	require.NoError(b, err)
	key := votingtypes.BallotStoreKey(1, acc)
	b.Run("lib/proven-read", func(b *testing.B) {
		for b.Loop() {
			p, err := v.Value(b.Context(), votingtypes.StoreKey, key)
			if err != nil || p.Value == nil {
				b.Fatal(err)
			}
		}
	})
	node, err := rpchttp.New(c.RPCAddr(), "/websocket")
	require.NoError(b, err)
	b.Run("lib/baseline-abci-query", func(b *testing.B) {
		for b.Loop() {
			r, err := node.ABCIQuery(b.Context(), "/store/voting/key", key)
			if err != nil || len(r.Response.Value) == 0 {
				b.Fatal(err)
			}
		}
	})
}
