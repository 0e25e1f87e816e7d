package keeper_test

import (
	"strings"
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
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// Tests of the rules added after the attack review: parties behind two
// suppliers, conflicts of officers and reviewers, conflicts that cannot be
// dodged, offers that lapse, forfeited bonds, stuck lots, genesis checks.

func (f *fixture) grant(t *testing.T, addr sdk.AccAddress, role agencytypes.Role) {
	t.Helper()
	_, err := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: f.c.Validators[0].Address.String(),
		AgencyId: 1, Address: addr.String(), Role: role, Reason: "test"})
	require.NoError(t, err)
}

func (f *fixture) revoke(t *testing.T, addr sdk.AccAddress, role agencytypes.Role) {
	t.Helper()
	_, err := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).RevokeRole(f.ctx, &agencytypes.MsgRevokeRole{Admin: f.c.Validators[0].Address.String(),
		AgencyId: 1, Address: addr.String(), Role: role, Reason: "test"})
	require.NoError(t, err)
}

// bidBoth has supplier 1 (s1) and 2 (s2) bid p1 and p2 on tender m's lot 0
// and reveal at the submission deadline; it returns the tender and bid ids.
func (f *fixture) bidBoth(t *testing.T, m *types.MsgPublishTender, p1, p2 int64) (uint64, uint64, uint64) {
	t.Helper()
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid := res.TenderId
	var ids []uint64
	type secret struct{ docs, salt []byte }
	var secrets []secret
	for i, b := range []struct {
		who   testutil.Account
		price int64
	}{{f.s1, p1}, {f.s2, p2}} {
		c, d, s := seal(t, tid, 0, b.who.Address, b.price)
		r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: b.who.Address.String(), TenderId: tid, Lot: 0, SupplierId: uint64(i + 1), Commitment: c})
		require.NoError(t, err)
		ids = append(ids, r.BidId)
		secrets = append(secrets, secret{d, s})
	}
	f.at(t, m.SubmissionDeadline)
	for i, b := range []struct {
		who   testutil.Account
		price int64
	}{{f.s1, p1}, {f.s2, p2}} {
		_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: b.who.Address.String(), BidId: ids[i], Price: n(b.price),
			DocumentsHash: secrets[i].docs, Salt: secrets[i].salt})
		require.NoError(t, err)
	}
	return tid, ids[0], ids[1]
}

// TestOnePersonBehindTwoSuppliers: a supplier whose party already bid on the
// lot for another supplier is refused; a listing the person disowned does
// not count, so nobody blocks a bidder by listing its owner.
func TestOnePersonBehindTwoSuppliers(t *testing.T) {
	f := newFixture(t)
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	shell, err := am.RegisterSupplier(f.ctx, &agencytypes.MsgRegisterSupplier{Owner: f.stranger.Address.String(), Name: "Shell OÜ",
		RegistrationNumber: "10000009", Country: "EE", BeneficialOwners: []agencytypes.Party{{Address: f.stranger.Address.String(), ShareBps: 10000}},
		Representatives: []agencytypes.Party{{Address: f.s1.Address.String()}}})
	require.NoError(t, err)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid := res.TenderId
	c3, _, _ := seal(t, tid, 0, f.stranger.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.stranger.Address.String(), TenderId: tid, Lot: 0, SupplierId: shell.SupplierId, Commitment: c3})
	require.NoError(t, err, "the shell bids first, listing s1 without its consent")
	c1, _, _ := seal(t, tid, 0, f.s1.Address, 100)
	bid1 := &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1}
	_, err = f.ms.SubmitBid(f.ctx, bid1)
	requireErr(t, types.ErrInvalidBid, err, "s1 is listed by a supplier that bid")
	_, err = am.DisownParty(f.ctx, &agencytypes.MsgDisownParty{Party: f.s1.Address.String(), SupplierId: shell.SupplierId, Reason: "never agreed"})
	require.NoError(t, err)
	_, err = f.ms.SubmitBid(f.ctx, bid1)
	require.NoError(t, err, "a disowned listing does not block")

	// The other way round: a supplier listing a party who already bid is refused.
	second, err := am.RegisterSupplier(f.ctx, &agencytypes.MsgRegisterSupplier{Owner: f.c.Accounts["funder"].Address.String(), Name: "Twin OÜ",
		RegistrationNumber: "10000010", Country: "EE", BeneficialOwners: []agencytypes.Party{{Address: f.c.Accounts["funder"].Address.String(), ShareBps: 10000}},
		Representatives: []agencytypes.Party{{Address: f.s2.Address.String()}}})
	require.NoError(t, err)
	c2, _, _ := seal(t, tid, 0, f.s2.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 0, SupplierId: 2, Commitment: c2})
	require.NoError(t, err)
	cf, _, _ := seal(t, tid, 0, f.c.Accounts["funder"].Address, 100)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.c.Accounts["funder"].Address.String(), TenderId: tid, Lot: 0, SupplierId: second.SupplierId, Commitment: cf})
	requireErr(t, types.ErrInvalidBid, err)
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "the refused bid wrote nothing (its owner's party entry neither)")
	f.roundTrip(t)
}

