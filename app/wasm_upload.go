package app

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/module"

	"github.com/CosmWasm/wasmd/x/wasm"
	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// Wasm upload rights. The wasm params reserve uploads to governance
// (code_upload_access: Nobody); on top of that, accounts holding
// CONTRACT_DEVELOPER in an active agency (a role only governance grants) may
// store code.
//
// The check sits in the wasm Msg service itself (uploadMsgServer), not in the
// ante handler: every path that stores code reaches it (a top-level tx, authz
// MsgExec, a contract's submessage, a governance proposal), it runs after
// signature verification and fee deduction, and it reads the state of the
// running transaction, so a role granted earlier in the same tx counts and
// one revoked earlier does not.

// uploadMsgServer is wasmd's Msg service with Civitas's upload rights on the
// three Msgs that store code.
type uploadMsgServer struct {
	wasmtypes.MsgServer
	wasm   *wasmkeeper.Keeper
	agency *agencykeeper.Keeper
}

// uploadPolicy lets an authorised contract developer create code within the
// chain's default instantiate permission; everything else is the policy it
// wraps (the one of the tx or contract in which the Msg runs). It is not
// handed on to submessages.
type uploadPolicy struct {
	wasmtypes.AuthorizationPolicy
}

// CanCreateCode allows the upload; the instantiate permission must stay within
// the chain's default.
func (p uploadPolicy) CanCreateCode(chainConfigs wasmtypes.ChainAccessConfigs, _ sdk.AccAddress, contractConfig wasmtypes.AccessConfig) bool {
	return contractConfig.IsSubset(chainConfigs.Instantiate)
}

// authorize returns the context in which sender's Msg may store code, or a
// clear error.
func (s uploadMsgServer) authorize(ctx context.Context, sender string) (context.Context, error) {
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if sdk.ValidateAuthority(sdkCtx, s.wasm.GetAuthority(), sender) == nil {
		return ctx, nil // governance: wasmd's own policy
	}
	actor, err := sdk.AccAddressFromBech32(sender)
	if err != nil {
		return ctx, errorsmod.Wrapf(sdkerrors.ErrInvalidAddress, "store code sender %q: %s", sender, err)
	}
	if s.wasm.GetParams(sdkCtx).CodeUploadAccess.Allowed(actor) {
		return ctx, nil // the chain's upload config allows it
	}
	developer, err := s.agency.HasRoleInAnyActiveAgency(ctx, actor, agencytypes.ROLE_CONTRACT_DEVELOPER)
	if err != nil {
		return ctx, err
	}
	if !developer {
		return ctx, errorsmod.Wrapf(sdkerrors.ErrUnauthorized,
			"%s may not store wasm code: only governance and CONTRACT_DEVELOPER role holders of an active agency may", sender)
	}
	base, ok := wasmtypes.SubMsgAuthzPolicy(ctx)
	if !ok {
		base = wasmkeeper.DefaultAuthorizationPolicy{}
	}
	return wasmtypes.WithSubMsgAuthzPolicy(sdkCtx, uploadPolicy{base}), nil
}

// StoreCode checks upload rights, then stores.
func (s uploadMsgServer) StoreCode(ctx context.Context, msg *wasmtypes.MsgStoreCode) (*wasmtypes.MsgStoreCodeResponse, error) {
	ctx, err := s.authorize(ctx, msg.Sender)
	if err != nil {
		return nil, err
	}
	return s.MsgServer.StoreCode(ctx, msg)
}

// StoreAndInstantiateContract checks upload rights, then stores and instantiates.
func (s uploadMsgServer) StoreAndInstantiateContract(ctx context.Context, msg *wasmtypes.MsgStoreAndInstantiateContract) (*wasmtypes.MsgStoreAndInstantiateContractResponse, error) {
	ctx, err := s.authorize(ctx, msg.Authority)
	if err != nil {
		return nil, err
	}
	return s.MsgServer.StoreAndInstantiateContract(ctx, msg)
}

// StoreAndMigrateContract checks upload rights, then stores and migrates.
func (s uploadMsgServer) StoreAndMigrateContract(ctx context.Context, msg *wasmtypes.MsgStoreAndMigrateContract) (*wasmtypes.MsgStoreAndMigrateContractResponse, error) {
	ctx, err := s.authorize(ctx, msg.Authority)
	if err != nil {
		return nil, err
	}
	return s.MsgServer.StoreAndMigrateContract(ctx, msg)
}

// wasmModule is wasmd's module with uploadMsgServer as its Msg service.
type wasmModule struct {
	wasm.AppModule
	wasm   *wasmkeeper.Keeper
	agency *agencykeeper.Keeper
}

// RegisterServices registers what wasm.AppModule does, with the Msg service
// wrapped.
func (am wasmModule) RegisterServices(cfg module.Configurator) {
	wasmtypes.RegisterMsgServer(cfg.MsgServer(), uploadMsgServer{
		MsgServer: wasmkeeper.NewMsgServerImpl(am.wasm), wasm: am.wasm, agency: am.agency,
	})
	wasmtypes.RegisterQueryServer(cfg.QueryServer(), wasmkeeper.Querier(am.wasm))
	m := wasmkeeper.NewMigrator(*am.wasm, nil)
	for i, migrate := range []module.MigrationHandler{m.Migrate1to2, m.Migrate2to3, m.Migrate3to4} {
		if err := cfg.RegisterMigration(wasmtypes.ModuleName, uint64(i+1), migrate); err != nil {
			panic(err)
		}
	}
}
