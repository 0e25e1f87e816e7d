package keeper

import (
	"context"
	"errors"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Every handler validates
// its whole input and the signer's right before it writes anything, and
// returns a registered error that names the wrong value.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

func (k Keeper) checkAuthority(authority string) error {
	if authority != k.authority {
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
// signer is one of its admins.
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
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateAgencyFields(m.Keeper, params, msg.Name, msg.Jurisdiction, msg.Admins); err != nil {
		return nil, err
	}
	id, err := m.AgencySeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	agency := types.Agency{Id: id, Name: msg.Name, Jurisdiction: msg.Jurisdiction, Admins: msg.Admins, Status: types.AGENCY_STATUS_ACTIVE}
	if err := m.Agencies.Set(ctx, id, agency); err != nil {
		return nil, err
	}
	return &types.MsgRegisterAgencyResponse{AgencyId: id}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgencyRegistered{
		AgencyId: id, Name: msg.Name, Jurisdiction: msg.Jurisdiction, Admins: msg.Admins,
	})
}

func validateAgencyFields(k Keeper, p types.Params, name, jurisdiction string, admins []string) error {
	if err := types.ValidateText(types.ErrInvalidAgency, "name", name, p.MaxTextLength); err != nil {
		return err
	}
	if err := types.ValidateText(types.ErrInvalidAgency, "jurisdiction", jurisdiction, p.MaxTextLength); err != nil {
		return err
	}
	return types.ValidateAdmins(k.addressCodec, admins, p.MaxAdmins)
}

func (m msgServer) UpdateAgency(ctx context.Context, msg *types.MsgUpdateAgency) (*types.MsgUpdateAgencyResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	agency, err := m.GetAgency(ctx, msg.AgencyId)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := validateAgencyFields(m.Keeper, params, msg.Name, msg.Jurisdiction, msg.Admins); err != nil {
		return nil, err
	}
	agency.Name, agency.Jurisdiction, agency.Admins = msg.Name, msg.Jurisdiction, msg.Admins
	if err := m.Agencies.Set(ctx, agency.Id, agency); err != nil {
		return nil, err
	}
	return &types.MsgUpdateAgencyResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgencyUpdated{
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
	return &types.MsgSetAgencyStatusResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventAgencyStatusChanged{
		AgencyId: agency.Id, Status: agency.Status, Reason: msg.Reason,
	})
}

// roleChange validates a grant or revocation and returns the grantee's address.
func (m msgServer) roleChange(ctx context.Context, admin string, agencyID uint64, address string, role types.Role, reason string) (sdk.AccAddress, error) {
	if err := types.ValidateAddress(m.addressCodec, "admin", admin); err != nil {
		return nil, err
	}
	if _, err := m.activeAgencyAdmin(ctx, agencyID, admin); err != nil {
		return nil, err
	}
	if err := types.ValidateRole(role); err != nil {
		return nil, err
	}
	addr, err := m.addressCodec.StringToBytes(address)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "address %q: %s", address, err)
	}
	if err := m.checkText(ctx, types.ErrInvalidRole, "reason", reason); err != nil {
		return nil, err
	}
	return addr, nil
}

func (m msgServer) GrantRole(ctx context.Context, msg *types.MsgGrantRole) (*types.MsgGrantRoleResponse, error) {
	addr, err := m.roleChange(ctx, msg.Admin, msg.AgencyId, msg.Address, msg.Role, msg.Reason)
	if err != nil {
		return nil, err
	}
	key := roleKey(msg.AgencyId, addr, msg.Role)
	if held, err := m.Roles.Has(ctx, key); err != nil {
		return nil, err
	} else if held {
		return nil, errorsmod.Wrapf(types.ErrRoleExists, "%s already holds %s in agency %d", msg.Address, msg.Role, msg.AgencyId)
	}
	grant := types.RoleGrant{
		AgencyId: msg.AgencyId, Address: msg.Address, Role: msg.Role, Reason: msg.Reason,
		GrantedBy: msg.Admin, GrantedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.Roles.Set(ctx, key, grant); err != nil {
		return nil, err
	}
	if err := m.RolesByAccount.Set(ctx, accountRoleKey(addr, msg.AgencyId, msg.Role)); err != nil {
		return nil, err
	}
	return &types.MsgGrantRoleResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleGranted{
		AgencyId: msg.AgencyId, Address: msg.Address, Role: msg.Role, Reason: msg.Reason, GrantedBy: msg.Admin,
	})
}

func (m msgServer) RevokeRole(ctx context.Context, msg *types.MsgRevokeRole) (*types.MsgRevokeRoleResponse, error) {
	addr, err := m.roleChange(ctx, msg.Admin, msg.AgencyId, msg.Address, msg.Role, msg.Reason)
	if err != nil {
		return nil, err
	}
	key := roleKey(msg.AgencyId, addr, msg.Role)
	if held, err := m.Roles.Has(ctx, key); err != nil {
		return nil, err
	} else if !held {
		return nil, errorsmod.Wrapf(types.ErrRoleNotFound, "%s does not hold %s in agency %d", msg.Address, msg.Role, msg.AgencyId)
	}
	if err := m.Roles.Remove(ctx, key); err != nil {
		return nil, err
	}
	if err := m.RolesByAccount.Remove(ctx, accountRoleKey(addr, msg.AgencyId, msg.Role)); err != nil {
		return nil, err
	}
	return &types.MsgRevokeRoleResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventRoleRevoked{
		AgencyId: msg.AgencyId, Address: msg.Address, Role: msg.Role, Reason: msg.Reason, RevokedBy: msg.Admin,
	})
}

