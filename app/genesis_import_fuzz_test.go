package app_test

import (
	"encoding/json"
	"math/rand"
	"testing"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/core/address"

	addresscodec "github.com/cosmos/cosmos-sdk/codec/address"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"

	"github.com/civitas-chain/civitas/app"
	"github.com/civitas-chain/civitas/testutil"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	procurementtypes "github.com/civitas-chain/civitas/x/procurement/types"
	votingtypes "github.com/civitas-chain/civitas/x/voting/types"
)

type genesisState[G any] interface {
	*G
	Marshal() ([]byte, error)
	Unmarshal([]byte) error
	Validate(address.Codec) error
}

// fuzzGenesisImport fuzzes a module's genesis import on a running app: any
// bytes that decode to a genesis state that passes Validate are loaded by
// the keeper's InitGenesis (into a cache of a chain's state, agencies,
// seats and validators, with the module's own store emptied) without a
// panic; if it loads, the
// module's export is a valid genesis again. Seeds: the default genesis and
// the export of a chain where every module holds records.
func fuzzGenesisImport[G any, P genesisState[G]](f *testing.F, module string, def P,
	initGenesis func(*app.CivitasApp, sdk.Context, P) error, export func(*app.CivitasApp, sdk.Context) (P, error),
) {
	c := testutil.NewChain(f, testutil.Config{})
	for _, seed := range []P{def} {
		bz, err := seed.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	// The simulation's world: agencies, roles, suppliers, a fiscal year and budget lines.
	r := rand.New(rand.NewSource(1))
	world, _, _, _ := testutil.SimAppStateFn(f)(r, simtypes.RandomAccounts(r, 40), simtypes.Config{ChainID: "fuzz-1"})
	var state map[string]json.RawMessage
	if err := json.Unmarshal(world, &state); err != nil {
		f.Fatal(err)
	}
	if gs := P(new(G)); c.App.AppCodec().UnmarshalJSON(state[module], any(gs).(proto.Message)) == nil {
		bz, err := gs.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	if exported, err := export(c.App, c.Ctx()); err == nil {
		bz, err := exported.Marshal()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(bz)
	}
	ac := addresscodec.NewBech32Codec("civ")
	f.Fuzz(func(t *testing.T, bz []byte) {
		gs := P(new(G))
		if gs.Unmarshal(bz) != nil || gs.Validate(ac) != nil {
			return
		}
		// The module's store starts empty, as at genesis; the other
		// modules keep the chain's state.
		ctx, _ := c.Ctx().CacheContext()
		store := ctx.KVStore(c.App.GetKey(module))
		it := store.Iterator(nil, nil)
		var keys [][]byte
		for ; it.Valid(); it.Next() {
			keys = append(keys, it.Key())
		}
		_ = it.Close()
		for _, k := range keys {
			store.Delete(k)
		}
		var err error
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("InitGenesis of a valid genesis panicked: %v", r)
				}
			}()
			err = initGenesis(c.App, ctx, gs)
		}()
		if err != nil {
			return
		}
		out, err := export(c.App, ctx)
		if err != nil {
			t.Fatalf("export after a successful import: %v", err)
		}
		if err := out.Validate(ac); err != nil {
			t.Fatalf("the export of an imported genesis is invalid: %v", err)
		}
	})
}

func FuzzAgencyGenesisImport(f *testing.F) {
	fuzzGenesisImport(f, agencytypes.ModuleName, agencytypes.DefaultGenesisState(),
		func(a *app.CivitasApp, ctx sdk.Context, gs *agencytypes.GenesisState) error {
			return a.AgencyKeeper.InitGenesis(ctx, gs)
		},
		func(a *app.CivitasApp, ctx sdk.Context) (*agencytypes.GenesisState, error) {
			return a.AgencyKeeper.ExportGenesis(ctx)
		})
}

func FuzzVotingGenesisImport(f *testing.F) {
	fuzzGenesisImport(f, votingtypes.ModuleName, votingtypes.DefaultGenesisState(),
		func(a *app.CivitasApp, ctx sdk.Context, gs *votingtypes.GenesisState) error {
			return a.VotingKeeper.InitGenesis(ctx, gs)
		},
		func(a *app.CivitasApp, ctx sdk.Context) (*votingtypes.GenesisState, error) {
			return a.VotingKeeper.ExportGenesis(ctx)
		})
}

func FuzzBudgetGenesisImport(f *testing.F) {
	fuzzGenesisImport(f, budgettypes.ModuleName, budgettypes.DefaultGenesisState(),
		func(a *app.CivitasApp, ctx sdk.Context, gs *budgettypes.GenesisState) error {
			return a.BudgetKeeper.InitGenesis(ctx, gs)
		},
		func(a *app.CivitasApp, ctx sdk.Context) (*budgettypes.GenesisState, error) {
			return a.BudgetKeeper.ExportGenesis(ctx)
		})
}

func FuzzProcurementGenesisImport(f *testing.F) {
	fuzzGenesisImport(f, procurementtypes.ModuleName, procurementtypes.DefaultGenesisState(),
		func(a *app.CivitasApp, ctx sdk.Context, gs *procurementtypes.GenesisState) error {
			return a.ProcurementKeeper.InitGenesis(ctx, gs)
		},
		func(a *app.CivitasApp, ctx sdk.Context) (*procurementtypes.GenesisState, error) {
			return a.ProcurementKeeper.ExportGenesis(ctx)
		})
}
