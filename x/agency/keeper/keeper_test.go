package keeper_test

import (
	"strings"
	"testing"
	"time"

	abci "github.com/cometbft/cometbft/abci/types"
	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/agency/keeper"
	"github.com/civitas-chain/civitas/x/agency/types"
)

// fixture is a real app (testutil.Chain) with the agency keeper and its
// services, and a context on which Msgs are run directly.
type fixture struct {
	c     *testutil.Chain
	k     keeper.Keeper
	ms    types.MsgServer
	q     types.QueryServer
	ctx   sdk.Context
	gov   string
	admin testutil.Account
	alice testutil.Account
	bob   testutil.Account
	carol testutil.Account
	// firstID is the id of the first agency a test registers (the chain's
	// validator bodies come before).
	firstID uint64
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"admin", "alice", "bob", "carol"}})
	k := c.App.AgencyKeeper
	f := &fixture{
		c: c, k: k, ms: keeper.NewMsgServerImpl(k), q: keeper.NewQuerier(k),
		ctx: c.Ctx().WithEventManager(sdk.NewEventManager()),
		gov: testutil.GovAuthority(), admin: c.Accounts["admin"], alice: c.Accounts["alice"],
		bob: c.Accounts["bob"], carol: c.Accounts["carol"],
	}
	next, err := k.AgencySeq.Peek(f.ctx)
	require.NoError(t, err)
	f.firstID = next
	return f
}

// registerAgency registers an agency administered by f.admin.
func (f *fixture) registerAgency(t *testing.T, name string) uint64 {
	t.Helper()
	res, err := f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{
		Authority: f.gov, Name: name, Jurisdiction: "EE-37", Admins: []string{f.admin.Address.String()},
	})
	require.NoError(t, err)
	return res.AgencyId
}

func (f *fixture) grant(t *testing.T, agencyID uint64, who testutil.Account, role types.Role) {
	t.Helper()
	_, err := f.ms.GrantRole(f.ctx, &types.MsgGrantRole{
		Admin: f.admin.Address.String(), AgencyId: agencyID, Address: who.Address.String(), Role: role, Reason: "appointed",
	})
	require.NoError(t, err)
}

// supplierMsg is a valid registration by owner, with alice as owner and bob as representative.
func (f *fixture) supplierMsg(owner testutil.Account, regNumber string) *types.MsgRegisterSupplier {
	return &types.MsgRegisterSupplier{
		Owner: owner.Address.String(), Name: "Roads Ltd", RegistrationNumber: regNumber, Country: "EE",
		BeneficialOwners: []types.Party{{Address: f.alice.Address.String(), ShareBps: 6000}, {IdentityHash: strings.Repeat("ab", 32), ShareBps: 4000}},
		Representatives:  []types.Party{{Address: f.bob.Address.String()}},
	}
}

func requireErr(t *testing.T, want *errorsmod.Error, err error, why ...string) {
	t.Helper()
	require.Error(t, err, strings.Join(why, " "))
	require.True(t, want.Is(err), "want %s, got %v %s", want, err, strings.Join(why, " "))
}

