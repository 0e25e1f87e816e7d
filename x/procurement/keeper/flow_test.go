package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

func (f *fixture) at(t *testing.T, when time.Time) {
	t.Helper()
	f.ctx = f.ctx.WithBlockTime(when)
	require.NoError(t, f.k.EndBlocker(f.ctx))
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
	require.NoError(t, f.k.CheckBonds(f.ctx))
}

// TestSealedBidsRevealAndLowestPriceAward: bids are sealed until the
// submission deadline, revealed until the reveal deadline; the lowest
// valid price wins; an unrevealed bond goes to the treasury, the others
// come back; the budget line keeps the ceiling reserved until the contract.
func TestSealedBidsRevealAndLowestPriceAward(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid := res.TenderId
	tm := f.tenderMsg()

	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, 500_000)
	c2, _, _ := seal(t, tid, 0, f.rep.Address, 450_000) // supplier 2, through its representative
	cOver, dOver, saltOver := seal(t, tid, 0, f.s1.Address, 700_000)

	submit := func(who string, supplier uint64, c []byte) (uint64, error) {
		r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: who, TenderId: tid, Lot: 0, SupplierId: supplier, Commitment: c})
		if err != nil {
			return 0, err
		}
		return r.BidId, nil
	}
	_, err = submit(f.stranger.Address.String(), 1, c1)
	requireErr(t, types.ErrUnauthorized, err, "not the supplier's owner or representative")
	_, err = submit(f.s1.Address.String(), 1, c1[:31])
	requireErr(t, types.ErrInvalidBid, err)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 3, SupplierId: 1, Commitment: c1})
	requireErr(t, types.ErrInvalidBid, err)

	s1Before := f.balance(f.s1.Address)
	b1, err := submit(f.s1.Address.String(), 1, cOver)
	require.NoError(t, err)
	require.Equal(t, s1Before.Sub(n(1_000)), f.balance(f.s1.Address), "the bond is held")
	again, err := submit(f.s1.Address.String(), 1, c1) // replaces its bid: same id, bond kept
	require.NoError(t, err)
	require.Equal(t, b1, again)
	require.Equal(t, s1Before.Sub(n(1_000)), f.balance(f.s1.Address))
	b2, err := submit(f.rep.Address.String(), 2, c2)
	require.NoError(t, err)

	// A third supplier, debarred, cannot bid.
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	_, err = am.RegisterSupplier(f.ctx, &agencytypes.MsgRegisterSupplier{Owner: f.stranger.Address.String(), Name: "Shady", RegistrationNumber: "999", Country: "EE",
		BeneficialOwners: []agencytypes.Party{{Address: f.stranger.Address.String(), ShareBps: 10000}}})
	require.NoError(t, err)
	_, err = am.DebarSupplier(f.ctx, &agencytypes.MsgDebarSupplier{Admin: f.c.Validators[0].Address.String(), AgencyId: 1, SupplierId: 3,
		Reason: "fraud", End: f.ctx.BlockTime().Add(1000 * time.Hour)})
	require.NoError(t, err)
	c3, _, _ := seal(t, tid, 0, f.stranger.Address, 1)
	_, err = submit(f.stranger.Address.String(), 3, c3)
	requireErr(t, types.ErrDebarred, err)

	// Nothing is revealed before the submission deadline.
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: b1, Price: n(500_000), DocumentsHash: d1, Salt: salt1})
	requireErr(t, types.ErrWrongStage, err)

	f.at(t, tm.SubmissionDeadline)
	_, err = submit(f.s1.Address.String(), 1, c1)
	requireErr(t, types.ErrWrongStage, err, "late bid")
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.LOT_STATUS_REVEALING, tender.Lots[0].Status)
	require.Equal(t, uint64(2), tender.Lots[0].Bids)

	// Reveal: the values must match the commitment; the replaced one is gone.
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: b1, Price: n(700_000), DocumentsHash: dOver, Salt: saltOver})
	requireErr(t, types.ErrRevealMismatch, err)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: b1, Price: n(500_001), DocumentsHash: d1, Salt: salt1})
	requireErr(t, types.ErrRevealMismatch, err)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s2.Address.String(), BidId: b1, Price: n(500_000), DocumentsHash: d1, Salt: salt1})
	requireErr(t, types.ErrUnauthorized, err, "another supplier's bid")
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: b1, Price: n(500_000), DocumentsHash: d1, Salt: salt1})
	require.NoError(t, err)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: b1, Price: n(500_000), DocumentsHash: d1, Salt: salt1})
	requireErr(t, types.ErrWrongStage, err, "once")
	// Supplier 2 does not reveal (its price was the lowest): its bond is forfeited.

	treasuryBefore := f.c.App.BudgetKeeper.TreasuryBalance(f.ctx)
	f.at(t, tm.RevealDeadline)
	tender, err = f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	lot := tender.Lots[0]
	require.Equal(t, types.LOT_STATUS_STANDSTILL, lot.Status)
	require.Equal(t, b1, lot.WinningBidId)
	require.Equal(t, n(500_000), lot.AwardAmount)
	bid2, err := f.k.Bids.Get(f.ctx, b2)
	require.NoError(t, err)
	require.Equal(t, types.BID_STATUS_FORFEITED, bid2.Status)
	require.Equal(t, treasuryBefore.Add(n(1_000)), f.c.App.BudgetKeeper.TreasuryBalance(f.ctx), "the forfeited bond went to the treasury")
	require.Equal(t, n(600_000), f.budgetLine(t).Reserved, "the ceiling stays reserved until the contract")
	f.roundTrip(t)
}

