package app_test

import (
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/authz"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	wasmvmtypes "github.com/CosmWasm/wasmvm/v3/types"
	ibctransfertypes "github.com/cosmos/ibc-go/v11/modules/apps/transfer/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

func requireUploadRefused(t *testing.T, res *abci.ExecTxResult) {
	t.Helper()
	requireCode(t, sdkerrors.RootCodespace, sdkerrors.ErrUnauthorized.ABCICode(), res.Codespace, res.Code, res.Log)
	require.Contains(t, res.Log, "may not store wasm code")
}

// grantDeveloper has governance register an agency (admin: admin) and grant
// CONTRACT_DEVELOPER in it to dev; it returns the agency id.
func grantDeveloper(t *testing.T, c *testutil.Chain, admin testutil.Account, dev sdk.AccAddress) uint64 {
	t.Helper()
	next, err := c.App.AgencyKeeper.AgencySeq.Peek(c.Ctx())
	require.NoError(t, err)
	p := c.PassProposal(admin,
		&agencytypes.MsgRegisterAgency{Authority: testutil.GovAuthority(), Name: "IT Centre", Jurisdiction: "EE", Admins: []string{admin.Address.String()}},
		&agencytypes.MsgGrantRole{Admin: testutil.GovAuthority(), AgencyId: next, Address: dev.String(), Role: agencytypes.ROLE_CONTRACT_DEVELOPER, Reason: "agency IT"})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	return next
}

func codeCount(t *testing.T, c *testutil.Chain) uint64 {
	t.Helper()
	next, err := c.App.WasmKeeper.PeekAutoIncrementID(c.Ctx(), wasmtypes.KeySequenceCodeID)
	require.NoError(t, err)
	return next - 1
}

func TestContractDevelopersMayStoreCode(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"admin", "dev", "outsider"}})
	admin, dev, outsider := c.Accounts["admin"], c.Accounts["dev"], c.Accounts["outsider"]
	code := testutil.ReadWasmdTestdata(t, testutil.HackatomWasm)
	store := func(who testutil.Account) *abci.ExecTxResult {
		return c.DeliverMsgs(who, &wasmtypes.MsgStoreCode{Sender: who.Address.String(), WASMByteCode: code})
	}
	requireUploadRefused(t, store(dev))

	// ARRANGE: governance makes dev a contract developer (an agency admin may not).
	id := grantDeveloper(t, c, admin, dev.Address)
	res := c.DeliverMsgs(admin, &agencytypes.MsgGrantRole{Admin: admin.Address.String(), AgencyId: id, Address: outsider.Address.String(), Role: agencytypes.ROLE_CONTRACT_DEVELOPER, Reason: "r"})
	requireCode(t, agencytypes.ModuleName, agencytypes.ErrUnauthorized.ABCICode(), res.Codespace, res.Code, res.Log)

	// ACT + ASSERT: the developer may store, others still may not.
	res = store(dev)
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.Equal(t, uint64(1), codeCount(t, c))
	requireUploadRefused(t, store(outsider))
	res = c.DeliverMsgs(outsider, &wasmtypes.MsgStoreAndInstantiateContract{Authority: outsider.Address.String(), WASMByteCode: code, Label: "x", Msg: []byte(`{}`)})
	requireUploadRefused(t, res)

	// Another role is not enough.
	res = c.DeliverMsgs(admin, &agencytypes.MsgGrantRole{Admin: admin.Address.String(), AgencyId: id, Address: outsider.Address.String(), Role: agencytypes.ROLE_AUDITOR, Reason: "audit"})
	require.Equal(t, uint32(0), res.Code, res.Log)
	requireUploadRefused(t, store(outsider))

	// Through authz: the developer's right may be exercised by a grantee on
	// its behalf, but a developer cannot lend its right to an outsider's Msg.
	grant, err := authz.NewMsgGrant(dev.Address, outsider.Address, authz.NewGenericAuthorization(sdk.MsgTypeURL(&wasmtypes.MsgStoreCode{})), nil)
	require.NoError(t, err)
	require.Equal(t, uint32(0), c.DeliverMsgs(dev, grant).Code)
	exec := authz.NewMsgExec(outsider.Address, []sdk.Msg{&wasmtypes.MsgStoreCode{Sender: dev.Address.String(), WASMByteCode: code}})
	res = c.DeliverMsgs(outsider, &exec)
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.Equal(t, uint64(2), codeCount(t, c))
	grant, err = authz.NewMsgGrant(outsider.Address, dev.Address, authz.NewGenericAuthorization(sdk.MsgTypeURL(&wasmtypes.MsgStoreCode{})), nil)
	require.NoError(t, err)
	require.Equal(t, uint32(0), c.DeliverMsgs(outsider, grant).Code)
	exec = authz.NewMsgExec(dev.Address, []sdk.Msg{&wasmtypes.MsgStoreCode{Sender: outsider.Address.String(), WASMByteCode: code}})
	requireUploadRefused(t, c.DeliverMsgs(dev, &exec))

	// Suspending the agency takes the right away.
	p := c.PassProposal(admin, &agencytypes.MsgSetAgencyStatus{Authority: testutil.GovAuthority(), AgencyId: id, Status: agencytypes.AGENCY_STATUS_SUSPENDED, Reason: "review"})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	requireUploadRefused(t, store(dev))
	require.Equal(t, uint64(2), codeCount(t, c), "refused uploads store nothing")
}