func TestRegisterAgency(t *testing.T) {
	f := newFixture(t)
	admin := f.admin.Address.String()
	tooMany := make([]string, types.DefaultMaxAdmins+1)
	for i := range tooMany {
		tooMany[i] = sdk.AccAddress([]byte(strings.Repeat(string(rune('a'+i)), 20))).String()
	}

	tests := []struct {
		name    string
		msg     types.MsgRegisterAgency
		wantErr *errorsmod.Error
	}{
		{"wrong signer", types.MsgRegisterAgency{Authority: admin, Name: "N", Jurisdiction: "J", Admins: []string{admin}}, types.ErrInvalidAuthority},
		{"empty name", types.MsgRegisterAgency{Authority: f.gov, Name: " ", Jurisdiction: "J", Admins: []string{admin}}, types.ErrInvalidAgency},
		{"empty jurisdiction", types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "", Admins: []string{admin}}, types.ErrInvalidAgency},
		{"name too long", types.MsgRegisterAgency{Authority: f.gov, Name: strings.Repeat("x", types.DefaultMaxTextLength+1), Jurisdiction: "J", Admins: []string{admin}}, types.ErrInvalidAgency},
		{"no admins", types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "J"}, types.ErrInvalidAgency},
		{"bad admin address", types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "J", Admins: []string{"civ1nope"}}, types.ErrInvalidAddress},
		{"duplicate admin", types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "J", Admins: []string{admin, admin}}, types.ErrInvalidAgency},
		{"too many admins", types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "J", Admins: tooMany}, types.ErrInvalidAgency},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.ms.RegisterAgency(f.ctx, &tc.msg)
			requireErr(t, tc.wantErr, err)
			next, err := f.k.AgencySeq.Peek(f.ctx)
			require.NoError(t, err)
			require.Equal(t, f.firstID, next, "a failed Msg assigns no id")
		})
	}

	t.Run("success", func(t *testing.T) {
		res, err := f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: "Tartu City", Jurisdiction: "EE-79", Admins: []string{admin}})
		require.NoError(t, err)
		id := f.firstID
		require.Equal(t, id, res.AgencyId)
		a, err := f.k.GetAgency(f.ctx, id)
		require.NoError(t, err)
		require.Equal(t, types.Agency{Id: id, Name: "Tartu City", Jurisdiction: "EE-79", Admins: []string{admin}, Status: types.AGENCY_STATUS_ACTIVE}, a)
		requireEvent(t, f.ctx, &types.EventAgencyRegistered{AgencyId: id, Name: "Tartu City", Jurisdiction: "EE-79", Admins: []string{admin}})
	})
}

func TestUpdateAgencyAndStatus(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	f.grant(t, id, f.alice, types.ROLE_PROCUREMENT_OFFICER)
	newAdmins := []string{f.bob.Address.String()}

	_, err := f.ms.UpdateAgency(f.ctx, &types.MsgUpdateAgency{Authority: f.admin.Address.String(), AgencyId: id, Name: "X", Jurisdiction: "Y", Admins: newAdmins})
	requireErr(t, types.ErrInvalidAuthority, err)
	_, err = f.ms.UpdateAgency(f.ctx, &types.MsgUpdateAgency{Authority: f.gov, AgencyId: 99, Name: "X", Jurisdiction: "Y", Admins: newAdmins})
	requireErr(t, types.ErrAgencyNotFound, err)
	_, err = f.ms.UpdateAgency(f.ctx, &types.MsgUpdateAgency{Authority: f.gov, AgencyId: id, Name: "X", Jurisdiction: "Y"})
	requireErr(t, types.ErrInvalidAgency, err)
	a, _ := f.k.GetAgency(f.ctx, id)
	require.Equal(t, "Agency", a.Name, "failed updates change nothing")

	_, err = f.ms.UpdateAgency(f.ctx, &types.MsgUpdateAgency{Authority: f.gov, AgencyId: id, Name: "Renamed", Jurisdiction: "EE", Admins: newAdmins})
	require.NoError(t, err)
	a, _ = f.k.GetAgency(f.ctx, id)
	require.Equal(t, "Renamed", a.Name)
	require.Equal(t, newAdmins, a.Admins)

	// Suspension stops every role holder; reactivation restores them.
	status := func(s types.AgencyStatus, reason string) error {
		_, err := f.ms.SetAgencyStatus(f.ctx, &types.MsgSetAgencyStatus{Authority: f.gov, AgencyId: id, Status: s, Reason: reason})
		return err
	}
	_, err = f.ms.SetAgencyStatus(f.ctx, &types.MsgSetAgencyStatus{Authority: f.alice.Address.String(), AgencyId: id, Status: types.AGENCY_STATUS_SUSPENDED, Reason: "r"})
	requireErr(t, types.ErrInvalidAuthority, err)
	requireErr(t, types.ErrInvalidAgency, status(types.AGENCY_STATUS_UNSPECIFIED, "r"))
	requireErr(t, types.ErrInvalidAgency, status(types.AGENCY_STATUS_ACTIVE, "r")) // already active
	requireErr(t, types.ErrInvalidAgency, status(types.AGENCY_STATUS_SUSPENDED, ""))

	has, err := f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_PROCUREMENT_OFFICER)
	require.NoError(t, err)
	require.True(t, has)
	require.NoError(t, status(types.AGENCY_STATUS_SUSPENDED, "audit findings"))
	has, err = f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_PROCUREMENT_OFFICER)
	require.NoError(t, err)
	require.False(t, has, "a suspended agency's role holders may not act")
	_, err = f.ms.GrantRole(f.ctx, &types.MsgGrantRole{Admin: f.bob.Address.String(), AgencyId: id, Address: f.carol.Address.String(), Role: types.ROLE_AUDITOR, Reason: "r"})
	requireErr(t, types.ErrAgencySuspended, err)
	require.NoError(t, status(types.AGENCY_STATUS_ACTIVE, "resolved"))
	has, err = f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_PROCUREMENT_OFFICER)
	require.NoError(t, err)
	require.True(t, has)
}

