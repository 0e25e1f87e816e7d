package main

// Checks for make test-faults (scripts/faults.sh), against every node:
//
//	loadgen receipts -rpc URL,URL,… -election 2 -voters 3000
//	    every voter's ballot read with its proof from each node at one
//	    height H and checked against the app hash of header H+1 (the same
//	    header on every node); JSON: how many present and absent
//	loadgen agree -rpc URL,URL,…
//	    block hash and app hash of every height all nodes hold, compared
//	loadgen blocktimes -rpc URL -from H1 -to H2
//	    per-height intervals, and the heights decided after round 0 (their
//	    first proposer was down)

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	crypto "github.com/cometbft/cometbft/proto/tendermint/crypto"

	"github.com/civitas-chain/civitas/x/common/verify"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

type header struct {
	Height  string    `json:"height"`
	Time    time.Time `json:"time"`
	AppHash string    `json:"app_hash"`
}

type blockMeta struct {
	BlockID struct {
		Hash string `json:"hash"`
	} `json:"block_id"`
	Header header `json:"header"`
}

// status returns a node's latest and earliest heights.
func status(rpc string) (latest, earliest int64, err error) {
	var s struct {
		SyncInfo struct {
			Latest   string `json:"latest_block_height"`
			Earliest string `json:"earliest_block_height"`
		} `json:"sync_info"`
	}
	if err := call1(rpc, "status", map[string]any{}, &s); err != nil {
		return 0, 0, err
	}
	latest, _ = strconv.ParseInt(s.SyncInfo.Latest, 10, 64)
	earliest, _ = strconv.ParseInt(s.SyncInfo.Earliest, 10, 64)
	return latest, earliest, nil
}

// metas returns the block metas of heights from..to (at most 20) by height.
func metas(rpc string, from, to int64) (map[int64]blockMeta, error) {
	var r struct {
		BlockMetas []blockMeta `json:"block_metas"`
	}
	if err := call1(rpc, "blockchain", map[string]any{"minHeight": strconv.FormatInt(from, 10), "maxHeight": strconv.FormatInt(to, 10)}, &r); err != nil {
		return nil, err
	}
	out := map[int64]blockMeta{}
	for _, m := range r.BlockMetas {
		h, _ := strconv.ParseInt(m.Header.Height, 10, 64)
		out[h] = m
	}
	return out, nil
}

func nodes(list string) []string { return strings.Split(list, ",") }

// span is the heights every node holds: from the highest earliest to the lowest latest.
func span(rpcs []string) (from, to int64, err error) {
	to = 1 << 62
	for _, rpc := range rpcs {
		l, e, err := status(rpc)
		if err != nil {
			return 0, 0, fmt.Errorf("%s: %w", rpc, err)
		}
		from, to = max(from, e), min(to, l)
	}
	return from, to, nil
}

func agreeCmd(args []string) error {
	fs := flag.NewFlagSet("agree", flag.ExitOnError)
	rpcList := fs.String("rpc", "", "comma-separated CometBFT RPC URLs")
	_ = fs.Parse(args)
	rpcs := nodes(*rpcList)
	// Each height is compared among the nodes that hold it (a state-synced
	// node starts at its snapshot); every height must be held by two or more.
	earliest := make([]int64, len(rpcs))
	var from, to int64 = 1 << 62, 1 << 62
	for i, rpc := range rpcs {
		l, e, err := status(rpc)
		if err != nil {
			return fmt.Errorf("%s: %w", rpc, err)
		}
		earliest[i], from, to = e, min(from, e), min(to, l)
	}
	var mismatches []string
	compared := 0
	for lo := from; lo <= to; lo += 20 {
		hi := min(lo+19, to)
		byNode := make([]map[int64]blockMeta, len(rpcs))
		for i, rpc := range rpcs {
			if earliest[i] > hi {
				continue
			}
			m, err := metas(rpc, max(lo, earliest[i]), hi)
			if err != nil {
				return fmt.Errorf("%s: %w", rpc, err)
			}
			byNode[i] = m
		}
		for h := lo; h <= hi; h++ {
			var ref *blockMeta
			holders := 0
			for i := range rpcs {
				m, ok := byNode[i][h]
				if !ok {
					continue
				}
				holders++
				if ref == nil {
					ref = &m
				} else if m.BlockID.Hash != ref.BlockID.Hash || m.Header.AppHash != ref.Header.AppHash {
					mismatches = append(mismatches, fmt.Sprintf("height %d: %s has block %s app %s, another node block %s app %s", h, rpcs[i], m.BlockID.Hash, m.Header.AppHash, ref.BlockID.Hash, ref.Header.AppHash))
				}
			}
			if holders < 2 {
				mismatches = append(mismatches, fmt.Sprintf("height %d: held by %d node(s)", h, holders))
			}
			compared += holders
		}
	}
	out, _ := json.Marshal(map[string]any{"nodes": len(rpcs), "from": from, "to": to, "heights": to - from + 1, "compared": compared, "mismatches": mismatches})
	fmt.Println(string(out))
	if len(mismatches) > 0 {
		return fmt.Errorf("%d heights differ between nodes", len(mismatches))
	}
	return nil
}

