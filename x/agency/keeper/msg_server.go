package keeper

import (
	"bytes"
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Every handler validates
// its whole input and the signer's right before it writes anything, and
// returns a registered error that names the wrong value. Addresses are
// decoded once (common.ParseAddress) and stored and compared in canonical form.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

// isAuthority reports whether addr (any case) is the governance authority.
func (k Keeper) isAuthority(addr string) bool {
	bz, err := k.addressCodec.StringToBytes(addr)
	if err != nil {
		return false
	}
	auth, err := k.addressCodec.StringToBytes(k.authority)
	return err == nil && bytes.Equal(bz, auth)
}

func (k Keeper) checkAuthority(authority string) error {
	if !k.isAuthority(authority) {
		return errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", k.authority, authority)
	}
	return nil
}

// checkText validates a free-text field against the max_text_length param.
func (k Keeper) checkText(ctx context.Context, errType *errorsmod.Error, field, value string) error {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return types.ValidateText(errType, field, value, params.MaxTextLength)
}

// activeAgencyAdmin loads an agency and checks that it is active and that
// signer (its canonical form) is one of its admins.
func (k Keeper) activeAgencyAdmin(ctx context.Context, agencyID uint64, signer string) (types.Agency, error) {
	a, err := k.GetAgency(ctx, agencyID)
	if err != nil {
		return a, err
	}
	if a.Status != types.AGENCY_STATUS_ACTIVE {
		return a, errorsmod.Wrapf(types.ErrAgencySuspended, "agency %d", agencyID)
	}
	if !slices.Contains(a.Admins, signer) {
		return a, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not an admin of agency %d", signer, agencyID)
	}
	return a, nil
}

func (m msgServer) RegisterAgency(ctx context.Context, msg *types.MsgRegisterAgency) (*types.MsgRegisterAgencyResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	admins, err := m.validateAgencyFields(ctx, msg.Name, msg.Jurisdiction, msg.Admins)
	if err != nil {
		return nil, err
	}
	id, err := m.AgencySeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	agency := types.Agency{Id: id, Name: msg.Name, Jurisdiction: msg.Jurisdiction, Admins: admins, Status: types.AGENCY_STATUS_ACTIVE}
	if err := m.Agencies.Set(ctx, id, agency); err != nil {
		return nil, err
	}
	return &types.MsgRegisterAgencyResponse{AgencyId: id}, common.EmitEvent(ctx, &types.EventAgencyRegistered{
		AgencyId: id, Name: msg.Name, Jurisdiction: msg.Jurisdiction, Admins: admins,
	})
}

// validateAgencyFields checks an agency's texts and admins against params and
// returns the admins in canonical form.
func (k Keeper) validateAgencyFields(ctx context.Context, name, jurisdiction string, admins []string) ([]string, error) {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText(types.ErrInvalidAgency, "name", name, p.MaxTextLength); err != nil {
		return nil, err
	}
	if err := types.ValidateText(types.ErrInvalidAgency, "jurisdiction", jurisdiction, p.MaxTextLength); err != nil {
		return nil, err
	}
	return types.CanonicalAdmins(k.addressCodec, admins, p.MaxAdmins)
}

func (m msgServer) UpdateAgency(ctx context.Context, msg *types.MsgUpdateAgency) (*types.MsgUpdateAgencyResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	agency, err := m.GetAgency(ctx, msg.AgencyId)
	if err != nil {
		return nil, err
	}
	admins, err := m.validateAgencyFields(ctx, msg.Name, msg.Jurisdiction, msg.Admins)
	if err != nil {
		return nil, err
	}
	agency.Name, agency.Jurisdiction, agency.Admins = msg.Name, msg.Jurisdiction, admins
	if err := m.Agencies.Set(ctx, agency.Id, agency); err != nil {
		return nil, err
	}
	return &types.MsgUpdateAgencyResponse{}, common.EmitEvent(ctx, &types.EventAgencyUpdated{
		AgencyId: agency.Id, Name: agency.Name, Jurisdiction: agency.Jurisdiction, Admins: agency.Admins,
	})
}

func (m msgServer) SetAgencyStatus(ctx context.Context, msg *types.MsgSetAgencyStatus) (*types.MsgSetAgencyStatusResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	agency, err := m.GetAgency(ctx, msg.AgencyId)
	if err != nil {
		return nil, err
	}
	if msg.Status != types.AGENCY_STATUS_ACTIVE && msg.Status != types.AGENCY_STATUS_SUSPENDED {
		return nil, errorsmod.Wrapf(types.ErrInvalidAgency, "status must be AGENCY_STATUS_ACTIVE or AGENCY_STATUS_SUSPENDED, got %s", msg.Status)
	}
	if msg.Status == agency.Status {
		return nil, errorsmod.Wrapf(types.ErrInvalidAgency, "agency %d is already %s", agency.Id, agency.Status)
	}
	if err := m.checkText(ctx, types.ErrInvalidAgency, "reason", msg.Reason); err != nil {
		return nil, err
	}
	agency.Status = msg.Status
	if err := m.Agencies.Set(ctx, agency.Id, agency); err != nil {
		return nil, err
	}
	return &types.MsgSetAgencyStatusResponse{}, common.EmitEvent(ctx, &types.EventAgencyStatusChanged{
		AgencyId: agency.Id, Status: agency.Status, Reason: msg.Reason,
	})
}

// roleChange validates a grant or revocation and returns the grantee's
// address (bytes and canonical string) and the signer's canonical address.
//
// An active agency's admins grant and revoke roles in it, except
// CONTRACT_DEVELOPER, which gives chain-wide wasm upload rights: only
// governance grants and revokes it. Governance (the authority as signer) may
// grant or revoke any role, and may revoke in a suspended agency.
func (m msgServer) roleChange(ctx context.Context, signer string, agencyID uint64, address string, role types.Role, reason string, revoke bool) (sdk.AccAddress, string, string, error) {
	if err := types.ValidateRole(role); err != nil {
		return nil, "", "", err
	}
	_, signerStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "admin", signer)
	if err != nil {
		return nil, "", "", err
	}
	if m.isAuthority(signerStr) {
		agency, err := m.GetAgency(ctx, agencyID)
		if err != nil {
			return nil, "", "", err
		}
		if !revoke && agency.Status != types.AGENCY_STATUS_ACTIVE {
			return nil, "", "", errorsmod.Wrapf(types.ErrAgencySuspended, "agency %d", agencyID)
		}
	} else {
		if _, err := m.activeAgencyAdmin(ctx, agencyID, signerStr); err != nil {
			return nil, "", "", err
		}
		if role == types.ROLE_CONTRACT_DEVELOPER {
			return nil, "", "", errorsmod.Wrapf(types.ErrUnauthorized,
				"%s gives chain-wide wasm upload rights: only governance grants or revokes it, not agency admin %s", role, signerStr)
		}
	}
	addr, addrStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "address", address)
	if err != nil {
		return nil, "", "", err
	}
	if err := m.checkText(ctx, types.ErrInvalidRole, "reason", reason); err != nil {
		return nil, "", "", err
	}
	return addr, addrStr, signerStr, nil
}

