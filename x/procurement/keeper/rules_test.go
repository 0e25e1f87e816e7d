package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/procurement/keeper"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// spendingGuard deploys the spending-guard artifact for agency 1 with the
// cap (admin: admin, or none).
func (f *fixture) spendingGuard(t testing.TB, admin sdk.AccAddress, capAmount string) sdk.AccAddress {
	t.Helper()
	return testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "spending_guard.wasm", f.po.Address, admin, `{"agency_id":1,"cap":"`+capAmount+`"}`)
}

// TestBidRule: a tender published with a check_bid_eligibility rule asks it
// on each bid: spending-guard refuses a supplier whose awarded total this
// year plus the lot's ceiling would pass its cap, with its reason, and lets
// the others bid; only a contract without an admin may be named.
func TestBidRule(t *testing.T) {
	f := newFixture(t)
	tight := f.spendingGuard(t, nil, "500000")
	loose := f.spendingGuard(t, nil, "1000000")
	withAdmin := f.spendingGuard(t, f.po.Address, "1000000")

	publish := func(rule string) (uint64, error) {
		m := f.tenderMsg()
		m.BidRuleContract = rule
		res, err := f.ms.PublishTender(f.ctx, m)
		if err != nil {
			return 0, err
		}
		return res.TenderId, nil
	}
	_, err := publish(withAdmin.String())
	requireErr(t, types.ErrInvalidRule, err, "a contract with an admin could be migrated")
	_, err = publish(f.s1.Address.String())
	requireErr(t, types.ErrInvalidRule, err, "not a contract")
	_, err = publish("civ1bad")
	requireErr(t, types.ErrInvalidAddress, err)

	tid, err := publish(tight.String())
	require.NoError(t, err)
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, tight.String(), tender.BidRule.Contract)
	c1, _, _ := seal(t, tid, 0, f.s1.Address, 100)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	requireErr(t, types.ErrRuleRefused, err)
	require.Contains(t, err.Error(), "supplier 1 was awarded 0 in 2026: with lot 0's ceiling of 600000 it would pass the cap of 500000")
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused bid changes nothing")

	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "rule too tight"})
	require.NoError(t, err)
	tid, err = publish(loose.String())
	require.NoError(t, err)
	c1, _, _ = seal(t, tid, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err, "within the cap")
	f.roundTrip(t)
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "next case"})
	require.NoError(t, err)

	// A rule that fails on the hook (sme-preference knows no
	// check_bid_eligibility) or runs out of its pinned gas refuses the bid.
	sme := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "sme_preference.wasm", f.po.Address, nil, `{"bonus_millionths":1}`)
	tid, err = publish(sme.String())
	require.NoError(t, err)
	c1, _, _ = seal(t, tid, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	requireErr(t, types.ErrRuleRefused, err)
	require.Contains(t, err.Error(), "unknown variant")
	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "next case"})
	require.NoError(t, err)
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p.RuleGasLimit = 10_000 // a spending-guard check needs ~16,000
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	tid, err = publish(loose.String())
	require.NoError(t, err)
	c1, _, _ = seal(t, tid, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	requireErr(t, types.ErrRuleRefused, err)
	require.Contains(t, err.Error(), "ran out of gas (limit 10000)")
}

// ratedWithScoreRule publishes a RATED tender naming rule as its score_bid
// rule and brings it to a closable evaluation: supplier 1 bids 500,000 and
// is scored 10/10 on quality (total 0.92), supplier 2 bids 400,000 and is
// scored 8/10 (0.88). It returns the tender and the two bids.
func (f *fixture) ratedWithScoreRule(t *testing.T, rule string) (tid, bid1, bid2 uint64) {
	t.Helper()
	evaluator := f.c.Accounts["funder"]
	am := agencykeeper.NewMsgServerImpl(f.c.App.AgencyKeeper)
	if ok, _ := f.c.App.AgencyKeeper.HasRole(f.ctx, 1, evaluator.Address, agencytypes.ROLE_EVALUATOR); !ok {
		_, err := am.GrantRole(f.ctx, &agencytypes.MsgGrantRole{Admin: f.c.Validators[0].Address.String(), AgencyId: 1, Address: evaluator.Address.String(),
			Role: agencytypes.ROLE_EVALUATOR, Reason: "panel"})
		require.NoError(t, err)
	}
	m := f.tenderMsg()
	m.ScoreRuleContract = rule
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 4000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 6000, MaxScore: 10}}
	res, err := f.ms.PublishTender(f.ctx, m)
	require.NoError(t, err)
	tid = res.TenderId
	b1, b2 := f.twoRevealedBids(t, m, tid, 500_000, 400_000)
	_, err = f.ms.DeclareNoConflict(f.ctx, &types.MsgDeclareNoConflict{Evaluator: evaluator.Address.String(), TenderId: tid, Lot: 0})
	require.NoError(t, err)
	_, err = f.ms.SubmitScores(f.ctx, &types.MsgSubmitScores{Evaluator: evaluator.Address.String(), TenderId: tid, Lot: 0,
		Bids: []types.BidScore{{BidId: b1, Scores: []uint32{10}}, {BidId: b2, Scores: []uint32{8}}}})
	require.NoError(t, err)
	return tid, b1, b2
}

