package types_test

import (
	"testing"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// FuzzGenesisValidate: this module's genesis validation never panics (testutil.FuzzGenesisValidate).
func FuzzGenesisValidate(f *testing.F) {
	testutil.FuzzGenesisValidate(f, types.DefaultGenesisState())
}
