package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/budget/keeper"
	"github.com/civitas-chain/civitas/x/budget/types"
)

// fixture: a real app whose budget Msgs run on a context; agency 1 (run by
// validator-0) has treasurer t1, agency 2 treasurer t2; the treasury holds
// 1,000,000,000 ucivis from funder; fiscal year 2026 is open.
type fixture struct {
	c        *testutil.Chain
	k        keeper.Keeper
	ms       types.MsgServer
	q        types.QueryServer
	ctx      sdk.Context
	gov      string
	t1, t2   testutil.Account
	funder   testutil.Account
	payee    testutil.Account
	stranger testutil.Account
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"t1", "t2", "funder", "payee", "stranger"}})
	f := &fixture{c: c, k: c.App.BudgetKeeper, ms: keeper.NewMsgServerImpl(c.App.BudgetKeeper), q: keeper.NewQuerier(c.App.BudgetKeeper),
		ctx: c.Ctx().WithEventManager(sdk.NewEventManager()), gov: testutil.GovAuthority(),
		t1: c.Accounts["t1"], t2: c.Accounts["t2"], funder: c.Accounts["funder"], payee: c.Accounts["payee"], stranger: c.Accounts["stranger"]}
	am := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	for i, who := range []testutil.Account{f.t1, f.t2} {
		_, err := am.GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: c.Validators[i].Address.String(), AgencyId: uint64(i + 1),
			Address: who.Address.String(), Role: agencytypes.ROLE_TREASURER, Reason: "appointed"})
		require.NoError(t, err)
	}
	_, err := f.ms.FundTreasury(f.ctx, &types.MsgFundTreasury{Funder: f.funder.Address.String(), Amount: sdk.NewInt64Coin("ucivis", 1_000_000_000)})
	require.NoError(t, err)
	_, err = f.ms.OpenFiscalYear(f.ctx, &types.MsgOpenFiscalYear{Authority: f.gov, Year: 2026, StartTime: f.ctx.BlockTime(), EndTime: f.ctx.BlockTime().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	f.ok(t)
	return f
}

// ok checks every invariant (after every step of every flow).
func (f *fixture) ok(t *testing.T) {
	t.Helper()
	require.NoError(t, f.k.CheckInvariants(f.ctx))
}

func n(v int64) math.Int { return math.NewInt(v) }

func requireErr(t *testing.T, want *errorsmod.Error, err error, why ...any) {
	t.Helper()
	require.Error(t, err, why...)
	require.ErrorIs(t, err, want, why...)
}

// appropriate gives agency lines of the given amounts in fiscal year 2026.
func (f *fixture) appropriate(t *testing.T, agency uint64, amounts ...int64) []uint64 {
	t.Helper()
	lines := make([]types.LineInput, len(amounts))
	for i, a := range amounts {
		lines[i] = types.LineInput{Code: "09.1.1", Title: "Primary education", Amount: n(a)}
	}
	res, err := f.ms.Appropriate(f.ctx, &types.MsgAppropriate{Authority: f.gov, FiscalYear: 2026, AgencyId: agency, Lines: lines})
	require.NoError(t, err)
	f.ok(t)
	return res.LineIds
}

func (f *fixture) line(t *testing.T, id uint64) types.Line {
	t.Helper()
	l, err := f.k.GetLine(f.ctx, id)
	require.NoError(t, err)
	return l
}

func (f *fixture) balance(a sdk.AccAddress) math.Int {
	return f.c.App.BankKeeper.GetBalance(f.ctx, a, "ucivis").Amount
}

func TestTreasuryFundAndSpend(t *testing.T) {
	f := newFixture(t)
	fund := func(from string, c sdk.Coin) error {
		_, err := f.ms.FundTreasury(f.ctx, &types.MsgFundTreasury{Funder: from, Amount: c})
		return err
	}
	requireErr(t, types.ErrInvalidAmount, fund(f.funder.Address.String(), sdk.NewInt64Coin("useat", 5)))
	requireErr(t, types.ErrInvalidAmount, fund(f.funder.Address.String(), sdk.Coin{Denom: "ucivis", Amount: math.ZeroInt()}))
	requireErr(t, types.ErrInvalidAddress, fund("civ1nope", sdk.NewInt64Coin("ucivis", 5)))
	require.NoError(t, fund(strings.ToUpper(f.stranger.Address.String()), sdk.NewInt64Coin("ucivis", 5)))
	f.ok(t)

	f.appropriate(t, 1, 600_000_000)
	spend := func(signer string, amount int64) error {
		_, err := f.ms.SpendFromTreasury(f.ctx, &types.MsgSpendFromTreasury{Authority: signer, Recipient: f.payee.Address.String(), Amount: n(amount), Reason: "emergency"})
		return err
	}
	requireErr(t, types.ErrInvalidAuthority, spend(f.t1.Address.String(), 1))
	requireErr(t, types.ErrInsufficientFunds, spend(f.gov, 400_000_006), "600M of 1,000,000,005 is held for the line")
	requireErr(t, types.ErrInvalidAmount, spend(f.gov, 0))
	before := f.balance(f.payee.Address)
	require.NoError(t, spend(f.gov, 400_000_005))
	require.Equal(t, before.Add(n(400_000_005)), f.balance(f.payee.Address))
	f.ok(t)

	tr, err := f.q.Treasury(f.ctx, &types.QueryTreasuryRequest{})
	require.NoError(t, err)
	require.Equal(t, n(600_000_000), tr.Balance.Amount)
	require.True(t, tr.Unearmarked.IsZero())
	require.Equal(t, n(1_000_000_005), tr.Totals.Funded)
	mv, err := f.q.Movements(f.ctx, &types.QueryMovementsRequest{})
	require.NoError(t, err)
	require.Len(t, mv.Movements, 3)
	require.Equal(t, types.MOVEMENT_KIND_SPEND, mv.Movements[2].Kind)
}

func TestAppropriate(t *testing.T) {
	f := newFixture(t)
	msg := func(edit func(m *types.MsgAppropriate)) error {
		m := &types.MsgAppropriate{Authority: f.gov, FiscalYear: 2026, AgencyId: 1,
			Lines: []types.LineInput{{Code: "04.5.1", Title: "Road transport", Amount: n(1000)}}}
		edit(m)
		_, err := f.ms.Appropriate(f.ctx, m)
		return err
	}
	for name, c := range map[string]struct {
		want *errorsmod.Error
		edit func(m *types.MsgAppropriate)
	}{
		"not governance":    {types.ErrInvalidAuthority, func(m *types.MsgAppropriate) { m.Authority = f.t1.Address.String() }},
		"unknown year":      {types.ErrFiscalYearNotFound, func(m *types.MsgAppropriate) { m.FiscalYear = 2030 }},
		"unknown agency":    {types.ErrAgencyNotActive, func(m *types.MsgAppropriate) { m.AgencyId = 99 }},
		"no lines":          {types.ErrInvalidLine, func(m *types.MsgAppropriate) { m.Lines = nil }},
		"bad code":          {types.ErrInvalidLine, func(m *types.MsgAppropriate) { m.Lines[0].Code = "11.1" }},
		"code with a zero":  {types.ErrInvalidLine, func(m *types.MsgAppropriate) { m.Lines[0].Code = "04.0" }},
		"no title":          {types.ErrInvalidText, func(m *types.MsgAppropriate) { m.Lines[0].Title = "" }},
		"zero amount":       {types.ErrInvalidAmount, func(m *types.MsgAppropriate) { m.Lines[0].Amount = n(0) }},
		"negative amount":   {types.ErrInvalidAmount, func(m *types.MsgAppropriate) { m.Lines[0].Amount = n(-5) }},
		"over the treasury": {types.ErrInsufficientFunds, func(m *types.MsgAppropriate) { m.Lines[0].Amount = n(1_000_000_001) }},
	} {
		t.Run(name, func(t *testing.T) {
			requireErr(t, c.want, msg(c.edit))
			lines, err := f.q.Lines(f.ctx, &types.QueryLinesRequest{})
			require.NoError(t, err)
			require.Empty(t, lines.Lines, "a refused appropriation creates nothing")
		})
	}
	ids := f.appropriate(t, 1, 300, 200)
	f.appropriate(t, 2, 100)
	l := f.line(t, ids[0])
	require.Equal(t, n(300), l.Appropriated)
	ex, err := f.q.Execution(f.ctx, &types.QueryExecutionRequest{AgencyId: 1, FiscalYear: 2026})
	require.NoError(t, err)
	require.Equal(t, n(500), ex.Execution.Appropriated)
	require.Equal(t, uint64(2), ex.Execution.Lines)
	byAgency, err := f.q.Lines(f.ctx, &types.QueryLinesRequest{AgencyId: 2, FiscalYear: 2026})
	require.NoError(t, err)
	require.Len(t, byAgency.Lines, 1)
	byCode, err := f.q.Lines(f.ctx, &types.QueryLinesRequest{Code: "09.1"})
	require.NoError(t, err)
	require.Len(t, byCode.Lines, 3)
	none, err := f.q.Lines(f.ctx, &types.QueryLinesRequest{Code: "09.2"})
	require.NoError(t, err)
	require.Empty(t, none.Lines)
}

// TestEveryPrivilegedMsgRefusesTheWrongSigner runs each governance or
// treasurer Msg with a signer who may not send it; nothing changes.
func TestEveryPrivilegedMsgRefusesTheWrongSigner(t *testing.T) {
	f := newFixture(t)
	lines := f.appropriate(t, 1, 1000, 1000)
	t1 := f.t1.Address.String()
	r, err := f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: lines[0], Amount: n(10), Purpose: "p"})
	require.NoError(t, err)
	c, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[0], Amount: n(10), Beneficiary: f.payee.Address.String(), Purpose: "p"})
	require.NoError(t, err)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	wrong := f.t2.Address.String() // treasurer of agency 2, not 1; not governance
	for name, run := range map[string]func() error{
		"SpendFromTreasury": func() error {
			_, err := f.ms.SpendFromTreasury(f.ctx, &types.MsgSpendFromTreasury{Authority: wrong, Recipient: wrong, Amount: n(1), Reason: "r"})
			return err
		},
		"OpenFiscalYear": func() error {
			_, err := f.ms.OpenFiscalYear(f.ctx, &types.MsgOpenFiscalYear{Authority: wrong, Year: 2030, StartTime: f.ctx.BlockTime(), EndTime: f.ctx.BlockTime().Add(time.Hour)})
			return err
		},
		"Appropriate": func() error {
			_, err := f.ms.Appropriate(f.ctx, &types.MsgAppropriate{Authority: wrong, FiscalYear: 2026, AgencyId: 1, Lines: []types.LineInput{{Code: "01", Title: "t", Amount: n(1)}}})
			return err
		},
		"UpdateParams": func() error {
			_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: wrong, Params: types.DefaultParams()})
			return err
		},
		"Reserve": func() error {
			_, err := f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: wrong, LineId: lines[0], Amount: n(1), Purpose: "p"})
			return err
		},
		"ReleaseReservation": func() error {
			_, err := f.ms.ReleaseReservation(f.ctx, &types.MsgReleaseReservation{Treasurer: wrong, ReservationId: r.ReservationId, Reason: "r"})
			return err
		},
		"Commit": func() error {
			_, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: wrong, LineId: lines[0], Amount: n(1), Beneficiary: wrong, Purpose: "p"})
			return err
		},
		"CancelCommitment": func() error {
			_, err := f.ms.CancelCommitment(f.ctx, &types.MsgCancelCommitment{Treasurer: wrong, CommitmentId: c.CommitmentId, Reason: "r"})
			return err
		},
		"Disburse": func() error {
			_, err := f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: wrong, CommitmentId: c.CommitmentId, Amount: n(1), Reference: "r"})
			return err
		},
		"Pay": func() error {
			_, err := f.ms.Pay(f.ctx, &types.MsgPay{Treasurer: wrong, LineId: lines[0], Amount: n(1), Beneficiary: wrong, Purpose: "p", Reference: "r"})
			return err
		},
		"Virement": func() error {
			_, err := f.ms.Virement(f.ctx, &types.MsgVirement{Signer: wrong, FromLineId: lines[0], ToLineId: lines[1], Amount: n(1), Reason: "r"})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := run()
			require.Error(t, err)
			require.True(t, errorsmod.IsOf(err, types.ErrInvalidAuthority, types.ErrUnauthorized), "%s: %v", name, err)
			after, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "a refused Msg changes nothing")
		})
	}
}

