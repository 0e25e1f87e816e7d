package keeper

import (
	"bytes"
	"fmt"
	"io"
	"slices"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	gogoproto "github.com/cosmos/gogoproto/proto"

	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// proofBatch is how many ballots' proofs SumSecretBallots checks in one
// batch (a failed batch is checked ballot by ballot to name the bad one).
const proofBatch = 64

// SumSecretBallots checks every stored ballot of a secret election — its
// voter's key, sign bytes, hash, signature and every proof — and returns the
// sums of their ciphertexts, each times its voter's weight: what the running
// tally must hold. It reads nothing but its arguments (verify-tally and
// genesis import share it).
func SumSecretBallots(ac address.Codec, e *types.Election, ballots []types.Ballot) ([][]secret.Ciphertext, error) {
	k, err := electionKey(e)
	if err != nil {
		return nil, err
	}
	zero := types.NewEncryptedTally(e)
	sums, err := decodeSums(&zero)
	if err != nil {
		return nil, err
	}
	rt := &runningTally{enc: sums}
	voters := make([][]byte, len(ballots))
	for i := range ballots {
		b := &ballots[i]
		where := fmt.Sprintf("ballot of %s", b.Voter)
		if b.ElectionId != e.Id {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s is for election %d, not %d", where, b.ElectionId, e.Id)
		}
		voter, err := types.VoterAddress(b.VoterPubKey)
		if err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s: %s", where, err)
		}
		if s, err := ac.BytesToString(voter); err != nil || s != b.Voter {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s: its public key is %s's", where, s)
		}
		voters[i] = voter
		if len(b.Answers) != 0 || len(b.EncryptedAnswers) != len(e.Questions) {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s: %d answers in the clear and %d encrypted, want 0 and %d",
				where, len(b.Answers), len(b.EncryptedAnswers), len(e.Questions))
		}
		if b.Weight == 0 {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s: zero weight", where)
		}
		sb, err := types.SecretSignBytes(e.ChainId, e.Id, b.VoterPubKey, b.Counter, b.EncryptedAnswers)
		if err != nil {
			return nil, errorsmod.Wrapf(err, "%s", where)
		}
		if !slices.Equal(types.BallotHash(sb), b.Hash) {
			return nil, errorsmod.Wrapf(types.ErrInvalidBallot, "%s: its hash is not SHA-256 of its sign bytes", where)
		}
		if err := types.VerifyBallotSignature(b.VoterPubKey, sb, b.Signature); err != nil {
			return nil, errorsmod.Wrapf(err, "%s", where)
		}
		for qi := range b.EncryptedAnswers {
			if n := len(b.EncryptedAnswers[qi].Ciphertexts); n != len(e.Questions[qi].Options) {
				return nil, errorsmod.Wrapf(types.ErrInvalidAnswer, "%s question %d: %d ciphertexts for %d options", where, qi, n, len(e.Questions[qi].Options))
			}
		}
		if err := applyEncrypted(rt, b.EncryptedAnswers, b.Weight, true); err != nil {
			return nil, errorsmod.Wrapf(types.ErrInvalidAnswer, "%s: %s", where, err)
		}
	}
	// The proofs, in batches.
	for start := 0; start < len(ballots); start += proofBatch {
		end := min(start+proofBatch, len(ballots))
		bt := secret.NewBatch(k)
		err := func() error {
			for i := start; i < end; i++ {
				if err := types.AddSecretAnswers(bt, e, voters[i], ballots[i].EncryptedAnswers); err != nil {
					return errorsmod.Wrapf(err, "ballot of %s", ballots[i].Voter)
				}
			}
			return bt.Verify()
		}()
		if err == nil {
			continue
		}
		for i := start; i < end; i++ {
			if err := verifySecretAnswers(e, voters[i], ballots[i].EncryptedAnswers); err != nil {
				return nil, err
			}
		}
		return nil, err
	}
	return rt.enc, nil
}

func electionKey(e *types.Election) (*secret.Element, error) {
	if e.Privacy != types.PRIVACY_SECRET || e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "election %d is not a secret election with a key", e.Id)
	}
	return secret.DecodeElement(e.KeyCeremony.ElectionKey, "election key")
}

