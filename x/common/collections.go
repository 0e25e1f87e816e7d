package common

import (
	"context"

	"cosmossdk.io/collections"
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
