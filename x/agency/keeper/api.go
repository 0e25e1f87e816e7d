package keeper

import (
	"context"
	"errors"
	"slices"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
)

// The keeper API for other modules. None of these functions writes state,
// panics or depends on anything but committed state and the arguments.

// GetAgency returns an agency, or ErrAgencyNotFound.
func (k Keeper) GetAgency(ctx context.Context, agencyID uint64) (types.Agency, error) {
	a, err := k.Agencies.Get(ctx, agencyID)
	if errors.Is(err, collections.ErrNotFound) {
		return a, errorsmod.Wrapf(types.ErrAgencyNotFound, "agency %d", agencyID)
	}
	return a, err
}

// IsAgencyActive reports whether the agency exists and is not suspended.
func (k Keeper) IsAgencyActive(ctx context.Context, agencyID uint64) (bool, error) {
	a, err := k.Agencies.Get(ctx, agencyID)
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return a.Status == types.AGENCY_STATUS_ACTIVE, nil
}

// HasRole reports whether addr holds role in agencyID and may act with it:
// false if the agency is unknown or suspended.
func (k Keeper) HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role types.Role) (bool, error) {
	active, err := k.IsAgencyActive(ctx, agencyID)
	if err != nil || !active {
		return false, err
	}
	return k.Roles.Has(ctx, roleKey(agencyID, addr, role))
}

// HasRoleInAnyActiveAgency reports whether addr holds role in at least one
// active agency (e.g. CONTRACT_DEVELOPER for wasm upload rights).
func (k Keeper) HasRoleInAnyActiveAgency(ctx context.Context, addr sdk.AccAddress, role types.Role) (bool, error) {
	iter, err := k.RolesByAccount.Iterate(ctx, collections.NewPrefixedPairRange[sdk.AccAddress, collections.Pair[uint64, int32]](addr))
	if err != nil {
		return false, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return false, err
		}
		if types.Role(key.K2().K2()) != role {
			continue
		}
		active, err := k.IsAgencyActive(ctx, key.K2().K1())
		if err != nil {
			return false, err
		}
		if active {
			return true, nil
		}
	}
	return false, nil
}

// IsAgencyAdmin reports whether addr is an admin of an active agency.
func (k Keeper) IsAgencyAdmin(ctx context.Context, agencyID uint64, addr sdk.AccAddress) (bool, error) {
	a, err := k.Agencies.Get(ctx, agencyID)
	if errors.Is(err, collections.ErrNotFound) {
		return false, nil
	}
	if err != nil || a.Status != types.AGENCY_STATUS_ACTIVE {
		return false, err
	}
	s, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return false, err
	}
	return slices.Contains(a.Admins, s), nil
}

// GetSupplier returns the current version of a supplier, or ErrSupplierNotFound.
func (k Keeper) GetSupplier(ctx context.Context, supplierID uint64) (types.Supplier, error) {
	s, err := k.Suppliers.Get(ctx, supplierID)
	if errors.Is(err, collections.ErrNotFound) {
		return s, errorsmod.Wrapf(types.ErrSupplierNotFound, "supplier %d", supplierID)
	}
	return s, err
}

// HasConflict reports whether evaluator has a conflict of interest with the
// supplier: it is the account that owns the supplier record, one of its
// beneficial owners or representatives (by address, in the supplier's
// current version: a listing its party disowned no longer counts), or it
// declared an interest in it. An unknown supplier gives ErrSupplierNotFound.
func (k Keeper) HasConflict(ctx context.Context, evaluator sdk.AccAddress, supplierID uint64) (bool, error) {
	s, err := k.GetSupplier(ctx, supplierID)
	if err != nil {
		return false, err
	}
	evaluatorStr, err := k.addressCodec.BytesToString(evaluator)
	if err != nil {
		return false, err
	}
	if s.Owner == evaluatorStr || slices.Contains(s.Addresses(), evaluatorStr) {
		return true, nil
	}
	return k.Interests.Has(ctx, collections.Join(evaluator, supplierID))
}

