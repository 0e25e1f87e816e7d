package keeper

import (
	"context"
	"errors"
	"math/big"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// ScoreScale: a bid's weighted total is in millionths of the whole.
const ScoreScale = 1_000_000

func sheetKey(tenderID uint64, lot uint32, evaluator sdk.AccAddress) collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]] {
	return collections.Join(tenderID, collections.Join(lot, evaluator))
}

// evaluatingLot returns a tender and its lot if the lot is under RATED evaluation.
func (k Keeper) evaluatingLot(ctx context.Context, tenderID uint64, lot uint32) (types.Tender, *types.Lot, error) {
	t, l, err := k.lotOf(ctx, tenderID, lot)
	if err != nil {
		return t, l, err
	}
	if t.Status != types.TENDER_STATUS_ACTIVE || l.Status != types.LOT_STATUS_EVALUATING {
		return t, l, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d is %s, not under evaluation", tenderID, lot, l.Status)
	}
	return t, l, nil
}

func (m msgServer) DeclareNoConflict(ctx context.Context, msg *types.MsgDeclareNoConflict) (*types.MsgDeclareNoConflictResponse, error) {
	evaluator, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "evaluator", msg.Evaluator)
	if err != nil {
		return nil, err
	}
	t, _, err := m.evaluatingLot(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	if ok, err := m.agency.HasRole(ctx, t.AgencyId, evaluator, agencytypes.ROLE_EVALUATOR); err != nil {
		return nil, err
	} else if !ok {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not an evaluator of agency %d", canonical, t.AgencyId)
	}
	if err := m.checkNoConflictWithAny(ctx, &t, msg.Lot, evaluator, canonical, "evaluator"); err != nil {
		return nil, err
	}
	key := sheetKey(t.Id, msg.Lot, evaluator)
	if has, err := m.ScoreSheets.Has(ctx, key); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "%s already declared for tender %d lot %d", canonical, t.Id, msg.Lot)
	}
	sheet := types.ScoreSheet{TenderId: t.Id, Lot: msg.Lot, Evaluator: canonical, DeclaredHeight: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	return &types.MsgDeclareNoConflictResponse{}, m.ScoreSheets.Set(ctx, key, sheet)
}

func (m msgServer) SubmitScores(ctx context.Context, msg *types.MsgSubmitScores) (*types.MsgSubmitScoresResponse, error) {
	evaluator, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "evaluator", msg.Evaluator)
	if err != nil {
		return nil, err
	}
	t, lot, err := m.evaluatingLot(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	key := sheetKey(t.Id, msg.Lot, evaluator)
	sheet, err := m.ScoreSheets.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s has not declared that it has no conflict for tender %d lot %d", canonical, t.Id, msg.Lot)
	} else if err != nil {
		return nil, err
	}
	// Still an evaluator, still no conflict (a supplier may have listed the evaluator since).
	if ok, err := m.agency.HasRole(ctx, t.AgencyId, evaluator, agencytypes.ROLE_EVALUATOR); err != nil {
		return nil, err
	} else if !ok {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is no longer an evaluator of agency %d", canonical, t.AgencyId)
	}
	if err := m.checkNoConflictWithAny(ctx, &t, msg.Lot, evaluator, canonical, "evaluator"); err != nil {
		return nil, err
	}
	bids, err := m.bidsOf(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	revealed := map[uint64]bool{}
	for _, b := range bids {
		if b.Status == types.BID_STATUS_REVEALED {
			revealed[b.Id] = true
		}
	}
	var criteria []types.Criterion
	for _, c := range lot.Criteria {
		if !c.Price {
			criteria = append(criteria, c)
		}
	}
	if len(msg.Bids) != len(revealed) {
		return nil, errorsmod.Wrapf(types.ErrInvalidScores, "score every revealed bid: %d of them, got %d", len(revealed), len(msg.Bids))
	}
	seen := map[uint64]bool{}
	for _, bs := range msg.Bids {
		if !revealed[bs.BidId] || seen[bs.BidId] {
			return nil, errorsmod.Wrapf(types.ErrInvalidScores, "bid %d is not a revealed bid of the lot, or is scored twice", bs.BidId)
		}
		seen[bs.BidId] = true
		if len(bs.Scores) != len(criteria) {
			return nil, errorsmod.Wrapf(types.ErrInvalidScores, "bid %d: %d scores for %d non-price criteria", bs.BidId, len(bs.Scores), len(criteria))
		}
		for i, s := range bs.Scores {
			if s > criteria[i].MaxScore {
				return nil, errorsmod.Wrapf(types.ErrInvalidScores, "bid %d: %q scored %d, above its maximum %d", bs.BidId, criteria[i].Name, s, criteria[i].MaxScore)
			}
		}
	}
	sheet.Bids = msg.Bids
	return &types.MsgSubmitScoresResponse{}, m.ScoreSheets.Set(ctx, key, sheet)
}

