package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name and store key; its module account holds bid bonds.
	ModuleName = "procurement"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
	// Denom of bonds and prices.
	Denom = "ucivis"
)

// Collection prefixes. They are consensus: never renumber them.
var (
	ParamsKey          = collections.NewPrefix(0)
	TenderSeqKey       = collections.NewPrefix(1)
	TendersKey         = collections.NewPrefix(2)
	TendersByAgencyKey = collections.NewPrefix(3)
	TendersByStatusKey = collections.NewPrefix(4)
	TendersByLineKey   = collections.NewPrefix(5)
	AmendmentsKey      = collections.NewPrefix(6)
	BidSeqKey          = collections.NewPrefix(7)
	BidsKey            = collections.NewPrefix(8)
	// Prefix 9 (a former bids-by-tender index) is not used: never reuse it.
	BidBySupplierKey          = collections.NewPrefix(10)
	SubmissionQueueKey        = collections.NewPrefix(11)
	RevealQueueKey            = collections.NewPrefix(12)
	StandstillQueueKey        = collections.NewPrefix(13)
	ContractsKey              = collections.NewPrefix(14)
	ComplaintSeqKey           = collections.NewPrefix(15)
	ComplaintsKey             = collections.NewPrefix(16)
	ComplaintsByTenderKey     = collections.NewPrefix(17)
	ScoreSheetsKey            = collections.NewPrefix(18)
	ClarificationSeqKey       = collections.NewPrefix(19)
	ClarificationsKey         = collections.NewPrefix(20)
	ClarificationsByTenderKey = collections.NewPrefix(21)
	TendersBySupplierKey      = collections.NewPrefix(22)
	SignQueueKey              = collections.NewPrefix(23)
	LotPartiesKey             = collections.NewPrefix(24)
	SupplierYearTendersKey    = collections.NewPrefix(25)
)
