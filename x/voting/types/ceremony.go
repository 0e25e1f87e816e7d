package types

import (
	"fmt"

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
