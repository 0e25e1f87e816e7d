package types

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/x/common"
)

// MaxShareBps is 100 % in basis points.
const MaxShareBps = 10_000

// ValidateText checks a required free-text field: not blank, valid UTF-8, at
// most maxLen bytes. err is the registered error to wrap.
func ValidateText(err *errorsmod.Error, field, value string, maxLen uint32) error {
	switch {
	case strings.TrimSpace(value) == "":
		return errorsmod.Wrapf(err, "%s must not be empty", field)
	case !utf8.ValidString(value):
		return errorsmod.Wrapf(err, "%s is not valid UTF-8", field)
	case uint32(len(value)) > maxLen:
		return errorsmod.Wrapf(err, "%s is %d bytes, more than the maximum %d", field, len(value), maxLen)
	}
	return nil
}

// CanonicalAdmins checks an agency's admin list (1 to maxAdmins distinct
// accounts, compared in canonical form) and returns it in canonical form.
func CanonicalAdmins(ac address.Codec, admins []string, maxAdmins uint32) ([]string, error) {
	if len(admins) == 0 {
		return nil, errorsmod.Wrap(ErrInvalidAgency, "an agency needs at least one admin")
	}
	if uint32(len(admins)) > maxAdmins {
		return nil, errorsmod.Wrapf(ErrInvalidAgency, "%d admins, more than the maximum %d", len(admins), maxAdmins)
	}
	out, err := common.CanonicalAddresses(ac, ErrInvalidAddress, "admins", admins)
	if err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(out))
	for i, a := range out {
		if seen[a] {
			return nil, errorsmod.Wrapf(ErrInvalidAgency, "admins[%d]: %s is listed twice", i, a)
		}
		seen[a] = true
	}
	return out, nil
}

// AllRoles returns every grantable role, in enum order.
func AllRoles() []Role {
	return []Role{
		ROLE_ELECTION_OFFICER, ROLE_PROCUREMENT_OFFICER, ROLE_EVALUATOR, ROLE_REVIEWER,
		ROLE_TREASURER, ROLE_AUDITOR, ROLE_CONTRACT_DEVELOPER,
	}
}

// ValidateRole checks that role is one of the defined roles.
func ValidateRole(role Role) error {
	if role == ROLE_UNSPECIFIED {
		return errorsmod.Wrap(ErrInvalidRole, "role must be set")
	}
	if !slices.Contains(AllRoles(), role) {
		return errorsmod.Wrapf(ErrInvalidRole, "unknown role %d", role)
	}
	return nil
}

// ValidateCountry checks an ISO 3166-1 alpha-2 code (two capital letters).
func ValidateCountry(country string) error {
	if len(country) != 2 || country[0] < 'A' || country[0] > 'Z' || country[1] < 'A' || country[1] > 'Z' {
		return errorsmod.Wrapf(ErrInvalidSupplier, "country %q is not an ISO 3166-1 alpha-2 code (e.g. \"EE\")", country)
	}
	return nil
}

// ValidateIdentityHash checks a hashed identity reference: 64 lowercase hex
// characters (SHA-256).
func ValidateIdentityHash(field, h string) error {
	if len(h) != 64 || strings.ToLower(h) != h {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%s must be 64 lowercase hex characters (SHA-256), got %q", field, h)
	}
	if _, err := hex.DecodeString(h); err != nil {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%s is not hex: %s", field, err)
	}
	return nil
}

// MaxRegistrationNumberLength bounds a registration number (bytes).
const MaxRegistrationNumberLength = 64

// ValidateRegistration checks a supplier's registration: an ISO 3166-1
// alpha-2 country and a registration number of 1 to 64 printable ASCII
// characters (letters, digits, punctuation, inner spaces), so that no
// look-alike Unicode number can register the same company twice.
func ValidateRegistration(country, number string) error {
	if err := ValidateCountry(country); err != nil {
		return err
	}
	if number == "" || len(number) > MaxRegistrationNumberLength {
		return errorsmod.Wrapf(ErrInvalidSupplier, "registration_number must be 1 to %d characters, got %d", MaxRegistrationNumberLength, len(number))
	}
	for i := 0; i < len(number); i++ {
		if c := number[i]; c < 0x20 || c > 0x7e {
			return errorsmod.Wrapf(ErrInvalidSupplier, "registration_number %q: byte %d (0x%02x) is not printable ASCII", number, i, c)
		}
	}
	if strings.TrimSpace(number) != number {
		return errorsmod.Wrapf(ErrInvalidSupplier, "registration_number %q has leading or trailing spaces", number)
	}
	if strings.IndexFunc(number, isAlnum) < 0 {
		return errorsmod.Wrapf(ErrInvalidSupplier, "registration_number %q has no letter or digit", number)
	}
	return nil
}

func isAlnum(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
}

// SupplierDetails are the fields a supplier's owner sets and updates (the
// registration is fixed: only governance amends it).
type SupplierDetails struct {
	Name                              string
	BeneficialOwners, Representatives []Party
}

