package types_test

import (
	"crypto/rand"
	"encoding/json"
	"testing"

	"github.com/gtank/ristretto255"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// fuzzElection is a secret election of two questions for the fuzz targets.
func fuzzElection() (*types.Election, *secret.Element) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(11))
	return &types.Election{Id: 3, ChainId: "civitas-1", Privacy: types.PRIVACY_SECRET,
		KeyCeremony: &types.KeyCeremony{Status: types.CEREMONY_STATUS_FINAL, ElectionKey: k.Encode(nil)},
		Questions: []types.Question{
			{Type: types.BALLOT_TYPE_SINGLE, Options: make([]types.Option, 3)},
			{Type: types.BALLOT_TYPE_APPROVAL, Options: make([]types.Option, 3), MinChoices: 1, MaxChoices: 2},
		}}, k
}

// FuzzSignedBallot: any bytes decoded as a SignedBallot (what a relayer
// sends) go through the sign bytes of both versions, the decoding of its
// encrypted answers and their proof checks without a panic; a ballot whose
// sign bytes are refused is never verified.
func FuzzSignedBallot(f *testing.F) {
	e, k := fuzzElection()
	key := secp256k1.GenPrivKeyFromSecret([]byte("fuzz voter"))
	pub, err := types.SignBallot(key, "civitas-1", 3, 1, []types.Answer{{Choices: []uint32{1}}, {Choices: []uint32{0, 2}}}, nil)
	if err != nil {
		f.Fatal(err)
	}
	sec, err := types.SignSecretBallot(rand.Reader, key, e, k, 2, [][]uint64{{0, 1, 0}, {1, 0, 1}}, &types.CensusProof{Weight: 1, Siblings: [][]byte{make([]byte, 32)}})
	if err != nil {
		f.Fatal(err)
	}
	for _, b := range []types.SignedBallot{pub, sec} {
		bz, err := b.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	f.Add([]byte{0x3a, 0x02, 0x0a, 0x00})
	f.Fuzz(func(t *testing.T, bz []byte) {
		var b types.SignedBallot
		if b.Unmarshal(bz) != nil {
			return
		}
		_, _ = types.SignBytes("civitas-1", b.ElectionId, b.VoterPubKey, b.Counter, b.Answers)
		if _, err := types.SecretSignBytes("civitas-1", b.ElectionId, b.VoterPubKey, b.Counter, b.EncryptedAnswers); err != nil {
			return // the chain refuses it before any decoding
		}
		for i := range b.EncryptedAnswers {
			_, _ = b.EncryptedAnswers[i].Selection()
		}
		bt := secret.NewBatch(k)
		if types.AddSecretAnswers(bt, e, b.VoterPubKey, b.EncryptedAnswers) == nil {
			_ = bt.Verify()
		}
	})
}

// FuzzSpoiledBallot: any JSON given to audit-ballot is audited or refused
// with an error, never a panic, and a record that passes re-encrypts.
func FuzzSpoiledBallot(f *testing.F) {
	e, k := fuzzElection()
	pub := secp256k1.GenPrivKeyFromSecret([]byte("fuzz voter")).PubKey().Bytes()
	s, err := types.NewSpoiledBallot(rand.Reader, e, k, pub, 1, [][]uint64{{0, 0, 1}, {0, 1, 0}})
	if err != nil {
		f.Fatal(err)
	}
	bz, _ := json.Marshal(s)
	f.Add(bz)
	f.Add([]byte(`{"version":"civitas/spoiled-ballot/v1","election_id":"3","chain_id":"civitas-1","choices":[[1]],"randomness":[["00"]]}`))
	f.Fuzz(func(t *testing.T, bz []byte) {
		var s types.SpoiledBallot
		if json.Unmarshal(bz, &s) != nil {
			return
		}
		_, _ = types.AuditSpoiledBallot(e, &s)
	})
}
