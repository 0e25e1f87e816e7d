package cmd

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/types"
)

const (
	flagRecord = "record"
	flagSave   = "save"
)

// verifyTallyCommand re-checks a secret election's record: from a node, all
// read at one height, or from a file it saved.
func verifyTallyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "verify-tally [election-id]",
		Short: "Re-check a secret election's count from its public data: every ballot's proofs, the sums, the trustees' partial decryptions, the totals and the result",
		Long: `Reads a secret election's record at one height from the node (--node), or from a file (--record)
written earlier with --save, and re-checks it with no other input (x/voting/README.md, "Secret ballots"):

  - the key: every deal's proofs, and the election key and each trustee's public share
    recomputed from the qualified deals;
  - the census: a registry's voters add up to the census, and each ballot's weight is its
    voter's registry weight; the ballots stay within the census's voters and weight;
  - every ballot: its voter's key, its sign bytes and hash, its signature, and every proof
    (each option encrypts 0 or 1, each answer's count is within the question's range);
  - the ballots' ciphertexts, times each voter's weight, re-added: they must equal the chain's sums;
  - the tally's ballots, weight and overwrites against the ballots;
  - every trustee's partial decryption of every sum against its public share;
  - once threshold trustees decrypted: each total (the first threshold trustees by index, Lagrange,
    baby-step giant-step up to the census weight) against the published tally, and the result
    against the totals.

It prints what it checked and exits non-zero at the first failure. The node's answers are not
proved against the app hash here: read from a node you trust, or compare --save files read
from several nodes.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			var rec *types.TallyRecord
			if path, _ := cmd.Flags().GetString(flagRecord); path != "" {
				bz, err := os.ReadFile(path)
				if err != nil {
					return err
				}
				rec = &types.TallyRecord{}
				if err := clientCtx.Codec.UnmarshalJSON(bz, rec); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
				if rec.Election.Id != id {
					return fmt.Errorf("%s is the record of election %d, not %d", path, rec.Election.Id, id)
				}
			} else if rec, err = readTallyRecord(cmd, clientCtx, id); err != nil {
				return err
			}
			if path, _ := cmd.Flags().GetString(flagSave); path != "" {
				bz, err := clientCtx.Codec.MarshalJSON(rec)
				if err != nil {
					return err
				}
				if err := os.WriteFile(path, bz, 0o644); err != nil {
					return err
				}
			}
			acc, _, _ := app.CLIAddressCodecs()
			if err := keeper.VerifyTallyRecord(acc, rec, cmd.OutOrStdout()); err != nil {
				return fmt.Errorf("verification FAILED: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "verified: election %d's record holds\n", id)
			return nil
		},
	}
	flags.AddQueryFlagsToCmd(cmd)
	cmd.Flags().String(flagRecord, "", "verify this saved record (JSON) instead of reading the node")
	cmd.Flags().String(flagSave, "", "also write the record read to this file (JSON)")
	return cmd
}

// readTallyRecord reads a secret election's record from the node, every
// query at the same height.
func readTallyRecord(cmd *cobra.Command, clientCtx client.Context, id uint64) (*types.TallyRecord, error) {
	if clientCtx.Height == 0 {
		node, err := clientCtx.GetNode()
		if err != nil {
			return nil, err
		}
		st, err := node.Status(cmd.Context())
		if err != nil {
			return nil, err
		}
		clientCtx = clientCtx.WithHeight(st.SyncInfo.LatestBlockHeight)
	}
	qc := types.NewQueryClient(clientCtx)
	ctx := cmd.Context()
	er, err := qc.Election(ctx, &types.QueryElectionRequest{ElectionId: id})
	if err != nil {
		return nil, err
	}
	if er.Election.Privacy != types.PRIVACY_SECRET {
		return nil, fmt.Errorf("election %d is public: its ballots and tally are in the clear (civitasd query voting ballots | results)", id)
	}
	rec := &types.TallyRecord{Election: er.Election}
	var next []byte
	for {
		br, err := qc.Ballots(ctx, &types.QueryBallotsRequest{ElectionId: id, Pagination: &query.PageRequest{Key: next, Limit: 500}})
		if err != nil {
			return nil, err
		}
		rec.Ballots = append(rec.Ballots, br.Ballots...)
		if br.Pagination == nil || len(br.Pagination.NextKey) == 0 {
			break
		}
		next = br.Pagination.NextKey
	}
	st, err := qc.SecretTally(ctx, &types.QuerySecretTallyRequest{ElectionId: id})
	if err != nil {
		return nil, err
	}
	rec.Sums, rec.PartialDecryptions = st.Tally, st.PartialDecryptions
	rr, err := qc.Results(ctx, &types.QueryResultsRequest{ElectionId: id})
	if err != nil {
		return nil, err
	}
	rec.Tally, rec.Result = rr.Tally, rr.Result
	kd, err := qc.KeyDeals(ctx, &types.QueryKeyDealsRequest{ElectionId: id})
	if err != nil {
		return nil, err
	}
	rec.KeyDeals = kd.Deals
	if rec.Election.Census.Type == types.CENSUS_TYPE_REGISTRY {
		next = nil
		for {
			cr, err := qc.Census(ctx, &types.QueryCensusRequest{ElectionId: id, Pagination: &query.PageRequest{Key: next, Limit: 1000}})
			if err != nil {
				return nil, err
			}
			rec.Voters = append(rec.Voters, cr.Voters...)
			if cr.Pagination == nil || len(cr.Pagination.NextKey) == 0 {
				break
			}
			next = cr.Pagination.NextKey
		}
	}
	fmt.Fprintf(cmd.ErrOrStderr(), "read election %d at height %d: %d ballots, %d partial decryptions\n", id, clientCtx.Height, len(rec.Ballots), len(rec.PartialDecryptions))
	return rec, nil
}
