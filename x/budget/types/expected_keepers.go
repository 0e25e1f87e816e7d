package types

import (
	"context"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

// BankKeeper is what the budget module needs from x/bank: moving ucivis
// between accounts, the treasury and the escrow.
type BankKeeper interface {
	SendCoinsFromAccountToModule(ctx context.Context, senderAddr sdk.AccAddress, recipientModule string, amt sdk.Coins) error
	SendCoinsFromModuleToAccount(ctx context.Context, senderModule string, recipientAddr sdk.AccAddress, amt sdk.Coins) error
	SendCoinsFromModuleToModule(ctx context.Context, senderModule, recipientModule string, amt sdk.Coins) error
	GetBalance(ctx context.Context, addr sdk.AccAddress, denom string) sdk.Coin
	BlockedAddr(addr sdk.AccAddress) bool
}

// AgencyKeeper is what the budget module needs from x/agency.
type AgencyKeeper interface {
	HasRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress, role agencytypes.Role) (bool, error)
	IsAgencyActive(ctx context.Context, agencyID uint64) (bool, error)
}
