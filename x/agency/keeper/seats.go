package keeper

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	corestore "cosmossdk.io/core/store"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/civitas-chain/civitas/x/agency/types"
)

// IssueSeats mints seats to an active agency's operator account, within
// max_seats_per_agency. The operator then runs create-validator with them.
func (m msgServer) IssueSeats(ctx context.Context, msg *types.MsgIssueSeats) (*types.MsgIssueSeatsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	agency, err := m.GetAgency(ctx, msg.AgencyId)
	if err != nil {
		return nil, err
	}
	if agency.Status != types.AGENCY_STATUS_ACTIVE {
		return nil, errorsmod.Wrapf(types.ErrAgencySuspended, "agency %d", agency.Id)
	}
	operator, err := m.addressCodec.StringToBytes(msg.Operator)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "operator %q: %s", msg.Operator, err)
	}
	if msg.Seats == 0 {
		return nil, errorsmod.Wrap(types.ErrInvalidSeats, "seats must be at least 1")
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	held, err := m.agencySeats(ctx, agency.Id)
	if err != nil {
		return nil, err
	}
	if max := uint64(params.MaxSeatsPerAgency); msg.Seats > max || held > max-msg.Seats { // no uint64 overflow
		return nil, errorsmod.Wrapf(types.ErrInvalidSeats, "agency %d holds %d seat(s); %d more would exceed max_seats_per_agency %d",
			agency.Id, held, msg.Seats, params.MaxSeatsPerAgency)
	}
	coins, err := m.seatCoins(ctx, math.NewIntFromUint64(msg.Seats))
	if err != nil {
		return nil, err
	}
	if err := m.bank.MintCoins(ctx, types.ModuleName, coins); err != nil {
		return nil, err
	}
	if err := m.bank.SendCoinsFromModuleToAccount(ctx, types.ModuleName, operator, coins); err != nil {
		return nil, err
	}
	key := collections.Join(agency.Id, sdk.AccAddress(operator))
	grant, err := m.SeatGrants.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	grant = types.SeatGrant{AgencyId: agency.Id, Operator: msg.Operator, Seats: grant.Seats + msg.Seats, IssuedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	if err := m.SeatGrants.Set(ctx, key, grant); err != nil {
		return nil, err
	}
	return &types.MsgIssueSeatsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSeatsIssued{
		AgencyId: agency.Id, Operator: msg.Operator, Seats: msg.Seats, Amount: coins.String(),
	})
}

// RevokeSeats takes every seat of an operator of the agency away: its
// self-delegation is unbonded (which jails its validator, so it leaves the
// set at the end of the block) and burned from the staking pool, unbonding
// entries are burned, and liquid seats are burned. Stake that other bodies
// delegated to the validator is left to them. Refused if no validator would
// keep any power (CometBFT halts on an empty set).
func (m msgServer) RevokeSeats(ctx context.Context, msg *types.MsgRevokeSeats) (*types.MsgRevokeSeatsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if _, err := m.GetAgency(ctx, msg.AgencyId); err != nil {
		return nil, err
	}
	operator, err := m.addressCodec.StringToBytes(msg.Operator)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "operator %q: %s", msg.Operator, err)
	}
	key := collections.Join(msg.AgencyId, sdk.AccAddress(operator))
	if has, err := m.SeatGrants.Has(ctx, key); err != nil {
		return nil, err
	} else if !has {
		return nil, errorsmod.Wrapf(types.ErrInvalidSeats, "agency %d issued no seats to %s", msg.AgencyId, msg.Operator)
	}
	if err := m.checkText(ctx, types.ErrInvalidSeats, "reason", msg.Reason); err != nil {
		return nil, err
	}

	burned, err := m.burnSeatsOf(ctx, operator)
	if err != nil {
		return nil, err
	}
	hasPower, err := SomeValidatorHasPower(ctx, m.staking)
	if err != nil {
		return nil, err
	}
	if !hasPower {
		return nil, errorsmod.Wrapf(types.ErrLastValidator, "revoking %s would leave no validator with voting power", msg.Operator)
	}
	if err := m.SeatGrants.Remove(ctx, key); err != nil {
		return nil, err
	}
	return &types.MsgRevokeSeatsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSeatsRevoked{
		AgencyId: msg.AgencyId, Operator: msg.Operator, Reason: msg.Reason, Burned: burned.String(),
	})
}

