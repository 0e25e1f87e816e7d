package keeper

import (
	"context"
	"errors"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	authtypes "github.com/cosmos/cosmos-sdk/x/auth/types"

	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

// Every change of a line goes through saveLine, every movement of money
// through move: they keep the execution totals, the earmarked total and the
// treasury's cumulative flows that the invariants check.

func zeroTotals() types.TreasuryTotals {
	return types.TreasuryTotals{Funded: math.ZeroInt(), Spent: math.ZeroInt(), Disbursed: math.ZeroInt(), Earmarked: math.ZeroInt()}
}

// GetTotals returns the treasury's cumulative flows.
func (k Keeper) GetTotals(ctx context.Context) (types.TreasuryTotals, error) {
	t, err := k.Totals.Get(ctx)
	if errors.Is(err, collections.ErrNotFound) {
		return zeroTotals(), nil
	}
	return t, err
}

func newExecution(agency uint64, fy uint32) types.Execution {
	z := math.ZeroInt()
	return types.Execution{AgencyId: agency, FiscalYear: fy, Appropriated: z, Reserved: z, Committed: z, Disbursed: z, Lapsed: z}
}

// GetExecution returns the running totals of an agency in a fiscal year.
func (k Keeper) GetExecution(ctx context.Context, agency uint64, fy uint32) (types.Execution, error) {
	e, err := k.Executions.Get(ctx, collections.Join(agency, fy))
	if errors.Is(err, collections.ErrNotFound) {
		return newExecution(agency, fy), nil
	}
	return e, err
}

// saveLine stores a line (old is nil for a new one) after checking its
// identities, and moves the execution and earmarked totals by the change.
func (k Keeper) saveLine(ctx context.Context, old *types.Line, l types.Line) error {
	if err := l.Check(); err != nil {
		return err
	}
	zero := types.Line{Original: math.ZeroInt(), Appropriated: math.ZeroInt(), Reserved: math.ZeroInt(), Committed: math.ZeroInt(),
		Disbursed: math.ZeroInt(), Lapsed: math.ZeroInt(), TreasurerVirementsOut: math.ZeroInt()}
	if old == nil {
		old = &zero
		if err := k.LinesByAgency.Set(ctx, collections.Join3(l.AgencyId, l.FiscalYear, l.Id)); err != nil {
			return err
		}
		if err := k.LinesByFiscalYear.Set(ctx, collections.Join(l.FiscalYear, l.Id)); err != nil {
			return err
		}
	}
	ex, err := k.GetExecution(ctx, l.AgencyId, l.FiscalYear)
	if err != nil {
		return err
	}
	if old == &zero {
		ex.Lines++
	}
	ex.Appropriated = ex.Appropriated.Add(l.Appropriated.Sub(old.Appropriated))
	ex.Reserved = ex.Reserved.Add(l.Reserved.Sub(old.Reserved))
	ex.Committed = ex.Committed.Add(l.Committed.Sub(old.Committed))
	ex.Disbursed = ex.Disbursed.Add(l.Disbursed.Sub(old.Disbursed))
	ex.Lapsed = ex.Lapsed.Add(l.Lapsed.Sub(old.Lapsed))
	if err := k.Executions.Set(ctx, collections.Join(l.AgencyId, l.FiscalYear), ex); err != nil {
		return err
	}
	if d := l.Earmarked().Sub(old.Earmarked()); !d.IsZero() {
		t, err := k.GetTotals(ctx)
		if err != nil {
			return err
		}
		t.Earmarked = t.Earmarked.Add(d)
		if err := k.Totals.Set(ctx, t); err != nil {
			return err
		}
	}
	return k.Lines.Set(ctx, l.Id, l)
}

func coins(a math.Int) sdk.Coins { return sdk.NewCoins(sdk.NewCoin(types.Denom, a)) }

// move performs a movement of money, records it and keeps the flows.
func (k Keeper) move(ctx context.Context, kind types.MovementKind, amount math.Int, counterparty sdk.AccAddress, ref string) error {
	var err error
	switch kind {
	case types.MOVEMENT_KIND_FUND:
		if counterparty == nil {
			break // FundFromModule moved it already
		}
		err = k.bank.SendCoinsFromAccountToModule(ctx, counterparty, types.TreasuryAccount, coins(amount))
	case types.MOVEMENT_KIND_SPEND:
		err = k.bank.SendCoinsFromModuleToAccount(ctx, types.TreasuryAccount, counterparty, coins(amount))
	case types.MOVEMENT_KIND_COMMIT:
		err = k.bank.SendCoinsFromModuleToModule(ctx, types.TreasuryAccount, types.EscrowAccount, coins(amount))
	case types.MOVEMENT_KIND_CANCEL:
		err = k.bank.SendCoinsFromModuleToModule(ctx, types.EscrowAccount, types.TreasuryAccount, coins(amount))
	case types.MOVEMENT_KIND_DISBURSE:
		err = k.bank.SendCoinsFromModuleToAccount(ctx, types.EscrowAccount, counterparty, coins(amount))
	}
	if err != nil {
		return err
	}
	t, err := k.GetTotals(ctx)
	if err != nil {
		return err
	}
	switch kind {
	case types.MOVEMENT_KIND_FUND:
		t.Funded = t.Funded.Add(amount)
	case types.MOVEMENT_KIND_SPEND:
		t.Spent = t.Spent.Add(amount)
	case types.MOVEMENT_KIND_DISBURSE:
		t.Disbursed = t.Disbursed.Add(amount)
	}
	if err := k.Totals.Set(ctx, t); err != nil {
		return err
	}
	id, err := k.MovementSeq.Next(ctx)
	if err != nil {
		return err
	}
	cp := ""
	if counterparty != nil {
		cp = k.addrString(counterparty)
	}
	return k.Movements.Set(ctx, id, types.Movement{Id: id, Kind: kind, Amount: amount, Counterparty: cp, Ref: ref,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight()})
}

func (k Keeper) addrString(a sdk.AccAddress) string {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return a.String()
	}
	return s
}

