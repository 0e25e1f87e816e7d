package app

import (
	"context"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	banktypes "github.com/cosmos/cosmos-sdk/x/bank/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

// AppErrorCodespace is the codespace of errors raised by the app wiring itself
// (not by a module). Codes are consensus: never renumber them.
const AppErrorCodespace = "civitas"

// ErrSeatTransfer is returned when a transfer of the seat token is attempted
// outside bonding, unbonding and issuance.
var ErrSeatTransfer = errorsmod.Register(AppErrorCodespace, 2, "seat token transfer not allowed")

// SeatSendRestriction is a bank send restriction that keeps the seat token
// (SeatDenom) bound to the body it was issued to.
//
// A transfer containing the seat denom is allowed only when it comes from one
// of the staking pools (bonded or not-bonded: rebalancing between them, and
// returning stake) or from a seat-issuing module account, or when it goes to
// a seat-issuing module account (seats taken back to be burned). Delegation and
// undelegation move coins with DelegateCoins/UndelegateCoins, which bank does
// not pass through send restrictions, so bonding and unbonding keep working.
// Everything else (MsgSend, MultiSend, fee payment, gov deposits, contract
// funds, IBC escrow) is refused with ErrSeatTransfer.
type SeatSendRestriction struct {
	allowedSenders map[string]bool
	issuers        map[string]bool
}

// NewSeatSendRestriction returns the restriction, allowing sends from the
// staking pools and from the named issuer module accounts.
func NewSeatSendRestriction(issuerModules ...string) SeatSendRestriction {
	allowed := map[string]bool{
		string(authtypes.NewModuleAddress(stakingtypes.BondedPoolName)):    true,
		string(authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName)): true,
	}
	issuers := map[string]bool{}
	for _, m := range issuerModules {
		allowed[string(authtypes.NewModuleAddress(m))] = true
		issuers[string(authtypes.NewModuleAddress(m))] = true
	}
	return SeatSendRestriction{allowedSenders: allowed, issuers: issuers}
}

// Fn returns the restriction as a bank SendRestrictionFn.
func (r SeatSendRestriction) Fn() banktypes.SendRestrictionFn {
	return func(_ context.Context, from, to sdk.AccAddress, amt sdk.Coins) (sdk.AccAddress, error) {
		if amt.AmountOf(SeatDenom).IsZero() {
			return to, nil
		}
		if r.allowedSenders[string(from)] || r.issuers[string(to)] {
			return to, nil
		}
		return to, errorsmod.Wrapf(ErrSeatTransfer,
			"%s is a validator seat: it can only be bonded, unbonded or issued by governance, not sent from %s to %s",
			SeatDenom, from, to)
	}
}
