package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/voting/types"
)

func TestCreateElection(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg())
	require.Equal(t, uint64(1), e.Id)
	require.Equal(t, types.ELECTION_STATUS_SCHEDULED, e.Status)
	require.Equal(t, types.PRIVACY_PUBLIC, e.Privacy)
	require.Equal(t, f.officer.Address.String(), e.Creator)
	requireEvent(t, f.ctx, &types.EventElectionCreated{
		ElectionId: 1, AgencyId: f.agencyID, Creator: f.officer.Address.String(), Title: "Mayor",
		CensusType: types.CENSUS_TYPE_REGISTRY, StartTime: e.StartTime, EndTime: e.EndTime, Privacy: types.PRIVACY_PUBLIC,
	})
	tl := f.tally(t, 1)
	require.Equal(t, []string{dec("0"), dec("0"), dec("0")}, tl.Questions[0].Totals)

	// An upper-case officer address is the same officer.
	msg := f.electionMsg()
	msg.Officer = strings.ToUpper(msg.Officer)
	require.Equal(t, f.officer.Address.String(), f.create(t, msg).Creator)
}

func TestCreateElectionRefusals(t *testing.T) {
	f := newFixture(t)
	hex64 := strings.Repeat("ab", 32)
	q := func(typ types.BallotType, n int) types.Question {
		opts := make([]string, n)
		for i := range opts {
			opts[i] = "option"
		}
		return types.Question{Title: "Q", Type: typ, Options: options(opts...)}
	}
	cases := []struct {
		name string
		want error
		edit func(m *types.MsgCreateElection)
	}{
		{"not an officer", types.ErrUnauthorized, func(m *types.MsgCreateElection) { m.Officer = f.alice.Address.String() }},
		{"officer of another agency", types.ErrUnauthorized, func(m *types.MsgCreateElection) { m.AgencyId = 2 }},
		{"unknown agency", types.ErrAgencyNotActive, func(m *types.MsgCreateElection) { m.AgencyId = 99 }},
		{"bad officer address", types.ErrInvalidAddress, func(m *types.MsgCreateElection) { m.Officer = "civ1bad" }},
		{"no title", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Title = "" }},
		{"title too long", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Title = strings.Repeat("t", 257) }},
		{"description too long", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Description = strings.Repeat("d", 8193) }},
		{"documents without hash", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.DocumentsUri = "ipfs://x" }},
		{"upper-case hash", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.DocumentsUri, m.DocumentsSha256 = "ipfs://x", strings.ToUpper(hex64)
		}},
		{"no questions", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions = nil }},
		{"too many questions", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			for range 8 {
				m.Questions = append(m.Questions, m.Questions[0])
			}
		}},
		{"one option", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0] = q(types.BALLOT_TYPE_SINGLE, 1) }},
		{"too many options", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0] = q(types.BALLOT_TYPE_SINGLE, 33) }},
		{"too many ranked options", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.Questions[0] = q(types.BALLOT_TYPE_RANKED, 7)
			m.Questions[0].MinChoices, m.Questions[0].MaxChoices = 1, 7
		}},
		{"no ballot type", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0].Type = 0 }},
		{"single with bounds", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0].MaxChoices = 1 }},
		{"approval min above max", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.Questions[0] = q(types.BALLOT_TYPE_APPROVAL, 3)
			m.Questions[0].MinChoices, m.Questions[0].MaxChoices = 2, 1
		}},
		{"approval max above options", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.Questions[0] = q(types.BALLOT_TYPE_APPROVAL, 3)
			m.Questions[0].MinChoices, m.Questions[0].MaxChoices = 1, 4
		}},
		{"budget without envelope", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.Questions[0] = q(types.BALLOT_TYPE_BUDGET, 2)
			m.Questions[0].MinChoices, m.Questions[0].MaxChoices = 1, 2
			m.Questions[0].Options[0].Cost, m.Questions[0].Options[1].Cost = 1, 1
		}},
		{"budget project without cost", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.Questions[0] = q(types.BALLOT_TYPE_BUDGET, 2)
			m.Questions[0].MinChoices, m.Questions[0].MaxChoices, m.Questions[0].Envelope = 1, 2, 10
			m.Questions[0].Options[0].Cost = 1
		}},
		{"cost outside a budget", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0].Options[0].Cost = 5 }},
		{"envelope outside a budget", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.Questions[0].Envelope = 5 }},
		{"start in the past", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.StartTime = f.now() }},
		{"end before start", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.EndTime = m.StartTime }},
		{"too long", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.EndTime = m.StartTime.Add(367 * 24 * time.Hour) }},
		{"quorum over 100%", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.QuorumBps = 10001 }},
		{"too many revotes", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.MaxRevotes = 11 }},
		{"no census type", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.CensusType = 0 }},
		{"registry with a root", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.MerkleRoot = make([]byte, 32) }},
		{"registry with voters", types.ErrInvalidElection, func(m *types.MsgCreateElection) { m.MerkleVoters = 3 }},
		{"short merkle root", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, make([]byte, 31), 1, 1
		}},
		{"merkle without voters", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.CensusType, m.MerkleRoot = types.CENSUS_TYPE_MERKLE, make([]byte, 32)
		}},
		{"merkle weight below voters", types.ErrInvalidElection, func(m *types.MsgCreateElection) {
			m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, make([]byte, 32), 3, 2
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg := f.electionMsg()
			tc.edit(msg)
			_, err := f.ms.CreateElection(f.ctx, msg)
			require.ErrorIs(t, err, tc.want)
			next, err := f.k.ElectionSeq.Peek(f.ctx)
			require.NoError(t, err)
			require.Equal(t, uint64(1), next, "a refused election takes no id")
		})
	}

	// A suspended agency's officer cannot create one.
	suspend(t, f, f.agencyID)
	_, err := f.ms.CreateElection(f.ctx, f.electionMsg())
	requireErr(t, types.ErrAgencyNotActive, err)
}

