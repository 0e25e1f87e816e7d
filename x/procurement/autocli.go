package procurement

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// AutoCLIOptions gives a command for every RPC.
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
				{RpcMethod: "Tenders", Use: "tenders", Short: "List tenders (--agency-id, --status, --budget-line-id filter)"},
				{RpcMethod: "Tender", Use: "tender [tender-id]", Short: "Show a tender and its amendments", PositionalArgs: pos("tender_id")},
				{RpcMethod: "Bids", Use: "bids [tender-id]", Short: "List a tender's bids (sealed ones show only their commitment)", PositionalArgs: pos("tender_id")},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "PublishTender", Use: "publish-tender [agency-id] [title] [budget-line-id] [clarification-deadline] [submission-deadline] [reveal-deadline]",
					Short:          "Publish a tender (procurement officer; --lots as JSON, one flag per lot; --documents-uri, --documents-sha256)",
					PositionalArgs: pos("agency_id", "title", "budget_line_id", "clarification_deadline", "submission_deadline", "reveal_deadline")},
				{RpcMethod: "AmendTender", Use: "amend-tender [tender-id] [description] [documents-uri] [documents-sha256] [submission-deadline] [reveal-deadline]",
					Short:          "Amend a tender before its submission deadline (procurement officer)",
					PositionalArgs: pos("tender_id", "description", "documents_uri", "documents_sha256", "submission_deadline", "reveal_deadline")},
				{RpcMethod: "SubmitBid", Use: "submit-bid [tender-id] [lot] [supplier-id] [commitment]", Short: "Submit a sealed bid commitment (hex or base64)",
					PositionalArgs: pos("tender_id", "lot", "supplier_id", "commitment")},
				{RpcMethod: "RevealBid", Use: "reveal-bid [bid-id] [price] [documents-hash] [salt]", Short: "Reveal a sealed bid",
					PositionalArgs: pos("bid_id", "price", "documents_hash", "salt")},
				{RpcMethod: "CancelTender", Use: "cancel-tender [tender-id] [reason]", Short: "Cancel a tender (procurement officer)", PositionalArgs: pos("tender_id", "reason")},
				{RpcMethod: "UpdateParams", Use: "update-params [params]", Short: "Propose new module params (governance)", GovProposal: true, PositionalArgs: pos("params")},
			},
		},
	}
}
