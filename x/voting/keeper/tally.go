package keeper

import (
	"context"
	"encoding/binary"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// runningTally is an election's tally with its totals parsed, loaded once per
// message and written back once.
type runningTally struct {
	t      types.Tally
	totals [][]math.LegacyDec
	// enc: a SECRET election's running ciphertext sums (per question, option).
	enc [][]secret.Ciphertext
}

// newTally returns the empty tally of an election.
func newTally(e *types.Election) types.Tally {
	t := types.Tally{ElectionId: e.Id, Questions: make([]types.QuestionTally, len(e.Questions))}
	for i, q := range e.Questions {
		totals := make([]string, len(q.Options))
		for j := range totals {
			totals[j] = math.LegacyZeroDec().String()
		}
		t.Questions[i] = types.QuestionTally{Totals: totals}
	}
	return t
}

func parseTally(t types.Tally) (*runningTally, error) {
	rt := &runningTally{t: t, totals: make([][]math.LegacyDec, len(t.Questions))}
	for i, q := range t.Questions {
		rt.totals[i] = make([]math.LegacyDec, len(q.Totals))
		for j, s := range q.Totals {
			d, err := math.LegacyNewDecFromStr(s)
			if err != nil {
				return nil, errorsmod.Wrapf(types.ErrInvalidGenesis, "tally %d question %d option %d: %s", t.ElectionId, i, j, err)
			}
			rt.totals[i][j] = d
		}
	}
	return rt, nil
}

func (rt *runningTally) tally() types.Tally {
	for i := range rt.t.Questions {
		for j, d := range rt.totals[i] {
			rt.t.Questions[i].Totals[j] = d.String()
		}
	}
	return rt.t
}

// RankingBytes encodes a ranking as a key: each option index as 2 bytes, big-endian.
func RankingBytes(choices []uint32) []byte {
	bz := make([]byte, 0, 2*len(choices))
	for _, c := range choices {
		bz = binary.BigEndian.AppendUint16(bz, uint16(c))
	}
	return bz
}

// DecodeRanking is the inverse of RankingBytes.
func DecodeRanking(bz []byte) []uint32 {
	out := make([]uint32, len(bz)/2)
	for i := range out {
		out[i] = uint32(binary.BigEndian.Uint16(bz[2*i:]))
	}
	return out
}

var basisPoints = math.LegacyNewDec(types.BasisPoints)

// apply adds (sign +1) or removes (sign -1) a ballot's answers, of the given
// weight, to the running tally and the stored ranking counts.
func (k Keeper) apply(ctx context.Context, e *types.Election, rt *runningTally, answers []types.Answer, weight uint64, add bool) error {
	w := math.LegacyNewDecFromInt(math.NewIntFromUint64(weight))
	for qi := range e.Questions {
		q := &e.Questions[qi]
		a := &answers[qi]
		totals := rt.totals[qi]
		if len(a.Choices) == 0 {
			if add {
				rt.t.Questions[qi].Blank += weight
			} else {
				rt.t.Questions[qi].Blank -= weight
			}
			continue
		}
		change := func(opt uint32, d math.LegacyDec) {
			if add {
				totals[opt] = totals[opt].Add(d)
			} else {
				totals[opt] = totals[opt].Sub(d)
			}
		}
		switch q.Type {
		case types.BALLOT_TYPE_SINGLE, types.BALLOT_TYPE_APPROVAL, types.BALLOT_TYPE_BUDGET:
			for _, c := range a.Choices {
				change(c, w)
			}
		case types.BALLOT_TYPE_WEIGHTED:
			for i, c := range a.Choices {
				change(c, w.MulInt64(int64(a.Weights[i])).Quo(basisPoints))
			}
		case types.BALLOT_TYPE_RANKED:
			change(a.Choices[0], w)
			key := collections.Join3(e.Id, uint32(qi), RankingBytes(a.Choices))
			cur, err := k.Rankings.Get(ctx, key)
			if err != nil && !errors.Is(err, collections.ErrNotFound) {
				return err
			}
			switch {
			case add:
				cur += weight
			case cur <= weight:
				cur = 0
			default:
				cur -= weight
			}
			if cur == 0 {
				err = k.Rankings.Remove(ctx, key)
			} else {
				err = k.Rankings.Set(ctx, key, cur)
			}
			if err != nil {
				return err
			}
		}
	}
	return nil
}
