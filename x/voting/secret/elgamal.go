package secret

import (
	"errors"
	"fmt"

	"github.com/gtank/ristretto255"
)

// Ciphertext is an exponential-ElGamal encryption of a small integer m
// under the election key K: A = r·G, B = m·G + r·K. Encoded as A ‖ B.
type Ciphertext struct {
	A, B *Element
}

// CiphertextSize is the size of an encoded ciphertext.
const CiphertextSize = 2 * ElementSize

// Encrypt encrypts m under k with the randomness r.
func Encrypt(k *Element, m uint64, r *Scalar) Ciphertext {
	a := ristretto255.NewElement().ScalarBaseMult(r)
	b := ristretto255.NewElement().VarTimeMultiScalarMult([]*Scalar{ScalarFromUint64(m), r}, []*Element{Generator(), k})
	return Ciphertext{A: a, B: b}
}

// Zero is the encryption of 0 with no randomness (the identity twice): the
// start of a running sum.
func Zero() Ciphertext {
	return Ciphertext{A: ristretto255.NewElement().Zero(), B: ristretto255.NewElement().Zero()}
}

// Add returns c + d, an encryption of the sum of their plaintexts.
func (c Ciphertext) Add(d Ciphertext) Ciphertext {
	return Ciphertext{A: ristretto255.NewElement().Add(c.A, d.A), B: ristretto255.NewElement().Add(c.B, d.B)}
}

// Sub returns c − d (a replaced ballot leaves the running sum).
func (c Ciphertext) Sub(d Ciphertext) Ciphertext {
	return Ciphertext{A: ristretto255.NewElement().Subtract(c.A, d.A), B: ristretto255.NewElement().Subtract(c.B, d.B)}
}

// Scale returns w·c, an encryption of w times the plaintext (a weighted voter).
func (c Ciphertext) Scale(w uint64) Ciphertext {
	s := ScalarFromUint64(w)
	return Ciphertext{A: ristretto255.NewElement().ScalarMult(s, c.A), B: ristretto255.NewElement().ScalarMult(s, c.B)}
}

// Equal reports whether c and d are the same ciphertext.
func (c Ciphertext) Equal(d Ciphertext) bool { return c.A.Equal(d.A) == 1 && c.B.Equal(d.B) == 1 }

// Encode returns A ‖ B.
func (c Ciphertext) Encode() []byte { return c.B.Encode(c.A.Encode(make([]byte, 0, CiphertextSize))) }

// DecodeCiphertext reads A ‖ B.
func DecodeCiphertext(b []byte) (Ciphertext, error) {
	if len(b) != CiphertextSize {
		return Ciphertext{}, fmt.Errorf("ciphertext: %d bytes, want %d", len(b), CiphertextSize)
	}
	a, err := DecodeElement(b[:ElementSize], "ciphertext A")
	if err != nil {
		return Ciphertext{}, err
	}
	bb, err := DecodeElement(b[ElementSize:], "ciphertext B")
	if err != nil {
		return Ciphertext{}, err
	}
	return Ciphertext{A: a, B: bb}, nil
}

// DiscreteLog returns m with m·G = p for 0 ≤ m ≤ bound (baby-step
// giant-step), or an error if there is none: how the combined decryption of
// a total becomes a number.
func DiscreteLog(p *Element, bound uint64) (uint64, error) {
	if bound > 1<<40 {
		return 0, fmt.Errorf("discrete log bound %d is above 2^40", bound)
	}
	step := uint64(1)
	for step*step <= bound {
		step++
	}
	g := Generator()
	baby := make(map[[ElementSize]byte]uint64, step)
	cur := ristretto255.NewElement().Zero()
	var key [ElementSize]byte
	for j := uint64(0); j < step; j++ {
		copy(key[:], cur.Encode(nil))
		baby[key] = j
		cur = ristretto255.NewElement().Add(cur, g)
	}
	// cur = step·G; subtract it once per giant step.
	giant := ristretto255.NewElement().Negate(cur)
	q := ristretto255.NewElement().Add(p, ristretto255.NewElement().Zero())
	for i := uint64(0); i*step <= bound; i++ {
		copy(key[:], q.Encode(nil))
		if j, ok := baby[key]; ok && i*step+j <= bound {
			return i*step + j, nil
		}
		q = ristretto255.NewElement().Add(q, giant)
	}
	return 0, errors.New("the decrypted total is above its bound: the shares or the ciphertext are wrong")
}
