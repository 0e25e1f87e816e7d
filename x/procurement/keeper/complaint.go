package keeper

import (
	"context"
	"errors"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// pendingComplaint reports whether a lot has a complaint awaiting a decision.
func (k Keeper) pendingComplaint(ctx context.Context, tenderID uint64, lot uint32) (bool, error) {
	found := false
	err := k.ComplaintsByTender.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](tenderID), func(key collections.Pair[uint64, uint64]) (bool, error) {
		c, err := k.ComplaintRecords.Get(ctx, key.K2())
		if err != nil {
			return true, err
		}
		found = c.Lot == lot && c.Status == types.COMPLAINT_STATUS_PENDING
		return found, nil
	})
	return found, err
}

// pendingComplaintOf returns the id of a supplier's pending complaint on a lot, or 0.
func (k Keeper) pendingComplaintOf(ctx context.Context, tenderID uint64, lot uint32, supplier uint64) (uint64, error) {
	var found uint64
	err := k.ComplaintsByTender.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](tenderID), func(key collections.Pair[uint64, uint64]) (bool, error) {
		c, err := k.ComplaintRecords.Get(ctx, key.K2())
		if err != nil {
			return true, err
		}
		if c.Lot == lot && c.SupplierId == supplier && c.Status == types.COMPLAINT_STATUS_PENDING {
			found = c.Id
		}
		return found != 0, nil
	})
	return found, err
}

func (m msgServer) FileComplaint(ctx context.Context, msg *types.MsgFileComplaint) (*types.MsgFileComplaintResponse, error) {
	signer, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "complainant", msg.Complainant)
	if err != nil {
		return nil, err
	}
	t, lot, err := m.lotOf(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if lot.Status != types.LOT_STATUS_STANDSTILL || !now.Before(lot.StandstillEnd) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "complaints against tender %d lot %d are taken during its standstill only", t.Id, msg.Lot)
	}
	if _, err := m.checkBidder(ctx, msg.SupplierId, signer, canonical); err != nil {
		return nil, err
	}
	bidID, err := m.BidBySupplier.Get(ctx, collections.Join(t.Id, collections.Join(msg.Lot, msg.SupplierId)))
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "supplier %d did not bid on tender %d lot %d", msg.SupplierId, t.Id, msg.Lot)
	} else if err != nil {
		return nil, err
	}
	if bidID == lot.WinningBidId {
		return nil, errorsmod.Wrap(types.ErrUnauthorized, "the winner does not complain against its own award")
	}
	if pending, err := m.pendingComplaintOf(ctx, t.Id, msg.Lot, msg.SupplierId); err != nil {
		return nil, err
	} else if pending != 0 {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "supplier %d already has complaint %d pending on tender %d lot %d", msg.SupplierId, pending, t.Id, msg.Lot)
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("reason", msg.Reason, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	if p.ComplaintBond.IsPositive() {
		if err := m.bank.SendCoinsFromAccountToModule(ctx, signer, types.ModuleName, sdk.NewCoins(sdk.NewCoin(types.Denom, p.ComplaintBond))); err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidBid, "complaint bond of %s%s: %s", p.ComplaintBond, types.Denom, err)
		}
	}
	id, err := m.ComplaintSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	c := types.Complaint{Id: id, TenderId: t.Id, Lot: msg.Lot, SupplierId: msg.SupplierId, Complainant: canonical, Bond: p.ComplaintBond,
		Reason: msg.Reason, Status: types.COMPLAINT_STATUS_PENDING, AgainstBidId: lot.WinningBidId}
	if err := m.ComplaintRecords.Set(ctx, id, c); err != nil {
		return nil, err
	}
	if err := m.ComplaintsByTender.Set(ctx, collections.Join(t.Id, id)); err != nil {
		return nil, err
	}
	return &types.MsgFileComplaintResponse{ComplaintId: id}, common.EmitEvent(ctx, &types.EventComplaint{ComplaintId: id, TenderId: t.Id, Lot: msg.Lot,
		Status: c.Status, Reason: msg.Reason, By: canonical})
}

