package keeper_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/procurement/keeper"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// fixture: agency 1 (admin validator-0) has procurement officer po and a
// budget line of 1,000,000; suppliers 1 (owner s1) and 2 (owner s2, with
// representative rep) are registered.
type fixture struct {
	c             *testutil.Chain
	k             keeper.Keeper
	ms            types.MsgServer
	ctx           sdk.Context
	po, s1, s2    testutil.Account
	rep, stranger testutil.Account
	line          uint64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"po", "s1", "s2", "rep", "stranger", "funder"}})
	f := &fixture{c: c, k: c.App.ProcurementKeeper, ms: keeper.NewMsgServerImpl(c.App.ProcurementKeeper), ctx: c.Ctx().WithEventManager(sdk.NewEventManager()),
		po: c.Accounts["po"], s1: c.Accounts["s1"], s2: c.Accounts["s2"], rep: c.Accounts["rep"], stranger: c.Accounts["stranger"]}
	am := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	_, err := am.GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: c.Validators[0].Address.String(), AgencyId: 1, Address: f.po.Address.String(),
		Role: agencytypes.ROLE_PROCUREMENT_OFFICER, Reason: "appointed"})
	require.NoError(t, err)
	for i, owner := range []testutil.Account{f.s1, f.s2} {
		m := &agencytypes.MsgRegisterSupplier{Owner: owner.Address.String(), Name: "Roads " + owner.Name, RegistrationNumber: "1000000" + string(rune('1'+i)), Country: "EE",
			BeneficialOwners: []agencytypes.Party{{Address: owner.Address.String(), ShareBps: 10000}}}
		if i == 1 {
			m.Representatives = []agencytypes.Party{{Address: f.rep.Address.String()}}
		}
		_, err := am.RegisterSupplier(f.ctx, m)
		require.NoError(t, err)
	}
	bm := budgetkeeper.NewMsgServerImpl(c.App.BudgetKeeper)
	gov := testutil.GovAuthority()
	_, err = bm.FundTreasury(f.ctx, &budgettypes.MsgFundTreasury{Funder: c.Accounts["funder"].Address.String(), Amount: sdk.NewInt64Coin("ucivis", 10_000_000)})
	require.NoError(t, err)
	_, err = bm.OpenFiscalYear(f.ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2026, StartTime: f.ctx.BlockTime(), EndTime: f.ctx.BlockTime().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	res, err := bm.Appropriate(f.ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2026, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "04.5.1", Title: "Roads", Amount: math.NewInt(1_000_000)}}})
	require.NoError(t, err)
	f.line = res.LineIds[0]
	return f
}

func n(v int64) math.Int { return math.NewInt(v) }

func requireErr(t *testing.T, want *errorsmod.Error, err error, why ...any) {
	t.Helper()
	require.Error(t, err, why...)
	require.ErrorIs(t, err, want, why...)
}

func (f *fixture) tenderMsg() *types.MsgPublishTender {
	now := f.ctx.BlockTime()
	return &types.MsgPublishTender{Officer: f.po.Address.String(), AgencyId: 1, Title: "Bridge repair", Description: "Repair of the river bridge",
		DocumentsUri: "ipfs://bafy-docs", DocumentsSha256: strings.Repeat("ab", 32), BudgetLineId: f.line,
		Lots:                  []types.LotInput{{Title: "Works", Ceiling: n(600_000), BidBond: n(1_000), AwardMethod: types.AWARD_METHOD_LOWEST_PRICE}},
		ClarificationDeadline: now.Add(24 * time.Hour), SubmissionDeadline: now.Add(10 * 24 * time.Hour), RevealDeadline: now.Add(12 * 24 * time.Hour),
		StandstillSeconds: 5 * 24 * 3600}
}

func (f *fixture) budgetLine(t *testing.T) budgettypes.Line {
	t.Helper()
	l, err := f.c.App.BudgetKeeper.GetLine(f.ctx, f.line)
	require.NoError(t, err)
	return l
}

