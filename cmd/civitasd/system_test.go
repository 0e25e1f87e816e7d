//go:build system_test

package main_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/testutil/system"
)

const oneSeat = "1000000useat"

// requireOneLineError asserts a failed command: non-zero exit and a single
// line on stderr that contains want.
func requireOneLineError(t *testing.T, res system.Result, want string) {
	t.Helper()
	require.NotEqual(t, 0, res.ExitCode, "must fail; stdout: %s", res.Stdout)
	msg := strings.TrimSpace(res.Stderr)
	require.NotEmpty(t, msg)
	require.NotContains(t, msg, "\n", "one line expected, got:\n%s", msg)
	require.Contains(t, msg, want)
}

func TestCLIBadInputAndHome(t *testing.T) {
	bin := system.Binary(t)
	fakeHome := t.TempDir()
	nodeHome := filepath.Join(t.TempDir(), "node")
	run := func(args ...string) system.Result {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "HOME="+fakeHome)
		var out, errOut strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		code := 0
		if exitErr, ok := err.(*exec.ExitError); ok {
			code = exitErr.ExitCode()
		} else {
			require.NoError(t, err)
		}
		return system.Result{Stdout: out.String(), Stderr: errOut.String(), ExitCode: code}
	}

	res := run("init", "node", "--chain-id", "civitas-test-1", "--home", nodeHome)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	res = run("keys", "add", "k", "--keyring-backend", "test", "--home", nodeHome)
	require.Equal(t, 0, res.ExitCode, res.Stderr)

	requireOneLineError(t, run("status", "--no-such-flag", "--home", nodeHome), "unknown flag: --no-such-flag")
	requireOneLineError(t, run("q", "bank", "balances", "not-an-address", "--home", nodeHome), "not-an-address")
	requireOneLineError(t, run("genesis", "validate", "/does/not/exist.json", "--home", nodeHome), "/does/not/exist.json")
	requireOneLineError(t, run("tx", "bank", "send", "k", "civ1bogus", "1ucivis", "--keyring-backend", "test", "--home", nodeHome, "--chain-id", "civitas-test-1"), "decoding bech32 failed")
	requireOneLineError(t, run("q", "staking", "validator", "civvaloperx", "--home", nodeHome), `invalid validator address "civvaloperx"`)
	requireOneLineError(t, run("no-such-command", "--home", nodeHome), "no-such-command")

	// Only --home was written: no default home, and no wasmd home either.
	for _, dir := range []string{".civitas", ".wasmd"} {
		_, err := os.Stat(filepath.Join(fakeHome, dir))
		require.True(t, os.IsNotExist(err), "%s must not be created when --home is given", dir)
	}

	// version carries the commit.
	res = run("version", "--long", "-o", "json", "--home", nodeHome)
	require.Equal(t, 0, res.ExitCode, res.Stderr)
	var v struct {
		Name       string `json:"name"`
		ServerName string `json:"server_name"`
		Commit     string `json:"commit"`
	}
	require.NoError(t, json.Unmarshal([]byte(res.Stdout), &v))
	require.Equal(t, "civitasd", v.ServerName)
	require.Len(t, v.Commit, 40, "version --long carries the git commit")
}

