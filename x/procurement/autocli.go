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
				{RpcMethod: "Tenders", Use: "tenders", Short: "List tenders (--agency-id, --status, --budget-line-id, --supplier-id filter)"},
				{RpcMethod: "Tender", Use: "tender [tender-id]", Short: "Show a tender and its amendments", PositionalArgs: pos("tender_id")},
				{RpcMethod: "Bids", Use: "bids [tender-id]", Short: "List a tender's bids (sealed ones show only their commitment)", PositionalArgs: pos("tender_id")},
				{RpcMethod: "Clarifications", Use: "clarifications [tender-id]", Short: "List a tender's questions and answers", PositionalArgs: pos("tender_id")},
				{RpcMethod: "Complaints", Use: "complaints [tender-id]", Short: "List a tender's complaints and decisions", PositionalArgs: pos("tender_id")},
				{RpcMethod: "Scores", Use: "scores [tender-id] [lot]", Short: "Show a rated lot's score sheets (once its evaluation is closed)", PositionalArgs: pos("tender_id", "lot")},
				{RpcMethod: "Contract", Use: "contract [tender-id] [lot]", Short: "Show a lot's contract and milestones", PositionalArgs: pos("tender_id", "lot")},
				{RpcMethod: "OCDS", Use: "ocds [tender-id]", Short: "Print the tender's OCDS 1.1 release package (JSON)", PositionalArgs: pos("tender_id")},
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
				{RpcMethod: "CancelTender", Use: "cancel-tender [tender-id] [reason]", Short: "Cancel a tender, or only --lots 0,2 (procurement officer)", PositionalArgs: pos("tender_id", "reason")},
				{RpcMethod: "AskClarification", Use: "ask-clarification [tender-id] [question]", Short: "Ask a public question before the clarification deadline", PositionalArgs: pos("tender_id", "question")},
				{RpcMethod: "AnswerClarification", Use: "answer-clarification [clarification-id] [answer]", Short: "Answer a question, once (procurement officer)", PositionalArgs: pos("clarification_id", "answer")},
				{RpcMethod: "DeclareNoConflict", Use: "declare-no-conflict [tender-id] [lot]", Short: "Declare no conflict with any bidder of a rated lot (evaluator)", PositionalArgs: pos("tender_id", "lot")},
				{RpcMethod: "SubmitScores", Use: "submit-scores [tender-id] [lot]", Short: `Score every revealed bid: --bids '{"bid_id":"1","scores":[8]}' once per bid (evaluator)`, PositionalArgs: pos("tender_id", "lot")},
				{RpcMethod: "CloseEvaluation", Use: "close-evaluation [tender-id] [lot]", Short: "Compute the rated totals and award the lot (procurement officer)", PositionalArgs: pos("tender_id", "lot")},
				{RpcMethod: "FileComplaint", Use: "file-complaint [tender-id] [lot] [supplier-id] [reason]", Short: "Complain against an award during its standstill, with the complaint bond (a losing bidder)",
					PositionalArgs: pos("tender_id", "lot", "supplier_id", "reason")},
				{RpcMethod: "DecideComplaint", Use: "decide-complaint [complaint-id] [reason]", Short: "Dismiss, or --uphold with --remedy REMEDY_REEVALUATE|REMEDY_CANCEL_LOT (reviewer)",
					PositionalArgs: pos("complaint_id", "reason")},
				{RpcMethod: "OfferContract", Use: "offer-contract [tender-id] [lot] [sign-by]",
					Short:          `Offer the contract, to be signed by an RFC 3339 time: --milestones '{"title":"works","share_bps":10000,"due":"2027-06-30T00:00:00Z"}' once per milestone (procurement officer)`,
					PositionalArgs: pos("tender_id", "lot", "sign_by")},
				{RpcMethod: "SignContract", Use: "sign-contract [tender-id] [lot] [offer-version]",
					Short:          "Sign the offered contract, naming the offer's version (query procurement contract): the award is committed on the budget line (the winner)",
					PositionalArgs: pos("tender_id", "lot", "offer_version")},
				{RpcMethod: "SubmitDelivery", Use: "submit-delivery [tender-id] [lot] [milestone] [evidence-uri] [evidence-sha256]", Short: "Submit a milestone's delivery evidence (the supplier)",
					PositionalArgs: pos("tender_id", "lot", "milestone", "evidence_uri", "evidence_sha256")},
				{RpcMethod: "DecideDelivery", Use: "decide-delivery [tender-id] [lot] [milestone]", Short: "--accept (pays the milestone from the line) or reject with --reason (procurement officer)",
					PositionalArgs: pos("tender_id", "lot", "milestone")},
				{RpcMethod: "UpdateParams", Use: "update-params [params]", Short: "Propose new module params (governance)", GovProposal: true, PositionalArgs: pos("params")},
			},
		},
	}
}
