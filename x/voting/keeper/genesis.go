package keeper

import (
	"context"
	"slices"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"
	gogoproto "github.com/cosmos/gogoproto/proto"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// InitGenesis validates and loads the genesis state. Tallies and ranking
// counts are not trusted: they are rebuilt from the ballots and must equal
// the ones given (only each tally's invalid count is taken as given).
func (k Keeper) InitGenesis(ctx context.Context, gs *types.GenesisState) error {
	if err := gs.Validate(k.addressCodec); err != nil {
		return err
	}
	if err := k.Params.Set(ctx, gs.Params); err != nil {
		return err
	}
	elections := map[uint64]*types.Election{}
	running := map[uint64]*runningTally{}
	for i := range gs.Elections {
		e := &gs.Elections[i]
		elections[e.Id] = e
		if err := k.Elections.Set(ctx, e.Id, *e); err != nil {
			return err
		}
		if err := k.ElectionsByAgency.Set(ctx, collections.Join(e.AgencyId, e.Id)); err != nil {
			return err
		}
		if err := k.ElectionsByStatus.Set(ctx, collections.Join(int32(e.Status), e.Id)); err != nil {
			return err
		}
		var err error
		switch e.Status {
		case types.ELECTION_STATUS_SCHEDULED:
			if err = k.StartQueue.Set(ctx, collections.Join(e.StartTime, e.Id)); err == nil {
				err = k.EndQueue.Set(ctx, collections.Join(e.EndTime, e.Id))
			}
		case types.ELECTION_STATUS_OPEN:
			err = k.EndQueue.Set(ctx, collections.Join(e.EndTime, e.Id))
		case types.ELECTION_STATUS_CLOSED:
			err = k.FinalizeQueue.Set(ctx, e.Id)
		}
		if err != nil {
			return err
		}
		t := newTally(e)
		if running[e.Id], err = parseTally(t); err != nil {
			return err
		}
	}
	for _, ev := range gs.Voters {
		for _, v := range ev.Voters {
			addr, err := k.addressCodec.StringToBytes(v.Address)
			if err != nil {
				return err
			}
			if err := k.Voters.Set(ctx, collections.Join(ev.ElectionId, sdk.AccAddress(addr)), v.Weight); err != nil {
				return err
			}
		}
	}
	secretBallots := map[uint64][]types.Ballot{}
	for _, b := range gs.Ballots {
		e := elections[b.ElectionId]
		voter, err := k.addressCodec.StringToBytes(b.Voter)
		if err != nil {
			return err
		}
		if e.Privacy == types.PRIVACY_SECRET {
			// Checked (signature, proofs) and summed below, per election.
			if err := k.checkRegistryWeight(ctx, e, voter, &b); err != nil {
				return err
			}
			if err := k.Ballots.Set(ctx, collections.Join(b.ElectionId, sdk.AccAddress(voter)), b); err != nil {
				return err
			}
			secretBallots[b.ElectionId] = append(secretBallots[b.ElectionId], b)
			rt := running[b.ElectionId]
			rt.t.Ballots++
			rt.t.TurnoutWeight += b.Weight
			rt.t.Overwrites += uint64(b.Overwrites)
			continue
		}
		signBytes, err := types.SignBytes(e.ChainId, b.ElectionId, b.VoterPubKey, b.Counter, b.Answers)
		if err != nil {
			return err
		}
		if !slices.Equal(types.BallotHash(signBytes), b.Hash) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "ballot of %s in election %d: hash is not SHA-256 of its sign bytes on chain %q", b.Voter, b.ElectionId, e.ChainId)
		}
		if err := types.VerifyBallotSignature(b.VoterPubKey, signBytes, b.Signature); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "ballot of %s in election %d: %s", b.Voter, b.ElectionId, err)
		}
		if err := k.checkRegistryWeight(ctx, e, voter, &b); err != nil {
			return err
		}
		if err := k.Ballots.Set(ctx, collections.Join(b.ElectionId, sdk.AccAddress(voter)), b); err != nil {
			return err
		}
		rt := running[b.ElectionId]
		rt.t.Ballots++
		rt.t.TurnoutWeight += b.Weight
		rt.t.Overwrites += uint64(b.Overwrites)
		if err := k.apply(ctx, e, rt, b.Answers, b.Weight, true); err != nil {
			return err
		}
	}
	if err := k.initSecretState(ctx, gs, elections, secretBallots); err != nil {
		return err
	}
	for _, t := range gs.Tallies {
		rt := running[t.ElectionId]
		rt.t.Invalid = t.Invalid
		if e := elections[t.ElectionId]; e.Privacy == types.PRIVACY_SECRET && e.Status == types.ELECTION_STATUS_FINAL {
			// Its totals were checked against the partial decryptions.
			given, err := parseTally(t)
			if err != nil {
				return err
			}
			rt.totals = given.totals
		}
		rebuilt := rt.tally()
		if !gogoproto.Equal(&rebuilt, &t) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "tally of election %d does not match its ballots: want %v, got %v", t.ElectionId, rebuilt, t)
		}
		if err := k.Tallies.Set(ctx, t.ElectionId, t); err != nil {
			return err
		}
	}
	// The ranking counts were rebuilt by apply; the given ones must match.
	given := 0
	for _, er := range gs.Rankings {
		for _, rc := range er.Counts {
			w, err := k.Rankings.Get(ctx, collections.Join3(er.ElectionId, rc.Question, RankingBytes(rc.Ranking)))
			if err != nil || w != rc.Weight {
				return errorsmod.Wrapf(types.ErrInvalidGenesis, "ranking %v of election %d question %d: weight %d does not match its ballots", rc.Ranking, er.ElectionId, rc.Question, rc.Weight)
			}
			given++
		}
	}
	if n, err := common.CountKeys(ctx, k.Rankings); err != nil || n != given {
		return errorsmod.Wrapf(types.ErrInvalidGenesis, "the ballots give %d distinct rankings, genesis lists %d", n, given)
	}
	// A result must be what the tally gives (the height it was computed at
	// is taken as given).
	for _, r := range gs.Results {
		want, err := k.computeResult(ctx, elections[r.ElectionId])
		if err != nil {
			return err
		}
		want.Height = r.Height
		if !gogoproto.Equal(&want, &r) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "result of election %d is not what its tally gives: want %v, got %v", r.ElectionId, want, r)
		}
		if err := k.Results.Set(ctx, r.ElectionId, r); err != nil {
			return err
		}
	}
	if err := k.ElectionSeq.Set(ctx, gs.NextElectionId); err != nil {
		return errorsmod.Wrap(err, "next_election_id")
	}
	return nil
}