// TestOfficersAndReviewersWithAStake: the tender's officer cannot be a
// party of a bidder; a reviewer who is a party of any bidder of the lot, or
// who published the tender, cannot decide a complaint; an officer who is a
// party of the winner can neither offer its contract nor accept its
// deliveries.
func TestOfficersAndReviewersWithAStake(t *testing.T) {
	f := newFixture(t)
	f.grant(t, f.rep.Address, agencytypes.ROLE_PROCUREMENT_OFFICER) // rep represents supplier 2
	f.grant(t, f.rep.Address, agencytypes.ROLE_REVIEWER)
	f.grant(t, f.po.Address, agencytypes.ROLE_REVIEWER)
	f.grant(t, f.stranger.Address, agencytypes.ROLE_REVIEWER)

	m := f.tenderMsg()
	m.Officer = f.rep.Address.String()
	m.Lots[0].Ceiling = n(100_000)
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	c2, _, _ := seal(t, res.TenderId, 0, f.s2.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 2, Commitment: c2})
	requireErr(t, types.ErrConflict, err, "the tender's officer represents supplier 2")

	m = f.tenderMsg()
	m.ClarificationDeadline, m.SubmissionDeadline, m.RevealDeadline = m.ClarificationDeadline.Add(time.Hour), m.SubmissionDeadline.Add(time.Hour), m.RevealDeadline.Add(time.Hour)
	tid, _, _ := f.bidBoth(t, m, 450_000, 400_000) // supplier 2 wins
	f.at(t, m.RevealDeadline)
	cres, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Reason: "price error"})
	require.NoError(t, err)
	decide := func(who testutil.Account) error {
		_, err := f.ms.DecideComplaint(f.ctx, &types.MsgDecideComplaint{Reviewer: who.Address.String(), ComplaintId: cres.ComplaintId, Reason: "no error"})
		return err
	}
	requireErr(t, types.ErrConflict, decide(f.rep), "a reviewer who represents a bidder")
	requireErr(t, types.ErrUnauthorized, decide(f.po), "the officer who published the tender")
	require.NoError(t, decide(f.stranger))
	f.at(t, m.RevealDeadline.Add(time.Duration(m.StandstillSeconds)*time.Second))

	offer := func(officer testutil.Account) error {
		_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: officer.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(6 * 24 * time.Hour),
			Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: f.ctx.BlockTime().Add(time.Hour)}}})
		return err
	}
	requireErr(t, types.ErrConflict, offer(f.rep), "an officer who represents the winner")
	require.NoError(t, offer(f.po))
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	require.NoError(t, err)
	_, err = f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, Milestone: 0,
		EvidenceUri: "ipfs://report", EvidenceSha256: m.DocumentsSha256})
	require.NoError(t, err)
	_, err = f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: f.rep.Address.String(), TenderId: tid, Lot: 0, Milestone: 0, Accept: true})
	requireErr(t, types.ErrConflict, err, "an officer who represents the supplier paid")
	_, err = f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, Milestone: 0, Accept: true})
	require.NoError(t, err)
}

