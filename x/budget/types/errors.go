package types

import errorsmod "cosmossdk.io/errors"

// Errors of the budget module. Codes are consensus: never renumber them.
var (
	ErrInvalidAuthority   = errorsmod.Register(ModuleName, 2, "signer is not the governance authority")
	ErrUnauthorized       = errorsmod.Register(ModuleName, 3, "signer may not do this")
	ErrInvalidAddress     = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidAmount      = errorsmod.Register(ModuleName, 5, "invalid amount")
	ErrInsufficientFunds  = errorsmod.Register(ModuleName, 6, "the treasury's unearmarked funds are not enough")
	ErrFiscalYearNotFound = errorsmod.Register(ModuleName, 7, "fiscal year not found")
	ErrInvalidFiscalYear  = errorsmod.Register(ModuleName, 8, "invalid fiscal year")
	ErrFiscalYearClosed   = errorsmod.Register(ModuleName, 9, "fiscal year is not open")
	ErrLineNotFound       = errorsmod.Register(ModuleName, 10, "budget line not found")
	ErrInvalidLine        = errorsmod.Register(ModuleName, 11, "invalid budget line")
	ErrOverLine           = errorsmod.Register(ModuleName, 12, "amount exceeds what is left on the line")
	ErrNotFound           = errorsmod.Register(ModuleName, 13, "not found")
	ErrWrongStatus        = errorsmod.Register(ModuleName, 14, "not in a state that allows this")
	ErrOverCommitment     = errorsmod.Register(ModuleName, 15, "amount exceeds what is left on the commitment")
	ErrVirementShare      = errorsmod.Register(ModuleName, 16, "virement exceeds the treasurer's share of the source line")
	ErrInvalidText        = errorsmod.Register(ModuleName, 17, "invalid text")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 18, "invalid params")
	ErrInvalidGenesis     = errorsmod.Register(ModuleName, 19, "invalid genesis")
	ErrAgencyNotActive    = errorsmod.Register(ModuleName, 20, "agency is not active")
	ErrInvariant          = errorsmod.Register(ModuleName, 21, "budget invariant broken")
)