// RatedTotals computes each revealed bid's weighted total, in millionths
// (README, "Rated evaluation"): for each non-price criterion, weight ×
// (sum of the evaluators' scores) / (evaluators × max score); for the
// price, weight × lowest price / the bid's price; each term rounded down,
// then summed; weights in basis points of 10000.
func RatedTotals(criteria []types.Criterion, bids []types.Bid, sheets []types.ScoreSheet) map[uint64]uint64 {
	lowest := new(big.Int)
	for _, b := range bids {
		if lowest.Sign() == 0 || b.Price.BigIntMut().Cmp(lowest) < 0 {
			lowest.Set(b.Price.BigIntMut())
		}
	}
	out := make(map[uint64]uint64, len(bids))
	scale := big.NewInt(ScoreScale / types.BasisPoints) // bps → millionths
	for _, b := range bids {
		total := new(big.Int)
		ci := 0
		for _, c := range criteria {
			term := new(big.Int)
			if c.Price {
				term.Mul(big.NewInt(int64(c.WeightBps)), scale)
				term.Mul(term, lowest)
				term.Quo(term, b.Price.BigIntMut())
			} else {
				sum := int64(0)
				for _, s := range sheets {
					for _, bs := range s.Bids {
						if bs.BidId == b.Id {
							sum += int64(bs.Scores[ci])
						}
					}
				}
				term.Mul(big.NewInt(int64(c.WeightBps)), scale)
				term.Mul(term, big.NewInt(sum))
				term.Quo(term, big.NewInt(int64(len(sheets))*int64(c.MaxScore)))
				ci++
			}
			total.Add(total, term)
		}
		out[b.Id] = total.Uint64()
	}
	return out
}

