package keeper

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// bidsOf returns the bids of a tender's lot, by id.
func (k Keeper) bidsOf(ctx context.Context, tenderID uint64, lot uint32) ([]types.Bid, error) {
	rng := new(collections.Range[collections.Pair[uint64, collections.Pair[uint32, uint64]]]).
		StartInclusive(collections.Join(tenderID, collections.Join(lot, uint64(0)))).
		EndInclusive(collections.Join(tenderID, collections.Join(lot, uint64(math.MaxUint64))))
	var out []types.Bid
	err := k.BidBySupplier.Walk(ctx, rng, func(_ collections.Pair[uint64, collections.Pair[uint32, uint64]], id uint64) (bool, error) {
		b, err := k.Bids.Get(ctx, id)
		if err != nil {
			return true, err
		}
		out = append(out, b)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b types.Bid) int { return cmp.Compare(a.Id, b.Id) })
	return out, nil
}

// settleBond returns a bid's bond to its bidder, or forfeits it to the
// treasury (x/budget), once.
func (k Keeper) settleBond(ctx context.Context, b *types.Bid, forfeit bool, reason string) error {
	if b.BondReturned || !b.Bond.IsPositive() {
		b.BondReturned = true
		return nil
	}
	to := "treasury"
	if forfeit {
		if err := k.budget.FundFromModule(ctx, types.ModuleName, b.Bond, fmt.Sprintf("bond of bid %d", b.Id)); err != nil {
			return err
		}
	} else {
		to = b.BondPayer
		if to == "" {
			to = b.Bidder
		}
		payer, err := k.addressCodec.StringToBytes(to)
		if err != nil {
			return err
		}
		if err := k.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, payer, sdk.NewCoins(sdk.NewCoin(types.Denom, b.Bond))); err != nil {
			return err
		}
	}
	b.BondReturned = true
	if err := k.Bids.Set(ctx, b.Id, *b); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventBondMoved{BidId: b.Id, To: to, Amount: b.Bond, Reason: reason})
}

// closeLot ends a lot without a contract (cancelled or unsuccessful): its
// reservation is released and every bond still held returns.
func (k Keeper) closeLot(ctx context.Context, t *types.Tender, idx uint32, status types.LotStatus, reason string) error {
	lot := &t.Lots[idx]
	if lotEnded(lot.Status) {
		return nil
	}
	// Governance may have released the reservation in x/budget already.
	if err := k.budget.ReleaseReservation(ctx, lot.ReservationId, reason, Caller); err != nil && !errors.Is(err, budgettypes.ErrWrongStatus) {
		return err
	}
	if err := k.mootComplaints(ctx, t.Id, idx, reason); err != nil {
		return err
	}
	bids, err := k.bidsOf(ctx, t.Id, idx)
	if err != nil {
		return err
	}
	for i := range bids {
		if err := k.settleBond(ctx, &bids[i], false, reason); err != nil {
			return err
		}
	}
	lot.Status = status
	return common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: idx, Status: status, AwardAmount: lot.AwardAmount})
}

// EndBlocker moves tenders on at their deadlines, at most
// max_transitions_per_block tenders per queue per block, each in a cache
// context (a failure is logged and retried next block):
//   - submission deadline: each lot with bids goes to REVEALING, a lot
//     without bids is UNSUCCESSFUL (its reservation released);
//   - reveal deadline: unrevealed bids forfeit their bonds to the treasury;
//     a LOWEST_PRICE lot is awarded to the lowest revealed price within the
//     ceiling (ties: the earlier submission, then the lower bid id) and
//     enters its standstill, the other bonds return; a lot without a valid
//     bid is UNSUCCESSFUL; a RATED lot goes to EVALUATING;
//   - standstill end: the award is final (AWARDED).
func (k Keeper) EndBlocker(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	p, err := k.Params.Get(ctx)
	if err != nil {
		sdkCtx.Logger().Error("procurement: no params", "err", err)
		return nil
	}
	k.runQueue(sdkCtx, k.SubmissionQueue, int(p.MaxTransitionsPerBlock), k.closeSubmissions)
	k.runQueue(sdkCtx, k.RevealQueue, int(p.MaxTransitionsPerBlock), k.closeReveals)
	k.runQueue(sdkCtx, k.StandstillQueue, int(p.MaxTransitionsPerBlock), k.endStandstills)
	k.runQueue(sdkCtx, k.SignQueue, int(p.MaxTransitionsPerBlock), k.lapseOffers)
	return nil
}

