package cmd

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/spf13/cobra"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// procurementCommand holds the client-side tools of sealed bids: the
// commitment is computed here and the salt kept in a local file, never sent
// before the reveal.
func procurementCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "procurement",
		Short: "Client-side procurement tools: sealed bids and their reveal",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(bidCommand(), revealCommand())
	return cmd
}

// BidSecret is what `procurement bid` keeps locally until the reveal.
type BidSecret struct {
	TenderID      uint64 `json:"tender_id,string"`
	Lot           uint32 `json:"lot"`
	SupplierID    uint64 `json:"supplier_id,string"`
	Bidder        string `json:"bidder"`
	Price         string `json:"price"`
	DocumentsHash string `json:"documents_sha256"`
	Salt          string `json:"salt"`
	Commitment    string `json:"commitment"`
	ChainID       string `json:"chain_id"`
}

func bidCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "bid [tender-id] [lot] [supplier-id] [price] [documents-sha256]",
		Short: "Submit a sealed bid: the commitment is computed here, the price and a random salt stay in a local file",
		Long: `Computes SHA-256("civitas/bid/v1" ‖ tender ‖ lot ‖ bidder ‖ price ‖ documents hash ‖ salt) with a fresh
32-byte random salt (x/procurement/README.md, "Sealed bids"), writes the secret to --secret-file
(default <home>/bids/tender-<id>-lot-<lot>-supplier-<supplier>.json, mode 0600) and broadcasts
MsgSubmitBid from --from (the supplier's owner or a representative). Keep the file: the reveal
needs it. Running it again replaces the bid (and the file).`,
		Args: cobra.ExactArgs(5),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			tender, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("tender id %q: %w", args[0], err)
			}
			lot, err := strconv.ParseUint(args[1], 10, 32)
			if err != nil {
				return fmt.Errorf("lot %q: %w", args[1], err)
			}
			supplier, err := strconv.ParseUint(args[2], 10, 64)
			if err != nil {
				return fmt.Errorf("supplier id %q: %w", args[2], err)
			}
			price, ok := math.NewIntFromString(args[3])
			if !ok {
				return fmt.Errorf("price %q is not an integer amount of ucivis", args[3])
			}
			docs, err := hex.DecodeString(args[4])
			if err != nil || len(docs) != types.HashSize {
				return fmt.Errorf("documents-sha256 %q must be 64 hex digits", args[4])
			}
			salt := make([]byte, types.SaltSize)
			if _, err := rand.Read(salt); err != nil {
				return err
			}
			commitment, err := types.BidCommitment(tender, uint32(lot), clientCtx.FromAddress, price, docs, salt)
			if err != nil {
				return err
			}
			acc, _, _ := app.CLIAddressCodecs()
			bidder, err := acc.BytesToString(clientCtx.FromAddress)
			if err != nil {
				return err
			}
			secret := BidSecret{TenderID: tender, Lot: uint32(lot), SupplierID: supplier, Bidder: bidder, Price: price.String(),
				DocumentsHash: hex.EncodeToString(docs), Salt: hex.EncodeToString(salt), Commitment: hex.EncodeToString(commitment), ChainID: clientCtx.ChainID}
			path, _ := cmd.Flags().GetString("secret-file")
			if path == "" {
				path = filepath.Join(clientCtx.HomeDir, "bids", fmt.Sprintf("tender-%d-lot-%d-supplier-%d.json", tender, lot, supplier))
			}
			// The file keeps every secret sealed for this bid, newest last: a
			// refused or replaced bid never overwrites the one that stands.
			if err := appendSecret(path, secret); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "sealed bid: commitment %s; price and salt kept in %s\n", secret.Commitment, path)
			msg := &types.MsgSubmitBid{Bidder: bidder, TenderId: tender, Lot: uint32(lot), SupplierId: supplier, Commitment: commitment}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().String("secret-file", "", "where to keep the bid's price and salt until the reveal")
	return cmd
}

func revealCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "reveal [bid-id] [secret-file]",
		Short: "Reveal a sealed bid from the file `procurement bid` wrote (between the submission and reveal deadlines)",
		Long: `Reads the secrets kept by ` + "`procurement bid`" + ` and reveals the one whose commitment is the bid's commitment
on chain (a file holds every secret sealed for that supplier and lot, newest last; offline, with
--generate-only, the newest is used).`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("bid id %q: %w", args[0], err)
			}
			secrets, err := readSecrets(args[1])
			if err != nil {
				return err
			}
			s, err := matchingSecret(cmd, clientCtx, id, args[1], secrets)
			if err != nil {
				return err
			}
			price, ok := math.NewIntFromString(s.Price)
			docs, err1 := hex.DecodeString(s.DocumentsHash)
			salt, err2 := hex.DecodeString(s.Salt)
			if !ok || err1 != nil || err2 != nil {
				return fmt.Errorf("%s: bad price, documents hash or salt", args[1])
			}
			acc, _, _ := app.CLIAddressCodecs()
			signer, err := acc.BytesToString(clientCtx.FromAddress)
			if err != nil {
				return err
			}
			msg := &types.MsgRevealBid{Bidder: signer, BidId: id, Price: price, DocumentsHash: docs, Salt: salt}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

// readSecrets reads a bid secret file: a JSON list of secrets, newest last
// (a single object, as written by earlier versions, is read too).
func readSecrets(path string) ([]BidSecret, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var list []BidSecret
	if err := json.Unmarshal(bz, &list); err != nil {
		var one BidSecret
		if err2 := json.Unmarshal(bz, &one); err2 != nil {
			return nil, fmt.Errorf("%s: not a bid secret file: %w", path, err)
		}
		list = []BidSecret{one}
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s: no bid secret in it", path)
	}
	return list, nil
}

// appendSecret adds a secret to the file (created with mode 0600), written
// to a temporary file first and renamed, so that a crash never leaves it half
// written.
func appendSecret(path string, s BidSecret) error {
	var list []BidSecret
	if _, err := os.Stat(path); err == nil {
		if list, err = readSecrets(path); err != nil {
			return err
		}
	}
	list = append(list, s)
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	bz, err := json.MarshalIndent(list, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(bz, '\n'), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// matchingSecret picks the secret whose commitment is bid id's commitment on
// chain; offline (--generate-only) it takes the newest.
func matchingSecret(cmd *cobra.Command, clientCtx client.Context, id uint64, path string, secrets []BidSecret) (BidSecret, error) {
	newest := secrets[len(secrets)-1]
	if clientCtx.GenerateOnly || clientCtx.Offline {
		return newest, nil
	}
	q := types.NewQueryClient(clientCtx)
	var page []byte
	for {
		res, err := q.Bids(cmd.Context(), &types.QueryBidsRequest{TenderId: newest.TenderID, Pagination: &query.PageRequest{Key: page, Limit: 200}})
		if err != nil {
			return BidSecret{}, fmt.Errorf("reading the bids of tender %d: %w", newest.TenderID, err)
		}
		for _, b := range res.Bids {
			if b.Id != id {
				continue
			}
			for i := len(secrets) - 1; i >= 0; i-- {
				if secrets[i].Commitment == hex.EncodeToString(b.Commitment) {
					return secrets[i], nil
				}
			}
			return BidSecret{}, fmt.Errorf("none of the %d secrets in %s matches bid %d's commitment %x", len(secrets), path, id, b.Commitment)
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			return BidSecret{}, fmt.Errorf("bid %d is not a bid of tender %d (the tender of %s)", id, newest.TenderID, path)
		}
		page = res.Pagination.NextKey
	}
}
