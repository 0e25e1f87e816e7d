package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/testutil"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/procurement/keeper"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// contracted publishes the fixture's tender, has supplier 1 win it at
// 500,001 and sign a contract of two milestones (30 %, 70 %).
func (f *fixture) contracted(t *testing.T) (uint64, *types.MsgPublishTender) {
	t.Helper()
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, 500_001)
	r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	f.at(t, tm.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r.BidId, Price: n(500_001), DocumentsHash: d1, Salt: salt1})
	require.NoError(t, err)
	f.at(t, tm.RevealDeadline)
	f.at(t, tm.RevealDeadline.Add(time.Duration(tm.StandstillSeconds)*time.Second))
	_, err = f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(30 * 24 * time.Hour), Milestones: []types.MilestoneInput{
		{Title: "design", ShareBps: 3000, Due: tm.RevealDeadline.Add(30 * 24 * time.Hour)},
		{Title: "works", ShareBps: 7000, Due: tm.RevealDeadline.Add(90 * 24 * time.Hour)}}})
	require.NoError(t, err)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	require.NoError(t, err)
	return tid, tm
}

func (f *fixture) deliverAndAccept(t *testing.T, tid uint64, milestone uint32) {
	t.Helper()
	_, err := f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, Milestone: milestone,
		EvidenceUri: "ipfs://bafy-report", EvidenceSha256: f.tenderMsg().DocumentsSha256})
	require.NoError(t, err)
	_, err = f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, Milestone: milestone, Accept: true})
	require.NoError(t, err)
}

// TestCancelAfterContract: a signed contract cancelled after its first
// milestone was paid is TERMINATED; the paid share stays paid, the unpaid
// rest of the commitment goes back to the budget line; no further delivery
// or payment is possible.
func TestCancelAfterContract(t *testing.T) {
	f := newFixture(t)
	tid, _ := f.contracted(t)
	f.deliverAndAccept(t, tid, 0)
	l := f.budgetLine(t)
	require.Equal(t, n(500_001), l.Committed)
	require.Equal(t, n(150_000), l.Disbursed)
	paid := f.balance(f.s1.Address)

	_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.stranger.Address.String(), TenderId: tid, Reason: "fraud"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "supplier abandoned the site"})
	require.NoError(t, err)

	l = f.budgetLine(t)
	require.Equal(t, n(150_000), l.Committed, "only what was paid stays committed")
	require.Equal(t, n(150_000), l.Disbursed)
	require.True(t, l.Reserved.IsZero())
	require.Equal(t, n(1_000_000-150_000), l.Appropriated.Sub(l.Committed).Sub(l.Reserved), "the unpaid 350,001 is available again")
	require.Equal(t, paid, f.balance(f.s1.Address), "nothing taken back from the supplier")
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))

	c, err := f.k.GetContract(f.ctx, tid, 0)
	require.NoError(t, err)
	require.Equal(t, types.CONTRACT_STATUS_TERMINATED, c.Status)
	require.Contains(t, c.TerminationReason, "supplier abandoned the site")
	require.Equal(t, types.MILESTONE_STATUS_PAID, c.Milestones[0].Status)
	commitment, err := f.c.App.BudgetKeeper.GetCommitment(f.ctx, c.CommitmentId)
	require.NoError(t, err)
	require.Equal(t, budgettypes.COMMITMENT_STATUS_CANCELLED, commitment.Status)
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_CANCELLED, tender.Status)
	require.Equal(t, types.LOT_STATUS_CANCELLED, tender.Lots[0].Status)

	_, err = f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, Milestone: 1,
		EvidenceUri: "ipfs://x", EvidenceSha256: f.tenderMsg().DocumentsSha256})
	requireErr(t, types.ErrWrongStage, err, "no delivery on a terminated contract")
	rel := f.requireOCDS(t, tid, "tender", "tenderCancellation", "award", "contract", "implementation", "contractTermination")
	contract := rel["contracts"].([]any)[0].(map[string]any)
	require.Equal(t, "terminated", contract["status"])
	ms := contract["milestones"].([]any)
	require.Equal(t, "met", ms[0].(map[string]any)["status"])
	require.Equal(t, "notMet", ms[1].(map[string]any)["status"], "the unpaid milestone of a terminated contract")
	require.Len(t, contract["implementation"].(map[string]any)["transactions"], 1, "the payment made stays on record")
	f.roundTrip(t)
}

