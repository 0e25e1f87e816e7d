package types

import "cosmossdk.io/math"

// SeatUnit is one validator seat in the seat token (useat has 6 decimals:
// one seat is 10^6 useat).
var SeatUnit = math.NewInt(1_000_000)

// PowerPerSeat is the consensus power of one seat: the app sets the staking
// power reduction to SeatUnit / PowerPerSeat.
//
// It is not 1 because CometBFT's block sync leaves for consensus at once on
// a validator it thinks the chain cannot do without, tested in integers as
// power >= total/3 (blocksync.Reactor.localNodeBlocksTheChain): with one
// unit per seat, each of four one-seat validators passes (1 >= 4/3 = 1), so
// a restarted validator skipped block sync and caught up through consensus
// gossip, block by block, under load. With 1,000 units per seat (any multiple
// of 3 would be exact; any value >= 3 is enough for whole seats) the test
// is true only for a validator that holds a third of the seats or more.
const PowerPerSeat = 1000
