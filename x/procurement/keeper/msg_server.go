package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// Caller names this module in x/budget's records.
const Caller = "module:" + types.ModuleName

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Every handler checks
// its signer and validates its whole input before it writes.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

func (k Keeper) checkOfficer(ctx context.Context, agencyID uint64, signer string) (string, error) {
	addr, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "officer", signer)
	if err != nil {
		return "", err
	}
	active, err := k.agency.IsAgencyActive(ctx, agencyID)
	if err != nil {
		return "", err
	}
	if !active {
		return "", errorsmod.Wrapf(types.ErrAgencyNotActive, "agency %d is unknown or suspended", agencyID)
	}
	ok, err := k.agency.HasRole(ctx, agencyID, addr, agencytypes.ROLE_PROCUREMENT_OFFICER)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errorsmod.Wrapf(types.ErrUnauthorized, "%s is not a procurement officer of agency %d", canonical, agencyID)
	}
	return canonical, nil
}

// GetTender returns a tender or ErrTenderNotFound.
func (k Keeper) GetTender(ctx context.Context, id uint64) (types.Tender, error) {
	t, err := k.Tenders.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return t, errorsmod.Wrapf(types.ErrTenderNotFound, "tender %d", id)
	}
	return t, err
}

// setTender stores a tender and keeps its status index.
func (k Keeper) setTender(ctx context.Context, old *types.Tender, t types.Tender) error {
	if old == nil || old.Status != t.Status {
		if old != nil {
			if err := k.TendersByStatus.Remove(ctx, collections.Join(int32(old.Status), t.Id)); err != nil {
				return err
			}
		}
		if err := k.TendersByStatus.Set(ctx, collections.Join(int32(t.Status), t.Id)); err != nil {
			return err
		}
	}
	return k.Tenders.Set(ctx, t.Id, t)
}

