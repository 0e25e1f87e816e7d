package keeper

import (
	"context"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

// InitGenesis validates and loads the genesis state. The execution totals
// and the earmarked total are rebuilt from the lines. Without totals (a new
// chain), what the treasury account holds counts as funded. The state must
// then satisfy every invariant (the escrow and treasury balances included).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	for _, fy := range gs.FiscalYears {
		if err := k.FiscalYears.Set(ctx, fy.Year, fy); err != nil {
			return err
		}
	}
	totals := zeroTotals()
	if gs.Totals != nil {
		totals = *gs.Totals
	} else {
		totals.Funded = k.TreasuryBalance(ctx).Add(k.EscrowBalance(ctx))
	}
	given := totals.Earmarked
	totals.Earmarked = zeroTotals().Earmarked
	if err := k.Totals.Set(ctx, totals); err != nil {
		return err
	}
	for _, l := range gs.Lines {
		if err := k.saveLine(ctx, nil, l); err != nil {
			return err
		}
	}
	if gs.Totals != nil {
		if t, err := k.GetTotals(ctx); err != nil || !t.Earmarked.Equal(given) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "totals.earmarked %s is not what the lines hold", given)
		}
	}
	for _, r := range gs.Reservations {
		if err := k.Reservations.Set(ctx, r.Id, r); err != nil {
			return err
		}
		if err := k.ReservationsByLine.Set(ctx, collections.Join(r.LineId, r.Id)); err != nil {
			return err
		}
	}
	for _, c := range gs.Commitments {
		if err := k.Commitments.Set(ctx, c.Id, c); err != nil {
			return err
		}
		if err := k.CommitmentsByLine.Set(ctx, collections.Join(c.LineId, c.Id)); err != nil {
			return err
		}
	}
	for _, d := range gs.Disbursements {
		b, err := k.addressCodec.StringToBytes(d.Beneficiary)
		if err != nil {
			return err
		}
		if err := k.Disbursements.Set(ctx, d.Id, d); err != nil {
			return err
		}
		if err := k.DisbursementsByCommitment.Set(ctx, collections.Join(d.CommitmentId, d.Id)); err != nil {
			return err
		}
		if err := k.DisbursementsByBeneficiary.Set(ctx, collections.Join(sdk.AccAddress(b), d.Id)); err != nil {
			return err
		}
	}
	for _, m := range gs.Movements {
		if err := k.Movements.Set(ctx, m.Id, m); err != nil {
			return err
		}
	}
	for _, s := range []struct {
		seq  collections.Sequence
		next uint64
	}{{k.LineSeq, gs.NextLineId}, {k.ReservationSeq, gs.NextReservationId}, {k.CommitmentSeq, gs.NextCommitmentId},
		{k.DisbursementSeq, gs.NextDisbursementId}, {k.MovementSeq, gs.NextMovementId}} {
		if err := s.seq.Set(ctx, s.next); err != nil {
			return err
		}
	}
	if err := k.CheckInvariants(ctx); err != nil {
		return errorsmod.Wrap(types.ErrInvalidGenesis, err.Error())
	}
	return nil
}

// ExportGenesis exports the whole state; InitGenesis of the result restores it.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.FiscalYears, err = common.Values(ctx, k.FiscalYears); err != nil {
		return nil, err
	}
	if gs.Lines, err = common.Values(ctx, k.Lines); err != nil {
		return nil, err
	}
	if gs.Reservations, err = common.Values(ctx, k.Reservations); err != nil {
		return nil, err
	}
	if gs.Commitments, err = common.Values(ctx, k.Commitments); err != nil {
		return nil, err
	}
	if gs.Disbursements, err = common.Values(ctx, k.Disbursements); err != nil {
		return nil, err
	}
	if gs.Movements, err = common.Values(ctx, k.Movements); err != nil {
		return nil, err
	}
	t, err := k.GetTotals(ctx)
	if err != nil {
		return nil, err
	}
	gs.Totals = &t
	for _, s := range []struct {
		seq collections.Sequence
		out *uint64
	}{{k.LineSeq, &gs.NextLineId}, {k.ReservationSeq, &gs.NextReservationId}, {k.CommitmentSeq, &gs.NextCommitmentId},
		{k.DisbursementSeq, &gs.NextDisbursementId}, {k.MovementSeq, &gs.NextMovementId}} {
		if *s.out, err = s.seq.Peek(ctx); err != nil {
			return nil, err
		}
	}
	return gs, nil
}
