package keeper

import (
	"context"
	"fmt"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// The key ceremony of a secret election (README, "Secret ballots: the key
// ceremony"): REGISTERING → DEALING → COMPLAINING → FINAL | FAILED, all
// before the election's start. Every step checks the signer (a trustee of
// the election, or its officer to close dealing), the status and the
// cryptography, and a refused step changes nothing.

// ceremonyOf loads an election that has a key ceremony in one of the
// statuses, still SCHEDULED and before its start.
func (k Keeper) ceremonyOf(ctx context.Context, electionID uint64, statuses ...types.CeremonyStatus) (types.Election, error) {
	e, err := k.GetElection(ctx, electionID)
	if err != nil {
		return e, err
	}
	c := e.KeyCeremony
	if e.Privacy != types.PRIVACY_SECRET || c == nil {
		return e, errorsmod.Wrapf(types.ErrKeyCeremony, "election %d is not a secret election", e.Id)
	}
	if e.Status != types.ELECTION_STATUS_SCHEDULED || !sdk.UnwrapSDKContext(ctx).BlockTime().Before(e.StartTime) {
		return e, errorsmod.Wrapf(types.ErrWrongStatus, "election %d: the key ceremony ends at the start (status %s)", e.Id, e.Status)
	}
	for _, s := range statuses {
		if c.Status == s {
			return e, nil
		}
	}
	return e, errorsmod.Wrapf(types.ErrKeyCeremony, "election %d: the key ceremony is %s, this step needs %v", e.Id, c.Status, statuses)
}

// trusteeIndex returns the signer's canonical address and its trustee
// index (1..n).
func (k Keeper) trusteeIndex(e *types.Election, signer string) (string, uint32, error) {
	_, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "trustee", signer)
	if err != nil {
		return "", 0, err
	}
	for i, t := range e.KeyCeremony.Trustees {
		if t.Address == canonical {
			return canonical, uint32(i + 1), nil
		}
	}
	return "", 0, errorsmod.Wrapf(types.ErrUnauthorized, "%s is not a trustee of election %d", canonical, e.Id)
}

// registeredTrusteeIndex is trusteeIndex for a trustee that registered its
// communication key (one left out at registration takes no further part).
func (k Keeper) registeredTrusteeIndex(e *types.Election, signer string) (string, uint32, error) {
	who, idx, err := k.trusteeIndex(e, signer)
	if err == nil && len(e.KeyCeremony.Trustees[idx-1].CommunicationKey) == 0 {
		err = errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d did not register a communication key before registration closed", idx)
	}
	return who, idx, err
}

func (k Keeper) ceremonyEvent(ctx context.Context, e *types.Election, action, trustee, detail string) error {
	return common.EmitEvent(ctx, &types.EventKeyCeremony{ElectionId: e.Id, Action: action, Trustee: trustee, Status: e.KeyCeremony.Status, Detail: detail})
}

func (m msgServer) RegisterTrusteeKey(ctx context.Context, msg *types.MsgRegisterTrusteeKey) (*types.MsgRegisterTrusteeKeyResponse, error) {
	e, err := m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_REGISTERING)
	if err != nil {
		return nil, err
	}
	who, idx, err := m.trusteeIndex(&e, msg.Trustee)
	if err != nil {
		return nil, err
	}
	c := e.KeyCeremony
	t := &c.Trustees[idx-1]
	if len(t.CommunicationKey) != 0 {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d already registered its key", idx)
	}
	key, err := secret.DecodeElement(msg.CommunicationKey, "communication_key")
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	if key.Equal(secret.Zero().A) == 1 {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, "communication_key: the identity is not a key")
	}
	if err := secret.VerifyCommunicationKey(key, msg.Proof, secret.CeremonyContext(e.ChainId, e.Id), uint64(idx)); err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	registered := 0
	for i := range c.Trustees {
		if string(c.Trustees[i].CommunicationKey) == string(msg.CommunicationKey) {
			return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "communication_key is trustee %d's", i+1)
		}
		if len(c.Trustees[i].CommunicationKey) != 0 {
			registered++
		}
	}
	t.CommunicationKey = msg.CommunicationKey
	if registered+1 == len(c.Trustees) {
		c.Status = types.CEREMONY_STATUS_DEALING
	}
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgRegisterTrusteeKeyResponse{}, m.ceremonyEvent(ctx, &e, "registered", who, "")
}

