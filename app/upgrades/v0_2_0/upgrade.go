// Package v0_2_0 is the software upgrade from v0.1.0 to v0.2.0: it runs the
// module migrations and brings the block limits of a chain whose genesis
// predates them (no gas limit, or limits above those civitasd init writes)
// to app.BlockMaxGas and app.BlockMaxBytes (README, "Operators": without a
// gas limit a backlog after a halt left only empty blocks). No store is
// added, renamed or deleted.
package v0_2_0

import (
	"context"

	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/civitas-chain/civitas/app/upgrades"
)

// UpgradeName is the name a governance software-upgrade plan carries.
const UpgradeName = "v0.2.0"

// Block limits the upgrade sets (the values civitasd init writes).
const (
	BlockMaxGas   = 100_000_000
	BlockMaxBytes = 4 << 20
)

// Upgrade is v0.2.0.
var Upgrade = upgrades.Upgrade{
	UpgradeName:          UpgradeName,
	CreateUpgradeHandler: createHandler,
}

func createHandler(mm upgrades.ModuleManager, cfg module.Configurator, k upgrades.Keepers) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		vm, err := mm.RunMigrations(ctx, cfg, fromVM)
		if err != nil {
			return nil, err
		}
		p, err := k.ConsensusParams.Get(ctx)
		if err != nil {
			return nil, err
		}
		if p.Block != nil {
			if p.Block.MaxGas <= 0 || p.Block.MaxGas > BlockMaxGas {
				p.Block.MaxGas = BlockMaxGas
			}
			if p.Block.MaxBytes <= 0 || p.Block.MaxBytes > BlockMaxBytes {
				p.Block.MaxBytes = BlockMaxBytes
			}
			if err := k.ConsensusParams.Set(ctx, p); err != nil {
				return nil, err
			}
		}
		return vm, nil
	}
}
