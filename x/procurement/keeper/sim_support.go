package keeper

import (
	"context"
	"slices"
)

// Read helpers for the simulation's message factories (x/procurement/simulation).

// IsAgencyActive reports whether the agency exists and is active.
func (k Keeper) IsAgencyActive(ctx context.Context, agencyID uint64) bool {
	ok, err := k.agency.IsAgencyActive(ctx, agencyID)
	return err == nil && ok
}

// SupplierIDs are the ids of up to max suppliers (x/agency numbers them
// from 1 and never removes one).
func (k Keeper) SupplierIDs(ctx context.Context, max int) []uint64 {
	var ids []uint64
	for id := uint64(1); len(ids) < max; id++ {
		if _, err := k.agency.GetSupplier(ctx, id); err != nil {
			break
		}
		ids = append(ids, id)
	}
	return ids
}

// SupplierParties are the addresses of a supplier's owner, beneficial
// owners and representatives (its current version).
func (k Keeper) SupplierParties(ctx context.Context, supplierID uint64) []string {
	s, err := k.agency.GetSupplier(ctx, supplierID)
	if err != nil {
		return nil
	}
	out := []string{s.Owner}
	for _, p := range append(slices.Clone(s.BeneficialOwners), s.Representatives...) {
		if p.Address != "" && !slices.Contains(out, p.Address) {
			out = append(out, p.Address)
		}
	}
	return out
}