// TestChain runs one chain and checks the foundation on it, in order.
func TestChain(t *testing.T) {
	t.Parallel() // own ports (offset 500)
	c := system.NewChain(t, system.Config{
		EditGenesis: func(c *system.Chain, gen map[string]any) {
			// dave's body holds one liquid seat (as after issuance); stake
			// comes back after 10 s of unbonding.
			appState := gen["app_state"].(map[string]any)
			bank := appState["bank"].(map[string]any)
			dave := c.Address("dave")
			for _, b := range bank["balances"].([]any) {
				bal := b.(map[string]any)
				if bal["address"] == dave {
					bal["coins"] = append(bal["coins"].([]any), map[string]any{"denom": "useat", "amount": "1000000"})
				}
			}
			for _, s := range bank["supply"].([]any) {
				coin := s.(map[string]any)
				if coin["denom"] == "useat" {
					coin["amount"] = "2000000"
				}
			}
			// Every seat comes from a grant: agency 2 issued dave's.
			agency := appState["agency"].(map[string]any)
			agency["seat_grants"] = append(agency["seat_grants"].([]any),
				map[string]any{"agency_id": "2", "operator": dave, "seats": "1", "issued_height": "0"})
			staking := appState["staking"].(map[string]any)
			staking["params"].(map[string]any)["unbonding_time"] = "10s"
		},
	})
	alice, bob, dave := c.Address("alice"), c.Address("bob"), c.Address("dave")

	t.Run("REST answers and blocks are produced", func(t *testing.T) {
		var latest struct {
			Block struct {
				Header struct {
					Height string `json:"height"`
				} `json:"header"`
			} `json:"block"`
		}
		c.GetREST("/cosmos/base/tendermint/v1beta1/blocks/latest", &latest)
		require.NotEmpty(t, latest.Block.Header.Height)
		h := c.Height()
		c.WaitBlocks(2)
		require.GreaterOrEqual(t, c.Height(), h+2)
	})

	t.Run("OpenAPI document is served", func(t *testing.T) {
		status, body := c.GetRaw("/openapi.yml")
		require.Equal(t, 200, status)
		require.Contains(t, string(body), "/cosmwasm/wasm/v1/code")
		require.Contains(t, string(body), "/cosmos/bank/v1beta1/balances/{address}")
	})

	t.Run("public funds move", func(t *testing.T) {
		res := c.Tx("alice", "bank", "send", alice, bob, "5000000ucivis")
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		var bal struct {
			Balance struct{ Amount string } `json:"balance"`
		}
		c.QueryJSON(&bal, "q", "bank", "balance", bob, "ucivis")
		require.Equal(t, "1000005000000", bal.Balance.Amount)
	})

	t.Run("seat cannot be sent", func(t *testing.T) {
		// Fixed gas: no simulation, so the chain itself refuses it in the block.
		res := c.Tx("dave", "bank", "send", dave, alice, "1useat", "--gas", "200000")
		require.Equal(t, "civitas", res.Codespace, res.RawLog)
		require.Equal(t, uint32(2), res.Code, res.RawLog)
		require.Contains(t, res.RawLog, "seat token transfer not allowed")
		require.Equal(t, "1000000", balance(c, dave, "useat"))
		require.Equal(t, "0", balance(c, alice, "useat"))
	})

	t.Run("a seat bonds only to its holder's own validator", func(t *testing.T) {
		valoper := strings.TrimSpace(c.CLI("keys", "show", "validator-0", "--bech", "val", "-a"))
		res := c.Tx("dave", "staking", "delegate", valoper, oneSeat, "--gas", "300000")
		require.Equal(t, "civitas", res.Codespace, res.RawLog)
		require.Equal(t, uint32(4), res.Code, res.RawLog)
		require.Contains(t, res.RawLog, "seats cannot be delegated or redelegated to another body's validator")
		require.Equal(t, "1000000", balance(c, dave, "useat"), "the seat stays with its holder")
		var val struct {
			Validator struct{ Tokens string } `json:"validator"`
		}
		c.QueryJSON(&val, "q", "staking", "validator", valoper)
		require.Equal(t, "1000000", val.Validator.Tokens, "validator-0 keeps one seat of power")
	})

	t.Run("the last validator cannot unbond", func(t *testing.T) {
		valoper := strings.TrimSpace(c.CLI("keys", "show", "validator-0", "--bech", "val", "-a"))
		res := c.Tx("validator-0", "staking", "unbond", valoper, oneSeat, "--gas", "300000")
		require.Equal(t, "civitas", res.Codespace, res.RawLog)
		require.Equal(t, uint32(3), res.Code, res.RawLog)
		var val struct {
			Validator struct{ Tokens, Status string } `json:"validator"`
		}
		c.QueryJSON(&val, "q", "staking", "validator", valoper)
		require.Equal(t, "1000000", val.Validator.Tokens)
		require.Equal(t, "BOND_STATUS_BONDED", val.Validator.Status)
		h := c.Height()
		c.WaitBlocks(2)
		require.Greater(t, c.Height(), h, "the chain goes on")
	})

	t.Run("bad transactions are rejected with SDK codes, chain goes on", func(t *testing.T) {
		res := c.Tx("carol", "bank", "send", c.Address("carol"), bob, "1ucivis", "--fees", "999999999999999ucivis", "--gas", "200000")
		require.Equal(t, "sdk", res.Codespace, res.RawLog)
		require.Equal(t, uint32(5), res.Code, res.RawLog) // insufficient funds

		var raw struct {
			Result struct {
				Code      uint32 `json:"code"`
				Codespace string `json:"codespace"`
			} `json:"result"`
		}
		c.GetRPC("/broadcast_tx_sync?tx=0xdeadbeef", &raw)
		require.Equal(t, "sdk", raw.Result.Codespace)
		require.Equal(t, uint32(2), raw.Result.Code) // tx parse error

		h := c.Height()
		c.WaitBlocks(2)
		require.Greater(t, c.Height(), h)
	})

	hackatom := testutil.WasmdTestdata(t, testutil.HackatomWasm)
	cw20 := testutil.WasmdTestdata(t, testutil.CW20BaseWasm)

	t.Run("accounts without CONTRACT_DEVELOPER cannot store code", func(t *testing.T) {
		// carol holds other roles in the demo agencies, not CONTRACT_DEVELOPER.
		res := c.Tx("carol", "wasm", "store", hackatom)
		require.NotEqual(t, uint32(0), res.Code)
		require.Contains(t, res.RawLog, "may not store wasm code")
	})

	t.Run("a contract developer stores code", func(t *testing.T) {
		// alice is CONTRACT_DEVELOPER of demo agency 1.
		res := c.Tx("alice", "wasm", "store", hackatom)
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		require.Equal(t, "1", res.Attr("store_code", "code_id"))
	})

	t.Run("governance stores code", func(t *testing.T) {
		id := submitStoreProposal(t, c, cw20, "cw20-base")
		res := c.Tx("validator-0", "gov", "vote", id, "yes")
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		require.Eventually(t, func() bool {
			var p struct {
				Proposal struct{ Status any } `json:"proposal"`
			}
			c.QueryJSON(&p, "q", "gov", "proposal", id)
			return p.Proposal.Status == "PROPOSAL_STATUS_PASSED"
		}, 60*time.Second, time.Second, "proposal %s did not pass", id)
		var codes struct {
			CodeInfos []struct {
				CodeID string `json:"code_id"`
			} `json:"code_infos"`
		}
		c.QueryJSON(&codes, "q", "wasm", "list-code")
		require.Len(t, codes.CodeInfos, 2)
	})

	conn, err := grpc.NewClient(c.GRPCAddr(), grpc.WithTransportCredentials(insecure.NewCredentials()))
	require.NoError(t, err)
	defer conn.Close()
	wasmQuery := wasmtypes.NewQueryClient(conn)

	t.Run("hackatom runs: instantiate, execute, query over CLI, REST and gRPC", func(t *testing.T) {
		res := c.Tx("alice", "wasm", "instantiate", "1", `{"verifier":"`+alice+`","beneficiary":"`+bob+`"}`,
			"--label", "hackatom", "--no-admin", "--amount", "7000000ucivis")
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		addr := contractOf(t, c, "1")

		want := `{"verifier":"` + alice + `"}`
		requireSmart(t, c, wasmQuery, addr, `{"verifier":{}}`, want)

		before := balance(c, bob, "ucivis")
		res = c.Tx("alice", "wasm", "execute", addr, `{"release":{}}`)
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		require.Equal(t, addInt(t, before, 7000000), balance(c, bob, "ucivis"), "release pays the beneficiary")
	})

	t.Run("cw20-base runs: instantiate, transfer, query over CLI, REST and gRPC", func(t *testing.T) {
		init := `{"name":"Civitas Bond","symbol":"CIVB","decimals":6,"initial_balances":[{"address":"` + alice + `","amount":"1000"}]}`
		res := c.Tx("alice", "wasm", "instantiate", "2", init, "--label", "cw20", "--admin", alice)
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		addr := contractOf(t, c, "2")

		res = c.Tx("alice", "wasm", "execute", addr, `{"transfer":{"recipient":"`+bob+`","amount":"250"}}`)
		require.Equal(t, uint32(0), res.Code, res.RawLog)
		requireSmart(t, c, wasmQuery, addr, `{"balance":{"address":"`+bob+`"}}`, `{"balance":"250"}`)
		requireSmart(t, c, wasmQuery, addr, `{"balance":{"address":"`+alice+`"}}`, `{"balance":"750"}`)
		requireSmart(t, c, wasmQuery, addr, `{"token_info":{}}`, `{"name":"Civitas Bond","symbol":"CIVB","decimals":6,"total_supply":"1000"}`)
	})

	t.Run("state exports after a stop", func(t *testing.T) {
		c.Stop()
		for _, args := range [][]string{{"export"}, {"export", "--for-zero-height"}} {
			out := filepath.Join(t.TempDir(), "export.json")
			c.CLI(append(args, "--output-document", out)...)
			bz, err := os.ReadFile(out)
			require.NoError(t, err)
			var exported struct {
				AppState   map[string]json.RawMessage `json:"app_state"`
				Consensus  json.RawMessage            `json:"consensus"`
				InitHeight int64                      `json:"initial_height"`
			}
			require.NoError(t, json.Unmarshal(bz, &exported))
			require.Contains(t, exported.AppState, "wasm")
			require.Contains(t, string(exported.AppState["wasm"]), "code_id")
		}
	})
}

