package keeper

import (
	"context"
	"errors"
	"time"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/voting/census"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// checkedBallot is a ballot that passed every check.
type checkedBallot struct {
	voter     sdk.AccAddress
	weight    uint64
	prev      *types.Ballot
	signBytes []byte
}

// sigMode says how a ballot's signature is checked.
type sigMode int

const (
	// sigVerify verifies and remembers a good signature (CheckTx).
	sigVerify sigMode = iota
	// sigCached verifies unless this node verified the same bytes before (block execution).
	sigCached
	// sigSkip does not check it (ReCheckTx: the transaction's bytes were checked when it entered the mempool).
	sigSkip
)

// checkBallot runs every check of a signed ballot against the current state,
// cheapest first, the signature last. It writes nothing.
func (k Keeper) checkBallot(ctx context.Context, e *types.Election, b *types.SignedBallot, mode sigMode) (checkedBallot, error) {
	now := sdk.UnwrapSDKContext(ctx).BlockTime()
	var cb checkedBallot
	if e.Status == types.ELECTION_STATUS_CANCELLED {
		return cb, errorsmod.Wrapf(types.ErrWrongStatus, "election %d was cancelled", e.Id)
	}
	if now.Before(e.StartTime) || !now.Before(e.EndTime) {
		return cb, errorsmod.Wrapf(types.ErrOutsideWindow, "election %d takes ballots from %s until %s, block time is %s",
			e.Id, e.StartTime.UTC().Format(time.RFC3339), e.EndTime.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339))
	}
	voter, err := types.VoterAddress(b.VoterPubKey)
	if err != nil {
		return cb, err
	}
	cb.voter = voter
	if e.Privacy == types.PRIVACY_SECRET {
		// Encrypted answers only, signed with the v2 sign bytes; their
		// proofs are checked with the signature (below).
		if len(b.Answers) != 0 {
			return cb, errorsmod.Wrapf(types.ErrInvalidBallot, "election %d is secret: a ballot carries encrypted answers only", e.Id)
		}
		if e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL {
			return cb, errorsmod.Wrapf(types.ErrWrongStatus, "election %d has no election key", e.Id)
		}
		if len(b.EncryptedAnswers) != len(e.Questions) {
			return cb, errorsmod.Wrapf(types.ErrInvalidAnswer, "%d encrypted answers for %d questions", len(b.EncryptedAnswers), len(e.Questions))
		}
		if cb.signBytes, err = types.SecretSignBytes(e.ChainId, b.ElectionId, b.VoterPubKey, b.Counter, b.EncryptedAnswers); err != nil {
			return cb, err
		}
	} else {
		// In a public ballot encrypted answers would be unsigned extra bytes.
		if len(b.EncryptedAnswers) != 0 {
			return cb, errorsmod.Wrapf(types.ErrInvalidBallot, "election %d is public: a ballot carries no encrypted answers", e.Id)
		}
		if err := types.ValidateAnswers(e, b.Answers); err != nil {
			return cb, err
		}
		if cb.signBytes, err = types.SignBytes(e.ChainId, b.ElectionId, b.VoterPubKey, b.Counter, b.Answers); err != nil {
			return cb, err
		}
	}
	switch e.Census.Type {
	case types.CENSUS_TYPE_REGISTRY:
		if b.CensusProof != nil {
			return cb, errorsmod.Wrapf(types.ErrInvalidBallot, "election %d has a registry census: a ballot carries no census proof", e.Id)
		}
		w, err := k.Voters.Get(ctx, collections.Join(e.Id, voter))
		if errors.Is(err, collections.ErrNotFound) {
			return cb, errorsmod.Wrapf(types.ErrNotInCensus, "%s is not a voter of election %d", k.addrString(voter), e.Id)
		}
		if err != nil {
			return cb, err
		}
		cb.weight = w
	case types.CENSUS_TYPE_MERKLE:
		p := b.CensusProof
		if p == nil {
			return cb, errorsmod.Wrapf(types.ErrBadCensusProof, "election %d has a Merkle census: the ballot needs its census proof", e.Id)
		}
		if p.Weight == 0 || p.Weight > e.Census.TotalWeight || !census.Verify(e.Census.MerkleRoot, e.Census.Voters, p.Index, census.LeafHash(voter, p.Weight), p.Siblings) {
			return cb, errorsmod.Wrapf(types.ErrBadCensusProof, "leaf of %s with weight %d at index %d is not in the census of election %d",
				k.addrString(voter), p.Weight, p.Index, e.Id)
		}
		cb.weight = p.Weight
	default:
		return cb, errorsmod.Wrapf(types.ErrInvalidElection, "election %d has no census", e.Id)
	}
	prev, err := k.Ballots.Get(ctx, collections.Join(e.Id, voter))
	switch {
	case errors.Is(err, collections.ErrNotFound):
	case err != nil:
		return cb, err
	case b.Counter <= prev.Counter:
		return cb, errorsmod.Wrapf(types.ErrStaleCounter, "%s already has a ballot with counter %d in election %d, this one has %d",
			k.addrString(voter), prev.Counter, e.Id, b.Counter)
	case e.MaxRevotes == 0:
		return cb, errorsmod.Wrapf(types.ErrRevoteNotAllowed, "%s already voted in election %d", k.addrString(voter), e.Id)
	case prev.Overwrites >= e.MaxRevotes:
		return cb, errorsmod.Wrapf(types.ErrRevoteLimit, "%s already replaced their ballot %d times in election %d (the maximum)",
			k.addrString(voter), prev.Overwrites, e.Id)
	default:
		cb.prev = &prev
	}
	// The signature, and a secret ballot's proofs, are checked together:
	// the cache holds ballots whose whole check passed on this node.
	verify := func() error {
		if err := types.VerifyBallotSignature(b.VoterPubKey, cb.signBytes, b.Signature); err != nil {
			return errorsmod.Wrapf(err, "ballot of %s in election %d", k.addrString(voter), e.Id)
		}
		if e.Privacy == types.PRIVACY_SECRET {
			return verifySecretAnswers(e, voter, b.EncryptedAnswers)
		}
		return nil
	}
	switch mode {
	case sigVerify:
		if err := verify(); err != nil {
			return cb, err
		}
		k.sigCache.Add(cb.signBytes, b.Signature)
	case sigCached:
		if !k.sigCache.Has(cb.signBytes, b.Signature) {
			if err := verify(); err != nil {
				return cb, err
			}
		}
	}
	return cb, nil
}

