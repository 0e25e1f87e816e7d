//! The VM's JSON types (wasmvm v3), only as much as rule contracts need.

use serde::{de, Deserialize, Deserializer, Serialize, Serializer};

use crate::Binary;

/// A u128 that travels as a decimal string (token amounts).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Uint128(pub u128);

/// Nanoseconds since the epoch, as a decimal string.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Timestamp(pub u64);

macro_rules! string_number {
    ($t:ident, $n:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(&self.0.to_string())
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<$t, D::Error> {
                let s = String::deserialize(d)?;
                s.parse::<$n>().map($t).map_err(de::Error::custom)
            }
        }
    };
}
string_number!(Uint128, u128);
string_number!(Timestamp, u64);

impl Timestamp {
    pub fn seconds(&self) -> u64 {
        self.0 / 1_000_000_000
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Env {
    pub block: BlockInfo,
    #[serde(default)]
    pub transaction: Option<TransactionInfo>,
    pub contract: ContractInfo,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct BlockInfo {
    pub height: u64,
    pub time: Timestamp,
    pub chain_id: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TransactionInfo {
    pub index: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hash: Option<Binary>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct ContractInfo {
    pub address: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct MessageInfo {
    pub sender: String,
    pub funds: Vec<Coin>,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Coin {
    pub denom: String,
    pub amount: Uint128,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Attribute {
    pub key: String,
    pub value: String,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct Event {
    #[serde(rename = "type")]
    pub ty: String,
    pub attributes: Vec<Attribute>,
}

impl Event {
    pub fn new(ty: impl Into<String>) -> Self {
        Event { ty: ty.into(), attributes: vec![] }
    }
    pub fn add_attribute(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.push(Attribute { key: key.into(), value: value.into() });
        self
    }
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum BankMsg {
    Send { to_address: String, amount: Vec<Coin> },
    Burn { amount: Vec<Coin> },
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum WasmMsg {
    Execute { contract_addr: String, msg: Binary, funds: Vec<Coin> },
}

/// A message a contract sends. `Custom` carries Civitas's own messages
/// (README, "Custom messages"), as JSON.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum CosmosMsg {
    Bank(BankMsg),
    Wasm(WasmMsg),
    Custom(serde_json::Value),
}

#[derive(Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ReplyOn {
    Always,
    Error,
    Success,
    Never,
}

#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct SubMsg {
    pub id: u64,
    #[serde(default)]
    pub payload: Binary,
    pub msg: CosmosMsg,
    pub gas_limit: Option<u64>,
    pub reply_on: ReplyOn,
}

/// What instantiate, execute, sudo and migrate return.
#[derive(Serialize, Deserialize, Clone, Debug, Default, PartialEq, Eq)]
pub struct Response {
    pub messages: Vec<SubMsg>,
    pub attributes: Vec<Attribute>,
    pub events: Vec<Event>,
    pub data: Option<Binary>,
}

impl Response {
    pub fn new() -> Self {
        Response::default()
    }
    pub fn add_attribute(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.attributes.push(Attribute { key: key.into(), value: value.into() });
        self
    }
    /// A message whose failure fails the whole call (reply never).
    pub fn add_message(mut self, msg: CosmosMsg) -> Self {
        self.messages.push(SubMsg { id: 0, payload: Binary::default(), msg, gas_limit: None, reply_on: ReplyOn::Never });
        self
    }
    pub fn add_event(mut self, e: Event) -> Self {
        self.events.push(e);
        self
    }
    pub fn set_data(mut self, data: Vec<u8>) -> Self {
        self.data = Some(Binary(data));
        self
    }
}

/// The envelope of every result: `{"ok": ...}` or `{"error": "..."}`.
#[derive(Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ContractResult<T> {
    Ok(T),
    Error(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes_are_the_vms() {
        let env: Env = serde_json::from_str(
            r#"{"block":{"height":12,"time":"1700000000000000001","chain_id":"civitas-local"},"transaction":{"index":3},"contract":{"address":"civ1x"}}"#,
        )
        .unwrap();
        assert_eq!(env.block.time.seconds(), 1_700_000_000);
        let info: MessageInfo = serde_json::from_str(r#"{"sender":"civ1s","funds":[{"denom":"ucivis","amount":"340282366920938463463374607431768211455"}]}"#).unwrap();
        assert_eq!(info.funds[0].amount.0, u128::MAX);
        let r = Response::new()
            .add_attribute("k", "v")
            .add_message(CosmosMsg::Bank(BankMsg::Send { to_address: "civ1t".into(), amount: vec![] }))
            .add_event(Event::new("rule").add_attribute("a", "b"));
        let got = serde_json::to_string(&ContractResult::Ok(r)).unwrap();
        assert_eq!(
            got,
            r#"{"ok":{"messages":[{"id":0,"payload":"","msg":{"bank":{"send":{"to_address":"civ1t","amount":[]}}},"gas_limit":null,"reply_on":"never"}],"attributes":[{"key":"k","value":"v"}],"events":[{"type":"rule","attributes":[{"key":"a","value":"b"}]}],"data":null}}"#
        );
        assert_eq!(serde_json::to_string(&ContractResult::<()>::Error("no".into())).unwrap(), r#"{"error":"no"}"#);
    }
}
