package types

import (
	"fmt"
	"time"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/x/common"
)

// DefaultGenesisState has the default params, no records, and ids from 1.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextAgencyId: 1, NextSupplierId: 1, NextDeclarationId: 1, NextDebarmentId: 1}
}

// Validate checks the genesis state: params, every field of every record,
// references between records, unique ids and keys, ids below the next-id
// counters, and addresses in canonical form.
//
// Stored records are checked against the hard bounds of params.go, never
// against today's params: params bound new input only, so that lowering a
// param never makes the chain's own export unimportable.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	fail := func(format string, args ...any) error {
		return errorsmod.Wrapf(ErrInvalidGenesis, format, args...)
	}
	addr := func(field, s string) error { return checkStoredAddress(ac, field, s) }
	text := func(field, s string) error { return ValidateText(ErrInvalidGenesis, field, s, HardMaxTextLength) }

	agencies := map[uint64]bool{}
	for i, a := range gs.Agencies {
		if a.Id == 0 || a.Id >= gs.NextAgencyId || agencies[a.Id] {
			return fail("agencies[%d]: id %d is zero, duplicated or not below next_agency_id %d", i, a.Id, gs.NextAgencyId)
		}
		agencies[a.Id] = true
		if err := text("name", a.Name); err != nil {
			return fail("agencies[%d]: %s", i, err)
		}
		if err := text("jurisdiction", a.Jurisdiction); err != nil {
			return fail("agencies[%d]: %s", i, err)
		}
		if len(a.Admins) == 0 || len(a.Admins) > HardMaxAdmins {
			return fail("agencies[%d]: %d admins, want 1 to %d", i, len(a.Admins), HardMaxAdmins)
		}
		seen := map[string]bool{}
		for j, admin := range a.Admins {
			if err := addr(fmt.Sprintf("admins[%d]", j), admin); err != nil {
				return fail("agencies[%d]: %s", i, err)
			}
			if seen[admin] {
				return fail("agencies[%d]: admin %s is listed twice", i, admin)
			}
			seen[admin] = true
		}
		if a.Status != AGENCY_STATUS_ACTIVE && a.Status != AGENCY_STATUS_SUSPENDED {
			return fail("agencies[%d]: status %s", i, a.Status)
		}
	}

	roles := map[string]bool{}
	for i, r := range gs.Roles {
		if !agencies[r.AgencyId] {
			return fail("roles[%d]: agency %d unknown", i, r.AgencyId)
		}
		if err := ValidateRole(r.Role); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
		if err := addr("address", r.Address); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
		key := fmt.Sprintf("%d/%s/%d", r.AgencyId, r.Address, r.Role)
		if roles[key] {
			return fail("roles[%d]: %s holds %s in agency %d twice", i, r.Address, r.Role, r.AgencyId)
		}
		roles[key] = true
		if err := addr("granted_by", r.GrantedBy); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
		if err := text("reason", r.Reason); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
		if r.GrantedHeight < 0 {
			return fail("roles[%d]: granted_height %d is negative", i, r.GrantedHeight)
		}
	}

	suppliers := map[uint64]Supplier{} // id -> current version
	registrations := map[string]bool{}
	for i, s := range gs.Suppliers {
		if s.Id == 0 || s.Id >= gs.NextSupplierId {
			return fail("suppliers[%d]: id %d is zero or not below next_supplier_id %d", i, s.Id, gs.NextSupplierId)
		}
		if _, dup := suppliers[s.Id]; dup {
			return fail("suppliers[%d]: id %d is duplicated", i, s.Id)
		}
		if err := validateStoredSupplier(ac, s); err != nil {
			return fail("suppliers[%d]: %s", i, err)
		}
		suppliers[s.Id] = s
		reg := RegistrationKey(s.Country, s.RegistrationNumber)
		if registrations[reg] {
			return fail("suppliers[%d]: registration %s is used twice", i, reg)
		}
		registrations[reg] = true
	}
	history := map[string]bool{}
	for i, s := range gs.SupplierHistory {
		key := fmt.Sprintf("%d/%d", s.Id, s.Version)
		current, ok := suppliers[s.Id]
		if !ok || s.Version == 0 || s.Version >= current.Version || history[key] {
			return fail("supplier_history[%d]: supplier %d version %d is unknown, not older than the current one, or duplicated", i, s.Id, s.Version)
		}
		history[key] = true
		if err := validateStoredSupplier(ac, s); err != nil {
			return fail("supplier_history[%d]: %s", i, err)
		}
	}

	disowned := map[string]bool{}
	for i, d := range gs.Disownments {
		current, ok := suppliers[d.SupplierId]
		if !ok {
			return fail("disownments[%d]: supplier %d unknown", i, d.SupplierId)
		}
		if err := addr("party", d.Party); err != nil {
			return fail("disownments[%d]: %s", i, err)
		}
		key := fmt.Sprintf("%d/%s", d.SupplierId, d.Party)
		if disowned[key] {
			return fail("disownments[%d]: %s disowned supplier %d twice", i, d.Party, d.SupplierId)
		}
		disowned[key] = true
		if err := text("reason", d.Reason); err != nil {
			return fail("disownments[%d]: %s", i, err)
		}
		if d.Version == 0 || d.Version > current.Version || d.Height < 0 {
			return fail("disownments[%d]: version %d or height %d does not match supplier %d (version %d)", i, d.Version, d.Height, d.SupplierId, current.Version)
		}
		for _, a := range current.Addresses() {
			if a == d.Party {
				return fail("disownments[%d]: supplier %d still lists %s", i, d.SupplierId, d.Party)
			}
		}
	}

	debarments := map[uint64]bool{}
	for i, d := range gs.Debarments {
		if d.Id == 0 || d.Id >= gs.NextDebarmentId || debarments[d.Id] {
			return fail("debarments[%d]: id %d is zero, duplicated or not below next_debarment_id %d", i, d.Id, gs.NextDebarmentId)
		}
		debarments[d.Id] = true
		if _, ok := suppliers[d.SupplierId]; !ok || !agencies[d.AgencyId] {
			return fail("debarments[%d]: supplier %d or agency %d unknown", i, d.SupplierId, d.AgencyId)
		}
		if err := validateStoredDebarment(ac, d); err != nil {
			return fail("debarments[%d]: %s", i, err)
		}
	}

	declarations := map[uint64]bool{}
	for i, d := range gs.Declarations {
		if d.Id == 0 || d.Id >= gs.NextDeclarationId || declarations[d.Id] {
			return fail("declarations[%d]: id %d is zero, duplicated or not below next_declaration_id %d", i, d.Id, gs.NextDeclarationId)
		}
		declarations[d.Id] = true
		if _, ok := suppliers[d.SupplierId]; !ok || !agencies[d.AgencyId] {
			return fail("declarations[%d]: supplier %d or agency %d unknown", i, d.SupplierId, d.AgencyId)
		}
		if err := addr("declarant", d.Declarant); err != nil {
			return fail("declarations[%d]: %s", i, err)
		}
		if err := text("description", d.Description); err != nil {
			return fail("declarations[%d]: %s", i, err)
		}
		if d.Height < 0 {
			return fail("declarations[%d]: height %d is negative", i, d.Height)
		}
	}

	operators := map[string]uint64{}
	agencySeats := map[uint64]uint64{}
	for i, g := range gs.SeatGrants {
		if !agencies[g.AgencyId] || g.Seats == 0 {
			return fail("seat_grants[%d]: agency %d unknown, or no seats", i, g.AgencyId)
		}
		if g.Seats > HardMaxSeatsPerAgency || agencySeats[g.AgencyId] > HardMaxSeatsPerAgency-g.Seats { // no uint64 overflow
			return fail("seat_grants[%d]: agency %d would hold more than %d seats", i, g.AgencyId, HardMaxSeatsPerAgency)
		}
		agencySeats[g.AgencyId] += g.Seats
		if err := addr("operator", g.Operator); err != nil {
			return fail("seat_grants[%d]: %s", i, err)
		}
		if other, dup := operators[g.Operator]; dup {
			return fail("seat_grants[%d]: %s already holds seats of agency %d: an operator serves one agency, with one grant", i, g.Operator, other)
		}
		operators[g.Operator] = g.AgencyId
		if g.IssuedHeight < 0 {
			return fail("seat_grants[%d]: issued_height %d is negative", i, g.IssuedHeight)
		}
	}
	return nil
}

