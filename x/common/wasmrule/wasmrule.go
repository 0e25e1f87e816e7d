// Package wasmrule attaches CosmWasm contracts as an agency's rules and
// calls them, for the modules' rule hooks (contracts/README.md, "Rule
// hooks"): who may attach what, and a call that can refuse one action but
// never halt the chain. x/voting (check_voter_eligibility) and x/procurement
// (check_bid_eligibility, score_bid) call their rules through it.
package wasmrule

import (
	"context"
	"fmt"

	"cosmossdk.io/core/address"

	errorsmod "cosmossdk.io/errors"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// WasmKeeper is what a rule needs of x/wasm (the keeper for the reads, a
// permissioned keeper for sudo).
type WasmKeeper interface {
	GetContractInfo(ctx context.Context, contractAddress sdk.AccAddress) *wasmtypes.ContractInfo
	GetCodeInfo(ctx context.Context, codeID uint64) *wasmtypes.CodeInfo
	Sudo(ctx sdk.Context, contractAddress sdk.AccAddress, msg []byte) ([]byte, error)
	// PinCode keeps the code compiled in the VM's memory cache (and marks it
	// pinned in state, which lowers the gas of loading it).
	PinCode(ctx sdk.Context, codeID uint64) error
}

// RoleChecker is x/agency's role check.
type RoleChecker interface {
	HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role agencytypes.Role) (bool, error)
}

// Attachable checks that contract may become a rule of agency agencyID and
// returns the code id to pin: the contract exists; it has no admin, so
// nobody but governance can migrate it (and a migrated rule is refused, see
// Call); it was instantiated by governance, by the attacher or by a
// CONTRACT_DEVELOPER of the agency; its code was stored by governance
// (creator govAuthority) or by a CONTRACT_DEVELOPER of that agency. errType
// wraps the refusal (the module's registered error). An attachable code is pinned in the VM cache, so each call skips loading
// and compiling it (a rule runs once per ballot or bid).
func Attachable(ctx context.Context, wk WasmKeeper, roles RoleChecker, govAuthority string, agencyID uint64, contract, attacher sdk.AccAddress, errType *errorsmod.Error) (uint64, error) {
	info := wk.GetContractInfo(ctx, contract)
	if info == nil {
		return 0, errorsmod.Wrapf(errType, "rule contract %s does not exist", contract)
	}
	if info.Admin != "" {
		return 0, errorsmod.Wrapf(errType, "rule contract %s has an admin (%s) who could migrate it: attach a contract without an admin", contract, info.Admin)
	}
	// Whoever instantiated the contract usually owns its data (the SME list,
	// the attestations): governance, the attaching officer or a
	// CONTRACT_DEVELOPER of the agency, never a bidder or a voter.
	if info.Creator != govAuthority && info.Creator != attacher.String() {
		if err := checkDeveloper(ctx, roles, agencyID, info.Creator, errType, "rule contract "+contract.String()+" was instantiated"); err != nil {
			return 0, err
		}
	}
	code := wk.GetCodeInfo(ctx, info.CodeID)
	if code == nil {
		return 0, errorsmod.Wrapf(errType, "code %d of rule contract %s does not exist", info.CodeID, contract)
	}
	if code.Creator != govAuthority {
		if err := checkDeveloper(ctx, roles, agencyID, code.Creator, errType, fmt.Sprintf("code %d was stored", info.CodeID)); err != nil {
			return 0, err
		}
	}
	if err := wk.PinCode(sdk.UnwrapSDKContext(ctx), info.CodeID); err != nil {
		return 0, errorsmod.Wrapf(errType, "pin code %d: %s", info.CodeID, err)
	}
	return info.CodeID, nil
}

