//go:build system_test

package main_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil/ocds"
	"github.com/civitas-chain/civitas/testutil/system"
)

// lineFigures are a budget line's amounts, read over REST.
type lineFigures struct {
	Appropriated, Reserved, Committed, Disbursed string
}

func budgetLine(t *testing.T, c *system.Chain, id string) lineFigures {
	t.Helper()
	var out struct {
		Line lineFigures `json:"line"`
	}
	c.GetREST("/civitas/budget/v1/lines/"+id, &out)
	return out.Line
}

// chainTimeAfter waits until the chain has committed a block whose time is
// after when (so the EndBlocker has run every deadline up to when).
func chainTimeAfter(t *testing.T, c *system.Chain, when time.Time) {
	t.Helper()
	require.Eventually(t, func() bool {
		var st struct {
			Result struct {
				SyncInfo struct {
					LatestBlockTime time.Time `json:"latest_block_time"`
				} `json:"sync_info"`
			} `json:"result"`
		}
		c.GetRPC("/status", &st)
		return st.Result.SyncInfo.LatestBlockTime.After(when)
	}, 2*time.Minute, 500*time.Millisecond, "chain time did not pass %s", when)
}

type sysLot struct {
	Status        string `json:"status"`
	WinningBidID  string `json:"winning_bid_id"`
	AwardAmount   string `json:"award_amount"`
	Bids          string `json:"bids"`
	ReservationID string `json:"reservation_id"`
}