func TestUnsuccessfulAndCancelledTendersReleaseTheLine(t *testing.T) {
	f := newFixture(t)
	// No bids: the lot is unsuccessful at the submission deadline.
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	f.at(t, f.tenderMsg().SubmissionDeadline)
	tender, err := f.k.GetTender(f.ctx, res.TenderId)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_UNSUCCESSFUL, tender.Status)
	require.True(t, f.budgetLine(t).Reserved.IsZero())

	// Cancelled with a bid: the bond returns, the reservation is released.
	m := f.tenderMsg()
	now := f.ctx.BlockTime()
	m.ClarificationDeadline, m.SubmissionDeadline, m.RevealDeadline = now.Add(time.Hour), now.Add(48*time.Hour), now.Add(96*time.Hour)
	res, err = f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	c, _, _ := seal(t, res.TenderId, 0, f.s1.Address, 100)
	before := f.balance(f.s1.Address)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 1, Commitment: c})
	require.NoError(t, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.stranger.Address.String(), TenderId: res.TenderId, Reason: "x"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: res.TenderId, Reason: ""})
	requireErr(t, types.ErrInvalidTender, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: res.TenderId, Reason: "scope changed"})
	require.NoError(t, err)
	f.requireOCDS(t, res.TenderId, "tender", "tenderCancellation")
	require.Equal(t, before, f.balance(f.s1.Address), "the bond came back")
	require.True(t, f.budgetLine(t).Reserved.IsZero())
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: res.TenderId, Reason: "again"})
	requireErr(t, types.ErrWrongStage, err)
}

