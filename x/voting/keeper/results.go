package keeper

import (
	"context"
	"math/big"
	"sort"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// computeResult turns a closed election's tally into its result. Its cost
// depends on the questions and, for RANKED questions, on the number of
// distinct rankings (bounded by the option limit), never on the number of
// ballots.
func (k Keeper) computeResult(ctx context.Context, e *types.Election) (types.Result, error) {
	t, err := k.Tallies.Get(ctx, e.Id)
	if err != nil {
		return types.Result{}, err
	}
	return ResultOf(e, t, sdk.UnwrapSDKContext(ctx).BlockHeight(), func(q uint32) ([]Ranking, error) {
		return k.rankingCounts(ctx, e.Id, q)
	})
}

// ResultOf computes an election's result from its tally at height; rankings
// gives a RANKED question's ranking counts (nil if it has none).
func ResultOf(e *types.Election, t types.Tally, height int64, rankings func(question uint32) ([]Ranking, error)) (types.Result, error) {
	rt, err := parseTally(t)
	if err != nil {
		return types.Result{}, err
	}
	res := types.Result{
		ElectionId:    e.Id,
		Ballots:       t.Ballots,
		TurnoutWeight: t.TurnoutWeight,
		CensusWeight:  e.Census.TotalWeight,
		Invalid:       t.Invalid,
		Overwrites:    t.Overwrites,
		Questions:     make([]types.QuestionResult, len(e.Questions)),
		Height:        height,
	}
	res.TurnoutBps, res.QuorumReached = turnout(t.TurnoutWeight, e.Census.TotalWeight, e.QuorumBps)
	for qi := range e.Questions {
		q := &e.Questions[qi]
		qr := types.QuestionResult{Totals: t.Questions[qi].Totals, Blank: t.Questions[qi].Blank}
		switch q.Type {
		case types.BALLOT_TYPE_RANKED:
			if rankings == nil {
				return types.Result{}, errorsmod.Wrapf(types.ErrInvalidElection, "question %d is ranked: its rankings are needed", qi)
			}
			counts, err := rankings(uint32(qi))
			if err != nil {
				return types.Result{}, err
			}
			qr.Winners, qr.Rounds = InstantRunoff(len(q.Options), counts)
		case types.BALLOT_TYPE_BUDGET:
			qr.Winners, qr.BudgetLeft = BudgetWinners(q, rt.totals[qi])
		default:
			qr.Winners = topOptions(rt.totals[qi])
		}
		res.Questions[qi] = qr
	}
	return res, nil
}

// turnout returns turnout/census in basis points (rounded down) and whether
// it reaches the quorum (exactly, in 128-bit arithmetic).
func turnout(turnoutWeight, censusWeight uint64, quorumBps uint32) (uint32, bool) {
	if censusWeight == 0 {
		return 0, quorumBps == 0
	}
	num := new(big.Int).Mul(new(big.Int).SetUint64(turnoutWeight), big.NewInt(types.BasisPoints))
	bps := new(big.Int).Quo(num, new(big.Int).SetUint64(censusWeight)).Uint64()
	need := new(big.Int).Mul(new(big.Int).SetUint64(censusWeight), big.NewInt(int64(quorumBps)))
	return uint32(min(bps, types.BasisPoints)), num.Cmp(need) >= 0
}

// topOptions returns the options with the highest positive total (all of
// them on a tie), in index order.
func topOptions(totals []math.LegacyDec) []uint32 {
	var best math.LegacyDec
	var winners []uint32
	for i, t := range totals {
		if !t.IsPositive() {
			continue
		}
		switch {
		case winners == nil || t.GT(best):
			best, winners = t, []uint32{uint32(i)}
		case t.Equal(best):
			winners = append(winners, uint32(i))
		}
	}
	return winners
}

// Ranking is a distinct ranking and the weight of the ballots that gave it.
type Ranking struct {
	Choices []uint32
	Weight  uint64
}

func (k Keeper) rankingCounts(ctx context.Context, electionID uint64, question uint32) ([]Ranking, error) {
	iter, err := k.Rankings.Iterate(ctx, collections.NewSuperPrefixedTripleRange[uint64, uint32, []byte](electionID, question))
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	var out []Ranking
	for ; iter.Valid(); iter.Next() {
		kv, err := iter.KeyValue()
		if err != nil {
			return nil, err
		}
		out = append(out, Ranking{Choices: DecodeRanking(kv.Key.K3()), Weight: kv.Value})
	}
	return out, nil
}

// InstantRunoff counts ranked ballots (README, "Instant runoff"). Each round
// gives every ranking's weight to its most preferred continuing option. An
// option with more than half of the weight still counted wins; otherwise
// the option with the lowest total is eliminated. A tie for the lowest
// total is broken by the lower total in the previous rounds, latest first,
// and then by eliminating the highest option index. The last option left
// has a majority of any weight. No ballots, no winner.
func InstantRunoff(nOptions int, rankings []Ranking) (winners []uint32, rounds []types.IRVRound) {
	continuing := make([]bool, nOptions)
	for i := range continuing {
		continuing[i] = true
	}
	for {
		totals := make([]uint64, nOptions)
		var exhausted, counted uint64
		for _, r := range rankings {
			top := -1
			for _, c := range r.Choices {
				if int(c) < nOptions && continuing[c] {
					top = int(c)
					break
				}
			}
			if top < 0 {
				exhausted += r.Weight
				continue
			}
			totals[top] += r.Weight
			counted += r.Weight
		}
		round := types.IRVRound{Totals: totals, Exhausted: exhausted}
		if counted == 0 {
			return nil, append(rounds, round)
		}
		for i, t := range totals {
			if continuing[i] && t > counted-t {
				return []uint32{uint32(i)}, append(rounds, round)
			}
		}
		loser := -1
		for i := nOptions - 1; i >= 0; i-- {
			if !continuing[i] {
				continue
			}
			if loser < 0 || lowerThan(i, loser, totals, rounds) {
				loser = i
			}
		}
		continuing[loser] = false
		round.Eliminated = []uint32{uint32(loser)}
		rounds = append(rounds, round)
	}
}

// lowerThan reports whether option a should be eliminated before option b
// (scanning from the highest index down, a later-scanned option replaces
// the candidate only when strictly lower).
func lowerThan(a, b int, totals []uint64, earlier []types.IRVRound) bool {
	if totals[a] != totals[b] {
		return totals[a] < totals[b]
	}
	for r := len(earlier) - 1; r >= 0; r-- {
		ta, tb := earlier[r].Totals[a], earlier[r].Totals[b]
		if ta != tb {
			return ta < tb
		}
	}
	return false
}

// BudgetWinners funds the projects of a BUDGET question: by total, highest
// first (ties: lower cost, then lower index), each if its cost still fits in
// what is left of the envelope, else skipped. Projects without votes are not
// funded.
func BudgetWinners(q *types.Question, totals []math.LegacyDec) ([]uint32, uint64) {
	order := make([]int, 0, len(totals))
	for i, t := range totals {
		if t.IsPositive() {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(x, y int) bool {
		a, b := order[x], order[y]
		if !totals[a].Equal(totals[b]) {
			return totals[a].GT(totals[b])
		}
		if q.Options[a].Cost != q.Options[b].Cost {
			return q.Options[a].Cost < q.Options[b].Cost
		}
		return a < b
	})
	left := q.Envelope
	var winners []uint32
	for _, i := range order {
		if c := q.Options[i].Cost; c <= left {
			winners = append(winners, uint32(i))
			left -= c
		}
	}
	return winners, left
}
