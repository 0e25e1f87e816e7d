package types

import (
	"github.com/cosmos/cosmos-sdk/codec"
	"github.com/cosmos/cosmos-sdk/codec/legacy"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/msgservice"
)

// RegisterInterfaces registers the module's Msgs.
func RegisterInterfaces(ir codectypes.InterfaceRegistry) {
	ir.RegisterImplementations((*sdk.Msg)(nil),
		&MsgRegisterAgency{},
		&MsgUpdateAgency{},
		&MsgSetAgencyStatus{},
		&MsgGrantRole{},
		&MsgRevokeRole{},
		&MsgRegisterSupplier{},
		&MsgUpdateSupplier{},
		&MsgAmendSupplierRegistration{},
		&MsgDisownParty{},
		&MsgConfirmParty{},
		&MsgDebarSupplier{},
		&MsgLiftDebarment{},
		&MsgDeclareInterest{},
		&MsgUpdateParams{},
		&MsgIssueSeats{},
		&MsgRevokeSeats{},
	)
	msgservice.RegisterMsgServiceDesc(ir, &_Msg_serviceDesc)
}

// RegisterLegacyAminoCodec registers the Amino JSON names (the same as the
// amino.name options in tx.proto), so hardware wallets and cosmjs can sign.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgRegisterAgency{}, "civitas/agency/MsgRegisterAgency")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateAgency{}, "civitas/agency/MsgUpdateAgency")
	legacy.RegisterAminoMsg(cdc, &MsgSetAgencyStatus{}, "civitas/agency/MsgSetAgencyStatus")
	legacy.RegisterAminoMsg(cdc, &MsgGrantRole{}, "civitas/agency/MsgGrantRole")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeRole{}, "civitas/agency/MsgRevokeRole")
	legacy.RegisterAminoMsg(cdc, &MsgRegisterSupplier{}, "civitas/agency/MsgRegisterSupplier")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateSupplier{}, "civitas/agency/MsgUpdateSupplier")
	legacy.RegisterAminoMsg(cdc, &MsgAmendSupplierRegistration{}, "civitas/agency/MsgAmendRegistration")
	legacy.RegisterAminoMsg(cdc, &MsgDisownParty{}, "civitas/agency/MsgDisownParty")
	legacy.RegisterAminoMsg(cdc, &MsgConfirmParty{}, "civitas/agency/MsgConfirmParty")
	legacy.RegisterAminoMsg(cdc, &MsgDebarSupplier{}, "civitas/agency/MsgDebarSupplier")
	legacy.RegisterAminoMsg(cdc, &MsgLiftDebarment{}, "civitas/agency/MsgLiftDebarment")
	legacy.RegisterAminoMsg(cdc, &MsgDeclareInterest{}, "civitas/agency/MsgDeclareInterest")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "civitas/agency/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgIssueSeats{}, "civitas/agency/MsgIssueSeats")
	legacy.RegisterAminoMsg(cdc, &MsgRevokeSeats{}, "civitas/agency/MsgRevokeSeats")
	cdc.RegisterConcrete(&Params{}, "civitas/agency/Params", nil)
}
