package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/census"
	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestEveryBallotTypeInOneBallot runs one election of five questions, one
// per ballot type, answered in one signed ballot per voter.
func TestEveryBallotTypeInOneBallot(t *testing.T) {
	f := newFixture(t)
	m := f.electionMsg()
	m.Questions = []types.Question{
		{Title: "Mayor", Type: types.BALLOT_TYPE_SINGLE, Options: options("Ann", "Ben")},
		{Title: "Council", Type: types.BALLOT_TYPE_APPROVAL, Options: options("A", "B", "C", "D"), MinChoices: 1, MaxChoices: 2},
		{Title: "Logo", Type: types.BALLOT_TYPE_RANKED, Options: options("Red", "Green", "Blue"), MinChoices: 1, MaxChoices: 3},
		{Title: "Split", Type: types.BALLOT_TYPE_WEIGHTED, Options: options("Parks", "Roads", "Schools")},
		{Title: "Budget", Type: types.BALLOT_TYPE_BUDGET, Options: []types.Option{
			{Title: "Library", Cost: 60}, {Title: "Playground", Cost: 30}, {Title: "Bike lane", Cost: 50}, {Title: "Benches", Cost: 10},
		}, MinChoices: 1, MaxChoices: 3, Envelope: 100, WithinEnvelope: true},
	}
	e := f.create(t, m)
	v := []*secpKey{voter(1), voter(2), voter(3), voter(4), voter(5)}
	f.setVoters(t, e.Id, 1, v...)
	f.at(t, e.StartTime)

	w := func(cs []uint32, ws []uint32) types.Answer { return types.Answer{Choices: cs, Weights: ws} }
	ballot := func(k *secpKey, counter uint32, a ...types.Answer) types.SignedBallot {
		return f.sign(t, k, e.Id, counter, a...)
	}
	// Ranked first preferences: Red 2, Green 2, Blue 1; Blue's voter ranks
	// Green second, so Green wins in round 2 with 3 of 5.
	f.counted(t,
		ballot(v[0], 0, single(0), choices(0, 1), choices(0, 2), w([]uint32{0, 2}, []uint32{5000, 5000}), choices(0, 3)),
		ballot(v[1], 0, single(0), choices(1), choices(0), w([]uint32{0}, []uint32{10000}), choices(1, 2)),
		ballot(v[2], 0, single(1), choices(1, 2), choices(1, 0), w([]uint32{1, 2}, []uint32{2500, 7500}), choices(2, 3)),
		ballot(v[3], 0, single(1), choices(2), choices(1), w([]uint32{2}, []uint32{10000}), choices(0, 1)),
		ballot(v[4], 0, single(1), choices(1, 3), choices(2, 1), types.Answer{}, choices(1)),
	)
	tl := f.tally(t, e.Id)
	require.Equal(t, []string{dec("2"), dec("3")}, tl.Questions[0].Totals)
	require.Equal(t, []string{dec("1"), dec("4"), dec("2"), dec("1")}, tl.Questions[1].Totals)
	require.Equal(t, []string{dec("2"), dec("2"), dec("1")}, tl.Questions[2].Totals, "ranked: first preferences")
	require.Equal(t, []string{"1.500000000000000000", "0.250000000000000000", "2.250000000000000000"}, tl.Questions[3].Totals)
	require.Equal(t, uint64(1), tl.Questions[3].Blank)
	require.Equal(t, []string{dec("2"), dec("3"), dec("2"), dec("2")}, tl.Questions[4].Totals)

	// Bad answers per type.
	good := []types.Answer{single(0), choices(0), choices(0), w([]uint32{0}, []uint32{10000}), choices(3)}
	with := func(q int, a types.Answer) []types.Answer {
		out := append([]types.Answer{}, good...)
		out[q] = a
		return out
	}
	extra := voter(9)
	f.setVotersAfterStartForbidden(t, e.Id, extra)
	for name, answers := range map[string][]types.Answer{
		"single: two options":       with(0, choices(0, 1)),
		"single: weights":           with(0, w([]uint32{0}, []uint32{10000})),
		"approval: too many":        with(1, choices(0, 1, 2)),
		"approval: not increasing":  with(1, choices(1, 0)),
		"approval: repeated":        with(1, choices(1, 1)),
		"ranked: not a permutation": with(2, choices(0, 0)),
		"ranked: unknown option":    with(2, choices(0, 3)),
		"weighted: sum below 10000": with(3, w([]uint32{0, 1}, []uint32{5000, 4999})),
		"weighted: zero weight":     with(3, w([]uint32{0, 1}, []uint32{10000, 0})),
		"weighted: weights missing": with(3, choices(0)),
		"weighted: not increasing":  with(3, w([]uint32{1, 0}, []uint32{5000, 5000})),
		"budget: over the envelope": with(4, choices(0, 2)),
		"budget: too many projects": with(4, choices(1, 2, 3, 0)),
		"budget: repeated":          with(4, choices(3, 3)),
		"one answer missing":        good[:4],
		"one answer too many":       append(append([]types.Answer{}, good...), single(0)),
		"weights on a blank answer": with(0, types.Answer{Weights: []uint32{10000}}),
	} {
		t.Run(name, func(t *testing.T) {
			f.refused(t, types.ErrInvalidAnswer, ballot(v[0], 1, answers...))
		})
	}

	f.at(t, e.EndTime)
	r := f.result(t, e.Id)
	require.Equal(t, []uint32{1}, r.Questions[0].Winners)
	require.Equal(t, []uint32{1}, r.Questions[1].Winners)
	require.Equal(t, []uint32{1}, r.Questions[2].Winners, "Green wins the runoff")
	require.Len(t, r.Questions[2].Rounds, 2)
	require.Equal(t, []uint64{2, 2, 1}, r.Questions[2].Rounds[0].Totals)
	require.Equal(t, []uint32{2}, r.Questions[2].Rounds[0].Eliminated)
	require.Equal(t, []uint64{2, 3, 0}, r.Questions[2].Rounds[1].Totals)
	require.Empty(t, r.Questions[2].Rounds[1].Eliminated)
	require.Equal(t, []uint32{2}, r.Questions[3].Winners)
	// Budget: Playground 3 votes (30), then three projects with 2 votes,
	// cheaper first: Benches (10), Bike lane (50); Library (60) no longer
	// fits in the 10 left and is skipped.
	require.Equal(t, []uint32{1, 3, 2}, r.Questions[4].Winners, "equal votes: the cheaper project first")
	require.Equal(t, uint64(10), r.Questions[4].BudgetLeft)
}

