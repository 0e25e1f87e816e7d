package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/x/agency/types"
)

type querier struct {
	Keeper
}

var _ types.QueryServer = querier{}

// NewQuerier returns the module's Query service.
func NewQuerier(k Keeper) types.QueryServer { return querier{Keeper: k} }

func notFoundOr(err error, what string) error {
	if errors.Is(err, collections.ErrNotFound) || errors.Is(err, types.ErrAgencyNotFound) || errors.Is(err, types.ErrSupplierNotFound) {
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

func (q querier) Agencies(ctx context.Context, req *types.QueryAgenciesRequest) (*types.QueryAgenciesResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	agencies, page, err := query.CollectionPaginate(ctx, q.Keeper.Agencies, req.Pagination,
		func(_ uint64, a types.Agency) (types.Agency, error) { return a, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryAgenciesResponse{Agencies: agencies, Pagination: page}, nil
}

func (q querier) Agency(ctx context.Context, req *types.QueryAgencyRequest) (*types.QueryAgencyResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	a, err := q.Keeper.Agencies.Get(ctx, req.AgencyId)
	if err != nil {
		return nil, notFoundOr(err, "agency")
	}
	return &types.QueryAgencyResponse{Agency: a}, nil
}

func (q querier) RolesByAgency(ctx context.Context, req *types.QueryRolesByAgencyRequest) (*types.QueryRolesByAgencyResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.Keeper.Agencies.Get(ctx, req.AgencyId); err != nil {
		return nil, notFoundOr(err, "agency")
	}
	roles, page, err := query.CollectionPaginate(ctx, q.Keeper.Roles, req.Pagination,
		func(_ RoleKey, g types.RoleGrant) (types.RoleGrant, error) { return g, nil },
		query.WithCollectionPaginationPairPrefix[uint64, collections.Pair[sdk.AccAddress, int32]](req.AgencyId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryRolesByAgencyResponse{Roles: roles, Pagination: page}, nil
}

func (q querier) RolesByAccount(ctx context.Context, req *types.QueryRolesByAccountRequest) (*types.QueryRolesByAccountResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	addr, err := q.addressCodec.StringToBytes(req.Address)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "address %q: %s", req.Address, err)
	}
	roles, page, err := query.CollectionPaginate(ctx, q.Keeper.RolesByAccount, req.Pagination,
		func(key AccountRoleKey, _ collections.NoValue) (types.RoleGrant, error) {
			return q.Keeper.Roles.Get(ctx, roleKey(key.K2().K1(), addr, types.Role(key.K2().K2())))
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, collections.Pair[uint64, int32]](addr))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryRolesByAccountResponse{Roles: roles, Pagination: page}, nil
}

func (q querier) Suppliers(ctx context.Context, req *types.QuerySuppliersRequest) (*types.QuerySuppliersResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	suppliers, page, err := query.CollectionPaginate(ctx, q.Keeper.Suppliers, req.Pagination,
		func(_ uint64, s types.Supplier) (types.Supplier, error) { return s, nil })
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QuerySuppliersResponse{Suppliers: suppliers, Pagination: page}, nil
}

func (q querier) Supplier(ctx context.Context, req *types.QuerySupplierRequest) (*types.QuerySupplierResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	s, err := q.Keeper.Suppliers.Get(ctx, req.SupplierId)
	if err != nil {
		return nil, notFoundOr(err, "supplier")
	}
	return &types.QuerySupplierResponse{Supplier: s}, nil
}

func (q querier) SupplierHistory(ctx context.Context, req *types.QuerySupplierHistoryRequest) (*types.QuerySupplierHistoryResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.Keeper.Suppliers.Get(ctx, req.SupplierId); err != nil {
		return nil, notFoundOr(err, "supplier")
	}
	versions, page, err := query.CollectionPaginate(ctx, q.Keeper.SupplierHistory, req.Pagination,
		func(_ collections.Pair[uint64, uint64], s types.Supplier) (types.Supplier, error) { return s, nil },
		query.WithCollectionPaginationPairPrefix[uint64, uint64](req.SupplierId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QuerySupplierHistoryResponse{Versions: versions, Pagination: page}, nil
}

func (q querier) Declarations(ctx context.Context, req *types.QueryDeclarationsRequest) (*types.QueryDeclarationsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if req.Declarant == "" {
		decls, page, err := query.CollectionPaginate(ctx, q.Keeper.Declarations, req.Pagination,
			func(_ uint64, d types.Declaration) (types.Declaration, error) { return d, nil })
		if err != nil {
			return nil, status.Error(codes.InvalidArgument, err.Error())
		}
		return &types.QueryDeclarationsResponse{Declarations: decls, Pagination: page}, nil
	}
	addr, err := q.addressCodec.StringToBytes(req.Declarant)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "declarant %q: %s", req.Declarant, err)
	}
	decls, page, err := query.CollectionPaginate(ctx, q.Keeper.DeclarationsByDeclarant, req.Pagination,
		func(key collections.Pair[sdk.AccAddress, uint64], _ collections.NoValue) (types.Declaration, error) {
			return q.Keeper.Declarations.Get(ctx, key.K2())
		},
		query.WithCollectionPaginationPairPrefix[sdk.AccAddress, uint64](addr))
	if err != nil {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return &types.QueryDeclarationsResponse{Declarations: decls, Pagination: page}, nil
}

func (q querier) Debarments(ctx context.Context, req *types.QueryDebarmentsRequest) (*types.QueryDebarmentsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	var (
		debarments []types.Debarment
		page       *query.PageResponse
		err        error
	)
	if req.SupplierId != 0 {
		debarments, page, err = query.CollectionPaginate(ctx, q.Keeper.DebarmentsBySupplier, req.Pagination,
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Debarment, error) {
				return q.Keeper.Debarments.Get(ctx, key.K2())
			},
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.SupplierId))
	} else {
		debarments, page, err = query.CollectionPaginate(ctx, q.Keeper.Debarments, req.Pagination,
			func(_ uint64, d types.Debarment) (types.Debarment, error) { return d, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDebarmentsResponse{Debarments: debarments, Pagination: page}, nil
}

func (q querier) Disownments(ctx context.Context, req *types.QueryDisownmentsRequest) (*types.QueryDisownmentsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	var opts []func(*query.CollectionsPaginateOptions[collections.Pair[uint64, sdk.AccAddress]])
	if req.SupplierId != 0 {
		opts = append(opts, query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](req.SupplierId))
	}
	disownments, page, err := query.CollectionPaginate(ctx, q.Keeper.Disownments, req.Pagination,
		func(_ collections.Pair[uint64, sdk.AccAddress], d types.Disownment) (types.Disownment, error) {
			return d, nil
		}, opts...)
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryDisownmentsResponse{Disownments: disownments, Pagination: page}, nil
}

func (q querier) Seats(ctx context.Context, req *types.QuerySeatsRequest) (*types.QuerySeatsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	seats, page, err := query.CollectionPaginate(ctx, q.Keeper.SeatGrants, req.Pagination,
		func(_ collections.Pair[uint64, sdk.AccAddress], g types.SeatGrant) (types.SeatGrant, error) {
			return g, nil
		})
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QuerySeatsResponse{Seats: seats, Pagination: page}, nil
}