// endStandstills makes final the awards whose standstill ended.
func (k Keeper) endStandstills(ctx sdk.Context, id uint64) error {
	t, err := k.GetTender(ctx, id)
	if err != nil || t.Status != types.TENDER_STATUS_ACTIVE {
		return err
	}
	old := t
	for i := range t.Lots {
		lot := &t.Lots[i]
		if lot.Status != types.LOT_STATUS_STANDSTILL || ctx.BlockTime().Before(lot.StandstillEnd) {
			continue
		}
		// A pending complaint holds the award until it is decided.
		if pending, err := k.pendingComplaint(ctx, t.Id, uint32(i)); err != nil {
			return err
		} else if pending {
			continue
		}
		lot.Status = types.LOT_STATUS_AWARDED
		if err := common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: uint32(i), Status: lot.Status,
			WinningBidId: lot.WinningBidId, AwardAmount: lot.AwardAmount}); err != nil {
			return err
		}
	}
	return k.setTender(ctx, &old, t)
}

// RetryDelay: a failed deadline step is tried again this much later.
const RetryDelay = time.Minute

// lapseOffers ends the contract offers not signed by their deadline: the
// winner declined, its bond is forfeited to the treasury and the next best
// revealed bid is awarded under a new standstill (or the lot is
// unsuccessful).
func (k Keeper) lapseOffers(ctx sdk.Context, id uint64) error {
	t, err := k.GetTender(ctx, id)
	if err != nil || t.Status != types.TENDER_STATUS_ACTIVE {
		return err
	}
	old := t
	for i := range t.Lots {
		if t.Lots[i].Status != types.LOT_STATUS_AWARDED {
			continue
		}
		key := collections.Join(t.Id, uint32(i))
		c, err := k.Contracts.Get(ctx, key)
		if errors.Is(err, collections.ErrNotFound) {
			continue
		} else if err != nil {
			return err
		}
		if c.Status != types.CONTRACT_STATUS_OFFERED || ctx.BlockTime().Before(c.SignBy) {
			continue
		}
		reason := fmt.Sprintf("the offer (version %d) was not signed by %s", c.OfferVersion, c.SignBy.Format(time.RFC3339))
		if err := k.Contracts.Remove(ctx, key); err != nil {
			return err
		}
		if err := common.EmitEvent(ctx, &types.EventContract{TenderId: t.Id, Lot: uint32(i), Status: types.CONTRACT_STATUS_TERMINATED,
			Amount: c.Amount, By: Caller, OfferVersion: c.OfferVersion, Reason: reason}); err != nil {
			return err
		}
		// The winner loses its bond only if it could have signed.
		forfeit := k.budget.CheckCommit(ctx, t.BudgetLineId, t.Lots[i].ReservationId) == nil
		if err := k.reaward(ctx, &t, uint32(i), forfeit, "declined: "+reason); err != nil {
			return err
		}
	}
	finishIfDone(&t)
	return k.setTender(ctx, &old, t)
}

func (k Keeper) runQueue(ctx sdk.Context, q collections.KeySet[QueueKey], n int, fn func(sdk.Context, uint64) error) {
	rng := new(collections.Range[QueueKey]).EndInclusive(collections.Join(ctx.BlockTime(), uint64(1<<64-1)))
	iter, err := q.Iterate(ctx, rng)
	if err != nil {
		ctx.Logger().Error("procurement: queue", "err", err)
		return
	}
	var due []QueueKey
	for ; iter.Valid() && len(due) < n; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			break
		}
		due = append(due, key)
	}
	iter.Close()
	for _, key := range due {
		cacheCtx, write := ctx.CacheContext()
		err := func() (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			if err := q.Remove(cacheCtx, key); err != nil {
				return err
			}
			return fn(cacheCtx, key.K2())
		}()
		if err != nil {
			// Retried a minute later, behind the steps due now, so that one
			// failing tender does not hold the queue.
			ctx.Logger().Error("procurement: deadline step failed; retried in a minute", "tender", key.K2(), "err", err)
			if q.Remove(ctx, key) == nil {
				_ = q.Set(ctx, collections.Join(ctx.BlockTime().Add(RetryDelay), key.K2()))
			}
			continue
		}
		write()
	}
}