type secpKey = secp256k1.PrivKey

func (f *fixture) setVotersAfterStartForbidden(t *testing.T, id uint64, k *secpKey) {
	t.Helper()
	_, err := f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: f.officer.Address.String(), ElectionId: id,
		Voters: []types.Voter{{Address: addr(k).String(), Weight: 1}}})
	requireErr(t, types.ErrWrongStatus, err)
}

func TestInstantRunoff(t *testing.T) {
	r := func(w uint64, cs ...uint32) keeper.Ranking { return keeper.Ranking{Choices: cs, Weight: w} }
	// Majority in round one.
	win, rounds := keeper.InstantRunoff(3, []keeper.Ranking{r(3, 0), r(2, 1)})
	require.Equal(t, []uint32{0}, win)
	require.Len(t, rounds, 1)

	// Exhausted ballots leave the count: A 4, B 3, C 2 (C's voters rank
	// nothing else) -> C eliminated, 2 exhausted, A has 4 of 7.
	win, rounds = keeper.InstantRunoff(3, []keeper.Ranking{r(4, 0), r(3, 1), r(2, 2)})
	require.Equal(t, []uint32{0}, win)
	require.Equal(t, uint64(2), rounds[1].Exhausted)

	// Tie for last: the earlier rounds decide; with no history, the higher index goes.
	win, rounds = keeper.InstantRunoff(3, []keeper.Ranking{r(2, 0), r(1, 1, 0), r(1, 2, 1)})
	require.Equal(t, []uint32{2}, rounds[0].Eliminated, "B and C tie at 1: C (higher index) goes")
	require.Equal(t, []uint32{0}, win)

	// An exact 50/50 final: the tie rule eliminates the higher index.
	win, _ = keeper.InstantRunoff(2, []keeper.Ranking{r(1, 0), r(1, 1)})
	require.Equal(t, []uint32{0}, win)

	// Previous-round tie-break: round 1 A 3, B 2, C 2, D 1 (D -> C):
	// round 2 A 3, B 2, C 3; B eliminated. Then with B -> C... A 3 C 5.
	win, rounds = keeper.InstantRunoff(4, []keeper.Ranking{r(3, 0), r(2, 1, 2), r(2, 2), r(1, 3, 2)})
	require.Equal(t, []uint32{3}, rounds[0].Eliminated)
	require.Equal(t, []uint32{1}, rounds[1].Eliminated)
	require.Equal(t, []uint32{2}, win)

	// No ballots: no winner, one empty round.
	win, rounds = keeper.InstantRunoff(3, nil)
	require.Nil(t, win)
	require.Len(t, rounds, 1)
}