func TestAmendTender(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tm := f.tenderMsg()

	// Clarifications: anyone asks before the clarification deadline; the
	// agency answers once, publicly.
	q, err := f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: f.stranger.Address.String(), TenderId: res.TenderId, Question: "Is night work allowed?"})
	require.NoError(t, err)
	_, err = f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: f.stranger.Address.String(), ClarificationId: q.ClarificationId, Answer: "yes"})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: f.po.Address.String(), ClarificationId: q.ClarificationId, Answer: ""})
	requireErr(t, types.ErrInvalidTender, err)
	_, err = f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: f.po.Address.String(), ClarificationId: q.ClarificationId, Answer: "Yes, 22:00-06:00."})
	require.NoError(t, err)
	_, err = f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: f.po.Address.String(), ClarificationId: q.ClarificationId, Answer: "again"})
	requireErr(t, types.ErrWrongStage, err, "once")
	cl, err := keeperQuerier(f).Clarifications(f.ctx, &types.QueryClarificationsRequest{TenderId: res.TenderId})
	require.NoError(t, err)
	require.Equal(t, "Yes, 22:00-06:00.", cl.Clarifications[0].Answer)
	late := f.ctx
	f.ctx = f.ctx.WithBlockTime(tm.ClarificationDeadline)
	_, err = f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: f.stranger.Address.String(), TenderId: res.TenderId, Question: "late"})
	requireErr(t, types.ErrWrongStage, err, "after the clarification deadline")
	f.ctx = late
	amend := func(signer string, sub time.Time) error {
		_, err := f.ms.AmendTender(f.ctx, &types.MsgAmendTender{Officer: signer, TenderId: res.TenderId, Description: "bill of quantities corrected",
			DocumentsUri: "ipfs://bafy-docs-v2", DocumentsSha256: "cd" + tm.DocumentsSha256[2:], SubmissionDeadline: sub, RevealDeadline: sub.Add(2 * 24 * time.Hour)})
		return err
	}
	requireErr(t, types.ErrUnauthorized, amend(f.stranger.Address.String(), tm.SubmissionDeadline.Add(8*24*time.Hour)))
	requireErr(t, types.ErrInvalidTender, amend(f.po.Address.String(), tm.SubmissionDeadline.Add(24*time.Hour)), "extension below the minimum")
	require.NoError(t, amend(f.po.Address.String(), tm.SubmissionDeadline.Add(7*24*time.Hour)))
	out, err := keeperQuerier(f).Tender(f.ctx, &types.QueryTenderRequest{TenderId: res.TenderId})
	require.NoError(t, err)
	require.Equal(t, uint32(2), out.Tender.Version)
	require.Len(t, out.Amendments, 1)
	f.requireOCDS(t, res.TenderId, "tender", "tenderAmendment")
	f.roundTrip(t) // tendering, amended
	// The old deadline passes without effect; the new one moves the lot on.
	f.at(t, tm.SubmissionDeadline)
	tender, _ := f.k.GetTender(f.ctx, res.TenderId)
	require.Equal(t, types.TENDER_STATUS_ACTIVE, tender.Status)
	f.ctx = f.ctx.WithBlockTime(tender.SubmissionDeadline)
	requireErr(t, types.ErrWrongStage, amend(f.po.Address.String(), tender.SubmissionDeadline.Add(8*24*time.Hour)), "after the deadline")
}

