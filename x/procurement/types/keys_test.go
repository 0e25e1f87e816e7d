package types_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/collections"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// The light-client keys must be the keys the keeper's collections write.
func TestProvableStoreKeys(t *testing.T) {
	enc := func(prefix collections.Prefix, key any) []byte {
		t.Helper()
		var bz []byte
		var err error
		switch k := key.(type) {
		case uint64:
			bz, err = collections.EncodeKeyWithPrefix(prefix, collections.Uint64Key, k)
		case collections.Pair[uint64, uint32]:
			bz, err = collections.EncodeKeyWithPrefix(prefix, collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), k)
		case collections.Pair[uint64, collections.Pair[uint32, uint64]]:
			bz, err = collections.EncodeKeyWithPrefix(prefix,
				collections.PairKeyCodec(collections.Uint64Key, collections.PairKeyCodec(collections.Uint32Key, collections.Uint64Key)), k)
		}
		require.NoError(t, err)
		return bz
	}
	require.Equal(t, enc(types.TendersKey, uint64(7)), types.TenderStoreKey(7))
	require.Equal(t, enc(types.BidsKey, uint64(1<<40+3)), types.BidStoreKey(1<<40+3))
	require.Equal(t, enc(types.ContractsKey, collections.Join(uint64(9), uint32(2))), types.ContractStoreKey(9, 2))
	require.Equal(t, enc(types.BidBySupplierKey, collections.Join(uint64(9), collections.Join(uint32(1), uint64(300)))),
		types.BidBySupplierStoreKey(9, 1, 300))
	require.Equal(t, []byte{0x0a, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0x2c}, types.BidBySupplierStoreKey(9, 1, 300))
}
