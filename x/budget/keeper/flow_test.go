package keeper_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/budget/types"
)

func TestReserveCommitDisburse(t *testing.T) {
	f := newFixture(t)
	lines := f.appropriate(t, 1, 1000)
	other := f.appropriate(t, 2, 500)
	line := lines[0]
	t1, t2, payee := f.t1.Address.String(), f.t2.Address.String(), f.payee.Address.String()

	// Reserve: only the line's agency's treasurer, within the line.
	_, err := f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t2, LineId: line, Amount: n(100), Purpose: "tender 7"})
	requireErr(t, types.ErrUnauthorized, err, "treasurer of another agency")
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: f.stranger.Address.String(), LineId: line, Amount: n(100), Purpose: "tender 7"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: line, Amount: n(1001), Purpose: "tender 7"})
	requireErr(t, types.ErrOverLine, err)
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: line, Amount: n(0), Purpose: "tender 7"})
	requireErr(t, types.ErrInvalidAmount, err)
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: 99, Amount: n(1), Purpose: "tender 7"})
	requireErr(t, types.ErrLineNotFound, err)
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: line, Amount: n(1), Purpose: ""})
	requireErr(t, types.ErrInvalidText, err)
	res, err := f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: line, Amount: n(400), Purpose: "tender 7"})
	require.NoError(t, err)
	f.ok(t)
	require.Equal(t, n(600), f.line(t, line).Room())

	// Commit from the reservation: at most its amount, on its line; the rest returns to the line.
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(401), Beneficiary: payee, Purpose: "contract", ReservationId: res.ReservationId})
	requireErr(t, types.ErrOverLine, err)
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t2, LineId: other[0], Amount: n(1), Beneficiary: payee, Purpose: "contract", ReservationId: res.ReservationId})
	requireErr(t, types.ErrWrongStatus, err, "a reservation of another line")
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(1), Beneficiary: "civ1bad", Purpose: "contract"})
	requireErr(t, types.ErrInvalidAddress, err)
	escrowBefore := f.k.EscrowBalance(f.ctx)
	cres, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(350), Beneficiary: payee, Purpose: "contract", ReservationId: res.ReservationId})
	require.NoError(t, err)
	f.ok(t)
	require.Equal(t, escrowBefore.Add(n(350)), f.k.EscrowBalance(f.ctx), "committed funds are in escrow")
	l := f.line(t, line)
	require.True(t, l.Reserved.IsZero())
	require.Equal(t, n(350), l.Committed)
	require.Equal(t, n(650), l.Room())
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(1), Beneficiary: payee, Purpose: "again", ReservationId: res.ReservationId})
	requireErr(t, types.ErrWrongStatus, err, "a reservation commits once")
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(651), Beneficiary: payee, Purpose: "grant"})
	requireErr(t, types.ErrOverLine, err)

	// Two disbursements, never over the commitment.
	before := f.balance(f.payee.Address)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: cres.CommitmentId, Amount: n(351), Reference: "milestone 1"})
	requireErr(t, types.ErrOverCommitment, err)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t2, CommitmentId: cres.CommitmentId, Amount: n(1), Reference: "milestone 1"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: cres.CommitmentId, Amount: n(100), Reference: "milestone 1"})
	require.NoError(t, err)
	f.ok(t)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: cres.CommitmentId, Amount: n(250), Reference: "invoice sha256:ab12"})
	require.NoError(t, err)
	f.ok(t)
	require.Equal(t, before.Add(n(350)), f.balance(f.payee.Address))
	c, err := f.k.GetCommitment(f.ctx, cres.CommitmentId)
	require.NoError(t, err)
	require.Equal(t, types.COMMITMENT_STATUS_PAID, c.Status)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: cres.CommitmentId, Amount: n(1), Reference: "more"})
	requireErr(t, types.ErrWrongStatus, err)
	ds, err := f.q.DisbursementsByBeneficiary(f.ctx, &types.QueryDisbursementsByBeneficiaryRequest{Beneficiary: payee})
	require.NoError(t, err)
	require.Len(t, ds.Disbursements, 2)

	// A direct payment, and a cancelled commitment whose rest returns to the line.
	pres, err := f.ms.Pay(f.ctx, &types.MsgPay{Treasurer: t1, LineId: line, Amount: n(50), Beneficiary: payee, Purpose: "grant", Reference: "decision 12"})
	require.NoError(t, err)
	f.ok(t)
	require.NotZero(t, pres.DisbursementId)
	c2, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: line, Amount: n(200), Beneficiary: payee, Purpose: "works"})
	require.NoError(t, err)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: c2.CommitmentId, Amount: n(30), Reference: "advance"})
	require.NoError(t, err)
	_, err = f.ms.CancelCommitment(f.ctx, &types.MsgCancelCommitment{Treasurer: t2, CommitmentId: c2.CommitmentId, Reason: "contractor bankrupt"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.CancelCommitment(f.ctx, &types.MsgCancelCommitment{Treasurer: t1, CommitmentId: c2.CommitmentId, Reason: "contractor bankrupt"})
	require.NoError(t, err)
	f.ok(t)
	l = f.line(t, line)
	require.Equal(t, n(350+50+30), l.Committed)
	require.Equal(t, n(350+50+30), l.Disbursed)
	require.Equal(t, n(1000-430), l.Room())

	ex, err := f.q.Execution(f.ctx, &types.QueryExecutionRequest{AgencyId: 1, FiscalYear: 2026})
	require.NoError(t, err)
	require.Equal(t, uint32(4300), ex.Execution.ExecutionBps)
}

func TestVirement(t *testing.T) {
	f := newFixture(t)
	a := f.appropriate(t, 1, 1000, 1000)
	b := f.appropriate(t, 2, 1000)
	t1 := f.t1.Address.String()
	vir := func(signer string, from, to uint64, amount int64) error {
		_, err := f.ms.Virement(f.ctx, &types.MsgVirement{Signer: signer, FromLineId: from, ToLineId: to, Amount: n(amount), Reason: "floods"})
		return err
	}
	requireErr(t, types.ErrInvalidLine, vir(t1, a[0], a[0], 1))
	requireErr(t, types.ErrInvalidLine, vir(f.gov, a[0], b[0], 1), "another agency's line")
	requireErr(t, types.ErrUnauthorized, vir(f.t2.Address.String(), a[0], a[1], 1))
	require.NoError(t, vir(t1, a[0], a[1], 60))
	f.ok(t)
	require.NoError(t, vir(t1, a[0], a[1], 40))
	requireErr(t, types.ErrVirementShare, vir(t1, a[0], a[1], 1), "10% of 1000 already moved")
	require.NoError(t, vir(f.gov, a[0], a[1], 800), "governance is not bounded by the share")
	f.ok(t)
	requireErr(t, types.ErrOverLine, vir(f.gov, a[0], a[1], 101))
	require.Equal(t, n(100), f.line(t, a[0]).Appropriated)
	require.Equal(t, n(1900), f.line(t, a[1]).Appropriated)
}

// TestFiscalYearClose: at the end, lines lapse in chunks; reservations and
// commitments carry over; what comes back to a closed line lapses; nothing
// new can be reserved, committed or moved on it.
func TestFiscalYearClose(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.CloseLinesPerBlock = 2
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	lines := f.appropriate(t, 1, 100, 100, 100, 100, 100)
	t1, payee := f.t1.Address.String(), f.payee.Address.String()
	r, err := f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: lines[0], Amount: n(40), Purpose: "tender"})
	require.NoError(t, err)
	c, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[1], Amount: n(70), Beneficiary: payee, Purpose: "works"})
	require.NoError(t, err)
	c2, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[2], Amount: n(10), Beneficiary: payee, Purpose: "works"})
	require.NoError(t, err)

	fy, err := f.k.FiscalYears.Get(f.ctx, 2026)
	require.NoError(t, err)
	step := func() types.FiscalYear {
		f.ctx = f.ctx.WithBlockTime(fy.EndTime.Add(time.Second))
		require.NoError(t, f.k.EndBlocker(f.ctx))
		f.ok(t)
		got, err := f.k.FiscalYears.Get(f.ctx, 2026)
		require.NoError(t, err)
		return got
	}
	got := step()
	require.Equal(t, types.FISCAL_YEAR_STATUS_CLOSING, got.Status)
	require.Equal(t, lines[1], got.CloseCursor)
	require.True(t, f.line(t, lines[0]).Closed)
	require.Equal(t, n(60), f.line(t, lines[0]).Lapsed, "the reserved 40 carries over")
	require.False(t, f.line(t, lines[2]).Closed)

	// During the close, nothing new.
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: lines[4], Amount: n(1), Purpose: "late"})
	requireErr(t, types.ErrFiscalYearClosed, err)
	_, err = f.ms.Appropriate(f.ctx, &types.MsgAppropriate{Authority: f.gov, FiscalYear: 2026, AgencyId: 1, Lines: []types.LineInput{{Code: "01", Title: "t", Amount: n(1)}}})
	requireErr(t, types.ErrFiscalYearClosed, err)
	_, err = f.ms.Virement(f.ctx, &types.MsgVirement{Signer: f.gov, FromLineId: lines[3], ToLineId: lines[4], Amount: n(1), Reason: "late"})
	requireErr(t, types.ErrFiscalYearClosed, err)

	got = step()
	require.Equal(t, types.FISCAL_YEAR_STATUS_CLOSING, got.Status)
	got = step()
	require.Equal(t, types.FISCAL_YEAR_STATUS_CLOSED, got.Status)
	for _, id := range lines {
		require.True(t, f.line(t, id).Closed)
	}
	require.Equal(t, n(30), f.line(t, lines[1]).Lapsed)

	// Carried over: the commitment is payable; the reservation becomes a
	// commitment of 25 and its other 15 lapse; a cancelled rest lapses.
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: c.CommitmentId, Amount: n(70), Reference: "final"})
	require.NoError(t, err)
	f.ok(t)
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[0], Amount: n(25), Beneficiary: payee, Purpose: "contract", ReservationId: r.ReservationId})
	require.NoError(t, err)
	f.ok(t)
	require.Equal(t, n(75), f.line(t, lines[0]).Lapsed)
	_, err = f.ms.CancelCommitment(f.ctx, &types.MsgCancelCommitment{Treasurer: t1, CommitmentId: c2.CommitmentId, Reason: "not needed"})
	require.NoError(t, err)
	f.ok(t)
	require.Equal(t, n(100), f.line(t, lines[2]).Lapsed)
	tr, err := f.q.Treasury(f.ctx, &types.QueryTreasuryRequest{})
	require.NoError(t, err)
	require.Equal(t, n(25), tr.Escrow.Amount)
	require.Equal(t, n(1_000_000_000-70-25), tr.Unearmarked, "everything lapsed is free again; only what was paid or is in escrow is not")
}

