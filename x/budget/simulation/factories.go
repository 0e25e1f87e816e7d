// Package simulation holds x/budget's simsx message factories: anyone funds
// the treasury; treasurers reserve, commit, disburse, pay, release, cancel
// and move appropriations between lines. Each factory builds a message that
// must succeed, or skips. Fiscal years and appropriations are governance's:
// the simulation's genesis world (testutil.SimAppStateFn) opens a year and
// appropriates lines to every agency through the module's own messages.
package simulation

import (
	"context"
	"strings"

	"cosmossdk.io/math"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"

	"github.com/civitas-chain/civitas/x/budget/keeper"
	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common/simhelp"
)

// usableLines are the lines of open fiscal years (started, not ended) with a
// treasurer the simulator can sign for.
func usableLines(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, keep func(types.Line) bool) []types.Line {
	now := simsx.BlockTime(ctx)
	return simhelp.Collect(ctx, k.Lines, func(_ uint64, l types.Line) bool {
		fy, err := k.FiscalYears.Get(ctx, l.FiscalYear)
		if err != nil || fy.Status != types.FISCAL_YEAR_STATUS_OPEN || now.Before(fy.StartTime) || !now.Before(fy.EndTime) {
			return false
		}
		return keep == nil || keep(l)
	})
}

// treasurer picks a treasurer of the line the simulator can sign for.
func treasurer(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, lineID uint64) (simsx.SimAccount, bool) {
	return simhelp.AccountWhere(testData, reporter, "no treasurer", func(addr string) bool { return k.IsTreasurerOf(ctx, lineID, addr) })
}

// lineWithRoom picks a usable line with room and one of its treasurers.
func lineWithRoom(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) (types.Line, simsx.SimAccount, bool) {
	l, ok := simhelp.Pick(testData, reporter, usableLines(ctx, k, testData, func(l types.Line) bool { return l.Room().IsPositive() }), "no line with room")
	if !ok {
		return l, simsx.SimAccount{}, false
	}
	t, ok := treasurer(ctx, k, testData, reporter, l.Id)
	return l, t, ok
}

// upTo is a random amount from 1 to max (max > 0).
func upTo(testData *simsx.ChainDataSource, max math.Int) math.Int {
	if !max.IsPositive() {
		return math.ZeroInt()
	}
	if max.IsInt64() {
		return math.NewInt(1 + testData.Rand().Int63n(max.Int64()))
	}
	return max
}

// byTreasurer: made by an account (a treasurer), not by a module.
func byTreasurer(by string) bool { return !strings.HasPrefix(by, "module:") }

// MsgFundTreasuryFactory: an account moves part of its liquid ucivis to the treasury.
func MsgFundTreasuryFactory() simsx.SimMsgFactoryFn[*types.MsgFundTreasury] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgFundTreasury) {
		funder := testData.AnyAccount(reporter, simsx.WithDenomBalance(types.Denom))
		if reporter.IsSkipped() {
			return nil, nil
		}
		coin := funder.LiquidBalance().RandSubsetCoin(reporter, types.Denom)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{funder}, &types.MsgFundTreasury{Funder: funder.AddressBech32, Amount: coin}
	}
}

// MsgReserveFactory: a treasurer reserves part of a line's room.
func MsgReserveFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgReserve] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgReserve) {
		l, t, ok := lineWithRoom(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgReserve{Treasurer: t.AddressBech32, LineId: l.Id, Amount: upTo(testData, l.Room()), Purpose: simhelp.Text(testData, "tender", 30)}
	}
}

// MsgReleaseReservationFactory: a treasurer releases an open reservation a treasurer made.
func MsgReleaseReservationFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgReleaseReservation] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgReleaseReservation) {
		rs := openReservations(ctx, k, testData)
		res, ok := simhelp.Pick(testData, reporter, rs, "no open reservation")
		if !ok {
			return nil, nil
		}
		t, ok := treasurer(ctx, k, testData, reporter, res.LineId)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgReleaseReservation{Treasurer: t.AddressBech32, ReservationId: res.Id, Reason: simhelp.Text(testData, "not needed", 30)}
	}
}

// openReservations are the OPEN reservations treasurers made on usable lines.
func openReservations(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource) []types.Reservation {
	lines := map[uint64]bool{}
	for _, l := range usableLines(ctx, k, testData, nil) {
		lines[l.Id] = true
	}
	return simhelp.Collect(ctx, k.Reservations, func(_ uint64, r types.Reservation) bool {
		return r.Status == types.RESERVATION_STATUS_OPEN && byTreasurer(r.By) && lines[r.LineId]
	})
}

// MsgCommitFactory: a treasurer commits to a beneficiary, from an open
// reservation or directly from a line's room.
func MsgCommitFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCommit] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCommit) {
		msg := &types.MsgCommit{Purpose: simhelp.Text(testData, "contract", 30)}
		if rs := openReservations(ctx, k, testData); len(rs) > 0 && testData.Rand().Intn(2) == 0 {
			res, _ := simhelp.Pick(testData, reporter, rs, "")
			msg.LineId, msg.ReservationId, msg.Amount = res.LineId, res.Id, upTo(testData, res.Amount)
		} else {
			l, ok := simhelp.Pick(testData, reporter, usableLines(ctx, k, testData, func(l types.Line) bool { return l.Room().IsPositive() }), "no line with room")
			if !ok {
				return nil, nil
			}
			msg.LineId, msg.Amount = l.Id, upTo(testData, l.Room())
		}
		t, ok := treasurer(ctx, k, testData, reporter, msg.LineId)
		if !ok {
			return nil, nil
		}
		beneficiary := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		msg.Treasurer, msg.Beneficiary = t.AddressBech32, beneficiary.AddressBech32
		return []simsx.SimAccount{t}, msg
	}
}

