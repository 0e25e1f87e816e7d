package main

// Sealed bids and reveals for make bench-procurement. The bench genesis
// (scripts/bench/procurement.sh) makes bench account -accounts (funded, not
// a sender) a procurement officer of agency 1 and registers -per-lot suppliers, supplier s+1 owned by bench
// account s mod -accounts (-per-lot at most -accounts: one person does not
// bid through two suppliers on a lot). Bid j goes to lot j / per-lot from supplier
// j mod per-lot + 1; its price, documents hash and salt are derived from j,
// so the reveal needs no state but the chain's.
//
//	loadgen tender  -bids 10000 -per-lot 128 -submission-in 60s    tender id and deadlines (JSON)
//	loadgen bids    -tender 1 -bids 10000 -per-lot 128
//	loadgen await   -time 2026-11-29T18:00:00Z                      waits for a block after that time
//	loadgen reveals -tender 1 -bids 10000 -per-lot 128

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	proctypes "github.com/civitas-chain/civitas/x/procurement/types"
)

type bidFlags struct {
	rpc, prefix, chainID, label *string
	accounts, bids, perLot      *int
	workers                     *int
	tender                      *uint64
}

func newBidFlags(fs *flag.FlagSet) bidFlags {
	return bidFlags{
		rpc: fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of the node"), prefix: fs.String("prefix", "civ", "bech32 account prefix"),
		chainID: fs.String("chain-id", "bench-1", "chain id"), label: fs.String("label", "", "name echoed in the result"),
		accounts: fs.Int("accounts", 64, "number of bench accounts"), bids: fs.Int("bids", 10000, "number of bids"),
		perLot: fs.Int("per-lot", 128, "bids per lot (= registered suppliers)"), workers: fs.Int("workers", 4, "concurrent JSON-RPC batches"),
		tender: fs.Uint64("tender", 1, "tender id"),
	}
}

func (f bidFlags) lots() int { return (*f.bids + *f.perLot - 1) / *f.perLot }

// benchBid is bid j's sealed content.
func benchBid(j int) (price math.Int, docs, salt []byte) {
	d := sha256.Sum256([]byte("bench-docs-" + strconv.Itoa(j)))
	s := sha256.Sum256([]byte("bench-salt-" + strconv.Itoa(j)))
	return math.NewInt(int64(1_000_000 + j)), d[:], s[:]
}

// owner is the bench account that owns supplier s (1-based) and signs its bids.
func (f bidFlags) owner(supplier int) int { return (supplier - 1) % *f.accounts }

// tenderCmd publishes the bench tender from bench account -accounts (the
// officer, who owns no supplier): lots of
// ceiling 1,000 CIVIS and bid bond 1,000 ucivis, lowest price, submission
// deadline -submission-in from now, reveal deadline a day later.
func tenderCmd(args []string) error {
	fs := flag.NewFlagSet("tender", flag.ExitOnError)
	f := newBidFlags(fs)
	in := fs.Duration("submission-in", time.Minute, "time from now to the submission deadline")
	line := fs.Uint64("line", 1, "budget line of agency 1")
	_ = fs.Parse(args)
	cfg, err := txConfig(*f.prefix)
	if err != nil {
		return err
	}
	officer := address(*f.prefix, *f.accounts)
	sub := time.Now().UTC().Add(*in).Truncate(time.Second)
	msg := &proctypes.MsgPublishTender{Officer: officer, AgencyId: 1, Title: "Bench tender", DocumentsUri: "ipfs://bench",
		DocumentsSha256: hex.EncodeToString(make([]byte, 32)), BudgetLineId: *line, ClarificationDeadline: sub, SubmissionDeadline: sub,
		RevealDeadline: sub.Add(24 * time.Hour), StandstillSeconds: 3600}
	for l := 0; l < f.lots(); l++ {
		msg.Lots = append(msg.Lots, proctypes.LotInput{Title: "Lot " + strconv.Itoa(l), Ceiling: math.NewInt(1_000_000_000),
			BidBond: math.NewInt(1000), AwardMethod: proctypes.AWARD_METHOD_LOWEST_PRICE})
	}
	n, s, err := accountInfo(*f.rpc, officer)
	if err != nil {
		return err
	}
	bz, err := signTx(cfg, *f.chainID, key(*f.accounts), officer, msg, 100_000_000, n, s)
	if err != nil {
		return err
	}
	if accepted, err := broadcastRound(*f.rpc, [][]byte{bz}, 1); err != nil || accepted != 1 {
		return fmt.Errorf("publishing the tender: accepted %d, %v", accepted, err)
	}
	// The tender is the newest: wait for the module to have it.
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := queryBids(*f.rpc, *f.tender, nil)
		if err == nil && res != nil {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("tender %d not published: %v", *f.tender, err)
		}
		time.Sleep(300 * time.Millisecond)
	}
	out, _ := json.Marshal(map[string]any{"tender": *f.tender, "lots": f.lots(), "submission_deadline": sub.Format(time.RFC3339)})
	fmt.Println(string(out))
	return nil
}

