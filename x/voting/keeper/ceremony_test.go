package keeper_test

import (
	"crypto/rand"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/gtank/ristretto255"
	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// ceremonyFixture is a SECRET election created through MsgCreateElection
// with n trustees (threshold t), and their communication secrets.
type ceremonyFixture struct {
	e        types.Election
	trustees []string
	comm     []*secret.Scalar
	pubs     []*secret.Element
	ctx      []byte
}

func (f *fixture) secretElection(t *testing.T, threshold, n int, more ...types.Question) *ceremonyFixture {
	t.Helper()
	// Ten minutes of complaints: dealing closes before start − 10 min.
	p, err := f.k.Params.Get(f.ctx)
	require.NoError(t, err)
	p.KeyComplaintSeconds = 600
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	cf := &ceremonyFixture{}
	m := f.electionMsg()
	m.Questions = append(m.Questions, more...)
	m.Privacy, m.Threshold = types.PRIVACY_SECRET, uint32(threshold)
	for j := 0; j < n; j++ {
		a := sdk.AccAddress([]byte{'t', 'r', 'u', 's', 't', 'e', 'e', byte(f.ctx.BlockHeight()), byte(j), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}).String()
		cf.trustees = append(cf.trustees, a)
		if j == 0 {
			a = strings.ToUpper(a) // kept in canonical form
		}
		m.Trustees = append(m.Trustees, a)
		s, err := secret.RandomScalar(rand.Reader)
		require.NoError(t, err)
		cf.comm = append(cf.comm, s)
		cf.pubs = append(cf.pubs, ristretto255.NewElement().ScalarBaseMult(s))
	}
	e := f.create(t, m)
	require.Equal(t, types.PRIVACY_SECRET, e.Privacy)
	require.Equal(t, cf.trustees[0], e.KeyCeremony.Trustees[0].Address)
	require.Equal(t, types.CEREMONY_STATUS_REGISTERING, e.KeyCeremony.Status)
	cf.e, cf.ctx = e, secret.CeremonyContext(e.ChainId, e.Id)
	return cf
}

// proof is trustee j's proof of knowledge of its communication key, made
// for trustee index idx.
func (cf *ceremonyFixture) proof(t *testing.T, j, idx int) []byte {
	t.Helper()
	p, err := secret.ProveCommunicationKey(rand.Reader, cf.comm[j], cf.pubs[j], cf.ctx, uint64(idx))
	require.NoError(t, err)
	return p
}

// registerAll registers every trustee's communication key.
func (f *fixture) registerAll(t *testing.T, cf *ceremonyFixture) {
	t.Helper()
	for j := range cf.trustees {
		_, err := f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: cf.trustees[j], ElectionId: cf.e.Id, CommunicationKey: cf.pubs[j].Encode(nil), Proof: cf.proof(t, j, j+1)})
		require.NoError(t, err)
	}
}

// newDeals makes every trustee's deal of a threshold-of-n key.
func (cf *ceremonyFixture) newDeals(t *testing.T, threshold int) []*secret.Deal {
	t.Helper()
	deals := make([]*secret.Deal, len(cf.trustees))
	for j := range deals {
		var err error
		deals[j], err = secret.NewDeal(rand.Reader, uint64(j+1), threshold, cf.pubs, cf.ctx)
		require.NoError(t, err)
	}
	return deals
}

func (f *fixture) ceremony(t *testing.T, id uint64) *types.KeyCeremony {
	t.Helper()
	e, err := f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	return e.KeyCeremony
}

func dealMsg(trustee string, id uint64, d *secret.Deal) *types.MsgDealKeyShares {
	return types.DealMsg(trustee, id, d)
}

