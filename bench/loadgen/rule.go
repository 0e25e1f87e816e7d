package main

import (
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"strings"
	"time"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/bech32"

	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// voterRuleCmd sets up a check_voter_eligibility rule for the bench: bench
// account -accounts (a CONTRACT_DEVELOPER and ELECTION_OFFICER of agency 1
// at genesis, on a chain with no other code) stores the
// residency-eligibility artifact, instantiates it without an admin with
// itself as attestor, attests the -voters fresh bench voters (500 per
// message) and attaches the contract to scheduled election -election.
func voterRuleCmd(args []string) error {
	fs := flag.NewFlagSet("voter-rule", flag.ExitOnError)
	rpc := fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of the node")
	prefix := fs.String("prefix", "civ", "bech32 account prefix")
	chainID := fs.String("chain-id", "bench-1", "chain id")
	accounts := fs.Int("accounts", 64, "number of bench accounts (the officer is the next one)")
	voters := fs.Int("voters", 10000, "number of fresh voters to attest")
	election := fs.Uint64("election", 2, "the scheduled election to attach the rule to")
	wasmFile := fs.String("wasm", "contracts/artifacts/residency_eligibility.wasm", "the rule contract")
	_ = fs.Parse(args)
	cfg, err := txConfig(*prefix)
	if err != nil {
		return err
	}
	code, err := os.ReadFile(*wasmFile)
	if err != nil {
		return err
	}
	officer := address(*prefix, *accounts)
	deliver := func(what string, msgs ...sdk.Msg) error {
		n, s, err := accountInfo(*rpc, officer)
		if err != nil {
			return err
		}
		bz, err := signMsgs(cfg, *chainID, key(*accounts), officer, msgs, 100_000_000, n, s) // the block gas limit of civitasd init
		if err != nil {
			return err
		}
		var res struct {
			Code uint32 `json:"code"`
			Log  string `json:"log"`
			Hash string `json:"hash"`
		}
		if err := call1(*rpc, "broadcast_tx_sync", map[string]any{"tx": bz}, &res); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if res.Code != 0 {
			return fmt.Errorf("%s: refused: %s", what, res.Log)
		}
		hash, _ := hex.DecodeString(res.Hash)
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(300 * time.Millisecond) {
			var tx struct {
				TxResult struct {
					Code uint32 `json:"code"`
					Log  string `json:"log"`
				} `json:"tx_result"`
			}
			if call1(*rpc, "tx", map[string]any{"hash": hash}, &tx) != nil {
				continue
			}
			if tx.TxResult.Code != 0 {
				return fmt.Errorf("%s: failed: %s", what, tx.TxResult.Log)
			}
			return nil
		}
		return fmt.Errorf("%s: not committed within a minute", what)
	}

	if err := deliver("store the rule", &wasmtypes.MsgStoreCode{Sender: officer, WASMByteCode: code}); err != nil {
		return err
	}
	contract, err := bech32.ConvertAndEncode(*prefix, wasmkeeper.BuildContractAddressClassic(1, 1))
	if err != nil {
		return err
	}
	if err := deliver("instantiate the rule", &wasmtypes.MsgInstantiateContract{Sender: officer, CodeID: 1, Label: "bench residency rule",
		Msg: []byte(`{"attestors":["` + officer + `"]}`)}); err != nil {
		return err
	}
	var attests []sdk.Msg
	for i := 0; i < *voters; i += 500 {
		var list []string
		for j := i; j < min(i+500, *voters); j++ {
			a, err := bech32.ConvertAndEncode(*prefix, voterKey(j).PubKey().Address())
			if err != nil {
				return err
			}
			list = append(list, `"`+a+`"`)
		}
		attests = append(attests, &wasmtypes.MsgExecuteContract{Sender: officer, Contract: contract,
			Msg: []byte(`{"attest":{"residents":[` + strings.Join(list, ",") + `]}}`)})
	}
	for i := 0; i < len(attests); i += 4 {
		if err := deliver("attest the voters", attests[i:min(i+4, len(attests))]...); err != nil {
			return err
		}
	}
	if err := deliver("attach the rule", &votingtypes.MsgAttachVoterRule{Officer: officer, ElectionId: *election, Contract: contract}); err != nil {
		return err
	}
	out, _ := json.Marshal(map[string]any{"contract": contract, "election": *election, "attested": *voters})
	fmt.Println(string(out))
	return nil
}
