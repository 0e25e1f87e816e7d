package common

import (
	"strconv"

	"cosmossdk.io/core/address"
	errorsmod "cosmossdk.io/errors"

	sdk "github.com/cosmos/cosmos-sdk/types"
)

// ParseAddress decodes a bech32 account address given as input (a Msg field,
// a genesis record) and returns its bytes and its canonical string (lower-case
// bech32 with the chain's prefix). "CIV1..." and "civ1..." give the same
// result. A bad or empty value fails with errType, naming field and value.
//
// Store and compare only what this returns: bytes in collection keys, the
// canonical string in records and events. Never compare the input string.
func ParseAddress(ac address.Codec, errType *errorsmod.Error, field, input string) (sdk.AccAddress, string, error) {
	if input == "" {
		return nil, "", errorsmod.Wrapf(errType, "%s: an address is required", field)
	}
	bz, err := ac.StringToBytes(input)
	if err != nil {
		return nil, "", errorsmod.Wrapf(errType, "%s %q: %s", field, input, err)
	}
	if len(bz) == 0 {
		return nil, "", errorsmod.Wrapf(errType, "%s %q: empty address", field, input)
	}
	canonical, err := ac.BytesToString(bz)
	if err != nil {
		return nil, "", errorsmod.Wrapf(errType, "%s %q: %s", field, input, err)
	}
	return bz, canonical, nil
}

// CanonicalAddress returns the canonical string of an input address (see
// ParseAddress).
func CanonicalAddress(ac address.Codec, errType *errorsmod.Error, field, input string) (string, error) {
	_, canonical, err := ParseAddress(ac, errType, field, input)
	return canonical, err
}

// CanonicalAddresses canonicalises a list of input addresses; field is the
// list's name (its elements are reported as field[i]).
func CanonicalAddresses(ac address.Codec, errType *errorsmod.Error, field string, inputs []string) ([]string, error) {
	out := make([]string, len(inputs))
	for i, in := range inputs {
		c, err := CanonicalAddress(ac, errType, indexed(field, i), in)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// CheckCanonicalAddress checks an address that is already stored (genesis):
// it must be valid and in canonical form; the error says how to write it.
func CheckCanonicalAddress(ac address.Codec, errType *errorsmod.Error, field, stored string) error {
	_, canonical, err := ParseAddress(ac, errType, field, stored)
	if err != nil {
		return err
	}
	if canonical != stored {
		return errorsmod.Wrapf(errType, "%s %q is not in canonical form: write it %s", field, stored, canonical)
	}
	return nil
}

func indexed(field string, i int) string {
	return field + "[" + strconv.Itoa(i) + "]"
}