// TestGenesisRoundTripMidClose exports a chain whose fiscal year is half
// closed and holds an open commitment; the new chain finishes the close
// and the commitment stays payable there.
func TestGenesisRoundTripMidClose(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.CloseLinesPerBlock = 1
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	lines := f.appropriate(t, 1, 100, 100, 100)
	c, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: f.t1.Address.String(), LineId: lines[1], Amount: n(70), Beneficiary: f.payee.Address.String(), Purpose: "works"})
	require.NoError(t, err)
	fy, _ := f.k.FiscalYears.Get(f.ctx, 2026)
	f.ctx = f.ctx.WithBlockTime(fy.EndTime)
	require.NoError(t, f.k.EndBlocker(f.ctx)) // line 1 lapses
	f.c.NextBlock()                           // commits; its end blocker lapses line 2
	f.ctx = f.c.Ctx()
	f.ok(t)

	exported, err := f.c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	var gs types.GenesisState
	require.NoError(t, f.c.App.AppCodec().UnmarshalJSON(state[types.ModuleName], &gs))
	require.Equal(t, types.FISCAL_YEAR_STATUS_CLOSING, gs.FiscalYears[0].Status)
	require.Equal(t, lines[1], gs.FiscalYears[0].CloseCursor)

	restarted := testutil.NewChainFromExport(t, exported) // its first block lapses line 3
	k := restarted.App.BudgetKeeper
	ctx := restarted.Ctx()
	require.NoError(t, k.CheckInvariants(ctx))
	got, err := k.FiscalYears.Get(ctx, 2026)
	require.NoError(t, err)
	require.Equal(t, types.FISCAL_YEAR_STATUS_CLOSED, got.Status)
	l3, err := k.GetLine(ctx, lines[2])
	require.NoError(t, err)
	require.Equal(t, n(100), l3.Lapsed)
	res := restarted.DeliverMsgs(f.t1, &types.MsgDisburse{Treasurer: f.t1.Address.String(), CommitmentId: c.CommitmentId, Amount: n(70), Reference: "after the restart"})
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.NoError(t, k.CheckInvariants(restarted.Ctx()))

	// A genesis whose records do not add up is refused.
	tamper := gs
	tamper.Lines = append([]types.Line{}, gs.Lines...)
	tamper.Lines[1].Committed = n(1)
	require.ErrorIs(t, tamper.Validate(k.AddressCodec()), types.ErrInvalidGenesis)
	tamper = gs
	tamper.FiscalYears = append([]types.FiscalYear{}, gs.FiscalYears...)
	tamper.FiscalYears[0].CloseCursor = 0 // lines 1 and 2 say closed
	require.ErrorIs(t, tamper.Validate(k.AddressCodec()), types.ErrInvalidGenesis)
	tamper = gs
	tamper.Commitments = append([]types.Commitment{}, gs.Commitments...)
	tamper.Commitments[0].Status = types.COMMITMENT_STATUS_PAID // 0 of 70 paid
	require.ErrorIs(t, tamper.Validate(k.AddressCodec()), types.ErrInvalidGenesis)
}