func receiptsCmd(args []string) error {
	fs := flag.NewFlagSet("receipts", flag.ExitOnError)
	rpcList := fs.String("rpc", "", "comma-separated CometBFT RPC URLs")
	election := fs.Uint64("election", 1, "election id")
	voters := fs.Int("voters", 10000, "number of loadgen voters (keys 0..N-1)")
	_ = fs.Parse(args)
	rpcs := nodes(*rpcList)
	_, to, err := span(rpcs)
	if err != nil {
		return err
	}
	h := to - 1 // header h+1 holds the app hash after block h
	present := make([]int, len(rpcs))
	var headerHash string
	for n, rpc := range rpcs {
		m, err := metas(rpc, h+1, h+1)
		if err != nil {
			return err
		}
		if n == 0 {
			headerHash = m[h+1].BlockID.Hash
		} else if m[h+1].BlockID.Hash != headerHash {
			return fmt.Errorf("%s has header %d %s, %s has %s", rpc, h+1, m[h+1].BlockID.Hash, rpcs[0], headerHash)
		}
		appHash, err := hex.DecodeString(m[h+1].Header.AppHash)
		if err != nil {
			return err
		}
		keys := make([][]byte, *voters)
		for i := range keys {
			keys[i] = votingtypes.BallotStoreKey(*election, voterKey(i).PubKey().Address())
		}
		values, ops, err := provenQueries(rpc, "voting", keys, h)
		if err != nil {
			return fmt.Errorf("%s: %w", rpc, err)
		}
		for i, key := range keys {
			if err := verify.StoreProof(appHash, "voting", key, values[i], ops[i]); err != nil {
				return fmt.Errorf("%s voter %d: the proof does not hold: %w", rpc, i, err)
			}
			if len(values[i]) > 0 {
				present[n]++
			}
		}
		if present[n] != present[0] {
			return fmt.Errorf("%s proves %d ballots, %s %d", rpc, present[n], rpcs[0], present[0])
		}
	}
	out, _ := json.Marshal(map[string]any{"election": *election, "height": h, "nodes": len(rpcs), "proven_present": present[0], "proven_absent": *voters - present[0]})
	fmt.Println(string(out))
	return nil
}

type abciAnswer struct {
	Response struct {
		Code     uint32 `json:"code"`
		Log      string `json:"log"`
		Value    []byte `json:"value"`
		Height   string `json:"height"`
		ProofOps struct {
			Ops []struct {
				Type string `json:"type"`
				Key  string `json:"key"`
				Data string `json:"data"`
			} `json:"ops"`
		} `json:"proofOps"`
	} `json:"response"`
}