func suspend(t *testing.T, f *fixture, agencyID uint64) {
	t.Helper()
	_, err := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper).SetAgencyStatus(f.ctx, &agencytypes.MsgSetAgencyStatus{
		Authority: testutil.GovAuthority(), AgencyId: agencyID, Status: agencytypes.AGENCY_STATUS_SUSPENDED, Reason: "audit",
	})
	require.NoError(t, err)
}

func TestSetVoters(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg())
	set := func(signer string, vs ...types.Voter) (*types.MsgSetVotersResponse, error) {
		return f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: signer, ElectionId: e.Id, Voters: vs})
	}
	officer := f.officer.Address.String()
	a, b := addr(voter(1)).String(), addr(voter(2)).String()

	res, err := set(officer, types.Voter{Address: a, Weight: 3}, types.Voter{Address: b, Weight: 1})
	require.NoError(t, err)
	require.Equal(t, &types.MsgSetVotersResponse{Voters: 2, TotalWeight: 4}, res)
	requireEvent(t, f.ctx, &types.EventVotersSet{ElectionId: e.Id, Officer: officer, Changed: 2, Voters: 2, TotalWeight: 4})

	// Re-weight (given in upper case: the same voter) and remove.
	res, err = set(officer, types.Voter{Address: strings.ToUpper(a), Weight: 5}, types.Voter{Address: b, Weight: 0})
	require.NoError(t, err)
	require.Equal(t, &types.MsgSetVotersResponse{Voters: 1, TotalWeight: 5}, res)
	cres, err := f.q.Census(f.ctx, &types.QueryCensusRequest{ElectionId: e.Id})
	require.NoError(t, err)
	require.Equal(t, []types.Voter{{Address: a, Weight: 5}}, cres.Voters)
	require.Equal(t, uint64(1), cres.Census.Voters)

	_, err = set(f.alice.Address.String(), types.Voter{Address: b, Weight: 1})
	requireErr(t, types.ErrUnauthorized, err)
	_, err = set(officer)
	requireErr(t, types.ErrInvalidVoters, err)
	_, err = set(officer, types.Voter{Address: b, Weight: 1}, types.Voter{Address: strings.ToUpper(b), Weight: 2})
	requireErr(t, types.ErrInvalidVoters, err, "the same voter twice")
	_, err = set(officer, types.Voter{Address: "civ1nope", Weight: 1})
	requireErr(t, types.ErrInvalidVoters, err)
	_, err = f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: officer, ElectionId: 99, Voters: []types.Voter{{Address: a, Weight: 1}}})
	requireErr(t, types.ErrElectionNotFound, err)
	require.Equal(t, uint64(5), f.tallyCensus(t, e.Id).TotalWeight, "refusals changed nothing")

	// Not after the start, not for a Merkle census.
	f.at(t, e.StartTime)
	_, err = set(officer, types.Voter{Address: b, Weight: 1})
	requireErr(t, types.ErrWrongStatus, err)
	m := f.electionMsg()
	m.StartTime, m.EndTime = f.now().Add(time.Hour), f.now().Add(2*time.Hour)
	m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, make([]byte, 32), 1, 1
	me := f.create(t, m)
	_, err = f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: officer, ElectionId: me.Id, Voters: []types.Voter{{Address: a, Weight: 1}}})
	requireErr(t, types.ErrInvalidVoters, err)
}

