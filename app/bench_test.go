package app_test

import (
	"testing"
	"time"

	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
)

// BenchmarkBlockWithSends measures one committed block carrying txsPerBlock
// signed bank sends through the full app: ante handler (signature checks,
// fees), seat send restriction, message execution, end blockers and commit.
// Signing happens outside the timer.
func BenchmarkBlockWithSends(b *testing.B) {
	const txsPerBlock = 100
	names := make([]string, txsPerBlock)
	for i := range names {
		names[i] = "sender-" + string(rune('A'+i/26)) + string(rune('a'+i%26))
	}
	c := testutil.NewChain(b, testutil.Config{Accounts: append(names, "recipient")})
	to := c.Accounts["recipient"].Address
	coins := sdk.NewCoins(sdk.NewInt64Coin(app.FeeDenom, 1))

	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		txs := make([][]byte, 0, txsPerBlock)
		for _, name := range names {
			from := c.Accounts[name]
			txs = append(txs, c.SignTx(from, nil, 200_000, banktypes.NewMsgSend(from.Address, to, coins)))
		}
		b.StartTimer()
		res := c.FinalizeBlock(txs)
		for _, r := range res.TxResults {
			if r.Code != 0 {
				b.Fatalf("tx failed: %s", r.Log)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*txsPerBlock), "ns/tx")
}

// BenchmarkBlockWithDisbursements measures one committed block carrying
// txsPerBlock signed x/budget disbursements (each from its own treasurer
// and commitment) through the full app: ante handler, treasurer check,
// line and commitment accounting, escrow → beneficiary transfer, records,
// events, commit. Compare with BenchmarkBlockWithSends from the same run.
func BenchmarkBlockWithDisbursements(b *testing.B) {
	const txsPerBlock = 100
	names := make([]string, txsPerBlock)
	for i := range names {
		names[i] = "treasurer-" + string(rune('A'+i/26)) + string(rune('a'+i%26))
	}
	c := testutil.NewChain(b, testutil.Config{Accounts: append(names, "funder", "supplier")})
	ctx := c.Ctx()
	gov := testutil.GovAuthority()
	am := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	bm := budgetkeeper.NewMsgServerImpl(c.App.BudgetKeeper)
	must := func(_ any, err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	must(bm.FundTreasury(ctx, &budgettypes.MsgFundTreasury{Funder: c.Accounts["funder"].Address.String(), Amount: sdk.NewInt64Coin(app.FeeDenom, 1_000_000_000_000)}))
	must(bm.OpenFiscalYear(ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2026, StartTime: c.Now(), EndTime: c.Now().Add(365 * 24 * time.Hour)}))
	res, err := bm.Appropriate(ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2026, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "04.5.1", Title: "Roads", Amount: sdkmath.NewInt(500_000_000_000)}}})
	must(res, err)
	supplier := c.Accounts["supplier"].Address.String()
	commitments := make([]uint64, txsPerBlock)
	for i, name := range names {
		tr := c.Accounts[name].Address.String()
		must(am.GrantRole(ctx, &agencytypes.MsgGrantRole{Admin: c.Validators[0].Address.String(), AgencyId: 1, Address: tr,
			Role: agencytypes.ROLE_TREASURER, Reason: "bench"}))
		cres, err := bm.Commit(ctx, &budgettypes.MsgCommit{Treasurer: tr, LineId: res.LineIds[0], Amount: sdkmath.NewInt(1_000_000_000),
			Beneficiary: supplier, Purpose: "bench contract"})
		must(cres, err)
		commitments[i] = cres.CommitmentId
	}
	c.NextBlock()

	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		b.StopTimer()
		txs := make([][]byte, 0, txsPerBlock)
		for i, name := range names {
			from := c.Accounts[name]
			txs = append(txs, c.SignTx(from, nil, 300_000, &budgettypes.MsgDisburse{Treasurer: from.Address.String(),
				CommitmentId: commitments[i], Amount: sdkmath.NewInt(1), Reference: "milestone"}))
		}
		b.StartTimer()
		res := c.FinalizeBlock(txs)
		for _, r := range res.TxResults {
			if r.Code != 0 {
				b.Fatalf("tx failed: %s", r.Log)
			}
		}
	}
	b.StopTimer()
	if err := c.App.BudgetKeeper.CheckInvariants(c.Ctx()); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*txsPerBlock), "ns/tx")
}
