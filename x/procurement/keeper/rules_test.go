package keeper_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// spendingGuard deploys the spending-guard artifact for agency 1 with the
// cap (admin: admin, or none).
func (f *fixture) spendingGuard(t *testing.T, admin sdk.AccAddress, capAmount string) sdk.AccAddress {
	t.Helper()
	return testutil.InstantiateArtifact(t, f.ctx, f.c.App.WasmKeeper, "spending_guard.wasm", f.po.Address, admin, `{"agency_id":1,"cap":"`+capAmount+`"}`)
}

// TestBidRule: a tender published with a check_bid_eligibility rule asks it
// on each bid: spending-guard refuses a supplier whose awarded total this
// year plus the lot's ceiling would pass its cap, with its reason, and lets
// the others bid; only a contract without an admin may be named.
func TestBidRule(t *testing.T) {
	f := newFixture(t)
	tight := f.spendingGuard(t, nil, "500000")
	loose := f.spendingGuard(t, nil, "1000000")
	withAdmin := f.spendingGuard(t, f.po.Address, "1000000")

	publish := func(rule string) (uint64, error) {
		m := f.tenderMsg()
		m.BidRuleContract = rule
		res, err := f.ms.PublishTender(f.ctx, m)
		if err != nil {
			return 0, err
		}
		return res.TenderId, nil
	}
	_, err := publish(withAdmin.String())
	requireErr(t, types.ErrInvalidRule, err, "a contract with an admin could be migrated")
	_, err = publish(f.s1.Address.String())
	requireErr(t, types.ErrInvalidRule, err, "not a contract")
	_, err = publish("civ1bad")
	requireErr(t, types.ErrInvalidAddress, err)

	tid, err := publish(tight.String())
	require.NoError(t, err)
	tender, err := f.k.GetTender(f.ctx, tid)
	require.NoError(t, err)
	require.Equal(t, tight.String(), tender.BidRule.Contract)
	c1, _, _ := seal(t, tid, 0, f.s1.Address, 100)
	before, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	requireErr(t, types.ErrRuleRefused, err)
	require.Contains(t, err.Error(), "supplier 1 was awarded 0 in 2026: with lot 0's ceiling of 600000 it would pass the cap of 500000")
	after, err := f.k.ExportGenesis(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "a refused bid changes nothing")

	_, err = f.ms.CancelTender(f.ctx, &types.MsgCancelTender{Officer: f.po.Address.String(), TenderId: tid, Reason: "rule too tight"})
	require.NoError(t, err)
	tid, err = publish(loose.String())
	require.NoError(t, err)
	c1, _, _ = seal(t, tid, 0, f.s1.Address, 100)
	_, err = f.ms.SubmitBid(f.ctx, &types.MsgSubmitBid{Bidder: f.s1.Address.String(), TenderId: tid, Lot: 0, SupplierId: 1, Commitment: c1})
	require.NoError(t, err, "within the cap")
	f.roundTrip(t)
}
