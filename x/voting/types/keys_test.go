package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// The light-client keys must be the keys the keeper's collections write.
func TestProvableStoreKeys(t *testing.T) {
	for _, id := range []uint64{0, 1, 1<<40 + 3} {
		want, err := collections.EncodeKeyWithPrefix(types.ElectionsKey, collections.Uint64Key, id)
		require.NoError(t, err)
		require.Equal(t, want, types.ElectionStoreKey(id))
		want, err = collections.EncodeKeyWithPrefix(types.ResultsKey, collections.Uint64Key, id)
		require.NoError(t, err)
		require.Equal(t, want, types.ResultStoreKey(id))
	}
	require.Equal(t, []byte{0x09, 0, 0, 0, 0, 0, 0, 0, 5}, types.ResultStoreKey(5))
}
