package testutil

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/civitas-chain/civitas/app"
)

// setGovPeriods shortens the governance deposit and voting periods to d
// (expedited: d/2), so tests can pass proposals in a few blocks.
func setGovPeriods(t testing.TB, civ *app.CivitasApp, genesis map[string]json.RawMessage, d time.Duration) {
	t.Helper()
	cdc := civ.AppCodec()
	var gov govv1.GenesisState
	require.NoError(t, cdc.UnmarshalJSON(genesis[govtypes.ModuleName], &gov))
	expedited := d / 2
	gov.Params.VotingPeriod = &d
	gov.Params.MaxDepositPeriod = &d
	gov.Params.ExpeditedVotingPeriod = &expedited
	genesis[govtypes.ModuleName] = cdc.MustMarshalJSON(&gov)
}
