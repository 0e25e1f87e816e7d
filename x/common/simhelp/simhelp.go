// Package simhelp holds what the Civitas modules' simulation message
// factories (x/*/simulation) share: picking state from collections and the
// simulator's accounts that may sign for it.
package simhelp

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"strings"

	"cosmossdk.io/collections"

	"github.com/cosmos/cosmos-sdk/testutil/simsx"
	sdk "github.com/cosmos/cosmos-sdk/types"
)

// MaxScan bounds how many entries a factory reads from one collection, so a
// large state does not slow every operation down.
const MaxScan = 500

// Collect returns up to MaxScan values of m that keep accepts, in key order.
func Collect[K, V any](ctx context.Context, m collections.Map[K, V], keep func(K, V) bool) []V {
	var out []V
	n := 0
	_ = m.Walk(ctx, nil, func(k K, v V) (bool, error) {
		n++
		if keep == nil || keep(k, v) {
			out = append(out, v)
		}
		return n >= MaxScan, nil
	})
	return out
}

// Keys returns up to MaxScan keys of m that keep accepts, in key order.
func Keys[K, V any](ctx context.Context, m collections.Map[K, V], keep func(K, V) bool) []K {
	var out []K
	n := 0
	_ = m.Walk(ctx, nil, func(k K, v V) (bool, error) {
		n++
		if keep == nil || keep(k, v) {
			out = append(out, k)
		}
		return n >= MaxScan, nil
	})
	return out
}

// Pick returns a random element of items; with none, it skips the
// operation with why.
func Pick[T any](testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, items []T, why string) (T, bool) {
	var zero T
	if len(items) == 0 {
		reporter.Skip(why)
		return zero, false
	}
	return items[testData.Rand().Intn(len(items))], true
}

// Signer is the simulator's account of bech32 address addr; it skips the
// operation when the simulator holds no key for it.
func Signer(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, addr string) (simsx.SimAccount, bool) {
	if !testData.HasAccount(addr) {
		reporter.Skipf("no key for %s", addr)
		return simsx.SimAccount{}, false
	}
	return testData.GetAccount(reporter, addr), !reporter.IsSkipped()
}

// Known filters addresses the simulator holds keys for.
func Known(testData *simsx.ChainDataSource, addrs []string) []string {
	var out []string
	for _, a := range addrs {
		if testData.HasAccount(a) {
			out = append(out, a)
		}
	}
	return out
}

// Secret derives 32 deterministic bytes from a label and numbers (a bid's
// salt, a document's hash), so a later operation can recompute what an
// earlier one committed to without the simulator keeping state.
func Secret(label string, parts ...any) []byte {
	h := sha256.New()
	h.Write([]byte(label))
	for _, p := range parts {
		switch v := p.(type) {
		case uint64:
			_ = binary.Write(h, binary.BigEndian, v)
		case uint32:
			_ = binary.Write(h, binary.BigEndian, v)
		case []byte:
			h.Write(v)
		default:
			fmt.Fprint(h, v)
		}
	}
	return h.Sum(nil)
}

// Text is a random printable text of 1 to n letters.
func Text(testData *simsx.ChainDataSource, prefix string, n int) string {
	return prefix + " " + testData.Rand().StringN(1+testData.Rand().Intn(n))
}

// AccountWhere picks one of the simulator's accounts that ok accepts (all
// are tried, in a random order); with none, it skips the operation.
func AccountWhere(testData *simsx.ChainDataSource, reporter simsx.SimulationReporter, why string, ok func(bech32 string) bool) (simsx.SimAccount, bool) {
	accs := testData.AllAccounts()
	for _, i := range testData.Rand().Perm(len(accs)) {
		addr := accs[i].Address.String()
		if ok(addr) {
			return Signer(testData, reporter, addr)
		}
	}
	reporter.Skip(why)
	return simsx.SimAccount{}, false
}

// MaxAgencyID bounds the agency ids the factories probe for an active agency.
const MaxAgencyID = 64

// ActiveAgencies are the ids from 1 to MaxAgencyID that active accepts.
func ActiveAgencies(active func(id uint64) bool) []uint64 {
	var out []uint64
	for id := uint64(1); id <= MaxAgencyID; id++ {
		if active(id) {
			out = append(out, id)
		}
	}
	return out
}

// DryRun runs msg through its Msg service handler on a cache of ctx and
// skips the operation if the handler refuses it; nothing is written. A
// factory uses it where the chain's preconditions are many (a bid's
// parties, a debarment, a rule contract): the message is then delivered
// for real, through the ante handler, and must succeed.
func DryRun[M any, R any](ctx context.Context, reporter simsx.SimulationReporter, handler func(context.Context, M) (R, error), msg M) bool {
	cache, _ := sdk.UnwrapSDKContext(ctx).CacheContext()
	if _, err := handler(cache, msg); err != nil {
		// The refusal's registered error (without the ids), so that the
		// summary counts reasons.
		msg := err.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		reporter.Skipf("the chain would refuse it: %s", msg)
		return false
	}
	return true
}
