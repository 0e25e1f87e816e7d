package app

import (
	"encoding/json"
	"fmt"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
)

// GenesisState of the blockchain: raw JSON keyed by module name.
type GenesisState map[string]json.RawMessage

// Civitas genesis defaults.
var (
	// DefaultGovMinDeposit is the deposit a proposal needs to enter voting: 1,000 CIVIS.
	DefaultGovMinDeposit = sdk.NewCoins(sdk.NewCoin(FeeDenom, sdkmath.NewInt(1_000_000_000)))
	// DefaultGovExpeditedMinDeposit is the deposit of an expedited proposal: 5,000 CIVIS.
	DefaultGovExpeditedMinDeposit = sdk.NewCoins(sdk.NewCoin(FeeDenom, sdkmath.NewInt(5_000_000_000)))
)

// genesisBasic is a module basic that has a default genesis.
type genesisBasic interface {
	module.AppModuleBasic
	module.HasGenesisBasics
}

// civitasDefaults wraps a module basic so that its default genesis carries
// Civitas policies. Everything else is the module's own.
type civitasDefaults struct {
	genesisBasic
	apply func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage
}

// DefaultGenesis returns the module's default genesis with Civitas policies.
func (m civitasDefaults) DefaultGenesis(cdc codec.JSONCodec) json.RawMessage {
	return m.apply(cdc, m.genesisBasic.DefaultGenesis(cdc))
}

// withCivitasDefaults replaces, in bm, the module basics whose defaults
// Civitas changes (so `civitasd init` writes a Civitas genesis):
//   - staking bonds the seat token (useat);
//   - governance deposits are paid in public funds (ucivis), never in seats;
//   - wasm code upload is reserved to governance, instantiation of stored
//     (hence vetted) code is open to everybody;
//   - downtime jails without slashing (slash_fraction_downtime 0), so that a
//     body never loses part of its seat to an outage (slashed seat tokens are
//     re-issued only by governance); double-signing still slashes and
//     tombstones;
//   - bank carries the metadata of both denoms.
//
// The apply functions panic only if a module's own default genesis cannot be
// decoded, which is a bug caught at start-up.
func withCivitasDefaults(bm module.BasicManager) {
	overrides := map[string]func(codec.JSONCodec, json.RawMessage) json.RawMessage{
		stakingtypes.ModuleName: func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
			var gen stakingtypes.GenesisState
			cdc.MustUnmarshalJSON(raw, &gen)
			gen.Params.BondDenom = SeatDenom
			return cdc.MustMarshalJSON(&gen)
		},
		govtypes.ModuleName: func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
			var gen govv1.GenesisState
			cdc.MustUnmarshalJSON(raw, &gen)
			gen.Params.MinDeposit = DefaultGovMinDeposit
			gen.Params.ExpeditedMinDeposit = DefaultGovExpeditedMinDeposit
			return cdc.MustMarshalJSON(&gen)
		},
		wasmtypes.ModuleName: func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
			var gen wasmtypes.GenesisState
			cdc.MustUnmarshalJSON(raw, &gen)
			gen.Params = WasmParams()
			return cdc.MustMarshalJSON(&gen)
		},
		slashingtypes.ModuleName: func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
			var gen slashingtypes.GenesisState
			cdc.MustUnmarshalJSON(raw, &gen)
			gen.Params.SlashFractionDowntime = sdkmath.LegacyZeroDec()
			return cdc.MustMarshalJSON(&gen)
		},
		banktypes.ModuleName: func(cdc codec.JSONCodec, raw json.RawMessage) json.RawMessage {
			var gen banktypes.GenesisState
			cdc.MustUnmarshalJSON(raw, &gen)
			gen.DenomMetadata = DenomMetadata()
			return cdc.MustMarshalJSON(&gen)
		},
	}
	for name, apply := range overrides {
		basic, ok := bm[name].(genesisBasic)
		if !ok {
			panic(fmt.Sprintf("module %s has no default genesis to override", name))
		}
		bm[name] = civitasDefaults{genesisBasic: basic, apply: apply}
	}
}

// WasmParams are Civitas's wasm parameters: only governance may upload code
// (MsgStoreCode signed by the gov module through a proposal); everybody may
// instantiate stored code unless the code's own instantiate permission says
// otherwise.
func WasmParams() wasmtypes.Params {
	return wasmtypes.Params{
		CodeUploadAccess:             wasmtypes.AllowNobody,
		InstantiateDefaultPermission: wasmtypes.AccessTypeEverybody,
	}
}

// DenomMetadata describes ucivis (CIVIS, 6 decimals) and useat.
func DenomMetadata() []banktypes.Metadata {
	return []banktypes.Metadata{
		{
			Description: "Civitas public funds",
			Base:        FeeDenom,
			Display:     FeeDisplayDenom,
			Name:        "Civitas",
			Symbol:      FeeDisplayDenom,
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: FeeDenom, Exponent: 0, Aliases: []string{"microcivis"}},
				{Denom: FeeDisplayDenom, Exponent: 6},
			},
		},
		{
			Description: "Civitas validator seat; issued by governance, bound to its holder",
			Base:        SeatDenom,
			Display:     "SEAT",
			Name:        "Civitas seat",
			Symbol:      "SEAT",
			DenomUnits: []*banktypes.DenomUnit{
				{Denom: SeatDenom, Exponent: 0},
				{Denom: "SEAT", Exponent: 6},
			},
		},
	}
}
