package keeper_test

import (
	"encoding/hex"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// fixture is a real app (testutil.Chain) whose voting Msgs are run directly
// on a context, with an agency whose election officer is f.officer.
type fixture struct {
	c        *testutil.Chain
	k        keeper.Keeper
	ms       types.MsgServer
	q        types.QueryServer
	ctx      sdk.Context
	officer  testutil.Account
	alice    testutil.Account
	bob      testutil.Account
	agencyID uint64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"officer", "alice", "bob"}})
	k := c.App.VotingKeeper
	f := &fixture{
		c: c, k: k, ms: keeper.NewMsgServerImpl(k), q: keeper.NewQuerier(k),
		ctx:     c.Ctx().WithEventManager(sdk.NewEventManager()),
		officer: c.Accounts["officer"], alice: c.Accounts["alice"], bob: c.Accounts["bob"],
		agencyID: 1, // validator-0's body, administered by validator-0
	}
	_, err := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper).GrantRole(f.ctx, &agencytypes.MsgGrantRole{
		Admin: c.Validators[0].Address.String(), AgencyId: f.agencyID, Address: f.officer.Address.String(),
		Role: agencytypes.ROLE_ELECTION_OFFICER, Reason: "appointed",
	})
	require.NoError(t, err)
	return f
}

// now is the fixture context's block time.
func (f *fixture) now() time.Time { return f.ctx.BlockTime() }

// at moves the context's block time to t and runs the BeginBlocker.
func (f *fixture) at(t testing.TB, when time.Time) {
	t.Helper()
	f.ctx = f.ctx.WithBlockTime(when).WithBlockHeight(f.ctx.BlockHeight() + 1)
	require.NoError(t, f.k.BeginBlocker(f.ctx))
}

func options(titles ...string) []types.Option {
	out := make([]types.Option, len(titles))
	for i, t := range titles {
		out[i] = types.Option{Title: t}
	}
	return out
}

// electionMsg is a valid registry election of one SINGLE question with three
// options, from now+1h to now+2h, with two revotes and a 50% quorum.
func (f *fixture) electionMsg() *types.MsgCreateElection {
	return &types.MsgCreateElection{
		Officer: f.officer.Address.String(), AgencyId: f.agencyID, Title: "Mayor", Description: "Who should be mayor?",
		Questions:  []types.Question{{Title: "Mayor", Type: types.BALLOT_TYPE_SINGLE, Options: options("Ann", "Ben", "Cy")}},
		CensusType: types.CENSUS_TYPE_REGISTRY,
		StartTime:  f.now().Add(time.Hour), EndTime: f.now().Add(2 * time.Hour),
		MaxRevotes: 2, QuorumBps: 5000,
	}
}

func (f *fixture) create(t testing.TB, msg *types.MsgCreateElection) types.Election {
	t.Helper()
	res, err := f.ms.CreateElection(f.ctx, msg)
	require.NoError(t, err)
	e, err := f.k.GetElection(f.ctx, res.ElectionId)
	require.NoError(t, err)
	return e
}

// voter is a fresh key that never held an account.
func voter(i int) *secp256k1.PrivKey {
	return secp256k1.GenPrivKeyFromSecret([]byte{byte(i), byte(i >> 8), byte(i >> 16), 'v'})
}

func addr(k *secp256k1.PrivKey) sdk.AccAddress { return sdk.AccAddress(k.PubKey().Address()) }

func (f *fixture) setVoters(t testing.TB, id uint64, weight uint64, keys ...*secp256k1.PrivKey) {
	t.Helper()
	vs := make([]types.Voter, len(keys))
	for i, k := range keys {
		vs[i] = types.Voter{Address: addr(k).String(), Weight: weight}
	}
	_, err := f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: f.officer.Address.String(), ElectionId: id, Voters: vs})
	require.NoError(t, err)
}

func (f *fixture) sign(t testing.TB, key *secp256k1.PrivKey, id uint64, counter uint32, answers ...types.Answer) types.SignedBallot {
	t.Helper()
	b, err := types.SignBallot(key, testutil.ChainID, id, counter, answers, nil)
	require.NoError(t, err)
	return b
}

func single(c uint32) types.Answer      { return types.Answer{Choices: []uint32{c}} }
func choices(cs ...uint32) types.Answer { return types.Answer{Choices: cs} }

// cast relays ballots through the Msg service and returns the outcomes.
func (f *fixture) cast(t *testing.T, ballots ...types.SignedBallot) []types.BallotOutcome {
	t.Helper()
	res, err := f.ms.CastBallots(f.ctx, &types.MsgCastBallots{Relayer: f.alice.Address.String(), Ballots: ballots})
	require.NoError(t, err)
	return res.Outcomes
}

// refused relays one ballot and requires it to be refused with want: a
// race (keeper.IsRace) is refused alone and raises the invalid count (unless
// the tally is frozen); any other refusal fails the message and changes
// nothing.
func (f *fixture) refused(t *testing.T, want *errorsmod.Error, b types.SignedBallot) {
	t.Helper()
	tally, err := f.k.Tallies.Get(f.ctx, b.ElectionId)
	hasTally := err == nil
	res, err := f.ms.CastBallots(f.ctx, &types.MsgCastBallots{Relayer: f.alice.Address.String(), Ballots: []types.SignedBallot{b}})
	if keeper.IsRace(want) {
		require.NoError(t, err)
		require.False(t, res.Outcomes[0].Counted, "ballot was counted, want %s", want)
		require.Contains(t, res.Outcomes[0].Error, want.Error())
		if e, err := f.k.GetElection(f.ctx, b.ElectionId); err == nil && e.Status != types.ELECTION_STATUS_FINAL && e.Status != types.ELECTION_STATUS_CANCELLED {
			tally.Invalid++
		}
	} else {
		requireErr(t, want, err)
	}
	if hasTally {
		after, err := f.k.Tallies.Get(f.ctx, b.ElectionId)
		require.NoError(t, err)
		require.Equal(t, tally, after, "a refused ballot changes at most the invalid count")
	}
}

func (f *fixture) counted(t *testing.T, ballots ...types.SignedBallot) {
	t.Helper()
	for i, o := range f.cast(t, ballots...) {
		require.True(t, o.Counted, "ballot %d: %s", i, o.Error)
	}
}

func (f *fixture) tally(t *testing.T, id uint64) types.Tally {
	t.Helper()
	tl, err := f.k.Tallies.Get(f.ctx, id)
	require.NoError(t, err)
	return tl
}

func (f *fixture) result(t *testing.T, id uint64) types.Result {
	t.Helper()
	r, err := f.k.Results.Get(f.ctx, id)
	require.NoError(t, err)
	return r
}

// dec is how a total reads: "3.000000000000000000".
func dec(s string) string { return s + ".000000000000000000" }

func requireErr(t *testing.T, want *errorsmod.Error, err error, why ...any) {
	t.Helper()
	require.Error(t, err, why...)
	require.ErrorIs(t, err, want, why...)
}

func requireEvent(t *testing.T, ctx sdk.Context, want proto.Message) {
	t.Helper()
	events := ctx.EventManager().Events()
	require.NotEmpty(t, events, "no event emitted")
	got, err := sdk.ParseTypedEvent(abci.Event(events[len(events)-1]))
	require.NoError(t, err)
	require.True(t, proto.Equal(want, got), "event\nwant %v\ngot  %v", want, got)
}

func hexOf(b []byte) string { return hex.EncodeToString(b) }

func collectionsJoin(id uint64, a sdk.AccAddress) collections.Pair[uint64, sdk.AccAddress] {
	return collections.Join(id, a)
}