// TreasuryBalance is what the treasury account holds.
func (k Keeper) TreasuryBalance(ctx context.Context) math.Int {
	return k.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.TreasuryAccount), types.Denom).Amount
}

// EscrowBalance is what the escrow account holds.
func (k Keeper) EscrowBalance(ctx context.Context) math.Int {
	return k.bank.GetBalance(ctx, authtypes.NewModuleAddress(types.EscrowAccount), types.Denom).Amount
}

// Unearmarked is what governance may still appropriate or spend: the
// treasury's balance less what it holds for lines.
func (k Keeper) Unearmarked(ctx context.Context) (math.Int, error) {
	t, err := k.GetTotals(ctx)
	if err != nil {
		return math.Int{}, err
	}
	return k.TreasuryBalance(ctx).Sub(t.Earmarked), nil
}

// GetLine returns a line or ErrLineNotFound.
func (k Keeper) GetLine(ctx context.Context, id uint64) (types.Line, error) {
	l, err := k.Lines.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return l, errorsmod.Wrapf(types.ErrLineNotFound, "line %d", id)
	}
	return l, err
}

// openLine returns a line whose fiscal year is OPEN (new money may be
// reserved, committed or moved on it).
func (k Keeper) openLine(ctx context.Context, id uint64) (types.Line, error) {
	l, err := k.GetLine(ctx, id)
	if err != nil {
		return l, err
	}
	fy, err := k.FiscalYears.Get(ctx, l.FiscalYear)
	if err != nil {
		return l, err
	}
	if fy.Status != types.FISCAL_YEAR_STATUS_OPEN || !sdk.UnwrapSDKContext(ctx).BlockTime().Before(fy.EndTime) {
		return l, errorsmod.Wrapf(types.ErrFiscalYearClosed, "line %d belongs to fiscal year %d, which is %s", id, l.FiscalYear, fy.Status)
	}
	return l, nil
}

