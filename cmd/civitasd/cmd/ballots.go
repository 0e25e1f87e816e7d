package cmd

import (
	"bufio"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cosmos/cosmos-sdk/client"
	"github.com/cosmos/cosmos-sdk/client/flags"
	"github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/crypto/hd"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/x/voting/census"
	"github.com/civitas-chain/civitas/x/voting/secret"
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
The sign bytes are documented in x/voting/README.md.

The election is read from --election-file (the JSON of "civitasd query voting election ID
-o json") or else from --node. For a SECRET election the choices are encrypted under the
election key, one ciphertext per option with its proofs, and only the ciphertexts are signed
and relayed: --answer gives the chosen options as above (single, approval, budget), "-" a blank
answer. If neither can be read, nothing is signed: a choice signed in the clear is a receipt
anyone could be shown. --spoil encrypts as for casting but reveals the choices and the randomness
instead of signing (Benaloh's challenge): audit the record with "civitasd voting audit-ballot",
and never relay it. --public signs the answers in the clear without reading the election
(a public election's ballot, fully offline).`,
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
			e, err := ballotElection(cmd, clientCtx, electionID)
			if err != nil {
				return err
			}
			if spoil, _ := cmd.Flags().GetBool(flagSpoil); spoil && (e == nil || e.Privacy != types.PRIVACY_SECRET) {
				return fmt.Errorf("--spoil audits a secret election's encrypted ballot; election %d is public (or --public was given): nothing written", electionID)
			}
			var ballot types.SignedBallot
			var bz []byte
			if e != nil && e.Privacy == types.PRIVACY_SECRET {
				// Encrypted under the election key, with its proofs.
				if e.ChainId != clientCtx.ChainID {
					return fmt.Errorf("election %d is on chain %q, not %q", electionID, e.ChainId, clientCtx.ChainID)
				}
				if e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL {
					return fmt.Errorf("secret election %d has no election key yet (its key ceremony is not FINAL)", electionID)
				}
				k, err := secret.DecodeElement(e.KeyCeremony.ElectionKey, "election key")
				if err != nil {
					return err
				}
				choices, err := types.SecretChoices(e, answers)
				if err != nil {
					return err
				}
				if spoil, _ := cmd.Flags().GetBool(flagSpoil); spoil {
					return writeSpoiled(cmd, rand.Reader, e, k, pub, counter, choices)
				}
				if ballot, err = types.SealSecretBallot(rand.Reader, pub, sign, e, k, counter, choices, proof); err != nil {
					return err
				}
				if bz, err = types.SecretSignBytes(e.ChainId, electionID, pub, counter, ballot.EncryptedAnswers); err != nil {
					return err
				}
			} else {
				if bz, err = types.SignBytes(clientCtx.ChainID, electionID, pub, counter, answers); err != nil {
					return err
				}
				sig, err := sign(bz)
				if err != nil {
					return err
				}
				if err := types.VerifyBallotSignature(pub, bz, sig); err != nil {
					return fmt.Errorf("the key did not sign as a ballot needs (is it a Ledger key?): %w", err)
				}
				ballot = types.SignedBallot{ElectionId: electionID, VoterPubKey: pub, Counter: counter, Answers: answers, Signature: sig, CensusProof: proof}
			}
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
				fmt.Fprintf(cmd.ErrOrStderr(), "ballot of %s for election %d on chain %s, counter %d, hash %X\n", voterStr, electionID, clientCtx.ChainID, counter, types.BallotHash(bz))
			}
			return err
		},
	}
	cmd.Flags().StringArray(flagAnswer, nil, "the answer to a question, once per question in order (see above)")
	cmd.Flags().Uint32(flagCounter, 0, "the ballot's counter (a revote needs a higher one)")
	cmd.Flags().String(flagMnemonicFile, "", "sign with the key of this mnemonic (a file, or - for standard input) instead of --from")
	cmd.Flags().String(flagCensus, "", "Merkle census file (from census build) holding the voter's proof")
	cmd.Flags().String(flagOut, "", "append the signed ballot as one JSON line to this file")
	cmd.Flags().Bool(flagSpoil, false, "secret elections: write a spoiled ballot to audit (choices and randomness revealed), not a ballot to cast")
	cmd.Flags().Bool(flagPublic, false, "sign the answers in the clear without reading the election (public elections only; fully offline)")
	cmd.Flags().String(flagElectionFile, "", "the election as JSON (civitasd query voting election ID -o json): signs offline; without it the election is read from --node")
	cmd.Flags().String(flags.FlagNode, "tcp://localhost:26657", "the node the election is read from when there is no --election-file")
	cmd.Flags().String(flags.FlagFrom, "", "sign with this keyring key")
	cmd.Flags().String(flags.FlagChainID, "", "the chain id (signed into the ballot)")
	cmd.Flags().String(flags.FlagKeyringBackend, flags.DefaultKeyringBackend, "keyring backend (os|file|kwallet|pass|test|memory)")
	cmd.Flags().String(flags.FlagKeyringDir, "", "the keyring directory, if not the home directory")
	return cmd
}

