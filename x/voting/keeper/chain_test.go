package keeper_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	crypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	commitmenttypes "github.com/cosmos/ibc-go/v11/modules/core/23-commitment/types"
	commitmenttypesv2 "github.com/cosmos/ibc-go/v11/modules/core/23-commitment/types/v2"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/x/authz"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
	"github.com/civitas-chain/civitas/app"

	"github.com/civitas-chain/civitas/testutil"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common/verify"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// chainFixture drives a real in-process chain: every Msg goes through
// CheckTx (the ante handler, with a minimum gas price) and FinalizeBlock.
type chainFixture struct {
	c       *testutil.Chain
	officer testutil.Account
}

func newChainFixture(t *testing.T) *chainFixture {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{
		Accounts:      []string{"officer", "alice", "bob"},
		EmptyAccounts: []string{"relayer"},
		MinGasPrices:  "0.025" + app.FeeDenom,
	})
	cf := &chainFixture{c: c, officer: c.Accounts["officer"]}
	grantOfficer(t, cf)
	return cf
}

func grantOfficer(t testing.TB, cf *chainFixture) {
	cf.deliverOK(t, cf.c.Validators[0], &agencytypes.MsgGrantRole{
		Admin: cf.c.Validators[0].Address.String(), AgencyId: 1, Address: cf.officer.Address.String(),
		Role: agencytypes.ROLE_ELECTION_OFFICER, Reason: "appointed",
	})
}

func (cf *chainFixture) deliverOK(t testing.TB, from testutil.Account, msgs ...sdk.Msg) *abci.ExecTxResult {
	t.Helper()
	res := cf.c.DeliverMsgs(from, msgs...)
	require.Equal(t, uint32(0), res.Code, res.Log)
	return res
}

// election creates a registry election of one SINGLE question starting in
// 30 s of block time, open for a minute, with the given voters (weight 1),
// and advances to its start.
func (cf *chainFixture) election(t *testing.T, keys ...*secpKey) uint64 {
	t.Helper()
	res := cf.deliverOK(t, cf.officer, &types.MsgCreateElection{
		Officer: cf.officer.Address.String(), AgencyId: 1, Title: "Referendum",
		Questions:  []types.Question{{Title: "Adopt?", Type: types.BALLOT_TYPE_SINGLE, Options: options("Yes", "No")}},
		CensusType: types.CENSUS_TYPE_REGISTRY,
		StartTime:  cf.c.Now().Add(30 * time.Second), EndTime: cf.c.Now().Add(90 * time.Second), MaxRevotes: 3,
	})
	var out types.MsgCreateElectionResponse
	requireMsgResponse(t, cf.c, res, &out)
	voters := make([]types.Voter, len(keys))
	for i, k := range keys {
		voters[i] = types.Voter{Address: addr(k).String(), Weight: 1}
	}
	cf.deliverOK(t, cf.officer, &types.MsgSetVoters{Officer: cf.officer.Address.String(), ElectionId: out.ElectionId, Voters: voters})
	cf.c.AdvanceTime(20 * time.Second)
	return out.ElectionId
}

func requireMsgResponse(t testing.TB, c *testutil.Chain, res *abci.ExecTxResult, out interface{ Unmarshal([]byte) error }) {
	t.Helper()
	var txMsgData sdk.TxMsgData
	require.NoError(t, c.App.AppCodec().Unmarshal(res.Data, &txMsgData))
	require.Len(t, txMsgData.MsgResponses, 1)
	require.NoError(t, out.Unmarshal(txMsgData.MsgResponses[0].Value))
}

func (cf *chainFixture) ballot(t *testing.T, k *secpKey, id uint64, counter uint32, choice uint32) types.SignedBallot {
	t.Helper()
	b, err := types.SignBallot(k, testutil.ChainID, id, counter, []types.Answer{single(choice)}, nil)
	require.NoError(t, err)
	return b
}

func castMsg(relayer testutil.Account, ballots ...types.SignedBallot) *types.MsgCastBallots {
	return &types.MsgCastBallots{Relayer: relayer.Address.String(), Ballots: ballots}
}

func requireCheck(t *testing.T, res *abci.ResponseCheckTx, want *errorsmod.Error) {
	t.Helper()
	if want == nil {
		require.Equal(t, uint32(0), res.Code, res.Log)
		return
	}
	require.Equal(t, want.Codespace(), res.Codespace, res.Log)
	require.Equal(t, want.ABCICode(), res.Code, res.Log)
}

