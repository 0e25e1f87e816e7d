package keeper_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/agency/types"
)

// upper is the upper-case form of a bech32 address: valid input that must
// never dodge a comparison.
func upper(a testutil.Account) string { return strings.ToUpper(a.Address.String()) }

func TestUpperCaseAddressesAreCanonical(t *testing.T) {
	f := newFixture(t)
	admin, alice, bob := f.admin.Address.String(), f.alice.Address.String(), f.bob.Address.String()

	// Admin lists: stored lower-case; a duplicate in another case is refused.
	res, err := f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: strings.ToUpper(f.gov), Name: "A", Jurisdiction: "EE", Admins: []string{upper(f.admin)}})
	require.NoError(t, err, "the authority in upper case is still the authority")
	id := res.AgencyId
	a, err := f.k.GetAgency(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, []string{admin}, a.Admins)
	requireEvent(t, f.ctx, &types.EventAgencyRegistered{AgencyId: id, Name: "A", Jurisdiction: "EE", Admins: []string{admin}})
	_, err = f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: "B", Jurisdiction: "EE", Admins: []string{admin, upper(f.admin)}})
	requireErr(t, types.ErrInvalidAgency, err, "the same admin in two cases is listed twice")
	_, err = f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: "B", Jurisdiction: "EE", Admins: []string{"Civ1" + admin[4:]}})
	requireErr(t, types.ErrInvalidAddress, err, "mixed case is not bech32")

	// Admin checks: the admin signing in upper case is the admin.
	_, err = f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: upper(f.admin), AgencyId: id, Address: upper(f.alice), Role: types.ROLE_EVALUATOR, Reason: "panel"})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventRoleGranted{AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "panel", GrantedBy: admin})
	has, err := f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_EVALUATOR)
	require.NoError(t, err)
	require.True(t, has)
	_, err = f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "again"})
	requireErr(t, types.ErrRoleExists, err, "the same grant in another case is a duplicate")
	_, err = f.ms.RevokeRole(f.ctx, &types.MsgRevokeRole{Admin: upper(f.bob), AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "r"})
	requireErr(t, types.ErrUnauthorized, err, "an upper-case non-admin is still not an admin")

	// Party lists: owners and representatives are stored lower-case, and
	// the conflict check sees them.
	msg := f.supplierMsg(f.carol, "70000007")
	msg.Owner = upper(f.carol)
	msg.BeneficialOwners[0].Address = upper(f.alice)
	msg.Representatives[0].Address = upper(f.bob)
	sres, err := f.ms.RegisterSupplier(f.ctx, msg)
	require.NoError(t, err)
	s, err := f.k.GetSupplier(f.ctx, sres.SupplierId)
	require.NoError(t, err)
	require.Equal(t, f.carol.Address.String(), s.Owner)
	require.Equal(t, alice, s.BeneficialOwners[0].Address)
	require.Equal(t, bob, s.Representatives[0].Address)
	for _, who := range []testutil.Account{f.alice, f.bob} {
		conflict, err := f.k.HasConflict(f.ctx, who.Address, sres.SupplierId)
		require.NoError(t, err)
		require.True(t, conflict, "%s listed in upper case has a conflict", who.Name)
	}
	dup := f.supplierMsg(f.carol, "70000008")
	dup.BeneficialOwners = append(dup.BeneficialOwners, types.Party{Address: upper(f.alice)})
	_, err = f.ms.RegisterSupplier(f.ctx, dup)
	requireErr(t, types.ErrInvalidSupplier, err, "alice listed twice, once in upper case")

	// The owner updating in upper case is the owner.
	_, err = f.ms.UpdateSupplier(f.ctx, &types.MsgUpdateSupplier{Owner: upper(f.carol), SupplierId: sres.SupplierId, Name: "Renamed",
		BeneficialOwners: []types.Party{{Address: alice, ShareBps: 10000}}})
	require.NoError(t, err)

	// Declarations, debarments and seats: canonical too.
	_, err = f.ms.DeclareInterest(f.ctx, &types.MsgDeclareInterest{Declarant: upper(f.alice), AgencyId: id, SupplierId: sres.SupplierId, Description: "cousin"})
	require.NoError(t, err)
	decls, err := f.q.Declarations(f.ctx, &types.QueryDeclarationsRequest{Declarant: alice})
	require.NoError(t, err)
	require.Len(t, decls.Declarations, 1)
	require.Equal(t, alice, decls.Declarations[0].Declarant)
	d, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: upper(f.admin), AgencyId: id, SupplierId: sres.SupplierId, Reason: "fraud", End: f.ctx.BlockTime().Add(time.Hour)})
	require.NoError(t, err)
	got, err := f.k.Debarments.Get(f.ctx, d.DebarmentId)
	require.NoError(t, err)
	require.Equal(t, admin, got.DebarredBy)
	_, err = f.ms.IssueSeats(f.ctx, &types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: upper(f.bob), Seats: 1})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventSeatsIssued{AgencyId: id, Operator: bob, Seats: 1, Amount: "1000000useat"})
	_, err = f.ms.RevokeSeats(f.ctx, &types.MsgRevokeSeats{Authority: f.gov, AgencyId: id, Operator: bob, Reason: "r"})
	require.NoError(t, err, "revocation finds the grant issued to the upper-case form")

	// Genesis: stored addresses must be canonical.
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k.AddressCodec()))
	gs.Agencies[len(gs.Agencies)-1].Admins = []string{upper(f.admin)}
	err = gs.Validate(f.k.AddressCodec())
	requireErr(t, types.ErrInvalidGenesis, err)
	require.Contains(t, err.Error(), "not in canonical form")
}

