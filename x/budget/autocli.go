package budget

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/civitas-chain/civitas/x/budget/types"
)

// AutoCLIOptions gives a command for every RPC. Governance Msgs are
// submitted as proposals.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	pos := func(fields ...string) []*autocliv1.PositionalArgDescriptor {
		out := make([]*autocliv1.PositionalArgDescriptor, len(fields))
		for i, f := range fields {
			out[i] = &autocliv1.PositionalArgDescriptor{ProtoField: f}
		}
		return out
	}
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module params"},
				{RpcMethod: "Treasury", Use: "treasury", Short: "Show the treasury's and escrow's balances, what is unearmarked, and the cumulative flows"},
				{RpcMethod: "Movements", Use: "movements", Short: "List the treasury's and escrow's movements"},
				{RpcMethod: "FiscalYears", Use: "fiscal-years", Short: "List fiscal years"},
				{RpcMethod: "FiscalYear", Use: "fiscal-year [year]", Short: "Show a fiscal year", PositionalArgs: pos("year")},
				{RpcMethod: "Lines", Use: "lines", Short: "List budget lines (--agency-id, --fiscal-year, --code filter)"},
				{RpcMethod: "Line", Use: "line [line-id]", Short: "Show a budget line", PositionalArgs: pos("line_id")},
				{RpcMethod: "Reservations", Use: "reservations [line-id]", Short: "List a line's reservations", PositionalArgs: pos("line_id")},
				{RpcMethod: "Commitments", Use: "commitments [line-id]", Short: "List a line's commitments", PositionalArgs: pos("line_id")},
				{RpcMethod: "Commitment", Use: "commitment [commitment-id]", Short: "Show a commitment", PositionalArgs: pos("commitment_id")},
				{RpcMethod: "Disbursements", Use: "disbursements [commitment-id]", Short: "List a commitment's disbursements", PositionalArgs: pos("commitment_id")},
				{RpcMethod: "DisbursementsByBeneficiary", Use: "payments-to [beneficiary]", Short: "List every payment to a beneficiary", PositionalArgs: pos("beneficiary")},
				{RpcMethod: "Execution", Use: "execution [agency-id] [fiscal-year]", Short: "Show an agency's execution report for a fiscal year", PositionalArgs: pos("agency_id", "fiscal_year")},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "FundTreasury", Use: "fund-treasury [amount]", Short: "Add ucivis to the treasury", PositionalArgs: pos("amount")},
				{RpcMethod: "SpendFromTreasury", Use: "spend-from-treasury [recipient] [amount] [reason]", Short: "Propose a payment from the treasury (governance)",
					GovProposal: true, PositionalArgs: pos("recipient", "amount", "reason")},
				{RpcMethod: "OpenFiscalYear", Use: "open-fiscal-year [year] [start-time] [end-time]", Short: "Propose to open a fiscal year (governance)",
					GovProposal: true, PositionalArgs: pos("year", "start_time", "end_time")},
				{RpcMethod: "Appropriate", Use: "appropriate [fiscal-year] [agency-id]", Short: "Propose an appropriation (governance; --lines as JSON, one flag per line)",
					GovProposal: true, PositionalArgs: pos("fiscal_year", "agency_id")},
				{RpcMethod: "Reserve", Use: "reserve [line-id] [amount] [purpose]", Short: "Reserve an amount on a line (treasurer)", PositionalArgs: pos("line_id", "amount", "purpose")},
				{RpcMethod: "ReleaseReservation", Use: "release-reservation [reservation-id] [reason]", Short: "Release a reservation (treasurer)", PositionalArgs: pos("reservation_id", "reason")},
				{RpcMethod: "Commit", Use: "commit [line-id] [amount] [beneficiary] [purpose]", Short: "Commit an amount to a beneficiary, into escrow (treasurer; --reservation-id to use a reservation)",
					PositionalArgs: pos("line_id", "amount", "beneficiary", "purpose")},
				{RpcMethod: "CancelCommitment", Use: "cancel-commitment [commitment-id] [reason]", Short: "Cancel a commitment (treasurer)", PositionalArgs: pos("commitment_id", "reason")},
				{RpcMethod: "Disburse", Use: "disburse [commitment-id] [amount] [reference]", Short: "Pay from a commitment (treasurer)", PositionalArgs: pos("commitment_id", "amount", "reference")},
				{RpcMethod: "Pay", Use: "pay [line-id] [amount] [beneficiary] [purpose] [reference]", Short: "Pay directly from a line (treasurer)",
					PositionalArgs: pos("line_id", "amount", "beneficiary", "purpose", "reference")},
				{RpcMethod: "Virement", Use: "virement [from-line-id] [to-line-id] [amount] [reason]", Short: "Move appropriation between lines (treasurer within a share; governance without)",
					PositionalArgs: pos("from_line_id", "to_line_id", "amount", "reason")},
				{RpcMethod: "UpdateParams", Use: "update-params [params]", Short: "Propose new module params (governance)", GovProposal: true, PositionalArgs: pos("params")},
			},
		},
	}
}
