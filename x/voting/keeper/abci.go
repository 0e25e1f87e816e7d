package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// BeginBlocker moves elections along by block time, at most
// max_transitions_per_block status changes per block, in this order:
// SCHEDULED -> OPEN (start reached), OPEN or SCHEDULED -> CLOSED (end
// reached), CLOSED -> FINAL (result computed) or, for a secret election,
// CLOSED -> TALLYING (MsgPublishTotals then makes it FINAL). An election whose turn does
// not come in this block waits for the next one; ballots are checked against
// the times themselves, so a late status change never admits or refuses a
// ballot. Each change runs in a cache context: a failure is logged and
// retried in the next block, and never halts the chain.
func (k Keeper) BeginBlocker(ctx context.Context) error {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	params, err := k.Params.Get(ctx)
	if err != nil {
		sdkCtx.Logger().Error("voting: no params", "err", err)
		return nil
	}
	budget := int(params.MaxTransitionsPerBlock)
	now := sdkCtx.BlockTime()
	budget = k.runQueue(sdkCtx, k.StartQueue, now, budget, k.openElection)
	budget = k.runQueue(sdkCtx, k.EndQueue, now, budget, k.closeElection)
	if budget <= 0 {
		return nil
	}
	ids, err := firstKeys(ctx, k.FinalizeQueue, budget)
	if err != nil {
		sdkCtx.Logger().Error("voting: finalize queue", "err", err)
		return nil
	}
	for _, id := range ids {
		k.isolated(sdkCtx, "finalize", id, func(c sdk.Context) error { return k.finalizeElection(c, id) })
	}
	return nil
}

// runQueue runs fn on up to budget entries of a time queue that are due, and
// returns the budget left.
func (k Keeper) runQueue(ctx sdk.Context, q collections.KeySet[QueueKey], now time.Time, budget int, fn func(sdk.Context, uint64) error) int {
	if budget <= 0 {
		return 0
	}
	rng := new(collections.Range[QueueKey]).EndInclusive(collections.Join(now, uint64(1<<64-1)))
	iter, err := q.Iterate(ctx, rng)
	if err != nil {
		ctx.Logger().Error("voting: queue", "err", err)
		return budget
	}
	var due []QueueKey
	for ; iter.Valid() && len(due) < budget; iter.Next() {
		key, err := iter.Key()
		if err != nil {
			break
		}
		due = append(due, key)
	}
	iter.Close()
	for _, key := range due {
		id := key.K2()
		k.isolated(ctx, "transition", id, func(c sdk.Context) error {
			if err := q.Remove(c, key); err != nil {
				return err
			}
			return fn(c, id)
		})
	}
	return budget - len(due)
}

// isolated runs fn in a cache context and writes it only if fn succeeds; a
// panic is recovered and treated as a failure.
func (k Keeper) isolated(ctx sdk.Context, what string, id uint64, fn func(sdk.Context) error) {
	cacheCtx, write := ctx.CacheContext()
	err := func() (err error) {
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return fn(cacheCtx)
	}()
	if err != nil {
		ctx.Logger().Error("voting: "+what+" failed; retried next block", "election", id, "err", err)
		return
	}
	write()
}

func firstKeys(ctx context.Context, ks collections.KeySet[uint64], n int) ([]uint64, error) {
	iter, err := ks.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var out []uint64
	for ; iter.Valid() && len(out) < n; iter.Next() {
		id, err := iter.Key()
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

func (k Keeper) openElection(ctx sdk.Context, id uint64) error {
	e, err := k.Elections.Get(ctx, id)
	if err != nil {
		return err
	}
	if e.Status != types.ELECTION_STATUS_SCHEDULED {
		return nil
	}
	// A secret election without a final key cannot take a ballot: it is
	// cancelled at its start, with the ceremony's state as the reason.
	if e.Privacy == types.PRIVACY_SECRET && (e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL) {
		return k.cancelWithoutKey(ctx, &e)
	}
	if err := k.setStatus(ctx, &e, types.ELECTION_STATUS_OPEN); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventElectionStatusChanged{ElectionId: id, Status: e.Status})
}

// cancelWithoutKey cancels a secret election whose key ceremony did not
// finish, releasing its budget reservations.
func (k Keeper) cancelWithoutKey(ctx sdk.Context, e *types.Election) error {
	reason := fmt.Sprintf("no election key at the start: the key ceremony is %s", ceremonyStatus(e))
	if err := k.EndQueue.Remove(ctx, collections.Join(e.EndTime, e.Id)); err != nil {
		return err
	}
	e.CancelReason = reason
	if err := k.setStatus(ctx, e, types.ELECTION_STATUS_CANCELLED); err != nil {
		return err
	}
	for _, q := range e.Questions {
		if q.BudgetLineId != 0 {
			if err := k.budget.ReleaseForElection(ctx, e.Id, q.BudgetLineId, "election cancelled: "+reason); err != nil {
				return err
			}
		}
	}
	return common.EmitEvent(ctx, &types.EventElectionStatusChanged{ElectionId: e.Id, Status: e.Status, Reason: reason})
}

func (k Keeper) closeElection(ctx sdk.Context, id uint64) error {
	e, err := k.Elections.Get(ctx, id)
	if err != nil {
		return err
	}
	if e.Status != types.ELECTION_STATUS_SCHEDULED && e.Status != types.ELECTION_STATUS_OPEN {
		return nil
	}
	// An election whose start and end passed in one stretch never opened.
	if err := k.StartQueue.Remove(ctx, collections.Join(e.StartTime, id)); err != nil {
		return err
	}
	if err := k.setStatus(ctx, &e, types.ELECTION_STATUS_CLOSED); err != nil {
		return err
	}
	if err := k.FinalizeQueue.Set(ctx, id); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventElectionStatusChanged{ElectionId: id, Status: e.Status})
}