func submitStoreProposal(t *testing.T, c *system.Chain, wasmFile, title string) string {
	t.Helper()
	res := c.Tx("alice", "wasm", "submit-proposal", "wasm-store", wasmFile,
		"--title", "Store "+title, "--summary", "Store the "+title+" contract", "--deposit", "1000000000ucivis")
	require.Equal(t, uint32(0), res.Code, res.RawLog)
	id := res.Attr("submit_proposal", "proposal_id")
	require.NotEmpty(t, id, "no proposal id in events")
	return id
}

func contractOf(t *testing.T, c *system.Chain, codeID string) string {
	t.Helper()
	var list struct {
		Contracts []string `json:"contracts"`
	}
	c.QueryJSON(&list, "q", "wasm", "list-contract-by-code", codeID)
	require.NotEmpty(t, list.Contracts)
	return list.Contracts[len(list.Contracts)-1]
}

// requireSmart checks a smart query's answer over the CLI, REST and gRPC.
func requireSmart(t *testing.T, c *system.Chain, q wasmtypes.QueryClient, addr, query, want string) {
	t.Helper()
	var cli struct {
		Data json.RawMessage `json:"data"`
	}
	c.QueryJSON(&cli, "q", "wasm", "contract-state", "smart", addr, query)
	require.JSONEq(t, want, string(cli.Data), "CLI")

	var rest struct {
		Data json.RawMessage `json:"data"`
	}
	c.GetREST("/cosmwasm/wasm/v1/contract/"+addr+"/smart/"+base64.URLEncoding.EncodeToString([]byte(query)), &rest)
	require.JSONEq(t, want, string(rest.Data), "REST")

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := q.SmartContractState(ctx, &wasmtypes.QuerySmartContractStateRequest{Address: addr, QueryData: []byte(query)})
	require.NoError(t, err)
	require.JSONEq(t, want, string(resp.Data), "gRPC")
}

func balance(c *system.Chain, addr, denom string) string {
	var bal struct {
		Balance struct{ Amount string } `json:"balance"`
	}
	c.QueryJSON(&bal, "q", "bank", "balance", addr, denom)
	return bal.Balance.Amount
}

func addInt(t *testing.T, a string, b int64) string {
	t.Helper()
	var n int64
	require.NoError(t, json.Unmarshal([]byte(a), &n))
	out, _ := json.Marshal(n + b)
	return string(out)
}
