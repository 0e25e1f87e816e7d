//go:build system_test

package main_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/jsonpb"
	gogoproto "github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/civitas-chain/civitas/testutil/system"
	"github.com/civitas-chain/civitas/x/voting/census"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// TestElectionWithMerkleCensusOfFreshKeys runs an election on the real
// binary: a Merkle census of four fresh keys (three in their own keyring,
// one from a mnemonic file), ballots signed offline and relayed fee-free by
// an account holding no tokens on a node that requires a minimum gas price,
// a tampered ballot refused, a revote, and the results and receipts read
// over the CLI, REST and gRPC.
func TestElectionWithMerkleCensusOfFreshKeys(t *testing.T) {
	c := system.NewChain(t, system.Config{PortOffset: 3500, MinGasPrices: "0.025ucivis"})
	const chainID = "civitas-local-1"
	dir := t.TempDir()
	keyDir := filepath.Join(dir, "voters") // the voters' own devices, not the node's keyring

	type key struct {
		Name     string `json:"name"`
		Address  string `json:"address"`
		Mnemonic string `json:"mnemonic"`
	}
	var voters []key
	for i := range 4 {
		args := []string{"keys", "add", fmt.Sprintf("voter-%d", i), "--keyring-backend", "test", "--keyring-dir", keyDir, "--output", "json"}
		if i == 3 {
			args = append(args, "--dry-run") // this voter only keeps the mnemonic
		}
		res := c.Exec(args...)
		require.Equal(t, 0, res.ExitCode, res.Stderr)
		var k key
		require.NoError(t, json.Unmarshal([]byte(res.Stdout+res.Stderr), &k), res.Stdout+res.Stderr)
		voters = append(voters, k)
	}
	mnemonicFile := filepath.Join(dir, "voter-3.mnemonic")
	require.NoError(t, os.WriteFile(mnemonicFile, []byte(voters[3].Mnemonic+"\n"), 0o600))

	// The census: weights 1..4, total 10.
	var csv strings.Builder
	for i, v := range voters {
		fmt.Fprintf(&csv, "%s,%d\n", v.Address, i+1)
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "voters.csv"), []byte(csv.String()), 0o600))
	censusFile := filepath.Join(dir, "census.json")
	res := c.Exec("voting", "census", "build", filepath.Join(dir, "voters.csv"), "--out", censusFile)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	var cf census.File
	bz, err := os.ReadFile(censusFile)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(bz, &cf))

	// A relayer with an account and no tokens: it spends what it got on a fee.
	c.Tx("alice", "bank", "send", "alice", mustAddKey(t, c, "relayer"), "10000ucivis", "--gas", "200000")
	tx := c.Tx("relayer", "bank", "send", "relayer", c.Address("alice"), "5000ucivis", "--gas", "200000", "--fees", "5000ucivis")
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	requireBalance(t, c, c.Address("relayer"), "0")

	// carol, election officer of agency 2, schedules the election.
	start := time.Now().UTC().Add(15 * time.Second).Truncate(time.Second)
	end := start.Add(40 * time.Second)
	tx = c.Tx("carol", "voting", "create-election", "2", "Ward 3 council", start.Format(time.RFC3339), end.Format(time.RFC3339),
		"--questions", `{"title":"Chair","type":"BALLOT_TYPE_SINGLE","options":[{"title":"Ann"},{"title":"Ben"}]}`,
		"--questions", `{"title":"Priorities","type":"BALLOT_TYPE_RANKED","options":[{"title":"Parks"},{"title":"Roads"},{"title":"Schools"}],"min_choices":1,"max_choices":3}`,
		"--census-type", "merkle", "--merkle-root", cf.Root, "--merkle-voters", "4", "--merkle-total-weight", "10",
		"--max-revotes", "1", "--quorum-bps", "5000")
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	id := strings.Trim(tx.Attr("civitas.voting.v1.EventElectionCreated", "election_id"), `"`)
	require.NotEmpty(t, id)
	for time.Now().Before(start.Add(2 * time.Second)) {
		time.Sleep(500 * time.Millisecond)
	}

	// Ballots signed offline (no node, no account), then relayed.
	ballots := filepath.Join(dir, "ballots.jsonl")
	hashes := map[string]string{}
	answers := [][]string{{"0", "2,0"}, {"1", "1"}, {"1", "1,2"}, {"1", "2,1,0"}}
	for i, v := range voters {
		args := []string{"voting", "sign-ballot", id, "--answer", answers[i][0], "--answer", answers[i][1],
			"--census", censusFile, "--chain-id", chainID, "--out", ballots, "--public"}
		if i == 3 {
			args = append(args, "--mnemonic-file", mnemonicFile)
		} else {
			args = append(args, "--from", v.Name, "--keyring-backend", "test", "--keyring-dir", keyDir)
		}
		res := c.Exec(args...)
		require.Equal(t, 0, res.ExitCode, res.Stderr)
		m := regexp.MustCompile(`ballot of (\S+) for election .* hash ([0-9A-F]{64})`).FindStringSubmatch(res.Stderr)
		require.Len(t, m, 3, res.Stderr)
		require.Equal(t, v.Address, m[1])
		hashes[v.Address] = m[2]
	}

	// A relayer cannot change a choice.
	lines, err := os.ReadFile(ballots)
	require.NoError(t, err)
	first := strings.SplitN(string(lines), "\n", 2)[0]
	tampered := strings.Replace(first, `"choices":[0]`, `"choices":[1]`, 1)
	require.NotEqual(t, first, tampered)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tampered.jsonl"), []byte(tampered+"\n"), 0o600))
	res = c.Exec("voting", "relay", filepath.Join(dir, "tampered.jsonl"), "--from", "relayer", "--home", c.Home, "-y")
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stdout, "ballot signature does not verify")

	res = c.Exec("voting", "relay", ballots, "--from", "relayer", "--home", c.Home, "-y", "--batch", "2")
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	require.Equal(t, 2, strings.Count(res.Stdout, "txhash"), res.Stdout)
	require.Contains(t, res.Stdout, "4 ballots counted, 0 not")
	c.WaitBlocks(2)
	requireBalance(t, c, c.Address("relayer"), "0")

	// A revote of voter 0 (counter 1) replaces its ballot; replaying it is refused.
	revote := filepath.Join(dir, "revote.jsonl")
	res = c.Exec("voting", "sign-ballot", id, "--public", "--answer", "1", "--answer", "1", "--counter", "1", "--census", censusFile,
		"--chain-id", chainID, "--from", "voter-0", "--keyring-backend", "test", "--keyring-dir", keyDir, "--out", revote)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	res = c.Exec("voting", "relay", revote, "--from", "relayer", "--home", c.Home, "-y")
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	c.WaitBlocks(2)
	res = c.Exec("voting", "relay", revote, "--from", "relayer", "--home", c.Home, "-y")
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stdout, "counter", res.Stdout)

	// Results and receipts: CLI.
	var results votingtypes.QueryResultsResponse
	queryProto(t, c, &results, "q", "voting", "results", id)
	require.Equal(t, uint64(4), results.Tally.Ballots)
	require.Equal(t, uint64(10), results.Tally.TurnoutWeight)
	require.Equal(t, uint64(1), results.Tally.Overwrites)
	require.Equal(t, []string{"0.000000000000000000", "10.000000000000000000"}, results.Tally.Questions[0].Totals)
	var receipt votingtypes.QueryReceiptResponse
	queryProto(t, c, &receipt, "q", "voting", "receipt", id, voters[1].Address)
	require.Equal(t, hashes[voters[1].Address], fmt.Sprintf("%X", receipt.Receipt.BallotHash))

	// REST.
	var rest struct {
		Receipt struct {
			Voter  string `json:"voter"`
			Height string `json:"height"`
		} `json:"receipt"`
		StoreKey string `json:"store_key"`
	}
	c.GetREST("/civitas/voting/v1/elections/"+id+"/receipts/"+voters[2].Address, &rest)
	require.Equal(t, voters[2].Address, rest.Receipt.Voter)
	require.NotEmpty(t, rest.StoreKey)
	var list struct {
		Elections []struct {
			ID string `json:"id"`
		} `json:"elections"`
	}
	c.GetREST("/civitas/voting/v1/elections?agency_id=2&status=2", &list)
	require.NotEmpty(t, list.Elections)

	// gRPC.
	conn, err := grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	eid, _ := strconv.ParseUint(id, 10, 64)
	q := votingtypes.NewQueryClient(conn)
	ballotsRes, err := q.Ballots(context.Background(), &votingtypes.QueryBallotsRequest{ElectionId: eid})
	require.NoError(t, err)
	require.Len(t, ballotsRes.Ballots, 4)
	censusRes, err := q.Census(context.Background(), &votingtypes.QueryCensusRequest{ElectionId: eid})
	require.NoError(t, err)
	require.Equal(t, cf.Root, fmt.Sprintf("%x", censusRes.Census.MerkleRoot))

	// After the end: FINAL, with the instant-runoff rounds.
	for time.Now().Before(end.Add(3 * time.Second)) {
		time.Sleep(500 * time.Millisecond)
	}
	c.WaitBlocks(2)
	final, err := q.Results(context.Background(), &votingtypes.QueryResultsRequest{ElectionId: eid})
	require.NoError(t, err)
	require.Equal(t, votingtypes.ELECTION_STATUS_FINAL, final.Status)
	require.NotNil(t, final.Result)
	require.True(t, final.Result.QuorumReached)
	require.Equal(t, []uint32{1}, final.Result.Questions[0].Winners)
	// Ranked, after voter 0's revote: first preferences Parks 0, Roads
	// 1+2+3 = 6, Schools 4: Roads has a majority in round one.
	require.Equal(t, []uint32{1}, final.Result.Questions[1].Winners)
	require.Len(t, final.Result.Questions[1].Rounds, 1)
	require.Equal(t, []uint64{0, 6, 4}, final.Result.Questions[1].Rounds[0].Totals)
}

func mustAddKey(t *testing.T, c *system.Chain, name string) string {
	t.Helper()
	c.CLI("keys", "add", name, "--keyring-backend", "test")
	return c.Address(name)
}

func requireBalance(t *testing.T, c *system.Chain, addr, want string) {
	t.Helper()
	var bal struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	c.GetREST("/cosmos/bank/v1beta1/balances/"+addr+"/by_denom?denom=ucivis", &bal)
	require.Equal(t, want, bal.Balance.Amount)
}

// queryProto runs a CLI query with JSON output and decodes it as proto JSON.
func queryProto(t *testing.T, c *system.Chain, v gogoproto.Message, args ...string) {
	t.Helper()
	out := c.CLI(append(args, "-o", "json")...)
	require.NoError(t, (&jsonpb.Unmarshaler{AllowUnknownFields: true}).Unmarshal(strings.NewReader(out), v), out)
}