func TestBudgetWinnersSkipsAProjectThatNoLongerFits(t *testing.T) {
	q := &types.Question{Envelope: 100, Options: []types.Option{{Cost: 70}, {Cost: 40}, {Cost: 30}, {Cost: 5}}}
	d := func(n int64) math.LegacyDec { return math.LegacyNewDec(n) }
	win, left := keeper.BudgetWinners(q, []math.LegacyDec{d(9), d(8), d(7), d(0)})
	require.Equal(t, []uint32{0, 2}, win, "70 funded, 40 skipped (30 left), 30 funded; no votes, no funding")
	require.Equal(t, uint64(0), left)
}

func TestMerkleCensus(t *testing.T) {
	f := newFixture(t)
	keys := []*secpKey{voter(1), voter(2), voter(3)}
	entries := []census.Entry{{Address: addr(keys[0]), Weight: 1}, {Address: addr(keys[1]), Weight: 5}, {Address: addr(keys[2]), Weight: 2}}
	tree, err := census.Build(entries)
	require.NoError(t, err)
	m := f.electionMsg()
	m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, tree.Root(), tree.Size(), tree.TotalWeight()
	e := f.create(t, m)
	f.at(t, e.StartTime)

	proofOf := func(k *secpKey) *types.CensusProof {
		i := tree.Index(addr(k))
		entry, _ := tree.Entry(i)
		return &types.CensusProof{Weight: entry.Weight, Index: uint64(i), Siblings: tree.Proof(i)}
	}
	signed := func(k *secpKey, p *types.CensusProof) types.SignedBallot {
		b, err := types.SignBallot(k, "civitas-test-1", e.Id, 0, []types.Answer{single(1)}, p)
		require.NoError(t, err)
		return b
	}
	f.refused(t, types.ErrBadCensusProof, signed(keys[1], nil))
	p := proofOf(keys[1])
	p.Weight = 50 // claims more weight
	f.refused(t, types.ErrBadCensusProof, signed(keys[1], p))
	p = proofOf(keys[1])
	p.Siblings[0][0] ^= 1
	f.refused(t, types.ErrBadCensusProof, signed(keys[1], p))
	p = proofOf(keys[1])
	p.Index++
	f.refused(t, types.ErrBadCensusProof, signed(keys[1], p))
	f.refused(t, types.ErrBadCensusProof, signed(voter(7), proofOf(keys[1])))

	big, err := census.Build([]census.Entry{{Address: addr(keys[1]), Weight: 9}})
	require.NoError(t, err)
	f.refused(t, types.ErrBadCensusProof, signed(keys[1], &types.CensusProof{Weight: 9, Index: 0, Siblings: big.Proof(0)}))

	f.counted(t, signed(keys[1], proofOf(keys[1])), signed(keys[2], proofOf(keys[2])))
	tl := f.tally(t, e.Id)
	require.Equal(t, []string{dec("0"), dec("7"), dec("0")}, tl.Questions[0].Totals)
	f.at(t, e.EndTime)
	r := f.result(t, e.Id)
	require.Equal(t, uint64(8), r.CensusWeight)
	require.Equal(t, uint32(8750), r.TurnoutBps)
	require.True(t, r.QuorumReached)
}

// TestMerkleCensusCannotExceedItsDeclaredTotals: an officer declares fewer
// voters than the tree holds; the ballot that would exceed the declared
// count is refused, so no sum can pass the census's totals.
func TestMerkleCensusCannotExceedItsDeclaredTotals(t *testing.T) {
	f := newFixture(t)
	keys := []*secpKey{voter(1), voter(2), voter(3)}
	entries := []census.Entry{{Address: addr(keys[0]), Weight: 1}, {Address: addr(keys[1]), Weight: 1}, {Address: addr(keys[2]), Weight: 1}}
	tree, err := census.Build(entries)
	require.NoError(t, err)
	m := f.electionMsg()
	// The tree has 3 leaves; a proof verifies against its size, so the
	// officer must declare 3 voters, but declares a total weight of 2.
	m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, tree.Root(), 3, 3
	e := f.create(t, m)
	e.Census.TotalWeight = 2 // as a dishonest genesis could say
	require.NoError(t, f.k.Elections.Set(f.ctx, e.Id, e))
	f.at(t, e.StartTime)
	proofOf := func(k *secpKey) *types.CensusProof {
		i := tree.Index(addr(k))
		return &types.CensusProof{Weight: 1, Index: uint64(i), Siblings: tree.Proof(i)}
	}
	signed := func(k *secpKey) types.SignedBallot {
		b, err := types.SignBallot(k, "civitas-test-1", e.Id, 0, []types.Answer{single(0)}, proofOf(k))
		require.NoError(t, err)
		return b
	}
	f.counted(t, signed(keys[0]), signed(keys[1]))
	f.refused(t, types.ErrCensusExceeded, signed(keys[2]))
	require.Equal(t, uint64(2), f.tally(t, e.Id).TurnoutWeight)
}
