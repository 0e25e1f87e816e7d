package app

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/baseapp"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ErrNoValidatorLeft is returned for a transaction that would leave the chain
// without any bonded validator.
var ErrNoValidatorLeft = errorsmod.Register(AppErrorCodespace, 3, "transaction would leave the chain without validators")

// SomeValidatorKeepsPower reports whether, in the current state, at least one
// validator will have consensus power at the end of the block: the validator
// with the most stake (the first entry of the staking power index, which holds
// no jailed validator) is not jailed and has tokens worth at least one unit of
// power. It reads through the staking keeper's API; O(1).
func SomeValidatorKeepsPower(ctx context.Context, sk *stakingkeeper.Keeper) (bool, error) {
	iter, err := sk.ValidatorsPowerStoreIterator(ctx)
	if err != nil {
		return false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return false, nil
	}
	val, err := sk.GetValidator(ctx, stakingtypes.ParseValidatorPowerRankKey(iter.Key()))
	if err != nil {
		return false, err
	}
	return !val.IsJailed() && val.PotentialConsensusPower(sk.PowerReduction(ctx)) > 0, nil
}

// ValidatorSetGuard is a post handler decorator that refuses, and so reverts,
// any transaction after which no validator would be left with voting power:
// CometBFT halts on an empty validator set. It sees the state after the
// transaction's messages, so it covers every path that moves stake (staking
// Msgs, authz, Msgs dispatched by contracts). A seat is PowerPerSeat units
// of power, so a body that unbonds its whole seat leaves the set; this keeps
// the last one.
//
// It costs one transient-store read per transaction: the validator set is
// looked at only when SeatHooks marked that the transaction changed a
// delegation.
type ValidatorSetGuard struct {
	staking      *stakingkeeper.Keeper
	stakeTouched *storetypes.TransientStoreKey
}

// NewValidatorSetGuard returns the guard over the staking keeper; key is the
// transient store that SeatHooks mark.
func NewValidatorSetGuard(sk *stakingkeeper.Keeper, key *storetypes.TransientStoreKey) ValidatorSetGuard {
	return ValidatorSetGuard{staking: sk, stakeTouched: key}
}

// PostHandle implements sdk.PostDecorator.
func (g ValidatorSetGuard) PostHandle(ctx sdk.Context, tx sdk.Tx, simulate, success bool, next sdk.PostHandler) (sdk.Context, error) {
	if success {
		if err := checkValidatorSetIfTouched(ctx, g.staking, g.stakeTouched, "the transaction"); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate, success)
}

// checkValidatorSetIfTouched clears the seat hooks' mark and, if it was set,
// fails when no validator keeps power; what names the offending action.
func checkValidatorSetIfTouched(ctx sdk.Context, sk *stakingkeeper.Keeper, key *storetypes.TransientStoreKey, what string) error {
	store := ctx.TransientStore(key)
	if !store.Has(stakeTouchedKey) {
		return nil
	}
	store.Delete(stakeTouchedKey)
	hasPower, err := SomeValidatorKeepsPower(ctx, sk)
	if err != nil {
		return err
	}
	if !hasPower {
		return errorsmod.Wrapf(ErrNoValidatorLeft,
			"%s would leave no validator with voting power: the last seat cannot be unbonded or moved away", what)
	}
	return nil
}

// GovRouter wraps the Msg router with which governance executes passed
// proposals (in its end blocker, where no post handler runs): a proposal Msg
// fails, and with it the whole proposal, when after it no validator would
// keep power (checked when it changed a delegation), or when the staking
// bond denom is no longer the seat token (the seat send restriction and the
// seat grants are about SeatDenom only). Both are checked on the state after
// the Msg, so nested Msgs (authz MsgExec) are covered.
type GovRouter struct {
	baseapp.MessageRouter
	staking      *stakingkeeper.Keeper
	stakeTouched *storetypes.TransientStoreKey
}

// NewGovRouter wraps router; key is the transient store that SeatHooks mark.
func NewGovRouter(router baseapp.MessageRouter, sk *stakingkeeper.Keeper, key *storetypes.TransientStoreKey) GovRouter {
	return GovRouter{MessageRouter: router, staking: sk, stakeTouched: key}
}

// Handler returns the guarded handler of msg, or nil if it has none.
func (r GovRouter) Handler(msg sdk.Msg) baseapp.MsgServiceHandler {
	return r.guard(r.MessageRouter.Handler(msg))
}

// HandlerByTypeURL returns the guarded handler of a type URL, or nil.
func (r GovRouter) HandlerByTypeURL(typeURL string) baseapp.MsgServiceHandler {
	return r.guard(r.MessageRouter.HandlerByTypeURL(typeURL))
}

func (r GovRouter) guard(h baseapp.MsgServiceHandler) baseapp.MsgServiceHandler {
	if h == nil {
		return nil
	}
	return func(ctx sdk.Context, msg sdk.Msg) (*sdk.Result, error) {
		res, err := h(ctx, msg)
		if err != nil {
			return res, err
		}
		denom, err := r.staking.BondDenom(ctx)
		if err != nil {
			return nil, err
		}
		if denom != SeatDenom {
			return nil, errorsmod.Wrapf(ErrSeatTransfer, "proposal message %s sets the staking bond denom to %q: it must stay the seat token %q",
				sdk.MsgTypeURL(msg), denom, SeatDenom)
		}
		if err := checkValidatorSetIfTouched(ctx, r.staking, r.stakeTouched, "proposal message "+sdk.MsgTypeURL(msg)); err != nil {
			return nil, err
		}
		return res, nil
	}
}