// TestEvaluatorConflictsCannotBeDodged: a party removed from the supplier's
// listing after the tender was published still has a conflict; an
// evaluator whose role is revoked can no longer score and its sheet is set
// aside at the close.
func TestEvaluatorConflictsCannotBeDodged(t *testing.T) {
	f := newFixture(t)
	funder, v0 := f.c.Accounts["funder"], f.c.Validators[0]
	for _, a := range []sdk.AccAddress{funder.Address, f.stranger.Address, v0.Address} {
		f.grant(t, a, agencytypes.ROLE_EVALUATOR)
	}
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	update := func(reps ...string) {
		parties := []agencytypes.Party{}
		for _, r := range reps {
			parties = append(parties, agencytypes.Party{Address: r})
		}
		_, err := am.UpdateSupplier(f.ctx, &agencytypes.MsgUpdateSupplier{Owner: f.s1.Address.String(), SupplierId: 1, Name: "Roads s1",
			BeneficialOwners: []agencytypes.Party{{Address: f.s1.Address.String(), ShareBps: 10000}}, Representatives: parties})
		require.NoError(t, err)
	}
	update(funder.Address.String()) // funder represents supplier 1 ...
	m := f.tenderMsg()
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 5000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 5000, MaxScore: 10}}
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	update() // ... and is dropped after the publication, before the bid
	tid := res.TenderId
	c1, d1, s1 := seal(t, tid, 0, f.s1.Address, 500_000)
	r1, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	f.at(t, m.SubmissionDeadline)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r1.BidId, Price: n(500_000), DocumentsHash: d1, Salt: s1})
	require.NoError(t, err)
	f.at(t, m.RevealDeadline)

	declare := func(a sdk.AccAddress) error {
		_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: a.String(), TenderId: tid, Lot: 0})
		return err
	}
	score := func(a sdk.AccAddress) error {
		_, err := f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: a.String(), TenderId: tid, Lot: 0, Bids: []types.BidScore{{BidId: r1.BidId, Scores: []uint32{7}}}})
		return err
	}
	err = declare(funder.Address)
	requireErr(t, types.ErrConflict, err, "a representative dropped after the publication")
	require.Contains(t, err.Error(), "since tender")
	require.NoError(t, declare(f.stranger.Address))
	require.NoError(t, declare(v0.Address))
	require.NoError(t, score(f.stranger.Address))
	require.NoError(t, score(v0.Address))
	f.revoke(t, f.stranger.Address, agencytypes.ROLE_EVALUATOR)
	requireErr(t, types.ErrUnauthorized, score(f.stranger.Address), "no longer an evaluator")
	f.ctx = f.ctx.WithEventManager(sdk.NewEventManager())
	_, err = f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.po.Address.String(), TenderId: tid, Lot: 0})
	require.NoError(t, err)
	setAside := 0
	for _, e := range f.ctx.EventManager().Events() {
		if e.Type == "civitas.procurement.v1.EventScoreSheetSetAside" {
			setAside++
		}
	}
	require.Equal(t, 1, setAside, "the revoked evaluator's sheet did not count")
}

// TestUnsignedOfferLapses: an offer names its version and deadline; a
// signature of an older version is refused; an offer not signed by its
// deadline lapses: the winner's bond is forfeited and the next best bid is
// awarded under a new standstill.
func TestUnsignedOfferLapses(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	tid, _, second := f.bidBoth(t, m, 400_000, 450_000)
	f.at(t, m.RevealDeadline)
	f.at(t, m.RevealDeadline.Add(time.Duration(m.StandstillSeconds)*time.Second))
	signBy := f.ctx.BlockTime().Add(6 * 24 * time.Hour)
	offer := func(share uint32) (uint32, error) {
		ms := []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: signBy.Add(time.Hour)}}
		if share != 10000 {
			ms = []types.MilestoneInput{{Title: "a", ShareBps: share, Due: signBy.Add(time.Hour)}, {Title: "b", ShareBps: 10000 - share, Due: signBy.Add(time.Hour)}}
		}
		res, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: signBy, Milestones: ms})
		if err != nil {
			return 0, err
		}
		return res.OfferVersion, nil
	}
	_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime(),
		Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: signBy}}})
	requireErr(t, types.ErrInvalidTender, err, "a deadline already passed")
	v, err := offer(10000)
	require.NoError(t, err)
	require.Equal(t, uint32(1), v)
	v, err = offer(5000)
	require.NoError(t, err)
	require.Equal(t, uint32(2), v, "a new offer is a new version")
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	requireErr(t, types.ErrWrongStage, err, "the terms changed since version 1")

	s1Balance := f.balance(f.s1.Address)
	treasury := f.c.App.BudgetKeeper.TreasuryBalance(f.ctx)
	f.at(t, signBy)
	require.Equal(t, s1Balance, f.balance(f.s1.Address), "the winner who declined does not get its bond back")
	require.Equal(t, treasury.Add(n(1_000)), f.c.App.BudgetKeeper.TreasuryBalance(f.ctx), "it went to the treasury")
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.LOT_STATUS_STANDSTILL, tender.Lots[0].Status)
	require.Equal(t, second, tender.Lots[0].WinningBidId)
	require.Equal(t, n(450_000), tender.Lots[0].AwardAmount)
	_, err = f.k.GetContract(f.ctx, tid, 0)
	requireErr(t, types.ErrWrongStage, err, "the lapsed offer is gone")
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 2})
	requireErr(t, types.ErrWrongStage, err)
	f.roundTrip(t)

	f.at(t, f.ctx.BlockTime().Add(time.Duration(m.StandstillSeconds)*time.Second))
	signBy = f.ctx.BlockTime().Add(6 * 24 * time.Hour)
	v, err = offer(10000)
	require.NoError(t, err)
	require.Equal(t, uint32(1), v)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s2.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	require.NoError(t, err, "the runner-up signs")
	require.Equal(t, n(450_000), f.budgetLine(t).Committed)
}

