package keeper_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/voting/census"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// BenchmarkBallotBlock measures, per block of 10 transactions of 100
// Merkle-census ballots each, the node's two costs: CheckTx of every
// transaction (signatures verified) and the block's execution and commit
// (signatures found in the node's cache). Signing is outside the timer.
func BenchmarkBallotBlock(b *testing.B) {
	const txs, perTx = 10, 100
	relayers := make([]string, txs)
	for i := range relayers {
		relayers[i] = fmt.Sprintf("relayer-%d", i)
	}
	c := testutil.NewChain(b, testutil.Config{Accounts: append(relayers, "officer")})
	cf := &chainFixture{c: c, officer: c.Accounts["officer"]}
	voters := (b.N + 1) * txs * perTx
	entries := make([]census.Entry, voters)
	keys := make([]*secpKey, voters)
	for i := range keys {
		keys[i] = voter(i)
		entries[i] = census.Entry{Address: addr(keys[i]), Weight: 1}
	}
	tree, err := census.Build(entries)
	require.NoError(b, err)
	grantOfficer(b, cf)
	res := cf.deliverOK(b, cf.officer, &types.MsgCreateElection{
		Officer: cf.officer.Address.String(), AgencyId: 1, Title: "Bench",
		Questions:  []types.Question{{Title: "Q", Type: types.BALLOT_TYPE_SINGLE, Options: options("Yes", "No")}},
		CensusType: types.CENSUS_TYPE_MERKLE, MerkleRoot: tree.Root(), MerkleVoters: tree.Size(), MerkleTotalWeight: tree.TotalWeight(),
		StartTime: c.Now().Add(10 * time.Second), EndTime: c.Now().Add(24 * time.Hour),
	})
	var out types.MsgCreateElectionResponse
	requireMsgResponse(b, c, res, &out)
	c.AdvanceTime(10 * time.Second)

	next := 0
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		var block [][]byte
		for i := range txs {
			ballots := make([]types.SignedBallot, perTx)
			for j := range ballots {
				k := keys[next]
				idx := tree.Index(addr(k))
				ballots[j], err = types.SignBallot(k, testutil.ChainID, out.ElectionId, 0, []types.Answer{single(uint32(next % 2))},
					&types.CensusProof{Weight: 1, Index: uint64(idx), Siblings: tree.Proof(idx)})
				require.NoError(b, err)
				next++
			}
			r := c.Accounts[relayers[i]]
			block = append(block, c.SignTx(r, nil, 10_000_000, castMsg(r, ballots...)))
		}
		b.StartTimer()
		for _, tx := range block {
			if res := c.CheckTx(tx); res.Code != 0 {
				b.Fatal(res.Log)
			}
		}
		fb := c.FinalizeBlock(block)
		for _, r := range fb.TxResults {
			if r.Code != 0 {
				b.Fatal(r.Log)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*txs*perTx)/1000, "µs/ballot")
}
