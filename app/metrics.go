package app

import (
	"strings"
	"sync/atomic"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/prometheus/client_golang/prometheus"

	"cosmossdk.io/collections"
	sdkmath "cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	proctypes "github.com/civitas-chain/civitas/x/procurement/types"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

// Prometheus metrics of Civitas (README, "Operators: metrics"), registered
// with the default registry, so a node with CometBFT's instrumentation on
// (config.toml [instrumentation] prometheus = true) serves them beside
// CometBFT's and the SDK's. They count what this node executed since it
// started (blocks it replays or syncs included); they are node-local and
// never read by the state machine.
var (
	metricBallotsCounted = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "civitas", Subsystem: "voting", Name: "ballots_counted_total",
		Help: "Ballots counted in executed blocks.",
	})
	metricBallotsRefused = prometheus.NewCounterVec(prometheus.CounterOpts{
		Namespace: "civitas", Subsystem: "voting", Name: "ballots_refused_total",
		Help: "Ballots refused in executed blocks, by the registered error's description.",
	}, []string{"reason"})
	metricElections = prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: "civitas", Subsystem: "voting", Name: "elections",
		Help: "Elections by status in the latest executed state.",
	}, []string{"status"})
	metricBids = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "civitas", Subsystem: "procurement", Name: "bids_submitted_total",
		Help: "Sealed bids submitted in executed blocks.",
	})
	metricDisbursed = prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: "civitas", Subsystem: "budget", Name: "disbursed_ucivis_total",
		Help: "Public funds disbursed in executed blocks, in ucivis.",
	})
)

func init() {
	prometheus.MustRegister(metricBallotsCounted, metricBallotsRefused, metricElections, metricBids, metricDisbursed)
}

// electionsDirty says that the elections gauge must be recounted (at start,
// and after a block that created an election or changed a status).
var electionsDirty atomic.Bool

func init() { electionsDirty.Store(true) }

var (
	eventBallotCast     = sdk.MsgTypeURL(&votingtypes.EventBallotCast{})[1:]
	eventBallotRefused  = sdk.MsgTypeURL(&votingtypes.EventBallotRefused{})[1:]
	eventElectionNew    = sdk.MsgTypeURL(&votingtypes.EventElectionCreated{})[1:]
	eventElectionStatus = sdk.MsgTypeURL(&votingtypes.EventElectionStatusChanged{})[1:]
	eventElectionFinal  = sdk.MsgTypeURL(&votingtypes.EventElectionFinalized{})[1:]
	eventBidSubmitted   = sdk.MsgTypeURL(&proctypes.EventBidSubmitted{})[1:]
	eventDisbursed      = sdk.MsgTypeURL(&budgettypes.EventDisbursed{})[1:]
)

// FinalizeBlock executes the block, then counts its events into the metrics.
func (app *CivitasApp) FinalizeBlock(req *abci.RequestFinalizeBlock) (*abci.ResponseFinalizeBlock, error) {
	res, err := app.BaseApp.FinalizeBlock(req)
	if err == nil && res != nil {
		observeEvents(res.Events)
		for _, tx := range res.TxResults {
			if tx.Code == 0 {
				observeEvents(tx.Events)
			}
		}
	}
	return res, err
}

func observeEvents(events []abci.Event) {
	for _, e := range events {
		switch e.Type {
		case eventBallotCast:
			metricBallotsCounted.Inc()
		case eventBallotRefused:
			metricBallotsRefused.WithLabelValues(refusalReason(attr(e, "error"))).Inc()
		case eventElectionNew, eventElectionStatus, eventElectionFinal:
			electionsDirty.Store(true)
		case eventBidSubmitted:
			metricBids.Inc()
		case eventDisbursed:
			if amt, ok := sdkmath.NewIntFromString(strings.Trim(attr(e, "amount"), `"`)); ok && amt.IsPositive() {
				f, _ := amt.ToLegacyDec().Float64()
				metricDisbursed.Add(f)
			}
		}
	}
}

func attr(e abci.Event, key string) string {
	for _, a := range e.Attributes {
		if a.Key == key {
			return a.Value
		}
	}
	return ""
}

// refusalReason is the registered error's description: the text after the
// last ": " of a wrapped error (a bounded set of label values).
func refusalReason(msg string) string {
	msg = strings.Trim(msg, `"`)
	if i := strings.LastIndex(msg, ": "); i >= 0 {
		msg = msg[i+2:]
	}
	if len(msg) > 64 {
		msg = msg[:64]
	}
	return msg
}

// countElections recounts the elections gauge from the block's state when a
// block changed it (read only: called from the end blocker).
func (app *CivitasApp) countElections(ctx sdk.Context) {
	if !electionsDirty.Swap(false) {
		return
	}
	counts := map[int32]float64{}
	err := app.VotingKeeper.ElectionsByStatus.Walk(ctx, nil, func(k collections.Pair[int32, uint64]) (bool, error) {
		counts[k.K1()]++
		return false, nil
	})
	if err != nil {
		electionsDirty.Store(true)
		return
	}
	for s, name := range votingtypes.ElectionStatus_name {
		if s != 0 {
			metricElections.WithLabelValues(strings.TrimPrefix(name, "ELECTION_STATUS_")).Set(counts[s])
		}
	}
}
