package keeper

import (
	"context"
	"fmt"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// attachBidRule checks a check_bid_eligibility rule contract named at
// publication (no admin; code by governance or a CONTRACT_DEVELOPER of the
// agency, x/common/wasmrule) and pins it with the params' gas cap.
func (k Keeper) attachBidRule(ctx context.Context, agencyID uint64, contract string, p types.Params) (*types.RuleAttachment, error) {
	if contract == "" {
		return nil, nil
	}
	addr, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "bid_rule_contract", contract)
	if err != nil {
		return nil, err
	}
	if k.rules == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRule, "this chain runs no rule contracts")
	}
	codeID, err := wasmrule.Attachable(ctx, k.rules, k.agency, k.authority, agencyID, addr, types.ErrInvalidRule)
	if err != nil {
		return nil, err
	}
	return &types.RuleAttachment{Contract: canonical, CodeId: codeID, GasLimit: p.RuleGasLimit}, nil
}

// checkBidRule asks the tender's check_bid_eligibility rule, if any: an
// error refuses the bid with the contract's reason.
func (k Keeper) checkBidRule(ctx context.Context, t *types.Tender, lot *types.Lot, supplierID uint64, bidder string) error {
	r := t.BidRule
	if r == nil {
		return nil
	}
	msg := fmt.Sprintf(`{"check_bid_eligibility":{"tender_id":%d,"lot":%d,"supplier_id":%d,"bidder":%q,"ceiling":%q}}`,
		t.Id, lot.Index, supplierID, bidder, lot.Ceiling.String())
	return wasmrule.CallPinned(sdk.UnwrapSDKContext(ctx), k.rules, k.addressCodec, r.Contract, r.CodeId, r.GasLimit, []byte(msg), types.ErrRuleRefused)
}