// WasParty reports whether addr was the owner, a beneficial owner or a
// representative of the supplier in any of its versions in force at or
// after height since (the current version included). A version archived at
// (id, version) was in force from its UpdatedHeight until the next
// version's. The history is read newest first and no further back than
// since.
func (k Keeper) WasParty(ctx context.Context, supplierID uint64, addr sdk.AccAddress, since int64) (bool, error) {
	return k.listedIn(ctx, supplierID, addr, since, false)
}

// WasPartyAt reports whether addr was the owner, a beneficial owner or a
// representative of the supplier in the version in force at height h.
func (k Keeper) WasPartyAt(ctx context.Context, supplierID uint64, addr sdk.AccAddress, h int64) (bool, error) {
	return k.listedIn(ctx, supplierID, addr, h, true)
}

// listedIn walks the supplier's versions newest first. Without onlyAt it
// reports whether any version in force at or after since lists addr; with
// onlyAt, whether the version in force at since does. A version is in force
// from its UpdatedHeight until the next version's (the current one until now).
func (k Keeper) listedIn(ctx context.Context, supplierID uint64, addr sdk.AccAddress, since int64, onlyAt bool) (bool, error) {
	current, err := k.GetSupplier(ctx, supplierID)
	if err != nil {
		return false, err
	}
	s, err := k.addressCodec.BytesToString(addr)
	if err != nil {
		return false, err
	}
	listed := func(v types.Supplier) bool { return v.Owner == s || slices.Contains(v.Addresses(), s) }
	// visit returns (answer, done) for a version v in force from v.UpdatedHeight.
	visit := func(v types.Supplier) (bool, bool) {
		if onlyAt {
			if v.UpdatedHeight <= since {
				return listed(v), true // the version in force at since
			}
			return false, false
		}
		if listed(v) {
			return true, true
		}
		// Older versions ended when v started: before since, they are out.
		return false, v.UpdatedHeight < since
	}
	if answer, done := visit(current); done {
		return answer, nil
	}
	iter, err := k.SupplierHistory.Iterate(ctx, collections.NewPrefixedPairRange[uint64, uint64](supplierID).Descending())
	if err != nil {
		return false, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		v, err := iter.Value()
		if err != nil {
			return false, err
		}
		if answer, done := visit(v); done {
			return answer, nil
		}
	}
	return false, nil
}

// HasInterest reports whether the account declared an interest in the supplier.
func (k Keeper) HasInterest(ctx context.Context, addr sdk.AccAddress, supplierID uint64) (bool, error) {
	return k.Interests.Has(ctx, collections.Join(addr, supplierID))
}

// HasDisowned reports whether party disowned its listing by the supplier
// (and was not listed again with its consent since).
func (k Keeper) HasDisowned(ctx context.Context, supplierID uint64, party sdk.AccAddress) (bool, error) {
	return k.Disownments.Has(ctx, collections.Join(supplierID, party))
}

// IsDebarred reports whether the supplier is debarred by the agency at time
// now: some debarment of the agency that was not lifted covers now. A later
// debarment never shortens an earlier one.
func (k Keeper) IsDebarred(ctx context.Context, supplierID, agencyID uint64, now time.Time) (bool, error) {
	iter, err := k.DebarmentsBySupplier.Iterate(ctx, collections.NewPrefixedPairRange[uint64, uint64](supplierID))
	if err != nil {
		return false, err
	}
	defer iter.Close()
	for ; iter.Valid(); iter.Next() {
		key, err := iter.Key()
		if err != nil {
			return false, err
		}
		d, err := k.Debarments.Get(ctx, key.K2())
		if err != nil {
			return false, err
		}
		if d.AgencyId == agencyID && !d.Lifted && !now.Before(d.Start) && now.Before(d.End) {
			return true, nil
		}
	}
	return false, nil
}