// checkStarted refuses spending before the fiscal year's start (a
// reservation may be made earlier: a tender or an election prepared for
// the coming year).
func (k Keeper) checkStarted(ctx context.Context, year uint32) error {
	fy, err := k.FiscalYears.Get(ctx, year)
	if err != nil {
		return err
	}
	if now := sdk.UnwrapSDKContext(ctx).BlockTime(); now.Before(fy.StartTime) {
		return errorsmod.Wrapf(types.ErrFiscalYearClosed, "fiscal year %d starts at %s: nothing is committed before", year, fy.StartTime.Format("2006-01-02T15:04:05Z"))
	}
	return nil
}

// giveBack returns an amount that left a line's reservations or
// commitments: to the line's room, or, if the line already lapsed, to the
// lapsed amount (the fiscal year is over).
func giveBack(l *types.Line, amount math.Int) {
	if l.Closed {
		l.Lapsed = l.Lapsed.Add(amount)
	}
}

// FundFromModule moves amount from another module's account into the
// treasury, as funding (e.g. a forfeited bid bond), recorded with ref.
func (k Keeper) FundFromModule(ctx context.Context, module string, amount math.Int, ref string) error {
	if err := types.ValidatePositive("amount", amount); err != nil {
		return err
	}
	if err := k.bank.SendCoinsFromModuleToModule(ctx, module, types.TreasuryAccount, coins(amount)); err != nil {
		return err
	}
	if err := k.move(ctx, types.MOVEMENT_KIND_FUND, amount, nil, "module:"+module+": "+ref); err != nil {
		return err
	}
	return common.EmitEvent(ctx, &types.EventTreasuryFunded{Funder: "module:" + module, Amount: amount})
}

// ---- Keeper API (x/procurement and x/voting use these; they validate
// everything before writing and never panic) ----

// Reserve holds amount on a line for a purpose; by names the caller
// (an address or "module:<name>").
func (k Keeper) Reserve(ctx context.Context, lineID uint64, amount math.Int, purpose, by string) (uint64, error) {
	if err := types.ValidatePositive("amount", amount); err != nil {
		return 0, err
	}
	l, err := k.openLine(ctx, lineID)
	if err != nil {
		return 0, err
	}
	if amount.GT(l.Room()) {
		return 0, errorsmod.Wrapf(types.ErrOverLine, "line %d has %s left, %s asked", lineID, l.Room(), amount)
	}
	old := l
	l.Reserved = l.Reserved.Add(amount)
	id, err := k.ReservationSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	if err := k.saveLine(ctx, &old, l); err != nil {
		return 0, err
	}
	r := types.Reservation{Id: id, LineId: lineID, Amount: amount, Purpose: purpose, By: by, Status: types.RESERVATION_STATUS_OPEN,
		Height: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	if err := k.Reservations.Set(ctx, id, r); err != nil {
		return 0, err
	}
	if err := k.ReservationsByLine.Set(ctx, collections.Join(lineID, id)); err != nil {
		return 0, err
	}
	return id, common.EmitEvent(ctx, &types.EventReserved{ReservationId: id, LineId: lineID, Amount: amount, Purpose: purpose, By: by})
}

// GetReservation returns a reservation or ErrNotFound.
func (k Keeper) GetReservation(ctx context.Context, id uint64) (types.Reservation, error) {
	r, err := k.Reservations.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return r, errorsmod.Wrapf(types.ErrNotFound, "reservation %d", id)
	}
	return r, err
}

