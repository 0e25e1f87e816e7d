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
		if e.Status == ELECTION_STATUS_TALLYING && e.Privacy != PRIVACY_SECRET {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: only a secret election is TALLYING", e.Id)
		}
		if err := ValidateCeremonyState(e); err != nil {
			return err
		}
		if c := e.KeyCeremony; c != nil {
			for _, t := range c.Trustees {
				if err := common.CheckCanonicalAddress(ac, ErrInvalidGenesis, "trustee", t.Address); err != nil {
					return err
				}
			}
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
		// cancelled_by is empty when the chain cancelled it (a secret
		// election without a key at its start).
		cancelled := e.Status == ELECTION_STATUS_CANCELLED
		if cancelled != (e.CancelReason != "") || !cancelled && e.CancelledBy != "" {
			return errorsmod.Wrapf(ErrInvalidGenesis, "election %d: cancel_reason is set exactly when it is cancelled, and cancelled_by only then", e.Id)
		}
		if e.CancelledBy != "" {
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
	for i := range gs.Elections {
		e := &gs.Elections[i]
		id := e.Id
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
		if e.Privacy == PRIVACY_SECRET {
			// Its proofs are checked by InitGenesis (with the election key).
			if len(b.Answers) != 0 || len(b.EncryptedAnswers) != len(e.Questions) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s in secret election %d: %d answers in the clear and %d encrypted, want 0 and %d",
					b.Voter, b.ElectionId, len(b.Answers), len(b.EncryptedAnswers), len(e.Questions))
			}
		} else {
			if len(b.EncryptedAnswers) != 0 {
				return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s in public election %d has encrypted answers", b.Voter, b.ElectionId)
			}
			if err := ValidateAnswers(e, b.Answers); err != nil {
				return errorsmod.Wrapf(ErrInvalidGenesis, "ballot of %s in election %d: %s", b.Voter, b.ElectionId, err)
			}
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
	for i := range gs.Elections {
		id := gs.Elections[i].Id
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
	for i := range gs.Elections {
		e := &gs.Elections[i]
		id := e.Id
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
	return validateSecretState(gs, elections)
}

// validateSecretState checks the key deals (with their proofs, the key and
// the public shares), encrypted tallies and partial decryptions against
// their elections (InitGenesis then re-adds the ballots into the sums and
// checks every partial decryption's proofs).
func validateSecretState(gs *GenesisState, elections map[uint64]*Election) error {
	secretOf := func(what string, id uint64) (*Election, error) {
		e := elections[id]
		if e == nil || e.Privacy != PRIVACY_SECRET {
			return nil, errorsmod.Wrapf(ErrInvalidGenesis, "%s of election %d: no such secret election", what, id)
		}
		return e, nil
	}
	// Each ceremony against its deals: every deal's proofs, and a FINAL
	// key and public shares recomputed from the qualified ones.
	deals := map[uint64][]KeyDeal{}
	for _, d := range gs.KeyDeals {
		if _, err := secretOf("key deal", d.ElectionId); err != nil {
			return err
		}
		deals[d.ElectionId] = append(deals[d.ElectionId], d)
	}
	for i := range gs.Elections {
		if err := CheckCeremonyDeals(&gs.Elections[i], deals[gs.Elections[i].Id]); err != nil {
			return errorsmod.Wrapf(ErrInvalidGenesis, "%s", err)
		}
	}
	sums := map[uint64]bool{}
	for _, t := range gs.EncryptedTallies {
		e, err := secretOf("encrypted tally", t.ElectionId)
		if err != nil {
			return err
		}
		if sums[t.ElectionId] || len(t.Questions) != len(e.Questions) {
			return errorsmod.Wrapf(ErrInvalidGenesis, "encrypted tally of election %d: listed twice or wrong questions", t.ElectionId)
		}
		sums[t.ElectionId] = true
		for qi, q := range t.Questions {
			if len(q.Options) != len(e.Questions[qi].Options) {
				return errorsmod.Wrapf(ErrInvalidGenesis, "encrypted tally of election %d question %d: %d sums for %d options", t.ElectionId, qi, len(q.Options), len(e.Questions[qi].Options))
			}
		}
	}
	parts := map[[2]uint64]bool{}
	for _, p := range gs.PartialDecryptions {
		e, err := secretOf("partial decryption", p.ElectionId)
		if err != nil {
			return err
		}
		if e.Status != ELECTION_STATUS_TALLYING && e.Status != ELECTION_STATUS_FINAL {
			return errorsmod.Wrapf(ErrInvalidGenesis, "partial decryption of election %d: it is %s (sums are decrypted after the end)", p.ElectionId, e.Status)
		}
		if p.Trustee < 1 || int(p.Trustee) > len(e.KeyCeremony.Trustees) || parts[[2]uint64{p.ElectionId, uint64(p.Trustee)}] {
			return errorsmod.Wrapf(ErrInvalidGenesis, "partial decryption of election %d: trustee %d is not a trustee, or is listed twice", p.ElectionId, p.Trustee)
		}
		parts[[2]uint64{p.ElectionId, uint64(p.Trustee)}] = true
	}
	return nil
}
