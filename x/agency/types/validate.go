package types

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
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

// ValidateAddress checks a bech32 account address; field names it in the error.
func ValidateAddress(ac address.Codec, field, addr string) error {
	if _, err := ac.StringToBytes(addr); err != nil {
		return errorsmod.Wrapf(ErrInvalidAddress, "%s %q: %s", field, addr, err)
	}
	return nil
}

// ValidateAdmins checks an agency's admin list: 1 to maxAdmins distinct addresses.
func ValidateAdmins(ac address.Codec, admins []string, maxAdmins uint32) error {
	if len(admins) == 0 {
		return errorsmod.Wrap(ErrInvalidAgency, "an agency needs at least one admin")
	}
	if uint32(len(admins)) > maxAdmins {
		return errorsmod.Wrapf(ErrInvalidAgency, "%d admins, more than the maximum %d", len(admins), maxAdmins)
	}
	seen := make(map[string]bool, len(admins))
	for i, a := range admins {
		if err := ValidateAddress(ac, fmt.Sprintf("admins[%d]", i), a); err != nil {
			return err
		}
		if seen[a] {
			return errorsmod.Wrapf(ErrInvalidAgency, "admin %s is listed twice", a)
		}
		seen[a] = true
	}
	return nil
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

// SupplierDetails are the fields a supplier registers and updates.
type SupplierDetails struct {
	Name, RegistrationNumber, Country string
	BeneficialOwners, Representatives []Party
}

// Validate checks the details against params: texts, country, parties (each
// with an address and/or identity hash, no duplicates, owners' shares at most
// 100 %, representatives without shares) and their number.
func (d SupplierDetails) Validate(ac address.Codec, p Params) error {
	if err := ValidateText(ErrInvalidSupplier, "name", d.Name, p.MaxTextLength); err != nil {
		return err
	}
	if err := ValidateText(ErrInvalidSupplier, "registration_number", d.RegistrationNumber, p.MaxTextLength); err != nil {
		return err
	}
	if err := ValidateCountry(d.Country); err != nil {
		return err
	}
	if len(d.BeneficialOwners) == 0 {
		return errorsmod.Wrap(ErrInvalidSupplier, "at least one beneficial owner must be declared")
	}
	if n := len(d.BeneficialOwners) + len(d.Representatives); uint32(n) > p.MaxParties {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%d owners and representatives, more than the maximum %d", n, p.MaxParties)
	}
	var total uint32
	for i, o := range d.BeneficialOwners {
		if err := o.validate(ac, fmt.Sprintf("beneficial_owners[%d]", i)); err != nil {
			return err
		}
		total += o.ShareBps
	}
	if total > MaxShareBps {
		return errorsmod.Wrapf(ErrInvalidSupplier, "beneficial owners' shares add up to %d bps, more than 10000", total)
	}
	for i, r := range d.Representatives {
		field := fmt.Sprintf("representatives[%d]", i)
		if err := r.validate(ac, field); err != nil {
			return err
		}
		if r.ShareBps != 0 {
			return errorsmod.Wrapf(ErrInvalidSupplier, "%s.share_bps must be 0: representatives hold no share", field)
		}
	}
	return checkDistinctParties(d.BeneficialOwners, "beneficial_owners", d.Representatives, "representatives")
}

func (p Party) validate(ac address.Codec, field string) error {
	if p.Address == "" && p.IdentityHash == "" {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%s needs an address or an identity_hash", field)
	}
	if p.Address != "" {
		if err := ValidateAddress(ac, field+".address", p.Address); err != nil {
			return err
		}
	}
	if p.IdentityHash != "" {
		if err := ValidateIdentityHash(field+".identity_hash", p.IdentityHash); err != nil {
			return err
		}
	}
	if p.ShareBps > MaxShareBps {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%s.share_bps is %d, more than 10000", field, p.ShareBps)
	}
	return nil
}

// checkDistinctParties refuses a party listed twice in the same list.
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

// Addresses returns the on-chain addresses of a supplier's owners and
// representatives (the accounts that have a conflict with it).
func (s Supplier) Addresses() []string {
	out := make([]string, 0, len(s.BeneficialOwners)+len(s.Representatives))
	for _, p := range s.BeneficialOwners {
		if p.Address != "" {
			out = append(out, p.Address)
		}
	}
	for _, p := range s.Representatives {
		if p.Address != "" {
			out = append(out, p.Address)
		}
	}
	return out
}

// RegistrationKey is the unique key of a company: country and registration
// number (case-insensitive, surrounding spaces ignored).
func RegistrationKey(country, registrationNumber string) string {
	return country + "/" + strings.ToUpper(strings.TrimSpace(registrationNumber))
}