// TestKeyCeremonyOnChain: five trustees make a 3-of-5 key through the Msgs:
// registration, deals (trustee 4 cheats trustee 2, trustee 5 never deals),
// the officer closes dealing, trustee 2's complaint disqualifies trustee 4,
// false and misdirected complaints are refused, and the key and public
// shares follow from deals 1–3; every wrong signer and bad input is refused.
func TestKeyCeremonyOnChain(t *testing.T) {
	f := newFixture(t)
	cf := f.secretElection(t, 3, 5)
	id := cf.e.Id
	register := func(j int, key []byte, proof ...[]byte) error {
		p := cf.proof(t, j, j+1)
		if len(proof) > 0 {
			p = proof[0]
		}
		_, err := f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: cf.trustees[j], ElectionId: id, CommunicationKey: key, Proof: p})
		return err
	}
	requireErr(t, types.ErrUnauthorized, func() error {
		_, err := f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: f.alice.Address.String(), ElectionId: id, CommunicationKey: cf.pubs[0].Encode(nil)})
		return err
	}(), "not a trustee")
	requireErr(t, types.ErrKeyCeremony, register(0, []byte{1, 2, 3}), "not a key")
	_, err := f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: "civ1bad", ElectionId: id, CommunicationKey: cf.pubs[0].Encode(nil)})
	requireErr(t, types.ErrInvalidAddress, err)
	requireErr(t, types.ErrKeyCeremony, register(0, make([]byte, 32)), "the identity")
	requireErr(t, types.ErrKeyCeremony, register(0, cf.pubs[0].Encode(nil), nil), "no proof of knowledge")
	requireErr(t, types.ErrKeyCeremony, register(0, cf.pubs[0].Encode(nil), cf.proof(t, 0, 2)), "a proof made for trustee 2")
	requireErr(t, types.ErrKeyCeremony, register(0, cf.pubs[1].Encode(nil), cf.proof(t, 0, 1)), "another trustee's key, without its secret")
	_, err = f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: strings.ToUpper(cf.trustees[0]), ElectionId: id, CommunicationKey: cf.pubs[0].Encode(nil), Proof: cf.proof(t, 0, 1)})
	require.NoError(t, err, "an upper-case address is the same trustee")
	requireErr(t, types.ErrKeyCeremony, register(0, cf.pubs[0].Encode(nil)), "twice")
	requireErr(t, types.ErrKeyCeremony, register(1, cf.pubs[0].Encode(nil), cf.proof(t, 0, 2)), "another trustee's key, even with its secret")
	deals := cf.newDeals(t, 3)
	_, err = f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[0], id, deals[0]))
	requireErr(t, types.ErrKeyCeremony, err, "dealing before every key is in")
	for j := 1; j < 5; j++ {
		require.NoError(t, register(j, cf.pubs[j].Encode(nil)))
	}
	require.Equal(t, types.CEREMONY_STATUS_DEALING, f.ceremony(t, id).Status)

	// Deals: a deal made for another index, a deal of another election and
	// a truncated one are refused; trustee 4 cheats trustee 2; 5 never deals.
	_, err = f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[0], id, deals[1]))
	requireErr(t, types.ErrKeyCeremony, err, "trustee 2's deal sent by trustee 1")
	other, err := secret.NewDeal(rand.Reader, 1, 3, cf.pubs, secret.CeremonyContext(cf.e.ChainId, id+1))
	require.NoError(t, err)
	_, err = f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[0], id, other))
	requireErr(t, types.ErrKeyCeremony, err, "a deal for another election")
	copyY := dealMsg(cf.trustees[0], id, deals[0])
	copyY.Ephemeral, copyY.EphemeralPokCommitment, copyY.EphemeralPokResponse = dealMsg("", id, deals[1]).Ephemeral, dealMsg("", id, deals[1]).EphemeralPokCommitment, dealMsg("", id, deals[1]).EphemeralPokResponse
	_, err = f.ms.DealKeyShares(f.ctx, copyY)
	requireErr(t, types.ErrKeyCeremony, err, "another dealer's ephemeral key: its proof of knowledge is bound to the dealer")
	short := dealMsg(cf.trustees[0], id, deals[0])
	short.Shares = short.Shares[:4]
	_, err = f.ms.DealKeyShares(f.ctx, short)
	requireErr(t, types.ErrKeyCeremony, err, "a share missing")
	deals[3].Shares[1][3] ^= 0x42
	for j := 0; j < 4; j++ {
		_, err := f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[j], id, deals[j]))
		require.NoError(t, err, "deal %d", j+1)
	}
	_, err = f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[0], id, deals[0]))
	requireErr(t, types.ErrKeyCeremony, err, "dealt twice")

	_, err = f.ms.CloseKeyDealing(f.ctx, &types.MsgCloseKeyDealing{Officer: f.alice.Address.String(), ElectionId: id})
	requireErr(t, types.ErrUnauthorized, err)
	p := types.DefaultParams()
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	_, err = f.ms.CloseKeyDealing(f.ctx, &types.MsgCloseKeyDealing{Officer: f.officer.Address.String(), ElectionId: id})
	requireErr(t, types.ErrKeyCeremony, err, "a day of complaints would end after the start, in an hour")
	_, err = f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[4], id, cf.newDeals(t, 3)[4]))
	requireErr(t, types.ErrKeyCeremony, err, "nor may anyone deal so late")
	p.KeyComplaintSeconds = 600
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	_, err = f.ms.CloseKeyDealing(f.ctx, &types.MsgCloseKeyDealing{Officer: f.officer.Address.String(), ElectionId: id})
	require.NoError(t, err)
	c := f.ceremony(t, id)
	require.Equal(t, types.CEREMONY_STATUS_COMPLAINING, c.Status)
	require.Equal(t, f.now().Add(10*time.Minute), c.ComplaintDeadline)
	require.True(t, c.Trustees[4].Disqualified, "trustee 5 did not deal")

	// Complaints.
	complain := func(j int, dealer int, comp *secret.Complaint) error {
		_, err := f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: cf.trustees[j], ElectionId: id, Dealer: uint32(dealer),
			SharedPoint: comp.Shared.Encode(nil), Proof: comp.Proof.Encode()})
		return err
	}
	_, err = deals[3].OpenShare(2, cf.comm[1], cf.ctx)
	require.Error(t, err, "trustee 2's share from trustee 4 is bad")
	good, err := deals[0].Complain(rand.Reader, 3, cf.comm[2], cf.ctx)
	require.NoError(t, err)
	requireErr(t, types.ErrKeyCeremony, complain(2, 1, good), "a false complaint")
	requireErr(t, types.ErrKeyCeremony, complain(1, 1, good), "another trustee's revelation")
	requireErr(t, types.ErrKeyCeremony, complain(2, 5, good), "against a trustee without a deal")
	requireErr(t, types.ErrKeyCeremony, complain(2, 3, good), "against oneself")
	bad, err := deals[3].Complain(rand.Reader, 2, cf.comm[1], cf.ctx)
	require.NoError(t, err)
	require.NoError(t, complain(1, 4, bad))
	c = f.ceremony(t, id)
	require.True(t, c.Trustees[3].Disqualified)
	require.Contains(t, c.Trustees[3].DisqualifiedReason, "dealt trustee 2 a share that does not match")

	// Finalization waits for the others' word or the deadline.
	finalize := func() (*types.MsgFinalizeKeyResponse, error) {
		return f.ms.FinalizeKey(f.ctx, &types.MsgFinalizeKey{Signer: f.bob.Address.String(), ElectionId: id})
	}
	_, err = finalize()
	requireErr(t, types.ErrKeyCeremony, err, "five trustees have not acknowledged")
	for j := 0; j < 5; j++ {
		_, err := f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: cf.trustees[j], ElectionId: id})
		require.NoError(t, err)
	}
	res, err := finalize()
	require.NoError(t, err)
	require.Equal(t, types.CEREMONY_STATUS_FINAL, res.Status)
	qualified := deals[:3]
	require.Equal(t, secret.ElectionKey(qualified).Encode(nil), res.ElectionKey)
	c = f.ceremony(t, id)
	require.Equal(t, res.ElectionKey, c.ElectionKey)
	for j := 0; j < 5; j++ {
		var opened []*secret.Scalar
		for _, d := range qualified {
			s, err := d.OpenShare(uint64(j+1), cf.comm[j], cf.ctx)
			require.NoError(t, err)
			opened = append(opened, s)
		}
		require.Equal(t, ristretto255.NewElement().ScalarBaseMult(secret.SecretShare(opened)).Encode(nil), c.Trustees[j].PublicShare,
			"trustee %d's public share", j+1)
	}
	_, err = finalize()
	requireErr(t, types.ErrKeyCeremony, err, "final already")
}

