//! Civitas's CosmWasm binding crate.
//!
//! It speaks the VM's ABI directly (wasmvm v3: `interface_version_8`,
//! `Region`s holding JSON, the `env` imports) so contracts build offline
//! with Debian's Rust and stay small: no cosmwasm-std.
//!
//! - [`entry_point!`]: exports `instantiate`, `execute`, `query`, `sudo`,
//!   `migrate` from plain functions over [`DepsMut`]/[`Deps`].
//! - [`types`]: `Env`, `MessageInfo`, `Response`, `SubMsg`, `CosmosMsg`
//!   (bank, wasm, custom), `Attribute`, `Event`, `Binary` with the VM's JSON.
//! - [`storage`]: `Item` and `Map` (ordered iteration through
//!   `db_scan`/`db_next`).
//! - [`api`]: address validation and conversion; [`query`]: `query_chain`
//!   with Civitas's custom queries.
//! - [`mock`]: the same traits in memory, for `cargo test` on the host.

pub mod api;
pub mod binary;
pub mod exports;
#[cfg(target_arch = "wasm32")]
pub mod imports;
pub mod memory;
pub mod mock;
pub mod query;
pub mod storage;
pub mod types;

pub use api::Api;
pub use binary::Binary;
pub use query::{CivitasQuery, Querier};
pub use storage::{Item, Map, Order, Storage};
pub use types::*;

/// The error a contract returns: its text reaches the caller as
/// `{"error": "..."}` (and, for a Civitas rule hook, the refused action's
/// error).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StdError(pub String);

impl StdError {
    pub fn msg(s: impl Into<String>) -> Self {
        StdError(s.into())
    }
}

impl core::fmt::Display for StdError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<serde_json::Error> for StdError {
    fn from(e: serde_json::Error) -> Self {
        StdError(format!("json: {}", e))
    }
}

pub type StdResult<T> = Result<T, StdError>;

/// Serializes a value to JSON bytes.
pub fn to_json<T: serde::Serialize>(v: &T) -> StdResult<Vec<u8>> {
    Ok(serde_json::to_vec(v)?)
}

/// Deserializes JSON bytes.
pub fn from_json<T: serde::de::DeserializeOwned>(b: &[u8]) -> StdResult<T> {
    Ok(serde_json::from_slice(b)?)
}

/// Mutable access to the contract's world in execute, instantiate, sudo and migrate.
pub struct DepsMut<'a> {
    pub storage: &'a mut dyn Storage,
    pub api: &'a dyn Api,
    pub querier: &'a dyn Querier,
}

/// Read-only access in queries.
pub struct Deps<'a> {
    pub storage: &'a dyn Storage,
    pub api: &'a dyn Api,
    pub querier: &'a dyn Querier,
}

impl<'a> DepsMut<'a> {
    pub fn as_ref(&self) -> Deps<'_> {
        Deps { storage: self.storage, api: self.api, querier: self.querier }
    }
}
