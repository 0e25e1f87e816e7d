package types

import errorsmod "cosmossdk.io/errors"

// Default params.
const (
	DefaultMaxAdmins     = 10
	DefaultMaxParties    = 50
	DefaultMaxTextLength = 1024
	// DefaultMaxSeatsPerAgency: one body, one seat.
	DefaultMaxSeatsPerAgency = 1
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{MaxAdmins: DefaultMaxAdmins, MaxParties: DefaultMaxParties, MaxTextLength: DefaultMaxTextLength, MaxSeatsPerAgency: DefaultMaxSeatsPerAgency}
}

// Validate checks that every bound is usable.
func (p Params) Validate() error {
	if p.MaxAdmins == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_admins must be at least 1")
	}
	if p.MaxParties == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_parties must be at least 1")
	}
	if p.MaxSeatsPerAgency == 0 {
		return errorsmod.Wrap(ErrInvalidParams, "max_seats_per_agency must be at least 1")
	}
	if p.MaxTextLength < 64 {
		return errorsmod.Wrapf(ErrInvalidParams, "max_text_length must be at least 64, got %d", p.MaxTextLength)
	}
	return nil
}