const (
	flagElectionFile = "election-file"
	flagPublic       = "public"
	flagSpoil        = "spoil"
)

// ballotElection reads the election from --election-file, or else from the
// node; with --public it reads nothing and returns nil.
func ballotElection(cmd *cobra.Command, clientCtx client.Context, id uint64) (*types.Election, error) {
	public, _ := cmd.Flags().GetBool(flagPublic)
	path, _ := cmd.Flags().GetString(flagElectionFile)
	if public {
		if path != "" {
			return nil, errors.New("give --public or --election-file, not both")
		}
		return nil, nil
	}
	if path != "" {
		bz, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		var wrapped types.QueryElectionResponse
		if err := clientCtx.Codec.UnmarshalJSON(bz, &wrapped); err == nil && wrapped.Election.Id != 0 {
			if wrapped.Election.Id != id {
				return nil, fmt.Errorf("%s is election %d, not %d", path, wrapped.Election.Id, id)
			}
			return &wrapped.Election, nil
		}
		var e types.Election
		if err := clientCtx.Codec.UnmarshalJSON(bz, &e); err != nil {
			return nil, fmt.Errorf("%s: not an election: %w", path, err)
		}
		if e.Id != id {
			return nil, fmt.Errorf("%s is election %d, not %d", path, e.Id, id)
		}
		return &e, nil
	}
	res, err := types.NewQueryClient(clientCtx).Election(cmd.Context(), &types.QueryElectionRequest{ElectionId: id})
	if err != nil {
		return nil, fmt.Errorf("election %d not read from the node (%w): give --election-file, a reachable --node, or --public for a public election's ballot signed offline", id, err)
	}
	return &res.Election, nil
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
transactions of --batch ballots each, signed by --from, and waits until each is in a block. A
transaction of valid ballots only needs no fee, so the relayer may hold no tokens (it needs an
account). The gas of each transaction is simulated unless --gas gives a number.

A transaction that the node refuses names the ballot at fault: that ballot is reported and
left out, and the rest of the batch is sent again. A transaction that leaves the mempool without
being included is sent again once. At the end, every ballot is reported as counted or refused
(with the reason); the command fails if any ballot was not counted.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			clientCtx, err := client.GetClientTxContext(cmd)
			if err != nil {
				return err
			}
			clientCtx = clientCtx.WithBroadcastMode(flags.BroadcastSync)
			ballots, err := readBallots(clientCtx, args[0])
			if err != nil {
				return err
			}
			if len(ballots) == 0 {
				return fmt.Errorf("%s holds no ballots", args[0])
			}
			batch, _ := cmd.Flags().GetInt(flagBatch)
			params, err := types.NewQueryClient(clientCtx).Params(cmd.Context(), &types.QueryParamsRequest{})
			if err != nil {
				return fmt.Errorf("reading the voting params: %w", err)
			}
			if batch < 1 || batch > int(params.Params.MaxBallotsPerTx) {
				return fmt.Errorf("--batch must be from 1 to %d (max_ballots_per_tx)", params.Params.MaxBallotsPerTx)
			}
			r := &relayer{cmd: cmd, clientCtx: clientCtx, out: cmd.OutOrStdout()}
			if r.txf, err = tx.NewFactoryCLI(clientCtx, cmd.Flags()); err != nil {
				return err
			}
			gasFlag, _ := cmd.Flags().GetString(flags.FlagGas)
			r.fixedGas = cmd.Flags().Changed(flags.FlagGas) && gasFlag != flags.GasFlagAuto
			acc, _, _ := app.CLIAddressCodecs()
			if r.relayer, err = acc.BytesToString(clientCtx.FromAddress); err != nil {
				return err
			}
			pending := make([]int, len(ballots))
			for i := range pending {
				pending[i] = i
			}
			r.ballots = ballots
			r.status = make([]string, len(ballots))
			for pass := 1; pass <= 2 && len(pending) > 0; pass++ {
				if pending, err = r.pass(pending, batch); err != nil {
					return err
				}
			}
			counted, refused := 0, 0
			for i, st := range r.status {
				switch {
				case st == "counted":
					counted++
				case st == "":
					r.status[i] = "not included in a block"
					fallthrough
				default:
					refused++
					fmt.Fprintf(r.out, "ballot %d (line %d): %s\n", i, i+1, r.status[i])
				}
			}
			fmt.Fprintf(r.out, "%d ballots counted, %d not\n", counted, refused)
			if refused > 0 {
				return fmt.Errorf("%d of %d ballots were not counted", refused, len(ballots))
			}
			return nil
		},
	}
	flags.AddTxFlagsToCmd(cmd)
	cmd.Flags().Int(flagBatch, 100, "ballots per transaction (at most the max_ballots_per_tx param)")
	return cmd
}

