package keeper

import (
	"context"
	"fmt"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// HookCheckVoterEligibility is the rule hook asked before each ballot.
const HookCheckVoterEligibility = "check_voter_eligibility"

// AttachVoterRule attaches a check_voter_eligibility rule contract to a
// scheduled election before its start, once: the contract must have no
// admin, be instantiated by governance, the officer or a CONTRACT_DEVELOPER
// of the election's agency, and run code stored by governance or such a
// developer (x/common/wasmrule); the code id and the gas cap
// (rule_gas_limit) are pinned, so the rule cannot change once voting starts.
func (m msgServer) AttachVoterRule(ctx context.Context, msg *types.MsgAttachVoterRule) (*types.MsgAttachVoterRuleResponse, error) {
	e, err := m.GetElection(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, e.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	contract, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "contract", msg.Contract)
	if err != nil {
		return nil, err
	}
	if e.Status != types.ELECTION_STATUS_SCHEDULED || !sdk.UnwrapSDKContext(ctx).BlockTime().Before(e.StartTime) {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "election %d takes a rule only before its start (status %s)", e.Id, e.Status)
	}
	if e.VoterRule != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidRule, "election %d already has the rule %s: a rule is attached once", e.Id, e.VoterRule.Contract)
	}
	if m.rules == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRule, "this chain runs no rule contracts")
	}
	attacher, err := m.addressCodec.StringToBytes(officer)
	if err != nil {
		return nil, err
	}
	codeID, err := wasmrule.Attachable(ctx, m.rules, m.agency, m.authority, e.AgencyId, contract, attacher, types.ErrInvalidRule)
	if err != nil {
		return nil, err
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	e.VoterRule = &types.RuleAttachment{Contract: canonical, CodeId: codeID, GasLimit: p.RuleGasLimit}
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgAttachVoterRuleResponse{CodeId: codeID}, common.EmitEvent(ctx, &types.EventRuleAttached{
		ElectionId: e.Id, Hook: HookCheckVoterEligibility, Contract: canonical, CodeId: codeID, By: officer})
}

// checkVoterRule asks the election's rule, if any, whether voter may vote:
// an error refuses this ballot (with the contract's reason), never the
// others of the message.
func (k Keeper) checkVoterRule(ctx sdk.Context, e *types.Election, voter string) error {
	r := e.VoterRule
	if r == nil {
		return nil
	}
	msg := fmt.Sprintf(`{"check_voter_eligibility":{"election_id":%d,"voter":%q,"start_time":%d}}`, e.Id, voter, e.StartTime.Unix())
	_, err := wasmrule.CallPinned(ctx, k.rules, k.addressCodec, r.Contract, r.CodeId, r.GasLimit, []byte(msg), types.ErrRuleRefused)
	return err
}
