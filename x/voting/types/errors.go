package types

import errorsmod "cosmossdk.io/errors"

// Errors of the voting module. Codes are consensus: never renumber them.
var (
	ErrInvalidAuthority = errorsmod.Register(ModuleName, 2, "signer is not the governance authority")
	ErrUnauthorized     = errorsmod.Register(ModuleName, 3, "signer may not do this")
	ErrInvalidAddress   = errorsmod.Register(ModuleName, 4, "invalid address")
	ErrInvalidElection  = errorsmod.Register(ModuleName, 5, "invalid election")
	ErrElectionNotFound = errorsmod.Register(ModuleName, 6, "election not found")
	ErrWrongStatus      = errorsmod.Register(ModuleName, 7, "election is not in a state that allows this")
	ErrInvalidVoters    = errorsmod.Register(ModuleName, 8, "invalid voters")
	ErrInvalidBallot    = errorsmod.Register(ModuleName, 9, "invalid ballot")
	ErrBadSignature     = errorsmod.Register(ModuleName, 10, "ballot signature does not verify")
	ErrNotInCensus      = errorsmod.Register(ModuleName, 11, "voter is not in the census")
	ErrBadCensusProof   = errorsmod.Register(ModuleName, 12, "census proof does not verify")
	ErrOutsideWindow    = errorsmod.Register(ModuleName, 13, "election is not open for ballots")
	ErrStaleCounter     = errorsmod.Register(ModuleName, 14, "ballot counter is not above the counted ballot's")
	ErrRevoteLimit      = errorsmod.Register(ModuleName, 15, "voter has used every allowed revote")
	ErrBallotPending    = errorsmod.Register(ModuleName, 16, "a ballot of this voter for this election is already waiting in the mempool")
	ErrInvalidAnswer    = errorsmod.Register(ModuleName, 17, "invalid answer")
	ErrTooManyBallots   = errorsmod.Register(ModuleName, 18, "too many ballots")
	ErrInvalidParams    = errorsmod.Register(ModuleName, 19, "invalid params")
	ErrInvalidGenesis   = errorsmod.Register(ModuleName, 20, "invalid genesis")
	ErrRevoteNotAllowed = errorsmod.Register(ModuleName, 21, "election does not allow revotes")
	ErrAgencyNotActive  = errorsmod.Register(ModuleName, 22, "agency is not active")
	ErrDuplicateInBatch = errorsmod.Register(ModuleName, 23, "voter appears twice in one transaction")
	ErrCensusExceeded   = errorsmod.Register(ModuleName, 24, "ballot would exceed the census's declared voters or weight")
	ErrFreeTx           = errorsmod.Register(ModuleName, 25, "not a valid free ballot transaction")
	ErrInvalidRule      = errorsmod.Register(ModuleName, 26, "rule contract may not be attached")
	ErrRuleRefused      = errorsmod.Register(ModuleName, 27, "refused by the election's rule contract")
	ErrKeyCeremony      = errorsmod.Register(ModuleName, 28, "key ceremony step refused")
)