func (m msgServer) DealKeyShares(ctx context.Context, msg *types.MsgDealKeyShares) (*types.MsgDealKeySharesResponse, error) {
	e, err := m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_DEALING)
	if err != nil {
		return nil, err
	}
	who, idx, err := m.registeredTrusteeIndex(&e, msg.Trustee)
	if err != nil {
		return nil, err
	}
	if err := m.dealingOpen(ctx, &e); err != nil {
		return nil, err
	}
	c := e.KeyCeremony
	if c.Trustees[idx-1].Dealt {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d already dealt", idx)
	}
	if len(msg.Commitments) != int(c.Threshold) || len(msg.Shares) != len(c.Trustees) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "a deal has %d commitments and %d shares, got %d and %d",
			c.Threshold, len(c.Trustees), len(msg.Commitments), len(msg.Shares))
	}
	stored := types.KeyDeal{ElectionId: e.Id, Dealer: idx, Commitments: msg.Commitments, PokCommitment: msg.PokCommitment,
		PokResponse: msg.PokResponse, Ephemeral: msg.Ephemeral, Shares: msg.Shares,
		EphemeralPokCommitment: msg.EphemeralPokCommitment, EphemeralPokResponse: msg.EphemeralPokResponse}
	// Another deal's ephemeral key is refused (its proof of knowledge, in
	// Check, stops any multiple of it too).
	err = m.KeyDeals.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](e.Id), func(_ collections.Pair[uint64, uint32], o types.KeyDeal) (bool, error) {
		if string(o.Ephemeral) == string(msg.Ephemeral) {
			return true, errorsmod.Wrapf(types.ErrKeyCeremony, "ephemeral is trustee %d's", o.Dealer)
		}
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	d, err := stored.Crypto()
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	if err := d.Check(int(c.Threshold), len(c.Trustees), secret.CeremonyContext(e.ChainId, e.Id)); err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	if err := m.KeyDeals.Set(ctx, collections.Join(e.Id, idx), stored); err != nil {
		return nil, err
	}
	c.Trustees[idx-1].Dealt = true
	waiting := 0
	for _, t := range c.Trustees {
		if !t.Dealt && len(t.CommunicationKey) != 0 {
			waiting++
		}
	}
	if waiting == 0 {
		if err := m.closeDealing(ctx, &e); err != nil {
			return nil, err
		}
	}
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgDealKeySharesResponse{}, m.ceremonyEvent(ctx, &e, "dealt", who, "")
}

// closeDealing leaves out the trustees who did not deal and opens the
// complaint window.
func (k Keeper) closeDealing(ctx context.Context, e *types.Election) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	c := e.KeyCeremony
	for i := range c.Trustees {
		if !c.Trustees[i].Dealt && !c.Trustees[i].Disqualified {
			c.Trustees[i].Disqualified, c.Trustees[i].DisqualifiedReason = true, "did not deal before dealing closed"
		}
	}
	c.Status = types.CEREMONY_STATUS_COMPLAINING
	// A full window, which ends before the start (dealingOpen): the key can
	// be finalized before it without any trustee's acknowledgment.
	c.ComplaintDeadline = sdk.UnwrapSDKContext(ctx).BlockTime().Add(time.Duration(p.KeyComplaintSeconds) * time.Second).UTC()
	return k.ceremonyEvent(ctx, e, "dealing_closed", "", fmt.Sprintf("complaints until %s", c.ComplaintDeadline.Format(time.RFC3339)))
}

// dealingOpen refuses a deal, or closing dealing, once a full complaint
// window would no longer end before the start: every trustee always has
// key_complaint_seconds to check its shares, and the key can then be
// finalized before the start whether or not every trustee acknowledges.
func (k Keeper) dealingOpen(ctx context.Context, e *types.Election) error {
	p, err := k.Params.Get(ctx)
	if err != nil {
		return err
	}
	if end := sdk.UnwrapSDKContext(ctx).BlockTime().Add(time.Duration(p.KeyComplaintSeconds) * time.Second); !end.Before(e.StartTime) {
		return errorsmod.Wrapf(types.ErrKeyCeremony, "dealing closes key_complaint_seconds (%d s) before the start at %s: the complaint window would end at %s",
			p.KeyComplaintSeconds, e.StartTime.Format(time.RFC3339), end.Format(time.RFC3339))
	}
	return nil
}

