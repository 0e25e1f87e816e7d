package keeper

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// attachRule checks a rule contract named at publication in field (no
// admin; code by governance or a CONTRACT_DEVELOPER of the agency,
// x/common/wasmrule) and pins it with the params' gas cap (and, for a
// score_bid rule, the params' bonus cap).
func (k Keeper) attachRule(ctx context.Context, agencyID uint64, officer, field, contract string, p types.Params) (*types.RuleAttachment, error) {
	if contract == "" {
		return nil, nil
	}
	addr, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, field, contract)
	if err != nil {
		return nil, err
	}
	if k.rules == nil {
		return nil, errorsmod.Wrap(types.ErrInvalidRule, "this chain runs no rule contracts")
	}
	attacher, err := k.addressCodec.StringToBytes(officer)
	if err != nil {
		return nil, err
	}
	codeID, err := wasmrule.Attachable(ctx, k.rules, k.agency, k.authority, agencyID, addr, attacher, types.ErrInvalidRule)
	if err != nil {
		return nil, err
	}
	r := &types.RuleAttachment{Contract: canonical, CodeId: codeID, GasLimit: p.RuleGasLimit}
	if field == "score_rule_contract" {
		r.MaxBonus = p.MaxRuleBonus
	}
	return r, nil
}

// checkBidRule asks the tender's check_bid_eligibility rule, if any: an
// error refuses the bid with the contract's reason.
func (k Keeper) checkBidRule(ctx context.Context, t *types.Tender, lot *types.Lot, supplierID uint64, bidder string) error {
	r := t.BidRule
	if r == nil {
		return nil
	}
	msg := fmt.Sprintf(`{"check_bid_eligibility":{"tender_id":%d,"lot":%d,"supplier_id":%d,"bidder":%q,"ceiling":%q,"published_height":%d}}`,
		t.Id, lot.Index, supplierID, bidder, lot.Ceiling.String(), t.CreatedHeight)
	_, err := wasmrule.CallPinned(sdk.UnwrapSDKContext(ctx), k.rules, k.addressCodec, r.Contract, r.CodeId, r.GasLimit, []byte(msg), types.ErrRuleRefused)
	return err
}

// scoreAnswer is a score_bid rule's answer, the data of its response.
type scoreAnswer struct {
	BonusMillionths *uint64 `json:"bonus_millionths"`
}

// ruleBonuses asks the tender's score_bid rule, if any, for each revealed
// bid of a RATED lot at the close of its evaluation, with the bid's total
// from the evaluators' scores and the price, and the tender's publication
// height (a rule should answer from its data as it stood then, so nobody
// changes it after seeing the bids), and returns the bonus of each
// (a larger answer than the attachment's max_bonus is cut to it). A rule
// that refuses, fails, runs out of gas or answers something else than
// {"bonus_millionths": N} refuses the close, with its reason: the officer
// may close again or cancel the lot; no bid is scored by half a rule.
func (k Keeper) ruleBonuses(ctx context.Context, t *types.Tender, lot uint32, bids []types.Bid, totals map[uint64]uint64) (map[uint64]uint64, error) {
	r := t.ScoreRule
	if r == nil {
		return nil, nil
	}
	out := make(map[uint64]uint64, len(bids))
	for _, b := range bids {
		msg := fmt.Sprintf(`{"score_bid":{"tender_id":%d,"lot":%d,"bid_id":%d,"supplier_id":%d,"price":%q,"score":%d,"published_height":%d}}`,
			t.Id, lot, b.Id, b.SupplierId, b.Price.String(), totals[b.Id], t.CreatedHeight)
		data, err := wasmrule.CallPinned(sdk.UnwrapSDKContext(ctx), k.rules, k.addressCodec, r.Contract, r.CodeId, r.GasLimit, []byte(msg), types.ErrRuleRefused)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "score_bid of bid %d", b.Id)
		}
		bonus, err := ParseScoreAnswer(data)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrRuleRefused, "score_bid of bid %d: rule contract %s: %s", b.Id, r.Contract, err)
		}
		out[b.Id] = min(bonus, r.MaxBonus)
	}
	return out, nil
}

// ParseScoreAnswer reads a score_bid rule's answer: exactly
// {"bonus_millionths": N}.
func ParseScoreAnswer(data []byte) (uint64, error) {
	var a scoreAnswer
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a); err != nil || a.BonusMillionths == nil || dec.More() {
		return 0, fmt.Errorf("answered %q, not {\"bonus_millionths\": N}", truncate(data, 128))
	}
	return *a.BonusMillionths, nil
}

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
