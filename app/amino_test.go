package app_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/cosmos/gogoproto/proto"
	"github.com/stretchr/testify/require"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/types/dynamicpb"

	aminov1 "cosmossdk.io/api/amino"
	msgv1 "cosmossdk.io/api/cosmos/msg/v1"
	cosmos_proto "github.com/cosmos/cosmos-proto"

	"github.com/cosmos/cosmos-sdk/crypto/keys/secp256k1"
	sdk "github.com/cosmos/cosmos-sdk/types"
	sdkerrors "github.com/cosmos/cosmos-sdk/types/errors"
	"github.com/cosmos/cosmos-sdk/types/tx/signing"
	authsigning "github.com/cosmos/cosmos-sdk/x/auth/signing"

	"github.com/civitas-chain/civitas/testutil"
)

// Legacy Amino JSON signing (Ledger, Keplr, cosmjs) of every Civitas Msg.
//
// For every Msg registered under /civitas., with every field set (nested
// messages and lists included), the SIGN_MODE_LEGACY_AMINO_JSON sign bytes
// produced by the app's sign-mode handler must:
//   - equal a JSON built here, independently, from the proto descriptor:
//     {"type": amino.name, "value": fields in name order, snake_case, empty
//     scalars omitted, lists with amino.dont_omitempty kept (null when empty),
//     64-bit integers as strings, enums as numbers, times in RFC 3339};
//   - change when any single field changes;
//   - when signed, pass the app's real ante handler, and fail it once any
//     field of the signed Msg is swapped (a relayer cannot alter it).
func TestAminoJSONSignsEveryField(t *testing.T) {
	c := testutil.NewChain(t, testutil.Config{})
	signer := c.Accounts["alice"]
	resolver := c.App.TxConfig().SigningContext().FileResolver()

	var names []string
	for _, url := range c.App.InterfaceRegistry().ListImplementations(sdk.MsgInterfaceProtoName) {
		if strings.HasPrefix(url, "/civitas.") {
			names = append(names, url[1:])
		}
	}
	sort.Strings(names)
	require.NotEmpty(t, names)

	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			d, err := resolver.FindDescriptorByName(protoreflect.FullName(name))
			require.NoError(t, err)
			desc := d.(protoreflect.MessageDescriptor)
			aminoName, _ := protov2.GetExtension(desc.Options(), aminov1.E_Name).(string)
			require.NotEmpty(t, aminoName, "%s has no amino.name", name)
			signerFields, _ := protov2.GetExtension(desc.Options(), msgv1.E_Signer).([]string)
			require.Len(t, signerFields, 1)

			filled := dynamicpb.NewMessage(desc)
			fill(t, filled, signerFields[0], signer.Address.String(), new(int))

			signBytes := aminoSignBytes(t, c, toGogo(t, c, filled), signer)
			var doc struct {
				Msgs []json.RawMessage `json:"msgs"`
			}
			require.NoError(t, json.Unmarshal(signBytes, &doc))
			require.Len(t, doc.Msgs, 1)
			want, err := json.Marshal(map[string]any{"type": aminoName, "value": buildAmino(filled)})
			require.NoError(t, err)
			require.JSONEq(t, string(want), string(doc.Msgs[0]), "amino JSON of %s", name)

			// Every field is signed: changing any one changes the bytes.
			for _, path := range leafPaths(desc, "") {
				mutated := protov2.Clone(filled).(*dynamicpb.Message)
				mutate(t, mutated, path)
				require.NotEqual(t, string(signBytes), string(aminoSignBytes(t, c, toGogo(t, c, mutated), signer)),
					"changing %s.%s does not change the sign bytes", name, path)
			}

			// Signed as a hardware wallet does, it passes the real ante
			// handler; the same signature over a swapped field does not.
			// MsgCastBallots is run in block-execution mode: in CheckTx the
			// ballot decorator would refuse its filler ballots (x/voting
			// tests cover that); the transaction signature is checked alike.
			checkTx := name != "civitas.voting.v1.MsgCastBallots"
			signed := signAmino(t, c, signer, toGogo(t, c, filled))
			ctx, _ := c.Ctx().CacheContext()
			_, err = c.App.AnteHandler()(ctx.WithIsCheckTx(checkTx), decode(t, c, signed), false)
			require.NoError(t, err, "amino-JSON-signed %s refused by the ante handler", name)

			for _, path := range leafPaths(desc, "") {
				if path == signerFields[0] {
					continue // another signer is another account, not a swap
				}
				mutated := protov2.Clone(filled).(*dynamicpb.Message)
				mutate(t, mutated, path)
				swapped := swapMsg(t, c, signed, toGogo(t, c, mutated))
				ctx, _ := c.Ctx().CacheContext()
				_, err = c.App.AnteHandler()(ctx.WithIsCheckTx(checkTx), decode(t, c, swapped), false)
				require.ErrorIs(t, err, sdkerrors.ErrUnauthorized, "swapping %s.%s must break the signature", name, path)
			}
		})
	}
}

