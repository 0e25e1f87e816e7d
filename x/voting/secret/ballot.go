package secret

import (
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// EncryptedSelection is one question's encrypted answer: one ciphertext per
// option, each with a proof that it encrypts 0 or 1, and a proof that their
// sum encrypts a count within the question's [min, max] (exactly one for a
// single choice). The sum is not sent: anyone recomputes it.
type EncryptedSelection struct {
	Options      []Ciphertext
	OptionProofs []*RangeProof
	CountProof   *RangeProof
	// Randomness: each option's r, known to the voter's client only. It is
	// never sent with a ballot; revealing it spoils the ballot (Benaloh's
	// challenge: anyone can then recompute the ciphertexts from the choices).
	Randomness []*Scalar
}

// optionContext binds an option's proof to its place: ctx ‖ "option" ‖ i.
func optionContext(ctx []byte, i int) []byte {
	return binary.BigEndian.AppendUint32(append(append([]byte{}, ctx...), "option"...), uint32(i))
}

// countContext binds the count proof: ctx ‖ "count".
func countContext(ctx []byte) []byte { return append(append([]byte{}, ctx...), "count"...) }

// EncryptSelection encrypts choices (0 or 1 per option) under k and proves
// it well formed; min and max bound how many options are chosen. ctx names
// the ballot (README, "Secret ballots": chain id, election, voter, question).
func EncryptSelection(rnd io.Reader, k *Element, choices []uint64, min, max uint64, ctx []byte) (*EncryptedSelection, error) {
	if len(choices) == 0 || max < min || max > uint64(len(choices)) || max-min >= MaxRangeBranches {
		return nil, fmt.Errorf("selection of %d options within [%d, %d]: not a valid question", len(choices), min, max)
	}
	out := &EncryptedSelection{Options: make([]Ciphertext, len(choices)), OptionProofs: make([]*RangeProof, len(choices)), Randomness: make([]*Scalar, len(choices))}
	total := ristretto255.NewScalar()
	var count uint64
	sum := Zero()
	for i, m := range choices {
		if m > 1 {
			return nil, fmt.Errorf("option %d: a choice is 0 or 1, got %d", i, m)
		}
		r, err := RandomScalar(rnd)
		if err != nil {
			return nil, err
		}
		out.Options[i], out.Randomness[i] = Encrypt(k, m, r), r
		if out.OptionProofs[i], err = ProveRange(rnd, k, out.Options[i], m, r, 0, 1, optionContext(ctx, i)); err != nil {
			return nil, err
		}
		total.Add(total, r)
		count += m
		sum = sum.Add(out.Options[i])
	}
	var err error
	if out.CountProof, err = ProveRange(rnd, k, sum, count, total, min, max, countContext(ctx)); err != nil {
		return nil, fmt.Errorf("%d options chosen: %w", count, err)
	}
	return out, nil
}

// AddSelection adds the checks of an encrypted selection to a batch: every
// option encrypts 0 or 1, and their count lies in [min, max]. A refused
// selection adds nothing (the batch's other ballots stand).
func (bt *Batch) AddSelection(s *EncryptedSelection, options int, min, max uint64, ctx []byte) (err error) {
	p, r := bt.mark()
	defer func() {
		if err != nil {
			bt.rollback(p, r)
		}
	}()
	if len(s.Options) != options || len(s.OptionProofs) != options || s.CountProof == nil {
		return fmt.Errorf("%w: %d ciphertexts and %d proofs for %d options", ErrInvalidProof, len(s.Options), len(s.OptionProofs), options)
	}
	sum := Zero()
	for i := range s.Options {
		if err := bt.AddRange(s.Options[i], 0, 1, s.OptionProofs[i], optionContext(ctx, i)); err != nil {
			return fmt.Errorf("option %d: %w", i, err)
		}
		sum = sum.Add(s.Options[i])
	}
	if err := bt.AddRange(sum, min, max, s.CountProof, countContext(ctx)); err != nil {
		return fmt.Errorf("count: %w", err)
	}
	return nil
}

// VerifySelection checks one encrypted selection on its own.
func VerifySelection(k *Element, s *EncryptedSelection, options int, min, max uint64, ctx []byte) error {
	bt := NewBatch(k)
	if err := bt.AddSelection(s, options, min, max, ctx); err != nil {
		return err
	}
	return bt.Verify()
}

// BallotContext is the ctx of a question's proofs in a voter's ballot:
// "civitas/ballot/v2-secret" ‖ chain id ‖ election ‖ voter ‖ question, each
// part length-prefixed (4 bytes, big-endian) or 8-byte big-endian, so an
// encrypted answer is bound to one voter's ballot and cannot be copied into
// another's (which would reveal, by the tally, that both voted alike).
func BallotContext(chainID string, electionID uint64, voter []byte, question uint32) []byte {
	t := newTranscript("civitas/ballot/v2-secret")
	t.bytes([]byte(chainID))
	t.uint64(electionID)
	t.bytes(voter)
	t.uint64(uint64(question))
	return t.b
}
