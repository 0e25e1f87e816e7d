//! `residency-eligibility`: a `check_voter_eligibility` rule for elections.
//!
//! The agency keeps a list of residents in the contract: its owner names
//! attestors (e.g. the population register's clerks), who attest and revoke
//! residents. Attached to an election, the chain asks the contract through
//! `sudo` before it counts each ballot; a voter not attested is refused with
//! the contract's reason. The answer is the list **as it stood at the
//! election's start** (`start_time`): an attestor cannot admit or turn away
//! chosen voters once voting is under way. See README.md for the messages.

use civitas_std::{entry_point, to_json, Binary, Deps, DepsMut, Env, Item, Map, MessageInfo, Order, Response, StdError, StdResult};
use serde::{Deserialize, Serialize};

/// Who manages the attestors.
const OWNER: Item<String> = Item::new("owner");
/// Attestors: address → true.
const ATTESTORS: Map<String, bool> = Map::new("attestors");
/// Residents: address → history of (block time in seconds from which it
/// applies, attested), in order.
const RESIDENTS: Map<String, Vec<(u64, bool)>> = Map::new("residents");

/// At most this many addresses per message (bounds the gas of one call).
pub const MAX_BATCH: usize = 500;
/// A resident's history keeps at most this many changes.
pub const MAX_HISTORY: usize = 100;

#[derive(Serialize, Deserialize, Debug)]
pub struct InstantiateMsg {
    pub attestors: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum ExecuteMsg {
    /// An attestor lists residents.
    Attest { residents: Vec<String> },
    /// An attestor removes residents.
    Revoke { residents: Vec<String> },
    /// The owner replaces the attestors.
    SetAttestors { attestors: Vec<String> },
}

/// What the chain sends (contracts/README.md, "Rule hooks").
#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum SudoMsg {
    /// start_time: the election's start, in seconds since 1970.
    CheckVoterEligibility { election_id: u64, voter: String, start_time: u64 },
}

