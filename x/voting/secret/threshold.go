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

// Combine recovers m·G = B − Σ λ_i·D_i from t partial decryptions of ct
// (already verified), then m by a bounded discrete logarithm.
func Combine(ct Ciphertext, parts []PartialDecryption, bound uint64) (uint64, error) {
	indexes := make([]uint64, len(parts))
	for i, p := range parts {
		indexes[i] = p.Index
	}
	scalars := make([]*Scalar, 0, len(parts)+1)
	points := make([]*Element, 0, len(parts)+1)
	for _, p := range parts {
		l, err := Lagrange(p.Index, indexes)
		if err != nil {
			return 0, err
		}
		scalars = append(scalars, ristretto255.NewScalar().Negate(l))
		points = append(points, p.D)
	}
	scalars = append(scalars, ScalarFromUint64(1))
	points = append(points, ct.B)
	return DiscreteLog(ristretto255.NewElement().VarTimeMultiScalarMult(scalars, points), bound)
}
