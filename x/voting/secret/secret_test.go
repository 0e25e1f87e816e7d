package secret_test

import (
	"bytes"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/cloudflare/circl/group"
	"github.com/cloudflare/circl/secretsharing"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// trustees shares a fresh election key t-of-n with circl's Feldman secret
// sharing (threshold t: any t shares recover it) and returns the key, each
// trustee's index and secret share (as our scalars), and the public shares.
func trustees(t *testing.T, threshold, n uint) (k *secret.Element, idx []uint64, shares []*secret.Scalar, public []*secret.Element) {
	t.Helper()
	g := group.Ristretto255
	key := g.RandomScalar(rand.Reader)
	ss := secretsharing.New(rand.Reader, threshold-1, key)
	commit := ss.CommitSecret()
	kb, err := commit[0].MarshalBinaryCompress()
	require.NoError(t, err)
	k, err = secret.DecodeElement(kb, "key")
	require.NoError(t, err)
	for i, sh := range ss.Share(n) {
		require.True(t, secretsharing.Verify(threshold-1, sh, commit), "Feldman check of share %d", i)
		vb, err := sh.Value.MarshalBinary()
		require.NoError(t, err)
		s, err := secret.DecodeScalar(vb, "share")
		require.NoError(t, err)
		idx = append(idx, uint64(i+1))
		shares = append(shares, s)
		public = append(public, ristretto255.NewElement().ScalarBaseMult(s))
	}
	return k, idx, shares, public
}

func TestEncryptAddDecryptWithAnyTOfN(t *testing.T) {
	k, idx, shares, public := trustees(t, 3, 5)
	// Four voters' encryptions of 1, 0, 1, 1 (weight 2 for the last), and a
	// revote that replaces the second voter's 0 by a 1.
	sum := secret.Zero()
	var cts []secret.Ciphertext
	for _, m := range []uint64{1, 0, 1, 1} {
		r, err := secret.RandomScalar(rand.Reader)
		require.NoError(t, err)
		cts = append(cts, secret.Encrypt(k, m, r))
	}
	for i, c := range cts {
		if i == 3 {
			c = c.Scale(2)
		}
		sum = sum.Add(c)
	}
	r, err := secret.RandomScalar(rand.Reader)
	require.NoError(t, err)
	sum = sum.Sub(cts[1]).Add(secret.Encrypt(k, 1, r))
	decoded, err := secret.DecodeCiphertext(sum.Encode())
	require.NoError(t, err)
	require.True(t, decoded.Equal(sum))

	partial := func(i int) secret.PartialDecryption {
		d := ristretto255.NewElement().ScalarMult(shares[i], sum.A)
		p, err := secret.ProveDLEQ(rand.Reader, shares[i], sum.A, []byte("tally"))
		require.NoError(t, err)
		require.NoError(t, secret.VerifyDLEQ(public[i], sum.A, d, p, []byte("tally")))
		return secret.PartialDecryption{Index: idx[i], D: d, Proof: p}
	}
	// Every 3 of the 5 trustees find 1 + 1 + 1 + 2 = 5; no 2 of them can
	// (the combination is not m·G for any small m).
	for mask := 0; mask < 1<<5; mask++ {
		var parts []secret.PartialDecryption
		for i := 0; i < 5; i++ {
			if mask&(1<<i) != 0 {
				parts = append(parts, partial(i))
			}
		}
		switch len(parts) {
		case 3:
			got, err := secret.Combine(sum, parts, 10)
			require.NoError(t, err, "trustees %05b", mask)
			require.Equal(t, uint64(5), got, "trustees %05b", mask)
		case 2:
			_, err := secret.Combine(sum, parts, 1000)
			require.Error(t, err, "trustees %05b", mask)
		}
	}
	// A bad partial decryption (another share) fails its proof.
	d := ristretto255.NewElement().ScalarMult(shares[1], sum.A)
	p, err := secret.ProveDLEQ(rand.Reader, shares[1], sum.A, []byte("tally"))
	require.NoError(t, err)
	require.ErrorIs(t, secret.VerifyDLEQ(public[0], sum.A, d, p, []byte("tally")), secret.ErrInvalidProof)
	require.ErrorIs(t, secret.VerifyDLEQ(public[1], sum.A, d, p, []byte("another tally")), secret.ErrInvalidProof)
	enc, err := secret.DecodeDLEQ(p.Encode())
	require.NoError(t, err)
	require.NoError(t, secret.VerifyDLEQ(public[1], sum.A, d, enc, []byte("tally")))
}

func TestRangeProofSoundness(t *testing.T) {
	k, _, _, _ := trustees(t, 2, 3)
	ctx := []byte("ctx")
	enc := func(m uint64) (secret.Ciphertext, *secret.Scalar) {
		r, err := secret.RandomScalar(rand.Reader)
		require.NoError(t, err)
		return secret.Encrypt(k, m, r), r
	}
	check := func(ct secret.Ciphertext, lo, hi uint64, p *secret.RangeProof, ctx []byte) error {
		bt := secret.NewBatch(k)
		if err := bt.AddRange(ct, lo, hi, p, ctx); err != nil {
			return err
		}
		return bt.Verify()
	}
	for _, m := range []uint64{0, 1} {
		ct, r := enc(m)
		p, err := secret.ProveRange(rand.Reader, k, ct, m, r, 0, 1, ctx)
		require.NoError(t, err)
		require.NoError(t, check(ct, 0, 1, p, ctx), "an honest proof for %d", m)
		dec, err := secret.DecodeRangeProof(p.Encode(), 2)
		require.NoError(t, err)
		require.NoError(t, check(ct, 0, 1, dec, ctx), "after encoding")
	}

	// A ciphertext of 2 has no 0/1 proof: the prover refuses, a proof of
	// [0, 2] is not one of [0, 1], and a 0/1 proof of another ciphertext
	// does not carry over.
	two, r2 := enc(2)
	_, err := secret.ProveRange(rand.Reader, k, two, 2, r2, 0, 1, ctx)
	require.Error(t, err)
	wide, err := secret.ProveRange(rand.Reader, k, two, 2, r2, 0, 2, ctx)
	require.NoError(t, err)
	require.NoError(t, check(two, 0, 2, wide, ctx))
	require.ErrorIs(t, check(two, 0, 1, wide, ctx), secret.ErrInvalidProof)
	one, r1 := enc(1)
	p1, err := secret.ProveRange(rand.Reader, k, one, 1, r1, 0, 1, ctx)
	require.NoError(t, err)
	require.ErrorIs(t, check(two, 0, 1, p1, ctx), secret.ErrInvalidProof, "a proof moved to a ciphertext of 2")
	require.ErrorIs(t, check(one, 0, 1, p1, []byte("another ballot")), secret.ErrInvalidProof, "a proof moved to another place")
	require.ErrorIs(t, check(one, 1, 2, p1, ctx), secret.ErrInvalidProof, "another range")

	// A "proof" made of simulated branches only, as a cheater holding no
	// valid branch would, fails the challenge sum.
	forged := &secret.RangeProof{}
	for j := 0; j < 2; j++ {
		c, _ := secret.RandomScalar(rand.Reader)
		z, _ := secret.RandomScalar(rand.Reader)
		negC := ristretto255.NewScalar().Negate(c)
		v := secret.ScalarFromUint64(uint64(j))
		forged.A = append(forged.A, ristretto255.NewElement().VarTimeMultiScalarMult([]*secret.Scalar{z, negC}, []*secret.Element{secret.Generator(), two.A}))
		forged.B = append(forged.B, ristretto255.NewElement().VarTimeMultiScalarMult(
			[]*secret.Scalar{z, negC, ristretto255.NewScalar().Multiply(c, v)}, []*secret.Element{k, two.B, secret.Generator()}))
		forged.C, forged.Z = append(forged.C, c), append(forged.Z, z)
	}
	require.ErrorIs(t, check(two, 0, 1, forged, ctx), secret.ErrInvalidProof)

	// Any single changed byte of an honest proof makes it fail (or not decode).
	enc1 := p1.Encode()
	for i := 0; i < len(enc1); i += 7 {
		bad := bytes.Clone(enc1)
		bad[i] ^= 0x01
		p, err := secret.DecodeRangeProof(bad, 2)
		if err != nil {
			continue
		}
		require.ErrorIs(t, check(one, 0, 1, p, ctx), secret.ErrInvalidProof, "byte %d changed", i)
	}
	// And so does a changed ciphertext.
	shifted := secret.Ciphertext{A: one.A, B: ristretto255.NewElement().Add(one.B, secret.Generator())}
	require.ErrorIs(t, check(shifted, 0, 1, p1, ctx), secret.ErrInvalidProof)
}

func TestSelections(t *testing.T) {
	k, _, _, _ := trustees(t, 2, 3)
	ctx := []byte("chain/election 7/voter/question 0")
	single, err := secret.EncryptSelection(rand.Reader, k, []uint64{0, 1, 0, 0}, 1, 1, ctx)
	require.NoError(t, err)
	require.NoError(t, secret.VerifySelection(k, single, 4, 1, 1, ctx))
	require.Error(t, secret.VerifySelection(k, single, 4, 1, 1, []byte("another voter")))
	require.Error(t, secret.VerifySelection(k, single, 3, 1, 1, ctx))

	// Two choices in a single-choice question: the voter's client refuses;
	// a selection proven for "two" is not one for "exactly one".
	_, err = secret.EncryptSelection(rand.Reader, k, []uint64{1, 1, 0, 0}, 1, 1, ctx)
	require.Error(t, err)
	double, err := secret.EncryptSelection(rand.Reader, k, []uint64{1, 1, 0, 0}, 0, 2, ctx)
	require.NoError(t, err)
	require.NoError(t, secret.VerifySelection(k, double, 4, 0, 2, ctx), "approval of at most 2")
	require.ErrorIs(t, secret.VerifySelection(k, double, 4, 1, 1, ctx), secret.ErrInvalidProof)

	// Swapping two options' proofs, or an option's ciphertext, fails.
	swapped := *single
	swapped.OptionProofs = []*secret.RangeProof{single.OptionProofs[1], single.OptionProofs[0], single.OptionProofs[2], single.OptionProofs[3]}
	require.ErrorIs(t, secret.VerifySelection(k, &swapped, 4, 1, 1, ctx), secret.ErrInvalidProof)
	other := *single
	other.Options = append([]secret.Ciphertext{double.Options[0]}, single.Options[1:]...)
	require.ErrorIs(t, secret.VerifySelection(k, &other, 4, 1, 1, ctx), secret.ErrInvalidProof)

	// The ballot context binds a voter: alice's answer is not bob's.
	alice := secret.BallotContext("civitas-1", 7, []byte("alice"), 0)
	own, err := secret.EncryptSelection(rand.Reader, k, []uint64{0, 0, 1, 0}, 1, 1, alice)
	require.NoError(t, err)
	require.NoError(t, secret.VerifySelection(k, own, 4, 1, 1, alice))
	for _, other := range [][]byte{
		secret.BallotContext("civitas-1", 7, []byte("bob"), 0), secret.BallotContext("civitas-2", 7, []byte("alice"), 0),
		secret.BallotContext("civitas-1", 8, []byte("alice"), 0), secret.BallotContext("civitas-1", 7, []byte("alice"), 1),
		secret.BallotContext("civitas-1", 7, []byte("alic"), 0),
	} {
		require.ErrorIs(t, secret.VerifySelection(k, own, 4, 1, 1, other), secret.ErrInvalidProof)
	}

	// Several ballots batched: one bad one fails the batch.
	bt := secret.NewBatch(k)
	require.NoError(t, bt.AddSelection(single, 4, 1, 1, ctx))
	require.NoError(t, bt.AddSelection(double, 4, 0, 2, ctx))
	require.NoError(t, bt.Verify())
	require.ErrorIs(t, bt.AddSelection(&other, 4, 1, 1, ctx), secret.ErrInvalidProof, "the changed ciphertext changes the challenge")
	// A changed response keeps the challenges adding up: the batched
	// equations catch it.
	bad := *single
	p0 := *single.OptionProofs[0]
	p0.Z = append([]*secret.Scalar{ristretto255.NewScalar().Add(p0.Z[0], secret.ScalarFromUint64(1))}, p0.Z[1:]...)
	bad.OptionProofs = append([]*secret.RangeProof{&p0}, single.OptionProofs[1:]...)
	bt = secret.NewBatch(k)
	require.NoError(t, bt.AddSelection(single, 4, 1, 1, ctx))
	require.NoError(t, bt.AddSelection(&bad, 4, 1, 1, ctx), "its challenges add up; its equations do not")
	require.True(t, errors.Is(bt.Verify(), secret.ErrInvalidProof))
}

func TestDiscreteLog(t *testing.T) {
	for _, m := range []uint64{0, 1, 2, 99, 100, 12345} {
		p := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(m))
		got, err := secret.DiscreteLog(p, 12345)
		require.NoError(t, err)
		require.Equal(t, m, got)
	}
	p := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(101))
	_, err := secret.DiscreteLog(p, 100)
	require.Error(t, err, "above the bound")
	_, err = secret.Lagrange(1, []uint64{1, 1, 2})
	require.Error(t, err)
	_, err = secret.Lagrange(3, []uint64{1, 2})
	require.Error(t, err)
}

