package types

import (
	"encoding/binary"
	"io"

	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// SecretSignDomain opens the sign bytes of a secret ballot (version 2).
const SecretSignDomain = "civitas/ballot/v2-secret"

// optionProofSize is a [0, 1] range proof's size.
const optionProofSize = 2 * secret.BranchSize

// SecretSignBytes returns the bytes a voter signs for a secret ballot
// (README, "Secret ballots: sign bytes"):
//
//	"civitas/ballot/v2-secret"     24 bytes, ASCII
//	len(chain id), chain id         1 byte, ASCII
//	election id                     8 bytes, big-endian
//	voter public key               33 bytes, compressed secp256k1
//	counter                         4 bytes, big-endian
//	number of answers               2 bytes, big-endian
//	for each answer:
//	  number of options             2 bytes, big-endian
//	  each option: ciphertext A‖B  64 bytes, then its [0, 1] proof 256 bytes
//	  number of count-proof values  2 bytes, big-endian
//	  count proof                 128 bytes per value
//
// Everything the chain counts or checks is signed: no relayer can alter a
// ciphertext or a proof.
func SecretSignBytes(chainID string, electionID uint64, pubKey []byte, counter uint32, answers []EncryptedAnswer) ([]byte, error) {
	n := 0
	for i := range answers {
		a := &answers[i]
		if len(a.Ciphertexts) > MaxListLength || len(a.OptionProofs) != len(a.Ciphertexts) {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "encrypted answer %d: %d ciphertexts and %d proofs", i, len(a.Ciphertexts), len(a.OptionProofs))
		}
		for j := range a.Ciphertexts {
			if len(a.Ciphertexts[j]) != secret.CiphertextSize || len(a.OptionProofs[j]) != optionProofSize {
				return nil, errorsmod.Wrapf(ErrInvalidAnswer, "encrypted answer %d option %d: a ciphertext is %d bytes and its proof %d",
					i, j, secret.CiphertextSize, optionProofSize)
			}
		}
		if len(a.CountProof) == 0 || len(a.CountProof)%secret.BranchSize != 0 || len(a.CountProof)/secret.BranchSize > secret.MaxRangeBranches {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "encrypted answer %d: the count proof is 1 to %d blocks of %d bytes, got %d bytes",
				i, secret.MaxRangeBranches, secret.BranchSize, len(a.CountProof))
		}
		n += 2 + len(a.Ciphertexts)*(secret.CiphertextSize+optionProofSize) + 2 + len(a.CountProof)
	}
	bz, err := signHeader(SecretSignDomain, chainID, electionID, pubKey, counter, len(answers), n)
	if err != nil {
		return nil, err
	}
	for i := range answers {
		a := &answers[i]
		bz = binary.BigEndian.AppendUint16(bz, uint16(len(a.Ciphertexts)))
		for j := range a.Ciphertexts {
			bz = append(bz, a.Ciphertexts[j]...)
			bz = append(bz, a.OptionProofs[j]...)
		}
		bz = binary.BigEndian.AppendUint16(bz, uint16(len(a.CountProof)/secret.BranchSize))
		bz = append(bz, a.CountProof...)
	}
	return bz, nil
}

// CountRange is the count of chosen options an encrypted answer to q proves
// (README, "Secret ballots"): 0..1 for a single choice; 0..max for approval
// and budget questions whose minimum is at most 1 (blank allowed), min..max
// otherwise. Ranked and weighted questions have no secret form.
func CountRange(q *Question) (lo, hi uint64, err error) {
	switch q.Type {
	case BALLOT_TYPE_SINGLE:
		return 0, 1, nil
	case BALLOT_TYPE_APPROVAL, BALLOT_TYPE_BUDGET:
		lo, hi = uint64(q.MinChoices), uint64(q.MaxChoices)
		if lo <= 1 {
			lo = 0
		}
		if hi-lo >= secret.MaxRangeBranches {
			return 0, 0, errorsmod.Wrapf(ErrInvalidElection, "a secret %s question allows at most %d counts, %d..%d is too wide", q.Type, secret.MaxRangeBranches, lo, hi)
		}
		return lo, hi, nil
	default:
		return 0, 0, errorsmod.Wrapf(ErrInvalidElection, "%s questions cannot be secret (public only)", q.Type)
	}
}

