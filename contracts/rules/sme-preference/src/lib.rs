//! `sme-preference`: a `score_bid` rule for rated tenders.
//!
//! The agency lists the suppliers that are small or medium-sized
//! enterprises; in a rated evaluation the chain asks the rule for each
//! revealed bid and adds the bonus it returns (in millionths of the total,
//! as the rated totals are) to the bid's total, within the cap the chain
//! sets. The answer is the list and the bonus **as they stood when the
//! tender was published** (`published_height`): the owner cannot list a
//! favourite, delist a competitor or raise the bonus after seeing the bids.
//! See README.md for the messages.

use civitas_std::{entry_point, to_json, Binary, Deps, DepsMut, Env, Item, Map, MessageInfo, Response, StdError, StdResult};
use serde::{Deserialize, Serialize};

/// The most bonus a rule may ask: 10 % of the total (the chain caps it too).
pub const MAX_BONUS_MILLIONTHS: u64 = 100_000;
pub const MAX_BATCH: usize = 500;
/// A supplier's or the bonus's history keeps at most this many changes.
pub const MAX_HISTORY: usize = 100;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub owner: String,
    /// The bonus now.
    pub bonus_millionths: u64,
}

const CONFIG: Item<Config> = Item::new("config");
/// The bonus's history: (height from which it applies, bonus), in order.
const BONUS_HISTORY: Item<Vec<(u64, u64)>> = Item::new("bonus_history");
/// Each supplier's history: (height from which it applies, listed as an SME), in order.
const SMES: Map<u64, Vec<(u64, bool)>> = Map::new("smes");