#[derive(Serialize, Deserialize, Debug)]
#[serde(rename_all = "snake_case")]
pub enum QueryMsg {
    /// Whether the address is attested now, or at a time (seconds since 1970).
    IsResident { address: String, at_time: Option<u64> },
    /// Residents now, in address order, after start_after, at most limit (default 30, at most 100).
    Residents { start_after: Option<String>, limit: Option<u32> },
    Attestors {},
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct IsResidentResponse {
    pub resident: bool,
    /// When the attestation in force was made (seconds since 1970).
    pub since: Option<u64>,
}

#[derive(Serialize, Deserialize, Debug, PartialEq, Eq)]
pub struct ListResponse {
    pub addresses: Vec<String>,
}

fn validated(deps: &DepsMut, list: &[String]) -> StdResult<Vec<String>> {
    if list.len() > MAX_BATCH {
        return Err(StdError(format!("at most {} addresses per message, got {}", MAX_BATCH, list.len())));
    }
    list.iter().map(|a| deps.api.addr_validate(a)).collect()
}

pub fn instantiate(mut deps: DepsMut, _env: Env, info: MessageInfo, msg: InstantiateMsg) -> StdResult<Response> {
    OWNER.save(deps.storage, &info.sender)?;
    let attestors = validated(&deps, &msg.attestors)?;
    set_attestors(&mut deps, &attestors)?;
    Ok(Response::new().add_attribute("owner", info.sender).add_attribute("attestors", attestors.len().to_string()))
}

fn set_attestors(deps: &mut DepsMut, attestors: &[String]) -> StdResult<()> {
    let old: Vec<String> = ATTESTORS.range(deps.storage, None, None, Order::Ascending).map(|r| r.map(|(k, _)| k)).collect::<StdResult<_>>()?;
    for a in old {
        ATTESTORS.remove(deps.storage, &a);
    }
    for a in attestors {
        ATTESTORS.save(deps.storage, a, &true)?;
    }
    Ok(())
}

pub fn execute(mut deps: DepsMut, env: Env, info: MessageInfo, msg: ExecuteMsg) -> StdResult<Response> {
    let attest = match msg {
        ExecuteMsg::SetAttestors { attestors } => {
            if info.sender != OWNER.load(deps.storage)? {
                return Err(StdError(format!("{} is not the owner", info.sender)));
            }
            let attestors = validated(&deps, &attestors)?;
            set_attestors(&mut deps, &attestors)?;
            return Ok(Response::new().add_attribute("action", "set_attestors").add_attribute("attestors", attestors.len().to_string()));
        }
        ExecuteMsg::Attest { residents } => Some(residents),
        ExecuteMsg::Revoke { residents } => {
            if !ATTESTORS.has(deps.storage, &info.sender) {
                return Err(StdError(format!("{} is not an attestor", info.sender)));
            }
            let residents = validated(&deps, &residents)?;
            for r in &residents {
                if let Some(mut hist) = RESIDENTS.may_load(deps.storage, r)? {
                    record(&mut hist, env.block.time.seconds(), false)?;
                    RESIDENTS.save(deps.storage, r, &hist)?;
                }
            }
            return Ok(Response::new().add_attribute("action", "revoke").add_attribute("residents", residents.len().to_string()));
        }
    };
    let residents = attest.unwrap_or_default();
    if !ATTESTORS.has(deps.storage, &info.sender) {
        return Err(StdError(format!("{} is not an attestor", info.sender)));
    }
    let residents = validated(&deps, &residents)?;
    for r in &residents {
        let mut hist = RESIDENTS.may_load(deps.storage, r)?.unwrap_or_default();
        record(&mut hist, env.block.time.seconds(), true)?;
        RESIDENTS.save(deps.storage, r, &hist)?;
    }
    Ok(Response::new().add_attribute("action", "attest").add_attribute("residents", residents.len().to_string()))
}

/// The state in force at time t in a history ordered by time (changes at t
/// apply from t), and since when.
fn at(history: &[(u64, bool)], t: u64) -> Option<(u64, bool)> {
    history.iter().rev().find(|(from, _)| *from <= t).copied()
}

/// Appends a change at time t (replacing a change made at the same time).
fn record(history: &mut Vec<(u64, bool)>, t: u64, v: bool) -> StdResult<()> {
    if history.last().map(|(from, _)| *from) == Some(t) {
        history.pop();
    }
    if history.len() >= MAX_HISTORY {
        return Err(StdError(format!("at most {} changes are kept per resident", MAX_HISTORY)));
    }
    history.push((t, v));
    Ok(())
}

fn resident_at(deps: &Deps, address: &str, t: u64) -> StdResult<Option<u64>> {
    Ok(RESIDENTS.may_load(deps.storage, &address.to_string())?.and_then(|h| at(&h, t)).and_then(|(since, yes)| if yes { Some(since) } else { None }))
}

/// The rule: a voter is eligible if attested as a resident at the
/// election's start.
pub fn sudo(deps: DepsMut, _env: Env, msg: SudoMsg) -> StdResult<Response> {
    match msg {
        SudoMsg::CheckVoterEligibility { election_id, voter, start_time } => {
            if resident_at(&deps.as_ref(), &voter, start_time)?.is_some() {
                Ok(Response::new().add_attribute("election_id", election_id.to_string()).add_attribute("eligible", "true"))
            } else {
                Err(StdError(format!("{} was not attested as a resident at the election's start", voter)))
            }
        }
    }
}

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let now = env.block.time.seconds();
    let out = match msg {
        QueryMsg::IsResident { address, at_time } => {
            let since = resident_at(&deps, &address, at_time.unwrap_or(now))?;
            to_json(&IsResidentResponse { resident: since.is_some(), since })?
        }
        QueryMsg::Residents { start_after, limit } => {
            let limit = limit.unwrap_or(30).min(100) as usize;
            // Strictly after start_after: its key with a 0 byte appended.
            let start = start_after.map(|s| s + "\u{0}");
            let mut addresses = Vec::new();
            for r in RESIDENTS.range(deps.storage, start.as_ref(), None, Order::Ascending) {
                let (k, hist) = r?;
                if at(&hist, now).map_or(false, |(_, yes)| yes) {
                    addresses.push(k);
                    if addresses.len() == limit {
                        break;
                    }
                }
            }
            to_json(&ListResponse { addresses })?
        }
        QueryMsg::Attestors {} => {
            let addresses = ATTESTORS.range(deps.storage, None, None, Order::Ascending).map(|r| r.map(|(k, _)| k)).collect::<StdResult<Vec<_>>>()?;
            to_json(&ListResponse { addresses })?
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

    fn setup() -> civitas_std::mock::OwnedDeps {
        let mut deps = mock_dependencies();
        instantiate(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), InstantiateMsg { attestors: vec!["civ1clerk".into()] }).unwrap();
        deps
    }

    fn check(deps: &mut civitas_std::mock::OwnedDeps, voter: &str) -> StdResult<Response> {
        check_at(deps, voter, mock_env().block.time.seconds())
    }

    fn check_at(deps: &mut civitas_std::mock::OwnedDeps, voter: &str, start_time: u64) -> StdResult<Response> {
        sudo(deps.as_mut(), mock_env(), SudoMsg::CheckVoterEligibility { election_id: 7, voter: voter.into(), start_time })
    }

    fn env_at(t: u64) -> Env {
        let mut e = mock_env();
        e.block.time = civitas_std::Timestamp(t * 1_000_000_000);
        e
    }

    #[test]
    fn the_list_as_at_the_start() {
        let mut deps = setup();
        let clerk = || mock_info("civ1clerk", &[]);
        execute(deps.as_mut(), env_at(100), clerk(), ExecuteMsg::Attest { residents: vec!["civ1ann".into(), "civ1bob".into()] }).unwrap();
        // An election starts at 200; during the vote the clerk turns ann away and admits cy.
        execute(deps.as_mut(), env_at(250), clerk(), ExecuteMsg::Revoke { residents: vec!["civ1ann".into()] }).unwrap();
        execute(deps.as_mut(), env_at(250), clerk(), ExecuteMsg::Attest { residents: vec!["civ1cy".into()] }).unwrap();
        assert!(check_at(&mut deps, "civ1ann", 200).is_ok(), "a resident at the start stays one for this election");
        assert_eq!(check_at(&mut deps, "civ1cy", 200).unwrap_err().0, "civ1cy was not attested as a resident at the election's start");
        assert!(check_at(&mut deps, "civ1ann", 300).is_err(), "an election starting later sees the revocation");
        assert!(check_at(&mut deps, "civ1cy", 300).is_ok());
        assert!(check_at(&mut deps, "civ1bob", 50).is_err(), "before the attestation");
        let r: IsResidentResponse = from_json(&query(deps.as_ref(), env_at(400), QueryMsg::IsResident { address: "civ1ann".into(), at_time: Some(200) }).unwrap().0).unwrap();
        assert_eq!(r, IsResidentResponse { resident: true, since: Some(100) });
        let list: ListResponse = from_json(&query(deps.as_ref(), env_at(400), QueryMsg::Residents { start_after: None, limit: None }).unwrap().0).unwrap();
        assert_eq!(list.addresses, vec!["civ1bob", "civ1cy"], "residents now: ann was revoked");
    }

    #[test]
    fn attested_residents_are_eligible() {
        let mut deps = setup();
        assert_eq!(check(&mut deps, "civ1ann").unwrap_err().0, "civ1ann was not attested as a resident at the election's start");
        execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Attest { residents: vec!["civ1ann".into(), "civ1bob".into()] }).unwrap();
        let ok = check(&mut deps, "civ1ann").unwrap();
        assert_eq!(ok.attributes[1].value, "true");
        execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Revoke { residents: vec!["civ1ann".into()] }).unwrap();
        assert!(check(&mut deps, "civ1ann").is_err());
        assert!(check(&mut deps, "civ1bob").is_ok());
    }

    #[test]
    fn only_attestors_and_the_owner() {
        let mut deps = setup();
        let err = execute(deps.as_mut(), mock_env(), mock_info("civ1mallory", &[]), ExecuteMsg::Attest { residents: vec!["civ1mallory".into()] }).unwrap_err();
        assert_eq!(err.0, "civ1mallory is not an attestor");
        let err = execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::SetAttestors { attestors: vec![] }).unwrap_err();
        assert_eq!(err.0, "civ1clerk is not the owner");
        execute(deps.as_mut(), mock_env(), mock_info("civ1owner", &[]), ExecuteMsg::SetAttestors { attestors: vec!["civ1newclerk".into()] }).unwrap();
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Attest { residents: vec!["civ1x".into()] }).is_err());
        let list: ListResponse = from_json(&query(deps.as_ref(), mock_env(), QueryMsg::Attestors {}).unwrap().0).unwrap();
        assert_eq!(list.addresses, vec!["civ1newclerk"]);
    }

    #[test]
    fn bad_input() {
        let mut deps = setup();
        let err = execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Attest { residents: vec!["CIV1ANN".into()] }).unwrap_err();
        assert!(err.0.starts_with("invalid address"), "{}", err.0);
        let many = vec!["civ1a".to_string(); MAX_BATCH + 1];
        assert!(execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Attest { residents: many }).is_err());
    }

    #[test]
    fn residents_are_listed_in_pages() {
        let mut deps = setup();
        let all: Vec<String> = (0..5).map(|i| format!("civ1r{}", i)).collect();
        execute(deps.as_mut(), mock_env(), mock_info("civ1clerk", &[]), ExecuteMsg::Attest { residents: all.clone() }).unwrap();
        let page = |start: Option<String>| -> ListResponse {
            from_json(&query(deps.as_ref(), mock_env(), QueryMsg::Residents { start_after: start, limit: Some(2) }).unwrap().0).unwrap()
        };
        assert_eq!(page(None).addresses, all[0..2]);
        assert_eq!(page(Some("civ1r1".into())).addresses, all[2..4]);
        assert_eq!(page(Some("civ1r3".into())).addresses, all[4..5]);
        let r: IsResidentResponse = from_json(&query(deps.as_ref(), mock_env(), QueryMsg::IsResident { address: "civ1r4".into(), at_time: None }).unwrap().0).unwrap();
        assert_eq!(r, IsResidentResponse { resident: true, since: Some(mock_env().block.time.seconds()) });
    }
}
