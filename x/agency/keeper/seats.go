package keeper

import (
	"context"
	"errors"
	stdmath "math"
	"sort"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
)

// IssueSeats mints seats to an active agency's operator account, within
// max_seats_per_agency. The operator then runs create-validator with them.
// An operator holds the seats of one agency only, so that revoking one
// agency's grant never touches another's.
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
	operator, operatorStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "operator", msg.Operator)
	if err != nil {
		return nil, err
	}
	if msg.Seats == 0 {
		return nil, errorsmod.Wrap(types.ErrInvalidSeats, "seats must be at least 1")
	}
	if other, err := m.SeatOperators.Get(ctx, operator); err == nil && other != agency.Id {
		return nil, errorsmod.Wrapf(types.ErrInvalidSeats, "%s already holds the seats of agency %d: an operator serves one agency", operatorStr, other)
	} else if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
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
	key := collections.Join(agency.Id, operator)
	grant, err := m.SeatGrants.Get(ctx, key)
	if err != nil && !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	grant = types.SeatGrant{AgencyId: agency.Id, Operator: operatorStr, Seats: grant.Seats + msg.Seats, IssuedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	if err := m.SeatGrants.Set(ctx, key, grant); err != nil {
		return nil, err
	}
	if err := m.SeatOperators.Set(ctx, operator, agency.Id); err != nil {
		return nil, err
	}
	return &types.MsgIssueSeatsResponse{}, common.EmitEvent(ctx, &types.EventSeatsIssued{
		AgencyId: agency.Id, Operator: operatorStr, Seats: msg.Seats, Amount: coins.String(),
	})
}

// RevokeSeats takes back exactly the seats the grant issued, wherever they
// are now: bonded (the operator's delegations: its self-delegation, and any
// delegation made before seats were bound to self-delegation), unbonding
// (every entry, matured or not), and liquid. Redelegation records of the
// operator are removed with them. Its validator loses its power and is jailed
// (below its min self-delegation), so it leaves the set at the end of the
// block. Nothing beyond the grant's amount is burned, and nothing that
// belongs to another account. Refused if no validator would keep any power
// (CometBFT halts on an empty set).
func (m msgServer) RevokeSeats(ctx context.Context, msg *types.MsgRevokeSeats) (*types.MsgRevokeSeatsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if _, err := m.GetAgency(ctx, msg.AgencyId); err != nil {
		return nil, err
	}
	operator, operatorStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "operator", msg.Operator)
	if err != nil {
		return nil, err
	}
	key := collections.Join(msg.AgencyId, operator)
	grant, err := m.SeatGrants.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrInvalidSeats, "agency %d issued no seats to %s", msg.AgencyId, operatorStr)
	}
	if err != nil {
		return nil, err
	}
	if err := m.checkText(ctx, types.ErrInvalidSeats, "reason", msg.Reason); err != nil {
		return nil, err
	}

	issued, err := m.seatCoins(ctx, math.NewIntFromUint64(grant.Seats))
	if err != nil {
		return nil, err
	}
	burned, err := m.burnSeatsOf(ctx, operator, issued[0])
	if err != nil {
		return nil, err
	}
	hasPower, err := m.validatorSetCheck(ctx)
	if err != nil {
		return nil, err
	}
	if !hasPower {
		return nil, errorsmod.Wrapf(types.ErrLastValidator, "revoking %s would leave no validator with voting power", operatorStr)
	}
	if err := m.SeatGrants.Remove(ctx, key); err != nil {
		return nil, err
	}
	if err := m.SeatOperators.Remove(ctx, operator); err != nil {
		return nil, err
	}
	return &types.MsgRevokeSeatsResponse{}, common.EmitEvent(ctx, &types.EventSeatsRevoked{
		AgencyId: msg.AgencyId, Operator: operatorStr, Reason: msg.Reason, Burned: burned.String(),
	})
}

