package voting

import (
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/civitas-chain/civitas/x/voting/simulation"
	"github.com/civitas-chain/civitas/x/voting/types"
)

var (
	_ module.AppModuleSimulation = AppModule{}
	_ module.HasInvariants       = AppModule{}
)

// GenerateGenesisState writes the default genesis: the simulation's world
// (agencies, roles, budget) is built by testutil.SimAppStateFn through the
// modules' own messages.
func (AppModule) GenerateGenesisState(s *module.SimulationState) {
	s.GenState[types.ModuleName] = s.Cdc.MustMarshalJSON(types.DefaultGenesisState())
}

// RegisterStoreDecoder decodes the module's collections for the
// simulation's store comparisons.
func (am AppModule) RegisterStoreDecoder(r simtypes.StoreDecoderRegistry) {
	r[types.StoreKey] = simtypes.NewStoreDecoderFuncFromCollectionsSchema(am.keeper.Schema)
}

// WeightedOperations is empty: the operations are WeightedOperationsX.
func (AppModule) WeightedOperations(module.SimulationState) []simtypes.WeightedOperation { return nil }

// WeightedOperationsX registers the simsx message factories (simulation package).
func (am AppModule) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	simulation.Register(am.keeper, weights, reg)
}

// RegisterInvariants registers the keeper's invariants.
func (am AppModule) RegisterInvariants(ir sdk.InvariantRegistry) { am.keeper.RegisterInvariants(ir) }
