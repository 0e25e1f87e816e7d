package app_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	sdkmath "cosmossdk.io/math"

	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	"github.com/cosmos/cosmos-sdk/crypto/keys/ed25519"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	govtypes "github.com/cosmos/cosmos-sdk/x/gov/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

var (
	oneSeat    = sdk.NewCoin(app.SeatDenom, testutil.SeatAmount)
	someCivis  = sdk.NewInt64Coin(app.FeeDenom, 1_000_000)
	seatErrLog = "seat token transfer not allowed"
)

// newChainWithBody starts a chain where "body" holds one liquid (unbonded)
// seat, as an agency does after governance issued it.
func newChainWithBody(t *testing.T) (*testutil.Chain, testutil.Account) {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{
		Accounts:      []string{"alice", "bob", "body"},
		ExtraBalances: map[string]sdk.Coins{"body": sdk.NewCoins(oneSeat)},
	})
	return c, c.Accounts["body"]
}

func requireCode(t *testing.T, codespace string, code uint32, gotSpace string, gotCode uint32, log string) {
	t.Helper()
	require.Equal(t, codespace, gotSpace, "codespace; log: %s", log)
	require.Equal(t, code, gotCode, "code; log: %s", log)
}

func TestSeatTokenCannotBeTransferred(t *testing.T) {
	c, body := newChainWithBody(t)
	alice := c.Accounts["alice"]

	seatErr := app.ErrSeatTransfer
	tests := []struct {
		name    string
		msg     sdk.Msg
		wantErr *errorsmod.Error
	}{
		{"MsgSend", banktypes.NewMsgSend(body.Address, alice.Address, sdk.NewCoins(oneSeat)), seatErr},
		{"MsgSend of one useat mixed with ucivis", banktypes.NewMsgSend(body.Address, alice.Address, sdk.NewCoins(sdk.NewInt64Coin(app.SeatDenom, 1), someCivis)), seatErr},
		{"MultiSend", banktypes.NewMsgMultiSend(
			banktypes.NewInput(body.Address, sdk.NewCoins(oneSeat)),
			[]banktypes.Output{banktypes.NewOutput(alice.Address, sdk.NewCoins(oneSeat))}), seatErr},
		// gov refuses any deposit denom but ucivis before moving coins.
		{"gov deposit in seats", mustSubmitProposal(t, body, sdk.NewCoins(oneSeat)), govtypes.ErrInvalidDepositDenom},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			before := c.Balance(body.Address, app.SeatDenom)
			res := c.DeliverMsgs(body, tc.msg)
			requireCode(t, tc.wantErr.Codespace(), tc.wantErr.ABCICode(), res.Codespace, res.Code, res.Log)
			require.Equal(t, before, c.Balance(body.Address, app.SeatDenom), "a failed transfer changes nothing")
			require.True(t, c.Balance(alice.Address, app.SeatDenom).IsZero())
		})
	}

	t.Run("fees cannot be paid in seats", func(t *testing.T) {
		tx := c.SignTx(body, sdk.NewCoins(sdk.NewInt64Coin(app.SeatDenom, 10)), 200_000,
			banktypes.NewMsgSend(body.Address, alice.Address, sdk.NewCoins(someCivis)))
		res := c.CheckTx(tx)
		// The ante handler reports a failed fee payment as insufficient funds,
		// with the seat restriction as the reason.
		requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrInsufficientFunds.ABCICode(), res.Codespace, res.Code, res.Log)
		require.Contains(t, res.Log, seatErrLog)
		require.Equal(t, testutil.SeatAmount, c.Balance(body.Address, app.SeatDenom))
	})

	t.Run("public funds move freely", func(t *testing.T) {
		before := c.Balance(alice.Address, app.FeeDenom)
		res := c.DeliverMsgs(body, banktypes.NewMsgSend(body.Address, alice.Address, sdk.NewCoins(someCivis)))
		require.Equal(t, uint32(0), res.Code, res.Log)
		require.Equal(t, before.Add(someCivis.Amount), c.Balance(alice.Address, app.FeeDenom))
	})
}

func mustSubmitProposal(t *testing.T, proposer testutil.Account, deposit sdk.Coins) sdk.Msg {
	t.Helper()
	msg, err := govv1.NewMsgSubmitProposal(nil, deposit, proposer.Address.String(), "ipfs://proposal", "seats as deposit", "must fail", false)
	require.NoError(t, err)
	return msg
}