func TestFreeBallotsThroughTheAnteHandlerAndMempool(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	relayer, alice, bob := c.Accounts["relayer"], c.Accounts["alice"], c.Accounts["bob"]
	v1, v2, v3 := voter(1), voter(2), voter(3)
	id := cf.election(t, v1, v2, v3)
	for _, k := range []*secpKey{v1, v2, v3} {
		require.Nil(t, c.App.AccountKeeper.GetAccount(c.Ctx(), addr(k)), "voters are fresh keys with no account")
	}
	require.True(t, c.Balance(relayer.Address, app.FeeDenom).IsZero())

	// A free tx: ballots only, no fee, from a relayer holding no tokens.
	free := c.SignTx(relayer, nil, 1_000_000, castMsg(relayer, cf.ballot(t, v1, id, 0, 0)))
	requireCheck(t, c.CheckTx(free), nil)

	// The same ballot in another relayer's tx, while the first waits: refused.
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, id, 0, 0)))), types.ErrBallotPending)
	// A relayer who changes the choice breaks the voter's signature.
	tampered := cf.ballot(t, v2, id, 0, 0)
	tampered.Answers[0].Choices[0] = 1
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, tampered))), types.ErrBadSignature)
	// A relayer who adds (unsigned) encrypted answers to a public ballot is refused.
	padded := cf.ballot(t, v2, id, 0, 0)
	padded.EncryptedAnswers = []types.EncryptedAnswer{{CountProof: make([]byte, 128)}}
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, padded))), types.ErrInvalidBallot)
	// One invalid ballot among valid ones refuses the whole tx.
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v2, id, 0, 0), cf.ballot(t, voter(99), id, 0, 0)))), types.ErrNotInCensus)
	// The same voter twice in one tx.
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v2, id, 0, 0), cf.ballot(t, v2, id, 1, 1)))), types.ErrDuplicateInBatch)
	// A non-ballot message riding in the tx: the normal fee is due for all of it.
	send := banktypes.NewMsgSend(alice.Address, bob.Address, sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1)))
	requireCheck(t, c.CheckTx(c.SignTx(alice, nil, 1_000_000, castMsg(alice, cf.ballot(t, v2, id, 0, 0)), send)), sdkerrors.ErrInsufficientFee)
	// Nested in authz MsgExec, an invalid ballot is still refused in CheckTx.
	exec := authz.NewMsgExec(alice.Address, []sdk.Msg{castMsg(bob, tampered)})
	requireCheck(t, c.CheckTx(c.SignTx(alice, sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 100_000)), 1_000_000, &exec)), types.ErrBadSignature)

	// Paid with a fee, the mixed tx passes (and pays).
	fee := sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 25_000))
	aliceBefore := c.Balance(alice.Address, app.FeeDenom)
	mixed := c.SignTx(alice, fee, 1_000_000, castMsg(alice, cf.ballot(t, v2, id, 0, 1)), send)
	requireCheck(t, c.CheckTx(mixed), nil)

	res := c.FinalizeBlock([][]byte{free, mixed})
	for i, r := range res.TxResults {
		require.Equal(t, uint32(0), r.Code, "tx %d: %s", i, r.Log)
	}
	require.True(t, c.Balance(relayer.Address, app.FeeDenom).IsZero(), "the free relayer paid nothing")
	require.Equal(t, aliceBefore.SubRaw(25_000+1), c.Balance(alice.Address, app.FeeDenom), "the mixed tx paid its fee")
	tl, err := c.App.VotingKeeper.Tallies.Get(c.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, []string{dec("1"), dec("1")}, tl.Questions[0].Totals)

	// Once on chain, the ballot is refused in CheckTx (replay); a new
	// counter is accepted (revote).
	requireCheck(t, c.CheckTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, id, 0, 0)))), types.ErrStaleCounter)
	revote := c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, id, 1, 1)))
	requireCheck(t, c.CheckTx(revote), nil)
	// A block without it commits; ReCheckTx keeps it in the mempool and
	// marks its ballot again, so another tx carrying it is still refused.
	c.NextBlock()
	recheck, err := c.App.CheckTx(&abci.RequestCheckTx{Tx: revote, Type: abci.CheckTxType_Recheck})
	require.NoError(t, err)
	require.Equal(t, uint32(0), recheck.Code, recheck.Log)
	requireCheck(t, c.CheckTx(c.SignTx(alice, nil, 1_000_000, castMsg(alice, cf.ballot(t, v1, id, 1, 1)))), types.ErrBallotPending)
	// Once it is in a block, the ballot is on chain: refused.
	res = c.FinalizeBlock([][]byte{revote})
	require.Equal(t, uint32(0), res.TxResults[0].Code, res.TxResults[0].Log)
	requireCheck(t, c.CheckTx(c.SignTx(alice, nil, 1_000_000, castMsg(alice, cf.ballot(t, v1, id, 1, 1)))), types.ErrStaleCounter)
}

