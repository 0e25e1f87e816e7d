package keeper

import (
	"encoding/binary"

	errorsmod "cosmossdk.io/errors"

	storetypes "github.com/cosmos/cosmos-sdk/store/v2/types"

	sdk "github.com/cosmos/cosmos-sdk/types"
	"github.com/cosmos/cosmos-sdk/x/auth/ante"
	"github.com/cosmos/cosmos-sdk/x/authz"

	"github.com/civitas-chain/civitas/x/voting/types"
)

// maxNesting bounds how deep the ante handler looks into authz MsgExec for ballots.
const maxNesting = 8

// BallotDecorator checks relayed ballots in CheckTx, so that no invalid
// ballot enters the mempool (README, "Free ballots"). For every
// MsgCastBallots in the transaction (also inside authz MsgExec) it runs
// every check the message will run when its block executes, including the
// signature (not in ReCheckTx: the bytes did not change), refuses a voter
// who appears twice, and refuses a ballot of a voter who already has a
// ballot for that election waiting in the mempool (one pending ballot per
// voter and election: a revote waits for the block). For a free
// transaction it requires a gas limit that covers the transaction's known
// cost (types.CastBallotsGas) and is not far above it, so a free
// transaction that passed CheckTx cannot run out of gas in its block. It
// reads state unmetered and writes only CheckTx-side marks in a transient
// store, rebuilt by ReCheckTx after each block; in block execution it does
// nothing (the message checks everything).
type BallotDecorator struct {
	k Keeper
}

// NewBallotDecorator returns the decorator.
func NewBallotDecorator(k Keeper) BallotDecorator { return BallotDecorator{k: k} }

// AnteHandle implements sdk.AnteDecorator.
func (d BallotDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if !ctx.IsCheckTx() || simulate {
		return next(ctx, tx, simulate)
	}
	var casts []*types.MsgCastBallots
	if err := collectCasts(tx.GetMsgs(), 0, &casts); err != nil {
		return ctx, err
	}
	if len(casts) == 0 {
		return next(ctx, tx, simulate)
	}
	// What the ante handler charged so far is what it charges in the block,
	// where this decorator does nothing: its own reads are not metered.
	anteGas := ctx.GasMeter().GasConsumed()
	rctx := ctx.WithGasMeter(storetypes.NewInfiniteGasMeter())
	params, err := d.k.Params.Get(rctx)
	if err != nil {
		return ctx, err
	}
	mode := sigVerify
	if ctx.IsReCheckTx() {
		mode = sigSkip
	}
	store := d.k.pending.OpenTransientStore(rctx)
	cache := newElectionCache(d.k)
	seen := map[string]bool{}
	var marks [][]byte
	var msgGas uint64
	for _, msg := range casts {
		if n := uint32(len(msg.Ballots)); n == 0 || n > params.MaxBallotsPerTx {
			return ctx, errorsmod.Wrapf(types.ErrTooManyBallots, "a message relays 1 to %d ballots, got %d", params.MaxBallotsPerTx, n)
		}
		for i := range msg.Ballots {
			b := &msg.Ballots[i]
			ce := cache.get(rctx, b.ElectionId, false)
			if ce.err != nil {
				return ctx, errorsmod.Wrapf(ce.err, "ballot %d", i)
			}
			// A ballot already waiting in the mempool is refused before its
			// signature and proofs are checked: a copy in another transaction
			// costs this node nothing.
			if voter, err := types.VoterAddress(b.VoterPubKey); err == nil {
				if has, err := store.Has(pendingKey(b.ElectionId, voter)); err != nil || has {
					return ctx, errorsmod.Wrapf(types.ErrBallotPending, "ballot %d: %s, election %d (send it after the next block)",
						i, d.k.addrString(voter), b.ElectionId)
				}
			}
			cb, err := d.k.checkBallot(rctx, &ce.e, b, mode)
			if err != nil {
				return ctx, errorsmod.Wrapf(err, "ballot %d", i)
			}
			voterKey := string(types.BallotStoreKey(b.ElectionId, cb.voter))
			if seen[voterKey] {
				return ctx, errorsmod.Wrapf(types.ErrDuplicateInBatch, "ballot %d: %s in election %d", i, d.k.addrString(cb.voter), b.ElectionId)
			}
			seen[voterKey] = true
			// The election's rule is asked here too, so a ballot it refuses
			// never reaches a block (nor, replayed, fills blocks for free);
			// the block asks again, as the rule's data may change in between.
			// Not in ReCheckTx: a ballot the rule lets into the mempool is
			// executed (or refused) once, and a refused one resent meets this
			// check again.
			if mode != sigSkip {
				if err := d.k.checkVoterRule(rctx, &ce.e, d.k.addrString(cb.voter)); err != nil {
					return ctx, errorsmod.Wrapf(err, "ballot %d", i)
				}
			}
			marks = append(marks, pendingKey(b.ElectionId, cb.voter))
		}
		msgGas += types.CastBallotsGas(msg, func(id uint64) *types.Election { return &cache.get(rctx, id, false).e })
	}
	if IsFreeBallotTx(tx) {
		need := anteGas + msgGas + FreeTxPostGas
		if limit := ctx.GasMeter().Limit(); limit < need || limit > 2*need+FreeTxGasSlack {
			return ctx, errorsmod.Wrapf(types.ErrFreeTx, "gas limit %d: a free transaction needs from %d to %d for its ballots", limit, need, 2*need+FreeTxGasSlack)
		}
	}
	for _, m := range marks {
		if err := store.Set(m, []byte{1}); err != nil {
			return ctx, err
		}
	}
	return next(ctx, tx, simulate)
}