func (f *fixture) balance(a sdk.AccAddress) math.Int {
	return f.c.App.BankKeeper.GetBalance(f.ctx, a, "ucivis").Amount
}

// seal returns a bid's commitment and its secrets.
func seal(t testing.TB, tender uint64, lot uint32, bidder sdk.AccAddress, price int64) (commitment, docs, salt []byte) {
	t.Helper()
	d := sha256.Sum256([]byte("offer " + bidder.String()))
	s := sha256.Sum256([]byte("salt " + bidder.String()))
	c, err := types.BidCommitment(tender, lot, bidder, n(price), d[:], s[:])
	require.NoError(t, err)
	return c, d[:], s[:]
}

// TestBidCommitmentVector is the README's test vector of a sealed bid.
func TestBidCommitmentVector(t *testing.T) {
	bidder := bytes.Repeat([]byte{0x11}, 20)
	docs := bytes.Repeat([]byte{0x22}, 32)
	salt := bytes.Repeat([]byte{0x33}, 32)
	c, err := types.BidCommitment(7, 1, bidder, n(123456), docs, salt)
	require.NoError(t, err)
	pre := "civitas/bid/v1" + string([]byte{0, 0, 0, 0, 0, 0, 0, 7, 0, 0, 0, 1, 20}) + string(bidder) + string([]byte{6}) + "123456" + string(docs) + string(salt)
	want := sha256.Sum256([]byte(pre))
	require.Equal(t, hex.EncodeToString(want[:]), hex.EncodeToString(c))
	require.Equal(t, "4391409b1013b86fe309b8ab6b17721c832a30381440de1e020c688987118ac8", hex.EncodeToString(c), "the README's vector")
	_, err = types.BidCommitment(7, 1, bidder, n(0), docs, salt)
	requireErr(t, types.ErrInvalidBid, err)
}

func TestPublishTender(t *testing.T) {
	f := newFixture(t)
	for name, c := range map[string]struct {
		want *errorsmod.Error
		edit func(m *types.MsgPublishTender)
	}{
		"not an officer":        {types.ErrUnauthorized, func(m *types.MsgPublishTender) { m.Officer = f.stranger.Address.String() }},
		"another agency's line": {types.ErrUnauthorized, func(m *types.MsgPublishTender) { m.AgencyId = 2 }},
		"no title":              {types.ErrInvalidTender, func(m *types.MsgPublishTender) { m.Title = "" }},
		"documents unhashed":    {types.ErrInvalidTender, func(m *types.MsgPublishTender) { m.DocumentsSha256 = "" }},
		"no lots":               {types.ErrInvalidTender, func(m *types.MsgPublishTender) { m.Lots = nil }},
		"zero ceiling":          {types.ErrInvalidTender, func(m *types.MsgPublishTender) { m.Lots[0].Ceiling = n(0) }},
		"over the line":         {types.ErrBudget, func(m *types.MsgPublishTender) { m.Lots[0].Ceiling = n(1_000_001) }},
		"reveal before submission": {types.ErrInvalidTender, func(m *types.MsgPublishTender) {
			m.RevealDeadline = m.SubmissionDeadline
		}},
		"rated without price criterion": {types.ErrInvalidTender, func(m *types.MsgPublishTender) {
			m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
			m.Lots[0].Criteria = []types.Criterion{{Name: "quality", WeightBps: 5000, MaxScore: 10}, {Name: "delivery", WeightBps: 5000, MaxScore: 10}}
		}},
		"rated weights not 100%": {types.ErrInvalidTender, func(m *types.MsgPublishTender) {
			m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
			m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 6000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 3000, MaxScore: 10}}
		}},
		"unknown line": {types.ErrBudget, func(m *types.MsgPublishTender) { m.BudgetLineId = 99 }},
		"weights that wrap around": {types.ErrInvalidTender, func(m *types.MsgPublishTender) {
			m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
			m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 4294967295, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 10001, MaxScore: 10}}
		}},
		"evaluators on a lowest-price lot": {types.ErrInvalidTender, func(m *types.MsgPublishTender) { m.Lots[0].MinEvaluators = 2 }},
	} {
		t.Run(name, func(t *testing.T) {
			m := f.tenderMsg()
			c.edit(m)
			_, err := f.ms.PublishTender(f.ctx, m)
			requireErr(t, c.want, err)
		})
	}
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	require.Equal(t, uint64(1), res.TenderId)
	require.Equal(t, n(600_000), f.budgetLine(t).Reserved, "the ceiling is reserved on the line")
	require.NoError(t, f.c.App.BudgetKeeper.CheckInvariants(f.ctx))
}

