package cmd

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// writeSpoiled writes a spoiled ballot (sign-ballot --spoil) to --out or
// standard output.
func writeSpoiled(cmd *cobra.Command, rnd io.Reader, e *types.Election, k *secret.Element, pub []byte, counter uint32, choices [][]uint64) error {
	s, err := types.NewSpoiledBallot(rnd, e, k, pub, counter, choices)
	if err != nil {
		return err
	}
	bz, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	out, _ := cmd.Flags().GetString(flagOut)
	if out == "" {
		_, err = fmt.Fprintln(cmd.OutOrStdout(), string(bz))
	} else {
		// A new file only: a spoiled ballot never goes into a file of ballots to relay.
		var f *os.File
		if f, err = os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600); err == nil {
			_, err = f.Write(append(bz, '\n'))
			if cerr := f.Close(); err == nil {
				err = cerr
			}
		}
	}
	if err == nil {
		fmt.Fprintf(cmd.ErrOrStderr(), "spoiled ballot for election %d, tracking code %s: audit it (civitasd voting audit-ballot), never relay it\n", e.Id, trackingCode(s.BallotHash))
	}
	return err
}

// trackingCode groups a ballot hash by four, as the booth shows it.
func trackingCode(h string) string {
	h = strings.ToUpper(strings.ReplaceAll(h, " ", ""))
	var parts []string
	for len(h) > 4 {
		parts, h = append(parts, h[:4]), h[4:]
	}
	return strings.Join(append(parts, h), " ")
}

func auditBallotCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "audit-ballot [spoiled.json]",
		Short: "Audit a spoiled secret ballot (Benaloh's challenge): did the booth encrypt the choices it showed?",
		Long: `A voter's booth encrypts a secret ballot and shows its tracking code before the voter decides to
cast it or spoil it. A spoiled ballot reveals its choices and the randomness of every ciphertext
(the web booth's "Spoil and audit", or sign-ballot --spoil). This command checks, on a device
other than the booth's, that:

  - the record is for this election, chain and election key;
  - its proofs hold (the chain would have counted it);
  - every ciphertext is the encryption of the revealed choice with the revealed randomness;
  - its sign bytes hash to the tracking code the booth showed;
  - read from --node: the chain did not count it (a spoiled ballot must never be cast).

--tracking-code is the code the booth showed before you chose to spoil, as you wrote it down
(spaces and case do not matter): the record must hash to it, all 64 digits, or the booth could
hand over another, honest ballot than the one it showed.

It prints the choices by their titles. A booth that encrypted another choice than it showed is
caught if that ballot is spoiled; it cannot tell beforehand which ballots will be, provided the
voter spoils an unpredictable number of times. Check the counted ballot from another device too
(civitasd verify ballot).

The election is read from --election-file (civitasd query voting election ID -o json) or --node.
Standard input is read when the file is "-".`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			var bz []byte
			if args[0] == "-" {
				bz, err = io.ReadAll(cmd.InOrStdin())
			} else {
				bz, err = os.ReadFile(args[0])
			}
			if err != nil {
				return err
			}
			var s types.SpoiledBallot
			if err := json.Unmarshal(bz, &s); err != nil {
				return fmt.Errorf("%s: not a spoiled ballot: %w", args[0], err)
			}
			e, err := ballotElection(cmd, clientCtx, s.ElectionID)
			if err != nil {
				return err
			}
			code, _ := cmd.Flags().GetString(flagTrackingCode)
			code = strings.ToUpper(strings.ReplaceAll(code, " ", ""))
			if len(code) != 64 {
				return fmt.Errorf("--tracking-code: give all 64 hex digits of the code the booth showed, got %d", len(code))
			}
			h, err := types.AuditSpoiledBallot(e, &s)
			if err != nil {
				return fmt.Errorf("AUDIT FAILED: %w", err)
			}
			if got := fmt.Sprintf("%X", h); got != code {
				return fmt.Errorf("AUDIT FAILED: the record is ballot %s, not %s that the booth showed: it handed over another ballot", trackingCode(got), trackingCode(code))
			}
			voter, _ := types.VoterAddress(s.VoterPubKey)
			acc, _, _ := app.CLIAddressCodecs()
			voterStr, _ := acc.BytesToString(voter)
			castCheck := "not checked whether it was cast (the election came from --election-file): run civitasd query voting receipt"
			if path, _ := cmd.Flags().GetString(flagElectionFile); path == "" {
				if castCheck, err = notCast(cmd, clientCtx, e.Id, voterStr, &s, h); err != nil {
					return err
				}
			}
			w := cmd.OutOrStdout()
			fmt.Fprintf(w, "spoiled ballot of %s for election %d %q, counter %d\n", voterStr, e.Id, e.Title, s.Counter)
			fmt.Fprintf(w, "tracking code %s\n", trackingCode(hex.EncodeToString(h)))
			for i, q := range e.Questions {
				var chosen []string
				for j, m := range s.Choices[i] {
					if m == 1 {
						chosen = append(chosen, q.Options[j].Title)
					}
				}
				if len(chosen) == 0 {
					chosen = []string{"(blank)"}
				}
				fmt.Fprintf(w, "question %d %q: %s\n", i+1, q.Title, strings.Join(chosen, ", "))
			}
			fmt.Fprintln(w, "audit passed: the booth encrypted exactly these choices, and the proofs hold")
			fmt.Fprintln(w, castCheck)
			return nil
		},
	}
	cmd.Flags().String(flagTrackingCode, "", "the tracking code the booth showed before the spoil (required)")
	cmd.Flags().String(flagElectionFile, "", "the election as JSON (civitasd query voting election ID -o json); without it the election is read from --node")
	cmd.Flags().String(flags.FlagNode, "tcp://localhost:26657", "the node the election (and the voter's receipt) is read from")
	_ = cmd.MarkFlagRequired(flagTrackingCode)
	return cmd
}

