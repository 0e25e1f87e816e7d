package app_test

import (
	"testing"

	sdk "github.com/cosmos/cosmos-sdk/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
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
