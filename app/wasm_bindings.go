package app

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"cosmossdk.io/math"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	procurementtypes "github.com/civitas-chain/civitas/x/procurement/types"
)

// CivitasQuery is the JSON a contract sends as {"custom": ...}
// (contracts/README.md, "Custom queries"): exactly one field set.
type CivitasQuery struct {
	Election *struct {
		ID uint64 `json:"id"`
	} `json:"election,omitempty"`
	Tender *struct {
		ID uint64 `json:"id"`
	} `json:"tender,omitempty"`
	BudgetLine *struct {
		ID uint64 `json:"id"`
	} `json:"budget_line,omitempty"`
	Supplier *struct {
		ID uint64 `json:"id"`
	} `json:"supplier,omitempty"`
	HasRole      *HasRoleQuery      `json:"has_role,omitempty"`
	AwardedTotal *AwardedTotalQuery `json:"awarded_total,omitempty"`
}

// HasRoleQuery asks whether address holds role (e.g. "PROCUREMENT_OFFICER") in the agency.
type HasRoleQuery struct {
	AgencyID uint64 `json:"agency_id"`
	Address  string `json:"address"`
	Role     string `json:"role"`
}

// AwardedTotalQuery asks what the agency awarded the supplier on lines of a fiscal year.
type AwardedTotalQuery struct {
	AgencyID   uint64 `json:"agency_id"`
	SupplierID uint64 `json:"supplier_id"`
	FiscalYear uint32 `json:"fiscal_year"`
}

// CustomQuery answers a contract's Civitas query from the keepers. Amounts
// are decimal strings of ucivis, times RFC 3339, ids numbers.
func (app *CivitasApp) CustomQuery(ctx sdk.Context, request json.RawMessage) ([]byte, error) {
	var q CivitasQuery
	dec := json.NewDecoder(bytes.NewReader(request))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return nil, fmt.Errorf("civitas query: %w", err)
	}
	var out any
	switch {
	case q.Election != nil:
		e, err := app.VotingKeeper.GetElection(ctx, q.Election.ID)
		if err != nil {
			return nil, err
		}
		out = map[string]any{"id": e.Id, "agency_id": e.AgencyId, "title": e.Title, "status": e.Status.String(),
			"start_time": e.StartTime, "end_time": e.EndTime, "census_type": e.Census.Type.String(), "voters": e.Census.Voters}
	case q.Tender != nil:
		t, err := app.ProcurementKeeper.GetTender(ctx, q.Tender.ID)
		if err != nil {
			return nil, err
		}
		lots := make([]map[string]any, len(t.Lots))
		for i, l := range t.Lots {
			lots[i] = map[string]any{"index": l.Index, "title": l.Title, "status": l.Status.String(), "ceiling": l.Ceiling.String(),
				"award_method": l.AwardMethod.String(), "bids": l.Bids, "winning_bid_id": l.WinningBidId, "award_amount": l.AwardAmount.String()}
		}
		out = map[string]any{"id": t.Id, "agency_id": t.AgencyId, "title": t.Title, "status": t.Status.String(),
			"budget_line_id": t.BudgetLineId, "submission_deadline": t.SubmissionDeadline, "lots": lots}
	case q.BudgetLine != nil:
		l, err := app.BudgetKeeper.GetLine(ctx, q.BudgetLine.ID)
		if err != nil {
			return nil, err
		}
		out = map[string]any{"id": l.Id, "agency_id": l.AgencyId, "fiscal_year": l.FiscalYear, "code": l.Code, "title": l.Title,
			"appropriated": l.Appropriated.String(), "reserved": l.Reserved.String(), "committed": l.Committed.String(),
			"disbursed": l.Disbursed.String(), "room": l.Room().String()}
	case q.Supplier != nil:
		s, err := app.AgencyKeeper.GetSupplier(ctx, q.Supplier.ID)
		if err != nil {
			return nil, err
		}
		out = map[string]any{"id": s.Id, "owner": s.Owner, "name": s.Name, "country": s.Country,
			"registration_number": s.RegistrationNumber, "version": s.Version}
	case q.HasRole != nil:
		role, ok := agencytypes.Role_value["ROLE_"+strings.TrimPrefix(q.HasRole.Role, "ROLE_")]
		if !ok || agencytypes.ValidateRole(agencytypes.Role(role)) != nil {
			return nil, fmt.Errorf("civitas query: unknown role %q", q.HasRole.Role)
		}
		addr, err := app.AccountKeeper.AddressCodec().StringToBytes(q.HasRole.Address)
		if err != nil {
			return nil, fmt.Errorf("civitas query: address %q: %w", q.HasRole.Address, err)
		}
		has, err := app.AgencyKeeper.HasRole(ctx, q.HasRole.AgencyID, addr, agencytypes.Role(role))
		if err != nil {
			return nil, err
		}
		out = map[string]any{"has_role": has}
	case q.AwardedTotal != nil:
		total, err := app.awardedTotal(ctx, *q.AwardedTotal)
		if err != nil {
			return nil, err
		}
		out = map[string]any{"amount": total.String()}
	default:
		return nil, errors.New("civitas query: empty or unknown query (want election, tender, budget_line, supplier, has_role or awarded_total)")
	}
	return json.Marshal(out)
}

// awardedTotal sums the award amounts of the lots the agency awarded to the
// supplier (in standstill, awarded, contracted or completed) in tenders on
// lines of the fiscal year.
func (app *CivitasApp) awardedTotal(ctx sdk.Context, q AwardedTotalQuery) (math.Int, error) {
	total := math.ZeroInt()
	// Only the supplier's tenders with the agency in that year are read (an
	// index), so the cost does not grow with the supplier's whole history.
	tenders, err := app.ProcurementKeeper.TendersOfSupplierInYear(ctx, q.SupplierID, q.AgencyID, q.FiscalYear)
	if err != nil {
		return total, err
	}
	for _, t := range tenders {
		for _, l := range t.Lots {
			switch l.Status {
			case procurementtypes.LOT_STATUS_STANDSTILL, procurementtypes.LOT_STATUS_AWARDED, procurementtypes.LOT_STATUS_CONTRACTED,
				procurementtypes.LOT_STATUS_COMPLETED:
			default:
				continue
			}
			win, err := app.ProcurementKeeper.Bids.Get(ctx, l.WinningBidId)
			if err != nil {
				return total, err
			}
			if win.SupplierId == q.SupplierID {
				total = total.Add(l.AwardAmount)
			}
		}
	}
	return total, nil
}

// NewWasmRules is x/wasm as the modules' rule hooks see it
// (x/common/wasmrule): the keeper's reads and the permissioned keeper's sudo.
func NewWasmRules(k wasmkeeper.Keeper) wasmrule.WasmKeeper {
	return wasmRules{k, wasmkeeper.NewDefaultPermissionKeeper(k)}
}

type wasmRules struct {
	wasmkeeper.Keeper
	sudo *wasmkeeper.PermissionedKeeper
}

func (w wasmRules) Sudo(ctx sdk.Context, contract sdk.AccAddress, msg []byte) ([]byte, error) {
	return w.sudo.Sudo(ctx, contract, msg)
}

func (w wasmRules) PinCode(ctx sdk.Context, codeID uint64) error {
	return w.sudo.PinCode(ctx, codeID)
}
