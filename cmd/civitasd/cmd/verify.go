package cmd

import (
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/civitas-chain/civitas/app"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/verify"
	proctypes "github.com/civitas-chain/civitas/x/procurement/types"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

const (
	flagWitness        = "witness"
	flagTrustDir       = "trust-dir"
	flagTrustingPeriod = "trusting-period"
	flagMaxAge         = "max-age"
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
	cmd.PersistentFlags().Duration(flagMaxAge, verify.DefaultMaxAge, "refuse to prove under a newest header older than this (a node could hide newer state)")
	cmd.AddCommand(verifyTrustCommand(), verifyBallotCommand(), verifyElectionResultCommand(), verifyBidCommand(), verifyAwardCommand(),
		verifyBudgetRecordCommand("commitment", budgettypes.CommitmentStoreKey, func() proto.Message { return &budgettypes.Commitment{} }),
		verifyBudgetRecordCommand("disbursement", budgettypes.DisbursementStoreKey, func() proto.Message { return &budgettypes.Disbursement{} }))
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
	o.MaxAge, _ = cmd.Flags().GetDuration(flagMaxAge)
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

// verifyRun opens the light client, runs check (which proves reads at one
// height and prints the records) and ends with the line that says against
// which consensus it was verified.
func verifyRun(cmd *cobra.Command, check func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error)) error {
	v, clientCtx, err := newVerifier(cmd, 0, nil)
	if err != nil {
		return err
	}
	defer v.Close()
	start := time.Now()
	h, err := v.Latest(cmd.Context())
	if err != nil {
		return err
	}
	p, err := check(v, clientCtx, h)
	if err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "verified at height %d against validator set %X (app hash %X of the header at %s, %s)\n",
		p.Height, p.ValidatorsHash, p.AppHash, p.Time.UTC().Format(time.RFC3339), time.Since(start).Round(time.Millisecond))
	return nil
}

// proveOne proves one key at h and decodes it into msg; found is false if
// the key is proven absent.
func proveOne(cmd *cobra.Command, v *verify.Verifier, clientCtx client.Context, h int64, store string, key []byte, msg proto.Message) (*verify.Proved, bool, error) {
	ps, err := v.Values(cmd.Context(), h, verify.Read{Store: store, Key: key})
	if err != nil {
		return nil, false, err
	}
	if ps[0].Value == nil {
		return ps[0], false, nil
	}
	if err := clientCtx.Codec.Unmarshal(ps[0].Value, msg); err != nil {
		return nil, false, fmt.Errorf("the proven value is not a %s: %w", proto.MessageName(msg), err)
	}
	return ps[0], true, nil
}

func uintArg(what, s string) (uint64, error) {
	n, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("%s %q: a whole number", what, s)
	}
	return n, nil
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
			return verifyRun(cmd, func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error) {
				var b votingtypes.Ballot
				p, found, err := proveOne(cmd, v, clientCtx, h, votingtypes.StoreKey, votingtypes.BallotStoreKey(id, voter), &b)
				if err != nil {
					return nil, err
				}
				if !found {
					fmt.Fprintf(cmd.OutOrStdout(), "no ballot of %s in election %d: proven absent\n", canonical, id)
					return p, nil
				}
				return p, clientCtx.PrintProto(&b)
			})
		},
	}
}

func verifyElectionResultCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "election-result [election-id]",
		Short: "Prove an election (its status and census root) and its final result, or that it has none yet",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			return verifyRun(cmd, func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error) {
				var e votingtypes.Election
				p, found, err := proveOne(cmd, v, clientCtx, h, votingtypes.StoreKey, votingtypes.ElectionStoreKey(id), &e)
				if err != nil {
					return nil, err
				}
				if !found {
					fmt.Fprintf(cmd.OutOrStdout(), "no election %d: proven absent\n", id)
					return p, nil
				}
				var r votingtypes.Result
				if _, found, err = proveOne(cmd, v, clientCtx, h, votingtypes.StoreKey, votingtypes.ResultStoreKey(id), &r); err != nil {
					return nil, err
				}
				fmt.Fprintf(cmd.OutOrStdout(), "election %d %q: %s\n", id, e.Title, e.Status)
				if !found {
					fmt.Fprintf(cmd.OutOrStdout(), "no result of election %d yet: proven absent\n", id)
					return p, nil
				}
				return p, clientCtx.PrintProto(&r)
			})
		},
	}
}

func verifyBidCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bid [tender-id] [supplier-id]",
		Short: "Prove a supplier's bid in a tender's lot (or that it has none) against consensus",
		Long: `The bid is found through the (tender, lot, supplier) index and both records are proven at one
height; a supplier without a bid in the lot gets a proof of absence.`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			tender, err := uintArg("tender id", args[0])
			if err != nil {
				return err
			}
			supplier, err := uintArg("supplier id", args[1])
			if err != nil {
				return err
			}
			lot, _ := cmd.Flags().GetUint32(flagLot)
			return verifyRun(cmd, func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error) {
				ps, err := v.Values(cmd.Context(), h, verify.Read{Store: proctypes.StoreKey, Key: proctypes.BidBySupplierStoreKey(tender, lot, supplier)})
				if err != nil {
					return nil, err
				}
				if ps[0].Value == nil {
					fmt.Fprintf(cmd.OutOrStdout(), "no bid of supplier %d in tender %d lot %d: proven absent\n", supplier, tender, lot)
					return ps[0], nil
				}
				if len(ps[0].Value) != 8 {
					return nil, fmt.Errorf("the proven bid index holds %d bytes, not a bid id", len(ps[0].Value))
				}
				bidID := binary.BigEndian.Uint64(ps[0].Value)
				var b proctypes.Bid
				p, found, err := proveOne(cmd, v, clientCtx, h, proctypes.StoreKey, proctypes.BidStoreKey(bidID), &b)
				if err != nil {
					return nil, err
				}
				if !found || b.TenderId != tender || b.Lot != lot || b.SupplierId != supplier {
					return nil, fmt.Errorf("bid %d, indexed for supplier %d in tender %d lot %d, is not that bid", bidID, supplier, tender, lot)
				}
				return p, clientCtx.PrintProto(&b)
			})
		},
	}
	cmd.Flags().Uint32(flagLot, 0, "the lot's index")
	return cmd
}

const flagLot = "lot"

func verifyAwardCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "award [tender-id]",
		Short: "Prove a tender's lots, their awards (winning bid, amount) and contracts against consensus",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			tender, err := uintArg("tender id", args[0])
			if err != nil {
				return err
			}
			return verifyRun(cmd, func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error) {
				out := cmd.OutOrStdout()
				var t proctypes.Tender
				p, found, err := proveOne(cmd, v, clientCtx, h, proctypes.StoreKey, proctypes.TenderStoreKey(tender), &t)
				if err != nil {
					return nil, err
				}
				if !found {
					fmt.Fprintf(out, "no tender %d: proven absent\n", tender)
					return p, nil
				}
				fmt.Fprintf(out, "tender %d %q: %s\n", tender, t.Title, t.Status)
				for _, l := range t.Lots {
					fmt.Fprintf(out, "lot %d %q: %s\n", l.Index, l.Title, l.Status)
					if l.WinningBidId == 0 {
						fmt.Fprintf(out, "  not awarded\n")
						continue
					}
					var b proctypes.Bid
					if _, found, err = proveOne(cmd, v, clientCtx, h, proctypes.StoreKey, proctypes.BidStoreKey(l.WinningBidId), &b); err != nil {
						return nil, err
					}
					if !found || b.TenderId != tender || b.Lot != l.Index {
						return nil, fmt.Errorf("lot %d names winning bid %d, which is not a proven bid of this lot", l.Index, l.WinningBidId)
					}
					fmt.Fprintf(out, "  awarded to supplier %d (bid %d by %s, price %s), amount %s\n", b.SupplierId, b.Id, b.Bidder, b.Price, l.AwardAmount)
					var c proctypes.Contract
					if _, found, err = proveOne(cmd, v, clientCtx, h, proctypes.StoreKey, proctypes.ContractStoreKey(tender, l.Index), &c); err != nil {
						return nil, err
					}
					if !found {
						fmt.Fprintf(out, "  no contract yet: proven absent\n")
						continue
					}
					fmt.Fprintf(out, "  contract %s: %s to %s, budget commitment %d\n", c.Status, c.Amount, c.Beneficiary, c.CommitmentId)
				}
				return p, nil
			})
		},
	}
}

// verifyBudgetRecordCommand proves a commitment or a disbursement by id.
func verifyBudgetRecordCommand(what string, key func(uint64) []byte, msg func() proto.Message) *cobra.Command {
	return &cobra.Command{
		Use:   what + " [id]",
		Short: "Prove a budget " + what + " against consensus (or that there is none with this id)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := uintArg(what+" id", args[0])
			if err != nil {
				return err
			}
			return verifyRun(cmd, func(v *verify.Verifier, clientCtx client.Context, h int64) (*verify.Proved, error) {
				m := msg()
				p, found, err := proveOne(cmd, v, clientCtx, h, budgettypes.StoreKey, key(id), m)
				if err != nil {
					return nil, err
				}
				if !found {
					fmt.Fprintf(cmd.OutOrStdout(), "no %s %d: proven absent\n", what, id)
					return p, nil
				}
				return p, clientCtx.PrintProto(m)
			})
		},
	}
}
