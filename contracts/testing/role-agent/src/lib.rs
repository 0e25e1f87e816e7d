//! `role-agent`: a contract that acts in the roles an agency grants to its
//! own address, on behalf of the operators its owner names.
//!
//! An agency grants a role (say `TREASURER`) to the contract's address; an
//! operator then sends `{"act": {"msgs": [...]}}` with Civitas custom
//! messages (`{"budget": {"disburse": {...}}}`), which the chain dispatches
//! through the module's msg server with the contract as signer: every role
//! check applies to the contract, so it can do only what it was granted.
//! Its `sudo` answers any rule hook by sending the messages set with
//! `set_hook_msgs`: the tests use it to show that a rule may not act.
//! See README.md for the messages.

use civitas_std::{entry_point, to_json, Binary, CosmosMsg, Deps, DepsMut, Env, Item, Map, MessageInfo, Order, Response, StdError, StdResult};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many messages per act.
pub const MAX_MSGS: usize = 16;

const OWNER: Item<String> = Item::new("owner");
const OPERATORS: Map<String, bool> = Map::new("operators");
const HOOK_MSGS: Item<Vec<Value>> = Item::new("hook_msgs");

#[derive(Serialize, Deserialize, Debug)]
pub struct InstantiateMsg {
    pub operators: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    /// An operator (or the owner) sends Civitas custom messages as the contract.
    Act { msgs: Vec<Value> },
    /// The owner replaces the operators.
    SetOperators { operators: Vec<String> },
    /// The owner sets what sudo sends (tests of the rule guard).
    SetHookMsgs { msgs: Vec<Value> },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    Owner {},
    Operators {},
}

fn check_len(msgs: &[Value]) -> StdResult<()> {
    if msgs.is_empty() || msgs.len() > MAX_MSGS {
        return Err(StdError(format!("1 to {} messages, got {}", MAX_MSGS, msgs.len())));
    }
    Ok(())
}

pub fn instantiate(deps: DepsMut, _env: Env, info: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    OWNER.save(deps.storage, &info.sender)?;
    for op in &msg.operators {
        deps.api.addr_validate(op)?;
        OPERATORS.save(deps.storage, op, &true)?;
    }
    Ok(Response::new().add_attribute("operators", msg.operators.len().to_string()))
}

pub fn execute(deps: DepsMut, _env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let owner = OWNER.load(deps.storage)?;
    match msg {
        ExecuteMsg::Act { msgs } => {
            if info.sender != owner && !OPERATORS.has(deps.storage, &info.sender) {
                return Err(StdError(format!("{} is neither the owner nor an operator", info.sender)));
            }
            check_len(&msgs)?;
            let n = msgs.len();
            let mut res = Response::new().add_attribute("operator", info.sender).add_attribute("msgs", n.to_string());
            for m in msgs {
                res = res.add_message(CosmosMsg::Custom(m));
            }
            Ok(res)
        }
        ExecuteMsg::SetOperators { operators } => {
            if info.sender != owner {
                return Err(StdError(format!("{} is not the owner", info.sender)));
            }
            let old = OPERATORS.range(deps.storage, None, None, Order::Ascending).map(|r| r.map(|(k, _)| k)).collect::<StdResult<Vec<_>>>()?;
            for op in old {
                OPERATORS.remove(deps.storage, &op);
            }
            for op in &operators {
                deps.api.addr_validate(op)?;
                OPERATORS.save(deps.storage, op, &true)?;
            }
            Ok(Response::new().add_attribute("operators", operators.len().to_string()))
        }
        ExecuteMsg::SetHookMsgs { msgs } => {
            if info.sender != owner {
                return Err(StdError(format!("{} is not the owner", info.sender)));
            }
            HOOK_MSGS.save(deps.storage, &msgs)?;
            Ok(Response::new())
        }
    }
}

/// Any hook: allows, sending the hook messages (which the chain refuses).
pub fn sudo(deps: DepsMut, _env: Env, _msg: Value) -> StdResult<Response> {
    let mut res = Response::new();
    for m in HOOK_MSGS.may_load(deps.storage)?.unwrap_or_default() {
        res = res.add_message(CosmosMsg::Custom(m));
    }
    Ok(res)
}

pub fn query(deps: Deps, _env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let out = match msg {
        QueryMsg::Owner {} => to_json(&OWNER.load(deps.storage)?)?,
        QueryMsg::Operators {} => {
            let ops = OPERATORS.range(deps.storage, None, None, Order::Ascending).map(|r| r.map(|(k, _)| k)).collect::<StdResult<Vec<_>>>()?;
            to_json(&ops)?
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
    use civitas_std::from_json;
    use civitas_std::mock::{mock_dependencies, mock_env, mock_info};
    use serde_json::json;

    #[test]
    fn operators_act_others_cannot() {
        let mut deps = mock_dependencies();
        instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { operators: vec!["civ1op".into()] }).unwrap();
        let pay = json!({"budget": {"disburse": {"commitment_id": 1, "amount": "10", "reference": "inv-1"}}});
        let res = execute(deps.as_mut(), mock_env(), mock_info("civ1op", &[]), ExecuteMsg::Act { msgs: vec![pay.clone()] }).unwrap();
        assert_eq!(res.messages.len(), 1);
        assert_eq!(res.messages[0].msg, CosmosMsg::Custom(pay.clone()));
        let err = execute(deps.as_mut(), mock_env(), mock_info("civ1stranger", &[]), ExecuteMsg::Act { msgs: vec![pay.clone()] }).unwrap_err();
        assert_eq!(err.0, "civ1stranger is neither the owner nor an operator");
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1op", &[]), ExecuteMsg::Act { msgs: vec![] }).is_err());
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1op", &[]), ExecuteMsg::Act { msgs: vec![pay.clone(); MAX_MSGS + 1] }).is_err());
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1op", &[]), ExecuteMsg::SetOperators { operators: vec![] }).is_err());
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::SetOperators { operators: vec!["civ1new".into()] }).unwrap();
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1op", &[]), ExecuteMsg::Act { msgs: vec![pay] }).is_err());
        let ops: Vec<String> = from_json(&query(deps.as_ref(), mock_env(), QueryMsg::Operators {}).unwrap().0).unwrap();
        assert_eq!(ops, vec!["civ1new".to_string()]);
    }

    #[test]
    fn sudo_sends_the_hook_msgs() {
        let mut deps = mock_dependencies();
        instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { operators: vec![] }).unwrap();
        assert!(sudo(deps.as_mut(), mock_env(), json!({"score_bid": {}})).unwrap().messages.is_empty());
        let m = json!({"agency": {"grant_role": {}}});
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::SetHookMsgs { msgs: vec![m.clone()] }).unwrap();
        assert_eq!(sudo(deps.as_mut(), mock_env(), json!({"score_bid": {}})).unwrap().messages[0].msg, CosmosMsg::Custom(m));
    }
}