// TestFreeTransactionShapeAndGas: a free tx is exactly one MsgCastBallots
// with no fee, memo or extension option, and a gas limit that covers its
// known cost (so, once in the mempool, it cannot run out of gas in its
// block) and is not far above it.
func TestFreeTransactionShapeAndGas(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	relayer := c.Accounts["relayer"]
	v1, v2 := voter(1), voter(2)
	id := cf.election(t, v1, v2)
	one := castMsg(relayer, cf.ballot(t, v1, id, 0, 0))

	res := c.CheckTx(c.SignTx(relayer, nil, 10_000_000, one))
	requireCheck(t, res, types.ErrFreeTx)
	m := regexp.MustCompile(`needs from (\d+) to (\d+)`).FindStringSubmatch(res.Log)
	require.Len(t, m, 3, res.Log)
	need, err := strconv.ParseUint(m[1], 10, 64)
	require.NoError(t, err)
	most, err := strconv.ParseUint(m[2], 10, 64)
	require.NoError(t, err)
	// (The need moves by a few gas with the tx's size: the gas limit is in it.)
	requireCheck(t, c.CheckTx(c.SignTx(relayer, nil, need-100, one)), types.ErrFreeTx)
	requireCheck(t, c.CheckTx(c.SignTx(relayer, nil, most+100, one)), types.ErrFreeTx)

	// Two messages, or a memo: not free, so the fee is due.
	two := c.SignTx(relayer, nil, 1_000_000, castMsg(relayer, cf.ballot(t, v1, id, 0, 0)), castMsg(relayer, cf.ballot(t, v2, id, 0, 0)))
	requireCheck(t, c.CheckTx(two), sdkerrors.ErrInsufficientFee)

	// Exactly the gas it needs: accepted, and it does not run out of gas.
	exact := c.SignTx(relayer, nil, need, one)
	requireCheck(t, c.CheckTx(exact), nil)
	block := c.FinalizeBlock([][]byte{exact})
	require.Equal(t, uint32(0), block.TxResults[0].Code, block.TxResults[0].Log)
	require.LessOrEqual(t, block.TxResults[0].GasUsed, int64(need))
}

// TestUncheckedBadBallotFailsTheMessage: a ballot that CheckTx would have
// refused for good (a bad signature) reaches a block anyway (a proposer
// included it): the whole message fails and nothing is counted, not even
// as invalid.
func TestUncheckedBadBallotFailsTheMessage(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	bob := c.Accounts["bob"]
	v1, v2 := voter(1), voter(2)
	id := cf.election(t, v1, v2)
	bad := cf.ballot(t, v2, id, 0, 0)
	bad.Signature[5] ^= 1
	res := c.DeliverTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, id, 0, 0), bad)))
	require.Equal(t, types.ErrBadSignature.ABCICode(), res.Code, res.Log)
	require.Contains(t, res.Log, "ballot 1")
	tl, err := c.App.VotingKeeper.Tallies.Get(c.Ctx(), id)
	require.NoError(t, err)
	require.Zero(t, tl.Ballots)
	require.Zero(t, tl.Invalid)
}

