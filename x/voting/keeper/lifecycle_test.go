package keeper_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestLifecycleIsBoundedPerBlock: with max_transitions_per_block = 2, three
// elections that start (and later end) at the same time take two blocks
// for each step; statuses, the status index and queries follow.
func TestLifecycleIsBoundedPerBlock(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.MaxTransitionsPerBlock = 2
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
	require.NoError(t, err)
	var ids []uint64
	for range 3 {
		ids = append(ids, f.create(t, f.electionMsg()).Id)
	}
	status := func(id uint64) types.ElectionStatus {
		e, err := f.k.GetElection(f.ctx, id)
		require.NoError(t, err)
		return e.Status
	}
	byStatus := func(s types.ElectionStatus) []uint64 {
		res, err := f.q.Elections(f.ctx, &types.QueryElectionsRequest{Status: s})
		require.NoError(t, err)
		var out []uint64
		for _, e := range res.Elections {
			out = append(out, e.Id)
		}
		return out
	}
	require.Equal(t, ids, byStatus(types.ELECTION_STATUS_SCHEDULED))
	start, end := f.now().Add(time.Hour), f.now().Add(2*time.Hour)

	f.at(t, start)
	require.Equal(t, []uint64{1, 2}, byStatus(types.ELECTION_STATUS_OPEN))
	require.Equal(t, []uint64{3}, byStatus(types.ELECTION_STATUS_SCHEDULED))
	f.at(t, start.Add(time.Second))
	require.Equal(t, ids, byStatus(types.ELECTION_STATUS_OPEN))

	f.at(t, end)
	require.Equal(t, []uint64{1, 2}, byStatus(types.ELECTION_STATUS_CLOSED))
	f.at(t, end.Add(time.Second)) // closes 3, finalizes 1
	require.Equal(t, []uint64{2, 3}, byStatus(types.ELECTION_STATUS_CLOSED))
	require.Equal(t, []uint64{1}, byStatus(types.ELECTION_STATUS_FINAL))
	f.at(t, end.Add(2*time.Second))
	require.Equal(t, ids, byStatus(types.ELECTION_STATUS_FINAL))
	requireEvent(t, f.ctx, &types.EventElectionFinalized{ElectionId: 3, Result: f.result(t, 3)})
	require.Equal(t, types.ELECTION_STATUS_FINAL, status(3))
	requireEmpty(t, f, f.k.StartQueue)
	requireEmpty(t, f, f.k.EndQueue)
	requireEmpty(t, f, f.k.FinalizeQueue)

	// No votes, a 50% quorum: final, quorum not reached, no winner.
	r := f.result(t, 1)
	require.False(t, r.QuorumReached)
	require.Empty(t, r.Questions[0].Winners)
}

func TestElectionThatStartsAndEndsInOneGap(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg())
	f.at(t, e.EndTime.Add(time.Hour)) // the chain stalled past both times
	got, err := f.k.GetElection(f.ctx, e.Id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_FINAL, got.Status)
	requireEmpty(t, f, f.k.StartQueue, "the start entry is dropped when the election closes")
}

func TestQueries(t *testing.T) {
	f := newFixture(t)
	e1 := f.create(t, f.electionMsg())
	e2 := f.create(t, f.electionMsg())
	keys := []*secpKey{voter(1), voter(2), voter(3)}
	f.setVoters(t, e1.Id, 1, keys...)
	f.at(t, e1.StartTime)
	f.counted(t, f.sign(t, keys[0], e1.Id, 0, single(0)), f.sign(t, keys[1], e1.Id, 0, single(2)), f.sign(t, keys[2], e1.Id, 0, single(2)))

	res, err := f.q.Elections(f.ctx, &types.QueryElectionsRequest{AgencyId: f.agencyID, Pagination: &query.PageRequest{Limit: 1, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, res.Elections, 1)
	require.Equal(t, uint64(2), res.Pagination.Total)
	res, err = f.q.Elections(f.ctx, &types.QueryElectionsRequest{AgencyId: f.agencyID, Status: types.ELECTION_STATUS_OPEN})
	require.NoError(t, err)
	require.Len(t, res.Elections, 2)
	res, err = f.q.Elections(f.ctx, &types.QueryElectionsRequest{AgencyId: 2})
	require.NoError(t, err)
	require.Empty(t, res.Elections)
	_, err = f.q.Elections(f.ctx, &types.QueryElectionsRequest{Status: 42})
	require.Error(t, err)

	one, err := f.q.Election(f.ctx, &types.QueryElectionRequest{ElectionId: e2.Id})
	require.NoError(t, err)
	require.Equal(t, e2.Id, one.Election.Id)
	_, err = f.q.Election(f.ctx, &types.QueryElectionRequest{ElectionId: 9})
	require.ErrorContains(t, err, "NotFound")

	ballots, err := f.q.Ballots(f.ctx, &types.QueryBallotsRequest{ElectionId: e1.Id, Pagination: &query.PageRequest{Limit: 2}})
	require.NoError(t, err)
	require.Len(t, ballots.Ballots, 2)
	require.NotEmpty(t, ballots.Pagination.NextKey)

	rc, err := f.q.Receipt(f.ctx, &types.QueryReceiptRequest{ElectionId: e1.Id, Voter: addr(keys[1]).String()})
	require.NoError(t, err)
	require.Equal(t, addr(keys[1]).String(), rc.Receipt.Voter)
	require.Equal(t, rc.Ballot.Hash, rc.Receipt.BallotHash)
	require.Equal(t, f.ctx.BlockHeight(), rc.Receipt.Height)
	require.Equal(t, types.BallotStoreKey(e1.Id, addr(keys[1])), rc.StoreKey)
	_, err = f.q.Receipt(f.ctx, &types.QueryReceiptRequest{ElectionId: e2.Id, Voter: addr(keys[1]).String()})
	require.ErrorContains(t, err, "NotFound")
	_, err = f.q.Receipt(f.ctx, &types.QueryReceiptRequest{ElectionId: e1.Id, Voter: "nope"})
	require.ErrorContains(t, err, "InvalidArgument")

	results, err := f.q.Results(f.ctx, &types.QueryResultsRequest{ElectionId: e1.Id})
	require.NoError(t, err)
	require.Nil(t, results.Result)
	require.Equal(t, uint64(3), results.Tally.Ballots)
	f.at(t, e1.EndTime)
	results, err = f.q.Results(f.ctx, &types.QueryResultsRequest{ElectionId: e1.Id})
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_FINAL, results.Status)
	require.Equal(t, []uint32{2}, results.Result.Questions[0].Winners)

	c, err := f.q.Census(f.ctx, &types.QueryCensusRequest{ElectionId: e1.Id})
	require.NoError(t, err)
	require.Len(t, c.Voters, 3)
	require.Equal(t, uint64(3), c.Census.TotalWeight)
}

func requireEmpty[K any](t *testing.T, f *fixture, ks collections.KeySet[K], why ...any) {
	t.Helper()
	iter, err := ks.Iterate(f.ctx, nil)
	require.NoError(t, err)
	defer iter.Close()
	require.False(t, iter.Valid(), why...)
}