// FreeTxGasSlack is how far above twice its need a free transaction's gas
// limit may go (room for the client's estimate); FreeTxPostGas is the room
// left in the need for what runs after the messages (the app's post
// handler reads a transient store).
const (
	FreeTxGasSlack = 1_000_000
	FreeTxPostGas  = 10_000
)

func pendingKey(electionID uint64, voter []byte) []byte {
	k := binary.BigEndian.AppendUint64(make([]byte, 0, 8+len(voter)), electionID)
	return append(k, voter...)
}

func collectCasts(msgs []sdk.Msg, depth int, out *[]*types.MsgCastBallots) error {
	if depth > maxNesting {
		return errorsmod.Wrapf(types.ErrInvalidBallot, "messages nested deeper than %d", maxNesting)
	}
	for _, m := range msgs {
		switch m := m.(type) {
		case *types.MsgCastBallots:
			*out = append(*out, m)
		case *authz.MsgExec:
			inner, err := m.GetMessages()
			if err != nil {
				return err
			}
			if err := collectCasts(inner, depth+1, out); err != nil {
				return err
			}
		}
	}
	return nil
}

// IsFreeBallotTx reports whether a transaction is a free relay of ballots:
// exactly one message, a MsgCastBallots (not nested), no fee, no memo and no
// extension options, so that nothing but ballots rides for free. Its ballots
// and gas limit are checked by BallotDecorator in CheckTx.
func IsFreeBallotTx(tx sdk.Tx) bool {
	msgs := tx.GetMsgs()
	if len(msgs) != 1 {
		return false
	}
	if _, ok := msgs[0].(*types.MsgCastBallots); !ok {
		return false
	}
	if m, ok := tx.(sdk.TxWithMemo); !ok || m.GetMemo() != "" {
		return false
	}
	if ext, ok := tx.(ante.HasExtensionOptionsTx); ok && (len(ext.GetExtensionOptions()) != 0 || len(ext.GetNonCriticalExtensionOptions()) != 0) {
		return false
	}
	feeTx, ok := tx.(sdk.FeeTx)
	return ok && feeTx.GetFee().IsZero()
}

// FreeBallotFeeDecorator wraps the fee decorator: a free ballot transaction
// (IsFreeBallotTx) skips it, so it needs no fee and its relayer may hold no
// tokens; any other transaction pays the normal fee for all of it.
type FreeBallotFeeDecorator struct {
	inner ante.DeductFeeDecorator
}

// NewFreeBallotFeeDecorator returns the wrapper.
func NewFreeBallotFeeDecorator(inner ante.DeductFeeDecorator) FreeBallotFeeDecorator {
	return FreeBallotFeeDecorator{inner: inner}
}

// AnteHandle implements sdk.AnteDecorator.
func (d FreeBallotFeeDecorator) AnteHandle(ctx sdk.Context, tx sdk.Tx, simulate bool, next sdk.AnteHandler) (sdk.Context, error) {
	if IsFreeBallotTx(tx) {
		return next(ctx, tx, simulate)
	}
	return d.inner.AnteHandle(ctx, tx, simulate, next)
}
