// Package contracts_test runs the committed rule contracts (artifacts/) on
// the real wasm VM inside the app: stored by governance, instantiated,
// executed, and called through sudo as the rule hooks do.
package contracts_test

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtestdata "github.com/CosmWasm/wasmd/x/wasm/keeper/testdata"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
)

// deploy stores an artifact by governance and instantiates it from owner.
func deploy(t *testing.T, c *testutil.Chain, artifact string, owner testutil.Account, initMsg string) sdk.AccAddress {
	t.Helper()
	code, err := os.ReadFile(filepath.Join("artifacts", artifact))
	require.NoError(t, err)
	return deployCode(t, c, code, artifact, owner, initMsg)
}

// deployCode stores code by governance and instantiates it from owner.
func deployCode(t *testing.T, c *testutil.Chain, code []byte, artifact string, owner testutil.Account, initMsg string) sdk.AccAddress {
	t.Helper()
	before, err := c.App.WasmKeeper.PeekAutoIncrementID(c.Ctx(), wasmtypes.KeySequenceCodeID)
	require.NoError(t, err)
	p := c.PassProposal(owner, &wasmtypes.MsgStoreCode{Sender: testutil.GovAuthority(), WASMByteCode: code})
	require.Equal(t, govv1.StatusPassed, p.Status, "store %s: %s", artifact, p.FailedReason)
	res := c.DeliverMsgs(owner, &wasmtypes.MsgInstantiateContract{Sender: owner.Address.String(), CodeID: before, Label: artifact, Msg: []byte(initMsg)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	var addr sdk.AccAddress
	c.App.WasmKeeper.IterateContractsByCode(c.Ctx(), before, func(a sdk.AccAddress) bool { addr = a; return true })
	require.NotNil(t, addr)
	return addr
}

func TestResidencyEligibilityOnTheVM(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "bob", "carol"}})
	alice, bob, carol := c.Accounts["alice"], c.Accounts["bob"], c.Accounts["carol"]
	addr := deploy(t, c, "residency_eligibility.wasm", alice, `{"attestors":["`+bob.Address.String()+`"]}`)

	execute := func(from testutil.Account, msg string) (uint32, string) {
		res := c.DeliverMsgs(from, &wasmtypes.MsgExecuteContract{Sender: from.Address.String(), Contract: addr.String(), Msg: []byte(msg)})
		return res.Code, res.Log
	}
	code, log := execute(carol, `{"attest":{"residents":["`+carol.Address.String()+`"]}}`)
	require.NotEqual(t, uint32(0), code)
	require.Contains(t, log, "is not an attestor")
	code, log = execute(bob, `{"attest":{"residents":["`+carol.Address.String()+`"]}}`)
	require.Equal(t, uint32(0), code, log)

	sudo := wasmkeeper.NewDefaultPermissionKeeper(c.App.WasmKeeper)
	start := strconv.FormatInt(c.Now().Add(time.Hour).Unix(), 10) // an election starting in an hour
	check := func(voter string) error {
		ctx, _ := c.Ctx().CacheContext()
		_, err := sudo.Sudo(ctx, addr, []byte(`{"check_voter_eligibility":{"election_id":1,"voter":"`+voter+`","start_time":`+start+`}}`))
		return err
	}
	require.NoError(t, check(carol.Address.String()))
	err := check(alice.Address.String())
	require.Error(t, err)
	require.Contains(t, err.Error(), alice.Address.String()+" was not attested as a resident at the election's start")

	out, err := c.App.WasmKeeper.QuerySmart(c.Ctx(), addr, []byte(`{"residents":{"limit":10}}`))
	require.NoError(t, err)
	var list struct {
		Addresses []string `json:"addresses"`
	}
	require.NoError(t, json.Unmarshal(out, &list))
	require.Equal(t, []string{carol.Address.String()}, list.Addresses, "iterated with db_scan/db_next")
	_, err = c.App.WasmKeeper.QuerySmart(c.Ctx(), addr, []byte(`{"nonsense":{}}`))
	require.ErrorContains(t, err, "parsing msg")
}

