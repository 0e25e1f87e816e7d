package secret

import (
	"crypto/sha512"
	"encoding/binary"
	"fmt"
	"io"

	"github.com/cloudflare/circl/group"
	"github.com/cloudflare/circl/secretsharing"
	"github.com/gtank/ristretto255"
)

// The election key is made by n trustees without anybody holding it whole
// (a Pedersen distributed key generation with Feldman-verifiable shares;
// README, "Secret ballots: the key ceremony"):
//
//  1. Each trustee j has a communication key E_j = e_j·G (its key file).
//  2. Each trustee i deals: a random polynomial f_i of degree t−1 (circl's
//     Shamir sharing), its Feldman commitments C_ik = a_ik·G (k < t), a
//     Schnorr proof of knowledge of a_i0, and for every trustee j the share
//     f_i(j) encrypted to E_j (an ephemeral Y_i = y·G; the pad is
//     SHA-512(transcript, y·E_j)).
//  3. A trustee whose share does not match the commitments complains by
//     revealing e_j·Y_i with a proof of equal logarithms: anyone then
//     decrypts the share and sees whether the dealer cheated (the dealer is
//     disqualified) or the complaint is false (it is rejected).
//  4. The key is K = Σ C_i0 over the qualified dealers; trustee j's secret
//     share is x_j = Σ f_i(j) and its public share K_j = x_j·G =
//     Σ_i Σ_k j^k·C_ik, which anyone computes from the commitments.
//
// Any t trustees then decrypt a total (Combine); fewer learn nothing.

const (
	domainPoK      = "civitas/secret-ballot/v1/dkg-pok"
	domainSharePad = "civitas/secret-ballot/v1/dkg-share-pad"
	domainReveal   = "civitas/secret-ballot/v1/dkg-complaint"
)

// MaxTrustees bounds n.
const MaxTrustees = 32

// Deal is trustee Dealer's public contribution to the key.
type Deal struct {
	Dealer      uint64     // 1..n
	Commitments []*Element // C_0 … C_{t−1}
	PoK         *SchnorrProof
	Ephemeral   *Element // Y
	// EphemeralPoK proves knowledge of y with Y = y·G.
	EphemeralPoK *SchnorrProof
	Shares       [][]byte // share for trustee j (index j+1), 32 bytes each, encrypted
}

// SchnorrProof proves knowledge of x with X = x·G: R = u·G, z = u + c·x.
type SchnorrProof struct {
	R *Element
	Z *Scalar
}

func pokChallenge(ctx []byte, dealer uint64, label string, x, r *Element) *Scalar {
	t := newTranscript(domainPoK)
	t.bytes(ctx)
	t.uint64(dealer)
	t.bytes([]byte(label))
	t.element(x)
	t.element(r)
	return t.challenge()
}

// proveKnowledge proves knowledge of x with X = x·G (Schnorr), bound to the
// ceremony, the dealer and what X is (label "secret" for C_0, "ephemeral"
// for Y).
func proveKnowledge(rnd io.Reader, x *Scalar, X *Element, ctx []byte, dealer uint64, label string) (*SchnorrProof, error) {
	u, err := RandomScalar(rnd)
	if err != nil {
		return nil, err
	}
	r := ristretto255.NewElement().ScalarBaseMult(u)
	c := pokChallenge(ctx, dealer, label, X, r)
	return &SchnorrProof{R: r, Z: ristretto255.NewScalar().Add(u, ristretto255.NewScalar().Multiply(c, x))}, nil
}

// holds checks z·G = R + c·X.
func (p *SchnorrProof) holds(X *Element, ctx []byte, dealer uint64, label string) bool {
	if p == nil || p.R == nil || p.Z == nil {
		return false
	}
	c := pokChallenge(ctx, dealer, label, X, p.R)
	chk := ristretto255.NewElement().VarTimeMultiScalarMult(
		[]*Scalar{p.Z, ristretto255.NewScalar().Negate(c), ristretto255.NewScalar().Negate(ScalarFromUint64(1))},
		[]*Element{Generator(), X, p.R})
	return isIdentity(chk)
}

// SchnorrSize is an encoded proof of knowledge: R ‖ z.
const SchnorrSize = ElementSize + ScalarSize

