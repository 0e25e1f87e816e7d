package system

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/stretchr/testify/require"
)

// Node is a further node of the chain: a full node that follows node 0 and
// can become a validator (create-validator with ConsensusPubKey).
type Node struct {
	Name   string
	Home   string
	Index  int
	chain  *Chain
	proc   process
	rpcURL string
}

// AddNode creates a node with node 0's genesis, peered with node 0, on the
// ports of localnet node index (index ≥ 1), starts it and waits until it has
// caught up with node 0.
func (c *Chain) AddNode(name string, index int) *Node {
	c.t.Helper()
	n := &Node{Name: name, Home: filepath.Join(c.Dir, name), Index: index, chain: c}
	off := c.cfg.PortOffset
	port := func(base, step int) int { return base + step*index + off }
	n.rpcURL = fmt.Sprintf("http://127.0.0.1:%d", port(26657, 100))

	c.Exec("init", name, "--chain-id", "civitas-local-1", "--home", n.Home)
	genesis, err := os.ReadFile(filepath.Join(c.Home, "config", "genesis.json"))
	require.NoError(c.t, err)
	require.NoError(c.t, os.WriteFile(filepath.Join(n.Home, "config", "genesis.json"), genesis, 0o600))

	node0ID := strings.TrimSpace(c.CLI("comet", "show-node-id"))
	cfgPath := filepath.Join(n.Home, "config", "config.toml")
	set := func(section, key, value string) {
		setTOML(c, cfgPath, section, key, value)
	}
	set("", "proxy_app", fmt.Sprintf("%q", fmt.Sprintf("tcp://127.0.0.1:%d", port(26658, 100))))
	set("rpc", "laddr", fmt.Sprintf("%q", fmt.Sprintf("tcp://127.0.0.1:%d", port(26657, 100))))
	set("rpc", "pprof_laddr", fmt.Sprintf("%q", fmt.Sprintf("localhost:%d", port(6060, 1))))
	set("p2p", "laddr", fmt.Sprintf("%q", fmt.Sprintf("tcp://127.0.0.1:%d", port(26656, 100))))
	set("p2p", "external_address", fmt.Sprintf("%q", fmt.Sprintf("127.0.0.1:%d", port(26656, 100))))
	set("p2p", "persistent_peers", fmt.Sprintf("%q", fmt.Sprintf("%s@127.0.0.1:%d", node0ID, 26656+off)))
	set("p2p", "allow_duplicate_ip", "true")
	set("p2p", "addr_book_strict", "false")
	c.Exec("config", "set", "app", "api.enable", "false", "--home", n.Home)
	c.Exec("config", "set", "app", "grpc.address", fmt.Sprintf("127.0.0.1:%d", port(9090, 10)), "--home", n.Home)
	c.Exec("config", "set", "app", "minimum-gas-prices", "0ucivis", "--home", n.Home)

	n.proc.start(c.t, c.Binary, n.Home, filepath.Join(c.Dir, name+".log"))
	c.nodes = append(c.nodes, n)
	target := c.Height()
	deadline := time.Now().Add(90 * time.Second)
	for n.Height() < target {
		require.True(c.t, n.proc.running(), "%s exited; log:\n%s", name, tail(n.proc.log, 30))
		require.True(c.t, time.Now().Before(deadline), "%s did not catch up to height %d; log:\n%s", name, target, tail(n.proc.log, 30))
		time.Sleep(300 * time.Millisecond)
	}
	return n
}

// Start starts the node's process (again), logging to <dir>/<name>.log.
func (n *Node) Start() {
	n.chain.t.Helper()
	n.proc.start(n.chain.t, n.chain.Binary, n.Home, filepath.Join(n.chain.Dir, n.Name+".log"))
}

// Stop stops the node's process (SIGTERM).
func (n *Node) Stop() { n.proc.stop() }

// Running says whether the node's process is alive.
func (n *Node) Running() bool { return n.proc.running() }

// Height is the node's latest committed height.
func (n *Node) Height() int64 { return heightAt(n.rpcURL) }

// ConsensusPubKey is the node's validator key as JSON, for create-validator.
func (n *Node) ConsensusPubKey() string {
	res := n.chain.Exec("comet", "show-validator", "--home", n.Home)
	require.Equal(n.chain.t, 0, res.ExitCode, res.Stderr)
	return strings.TrimSpace(res.Stdout)
}

// setTOML sets key in [section] (top level when section is "") of a TOML file.
func setTOML(c *Chain, path, section, key, value string) {
	c.t.Helper()
	bz, err := os.ReadFile(path)
	require.NoError(c.t, err)
	lines := strings.Split(string(bz), "\n")
	current, found := "", false
	for i, line := range lines {
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "[") && strings.HasSuffix(trimmed, "]") {
			current = strings.Trim(trimmed, "[]")
			continue
		}
		if current == section && (strings.HasPrefix(trimmed, key+" ") || strings.HasPrefix(trimmed, key+"=")) {
			lines[i] = key + " = " + value
			found = true
			break
		}
	}
	require.True(c.t, found, "%s not found in [%s] of %s", key, section, path)
	require.NoError(c.t, os.WriteFile(path, []byte(strings.Join(lines, "\n")), 0o600))
}
