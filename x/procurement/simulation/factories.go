// Package simulation holds x/procurement's simsx message factories, a
// tender's whole life: officers publish tenders on their agency's budget
// lines, anyone asks and officers answer clarifications, suppliers' owners
// and representatives submit sealed bids and reveal them, the module's
// blockers rank the lowest prices, officers offer contracts that winners
// sign, suppliers deliver milestones that officers accept (paying them from
// the budget) or reject, and officers cancel tenders. Each factory builds a
// message that must succeed, or skips: where the chain's preconditions are
// many (a bid's parties, debarments, budget room) the factory first runs
// the message on a cached context (simhelp.DryRun). Rated awards (the
// evaluators' scores) are covered by the keeper tests, not simulated.
package simulation

import (
	"context"
	"fmt"
	"math/big"
	"strings"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common/simhelp"
	"github.com/civitas-chain/civitas/x/procurement/keeper"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// MaxLineID bounds the budget lines the tender factory tries.
const MaxLineID = 32

func officerOf(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, agencyID uint64) (simsx.SimAccount, bool) {
	return simhelp.AccountWhere(testData, reporter, "no procurement officer", func(addr string) bool { return k.IsOfficer(ctx, agencyID, addr) })
}

func hash(label string, parts ...any) string {
	return fmt.Sprintf("%x", simhelp.Secret(label, parts...))
}

// MsgPublishTenderFactory: an officer publishes a tender of 1 or 2
// lowest-price lots on one of its agency's lines.
func MsgPublishTenderFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgPublishTender] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPublishTender) {
		agencies := simhelp.ActiveAgencies(func(id uint64) bool { return k.IsAgencyActive(ctx, id) })
		agencyID, ok := simhelp.Pick(testData, reporter, agencies, "no active agency")
		if !ok {
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, agencyID)
		if !ok {
			return nil, nil
		}
		r := testData.Rand()
		now := simsx.BlockTime(ctx)
		clar := now.Add(time.Duration(12+r.Intn(36)) * time.Hour)
		sub := clar.Add(time.Duration(1+r.Intn(4)) * 24 * time.Hour)
		msg := &types.MsgPublishTender{
			Officer: officer.AddressBech32, AgencyId: agencyID, Title: simhelp.Text(testData, "Works", 30),
			Description: simhelp.Text(testData, "Repair of", 60), DocumentsUri: "ipfs://" + hash("uri", now.UnixNano())[:32],
			DocumentsSha256: hash("docs", now.UnixNano()), ClarificationDeadline: clar, SubmissionDeadline: sub,
			RevealDeadline: sub.Add(time.Duration(1+r.Intn(2)) * 24 * time.Hour), StandstillSeconds: uint64(1+r.Intn(3)) * 24 * 3600,
		}
		for i := 0; i < 1+r.Intn(2); i++ {
			msg.Lots = append(msg.Lots, types.LotInput{
				Title: simhelp.Text(testData, "Lot", 20), Ceiling: math.NewInt(int64(10_000 + r.Intn(1_000_000))),
				BidBond: math.NewInt(int64(r.Intn(3) * 500)), AwardMethod: types.AWARD_METHOD_LOWEST_PRICE,
			})
		}
		for _, i := range r.Perm(MaxLineID) {
			msg.BudgetLineId = uint64(i + 1)
			cache, _ := sdk.UnwrapSDKContext(ctx).CacheContext()
			if _, err := ms.PublishTender(cache, msg); err == nil {
				return []simsx.SimAccount{officer}, msg
			}
		}
		reporter.Skip("no line of the agency has room for the tender")
		return nil, nil
	}
}

// tenders are the ACTIVE tenders that keep accepts.
func tenders(ctx context.Context, k keeper.Keeper, keep func(types.Tender) bool) []types.Tender {
	return simhelp.Collect(ctx, k.Tenders, func(_ uint64, t types.Tender) bool {
		return t.Status == types.TENDER_STATUS_ACTIVE && keep(t)
	})
}