func TestSpendingGuardQueriesTheChain(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice"}})
	alice := c.Accounts["alice"]
	addr := deploy(t, c, "spending_guard.wasm", alice, `{"agency_id":1,"cap":"1000000"}`)

	// The status query reads awarded_total through the custom querier.
	out, err := c.App.WasmKeeper.QuerySmart(c.Ctx(), addr, []byte(`{"status":{"supplier_id":1,"fiscal_year":2026}}`))
	require.NoError(t, err)
	require.JSONEq(t, `{"awarded":"0","cap":"1000000","room":"1000000"}`, string(out))

	// A query the chain cannot answer refuses the action, with the chain's reason.
	sudo := wasmkeeper.NewDefaultPermissionKeeper(c.App.WasmKeeper)
	ctx, _ := c.Ctx().CacheContext()
	_, err = sudo.Sudo(ctx, addr, []byte(`{"check_bid_eligibility":{"tender_id":99,"lot":0,"supplier_id":1,"bidder":"`+alice.Address.String()+`","ceiling":"1","published_height":`+strconv.FormatInt(c.App.LastBlockHeight(), 10)+`}}`))
	require.Error(t, err)
	// wasmd passes a module error to the contract as its codespace and code
	// (the text is redacted for determinism): procurement 6 = tender not found.
	require.Contains(t, err.Error(), "codespace: procurement, code: 6")
}

