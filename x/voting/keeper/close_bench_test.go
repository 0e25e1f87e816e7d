package keeper_test

import (
	"encoding/binary"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// BenchmarkCloseElection measures closing and finalizing an election (the
// BeginBlocker at its end: status change, result of a single-choice, a
// six-option ranked-choice and a ten-project budget question) holding 10k,
// 100k and 1M ballots with random answers. The cost depends on the
// questions and the distinct rankings (at most 1,956 for six options), not
// on the number of ballots. Run: make bench-voting-close.
func BenchmarkCloseElection(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprintf("ballots=%d", n), func(b *testing.B) {
			f := newFixture(&testing.T{})
			m := f.electionMsg()
			projects := make([]types.Option, 10)
			for i := range projects {
				projects[i] = types.Option{Title: fmt.Sprintf("Project %d", i), Cost: uint64(10 + 5*i)}
			}
			m.Questions = []types.Question{
				{Title: "Mayor", Type: types.BALLOT_TYPE_SINGLE, Options: options("A", "B", "C", "D", "E", "F", "G", "H")},
				{Title: "Ranked", Type: types.BALLOT_TYPE_RANKED, Options: options("1", "2", "3", "4", "5", "6"), MinChoices: 1, MaxChoices: 6},
				{Title: "Budget", Type: types.BALLOT_TYPE_BUDGET, Options: projects, MinChoices: 1, MaxChoices: 4, Envelope: 100},
			}
			res, err := f.ms.CreateElection(f.ctx, m)
			require.NoError(b, err)
			e, err := f.k.GetElection(f.ctx, res.ElectionId)
			require.NoError(b, err)
			f.at(&testing.T{}, e.StartTime)

			rng := rand.New(rand.NewSource(int64(n)))
			voter := make([]byte, 20)
			for i := range n {
				binary.BigEndian.PutUint64(voter, uint64(i)+1)
				perm := rng.Perm(6)[:1+rng.Intn(6)]
				ranking := make([]uint32, len(perm))
				for j, p := range perm {
					ranking[j] = uint32(p)
				}
				budget := rng.Perm(10)[:1+rng.Intn(4)]
				chosen := make([]uint32, 0, len(budget))
				for p := range 10 {
					for _, q := range budget {
						if q == p {
							chosen = append(chosen, uint32(p))
						}
					}
				}
				answers := []types.Answer{{Choices: []uint32{uint32(rng.Intn(8))}}, {Choices: ranking}, {Choices: chosen}}
				require.NoError(b, f.k.CountForBenchmark(f.ctx, &e, sdk.AccAddress(voter), answers, 1))
			}
			// Commit, as every block does: the ballots are in the tree, not
			// in a cache waiting to be written.
			f.c.NextBlock()
			ctx := f.c.Ctx().WithBlockTime(e.EndTime.Add(time.Second))
			b.ResetTimer()
			for range b.N {
				cacheCtx, _ := ctx.CacheContext()
				require.NoError(b, f.k.BeginBlocker(cacheCtx))
				r, err := f.k.Results.Get(cacheCtx, e.Id)
				if err != nil || r.Ballots != uint64(n) {
					b.Fatalf("not finalized: %v, %d ballots", err, r.Ballots)
				}
			}
		})
	}
}
