package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	dbm "github.com/cometbft/cometbft-db"
	"github.com/cometbft/cometbft/light"
	lightdb "github.com/cometbft/cometbft/light/store/db"
	rpcclient "github.com/cometbft/cometbft/rpc/client"
	rpchttp "github.com/cometbft/cometbft/rpc/client/http"
)

// DefaultTrustingPeriod is how long a verified header stays a root of trust:
// well under the unbonding period, so a validator set that signed a lie
// within it can still be punished.
const DefaultTrustingPeriod = 7 * 24 * time.Hour

// ErrNotTrusted: the header of the height a value was read at could not be
// verified from the trusted header (with the witnesses agreeing).
var ErrNotTrusted = errors.New("header not trusted")

// Options of a Verifier.
type Options struct {
	ChainID string
	// Primary serves the values, their proofs and the headers; Witnesses
	// (at least one) must agree on every header the light client accepts.
	Primary   string
	Witnesses []string
	// TrustDir holds the trust store (verified headers), reused across runs.
	TrustDir string
	// TrustHeight and TrustHash, when set, are the root of trust (civitasd
	// verify trust); otherwise the trust store's latest header is.
	TrustHeight    int64
	TrustHash      []byte
	TrustingPeriod time.Duration
	// MaxAge: the newest header must be younger (default DefaultMaxAge).
	MaxAge time.Duration
}

// Verifier reads store values from a node with their proofs and checks them
// against headers its light client verified.
type Verifier struct {
	lc        *light.Client
	node      *rpchttp.HTTP
	witnesses []string
	maxAge    time.Duration
	db        dbm.DB
}

// New opens the trust store and starts a light client (skipping
// verification, trust level 1/3) with the primary and the witnesses.
func New(ctx context.Context, o Options) (*Verifier, error) {
	if len(o.Witnesses) == 0 {
		return nil, errors.New("at least one witness RPC is needed")
	}
	if o.TrustingPeriod == 0 {
		o.TrustingPeriod = DefaultTrustingPeriod
	}
	db, err := dbm.NewGoLevelDB("light", o.TrustDir)
	if err != nil {
		return nil, fmt.Errorf("trust store %s: %w", o.TrustDir, err)
	}
	store := lightdb.New(db, o.ChainID)
	opts := []light.Option{light.SkippingVerification(light.DefaultTrustLevel), light.MaxRetryAttempts(3)}
	var lc *light.Client
	if o.TrustHeight > 0 {
		lc, err = light.NewHTTPClient(ctx, o.ChainID, light.TrustOptions{Period: o.TrustingPeriod, Height: o.TrustHeight, Hash: o.TrustHash},
			o.Primary, o.Witnesses, store, opts...)
	} else {
		if store.Size() == 0 {
			db.Close()
			return nil, fmt.Errorf("%w: the trust store %s is empty; trust a header first (civitasd verify trust <height> <hash>)", ErrNotTrusted, o.TrustDir)
		}
		lc, err = light.NewHTTPClientFromTrustedStore(o.ChainID, o.TrustingPeriod, o.Primary, o.Witnesses, store, opts...)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("%w: %v", ErrNotTrusted, err)
	}
	node, err := rpchttp.NewWithTimeout(o.Primary, "/websocket", rpcTimeout)
	if err != nil {
		db.Close()
		return nil, err
	}
	if o.MaxAge == 0 {
		o.MaxAge = DefaultMaxAge
	}
	return &Verifier{lc: lc, node: node, witnesses: o.Witnesses, maxAge: o.MaxAge, db: db}, nil
}

// Close closes the trust store.
func (v *Verifier) Close() error { return v.db.Close() }

// rpcTimeout bounds each request to a node, so a silent one cannot hang a check.
const rpcTimeout = 15

// Proved is a store value (or its absence) proved at a height.
type Proved struct {
	// Height the value was read at; AppHash is the header at Height+1's.
	Height  int64
	AppHash []byte
	// ValidatorsHash: the validator set that signed the header at Height+1.
	ValidatorsHash []byte
	// Time of the header at Height+1.
	Time time.Time
	// Value is nil when the key is proven absent.
	Value []byte
}

// Read names one key of one module store.
type Read struct {
	Store string
	Key   []byte
}

// Value reads key of the module store storeName at the latest height whose
// next header exists, with its proof, verifies that next header with the
// light client and the proof against its app hash.
func (v *Verifier) Value(ctx context.Context, storeName string, key []byte) (*Proved, error) {
	ps, err := v.Values(ctx, 0, Read{Store: storeName, Key: key})
	if err != nil {
		return nil, err
	}
	return ps[0], nil
}

