// Package v0_2_0 is the software upgrade from v0.1.0 to v0.2.0: it runs the
// module migrations (x/voting 1 to 2: max_ballots_per_tx 500 to 1,000 where
// it was the default). No store is added, renamed or deleted.
package v0_2_0

import "github.com/civitas-chain/civitas/app/upgrades"

// UpgradeName is the name a governance software-upgrade plan carries.
const UpgradeName = "v0.2.0"

// Upgrade is v0.2.0.
var Upgrade = upgrades.Upgrade{
	UpgradeName:          UpgradeName,
	CreateUpgradeHandler: upgrades.RunMigrationsHandler,
}
