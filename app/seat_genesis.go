package app

import (
	"bytes"
	"fmt"
	"sort"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// checkSeatGenesis checks, once every module has loaded its genesis (and the
// gentxs have created their validators), that the seats in the state are
// governed like those governance issues later:
//   - every account holds (liquid + bonded + unbonding) at most the seats its
//     grant issued, and an account without a grant holds none; a slash for
//     double-signing may have burned part of a grant, never added to one;
//   - every validator with stake is run by a grant holder (so governance can
//     revoke it); a validator whose seat was revoked (no stake, waiting for
//     the end of its unbonding) may remain;
//   - every delegation and unbonding is its holder's own, with its own
//     validator, and no redelegation exists (one body, one seat).
//
// It holds for every state the chain can reach, so the chain's own export
// always imports. A genesis that breaks it does not start, with an error
// that names the account or validator.
func (app *CivitasApp) checkSeatGenesis(ctx sdk.Context) error {
	seatUnit := agencytypes.SeatUnit
	granted := map[string]sdkmath.Int{}
	err := app.AgencyKeeper.SeatGrants.Walk(ctx, nil, func(_ collections.Pair[uint64, sdk.AccAddress], g agencytypes.SeatGrant) (bool, error) {
		granted[g.Operator] = sdkmath.NewIntFromUint64(g.Seats).Mul(seatUnit)
		return false, nil
	})
	if err != nil {
		return err
	}
	denom, err := app.StakingKeeper.BondDenom(ctx)
	if err != nil {
		return err
	}
	if denom != SeatDenom {
		return fmt.Errorf("genesis: the staking bond denom is %q: it must be the seat token %q", denom, SeatDenom)
	}

	held := map[string]sdkmath.Int{}
	add := func(addr string, amt sdkmath.Int) {
		if prev, ok := held[addr]; ok {
			amt = amt.Add(prev)
		}
		held[addr] = amt
	}
	pools := map[string]bool{
		authtypes.NewModuleAddress(stakingtypes.BondedPoolName).String():    true,
		authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName).String(): true,
	}
	app.BankKeeper.IterateAllBalances(ctx, func(addr sdk.AccAddress, coin sdk.Coin) bool {
		if coin.Denom == denom && !pools[addr.String()] {
			add(addr.String(), coin.Amount)
		}
		return false
	})

	// Bonded seats: every delegation is its operator's self-delegation, and
	// they make up all of the validator's shares, so a validator's tokens
	// are its operator's bonded seats.
	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	sharesOf := map[string]sdkmath.LegacyDec{}
	for _, d := range dels {
		if err := checkSelfDelegation(d.DelegatorAddress, d.ValidatorAddress, "delegation"); err != nil {
			return err
		}
		if d.Shares.IsNil() || d.Shares.IsNegative() {
			return fmt.Errorf("genesis: delegation of %s has negative shares", d.DelegatorAddress)
		}
		sharesOf[d.ValidatorAddress] = d.Shares
	}
	vals, err := app.StakingKeeper.GetAllValidators(ctx)
	if err != nil {
		return err
	}
	for _, v := range vals {
		valAddr, err := sdk.ValAddressFromBech32(v.OperatorAddress)
		if err != nil {
			return err
		}
		op := sdk.AccAddress(valAddr).String()
		if v.Tokens.IsNegative() || v.DelegatorShares.IsNegative() {
			return fmt.Errorf("genesis: validator %s has negative tokens or shares", v.OperatorAddress)
		}
		if shares, ok := sharesOf[v.OperatorAddress]; !ok && v.DelegatorShares.IsPositive() || ok && !shares.Equal(v.DelegatorShares) {
			return fmt.Errorf("genesis: validator %s has %s delegator shares but its operator's self-delegation holds %s: every share is its operator's",
				v.OperatorAddress, v.DelegatorShares, shares)
		}
		if !v.Tokens.IsZero() && !v.DelegatorShares.IsPositive() {
			return fmt.Errorf("genesis: validator %s has %s tokens and no delegation", v.OperatorAddress, v.Tokens)
		}
		if _, ok := granted[op]; !ok && (v.Tokens.IsPositive() || v.DelegatorShares.IsPositive()) {
			return fmt.Errorf("genesis: validator %s (%s) has stake but no seat grant: add {agency_id, operator: %q, seats} to app_state.agency.seat_grants",
				v.OperatorAddress, v.Description.Moniker, op)
		}
		add(op, v.Tokens)
		delete(sharesOf, v.OperatorAddress)
	}
	if len(sharesOf) > 0 {
		orphans := make([]string, 0, len(sharesOf))
		for valAddr := range sharesOf {
			orphans = append(orphans, valAddr)
		}
		sort.Strings(orphans)
		return fmt.Errorf("genesis: a delegation to %s, which is not a validator", orphans[0])
	}

	var iterErr error
	err = app.StakingKeeper.IterateUnbondingDelegations(ctx, func(_ int64, ubd stakingtypes.UnbondingDelegation) bool {
		if iterErr = checkSelfDelegation(ubd.DelegatorAddress, ubd.ValidatorAddress, "unbonding delegation"); iterErr != nil {
			return true
		}
		for _, e := range ubd.Entries {
			if e.Balance.IsNil() || e.Balance.IsNegative() {
				iterErr = fmt.Errorf("genesis: unbonding delegation of %s has a negative balance", ubd.DelegatorAddress)
				return true
			}
			add(ubd.DelegatorAddress, e.Balance)
		}
		return false
	})
	if err != nil {
		return err
	}
	if iterErr != nil {
		return iterErr
	}
	err = app.StakingKeeper.IterateRedelegations(ctx, func(_ int64, red stakingtypes.Redelegation) bool {
		iterErr = fmt.Errorf("genesis: redelegation of %s from %s to %s: seats cannot be redelegated", red.DelegatorAddress, red.ValidatorSrcAddress, red.ValidatorDstAddress)
		return true
	})
	if err != nil {
		return err
	}
	if iterErr != nil {
		return iterErr
	}

	holders := make([]string, 0, len(held))
	for addr := range held {
		holders = append(holders, addr)
	}
	sort.Strings(holders)
	for _, addr := range holders {
		grant, ok := granted[addr]
		if !ok {
			grant = sdkmath.ZeroInt()
		}
		if amt := held[addr]; amt.GT(grant) {
			return fmt.Errorf("genesis: %s holds %s%s (liquid, bonded and unbonding) but its seat grant issued %s%s: every seat must come from a seat grant (app_state.agency.seat_grants)",
				addr, amt, denom, grant, denom)
		}
	}
	return nil
}

