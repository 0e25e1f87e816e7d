package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

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
		for i, l := range t.Lots {
			if l.Index != uint32(i) || l.Ceiling.IsNil() || !l.Ceiling.IsPositive() || l.BidBond.IsNil() || l.BidBond.IsNegative() || l.AwardAmount.IsNil() {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tender %d lot %d: bad index or amounts", t.Id, i)
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
	seen := map[uint64]bool{}
	for _, b := range gs.Bids {
		t, ok := tenders[b.TenderId]
		if b.Id == 0 || b.Id >= gs.NextBidId || seen[b.Id] || !ok || int(b.Lot) >= len(t.Lots) || len(b.Commitment) != HashSize || b.Price.IsNil() || b.Bond.IsNil() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "bid %d: bad or repeated id, unknown tender or lot, or bad commitment or amounts", b.Id)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "bidder", b.Bidder); err != nil {
			return err
		}
		seen[b.Id] = true
	}
	complaints := map[uint64]bool{}
	for _, c := range gs.Complaints {
		t, ok := tenders[c.TenderId]
		if c.Id == 0 || c.Id >= gs.NextComplaintId || complaints[c.Id] || !ok || int(c.Lot) >= len(t.Lots) || c.Bond.IsNil() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "complaint %d: bad or repeated id, unknown tender or lot", c.Id)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "complainant", c.Complainant); err != nil {
			return err
		}
		complaints[c.Id] = true
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
		for _, m := range c.Milestones {
			bps += m.ShareBps
			if m.Amount.IsNil() || m.Amount.IsNegative() {
				return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: a milestone amount is negative", c.TenderId, c.Lot)
			}
		}
		if bps != BasisPoints {
			return errorsmod.Wrapf(ErrInvalidGenesis, "contract of tender %d lot %d: shares sum to %d bps", c.TenderId, c.Lot, bps)
		}
	}
	return nil
}