func TestSeatBondsAndUnbonds(t *testing.T) {
	c, body := newChainWithBody(t)
	valAddr := sdk.ValAddress(body.Address)

	// ARRANGE: the body creates its validator with its seat.
	consKey := ed25519.GenPrivKey()
	pkAny, err := codectypes.NewAnyWithValue(consKey.PubKey())
	require.NoError(t, err)
	create := &stakingtypes.MsgCreateValidator{
		Description:       stakingtypes.Description{Moniker: "body"},
		Commission:        stakingtypes.CommissionRates{Rate: sdkmath.LegacyZeroDec(), MaxRate: sdkmath.LegacyOneDec(), MaxChangeRate: sdkmath.LegacyZeroDec()},
		MinSelfDelegation: sdkmath.OneInt(),
		ValidatorAddress:  valAddr.String(),
		Pubkey:            pkAny,
		Value:             oneSeat,
	}

	// ACT + ASSERT: bonding moves the seat to the bonded pool.
	res := c.DeliverMsgs(body, create)
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.True(t, c.Balance(body.Address, app.SeatDenom).IsZero())
	c.NextBlock()
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	require.Equal(t, stakingtypes.Bonded, val.Status)
	require.Equal(t, testutil.SeatAmount, val.Tokens)

	// Unbonding the whole seat: the validator leaves the set, and after the
	// unbonding time the seat is back with its holder.
	res = c.DeliverMsgs(body, stakingtypes.NewMsgUndelegate(body.Address.String(), valAddr.String(), oneSeat))
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.NextBlock()
	val, err = c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	require.NotEqual(t, stakingtypes.Bonded, val.Status)

	params, err := c.App.StakingKeeper.GetParams(c.Ctx())
	require.NoError(t, err)
	c.AdvanceTime(params.UnbondingTime + c.BlockTime)
	require.Equal(t, testutil.SeatAmount, c.Balance(body.Address, app.SeatDenom))

	// Still bound to its holder after the round trip.
	res = c.DeliverMsgs(body, banktypes.NewMsgSend(body.Address, c.Accounts["alice"].Address, sdk.NewCoins(oneSeat)))
	requireCode(t, app.AppErrorCodespace, app.ErrSeatTransfer.ABCICode(), res.Codespace, res.Code, res.Log)
}

