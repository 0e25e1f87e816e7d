package types

import (
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// Default params.
const (
	DefaultMaxLots                      = 20
	DefaultMaxCriteria                  = 10
	DefaultMaxTextLength                = 4096
	DefaultMinAmendmentExtensionSeconds = 7 * 24 * 3600
	DefaultMinRevealSeconds             = 24 * 3600
	DefaultMaxTransitionsPerBlock       = 20
	DefaultMaxBidsPerLot                = 200
	// DefaultMinSignSeconds: 5 days to sign a contract offer.
	DefaultMinSignSeconds = 5 * 24 * 3600
	// DefaultRuleGasLimit: the gas cap of a rule contract call.
	DefaultRuleGasLimit = 500_000
	// DefaultMaxRuleBonus: a score_bid rule adds at most 10 % of the whole to a bid's total.
	DefaultMaxRuleBonus = 100_000
	// DefaultComplaintBond: 100 CIVIS.
	DefaultComplaintBond = 100_000_000
)

// Hard bounds.
const (
	HardMaxLots        = 200
	HardMaxCriteria    = 50
	HardMaxTextLength  = 65536
	HardMaxTransitions = 1000
	HardMaxBidsPerLot  = 10000
	// MaxEvaluators bounds a rated lot's min_evaluators.
	MaxEvaluators = 100
	BasisPoints   = 10000
	// MaxRuleBonus bounds max_rule_bonus: half the whole (millionths).
	MaxRuleBonus = 500_000
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{MaxLots: DefaultMaxLots, MaxCriteria: DefaultMaxCriteria, MaxTextLength: DefaultMaxTextLength,
		MinAmendmentExtensionSeconds: DefaultMinAmendmentExtensionSeconds, MinRevealSeconds: DefaultMinRevealSeconds,
		MaxTransitionsPerBlock: DefaultMaxTransitionsPerBlock, ComplaintBond: math.NewInt(DefaultComplaintBond),
		MaxBidsPerLot: DefaultMaxBidsPerLot, MinSignSeconds: DefaultMinSignSeconds, RuleGasLimit: DefaultRuleGasLimit, MaxRuleBonus: DefaultMaxRuleBonus}
}

// Validate checks every bound.
func (p Params) Validate() error {
	check := func(name string, v, min, max uint64) error {
		if v < min || v > max {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be from %d to %d, got %d", name, min, max, v)
		}
		return nil
	}
	if p.ComplaintBond.IsNil() || p.ComplaintBond.IsNegative() || p.ComplaintBond.BigIntMut().BitLen() > 128 {
		return errorsmod.Wrapf(ErrInvalidParams, "complaint_bond must be 0 or positive and below 2^128, got %s", p.ComplaintBond)
	}
	for _, c := range []struct {
		name        string
		v, min, max uint64
	}{
		{"max_lots", uint64(p.MaxLots), 1, HardMaxLots},
		{"max_criteria", uint64(p.MaxCriteria), 2, HardMaxCriteria},
		{"max_text_length", uint64(p.MaxTextLength), 64, HardMaxTextLength},
		{"min_amendment_extension_seconds", p.MinAmendmentExtensionSeconds, 0, 365 * 24 * 3600},
		{"min_reveal_seconds", p.MinRevealSeconds, 10, 365 * 24 * 3600},
		{"max_transitions_per_block", uint64(p.MaxTransitionsPerBlock), 1, HardMaxTransitions},
		{"max_bids_per_lot", uint64(p.MaxBidsPerLot), 1, HardMaxBidsPerLot},
		{"min_sign_seconds", p.MinSignSeconds, 1, 365 * 24 * 3600},
		{"rule_gas_limit", p.RuleGasLimit, 10_000, 100_000_000},
		{"max_rule_bonus", p.MaxRuleBonus, 0, MaxRuleBonus},
	} {
		if err := check(c.name, c.v, c.min, c.max); err != nil {
			return err
		}
	}
	return nil
}
