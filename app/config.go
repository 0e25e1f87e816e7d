package app

import (
	"os"
	"path/filepath"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
)

const (
	// AppName is the name reported by the node over ABCI.
	AppName = "civitas"

	// Bech32Prefix is the human-readable part of every Civitas account address.
	Bech32Prefix = "civ"

	// SeatDenom is the validator seat token. It is the staking bond denom and
	// can only be issued by governance (see seats.go).
	SeatDenom = "useat"

	// FeeDenom is the public-funds denom, used for fees, deposits and budgets.
	FeeDenom = "ucivis"

	// TransientStoreKey names the app's own transient store (not committed),
	// where SeatHooks mark that a transaction changed a delegation.
	TransientStoreKey = "transient_civitas"

	// FeeDisplayDenom is the display unit of FeeDenom (1 CIVIS = 10^6 ucivis).
	FeeDisplayDenom = "CIVIS"
)

// Derived bech32 prefixes.
var (
	Bech32PrefixAccAddr  = Bech32Prefix
	Bech32PrefixAccPub   = Bech32Prefix + sdk.PrefixPublic
	Bech32PrefixValAddr  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator
	Bech32PrefixValPub   = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixOperator + sdk.PrefixPublic
	Bech32PrefixConsAddr = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus
	Bech32PrefixConsPub  = Bech32Prefix + sdk.PrefixValidator + sdk.PrefixConsensus + sdk.PrefixPublic
)

// DefaultNodeHome is the default home directory of civitasd: $HOME/.civitas.
// It is the only directory the binary writes to unless --home says otherwise.
var DefaultNodeHome = defaultNodeHome()

func defaultNodeHome() string {
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		return ".civitas"
	}
	return filepath.Join(home, ".civitas")
}

// The civ prefixes are set when the package loads: the SDK caches the bech32
// form of addresses, so no address may be printed before they are set.
// The staking power reduction makes one seat PowerPerSeat units of consensus
// power (see agencytypes.PowerPerSeat for why not one).
func init() {
	SetAddressPrefixes()
	sdk.DefaultPowerReduction = agencytypes.SeatUnit.QuoRaw(agencytypes.PowerPerSeat)
}

// SetAddressPrefixes sets the civ bech32 prefixes in the SDK's global config
// and seals it. It is safe to call more than once.
func SetAddressPrefixes() {
	cfg := sdk.GetConfig()
	if cfg.GetBech32AccountAddrPrefix() == Bech32PrefixAccAddr {
		return
	}
	cfg.SetBech32PrefixForAccount(Bech32PrefixAccAddr, Bech32PrefixAccPub)
	cfg.SetBech32PrefixForValidator(Bech32PrefixValAddr, Bech32PrefixValPub)
	cfg.SetBech32PrefixForConsensusNode(Bech32PrefixConsAddr, Bech32PrefixConsPub)
	cfg.Seal()
}
