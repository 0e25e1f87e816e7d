package types

// Gas of MsgCastBallots. The message charges exactly CastBallotsGas and
// runs its store access unmetered, so the cost of a relay transaction is
// known before it runs: CheckTx requires a free transaction's gas limit to
// cover it, and a free transaction that passed CheckTx cannot run out of gas
// in its block.
const (
	// CastBallotsBaseGas is charged once per message.
	CastBallotsBaseGas = 10_000
	// BallotBaseGas covers a ballot's signature check (the SDK charges 1000
	// for a transaction's secp256k1 signature), its reads and its writes.
	BallotBaseGas = 20_000
	// BallotByteGas is charged per byte of the encoded ballot (stored twice:
	// the ballot and its proof-carrying message).
	BallotByteGas = 60
	// ElectionBaseGas and ElectionOptionGas are charged once per election a
	// message touches: reading the election and reading and writing its
	// tally, which holds one total per option.
	ElectionBaseGas   = 10_000
	ElectionOptionGas = 500
)

// BallotGas is the gas of one relayed ballot.
func BallotGas(b *SignedBallot) uint64 {
	return BallotBaseGas + BallotByteGas*uint64(b.Size())
}

// ElectionGas is the gas of touching an election in a message (nil: an
// unknown election, refused).
func ElectionGas(e *Election) uint64 {
	if e == nil {
		return ElectionBaseGas
	}
	var options uint64
	for _, q := range e.Questions {
		options += uint64(len(q.Options))
	}
	return ElectionBaseGas + ElectionOptionGas*options
}

// CastBallotsGas is the gas a MsgCastBallots charges; election returns a
// ballot's election (nil if unknown).
func CastBallotsGas(msg *MsgCastBallots, election func(id uint64) *Election) uint64 {
	gas := uint64(CastBallotsBaseGas)
	seen := map[uint64]bool{}
	for i := range msg.Ballots {
		b := &msg.Ballots[i]
		gas += BallotGas(b)
		// A ballot of an election with a rule pays the rule's pinned gas cap.
		if e := election(b.ElectionId); e != nil && e.VoterRule != nil {
			gas += e.VoterRule.GasLimit
		}
		if !seen[b.ElectionId] {
			seen[b.ElectionId] = true
			gas += ElectionGas(election(b.ElectionId))
		}
	}
	return gas
}

// Gas of a secret election's decryption, charged before the work: checking a
// partial decryption's equal-logarithm proof of one option sum (two
// double-scalar multiplications, about 0.15 ms, like a ballot option's
// proof at BallotByteGas), and checking a published total against one
// trustee's partial decryption (one scalar multiplication).
const (
	DecryptShareGas = 20_000
	TotalCheckGas   = 10_000
)
