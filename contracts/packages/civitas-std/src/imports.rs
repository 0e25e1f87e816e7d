//! The VM's imports (wasm32 only) behind the crate's traits.

use crate::memory::{borrow, consume_region, with_capacity, Region};
use crate::query::Querier;
use crate::storage::{Order, Record, Storage};
use crate::{Api, StdError, StdResult};

extern "C" {
    fn db_read(key: u32) -> u32;
    fn db_write(key: u32, value: u32);
    fn db_remove(key: u32);
    fn db_scan(start: u32, end: u32, order: i32) -> u32;
    fn db_next(iterator_id: u32) -> u32;
    fn addr_validate(source: u32) -> u32;
    fn addr_canonicalize(source: u32, destination: u32) -> u32;
    fn addr_humanize(source: u32, destination: u32) -> u32;
    fn query_chain(request: u32) -> u32;
    fn debug(source: u32);
}

pub struct ExternalStorage;
pub struct ExternalApi;
pub struct ExternalQuerier;

impl Storage for ExternalStorage {
    fn get(&self, key: &[u8]) -> Option<Vec<u8>> {
        let k = borrow(key);
        let read = unsafe { db_read(&k as *const Region as u32) };
        if read == 0 {
            return None;
        }
        Some(unsafe { consume_region(read as *mut Region) })
    }
    fn set(&mut self, key: &[u8], value: &[u8]) {
        let (k, v) = (borrow(key), borrow(value));
        unsafe { db_write(&k as *const Region as u32, &v as *const Region as u32) }
    }
    fn remove(&mut self, key: &[u8]) {
        let k = borrow(key);
        unsafe { db_remove(&k as *const Region as u32) }
    }
    fn range<'a>(&'a self, start: Option<&[u8]>, end: Option<&[u8]>, order: Order) -> Box<dyn Iterator<Item = Record> + 'a> {
        let s = start.map(borrow);
        let e = end.map(borrow);
        let addr = |r: &Option<Region>| r.as_ref().map(|r| r as *const Region as u32).unwrap_or(0);
        let id = unsafe { db_scan(addr(&s), addr(&e), order as i32) };
        Box::new(ExternalIterator { id })
    }
}

struct ExternalIterator {
    id: u32,
}

impl Iterator for ExternalIterator {
    type Item = Record;
    fn next(&mut self) -> Option<Record> {
        // key ‖ len(key) (4, BE) ‖ value ‖ len(value) (4, BE); an empty key ends.
        let kv = unsafe { consume_region(db_next(self.id) as *mut Region) };
        let (rest, value) = split_tail(kv);
        let (_, key) = split_tail(rest);
        if key.is_empty() {
            None
        } else {
            Some((key, value))
        }
    }
}

/// Splits off the last section (its length in the last 4 bytes).
fn split_tail(mut data: Vec<u8>) -> (Vec<u8>, Vec<u8>) {
    if data.len() < 4 {
        return (vec![], vec![]);
    }
    let n = data.len();
    let len = u32::from_be_bytes([data[n - 4], data[n - 3], data[n - 2], data[n - 1]]) as usize;
    data.truncate(n - 4);
    let section = data.split_off(data.len().saturating_sub(len));
    (data, section)
}

fn vm_error(ret: u32, what: &str) -> StdError {
    let msg = unsafe { consume_region(ret as *mut Region) };
    StdError(format!("{}: {}", what, String::from_utf8_lossy(&msg)))
}

impl Api for ExternalApi {
    fn addr_validate(&self, input: &str) -> StdResult<String> {
        let s = borrow(input.as_bytes());
        let ret = unsafe { addr_validate(&s as *const Region as u32) };
        if ret != 0 {
            return Err(vm_error(ret, "invalid address"));
        }
        Ok(input.to_string())
    }
    fn addr_canonicalize(&self, input: &str) -> StdResult<Vec<u8>> {
        let s = borrow(input.as_bytes());
        let out = with_capacity(64);
        let ret = unsafe { addr_canonicalize(&s as *const Region as u32, out as u32) };
        let bytes = unsafe { consume_region(out) };
        if ret != 0 {
            return Err(vm_error(ret, "invalid address"));
        }
        Ok(bytes)
    }
    fn addr_humanize(&self, canonical: &[u8]) -> StdResult<String> {
        let s = borrow(canonical);
        let out = with_capacity(90);
        let ret = unsafe { addr_humanize(&s as *const Region as u32, out as u32) };
        let bytes = unsafe { consume_region(out) };
        if ret != 0 {
            return Err(vm_error(ret, "invalid address bytes"));
        }
        String::from_utf8(bytes).map_err(|_| StdError::msg("address is not UTF-8"))
    }
    fn debug(&self, msg: &str) {
        let s = borrow(msg.as_bytes());
        unsafe { debug(&s as *const Region as u32) }
    }
}

impl Querier for ExternalQuerier {
    fn raw_query(&self, request: &[u8]) -> Vec<u8> {
        let r = borrow(request);
        let ret = unsafe { query_chain(&r as *const Region as u32) };
        unsafe { consume_region(ret as *mut Region) }
    }
}