// Encode is R ‖ z.
func (p *SchnorrProof) Encode() []byte { return p.Z.Encode(p.R.Encode(make([]byte, 0, SchnorrSize))) }

// ProveCommunicationKey proves that trustee j knows e with E = e·G, bound to
// the ceremony and j (label "communication"): nobody registers another
// trustee's key, or a multiple of it, as its own.
func ProveCommunicationKey(rnd io.Reader, e *Scalar, E *Element, ctx []byte, j uint64) ([]byte, error) {
	p, err := proveKnowledge(rnd, e, E, ctx, j, "communication")
	if err != nil {
		return nil, err
	}
	return p.Encode(), nil
}

// VerifyCommunicationKey checks trustee j's proof of knowledge of its
// communication key E.
func VerifyCommunicationKey(E *Element, proof []byte, ctx []byte, j uint64) error {
	if len(proof) != SchnorrSize {
		return fmt.Errorf("%w: a proof of knowledge is %d bytes, got %d", ErrInvalidProof, SchnorrSize, len(proof))
	}
	r, err := DecodeElement(proof[:ElementSize], "proof commitment")
	if err != nil {
		return err
	}
	z, err := DecodeScalar(proof[ElementSize:], "proof response")
	if err != nil {
		return err
	}
	if !(&SchnorrProof{R: r, Z: z}).holds(E, ctx, j, "communication") {
		return fmt.Errorf("%w: the proof of knowledge of trustee %d's communication key does not hold", ErrInvalidProof, j)
	}
	return nil
}

// sharePad is the one-time pad of dealer's share for recipient j.
func sharePad(ctx []byte, dealer, j uint64, y, e, shared *Element) []byte {
	t := newTranscript(domainSharePad)
	t.bytes(ctx)
	t.uint64(dealer)
	t.uint64(j)
	t.element(y)
	t.element(e)
	t.element(shared)
	h := sha512.Sum512(t.b)
	return h[:ScalarSize]
}

func toCircl(s *Scalar) (group.Scalar, error) {
	c := group.Ristretto255.NewScalar()
	return c, c.UnmarshalBinary(s.Encode(nil))
}

func fromCirclScalar(c group.Scalar) (*Scalar, error) {
	b, err := c.MarshalBinary()
	if err != nil {
		return nil, err
	}
	return DecodeScalar(b, "share")
}

// NewDeal deals a fresh secret t-of-n to the recipients' communication keys
// (recipient j+1 is recipients[j]).
func NewDeal(rnd io.Reader, dealer uint64, t int, recipients []*Element, ctx []byte) (*Deal, error) {
	n := len(recipients)
	if t < 1 || t > n || n > MaxTrustees || dealer < 1 || dealer > uint64(n) {
		return nil, fmt.Errorf("deal %d of a %d-of-%d key: bad parameters", dealer, t, n)
	}
	g := group.Ristretto255
	secretC := g.RandomNonZeroScalar(rnd)
	ss := secretsharing.New(rnd, uint(t-1), secretC)
	d := &Deal{Dealer: dealer}
	for _, c := range ss.CommitSecret() {
		b, err := c.MarshalBinaryCompress()
		if err != nil {
			return nil, err
		}
		e, err := DecodeElement(b, "commitment")
		if err != nil {
			return nil, err
		}
		d.Commitments = append(d.Commitments, e)
	}
	a0, err := fromCirclScalar(secretC)
	if err != nil {
		return nil, err
	}
	if d.PoK, err = proveKnowledge(rnd, a0, d.Commitments[0], ctx, dealer, "secret"); err != nil {
		return nil, err
	}
	y, err := RandomScalar(rnd)
	if err != nil {
		return nil, err
	}
	d.Ephemeral = ristretto255.NewElement().ScalarBaseMult(y)
	// Proving knowledge of y stops a dealer from reusing another deal's Y,
	// whose pads the complaints about its own bad shares would then expose.
	if d.EphemeralPoK, err = proveKnowledge(rnd, y, d.Ephemeral, ctx, dealer, "ephemeral"); err != nil {
		return nil, err
	}
	for j, e := range recipients {
		id := uint64(j + 1)
		sh := ss.ShareWithID(g.NewScalar().SetUint64(id))
		b, err := sh.Value.MarshalBinary()
		if err != nil {
			return nil, err
		}
		pad := sharePad(ctx, dealer, id, d.Ephemeral, e, ristretto255.NewElement().ScalarMult(y, e))
		for k := range b {
			b[k] ^= pad[k]
		}
		d.Shares = append(d.Shares, b)
	}
	return d, nil
}

