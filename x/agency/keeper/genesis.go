package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
)

// InitGenesis validates and loads the genesis state.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, a := range gs.Agencies {
		if err := k.Agencies.Set(ctx, a.Id, a); err != nil {
			return err
		}
	}
	for _, g := range gs.Roles {
		addr, err := k.addressCodec.StringToBytes(g.Address)
		if err != nil {
			return err
		}
		if err := k.Roles.Set(ctx, roleKey(g.AgencyId, addr, g.Role), g); err != nil {
			return err
		}
		if err := k.RolesByAccount.Set(ctx, accountRoleKey(addr, g.AgencyId, g.Role)); err != nil {
			return err
		}
	}
	for _, s := range gs.Suppliers {
		if err := k.Suppliers.Set(ctx, s.Id, s); err != nil {
			return err
		}
		if err := k.SuppliersByRegistration.Set(ctx, types.RegistrationKey(s.Country, s.RegistrationNumber), s.Id); err != nil {
			return err
		}
	}
	for _, s := range gs.SupplierHistory {
		if err := k.SupplierHistory.Set(ctx, collections.Join(s.Id, s.Version), s); err != nil {
			return err
		}
	}
	for _, d := range gs.Debarments {
		if err := k.setDebarment(ctx, d); err != nil {
			return err
		}
	}
	for _, d := range gs.Disownments {
		party, err := k.addressCodec.StringToBytes(d.Party)
		if err != nil {
			return err
		}
		if err := k.Disownments.Set(ctx, collections.Join(d.SupplierId, sdk.AccAddress(party)), d); err != nil {
			return err
		}
	}
	for _, d := range gs.Declarations {
		addr, err := k.addressCodec.StringToBytes(d.Declarant)
		if err != nil {
			return err
		}
		if err := k.setDeclaration(ctx, addr, d); err != nil {
			return err
		}
	}
	for _, g := range gs.SeatGrants {
		op, err := k.addressCodec.StringToBytes(g.Operator)
		if err != nil {
			return err
		}
		if err := k.SeatGrants.Set(ctx, collections.Join(g.AgencyId, sdk.AccAddress(op)), g); err != nil {
			return err
		}
		if err := k.SeatOperators.Set(ctx, op, g.AgencyId); err != nil {
			return err
		}
	}
	if err := k.AgencySeq.Set(ctx, gs.NextAgencyId); err != nil {
		return errorsmod.Wrap(err, "next_agency_id")
	}
	if err := k.SupplierSeq.Set(ctx, gs.NextSupplierId); err != nil {
		return errorsmod.Wrap(err, "next_supplier_id")
	}
	if err := k.DeclarationSeq.Set(ctx, gs.NextDeclarationId); err != nil {
		return errorsmod.Wrap(err, "next_declaration_id")
	}
	if err := k.DebarmentSeq.Set(ctx, gs.NextDebarmentId); err != nil {
		return errorsmod.Wrap(err, "next_debarment_id")
	}
	return nil
}

// ExportGenesis exports the whole state; InitGenesis of the result restores it.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.Agencies, err = common.Values(ctx, k.Agencies); err != nil {
		return nil, err
	}
	if gs.Roles, err = common.Values(ctx, k.Roles); err != nil {
		return nil, err
	}
	if gs.Suppliers, err = common.Values(ctx, k.Suppliers); err != nil {
		return nil, err
	}
	if gs.SupplierHistory, err = common.Values(ctx, k.SupplierHistory); err != nil {
		return nil, err
	}
	if gs.Debarments, err = common.Values(ctx, k.Debarments); err != nil {
		return nil, err
	}
	if gs.Declarations, err = common.Values(ctx, k.Declarations); err != nil {
		return nil, err
	}
	if gs.SeatGrants, err = common.Values(ctx, k.SeatGrants); err != nil {
		return nil, err
	}
	if gs.Disownments, err = common.Values(ctx, k.Disownments); err != nil {
		return nil, err
	}
	if gs.NextAgencyId, err = k.AgencySeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextSupplierId, err = k.SupplierSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextDeclarationId, err = k.DeclarationSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextDebarmentId, err = k.DebarmentSeq.Peek(ctx); err != nil {
		return nil, err
	}
	return gs, nil
}
