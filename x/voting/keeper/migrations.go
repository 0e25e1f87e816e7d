package keeper

import (
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// Migrator runs the module's store migrations (upgrade handlers call them
// through the module manager's RunMigrations).
type Migrator struct{ k Keeper }

// NewMigrator returns the module's migrator.
func NewMigrator(k Keeper) Migrator { return Migrator{k: k} }

// Migrate1to2 (v0.2.0): the block gas limit that civitasd init now writes
// bounds every block, so a relay transaction may carry 1,000 ballots
// (about 55 M gas for public ballots) instead of 500. A value governance
// set is kept; only the old default is raised.
func (m Migrator) Migrate1to2(ctx sdk.Context) error {
	p, err := m.k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if p.MaxBallotsPerTx != types.V1MaxBallotsPerTx {
		return nil
	}
	p.MaxBallotsPerTx = types.DefaultMaxBallotsPerTx
	if err := p.Validate(); err != nil {
		return err
	}
	return m.k.Params.Set(ctx, p)
}
