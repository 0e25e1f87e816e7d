//go:build system_test

package main_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/civitas-chain/civitas/testutil"
	"github.com/civitas-chain/civitas/testutil/system"
)

// TestBudgetAppropriationCommitmentDisbursements runs public money on the
// real binary: a governance proposal appropriates a line to agency 2, its
// treasurer bob commits to a supplier, pays two milestones, and the
// execution report and payments are read over REST.
func TestBudgetAppropriationCommitmentDisbursements(t *testing.T) {
	c := system.NewChain(t, system.Config{PortOffset: 4500})
	gov := testutil.GovAuthority()
	year := strconv.Itoa(time.Now().UTC().Year())
	supplier := c.Address("dave")

	passProposal(t, c, `{"@type":"/civitas.budget.v1.MsgAppropriate","authority":"`+gov+`","fiscal_year":`+year+
		`,"agency_id":"2","lines":[{"code":"04.5.1","title":"Bridge repair","amount":"900000000"}]}`)
	var lines struct {
		Lines []struct {
			ID    string `json:"id"`
			Code  string `json:"code"`
			Title string `json:"title"`
		} `json:"lines"`
	}
	c.GetREST("/civitas/budget/v1/lines?agency_id=2&code=04.5", &lines)
	require.Len(t, lines.Lines, 1)
	require.Equal(t, "Bridge repair", lines.Lines[0].Title)
	line := lines.Lines[0].ID

	// alice is not agency 2's treasurer.
	tx := c.Tx("alice", "budget", "commit", line, "600000000", supplier, "bridge contract")
	require.NotEqual(t, uint32(0), tx.Code)
	tx = c.Tx("bob", "budget", "commit", line, "600000000", supplier, "bridge contract")
	require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	commitment := strings.Trim(tx.Attr("civitas.budget.v1.EventCommitted", "commitment_id"), `"`)
	require.NotEmpty(t, commitment)

	before := balance(c, supplier, "ucivis")
	for _, m := range []struct{ amount, ref string }{{"200000000", "milestone 1: foundations"}, {"400000000", "milestone 2: deck, invoice sha256:9f2c"}} {
		tx = c.Tx("bob", "budget", "disburse", commitment, m.amount, m.ref)
		require.Equal(t, uint32(0), tx.Code, tx.RawLog)
	}
	tx = c.Tx("bob", "budget", "disburse", commitment, "1", "over the commitment")
	require.NotEqual(t, uint32(0), tx.Code)
	require.Equal(t, addInt(t, before, 600000000), balance(c, supplier, "ucivis"))

	var report struct {
		Execution struct {
			Appropriated string `json:"appropriated"`
			Committed    string `json:"committed"`
			Disbursed    string `json:"disbursed"`
			ExecutionBps int    `json:"execution_bps"`
		} `json:"execution"`
	}
	c.GetREST("/civitas/budget/v1/agencies/2/execution/"+year, &report)
	require.Equal(t, "600000000", report.Execution.Committed)
	require.Equal(t, "600000000", report.Execution.Disbursed)
	require.Equal(t, "1800900000000", report.Execution.Appropriated, "the demo lines 3 and 4 and the new line")
	var payments struct {
		Disbursements []struct {
			Reference string `json:"reference"`
		} `json:"disbursements"`
	}
	c.GetREST("/civitas/budget/v1/beneficiaries/"+supplier+"/disbursements", &payments)
	require.Len(t, payments.Disbursements, 2)
	require.Equal(t, "milestone 1: foundations", payments.Disbursements[0].Reference)
}
