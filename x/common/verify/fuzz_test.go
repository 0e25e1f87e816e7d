package verify_test

import (
	"testing"

	crypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/civitas-chain/civitas/x/common/verify"
)

// FuzzStoreProof: a node's proof ops, whatever their bytes, are checked or
// refused with an error, never a panic (a light client reads them from
// servers it does not trust).
func FuzzStoreProof(f *testing.F) {
	f.Add([]byte("voting"), []byte{6, 1}, []byte{1}, "ics23:iavl", []byte{0x0a, 0x01, 0x06}, "ics23:simple", []byte{0x12, 0x00})
	f.Add(make([]byte, 32), []byte{}, []byte{}, "", []byte{}, "", []byte{})
	f.Fuzz(func(t *testing.T, appHash, key, value []byte, t1 string, d1 []byte, t2 string, d2 []byte) {
		ops := &crypto.ProofOps{Ops: []crypto.ProofOp{{Type: t1, Key: key, Data: d1}, {Type: t2, Key: []byte("voting"), Data: d2}}}
		_ = verify.StoreProof(appHash, "voting", key, value, ops)
	})
}