func (m msgServer) CloseKeyDealing(ctx context.Context, msg *types.MsgCloseKeyDealing) (*types.MsgCloseKeyDealingResponse, error) {
	e, err := m.GetElection(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	if _, err := m.checkOfficer(ctx, e.AgencyId, msg.Officer); err != nil {
		return nil, err
	}
	if e, err = m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_REGISTERING, types.CEREMONY_STATUS_DEALING); err != nil {
		return nil, err
	}
	c := e.KeyCeremony
	if c.Status == types.CEREMONY_STATUS_REGISTERING {
		// Closing registration: the trustees who registered deal; the
		// others are left out (they receive no usable share).
		registered := 0
		for _, t := range c.Trustees {
			if len(t.CommunicationKey) != 0 {
				registered++
			}
		}
		if registered < int(c.Threshold) {
			return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d trustees registered, the threshold is %d", registered, c.Threshold)
		}
		for i := range c.Trustees {
			if len(c.Trustees[i].CommunicationKey) == 0 {
				c.Trustees[i].Disqualified, c.Trustees[i].DisqualifiedReason = true, "did not register before registration closed"
			}
		}
		c.Status = types.CEREMONY_STATUS_DEALING
		if err := m.Elections.Set(ctx, e.Id, e); err != nil {
			return nil, err
		}
		return &types.MsgCloseKeyDealingResponse{}, m.ceremonyEvent(ctx, &e, "registration_closed", "", fmt.Sprintf("%d of %d trustees registered", registered, len(c.Trustees)))
	}
	if err := m.dealingOpen(ctx, &e); err != nil {
		return nil, err
	}
	dealt := 0
	for _, t := range e.KeyCeremony.Trustees {
		if t.Dealt {
			dealt++
		}
	}
	if dealt < int(e.KeyCeremony.Threshold) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d trustees dealt, the threshold is %d", dealt, e.KeyCeremony.Threshold)
	}
	if err := m.closeDealing(ctx, &e); err != nil {
		return nil, err
	}
	return &types.MsgCloseKeyDealingResponse{}, m.Elections.Set(ctx, e.Id, e)
}

func (m msgServer) ComplainKeyDeal(ctx context.Context, msg *types.MsgComplainKeyDeal) (*types.MsgComplainKeyDealResponse, error) {
	e, err := m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_COMPLAINING)
	if err != nil {
		return nil, err
	}
	if !sdk.UnwrapSDKContext(ctx).BlockTime().Before(e.KeyCeremony.ComplaintDeadline) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "complaints closed at %s", e.KeyCeremony.ComplaintDeadline.Format(time.RFC3339))
	}
	who, idx, err := m.registeredTrusteeIndex(&e, msg.Trustee)
	if err != nil {
		return nil, err
	}
	c := e.KeyCeremony
	if msg.Dealer < 1 || int(msg.Dealer) > len(c.Trustees) || msg.Dealer == idx {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "dealer %d: another trustee's index, 1 to %d", msg.Dealer, len(c.Trustees))
	}
	dealer := &c.Trustees[msg.Dealer-1]
	if !dealer.Dealt || dealer.Disqualified {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d has no deal in the key (dealt %t, disqualified %t)", msg.Dealer, dealer.Dealt, dealer.Disqualified)
	}
	stored, err := m.KeyDeals.Get(ctx, collections.Join(e.Id, msg.Dealer))
	if err != nil {
		return nil, err
	}
	d, err := stored.Crypto()
	if err != nil {
		return nil, err
	}
	shared, err := secret.DecodeElement(msg.SharedPoint, "shared_point")
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	proof, err := secret.DecodeDLEQ(msg.Proof)
	if err != nil {
		return nil, errorsmod.Wrap(types.ErrKeyCeremony, err.Error())
	}
	commKey, err := secret.DecodeElement(c.Trustees[idx-1].CommunicationKey, "communication_key")
	if err != nil {
		return nil, err
	}
	guilty, err := d.JudgeComplaint(&secret.Complaint{Complainant: uint64(idx), Shared: shared, Proof: proof}, commKey, secret.CeremonyContext(e.ChainId, e.Id))
	if err != nil {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "complaint of trustee %d: %s", idx, err)
	}
	if !guilty {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d's share from trustee %d is good: the complaint is rejected", idx, msg.Dealer)
	}
	dealer.Disqualified, dealer.DisqualifiedReason = true, fmt.Sprintf("dealt trustee %d a share that does not match its commitments", idx)
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	if err := m.ceremonyEvent(ctx, &e, "complained", who, fmt.Sprintf("against trustee %d", msg.Dealer)); err != nil {
		return nil, err
	}
	return &types.MsgComplainKeyDealResponse{DealerDisqualified: true}, m.ceremonyEvent(ctx, &e, "disqualified", dealer.Address, dealer.DisqualifiedReason)
}