// TestKeyCeremonyFailsBelowThreshold: with two of three dealers left after
// a conviction, a 3-of-3 ceremony fails at the deadline; and no step runs
// once the election has started.
func TestKeyCeremonyFailsBelowThreshold(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.KeyComplaintSeconds = 60 // the window must close before the start (in an hour)
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	cf := f.secretElection(t, 3, 3)
	id := cf.e.Id
	f.registerAll(t, cf)
	deals := cf.newDeals(t, 3)
	deals[2].Shares[0][0] ^= 1
	for j := range deals {
		_, err := f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[j], id, deals[j]))
		require.NoError(t, err)
	}
	c := f.ceremony(t, id)
	require.Equal(t, types.CEREMONY_STATUS_COMPLAINING, c.Status, "every trustee dealt: dealing closed by itself")
	bad, err := deals[2].Complain(rand.Reader, 1, cf.comm[0], cf.ctx)
	require.NoError(t, err)
	_, err = f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: cf.trustees[0], ElectionId: id, Dealer: 3,
		SharedPoint: bad.Shared.Encode(nil), Proof: bad.Proof.Encode()})
	require.NoError(t, err)
	f.at(t, c.ComplaintDeadline)
	_, err = f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: cf.trustees[0], ElectionId: id, Dealer: 2,
		SharedPoint: bad.Shared.Encode(nil), Proof: bad.Proof.Encode()})
	requireErr(t, types.ErrKeyCeremony, err, "after the complaint deadline")
	res, err := f.ms.FinalizeKey(f.ctx, &types.MsgFinalizeKey{Signer: f.bob.Address.String(), ElectionId: id})
	require.NoError(t, err)
	require.Equal(t, types.CEREMONY_STATUS_FAILED, res.Status)
	require.Empty(t, f.ceremony(t, id).ElectionKey)

	cf2 := f.secretElection(t, 2, 2)
	f.at(t, cf2.e.StartTime.Add(time.Second))
	e2, err := f.k.GetElection(f.ctx, cf2.e.Id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_CANCELLED, e2.Status, "a secret election without a key does not open")
	require.Equal(t, "no election key at the start: the key ceremony is CEREMONY_STATUS_REGISTERING", e2.CancelReason)
	// The failed ceremony's election (3-of-3 above) is cancelled at its start too.
	e1, err := f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_CANCELLED, e1.Status)
	require.Empty(t, e1.CancelledBy, "cancelled by the chain")
	// The chain's cancellations (no officer) export and import.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	g := newFixture(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	_, err = f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: cf2.trustees[0], ElectionId: cf2.e.Id, CommunicationKey: cf2.pubs[0].Encode(nil)})
	require.Error(t, err, "the ceremony ends at the start")
	_, err = f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: cf.trustees[0], ElectionId: 1, CommunicationKey: cf.pubs[0].Encode(nil)})
	require.Error(t, err)
}

// TestSecretBallotsRunningTally: in a SECRET election with a final key,
// encrypted ballots are checked (signature and proofs) and added to the
// running ciphertext sums, weighted; a revote subtracts the replaced
// ballot; a ballot with a bad proof, a public ballot and encrypted answers
// of another voter are refused; the sums decrypt to the totals. (The key
// is x·G here; the trustees' threshold decryption comes next.)
func TestSecretBallotsRunningTally(t *testing.T) {
	f := newFixture(t)
	e := f.create(t, f.electionMsg()) // one single-choice question: Ann, Ben, Cy
	v1, v2, v3 := voter(1), voter(2), voter(3)
	f.setVoters(t, e.Id, 1, v1, v2)
	f.setVoters(t, e.Id, 3, v3)
	x := secret.ScalarFromUint64(987654321)
	k := ristretto255.NewElement().ScalarBaseMult(x)
	e, err := f.k.GetElection(f.ctx, e.Id)
	require.NoError(t, err)
	e.Privacy = types.PRIVACY_SECRET
	e.KeyCeremony = &types.KeyCeremony{Threshold: 1, Status: types.CEREMONY_STATUS_FINAL, ElectionKey: k.Encode(nil)}
	require.NoError(t, f.k.Elections.Set(f.ctx, e.Id, e))
	f.at(t, e.StartTime)
	e, err = f.k.GetElection(f.ctx, e.Id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_OPEN, e.Status)

	sign := func(key *secp256k1.PrivKey, counter uint32, choice []uint64) types.SignedBallot {
		b, err := types.SignSecretBallot(rand.Reader, key, &e, k, counter, [][]uint64{choice}, nil)
		require.NoError(t, err)
		return b
	}
	out := f.cast(t, sign(v1, 1, []uint64{1, 0, 0}), sign(v2, 1, []uint64{0, 1, 0}), sign(v3, 1, []uint64{0, 1, 0}))
	for i, o := range out {
		require.True(t, o.Counted, "ballot %d: %s", i, o.Error)
	}
	// v2 changes its mind: Ben → Cy.
	out = f.cast(t, sign(v2, 2, []uint64{0, 0, 1}))
	require.True(t, out[0].Counted, out[0].Error)

	decrypt := func() []uint64 {
		tally, err := f.k.EncryptedTallies.Get(f.ctx, e.Id)
		require.NoError(t, err)
		var got []uint64
		for _, raw := range tally.Questions[0].Options {
			ct, err := secret.DecodeCiphertext(raw)
			require.NoError(t, err)
			m := ristretto255.NewElement().Subtract(ct.B, ristretto255.NewElement().ScalarMult(x, ct.A))
			v, err := secret.DiscreteLog(m, 10)
			require.NoError(t, err)
			got = append(got, v)
		}
		return got
	}
	require.Equal(t, []uint64{1, 3, 1}, decrypt(), "Ann 1, Ben 3 (v3 weighs 3), Cy 1 after the revote")
	tally := f.tally(t, e.Id)
	require.Equal(t, uint64(3), tally.Ballots)
	require.Equal(t, uint64(1), tally.Overwrites)

	// Refused: a proof for another voter (v1's answers re-signed by v2's key),
	// a public ballot, and a ballot whose count proof was swapped in.
	stolen := sign(v1, 3, []uint64{0, 0, 1})
	sb, err := types.SecretSignBytes(e.ChainId, e.Id, v2.PubKey().Bytes(), 3, stolen.EncryptedAnswers)
	require.NoError(t, err)
	sig, err := v2.Sign(sb)
	require.NoError(t, err)
	copied := types.SignedBallot{ElectionId: e.Id, VoterPubKey: v2.PubKey().Bytes(), Counter: 3, EncryptedAnswers: stolen.EncryptedAnswers, Signature: sig}
	f.refused(t, types.ErrInvalidAnswer, copied)
	f.refused(t, types.ErrInvalidBallot, f.sign(t, v1, e.Id, 4, single(0)))
	require.Equal(t, []uint64{1, 3, 1}, decrypt(), "nothing refused was added")
}