// queryBids reads one page of a tender's bids with an ABCI query; it fails
// if the tender does not exist.
func queryBids(rpc string, tender uint64, key []byte) (*proctypes.QueryBidsResponse, error) {
	if _, err := abciQuery(rpc, "/civitas.procurement.v1.Query/Tender", &proctypes.QueryTenderRequest{TenderId: tender}); err != nil {
		return nil, err
	}
	bz, err := abciQuery(rpc, "/civitas.procurement.v1.Query/Bids", &proctypes.QueryBidsRequest{TenderId: tender, Pagination: &query.PageRequest{Key: key, Limit: 1000}})
	if err != nil {
		return nil, err
	}
	var out proctypes.QueryBidsResponse
	return &out, out.Unmarshal(bz)
}

func abciQuery(rpc, path string, req interface{ Marshal() ([]byte, error) }) ([]byte, error) {
	data, err := req.Marshal()
	if err != nil {
		return nil, err
	}
	var q struct {
		Response struct {
			Code  uint32 `json:"code"`
			Log   string `json:"log"`
			Value []byte `json:"value"`
		} `json:"response"`
	}
	if err := call1(rpc, "abci_query", map[string]any{"path": path, "data": fmt.Sprintf("%X", data)}, &q); err != nil {
		return nil, err
	}
	if q.Response.Code != 0 {
		return nil, fmt.Errorf("%s: %s", path, q.Response.Log)
	}
	return q.Response.Value, nil
}

// rounds groups each account's messages in order: round r holds every
// account's r-th message, signed at its sequence s+r.
func rounds(f bidFlags, msgs map[int][]sdk.Msg) ([][][]byte, error) {
	cfg, err := txConfig(*f.prefix)
	if err != nil {
		return nil, err
	}
	var signed [][][]byte
	for a := 0; a < *f.accounts; a++ {
		if len(msgs[a]) == 0 {
			continue
		}
		from := address(*f.prefix, a)
		n, s, err := accountInfo(*f.rpc, from)
		if err != nil {
			return nil, fmt.Errorf("account %d: %w", a, err)
		}
		for r, m := range msgs[a] {
			if r == len(signed) {
				signed = append(signed, nil)
			}
			bz, err := signTx(cfg, *f.chainID, key(a), from, m, 300_000, n, s+uint64(r))
			if err != nil {
				return nil, err
			}
			signed[r] = append(signed[r], bz)
		}
	}
	return signed, nil
}

