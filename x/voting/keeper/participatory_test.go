package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// budgetLines funds the treasury, opens a fiscal year and appropriates one
// line of the given amount to each agency; it returns the line ids.
func budgetLines(t *testing.T, f *fixture, amount int64, agencies ...uint64) []uint64 {
	t.Helper()
	bms := budgetkeeper.NewMsgServerImpl(f.c.App.BudgetKeeper)
	_, err := bms.FundTreasury(f.ctx, &budgettypes.MsgFundTreasury{Funder: f.bob.Address.String(), Amount: sdk.NewInt64Coin("ucivis", 1_000_000)})
	require.NoError(t, err)
	_, err = bms.OpenFiscalYear(f.ctx, &budgettypes.MsgOpenFiscalYear{Authority: testutil.GovAuthority(), Year: 2026,
		StartTime: f.now(), EndTime: f.now().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	var ids []uint64
	for _, a := range agencies {
		res, err := bms.Appropriate(f.ctx, &budgettypes.MsgAppropriate{Authority: testutil.GovAuthority(), FiscalYear: 2026, AgencyId: a,
			Lines: []budgettypes.LineInput{{Code: "08.1", Title: "Participatory projects", Amount: math.NewInt(amount)}}})
		require.NoError(t, err)
		ids = append(ids, res.LineIds...)
	}
	return ids
}

func (f *fixture) pbElection(line uint64, envelope uint64) *types.MsgCreateElection {
	m := f.electionMsg()
	m.Questions = []types.Question{{Title: "Projects", Type: types.BALLOT_TYPE_BUDGET, MinChoices: 1, MaxChoices: 2, Envelope: envelope,
		WithinEnvelope: true, BudgetLineId: line, Options: []types.Option{
			{Title: "Playground", Cost: 60, Beneficiary: f.alice.Address.String()},
			{Title: "Bike racks", Cost: 30, Beneficiary: f.bob.Address.String()},
			{Title: "Garden", Cost: 50, Beneficiary: f.officer.Address.String()},
		}}}
	return m
}

// TestParticipatoryBudgetFundsWinners: election → final → the winning
// projects are commitments on the line, through the keepers' interfaces.
func TestParticipatoryBudgetFundsWinners(t *testing.T) {
	f := newFixture(t)
	lines := budgetLines(t, f, 500, 1, 2)
	bk := f.c.App.BudgetKeeper

	// Refused at creation: an envelope over the line's room, another agency's
	// line, projects without beneficiaries; nothing is reserved.
	_, err := f.ms.CreateElection(f.ctx, f.pbElection(lines[0], 501))
	requireErr(t, types.ErrInvalidElection, err)
	require.ErrorContains(t, err, "exceeds what is left on the line")
	_, err = f.ms.CreateElection(f.ctx, f.pbElection(lines[1], 100))
	requireErr(t, types.ErrInvalidElection, err)
	bad := f.pbElection(lines[0], 100)
	bad.Questions[0].Options[1].Beneficiary = ""
	_, err = f.ms.CreateElection(f.ctx, bad)
	requireErr(t, types.ErrInvalidElection, err)
	l, err := bk.GetLine(f.ctx, lines[0])
	require.NoError(t, err)
	require.True(t, l.Reserved.IsZero())

	e := f.create(t, f.pbElection(lines[0], 100))
	l, _ = bk.GetLine(f.ctx, lines[0])
	require.Equal(t, math.NewInt(100), l.Reserved)
	require.Equal(t, e.Id, l.ParticipatoryElectionId)
	_, err = f.ms.CreateElection(f.ctx, f.pbElection(lines[0], 100))
	requireErr(t, types.ErrInvalidElection, err, "a line funds one election")

	v := []*secpKey{voter(1), voter(2), voter(3)}
	f.setVoters(t, e.Id, 1, v...)
	f.at(t, e.StartTime)
	// Playground 2 votes, Bike racks 2, Garden 1: Bike racks (30, cheaper on
	// the tie) then Playground (60) fit in 100; Garden (50) no longer does.
	f.counted(t, f.sign(t, v[0], e.Id, 0, choices(0, 1)), f.sign(t, v[1], e.Id, 0, choices(0, 1)), f.sign(t, v[2], e.Id, 0, choices(2)))
	f.at(t, e.EndTime)
	r := f.result(t, e.Id)
	require.Equal(t, []uint32{1, 0}, r.Questions[0].Winners)

	l, _ = bk.GetLine(f.ctx, lines[0])
	require.True(t, l.Reserved.IsZero())
	require.Equal(t, math.NewInt(90), l.Committed)
	require.Equal(t, math.NewInt(410), l.Room(), "the envelope's unspent 10 went back to the line")
	cs, err := budgetkeeper.NewQuerier(bk).Commitments(f.ctx, &budgettypes.QueryCommitmentsRequest{LineId: lines[0]})
	require.NoError(t, err)
	require.Len(t, cs.Commitments, 2)
	require.Equal(t, f.bob.Address.String(), cs.Commitments[0].Beneficiary)
	require.Equal(t, "election 1: Bike racks", cs.Commitments[0].Purpose)
	require.Equal(t, math.NewInt(30), cs.Commitments[0].Amount)
	require.Equal(t, f.alice.Address.String(), cs.Commitments[1].Beneficiary)
	require.Equal(t, math.NewInt(60), cs.Commitments[1].Amount)
	require.NoError(t, bk.CheckInvariants(f.ctx))
}

func TestCancelledParticipatoryBudgetReleasesTheLine(t *testing.T) {
	f := newFixture(t)
	lines := budgetLines(t, f, 500, 1)
	e := f.create(t, f.pbElection(lines[0], 100))
	_, err := f.ms.CancelElection(f.ctx, &types.MsgCancelElection{Officer: f.officer.Address.String(), ElectionId: e.Id, Reason: "flawed options"})
	require.NoError(t, err)
	l, err := f.c.App.BudgetKeeper.GetLine(f.ctx, lines[0])
	require.NoError(t, err)
	require.True(t, l.Reserved.IsZero())
	require.Equal(t, math.NewInt(500), l.Room())
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

// TestTreasurerCannotDivertAParticipatoryBudget: the envelope reserved for
// an election can be neither committed nor released by the line's
// treasurer, nor can its funded projects be cancelled; governance can
// release it, and the election can still be cancelled after that.
func TestTreasurerCannotDivertAParticipatoryBudget(t *testing.T) {
	f := newFixture(t)
	lines := budgetLines(t, f, 500, 1)
	bk := f.c.App.BudgetKeeper
	bms := budgetkeeper.NewMsgServerImpl(bk)
	treasurer := f.c.Validators[0] // the admin of agency 1 appoints itself treasurer
	_, err := agencyGrant(f, treasurer.Address.String(), 1)
	require.NoError(t, err)
	e := f.create(t, f.pbElection(lines[0], 100))
	l, _ := bk.GetLine(f.ctx, lines[0])
	rid := l.ParticipatoryReservationId

	_, err = bms.Commit(f.ctx, &budgettypes.MsgCommit{Treasurer: treasurer.Address.String(), LineId: lines[0], Amount: math.NewInt(100),
		Beneficiary: treasurer.Address.String(), Purpose: "mine", ReservationId: rid})
	require.ErrorIs(t, err, budgettypes.ErrUnauthorized)
	_, err = bms.ReleaseReservation(f.ctx, &budgettypes.MsgReleaseReservation{Treasurer: treasurer.Address.String(), ReservationId: rid, Reason: "mine"})
	require.ErrorIs(t, err, budgettypes.ErrUnauthorized)

	// Governance may release it; cancelling the election still works.
	_, err = bms.ReleaseReservation(f.ctx, &budgettypes.MsgReleaseReservation{Treasurer: testutil.GovAuthority(), ReservationId: rid, Reason: "election void"})
	require.NoError(t, err)
	_, err = f.ms.CancelElection(f.ctx, &types.MsgCancelElection{Officer: f.officer.Address.String(), ElectionId: e.Id, Reason: "void"})
	require.NoError(t, err)
	l, _ = bk.GetLine(f.ctx, lines[0])
	require.Zero(t, l.ParticipatoryElectionId, "the line may fund another election")
	require.NoError(t, bk.CheckInvariants(f.ctx))

	// The funded projects of a final election: only governance cancels them.
	e2 := f.create(t, f.pbElection(lines[0], 100))
	f.setVoters(t, e2.Id, 1, voter(1))
	f.at(t, e2.StartTime)
	f.counted(t, f.sign(t, voter(1), e2.Id, 0, choices(1)))
	f.at(t, e2.EndTime)
	cs, err := budgetkeeper.NewQuerier(bk).Commitments(f.ctx, &budgettypes.QueryCommitmentsRequest{LineId: lines[0]})
	require.NoError(t, err)
	require.Len(t, cs.Commitments, 1)
	_, err = bms.CancelCommitment(f.ctx, &budgettypes.MsgCancelCommitment{Treasurer: treasurer.Address.String(), CommitmentId: cs.Commitments[0].Id, Reason: "mine"})
	require.ErrorIs(t, err, budgettypes.ErrUnauthorized)
	// The treasurer pays the winner, as for any commitment.
	_, err = bms.Disburse(f.ctx, &budgettypes.MsgDisburse{Treasurer: treasurer.Address.String(), CommitmentId: cs.Commitments[0].Id, Amount: math.NewInt(30), Reference: "delivered"})
	require.NoError(t, err)
	require.NoError(t, bk.CheckInvariants(f.ctx))
}

func agencyGrant(f *fixture, who string, agency uint64) (*agencytypes.MsgGrantRoleResponse, error) {
	return agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).GrantRole(f.ctx, &agencytypes.MsgGrantRole{
		Admin: f.c.Validators[0].Address.String(), AgencyId: agency, Address: who, Role: agencytypes.ROLE_TREASURER, Reason: "appointed"})
}