// TestSecretElectionDecryptsOnlyTheSums: a 2-of-3 secret election made by
// the ceremony Msgs; ballots go into the encrypted sums; nothing can be
// decrypted before the end; after it the election waits CLOSED; a bad
// partial decryption is refused; one trustee is not enough; with two the
// published totals are checked (a wrong total is refused) and the election
// is FINAL with the decrypted result.
func TestSecretElectionDecryptsOnlyTheSums(t *testing.T) {
	f := newFixture(t)
	p := types.DefaultParams()
	p.KeyComplaintSeconds = 60
	require.NoError(t, f.k.Params.Set(f.ctx, p))
	// A second question: every question's totals are published, or none.
	cf := f.secretElection(t, 2, 3, types.Question{Title: "Parks", Type: types.BALLOT_TYPE_APPROVAL, Options: options("North", "South"), MinChoices: 1, MaxChoices: 2})
	id := cf.e.Id
	f.registerAll(t, cf)
	deals := cf.newDeals(t, 2)
	_, err := f.ms.DealKeyShares(f.ctx, dealMsg(f.alice.Address.String(), id, deals[0]))
	requireErr(t, types.ErrUnauthorized, err, "a deal by a non-trustee")
	for j := range deals {
		_, err := f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[j], id, deals[j]))
		require.NoError(t, err)
	}
	comp, err := deals[0].Complain(rand.Reader, 2, cf.comm[1], cf.ctx)
	require.NoError(t, err)
	_, err = f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: f.alice.Address.String(), ElectionId: id, Dealer: 1,
		SharedPoint: comp.Shared.Encode(nil), Proof: comp.Proof.Encode()})
	requireErr(t, types.ErrUnauthorized, err, "a complaint by a non-trustee")
	_, err = f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: cf.trustees[1], ElectionId: id, Dealer: 1,
		SharedPoint: []byte{1}, Proof: comp.Proof.Encode()})
	requireErr(t, types.ErrKeyCeremony, err, "a shared point that is not an element")
	_, err = f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: f.alice.Address.String(), ElectionId: id})
	requireErr(t, types.ErrUnauthorized, err, "an acknowledgment by a non-trustee")
	for j := 0; j < 3; j++ {
		_, err := f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: cf.trustees[j], ElectionId: id})
		require.NoError(t, err)
	}
	_, err = f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: cf.trustees[0], ElectionId: id})
	requireErr(t, types.ErrKeyCeremony, err, "acknowledged twice")
	_, err = f.ms.FinalizeKey(f.ctx, &types.MsgFinalizeKey{Signer: "civ1bad", ElectionId: id})
	requireErr(t, types.ErrInvalidAddress, err)
	res, err := f.ms.FinalizeKey(f.ctx, &types.MsgFinalizeKey{Signer: f.bob.Address.String(), ElectionId: id})
	require.NoError(t, err)
	k, err := secret.DecodeElement(res.ElectionKey, "key")
	require.NoError(t, err)
	shares := make([]*secret.Scalar, 3)
	for j := range shares {
		var opened []*secret.Scalar
		for _, d := range deals {
			s, err := d.OpenShare(uint64(j+1), cf.comm[j], cf.ctx)
			require.NoError(t, err)
			opened = append(opened, s)
		}
		shares[j] = secret.SecretShare(opened)
	}

	v1, v2, v3 := voter(11), voter(12), voter(13)
	f.setVoters(t, id, 1, v1, v2, v3)
	e, err := f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	f.at(t, e.StartTime)
	e, err = f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	for i, key := range []*secp256k1.PrivKey{v1, v2, v3} {
		choice := []uint64{0, 0, 0}
		choice[[]int{2, 0, 2}[i]] = 1
		b, err := types.SignSecretBallot(rand.Reader, key, &e, k, 1, [][]uint64{choice, {1, uint64(i % 2)}}, nil)
		require.NoError(t, err)
		out := f.cast(t, b)
		require.True(t, out[0].Counted, out[0].Error)
	}
	tally, err := f.k.EncryptedTallies.Get(f.ctx, id)
	require.NoError(t, err)
	decryptMsg := func(j int) *types.MsgDecryptShares {
		m := &types.MsgDecryptShares{Trustee: cf.trustees[j], ElectionId: id}
		for qi := range tally.Questions {
			for oi, raw := range tally.Questions[qi].Options {
				ct, err := secret.DecodeCiphertext(raw)
				require.NoError(t, err)
				d := ristretto255.NewElement().ScalarMult(shares[j], ct.A)
				proof, err := secret.ProveDLEQ(rand.Reader, shares[j], ct.A, secret.TallyContext(e.ChainId, id, qi, oi))
				require.NoError(t, err)
				m.Shares = append(m.Shares, append(d.Encode(nil), proof.Encode()...))
			}
		}
		return m
	}
	_, err = f.ms.DecryptShares(f.ctx, decryptMsg(0))
	requireErr(t, types.ErrWrongStatus, err, "never before the end")

	f.at(t, e.EndTime)
	f.at(t, e.EndTime.Add(time.Second))
	e, err = f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_TALLYING, e.Status, "a secret election waits for its decryption")
	// A late ballot is refused and leaves the ended election's tally as it is.
	late, err := types.SignSecretBallot(rand.Reader, v1, &e, k, 2, [][]uint64{{1, 0, 0}, {1, 0}}, nil)
	require.NoError(t, err)
	out := f.cast(t, late)
	require.False(t, out[0].Counted)
	require.Contains(t, out[0].Error, "not open for ballots")
	require.Zero(t, f.tally(t, id).Invalid, "the tally is frozen once the election ended")

	forged := decryptMsg(1)
	forged.Trustee = cf.trustees[0] // trustee 2's shares under trustee 1's public share
	_, err = f.ms.DecryptShares(f.ctx, forged)
	requireErr(t, types.ErrKeyCeremony, err, "a partial decryption that is not trustee 1's")
	_, err = f.ms.DecryptShares(f.ctx, &types.MsgDecryptShares{Trustee: f.alice.Address.String(), ElectionId: id, Shares: decryptMsg(0).Shares})
	requireErr(t, types.ErrUnauthorized, err)
	short := decryptMsg(0)
	short.Shares = short.Shares[:2]
	_, err = f.ms.DecryptShares(f.ctx, short)
	requireErr(t, types.ErrKeyCeremony, err, "a share missing")
	cut := decryptMsg(0)
	cut.Shares[1] = cut.Shares[1][:100]
	_, err = f.ms.DecryptShares(f.ctx, cut)
	requireErr(t, types.ErrKeyCeremony, err, "a truncated share")
	_, err = f.ms.DecryptShares(f.ctx, decryptMsg(0))
	require.NoError(t, err)
	publish := func(totals ...uint64) error {
		_, err := f.ms.PublishTotals(f.ctx, &types.MsgPublishTotals{Signer: f.bob.Address.String(), ElectionId: id, Totals: totals})
		return err
	}
	requireErr(t, types.ErrKeyCeremony, publish(1, 0, 2, 3, 1), "one trustee of two")
	_, err = f.ms.DecryptShares(f.ctx, decryptMsg(0))
	requireErr(t, types.ErrKeyCeremony, err, "decrypted twice")
	_, err = f.ms.PublishTotals(f.ctx, &types.MsgPublishTotals{Signer: "civ1bad", ElectionId: id, Totals: []uint64{1, 0, 2}})
	requireErr(t, types.ErrInvalidAddress, err)
	_, err = f.ms.DecryptShares(f.ctx, decryptMsg(2))
	require.NoError(t, err)
	requireErr(t, types.ErrKeyCeremony, publish(0, 1, 2, 3, 1), "a wrong total")
	requireErr(t, types.ErrKeyCeremony, publish(1, 0, 2, 3, 0), "a wrong total in the second question")
	requireErr(t, types.ErrKeyCeremony, publish(1, 0, 2), "only the first question's totals")
	requireErr(t, types.ErrKeyCeremony, publish(1, 0, 2, 3), "a total missing")
	requireErr(t, types.ErrKeyCeremony, publish(1, 0, 2, 3, 1, 0), "a total too many")
	e, err = f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_TALLYING, e.Status, "still TALLYING")
	require.NoError(t, publish(1, 0, 2, 3, 1))
	e, err = f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, types.ELECTION_STATUS_FINAL, e.Status)
	r, err := f.k.Results.Get(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, []uint32{2}, r.Questions[0].Winners, "Cy, with 2 of 3")
	require.Equal(t, []uint32{0}, r.Questions[1].Winners, "North, with 3 of 3")

	// The record verifies, and a tampered copy does not.
	rec := f.tallyRecord(t, id)
	var report strings.Builder
	require.NoError(t, keeper.VerifyTallyRecord(f.k.AddressCodec(), rec, &report))
	require.Contains(t, report.String(), "question 0 option 2 (Cy): 2")
	for name, tamper := range map[string]func(r *types.TallyRecord){
		"a ciphertext byte": func(r *types.TallyRecord) { r.Ballots[0].EncryptedAnswers[0].Ciphertexts[0][3] ^= 1 },
		"a proof byte":      func(r *types.TallyRecord) { r.Ballots[1].EncryptedAnswers[0].OptionProofs[1][40] ^= 1 },
		"a ballot left out": func(r *types.TallyRecord) { r.Ballots = r.Ballots[1:] },
		"a ballot's weight": func(r *types.TallyRecord) { r.Ballots[0].Weight = 2 },
		"the chain's sums": func(r *types.TallyRecord) {
			r.Sums.Questions[0].Options[0], r.Sums.Questions[0].Options[2] = r.Sums.Questions[0].Options[2], r.Sums.Questions[0].Options[0]
		},
		"a partial decryption": func(r *types.TallyRecord) { r.PartialDecryptions[0].Shares[1][5] ^= 1 },
		"a total":              func(r *types.TallyRecord) { r.Tally.Questions[0].Totals[0] = dec("2") },
		"the result's winner":  func(r *types.TallyRecord) { r.Result.Questions[0].Winners = []uint32{0} },
		"the election key": func(r *types.TallyRecord) {
			r.Election.KeyCeremony.ElectionKey = r.Election.KeyCeremony.Trustees[0].PublicShare
		},
		"a trustee's public share": func(r *types.TallyRecord) {
			r.Election.KeyCeremony.Trustees[0].PublicShare = r.Election.KeyCeremony.ElectionKey
		},
		"a deal's commitment":       func(r *types.TallyRecord) { r.KeyDeals[1].Commitments[1] = r.KeyDeals[0].Commitments[1] },
		"a deal left out":           func(r *types.TallyRecord) { r.KeyDeals = r.KeyDeals[:2] },
		"a registry weight":         func(r *types.TallyRecord) { r.Voters[0].Weight = 2 },
		"a registry voter left out": func(r *types.TallyRecord) { r.Voters = r.Voters[1:] },
		"a total left out":          func(r *types.TallyRecord) { r.Tally.Questions[1].Totals = r.Tally.Questions[1].Totals[:1] },
		"a ballot twice":            func(r *types.TallyRecord) { r.Ballots = append(r.Ballots, r.Ballots[0]) },
	} {
		t.Run(name, func(t *testing.T) {
			r := f.tallyRecord(t, id)
			tamper(r)
			require.Error(t, keeper.VerifyTallyRecord(f.k.AddressCodec(), r, io.Discard))
		})
	}

	// The export imports into a fresh chain (every deal, ballot, sum and
	// partial decryption re-checked) and exports the same.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, gs.KeyDeals, 3)
	require.Len(t, gs.EncryptedTallies, 1)
	require.Len(t, gs.PartialDecryptions, 2)
	g := newFixture(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, gs, again)
	for name, tamper := range map[string]func(gs *types.GenesisState){
		"a ciphertext byte": func(gs *types.GenesisState) { gs.Ballots[0].EncryptedAnswers[0].Ciphertexts[1][7] ^= 1 },
		"the sums": func(gs *types.GenesisState) {
			gs.EncryptedTallies[0].Questions[0].Options[1] = gs.EncryptedTallies[0].Questions[0].Options[0]
		},
		"the sums left out":    func(gs *types.GenesisState) { gs.EncryptedTallies = nil },
		"a partial decryption": func(gs *types.GenesisState) { gs.PartialDecryptions[1].Shares[0][40] ^= 1 },
		"a published total":    func(gs *types.GenesisState) { gs.Tallies[0].Questions[0].Totals[1] = dec("1") },
		"a deal's commitment":  func(gs *types.GenesisState) { gs.KeyDeals[1].Commitments[0] = gs.KeyDeals[0].Commitments[0] },
		"a deal left out":      func(gs *types.GenesisState) { gs.KeyDeals = gs.KeyDeals[1:] },
		"the election key":     func(gs *types.GenesisState) { gs.Elections[0].KeyCeremony.ElectionKey = gs.KeyDeals[0].Commitments[0] },
		"a public share": func(gs *types.GenesisState) {
			gs.Elections[0].KeyCeremony.Trustees[2].PublicShare = gs.KeyDeals[0].Commitments[0]
		},
		"a duplicate trustee": func(gs *types.GenesisState) {
			gs.Elections[0].KeyCeremony.Trustees[1].Address = gs.Elections[0].KeyCeremony.Trustees[0].Address
		},
		"a threshold above n":     func(gs *types.GenesisState) { gs.Elections[0].KeyCeremony.Threshold = 4 },
		"a key that is not FINAL": func(gs *types.GenesisState) { gs.Elections[0].KeyCeremony.Status = types.CEREMONY_STATUS_COMPLAINING },
		"a public TALLYING election": func(gs *types.GenesisState) {
			gs.Elections[0].Status = types.ELECTION_STATUS_TALLYING
			gs.Elections[0].Privacy, gs.Elections[0].KeyCeremony = types.PRIVACY_PUBLIC, nil
		},
		"a partial decryption while OPEN": func(gs *types.GenesisState) {
			gs.Elections[0].Status, gs.Results = types.ELECTION_STATUS_OPEN, nil
			gs.Tallies[0].Questions[0].Totals = []string{dec("0"), dec("0"), dec("0")}
		},
	} {
		t.Run("genesis: "+name, func(t *testing.T) {
			gs, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			tamper(gs)
			g := newFixture(t)
			err = g.k.InitGenesis(g.ctx, gs)
			require.True(t, errors.Is(err, types.ErrInvalidGenesis) || errors.Is(err, types.ErrInvalidElection), "%v", err)
		})
	}
}

