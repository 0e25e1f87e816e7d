package common

import (
	"context"

	"github.com/cosmos/gogoproto/proto"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// EmitEvent emits a typed event (a message of the module's events.proto).
// Addresses in it must be canonical (ParseAddress). Call it last in a Msg
// handler, after every write, and return its error:
//
//	return &types.MsgXResponse{}, common.EmitEvent(ctx, &types.EventX{...})
func EmitEvent(ctx context.Context, ev proto.Message) error {
	return sdk.UnwrapSDKContext(ctx).EventManager().EmitTypedEvent(ev)
}
