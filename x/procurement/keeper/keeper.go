// Package keeper holds the procurement module's state: tenders, their lots
// and amendments, and sealed bids with their bonds.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// QueueKey is (time, tender id).
type QueueKey = collections.Pair[time.Time, uint64]

// Keeper of the procurement module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	agency       types.AgencyKeeper
	budget       types.BudgetKeeper
	// rules calls rule contracts (x/wasm); nil: no rule can be attached.
	rules wasmrule.WasmKeeper

	Schema          collections.Schema
	Params          collections.Item[types.Params]
	TenderSeq       collections.Sequence
	Tenders         collections.Map[uint64, types.Tender]
	TendersByAgency collections.KeySet[collections.Pair[uint64, uint64]]
	TendersByStatus collections.KeySet[collections.Pair[int32, uint64]]
	TendersByLine   collections.KeySet[collections.Pair[uint64, uint64]]
	// TendersBySupplier: (supplier, tender) for every supplier that bid.
	TendersBySupplier collections.KeySet[collections.Pair[uint64, uint64]]
	// SupplierYearTenders: ((supplier, agency), fiscal year of the tender's
	// line, tender) for every supplier that bid: a supplier's tenders with an
	// agency in a year, read by the awarded_total contract query.
	SupplierYearTenders collections.KeySet[collections.Triple[collections.Pair[uint64, uint64], uint32, uint64]]
	// Amendments: (tender, version).
	Amendments collections.Map[collections.Pair[uint64, uint32], types.Amendment]
	BidSeq     collections.Sequence
	Bids       collections.Map[uint64, types.Bid]
	// BidBySupplier: (tender, (lot, supplier)) → bid id: one bid per supplier and lot.
	BidBySupplier collections.Map[collections.Pair[uint64, collections.Pair[uint32, uint64]], uint64]
	// SubmissionQueue and RevealQueue: tenders whose deadline is due.
	SubmissionQueue collections.KeySet[QueueKey]
	RevealQueue     collections.KeySet[QueueKey]
	// StandstillQueue: tenders with a lot whose standstill ends then.
	StandstillQueue collections.KeySet[QueueKey]
	// SignQueue: tenders with a contract offer whose signature deadline is then.
	SignQueue collections.KeySet[QueueKey]
	// LotParties: (tender, (lot, party)) → the supplier it bid for.
	LotParties collections.Map[collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], uint64]
	// Contracts: (tender, lot).
	Contracts collections.Map[collections.Pair[uint64, uint32], types.Contract]
	// Complaints, and (tender, complaint) for each.
	ComplaintSeq       collections.Sequence
	ComplaintRecords   collections.Map[uint64, types.Complaint]
	ComplaintsByTender collections.KeySet[collections.Pair[uint64, uint64]]
	// ScoreSheets: (tender, (lot, evaluator)).
	ScoreSheets collections.Map[collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], types.ScoreSheet]
	// Clarification records, and (tender, clarification) for each.
	ClarificationSeq       collections.Sequence
	ClarificationRecords   collections.Map[uint64, types.Clarification]
	ClarificationsByTender collections.KeySet[collections.Pair[uint64, uint64]]
}

// NewKeeper returns the keeper. The module account (types.ModuleName) holds bid bonds.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, addressCodec address.Codec, authority string,
	bank types.BankKeeper, agency types.AgencyKeeper, budget types.BudgetKeeper,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("procurement: invalid authority address %q: %s", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	u64Pair := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	queue := collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, authority: authority, bank: bank, agency: agency, budget: budget,
		Params:            collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		TenderSeq:         collections.NewSequence(sb, types.TenderSeqKey, "tender_seq"),
		Tenders:           collections.NewMap(sb, types.TendersKey, "tenders", collections.Uint64Key, codec.CollValue[types.Tender](cdc)),
		TendersByAgency:   common.NewKeySet(sb, types.TendersByAgencyKey, "tenders_by_agency", u64Pair),
		TendersByStatus:   common.NewKeySet(sb, types.TendersByStatusKey, "tenders_by_status", collections.PairKeyCodec(collections.Int32Key, collections.Uint64Key)),
		TendersByLine:     common.NewKeySet(sb, types.TendersByLineKey, "tenders_by_line", u64Pair),
		TendersBySupplier: common.NewKeySet(sb, types.TendersBySupplierKey, "tenders_by_supplier", u64Pair),
		SupplierYearTenders: common.NewKeySet(sb, types.SupplierYearTendersKey, "supplier_year_tenders",
			collections.TripleKeyCodec(u64Pair, collections.Uint32Key, collections.Uint64Key)),
		Amendments: collections.NewMap(sb, types.AmendmentsKey, "amendments",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.Amendment](cdc)),
		BidSeq: collections.NewSequence(sb, types.BidSeqKey, "bid_seq"),
		Bids:   collections.NewMap(sb, types.BidsKey, "bids", collections.Uint64Key, codec.CollValue[types.Bid](cdc)),
		BidBySupplier: collections.NewMap(sb, types.BidBySupplierKey, "bid_by_supplier",
			collections.PairKeyCodec(collections.Uint64Key, collections.PairKeyCodec(collections.Uint32Key, collections.Uint64Key)), collections.Uint64Value),
		SubmissionQueue: common.NewKeySet(sb, types.SubmissionQueueKey, "submission_queue", queue),
		RevealQueue:     common.NewKeySet(sb, types.RevealQueueKey, "reveal_queue", queue),
		StandstillQueue: common.NewKeySet(sb, types.StandstillQueueKey, "standstill_queue", queue),
		SignQueue:       common.NewKeySet(sb, types.SignQueueKey, "sign_queue", queue),
		LotParties: collections.NewMap(sb, types.LotPartiesKey, "lot_parties",
			collections.PairKeyCodec(collections.Uint64Key, collections.PairKeyCodec(collections.Uint32Key, sdk.AccAddressKey)), collections.Uint64Value),
		Contracts: collections.NewMap(sb, types.ContractsKey, "contracts",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.Contract](cdc)),
		ComplaintSeq:           collections.NewSequence(sb, types.ComplaintSeqKey, "complaint_seq"),
		ComplaintRecords:       collections.NewMap(sb, types.ComplaintsKey, "complaints", collections.Uint64Key, codec.CollValue[types.Complaint](cdc)),
		ComplaintsByTender:     common.NewKeySet(sb, types.ComplaintsByTenderKey, "complaints_by_tender", u64Pair),
		ClarificationSeq:       collections.NewSequence(sb, types.ClarificationSeqKey, "clarification_seq"),
		ClarificationRecords:   collections.NewMap(sb, types.ClarificationsKey, "clarifications", collections.Uint64Key, codec.CollValue[types.Clarification](cdc)),
		ClarificationsByTender: common.NewKeySet(sb, types.ClarificationsByTenderKey, "clarifications_by_tender", u64Pair),
		ScoreSheets: collections.NewMap(sb, types.ScoreSheetsKey, "score_sheets",
			collections.PairKeyCodec(collections.Uint64Key, collections.PairKeyCodec(collections.Uint32Key, sdk.AccAddressKey)), codec.CollValue[types.ScoreSheet](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the governance authority address.
func (k Keeper) Authority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

func (k Keeper) addrString(a sdk.AccAddress) string {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return a.String()
	}
	return s
}

// WithRules returns the keeper able to attach and call rule contracts
// through wk (the app passes x/wasm's keeper).
func (k Keeper) WithRules(wk wasmrule.WasmKeeper) Keeper {
	k.rules = wk
	return k
}