// TestBallotRefusedAtExecutionIsCountedInvalid: two ballots of one voter
// reach two nodes' mempools (this node refuses the second while the first
// waits); the proposer puts both in a block, the higher counter first, so
// the lower one is refused and counted invalid, while the tx and the other
// ballots in it succeed.
func TestBallotRefusedAtExecutionIsCountedInvalid(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	alice, bob := c.Accounts["alice"], c.Accounts["bob"]
	v1, v2 := voter(1), voter(2)
	id := cf.election(t, v1, v2)
	later := c.SignTx(alice, nil, 1_000_000, castMsg(alice, cf.ballot(t, v1, id, 2, 1)))
	earlier := c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, id, 1, 0), cf.ballot(t, v2, id, 0, 0)))
	requireCheck(t, c.CheckTx(later), nil)
	requireCheck(t, c.CheckTx(earlier), types.ErrBallotPending) // one pending ballot per voter here
	counted0 := metricValue(t, "civitas_voting_ballots_counted_total", "")
	refused0 := metricValue(t, "civitas_voting_ballots_refused_total", types.ErrStaleCounter.Error())
	res := c.FinalizeBlock([][]byte{later, earlier}) // "earlier" came from another node
	require.Equal(t, uint32(0), res.TxResults[1].Code, res.TxResults[1].Log)
	var out types.MsgCastBallotsResponse
	requireMsgResponse(t, c, res.TxResults[1], &out)
	require.False(t, out.Outcomes[0].Counted)
	require.Contains(t, out.Outcomes[0].Error, types.ErrStaleCounter.Error())
	require.True(t, out.Outcomes[1].Counted)
	tl, err := c.App.VotingKeeper.Tallies.Get(c.Ctx(), id)
	require.NoError(t, err)
	require.Equal(t, uint64(1), tl.Invalid)
	require.Equal(t, uint64(2), tl.Ballots)
	require.Equal(t, []string{dec("1"), dec("1")}, tl.Questions[0].Totals)

	// The node's metrics (app/metrics.go) counted the block: two ballots
	// counted, one refused under its registered error.
	require.Equal(t, counted0+2, metricValue(t, "civitas_voting_ballots_counted_total", ""))
	require.Equal(t, refused0+1, metricValue(t, "civitas_voting_ballots_refused_total", types.ErrStaleCounter.Error()))
	require.GreaterOrEqual(t, metricValue(t, "civitas_voting_elections", "OPEN"), 1.0)
}

// metricValue reads a metric from the default Prometheus registry (label:
// the value of its one label, or "" for none).
func metricValue(t *testing.T, name, label string) float64 {
	t.Helper()
	families, err := prometheus.DefaultGatherer.Gather()
	require.NoError(t, err)
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		for _, m := range f.GetMetric() {
			if len(m.GetLabel()) > 0 && m.GetLabel()[0].GetValue() != label {
				continue
			}
			if m.GetCounter() != nil {
				return m.GetCounter().GetValue()
			}
			return m.GetGauge().GetValue()
		}
	}
	return 0
}

// TestReceiptIsProvableAgainstTheAppHash: the ballot's store key, queried
// with prove=true, returns the stored Ballot with an ICS23 proof that
// checks against the app hash (what a light client verifies).
func TestReceiptIsProvableAgainstTheAppHash(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	v := voter(1)
	id := cf.election(t, v)
	res := c.DeliverTx(c.SignTx(c.Accounts["bob"], nil, 1_000_000, castMsg(c.Accounts["bob"], cf.ballot(t, v, id, 0, 1))))
	require.Equal(t, uint32(0), res.Code, res.Log)
	height := c.App.LastBlockHeight()
	appHash := c.App.LastCommitID().Hash

	key := types.BallotStoreKey(id, addr(v))
	q, err := c.App.Query(t.Context(), &abci.RequestQuery{Path: "/store/voting/key", Data: key, Height: height, Prove: true})
	require.NoError(t, err)
	require.Equal(t, uint32(0), q.Code, q.Log)
	var b types.Ballot
	require.NoError(t, c.App.AppCodec().Unmarshal(q.Value, &b))
	require.Equal(t, addr(v).String(), b.Voter)
	require.Equal(t, height, b.Height)

	proof, err := commitmenttypes.ConvertProofs(q.ProofOps)
	require.NoError(t, err)
	root := commitmenttypes.NewMerkleRoot(appHash)
	path := commitmenttypesv2.NewMerklePath([]byte(types.StoreKey), key)
	require.NoError(t, proof.VerifyMembership(commitmenttypes.GetSDKSpecs(), root, path, q.Value))
	// Any other value, or another app hash, fails.
	require.Error(t, proof.VerifyMembership(commitmenttypes.GetSDKSpecs(), root, path, append([]byte{1}, q.Value...)))
	require.Error(t, proof.VerifyMembership(commitmenttypes.GetSDKSpecs(), commitmenttypes.NewMerkleRoot(make([]byte, 32)), path, q.Value))

	// The open election has no result: its key (prefix 9) is proven absent,
	// though its right neighbour is an entry of the end queue (prefix 11, a
	// key set): key-set entries hold 0x01, never an empty value ICS23 refuses.
	absent := types.ResultStoreKey(id)
	q, err = c.App.Query(t.Context(), &abci.RequestQuery{Path: "/store/voting/key", Data: absent, Height: height, Prove: true})
	require.NoError(t, err)
	require.Empty(t, q.Value)
	require.NoError(t, verify.StoreProof(appHash, types.StoreKey, absent, nil, q.ProofOps))
	require.ErrorIs(t, verify.StoreProof(appHash, types.StoreKey, key, nil, mustProve(t, c, key, height)), verify.ErrNotAbsent)
}