func (k Keeper) checkRegistryWeight(ctx context.Context, e *types.Election, voter []byte, b *types.Ballot) error {
	if e.Census.Type == types.CENSUS_TYPE_REGISTRY {
		w, err := k.Voters.Get(ctx, collections.Join(b.ElectionId, sdk.AccAddress(voter)))
		if err != nil || w != b.Weight {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "ballot of %s in election %d: weight %d is not its registry weight", b.Voter, b.ElectionId, b.Weight)
		}
	}
	return nil
}

// initSecretState loads the secret elections' key deals (checked by
// GenesisState.Validate), sums and partial decryptions, re-checking: every
// ballot's signature and
// proofs, and the sums against the ballots re-added; every partial
// decryption's proofs; and a FINAL election's totals against the first
// threshold partial decryptions.
func (k Keeper) initSecretState(ctx context.Context, gs *types.GenesisState, elections map[uint64]*types.Election, ballots map[uint64][]types.Ballot) error {
	// The deals, key and public shares were checked by gs.Validate.
	for _, d := range gs.KeyDeals {
		if err := k.KeyDeals.Set(ctx, collections.Join(d.ElectionId, d.Dealer), d); err != nil {
			return err
		}
	}
	sums := map[uint64]types.EncryptedTally{}
	for _, t := range gs.EncryptedTallies {
		sums[t.ElectionId] = t
	}
	for i := range gs.Elections {
		e := elections[gs.Elections[i].Id]
		c := e.KeyCeremony
		if c == nil || c.Status != types.CEREMONY_STATUS_FINAL {
			if _, ok := sums[e.Id]; ok || len(ballots[e.Id]) != 0 {
				return errorsmod.Wrapf(types.ErrInvalidGenesis, "election %d has ballots or encrypted sums and no election key", e.Id)
			}
			continue
		}
		added, err := SumSecretBallots(k.addressCodec, e, ballots[e.Id])
		if err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "election %d: %s", e.Id, err)
		}
		stored, ok := sums[e.Id]
		if !ok {
			stored = types.NewEncryptedTally(e)
		}
		if !sumsEqual(added, &stored) {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "election %d: its encrypted sums are not its ballots' re-added", e.Id)
		}
		if ok {
			if err := k.EncryptedTallies.Set(ctx, e.Id, stored); err != nil {
				return err
			}
		}
		sums[e.Id] = stored
	}
	parts := map[uint64][]types.PartialDecryption{}
	for _, p := range gs.PartialDecryptions {
		e := elections[p.ElectionId]
		stored := sums[p.ElectionId]
		if err := CheckPartialDecryption(e, &stored, p.Trustee, p.Shares); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "election %d: %s", p.ElectionId, err)
		}
		if err := k.PartialDecryptions.Set(ctx, collections.Join(p.ElectionId, p.Trustee), p); err != nil {
			return err
		}
		parts[p.ElectionId] = append(parts[p.ElectionId], p)
	}
	for _, t := range gs.Tallies {
		e := elections[t.ElectionId]
		if e.Privacy != types.PRIVACY_SECRET || e.Status != types.ELECTION_STATUS_FINAL {
			continue
		}
		if err := checkPublishedTotals(e, sums[e.Id], parts[e.Id], &t); err != nil {
			return errorsmod.Wrapf(types.ErrInvalidGenesis, "election %d: %s", e.Id, err)
		}
	}
	return nil
}

