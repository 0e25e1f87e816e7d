package app

import (
	"errors"

	ibcante "github.com/cosmos/ibc-go/v11/modules/core/ante"
	ibckeeper "github.com/cosmos/ibc-go/v11/modules/core/keeper"

	corestoretypes "cosmossdk.io/core/store"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	votingkeeper "github.com/civitas-chain/civitas/x/voting/keeper"
)

// HandlerOptions extends the SDK's ante options with what the wasm and IBC
// decorators need.
type HandlerOptions struct {
	ante.HandlerOptions

	IBCKeeper             *ibckeeper.Keeper
	NodeConfig            *wasmtypes.NodeConfig
	WasmKeeper            *wasmkeeper.Keeper
	TXCounterStoreService corestoretypes.KVStoreService
	VotingKeeper          *votingkeeper.Keeper
}

// NewAnteHandler returns the wasm-aware ante handler: the SDK's standard
// chain plus wasmd's simulation gas limit, tx counter, gas register and
// tx-contracts decorators and IBC's redundant-relay filter, and x/voting's
// free-ballot fee rule and CheckTx ballot checks. Civitas's own rules
// are not here, where a nested Msg would skip them: seats in staking hooks
// (seat_hooks.go), upload rights in the wasm Msg service (wasm_upload.go).
func NewAnteHandler(options HandlerOptions) (sdk.AnteHandler, error) {
	switch {
	case options.AccountKeeper == nil:
		return nil, errors.New("account keeper is required for ante builder")
	case options.BankKeeper == nil:
		return nil, errors.New("bank keeper is required for ante builder")
	case options.SignModeHandler == nil:
		return nil, errors.New("sign mode handler is required for ante builder")
	case options.NodeConfig == nil:
		return nil, errors.New("wasm config is required for ante builder")
	case options.WasmKeeper == nil:
		return nil, errors.New("wasm keeper is required for ante builder")
	case options.IBCKeeper == nil:
		return nil, errors.New("ibc keeper is required for ante builder")
	case options.TXCounterStoreService == nil:
		return nil, errors.New("wasm store service is required for ante builder")
	case options.VotingKeeper == nil:
		return nil, errors.New("voting keeper is required for ante builder")
	}

	return sdk.ChainAnteDecorators(
		ante.NewSetUpContextDecorator(), // outermost: sets the gas meter
		wasmkeeper.NewLimitSimulationGasDecorator(options.NodeConfig.SimulationGasLimit),
		wasmkeeper.NewCountTXDecorator(options.TXCounterStoreService),
		wasmkeeper.NewGasRegisterDecorator(options.WasmKeeper.GetGasRegister()),
		wasmkeeper.NewTxContractsDecorator(),
		ante.NewExtensionOptionsDecorator(options.ExtensionOptionChecker),
		ante.NewValidateBasicDecorator(),
		ante.NewTxTimeoutHeightDecorator(),
		ante.NewValidateMemoDecorator(options.AccountKeeper),
		ante.NewConsumeGasForTxSizeDecorator(options.AccountKeeper),
		// A transaction of relayed ballots only, offering no fee, is free (x/voting README, "Free ballots").
		votingkeeper.NewFreeBallotFeeDecorator(ante.NewDeductFeeDecorator(options.AccountKeeper, options.BankKeeper, options.FeegrantKeeper, options.TxFeeChecker)),
		ante.NewSetPubKeyDecorator(options.AccountKeeper), // before every signature check
		ante.NewValidateSigCountDecorator(options.AccountKeeper),
		ante.NewSigGasConsumeDecorator(options.AccountKeeper, options.SigGasConsumer),
		ante.NewSigVerificationDecorator(options.AccountKeeper, options.SignModeHandler),
		ante.NewIncrementSequenceDecorator(options.AccountKeeper),
		ibcante.NewRedundantRelayDecorator(options.IBCKeeper),
		// CheckTx: every relayed ballot valid and not already in the mempool.
		votingkeeper.NewBallotDecorator(*options.VotingKeeper),
	), nil
}
