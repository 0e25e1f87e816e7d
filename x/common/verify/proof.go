// Package verify checks Civitas records against consensus without trusting
// a node: a store value (or its absence) read with an ICS23 proof is checked
// against the app hash of a block header, and that header against the
// validator sets by CometBFT's light client (light.go). Other Go programs
// can use it as civitasd verify does.
package verify

import (
	"errors"
	"fmt"

	crypto "github.com/cometbft/cometbft/proto/tendermint/crypto"
	commitmenttypes "github.com/cosmos/ibc-go/v11/modules/core/23-commitment/types"
	commitmenttypesv2 "github.com/cosmos/ibc-go/v11/modules/core/23-commitment/types/v2"
)

// Errors a check reports; each says which fact failed.
var (
	// ErrWrongValue: the proof does not prove this value under the app hash.
	ErrWrongValue = errors.New("the proof does not prove this value under the app hash")
	// ErrNotAbsent: the key was claimed absent, and the proof does not show it.
	ErrNotAbsent = errors.New("the proof does not prove the key absent under the app hash")
	// ErrNoProof: the node answered without a usable proof.
	ErrNoProof = errors.New("no proof in the node's answer")
)

// StoreProof checks that key holds value in the module store storeName
// under appHash (the app hash of the header at the height after the one the
// value was read at), or, when value is nil, that key is absent (an ICS23
// non-existence proof): the SDK's multistore proof, store then app hash.
func StoreProof(appHash []byte, storeName string, key, value []byte, ops *crypto.ProofOps) (err error) {
	// A backstop: the proof comes from an untrusted node, and a checker must
	// not crash on it whatever the libraries below do with odd input.
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: malformed proof: %v", ErrNoProof, r)
		}
	}()
	if ops == nil || len(ops.Ops) != 2 {
		return fmt.Errorf("%w: want 2 proof ops (store, multistore)", ErrNoProof)
	}
	proof, err := commitmenttypes.ConvertProofs(ops)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNoProof, err)
	}
	// Only plain existence and absence proofs: a compressed or batch proof
	// carries indexes that ics23 follows unchecked.
	for i, p := range proof.Proofs {
		if p.GetExist() == nil && p.GetNonexist() == nil {
			return fmt.Errorf("%w: proof op %d is neither an existence nor an absence proof", ErrNoProof, i)
		}
	}
	root := commitmenttypes.NewMerkleRoot(appHash)
	path := commitmenttypesv2.NewMerklePath([]byte(storeName), key)
	specs := commitmenttypes.GetSDKSpecs()
	if value == nil {
		if err := proof.VerifyNonMembership(specs, root, path); err != nil {
			return fmt.Errorf("%w: %v", ErrNotAbsent, err)
		}
		return nil
	}
	if err := proof.VerifyMembership(specs, root, path, value); err != nil {
		return fmt.Errorf("%w: %v", ErrWrongValue, err)
	}
	return nil
}
