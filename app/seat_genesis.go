package app

import (
	"bytes"
	"fmt"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"

	sdk "github.com/cosmos/cosmos-sdk/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// checkSeatGenesis checks, once every module has loaded its genesis (and the
// gentxs have created their validators), that the seats in the state are
// governed like those governance issues later:
//   - the useat supply is exactly what the seat grants issued;
//   - every validator's operator holds a seat grant (so governance can revoke
//     it);
//   - every delegation is its delegator's self-delegation (one body, one seat).
//
// A genesis that breaks one of these does not start, with an error that says
// which record is wrong.
func (app *CivitasApp) checkSeatGenesis(ctx sdk.Context) error {
	grants, err := app.AgencyKeeper.ExportGenesis(ctx)
	if err != nil {
		return err
	}
	issued := sdkmath.ZeroInt()
	operators := map[string]bool{}
	for _, g := range grants.SeatGrants {
		issued = issued.Add(sdkmath.NewIntFromUint64(g.Seats).Mul(app.StakingKeeper.PowerReduction(ctx)))
		operators[g.Operator] = true
	}
	denom, err := app.StakingKeeper.BondDenom(ctx)
	if err != nil {
		return err
	}
	if supply := app.BankKeeper.GetSupply(ctx, denom); !supply.Amount.Equal(issued) {
		return fmt.Errorf("genesis: the %s supply is %s but the agency seat grants issued %s: every seat must come from a seat grant (app_state.agency.seat_grants)",
			denom, supply.Amount, issued)
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
		if op := sdk.AccAddress(valAddr).String(); !operators[op] {
			return fmt.Errorf("genesis: validator %s (%s) has no seat grant: add {agency_id, operator: %q, seats} to app_state.agency.seat_grants",
				v.OperatorAddress, v.Description.Moniker, op)
		}
	}
	dels, err := app.StakingKeeper.GetAllDelegations(ctx)
	if err != nil {
		return err
	}
	for _, d := range dels {
		if err := checkSelfDelegation(d); err != nil {
			return err
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
		if err := checkSelfDelegation(d); err != nil {
			return err
		}
	}
	return nil
}

func checkSelfDelegation(d stakingtypes.Delegation) error {
	del, err := sdk.AccAddressFromBech32(d.DelegatorAddress)
	if err != nil {
		return err
	}
	val, err := sdk.ValAddressFromBech32(d.ValidatorAddress)
	if err != nil {
		return err
	}
	if !bytes.Equal(del, val) {
		return fmt.Errorf("genesis: delegation of %s to %s is not a self-delegation: seats bond only as their holder's self-delegation",
			d.DelegatorAddress, d.ValidatorAddress)
	}
	return nil
}
