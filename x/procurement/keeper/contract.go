package keeper

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// lotOf returns a tender and one of its lots by index.
func (k Keeper) lotOf(ctx context.Context, tenderID uint64, lot uint32) (types.Tender, *types.Lot, error) {
	t, err := k.GetTender(ctx, tenderID)
	if err != nil {
		return t, nil, err
	}
	if int(lot) >= len(t.Lots) {
		return t, nil, errorsmod.Wrapf(types.ErrInvalidTender, "tender %d has %d lots, not lot %d", tenderID, len(t.Lots), lot)
	}
	return t, &t.Lots[lot], nil
}

// GetContract returns a lot's contract.
func (k Keeper) GetContract(ctx context.Context, tenderID uint64, lot uint32) (types.Contract, error) {
	c, err := k.Contracts.Get(ctx, collections.Join(tenderID, lot))
	if errors.Is(err, collections.ErrNotFound) {
		return c, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d has no contract", tenderID, lot)
	}
	return c, err
}

func (m msgServer) OfferContract(ctx context.Context, msg *types.MsgOfferContract) (*types.MsgOfferContractResponse, error) {
	t, lot, err := m.lotOf(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkOfficer(ctx, t.AgencyId, msg.Officer); err != nil {
		return nil, err
	}
	if t.Status != types.TENDER_STATUS_ACTIVE || lot.Status != types.LOT_STATUS_AWARDED {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d is %s: a contract follows a final award", t.Id, msg.Lot, lot.Status)
	}
	// The terms and the deadline decide whether the winner signs or loses its
	// bond to the next bidder: the officer has no stake in any of them.
	officer, err := m.checkOfficerFor(ctx, &t, msg.Lot, msg.Officer, false)
	if err != nil {
		return nil, err
	}
	// No offer that cannot be signed (the year not started, the reservation gone).
	if err := m.budget.CheckCommit(ctx, t.BudgetLineId, lot.ReservationId); err != nil {
		return nil, errorsmod.Wrapf(types.ErrBudget, "the award cannot be committed now: %s", err)
	}
	var version uint32 = 1
	previous, err := m.Contracts.Get(ctx, collections.Join(t.Id, msg.Lot))
	if err == nil {
		if previous.Status != types.CONTRACT_STATUS_OFFERED {
			return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d's contract is %s", t.Id, msg.Lot, previous.Status)
		}
		version = previous.OfferVersion + 1
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	// Every offer, a new version too, leaves the winner min_sign_seconds.
	if earliest := now.Add(time.Duration(p.MinSignSeconds) * time.Second); msg.SignBy.Before(earliest) || msg.SignBy.After(now.Add(365*24*time.Hour)) {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "sign_by must leave the winner at least %d s (from %s) and at most a year: got %s",
			p.MinSignSeconds, earliest.Format(time.RFC3339), msg.SignBy.UTC().Format(time.RFC3339))
	}
	if n := len(msg.Milestones); n == 0 || n > 100 {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "a contract has 1 to 100 milestones, got %d", n)
	}
	var sum uint32
	milestones := make([]types.Milestone, len(msg.Milestones))
	paid := math.ZeroInt()
	for i, in := range msg.Milestones {
		if err := types.ValidateText("milestone title", in.Title, 1, p.MaxTextLength); err != nil {
			return nil, err
		}
		if in.ShareBps == 0 {
			return nil, errorsmod.Wrapf(types.ErrInvalidTender, "milestones[%d]: a share must be positive", i)
		}
		sum += in.ShareBps
		amount := lot.AwardAmount.MulRaw(int64(in.ShareBps)).QuoRaw(types.BasisPoints)
		if i == len(msg.Milestones)-1 {
			amount = lot.AwardAmount.Sub(paid) // the last takes the rounding rest
		}
		if in.Due.Before(now) {
			return nil, errorsmod.Wrapf(types.ErrInvalidTender, "milestones[%d] is due %s, in the past", i, in.Due.UTC().Format(time.RFC3339))
		}
		if !amount.IsPositive() {
			return nil, errorsmod.Wrapf(types.ErrInvalidTender, "milestones[%d] would pay nothing: the award of %s is too small for these shares", i, lot.AwardAmount)
		}
		paid = paid.Add(amount)
		milestones[i] = types.Milestone{Index: uint32(i), Title: in.Title, ShareBps: in.ShareBps, Due: in.Due.UTC(), Status: types.MILESTONE_STATUS_SCHEDULED, Amount: amount}
	}
	if sum != types.BasisPoints {
		return nil, errorsmod.Wrapf(types.ErrInvalidTender, "milestone shares sum to %d bps, must be exactly %d", sum, types.BasisPoints)
	}
	win, err := m.Bids.Get(ctx, lot.WinningBidId)
	if err != nil {
		return nil, err
	}
	supplier, err := m.agency.GetSupplier(ctx, win.SupplierId)
	if err != nil {
		return nil, err
	}
	// The supplier is paid at its owner's account (fixed again at signature).
	c := types.Contract{TenderId: t.Id, Lot: msg.Lot, SupplierId: win.SupplierId, Beneficiary: supplier.Owner, Amount: lot.AwardAmount,
		Milestones: milestones, Status: types.CONTRACT_STATUS_OFFERED, OfferedBy: officer, OfferVersion: version, SignBy: msg.SignBy.UTC()}
	// A previous offer's queue entry stays: the step checks the lot's offer
	// and its deadline (another lot may share the entry).
	if err := m.SignQueue.Set(ctx, collections.Join(c.SignBy, t.Id)); err != nil {
		return nil, err
	}
	if err := m.Contracts.Set(ctx, collections.Join(t.Id, msg.Lot), c); err != nil {
		return nil, err
	}
	return &types.MsgOfferContractResponse{OfferVersion: version}, common.EmitEvent(ctx, &types.EventContract{TenderId: t.Id, Lot: msg.Lot,
		Status: c.Status, Amount: c.Amount, By: officer, OfferVersion: version})
}

