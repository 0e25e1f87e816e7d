// Package simulation holds x/agency's simsx message factories: admins grant
// and revoke roles, companies register and update their listings, role
// holders declare interests, admins debar suppliers and lift debarments.
// Each factory builds a message that must succeed, or skips: a failed
// delivery fails the simulation. Governance messages (agencies, seats,
// params) are made by the simulation's genesis world (testutil.SimAppStateFn).
package simulation

import (
	"context"
	"fmt"
	"time"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/civitas-chain/civitas/x/agency/keeper"
	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common/simhelp"
)

// Roles the factories grant (CONTRACT_DEVELOPER only by governance).
var grantable = []types.Role{
	types.ROLE_ELECTION_OFFICER, types.ROLE_PROCUREMENT_OFFICER, types.ROLE_EVALUATOR,
	types.ROLE_REVIEWER, types.ROLE_TREASURER,
}

// activeAgencyAdmin picks an active agency and one of its admins the
// simulator can sign for.
func activeAgencyAdmin(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) (types.Agency, simsx.SimAccount, bool) {
	agencies := simhelp.Collect(ctx, k.Agencies, func(_ uint64, a types.Agency) bool {
		return a.Status == types.AGENCY_STATUS_ACTIVE && len(simhelp.Known(testData, a.Admins)) > 0
	})
	a, ok := simhelp.Pick(testData, reporter, agencies, "no active agency with a known admin")
	if !ok {
		return a, simsx.SimAccount{}, false
	}
	addr, _ := simhelp.Pick(testData, reporter, simhelp.Known(testData, a.Admins), "no admin")
	admin, ok := simhelp.Signer(testData, reporter, addr)
	return a, admin, ok
}

// MsgGrantRoleFactory: an admin grants a role its holder lacks.
func MsgGrantRoleFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgGrantRole] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgGrantRole) {
		a, admin, ok := activeAgencyAdmin(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		role := grantable[testData.Rand().Intn(len(grantable))]
		holder := testData.AnyAccount(reporter, simsx.SimAccountFilterFn(func(acc simsx.SimAccount) bool {
			has, err := k.HasRole(ctx, a.Id, acc.Address, role)
			return err == nil && !has
		}))
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{admin}, &types.MsgGrantRole{
			Admin: admin.AddressBech32, AgencyId: a.Id, Address: holder.AddressBech32, Role: role,
			Reason: simhelp.Text(testData, "appointed", 40),
		}
	}
}

// MsgRevokeRoleFactory: an admin revokes a role held in its agency.
func MsgRevokeRoleFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRevokeRole] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRevokeRole) {
		a, admin, ok := activeAgencyAdmin(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		grants := simhelp.Collect(ctx, k.Roles, func(key keeper.RoleKey, g types.RoleGrant) bool {
			return key.K1() == a.Id && g.Role != types.ROLE_CONTRACT_DEVELOPER
		})
		g, ok := simhelp.Pick(testData, reporter, grants, "no role to revoke")
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{admin}, &types.MsgRevokeRole{
			Admin: admin.AddressBech32, AgencyId: a.Id, Address: g.Address, Role: g.Role,
			Reason: simhelp.Text(testData, "term ended", 40),
		}
	}
}

// MsgRegisterSupplierFactory: a company registers under a fresh number,
// its owner holding all of it, sometimes with a representative.
func MsgRegisterSupplierFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgRegisterSupplier] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgRegisterSupplier) {
		owner := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		r := testData.Rand()
		country := []string{"EE", "LV", "LT", "FI", "DE"}[r.Intn(5)]
		number := fmt.Sprintf("%08d", r.Intn(100_000_000))
		if has, err := k.SuppliersByRegistration.Has(ctx, country+"/"+number); err != nil || has {
			reporter.Skip("registration number taken")
			return nil, nil
		}
		msg := &types.MsgRegisterSupplier{
			Owner: owner.AddressBech32, Name: simhelp.Text(testData, "Company", 30), RegistrationNumber: number, Country: country,
			BeneficialOwners: []types.Party{{Address: owner.AddressBech32, ShareBps: 10000}},
		}
		if r.Intn(3) == 0 {
			rep := testData.AnyAccount(reporter, simsx.ExcludeAccounts(owner))
			if reporter.IsSkipped() {
				return nil, nil
			}
			msg.Representatives = []types.Party{{Address: rep.AddressBech32}}
		}
		return []simsx.SimAccount{owner}, msg
	}
}

// listedParties is every party address of a supplier's current version.
func listedParties(s types.Supplier) []types.Party {
	return append(append([]types.Party{}, s.BeneficialOwners...), s.Representatives...)
}