func (m msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	addr, addrStr, signer, err := m.roleChange(ctx, msg.Admin, msg.AgencyId, msg.Address, msg.Role, msg.Reason, false)
	if err != nil {
		return nil, err
	}
	key := roleKey(msg.AgencyId, addr, msg.Role)
	if held, err := m.Roles.Has(ctx, key); err != nil {
		return nil, err
	} else if held {
		return nil, errorsmod.Wrapf(types.ErrRoleExists, "%s already holds %s in agency %d", addrStr, msg.Role, msg.AgencyId)
	}
	grant := types.RoleGrant{
		AgencyId: msg.AgencyId, Address: addrStr, Role: msg.Role, Reason: msg.Reason,
		GrantedBy: signer, GrantedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.Roles.Set(ctx, key, grant); err != nil {
		return nil, err
	}
	if err := m.RolesByAccount.Set(ctx, accountRoleKey(addr, msg.AgencyId, msg.Role)); err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, common.EmitEvent(ctx, &types.EventRoleGranted{
		AgencyId: msg.AgencyId, Address: addrStr, Role: msg.Role, Reason: msg.Reason, GrantedBy: signer,
	})
}

func (m msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	addr, addrStr, signer, err := m.roleChange(ctx, msg.Admin, msg.AgencyId, msg.Address, msg.Role, msg.Reason, true)
	if err != nil {
		return nil, err
	}
	key := roleKey(msg.AgencyId, addr, msg.Role)
	if held, err := m.Roles.Has(ctx, key); err != nil {
		return nil, err
	} else if !held {
		return nil, errorsmod.Wrapf(types.ErrRoleNotFound, "%s does not hold %s in agency %d", addrStr, msg.Role, msg.AgencyId)
	}
	if err := m.Roles.Remove(ctx, key); err != nil {
		return nil, err
	}
	if err := m.RolesByAccount.Remove(ctx, accountRoleKey(addr, msg.AgencyId, msg.Role)); err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, common.EmitEvent(ctx, &types.EventRoleRevoked{
		AgencyId: msg.AgencyId, Address: addrStr, Role: msg.Role, Reason: msg.Reason, RevokedBy: signer,
	})
}

// checkRegistrationFree fails if another supplier than self holds the registration key.
func (k Keeper) checkRegistrationFree(ctx context.Context, key string, self uint64) error {
	other, err := k.SuppliersByRegistration.Get(ctx, key)
	if errors.Is(err, collections.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if other != self {
		return errorsmod.Wrapf(types.ErrDuplicateSupplier, "registration %s is supplier %d", key, other)
	}
	return nil
}

// parties validates a supplier's details against params and returns its
// parties with canonical addresses.
func (k Keeper) parties(ctx context.Context, d types.SupplierDetails) (types.SupplierDetails, error) {
	params, err := k.Params.Get(ctx)
	if err != nil {
		return d, err
	}
	return d.Canonical(k.addressCodec, params)
}

func (m msgServer) RegisterSupplier(ctx context.Context, msg *types.MsgRegisterSupplier) (*types.MsgRegisterSupplierResponse, error) {
	_, owner, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateRegistration(msg.Country, msg.RegistrationNumber); err != nil {
		return nil, err
	}
	details, err := m.parties(ctx, types.SupplierDetails{
		Name: msg.Name, BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
	})
	if err != nil {
		return nil, err
	}
	reg := types.RegistrationKey(msg.Country, msg.RegistrationNumber)
	if err := m.checkRegistrationFree(ctx, reg, 0); err != nil {
		return nil, err
	}
	id, err := m.SupplierSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	s := types.Supplier{
		Id: id, Owner: owner, Name: details.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
		BeneficialOwners: details.BeneficialOwners, Representatives: details.Representatives,
		Version: 1, UpdatedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.Suppliers.Set(ctx, id, s); err != nil {
		return nil, err
	}
	if err := m.SuppliersByRegistration.Set(ctx, reg, id); err != nil {
		return nil, err
	}
	return &types.MsgRegisterSupplierResponse{SupplierId: id}, common.EmitEvent(ctx, &types.EventSupplierRegistered{
		SupplierId: id, Owner: owner, Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
	})
}

// newVersion stores current in the history and next as the current version
// (next.Version must be current.Version + 1).
func (k Keeper) newVersion(ctx context.Context, current, next types.Supplier) error {
	if err := k.SupplierHistory.Set(ctx, collections.Join(current.Id, current.Version), current); err != nil {
		return err
	}
	return k.Suppliers.Set(ctx, next.Id, next)
}

func (m msgServer) UpdateSupplier(ctx context.Context, msg *types.MsgUpdateSupplier) (*types.MsgUpdateSupplierResponse, error) {
	_, owner, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "owner", msg.Owner)
	if err != nil {
		return nil, err
	}
	current, err := m.GetSupplier(ctx, msg.SupplierId)
	if err != nil {
		return nil, err
	}
	if owner != current.Owner {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not the owner of supplier %d", owner, msg.SupplierId)
	}
	details, err := m.parties(ctx, types.SupplierDetails{
		Name: msg.Name, BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
	})
	if err != nil {
		return nil, err
	}
	// A party that disowned a listing by this supplier is listed again only
	// after it confirmed.
	for _, addr := range details.Addresses() {
		bz, err := m.addressCodec.StringToBytes(addr)
		if err != nil {
			return nil, err
		}
		if has, err := m.Disownments.Has(ctx, collections.Join(msg.SupplierId, sdk.AccAddress(bz))); err != nil {
			return nil, err
		} else if has {
			return nil, errorsmod.Wrapf(types.ErrPartyNotConsenting,
				"%s disowned its listing by supplier %d: it must confirm (confirm-party) before it can be listed again", addr, msg.SupplierId)
		}
	}
	next := current
	next.Name, next.BeneficialOwners, next.Representatives = details.Name, details.BeneficialOwners, details.Representatives
	next.Version, next.UpdatedHeight = current.Version+1, sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := m.newVersion(ctx, current, next); err != nil {
		return nil, err
	}
	return &types.MsgUpdateSupplierResponse{Version: next.Version}, common.EmitEvent(ctx, &types.EventSupplierUpdated{
		SupplierId: next.Id, Version: next.Version,
	})
}

func (m msgServer) AmendSupplierRegistration(ctx context.Context, msg *types.MsgAmendSupplierRegistration) (*types.MsgAmendSupplierRegistrationResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	current, err := m.GetSupplier(ctx, msg.SupplierId)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateRegistration(msg.Country, msg.RegistrationNumber); err != nil {
		return nil, err
	}
	if err := types.ValidateText(types.ErrInvalidSupplier, "reason", msg.Reason, params.MaxTextLength); err != nil {
		return nil, err
	}
	oldReg := types.RegistrationKey(current.Country, current.RegistrationNumber)
	newReg := types.RegistrationKey(msg.Country, msg.RegistrationNumber)
	if current.Country == msg.Country && current.RegistrationNumber == msg.RegistrationNumber {
		return nil, errorsmod.Wrapf(types.ErrInvalidSupplier, "supplier %d is already registered as %s", current.Id, newReg)
	}
	if err := m.checkRegistrationFree(ctx, newReg, current.Id); err != nil {
		return nil, err
	}
	next := current
	next.Country, next.RegistrationNumber = msg.Country, msg.RegistrationNumber
	next.Version, next.UpdatedHeight = current.Version+1, sdk.UnwrapSDKContext(ctx).BlockHeight()
	if err := m.newVersion(ctx, current, next); err != nil {
		return nil, err
	}
	if oldReg != newReg {
		if err := m.SuppliersByRegistration.Remove(ctx, oldReg); err != nil {
			return nil, err
		}
		if err := m.SuppliersByRegistration.Set(ctx, newReg, current.Id); err != nil {
			return nil, err
		}
	}
	return &types.MsgAmendSupplierRegistrationResponse{Version: next.Version}, common.EmitEvent(ctx, &types.EventSupplierRegistrationAmended{
		SupplierId: next.Id, Version: next.Version, Country: next.Country, RegistrationNumber: next.RegistrationNumber, Reason: msg.Reason,
	})
}

func (m msgServer) DisownParty(ctx context.Context, msg *types.MsgDisownParty) (*types.MsgDisownPartyResponse, error) {
	party, partyStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "party", msg.Party)
	if err != nil {
		return nil, err
	}
	current, err := m.GetSupplier(ctx, msg.SupplierId)
	if err != nil {
		return nil, err
	}
	if err := m.checkText(ctx, types.ErrInvalidSupplier, "reason", msg.Reason); err != nil {
		return nil, err
	}
	next := current
	next.BeneficialOwners = withoutParty(current.BeneficialOwners, partyStr)
	next.Representatives = withoutParty(current.Representatives, partyStr)
	height := sdk.UnwrapSDKContext(ctx).BlockHeight()
	if len(next.BeneficialOwners) == len(current.BeneficialOwners) && len(next.Representatives) == len(current.Representatives) {
		// Not listed now: a listing in an earlier version may be disowned
		// too (a supplier that listed someone and dropped the listing again
		// must not leave them with a conflict they cannot clear).
		listed, err := m.listedInHistory(ctx, current.Id, partyStr)
		if err != nil {
			return nil, err
		}
		if !listed {
			return nil, errorsmod.Wrapf(types.ErrPartyNotListed, "supplier %d never listed %s as an owner or representative", msg.SupplierId, partyStr)
		}
		next = current
	} else {
		next.Version, next.UpdatedHeight = current.Version+1, height
		if err := m.newVersion(ctx, current, next); err != nil {
			return nil, err
		}
	}
	d := types.Disownment{SupplierId: current.Id, Party: partyStr, Reason: msg.Reason, Version: next.Version, Height: height}
	if err := m.Disownments.Set(ctx, collections.Join(current.Id, party), d); err != nil {
		return nil, err
	}
	return &types.MsgDisownPartyResponse{Version: next.Version}, common.EmitEvent(ctx, &types.EventPartyDisowned{
		SupplierId: current.Id, Party: partyStr, Version: next.Version, Reason: msg.Reason,
	})
}

// listedInHistory reports whether an archived version of the supplier
// listed addr as a beneficial owner or representative.
func (k Keeper) listedInHistory(ctx context.Context, supplierID uint64, addr string) (bool, error) {
	found := false
	err := k.SupplierHistory.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](supplierID),
		func(_ collections.Pair[uint64, uint64], v types.Supplier) (bool, error) {
			found = slices.Contains(v.Addresses(), addr)
			return found, nil
		})
	return found, err
}