// burnSeatsOf burns up to issued of the operator's seats: bonded first (so
// that its power goes), then unbonding entries (matured ones included, which
// staking would otherwise pay out at the end of the block), then liquid. It
// returns what was burned.
func (k Keeper) burnSeatsOf(ctx context.Context, operator sdk.AccAddress, issued sdk.Coin) (sdk.Coin, error) {
	denom := issued.Denom
	left := issued.Amount
	burn := func(module string, amt math.Int) error {
		if !amt.IsPositive() {
			return nil
		}
		left = left.Sub(amt)
		return k.bank.BurnCoins(ctx, module, sdk.NewCoins(sdk.NewCoin(denom, amt)))
	}

	// Bonded: every delegation of the operator, its own validator first.
	// Their tokens are in the bonded pool while the validator is bonded, else
	// in the not-bonded pool.
	dels, err := k.staking.GetDelegatorDelegations(ctx, operator, stdmath.MaxUint16)
	if err != nil {
		return sdk.Coin{}, err
	}
	sort.SliceStable(dels, func(i, j int) bool {
		return dels[i].ValidatorAddress == sdk.ValAddress(operator).String() && dels[j].ValidatorAddress != sdk.ValAddress(operator).String()
	})
	for _, del := range dels {
		if !left.IsPositive() {
			break
		}
		valAddr, err := sdk.ValAddressFromBech32(del.ValidatorAddress)
		if err != nil {
			return sdk.Coin{}, err
		}
		val, err := k.staking.GetValidator(ctx, valAddr)
		if err != nil {
			return sdk.Coin{}, err
		}
		shares := del.Shares
		if val.TokensFromShares(shares).TruncateInt().GT(left) {
			if shares, err = val.SharesFromTokens(left); err != nil {
				return sdk.Coin{}, err
			}
		}
		pool := stakingtypes.NotBondedPoolName
		if val.IsBonded() {
			pool = stakingtypes.BondedPoolName
		}
		amt, err := k.staking.Unbond(ctx, operator, valAddr, shares)
		if err != nil {
			return sdk.Coin{}, err
		}
		if err := burn(pool, math.MinInt(amt, left)); err != nil {
			return sdk.Coin{}, err
		}
	}

	// Unbonding: the tokens of every entry are in the not-bonded pool. The
	// entries are removed, so staking pays nothing out when they mature.
	ubds, err := k.staking.GetUnbondingDelegations(ctx, operator, stdmath.MaxUint16)
	if err != nil {
		return sdk.Coin{}, err
	}
	for _, ubd := range ubds {
		for i := 0; i < len(ubd.Entries) && left.IsPositive(); i++ {
			entry := ubd.Entries[i]
			amt := math.MinInt(entry.Balance, left)
			if err := burn(stakingtypes.NotBondedPoolName, amt); err != nil {
				return sdk.Coin{}, err
			}
			if amt.Equal(entry.Balance) {
				if err := k.staking.DeleteUnbondingIndex(ctx, entry.UnbondingId); err != nil {
					return sdk.Coin{}, err
				}
				ubd.RemoveEntry(int64(i))
				i--
			} else {
				ubd.Entries[i].Balance = entry.Balance.Sub(amt)
			}
		}
		if len(ubd.Entries) == 0 {
			err = k.staking.RemoveUnbondingDelegation(ctx, ubd)
		} else {
			err = k.staking.SetUnbondingDelegation(ctx, ubd)
		}
		if err != nil {
			return sdk.Coin{}, err
		}
	}

	// Redelegation records only track redelegated stake for slashing; the
	// stake itself was burned with the delegations above.
	reds, err := k.staking.GetRedelegations(ctx, operator, stdmath.MaxUint16)
	if err != nil {
		return sdk.Coin{}, err
	}
	for _, red := range reds {
		for _, e := range red.Entries {
			if err := k.staking.DeleteUnbondingIndex(ctx, e.UnbondingId); err != nil {
				return sdk.Coin{}, err
			}
		}
		if err := k.staking.RemoveRedelegation(ctx, red); err != nil {
			return sdk.Coin{}, err
		}
	}

	// Liquid seats go back to the issuer (this module) and are burned.
	if liquid := k.bank.GetBalance(ctx, operator, denom); liquid.IsPositive() && left.IsPositive() {
		amt := math.MinInt(liquid.Amount, left)
		if err := k.bank.SendCoinsFromAccountToModule(ctx, operator, types.ModuleName, sdk.NewCoins(sdk.NewCoin(denom, amt))); err != nil {
			return sdk.Coin{}, err
		}
		if err := burn(types.ModuleName, amt); err != nil {
			return sdk.Coin{}, err
		}
	}
	return sdk.NewCoin(denom, issued.Amount.Sub(left)), nil
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
	return sdk.NewCoins(sdk.NewCoin(denom, seats.Mul(types.SeatUnit))), nil
}
