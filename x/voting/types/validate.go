package types

import (
	"encoding/hex"
	"math"
	"time"

	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/x/voting/census"
)

// MaxCost bounds a project's cost and an envelope, so that the sum of every
// option's cost cannot overflow.
const MaxCost = math.MaxUint64 / HardMaxOptions

func checkText(field, s string, min int, max uint32) error {
	if len(s) < min || len(s) > int(max) {
		return errorsmod.Wrapf(ErrInvalidElection, "%s must be %d to %d bytes, got %d", field, min, max, len(s))
	}
	return nil
}

// ValidateQuestion checks a question against the params.
func ValidateQuestion(q *Question, p Params) error {
	if err := checkText("title", q.Title, 1, p.MaxTitleLength); err != nil {
		return err
	}
	n := uint32(len(q.Options))
	maxOpts := p.MaxOptions
	if q.Type == BALLOT_TYPE_RANKED {
		maxOpts = min(maxOpts, p.MaxRankedOptions)
	}
	if n < 2 || n > maxOpts {
		return errorsmod.Wrapf(ErrInvalidElection, "a %s question has 2 to %d options, got %d", q.Type, maxOpts, n)
	}
	for i, o := range q.Options {
		if err := checkText("option title", o.Title, 1, p.MaxTitleLength); err != nil {
			return errorsmod.Wrapf(err, "option %d", i)
		}
		if q.Type == BALLOT_TYPE_BUDGET {
			if o.Cost == 0 || o.Cost > MaxCost {
				return errorsmod.Wrapf(ErrInvalidElection, "option %d: a project's cost must be from 1 to %d, got %d", i, uint64(MaxCost), o.Cost)
			}
		} else if o.Cost != 0 {
			return errorsmod.Wrapf(ErrInvalidElection, "option %d: only %s questions have costs", i, BALLOT_TYPE_BUDGET)
		}
	}
	switch q.Type {
	case BALLOT_TYPE_SINGLE, BALLOT_TYPE_WEIGHTED:
		if q.MinChoices != 0 || q.MaxChoices != 0 {
			return errorsmod.Wrapf(ErrInvalidElection, "min_choices and max_choices must be 0 for %s questions", q.Type)
		}
	case BALLOT_TYPE_APPROVAL, BALLOT_TYPE_RANKED, BALLOT_TYPE_BUDGET:
		if q.MinChoices < 1 || q.MinChoices > q.MaxChoices || q.MaxChoices > n {
			return errorsmod.Wrapf(ErrInvalidElection, "need 1 <= min_choices <= max_choices <= %d options, got %d..%d", n, q.MinChoices, q.MaxChoices)
		}
	default:
		return errorsmod.Wrapf(ErrInvalidElection, "unknown ballot type %d", q.Type)
	}
	if q.BudgetLineId != 0 {
		if q.Type != BALLOT_TYPE_BUDGET {
			return errorsmod.Wrapf(ErrInvalidElection, "only %s questions fund a budget line", BALLOT_TYPE_BUDGET)
		}
		for i, o := range q.Options {
			if o.Beneficiary == "" {
				return errorsmod.Wrapf(ErrInvalidElection, "option %d: a project funded on line %d needs a beneficiary", i, q.BudgetLineId)
			}
		}
	} else {
		for i, o := range q.Options {
			if o.Beneficiary != "" {
				return errorsmod.Wrapf(ErrInvalidElection, "option %d: only a question funding a budget line names beneficiaries", i)
			}
		}
	}
	if q.Type == BALLOT_TYPE_BUDGET {
		if q.Envelope == 0 || q.Envelope > MaxCost {
			return errorsmod.Wrapf(ErrInvalidElection, "a %s question needs an envelope from 1 to %d, got %d", q.Type, uint64(MaxCost), q.Envelope)
		}
	} else if q.Envelope != 0 || q.WithinEnvelope {
		return errorsmod.Wrapf(ErrInvalidElection, "only %s questions have an envelope", BALLOT_TYPE_BUDGET)
	}
	return nil
}