func mustProve(t *testing.T, c *testutil.Chain, key []byte, height int64) *crypto.ProofOps {
	t.Helper()
	q, err := c.App.Query(t.Context(), &abci.RequestQuery{Path: "/store/voting/key", Data: key, Height: height, Prove: true})
	require.NoError(t, err)
	return q.ProofOps
}

// TestGenesisRoundTripsOpenAndFinishedElections exports a chain with a
// finished and an open election, starts a new chain from the export, and
// requires the same voting state back.
func TestGenesisRoundTripsOpenAndFinishedElections(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	bob := c.Accounts["bob"]
	v1, v2 := voter(1), voter(2)
	done := cf.election(t, v1, v2)
	res := c.DeliverTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, done, 0, 1), cf.ballot(t, v2, done, 0, 1))))
	require.Equal(t, uint32(0), res.Code, res.Log)
	c.AdvanceTime(90 * time.Second)
	open := cf.election(t, v1, v2)
	res = c.DeliverTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, open, 0, 0))))
	require.Equal(t, uint32(0), res.Code, res.Log)
	res = c.DeliverTx(c.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v1, open, 1, 1))))
	require.Equal(t, uint32(0), res.Code, res.Log)

	exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var gs types.GenesisState
	var state map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(exported.AppState, &state))
	require.NoError(t, c.App.AppCodec().UnmarshalJSON(state[types.ModuleName], &gs))
	require.Len(t, gs.Elections, 2)
	require.Equal(t, types.ELECTION_STATUS_FINAL, gs.Elections[0].Status)
	require.Equal(t, types.ELECTION_STATUS_OPEN, gs.Elections[1].Status)
	require.Len(t, gs.Results, 1)
	require.Len(t, gs.Ballots, 3)

	restarted := testutil.NewChainFromExport(t, exported)
	restarted.JumpTo(c.Now())
	again, err := restarted.App.ExportAppStateAndValidators(false, nil, nil)
	require.NoError(t, err)
	var after map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(again.AppState, &after))
	require.JSONEq(t, string(state[types.ModuleName]), string(after[types.ModuleName]))

	// The open election goes on after the restart: a revote is counted and
	// the election closes on time.
	res = restarted.DeliverTx(restarted.SignTx(bob, nil, 1_000_000, castMsg(bob, cf.ballot(t, v2, open, 0, 0))))
	require.Equal(t, uint32(0), res.Code, res.Log)
	var out types.MsgCastBallotsResponse
	requireMsgResponse(t, restarted, res, &out)
	require.True(t, out.Outcomes[0].Counted, out.Outcomes[0].Error)
	restarted.AdvanceTime(90 * time.Second)
	e, err := restarted.App.VotingKeeper.GetElection(restarted.Ctx(), open)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_FINAL, e.Status)
}

// TestVoterRelaysOwnBallot: a voter who has an account relays their own
// ballot, fee-free.
func TestVoterRelaysOwnBallot(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	alice := c.Accounts["alice"]
	key, ok := alice.PrivKey.(*secpKey)
	require.True(t, ok)
	id := cf.election(t, key)
	before := c.Balance(alice.Address, app.FeeDenom)
	own := c.SignTx(alice, nil, 1_000_000, castMsg(alice, cf.ballot(t, key, id, 0, 1)))
	requireCheck(t, c.CheckTx(own), nil)
	res := c.FinalizeBlock([][]byte{own})
	require.Equal(t, uint32(0), res.TxResults[0].Code, res.TxResults[0].Log)
	require.Equal(t, before, c.Balance(alice.Address, app.FeeDenom), "no fee")
	b, err := c.App.VotingKeeper.Ballots.Get(c.Ctx(), collectionsJoin(id, alice.Address))
	require.NoError(t, err)
	require.Equal(t, alice.Address.String(), b.Relayer)
}

