package keeper

import (
	"context"
	"slices"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// checkNoConflict refuses (ErrConflict) addr, acting as role, if it may not
// judge bid b of tender t. Bids that can no longer win (forfeited, invalid,
// set aside) do not count. A conflict is:
//   - having signed the bid or paid its bond, owning the supplier record, or
//     having declared an interest in the supplier (one's own acts);
//   - being listed as a party of the supplier: in the bid-time snapshot, now,
//     or in any version of the supplier in force since the tender was
//     published (x/agency history: a listing dropped for the evaluation and
//     put back later still counts) — unless the listing was not there when
//     the tender was published and the person has disowned it in x/agency
//     (so that nobody blocks an evaluator, reviewer or officer by listing it
//     without consent; a real party cannot clear itself during the tender).
func (k Keeper) checkNoConflict(ctx context.Context, t *types.Tender, addr sdk.AccAddress, canonical, role string, b types.Bid) error {
	if b.Status != types.BID_STATUS_SEALED && b.Status != types.BID_STATUS_REVEALED {
		return nil
	}
	if err := k.checkOwnConflict(ctx, addr, canonical, role, b); err != nil {
		return err
	}
	listed := slices.Contains(b.Parties, canonical)
	var err error
	if !listed {
		if listed, err = k.agency.WasParty(ctx, b.SupplierId, addr, t.CreatedHeight); err != nil {
			return err
		}
	}
	if !listed {
		return nil
	}
	disowned, err := k.agency.HasDisowned(ctx, b.SupplierId, addr)
	if err != nil {
		return err
	}
	if disowned {
		atPublication, err := k.agency.WasPartyAt(ctx, b.SupplierId, addr, t.CreatedHeight)
		if err != nil {
			return err
		}
		if !atPublication {
			return nil
		}
	}
	return errorsmod.Wrapf(types.ErrConflict, "%s %s is or was a party of supplier %d since tender %d was published (a listing made since without its consent can be disowned in x/agency)",
		role, canonical, b.SupplierId, t.Id)
}

// checkOwnConflict refuses addr if its own acts tie it to bid b: it signed
// the bid or paid its bond, owns the supplier record, or declared an
// interest in the supplier.
func (k Keeper) checkOwnConflict(ctx context.Context, addr sdk.AccAddress, canonical, role string, b types.Bid) error {
	if canonical == b.Bidder || canonical == b.BondPayer {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s signed or paid bid %d of supplier %d", role, canonical, b.Id, b.SupplierId)
	}
	s, err := k.agency.GetSupplier(ctx, b.SupplierId)
	if err != nil {
		return err
	}
	if interest, err := k.agency.HasInterest(ctx, addr, b.SupplierId); err != nil {
		return err
	} else if interest || s.Owner == canonical {
		return errorsmod.Wrapf(types.ErrConflict, "%s %s owns, or declared an interest in, supplier %d", role, canonical, b.SupplierId)
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
