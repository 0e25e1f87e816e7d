package secret

import (
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/gtank/ristretto255"
)

// Domain tags of the Fiat-Shamir transcripts (README, "Transcripts").
const (
	domainRange   = "civitas/secret-ballot/v1/range"
	domainDLEQ    = "civitas/secret-ballot/v1/dleq"
	domainWeights = "civitas/secret-ballot/v1/batch-weights"
)

// MaxRangeBranches bounds a range proof's values (hi − lo + 1).
const MaxRangeBranches = 64

// RangeProof is a disjunctive Chaum-Pedersen proof that a ciphertext (A, B)
// under K encrypts one of lo, lo+1, …, hi, without saying which: one branch
// per value v_j with a commitment (a_j, b_j), a challenge c_j and a response
// z_j such that z_j·G = a_j + c_j·A and z_j·K = b_j + c_j·(B − v_j·G), and
// the c_j add up to the transcript's challenge. Encoded branch by branch as
// a_j ‖ b_j ‖ c_j ‖ z_j (128 bytes each).
type RangeProof struct {
	A, B []*Element // commitments a_j, b_j
	C, Z []*Scalar  // challenges c_j, responses z_j
}

// BranchSize is the size of one encoded branch.
const BranchSize = 2*ElementSize + 2*ScalarSize

func rangeTranscript(ctx []byte, k *Element, ct Ciphertext, lo, hi uint64, p *RangeProof) *Scalar {
	t := newTranscript(domainRange)
	t.bytes(ctx)
	t.element(k)
	t.element(ct.A)
	t.element(ct.B)
	t.uint64(lo)
	t.uint64(hi)
	for j := range p.A {
		t.element(p.A[j])
		t.element(p.B[j])
	}
	return t.challenge()
}

// ProveRange proves that ct = Encrypt(k, m, r) encrypts a value in [lo, hi];
// ctx binds the proof to its place (chain, election, voter, question,
// option), so it cannot be copied elsewhere.
func ProveRange(rnd io.Reader, k *Element, ct Ciphertext, m uint64, r *Scalar, lo, hi uint64, ctx []byte) (*RangeProof, error) {
	if lo > hi || hi-lo >= MaxRangeBranches {
		return nil, fmt.Errorf("range [%d, %d]: at most %d values", lo, hi, MaxRangeBranches)
	}
	if m < lo || m > hi {
		return nil, fmt.Errorf("value %d is outside [%d, %d]", m, lo, hi)
	}
	n := int(hi - lo + 1)
	p := &RangeProof{A: make([]*Element, n), B: make([]*Element, n), C: make([]*Scalar, n), Z: make([]*Scalar, n)}
	real := int(m - lo)
	g := Generator()
	sum := ristretto255.NewScalar()
	for j := 0; j < n; j++ {
		if j == real {
			continue
		}
		c, err := RandomScalar(rnd)
		if err != nil {
			return nil, err
		}
		z, err := RandomScalar(rnd)
		if err != nil {
			return nil, err
		}
		negC := ristretto255.NewScalar().Negate(c)
		// a_j = z·G − c·A; b_j = z·K − c·(B − v_j·G) = z·K − c·B + (c·v_j)·G.
		cv := ristretto255.NewScalar().Multiply(c, ScalarFromUint64(lo+uint64(j)))
		p.A[j] = ristretto255.NewElement().VarTimeMultiScalarMult([]*Scalar{z, negC}, []*Element{g, ct.A})
		p.B[j] = ristretto255.NewElement().VarTimeMultiScalarMult([]*Scalar{z, negC, cv}, []*Element{k, ct.B, g})
		p.C[j], p.Z[j] = c, z
		sum.Add(sum, c)
	}
	u, err := RandomScalar(rnd)
	if err != nil {
		return nil, err
	}
	p.A[real] = ristretto255.NewElement().ScalarBaseMult(u)
	p.B[real] = ristretto255.NewElement().ScalarMult(u, k)
	c := rangeTranscript(ctx, k, ct, lo, hi, p)
	p.C[real] = ristretto255.NewScalar().Subtract(c, sum)
	p.Z[real] = ristretto255.NewScalar().Add(u, ristretto255.NewScalar().Multiply(p.C[real], r))
	return p, nil
}

// Encode returns the branches in order.
func (p *RangeProof) Encode() []byte {
	out := make([]byte, 0, len(p.A)*BranchSize)
	for j := range p.A {
		out = p.A[j].Encode(out)
		out = p.B[j].Encode(out)
		out = p.C[j].Encode(out)
		out = p.Z[j].Encode(out)
	}
	return out
}