func (m msgServer) PublishTender(ctx context.Context, msg *types.MsgPublishTender) (*types.MsgPublishTenderResponse, error) {
	officer, err := m.checkOfficer(ctx, msg.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("title", msg.Title, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	if err := types.ValidateText("description", msg.Description, 0, p.MaxTextLength); err != nil {
		return nil, err
	}
	if err := types.ValidateDocuments(msg.DocumentsUri, msg.DocumentsSha256, p); err != nil {
		return nil, err
	}
	if n := uint32(len(msg.Lots)); n == 0 || n > p.MaxLots {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "a tender has 1 to %d lots, got %d", p.MaxLots, n)
	}
	for i, l := range msg.Lots {
		if err := types.ValidateLot(l, p); err != nil {
			return nil, errorsmod.Wrapf(err, "lots[%d]", i)
		}
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if err := types.ValidateDeadlines(now, msg.ClarificationDeadline, msg.SubmissionDeadline, msg.RevealDeadline, p); err != nil {
		return nil, err
	}
	if msg.StandstillSeconds > 365*24*3600 {
		return nil, errorsmod.Wrap(types.ErrInvalidTender, "standstill_seconds is at most a year")
	}
	line, err := m.budget.GetLine(ctx, msg.BudgetLineId)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrBudget, "budget line %d: %s", msg.BudgetLineId, err)
	}
	if line.AgencyId != msg.AgencyId {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "budget line %d belongs to agency %d, not %d", msg.BudgetLineId, line.AgencyId, msg.AgencyId)
	}
	bidRule, err := m.attachRule(ctx, msg.AgencyId, officer, "bid_rule_contract", msg.BidRuleContract, p)
	if err != nil {
		return nil, err
	}
	scoreRule, err := m.attachRule(ctx, msg.AgencyId, officer, "score_rule_contract", msg.ScoreRuleContract, p)
	if err != nil {
		return nil, err
	}
	if scoreRule != nil && !slices.ContainsFunc(msg.Lots, func(l types.LotInput) bool { return l.AwardMethod == types.AWARD_METHOD_RATED }) {
		return nil, errorsmod.Wrap(types.ErrInvalidRule, "score_rule_contract scores RATED lots: the tender has none")
	}
	id, err := m.TenderSeq.Peek(ctx)
	if err != nil {
		return nil, err
	}
	t := types.Tender{BidRule: bidRule, ScoreRule: scoreRule, Id: id, AgencyId: msg.AgencyId, Officer: officer, Title: msg.Title, Description: msg.Description,
		DocumentsUri: msg.DocumentsUri, DocumentsSha256: msg.DocumentsSha256, BudgetLineId: msg.BudgetLineId,
		ClarificationDeadline: msg.ClarificationDeadline.UTC(), SubmissionDeadline: msg.SubmissionDeadline.UTC(), RevealDeadline: msg.RevealDeadline.UTC(),
		StandstillSeconds: msg.StandstillSeconds, Status: types.TENDER_STATUS_ACTIVE, Version: 1, CreatedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	for i, in := range msg.Lots {
		// Each lot's ceiling is reserved on the line: a tender over the line's room is refused.
		rid, err := m.budget.Reserve(ctx, msg.BudgetLineId, in.Ceiling, fmt.Sprintf("tender %d lot %d: %s", id, i, in.Title), Caller)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrBudget, "lots[%d]: %s", i, err)
		}
		minEvaluators := in.MinEvaluators
		if minEvaluators == 0 && in.AwardMethod == types.AWARD_METHOD_RATED {
			minEvaluators = 1
		}
		t.Lots = append(t.Lots, types.Lot{Index: uint32(i), Title: in.Title, Ceiling: in.Ceiling, BidBond: in.BidBond, AwardMethod: in.AwardMethod,
			Criteria: in.Criteria, Status: types.LOT_STATUS_TENDERING, ReservationId: rid, AwardAmount: math.ZeroInt(), MinEvaluators: minEvaluators})
	}
	if _, err := m.TenderSeq.Next(ctx); err != nil {
		return nil, err
	}
	if err := m.setTender(ctx, nil, t); err != nil {
		return nil, err
	}
	for _, err := range []error{
		m.TendersByAgency.Set(ctx, collections.Join(t.AgencyId, id)),
		m.TendersByLine.Set(ctx, collections.Join(t.BudgetLineId, id)),
		m.SubmissionQueue.Set(ctx, collections.Join(t.SubmissionDeadline, id)),
		m.RevealQueue.Set(ctx, collections.Join(t.RevealDeadline, id)),
	} {
		if err != nil {
			return nil, err
		}
	}
	return &types.MsgPublishTenderResponse{TenderId: id}, common.EmitEvent(ctx, &types.EventTenderPublished{
		TenderId: id, AgencyId: t.AgencyId, Officer: officer, Title: t.Title, BudgetLineId: t.BudgetLineId, Lots: uint32(len(t.Lots))})
}

