package keeper_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/runtime"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdktestutil "github.com/cosmos/cosmos-sdk/testutil"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	govv1 "github.com/cosmos/cosmos-sdk/x/gov/types/v1"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/agency/keeper"
	"github.com/civitas-chain/civitas/x/agency/types"
)

func TestQueries(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"A", "B", "C"} {
		f.registerAgency(t, name)
	}
	a, b := f.firstID, f.firstID+1 // agencies before them are the validator bodies
	f.grant(t, b, f.alice, types.ROLE_TREASURER)
	f.grant(t, b, f.bob, types.ROLE_AUDITOR)

	total := f.firstID + 2 // the two validator bodies, A, B, C
	page1, err := f.q.Agencies(f.ctx, &types.QueryAgenciesRequest{Pagination: &query.PageRequest{Limit: total - 1, CountTotal: true}})
	require.NoError(t, err)
	require.Len(t, page1.Agencies, int(total-1))
	require.Equal(t, total, page1.Pagination.Total)
	require.NotEmpty(t, page1.Pagination.NextKey)
	page2, err := f.q.Agencies(f.ctx, &types.QueryAgenciesRequest{Pagination: &query.PageRequest{Key: page1.Pagination.NextKey}})
	require.NoError(t, err)
	require.Len(t, page2.Agencies, 1)
	require.Equal(t, "C", page2.Agencies[0].Name)

	one, err := f.q.Agency(f.ctx, &types.QueryAgencyRequest{AgencyId: b})
	require.NoError(t, err)
	require.Equal(t, "B", one.Agency.Name)

	roles, err := f.q.RolesByAgency(f.ctx, &types.QueryRolesByAgencyRequest{AgencyId: b})
	require.NoError(t, err)
	require.Len(t, roles.Roles, 2)
	none, err := f.q.RolesByAgency(f.ctx, &types.QueryRolesByAgencyRequest{AgencyId: a})
	require.NoError(t, err)
	require.Empty(t, none.Roles, "roles are listed per agency")

	for name, err := range map[string]error{
		"agency":             second(f.q.Agency(f.ctx, &types.QueryAgencyRequest{AgencyId: 9})),
		"roles of no agency": second(f.q.RolesByAgency(f.ctx, &types.QueryRolesByAgencyRequest{AgencyId: 9})),
		"supplier":           second(f.q.Supplier(f.ctx, &types.QuerySupplierRequest{SupplierId: 9})),
		"history of nobody":  second(f.q.SupplierHistory(f.ctx, &types.QuerySupplierHistoryRequest{SupplierId: 9})),
	} {
		require.Equal(t, codes.NotFound, status.Code(err), name)
	}
	for name, err := range map[string]error{
		"nil request":   second(f.q.Agencies(f.ctx, nil)),
		"bad account":   second(f.q.RolesByAccount(f.ctx, &types.QueryRolesByAccountRequest{Address: "nope"})),
		"bad declarant": second(f.q.Declarations(f.ctx, &types.QueryDeclarationsRequest{Declarant: "nope"})),
	} {
		require.Equal(t, codes.InvalidArgument, status.Code(err), name)
	}
}

func second[T any](_ T, err error) error { return err }