func TestContractDeveloperIsGrantedByGovernanceOnly(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "IT Centre")
	dev := f.alice.Address.String()
	grant := types.MsgGrantRole{Admin: f.admin.Address.String(), AgencyId: id, Address: dev, Role: types.ROLE_CONTRACT_DEVELOPER, Reason: "agency IT"}

	_, err := f.ms.GrantRole(f.ctx, &grant)
	requireErr(t, types.ErrUnauthorized, err, "an agency admin may not grant chain-wide upload rights")
	has, err := f.k.HasRoleInAnyActiveAgency(f.ctx, f.alice.Address, types.ROLE_CONTRACT_DEVELOPER)
	require.NoError(t, err)
	require.False(t, has)

	grant.Admin = f.gov
	_, err = f.ms.GrantRole(f.ctx, &grant)
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventRoleGranted{AgencyId: id, Address: dev, Role: types.ROLE_CONTRACT_DEVELOPER, Reason: "agency IT", GrantedBy: f.gov})
	has, err = f.k.HasRoleInAnyActiveAgency(f.ctx, f.alice.Address, types.ROLE_CONTRACT_DEVELOPER)
	require.NoError(t, err)
	require.True(t, has)

	revoke := types.MsgRevokeRole{Admin: f.admin.Address.String(), AgencyId: id, Address: dev, Role: types.ROLE_CONTRACT_DEVELOPER, Reason: "left"}
	_, err = f.ms.RevokeRole(f.ctx, &revoke)
	requireErr(t, types.ErrUnauthorized, err, "nor revoke it")
	revoke.Admin = f.gov
	_, err = f.ms.RevokeRole(f.ctx, &revoke)
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventRoleRevoked{AgencyId: id, Address: dev, Role: types.ROLE_CONTRACT_DEVELOPER, Reason: "left", RevokedBy: f.gov})

	// Other roles: still the agency's admins (and governance).
	f.grant(t, id, f.bob, types.ROLE_AUDITOR)
	_, err = f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: f.gov, AgencyId: id, Address: f.carol.Address.String(), Role: types.ROLE_TREASURER, Reason: "by council"})
	require.NoError(t, err)
}