// withoutParty returns parties without the one listed by address addr.
func withoutParty(parties []types.Party, addr string) []types.Party {
	out := make([]types.Party, 0, len(parties))
	for _, p := range parties {
		if p.Address != addr {
			out = append(out, p)
		}
	}
	return out
}

func (m msgServer) ConfirmParty(ctx context.Context, msg *types.MsgConfirmParty) (*types.MsgConfirmPartyResponse, error) {
	party, partyStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "party", msg.Party)
	if err != nil {
		return nil, err
	}
	key := collections.Join(msg.SupplierId, party)
	if has, err := m.Disownments.Has(ctx, key); err != nil {
		return nil, err
	} else if !has {
		return nil, errorsmod.Wrapf(types.ErrPartyNotListed, "%s has not disowned a listing by supplier %d", partyStr, msg.SupplierId)
	}
	if err := m.Disownments.Remove(ctx, key); err != nil {
		return nil, err
	}
	return &types.MsgConfirmPartyResponse{}, common.EmitEvent(ctx, &types.EventPartyConfirmed{SupplierId: msg.SupplierId, Party: partyStr})
}

func (m msgServer) DebarSupplier(ctx context.Context, msg *types.MsgDebarSupplier) (*types.MsgDebarSupplierResponse, error) {
	_, admin, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "admin", msg.Admin)
	if err != nil {
		return nil, err
	}
	if _, err := m.activeAgencyAdmin(ctx, msg.AgencyId, admin); err != nil {
		return nil, err
	}
	if _, err := m.GetSupplier(ctx, msg.SupplierId); err != nil {
		return nil, err
	}
	if err := m.checkText(ctx, types.ErrInvalidDebarment, "reason", msg.Reason); err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if !msg.End.After(now) {
		return nil, errorsmod.Wrapf(types.ErrInvalidDebarment, "end %s is not after the block time %s", msg.End.UTC(), now.UTC())
	}
	id, err := m.DebarmentSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	d := types.Debarment{Id: id, SupplierId: msg.SupplierId, AgencyId: msg.AgencyId, Reason: msg.Reason, Start: now, End: msg.End, DebarredBy: admin}
	if err := m.setDebarment(ctx, d); err != nil {
		return nil, err
	}
	return &types.MsgDebarSupplierResponse{DebarmentId: id}, common.EmitEvent(ctx, &types.EventSupplierDebarred{
		DebarmentId: id, SupplierId: msg.SupplierId, AgencyId: msg.AgencyId, Reason: msg.Reason, Start: now, End: msg.End, DebarredBy: admin,
	})
}

