package types

import (
	"context"
	"time"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
)

// BankKeeper moves bid bonds between bidders and the module account.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
}

// AgencyKeeper answers who may act, and about suppliers.
type AgencyKeeper interface {
	HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role agencytypes.Role) (bool, error)
	IsAgencyActive(ctx context.Context, agencyID uint64) (bool, error)
	GetSupplier(ctx context.Context, supplierID uint64) (agencytypes.Supplier, error)
	IsDebarred(ctx context.Context, supplierID, agencyID uint64, now time.Time) (bool, error)
	HasConflict(ctx context.Context, evaluator sdk.AccAddress, supplierID uint64) (bool, error)
	GetAgency(ctx context.Context, agencyID uint64) (agencytypes.Agency, error)
	HasDisowned(ctx context.Context, supplierID uint64, party sdk.AccAddress) (bool, error)
	WasParty(ctx context.Context, supplierID uint64, addr sdk.AccAddress, since int64) (bool, error)
	WasPartyAt(ctx context.Context, supplierID uint64, addr sdk.AccAddress, h int64) (bool, error)
	HasInterest(ctx context.Context, addr sdk.AccAddress, supplierID uint64) (bool, error)
}

// BudgetKeeper is x/budget's keeper API: the ceiling is reserved on the
// line at publication; forfeited bonds go to the treasury.
type BudgetKeeper interface {
	GetLine(ctx context.Context, id uint64) (budgettypes.Line, error)
	Reserve(ctx context.Context, lineID uint64, amount math.Int, purpose, by string) (uint64, error)
	ReleaseReservation(ctx context.Context, id uint64, reason, by string) error
	FundFromModule(ctx context.Context, module string, amount math.Int, ref string) error
	Commit(ctx context.Context, lineID, reservationID uint64, amount math.Int, beneficiary sdk.AccAddress, purpose, by string) (uint64, error)
	Disburse(ctx context.Context, commitmentID uint64, amount math.Int, reference, by string) (uint64, error)
	CancelCommitment(ctx context.Context, commitmentID uint64, reason, by string) error
	CheckCommit(ctx context.Context, lineID, reservationID uint64) error
	DisbursementsOf(ctx context.Context, commitmentID uint64) ([]budgettypes.Disbursement, error)
}