// fill sets every field of m: the signer field to signer, other addresses to
// distinct valid addresses, other scalars to distinct non-zero values, two
// elements in every list, every nested message filled.
func fill(t *testing.T, m protoreflect.Message, signerField, signer string, seq *int) {
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		switch {
		case fd.IsList():
			list := m.Mutable(fd).List()
			for j := 0; j < 2; j++ {
				if fd.Kind() == protoreflect.MessageKind {
					el := list.NewElement()
					fill(t, el.Message(), "", signer, seq)
					list.Append(el)
				} else {
					list.Append(scalar(fd, "", signer, seq))
				}
			}
		case fd.IsMap():
			t.Fatalf("map field %s: not handled by this test", fd.FullName())
		case fd.Kind() == protoreflect.MessageKind && fd.Message().FullName() == "google.protobuf.Timestamp":
			*seq++
			ts := m.Mutable(fd).Message()
			ts.Set(ts.Descriptor().Fields().ByName("seconds"), protoreflect.ValueOfInt64(1_780_000_000+int64(*seq)))
		case fd.Kind() == protoreflect.MessageKind:
			fill(t, m.Mutable(fd).Message(), "", signer, seq)
		default:
			m.Set(fd, scalar(fd, signerField, signer, seq))
		}
	}
}

func isAddress(fd protoreflect.FieldDescriptor) bool {
	s, _ := protov2.GetExtension(fd.Options(), cosmos_proto.E_Scalar).(string)
	return s == "cosmos.AddressString"
}

// isNumber reports a string field holding a cosmos.Int or cosmos.Dec.
func isNumber(fd protoreflect.FieldDescriptor) bool {
	s, _ := protov2.GetExtension(fd.Options(), cosmos_proto.E_Scalar).(string)
	return s == "cosmos.Int" || s == "cosmos.Dec"
}

func scalar(fd protoreflect.FieldDescriptor, signerField, signer string, seq *int) protoreflect.Value {
	*seq++
	n := *seq
	switch fd.Kind() {
	case protoreflect.StringKind:
		if string(fd.Name()) == signerField {
			return protoreflect.ValueOfString(signer)
		}
		if isAddress(fd) {
			return protoreflect.ValueOfString(sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte{byte(n)}).PubKey().Address()).String())
		}
		if isNumber(fd) {
			return protoreflect.ValueOfString(fmt.Sprintf("%d000", n))
		}
		return protoreflect.ValueOfString(fmt.Sprintf("%s-%d", fd.Name(), n))
	case protoreflect.BoolKind:
		return protoreflect.ValueOfBool(true)
	case protoreflect.EnumKind:
		return protoreflect.ValueOfEnum(1)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		return protoreflect.ValueOfUint32(uint32(n))
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		return protoreflect.ValueOfInt32(int32(n))
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return protoreflect.ValueOfUint64(uint64(n))
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return protoreflect.ValueOfInt64(int64(n))
	case protoreflect.BytesKind:
		return protoreflect.ValueOfBytes([]byte{byte(n), 1})
	}
	panic(fmt.Sprintf("field %s: kind %s not handled", fd.FullName(), fd.Kind()))
}

// buildAmino renders m as legacy Amino JSON, from its descriptor alone.
func buildAmino(m protoreflect.Message) map[string]any {
	out := map[string]any{}
	fields := m.Descriptor().Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		keep, _ := protov2.GetExtension(fd.Options(), aminov1.E_DontOmitempty).(bool)
		name := string(fd.Name())
		if !m.Has(fd) {
			if keep && fd.IsList() {
				out[name] = nil
			}
			continue // empty scalars and messages are omitted
		}
		out[name] = aminoValue(fd, m.Get(fd))
	}
	return out
}

