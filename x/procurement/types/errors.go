package types

import errorsmod "cosmossdk.io/errors"

// Errors of the procurement module. Codes are consensus: never renumber them.
var (
	ErrInvalidAuthority = errorsmod.Register(ModuleName, 2, "signer is not the governance authority")
	ErrUnauthorized     = errorsmod.Register(ModuleName, 3, "signer may not do this")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidTender    = errorsmod.Register(ModuleName, 5, "invalid tender")
	ErrTenderNotFound   = errorsmod.Register(ModuleName, 6, "tender not found")
	ErrWrongStage       = errorsmod.Register(ModuleName, 7, "not in a stage that allows this")
	ErrInvalidBid       = errorsmod.Register(ModuleName, 8, "invalid bid")
	ErrBidNotFound      = errorsmod.Register(ModuleName, 9, "bid not found")
	ErrRevealMismatch   = errorsmod.Register(ModuleName, 10, "revealed values do not match the sealed commitment")
	ErrDebarred         = errorsmod.Register(ModuleName, 11, "supplier is debarred by the agency")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 12, "invalid params")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 13, "invalid genesis")
	ErrAgencyNotActive  = errorsmod.Register(ModuleName, 14, "agency is not active")
	ErrBudget           = errorsmod.Register(ModuleName, 15, "the budget line refused")
	ErrConflict         = errorsmod.Register(ModuleName, 16, "evaluator has a conflict of interest with a bidder")
	ErrInvalidScores    = errorsmod.Register(ModuleName, 17, "invalid scores")
	ErrInvalidRule      = errorsmod.Register(ModuleName, 18, "rule contract may not be attached")
	ErrRuleRefused      = errorsmod.Register(ModuleName, 19, "refused by the tender's rule contract")
)
