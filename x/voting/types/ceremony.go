package types

import (
	"fmt"

	"github.com/civitas-chain/civitas/x/voting/secret"
)

// Crypto decodes a stored deal into the key ceremony's cryptographic deal
// (x/voting/secret), checking every encoding.
func (d *KeyDeal) Crypto() (*secret.Deal, error) {
	out := &secret.Deal{Dealer: uint64(d.Dealer), Shares: d.Shares, PoK: &secret.SchnorrProof{}}
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
	return out, nil
}
