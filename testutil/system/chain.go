// Package system is the harness for system tests: it runs the real civitasd
// binary as a chain (homes and genesis made by scripts/localnet.sh) and drives
// it over the CLI, CometBFT RPC, REST and gRPC. Tests that use it carry the
// build tag system_test and run with `make test-system`.
package system

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// Config of a system-test chain.
type Config struct {
	// PortOffset is added to every port (default 500), so a test chain can run
	// beside `make localnet`.
	PortOffset int
	// VotingPeriod of governance (default 8s).
	VotingPeriod string
	// Validators is the number of genesis validators (default 1): node 0,
	// and nodes 1.. (Chain.Validators), each with its key validator-i in its
	// own home's keyring.
	Validators int
	// Seats of each genesis validator, comma-separated (localnet --seats).
	Seats string
	// EditGenesis, if set, may change node 0's genesis before the chain
	// starts (keys are already in node 0's keyring); every node gets it.
	EditGenesis func(c *Chain, genesis map[string]any)
	// MinGasPrices, if set, is every node's minimum gas price; Tx then
	// pays fees at that price unless its args set --fees or --gas-prices.
	MinGasPrices string
}

// Chain is a running civitasd chain: node 0 is its genesis validator; more
// (full) nodes can join with AddNode.
type Chain struct {
	t      testing.TB
	Binary string
	Dir    string
	Home   string // node 0's home: config, data and the test keyring
	cfg    Config
	node0  process
	nodes  []*Node
	// Validators are the genesis validators after node 0 (node1, node2, ...).
	Validators []*Node
}

// process is a running civitasd.
type process struct {
	cmd  *exec.Cmd
	done chan struct{}
	log  string
}

// start runs `civitasd start --home home`, logging to logPath.
func (p *process) start(t testing.TB, binary, home, logPath string) {
	t.Helper()
	p.log = logPath
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
	require.NoError(t, err)
	p.cmd = exec.Command(binary, "start", "--home", home)
	p.cmd.Stdout, p.cmd.Stderr = logFile, logFile
	require.NoError(t, p.cmd.Start())
	p.done = make(chan struct{})
	done := p.done
	cmd := p.cmd
	go func() {
		_ = cmd.Wait()
		logFile.Close()
		close(done)
	}()
}

// stop sends SIGTERM, then SIGKILL after 20 s.
func (p *process) stop() {
	if p.cmd == nil || p.cmd.Process == nil {
		return
	}
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(20 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	p.cmd = nil
}

func (p *process) running() bool {
	if p.cmd == nil {
		return false
	}
	select {
	case <-p.done:
		return false
	default:
		return true
	}
}

// Binary returns the civitasd binary under test: $CIVITASD_BINARY, or
// build/civitasd in the repository (make test-system builds it).
func Binary(t testing.TB) string {
	t.Helper()
	bin := os.Getenv("CIVITASD_BINARY")
	if bin == "" {
		bin = filepath.Join(RepoRoot(t), "build", "civitasd")
	}
	_, err := os.Stat(bin)
	require.NoError(t, err, "no civitasd binary: run `make build` or set CIVITASD_BINARY")
	return bin
}

// RepoRoot returns the repository root (the directory holding go.mod).
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	require.NoError(t, err)
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		require.NotEqual(t, parent, dir, "go.mod not found above the test directory")
		dir = parent
	}
}