func TestAdminOfAnotherAgencyIsRefused(t *testing.T) {
	f := newFixture(t)
	mine := f.registerAgency(t, "Mine")
	res, err := f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: "Theirs", Jurisdiction: "LV", Admins: []string{f.carol.Address.String()}})
	require.NoError(t, err)
	theirs := res.AgencyId
	s, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.bob, "80000008"))
	require.NoError(t, err)
	d, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: f.carol.Address.String(), AgencyId: theirs, SupplierId: s.SupplierId, Reason: "r", End: f.ctx.BlockTime().Add(time.Hour)})
	require.NoError(t, err)

	admin := f.admin.Address.String() // admin of Mine only
	for name, err := range map[string]error{
		"grant":  second(f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: admin, AgencyId: theirs, Address: admin, Role: types.ROLE_AUDITOR, Reason: "r"})),
		"revoke": second(f.ms.RevokeRole(f.ctx, &types.MsgRevokeRole{Admin: admin, AgencyId: theirs, Address: f.carol.Address.String(), Role: types.ROLE_AUDITOR, Reason: "r"})),
		"debar":  second(f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: admin, AgencyId: theirs, SupplierId: s.SupplierId, Reason: "r", End: f.ctx.BlockTime().Add(time.Hour)})),
		"lift":   second(f.ms.LiftDebarment(f.ctx, &types.MsgLiftDebarment{Signer: admin, DebarmentId: d.DebarmentId, Reason: "r"})),
	} {
		requireErr(t, types.ErrUnauthorized, err, name)
	}
	debarred, err := f.k.IsDebarred(f.ctx, s.SupplierId, theirs, f.ctx.BlockTime())
	require.NoError(t, err)
	require.True(t, debarred, "the other agency's debarment stands")
	isAdmin, err := f.k.IsAgencyAdmin(f.ctx, mine, f.admin.Address)
	require.NoError(t, err)
	require.True(t, isAdmin)
	isAdmin, err = f.k.IsAgencyAdmin(f.ctx, theirs, f.admin.Address)
	require.NoError(t, err)
	require.False(t, isAdmin)
}

func TestEveryAgencyMsgRefusedOnASuspendedAgency(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	f.grant(t, id, f.alice, types.ROLE_EVALUATOR)
	s, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.bob, "90000009"))
	require.NoError(t, err)
	d, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: f.admin.Address.String(), AgencyId: id, SupplierId: s.SupplierId, Reason: "r", End: f.ctx.BlockTime().Add(time.Hour)})
	require.NoError(t, err)
	_, err = f.ms.SetAgencyStatus(f.ctx, &types.MsgSetAgencyStatus{Authority: f.gov, AgencyId: id, Status: types.AGENCY_STATUS_SUSPENDED, Reason: "audit"})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventAgencyStatusChanged{AgencyId: id, Status: types.AGENCY_STATUS_SUSPENDED, Reason: "audit"})

	admin := f.admin.Address.String()
	for name, tc := range map[string]struct {
		err  error
		want *errorsmod.Error
	}{
		"grant role":  {second(f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: admin, AgencyId: id, Address: admin, Role: types.ROLE_AUDITOR, Reason: "r"})), types.ErrAgencySuspended},
		"revoke role": {second(f.ms.RevokeRole(f.ctx, &types.MsgRevokeRole{Admin: admin, AgencyId: id, Address: f.alice.Address.String(), Role: types.ROLE_EVALUATOR, Reason: "r"})), types.ErrAgencySuspended},
		"debar":       {second(f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: s.SupplierId, Reason: "r", End: f.ctx.BlockTime().Add(time.Hour)})), types.ErrAgencySuspended},
		"lift":        {second(f.ms.LiftDebarment(f.ctx, &types.MsgLiftDebarment{Signer: admin, DebarmentId: d.DebarmentId, Reason: "r"})), types.ErrAgencySuspended},
		"declare":     {second(f.ms.DeclareInterest(f.ctx, &types.MsgDeclareInterest{Declarant: f.alice.Address.String(), AgencyId: id, SupplierId: s.SupplierId, Description: "x"})), types.ErrUnauthorized},
		"issue seats": {second(f.ms.IssueSeats(f.ctx, &types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: admin, Seats: 1})), types.ErrAgencySuspended},
		"gov grant":   {second(f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: f.gov, AgencyId: id, Address: admin, Role: types.ROLE_AUDITOR, Reason: "r"})), types.ErrAgencySuspended},
	} {
		requireErr(t, tc.want, tc.err, name)
	}
	has, err := f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_EVALUATOR)
	require.NoError(t, err)
	require.False(t, has, "role holders of a suspended agency may not act")
	grants, err := f.q.RolesByAgency(f.ctx, &types.QueryRolesByAgencyRequest{AgencyId: id})
	require.NoError(t, err)
	require.Len(t, grants.Roles, 1, "but their grants are kept")

	// Governance may still revoke a role in a suspended agency, and update it.
	_, err = f.ms.RevokeRole(f.ctx, &types.MsgRevokeRole{Admin: f.gov, AgencyId: id, Address: f.alice.Address.String(), Role: types.ROLE_EVALUATOR, Reason: "misconduct"})
	require.NoError(t, err)
	_, err = f.ms.UpdateAgency(f.ctx, &types.MsgUpdateAgency{Authority: f.gov, AgencyId: id, Name: "Agency", Jurisdiction: "EE", Admins: []string{f.bob.Address.String()}})
	require.NoError(t, err)
}

