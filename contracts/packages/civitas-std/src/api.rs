//! Addresses: the chain validates and converts them (bech32 `civ1…`).

use crate::StdResult;

pub trait Api {
    /// Checks that input is a valid address in canonical (lower-case) form.
    fn addr_validate(&self, input: &str) -> StdResult<String>;
    /// The address's bytes.
    fn addr_canonicalize(&self, input: &str) -> StdResult<Vec<u8>>;
    /// The address of the bytes.
    fn addr_humanize(&self, canonical: &[u8]) -> StdResult<String>;
    /// Writes a line to the node's debug log (only with debug on).
    fn debug(&self, _msg: &str) {}
}
