// Package keeper holds the voting module's state: elections, registry
// censuses, counted ballots, running tallies and results.
package keeper

import (
	"fmt"
	"time"

	"cosmossdk.io/collections"
	"cosmossdk.io/core/address"
	storetypes "cosmossdk.io/core/store"

	"github.com/cosmos/cosmos-sdk/codec"
	sdk "github.com/cosmos/cosmos-sdk/types"

	"github.com/civitas-chain/civitas/x/common"
	"github.com/civitas-chain/civitas/x/common/wasmrule"
	"github.com/civitas-chain/civitas/x/voting/types"
)

// BallotKey is (election id, voter address).
type BallotKey = collections.Pair[uint64, sdk.AccAddress]

// RankingKey is (election id, question index, ranking bytes: option indexes as 2-byte big-endian).
type RankingKey = collections.Triple[uint64, uint32, []byte]

// QueueKey is (time, election id).
type QueueKey = collections.Pair[time.Time, uint64]

// Keeper of the voting module. All state is in collections.
type Keeper struct {
	cdc          codec.BinaryCodec
	addressCodec address.Codec
	authority    string
	agency       types.AgencyKeeper
	budget       types.BudgetKeeper
	// rules calls rule contracts (x/wasm); nil: no rule can be attached.
	rules wasmrule.WasmKeeper

	// pending marks ballots waiting in this node's mempool (CheckTx only).
	pending storetypes.TransientStoreService
	// sigCache remembers ballot signatures this node verified in CheckTx,
	// so executing their block does not verify them again. Node-local: it
	// saves time, never changes a result (a miss verifies).
	sigCache *SignatureCache

	Schema collections.Schema
	Params collections.Item[types.Params]

	ElectionSeq       collections.Sequence
	Elections         collections.Map[uint64, types.Election]
	ElectionsByAgency collections.KeySet[collections.Pair[uint64, uint64]]
	ElectionsByStatus collections.KeySet[collections.Pair[int32, uint64]]
	// Voters: registry census entries, (election id, address) -> weight.
	Voters collections.Map[BallotKey, uint64]
	// Ballots: the counted (latest) ballot of each voter; see types.BallotStoreKey.
	Ballots  collections.Map[BallotKey, types.Ballot]
	Tallies  collections.Map[uint64, types.Tally]
	Rankings collections.Map[RankingKey, uint64]
	Results  collections.Map[uint64, types.Result]
	// StartQueue and EndQueue: elections to open / close at a time.
	StartQueue collections.KeySet[QueueKey]
	EndQueue   collections.KeySet[QueueKey]
	// FinalizeQueue: closed elections whose result is still to be computed.
	FinalizeQueue collections.KeySet[uint64]
	// KeyDeals: the trustees' deals of a secret election's key ceremony.
	KeyDeals collections.Map[collections.Pair[uint64, uint32], types.KeyDeal]
	// EncryptedTallies: a SECRET election's running ciphertext sums.
	EncryptedTallies collections.Map[uint64, types.EncryptedTally]
	// PartialDecryptions: the trustees' partial decryptions of a closed SECRET election.
	PartialDecryptions collections.Map[collections.Pair[uint64, uint32], types.PartialDecryption]
}

// NewKeeper returns the keeper. It panics only on a programming error
// (bad authority or schema).
func NewKeeper(cdc codec.BinaryCodec, storeService storetypes.KVStoreService, pending storetypes.TransientStoreService,
	addressCodec address.Codec, authority string, agency types.AgencyKeeper, budget types.BudgetKeeper,
) Keeper {
	if _, err := addressCodec.StringToBytes(authority); err != nil {
		panic(fmt.Sprintf("voting: invalid authority address %q: %s", authority, err))
	}
	sb := collections.NewSchemaBuilder(storeService)
	ballotKey := collections.PairKeyCodec(collections.Uint64Key, sdk.AccAddressKey)
	queueKey := collections.PairKeyCodec(sdk.TimeKey, collections.Uint64Key)
	k := Keeper{
		cdc:          cdc,
		addressCodec: addressCodec,
		authority:    authority,
		agency:       agency,
		budget:       budget,
		pending:      pending,
		sigCache:     NewSignatureCache(DefaultSignatureCacheSize),

		Params:            collections.NewItem(sb, types.ParamsKey, "params", codec.CollValue[types.Params](cdc)),
		ElectionSeq:       collections.NewSequence(sb, types.ElectionSeqKey, "election_seq"),
		Elections:         collections.NewMap(sb, types.ElectionsKey, "elections", collections.Uint64Key, codec.CollValue[types.Election](cdc)),
		ElectionsByAgency: common.NewKeySet(sb, types.ElectionsByAgencyKey, "elections_by_agency", collections.PairKeyCodec(collections.Uint64Key, collections.Uint64Key)),
		ElectionsByStatus: common.NewKeySet(sb, types.ElectionsByStatusKey, "elections_by_status", collections.PairKeyCodec(collections.Int32Key, collections.Uint64Key)),
		Voters:            collections.NewMap(sb, types.VotersKey, "voters", ballotKey, collections.Uint64Value),
		Ballots:           collections.NewMap(sb, types.BallotsKey, "ballots", ballotKey, codec.CollValue[types.Ballot](cdc)),
		Tallies:           collections.NewMap(sb, types.TalliesKey, "tallies", collections.Uint64Key, codec.CollValue[types.Tally](cdc)),
		Rankings: collections.NewMap(sb, types.RankingsKey, "rankings",
			collections.TripleKeyCodec(collections.Uint64Key, collections.Uint32Key, collections.BytesKey), collections.Uint64Value),
		Results:       collections.NewMap(sb, types.ResultsKey, "results", collections.Uint64Key, codec.CollValue[types.Result](cdc)),
		StartQueue:    common.NewKeySet(sb, types.StartQueueKey, "start_queue", queueKey),
		EndQueue:      common.NewKeySet(sb, types.EndQueueKey, "end_queue", queueKey),
		FinalizeQueue: common.NewKeySet(sb, types.FinalizeQueueKey, "finalize_queue", collections.Uint64Key),
		KeyDeals: collections.NewMap(sb, types.KeyDealsKey, "key_deals",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.KeyDeal](cdc)),
		EncryptedTallies: collections.NewMap(sb, types.EncryptedTalliesKey, "encrypted_tallies", collections.Uint64Key, codec.CollValue[types.EncryptedTally](cdc)),
		PartialDecryptions: collections.NewMap(sb, types.PartialDecryptionsKey, "partial_decryptions",
			collections.PairKeyCodec(collections.Uint64Key, collections.Uint32Key), codec.CollValue[types.PartialDecryption](cdc)),
	}
	schema, err := sb.Build()
	if err != nil {
		panic(err)
	}
	k.Schema = schema
	return k
}

// Authority returns the governance authority address.
func (k Keeper) Authority() string { return k.authority }

// AddressCodec returns the account address codec.
func (k Keeper) AddressCodec() address.Codec { return k.addressCodec }

// WithRules returns the keeper able to attach and call rule contracts
// through wk (the app passes x/wasm's keeper).
func (k Keeper) WithRules(wk wasmrule.WasmKeeper) Keeper {
	k.rules = wk
	return k
}