func TestGrantAndRevokeRole(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	admin, alice := f.admin.Address.String(), f.alice.Address.String()

	grant := func(m types.MsgGrantRole) error { _, err := f.ms.GrantRole(f.ctx, &m); return err }
	tests := []struct {
		name    string
		msg     types.MsgGrantRole
		wantErr *errorsmod.Error
	}{
		{"wrong signer (not an admin)", types.MsgGrantRole{Admin: alice, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "r"}, types.ErrUnauthorized},
		{"unknown agency", types.MsgGrantRole{Admin: admin, AgencyId: 42, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "r"}, types.ErrAgencyNotFound},
		{"no role", types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Reason: "r"}, types.ErrInvalidRole},
		{"unknown role", types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Role: 99, Reason: "r"}, types.ErrInvalidRole},
		{"bad address", types.MsgGrantRole{Admin: admin, AgencyId: id, Address: "civ1bad", Role: types.ROLE_EVALUATOR, Reason: "r"}, types.ErrInvalidAddress},
		{"no reason", types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR}, types.ErrInvalidRole},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			requireErr(t, tc.wantErr, grant(tc.msg))
			has, err := f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_EVALUATOR)
			require.NoError(t, err)
			require.False(t, has)
		})
	}

	require.NoError(t, grant(types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "panel 2026"}))
	requireEvent(t, f.ctx, &types.EventRoleGranted{AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "panel 2026", GrantedBy: admin})
	requireErr(t, types.ErrRoleExists, grant(types.MsgGrantRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "again"}))
	has, err := f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_EVALUATOR)
	require.NoError(t, err)
	require.True(t, has)
	has, err = f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_TREASURER)
	require.NoError(t, err)
	require.False(t, has, "roles are distinct")

	byAccount, err := f.q.RolesByAccount(f.ctx, &types.QueryRolesByAccountRequest{Address: alice})
	require.NoError(t, err)
	require.Len(t, byAccount.Roles, 1)
	require.Equal(t, "panel 2026", byAccount.Roles[0].Reason)
	require.Equal(t, admin, byAccount.Roles[0].GrantedBy)

	revoke := func(m types.MsgRevokeRole) error { _, err := f.ms.RevokeRole(f.ctx, &m); return err }
	requireErr(t, types.ErrUnauthorized, revoke(types.MsgRevokeRole{Admin: alice, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "r"}))
	requireErr(t, types.ErrRoleNotFound, revoke(types.MsgRevokeRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_AUDITOR, Reason: "r"}))
	requireErr(t, types.ErrInvalidRole, revoke(types.MsgRevokeRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR}))
	require.NoError(t, revoke(types.MsgRevokeRole{Admin: admin, AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "left"}))
	requireEvent(t, f.ctx, &types.EventRoleRevoked{AgencyId: id, Address: alice, Role: types.ROLE_EVALUATOR, Reason: "left", RevokedBy: admin})
	has, err = f.k.HasRole(f.ctx, id, f.alice.Address, types.ROLE_EVALUATOR)
	require.NoError(t, err)
	require.False(t, has)
	byAccount, err = f.q.RolesByAccount(f.ctx, &types.QueryRolesByAccountRequest{Address: alice})
	require.NoError(t, err)
	require.Empty(t, byAccount.Roles)
}