func TestSupplierRegistrationChangesOnlyByGovernance(t *testing.T) {
	f := newFixture(t)
	s, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "EE-100/7"))
	require.NoError(t, err)
	other, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "EE-200/8"))
	require.NoError(t, err)

	// Registration numbers are printable ASCII, compared case-insensitively.
	for _, bad := range []string{"１２３", "10 000\u00a0001", "abc\x00", "tab\tnumber", strings.Repeat("9", types.MaxRegistrationNumberLength+1), ""} {
		_, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, bad))
		requireErr(t, types.ErrInvalidSupplier, err, bad)
	}
	for _, same := range []string{"ee-100/7", "EE 100 7", "EE1007", "E.E.-1-0-0-7"} {
		_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.alice, same))
		requireErr(t, types.ErrDuplicateSupplier, err, fmt.Sprintf("%q is the same company as EE-100/7 (case, spaces and punctuation do not count)", same))
	}
	_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.alice, "--/--"))
	requireErr(t, types.ErrInvalidSupplier, err, "a number needs a letter or digit")

	amend := types.MsgAmendSupplierRegistration{Authority: f.carol.Address.String(), SupplierId: s.SupplierId, Country: "LV", RegistrationNumber: "40003000001", Reason: "moved"}
	_, err = f.ms.AmendSupplierRegistration(f.ctx, &amend)
	requireErr(t, types.ErrInvalidAuthority, err, "the owner may not change its registration")
	amend.Authority = f.gov
	for name, tc := range map[string]struct {
		edit func(m *types.MsgAmendSupplierRegistration)
		want *errorsmod.Error
	}{
		"unknown supplier": {func(m *types.MsgAmendSupplierRegistration) { m.SupplierId = 99 }, types.ErrSupplierNotFound},
		"bad country":      {func(m *types.MsgAmendSupplierRegistration) { m.Country = "Latvia" }, types.ErrInvalidSupplier},
		"non-ASCII number": {func(m *types.MsgAmendSupplierRegistration) { m.RegistrationNumber = "４０００" }, types.ErrInvalidSupplier},
		"no reason":        {func(m *types.MsgAmendSupplierRegistration) { m.Reason = "" }, types.ErrInvalidSupplier},
		"another's number": {func(m *types.MsgAmendSupplierRegistration) { m.Country, m.RegistrationNumber = "EE", "ee-200/8" }, types.ErrDuplicateSupplier},
		"no change":        {func(m *types.MsgAmendSupplierRegistration) { m.Country, m.RegistrationNumber = "EE", "EE-100/7" }, types.ErrInvalidSupplier},
	} {
		m := amend
		tc.edit(&m)
		_, err := f.ms.AmendSupplierRegistration(f.ctx, &m)
		requireErr(t, tc.want, err, name)
	}
	current, err := f.k.GetSupplier(f.ctx, s.SupplierId)
	require.NoError(t, err)
	require.Equal(t, uint64(1), current.Version, "failed amendments change nothing")

	out, err := f.ms.AmendSupplierRegistration(f.ctx, &amend)
	require.NoError(t, err)
	require.Equal(t, uint64(2), out.Version)
	requireEvent(t, f.ctx, &types.EventSupplierRegistrationAmended{SupplierId: s.SupplierId, Version: 2, Country: "LV", RegistrationNumber: "40003000001", Reason: "moved"})
	current, err = f.k.GetSupplier(f.ctx, s.SupplierId)
	require.NoError(t, err)
	require.Equal(t, "LV", current.Country)
	hist, err := f.q.SupplierHistory(f.ctx, &types.QuerySupplierHistoryRequest{SupplierId: s.SupplierId})
	require.NoError(t, err)
	require.Equal(t, "EE-100/7", hist.Versions[0].RegistrationNumber, "the old registration stays in the history")
	// The old number is free again, the new one is taken.
	_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.alice, "EE-100/7"))
	require.NoError(t, err)
	_ = other
}

