//! Queries to the chain (`query_chain`), with Civitas's custom queries.

use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::{from_json, to_json, Binary, ContractResult, StdError, StdResult};

/// Civitas's custom queries, sent as `{"custom": {...}}` (contracts/README.md,
/// "Custom queries", gives each answer's JSON).
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CivitasQuery {
    Election { id: u64 },
    Tender { id: u64 },
    BudgetLine { id: u64 },
    Supplier { id: u64 },
    HasRole { agency_id: u64, address: String, role: String },
    AwardedTotal { agency_id: u64, supplier_id: u64, fiscal_year: u32 },
}

#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum QueryRequest<'a> {
    Custom(&'a CivitasQuery),
}

/// The VM's answer to `query_chain`: a system error, or the chain's result.
#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum SystemResult {
    Ok(ContractResult<Binary>),
    Err(serde_json::Value),
}

pub trait Querier {
    /// Sends a `QueryRequest` (JSON) and returns the VM's `SystemResult` (JSON).
    fn raw_query(&self, request: &[u8]) -> Vec<u8>;
}

/// Asks the chain one of Civitas's custom queries.
pub fn query_chain<T: DeserializeOwned>(q: &dyn Querier, request: &CivitasQuery) -> StdResult<T> {
    let raw = q.raw_query(&to_json(&QueryRequest::Custom(request))?);
    match from_json::<SystemResult>(&raw)? {
        SystemResult::Ok(ContractResult::Ok(bin)) => from_json(&bin.0),
        SystemResult::Ok(ContractResult::Error(e)) => Err(StdError(format!("query: {}", e))),
        SystemResult::Err(e) => Err(StdError(format!("query: system error: {}", e))),
    }
}
