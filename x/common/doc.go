// Package common holds the patterns every Civitas module uses at its
// boundary, so that each module gets them right in the same way:
//
//   - addresses (address.go): every address that enters state, from a Msg or
//     from genesis, is decoded once and kept in canonical form (bytes in keys,
//     canonical lower-case bech32 in records and events). Upper-case bech32 is
//     valid input and must never dodge a comparison.
//   - events (events.go): one typed event per state change.
package common
