package keeper

import (
	"context"
	"errors"
	"strings"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/civitas-chain/civitas/x/budget/types"
)

type querier struct {
	Keeper
}

var _ types.QueryServer = querier{}

// NewQuerier returns the module's Query service.
func NewQuerier(k Keeper) types.QueryServer { return querier{Keeper: k} }

func notFoundOr(err error, what string) error {
	if errors.Is(err, collections.ErrNotFound) || errors.Is(err, types.ErrNotFound) || errors.Is(err, types.ErrLineNotFound) {
		return status.Errorf(codes.NotFound, "%s not found", what)
	}
	return status.Error(codes.Internal, err.Error())
}

func (q querier) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

func (q querier) Treasury(ctx context.Context, _ *types.QueryTreasuryRequest) (*types.QueryTreasuryResponse, error) {
	t, err := q.GetTotals(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	free, err := q.Unearmarked(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryTreasuryResponse{
		Balance:     q.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.TreasuryAccount), types.Denom),
		Escrow:      q.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.EscrowAccount), types.Denom),
		Unearmarked: free, Totals: t,
	}, nil
}

func (q querier) Movements(ctx context.Context, req *types.QueryMovementsRequest) (*types.QueryMovementsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.Keeper.Movements, req.Pagination,
		func(_ uint64, m types.Movement) (types.Movement, error) { return m, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryMovementsResponse{Movements: out, Pagination: page}, nil
}

func (q querier) FiscalYears(ctx context.Context, req *types.QueryFiscalYearsRequest) (*types.QueryFiscalYearsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.Keeper.FiscalYears, req.Pagination,
		func(_ uint32, fy types.FiscalYear) (types.FiscalYear, error) { return fy, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryFiscalYearsResponse{FiscalYears: out, Pagination: page}, nil
}

func (q querier) FiscalYear(ctx context.Context, req *types.QueryFiscalYearRequest) (*types.QueryFiscalYearResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	fy, err := q.Keeper.FiscalYears.Get(ctx, req.Year)
	if err != nil {
		return nil, notFoundOr(err, "fiscal year")
	}
	return &types.QueryFiscalYearResponse{FiscalYear: fy}, nil
}

// Lines lists lines by id; agency_id, fiscal_year and a code prefix filter.
func (q querier) Lines(ctx context.Context, req *types.QueryLinesRequest) (*types.QueryLinesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	load := func(id uint64) (types.Line, error) { return q.Keeper.Lines.Get(ctx, id) }
	codeOK := func(id uint64) (bool, error) {
		if req.Code == "" {
			return true, nil
		}
		l, err := load(id)
		return err == nil && (l.Code == req.Code || strings.HasPrefix(l.Code, req.Code+".")), err
	}
	var (
		lines []types.Line
		page  *query.PageResponse
		err   error
	)
	switch {
	case req.AgencyId != 0 && req.FiscalYear != 0:
		lines, page, err = query.CollectionFilteredPaginate(ctx, q.LinesByAgency, req.Pagination,
			func(k collections.Triple[uint64, uint32, uint64], _ collections.NoValue) (bool, error) {
				return codeOK(k.K3())
			},
			func(k collections.Triple[uint64, uint32, uint64], _ collections.NoValue) (types.Line, error) {
				return load(k.K3())
			},
			triplePrefix(collections.TripleSuperPrefix[uint64, uint32, uint64](req.AgencyId, req.FiscalYear)))
	case req.AgencyId != 0:
		lines, page, err = query.CollectionFilteredPaginate(ctx, q.LinesByAgency, req.Pagination,
			func(k collections.Triple[uint64, uint32, uint64], _ collections.NoValue) (bool, error) {
				return codeOK(k.K3())
			},
			func(k collections.Triple[uint64, uint32, uint64], _ collections.NoValue) (types.Line, error) {
				return load(k.K3())
			},
			triplePrefix(collections.TriplePrefix[uint64, uint32, uint64](req.AgencyId)))
	case req.FiscalYear != 0:
		lines, page, err = query.CollectionFilteredPaginate(ctx, q.LinesByFiscalYear, req.Pagination,
			func(k collections.Pair[uint32, uint64], _ collections.NoValue) (bool, error) { return codeOK(k.K2()) },
			func(k collections.Pair[uint32, uint64], _ collections.NoValue) (types.Line, error) {
				return load(k.K2())
			},
			query.WithCollectionPaginationPairPrefix[uint32, uint64](req.FiscalYear))
	default:
		lines, page, err = query.CollectionFilteredPaginate(ctx, q.Keeper.Lines, req.Pagination,
			func(id uint64, _ types.Line) (bool, error) { return codeOK(id) },
			func(_ uint64, l types.Line) (types.Line, error) { return l, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryLinesResponse{Lines: lines, Pagination: page}, nil
}

func (q querier) Line(ctx context.Context, req *types.QueryLineRequest) (*types.QueryLineResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	l, err := q.Keeper.Lines.Get(ctx, req.LineId)
	if err != nil {
		return nil, notFoundOr(err, "line")
	}
	return &types.QueryLineResponse{Line: l}, nil
}

func (q querier) Reservations(ctx context.Context, req *types.QueryReservationsRequest) (*types.QueryReservationsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.ReservationsByLine, req.Pagination,
		func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Reservation, error) {
			return q.Keeper.Reservations.Get(ctx, k.K2())
		}, query.WithCollectionPaginationPairPrefix[uint64, uint64](req.LineId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryReservationsResponse{Reservations: out, Pagination: page}, nil
}

func (q querier) Commitments(ctx context.Context, req *types.QueryCommitmentsRequest) (*types.QueryCommitmentsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.CommitmentsByLine, req.Pagination,
		func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Commitment, error) {
			return q.Keeper.Commitments.Get(ctx, k.K2())
		}, query.WithCollectionPaginationPairPrefix[uint64, uint64](req.LineId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryCommitmentsResponse{Commitments: out, Pagination: page}, nil
}

func (q querier) Commitment(ctx context.Context, req *types.QueryCommitmentRequest) (*types.QueryCommitmentResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	c, err := q.Keeper.Commitments.Get(ctx, req.CommitmentId)
	if err != nil {
		return nil, notFoundOr(err, "commitment")
	}
	return &types.QueryCommitmentResponse{Commitment: c}, nil
}

func (q querier) Disbursements(ctx context.Context, req *types.QueryDisbursementsRequest) (*types.QueryDisbursementsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	out, page, err := query.CollectionPaginate(ctx, q.DisbursementsByCommitment, req.Pagination,
		func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Disbursement, error) {
			return q.Keeper.Disbursements.Get(ctx, k.K2())
		}, query.WithCollectionPaginationPairPrefix[uint64, uint64](req.CommitmentId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDisbursementsResponse{Disbursements: out, Pagination: page}, nil
}

func (q querier) DisbursementsByBeneficiary(ctx context.Context, req *types.QueryDisbursementsByBeneficiaryRequest) (*types.QueryDisbursementsByBeneficiaryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.addressCodec.StringToBytes(req.Beneficiary)
	if err != nil || len(addr) == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "beneficiary %q is not an address", req.Beneficiary)
	}
	out, page, err := query.CollectionPaginate(ctx, q.Keeper.DisbursementsByBeneficiary, req.Pagination,
		func(k collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Disbursement, error) {
			return q.Keeper.Disbursements.Get(ctx, k.K2())
		}, query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDisbursementsByBeneficiaryResponse{Disbursements: out, Pagination: page}, nil
}

// Execution reads the running totals: O(1), whatever the number of lines.
func (q querier) Execution(ctx context.Context, req *types.QueryExecutionRequest) (*types.QueryExecutionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	e, err := q.GetExecution(ctx, req.AgencyId, req.FiscalYear)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	if e.Appropriated.IsPositive() {
		e.ExecutionBps = uint32(e.Disbursed.MulRaw(types.BasisPoints).Quo(e.Appropriated).Uint64())
	}
	return &types.QueryExecutionResponse{Execution: e}, nil
}

// triplePrefix paginates a triple-keyed collection under a prefix.
func triplePrefix(prefix collections.Triple[uint64, uint32, uint64]) func(o *query.CollectionsPaginateOptions[collections.Triple[uint64, uint32, uint64]]) {
	return func(o *query.CollectionsPaginateOptions[collections.Triple[uint64, uint32, uint64]]) {
		o.Prefix = &prefix
	}
}
