package types

import (
	"fmt"
	"slices"

	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// Crypto decodes a stored deal into the key ceremony's cryptographic deal
// (x/voting/secret), checking every encoding.
func (d *KeyDeal) Crypto() (*secret.Deal, error) {
	out := &secret.Deal{Dealer: uint64(d.Dealer), Shares: d.Shares, PoK: &secret.SchnorrProof{}, EphemeralPoK: &secret.SchnorrProof{}}
	for i, b := range d.Commitments {
		c, err := secret.DecodeElement(b, fmt.Sprintf("commitments[%d]", i))
		if err != nil {
			return nil, err
		}
		out.Commitments = append(out.Commitments, c)
	}
	var err error
	if out.PoK.R, err = secret.DecodeElement(d.PokCommitment, "pok_commitment"); err != nil {
		return nil, err
	}
	if out.PoK.Z, err = secret.DecodeScalar(d.PokResponse, "pok_response"); err != nil {
		return nil, err
	}
	if out.Ephemeral, err = secret.DecodeElement(d.Ephemeral, "ephemeral"); err != nil {
		return nil, err
	}
	if out.EphemeralPoK.R, err = secret.DecodeElement(d.EphemeralPokCommitment, "ephemeral_pok_commitment"); err != nil {
		return nil, err
	}
	if out.EphemeralPoK.Z, err = secret.DecodeScalar(d.EphemeralPokResponse, "ephemeral_pok_response"); err != nil {
		return nil, err
	}
	return out, nil
}

// DealMsg is the MsgDealKeyShares of a cryptographic deal.
func DealMsg(trustee string, electionID uint64, d *secret.Deal) *MsgDealKeyShares {
	m := &MsgDealKeyShares{Trustee: trustee, ElectionId: electionID, PokCommitment: d.PoK.R.Encode(nil), PokResponse: d.PoK.Z.Encode(nil),
		Ephemeral: d.Ephemeral.Encode(nil), Shares: d.Shares,
		EphemeralPokCommitment: d.EphemeralPoK.R.Encode(nil), EphemeralPokResponse: d.EphemeralPoK.Z.Encode(nil)}
	for _, c := range d.Commitments {
		m.Commitments = append(m.Commitments, c.Encode(nil))
	}
	return m
}

// MaxSecretWeight bounds a secret election's census weight: each option's
// total is found from m·G by baby-step giant-step up to the census weight
// (secret.DiscreteLog, at most 2^40: about a second of one core).
const MaxSecretWeight = 1 << 40

// ValidateKeyCeremony checks a SECRET election's trustees, threshold and
// questions, and that a PUBLIC one has no key ceremony. It checks the
// ceremony's shape, not its cryptography (the Msgs check each step, genesis
// import the stored deals); addresses are checked for their canonical form
// by the caller, which has the address codec.
func ValidateKeyCeremony(e *Election) error {
	c := e.KeyCeremony
	if e.Privacy != PRIVACY_SECRET {
		if c != nil {
			return errorsmod.Wrapf(ErrInvalidElection, "a %s election has no trustees or key ceremony", e.Privacy)
		}
		return nil
	}
	if c == nil {
		return errorsmod.Wrap(ErrInvalidElection, "a secret election names its trustees and threshold")
	}
	n := len(c.Trustees)
	if n < 1 || n > secret.MaxTrustees {
		return errorsmod.Wrapf(ErrInvalidElection, "a secret election has 1 to %d trustees, got %d", secret.MaxTrustees, n)
	}
	if c.Threshold < 1 || int(c.Threshold) > n {
		return errorsmod.Wrapf(ErrInvalidElection, "threshold must be from 1 to the %d trustees, got %d", n, c.Threshold)
	}
	seen := make(map[string]int, n)
	for i, t := range c.Trustees {
		if t.Address == "" {
			return errorsmod.Wrapf(ErrInvalidElection, "trustees[%d] has no address", i)
		}
		if j, ok := seen[t.Address]; ok {
			return errorsmod.Wrapf(ErrInvalidElection, "trustees[%d] and trustees[%d] are both %s", j, i, t.Address)
		}
		seen[t.Address] = i
	}
	if e.Census.TotalWeight > MaxSecretWeight {
		return errorsmod.Wrapf(ErrInvalidElection, "a secret election's census weighs at most %d (its totals are found by a bounded discrete log), got %d", uint64(MaxSecretWeight), e.Census.TotalWeight)
	}
	for i := range e.Questions {
		q := &e.Questions[i]
		if _, _, err := CountRange(q); err != nil {
			return errorsmod.Wrapf(err, "question %d", i)
		}
		if q.WithinEnvelope {
			return errorsmod.Wrapf(ErrInvalidElection, "question %d: a secret ballot cannot prove its projects' cost within the envelope; "+
				"leave within_envelope unset (the envelope is applied to the decrypted totals)", i)
		}
		if len(q.Options) > secret.MaxRangeBranches {
			return errorsmod.Wrapf(ErrInvalidElection, "question %d: a secret question has at most %d options, got %d", i, secret.MaxRangeBranches, len(q.Options))
		}
	}
	return nil
}

// validateCeremonyState checks a stored ceremony's state (genesis import):
// its status against the election's, each trustee's flags and keys, and the
// election key once FINAL.
func ValidateCeremonyState(e *Election) error {
	c := e.KeyCeremony
	if c == nil {
		return nil
	}
	if _, ok := CeremonyStatus_name[int32(c.Status)]; !ok || c.Status == CEREMONY_STATUS_UNSPECIFIED {
		return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: key ceremony status %d", e.Id, c.Status)
	}
	final := c.Status == CEREMONY_STATUS_FINAL
	switch e.Status {
	case ELECTION_STATUS_SCHEDULED, ELECTION_STATUS_CANCELLED:
	case ELECTION_STATUS_CLOSED:
		// Its start and end passed in one stretch without a key: the
		// chain cancels it when it finalizes (it holds no ballot).
	default:
		if !final {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d is %s with a %s key ceremony: only a FINAL key opens an election", e.Id, e.Status, c.Status)
		}
	}
	if final != (len(c.ElectionKey) != 0) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: the election key is set exactly when the ceremony is FINAL", e.Id)
	}
	if final {
		if _, err := secret.DecodeElement(c.ElectionKey, "election_key"); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: %s", e.Id, err)
		}
	}
	keys := map[string]bool{}
	qualified := 0
	for i, t := range c.Trustees {
		where := fmt.Sprintf("election %d trustee %d", e.Id, i+1)
		if len(t.CommunicationKey) != 0 {
			if _, err := secret.DecodeElement(t.CommunicationKey, "communication_key"); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "%s: %s", where, err)
			}
			if keys[string(t.CommunicationKey)] {
				return errorsmod.Wrapf(ErrInvalidGenesis, "%s: another trustee has its communication key", where)
			}
			keys[string(t.CommunicationKey)] = true
		} else if c.Status != CEREMONY_STATUS_REGISTERING && !t.Disqualified {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s: no communication key in a %s ceremony, and not left out", where, c.Status)
		}
		if t.Disqualified != (t.DisqualifiedReason != "") {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s: disqualified_reason is set exactly when disqualified", where)
		}
		if t.Dealt && len(t.CommunicationKey) == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s: dealt without a communication key", where)
		}
		if t.Dealt && !t.Disqualified {
			qualified++
		}
		if final != (len(t.PublicShare) != 0) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s: the public share is set exactly when the ceremony is FINAL", where)
		}
		if final {
			if _, err := secret.DecodeElement(t.PublicShare, "public_share"); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "%s: %s", where, err)
			}
		}
	}
	if final && qualified < int(c.Threshold) {
		return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: a FINAL key from %d qualified dealers, %d needed", e.Id, qualified, c.Threshold)
	}
	return nil
}

