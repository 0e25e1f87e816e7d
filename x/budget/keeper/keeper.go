// Package keeper holds the budget module's state: the treasury's fiscal
// years, budget lines, reservations, commitments (held in escrow),
// disbursements and movements, and the keeper API other modules use.
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

// Keeper of the budget module.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string
	bank         types.BankKeeper
	agency       types.AgencyKeeper

	Schema      collections.Schema
	Params      collections.Item[types.Params]
	FiscalYears collections.Map[uint32, types.FiscalYear]

	LineSeq collections.Sequence
	Lines   collections.Map[uint64, types.Line]
	// LinesByAgency: (agency, fiscal year, line id).
	LinesByAgency collections.KeySet[collections.Triple[uint64, uint32, uint64]]
	// LinesByFiscalYear: (fiscal year, line id).
	LinesByFiscalYear collections.KeySet[collections.Pair[uint32, uint64]]

	ReservationSeq     collections.Sequence
	Reservations       collections.Map[uint64, types.Reservation]
	ReservationsByLine collections.KeySet[collections.Pair[uint64, uint64]]

	CommitmentSeq     collections.Sequence
	Commitments       collections.Map[uint64, types.Commitment]
	CommitmentsByLine collections.KeySet[collections.Pair[uint64, uint64]]

	DisbursementSeq            collections.Sequence
	Disbursements              collections.Map[uint64, types.Disbursement]
	DisbursementsByCommitment  collections.KeySet[collections.Pair[uint64, uint64]]
	DisbursementsByBeneficiary collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]

	MovementSeq collections.Sequence
	Movements   collections.Map[uint64, types.Movement]
	Totals      collections.Item[types.TreasuryTotals]
	// Executions: running totals per (agency, fiscal year).
	Executions collections.Map[collections.Pair[uint64, uint32], types.Execution]
}

// NewKeeper returns the keeper. The module accounts types.TreasuryAccount
// and types.EscrowAccount must exist (no permissions needed).
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, addressCodec address.Codec, authority string,
	bank types.BankKeeper, agency types.AgencyKeeper,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("budget: invalid authority address %q: %s", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	u64Pair := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	k := Keeper{
		cdc: cdc, addressCodec: addressCodec, authority: authority, bank: bank, agency: agency,
		Params:      collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		FiscalYears: collections.NewMap(sb, types.FiscalYearsKey, "fiscal_years", collections.Uint32Key, codec.CollValue[types.FiscalYear](cdc)),
		LineSeq:     collections.NewSequence(sb, types.LineSeqKey, "line_seq"),
		Lines:       collections.NewMap(sb, types.LinesKey, "lines", collections.Uint64Key, codec.CollValue[types.Line](cdc)),
		LinesByAgency: common.NewKeySet(sb, types.LinesByAgencyKey, "lines_by_agency",
			collections.TripleKeyCodec(collections.Uint64Key, collections.Uint32Key, collections.Uint64Key)),
		LinesByFiscalYear: common.NewKeySet(sb, types.LinesByFiscalYearKey, "lines_by_fiscal_year",
			collections.PairKeyCodec(collections.Uint32Key, collections.Uint64Key)),
		ReservationSeq:            collections.NewSequence(sb, types.ReservationSeqKey, "reservation_seq"),
		Reservations:              collections.NewMap(sb, types.ReservationsKey, "reservations", collections.Uint64Key, codec.CollValue[types.Reservation](cdc)),
		ReservationsByLine:        common.NewKeySet(sb, types.ReservationsByLineKey, "reservations_by_line", u64Pair),
		CommitmentSeq:             collections.NewSequence(sb, types.CommitmentSeqKey, "commitment_seq"),
		Commitments:               collections.NewMap(sb, types.CommitmentsKey, "commitments", collections.Uint64Key, codec.CollValue[types.Commitment](cdc)),
		CommitmentsByLine:         common.NewKeySet(sb, types.CommitmentsByLineKey, "commitments_by_line", u64Pair),
		DisbursementSeq:           collections.NewSequence(sb, types.DisbursementSeqKey, "disbursement_seq"),
		Disbursements:             collections.NewMap(sb, types.DisbursementsKey, "disbursements", collections.Uint64Key, codec.CollValue[types.Disbursement](cdc)),
		DisbursementsByCommitment: common.NewKeySet(sb, types.DisbursementsByCommitKey, "disbursements_by_commitment", u64Pair),
		DisbursementsByBeneficiary: common.NewKeySet(sb, types.DisbursementsByBeneficiary, "disbursements_by_beneficiary",
			collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)),
		MovementSeq: collections.NewSequence(sb, types.MovementSeqKey, "movement_seq"),
		Movements:   collections.NewMap(sb, types.MovementsKey, "movements", collections.Uint64Key, codec.CollValue[types.Movement](cdc)),
		Totals:      collections.NewItem(sb, types.TotalsKey, "totals", codec.CollValue[types.TreasuryTotals](cdc)),
		Executions: collections.NewMap(sb, types.ExecutionsKey, "executions",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.Execution](cdc)),
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
