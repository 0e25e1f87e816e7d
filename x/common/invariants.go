package common

import (
	"context"
	"fmt"

	"cosmossdk.io/core/address"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// Invariant is a named check of a module's state (nil: it holds).
type Invariant struct {
	Name  string
	Check func(ctx context.Context) error
}

// RegisterInvariants registers checks as sdk.Invariants of module (the
// simulation runs them after every block; x/crisis is not part of the app).
func RegisterInvariants(ir sdk.InvariantRegistry, module string, checks ...Invariant) {
	for _, c := range checks {
		check := c.Check
		name := c.Name
		ir.RegisterRoute(module, name, func(ctx sdk.Context) (string, bool) {
			if err := check(ctx); err != nil {
				return sdk.FormatInvariant(module, name, err.Error()), true
			}
			return "", false
		})
	}
}

// GenesisInvariant checks that the module's export is a valid genesis: the
// state is one the chain could start from (every cross-reference and
// counter that genesis validation checks holds).
func GenesisInvariant[G interface{ Validate(address.Codec) error }](ac address.Codec, export func(context.Context) (G, error)) Invariant {
	return Invariant{Name: "exports-valid-genesis", Check: func(ctx context.Context) error {
		gs, err := export(ctx)
		if err != nil {
			return fmt.Errorf("export: %w", err)
		}
		return gs.Validate(ac)
	}}
}