func keeperQuerier(f *fixture) types.QueryServer { return keeper.NewQuerier(f.k) }

// roundTrip exports the procurement state, imports it into a fresh chain
// and requires the same export back (records, indexes and queues rebuilt).
func (f *fixture) roundTrip(t *testing.T) {
	t.Helper()
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k.AddressCodec()))
	g := newFixture(t)
	// The module account's coins come with the bank's genesis: move them.
	held := f.c.App.BankKeeper.GetAllBalances(f.ctx, authtypes.NewModuleAddress(types.ModuleName))
	if !held.IsZero() {
		require.NoError(t, g.c.App.BankKeeper.SendCoinsFromAccountToModule(g.ctx, g.c.Accounts["funder"].Address, types.ModuleName, held))
	}
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)
}

// TestWrongSignersChangeNothing: each Msg sent by someone who may not send
// it is refused with ErrUnauthorized or ErrInvalidAuthority and changes
// nothing (the stage-dependent Msgs are covered in the flow tests).
func TestWrongSignersChangeNothing(t *testing.T) {
	f := newFixture(t)
	res, err := f.ms.PublishTender(f.ctx, f.tenderMsg())
	require.NoError(t, err)
	tid := res.TenderId
	c, _, _ := seal(t, tid, 0, f.s1.Address, 100)
	bid, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c})
	require.NoError(t, err)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	wrong := f.stranger.Address.String()
	tm := f.tenderMsg()
	for name, run := range map[string]func() error{
		"PublishTender": func() error {
			m := f.tenderMsg()
			m.Officer = wrong
			_, err := f.ms.PublishTender(f.ctx, m)
			return err
		},
		"AmendTender": func() error {
			_, err := f.ms.AmendTender(f.ctx, &types.MsgAmendTender{Officer: wrong, TenderId: tid, Description: "d", DocumentsUri: "u",
				DocumentsSha256: tm.DocumentsSha256, SubmissionDeadline: tm.SubmissionDeadline.Add(30 * 24 * time.Hour), RevealDeadline: tm.SubmissionDeadline.Add(40 * 24 * time.Hour)})
			return err
		},
		"SubmitBid": func() error {
			_, err := f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s2.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c})
			return err
		},
		"RevealBid": func() error {
			_, err := f.ms.RevealBid(f.ctx, &types.MsgRevealBid{Bidder: f.s2.Address.String(), BidId: bid.BidId, Price: n(100), DocumentsHash: c, Salt: c})
			return err
		},
		"CancelTender": func() error {
			_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: wrong, TenderId: tid, Reason: "r"})
			return err
		},
		"OfferContract": func() error {
			_, err := f.ms.OfferContract(f.ctx, &types.MsgOfferContract{Officer: wrong, TenderId: tid, Lot: 0})
			return err
		},
		"DecideDelivery": func() error {
			_, err := f.ms.DecideDelivery(f.ctx, &types.MsgDecideDelivery{Officer: wrong, TenderId: tid, Lot: 0, Accept: true})
			return err
		},
		"UpdateParams": func() error {
			_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: wrong, Params: types.DefaultParams()})
			return err
		},
	} {
		t.Run(name, func(t *testing.T) {
			err := run()
			require.Error(t, err)
			require.True(t, errorsmod.IsOf(err, types.ErrUnauthorized, types.ErrInvalidAuthority), "%s: %v", name, err)
			after, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.Equal(t, before, after)
		})
	}
}