func TestWasmUploadIsGovernanceOnly(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{})
	alice := c.Accounts["alice"]
	code := testutil.ReadWasmdTestdata(t, testutil.HackatomWasm)

	// An ordinary account may not store code.
	res := c.DeliverMsgs(alice, &wasmtypes.MsgStoreCode{Sender: alice.Address.String(), WASMByteCode: code})
	requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrUnauthorized.ABCICode(), res.Codespace, res.Code, res.Log)
	require.Contains(t, res.Log, "may not store wasm code: only governance and CONTRACT_DEVELOPER role holders of an active agency may")
	require.Equal(t, wasmtypes.AccessTypeNobody, c.App.WasmKeeper.GetParams(c.Ctx()).CodeUploadAccess.Permission)
	require.Nil(t, c.App.WasmKeeper.GetCodeInfo(c.Ctx(), 1), "a refused upload stores nothing")

	// Governance may.
	proposal := c.PassProposal(alice, &wasmtypes.MsgStoreCode{Sender: testutil.GovAuthority(), WASMByteCode: code})
	require.Equal(t, govv1.StatusPassed, proposal.Status, "proposal failed: %s", proposal.FailedReason)
	info := c.App.WasmKeeper.GetCodeInfo(c.Ctx(), 1)
	require.NotNil(t, info)

	// Governance may pin it in the VM cache (pinned codes are re-pinned when
	// the node starts).
	proposal = c.PassProposal(alice, &wasmtypes.MsgPinCodes{Authority: testutil.GovAuthority(), CodeIDs: []uint64{1}})
	require.Equal(t, govv1.StatusPassed, proposal.Status, "proposal failed: %s", proposal.FailedReason)
	require.True(t, c.App.WasmKeeper.IsPinnedCode(c.Ctx(), 1))

	// Anyone may instantiate governance-vetted code, and it runs unchanged.
	bob := c.Accounts["bob"]
	initMsg := []byte(`{"verifier":"` + alice.Address.String() + `","beneficiary":"` + bob.Address.String() + `"}`)
	res = c.DeliverMsgs(alice, &wasmtypes.MsgInstantiateContract{
		Sender: alice.Address.String(), CodeID: 1, Label: "hackatom", Msg: initMsg,
		Funds: sdk.NewCoins(someCivis),
	})
	require.Equal(t, uint32(0), res.Code, res.Log)
	var contracts []sdk.AccAddress
	c.App.WasmKeeper.IterateContractsByCode(c.Ctx(), 1, func(addr sdk.AccAddress) bool {
		contracts = append(contracts, addr)
		return false
	})
	require.Len(t, contracts, 1)

	out, err := c.App.WasmKeeper.QuerySmart(c.Ctx(), contracts[0], []byte(`{"verifier":{}}`))
	require.NoError(t, err)
	require.JSONEq(t, `{"verifier":"`+alice.Address.String()+`"}`, string(out))

	before := c.Balance(bob.Address, app.FeeDenom)
	res = c.DeliverMsgs(alice, &wasmtypes.MsgExecuteContract{Sender: alice.Address.String(), Contract: contracts[0].String(), Msg: []byte(`{"release":{}}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.Equal(t, before.Add(someCivis.Amount), c.Balance(bob.Address, app.FeeDenom), "release pays the beneficiary")
}

func TestBadTransactionsAreRejectedAndChainContinues(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{})
	alice, bob := c.Accounts["alice"], c.Accounts["bob"]
	send := banktypes.NewMsgSend(alice.Address, bob.Address, sdk.NewCoins(someCivis))

	t.Run("malformed bytes", func(t *testing.T) {
		res := c.CheckTx([]byte("not a transaction"))
		requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrTxDecode.ABCICode(), res.Codespace, res.Code, res.Log)
	})
	t.Run("fees beyond the balance", func(t *testing.T) {
		balance := c.Balance(alice.Address, app.FeeDenom)
		tx := c.SignTx(alice, sdk.NewCoins(sdk.NewCoin(app.FeeDenom, balance.AddRaw(1))), 200_000, send)
		res := c.CheckTx(tx)
		requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrInsufficientFunds.ABCICode(), res.Codespace, res.Code, res.Log)
	})
	t.Run("send beyond the balance", func(t *testing.T) {
		balance := c.Balance(alice.Address, app.FeeDenom)
		res := c.DeliverMsgs(alice, banktypes.NewMsgSend(alice.Address, bob.Address, sdk.NewCoins(sdk.NewCoin(app.FeeDenom, balance.AddRaw(1)))))
		requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrInsufficientFunds.ABCICode(), res.Codespace, res.Code, res.Log)
		require.Equal(t, balance, c.Balance(alice.Address, app.FeeDenom))
	})
	t.Run("out of gas", func(t *testing.T) {
		res := c.DeliverTx(c.SignTx(alice, nil, 1_000, send))
		requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrOutOfGas.ABCICode(), res.Codespace, res.Code, res.Log)
	})

	height := c.App.LastBlockHeight()
	c.NextBlock()
	require.Equal(t, height+1, c.App.LastBlockHeight(), "the chain keeps producing blocks")
	res := c.DeliverMsgs(alice, send)
	require.Equal(t, uint32(0), res.Code, res.Log)
}

func TestExportImportRoundTrip(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{})
	alice := c.Accounts["alice"]
	res := c.DeliverMsgs(alice, banktypes.NewMsgSend(alice.Address, c.Accounts["bob"].Address, sdk.NewCoins(someCivis)))
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.AdvanceTime(30 * time.Second)

	exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	require.Len(t, exported.Validators, 2)

	// A new chain started from the export exports the same state.
	restarted := testutil.NewChainFromExport(t, exported)
	again, err := restarted.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var before, after map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &before))
	require.NoError(t, json.Unmarshal(again.AppState, &after))
	require.Equal(t, len(before), len(after))
	for module := range before {
		require.JSONEq(t, string(before[module]), string(after[module]), "module %s does not round-trip", module)
	}

	// Zero-height export (for a chain restart) works too.
	zero, err := c.App.ExportAppStateAndValidators(true, nil, nil)
	require.NoError(t, err)
	require.Equal(t, int64(0), zero.Height)
	require.Len(t, zero.Validators, 2)
}

func TestLastValidatorCannotLeave(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Validators: 1})
	op := c.Validators[0]
	valAddr := sdk.ValAddress(op.Address)
	alice := c.Accounts["alice"]
	partOfSeat := sdk.NewCoin(app.SeatDenom, agencytypes.SeatUnit.QuoRaw(agencytypes.PowerPerSeat))

	// The grant lets alice unbond for the validator through authz.
	grant, err := authz.NewMsgGrant(op.Address, alice.Address, authz.NewGenericAuthorization(sdk.MsgTypeURL(&stakingtypes.MsgUndelegate{})), nil)
	require.NoError(t, err)
	res := c.DeliverMsgs(op, grant)
	require.Equal(t, uint32(0), res.Code, res.Log)
	execUndelegate := authz.NewMsgExec(alice.Address, []sdk.Msg{stakingtypes.NewMsgUndelegate(op.Address.String(), valAddr.String(), oneSeat)})

	tests := []struct {
		name string
		from testutil.Account
		msg  sdk.Msg
	}{
		{"unbond the whole last seat", op, stakingtypes.NewMsgUndelegate(op.Address.String(), valAddr.String(), oneSeat)},
		{"unbond through authz", alice, &execUndelegate},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := c.DeliverMsgs(tc.from, tc.msg)
			requireCode(t, app.AppErrorCodespace, app.ErrNoValidatorLeft.ABCICode(), res.Codespace, res.Code, res.Log)

			// Nothing changed and the chain goes on.
			val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
			require.NoError(t, err)
			require.Equal(t, stakingtypes.Bonded, val.Status)
			require.Equal(t, testutil.SeatAmount, val.Tokens)
			height := c.App.LastBlockHeight()
			c.NextBlock()
			require.Equal(t, height+1, c.App.LastBlockHeight())
		})
	}

	// Power is proportional to the bonded seat tokens (PowerPerSeat units a
	// seat): unbonding part of the last seat leaves the validator in the set
	// with less power, and the chain goes on.
	res = c.DeliverMsgs(op, stakingtypes.NewMsgUndelegate(op.Address.String(), valAddr.String(), partOfSeat))
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.NextBlock()
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	require.Equal(t, stakingtypes.Bonded, val.Status)
	require.Equal(t, int64(agencytypes.PowerPerSeat-1), val.ConsensusPower(c.App.StakingKeeper.PowerReduction(c.Ctx())))
}

// TestProposalCannotRemoveTheLastValidator: passed proposals run in gov's end
// blocker, where no post handler runs; the gov router applies the same guard.
func TestProposalCannotRemoveTheLastValidator(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Validators: 1})
	op := c.Validators[0]
	valAddr := sdk.ValAddress(op.Address)
	gov := sdk.MustAccAddressFromBech32(testutil.GovAuthority())

	// The operator lets governance unbond for it (through authz).
	grant, err := authz.NewMsgGrant(op.Address, gov, authz.NewGenericAuthorization(sdk.MsgTypeURL(&stakingtypes.MsgUndelegate{})), nil)
	require.NoError(t, err)
	res := c.DeliverMsgs(op, grant)
	require.Equal(t, uint32(0), res.Code, res.Log)
	exec := authz.NewMsgExec(gov, []sdk.Msg{stakingtypes.NewMsgUndelegate(op.Address.String(), valAddr.String(), oneSeat)})

	p := c.PassProposal(c.Accounts["alice"], &exec)
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, "would leave no validator with voting power")
	val, err := c.App.StakingKeeper.GetValidator(c.Ctx(), valAddr)
	require.NoError(t, err)
	require.Equal(t, testutil.SeatAmount, val.Tokens)
	require.Equal(t, stakingtypes.Bonded, val.Status)
	height := c.App.LastBlockHeight()
	c.NextBlock()
	require.Equal(t, height+1, c.App.LastBlockHeight(), "the chain goes on")
}

// TestProposalCannotChangeTheBondDenom: the seat rules are about the seat
// token; a proposal may not make another token the bond denom.
func TestProposalCannotChangeTheBondDenom(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{})
	params, err := c.App.StakingKeeper.GetParams(c.Ctx())
	require.NoError(t, err)
	params.BondDenom = app.FeeDenom
	p := c.PassProposal(c.Accounts["alice"], &stakingtypes.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: params})
	require.Equal(t, govv1.StatusFailed, p.Status)
	require.Contains(t, p.FailedReason, "it must stay the seat token")
	denom, err := c.App.StakingKeeper.BondDenom(c.Ctx())
	require.NoError(t, err)
	require.Equal(t, app.SeatDenom, denom)
}
