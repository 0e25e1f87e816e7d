package types

import (
	"regexp"
	"strings"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
)

// codePattern is the COFOG-style classification of a line: a division
// "01".."10", optionally a group "DD.G" and a class "DD.G.C" (G, C 1..9),
// as the UN Classification of the Functions of Government (e.g. 09.1.1
// pre-primary and primary education; 04.5.1 road transport).
var codePattern = regexp.MustCompile(`^(0[1-9]|10)(\.[1-9](\.[1-9])?)?$`)

// ValidateCode checks a line code.
func ValidateCode(code string) error {
	if !codePattern.MatchString(code) {
		return errorsmod.Wrapf(ErrInvalidLine, "code %q is not a COFOG-style code (DD, DD.G or DD.G.C, division 01 to 10)", code)
	}
	return nil
}

// ValidateText checks a free-text field: 1..max bytes.
func ValidateText(field, s string, max uint32) error {
	if len(s) == 0 || len(s) > int(max) {
		return errorsmod.Wrapf(ErrInvalidText, "%s must be 1 to %d bytes, got %d", field, max, len(s))
	}
	return nil
}

// MaxAmountBits bounds every amount (2^128 ucivis is far beyond any
// treasury), so no sum of amounts can overflow.
const MaxAmountBits = 128

// ValidatePositive checks an amount: positive and below 2^128.
func ValidatePositive(field string, a math.Int) error {
	if a.IsNil() || !a.IsPositive() || a.BigIntMut().BitLen() > MaxAmountBits {
		return errorsmod.Wrapf(ErrInvalidAmount, "%s must be positive and below 2^%d, got %s", field, MaxAmountBits, a)
	}
	return nil
}

// IsModuleCaller reports whether a record's "by" names a module.
func IsModuleCaller(by string) bool { return strings.HasPrefix(by, "module:") }

// PaidByItsModule reports whether a commitment made by by is paid only by
// that module's own process (a procurement contract's milestones, on an
// accepted delivery) or by governance, never by a treasurer directly.
// Participatory projects (module:voting) are paid by the treasurer.
func PaidByItsModule(by string) bool { return by == "module:procurement" }

// Room is what is left on a line: appropriated − reserved − committed − lapsed.
func (l Line) Room() math.Int {
	return l.Appropriated.Sub(l.Reserved).Sub(l.Committed).Sub(l.Lapsed)
}

// Earmarked is what the treasury holds for the line: appropriated − committed − lapsed.
func (l Line) Earmarked() math.Int {
	return l.Appropriated.Sub(l.Committed).Sub(l.Lapsed)
}

// Check verifies a line's identities: every amount ≥ 0, disbursed ≤
// committed, reserved + committed + lapsed ≤ appropriated.
func (l Line) Check() error {
	for _, a := range []math.Int{l.Original, l.Appropriated, l.Reserved, l.Committed, l.Disbursed, l.Lapsed, l.TreasurerVirementsOut} {
		if a.IsNil() || a.IsNegative() {
			return errorsmod.Wrapf(ErrInvariant, "line %d: an amount is negative or missing", l.Id)
		}
	}
	if l.Disbursed.GT(l.Committed) {
		return errorsmod.Wrapf(ErrInvariant, "line %d: disbursed %s > committed %s", l.Id, l.Disbursed, l.Committed)
	}
	if l.Room().IsNegative() {
		return errorsmod.Wrapf(ErrInvariant, "line %d: reserved %s + committed %s + lapsed %s > appropriated %s", l.Id, l.Reserved, l.Committed, l.Lapsed, l.Appropriated)
	}
	return nil
}

// ValidateFiscalYear checks a fiscal year's own fields.
func ValidateFiscalYear(fy FiscalYear) error {
	if fy.Year < 1900 || fy.Year > 9999 {
		return errorsmod.Wrapf(ErrInvalidFiscalYear, "year must be from 1900 to 9999, got %d", fy.Year)
	}
	if !fy.EndTime.After(fy.StartTime) {
		return errorsmod.Wrapf(ErrInvalidFiscalYear, "fiscal year %d must end after it starts", fy.Year)
	}
	return nil
}

// Project is a winning participatory-budget project to commit on a line.
type Project struct {
	Amount      math.Int
	Beneficiary []byte
	Purpose     string
}