// checkGenesisDelegations checks the staking genesis before it is loaded
// (staking's InitGenesis panics on what it refuses): the bond denom is the
// seat token and every delegation is a self-delegation.
func checkGenesisDelegations(cdc codec.JSONCodec, genesis GenesisState) error {
	raw, ok := genesis[stakingtypes.ModuleName]
	if !ok {
		return nil
	}
	var gs stakingtypes.GenesisState
	if err := cdc.UnmarshalJSON(raw, &gs); err != nil {
		return fmt.Errorf("genesis: staking state: %w", err)
	}
	if gs.Params.BondDenom != SeatDenom {
		return fmt.Errorf("genesis: the staking bond denom is %q: it must be the seat token %q", gs.Params.BondDenom, SeatDenom)
	}
	for _, d := range gs.Delegations {
		if err := checkSelfDelegation(d.DelegatorAddress, d.ValidatorAddress, "delegation"); err != nil {
			return err
		}
	}
	return nil
}

// checkSelfDelegation fails unless delegator operates validator.
func checkSelfDelegation(delegator, validator, what string) error {
	del, err := sdk.AccAddressFromBech32(delegator)
	if err != nil {
		return err
	}
	val, err := sdk.ValAddressFromBech32(validator)
	if err != nil {
		return err
	}
	if !bytes.Equal(del, val) {
		return fmt.Errorf("genesis: %s of %s to %s is not a self-delegation: seats bond only as their holder's self-delegation",
			what, delegator, validator)
	}
	return nil
}