func (m msgServer) AmendTender(ctx context.Context, msg *types.MsgAmendTender) (*types.MsgAmendTenderResponse, error) {
	t, err := m.GetTender(ctx, msg.TenderId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, t.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if t.Status != types.TENDER_STATUS_ACTIVE || !now.Before(t.SubmissionDeadline) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d can be amended only before its submission deadline", t.Id)
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("description", msg.Description, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	if err := types.ValidateDocuments(msg.DocumentsUri, msg.DocumentsSha256, p); err != nil {
		return nil, err
	}
	minSubmission := t.SubmissionDeadline.Add(time.Duration(p.MinAmendmentExtensionSeconds) * time.Second)
	if msg.SubmissionDeadline.Before(minSubmission) {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "an amendment extends the submission deadline by at least %d s: to %s or later",
			p.MinAmendmentExtensionSeconds, minSubmission.Format(time.RFC3339))
	}
	// The clarification deadline stays (it may have passed); the new
	// submission deadline is later than the old, so after it.
	if err := types.ValidateDeadlines(now, t.SubmissionDeadline, msg.SubmissionDeadline, msg.RevealDeadline, p); err != nil {
		return nil, err
	}
	old := t
	if err := m.SubmissionQueue.Remove(ctx, collections.Join(t.SubmissionDeadline, t.Id)); err != nil {
		return nil, err
	}
	if err := m.RevealQueue.Remove(ctx, collections.Join(t.RevealDeadline, t.Id)); err != nil {
		return nil, err
	}
	t.Version++
	t.DocumentsUri, t.DocumentsSha256 = msg.DocumentsUri, msg.DocumentsSha256
	t.SubmissionDeadline, t.RevealDeadline = msg.SubmissionDeadline.UTC(), msg.RevealDeadline.UTC()
	if err := m.SubmissionQueue.Set(ctx, collections.Join(t.SubmissionDeadline, t.Id)); err != nil {
		return nil, err
	}
	if err := m.RevealQueue.Set(ctx, collections.Join(t.RevealDeadline, t.Id)); err != nil {
		return nil, err
	}
	if err := m.setTender(ctx, &old, t); err != nil {
		return nil, err
	}
	a := types.Amendment{TenderId: t.Id, Version: t.Version, Description: msg.Description, DocumentsUri: t.DocumentsUri,
		DocumentsSha256: t.DocumentsSha256, SubmissionDeadline: t.SubmissionDeadline, RevealDeadline: t.RevealDeadline, By: officer,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight(), Time: now.UTC()}
	if err := m.Amendments.Set(ctx, collections.Join(t.Id, t.Version), a); err != nil {
		return nil, err
	}
	return &types.MsgAmendTenderResponse{Version: t.Version}, common.EmitEvent(ctx, &types.EventTenderAmended{
		TenderId: t.Id, Version: t.Version, DocumentsSha256: t.DocumentsSha256, SubmissionDeadline: t.SubmissionDeadline})
}

// checkBidder checks that signer may bid for the supplier (its owner or a
// representative) and returns the supplier's parties.
func (k Keeper) checkBidder(ctx context.Context, supplierID uint64, signer sdk.AccAddress, canonical string) ([]string, error) {
	s, err := k.agency.GetSupplier(ctx, supplierID)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidBid, "supplier %d: %s", supplierID, err)
	}
	reps := make([]string, 0, len(s.Representatives))
	for _, r := range s.Representatives {
		if r.Address != "" {
			reps = append(reps, r.Address)
		}
	}
	if s.Owner != canonical && !slices.Contains(reps, canonical) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is neither the owner nor a representative of supplier %d", canonical, supplierID)
	}
	parties := append([]string{s.Owner}, s.Addresses()...)
	slices.Sort(parties)
	return slices.Compact(parties), nil
}

