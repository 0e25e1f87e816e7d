package keeper_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/agency/types"
)

func TestIssueSeatsValidation(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	op := f.alice.Address.String()
	issue := func(m types.MsgIssueSeats) error { _, err := f.ms.IssueSeats(f.ctx, &m); return err }

	requireErr(t, types.ErrInvalidAuthority, issue(types.MsgIssueSeats{Authority: op, AgencyId: id, Operator: op, Seats: 1}))
	requireErr(t, types.ErrAgencyNotFound, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: 9, Operator: op, Seats: 1}))
	requireErr(t, types.ErrInvalidAddress, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: "civ1x", Seats: 1}))
	requireErr(t, types.ErrInvalidSeats, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: op, Seats: 0}))
	requireErr(t, types.ErrInvalidSeats, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: op, Seats: 2}), "one body, one seat")
	require.True(t, f.c.App.BankKeeper.GetBalance(f.ctx, f.alice.Address, app.SeatDenom).IsZero(), "failed issuance mints nothing")

	require.NoError(t, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: op, Seats: 1}))
	require.Equal(t, testutil.SeatAmount, f.c.App.BankKeeper.GetBalance(f.ctx, f.alice.Address, app.SeatDenom).Amount)
	requireErr(t, types.ErrInvalidSeats, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: f.bob.Address.String(), Seats: 1}),
		"the agency already holds its seat")
	requireErr(t, types.ErrInvalidSeats, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: f.bob.Address.String(), Seats: math.MaxUint64}),
		"1 held + 2^64-1 must not wrap around the limit")
	require.True(t, f.c.App.BankKeeper.GetBalance(f.ctx, f.bob.Address, app.SeatDenom).IsZero())

	grant, err := f.k.SeatGrants.Get(f.ctx, collections.Join(id, f.alice.Address))
	require.NoError(t, err)
	require.Equal(t, types.SeatGrant{AgencyId: id, Operator: op, Seats: 1, IssuedHeight: f.ctx.BlockHeight()}, grant)
	requireEvent(t, f.ctx, &types.EventSeatsIssued{AgencyId: id, Operator: op, Seats: 1, Amount: "1000000useat"})

	// Suspended agencies get no seats.
	other := f.registerAgency(t, "Other")
	_, err = f.ms.SetAgencyStatus(f.ctx, &types.MsgSetAgencyStatus{Authority: f.gov, AgencyId: other, Status: types.AGENCY_STATUS_SUSPENDED, Reason: "r"})
	require.NoError(t, err)
	requireErr(t, types.ErrAgencySuspended, issue(types.MsgIssueSeats{Authority: f.gov, AgencyId: other, Operator: f.bob.Address.String(), Seats: 1}))

	// Revocation: signer, agency, operator and reason are checked first.
	revoke := func(m types.MsgRevokeSeats) error { _, err := f.ms.RevokeSeats(f.ctx, &m); return err }
	requireErr(t, types.ErrInvalidAuthority, revoke(types.MsgRevokeSeats{Authority: op, AgencyId: id, Operator: op, Reason: "r"}))
	requireErr(t, types.ErrAgencyNotFound, revoke(types.MsgRevokeSeats{Authority: f.gov, AgencyId: 9, Operator: op, Reason: "r"}))
	requireErr(t, types.ErrInvalidAddress, revoke(types.MsgRevokeSeats{Authority: f.gov, AgencyId: id, Operator: "x", Reason: "r"}))
	requireErr(t, types.ErrInvalidSeats, revoke(types.MsgRevokeSeats{Authority: f.gov, AgencyId: id, Operator: f.bob.Address.String(), Reason: "r"}))
	requireErr(t, types.ErrInvalidSeats, revoke(types.MsgRevokeSeats{Authority: f.gov, AgencyId: id, Operator: op}))
	require.Equal(t, testutil.SeatAmount, f.c.App.BankKeeper.GetBalance(f.ctx, f.alice.Address, app.SeatDenom).Amount)

	// Revoking liquid seats burns them.
	require.NoError(t, revoke(types.MsgRevokeSeats{Authority: f.gov, AgencyId: id, Operator: op, Reason: "body dissolved"}))
	require.True(t, f.c.App.BankKeeper.GetBalance(f.ctx, f.alice.Address, app.SeatDenom).IsZero())
	requireEvent(t, f.ctx, &types.EventSeatsRevoked{AgencyId: id, Operator: op, Reason: "body dissolved", Burned: "1000000useat"})
	has, err := f.k.SeatGrants.Has(f.ctx, collections.Join(id, f.alice.Address))
	require.NoError(t, err)
	require.False(t, has)
	seats, err := f.q.Seats(f.ctx, &types.QuerySeatsRequest{})
	require.NoError(t, err)
	require.Len(t, seats.Seats, 2, "the validator bodies' grants remain")
}