// CheckCeremonyDeals re-checks a key ceremony's stored deals (each one's
// proofs, as when it was dealt) and, once FINAL, the election key and every
// public share recomputed from the qualified deals (dealt, not
// disqualified); the key may not be the identity.
func CheckCeremonyDeals(e *Election, deals []KeyDeal) error {
	c := e.KeyCeremony
	if c == nil {
		return nil
	}
	n, t := len(c.Trustees), int(c.Threshold)
	ctx := secret.CeremonyContext(e.ChainId, e.Id)
	seen := map[uint32]bool{}
	var qualified []*secret.Deal
	for _, d := range deals {
		if d.ElectionId != e.Id || d.Dealer < 1 || int(d.Dealer) > n || seen[d.Dealer] || !c.Trustees[d.Dealer-1].Dealt {
			return errorsmod.Wrapf(ErrKeyCeremony, "election %d: a deal of trustee %d, who did not deal, or twice", e.Id, d.Dealer)
		}
		seen[d.Dealer] = true
		cd, err := d.Crypto()
		if err == nil {
			err = cd.Check(t, n, ctx)
		}
		if err != nil {
			return errorsmod.Wrapf(ErrKeyCeremony, "deal of trustee %d: %s", d.Dealer, err)
		}
		if !c.Trustees[d.Dealer-1].Disqualified {
			qualified = append(qualified, cd)
		}
	}
	for j, tr := range c.Trustees {
		if tr.Dealt && !seen[uint32(j+1)] {
			return errorsmod.Wrapf(ErrKeyCeremony, "election %d: trustee %d dealt and its deal is missing", e.Id, j+1)
		}
	}
	if c.Status != CEREMONY_STATUS_FINAL {
		return nil
	}
	slices.SortFunc(qualified, func(a, b *secret.Deal) int { return int(a.Dealer) - int(b.Dealer) })
	if len(qualified) < t {
		return errorsmod.Wrapf(ErrKeyCeremony, "election %d: a FINAL key from %d qualified deals, %d needed", e.Id, len(qualified), t)
	}
	k := secret.ElectionKey(qualified)
	if k.Equal(secret.Zero().A) == 1 || !slices.Equal(k.Encode(nil), c.ElectionKey) {
		return errorsmod.Wrapf(ErrKeyCeremony, "election %d: the election key is not the sum of its %d qualified deals' secrets (or is the identity)", e.Id, len(qualified))
	}
	for i, ps := range secret.PublicShares(qualified, n) {
		if !slices.Equal(ps.Encode(nil), c.Trustees[i].PublicShare) {
			return errorsmod.Wrapf(ErrKeyCeremony, "election %d: trustee %d's public share is not what the deals give", e.Id, i+1)
		}
	}
	return nil
}
