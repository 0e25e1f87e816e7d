package cmd

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/gtank/ristretto255"
	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/keeper"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

const flagKeyFile = "key-file"

// TrusteeKeyFile is a trustee's local secret for one election's key
// ceremony (mode 0600): its communication secret e (hex), from which its
// shares are decrypted. Losing it loses the trustee's part of the key.
type TrusteeKeyFile struct {
	ElectionID          uint64 `json:"election_id"`
	ChainID             string `json:"chain_id"`
	CommunicationSecret string `json:"communication_secret"`
	CommunicationKey    string `json:"communication_key"`
}

func trusteeCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "trustee",
		Short: "A trustee's steps in a secret election's key ceremony, with a local key file (x/voting/README.md, \"Secret ballots\")",
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	cmd.AddCommand(trusteeRegisterCommand(), trusteeDealCommand(), trusteeCheckCommand(), trusteeDecryptCommand())
	return cmd
}

func keyFilePath(cmd *cobra.Command, clientCtx client.Context, election uint64) string {
	path, _ := cmd.Flags().GetString(flagKeyFile)
	if path == "" {
		path = filepath.Join(clientCtx.HomeDir, "trustee", fmt.Sprintf("election-%d.json", election))
	}
	return path
}

func readKeyFile(path string, election uint64) (*TrusteeKeyFile, *secret.Scalar, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	var kf TrusteeKeyFile
	if err := json.Unmarshal(bz, &kf); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	if kf.ElectionID != election {
		return nil, nil, fmt.Errorf("%s is the key file of election %d, not %d", path, kf.ElectionID, election)
	}
	b, err := hex.DecodeString(kf.CommunicationSecret)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: communication_secret: %w", path, err)
	}
	e, err := secret.DecodeScalar(b, "communication_secret")
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	return &kf, e, nil
}

func electionArg(s string) (uint64, error) {
	id, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("election id %q: %w", s, err)
	}
	return id, nil
}

// trusteeContext loads the election and the signer's trustee index.
func trusteeContext(cmd *cobra.Command, clientCtx client.Context, id uint64) (*types.Election, string, uint32, error) {
	res, err := types.NewQueryClient(clientCtx).Election(cmd.Context(), &types.QueryElectionRequest{ElectionId: id})
	if err != nil {
		return nil, "", 0, err
	}
	e := res.Election
	if e.KeyCeremony == nil {
		return nil, "", 0, fmt.Errorf("election %d is not a secret election", id)
	}
	acc, _, _ := app.CLIAddressCodecs()
	me, err := acc.BytesToString(clientCtx.FromAddress)
	if err != nil {
		return nil, "", 0, err
	}
	for i, t := range e.KeyCeremony.Trustees {
		if t.Address == me {
			return &e, me, uint32(i + 1), nil
		}
	}
	return nil, "", 0, fmt.Errorf("%s is not a trustee of election %d", me, id)
}

func trusteeRegisterCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "register [election-id]",
		Short: "Make a communication key, keep its secret in --key-file (mode 0600) and register the public key",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			e, me, idx, err := trusteeContext(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			path := keyFilePath(cmd, clientCtx, id)
			if _, err := os.Stat(path); err == nil {
				return fmt.Errorf("%s exists: a trustee registers one key per election", path)
			}
			s, err := secret.RandomScalar(rand.Reader)
			if err != nil {
				return err
			}
			pubKey := ristretto255.NewElement().ScalarBaseMult(s)
			pub := pubKey.Encode(nil)
			proof, err := secret.ProveCommunicationKey(rand.Reader, s, pubKey, secret.CeremonyContext(e.ChainId, e.Id), uint64(idx))
			if err != nil {
				return err
			}
			kf := TrusteeKeyFile{ElectionID: id, ChainID: e.ChainId, CommunicationSecret: hex.EncodeToString(s.Encode(nil)), CommunicationKey: hex.EncodeToString(pub)}
			bz, err := json.MarshalIndent(kf, "", "  ")
			if err != nil {
				return err
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
				return err
			}
			if err := os.WriteFile(path, append(bz, '\n'), 0o600); err != nil {
				return err
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "communication key %s; its secret is in %s (keep it until the tally)\n", kf.CommunicationKey, path)
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), &types.MsgRegisterTrusteeKey{Trustee: me, ElectionId: id, CommunicationKey: pub, Proof: proof})
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().String(flagKeyFile, "", "the trustee's key file (default <home>/trustee/election-<id>.json)")
	return cmd
}

func trusteeDealCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "deal [election-id]",
		Short: "Deal your shares of the election key to every trustee's registered communication key",
		Long: `Draws a fresh secret and a polynomial of degree threshold−1, and broadcasts its Feldman
commitments, a proof of knowledge of the secret and every trustee's share encrypted to its
communication key. Nothing of the polynomial is kept: your own share comes back to you in your deal.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			e, me, idx, err := trusteeContext(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			if e.KeyCeremony.Status != types.CEREMONY_STATUS_DEALING {
				return fmt.Errorf("election %d's key ceremony is %s, not DEALING", id, e.KeyCeremony.Status)
			}
			var keys []*secret.Element
			for j, t := range e.KeyCeremony.Trustees {
				if len(t.CommunicationKey) == 0 {
					// Left out at registration: its share goes to a key nobody
					// holds (a random point), so nobody can read it.
					x, err := secret.RandomScalar(rand.Reader)
					if err != nil {
						return err
					}
					keys = append(keys, ristretto255.NewElement().ScalarBaseMult(x))
					continue
				}
				k, err := secret.DecodeElement(t.CommunicationKey, fmt.Sprintf("trustee %d's communication key", j+1))
				if err != nil {
					return err
				}
				keys = append(keys, k)
			}
			d, err := secret.NewDeal(rand.Reader, uint64(idx), int(e.KeyCeremony.Threshold), keys, secret.CeremonyContext(e.ChainId, e.Id))
			if err != nil {
				return err
			}
			msg := types.DealMsg(me, id, d)
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}

func trusteeCheckCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "check [election-id]",
		Short: "Decrypt and check every share dealt to you; complain about each bad one, or acknowledge if all are good",
		Long: `Reads the deals on chain and opens your share of each with --key-file (dealers already left
out are skipped). A share that does not match its dealer's commitments is reported and, unless
--report-only, complained about in one transaction (the chain then disqualifies the dealer); run check
again afterwards. If every share is good, an acknowledgment is broadcast, unless --report-only.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			e, me, idx, err := trusteeContext(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			_, comm, err := readKeyFile(keyFilePath(cmd, clientCtx, id), id)
			if err != nil {
				return err
			}
			res, err := types.NewQueryClient(clientCtx).KeyDeals(cmd.Context(), &types.QueryKeyDealsRequest{ElectionId: id})
			if err != nil {
				return err
			}
			ctx := secret.CeremonyContext(e.ChainId, e.Id)
			dry, _ := cmd.Flags().GetBool("report-only")
			var msgs []sdk.Msg
			bad := 0
			disqualified := map[uint32]bool{}
			for i, t := range e.KeyCeremony.Trustees {
				disqualified[uint32(i+1)] = t.Disqualified
			}
			n, t := len(e.KeyCeremony.Trustees), int(e.KeyCeremony.Threshold)
			for _, stored := range res.Deals {
				if stored.Dealer < 1 || int(stored.Dealer) > n {
					return fmt.Errorf("the node lists a deal of trustee %d of %d: use a node you trust", stored.Dealer, n)
				}
				if disqualified[stored.Dealer] {
					fmt.Fprintf(cmd.ErrOrStderr(), "share from trustee %d: not in the key (%s)\n", stored.Dealer, e.KeyCeremony.Trustees[stored.Dealer-1].DisqualifiedReason)
					continue
				}
				d, err := stored.Crypto()
				if err == nil {
					err = d.Check(t, n, ctx) // as the chain checked it when it was dealt
				}
				if err != nil {
					return fmt.Errorf("the node's copy of trustee %d's deal is not one the chain accepted (%w): complain about nothing, use a node you trust", stored.Dealer, err)
				}
				_, openErr := d.OpenShare(uint64(idx), comm, ctx)
				if openErr == nil {
					fmt.Fprintf(cmd.ErrOrStderr(), "share from trustee %d: good\n", stored.Dealer)
					continue
				}
				bad++
				fmt.Fprintf(cmd.ErrOrStderr(), "share from trustee %d: BAD (%s)\n", stored.Dealer, openErr)
				c, err := d.Complain(rand.Reader, uint64(idx), comm, ctx)
				if err != nil {
					return err
				}
				msgs = append(msgs, &types.MsgComplainKeyDeal{Trustee: me, ElectionId: id, Dealer: stored.Dealer,
					SharedPoint: c.Shared.Encode(nil), Proof: c.Proof.Encode()})
			}
			if len(res.Deals) == 0 {
				return errors.New("no deal on chain yet")
			}
			fmt.Fprintf(cmd.ErrOrStderr(), "%d deals, %d bad shares\n", len(res.Deals), bad)
			if dry {
				return nil
			}
			// Complaints go alone: once they are judged (the dealers left out),
			// run check again to acknowledge.
			if len(msgs) > 0 {
				fmt.Fprintln(cmd.ErrOrStderr(), "complaining; once this is in a block, run check again to acknowledge")
				return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msgs...)
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), &types.MsgAcknowledgeKeyDeals{Trustee: me, ElectionId: id})
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().String(flagKeyFile, "", "the trustee's key file (default <home>/trustee/election-<id>.json)")
	cmd.Flags().Bool("report-only", false, "only report the shares; broadcast nothing")
	return cmd
}