func aminoValue(fd protoreflect.FieldDescriptor, v protoreflect.Value) any {
	if fd.IsList() {
		list := v.List()
		out := make([]any, list.Len())
		for i := range out {
			out[i] = aminoElement(fd, list.Get(i))
		}
		return out
	}
	return aminoElement(fd, v)
}

func aminoElement(fd protoreflect.FieldDescriptor, v protoreflect.Value) any {
	switch fd.Kind() {
	case protoreflect.MessageKind:
		if fd.Message().FullName() == "google.protobuf.Timestamp" {
			msg := v.Message()
			sec := msg.Get(msg.Descriptor().Fields().ByName("seconds")).Int()
			nanos := msg.Get(msg.Descriptor().Fields().ByName("nanos")).Int()
			return time.Unix(sec, nanos).UTC().Format(time.RFC3339Nano)
		}
		return buildAmino(v.Message())
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		return strconv.FormatUint(v.Uint(), 10)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		return strconv.FormatInt(v.Int(), 10)
	case protoreflect.EnumKind:
		return int64(v.Enum())
	case protoreflect.BytesKind:
		return base64.StdEncoding.EncodeToString(v.Bytes())
	default:
		return v.Interface()
	}
}

// leafPaths lists the dotted paths of m's scalar fields (list elements as
// name[0]).
func leafPaths(desc protoreflect.MessageDescriptor, prefix string) []string {
	var out []string
	fields := desc.Fields()
	for i := 0; i < fields.Len(); i++ {
		fd := fields.Get(i)
		name := prefix + string(fd.Name())
		if fd.IsList() {
			name += "[0]"
		}
		if fd.Kind() == protoreflect.MessageKind && fd.Message().FullName() != "google.protobuf.Timestamp" {
			out = append(out, leafPaths(fd.Message(), name+".")...)
		} else {
			out = append(out, name)
		}
	}
	return out
}

// mutate changes the value at path (as leafPaths writes it).
func mutate(t *testing.T, m protoreflect.Message, path string) {
	t.Helper()
	head, rest, nested := strings.Cut(path, ".")
	name, isList := strings.CutSuffix(head, "[0]")
	fd := m.Descriptor().Fields().ByName(protoreflect.Name(name))
	require.NotNil(t, fd, path)
	if nested {
		if isList {
			mutate(t, m.Mutable(fd).List().Get(0).Message(), rest)
		} else {
			mutate(t, m.Mutable(fd).Message(), rest)
		}
		return
	}
	var v protoreflect.Value
	if isList {
		v = m.Get(fd).List().Get(0)
	} else {
		v = m.Get(fd)
	}
	var changed protoreflect.Value
	switch fd.Kind() {
	case protoreflect.StringKind:
		if isAddress(fd) {
			changed = protoreflect.ValueOfString(sdk.AccAddress(secp256k1.GenPrivKeyFromSecret([]byte("swapped")).PubKey().Address()).String())
		} else if isNumber(fd) {
			changed = protoreflect.ValueOfString(v.String() + "7")
		} else {
			changed = protoreflect.ValueOfString(v.String() + "x")
		}
	case protoreflect.BoolKind:
		changed = protoreflect.ValueOfBool(!v.Bool())
	case protoreflect.EnumKind:
		changed = protoreflect.ValueOfEnum(v.Enum() + 1)
	case protoreflect.Uint32Kind, protoreflect.Fixed32Kind:
		changed = protoreflect.ValueOfUint32(uint32(v.Uint()) + 1)
	case protoreflect.Int32Kind, protoreflect.Sint32Kind, protoreflect.Sfixed32Kind:
		changed = protoreflect.ValueOfInt32(int32(v.Int()) + 1)
	case protoreflect.Uint64Kind, protoreflect.Fixed64Kind:
		changed = protoreflect.ValueOfUint64(v.Uint() + 1)
	case protoreflect.Int64Kind, protoreflect.Sint64Kind, protoreflect.Sfixed64Kind:
		changed = protoreflect.ValueOfInt64(v.Int() + 1)
	case protoreflect.BytesKind:
		changed = protoreflect.ValueOfBytes(append([]byte{9}, v.Bytes()...))
	case protoreflect.MessageKind: // Timestamp
		ts := protov2.Clone(v.Message().Interface()).ProtoReflect()
		sec := ts.Descriptor().Fields().ByName("seconds")
		ts.Set(sec, protoreflect.ValueOfInt64(ts.Get(sec).Int()+1))
		changed = protoreflect.ValueOfMessage(ts)
	default:
		t.Fatalf("%s: kind %s not handled", path, fd.Kind())
	}
	if isList {
		m.Mutable(fd).List().Set(0, changed)
	} else {
		m.Set(fd, changed)
	}
}

