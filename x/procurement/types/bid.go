package types

import (
	"crypto/sha256"
	"encoding/binary"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// BidDomain opens the sealed fields of a bid (version 1).
const BidDomain = "civitas/bid/v1"

// SaltSize and HashSize are the sizes of a bid's salt and documents hash.
const (
	SaltSize = 32
	HashSize = 32
)

// BidCommitment is what a sealed bid carries (README, "Sealed bids"):
//
//	SHA-256( "civitas/bid/v1" ‖ tender id (8, BE) ‖ lot (4, BE)
//	       ‖ len(bidder) (1) ‖ bidder address bytes
//	       ‖ len(price) (1) ‖ price as decimal ASCII (no sign, no leading zeros)
//	       ‖ documents hash (32) ‖ salt (32) )
//
// The bidder is bound in, so nobody can copy another's commitment; the salt
// (32 random bytes the bidder keeps) stops a guess of the price from being
// checked against it.
func BidCommitment(tenderID uint64, lot uint32, bidder []byte, price math.Int, documentsHash, salt []byte) ([]byte, error) {
	if len(bidder) == 0 || len(bidder) > 255 {
		return nil, errorsmod.Wrapf(ErrInvalidBid, "bidder address of %d bytes", len(bidder))
	}
	if price.IsNil() || !price.IsPositive() || price.BigIntMut().BitLen() > 128 {
		return nil, errorsmod.Wrapf(ErrInvalidBid, "price must be positive and below 2^128, got %s", price)
	}
	if len(documentsHash) != HashSize || len(salt) != SaltSize {
		return nil, errorsmod.Wrapf(ErrInvalidBid, "documents hash and salt must be %d bytes each, got %d and %d", HashSize, len(documentsHash), len(salt))
	}
	p := price.String()
	bz := make([]byte, 0, len(BidDomain)+12+1+len(bidder)+1+len(p)+HashSize+SaltSize)
	bz = append(bz, BidDomain...)
	bz = binary.BigEndian.AppendUint64(bz, tenderID)
	bz = binary.BigEndian.AppendUint32(bz, lot)
	bz = append(bz, byte(len(bidder)))
	bz = append(bz, bidder...)
	bz = append(bz, byte(len(p)))
	bz = append(bz, p...)
	bz = append(bz, documentsHash...)
	bz = append(bz, salt...)
	h := sha256.Sum256(bz)
	return h[:], nil
}