// MsgAskClarificationFactory: anyone asks about a tender before its clarification deadline.
func MsgAskClarificationFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAskClarification] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAskClarification) {
		now := simsx.BlockTime(ctx)
		t, ok := simhelp.Pick(testData, reporter, tenders(ctx, k, func(t types.Tender) bool { return now.Before(t.ClarificationDeadline) }), "no tender taking questions")
		if !ok {
			return nil, nil
		}
		asker := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		msg := &types.MsgAskClarification{Asker: asker.AddressBech32, TenderId: t.Id, Question: simhelp.Text(testData, "Does the price include", 40)}
		if !simhelp.DryRun(ctx, reporter, ms.AskClarification, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{asker}, msg
	}
}

// MsgAnswerClarificationFactory: an officer answers an open question.
func MsgAnswerClarificationFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgAnswerClarification] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgAnswerClarification) {
		now := simsx.BlockTime(ctx)
		cs := simhelp.Collect(ctx, k.ClarificationRecords, func(_ uint64, c types.Clarification) bool {
			if c.Answer != "" {
				return false
			}
			t, err := k.GetTender(ctx, c.TenderId)
			return err == nil && t.Status == types.TENDER_STATUS_ACTIVE && now.Before(t.SubmissionDeadline)
		})
		c, ok := simhelp.Pick(testData, reporter, cs, "no open question")
		if !ok {
			return nil, nil
		}
		t, err := k.GetTender(ctx, c.TenderId)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, t.AgencyId)
		if !ok {
			return nil, nil
		}
		msg := &types.MsgAnswerClarification{Officer: officer.AddressBech32, ClarificationId: c.Id, Answer: simhelp.Text(testData, "Yes, it does", 40)}
		if !simhelp.DryRun(ctx, reporter, ms.AnswerClarification, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// secrets are what a bidder commits to: the price (1 to the ceiling), the
// documents' hash and the salt, derived from the tender, lot and bidder so
// that the reveal recomputes them.
func secrets(t types.Tender, lot uint32, bidder sdk.AccAddress) (price math.Int, docs, salt []byte) {
	h := simhelp.Secret("price", t.Id, lot, []byte(bidder))
	ceiling := t.Lots[lot].Ceiling
	price = math.NewIntFromBigInt(new(big.Int).SetBytes(h[:8])).Mod(ceiling).AddRaw(1)
	return price, simhelp.Secret("documents", t.Id, lot, []byte(bidder)), simhelp.Secret("salt", t.Id, lot, []byte(bidder))
}

// MsgSubmitBidFactory: a supplier's owner or representative seals a bid
// (and pays the lot's bid bond) before the submission deadline.
func MsgSubmitBidFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSubmitBid] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitBid) {
		now := simsx.BlockTime(ctx)
		t, ok := simhelp.Pick(testData, reporter, tenders(ctx, k, func(t types.Tender) bool { return now.Before(t.SubmissionDeadline) }), "no tender taking bids")
		if !ok {
			return nil, nil
		}
		lot := uint32(testData.Rand().Intn(len(t.Lots)))
		supplier, bidder, ok := supplierParty(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		price, docs, salt := secrets(t, lot, bidder.Address)
		commitment, err := types.BidCommitment(t.Id, lot, bidder.Address, price, docs, salt)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		if bond := t.Lots[lot].BidBond; bond.IsPositive() && !bidder.LiquidBalance().BlockAmount(sdk.NewCoin(types.Denom, bond)) {
			reporter.Skip("the bidder cannot pay the bid bond and a fee")
			return nil, nil
		}
		msg := &types.MsgSubmitBid{Bidder: bidder.AddressBech32, TenderId: t.Id, Lot: lot, SupplierId: supplier, Commitment: commitment}
		if !simhelp.DryRun(ctx, reporter, ms.SubmitBid, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{bidder}, msg
	}
}

// supplierParty picks a supplier and one of its owners or representatives
// the simulator can sign for.
func supplierParty(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) (uint64, simsx.SimAccount, bool) {
	ids := k.SupplierIDs(ctx, simhelp.MaxScan)
	id, ok := simhelp.Pick(testData, reporter, ids, "no supplier")
	if !ok {
		return 0, simsx.SimAccount{}, false
	}
	parties := simhelp.Known(testData, k.SupplierParties(ctx, id))
	addr, ok := simhelp.Pick(testData, reporter, parties, "no party of the supplier to sign")
	if !ok {
		return 0, simsx.SimAccount{}, false
	}
	acc, ok := simhelp.Signer(testData, reporter, addr)
	return id, acc, ok
}

// MsgRevealBidFactory: the bidder reveals a sealed bid between the
// submission and reveal deadlines.
func MsgRevealBidFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevealBid] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevealBid) {
		now := simsx.BlockTime(ctx)
		bids := simhelp.Collect(ctx, k.Bids, func(_ uint64, b types.Bid) bool {
			if b.Status != types.BID_STATUS_SEALED || !testData.HasAccount(b.Bidder) {
				return false
			}
			t, err := k.GetTender(ctx, b.TenderId)
			return err == nil && t.Status == types.TENDER_STATUS_ACTIVE && !now.Before(t.SubmissionDeadline) && now.Before(t.RevealDeadline)
		})
		b, ok := simhelp.Pick(testData, reporter, bids, "no bid to reveal")
		if !ok {
			return nil, nil
		}
		t, err := k.GetTender(ctx, b.TenderId)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		bidder, ok := simhelp.Signer(testData, reporter, b.Bidder)
		if !ok {
			return nil, nil
		}
		price, docs, salt := secrets(t, b.Lot, bidder.Address)
		msg := &types.MsgRevealBid{Bidder: bidder.AddressBech32, BidId: b.Id, Price: price, DocumentsHash: docs, Salt: salt}
		if !simhelp.DryRun(ctx, reporter, ms.RevealBid, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{bidder}, msg
	}
}