// checkDeveloper checks that creator (of what: "code 3 was stored") is a
// CONTRACT_DEVELOPER of the agency.
func checkDeveloper(ctx context.Context, roles RoleChecker, agencyID uint64, creatorStr string, errType *errorsmod.Error, what string) error {
	creator, err := sdk.AccAddressFromBech32(creatorStr)
	if err != nil {
		return errorsmod.Wrapf(errType, "%s by %q: %s", what, creatorStr, err)
	}
	ok, err := roles.HasRole(ctx, agencyID, creator, agencytypes.ROLE_CONTRACT_DEVELOPER)
	if err != nil {
		return err
	}
	if !ok {
		return errorsmod.Wrapf(errType, "%s by %s, neither governance nor a CONTRACT_DEVELOPER of agency %d", what, creatorStr, agencyID)
	}
	return nil
}

type inRuleKey struct{}

// InRule reports whether ctx is a rule hook's call: the app refuses every
// message a contract sends then (a rule answers, it does not act).
func InRule(ctx sdk.Context) bool {
	v, _ := ctx.Value(inRuleKey{}).(bool)
	return v
}

// Call runs the rule's sudo entry point with msg, under gasLimit, in a cache
// context: its writes are kept only if it allows the action. A denial (the
// contract's error), an error, running out of gas or a contract that no
// longer runs the pinned code returns an error (wrapped in errType) with the
// reason; nothing panics. The gas used is charged to ctx. It returns the
// data of the contract's response (a score_bid rule's answer).
func Call(ctx sdk.Context, wk WasmKeeper, contract sdk.AccAddress, codeID uint64, msg []byte, gasLimit uint64, errType *errorsmod.Error) (data []byte, err error) {
	// Everything the rule costs, its lookup included, is metered against
	// gasLimit, or what the transaction has left if that is less: a rule
	// never runs on gas nobody pays for.
	capped := ""
	if rem := ctx.GasMeter().GasRemaining(); rem < gasLimit {
		gasLimit, capped = rem, ", what the transaction had left"
	}
	cacheCtx, write := ctx.CacheContext()
	meter := storetypes.NewGasMeter(gasLimit)
	cacheCtx = cacheCtx.WithGasMeter(meter).WithValue(inRuleKey{}, true)
	defer func() {
		ctx.GasMeter().ConsumeGas(meter.GasConsumedToLimit(), "rule contract")
		if r := recover(); r != nil {
			if _, ok := r.(storetypes.ErrorOutOfGas); ok {
				err = errorsmod.Wrapf(errType, "rule contract %s ran out of gas (limit %d%s)", contract, gasLimit, capped)
				return
			}
			err = errorsmod.Wrapf(errType, "rule contract %s failed: %v", contract, r)
		}
	}()
	info := wk.GetContractInfo(cacheCtx, contract)
	if info == nil {
		return nil, errorsmod.Wrapf(errType, "rule contract %s no longer exists", contract)
	}
	if info.CodeID != codeID {
		return nil, errorsmod.Wrapf(errType, "rule contract %s now runs code %d, not the code %d attached: the rule of this process does not change", contract, info.CodeID, codeID)
	}
	data, err = wk.Sudo(cacheCtx, contract, msg)
	if err != nil {
		return nil, errorsmod.Wrapf(errType, "rule contract %s: %s", contract, err)
	}
	write()
	return data, nil
}

// CallPinned is Call for a rule pinned by a module (contract as stored, its
// code id and gas cap): no rules keeper (wk nil) or a bad stored address
// refuses too.
func CallPinned(ctx sdk.Context, wk WasmKeeper, ac address.Codec, contract string, codeID, gasLimit uint64, msg []byte, errType *errorsmod.Error) ([]byte, error) {
	if wk == nil {
		return nil, errorsmod.Wrap(errType, "this chain runs no rule contracts")
	}
	addr, err := ac.StringToBytes(contract)
	if err != nil {
		return nil, errorsmod.Wrapf(errType, "rule contract %q: %s", contract, err)
	}
	return Call(ctx, wk, addr, codeID, msg, gasLimit, errType)
}
