package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// TestBadInputsChangeNothing: every Msg with a malformed signer, an unknown
// id or a bad value is refused with the registered error naming it, and the
// module's state is unchanged afterwards. Stage-dependent refusals (late
// bids, reveals out of time, scores out of range, complaints after the
// standstill...) are in the flow tests.
func TestBadInputsChangeNothing(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid, tm := res.TenderId, f.tenderMsg()
	c1, d1, salt1 := seal(t, tid, 0, f.s1.Address, 100)
	bid, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err)
	q, err := f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: f.s2.Address.String(), TenderId: tid, Question: "Is asphalt included?"})
	require.NoError(t, err)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)

	const bad = "civ1notanaddress"
	po, s1 := f.po.Address.String(), f.s1.Address.String()
	amend := func(m *types.MsgAmendTender) error {
		if m.Officer == "" {
			m.Officer = po
		}
		if m.TenderId == 0 {
			m.TenderId = tid
		}
		_, err := f.ms.AmendTender(f.ctx, m)
		return err
	}
	goodAmend := func() *types.MsgAmendTender {
		return &types.MsgAmendTender{Description: "Scope extended", DocumentsUri: "ipfs://v2", DocumentsSha256: tm.DocumentsSha256,
			SubmissionDeadline: tm.SubmissionDeadline.Add(8 * 24 * time.Hour), RevealDeadline: tm.RevealDeadline.Add(8 * 24 * time.Hour)}
	}
	publish := func(edit func(*types.MsgPublishTender)) func() error {
		return func() error {
			m := f.tenderMsg()
			edit(m)
			_, err := f.ms.PublishTender(f.ctx, m)
			return err
		}
	}
	cases := []struct {
		name string
		want *errorsmod.Error
		run  func() error
	}{
		// Malformed signers.
		{"PublishTender bad officer", types.ErrInvalidAddress, publish(func(m *types.MsgPublishTender) { m.Officer = bad })},
		{"AmendTender bad officer", types.ErrInvalidAddress, func() error { m := goodAmend(); m.Officer = bad; return amend(m) }},
		{"AskClarification bad asker", types.ErrInvalidAddress, func() error {
			_, err := f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: bad, TenderId: tid, Question: "q"})
			return err
		}},
		{"AnswerClarification bad officer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: bad, ClarificationId: q.ClarificationId, Answer: "a"})
			return err
		}},
		{"SubmitBid bad bidder", types.ErrInvalidAddress, func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: bad, TenderId: tid, SupplierId: 1, Commitment: c1})
			return err
		}},
		{"RevealBid bad bidder", types.ErrInvalidAddress, func() error {
			_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: bad, BidId: bid.BidId, Price: n(100), DocumentsHash: d1, Salt: salt1})
			return err
		}},
		{"OfferContract bad officer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: bad, TenderId: tid})
			return err
		}},
		{"SignContract bad signer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: bad, TenderId: tid})
			return err
		}},
		{"SubmitDelivery bad signer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: bad, TenderId: tid})
			return err
		}},
		{"DecideDelivery bad officer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: bad, TenderId: tid, Accept: true})
			return err
		}},
		{"DeclareNoConflict bad evaluator", types.ErrInvalidAddress, func() error {
			_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: bad, TenderId: tid})
			return err
		}},
		{"SubmitScores bad evaluator", types.ErrInvalidAddress, func() error {
			_, err := f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: bad, TenderId: tid})
			return err
		}},
		{"CloseEvaluation bad officer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: bad, TenderId: tid})
			return err
		}},
		{"FileComplaint bad complainant", types.ErrInvalidAddress, func() error {
			_, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: bad, TenderId: tid, SupplierId: 2, Reason: "r"})
			return err
		}},
		{"DecideComplaint bad reviewer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.DecideComplaint(f.ctx, &types.MsgDecideComplaint{Reviewer: bad, ComplaintId: 1, Reason: "r"})
			return err
		}},
		{"CancelTender bad officer", types.ErrInvalidAddress, func() error {
			_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: bad, TenderId: tid, Reason: "r"})
			return err
		}},
		{"UpdateParams bad authority", types.ErrInvalidAuthority, func() error {
			_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: bad, Params: types.DefaultParams()})
			return err
		}},

		// Unknown records.
		{"AmendTender unknown tender", types.ErrTenderNotFound, func() error { m := goodAmend(); m.TenderId = 99; return amend(m) }},
		{"AskClarification unknown tender", types.ErrTenderNotFound, func() error {
			_, err := f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: s1, TenderId: 99, Question: "q"})
			return err
		}},
		{"SubmitBid unknown tender", types.ErrTenderNotFound, func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: s1, TenderId: 99, SupplierId: 1, Commitment: c1})
			return err
		}},
		{"SubmitBid unknown lot", types.ErrInvalidBid, func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: s1, TenderId: tid, Lot: 1, SupplierId: 1, Commitment: c1})
			return err
		}},
		{"SubmitBid unknown supplier", types.ErrInvalidBid, func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: s1, TenderId: tid, SupplierId: 42, Commitment: c1})
			return err
		}},
		{"RevealBid unknown bid", types.ErrBidNotFound, func() error {
			_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: s1, BidId: 99, Price: n(100), DocumentsHash: d1, Salt: salt1})
			return err
		}},
		{"OfferContract unknown lot", types.ErrInvalidTender, func() error {
			_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: po, TenderId: tid, Lot: 3})
			return err
		}},
		{"CancelTender unknown tender", types.ErrTenderNotFound, func() error {
			_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: po, TenderId: 99, Reason: "r"})
			return err
		}},

		// Bad values.
		{"PublishTender deadlines in the past", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) {
			m.ClarificationDeadline = f.ctx.BlockTime().Add(-time.Hour)
		})},
		{"PublishTender standstill over a year", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) { m.StandstillSeconds = 366 * 24 * 3600 })},
		{"PublishTender too many lots", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) {
			for len(m.Lots) <= types.DefaultMaxLots {
				m.Lots = append(m.Lots, m.Lots[0])
			}
		})},
		{"PublishTender negative bond", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) { m.Lots[0].BidBond = n(-1) })},
		{"PublishTender title too long", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) {
			m.Title = strings.Repeat("x", types.DefaultMaxTextLength+1)
		})},
		{"PublishTender bad documents hash", types.ErrInvalidTender, publish(func(m *types.MsgPublishTender) { m.DocumentsSha256 = "xyz" })},
		{"AmendTender no description", types.ErrInvalidTender, func() error { m := goodAmend(); m.Description = ""; return amend(m) }},
		{"AmendTender reveal before submission", types.ErrInvalidTender, func() error {
			m := goodAmend()
			m.RevealDeadline = m.SubmissionDeadline
			return amend(m)
		}},
		{"AskClarification empty question", types.ErrInvalidTender, func() error {
			_, err := f.ms.AskClarification(f.ctx, &types.MsgAskClarification{Asker: s1, TenderId: tid, Question: ""})
			return err
		}},
		{"AnswerClarification empty answer", types.ErrInvalidTender, func() error {
			_, err := f.ms.AnswerClarification(f.ctx, &types.MsgAnswerClarification{Officer: po, ClarificationId: q.ClarificationId, Answer: ""})
			return err
		}},
		{"SubmitBid short commitment", types.ErrInvalidBid, func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: s1, TenderId: tid, SupplierId: 1, Commitment: c1[:31]})
			return err
		}},
		{"RevealBid before the submission deadline", types.ErrWrongStage, func() error {
			_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: s1, BidId: bid.BidId, Price: n(100), DocumentsHash: d1, Salt: salt1})
			return err
		}},
		{"OfferContract before an award", types.ErrWrongStage, func() error {
			_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: po, TenderId: tid,
				Milestones: []types.MilestoneInput{{Title: "all", ShareBps: 10000, Due: tm.RevealDeadline}}})
			return err
		}},
		{"SignContract without an offer", types.ErrWrongStage, func() error {
			_, err := f.ms.SignContract(f.ctx, &types.MsgSignContract{Signer: s1, TenderId: tid})
			return err
		}},
		{"SubmitDelivery without a contract", types.ErrWrongStage, func() error {
			_, err := f.ms.SubmitDelivery(f.ctx, &types.MsgSubmitDelivery{Signer: s1, TenderId: tid, EvidenceUri: "u", EvidenceSha256: tm.DocumentsSha256})
			return err
		}},
		{"DeclareNoConflict before the evaluation", types.ErrWrongStage, func() error {
			_, err := f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: s1, TenderId: tid})
			return err
		}},
		{"FileComplaint before the award", types.ErrWrongStage, func() error {
			_, err := f.ms.FileComplaint(f.ctx, &types.MsgFileComplaint{Complainant: s1, TenderId: tid, SupplierId: 1, Reason: "r"})
			return err
		}},
		{"DecideComplaint unknown complaint", types.ErrWrongStage, func() error {
			_, err := f.ms.DecideComplaint(f.ctx, &types.MsgDecideComplaint{Reviewer: s1, ComplaintId: 99, Reason: "r"})
			return err
		}},
		{"CancelTender reason too long", types.ErrInvalidTender, func() error {
			_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: po, TenderId: tid, Reason: strings.Repeat("x", types.DefaultMaxTextLength+1)})
			return err
		}},
		{"UpdateParams invalid params", types.ErrInvalidParams, func() error {
			p := types.DefaultParams()
			p.MaxBidsPerLot = 0
			_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
			return err
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			requireErr(t, c.want, c.run())
			after, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after, "a refused Msg changes nothing")
		})
	}
}
