package keeper_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// residencyRule deploys the residency-eligibility artifact (admin: admin,
// or none) with the officer as attestor, and attests the given voters.
func (f *fixture) residencyRule(t testing.TB, admin sdk.AccAddress, residents ...sdk.AccAddress) sdk.AccAddress {
	t.Helper()
	addr := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "residency_eligibility.wasm", f.officer.Address, admin,
		`{"attestors":["`+f.officer.Address.String()+`"]}`)
	list := make([]string, len(residents))
	for i, r := range residents {
		list[i] = `"` + r.String() + `"`
	}
	_, err := wasmkeeper.NewDefaultPermissionKeeper(f.c.App.WasmKeeper).Execute(f.ctx, addr, f.officer.Address,
		[]byte(`{"attest":{"residents":[`+strings.Join(list, ",")+`]}}`), nil)
	require.NoError(t, err)
	return addr
}

// TestVoterRule: an officer attaches a check_voter_eligibility rule before
// the start, once; each ballot is then asked of it: a voter it refuses is
// refused alone with the contract's reason and counted invalid; a rule that
// runs out of its gas cap refuses; nothing fails the message.
func TestVoterRule(t *testing.T) {
	f := newFixture(t)
	resident, other := voter(1), voter(2)
	rule := f.residencyRule(t, nil, addr(resident))
	withAdmin := f.residencyRule(t, f.officer.Address, addr(resident))
	e := f.create(t, f.electionMsg())
	f.setVoters(t, e.Id, 1, resident, other)

	attach := func(signer string, id uint64, contract sdk.AccAddress) error {
		_, err := f.ms.AttachVoterRule(f.ctx, &types.MsgAttachVoterRule{Officer: signer, ElectionId: id, Contract: contract.String()})
		return err
	}
	requireErr(t, types.ErrUnauthorized, attach(f.alice.Address.String(), e.Id, rule))
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, withAdmin), "a contract with an admin could be migrated")
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, f.alice.Address), "not a contract")
	requireErr(t, types.ErrElectionNotFound, attach(f.officer.Address.String(), 99, rule))
	require.NoError(t, attach(f.officer.Address.String(), e.Id, rule))
	requireErr(t, types.ErrInvalidRule, attach(f.officer.Address.String(), e.Id, rule), "attached once")
	got, err := f.k.GetElection(f.ctx, e.Id)
	require.NoError(t, err)
	require.Equal(t, rule.String(), got.VoterRule.Contract)
	require.Equal(t, uint64(types.DefaultRuleGasLimit), got.VoterRule.GasLimit)

	f.at(t, e.StartTime.Add(time.Second))
	requireErr(t, types.ErrWrongStatus, attach(f.officer.Address.String(), e.Id, rule), "frozen once open")
	// Attested once voting is under way: too late for this election.
	_, err = wasmkeeper.NewDefaultPermissionKeeper(f.c.App.WasmKeeper).Execute(f.ctx, rule, f.officer.Address,
		[]byte(`{"attest":{"residents":["`+addr(other).String()+`"]}}`), nil)
	require.NoError(t, err)
	outcomes := f.cast(t, f.sign(t, resident, e.Id, 1, single(0)), f.sign(t, other, e.Id, 1, single(1)))
	require.True(t, outcomes[0].Counted, outcomes[0].Error)
	require.False(t, outcomes[1].Counted)
	require.Contains(t, outcomes[1].Error, types.ErrRuleRefused.Error(), "the outcome carries the registered text")
	require.True(t, hasEvent(f.ctx, "civitas.voting.v1.EventBallotRefused", "error", addr(other).String()+" was not attested as a resident at the election's start"),
		"the event carries the contract's reason")
	tally := f.tally(t, e.Id)
	require.Equal(t, uint64(1), tally.Ballots)
	require.Equal(t, uint64(1), tally.Invalid, "the refused ballot is counted invalid")

	// A rule pinned with a gas cap it cannot run in refuses every ballot, and
	// the chain goes on. (A pinned residency check costs ~9,000 gas, under
	// the smallest cap the params allow; the cap is lowered in state here.)
	p := types.DefaultParams()
	p.RuleGasLimit = types.MinRuleGasLimit
	_, err = f.ms.UpdateParams(f.ctx, &types.MsgUpdateParams{Authority: testutil.GovAuthority(), Params: p})
	require.NoError(t, err)
	m := f.electionMsg()
	m.StartTime, m.EndTime = f.now().Add(time.Hour), f.now().Add(2*time.Hour)
	e2 := f.create(t, m)
	f.setVoters(t, e2.Id, 1, resident)
	require.NoError(t, attach(f.officer.Address.String(), e2.Id, rule))
	stored, err := f.k.GetElection(f.ctx, e2.Id)
	require.NoError(t, err)
	require.Equal(t, uint64(types.MinRuleGasLimit), stored.VoterRule.GasLimit, "the params' cap is pinned")
	stored.VoterRule.GasLimit = 3_000
	require.NoError(t, f.k.Elections.Set(f.ctx, e2.Id, stored))
	// A rule that fails on the hook (role-agent's sudo sends a message,
	// which a rule may not) refuses the ballot with the error.
	m.StartTime, m.EndTime = f.now().Add(time.Hour), f.now().Add(2*time.Hour)
	e3 := f.create(t, m)
	f.setVoters(t, e3.Id, 1, resident)
	failing := testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "role_agent.wasm", f.officer.Address, nil, `{"operators":[]}`)
	_, err = wasmkeeper.NewDefaultPermissionKeeper(f.c.App.WasmKeeper).Execute(f.ctx, failing, f.officer.Address,
		[]byte(`{"set_hook_msgs":{"msgs":[{"agency":{"grant_role":{}}}]}}`), nil)
	require.NoError(t, err)
	require.NoError(t, attach(f.officer.Address.String(), e3.Id, failing))

	f.at(t, e2.StartTime)
	outcomes = f.cast(t, f.sign(t, resident, e2.Id, 1, single(0)), f.sign(t, resident, e3.Id, 1, single(0)))
	require.False(t, outcomes[0].Counted)
	require.True(t, hasEvent(f.ctx, "civitas.voting.v1.EventBallotRefused", "error", "ran out of gas (limit 3000)"))
	require.False(t, outcomes[1].Counted)
	require.True(t, hasEvent(f.ctx, "civitas.voting.v1.EventBallotRefused", "error", "a rule may not send messages"))
}

