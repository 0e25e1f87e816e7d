package keeper_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/testutil/system"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// residencyRule stores contracts/artifacts/residency_eligibility.wasm as
// governance, instantiates it (admin: admin, or none) with the officer as
// attestor, and attests the given voters.
func (f *fixture) residencyRule(t *testing.T, admin sdk.AccAddress, residents ...sdk.AccAddress) sdk.AccAddress {
	t.Helper()
	code, err := os.ReadFile(filepath.Join(system.RepoRoot(t), "contracts", "artifacts", "residency_eligibility.wasm"))
	require.NoError(t, err)
	pk := wasmkeeper.NewGovPermissionKeeper(f.c.App.WasmKeeper)
	gov := sdk.MustAccAddressFromBech32(testutil.GovAuthority())
	codeID, _, err := pk.Create(f.ctx, gov, code, nil)
	require.NoError(t, err)
	addr, _, err := pk.Instantiate(f.ctx, codeID, f.officer.Address, admin, []byte(`{"attestors":["`+f.officer.Address.String()+`"]}`), "residency", nil)
	require.NoError(t, err)
	list := ""
	for i, r := range residents {
		if i > 0 {
			list += ","
		}
		list += `"` + r.String() + `"`
	}
	_, err = pk.Execute(f.ctx, addr, f.officer.Address, []byte(`{"attest":{"residents":[`+list+`]}}`), nil)
	require.NoError(t, err)
	return addr
}

// TestVoterRule: an officer attaches a check_voter_eligibility rule before
// the start, once; each ballot is then asked of it: a voter it refuses is
// refused alone with the contract's reason and counted invalid; a rule that
// runs out of its gas cap refuses; nothing fails the message.
func TestVoterRule(t *testing.T) {
	f := newFixture(t)
	resident, other := voter(1), voter(2)
	rule := f.residencyRule(t, nil, addr(resident))
	withAdmin := f.residencyRule(t, f.officer.Address, addr(resident))
	e := f.create(t, f.electionMsg())
	f.setVoters(t, e.Id, 1, resident, other)

	attach := func(signer string, id uint64, contract sdk.AccAddress) error {
		_, err := f.ms.AttachVoterRule(f.ctx, &types.MsgAttachVoterRule{Officer: signer, ElectionId: id, Contract: contract.String()})
		return err
	}
	requireErr(t, types.ErrUnauthorized, attach(f.alice.Address.String(), e.Id, rule))
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, withAdmin), "a contract with an admin could be migrated")
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, f.alice.Address), "not a contract")
	requireErr(t, types.ErrElectionNotFound, attach(f.officer.Address.String(), 99, rule))
	require.NoError(t, attach(f.officer.Address.String(), e.Id, rule))
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, rule), "attached once")
	got, err := f.k.GetElection(f.ctx, e.Id)
	require.NoError(t, err)
	require.Equal(t, rule.String(), got.VoterRule.Contract)
	require.Equal(t, uint64(types.DefaultRuleGasLimit), got.VoterRule.GasLimit)

	f.at(t, e.StartTime)
	requireErr(t, types.ErrWrongStatus, attach(f.officer.Address.String(), e.Id, rule), "frozen once open")
	outcomes := f.cast(t, f.sign(t, resident, e.Id, 1, single(0)), f.sign(t, other, e.Id, 1, single(1)))
	require.True(t, outcomes[0].Counted, outcomes[0].Error)
	require.False(t, outcomes[1].Counted)
	require.Contains(t, outcomes[1].Error, addr(other).String()+" is not attested as a resident")
	tally := f.tally(t, e.Id)
	require.Equal(t, uint64(1), tally.Ballots)
	require.Equal(t, uint64(1), tally.Invalid, "the refused ballot is counted invalid")

	// A rule pinned with a gas cap it cannot run in refuses every ballot, and
	// the chain goes on.
	p := types.DefaultParams()
	p.RuleGasLimit = types.MinRuleGasLimit
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
	require.NoError(t, err)
	m := f.electionMsg()
	m.StartTime, m.EndTime = f.now().Add(time.Hour), f.now().Add(2*time.Hour)
	e2 := f.create(t, m)
	f.setVoters(t, e2.Id, 1, resident)
	require.NoError(t, attach(f.officer.Address.String(), e2.Id, rule))
	f.at(t, e2.StartTime)
	outcomes = f.cast(t, f.sign(t, resident, e2.Id, 1, single(0)))
	require.False(t, outcomes[0].Counted)
	require.Contains(t, outcomes[0].Error, fmt.Sprintf("ran out of gas (limit %d)", types.MinRuleGasLimit))
}
