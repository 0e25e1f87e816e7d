package cmd

import (
	"errors"
	"time"

	cmtcfg "github.com/cometbft/cometbft/config"
	dbm "github.com/cosmos/cosmos-db"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cast"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"
	confixcmd "cosmossdk.io/tools/confix/cmd"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/debug"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/keys"
	"github.com/cosmos/cosmos-sdk/client/pruning"
	"github.com/cosmos/cosmos-sdk/client/rpc"
	"github.com/cosmos/cosmos-sdk/client/snapshot"
	"github.com/cosmos/cosmos-sdk/server"
	serverconfig "github.com/cosmos/cosmos-sdk/server/config"
	servertypes "github.com/cosmos/cosmos-sdk/server/types"
	"github.com/cosmos/cosmos-sdk/types/module"
	authcmd "github.com/cosmos/cosmos-sdk/x/auth/client/cli"
	genutilcli "github.com/cosmos/cosmos-sdk/x/genutil/client/cli"
	genutiltypes "github.com/cosmos/cosmos-sdk/x/genutil/types"

	"github.com/CosmWasm/wasmd/x/wasm"
	wasmcli "github.com/CosmWasm/wasmd/x/wasm/client/cli"
	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/app/upgrades/v0_2_0"
)

// Consensus timeouts for a small, known validator set on good links (README,
// "Operators"): a height whose proposer is down costs about TimeoutPropose
// plus two quick nil-vote steps instead of CometBFT's 3 s + 1 s + 1 s; each
// failed round lengthens them by the deltas, so a slow network still gets
// there. The commit timeout keeps about one block a second.
const (
	TimeoutPropose      = 1000 * time.Millisecond
	TimeoutProposeDelta = 250 * time.Millisecond
	TimeoutVote         = 500 * time.Millisecond
	TimeoutVoteDelta    = 250 * time.Millisecond
	TimeoutCommit       = 1000 * time.Millisecond
	SnapshotInterval    = 1000 // blocks: about 17 minutes at one block a second
	SnapshotKeepRecent  = 2
)

// initCometBFTConfig returns config.toml's defaults: CometBFT's, with the
// consensus timeouts above.
func initCometBFTConfig() *cmtcfg.Config {
	cfg := cmtcfg.DefaultConfig()
	cfg.Consensus.TimeoutPropose = TimeoutPropose
	cfg.Consensus.TimeoutProposeDelta = TimeoutProposeDelta
	cfg.Consensus.TimeoutPrevote = TimeoutVote
	cfg.Consensus.TimeoutPrevoteDelta = TimeoutVoteDelta
	cfg.Consensus.TimeoutPrecommit = TimeoutVote
	cfg.Consensus.TimeoutPrecommitDelta = TimeoutVoteDelta
	cfg.Consensus.TimeoutCommit = TimeoutCommit
	return cfg
}

// civitasAppConfig is app.toml: the SDK server config plus the wasm node config.
type civitasAppConfig struct {
	serverconfig.Config `mapstructure:",squash"`

	Wasm wasmtypes.NodeConfig `mapstructure:"wasm"`
}

// initAppConfig returns the app.toml template and defaults. Fees are paid in
// ucivis; validators set their own minimum gas price in app.toml.
func initAppConfig() (string, any) {
	srvCfg := serverconfig.DefaultConfig()
	srvCfg.MinGasPrices = "0" + app.FeeDenom
	// Every node keeps state-sync snapshots, so a new node or one that lost
	// its disk joins from its peers in minutes (README, "Operators").
	srvCfg.StateSync.SnapshotInterval = SnapshotInterval
	srvCfg.StateSync.SnapshotKeepRecent = SnapshotKeepRecent
	return serverconfig.DefaultConfigTemplate + wasmtypes.DefaultConfigTemplate(), civitasAppConfig{
		Config: *srvCfg,
		Wasm:   wasmtypes.DefaultNodeConfig(),
	}
}

func initRootCmd(rootCmd *cobra.Command, tempApp *app.CivitasApp) {
	basicManager := tempApp.BasicModuleManager
	txConfig := tempApp.TxConfig()

	rootCmd.AddCommand(
		initCommand(basicManager),
		debug.Cmd(),
		confixcmd.ConfigCommand(),
		pruning.Cmd(newApp, app.DefaultNodeHome),
		snapshot.Cmd(newApp),
	)

	server.AddCommands(rootCmd, app.DefaultNodeHome, newApp, appExport, wasm.AddModuleInitFlags)
	wasmcli.ExtendUnsafeResetAllCmd(rootCmd)

	rootCmd.AddCommand(
		server.StatusCommand(),
		genutilcli.Commands(txConfig, basicManager, app.DefaultNodeHome),
		queryCommand(),
		txCommand(),
		keys.Commands(),
		votingCommand(),
		procurementCommand(),
		verifyCommand(),
	)
}