func (m msgServer) DecideComplaint(ctx context.Context, msg *types.MsgDecideComplaint) (*types.MsgDecideComplaintResponse, error) {
	reviewer, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "reviewer", msg.Reviewer)
	if err != nil {
		return nil, err
	}
	c, err := m.ComplaintRecords.Get(ctx, msg.ComplaintId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "complaint %d does not exist", msg.ComplaintId)
	} else if err != nil {
		return nil, err
	}
	t, lot, err := m.lotOf(ctx, c.TenderId, c.Lot)
	if err != nil {
		return nil, err
	}
	if ok, err := m.agency.HasRole(ctx, t.AgencyId, reviewer, agencytypes.ROLE_REVIEWER); err != nil {
		return nil, err
	} else if !ok {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not a reviewer of agency %d", canonical, t.AgencyId)
	}
	// Not an evaluator of any lot of the tender.
	evaluated := false
	err = m.ScoreSheets.Walk(ctx, collections.NewPrefixedPairRange[uint64, collections.Pair[uint32, sdk.AccAddress]](t.Id),
		func(key collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], _ types.ScoreSheet) (bool, error) {
			evaluated = key.K2().K2().Equals(reviewer)
			return evaluated, nil
		})
	if err != nil {
		return nil, err
	}
	if evaluated {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s evaluated tender %d: it does not review complaints on it", canonical, t.Id)
	}
	if canonical == t.Officer {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s published tender %d: it does not review complaints against it", canonical, t.Id)
	}
	// An upheld complaint may move the award to any bidder of the lot.
	if err := m.checkNoConflictWithAny(ctx, &t, c.Lot, reviewer, canonical, "reviewer"); err != nil {
		return nil, err
	}
	if c.Status != types.COMPLAINT_STATUS_PENDING || lot.Status != types.LOT_STATUS_STANDSTILL {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "complaint %d is %s", c.Id, c.Status)
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("reason", msg.Reason, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	complainant, err := m.addressCodec.StringToBytes(c.Complainant)
	if err != nil {
		return nil, err
	}
	old := t
	if msg.Uphold {
		if msg.Remedy != types.REMEDY_REEVALUATE && msg.Remedy != types.REMEDY_CANCEL_LOT {
			return nil, errorsmod.Wrap(types.ErrInvalidTender, "an upheld complaint needs a remedy: re-evaluate or cancel the lot")
		}
		if c.Bond.IsPositive() {
			if err := m.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, complainant, sdk.NewCoins(sdk.NewCoin(types.Denom, c.Bond))); err != nil {
				return nil, err
			}
		}
		c.Status = types.COMPLAINT_STATUS_UPHELD
		c.Reviewer, c.Remedy, c.Decision = canonical, msg.Remedy, msg.Reason
		if err := m.ComplaintRecords.Set(ctx, c.Id, c); err != nil {
			return nil, err
		}
		if err := m.cancelAward(sdk.UnwrapSDKContext(ctx), &t, c.Lot, msg.Remedy, msg.Reason); err != nil {
			return nil, err
		}
	} else {
		if c.Bond.IsPositive() {
			if err := m.budget.FundFromModule(ctx, types.ModuleName, c.Bond, fmt.Sprintf("bond of dismissed complaint %d", c.Id)); err != nil {
				return nil, err
			}
		}
		c.Status = types.COMPLAINT_STATUS_DISMISSED
	}
	c.Reviewer, c.Remedy, c.Decision = canonical, msg.Remedy, msg.Reason
	if !msg.Uphold {
		c.Remedy = types.REMEDY_UNSPECIFIED
	}
	if err := m.ComplaintRecords.Set(ctx, c.Id, c); err != nil {
		return nil, err
	}
	// With no complaint left and the standstill over, the award is final now.
	lot = &t.Lots[c.Lot]
	if lot.Status == types.LOT_STATUS_STANDSTILL && !sdk.UnwrapSDKContext(ctx).BlockTime().Before(lot.StandstillEnd) {
		if pending, err := m.pendingComplaint(ctx, t.Id, c.Lot); err != nil {
			return nil, err
		} else if !pending {
			lot.Status = types.LOT_STATUS_AWARDED
		}
	}
	finishIfDone(&t)
	if err := m.setTender(ctx, &old, t); err != nil {
		return nil, err
	}
	return &types.MsgDecideComplaintResponse{}, common.EmitEvent(ctx, &types.EventComplaint{ComplaintId: c.Id, TenderId: t.Id, Lot: c.Lot,
		Status: c.Status, Remedy: c.Remedy, Reason: msg.Reason, By: canonical})
}