// tallyRecord assembles a secret election's record from the keeper's state
// (the CLI does it from the queries).
func (f *fixture) tallyRecord(t *testing.T, id uint64) *types.TallyRecord {
	t.Helper()
	r := &types.TallyRecord{}
	var err error
	r.Election, err = f.k.GetElection(f.ctx, id)
	require.NoError(t, err)
	require.NoError(t, f.k.Ballots.Walk(f.ctx, collections.NewPrefixedPairRange[uint64, sdk.AccAddress](id), func(_ collections.Pair[uint64, sdk.AccAddress], b types.Ballot) (bool, error) {
		r.Ballots = append(r.Ballots, b)
		return false, nil
	}))
	r.Sums, err = f.k.EncryptedTallies.Get(f.ctx, id)
	require.NoError(t, err)
	require.NoError(t, f.k.PartialDecryptions.Walk(f.ctx, collections.NewPrefixedPairRange[uint64, uint32](id), func(_ collections.Pair[uint64, uint32], p types.PartialDecryption) (bool, error) {
		r.PartialDecryptions = append(r.PartialDecryptions, p)
		return false, nil
	}))
	r.Tally, err = f.k.Tallies.Get(f.ctx, id)
	require.NoError(t, err)
	res, err := f.k.Results.Get(f.ctx, id)
	require.NoError(t, err)
	r.Result = &res
	require.NoError(t, f.k.KeyDeals.Walk(f.ctx, collections.NewPrefixedPairRange[uint64, uint32](id), func(_ collections.Pair[uint64, uint32], d types.KeyDeal) (bool, error) {
		r.KeyDeals = append(r.KeyDeals, d)
		return false, nil
	}))
	cr, err := f.q.Census(f.ctx, &types.QueryCensusRequest{ElectionId: id})
	require.NoError(t, err)
	r.Voters = cr.Voters
	return r
}