// ValidateCensus checks a census as created (voters and weight of a
// registry start at zero and are kept by the module).
func ValidateCensus(c *Census) error {
	switch c.Type {
	case CENSUS_TYPE_REGISTRY:
		if len(c.MerkleRoot) != 0 {
			return errorsmod.Wrap(ErrInvalidElection, "a registry census has no merkle_root")
		}
		if c.TotalWeight < c.Voters {
			return errorsmod.Wrapf(ErrInvalidElection, "census total weight %d is below its %d voters", c.TotalWeight, c.Voters)
		}
	case CENSUS_TYPE_MERKLE:
		if len(c.MerkleRoot) != census.HashSize {
			return errorsmod.Wrapf(ErrInvalidElection, "merkle_root must be %d bytes, got %d", census.HashSize, len(c.MerkleRoot))
		}
		if c.Voters == 0 {
			return errorsmod.Wrap(ErrInvalidElection, "a merkle census needs its number of voters (merkle_voters)")
		}
		if c.TotalWeight < c.Voters {
			return errorsmod.Wrapf(ErrInvalidElection, "merkle_total_weight %d is below the %d voters (each weighs at least 1)", c.TotalWeight, c.Voters)
		}
	default:
		return errorsmod.Wrapf(ErrInvalidElection, "census type must be %s or %s, got %s", CENSUS_TYPE_REGISTRY, CENSUS_TYPE_MERKLE, c.Type)
	}
	return nil
}

// ValidateElection checks an election's own fields against the params
// (not its status, ids or the agency).
func ValidateElection(e *Election, p Params) error {
	if err := checkText("title", e.Title, 1, p.MaxTitleLength); err != nil {
		return err
	}
	if err := checkText("description", e.Description, 0, p.MaxDescriptionLength); err != nil {
		return err
	}
	if err := checkText("documents_uri", e.DocumentsUri, 0, p.MaxUriLength); err != nil {
		return err
	}
	if e.DocumentsSha256 != "" || e.DocumentsUri != "" {
		if b, err := hex.DecodeString(e.DocumentsSha256); err != nil || len(b) != 32 || hex.EncodeToString(b) != e.DocumentsSha256 {
			return errorsmod.Wrapf(ErrInvalidElection, "documents_sha256 must be 64 lower-case hex digits when documents are given, got %q", e.DocumentsSha256)
		}
	}
	if n := uint32(len(e.Questions)); n == 0 || n > p.MaxQuestions {
		return errorsmod.Wrapf(ErrInvalidElection, "an election has 1 to %d questions, got %d", p.MaxQuestions, n)
	}
	for i := range e.Questions {
		if err := ValidateQuestion(&e.Questions[i], p); err != nil {
			return errorsmod.Wrapf(err, "question %d", i)
		}
	}
	if err := ValidateCensus(&e.Census); err != nil {
		return err
	}
	if len(e.ChainId) == 0 || len(e.ChainId) > MaxChainIDLength {
		return errorsmod.Wrapf(ErrInvalidElection, "chain_id must be 1 to %d bytes, got %d", MaxChainIDLength, len(e.ChainId))
	}
	if e.Privacy != PRIVACY_PUBLIC && e.Privacy != PRIVACY_SECRET {
		return errorsmod.Wrapf(ErrInvalidElection, "privacy must be %s or %s, got %d", PRIVACY_PUBLIC, PRIVACY_SECRET, e.Privacy)
	}
	if err := ValidateKeyCeremony(e); err != nil {
		return err
	}
	if !e.EndTime.After(e.StartTime) {
		return errorsmod.Wrapf(ErrInvalidElection, "end_time %s must be after start_time %s", e.EndTime.Format(time.RFC3339), e.StartTime.Format(time.RFC3339))
	}
	if d := e.EndTime.Sub(e.StartTime); d > time.Duration(p.MaxDurationSeconds)*time.Second {
		return errorsmod.Wrapf(ErrInvalidElection, "an election lasts at most %d s, got %.0f s", p.MaxDurationSeconds, d.Seconds())
	}
	if e.MaxRevotes > p.MaxRevotes {
		return errorsmod.Wrapf(ErrInvalidElection, "max_revotes must be at most %d, got %d", p.MaxRevotes, e.MaxRevotes)
	}
	if e.QuorumBps > BasisPoints {
		return errorsmod.Wrapf(ErrInvalidElection, "quorum_bps must be at most %d, got %d", BasisPoints, e.QuorumBps)
	}
	return nil
}