// TestInvalidBidForfeitsItsBond: a bid revealed above the ceiling is
// INVALID and its bond goes to the treasury at the reveal deadline.
func TestInvalidBidForfeitsItsBond(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	before := f.balance(f.s1.Address)
	tid, b1, _ := f.bidBoth(t, m, 700_000, 500_000)
	bid, err := f.k.Bids.Get(f.ctx, b1)
	require.NoError(t, err)
	require.Equal(t, types.BID_STATUS_INVALID, bid.Status)
	f.at(t, m.RevealDeadline)
	require.Equal(t, before.Sub(n(1_000)), f.balance(f.s1.Address))
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.NotEqual(t, b1, tender.Lots[0].WinningBidId)
}

// TestLotsNeverStick: a reservation released by governance in x/budget
// does not stop the lot from ending; the clarification deadline passed does
// not stop an amendment; a cancelled lot takes no reveal; a supplier has one
// pending complaint per lot.
func TestLotsNeverStick(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tender, err := f.k.GetTender(f.ctx, res.TenderId)
	require.NoError(t, err)
	_, err = budgetkeeper.NewMsgServerImpl(f.c.App.BudgetKeeper).ReleaseReservation(f.ctx, &budgettypes.MsgReleaseReservation{
		Treasurer: testutil.GovAuthority(), ReservationId: tender.Lots[0].ReservationId, Reason: "budget cut"})
	require.NoError(t, err)
	f.at(t, f.tenderMsg().SubmissionDeadline)
	tender, err = f.k.GetTender(f.ctx, res.TenderId)
	require.NoError(t, err)
	require.Equal(t, types.TENDER_STATUS_UNSUCCESSFUL, tender.Status)

	m := f.tenderMsg()
	now := f.ctx.BlockTime()
	m.ClarificationDeadline, m.SubmissionDeadline, m.RevealDeadline = now.Add(time.Hour), now.Add(10*24*time.Hour), now.Add(12*24*time.Hour)
	m.Lots = append(m.Lots, types.LotInput{Title: "Lighting", Ceiling: n(100_000), BidBond: n(0), AwardMethod: types.AWARD_METHOD_LOWEST_PRICE})
	res, err = f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid := res.TenderId
	f.at(t, now.Add(2*time.Hour))
	_, err = f.ms.AmendTender(f.ctx, &types.MsgAmendTender{Officer: f.po.Address.String(), TenderId: tid, Description: "after a question",
		DocumentsUri: "ipfs://v2", DocumentsSha256: m.DocumentsSha256, SubmissionDeadline: m.SubmissionDeadline.Add(8 * 24 * time.Hour),
		RevealDeadline: m.RevealDeadline.Add(8 * 24 * time.Hour)})
	require.NoError(t, err, "an amendment after the clarification deadline")
	tender, err = f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	c, d, s := seal(t, tid, 1, f.s1.Address, 100)
	r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 1, SupplierId: 1, Commitment: c})
	require.NoError(t, err)
	f.at(t, tender.SubmissionDeadline)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "moved", Lots: []uint32{1}})
	require.NoError(t, err)
	_, err = f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s1.Address.String(), BidId: r.BidId, Price: n(100), DocumentsHash: d, Salt: s})
	requireErr(t, types.ErrWrongStage, err, "no reveal on a cancelled lot")

	g := newFixture(t)
	gm := g.tenderMsg()
	tid2, _, _ := g.bidBoth(t, gm, 400_000, 450_000)
	g.at(t, gm.RevealDeadline)
	_, err = g.ms.FileComplaint(g.ctx, &types.MsgFileComplaint{Complainant: g.s2.Address.String(), TenderId: tid2, Lot: 0, SupplierId: 2, Reason: "one"})
	require.NoError(t, err)
	_, err = g.ms.FileComplaint(g.ctx, &types.MsgFileComplaint{Complainant: g.rep.Address.String(), TenderId: tid2, Lot: 0, SupplierId: 2, Reason: "two"})
	requireErr(t, types.ErrWrongStage, err, "one pending complaint per supplier and lot")
}

