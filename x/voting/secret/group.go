// Package secret is the cryptography of secret ballots (issue 11): exponential
// ElGamal on ristretto255, disjunctive Chaum-Pedersen proofs that a
// ciphertext encrypts one of a range of small values, proofs of equal
// discrete logarithms for the trustees' partial decryptions, Lagrange
// combination and a bounded discrete logarithm for the totals.
//
// The group arithmetic and the hash to scalars come from
// github.com/gtank/ristretto255 (RFC 9496); this package only composes them
// (x/voting/README.md, "Secret ballots", specifies every encoding and
// transcript). Verification is batched: all the equations of a ballot are
// checked as one multi-scalar multiplication with weights derived from the
// whole transcript.
package secret

import (
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// Sizes of the encodings.
const (
	ElementSize = 32
	ScalarSize  = 32
)

// Element and Scalar are ristretto255's.
type (
	Element = ristretto255.Element
	Scalar  = ristretto255.Scalar
)

// Generator returns G, ristretto255's base point.
func Generator() *Element { return ristretto255.NewElement().Base() }

// ScalarFromUint64 returns v as a scalar.
func ScalarFromUint64(v uint64) *Scalar {
	var b [ScalarSize]byte
	binary.LittleEndian.PutUint64(b[:], v)
	s := ristretto255.NewScalar()
	if err := s.Decode(b[:]); err != nil {
		panic(err) // unreachable: any 64-bit value is canonical
	}
	return s
}

// RandomScalar draws a uniform scalar from rnd (crypto/rand.Reader in clients).
func RandomScalar(rnd io.Reader) (*Scalar, error) {
	var b [64]byte
	if _, err := io.ReadFull(rnd, b[:]); err != nil {
		return nil, err
	}
	return ristretto255.NewScalar().FromUniformBytes(b[:]), nil
}

// DecodeElement reads a canonical 32-byte encoding (the identity is
// accepted: callers refuse it where it matters).
func DecodeElement(b []byte, what string) (*Element, error) {
	if len(b) != ElementSize {
		return nil, fmt.Errorf("%s: %d bytes, want %d", what, len(b), ElementSize)
	}
	e := ristretto255.NewElement()
	if err := e.Decode(b); err != nil {
		return nil, fmt.Errorf("%s: not a canonical ristretto255 element", what)
	}
	return e, nil
}

// DecodeScalar reads a canonical 32-byte little-endian scalar.
func DecodeScalar(b []byte, what string) (*Scalar, error) {
	if len(b) != ScalarSize {
		return nil, fmt.Errorf("%s: %d bytes, want %d", what, len(b), ScalarSize)
	}
	s := ristretto255.NewScalar()
	if err := s.Decode(b); err != nil {
		return nil, fmt.Errorf("%s: not a canonical scalar", what)
	}
	return s, nil
}

// isIdentity reports whether e is the group's identity.
func isIdentity(e *Element) bool { return e.Equal(ristretto255.NewElement().Zero()) == 1 }

// transcript builds the input of a Fiat-Shamir hash: a domain tag, then
// length-prefixed parts (README, "Transcripts").
type transcript struct{ b []byte }

func newTranscript(domain string) *transcript {
	t := &transcript{}
	t.bytes([]byte(domain))
	return t
}

func (t *transcript) bytes(p []byte) {
	t.b = binary.BigEndian.AppendUint32(t.b, uint32(len(p)))
	t.b = append(t.b, p...)
}

func (t *transcript) element(e *Element) { t.bytes(e.Encode(nil)) }

func (t *transcript) uint64(v uint64) { t.b = binary.BigEndian.AppendUint64(t.b, v) }

// challenge hashes the transcript to a scalar: SHA-512, reduced.
func (t *transcript) challenge() *Scalar {
	h := sha512.Sum512(t.b)
	return ristretto255.NewScalar().FromUniformBytes(h[:])
}

// ErrInvalidProof is returned for any proof that does not verify.
var ErrInvalidProof = errors.New("invalid proof")
