package cmd

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/census"
	"github.com/civitas-chain/civitas/x/voting/types"
)

const (
	flagAnswer       = "answer"
	flagCounter      = "counter"
	flagMnemonicFile = "mnemonic-file"
	flagCensus       = "census"
	flagOut          = "out"
	flagBatch        = "batch"
)

// ParseAnswer reads one --answer: "" or "-" is blank; "1" one option;
// "0,2" several (RANKED: most preferred first); "0=2500,2=7500" options
// with basis-point weights (WEIGHTED).
func ParseAnswer(s string) (types.Answer, error) {
	var a types.Answer
	s = strings.TrimSpace(s)
	if s == "" || s == "-" {
		return a, nil
	}
	for _, part := range strings.Split(s, ",") {
		opt, weight, weighted := strings.Cut(strings.TrimSpace(part), "=")
		c, err := strconv.ParseUint(opt, 10, 16)
		if err != nil {
			return a, fmt.Errorf("answer %q: %q is not an option number", s, opt)
		}
		a.Choices = append(a.Choices, uint32(c))
		if weighted {
			w, err := strconv.ParseUint(weight, 10, 32)
			if err != nil {
				return a, fmt.Errorf("answer %q: %q is not a weight in basis points", s, weight)
			}
			a.Weights = append(a.Weights, uint32(w))
		}
	}
	if len(a.Weights) != 0 && len(a.Weights) != len(a.Choices) {
		return a, fmt.Errorf("answer %q: give a weight to every option or to none", s)
	}
	return a, nil
}

func signBallotCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "sign-ballot [election-id]",
		Short: "Sign a ballot offline, with a key or a mnemonic; prints (or appends to --out) one JSON line to relay",
		Long: `Signs a ballot for an election without a transaction, an account or tokens: anyone can then
relay it (civitasd voting relay). Give one --answer per question, in order:

  --answer 1              one option (single choice)
  --answer 0,2            several options: approval and budget in increasing order,
                          ranked choice in order of preference
  --answer 0=2500,2=7500  weighted split in basis points summing to 10000
  --answer -              a blank answer

The key is --from (a local keyring key; Ledger keys cannot sign ballots) or --mnemonic-file
(a file holding the mnemonic, "-" for standard input; the key of m/44'/118'/0'/0/0). For a
Merkle census, --census is the file written by "civitasd voting census build"; the
voter's proof is taken from it. --counter numbers the ballot: a revote needs a higher one.
The sign bytes are documented in x/voting/README.md.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientQueryContext(cmd)
			if err != nil {
				return err
			}
			electionID, err := strconv.ParseUint(args[0], 10, 64)
			if err != nil {
				return fmt.Errorf("election id %q: %w", args[0], err)
			}
			if clientCtx.ChainID == "" {
				return errors.New("--chain-id is required (it is part of what the voter signs)")
			}
			rawAnswers, _ := cmd.Flags().GetStringArray(flagAnswer)
			if len(rawAnswers) == 0 {
				return errors.New("give one --answer per question")
			}
			answers := make([]types.Answer, len(rawAnswers))
			for i, s := range rawAnswers {
				if answers[i], err = ParseAnswer(s); err != nil {
					return err
				}
			}
			counter, _ := cmd.Flags().GetUint32(flagCounter)

			sign, pub, err := ballotSigner(cmd, clientCtx)
			if err != nil {
				return err
			}
			voter, err := types.VoterAddress(pub)
			if err != nil {
				return err
			}
			var proof *types.CensusProof
			if path, _ := cmd.Flags().GetString(flagCensus); path != "" {
				if proof, err = censusProof(path, voter); err != nil {
					return err
				}
			}
			bz, err := types.SignBytes(clientCtx.ChainID, electionID, pub, counter, answers)
			if err != nil {
				return err
			}
			sig, err := sign(bz)
			if err != nil {
				return err
			}
			if err := types.VerifyBallotSignature(pub, bz, sig); err != nil {
				return fmt.Errorf("the key did not sign as a ballot needs (is it a Ledger key?): %w", err)
			}
			ballot := types.SignedBallot{ElectionId: electionID, VoterPubKey: pub, Counter: counter, Answers: answers, Signature: sig, CensusProof: proof}
			line, err := clientCtx.Codec.MarshalJSON(&ballot)
			if err != nil {
				return err
			}
			acc, _, _ := app.CLIAddressCodecs()
			voterStr, _ := acc.BytesToString(voter)
			out, _ := cmd.Flags().GetString(flagOut)
			if out == "" {
				_, err = fmt.Fprintln(cmd.OutOrStdout(), string(line))
			} else {
				err = appendLine(out, line)
			}
			if err == nil {
				fmt.Fprintf(cmd.ErrOrStderr(), "ballot of %s for election %d, counter %d, hash %X\n", voterStr, electionID, counter, types.BallotHash(bz))
			}
			return err
		},
	}
	cmd.Flags().StringArray(flagAnswer, nil, "the answer to a question, once per question in order (see above)")
	cmd.Flags().Uint32(flagCounter, 0, "the ballot's counter (a revote needs a higher one)")
	cmd.Flags().String(flagMnemonicFile, "", "sign with the key of this mnemonic (a file, or - for standard input) instead of --from")
	cmd.Flags().String(flagCensus, "", "Merkle census file (from census build) holding the voter's proof")
	cmd.Flags().String(flagOut, "", "append the signed ballot as one JSON line to this file")
	cmd.Flags().String(flags.FlagFrom, "", "sign with this keyring key")
	cmd.Flags().String(flags.FlagChainID, "", "the chain id (signed into the ballot)")
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "keyring backend (os|file|kwallet|pass|test|memory)")
	cmd.Flags().String(flags.FlagKeyringDir, "", "the keyring directory, if not the home directory")
	return cmd
}

// ballotSigner returns a function signing with the chosen key, and the
// key's compressed public key.
func ballotSigner(cmd *cobra.Command, clientCtx client.Context) (func([]byte) ([]byte, error), []byte, error) {
	from, _ := cmd.Flags().GetString(flags.FlagFrom)
	mnemonicFile, _ := cmd.Flags().GetString(flagMnemonicFile)
	switch {
	case from != "" && mnemonicFile != "":
		return nil, nil, errors.New("give --from or --mnemonic-file, not both")
	case mnemonicFile != "":
		var r io.Reader = os.Stdin
		if mnemonicFile != "-" {
			f, err := os.Open(mnemonicFile)
			if err != nil {
				return nil, nil, err
			}
			defer f.Close()
			r = f
		}
		words, err := io.ReadAll(io.LimitReader(r, 4096))
		if err != nil {
			return nil, nil, err
		}
		derived, err := hd.Secp256k1.Derive()(strings.TrimSpace(string(words)), "", hd.CreateHDPath(sdk.CoinType, 0, 0).String())
		if err != nil {
			return nil, nil, fmt.Errorf("mnemonic: %w", err)
		}
		key := &secp256k1.PrivKey{Key: derived}
		return key.Sign, key.PubKey().Bytes(), nil
	case from != "":
		if clientCtx.Keyring == nil {
			return nil, nil, errors.New("no keyring")
		}
		rec, err := clientCtx.Keyring.Key(from)
		if err != nil {
			return nil, nil, fmt.Errorf("key %q: %w", from, err)
		}
		pk, err := rec.GetPubKey()
		if err != nil {
			return nil, nil, err
		}
		if _, ok := pk.(*secp256k1.PubKey); !ok {
			return nil, nil, fmt.Errorf("key %q is a %s key: ballots are signed with secp256k1 keys", from, pk.Type())
		}
		return func(bz []byte) ([]byte, error) {
			sig, _, err := clientCtx.Keyring.Sign(from, bz, signing.SignMode_SIGN_MODE_DIRECT)
			return sig, err
		}, pk.Bytes(), nil
	default:
		return nil, nil, errors.New("give --from (a keyring key) or --mnemonic-file")
	}
}

// censusProof finds voter's proof in a census file.
func censusProof(path string, voter []byte) (*types.CensusProof, error) {
	bz, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var file census.File
	if err := jsonUnmarshal(bz, &file); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	acc, _, _ := app.CLIAddressCodecs()
	for _, p := range file.Proofs {
		addr, err := acc.StringToBytes(p.Address)
		if err != nil || string(addr) != string(voter) {
			continue
		}
		proof := &types.CensusProof{Weight: p.Weight, Index: p.Index}
		for _, s := range p.Siblings {
			h, err := hex.DecodeString(s)
			if err != nil {
				return nil, fmt.Errorf("%s: sibling %q: %w", path, s, err)
			}
			proof.Siblings = append(proof.Siblings, h)
		}
		return proof, nil
	}
	str, _ := acc.BytesToString(voter)
	return nil, fmt.Errorf("%s: %s is not in this census", path, str)
}

func appendLine(path string, line []byte) error {
	f, err := os.OpenFile(path, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(append(line, '\n')); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func relayCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:   "relay [ballots.jsonl]",
		Short: "Relay signed ballots (one JSON line each, from sign-ballot) in batches of MsgCastBallots, fee-free",
		Long: `Sends the ballots of a file (one signed ballot per line, "-" for standard input) in
