package types

import (
	"encoding/binary"

	"cosmossdk.io/collections"
)

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

// Store keys of the records a light client proves (README, "Proofs"); all
// numbers are big-endian.

// TenderStoreKey: 0x02 | tender id (8) -> Tender (its lots, their status,
// winning bid and award amount).
func TenderStoreKey(tenderID uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, TendersKey...), tenderID)
}

// BidStoreKey: 0x08 | bid id (8) -> Bid.
func BidStoreKey(bidID uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, BidsKey...), bidID)
}

// BidBySupplierStoreKey: 0x0a | tender id (8) | lot (4) | supplier id (8) ->
// bid id (8). Its absence proves the supplier has no bid in the lot.
func BidBySupplierStoreKey(tenderID uint64, lot uint32, supplierID uint64) []byte {
	key := binary.BigEndian.AppendUint64(append([]byte{}, BidBySupplierKey...), tenderID)
	key = binary.BigEndian.AppendUint32(key, lot)
	return binary.BigEndian.AppendUint64(key, supplierID)
}

// ContractStoreKey: 0x0e | tender id (8) | lot (4) -> Contract.
func ContractStoreKey(tenderID uint64, lot uint32) []byte {
	key := binary.BigEndian.AppendUint64(append([]byte{}, ContractsKey...), tenderID)
	return binary.BigEndian.AppendUint32(key, lot)
}
