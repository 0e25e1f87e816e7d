package types_test

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"

	dcrsecp "github.com/decred/dcrd/dcrec/secp256k1/v4"
	dcrecdsa "github.com/decred/dcrd/dcrec/secp256k1/v4/ecdsa"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestSignBytesVector is the test vector of the README ("Sign bytes"): a
// browser or phone implementation must produce these bytes and this
// signature (RFC 6979 deterministic ECDSA) for the same input.
func TestSignBytesVector(t *testing.T) {
	key := &secp256k1.PrivKey{Key: make([]byte, 32)}
	key.Key[31] = 1 // private key 1: the public key is the generator G
	answers := []types.Answer{{Choices: []uint32{1}}, {Choices: []uint32{0, 2}, Weights: []uint32{2500, 7500}}, {}}
	b, err := types.SignBallot(key, "civitas-1", 7, 2, answers, nil)
	require.NoError(t, err)

	require.Equal(t, "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798", hex.EncodeToString(b.VoterPubKey))
	a, err := types.VoterAddress(b.VoterPubKey)
	require.NoError(t, err)
	require.Equal(t, "751e76e8199196d454941c45d1b3a323f1433bd6", hex.EncodeToString(a))

	bz, err := types.SignBytes("civitas-1", 7, b.VoterPubKey, 2, answers)
	require.NoError(t, err)
	want := "636976697461732f62616c6c6f742f7631" + // "civitas/ballot/v1"
		"09" + "636976697461732d31" + // chain id
		"0000000000000007" + // election id
		"0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798" + // public key
		"00000002" + // counter
		"0003" + // three answers
		"0001" + "0001" + "0000" + // {1}, no weights
		"0002" + "0000" + "0002" + "0002" + "000009c4" + "00001d4c" + // {0, 2} weights {2500, 7500}
		"0000" + "0000" // blank
	require.Equal(t, want, hex.EncodeToString(bz))
	require.Equal(t, "aae07a7f5dc70b7e588f94a8a251e53ec384e68f82ec148a6ffa66d99c062f2b", hex.EncodeToString(types.BallotHash(bz)))
	require.Equal(t, "e49ece8d03c21d6e1030ab22cfa1c270a97c1589a4391613c9f030c778b6f0d8"+
		"5cc3600236bdaa82c780820e5e7b7816945d06659661e8178764208a9cfa1f05", hex.EncodeToString(b.Signature))

	// Independently of the Cosmos key type: ECDSA over SHA-256 of the bytes.
	pub, err := dcrsecp.ParsePubKey(b.VoterPubKey)
	require.NoError(t, err)
	var r, s dcrsecp.ModNScalar
	require.False(t, r.SetByteSlice(b.Signature[:32]))
	require.False(t, s.SetByteSlice(b.Signature[32:]))
	digest := sha256.Sum256(bz)
	require.True(t, dcrecdsa.NewSignature(&r, &s).Verify(digest[:], pub))
	require.NoError(t, types.VerifyBallotSignature(b.VoterPubKey, bz, b.Signature))

	// High-s (malleated) signatures are refused.
	var highS dcrsecp.ModNScalar
	highS.Set(&s).Negate()
	hs := highS.Bytes()
	malleated := append(append([]byte{}, b.Signature[:32]...), hs[:]...)
	require.ErrorIs(t, types.VerifyBallotSignature(b.VoterPubKey, bz, malleated), types.ErrBadSignature)
}

func TestSignBytesRefusesWhatDoesNotFit(t *testing.T) {
	pub := make([]byte, 33)
	_, err := types.SignBytes("", 1, pub, 0, nil)
	require.ErrorIs(t, err, types.ErrInvalidBallot)
	_, err = types.SignBytes(string(make([]byte, 256)), 1, pub, 0, nil)
	require.ErrorIs(t, err, types.ErrInvalidBallot)
	_, err = types.SignBytes("c", 1, pub[:32], 0, nil)
	require.ErrorIs(t, err, types.ErrInvalidBallot)
	_, err = types.SignBytes("c", 1, pub, 0, []types.Answer{{Choices: []uint32{70000}}})
	require.ErrorIs(t, err, types.ErrInvalidAnswer)
	_, err = types.VoterAddress(append([]byte{0x04}, make([]byte, 32)...))
	require.ErrorIs(t, err, types.ErrInvalidBallot)
}