// TestUploadCheckReadsTheRunningTransaction: a role granted earlier in the
// same transaction counts, one revoked earlier does not (the check runs in
// the wasm Msg service on the transaction's own state, after the ante handler).
func TestUploadCheckReadsTheRunningTransaction(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"admin", "dev"}})
	admin, dev := c.Accounts["admin"], c.Accounts["dev"]
	code := testutil.ReadWasmdTestdata(t, testutil.HackatomWasm)
	id := grantDeveloper(t, c, admin, admin.Address) // an agency; admin is a developer
	agency := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	route := func(ctx sdk.Context, msg sdk.Msg) error {
		_, err := c.App.MsgServiceRouter().Handler(msg)(ctx, msg)
		return err
	}
	storeMsg := &wasmtypes.MsgStoreCode{Sender: dev.Address.String(), WASMByteCode: code}

	ctx, _ := c.Ctx().CacheContext()
	require.ErrorIs(t, route(ctx, storeMsg), sdkerrors.ErrUnauthorized)
	_, err := agency.GrantRole(ctx, &agencytypes.MsgGrantRole{Admin: testutil.GovAuthority(), AgencyId: id, Address: dev.Address.String(), Role: agencytypes.ROLE_CONTRACT_DEVELOPER, Reason: "r"})
	require.NoError(t, err)
	require.NoError(t, route(ctx, storeMsg), "granted earlier in the same transaction")
	_, err = agency.RevokeRole(ctx, &agencytypes.MsgRevokeRole{Admin: testutil.GovAuthority(), AgencyId: id, Address: dev.Address.String(), Role: agencytypes.ROLE_CONTRACT_DEVELOPER, Reason: "r"})
	require.NoError(t, err)
	require.ErrorIs(t, route(ctx, storeMsg), sdkerrors.ErrUnauthorized, "revoked earlier in the same transaction")
}

// TestContractStoresCodeOnlyWithTheRole: a contract's submessage reaches the
// same check, with the contract as the actor.
func TestContractStoresCodeOnlyWithTheRole(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice"}})
	alice := c.Accounts["alice"]
	contract := storeAndInstantiateReflect(t, c, alice)
	before := codeCount(t, c)
	storeAny := wasmvmtypes.CosmosMsg{Any: &wasmvmtypes.AnyMsg{
		TypeURL: sdk.MsgTypeURL(&wasmtypes.MsgStoreCode{}),
		Value:   mustMarshal(t, c, &wasmtypes.MsgStoreCode{Sender: contract.String(), WASMByteCode: testutil.ReadWasmdTestdata(t, testutil.HackatomWasm)}),
	}}
	res := reflect(t, c, alice, contract, storeAny)
	require.NotEqual(t, uint32(0), res.Code)
	require.Contains(t, res.Log, "may not store wasm code")
	require.Equal(t, before, codeCount(t, c))

	grantDeveloper(t, c, alice, contract)
	res = reflect(t, c, alice, contract, storeAny)
	require.Equal(t, uint32(0), res.Code, res.Log)
	require.Equal(t, before+1, codeCount(t, c))
}

// TestSeatsCannotLeaveThroughWasmOrIBC: contract funds and IBC escrow are
// transfers, which the seat send restriction refuses.
func TestSeatsCannotLeaveThroughWasmOrIBC(t *testing.T) {
	c, body := newChainWithBody(t)
	alice := c.Accounts["alice"]
	p := c.PassProposal(alice, &wasmtypes.MsgStoreCode{Sender: testutil.GovAuthority(), WASMByteCode: testutil.ReadWasmdTestdata(t, testutil.HackatomWasm)})
	require.Equal(t, govv1.StatusPassed, p.Status, p.FailedReason)
	initMsg := []byte(`{"verifier":"` + body.Address.String() + `","beneficiary":"` + alice.Address.String() + `"}`)
	res := c.DeliverMsgs(body, &wasmtypes.MsgInstantiateContract{Sender: body.Address.String(), CodeID: 1, Label: "h", Msg: initMsg, Funds: sdk.NewCoins(oneSeat)})
	requireCode(t, app.AppErrorCodespace, app.ErrSeatTransfer.ABCICode(), res.Codespace, res.Code, res.Log)
	require.Equal(t, testutil.SeatAmount, c.Balance(body.Address, app.SeatDenom))

	// An IBC transfer escrows the coins with a bank send to the channel's
	// escrow account: refused for seats.
	ctx, _ := c.Ctx().CacheContext()
	escrow := ibctransfertypes.GetEscrowAddress(ibctransfertypes.PortID, "channel-0")
	err := c.App.TransferKeeper.EscrowCoin(ctx, body.Address, escrow, oneSeat)
	require.ErrorIs(t, err, app.ErrSeatTransfer)
	require.NoError(t, c.App.TransferKeeper.EscrowCoin(ctx, alice.Address, escrow, someCivis), "public funds may leave")
}