// populate builds a state with every kind of record.
func populate(t *testing.T, f *fixture) {
	t.Helper()
	id := f.registerAgency(t, "Agency")
	f.registerAgency(t, "Second")
	f.grant(t, id, f.alice, types.ROLE_EVALUATOR)
	f.grant(t, id, f.admin, types.ROLE_PROCUREMENT_OFFICER)
	res, err := f.ms.RegisterSupplier(f.ctx, f.supplierMsg(f.carol, "50000005"))
	require.NoError(t, err)
	upd := &types.MsgUpdateSupplier{Owner: f.carol.Address.String(), SupplierId: res.SupplierId, Name: "Renamed",
		BeneficialOwners: []types.Party{{Address: f.carol.Address.String(), ShareBps: 10000}}, Representatives: []types.Party{{Address: f.bob.Address.String()}}}
	_, err = f.ms.UpdateSupplier(f.ctx, upd)
	require.NoError(t, err)
	_, err = f.ms.AmendSupplierRegistration(f.ctx, &types.MsgAmendSupplierRegistration{Authority: f.gov, SupplierId: res.SupplierId, Country: "LV", RegistrationNumber: "50000006", Reason: "typo"})
	require.NoError(t, err)
	_, err = f.ms.DisownParty(f.ctx, &types.MsgDisownParty{Party: f.bob.Address.String(), SupplierId: res.SupplierId, Reason: "I never represented them"})
	require.NoError(t, err)
	_, err = f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: f.admin.Address.String(), AgencyId: id, SupplierId: res.SupplierId, Reason: "r", End: f.ctx.BlockTime().Add(time.Hour)})
	require.NoError(t, err)
	d2, err := f.ms.DebarSupplier(f.ctx, &types.MsgDebarSupplier{Admin: f.admin.Address.String(), AgencyId: id, SupplierId: res.SupplierId, Reason: "second", End: f.ctx.BlockTime().Add(2 * time.Hour)})
	require.NoError(t, err)
	_, err = f.ms.LiftDebarment(f.ctx, &types.MsgLiftDebarment{Signer: f.gov, DebarmentId: d2.DebarmentId, Reason: "court ruling"})
	require.NoError(t, err)
	_, err = f.ms.DeclareInterest(f.ctx, &types.MsgDeclareInterest{Declarant: f.alice.Address.String(), AgencyId: id, SupplierId: res.SupplierId, Description: "shareholder"})
	require.NoError(t, err)
	_, err = f.ms.IssueSeats(f.ctx, &types.MsgIssueSeats{Authority: f.gov, AgencyId: id, Operator: f.bob.Address.String(), Seats: 1})
	require.NoError(t, err)
}

// emptyKeeper is an agency keeper on an empty store, with f's codec, bank and
// staking keepers (for genesis imports).
func emptyKeeper(t *testing.T, f *fixture) struct {
	k   keeper.Keeper
	ctx sdk.Context
} {
	t.Helper()
	key := storetypes.NewKVStoreKey(types.StoreKey)
	ctx := sdktestutil.DefaultContext(key, storetypes.NewTransientStoreKey("transient_test"))
	k := keeper.NewKeeper(f.c.App.AppCodec(), runtime.NewKVStoreService(key), f.k.AddressCodec(), f.gov,
		f.c.App.BankKeeper, f.c.App.StakingKeeper, func(context.Context) (bool, error) { return true, nil })
	return struct {
		k   keeper.Keeper
		ctx sdk.Context
	}{k, ctx.WithBlockTime(f.ctx.BlockTime())}
}

func TestGenesisRoundTrip(t *testing.T) {
	f := newFixture(t)
	populate(t, f)
	exported, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Len(t, exported.Agencies, 4, "two validator bodies and two agencies")
	require.Len(t, exported.Roles, 2)
	require.Len(t, exported.SupplierHistory, 3)
	require.Len(t, exported.SeatGrants, 3)
	require.Len(t, exported.Debarments, 2)
	require.Len(t, exported.Disownments, 1)
	require.Equal(t, uint64(5), exported.NextAgencyId)
	require.Equal(t, uint64(3), exported.NextDebarmentId)

	g := emptyKeeper(t, f)
	require.NoError(t, g.k.InitGenesis(g.ctx, exported))
	again, err := g.k.ExportGenesis(g.ctx)
	require.NoError(t, err)
	require.Equal(t, exported, again)

	// Indexes are rebuilt: the keeper API answers as before.
	conflict, err := g.k.HasConflict(g.ctx, f.alice.Address, 1)
	require.NoError(t, err)
	require.True(t, conflict)
	conflict, err = g.k.HasConflict(g.ctx, f.bob.Address, 1)
	require.NoError(t, err)
	require.False(t, conflict, "bob disowned the listing")
	has, err := g.k.HasRole(g.ctx, 3, f.alice.Address, types.ROLE_EVALUATOR)
	require.NoError(t, err)
	require.True(t, has)
	debarred, err := g.k.IsDebarred(g.ctx, 1, 3, g.ctx.BlockTime())
	require.NoError(t, err)
	require.True(t, debarred)
	next, err := g.k.AgencySeq.Peek(g.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(5), next, "new ids continue after the imported ones")
	next, err = g.k.DebarmentSeq.Peek(g.ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(3), next)
}

