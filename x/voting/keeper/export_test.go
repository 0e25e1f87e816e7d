package keeper

import (
	"context"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// CountForBenchmark counts a ballot as CastBallots does, without a signature
// or census check: it fills a store with many ballots quickly for the
// close-time benchmark. Tests only.
func (k Keeper) CountForBenchmark(ctx context.Context, e *types.Election, voter sdk.AccAddress, answers []types.Answer, weight uint64) error {
	t, err := k.Tallies.Get(ctx, e.Id)
	if err != nil {
		return err
	}
	rt, err := parseTally(t)
	if err != nil {
		return err
	}
	rt.t.Ballots++
	rt.t.TurnoutWeight += weight
	if err := k.apply(ctx, e, rt, answers, weight, true); err != nil {
		return err
	}
	if err := k.Ballots.Set(ctx, collections.Join(e.Id, voter), types.Ballot{
		ElectionId: e.Id, Voter: voter.String(), Answers: answers, Weight: weight, Hash: make([]byte, 32), Signature: make([]byte, 64),
	}); err != nil {
		return err
	}
	return k.Tallies.Set(ctx, e.Id, rt.tally())
}