func TestPartyDisownsAListing(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	// carol's company lists alice as owner and bob as representative.
	s, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "11111111"))
	require.NoError(t, err)
	sid := s.SupplierId
	conflict := func(who testutil.Account) bool {
		c, err := f.k.HasConflict(f.ctx, who.Address, sid)
		require.NoError(t, err)
		return c
	}
	require.True(t, conflict(f.bob))

	_, err = f.ms.DisownParty(f.ctx, &types.MsgDisownParty{Party: "civ1bogus", SupplierId: sid, Reason: "r"})
	requireErr(t, types.ErrInvalidAddress, err)
	_, err = f.ms.ConfirmParty(f.ctx, &types.MsgConfirmParty{Party: "", SupplierId: sid})
	requireErr(t, types.ErrInvalidAddress, err)
	disown := types.MsgDisownParty{Party: f.admin.Address.String(), SupplierId: sid, Reason: "never heard of them"}
	_, err = f.ms.DisownParty(f.ctx, &disown)
	requireErr(t, types.ErrPartyNotListed, err, "only a listed party may disown")
	disown.Party = upper(f.bob)
	disown.SupplierId = 99
	_, err = f.ms.DisownParty(f.ctx, &disown)
	requireErr(t, types.ErrSupplierNotFound, err)
	disown.SupplierId = sid
	disown.Reason = ""
	_, err = f.ms.DisownParty(f.ctx, &disown)
	requireErr(t, types.ErrInvalidSupplier, err)
	disown.Reason = "I never represented them"

	out, err := f.ms.DisownParty(f.ctx, &disown)
	require.NoError(t, err)
	require.Equal(t, uint64(2), out.Version)
	requireEvent(t, f.ctx, &types.EventPartyDisowned{SupplierId: sid, Party: f.bob.Address.String(), Version: 2, Reason: "I never represented them"})
	require.False(t, conflict(f.bob), "a disowned listing no longer counts")
	require.True(t, conflict(f.alice), "the others still do")
	hist, err := f.q.SupplierHistory(f.ctx, &types.QuerySupplierHistoryRequest{SupplierId: sid})
	require.NoError(t, err)
	require.Equal(t, f.bob.Address.String(), hist.Versions[0].Representatives[0].Address, "the listing stays in the history")
	list, err := f.q.Disownments(f.ctx, &types.QueryDisownmentsRequest{SupplierId: sid})
	require.NoError(t, err)
	require.Len(t, list.Disownments, 1)

	// The owner cannot list bob again without bob's consent.
	relist := &types.MsgUpdateSupplier{Owner: f.carol.Address.String(), SupplierId: sid, Name: "Roads Ltd",
		BeneficialOwners: []types.Party{{Address: f.alice.Address.String(), ShareBps: 10000}}, Representatives: []types.Party{{Address: upper(f.bob)}}}
	_, err = f.ms.UpdateSupplier(f.ctx, relist)
	requireErr(t, types.ErrPartyNotConsenting, err)
	_, err = f.ms.ConfirmParty(f.ctx, &types.MsgConfirmParty{Party: f.alice.Address.String(), SupplierId: sid})
	requireErr(t, types.ErrPartyNotListed, err, "only the party that disowned may confirm")
	_, err = f.ms.ConfirmParty(f.ctx, &types.MsgConfirmParty{Party: f.bob.Address.String(), SupplierId: sid})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventPartyConfirmed{SupplierId: sid, Party: f.bob.Address.String()})
	_, err = f.ms.UpdateSupplier(f.ctx, relist)
	require.NoError(t, err)
	require.True(t, conflict(f.bob))

	// The last owner may disown too: the supplier then lists none.
	_, err = f.ms.DisownParty(f.ctx, &types.MsgDisownParty{Party: f.alice.Address.String(), SupplierId: sid, Reason: "sold my share"})
	require.NoError(t, err)
	current, err := f.k.GetSupplier(f.ctx, sid)
	require.NoError(t, err)
	require.Empty(t, current.BeneficialOwners)
	gs, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.NoError(t, gs.Validate(f.k.AddressCodec()), "the export stays importable")
	_ = id
}

