package app

import (
	"fmt"

	"cosmossdk.io/core/address"

	authcodec "github.com/cosmos/cosmos-sdk/x/auth/codec"
)

// cliAddressCodec wraps an address codec so that a malformed address given on
// the command line is reported with its value and the expected prefix
// ("invalid account address \"civ1bogus\" (want civ1...): ...").
// It is used by the CLI only; keepers use the plain codecs.
type cliAddressCodec struct {
	address.Codec
	kind, prefix string
}

// StringToBytes decodes text, naming text in the error.
func (c cliAddressCodec) StringToBytes(text string) ([]byte, error) {
	bz, err := c.Codec.StringToBytes(text)
	if err != nil {
		return nil, fmt.Errorf("invalid %s address %q (want %s1...): %w", c.kind, text, c.prefix, err)
	}
	return bz, nil
}

// CLIAddressCodecs returns the account, validator and consensus address
// codecs for the command line: bech32 with the civ prefixes, with errors that
// name the offending value.
func CLIAddressCodecs() (acc, val, cons address.Codec) {
	return cliAddressCodec{authcodec.NewBech32Codec(Bech32PrefixAccAddr), "account", Bech32PrefixAccAddr},
		cliAddressCodec{authcodec.NewBech32Codec(Bech32PrefixValAddr), "validator", Bech32PrefixValAddr},
		cliAddressCodec{authcodec.NewBech32Codec(Bech32PrefixConsAddr), "consensus", Bech32PrefixConsAddr}
}