// BenchmarkBallotWithRule: the execution of one relayed message of 100
// ballots (their signatures verified too), without a rule and with the
// residency-eligibility rule attached. The
// difference divided by 100 is what a rule call adds per ballot
// (go test ./x/voting/keeper/ -run '^$' -bench BallotWithRule -benchtime 10x).
func BenchmarkBallotWithRule(b *testing.B) {
	for _, withRule := range []bool{false, true} {
		name := "no-rule"
		if withRule {
			name = "residency-rule"
		}
		b.Run(name, func(b *testing.B) {
			f := newFixture(b)
			keys := make([]*secp256k1.PrivKey, 100)
			residents := make([]sdk.AccAddress, len(keys))
			for i := range keys {
				keys[i] = voter(1000 + i)
				residents[i] = addr(keys[i])
			}
			rule := f.residencyRule(b, nil, residents...)
			if b.N > types.DefaultMaxRevotes+1 {
				b.Skip("each round is a revote of the same 100 voters: run with -benchtime 10x or less")
			}
			m := f.electionMsg()
			m.MaxRevotes = types.DefaultMaxRevotes
			e := f.create(b, m)
			f.setVoters(b, e.Id, 1, keys...)
			if withRule {
				_, err := f.ms.AttachVoterRule(f.ctx, &types.MsgAttachVoterRule{Officer: f.officer.Address.String(), ElectionId: e.Id, Contract: rule.String()})
				require.NoError(b, err)
			}
			f.at(b, e.StartTime)
			batches := make([][]types.SignedBallot, b.N)
			for n := range batches {
				for i, k := range keys {
					batches[n] = append(batches[n], f.sign(b, k, e.Id, uint32(n+1), single(uint32(i%3))))
				}
			}
			gas := uint64(0)
			b.ResetTimer()
			for n := 0; n < b.N; n++ {
				ctx := f.ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
				res, err := f.ms.CastBallots(ctx, &types.MsgCastBallots{Relayer: f.alice.Address.String(), Ballots: batches[n]})
				if err != nil || !res.Outcomes[0].Counted {
					b.Fatalf("%v %v", err, res)
				}
				gas = ctx.GasMeter().GasConsumed()
			}
			b.ReportMetric(float64(gas)/100, "gas/ballot")
		})
	}
}

// hasEvent reports whether ctx's event manager holds an event of type typ
// whose attribute key contains want.
func hasEvent(ctx sdk.Context, typ, key, want string) bool {
	for _, ev := range ctx.EventManager().Events() {
		if ev.Type != typ {
			continue
		}
		for _, a := range ev.Attributes {
			if a.Key == key && strings.Contains(a.Value, want) {
				return true
			}
		}
	}
	return false
}
