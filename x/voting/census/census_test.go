package census_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/x/voting/census"
)

func addr(b byte) []byte { return bytes.Repeat([]byte{b}, 20) }

// TestVector is the test vector of x/voting/README.md: anyone can rebuild it.
func TestVector(t *testing.T) {
	tree, err := census.Build([]census.Entry{{addr(3), 3}, {addr(1), 1}, {addr(2), 2}})
	require.NoError(t, err)

	// By hand, from the documented encoding.
	leaf := func(a []byte, w byte) []byte {
		h := sha256.Sum256(append(append([]byte{0x00, 20}, a...), 0, 0, 0, 0, 0, 0, 0, w))
		return h[:]
	}
	node := func(l, r []byte) []byte {
		h := sha256.Sum256(append(append([]byte{0x01}, l...), r...))
		return h[:]
	}
	l1, l2, l3 := leaf(addr(1), 1), leaf(addr(2), 2), leaf(addr(3), 3)
	require.Equal(t, node(node(l1, l2), l3), tree.Root())
	// The hex values were computed separately (Python hashlib).
	require.Equal(t, "223dd2451c4e8b25c3c2a317f0f214fe3426a8edabc792e2355062859b5bf0d5", hex.EncodeToString(l1))
	require.Equal(t, vectorRoot, hex.EncodeToString(tree.Root()))
	require.Equal(t, uint64(3), tree.Size())
	require.Equal(t, uint64(6), tree.TotalWeight())
	require.Equal(t, [][]byte{l2, l3}, tree.Proof(0))
	require.Equal(t, [][]byte{node(l1, l2)}, tree.Proof(2))
}

const vectorRoot = "6bce5d451468e630996c744296c3b613c150788b0a279d3f4cb37890ab56ef9d"

func TestEveryProofVerifiesAndNothingElse(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for n := 1; n <= 40; n++ {
		entries := make([]census.Entry, n)
		for i := range entries {
			a := make([]byte, 20)
			rng.Read(a)
			entries[i] = census.Entry{Address: a, Weight: uint64(1 + rng.Intn(1000))}
		}
		tree, err := census.Build(entries)
		require.NoError(t, err)
		root, size := tree.Root(), tree.Size()
		for i := 0; i < n; i++ {
			e, leaf := tree.Entry(i)
			require.Equal(t, i, tree.Index(e.Address))
			require.Equal(t, census.LeafHash(e.Address, e.Weight), leaf)
			proof := tree.Proof(i)
			require.True(t, census.Verify(root, size, uint64(i), leaf, proof), "n=%d i=%d", n, i)

			require.False(t, census.Verify(root, size, uint64(i), census.LeafHash(e.Address, e.Weight+1), proof), "another weight")
			require.False(t, census.Verify(census.NodeHash(root, root), size, uint64(i), leaf, proof), "another root")
			if n > 1 {
				require.False(t, census.Verify(root, size, uint64((i+1)%n), leaf, proof), "another index")
				bad := append([][]byte{}, proof...)
				bad[0] = census.NodeHash(bad[0], bad[0])
				require.False(t, census.Verify(root, size, uint64(i), leaf, bad), "a changed sibling")
				require.False(t, census.Verify(root, size, uint64(i), leaf, proof[:len(proof)-1]), "a short path")
			}
			require.False(t, census.Verify(root, size, uint64(i), leaf, append(proof, leaf)), "a long path")
			require.False(t, census.Verify(root, size, size, leaf, proof), "index out of range")
		}
		require.Equal(t, -1, tree.Index(make([]byte, 21)))
	}
}

func TestBuildRefusesBadCensus(t *testing.T) {
	for name, entries := range map[string][]census.Entry{
		"empty":       nil,
		"zero weight": {{addr(1), 0}},
		"twice":       {{addr(1), 1}, {addr(2), 1}, {addr(1), 5}},
		"no address":  {{nil, 1}},
		"overflow":    {{addr(1), 1 << 63}, {addr(2), 1 << 63}},
	} {
		_, err := census.Build(entries)
		require.Error(t, err, name)
	}
	// Input order does not matter.
	a, err := census.Build([]census.Entry{{addr(1), 1}, {addr(9), 2}, {addr(5), 3}})
	require.NoError(t, err)
	b, err := census.Build([]census.Entry{{addr(5), 3}, {addr(1), 1}, {addr(9), 2}})
	require.NoError(t, err)
	require.Equal(t, a.Root(), b.Root())
}

func TestParseCSV(t *testing.T) {
	decode := func(s string) ([]byte, error) {
		switch strings.ToLower(s) {
		case "civ1alice":
			return addr(1), nil
		case "civ1bob":
			return addr(2), nil
		}
		return nil, errBad
	}
	entries, err := census.ParseCSV(strings.NewReader("address,weight\n# voters of ward 3\nCIV1ALICE, 5\n\n civ1bob ,1\n"), decode)
	require.NoError(t, err)
	require.Equal(t, []census.Entry{{addr(1), 5}, {addr(2), 1}}, entries)
	for in, want := range map[string]string{
		"civ1bob,0\n":     "line 1: weight \"0\"",
		"civ1bob,-1\n":    "line 1: weight",
		"civ1bob\n":       "line 1: want `address,weight`",
		"x,1\ncivbad,1\n": "line 1: address \"x\"",
		"civ1bob,1,2\n":   "line 1: want",
		"\n\ncivbad,1\n":  "line 3",
		"civ1bob,1e3\n":   "weight \"1e3\"",
	} {
		_, err := census.ParseCSV(strings.NewReader(in), decode)
		require.Error(t, err, in)
		require.Contains(t, err.Error(), want, in)
	}
}

var errBad = bytes.ErrTooLarge

// FuzzVerify: Verify never panics, whatever it is given.
func FuzzVerify(f *testing.F) {
	tree, err := census.Build([]census.Entry{{addr(1), 1}, {addr(2), 2}, {addr(3), 3}})
	require.NoError(f, err)
	_, leaf := tree.Entry(1)
	f.Add(tree.Root(), uint64(3), uint64(1), leaf, bytes.Join(tree.Proof(1), nil))
	f.Fuzz(func(t *testing.T, root []byte, size, index uint64, leaf, flat []byte) {
		var proof [][]byte
		for len(flat) >= census.HashSize {
			proof = append(proof, flat[:census.HashSize])
			flat = flat[census.HashSize:]
		}
		census.Verify(root, size, index, leaf, proof)
	})
}