func (m msgServer) SubmitBid(ctx context.Context, msg *types.MsgSubmitBid) (*types.MsgSubmitBidResponse, error) {
	bidder, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "bidder", msg.Bidder)
	if err != nil {
		return nil, err
	}
	t, err := m.GetTender(ctx, msg.TenderId)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	now := sdkCtx.BlockTime()
	if int(msg.Lot) >= len(t.Lots) {
		return nil, errorsmod.Wrapf(types.ErrInvalidBid, "tender %d has %d lots, not lot %d", t.Id, len(t.Lots), msg.Lot)
	}
	lot := &t.Lots[msg.Lot]
	if t.Status != types.TENDER_STATUS_ACTIVE || lot.Status != types.LOT_STATUS_TENDERING || !now.Before(t.SubmissionDeadline) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d takes bids until %s", t.Id, msg.Lot, t.SubmissionDeadline.Format(time.RFC3339))
	}
	if len(msg.Commitment) != types.HashSize {
		return nil, errorsmod.Wrapf(types.ErrInvalidBid, "commitment must be %d bytes, got %d", types.HashSize, len(msg.Commitment))
	}
	parties, err := m.checkBidder(ctx, msg.SupplierId, bidder, canonical)
	if err != nil {
		return nil, err
	}
	if debarred, err := m.agency.IsDebarred(ctx, msg.SupplierId, t.AgencyId, now); err != nil {
		return nil, err
	} else if debarred {
		return nil, errorsmod.Wrapf(types.ErrDebarred, "supplier %d is debarred by agency %d", msg.SupplierId, t.AgencyId)
	}
	if slices.Contains(parties, t.Officer) {
		return nil, errorsmod.Wrapf(types.ErrConflict, "the tender's officer %s is a party of supplier %d", t.Officer, msg.SupplierId)
	}
	// A person behind two suppliers does not bid twice on a lot (a listing
	// by the other supplier that the person disowned in x/agency does not
	// count: nobody blocks a bidder by listing its owner without consent).
	// Everything is checked before anything is written.
	var partyKeys []collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]]
	for _, p := range parties {
		pb, err := m.addressCodec.StringToBytes(p)
		if err != nil {
			return nil, err
		}
		key := collections.Join(t.Id, collections.Join(msg.Lot, sdk.AccAddress(pb)))
		other, err := m.LotParties.Get(ctx, key)
		switch {
		case errors.Is(err, collections.ErrNotFound):
		case err != nil:
			return nil, err
		case other == msg.SupplierId:
			continue
		default:
			disowned, err := m.agency.HasDisowned(ctx, other, pb)
			if err != nil {
				return nil, err
			}
			if !disowned {
				return nil, errorsmod.Wrapf(types.ErrInvalidBid, "%s is also a party of supplier %d, which bid on tender %d lot %d (a listing it never agreed to can be disowned in x/agency)",
					p, other, t.Id, msg.Lot)
			}
		}
		// The person bids for this supplier now: a third one is refused.
		partyKeys = append(partyKeys, key)
	}
	// The tender's rule contract, if any, may refuse the bid (after every
	// other check, before the module writes).
	if err := m.checkBidRule(ctx, &t, lot, msg.SupplierId, canonical); err != nil {
		return nil, err
	}
	key := collections.Join(t.Id, collections.Join(msg.Lot, msg.SupplierId))
	existing, err := m.BidBySupplier.Get(ctx, key)
	replaced := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	var b types.Bid
	if replaced {
		// A replacement keeps the bond already held.
		if b, err = m.Bids.Get(ctx, existing); err != nil {
			return nil, err
		}
		// The snapshot keeps every party the supplier had at any of its bids:
		// dropping one before a replacement does not clear it.
		merged := append(slices.Clone(b.Parties), parties...)
		slices.Sort(merged)
		b.Bidder, b.Commitment, b.Parties, b.SubmittedHeight = canonical, msg.Commitment, slices.Compact(merged), sdkCtx.BlockHeight()
	} else {
		p, err := m.Params.Get(ctx)
		if err != nil {
			return nil, err
		}
		if lot.Bids >= uint64(p.MaxBidsPerLot) {
			return nil, errorsmod.Wrapf(types.ErrInvalidBid, "tender %d lot %d already has the most bids allowed (%d)", t.Id, msg.Lot, p.MaxBidsPerLot)
		}
		id, err := m.BidSeq.Peek(ctx)
		if err != nil {
			return nil, err
		}
		b = types.Bid{Id: id, TenderId: t.Id, Lot: msg.Lot, SupplierId: msg.SupplierId, Bidder: canonical, Commitment: msg.Commitment,
			Bond: lot.BidBond, Status: types.BID_STATUS_SEALED, Price: math.ZeroInt(), Parties: parties, SubmittedHeight: sdkCtx.BlockHeight(),
			BondPayer: canonical}
		if lot.BidBond.IsPositive() {
			if err := m.bank.SendCoinsFromAccountToModule(ctx, bidder, types.ModuleName, sdk.NewCoins(sdk.NewCoin(types.Denom, lot.BidBond))); err != nil {
				return nil, errorsmod.Wrapf(types.ErrInvalidBid, "bid bond of %s%s: %s", lot.BidBond, types.Denom, err)
			}
		}
		if _, err := m.BidSeq.Next(ctx); err != nil {
			return nil, err
		}
		if err := m.BidBySupplier.Set(ctx, key, id); err != nil {
			return nil, err
		}
		if err := m.indexSupplierTender(ctx, msg.SupplierId, &t); err != nil {
			return nil, err
		}
		old := t
		lot.Bids++
		if err := m.setTender(ctx, &old, t); err != nil {
			return nil, err
		}
	}
	for _, k := range partyKeys {
		if err := m.LotParties.Set(ctx, k, msg.SupplierId); err != nil {
			return nil, err
		}
	}
	if err := m.Bids.Set(ctx, b.Id, b); err != nil {
		return nil, err
	}
	return &types.MsgSubmitBidResponse{BidId: b.Id}, common.EmitEvent(ctx, &types.EventBidSubmitted{
		BidId: b.Id, TenderId: t.Id, Lot: msg.Lot, SupplierId: msg.SupplierId, Bond: b.Bond, Replaced: replaced})
}