func TestRegisterAndUpdateSupplier(t *testing.T) {
	f := newFixture(t)
	owner := f.carol

	bad := []struct {
		name    string
		edit    func(m *types.MsgRegisterSupplier)
		wantErr *errorsmod.Error
	}{
		{"bad owner", func(m *types.MsgRegisterSupplier) { m.Owner = "x" }, types.ErrInvalidAddress},
		{"no name", func(m *types.MsgRegisterSupplier) { m.Name = "" }, types.ErrInvalidSupplier},
		{"no registration number", func(m *types.MsgRegisterSupplier) { m.RegistrationNumber = "" }, types.ErrInvalidSupplier},
		{"bad country", func(m *types.MsgRegisterSupplier) { m.Country = "Estonia" }, types.ErrInvalidSupplier},
		{"lowercase country", func(m *types.MsgRegisterSupplier) { m.Country = "ee" }, types.ErrInvalidSupplier},
		{"no owners", func(m *types.MsgRegisterSupplier) { m.BeneficialOwners = nil }, types.ErrInvalidSupplier},
		{"empty party", func(m *types.MsgRegisterSupplier) { m.BeneficialOwners[0] = types.Party{ShareBps: 10} }, types.ErrInvalidSupplier},
		{"bad party address", func(m *types.MsgRegisterSupplier) { m.BeneficialOwners[0].Address = "civ1zz" }, types.ErrInvalidAddress},
		{"bad identity hash", func(m *types.MsgRegisterSupplier) { m.BeneficialOwners[1].IdentityHash = "ABC" }, types.ErrInvalidSupplier},
		{"shares over 100 %", func(m *types.MsgRegisterSupplier) { m.BeneficialOwners[0].ShareBps = 7000 }, types.ErrInvalidSupplier},
		{"representative with a share", func(m *types.MsgRegisterSupplier) { m.Representatives[0].ShareBps = 1 }, types.ErrInvalidSupplier},
		{"owner listed twice", func(m *types.MsgRegisterSupplier) {
			m.BeneficialOwners = append(m.BeneficialOwners, types.Party{Address: m.BeneficialOwners[0].Address})
		}, types.ErrInvalidSupplier},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			msg := f.supplierMsg(owner, "10000001")
			tc.edit(msg)
			_, err := f.ms.RegisterSupplier(f.ctx, msg)
			requireErr(t, tc.wantErr, err)
			next, err := f.k.SupplierSeq.Peek(f.ctx)
			require.NoError(t, err)
			require.Equal(t, uint64(1), next, "a failed Msg assigns no id")
		})
	}

	res, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(owner, "10000001"))
	require.NoError(t, err)
	id := res.SupplierId
	requireEvent(t, f.ctx, &types.EventSupplierRegistered{SupplierId: id, Owner: owner.Address.String(), Name: "Roads Ltd", RegistrationNumber: "10000001", Country: "EE"})
	_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.alice, " 10000001 "))
	requireErr(t, types.ErrInvalidSupplier, err, "registration numbers have no surrounding spaces")
	_, err = f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.alice, "10000001"))
	requireErr(t, types.ErrDuplicateSupplier, err)

	// Update: a new version; the old one stays in the history.
	upd := &types.MsgUpdateSupplier{
		Owner: owner.Address.String(), SupplierId: id, Name: "Roads and Bridges Ltd",
		BeneficialOwners: []types.Party{{Address: f.alice.Address.String(), ShareBps: 10000}},
	}
	wrong := *upd
	wrong.Owner = f.alice.Address.String()
	_, err = f.ms.UpdateSupplier(f.ctx, &wrong)
	requireErr(t, types.ErrUnauthorized, err)
	missing := *upd
	missing.SupplierId = 77
	_, err = f.ms.UpdateSupplier(f.ctx, &missing)
	requireErr(t, types.ErrSupplierNotFound, err)
	invalid := *upd
	invalid.BeneficialOwners = nil
	_, err = f.ms.UpdateSupplier(f.ctx, &invalid)
	requireErr(t, types.ErrInvalidSupplier, err)

	out, err := f.ms.UpdateSupplier(f.ctx, upd)
	require.NoError(t, err)
	require.Equal(t, uint64(2), out.Version)
	s, err := f.k.GetSupplier(f.ctx, id)
	require.NoError(t, err)
	require.Equal(t, "Roads and Bridges Ltd", s.Name)
	require.Equal(t, uint64(2), s.Version)
	hist, err := f.q.SupplierHistory(f.ctx, &types.QuerySupplierHistoryRequest{SupplierId: id})
	require.NoError(t, err)
	require.Len(t, hist.Versions, 1)
	require.Equal(t, "Roads Ltd", hist.Versions[0].Name)
	require.Equal(t, uint64(1), hist.Versions[0].Version)
}

