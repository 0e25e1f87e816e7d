package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// Invariants are the voting module's state invariants: a valid export, and
// every election's tally agrees with its counted ballots.
func (k Keeper) Invariants() []common.Invariant {
	return []common.Invariant{
		common.GenesisInvariant(k.addressCodec, k.ExportGenesis),
		{Name: "tally-counts-ballots", Check: k.checkTallyCounts},
	}
}

// RegisterInvariants registers Invariants.
func (k Keeper) RegisterInvariants(ir sdk.InvariantRegistry) {
	common.RegisterInvariants(ir, types.ModuleName, k.Invariants()...)
}

// checkTallyCounts: a tally's ballots, turnout weight and overwrites are
// the count, the weight sum and the overwrite sum of the election's stored
// (latest) ballots.
func (k Keeper) checkTallyCounts(ctx context.Context) error {
	return k.Tallies.Walk(ctx, nil, func(id uint64, t types.Tally) (bool, error) {
		var n, weight, overwrites uint64
		err := k.Ballots.Walk(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id), func(_ BallotKey, b types.Ballot) (bool, error) {
			n++
			weight += b.Weight
			overwrites += uint64(b.Overwrites)
			return false, nil
		})
		if err != nil {
			return true, err
		}
		if t.Ballots != n || t.TurnoutWeight != weight || t.Overwrites != overwrites {
			return true, fmt.Errorf("election %d: tally has %d ballots, weight %d, %d overwrites; its ballots: %d, weight %d, %d overwrites",
				id, t.Ballots, t.TurnoutWeight, t.Overwrites, n, weight, overwrites)
		}
		return false, nil
	})
}
