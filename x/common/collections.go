package common

import (
	"bytes"
	"context"
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/collections/codec"
)

// Values returns every value of a map, in key order (genesis exports).
func Values[K, V any](ctx context.Context, m collections.Map[K, V]) ([]V, error) {
	iter, err := m.Iterate(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer iter.Close()
	return iter.Values()
}

// CountKeys returns the number of entries of a map.
func CountKeys[K, V any](ctx context.Context, m collections.Map[K, V]) (int, error) {
	iter, err := m.Iterate(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer iter.Close()
	n := 0
	for ; iter.Valid(); iter.Next() {
		n++
	}
	return n, nil
}

// NewKeySet is collections.NewKeySet whose entries store the one byte 0x01
// instead of an empty value. An IAVL leaf with an empty value cannot be
// checked by ICS23 ("leaf op needs value", cosmos/ics23#134), and such a
// leaf next to an absent key breaks the key's proof of absence: with no
// empty leaf in our stores, every absence (no ballot, no bid) is provable.
func NewKeySet[K any](sb *collections.SchemaBuilder, prefix collections.Prefix, name string, kc codec.KeyCodec[K]) collections.KeySet[K] {
	return collections.KeySet[K](collections.NewMap(sb, prefix, name, kc, presenceValue{}))
}

// presenceValue encodes a KeySet entry as 0x01.
type presenceValue struct{}

var presentByte = []byte{1}

func (presenceValue) Encode(collections.NoValue) ([]byte, error) { return presentByte, nil }

func (presenceValue) Decode(b []byte) (collections.NoValue, error) {
	if !bytes.Equal(b, presentByte) {
		return collections.NoValue{}, fmt.Errorf("a key set entry must hold 0x01, got %X", b)
	}
	return collections.NoValue{}, nil
}

func (presenceValue) EncodeJSON(collections.NoValue) ([]byte, error) { return []byte("true"), nil }

func (presenceValue) DecodeJSON(b []byte) (collections.NoValue, error) {
	if string(b) != "true" {
		return collections.NoValue{}, fmt.Errorf("a key set entry must be true, got %s", b)
	}
	return collections.NoValue{}, nil
}

func (presenceValue) Stringify(collections.NoValue) string { return "present" }

func (presenceValue) ValueType() string { return "civitas/present" }
