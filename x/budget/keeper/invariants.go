package keeper

import (
	"context"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

// CheckInvariants verifies the identities of public finance (README,
// "Invariants"):
//
//	per line:  0 ≤ disbursed ≤ committed;  reserved + committed + lapsed ≤ appropriated;  all ≥ 0
//	per commitment: 0 ≤ disbursed ≤ amount
//	per line:  reserved = Σ its open reservations;  committed = Σ its commitments' amounts
//	escrow balance                = Σ over commitments (amount − disbursed)
//	                              = Σ over lines (committed − disbursed)
//	treasury + escrow balances    = funded − spent − disbursed (cumulative flows)
//	earmarked                     = Σ over lines (appropriated − committed − lapsed) ≤ treasury balance
//	Σ over lines of one (agency, year) = its execution totals
func (k Keeper) CheckInvariants(ctx context.Context) error {
	lineOpen, lineSum, earmarked := math.ZeroInt(), math.ZeroInt(), math.ZeroInt()
	exec := map[[2]uint64]types.Execution{}
	var order [][2]uint64
	err := k.Lines.Walk(ctx, nil, func(_ uint64, l types.Line) (bool, error) {
		if err := l.Check(); err != nil {
			return true, err
		}
		lineOpen = lineOpen.Add(l.Committed.Sub(l.Disbursed))
		earmarked = earmarked.Add(l.Earmarked())
		key := [2]uint64{l.AgencyId, uint64(l.FiscalYear)}
		e, ok := exec[key]
		if !ok {
			e = newExecution(l.AgencyId, l.FiscalYear)
			order = append(order, key)
		}
		e.Lines++
		e.Appropriated, e.Reserved, e.Committed = e.Appropriated.Add(l.Appropriated), e.Reserved.Add(l.Reserved), e.Committed.Add(l.Committed)
		e.Disbursed, e.Lapsed = e.Disbursed.Add(l.Disbursed), e.Lapsed.Add(l.Lapsed)
		exec[key] = e
		return false, nil
	})
	if err != nil {
		return err
	}
	reserved, committed := map[uint64]math.Int{}, map[uint64]math.Int{}
	add := func(m map[uint64]math.Int, id uint64, a math.Int) {
		if cur, ok := m[id]; ok {
			m[id] = cur.Add(a)
		} else {
			m[id] = a
		}
	}
	err = k.Commitments.Walk(ctx, nil, func(_ uint64, c types.Commitment) (bool, error) {
		if c.Disbursed.IsNegative() || c.Disbursed.GT(c.Amount) {
			return true, errorsmod.Wrapf(types.ErrInvariant, "commitment %d: disbursed %s not within 0..%s", c.Id, c.Disbursed, c.Amount)
		}
		lineSum = lineSum.Add(c.Amount.Sub(c.Disbursed))
		add(committed, c.LineId, c.Amount)
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Reservations.Walk(ctx, nil, func(_ uint64, r types.Reservation) (bool, error) {
		if r.Status == types.RESERVATION_STATUS_OPEN {
			add(reserved, r.LineId, r.Amount)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	err = k.Lines.Walk(ctx, nil, func(_ uint64, l types.Line) (bool, error) {
		r, c := math.ZeroInt(), math.ZeroInt()
		if v, ok := reserved[l.Id]; ok {
			r = v
		}
		if v, ok := committed[l.Id]; ok {
			c = v
		}
		if !r.Equal(l.Reserved) || !c.Equal(l.Committed) {
			return true, errorsmod.Wrapf(types.ErrInvariant, "line %d: reserved %s, committed %s; its open reservations hold %s, its commitments %s", l.Id, l.Reserved, l.Committed, r, c)
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	escrow := k.EscrowBalance(ctx)
	if !escrow.Equal(lineSum) || !escrow.Equal(lineOpen) {
		return errorsmod.Wrapf(types.ErrInvariant, "escrow holds %s; commitments owe %s; lines owe %s", escrow, lineSum, lineOpen)
	}
	t, err := k.GetTotals(ctx)
	if err != nil {
		return err
	}
	treasury := k.TreasuryBalance(ctx)
	if flows := t.Funded.Sub(t.Spent).Sub(t.Disbursed); !treasury.Add(escrow).Equal(flows) {
		return errorsmod.Wrapf(types.ErrInvariant, "treasury %s + escrow %s != funded %s − spent %s − disbursed %s", treasury, escrow, t.Funded, t.Spent, t.Disbursed)
	}
	if !t.Earmarked.Equal(earmarked) || earmarked.GT(treasury) {
		return errorsmod.Wrapf(types.ErrInvariant, "earmarked %s, lines hold %s, treasury %s", t.Earmarked, earmarked, treasury)
	}
	for _, key := range order {
		want := exec[key]
		got, err := k.GetExecution(ctx, key[0], uint32(key[1]))
		if err != nil {
			return err
		}
		if got.Lines != want.Lines || !got.Appropriated.Equal(want.Appropriated) || !got.Reserved.Equal(want.Reserved) ||
			!got.Committed.Equal(want.Committed) || !got.Disbursed.Equal(want.Disbursed) || !got.Lapsed.Equal(want.Lapsed) {
			return errorsmod.Wrapf(types.ErrInvariant, "execution of agency %d in %d: stored %v, lines give %v", key[0], key[1], got, want)
		}
	}
	return nil
}

// Invariants are the budget module's state invariants: CheckInvariants (the
// identities of public finance) and a valid export.
func (k Keeper) Invariants() []common.Invariant {
	return []common.Invariant{
		{Name: "public-finance", Check: k.CheckInvariants},
		common.GenesisInvariant(k.addressCodec, k.ExportGenesis),
	}
}

// RegisterInvariants registers Invariants.
func (k Keeper) RegisterInvariants(ir sdk.InvariantRegistry) {
	common.RegisterInvariants(ir, types.ModuleName, k.Invariants()...)
}
