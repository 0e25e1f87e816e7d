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
		&MsgCreateElection{},
		&MsgSetVoters{},
		&MsgCancelElection{},
		&MsgCastBallots{},
		&MsgUpdateParams{},
		&MsgAttachVoterRule{},
	)
	msgservice.RegisterMsgServiceDesc(ir, &_Msg_serviceDesc)
}

// RegisterLegacyAminoCodec registers the Amino JSON names (the same as the
// amino.name options in tx.proto), so hardware wallets and cosmjs can sign.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgCreateElection{}, "civitas/voting/MsgCreateElection")
	legacy.RegisterAminoMsg(cdc, &MsgSetVoters{}, "civitas/voting/MsgSetVoters")
	legacy.RegisterAminoMsg(cdc, &MsgCancelElection{}, "civitas/voting/MsgCancelElection")
	legacy.RegisterAminoMsg(cdc, &MsgAttachVoterRule{}, "civitas/voting/MsgAttachVoterRule")
	legacy.RegisterAminoMsg(cdc, &MsgCastBallots{}, "civitas/voting/MsgCastBallots")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "civitas/voting/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "civitas/voting/Params", nil)
}