func (f *fixture) tallyCensus(t *testing.T, id uint64) types.Census {
	e, err := f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	return e.Census
}

func TestSingleChoiceRevoteAndRefusals(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg())
	v1, v2, outsider := voter(1), voter(2), voter(3)
	f.setVoters(t, e.Id, 2, v1, v2)

	f.refused(t, types.ErrOutsideWindow, f.sign(t, v1, e.Id, 0, single(0)))
	f.at(t, e.StartTime)
	el, _ := f.k.GetElection(f.ctx, e.Id)
	require.Equal(t, types.ELECTION_STATUS_OPEN, el.Status)

	out := f.cast(t, f.sign(t, v1, e.Id, 0, single(0)), f.sign(t, v2, e.Id, 0, single(1)))
	require.True(t, out[0].Counted && out[1].Counted)
	requireEvent(t, f.ctx, &types.EventBallotCast{
		ElectionId: e.Id, Voter: addr(v2).String(), BallotHash: strings.ToUpper(hexOf(out[1].BallotHash)), Counter: 0, Weight: 2,
		Relayer: f.alice.Address.String(),
	})
	tl := f.tally(t, e.Id)
	require.Equal(t, []string{dec("2"), dec("2"), dec("0")}, tl.Questions[0].Totals)
	require.Equal(t, uint64(2), tl.Ballots)
	require.Equal(t, uint64(4), tl.TurnoutWeight)

	// Refusals, each changing nothing but the invalid count.
	f.refused(t, types.ErrNotInCensus, f.sign(t, outsider, e.Id, 0, single(0)))
	f.refused(t, types.ErrStaleCounter, f.sign(t, v1, e.Id, 0, single(2)))
	f.refused(t, types.ErrInvalidAnswer, f.sign(t, v1, e.Id, 1, choices(0, 1)))
	f.refused(t, types.ErrInvalidAnswer, f.sign(t, v1, e.Id, 1, single(3)))
	f.refused(t, types.ErrInvalidAnswer, f.sign(t, v1, e.Id, 1))
	f.refused(t, types.ErrElectionNotFound, f.sign(t, v1, 99, 1, single(0)))
	bad := f.sign(t, v1, e.Id, 1, single(2))
	bad.Answers = []types.Answer{single(1)} // a relayer changes the choice
	f.refused(t, types.ErrBadSignature, bad)
	bad = f.sign(t, v1, e.Id, 1, single(2))
	bad.Counter = 2 // or the counter
	f.refused(t, types.ErrBadSignature, bad)
	withProof := f.sign(t, v1, e.Id, 1, single(2))
	withProof.CensusProof = &types.CensusProof{Weight: 2}
	f.refused(t, types.ErrInvalidBallot, withProof)
	shortKey := f.sign(t, v1, e.Id, 1, single(2))
	shortKey.VoterPubKey = shortKey.VoterPubKey[:32]
	f.refused(t, types.ErrInvalidBallot, shortKey)

	// A blank answer is counted as blank.
	f.counted(t, f.sign(t, v2, e.Id, 1, types.Answer{}))
	// Revote: the new choice replaces the old one, up to max_revotes (2).
	f.counted(t, f.sign(t, v1, e.Id, 5, single(2)))
	tl = f.tally(t, e.Id)
	require.Equal(t, []string{dec("0"), dec("0"), dec("2")}, tl.Questions[0].Totals)
	require.Equal(t, uint64(2), tl.Questions[0].Blank)
	require.Equal(t, uint64(2), tl.Ballots, "a revote is not a new ballot")
	require.Equal(t, uint64(4), tl.TurnoutWeight)
	require.Equal(t, uint64(2), tl.Overwrites)
	f.counted(t, f.sign(t, v1, e.Id, 6, single(1)))
	f.refused(t, types.ErrRevoteLimit, f.sign(t, v1, e.Id, 7, single(0)))
	b, err := f.k.Ballots.Get(f.ctx, collectionsJoin(e.Id, addr(v1)))
	require.NoError(t, err)
	require.Equal(t, uint32(2), b.Overwrites)
	require.Equal(t, uint32(6), b.Counter)

	// After the end: refused; the election closes and its result is final.
	f.at(t, e.EndTime)
	f.refused(t, types.ErrOutsideWindow, f.sign(t, v2, e.Id, 9, single(0)))
	el, _ = f.k.GetElection(f.ctx, e.Id)
	require.Equal(t, types.ELECTION_STATUS_FINAL, el.Status)
	r := f.result(t, e.Id)
	require.Equal(t, []uint32{1}, r.Questions[0].Winners)
	require.Equal(t, uint64(4), r.CensusWeight)
	require.Equal(t, uint32(10000), r.TurnoutBps)
	require.True(t, r.QuorumReached)
	require.Equal(t, f.tally(t, e.Id).Invalid, r.Invalid)
	require.Positive(t, r.Invalid)
}