func TestGenesisValidate(t *testing.T) {
	f := newFixture(t)
	populate(t, f)
	valid, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	ac := f.k.AddressCodec()
	require.NoError(t, valid.Validate(ac))
	require.NoError(t, types.DefaultGenesisState().Validate(ac))

	type invalid struct {
		mutate func(gs *types.GenesisState)
		want   *errorsmod.Error
		msg    string // in the error
	}
	tests := map[string]invalid{
		"bad params":               {func(gs *types.GenesisState) { gs.Params.MaxAdmins = 0 }, types.ErrInvalidParams, "max_admins"},
		"duplicate agency":         {func(gs *types.GenesisState) { gs.Agencies = append(gs.Agencies, gs.Agencies[0]) }, types.ErrInvalidGenesis, "duplicated"},
		"agency id not below next": {func(gs *types.GenesisState) { gs.NextAgencyId = 2 }, types.ErrInvalidGenesis, "not below next_agency_id"},
		"agency without status":    {func(gs *types.GenesisState) { gs.Agencies[0].Status = types.AGENCY_STATUS_UNSPECIFIED }, types.ErrInvalidGenesis, "status"},
		"agency without admins":    {func(gs *types.GenesisState) { gs.Agencies[0].Admins = nil }, types.ErrInvalidGenesis, "0 admins"},
		"upper-case admin":         {func(gs *types.GenesisState) { gs.Agencies[0].Admins[0] = strings.ToUpper(gs.Agencies[0].Admins[0]) }, types.ErrInvalidGenesis, "not in canonical form"},
		"role of unknown agency":   {func(gs *types.GenesisState) { gs.Roles[0].AgencyId = 42 }, types.ErrInvalidGenesis, "agency 42 unknown"},
		"role unspecified":         {func(gs *types.GenesisState) { gs.Roles[0].Role = types.ROLE_UNSPECIFIED }, types.ErrInvalidGenesis, "role must be set"},
		"role without granter":     {func(gs *types.GenesisState) { gs.Roles[0].GrantedBy = "" }, types.ErrInvalidGenesis, "granted_by"},
		"role granted twice":       {func(gs *types.GenesisState) { gs.Roles = append(gs.Roles, gs.Roles[0]) }, types.ErrInvalidGenesis, "twice"},
		"supplier version 0":       {func(gs *types.GenesisState) { gs.Suppliers[0].Version = 0 }, types.ErrInvalidGenesis, "version must be at least 1"},
		"non-ASCII registration":   {func(gs *types.GenesisState) { gs.Suppliers[0].RegistrationNumber = "５０" }, types.ErrInvalidGenesis, "printable ASCII"},
		"registration used twice": {func(gs *types.GenesisState) {
			gs.Suppliers = append(gs.Suppliers, withID(gs.Suppliers[0], 7))
			gs.NextSupplierId = 8
		}, types.ErrInvalidGenesis, "used twice"},
		"upper-case party": {func(gs *types.GenesisState) {
			gs.Suppliers[0].BeneficialOwners[0].Address = strings.ToUpper(gs.Suppliers[0].BeneficialOwners[0].Address)
		}, types.ErrInvalidGenesis, "not in canonical form"},
		"history not older":        {func(gs *types.GenesisState) { gs.SupplierHistory[0].Version = gs.Suppliers[0].Version }, types.ErrInvalidGenesis, "not older than the current one"},
		"debarment ends at start":  {func(gs *types.GenesisState) { gs.Debarments[0].End = gs.Debarments[0].Start }, types.ErrInvalidGenesis, "end must be after start"},
		"debarment id not below":   {func(gs *types.GenesisState) { gs.NextDebarmentId = 1 }, types.ErrInvalidGenesis, "not below next_debarment_id"},
		"lifted without a reason":  {func(gs *types.GenesisState) { gs.Debarments[1].LiftReason = "" }, types.ErrInvalidGenesis, "lift_reason"},
		"unlifted with a lifter":   {func(gs *types.GenesisState) { gs.Debarments[0].LiftedBy = gs.Debarments[1].LiftedBy }, types.ErrInvalidGenesis, "must be empty unless lifted"},
		"disowned yet listed":      {func(gs *types.GenesisState) { gs.Disownments[0].Party = gs.Suppliers[0].BeneficialOwners[0].Address }, types.ErrInvalidGenesis, "still lists"},
		"declaration of nobody":    {func(gs *types.GenesisState) { gs.Declarations[0].SupplierId = 99 }, types.ErrInvalidGenesis, "supplier 99"},
		"declaration id not below": {func(gs *types.GenesisState) { gs.NextDeclarationId = 1 }, types.ErrInvalidGenesis, "not below next_declaration_id"},
		"bad declarant":            {func(gs *types.GenesisState) { gs.Declarations[0].Declarant = "x" }, types.ErrInvalidGenesis, "declarant"},
		"operator with two grants": {func(gs *types.GenesisState) { gs.SeatGrants[1].Operator = gs.SeatGrants[0].Operator }, types.ErrInvalidGenesis, "an operator serves one agency"},
		"grant of no seats":        {func(gs *types.GenesisState) { gs.SeatGrants[0].Seats = 0 }, types.ErrInvalidGenesis, "no seats"},
	}
	for name, tc := range tests {
		t.Run(name, func(t *testing.T) {
			gs, err := f.k.ExportGenesis(f.ctx)
			require.NoError(t, err)
			tc.mutate(gs)
			err = gs.Validate(ac)
			requireErr(t, tc.want, err)
			require.Contains(t, err.Error(), tc.msg)
			g := emptyKeeper(t, f)
			err = g.k.InitGenesis(g.ctx, gs)
			requireErr(t, tc.want, err, "InitGenesis refuses what Validate refuses")
		})
	}
}