// TestCancelOfferedContract: a contract offered but not signed is withdrawn
// with the lot: the reservation is released, the winner's bond returns.
func TestCancelOfferedContract(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, 300_000)
	before := f.balance(f.s1.Address)
	r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	f.at(t, tm.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r.BidId, Price: n(300_000), DocumentsHash: d1, Salt: salt1})
	require.NoError(t, err)
	f.at(t, tm.RevealDeadline)
	f.at(t, tm.RevealDeadline.Add(time.Duration(tm.StandstillSeconds)*time.Second))
	_, err = f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(30 * 24 * time.Hour),
		Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: tm.RevealDeadline.Add(60 * 24 * time.Hour)}}})
	require.NoError(t, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "needs changed", Lots: []uint32{0}})
	require.NoError(t, err)
	require.Equal(t, before, f.balance(f.s1.Address), "the winner's bond came back")
	require.True(t, f.budgetLine(t).Reserved.IsZero())
	require.True(t, f.budgetLine(t).Committed.IsZero())
	c, err := f.k.GetContract(f.ctx, tid, 0)
	require.NoError(t, err)
	require.Equal(t, types.CONTRACT_STATUS_TERMINATED, c.Status)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	requireErr(t, types.ErrWrongStage, err, "a withdrawn offer cannot be signed")
	rel := f.requireOCDS(t, tid, "tender", "tenderCancellation", "award", "contract")
	require.Equal(t, "cancelled", rel["contracts"].([]any)[0].(map[string]any)["status"])
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

// TestCancelOneLotAndTendersBySupplier: cancelling one lot of two releases
// its reservation and returns its bonds while the other lot goes on; the
// listed lots are checked; tenders are listed by the suppliers that bid.
func TestCancelOneLotAndTendersBySupplier(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	m.Lots = append(m.Lots, types.LotInput{Title: "Lighting", Ceiling: n(200_000), BidBond: n(500), AwardMethod: types.AWARD_METHOD_LOWEST_PRICE})
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid := res.TenderId
	require.Equal(t, n(800_000), f.budgetLine(t).Reserved)
	c0, _, _ := seal(t, tid, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c0})
	require.NoError(t, err)
	c1, _, _ := seal(t, tid, 1, f.s2.Address, 100)
	before := f.balance(f.s2.Address)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 1, SupplierId: 2, Commitment: c1})
	require.NoError(t, err)

	cancel := func(reason string, lots ...uint32) error {
		_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: reason, Lots: lots})
		return err
	}
	requireErr(t, types.ErrInvalidTender, cancel("r", 2), "no lot 2")
	requireErr(t, types.ErrInvalidTender, cancel("r", 1, 1), "listed twice")
	requireErr(t, types.ErrInvalidTender, cancel("", 1), "no reason")
	require.NoError(t, cancel("lighting moved to next year", 1))
	requireErr(t, types.ErrWrongStage, cancel("again", 1), "already cancelled")
	require.Equal(t, before, f.balance(f.s2.Address), "lot 1's bond came back")
	require.Equal(t, n(600_000), f.budgetLine(t).Reserved, "only lot 0's ceiling stays reserved")
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_ACTIVE, tender.Status)
	require.Equal(t, types.LOT_STATUS_TENDERING, tender.Lots[0].Status)
	require.Equal(t, types.LOT_STATUS_CANCELLED, tender.Lots[1].Status)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 1, SupplierId: 2, Commitment: c1})
	requireErr(t, types.ErrWrongStage, err, "no bid on a cancelled lot")

	q := keeperQuerier(f)
	for supplier, want := range map[uint64]int{1: 1, 2: 1, 3: 0} {
		r, err := q.Tenders(f.ctx, &types.QueryTendersRequest{SupplierId: supplier})
		require.NoError(t, err)
		require.Len(t, r.Tenders, want, "supplier %d", supplier)
	}
	r, err := q.Tenders(f.ctx, &types.QueryTendersRequest{SupplierId: 1, AgencyId: 2})
	require.NoError(t, err)
	require.Empty(t, r.Tenders, "filters combine")
	r, err = q.Tenders(f.ctx, &types.QueryTendersRequest{SupplierId: 1, Status: types.TENDER_STATUS_ACTIVE, Pagination: &query.PageRequest{Limit: 1}})
	require.NoError(t, err)
	require.Len(t, r.Tenders, 1)

	// The last lot cancelled ends the tender.
	require.NoError(t, cancel("all of it", 0))
	tender, err = f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_CANCELLED, tender.Status)
	require.True(t, f.budgetLine(t).Reserved.IsZero())
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
	f.roundTrip(t)
}

