package app_test

import (
	"encoding/json"
	"testing"
	"time"

	wasmvmtypes "github.com/CosmWasm/wasmvm/v3/types"
	"github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	slashingtypes "github.com/cosmos/cosmos-sdk/x/slashing/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	wasmtestdata "github.com/CosmWasm/wasmd/x/wasm/keeper/testdata"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// requireSeatDelegationRefused checks that res failed with ErrSeatDelegation
// (or, from a contract, with its message), and that no validator's stake moved.
func requireSeatDelegationRefused(t *testing.T, c *testutil.Chain, res *types.ExecTxResult) {
	t.Helper()
	require.NotEqual(t, uint32(0), res.Code, "must be refused")
	require.Contains(t, res.Log, "seats bond only as their holder's self-delegation", res.Log)
	for _, v := range c.Validators {
		val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), sdk.ValAddress(v.Address))
		require.NoError(t, err)
		require.Equal(t, testutil.SeatAmount, val.Tokens, "%s keeps exactly its own seat", v.Name)
	}
}

// storeAndInstantiateReflect has governance store wasmd's reflect contract and
// owner instantiate it; it returns the contract address.
func storeAndInstantiateReflect(t *testing.T, c *testutil.Chain, owner testutil.Account) sdk.AccAddress {
	t.Helper()
	p := c.PassProposal(owner, &wasmtypes.MsgStoreCode{Sender: testutil.GovAuthority(), WASMByteCode: wasmtestdata.ReflectContractWasm()})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	next, err := c.App.WasmKeeper.PeekAutoIncrementID(c.Ctx(), wasmtypes.KeySequenceCodeID)
	require.NoError(t, err)
	codeID := next - 1
	res := c.DeliverMsgs(owner, &wasmtypes.MsgInstantiateContract{Sender: owner.Address.String(), CodeID: codeID, Label: "reflect", Msg: []byte(`{}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	var contract sdk.AccAddress
	c.App.WasmKeeper.IterateContractsByCode(c.Ctx(), codeID, func(addr sdk.AccAddress) bool {
		contract = addr
		return true
	})
	require.NotNil(t, contract)
	return contract
}

// reflect has the reflect contract dispatch msgs as itself.
func reflect(t *testing.T, c *testutil.Chain, owner testutil.Account, contract sdk.AccAddress, msgs ...wasmvmtypes.CosmosMsg) *types.ExecTxResult {
	t.Helper()
	bz, err := json.Marshal(wasmtestdata.ReflectHandleMsg{Reflect: &wasmtestdata.ReflectPayload{Msgs: msgs}})
	require.NoError(t, err)
	return c.DeliverMsgs(owner, &wasmtypes.MsgExecuteContract{Sender: owner.Address.String(), Contract: contract.String(), Msg: bz})
}

// TestSeatsBondOnlyAsSelfDelegation: a seat bonds only to its holder's own
// validator, on every path that reaches staking.
func TestSeatsBondOnlyAsSelfDelegation(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "bob"}})
	v0, v1, alice := c.Validators[0], c.Validators[1], c.Accounts["alice"]
	val0, val1 := sdk.ValAddress(v0.Address), sdk.ValAddress(v1.Address)

	t.Run("redelegate a seat to another body's validator", func(t *testing.T) {
		res := c.DeliverMsgs(v1, stakingtypes.NewMsgBeginRedelegate(v1.Address.String(), val1.String(), val0.String(), oneSeat))
		requireCode(t, app.AppErrorCodespace, app.ErrSeatDelegation.ABCICode(), res.Codespace, res.Code, res.Log)
		requireSeatDelegationRefused(t, c, res)
	})
	t.Run("redelegate part of a seat", func(t *testing.T) {
		res := c.DeliverMsgs(v1, stakingtypes.NewMsgBeginRedelegate(v1.Address.String(), val1.String(), val0.String(), sdk.NewInt64Coin(app.SeatDenom, 1)))
		requireSeatDelegationRefused(t, c, res)
	})
	t.Run("redelegate through authz MsgExec", func(t *testing.T) {
		grant, err := authz.NewMsgGrant(v1.Address, alice.Address, authz.NewGenericAuthorization(sdk.MsgTypeURL(&stakingtypes.MsgBeginRedelegate{})), nil)
		require.NoError(t, err)
		res := c.DeliverMsgs(v1, grant)
		require.Equal(t, uint32(0), res.Code, res.Log)
		exec := authz.NewMsgExec(alice.Address, []sdk.Msg{stakingtypes.NewMsgBeginRedelegate(v1.Address.String(), val1.String(), val0.String(), oneSeat)})
		res = c.DeliverMsgs(alice, &exec)
		requireCode(t, app.AppErrorCodespace, app.ErrSeatDelegation.ABCICode(), res.Codespace, res.Code, res.Log)
		requireSeatDelegationRefused(t, c, res)
	})

	// A body holding a liquid seat (issued by governance to a contract, the
	// worst case: a contract's own staking message) may not bond it to
	// another body's validator either.
	contract := storeAndInstantiateReflect(t, c, alice)
	p := c.PassProposal(alice,
		&agencytypes.MsgRegisterAgency{Authority: testutil.GovAuthority(), Name: "Contract body", Jurisdiction: "EE", Admins: []string{alice.Address.String()}},
		&agencytypes.MsgIssueSeats{Authority: testutil.GovAuthority(), AgencyId: 3, Operator: contract.String(), Seats: 1})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	require.Equal(t, testutil.SeatAmount, c.Balance(contract, app.SeatDenom))

	t.Run("delegate from a contract's staking message", func(t *testing.T) {
		res := reflect(t, c, alice, contract, wasmvmtypes.CosmosMsg{Staking: &wasmvmtypes.StakingMsg{Delegate: &wasmvmtypes.DelegateMsg{
			Validator: val0.String(), Amount: wasmvmtypes.Coin{Denom: app.SeatDenom, Amount: "1000000"},
		}}})
		requireSeatDelegationRefused(t, c, res)
		require.Equal(t, testutil.SeatAmount, c.Balance(contract, app.SeatDenom), "the seat stays liquid")
	})
	t.Run("delegate a liquid seat directly", func(t *testing.T) {
		res := reflect(t, c, alice, contract, wasmvmtypes.CosmosMsg{Any: &wasmvmtypes.AnyMsg{
			TypeURL: sdk.MsgTypeURL(&stakingtypes.MsgDelegate{}),
			Value:   mustMarshal(t, c, stakingtypes.NewMsgDelegate(contract.String(), val1.String(), oneSeat)),
		}})
		requireSeatDelegationRefused(t, c, res)
	})
}

func mustMarshal(t *testing.T, c *testutil.Chain, msg sdk.Msg) []byte {
	t.Helper()
	bz, err := c.App.AppCodec().Marshal(msg)
	require.NoError(t, err)
	return bz
}

// TestRevokeSeatsBurnsTheGrantWhereverItIs: revocation burns exactly what the
// grant issued, whether bonded, unbonding (matured entries included) or
// liquid, and nothing of another body.
func TestRevokeSeatsBurnsTheGrantWhereverItIs(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Validators: 3})
	v1, v2 := c.Validators[1], c.Validators[2]
	supply := func(ctx sdk.Context) sdkmath.Int { return c.App.BankKeeper.GetSupply(ctx, app.SeatDenom).Amount }
	before := supply(c.Ctx())
	require.Equal(t, testutil.SeatAmount.MulRaw(3), before)

	// validator-1 unbonds half its seat: half bonded, half unbonding.
	half := sdk.NewCoin(app.SeatDenom, testutil.SeatAmount.QuoRaw(2))
	res := c.DeliverMsgs(v1, stakingtypes.NewMsgUndelegate(v1.Address.String(), sdk.ValAddress(v1.Address).String(), half))
	require.Equal(t, uint32(0), res.Code, res.Log)
	// validator-2 unbonds all of it.
	res = c.DeliverMsgs(v2, stakingtypes.NewMsgUndelegate(v2.Address.String(), sdk.ValAddress(v2.Address).String(), oneSeat))
	require.Equal(t, uint32(0), res.Code, res.Log)

	ms := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	revoke := func(ctx sdk.Context, agencyID uint64, op testutil.Account) {
		t.Helper()
		_, err := ms.RevokeSeats(ctx, &agencytypes.MsgRevokeSeats{Authority: testutil.GovAuthority(), AgencyId: agencyID, Operator: op.Address.String(), Reason: "r"})
		require.NoError(t, err)
	}

	t.Run("bonded and unbonding", func(t *testing.T) {
		ctx, _ := c.Ctx().CacheContext()
		ctx = ctx.WithEventManager(sdk.NewEventManager())
		revoke(ctx, 2, v1)
		require.Equal(t, before.Sub(testutil.SeatAmount), supply(ctx), "exactly one seat burned")
		ubds, err := c.App.StakingKeeper.GetUnbondingDelegations(ctx, v1.Address, 10)
		require.NoError(t, err)
		require.Empty(t, ubds)
		val, err := c.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(v1.Address))
		require.NoError(t, err)
		require.True(t, val.Tokens.IsZero())
		require.True(t, val.Jailed)
		other, err := c.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(c.Validators[0].Address))
		require.NoError(t, err)
		require.Equal(t, testutil.SeatAmount, other.Tokens, "another body's seat is untouched")
	})

	t.Run("unbonding entry matured but not yet paid out", func(t *testing.T) {
		ubd, err := c.App.StakingKeeper.GetUnbondingDelegation(c.Ctx(), v2.Address, sdk.ValAddress(v2.Address))
		require.NoError(t, err)
		// In the block where the entry matures, governance's end blocker runs
		// before staking's: the entry is mature but still held.
		ctx, _ := c.Ctx().CacheContext()
		ctx = ctx.WithBlockTime(ubd.Entries[0].CompletionTime.Add(time.Second)).WithEventManager(sdk.NewEventManager())
		revoke(ctx, 3, v2)
		require.Equal(t, before.Sub(testutil.SeatAmount), supply(ctx))
		_, err = c.App.StakingKeeper.EndBlocker(ctx)
		require.NoError(t, err)
		require.True(t, c.App.BankKeeper.GetBalance(ctx, v2.Address, app.SeatDenom).IsZero(), "nothing is paid out after revocation")
	})

	t.Run("bonded at another body's validator (a delegation made before the hooks)", func(t *testing.T) {
		c.AdvanceTime(2 * time.Minute) // validator-2's unbonding completes: a liquid seat
		require.Equal(t, testutil.SeatAmount, c.Balance(v2.Address, app.SeatDenom))
		// Build the state a redelegation to validator-0 left behind, by hand
		// (the seat hooks refuse to create it).
		ctx, _ := c.Ctx().CacheContext()
		ctx = ctx.WithEventManager(sdk.NewEventManager())
		sk := c.App.StakingKeeper
		val0, err := sk.GetValidator(ctx, sdk.ValAddress(c.Validators[0].Address))
		require.NoError(t, err)
		distr := c.App.DistrKeeper.Hooks()
		val0Addr := sdk.ValAddress(c.Validators[0].Address)
		require.NoError(t, distr.BeforeDelegationCreated(ctx, v2.Address, val0Addr))
		require.NoError(t, c.App.BankKeeper.DelegateCoinsFromAccountToModule(ctx, v2.Address, stakingtypes.BondedPoolName, sdk.NewCoins(oneSeat)))
		val0, shares, err := sk.AddValidatorTokensAndShares(ctx, val0, testutil.SeatAmount)
		require.NoError(t, err)
		require.NoError(t, sk.SetDelegation(ctx, stakingtypes.NewDelegation(v2.Address.String(), val0.OperatorAddress, shares)))
		require.NoError(t, distr.AfterDelegationModified(ctx, v2.Address, val0Addr))
		require.Equal(t, testutil.SeatAmount.MulRaw(2), val0.Tokens)

		revoke(ctx, 3, v2)
		require.Equal(t, before.Sub(testutil.SeatAmount), supply(ctx), "exactly validator-2's seat is burned")
		val0, err = sk.GetValidator(ctx, sdk.ValAddress(c.Validators[0].Address))
		require.NoError(t, err)
		require.Equal(t, testutil.SeatAmount, val0.Tokens, "validator-0 keeps its own seat")
		self, err := sk.GetDelegation(ctx, c.Validators[0].Address, sdk.ValAddress(c.Validators[0].Address))
		require.NoError(t, err)
		require.Equal(t, testutil.SeatAmount, val0.TokensFromShares(self.Shares).TruncateInt())
		_, err = sk.GetDelegation(ctx, v2.Address, sdk.ValAddress(c.Validators[0].Address))
		require.ErrorIs(t, err, stakingtypes.ErrNoDelegation)
	})

	t.Run("liquid, after the unbonding completed", func(t *testing.T) {
		require.Equal(t, half.Amount, c.Balance(v1.Address, app.SeatDenom))
		ctx, _ := c.Ctx().CacheContext()
		ctx = ctx.WithEventManager(sdk.NewEventManager())
		revoke(ctx, 2, v1)
		require.Equal(t, before.Sub(testutil.SeatAmount), supply(ctx))
		require.True(t, c.App.BankKeeper.GetBalance(ctx, v1.Address, app.SeatDenom).IsZero())
	})
}

// TestDowntimeJailsWithoutSlashing: a validator jailed for downtime keeps its
// whole seat and comes back with power 1 after unjail.
func TestDowntimeJailsWithoutSlashing(t *testing.T) {
	var gen slashingtypes.GenesisState
	c := testutil.NewChain(t, testutil.Config{Validators: 3})
	c.App.AppCodec().MustUnmarshalJSON(c.App.DefaultGenesis()[slashingtypes.ModuleName], &gen)
	require.True(t, gen.Params.SlashFractionDowntime.IsZero(), "Civitas default: downtime jails only")
	require.Equal(t, "0.050000000000000000", gen.Params.SlashFractionDoubleSign.String(), "double-signing still slashes")

	v2 := c.Validators[2]
	valAddr := sdk.ValAddress(v2.Address)
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	consAddr, err := val.GetConsAddr()
	require.NoError(t, err)

	// validator-2 misses every block of the signing window.
	ctx, write := c.Ctx().CacheContext()
	params, err := c.App.SlashingKeeper.GetParams(ctx)
	require.NoError(t, err)
	start := ctx.BlockHeight()
	for h := start; h <= start+params.SignedBlocksWindow+1; h++ {
		require.NoError(t, c.App.SlashingKeeper.HandleValidatorSignature(ctx.WithBlockHeight(h), consAddr, 1, 1 /* absent */))
	}
	val, err = c.App.StakingKeeper.GetValidator(ctx, valAddr)
	require.NoError(t, err)
	require.True(t, val.Jailed, "jailed for downtime")
	require.Equal(t, testutil.SeatAmount, val.Tokens, "and not slashed")
	write()
	c.NextBlock()

	// After the jail time it unjails and is back in the set with power 1.
	c.AdvanceTime(params.DowntimeJailDuration + time.Second)
	res := c.DeliverMsgs(v2, &slashingtypes.MsgUnjail{ValidatorAddr: valAddr.String()})
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.NextBlock()
	val, err = c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	require.False(t, val.Jailed)
	require.Equal(t, stakingtypes.Bonded, val.Status)
	require.Equal(t, int64(agencytypes.PowerPerSeat), val.ConsensusPower(c.App.StakingKeeper.PowerReduction(c.Ctx())))
}

// TestGenesisSeatsMustComeFromGrants: a genesis whose seats are not all
// issued by seat grants, or that bonds a seat to another body's validator,
// does not start.
func TestGenesisSeatsMustComeFromGrants(t *testing.T) {
	editAgency := func(edit func(gs *agencytypes.GenesisState)) func(codec.JSONCodec, map[string]json.RawMessage) {
		return func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
			var gs agencytypes.GenesisState
			cdc.MustUnmarshalJSON(genesis[agencytypes.ModuleName], &gs)
			edit(&gs)
			genesis[agencytypes.ModuleName] = cdc.MustMarshalJSON(&gs)
		}
	}
	for name, tc := range map[string]struct {
		edit func(codec.JSONCodec, map[string]json.RawMessage)
		want string
	}{
		"a validator without a grant": {editAgency(func(gs *agencytypes.GenesisState) {
			gs.SeatGrants = gs.SeatGrants[:1]
		}), "has stake but no seat grant"},
		"a grant to another account than the validator's": {editAgency(func(gs *agencytypes.GenesisState) {
			gs.SeatGrants[1].Operator = sdk.AccAddress(make([]byte, 20)).String()
		}), "has stake but no seat grant"},
		"more seats than the grant": {func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
			var gs banktypes.GenesisState // a liquid seat more for validator-0
			cdc.MustUnmarshalJSON(genesis[banktypes.ModuleName], &gs)
			var agency agencytypes.GenesisState
			cdc.MustUnmarshalJSON(genesis[agencytypes.ModuleName], &agency)
			op := agency.SeatGrants[0].Operator
			for i := range gs.Balances {
				if gs.Balances[i].Address == op {
					gs.Balances[i].Coins = gs.Balances[i].Coins.Add(oneSeat)
				}
			}
			gs.Supply = gs.Supply.Add(oneSeat)
			genesis[banktypes.ModuleName] = cdc.MustMarshalJSON(&gs)
		}, "holds 2000000useat (liquid, bonded and unbonding) but its seat grant issued 1000000useat"},
		"a validator with more power than its delegations": {func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
			var gs stakingtypes.GenesisState
			cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &gs)
			gs.Delegations[0].Shares = gs.Delegations[0].Shares.QuoInt64(1000)
			genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&gs)
		}, "every share is its operator's"},
		"another bond denom": {func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
			var gs stakingtypes.GenesisState
			cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &gs)
			gs.Params.BondDenom = app.FeeDenom
			genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&gs)
		}, `the staking bond denom is "ucivis": it must be the seat token "useat"`},
		"a seat delegated to another body's validator": {func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
			var gs stakingtypes.GenesisState
			cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &gs)
			gs.Delegations[1].ValidatorAddress = gs.Delegations[0].ValidatorAddress
			genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&gs)
		}, "is not a self-delegation"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := testutil.TryNewChain(t, testutil.Config{EditGenesis: tc.edit})
			require.Error(t, err)
			require.Contains(t, err.Error(), tc.want)
		})
	}
	_, err := testutil.TryNewChain(t, testutil.Config{})
	require.NoError(t, err, "the unedited genesis starts")
}

// TestExportAfterRevocationAndSlashImports: a revoked validator (no stake,
// waiting out its unbonding) and a seat partly burned by a slash leave a
// state whose export imports.
func TestExportAfterRevocationAndSlashImports(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Validators: 3})
	v1, v2 := c.Validators[1], c.Validators[2]
	p := c.PassProposal(c.Accounts["alice"], &agencytypes.MsgRevokeSeats{Authority: testutil.GovAuthority(), AgencyId: 2, Operator: v1.Address.String(), Reason: "dissolved"})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	c.NextBlock()
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), sdk.ValAddress(v1.Address))
	require.NoError(t, err, "the revoked validator stays while it unbonds")
	require.True(t, val.Tokens.IsZero())

	// validator-2 double-signed: 5 % of its seat is burned (and it is tombstoned).
	ctx, write := c.Ctx().CacheContext()
	val2, err := c.App.StakingKeeper.GetValidator(ctx, sdk.ValAddress(v2.Address))
	require.NoError(t, err)
	cons, err := val2.GetConsAddr()
	require.NoError(t, err)
	_, err = c.App.StakingKeeper.Slash(ctx, cons, ctx.BlockHeight(), 1, sdkmath.LegacyNewDecWithPrec(5, 2))
	require.NoError(t, err)
	write()
	c.NextBlock()

	exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	restarted := testutil.NewChainFromExport(t, exported)
	restarted.NextBlock()
	zero, err := c.App.ExportAppStateAndValidators(true, nil, nil)
	require.NoError(t, err)
	testutil.NewChainFromExport(t, zero)
}
