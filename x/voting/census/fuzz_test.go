package census_test

import (
	"encoding/binary"
	"testing"

	"github.com/civitas-chain/civitas/x/voting/census"
)

// FuzzCensusProofs: Verify never panics on any root, size, index, leaf and path;
// and for a census built from the input, every voter's proof verifies and
// fails for any other index.
func FuzzCensusProofs(f *testing.F) {
	f.Add([]byte("abcdefghijklmnopqrstuvwxyz012345"), uint64(5), uint64(3), []byte{1, 2, 3})
	f.Add(make([]byte, 32), uint64(1), uint64(0), []byte{})
	f.Fuzz(func(t *testing.T, root []byte, size, index uint64, raw []byte) {
		var proof [][]byte
		for i := 0; i+32 <= len(raw) && len(proof) < 70; i += 32 {
			proof = append(proof, raw[i:i+32])
		}
		_ = census.Verify(root, size, index, root, proof)

		n := int(size%40) + 1
		entries := make([]census.Entry, n)
		for i := range entries {
			addr := make([]byte, 20)
			binary.BigEndian.PutUint64(addr, uint64(i)+index)
			copy(addr[8:], raw)
			entries[i] = census.Entry{Address: addr, Weight: uint64(i%3) + 1}
		}
		tree, err := census.Build(entries)
		if err != nil {
			return // duplicate addresses from the input: refused
		}
		for i := 0; i < n; i++ {
			idx := tree.Index(entries[i].Address)
			leaf := census.LeafHash(entries[i].Address, entries[i].Weight)
			if !census.Verify(tree.Root(), uint64(n), uint64(idx), leaf, tree.Proof(idx)) {
				t.Fatalf("voter %d of %d: its proof does not verify", i, n)
			}
			if n > 1 && census.Verify(tree.Root(), uint64(n), uint64((idx+1)%n), leaf, tree.Proof(idx)) {
				t.Fatalf("voter %d of %d: its proof verifies at another index", i, n)
			}
		}
	})
}
