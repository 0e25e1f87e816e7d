package app

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"unicode"

	msgv1 "cosmossdk.io/api/cosmos/msg/v1"
	errorsmod "cosmossdk.io/errors"
	protov2 "google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"

	wasmkeeper "github.com/CosmWasm/wasmd/x/wasm/keeper"
	wasmtypes "github.com/CosmWasm/wasmd/x/wasm/types"
	wasmvmtypes "github.com/CosmWasm/wasmvm/v3/types"
	codectypes "github.com/cosmos/cosmos-sdk/codec/types"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common/wasmrule"
)

// customMsg is one Civitas Msg a contract may send as a custom message
// (contracts/README.md, "Custom messages"): its type and the field that
// names its signer.
type customMsg struct {
	typeURL string
	signer  string
}

// customMsgs maps "module" → "action" → the Msg: every Msg of a Civitas
// module, /civitas.<module>.v1.Msg<Action> as {"<module>": {"<action>": {...}}}
// with the action in snake_case (MsgDisburse → "disburse").
type customMsgs map[string]map[string]customMsg

func newCustomMsgs(reg codectypes.InterfaceRegistry, resolver interface {
	FindDescriptorByName(protoreflect.FullName) (protoreflect.Descriptor, error)
}) (customMsgs, error) {
	out := customMsgs{}
	for _, url := range reg.ListImplementations(sdk.MsgInterfaceProtoName) {
		parts := strings.Split(strings.TrimPrefix(url, "/"), ".")
		if len(parts) != 4 || parts[0] != "civitas" || !strings.HasPrefix(parts[3], "Msg") {
			continue
		}
		d, err := resolver.FindDescriptorByName(protoreflect.FullName(url[1:]))
		if err != nil {
			return nil, err
		}
		signers, _ := protov2.GetExtension(d.(protoreflect.MessageDescriptor).Options(), msgv1.E_Signer).([]string)
		if len(signers) != 1 {
			return nil, fmt.Errorf("%s: %d signer fields", url, len(signers))
		}
		if out[parts[1]] == nil {
			out[parts[1]] = map[string]customMsg{}
		}
		out[parts[1]][snake(strings.TrimPrefix(parts[3], "Msg"))] = customMsg{typeURL: url, signer: signers[0]}
	}
	return out, nil
}

// snake turns CastBallots into cast_ballots.
func snake(s string) string {
	var b strings.Builder
	for i, r := range s {
		if unicode.IsUpper(r) {
			if i > 0 {
				b.WriteByte('_')
			}
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// names lists module/action pairs, for an error that says what exists.
func (c customMsgs) names(module string) string {
	var out []string
	for m, actions := range c {
		if module != "" && m != module {
			continue
		}
		for a := range actions {
			out = append(out, m+"."+a)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ", ")
}

// CustomMsg turns a contract's {"custom": {"<module>": {"<action>": {...}}}}
// into the Civitas Msg it names, signed by the contract itself: the signer
// field is set to the contract (a message naming anyone else is refused),
// and wasmd then checks the signer and dispatches it through the module's
// msg server, so the contract acts only in the roles granted to its own
// address, under every check a person's transaction meets.
func (app *CivitasApp) CustomMsg(sender sdk.AccAddress, raw json.RawMessage) ([]sdk.Msg, error) {
	var outer map[string]map[string]json.RawMessage
	if err := json.Unmarshal(raw, &outer); err != nil || len(outer) != 1 {
		return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "a Civitas custom message is {\"<module>\": {\"<action>\": {...}}}, got %s", truncateJSON(raw))
	}
	for module, inner := range outer {
		if len(inner) != 1 {
			return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "custom message %q names %d actions, not one", module, len(inner))
		}
		for action, body := range inner {
			cm, ok := app.customMsgs[module][action]
			if !ok {
				return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "no custom message %s.%s; there are: %s", module, action, app.customMsgs.names(module))
			}
			var fields map[string]json.RawMessage
			if err := json.Unmarshal(body, &fields); err != nil || fields == nil {
				return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "%s.%s takes an object of the fields of %s", module, action, cm.typeURL)
			}
			me, _ := json.Marshal(sender.String())
			if v, ok := fields[cm.signer]; ok && !bytes.Equal(bytes.TrimSpace(v), me) {
				return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "%s.%s: %s must be the contract itself (%s) or left out, got %s", module, action, cm.signer, sender, truncateJSON(v))
			}
			fields[cm.signer] = me
			bz, err := json.Marshal(fields)
			if err != nil {
				return nil, err
			}
			msg, err := app.interfaceRegistry.Resolve(cm.typeURL)
			if err != nil {
				return nil, err
			}
			if err := app.appCodec.UnmarshalJSON(bz, msg); err != nil {
				return nil, errorsmod.Wrapf(wasmtypes.ErrInvalidMsg, "%s.%s: %s", module, action, err)
			}
			return []sdk.Msg{msg}, nil
		}
	}
	return nil, nil // not reached: one module, one action
}

func truncateJSON(b []byte) string {
	if len(b) > 128 {
		return string(b[:128]) + "…"
	}
	return string(b)
}

// ruleMessenger refuses every message a contract sends while it runs as a
// rule hook (x/common/wasmrule marks the context): a rule answers and may
// keep its own storage, but acts on nothing, so no rule can re-enter the
// module that asked it halfway through a ballot or a close.
type ruleMessenger struct{ next wasmkeeper.Messenger }

func (m ruleMessenger) DispatchMsg(ctx sdk.Context, contract sdk.AccAddress, port string, msg wasmvmtypes.CosmosMsg) ([]sdk.Event, [][]byte, [][]*codectypes.Any, error) {
	if wasmrule.InRule(ctx) {
		return nil, nil, nil, errorsmod.Wrapf(wasmtypes.ErrUnsupportedForContract, "contract %s runs as a rule hook: a rule may not send messages", contract)
	}
	return m.next.DispatchMsg(ctx, contract, port, msg)
}

var _ wasmkeeper.Messenger = ruleMessenger{}
