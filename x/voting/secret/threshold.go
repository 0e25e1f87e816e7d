package secret

import (
	"fmt"

	"github.com/gtank/ristretto255"
)

// PartialDecryption is trustee Index's share of the decryption of an
// aggregate ciphertext's A: D = s_i·A, with a proof that s_i is the secret
// behind its public share K_i = s_i·G.
type PartialDecryption struct {
	Index uint64
	D     *Element
	Proof *DLEQProof
}

// Lagrange returns the Lagrange coefficient at 0 of index i among indexes
// (all distinct and non-zero): Π_{j≠i} j / (j − i).
func Lagrange(i uint64, indexes []uint64) (*Scalar, error) {
	num, den := ScalarFromUint64(1), ScalarFromUint64(1)
	si := ScalarFromUint64(i)
	seen := false
	for _, j := range indexes {
		if j == 0 {
			return nil, fmt.Errorf("trustee index 0")
		}
		if j == i {
			if seen {
				return nil, fmt.Errorf("trustee %d twice", i)
			}
			seen = true
			continue
		}
		sj := ScalarFromUint64(j)
		num.Multiply(num, sj)
		den.Multiply(den, ristretto255.NewScalar().Subtract(sj, si))
	}
	if !seen {
		return nil, fmt.Errorf("trustee %d is not among the indexes", i)
	}
	return num.Multiply(num, ristretto255.NewScalar().Invert(den)), nil
}

// combined returns B − Σ λ_i·D_i = m·G from t partial decryptions of ct.
func combined(ct Ciphertext, parts []PartialDecryption) (*Element, error) {
	indexes := make([]uint64, len(parts))
	for i, p := range parts {
		indexes[i] = p.Index
	}
	scalars := make([]*Scalar, 0, len(parts)+1)
	points := make([]*Element, 0, len(parts)+1)
	for _, p := range parts {
		l, err := Lagrange(p.Index, indexes)
		if err != nil {
			return nil, err
		}
		scalars = append(scalars, ristretto255.NewScalar().Negate(l))
		points = append(points, p.D)
	}
	scalars = append(scalars, ScalarFromUint64(1))
	points = append(points, ct.B)
	return ristretto255.NewElement().VarTimeMultiScalarMult(scalars, points), nil
}

// Combine recovers m·G = B − Σ λ_i·D_i from t partial decryptions of ct
// (already verified), then m by a bounded discrete logarithm.
func Combine(ct Ciphertext, parts []PartialDecryption, bound uint64) (uint64, error) {
	p, err := combined(ct, parts)
	if err != nil {
		return 0, err
	}
	return DiscreteLog(p, bound)
}

// TallyContext is the ctx of a partial decryption's proof of one option
// sum: "civitas/tally/v1" ‖ chain id ‖ election ‖ question ‖ option.
func TallyContext(chainID string, electionID uint64, question, option int) []byte {
	t := newTranscript("civitas/tally/v1")
	t.bytes([]byte(chainID))
	t.uint64(electionID)
	t.uint64(uint64(question))
	t.uint64(uint64(option))
	return t.b
}

// CheckTotal checks that m is the plaintext of ct given t partial
// decryptions (already verified): m·G = B − Σ λ_i·D_i. It is what the chain
// runs instead of a discrete-log search.
func CheckTotal(ct Ciphertext, parts []PartialDecryption, m uint64) error {
	p, err := combined(ct, parts)
	if err != nil {
		return err
	}
	if p.Equal(ristretto255.NewElement().ScalarBaseMult(ScalarFromUint64(m))) != 1 {
		return fmt.Errorf("%d is not the decrypted total", m)
	}
	return nil
}
