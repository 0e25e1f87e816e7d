package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// Invariants are the procurement module's state invariants: the module
// account holds every bond it owes (CheckBonds), and a valid export.
func (k Keeper) Invariants() []common.Invariant {
	return []common.Invariant{
		{Name: "bonds-held", Check: k.CheckBonds},
		common.GenesisInvariant(k.addressCodec, k.ExportGenesis),
	}
}

// RegisterInvariants registers Invariants.
func (k Keeper) RegisterInvariants(ir sdk.InvariantRegistry) {
	common.RegisterInvariants(ir, types.ModuleName, k.Invariants()...)
}