func withID(s types.Supplier, id uint64) types.Supplier {
	s.Id = id
	return s
}

// TestThroughTheApp drives the module with signed transactions and a real
// governance proposal, through the app's Msg router and ante handler.
func TestThroughTheApp(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"admin", "alice", "carol"}})
	admin, alice, carol := c.Accounts["admin"], c.Accounts["alice"], c.Accounts["carol"]
	k := c.App.AgencyKeeper

	proposal := c.PassProposal(alice, &types.MsgRegisterAgency{
		Authority: testutil.GovAuthority(), Name: "Ministry of Roads", Jurisdiction: "EE", Admins: []string{admin.Address.String()},
	})
	require.Equal(t, govv1.StatusPassed, proposal.Status, proposal.FailedReason)
	const ministry = 3 // after the two validator bodies
	agency, err := k.GetAgency(c.Ctx(), ministry)
	require.NoError(t, err)
	require.Equal(t, "Ministry of Roads", agency.Name)

	// Only governance may register: a direct tx is refused with the module's code.
	res := c.DeliverMsgs(alice, &types.MsgRegisterAgency{Authority: alice.Address.String(), Name: "Rogue", Jurisdiction: "EE", Admins: []string{alice.Address.String()}})
	require.Equal(t, types.ModuleName, res.Codespace, res.Log)
	require.Equal(t, types.ErrInvalidAuthority.ABCICode(), res.Code, res.Log)

	// Only an admin may grant.
	grant := &types.MsgGrantRole{Admin: alice.Address.String(), AgencyId: ministry, Address: alice.Address.String(), Role: types.ROLE_TREASURER, Reason: "self-service"}
	res = c.DeliverMsgs(alice, grant)
	require.Equal(t, types.ErrUnauthorized.ABCICode(), res.Code, res.Log)
	grant.Admin = admin.Address.String()
	res = c.DeliverMsgs(admin, grant)
	require.Equal(t, uint32(0), res.Code, res.Log)
	has, err := k.HasRole(c.Ctx(), ministry, alice.Address, types.ROLE_TREASURER)
	require.NoError(t, err)
	require.True(t, has)

	// A supplier registers itself; the typed event is in the tx result.
	res = c.DeliverMsgs(carol, &types.MsgRegisterSupplier{Owner: carol.Address.String(), Name: "Asphalt OÜ", RegistrationNumber: "12345678", Country: "EE",
		BeneficialOwners: []types.Party{{Address: carol.Address.String(), ShareBps: 10000}}})
	require.Equal(t, uint32(0), res.Code, res.Log)
	found := false
	for _, e := range res.Events {
		found = found || e.Type == "civitas.agency.v1.EventSupplierRegistered"
	}
	require.True(t, found, "EventSupplierRegistered in the tx events")
	conflict, err := k.HasConflict(c.Ctx(), carol.Address, 1)
	require.NoError(t, err)
	require.True(t, conflict)
}