// TestContractAndMilestonesPaidFromTheLine: after the standstill the award
// is final; the agency offers the contract (milestones summing to 100 %),
// the winner signs (the award is committed on the line, the rest of the
// ceiling returns, the bond comes back), delivers, and each accepted
// milestone is paid from the line in the same tx.
func TestContractAndMilestonesPaidFromTheLine(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	f.requireOCDS(t, tid, "tender")
	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, 500_001)
	r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	f.at(t, tm.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r.BidId, Price: n(500_001), DocumentsHash: d1, Salt: salt1})
	require.NoError(t, err)
	f.at(t, tm.RevealDeadline)

	offer := func(shares ...uint32) error {
		ms := make([]types.MilestoneInput, len(shares))
		for i, s := range shares {
			ms[i] = types.MilestoneInput{Title: "stage", ShareBps: s, Due: tm.RevealDeadline.Add(time.Duration(i+1) * 30 * 24 * time.Hour)}
		}
		_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(30 * 24 * time.Hour), Milestones: ms})
		return err
	}
	requireErr(t, types.ErrWrongStage, offer(3000, 7000), "during the standstill")
	f.at(t, tm.RevealDeadline.Add(time.Duration(tm.StandstillSeconds)*time.Second))
	tender, _ := f.k.GetTender(f.ctx, tid)
	require.Equal(t, types.LOT_STATUS_AWARDED, tender.Lots[0].Status)
	requireErr(t, types.ErrInvalidTender, offer(3000, 6999), "shares must sum to 100 %")
	f.requireOCDS(t, tid, "tender", "award")
	require.NoError(t, offer(3000, 7000))

	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	requireErr(t, types.ErrUnauthorized, err, "not the winner")
	before := f.balance(f.s1.Address)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	require.NoError(t, err)
	require.Equal(t, before.Add(n(1_000)), f.balance(f.s1.Address), "the winner's bond came back")
	l := f.budgetLine(t)
	require.True(t, l.Reserved.IsZero(), "the ceiling's reservation became the commitment")
	require.Equal(t, n(500_001), l.Committed)
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
	f.requireOCDS(t, tid, "tender", "award", "contract")

	deliver := func(m uint32) error {
		_, err := f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, Milestone: m,
			EvidenceUri: "ipfs://bafy-site-report", EvidenceSha256: "ef" + tm.DocumentsSha256[2:]})
		return err
	}
	decide := func(m uint32, accept bool, reason string) error {
		_, err := f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, Milestone: m, Accept: accept, Reason: reason})
		return err
	}
	requireErr(t, types.ErrWrongStage, decide(0, true, ""), "nothing delivered yet")
	_, err = f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, Milestone: 0,
		EvidenceUri: "ipfs://x", EvidenceSha256: tm.DocumentsSha256})
	requireErr(t, types.ErrUnauthorized, err, "another supplier")
	require.NoError(t, deliver(0))
	f.roundTrip(t) // a contract with a delivered milestone
	require.NoError(t, decide(0, false, "report unsigned"))
	require.NoError(t, deliver(0))
	before = f.balance(f.s1.Address)
	require.NoError(t, decide(0, true, ""))
	require.Equal(t, before.Add(n(150_000)), f.balance(f.s1.Address), "30 % of 500,001, rounded down")
	requireErr(t, types.ErrWrongStage, decide(0, true, ""), "accepted twice")
	require.NoError(t, deliver(1))
	require.NoError(t, decide(1, true, ""))
	require.Equal(t, before.Add(n(500_001)), f.balance(f.s1.Address), "the last milestone takes the rest")
	c, err := f.k.GetContract(f.ctx, tid, 0)
	require.NoError(t, err)
	require.Equal(t, types.CONTRACT_STATUS_COMPLETE, c.Status)
	tender, _ = f.k.GetTender(f.ctx, tid)
	require.Equal(t, types.TENDER_STATUS_COMPLETE, tender.Status)
	l = f.budgetLine(t)
	require.Equal(t, n(500_001), l.Disbursed)
	rel := f.requireOCDS(t, tid, "tender", "award", "contract", "implementation")
	contract := rel["contracts"].([]any)[0].(map[string]any)
	require.Equal(t, "terminated", contract["status"])
	require.Len(t, contract["implementation"].(map[string]any)["transactions"], 2)
	require.Equal(t, "complete", rel["tender"].(map[string]any)["status"])
	f.roundTrip(t)
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

