package census

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ParseCSV reads `address,weight` lines: address in bech32 (any case),
// weight a positive integer. Blank lines, lines starting with '#', and a
// first line `address,weight` are skipped. Errors name the line.
func ParseCSV(r io.Reader, decodeAddress func(string) ([]byte, error)) ([]Entry, error) {
	var entries []Entry
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") || n == 1 && strings.EqualFold(strings.ReplaceAll(line, " ", ""), "address,weight") {
			continue
		}
		fields := strings.Split(line, ",")
		if len(fields) != 2 {
			return nil, fmt.Errorf("line %d: want `address,weight`, got %q", n, line)
		}
		addr, err := decodeAddress(strings.TrimSpace(fields[0]))
		if err != nil {
			return nil, fmt.Errorf("line %d: address %q: %w", n, strings.TrimSpace(fields[0]), err)
		}
		weight, err := strconv.ParseUint(strings.TrimSpace(fields[1]), 10, 64)
		if err != nil || weight == 0 {
			return nil, fmt.Errorf("line %d: weight %q is not a positive integer", n, strings.TrimSpace(fields[1]))
		}
		entries = append(entries, Entry{Address: addr, Weight: weight})
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	return entries, nil
}

// File is what `civitasd voting census build` writes: the values an election
// stores (root, voters, total weight) and every voter's proof.
type File struct {
	Hash        string  `json:"hash"` // "sha256-rfc6962"
	Root        string  `json:"root"` // hex
	Voters      uint64  `json:"voters"`
	TotalWeight uint64  `json:"total_weight,string"`
	Proofs      []Proof `json:"proofs"`
}

// Proof is one voter's membership proof: what a ballot carries.
type Proof struct {
	Address  string   `json:"address"`
	Weight   uint64   `json:"weight,string"`
	Index    uint64   `json:"index,string"`
	Leaf     string   `json:"leaf"`     // hex
	Siblings []string `json:"siblings"` // hex, from the leaf up
}

// ToFile renders the tree with every proof; encodeAddress gives the bech32 form.
func (t *Tree) ToFile(encodeAddress func([]byte) (string, error)) (File, error) {
	f := File{Hash: "sha256-rfc6962", Root: hex.EncodeToString(t.root), Voters: t.Size(), TotalWeight: t.totalWeight,
		Proofs: make([]Proof, len(t.entries))}
	for i, e := range t.entries {
		addr, err := encodeAddress(e.Address)
		if err != nil {
			return File{}, err
		}
		path := t.Proof(i)
		siblings := make([]string, len(path))
		for j, p := range path {
			siblings[j] = hex.EncodeToString(p)
		}
		f.Proofs[i] = Proof{Address: addr, Weight: e.Weight, Index: uint64(i), Leaf: hex.EncodeToString(t.leaves[i]), Siblings: siblings}
	}
	return f, nil
}
