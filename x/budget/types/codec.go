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
		&MsgFundTreasury{}, &MsgSpendFromTreasury{}, &MsgOpenFiscalYear{}, &MsgAppropriate{},
		&MsgReserve{}, &MsgReleaseReservation{}, &MsgCommit{}, &MsgCancelCommitment{},
		&MsgDisburse{}, &MsgPay{}, &MsgVirement{}, &MsgUpdateParams{},
	)
	msgservice.RegisterMsgServiceDesc(ir, &_Msg_serviceDesc)
}

// RegisterLegacyAminoCodec registers the Amino JSON names (the amino.name
// options in tx.proto), so hardware wallets and cosmjs can sign.
func RegisterLegacyAminoCodec(cdc *codec.LegacyAmino) {
	legacy.RegisterAminoMsg(cdc, &MsgFundTreasury{}, "civitas/budget/MsgFundTreasury")
	legacy.RegisterAminoMsg(cdc, &MsgSpendFromTreasury{}, "civitas/budget/MsgSpendFromTreasury")
	legacy.RegisterAminoMsg(cdc, &MsgOpenFiscalYear{}, "civitas/budget/MsgOpenFiscalYear")
	legacy.RegisterAminoMsg(cdc, &MsgAppropriate{}, "civitas/budget/MsgAppropriate")
	legacy.RegisterAminoMsg(cdc, &MsgReserve{}, "civitas/budget/MsgReserve")
	legacy.RegisterAminoMsg(cdc, &MsgReleaseReservation{}, "civitas/budget/MsgReleaseReservation")
	legacy.RegisterAminoMsg(cdc, &MsgCommit{}, "civitas/budget/MsgCommit")
	legacy.RegisterAminoMsg(cdc, &MsgCancelCommitment{}, "civitas/budget/MsgCancelCommitment")
	legacy.RegisterAminoMsg(cdc, &MsgDisburse{}, "civitas/budget/MsgDisburse")
	legacy.RegisterAminoMsg(cdc, &MsgPay{}, "civitas/budget/MsgPay")
	legacy.RegisterAminoMsg(cdc, &MsgVirement{}, "civitas/budget/MsgVirement")
	legacy.RegisterAminoMsg(cdc, &MsgUpdateParams{}, "civitas/budget/MsgUpdateParams")
	cdc.RegisterConcrete(&Params{}, "civitas/budget/Params", nil)
}