// provenQueries reads store keys at height h with prove=true, in JSON-RPC
// batches of 10 (CometBFT's limit) from 4 workers.
func provenQueries(rpc, store string, keys [][]byte, h int64) ([][]byte, []*crypto.ProofOps, error) {
	values, ops := make([][]byte, len(keys)), make([]*crypto.ProofOps, len(keys))
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		firstErr error
	)
	starts := make(chan int)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range starts {
				hi := min(lo+10, len(keys))
				reqs := make([]rpcReq, 0, hi-lo)
				for i := lo; i < hi; i++ {
					reqs = append(reqs, rpcReq{JSONRPC: "2.0", ID: i, Method: "abci_query", Params: map[string]any{
						"path": "/store/" + store + "/key", "data": fmt.Sprintf("%X", keys[i]), "height": strconv.FormatInt(h, 10), "prove": true}})
				}
				res, err := call(rpc, reqs)
				if err == nil && len(res) != len(reqs) {
					err = fmt.Errorf("%d answers to %d queries", len(res), len(reqs))
				}
				for j := 0; err == nil && j < len(res); j++ {
					values[lo+j], ops[lo+j], err = decodeProven(res[j], h)
				}
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
				}
			}
		}()
	}
	for lo := 0; lo < len(keys); lo += 10 {
		starts <- lo
	}
	close(starts)
	wg.Wait()
	return values, ops, firstErr
}

func decodeProven(r rpcResp, h int64) ([]byte, *crypto.ProofOps, error) {
	if r.Error != nil {
		return nil, nil, fmt.Errorf("abci_query: %s %s", r.Error.Message, r.Error.Data)
	}
	var q abciAnswer
	if err := json.Unmarshal(r.Result, &q); err != nil {
		return nil, nil, err
	}
	if q.Response.Code != 0 {
		return nil, nil, fmt.Errorf("query: %s", q.Response.Log)
	}
	if q.Response.Height != strconv.FormatInt(h, 10) {
		return nil, nil, fmt.Errorf("answered at height %s, not %d", q.Response.Height, h)
	}
	ops := &crypto.ProofOps{}
	for _, o := range q.Response.ProofOps.Ops {
		k, err := base64.StdEncoding.DecodeString(o.Key)
		if err != nil {
			return nil, nil, err
		}
		d, err := base64.StdEncoding.DecodeString(o.Data)
		if err != nil {
			return nil, nil, err
		}
		ops.Ops = append(ops.Ops, crypto.ProofOp{Type: o.Type, Key: k, Data: d})
	}
	return q.Response.Value, ops, nil
}

func blocktimesCmd(args []string) error {
	fs := flag.NewFlagSet("blocktimes", flag.ExitOnError)
	rpc := fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of a node")
	from := fs.Int64("from", 1, "first height")
	to := fs.Int64("to", 0, "last height (0: latest - 1)")
	_ = fs.Parse(args)
	if *to == 0 {
		l, _, err := status(*rpc)
		if err != nil {
			return err
		}
		*to = l - 1
	}
	var all, late []float64
	var prev time.Time
	for h := *from; h <= *to; h++ {
		var b struct {
			Block struct {
				Header     header `json:"header"`
				LastCommit struct {
					Round int `json:"round"`
				} `json:"last_commit"`
			} `json:"block"`
		}
		// Block h+1's last commit says in which round height h was decided.
		if err := call1(*rpc, "block", map[string]any{"height": strconv.FormatInt(h+1, 10)}, &b); err != nil {
			return err
		}
		m, err := metas(*rpc, h, h)
		if err != nil {
			return err
		}
		t := m[h].Header.Time
		if !prev.IsZero() {
			d := float64(t.Sub(prev).Milliseconds())
			all = append(all, d)
			if b.Block.LastCommit.Round > 0 {
				late = append(late, d)
			}
		}
		prev = t
	}
	stats := func(xs []float64) map[string]any {
		var sum, mx float64
		for _, x := range xs {
			sum += x
			mx = max(mx, x)
		}
		mean := 0.0
		if len(xs) > 0 {
			mean = sum / float64(len(xs))
		}
		return map[string]any{"n": len(xs), "mean_ms": int(mean), "max_ms": int(mx)}
	}
	out, _ := json.Marshal(map[string]any{"from": *from, "to": *to, "all": stats(all), "after_round_0": stats(late)})
	fmt.Println(string(out))
	return nil
}
