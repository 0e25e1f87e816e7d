package types

import (
	"bytes"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	"github.com/civitas-chain/civitas/x/common"
)

// DefaultGenesisState has no elections; ids start at 1.
func DefaultGenesisState() *GenesisState {
	return &GenesisState{Params: DefaultParams(), NextElectionId: 1}
}

// Validate checks the genesis state on its own (InitGenesis also rebuilds
// every tally from the ballots and compares).
func (gs *GenesisState) Validate(ac address.Codec) error {
	if err := gs.Params.Validate(); err != nil {
		return err
	}
	if gs.NextElectionId == 0 {
		return errorsmod.Wrap(ErrInvalidGenesis, "next_election_id must be at least 1")
	}
	// Secret elections are not accepted yet (issue 11 in progress): no
	// election is SECRET (ValidateElection), so no key deal may be listed.
	if n := len(gs.KeyDeals) + len(gs.EncryptedTallies) + len(gs.PartialDecryptions); n != 0 {
		return errorsmod.Wrapf(ErrInvalidGenesis, "%d key deals, encrypted tallies or partial decryptions: secret elections are not accepted yet", n)
	}
	hard := HardParams()
	elections := make(map[uint64]*Election, len(gs.Elections))
	for i := range gs.Elections {
		e := &gs.Elections[i]
		if e.Id == 0 || e.Id >= gs.NextElectionId {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election id %d must be from 1 to next_election_id-1 (%d)", e.Id, gs.NextElectionId-1)
		}
		if elections[e.Id] != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d appears twice", e.Id)
		}
		elections[e.Id] = e
		if err := ValidateElection(e, hard); err != nil {
			return errorsmod.Wrapf(err, "election %d", e.Id)
		}
		if e.AgencyId == 0 {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d has no agency", e.Id)
		}
		if _, ok := ElectionStatus_name[int32(e.Status)]; !ok || e.Status == ELECTION_STATUS_UNSPECIFIED {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d has status %d", e.Id, e.Status)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "creator", e.Creator); err != nil {
			return err
		}
		if r := e.VoterRule; r != nil {
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "voter_rule.contract", r.Contract); err != nil {
				return err
			}
			if r.CodeId == 0 || r.GasLimit < MinRuleGasLimit || r.GasLimit > HardMaxRuleGasLimit {
				return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: voter_rule needs a code id and a gas limit of %d to %d", e.Id, MinRuleGasLimit, HardMaxRuleGasLimit)
			}
		}
		for _, q := range e.Questions {
			for _, o := range q.Options {
				if o.Beneficiary != "" {
					if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "beneficiary", o.Beneficiary); err != nil {
						return err
					}
				}
			}
		}
		cancelled := e.Status == ELECTION_STATUS_CANCELLED
		if cancelled != (e.CancelReason != "") || cancelled != (e.CancelledBy != "") {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: cancel_reason and cancelled_by are set exactly when it is cancelled", e.Id)
		}
		if cancelled {
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "cancelled_by", e.CancelledBy); err != nil {
				return err
			}
		}
	}
	// Registry voters: each election's entries must add up to its census.
	seenVoters := map[uint64]bool{}
	for _, ev := range gs.Voters {
		e := elections[ev.ElectionId]
		if e == nil || e.Census.Type != CENSUS_TYPE_REGISTRY || seenVoters[ev.ElectionId] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "voters of election %d: no such registry election, or listed twice", ev.ElectionId)
		}
		seenVoters[ev.ElectionId] = true
		seen := map[string]bool{}
		var total uint64
		for _, v := range ev.Voters {
			if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "voter", v.Address); err != nil {
				return err
			}
			if seen[v.Address] || v.Weight == 0 || total+v.Weight < total {
				return errorsmod.Wrapf(ErrInvalidGenesis, "election %d voter %s: listed twice, zero weight or total overflow", ev.ElectionId, v.Address)
			}
			seen[v.Address] = true
			total += v.Weight
		}
		if uint64(len(ev.Voters)) != e.Census.Voters || total != e.Census.TotalWeight {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: %d voters of weight %d listed, census says %d of %d",
				ev.ElectionId, len(ev.Voters), total, e.Census.Voters, e.Census.TotalWeight)
		}
	}
	for id, e := range elections {
		if e.Census.Type == CENSUS_TYPE_REGISTRY && e.Census.Voters != 0 && !seenVoters[id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: census has %d voters, none listed", id, e.Census.Voters)
		}
	}
	seenBallots := map[string]bool{}
	// Per election: ballots and their weight, within the census.
	counted := map[uint64][2]uint64{}
	for i := range gs.Ballots {
		b := &gs.Ballots[i]
		e := elections[b.ElectionId]
		if e == nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "ballot %d: no election %d", i, b.ElectionId)
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "ballot voter", b.Voter); err != nil {
			return err
		}
		if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "ballot relayer", b.Relayer); err != nil {
			return err
		}
		addr, err := VoterAddress(b.VoterPubKey)
		if err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s: %s", b.Voter, err)
		}
		voter, _ := ac.StringToBytes(b.Voter)
		if !bytes.Equal(addr, voter) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s: its public key is another account's", b.Voter)
		}
		key := string(BallotStoreKey(b.ElectionId, voter))
		if seenBallots[key] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "two ballots of %s in election %d", b.Voter, b.ElectionId)
		}
		seenBallots[key] = true
		if err := ValidateAnswers(e, b.Answers); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s in election %d: %s", b.Voter, b.ElectionId, err)
		}
		if b.Weight == 0 || len(b.Signature) != SignatureSize || len(b.Hash) != 32 || b.Overwrites > e.MaxRevotes {
			return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s in election %d: zero weight, bad signature or hash length, or too many overwrites", b.Voter, b.ElectionId)
		}
		c := counted[b.ElectionId]
		if c[0]+1 > e.Census.Voters || b.Weight > e.Census.TotalWeight-c[1] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: its ballots exceed the census of %d voters and weight %d", b.ElectionId, e.Census.Voters, e.Census.TotalWeight)
		}
		counted[b.ElectionId] = [2]uint64{c[0] + 1, c[1] + b.Weight}
	}
	seenTallies := map[uint64]bool{}
	for _, t := range gs.Tallies {
		e := elections[t.ElectionId]
		if e == nil || seenTallies[t.ElectionId] || len(t.Questions) != len(e.Questions) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "tally of election %d: no such election, listed twice or wrong questions", t.ElectionId)
		}
		seenTallies[t.ElectionId] = true
		for qi, q := range t.Questions {
			if len(q.Totals) != len(e.Questions[qi].Options) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "tally of election %d question %d: %d totals for %d options", t.ElectionId, qi, len(q.Totals), len(e.Questions[qi].Options))
			}
			for _, s := range q.Totals {
				if _, err := math.LegacyNewDecFromStr(s); err != nil {
					return errorsmod.Wrapf(ErrInvalidGenesis, "tally of election %d question %d: %s", t.ElectionId, qi, err)
				}
			}
		}
	}
	for id := range elections {
		if !seenTallies[id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d has no tally", id)
		}
	}
	seenResults := map[uint64]bool{}
	for _, r := range gs.Results {
		e := elections[r.ElectionId]
		if e == nil || e.Status != ELECTION_STATUS_FINAL || seenResults[r.ElectionId] || len(r.Questions) != len(e.Questions) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "result of election %d: not a FINAL election, listed twice or wrong questions", r.ElectionId)
		}
		seenResults[r.ElectionId] = true
	}
	for id, e := range elections {
		if e.Status == ELECTION_STATUS_FINAL && !seenResults[id] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "FINAL election %d has no result", id)
		}
	}
	for _, er := range gs.Rankings {
		e := elections[er.ElectionId]
		if e == nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "rankings of unknown election %d", er.ElectionId)
		}
	}
	return nil
}