// checkStoredAddress checks that s is a valid address in canonical form.
func checkStoredAddress(ac address.Codec, field, s string) error {
	return common.CheckCanonicalAddress(ac, ErrInvalidAddress, field, s)
}

// validateStoredSupplier checks a stored supplier version (no params).
func validateStoredSupplier(ac address.Codec, s Supplier) error {
	if s.Version == 0 {
		return errorsmod.Wrap(ErrInvalidSupplier, "version must be at least 1")
	}
	if s.UpdatedHeight < 0 {
		return errorsmod.Wrapf(ErrInvalidSupplier, "updated_height %d is negative", s.UpdatedHeight)
	}
	if err := checkStoredAddress(ac, "owner", s.Owner); err != nil {
		return err
	}
	if err := ValidateText(ErrInvalidSupplier, "name", s.Name, HardMaxTextLength); err != nil {
		return err
	}
	if err := ValidateRegistration(s.Country, s.RegistrationNumber); err != nil {
		return err
	}
	if n := len(s.BeneficialOwners) + len(s.Representatives); n > HardMaxParties {
		return errorsmod.Wrapf(ErrInvalidSupplier, "%d owners and representatives, more than %d", n, HardMaxParties)
	}
	for _, list := range []struct {
		field   string
		parties []Party
	}{{"beneficial_owners", s.BeneficialOwners}, {"representatives", s.Representatives}} {
		for i, p := range list.parties {
			if p.Address == "" {
				continue
			}
			if err := checkStoredAddress(ac, fmt.Sprintf("%s[%d].address", list.field, i), p.Address); err != nil {
				return err
			}
		}
	}
	_, err := SupplierDetails{Name: s.Name, BeneficialOwners: s.BeneficialOwners, Representatives: s.Representatives}.canonicalParties(ac)
	return err
}

