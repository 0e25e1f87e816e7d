//go:build system_test

package main_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/jsonpb"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil/system"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// TestSecretElectionThreeOfFiveTrustees runs a secret election on the real
// binary: five trustees make a 3-of-5 key with their local key files
// (register, deal, check and acknowledge, finalize); twelve fresh keys vote
// (encrypted ballots signed offline, from the node's election or a saved
// copy of it), relayed in batches, one voter revotes; after the end two
// trustees cannot finish the tally, a third can; verify-tally re-checks the
// whole record from the node, and a tampered saved copy fails it.
func TestSecretElectionThreeOfFiveTrustees(t *testing.T) {
	t.Parallel() // own ports (offset 7500)
	c := system.NewChain(t, system.Config{PortOffset: 7500})
	const chainID = "civitas-local-1"
	dir := t.TempDir()

	// Five trustees with accounts on the node's keyring, each keeping its
	// ceremony secret in its own key file.
	var trustees []string
	for j := range 5 {
		name := fmt.Sprintf("trustee-%d", j+1)
		trustees = append(trustees, mustAddKey(t, c, name))
		tx := c.Tx("alice", "bank", "send", "alice", trustees[j], "1000000ucivis")
		require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	}
	keyFile := func(j int) string { return filepath.Join(dir, fmt.Sprintf("trustee-%d.json", j+1)) }

	// carol, election officer of agency 2: a secret single-choice election.
	start := time.Now().UTC().Add(75 * time.Second).Truncate(time.Second)
	end := start.Add(45 * time.Second)
	args := []string{"voting", "create-election", "2", "Referendum", start.Format(time.RFC3339), end.Format(time.RFC3339),
		"--questions", `{"title":"Which site for the new school?","type":"BALLOT_TYPE_SINGLE","options":[{"title":"North"},{"title":"South"},{"title":"East"},{"title":"West"}]}`,
		"--census-type", "registry", "--max-revotes", "1", "--privacy", "secret", "--threshold", "3"}
	for _, a := range trustees {
		args = append(args, "--trustees", a)
	}
	tx := c.Tx("carol", args...)
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	id := strings.Trim(tx.Attr("civitas.voting.v1.EventElectionCreated", "election_id"), `"`)
	require.NotEmpty(t, id)
	require.Equal(t, `"PRIVACY_SECRET"`, tx.Attr("civitas.voting.v1.EventElectionCreated", "privacy"))

	// Twelve fresh keys (the voters' own devices), weights 1 and 2.
	keyDir := filepath.Join(dir, "voters")
	var voters []string
	var census []string
	for i := range 12 {
		res := c.Exec("keys", "add", fmt.Sprintf("voter-%d", i), "--keyring-backend", "test", "--keyring-dir", keyDir, "--output", "json")
		require.Equal(t, 0, res.ExitCode, res.Stderr)
		var k struct {
			Address string `json:"address"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.Stdout+res.Stderr), &k))
		voters = append(voters, k.Address)
		census = append(census, "--voters", fmt.Sprintf(`{"address":"%s","weight":%d}`, k.Address, 1+i%2))
	}
	tx = c.Tx("carol", append([]string{"voting", "set-voters", id}, census...)...)
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)

	// The key ceremony.
	trustee := func(j int, step string) system.TxResult {
		args := []string{"voting", "trustee", step, id}
		if step != "deal" { // a deal needs no secret of the dealer's beyond the one it makes and forgets
			args = append(args, "--key-file", keyFile(j))
		}
		return c.TxCommand(fmt.Sprintf("trustee-%d", j+1), args...)
	}
	for j := range 5 {
		tx := trustee(j, "register")
		require.Equal(t, uint32(0), tx.Code, "register %d: %s", j+1, tx.RawLog)
	}
	fi, err := os.Stat(keyFile(0))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "a key file is the trustee's alone")
	for j := range 5 {
		tx := trustee(j, "deal")
		require.Equal(t, uint32(0), tx.Code, "deal %d: %s", j+1, tx.RawLog)
	}
	for j := range 5 {
		tx := trustee(j, "check")
		require.Equal(t, uint32(0), tx.Code, "check %d: %s", j+1, tx.RawLog)
	}
	tx = c.Tx("bob", "voting", "finalize-key", id)
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	var er votingtypes.QueryElectionResponse
	queryProto(t, c, &er, "q", "voting", "election", id)
	require.Equal(t, votingtypes.CEREMONY_STATUS_FINAL, er.Election.KeyCeremony.Status)
	require.Len(t, er.Election.KeyCeremony.ElectionKey, 32)
	t.Logf("key ceremony done %s before the start", time.Until(start).Round(time.Second))
	require.True(t, time.Now().Before(start), "the ceremony took too long for this test's schedule")
	electionFile := filepath.Join(dir, "election.json")
	require.NoError(t, os.WriteFile(electionFile, []byte(c.CLI("q", "voting", "election", id, "-o", "json")), 0o600))

	for time.Now().Before(start.Add(2 * time.Second)) {
		time.Sleep(500 * time.Millisecond)
	}

	// Ballots: encrypted, signed offline; half from the saved election.
	// Choices (weight): North gets voters 0(1) 4(1) 8(1) — voter 0 revotes
	// to East below — South 1(2) 5(2) 9(2), East 2(1) 6(1) 10(1), West 3(2)
	// 7(2), and voter 11 (2) casts a blank answer.
	ballots := filepath.Join(dir, "ballots.jsonl")
	sign := func(i int, answer, out string, counter int) {
		args := []string{"voting", "sign-ballot", id, "--answer", answer, "--counter", fmt.Sprint(counter), "--chain-id", chainID,
			"--from", fmt.Sprintf("voter-%d", i), "--keyring-backend", "test", "--keyring-dir", keyDir, "--out", out}
		if i%2 == 0 {
			args = append(args, "--election-file", electionFile)
		} else {
			args = append(args, "--node", c.RPCAddr())
		}
		res := c.Exec(args...)
		require.Equal(t, 0, res.ExitCode, res.Stderr)
	}
	for i := range 12 {
		answer := fmt.Sprint(i % 4)
		if i == 11 {
			answer = "-"
		}
		sign(i, answer, ballots, 0)
	}
	line, err := os.ReadFile(ballots)
	require.NoError(t, err)
	require.Contains(t, string(line), `"encrypted_answers"`)
	require.NotContains(t, string(line), `"choices"`, "no choice in the clear")
	res := c.Exec("voting", "relay", ballots, "--from", "alice", "--home", c.Home, "-y", "--batch", "5")
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	require.Equal(t, 3, strings.Count(res.Stdout, "txhash"), res.Stdout)
	require.Contains(t, res.Stdout, "12 ballots counted, 0 not")
	revote := filepath.Join(dir, "revote.jsonl")
	sign(0, "2", revote, 1)
	res = c.Exec("voting", "relay", revote, "--from", "alice", "--home", c.Home, "-y")
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	require.Contains(t, res.Stdout, "1 ballots counted, 0 not")

	// Benaloh's challenge from the CLI: voter 3 spoils a ballot for East;
	// the audit shows East and passes; a record that claims another choice
	// fails; and voter 3's counted ballot is still the one cast before.
	spoiled := filepath.Join(dir, "spoiled.json")
	res = c.Exec("voting", "sign-ballot", id, "--answer", "2", "--counter", "5", "--chain-id", chainID, "--spoil",
		"--from", "voter-3", "--keyring-backend", "test", "--keyring-dir", keyDir, "--out", spoiled, "--node", c.RPCAddr())
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stderr, "never relay it")
	bz, err := os.ReadFile(spoiled)
	require.NoError(t, err)
	var sp votingtypes.SpoiledBallot
	require.NoError(t, json.Unmarshal(bz, &sp))
	require.Equal(t, [][]uint64{{0, 0, 1, 0}}, sp.Choices)
	res = c.Exec("voting", "audit-ballot", spoiled, "--node", c.RPCAddr(), "--tracking-code", strings.ToLower(sp.BallotHash))
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	require.Contains(t, res.Stdout, `question 1 "Which site for the new school?": East`)
	require.Contains(t, res.Stdout, "audit passed")
	require.Contains(t, res.Stdout, "not cast: the counted ballot of this voter is")
	// Another code than the one the booth showed: it handed over another ballot.
	res = c.Exec("voting", "audit-ballot", spoiled, "--node", c.RPCAddr(), "--tracking-code", strings.Repeat("AB", 32))
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "it handed over another ballot")
	// --spoil is refused for a public election's ballot: nothing written.
	res = c.Exec("voting", "sign-ballot", id, "--public", "--answer", "2", "--chain-id", chainID, "--spoil",
		"--from", "voter-3", "--keyring-backend", "test", "--keyring-dir", keyDir, "--out", filepath.Join(dir, "public-spoil.json"))
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "nothing written")
	require.NoFileExists(t, filepath.Join(dir, "public-spoil.json"))
	sp.Choices[0] = []uint64{1, 0, 0, 0} // a booth showing North for an encryption of East
	bz, err = json.Marshal(&sp)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(spoiled, bz, 0o600))
	res = c.Exec("voting", "audit-ballot", spoiled, "--election-file", electionFile, "--tracking-code", sp.BallotHash)
	require.NotEqual(t, 0, res.ExitCode)
	require.Contains(t, res.Stderr, "AUDIT FAILED: question 1 option 1: the ciphertext is not the encryption of 1")

	// Before the end: no decryption.
	tx = trustee(0, "decrypt")
	require.NotEqual(t, uint32(0), tx.Code)
	require.Contains(t, tx.RawLog, "TALLYING")

	for time.Now().Before(end.Add(3 * time.Second)) {
		time.Sleep(500 * time.Millisecond)
	}
	c.WaitBlocks(2)
	var results votingtypes.QueryResultsResponse
	queryProto(t, c, &results, "q", "voting", "results", id)
	require.Equal(t, votingtypes.ELECTION_STATUS_TALLYING, results.Status)
	require.Equal(t, uint64(12), results.Tally.Ballots)
	require.Equal(t, uint64(18), results.Tally.TurnoutWeight)

	// Trustees 1 and 3 decrypt: not enough; trustee 5 makes three.
	for _, j := range []int{0, 2} {
		tx := trustee(j, "decrypt")
		require.Equal(t, uint32(0), tx.Code, "decrypt %d: %s", j+1, tx.RawLog)
	}
	tx = c.TxCommand("bob", "voting", "tally", id)
	require.NotEqual(t, uint32(0), tx.Code)
	require.Contains(t, tx.RawLog, "2 trustees decrypted, 3 are needed")
	tx = trustee(4, "decrypt")
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	tx = c.TxCommand("bob", "voting", "tally", id)
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	require.Contains(t, tx.Attr("civitas.voting.v1.EventKeyCeremony", "detail"), "decrypted by trustees [1 3 5]")

	queryProto(t, c, &results, "q", "voting", "results", id)
	require.Equal(t, votingtypes.ELECTION_STATUS_FINAL, results.Status)
	// North 4+8 = 2, South 1+5+9 = 6, East 0(revote)+2+6+10 = 4, West 3+7 = 4.
	require.Equal(t, []string{"2.000000000000000000", "6.000000000000000000", "4.000000000000000000", "4.000000000000000000"},
		results.Tally.Questions[0].Totals)
	require.Equal(t, []uint32{1}, results.Result.Questions[0].Winners)
	c.WaitBlocks(2) // a light client proves the state under a header that has a successor
	res = lightVerifier(t, c)("election-result", id)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	require.Contains(t, res.Stdout, "ELECTION_STATUS_FINAL")
	require.Contains(t, res.Stdout, "  winners:\n  - 1\nquorum_reached: true")

	// Anyone re-checks the whole record from the node, and saves it.
	record := filepath.Join(dir, "record.json")
	res = c.Exec("voting", "verify-tally", id, "--node", c.RPCAddr(), "--save", record)
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)
	require.Contains(t, res.Stdout, "ballots: 12 of weight 18, every signature and proof holds")
	require.Contains(t, res.Stdout, "question 0 option 1 (South): 6")
	require.Contains(t, res.Stdout, "verified: election "+id)
	res = c.Exec("voting", "verify-tally", id, "--record", record)
	require.Equal(t, 0, res.ExitCode, res.Stdout+res.Stderr)

	// A tampered copy fails.
	bz, err = os.ReadFile(record)
	require.NoError(t, err)
	for name, tamper := range map[string]func(r *votingtypes.TallyRecord){
		"a ballot's ciphertext": func(r *votingtypes.TallyRecord) { r.Ballots[3].EncryptedAnswers[0].Ciphertexts[1][9] ^= 1 },
		"a trustee's share":     func(r *votingtypes.TallyRecord) { r.PartialDecryptions[1].Shares[2][40] ^= 1 },
		"a published total":     func(r *votingtypes.TallyRecord) { r.Tally.Questions[0].Totals[0] = "3.000000000000000000" },
	} {
		var r votingtypes.TallyRecord
		require.NoError(t, (&jsonpb.Unmarshaler{AllowUnknownFields: true}).Unmarshal(strings.NewReader(string(bz)), &r))
		tamper(&r)
		out, err := (&jsonpb.Marshaler{OrigName: true}).MarshalToString(&r)
		require.NoError(t, err)
		path := filepath.Join(dir, "tampered.json")
		require.NoError(t, os.WriteFile(path, []byte(out), 0o600))
		res := c.Exec("voting", "verify-tally", id, "--record", path)
		require.NotEqual(t, 0, res.ExitCode, name)
		require.Contains(t, res.Stderr, "verification FAILED", name)
	}
}