func TestNoRevoteElection(t *testing.T) {
	f := newFixture(t)
	m := f.electionMsg()
	m.MaxRevotes = 0
	e := f.create(t, m)
	v := voter(1)
	f.setVoters(t, e.Id, 1, v)
	f.at(t, e.StartTime)
	f.counted(t, f.sign(t, v, e.Id, 0, single(0)))
	f.refused(t, types.ErrRevoteNotAllowed, f.sign(t, v, e.Id, 1, single(1)))
}

func TestCancelElection(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg())
	v := voter(1)
	f.setVoters(t, e.Id, 1, v)
	f.at(t, e.StartTime)
	cancel := func(signer, reason string) error {
		_, err := f.ms.CancelElection(f.ctx, &types.MsgCancelElection{Officer: signer, ElectionId: e.Id, Reason: reason})
		return err
	}
	requireErr(t, types.ErrUnauthorized, cancel(f.alice.Address.String(), "fraud"))
	requireErr(t, types.ErrInvalidElection, cancel(f.officer.Address.String(), ""))
	require.NoError(t, cancel(f.officer.Address.String(), "court order 12/2026"))
	requireEvent(t, f.ctx, &types.EventElectionStatusChanged{
		ElectionId: e.Id, Status: types.ELECTION_STATUS_CANCELLED, Reason: "court order 12/2026", By: f.officer.Address.String(),
	})
	requireErr(t, types.ErrWrongStatus, cancel(f.officer.Address.String(), "again"))
	f.refused(t, types.ErrWrongStatus, f.sign(t, v, e.Id, 0, single(0)))
	f.at(t, e.EndTime)
	el, _ := f.k.GetElection(f.ctx, e.Id)
	require.Equal(t, types.ELECTION_STATUS_CANCELLED, el.Status, "a cancelled election never closes")
	_, err := f.k.Results.Get(f.ctx, e.Id)
	require.Error(t, err)

	// Not after the end.
	e2 := f.create(t, f.electionMsg())
	f.at(t, e2.EndTime)
	_, err = f.ms.CancelElection(f.ctx, &types.MsgCancelElection{Officer: f.officer.Address.String(), ElectionId: e2.Id, Reason: "late"})
	requireErr(t, types.ErrWrongStatus, err)

	// Not by an officer of a suspended agency.
	e3 := f.create(t, f.electionMsg())
	suspend(t, f, f.agencyID)
	_, err = f.ms.CancelElection(f.ctx, &types.MsgCancelElection{Officer: f.officer.Address.String(), ElectionId: e3.Id, Reason: "r"})
	requireErr(t, types.ErrAgencyNotActive, err)
}

func TestCastBallotsMessageBounds(t *testing.T) {
	f := newFixture(t)
	_, err := f.ms.CastBallots(f.ctx, &types.MsgCastBallots{Relayer: f.alice.Address.String()})
	requireErr(t, types.ErrTooManyBallots, err)
	many := make([]types.SignedBallot, types.DefaultMaxBallotsPerTx+1)
	_, err = f.ms.CastBallots(f.ctx, &types.MsgCastBallots{Relayer: f.alice.Address.String(), Ballots: many})
	requireErr(t, types.ErrTooManyBallots, err)
	_, err = f.ms.CastBallots(f.ctx, &types.MsgCastBallots{Relayer: "civ1nope", Ballots: many[:1]})
	requireErr(t, types.ErrInvalidAddress, err)
}

func TestUpdateParams(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.MaxBallotsPerTx = 50
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.alice.Address.String(), Params: p})
	requireErr(t, types.ErrInvalidAuthority, err)
	bad := p
	bad.MaxRankedOptions = 9
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: bad})
	requireErr(t, types.ErrInvalidParams, err)
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventParamsUpdated{Params: p})
	got, err := f.q.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, got.Params)
}
