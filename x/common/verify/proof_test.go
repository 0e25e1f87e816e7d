package verify_test

import (
	crypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	ics23 "github.com/cosmos/ics23/go"
	"testing"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/common/verify"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// TestStoreProof: a value and an absence read with prove=true check against
// the app hash; any other value, an absence claimed for a present key, a
// presence claimed for an absent one, another store or another app hash fail.
func TestStoreProof(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"alice"}})
	c.NextBlock()
	height := c.App.LastBlockHeight()
	appHash := c.App.LastCommitID().Hash
	query := func(key []byte) *abci.ResponseQuery {
		q, err := c.App.Query(t.Context(), &abci.RequestQuery{Path: "/store/voting/key", Data: key, Height: height, Prove: true})
		require.NoError(t, err)
		require.Equal(t, uint32(0), q.Code, q.Log)
		return q
	}
	alice := c.Accounts["alice"].Address
	present := []byte{0} // the voting params (collections prefix 0)
	q := query(present)
	require.NotEmpty(t, q.Value)
	require.NoError(t, verify.StoreProof(appHash, "voting", present, q.Value, q.ProofOps))
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", present, append([]byte{1}, q.Value...), q.ProofOps), verify.ErrWrongValue)
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", present, nil, q.ProofOps), verify.ErrNotAbsent)
	require.ErrorIs(t, verify.StoreProof(appHash, "bank", present, q.Value, q.ProofOps), verify.ErrWrongValue)
	require.ErrorIs(t, verify.StoreProof(make([]byte, 32), "voting", present, q.Value, q.ProofOps), verify.ErrWrongValue)
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", present, q.Value, nil), verify.ErrNoProof)

	absent := votingtypes.BallotStoreKey(7, alice) // no ballot of alice in election 7
	q = query(absent)
	require.Empty(t, q.Value)
	require.NoError(t, verify.StoreProof(appHash, "voting", absent, nil, q.ProofOps), "proven absent")
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", absent, []byte{1}, q.ProofOps), verify.ErrWrongValue)
	require.ErrorIs(t, verify.StoreProof(make([]byte, 32), "voting", absent, nil, q.ProofOps), verify.ErrNotAbsent)

	// A lying node's compressed proof whose lookup index points nowhere is
	// refused, not followed (ics23 would index out of range and panic).
	bad := &ics23.CommitmentProof{Proof: &ics23.CommitmentProof_Compressed{Compressed: &ics23.CompressedBatchProof{
		Entries: []*ics23.CompressedBatchEntry{{Proof: &ics23.CompressedBatchEntry_Exist{Exist: &ics23.CompressedExistenceProof{
			Key: present, Value: q.Value, Leaf: ics23.IavlSpec.LeafSpec, Path: []int32{7}}}}}}}}
	bz, err := bad.Marshal()
	require.NoError(t, err)
	ops := &crypto.ProofOps{Ops: []crypto.ProofOp{{Type: "ics23:iavl", Key: present, Data: bz}, q.ProofOps.Ops[1]}}
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", present, q.Value, ops), verify.ErrNoProof)
	require.ErrorIs(t, verify.StoreProof(appHash, "voting", present, q.Value, &crypto.ProofOps{Ops: q.ProofOps.Ops[:1]}), verify.ErrNoProof)
}