// BenchmarkVerifySelection: checking one 4-option single-choice question
// (four 0/1 proofs and a count proof, batched), beside the same run's
// baseline, the secp256k1 signature check every ballot (public or secret)
// already pays (go test ./x/voting/secret/ -run '^$' -bench VerifySelection).
func BenchmarkVerifySelection(b *testing.B) {
	b.Run("baseline-secp256k1-signature", func(b *testing.B) {
		key := secp256k1.GenPrivKey()
		msg := []byte("civitas/ballot/v1 sign bytes of a public ballot")
		sig, err := key.Sign(msg)
		require.NoError(b, err)
		pub := key.PubKey()
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			if !pub.VerifySignature(msg, sig) {
				b.Fatal("signature")
			}
		}
	})
	for _, options := range []int{2, 4, 8} {
		b.Run(string(rune('0'+options))+"-options", func(b *testing.B) {
			k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(12345))
			choices := make([]uint64, options)
			choices[1] = 1
			ctx := []byte("ctx")
			s, err := secret.EncryptSelection(rand.Reader, k, choices, 1, 1, ctx)
			require.NoError(b, err)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if err := secret.VerifySelection(k, s, options, 1, 1, ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkEncryptSelection: a voter's client encrypting and proving a
// 4-option single-choice answer.
func BenchmarkEncryptSelection(b *testing.B) {
	k := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(12345))
	for i := 0; i < b.N; i++ {
		if _, err := secret.EncryptSelection(rand.Reader, k, []uint64{0, 1, 0, 0}, 1, 1, []byte("ctx")); err != nil {
			b.Fatal(err)
		}
	}
}
