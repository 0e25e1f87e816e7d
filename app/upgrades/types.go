// Package upgrades is the one place where on-chain software upgrades live.
//
// To add an upgrade, create a sub-package (e.g. upgrades/v2) that exports an
// Upgrade value and append it to app.Upgrades. The handler runs the module
// migrations and any state changes the release needs; StoreUpgrades names the
// stores the release adds, renames or deletes.
package upgrades

import (
	"context"

	cmtproto "github.com/cometbft/cometbft/proto/tendermint/types"

	"cosmossdk.io/collections"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"
)

// ModuleManager is the part of the module manager an upgrade handler uses.
type ModuleManager interface {
	RunMigrations(ctx context.Context, cfg module.Configurator, fromVM module.VersionMap) (module.VersionMap, error)
	GetVersionMap() module.VersionMap
}

// Keepers is the state an upgrade handler may change besides the module
// migrations.
type Keepers struct {
	// ConsensusParams is x/consensus's store of the block limits.
	ConsensusParams collections.Item[cmtproto.ConsensusParams]
}

// Upgrade is a named software upgrade: the name a governance upgrade plan
// carries, the handler that migrates state, and the store changes.
type Upgrade struct {
	UpgradeName          string
	CreateUpgradeHandler func(ModuleManager, module.Configurator, Keepers) upgradetypes.UpgradeHandler
	StoreUpgrades        storetypes.StoreUpgrades
}

// RunMigrationsHandler is the handler for an upgrade that only runs the
// registered module migrations.
func RunMigrationsHandler(mm ModuleManager, cfg module.Configurator, _ Keepers) upgradetypes.UpgradeHandler {
	return func(ctx context.Context, _ upgradetypes.Plan, fromVM module.VersionMap) (module.VersionMap, error) {
		return mm.RunMigrations(ctx, cfg, fromVM)
	}
}
