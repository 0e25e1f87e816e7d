package app

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"
)

func TestSeatSendRestriction(t *testing.T) {
	var (
		holder    = sdk.AccAddress("holder______________")
		other     = sdk.AccAddress("other_______________")
		bonded    = authtypes.NewModuleAddress(stakingtypes.BondedPoolName)
		notBonded = authtypes.NewModuleAddress(stakingtypes.NotBondedPoolName)
		issuer    = authtypes.NewModuleAddress("issuer")
		seat      = sdk.NewCoins(sdk.NewInt64Coin(SeatDenom, 1))
		civis     = sdk.NewCoins(sdk.NewInt64Coin(FeeDenom, 5))
	)
	restrict := NewSeatSendRestriction("issuer").Fn()

	tests := []struct {
		name     string
		from, to sdk.AccAddress
		amt      sdk.Coins
		allowed  bool
	}{
		{"public funds between accounts", holder, other, civis, true},
		{"seat between accounts", holder, other, seat, false},
		{"seat with public funds between accounts", holder, other, seat.Add(civis...), false},
		{"seat from account to bonded pool (not via delegation)", holder, bonded, seat, false},
		{"seat from bonded to not-bonded pool", bonded, notBonded, seat, true},
		{"seat from not-bonded pool to holder", notBonded, holder, seat, true},
		{"seat from issuer module", issuer, holder, seat, true},
		{"seat from an unknown module", authtypes.NewModuleAddress("other"), holder, seat, false},
		{"seat back to the issuer (to be burned)", holder, issuer, seat, true},
		{"seat to another module", holder, authtypes.NewModuleAddress("other"), seat, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			to, err := restrict(context.Background(), tc.from, tc.to, tc.amt)
			require.Equal(t, tc.to, to, "the recipient is never rewritten")
			if tc.allowed {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrSeatTransfer)
			require.Contains(t, err.Error(), SeatDenom)
		})
	}
}
