package types_test

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestSecretBallot: a voter's client encrypts and signs a two-question
// secret ballot; the signature covers every byte, the proofs verify for
// that voter only, and questions without a secret form are refused.
func TestSecretBallot(t *testing.T) {
	e := &types.Election{Id: 7, ChainId: "civitas-1", Questions: []types.Question{
		{Title: "Mayor", Type: types.BALLOT_TYPE_SINGLE, Options: make([]types.Option, 4)},
		{Title: "Parks", Type: types.BALLOT_TYPE_APPROVAL, Options: make([]types.Option, 3), MinChoices: 1, MaxChoices: 2},
	}}
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(424242))
	key := secp256k1.GenPrivKeyFromSecret([]byte("voter"))
	voter := key.PubKey().Address()
	b, err := types.SignSecretBallot(rand.Reader, key, e, k, 3, [][]uint64{{0, 0, 1, 0}, {1, 0, 1}}, nil)
	require.NoError(t, err)
	sb, err := types.SecretSignBytes(e.ChainId, e.Id, b.VoterPubKey, b.Counter, b.EncryptedAnswers)
	require.NoError(t, err)
	require.NoError(t, types.VerifyBallotSignature(b.VoterPubKey, sb, b.Signature))
	require.Equal(t, types.SecretSignDomain, string(sb[:len(types.SecretSignDomain)]))

	check := func(voter []byte, answers []types.EncryptedAnswer) error {
		bt := secret.NewBatch(k)
		if err := types.AddSecretAnswers(bt, e, voter, answers); err != nil {
			return err
		}
		return bt.Verify()
	}
	require.NoError(t, check(voter, b.EncryptedAnswers))
	require.Error(t, check([]byte("another voter's address"), b.EncryptedAnswers), "proofs are bound to the voter")
	require.Error(t, check(voter, b.EncryptedAnswers[:1]), "one answer per question")

	// A relayer changing a ciphertext breaks the signature (and the proof).
	tampered := make([]types.EncryptedAnswer, len(b.EncryptedAnswers))
	copy(tampered, b.EncryptedAnswers)
	tampered[0].Ciphertexts = append([][]byte{}, b.EncryptedAnswers[0].Ciphertexts...)
	tampered[0].Ciphertexts[1] = b.EncryptedAnswers[0].Ciphertexts[2]
	sb2, err := types.SecretSignBytes(e.ChainId, e.Id, b.VoterPubKey, b.Counter, tampered)
	require.NoError(t, err)
	require.Error(t, types.VerifyBallotSignature(b.VoterPubKey, sb2, b.Signature))
	require.Error(t, check(voter, tampered))

	// Two choices in the single-choice question cannot be proven; three in
	// the approval (max 2) neither; a blank single choice can.
	_, err = types.SignSecretBallot(rand.Reader, key, e, k, 4, [][]uint64{{1, 1, 0, 0}, {1, 0, 0}}, nil)
	require.Error(t, err)
	_, err = types.SignSecretBallot(rand.Reader, key, e, k, 4, [][]uint64{{0, 1, 0, 0}, {1, 1, 1}}, nil)
	require.Error(t, err)
	blank, err := types.SignSecretBallot(rand.Reader, key, e, k, 4, [][]uint64{{0, 0, 0, 0}, {0, 0, 0}}, nil)
	require.NoError(t, err)
	require.NoError(t, check(voter, blank.EncryptedAnswers))

	// Malformed sizes are refused before any decoding.
	bad := []types.EncryptedAnswer{{Ciphertexts: [][]byte{make([]byte, 63)}, OptionProofs: [][]byte{make([]byte, 256)}, CountProof: make([]byte, 128)}}
	_, err = types.SecretSignBytes(e.ChainId, e.Id, b.VoterPubKey, 1, bad)
	require.ErrorIs(t, err, types.ErrInvalidAnswer)
	bad[0].Ciphertexts[0], bad[0].CountProof = make([]byte, 64), make([]byte, 100)
	_, err = types.SecretSignBytes(e.ChainId, e.Id, b.VoterPubKey, 1, bad)
	require.ErrorIs(t, err, types.ErrInvalidAnswer)

	for _, q := range []types.Question{{Type: types.BALLOT_TYPE_RANKED}, {Type: types.BALLOT_TYPE_WEIGHTED}, {Type: types.BALLOT_TYPE_APPROVAL, MinChoices: 1, MaxChoices: 70}} {
		_, _, err := types.CountRange(&q)
		require.ErrorIs(t, err, types.ErrInvalidElection, "%s", q.Type)
	}
	lo, hi, err := types.CountRange(&types.Question{Type: types.BALLOT_TYPE_APPROVAL, MinChoices: 2, MaxChoices: 3})
	require.NoError(t, err)
	require.Equal(t, [2]uint64{2, 3}, [2]uint64{lo, hi}, "no blank when at least 2 must be chosen")
}
