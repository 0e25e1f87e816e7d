package app

import (
	"context"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	bankkeeper "github.com/cosmos/cosmos-sdk/x/bank/keeper"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	distrtypes "github.com/cosmos/cosmos-sdk/x/distribution/types"
	slashingkeeper "github.com/cosmos/cosmos-sdk/x/slashing/keeper"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingkeeper "github.com/cosmos/cosmos-sdk/x/staking/keeper"
	stakingsims "github.com/cosmos/cosmos-sdk/x/staking/simulation"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common/simhelp"
	procurementtypes "github.com/civitas-chain/civitas/x/procurement/types"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// SimulatedModules are the modules whose message factories the simulation
// (make test-sim) runs. Left out: gov (its random proposals carry every
// module's random params, e.g. a staking bond denom other than the seat,
// which the gov router refuses by design), authz and feegrant (they only
// wrap others' messages), wasm (uploads need a CONTRACT_DEVELOPER role and
// its factories' reflect contract), IBC (no counterparty chain).
var SimulatedModules = []string{
	authtypes.ModuleName, banktypes.ModuleName, distrtypes.ModuleName, slashingtypes.ModuleName, stakingtypes.ModuleName,
	agencytypes.ModuleName, votingtypes.ModuleName, budgettypes.ModuleName, procurementtypes.ModuleName,
}

// newSimulationManager builds the simulation manager of SimulatedModules;
// staking runs through seatStakingSims.
func (app *CivitasApp) newSimulationManager() *module.SimulationManager {
	var mods []module.AppModuleSimulation
	for _, name := range SimulatedModules {
		m, ok := app.ModuleManager.Modules[name].(module.AppModuleSimulation)
		if !ok {
			panic("module " + name + " has no simulation")
		}
		if name == stakingtypes.ModuleName {
			m = seatStakingSims{AppModuleSimulation: m, keeper: app.StakingKeeper, bank: app.BankKeeper, slashing: app.SlashingKeeper}
		}
		mods = append(mods, m)
	}
	return module.NewSimulationManager(mods...)
}

// seatStakingSims runs the staking factories that apply to seat validators:
// a body's operator edits its validator, unbonds part or all of its seat
// (never the last power: the validator-set guard refuses it), cancels an
// unbonding, and creates its validator again from its liquid seats.
// Delegating to another body's validator and redelegating are refused by
// design (one body, one seat: SeatHooks, tested in app/seats_test.go), so
// they are not run.
type seatStakingSims struct {
	module.AppModuleSimulation
	keeper   *stakingkeeper.Keeper
	bank     bankkeeper.Keeper
	slashing slashingkeeper.Keeper
}

// WeightedOperationsX registers the staking factories that apply.
func (s seatStakingSims) WeightedOperationsX(weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("msg_create_validator", 20), s.createValidator())
	reg.Add(weights.Get("msg_edit_validator", 5), stakingsims.MsgEditValidatorFactory(s.keeper))
	reg.Add(weights.Get("msg_undelegate", 20), s.guarded(stakingsims.MsgUndelegateFactory(s.keeper)))
	reg.Add(weights.Get("msg_undelegate_tombstoned", 40), s.guarded(s.leaveTombstoned()))
	reg.Add(weights.Get("msg_cancel_unbonding_delegation", 20), stakingsims.MsgCancelUnbondingDelegationFactory(s.keeper))
}

// createValidator: an operator whose seats are liquid again (its validator,
// e.g. tombstoned for double-signing, unbonded and was removed) bonds them
// to a new validator with a new consensus key.
func (s seatStakingSims) createValidator() simsx.SimMsgFactoryFn[*stakingtypes.MsgCreateValidator] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *stakingtypes.MsgCreateValidator) {
		var seats sdk.Coin
		op, _ := simhelp.AccountWhere(testData, reporter, "no operator with liquid seats", func(addr string) bool {
			acc, err := sdk.AccAddressFromBech32(addr)
			if err != nil {
				return false
			}
			if _, err := s.keeper.GetValidator(ctx, sdk.ValAddress(acc)); err == nil {
				return false
			}
			seats = s.bank.GetBalance(ctx, acc, SeatDenom)
			return seats.IsPositive()
		})
		if reporter.IsSkipped() {
			return nil, nil
		}
		// A new key, as a body rotates after its validator was tombstoned.
		secret := make([]byte, 32)
		testData.Rand().Read(secret)
		pk := ed25519.GenPrivKeyFromSecret(secret).PubKey()
		if _, err := s.keeper.GetValidatorByConsAddr(ctx, sdk.GetConsAddress(pk)); err == nil {
			reporter.Skip("the consensus key is in use")
			return nil, nil
		}
		msg, err := stakingtypes.NewMsgCreateValidator(sdk.ValAddress(op.Address).String(), pk, seats,
			stakingtypes.NewDescription(testData.Rand().StringN(10), "", "", "", ""),
			stakingtypes.NewCommissionRates(math.LegacyZeroDec(), math.LegacyOneDec(), math.LegacyZeroDec()), math.OneInt())
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		return []simsx.SimAccount{op}, msg
	}
}