// awarded are the (tender, lot) pairs whose award is final and whose
// contract may be offered.
func awarded(ctx context.Context, k keeper.Keeper) [][2]uint64 {
	var out [][2]uint64
	for _, t := range tenders(ctx, k, func(types.Tender) bool { return true }) {
		for i, l := range t.Lots {
			if l.Status == types.LOT_STATUS_AWARDED {
				out = append(out, [2]uint64{t.Id, uint64(i)})
			}
		}
	}
	return out
}

// MsgOfferContractFactory: an officer offers the winner a contract of 1 to
// 3 milestones for a final award, to sign within 6 to 12 days (the default
// min_sign_seconds is 5 days).
func MsgOfferContractFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgOfferContract] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgOfferContract) {
		tl, ok := simhelp.Pick(testData, reporter, awarded(ctx, k), "no award to contract")
		if !ok {
			return nil, nil
		}
		t, err := k.GetTender(ctx, tl[0])
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, t.AgencyId)
		if !ok {
			return nil, nil
		}
		r := testData.Rand()
		now := simsx.BlockTime(ctx)
		n := 1 + r.Intn(3)
		msg := &types.MsgOfferContract{Officer: officer.AddressBech32, TenderId: t.Id, Lot: uint32(tl[1]), SignBy: now.Add(time.Duration(6+r.Intn(7)) * 24 * time.Hour)}
		left := uint32(10000)
		for i := 0; i < n; i++ {
			share := left / uint32(n-i)
			left -= share
			msg.Milestones = append(msg.Milestones, types.MilestoneInput{Title: fmt.Sprintf("Stage %d", i+1), ShareBps: share, Due: now.Add(time.Duration(10*(i+1)) * 24 * time.Hour)})
		}
		if !simhelp.DryRun(ctx, reporter, ms.OfferContract, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// contracts are the contracts with status, of active tenders.
func contracts(ctx context.Context, k keeper.Keeper, status types.ContractStatus) []types.Contract {
	return simhelp.Collect(ctx, k.Contracts, func(_ collections.Pair[uint64, uint32], c types.Contract) bool { return c.Status == status })
}

// contractParty picks a contract with status and a party of its supplier
// the simulator can sign for.
func contractParty(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter,
	status types.ContractStatus,
) (types.Contract, simsx.SimAccount, bool) {
	c, ok := simhelp.Pick(testData, reporter, contracts(ctx, k, status), "no contract "+status.String())
	if !ok {
		return c, simsx.SimAccount{}, false
	}
	addr, ok := simhelp.Pick(testData, reporter, simhelp.Known(testData, k.SupplierParties(ctx, c.SupplierId)), "no party of the supplier to sign")
	if !ok {
		return c, simsx.SimAccount{}, false
	}
	signer, ok := simhelp.Signer(testData, reporter, addr)
	return c, signer, ok
}

// MsgSignContractFactory: a party of the winning supplier signs the offer.
func MsgSignContractFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSignContract] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSignContract) {
		c, signer, ok := contractParty(ctx, k, testData, reporter, types.CONTRACT_STATUS_OFFERED)
		if !ok {
			return nil, nil
		}
		msg := &types.MsgSignContract{Signer: signer.AddressBech32, TenderId: c.TenderId, Lot: c.Lot, OfferVersion: c.OfferVersion}
		if !simhelp.DryRun(ctx, reporter, ms.SignContract, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, msg
	}
}

