package cmd

import (
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/verify"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

const (
	flagWitness        = "witness"
	flagTrustDir       = "trust-dir"
	flagTrustingPeriod = "trusting-period"
)

// verifyCommand checks records against consensus with a light client
// (x/common/verify): nothing a node says is taken on trust.
func verifyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify",
		Short: "Check a record against consensus with a light client and an ICS23 proof, trusting no node",
		Long: `Each check reads the record with its proof at a height H from --node, verifies the header at
H+1 with CometBFT's light client (from a header you trusted, with --witness nodes that must agree)
and the proof against that header's app hash. First trust a header you got from a source you
trust (civitasd verify trust <height> <hash>); it is kept in --trust-dir and later checks start
from the latest header verified.`,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.PersistentFlags().String(flags.FlagNode, "tcp://localhost:26657", "the primary node's RPC")
	cmd.PersistentFlags().StringArray(flagWitness, nil, "a witness node's RPC (at least one; every header must agree with it)")
	cmd.PersistentFlags().String(flagTrustDir, "", "the trust store (default <home>/light)")
	cmd.PersistentFlags().Duration(flagTrustingPeriod, verify.DefaultTrustingPeriod, "how long a verified header stays trusted")
	cmd.PersistentFlags().String(flags.FlagChainID, "", "the chain id")
	cmd.AddCommand(verifyTrustCommand(), verifyBallotCommand())
	return cmd
}

// newVerifier builds the light client from the flags.
func newVerifier(cmd *cobra.Command, height int64, hash []byte) (*verify.Verifier, client.Context, error) {
	clientCtx := client.GetClientContextFromCmd(cmd)
	o := verify.Options{ChainID: clientCtx.ChainID, TrustHeight: height, TrustHash: hash}
	if id, _ := cmd.Flags().GetString(flags.FlagChainID); id != "" {
		o.ChainID = id
	}
	if o.ChainID == "" {
		return nil, clientCtx, errors.New("--chain-id is required")
	}
	o.Primary, _ = cmd.Flags().GetString(flags.FlagNode)
	o.Witnesses, _ = cmd.Flags().GetStringArray(flagWitness)
	o.TrustingPeriod, _ = cmd.Flags().GetDuration(flagTrustingPeriod)
	o.TrustDir, _ = cmd.Flags().GetString(flagTrustDir)
	if o.TrustDir == "" {
		o.TrustDir = filepath.Join(clientCtx.HomeDir, "light")
	}
	v, err := verify.New(cmd.Context(), o)
	return v, clientCtx, err
}

func verifyTrustCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "trust [height] [hash]",
		Short: "Trust the header at height with this hash (hex), from a source you trust; it is verified against the witnesses and kept",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			h, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil || h < 1 {
				return fmt.Errorf("height %q: a positive number", args[0])
			}
			hash, err := hex.DecodeString(strings.TrimPrefix(args[1], "0x"))
			if err != nil || len(hash) != 32 {
				return fmt.Errorf("hash %q: 64 hex digits", args[1])
			}
			v, _, err := newVerifier(cmd, h, hash)
			if err != nil {
				return err
			}
			defer v.Close()
			fmt.Fprintf(cmd.OutOrStdout(), "trusting header %d %X\n", h, hash)
			return nil
		},
	}
}

func verifyBallotCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "ballot [election-id] [voter]",
		Short: "Prove a voter's counted ballot in an election (or that there is none) against consensus",
		Args:  cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			acc, _, _ := app.CLIAddressCodecs()
			voter, canonical, err := common.ParseAddress(acc, votingtypes.ErrInvalidAddress, "voter", args[1])
			if err != nil {
				return err
			}
			v, clientCtx, err := newVerifier(cmd, 0, nil)
			if err != nil {
				return err
			}
			defer v.Close()
			start := time.Now()
			p, err := v.Value(cmd.Context(), votingtypes.StoreKey, votingtypes.BallotStoreKey(id, voter))
			if err != nil {
				return err
			}
			if p.Value == nil {
				fmt.Fprintf(cmd.OutOrStdout(), "no ballot of %s in election %d: proven absent\n", canonical, id)
			} else {
				var b votingtypes.Ballot
				if err := clientCtx.Codec.Unmarshal(p.Value, &b); err != nil {
					return fmt.Errorf("the proven value is not a ballot: %w", err)
				}
				if err := clientCtx.PrintProto(&b); err != nil {
					return err
				}
			}
			fmt.Fprintf(cmd.OutOrStdout(), "verified at height %d against validator set %X (app hash %X, %s)\n",
				p.Height, p.ValidatorsHash, p.AppHash, time.Since(start).Round(time.Millisecond))
			return nil
		},
	}
}