// TestComplaints: a losing bidder complains during the standstill (with a
// bond); the award waits; a reviewer dismisses one (bond to the treasury)
// and upholds another (the award goes to the next bid, new standstill).
func TestComplaints(t *testing.T) {
	f := newFixture(t)
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	_, err := am.GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: f.c.Validators[0].Address.String(), AgencyId: 1, Address: f.stranger.Address.String(),
		Role: agencytypes.ROLE_REVIEWER, Reason: "review board"})
	require.NoError(t, err)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	_, b2 := f.twoRevealedBids(t, tm, tid, 400_000, 450_000)

	complain := func(who string, supplier uint64) (uint64, error) {
		r, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: who, TenderId: tid, Lot: 0, SupplierId: supplier, Reason: "the winner's bridge references are forged"})
		if err != nil {
			return 0, err
		}
		return r.ComplaintId, nil
	}
	_, err = complain(f.s1.Address.String(), 1)
	requireErr(t, types.ErrUnauthorized, err, "the winner")
	treasury := f.c.App.BudgetKeeper.TreasuryBalance(f.ctx)
	id, err := complain(f.s2.Address.String(), 2)
	require.NoError(t, err)
	decide := func(who string, id uint64, uphold bool, remedy types.Remedy) error {
		_, err := f.ms.DecideComplaint(f.ctx, &types.MsgDecideComplaint{Reviewer: who, ComplaintId: id, Uphold: uphold, Remedy: remedy, Reason: "examined"})
		return err
	}
	requireErr(t, types.ErrUnauthorized, decide(f.po.Address.String(), id, false, 0), "not a reviewer")
	f.roundTrip(t) // a pending complaint during the standstill

	// The standstill ends, but the pending complaint holds the award.
	end := tm.RevealDeadline.Add(time.Duration(tm.StandstillSeconds) * time.Second)
	f.at(t, end)
	tender, _ := f.k.GetTender(f.ctx, tid)
	require.Equal(t, types.LOT_STATUS_STANDSTILL, tender.Lots[0].Status)
	_, err = complain(f.s2.Address.String(), 2)
	requireErr(t, types.ErrWrongStage, err, "after the standstill")

	// Upheld, re-evaluate: supplier 2 is the new winner, with a new standstill.
	require.NoError(t, decide(f.stranger.Address.String(), id, true, types.REMEDY_REEVALUATE))
	tender, _ = f.k.GetTender(f.ctx, tid)
	require.Equal(t, b2, tender.Lots[0].WinningBidId)
	require.Equal(t, n(450_000), tender.Lots[0].AwardAmount)
	require.Equal(t, types.LOT_STATUS_STANDSTILL, tender.Lots[0].Status)
	require.Equal(t, treasury, f.c.App.BudgetKeeper.TreasuryBalance(f.ctx), "an upheld complaint's bond returns")
	requireErr(t, types.ErrWrongStage, decide(f.stranger.Address.String(), id, false, 0), "decided once")

	// Supplier 1 now complains; dismissed: its bond goes to the treasury.
	id2, err := complain(f.s1.Address.String(), 1)
	require.NoError(t, err)
	require.NoError(t, decide(f.stranger.Address.String(), id2, false, 0))
	require.Equal(t, treasury.Add(types.DefaultParams().ComplaintBond), f.c.App.BudgetKeeper.TreasuryBalance(f.ctx))
	f.at(t, tender.Lots[0].StandstillEnd)
	tender, _ = f.k.GetTender(f.ctx, tid)
	require.Equal(t, types.LOT_STATUS_AWARDED, tender.Lots[0].Status)
}