// CheckPartialDecryption checks trustee idx's partial decryption of every
// option sum: each share is D = x_idx·A with its equal-logarithm proof
// against the trustee's public share.
func CheckPartialDecryption(e *types.Election, sums *types.EncryptedTally, idx uint32, shares [][]byte) error {
	c := e.KeyCeremony
	if c == nil || c.Status != types.CEREMONY_STATUS_FINAL || idx < 1 || int(idx) > len(c.Trustees) {
		return errorsmod.Wrapf(types.ErrKeyCeremony, "election %d has no trustee %d with a public share", e.Id, idx)
	}
	public, err := secret.DecodeElement(c.Trustees[idx-1].PublicShare, "public share")
	if err != nil {
		return err
	}
	if n := sumCount(sums); len(shares) != n {
		return errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d: %d shares for %d option sums", idx, len(shares), sumCount(sums))
	}
	i := 0
	for qi, q := range sums.Questions {
		for oi, raw := range q.Options {
			share := shares[i]
			i++
			where := fmt.Sprintf("trustee %d, question %d option %d", idx, qi, oi)
			if len(share) != secret.ElementSize+secret.DLEQSize {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "%s: a share is %d bytes, got %d", where, secret.ElementSize+secret.DLEQSize, len(share))
			}
			ct, err := secret.DecodeCiphertext(raw)
			if err != nil {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d sum: %s", qi, oi, err)
			}
			d, err := secret.DecodeElement(share[:secret.ElementSize], "share")
			if err != nil {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "%s: %s", where, err)
			}
			proof, err := secret.DecodeDLEQ(share[secret.ElementSize:])
			if err != nil {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "%s: %s", where, err)
			}
			if err := secret.VerifyDLEQ(public, ct.A, d, proof, secret.TallyContext(e.ChainId, e.Id, qi, oi)); err != nil {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "%s: %s", where, err)
			}
		}
	}
	return nil
}

// partialsAt decodes the i-th share (in question, option order) of each
// partial decryption.
func partialsAt(parts []types.PartialDecryption, i int) ([]secret.PartialDecryption, error) {
	out := make([]secret.PartialDecryption, 0, len(parts))
	for _, p := range parts {
		if i >= len(p.Shares) || len(p.Shares[i]) < secret.ElementSize {
			return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d has no share %d", p.Trustee, i)
		}
		d, err := secret.DecodeElement(p.Shares[i][:secret.ElementSize], "share")
		if err != nil {
			return nil, err
		}
		out = append(out, secret.PartialDecryption{Index: uint64(p.Trustee), D: d})
	}
	return out, nil
}

// sumCount is how many option sums a tally holds.
func sumCount(sums *types.EncryptedTally) int {
	n := 0
	for _, q := range sums.Questions {
		n += len(q.Options)
	}
	return n
}

// firstThreshold keeps the first threshold partial decryptions by trustee
// index (the ones the chain combines); fewer is an error.
func firstThreshold(e *types.Election, parts []types.PartialDecryption) ([]types.PartialDecryption, error) {
	t := int(e.KeyCeremony.Threshold)
	parts = slices.Clone(parts)
	slices.SortFunc(parts, func(a, b types.PartialDecryption) int { return int(a.Trustee) - int(b.Trustee) })
	if len(parts) < t {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d trustees decrypted, %d are needed", len(parts), t)
	}
	return parts[:t], nil
}

// eachSum calls fn with every option sum, in question and option order (i
// counts them), and the given trustees' decryption shares of it.
func eachSum(sums *types.EncryptedTally, parts []types.PartialDecryption, fn func(qi, oi, i int, ct secret.Ciphertext, pds []secret.PartialDecryption) error) error {
	i := 0
	for qi, q := range sums.Questions {
		for oi, raw := range q.Options {
			ct, err := secret.DecodeCiphertext(raw)
			if err != nil {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d sum: %s", qi, oi, err)
			}
			pds, err := partialsAt(parts, i)
			if err != nil {
				return err
			}
			if err := fn(qi, oi, i, ct, pds); err != nil {
				return err
			}
			i++
		}
	}
	return nil
}

// ThresholdTotals finds each option sum's total from the first threshold
// partial decryptions (by trustee index), searching up to bound (the census
// weight): what `civitasd voting tally` publishes.
func ThresholdTotals(e *types.Election, sums *types.EncryptedTally, parts []types.PartialDecryption) ([][]uint64, error) {
	if len(sums.Questions) != len(e.Questions) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d questions of sums for %d questions", len(sums.Questions), len(e.Questions))
	}
	for qi, q := range sums.Questions {
		if len(q.Options) != len(e.Questions[qi].Options) {
			return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "question %d: %d sums for %d options", qi, len(q.Options), len(e.Questions[qi].Options))
		}
	}
	parts, err := firstThreshold(e, parts)
	if err != nil {
		return nil, err
	}
	out := make([][]uint64, len(sums.Questions))
	err = eachSum(sums, parts, func(qi, oi, _ int, ct secret.Ciphertext, pds []secret.PartialDecryption) error {
		m, err := secret.Combine(ct, pds, e.Census.TotalWeight)
		if err != nil {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: %s", qi, oi, err)
		}
		out[qi] = append(out[qi], m)
		return nil
	})
	return out, err
}