func (k Keeper) closeSubmissions(ctx sdk.Context, id uint64) error {
	t, err := k.GetTender(ctx, id)
	if err != nil || t.Status != types.TENDER_STATUS_ACTIVE {
		return err
	}
	old := t
	for i := range t.Lots {
		lot := &t.Lots[i]
		if lot.Status != types.LOT_STATUS_TENDERING {
			continue
		}
		if lot.Bids == 0 {
			if err := k.closeLot(ctx, &t, uint32(i), types.LOT_STATUS_UNSUCCESSFUL, "no bids"); err != nil {
				return err
			}
			continue
		}
		lot.Status = types.LOT_STATUS_REVEALING
		if err := common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: uint32(i), Status: lot.Status, AwardAmount: lot.AwardAmount}); err != nil {
			return err
		}
	}
	// A step run late (after retries) may come after the reveal deadline's:
	// run that one again.
	if !ctx.BlockTime().Before(t.RevealDeadline) {
		if err := k.RevealQueue.Set(ctx, collections.Join(ctx.BlockTime(), t.Id)); err != nil {
			return err
		}
	}
	finishIfDone(&t)
	return k.setTender(ctx, &old, t)
}

func (k Keeper) closeReveals(ctx sdk.Context, id uint64) error {
	t, err := k.GetTender(ctx, id)
	if err != nil || t.Status != types.TENDER_STATUS_ACTIVE {
		return err
	}
	old := t
	for i := range t.Lots {
		lot := &t.Lots[i]
		if lot.Status != types.LOT_STATUS_REVEALING {
			continue
		}
		bids, err := k.bidsOf(ctx, t.Id, uint32(i))
		if err != nil {
			return err
		}
		var winner *types.Bid
		for j := range bids {
			b := &bids[j]
			switch b.Status {
			case types.BID_STATUS_SEALED:
				b.Status = types.BID_STATUS_FORFEITED
				if err := k.Bids.Set(ctx, b.Id, *b); err != nil {
					return err
				}
				if err := k.settleBond(ctx, b, true, "not revealed by the deadline"); err != nil {
					return err
				}
			case types.BID_STATUS_INVALID:
				// Above the ceiling: its bond is forfeited, so that bids that
				// cannot win cost their bidder (they also fill the lot's cap).
				if err := k.settleBond(ctx, b, true, "revealed above the ceiling"); err != nil {
					return err
				}
			case types.BID_STATUS_REVEALED:
				if winner == nil || b.Price.LT(winner.Price) ||
					(b.Price.Equal(winner.Price) && (b.SubmittedHeight < winner.SubmittedHeight || (b.SubmittedHeight == winner.SubmittedHeight && b.Id < winner.Id))) {
					winner = b
				}
			}
		}
		switch {
		case winner == nil:
			if err := k.closeLot(ctx, &t, uint32(i), types.LOT_STATUS_UNSUCCESSFUL, "no valid bid"); err != nil {
				return err
			}
			continue
		case lot.AwardMethod == types.AWARD_METHOD_RATED:
			lot.Status = types.LOT_STATUS_EVALUATING
		default:
			lot.Status, lot.WinningBidId, lot.AwardAmount = types.LOT_STATUS_STANDSTILL, winner.Id, winner.Price
			lot.StandstillEnd = ctx.BlockTime().Add(time.Duration(t.StandstillSeconds) * time.Second)
			if err := k.StandstillQueue.Set(ctx, collections.Join(lot.StandstillEnd, t.Id)); err != nil {
				return err
			}
			// The other bonds stay until the contract is signed (or the lot
			// ends): the next bidder may be awarded if the winner declines.
		}
		if err := common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: uint32(i), Status: lot.Status,
			WinningBidId: lot.WinningBidId, AwardAmount: lot.AwardAmount}); err != nil {
			return err
		}
	}
	finishIfDone(&t)
	return k.setTender(ctx, &old, t)
}

// lotEnded reports whether a lot reached a final status.
func lotEnded(s types.LotStatus) bool {
	return s == types.LOT_STATUS_COMPLETED || s == types.LOT_STATUS_UNSUCCESSFUL || s == types.LOT_STATUS_CANCELLED
}

// finishIfDone ends a tender once every lot has ended: COMPLETE if a lot was
// completed, else CANCELLED if a lot was cancelled, else UNSUCCESSFUL.
func finishIfDone(t *types.Tender) {
	completed, cancelled := false, false
	for _, l := range t.Lots {
		if !lotEnded(l.Status) {
			return
		}
		completed = completed || l.Status == types.LOT_STATUS_COMPLETED
		cancelled = cancelled || l.Status == types.LOT_STATUS_CANCELLED
	}
	switch {
	case completed:
		t.Status = types.TENDER_STATUS_COMPLETE
	case cancelled:
		t.Status = types.TENDER_STATUS_CANCELLED
	default:
		t.Status = types.TENDER_STATUS_UNSUCCESSFUL
	}
}