func bidsCmd(args []string) error {
	fs := flag.NewFlagSet("bids", flag.ExitOnError)
	f := newBidFlags(fs)
	_ = fs.Parse(args)
	msgs := map[int][]sdk.Msg{}
	for j := 0; j < *f.bids; j++ {
		supplier := j%*f.perLot + 1
		a := f.owner(supplier)
		price, docs, salt := benchBid(j)
		bidder := key(a).PubKey().Address()
		c, err := proctypes.BidCommitment(*f.tender, uint32(j / *f.perLot), bidder, price, docs, salt)
		if err != nil {
			return err
		}
		msgs[a] = append(msgs[a], &proctypes.MsgSubmitBid{Bidder: address(*f.prefix, a), TenderId: *f.tender, Lot: uint32(j / *f.perLot),
			SupplierId: uint64(supplier), Commitment: c})
	}
	return measure(f, msgs, "bid", "civitas.procurement.v1.EventBidSubmitted")
}

func revealsCmd(args []string) error {
	fs := flag.NewFlagSet("reveals", flag.ExitOnError)
	f := newBidFlags(fs)
	_ = fs.Parse(args)
	msgs := map[int][]sdk.Msg{}
	var page []byte
	for {
		res, err := queryBids(*f.rpc, *f.tender, page)
		if err != nil {
			return err
		}
		for _, b := range res.Bids {
			j := int(b.Lot)*(*f.perLot) + int(b.SupplierId) - 1
			price, docs, salt := benchBid(j)
			a := f.owner(int(b.SupplierId))
			msgs[a] = append(msgs[a], &proctypes.MsgRevealBid{Bidder: address(*f.prefix, a), BidId: b.Id, Price: price, DocumentsHash: docs, Salt: salt})
		}
		if res.Pagination == nil || len(res.Pagination.NextKey) == 0 {
			break
		}
		page = res.Pagination.NextKey
	}
	return measure(f, msgs, "reveal", "civitas.procurement.v1.EventBidRevealed")
}

// measure signs the messages, sends them and counts the committed ones by
// their event.
func measure(f bidFlags, msgs map[int][]sdk.Msg, unit, event string) error {
	total := 0
	for _, m := range msgs {
		total += len(m)
	}
	signed, err := rounds(f, msgs)
	if err != nil {
		return err
	}
	res, err := load(*f.rpc, signed, *f.workers, total, func(h int64) (int, int, error) { return eventResults(*f.rpc, h, event, "") })
	if err != nil {
		return err
	}
	res.Binary, res.Unit = *f.label, unit
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
	if res.Committed < total*9/10 {
		return fmt.Errorf("only %d of %d %ss committed", res.Committed, total, unit)
	}
	return nil
}

// eventResults counts, in block h, the events okEvent of successful txs
// (ok), and the failed txs plus the events refusedEvent, if given (failed).
func eventResults(rpc string, h int64, okEvent, refusedEvent string) (ok, failed int, err error) {
	var r struct {
		TxsResults []struct {
			Code   uint32 `json:"code"`
			Events []struct {
				Type string `json:"type"`
			} `json:"events"`
		} `json:"txs_results"`
	}
	if err := call1(rpc, "block_results", map[string]any{"height": strconv.FormatInt(h, 10)}, &r); err != nil {
		return 0, 0, err
	}
	for _, t := range r.TxsResults {
		if t.Code != 0 {
			failed++
			continue
		}
		for _, e := range t.Events {
			switch {
			case e.Type == okEvent:
				ok++
			case refusedEvent != "" && e.Type == refusedEvent:
				failed++
			}
		}
	}
	return ok, failed, nil
}

// awaitCmd waits until the chain commits a block after -time.
func awaitCmd(args []string) error {
	fs := flag.NewFlagSet("await", flag.ExitOnError)
	rpc := fs.String("rpc", "http://127.0.0.1:26657", "CometBFT RPC of the node")
	at := fs.String("time", "", "RFC 3339 time")
	_ = fs.Parse(args)
	when, err := time.Parse(time.RFC3339, *at)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(time.Until(when) + 2*time.Minute)
	for time.Now().Before(deadline) {
		_, t, err := latestBlock(*rpc)
		if err == nil && t.After(when) {
			return nil
		}
		time.Sleep(500 * time.Millisecond)
	}
	return fmt.Errorf("no block after %s", when.Format(time.RFC3339))
}