// ReleaseReservation gives an open reservation back to its line (lapsed if
// the line's fiscal year closed).
func (k Keeper) ReleaseReservation(ctx context.Context, id uint64, reason, by string) error {
	r, err := k.GetReservation(ctx, id)
	if err != nil {
		return err
	}
	if r.Status != types.RESERVATION_STATUS_OPEN {
		return errorsmod.Wrapf(types.ErrWrongStatus, "reservation %d is %s", id, r.Status)
	}
	l, err := k.GetLine(ctx, r.LineId)
	if err != nil {
		return err
	}
	old := l
	l.Reserved = l.Reserved.Sub(r.Amount)
	giveBack(&l, r.Amount)
	if err := k.saveLine(ctx, &old, l); err != nil {
		return err
	}
	r.Status, r.Reason = types.RESERVATION_STATUS_RELEASED, reason
	if err := k.Reservations.Set(ctx, id, r); err != nil {
		return err
	}
	if err := common.EmitEvent(ctx, &types.EventReservationReleased{ReservationId: id, LineId: r.LineId, Amount: r.Amount, Reason: reason, By: by}); err != nil {
		return err
	}
	return k.emitLapse(ctx, old, l)
}

// CheckCommit reports (nil, or the error Commit would give) whether a
// commitment can be made now from an open reservation of the line: the
// reservation is open on the line and the line's fiscal year has started.
func (k Keeper) CheckCommit(ctx context.Context, lineID, reservationID uint64) error {
	r, err := k.GetReservation(ctx, reservationID)
	if err != nil {
		return err
	}
	if r.LineId != lineID || r.Status != types.RESERVATION_STATUS_OPEN {
		return errorsmod.Wrapf(types.ErrWrongStatus, "reservation %d is %s on line %d, not open on line %d", reservationID, r.Status, r.LineId, lineID)
	}
	l, err := k.GetLine(ctx, lineID)
	if err != nil {
		return err
	}
	return k.checkStarted(ctx, l.FiscalYear)
}

// Commit commits amount on a line to a beneficiary and moves it into
// escrow. With reservationID, it turns that open reservation of the line
// into the commitment (amount at most the reservation; the rest goes back
// to the line, or lapses if the fiscal year closed); without, the line's
// fiscal year must be open and amount at most what is left on it.
func (k Keeper) Commit(ctx context.Context, lineID, reservationID uint64, amount math.Int, beneficiary sdk.AccAddress, purpose, by string) (uint64, error) {
	if err := types.ValidatePositive("amount", amount); err != nil {
		return 0, err
	}
	if err := k.checkBeneficiary(beneficiary); err != nil {
		return 0, err
	}
	var (
		l   types.Line
		r   types.Reservation
		err error
	)
	if reservationID != 0 {
		if r, err = k.GetReservation(ctx, reservationID); err != nil {
			return 0, err
		}
		if r.LineId != lineID || r.Status != types.RESERVATION_STATUS_OPEN {
			return 0, errorsmod.Wrapf(types.ErrWrongStatus, "reservation %d is %s on line %d, not open on line %d", reservationID, r.Status, r.LineId, lineID)
		}
		if amount.GT(r.Amount) {
			return 0, errorsmod.Wrapf(types.ErrOverLine, "reservation %d holds %s, %s asked", reservationID, r.Amount, amount)
		}
		if l, err = k.GetLine(ctx, lineID); err != nil {
			return 0, err
		}
		// A reservation may be made ahead of its year; its commitment waits for the year.
		if err := k.checkStarted(ctx, l.FiscalYear); err != nil {
			return 0, err
		}
	} else {
		if l, err = k.openLine(ctx, lineID); err != nil {
			return 0, err
		}
		if err := k.checkStarted(ctx, l.FiscalYear); err != nil {
			return 0, err
		}
		if amount.GT(l.Room()) {
			return 0, errorsmod.Wrapf(types.ErrOverLine, "line %d has %s left, %s asked", lineID, l.Room(), amount)
		}
	}
	old := l
	if reservationID != 0 {
		l.Reserved = l.Reserved.Sub(r.Amount)
		giveBack(&l, r.Amount.Sub(amount))
	}
	l.Committed = l.Committed.Add(amount)
	if err := k.saveLine(ctx, &old, l); err != nil {
		return 0, err
	}
	id, err := k.newCommitment(ctx, lineID, reservationID, amount, beneficiary, purpose, by)
	if err != nil {
		return 0, err
	}
	if reservationID != 0 {
		r.Status, r.CommitmentId = types.RESERVATION_STATUS_COMMITTED, id
		if err := k.Reservations.Set(ctx, reservationID, r); err != nil {
			return 0, err
		}
	}
	return id, k.emitLapse(ctx, old, l)
}