// DecodeRangeProof reads a proof of branches values.
func DecodeRangeProof(b []byte, branches int) (*RangeProof, error) {
	if branches < 1 || branches > MaxRangeBranches || len(b) != branches*BranchSize {
		return nil, fmt.Errorf("range proof: %d bytes, want %d branches of %d", len(b), branches, BranchSize)
	}
	p := &RangeProof{A: make([]*Element, branches), B: make([]*Element, branches), C: make([]*Scalar, branches), Z: make([]*Scalar, branches)}
	var err error
	for j := 0; j < branches; j++ {
		o := j * BranchSize
		if p.A[j], err = DecodeElement(b[o:o+32], "range proof commitment"); err != nil {
			return nil, err
		}
		if p.B[j], err = DecodeElement(b[o+32:o+64], "range proof commitment"); err != nil {
			return nil, err
		}
		if p.C[j], err = DecodeScalar(b[o+64:o+96], "range proof challenge"); err != nil {
			return nil, err
		}
		if p.Z[j], err = DecodeScalar(b[o+96:o+128], "range proof response"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Batch collects proof equations of the form Σ s_i·P_i = 0 and checks them
// all at once as Σ w_e·(equation e) = 0 with weights derived from the whole
// transcript: one multi-scalar multiplication instead of several per proof.
// A batch with a false equation passes with probability about 2^-252.
type Batch struct {
	k        *Element // the election key: its coefficient is gathered
	rawTerms [][]byte // what the weights are derived from
	pending  []pendingEq
}

// pendingEq is an equation whose weight is not known yet: terms, with the
// G and K coefficients apart.
type pendingEq struct {
	g, k    *Scalar
	scalars []*Scalar
	points  []*Element
}

// NewBatch starts a batch of proofs under the election key k.
func NewBatch(k *Element) *Batch {
	return &Batch{k: k}
}

// mark and rollback let a caller add a ballot's checks all or nothing.
func (bt *Batch) mark() (int, int) { return len(bt.pending), len(bt.rawTerms) }

func (bt *Batch) rollback(p, r int) { bt.pending, bt.rawTerms = bt.pending[:p], bt.rawTerms[:r] }

// AddRange adds the checks of a range proof of ct in [lo, hi]: its
// challenges add up to the transcript's (checked now) and its 2·(hi−lo+1)
// equations (checked in Verify). A refused proof adds nothing.
func (bt *Batch) AddRange(ct Ciphertext, lo, hi uint64, p *RangeProof, ctx []byte) error {
	n := len(p.A)
	if lo > hi || hi-lo >= MaxRangeBranches || n != int(hi-lo+1) || len(p.B) != n || len(p.C) != n || len(p.Z) != n {
		return fmt.Errorf("%w: range [%d, %d] needs %d branches, the proof has %d", ErrInvalidProof, lo, hi, hi-lo+1, n)
	}
	c := rangeTranscript(ctx, bt.k, ct, lo, hi, p)
	sum := ristretto255.NewScalar()
	for _, cj := range p.C {
		sum.Add(sum, cj)
	}
	if sum.Equal(c) != 1 {
		return fmt.Errorf("%w: the range proof's challenges do not add up to its transcript's", ErrInvalidProof)
	}
	one := ScalarFromUint64(1)
	minusOne := ristretto255.NewScalar().Negate(one)
	for j := 0; j < n; j++ {
		negC := ristretto255.NewScalar().Negate(p.C[j])
		// z·G − a − c·A = 0
		bt.pending = append(bt.pending, pendingEq{g: p.Z[j], k: ristretto255.NewScalar(),
			scalars: []*Scalar{minusOne, negC}, points: []*Element{p.A[j], ct.A}})
		// z·K − b − c·B + c·v·G = 0
		cv := ristretto255.NewScalar().Multiply(p.C[j], ScalarFromUint64(lo+uint64(j)))
		bt.pending = append(bt.pending, pendingEq{g: cv, k: p.Z[j],
			scalars: []*Scalar{minusOne, negC}, points: []*Element{p.B[j], ct.B}})
		bt.rawTerms = append(bt.rawTerms, p.C[j].Encode(nil), p.Z[j].Encode(nil))
	}
	bt.rawTerms = append(bt.rawTerms, c.Encode(nil))
	return nil
}

// Verify checks every equation added: nil if all hold.
func (bt *Batch) Verify() error {
	if len(bt.pending) == 0 {
		return nil
	}
	h := sha512.New()
	h.Write([]byte(domainWeights))
	for _, t := range bt.rawTerms {
		h.Write(t)
	}
	seed := h.Sum(nil)
	scalars := make([]*Scalar, 0, 2+2*len(bt.pending))
	points := make([]*Element, 0, 2+2*len(bt.pending))
	gCoef, kCoef := ristretto255.NewScalar(), ristretto255.NewScalar()
	var buf [8]byte
	for i, eq := range bt.pending {
		binary.BigEndian.PutUint64(buf[:], uint64(i))
		wh := sha512.Sum512(append(append([]byte{}, seed...), buf[:]...))
		w := ristretto255.NewScalar().FromUniformBytes(wh[:])
		gCoef.Add(gCoef, ristretto255.NewScalar().Multiply(w, eq.g))
		kCoef.Add(kCoef, ristretto255.NewScalar().Multiply(w, eq.k))
		for t := range eq.scalars {
			scalars = append(scalars, ristretto255.NewScalar().Multiply(w, eq.scalars[t]))
			points = append(points, eq.points[t])
		}
	}
	scalars = append(scalars, gCoef, kCoef)
	points = append(points, Generator(), bt.k)
	if !isIdentity(ristretto255.NewElement().VarTimeMultiScalarMult(scalars, points)) {
		return fmt.Errorf("%w: the proof equations do not hold", ErrInvalidProof)
	}
	return nil
}

// DLEQProof proves log_G(H1) = log_P(H2) (Chaum-Pedersen): a trustee's
// partial decryption D = s·A of an aggregate A is made with the secret
// share s behind its public share K_i = s·G. Encoded a ‖ b ‖ z (96 bytes);
// the challenge is recomputed from the transcript.
type DLEQProof struct {
	A, B *Element
	Z    *Scalar
}

// DLEQSize is the size of an encoded DLEQ proof.
const DLEQSize = 2*ElementSize + ScalarSize

func dleqChallenge(ctx []byte, h1, p, h2, a, b *Element) *Scalar {
	t := newTranscript(domainDLEQ)
	t.bytes(ctx)
	t.element(h1)
	t.element(p)
	t.element(h2)
	t.element(a)
	t.element(b)
	return t.challenge()
}

// ProveDLEQ proves H1 = s·G and H2 = s·P for the given s.
func ProveDLEQ(rnd io.Reader, s *Scalar, p *Element, ctx []byte) (*DLEQProof, error) {
	u, err := RandomScalar(rnd)
	if err != nil {
		return nil, err
	}
	h1 := ristretto255.NewElement().ScalarBaseMult(s)
	h2 := ristretto255.NewElement().ScalarMult(s, p)
	a := ristretto255.NewElement().ScalarBaseMult(u)
	b := ristretto255.NewElement().ScalarMult(u, p)
	c := dleqChallenge(ctx, h1, p, h2, a, b)
	return &DLEQProof{A: a, B: b, Z: ristretto255.NewScalar().Add(u, ristretto255.NewScalar().Multiply(c, s))}, nil
}

// VerifyDLEQ checks a proof that log_G(h1) = log_P(h2).
func VerifyDLEQ(h1, p, h2 *Element, proof *DLEQProof, ctx []byte) error {
	c := dleqChallenge(ctx, h1, p, h2, proof.A, proof.B)
	negC := ristretto255.NewScalar().Negate(c)
	minusOne := ristretto255.NewScalar().Negate(ScalarFromUint64(1))
	// z·G − c·H1 − a = 0 and z·P − c·H2 − b = 0
	if !isIdentity(ristretto255.NewElement().VarTimeMultiScalarMult([]*Scalar{proof.Z, negC, minusOne}, []*Element{Generator(), h1, proof.A})) ||
		!isIdentity(ristretto255.NewElement().VarTimeMultiScalarMult([]*Scalar{proof.Z, negC, minusOne}, []*Element{p, h2, proof.B})) {
		return fmt.Errorf("%w: the equal-logarithm proof does not hold", ErrInvalidProof)
	}
	return nil
}

// Encode returns a ‖ b ‖ z.
func (p *DLEQProof) Encode() []byte {
	return p.Z.Encode(p.B.Encode(p.A.Encode(make([]byte, 0, DLEQSize))))
}

// DecodeDLEQ reads a ‖ b ‖ z.
func DecodeDLEQ(b []byte) (*DLEQProof, error) {
	if len(b) != DLEQSize {
		return nil, fmt.Errorf("equal-logarithm proof: %d bytes, want %d", len(b), DLEQSize)
	}
	a, err := DecodeElement(b[:32], "equal-logarithm proof commitment")
	if err != nil {
		return nil, err
	}
	bb, err := DecodeElement(b[32:64], "equal-logarithm proof commitment")
	if err != nil {
		return nil, err
	}
	z, err := DecodeScalar(b[64:], "equal-logarithm proof response")
	if err != nil {
		return nil, err
	}
	return &DLEQProof{A: a, B: bb, Z: z}, nil
}
