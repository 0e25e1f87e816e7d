package cmd

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/census"
)

// votingCommand holds the client-side voting tools: work done off chain
// (hashing a census, signing ballots) and relaying ballots, which autocli
// cannot express.
func votingCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "voting",
		Short: "Client-side voting tools: census trees, offline ballot signing, relaying, trustees' key ceremony",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	censusCmd := &cobra.Command{
		Use:   "census",
		Short: "Merkle census tools",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	censusCmd.AddCommand(censusBuildCommand())
	cmd.AddCommand(censusCmd, signBallotCommand(), auditBallotCommand(), relayCommand(), trusteeCommand(), tallyCommand(), verifyTallyCommand())
	return cmd
}

func censusBuildCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "build [voters.csv]",
		Short: "Build a Merkle census from `address,weight` lines: its root, voter count, total weight and every voter's proof",
		Long: `Reads address,weight lines (bech32 addresses in any case, positive integer weights; blank
lines, # comments and an address,weight header are skipped) and writes JSON with the census root,
the number of voters, their total weight, and for each voter its index, leaf and audit path.
The encoding (SHA-256, RFC 6962 tree, leaf = H(0x00 ‖ len ‖ address ‖ weight)) is in
x/voting/README.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			in, err := os.Open(args[0])
			if err != nil {
				return err
			}
			defer in.Close()
			acc, _, _ := app.CLIAddressCodecs()
			entries, err := census.ParseCSV(in, acc.StringToBytes)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			tree, err := census.Build(entries)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			file, err := tree.ToFile(acc.BytesToString)
			if err != nil {
				return err
			}
			bz, err := json.MarshalIndent(file, "", "  ")
			if err != nil {
				return err
			}
			out, _ := cmd.Flags().GetString("out")
			if out == "" {
				_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
				return err
			}
			if err := os.WriteFile(out, append(bz, '\n'), 0o644); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "census of %d voters, total weight %d, root %s written to %s\n", file.Voters, file.TotalWeight, file.Root, out)
			return nil
		},
	}
	cmd.Flags().String("out", "", "write the JSON to this file instead of standard output")
	return cmd
}

func jsonUnmarshal(bz []byte, v any) error { return json.Unmarshal(bz, v) }