// Check verifies a deal's public part: its shape for a t-of-n key, and the
// proof that the dealer knows its secret (so it cannot copy or cancel
// another dealer's commitment).
func (d *Deal) Check(t, n int, ctx []byte) error {
	if t < 1 || t > n || n > MaxTrustees {
		return fmt.Errorf("%w: a %d-of-%d key: 1 <= t <= n <= %d", ErrInvalidProof, t, n, MaxTrustees)
	}
	if d.Dealer < 1 || d.Dealer > uint64(n) || len(d.Commitments) != t || len(d.Shares) != n || d.PoK == nil || d.EphemeralPoK == nil || d.Ephemeral == nil {
		return fmt.Errorf("%w: deal of trustee %d: %d commitments and %d shares for a %d-of-%d key", ErrInvalidProof, d.Dealer, len(d.Commitments), len(d.Shares), t, n)
	}
	for j, s := range d.Shares {
		if len(s) != ScalarSize {
			return fmt.Errorf("%w: deal of trustee %d: share %d has %d bytes", ErrInvalidProof, d.Dealer, j+1, len(s))
		}
	}
	if isIdentity(d.Commitments[0]) || isIdentity(d.Ephemeral) {
		return fmt.Errorf("%w: deal of trustee %d: identity commitment or ephemeral key", ErrInvalidProof, d.Dealer)
	}
	if !d.PoK.holds(d.Commitments[0], ctx, d.Dealer, "secret") {
		return fmt.Errorf("%w: deal of trustee %d: the proof of knowledge of its secret does not hold", ErrInvalidProof, d.Dealer)
	}
	if !d.EphemeralPoK.holds(d.Ephemeral, ctx, d.Dealer, "ephemeral") {
		return fmt.Errorf("%w: deal of trustee %d: the proof of knowledge of its ephemeral key does not hold", ErrInvalidProof, d.Dealer)
	}
	return nil
}

// shareFromPad decrypts share j with the shared point and checks it against
// the commitments (circl's Feldman check).
func (d *Deal) shareFromPad(j uint64, e, shared *Element, ctx []byte) (*Scalar, error) {
	pad := sharePad(ctx, d.Dealer, j, d.Ephemeral, e, shared)
	b := make([]byte, ScalarSize)
	for k := range b {
		b[k] = d.Shares[j-1][k] ^ pad[k]
	}
	s, err := DecodeScalar(b, "share")
	if err != nil {
		return nil, fmt.Errorf("trustee %d's share from trustee %d does not decrypt to a scalar", j, d.Dealer)
	}
	cs, err := toCircl(s)
	if err != nil {
		return nil, err
	}
	commit := make(secretsharing.SecretCommitment, len(d.Commitments))
	for k, c := range d.Commitments {
		commit[k] = group.Ristretto255.NewElement()
		if err := commit[k].UnmarshalBinary(c.Encode(nil)); err != nil {
			return nil, err
		}
	}
	share := secretsharing.Share{ID: group.Ristretto255.NewScalar().SetUint64(j), Value: cs}
	if !secretsharing.Verify(uint(len(d.Commitments)-1), share, commit) {
		return nil, fmt.Errorf("trustee %d's share from trustee %d does not match its commitments", j, d.Dealer)
	}
	return s, nil
}

// OpenShare is recipient j's side: it decrypts its share with its
// communication secret e and checks it; an error means: complain.
func (d *Deal) OpenShare(j uint64, e *Scalar, ctx []byte) (*Scalar, error) {
	if j < 1 || j > uint64(len(d.Shares)) {
		return nil, fmt.Errorf("no share %d in the deal of trustee %d", j, d.Dealer)
	}
	pub := ristretto255.NewElement().ScalarBaseMult(e)
	return d.shareFromPad(j, pub, ristretto255.NewElement().ScalarMult(e, d.Ephemeral), ctx)
}

