package types

import (
	"encoding/binary"

	"cosmossdk.io/collections"
)

const (
	// ModuleName is the module's name, store key and route.
	ModuleName = "voting"
	// StoreKey is the KV store key.
	StoreKey = ModuleName
	// TransientStoreKey holds CheckTx-only marks of ballots waiting in the
	// mempool (never part of consensus state).
	TransientStoreKey = "transient_" + ModuleName
)

// Collection prefixes. They are consensus: never renumber them.
var (
	ParamsKey            = collections.NewPrefix(0)
	ElectionSeqKey       = collections.NewPrefix(1)
	ElectionsKey         = collections.NewPrefix(2)
	ElectionsByAgencyKey = collections.NewPrefix(3)
	ElectionsByStatusKey = collections.NewPrefix(4)
	VotersKey            = collections.NewPrefix(5)
	// BallotsKey: see BallotStoreKey; named in the README for light clients.
	BallotsKey       = collections.NewPrefix(6)
	TalliesKey       = collections.NewPrefix(7)
	RankingsKey      = collections.NewPrefix(8)
	ResultsKey       = collections.NewPrefix(9)
	StartQueueKey    = collections.NewPrefix(10)
	EndQueueKey      = collections.NewPrefix(11)
	FinalizeQueueKey = collections.NewPrefix(12)
	// KeyDealsKey: (election id, dealer index) -> KeyDeal of a secret election's key ceremony.
	KeyDealsKey = collections.NewPrefix(13)
	// EncryptedTalliesKey: election id -> EncryptedTally (SECRET elections).
	EncryptedTalliesKey = collections.NewPrefix(14)
	// PartialDecryptionsKey: (election id, trustee index) -> PartialDecryption.
	PartialDecryptionsKey = collections.NewPrefix(15)
)

// BallotStoreKey is the key of a voter's counted ballot in the "voting"
// store: 0x06 | election id (8 bytes, big-endian) | voter address bytes
// (20). An ABCI query of "store/voting/key" with this key and prove=true
// returns the Ballot with an ICS23 proof against the app hash.
func BallotStoreKey(electionID uint64, voter []byte) []byte {
	key := make([]byte, 0, 1+8+len(voter))
	key = append(key, BallotsKey...)
	key = binary.BigEndian.AppendUint64(key, electionID)
	return append(key, voter...)
}

// ElectionStoreKey is an election's key in the "voting" store:
// 0x02 | election id (8 bytes, big-endian) -> Election.
func ElectionStoreKey(electionID uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, ElectionsKey...), electionID)
}

// ResultStoreKey is an election's final result in the "voting" store:
// 0x09 | election id (8 bytes, big-endian) -> Result.
func ResultStoreKey(electionID uint64) []byte {
	return binary.BigEndian.AppendUint64(append([]byte{}, ResultsKey...), electionID)
}