func TestConflictOfInterest(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	res, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "30000003"))
	require.NoError(t, err)
	supplier := res.SupplierId

	// carol owns the record, alice owns the company, bob represents it, admin is unrelated.
	for _, tc := range []struct {
		who  testutil.Account
		want bool
	}{{f.carol, true}, {f.alice, true}, {f.bob, true}, {f.admin, false}} {
		got, err := f.k.HasConflict(f.ctx, tc.who.Address, supplier)
		require.NoError(t, err)
		require.Equal(t, tc.want, got, tc.who.Name)
	}
	_, err = f.k.HasConflict(f.ctx, f.admin.Address, 999)
	requireErr(t, types.ErrSupplierNotFound, err)

	// Declarations: only role holders of an active agency may declare.
	declare := func(who testutil.Account, agencyID, supplierID uint64, desc string) error {
		_, err := f.ms.DeclareInterest(f.ctx, &types.MsgDeclareInterest{Declarant: who.Address.String(), AgencyId: agencyID, SupplierId: supplierID, Description: desc})
		return err
	}
	requireErr(t, types.ErrUnauthorized, declare(f.admin, id, supplier, "my cousin's firm"))
	f.grant(t, id, f.admin, types.ROLE_EVALUATOR)
	requireErr(t, types.ErrSupplierNotFound, declare(f.admin, id, 999, "x"))
	requireErr(t, types.ErrInvalidDeclaration, declare(f.admin, id, supplier, ""))
	requireErr(t, types.ErrInvalidAddress, func() error {
		_, err := f.ms.DeclareInterest(f.ctx, &types.MsgDeclareInterest{Declarant: "nope", AgencyId: id, SupplierId: supplier, Description: "x"})
		return err
	}())
	got, err := f.k.HasConflict(f.ctx, f.admin.Address, supplier)
	require.NoError(t, err)
	require.False(t, got, "failed declarations record nothing")

	require.NoError(t, declare(f.admin, id, supplier, "my cousin's firm"))
	requireEvent(t, f.ctx, &types.EventInterestDeclared{DeclarationId: 1, Declarant: f.admin.Address.String(), AgencyId: id, SupplierId: supplier})
	got, err = f.k.HasConflict(f.ctx, f.admin.Address, supplier)
	require.NoError(t, err)
	require.True(t, got)

	decls, err := f.q.Declarations(f.ctx, &types.QueryDeclarationsRequest{Declarant: f.admin.Address.String()})
	require.NoError(t, err)
	require.Len(t, decls.Declarations, 1)
	other, err := f.q.Declarations(f.ctx, &types.QueryDeclarationsRequest{Declarant: f.bob.Address.String()})
	require.NoError(t, err)
	require.Empty(t, other.Declarations)
}