func (k Keeper) setDebarment(ctx context.Context, d types.Debarment) error {
	if err := k.Debarments.Set(ctx, d.Id, d); err != nil {
		return err
	}
	return k.DebarmentsBySupplier.Set(ctx, collections.Join(d.SupplierId, d.Id))
}

func (m msgServer) LiftDebarment(ctx context.Context, msg *types.MsgLiftDebarment) (*types.MsgLiftDebarmentResponse, error) {
	_, signer, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer)
	if err != nil {
		return nil, err
	}
	d, err := m.Debarments.Get(ctx, msg.DebarmentId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrDebarmentNotFound, "debarment %d", msg.DebarmentId)
	}
	if err != nil {
		return nil, err
	}
	if !m.isAuthority(signer) {
		if _, err := m.activeAgencyAdmin(ctx, d.AgencyId, signer); err != nil {
			return nil, err
		}
	}
	if err := m.checkText(ctx, types.ErrInvalidDebarment, "reason", msg.Reason); err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if d.Lifted {
		return nil, errorsmod.Wrapf(types.ErrInvalidDebarment, "debarment %d was already lifted at %s", d.Id, d.LiftedTime.UTC())
	}
	if !now.Before(d.End) {
		return nil, errorsmod.Wrapf(types.ErrInvalidDebarment, "debarment %d already ended at %s", d.Id, d.End.UTC())
	}
	d.Lifted, d.LiftedTime, d.LiftedBy, d.LiftReason = true, now, signer, msg.Reason
	if err := m.Debarments.Set(ctx, d.Id, d); err != nil {
		return nil, err
	}
	return &types.MsgLiftDebarmentResponse{}, common.EmitEvent(ctx, &types.EventDebarmentLifted{
		DebarmentId: d.Id, SupplierId: d.SupplierId, AgencyId: d.AgencyId, LiftedBy: signer, Reason: msg.Reason,
	})
}

