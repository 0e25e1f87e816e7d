package types

import (
	"encoding/binary"

	"cosmossdk.io/collections"
)

const (
	// ModuleName is the module's name and store key; its module account is
	// the treasury.
	ModuleName = "budget"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
	// TreasuryAccount holds the public funds not yet committed.
	TreasuryAccount = ModuleName
	// EscrowAccount holds committed funds until they are disbursed.
	EscrowAccount = "budget_escrow"
	// Denom is the public-funds denom.
	Denom = "ucivis"
)

// Collection prefixes. They are consensus: never renumber them.
var (
	ParamsKey                  = collections.NewPrefix(0)
	FiscalYearsKey             = collections.NewPrefix(1)
	LineSeqKey                 = collections.NewPrefix(2)
	LinesKey                   = collections.NewPrefix(3)
	LinesByAgencyKey           = collections.NewPrefix(4)
	LinesByFiscalYearKey       = collections.NewPrefix(5)
	ReservationSeqKey          = collections.NewPrefix(6)
	ReservationsKey            = collections.NewPrefix(7)
	ReservationsByLineKey      = collections.NewPrefix(8)
	CommitmentSeqKey           = collections.NewPrefix(9)
	CommitmentsKey             = collections.NewPrefix(10)
	CommitmentsByLineKey       = collections.NewPrefix(11)
	DisbursementSeqKey         = collections.NewPrefix(12)
	DisbursementsKey           = collections.NewPrefix(13)
	DisbursementsByCommitKey   = collections.NewPrefix(14)
	DisbursementsByBeneficiary = collections.NewPrefix(15)
	MovementSeqKey             = collections.NewPrefix(16)
	MovementsKey               = collections.NewPrefix(17)
	TotalsKey                  = collections.NewPrefix(18)
	ExecutionsKey              = collections.NewPrefix(19)
)

// Store keys of the records a light client proves (README, "Proofs"); all
// numbers are big-endian.

// CommitmentStoreKey: 0x0a | commitment id (8) -> Commitment.
func CommitmentStoreKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, CommitmentsKey...), id)
}

// DisbursementStoreKey: 0x0d | disbursement id (8) -> Disbursement.
func DisbursementStoreKey(id uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, DisbursementsKey...), id)
}