// Selection decodes an encrypted answer.
func (a *EncryptedAnswer) Selection() (*secret.EncryptedSelection, error) {
	if len(a.Ciphertexts) > MaxListLength || len(a.OptionProofs) != len(a.Ciphertexts) {
		return nil, errorsmod.Wrapf(ErrInvalidAnswer, "%d ciphertexts and %d option proofs (at most %d, one each)", len(a.Ciphertexts), len(a.OptionProofs), MaxListLength)
	}
	s := &secret.EncryptedSelection{}
	for j := range a.Ciphertexts {
		ct, err := secret.DecodeCiphertext(a.Ciphertexts[j])
		if err != nil {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "option %d: %s", j, err)
		}
		p, err := secret.DecodeRangeProof(a.OptionProofs[j], 2)
		if err != nil {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "option %d: %s", j, err)
		}
		s.Options, s.OptionProofs = append(s.Options, ct), append(s.OptionProofs, p)
	}
	p, err := secret.DecodeRangeProof(a.CountProof, len(a.CountProof)/secret.BranchSize)
	if err != nil {
		return nil, errorsmod.Wrapf(ErrInvalidAnswer, "count proof: %s", err)
	}
	s.CountProof = p
	return s, nil
}

// AddSecretAnswers adds the proofs of a voter's encrypted answers to a batch
// (all questions of the election, in order).
func AddSecretAnswers(bt *secret.Batch, e *Election, voter []byte, answers []EncryptedAnswer) error {
	if len(answers) != len(e.Questions) {
		return errorsmod.Wrapf(ErrInvalidAnswer, "%d encrypted answers for %d questions", len(answers), len(e.Questions))
	}
	for i := range answers {
		q := &e.Questions[i]
		lo, hi, err := CountRange(q)
		if err != nil {
			return err
		}
		s, err := answers[i].Selection()
		if err != nil {
			return errorsmod.Wrapf(err, "question %d", i)
		}
		if len(s.CountProof.A) != int(hi-lo+1) {
			return errorsmod.Wrapf(ErrInvalidAnswer, "question %d: the count proof covers %d values, the question %d..%d", i, len(s.CountProof.A), lo, hi)
		}
		if err := bt.AddSelection(s, len(q.Options), lo, hi, secret.BallotContext(e.ChainId, e.Id, voter, uint32(i))); err != nil {
			return errorsmod.Wrapf(ErrInvalidAnswer, "question %d: %s", i, err)
		}
	}
	return nil
}

// EncryptAnswers is a voter's client: it encrypts choices (per question,
// one 0/1 per option) under the election key k and proves them.
func EncryptAnswers(rnd io.Reader, e *Election, k *secret.Element, voter []byte, choices [][]uint64) ([]EncryptedAnswer, error) {
	out, _, err := encryptAnswers(rnd, e, k, voter, choices)
	return out, err
}

// encryptAnswers also returns each option's randomness (for a spoiled ballot).
func encryptAnswers(rnd io.Reader, e *Election, k *secret.Element, voter []byte, choices [][]uint64) ([]EncryptedAnswer, [][]*secret.Scalar, error) {
	if len(choices) != len(e.Questions) {
		return nil, nil, errorsmod.Wrapf(ErrInvalidAnswer, "%d answers for %d questions", len(choices), len(e.Questions))
	}
	out := make([]EncryptedAnswer, len(choices))
	randomness := make([][]*secret.Scalar, len(choices))
	for i, c := range choices {
		q := &e.Questions[i]
		lo, hi, err := CountRange(q)
		if err != nil {
			return nil, nil, err
		}
		if len(c) != len(q.Options) {
			return nil, nil, errorsmod.Wrapf(ErrInvalidAnswer, "question %d: %d choices for %d options", i, len(c), len(q.Options))
		}
		s, err := secret.EncryptSelection(rnd, k, c, lo, hi, secret.BallotContext(e.ChainId, e.Id, voter, uint32(i)))
		if err != nil {
			return nil, nil, errorsmod.Wrapf(ErrInvalidAnswer, "question %d: %s", i, err)
		}
		for j := range s.Options {
			out[i].Ciphertexts = append(out[i].Ciphertexts, s.Options[j].Encode())
			out[i].OptionProofs = append(out[i].OptionProofs, s.OptionProofs[j].Encode())
		}
		out[i].CountProof = s.CountProof.Encode()
		randomness[i] = s.Randomness
	}
	return out, randomness, nil
}

