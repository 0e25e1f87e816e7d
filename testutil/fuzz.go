package testutil

import (
	"testing"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
)

// genesisState is what every Civitas module's genesis state provides.
type genesisState[G any] interface {
	*G
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
	Validate(address.Codec) error
}

// FuzzGenesisValidate fuzzes a module's genesis validation: any bytes
// decoded as its genesis state are accepted or refused by Validate with an
// error, never a panic (genesis import checks every record before it is
// stored). def is the module's default genesis, the first seed.
func FuzzGenesisValidate[G any, P genesisState[G]](f *testing.F, def P) {
	bz, err := def.Marshal()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(bz)
	f.Add([]byte{0x0a, 0x02, 0x08, 0x01})
	ac := addresscodec.NewBech32Codec("civ")
	f.Fuzz(func(t *testing.T, bz []byte) {
		gs := P(new(G))
		if gs.Unmarshal(bz) != nil {
			return
		}
		_ = gs.Validate(ac)
	})
}
