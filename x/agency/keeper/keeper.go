// Package keeper holds the agency module's state and its narrow API for the
// other modules (HasRole, HasConflict, IsDebarred, ...).
package keeper

import (
	"fmt"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
)

// RoleKey is (agency id, (account, role)).
type RoleKey = collections.Pair[uint64, collections.Pair[sdk.AccAddress, int32]]

// AccountRoleKey is (account, (agency id, role)).
type AccountRoleKey = collections.Pair[sdk.AccAddress, collections.Pair[uint64, int32]]

// Keeper of the agency module. All state is in collections.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	// authority is the account allowed to run governance Msgs (the gov module).
	authority string
	bank      types.BankKeeper
	staking   types.StakingKeeper

	Schema collections.Schema
	Params collections.Item[types.Params]

	AgencySeq collections.Sequence
	Agencies  collections.Map[uint64, types.Agency]

	// Roles holds every grant; RolesByAccount indexes them by account.
	Roles          collections.Map[RoleKey, types.RoleGrant]
	RolesByAccount collections.KeySet[AccountRoleKey]

	SupplierSeq collections.Sequence
	Suppliers   collections.Map[uint64, types.Supplier]
	// SuppliersByRegistration maps RegistrationKey(country, number) to the supplier id.
	SuppliersByRegistration collections.Map[string, uint64]
	// SupplierHistory holds earlier versions: (supplier id, version).
	SupplierHistory collections.Map[collections.Pair[uint64, uint64], types.Supplier]

	// Debarments by id, never overwritten; DebarmentsBySupplier indexes
	// them as (supplier id, debarment id).
	DebarmentSeq         collections.Sequence
	Debarments           collections.Map[uint64, types.Debarment]
	DebarmentsBySupplier collections.KeySet[collections.Pair[uint64, uint64]]

	// Disownments: (supplier id, party) for listings the party disowned.
	Disownments collections.Map[collections.Pair[uint64, sdk.AccAddress], types.Disownment]

	DeclarationSeq collections.Sequence
	Declarations   collections.Map[uint64, types.Declaration]
	// DeclarationsByDeclarant: (declarant, declaration id).
	DeclarationsByDeclarant collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]
	// Interests: (declarant, supplier id) for every declared interest.
	Interests collections.KeySet[collections.Pair[sdk.AccAddress, uint64]]

	// SeatGrants: (agency id, operator) for seats issued by governance.
	SeatGrants collections.Map[collections.Pair[uint64, sdk.AccAddress], types.SeatGrant]
	// SeatOperators maps an operator to the one agency whose seats it holds.
	SeatOperators collections.Map[sdk.AccAddress, uint64]

	// validatorSetCheck reports whether some validator keeps consensus power
	// (the app's validator-set guard, read through the staking keeper).
	validatorSetCheck types.ValidatorSetCheck
}

// NewKeeper returns the keeper. It panics only if the schema cannot be built
// (a programming error).
//
// The module account (types.ModuleName) must have the Minter and Burner
// permissions and be a seat issuer in the app's seat send restriction.
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, addressCodec address.Codec, authority string,
	bank types.BankKeeper, staking types.StakingKeeper, validatorSetCheck types.ValidatorSetCheck,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("agency: invalid authority address %q: %s", authority, err))
	}
	if validatorSetCheck == nil {
		panic("agency: a validator-set check is required")
	}
	sb := collections.NewSchemaBuilder(storeService)
	roleKey := collections.PairKeyCodec(collections.Uint64Key, collections.PairKeyCodec(sdk.AccAddressKey, collections.Int32Key))
	accountRoleKey := collections.PairKeyCodec(sdk.AccAddressKey, collections.PairKeyCodec(collections.Uint64Key, collections.Int32Key))
	u64Pair := collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)
	addrU64Pair := collections.PairKeyCodec(sdk.AccAddressKey, collections.Uint64Key)

	k := Keeper{
		cdc:          cdc,
		addressCodec: addressCodec,
		authority:    authority,
		bank:         bank,
		staking:      staking,

		validatorSetCheck: validatorSetCheck,

		Params:                  collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		AgencySeq:               collections.NewSequence(sb, types.AgencySeqKey, "agency_seq"),
		Agencies:                collections.NewMap(sb, types.AgenciesKey, "agencies", collections.Uint64Key, codec.CollValue[types.Agency](cdc)),
		Roles:                   collections.NewMap(sb, types.RolesKey, "roles", roleKey, codec.CollValue[types.RoleGrant](cdc)),
		RolesByAccount:          common.NewKeySet(sb, types.RolesByAccountKey, "roles_by_account", accountRoleKey),
		SupplierSeq:             collections.NewSequence(sb, types.SupplierSeqKey, "supplier_seq"),
		Suppliers:               collections.NewMap(sb, types.SuppliersKey, "suppliers", collections.Uint64Key, codec.CollValue[types.Supplier](cdc)),
		SuppliersByRegistration: collections.NewMap(sb, types.SuppliersByRegistrationKey, "suppliers_by_registration", collections.StringKey, collections.Uint64Value),
		SupplierHistory:         collections.NewMap(sb, types.SupplierHistoryKey, "supplier_history", u64Pair, codec.CollValue[types.Supplier](cdc)),
		DebarmentSeq:            collections.NewSequence(sb, types.DebarmentSeqKey, "debarment_seq"),
		Debarments:              collections.NewMap(sb, types.DebarmentsKey, "debarments", collections.Uint64Key, codec.CollValue[types.Debarment](cdc)),
		DebarmentsBySupplier:    common.NewKeySet(sb, types.DebarmentsBySupplierKey, "debarments_by_supplier", u64Pair),
		Disownments: collections.NewMap(sb, types.DisownmentsKey, "disownments",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.Disownment](cdc)),
		DeclarationSeq:          collections.NewSequence(sb, types.DeclarationSeqKey, "declaration_seq"),
		Declarations:            collections.NewMap(sb, types.DeclarationsKey, "declarations", collections.Uint64Key, codec.CollValue[types.Declaration](cdc)),
		DeclarationsByDeclarant: common.NewKeySet(sb, types.DeclarationsByDeclarantKey, "declarations_by_declarant", addrU64Pair),
		Interests:               common.NewKeySet(sb, types.DeclarationsByInterestKey, "interests", addrU64Pair),
		SeatGrants: collections.NewMap(sb, types.SeatGrantsKey, "seat_grants",
			collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey), codec.CollValue[types.SeatGrant](cdc)),
		SeatOperators: collections.NewMap(sb, types.SeatOperatorsKey, "seat_operators", sdk.AccAddressKey, collections.Uint64Value),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the governance authority address.
func (k Keeper) Authority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

func roleKey(agencyID uint64, addr sdk.AccAddress, role types.Role) RoleKey {
	return collections.Join(agencyID, collections.Join(addr, int32(role)))
}

func accountRoleKey(addr sdk.AccAddress, agencyID uint64, role types.Role) AccountRoleKey {
	return collections.Join(addr, collections.Join(agencyID, int32(role)))
}