func (m msgServer) RevealBid(ctx context.Context, msg *types.MsgRevealBid) (*types.MsgRevealBidResponse, error) {
	signer, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "bidder", msg.Bidder)
	if err != nil {
		return nil, err
	}
	b, err := m.Bids.Get(ctx, msg.BidId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrBidNotFound, "bid %d", msg.BidId)
	} else if err != nil {
		return nil, err
	}
	if _, err := m.checkBidder(ctx, b.SupplierId, signer, canonical); err != nil {
		return nil, err
	}
	t, err := m.GetTender(ctx, b.TenderId)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	lot := t.Lots[b.Lot]
	// The lot is TENDERING until the EndBlocker of the deadline's block.
	lotOpen := lot.Status == types.LOT_STATUS_TENDERING || lot.Status == types.LOT_STATUS_REVEALING
	if b.Status != types.BID_STATUS_SEALED || t.Status != types.TENDER_STATUS_ACTIVE || !lotOpen || now.Before(t.SubmissionDeadline) || !now.Before(t.RevealDeadline) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "bid %d (%s) can be revealed from %s until %s", b.Id, b.Status,
			t.SubmissionDeadline.Format(time.RFC3339), t.RevealDeadline.Format(time.RFC3339))
	}
	bidderBytes, err := m.addressCodec.StringToBytes(b.Bidder)
	if err != nil {
		return nil, err
	}
	want, err := types.BidCommitment(t.Id, b.Lot, bidderBytes, msg.Price, msg.DocumentsHash, msg.Salt)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(want, b.Commitment) {
		return nil, errorsmod.Wrapf(types.ErrRevealMismatch, "bid %d", b.Id)
	}
	b.Price, b.DocumentsHash, b.RevealedHeight = msg.Price, msg.DocumentsHash, sdk.UnwrapSDKContext(ctx).BlockHeight()
	b.Status = types.BID_STATUS_REVEALED
	if msg.Price.GT(lot.Ceiling) {
		b.Status = types.BID_STATUS_INVALID // above the ceiling
	}
	if err := m.Bids.Set(ctx, b.Id, b); err != nil {
		return nil, err
	}
	return &types.MsgRevealBidResponse{}, common.EmitEvent(ctx, &types.EventBidRevealed{BidId: b.Id, TenderId: t.Id, Lot: b.Lot, Price: b.Price, Status: b.Status})
}

