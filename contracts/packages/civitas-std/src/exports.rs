//! The exports the VM calls, and the glue from them to plain functions.
//!
//! `entry_point!(execute, crate::contract::execute)` exports `execute`; the
//! function takes `(DepsMut, Env, MessageInfo, Msg)` and returns
//! `Result<Response, E>` for any `E: Display` (its text becomes
//! `{"error": "..."}`). `query` takes `(Deps, Env, Msg)` and returns
//! `Result<Binary, E>`; `sudo` and `migrate` take `(DepsMut, Env, Msg)`.

use core::fmt::Display;

use serde::de::DeserializeOwned;

use crate::{from_json, Binary, ContractResult, Deps, DepsMut, Env, MessageInfo, Response, StdError};

/// Runs f over the decoded arguments and encodes its result.
pub fn run<T: serde::Serialize, E: Display>(f: impl FnOnce() -> Result<T, E>) -> Vec<u8> {
    let res = match f() {
        Ok(v) => ContractResult::Ok(v),
        Err(e) => ContractResult::Error(e.to_string()),
    };
    serde_json::to_vec(&res).unwrap_or_else(|e| format!(r#"{{"error":"encoding the result: {}"}}"#, e).into_bytes())
}

fn decode<M: DeserializeOwned>(what: &str, raw: &[u8]) -> Result<M, StdError> {
    from_json(raw).map_err(|e| StdError(format!("parsing {}: {}", what, e)))
}

/// instantiate and execute: (DepsMut, Env, MessageInfo, Msg) -> Response.
pub fn handle<M: DeserializeOwned, E: Display>(
    deps: DepsMut, env: &[u8], info: &[u8], msg: &[u8], f: &dyn Fn(DepsMut, Env, MessageInfo, M) -> Result<Response, E>,
) -> Vec<u8> {
    run(|| -> Result<Response, String> {
        let env = decode("env", env).map_err(|e| e.0)?;
        let info = decode("info", info).map_err(|e| e.0)?;
        let msg = decode("msg", msg).map_err(|e| e.0)?;
        f(deps, env, info, msg).map_err(|e| e.to_string())
    })
}

/// sudo and migrate: (DepsMut, Env, Msg) -> Response.
pub fn handle_privileged<M: DeserializeOwned, E: Display>(deps: DepsMut, env: &[u8], msg: &[u8], f: &dyn Fn(DepsMut, Env, M) -> Result<Response, E>) -> Vec<u8> {
    run(|| -> Result<Response, String> {
        let env = decode("env", env).map_err(|e| e.0)?;
        let msg = decode("msg", msg).map_err(|e| e.0)?;
        f(deps, env, msg).map_err(|e| e.to_string())
    })
}

/// query: (Deps, Env, Msg) -> Binary.
pub fn handle_query<M: DeserializeOwned, E: Display>(deps: Deps, env: &[u8], msg: &[u8], f: &dyn Fn(Deps, Env, M) -> Result<Binary, E>) -> Vec<u8> {
    run(|| -> Result<Binary, String> {
        let env = decode("env", env).map_err(|e| e.0)?;
        let msg = decode("msg", msg).map_err(|e| e.0)?;
        f(deps, env, msg).map_err(|e| e.to_string())
    })
}

#[cfg(target_arch = "wasm32")]
pub mod wasm {
    //! The VM-facing side: regions in, a region out.
    use crate::imports::{ExternalApi, ExternalQuerier, ExternalStorage};
    use crate::memory::{consume_region, release_buffer, Region};
    use crate::{Deps, DepsMut};

    #[no_mangle]
    extern "C" fn interface_version_8() {}

    /// The contract iterates its storage (db_scan/db_next).
    #[no_mangle]
    extern "C" fn requires_iterator() {}

    #[no_mangle]
    extern "C" fn allocate(size: usize) -> u32 {
        release_buffer(Vec::with_capacity(size)) as u32
    }

    #[no_mangle]
    extern "C" fn deallocate(ptr: u32) {
        drop(unsafe { consume_region(ptr as *mut Region) });
    }

    pub fn take(ptr: u32) -> Vec<u8> {
        unsafe { consume_region(ptr as *mut Region) }
    }

    pub fn give(out: Vec<u8>) -> u32 {
        release_buffer(out) as u32
    }

    pub fn with_deps_mut<R>(f: impl FnOnce(DepsMut) -> R) -> R {
        let mut storage = ExternalStorage;
        f(DepsMut { storage: &mut storage, api: &ExternalApi, querier: &ExternalQuerier })
    }

    pub fn with_deps<R>(f: impl FnOnce(Deps) -> R) -> R {
        f(Deps { storage: &ExternalStorage, api: &ExternalApi, querier: &ExternalQuerier })
    }
}

/// Exports one entry point of the contract (see the module's doc). The
/// exported function has the entry point's name; its Rust name is private,
/// so the contract's own `execute` etc. keep theirs.
#[macro_export]
macro_rules! entry_point {
    (instantiate, $f:path) => {
        $crate::entry_point!(@handle "instantiate", __civitas_instantiate, $f);
    };
    (execute, $f:path) => {
        $crate::entry_point!(@handle "execute", __civitas_execute, $f);
    };
    (sudo, $f:path) => {
        $crate::entry_point!(@privileged "sudo", __civitas_sudo, $f);
    };
    (migrate, $f:path) => {
        $crate::entry_point!(@privileged "migrate", __civitas_migrate, $f);
    };
    (query, $f:path) => {
        #[cfg(target_arch = "wasm32")]
        #[export_name = "query"]
        extern "C" fn __civitas_query(env: u32, msg: u32) -> u32 {
            use $crate::exports::wasm::*;
            let (env, msg) = (take(env), take(msg));
            give(with_deps(|deps| $crate::exports::handle_query(deps, &env, &msg, &$f)))
        }
    };
    (@handle $export:literal, $name:ident, $f:path) => {
        #[cfg(target_arch = "wasm32")]
        #[export_name = $export]
        extern "C" fn $name(env: u32, info: u32, msg: u32) -> u32 {
            use $crate::exports::wasm::*;
            let (env, info, msg) = (take(env), take(info), take(msg));
            give(with_deps_mut(|deps| $crate::exports::handle(deps, &env, &info, &msg, &$f)))
        }
    };
    (@privileged $export:literal, $name:ident, $f:path) => {
        #[cfg(target_arch = "wasm32")]
        #[export_name = $export]
        extern "C" fn $name(env: u32, msg: u32) -> u32 {
            use $crate::exports::wasm::*;
            let (env, msg) = (take(env), take(msg));
            give(with_deps_mut(|deps| $crate::exports::handle_privileged(deps, &env, &msg, &$f)))
        }
    };
}