func TestDebarmentsKeepTheirHistory(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	s, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "22222222"))
	require.NoError(t, err)
	sid, admin, now := s.SupplierId, f.admin.Address.String(), f.ctx.BlockTime()
	debarred := func(at time.Time) bool {
		d, err := f.k.IsDebarred(f.ctx, sid, id, at)
		require.NoError(t, err)
		return d
	}
	long, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: sid, Reason: "bid rigging", End: now.Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventSupplierDebarred{DebarmentId: long.DebarmentId, SupplierId: sid, AgencyId: id, Reason: "bid rigging", Start: now, End: now.Add(365 * 24 * time.Hour), DebarredBy: admin})
	short, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: sid, Reason: "late delivery", End: now.Add(24 * time.Hour)})
	require.NoError(t, err)
	require.NotEqual(t, long.DebarmentId, short.DebarmentId)
	require.True(t, debarred(now.Add(30*24*time.Hour)), "a later, shorter debarment does not shorten the first")

	lift := types.MsgLiftDebarment{Signer: f.alice.Address.String(), DebarmentId: long.DebarmentId, Reason: "overturned on appeal"}
	_, err = f.ms.LiftDebarment(f.ctx, &lift)
	requireErr(t, types.ErrUnauthorized, err, "wrong signer")
	for name, tc := range map[string]struct {
		m    types.MsgLiftDebarment
		want *errorsmod.Error
	}{
		"unknown debarment": {types.MsgLiftDebarment{Signer: admin, DebarmentId: 99, Reason: "r"}, types.ErrDebarmentNotFound},
		"no reason":         {types.MsgLiftDebarment{Signer: admin, DebarmentId: long.DebarmentId}, types.ErrInvalidDebarment},
		"bad signer":        {types.MsgLiftDebarment{Signer: "x", DebarmentId: long.DebarmentId, Reason: "r"}, types.ErrInvalidAddress},
	} {
		_, err := f.ms.LiftDebarment(f.ctx, &tc.m)
		requireErr(t, tc.want, err, name)
	}
	lift.Signer = admin
	_, err = f.ms.LiftDebarment(f.ctx, &lift)
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventDebarmentLifted{DebarmentId: long.DebarmentId, SupplierId: sid, AgencyId: id, LiftedBy: admin, Reason: "overturned on appeal"})
	_, err = f.ms.LiftDebarment(f.ctx, &lift)
	requireErr(t, types.ErrInvalidDebarment, err, "lifted once")
	require.True(t, debarred(now.Add(time.Hour)), "the other debarment still applies")
	require.False(t, debarred(now.Add(30*24*time.Hour)))

	// Governance may lift one too.
	_, err = f.ms.LiftDebarment(f.ctx, &types.MsgLiftDebarment{Signer: f.gov, DebarmentId: short.DebarmentId, Reason: "council decision"})
	require.NoError(t, err)
	require.False(t, debarred(now.Add(time.Hour)))

	// Both stay listed, with who lifted them and why.
	list, err := f.q.Debarments(f.ctx, &types.QueryDebarmentsRequest{SupplierId: sid})
	require.NoError(t, err)
	require.Len(t, list.Debarments, 2)
	got := list.Debarments[0]
	require.True(t, got.Lifted)
	require.Equal(t, admin, got.LiftedBy)
	require.Equal(t, "overturned on appeal", got.LiftReason)
	require.Equal(t, "bid rigging", got.Reason)
}