// TestCreateSecretElectionInputs: every bad privacy, trustee list, threshold
// and secret question is refused at creation, naming the value.
func TestCreateSecretElectionInputs(t *testing.T) {
	f := newFixture(t)
	trustees := func(n int) []string {
		var out []string
		for j := 0; j < n; j++ {
			out = append(out, sdk.AccAddress([]byte{'t', 'r', 'u', 's', 't', 'e', 'e', byte(j), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2}).String())
		}
		return out
	}
	secretMsg := func() *types.MsgCreateElection {
		m := f.electionMsg()
		m.Privacy, m.Trustees, m.Threshold = types.PRIVACY_SECRET, trustees(3), 2
		return m
	}
	for name, c := range map[string]struct {
		edit func(m *types.MsgCreateElection)
		err  *errorsmod.Error
		says string
	}{
		"no trustees":         {func(m *types.MsgCreateElection) { m.Trustees = nil; m.Threshold = 0 }, types.ErrInvalidElection, "1 to 32 trustees, got 0"},
		"33 trustees":         {func(m *types.MsgCreateElection) { m.Trustees = trustees(33) }, types.ErrInvalidElection, "got 33"},
		"threshold 0":         {func(m *types.MsgCreateElection) { m.Threshold = 0 }, types.ErrInvalidElection, "threshold must be from 1 to the 3 trustees, got 0"},
		"threshold above n":   {func(m *types.MsgCreateElection) { m.Threshold = 4 }, types.ErrInvalidElection, "got 4"},
		"a trustee twice":     {func(m *types.MsgCreateElection) { m.Trustees[2] = strings.ToUpper(m.Trustees[0]) }, types.ErrInvalidElection, "trustees[0] and trustees[2]"},
		"a bad trustee":       {func(m *types.MsgCreateElection) { m.Trustees[1] = "civ1nope" }, types.ErrInvalidAddress, "trustees[1]"},
		"trustees if public":  {func(m *types.MsgCreateElection) { m.Privacy = types.PRIVACY_PUBLIC }, types.ErrInvalidElection, "only a secret election has trustees"},
		"threshold if public": {func(m *types.MsgCreateElection) { m.Privacy, m.Trustees = types.PRIVACY_UNSPECIFIED, nil }, types.ErrInvalidElection, "only a secret election"},
		"unknown privacy":     {func(m *types.MsgCreateElection) { m.Privacy = 7 }, types.ErrInvalidElection, "privacy must be"},
		"a ranked question": {func(m *types.MsgCreateElection) {
			m.Questions[0] = types.Question{Title: "R", Type: types.BALLOT_TYPE_RANKED, Options: options("A", "B"), MinChoices: 1, MaxChoices: 2}
		}, types.ErrInvalidElection, "question 0: BALLOT_TYPE_RANKED questions cannot be secret"},
		"a weighted question": {func(m *types.MsgCreateElection) {
			m.Questions[0] = types.Question{Title: "W", Type: types.BALLOT_TYPE_WEIGHTED, Options: options("A", "B")}
		}, types.ErrInvalidElection, "cannot be secret"},
		"a census weight above 2^40": {func(m *types.MsgCreateElection) {
			m.CensusType, m.MerkleRoot, m.MerkleVoters, m.MerkleTotalWeight = types.CENSUS_TYPE_MERKLE, make([]byte, 32), 3, 1<<40+1
		}, types.ErrInvalidElection, "weighs at most 1099511627776"},
		"a budget within its envelope": {func(m *types.MsgCreateElection) {
			m.Questions[0] = types.Question{Title: "B", Type: types.BALLOT_TYPE_BUDGET, Options: []types.Option{{Title: "A", Cost: 5}, {Title: "B", Cost: 7}},
				MinChoices: 1, MaxChoices: 2, Envelope: 10, WithinEnvelope: true}
		}, types.ErrInvalidElection, "within_envelope"},
	} {
		t.Run(name, func(t *testing.T) {
			m := secretMsg()
			c.edit(m)
			_, err := f.ms.CreateElection(f.ctx, m)
			requireErr(t, c.err, err)
			require.Contains(t, err.Error(), c.says)
		})
	}
	// Not an officer: refused before anything else.
	m := secretMsg()
	m.Officer = f.alice.Address.String()
	_, err := f.ms.CreateElection(f.ctx, m)
	requireErr(t, types.ErrUnauthorized, err)
	// An approval and a budget question (without within_envelope) are fine.
	m = secretMsg()
	m.Questions = append(m.Questions,
		types.Question{Title: "A", Type: types.BALLOT_TYPE_APPROVAL, Options: options("A", "B", "C"), MinChoices: 1, MaxChoices: 2},
		types.Question{Title: "B", Type: types.BALLOT_TYPE_BUDGET, Options: []types.Option{{Title: "A", Cost: 5}, {Title: "B", Cost: 7}}, MinChoices: 1, MaxChoices: 2, Envelope: 10})
	e := f.create(t, m)
	require.Equal(t, types.PRIVACY_SECRET, e.Privacy)
	require.Len(t, e.KeyCeremony.Trustees, 3)
	// A registry may not weigh more than 2^40 either.
	_, err = f.ms.SetVoters(f.ctx, &types.MsgSetVoters{Officer: f.officer.Address.String(), ElectionId: e.Id,
		Voters: []types.Voter{{Address: addr(voter(1)).String(), Weight: 1 << 39}, {Address: addr(voter(2)).String(), Weight: 1<<39 + 1}}})
	requireErr(t, types.ErrInvalidVoters, err)
	require.Contains(t, err.Error(), "weighs at most")
	requireEvent(t, f.ctx, &types.EventElectionCreated{ElectionId: e.Id, AgencyId: f.agencyID, Creator: f.officer.Address.String(), Title: "Mayor",
		CensusType: types.CENSUS_TYPE_REGISTRY, StartTime: e.StartTime, EndTime: e.EndTime, Privacy: types.PRIVACY_SECRET})
}