// Complaint is recipient Complainant's accusation of a deal: the shared
// point e_j·Y with a proof that it is (log_G(E_j) = log_Y(S)).
type Complaint struct {
	Complainant uint64
	Shared      *Element
	Proof       *DLEQProof
}

func complaintContext(ctx []byte, dealer, j uint64) []byte {
	out := append([]byte(domainReveal), ctx...)
	out = binary.BigEndian.AppendUint64(out, dealer)
	return binary.BigEndian.AppendUint64(out, j)
}

// Complain reveals recipient j's shared point with a deal's ephemeral key.
func (d *Deal) Complain(rnd io.Reader, j uint64, e *Scalar, ctx []byte) (*Complaint, error) {
	p, err := ProveDLEQ(rnd, e, d.Ephemeral, complaintContext(ctx, d.Dealer, j))
	if err != nil {
		return nil, err
	}
	return &Complaint{Complainant: j, Shared: ristretto255.NewElement().ScalarMult(e, d.Ephemeral), Proof: p}, nil
}

// JudgeComplaint decides a complaint against the deal, given the
// complainant's communication key: true if the dealer cheated (the revealed
// share does not decrypt or does not match the commitments), false if the
// share is good (the complaint is rejected); an error if the complaint
// itself does not hold (a wrong shared point).
func (d *Deal) JudgeComplaint(c *Complaint, complainantKey *Element, ctx []byte) (bool, error) {
	if c.Complainant < 1 || c.Complainant > uint64(len(d.Shares)) {
		return false, fmt.Errorf("%w: no trustee %d", ErrInvalidProof, c.Complainant)
	}
	if err := VerifyDLEQ(complainantKey, d.Ephemeral, c.Shared, c.Proof, complaintContext(ctx, d.Dealer, c.Complainant)); err != nil {
		return false, err
	}
	_, err := d.shareFromPad(c.Complainant, complainantKey, c.Shared, ctx)
	return err != nil, nil
}

// ElectionKey is K = Σ C_0 of the qualified deals.
func ElectionKey(qualified []*Deal) *Element {
	k := ristretto255.NewElement().Zero()
	for _, d := range qualified {
		k.Add(k, d.Commitments[0])
	}
	return k
}

// PublicShare is trustee j's public share K_j = Σ_k j^k·(Σ_i C_ik) over the
// qualified deals: what its partial decryptions are checked against.
func PublicShare(qualified []*Deal, j uint64) *Element {
	return publicShareFrom(SumCommitments(qualified), j)
}

// SumCommitments adds the qualified deals' commitments degree by degree
// (Σ_i C_ik), so each public share is one multiplication of t terms.
func SumCommitments(qualified []*Deal) []*Element {
	var sum []*Element
	for _, d := range qualified {
		for k, c := range d.Commitments {
			if k == len(sum) {
				sum = append(sum, ristretto255.NewElement().Zero())
			}
			sum[k] = ristretto255.NewElement().Add(sum[k], c)
		}
	}
	return sum
}

func publicShareFrom(sum []*Element, j uint64) *Element {
	scalars := make([]*Scalar, len(sum))
	pow, sj := ScalarFromUint64(1), ScalarFromUint64(j)
	for k := range sum {
		scalars[k] = pow
		pow = ristretto255.NewScalar().Multiply(pow, sj)
	}
	return ristretto255.NewElement().VarTimeMultiScalarMult(scalars, sum)
}

// PublicShares returns every trustee's public share (1..n).
func PublicShares(qualified []*Deal, n int) []*Element {
	sum := SumCommitments(qualified)
	out := make([]*Element, n)
	for j := range out {
		out[j] = publicShareFrom(sum, uint64(j+1))
	}
	return out
}

// SecretShare is trustee j's secret share: the sum of the shares it opened
// from the qualified deals.
func SecretShare(opened []*Scalar) *Scalar {
	s := ristretto255.NewScalar()
	for _, o := range opened {
		s.Add(s, o)
	}
	return s
}

// CeremonyContext is the ctx of an election's key ceremony transcripts:
// "civitas/key-ceremony/v1" ‖ chain id ‖ election id.
func CeremonyContext(chainID string, electionID uint64) []byte {
	t := newTranscript("civitas/key-ceremony/v1")
	t.bytes([]byte(chainID))
	t.uint64(electionID)
	return t.b
}
