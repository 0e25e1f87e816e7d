package types

import (
	"bytes"
	"encoding/hex"
	"io"
	"strings"

	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// SpoiledVersion names the spoiled-ballot record (README, "Spoiled ballots").
const SpoiledVersion = "civitas/spoiled-ballot/v1"

// SpoiledBallot is what a voter's client reveals when the voter spoils an
// encrypted ballot (Benaloh's challenge): the ballot as it would have been
// signed, the choices, and the randomness of every option's ciphertext.
// Anyone holding it can recompute the ciphertexts, so a spoiled ballot is
// never cast; the voter casts a freshly encrypted one.
type SpoiledBallot struct {
	Version          string            `json:"version"`
	ChainID          string            `json:"chain_id"`
	ElectionID       uint64            `json:"election_id,string"`
	VoterPubKey      []byte            `json:"voter_pub_key"`
	Counter          uint32            `json:"counter"`
	ElectionKey      string            `json:"election_key"` // hex, 32 bytes
	EncryptedAnswers []EncryptedAnswer `json:"encrypted_answers"`
	Choices          [][]uint64        `json:"choices"`     // per question, 0 or 1 per option
	Randomness       [][]string        `json:"randomness"`  // per question, per option: r as 32 hex bytes (little-endian scalar)
	BallotHash       string            `json:"ballot_hash"` // hex: the tracking code the client showed
}

// NewSpoiledBallot encrypts choices as a voter's client would for the
// voter whose compressed public key is pub, and reveals them with their
// randomness: a ballot to audit, never to cast (sign-ballot --spoil).
func NewSpoiledBallot(rnd io.Reader, e *Election, k *secret.Element, pub []byte, counter uint32, choices [][]uint64) (*SpoiledBallot, error) {
	voter, err := VoterAddress(pub)
	if err != nil {
		return nil, err
	}
	answers, randomness, err := encryptAnswers(rnd, e, k, voter, choices)
	if err != nil {
		return nil, err
	}
	sb, err := SecretSignBytes(e.ChainId, e.Id, pub, counter, answers)
	if err != nil {
		return nil, err
	}
	s := &SpoiledBallot{
		Version: SpoiledVersion, ChainID: e.ChainId, ElectionID: e.Id, VoterPubKey: pub, Counter: counter,
		ElectionKey: hex.EncodeToString(k.Encode(nil)), EncryptedAnswers: answers, Choices: choices,
		Randomness: make([][]string, len(randomness)), BallotHash: strings.ToUpper(hex.EncodeToString(BallotHash(sb))),
	}
	for i, rs := range randomness {
		for _, r := range rs {
			s.Randomness[i] = append(s.Randomness[i], hex.EncodeToString(r.Encode(nil)))
		}
	}
	return s, nil
}

// AuditSpoiledBallot checks a spoiled ballot against its election: it is
// for this election, chain and key; its proofs hold (the chain would have
// counted it); every ciphertext is the encryption of the revealed choice
// with the revealed randomness; and its sign bytes hash to the tracking code
// the client showed before the voter chose to spoil it. It returns that
// hash. An error names the first value that does not match.
func AuditSpoiledBallot(e *Election, s *SpoiledBallot) ([]byte, error) {
	if s.Version != SpoiledVersion {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "version %q: not a %s record", s.Version, SpoiledVersion)
	}
	if e.Privacy != PRIVACY_SECRET || e.KeyCeremony == nil || e.KeyCeremony.Status != CEREMONY_STATUS_FINAL {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "election %d is not a secret election with a key", e.Id)
	}
	if s.ElectionID != e.Id || s.ChainID != e.ChainId {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "the record is for election %d on %q, not election %d on %q", s.ElectionID, s.ChainID, e.Id, e.ChainId)
	}
	key, err := hex.DecodeString(s.ElectionKey)
	if err != nil || !bytes.Equal(key, e.KeyCeremony.ElectionKey) {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "the ballot was encrypted under the key %s, the election's is %X: the client used another key", s.ElectionKey, e.KeyCeremony.ElectionKey)
	}
	k, err := secret.DecodeElement(key, "election key")
	if err != nil || k.Equal(secret.Zero().A) == 1 {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "the election key %s is not a valid key", s.ElectionKey)
	}
	voter, err := VoterAddress(s.VoterPubKey)
	if err != nil {
		return nil, err
	}
	// The sign bytes first: they bound every length before any decoding.
	sb, err := SecretSignBytes(e.ChainId, e.Id, s.VoterPubKey, s.Counter, s.EncryptedAnswers)
	if err != nil {
		return nil, err
	}
	bt := secret.NewBatch(k)
	if err := AddSecretAnswers(bt, e, voter, s.EncryptedAnswers); err != nil {
		return nil, err
	}
	if err := bt.Verify(); err != nil {
		return nil, errorsmod.Wrap(ErrInvalidAnswer, err.Error())
	}
	if len(s.Choices) != len(e.Questions) || len(s.Randomness) != len(e.Questions) {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "%d choices and %d randomness lists for %d questions", len(s.Choices), len(s.Randomness), len(e.Questions))
	}
	for i := range s.EncryptedAnswers {
		a := &s.EncryptedAnswers[i]
		if len(s.Choices[i]) != len(a.Ciphertexts) || len(s.Randomness[i]) != len(a.Ciphertexts) {
			return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d: %d choices and %d randomness values for %d options", i+1, len(s.Choices[i]), len(s.Randomness[i]), len(a.Ciphertexts))
		}
		for j, m := range s.Choices[i] {
			if m > 1 {
				return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d option %d: a choice is 0 or 1, got %d", i+1, j+1, m)
			}
			rb, err := hex.DecodeString(s.Randomness[i][j])
			if err != nil {
				return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d option %d: randomness is not hex", i+1, j+1)
			}
			r, err := secret.DecodeScalar(rb, "randomness")
			if err != nil {
				return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d option %d: %s", i+1, j+1, err)
			}
			ct, err := secret.DecodeCiphertext(a.Ciphertexts[j])
			if err != nil {
				return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d option %d: %s", i+1, j+1, err)
			}
			if !secret.Encrypt(k, m, r).Equal(ct) {
				return nil, errorsmod.Wrapf(ErrInvalidBallot, "question %d option %d: the ciphertext is not the encryption of %d with the revealed randomness: the client did not encrypt the choice it shows", i+1, j+1, m)
			}
		}
	}
	h := BallotHash(sb)
	if !strings.EqualFold(hex.EncodeToString(h), strings.ReplaceAll(s.BallotHash, " ", "")) {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "the ballot hashes to %X, not the tracking code %s the client showed", h, s.BallotHash)
	}
	return h, nil
}