// SignSecretBallot encrypts and signs a secret ballot with the voter's key.
func SignSecretBallot(rnd io.Reader, key *secp256k1.PrivKey, e *Election, k *secret.Element, counter uint32, choices [][]uint64, proof *CensusProof) (SignedBallot, error) {
	return SealSecretBallot(rnd, key.PubKey().Bytes(), key.Sign, e, k, counter, choices, proof)
}

// SealSecretBallot encrypts a voter's choices under the election key k,
// proves them and signs the sign bytes with sign (the voter's key, whose
// compressed public key is pub): a voter's client, for any signer.
func SealSecretBallot(rnd io.Reader, pub []byte, sign func([]byte) ([]byte, error), e *Election, k *secret.Element, counter uint32, choices [][]uint64, proof *CensusProof) (SignedBallot, error) {
	voter, err := VoterAddress(pub)
	if err != nil {
		return SignedBallot{}, err
	}
	answers, err := EncryptAnswers(rnd, e, k, voter, choices)
	if err != nil {
		return SignedBallot{}, err
	}
	sb, err := SecretSignBytes(e.ChainId, e.Id, pub, counter, answers)
	if err != nil {
		return SignedBallot{}, err
	}
	sig, err := sign(sb)
	if err != nil {
		return SignedBallot{}, err
	}
	if err := VerifyBallotSignature(pub, sb, sig); err != nil {
		return SignedBallot{}, errorsmod.Wrap(err, "the key did not sign as a ballot needs (is it a Ledger key?)")
	}
	return SignedBallot{ElectionId: e.Id, VoterPubKey: pub, Counter: counter, EncryptedAnswers: answers, Signature: sig, CensusProof: proof}, nil
}

// SecretChoices turns answers given as chosen options (Answer.choices) into
// a secret ballot's choices: per question, 1 for each chosen option and 0
// for the others. Ranked and weighted questions cannot be secret.
func SecretChoices(e *Election, answers []Answer) ([][]uint64, error) {
	if len(answers) != len(e.Questions) {
		return nil, errorsmod.Wrapf(ErrInvalidAnswer, "%d answers for %d questions", len(answers), len(e.Questions))
	}
	out := make([][]uint64, len(answers))
	for i, a := range answers {
		q := &e.Questions[i]
		if _, _, err := CountRange(q); err != nil {
			return nil, errorsmod.Wrapf(err, "question %d", i)
		}
		if len(a.Weights) != 0 {
			return nil, errorsmod.Wrapf(ErrInvalidAnswer, "question %d: a %s answer has no weights", i, q.Type)
		}
		out[i] = make([]uint64, len(q.Options))
		for _, c := range a.Choices {
			if int(c) >= len(q.Options) || out[i][c] == 1 {
				return nil, errorsmod.Wrapf(ErrInvalidAnswer, "question %d: option %d is not one of its %d options, or is chosen twice", i, c, len(q.Options))
			}
			out[i][c] = 1
		}
	}
	return out, nil
}

// NewEncryptedTally is a secret election's tally before any ballot: every
// option sum is the encryption of 0 with no randomness.
func NewEncryptedTally(e *Election) EncryptedTally {
	t := EncryptedTally{ElectionId: e.Id, Questions: make([]EncryptedTotals, len(e.Questions))}
	zero := secret.Zero().Encode()
	for qi, q := range e.Questions {
		for range q.Options {
			t.Questions[qi].Options = append(t.Questions[qi].Options, zero)
		}
	}
	return t
}
