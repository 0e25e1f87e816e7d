// Command loadgen measures how many bank sends a single Cosmos SDK node
// commits per second. It signs every transaction offline (secp256k1, sign
// mode direct) from deterministic accounts, broadcasts them with
// broadcast_tx_sync in JSON-RPC batches of 10, round by round (every
// account's sequence k before any sequence k+1), then reads the blocks and
// counts the transactions that succeeded. It works for any chain with the
// standard auth/bank modules (civitasd and stock wasmd alike): only the
// bech32 prefix and the denom differ.
//
//	loadgen addresses -prefix civ -accounts 64        one address per line (for genesis)
//	loadgen run -rpc http://127.0.0.1:26657 -prefix civ -denom ucivis -chain-id bench-1 -txs 16000
//
// For x/voting (make bench-voting) it also builds the Merkle census of
// deterministic fresh voter keys and relays their offline-signed ballots in
// MsgCastBallots batches from the bench accounts, fee-free:
//
//	loadgen census -voters 10000                      root, voters, total weight (JSON)
//	loadgen ballots -election 1 -voters 10000 -batch 100 -chain-id bench-1
//	loadgen ceremony -election 3 -trustees 3 -threshold 2   a secret election's FINAL key and deals (genesis JSON)
//
// For a secret election, ballots encrypts each voter's choices under the
// election key with their proofs (secret.go).
//
// For x/procurement (make bench-procurement) it publishes a tender, submits
// offline-signed sealed bids and reveals them (bids.go).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/math"
	"github.com/cosmos/cosmos-sdk/x/tx/signing"

	"github.com/cosmos/cosmos-sdk/client"
	clienttx "github.com/cosmos/cosmos-sdk/client/tx"
	"github.com/cosmos/cosmos-sdk/codec"
	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	cryptocodec "github.com/cosmos/cosmos-sdk/crypto/codec"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"
	signingtypes "github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"
	authtx "github.com/cosmos/cosmos-sdk/x/auth/tx"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	proctypes "github.com/civitas-chain/civitas/x/procurement/types"
	"github.com/civitas-chain/civitas/x/voting/census"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen addresses|run|census|ballots|tender|bids|reveals|await|voter-rule|ceremony|receipts|agree|blocktimes [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "addresses":
		err = addresses(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	case "census":
		err = censusCmd(os.Args[2:])
	case "ballots":
		err = ballotsCmd(os.Args[2:])
	case "tender":
		err = tenderCmd(os.Args[2:])
	case "bids":
		err = bidsCmd(os.Args[2:])
	case "reveals":
		err = revealsCmd(os.Args[2:])
	case "await":
		err = awaitCmd(os.Args[2:])
	case "voter-rule":
		err = voterRuleCmd(os.Args[2:])
	case "receipts":
		err = receiptsCmd(os.Args[2:])
	case "agree":
		err = agreeCmd(os.Args[2:])
	case "blocktimes":
		err = blocktimesCmd(os.Args[2:])
	case "ceremony":
		err = ceremonyCmd(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want addresses, run, census, ballots, tender, bids, reveals, await, voter-rule or ceremony)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// key is the deterministic key of bench account i.
func key(i int) *secp256k1.PrivKey {
	return secp256k1.GenPrivKeyFromSecret([]byte("civitas-bench-account-" + strconv.Itoa(i)))
}

func address(prefix string, i int) string {
	s, err := bech32.ConvertAndEncode(prefix, key(i).PubKey().Address())
	if err != nil {
		panic(err)
	}
	return s
}

func addresses(args []string) error {
	fs := flag.NewFlagSet("addresses", flag.ExitOnError)
	prefix := fs.String("prefix", "civ", "bech32 account prefix")
	accounts := fs.Int("accounts", 64, "number of accounts")
	_ = fs.Parse(args)
	for i := 0; i < *accounts; i++ {
		fmt.Println(address(*prefix, i))
	}
	return nil
}

// txConfig is a standard protobuf tx config for bank sends with the prefix.
func txConfig(prefix string) (client.TxConfig, error) {
	ir, err := codectypes.NewInterfaceRegistryWithOptions(codectypes.InterfaceRegistryOptions{
		ProtoFiles: proto.HybridResolver,
		SigningOptions: signing.Options{
			AddressCodec:          addresscodec.NewBech32Codec(prefix),
			ValidatorAddressCodec: addresscodec.NewBech32Codec(prefix + "valoper"),
		},
	})
	if err != nil {
		return nil, err
	}
	cryptocodec.RegisterInterfaces(ir)
	authtypes.RegisterInterfaces(ir)
	banktypes.RegisterInterfaces(ir)
	votingtypes.RegisterInterfaces(ir)
	proctypes.RegisterInterfaces(ir)
	budgettypes.RegisterInterfaces(ir)
	wasmtypes.RegisterInterfaces(ir)
	return authtx.NewTxConfig(codec.NewProtoCodec(ir), authtx.DefaultSignModes), nil
}

type result struct {
	Binary     string  `json:"binary,omitempty"`
	Offered    int     `json:"offered"`
	Accepted   int     `json:"accepted"`
	Committed  int     `json:"committed"`
	Failed     int     `json:"failed"`
	Blocks     int     `json:"blocks"`
	Seconds    float64 `json:"seconds"`
	TxPerSec   float64 `json:"tx_per_sec"`
	SendSecond float64 `json:"send_seconds"`
	// Unit is what is counted: "tx" (bank sends) or "ballot".
	Unit string `json:"unit"`
	// Block intervals over the measured span, in milliseconds.
	BlockMeanMs float64 `json:"block_mean_ms"`
	BlockMaxMs  float64 `json:"block_max_ms"`
	// Series is, per block of the measured span that committed units,
	// its time since the span's start (s) and the units it committed: the
	// report plots units/s over time from it.
	Series [][2]float64 `json:"series,omitempty"`
}

func run(args []string) error {
	fs := flag.NewFlagSet("run", flag.ExitOnError)
	rpc := fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of the node")
	prefix := fs.String("prefix", "civ", "bech32 account prefix")
	denom := fs.String("denom", "ucivis", "denom to send")
	chainID := fs.String("chain-id", "bench-1", "chain id")
	accounts := fs.Int("accounts", 64, "number of sending accounts (funded at genesis: see addresses)")
	txs := fs.Int("txs", 16000, "number of transactions")
	workers := fs.Int("workers", 4, "concurrent JSON-RPC batches")
	label := fs.String("label", "", "name of the binary, echoed in the result")
	kind := fs.String("msg", "send", "send: a bank send of 1 denom; pay: an x/budget MsgPay of 1 ucivis from line -line (the accounts are its agency's treasurers)")
	line := fs.Uint64("line", 1, "budget line of -msg pay")
	_ = fs.Parse(args)

	cfg, err := txConfig(*prefix)
	if err != nil {
		return err
	}
	rounds := (*txs + *accounts - 1) / *accounts

	// Account numbers and sequences, from the chain.
	type acct struct{ number, sequence uint64 }
	accs := make([]acct, *accounts)
	for i := range accs {
		n, s, err := accountInfo(*rpc, address(*prefix, i))
		if err != nil {
			return fmt.Errorf("account %d (%s): %w", i, address(*prefix, i), err)
		}
		accs[i] = acct{n, s}
	}

	// Sign everything first: round r holds every account's sequence s+r.
	signed := make([][][]byte, rounds)
	recipient := address(*prefix, *accounts) // not a sender
	for r := 0; r < rounds; r++ {
		for i := 0; i < *accounts && r**accounts+i < *txs; i++ {
			var bz []byte
			var err error
			if *kind == "pay" {
				from := address(*prefix, i)
				msg := &budgettypes.MsgPay{Treasurer: from, LineId: *line, Amount: math.OneInt(), Beneficiary: recipient,
					Purpose: "bench payment", Reference: fmt.Sprintf("bench %d-%d", i, r)}
				bz, err = signTx(cfg, *chainID, key(i), from, msg, 400_000, accs[i].number, accs[i].sequence+uint64(r))
			} else {
				bz, err = signSend(cfg, *chainID, key(i), *prefix, recipient, *denom, accs[i].number, accs[i].sequence+uint64(r))
			}
			if err != nil {
				return err
			}
			signed[r] = append(signed[r], bz)
		}
	}

	res, err := load(*rpc, signed, *workers, *txs, func(h int64) (int, int, error) { return blockResults(*rpc, h) })
	if err != nil {
		return err
	}
	res.Binary, res.Unit = *label, "tx"
	if *kind == "pay" {
		res.Unit = "payment"
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if res.Committed < *txs*9/10 {
		return fmt.Errorf("only %d of %d transactions committed", res.Committed, *txs)
	}
	return nil
}

// load broadcasts the signed rounds and measures what the node commits:
// count(h) gives the units that succeeded and failed in block h. The
// measured span runs from the last block before the load to the last block
// with load.
// roundPace, when set, spaces the rounds of load: round r is sent no sooner
// than r·roundPace after the first (ballots -rate).
var roundPace time.Duration

func load(rpc string, signed [][][]byte, workers, offered int, count func(int64) (int, int, error)) (result, error) {
	startHeight, _, err := latestBlock(rpc)
	if err != nil {
		return result{}, err
	}
	res := result{Offered: offered}
	sendStart := time.Now()
	for r, round := range signed {
		if wait := time.Until(sendStart.Add(time.Duration(r) * roundPace)); wait > 0 {
			time.Sleep(wait)
		}
		accepted, err := broadcastRound(rpc, round, workers)
		if err != nil {
			return res, err
		}
		res.Accepted += accepted
	}
	res.SendSecond = time.Since(sendStart).Seconds()

	// Wait until the mempool is empty and one more block is committed.
	deadline := time.Now().Add(5 * time.Minute)
	for {
		n, err := unconfirmed(rpc)
		if err != nil {
			return res, err
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			return res, fmt.Errorf("%d transactions still unconfirmed after 5 minutes", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	endHeight, _, err := latestBlock(rpc)
	if err != nil {
		return res, err
	}
	_, t0, err := blockAt(rpc, startHeight)
	if err != nil {
		return res, err
	}
	var tLast time.Time
	prev := t0
	var intervals []float64
	for h := startHeight + 1; h <= endHeight; h++ {
		ok, failed, err := count(h)
		if err != nil {
			return res, err
		}
		_, t, err := blockAt(rpc, h)
		if err != nil {
			return res, err
		}
		if ok+failed == 0 {
			prev = t
			continue
		}
		intervals = append(intervals, float64(t.Sub(prev).Microseconds())/1000)
		res.Series = append(res.Series, [2]float64{t.Sub(t0).Seconds(), float64(ok)})
		prev = t
		tLast = t
		res.Committed += ok
		res.Failed += failed
		res.Blocks++
	}
	res.Seconds = tLast.Sub(t0).Seconds()
	if res.Seconds > 0 {
		res.TxPerSec = float64(res.Committed) / res.Seconds
	}
	for _, d := range intervals {
		res.BlockMeanMs += d / float64(len(intervals))
		res.BlockMaxMs = max(res.BlockMaxMs, d)
	}
	return res, nil
}

func signSend(cfg client.TxConfig, chainID string, priv *secp256k1.PrivKey, prefix, to, denom string, number, sequence uint64) ([]byte, error) {
	from, err := bech32.ConvertAndEncode(prefix, priv.PubKey().Address())
	if err != nil {
		return nil, err
	}
	msg := &banktypes.MsgSend{FromAddress: from, ToAddress: to, Amount: sdk.NewCoins(sdk.NewCoin(denom, math.OneInt()))}
	return signTx(cfg, chainID, priv, from, msg, 200_000, number, sequence)
}

// signTx signs one message offline (sign mode direct) as from, with no fee.
func signTx(cfg client.TxConfig, chainID string, priv *secp256k1.PrivKey, from string, msg sdk.Msg, gas, number, sequence uint64) ([]byte, error) {
	return signMsgs(cfg, chainID, priv, from, []sdk.Msg{msg}, gas, number, sequence)
}

// signMsgs signs messages in one transaction offline, as signTx.
func signMsgs(cfg client.TxConfig, chainID string, priv *secp256k1.PrivKey, from string, msgs []sdk.Msg, gas, number, sequence uint64) ([]byte, error) {
	b := cfg.NewTxBuilder()
	if err := b.SetMsgs(msgs...); err != nil {
		return nil, err
	}
	b.SetGasLimit(gas)
	sig := signingtypes.SignatureV2{PubKey: priv.PubKey(), Data: &signingtypes.SingleSignatureData{SignMode: signingtypes.SignMode_SIGN_MODE_DIRECT}, Sequence: sequence}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	sig, err := clienttx.SignWithPrivKey(nil, signingtypes.SignMode_SIGN_MODE_DIRECT,
		authsigning.SignerData{ChainID: chainID, AccountNumber: number, Sequence: sequence, Address: from, PubKey: priv.PubKey()},
		b, priv, cfg, sequence)
	if err != nil {
		return nil, err
	}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	return cfg.TxEncoder()(b.GetTx())
}

// JSON-RPC helpers.

type rpcReq struct {
	JSONRPC string         `json:"jsonrpc"`
	ID      int            `json:"id"`
	Method  string         `json:"method"`
	Params  map[string]any `json:"params"`
}

type rpcResp struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Message string `json:"message"`
		Data    string `json:"data"`
	} `json:"error"`
}

var httpClient = &http.Client{Timeout: 60 * time.Second}

func call(rpc string, reqs []rpcReq) ([]rpcResp, error) {
	var body any = reqs
	if len(reqs) == 1 {
		body = reqs[0]
	}
	bz, _ := json.Marshal(body)
	resp, err := httpClient.Post(rpc, "application/json", bytes.NewReader(bz))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if len(reqs) == 1 { // a one-element batch answers with a single object
		var one rpcResp
		if err := json.Unmarshal(raw, &one); err != nil {
			return nil, fmt.Errorf("%s: %s", err, raw)
		}
		return []rpcResp{one}, nil
	}
	var many []rpcResp
	if err := json.Unmarshal(raw, &many); err != nil {
		return nil, fmt.Errorf("%s: %s", err, raw)
	}
	return many, nil
}

func call1(rpc, method string, params map[string]any, v any) error {
	res, err := call(rpc, []rpcReq{{JSONRPC: "2.0", ID: 1, Method: method, Params: params}})
	if err != nil {
		return err
	}
	if res[0].Error != nil {
		return fmt.Errorf("%s: %s %s", method, res[0].Error.Message, res[0].Error.Data)
	}
	return json.Unmarshal(res[0].Result, v)
}

// firstRefusal is the first CheckTx refusal seen (reported by ballots).
var firstRefusal string

// broadcastRound sends txs with broadcast_tx_sync in batches of up to 10 and
// returns how many CheckTx accepted.
func broadcastRound(rpc string, txs [][]byte, workers int) (int, error) {
	var (
		mu       sync.Mutex
		accepted int
		firstErr error
		wg       sync.WaitGroup
	)
	batches := make(chan [][]byte)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for batch := range batches {
				reqs := make([]rpcReq, len(batch))
				for i, tx := range batch {
					reqs[i] = rpcReq{JSONRPC: "2.0", ID: i, Method: "broadcast_tx_sync", Params: map[string]any{"tx": tx}}
				}
				res, err := call(rpc, reqs)
				mu.Lock()
				if err != nil && firstErr == nil {
					firstErr = err
				}
				for _, r := range res {
					var out struct {
						Code uint32 `json:"code"`
						Log  string `json:"log"`
					}
					if r.Error == nil && json.Unmarshal(r.Result, &out) == nil && out.Code == 0 {
						accepted++
					} else if firstRefusal == "" {
						firstRefusal = fmt.Sprintf("code %d: %s", out.Code, out.Log)
						if r.Error != nil {
							firstRefusal = r.Error.Message + " " + r.Error.Data
						}
					}
				}
				mu.Unlock()
			}
		}()
	}
	// At most 10 txs and about 600 kB of them (base64 in JSON) per request:
	// CometBFT refuses a request body over 1 MB.
	for i := 0; i < len(txs); {
		j, size := i, 0
		for j < len(txs) && j-i < 10 && (j == i || size+len(txs[j]) <= 600_000) {
			size += len(txs[j])
			j++
		}
		batches <- txs[i:j]
		i = j
	}
	close(batches)
	wg.Wait()
	return accepted, firstErr
}

func latestBlock(rpc string) (int64, time.Time, error) {
	var st struct {
		SyncInfo struct {
			Height string    `json:"latest_block_height"`
			Time   time.Time `json:"latest_block_time"`
		} `json:"sync_info"`
	}
	if err := call1(rpc, "status", map[string]any{}, &st); err != nil {
		return 0, time.Time{}, err
	}
	h, err := strconv.ParseInt(st.SyncInfo.Height, 10, 64)
	return h, st.SyncInfo.Time, err
}

func blockAt(rpc string, h int64) (int, time.Time, error) {
	var b struct {
		Block struct {
			Header struct {
				Time time.Time `json:"time"`
			} `json:"header"`
			Data struct {
				Txs []string `json:"txs"`
			} `json:"data"`
		} `json:"block"`
	}
	err := call1(rpc, "block", map[string]any{"height": strconv.FormatInt(h, 10)}, &b)
	return len(b.Block.Data.Txs), b.Block.Header.Time, err
}

func blockResults(rpc string, h int64) (ok, failed int, err error) {
	var r struct {
		TxsResults []struct {
			Code uint32 `json:"code"`
		} `json:"txs_results"`
	}
	if err := call1(rpc, "block_results", map[string]any{"height": strconv.FormatInt(h, 10)}, &r); err != nil {
		return 0, 0, err
	}
	for _, t := range r.TxsResults {
		if t.Code == 0 {
			ok++
		} else {
			failed++
		}
	}
	return ok, failed, nil
}

func unconfirmed(rpc string) (int, error) {
	var u struct {
		Total string `json:"total"`
	}
	if err := call1(rpc, "num_unconfirmed_txs", map[string]any{}, &u); err != nil {
		return 0, err
	}
	return strconv.Atoi(strings.TrimSpace(u.Total))
}

// accountInfo reads an account's number and sequence with an ABCI query.
func accountInfo(rpc, addr string) (uint64, uint64, error) {
	req, err := (&authtypes.QueryAccountInfoRequest{Address: addr}).Marshal()
	if err != nil {
		return 0, 0, err
	}
	var q struct {
		Response struct {
			Code  uint32 `json:"code"`
			Log   string `json:"log"`
			Value []byte `json:"value"`
		} `json:"response"`
	}
	if err := call1(rpc, "abci_query", map[string]any{"path": "/cosmos.auth.v1beta1.Query/AccountInfo", "data": fmt.Sprintf("%X", req)}, &q); err != nil {
		return 0, 0, err
	}
	if q.Response.Code != 0 {
		return 0, 0, fmt.Errorf("account query: %s", q.Response.Log)
	}
	var out authtypes.QueryAccountInfoResponse
	if err := out.Unmarshal(q.Response.Value); err != nil {
		return 0, 0, err
	}
	return out.Info.AccountNumber, out.Info.Sequence, nil
}

// voterKey is the deterministic key of fresh bench voter i (never an account).
func voterKey(i int) *secp256k1.PrivKey {
	return secp256k1.GenPrivKeyFromSecret([]byte("civitas-bench-voter-" + strconv.Itoa(i)))
}

// benchCensus is the Merkle census of voters 0..n-1, weight 1 each.
func benchCensus(n int) (*census.Tree, error) {
	entries := make([]census.Entry, n)
	for i := range entries {
		entries[i] = census.Entry{Address: voterKey(i).PubKey().Address(), Weight: 1}
	}
	return census.Build(entries)
}

func censusCmd(args []string) error {
	fs := flag.NewFlagSet("census", flag.ExitOnError)
	voters := fs.Int("voters", 10000, "number of fresh voter keys")
	_ = fs.Parse(args)
	tree, err := benchCensus(*voters)
	if err != nil {
		return err
	}
	out, _ := json.Marshal(map[string]any{
		"root": fmt.Sprintf("%x", tree.Root()), "root_base64": tree.Root(), "voters": strconv.FormatUint(tree.Size(), 10),
		"total_weight": strconv.FormatUint(tree.TotalWeight(), 10),
	})
	fmt.Println(string(out))
	return nil
}

// ballotsCmd signs one ballot per fresh voter offline (a single-choice
// answer to each question, option i mod 2) with its census proof, packs
// them into MsgCastBallots of -batch ballots relayed by the bench accounts
// (round-robin, fee-free), sends them and counts the ballots committed
// (EventBallotCast in the blocks' results).
func ballotsCmd(args []string) error {
	fs := flag.NewFlagSet("ballots", flag.ExitOnError)
	rpc := fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of the node")
	prefix := fs.String("prefix", "civ", "bech32 account prefix")
	chainID := fs.String("chain-id", "bench-1", "chain id")
	accounts := fs.Int("accounts", 64, "number of relaying accounts")
	voters := fs.Int("voters", 10000, "number of fresh voters, one ballot each")
	questions := fs.Int("questions", 1, "number of single-choice questions of the election")
	election := fs.Uint64("election", 1, "election id (its census: loadgen census -voters N)")
	batch := fs.Int("batch", 100, "ballots per MsgCastBallots")
	workers := fs.Int("workers", 4, "concurrent JSON-RPC batches")
	label := fs.String("label", "civitasd", "name echoed in the result")
	rate := fs.Float64("rate", 0, "ballots per second to offer (0: as fast as the node takes them)")
	minShare := fs.Float64("min-share", 0.9, "fail if fewer than this share of the ballots are counted")
	_ = fs.Parse(args)
	if *rate > 0 {
		roundPace = time.Duration(float64(*accounts**batch) / *rate * float64(time.Second))
	}

	cfg, err := txConfig(*prefix)
	if err != nil {
		return err
	}
	tree, err := benchCensus(*voters)
	if err != nil {
		return err
	}
	// The election as stored: its questions and rule set the relay's gas.
	bz, err := abciQuery(*rpc, "/civitas.voting.v1.Query/Election", &votingtypes.QueryElectionRequest{ElectionId: *election})
	if err != nil {
		return err
	}
	var er votingtypes.QueryElectionResponse
	if err := er.Unmarshal(bz); err != nil {
		return err
	}
	signStart := time.Now()
	ballots := make([]votingtypes.SignedBallot, *voters)
	for i := range ballots {
		k := voterKey(i)
		idx := tree.Index(k.PubKey().Address())
		answers := make([]votingtypes.Answer, *questions)
		for q := range answers {
			answers[q] = votingtypes.Answer{Choices: []uint32{uint32((i + q) % 2)}}
		}
		proof := &votingtypes.CensusProof{Weight: 1, Index: uint64(idx), Siblings: tree.Proof(idx)}
		if er.Election.Privacy == votingtypes.PRIVACY_SECRET {
			ballots[i], err = secretBallot(&er.Election, i, answers, proof)
		} else {
			ballots[i], err = votingtypes.SignBallot(k, *chainID, *election, 0, answers, proof)
		}
		if err != nil {
			return err
		}
	}
	signSeconds := time.Since(signStart).Seconds()

	type acct struct{ number, sequence uint64 }
	accs := make([]acct, *accounts)
	for i := range accs {
		n, s, err := accountInfo(*rpc, address(*prefix, i))
		if err != nil {
			return fmt.Errorf("account %d: %w", i, err)
		}
		accs[i] = acct{n, s}
	}
	// Round r holds every relayer's sequence s+r.
	var signed [][][]byte
	for tx := 0; tx*(*batch) < len(ballots); tx++ {
		r, i := tx / *accounts, tx%*accounts
		if r == len(signed) {
			signed = append(signed, nil)
		}
		part := ballots[tx**batch : min((tx+1)**batch, len(ballots))]
		bz, err := signCast(cfg, *chainID, key(i), *prefix, &er.Election, part, accs[i].number, accs[i].sequence+uint64(r))
		if err != nil {
			return err
		}
		signed[r] = append(signed[r], bz)
	}
	res, err := load(*rpc, signed, *workers, *voters, func(h int64) (int, int, error) {
		return eventResults(*rpc, h, "civitas.voting.v1.EventBallotCast", "civitas.voting.v1.EventBallotRefused")
	})
	if err != nil {
		return err
	}
	res.Binary, res.Unit = *label, "ballot"
	out, _ := json.Marshal(struct {
		result
		SignSeconds float64 `json:"sign_seconds"`
	}{res, signSeconds})
	fmt.Println(string(out))
	if txs := (len(ballots) + *batch - 1) / *batch; res.Accepted < txs {
		fmt.Fprintf(os.Stderr, "loadgen: %d of %d transactions refused by CheckTx; the first: %s\n", txs-res.Accepted, txs, firstRefusal)
	}
	if float64(res.Committed) < *minShare*float64(*voters) {
		return fmt.Errorf("only %d of %d ballots counted", res.Committed, *voters)
	}
	return nil
}

func signCast(cfg client.TxConfig, chainID string, priv *secp256k1.PrivKey, prefix string, election *votingtypes.Election, ballots []votingtypes.SignedBallot, number, sequence uint64) ([]byte, error) {
	from, err := bech32.ConvertAndEncode(prefix, priv.PubKey().Address())
	if err != nil {
		return nil, err
	}
	// A free tx's gas limit must cover its need (README, "Free ballots"):
	// the message's known gas, the ante handler's (10 gas per tx byte, the
	// signature) and the post handler's.
	msg := &votingtypes.MsgCastBallots{Relayer: from, Ballots: ballots}
	need := votingtypes.CastBallotsGas(msg, func(uint64) *votingtypes.Election { return election }) + 10*uint64(msg.Size()+1000) + 100_000
	return signTx(cfg, chainID, priv, from, msg, need*11/10, number, sequence)
}