// TestProcurementCommitmentsPaidOnlyOnAcceptance: a treasurer cannot pay a
// contract's commitment directly (only an accepted delivery or governance
// does); a reservation made ahead of its fiscal year is not committed
// before the year starts.
func TestProcurementCommitmentsPaidOnlyOnAcceptance(t *testing.T) {
	f := newFixture(t)
	f.grant(t, f.c.Validators[0].Address, agencytypes.ROLE_TREASURER)
	tid, _ := f.contracted(t)
	c, err := f.k.GetContract(f.ctx, tid, 0)
	require.NoError(t, err)
	bm := budgetkeeper.NewMsgServerImpl(f.c.App.BudgetKeeper)
	_, err = bm.Disburse(f.ctx, &budgettypes.MsgDisburse{Treasurer: f.c.Validators[0].Address.String(), CommitmentId: c.CommitmentId,
		Amount: n(1), Reference: "direct"})
	require.ErrorIs(t, err, budgettypes.ErrUnauthorized)

	gov := testutil.GovAuthority()
	year := f.ctx.BlockTime().Add(366 * 24 * time.Hour)
	_, err = bm.OpenFiscalYear(f.ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2027, StartTime: year, EndTime: year.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	lines, err := bm.Appropriate(f.ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2027, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "04.5.1", Title: "Roads 2027", Amount: n(100_000)}}})
	require.NoError(t, err)
	bk := f.c.App.BudgetKeeper
	rid, err := bk.Reserve(f.ctx, lines.LineIds[0], n(50_000), "tender 9 lot 0", "module:procurement")
	require.NoError(t, err, "a tender may be published ahead of its year")
	_, err = bk.Commit(f.ctx, lines.LineIds[0], rid, n(40_000), f.s1.Address, "contract", "module:procurement")
	require.ErrorIs(t, err, budgettypes.ErrFiscalYearClosed, "but not committed before the year starts")
}

// TestGenesisRefusesInconsistentState: an exported state edited to be
// inconsistent is refused by validation, and an import whose module account
// does not hold the bonds is refused.
func TestGenesisRefusesInconsistentState(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 5000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 5000, MaxScore: 10}}
	tid, b1, _ := f.bidBoth(t, m, 400_000, 450_000)
	f.at(t, m.RevealDeadline)
	f.grant(t, f.stranger.Address, agencytypes.ROLE_EVALUATOR)
	_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: f.stranger.Address.String(), TenderId: tid, Lot: 0})
	require.NoError(t, err)
	_, err = f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: f.stranger.Address.String(), TenderId: tid, Lot: 0,
		Bids: []types.BidScore{{BidId: b1, Scores: []uint32{5}}, {BidId: b1 + 1, Scores: []uint32{6}}}})
	require.NoError(t, err)
	good, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, good.Validate(f.k.AddressCodec()))
	for name, edit := range map[string]func(gs *types.GenesisState){
		"two bids of one supplier": func(gs *types.GenesisState) {
			b := gs.Bids[0]
			b.Id = gs.NextBidId
			gs.NextBidId++
			gs.Bids = append(gs.Bids, b)
		},
		"bid count off":           func(gs *types.GenesisState) { gs.Tenders[0].Lots[0].Bids = 5 },
		"upper-case party":        func(gs *types.GenesisState) { gs.Bids[0].Parties[0] = strings.ToUpper(gs.Bids[0].Parties[0]) },
		"upper-case bond payer":   func(gs *types.GenesisState) { gs.Bids[0].BondPayer = strings.ToUpper(gs.Bids[0].BondPayer) },
		"score per criterion":     func(gs *types.GenesisState) { gs.ScoreSheets[0].Bids[0].Scores = []uint32{5, 5} },
		"score above the maximum": func(gs *types.GenesisState) { gs.ScoreSheets[0].Bids[0].Scores = []uint32{11} },
		"criterion without a maximum": func(gs *types.GenesisState) {
			gs.Tenders[0].Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 5000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 5000}}
		},
		"winning bid of another lot": func(gs *types.GenesisState) { gs.Tenders[0].Lots[0].WinningBidId = 99 },
		"unknown lot status":         func(gs *types.GenesisState) { gs.Tenders[0].Lots[0].Status = 42 },
		"pending complaint outside a standstill": func(gs *types.GenesisState) {
			gs.Complaints = []types.Complaint{{Id: 1, TenderId: tid, Lot: 0, SupplierId: 2, Complainant: f.s2.Address.String(), Bond: math.ZeroInt(),
				Status: types.COMPLAINT_STATUS_PENDING, Reason: "r"}}
			gs.NextComplaintId = 2
		},
	} {
		t.Run(name, func(t *testing.T) {
			gs, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			edit(gs)
			require.ErrorIs(t, gs.Validate(f.k.AddressCodec()), types.ErrInvalidGenesis)
		})
	}
	// The bonds (2 × 1,000) are not in the new chain's module account.
	g := newFixture(t)
	err = g.k.InitGenesis(g.ctx, good)
	require.ErrorIs(t, err, types.ErrInvalidGenesis)
	require.Contains(t, err.Error(), "its bonds owe 2000ucivis")
}