// payable are the OPEN commitments a treasurer may pay or cancel, on usable lines.
func payable(ctx context.Context, k keeper.Keeper, testData *simsx.ChainDataSource) []types.Commitment {
	lines := map[uint64]bool{}
	for _, l := range usableLines(ctx, k, testData, nil) {
		lines[l.Id] = true
	}
	return simhelp.Collect(ctx, k.Commitments, func(_ uint64, c types.Commitment) bool {
		return c.Status == types.COMMITMENT_STATUS_OPEN && byTreasurer(c.By) && lines[c.LineId] && c.Amount.GT(c.Disbursed)
	})
}

// MsgDisburseFactory: a treasurer pays part or all of what is left of a commitment.
func MsgDisburseFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgDisburse] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgDisburse) {
		c, ok := simhelp.Pick(testData, reporter, payable(ctx, k, testData), "no commitment to pay")
		if !ok {
			return nil, nil
		}
		t, ok := treasurer(ctx, k, testData, reporter, c.LineId)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgDisburse{Treasurer: t.AddressBech32, CommitmentId: c.Id,
			Amount: upTo(testData, c.Amount.Sub(c.Disbursed)), Reference: simhelp.Text(testData, "invoice", 20)}
	}
}

// MsgCancelCommitmentFactory: a treasurer cancels an open commitment.
func MsgCancelCommitmentFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgCancelCommitment] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgCancelCommitment) {
		c, ok := simhelp.Pick(testData, reporter, payable(ctx, k, testData), "no commitment to cancel")
		if !ok {
			return nil, nil
		}
		t, ok := treasurer(ctx, k, testData, reporter, c.LineId)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgCancelCommitment{Treasurer: t.AddressBech32, CommitmentId: c.Id, Reason: simhelp.Text(testData, "withdrawn", 20)}
	}
}

// MsgPayFactory: a treasurer pays a beneficiary directly from a line's room.
func MsgPayFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgPay] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgPay) {
		l, t, ok := lineWithRoom(ctx, k, testData, reporter)
		if !ok {
			return nil, nil
		}
		beneficiary := testData.AnyAccount(reporter)
		if reporter.IsSkipped() {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgPay{Treasurer: t.AddressBech32, LineId: l.Id, Amount: upTo(testData, l.Room()),
			Beneficiary: beneficiary.AddressBech32, Purpose: simhelp.Text(testData, "grant", 20), Reference: simhelp.Text(testData, "ref", 10)}
	}
}

// MsgVirementFactory: a treasurer moves appropriation between two lines of
// its agency and year, within its share of the source's original amount.
func MsgVirementFactory(k keeper.Keeper) simsx.SimMsgFactoryFn[*types.MsgVirement] {
	return func(ctx context.Context, testData *simsx.ChainDataSource, reporter simsx.SimulationReporter) ([]simsx.SimAccount, *types.MsgVirement) {
		params, err := k.Params.Get(ctx)
		if err != nil {
			reporter.Skip(err.Error())
			return nil, nil
		}
		share := func(l types.Line) math.Int {
			left := l.Original.MulRaw(int64(params.TreasurerVirementBps)).QuoRaw(types.BasisPoints).Sub(l.TreasurerVirementsOut)
			return math.MinInt(left, l.Room())
		}
		lines := usableLines(ctx, k, testData, nil)
		from, ok := simhelp.Pick(testData, reporter, filter(lines, func(l types.Line) bool { return share(l).IsPositive() }), "no line to move from")
		if !ok {
			return nil, nil
		}
		to, ok := simhelp.Pick(testData, reporter, filter(lines, func(l types.Line) bool {
			return l.Id != from.Id && l.AgencyId == from.AgencyId && l.FiscalYear == from.FiscalYear
		}), "no line to move to")
		if !ok {
			return nil, nil
		}
		t, ok := treasurer(ctx, k, testData, reporter, from.Id)
		if !ok {
			return nil, nil
		}
		return []simsx.SimAccount{t}, &types.MsgVirement{Signer: t.AddressBech32, FromLineId: from.Id, ToLineId: to.Id,
			Amount: upTo(testData, share(from)), Reason: simhelp.Text(testData, "priorities", 20)}
	}
}

func filter[T any](in []T, keep func(T) bool) []T {
	var out []T
	for _, v := range in {
		if keep(v) {
			out = append(out, v)
		}
	}
	return out
}

// Register adds the factories with their default weights.
func Register(k keeper.Keeper, weights simsx.WeightSource, reg simsx.Registry) {
	reg.Add(weights.Get("budget_fund_treasury", 20), MsgFundTreasuryFactory())
	reg.Add(weights.Get("budget_reserve", 30), MsgReserveFactory(k))
	reg.Add(weights.Get("budget_release_reservation", 10), MsgReleaseReservationFactory(k))
	reg.Add(weights.Get("budget_commit", 30), MsgCommitFactory(k))
	reg.Add(weights.Get("budget_disburse", 40), MsgDisburseFactory(k))
	reg.Add(weights.Get("budget_cancel_commitment", 5), MsgCancelCommitmentFactory(k))
	reg.Add(weights.Get("budget_pay", 20), MsgPayFactory(k))
	reg.Add(weights.Get("budget_virement", 10), MsgVirementFactory(k))
}