// TestKeyCeremonyLeavesOutATrusteeWhoNeverRegisters: a 2-of-3 ceremony
// goes on without trustee 3, who never registers: the officer closes
// registration once two did, trustee 3 can take no step, the others deal
// (trustee 3's shares go to a key nobody holds), and the key is FINAL
// without trustee 3's acknowledgment; its two public shares are the
// shares the others received.
func TestKeyCeremonyLeavesOutATrusteeWhoNeverRegisters(t *testing.T) {
	f := newFixture(t)
	cf := f.secretElection(t, 2, 3)
	id := cf.e.Id
	register := func(j int) error {
		_, err := f.ms.RegisterTrusteeKey(f.ctx, &types.MsgRegisterTrusteeKey{Trustee: cf.trustees[j], ElectionId: id, CommunicationKey: cf.pubs[j].Encode(nil), Proof: cf.proof(t, j, j+1)})
		return err
	}
	closeStep := func(officer string) error {
		_, err := f.ms.CloseKeyDealing(f.ctx, &types.MsgCloseKeyDealing{Officer: officer, ElectionId: id})
		return err
	}
	require.NoError(t, register(0))
	requireErr(t, types.ErrKeyCeremony, closeStep(f.officer.Address.String()), "one registered, the threshold is two")
	require.NoError(t, register(1))
	requireErr(t, types.ErrUnauthorized, closeStep(f.alice.Address.String()))
	require.NoError(t, closeStep(f.officer.Address.String()))
	c := f.ceremony(t, id)
	require.Equal(t, types.CEREMONY_STATUS_DEALING, c.Status)
	require.True(t, c.Trustees[2].Disqualified)
	require.Equal(t, "did not register before registration closed", c.Trustees[2].DisqualifiedReason)
	requireErr(t, types.ErrKeyCeremony, register(2), "registration closed")

	// Trustee 3's shares go to a random key.
	throwaway := ristretto255.NewElement().ScalarBaseMult(secret.ScalarFromUint64(77))
	recipients := []*secret.Element{cf.pubs[0], cf.pubs[1], throwaway}
	var deals []*secret.Deal
	for j := 0; j < 3; j++ {
		d, err := secret.NewDeal(rand.Reader, uint64(j+1), 2, recipients, cf.ctx)
		require.NoError(t, err)
		deals = append(deals, d)
	}
	_, err := f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[2], id, deals[2]))
	requireErr(t, types.ErrKeyCeremony, err, "a trustee left out does not deal")
	for j := 0; j < 2; j++ {
		_, err := f.ms.DealKeyShares(f.ctx, dealMsg(cf.trustees[j], id, deals[j]))
		require.NoError(t, err)
	}
	c = f.ceremony(t, id)
	require.Equal(t, types.CEREMONY_STATUS_COMPLAINING, c.Status, "every registered trustee dealt: dealing closed by itself")
	_, err = f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: cf.trustees[2], ElectionId: id})
	requireErr(t, types.ErrKeyCeremony, err, "a trustee left out does not acknowledge")
	comp, err := deals[0].Complain(rand.Reader, 2, cf.comm[1], cf.ctx)
	require.NoError(t, err)
	_, err = f.ms.ComplainKeyDeal(f.ctx, &types.MsgComplainKeyDeal{Trustee: cf.trustees[2], ElectionId: id, Dealer: 1,
		SharedPoint: comp.Shared.Encode(nil), Proof: comp.Proof.Encode()})
	requireErr(t, types.ErrKeyCeremony, err, "a trustee left out does not complain")
	require.Contains(t, err.Error(), "did not register")
	for j := 0; j < 2; j++ {
		_, err := f.ms.AcknowledgeKeyDeals(f.ctx, &types.MsgAcknowledgeKeyDeals{Trustee: cf.trustees[j], ElectionId: id})
		require.NoError(t, err)
	}
	res, err := f.ms.FinalizeKey(f.ctx, &types.MsgFinalizeKey{Signer: f.bob.Address.String(), ElectionId: id})
	require.NoError(t, err)
	require.Equal(t, types.CEREMONY_STATUS_FINAL, res.Status, "no wait for trustee 3")
	c = f.ceremony(t, id)
	for j := 0; j < 2; j++ {
		var opened []*secret.Scalar
		for _, d := range deals[:2] {
			s, err := d.OpenShare(uint64(j+1), cf.comm[j], cf.ctx)
			require.NoError(t, err)
			opened = append(opened, s)
		}
		require.Equal(t, ristretto255.NewElement().ScalarBaseMult(secret.SecretShare(opened)).Encode(nil), c.Trustees[j].PublicShare)
	}
	// At the tally a trustee left out cannot decrypt either.
	f.at(t, cf.e.StartTime)
	f.at(t, cf.e.EndTime)
	f.at(t, cf.e.EndTime.Add(time.Second))
	require.Equal(t, types.ELECTION_STATUS_TALLYING, func() types.ElectionStatus {
		e, err := f.k.GetElection(f.ctx, id)
		require.NoError(t, err)
		return e.Status
	}())
	_, err = f.ms.DecryptShares(f.ctx, &types.MsgDecryptShares{Trustee: cf.trustees[2], ElectionId: id, Shares: [][]byte{{1}}})
	requireErr(t, types.ErrKeyCeremony, err, "a trustee left out does not decrypt")
	require.Contains(t, err.Error(), "did not register")
	// The state exports and imports (a trustee without a key, left out).
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	g := newFixture(t)
	require.NoError(t, g.k.InitGenesis(g.ctx, gs))
}