// TestMinimumEvaluators: a rated lot published with min_evaluators 2 does
// not close on one evaluator's sheet.
func TestMinimumEvaluators(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].MinEvaluators = 2
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 5000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 5000, MaxScore: 10}}
	tid, b1, b2 := f.bidBoth(t, m, 400_000, 450_000)
	f.at(t, m.RevealDeadline)
	closeEval := func() error {
		_, err := f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.po.Address.String(), TenderId: tid, Lot: 0})
		return err
	}
	for i, a := range []sdk.AccAddress{f.stranger.Address, f.c.Validators[0].Address} {
		f.grant(t, a, agencytypes.ROLE_EVALUATOR)
		_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: a.String(), TenderId: tid, Lot: 0})
		require.NoError(t, err)
		_, err = f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: a.String(), TenderId: tid, Lot: 0,
			Bids: []types.BidScore{{BidId: b1, Scores: []uint32{4}}, {BidId: b2, Scores: []uint32{9}}}})
		require.NoError(t, err)
		if i == 0 {
			requireErr(t, types.ErrWrongStage, closeEval(), "one sheet of the two required")
		}
	}
	require.NoError(t, closeEval())
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, b2, tender.Lots[0].WinningBidId, "quality 9 beats a 12 % lower price at 50/50 weights")

	// An evaluator of the tender who also holds REVIEWER does not decide its complaints.
	f.grant(t, f.stranger.Address, agencytypes.ROLE_REVIEWER)
	cres, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Reason: "scores"})
	require.NoError(t, err)
	_, err = f.ms.DecideComplaint(f.ctx, &types.MsgDecideComplaint{Reviewer: f.stranger.Address.String(), ComplaintId: cres.ComplaintId, Reason: "fine"})
	requireErr(t, types.ErrUnauthorized, err, "the evaluator is the reviewer")
	require.Contains(t, err.Error(), "evaluated tender")
}

// publishRated publishes a one-lot rated tender (price 50 %, quality 50 %)
// in a block of its own and returns its id.
func (f *fixture) publishRated(t *testing.T, m *types.MsgPublishTender) uint64 {
	t.Helper()
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 5000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 5000, MaxScore: 10}}
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	return res.TenderId
}