// mootComplaints closes the pending complaints of a lot whose award changed
// or which ended, returning their bonds.
func (k Keeper) mootComplaints(ctx context.Context, tenderID uint64, lot uint32, reason string) error {
	var moot []types.Complaint
	err := k.ComplaintsByTender.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](tenderID), func(key collections.Pair[uint64, uint64]) (bool, error) {
		c, err := k.ComplaintRecords.Get(ctx, key.K2())
		if err != nil {
			return true, err
		}
		if c.Lot == lot && c.Status == types.COMPLAINT_STATUS_PENDING {
			moot = append(moot, c)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	for _, c := range moot {
		if c.Bond.IsPositive() {
			to, err := k.addressCodec.StringToBytes(c.Complainant)
			if err != nil {
				return err
			}
			if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, to, sdk.NewCoins(sdk.NewCoin(types.Denom, c.Bond))); err != nil {
				return err
			}
		}
		c.Status, c.Decision = types.COMPLAINT_STATUS_MOOT, reason
		if err := k.ComplaintRecords.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if err := common.EmitEvent(ctx, &types.EventComplaint{ComplaintId: c.Id, TenderId: tenderID, Lot: lot, Status: c.Status, Reason: reason}); err != nil {
			return err
		}
	}
	return nil
}

// cancelAward applies an upheld complaint's remedy: the lot is cancelled,
// or the winning bid is set aside and the lot awarded again among the other
// revealed bids (a new standstill), or unsuccessful if none is left.
func (k Keeper) cancelAward(ctx sdk.Context, t *types.Tender, idx uint32, remedy types.Remedy, reason string) error {
	if remedy == types.REMEDY_CANCEL_LOT {
		return k.closeLot(ctx, t, idx, types.LOT_STATUS_CANCELLED, "complaint upheld: "+reason)
	}
	return k.reaward(ctx, t, idx, false, "award set aside")
}

// reaward sets a lot's winning bid aside (its bond returned, or forfeited to
// the treasury when its bidder declined the contract) and awards the lot to
// the next best revealed bid under a new standstill, or makes it
// unsuccessful if none is left.
func (k Keeper) reaward(ctx sdk.Context, t *types.Tender, idx uint32, forfeit bool, reason string) error {
	lot := &t.Lots[idx]
	win, err := k.Bids.Get(ctx, lot.WinningBidId)
	if err != nil {
		return err
	}
	win.Status = types.BID_STATUS_SET_ASIDE
	if err := k.Bids.Set(ctx, win.Id, win); err != nil {
		return err
	}
	if err := k.settleBond(ctx, &win, forfeit, reason); err != nil {
		return err
	}
	bids, err := k.bidsOf(ctx, t.Id, idx)
	if err != nil {
		return err
	}
	// The other pending complaints were against the award that is gone.
	if err := k.mootComplaints(ctx, t.Id, idx, "the award they contested was set aside"); err != nil {
		return err
	}
	var next *types.Bid
	rated := lot.AwardMethod == types.AWARD_METHOD_RATED
	for j := range bids {
		b := &bids[j]
		if b.Status != types.BID_STATUS_REVEALED {
			continue
		}
		// The next best by the lot's own method: score (RATED) or price; ties as at the award.
		better := next == nil
		if !better && rated && b.Score != next.Score {
			better = b.Score > next.Score
		} else if !better {
			better = b.Price.LT(next.Price) || (b.Price.Equal(next.Price) &&
				(b.SubmittedHeight < next.SubmittedHeight || (b.SubmittedHeight == next.SubmittedHeight && b.Id < next.Id)))
		}
		if better {
			next = b
		}
	}
	if next == nil {
		// No award is left: the lot has no winner.
		lot.WinningBidId, lot.AwardAmount = 0, math.ZeroInt()
		return k.closeLot(ctx, t, idx, types.LOT_STATUS_UNSUCCESSFUL, "no bid left after the award was set aside: "+reason)
	}
	lot.Status, lot.WinningBidId, lot.AwardAmount = types.LOT_STATUS_STANDSTILL, next.Id, next.Price
	lot.StandstillEnd = ctx.BlockTime().Add(time.Duration(t.StandstillSeconds) * time.Second)
	if err := k.StandstillQueue.Set(ctx, collections.Join(lot.StandstillEnd, t.Id)); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: idx, Status: lot.Status, WinningBidId: lot.WinningBidId, AwardAmount: lot.AwardAmount})
}

func (q querier) Complaints(ctx context.Context, req *types.QueryComplaintsRequest) (*types.QueryComplaintsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.ComplaintsByTender, req.Pagination,
		func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Complaint, error) {
			return q.ComplaintRecords.Get(ctx, k.K2())
		},
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.TenderId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryComplaintsResponse{Complaints: out, Pagination: page}, nil
}
