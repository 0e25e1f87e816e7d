// Package census builds and verifies the Merkle census of an election: the
// chain stores only the root, the number of voters and their total weight; a
// voter proves membership with its leaf and an audit path.
//
// Encoding (byte for byte; also in x/voting/README.md with a test vector):
//
//	leaf  = SHA-256(0x00 ‖ len(address) ‖ address ‖ weight)
//	node  = SHA-256(0x01 ‖ left ‖ right)
//
// address is the account address bytes (20 for a key), len(address) one
// byte, weight an unsigned 64-bit big-endian integer (at least 1). Leaves
// are ordered by address bytes, ascending; an address appears once. The tree
// is the Merkle Tree Hash of RFC 6962 (Certificate Transparency) §2.1: for n
// leaves, the left subtree holds the largest power of two smaller than n. The
// 0x00/0x01 prefixes keep a leaf from passing for a node. An audit path is
// the list of sibling hashes from the leaf up (RFC 9162 §2.1.3.2), verified
// against the root and the number of leaves the chain stores.
package census

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"math/bits"
	"sort"
)

// HashSize is the size of every hash of the tree (SHA-256).
const HashSize = sha256.Size

// MaxAddressLength bounds an address (the bech32 limit of the SDK).
const MaxAddressLength = 255

// Entry is a voter of the census and its weight.
type Entry struct {
	Address []byte
	Weight  uint64
}

// LeafHash is the leaf of a voter: SHA-256(0x00 ‖ len ‖ address ‖ weight).
func LeafHash(address []byte, weight uint64) []byte {
	buf := make([]byte, 0, 2+len(address)+8)
	buf = append(buf, 0x00, byte(len(address)))
	buf = append(buf, address...)
	buf = binary.BigEndian.AppendUint64(buf, weight)
	h := sha256.Sum256(buf)
	return h[:]
}

// NodeHash is an inner node: SHA-256(0x01 ‖ left ‖ right).
func NodeHash(left, right []byte) []byte {
	buf := make([]byte, 0, 1+2*HashSize)
	buf = append(buf, 0x01)
	buf = append(buf, left...)
	buf = append(buf, right...)
	h := sha256.Sum256(buf)
	return h[:]
}

// Tree is a built census.
type Tree struct {
	entries     []Entry  // ordered by address
	leaves      [][]byte // leaf hashes, same order
	totalWeight uint64
	root        []byte
	// nodes holds every inner node's hash by its leaf range, so that a
	// proof costs O(log n) lookups (every proof of a million voters: seconds).
	nodes map[span][]byte
}

// span is the leaf range [start, start+size) of a subtree.
type span struct{ start, size int }

// Build orders the entries by address and builds the tree. It refuses an
// empty census, an empty or too long address, an address listed twice, a
// zero weight and a total weight that overflows 64 bits.
func Build(entries []Entry) (*Tree, error) {
	if len(entries) == 0 {
		return nil, errors.New("census: no voters")
	}
	sorted := make([]Entry, len(entries))
	copy(sorted, entries)
	sort.SliceStable(sorted, func(i, j int) bool { return bytes.Compare(sorted[i].Address, sorted[j].Address) < 0 })
	t := &Tree{entries: sorted, leaves: make([][]byte, len(sorted))}
	for i, e := range sorted {
		switch {
		case len(e.Address) == 0 || len(e.Address) > MaxAddressLength:
			return nil, fmt.Errorf("census: voter %X: address of %d bytes (want 1 to %d)", e.Address, len(e.Address), MaxAddressLength)
		case e.Weight == 0:
			return nil, fmt.Errorf("census: voter %X: weight must be at least 1", e.Address)
		case i > 0 && bytes.Equal(e.Address, sorted[i-1].Address):
			return nil, fmt.Errorf("census: voter %X is listed twice", e.Address)
		}
		sum, carry := bits.Add64(t.totalWeight, e.Weight, 0)
		if carry != 0 {
			return nil, errors.New("census: the total weight overflows 64 bits")
		}
		t.totalWeight = sum
		t.leaves[i] = LeafHash(e.Address, e.Weight)
	}
	t.nodes = make(map[span][]byte, len(t.leaves))
	t.root = t.hash(0, len(t.leaves))
	return t, nil
}

// hash computes (once) the hash of the subtree over leaves [start, start+n).
func (t *Tree) hash(start, n int) []byte {
	if n == 1 {
		return t.leaves[start]
	}
	if h, ok := t.nodes[span{start, n}]; ok {
		return h
	}
	k := split(n)
	h := NodeHash(t.hash(start, k), t.hash(start+k, n-k))
	t.nodes[span{start, n}] = h
	return h
}

// Root is the Merkle root.
func (t *Tree) Root() []byte { return t.root }

// Size is the number of voters.
func (t *Tree) Size() uint64 { return uint64(len(t.leaves)) }

// TotalWeight is the sum of the voters' weights.
func (t *Tree) TotalWeight() uint64 { return t.totalWeight }

// Entry returns the voter at index i (in address order) and its leaf hash.
func (t *Tree) Entry(i int) (Entry, []byte) { return t.entries[i], t.leaves[i] }

// Index returns the index of address, or -1.
func (t *Tree) Index(address []byte) int {
	i := sort.Search(len(t.entries), func(i int) bool { return bytes.Compare(t.entries[i].Address, address) >= 0 })
	if i < len(t.entries) && bytes.Equal(t.entries[i].Address, address) {
		return i
	}
	return -1
}

// Proof returns the audit path of the voter at index i, from the leaf up.
// The hashes are copies: changing them does not change the tree.
func (t *Tree) Proof(i int) [][]byte {
	path := t.auditPath(i, 0, len(t.leaves))
	for j, h := range path {
		path[j] = bytes.Clone(h)
	}
	return path
}

// split is the largest power of two smaller than n (n ≥ 2).
func split(n int) int {
	return 1 << (bits.Len(uint(n-1)) - 1)
}

// auditPath is RFC 6962's PATH(m, D[start:start+n]), from the leaf up.
func (t *Tree) auditPath(m, start, n int) [][]byte {
	if n <= 1 {
		return nil
	}
	k := split(n)
	if m < k {
		return append(t.auditPath(m, start, k), t.hash(start+k, n-k))
	}
	return append(t.auditPath(m-k, start+k, n-k), t.hash(start, k))
}

// MaxProofLength bounds an audit path: a census of 2^64 voters needs 64.
const MaxProofLength = 64

// Verify reports whether proof is the audit path of leaf at index in a tree
// of size leaves with the given root (RFC 9162 §2.1.3.2). It never panics on
// malformed input.
func Verify(root []byte, size, index uint64, leaf []byte, proof [][]byte) bool {
	if index >= size || len(leaf) != HashSize || len(root) != HashSize || len(proof) > MaxProofLength {
		return false
	}
	fn, sn := index, size-1
	r := leaf
	for _, p := range proof {
		if len(p) != HashSize || sn == 0 {
			return false
		}
		if fn&1 == 1 || fn == sn {
			r = NodeHash(p, r)
			if fn&1 == 0 {
				for fn&1 == 0 && fn != 0 {
					fn >>= 1
					sn >>= 1
				}
			}
		} else {
			r = NodeHash(r, p)
		}
		fn >>= 1
		sn >>= 1
	}
	return sn == 0 && bytes.Equal(r, root)
}
