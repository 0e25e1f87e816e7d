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

// Hard bounds. Params bound new input only and may be lowered at any time;
// stored records (genesis) are checked against these fixed bounds instead,
// and no param may exceed them, so whatever was accepted under any params is
// still valid in an export.
const (
	HardMaxAdmins         = 1000
	HardMaxParties        = 1000
	HardMaxTextLength     = 65536
	HardMaxSeatsPerAgency = 1000
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{MaxAdmins: DefaultMaxAdmins, MaxParties: DefaultMaxParties, MaxTextLength: DefaultMaxTextLength, MaxSeatsPerAgency: DefaultMaxSeatsPerAgency}
}

// Validate checks that every bound is usable and within the hard bounds.
func (p Params) Validate() error {
	check := func(name string, v, min, max uint32) error {
		if v < min || v > max {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be from %d to %d, got %d", name, min, max, v)
		}
		return nil
	}
	if err := check("max_admins", p.MaxAdmins, 1, HardMaxAdmins); err != nil {
		return err
	}
	if err := check("max_parties", p.MaxParties, 1, HardMaxParties); err != nil {
		return err
	}
	if err := check("max_seats_per_agency", p.MaxSeatsPerAgency, 1, HardMaxSeatsPerAgency); err != nil {
		return err
	}
	return check("max_text_length", p.MaxTextLength, 64, HardMaxTextLength)
}