// TestLoweredParamsKeepTheExportImportable: params bound new input only.
func TestLoweredParamsKeepTheExportImportable(t *testing.T) {
	lowest := types.Params{MaxAdmins: 1, MaxParties: 1, MaxTextLength: 64, MaxSeatsPerAgency: 1}
	for name, lower := range map[string]func(p *types.Params){
		"max_admins":           func(p *types.Params) { p.MaxAdmins = lowest.MaxAdmins },
		"max_parties":          func(p *types.Params) { p.MaxParties = lowest.MaxParties },
		"max_text_length":      func(p *types.Params) { p.MaxTextLength = lowest.MaxTextLength },
		"max_seats_per_agency": func(p *types.Params) { p.MaxSeatsPerAgency = lowest.MaxSeatsPerAgency },
	} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			long := strings.Repeat("x", 500)
			p := types.DefaultParams()
			p.MaxSeatsPerAgency = 2
			_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.NoError(t, err)
			res, err := f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: long, Jurisdiction: "EE",
				Admins: []string{f.admin.Address.String(), f.alice.Address.String()}})
			require.NoError(t, err)
			_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "33333333"))
			require.NoError(t, err)
			_, err = f.ms.IssueSeats(f.ctx, &types.MsgIssueSeats{Authority: f.gov, AgencyId: res.AgencyId, Operator: f.bob.Address.String(), Seats: 2})
			require.NoError(t, err)

			lower(&p)
			_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
			require.NoError(t, err)
			requireEvent(t, f.ctx, &types.EventParamsUpdated{Params: p})

			exported, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			require.NoError(t, exported.Validate(f.k.AddressCodec()))
			g := emptyKeeper(t, f)
			require.NoError(t, g.k.InitGenesis(g.ctx, exported))
			again, err := g.k.ExportGenesis(g.ctx)
			require.NoError(t, err)
			require.Equal(t, exported, again)
		})
	}
	// Params may not exceed the hard bounds that stored records are checked against.
	require.Error(t, types.Params{MaxAdmins: types.HardMaxAdmins + 1, MaxParties: 1, MaxTextLength: 64, MaxSeatsPerAgency: 1}.Validate())
	require.Error(t, types.Params{MaxAdmins: 1, MaxParties: 1, MaxTextLength: types.HardMaxTextLength + 1, MaxSeatsPerAgency: 1}.Validate())
}