// TestListingsNeitherBlockNorClear: a listing made after the publication
// without consent, even dropped again, can be disowned and then no longer
// blocks; a real listing from before the publication cannot be cleared by
// disowning it during the tender; a listing made after an evaluator scored
// does not set its sheet aside at the close.
func TestListingsNeitherBlockNorClear(t *testing.T) {
	f := newFixture(t)
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	victim, insider := f.c.Accounts["funder"], f.c.Validators[0]
	f.grant(t, victim.Address, agencytypes.ROLE_EVALUATOR)
	f.grant(t, insider.Address, agencytypes.ROLE_EVALUATOR)
	s1Reps := func(reps ...sdk.AccAddress) {
		parties := []agencytypes.Party{}
		for _, r := range reps {
			parties = append(parties, agencytypes.Party{Address: r.String()})
		}
		_, err := am.UpdateSupplier(f.ctx, &agencytypes.MsgUpdateSupplier{Owner: f.s1.Address.String(), SupplierId: 1, Name: "Roads s1",
			BeneficialOwners: []agencytypes.Party{{Address: f.s1.Address.String(), ShareBps: 10000}}, Representatives: parties})
		require.NoError(t, err)
	}
	s1Reps(insider.Address) // a real representative, before the publication
	m := f.tenderMsg()
	tid := f.publishRated(t, m)

	// After the publication a shell lists the victim, bids, and drops it.
	shell, err := am.RegisterSupplier(f.ctx, &agencytypes.MsgRegisterSupplier{Owner: f.stranger.Address.String(), Name: "Shell OÜ",
		RegistrationNumber: "10000009", Country: "EE", BeneficialOwners: []agencytypes.Party{{Address: f.stranger.Address.String(), ShareBps: 10000}},
		Representatives: []agencytypes.Party{{Address: victim.Address.String()}}})
	require.NoError(t, err)
	type sealed struct {
		who        testutil.Account
		supplier   uint64
		price      int64
		id         uint64
		docs, salt []byte
	}
	bids := []*sealed{{who: f.s1, supplier: 1, price: 500_000}, {who: f.stranger, supplier: shell.SupplierId, price: 550_000}}
	for _, b := range bids {
		c, d, s := seal(t, tid, 0, b.who.Address, b.price)
		r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: b.who.Address.String(), TenderId: tid, Lot: 0, SupplierId: b.supplier, Commitment: c})
		require.NoError(t, err)
		b.id, b.docs, b.salt = r.BidId, d, s
	}
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	_, err = am.UpdateSupplier(f.ctx, &agencytypes.MsgUpdateSupplier{Owner: f.stranger.Address.String(), SupplierId: shell.SupplierId, Name: "Shell OÜ",
		BeneficialOwners: []agencytypes.Party{{Address: f.stranger.Address.String(), ShareBps: 10000}}, Representatives: []agencytypes.Party{}})
	require.NoError(t, err)
	f.at(t, m.SubmissionDeadline)
	for _, b := range bids {
		_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: b.who.Address.String(), BidId: b.id, Price: n(b.price), DocumentsHash: b.docs, Salt: b.salt})
		require.NoError(t, err)
	}
	f.at(t, m.RevealDeadline)
	declare := func(a sdk.AccAddress) error {
		_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: a.String(), TenderId: tid, Lot: 0})
		return err
	}
	requireErr(t, types.ErrConflict, declare(victim.Address), "listed by the shell since the publication")
	_, err = am.DisownParty(f.ctx, &agencytypes.MsgDisownParty{Party: victim.Address.String(), SupplierId: shell.SupplierId, Reason: "never agreed"})
	require.NoError(t, err, "a listing already dropped can still be disowned")
	require.NoError(t, declare(victim.Address), "a disowned listing made after the publication does not count")

	_, err = am.DisownParty(f.ctx, &agencytypes.MsgDisownParty{Party: insider.Address.String(), SupplierId: 1, Reason: "to evaluate"})
	require.NoError(t, err)
	requireErr(t, types.ErrConflict, declare(insider.Address), "a listing from before the publication is not cleared by disowning it")

	_, err = f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: victim.Address.String(), TenderId: tid, Lot: 0,
		Bids: []types.BidScore{{BidId: bids[0].id, Scores: []uint32{3}}, {BidId: bids[1].id, Scores: []uint32{8}}}})
	require.NoError(t, err)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1).WithEventManager(sdk.NewEventManager())
	s1Reps(victim.Address) // supplier 1 dislikes the scores and lists the evaluator
	_, err = f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.po.Address.String(), TenderId: tid, Lot: 0})
	require.NoError(t, err, "the sheet still counts")
	for _, e := range f.ctx.EventManager().Events() {
		require.NotEqual(t, "civitas.procurement.v1.EventScoreSheetSetAside", e.Type)
	}
}