// TestRuleRefusedBallotsStayOutOfBlocks: the election's rule is asked in
// CheckTx, so a ballot it refuses never enters the mempool (a relayer
// cannot fill blocks with refused ballots for free, nor replay them); a
// ballot refused in the block (the rule's data changed in between) carries
// only the registered text in its outcome, which is part of the results
// hash, and the contract's reason in its event.
func TestRuleRefusedBallotsStayOutOfBlocks(t *testing.T) {
	cf := newChainFixture(t)
	c := cf.c
	relayer := c.Accounts["relayer"]
	v1, v2 := voter(1), voter(2)
	res0 := cf.deliverOK(t, cf.officer, &types.MsgCreateElection{
		Officer: cf.officer.Address.String(), AgencyId: 1, Title: "Residents' referendum",
		Questions:  []types.Question{{Title: "Adopt?", Type: types.BALLOT_TYPE_SINGLE, Options: options("Yes", "No")}},
		CensusType: types.CENSUS_TYPE_REGISTRY, StartTime: c.Now().Add(5 * time.Minute), EndTime: c.Now().Add(time.Hour),
	})
	var created types.MsgCreateElectionResponse
	requireMsgResponse(t, c, res0, &created)
	id := created.ElectionId
	cf.deliverOK(t, cf.officer, &types.MsgSetVoters{Officer: cf.officer.Address.String(), ElectionId: id,
		Voters: []types.Voter{{Address: addr(v1).String(), Weight: 1}, {Address: addr(v2).String(), Weight: 1}}})
	rule := testutil.InstantiateArtifact(t, c.Ctx(), c.App.WasmKeeper, "residency_eligibility.wasm", cf.officer.Address, nil,
		`{"attestors":["`+cf.officer.Address.String()+`"]}`)
	cf.deliverOK(t, cf.officer, &wasmtypes.MsgExecuteContract{Sender: cf.officer.Address.String(), Contract: rule.String(),
		Msg: []byte(`{"attest":{"residents":["` + addr(v1).String() + `"]}}`)})
	cf.deliverOK(t, cf.officer, &types.MsgAttachVoterRule{Officer: cf.officer.Address.String(), ElectionId: id, Contract: rule.String()})
	c.AdvanceTime(5 * time.Minute)

	refused := c.SignTx(relayer, nil, 1_000_000, castMsg(relayer, cf.ballot(t, v2, id, 0, 0)))
	res := c.CheckTx(refused)
	requireCheck(t, res, types.ErrRuleRefused)
	require.Contains(t, res.Log, addr(v2).String()+" was not attested as a resident at the election's start")
	requireCheck(t, c.CheckTx(c.SignTx(relayer, nil, 1_000_000, castMsg(relayer, cf.ballot(t, v1, id, 0, 0)))), nil)

	// Included anyway (a proposer need not run CheckTx): refused alone, the
	// reason in the event only.
	block := c.FinalizeBlock([][]byte{refused})
	require.Len(t, block.TxResults, 1)
	require.Equal(t, uint32(0), block.TxResults[0].Code, block.TxResults[0].Log)
	var out types.MsgCastBallotsResponse
	requireMsgResponse(t, c, block.TxResults[0], &out)
	require.False(t, out.Outcomes[0].Counted)
	require.Equal(t, "refused by the election's rule contract (code 27; its reason is in the event civitas.voting.v1.EventBallotRefused)", out.Outcomes[0].Error)
	found := false
	for _, ev := range block.TxResults[0].Events {
		if ev.Type == "civitas.voting.v1.EventBallotRefused" {
			for _, a := range ev.Attributes {
				if a.Key == "error" && strings.Contains(a.Value, addr(v2).String()+" was not attested as a resident at the election's start") {
					found = true
				}
			}
		}
	}
	require.True(t, found, "the contract's reason is in the event")
}
