package app

import (
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// Wasm upload rights. The wasm params reserve uploads to governance
// (code_upload_access: Nobody); on top of that, accounts holding
// CONTRACT_DEVELOPER in an active agency may store code. wasmd lets an app
// replace the authorization policy of a tx's Msgs through the context
// (wasmtypes.WithSubMsgAuthzPolicy); WasmUploadDecorator does that in the ante
// handler, and refuses a top-level store by anybody else with a clear error.
// A role granted inside the same tx counts from the next tx.

// contractDeveloperPolicy is wasmd's default policy, plus upload rights for
// CONTRACT_DEVELOPER role holders. It is built per tx around that tx's context.
type contractDeveloperPolicy struct {
	wasmkeeper.DefaultAuthorizationPolicy
	ctx    sdk.Context
	agency agencykeeper.Keeper
}

// CanCreateCode allows what the chain's upload config allows, and contract
// developers; the instantiate permission must stay within the chain's default.
func (p contractDeveloperPolicy) CanCreateCode(chainConfigs wasmtypes.ChainAccessConfigs, actor sdk.AccAddress, contractConfig wasmtypes.AccessConfig) bool {
	if !contractConfig.IsSubset(chainConfigs.Instantiate) {
		return false
	}
	return mayUpload(p.ctx, p.agency, chainConfigs.Upload, actor)
}

// SubMessageAuthorizationPolicy keeps this policy for contract sub-messages:
// a contract whose own address holds the role may store code.
func (p contractDeveloperPolicy) SubMessageAuthorizationPolicy(wasmtypes.AuthorizationPolicyAction) wasmtypes.AuthorizationPolicy {
	return p
}

// mayUpload: the chain's upload config allows actor, or actor holds
// CONTRACT_DEVELOPER in an active agency.
func mayUpload(ctx sdk.Context, agency agencykeeper.Keeper, upload wasmtypes.AccessConfig, actor sdk.AccAddress) bool {
	if upload.Allowed(actor) {
		return true
	}
	ok, err := agency.HasRoleInAnyActiveAgency(ctx, actor, agencytypes.ROLE_CONTRACT_DEVELOPER)
	return err == nil && ok
}

// WasmUploadDecorator installs contractDeveloperPolicy for the tx's Msgs and
// refuses a top-level MsgStoreCode whose sender may not upload.
type WasmUploadDecorator struct {
	agency agencykeeper.Keeper
	wasm   *wasmkeeper.Keeper
}

// NewWasmUploadDecorator returns the decorator.
func NewWasmUploadDecorator(agency agencykeeper.Keeper, wasm *wasmkeeper.Keeper) WasmUploadDecorator {
	return WasmUploadDecorator{agency: agency, wasm: wasm}
}

// AnteHandle implements sdk.AnteDecorator.
func (d WasmUploadDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	for _, msg := range tx.GetMsgs() {
		store, ok := msg.(*wasmtypes.MsgStoreCode)
		if !ok {
			continue
		}
		sender, err := sdk.AccAddressFromBech32(store.Sender)
		if err != nil {
			return ctx, errorsmod.Wrapf(sdkerrors.ErrInvalidAddress, "store code sender %q: %s", store.Sender, err)
		}
		if store.Sender == d.wasm.GetAuthority() {
			continue
		}
		if !mayUpload(ctx, d.agency, d.wasm.GetParams(ctx).CodeUploadAccess, sender) {
			return ctx, errorsmod.Wrapf(sdkerrors.ErrUnauthorized,
				"%s may not store wasm code: only governance and CONTRACT_DEVELOPER role holders of an active agency may", store.Sender)
		}
	}
	return next(wasmtypes.WithSubMsgAuthzPolicy(ctx, contractDeveloperPolicy{ctx: ctx, agency: d.agency}), tx, simulate)
}
