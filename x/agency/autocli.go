package agency

import (
	autocliv1 "cosmossdk.io/api/cosmos/autocli/v1"

	"github.com/civitas-chain/civitas/x/agency/types"
)

// AutoCLIOptions gives a command for every RPC. Governance Msgs are submitted
// as proposals (`civitasd tx agency register-agency ... ` builds the proposal).
func (AppModule) AutoCLIOptions() *autocliv1.ModuleOptions {
	return &autocliv1.ModuleOptions{
		Query: &autocliv1.ServiceCommandDescriptor{
			Service: types.Query_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "Params", Use: "params", Short: "Show the module params"},
				{RpcMethod: "Agencies", Use: "agencies", Short: "List agencies"},
				{RpcMethod: "Agency", Use: "agency [agency-id]", Short: "Show an agency",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}}},
				{RpcMethod: "RolesByAgency", Use: "roles-by-agency [agency-id]", Short: "List the role grants of an agency",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}}},
				{RpcMethod: "RolesByAccount", Use: "roles-by-account [address]", Short: "List the role grants of an account",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "address"}}},
				{RpcMethod: "Suppliers", Use: "suppliers", Short: "List suppliers"},
				{RpcMethod: "Supplier", Use: "supplier [supplier-id]", Short: "Show a supplier (current version)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}}},
				{RpcMethod: "SupplierHistory", Use: "supplier-history [supplier-id]", Short: "List a supplier's earlier versions",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}}},
				{RpcMethod: "Declarations", Use: "declarations", Short: "List interest declarations (--declarant filters)"},
				{RpcMethod: "Debarments", Use: "debarments", Short: "List debarments, lifted ones included (--supplier-id filters)"},
				{RpcMethod: "Disownments", Use: "disownments", Short: "List listings disowned by the listed party (--supplier-id filters)"},
				{RpcMethod: "Seats", Use: "seats", Short: "List the validator seats issued to agencies"},
			},
		},
		Tx: &autocliv1.ServiceCommandDescriptor{
			Service: types.Msg_serviceDesc.ServiceName,
			RpcCommandOptions: []*autocliv1.RpcCommandOptions{
				{RpcMethod: "RegisterAgency", Use: "register-agency [name] [jurisdiction] [admins]", Short: "Propose to register an agency (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "name"}, {ProtoField: "jurisdiction"}, {ProtoField: "admins", Varargs: true}}},
				{RpcMethod: "UpdateAgency", Use: "update-agency [agency-id] [name] [jurisdiction] [admins]", Short: "Propose to update an agency (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "name"}, {ProtoField: "jurisdiction"}, {ProtoField: "admins", Varargs: true}}},
				{RpcMethod: "SetAgencyStatus", Use: "set-agency-status [agency-id] [status] [reason]", Short: "Propose to suspend or reactivate an agency (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "status"}, {ProtoField: "reason"}}},
				{RpcMethod: "GrantRole", Use: "grant-role [agency-id] [address] [role] [reason]", Short: "Grant a role in your agency (admin; contract-developer only by governance)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "address"}, {ProtoField: "role"}, {ProtoField: "reason"}}},
				{RpcMethod: "RevokeRole", Use: "revoke-role [agency-id] [address] [role] [reason]", Short: "Revoke a role in your agency (admin)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "address"}, {ProtoField: "role"}, {ProtoField: "reason"}}},
				{RpcMethod: "RegisterSupplier", Use: "register-supplier [name] [registration-number] [country]", Short: "Register your company as a supplier (--beneficial-owners, --representatives as JSON)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "name"}, {ProtoField: "registration_number"}, {ProtoField: "country"}}},
				{RpcMethod: "UpdateSupplier", Use: "update-supplier [supplier-id] [name]", Short: "Update your supplier's name and parties (a new version; --beneficial-owners, --representatives as JSON)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}, {ProtoField: "name"}}},
				{RpcMethod: "AmendSupplierRegistration", Use: "amend-supplier-registration [supplier-id] [country] [registration-number] [reason]", Short: "Propose to correct a supplier's registration (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}, {ProtoField: "country"}, {ProtoField: "registration_number"}, {ProtoField: "reason"}}},
				{RpcMethod: "DisownParty", Use: "disown-party [supplier-id] [reason]", Short: "State that a supplier lists you as an owner or representative wrongly (removes you)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}, {ProtoField: "reason"}}},
				{RpcMethod: "ConfirmParty", Use: "confirm-party [supplier-id]", Short: "Consent to being listed again by a supplier whose listing you disowned",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "supplier_id"}}},
				{RpcMethod: "DebarSupplier", Use: "debar-supplier [agency-id] [supplier-id] [reason] [end]", Short: "Debar a supplier from your agency's tenders until end (RFC 3339)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "supplier_id"}, {ProtoField: "reason"}, {ProtoField: "end"}}},
				{RpcMethod: "LiftDebarment", Use: "lift-debarment [debarment-id] [reason]", Short: "Lift a debarment before its end (an admin of its agency; governance through a proposal)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "debarment_id"}, {ProtoField: "reason"}}},
				{RpcMethod: "DeclareInterest", Use: "declare-interest [agency-id] [supplier-id] [description]", Short: "Declare an interest in a supplier (role holders)",
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "supplier_id"}, {ProtoField: "description"}}},
				{RpcMethod: "IssueSeats", Use: "issue-seats [agency-id] [operator] [seats]", Short: "Propose to issue validator seats to an agency's operator (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "operator"}, {ProtoField: "seats"}}},
				{RpcMethod: "RevokeSeats", Use: "revoke-seats [agency-id] [operator] [reason]", Short: "Propose to revoke an operator's seats: force-unbond and burn (governance)",
					GovProposal:    true,
					PositionalArgs: []*autocliv1.PositionalArgDescriptor{{ProtoField: "agency_id"}, {ProtoField: "operator"}, {ProtoField: "reason"}}},
				{RpcMethod: "UpdateParams", Skip: true}, // governance: submit MsgUpdateParams in a proposal JSON
			},
		},
	}
}
