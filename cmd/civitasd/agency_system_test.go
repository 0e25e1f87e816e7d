//go:build system_test

package main_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/testutil/system"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// TestAdmitAndRemoveValidatorBody admits a second government body as a
// validator on a running chain (a real second node) by governance, then
// removes it, and checks that the chain produces blocks throughout.
func TestAdmitAndRemoveValidatorBody(t *testing.T) {
	t.Parallel() // own ports (offset 1500)
	c := system.NewChain(t, system.Config{PortOffset: 1500})
	gov := testutil.GovAuthority()
	c.CLI("keys", "add", "body2", "--keyring-backend", "test")
	body := c.Address("body2")
	alice := c.Address("alice")
	// The body pays its create-validator fee-free tx gas with public funds.
	require.Equal(t, uint32(0), c.Tx("alice", "bank", "send", alice, body, "1000000ucivis").Code)

	heights := []int64{c.Height()}
	progressed := func(step string) {
		t.Helper()
		c.WaitBlocks(2)
		h := c.Height()
		require.Greater(t, h, heights[len(heights)-1], "no blocks during: %s", step)
		heights = append(heights, h)
	}

	// 1. The body runs a full node that follows the chain.
	node := c.AddNode("body2-node", 1)
	progressed("a full node joins")

	// 2. Governance registers the body as an agency and issues it a seat.
	passProposal(t, c, `{"@type":"/civitas.agency.v1.MsgRegisterAgency","authority":"`+gov+`","name":"Body Two","jurisdiction":"EE","admins":["`+body+`"]}`)
	agencyID := agencyIDByName(t, c, "Body Two") // the localnet's demo agencies come first
	passProposal(t, c, `{"@type":"/civitas.agency.v1.MsgIssueSeats","authority":"`+gov+`","agency_id":"`+agencyID+`","operator":"`+body+`","seats":"1"}`)
	require.Equal(t, "1000000", balance(c, body, "useat"))

	// The records are readable over REST and gRPC.
	var seats struct {
		Seats []struct {
			AgencyID string `json:"agency_id"`
			Operator string `json:"operator"`
			Seats    string `json:"seats"`
		} `json:"seats"`
	}
	c.GetREST("/civitas/agency/v1/seats", &seats)
	require.Len(t, seats.Seats, 2, "validator-0's genesis grant and the body's")
	require.Equal(t, body, seats.Seats[1].Operator)
	require.Equal(t, agencyID, seats.Seats[1].AgencyID)
	conn, err := grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	agency, err := agencytypes.NewQueryClient(conn).Agency(ctx, &agencytypes.QueryAgencyRequest{AgencyId: mustUint(t, agencyID)})
	require.NoError(t, err)
	require.Equal(t, "Body Two", agency.Agency.Name)
	require.Equal(t, []string{body}, agency.Agency.Admins)
	progressed("admission proposals")

	// 3. The body bonds its seat with its node's consensus key.
	validatorJSON := filepath.Join(t.TempDir(), "validator.json")
	require.NoError(t, os.WriteFile(validatorJSON, []byte(`{
		"pubkey": `+node.ConsensusPubKey()+`,
		"amount": "1000000useat",
		"moniker": "body-two",
		"commission-rate": "0.0",
		"commission-max-rate": "0.0",
		"commission-max-change-rate": "0.0",
		"min-self-delegation": "1"
	}`), 0o600))
	res := c.Tx("body2", "staking", "create-validator", validatorJSON)
	require.Equal(t, uint32(0), res.Code, res.RawLog)
	require.Eventually(t, func() bool { return validatorCount(t, c) == 2 }, 30*time.Second, time.Second, "the body's validator joins the set")
	progressed("two validators sign") // both must sign now: each has half the power

	// One body, one seat: the body may not move its seat onto validator-0
	// (which would give validator-0 the whole chain).
	bodyValoper := valoperOf(t, c, "body2")
	res = c.Tx("body2", "staking", "redelegate", bodyValoper, valoperOf(t, c, "validator-0"), "1000000useat", "--gas", "400000")
	require.NotEqual(t, uint32(0), res.Code, "a seat cannot be redelegated")
	require.Contains(t, res.RawLog, "seats bond only as their holder's self-delegation")
	require.Equal(t, 2, validatorCount(t, c), "both validators keep their seat")

	// 4. Governance revokes the seat: the validator leaves the set, the seat is burned.
	passProposal(t, c, `{"@type":"/civitas.agency.v1.MsgRevokeSeats","authority":"`+gov+`","agency_id":"`+agencyID+`","operator":"`+body+`","reason":"mandate ended"}`)
	require.Eventually(t, func() bool { return validatorCount(t, c) == 1 }, 30*time.Second, time.Second, "the body's validator leaves the set")
	var supply struct {
		Amount struct{ Amount string } `json:"amount"`
	}
	c.QueryJSON(&supply, "q", "bank", "total-supply-of", "useat")
	require.Equal(t, "1000000", supply.Amount.Amount, "only the genesis validator's seat is left")
	progressed("removal")
	require.GreaterOrEqual(t, node.Height(), heights[len(heights)-1]-1, "the body's node still follows the chain")
}

// passProposal submits one message as a proposal from alice, has
// validator-0 vote yes and waits until it passed.
func passProposal(t *testing.T, c *system.Chain, msgJSON string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "proposal.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"messages":[`+msgJSON+`],"deposit":"1000000000ucivis","title":"Agency proposal","summary":"system test"}`), 0o600))
	res := c.Tx("alice", "gov", "submit-proposal", file)
	require.Equal(t, uint32(0), res.Code, res.RawLog)
	id := res.Attr("submit_proposal", "proposal_id")
	require.NotEmpty(t, id)
	res = c.Tx("validator-0", "gov", "vote", id, "yes")
	require.Equal(t, uint32(0), res.Code, res.RawLog)
	require.Eventually(t, func() bool {
		var p struct {
			Proposal struct {
				Status       any    `json:"status"`
				FailedReason string `json:"failed_reason"`
			} `json:"proposal"`
		}
		c.QueryJSON(&p, "q", "gov", "proposal", id)
		require.NotEqual(t, "PROPOSAL_STATUS_FAILED", p.Proposal.Status, "proposal %s failed: %s", id, p.Proposal.FailedReason)
		return p.Proposal.Status == "PROPOSAL_STATUS_PASSED"
	}, 60*time.Second, time.Second, "proposal %s did not pass", id)
}

func validatorCount(t *testing.T, c *system.Chain) int {
	t.Helper()
	var vals struct {
		Result struct {
			Total string `json:"total"`
		} `json:"result"`
	}
	c.GetRPC("/validators", &vals)
	n, err := json.Number(strings.TrimSpace(vals.Result.Total)).Int64()
	require.NoError(t, err)
	return int(n)
}

// agencyIDByName finds an agency's id over the CLI.
func agencyIDByName(t *testing.T, c *system.Chain, name string) string {
	t.Helper()
	var out struct {
		Agencies []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"agencies"`
	}
	c.QueryJSON(&out, "q", "agency", "agencies")
	for _, a := range out.Agencies {
		if a.Name == name {
			return a.ID
		}
	}
	t.Fatalf("no agency named %q", name)
	return ""
}

func mustUint(t *testing.T, s string) uint64 {
	t.Helper()
	n, err := strconv.ParseUint(s, 10, 64)
	require.NoError(t, err)
	return n
}

// valoperOf returns the validator operator address of a key in node 0's keyring.
func valoperOf(t *testing.T, c *system.Chain, key string) string {
	t.Helper()
	return strings.TrimSpace(c.CLI("keys", "show", key, "--bech", "val", "-a"))
}
