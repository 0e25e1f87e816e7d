package types

import (
	"crypto/sha256"
	"encoding/binary"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// SignDomain opens the sign bytes of a ballot (version 1: answers in the clear).
const SignDomain = "civitas/ballot/v1"

// Sizes of a ballot's key material.
const (
	PubKeySize    = 33
	SignatureSize = 64
	// MaxChainIDLength fits the one-byte length in the sign bytes.
	MaxChainIDLength = 255
	// MaxListLength fits the two-byte counts in the sign bytes.
	MaxListLength = 65535
)

// BasisPoints is the whole of a voter's weight in a WEIGHTED answer.
const BasisPoints = 10000

// SignBytes returns the bytes a voter signs (README, "Sign bytes"):
//
//	"civitas/ballot/v1"            17 bytes, ASCII
//	len(chain id)                   1 byte
//	chain id                        ASCII
//	election id                     8 bytes, big-endian
//	voter public key               33 bytes, compressed secp256k1
//	counter                         4 bytes, big-endian
//	number of answers               2 bytes, big-endian
//	for each answer:
//	  number of choices             2 bytes, big-endian
//	  each choice                   2 bytes, big-endian (option index)
//	  number of weights             2 bytes, big-endian
//	  each weight                   4 bytes, big-endian (basis points)
//
// The signature is ECDSA secp256k1 over SHA-256(sign bytes), 64 bytes r‖s
// with s in the lower half of the order (as Cosmos transactions).
// It fails only on lengths that do not fit the layout.
func SignBytes(chainID string, electionID uint64, pubKey []byte, counter uint32, answers []Answer) ([]byte, error) {
	n := 0
	for i, a := range answers {
		if len(a.Choices) > MaxListLength || len(a.Weights) > MaxListLength {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "answer %d: too many choices or weights", i)
		}
		n += 4 + 2*len(a.Choices) + 4*len(a.Weights)
	}
	bz, err := signHeader(SignDomain, chainID, electionID, pubKey, counter, len(answers), n)
	if err != nil {
		return nil, err
	}
	for i, a := range answers {
		bz = binary.BigEndian.AppendUint16(bz, uint16(len(a.Choices)))
		for _, c := range a.Choices {
			if c > MaxListLength {
				return nil, errorsmod.Wrapf(ErrInvalidAnswer, "answer %d: option %d does not exist", i, c)
			}
			bz = binary.BigEndian.AppendUint16(bz, uint16(c))
		}
		bz = binary.BigEndian.AppendUint16(bz, uint16(len(a.Weights)))
		for _, w := range a.Weights {
			bz = binary.BigEndian.AppendUint32(bz, w)
		}
	}
	return bz, nil
}

// signHeader checks and writes the part both sign-byte versions share:
// domain, chain id (1-byte length), election id, voter public key, counter
// and the number of answers; body is the size of what follows.
func signHeader(domain, chainID string, electionID uint64, pubKey []byte, counter uint32, answers, body int) ([]byte, error) {
	if len(chainID) == 0 || len(chainID) > MaxChainIDLength {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "chain id must be 1 to %d bytes, got %d", MaxChainIDLength, len(chainID))
	}
	if len(pubKey) != PubKeySize {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "voter_pub_key must be %d bytes (compressed secp256k1), got %d", PubKeySize, len(pubKey))
	}
	if answers > MaxListLength {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "%d answers: at most %d", answers, MaxListLength)
	}
	bz := make([]byte, 0, len(domain)+1+len(chainID)+8+PubKeySize+4+2+body)
	bz = append(bz, domain...)
	bz = append(bz, byte(len(chainID)))
	bz = append(bz, chainID...)
	bz = binary.BigEndian.AppendUint64(bz, electionID)
	bz = append(bz, pubKey...)
	bz = binary.BigEndian.AppendUint32(bz, counter)
	return binary.BigEndian.AppendUint16(bz, uint16(answers)), nil
}

// BallotHash is the hash in a receipt: SHA-256 of the sign bytes.
func BallotHash(signBytes []byte) []byte {
	h := sha256.Sum256(signBytes)
	return h[:]
}

// VoterAddress returns the account address of a ballot's public key (the
// address a Cosmos account with that key has), or an error for a key that is
// not a compressed secp256k1 point encoding.
func VoterAddress(pubKey []byte) (sdk.AccAddress, error) {
	if len(pubKey) != PubKeySize || (pubKey[0] != 0x02 && pubKey[0] != 0x03) {
		return nil, errorsmod.Wrapf(ErrInvalidBallot, "voter_pub_key must be a %d-byte compressed secp256k1 key", PubKeySize)
	}
	pk := secp256k1.PubKey{Key: pubKey}
	return sdk.AccAddress(pk.Address()), nil
}

// VerifyBallotSignature checks sig over signBytes with the compressed key.
func VerifyBallotSignature(pubKey, signBytes, sig []byte) error {
	if len(sig) != SignatureSize {
		return errorsmod.Wrapf(ErrBadSignature, "signature must be %d bytes, got %d", SignatureSize, len(sig))
	}
	pk := secp256k1.PubKey{Key: pubKey}
	if !pk.VerifySignature(signBytes, sig) {
		return ErrBadSignature
	}
	return nil
}