// VerifyTallyRecord re-checks a secret election's record from its data
// alone (civitasd voting verify-tally): every ballot's signature and proofs,
// the sums re-added from the ballots against the chain's, the tally's
// counts, every partial decryption's proofs, each published total against
// threshold partial decryptions, and the result against the tally. It
// writes what it checked to w and returns the first failure.
func VerifyTallyRecord(ac address.Codec, r *types.TallyRecord, w io.Writer) error {
	e := &r.Election
	if err := types.ValidateElection(e, types.HardParams()); err != nil {
		return err
	}
	if _, err := electionKey(e); err != nil {
		return err
	}
	fmt.Fprintf(w, "election %d (%s) on chain %s: %s, key %X, %d-of-%d trustees\n", e.Id, e.Title, e.ChainId, e.Status,
		e.KeyCeremony.ElectionKey, e.KeyCeremony.Threshold, len(e.KeyCeremony.Trustees))
	if err := types.CheckCeremonyDeals(e, r.KeyDeals); err != nil {
		return err
	}
	fmt.Fprintf(w, "key: every deal's proofs hold; the key and the %d public shares are the qualified deals'\n", len(e.KeyCeremony.Trustees))
	sums, err := SumSecretBallots(ac, e, r.Ballots)
	if err != nil {
		return err
	}
	// The census: a registry's voters and weights are in the record (a
	// Merkle census's leaves are in its published file, not on chain).
	registry := map[string]uint64{}
	var registered uint64
	for _, v := range r.Voters {
		if _, dup := registry[v.Address]; dup || v.Weight == 0 {
			return errorsmod.Wrapf(types.ErrInvalidVoters, "registry voter %s: twice, or weight 0", v.Address)
		}
		registry[v.Address] = v.Weight
		registered += v.Weight
	}
	if e.Census.Type == types.CENSUS_TYPE_REGISTRY && (uint64(len(r.Voters)) != e.Census.Voters || registered != e.Census.TotalWeight) {
		return errorsmod.Wrapf(types.ErrInvalidVoters, "the registry lists %d voters of weight %d, the census says %d of %d",
			len(r.Voters), registered, e.Census.Voters, e.Census.TotalWeight)
	}
	var weight, overwrites uint64
	seen := map[string]bool{}
	for _, b := range r.Ballots {
		if seen[b.Voter] {
			return errorsmod.Wrapf(types.ErrInvalidBallot, "two ballots of %s", b.Voter)
		}
		seen[b.Voter] = true
		if e.Census.Type == types.CENSUS_TYPE_REGISTRY && registry[b.Voter] != b.Weight {
			return errorsmod.Wrapf(types.ErrNotInCensus, "ballot of %s: weight %d, its registry weight is %d", b.Voter, b.Weight, registry[b.Voter])
		}
		if b.Overwrites > e.MaxRevotes || b.Weight > e.Census.TotalWeight-weight {
			return errorsmod.Wrapf(types.ErrInvalidBallot, "ballot of %s: more overwrites than allowed, or the ballots weigh more than the census", b.Voter)
		}
		weight += b.Weight
		overwrites += uint64(b.Overwrites)
	}
	if uint64(len(r.Ballots)) > e.Census.Voters {
		return errorsmod.Wrapf(types.ErrInvalidBallot, "%d ballots for a census of %d voters", len(r.Ballots), e.Census.Voters)
	}
	fmt.Fprintf(w, "ballots: %d of weight %d, every signature and proof holds\n", len(r.Ballots), weight)
	stored := r.Sums
	if len(stored.Questions) == 0 {
		stored = types.NewEncryptedTally(e)
	}
	if stored.ElectionId != e.Id || !sumsEqual(sums, &stored) {
		return errorsmod.Wrap(types.ErrInvalidBallot, "the ballots' ciphertexts do not add up to the chain's sums")
	}
	fmt.Fprintf(w, "sums: re-added from the ballots, equal to the chain's\n")
	t := &r.Tally
	if t.ElectionId != e.Id || t.Ballots != uint64(len(r.Ballots)) || t.TurnoutWeight != weight || t.Overwrites != overwrites {
		return errorsmod.Wrapf(types.ErrInvalidBallot, "the tally counts %d ballots of weight %d with %d overwrites; the ballots are %d of weight %d with %d",
			t.Ballots, t.TurnoutWeight, t.Overwrites, len(r.Ballots), weight, overwrites)
	}
	if len(t.Questions) != len(e.Questions) {
		return errorsmod.Wrapf(types.ErrInvalidBallot, "the tally has %d questions, the election %d", len(t.Questions), len(e.Questions))
	}
	for qi := range t.Questions {
		if len(t.Questions[qi].Totals) != len(e.Questions[qi].Options) {
			return errorsmod.Wrapf(types.ErrInvalidBallot, "the tally's question %d has %d totals for %d options", qi, len(t.Questions[qi].Totals), len(e.Questions[qi].Options))
		}
	}
	fmt.Fprintf(w, "tally: %d ballots, weight %d, %d overwrites, %d refused in blocks\n", t.Ballots, t.TurnoutWeight, t.Overwrites, t.Invalid)
	trustees := map[uint32]bool{}
	for _, p := range r.PartialDecryptions {
		if p.ElectionId != e.Id || trustees[p.Trustee] {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "partial decryption of trustee %d: another election's, or listed twice", p.Trustee)
		}
		trustees[p.Trustee] = true
		if err := CheckPartialDecryption(e, &stored, p.Trustee, p.Shares); err != nil {
			return err
		}
		fmt.Fprintf(w, "trustee %d (%s): partial decryption at height %d, every proof holds\n", p.Trustee, e.KeyCeremony.Trustees[p.Trustee-1].Address, p.Height)
	}
	if len(r.PartialDecryptions) < int(e.KeyCeremony.Threshold) {
		if e.Status == types.ELECTION_STATUS_FINAL {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "FINAL with %d partial decryptions, %d needed", len(r.PartialDecryptions), e.KeyCeremony.Threshold)
		}
		fmt.Fprintf(w, "totals: not yet decryptable, %d of %d trustees decrypted\n", len(r.PartialDecryptions), e.KeyCeremony.Threshold)
		return nil
	}
	totals, err := ThresholdTotals(e, &stored, r.PartialDecryptions)
	if err != nil {
		return err
	}
	published := e.Status == types.ELECTION_STATUS_FINAL
	for qi, q := range totals {
		for oi, m := range q {
			want := math.LegacyNewDecFromInt(math.NewIntFromUint64(m)).String()
			if !published {
				want = math.LegacyZeroDec().String()
			}
			if t.Questions[qi].Totals[oi] != want {
				return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: the tally says %s, the decryption gives %d", qi, oi, t.Questions[qi].Totals[oi], m)
			}
			fmt.Fprintf(w, "question %d option %d (%s): %d\n", qi, oi, e.Questions[qi].Options[oi].Title, m)
		}
	}
	if !published {
		fmt.Fprintf(w, "totals: decryptable, not yet published (civitasd voting tally)\n")
		return nil
	}
	if r.Result == nil {
		return errorsmod.Wrap(types.ErrKeyCeremony, "a FINAL election without its result")
	}
	want, err := ResultOf(e, *t, r.Result.Height, nil)
	if err != nil {
		return err
	}
	if !gogoproto.Equal(&want, r.Result) {
		return errorsmod.Wrapf(types.ErrKeyCeremony, "the result is not what the totals give: want %v, got %v", want, *r.Result)
	}
	fmt.Fprintf(w, "result: what the totals give (turnout %d bps, quorum reached %t)\n", want.TurnoutBps, want.QuorumReached)
	return nil
}

// sumsEqual compares decoded sums with stored ones.
func sumsEqual(a [][]secret.Ciphertext, b *types.EncryptedTally) bool {
	enc := encodeEncryptedTally(b.ElectionId, a)
	if len(enc.Questions) != len(b.Questions) {
		return false
	}
	for qi := range enc.Questions {
		if len(enc.Questions[qi].Options) != len(b.Questions[qi].Options) {
			return false
		}
		for oi := range enc.Questions[qi].Options {
			if !bytes.Equal(enc.Questions[qi].Options[oi], b.Questions[qi].Options[oi]) {
				return false
			}
		}
	}
	return true
}
