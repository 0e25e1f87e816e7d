package types

import (
	"fmt"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/common"
)

// DefaultGenesisState has no tenders; ids start at 1.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextTenderId: 1, NextBidId: 1, NextComplaintId: 1, NextClarificationId: 1}
}

// Validate checks the genesis state on its own.
func (gs *GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextTenderId == 0 || gs.NextBidId == 0 || gs.NextComplaintId == 0 || gs.NextClarificationId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next ids start at 1")
	}
	tenders := map[uint64]Tender{}
	for _, t := range gs.Tenders {
		if t.Id == 0 || t.Id >= gs.NextTenderId || tenders[t.Id].Id != 0 || len(t.Lots) == 0 || t.Version == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d: bad or repeated id, no lots or no version", t.Id)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "officer", t.Officer); err != nil {
			return err
		}
		for i, r := range []*RuleAttachment{t.BidRule, t.ScoreRule} {
			name := [...]string{"bid_rule", "score_rule"}[i]
			if r == nil {
				continue
			}
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, name+".contract", r.Contract); err != nil {
				return err
			}
			if r.CodeId == 0 || r.GasLimit < 10_000 || r.GasLimit > 100_000_000 || r.MaxBonus > MaxRuleBonus || (name == "bid_rule" && r.MaxBonus != 0) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d: %s needs a code id, a gas limit of 10000 to 100000000 and a max_bonus of at most %d (0 for a bid rule)", t.Id, name, MaxRuleBonus)
			}
		}
		if t.Status == TENDER_STATUS_UNSPECIFIED || TenderStatus_name[int32(t.Status)] == "" || t.StandstillSeconds > 365*24*3600 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d: unknown status or standstill over a year", t.Id)
		}
		for i, l := range t.Lots {
			if l.Index != uint32(i) || l.Ceiling.IsNil() || !l.Ceiling.IsPositive() || l.BidBond.IsNil() || l.BidBond.IsNegative() || l.AwardAmount.IsNil() {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d: bad index or amounts", t.Id, i)
			}
			if l.Status == LOT_STATUS_UNSPECIFIED || LotStatus_name[int32(l.Status)] == "" {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d: unknown status", t.Id, i)
			}
			// Against the hard bounds: params lowered since publication do
			// not make an exported state invalid.
			in := LotInput{Title: l.Title, Ceiling: l.Ceiling, BidBond: l.BidBond, AwardMethod: l.AwardMethod, Criteria: l.Criteria, MinEvaluators: l.MinEvaluators}
			bounds := gs.Params
			bounds.MaxTextLength, bounds.MaxCriteria = HardMaxTextLength, HardMaxCriteria
			if err := ValidateLot(in, bounds); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d: %s", t.Id, i, err)
			}
		}
		tenders[t.Id] = t
	}
	for _, a := range gs.Amendments {
		t, ok := tenders[a.TenderId]
		if !ok || a.Version < 2 || a.Version > t.Version {
			return errorsmod.Wrapf(ErrInvalidGenesis, "amendment %d of tender %d: no such tender or version", a.Version, a.TenderId)
		}
	}
	seen := map[uint64]Bid{}
	type lotKey struct {
		tender uint64
		lot    uint32
	}
	type supplierKey struct {
		lotKey
		supplier uint64
	}
	bidsPerLot := map[lotKey]uint64{}
	bySupplier := map[supplierKey]bool{}
	for _, b := range gs.Bids {
		t, ok := tenders[b.TenderId]
		if b.Id == 0 || b.Id >= gs.NextBidId || seen[b.Id].Id != 0 || !ok || int(b.Lot) >= len(t.Lots) || len(b.Commitment) != HashSize ||
			b.Price.IsNil() || b.Bond.IsNil() || b.Bond.IsNegative() || b.Status == BID_STATUS_UNSPECIFIED || BidStatus_name[int32(b.Status)] == "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "bid %d: bad or repeated id, unknown tender or lot, or bad commitment, amounts or status", b.Id)
		}
		sk := supplierKey{lotKey{b.TenderId, b.Lot}, b.SupplierId}
		if bySupplier[sk] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "bid %d: supplier %d has another bid on tender %d lot %d", b.Id, b.SupplierId, b.TenderId, b.Lot)
		}
		bySupplier[sk] = true
		bidsPerLot[sk.lotKey]++
		if maxBonus := uint64(0); b.RuleBonus > 0 {
			if t.ScoreRule != nil {
				maxBonus = t.ScoreRule.MaxBonus
			}
			if b.RuleBonus > maxBonus || b.RuleBonus > b.Score {
				return errorsmod.Wrapf(ErrInvalidGenesis, "bid %d: rule_bonus %d above its tender's score rule max_bonus %d or its score", b.Id, b.RuleBonus, maxBonus)
			}
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "bidder", b.Bidder); err != nil {
			return err
		}
		if b.BondPayer != "" {
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "bond_payer", b.BondPayer); err != nil {
				return err
			}
		}
		for i, p := range b.Parties {
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "parties", p); err != nil {
				return errorsmod.Wrapf(err, "bid %d parties[%d]", b.Id, i)
			}
		}
		seen[b.Id] = b
	}
	for _, t := range gs.Tenders {
		for i, l := range t.Lots {
			if n := bidsPerLot[lotKey{t.Id, uint32(i)}]; l.Bids != n {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d counts %d bids, %d are in the genesis", t.Id, i, l.Bids, n)
			}
			if w, ok := seen[l.WinningBidId]; l.WinningBidId != 0 && (!ok || w.TenderId != t.Id || w.Lot != uint32(i)) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d: winning bid %d is not one of its bids", t.Id, i, l.WinningBidId)
			}
		}
	}
	sheets := map[string]bool{}
	for _, sh := range gs.ScoreSheets {
		sk := fmt.Sprintf("%d/%d/%s", sh.TenderId, sh.Lot, sh.Evaluator)
		if sheets[sk] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "two score sheets of %s on tender %d lot %d", sh.Evaluator, sh.TenderId, sh.Lot)
		}
		sheets[sk] = true
		t, ok := tenders[sh.TenderId]
		if !ok || int(sh.Lot) >= len(t.Lots) || t.Lots[sh.Lot].AwardMethod != AWARD_METHOD_RATED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "score sheet of tender %d lot %d: no such rated lot", sh.TenderId, sh.Lot)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "evaluator", sh.Evaluator); err != nil {
			return err
		}
		var criteria []Criterion
		for _, c := range t.Lots[sh.Lot].Criteria {
			if !c.Price {
				criteria = append(criteria, c)
			}
		}
		for _, bs := range sh.Bids {
			if b, ok := seen[bs.BidId]; !ok || b.TenderId != sh.TenderId || b.Lot != sh.Lot || len(bs.Scores) != len(criteria) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "score sheet of %s on tender %d lot %d: bid %d is not of the lot, or not one score per criterion", sh.Evaluator, sh.TenderId, sh.Lot, bs.BidId)
			}
			for i, v := range bs.Scores {
				if v > criteria[i].MaxScore {
					return errorsmod.Wrapf(ErrInvalidGenesis, "score sheet of %s on tender %d lot %d: bid %d scored above the maximum", sh.Evaluator, sh.TenderId, sh.Lot, bs.BidId)
				}
			}
		}
	}
	complaints := map[uint64]bool{}
	for _, c := range gs.Complaints {
		t, ok := tenders[c.TenderId]
		if c.Id == 0 || c.Id >= gs.NextComplaintId || complaints[c.Id] || !ok || int(c.Lot) >= len(t.Lots) || c.Bond.IsNil() || c.Bond.IsNegative() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "complaint %d: bad or repeated id, unknown tender or lot", c.Id)
		}
		if c.Status == COMPLAINT_STATUS_PENDING && (t.Status != TENDER_STATUS_ACTIVE || t.Lots[c.Lot].Status != LOT_STATUS_STANDSTILL) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "complaint %d is pending on tender %d lot %d, which is not in its standstill", c.Id, c.TenderId, c.Lot)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "complainant", c.Complainant); err != nil {
			return err
		}
		complaints[c.Id] = true
	}
	for _, lp := range gs.LotParties {
		t, ok := tenders[lp.TenderId]
		if !ok || int(lp.Lot) >= len(t.Lots) || !bySupplier[supplierKey{lotKey{lp.TenderId, lp.Lot}, lp.SupplierId}] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "lot party %s of tender %d lot %d: no bid of supplier %d there", lp.Party, lp.TenderId, lp.Lot, lp.SupplierId)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "lot party", lp.Party); err != nil {
			return err
		}
	}
	clar := map[uint64]bool{}
	for _, c := range gs.Clarifications {
		if _, ok := tenders[c.TenderId]; !ok || c.Id == 0 || c.Id >= gs.NextClarificationId || clar[c.Id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "clarification %d: bad or repeated id, or unknown tender", c.Id)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "asked_by", c.AskedBy); err != nil {
			return err
		}
		clar[c.Id] = true
	}
	contracts := map[[2]uint64]bool{}
	for _, c := range gs.Contracts {
		t, ok := tenders[c.TenderId]
		key := [2]uint64{c.TenderId, uint64(c.Lot)}
		if !ok || int(c.Lot) >= len(t.Lots) || contracts[key] || c.Amount.IsNil() || len(c.Milestones) == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: unknown or repeated lot, or no amount or milestones", c.TenderId, c.Lot)
		}
		contracts[key] = true
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "beneficiary", c.Beneficiary); err != nil {
			return err
		}
		var bps uint32
		sum := math.ZeroInt()
		for _, m := range c.Milestones {
			bps += m.ShareBps
			if m.Amount.IsNil() || !m.Amount.IsPositive() {
				return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: a milestone pays nothing", c.TenderId, c.Lot)
			}
			sum = sum.Add(m.Amount)
		}
		if bps != BasisPoints || !sum.Equal(c.Amount) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: shares sum to %d bps and amounts to %s of %s", c.TenderId, c.Lot, bps, sum, c.Amount)
		}
		signed := c.Status == CONTRACT_STATUS_ACTIVE || c.Status == CONTRACT_STATUS_COMPLETE
		if c.Status == CONTRACT_STATUS_UNSPECIFIED || ContractStatus_name[int32(c.Status)] == "" || (signed && c.CommitmentId == 0) ||
			(c.Status == CONTRACT_STATUS_OFFERED && (c.OfferVersion == 0 || c.SignBy.IsZero())) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: unknown status, signed without a commitment, or offered without a version", c.TenderId, c.Lot)
		}
	}
	return nil
}