// toGogo converts a dynamic message into the app's registered Go type.
func toGogo(t *testing.T, c *testutil.Chain, m *dynamicpb.Message) sdk.Msg {
	t.Helper()
	bz, err := protov2.Marshal(m)
	require.NoError(t, err)
	msg, err := c.App.InterfaceRegistry().Resolve("/" + string(m.Descriptor().FullName()))
	require.NoError(t, err)
	require.NoError(t, proto.Unmarshal(bz, msg))
	return msg.(sdk.Msg)
}

func signerData(t *testing.T, c *testutil.Chain, who testutil.Account) authsigning.SignerData {
	acc := c.App.AccountKeeper.GetAccount(c.Ctx(), who.Address)
	require.NotNil(t, acc)
	return authsigning.SignerData{
		ChainID: testutil.ChainID, AccountNumber: acc.GetAccountNumber(), Sequence: acc.GetSequence(),
		Address: who.Address.String(), PubKey: who.PrivKey.PubKey(),
	}
}

// aminoSignBytes are the SIGN_MODE_LEGACY_AMINO_JSON bytes of a tx holding msg.
func aminoSignBytes(t *testing.T, c *testutil.Chain, msg sdk.Msg, who testutil.Account) []byte {
	t.Helper()
	b := c.App.TxConfig().NewTxBuilder()
	require.NoError(t, b.SetMsgs(msg))
	b.SetGasLimit(testutil.DefaultGas)
	bz, err := authsigning.GetSignBytesAdapter(context.Background(), c.App.TxConfig().SignModeHandler(),
		signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON, signerData(t, c, who), b.GetTx())
	require.NoError(t, err)
	return bz
}

// signAmino returns a tx holding msg, signed by who in amino JSON mode.
func signAmino(t *testing.T, c *testutil.Chain, who testutil.Account, msg sdk.Msg) []byte {
	t.Helper()
	sig := who.PrivKey
	b := c.App.TxConfig().NewTxBuilder()
	require.NoError(t, b.SetMsgs(msg))
	b.SetGasLimit(testutil.DefaultGas)
	data := signerData(t, c, who)
	sigV2 := signing.SignatureV2{PubKey: sig.PubKey(), Data: &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON}, Sequence: data.Sequence}
	require.NoError(t, b.SetSignatures(sigV2))
	bz, err := authsigning.GetSignBytesAdapter(context.Background(), c.App.TxConfig().SignModeHandler(),
		signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON, data, b.GetTx())
	require.NoError(t, err)
	signature, err := sig.Sign(bz)
	require.NoError(t, err)
	sigV2.Data = &signing.SingleSignatureData{SignMode: signing.SignMode_SIGN_MODE_LEGACY_AMINO_JSON, Signature: signature}
	require.NoError(t, b.SetSignatures(sigV2))
	txBytes, err := c.App.TxConfig().TxEncoder()(b.GetTx())
	require.NoError(t, err)
	return txBytes
}

// swapMsg replaces the Msg of a signed tx, keeping its signature.
func swapMsg(t *testing.T, c *testutil.Chain, txBytes []byte, msg sdk.Msg) []byte {
	t.Helper()
	tx := decode(t, c, txBytes)
	b, err := c.App.TxConfig().WrapTxBuilder(tx)
	require.NoError(t, err)
	require.NoError(t, b.SetMsgs(msg))
	out, err := c.App.TxConfig().TxEncoder()(b.GetTx())
	require.NoError(t, err)
	return out
}

func decode(t *testing.T, c *testutil.Chain, txBytes []byte) sdk.Tx {
	t.Helper()
	tx, err := c.App.TxConfig().TxDecoder()(txBytes)
	require.NoError(t, err)
	return tx
}