// secretShare opens the trustee's shares of the qualified deals and adds
// them: its secret share x_j of the election key.
func secretShare(cmd *cobra.Command, clientCtx client.Context, e *types.Election, idx uint32, comm *secret.Scalar) (*secret.Scalar, error) {
	res, err := types.NewQueryClient(clientCtx).KeyDeals(cmd.Context(), &types.QueryKeyDealsRequest{ElectionId: e.Id})
	if err != nil {
		return nil, err
	}
	ctx := secret.CeremonyContext(e.ChainId, e.Id)
	var opened []*secret.Scalar
	for _, stored := range res.Deals {
		if stored.Dealer < 1 || int(stored.Dealer) > len(e.KeyCeremony.Trustees) {
			return nil, fmt.Errorf("the node lists a deal of trustee %d of %d: use a node you trust", stored.Dealer, len(e.KeyCeremony.Trustees))
		}
		t := e.KeyCeremony.Trustees[stored.Dealer-1]
		if t.Disqualified || !t.Dealt {
			continue
		}
		d, err := stored.Crypto()
		if err != nil {
			return nil, err
		}
		s, err := d.OpenShare(uint64(idx), comm, ctx)
		if err != nil {
			return nil, fmt.Errorf("your share from trustee %d: %w", stored.Dealer, err)
		}
		opened = append(opened, s)
	}
	x := secret.SecretShare(opened)
	if got := ristretto255.NewElement().ScalarBaseMult(x).Encode(nil); string(got) != string(e.KeyCeremony.Trustees[idx-1].PublicShare) {
		return nil, errors.New("your shares do not add up to your public share on chain: check the key file")
	}
	return x, nil
}

func trusteeDecryptCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "decrypt [election-id]",
		Short: "After a secret election ends (TALLYING), post your partial decryption of every option sum (never of a ballot)",
		Long: `Reads the election's record and re-checks it as verify-tally does (every ballot's proofs, the
sums re-added from the ballots), so that only sums of ballots are ever decrypted; rebuilds your
secret share from the qualified deals and --key-file, checks it against your public share on
chain, and broadcasts D = x·A of each option sum with its equal-logarithm proof. Use a node you
trust (your own): the decryption is broadcast whether or not the chain accepts it.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			e, me, idx, err := trusteeContext(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			if e.Status != types.ELECTION_STATUS_TALLYING || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL {
				return fmt.Errorf("election %d is %s (key %s): sums are decrypted once it has ended (TALLYING)", id, e.Status, e.KeyCeremony.Status)
			}
			_, comm, err := readKeyFile(keyFilePath(cmd, clientCtx, id), id)
			if err != nil {
				return err
			}
			x, err := secretShare(cmd, clientCtx, e, idx, comm)
			if err != nil {
				return err
			}
			// Decrypt only sums that are the ballots' sums: re-check the whole
			// record (every ballot's proofs, the sums re-added) first.
			rec, err := readTallyRecord(cmd, clientCtx, id)
			if err != nil {
				return err
			}
			acc, _, _ := app.CLIAddressCodecs()
			if err := keeper.VerifyTallyRecord(acc, rec, io.Discard); err != nil {
				return fmt.Errorf("the node's record of election %d does not verify (%w): decrypt nothing, use a node you trust", id, err)
			}
			msg := &types.MsgDecryptShares{Trustee: me, ElectionId: id}
			for qi, q := range rec.Sums.Questions {
				for oi, raw := range q.Options {
					ct, err := secret.DecodeCiphertext(raw)
					if err != nil {
						return err
					}
					p, err := secret.ProveDLEQ(rand.Reader, x, ct.A, secret.TallyContext(e.ChainId, id, qi, oi))
					if err != nil {
						return err
					}
					msg.Shares = append(msg.Shares, append(ristretto255.NewElement().ScalarMult(x, ct.A).Encode(nil), p.Encode()...))
				}
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().String(flagKeyFile, "", "the trustee's key file (default <home>/trustee/election-<id>.json)")
	return cmd
}

// tallyCommand combines the first threshold partial decryptions of each sum,
// finds each total (baby-step giant-step up to the census weight) and
// publishes them; the chain checks every one.
func tallyCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "tally [election-id]",
		Short: "Combine a TALLYING secret election's partial decryptions, find the totals and publish them (anyone)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			id, err := electionArg(args[0])
			if err != nil {
				return err
			}
			qc := types.NewQueryClient(clientCtx)
			er, err := qc.Election(cmd.Context(), &types.QueryElectionRequest{ElectionId: id})
			if err != nil {
				return err
			}
			e := er.Election
			if e.KeyCeremony == nil {
				return fmt.Errorf("election %d is not a secret election", id)
			}
			st, err := qc.SecretTally(cmd.Context(), &types.QuerySecretTallyRequest{ElectionId: id})
			if err != nil {
				return err
			}
			totals, err := keeper.ThresholdTotals(&e, &st.Tally, st.PartialDecryptions)
			if err != nil {
				return err
			}
			acc, _, _ := app.CLIAddressCodecs()
			signer, err := acc.BytesToString(clientCtx.FromAddress)
			if err != nil {
				return err
			}
			msg := &types.MsgPublishTotals{Signer: signer, ElectionId: id}
			for qi, q := range totals {
				for oi, m := range q {
					fmt.Fprintf(cmd.ErrOrStderr(), "question %d option %d (%s): %d\n", qi, oi, e.Questions[qi].Options[oi].Title, m)
					msg.Totals = append(msg.Totals, m)
				}
			}
			return tx.GenerateOrBroadcastTxCLI(clientCtx, cmd.Flags(), msg)
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	return cmd
}