// TestOffersOfTwoLotsLapseApart: two lots offered with the same deadline;
// signing one does not stop the other from lapsing; the runner-up's bond is
// held until a signature, so a runner-up who declines in turn loses it too.
func TestOffersOfTwoLotsLapseApart(t *testing.T) {
	f := newFixture(t)
	m := f.tenderMsg()
	m.Lots[0].Ceiling = n(300_000)
	m.Lots = append(m.Lots, types.LotInput{Title: "Lighting", Ceiling: n(300_000), BidBond: n(1_000), AwardMethod: types.AWARD_METHOD_LOWEST_PRICE})
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid := res.TenderId
	type sealed struct {
		id         uint64
		docs, salt []byte
	}
	placed := map[[2]int]sealed{}
	for lot := uint32(0); lot < 2; lot++ {
		for i, who := range []testutil.Account{f.s1, f.s2} {
			price := int64(100_000 * (i + 1))
			c, d, s := seal(t, tid, lot, who.Address, price)
			r, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: who.Address.String(), TenderId: tid, Lot: lot, SupplierId: uint64(i + 1), Commitment: c})
			require.NoError(t, err)
			placed[[2]int{int(lot), i}] = sealed{r.BidId, d, s}
		}
	}
	f.at(t, m.SubmissionDeadline)
	for k, b := range placed {
		who := []testutil.Account{f.s1, f.s2}[k[1]]
		_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: who.Address.String(), BidId: b.id, Price: n(int64(100_000 * (k[1] + 1))), DocumentsHash: b.docs, Salt: b.salt})
		require.NoError(t, err)
	}
	f.at(t, m.RevealDeadline)
	s2Held := f.balance(f.s2.Address)
	f.at(t, m.RevealDeadline.Add(time.Duration(m.StandstillSeconds)*time.Second))
	require.Equal(t, s2Held, f.balance(f.s2.Address), "the runner-up's bonds are held after the award")
	signBy := f.ctx.BlockTime().Add(6 * 24 * time.Hour)
	offer := func(lot uint32) {
		_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: lot, SignBy: signBy,
			Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: signBy.Add(time.Hour)}}})
		require.NoError(t, err)
	}
	offer(0)
	offer(1)
	_, err = f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: f.s1.Address.String(), TenderId: tid, Lot: 0, OfferVersion: 1})
	require.NoError(t, err)
	require.Equal(t, s2Held.Add(n(1_000)), f.balance(f.s2.Address), "the runner-up's bond on lot 0 returned at lot 0's signature")
	treasury := f.c.App.BudgetKeeper.TreasuryBalance(f.ctx)
	f.at(t, signBy)
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.LOT_STATUS_CONTRACTED, tender.Lots[0].Status)
	require.Equal(t, types.LOT_STATUS_STANDSTILL, tender.Lots[1].Status, "lot 1's offer lapsed although lot 0 was signed")
	require.Equal(t, placed[[2]int{1, 1}].id, tender.Lots[1].WinningBidId)
	require.Equal(t, treasury.Add(n(1_000)), f.c.App.BudgetKeeper.TreasuryBalance(f.ctx))

	f.at(t, f.ctx.BlockTime().Add(time.Duration(m.StandstillSeconds)*time.Second))
	signBy = f.ctx.BlockTime().Add(6 * 24 * time.Hour)
	offer(1)
	f.at(t, signBy)
	require.Equal(t, treasury.Add(n(2_000)), f.c.App.BudgetKeeper.TreasuryBalance(f.ctx), "the runner-up who declined lost its held bond")
	tender, err = f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, types.LOT_STATUS_UNSUCCESSFUL, tender.Lots[1].Status)
	f.roundTrip(t)
}

// TestNoOfferThatCannotBeSigned: a tender on next year's line may run, but
// its contract is not offered before the year starts (the winner would lose
// its bond for a signature the budget refuses).
func TestNoOfferThatCannotBeSigned(t *testing.T) {
	f := newFixture(t)
	bm := budgetkeeper.NewMsgServerImpl(f.c.App.BudgetKeeper)
	gov := testutil.GovAuthority()
	start := f.ctx.BlockTime().Add(366 * 24 * time.Hour)
	_, err := bm.OpenFiscalYear(f.ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2027, StartTime: start, EndTime: start.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	lines, err := bm.Appropriate(f.ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2027, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "04.5.1", Title: "Roads 2027", Amount: n(1_000_000)}}})
	require.NoError(t, err)
	m := f.tenderMsg()
	m.BudgetLineId = lines.LineIds[0]
	tid, _, _ := f.bidBoth(t, m, 400_000, 450_000)
	f.at(t, m.RevealDeadline)
	f.at(t, m.RevealDeadline.Add(time.Duration(m.StandstillSeconds)*time.Second))
	_, err = f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: f.po.Address.String(), TenderId: tid, Lot: 0, SignBy: f.ctx.BlockTime().Add(6 * 24 * time.Hour),
		Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: start.Add(time.Hour)}}})
	requireErr(t, types.ErrBudget, err)
	require.Contains(t, err.Error(), "starts at")
}