func tenderState(t *testing.T, c *system.Chain, id string) (string, sysLot) {
	t.Helper()
	var out struct {
		Tender struct {
			Status string   `json:"status"`
			Lots   []sysLot `json:"lots"`
		} `json:"tender"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+id, &out)
	require.Len(t, out.Tender.Lots, 1)
	return out.Tender.Status, out.Tender.Lots[0]
}

func requireOK(t *testing.T, res system.TxResult, what string) {
	t.Helper()
	require.Equal(t, uint32(0), res.Code, "%s: %s", what, res.RawLog)
}

func requireRefused(t *testing.T, res system.TxResult, what, want string) {
	t.Helper()
	require.NotEqual(t, uint32(0), res.Code, "%s was accepted", what)
	require.Contains(t, res.RawLog, want, what)
}

// TestRatedTenderEndToEnd runs a full RATED tender on the real binary, from
// publication through a dismissed complaint to the last milestone payment:
// officer carol (agency 1), suppliers 1 (bob; dave represents it) and 2
// (grace), evaluator erin, reviewer frank. The budget line's figures are
// checked at each step and the OCDS package is valid at each stage.
func TestRatedTenderEndToEnd(t *testing.T) {
	t.Parallel() // own ports (offset 5500)
	c := system.NewChain(t, system.Config{PortOffset: 5500, EditGenesis: func(c *system.Chain, g map[string]any) {
		for _, k := range []string{"erin", "frank", "grace"} {
			c.CLI("keys", "add", k)
		}
		app := g["app_state"].(map[string]any)
		p := app["procurement"].(map[string]any)["params"].(map[string]any)
		p["min_reveal_seconds"], p["min_amendment_extension_seconds"], p["complaint_bond"] = "10", "5", "5000000"
		agency := app["agency"].(map[string]any)
		alice := c.Address("alice")
		for role, key := range map[string]string{"ROLE_EVALUATOR": "erin", "ROLE_REVIEWER": "frank"} {
			agency["roles"] = append(agency["roles"].([]any), map[string]any{"agency_id": "1", "address": c.Address(key), "role": role,
				"reason": "system test", "granted_by": alice, "granted_height": "0"})
		}
		grace := c.Address("grace")
		agency["suppliers"] = append(agency["suppliers"].([]any), map[string]any{"id": "2", "owner": grace, "name": "Grace Builders AS",
			"registration_number": "10000002", "country": "EE", "beneficial_owners": []any{map[string]any{"address": grace, "identity_hash": "", "share_bps": 10000}},
			"representatives": []any{}, "version": "1", "updated_height": "0"})
		agency["next_supplier_id"] = "3"
	}})
	bob, grace := c.Address("bob"), c.Address("grace")
	requireOK(t, c.Tx("alice", "bank", "multi-send", c.Address("alice"), c.Address("erin"), c.Address("frank"), grace, "50000000ucivis"), "funding")

	line0 := budgetLine(t, c, "1")
	add := func(a string, d int64) string { return addInt(t, a, d) }
	requireLine := func(step string, reserved, committed, disbursed int64) {
		t.Helper()
		l := budgetLine(t, c, "1")
		require.Equal(t, line0.Appropriated, l.Appropriated, step)
		require.Equal(t, add(line0.Reserved, reserved), l.Reserved, "%s: reserved", step)
		require.Equal(t, add(line0.Committed, committed), l.Committed, "%s: committed", step)
		require.Equal(t, add(line0.Disbursed, disbursed), l.Disbursed, "%s: disbursed", step)
	}
	requireOCDS := func(id string, tags ...string) map[string]any {
		t.Helper()
		status, body := c.GetRaw("/civitas/procurement/v1/tenders/" + id + "/ocds")
		require.Equal(t, 200, status, "%s", body)
		var res struct {
			ReleasePackage string `json:"release_package"`
		}
		require.NoError(t, json.Unmarshal(body, &res))
		ocds.RequireValid(t, []byte(res.ReleasePackage))
		var pkg struct {
			Releases []map[string]any `json:"releases"`
		}
		require.NoError(t, json.Unmarshal([]byte(res.ReleasePackage), &pkg))
		rel := pkg.Releases[0]
		got := []string{}
		for _, tag := range rel["tag"].([]any) {
			got = append(got, tag.(string))
		}
		require.Equal(t, tags, got)
		return rel
	}

	// 1. Publication: price 40 %, quality 60 % (0-10); the ceiling of 100 CIVIS is reserved on line 1.
	now := time.Now().UTC()
	clar, sub := now.Add(35*time.Second).Truncate(time.Second), now.Add(60*time.Second).Truncate(time.Second)
	reveal := sub.Add(25 * time.Second)
	docs := strings.Repeat("5e", 32)
	lot := `{"title":"Deck repair","ceiling":"100000000","bid_bond":"1000000","award_method":"AWARD_METHOD_RATED","criteria":[` +
		`{"name":"price","weight_bps":4000,"max_score":100,"price":true},{"name":"quality","weight_bps":6000,"max_score":10}]}`
	publish := func(from string) system.TxResult {
		return c.Tx(from, "procurement", "publish-tender", "1", "Emajõgi bridge deck repair", "1",
			clar.Format(time.RFC3339), sub.Format(time.RFC3339), reveal.Format(time.RFC3339),
			"--description", "Repair of the deck of the Emajõgi bridge", "--documents-uri", "ipfs://bafy-bridge-deck",
			"--documents-sha256", docs, "--standstill-seconds", "15", "--lots", lot)
	}
	requireRefused(t, publish("dave"), "publication by an evaluator", "is not a procurement officer")
	res := publish("carol")
	requireOK(t, res, "publish")
	tid := strings.Trim(res.Attr("civitas.procurement.v1.EventTenderPublished", "tender_id"), `"`)
	require.Equal(t, "2", tid, "tender 1 is the localnet's demo tender")
	requireLine("published", 100_000_000, 0, 0)
	requireOCDS(tid, "tender")

	// 2. A public question and its answer.
	res = c.Tx("grace", "procurement", "ask-clarification", tid, "Does the price include the traffic management?")
	requireOK(t, res, "question")
	qid := strings.Trim(res.Attr("civitas.procurement.v1.EventClarification", "clarification_id"), `"`)
	requireRefused(t, c.Tx("grace", "procurement", "answer-clarification", qid, "yes"), "an answer by a bidder", "is not a procurement officer")
	requireOK(t, c.Tx("carol", "procurement", "answer-clarification", qid, "Yes: see section 4 of the documents."), "answer")

	// 3. Sealed bids, computed by the CLI; the number of bids is public, prices are not.
	dir := t.TempDir()
	bid := func(from, supplier, price string) system.TxResult {
		return c.TxCommand(from, "procurement", "bid", tid, "0", supplier, price, strings.Repeat("c1", 32),
			"--secret-file", filepath.Join(dir, from+".json"), "--gas", "400000")
	}
	bobBefore := balance(c, bob, "ucivis")
	requireRefused(t, bid("grace", "1", "1"), "a bid for another's supplier", "neither the owner nor a representative")
	requireOK(t, bid("bob", "1", "90000000"), "bob's bid")
	requireOK(t, bid("grace", "2", "80000000"), "grace's bid")
	graceAtBid := balance(c, grace, "ucivis")
	require.Equal(t, add(bobBefore, -1_000_000), balance(c, bob, "ucivis"), "bob's bond is held")
	var bids struct {
		Bids []struct {
			ID         string `json:"id"`
			SupplierID string `json:"supplier_id"`
			Status     string `json:"status"`
			Price      string `json:"price"`
		} `json:"bids"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+tid+"/bids", &bids)
	require.Len(t, bids.Bids, 2)
	bidOf := map[string]string{}
	for _, b := range bids.Bids {
		require.Equal(t, "BID_STATUS_SEALED", b.Status)
		require.Equal(t, "0", b.Price, "no price before the reveal")
		bidOf[b.SupplierID] = b.ID
	}
	var bySupplier struct {
		Tenders []struct {
			ID string `json:"id"`
		} `json:"tenders"`
	}
	c.GetREST("/civitas/procurement/v1/tenders?supplier_id=2", &bySupplier)
	require.Len(t, bySupplier.Tenders, 1)
	require.Equal(t, tid, bySupplier.Tenders[0].ID)
	requireRefused(t, c.TxCommand("bob", "procurement", "reveal", bidOf["1"], filepath.Join(dir, "bob.json"), "--gas", "400000"),
		"a reveal before the submission deadline", "can be revealed from")

	// 4. Reveals after the submission deadline; at the reveal deadline the lot goes to evaluation.
	chainTimeAfter(t, c, sub)
	requireRefused(t, bid("grace", "2", "70000000"), "a late bid", "takes bids until")
	requireOK(t, c.TxCommand("bob", "procurement", "reveal", bidOf["1"], filepath.Join(dir, "bob.json"), "--gas", "400000"), "bob's reveal")
	requireOK(t, c.TxCommand("grace", "procurement", "reveal", bidOf["2"], filepath.Join(dir, "grace.json"), "--gas", "400000"), "grace's reveal")
	chainTimeAfter(t, c, reveal)
	status, l := tenderState(t, c, tid)
	require.Equal(t, "TENDER_STATUS_ACTIVE", status)
	require.Equal(t, "LOT_STATUS_EVALUATING", l.Status)
	requireLine("evaluating", 100_000_000, 0, 0)

	// 5. Evaluation: dave represents supplier 1 and is refused; erin declares and scores.
	requireRefused(t, c.Tx("dave", "procurement", "declare-no-conflict", tid, "0"), "a conflicted evaluator", "conflict")
	requireRefused(t, c.Tx("frank", "procurement", "declare-no-conflict", tid, "0"), "a reviewer who is not an evaluator", "is not an evaluator")
	requireOK(t, c.Tx("erin", "procurement", "declare-no-conflict", tid, "0"), "erin declares")
	scores := func(q1, q2 int) system.TxResult {
		return c.Tx("erin", "procurement", "submit-scores", tid, "0",
			"--bids", fmt.Sprintf(`{"bid_id":"%s","scores":[%d]}`, bidOf["1"], q1), "--bids", fmt.Sprintf(`{"bid_id":"%s","scores":[%d]}`, bidOf["2"], q2))
	}
	requireRefused(t, scores(11, 6), "a score above the maximum", "above its maximum")
	requireOK(t, scores(9, 6), "erin's scores")
	status2, _ := c.GetRaw("/civitas/procurement/v1/tenders/" + tid + "/lots/0/scores")
	require.NotEqual(t, 200, status2, "scores are not public before the evaluation closes")
	requireOK(t, c.Tx("carol", "procurement", "close-evaluation", tid, "0"), "close the evaluation")
	_, l = tenderState(t, c, tid)
	require.Equal(t, "LOT_STATUS_STANDSTILL", l.Status)
	require.Equal(t, bidOf["1"], l.WinningBidID, "bob: 355,555 + 540,000 millionths against grace's 400,000 + 360,000")
	require.Equal(t, "90000000", l.AwardAmount)
	require.Equal(t, graceAtBid, balance(c, grace, "ucivis"), "the runner-up's bond is held until the contract is signed")
	var sheets struct {
		Sheets []struct {
			Evaluator string `json:"evaluator"`
		} `json:"sheets"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+tid+"/lots/0/scores", &sheets)
	require.Len(t, sheets.Sheets, 1, "erin's sheet is public after the award")
	requireOCDS(tid, "tender", "award")

	// 6. Grace complains during the standstill; the award waits past its end; frank dismisses.
	standstillEnd := time.Now().Add(15 * time.Second)
	graceBefore := balance(c, grace, "ucivis")
	var treasury struct {
		Balance struct {
			Amount string `json:"amount"`
		} `json:"balance"`
	}
	c.GetREST("/civitas/budget/v1/treasury", &treasury)
	treasuryBefore := treasury.Balance.Amount
	res = c.Tx("grace", "procurement", "file-complaint", tid, "0", "2", "The quality score ignores our warranty.")
	requireOK(t, res, "complaint")
	cid := strings.Trim(res.Attr("civitas.procurement.v1.EventComplaint", "complaint_id"), `"`)
	require.NotEmpty(t, cid)
	requireRefused(t, c.Tx("erin", "procurement", "decide-complaint", cid, "no merit"), "a decision by the evaluator", "is not a reviewer")
	chainTimeAfter(t, c, standstillEnd)
	_, l = tenderState(t, c, tid)
	require.Equal(t, "LOT_STATUS_STANDSTILL", l.Status, "a pending complaint holds the award")
	requireOK(t, c.Tx("frank", "procurement", "decide-complaint", cid, "The warranty is scored under quality; no error."), "dismissal")
	_, l = tenderState(t, c, tid)
	require.Equal(t, "LOT_STATUS_AWARDED", l.Status)
	require.Equal(t, add(graceBefore, -5_000_000), balance(c, grace, "ucivis"), "the dismissed complaint's bond is not returned")
	c.GetREST("/civitas/budget/v1/treasury", &treasury)
	require.Equal(t, add(treasuryBefore, 5_000_000), treasury.Balance.Amount, "the complaint bond went to the treasury")
	requireLine("awarded", 100_000_000, 0, 0)

	// 7. Contract: carol offers two milestones (40 %, 60 %), bob signs: the award is committed, the rest of the ceiling released.
	due := time.Now().UTC().Add(90 * 24 * time.Hour).Format(time.RFC3339)
	signBy := time.Now().UTC().Add(7 * 24 * time.Hour).Format(time.RFC3339)
	requireOK(t, c.Tx("carol", "procurement", "offer-contract", tid, "0", signBy,
		"--milestones", `{"title":"Deck demolition","share_bps":4000,"due":"`+due+`"}`,
		"--milestones", `{"title":"New deck and surfacing","share_bps":6000,"due":"`+due+`"}`), "offer")
	requireRefused(t, c.Tx("grace", "procurement", "sign-contract", tid, "0", "1"), "a signature by the loser", "neither the owner nor a representative")
	res = c.Tx("bob", "procurement", "sign-contract", tid, "0", "1")
	requireOK(t, res, "signature")
	requireLine("signed", 0, 90_000_000, 0)
	require.Equal(t, bobBefore, balance(c, bob, "ucivis"), "bob's bond came back at the signature")
	require.Equal(t, add(graceBefore, -5_000_000+1_000_000), balance(c, grace, "ucivis"), "and grace's, held in case bob declined")
	requireOCDS(tid, "tender", "award", "contract")

	// 8. Deliveries and payments from the line, in the same tx as the acceptance.
	deliver := func(m string) {
		requireOK(t, c.Tx("dave", "procurement", "submit-delivery", tid, "0", m, "ipfs://bafy-site-report-"+m, strings.Repeat("d"+m, 32)), "delivery "+m)
	}
	accept := func(m string) system.TxResult {
		return c.Tx("carol", "procurement", "decide-delivery", tid, "0", m, "--accept")
	}
	requireRefused(t, accept("0"), "an acceptance before the delivery", "has no delivery to decide")
	deliver("0")
	requireOK(t, c.Tx("carol", "procurement", "decide-delivery", tid, "0", "0", "--reason", "The site report is unsigned."), "rejection")
	deliver("0")
	requireOK(t, accept("0"), "acceptance 0")
	requireRefused(t, accept("0"), "an acceptance twice", "has no delivery to decide")
	requireLine("milestone 0 paid", 0, 90_000_000, 36_000_000)
	require.Equal(t, add(bobBefore, 36_000_000), balance(c, bob, "ucivis"), "40 % paid to the supplier's owner")
	deliver("1")
	requireOK(t, accept("1"), "acceptance 1")
	requireLine("milestone 1 paid", 0, 90_000_000, 90_000_000)
	require.Equal(t, add(bobBefore, 90_000_000), balance(c, bob, "ucivis"))
	status, l = tenderState(t, c, tid)
	require.Equal(t, "TENDER_STATUS_COMPLETE", status)
	require.Equal(t, "LOT_STATUS_COMPLETED", l.Status)

	rel := requireOCDS(tid, "tender", "award", "contract", "implementation")
	contract := rel["contracts"].([]any)[0].(map[string]any)
	require.Len(t, contract["implementation"].(map[string]any)["transactions"], 2)
	var complaints struct {
		Complaints []struct {
			Status string `json:"status"`
		} `json:"complaints"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+tid+"/complaints", &complaints)
	require.Len(t, complaints.Complaints, 1)
	require.Equal(t, "COMPLAINT_STATUS_DISMISSED", complaints.Complaints[0].Status)

	// 9. A citizen proves the bids, the award, the commitment and the payments with a light client.
	verify := lightVerifier(t, c)
	out := verify("bid", tid, "2")
	require.Equal(t, 0, out.ExitCode, out.Stderr)
	require.Contains(t, out.Stdout, "bidder: "+grace)
	require.Contains(t, out.Stdout, "verified at height")
	out = verify("bid", tid, "1", "--lot", "1")
	require.Equal(t, 0, out.ExitCode, out.Stderr)
	require.Contains(t, out.Stdout, "no bid of supplier 1 in tender "+tid+" lot 1: proven absent")
	out = verify("award", tid)
	require.Equal(t, 0, out.ExitCode, out.Stderr)
	require.Contains(t, out.Stdout, "LOT_STATUS_COMPLETED\n  awarded to supplier 1 (bid "+bidOf["1"])
	require.Contains(t, out.Stdout, "contract CONTRACT_STATUS_")
	out = verify("commitment", "1")
	require.Equal(t, 0, out.ExitCode, out.Stderr)
	require.Contains(t, out.Stdout, "amount: \"90000000\"")
	for _, id := range []string{"1", "2"} {
		out = verify("disbursement", id)
		require.Equal(t, 0, out.ExitCode, out.Stderr)
		require.Contains(t, out.Stdout, "commitment_id: \"1\"")
	}
	out = verify("disbursement", "3")
	require.Equal(t, 0, out.ExitCode, out.Stderr)
	require.Contains(t, out.Stdout, "no disbursement 3: proven absent")
}

// TestScoreRuleChangesTheAward: on the real binary, CONTRACT_DEVELOPER
// alice uploads contracts/artifacts/sme_preference.wasm and instantiates it
// without an admin, listing supplier 2 (grace) as an SME with the most
// bonus, 10 %; officer carol attaches it to a RATED tender (a copy with an
// admin is refused); grace's lower evaluation plus the bonus beats bob's,
// and the bid records show the bonus.
func TestScoreRuleChangesTheAward(t *testing.T) {
	t.Parallel() // own ports (offset 6500)
	c := system.NewChain(t, system.Config{PortOffset: 6500, EditGenesis: func(c *system.Chain, g map[string]any) {
		for _, k := range []string{"erin", "grace"} {
			c.CLI("keys", "add", k)
		}
		app := g["app_state"].(map[string]any)
		app["procurement"].(map[string]any)["params"].(map[string]any)["min_reveal_seconds"] = "10"
		agency := app["agency"].(map[string]any)
		agency["roles"] = append(agency["roles"].([]any), map[string]any{"agency_id": "1", "address": c.Address("erin"), "role": "ROLE_EVALUATOR",
			"reason": "system test", "granted_by": c.Address("alice"), "granted_height": "0"})
		grace := c.Address("grace")
		agency["suppliers"] = append(agency["suppliers"].([]any), map[string]any{"id": "2", "owner": grace, "name": "Grace Builders OÜ",
			"registration_number": "10000002", "country": "EE", "beneficial_owners": []any{map[string]any{"address": grace, "identity_hash": "", "share_bps": 10000}},
			"representatives": []any{}, "version": "1", "updated_height": "0"})
		agency["next_supplier_id"] = "3"
	}})
	requireOK(t, c.Tx("alice", "bank", "multi-send", c.Address("alice"), c.Address("erin"), c.Address("grace"), "50000000ucivis"), "funding")

	// The rule: uploaded by a CONTRACT_DEVELOPER of agency 1, no admin.
	res := c.Tx("alice", "wasm", "store", filepath.Join(system.RepoRoot(t), "contracts", "artifacts", "sme_preference.wasm"))
	requireOK(t, res, "store sme-preference")
	codeID := res.Attr("store_code", "code_id")
	instantiate := func(admin ...string) string {
		res := c.Tx("alice", append([]string{"wasm", "instantiate", codeID, `{"bonus_millionths":100000}`, "--label", "sme-preference"}, admin...)...)
		requireOK(t, res, "instantiate")
		return res.Attr("instantiate", "_contract_address")
	}
	rule, withAdmin := instantiate("--no-admin"), instantiate("--admin", c.Address("alice"))
	requireOK(t, c.Tx("alice", "wasm", "execute", rule, `{"add_smes":{"supplier_ids":[2]}}`), "list grace's company as an SME")

	now := time.Now().UTC()
	sub := now.Add(30 * time.Second).Truncate(time.Second)
	reveal := sub.Add(15 * time.Second)
	lot := `{"title":"Deck repair","ceiling":"100000000","bid_bond":"0","award_method":"AWARD_METHOD_RATED","criteria":[` +
		`{"name":"price","weight_bps":4000,"max_score":100,"price":true},{"name":"quality","weight_bps":6000,"max_score":10}]}`
	publish := func(contract string) system.TxResult {
		return c.Tx("carol", "procurement", "publish-tender", "1", "Deck repair with an SME preference", "1",
			sub.Format(time.RFC3339), sub.Format(time.RFC3339), reveal.Format(time.RFC3339),
			"--documents-uri", "ipfs://bafy-deck", "--documents-sha256", strings.Repeat("5e", 32), "--lots", lot, "--score-rule-contract", contract)
	}
	requireRefused(t, publish(withAdmin), "a rule contract with an admin", "has an admin")
	res = publish(rule)
	requireOK(t, res, "publish with the rule")
	tid := strings.Trim(res.Attr("civitas.procurement.v1.EventTenderPublished", "tender_id"), `"`)
	var tender struct {
		Tender struct {
			ScoreRule struct {
				Contract string `json:"contract"`
				CodeID   string `json:"code_id"`
				MaxBonus string `json:"max_bonus"`
			} `json:"score_rule"`
		} `json:"tender"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+tid, &tender)
	require.Equal(t, rule, tender.Tender.ScoreRule.Contract)
	require.Equal(t, codeID, tender.Tender.ScoreRule.CodeID)
	require.Equal(t, "100000", tender.Tender.ScoreRule.MaxBonus)

	dir := t.TempDir()
	bid := func(from, supplier, price string) {
		requireOK(t, c.TxCommand(from, "procurement", "bid", tid, "0", supplier, price, strings.Repeat("c1", 32),
			"--secret-file", filepath.Join(dir, from+".json"), "--gas", "400000"), from+"'s bid")
	}
	bid("bob", "1", "90000000")
	bid("grace", "2", "80000000")
	var bids struct {
		Bids []struct {
			ID         string `json:"id"`
			SupplierID string `json:"supplier_id"`
			Score      string `json:"score"`
			RuleBonus  string `json:"rule_bonus"`
		} `json:"bids"`
	}
	c.GetREST("/civitas/procurement/v1/tenders/"+tid+"/bids", &bids)
	bidOf := map[string]string{}
	for _, b := range bids.Bids {
		bidOf[b.SupplierID] = b.ID
	}
	chainTimeAfter(t, c, sub)
	for _, who := range []string{"bob", "grace"} {
		requireOK(t, c.TxCommand(who, "procurement", "reveal", bidOf[map[string]string{"bob": "1", "grace": "2"}[who]], filepath.Join(dir, who+".json"), "--gas", "400000"), who+"'s reveal")
	}
	chainTimeAfter(t, c, reveal)
	requireOK(t, c.Tx("erin", "procurement", "declare-no-conflict", tid, "0"), "erin declares")
	requireOK(t, c.Tx("erin", "procurement", "submit-scores", tid, "0",
		"--bids", `{"bid_id":"`+bidOf["1"]+`","scores":[8]}`, "--bids", `{"bid_id":"`+bidOf["2"]+`","scores":[6]}`), "erin's scores")
	requireOK(t, c.Tx("carol", "procurement", "close-evaluation", tid, "0"), "close, asking the rule")

	// Bob: 4000 × 80/90 + 6000 × 0.8 = 835,555; grace: 400,000 + 360,000 = 760,000, plus 100,000 as an SME.
	_, l := tenderState(t, c, tid)
	require.Equal(t, "LOT_STATUS_AWARDED", l.Status, "no standstill")
	require.Equal(t, bidOf["2"], l.WinningBidID, "the SME bonus changes the award")
	require.Equal(t, "80000000", l.AwardAmount)
	c.GetREST("/civitas/procurement/v1/tenders/"+tid+"/bids", &bids)
	got := map[string][2]string{}
	for _, b := range bids.Bids {
		got[b.SupplierID] = [2]string{b.Score, b.RuleBonus}
	}
	require.Equal(t, [2]string{"835555", "0"}, got["1"])
	require.Equal(t, [2]string{"860000", "100000"}, got["2"], "760,000 without the rule: bob would have won")
}
