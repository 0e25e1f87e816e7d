package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/civitas-chain/civitas/x/budget/types"
)

// The light-client keys must be the keys the keeper's collections write.
func TestProvableStoreKeys(t *testing.T) {
	for _, id := range []uint64{0, 1, 1<<40 + 3} {
		want, err := collections.EncodeKeyWithPrefix(types.CommitmentsKey, collections.Uint64Key, id)
		require.NoError(t, err)
		require.Equal(t, want, types.CommitmentStoreKey(id))
		want, err = collections.EncodeKeyWithPrefix(types.DisbursementsKey, collections.Uint64Key, id)
		require.NoError(t, err)
		require.Equal(t, want, types.DisbursementStoreKey(id))
	}
	require.Equal(t, []byte{0x0d, 0, 0, 0, 0, 0, 0, 0, 5}, types.DisbursementStoreKey(5))
}