func (m msgServer) SignContract(ctx context.Context, msg *types.MsgSignContract) (*types.MsgSignContractResponse, error) {
	signer, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	t, lot, err := m.lotOf(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	c, err := m.GetContract(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	if c.Status != types.CONTRACT_STATUS_OFFERED || lot.Status != types.LOT_STATUS_AWARDED {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d's contract is %s", t.Id, msg.Lot, c.Status)
	}
	if now := sdk.UnwrapSDKContext(ctx).BlockTime(); !now.Before(c.SignBy) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "the offer of tender %d lot %d lapsed at %s", t.Id, msg.Lot, c.SignBy.Format(time.RFC3339))
	}
	if msg.OfferVersion != c.OfferVersion {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d's offer is version %d, not %d: read it again before signing", t.Id, msg.Lot, c.OfferVersion, msg.OfferVersion)
	}
	if _, err := m.checkBidder(ctx, c.SupplierId, signer, canonical); err != nil {
		return nil, err
	}
	if debarred, err := m.agency.IsDebarred(ctx, c.SupplierId, t.AgencyId, sdk.UnwrapSDKContext(ctx).BlockTime()); err != nil {
		return nil, err
	} else if debarred {
		return nil, errorsmod.Wrapf(types.ErrDebarred, "supplier %d was debarred by agency %d after its bid: no contract", c.SupplierId, t.AgencyId)
	}
	supplier, err := m.agency.GetSupplier(ctx, c.SupplierId)
	if err != nil {
		return nil, err
	}
	c.Beneficiary = supplier.Owner
	beneficiary, err := m.addressCodec.StringToBytes(c.Beneficiary)
	if err != nil {
		return nil, err
	}
	// The award becomes a commitment on the line, from the ceiling's
	// reservation; the rest of the ceiling goes back to the line.
	cid, err := m.budget.Commit(ctx, t.BudgetLineId, lot.ReservationId, c.Amount, beneficiary,
		fmt.Sprintf("tender %d lot %d: %s", t.Id, msg.Lot, lot.Title), Caller)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrBudget, "%s", err)
	}
	// Every bond of the lot still held returns now: the runners-up's were
	// held in case the winner declined.
	bids, err := m.bidsOf(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	for i := range bids {
		if err := m.settleBond(ctx, &bids[i], false, "contract signed"); err != nil {
			return nil, err
		}
	}
	c.Status, c.CommitmentId, c.SignedBy, c.SignedHeight = types.CONTRACT_STATUS_ACTIVE, cid, canonical, sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := m.Contracts.Set(ctx, collections.Join(t.Id, msg.Lot), c); err != nil {
		return nil, err
	}
	old := t
	lot.Status = types.LOT_STATUS_CONTRACTED
	if err := m.setTender(ctx, &old, t); err != nil {
		return nil, err
	}
	return &types.MsgSignContractResponse{CommitmentId: cid}, common.EmitEvent(ctx, &types.EventContract{TenderId: t.Id, Lot: msg.Lot,
		Status: c.Status, Amount: c.Amount, CommitmentId: cid, By: canonical})
}