const flagTrackingCode = "tracking-code"

// notCast checks, on the node's word (not proven), that the voter's counted
// ballot is not the spoiled one and shares no ciphertext's A = r·G with it
// (a cast ballot that reused the spoiled randomness would be readable).
func notCast(cmd *cobra.Command, clientCtx client.Context, election uint64, voter string, s *types.SpoiledBallot, h []byte) (string, error) {
	res, err := types.NewQueryClient(clientCtx).Receipt(cmd.Context(), &types.QueryReceiptRequest{ElectionId: election, Voter: voter})
	if status.Code(err) == codes.NotFound {
		return "not cast: the chain counts no ballot of this voter (node's answer)", nil
	}
	if err != nil {
		return "", fmt.Errorf("the audit passed, but whether it was cast could not be read from the node: %w", err)
	}
	if bytes.Equal(res.Receipt.BallotHash, h) {
		return "", fmt.Errorf("AUDIT FAILED: this spoiled ballot was cast (counted at height %d): its choices are public; cast a fresh ballot", res.Receipt.Height)
	}
	spoiledA := map[string]bool{}
	for _, a := range s.EncryptedAnswers {
		for _, c := range a.Ciphertexts {
			spoiledA[string(c[:secret.ElementSize])] = true
		}
	}
	for _, a := range res.Ballot.EncryptedAnswers {
		for _, c := range a.Ciphertexts {
			if len(c) >= secret.ElementSize && spoiledA[string(c[:secret.ElementSize])] {
				return "", errors.New("AUDIT FAILED: the counted ballot reuses the spoiled ballot's randomness: its choices can be read from this record; cast a fresh ballot")
			}
		}
	}
	return fmt.Sprintf("not cast: the counted ballot of this voter is %s (node's answer), with fresh randomness", trackingCode(fmt.Sprintf("%X", res.Receipt.BallotHash))), nil
}