// admitBody has governance register an agency and issue its seat to body,
// and body create its validator. It returns the agency id.
func admitBody(t *testing.T, c *testutil.Chain, proposer, body testutil.Account) uint64 {
	t.Helper()
	p := c.PassProposal(proposer, &types.MsgRegisterAgency{Authority: testutil.GovAuthority(), Name: "Body " + body.Name, Jurisdiction: "EE", Admins: []string{body.Address.String()}})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	agencies, err := c.App.AgencyKeeper.AgencySeq.Peek(c.Ctx())
	require.NoError(t, err)
	id := agencies - 1
	p = c.PassProposal(proposer, &types.MsgIssueSeats{Authority: testutil.GovAuthority(), AgencyId: id, Operator: body.Address.String(), Seats: 1})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)

	pk, err := codectypes.NewAnyWithValue(ed25519.GenPrivKey().PubKey())
	require.NoError(t, err)
	res := c.DeliverMsgs(body, &stakingtypes.MsgCreateValidator{
		Description:       stakingtypes.Description{Moniker: body.Name},
		Commission:        stakingtypes.CommissionRates{Rate: sdkmath.LegacyZeroDec(), MaxRate: sdkmath.LegacyOneDec(), MaxChangeRate: sdkmath.LegacyZeroDec()},
		MinSelfDelegation: sdkmath.OneInt(),
		ValidatorAddress:  sdk.ValAddress(body.Address).String(),
		Pubkey:            pk,
		Value:             sdk.NewCoin(app.SeatDenom, testutil.SeatAmount),
	})
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.NextBlock()
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), sdk.ValAddress(body.Address))
	require.NoError(t, err)
	require.Equal(t, stakingtypes.Bonded, val.Status)
	return id
}

func TestAdmitAndRevokeValidatorBody(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "body"}})
	alice, body := c.Accounts["alice"], c.Accounts["body"]
	id := admitBody(t, c, alice, body)
	supply := c.App.BankKeeper.GetSupply(c.Ctx(), app.SeatDenom).Amount

	// ACT: governance revokes the body's seat.
	p := c.PassProposal(alice, &types.MsgRevokeSeats{Authority: testutil.GovAuthority(), AgencyId: id, Operator: body.Address.String(), Reason: "mandate ended"})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)

	// ASSERT: the seat is burned and the validator has left the set.
	require.Equal(t, supply.Sub(testutil.SeatAmount), c.App.BankKeeper.GetSupply(c.Ctx(), app.SeatDenom).Amount)
	require.True(t, c.Balance(body.Address, app.SeatDenom).IsZero())
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), sdk.ValAddress(body.Address))
	require.NoError(t, err)
	require.True(t, val.Jailed)
	require.NotEqual(t, stakingtypes.Bonded, val.Status)
	require.True(t, val.Tokens.IsZero())
	_, err = c.App.StakingKeeper.GetDelegation(c.Ctx(), body.Address, sdk.ValAddress(body.Address))
	require.ErrorIs(t, err, stakingtypes.ErrNoDelegation)
	has, err := c.App.AgencyKeeper.SeatGrants.Has(c.Ctx(), collections.Join(id, body.Address))
	require.NoError(t, err)
	require.False(t, has)
	c.NextBlock() // the chain goes on with the genesis validators
}

func TestRevokeBurnsUnbondingSeats(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "body"}})
	alice, body := c.Accounts["alice"], c.Accounts["body"]
	id := admitBody(t, c, alice, body)
	valAddr := sdk.ValAddress(body.Address)

	// The body starts unbonding part of its seat (which also jails it).
	res := c.DeliverMsgs(body, stakingtypes.NewMsgUndelegate(body.Address.String(), valAddr.String(), sdk.NewInt64Coin(app.SeatDenom, 400_000)))
	require.Equal(t, uint32(0), res.Code, res.Log)
	supply := c.App.BankKeeper.GetSupply(c.Ctx(), app.SeatDenom).Amount

	p := c.PassProposal(alice, &types.MsgRevokeSeats{Authority: testutil.GovAuthority(), AgencyId: id, Operator: body.Address.String(), Reason: "mandate ended"})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	require.Equal(t, supply.Sub(testutil.SeatAmount), c.App.BankKeeper.GetSupply(c.Ctx(), app.SeatDenom).Amount, "bonded and unbonding parts are both burned")

	// Nothing comes back when the unbonding period ends.
	params, err := c.App.StakingKeeper.GetParams(c.Ctx())
	require.NoError(t, err)
	c.AdvanceTime(params.UnbondingTime + c.BlockTime)
	require.True(t, c.Balance(body.Address, app.SeatDenom).IsZero())
}

func TestRevokingTheLastValidatorIsRefused(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Validators: 1, Accounts: []string{"alice", "body"}})
	alice, body := c.Accounts["alice"], c.Accounts["body"]
	id := admitBody(t, c, alice, body)

	// The genesis validator leaves: the body is now the only validator.
	genesisOp := c.Validators[0]
	res := c.DeliverMsgs(genesisOp, stakingtypes.NewMsgUndelegate(genesisOp.Address.String(), sdk.ValAddress(genesisOp.Address).String(), sdk.NewCoin(app.SeatDenom, testutil.SeatAmount)))
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.NextBlock()

	// The body is the only staked voter left.
	p := c.ProposeAndVote(alice, []testutil.Account{body}, &types.MsgRevokeSeats{Authority: testutil.GovAuthority(), AgencyId: id, Operator: body.Address.String(), Reason: "mandate ended"})
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, "would leave the chain without validators")
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), sdk.ValAddress(body.Address))
	require.NoError(t, err)
	require.Equal(t, stakingtypes.Bonded, val.Status, "the failed revocation changed nothing")
	require.Equal(t, testutil.SeatAmount, val.Tokens)
	c.NextBlock()
}
