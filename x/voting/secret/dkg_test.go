package secret_test

import (
	"crypto/rand"
	"testing"

	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// TestKeyCeremony: five trustees make a 3-of-5 key; trustee 4 deals trustee
// 2 a bad share and is caught by the complaint, so it is left out; a false
// complaint and a forged one fail; the key and the public shares follow
// from the qualified deals; any three trustees decrypt a total made of
// ballots encrypted under the key.
func TestKeyCeremony(t *testing.T) {
	const threshold, n = 3, 5
	ctx := []byte("civitas-local-1/election 9")
	comm := make([]*secret.Scalar, n)
	pubs := make([]*secret.Element, n)
	for j := range comm {
		var err error
		comm[j], err = secret.RandomScalar(rand.Reader)
		require.NoError(t, err)
		pubs[j] = ristretto255.NewElement().ScalarBaseMult(comm[j])
	}
	deals := make([]*secret.Deal, n)
	for i := range deals {
		var err error
		deals[i], err = secret.NewDeal(rand.Reader, uint64(i+1), threshold, pubs, ctx)
		require.NoError(t, err)
		require.NoError(t, deals[i].Check(threshold, n, ctx))
	}
	require.Error(t, deals[0].Check(threshold, n, []byte("another election")), "the proof of knowledge is bound to the election")
	copied := *deals[1]
	copied.Dealer = 1
	require.ErrorIs(t, copied.Check(threshold, n, ctx), secret.ErrInvalidProof, "another dealer's commitments under one's own index")
	require.Error(t, deals[0].Check(threshold+1, n, ctx))
	require.Error(t, deals[0].Check(0, n, ctx), "a threshold of 0")
	stolenY := *deals[2]
	stolenY.Ephemeral, stolenY.EphemeralPoK = deals[1].Ephemeral, deals[1].EphemeralPoK
	require.ErrorIs(t, stolenY.Check(threshold, n, ctx), secret.ErrInvalidProof, "another dealer's ephemeral key, whose pads complaints would expose")

	// Trustee 4 cheats trustee 2.
	deals[3].Shares[1][0] ^= 0x55
	_, err := deals[3].OpenShare(2, comm[1], ctx)
	require.Error(t, err)
	c, err := deals[3].Complain(rand.Reader, 2, comm[1], ctx)
	require.NoError(t, err)
	guilty, err := deals[3].JudgeComplaint(c, pubs[1], ctx)
	require.NoError(t, err)
	require.True(t, guilty, "the revealed share convicts the dealer")
	// A false complaint (trustee 3 against the honest trustee 1) is rejected.
	c, err = deals[0].Complain(rand.Reader, 3, comm[2], ctx)
	require.NoError(t, err)
	guilty, err = deals[0].JudgeComplaint(c, pubs[2], ctx)
	require.NoError(t, err)
	require.False(t, guilty)
	// A complaint with a made-up shared point does not hold.
	c.Shared = ristretto255.NewElement().Base()
	_, err = deals[0].JudgeComplaint(c, pubs[2], ctx)
	require.ErrorIs(t, err, secret.ErrInvalidProof)

	qualified := []*secret.Deal{deals[0], deals[1], deals[2], deals[4]}
	k := secret.ElectionKey(qualified)
	shares := make([]*secret.Scalar, n)
	for j := range shares {
		var opened []*secret.Scalar
		for _, d := range qualified {
			s, err := d.OpenShare(uint64(j+1), comm[j], ctx)
			require.NoError(t, err)
			opened = append(opened, s)
		}
		shares[j] = secret.SecretShare(opened)
		require.Equal(t, 1, ristretto255.NewElement().ScalarBaseMult(shares[j]).Equal(secret.PublicShare(qualified, uint64(j+1))),
			"trustee %d's public share follows from the commitments", j+1)
	}

	// Ballots under the key: 1 + 0 + 1.
	total := secret.Zero()
	for _, m := range []uint64{1, 0, 1} {
		r, err := secret.RandomScalar(rand.Reader)
		require.NoError(t, err)
		total = total.Add(secret.Encrypt(k, m, r))
	}
	for _, set := range [][]int{{0, 1, 2}, {1, 3, 4}, {0, 2, 4}} {
		var parts []secret.PartialDecryption
		for _, j := range set {
			d := ristretto255.NewElement().ScalarMult(shares[j], total.A)
			p, err := secret.ProveDLEQ(rand.Reader, shares[j], total.A, ctx)
			require.NoError(t, err)
			require.NoError(t, secret.VerifyDLEQ(secret.PublicShare(qualified, uint64(j+1)), total.A, d, p, ctx))
			parts = append(parts, secret.PartialDecryption{Index: uint64(j + 1), D: d, Proof: p})
		}
		got, err := secret.Combine(total, parts, 3)
		require.NoError(t, err)
		require.Equal(t, uint64(2), got, "trustees %v", set)
	}
}

func TestCommunicationKeyProof(t *testing.T) {
	e, err := secret.RandomScalar(rand.Reader)
	require.NoError(t, err)
	E := ristretto255.NewElement().ScalarBaseMult(e)
	ctx := secret.CeremonyContext("chain", 7)
	p, err := secret.ProveCommunicationKey(rand.Reader, e, E, ctx, 3)
	require.NoError(t, err)
	require.Len(t, p, secret.SchnorrSize)
	require.NoError(t, secret.VerifyCommunicationKey(E, p, ctx, 3))
	require.Error(t, secret.VerifyCommunicationKey(E, p, ctx, 2), "another index")
	require.Error(t, secret.VerifyCommunicationKey(E, p, secret.CeremonyContext("chain", 8), 3), "another election")
	double := ristretto255.NewElement().Add(E, E)
	require.Error(t, secret.VerifyCommunicationKey(double, p, ctx, 3), "a multiple of the key")
	for i := range p {
		bad := append([]byte(nil), p...)
		bad[i] ^= 1
		require.Error(t, secret.VerifyCommunicationKey(E, bad, ctx, 3), "byte %d changed", i)
	}
	require.Error(t, secret.VerifyCommunicationKey(E, p[:63], ctx, 3))
}
