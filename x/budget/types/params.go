package types

import errorsmod "cosmossdk.io/errors"

// Default params.
const (
	DefaultMaxLinesPerAppropriation = 200
	DefaultMaxTextLength            = 1024
	// DefaultTreasurerVirementBps: a treasurer may move 10% of a line's original amount per fiscal year.
	DefaultTreasurerVirementBps = 1000
	DefaultCloseLinesPerBlock   = 100
)

// Hard bounds: no param may exceed them; genesis records are checked against them.
const (
	HardMaxLinesPerAppropriation = 10000
	HardMaxTextLength            = 65536
	HardMaxCloseLinesPerBlock    = 10000
	BasisPoints                  = 10000
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{
		MaxLinesPerAppropriation: DefaultMaxLinesPerAppropriation,
		MaxTextLength:            DefaultMaxTextLength,
		TreasurerVirementBps:     DefaultTreasurerVirementBps,
		CloseLinesPerBlock:       DefaultCloseLinesPerBlock,
	}
}

// Validate checks every bound.
func (p Params) Validate() error {
	check := func(name string, v, min, max uint32) error {
		if v < min || v > max {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be from %d to %d, got %d", name, min, max, v)
		}
		return nil
	}
	if err := check("max_lines_per_appropriation", p.MaxLinesPerAppropriation, 1, HardMaxLinesPerAppropriation); err != nil {
		return err
	}
	if err := check("max_text_length", p.MaxTextLength, 64, HardMaxTextLength); err != nil {
		return err
	}
	if err := check("treasurer_virement_bps", p.TreasurerVirementBps, 0, BasisPoints); err != nil {
		return err
	}
	return check("close_lines_per_block", p.CloseLinesPerBlock, 1, HardMaxCloseLinesPerBlock)
}
