//! The VM's `Region`: a pointer, a capacity and a length, all u32, through
//! which every argument and result crosses the boundary.

use std::mem;

/// A region of the contract's memory (wasm32: pointers are u32).
#[repr(C)]
pub struct Region {
    pub offset: u32,
    pub capacity: u32,
    pub length: u32,
}

/// Leaks a vector into a heap `Region` and returns its address (for the VM,
/// which frees it with `deallocate`).
pub fn release_buffer(mut data: Vec<u8>) -> *mut Region {
    let region = Region { offset: data.as_mut_ptr() as usize as u32, capacity: data.capacity() as u32, length: data.len() as u32 };
    mem::forget(data);
    Box::into_raw(Box::new(region))
}

/// Takes back a `Region` created by `release_buffer` or `allocate` (and
/// written by the VM) with its buffer.
///
/// # Safety
/// `ptr` must come from `release_buffer`/`allocate` and not be used again.
pub unsafe fn consume_region(ptr: *mut Region) -> Vec<u8> {
    let region = Box::from_raw(ptr);
    Vec::from_raw_parts(region.offset as usize as *mut u8, region.length as usize, region.capacity as usize)
}

/// A `Region` on the stack that borrows a slice, to pass to an import.
pub fn borrow(data: &[u8]) -> Region {
    Region { offset: data.as_ptr() as usize as u32, capacity: data.len() as u32, length: data.len() as u32 }
}

/// A `Region` with room for the VM to write into (e.g. an address).
pub fn with_capacity(n: usize) -> *mut Region {
    release_buffer(Vec::with_capacity(n))
}
