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
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: loadgen addresses|run [flags]")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "addresses":
		err = addresses(os.Args[2:])
	case "run":
		err = run(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q (want addresses or run)", os.Args[1])
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
			bz, err := signSend(cfg, *chainID, key(i), *prefix, recipient, *denom, accs[i].number, accs[i].sequence+uint64(r))
			if err != nil {
				return err
			}
			signed[r] = append(signed[r], bz)
		}
	}

	startHeight, _, err := latestBlock(*rpc)
	if err != nil {
		return err
	}
	res := result{Binary: *label, Offered: *txs}
	sendStart := time.Now()
	for _, round := range signed {
		accepted, err := broadcastRound(*rpc, round, *workers)
		if err != nil {
			return err
		}
		res.Accepted += accepted
	}
	res.SendSecond = time.Since(sendStart).Seconds()

	// Wait until the mempool is empty and one more block is committed.
	deadline := time.Now().Add(5 * time.Minute)
	for {
		n, err := unconfirmed(*rpc)
		if err != nil {
			return err
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%d transactions still unconfirmed after 5 minutes", n)
		}
		time.Sleep(200 * time.Millisecond)
	}
	endHeight, _, err := latestBlock(*rpc)
	if err != nil {
		return err
	}

	// Count successful load transactions block by block; the measured span
	// runs from the last block before the load to the last block with load.
	_, t0, err := blockAt(*rpc, startHeight)
	if err != nil {
		return err
	}
	var tLast time.Time
	for h := startHeight + 1; h <= endHeight; h++ {
		ok, failed, err := blockResults(*rpc, h)
		if err != nil {
			return err
		}
		if ok+failed == 0 {
			continue
		}
		_, t, err := blockAt(*rpc, h)
		if err != nil {
			return err
		}
		tLast = t
		res.Committed += ok
		res.Failed += failed
		res.Blocks++
	}
	res.Seconds = tLast.Sub(t0).Seconds()
	if res.Seconds > 0 {
		res.TxPerSec = float64(res.Committed) / res.Seconds
	}
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if res.Committed < *txs*9/10 {
		return fmt.Errorf("only %d of %d transactions committed", res.Committed, *txs)
	}
	return nil
}

func signSend(cfg client.TxConfig, chainID string, priv *secp256k1.PrivKey, prefix, to, denom string, number, sequence uint64) ([]byte, error) {
	from, err := bech32.ConvertAndEncode(prefix, priv.PubKey().Address())
	if err != nil {
		return nil, err
	}
	b := cfg.NewTxBuilder()
	if err := b.SetMsgs(&banktypes.MsgSend{FromAddress: from, ToAddress: to, Amount: sdk.NewCoins(sdk.NewCoin(denom, math.OneInt()))}); err != nil {
		return nil, err
	}
	b.SetGasLimit(200_000)
	sig := signingtypes.SignatureV2{PubKey: priv.PubKey(), Data: &signingtypes.SingleSignatureData{SignMode: signingtypes.SignMode_SIGN_MODE_DIRECT}, Sequence: sequence}
	if err := b.SetSignatures(sig); err != nil {
		return nil, err
	}
	sig, err = clienttx.SignWithPrivKey(nil, signingtypes.SignMode_SIGN_MODE_DIRECT,
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

// broadcastRound sends txs with broadcast_tx_sync in batches of 10 and
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
					}
					if r.Error == nil && json.Unmarshal(r.Result, &out) == nil && out.Code == 0 {
						accepted++
					}
				}
				mu.Unlock()
			}
		}()
	}
	for i := 0; i < len(txs); i += 10 {
		batches <- txs[i:min(i+10, len(txs))]
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
