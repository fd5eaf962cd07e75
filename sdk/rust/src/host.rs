//! Safe wrappers over the host functions: gas, storage, events, block and
//! call context, input and output, revert, hashing and the debug log. Every
//! pointer passed to the host comes from a Rust slice or array, so it is
//! always in bounds; lengths fit in i32 because memory is at most 16 MiB.
use crate::buf::{Address, ADDRESS_BYTES};
use crate::sys;

#[inline]
fn len32(bytes: &[u8]) -> i32 {
    bytes.len() as i32
}

// ---- Gas ----

/// Charges `amount` extra gas; running out stops the call (out of gas).
#[inline]
pub fn consume_gas(amount: u64) {
    // A negative amount traps; u64 values above i64::MAX are more gas than
    // any limit, so make them the largest charge instead.
    unsafe { sys::consume_gas(amount.min(i64::MAX as u64) as i64) }
}

/// The gas this call has left.
#[inline]
pub fn gas_left() -> u64 {
    unsafe { sys::gas_left() as u64 }
}

// ---- Storage (namespaced per contract by the runtime) ----

/// The length of the value stored under `key`, or None if there is none;
/// copies its first min(length, value.len()) bytes into `value`.
#[inline]
pub fn storage_get(key: &[u8], value: &mut [u8]) -> Option<usize> {
    let len =
        unsafe { sys::storage_get(key.as_ptr(), len32(key), value.as_mut_ptr(), len32(value)) };
    if len < 0 {
        None
    } else {
        Some(len as usize)
    }
}

/// Stores `value` under `key`; a key or value over the runtime's limits
/// (256 B, 64 KiB) traps.
#[inline]
pub fn storage_set(key: &[u8], value: &[u8]) {
    unsafe { sys::storage_set(key.as_ptr(), len32(key), value.as_ptr(), len32(value)) }
}

/// Removes `key`; true if it existed.
#[inline]
pub fn storage_remove(key: &[u8]) -> bool {
    unsafe { sys::storage_remove(key.as_ptr(), len32(key)) == 1 }
}

/// The 8-byte little-endian integer stored under `key`; 0 if the key is
/// absent or its value is not 8 bytes long.
#[inline]
pub fn storage_get_u64(key: &[u8]) -> u64 {
    let mut value = [0u8; 8];
    match storage_get(key, &mut value) {
        Some(8) => u64::from_le_bytes(value),
        _ => 0,
    }
}

/// Stores `value` under `key` as 8 bytes little-endian.
#[inline]
pub fn storage_set_u64(key: &[u8], value: u64) {
    storage_set(key, &value.to_le_bytes())
}

// ---- Events ----

/// Appends an event with `topic` and `data` to the call's events (kept only
/// if the call succeeds).
#[inline]
pub fn emit_event(topic: &[u8], data: &[u8]) {
    unsafe { sys::emit_event(topic.as_ptr(), len32(topic), data.as_ptr(), len32(data)) }
}

// ---- Block and call context ----

#[inline]
pub fn block_number() -> u64 {
    unsafe { sys::block_number() as u64 }
}

/// Unix seconds.
#[inline]
pub fn block_timestamp() -> u64 {
    unsafe { sys::block_timestamp() as u64 }
}

/// The account or contract that called this method (the deployer in
/// `init`).
#[inline]
pub fn caller() -> Address {
    let mut out = [0u8; ADDRESS_BYTES];
    unsafe { sys::caller(out.as_mut_ptr()) };
    Address(out)
}

/// This contract's address.
#[inline]
pub fn self_address() -> Address {
    let mut out = [0u8; ADDRESS_BYTES];
    unsafe { sys::self_address(out.as_mut_ptr()) };
    Address(out)
}

// ---- Input and output ----

/// The length of the call input.
#[inline]
pub fn input_len() -> usize {
    unsafe { sys::input_len() as usize }
}

/// The call input, which must be exactly `N` bytes long; otherwise reverts
/// with "bad input".
#[inline]
pub fn input<const N: usize>() -> [u8; N] {
    let mut out = [0u8; N];
    if input_len() != N {
        revert("bad input");
    }
    unsafe { sys::input_read(out.as_mut_ptr()) };
    out
}

/// Reads the call input into the front of `buf` and returns that part, or
/// None (reading nothing) if the input is longer than `buf`.
#[inline]
pub fn read_input(buf: &mut [u8]) -> Option<&mut [u8]> {
    let len = input_len();
    if len > buf.len() {
        return None;
    }
    unsafe { sys::input_read(buf.as_mut_ptr()) };
    Some(&mut buf[..len])
}

/// Sets the call's output (the last call wins).
#[inline]
pub fn return_data(data: &[u8]) {
    unsafe { sys::return_data(data.as_ptr(), len32(data)) }
}

/// Sets the call's output to `value`, 8 bytes little-endian.
#[inline]
pub fn return_u64(value: u64) {
    return_data(&value.to_le_bytes())
}

/// Stops the call: the runtime rolls back its storage writes and events and
/// reports it as reverted, with `message` as its output.
#[inline]
pub fn revert(message: &str) -> ! {
    revert_bytes(message.as_bytes())
}

/// [`revert`] with any bytes as the message.
#[inline]
pub fn revert_bytes(message: &[u8]) -> ! {
    unsafe { sys::revert(message.as_ptr(), len32(message)) };
    // The host never returns from revert.
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!()
}

// ---- Utilities ----

/// The SHA-256 digest of `data`.
#[inline]
pub fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    unsafe { sys::sha256(data.as_ptr(), len32(data), out.as_mut_ptr()) };
    out
}

/// Writes `message` to the node's log (never part of consensus).
#[inline]
pub fn debug_log(message: &str) {
    unsafe { sys::debug_log(message.as_ptr(), len32(message.as_bytes())) }
}
