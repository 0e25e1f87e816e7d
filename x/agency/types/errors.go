package types

import errorsmod "cosmossdk.io/errors"

// Errors of the agency module. Codes are consensus: never renumber them.
var (
	ErrInvalidAuthority   = errorsmod.Register(ModuleName, 2, "signer is not the governance authority")
	ErrUnauthorized       = errorsmod.Register(ModuleName, 3, "signer may not do this")
	ErrAgencyNotFound     = errorsmod.Register(ModuleName, 4, "agency not found")
	ErrAgencySuspended    = errorsmod.Register(ModuleName, 5, "agency is suspended")
	ErrInvalidAgency      = errorsmod.Register(ModuleName, 6, "invalid agency")
	ErrInvalidRole        = errorsmod.Register(ModuleName, 7, "invalid role")
	ErrRoleNotFound       = errorsmod.Register(ModuleName, 8, "role not held")
	ErrRoleExists         = errorsmod.Register(ModuleName, 9, "role already held")
	ErrSupplierNotFound   = errorsmod.Register(ModuleName, 10, "supplier not found")
	ErrInvalidSupplier    = errorsmod.Register(ModuleName, 11, "invalid supplier")
	ErrDuplicateSupplier  = errorsmod.Register(ModuleName, 12, "supplier already registered")
	ErrInvalidDebarment   = errorsmod.Register(ModuleName, 13, "invalid debarment")
	ErrInvalidDeclaration = errorsmod.Register(ModuleName, 14, "invalid declaration")
	ErrInvalidAddress     = errorsmod.Register(ModuleName, 15, "invalid address")
	ErrInvalidParams      = errorsmod.Register(ModuleName, 16, "invalid params")
	ErrInvalidGenesis     = errorsmod.Register(ModuleName, 17, "invalid genesis")
	ErrInvalidSeats       = errorsmod.Register(ModuleName, 18, "invalid seats")
	ErrLastValidator      = errorsmod.Register(ModuleName, 19, "would leave the chain without validators")
	ErrPartyNotListed     = errorsmod.Register(ModuleName, 20, "party not listed")
	ErrPartyNotConsenting = errorsmod.Register(ModuleName, 21, "party disowned the listing")
	ErrDebarmentNotFound  = errorsmod.Register(ModuleName, 22, "debarment not found")
)
