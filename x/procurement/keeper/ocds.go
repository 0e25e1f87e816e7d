package keeper

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/math"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/procurement/types"
)

// OCDS: a tender as an Open Contracting Data Standard 1.1 release package
// (README, "OCDS export"). Amounts are in CIVIS (1 CIVIS = 10^6 ucivis) with
// the ISO 4217 code XXX (no currency), as OCDS requires an ISO code.

// OCIDPrefix is the ocid prefix of Civitas tenders.
const OCIDPrefix = "ocds-civitas-"

type obj = map[string]any

func civis(a math.Int) json.Number {
	if a.IsNil() {
		return "0"
	}
	s := a.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for len(s) < 7 {
		s = "0" + s
	}
	out := strings.TrimRight(strings.TrimRight(s[:len(s)-6]+"."+s[len(s)-6:], "0"), ".")
	if neg {
		out = "-" + out
	}
	return json.Number(out)
}

func value(a math.Int) obj { return obj{"amount": civis(a), "currency": "XXX"} }

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

var tenderStatus = map[types.TenderStatus]string{
	types.TENDER_STATUS_ACTIVE: "active", types.TENDER_STATUS_COMPLETE: "complete",
	types.TENDER_STATUS_CANCELLED: "cancelled", types.TENDER_STATUS_UNSUCCESSFUL: "unsuccessful",
}

