package voting

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// AutoCLIOptions gives a command for every RPC. Ballots are signed offline
// with `civitasd voting sign-ballot` and relayed with `civitasd voting relay`.
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module params"},
				{RpcMethod: "Elections", Use: "elections", Short: "List elections (--agency-id and --status filter)"},
				{RpcMethod: "Election", Use: "election [election-id]", Short: "Show an election",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "Ballots", Use: "ballots [election-id]", Short: "List the counted ballots of an election",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "Receipt", Use: "receipt [election-id] [voter]", Short: "Show a voter's receipt, ballot and its store key",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}, {ProtoField: "voter"}}},
				{RpcMethod: "Results", Use: "results [election-id]", Short: "Show the running tally and, once final, the result",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "SecretTally", Use: "secret-tally [election-id]", Short: "Show a secret election's ciphertext sums and the trustees' partial decryptions",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "KeyDeals", Use: "key-deals [election-id]", Short: "List the trustees' deals of a secret election's key ceremony",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "Census", Use: "census [election-id]", Short: "Show an election's census and registry voters",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "CreateElection", Use: "create-election [agency-id] [title] [start-time] [end-time]",
					Short:          "Schedule an election (election officer; --questions as JSON, one flag per question; --census-type, --merkle-root as base64)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "title"}, {ProtoField: "start_time"}, {ProtoField: "end_time"}}},
				{RpcMethod: "SetVoters", Use: "set-voters [election-id]", Short: "Add, re-weight (or with weight 0 remove) registry voters before the start (--voters as JSON)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "AttachVoterRule", Use: "attach-voter-rule [election-id] [contract]",
					Short:          "Attach a check_voter_eligibility rule contract to a scheduled election, once (election officer; contracts/README.md)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}, {ProtoField: "contract"}}},
				{RpcMethod: "CancelElection", Use: "cancel-election [election-id] [reason]", Short: "Cancel an election before its end (election officer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}, {ProtoField: "reason"}}},
				{RpcMethod: "CastBallots", Skip: true}, // civitasd voting relay
				// A secret election's trustee steps need the trustee's local key
				// file: civitasd voting trustee register|deal|check|decrypt.
				{RpcMethod: "RegisterTrusteeKey", Skip: true},
				{RpcMethod: "DealKeyShares", Skip: true},
				{RpcMethod: "ComplainKeyDeal", Skip: true},
				{RpcMethod: "DecryptShares", Skip: true},
				{RpcMethod: "PublishTotals", Use: "publish-totals [election-id]", Short: "Give a TALLYING secret election's totals (--totals per question, per option); the chain checks them against threshold partial decryptions",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "CloseKeyDealing", Use: "close-key-dealing [election-id]", Short: "Close a secret election's key registration once threshold trustees registered, or its dealing once threshold trustees dealt (election officer)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "AcknowledgeKeyDeals", Use: "acknowledge-key-deals [election-id]", Short: "As a trustee, acknowledge that every share dealt to you is good",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "FinalizeKey", Use: "finalize-key [election-id]", Short: "Set a secret election's key once every trustee spoke or complaints closed (anyone)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "election_id"}}},
				{RpcMethod: "UpdateParams", Use: "update-params [params]", Short: "Propose new module params (governance)",
					GovProposal: true, PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "params"}}},
			},
		},
	}
}
