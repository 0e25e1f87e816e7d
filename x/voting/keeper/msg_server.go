package keeper

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	"github.com/cosmos/gogoproto/proto"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"
	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	sdk "github.com/cosmos/cosmos-sdk/types"

	agencytypes "github.com/civitas-chain/civitas/x/agency/types"
	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/types"
)

type msgServer struct {
	Keeper
}

var _ types.MsgServer = msgServer{}

// NewMsgServerImpl returns the module's Msg service. Every handler validates
// its whole input and the signer's right before it writes anything, and
// returns a registered error that names the wrong value. MsgCastBallots is
// the one exception by design: each ballot stands alone (see CastBallots).
func NewMsgServerImpl(k Keeper) types.MsgServer { return msgServer{Keeper: k} }

func (k Keeper) checkAuthority(authority string) error {
	bz, err := k.addressCodec.StringToBytes(authority)
	auth, err2 := k.addressCodec.StringToBytes(k.authority)
	if err != nil || err2 != nil || !bytes.Equal(bz, auth) {
		return errorsmod.Wrapf(types.ErrInvalidAuthority, "expected %s, got %s", k.authority, authority)
	}
	return nil
}

// checkOfficer checks that the agency is active and signer is one of its
// election officers; it returns the signer's canonical address.
func (k Keeper) checkOfficer(ctx context.Context, agencyID uint64, signer string) (string, error) {
	addr, canonical, err := common.ParseAddress(k.addressCodec, types.ErrInvalidAddress, "officer", signer)
	if err != nil {
		return "", err
	}
	active, err := k.agency.IsAgencyActive(ctx, agencyID)
	if err != nil {
		return "", err
	}
	if !active {
		return "", errorsmod.Wrapf(types.ErrAgencyNotActive, "agency %d is unknown or suspended", agencyID)
	}
	ok, err := k.agency.HasRole(ctx, agencyID, addr, agencytypes.ROLE_ELECTION_OFFICER)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", errorsmod.Wrapf(types.ErrUnauthorized, "%s is not an election officer of agency %d", canonical, agencyID)
	}
	return canonical, nil
}

// GetElection returns an election, or ErrElectionNotFound.
func (k Keeper) GetElection(ctx context.Context, id uint64) (types.Election, error) {
	e, err := k.Elections.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return e, errorsmod.Wrapf(types.ErrElectionNotFound, "election %d", id)
	}
	return e, err
}

// setStatus moves an election to a new status and keeps the status index.
func (k Keeper) setStatus(ctx context.Context, e *types.Election, status types.ElectionStatus) error {
	if err := k.ElectionsByStatus.Remove(ctx, collections.Join(int32(e.Status), e.Id)); err != nil {
		return err
	}
	e.Status = status
	if err := k.ElectionsByStatus.Set(ctx, collections.Join(int32(status), e.Id)); err != nil {
		return err
	}
	return k.Elections.Set(ctx, e.Id, *e)
}

