package secret_test

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// drbg is a deterministic byte stream for test vectors: SHA-256(seed ‖
// counter), counter big-endian from 0.
type drbg struct {
	seed []byte
	n    uint64
	buf  []byte
}

func (d *drbg) Read(p []byte) (int, error) {
	for len(d.buf) < len(p) {
		h := sha256.Sum256(binary.BigEndian.AppendUint64(append([]byte{}, d.seed...), d.n))
		d.n++
		d.buf = append(d.buf, h[:]...)
	}
	copy(p, d.buf)
	d.buf = d.buf[len(p):]
	return len(p), nil
}

// TestVectors pins the encodings and the transcripts (x/voting/README.md,
// "Secret ballots: test vectors"): with the key 7·G and the byte stream
// drbg("civitas test vector"), the encryption of 1 and its 0/1 proof for
// the context "vector" are these bytes, and they verify.
func TestVectors(t *testing.T) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(7))
	rnd := &drbg{seed: []byte("civitas test vector")}
	r, err := secret.RandomScalar(rnd)
	require.NoError(t, err)
	ct := secret.Encrypt(k, 1, r)
	p, err := secret.ProveRange(rnd, k, ct, 1, r, 0, 1, []byte("vector"))
	require.NoError(t, err)
	bt := secret.NewBatch(k)
	require.NoError(t, bt.AddRange(ct, 0, 1, p, []byte("vector")))
	require.NoError(t, bt.Verify())
	proofHash := sha256.Sum256(p.Encode())
	require.Equal(t, "44f53520926ec81fbd5a387845beb7df85a96a24ece18738bdcfa6a7822a176d", hex.EncodeToString(k.Encode(nil)))
	require.Equal(t, "a88170d6aabc4b6ff663e0d83ee5574ecc9807ebcf8b38121d18787f7f5a3279664ceb8af4e0e16fca4c8222a2255f3b9b48a268913eee5e780b6cba6d9e1667", hex.EncodeToString(ct.Encode()))
	require.Equal(t, "0f116a5439d09e8a4a88bf9ea09e0f7ff84d485fc58a74c3adf83f4a7feabfcb", hex.EncodeToString(proofHash[:]))
}

// TestSecretBallotVector pins a whole secret ballot (x/voting/README.md,
// "Secret ballots: test vectors"), the vector the web booth's unit test
// reproduces byte for byte: election 7 on "civitas-1" with the key 7·G, a
// single choice of 3 options and an approval of 4 (1 to 2), the voter of
// private key 1, counter 1, choices option 1 and options 0 and 3, and the
// byte stream drbg("civitas ballot vector").
func TestSecretBallotVector(t *testing.T) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(7))
	opts := func(n int) []types.Option {
		out := make([]types.Option, n)
		for i := range out {
			out[i].Title = fmt.Sprint("option ", i)
		}
		return out
	}
	e := &types.Election{Id: 7, ChainId: "civitas-1", Questions: []types.Question{
		{Type: types.BALLOT_TYPE_SINGLE, Options: opts(3)},
		{Type: types.BALLOT_TYPE_APPROVAL, Options: opts(4), MinChoices: 1, MaxChoices: 2},
	}}
	key := &secp256k1.PrivKey{Key: append(make([]byte, 31), 1)}
	voter, err := types.VoterAddress(key.PubKey().Bytes())
	require.NoError(t, err)
	answers, err := types.EncryptAnswers(&drbg{seed: []byte("civitas ballot vector")}, e, k, voter, [][]uint64{{0, 1, 0}, {1, 0, 0, 1}})
	require.NoError(t, err)
	sb, err := types.SecretSignBytes(e.ChainId, e.Id, key.PubKey().Bytes(), 1, answers)
	require.NoError(t, err)
	bt := secret.NewBatch(k)
	require.NoError(t, types.AddSecretAnswers(bt, e, voter, answers))
	require.NoError(t, bt.Verify())
	require.Len(t, sb, 24+1+9+8+33+4+2+(2+3*320+2+2*128)+(2+4*320+2+3*128))
	require.Equal(t, "9ed2850a533b05ab3bb85ba92f7add41833dfc7a0e4c23e5136f09f1176ca35f", hex.EncodeToString(types.BallotHash(sb)))
}
