package app

import (
	"bytes"
	"fmt"
	"sort"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
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
	agencyGen, err := app.AgencyKeeper.ExportGenesis(ctx)
	if err != nil {
		return err
	}
	seatUnit := app.StakingKeeper.PowerReduction(ctx)
	granted := map[string]sdkmath.Int{}
	for _, g := range agencyGen.SeatGrants {
		granted[g.Operator] = sdkmath.NewIntFromUint64(g.Seats).Mul(seatUnit)
	}
	denom, err := app.StakingKeeper.BondDenom(ctx)
	if err != nil {
		return err
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
	var iterErr error
	app.BankKeeper.IterateAllBalances(ctx, func(addr sdk.AccAddress, coin sdk.Coin) bool {
		if coin.Denom == denom && !pools[addr.String()] {
			add(addr.String(), coin.Amount)
		}
		return false
	})

	vals, err := app.StakingKeeper.GetAllValidators(ctx)
	if err != nil {
		return err
	}
	byOperator := map[string]stakingtypes.Validator{}
	for _, v := range vals {
		byOperator[v.OperatorAddress] = v
		valAddr, err := sdk.ValAddressFromBech32(v.OperatorAddress)
		if err != nil {
			return err
		}
		if op := sdk.AccAddress(valAddr).String(); granted[op].IsNil() && (v.Tokens.IsPositive() || v.DelegatorShares.IsPositive()) {
			return fmt.Errorf("genesis: validator %s (%s) has stake but no seat grant: add {agency_id, operator: %q, seats} to app_state.agency.seat_grants",
				v.OperatorAddress, v.Description.Moniker, op)
		}
	}
	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	for _, d := range dels {
		if err := checkSelfDelegation(d.DelegatorAddress, d.ValidatorAddress, "delegation"); err != nil {
			return err
		}
		add(d.DelegatorAddress, byOperator[d.ValidatorAddress].TokensFromShares(d.Shares).TruncateInt())
	}
	err = app.StakingKeeper.IterateUnbondingDelegations(ctx, func(_ int64, ubd stakingtypes.UnbondingDelegation) bool {
		if iterErr = checkSelfDelegation(ubd.DelegatorAddress, ubd.ValidatorAddress, "unbonding delegation"); iterErr != nil {
			return true
		}
		for _, e := range ubd.Entries {
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

// checkGenesisDelegations checks the staking genesis before it is loaded:
// every delegation is a self-delegation.
func checkGenesisDelegations(cdc codec.JSONCodec, genesis GenesisState) error {
	raw, ok := genesis[stakingtypes.ModuleName]
	if !ok {
		return nil
	}
	var gs stakingtypes.GenesisState
	if err := cdc.UnmarshalJSON(raw, &gs); err != nil {
		return fmt.Errorf("genesis: staking state: %w", err)
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
