package app

import (
	"fmt"

	upgradetypes "github.com/cosmos/cosmos-sdk/x/upgrade/types"

	"github.com/civitas-chain/civitas/app/upgrades"
	"github.com/civitas-chain/civitas/app/upgrades/v0_2_0"
)

// Upgrades is the registry of on-chain software upgrades, oldest first.
var Upgrades = []upgrades.Upgrade{v0_2_0.Upgrade}

// RegisterUpgradeHandlers registers the handler of every known upgrade and,
// when the node restarts for a planned upgrade, that upgrade's store loader.
func (app *CivitasApp) RegisterUpgradeHandlers() {
	for _, u := range Upgrades {
		app.UpgradeKeeper.SetUpgradeHandler(u.UpgradeName, u.CreateUpgradeHandler(app.ModuleManager, app.configurator,
			upgrades.Keepers{ConsensusParams: app.ConsensusParamsKeeper.ParamsStore}))
	}

	upgradeInfo, err := app.UpgradeKeeper.ReadUpgradeInfoFromDisk()
	if err != nil {
		panic(fmt.Sprintf("failed to read upgrade info from disk: %s", err))
	}
	if app.UpgradeKeeper.IsSkipHeight(upgradeInfo.Height) {
		return
	}
	for _, u := range Upgrades {
		if upgradeInfo.Name == u.UpgradeName {
			app.SetStoreLoader(upgradetypes.UpgradeStoreLoader(upgradeInfo.Height, &u.StoreUpgrades))
			return
		}
	}
}
