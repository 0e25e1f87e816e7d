package types

import (
	"fmt"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
)

// DefaultGenesisState has the default params, no records, and ids from 1.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextAgencyId: 1, NextSupplierId: 1, NextDeclarationId: 1}
}

// Validate checks the genesis state: params, every record, references
// between records, unique ids and keys, and ids below the next-id counters.
func (gs GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	p := gs.Params
	fail := func(format string, args ...any) error {
		return errorsmod.Wrapf(ErrInvalidGenesis, format, args...)
	}

	agencies := map[uint64]bool{}
	for i, a := range gs.Agencies {
		if a.Id == 0 || a.Id >= gs.NextAgencyId || agencies[a.Id] {
			return fail("agencies[%d]: id %d is zero, duplicated or not below next_agency_id %d", i, a.Id, gs.NextAgencyId)
		}
		agencies[a.Id] = true
		if err := ValidateText(ErrInvalidAgency, "name", a.Name, p.MaxTextLength); err != nil {
			return fail("agencies[%d]: %s", i, err)
		}
		if err := ValidateText(ErrInvalidAgency, "jurisdiction", a.Jurisdiction, p.MaxTextLength); err != nil {
			return fail("agencies[%d]: %s", i, err)
		}
		if err := ValidateAdmins(ac, a.Admins, p.MaxAdmins); err != nil {
			return fail("agencies[%d]: %s", i, err)
		}
		if a.Status != AGENCY_STATUS_ACTIVE && a.Status != AGENCY_STATUS_SUSPENDED {
			return fail("agencies[%d]: status %s", i, a.Status)
		}
	}

	roles := map[string]bool{}
	for i, r := range gs.Roles {
		key := fmt.Sprintf("%d/%s/%d", r.AgencyId, r.Address, r.Role)
		if !agencies[r.AgencyId] || roles[key] {
			return fail("roles[%d]: agency %d unknown or grant duplicated", i, r.AgencyId)
		}
		roles[key] = true
		if err := ValidateRole(r.Role); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
		if err := ValidateAddress(ac, "address", r.Address); err != nil {
			return fail("roles[%d]: %s", i, err)
		}
	}

	suppliers := map[uint64]uint64{} // id -> current version
	registrations := map[string]bool{}
	for i, s := range gs.Suppliers {
		if s.Id == 0 || s.Id >= gs.NextSupplierId || suppliers[s.Id] != 0 {
			return fail("suppliers[%d]: id %d is zero, duplicated or not below next_supplier_id %d", i, s.Id, gs.NextSupplierId)
		}
		if s.Version == 0 {
			return fail("suppliers[%d]: version must be at least 1", i)
		}
		suppliers[s.Id] = s.Version
		if err := ValidateAddress(ac, "owner", s.Owner); err != nil {
			return fail("suppliers[%d]: %s", i, err)
		}
		if err := DetailsOf(s).Validate(ac, p); err != nil {
			return fail("suppliers[%d]: %s", i, err)
		}
		reg := RegistrationKey(s.Country, s.RegistrationNumber)
		if registrations[reg] {
			return fail("suppliers[%d]: registration %s is used twice", i, reg)
		}
		registrations[reg] = true
	}
	history := map[string]bool{}
	for i, s := range gs.SupplierHistory {
		key := fmt.Sprintf("%d/%d", s.Id, s.Version)
		if current := suppliers[s.Id]; current == 0 || s.Version == 0 || s.Version >= current || history[key] {
			return fail("supplier_history[%d]: supplier %d version %d is unknown, not older than the current one, or duplicated", i, s.Id, s.Version)
		}
		history[key] = true
	}

	debarments := map[string]bool{}
	for i, d := range gs.Debarments {
		key := fmt.Sprintf("%d/%d", d.SupplierId, d.AgencyId)
		if suppliers[d.SupplierId] == 0 || !agencies[d.AgencyId] || debarments[key] {
			return fail("debarments[%d]: supplier %d or agency %d unknown, or debarment duplicated", i, d.SupplierId, d.AgencyId)
		}
		debarments[key] = true
		if !d.End.After(d.Start) {
			return fail("debarments[%d]: end must be after start", i)
		}
	}

	declarations := map[uint64]bool{}
	for i, d := range gs.Declarations {
		if d.Id == 0 || d.Id >= gs.NextDeclarationId || declarations[d.Id] {
			return fail("declarations[%d]: id %d is zero, duplicated or not below next_declaration_id %d", i, d.Id, gs.NextDeclarationId)
		}
		declarations[d.Id] = true
		if suppliers[d.SupplierId] == 0 || !agencies[d.AgencyId] {
			return fail("declarations[%d]: supplier %d or agency %d unknown", i, d.SupplierId, d.AgencyId)
		}
		if err := ValidateAddress(ac, "declarant", d.Declarant); err != nil {
			return fail("declarations[%d]: %s", i, err)
		}
	}

	seats := map[uint64]uint64{}
	grants := map[string]bool{}
	for i, g := range gs.SeatGrants {
		key := fmt.Sprintf("%d/%s", g.AgencyId, g.Operator)
		if !agencies[g.AgencyId] || g.Seats == 0 || grants[key] {
			return fail("seat_grants[%d]: agency %d unknown, no seats, or grant duplicated", i, g.AgencyId)
		}
		grants[key] = true
		if err := ValidateAddress(ac, "operator", g.Operator); err != nil {
			return fail("seat_grants[%d]: %s", i, err)
		}
		if max := uint64(p.MaxSeatsPerAgency); g.Seats > max || seats[g.AgencyId] > max-g.Seats { // no uint64 overflow
			return fail("seat_grants[%d]: agency %d holds more than max_seats_per_agency %d", i, g.AgencyId, p.MaxSeatsPerAgency)
		}
		seats[g.AgencyId] += g.Seats
	}
	return nil
}

// DetailsOf returns the registrable details of a supplier.
func DetailsOf(s Supplier) SupplierDetails {
	return SupplierDetails{
		Name: s.Name, RegistrationNumber: s.RegistrationNumber, Country: s.Country,
		BeneficialOwners: s.BeneficialOwners, Representatives: s.Representatives,
	}
}