// MsgSubmitDeliveryFactory: a party of the supplier submits a milestone's evidence.
func MsgSubmitDeliveryFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSubmitDelivery] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSubmitDelivery) {
		c, signer, ok := contractParty(ctx, k, testData, reporter, types.CONTRACT_STATUS_ACTIVE)
		if !ok {
			return nil, nil
		}
		m := uint32(testData.Rand().Intn(len(c.Milestones)))
		msg := &types.MsgSubmitDelivery{Signer: signer.AddressBech32, TenderId: c.TenderId, Lot: c.Lot, Milestone: m,
			EvidenceUri: "ipfs://" + hash("evidence-uri", c.TenderId, c.Lot, m)[:32], EvidenceSha256: hash("evidence", c.TenderId, c.Lot, m)}
		if !simhelp.DryRun(ctx, reporter, ms.SubmitDelivery, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{signer}, msg
	}
}

// MsgDecideDeliveryFactory: an officer accepts (paying the milestone from
// the budget) or rejects a delivered milestone.
func MsgDecideDeliveryFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDecideDelivery] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDecideDelivery) {
		c, ok := simhelp.Pick(testData, reporter, contracts(ctx, k, types.CONTRACT_STATUS_ACTIVE), "no active contract")
		if !ok {
			return nil, nil
		}
		t, err := k.GetTender(ctx, c.TenderId)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, t.AgencyId)
		if !ok {
			return nil, nil
		}
		accept := testData.Rand().Intn(4) != 0
		msg := &types.MsgDecideDelivery{Officer: officer.AddressBech32, TenderId: c.TenderId, Lot: c.Lot,
			Milestone: uint32(testData.Rand().Intn(len(c.Milestones))), Accept: accept}
		if !accept {
			msg.Reason = simhelp.Text(testData, "incomplete", 30)
		}
		if !simhelp.DryRun(ctx, reporter, ms.DecideDelivery, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// MsgCancelTenderFactory: an officer cancels an active tender (all lots).
func MsgCancelTenderFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCancelTender] {
	ms := keeper.NewMsgServerImpl(k)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelTender) {
		t, ok := simhelp.Pick(testData, reporter, tenders(ctx, k, func(types.Tender) bool { return true }), "no active tender")
		if !ok {
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, t.AgencyId)
		if !ok {
			return nil, nil
		}
		msg := &types.MsgCancelTender{Officer: officer.AddressBech32, TenderId: t.Id, Reason: strings.TrimSpace(simhelp.Text(testData, "no longer needed", 30))}
		if !simhelp.DryRun(ctx, reporter, ms.CancelTender, msg) {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// Register adds the factories with their default weights.
func Register(k keeper.Keeper, weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("procurement_publish_tender", 6), MsgPublishTenderFactory(k))
	reg.Add(weights.Get("procurement_ask_clarification", 10), MsgAskClarificationFactory(k))
	reg.Add(weights.Get("procurement_answer_clarification", 10), MsgAnswerClarificationFactory(k))
	reg.Add(weights.Get("procurement_submit_bid", 60), MsgSubmitBidFactory(k))
	reg.Add(weights.Get("procurement_reveal_bid", 60), MsgRevealBidFactory(k))
	reg.Add(weights.Get("procurement_offer_contract", 30), MsgOfferContractFactory(k))
	reg.Add(weights.Get("procurement_sign_contract", 30), MsgSignContractFactory(k))
	reg.Add(weights.Get("procurement_submit_delivery", 30), MsgSubmitDeliveryFactory(k))
	reg.Add(weights.Get("procurement_decide_delivery", 30), MsgDecideDeliveryFactory(k))
	reg.Add(weights.Get("procurement_cancel_tender", 2), MsgCancelTenderFactory(k))
}