func TestOpenFiscalYearAndParamsInputs(t *testing.T) {
	f := newFixture(t)
	now := f.ctx.BlockTime()
	open := func(year uint32, start, end time.Time) error {
		_, err := f.ms.OpenFiscalYear(f.ctx, &types.MsgOpenFiscalYear{Authority: f.gov, Year: year, StartTime: start, EndTime: end})
		return err
	}
	requireErr(t, types.ErrInvalidFiscalYear, open(2026, now.Add(400*24*time.Hour), now.Add(800*24*time.Hour)), "exists")
	requireErr(t, types.ErrInvalidFiscalYear, open(1800, now.Add(400*24*time.Hour), now.Add(800*24*time.Hour)))
	requireErr(t, types.ErrInvalidFiscalYear, open(2028, now.Add(800*24*time.Hour), now.Add(400*24*time.Hour)), "ends before it starts")
	requireErr(t, types.ErrInvalidFiscalYear, open(2025, now.Add(-800*24*time.Hour), now.Add(-400*24*time.Hour)), "in the past")
	p := types.DefaultParams()
	p.TreasurerVirementBps = 10001
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	requireErr(t, types.ErrInvalidParams, err)
	p = types.DefaultParams()
	p.CloseLinesPerBlock = 0
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	requireErr(t, types.ErrInvalidParams, err)
}