// checkPublishedTotals checks a tally's totals against the first threshold
// partial decryptions (by trustee index), as MsgPublishTotals did.
func checkPublishedTotals(e *types.Election, sums types.EncryptedTally, parts []types.PartialDecryption, t *types.Tally) error {
	parts, err := firstThreshold(e, parts)
	if err != nil {
		return err
	}
	return eachSum(&sums, parts, func(qi, oi, _ int, ct secret.Ciphertext, pds []secret.PartialDecryption) error {
		d, err := math.LegacyNewDecFromStr(t.Questions[qi].Totals[oi])
		if err != nil || !d.IsInteger() || d.IsNegative() || !d.TruncateInt().IsUint64() {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: total %q is not a count", qi, oi, t.Questions[qi].Totals[oi])
		}
		if err := secret.CheckTotal(ct, pds, d.TruncateInt().Uint64()); err != nil {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: %s", qi, oi, err)
		}
		return nil
	})
}

// ExportGenesis exports the whole state; InitGenesis of the result restores it.
func (k Keeper) ExportGenesis(ctx context.Context) (*types.GenesisState, error) {
	gs := &types.GenesisState{}
	var err error
	if gs.Params, err = k.Params.Get(ctx); err != nil {
		return nil, err
	}
	if gs.NextElectionId, err = k.ElectionSeq.Peek(ctx); err != nil {
		return nil, err
	}
	if gs.Elections, err = common.Values(ctx, k.Elections); err != nil {
		return nil, err
	}
	if gs.Ballots, err = common.Values(ctx, k.Ballots); err != nil {
		return nil, err
	}
	if gs.Tallies, err = common.Values(ctx, k.Tallies); err != nil {
		return nil, err
	}
	if gs.Results, err = common.Values(ctx, k.Results); err != nil {
		return nil, err
	}
	if gs.KeyDeals, err = common.Values(ctx, k.KeyDeals); err != nil {
		return nil, err
	}
	if gs.EncryptedTallies, err = common.Values(ctx, k.EncryptedTallies); err != nil {
		return nil, err
	}
	if gs.PartialDecryptions, err = common.Values(ctx, k.PartialDecryptions); err != nil {
		return nil, err
	}
	err = k.Voters.Walk(ctx, nil, func(key BallotKey, w uint64) (bool, error) {
		if n := len(gs.Voters); n == 0 || gs.Voters[n-1].ElectionId != key.K1() {
			gs.Voters = append(gs.Voters, types.ElectionVoters{ElectionId: key.K1()})
		}
		ev := &gs.Voters[len(gs.Voters)-1]
		ev.Voters = append(ev.Voters, types.Voter{Address: k.addrString(key.K2()), Weight: w})
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	err = k.Rankings.Walk(ctx, nil, func(key RankingKey, w uint64) (bool, error) {
		if n := len(gs.Rankings); n == 0 || gs.Rankings[n-1].ElectionId != key.K1() {
			gs.Rankings = append(gs.Rankings, types.ElectionRankings{ElectionId: key.K1()})
		}
		er := &gs.Rankings[len(gs.Rankings)-1]
		er.Counts = append(er.Counts, types.RankingCount{Question: key.K2(), Ranking: DecodeRanking(key.K3()), Weight: w})
		return false, nil
	})
	return gs, err
}