// ValidateAnswer checks an answer against its question. An answer with no
// choices and no weights is blank (returned true).
func ValidateAnswer(q *Question, a *Answer) (blank bool, err error) {
	if len(a.Choices) == 0 {
		if len(a.Weights) != 0 {
			return false, errorsmod.Wrap(ErrInvalidAnswer, "weights without choices")
		}
		return true, nil
	}
	nOpts := uint32(len(q.Options))
	n := uint32(len(a.Choices))
	for _, c := range a.Choices {
		if c >= nOpts {
			return false, errorsmod.Wrapf(ErrInvalidAnswer, "option %d does not exist (%d options)", c, nOpts)
		}
	}
	increasing := func() error {
		for i := 1; i < len(a.Choices); i++ {
			if a.Choices[i] <= a.Choices[i-1] {
				return errorsmod.Wrapf(ErrInvalidAnswer, "choices must be distinct and in increasing order, got %v", a.Choices)
			}
		}
		return nil
	}
	bounds := func() error {
		if n < q.MinChoices || n > q.MaxChoices {
			return errorsmod.Wrapf(ErrInvalidAnswer, "%d options chosen: must be from %d to %d", n, q.MinChoices, q.MaxChoices)
		}
		return nil
	}
	if q.Type != BALLOT_TYPE_WEIGHTED && len(a.Weights) != 0 {
		return false, errorsmod.Wrapf(ErrInvalidAnswer, "weights are only for %s questions", BALLOT_TYPE_WEIGHTED)
	}
	switch q.Type {
	case BALLOT_TYPE_SINGLE:
		if n != 1 {
			return false, errorsmod.Wrapf(ErrInvalidAnswer, "a single-choice answer has one option, got %d", n)
		}
	case BALLOT_TYPE_APPROVAL:
		if err := increasing(); err != nil {
			return false, err
		}
		return false, bounds()
	case BALLOT_TYPE_BUDGET:
		if err := increasing(); err != nil {
			return false, err
		}
		if err := bounds(); err != nil {
			return false, err
		}
		if q.WithinEnvelope {
			var total uint64
			for _, c := range a.Choices {
				total += q.Options[c].Cost // costs are bounded (ValidateQuestion): no overflow
			}
			if total > q.Envelope {
				return false, errorsmod.Wrapf(ErrInvalidAnswer, "projects cost %d, over the envelope of %d", total, q.Envelope)
			}
		}
	case BALLOT_TYPE_RANKED:
		seen := make([]bool, nOpts)
		for _, c := range a.Choices {
			if seen[c] {
				return false, errorsmod.Wrapf(ErrInvalidAnswer, "ranking %v names option %d twice: ranks must be distinct options", a.Choices, c)
			}
			seen[c] = true
		}
		return false, bounds()
	case BALLOT_TYPE_WEIGHTED:
		if err := increasing(); err != nil {
			return false, err
		}
		if len(a.Weights) != len(a.Choices) {
			return false, errorsmod.Wrapf(ErrInvalidAnswer, "%d weights for %d choices", len(a.Weights), len(a.Choices))
		}
		var sum uint64
		for _, w := range a.Weights {
			if w == 0 {
				return false, errorsmod.Wrap(ErrInvalidAnswer, "a weight must be positive")
			}
			sum += uint64(w)
		}
		if sum != BasisPoints {
			return false, errorsmod.Wrapf(ErrInvalidAnswer, "weights sum to %d basis points, must be %d", sum, BasisPoints)
		}
	default:
		return false, errorsmod.Wrapf(ErrInvalidAnswer, "question type %s", q.Type)
	}
	return false, nil
}

// ValidateAnswers checks a ballot's answers against the election's questions.
func ValidateAnswers(e *Election, answers []Answer) error {
	if len(answers) != len(e.Questions) {
		return errorsmod.Wrapf(ErrInvalidAnswer, "%d answers for %d questions", len(answers), len(e.Questions))
	}
	for i := range answers {
		if _, err := ValidateAnswer(&e.Questions[i], &answers[i]); err != nil {
			return errorsmod.Wrapf(err, "question %d", i)
		}
	}
	return nil
}

// SignBallot signs a ballot with a voter's key (for clients: the CLI, the
// load generator, tests). proof is nil for a registry census.
func SignBallot(key *secp256k1.PrivKey, chainID string, electionID uint64, counter uint32, answers []Answer, proof *CensusProof) (SignedBallot, error) {
	pub := key.PubKey().Bytes()
	bz, err := SignBytes(chainID, electionID, pub, counter, answers)
	if err != nil {
		return SignedBallot{}, err
	}
	sig, err := key.Sign(bz)
	if err != nil {
		return SignedBallot{}, err
	}
	return SignedBallot{ElectionId: electionID, VoterPubKey: pub, Counter: counter, Answers: answers, Signature: sig, CensusProof: proof}, nil
}
