package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

type querier struct {
	Keeper
}

var _ types.QueryServer = querier{}

// NewQuerier returns the module's Query service.
func NewQuerier(k Keeper) types.QueryServer { return querier{Keeper: k} }

func (q querier) Params(ctx context.Context, _ *types.QueryParamsRequest) (*types.QueryParamsResponse, error) {
	p, err := q.Keeper.Params.Get(ctx)
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryParamsResponse{Params: p}, nil
}

func (q querier) Tenders(ctx context.Context, req *types.QueryTendersRequest) (*types.QueryTendersResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	load := func(id uint64) (types.Tender, error) { return q.Keeper.Tenders.Get(ctx, id) }
	keep := func(id uint64) (bool, error) {
		if req.Status == types.TENDER_STATUS_UNSPECIFIED && req.BudgetLineId == 0 && req.AgencyId == 0 {
			return true, nil
		}
		t, err := load(id)
		return err == nil && (req.Status == types.TENDER_STATUS_UNSPECIFIED || t.Status == req.Status) &&
			(req.BudgetLineId == 0 || t.BudgetLineId == req.BudgetLineId) && (req.AgencyId == 0 || t.AgencyId == req.AgencyId), err
	}
	var (
		out  []types.Tender
		page *query.PageResponse
		err  error
	)
	pairKeep := func(k collections.Pair[uint64, uint64], _ collections.NoValue) (bool, error) { return keep(k.K2()) }
	pairLoad := func(k collections.Pair[uint64, uint64], _ collections.NoValue) (types.Tender, error) {
		return load(k.K2())
	}
	switch {
	case req.SupplierId != 0:
		out, page, err = query.CollectionFilteredPaginate(ctx, q.TendersBySupplier, req.Pagination, pairKeep, pairLoad,
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.SupplierId))
	case req.AgencyId != 0:
		out, page, err = query.CollectionFilteredPaginate(ctx, q.TendersByAgency, req.Pagination, pairKeep, pairLoad,
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.AgencyId))
	case req.BudgetLineId != 0:
		out, page, err = query.CollectionFilteredPaginate(ctx, q.TendersByLine, req.Pagination, pairKeep, pairLoad,
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.BudgetLineId))
	case req.Status != types.TENDER_STATUS_UNSPECIFIED:
		out, page, err = query.CollectionPaginate(ctx, q.TendersByStatus, req.Pagination,
			func(k collections.Pair[int32, uint64], _ collections.NoValue) (types.Tender, error) {
				return load(k.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	default:
		out, page, err = query.CollectionPaginate(ctx, q.Keeper.Tenders, req.Pagination,
			func(_ uint64, t types.Tender) (types.Tender, error) { return t, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryTendersResponse{Tenders: out, Pagination: page}, nil
}

func (q querier) Tender(ctx context.Context, req *types.QueryTenderRequest) (*types.QueryTenderResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	t, err := q.Keeper.Tenders.Get(ctx, req.TenderId)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Error(codes.NotFound, "tender not found")
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	var amendments []types.Amendment
	err = q.Amendments.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](t.Id), func(_ collections.Pair[uint64, uint32], a types.Amendment) (bool, error) {
		amendments = append(amendments, a)
		return false, nil
	})
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryTenderResponse{Tender: t, Amendments: amendments}, nil
}

// Bids lists a tender's bids by lot and supplier; a sealed bid shows its commitment, never a price.
func (q querier) Bids(ctx context.Context, req *types.QueryBidsRequest) (*types.QueryBidsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	// By lot, then supplier.
	out, page, err := query.CollectionPaginate(ctx, q.BidBySupplier, req.Pagination,
		func(_ collections.Pair[uint64, collections.Pair[uint32, uint64]], id uint64) (types.Bid, error) {
			return q.Keeper.Bids.Get(ctx, id)
		},
		query.WithCollectionPaginationPairPrefix[uint64, collections.Pair[uint32, uint64]](req.TenderId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryBidsResponse{Bids: out, Pagination: page}, nil
}

func (q querier) Contract(ctx context.Context, req *types.QueryContractRequest) (*types.QueryContractResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	c, err := q.Contracts.Get(ctx, collections.Join(req.TenderId, req.Lot))
	if errors.Is(err, collections.ErrNotFound) {
		return nil, status.Error(codes.NotFound, "contract not found")
	} else if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryContractResponse{Contract: c}, nil
}

// TendersOfSupplierInYear returns the tenders of the agency, on lines of
// the fiscal year, on which the supplier bid, by id.
func (k Keeper) TendersOfSupplierInYear(ctx context.Context, supplierID, agencyID uint64, fiscalYear uint32) ([]types.Tender, error) {
	var out []types.Tender
	rng := collections.NewSuperPrefixedTripleRange[collections.Pair[uint64, uint64], uint32, uint64](collections.Join(supplierID, agencyID), fiscalYear)
	err := k.SupplierYearTenders.Walk(ctx, rng, func(key collections.Triple[collections.Pair[uint64, uint64], uint32, uint64]) (bool, error) {
		t, err := k.Tenders.Get(ctx, key.K3())
		if err != nil {
			return true, err
		}
		out = append(out, t)
		return false, nil
	})
	return out, err
}

// indexSupplierTender records that supplier bid on tender t (both indexes).
func (k Keeper) indexSupplierTender(ctx context.Context, supplierID uint64, t *types.Tender) error {
	if err := k.TendersBySupplier.Set(ctx, collections.Join(supplierID, t.Id)); err != nil {
		return err
	}
	line, err := k.budget.GetLine(ctx, t.BudgetLineId)
	if err != nil {
		return errorsmod.Wrapf(types.ErrBudget, "budget line %d of tender %d: %s", t.BudgetLineId, t.Id, err)
	}
	return k.SupplierYearTenders.Set(ctx, collections.Join3(collections.Join(supplierID, t.AgencyId), line.FiscalYear, t.Id))
}