func TestGovernanceFallbackAndRefusals(t *testing.T) {
	f := newFixture(t)
	lines := f.appropriate(t, 1, 1000)
	t1 := f.t1.Address.String()
	c, err := f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[0], Amount: n(100), Beneficiary: f.payee.Address.String(), Purpose: "works"})
	require.NoError(t, err)

	// A module account cannot be a beneficiary (it could never be paid).
	treasury := authtypes.NewModuleAddress(types.TreasuryAccount).String()
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: t1, LineId: lines[0], Amount: n(1), Beneficiary: treasury, Purpose: "loop"})
	requireErr(t, types.ErrInvalidAddress, err)
	// Amounts are bounded.
	huge, _ := math.NewIntFromString("340282366920938463463374607431768211457") // 2^128 + 1
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: t1, LineId: lines[0], Amount: huge, Purpose: "x"})
	requireErr(t, types.ErrInvalidAmount, err)

	// With the agency suspended, its treasurer cannot act; governance pays and cancels.
	_, err = agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).SetAgencyStatus(f.ctx, &agencytypes.MsgSetAgencyStatus{
		Authority: f.gov, AgencyId: 1, Status: agencytypes.AGENCY_STATUS_SUSPENDED, Reason: "audit"})
	require.NoError(t, err)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: t1, CommitmentId: c.CommitmentId, Amount: n(10), Reference: "x"})
	requireErr(t, types.ErrAgencyNotActive, err)
	_, err = f.ms.Disburse(f.ctx, &types.MsgDisburse{Treasurer: f.gov, CommitmentId: c.CommitmentId, Amount: n(10), Reference: "court order"})
	require.NoError(t, err)
	_, err = f.ms.CancelCommitment(f.ctx, &types.MsgCancelCommitment{Treasurer: f.gov, CommitmentId: c.CommitmentId, Reason: "agency suspended"})
	require.NoError(t, err)
	f.ok(t)

	// Fiscal years may not overlap; nothing is committed before a year starts.
	start := f.ctx.BlockTime().Add(400 * 24 * time.Hour)
	_, err = f.ms.OpenFiscalYear(f.ctx, &types.MsgOpenFiscalYear{Authority: f.gov, Year: 2027, StartTime: f.ctx.BlockTime().Add(time.Hour), EndTime: start})
	requireErr(t, types.ErrInvalidFiscalYear, err)
	_, err = f.ms.OpenFiscalYear(f.ctx, &types.MsgOpenFiscalYear{Authority: f.gov, Year: 2027, StartTime: start, EndTime: start.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	res, err := f.ms.Appropriate(f.ctx, &types.MsgAppropriate{Authority: f.gov, FiscalYear: 2027, AgencyId: 2,
		Lines: []types.LineInput{{Code: "09", Title: "Education", Amount: n(100)}}})
	require.NoError(t, err)
	_, err = f.ms.Commit(f.ctx, &types.MsgCommit{Treasurer: f.t2.Address.String(), LineId: res.LineIds[0], Amount: n(1), Beneficiary: f.payee.Address.String(), Purpose: "early"})
	requireErr(t, types.ErrFiscalYearClosed, err)
	_, err = f.ms.Reserve(f.ctx, &types.MsgReserve{Treasurer: f.t2.Address.String(), LineId: res.LineIds[0], Amount: n(50), Purpose: "tender for next year"})
	require.NoError(t, err, "a reservation may prepare the coming year")
	f.ok(t)
}
