package types_test

import (
	"testing"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// FuzzGenesisValidate: any bytes decoded as this module's genesis state are
// accepted or refused by Validate with an error, never a panic (genesis
// import checks every record before it is stored).
func FuzzGenesisValidate(f *testing.F) {
	bz, err := types.DefaultGenesisState().Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bz)
	f.Add([]byte{0x0a, 0x02, 0x08, 0x01})
	ac := addresscodec.NewBech32Codec("civ")
	f.Fuzz(func(t *testing.T, bz []byte) {
		var gs types.GenesisState
		if gs.Unmarshal(bz) != nil {
			return
		}
		_ = gs.Validate(ac)
	})
}
