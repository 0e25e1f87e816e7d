// Package simulation holds x/voting's simsx message factories: election
// officers create public registry elections, set their voters and cancel
// some; voters sign ballots (and revotes) that any account relays. Each
// factory builds a message that must succeed, or skips. Elections open,
// close and are counted by the module's blockers as block time passes.
// Secret elections (their trustees' key ceremony) and Merkle censuses are
// covered by the keeper and system tests, not simulated.
package simulation

import (
	"context"
	"time"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common/simhelp"
	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// officerOf picks an officer of the agency the simulator can sign for.
func officerOf(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, agencyID uint64) (simsx.SimAccount, bool) {
	return simhelp.AccountWhere(testData, reporter, "no election officer", func(addr string) bool { return k.IsOfficer(ctx, agencyID, addr) })
}

// randomQuestion is a SINGLE or APPROVAL question of 2 to 4 options.
func randomQuestion(testData *simsx.ChainDataSource, i int) types.Question {
	r := testData.Rand()
	n := 2 + r.Intn(3)
	q := types.Question{Title: simhelp.Text(testData, "Question", 20), Type: types.BALLOT_TYPE_SINGLE}
	for j := 0; j < n; j++ {
		q.Options = append(q.Options, types.Option{Title: simhelp.Text(testData, "Option", 12)})
	}
	if r.Intn(3) == 0 {
		q.Type, q.MinChoices, q.MaxChoices = types.BALLOT_TYPE_APPROVAL, 1, uint32(n)
	}
	return q
}

// randomAnswer is a valid answer to q.
func randomAnswer(testData *simsx.ChainDataSource, q types.Question) types.Answer {
	r := testData.Rand()
	n := uint32(len(q.Options))
	if q.Type != types.BALLOT_TYPE_APPROVAL {
		return types.Answer{Choices: []uint32{uint32(r.Intn(int(n)))}}
	}
	var cs []uint32
	for c := uint32(0); c < n; c++ {
		if r.Intn(2) == 0 {
			cs = append(cs, c)
		}
	}
	if uint32(len(cs)) < q.MinChoices {
		cs = []uint32{uint32(r.Intn(int(n)))}
	}
	return types.Answer{Choices: cs}
}

// MsgCreateElectionFactory: an officer schedules a public registry election
// starting in 6 to 48 hours of block time and open for 1 to 7 days.
func MsgCreateElectionFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCreateElection] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCreateElection) {
		agencies := simhelp.ActiveAgencies(func(id uint64) bool { return k.IsAgencyActive(ctx, id) })
		agencyID, ok := simhelp.Pick(testData, reporter, agencies, "no active agency")
		if !ok {
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, agencyID)
		if !ok {
			return nil, nil
		}
		r := testData.Rand()
		start := simsx.BlockTime(ctx).Add(time.Duration(6+r.Intn(43)) * time.Hour)
		msg := &types.MsgCreateElection{
			Officer: officer.AddressBech32, AgencyId: agencyID, Title: simhelp.Text(testData, "Referendum", 30),
			Description: simhelp.Text(testData, "Should the council", 60), CensusType: types.CENSUS_TYPE_REGISTRY,
			StartTime: start, EndTime: start.Add(time.Duration(1+r.Intn(7)) * 24 * time.Hour),
			MaxRevotes: uint32(r.Intn(4)), QuorumBps: uint32(r.Intn(3) * 2500),
		}
		for i := 0; i < 1+r.Intn(2); i++ {
			msg.Questions = append(msg.Questions, randomQuestion(testData, i))
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// scheduled are the registry elections before their start.
func scheduled(ctx context.Context, k keeper.Keeper) []types.Election {
	now := simsx.BlockTime(ctx)
	return simhelp.Collect(ctx, k.Elections, func(_ uint64, e types.Election) bool {
		return e.Status == types.ELECTION_STATUS_SCHEDULED && now.Before(e.StartTime) && e.Census.Type == types.CENSUS_TYPE_REGISTRY
	})
}

// MsgSetVotersFactory: an officer adds 1 to 10 of the simulator's accounts
// (weights 1 to 3) to a scheduled election's census.
func MsgSetVotersFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgSetVoters] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgSetVoters) {
		e, ok := simhelp.Pick(testData, reporter, scheduled(ctx, k), "no scheduled election")
		if !ok {
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, e.AgencyId)
		if !ok {
			return nil, nil
		}
		r := testData.Rand()
		accs := testData.AllAccounts()
		msg := &types.MsgSetVoters{Officer: officer.AddressBech32, ElectionId: e.Id}
		for _, i := range r.Perm(len(accs))[:min(len(accs), 1+r.Intn(10))] {
			msg.Voters = append(msg.Voters, types.Voter{Address: accs[i].Address.String(), Weight: uint64(1 + r.Intn(3))})
		}
		return []simsx.SimAccount{officer}, msg
	}
}

