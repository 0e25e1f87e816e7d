//! `sme-preference`: a `score_bid` rule for rated tenders.
//!
//! The agency lists the suppliers that are small or medium-sized
//! enterprises; in a rated evaluation the chain asks the rule for each
//! revealed bid and adds the bonus it returns (in millionths of the total,
//! as the rated totals are) to the bid's total, within the cap the chain
//! sets. See README.md for the messages.

use civitas_std::{entry_point, to_json, Binary, Deps, DepsMut, Env, Item, Map, MessageInfo, Response, StdError, StdResult};
use serde::{Deserialize, Serialize};

/// The most bonus a rule may ask: 10 % of the total (the chain caps it too).
pub const MAX_BONUS_MILLIONTHS: u64 = 100_000;
pub const MAX_BATCH: usize = 500;

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Config {
    pub owner: String,
    pub bonus_millionths: u64,
}

const CONFIG: Item<Config> = Item::new("config");
/// SMEs: supplier id → the height at which it was listed.
const SMES: Map<u64, u64> = Map::new("smes");

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
    ScoreBid { tender_id: u64, lot: u32, bid_id: u64, supplier_id: u64 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    Config {},
    IsSme { supplier_id: u64 },
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

pub fn instantiate(deps: DepsMut, _env: Env, info: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    let cfg = Config { owner: info.sender, bonus_millionths: check_bonus(msg.bonus_millionths)? };
    CONFIG.save(deps.storage, &cfg)?;
    Ok(Response::new().add_attribute("bonus_millionths", cfg.bonus_millionths.to_string()))
}

pub fn execute(deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let mut cfg = CONFIG.load(deps.storage)?;
    if info.sender != cfg.owner {
        return Err(StdError(format!("{} is not the owner", info.sender)));
    }
    match msg {
        ExecuteMsg::AddSmes { supplier_ids } | ExecuteMsg::RemoveSmes { supplier_ids } if supplier_ids.len() > MAX_BATCH => {
            Err(StdError(format!("at most {} suppliers per message", MAX_BATCH)))
        }
        ExecuteMsg::AddSmes { supplier_ids } => {
            for id in &supplier_ids {
                SMES.save(deps.storage, id, &env.block.height)?;
            }
            Ok(Response::new().add_attribute("added", supplier_ids.len().to_string()))
        }
        ExecuteMsg::RemoveSmes { supplier_ids } => {
            for id in &supplier_ids {
                SMES.remove(deps.storage, id);
            }
            Ok(Response::new().add_attribute("removed", supplier_ids.len().to_string()))
        }
        ExecuteMsg::SetBonus { bonus_millionths } => {
            cfg.bonus_millionths = check_bonus(bonus_millionths)?;
            CONFIG.save(deps.storage, &cfg)?;
            Ok(Response::new().add_attribute("bonus_millionths", bonus_millionths.to_string()))
        }
    }
}

/// The rule: the configured bonus for a listed SME, nothing for the others.
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> StdResult<Response> {
    let SudoMsg::ScoreBid { bid_id, supplier_id, .. } = msg;
    let cfg = CONFIG.load(deps.storage)?;
    let bonus = if SMES.has(deps.storage, &supplier_id) { cfg.bonus_millionths } else { 0 };
    Ok(Response::new()
        .add_attribute("bid_id", bid_id.to_string())
        .add_attribute("bonus_millionths", bonus.to_string())
        .set_data(to_json(&ScoreResponse { bonus_millionths: bonus })?))
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let out = match msg {
        QueryMsg::Config {} => to_json(&CONFIG.load(deps.storage)?)?,
        QueryMsg::IsSme { supplier_id } => to_json(&SMES.has(deps.storage, &supplier_id))?,
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

    fn setup() -> OwnedDeps {
        let mut deps = mock_dependencies();
        instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { bonus_millionths: 50_000 }).unwrap();
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::AddSmes { supplier_ids: vec![2, 3] }).unwrap();
        deps
    }

    fn score(deps: &mut OwnedDeps, supplier_id: u64) -> u64 {
        let r = sudo(deps.as_mut(), mock_env(), SudoMsg::ScoreBid { tender_id: 1, lot: 0, bid_id: 9, supplier_id }).unwrap();
        from_json::<ScoreResponse>(&r.data.unwrap().0).unwrap().bonus_millionths
    }

    #[test]
    fn smes_get_the_bonus() {
        let mut deps = setup();
        assert_eq!(score(&mut deps, 2), 50_000);
        assert_eq!(score(&mut deps, 1), 0);
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::RemoveSmes { supplier_ids: vec![2] }).unwrap();
        assert_eq!(score(&mut deps, 2), 0);
        let sme: bool = from_json(&query(deps.as_ref(), mock_env(), QueryMsg::IsSme { supplier_id: 3 }).unwrap().0).unwrap();
        assert!(sme);
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
    }
}
