package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

func (m msgServer) AskClarification(ctx context.Context, msg *types.MsgAskClarification) (*types.MsgAskClarificationResponse, error) {
	_, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "asker", msg.Asker)
	if err != nil {
		return nil, err
	}
	t, err := m.GetTender(ctx, msg.TenderId)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if t.Status != types.TENDER_STATUS_ACTIVE || !sdkCtx.BlockTime().Before(t.ClarificationDeadline) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "tender %d takes questions until %s", t.Id, t.ClarificationDeadline.Format(time.RFC3339))
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("question", msg.Question, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	id, err := m.ClarificationSeq.Next(ctx)
	if err != nil {
		return nil, err
	}
	c := types.Clarification{Id: id, TenderId: t.Id, Question: msg.Question, AskedBy: canonical, AskedHeight: sdkCtx.BlockHeight()}
	if err := m.ClarificationRecords.Set(ctx, id, c); err != nil {
		return nil, err
	}
	if err := m.ClarificationsByTender.Set(ctx, collections.Join(t.Id, id)); err != nil {
		return nil, err
	}
	return &types.MsgAskClarificationResponse{ClarificationId: id}, common.EmitEvent(ctx, &types.EventClarification{ClarificationId: id, TenderId: t.Id, By: canonical})
}

func (m msgServer) AnswerClarification(ctx context.Context, msg *types.MsgAnswerClarification) (*types.MsgAnswerClarificationResponse, error) {
	c, err := m.ClarificationRecords.Get(ctx, msg.ClarificationId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "question %d does not exist", msg.ClarificationId)
	} else if err != nil {
		return nil, err
	}
	t, err := m.GetTender(ctx, c.TenderId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, t.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if c.Answer != "" || t.Status != types.TENDER_STATUS_ACTIVE || !sdkCtx.BlockTime().Before(t.SubmissionDeadline) {
		return nil, errorsmod.Wrapf(types.ErrWrongStage, "question %d is answered once, before the submission deadline", c.Id)
	}
	p, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := types.ValidateText("answer", msg.Answer, 1, p.MaxTextLength); err != nil {
		return nil, err
	}
	c.Answer, c.AnsweredBy, c.AnsweredHeight = msg.Answer, officer, sdkCtx.BlockHeight()
	if err := m.ClarificationRecords.Set(ctx, c.Id, c); err != nil {
		return nil, err
	}
	return &types.MsgAnswerClarificationResponse{}, common.EmitEvent(ctx, &types.EventClarification{ClarificationId: c.Id, TenderId: t.Id, Answered: true, By: officer})
}

func (q querier) Clarifications(ctx context.Context, req *types.QueryClarificationsRequest) (*types.QueryClarificationsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.ClarificationsByTender, req.Pagination,
		func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Clarification, error) {
			return q.ClarificationRecords.Get(ctx, k.K2())
		}, query.WithCollectionPaginationPairPrefix[uint64, uint64](req.TenderId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryClarificationsResponse{Clarifications: out, Pagination: page}, nil
}