// TestRatedEvaluation: a declared, conflict-free evaluator scores the
// revealed bids; the chain computes the weighted totals and the winner; a
// party of a bidder cannot evaluate; scores are public after the close.
func TestRatedEvaluation(t *testing.T) {
	f := newFixture(t)
	evaluator := f.c.Accounts["funder"]
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	for _, who := range []string{evaluator.Address.String(), f.rep.Address.String()} {
		_, err := am.GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: f.c.Validators[0].Address.String(), AgencyId: 1, Address: who,
			Role: agencytypes.ROLE_EVALUATOR, Reason: "panel"})
		require.NoError(t, err)
	}
	m := f.tenderMsg()
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 4000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 6000, MaxScore: 10}}
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid := res.TenderId
	b1, b2 := f.twoRevealedBids(t, m, tid, 500_000, 400_000)
	tender, _ := f.k.GetTender(f.ctx, tid)
	require.Equal(t, types.LOT_STATUS_EVALUATING, tender.Lots[0].Status)

	declare := func(who string) error {
		_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: who, TenderId: tid, Lot: 0})
		return err
	}
	requireErr(t, types.ErrConflict, declare(f.rep.Address.String()), "a representative of supplier 2")
	// A listing the party disowns no longer counts (nobody blocks an
	// evaluator by listing it): rep disowns supplier 2 and may then declare.
	_, err = am.DisownParty(f.ctx, &agencytypes.MsgDisownParty{Party: f.rep.Address.String(), SupplierId: 2, Reason: "I never represented it"})
	require.NoError(t, err)
	require.NoError(t, declare(f.rep.Address.String()))
	requireErr(t, types.ErrUnauthorized, declare(f.stranger.Address.String()), "not an evaluator")
	score := func(who string, bids ...types.BidScore) error {
		_, err := f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: who, TenderId: tid, Lot: 0, Bids: bids})
		return err
	}
	requireErr(t, types.ErrUnauthorized, score(evaluator.Address.String(), types.BidScore{BidId: b1, Scores: []uint32{10}}), "not declared")
	require.NoError(t, declare(evaluator.Address.String()))
	requireErr(t, types.ErrInvalidScores, score(evaluator.Address.String(), types.BidScore{BidId: b1, Scores: []uint32{10}}), "every bid")
	requireErr(t, types.ErrInvalidScores, score(evaluator.Address.String(),
		types.BidScore{BidId: b1, Scores: []uint32{11}}, types.BidScore{BidId: b2, Scores: []uint32{5}}), "out of range")
	require.NoError(t, score(evaluator.Address.String(),
		types.BidScore{BidId: b1, Scores: []uint32{10}}, types.BidScore{BidId: b2, Scores: []uint32{5}}))
	_, err = keeperQuerier(f).Scores(f.ctx, &types.QueryScoresRequest{TenderId: tid, Lot: 0})
	require.Error(t, err, "scores are hidden until the close")
	f.roundTrip(t) // under evaluation, with score sheets

	_, err = f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.stranger.Address.String(), TenderId: tid, Lot: 0})
	requireErr(t, types.ErrUnauthorized, err)
	cres, err := f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.po.Address.String(), TenderId: tid, Lot: 0})
	require.NoError(t, err)
	// Supplier 1: quality 6000 bps × 10/10 + price 4000 bps × 400k/500k = 0.92;
	// supplier 2: 6000 × 5/10 + 4000 × 1 = 0.70: the better offer wins.
	require.Equal(t, b1, cres.WinningBidId)
	bid1, _ := f.k.Bids.Get(f.ctx, b1)
	bid2, _ := f.k.Bids.Get(f.ctx, b2)
	require.Equal(t, uint64(920_000), bid1.Score)
	require.Equal(t, uint64(700_000), bid2.Score)
	sheets, err := keeperQuerier(f).Scores(f.ctx, &types.QueryScoresRequest{TenderId: tid, Lot: 0})
	require.NoError(t, err)
	require.Len(t, sheets.Sheets, 2, "the declared evaluators, one of whom scored")
	rel := f.requireOCDS(t, tid, "tender", "award")
	require.Equal(t, "ratedCriteria", rel["tender"].(map[string]any)["awardCriteria"])
}

// TestPendingComplaintIsMootWhenTheTenderIsCancelled: cancelling a tender
// during its standstill closes the pending complaint and returns its bond.
func TestPendingComplaintIsMootWhenTheTenderIsCancelled(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	f.twoRevealedBids(t, tm, tid, 400_000, 450_000)
	before := f.balance(f.s2.Address)
	cres, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: f.s2.Address.String(), TenderId: tid, Lot: 0, SupplierId: 2, Reason: "r"})
	require.NoError(t, err)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "budget cut"})
	require.NoError(t, err)
	c, err := f.k.ComplaintRecords.Get(f.ctx, cres.ComplaintId)
	require.NoError(t, err)
	require.Equal(t, types.COMPLAINT_STATUS_MOOT, c.Status)
	require.Equal(t, before.Add(n(1_000)), f.balance(f.s2.Address), "the complaint bond came back, and the bid bond held until a signature")
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

