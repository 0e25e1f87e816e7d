//! The contract's world in memory, for host tests (`cargo test`).

use std::collections::BTreeMap;
use std::ops::Bound;

use crate::query::{CivitasQuery, Querier};
use crate::storage::{Order, Record, Storage};
use crate::{
    Api, Binary, BlockInfo, Coin, ContractInfo, ContractResult, Deps, DepsMut, Env, MessageInfo, StdError, StdResult, Timestamp,
    TransactionInfo, Uint128,
};

#[derive(Default, Debug, Clone)]
pub struct MockStorage(pub BTreeMap<Vec<u8>, Vec<u8>>);

impl Storage for MockStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        self.0.get(key).cloned()
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        assert!(!value.is_empty(), "the VM does not store empty values");
        self.0.insert(key.to_vec(), value.to_vec());
    }
    fn remove(&mut self, key: &[u8]) {
        self.0.remove(key);
    }
    fn range<'a>(&'a self, start: Option<&[u8]>, end: Option<&[u8]>, order: Order) -> Box<dyn Iterator<Item = Record> + 'a> {
        let lo = start.map(|s| Bound::Included(s.to_vec())).unwrap_or(Bound::Unbounded);
        let hi = end.map(|e| Bound::Excluded(e.to_vec())).unwrap_or(Bound::Unbounded);
        if let (Bound::Included(s), Bound::Excluded(e)) = (&lo, &hi) {
            if s >= e {
                return Box::new(std::iter::empty());
            }
        }
        let it = self.0.range((lo, hi)).map(|(k, v)| (k.clone(), v.clone()));
        match order {
            Order::Ascending => Box::new(it),
            Order::Descending => Box::new(it.rev()),
        }
    }
}

/// Addresses are `civ1` followed by lower-case letters and digits; their
/// "canonical" bytes are the rest of the string.
#[derive(Default, Debug, Clone, Copy)]
pub struct MockApi;

impl Api for MockApi {
    fn addr_validate(&self, input: &str) -> StdResult<String> {
        self.addr_canonicalize(input)?;
        Ok(input.to_string())
    }
    fn addr_canonicalize(&self, input: &str) -> StdResult<Vec<u8>> {
        let rest = input.strip_prefix("civ1").ok_or_else(|| StdError(format!("invalid address {:?}: not civ1…", input)))?;
        if rest.is_empty() || !rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()) {
            return Err(StdError(format!("invalid address {:?}", input)));
        }
        Ok(rest.as_bytes().to_vec())
    }
    fn addr_humanize(&self, canonical: &[u8]) -> StdResult<String> {
        Ok(format!("civ1{}", String::from_utf8_lossy(canonical)))
    }
}

type Handler = Box<dyn Fn(&CivitasQuery) -> Result<serde_json::Value, String>>;

/// Answers custom queries with a function; anything else is a system error.
pub struct MockQuerier {
    handler: Handler,
}

impl Default for MockQuerier {
    fn default() -> Self {
        MockQuerier { handler: Box::new(|q| Err(format!("no answer for {:?}", q))) }
    }
}

impl MockQuerier {
    pub fn new(f: impl Fn(&CivitasQuery) -> Result<serde_json::Value, String> + 'static) -> Self {
        MockQuerier { handler: Box::new(f) }
    }
}

impl Querier for MockQuerier {
    fn raw_query(&self, request: &[u8]) -> Vec<u8> {
        #[derive(serde::Deserialize)]
        #[serde(rename_all = "snake_case")]
        enum Req {
            Custom(CivitasQuery),
        }
        let answer = match serde_json::from_slice::<Req>(request) {
            Ok(Req::Custom(q)) => match (self.handler)(&q) {
                Ok(v) => ContractResult::Ok(Binary(serde_json::to_vec(&v).unwrap())),
                Err(e) => ContractResult::Error(e),
            },
            Err(e) => return format!(r#"{{"err":{{"unsupported_request":{{"kind":"{}"}}}}}}"#, e).into_bytes(),
        };
        serde_json::to_vec(&serde_json::json!({ "ok": answer })).unwrap()
    }
}

/// Storage, API and querier owned together.
#[derive(Default)]
pub struct OwnedDeps {
    pub storage: MockStorage,
    pub api: MockApi,
    pub querier: MockQuerier,
}

impl OwnedDeps {
    pub fn as_mut(&mut self) -> DepsMut<'_> {
        DepsMut { storage: &mut self.storage, api: &self.api, querier: &self.querier }
    }
    pub fn as_ref(&self) -> Deps<'_> {
        Deps { storage: &self.storage, api: &self.api, querier: &self.querier }
    }
}

pub fn mock_dependencies() -> OwnedDeps {
    OwnedDeps::default()
}

/// Height 12345 at 2026-01-01T00:00:00Z on civitas-local, contract civ1contract.
pub fn mock_env() -> Env {
    Env {
        block: BlockInfo { height: 12345, time: Timestamp(1_767_225_600_000_000_000), chain_id: "civitas-local".into() },
        transaction: Some(TransactionInfo { index: 0, hash: None }),
        contract: ContractInfo { address: "civ1contract".into() },
    }
}

pub fn mock_info(sender: &str, funds: &[(u128, &str)]) -> MessageInfo {
    MessageInfo { sender: sender.into(), funds: funds.iter().map(|(a, d)| Coin { denom: d.to_string(), amount: Uint128(*a) }).collect() }
}
