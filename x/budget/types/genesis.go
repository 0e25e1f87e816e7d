package types

import (
	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/common"
)

// DefaultGenesisState has no fiscal years; ids start at 1.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextLineId: 1, NextReservationId: 1, NextCommitmentId: 1, NextDisbursementId: 1, NextMovementId: 1}
}

func isInt(a math.Int) bool { return !a.IsNil() && !a.IsNegative() }

// Validate checks the genesis state on its own: every record, and that the
// records add up (reservations and commitments to their lines,
// disbursements to their commitments). InitGenesis also checks the
// balances (CheckInvariants).
func (gs *GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	for _, n := range []uint64{gs.NextLineId, gs.NextReservationId, gs.NextCommitmentId, gs.NextDisbursementId, gs.NextMovementId} {
		if n == 0 {
			return errorsmod.Wrap(ErrInvalidGenesis, "next ids start at 1")
		}
	}
	years := map[uint32]FiscalYear{}
	for _, fy := range gs.FiscalYears {
		if _, dup := years[fy.Year]; dup {
			return errorsmod.Wrapf(ErrInvalidGenesis, "fiscal year %d twice", fy.Year)
		}
		if err := ValidateFiscalYear(fy); err != nil {
			return err
		}
		if fy.Status == FISCAL_YEAR_STATUS_OPEN && fy.CloseCursor != 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "open fiscal year %d has a close cursor", fy.Year)
		}
		if _, ok := FiscalYearStatus_name[int32(fy.Status)]; !ok || fy.Status == FISCAL_YEAR_STATUS_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "fiscal year %d: status %d", fy.Year, fy.Status)
		}
		years[fy.Year] = fy
	}
	type sums struct{ reserved, committed, disbursed math.Int }
	lines := map[uint64]*sums{}
	for _, l := range gs.Lines {
		fy, ok := years[l.FiscalYear]
		if l.Id == 0 || l.Id >= gs.NextLineId || lines[l.Id] != nil || !ok || l.AgencyId == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: bad or repeated id, unknown fiscal year %d or no agency", l.Id, l.FiscalYear)
		}
		if err := ValidateCode(l.Code); err != nil {
			return err
		}
		if err := ValidateText("title", l.Title, HardMaxTextLength); err != nil {
			return err
		}
		if err := l.Check(); err != nil {
			return errorsmod.Wrap(ErrInvalidGenesis, err.Error())
		}
		// A line is closed exactly when its year's close went past it.
		wantClosed := fy.Status == FISCAL_YEAR_STATUS_CLOSED || (fy.Status == FISCAL_YEAR_STATUS_CLOSING && l.Id <= fy.CloseCursor)
		if l.Closed != wantClosed {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: closed is %t, but fiscal year %d is %s with cursor %d", l.Id, l.Closed, fy.Year, fy.Status, fy.CloseCursor)
		}
		if !l.Closed && !l.Lapsed.IsZero() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d lapsed %s before its close", l.Id, l.Lapsed)
		}
		if l.TreasurerVirementsOut.GT(l.Original) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: treasurer virements out exceed its original amount", l.Id)
		}
		lines[l.Id] = &sums{math.ZeroInt(), math.ZeroInt(), math.ZeroInt()}
	}
	seen := map[uint64]bool{}
	for _, r := range gs.Reservations {
		s := lines[r.LineId]
		if r.Id == 0 || r.Id >= gs.NextReservationId || seen[r.Id] || s == nil || !isInt(r.Amount) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: bad or repeated id, unknown line %d or bad amount", r.Id, r.LineId)
		}
		seen[r.Id] = true
		if !r.Amount.IsPositive() {
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: amount must be positive", r.Id)
		}
		switch r.Status {
		case RESERVATION_STATUS_OPEN:
			s.reserved = s.reserved.Add(r.Amount)
		case RESERVATION_STATUS_COMMITTED, RESERVATION_STATUS_RELEASED:
		default:
			return errorsmod.Wrapf(ErrInvalidGenesis, "reservation %d: status %d", r.Id, r.Status)
		}
	}
	commits := map[uint64]*Commitment{}
	paid := map[uint64]math.Int{}
	for i := range gs.Commitments {
		c := &gs.Commitments[i]
		s := lines[c.LineId]
		if c.Id == 0 || c.Id >= gs.NextCommitmentId || commits[c.Id] != nil || s == nil || !isInt(c.Amount) || !isInt(c.Disbursed) || c.Disbursed.GT(c.Amount) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "commitment %d: bad or repeated id, unknown line %d or bad amounts", c.Id, c.LineId)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "beneficiary", c.Beneficiary); err != nil {
			return err
		}
		if _, ok := CommitmentStatus_name[int32(c.Status)]; !ok || c.Status == COMMITMENT_STATUS_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "commitment %d: status %d", c.Id, c.Status)
		}
		settled := c.Disbursed.Equal(c.Amount)
		if (c.Status == COMMITMENT_STATUS_OPEN) == settled {
			return errorsmod.Wrapf(ErrInvalidGenesis, "commitment %d is %s with %s of %s disbursed", c.Id, c.Status, c.Disbursed, c.Amount)
		}
		commits[c.Id] = c
		paid[c.Id] = math.ZeroInt()
		s.committed = s.committed.Add(c.Amount)
		s.disbursed = s.disbursed.Add(c.Disbursed)
	}
	seen = map[uint64]bool{}
	for _, d := range gs.Disbursements {
		c := commits[d.CommitmentId]
		if d.Id == 0 || d.Id >= gs.NextDisbursementId || seen[d.Id] || c == nil || c.LineId != d.LineId || c.Beneficiary != d.Beneficiary || !isInt(d.Amount) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "disbursement %d: bad or repeated id, or not matching commitment %d", d.Id, d.CommitmentId)
		}
		seen[d.Id] = true
		paid[d.CommitmentId] = paid[d.CommitmentId].Add(d.Amount)
	}
	for id, c := range commits {
		if !paid[id].Equal(c.Disbursed) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "commitment %d says %s disbursed, its disbursements add up to %s", id, c.Disbursed, paid[id])
		}
	}
	for _, l := range gs.Lines {
		s := lines[l.Id]
		if !s.reserved.Equal(l.Reserved) || !s.committed.Equal(l.Committed) || !s.disbursed.Equal(l.Disbursed) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: reserved %s, committed %s, disbursed %s, but its records add up to %s, %s, %s",
				l.Id, l.Reserved, l.Committed, l.Disbursed, s.reserved, s.committed, s.disbursed)
		}
	}
	// A participatory line names the election's reservation, made by x/voting on that line.
	reservations := map[uint64]Reservation{}
	for _, r := range gs.Reservations {
		reservations[r.Id] = r
	}
	for _, l := range gs.Lines {
		if (l.ParticipatoryElectionId == 0) != (l.ParticipatoryReservationId == 0) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: participatory election and reservation go together", l.Id)
		}
		if l.ParticipatoryReservationId != 0 {
			if r, ok := reservations[l.ParticipatoryReservationId]; !ok || r.LineId != l.Id || r.By != "module:voting" {
				return errorsmod.Wrapf(ErrInvalidGenesis, "line %d: participatory reservation %d is not x/voting's on this line", l.Id, l.ParticipatoryReservationId)
			}
		}
	}
	seen = map[uint64]bool{}
	for _, m := range gs.Movements {
		if _, ok := MovementKind_name[int32(m.Kind)]; !ok || m.Kind == MOVEMENT_KIND_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "movement %d: kind %d", m.Id, m.Kind)
		}
		if m.Id == 0 || m.Id >= gs.NextMovementId || seen[m.Id] || !isInt(m.Amount) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "movement %d: bad or repeated id or amount", m.Id)
		}
		seen[m.Id] = true
	}
	if t := gs.Totals; t != nil && (!isInt(t.Funded) || !isInt(t.Spent) || !isInt(t.Disbursed) || !isInt(t.Earmarked)) {
		return errorsmod.Wrap(ErrInvalidGenesis, "totals: an amount is negative or missing")
	}
	return nil
}