// TestBidsPerLotAreCapped: past max_bids_per_lot a new supplier is refused;
// a bidder already in may still replace its bid.
func TestBidsPerLotAreCapped(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.MaxBidsPerLot = 1
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
	require.NoError(t, err)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	c1, _, _ := seal(t, res.TenderId, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	c2, _, _ := seal(t, res.TenderId, 0, f.s2.Address, 90)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 2, Commitment: c2})
	requireErr(t, types.ErrInvalidBid, err)
	c1b, _, _ := seal(t, res.TenderId, 0, f.s1.Address, 95)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 1, Commitment: c1b})
	require.NoError(t, err, "a replacement is not a new bid")
}

// TestAcceptanceOverTheCommitment: when governance has cancelled the
// contract's commitment in x/budget, accepting a delivery would pay over
// what is committed: it is refused and changes nothing; the officer can
// still end the lot.
func TestAcceptanceOverTheCommitment(t *testing.T) {
	f := newFixture(t)
	tid, _ := f.contracted(t)
	c, err := f.k.GetContract(f.ctx, tid, 0)
	require.NoError(t, err)
	_, err = budgetkeeper.NewMsgServerImpl(f.c.App.BudgetKeeper).CancelCommitment(f.ctx, &budgettypes.MsgCancelCommitment{
		Treasurer: testutil.GovAuthority(), CommitmentId: c.CommitmentId, Reason: "court order"})
	require.NoError(t, err)
	_, err = f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, Milestone: 0,
		EvidenceUri: "ipfs://bafy-report", EvidenceSha256: f.tenderMsg().DocumentsSha256})
	require.NoError(t, err)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	supplier := f.balance(f.s1.Address)
	_, err = f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, Milestone: 0, Accept: true})
	requireErr(t, types.ErrBudget, err)
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after)
	require.Equal(t, supplier, f.balance(f.s1.Address))
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "court order"})
	require.NoError(t, err, "a commitment cancelled in x/budget does not block the cancellation")
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

// TestFailedDeadlineStepIsRetriedLater: a deadline step that fails (here a
// queue entry for a tender that does not exist) is put back a minute later,
// so it neither halts the chain nor holds the steps behind it.
func TestFailedDeadlineStepIsRetriedLater(t *testing.T) {
	f := newFixture(t)
	now := f.ctx.BlockTime()
	require.NoError(t, f.k.SubmissionQueue.Set(f.ctx, collections.Join(now, uint64(999))))
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	f.at(t, f.tenderMsg().SubmissionDeadline)
	later := f.ctx.BlockTime().Add(keeper.RetryDelay)
	has, err := f.k.SubmissionQueue.Has(f.ctx, collections.Join(later, uint64(999)))
	require.NoError(t, err)
	require.True(t, has, "the failed step is queued again a minute later")
	has, err = f.k.SubmissionQueue.Has(f.ctx, collections.Join(now, uint64(999)))
	require.NoError(t, err)
	require.False(t, has)
	tender, err := f.k.GetTender(f.ctx, res.TenderId)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_UNSUCCESSFUL, tender.Status, "the step behind it ran")
}