// NewChain initialises a one-validator chain with the localnet's demo
// accounts and starts it; it is stopped when the test ends.
func NewChain(t testing.TB, cfg Config) *Chain {
	t.Helper()
	if cfg.PortOffset == 0 {
		cfg.PortOffset = 500
	}
	if cfg.VotingPeriod == "" {
		cfg.VotingPeriod = "8s"
	}
	if cfg.Validators == 0 {
		cfg.Validators = 1
	}
	c := &Chain{t: t, Binary: Binary(t), Dir: t.TempDir(), cfg: cfg}
	c.Home = filepath.Join(c.Dir, "node0")

	script := filepath.Join(RepoRoot(t), "scripts", "localnet.sh")
	args := []string{script, "--init-only", "--binary", c.Binary, "--dir", c.Dir, "--validators", strconv.Itoa(cfg.Validators),
		"--port-offset", strconv.Itoa(cfg.PortOffset), "--voting-period", cfg.VotingPeriod}
	if cfg.Seats != "" {
		args = append(args, "--seats", cfg.Seats)
	}
	out, err := exec.Command("bash", args...).CombinedOutput()
	require.NoError(t, err, "localnet init: %s", out)
	for i := 1; i < cfg.Validators; i++ {
		name := fmt.Sprintf("node%d", i)
		c.Validators = append(c.Validators, &Node{Name: name, Home: filepath.Join(c.Dir, name), Index: i, chain: c,
			rpcURL: fmt.Sprintf("http://127.0.0.1:%d", 26657+100*i+cfg.PortOffset)})
	}

	if cfg.EditGenesis != nil {
		path := filepath.Join(c.Home, "config", "genesis.json")
		bz, err := os.ReadFile(path)
		require.NoError(t, err)
		var gen map[string]any
		require.NoError(t, json.Unmarshal(bz, &gen))
		cfg.EditGenesis(c, gen)
		bz, err = json.MarshalIndent(gen, "", " ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(path, bz, 0o600))
		for _, v := range c.Validators {
			require.NoError(t, os.WriteFile(filepath.Join(v.Home, "config", "genesis.json"), bz, 0o600))
		}
	}

	if cfg.MinGasPrices != "" {
		homes := []string{c.Home}
		for _, v := range c.Validators {
			homes = append(homes, v.Home)
		}
		for _, h := range homes {
			res := Exec(t, c.Binary, "config", "set", "app", "minimum-gas-prices", cfg.MinGasPrices, "--home", h)
			require.Equal(t, 0, res.ExitCode, res.Stderr)
		}
	}

	c.Start()
	t.Cleanup(c.Stop)
	return c
}

// Start starts node 0 and the other genesis validators, and waits until the
// chain has committed two blocks.
func (c *Chain) Start() {
	c.t.Helper()
	c.node0.start(c.t, c.Binary, c.Home, filepath.Join(c.Dir, "node0.log"))
	for _, v := range c.Validators {
		v.Start()
	}
	c.WaitForHeight(2, 60*time.Second)
}

// Stop stops every node, node 0 last.
func (c *Chain) Stop() {
	for _, n := range append(c.nodes, c.Validators...) {
		n.proc.stop()
	}
	c.node0.stop()
	if c.t.Failed() {
		c.t.Logf("node 0 log (last lines):\n%s", tail(c.node0.log, 40))
		for _, n := range append(c.nodes, c.Validators...) {
			c.t.Logf("%s log (last lines):\n%s", n.Name, tail(n.proc.log, 20))
		}
	}
}

// Running says whether node 0 is still alive.
func (c *Chain) Running() bool { return c.node0.running() }

// port returns node 0's port for a service whose default port is base.
func (c *Chain) port(base int) int { return base + c.cfg.PortOffset }

// RPCAddr is node 0's CometBFT RPC address (http://127.0.0.1:port).
func (c *Chain) RPCAddr() string { return fmt.Sprintf("http://127.0.0.1:%d", c.port(26657)) }

// APIAddr is node 0's REST address.
func (c *Chain) APIAddr() string { return fmt.Sprintf("http://127.0.0.1:%d", c.port(1317)) }

// GRPCAddr is node 0's gRPC address (host:port).
func (c *Chain) GRPCAddr() string { return fmt.Sprintf("127.0.0.1:%d", c.port(9090)) }

// Height returns node 0's latest committed height (0 if it does not answer).
func (c *Chain) Height() int64 { return heightAt(c.RPCAddr()) }

func heightAt(rpc string) int64 {
	var status struct {
		Result struct {
			SyncInfo struct {
				LatestBlockHeight string `json:"latest_block_height"`
			} `json:"sync_info"`
		} `json:"result"`
	}
	if err := getJSON(rpc+"/status", &status); err != nil {
		return 0
	}
	h, _ := strconv.ParseInt(status.Result.SyncInfo.LatestBlockHeight, 10, 64)
	return h
}

// WaitForHeight waits until the chain reaches height h.
func (c *Chain) WaitForHeight(h int64, timeout time.Duration) {
	c.t.Helper()
	deadline := time.Now().Add(timeout)
	for c.Height() < h {
		if !c.Running() {
			c.t.Fatalf("civitasd exited; log:\n%s", tail(c.node0.log, 40))
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("height %d not reached in %s (at %d); log:\n%s", h, timeout, c.Height(), tail(c.node0.log, 40))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// WaitBlocks waits until n more blocks are committed.
func (c *Chain) WaitBlocks(n int64) {
	c.t.Helper()
	c.WaitForHeight(c.Height()+n, time.Duration(n)*10*time.Second+10*time.Second)
}

// Result of a civitasd invocation.
type Result struct {
	Stdout, Stderr string
	ExitCode       int
}

// Exec runs civitasd with args as given (no --home added).
func (c *Chain) Exec(args ...string) Result {
	c.t.Helper()
	return Exec(c.t, c.Binary, args...)
}

// Exec runs binary with args and returns its output and exit code.
func Exec(t testing.TB, binary string, args ...string) Result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(binary, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Stdin = strings.NewReader("")
	err := cmd.Run()
	res := Result{Stdout: stdout.String(), Stderr: stderr.String()}
	if err != nil {
		exitErr, ok := err.(*exec.ExitError)
		require.True(t, ok, "running %s: %v", binary, err)
		res.ExitCode = exitErr.ExitCode()
	}
	return res
}

// CLI runs civitasd with node 0's home and requires success.
func (c *Chain) CLI(args ...string) string {
	c.t.Helper()
	res := c.Exec(append(args, "--home", c.Home)...)
	require.Equal(c.t, 0, res.ExitCode, "civitasd %s\nstdout: %s\nstderr: %s", strings.Join(args, " "), res.Stdout, res.Stderr)
	return res.Stdout
}

// QueryJSON runs a CLI query with JSON output and decodes it into v.
func (c *Chain) QueryJSON(v any, args ...string) {
	c.t.Helper()
	out := c.CLI(append(args, "-o", "json")...)
	require.NoError(c.t, json.Unmarshal([]byte(out), v), "decoding %q", out)
}

// Address returns the address of a key in node 0's keyring.
func (c *Chain) Address(key string) string {
	c.t.Helper()
	return strings.TrimSpace(c.CLI("keys", "show", key, "-a"))
}

// TxResult is the outcome of a transaction.
type TxResult struct {
	TxHash    string `json:"txhash"`
	Height    string `json:"height"`
	Code      uint32 `json:"code"`
	Codespace string `json:"codespace"`
	RawLog    string `json:"raw_log"`
	Events    []struct {
		Type       string `json:"type"`
		Attributes []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"attributes"`
	} `json:"events"`
}

// Attr returns the first value of attribute key in events of type typ.
func (r TxResult) Attr(typ, key string) string {
	for _, e := range r.Events {
		if e.Type != typ {
			continue
		}
		for _, a := range e.Attributes {
			if a.Key == key {
				return a.Value
			}
		}
	}
	return ""
}

// Tx broadcasts a transaction (args after `tx`, e.g. "bank", "send", ...)
// signed by from. Gas is simulated unless args set --gas (then the chain, not
// the simulation, judges the tx). It returns the CheckTx result if the tx was
// refused from the mempool, else the result once it is in a block; a tx the
// CLI refused before broadcasting comes back with code 1 and its stderr.
func (c *Chain) Tx(from string, args ...string) TxResult {
	c.t.Helper()
	return c.TxIn(c.Home, from, args...)
}

// TxIn is Tx with the key from in the keyring of the node home home (e.g.
// validator-1 in Validators[0].Home), sent to that node.
func (c *Chain) TxIn(home, from string, args ...string) TxResult {
	c.t.Helper()
	return c.broadcast(home, from, append([]string{"tx"}, args...))
}

// TxCommand is Tx for a command that broadcasts outside `tx` (e.g.
// "procurement", "bid", ...): args are given whole.
func (c *Chain) TxCommand(from string, args ...string) TxResult {
	c.t.Helper()
	return c.broadcast(c.Home, from, args)
}

func (c *Chain) broadcast(home, from string, args []string) TxResult {
	c.t.Helper()
	full := append(slices.Clone(args), "--from", from, "-y", "-o", "json", "--home", home)
	if !slices.Contains(args, "--gas") {
		full = append(full, "--gas", "auto", "--gas-adjustment", "1.5")
	}
	if c.cfg.MinGasPrices != "" && !slices.Contains(args, "--fees") && !slices.Contains(args, "--gas-prices") {
		full = append(full, "--gas-prices", c.cfg.MinGasPrices)
	}
	res := c.Exec(full...)
	var checked TxResult
	if err := json.Unmarshal([]byte(res.Stdout), &checked); err != nil {
		// Refused before broadcast (e.g. by simulation): report as a failure.
		require.NotEqual(c.t, 0, res.ExitCode, "unexpected output: %s %s", res.Stdout, res.Stderr)
		return TxResult{Code: 1, RawLog: strings.TrimSpace(res.Stderr)}
	}
	if checked.Code != 0 {
		return checked
	}
	return c.WaitTx(checked.TxHash)
}

// WaitTx waits for a transaction to be committed and returns its result.
func (c *Chain) WaitTx(hash string) TxResult {
	c.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := c.Exec("q", "tx", hash, "-o", "json", "--home", c.Home)
		if res.ExitCode == 0 {
			var tx TxResult
			require.NoError(c.t, json.Unmarshal([]byte(res.Stdout), &tx))
			return tx
		}
		require.True(c.t, time.Now().Before(deadline), "tx %s not committed: %s", hash, res.Stderr)
		time.Sleep(300 * time.Millisecond)
	}
}

// GetREST fetches a REST path from node 0 and decodes the JSON into v.
func (c *Chain) GetREST(path string, v any) {
	c.t.Helper()
	require.NoError(c.t, getJSON(c.APIAddr()+path, v))
}

// GetRPC fetches a CometBFT RPC path from node 0 and decodes the JSON into v.
func (c *Chain) GetRPC(path string, v any) {
	c.t.Helper()
	require.NoError(c.t, getJSON(c.RPCAddr()+path, v))
}

// GetRaw fetches a REST path and returns the status code and body.
func (c *Chain) GetRaw(path string) (int, []byte) {
	c.t.Helper()
	status, body, err := get(c.APIAddr() + path)
	require.NoError(c.t, err)
	return status, body
}

// get fetches url with a 10 s timeout.
func get(url string) (int, []byte, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return resp.StatusCode, body, err
}

// getJSON fetches url and decodes a 200 answer into v.
func getJSON(url string, v any) error {
	status, body, err := get(url)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: %d: %s", url, status, body)
	}
	return json.Unmarshal(body, v)
}

func tail(path string, n int) string {
	bz, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(bz), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
