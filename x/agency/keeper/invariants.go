package keeper

import (
	"context"
	"fmt"

	"cosmossdk.io/collections"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
)

// Invariants are the agency module's state invariants (README, "Invariants").
func (k Keeper) Invariants() []common.Invariant {
	return []common.Invariant{
		common.GenesisInvariant(k.addressCodec, k.ExportGenesis),
		{Name: "role-index", Check: k.checkRoleIndex},
		{Name: "seat-operators", Check: k.checkSeatOperators},
	}
}

// RegisterInvariants registers Invariants.
func (k Keeper) RegisterInvariants(ir sdk.InvariantRegistry) {
	common.RegisterInvariants(ir, types.ModuleName, k.Invariants()...)
}

// checkRoleIndex: RolesByAccount indexes exactly the Roles, each of an
// existing agency.
func (k Keeper) checkRoleIndex(ctx context.Context) error {
	n := 0
	err := k.Roles.Walk(ctx, nil, func(key RoleKey, g types.RoleGrant) (bool, error) {
		n++
		agency, acc, role := key.K1(), key.K2().K1(), key.K2().K2()
		if has, err := k.Agencies.Has(ctx, agency); err != nil || !has {
			return true, fmt.Errorf("role %s of %s in agency %d: no such agency", types.Role(role), acc, agency)
		}
		if g.AgencyId != agency || int32(g.Role) != role {
			return true, fmt.Errorf("role grant %v is stored under agency %d role %d", g, agency, role)
		}
		if has, err := k.RolesByAccount.Has(ctx, collections.Join(acc, collections.Join(agency, role))); err != nil || !has {
			return true, fmt.Errorf("role %s of %s in agency %d is missing from the account index", types.Role(role), acc, agency)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	m := 0
	err = k.RolesByAccount.Walk(ctx, nil, func(key AccountRoleKey) (bool, error) {
		m++
		return false, nil
	})
	if err != nil {
		return err
	}
	if m != n {
		return fmt.Errorf("%d roles, %d entries in the account index", n, m)
	}
	return nil
}

// checkSeatOperators: every seat grant's operator is indexed to its agency,
// and the index holds nothing else.
func (k Keeper) checkSeatOperators(ctx context.Context) error {
	n := 0
	err := k.SeatGrants.Walk(ctx, nil, func(key collections.Pair[uint64, sdk.AccAddress], g types.SeatGrant) (bool, error) {
		n++
		id, err := k.SeatOperators.Get(ctx, key.K2())
		if err != nil || id != key.K1() {
			return true, fmt.Errorf("seat grant of %s in agency %d: operator index says %d (%v)", key.K2(), key.K1(), id, err)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	m := 0
	if err := k.SeatOperators.Walk(ctx, nil, func(sdk.AccAddress, uint64) (bool, error) { m++; return false, nil }); err != nil {
		return err
	}
	if m != n {
		return fmt.Errorf("%d seat grants, %d seat operators", n, m)
	}
	return nil
}
