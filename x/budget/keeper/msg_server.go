package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/budget/types"
	"github.com/civitas-chain/civitas/x/common"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Every handler checks
// its signer and validates its whole input before it writes; a failed Msg
// changes nothing.
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

func (k Keeper) isAuthority(addr string) bool {
	bz, err := k.addressCodec.StringToBytes(addr)
	auth, err2 := k.addressCodec.StringToBytes(k.authority)
	return err == nil && err2 == nil && bytes.Equal(bz, auth)
}

func (k Keeper) checkAuthority(addr string) error {
	if !k.isAuthority(addr) {
		return errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", k.authority, addr)
	}
	return nil
}

// checkTreasurer checks that signer is a TREASURER of the line's (active)
// agency, and returns the line and the signer's canonical address.
func (k Keeper) checkTreasurer(ctx context.Context, lineID uint64, signer string) (types.Line, string, error) {
	addr, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "treasurer", signer)
	if err != nil {
		return types.Line{}, "", err
	}
	l, err := k.GetLine(ctx, lineID)
	if err != nil {
		return l, "", err
	}
	active, err := k.agency.IsAgencyActive(ctx, l.AgencyId)
	if err != nil {
		return l, "", err
	}
	if !active {
		return l, "", errorsmod.Wrapf(types.ErrAgencyNotActive, "agency %d of line %d is unknown or suspended", l.AgencyId, lineID)
	}
	ok, err := k.agency.HasRole(ctx, l.AgencyId, addr, agencytypes.ROLE_TREASURER)
	if err != nil {
		return l, "", err
	}
	if !ok {
		return l, "", errorsmod.Wrapf(types.ErrUnauthorized, "%s is not a treasurer of agency %d (line %d)", canonical, l.AgencyId, lineID)
	}
	return l, canonical, nil
}

// checkSigner lets governance act on any line and a treasurer on its
// agency's lines; it returns who acts and whether it is governance.
func (k Keeper) checkSigner(ctx context.Context, lineID uint64, signer string) (string, bool, error) {
	if k.isAuthority(signer) {
		if _, err := k.GetLine(ctx, lineID); err != nil {
			return "", false, err
		}
		return k.authority, true, nil
	}
	_, by, err := k.checkTreasurer(ctx, lineID, signer)
	return by, false, err
}

func (k Keeper) text(ctx context.Context, field, s string) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	return types.ValidateText(field, s, p.MaxTextLength)
}

func (m msgServer) FundTreasury(ctx context.Context, msg *types.MsgFundTreasury) (*types.MsgFundTreasuryResponse, error) {
	funder, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "funder", msg.Funder)
	if err != nil {
		return nil, err
	}
	if msg.Amount.Denom != types.Denom || msg.Amount.Amount.IsNil() || !msg.Amount.Amount.IsPositive() {
		return nil, errorsmod.Wrapf(types.ErrInvalidAmount, "the treasury takes a positive amount of %s, got %s", types.Denom, msg.Amount)
	}
	if err := m.move(ctx, types.MOVEMENT_KIND_FUND, msg.Amount.Amount, funder, "funding"); err != nil {
		return nil, err
	}
	return &types.MsgFundTreasuryResponse{}, common.EmitEvent(ctx, &types.EventTreasuryFunded{Funder: canonical, Amount: msg.Amount.Amount})
}

func (m msgServer) SpendFromTreasury(ctx context.Context, msg *types.MsgSpendFromTreasury) (*types.MsgSpendFromTreasuryResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	recipient, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "recipient", msg.Recipient)
	if err != nil {
		return nil, err
	}
	if err := types.ValidatePositive("amount", msg.Amount); err != nil {
		return nil, err
	}
	if err := m.text(ctx, "reason", msg.Reason); err != nil {
		return nil, err
	}
	free, err := m.Unearmarked(ctx)
	if err != nil {
		return nil, err
	}
	if msg.Amount.GT(free) {
		return nil, errorsmod.Wrapf(types.ErrInsufficientFunds, "the treasury has %s%s not held for lines, %s asked", free, types.Denom, msg.Amount)
	}
	if err := m.move(ctx, types.MOVEMENT_KIND_SPEND, msg.Amount, recipient, msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgSpendFromTreasuryResponse{}, common.EmitEvent(ctx, &types.EventTreasurySpent{Recipient: canonical, Amount: msg.Amount, Reason: msg.Reason})
}