// newCommitment records a commitment and moves its amount into escrow; the
// caller has already counted it on the line.
func (k Keeper) newCommitment(ctx context.Context, lineID, reservationID uint64, amount math.Int, beneficiary sdk.AccAddress, purpose, by string) (uint64, error) {
	id, err := k.CommitmentSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	bech := k.addrString(beneficiary)
	c := types.Commitment{Id: id, LineId: lineID, Amount: amount, Disbursed: math.ZeroInt(), Beneficiary: bech, Purpose: purpose, By: by,
		Status: types.COMMITMENT_STATUS_OPEN, ReservationId: reservationID, Height: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	if err := k.Commitments.Set(ctx, id, c); err != nil {
		return 0, err
	}
	if err := k.CommitmentsByLine.Set(ctx, collections.Join(lineID, id)); err != nil {
		return 0, err
	}
	if err := k.move(ctx, types.MOVEMENT_KIND_COMMIT, amount, nil, "commitment "+uintStr(id)); err != nil {
		return 0, err
	}
	return id, common.EmitEvent(ctx, &types.EventCommitted{CommitmentId: id, LineId: lineID, Amount: amount, Beneficiary: bech,
		Purpose: purpose, ReservationId: reservationID, By: by})
}

// checkBeneficiary refuses an empty address and one x/bank would refuse
// to pay (a module account): its commitment could never be disbursed.
func (k Keeper) checkBeneficiary(b sdk.AccAddress) error {
	if len(b) == 0 {
		return errorsmod.Wrap(types.ErrInvalidAddress, "a beneficiary is required")
	}
	if k.bank.BlockedAddr(b) {
		return errorsmod.Wrapf(types.ErrInvalidAddress, "beneficiary %s is a module account that cannot receive payments", k.addrString(b))
	}
	return nil
}

// GetCommitment returns a commitment or ErrNotFound.
func (k Keeper) GetCommitment(ctx context.Context, id uint64) (types.Commitment, error) {
	c, err := k.Commitments.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return c, errorsmod.Wrapf(types.ErrNotFound, "commitment %d", id)
	}
	return c, err
}