// TestScoreRule: a RATED tender with sme-preference as its score_bid rule:
// the SME's bonus is added to its total and changes the award; the bonus is
// cut to the max_rule_bonus pinned at publication; a rule that fails or
// runs out of gas refuses the close and changes nothing; the rule needs a
// RATED lot and a contract without an admin.
func TestScoreRule(t *testing.T) {
	f := newFixture(t)
	pk := wasmkeeper.NewDefaultPermissionKeeper(f.c.App.WasmKeeper)
	sme := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "sme_preference.wasm", f.po.Address, nil, `{"bonus_millionths":50000}`)
	_, err := pk.Execute(f.ctx, sme, f.po.Address, []byte(`{"add_smes":{"supplier_ids":[2]}}`), nil)
	require.NoError(t, err)
	closeLot := func(tid uint64) (uint64, error) {
		res, err := f.ms.CloseEvaluation(f.ctx, &types.MsgCloseEvaluation{Officer: f.po.Address.String(), TenderId: tid, Lot: 0})
		if err != nil {
			return 0, err
		}
		return res.WinningBidId, nil
	}
	cancel := func(tid uint64) { // frees the line's room for the next tender
		_, err := f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "next case"})
		require.NoError(t, err)
	}
	bid := func(id uint64) types.Bid {
		b, err := f.k.Bids.Get(f.ctx, id)
		require.NoError(t, err)
		return b
	}

	// Without a rule supplier 1 wins (0.92 to 0.88, TestRatedEvaluation's arithmetic).
	tid, b1, b2 := f.ratedWithScoreRule(t, "")
	win, err := closeLot(tid)
	require.NoError(t, err)
	require.Equal(t, b1, win)
	require.Equal(t, uint64(880_000), bid(b2).Score)
	cancel(tid)

	// With the rule the SME gets 0.05 more, 0.93, and wins. Supplier 1,
	// listed by the owner after the publication (having seen the bids), gets
	// nothing: the rule answers from its list as it stood at publication.
	tid, b1, b2 = f.ratedWithScoreRule(t, sme.String())
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	_, err = pk.Execute(f.ctx, sme, f.po.Address, []byte(`{"add_smes":{"supplier_ids":[1]}}`), nil)
	require.NoError(t, err)
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, &types.RuleAttachment{Contract: sme.String(), CodeId: tender.ScoreRule.CodeId, GasLimit: types.DefaultRuleGasLimit, MaxBonus: types.DefaultMaxRuleBonus}, tender.ScoreRule)
	win, err = closeLot(tid)
	require.NoError(t, err)
	require.Equal(t, b2, win, "the bonus changes the award")
	require.Equal(t, uint64(930_000), bid(b2).Score)
	require.Equal(t, uint64(50_000), bid(b2).RuleBonus)
	require.Equal(t, uint64(920_000), bid(b1).Score)
	require.Zero(t, bid(b1).RuleBonus, "not an SME when the tender was published")
	f.roundTrip(t)
	cancel(tid)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)
	_, err = pk.Execute(f.ctx, sme, f.po.Address, []byte(`{"remove_smes":{"supplier_ids":[1]}}`), nil)
	require.NoError(t, err)
	f.ctx = f.ctx.WithBlockHeight(f.ctx.BlockHeight() + 1)

	// The cap pinned at publication (30,000 here) bounds the bonus, whatever
	// the params say by the close: 0.91 loses to 0.92.
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p.MaxRuleBonus = 30_000
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	tid, b1, b2 = f.ratedWithScoreRule(t, sme.String())
	p.MaxRuleBonus = types.DefaultMaxRuleBonus
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	win, err = closeLot(tid)
	require.NoError(t, err)
	require.Equal(t, b1, win)
	require.Equal(t, uint64(30_000), bid(b2).RuleBonus)
	require.Equal(t, uint64(910_000), bid(b2).Score)
	cancel(tid)

	// A rule that fails (spending-guard does not know score_bid) or runs out
	// of gas refuses the close, with the reason, and changes nothing.
	guard := f.spendingGuard(t, nil, "1000000")
	tid, _, _ = f.ratedWithScoreRule(t, guard.String())
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	_, err = closeLot(tid)
	requireErr(t, types.ErrRuleRefused, err, "unknown message")
	require.Contains(t, err.Error(), "score_bid of bid")
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused close changes nothing")
	cancel(tid)
	p.RuleGasLimit = 10_000
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	tid, _, _ = f.ratedWithScoreRule(t, sme.String())
	_, err = closeLot(tid)
	requireErr(t, types.ErrRuleRefused, err)
	require.Contains(t, err.Error(), "ran out of gas (limit 10000)")
	cancel(tid)

	// Attach checks: a RATED lot is needed; no admin; an address.
	m := f.tenderMsg()
	m.ScoreRuleContract = sme.String()
	_, err = f.ms.PublishTender(f.ctx, m)
	requireErr(t, types.ErrInvalidRule, err, "no RATED lot")
	withAdmin := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "sme_preference.wasm", f.po.Address, f.po.Address, `{"bonus_millionths":50000}`)
	m.Lots[0].AwardMethod = types.AWARD_METHOD_RATED
	m.Lots[0].Criteria = []types.Criterion{{Name: "price", WeightBps: 4000, MaxScore: 100, Price: true}, {Name: "quality", WeightBps: 6000, MaxScore: 10}}
	m.ScoreRuleContract = withAdmin.String()
	_, err = f.ms.PublishTender(f.ctx, m)
	requireErr(t, types.ErrInvalidRule, err, "has an admin")
	// A bidder's own instance of the agency's code (it would own the SME
	// list) is refused.
	bidders := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "sme_preference.wasm", f.s1.Address, nil, `{"bonus_millionths":100000}`)
	m.ScoreRuleContract = bidders.String()
	_, err = f.ms.PublishTender(f.ctx, m)
	requireErr(t, types.ErrInvalidRule, err)
	require.Contains(t, err.Error(), "was instantiated by "+f.s1.Address.String()+", neither governance nor a CONTRACT_DEVELOPER of agency 1")
	m.ScoreRuleContract = "civ1bad"
	_, err = f.ms.PublishTender(f.ctx, m)
	requireErr(t, types.ErrInvalidAddress, err)
}