func (k Keeper) finalizeElection(ctx sdk.Context, id uint64) error {
	if err := k.FinalizeQueue.Remove(ctx, id); err != nil {
		return err
	}
	e, err := k.Elections.Get(ctx, id)
	if err != nil {
		return err
	}
	if e.Status != types.ELECTION_STATUS_CLOSED {
		return nil
	}
	// A secret election whose start and end passed in one stretch without
	// a key never opened: it is cancelled as at its start.
	if e.Privacy == types.PRIVACY_SECRET && (e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL) {
		return k.cancelWithoutKey(ctx, &e)
	}
	// A secret election is TALLYING until threshold trustees decrypt its
	// sums and the totals are published (MsgPublishTotals finalizes it).
	if e.Privacy == types.PRIVACY_SECRET {
		if err := k.setStatus(ctx, &e, types.ELECTION_STATUS_TALLYING); err != nil {
			return err
		}
		return common.EmitEvent(ctx, &types.EventElectionStatusChanged{ElectionId: id, Status: e.Status,
			Reason: fmt.Sprintf("waiting for %d of the %d trustees' partial decryptions", e.KeyCeremony.Threshold, len(e.KeyCeremony.Trustees))})
	}
	return k.finalizeWithResult(ctx, &e)
}

func ceremonyStatus(e *types.Election) types.CeremonyStatus {
	if e.KeyCeremony == nil {
		return types.CEREMONY_STATUS_UNSPECIFIED
	}
	return e.KeyCeremony.Status
}

// finalizeWithResult computes a closed election's result from its tally,
// stores it and makes the election FINAL.
func (k Keeper) finalizeWithResult(ctx sdk.Context, e *types.Election) error {
	id := e.Id
	res, err := k.computeResult(ctx, e)
	if err != nil {
		return err
	}
	if err := k.Results.Set(ctx, id, res); err != nil {
		return err
	}
	if err := k.setStatus(ctx, e, types.ELECTION_STATUS_FINAL); err != nil {
		return err
	}
	if err := common.EmitEvent(ctx, &types.EventElectionFinalized{ElectionId: id, Result: res}); err != nil {
		return err
	}
	k.fundWinners(ctx, e, &res)
	return nil
}

// fundWinners commits the winning projects of each participatory budget
// that funds a budget line (x/budget), each in its own cache context: a
// failure is logged and leaves the envelope reserved on the line (only
// governance can release a reservation the module made), never a halt or a
// lost result.
func (k Keeper) fundWinners(ctx sdk.Context, e *types.Election, res *types.Result) {
	for qi, q := range e.Questions {
		if q.BudgetLineId == 0 {
			continue
		}
		projects := make([]budgettypes.Project, 0, len(res.Questions[qi].Winners))
		for _, w := range res.Questions[qi].Winners {
			o := q.Options[w]
			beneficiary, err := k.addressCodec.StringToBytes(o.Beneficiary)
			if err != nil {
				ctx.Logger().Error("voting: bad beneficiary", "election", e.Id, "option", w, "err", err)
				continue
			}
			projects = append(projects, budgettypes.Project{Amount: math.NewIntFromUint64(o.Cost), Beneficiary: beneficiary,
				Purpose: fmt.Sprintf("election %d: %s", e.Id, o.Title)})
		}
		cacheCtx, write := ctx.CacheContext()
		if _, err := k.budget.FundElection(cacheCtx, e.Id, q.BudgetLineId, projects); err != nil {
			ctx.Logger().Error("voting: funding the winners failed; the envelope stays reserved", "election", e.Id, "line", q.BudgetLineId, "err", err)
			continue
		}
		write()
	}
}
