// Package cmd builds the civitasd command tree: SDK server commands, keys,
// genesis commands, and autocli tx/query commands for every module.
package cmd

import (
	"os"

	dbm "github.com/cosmos/cosmos-db"
	"github.com/spf13/cobra"

	"cosmossdk.io/log/v2"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/config"
	"github.com/cosmos/cosmos-sdk/server"
	simtestutil "github.com/cosmos/cosmos-sdk/testutil/sims"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	"github.com/cosmos/cosmos-sdk/x/auth/tx"
	txmodule "github.com/cosmos/cosmos-sdk/x/auth/tx/config"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"

	"github.com/civitas-chain/civitas/app"
)

// EnvPrefix is the prefix of environment variables that set flags
// (CIVITASD_HOME, CIVITASD_NODE, CIVITASD_CHAIN_ID, ...).
const EnvPrefix = "CIVITASD"

// NewRootCmd creates the civitasd root command.
//
// It writes nothing to disk by itself: the client config (client.toml) is
// read, and created if missing, only in the --home of the command being run,
// never in the default home (wasmd's root command writes $HOME/.wasmd even
// when --home points elsewhere; this one does not).
func NewRootCmd() *cobra.Command {
	app.SetAddressPrefixes()

	// A throw-away app gives the codecs and module basics. Its wasm VM needs a
	// directory: a temporary one, removed when we are done with the app.
	temp, err := os.MkdirTemp("", "civitasd-")
	if err != nil {
		panic("failed to create temp dir: " + err.Error())
	}
	defer os.RemoveAll(temp)
	tempApp := app.NewCivitasApp(log.NewNopLogger(), dbm.NewMemDB(), false, simtestutil.NewAppOptionsWithFlagHome(temp), []wasmkeeper.Option{})

	initClientCtx := client.Context{}.
		WithCodec(tempApp.AppCodec()).
		WithInterfaceRegistry(tempApp.InterfaceRegistry()).
		WithTxConfig(tempApp.TxConfig()).
		WithLegacyAmino(tempApp.LegacyAmino()).
		WithInput(os.Stdin).
		WithAccountRetriever(authtypes.AccountRetriever{}).
		WithHomeDir(app.DefaultNodeHome).
		WithViper(EnvPrefix)

	rootCmd := &cobra.Command{
		Use:           "civitasd",
		Short:         "Civitas node and client: e-voting, procurement and budget execution in the open",
		SilenceErrors: true,
		SilenceUsage:  true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			cmd.SetOut(cmd.OutOrStdout())
			cmd.SetErr(cmd.ErrOrStderr())

			clientCtx := initClientCtx.WithCmdContext(cmd.Context())
			clientCtx, err := client.ReadPersistentCommandFlags(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			clientCtx, err = config.ReadFromClientConfig(clientCtx)
			if err != nil {
				return err
			}

			// SIGN_MODE_TEXTUAL needs the node for coin metadata: only online.
			if !clientCtx.Offline {
				txConfig, err := tx.NewTxConfigWithOptions(clientCtx.Codec, tx.ConfigOptions{
					EnabledSignModes:           append(tx.DefaultSignModes, signing.SignMode_SIGN_MODE_TEXTUAL),
					TextualCoinMetadataQueryFn: txmodule.NewGRPCCoinMetadataQueryFn(clientCtx),
				})
				if err != nil {
					return err
				}
				clientCtx = clientCtx.WithTxConfig(txConfig)
			}
			if err := client.SetCmdClientContextHandler(clientCtx, cmd); err != nil {
				return err
			}

			appTemplate, appConfig := initAppConfig()
			return server.InterceptConfigsPreRunHandler(cmd, appTemplate, appConfig, initCometBFTConfig())
		},
	}

	initRootCmd(rootCmd, tempApp)

	autoCliOpts := tempApp.AutoCliOpts()
	autoCliOpts.ClientCtx = initClientCtx
	if err := autoCliOpts.EnhanceRootCommand(rootCmd); err != nil {
		panic(err)
	}
	return rootCmd
}