transactions of --batch ballots each, signed by --from. A transaction of valid ballots only
needs no fee, so the relayer may hold no tokens (it needs an account). Each transaction's
result is printed; a refused one (CheckTx) says which ballot and why, the others go on.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			ballots, err := readBallots(clientCtx, args[0])
			if err != nil {
				return err
			}
			if len(ballots) == 0 {
				return fmt.Errorf("%s holds no ballots", args[0])
			}
			batch, _ := cmd.Flags().GetInt(flagBatch)
			if batch < 1 {
				return errors.New("--batch must be at least 1")
			}
			txf, err := tx.NewFactoryCLI(clientCtx, cmd.Flags())
			if err != nil {
				return err
			}
			num, seq, err := clientCtx.AccountRetriever.GetAccountNumberSequence(clientCtx, clientCtx.FromAddress)
			if err != nil {
				return fmt.Errorf("relayer %s has no account (it needs one, not tokens): %w", clientCtx.FromAddress, err)
			}
			txf = txf.WithAccountNumber(num)
			gasSet := cmd.Flags().Changed(flags.FlagGas)
			acc, _, _ := app.CLIAddressCodecs()
			relayer, err := acc.BytesToString(clientCtx.FromAddress)
			if err != nil {
				return err
			}
			failed := 0
			for start := 0; start < len(ballots); start += batch {
				end := min(start+batch, len(ballots))
				msg := &types.MsgCastBallots{Relayer: relayer, Ballots: ballots[start:end]}
				f := txf.WithSequence(seq)
				if !gasSet {
					f = f.WithGas(RelayGas(end - start))
				}
				unsigned, err := f.BuildUnsignedTx(msg)
				if err != nil {
					return err
				}
				if err := tx.Sign(cmd.Context(), f, clientCtx.FromName, unsigned, true); err != nil {
					return err
				}
				bz, err := clientCtx.TxConfig.TxEncoder()(unsigned.GetTx())
				if err != nil {
					return err
				}
				res, err := clientCtx.BroadcastTx(bz)
				if err != nil {
					return err
				}
				if res.Code != 0 {
					failed++
					fmt.Fprintf(cmd.OutOrStdout(), "ballots %d-%d: refused (code %d, %s): %s\n", start, end-1, res.Code, res.Codespace, res.RawLog)
					continue
				}
				seq++
				fmt.Fprintf(cmd.OutOrStdout(), "ballots %d-%d: txhash %s\n", start, end-1, res.TxHash)
			}
			if failed > 0 {
				return fmt.Errorf("%d of %d transactions were refused", failed, (len(ballots)+batch-1)/batch)
			}
			return nil
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().Int(flagBatch, 100, "ballots per transaction (at most the max_ballots_per_tx param)")
	return cmd
}

// RelayGas is the gas limit the relay command gives a transaction of n
// ballots (measured: about 20,000 per ballot; this leaves a margin).
func RelayGas(n int) uint64 { return 200_000 + 60_000*uint64(n) }

func readBallots(clientCtx client.Context, path string) ([]types.SignedBallot, error) {
	var r io.Reader = os.Stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	var out []types.SignedBallot
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 4<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var b types.SignedBallot
		if err := clientCtx.Codec.UnmarshalJSON([]byte(line), &b); err != nil {
			return nil, fmt.Errorf("%s line %d: %w", path, n, err)
		}
		out = append(out, b)
	}
	return out, sc.Err()
}
