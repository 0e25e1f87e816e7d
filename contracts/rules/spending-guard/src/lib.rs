//! `spending-guard`: a `check_bid_eligibility` rule for tenders.
//!
//! The agency sets a cap per supplier and fiscal year. When a supplier
//! bids, the rule reads (custom queries) the tender, its budget line's
//! fiscal year and what the agency already awarded the supplier that year,
//! and refuses the bid if that total plus the lot's ceiling would pass the
//! cap in force when the tender was published (`published_height`): the
//! owner cannot lower the cap to turn away one bidder, or raise it to let
//! one in, during a tender. See README.md for the messages.

use civitas_std::query::query_chain;
use civitas_std::{entry_point, to_json, Binary, CivitasQuery, Deps, DepsMut, Env, Item, MessageInfo, Response, StdError, StdResult, Uint128};
use serde::{Deserialize, Serialize};

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub owner: String,
    pub agency_id: u64,
    pub cap: Uint128,
}

const CONFIG: Item<Config> = Item::new("config");
/// The cap's history: (height from which it applies, cap), in order.
const CAP_HISTORY: Item<Vec<(u64, Uint128)>> = Item::new("cap_history");
/// The cap's history keeps at most this many changes.
pub const MAX_HISTORY: usize = 100;

#[derive(Serialize, Deserialize, Debug)]
pub struct InstantiateMsg {
    pub agency_id: u64,
    pub cap: Uint128,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    SetCap { cap: Uint128 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum SudoMsg {
    CheckBidEligibility { tender_id: u64, lot: u32, supplier_id: u64, bidder: String, ceiling: Uint128, published_height: u64 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    Config {},
    /// What the agency awarded the supplier in the year, and the room left under the cap.
    Status { supplier_id: u64, fiscal_year: u32 },
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct StatusResponse {
    pub awarded: Uint128,
    pub cap: Uint128,
    pub room: Uint128,
}

#[derive(Deserialize)]
struct TenderInfo {
    agency_id: u64,
    budget_line_id: u64,
}

#[derive(Deserialize)]
struct LineInfo {
    fiscal_year: u32,
}

#[derive(Deserialize)]
struct Amount {
    amount: Uint128,
}

pub fn instantiate(deps: DepsMut, env: Env, info: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    CONFIG.save(deps.storage, &Config { owner: info.sender, agency_id: msg.agency_id, cap: msg.cap })?;
    CAP_HISTORY.save(deps.storage, &vec![(env.block.height, msg.cap)])?;
    Ok(Response::new().add_attribute("cap", msg.cap.0.to_string()))
}

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let mut cfg = CONFIG.load(deps.storage)?;
    if info.sender != cfg.owner {
        return Err(StdError(format!("{} is not the owner", info.sender)));
    }
    match msg {
        ExecuteMsg::SetCap { cap } => cfg.cap = cap,
    }
    let mut hist = CAP_HISTORY.load(deps.storage)?;
    if hist.last().map(|(h, _)| *h) == Some(env.block.height) {
        hist.pop();
    }
    if hist.len() >= MAX_HISTORY {
        return Err(StdError(format!("at most {} changes of the cap are kept", MAX_HISTORY)));
    }
    hist.push((env.block.height, cfg.cap));
    CAP_HISTORY.save(deps.storage, &hist)?;
    CONFIG.save(deps.storage, &cfg)?;
    Ok(Response::new().add_attribute("cap", cfg.cap.0.to_string()))
}

fn awarded(deps: &Deps, agency_id: u64, supplier_id: u64, fiscal_year: u32) -> StdResult<u128> {
    let a: Amount = query_chain(deps.querier, &CivitasQuery::AwardedTotal { agency_id, supplier_id, fiscal_year })?;
    Ok(a.amount.0)
}

/// The cap in force at height h (changes at h apply from h; none before the
/// contract existed).
fn cap_at(deps: &Deps, h: u64) -> StdResult<Option<Uint128>> {
    Ok(CAP_HISTORY.load(deps.storage)?.iter().rev().find(|(from, _)| *from <= h).map(|(_, c)| *c))
}

/// The rule: awarded this year + the lot's ceiling must stay within the cap
/// in force at the tender's publication.
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> StdResult<Response> {
    let SudoMsg::CheckBidEligibility { tender_id, lot, supplier_id, ceiling, published_height, .. } = msg;
    let mut cfg = CONFIG.load(deps.storage)?;
    cfg.cap = cap_at(&deps.as_ref(), published_height)?
        .ok_or_else(|| StdError(format!("this rule had no cap at height {}, when tender {} was published", published_height, tender_id)))?;
    let deps = deps.as_ref();
    let tender: TenderInfo = query_chain(deps.querier, &CivitasQuery::Tender { id: tender_id })?;
    if tender.agency_id != cfg.agency_id {
        return Err(StdError(format!("tender {} is not of agency {}", tender_id, cfg.agency_id)));
    }
    let line: LineInfo = query_chain(deps.querier, &CivitasQuery::BudgetLine { id: tender.budget_line_id })?;
    let before = awarded(&deps, cfg.agency_id, supplier_id, line.fiscal_year)?;
    let after = before.saturating_add(ceiling.0);
    if after > cfg.cap.0 {
        return Err(StdError(format!(
            "supplier {} was awarded {} in {}: with lot {}'s ceiling of {} it would pass the cap of {}",
            supplier_id, before, line.fiscal_year, lot, ceiling.0, cfg.cap.0
        )));
    }
    Ok(Response::new().add_attribute("awarded", before.to_string()).add_attribute("room", (cfg.cap.0 - after).to_string()))
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let cfg = CONFIG.load(deps.storage)?;
    let out = match msg {
        QueryMsg::Config {} => to_json(&cfg)?,
        QueryMsg::Status { supplier_id, fiscal_year } => {
            let a = awarded(&deps, cfg.agency_id, supplier_id, fiscal_year)?;
            to_json(&StatusResponse { awarded: Uint128(a), cap: cfg.cap, room: Uint128(cfg.cap.0.saturating_sub(a)) })?
        }
    };
    Ok(Binary(out))
}

entry_point!(instantiate, instantiate);
entry_point!(execute, execute);
entry_point!(sudo, sudo);
entry_point!(query, query);

#[cfg(test)]
mod tests {
    use super::*;
    use civitas_std::mock::{mock_dependencies, mock_env, mock_info, MockQuerier, OwnedDeps};
    use serde_json::json;

    fn setup(awarded: u128) -> OwnedDeps {
        let mut deps = mock_dependencies();
        deps.querier = MockQuerier::new(move |q| match q {
            CivitasQuery::Tender { id: 3 } => Ok(json!({"id": 3, "agency_id": 1, "budget_line_id": 9})),
            CivitasQuery::Tender { id: 4 } => Ok(json!({"id": 4, "agency_id": 2, "budget_line_id": 9})),
            CivitasQuery::BudgetLine { id: 9 } => Ok(json!({"id": 9, "fiscal_year": 2026})),
            CivitasQuery::AwardedTotal { agency_id: 1, supplier_id: 5, fiscal_year: 2026 } => Ok(json!({"amount": awarded.to_string()})),
            q => Err(format!("unexpected {:?}", q)),
        });
        instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { agency_id: 1, cap: Uint128(1_000) }).unwrap();
        deps
    }

    fn check(deps: &mut OwnedDeps, tender_id: u64, ceiling: u128) -> StdResult<Response> {
        check_at(deps, tender_id, ceiling, mock_env().block.height)
    }

    fn check_at(deps: &mut OwnedDeps, tender_id: u64, ceiling: u128, published_height: u64) -> StdResult<Response> {
        let m = SudoMsg::CheckBidEligibility { tender_id, lot: 0, supplier_id: 5, bidder: "civ1b".into(), ceiling: Uint128(ceiling), published_height };
        sudo(deps.as_mut(), mock_env(), m)
    }

    #[test]
    fn the_cap_of_the_publication() {
        let mut deps = setup(0);
        let h = mock_env().block.height;
        let mut later = mock_env();
        later.block.height = h + 10;
        // During a tender published at h, the owner lowers the cap to turn away a bidder.
        execute(deps.as_mut(), later, mock_info("civ1owner", &[]), ExecuteMsg::SetCap { cap: Uint128(10) }).unwrap();
        assert!(check_at(&mut deps, 3, 500, h + 5).is_ok(), "the tender keeps the cap of its publication");
        assert!(check_at(&mut deps, 3, 500, h + 10).is_err(), "a tender published after the change has the new cap");
        assert_eq!(check_at(&mut deps, 3, 1, h - 1).unwrap_err().0, format!("this rule had no cap at height {}, when tender 3 was published", h - 1));
    }

    #[test]
    fn the_cap_holds() {
        let mut deps = setup(600);
        assert!(check(&mut deps, 3, 400).is_ok(), "600 + 400 = the cap");
        let err = check(&mut deps, 3, 401).unwrap_err();
        assert_eq!(err.0, "supplier 5 was awarded 600 in 2026: with lot 0's ceiling of 401 it would pass the cap of 1000");
        assert!(check(&mut deps, 4, 1).unwrap_err().0.contains("is not of agency 1"));
        assert!(check(&mut deps, 99, 1).unwrap_err().0.starts_with("query: unexpected"), "a query error refuses");
        let st: StatusResponse = civitas_std::from_json(&query(deps.as_ref(), mock_env(), QueryMsg::Status { supplier_id: 5, fiscal_year: 2026 }).unwrap().0).unwrap();
        assert_eq!(st, StatusResponse { awarded: Uint128(600), cap: Uint128(1000), room: Uint128(400) });
    }

    #[test]
    fn only_the_owner_sets_the_cap() {
        let mut deps = setup(0);
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1x", &[]), ExecuteMsg::SetCap { cap: Uint128(1) }).is_err());
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::SetCap { cap: Uint128(1) }).unwrap();
        assert!(check(&mut deps, 3, 2).is_err());
    }
}