// Canonical checks the details against params: the name, the parties (each
// with an address and/or identity hash, no party twice in a list, owners'
// shares at most 100 %, representatives without shares) and their number,
// and returns them with every address in canonical form.
func (d SupplierDetails) Canonical(ac address.Codec, p Params) (SupplierDetails, error) {
	if err := ValidateText(ErrInvalidSupplier, "name", d.Name, p.MaxTextLength); err != nil {
		return d, err
	}
	if len(d.BeneficialOwners) == 0 {
		return d, errorsmod.Wrap(ErrInvalidSupplier, "at least one beneficial owner must be declared")
	}
	if n := len(d.BeneficialOwners) + len(d.Representatives); uint32(n) > p.MaxParties {
		return d, errorsmod.Wrapf(ErrInvalidSupplier, "%d owners and representatives, more than the maximum %d", n, p.MaxParties)
	}
	return d.canonicalParties(ac)
}

// canonicalParties checks the parties' form (no params) and returns them in
// canonical form.
func (d SupplierDetails) canonicalParties(ac address.Codec) (SupplierDetails, error) {
	out := SupplierDetails{Name: d.Name}
	var total uint32
	for i, o := range d.BeneficialOwners {
		c, err := o.canonical(ac, fmt.Sprintf("beneficial_owners[%d]", i))
		if err != nil {
			return d, err
		}
		total += c.ShareBps
		out.BeneficialOwners = append(out.BeneficialOwners, c)
	}
	if total > MaxShareBps {
		return d, errorsmod.Wrapf(ErrInvalidSupplier, "beneficial owners' shares add up to %d bps, more than 10000", total)
	}
	for i, r := range d.Representatives {
		field := fmt.Sprintf("representatives[%d]", i)
		c, err := r.canonical(ac, field)
		if err != nil {
			return d, err
		}
		if c.ShareBps != 0 {
			return d, errorsmod.Wrapf(ErrInvalidSupplier, "%s.share_bps must be 0: representatives hold no share", field)
		}
		out.Representatives = append(out.Representatives, c)
	}
	if out.BeneficialOwners == nil {
		out.BeneficialOwners = []Party{}
	}
	if out.Representatives == nil {
		out.Representatives = []Party{}
	}
	return out, checkDistinctParties(out.BeneficialOwners, "beneficial_owners", out.Representatives, "representatives")
}

// canonical checks a party and returns it with its address in canonical form.
func (p Party) canonical(ac address.Codec, field string) (Party, error) {
	if p.Address == "" && p.IdentityHash == "" {
		return p, errorsmod.Wrapf(ErrInvalidSupplier, "%s needs an address or an identity_hash", field)
	}
	if p.Address != "" {
		c, err := common.CanonicalAddress(ac, ErrInvalidAddress, field+".address", p.Address)
		if err != nil {
			return p, err
		}
		p.Address = c
	}
	if p.IdentityHash != "" {
		if err := ValidateIdentityHash(field+".identity_hash", p.IdentityHash); err != nil {
			return p, err
		}
	}
	if p.ShareBps > MaxShareBps {
		return p, errorsmod.Wrapf(ErrInvalidSupplier, "%s.share_bps is %d, more than 10000", field, p.ShareBps)
	}
	return p, nil
}

// checkDistinctParties refuses a party listed twice in the same list
// (addresses must be canonical).
func checkDistinctParties(owners []Party, ownersField string, reps []Party, repsField string) error {
	for _, list := range []struct {
		field   string
		parties []Party
	}{{ownersField, owners}, {repsField, reps}} {
		seen := map[string]bool{}
		for _, p := range list.parties {
			for _, key := range []string{"a:" + p.Address, "h:" + p.IdentityHash} {
				if key == "a:" || key == "h:" {
					continue
				}
				if seen[key] {
					return errorsmod.Wrapf(ErrInvalidSupplier, "%s lists %s twice", list.field, key[2:])
				}
				seen[key] = true
			}
		}
	}
	return nil
}

// Addresses returns the on-chain addresses of the owners and representatives.
func (d SupplierDetails) Addresses() []string {
	return partyAddresses(d.BeneficialOwners, d.Representatives)
}

// Addresses returns the on-chain addresses of a supplier's owners and
// representatives (the accounts that have a conflict with it), canonical.
func (s Supplier) Addresses() []string {
	return partyAddresses(s.BeneficialOwners, s.Representatives)
}

func partyAddresses(lists ...[]Party) []string {
	var out []string
	for _, list := range lists {
		for _, p := range list {
			if p.Address != "" {
				out = append(out, p.Address)
			}
		}
	}
	return out
}

// RegistrationKey is the unique key of a company: its country and the
// letters and digits of its registration number, upper-cased. "1234-5678",
// "1234 5678" and "12345678" are the same company, so a debarred company
// cannot come back under a reformatted number.
func RegistrationKey(country, registrationNumber string) string {
	var b strings.Builder
	b.WriteString(country)
	b.WriteByte('/')
	for _, r := range strings.ToUpper(registrationNumber) {
		if isAlnum(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}
