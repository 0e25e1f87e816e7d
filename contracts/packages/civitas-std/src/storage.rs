//! The contract's key-value store, and typed `Item`s and `Map`s on it.
//!
//! Keys: an `Item` is stored at its name; a `Map` entry at
//! `len(namespace) (2 bytes, big-endian) ‖ namespace ‖ key`, so that one
//! map's keys never run into another's and iterating a map is a range
//! scan. Map keys are `&str`/`String` (their bytes) or `u64` (8 bytes,
//! big-endian, so numbers iterate in order). Values are JSON.

use std::marker::PhantomData;

use serde::{de::DeserializeOwned, Serialize};

use crate::{from_json, to_json, StdError, StdResult};

/// Iteration order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Order {
    Ascending = 1,
    Descending = 2,
}

pub type Record = (Vec<u8>, Vec<u8>);

pub trait Storage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>>;
    /// value must not be empty (the VM cannot tell it from absent).
    fn set(&mut self, key: &[u8], value: &[u8]);
    fn remove(&mut self, key: &[u8]);
    /// Records with start <= key < end (None: unbounded), in order.
    fn range<'a>(&'a self, start: Option<&[u8]>, end: Option<&[u8]>, order: Order) -> Box<dyn Iterator<Item = Record> + 'a>;
}

/// One value stored under a fixed key.
pub struct Item<T> {
    key: &'static str,
    _t: PhantomData<T>,
}

impl<T: Serialize + DeserializeOwned> Item<T> {
    pub const fn new(key: &'static str) -> Self {
        Item { key, _t: PhantomData }
    }
    pub fn may_load(&self, store: &dyn Storage) -> StdResult<Option<T>> {
        store.get(self.key.as_bytes()).map(|v| from_json(&v)).transpose()
    }
    pub fn load(&self, store: &dyn Storage) -> StdResult<T> {
        self.may_load(store)?.ok_or_else(|| StdError(format!("{} not found", self.key)))
    }
    pub fn save(&self, store: &mut dyn Storage, value: &T) -> StdResult<()> {
        store.set(self.key.as_bytes(), &to_json(value)?);
        Ok(())
    }
    pub fn remove(&self, store: &mut dyn Storage) {
        store.remove(self.key.as_bytes())
    }
}

/// A map key: its bytes, and back.
pub trait Key: Sized {
    fn key_bytes(&self) -> Vec<u8>;
    fn from_key_bytes(b: &[u8]) -> StdResult<Self>;
}

impl Key for String {
    fn key_bytes(&self) -> Vec<u8> {
        self.as_bytes().to_vec()
    }
    fn from_key_bytes(b: &[u8]) -> StdResult<Self> {
        String::from_utf8(b.to_vec()).map_err(|_| StdError::msg("map key is not UTF-8"))
    }
}

impl Key for u64 {
    fn key_bytes(&self) -> Vec<u8> {
        self.to_be_bytes().to_vec()
    }
    fn from_key_bytes(b: &[u8]) -> StdResult<Self> {
        let a: [u8; 8] = b.try_into().map_err(|_| StdError::msg("map key is not 8 bytes"))?;
        Ok(u64::from_be_bytes(a))
    }
}

/// Values of type V under keys of type K, iterable in key order.
pub struct Map<K, V> {
    namespace: &'static str,
    _kv: PhantomData<(K, V)>,
}

impl<K: Key, V: Serialize + DeserializeOwned> Map<K, V> {
    pub const fn new(namespace: &'static str) -> Self {
        Map { namespace, _kv: PhantomData }
    }

    fn prefix(&self) -> Vec<u8> {
        let ns = self.namespace.as_bytes();
        let mut p = Vec::with_capacity(2 + ns.len());
        p.extend_from_slice(&(ns.len() as u16).to_be_bytes());
        p.extend_from_slice(ns);
        p
    }

    fn full_key(&self, k: &K) -> Vec<u8> {
        let mut p = self.prefix();
        p.extend_from_slice(&k.key_bytes());
        p
    }

    pub fn may_load(&self, store: &dyn Storage, k: &K) -> StdResult<Option<V>> {
        store.get(&self.full_key(k)).map(|v| from_json(&v)).transpose()
    }
    pub fn load(&self, store: &dyn Storage, k: &K) -> StdResult<V> {
        self.may_load(store, k)?.ok_or_else(|| StdError(format!("{}: no such entry", self.namespace)))
    }
    pub fn has(&self, store: &dyn Storage, k: &K) -> bool {
        store.get(&self.full_key(k)).is_some()
    }
    pub fn save(&self, store: &mut dyn Storage, k: &K, v: &V) -> StdResult<()> {
        store.set(&self.full_key(k), &to_json(v)?);
        Ok(())
    }
    pub fn remove(&self, store: &mut dyn Storage, k: &K) {
        store.remove(&self.full_key(k))
    }

    /// Entries with min <= key < max (None: unbounded), in order.
    pub fn range<'a>(&self, store: &'a dyn Storage, min: Option<&K>, max: Option<&K>, order: Order) -> impl Iterator<Item = StdResult<(K, V)>> + 'a {
        let prefix = self.prefix();
        let start = min.map(|k| self.full_key(k)).unwrap_or_else(|| prefix.clone());
        let end = max.map(|k| self.full_key(k)).or_else(|| prefix_end(&prefix));
        let skip = prefix.len();
        store.range(Some(&start), end.as_deref(), order).map(move |(k, v)| Ok((K::from_key_bytes(&k[skip..])?, from_json(&v)?)))
    }
}

/// The first key after every key that starts with prefix (None: none).
fn prefix_end(prefix: &[u8]) -> Option<Vec<u8>> {
    let mut end = prefix.to_vec();
    while let Some(last) = end.pop() {
        if last < 0xff {
            end.push(last + 1);
            return Some(end);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mock::MockStorage;

    #[test]
    fn items_and_maps() {
        let mut s = MockStorage::default();
        let item: Item<u32> = Item::new("config");
        assert_eq!(item.may_load(&s).unwrap(), None);
        assert!(item.load(&s).is_err());
        item.save(&mut s, &7).unwrap();
        assert_eq!(item.load(&s).unwrap(), 7);

        let m: Map<u64, String> = Map::new("m");
        let other: Map<u64, String> = Map::new("m2");
        for k in [300u64, 2, 70000, 1] {
            m.save(&mut s, &k, &format!("v{}", k)).unwrap();
        }
        other.save(&mut s, &5, &"x".to_string()).unwrap();
        let keys: Vec<u64> = m.range(&s, None, None, Order::Ascending).map(|r| r.unwrap().0).collect();
        assert_eq!(keys, vec![1, 2, 300, 70000], "numbers in order, the other map not mixed in");
        let keys: Vec<u64> = m.range(&s, Some(&2), Some(&70000), Order::Descending).map(|r| r.unwrap().0).collect();
        assert_eq!(keys, vec![300, 2]);
        m.remove(&mut s, &2);
        assert!(!m.has(&s, &2));
        assert_eq!(m.load(&s, &300).unwrap(), "v300");
        assert_eq!(prefix_end(&[1, 0xff]), Some(vec![2]));
        assert_eq!(prefix_end(&[0xff, 0xff]), None);
    }
}
