package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/procurement/types"
)

// InitGenesis validates and loads the genesis state; indexes and deadline
// queues are rebuilt from the records.
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, t := range gs.Tenders {
		if err := k.setTender(ctx, nil, t); err != nil {
			return err
		}
		if err := k.TendersByAgency.Set(ctx, collections.Join(t.AgencyId, t.Id)); err != nil {
			return err
		}
		if err := k.TendersByLine.Set(ctx, collections.Join(t.BudgetLineId, t.Id)); err != nil {
			return err
		}
		if t.Status == types.TENDER_STATUS_ACTIVE {
			for _, l := range t.Lots {
				if l.Status == types.LOT_STATUS_TENDERING {
					if err := k.SubmissionQueue.Set(ctx, collections.Join(t.SubmissionDeadline, t.Id)); err != nil {
						return err
					}
				}
				if l.Status == types.LOT_STATUS_TENDERING || l.Status == types.LOT_STATUS_REVEALING {
					if err := k.RevealQueue.Set(ctx, collections.Join(t.RevealDeadline, t.Id)); err != nil {
						return err
					}
				}
				if l.Status == types.LOT_STATUS_STANDSTILL {
					if err := k.StandstillQueue.Set(ctx, collections.Join(l.StandstillEnd, t.Id)); err != nil {
						return err
					}
				}
			}
		}
	}
	for _, a := range gs.Amendments {
		if err := k.Amendments.Set(ctx, collections.Join(a.TenderId, a.Version), a); err != nil {
			return err
		}
	}
	for _, b := range gs.Bids {
		if err := k.Bids.Set(ctx, b.Id, b); err != nil {
			return err
		}
		if err := k.BidBySupplier.Set(ctx, collections.Join(b.TenderId, collections.Join(b.Lot, b.SupplierId)), b.Id); err != nil {
			return err
		}
		t, err := k.Tenders.Get(ctx, b.TenderId)
		if err != nil {
			return err
		}
		if err := k.indexSupplierTender(ctx, b.SupplierId, &t); err != nil {
			return err
		}
		for _, p := range b.Parties {
			pb, err := k.addressCodec.StringToBytes(p)
			if err != nil {
				return err
			}
			if err := k.LotParties.Set(ctx, collections.Join(b.TenderId, collections.Join(b.Lot, sdk.AccAddress(pb))), b.SupplierId); err != nil {
				return err
			}
		}
	}
	// The exported index (who bid for which supplier) overrides the one
	// rebuilt from the bids' parties.
	for _, lp := range gs.LotParties {
		pb, err := k.addressCodec.StringToBytes(lp.Party)
		if err != nil {
			return err
		}
		if err := k.LotParties.Set(ctx, collections.Join(lp.TenderId, collections.Join(lp.Lot, sdk.AccAddress(pb))), lp.SupplierId); err != nil {
			return err
		}
	}
	for _, c := range gs.Contracts {
		if err := k.Contracts.Set(ctx, collections.Join(c.TenderId, c.Lot), c); err != nil {
			return err
		}
		if c.Status == types.CONTRACT_STATUS_OFFERED {
			if err := k.SignQueue.Set(ctx, collections.Join(c.SignBy, c.TenderId)); err != nil {
				return err
			}
		}
	}
	for _, c := range gs.Complaints {
		if err := k.ComplaintRecords.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if err := k.ComplaintsByTender.Set(ctx, collections.Join(c.TenderId, c.Id)); err != nil {
			return err
		}
	}
	for _, sh := range gs.ScoreSheets {
		ev, err := k.addressCodec.StringToBytes(sh.Evaluator)
		if err != nil {
			return err
		}
		if err := k.ScoreSheets.Set(ctx, sheetKey(sh.TenderId, sh.Lot, ev), sh); err != nil {
			return err
		}
	}
	for _, c := range gs.Clarifications {
		if err := k.ClarificationRecords.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if err := k.ClarificationsByTender.Set(ctx, collections.Join(c.TenderId, c.Id)); err != nil {
			return err
		}
	}
	if err := k.ClarificationSeq.Set(ctx, gs.NextClarificationId); err != nil {
		return err
	}
	if err := k.ComplaintSeq.Set(ctx, gs.NextComplaintId); err != nil {
		return err
	}
	if err := k.TenderSeq.Set(ctx, gs.NextTenderId); err != nil {
		return err
	}
	if err := k.BidSeq.Set(ctx, gs.NextBidId); err != nil {
		return err
	}
	return k.CheckBonds(ctx)
}

// CheckBonds checks that the module account holds at least every bond it
// owes: the bid bonds not yet returned or forfeited and the bonds of pending
// complaints (more may be there: coins sent to it by mistake).
func (k Keeper) CheckBonds(ctx context.Context) error {
	owed := math.ZeroInt()
	err := k.Bids.Walk(ctx, nil, func(_ uint64, b types.Bid) (bool, error) {
		if !b.BondReturned {
			owed = owed.Add(b.Bond)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.ComplaintRecords.Walk(ctx, nil, func(_ uint64, c types.Complaint) (bool, error) {
		if c.Status == types.COMPLAINT_STATUS_PENDING {
			owed = owed.Add(c.Bond)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	held := k.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.ModuleName), types.Denom).Amount
	if held.LT(owed) {
		return errorsmod.Wrapf(types.ErrInvalidGenesis, "the procurement module account holds %s%s, its bonds owe %s%s", held, types.Denom, owed, types.Denom)
	}
	return nil
}

// ExportGenesis exports the whole state.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.NextTenderId, err = k.TenderSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.NextBidId, err = k.BidSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Tenders, err = common.Values(ctx, k.Tenders); err != nil {
		return nil, err
	}
	if gs.Amendments, err = common.Values(ctx, k.Amendments); err != nil {
		return nil, err
	}
	if gs.Bids, err = common.Values(ctx, k.Bids); err != nil {
		return nil, err
	}
	if gs.Contracts, err = common.Values(ctx, k.Contracts); err != nil {
		return nil, err
	}
	if gs.NextComplaintId, err = k.ComplaintSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Complaints, err = common.Values(ctx, k.ComplaintRecords); err != nil {
		return nil, err
	}
	if gs.ScoreSheets, err = common.Values(ctx, k.ScoreSheets); err != nil {
		return nil, err
	}
	if gs.NextClarificationId, err = k.ClarificationSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Clarifications, err = common.Values(ctx, k.ClarificationRecords); err != nil {
		return nil, err
	}
	err = k.LotParties.Walk(ctx, nil, func(key collections.Pair[uint64, collections.Pair[uint32, sdk.AccAddress]], supplier uint64) (bool, error) {
		gs.LotParties = append(gs.LotParties, types.LotParty{TenderId: key.K1(), Lot: key.K2().K1(), Party: k.addrString(key.K2().K2()), SupplierId: supplier})
		return false, nil
	})
	return gs, err
}