// IsRace reports whether a ballot refusal can arise between CheckTx and the
// block (another ballot of the voter, the end of the window or a
// cancellation came first, or the census's totals were reached): such a
// ballot is refused alone and counted invalid. Any other refusal (bad
// signature, answer, census proof, unknown election) cannot, so only a
// message that skipped CheckTx carries it (a proposer's own block, a
// contract, a nested message): it fails the whole message.
func IsRace(err error) bool {
	for _, race := range []error{types.ErrStaleCounter, types.ErrRevoteLimit, types.ErrRevoteNotAllowed,
		types.ErrOutsideWindow, types.ErrWrongStatus, types.ErrCensusExceeded, types.ErrRuleRefused} {
		if errors.Is(err, race) {
			return true
		}
	}
	return false
}

// addrString is the bech32 form of an address, for messages.
func (k Keeper) addrString(a sdk.AccAddress) string {
	s, err := k.addressCodec.BytesToString(a)
	if err != nil {
		return a.String()
	}
	return s
}

// electionCache holds the elections and tallies a message touches.
type electionCache struct {
	k     Keeper
	byID  map[uint64]*cachedElection
	order []uint64
}

type cachedElection struct {
	e     types.Election
	tally *runningTally
	err   error
}

func newElectionCache(k Keeper) *electionCache {
	return &electionCache{k: k, byID: map[uint64]*cachedElection{}}
}

