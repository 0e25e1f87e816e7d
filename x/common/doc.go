// Package common holds the patterns every Civitas module uses at its
// boundary, so that each module gets them right in the same way:
//
//   - addresses (address.go): every address that enters state, from a Msg or
//     from genesis, is decoded once and kept in canonical form (bytes in keys,
//     canonical lower-case bech32 in records and events). Upper-case bech32 is
//     valid input and must never dodge a comparison.
//   - events (events.go): one typed event per state change.
//
// One more rule for every module's protos: name the file that holds the
// module's shared messages after the module (proto/civitas/<m>/v1/<m>.proto,
// as x/agency's agency.proto), never types.proto. gogoproto registers a
// package's files in the order of their Go file names and resolves imports
// only among files already registered, so a message of events.proto,
// genesis.proto, query.proto or tx.proto that uses a message of a file sorting
// after it gets a placeholder descriptor: legacy Amino JSON then signs it as
// {} (the signer signs nothing of it). app's TestAminoJSONSignsEveryField
// checks every Civitas Msg for this.
package common