// TestBondsReturnToTheirPayerAndContractChecks: a bond returns to whoever
// paid it even if another representative replaced the bid; an offer with a
// milestone that would pay nothing is refused; a supplier debarred after
// its bid cannot sign.
func TestBondsReturnToTheirPayerAndContractChecks(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	cRep, _, _ := seal(t, tid, 0, f.rep.Address, 9)
	repBefore, ownerBefore := f.balance(f.rep.Address), f.balance(f.s2.Address)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.rep.Address.String(), TenderId: tid, Lot: 0, SupplierId: 2, Commitment: cRep})
	require.NoError(t, err)
	c2, d2, salt2 := seal(t, tid, 0, f.s2.Address, 3)
	r2, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 0, SupplierId: 2, Commitment: c2})
	require.NoError(t, err, "the owner replaces its representative's bid")
	f.at(t, tm.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s2.Address.String(), BidId: r2.BidId, Price: n(3), DocumentsHash: d2, Salt: salt2})
	require.NoError(t, err)
	f.at(t, tm.RevealDeadline)
	f.at(t, tm.RevealDeadline.Add(time.Duration(tm.StandstillSeconds)*time.Second))

	_, err = f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(30 * 24 * time.Hour), Milestones: []types.MilestoneInput{
		{Title: "a", ShareBps: 3333, Due: tm.RevealDeadline.Add(60 * 24 * time.Hour)}, {Title: "b", ShareBps: 3333, Due: tm.RevealDeadline.Add(60 * 24 * time.Hour)}, {Title: "c", ShareBps: 3334, Due: tm.RevealDeadline.Add(60 * 24 * time.Hour)}}})
	requireErr(t, types.ErrInvalidTender, err, "an award of 3 cannot pay three milestones")
	_, err = f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(30 * 24 * time.Hour), Milestones: []types.MilestoneInput{
		{Title: "all", ShareBps: 10000, Due: tm.RevealDeadline.Add(60 * 24 * time.Hour)}}})
	require.NoError(t, err)

	_, err = agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).DebarSupplier(f.ctx, &agencytypes.MsgDebarSupplier{Admin: f.c.Validators[0].Address.String(),
		AgencyId: 1, SupplierId: 2, Reason: "fraud found", End: f.ctx.BlockTime().Add(1000 * time.Hour)})
	require.NoError(t, err)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	requireErr(t, types.ErrDebarred, err)

	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "supplier debarred"})
	require.NoError(t, err)
	require.Equal(t, repBefore, f.balance(f.rep.Address), "the representative who paid the bond got it back")
	require.Equal(t, ownerBefore, f.balance(f.s2.Address))
}

// twoRevealedBids has supplier 1 (s1) bid price1 and supplier 2 (s2) bid
// price2 on lot 0 of tender tid (published from m), reveals both after the
// submission deadline and moves to the reveal deadline; it returns the bids.
func (f *fixture) twoRevealedBids(t *testing.T, m *types.MsgPublishTender, tid uint64, price1, price2 int64) (bid1, bid2 uint64) {
	t.Helper()
	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, price1)
	c2, d2, salt2 := seal(t, tid, 0, f.s2.Address, price2)
	r1, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	r2, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 0, SupplierId: 2, Commitment: c2})
	require.NoError(t, err)
	f.at(t, m.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r1.BidId, Price: n(price1), DocumentsHash: d1, Salt: salt1})
	require.NoError(t, err)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s2.Address.String(), BidId: r2.BidId, Price: n(price2), DocumentsHash: d2, Salt: salt2})
	require.NoError(t, err)
	f.at(t, m.RevealDeadline)
	return r1.BidId, r2.BidId
}