// TestParseScoreAnswer: a score_bid rule answers {"bonus_millionths": N}
// and nothing else.
func TestParseScoreAnswer(t *testing.T) {
	for in, want := range map[string]int64{
		`{"bonus_millionths":7}`: 7, `{"bonus_millionths":0}`: 0, ``: -1, `null`: -1, `{}`: -1, `{"bonus_millionths":-1}`: -1,
		`{"bonus_millionths":"7"}`: -1, `{"bonus_millionths":7,"x":1}`: -1, `{"bonus_millionths":7}{}`: -1, `[7]`: -1,
	} {
		got, err := keeper.ParseScoreAnswer([]byte(in))
		if want < 0 {
			require.Error(t, err, in)
			continue
		}
		require.NoError(t, err, in)
		require.Equal(t, uint64(want), got, in)
	}
}

// BenchmarkBidWithRule: one MsgSubmitBid (a replacement of the supplier's
// sealed bid, which is asked of the rule like a first bid), without a rule
// and with spending-guard attached (it reads the supplier's awarded total
// through a custom query): time and gas per bid
// (go test ./x/procurement/keeper/ -run '^$' -bench BidWithRule).
func BenchmarkBidWithRule(b *testing.B) {
	for _, withRule := range []bool{false, true} {
		name := "no-rule"
		if withRule {
			name = "spending-guard"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b)
			m := f.tenderMsg()
			if withRule {
				m.BidRuleContract = f.spendingGuard(b, nil, "1000000").String()
			}
			res, err := f.ms.PublishTender(f.ctx, m)
			require.NoError(b, err)
			msgs := make([]*types.MsgSubmitBid, b.N)
			for i := range msgs {
				c, _, _ := seal(b, res.TenderId, 0, f.s1.Address, int64(100+i))
				msgs[i] = &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: res.TenderId, Lot: 0, SupplierId: 1, Commitment: c}
			}
			gas := uint64(0)
			b.ResetTimer()
			for _, msg := range msgs {
				ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
				if _, err := f.ms.SubmitBid(ctx, msg); err != nil {
					b.Fatal(err)
				}
				gas += ctx.GasMeter().GasConsumed()
			}
			b.ReportMetric(float64(gas)/float64(b.N), "gas/bid")
		})
	}
}
