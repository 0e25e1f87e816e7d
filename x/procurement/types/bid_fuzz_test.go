package types_test

import (
	"bytes"
	"math/big"
	"testing"

	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// FuzzBidCommitment: any input is committed or refused, never a panic; a
// commitment is deterministic, and another salt or price gives another.
func FuzzBidCommitment(f *testing.F) {
	f.Add(uint64(1), uint32(0), []byte("bidder-address-20byt"), []byte{0x01, 0x00}, make([]byte, 32), make([]byte, 32))
	f.Add(uint64(0), uint32(7), []byte{}, []byte{}, []byte{1}, []byte{2})
	f.Fuzz(func(t *testing.T, tender uint64, lot uint32, bidder, priceBytes, docs, salt []byte) {
		if len(priceBytes) > 31 { // math.Int holds 256 bits; BidCommitment itself bounds the price to 2^128
			priceBytes = priceBytes[:31]
		}
		price := math.NewIntFromBigInt(new(big.Int).SetBytes(priceBytes))
		c1, err := types.BidCommitment(tender, lot, bidder, price, docs, salt)
		if err != nil {
			return
		}
		c2, err := types.BidCommitment(tender, lot, bidder, price, docs, salt)
		if err != nil || !bytes.Equal(c1, c2) {
			t.Fatal("not deterministic")
		}
		other := append([]byte{}, salt...)
		other[0] ^= 1
		if c3, err := types.BidCommitment(tender, lot, bidder, price, docs, other); err == nil && bytes.Equal(c1, c3) {
			t.Fatal("another salt gives the same commitment")
		}
		if c4, err := types.BidCommitment(tender, lot, bidder, price.AddRaw(1), docs, salt); err == nil && bytes.Equal(c1, c4) {
			t.Fatal("another price gives the same commitment")
		}
	})
}