func (m msgServer) OpenFiscalYear(ctx context.Context, msg *types.MsgOpenFiscalYear) (*types.MsgOpenFiscalYearResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	fy := types.FiscalYear{Year: msg.Year, StartTime: msg.StartTime.UTC(), EndTime: msg.EndTime.UTC(), Status: types.FISCAL_YEAR_STATUS_OPEN}
	if err := types.ValidateFiscalYear(fy); err != nil {
		return nil, err
	}
	if !fy.EndTime.After(sdk.UnwrapSDKContext(ctx).BlockTime()) {
		return nil, errorsmod.Wrapf(types.ErrInvalidFiscalYear, "fiscal year %d would end in the past", fy.Year)
	}
	if has, err := m.FiscalYears.Has(ctx, fy.Year); err != nil {
		return nil, err
	} else if has {
		return nil, errorsmod.Wrapf(types.ErrInvalidFiscalYear, "fiscal year %d exists", fy.Year)
	}
	err := m.FiscalYears.Walk(ctx, nil, func(_ uint32, other types.FiscalYear) (bool, error) {
		if fy.StartTime.Before(other.EndTime) && other.StartTime.Before(fy.EndTime) {
			return true, errorsmod.Wrapf(types.ErrInvalidFiscalYear, "fiscal year %d would overlap fiscal year %d", fy.Year, other.Year)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	if err := m.FiscalYears.Set(ctx, fy.Year, fy); err != nil {
		return nil, err
	}
	return &types.MsgOpenFiscalYearResponse{}, common.EmitEvent(ctx, &types.EventFiscalYearOpened{Year: fy.Year, StartTime: fy.StartTime, EndTime: fy.EndTime})
}

func (m msgServer) Appropriate(ctx context.Context, msg *types.MsgAppropriate) (*types.MsgAppropriateResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	fy, err := m.FiscalYears.Get(ctx, msg.FiscalYear)
	if errors.Is(err, collections.ErrNotFound) {
		return nil, errorsmod.Wrapf(types.ErrFiscalYearNotFound, "fiscal year %d", msg.FiscalYear)
	} else if err != nil {
		return nil, err
	}
	if fy.Status != types.FISCAL_YEAR_STATUS_OPEN || !sdk.UnwrapSDKContext(ctx).BlockTime().Before(fy.EndTime) {
		return nil, errorsmod.Wrapf(types.ErrFiscalYearClosed, "fiscal year %d is %s", fy.Year, fy.Status)
	}
	if active, err := m.agency.IsAgencyActive(ctx, msg.AgencyId); err != nil {
		return nil, err
	} else if !active {
		return nil, errorsmod.Wrapf(types.ErrAgencyNotActive, "agency %d is unknown or suspended", msg.AgencyId)
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if n := uint32(len(msg.Lines)); n == 0 || n > params.MaxLinesPerAppropriation {
		return nil, errorsmod.Wrapf(types.ErrInvalidLine, "an appropriation has 1 to %d lines, got %d", params.MaxLinesPerAppropriation, n)
	}
	total := math.ZeroInt()
	for i, in := range msg.Lines {
		if err := types.ValidateCode(in.Code); err != nil {
			return nil, errorsmod.Wrapf(err, "lines[%d]", i)
		}
		if err := types.ValidateText(fmt.Sprintf("lines[%d].title", i), in.Title, params.MaxTextLength); err != nil {
			return nil, err
		}
		if err := types.ValidatePositive(fmt.Sprintf("lines[%d].amount", i), in.Amount); err != nil {
			return nil, err
		}
		total = total.Add(in.Amount)
	}
	free, err := m.Unearmarked(ctx)
	if err != nil {
		return nil, err
	}
	if total.GT(free) {
		return nil, errorsmod.Wrapf(types.ErrInsufficientFunds, "the lines total %s%s, the treasury has %s not held for other lines", total, types.Denom, free)
	}
	ids := make([]uint64, len(msg.Lines))
	for i, in := range msg.Lines {
		id, err := m.LineSeq.Next(ctx)
		if err != nil {
			return nil, err
		}
		z := math.ZeroInt()
		l := types.Line{Id: id, AgencyId: msg.AgencyId, FiscalYear: fy.Year, Code: in.Code, Title: in.Title, Original: in.Amount,
			Appropriated: in.Amount, Reserved: z, Committed: z, Disbursed: z, Lapsed: z, TreasurerVirementsOut: z}
		if err := m.saveLine(ctx, nil, l); err != nil {
			return nil, err
		}
		ids[i] = id
		if err := common.EmitEvent(ctx, &types.EventAppropriated{LineId: id, AgencyId: msg.AgencyId, FiscalYear: fy.Year, Code: in.Code, Amount: in.Amount}); err != nil {
			return nil, err
		}
	}
	return &types.MsgAppropriateResponse{LineIds: ids}, nil
}

func (m msgServer) Reserve(ctx context.Context, msg *types.MsgReserve) (*types.MsgReserveResponse, error) {
	_, signer, err := m.checkTreasurer(ctx, msg.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	if err := m.text(ctx, "purpose", msg.Purpose); err != nil {
		return nil, err
	}
	id, err := m.Keeper.Reserve(ctx, msg.LineId, msg.Amount, msg.Purpose, signer)
	return &types.MsgReserveResponse{ReservationId: id}, err
}

func (m msgServer) ReleaseReservation(ctx context.Context, msg *types.MsgReleaseReservation) (*types.MsgReleaseReservationResponse, error) {
	r, err := m.GetReservation(ctx, msg.ReservationId)
	if err != nil {
		return nil, err
	}
	signer, byGov, err := m.checkSigner(ctx, r.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	if !byGov && types.IsModuleCaller(r.By) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "reservation %d was made by %s: only governance may release it", r.Id, r.By)
	}
	if err := m.text(ctx, "reason", msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgReleaseReservationResponse{}, m.Keeper.ReleaseReservation(ctx, msg.ReservationId, msg.Reason, signer)
}

func (m msgServer) Commit(ctx context.Context, msg *types.MsgCommit) (*types.MsgCommitResponse, error) {
	_, signer, err := m.checkTreasurer(ctx, msg.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	beneficiary, _, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "beneficiary", msg.Beneficiary)
	if err != nil {
		return nil, err
	}
	if err := m.text(ctx, "purpose", msg.Purpose); err != nil {
		return nil, err
	}
	if msg.ReservationId != 0 {
		r, err := m.GetReservation(ctx, msg.ReservationId)
		if err != nil {
			return nil, err
		}
		if types.IsModuleCaller(r.By) {
			return nil, errorsmod.Wrapf(types.ErrUnauthorized, "reservation %d was made by %s: only it commits it", r.Id, r.By)
		}
	}
	id, err := m.Keeper.Commit(ctx, msg.LineId, msg.ReservationId, msg.Amount, beneficiary, msg.Purpose, signer)
	return &types.MsgCommitResponse{CommitmentId: id}, err
}

func (m msgServer) CancelCommitment(ctx context.Context, msg *types.MsgCancelCommitment) (*types.MsgCancelCommitmentResponse, error) {
	c, err := m.GetCommitment(ctx, msg.CommitmentId)
	if err != nil {
		return nil, err
	}
	signer, byGov, err := m.checkSigner(ctx, c.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	if !byGov && types.IsModuleCaller(c.By) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "commitment %d was made by %s: only governance may cancel it", c.Id, c.By)
	}
	if err := m.text(ctx, "reason", msg.Reason); err != nil {
		return nil, err
	}
	return &types.MsgCancelCommitmentResponse{}, m.Keeper.CancelCommitment(ctx, msg.CommitmentId, msg.Reason, signer)
}

func (m msgServer) Disburse(ctx context.Context, msg *types.MsgDisburse) (*types.MsgDisburseResponse, error) {
	c, err := m.GetCommitment(ctx, msg.CommitmentId)
	if err != nil {
		return nil, err
	}
	signer, byGov, err := m.checkSigner(ctx, c.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	// A procurement contract is paid on an accepted delivery, or by governance.
	if !byGov && types.PaidByItsModule(c.By) {
		return nil, errorsmod.Wrapf(types.ErrUnauthorized, "commitment %d was made by %s: it pays it (on an accepted delivery), or governance", c.Id, c.By)
	}
	if err := m.text(ctx, "reference", msg.Reference); err != nil {
		return nil, err
	}
	id, err := m.Keeper.Disburse(ctx, msg.CommitmentId, msg.Amount, msg.Reference, signer)
	return &types.MsgDisburseResponse{DisbursementId: id}, err
}

func (m msgServer) Pay(ctx context.Context, msg *types.MsgPay) (*types.MsgPayResponse, error) {
	_, signer, err := m.checkTreasurer(ctx, msg.LineId, msg.Treasurer)
	if err != nil {
		return nil, err
	}
	beneficiary, _, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "beneficiary", msg.Beneficiary)
	if err != nil {
		return nil, err
	}
	if err := m.text(ctx, "purpose", msg.Purpose); err != nil {
		return nil, err
	}
	if err := m.text(ctx, "reference", msg.Reference); err != nil {
		return nil, err
	}
	cid, err := m.Keeper.Commit(ctx, msg.LineId, 0, msg.Amount, beneficiary, msg.Purpose, signer)
	if err != nil {
		return nil, err
	}
	did, err := m.Keeper.Disburse(ctx, cid, msg.Amount, msg.Reference, signer)
	return &types.MsgPayResponse{CommitmentId: cid, DisbursementId: did}, err
}

func (m msgServer) Virement(ctx context.Context, msg *types.MsgVirement) (*types.MsgVirementResponse, error) {
	if msg.FromLineId == msg.ToLineId {
		return nil, errorsmod.Wrapf(types.ErrInvalidLine, "a virement moves between two lines, got line %d twice", msg.FromLineId)
	}
	if err := types.ValidatePositive("amount", msg.Amount); err != nil {
		return nil, err
	}
	byGov := m.isAuthority(msg.Signer)
	signer := m.authority
	if !byGov {
		var err error
		if _, signer, err = m.checkTreasurer(ctx, msg.FromLineId, msg.Signer); err != nil {
			return nil, err
		}
	}
	if err := m.text(ctx, "reason", msg.Reason); err != nil {
		return nil, err
	}
	from, err := m.openLine(ctx, msg.FromLineId)
	if err != nil {
		return nil, err
	}
	to, err := m.openLine(ctx, msg.ToLineId)
	if err != nil {
		return nil, err
	}
	if from.AgencyId != to.AgencyId || from.FiscalYear != to.FiscalYear {
		return nil, errorsmod.Wrapf(types.ErrInvalidLine, "lines %d and %d are not of one agency and fiscal year", from.Id, to.Id)
	}
	if msg.Amount.GT(from.Room()) {
		return nil, errorsmod.Wrapf(types.ErrOverLine, "line %d has %s left, %s asked", from.Id, from.Room(), msg.Amount)
	}
	oldFrom, oldTo := from, to
	from.Appropriated = from.Appropriated.Sub(msg.Amount)
	to.Appropriated = to.Appropriated.Add(msg.Amount)
	if !byGov {
		params, err := m.Params.Get(ctx)
		if err != nil {
			return nil, err
		}
		limit := from.Original.MulRaw(int64(params.TreasurerVirementBps)).QuoRaw(types.BasisPoints)
		from.TreasurerVirementsOut = from.TreasurerVirementsOut.Add(msg.Amount)
		if from.TreasurerVirementsOut.GT(limit) {
			return nil, errorsmod.Wrapf(types.ErrVirementShare, "a treasurer may move %s of line %d in its fiscal year (%d bps of %s), %s already moved, %s asked",
				limit, from.Id, params.TreasurerVirementBps, from.Original, oldFrom.TreasurerVirementsOut, msg.Amount)
		}
	}
	if err := m.saveLine(ctx, &oldFrom, from); err != nil {
		return nil, err
	}
	if err := m.saveLine(ctx, &oldTo, to); err != nil {
		return nil, err
	}
	return &types.MsgVirementResponse{}, common.EmitEvent(ctx, &types.EventVirement{FromLineId: from.Id, ToLineId: to.Id, Amount: msg.Amount, Reason: msg.Reason, By: signer})
}

func (m msgServer) UpdateParams(ctx context.Context, msg *types.MsgUpdateParams) (*types.MsgUpdateParamsResponse, error) {
	if err := m.checkAuthority(msg.Authority); err != nil {
		return nil, err
	}
	if err := msg.Params.Validate(); err != nil {
		return nil, err
	}
	if err := m.Params.Set(ctx, msg.Params); err != nil {
		return nil, err
	}
	return &types.MsgUpdateParamsResponse{}, common.EmitEvent(ctx, &types.EventParamsUpdated{Params: msg.Params})
}

// IsTreasurerOf reports whether signer may act as a treasurer on the line
// (the check every treasurer message makes; used by the simulation).
func (k Keeper) IsTreasurerOf(ctx context.Context, lineID uint64, signer string) bool {
	_, _, err := k.checkTreasurer(ctx, lineID, signer)
	return err == nil
}