func (m msgServer) DeclareInterest(ctx context.Context, msg *types.MsgDeclareInterest) (*types.MsgDeclareInterestResponse, error) {
	declarant, declarantStr, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "declarant", msg.Declarant)
	if err != nil {
		return nil, err
	}
	holder, err := m.holdsAnyRole(ctx, msg.AgencyId, declarant)
	if err != nil {
		return nil, err
	}
	if !holder {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s holds no role in active agency %d", declarantStr, msg.AgencyId)
	}
	if _, err := m.GetSupplier(ctx, msg.SupplierId); err != nil {
		return nil, err
	}
	if err := m.checkText(ctx, types.ErrInvalidDeclaration, "description", msg.Description); err != nil {
		return nil, err
	}
	id, err := m.DeclarationSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	d := types.Declaration{
		Id: id, Declarant: declarantStr, AgencyId: msg.AgencyId, SupplierId: msg.SupplierId,
		Description: msg.Description, Height: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.setDeclaration(ctx, declarant, d); err != nil {
		return nil, err
	}
	return &types.MsgDeclareInterestResponse{DeclarationId: id}, common.EmitEvent(ctx, &types.EventInterestDeclared{
		DeclarationId: id, Declarant: declarantStr, AgencyId: msg.AgencyId, SupplierId: msg.SupplierId,
	})
}

// holdsAnyRole reports whether addr holds at least one role in an active
// agency. Roles are tried in enum order, so gas never depends on map order.
func (k Keeper) holdsAnyRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress) (bool, error) {
	active, err := k.IsAgencyActive(ctx, agencyID)
	if err != nil || !active {
		return false, err
	}
	for _, r := range types.AllRoles() {
		has, err := k.Roles.Has(ctx, roleKey(agencyID, addr, r))
		if err != nil || has {
			return has, err
		}
	}
	return false, nil
}

func (k Keeper) setDeclaration(ctx context.Context, declarant sdk.AccAddress, d types.Declaration) error {
	if err := k.Declarations.Set(ctx, d.Id, d); err != nil {
		return err
	}
	if err := k.DeclarationsByDeclarant.Set(ctx, collections.Join(declarant, d.Id)); err != nil {
		return err
	}
	return k.Interests.Set(ctx, collections.Join(declarant, d.SupplierId))
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, common.EmitEvent(ctx, &types.EventParamsUpdated{Params: msg.Params})
}
