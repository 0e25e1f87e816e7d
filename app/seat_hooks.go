package app

import (
	"bytes"
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// ErrSeatDelegation is returned when a seat would be bonded to a validator
// other than its holder's own (a delegation or a redelegation to another
// body's validator).
var ErrSeatDelegation = errorsmod.Register(AppErrorCodespace, 4, "seats bond only as their holder's self-delegation")

// SeatHooks are staking hooks that keep one body, one seat on every path.
//
// The staking keeper calls BeforeDelegationCreated for every delegation it
// creates, whatever carried the Msg: a plain MsgDelegate, MsgBeginRedelegate
// (the destination delegation), authz MsgExec, a contract's staking message,
// a governance proposal. A seat may only be bonded by its holder to the
// validator the holder operates (delegator and operator are the same
// account), so a body's power cannot be moved onto another body's validator.
//
// The hooks also mark, in a transient store, that the running transaction
// changed some delegation: the validator-set guard (validator_guard.go) only
// looks at the validator set after such a transaction.
type SeatHooks struct {
	stakeTouched *storetypes.TransientStoreKey
}

var _ stakingtypes.StakingHooks = SeatHooks{}

// NewSeatHooks returns the hooks; key is the transient store where they mark
// that a delegation changed.
func NewSeatHooks(key *storetypes.TransientStoreKey) SeatHooks { return SeatHooks{stakeTouched: key} }

// stakeTouchedKey is the only key of the transient store.
var stakeTouchedKey = []byte{0x01}

func (h SeatHooks) markStakeTouched(ctx context.Context) {
	sdk.UnwrapSDKContext(ctx).TransientStore(h.stakeTouched).Set(stakeTouchedKey, []byte{1})
}

// BeforeDelegationCreated refuses a delegation whose delegator is not the
// validator's own operator account.
func (h SeatHooks) BeforeDelegationCreated(ctx context.Context, delAddr sdk.AccAddress, valAddr sdk.ValAddress) error {
	if !bytes.Equal(delAddr, valAddr) {
		return errorsmod.Wrapf(ErrSeatDelegation,
			"%s may bond its seat only to its own validator %s, not to %s: seats cannot be delegated or redelegated to another body's validator",
			delAddr, sdk.ValAddress(delAddr), valAddr)
	}
	h.markStakeTouched(ctx)
	return nil
}

// BeforeDelegationSharesModified marks the transaction (bond or unbond).
func (h SeatHooks) BeforeDelegationSharesModified(ctx context.Context, _ sdk.AccAddress, _ sdk.ValAddress) error {
	h.markStakeTouched(ctx)
	return nil
}

// BeforeDelegationRemoved marks the transaction.
func (h SeatHooks) BeforeDelegationRemoved(ctx context.Context, _ sdk.AccAddress, _ sdk.ValAddress) error {
	h.markStakeTouched(ctx)
	return nil
}

// AfterValidatorCreated does nothing.
func (SeatHooks) AfterValidatorCreated(context.Context, sdk.ValAddress) error { return nil }

// BeforeValidatorModified does nothing.
func (SeatHooks) BeforeValidatorModified(context.Context, sdk.ValAddress) error { return nil }

// AfterValidatorRemoved does nothing.
func (SeatHooks) AfterValidatorRemoved(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterValidatorBonded does nothing.
func (SeatHooks) AfterValidatorBonded(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterValidatorBeginUnbonding does nothing.
func (SeatHooks) AfterValidatorBeginUnbonding(context.Context, sdk.ConsAddress, sdk.ValAddress) error {
	return nil
}

// AfterDelegationModified does nothing.
func (SeatHooks) AfterDelegationModified(context.Context, sdk.AccAddress, sdk.ValAddress) error {
	return nil
}

// BeforeValidatorSlashed does nothing.
func (SeatHooks) BeforeValidatorSlashed(context.Context, sdk.ValAddress, math.LegacyDec) error {
	return nil
}

// AfterUnbondingInitiated does nothing.
func (SeatHooks) AfterUnbondingInitiated(context.Context, uint64) error { return nil }
