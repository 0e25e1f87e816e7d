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
		&MsgPublishTender{}, &MsgAmendTender{}, &MsgSubmitBid{}, &MsgRevealBid{}, &MsgCancelTender{}, &MsgUpdateParams{},
		&MsgOfferContract{}, &MsgSignContract{}, &MsgSubmitDelivery{}, &MsgDecideDelivery{}, &MsgFileComplaint{}, &MsgDecideComplaint{},
		&MsgDeclareNoConflict{}, &MsgSubmitScores{}, &MsgCloseEvaluation{}, &MsgAskClarification{}, &MsgAnswerClarification{},
	)
	msgservice.RegisterMsgServiceDesc(ir, &_Msg_serviceDesc)
}

// RegisterLegacyAminoCodec registers the Amino JSON names (tx.proto's amino.name).
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgPublishTender{}, "civitas/procurement/MsgPublishTender")
	legacy.RegisterAminoMsg(cdc, &MsgAmendTender{}, "civitas/procurement/MsgAmendTender")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitBid{}, "civitas/procurement/MsgSubmitBid")
	legacy.RegisterAminoMsg(cdc, &MsgRevealBid{}, "civitas/procurement/MsgRevealBid")
	legacy.RegisterAminoMsg(cdc, &MsgCancelTender{}, "civitas/procurement/MsgCancelTender")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "civitas/procurement/MsgUpdateParams")
	legacy.RegisterAminoMsg(cdc, &MsgOfferContract{}, "civitas/procurement/MsgOfferContract")
	legacy.RegisterAminoMsg(cdc, &MsgSignContract{}, "civitas/procurement/MsgSignContract")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitDelivery{}, "civitas/procurement/MsgSubmitDelivery")
	legacy.RegisterAminoMsg(cdc, &MsgDecideDelivery{}, "civitas/procurement/MsgDecideDelivery")
	legacy.RegisterAminoMsg(cdc, &MsgFileComplaint{}, "civitas/procurement/MsgFileComplaint")
	legacy.RegisterAminoMsg(cdc, &MsgDecideComplaint{}, "civitas/procurement/MsgDecideComplaint")
	legacy.RegisterAminoMsg(cdc, &MsgDeclareNoConflict{}, "civitas/procurement/MsgNoConflict")
	legacy.RegisterAminoMsg(cdc, &MsgSubmitScores{}, "civitas/procurement/MsgSubmitScores")
	legacy.RegisterAminoMsg(cdc, &MsgCloseEvaluation{}, "civitas/procurement/MsgCloseEvaluation")
	legacy.RegisterAminoMsg(cdc, &MsgAskClarification{}, "civitas/procurement/MsgAsk")
	legacy.RegisterAminoMsg(cdc, &MsgAnswerClarification{}, "civitas/procurement/MsgAnswer")
	cdc.RegisterConcrete(&Params{}, "civitas/procurement/Params", nil)
}
