package app

import (
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"

	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
)

// ErrNoValidatorLeft is returned for a transaction that would leave the chain
// without any bonded validator.
var ErrNoValidatorLeft = errorsmod.Register(AppErrorCodespace, 3, "transaction would leave the chain without validators")

// ValidatorSetGuard is a post handler decorator that refuses, and so reverts,
// any transaction after which no validator would be left with voting power:
// CometBFT halts on an empty validator set. It sees the state after the
// transaction's messages, so it covers every path that moves stake (staking
// Msgs, authz, Msgs dispatched by contracts). With one seat per body, a body
// that unbonds any part of its seat leaves the set; this keeps the last one.
//
// The check reads one key of the staking power index: O(1) per transaction,
// no decoding.
type ValidatorSetGuard struct {
	staking *stakingkeeper.Keeper
}

// NewValidatorSetGuard returns the guard over the staking keeper.
func NewValidatorSetGuard(sk *stakingkeeper.Keeper) ValidatorSetGuard {
	return ValidatorSetGuard{staking: sk}
}

// PostHandle implements sdk.PostDecorator.
func (g ValidatorSetGuard) PostHandle(ctx sdk.Context, tx sdk.Tx, simulate, success bool, next sdk.PostHandler) (sdk.Context, error) {
	if success {
		hasPower, err := agencykeeper.SomeValidatorHasPower(ctx, g.staking)
		if err != nil {
			return ctx, err
		}
		if !hasPower {
			return ctx, errorsmod.Wrap(ErrNoValidatorLeft,
				"no bonded validator would keep any voting power: the last seat cannot be unbonded or moved away")
		}
	}
	return next(ctx, tx, simulate, success)
}