func (m msgServer) validateSupplier(ctx context.Context, owner string, d types.SupplierDetails) error {
	if err := types.ValidateAddress(m.addressCodec, "owner", owner); err != nil {
		return err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return err
	}
	return d.Validate(m.addressCodec, params)
}

// checkRegistrationFree fails if another supplier than self holds the registration key.
func (m msgServer) checkRegistrationFree(ctx context.Context, key string, self uint64) error {
	other, err := m.SuppliersByRegistration.Get(ctx, key)
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

func (m msgServer) RegisterSupplier(ctx context.Context, msg *types.MsgRegisterSupplier) (*types.MsgRegisterSupplierResponse, error) {
	details := types.SupplierDetails{
		Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
		BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
	}
	if err := m.validateSupplier(ctx, msg.Owner, details); err != nil {
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
		Id: id, Owner: msg.Owner, Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
		BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
		Version: 1, UpdatedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.Suppliers.Set(ctx, id, s); err != nil {
		return nil, err
	}
	if err := m.SuppliersByRegistration.Set(ctx, reg, id); err != nil {
		return nil, err
	}
	return &types.MsgRegisterSupplierResponse{SupplierId: id}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSupplierRegistered{
		SupplierId: id, Owner: msg.Owner, Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
	})
}

func (m msgServer) UpdateSupplier(ctx context.Context, msg *types.MsgUpdateSupplier) (*types.MsgUpdateSupplierResponse, error) {
	current, err := m.GetSupplier(ctx, msg.SupplierId)
	if err != nil {
		return nil, err
	}
	if msg.Owner != current.Owner {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not the owner of supplier %d", msg.Owner, msg.SupplierId)
	}
	details := types.SupplierDetails{
		Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
		BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
	}
	if err := m.validateSupplier(ctx, msg.Owner, details); err != nil {
		return nil, err
	}
	oldReg := types.RegistrationKey(current.Country, current.RegistrationNumber)
	newReg := types.RegistrationKey(msg.Country, msg.RegistrationNumber)
	if err := m.checkRegistrationFree(ctx, newReg, current.Id); err != nil {
		return nil, err
	}

	if err := m.SupplierHistory.Set(ctx, collections.Join(current.Id, current.Version), current); err != nil {
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
	next := types.Supplier{
		Id: current.Id, Owner: current.Owner, Name: msg.Name, RegistrationNumber: msg.RegistrationNumber, Country: msg.Country,
		BeneficialOwners: msg.BeneficialOwners, Representatives: msg.Representatives,
		Version: current.Version + 1, UpdatedHeight: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.Suppliers.Set(ctx, next.Id, next); err != nil {
		return nil, err
	}
	return &types.MsgUpdateSupplierResponse{Version: next.Version}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSupplierUpdated{
		SupplierId: next.Id, Version: next.Version,
	})
}

func (m msgServer) DebarSupplier(ctx context.Context, msg *types.MsgDebarSupplier) (*types.MsgDebarSupplierResponse, error) {
	if _, err := m.activeAgencyAdmin(ctx, msg.AgencyId, msg.Admin); err != nil {
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
	d := types.Debarment{SupplierId: msg.SupplierId, AgencyId: msg.AgencyId, Reason: msg.Reason, Start: now, End: msg.End, DebarredBy: msg.Admin}
	if err := m.Debarments.Set(ctx, collections.Join(msg.SupplierId, msg.AgencyId), d); err != nil {
		return nil, err
	}
	return &types.MsgDebarSupplierResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventSupplierDebarred{
		SupplierId: msg.SupplierId, AgencyId: msg.AgencyId, Reason: msg.Reason, End: msg.End, DebarredBy: msg.Admin,
	})
}

func (m msgServer) DeclareInterest(ctx context.Context, msg *types.MsgDeclareInterest) (*types.MsgDeclareInterestResponse, error) {
	declarant, err := m.addressCodec.StringToBytes(msg.Declarant)
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrInvalidAddress, "declarant %q: %s", msg.Declarant, err)
	}
	holder, err := m.holdsAnyRole(ctx, msg.AgencyId, declarant)
	if err != nil {
		return nil, err
	}
	if !holder {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "%s holds no role in active agency %d", msg.Declarant, msg.AgencyId)
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
		Id: id, Declarant: msg.Declarant, AgencyId: msg.AgencyId, SupplierId: msg.SupplierId,
		Description: msg.Description, Height: sdk.UnwrapSDKContext(ctx).BlockHeight(),
	}
	if err := m.setDeclaration(ctx, declarant, d); err != nil {
		return nil, err
	}
	return &types.MsgDeclareInterestResponse{DeclarationId: id}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventInterestDeclared{
		DeclarationId: id, Declarant: msg.Declarant, AgencyId: msg.AgencyId, SupplierId: msg.SupplierId,
	})
}

// holdsAnyRole reports whether addr holds at least one role in an active agency.
func (k Keeper) holdsAnyRole(ctx context.Context, agencyID uint64, addr sdk.AccAddress) (bool, error) {
	active, err := k.IsAgencyActive(ctx, agencyID)
	if err != nil || !active {
		return false, err
	}
	for _, r := range types.AllRoles() { // ordered: gas must not depend on map order
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
	return &types.MsgUpdateParamsResponse{}, sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(&types.EventParamsUpdated{Params: msg.Params})
}
