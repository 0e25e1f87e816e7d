//go:build system_test

package main_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/testutil/system"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// TestSeatsSurviveDowntimeAndGenesisSeatsAreGoverned runs two genesis
// validators, validator-0 with 3 seats and validator-1 with 1 (so the chain
// goes on without validator-1), with a short signing window:
//   - validator-1 may not redelegate its seat to validator-0;
//   - stopped until jailed, it keeps its whole seat, and after restart and
//     unjail it is back in the set with power 1;
//   - governance revokes its genesis seat: it leaves the set, the seat is burned.
func TestSeatsSurviveDowntimeAndGenesisSeatsAreGoverned(t *testing.T) {
	t.Parallel() // own ports (offset 2500)
	c := system.NewChain(t, system.Config{
		PortOffset: 2500, Validators: 2, Seats: "3,1",
		EditGenesis: func(_ *system.Chain, gen map[string]any) {
			slashing := gen["app_state"].(map[string]any)["slashing"].(map[string]any)["params"].(map[string]any)
			slashing["signed_blocks_window"] = "10"
			slashing["min_signed_per_window"] = "0.5"
			slashing["downtime_jail_duration"] = "5s"
		},
	})
	node1 := c.Validators[0]
	v1Home := node1.Home
	keyOf := func(bech string) string {
		res := c.Exec("keys", "show", "validator-1", "--bech", bech, "-a", "--keyring-backend", "test", "--home", v1Home)
		require.Equal(t, 0, res.ExitCode, res.Stderr)
		return strings.TrimSpace(res.Stdout)
	}
	v1, v1Valoper := keyOf("acc"), keyOf("val")
	require.Equal(t, 2, validatorCount(t, c))
	require.Equal(t, fmt.Sprint(agencytypes.PowerPerSeat), votingPowerOf(t, c, v1Valoper))

	// One body, one seat: the seat cannot move to validator-0.
	res := c.TxIn(v1Home, "validator-1", "staking", "redelegate", v1Valoper, valoperOf(t, c, "validator-0"), "1000000useat", "--gas", "400000")
	require.NotEqual(t, uint32(0), res.Code)
	require.Contains(t, res.RawLog, "seats bond only as their holder's self-delegation")

	// Downtime: stopped until jailed; the seat is not slashed.
	node1.Stop()
	require.Eventually(t, func() bool { return validator(t, c, v1Valoper).Jailed }, 90*time.Second, time.Second, "validator-1 is jailed for downtime")
	require.Equal(t, "1000000", validator(t, c, v1Valoper).Tokens, "downtime does not slash the seat")
	c.WaitBlocks(2) // the chain goes on with validator-0 alone (3 of 4 power)

	// Restarted, it catches up; unjailed, it is back with power 1.
	node1.Start()
	require.Eventually(t, func() bool { return node1.Height() >= c.Height()-1 }, 90*time.Second, time.Second, "node1 catches up")
	time.Sleep(5 * time.Second) // downtime_jail_duration
	res = c.TxIn(v1Home, "validator-1", "slashing", "unjail", "--gas", "300000")
	require.Equal(t, uint32(0), res.Code, res.RawLog)
	require.Eventually(t, func() bool { return validatorCount(t, c) == 2 }, 30*time.Second, time.Second, "validator-1 is back in the set")
	require.Equal(t, fmt.Sprint(agencytypes.PowerPerSeat), votingPowerOf(t, c, v1Valoper))

	// Governance revokes validator-1's genesis seat (agency 2's grant).
	passProposal(t, c, `{"@type":"/civitas.agency.v1.MsgRevokeSeats","authority":"`+testutil.GovAuthority()+`","agency_id":"2","operator":"`+v1+`","reason":"the body was dissolved"}`)
	require.Eventually(t, func() bool { return validatorCount(t, c) == 1 }, 30*time.Second, time.Second, "validator-1 leaves the set")
	var supply struct {
		Amount struct{ Amount string } `json:"amount"`
	}
	c.QueryJSON(&supply, "q", "bank", "total-supply-of", "useat")
	require.Equal(t, "3000000", supply.Amount.Amount, "validator-1's seat is burned, validator-0's three remain")
	c.WaitBlocks(2)
}

type validatorInfo struct {
	Jailed bool   `json:"jailed"`
	Tokens string `json:"tokens"`
}

func validator(t *testing.T, c *system.Chain, valoper string) validatorInfo {
	t.Helper()
	var out struct {
		Validator validatorInfo `json:"validator"`
	}
	c.GetREST("/cosmos/staking/v1beta1/validators/"+valoper, &out)
	return out.Validator
}

// votingPowerOf is the CometBFT voting power of a validator ("" if not in the set).
func votingPowerOf(t *testing.T, c *system.Chain, valoper string) string {
	t.Helper()
	var cons struct {
		Validator struct {
			ConsensusPubkey struct {
				Key string `json:"key"`
			} `json:"consensus_pubkey"`
		} `json:"validator"`
	}
	c.GetREST("/cosmos/staking/v1beta1/validators/"+valoper, &cons)
	var vals struct {
		Result struct {
			Validators []struct {
				PubKey struct {
					Value string `json:"value"`
				} `json:"pub_key"`
				VotingPower string `json:"voting_power"`
			} `json:"validators"`
		} `json:"result"`
	}
	c.GetRPC("/validators", &vals)
	for _, v := range vals.Result.Validators {
		if v.PubKey.Value == cons.Validator.ConsensusPubkey.Key {
			return v.VotingPower
		}
	}
	return ""
}