// Latest is the height to prove at: the one below the newest header the
// light client verified (with the witnesses agreeing), which must be at
// most MaxAge old, so a primary cannot hide newer state behind an old
// "latest" height.
func (v *Verifier) Latest(ctx context.Context) (int64, error) {
	now := time.Now()
	lb, err := v.lc.Update(ctx, now)
	if err != nil {
		st, serr := v.node.Status(ctx)
		if serr != nil {
			return 0, fmt.Errorf("the primary node: %w", serr)
		}
		return 0, v.headerError(ctx, st.SyncInfo.LatestBlockHeight, err)
	}
	if lb == nil { // nothing newer than the trust store's latest
		if lb, err = v.lc.TrustedLightBlock(0); err != nil {
			return 0, fmt.Errorf("%w: %v", ErrNotTrusted, err)
		}
	}
	if age := now.Sub(lb.Time); age > v.maxAge {
		return 0, fmt.Errorf("%w: the newest header the nodes serve (height %d) is from %s, %s ago (more than the max age %s): newer state may be hidden",
			ErrStale, lb.Height, lb.Time.UTC().Format(time.RFC3339), age.Round(time.Second), v.maxAge)
	}
	if lb.Height < 2 {
		return 0, fmt.Errorf("the chain is at height %d: nothing to prove yet", lb.Height)
	}
	return lb.Height - 1, nil
}

// ErrStale: the newest verified header is older than MaxAge.
var ErrStale = errors.New("stale")

// DefaultMaxAge bounds the age of the newest header a proof is read under.
const DefaultMaxAge = 2 * time.Minute

// Values proves every read at one height h (0: Latest), so records that
// refer to each other are seen in one state. The header at h+1 is verified
// once; each value (nil if proven absent) is checked against its app hash.
func (v *Verifier) Values(ctx context.Context, h int64, reads ...Read) ([]*Proved, error) {
	var err error
	if h == 0 {
		if h, err = v.Latest(ctx); err != nil {
			return nil, err
		}
	}
	lb, err := v.lc.VerifyLightBlockAtHeight(ctx, h+1, time.Now())
	if err != nil {
		return nil, v.headerError(ctx, h+1, err)
	}
	out := make([]*Proved, len(reads))
	for i, r := range reads {
		res, err := v.node.ABCIQueryWithOptions(ctx, "/store/"+r.Store+"/key", r.Key, rpcclient.ABCIQueryOptions{Height: h, Prove: true})
		if err != nil {
			return nil, fmt.Errorf("the primary node: %w", err)
		}
		if res.Response.Code != 0 {
			return nil, fmt.Errorf("the node refused the query: %s", res.Response.Log)
		}
		if res.Response.Height != h {
			return nil, fmt.Errorf("the node answered at height %d, not %d", res.Response.Height, h)
		}
		var value []byte
		if len(res.Response.Value) != 0 {
			value = res.Response.Value
		}
		if err := StoreProof(lb.AppHash, r.Store, r.Key, value, res.Response.ProofOps); err != nil {
			return nil, fmt.Errorf("%s key %X at height %d: %w", r.Store, r.Key, h, err)
		}
		out[i] = &Proved{Height: h, AppHash: lb.AppHash, ValidatorsHash: lb.ValidatorsHash, Time: lb.Time, Value: value}
	}
	return out, nil
}

// ErrWitnessDisagrees: a witness served a different header than the primary
// at the same height (a light-client attack or a fork): nothing is trusted.
var ErrWitnessDisagrees = errors.New("witness disagrees")

// headerError names why the light client did not trust the header at h:
// a witness that serves another header disagrees; when no witness
// confirmed it, crossCheck asks each one which.
func (v *Verifier) headerError(ctx context.Context, h int64, err error) error {
	var conflict light.ErrConflictingHeaders
	switch {
	case errors.Is(err, light.ErrLightClientAttack), errors.As(err, &conflict):
		return fmt.Errorf("%w: header %d differs between the primary and a witness: %v", ErrWitnessDisagrees, h, err)
	case errors.Is(err, light.ErrFailedHeaderCrossReferencing), errors.Is(err, light.ErrNoWitnesses):
		return v.crossCheck(ctx, h)
	}
	return fmt.Errorf("%w: header %d: %v", ErrNotTrusted, h, err)
}

// crossCheck says which witness did not confirm the header at h, after the
// light client found none that did: one that serves another header
// disagrees; one that serves none did not answer.
func (v *Verifier) crossCheck(ctx context.Context, h int64) error {
	primary, err := v.node.Commit(ctx, &h)
	if err != nil {
		return fmt.Errorf("%w: header %d: the primary: %v", ErrNotTrusted, h, err)
	}
	want := primary.SignedHeader.Hash()
	for _, w := range v.witnesses {
		c, err := rpchttp.NewWithTimeout(w, "/websocket", rpcTimeout)
		if err != nil {
			continue
		}
		got, err := c.Commit(ctx, &h)
		if err != nil || got.SignedHeader.Header == nil {
			continue
		}
		if hash := got.SignedHeader.Hash(); !bytes.Equal(hash, want) {
			return fmt.Errorf("%w: witness %s serves header %d with hash %X, the primary %X", ErrWitnessDisagrees, w, h, hash, want)
		}
	}
	return fmt.Errorf("%w: header %d: no witness confirmed it (%s), and a header nobody else confirms is not trusted", ErrNotTrusted, h, strings.Join(v.witnesses, ", "))
}
