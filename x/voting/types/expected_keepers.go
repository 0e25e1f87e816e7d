package types

import (
	"context"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
)

// AgencyKeeper is what the voting module needs from x/agency.
type AgencyKeeper interface {
	HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role agencytypes.Role) (bool, error)
	IsAgencyActive(ctx context.Context, agencyID uint64) (bool, error)
}

// BudgetKeeper is what the voting module needs from x/budget: a
// participatory-budget question's envelope is reserved on its line at
// creation, its winners are committed on it when the election is final, and
// a cancelled election releases it.
type BudgetKeeper interface {
	ReserveForElection(ctx context.Context, agencyID, lineID, electionID uint64, envelope math.Int) error
	FundElection(ctx context.Context, electionID, lineID uint64, projects []budgettypes.Project) ([]uint64, error)
	ReleaseForElection(ctx context.Context, electionID, lineID uint64, reason string) error
}
