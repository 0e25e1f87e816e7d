package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

// EndBlocker closes fiscal years. At its end time an OPEN fiscal year
// becomes CLOSING; then, at most close_lines_per_block lines per block (in
// line id order, from the fiscal year's cursor), each line lapses what is
// neither reserved nor committed and is marked closed; when every line is
// done, the year is CLOSED. Open reservations and commitments carry over:
// a reservation can still become a commitment, a commitment stays payable,
// and whatever later comes back to a closed line (a released reservation, a
// cancelled commitment's rest) lapses at once. Work runs in a cache
// context: a failure is logged and retried next block, never a halt.
func (k Keeper) EndBlocker(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		sdkCtx.Logger().Error("budget: no params", "err", err)
		return nil
	}
	budget := int(params.CloseLinesPerBlock)
	var years []types.FiscalYear
	err = k.FiscalYears.Walk(ctx, nil, func(_ uint32, fy types.FiscalYear) (bool, error) {
		if fy.Status == types.FISCAL_YEAR_STATUS_CLOSING || (fy.Status == types.FISCAL_YEAR_STATUS_OPEN && !sdkCtx.BlockTime().Before(fy.EndTime)) {
			years = append(years, fy)
		}
		return false, nil
	})
	if err != nil {
		sdkCtx.Logger().Error("budget: fiscal years", "err", err)
		return nil
	}
	for _, fy := range years {
		if budget <= 0 {
			break
		}
		cacheCtx, write := sdkCtx.CacheContext()
		done, err := func() (n int, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return k.closeStep(cacheCtx, fy, budget)
		}()
		if err != nil {
			sdkCtx.Logger().Error("budget: closing a fiscal year failed; retried next block", "year", fy.Year, "err", err)
			continue
		}
		write()
		budget -= done
	}
	return nil
}

// closeStep lapses up to n lines of a closing fiscal year and returns how
// many it processed.
func (k Keeper) closeStep(ctx sdk.Context, fy types.FiscalYear, n int) (int, error) {
	if fy.Status == types.FISCAL_YEAR_STATUS_OPEN {
		fy.Status = types.FISCAL_YEAR_STATUS_CLOSING
		if err := common.EmitEvent(ctx, &types.EventFiscalYearStatusChanged{Year: fy.Year, Status: fy.Status}); err != nil {
			return 0, err
		}
	}
	rng := collections.NewPrefixedPairRange[uint32, uint64](fy.Year)
	if fy.CloseCursor != 0 {
		rng = rng.StartExclusive(fy.CloseCursor)
	}
	iter, err := k.LinesByFiscalYear.Iterate(ctx, rng)
	if err != nil {
		return 0, err
	}
	var ids []uint64
	for ; iter.Valid() && len(ids) < n; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			iter.Close()
			return 0, err
		}
		ids = append(ids, key.K2())
	}
	more := iter.Valid()
	iter.Close()
	for _, id := range ids {
		l, err := k.GetLine(ctx, id)
		if err != nil {
			return 0, err
		}
		old := l
		l.Lapsed = l.Lapsed.Add(l.Room())
		l.Closed = true
		if err := k.saveLine(ctx, &old, l); err != nil {
			return 0, err
		}
		if err := k.emitLapse(ctx, old, l); err != nil {
			return 0, err
		}
		fy.CloseCursor = id
	}
	if !more {
		fy.Status = types.FISCAL_YEAR_STATUS_CLOSED
		if err := common.EmitEvent(ctx, &types.EventFiscalYearStatusChanged{Year: fy.Year, Status: fy.Status}); err != nil {
			return 0, err
		}
	}
	return len(ids), k.FiscalYears.Set(ctx, fy.Year, fy)
}