func (m msgServer) CloseEvaluation(ctx context.Context, msg *types.MsgCloseEvaluation) (*types.MsgCloseEvaluationResponse, error) {
	t, _, err := m.lotOf(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkOfficerFor(ctx, &t, msg.Lot, msg.Officer, false); err != nil {
		return nil, err
	}
	t, lot, err := m.evaluatingLot(ctx, msg.TenderId, msg.Lot)
	if err != nil {
		return nil, err
	}
	// Only the sheets of evaluators who still hold the role and have not tied
	// themselves to a bidder since (a declared interest) count; the others
	// are set aside, with an event. A listing by a supplier made after the
	// evaluator scored does not set its sheet aside: it was checked at each
	// of the evaluator's acts, and a bidder must not discard a sheet it
	// dislikes by listing its author just before the close.
	live, err := m.bidsOf(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	var sheets []types.ScoreSheet
	rng := collections.NewPrefixedPairRange[uint64, collections.Pair[uint32, sdk.AccAddress]](t.Id)
	err = m.ScoreSheets.Walk(ctx, rng, func(key collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], s types.ScoreSheet) (bool, error) {
		if s.Lot != msg.Lot || len(s.Bids) == 0 {
			return false, nil
		}
		evaluator := key.K2().K2()
		ok, err := m.agency.HasRole(ctx, t.AgencyId, evaluator, agencytypes.ROLE_EVALUATOR)
		if err != nil {
			return true, err
		}
		why := "no longer an evaluator"
		if ok {
			why = ""
			for _, b := range live {
				if b.Status != types.BID_STATUS_REVEALED {
					continue
				}
				if cerr := m.checkOwnConflict(ctx, evaluator, s.Evaluator, "evaluator", b); errors.Is(cerr, types.ErrConflict) {
					why = cerr.Error()
					break
				} else if cerr != nil {
					return true, cerr
				}
			}
		}
		if why != "" {
			return false, common.EmitEvent(ctx, &types.EventScoreSheetSetAside{TenderId: t.Id, Lot: msg.Lot, Evaluator: s.Evaluator, Reason: why})
		}
		sheets = append(sheets, s)
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if need := max(lot.MinEvaluators, 1); uint32(len(sheets)) < need {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d lot %d needs %d score sheets of evaluators without conflict, has %d", t.Id, msg.Lot, need, len(sheets))
	}
	all, err := m.bidsOf(ctx, t.Id, msg.Lot)
	if err != nil {
		return nil, err
	}
	var bids []types.Bid
	for _, b := range all {
		if b.Status == types.BID_STATUS_REVEALED {
			bids = append(bids, b)
		}
	}
	totals := RatedTotals(lot.Criteria, bids, sheets)
	bonuses, err := m.ruleBonuses(ctx, &t, msg.Lot, bids, totals)
	if err != nil {
		return nil, err
	}
	var winner *types.Bid
	for i := range all {
		b := &all[i]
		if b.Status != types.BID_STATUS_REVEALED {
			continue
		}
		b.RuleBonus = bonuses[b.Id]
		b.Score = totals[b.Id] + b.RuleBonus
		if err := m.Bids.Set(ctx, b.Id, *b); err != nil {
			return nil, err
		}
		// Highest total; ties: lower price, then earlier submission, then lower id.
		if winner == nil || b.Score > winner.Score || (b.Score == winner.Score && (b.Price.LT(winner.Price) ||
			(b.Price.Equal(winner.Price) && (b.SubmittedHeight < winner.SubmittedHeight || (b.SubmittedHeight == winner.SubmittedHeight && b.Id < winner.Id))))) {
			winner = b
		}
	}
	old := t
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	lot.Status, lot.WinningBidId, lot.AwardAmount = types.LOT_STATUS_STANDSTILL, winner.Id, winner.Price
	lot.StandstillEnd = sdkCtx.BlockTime().Add(time.Duration(t.StandstillSeconds) * time.Second)
	if err := m.StandstillQueue.Set(ctx, collections.Join(lot.StandstillEnd, t.Id)); err != nil {
		return nil, err
	}
	// The other bonds stay until the contract is signed (or the lot ends).
	if err := m.setTender(ctx, &old, t); err != nil {
		return nil, err
	}
	return &types.MsgCloseEvaluationResponse{WinningBidId: winner.Id}, common.EmitEvent(ctx, &types.EventLotStatusChanged{TenderId: t.Id, Lot: msg.Lot,
		Status: lot.Status, WinningBidId: winner.Id, AwardAmount: lot.AwardAmount})
}

// Scores returns a lot's score sheets once its evaluation is closed.
func (q querier) Scores(ctx context.Context, req *types.QueryScoresRequest) (*types.QueryScoresResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	_, lot, err := q.lotOf(ctx, req.TenderId, req.Lot)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	if lot.Status == types.LOT_STATUS_EVALUATING {
		return nil, status.Error(codes.FailedPrecondition, "scores are public once the evaluation is closed")
	}
	var out []types.ScoreSheet
	err = q.ScoreSheets.Walk(ctx, collections.NewPrefixedPairRange[uint64, collections.Pair[uint32, sdk.AccAddress]](req.TenderId),
		func(_ collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], s types.ScoreSheet) (bool, error) {
			if s.Lot == req.Lot {
				out = append(out, s)
			}
			return false, nil
		})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryScoresResponse{Sheets: out}, nil
}
