package types

import (
	"encoding/hex"
	"time"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// ValidateText checks a free-text field: min..max bytes.
func ValidateText(field, s string, min int, max uint32) error {
	if len(s) < min || len(s) > int(max) {
		return errorsmod.Wrapf(ErrInvalidTender, "%s must be %d to %d bytes, got %d", field, min, max, len(s))
	}
	return nil
}

// ValidateDocuments: a URI needs its lower-case hex SHA-256.
func ValidateDocuments(uri, sha string, p Params) error {
	if err := ValidateText("documents_uri", uri, 1, p.MaxTextLength); err != nil {
		return err
	}
	if b, err := hex.DecodeString(sha); err != nil || len(b) != 32 || hex.EncodeToString(b) != sha {
		return errorsmod.Wrapf(ErrInvalidTender, "documents_sha256 must be 64 lower-case hex digits, got %q", sha)
	}
	return nil
}

func positive(field string, a math.Int) error {
	if a.IsNil() || !a.IsPositive() || a.BigIntMut().BitLen() > 128 {
		return errorsmod.Wrapf(ErrInvalidTender, "%s must be positive and below 2^128, got %s", field, a)
	}
	return nil
}

// ValidateLot checks a lot as published.
func ValidateLot(l LotInput, p Params) error {
	if err := ValidateText("lot title", l.Title, 1, p.MaxTextLength); err != nil {
		return err
	}
	if err := positive("ceiling", l.Ceiling); err != nil {
		return err
	}
	if l.BidBond.IsNil() || l.BidBond.IsNegative() || l.BidBond.BigIntMut().BitLen() > 128 {
		return errorsmod.Wrapf(ErrInvalidTender, "bid_bond must be 0 or positive, got %s", l.BidBond)
	}
	switch l.AwardMethod {
	case AWARD_METHOD_LOWEST_PRICE:
		if len(l.Criteria) != 0 || l.MinEvaluators != 0 {
			return errorsmod.Wrap(ErrInvalidTender, "a lowest-price lot has no criteria and no evaluators")
		}
	case AWARD_METHOD_RATED:
		if n := uint32(len(l.Criteria)); n < 2 || n > p.MaxCriteria {
			return errorsmod.Wrapf(ErrInvalidTender, "a rated lot has 2 to %d criteria, got %d", p.MaxCriteria, n)
		}
		var sum uint32
		prices := 0
		for i, c := range l.Criteria {
			if err := ValidateText("criterion name", c.Name, 1, p.MaxTextLength); err != nil {
				return errorsmod.Wrapf(err, "criteria[%d]", i)
			}
			if c.WeightBps == 0 || c.WeightBps > BasisPoints || c.MaxScore == 0 || c.MaxScore > 1000 {
				return errorsmod.Wrapf(ErrInvalidTender, "criteria[%d]: weight must be 1 to %d bps and max_score 1 to 1000", i, BasisPoints)
			}
			sum += c.WeightBps
			if c.Price {
				prices++
			}
		}
		if l.MinEvaluators > MaxEvaluators {
			return errorsmod.Wrapf(ErrInvalidTender, "min_evaluators is at most %d, got %d", MaxEvaluators, l.MinEvaluators)
		}
		if sum != BasisPoints || prices != 1 {
			return errorsmod.Wrapf(ErrInvalidTender, "criteria weights must sum to %d bps (got %d) with exactly one price criterion (got %d)", BasisPoints, sum, prices)
		}
	default:
		return errorsmod.Wrapf(ErrInvalidTender, "award method %s", l.AwardMethod)
	}
	return nil
}

// ValidateDeadlines: clarification ≤ submission < reveal, the reveal period
// at least min_reveal_seconds, all after now.
func ValidateDeadlines(now, clarification, submission, reveal time.Time, p Params) error {
	if !clarification.After(now) || clarification.After(submission) || !reveal.After(submission) {
		return errorsmod.Wrap(ErrInvalidTender, "deadlines must be in the future and in order: clarification <= submission < reveal")
	}
	if reveal.Sub(submission) < time.Duration(p.MinRevealSeconds)*time.Second {
		return errorsmod.Wrapf(ErrInvalidTender, "the reveal period must last at least %d s", p.MinRevealSeconds)
	}
	return nil
}