func (m msgServer) CancelTender(ctx context.Context, msg *types.MsgCancelTender) (*types.MsgCancelTenderResponse, error) {
	t, err := m.GetTender(ctx, msg.TenderId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, t.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("reason", msg.Reason, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	if t.Status != types.TENDER_STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d is %s", t.Id, t.Status)
	}
	whole := len(msg.Lots) == 0
	lots := msg.Lots
	if whole {
		for i := range t.Lots {
			lots = append(lots, uint32(i))
		}
	} else {
		seen := map[uint32]bool{}
		for _, l := range lots {
			if int(l) >= len(t.Lots) {
				return nil, errorsmod.Wrapf(types.ErrInvalidTender, "tender %d has %d lots, not lot %d", t.Id, len(t.Lots), l)
			}
			if seen[l] {
				return nil, errorsmod.Wrapf(types.ErrInvalidTender, "lot %d is listed twice", l)
			}
			seen[l] = true
			if lotEnded(t.Lots[l].Status) {
				return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d is already %s", t.Id, l, t.Lots[l].Status)
			}
		}
	}
	old := t
	reason := "cancelled: " + msg.Reason
	for _, l := range lots {
		if err := m.cancelLot(ctx, &t, l, reason); err != nil {
			return nil, err
		}
	}
	// Every lot cancelled ends the tender: CANCELLED, or COMPLETE if a lot
	// was completed before.
	finishIfDone(&t)
	if whole {
		for _, err := range []error{
			m.SubmissionQueue.Remove(ctx, collections.Join(t.SubmissionDeadline, t.Id)),
			m.RevealQueue.Remove(ctx, collections.Join(t.RevealDeadline, t.Id)),
		} {
			if err != nil {
				return nil, err
			}
		}
	}
	if t.Status != types.TENDER_STATUS_ACTIVE {
		t.CancelReason = msg.Reason
	}
	if err := m.setTender(ctx, &old, t); err != nil {
		return nil, err
	}
	return &types.MsgCancelTenderResponse{}, common.EmitEvent(ctx, &types.EventTenderCancelled{TenderId: t.Id, Reason: msg.Reason, By: officer, Lots: msg.Lots})
}

// cancelLot cancels one lot at any stage before completion: a contract
// offered is withdrawn; a signed one is terminated (milestones paid stay
// paid) and its commitment's unpaid rest returns to the budget line.
func (k Keeper) cancelLot(ctx context.Context, t *types.Tender, idx uint32, reason string) error {
	lot := &t.Lots[idx]
	if lotEnded(lot.Status) {
		return nil
	}
	c, err := k.Contracts.Get(ctx, collections.Join(t.Id, idx))
	hasContract := err == nil
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return err
	}
	if lot.Status != types.LOT_STATUS_CONTRACTED {
		if hasContract && c.Status == types.CONTRACT_STATUS_OFFERED {
			c.Status, c.TerminationReason = types.CONTRACT_STATUS_TERMINATED, reason
			if err := k.Contracts.Set(ctx, collections.Join(t.Id, idx), c); err != nil {
				return err
			}
		}
		return k.closeLot(ctx, t, idx, types.LOT_STATUS_CANCELLED, reason)
	}
	if !hasContract || c.Status != types.CONTRACT_STATUS_ACTIVE {
		return errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d is contracted without an active contract", t.Id, idx)
	}
	// Governance may have cancelled the commitment in x/budget already.
	if err := k.budget.CancelCommitment(ctx, c.CommitmentId, reason, Caller); err != nil && !errors.Is(err, budgettypes.ErrWrongStatus) {
		return errorsmod.Wrapf(types.ErrBudget, "commitment %d: %s", c.CommitmentId, err)
	}
	c.Status, c.TerminationReason = types.CONTRACT_STATUS_TERMINATED, reason
	if err := k.Contracts.Set(ctx, collections.Join(t.Id, idx), c); err != nil {
		return err
	}
	lot.Status = types.LOT_STATUS_CANCELLED
	if err := common.EmitEvent(ctx, &types.EventContract{TenderId: t.Id, Lot: idx, Status: c.Status, Amount: c.Amount,
		CommitmentId: c.CommitmentId, By: Caller}); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: idx, Status: lot.Status,
		WinningBidId: lot.WinningBidId, AwardAmount: lot.AwardAmount})
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	bz, err := m.addressCodec.StringToBytes(msg.Authority)
	auth, _ := m.addressCodec.StringToBytes(m.authority)
	if err != nil || !bytes.Equal(bz, auth) {
		return nil, errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", m.authority, msg.Authority)
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, common.EmitEvent(ctx, &types.EventParamsUpdated{Params: msg.Params})
}

// IsOfficer reports whether signer may publish and manage the agency's
// tenders (the check those messages make; used by the simulation).
func (k Keeper) IsOfficer(ctx context.Context, agencyID uint64, signer string) bool {
	_, err := k.checkOfficer(ctx, agencyID, signer)
	return err == nil
}