// validateStoredDebarment checks a stored debarment's own fields.
func validateStoredDebarment(ac address.Codec, d Debarment) error {
	if err := ValidateText(ErrInvalidDebarment, "reason", d.Reason, HardMaxTextLength); err != nil {
		return err
	}
	if !d.End.After(d.Start) {
		return errorsmod.Wrap(ErrInvalidDebarment, "end must be after start")
	}
	if err := checkStoredAddress(ac, "debarred_by", d.DebarredBy); err != nil {
		return err
	}
	if !d.Lifted {
		if d.LiftedBy != "" || d.LiftReason != "" || !d.LiftedTime.Equal(time.Time{}) && !d.LiftedTime.Equal(time.Unix(0, 0).UTC()) {
			return errorsmod.Wrap(ErrInvalidDebarment, "lifted_by, lift_reason and lifted_time must be empty unless lifted")
		}
		return nil
	}
	if err := checkStoredAddress(ac, "lifted_by", d.LiftedBy); err != nil {
		return err
	}
	if err := ValidateText(ErrInvalidDebarment, "lift_reason", d.LiftReason, HardMaxTextLength); err != nil {
		return err
	}
	if d.LiftedTime.Before(d.Start) || !d.LiftedTime.Before(d.End) {
		return errorsmod.Wrap(ErrInvalidDebarment, "lifted_time must be within [start, end)")
	}
	return nil
}
