// Command civitasd is the Civitas node and command-line client.
package main

import (
	"fmt"
	"os"

	svrcmd "github.com/cosmos/cosmos-sdk/server/cmd"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/cmd/civitasd/cmd"
)

func main() {
	rootCmd := cmd.NewRootCmd()
	if err := svrcmd.Execute(rootCmd, cmd.EnvPrefix, app.DefaultNodeHome); err != nil {
		// One clear line on stderr, non-zero exit.
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
}
