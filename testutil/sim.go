package testutil

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	sdkmath "cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/codec"
	cryptotypes "github.com/cosmos/cosmos-sdk/crypto/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	simtypes "github.com/cosmos/cosmos-sdk/types/simulation"
	stakingtypes "github.com/cosmos/cosmos-sdk/x/staking/types"

	"github.com/civitas-chain/civitas/app"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
)

// SimValidators is the number of seat validators of the simulation's world.
const SimValidators = 8

// SimAppStateFn builds the simulation's genesis: a Civitas world on the
// simulator's own random accounts, made through the modules' messages on an
// in-process chain and exported (so it is a state the chain reaches, and
// its export imports):
//   - the first SimValidators accounts are the operators of seat validators
//     (one seat each, consensus keys from the simulator), each admin of its
//     own agency ("validator-N body");
//   - every account holds 10^12 ucivis; unbonding takes 60 days;
//   - each agency appoints 1 to 3 accounts to each role (election and
//     procurement officers, evaluators, reviewers, treasurers);
//   - a quarter of the accounts register a supplier (some with a
//     representative);
//   - the treasury is funded, fiscal year 2026 is opened at the genesis
//     time for a year, and each agency gets three lines.
//
// Everything comes from r, so a seed gives the same world.
func SimAppStateFn(t testing.TB) simtypes.AppStateFn {
	return func(r *rand.Rand, accs []simtypes.Account, cfg simtypes.Config) (json.RawMessage, []simtypes.Account, string, time.Time) {
		require.GreaterOrEqual(t, len(accs), SimValidators+4, "the simulation needs more accounts")
		keys := map[string]cryptotypes.PrivKey{}
		consKeys := map[string]cryptotypes.PrivKey{}
		names := make([]string, len(accs))
		var plain []string
		for i, a := range accs {
			if i < SimValidators {
				names[i] = fmt.Sprintf("validator-%d", i)
				consKeys[names[i]] = a.ConsKey
			} else {
				names[i] = fmt.Sprintf("account-%d", i)
				plain = append(plain, names[i])
			}
			keys[names[i]] = a.PrivKey
		}
		c := NewChain(t, Config{
			Validators: SimValidators, Accounts: plain, Keys: keys, ConsKeys: consKeys,
			AccountFunds: sdk.NewCoins(sdk.NewCoin(app.FeeDenom, sdkmath.NewInt(1_000_000_000_000))),
			// Unbonding lasts 60 days, longer than 500 of the simulator's
			// blocks (5,000 to 10,000 s apart): its evidence comes from any
			// past height, where CometBFT sends none older than the
			// evidence max age (48 h, below the 21 days of a real chain),
			// and x/evidence fails a block whose evidence names a validator
			// that unbonded and was removed.
			EditGenesis: func(cdc codec.JSONCodec, genesis map[string]json.RawMessage) {
				var sg stakingtypes.GenesisState
				cdc.MustUnmarshalJSON(genesis[stakingtypes.ModuleName], &sg)
				sg.Params.UnbondingTime = 60 * 24 * time.Hour
				genesis[stakingtypes.ModuleName] = cdc.MustMarshalJSON(&sg)
			},
		})
		ctx := c.Ctx()
		gov := GovAuthority()
		am := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
		roles := []agencytypes.Role{agencytypes.ROLE_ELECTION_OFFICER, agencytypes.ROLE_PROCUREMENT_OFFICER,
			agencytypes.ROLE_EVALUATOR, agencytypes.ROLE_REVIEWER, agencytypes.ROLE_TREASURER}
		for i, v := range c.Validators {
			for _, role := range roles {
				for _, j := range r.Perm(len(plain))[:1+r.Intn(3)] {
					_, err := am.GrantRole(ctx, &agencytypes.MsgGrantRole{Admin: v.Address.String(), AgencyId: uint64(i + 1),
						Address: c.Accounts[plain[j]].Address.String(), Role: role, Reason: "appointed at genesis"})
					require.NoError(t, err)
				}
			}
		}
		for i, j := range r.Perm(len(plain))[:len(plain)/4+1] {
			owner := c.Accounts[plain[j]]
			msg := &agencytypes.MsgRegisterSupplier{Owner: owner.Address.String(), Name: fmt.Sprintf("Company %d", i),
				RegistrationNumber: fmt.Sprintf("G%07d", i), Country: "EE",
				BeneficialOwners: []agencytypes.Party{{Address: owner.Address.String(), ShareBps: 10000}}}
			if r.Intn(3) == 0 {
				msg.Representatives = []agencytypes.Party{{Address: c.Accounts[plain[r.Intn(len(plain))]].Address.String()}}
				if msg.Representatives[0].Address == owner.Address.String() {
					msg.Representatives = nil
				}
			}
			_, err := am.RegisterSupplier(ctx, msg)
			require.NoError(t, err)
		}
		bm := budgetkeeper.NewMsgServerImpl(c.App.BudgetKeeper)
		perLine := sdkmath.NewInt(1_000_000_000).MulRaw(1 + r.Int63n(30))
		total := perLine.MulRaw(3 * SimValidators)
		_, err := bm.FundTreasury(ctx, &budgettypes.MsgFundTreasury{Funder: c.Validators[0].Address.String(), Amount: sdk.NewCoin(app.FeeDenom, total)})
		require.NoError(t, err)
		_, err = bm.OpenFiscalYear(ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2026, StartTime: c.Now(), EndTime: c.Now().Add(365 * 24 * time.Hour)})
		require.NoError(t, err)
		for i := range c.Validators {
			_, err := bm.Appropriate(ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2026, AgencyId: uint64(i + 1), Lines: []budgettypes.LineInput{
				{Code: "04.5.1", Title: "Roads", Amount: perLine}, {Code: "09.1.2", Title: "Schools", Amount: perLine}, {Code: "07.3.1", Title: "Hospitals", Amount: perLine},
			}})
			require.NoError(t, err)
		}
		c.NextBlock()

		exported, err := c.App.ExportAppStateAndValidators(false, nil, nil)
		require.NoError(t, err)
		return exported.AppState, accs, cfg.ChainID, c.Now().Add(c.BlockTime)
	}
}
