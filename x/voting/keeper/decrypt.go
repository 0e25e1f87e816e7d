package keeper

import (
	"context"
	"errors"
	"fmt"

	"cosmossdk.io/collections"
	errorsmod "cosmossdk.io/errors"
	"cosmossdk.io/math"

	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/voting/secret"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// closedSecret loads a SECRET election that is TALLYING (its end passed) and
// whose key is FINAL: the only state in which its sums may be decrypted.
func (k Keeper) closedSecret(ctx context.Context, id uint64) (types.Election, types.EncryptedTally, error) {
	e, err := k.GetElection(ctx, id)
	if err != nil {
		return e, types.EncryptedTally{}, err
	}
	if e.Privacy != types.PRIVACY_SECRET || e.KeyCeremony == nil || e.KeyCeremony.Status != types.CEREMONY_STATUS_FINAL {
		return e, types.EncryptedTally{}, errorsmod.Wrapf(types.ErrKeyCeremony, "election %d is not a secret election with a key", id)
	}
	if e.Status != types.ELECTION_STATUS_TALLYING {
		return e, types.EncryptedTally{}, errorsmod.Wrapf(types.ErrWrongStatus, "election %d is %s: sums are decrypted once it has ended (TALLYING), never before", id, e.Status)
	}
	t, err := k.EncryptedTallies.Get(ctx, id)
	if errors.Is(err, collections.ErrNotFound) {
		return e, types.NewEncryptedTally(&e), nil // no ballot
	}
	return e, t, err
}

func (m msgServer) DecryptShares(ctx context.Context, msg *types.MsgDecryptShares) (*types.MsgDecryptSharesResponse, error) {
	e, tally, err := m.closedSecret(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	who, idx, err := m.registeredTrusteeIndex(&e, msg.Trustee)
	if err != nil {
		return nil, err
	}
	key := collections.Join(e.Id, idx)
	if has, err := m.PartialDecryptions.Has(ctx, key); err != nil || has {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "trustee %d already decrypted (err %v)", idx, err)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(uint64(sumCount(&tally))*types.DecryptShareGas, "partial decryption proofs")
	if err := CheckPartialDecryption(&e, &tally, idx, msg.Shares); err != nil {
		return nil, err
	}
	pd := types.PartialDecryption{ElectionId: e.Id, Trustee: idx, Shares: msg.Shares, Height: sdk.UnwrapSDKContext(ctx).BlockHeight()}
	if err := m.PartialDecryptions.Set(ctx, key, pd); err != nil {
		return nil, err
	}
	done := uint32(0)
	err = m.PartialDecryptions.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](e.Id), func(collections.Pair[uint64, uint32], types.PartialDecryption) (bool, error) {
		done++
		return false, nil
	})
	if err != nil {
		return nil, err
	}
	return &types.MsgDecryptSharesResponse{Decrypted: done}, m.ceremonyEvent(ctx, &e, "decrypted", who, fmt.Sprintf("%d of %d trustees needed", done, e.KeyCeremony.Threshold))
}

func (m msgServer) PublishTotals(ctx context.Context, msg *types.MsgPublishTotals) (*types.MsgPublishTotalsResponse, error) {
	if _, _, err := common.ParseAddress(m.addressCodec, types.ErrInvalidAddress, "signer", msg.Signer); err != nil {
		return nil, err
	}
	e, tally, err := m.closedSecret(ctx, msg.ElectionId)
	if err != nil {
		return nil, err
	}
	// The first threshold trustees (by index) who decrypted.
	var parts []types.PartialDecryption
	err = m.PartialDecryptions.Walk(ctx, collections.NewPrefixedPairRange[uint64, uint32](e.Id), func(_ collections.Pair[uint64, uint32], p types.PartialDecryption) (bool, error) {
		parts = append(parts, p)
		return len(parts) == int(e.KeyCeremony.Threshold), nil
	})
	if err != nil {
		return nil, err
	}
	if len(parts) < int(e.KeyCeremony.Threshold) {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d trustees decrypted, %d are needed", len(parts), e.KeyCeremony.Threshold)
	}
	rt, err := m.Tallies.Get(ctx, e.Id)
	if err != nil {
		return nil, err
	}
	// One total for every option sum of every question, or nothing.
	n := sumCount(&tally)
	if len(msg.Totals) != n {
		return nil, errorsmod.Wrapf(types.ErrKeyCeremony, "%d totals given for %d option sums (every question's, in order)", len(msg.Totals), n)
	}
	sdk.UnwrapSDKContext(ctx).GasMeter().ConsumeGas(uint64(n)*uint64(len(parts))*types.TotalCheckGas, "checking the totals")
	err = eachSum(&tally, parts, func(qi, oi, i int, ct secret.Ciphertext, pds []secret.PartialDecryption) error {
		total := msg.Totals[i]
		if total > e.Census.TotalWeight {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: %d is above the census weight %d", qi, oi, total, e.Census.TotalWeight)
		}
		if err := secret.CheckTotal(ct, pds, total); err != nil {
			return errorsmod.Wrapf(types.ErrKeyCeremony, "question %d option %d: %s", qi, oi, err)
		}
		rt.Questions[qi].Totals[oi] = math.LegacyNewDecFromInt(math.NewIntFromUint64(total)).String()
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := m.Tallies.Set(ctx, e.Id, rt); err != nil {
		return nil, err
	}
	if err := m.ceremonyEvent(ctx, &e, "totals_published", "", fmt.Sprintf("decrypted by trustees %v", trusteesOf(parts))); err != nil {
		return nil, err
	}
	return &types.MsgPublishTotalsResponse{}, m.finalizeWithResult(sdk.UnwrapSDKContext(ctx), &e)
}

func trusteesOf(parts []types.PartialDecryption) []uint32 {
	out := make([]uint32, len(parts))
	for i, p := range parts {
		out[i] = p.Trustee
	}
	return out
}
