package keeper

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// checkNoConflict refuses (ErrConflict) addr, acting as role, if it may not
// judge bid b of tender t:
//   - it signed the bid or paid its bond;
//   - it is a party of the supplier now, or declared an interest in it
//     (x/agency HasConflict);
//   - unless it has disowned a listing by that supplier (so that nobody can
//     block it by listing it without consent): it was a party in the
//     bid-time snapshot, or in any version of the supplier in force since
//     the tender was published (a listing removed for the evaluation and
//     put back later still counts).
func (k Keeper) checkNoConflict(ctx context.Context, t *types.Tender, addr sdk.AccAddress, canonical, role string, b types.Bid) error {
	if canonical == b.Bidder || canonical == b.BondPayer {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s signed or paid bid %d of supplier %d", role, canonical, b.Id, b.SupplierId)
	}
	if conflict, err := k.agency.HasConflict(ctx, addr, b.SupplierId); err != nil {
		return err
	} else if conflict {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s is a party of, or declared an interest in, supplier %d", role, canonical, b.SupplierId)
	}
	disowned, err := k.agency.HasDisowned(ctx, b.SupplierId, addr)
	if err != nil || disowned {
		return err
	}
	if slices.Contains(b.Parties, canonical) {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s was a party of supplier %d when it bid (a listing it never agreed to can be disowned in x/agency)", role, canonical, b.SupplierId)
	}
	if was, err := k.agency.WasParty(ctx, b.SupplierId, addr, t.CreatedHeight); err != nil {
		return err
	} else if was {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s was a party of supplier %d since tender %d was published", role, canonical, b.SupplierId, t.Id)
	}
	return nil
}

// checkNoConflictWithAny is checkNoConflict against every bid of a lot.
func (k Keeper) checkNoConflictWithAny(ctx context.Context, t *types.Tender, lot uint32, addr sdk.AccAddress, canonical, role string) error {
	bids, err := k.bidsOf(ctx, t.Id, lot)
	if err != nil {
		return err
	}
	for _, b := range bids {
		if err := k.checkNoConflict(ctx, t, addr, canonical, role, b); err != nil {
			return err
		}
	}
	return nil
}

// checkOfficerFor checks that signer is a procurement officer of the
// tender's agency with no conflict with the lot's bidders (all of them, or
// only the winning bid when winnerOnly).
func (k Keeper) checkOfficerFor(ctx context.Context, t *types.Tender, lot uint32, signer string, winnerOnly bool) (string, error) {
	canonical, err := k.checkOfficer(ctx, t.AgencyId, signer)
	if err != nil {
		return "", err
	}
	addr, err := k.addressCodec.StringToBytes(canonical)
	if err != nil {
		return "", err
	}
	if !winnerOnly {
		return canonical, k.checkNoConflictWithAny(ctx, t, lot, addr, canonical, "officer")
	}
	win, err := k.Bids.Get(ctx, t.Lots[lot].WinningBidId)
	if err != nil {
		return "", err
	}
	return canonical, k.checkNoConflict(ctx, t, addr, canonical, "officer", win)
}
