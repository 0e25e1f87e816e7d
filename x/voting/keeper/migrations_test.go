package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// TestMigrate1to2: the v0.2.0 migration raises max_ballots_per_tx from the
// old default (500) to 1,000, and keeps a value governance chose.
func TestMigrate1to2(t *testing.T) {
	f := newFixture(t)
	m := keeper.NewMigrator(f.k)
	set := func(n uint32) {
		p, err := f.k.Params.Get(f.ctx)
		require.NoError(t, err)
		p.MaxBallotsPerTx = n
		require.NoError(t, f.k.Params.Set(f.ctx, p))
	}
	get := func() uint32 {
		p, err := f.k.Params.Get(f.ctx)
		require.NoError(t, err)
		return p.MaxBallotsPerTx
	}
	set(types.V1MaxBallotsPerTx)
	require.NoError(t, m.Migrate1to2(f.ctx))
	require.Equal(t, uint32(types.DefaultMaxBallotsPerTx), get())
	set(700)
	require.NoError(t, m.Migrate1to2(f.ctx))
	require.Equal(t, uint32(700), get(), "a governance value is kept")
}
