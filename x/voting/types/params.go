package types

import errorsmod "cosmossdk.io/errors"

// Default params.
const (
	DefaultMaxQuestions           = 8
	DefaultMaxOptions             = 32
	DefaultMaxRankedOptions       = 6
	DefaultMaxTitleLength         = 256
	DefaultMaxDescriptionLength   = 8192
	DefaultMaxURILength           = 512
	DefaultMaxRevotes             = 10
	DefaultMaxBallotsPerTx        = 500
	DefaultMaxVotersPerMsg        = 1000
	DefaultMaxDurationSeconds     = 366 * 24 * 3600
	DefaultMaxTransitionsPerBlock = 20
)

// Hard bounds. Params bound new input only; stored records (genesis) are
// checked against these fixed bounds, which no param may exceed.
const (
	HardMaxQuestions         = 64
	HardMaxOptions           = 1024
	HardMaxRankedOptions     = 8
	HardMaxTitleLength       = 4096
	HardMaxDescriptionLength = 65536
	HardMaxURILength         = 4096
	HardMaxRevotes           = 1000
	HardMaxBallotsPerTx      = 10000
	HardMaxVotersPerMsg      = 10000
	HardMaxDurationSeconds   = 10 * 366 * 24 * 3600
	HardMaxTransitions       = 1000
	// DefaultRuleGasLimit and the bounds of rule_gas_limit.
	DefaultRuleGasLimit = 50_000
	MinRuleGasLimit     = 10_000
	HardMaxRuleGasLimit = 100_000_000
	// DefaultKeyComplaintSeconds: a day for the trustees to check their shares.
	DefaultKeyComplaintSeconds = 24 * 3600
	HardMaxKeyComplaintSeconds = 30 * 24 * 3600
)

// DefaultParams returns the default params.
func DefaultParams() Params {
	return Params{
		MaxQuestions:           DefaultMaxQuestions,
		MaxOptions:             DefaultMaxOptions,
		MaxRankedOptions:       DefaultMaxRankedOptions,
		MaxTitleLength:         DefaultMaxTitleLength,
		MaxDescriptionLength:   DefaultMaxDescriptionLength,
		MaxUriLength:           DefaultMaxURILength,
		MaxRevotes:             DefaultMaxRevotes,
		MaxBallotsPerTx:        DefaultMaxBallotsPerTx,
		MaxVotersPerMsg:        DefaultMaxVotersPerMsg,
		MaxDurationSeconds:     DefaultMaxDurationSeconds,
		MaxTransitionsPerBlock: DefaultMaxTransitionsPerBlock,
		RuleGasLimit:           DefaultRuleGasLimit,
		KeyComplaintSeconds:    DefaultKeyComplaintSeconds,
	}
}

// HardParams are the hard bounds as params: what genesis records are checked against.
func HardParams() Params {
	return Params{
		MaxQuestions:           HardMaxQuestions,
		MaxOptions:             HardMaxOptions,
		MaxRankedOptions:       HardMaxRankedOptions,
		MaxTitleLength:         HardMaxTitleLength,
		MaxDescriptionLength:   HardMaxDescriptionLength,
		MaxUriLength:           HardMaxURILength,
		MaxRevotes:             HardMaxRevotes,
		MaxBallotsPerTx:        HardMaxBallotsPerTx,
		MaxVotersPerMsg:        HardMaxVotersPerMsg,
		MaxDurationSeconds:     HardMaxDurationSeconds,
		MaxTransitionsPerBlock: HardMaxTransitions,
		RuleGasLimit:           HardMaxRuleGasLimit,
		KeyComplaintSeconds:    HardMaxKeyComplaintSeconds,
	}
}

// Validate checks that every bound is usable and within the hard bounds.
func (p Params) Validate() error {
	check := func(name string, v, min, max uint64) error {
		if v < min || v > max {
			return errorsmod.Wrapf(ErrInvalidParams, "%s must be from %d to %d, got %d", name, min, max, v)
		}
		return nil
	}
	for _, c := range []struct {
		name        string
		v, min, max uint64
	}{
		{"max_questions", uint64(p.MaxQuestions), 1, HardMaxQuestions},
		{"max_options", uint64(p.MaxOptions), 2, HardMaxOptions},
		{"max_ranked_options", uint64(p.MaxRankedOptions), 2, HardMaxRankedOptions},
		{"max_title_length", uint64(p.MaxTitleLength), 16, HardMaxTitleLength},
		{"max_description_length", uint64(p.MaxDescriptionLength), 16, HardMaxDescriptionLength},
		{"max_uri_length", uint64(p.MaxUriLength), 16, HardMaxURILength},
		{"max_revotes", uint64(p.MaxRevotes), 0, HardMaxRevotes},
		{"max_ballots_per_tx", uint64(p.MaxBallotsPerTx), 1, HardMaxBallotsPerTx},
		{"max_voters_per_msg", uint64(p.MaxVotersPerMsg), 1, HardMaxVotersPerMsg},
		{"max_duration_seconds", p.MaxDurationSeconds, 60, HardMaxDurationSeconds},
		{"max_transitions_per_block", uint64(p.MaxTransitionsPerBlock), 1, HardMaxTransitions},
		{"rule_gas_limit", p.RuleGasLimit, MinRuleGasLimit, HardMaxRuleGasLimit},
		{"key_complaint_seconds", p.KeyComplaintSeconds, 10, HardMaxKeyComplaintSeconds},
	} {
		if err := check(c.name, c.v, c.min, c.max); err != nil {
			return err
		}
	}
	return nil
}