// burnSeatsOf burns the operator's self-delegated, unbonding and liquid
// seats, and returns what was burned.
func (k Keeper) burnSeatsOf(ctx context.Context, operator sdk.AccAddress) (sdk.Coin, error) {
	denom, err := k.staking.BondDenom(ctx)
	if err != nil {
		return sdk.Coin{}, err
	}
	burned := math.ZeroInt()
	burn := func(module string, amt math.Int) error {
		if !amt.IsPositive() {
			return nil
		}
		burned = burned.Add(amt)
		return k.bank.BurnCoins(ctx, module, sdk.NewCoins(sdk.NewCoin(denom, amt)))
	}
	valAddr := sdk.ValAddress(operator)

	// Self-delegation: its tokens are in the bonded pool while the validator
	// is bonded, else in the not-bonded pool.
	del, err := k.staking.GetDelegation(ctx, operator, valAddr)
	switch {
	case errors.Is(err, stakingtypes.ErrNoDelegation):
	case err != nil:
		return sdk.Coin{}, err
	default:
		val, err := k.staking.GetValidator(ctx, valAddr)
		if err != nil {
			return sdk.Coin{}, err
		}
		pool := stakingtypes.NotBondedPoolName
		if val.IsBonded() {
			pool = stakingtypes.BondedPoolName
		}
		amt, err := k.staking.Unbond(ctx, operator, valAddr, del.Shares)
		if err != nil {
			return sdk.Coin{}, err
		}
		if err := burn(pool, amt); err != nil {
			return sdk.Coin{}, err
		}
	}

	// Seats on their way back to the operator (staking burns them itself).
	ubd, err := k.staking.GetUnbondingDelegation(ctx, operator, valAddr)
	switch {
	case errors.Is(err, stakingtypes.ErrNoUnbondingDelegation):
	case err != nil:
		return sdk.Coin{}, err
	default:
		before := sumBalances(ubd)
		if _, err := k.staking.SlashUnbondingDelegation(ctx, ubd, 0, math.LegacyOneDec()); err != nil {
			return sdk.Coin{}, err
		}
		after, err := k.staking.GetUnbondingDelegation(ctx, operator, valAddr)
		if err != nil {
			return sdk.Coin{}, err
		}
		burned = burned.Add(before.Sub(sumBalances(after)))
	}

	// Liquid seats go back to the issuer (this module) and are burned.
	if liquid := k.bank.GetBalance(ctx, operator, denom); liquid.IsPositive() {
		if err := k.bank.SendCoinsFromAccountToModule(ctx, operator, types.ModuleName, sdk.NewCoins(liquid)); err != nil {
			return sdk.Coin{}, err
		}
		if err := burn(types.ModuleName, liquid.Amount); err != nil {
			return sdk.Coin{}, err
		}
	}
	return sdk.NewCoin(denom, burned), nil
}

func sumBalances(ubd stakingtypes.UnbondingDelegation) math.Int {
	total := math.ZeroInt()
	for _, e := range ubd.Entries {
		total = total.Add(e.Balance)
	}
	return total
}

// agencySeats returns the seats an agency holds across its operators.
func (k Keeper) agencySeats(ctx context.Context, agencyID uint64) (uint64, error) {
	iter, err := k.SeatGrants.Iterate(ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](agencyID))
	if err != nil {
		return 0, err
	}
	defer iter.Close()
	var total uint64
	for ; iter.Valid(); iter.Next() {
		g, err := iter.Value()
		if err != nil {
			return 0, err
		}
		total += g.Seats
	}
	return total, nil
}

func (k Keeper) seatCoins(ctx context.Context, seats math.Int) (sdk.Coins, error) {
	denom, err := k.staking.BondDenom(ctx)
	if err != nil {
		return nil, err
	}
	return sdk.NewCoins(sdk.NewCoin(denom, seats.Mul(k.staking.PowerReduction(ctx)))), nil
}

// PowerIndex is the part of the staking keeper that SomeValidatorHasPower reads.
type PowerIndex interface {
	ValidatorsPowerStoreIterator(ctx context.Context) (corestore.Iterator, error)
}

// SomeValidatorHasPower reports whether the first entry of the staking power
// index (the validator with the most stake) has consensus power, i.e. whether
// the validator set will not be empty at the end of the block. The index key
// is prefix | power (8 bytes, big endian) | address length | address, so
// nothing is decoded; jailed validators are not in the index. O(1).
func SomeValidatorHasPower(ctx context.Context, sk PowerIndex) (bool, error) {
	iter, err := sk.ValidatorsPowerStoreIterator(ctx)
	if err != nil {
		return false, err
	}
	defer iter.Close()
	if !iter.Valid() {
		return false, nil
	}
	key := iter.Key()
	if len(key) < 9 {
		return false, fmt.Errorf("malformed staking power index key %X", key)
	}
	return binary.BigEndian.Uint64(key[1:9]) > 0, nil
}