// relayer sends ballots for the relay command.
type relayer struct {
	cmd       *cobra.Command
	clientCtx client.Context
	txf       tx.Factory
	fixedGas  bool
	relayer   string
	out       io.Writer
	ballots   []types.SignedBallot
	status    []string // per ballot: "" (not yet), "counted", or why not
}

var ballotInError = regexp.MustCompile(`ballot (\d+):`)

// pass sends the pending ballots (indexes into r.ballots) in batches, waits
// for the transactions, records each ballot's outcome, and returns the
// ballots whose transaction never made it into a block.
func (r *relayer) pass(pending []int, batch int) ([]int, error) {
	num, seq, err := r.clientCtx.AccountRetriever.GetAccountNumberSequence(r.clientCtx, r.clientCtx.FromAddress)
	if err != nil {
		return nil, fmt.Errorf("relayer %s has no account (it needs one, not tokens): %w", r.relayer, err)
	}
	type sent struct {
		hash    string
		ballots []int
	}
	var txs []sent
	for start := 0; start < len(pending); start += batch {
		idx := append([]int{}, pending[start:min(start+batch, len(pending))]...)
		for len(idx) > 0 {
			msg := &types.MsgCastBallots{Relayer: r.relayer}
			for _, i := range idx {
				msg.Ballots = append(msg.Ballots, r.ballots[i])
			}
			refusal := ""
			bz, err := r.sign(msg, num, seq)
			if err != nil {
				refusal = err.Error() // the simulation refused it
			} else {
				res, err := r.clientCtx.BroadcastTx(bz)
				if err != nil {
					return nil, err
				}
				if res.Code == 0 {
					seq++
					txs = append(txs, sent{res.TxHash, idx})
					fmt.Fprintf(r.out, "%d ballots sent: txhash %s\n", len(idx), res.TxHash)
					break
				}
				refusal = fmt.Sprintf("code %d (%s): %s", res.Code, res.Codespace, res.RawLog)
			}
			// The error names the ballot at fault: leave it out, send the rest.
			m := ballotInError.FindStringSubmatch(refusal)
			if m == nil {
				return nil, fmt.Errorf("transaction refused: %s", refusal)
			}
			k, _ := strconv.Atoi(m[1])
			if k >= len(idx) {
				return nil, fmt.Errorf("transaction refused: %s", refusal)
			}
			r.status[idx[k]] = "refused: " + refusal
			fmt.Fprintf(r.out, "ballot %d (line %d) refused: %s\n", idx[k], idx[k]+1, refusal)
			idx = append(idx[:k], idx[k+1:]...)
		}
	}
	var missing []int
	for _, s := range txs {
		res, err := r.wait(s.hash)
		if err != nil {
			fmt.Fprintf(r.out, "txhash %s: %s\n", s.hash, err)
			missing = append(missing, s.ballots...)
			continue
		}
		if res.Code != 0 {
			for _, i := range s.ballots {
				r.status[i] = fmt.Sprintf("transaction %s failed: %s", s.hash, res.RawLog)
			}
			continue
		}
		var data sdk.TxMsgData
		var out types.MsgCastBallotsResponse
		bz, _ := hex.DecodeString(res.Data)
		if err := r.clientCtx.Codec.Unmarshal(bz, &data); err != nil || len(data.MsgResponses) != 1 ||
			r.clientCtx.Codec.Unmarshal(data.MsgResponses[0].Value, &out) != nil || len(out.Outcomes) != len(s.ballots) {
			for _, i := range s.ballots {
				r.status[i] = "counted"
			}
			continue
		}
		for j, o := range out.Outcomes {
			if o.Counted {
				r.status[s.ballots[j]] = "counted"
			} else {
				r.status[s.ballots[j]] = "refused in block " + strconv.FormatInt(res.Height, 10) + ": " + o.Error
			}
		}
	}
	return missing, nil
}

// sign builds and signs a relay transaction with the given sequence.
func (r *relayer) sign(msg *types.MsgCastBallots, num, seq uint64) ([]byte, error) {
	f := r.txf.WithAccountNumber(num).WithSequence(seq)
	if !r.fixedGas {
		_, gas, err := tx.CalculateGas(r.clientCtx, f, msg)
		if err != nil {
			return nil, fmt.Errorf("simulation: %w", err)
		}
		f = f.WithGas(gas * 12 / 10)
	}
	unsigned, err := f.BuildUnsignedTx(msg)
	if err != nil {
		return nil, err
	}
	if err := tx.Sign(r.cmd.Context(), f, r.clientCtx.FromName, unsigned, true); err != nil {
		return nil, err
	}
	return r.clientCtx.TxConfig.TxEncoder()(unsigned.GetTx())
}

// wait polls for a transaction until it is in a block (about a minute).
func (r *relayer) wait(hash string) (*sdk.TxResponse, error) {
	for range 120 {
		res, err := authtx.QueryTx(r.clientCtx, hash)
		if err == nil {
			return res, nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return nil, errors.New("not in a block after a minute (it left the mempool)")
}

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