// TestRuleAttachAndCall: who may attach a contract as an agency's rule, and
// a rule call's allow, deny, out-of-gas and changed-code paths
// (x/common/wasmrule, used by the modules' hooks).
func TestRuleAttachAndCall(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "bob", "carol"}})
	alice, bob, carol := c.Accounts["alice"], c.Accounts["bob"], c.Accounts["carol"]
	addr := deploy(t, c, "residency_eligibility.wasm", alice, `{"attestors":["`+bob.Address.String()+`"]}`)
	res := c.DeliverMsgs(bob, &wasmtypes.MsgExecuteContract{Sender: bob.Address.String(), Contract: addr.String(),
		Msg: []byte(`{"attest":{"residents":["` + carol.Address.String() + `"]}}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	wk := app.NewWasmRules(c.App.WasmKeeper)
	errType := wasmtypes.ErrInvalid // any registered error: the modules pass their own
	start := strconv.FormatInt(c.Now().Add(time.Hour).Unix(), 10)

	// Stored by governance, no admin: attachable by any agency, and pinned in the VM cache.
	info := c.App.WasmKeeper.GetContractInfo(c.Ctx(), addr)
	require.False(t, c.App.WasmKeeper.IsPinnedCode(c.Ctx(), info.CodeID))
	// Its instantiator (alice, who owns its data) is not a CONTRACT_DEVELOPER
	// yet: only alice herself may attach it.
	_, err := wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 1, addr, carol.Address, errType)
	require.ErrorContains(t, err, "was instantiated by "+alice.Address.String()+", neither governance nor a CONTRACT_DEVELOPER of agency 1")
	codeID, err := wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 1, addr, alice.Address, errType)
	require.NoError(t, err)
	require.True(t, c.App.WasmKeeper.IsPinnedCode(c.Ctx(), codeID), "an attached rule's code is pinned")

	// Stored by a CONTRACT_DEVELOPER of agency 1: attachable by agency 1 only.
	_, err = agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper).GrantRole(c.Ctx(), &agencytypes.MsgGrantRole{Admin: testutil.GovAuthority(),
		AgencyId: 1, Address: alice.Address.String(), Role: agencytypes.ROLE_CONTRACT_DEVELOPER, Reason: "agency IT"})
	require.NoError(t, err)
	code, err := os.ReadFile(filepath.Join("artifacts", "residency_eligibility.wasm"))
	require.NoError(t, err)
	res = c.DeliverMsgs(alice, &wasmtypes.MsgStoreCode{Sender: alice.Address.String(), WASMByteCode: code})
	require.Equal(t, uint32(0), res.Code, res.Log)
	own := codeID + 1
	res = c.DeliverMsgs(alice, &wasmtypes.MsgInstantiateContract{Sender: alice.Address.String(), CodeID: own, Label: "own", Msg: []byte(`{"attestors":[]}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	res = c.DeliverMsgs(alice, &wasmtypes.MsgInstantiateContract{Sender: alice.Address.String(), Admin: alice.Address.String(), CodeID: own, Label: "admin", Msg: []byte(`{"attestors":[]}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	var ownAddr, adminAddr sdk.AccAddress
	c.App.WasmKeeper.IterateContractsByCode(c.Ctx(), own, func(a sdk.AccAddress) bool {
		if c.App.WasmKeeper.GetContractInfo(c.Ctx(), a).Admin == "" {
			ownAddr = a
		} else {
			adminAddr = a
		}
		return false
	})
	got, err := wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 1, ownAddr, carol.Address, errType)
	require.NoError(t, err, "instantiated by a CONTRACT_DEVELOPER of the agency: any officer may attach it")
	require.Equal(t, own, got)
	_, err = wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 2, ownAddr, alice.Address, errType)
	require.ErrorContains(t, err, fmt.Sprintf("code %d was stored by %s, neither governance nor a CONTRACT_DEVELOPER of agency 2", own, alice.Address))
	_, err = wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 1, adminAddr, alice.Address, errType)
	require.ErrorContains(t, err, "has an admin")
	_, err = wasmrule.Attachable(c.Ctx(), wk, c.App.AgencyKeeper, testutil.GovAuthority(), 1, alice.Address, alice.Address, errType)
	require.ErrorContains(t, err, "does not exist")

	call := func(voter string, pinned, gas uint64) (error, uint64) {
		ctx := c.Ctx().WithGasMeter(storetypes.NewInfiniteGasMeter())
		_, err := wasmrule.Call(ctx, wk, addr, pinned, []byte(`{"check_voter_eligibility":{"election_id":1,"voter":"`+voter+`","start_time":`+start+`}}`), gas, errType)
		return err, ctx.GasMeter().GasConsumed()
	}
	err, used := call(carol.Address.String(), codeID, 2_000_000)
	require.NoError(t, err, "allowed")
	t.Logf("a check_voter_eligibility call used %d gas", used)
	err, _ = call(alice.Address.String(), codeID, 2_000_000)
	require.ErrorContains(t, err, alice.Address.String()+" was not attested as a resident at the election's start", "denied with the contract's reason")
	err, used = call(carol.Address.String(), codeID, 5_000)
	require.ErrorContains(t, err, "ran out of gas (limit 5000)")
	require.LessOrEqual(t, used, uint64(5_000), "the caller pays at most the cap")
	err, _ = call(carol.Address.String(), codeID+5, 2_000_000)
	require.ErrorContains(t, err, "not the code")

	// A transaction with less gas left than the rule's cap runs the rule on
	// what it has left, never more.
	parent := storetypes.NewGasMeter(20_000)
	parent.ConsumeGas(16_000, "the transaction so far")
	_, err = wasmrule.Call(c.Ctx().WithGasMeter(parent), wk, addr, codeID,
		[]byte(`{"check_voter_eligibility":{"election_id":1,"voter":"`+carol.Address.String()+`","start_time":`+start+`}}`), 2_000_000, errType)
	require.ErrorContains(t, err, "ran out of gas (limit 4000, what the transaction had left)")
	require.Equal(t, uint64(20_000), parent.GasConsumed(), "charged what was left, not the cap")
}

// officeLine funds the treasury (from "funder"), opens fiscal year 2026 and
// appropriates line "01.1" of 1,000,000 to agency 1, by governance.
func officeLine(t *testing.T, c *testutil.Chain) uint64 {
	t.Helper()
	ctx := c.Ctx()
	bm := budgetkeeper.NewMsgServerImpl(c.App.BudgetKeeper)
	gov := testutil.GovAuthority()
	_, err := bm.FundTreasury(ctx, &budgettypes.MsgFundTreasury{Funder: c.Accounts["funder"].Address.String(), Amount: sdk.NewInt64Coin("ucivis", 10_000_000)})
	require.NoError(t, err)
	_, err = bm.OpenFiscalYear(ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2026, StartTime: ctx.BlockTime(), EndTime: ctx.BlockTime().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	lines, err := bm.Appropriate(ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2026, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "01.1", Title: "Office", Amount: math.NewInt(1_000_000)}}})
	require.NoError(t, err)
	return lines.LineIds[0]
}

// TestRoleAgentActsInItsOwnRoles: a contract sends Civitas custom messages
// that run through the modules' msg servers with the contract as signer: it
// cannot commit before the agency grants its address TREASURER, then
// commits and disburses; it cannot act in a role it was not granted, nor
// name another signer; and a contract running as a rule hook may not send
// messages at all.
func TestRoleAgentActsInItsOwnRoles(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "bob", "carol", "dave", "funder"}})
	alice, bob, carol, dave := c.Accounts["alice"], c.Accounts["bob"], c.Accounts["carol"], c.Accounts["dave"]
	line := officeLine(t, c)

	agent := deploy(t, c, "role_agent.wasm", alice, `{"operators":["`+bob.Address.String()+`"]}`)
	act := func(from testutil.Account, msgs ...string) (uint32, string) {
		body := `{"act":{"msgs":[` + strings.Join(msgs, ",") + `]}}`
		res := c.DeliverMsgs(from, &wasmtypes.MsgExecuteContract{Sender: from.Address.String(), Contract: agent.String(), Msg: []byte(body)})
		return res.Code, res.Log
	}
	commit := fmt.Sprintf(`{"budget":{"commit":{"line_id":%d,"amount":"100000","beneficiary":"%s","purpose":"printing"}}}`, line, dave.Address)

	code, log := act(bob, commit)
	require.NotEqual(t, uint32(0), code)
	require.Contains(t, log, agent.String()+" is not a treasurer of agency 1", "the contract holds no role yet")

	_, err := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper).GrantRole(c.Ctx(), &agencytypes.MsgGrantRole{Admin: c.Validators[0].Address.String(), AgencyId: 1,
		Address: agent.String(), Role: agencytypes.ROLE_TREASURER, Reason: "payments workflow"})
	require.NoError(t, err)
	code, log = act(carol, commit)
	require.NotEqual(t, uint32(0), code)
	require.Contains(t, log, "is neither the owner nor an operator")
	code, log = act(bob, commit)
	require.Equal(t, uint32(0), code, log)
	cm, err := c.App.BudgetKeeper.Commitments.Get(c.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, agent.String(), cm.By, "the contract committed, as itself")
	before := c.Balance(dave.Address, "ucivis")
	code, log = act(bob, `{"budget":{"disburse":{"commitment_id":1,"amount":"40000","reference":"invoice 7"}}}`)
	require.Equal(t, uint32(0), code, log)
	require.Equal(t, before.AddRaw(40_000), c.Balance(dave.Address, "ucivis"))

	for name, tc := range map[string]struct{ msg, want string }{
		"a role not granted": {fmt.Sprintf(`{"agency":{"grant_role":{"agency_id":1,"address":"%s","role":"ROLE_TREASURER","reason":"me too"}}}`, carol.Address),
			agent.String() + " is not an admin of agency 1"},
		"an officer's act": {fmt.Sprintf(`{"procurement":{"publish_tender":{"agency_id":1,"title":"Mine","budget_line_id":%d}}}`, line),
			agent.String() + " is not a procurement officer"},
		"another signer": {fmt.Sprintf(`{"budget":{"disburse":{"treasurer":"%s","commitment_id":1,"amount":"1","reference":"x"}}}`, alice.Address),
			"treasurer must be the contract itself"},
		"an unknown action": {`{"budget":{"steal":{}}}`, "no custom message budget.steal; there are: budget.appropriate"},
		"two actions":       {`{"budget":{"disburse":{},"commit":{}}}`, "names 2 actions"},
		"a bad field":       {`{"budget":{"disburse":{"commitment_id":"x"}}}`, "budget.disburse"},
	} {
		code, log := act(bob, tc.msg)
		require.NotEqual(t, uint32(0), code, name)
		require.Contains(t, log, tc.want, name)
	}
	require.Equal(t, before.AddRaw(40_000), c.Balance(dave.Address, "ucivis"), "no refused message paid")

	// As a rule hook the same contract may not act: its messages are refused,
	// so the call refuses (the hook's action with it) and nothing is paid.
	hook := deploy(t, c, "role_agent.wasm", alice, `{"operators":[]}`)
	_, err = agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper).GrantRole(c.Ctx(), &agencytypes.MsgGrantRole{Admin: c.Validators[0].Address.String(), AgencyId: 1,
		Address: hook.String(), Role: agencytypes.ROLE_TREASURER, Reason: "t"})
	require.NoError(t, err)
	res := c.DeliverMsgs(alice, &wasmtypes.MsgExecuteContract{Sender: alice.Address.String(), Contract: hook.String(),
		Msg: []byte(`{"set_hook_msgs":{"msgs":[` + commit + `]}}`)})
	require.Equal(t, uint32(0), res.Code, res.Log)
	info := c.App.WasmKeeper.GetContractInfo(c.Ctx(), hook)
	_, err = wasmrule.Call(c.Ctx().WithGasMeter(storetypes.NewInfiniteGasMeter()), app.NewWasmRules(c.App.WasmKeeper), hook, info.CodeID,
		[]byte(`{"check_voter_eligibility":{"election_id":1,"voter":"x"}}`), 1_000_000, agencytypes.ErrUnauthorized)
	require.ErrorContains(t, err, "a rule may not send messages")
	n := 0
	require.NoError(t, c.App.BudgetKeeper.Commitments.Walk(c.Ctx(), nil, func(uint64, budgettypes.Commitment) (bool, error) { n++; return false, nil }))
	require.Equal(t, 1, n, "the hook committed nothing")
}

// TestCosmwasmStdContractActsInItsRole: a contract built elsewhere with
// cosmwasm-std 2.0 (wasmd's reflect test contract) runs on Civitas and acts
// in the role granted to its address through a protobuf Any message of a
// Civitas Msg, under the same msg-server checks as the custom messages.
func TestCosmwasmStdContractActsInItsRole(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice", "dave", "funder"}})
	alice, dave := c.Accounts["alice"], c.Accounts["dave"]
	line := officeLine(t, c)

	reflect := deployCode(t, c, wasmtestdata.ReflectContractWasm(), "reflect", alice, `{}`)
	commit := func() (uint32, string) {
		bz, err := (&budgettypes.MsgCommit{Treasurer: reflect.String(), LineId: line, Amount: math.NewInt(5000),
			Beneficiary: dave.Address.String(), Purpose: "stationery"}).Marshal()
		require.NoError(t, err)
		msg := fmt.Sprintf(`{"reflect_msg":{"msgs":[{"any":{"type_url":"/civitas.budget.v1.MsgCommit","value":"%s"}}]}}`, base64.StdEncoding.EncodeToString(bz))
		res := c.DeliverMsgs(alice, &wasmtypes.MsgExecuteContract{Sender: alice.Address.String(), Contract: reflect.String(), Msg: []byte(msg)})
		return res.Code, res.Log
	}
	code, log := commit()
	require.NotEqual(t, uint32(0), code)
	require.Contains(t, log, "is not a treasurer of agency 1")
	_, err := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper).GrantRole(c.Ctx(), &agencytypes.MsgGrantRole{Admin: c.Validators[0].Address.String(), AgencyId: 1,
		Address: reflect.String(), Role: agencytypes.ROLE_TREASURER, Reason: "t"})
	require.NoError(t, err)
	code, log = commit()
	require.Equal(t, uint32(0), code, log)
	cm, err := c.App.BudgetKeeper.Commitments.Get(c.Ctx(), 1)
	require.NoError(t, err)
	require.Equal(t, reflect.String(), cm.By)
}