#[derive(Serialize, Deserialize, Debug)]
pub struct InstantiateMsg {
    pub bonus_millionths: u64,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    AddSmes { supplier_ids: Vec<u64> },
    RemoveSmes { supplier_ids: Vec<u64> },
    SetBonus { bonus_millionths: u64 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum SudoMsg {
    ScoreBid { tender_id: u64, lot: u32, bid_id: u64, supplier_id: u64, published_height: u64 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    Config {},
    /// Whether the supplier is listed now, or at a height.
    IsSme { supplier_id: u64, at_height: Option<u64> },
}

/// The rule's answer, as the response's data.
#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct ScoreResponse {
    pub bonus_millionths: u64,
}

fn check_bonus(b: u64) -> StdResult<u64> {
    if b > MAX_BONUS_MILLIONTHS {
        return Err(StdError(format!("bonus_millionths is at most {}, got {}", MAX_BONUS_MILLIONTHS, b)));
    }
    Ok(b)
}

/// The value in force at height h in a history ordered by height: the last
/// change at or before h (changes at h apply from h).
fn at<T: Copy>(history: &[(u64, T)], h: u64) -> Option<T> {
    history.iter().rev().find(|(from, _)| *from <= h).map(|(_, v)| *v)
}

/// Appends a change at height h (replacing a change made at the same height).
fn record<T: Copy>(history: &mut Vec<(u64, T)>, h: u64, v: T) -> StdResult<()> {
    if history.last().map(|(from, _)| *from) == Some(h) {
        history.pop();
    }
    if history.len() >= MAX_HISTORY {
        return Err(StdError(format!("at most {} changes are kept", MAX_HISTORY)));
    }
    history.push((h, v));
    Ok(())
}

pub fn instantiate(deps: DepsMut, env: Env, info: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    let cfg = Config { owner: info.sender, bonus_millionths: check_bonus(msg.bonus_millionths)? };
    CONFIG.save(deps.storage, &cfg)?;
    BONUS_HISTORY.save(deps.storage, &vec![(env.block.height, cfg.bonus_millionths)])?;
    Ok(Response::new().add_attribute("bonus_millionths", cfg.bonus_millionths.to_string()))
}

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let mut cfg = CONFIG.load(deps.storage)?;
    if info.sender != cfg.owner {
        return Err(StdError(format!("{} is not the owner", info.sender)));
    }
    let h = env.block.height;
    match msg {
        ExecuteMsg::AddSmes { supplier_ids } | ExecuteMsg::RemoveSmes { supplier_ids } if supplier_ids.len() > MAX_BATCH => {
            Err(StdError(format!("at most {} suppliers per message", MAX_BATCH)))
        }
        ExecuteMsg::AddSmes { supplier_ids } => {
            for id in &supplier_ids {
                let mut hist = SMES.may_load(deps.storage, id)?.unwrap_or_default();
                record(&mut hist, h, true)?;
                SMES.save(deps.storage, id, &hist)?;
            }
            Ok(Response::new().add_attribute("added", supplier_ids.len().to_string()))
        }
        ExecuteMsg::RemoveSmes { supplier_ids } => {
            for id in &supplier_ids {
                if let Some(mut hist) = SMES.may_load(deps.storage, id)? {
                    record(&mut hist, h, false)?;
                    SMES.save(deps.storage, id, &hist)?;
                }
            }
            Ok(Response::new().add_attribute("removed", supplier_ids.len().to_string()))
        }
        ExecuteMsg::SetBonus { bonus_millionths } => {
            cfg.bonus_millionths = check_bonus(bonus_millionths)?;
            CONFIG.save(deps.storage, &cfg)?;
            let mut hist = BONUS_HISTORY.load(deps.storage)?;
            record(&mut hist, h, bonus_millionths)?;
            BONUS_HISTORY.save(deps.storage, &hist)?;
            Ok(Response::new().add_attribute("bonus_millionths", bonus_millionths.to_string()))
        }
    }
}

fn is_sme_at(deps: &Deps, supplier_id: u64, h: u64) -> StdResult<bool> {
    Ok(SMES.may_load(deps.storage, &supplier_id)?.and_then(|hist| at(&hist, h)).unwrap_or(false))
}

/// The rule: the bonus in force at the tender's publication for a supplier
/// listed then, nothing for the others.
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> StdResult<Response> {
    let SudoMsg::ScoreBid { bid_id, supplier_id, published_height, .. } = msg;
    let d = deps.as_ref();
    let bonus = if is_sme_at(&d, supplier_id, published_height)? {
        at(&BONUS_HISTORY.load(deps.storage)?, published_height).unwrap_or(0)
    } else {
        0
    };
    Ok(Response::new()
        .add_attribute("bid_id", bid_id.to_string())
        .add_attribute("bonus_millionths", bonus.to_string())
        .set_data(to_json(&ScoreResponse { bonus_millionths: bonus })?))
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let out = match msg {
        QueryMsg::Config {} => to_json(&CONFIG.load(deps.storage)?)?,
        QueryMsg::IsSme { supplier_id, at_height } => to_json(&is_sme_at(&deps, supplier_id, at_height.unwrap_or(env.block.height))?)?,
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
    use civitas_std::from_json;
    use civitas_std::mock::{mock_dependencies, mock_env, mock_info, OwnedDeps};

    fn env_at(h: u64) -> Env {
        let mut e = mock_env();
        e.block.height = h;
        e
    }

    fn setup() -> OwnedDeps {
        let mut deps = mock_dependencies();
        instantiate(deps.as_mut(), env_at(10), mock_info("civ1owner", &[]), InstantiateMsg { bonus_millionths: 50_000 }).unwrap();
        execute(deps.as_mut(), env_at(10), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![2, 3] }).unwrap();
        deps
    }

    fn score(deps: &mut OwnedDeps, supplier_id: u64, published_height: u64) -> u64 {
        let r = sudo(deps.as_mut(), env_at(1000), SudoMsg::ScoreBid { tender_id: 1, lot: 0, bid_id: 9, supplier_id, published_height }).unwrap();
        from_json::<ScoreResponse>(&r.data.unwrap().0).unwrap().bonus_millionths
    }

    #[test]
    fn smes_get_the_bonus() {
        let mut deps = setup();
        assert_eq!(score(&mut deps, 2, 20), 50_000);
        assert_eq!(score(&mut deps, 1, 20), 0);
        execute(deps.as_mut(), env_at(30), mock_info("civ1owner", &[]), ExecuteMsg::RemoveSmes { supplier_ids: vec![2] }).unwrap();
        assert_eq!(score(&mut deps, 2, 30), 0);
        let sme: bool = from_json(&query(deps.as_ref(), env_at(40), QueryMsg::IsSme { supplier_id: 3, at_height: None }).unwrap().0).unwrap();
        assert!(sme);
    }

    #[test]
    fn the_list_and_bonus_as_at_publication() {
        let mut deps = setup();
        // A tender published at 20; after the bids the owner changes everything.
        execute(deps.as_mut(), env_at(50), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![7] }).unwrap();
        execute(deps.as_mut(), env_at(50), mock_info("civ1owner", &[]), ExecuteMsg::RemoveSmes { supplier_ids: vec![2] }).unwrap();
        execute(deps.as_mut(), env_at(50), mock_info("civ1owner", &[]), ExecuteMsg::SetBonus { bonus_millionths: 100_000 }).unwrap();
        assert_eq!(score(&mut deps, 7, 20), 0, "listed after publication");
        assert_eq!(score(&mut deps, 2, 20), 50_000, "delisted after publication");
        assert_eq!(score(&mut deps, 3, 20), 50_000, "the bonus of the publication");
        // A tender published from 50 sees the new state.
        assert_eq!(score(&mut deps, 7, 50), 100_000);
        assert_eq!(score(&mut deps, 2, 50), 0);
        assert_eq!(score(&mut deps, 3, 9), 0, "before the listing");
        let was: bool = from_json(&query(deps.as_ref(), env_at(60), QueryMsg::IsSme { supplier_id: 2, at_height: Some(20) }).unwrap().0).unwrap();
        assert!(was);
    }

    #[test]
    fn bounded_and_owned() {
        let mut deps = mock_dependencies();
        let err = instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { bonus_millionths: 100_001 }).unwrap_err();
        assert_eq!(err.0, "bonus_millionths is at most 100000, got 100001");
        let mut deps = setup();
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1supplier", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![1] }).is_err());
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![1; MAX_BATCH + 1] }).is_err());
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::SetBonus { bonus_millionths: 200_000 }).is_err());
        for h in 0..MAX_HISTORY as u64 {
            execute(deps.as_mut(), env_at(100 + h), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![5] }).unwrap();
        }
        let err = execute(deps.as_mut(), env_at(1000), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![5] }).unwrap_err();
        assert_eq!(err.0, "at most 100 changes are kept");
    }
}