func TestDebarSupplier(t *testing.T) {
	f := newFixture(t)
	id := f.registerAgency(t, "Agency")
	res, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "40000004"))
	require.NoError(t, err)
	supplier := res.SupplierId
	now := f.ctx.BlockTime()
	end := now.Add(365 * 24 * time.Hour)
	admin := f.admin.Address.String()

	tests := []struct {
		name    string
		msg     types.MsgDebarSupplier
		wantErr *errorsmod.Error
	}{
		{"wrong signer", types.MsgDebarSupplier{Admin: f.alice.Address.String(), AgencyId: id, SupplierId: supplier, Reason: "fraud", End: end}, types.ErrUnauthorized},
		{"unknown agency", types.MsgDebarSupplier{Admin: admin, AgencyId: 9, SupplierId: supplier, Reason: "fraud", End: end}, types.ErrAgencyNotFound},
		{"unknown supplier", types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: 9, Reason: "fraud", End: end}, types.ErrSupplierNotFound},
		{"no reason", types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: supplier, End: end}, types.ErrInvalidDebarment},
		{"end in the past", types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: supplier, Reason: "fraud", End: now.Add(-time.Hour)}, types.ErrInvalidDebarment},
		{"end now", types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: supplier, Reason: "fraud", End: now}, types.ErrInvalidDebarment},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := f.ms.DebarSupplier(f.ctx, &tc.msg)
			requireErr(t, tc.wantErr, err)
			debarred, err := f.k.IsDebarred(f.ctx, supplier, id, now)
			require.NoError(t, err)
			require.False(t, debarred)
		})
	}

	_, err = f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: admin, AgencyId: id, SupplierId: supplier, Reason: "bid rigging, case 12/2026", End: end})
	require.NoError(t, err)
	requireEvent(t, f.ctx, &types.EventSupplierDebarred{DebarmentId: 1, SupplierId: supplier, AgencyId: id, Reason: "bid rigging, case 12/2026", Start: now, End: end, DebarredBy: admin})
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{{now, true}, {end.Add(-time.Second), true}, {end, false}, {now.Add(-time.Second), false}} {
		debarred, err := f.k.IsDebarred(f.ctx, supplier, id, tc.at)
		require.NoError(t, err)
		require.Equal(t, tc.want, debarred, "at %s", tc.at)
	}
	other := f.registerAgency(t, "Other agency")
	debarred, err := f.k.IsDebarred(f.ctx, supplier, other, now)
	require.NoError(t, err)
	require.False(t, debarred, "a debarment is scoped to its agency")

	list, err := f.q.Debarments(f.ctx, &types.QueryDebarmentsRequest{SupplierId: supplier})
	require.NoError(t, err)
	require.Len(t, list.Debarments, 1)
}

func TestUpdateParams(t *testing.T) {
	f := newFixture(t)
	_, err := f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.alice.Address.String(), Params: types.DefaultParams()})
	requireErr(t, types.ErrInvalidAuthority, err)
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxAdmins: 0, MaxParties: 1, MaxTextLength: 100, MaxSeatsPerAgency: 1}})
	requireErr(t, types.ErrInvalidParams, err)
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxAdmins: 1, MaxParties: 0, MaxTextLength: 100, MaxSeatsPerAgency: 1}})
	requireErr(t, types.ErrInvalidParams, err)
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxAdmins: 1, MaxParties: 1, MaxTextLength: 10, MaxSeatsPerAgency: 1}})
	requireErr(t, types.ErrInvalidParams, err)
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: types.Params{MaxAdmins: 1, MaxParties: 1, MaxTextLength: 100}})
	requireErr(t, types.ErrInvalidParams, err)

	p := types.Params{MaxAdmins: 1, MaxParties: 3, MaxTextLength: 200, MaxSeatsPerAgency: 2}
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: f.gov, Params: p})
	require.NoError(t, err)
	got, err := f.q.Params(f.ctx, &types.QueryParamsRequest{})
	require.NoError(t, err)
	require.Equal(t, p, got.Params)

	// The new bound applies.
	_, err = f.ms.RegisterAgency(f.ctx, &types.MsgRegisterAgency{Authority: f.gov, Name: "N", Jurisdiction: "J",
		Admins: []string{f.admin.Address.String(), f.alice.Address.String()}})
	requireErr(t, types.ErrInvalidAgency, err)
}

// requireEvent checks that the last event emitted on ctx is want, field by
// field (not only its type).
func requireEvent(t *testing.T, ctx sdk.Context, want proto.Message) {
	t.Helper()
	events := ctx.EventManager().Events()
	require.NotEmpty(t, events, "no event emitted")
	got, err := sdk.ParseTypedEvent(abci.Event(events[len(events)-1]))
	require.NoError(t, err)
	require.Equal(t, want, got)
}
