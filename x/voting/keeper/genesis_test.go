package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// genesisWithBallots returns the exported voting state of a fixture with a
// registry election holding a ranked and a single question and two ballots.
func genesisWithBallots(t *testing.T) *types.GenesisState {
	f := newFixture(t)
	m := f.electionMsg()
	m.Questions = append(m.Questions, types.Question{Title: "Rank", Type: types.BALLOT_TYPE_RANKED, Options: options("A", "B", "C"), MinChoices: 1, MaxChoices: 3})
	e := f.create(t, m)
	f.setVoters(t, e.Id, 2, voter(1), voter(2))
	f.at(t, e.StartTime)
	f.counted(t, f.sign(t, voter(1), e.Id, 0, single(0), choices(2, 0)), f.sign(t, voter(2), e.Id, 0, single(1), choices(2, 0)))
	f.counted(t, f.sign(t, voter(2), e.Id, 1, single(2), choices(1)))
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k.AddressCodec()))
	return gs
}

func TestGenesisImportRebuildsAndChecksTallies(t *testing.T) {
	gs := genesisWithBallots(t)
	require.Len(t, gs.Rankings, 1)
	require.Len(t, gs.Rankings[0].Counts, 2)

	// The export imports into a fresh chain and exports the same.
	f := newFixture(t)
	require.NoError(t, f.k.InitGenesis(f.ctx, gs))
	again, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)

	for name, tamper := range map[string]func(gs *types.GenesisState){
		"a total changed":                   func(gs *types.GenesisState) { gs.Tallies[0].Questions[0].Totals[0] = dec("5") },
		"ballots count changed":             func(gs *types.GenesisState) { gs.Tallies[0].Ballots++ },
		"a ballot's choice":                 func(gs *types.GenesisState) { gs.Ballots[0].Answers[0].Choices[0] = 1 },
		"a ballot's weight":                 func(gs *types.GenesisState) { gs.Ballots[0].Weight = 3 },
		"a ranking count":                   func(gs *types.GenesisState) { gs.Rankings[0].Counts[0].Weight++ },
		"a ranking left out":                func(gs *types.GenesisState) { gs.Rankings[0].Counts = gs.Rankings[0].Counts[:1] },
		"a voter left out":                  func(gs *types.GenesisState) { gs.Voters[0].Voters = gs.Voters[0].Voters[:1] },
		"a tally left out":                  func(gs *types.GenesisState) { gs.Tallies = nil },
		"an id at next id":                  func(gs *types.GenesisState) { gs.NextElectionId = 1 },
		"a ballot's key is not its voter's": func(gs *types.GenesisState) { gs.Ballots[0].VoterPubKey = gs.Ballots[1].VoterPubKey },
		"a cancelled election without reason": func(gs *types.GenesisState) {
			gs.Elections[0].Status = types.ELECTION_STATUS_CANCELLED
		},
		"a final election without result": func(gs *types.GenesisState) { gs.Elections[0].Status = types.ELECTION_STATUS_FINAL },
	} {
		t.Run(name, func(t *testing.T) {
			gs := genesisWithBallots(t)
			tamper(gs)
			f := newFixture(t)
			require.ErrorIs(t, f.k.InitGenesis(f.ctx, gs), types.ErrInvalidGenesis)
		})
	}
}

func TestGenesisChecksResultsAndIDs(t *testing.T) {
	f := newFixture(t)
	gs := types.DefaultGenesisState()
	gs.NextElectionId = 0
	require.ErrorIs(t, gs.Validate(f.k.AddressCodec()), types.ErrInvalidGenesis)

	// A finished election's result must be what its tally gives.
	f.create(t, f.electionMsg())
	e, err := f.k.GetElection(f.ctx, 1)
	require.NoError(t, err)
	f.setVoters(t, e.Id, 1, voter(1))
	f.at(t, e.StartTime)
	f.counted(t, f.sign(t, voter(1), e.Id, 0, single(2)))
	f.at(t, e.EndTime)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Results, 1)
	exported.Results[0].Questions[0].Winners = []uint32{0}
	g := newFixture(t)
	require.ErrorIs(t, g.k.InitGenesis(g.ctx, exported), types.ErrInvalidGenesis)
}