func (m msgServer) CreateElection(ctx context.Context, msg *types.MsgCreateElection) (*types.MsgCreateElectionResponse, error) {
	officer, err := m.checkOfficer(ctx, msg.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	e := types.Election{
		AgencyId:        msg.AgencyId,
		Creator:         officer,
		Title:           msg.Title,
		Description:     msg.Description,
		DocumentsUri:    msg.DocumentsUri,
		DocumentsSha256: msg.DocumentsSha256,
		Questions:       msg.Questions,
		Census: types.Census{
			Type:        msg.CensusType,
			MerkleRoot:  msg.MerkleRoot,
			Voters:      msg.MerkleVoters,
			TotalWeight: msg.MerkleTotalWeight,
		},
		Privacy:       types.PRIVACY_PUBLIC,
		StartTime:     msg.StartTime.UTC(),
		EndTime:       msg.EndTime.UTC(),
		MaxRevotes:    msg.MaxRevotes,
		QuorumBps:     msg.QuorumBps,
		Status:        types.ELECTION_STATUS_SCHEDULED,
		CreatedHeight: sdkCtx.BlockHeight(),
		ChainId:       sdkCtx.ChainID(),
	}
	switch msg.Privacy {
	case types.PRIVACY_UNSPECIFIED, types.PRIVACY_PUBLIC:
		if len(msg.Trustees) != 0 || msg.Threshold != 0 {
			return nil, errorsmod.Wrap(types.ErrInvalidElection, "only a secret election has trustees and a threshold")
		}
	case types.PRIVACY_SECRET:
		e.Privacy = types.PRIVACY_SECRET
		e.KeyCeremony = &types.KeyCeremony{Threshold: msg.Threshold, Status: types.CEREMONY_STATUS_REGISTERING}
		for i, t := range msg.Trustees {
			if t, err = common.CanonicalAddress(m.addressCodec, types.ErrInvalidAddress, fmt.Sprintf("trustees[%d]", i), t); err != nil {
				return nil, err
			}
			e.KeyCeremony.Trustees = append(e.KeyCeremony.Trustees, types.Trustee{Address: t})
		}
	default:
		return nil, errorsmod.Wrapf(types.ErrInvalidElection, "privacy must be %s or %s, got %d", types.PRIVACY_PUBLIC, types.PRIVACY_SECRET, msg.Privacy)
	}
	if msg.CensusType == types.CENSUS_TYPE_REGISTRY && (msg.MerkleVoters != 0 || msg.MerkleTotalWeight != 0) {
		return nil, errorsmod.Wrap(types.ErrInvalidElection, "a registry census has no merkle_voters or merkle_total_weight: add voters with MsgSetVoters")
	}
	if err := types.ValidateElection(&e, params); err != nil {
		return nil, err
	}
	if !e.StartTime.After(sdkCtx.BlockTime()) {
		return nil, errorsmod.Wrapf(types.ErrInvalidElection, "start_time %s must be after the block time %s",
			e.StartTime.Format("2006-01-02T15:04:05Z"), sdkCtx.BlockTime().UTC().Format("2006-01-02T15:04:05Z"))
	}
	// Beneficiaries of funded projects, in canonical form.
	for qi := range e.Questions {
		for oi := range e.Questions[qi].Options {
			o := &e.Questions[qi].Options[oi]
			if o.Beneficiary != "" {
				if o.Beneficiary, err = common.CanonicalAddress(m.addressCodec, types.ErrInvalidAddress,
					fmt.Sprintf("questions[%d].options[%d].beneficiary", qi, oi), o.Beneficiary); err != nil {
					return nil, err
				}
			}
		}
	}
	id, err := m.ElectionSeq.Peek(ctx)
	if err != nil {
		return nil, err
	}
	// A participatory budget reserves its envelope on its line now: an
	// envelope over what is left on the line refuses the election.
	for qi, q := range e.Questions {
		if q.BudgetLineId != 0 {
			if err := m.budget.ReserveForElection(ctx, e.AgencyId, q.BudgetLineId, id, math.NewIntFromUint64(q.Envelope)); err != nil {
				return nil, errorsmod.Wrapf(types.ErrInvalidElection, "question %d, line %d: %s", qi, q.BudgetLineId, err)
			}
		}
	}
	if _, err := m.ElectionSeq.Next(ctx); err != nil {
		return nil, err
	}
	e.Id = id
	if err := m.Elections.Set(ctx, id, e); err != nil {
		return nil, err
	}
	if err := m.ElectionsByAgency.Set(ctx, collections.Join(e.AgencyId, id)); err != nil {
		return nil, err
	}
	if err := m.ElectionsByStatus.Set(ctx, collections.Join(int32(e.Status), id)); err != nil {
		return nil, err
	}
	if err := m.Tallies.Set(ctx, id, newTally(&e)); err != nil {
		return nil, err
	}
	if err := m.StartQueue.Set(ctx, collections.Join(e.StartTime, id)); err != nil {
		return nil, err
	}
	if err := m.EndQueue.Set(ctx, collections.Join(e.EndTime, id)); err != nil {
		return nil, err
	}
	return &types.MsgCreateElectionResponse{ElectionId: id}, common.EmitEvent(ctx, &types.EventElectionCreated{
		ElectionId: id, AgencyId: e.AgencyId, Creator: officer, Title: e.Title, CensusType: e.Census.Type,
		StartTime: e.StartTime, EndTime: e.EndTime, Privacy: e.Privacy,
	})
}

func (m msgServer) SetVoters(ctx context.Context, msg *types.MsgSetVoters) (*types.MsgSetVotersResponse, error) {
	e, err := m.GetElection(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, e.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	if e.Census.Type != types.CENSUS_TYPE_REGISTRY {
		return nil, errorsmod.Wrapf(types.ErrInvalidVoters, "election %d has a %s census: its voters are fixed by the Merkle root", e.Id, e.Census.Type)
	}
	sdkCtx := sdk.UnwrapSDKContext(ctx)
	if e.Status != types.ELECTION_STATUS_SCHEDULED || !sdkCtx.BlockTime().Before(e.StartTime) {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "the census of election %d can change only before its start (status %s)", e.Id, e.Status)
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if n := uint32(len(msg.Voters)); n == 0 || n > params.MaxVotersPerMsg {
		return nil, errorsmod.Wrapf(types.ErrInvalidVoters, "a message sets 1 to %d voters, got %d", params.MaxVotersPerMsg, n)
	}
	// Validate every entry and compute the new census before writing.
	type change struct {
		addr   sdk.AccAddress
		weight uint64
	}
	changes := make([]change, len(msg.Voters))
	seen := make(map[string]int, len(msg.Voters))
	voters, total := e.Census.Voters, e.Census.TotalWeight
	for i, v := range msg.Voters {
		addr, canonical, err := common.ParseAddress(m.addressCodec, types.ErrInvalidVoters, fmt.Sprintf("voters[%d]", i), v.Address)
		if err != nil {
			return nil, err
		}
		if j, dup := seen[canonical]; dup {
			return nil, errorsmod.Wrapf(types.ErrInvalidVoters, "voters[%d] and voters[%d] are both %s", j, i, canonical)
		}
		seen[canonical] = i
		old, err := m.Voters.Get(ctx, collections.Join(e.Id, addr))
		if err != nil && !errors.Is(err, collections.ErrNotFound) {
			return nil, err
		}
		if old != 0 {
			voters--
			total -= old
		}
		if v.Weight != 0 {
			if total+v.Weight < total {
				return nil, errorsmod.Wrapf(types.ErrInvalidVoters, "voters[%d]: the census total weight would overflow", i)
			}
			voters++
			total += v.Weight
		}
		changes[i] = change{addr, v.Weight}
	}
	if e.Privacy == types.PRIVACY_SECRET && total > types.MaxSecretWeight {
		return nil, errorsmod.Wrapf(types.ErrInvalidVoters, "a secret election's census weighs at most %d (its totals are found by a bounded discrete log), this one would weigh %d", uint64(types.MaxSecretWeight), total)
	}
	for _, c := range changes {
		key := collections.Join(e.Id, c.addr)
		if c.weight == 0 {
			err = m.Voters.Remove(ctx, key)
		} else {
			err = m.Voters.Set(ctx, key, c.weight)
		}
		if err != nil {
			return nil, err
		}
	}
	e.Census.Voters, e.Census.TotalWeight = voters, total
	if err := m.Elections.Set(ctx, e.Id, e); err != nil {
		return nil, err
	}
	return &types.MsgSetVotersResponse{Voters: voters, TotalWeight: total}, common.EmitEvent(ctx, &types.EventVotersSet{
		ElectionId: e.Id, Officer: officer, Changed: uint64(len(changes)), Voters: voters, TotalWeight: total,
	})
}

func (m msgServer) CancelElection(ctx context.Context, msg *types.MsgCancelElection) (*types.MsgCancelElectionResponse, error) {
	e, err := m.GetElection(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	officer, err := m.checkOfficer(ctx, e.AgencyId, msg.Officer)
	if err != nil {
		return nil, err
	}
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if err := checkReason(msg.Reason, params); err != nil {
		return nil, err
	}
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	if (e.Status != types.ELECTION_STATUS_SCHEDULED && e.Status != types.ELECTION_STATUS_OPEN) || !now.Before(e.EndTime) {
		return nil, errorsmod.Wrapf(types.ErrWrongStatus, "election %d can be cancelled only before its end (status %s)", e.Id, e.Status)
	}
	if err := m.StartQueue.Remove(ctx, collections.Join(e.StartTime, e.Id)); err != nil {
		return nil, err
	}
	if err := m.EndQueue.Remove(ctx, collections.Join(e.EndTime, e.Id)); err != nil {
		return nil, err
	}
	e.CancelReason, e.CancelledBy = msg.Reason, officer
	if err := m.setStatus(ctx, &e, types.ELECTION_STATUS_CANCELLED); err != nil {
		return nil, err
	}
	for _, q := range e.Questions {
		if q.BudgetLineId != 0 {
			if err := m.budget.ReleaseForElection(ctx, e.Id, q.BudgetLineId, "election cancelled: "+msg.Reason); err != nil {
				return nil, err
			}
		}
	}
	return &types.MsgCancelElectionResponse{}, common.EmitEvent(ctx, &types.EventElectionStatusChanged{
		ElectionId: e.Id, Status: e.Status, Reason: msg.Reason, By: officer,
	})
}

func checkReason(reason string, p types.Params) error {
	if len(reason) == 0 || len(reason) > int(p.MaxDescriptionLength) {
		return errorsmod.Wrapf(types.ErrInvalidElection, "a reason of 1 to %d bytes is required, got %d", p.MaxDescriptionLength, len(reason))
	}
	return nil
}

// CastBallots counts relayed ballots. It charges exactly
// types.CastBallotsGas and runs its store access unmetered (see gas.go).
//
// The message fails, changing nothing, when it is malformed (bad relayer
// address, no ballots, more than max_ballots_per_tx) or when a ballot fails
// a check that cannot change between CheckTx and the block (signature,
// answers, census proof, unknown election): CheckTx refuses such a
// transaction, so only a path that skipped CheckTx carries one. A ballot
// refused for a reason that can arise in between (IsRace: a later ballot of
// the same voter, the end of the window or a cancellation came first) is
// refused alone: counted in its election's invalid count (unless the
// election is FINAL or CANCELLED: its tally is frozen), reported in the
// response and an EventBallotRefused, while the others are counted.
func (m msgServer) CastBallots(goCtx context.Context, msg *types.MsgCastBallots) (*types.MsgCastBallotsResponse, error) {
	_, relayer, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "relayer", msg.Relayer)
	if err != nil {
		return nil, err
	}
	sdkCtx := sdk.UnwrapSDKContext(goCtx)
	ctx := sdkCtx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	params, err := m.Params.Get(ctx)
	if err != nil {
		return nil, err
	}
	if n := uint32(len(msg.Ballots)); n == 0 || n > params.MaxBallotsPerTx {
		return nil, errorsmod.Wrapf(types.ErrTooManyBallots, "a message relays 1 to %d ballots, got %d", params.MaxBallotsPerTx, n)
	}
	cache := newElectionCache(m.Keeper)
	sdkCtx.GasMeter().ConsumeGas(types.CastBallotsGas(msg, func(id uint64) *types.Election {
		if ce := cache.get(ctx, id, true); ce.err == nil {
			return &ce.e
		}
		return nil
	}), "relayed ballots")
	outcomes := make([]types.BallotOutcome, len(msg.Ballots))
	for i := range msg.Ballots {
		if outcomes[i], err = m.castBallot(ctx, cache, &msg.Ballots[i], relayer); err != nil {
			return nil, errorsmod.Wrapf(err, "ballot %d", i)
		}
	}
	if err := cache.save(ctx); err != nil {
		return nil, err
	}
	return &types.MsgCastBallotsResponse{Outcomes: outcomes}, nil
}

// castBallot counts one ballot or refuses it (a race, see CastBallots); any
// other failure is returned and fails the message.
func (m msgServer) castBallot(ctx sdk.Context, cache *electionCache, b *types.SignedBallot, relayer string) (types.BallotOutcome, error) {
	ce := cache.get(ctx, b.ElectionId, true)
	if ce.err != nil {
		return types.BallotOutcome{}, ce.err
	}
	e, rt := &ce.e, ce.tally
	cb, err := m.checkBallot(ctx, e, b, sigCached)
	if err == nil {
		// Counted ballots and weight stay within the census (a dishonest
		// Merkle tree cannot make a sum overflow). checkBallot bounds the
		// weight by the total.
		turnout, newVoter := rt.t.TurnoutWeight, cb.prev == nil
		if !newVoter {
			turnout -= cb.prev.Weight
		}
		if (newVoter && rt.t.Ballots >= e.Census.Voters) || turnout > e.Census.TotalWeight-cb.weight {
			err = errorsmod.Wrapf(types.ErrCensusExceeded, "election %d: %d ballots of weight %d counted, census of %d voters and weight %d",
				e.Id, rt.t.Ballots, rt.t.TurnoutWeight, e.Census.Voters, e.Census.TotalWeight)
		}
	}
	if err != nil && !IsRace(err) {
		return types.BallotOutcome{}, err
	}
	voter := m.addrString(cb.voter)
	if err == nil {
		// The election's rule contract, if any, may refuse this ballot alone.
		err = m.checkVoterRule(ctx, e, voter)
	}
	hash := types.BallotHash(cb.signBytes)
	if err != nil {
		// An ended (closed, tallying, finished) or cancelled election's
		// tally is frozen.
		if e.Status == types.ELECTION_STATUS_SCHEDULED || e.Status == types.ELECTION_STATUS_OPEN {
			rt.t.Invalid++
		}
		// The outcome is part of the block's results hash: a rule's refusal
		// carries only the registered text there (a VM's error text need not
		// be the same on every node); the contract's reason is in the event.
		outErr := err.Error()
		if errors.Is(err, types.ErrRuleRefused) {
			outErr = fmt.Sprintf("%s (code %d; its reason is in the event %s)", types.ErrRuleRefused.Error(), types.ErrRuleRefused.ABCICode(),
				proto.MessageName(&types.EventBallotRefused{}))
		}
		out := types.BallotOutcome{Voter: voter, BallotHash: hash, Error: outErr}
		return out, common.EmitEvent(ctx, &types.EventBallotRefused{
			ElectionId: b.ElectionId, Voter: voter, BallotHash: fmt.Sprintf("%X", hash), Error: err.Error(),
		})
	}
	ballot := types.Ballot{
		ElectionId:  e.Id,
		Voter:       voter,
		VoterPubKey: b.VoterPubKey,
		Counter:     b.Counter,
		Answers:     b.Answers,
		Signature:   b.Signature,
		Weight:      cb.weight,
		Hash:        hash,
		Height:      ctx.BlockHeight(),
		Relayer:     relayer,
		// A secret ballot's ciphertexts and proofs are kept whole.
		EncryptedAnswers: b.EncryptedAnswers,
	}
	apply := func(answers []types.Answer, encrypted []types.EncryptedAnswer, weight uint64, add bool) error {
		if e.Privacy == types.PRIVACY_SECRET {
			return applyEncrypted(rt, encrypted, weight, add)
		}
		return m.apply(ctx, e, rt, answers, weight, add)
	}
	if cb.prev != nil {
		if err := apply(cb.prev.Answers, cb.prev.EncryptedAnswers, cb.prev.Weight, false); err != nil {
			return types.BallotOutcome{}, err
		}
		ballot.Overwrites = cb.prev.Overwrites + 1
		rt.t.Overwrites++
		rt.t.TurnoutWeight -= cb.prev.Weight
	} else {
		rt.t.Ballots++
	}
	rt.t.TurnoutWeight += cb.weight
	if err := apply(b.Answers, b.EncryptedAnswers, cb.weight, true); err != nil {
		return types.BallotOutcome{}, err
	}
	if err := m.Ballots.Set(ctx, collections.Join(e.Id, cb.voter), ballot); err != nil {
		return types.BallotOutcome{}, err
	}
	return types.BallotOutcome{Voter: voter, BallotHash: hash, Counted: true}, common.EmitEvent(ctx, &types.EventBallotCast{
		ElectionId: e.Id, Voter: voter, BallotHash: fmt.Sprintf("%X", hash), Counter: b.Counter, Weight: cb.weight,
		Overwrite: cb.prev != nil, Relayer: relayer,
	})
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

// IsOfficer reports whether signer may run elections of the agency (the
// check every officer message makes; used by the simulation).
func (k Keeper) IsOfficer(ctx context.Context, agencyID uint64, signer string) bool {
	_, err := k.checkOfficer(ctx, agencyID, signer)
	return err == nil
}

// IsAgencyActive reports whether the agency exists and is active (used by the simulation).
func (k Keeper) IsAgencyActive(ctx context.Context, agencyID uint64) bool {
	ok, err := k.agency.IsAgencyActive(ctx, agencyID)
	return err == nil && ok
}