// Disburse pays amount of an open commitment from escrow to its
// beneficiary. Commitments stay payable after their fiscal year closes.
func (k Keeper) Disburse(ctx context.Context, commitmentID uint64, amount math.Int, reference, by string) (uint64, error) {
	if err := types.ValidatePositive("amount", amount); err != nil {
		return 0, err
	}
	c, err := k.GetCommitment(ctx, commitmentID)
	if err != nil {
		return 0, err
	}
	if c.Status != types.COMMITMENT_STATUS_OPEN {
		return 0, errorsmod.Wrapf(types.ErrWrongStatus, "commitment %d is %s", commitmentID, c.Status)
	}
	if left := c.Amount.Sub(c.Disbursed); amount.GT(left) {
		return 0, errorsmod.Wrapf(types.ErrOverCommitment, "commitment %d has %s left to pay, %s asked", commitmentID, left, amount)
	}
	l, err := k.GetLine(ctx, c.LineId)
	if err != nil {
		return 0, err
	}
	beneficiary, err := k.addressCodec.StringToBytes(c.Beneficiary)
	if err != nil {
		return 0, err
	}
	old := l
	l.Disbursed = l.Disbursed.Add(amount)
	if err := k.saveLine(ctx, &old, l); err != nil {
		return 0, err
	}
	c.Disbursed = c.Disbursed.Add(amount)
	if c.Disbursed.Equal(c.Amount) {
		c.Status = types.COMMITMENT_STATUS_PAID
	}
	if err := k.Commitments.Set(ctx, commitmentID, c); err != nil {
		return 0, err
	}
	id, err := k.DisbursementSeq.Next(ctx)
	if err != nil {
		return 0, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	d := types.Disbursement{Id: id, CommitmentId: commitmentID, LineId: c.LineId, Beneficiary: c.Beneficiary, Amount: amount,
		Reference: reference, By: by, Height: sdkCtx.BlockHeight(), Time: sdkCtx.BlockTime()}
	if err := k.Disbursements.Set(ctx, id, d); err != nil {
		return 0, err
	}
	if err := k.DisbursementsByCommitment.Set(ctx, collections.Join(commitmentID, id)); err != nil {
		return 0, err
	}
	if err := k.DisbursementsByBeneficiary.Set(ctx, collections.Join(sdk.AccAddress(beneficiary), id)); err != nil {
		return 0, err
	}
	if err := k.move(ctx, types.MOVEMENT_KIND_DISBURSE, amount, beneficiary, "disbursement "+uintStr(id)); err != nil {
		return 0, err
	}
	return id, common.EmitEvent(ctx, &types.EventDisbursed{DisbursementId: id, CommitmentId: commitmentID, LineId: c.LineId,
		Beneficiary: c.Beneficiary, Amount: amount, Reference: reference, By: by})
}

// CancelCommitment cancels an open commitment: its undisbursed rest leaves
// escrow for the treasury and goes back to the line (lapsed if the line's
// fiscal year closed).
func (k Keeper) CancelCommitment(ctx context.Context, commitmentID uint64, reason, by string) error {
	c, err := k.GetCommitment(ctx, commitmentID)
	if err != nil {
		return err
	}
	if c.Status != types.COMMITMENT_STATUS_OPEN {
		return errorsmod.Wrapf(types.ErrWrongStatus, "commitment %d is %s", commitmentID, c.Status)
	}
	l, err := k.GetLine(ctx, c.LineId)
	if err != nil {
		return err
	}
	rest := c.Amount.Sub(c.Disbursed)
	old := l
	l.Committed = l.Committed.Sub(rest)
	giveBack(&l, rest)
	if err := k.saveLine(ctx, &old, l); err != nil {
		return err
	}
	c.Amount, c.Status, c.Reason = c.Disbursed, types.COMMITMENT_STATUS_CANCELLED, reason
	if err := k.Commitments.Set(ctx, commitmentID, c); err != nil {
		return err
	}
	if rest.IsPositive() {
		if err := k.move(ctx, types.MOVEMENT_KIND_CANCEL, rest, nil, "commitment "+uintStr(commitmentID)); err != nil {
			return err
		}
	}
	if err := common.EmitEvent(ctx, &types.EventCommitmentCancelled{CommitmentId: commitmentID, LineId: c.LineId, Returned: rest, Reason: reason, By: by}); err != nil {
		return err
	}
	return k.emitLapse(ctx, old, l)
}

// emitLapse emits EventLapsed when a change made a line lapse more.
func (k Keeper) emitLapse(ctx context.Context, old, l types.Line) error {
	if d := l.Lapsed.Sub(old.Lapsed); d.IsPositive() {
		return common.EmitEvent(ctx, &types.EventLapsed{LineId: l.Id, FiscalYear: l.FiscalYear, Amount: d})
	}
	return nil
}

func uintStr(u uint64) string { return math.NewIntFromUint64(u).String() }

// DisbursementsOf returns a commitment's disbursements, oldest first.
func (k Keeper) DisbursementsOf(ctx context.Context, commitmentID uint64) ([]types.Disbursement, error) {
	var out []types.Disbursement
	err := k.DisbursementsByCommitment.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint64](commitmentID),
		func(key collections.Pair[uint64, uint64]) (bool, error) {
			d, err := k.Disbursements.Get(ctx, key.K2())
			if err != nil {
				return true, err
			}
			out = append(out, d)
			return false, nil
		})
	return out, err
}
