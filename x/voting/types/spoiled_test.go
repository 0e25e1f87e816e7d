package types_test

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestSpoiledBallotAudit: a spoiled ballot (Benaloh's challenge) audits
// against its election after a JSON round trip; a client that encrypted
// another choice than it shows, showed another tracking code, used another
// key or election, or revealed malformed randomness is caught, each with
// the value that does not match.
func TestSpoiledBallotAudit(t *testing.T) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(99))
	e := &types.Election{Id: 4, ChainId: "civitas-1", Privacy: types.PRIVACY_SECRET,
		KeyCeremony: &types.KeyCeremony{Status: types.CEREMONY_STATUS_FINAL, ElectionKey: k.Encode(nil)},
		Questions: []types.Question{
			{Type: types.BALLOT_TYPE_SINGLE, Options: make([]types.Option, 3)},
			{Type: types.BALLOT_TYPE_APPROVAL, Options: make([]types.Option, 3), MinChoices: 1, MaxChoices: 2},
		}}
	pub := secp256k1.GenPrivKeyFromSecret([]byte("voter")).PubKey().Bytes()
	s, err := types.NewSpoiledBallot(rand.Reader, e, k, pub, 2, [][]uint64{{0, 0, 1}, {1, 1, 0}})
	require.NoError(t, err)
	bz, err := json.Marshal(s)
	require.NoError(t, err)
	require.Contains(t, string(bz), `"election_id":"4"`)
	fresh := func() *types.SpoiledBallot {
		var c types.SpoiledBallot
		require.NoError(t, json.Unmarshal(bz, &c))
		return &c
	}
	h, err := types.AuditSpoiledBallot(e, fresh())
	require.NoError(t, err)
	require.Equal(t, s.BallotHash, strings.ToUpper(hex.EncodeToString(h)))

	for name, c := range map[string]struct {
		change func(*types.SpoiledBallot, *types.Election)
		want   string
	}{
		"another choice shown": {func(s *types.SpoiledBallot, _ *types.Election) { s.Choices[0] = []uint64{1, 0, 0} },
			"question 1 option 1: the ciphertext is not the encryption of 1"},
		"another tracking code": {func(s *types.SpoiledBallot, _ *types.Election) { s.BallotHash = "00" + s.BallotHash[2:] },
			"not the tracking code 00"},
		"another counter": {func(s *types.SpoiledBallot, _ *types.Election) { s.Counter = 3 }, "not the tracking code"},
		"another key": {func(s *types.SpoiledBallot, e *types.Election) {
			e.KeyCeremony = &types.KeyCeremony{Status: types.CEREMONY_STATUS_FINAL, ElectionKey: secret.Generator().Encode(nil)}
		}, "the client used another key"},
		"another election":  {func(s *types.SpoiledBallot, _ *types.Election) { s.ElectionID = 5 }, "for election 5"},
		"a public election": {func(_ *types.SpoiledBallot, e *types.Election) { e.Privacy = types.PRIVACY_PUBLIC }, "not a secret election"},
		"another version":   {func(s *types.SpoiledBallot, _ *types.Election) { s.Version = "v0" }, `version "v0"`},
		"a choice of 2":     {func(s *types.SpoiledBallot, _ *types.Election) { s.Choices[1][2] = 2 }, "question 2 option 3: a choice is 0 or 1"},
		"non-canonical randomness": {func(s *types.SpoiledBallot, _ *types.Election) { s.Randomness[1][0] = strings.Repeat("ff", 32) },
			"question 2 option 1: randomness: not a canonical scalar"},
		"missing randomness": {func(s *types.SpoiledBallot, _ *types.Election) { s.Randomness[0] = s.Randomness[0][:2] },
			"question 1: 3 choices and 2 randomness values"},
		"a swapped ciphertext": {func(s *types.SpoiledBallot, _ *types.Election) {
			s.EncryptedAnswers[0].Ciphertexts[0], s.EncryptedAnswers[0].Ciphertexts[2] = s.EncryptedAnswers[0].Ciphertexts[2], s.EncryptedAnswers[0].Ciphertexts[0]
		}, "question 0"},
	} {
		t.Run(name, func(t *testing.T) {
			s2, e2 := fresh(), *e
			c.change(s2, &e2)
			_, err := types.AuditSpoiledBallot(&e2, s2)
			require.Error(t, err)
			require.Contains(t, err.Error(), c.want)
		})
	}
}

// TestSpoiledBallotMalformed: a record with fewer option proofs than
// ciphertexts, or far too many ciphertexts, is refused without a panic.
func TestSpoiledBallotMalformed(t *testing.T) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(5))
	e := &types.Election{Id: 1, ChainId: "c", Privacy: types.PRIVACY_SECRET,
		KeyCeremony: &types.KeyCeremony{Status: types.CEREMONY_STATUS_FINAL, ElectionKey: k.Encode(nil)},
		Questions:   []types.Question{{Type: types.BALLOT_TYPE_SINGLE, Options: make([]types.Option, 2)}}}
	pub := secp256k1.GenPrivKeyFromSecret([]byte("v")).PubKey().Bytes()
	s, err := types.NewSpoiledBallot(rand.Reader, e, k, pub, 1, [][]uint64{{1, 0}})
	require.NoError(t, err)
	s.EncryptedAnswers[0].OptionProofs = s.EncryptedAnswers[0].OptionProofs[:1]
	_, err = types.AuditSpoiledBallot(e, s)
	require.ErrorIs(t, err, types.ErrInvalidAnswer)
	_, err = s.EncryptedAnswers[0].Selection()
	require.ErrorIs(t, err, types.ErrInvalidAnswer)
	s.EncryptedAnswers[0].Ciphertexts = make([][]byte, 100000)
	_, err = types.AuditSpoiledBallot(e, s)
	require.ErrorIs(t, err, types.ErrInvalidAnswer)
	s.ElectionKey = hex.EncodeToString(secret.Zero().A.Encode(nil))
	e.KeyCeremony.ElectionKey = secret.Zero().A.Encode(nil)
	_, err = types.AuditSpoiledBallot(e, s)
	require.ErrorContains(t, err, "not a valid key")
}