// OCDSPackage builds the release package of a tender from the chain's state.
func (k Keeper) OCDSPackage(ctx context.Context, tenderID uint64) ([]byte, error) {
	t, err := k.GetTender(ctx, tenderID)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	agency, err := k.agency.GetAgency(ctx, t.AgencyId)
	if err != nil {
		return nil, err
	}
	buyer := obj{"id": fmt.Sprintf("agency-%d", t.AgencyId), "name": agency.Name}
	parties := []obj{{"id": buyer["id"], "name": agency.Name, "roles": []string{"buyer", "procuringEntity"}}}
	partyRoles := map[uint64][]string{}
	var partyOrder []uint64
	addParty := func(supplierID uint64, role string) {
		if _, ok := partyRoles[supplierID]; !ok {
			partyOrder = append(partyOrder, supplierID)
		}
		for _, r := range partyRoles[supplierID] {
			if r == role {
				return
			}
		}
		partyRoles[supplierID] = append(partyRoles[supplierID], role)
	}
	supplierRef := func(id uint64) obj {
		name := fmt.Sprintf("supplier %d", id)
		if s, err := k.agency.GetSupplier(ctx, id); err == nil {
			name = s.Name
		}
		return obj{"id": fmt.Sprintf("supplier-%d", id), "name": name}
	}

	tags := []string{"tender"}
	if t.Version > 1 {
		tags = append(tags, "tenderAmendment")
	}
	if t.Status == types.TENDER_STATUS_CANCELLED {
		tags = append(tags, "tenderCancellation")
	}
	criteria := "priceOnly"
	total := math.ZeroInt()
	var lots []obj
	var awards, contracts []obj
	contractTerminated := false
	tenderers := map[uint64]bool{}
	for _, l := range t.Lots {
		total = total.Add(l.Ceiling)
		lots = append(lots, obj{"id": fmt.Sprint(l.Index), "title": l.Title, "value": value(l.Ceiling), "status": lotStatus(l.Status)})
		if l.AwardMethod == types.AWARD_METHOD_RATED {
			criteria = "ratedCriteria"
		}
		bids, err := k.bidsOf(ctx, t.Id, l.Index)
		if err != nil {
			return nil, err
		}
		for _, b := range bids {
			tenderers[b.SupplierId] = true
			addParty(b.SupplierId, "tenderer")
		}
		if l.WinningBidId == 0 {
			continue
		}
		win, err := k.Bids.Get(ctx, l.WinningBidId)
		if err != nil {
			return nil, err
		}
		addParty(win.SupplierId, "supplier")
		awardID := fmt.Sprintf("%d-%d", t.Id, l.Index)
		awardStatus := "pending"
		switch l.Status {
		case types.LOT_STATUS_AWARDED, types.LOT_STATUS_CONTRACTED, types.LOT_STATUS_COMPLETED:
			awardStatus = "active"
		case types.LOT_STATUS_CANCELLED:
			awardStatus = "cancelled"
			if c, err := k.Contracts.Get(ctx, collections.Join(t.Id, l.Index)); err == nil && c.CommitmentId != 0 {
				awardStatus = "active" // the award stood; its contract was terminated
			}
		}
		awards = append(awards, obj{"id": awardID, "status": awardStatus, "value": value(l.AwardAmount),
			"suppliers": []obj{supplierRef(win.SupplierId)}, "relatedLots": []string{fmt.Sprint(l.Index)}})
		c, err := k.Contracts.Get(ctx, collections.Join(t.Id, l.Index))
		if err != nil {
			continue
		}
		cStatus := map[types.ContractStatus]string{types.CONTRACT_STATUS_OFFERED: "pending", types.CONTRACT_STATUS_ACTIVE: "active",
			types.CONTRACT_STATUS_COMPLETE: "terminated", types.CONTRACT_STATUS_TERMINATED: "terminated"}[c.Status]
		if c.Status == types.CONTRACT_STATUS_TERMINATED && c.CommitmentId == 0 {
			cStatus = "cancelled" // offered, never signed
		}
		terminated := c.Status == types.CONTRACT_STATUS_TERMINATED && c.CommitmentId != 0
		if terminated {
			contractTerminated = true
		}
		var milestones []obj
		for _, m := range c.Milestones {
			ms := "scheduled"
			switch {
			case m.Status == types.MILESTONE_STATUS_PAID:
				ms = "met"
			case terminated:
				ms = "notMet" // the contract ended before it was delivered and paid
			}
			milestones = append(milestones, obj{"id": fmt.Sprintf("%s-%d", awardID, m.Index), "title": m.Title, "type": "delivery",
				"dueDate": rfc3339(m.Due), "status": ms, "value": value(m.Amount)})
		}
		contract := obj{"id": awardID, "awardID": awardID, "status": cStatus, "value": value(c.Amount), "milestones": milestones}
		if c.CommitmentId != 0 {
			payments, err := k.budget.DisbursementsOf(ctx, c.CommitmentId)
			if err != nil {
				return nil, err
			}
			var txs []obj
			for _, d := range payments {
				txs = append(txs, obj{"id": fmt.Sprintf("disbursement-%d", d.Id), "date": rfc3339(d.Time), "value": value(d.Amount),
					"payer": buyer, "payee": supplierRef(c.SupplierId)})
			}
			if len(txs) > 0 {
				contract["implementation"] = obj{"transactions": txs}
			}
		}
		contracts = append(contracts, contract)
	}
	if len(awards) > 0 {
		tags = append(tags, "award")
	}
	if len(contracts) > 0 {
		tags = append(tags, "contract")
		for _, c := range contracts {
			if _, ok := c["implementation"]; ok {
				tags = append(tags, "implementation")
				break
			}
		}
	}
	if contractTerminated {
		tags = append(tags, "contractTermination")
	}
	for _, id := range partyOrder {
		p := supplierRef(id)
		p["roles"] = partyRoles[id]
		parties = append(parties, p)
	}
	var amendments []obj
	err = k.Amendments.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](t.Id), func(_ collections.Pair[uint64, uint32], a types.Amendment) (bool, error) {
		amendments = append(amendments, obj{"id": fmt.Sprint(a.Version), "date": rfc3339(a.Time), "rationale": a.Description})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	tender := obj{"id": fmt.Sprint(t.Id), "title": t.Title, "description": t.Description, "status": tenderStatus[t.Status],
		"procuringEntity": buyer, "value": value(total), "procurementMethod": "open", "awardCriteria": criteria,
		"submissionMethod":  []string{"electronicSubmission"},
		"tenderPeriod":      obj{"endDate": rfc3339(t.SubmissionDeadline)},
		"enquiryPeriod":     obj{"endDate": rfc3339(t.ClarificationDeadline)},
		"numberOfTenderers": len(tenderers), "lots": lots,
		"documents": []obj{{"id": "tender-documents-v" + fmt.Sprint(t.Version), "documentType": "tenderNotice", "url": t.DocumentsUri,
			"description": "SHA-256 " + t.DocumentsSha256}}}
	if len(amendments) > 0 {
		tender["amendments"] = amendments
	}
	ocid := fmt.Sprintf("%s%d", OCIDPrefix, t.Id)
	release := obj{"ocid": ocid, "id": fmt.Sprintf("%s-%d", ocid, sdkCtx.BlockHeight()), "date": rfc3339(sdkCtx.BlockTime()),
		"tag": tags, "initiationType": "tender", "buyer": buyer, "parties": parties, "tender": tender, "language": "en"}
	if line, err := k.budget.GetLine(ctx, t.BudgetLineId); err == nil {
		release["planning"] = obj{"budget": obj{"id": fmt.Sprintf("line-%d", line.Id), "description": line.Code + " " + line.Title,
			"amount": value(line.Appropriated)}}
	}
	if len(awards) > 0 {
		release["awards"] = awards
	}
	if len(contracts) > 0 {
		release["contracts"] = contracts
	}
	pkg := obj{"uri": fmt.Sprintf("civitas:%s:procurement:tender:%d", sdkCtx.ChainID(), t.Id), "version": "1.1",
		"publishedDate": rfc3339(sdkCtx.BlockTime()), "publisher": obj{"name": "Civitas chain " + sdkCtx.ChainID()},
		"releases": []obj{release}}
	return json.Marshal(pkg)
}

func lotStatus(s types.LotStatus) string {
	switch s {
	case types.LOT_STATUS_CANCELLED:
		return "cancelled"
	case types.LOT_STATUS_UNSUCCESSFUL:
		return "unsuccessful"
	case types.LOT_STATUS_COMPLETED:
		return "complete"
	default:
		return "active"
	}
}

// OCDS returns the release package of a tender.
func (q querier) OCDS(ctx context.Context, req *types.QueryOCDSRequest) (*types.QueryOCDSResponse, error) {
	if req == nil {
		return nil, status.Error(codes.InvalidArgument, "empty request")
	}
	bz, err := q.OCDSPackage(ctx, req.TenderId)
	if err != nil {
		return nil, status.Error(codes.NotFound, err.Error())
	}
	return &types.QueryOCDSResponse{ReleasePackage: string(bz)}, nil
}
