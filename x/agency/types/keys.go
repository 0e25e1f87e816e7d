package types

import "cosmossdk.io/collections"

const (
	// ModuleName is the module's name, store key and route.
	ModuleName = "agency"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
)

// Collection prefixes. They are consensus: never renumber them.
var (
	ParamsKey                  = collections.NewPrefix(0)
	AgencySeqKey               = collections.NewPrefix(1)
	AgenciesKey                = collections.NewPrefix(2)
	RolesKey                   = collections.NewPrefix(3)
	RolesByAccountKey          = collections.NewPrefix(4)
	SupplierSeqKey             = collections.NewPrefix(5)
	SuppliersKey               = collections.NewPrefix(6)
	SuppliersByRegistrationKey = collections.NewPrefix(7)
	SupplierHistoryKey         = collections.NewPrefix(8)
	// 9 held debarments keyed by (supplier, agency), overwritten by a later
	// debarment; retired: debarments keep their history under 16 and 17.
	_                          = collections.NewPrefix(9)
	DeclarationSeqKey          = collections.NewPrefix(10)
	DeclarationsKey            = collections.NewPrefix(11)
	DeclarationsByDeclarantKey = collections.NewPrefix(12)
	DeclarationsByInterestKey  = collections.NewPrefix(13)
	SeatGrantsKey              = collections.NewPrefix(14)
	SeatOperatorsKey           = collections.NewPrefix(15)
	DebarmentsKey              = collections.NewPrefix(16)
	DebarmentsBySupplierKey    = collections.NewPrefix(17)
	DisownmentsKey             = collections.NewPrefix(18)
	DebarmentSeqKey            = collections.NewPrefix(19)
)
