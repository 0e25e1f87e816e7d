package app_test

import (
	"crypto/sha256"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/testutil"
	agencykeeper "github.com/civitas-chain/civitas/x/agency/keeper"
	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	budgetkeeper "github.com/civitas-chain/civitas/x/budget/keeper"
	budgettypes "github.com/civitas-chain/civitas/x/budget/types"
	procurementkeeper "github.com/civitas-chain/civitas/x/procurement/keeper"
	procurementtypes "github.com/civitas-chain/civitas/x/procurement/types"
)

// TestCustomQueries: the answers contracts get to {"custom": ...}, against
// a tender of agency 1 awarded to supplier 1 for 400,000 on a line of 2026.
func TestCustomQueries(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{Accounts: []string{"po", "s1", "funder"}})
	ctx := c.Ctx()
	po, s1 := c.Accounts["po"], c.Accounts["s1"]
	admin := c.Validators[0].Address.String()
	am := agencykeeper.NewMsgServerImpl(c.App.AgencyKeeper)
	_, err := am.GrantRole(ctx, &agencytypes.MsgGrantRole{Admin: admin, AgencyId: 1, Address: po.Address.String(), Role: agencytypes.ROLE_PROCUREMENT_OFFICER, Reason: "t"})
	require.NoError(t, err)
	_, err = am.RegisterSupplier(ctx, &agencytypes.MsgRegisterSupplier{Owner: s1.Address.String(), Name: "Roads", RegistrationNumber: "10000001", Country: "EE",
		BeneficialOwners: []agencytypes.Party{{Address: s1.Address.String(), ShareBps: 10000}}})
	require.NoError(t, err)
	bm := budgetkeeper.NewMsgServerImpl(c.App.BudgetKeeper)
	gov := testutil.GovAuthority()
	_, err = bm.FundTreasury(ctx, &budgettypes.MsgFundTreasury{Funder: c.Accounts["funder"].Address.String(), Amount: sdk.NewInt64Coin("ucivis", 10_000_000)})
	require.NoError(t, err)
	_, err = bm.OpenFiscalYear(ctx, &budgettypes.MsgOpenFiscalYear{Authority: gov, Year: 2026, StartTime: ctx.BlockTime(), EndTime: ctx.BlockTime().Add(365 * 24 * time.Hour)})
	require.NoError(t, err)
	lines, err := bm.Appropriate(ctx, &budgettypes.MsgAppropriate{Authority: gov, FiscalYear: 2026, AgencyId: 1,
		Lines: []budgettypes.LineInput{{Code: "04.5.1", Title: "Roads", Amount: math.NewInt(1_000_000)}}})
	require.NoError(t, err)
	pm := procurementkeeper.NewMsgServerImpl(c.App.ProcurementKeeper)
	now := ctx.BlockTime()
	tres, err := pm.PublishTender(ctx, &procurementtypes.MsgPublishTender{Officer: po.Address.String(), AgencyId: 1, Title: "Bridge",
		DocumentsUri: "ipfs://d", DocumentsSha256: strings.Repeat("ab", 32), BudgetLineId: lines.LineIds[0],
		Lots:                  []procurementtypes.LotInput{{Title: "Works", Ceiling: math.NewInt(600_000), BidBond: math.ZeroInt(), AwardMethod: procurementtypes.AWARD_METHOD_LOWEST_PRICE}},
		ClarificationDeadline: now.Add(time.Hour), SubmissionDeadline: now.Add(2 * time.Hour), RevealDeadline: now.Add(50 * time.Hour), StandstillSeconds: 60})
	require.NoError(t, err)
	docs, salt := sha256.Sum256([]byte("d")), sha256.Sum256([]byte("s"))
	commitment, err := procurementtypes.BidCommitment(tres.TenderId, 0, s1.Address, math.NewInt(400_000), docs[:], salt[:])
	require.NoError(t, err)
	bid, err := pm.SubmitBid(ctx, &procurementtypes.MsgSubmitBid{Bidder: s1.Address.String(), TenderId: tres.TenderId, SupplierId: 1, Commitment: commitment})
	require.NoError(t, err)
	ctx = ctx.WithBlockTime(now.Add(2 * time.Hour))
	require.NoError(t, c.App.ProcurementKeeper.EndBlocker(ctx))
	_, err = pm.RevealBid(ctx, &procurementtypes.MsgRevealBid{Bidder: s1.Address.String(), BidId: bid.BidId, Price: math.NewInt(400_000), DocumentsHash: docs[:], Salt: salt[:]})
	require.NoError(t, err)
	ctx = ctx.WithBlockTime(now.Add(50 * time.Hour))
	require.NoError(t, c.App.ProcurementKeeper.EndBlocker(ctx))

	ask := func(q string) (map[string]any, error) {
		out, err := c.App.CustomQuery(ctx, json.RawMessage(q))
		if err != nil {
			return nil, err
		}
		var m map[string]any
		require.NoError(t, json.Unmarshal(out, &m))
		return m, nil
	}
	m, err := ask(`{"awarded_total":{"agency_id":1,"supplier_id":1,"fiscal_year":2026}}`)
	require.NoError(t, err)
	require.Equal(t, "400000", m["amount"], "awarded (in its standstill)")
	for q, want := range map[string]string{
		`{"awarded_total":{"agency_id":1,"supplier_id":1,"fiscal_year":2027}}`: "0",
		`{"awarded_total":{"agency_id":2,"supplier_id":1,"fiscal_year":2026}}`: "0",
		`{"awarded_total":{"agency_id":1,"supplier_id":2,"fiscal_year":2026}}`: "0",
	} {
		m, err := ask(q)
		require.NoError(t, err)
		require.Equal(t, want, m["amount"], q)
	}
	m, err = ask(`{"tender":{"id":1}}`)
	require.NoError(t, err)
	require.EqualValues(t, 1, m["agency_id"])
	require.Equal(t, "LOT_STATUS_STANDSTILL", m["lots"].([]any)[0].(map[string]any)["status"])
	m, err = ask(`{"budget_line":{"id":1}}`)
	require.NoError(t, err)
	require.EqualValues(t, 2026, m["fiscal_year"])
	require.Equal(t, "600000", m["reserved"])
	m, err = ask(`{"supplier":{"id":1}}`)
	require.NoError(t, err)
	require.Equal(t, s1.Address.String(), m["owner"])
	m, err = ask(`{"has_role":{"agency_id":1,"address":"` + po.Address.String() + `","role":"PROCUREMENT_OFFICER"}}`)
	require.NoError(t, err)
	require.Equal(t, true, m["has_role"])
	m, err = ask(`{"has_role":{"agency_id":1,"address":"` + s1.Address.String() + `","role":"ROLE_PROCUREMENT_OFFICER"}}`)
	require.NoError(t, err)
	require.Equal(t, false, m["has_role"])
	for _, bad := range []string{`{}`, `{"nonsense":{}}`, `{"has_role":{"agency_id":1,"address":"x","role":"PROCUREMENT_OFFICER"}}`,
		`{"has_role":{"agency_id":1,"address":"` + po.Address.String() + `","role":"KING"}}`, `{"tender":{"id":99}}`, `{"election":{"id":99}}`} {
		_, err := ask(bad)
		require.Error(t, err, bad)
	}
}