// SimBalanceSource is the simulation's view of liquid balances: every coin
// but the seat token, which cannot pay a fee or be sent (SeatSendRestriction),
// so the simulator never offers it as either.
type SimBalanceSource struct{ Bank bankkeeper.Keeper }

// SpendableCoins implements simsx.BalanceSource.
func (b SimBalanceSource) SpendableCoins(ctx context.Context, addr sdk.AccAddress) sdk.Coins {
	coins := b.Bank.SpendableCoins(ctx, addr)
	return coins.Sub(sdk.NewCoin(SeatDenom, coins.AmountOf(SeatDenom)))
}

// IsSendEnabledDenom implements simsx.BalanceSource.
func (b SimBalanceSource) IsSendEnabledDenom(ctx context.Context, denom string) bool {
	return denom != SeatDenom && b.Bank.IsSendEnabledDenom(ctx, denom)
}

// leaveTombstoned: the operator of a validator tombstoned for
// double-signing (jailed for good) unbonds all of its seat, to bond it
// again to a new validator (createValidator) once the unbonding ends.
func (s seatStakingSims) leaveTombstoned() simsx.SimMsgFactoryFn[*stakingtypes.MsgUndelegate] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *stakingtypes.MsgUndelegate) {
		var out []stakingtypes.Validator
		_ = s.keeper.IterateValidators(ctx, func(_ int64, v stakingtypes.ValidatorI) bool {
			val, ok := v.(stakingtypes.Validator)
			if !ok || !val.Jailed || !val.Tokens.IsPositive() {
				return false
			}
			consAddr, err := val.GetConsAddr()
			if err == nil && s.slashing.IsTombstoned(ctx, consAddr) {
				out = append(out, val)
			}
			return false
		})
		val, ok := simhelp.Pick(testData, reporter, out, "no tombstoned validator")
		if !ok {
			return nil, nil
		}
		valAddr, err := sdk.ValAddressFromBech32(val.OperatorAddress)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		op, ok := simhelp.Signer(testData, reporter, sdk.AccAddress(valAddr).String())
		if !ok {
			return nil, nil
		}
		del, err := s.keeper.GetDelegation(ctx, op.Address, valAddr)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		amount := val.TokensFromShares(del.Shares).TruncateInt()
		if !amount.IsPositive() {
			reporter.Skip("nothing to unbond")
			return nil, nil
		}
		return []simsx.SimAccount{op}, stakingtypes.NewMsgUndelegate(op.AddressBech32, val.OperatorAddress, sdk.NewCoin(SeatDenom, amount))
	}
}

// guarded skips an unbonding that the validator-set guard would refuse
// (ErrNoValidatorLeft: after it no validator would keep power, e.g. every
// other one is jailed).
func (s seatStakingSims) guarded(inner simsx.SimMsgFactoryFn[*stakingtypes.MsgUndelegate]) simsx.SimMsgFactoryFn[*stakingtypes.MsgUndelegate] {
	ms := stakingkeeper.NewMsgServerImpl(s.keeper)
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *stakingtypes.MsgUndelegate) {
		signers, msg := inner(ctx, testData, reporter)
		if reporter.IsSkipped() || msg == nil {
			return signers, msg
		}
		cache, _ := sdk.UnwrapSDKContext(ctx).CacheContext()
		if _, err := ms.Undelegate(cache, msg); err != nil {
			reporter.Skip("the chain would refuse it")
			return nil, nil
		}
		if ok, err := SomeValidatorKeepsPower(cache, s.keeper); err != nil || !ok {
			reporter.Skip("no validator would keep power")
			return nil, nil
		}
		return signers, msg
	}
}

// RegisterInvariants registers every module's invariants and the app's
// seat invariant (the genesis seat rules hold in every state) with ir.
func (app *CivitasApp) RegisterInvariants(ir sdk.InvariantRegistry) {
	for _, m := range app.ModuleManager.Modules {
		if hi, ok := m.(module.HasInvariants); ok {
			hi.RegisterInvariants(ir)
		}
	}
	ir.RegisterRoute("civitas", "seats", func(ctx sdk.Context) (string, bool) {
		if err := app.checkSeatGenesis(ctx); err != nil {
			return sdk.FormatInvariant("civitas", "seats", err.Error()), true
		}
		return "", false
	})
}