func (m msgServer) SubmitDelivery(ctx context.Context, msg *types.MsgSubmitDelivery) (*types.MsgSubmitDeliveryResponse, error) {
	signer, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	c, err := m.GetContract(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkBidder(ctx, c.SupplierId, signer, canonical); err != nil {
		return nil, err
	}
	if c.Status != types.CONTRACT_STATUS_ACTIVE || int(msg.Milestone) >= len(c.Milestones) || c.Milestones[msg.Milestone].Status != types.MILESTONE_STATUS_SCHEDULED {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d milestone %d does not await a delivery", msg.TenderId, msg.Lot, msg.Milestone)
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateDocuments(msg.EvidenceUri, msg.EvidenceSha256, p); err != nil {
		return nil, err
	}
	ms := &c.Milestones[msg.Milestone]
	ms.Status, ms.EvidenceUri, ms.EvidenceSha256 = types.MILESTONE_STATUS_DELIVERED, msg.EvidenceUri, msg.EvidenceSha256
	if err := m.Contracts.Set(ctx, collections.Join(msg.TenderId, msg.Lot), c); err != nil {
		return nil, err
	}
	return &types.MsgSubmitDeliveryResponse{}, common.EmitEvent(ctx, &types.EventMilestone{TenderId: msg.TenderId, Lot: msg.Lot,
		Milestone: msg.Milestone, Status: ms.Status, EvidenceSha256: ms.EvidenceSha256, By: canonical})
}

func (m msgServer) DecideDelivery(ctx context.Context, msg *types.MsgDecideDelivery) (*types.MsgDecideDeliveryResponse, error) {
	t, lot, err := m.lotOf(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkOfficer(ctx, t.AgencyId, msg.Officer); err != nil {
		return nil, err
	}
	c, err := m.GetContract(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	if c.Status != types.CONTRACT_STATUS_ACTIVE || int(msg.Milestone) >= len(c.Milestones) || c.Milestones[msg.Milestone].Status != types.MILESTONE_STATUS_DELIVERED {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d milestone %d has no delivery to decide", t.Id, msg.Lot, msg.Milestone)
	}
	// The officer who accepts deliveries has no stake in the supplier paid.
	officer, err := m.checkOfficerFor(ctx, &t, msg.Lot, msg.Officer, true)
	if err != nil {
		return nil, err
	}
	ms := &c.Milestones[msg.Milestone]
	resp := &types.MsgDecideDeliveryResponse{}
	if !msg.Accept {
		p, err := m.Params.Get(ctx)
		if err != nil {
			return nil, err
		}
		if err := types.ValidateText("reason", msg.Reason, 1, p.MaxTextLength); err != nil {
			return nil, err
		}
		ms.Status, ms.Rejection = types.MILESTONE_STATUS_SCHEDULED, msg.Reason
	} else {
		// The milestone's share is paid from the commitment, in this tx.
		did, err := m.budget.Disburse(ctx, c.CommitmentId, ms.Amount,
			fmt.Sprintf("tender %d lot %d milestone %d: evidence sha256:%s", t.Id, msg.Lot, msg.Milestone, ms.EvidenceSha256), Caller)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrBudget, "%s", err)
		}
		ms.Status, ms.DisbursementId, resp.DisbursementId = types.MILESTONE_STATUS_PAID, did, did
	}
	done := true
	for _, x := range c.Milestones {
		done = done && x.Status == types.MILESTONE_STATUS_PAID
	}
	if done {
		c.Status = types.CONTRACT_STATUS_COMPLETE
	}
	if err := m.Contracts.Set(ctx, collections.Join(t.Id, msg.Lot), c); err != nil {
		return nil, err
	}
	if err := common.EmitEvent(ctx, &types.EventMilestone{TenderId: t.Id, Lot: msg.Lot, Milestone: msg.Milestone, Status: ms.Status,
		EvidenceSha256: ms.EvidenceSha256, DisbursementId: ms.DisbursementId, Reason: msg.Reason, By: officer}); err != nil {
		return nil, err
	}
	if done {
		old := t
		lot.Status = types.LOT_STATUS_COMPLETED
		finishIfDone(&t)
		if err := m.setTender(ctx, &old, t); err != nil {
			return nil, err
		}
		if err := common.EmitEvent(ctx, &types.EventContract{TenderId: t.Id, Lot: msg.Lot, Status: c.Status, Amount: c.Amount, CommitmentId: c.CommitmentId, By: officer}); err != nil {
			return nil, err
		}
	}
	return resp, nil
}