// MsgUpdateSupplierFactory: an owner renames its listing and keeps its
// parties (none of whom may have disowned it).
func MsgUpdateSupplierFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgUpdateSupplier] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgUpdateSupplier) {
		suppliers := simhelp.Collect(ctx, k.Suppliers, func(_ uint64, s types.Supplier) bool {
			if !testData.HasAccount(s.Owner) || len(s.BeneficialOwners) == 0 {
				return false
			}
			for _, p := range listedParties(s) {
				if p.Address == "" {
					continue
				}
				if acc, err := k.AddressCodec().StringToBytes(p.Address); err != nil {
					return false
				} else if d, err := k.HasDisowned(ctx, s.Id, acc); err != nil || d {
					return false
				}
			}
			return true
		})
		s, ok := simhelp.Pick(testData, reporter, suppliers, "no supplier to update")
		if !ok {
			return nil, nil
		}
		owner, ok := simhelp.Signer(testData, reporter, s.Owner)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{owner}, &types.MsgUpdateSupplier{
			Owner: owner.AddressBech32, SupplierId: s.Id, Name: simhelp.Text(testData, "Company", 30),
			BeneficialOwners: s.BeneficialOwners, Representatives: s.Representatives,
		}
	}
}

// MsgDeclareInterestFactory: a role holder declares an interest in a supplier.
func MsgDeclareInterestFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDeclareInterest] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDeclareInterest) {
		grants := simhelp.Collect(ctx, k.Roles, func(key keeper.RoleKey, g types.RoleGrant) bool {
			active, err := k.IsAgencyActive(ctx, key.K1())
			return err == nil && active && testData.HasAccount(g.Address)
		})
		g, ok := simhelp.Pick(testData, reporter, grants, "no role holder")
		if !ok {
			return nil, nil
		}
		ids := simhelp.Keys(ctx, k.Suppliers, nil)
		id, ok := simhelp.Pick(testData, reporter, ids, "no supplier")
		if !ok {
			return nil, nil
		}
		declarant, ok := simhelp.Signer(testData, reporter, g.Address)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{declarant}, &types.MsgDeclareInterest{
			Declarant: declarant.AddressBech32, AgencyId: g.AgencyId, SupplierId: id,
			Description: simhelp.Text(testData, "holds shares", 40),
		}
	}
}

// MsgDebarSupplierFactory: an admin debars a supplier for 1 to 90 days.
func MsgDebarSupplierFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDebarSupplier] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDebarSupplier) {
		a, admin, ok := activeAgencyAdmin(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		id, ok := simhelp.Pick(testData, reporter, simhelp.Keys(ctx, k.Suppliers, nil), "no supplier")
		if !ok {
			return nil, nil
		}
		days := 1 + testData.Rand().Intn(90)
		return []simsx.SimAccount{admin}, &types.MsgDebarSupplier{
			Admin: admin.AddressBech32, AgencyId: a.Id, SupplierId: id, Reason: simhelp.Text(testData, "fraud", 40),
			End: simsx.BlockTime(ctx).Add(time.Duration(days) * 24 * time.Hour),
		}
	}
}

// MsgLiftDebarmentFactory: an admin of the debarring agency lifts a
// debarment that has neither ended nor been lifted.
func MsgLiftDebarmentFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgLiftDebarment] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgLiftDebarment) {
		now := simsx.BlockTime(ctx)
		ds := simhelp.Collect(ctx, k.Debarments, func(_ uint64, d types.Debarment) bool {
			if d.Lifted || !now.Before(d.End) {
				return false
			}
			a, err := k.GetAgency(ctx, d.AgencyId)
			return err == nil && a.Status == types.AGENCY_STATUS_ACTIVE && len(simhelp.Known(testData, a.Admins)) > 0
		})
		d, ok := simhelp.Pick(testData, reporter, ds, "no debarment to lift")
		if !ok {
			return nil, nil
		}
		a, err := k.GetAgency(ctx, d.AgencyId)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		addr, _ := simhelp.Pick(testData, reporter, simhelp.Known(testData, a.Admins), "no admin")
		admin, ok := simhelp.Signer(testData, reporter, addr)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{admin}, &types.MsgLiftDebarment{
			Signer: admin.AddressBech32, DebarmentId: d.Id, Reason: simhelp.Text(testData, "appeal upheld", 40),
		}
	}
}

// Register adds the factories with their default weights (op_weight_<name>
// in a simulation params file overrides them).
func Register(k keeper.Keeper, weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("agency_grant_role", 40), MsgGrantRoleFactory(k))
	reg.Add(weights.Get("agency_revoke_role", 10), MsgRevokeRoleFactory(k))
	reg.Add(weights.Get("agency_register_supplier", 40), MsgRegisterSupplierFactory(k))
	reg.Add(weights.Get("agency_update_supplier", 15), MsgUpdateSupplierFactory(k))
	reg.Add(weights.Get("agency_declare_interest", 15), MsgDeclareInterestFactory(k))
	reg.Add(weights.Get("agency_debar_supplier", 5), MsgDebarSupplierFactory(k))
	reg.Add(weights.Get("agency_lift_debarment", 5), MsgLiftDebarmentFactory(k))
}