// Block limits written into a new genesis (consensus params; README,
// "Operators"). Without a gas limit (CometBFT's -1) a proposer with a
// backlog proposes its whole mempool: after a halt, 8,000 waiting ballots
// made 5 MB blocks that could not be sent and run within the timeouts, so
// every round with such a proposer failed and only empty blocks were
// committed. 100,000,000 gas is about 1,600 batched public ballots or 470
// one-ballot transactions a block.
const (
	BlockMaxGas   = v0_2_0.BlockMaxGas
	BlockMaxBytes = v0_2_0.BlockMaxBytes
)

// initCommand is the SDK's init, keeping our commit timeout (the SDK's
// config pre-run writes 5 s in place of CometBFT's default 1 s, which is
// ours) and writing our block limits into the new genesis.
func initCommand(basicManager module.BasicManager) *cobra.Command {
	cmd := genutilcli.InitCmd(basicManager, app.DefaultNodeHome)
	run := cmd.RunE
	cmd.RunE = func(cmd *cobra.Command, args []string) error {
		cfg := server.GetServerContextFromCmd(cmd).Config
		if cfg.Consensus.TimeoutCommit == 5*time.Second {
			cfg.Consensus.TimeoutCommit = TimeoutCommit
		}
		if err := run(cmd, args); err != nil {
			return err
		}
		gen, err := genutiltypes.AppGenesisFromFile(cfg.GenesisFile())
		if err != nil {
			return err
		}
		if gen.Consensus != nil && gen.Consensus.Params != nil {
			gen.Consensus.Params.Block.MaxGas = BlockMaxGas
			gen.Consensus.Params.Block.MaxBytes = BlockMaxBytes
		}
		return gen.SaveAs(cfg.GenesisFile())
	}
	return cmd
}

func queryCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "query",
		Aliases:                    []string{"q"},
		Short:                      "Querying subcommands",
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		rpc.QueryEventForTxCmd(),
		server.QueryBlockCmd(),
		authcmd.QueryTxsByEventsCmd(),
		server.QueryBlocksCmd(),
		authcmd.QueryTxCmd(),
		server.QueryBlockResultsCmd(),
	)
	return cmd
}

func txCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:                        "tx",
		Short:                      "Transactions subcommands",
		SuggestionsMinimumDistance: 2,
		RunE:                       client.ValidateCmd,
	}
	cmd.AddCommand(
		authcmd.GetSignCommand(),
		authcmd.GetSignBatchCommand(),
		authcmd.GetMultiSignCommand(),
		authcmd.GetMultiSignBatchCmd(),
		authcmd.GetValidateSignaturesCommand(),
		authcmd.GetBroadcastCommand(),
		authcmd.GetEncodeCommand(),
		authcmd.GetDecodeCommand(),
		authcmd.GetSimulateCmd(),
	)
	return cmd
}

// newApp creates the application for the server commands.
func newApp(logger log.Logger, db dbm.DB, appOpts servertypes.AppOptions) servertypes.Application {
	var wasmOpts []wasmkeeper.Option
	if cast.ToBool(appOpts.Get("telemetry.enabled")) {
		wasmOpts = append(wasmOpts, wasmkeeper.WithVMCacheMetrics(prometheus.DefaultRegisterer))
	}
	return app.NewCivitasApp(logger, db, true, appOpts, wasmOpts, server.DefaultBaseappOptions(appOpts)...)
}

// appExport exports the state at a height (or the latest with height -1),
// optionally prepared for a restart at height zero.
func appExport(
	logger log.Logger,
	db dbm.DB,
	height int64,
	forZeroHeight bool,
	jailAllowedAddrs []string,
	appOpts servertypes.AppOptions,
	modulesToExport []string,
) (servertypes.ExportedApp, error) {
	if home, ok := appOpts.Get(flags.FlagHome).(string); !ok || home == "" {
		return servertypes.ExportedApp{}, errors.New("application home is not set")
	}
	civitasApp := app.NewCivitasApp(logger, db, height == -1, appOpts, nil)
	if height != -1 {
		if err := civitasApp.LoadHeight(height); err != nil {
			return servertypes.ExportedApp{}, err
		}
	}
	return civitasApp.ExportAppStateAndValidators(forZeroHeight, jailAllowedAddrs, modulesToExport)
}
