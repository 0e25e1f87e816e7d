package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// AgencyKeeper is what the voting module needs from x/agency.
type AgencyKeeper interface {
	HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role agencytypes.Role) (bool, error)
	IsAgencyActive(ctx context.Context, agencyID uint64) (bool, error)
}