func (m msgServer) AcknowledgeKeyDeals(ctx context.Context, msg *types.MsgAcknowledgeKeyDeals) (*types.MsgAcknowledgeKeyDealsResponse, error) {
	e, err := m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_COMPLAINING)
	if err != nil {
		return nil, err
	}
	who, idx, err := m.registeredTrusteeIndex(&e, msg.Trustee)
	if err != nil {
		return nil, err
	}
	t := &e.KeyCeremony.Trustees[idx-1]
	if t.Acknowledged {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d already acknowledged", idx)
	}
	t.Acknowledged = true
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgAcknowledgeKeyDealsResponse{}, m.ceremonyEvent(ctx, &e, "acknowledged", who, "")
}

func (m msgServer) FinalizeKey(ctx context.Context, msg *types.MsgFinalizeKey) (*types.MsgFinalizeKeyResponse, error) {
	if _, _, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer); err != nil {
		return nil, err
	}
	e, err := m.ceremonyOf(ctx, msg.ElectionId, types.CEREMONY_STATUS_COMPLAINING)
	if err != nil {
		return nil, err
	}
	c := e.KeyCeremony
	// Every trustee (a dealer left out still decrypts with the shares it
	// received) has acknowledged its shares, or the window closed.
	waiting := 0
	for _, t := range c.Trustees {
		if !t.Acknowledged && len(t.CommunicationKey) != 0 {
			waiting++
		}
	}
	if waiting > 0 && sdk.UnwrapSDKContext(ctx).BlockTime().Before(c.ComplaintDeadline) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d trustees have not acknowledged their shares; complaints are open until %s",
			waiting, c.ComplaintDeadline.Format(time.RFC3339))
	}
	var qualified []*secret.Deal
	for i, t := range c.Trustees {
		if t.Disqualified || !t.Dealt {
			continue
		}
		stored, err := m.KeyDeals.Get(ctx, collections.Join(e.Id, uint32(i+1)))
		if err != nil {
			return nil, err
		}
		d, err := stored.Crypto()
		if err != nil {
			return nil, err
		}
		qualified = append(qualified, d)
	}
	key := secret.ElectionKey(qualified)
	// The identity as a key would make every ballot readable (B = m·G): only
	// colluding dealers can make it, and it fails the ceremony.
	if len(qualified) < int(c.Threshold) || key.Equal(secret.Zero().A) == 1 {
		c.Status = types.CEREMONY_STATUS_FAILED
		if err := m.Elections.Set(ctx, e.Id, e); err != nil {
			return nil, err
		}
		return &types.MsgFinalizeKeyResponse{Status: c.Status}, m.ceremonyEvent(ctx, &e, "failed", "",
			fmt.Sprintf("%d qualified dealers, the threshold is %d (or their key is the identity): the election cannot open", len(qualified), c.Threshold))
	}
	c.ElectionKey = key.Encode(nil)
	for i, ps := range secret.PublicShares(qualified, len(c.Trustees)) {
		c.Trustees[i].PublicShare = ps.Encode(nil)
	}
	c.Status = types.CEREMONY_STATUS_FINAL
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgFinalizeKeyResponse{Status: c.Status, ElectionKey: c.ElectionKey}, m.ceremonyEvent(ctx, &e, "finalized", "",
		fmt.Sprintf("%d qualified dealers", len(qualified)))
}
