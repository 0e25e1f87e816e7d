package keeper

import (
	"context"
	"fmt"

	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/budget/types"
)

// The keeper API of participatory budgets, called by x/voting (which never
// touches this module's store, nor this module x/voting's).

// VotingCaller names x/voting in the records it creates.
const VotingCaller = "module:voting"

// ReserveForElection marks a line of the election's agency as the line of a
// participatory-budget election and reserves the envelope on it. It fails
// if the line is another agency's, its fiscal year is not open, it already
// funds an election, or the envelope exceeds what is left on it.
func (k Keeper) ReserveForElection(ctx context.Context, agencyID, lineID, electionID uint64, envelope math.Int) error {
	l, err := k.openLine(ctx, lineID)
	if err != nil {
		return err
	}
	if l.AgencyId != agencyID {
		return errorsmod.Wrapf(types.ErrInvalidLine, "line %d belongs to agency %d, the election to agency %d", lineID, l.AgencyId, agencyID)
	}
	if l.ParticipatoryElectionId != 0 {
		return errorsmod.Wrapf(types.ErrWrongStatus, "line %d already funds election %d", lineID, l.ParticipatoryElectionId)
	}
	rid, err := k.Reserve(ctx, lineID, envelope, fmt.Sprintf("participatory budget: election %d", electionID), VotingCaller)
	if err != nil {
		return err
	}
	if l, err = k.GetLine(ctx, lineID); err != nil {
		return err
	}
	old := l
	l.ParticipatoryElectionId, l.ParticipatoryReservationId = electionID, rid
	return k.saveLine(ctx, &old, l)
}

// electionReservation returns the line and the open reservation of an election.
func (k Keeper) electionReservation(ctx context.Context, electionID, lineID uint64) (types.Line, types.Reservation, error) {
	l, err := k.GetLine(ctx, lineID)
	if err != nil {
		return l, types.Reservation{}, err
	}
	if l.ParticipatoryElectionId != electionID {
		return l, types.Reservation{}, errorsmod.Wrapf(types.ErrWrongStatus, "line %d does not fund election %d", lineID, electionID)
	}
	r, err := k.GetReservation(ctx, l.ParticipatoryReservationId)
	if err != nil {
		return l, r, err
	}
	if r.LineId != lineID || r.By != VotingCaller {
		return l, r, errorsmod.Wrapf(types.ErrInvalidLine, "line %d's participatory reservation %d is not the election's", lineID, r.Id)
	}
	if r.Status != types.RESERVATION_STATUS_OPEN {
		return l, r, errorsmod.Wrapf(types.ErrWrongStatus, "the reservation of election %d on line %d is %s", electionID, lineID, r.Status)
	}
	return l, r, nil
}

// FundElection commits each winning project of a final election on its
// line, from the election's reservation: the project as purpose, its
// beneficiary as recipient. What the winners leave of the envelope goes
// back to the line (or lapses if the fiscal year closed). It returns the
// commitment ids in the projects' order.
func (k Keeper) FundElection(ctx context.Context, electionID, lineID uint64, projects []types.Project) ([]uint64, error) {
	l, r, err := k.electionReservation(ctx, electionID, lineID)
	if err != nil {
		return nil, err
	}
	total := math.ZeroInt()
	for i, p := range projects {
		if err := types.ValidatePositive(fmt.Sprintf("projects[%d].amount", i), p.Amount); err != nil {
			return nil, err
		}
		if err := k.checkBeneficiary(p.Beneficiary); err != nil {
			return nil, errorsmod.Wrapf(err, "projects[%d]", i)
		}
		total = total.Add(p.Amount)
	}
	if len(projects) == 0 {
		return nil, k.ReleaseReservation(ctx, r.Id, fmt.Sprintf("election %d funded no project", electionID), VotingCaller)
	}
	if total.GT(r.Amount) {
		return nil, errorsmod.Wrapf(types.ErrOverLine, "the winners cost %s, the envelope reserved %s", total, r.Amount)
	}
	old := l
	l.Reserved = l.Reserved.Sub(r.Amount)
	giveBack(&l, r.Amount.Sub(total))
	l.Committed = l.Committed.Add(total)
	if err := k.saveLine(ctx, &old, l); err != nil {
		return nil, err
	}
	ids := make([]uint64, len(projects))
	for i, p := range projects {
		if ids[i], err = k.newCommitment(ctx, lineID, r.Id, p.Amount, p.Beneficiary, p.Purpose, VotingCaller); err != nil {
			return nil, err
		}
	}
	r.Status, r.CommitmentId = types.RESERVATION_STATUS_COMMITTED, ids[0]
	r.Reason = fmt.Sprintf("funded %d winning projects of election %d", len(ids), electionID)
	if err := k.Reservations.Set(ctx, r.Id, r); err != nil {
		return nil, err
	}
	return ids, k.emitLapse(ctx, old, l)
}

// ReleaseForElection releases the reservation of an election that was
// cancelled, and frees the line for another election. A reservation that
// is no longer open (governance released it) is left as it is.
func (k Keeper) ReleaseForElection(ctx context.Context, electionID, lineID uint64, reason string) error {
	l, err := k.GetLine(ctx, lineID)
	if err != nil {
		return err
	}
	if l.ParticipatoryElectionId != electionID {
		return nil
	}
	r, err := k.GetReservation(ctx, l.ParticipatoryReservationId)
	if err != nil {
		return err
	}
	if r.Status == types.RESERVATION_STATUS_OPEN && r.LineId == lineID {
		if err := k.ReleaseReservation(ctx, r.Id, reason, VotingCaller); err != nil {
			return err
		}
		if l, err = k.GetLine(ctx, lineID); err != nil {
			return err
		}
	}
	old := l
	l.ParticipatoryElectionId, l.ParticipatoryReservationId = 0, 0
	return k.saveLine(ctx, &old, l)
}