// MsgCancelElectionFactory: an officer cancels an election before its end.
func MsgCancelElectionFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCancelElection] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelElection) {
		now := simsx.BlockTime(ctx)
		es := simhelp.Collect(ctx, k.Elections, func(_ uint64, e types.Election) bool {
			return (e.Status == types.ELECTION_STATUS_SCHEDULED || e.Status == types.ELECTION_STATUS_OPEN) && now.Before(e.EndTime)
		})
		e, ok := simhelp.Pick(testData, reporter, es, "no election to cancel")
		if !ok {
			return nil, nil
		}
		officer, ok := officerOf(ctx, k, testData, reporter, e.AgencyId)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{officer}, &types.MsgCancelElection{Officer: officer.AddressBech32, ElectionId: e.Id, Reason: simhelp.Text(testData, "court order", 30)}
	}
}

// MsgCastBallotsFactory: an account with funds relays 1 to 5 ballots of an
// open public election, signed by voters of its census (a revote carries
// the next counter, within the election's revote limit).
func MsgCastBallotsFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCastBallots] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCastBallots) {
		now := simsx.BlockTime(ctx)
		es := simhelp.Collect(ctx, k.Elections, func(_ uint64, e types.Election) bool {
			return e.Status == types.ELECTION_STATUS_OPEN && e.Privacy != types.PRIVACY_SECRET && e.Census.Type == types.CENSUS_TYPE_REGISTRY &&
				!now.Before(e.StartTime) && now.Before(e.EndTime) && e.VoterRule == nil
		})
		e, ok := simhelp.Pick(testData, reporter, es, "no open election")
		if !ok {
			return nil, nil
		}
		var voters []sdk.AccAddress
		rng := collections.NewPrefixedPairRange[uint64, sdk.AccAddress](e.Id)
		_ = k.Voters.Walk(ctx, rng, func(key keeper.BallotKey, _ uint64) (bool, error) {
			if testData.HasAccount(key.K2().String()) {
				voters = append(voters, key.K2())
			}
			return len(voters) >= simhelp.MaxScan, nil
		})
		r := testData.Rand()
		msg := &types.MsgCastBallots{}
		want := 1 + r.Intn(5)
		for _, i := range r.Perm(len(voters)) {
			if len(msg.Ballots) == want {
				break
			}
			counter := uint32(1)
			prev, err := k.Ballots.Get(ctx, collections.Join(e.Id, voters[i]))
			if err == nil {
				if prev.Overwrites >= e.MaxRevotes {
					continue
				}
				counter = prev.Counter + 1
			}
			voter := testData.GetAccount(reporter, voters[i].String())
			key, ok := voter.PrivKey.(*secp256k1.PrivKey)
			if !ok {
				continue
			}
			answers := make([]types.Answer, len(e.Questions))
			for qi, q := range e.Questions {
				answers[qi] = randomAnswer(testData, q)
			}
			b, err := types.SignBallot(key, e.ChainId, e.Id, counter, answers, nil)
			if err != nil {
				reporter.Skip(err.Error())
				return nil, nil
			}
			msg.Ballots = append(msg.Ballots, b)
		}
		if len(msg.Ballots) == 0 {
			reporter.Skip("no voter left to vote")
			return nil, nil
		}
		relayer := testData.AnyAccount(reporter, simsx.WithSpendableBalance())
		if reporter.IsSkipped() {
			return nil, nil
		}
		msg.Relayer = relayer.AddressBech32
		return []simsx.SimAccount{relayer}, msg
	}
}

// Register adds the factories with their default weights.
func Register(k keeper.Keeper, weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("voting_create_election", 15), MsgCreateElectionFactory(k))
	reg.Add(weights.Get("voting_set_voters", 30), MsgSetVotersFactory(k))
	reg.Add(weights.Get("voting_cancel_election", 2), MsgCancelElectionFactory(k))
	reg.Add(weights.Get("voting_cast_ballots", 80), MsgCastBallotsFactory(k))
}