// get returns the election (and its tally when withTally), or the error
// that refuses every ballot of it.
func (c *electionCache) get(ctx context.Context, id uint64, withTally bool) *cachedElection {
	if ce, ok := c.byID[id]; ok {
		return ce
	}
	ce := &cachedElection{}
	e, err := c.k.Elections.Get(ctx, id)
	switch {
	case errors.Is(err, collections.ErrNotFound):
		ce.err = errorsmod.Wrapf(types.ErrElectionNotFound, "election %d", id)
	case err != nil:
		ce.err = err
	default:
		ce.e = e
		if withTally {
			t, err := c.k.Tallies.Get(ctx, id)
			if err == nil {
				ce.tally, err = parseTally(t)
			}
			if err == nil && e.Privacy == types.PRIVACY_SECRET {
				ce.tally.enc, err = c.k.loadEncryptedTally(ctx, &e)
			}
			ce.err = err
		}
	}
	c.byID[id] = ce
	c.order = append(c.order, id)
	return ce
}

// save writes back every loaded tally, in the order first touched.
func (c *electionCache) save(ctx context.Context) error {
	for _, id := range c.order {
		if ce := c.byID[id]; ce.err == nil && ce.tally != nil {
			if err := c.k.Tallies.Set(ctx, id, ce.tally.tally()); err != nil {
				return err
			}
			if ce.tally.enc != nil {
				if err := c.k.EncryptedTallies.Set(ctx, id, encodeEncryptedTally(id, ce.tally.enc)); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// verifySecretAnswers checks every proof of a secret ballot (one batch).
func verifySecretAnswers(e *types.Election, voter sdk.AccAddress, answers []types.EncryptedAnswer) error {
	k, err := secret.DecodeElement(e.KeyCeremony.ElectionKey, "election key")
	if err != nil {
		return err
	}
	bt := secret.NewBatch(k)
	if err := types.AddSecretAnswers(bt, e, voter, answers); err != nil {
		return errorsmod.Wrapf(err, "ballot of %s in election %d", voter, e.Id)
	}
	if err := bt.Verify(); err != nil {
		return errorsmod.Wrapf(types.ErrInvalidAnswer, "ballot of %s in election %d: %s", voter, e.Id, err)
	}
	return nil
}

// loadEncryptedTally decodes a secret election's running sums (zero before
// any ballot), per question and option.
func (k Keeper) loadEncryptedTally(ctx context.Context, e *types.Election) ([][]secret.Ciphertext, error) {
	t, err := k.EncryptedTallies.Get(ctx, e.Id)
	if errors.Is(err, collections.ErrNotFound) {
		t, err = types.NewEncryptedTally(e), nil
	}
	if err != nil {
		return nil, err
	}
	return decodeSums(&t)
}

// decodeSums decodes stored ciphertext sums, per question and option.
func decodeSums(t *types.EncryptedTally) ([][]secret.Ciphertext, error) {
	out := make([][]secret.Ciphertext, len(t.Questions))
	for qi, q := range t.Questions {
		for _, raw := range q.Options {
			ct, err := secret.DecodeCiphertext(raw)
			if err != nil {
				return nil, err
			}
			out[qi] = append(out[qi], ct)
		}
	}
	return out, nil
}

func encodeEncryptedTally(id uint64, sums [][]secret.Ciphertext) types.EncryptedTally {
	t := types.EncryptedTally{ElectionId: id, Questions: make([]types.EncryptedTotals, len(sums))}
	for qi, q := range sums {
		for _, ct := range q {
			t.Questions[qi].Options = append(t.Questions[qi].Options, ct.Encode())
		}
	}
	return t
}

// applyEncrypted adds (or, for a replaced ballot, subtracts) a secret
// ballot's ciphertexts, times its weight, to the running sums held in the
// message's tally (written once, with it).
func applyEncrypted(rt *runningTally, answers []types.EncryptedAnswer, weight uint64, add bool) error {
	for qi := range answers {
		for oi, raw := range answers[qi].Ciphertexts {
			ct, err := secret.DecodeCiphertext(raw)
			if err != nil {
				return err
			}
			if weight != 1 {
				ct = ct.Scale(weight)
			}
			if add {
				rt.enc[qi][oi] = rt.enc[qi][oi].Add(ct)
			} else {
				rt.enc[qi][oi] = rt.enc[qi][oi].Sub(ct)
			}
		}
	}
	return nil
}
