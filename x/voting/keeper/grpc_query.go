package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/types/query"

	"github.com/civitas-chain/civitas/x/voting/types"
)

type querier struct {
	Keeper
}

var _ types.QueryServer = querier{}

// NewQuerier returns the module's Query service.
func NewQuerier(k Keeper) types.QueryServer { return querier{Keeper: k} }

func notFoundOr(err error, what string) error {
	if errors.Is(err, collections.ErrNotFound) || errors.Is(err, types.ErrElectionNotFound) {
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

func (q querier) Elections(ctx context.Context, req *types.QueryElectionsRequest) (*types.QueryElectionsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, ok := types.ElectionStatus_name[int32(req.Status)]; !ok {
		return nil, status.Errorf(codes.InvalidArgument, "unknown status %d", req.Status)
	}
	var (
		elections []types.Election
		page      *query.PageResponse
		err       error
	)
	load := func(id uint64) (types.Election, error) { return q.Keeper.Elections.Get(ctx, id) }
	switch {
	case req.AgencyId != 0:
		elections, page, err = query.CollectionFilteredPaginate(ctx, q.ElectionsByAgency, req.Pagination,
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (bool, error) {
				if req.Status == types.ELECTION_STATUS_UNSPECIFIED {
					return true, nil
				}
				e, err := load(key.K2())
				return err == nil && e.Status == req.Status, err
			},
			func(key collections.Pair[uint64, uint64], _ collections.NoValue) (types.Election, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[uint64, uint64](req.AgencyId))
	case req.Status != types.ELECTION_STATUS_UNSPECIFIED:
		elections, page, err = query.CollectionPaginate(ctx, q.ElectionsByStatus, req.Pagination,
			func(key collections.Pair[int32, uint64], _ collections.NoValue) (types.Election, error) {
				return load(key.K2())
			},
			query.WithCollectionPaginationPairPrefix[int32, uint64](int32(req.Status)))
	default:
		elections, page, err = query.CollectionPaginate(ctx, q.Keeper.Elections, req.Pagination,
			func(_ uint64, e types.Election) (types.Election, error) { return e, nil })
	}
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryElectionsResponse{Elections: elections, Pagination: page}, nil
}

func (q querier) Election(ctx context.Context, req *types.QueryElectionRequest) (*types.QueryElectionResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	e, err := q.Keeper.Elections.Get(ctx, req.ElectionId)
	if err != nil {
		return nil, notFoundOr(err, "election")
	}
	return &types.QueryElectionResponse{Election: e}, nil
}

func (q querier) Ballots(ctx context.Context, req *types.QueryBallotsRequest) (*types.QueryBallotsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.Keeper.Elections.Get(ctx, req.ElectionId); err != nil {
		return nil, notFoundOr(err, "election")
	}
	ballots, page, err := query.CollectionPaginate(ctx, q.Keeper.Ballots, req.Pagination,
		func(_ BallotKey, b types.Ballot) (types.Ballot, error) { return b, nil },
		query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](req.ElectionId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryBallotsResponse{Ballots: ballots, Pagination: page}, nil
}

func (q querier) Receipt(ctx context.Context, req *types.QueryReceiptRequest) (*types.QueryReceiptResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	voter, err := q.addressCodec.StringToBytes(req.Voter)
	if err != nil || len(voter) == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "voter %q is not an address", req.Voter)
	}
	b, err := q.Keeper.Ballots.Get(ctx, collections.Join(req.ElectionId, sdk.AccAddress(voter)))
	if err != nil {
		return nil, notFoundOr(err, "ballot")
	}
	return &types.QueryReceiptResponse{
		Receipt:  types.Receipt{ElectionId: b.ElectionId, Voter: b.Voter, BallotHash: b.Hash, Height: b.Height, Counter: b.Counter},
		Ballot:   b,
		StoreKey: types.BallotStoreKey(req.ElectionId, voter),
	}, nil
}

func (q querier) Results(ctx context.Context, req *types.QueryResultsRequest) (*types.QueryResultsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	e, err := q.Keeper.Elections.Get(ctx, req.ElectionId)
	if err != nil {
		return nil, notFoundOr(err, "election")
	}
	t, err := q.Tallies.Get(ctx, req.ElectionId)
	if err != nil {
		return nil, notFoundOr(err, "tally")
	}
	resp := &types.QueryResultsResponse{Status: e.Status, Tally: t}
	if r, err := q.Keeper.Results.Get(ctx, req.ElectionId); err == nil {
		resp.Result = &r
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, status.Error(codes.Internal, err.Error())
	}
	return resp, nil
}

func (q querier) Census(ctx context.Context, req *types.QueryCensusRequest) (*types.QueryCensusResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	e, err := q.Keeper.Elections.Get(ctx, req.ElectionId)
	if err != nil {
		return nil, notFoundOr(err, "election")
	}
	voters, page, err := query.CollectionPaginate(ctx, q.Keeper.Voters, req.Pagination,
		func(key BallotKey, w uint64) (types.Voter, error) {
			return types.Voter{Address: q.addrString(key.K2()), Weight: w}, nil
		},
		query.WithCollectionPaginationPairPrefix[uint64, sdk.AccAddress](req.ElectionId))
	if err != nil {
		return nil, status.Error(codes.InvalidArgument, err.Error())
	}
	return &types.QueryCensusResponse{Census: e.Census, Voters: voters, Pagination: page}, nil
}

// KeyDeals lists a secret election's key deals, by dealer.
func (q querier) KeyDeals(ctx context.Context, req *types.QueryKeyDealsRequest) (*types.QueryKeyDealsResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	if _, err := q.Keeper.Elections.Get(ctx, req.ElectionId); err != nil {
		return nil, notFoundOr(err, "election")
	}
	out := &types.QueryKeyDealsResponse{}
	err := q.Keeper.KeyDeals.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](req.ElectionId), func(_ collections.Pair[uint64, uint32], d types.KeyDeal) (bool, error) {
		out.Deals = append(out.Deals, d)
		return false, nil
	})
	return out, err
}

// SecretTally returns a secret election's ciphertext sums and partial decryptions.
func (q querier) SecretTally(ctx context.Context, req *types.QuerySecretTallyRequest) (*types.QuerySecretTallyResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	e, err := q.Keeper.Elections.Get(ctx, req.ElectionId)
	if err != nil {
		return nil, notFoundOr(err, "election")
	}
	if e.Privacy != types.PRIVACY_SECRET {
		return nil, status.Errorf(codes.FailedPrecondition, "election %d is public", e.Id)
	}
	out := &types.QuerySecretTallyResponse{Tally: types.NewEncryptedTally(&e)} // before any ballot
	if t, err := q.Keeper.EncryptedTallies.Get(ctx, e.Id); err == nil {
		out.Tally = t
	} else if !errors.Is(err, collections.ErrNotFound) {
		return nil, err
	}
	err = q.Keeper.PartialDecryptions.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](e.Id), func(_ collections.Pair[uint64, uint32], p types.PartialDecryption) (bool, error) {
		out.PartialDecryptions = append(out.PartialDecryptions, p)
		return false, nil
	})
	return out, err
}
