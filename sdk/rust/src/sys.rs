//! The raw imports of Host ABI v1 (module `env`), exactly as DESIGN.md and
//! host/abi.h define them. Pointers are offsets into the contract's memory
//! and lengths are read as unsigned; the host traps on an out-of-bounds
//! range. Prefer the safe wrappers of the crate root.
//!
//! On targets other than wasm32 these are stubs that panic, so that the
//! SDK builds on the host for its own tests (`cargo test`); no host function
//! can run outside the runtime.

#[cfg(target_arch = "wasm32")]
#[link(wasm_import_module = "env")]
extern "C" {
    pub fn consume_gas(amount: i64);
    pub fn gas_left() -> i64;

    /// Value length, or -1 if absent; copies min(length, cap) bytes.
    pub fn storage_get(key: *const u8, key_len: i32, value: *mut u8, cap: i32) -> i32;
    pub fn storage_set(key: *const u8, key_len: i32, value: *const u8, value_len: i32);
    /// 1 if the key existed.
    pub fn storage_remove(key: *const u8, key_len: i32) -> i32;

    pub fn emit_event(topic: *const u8, topic_len: i32, data: *const u8, data_len: i32);

    pub fn block_number() -> i64;
    pub fn block_timestamp() -> i64;
    /// Writes 32 bytes.
    pub fn caller(out: *mut u8);
    /// Writes 32 bytes.
    pub fn self_address(out: *mut u8);

    pub fn input_len() -> i32;
    /// Writes input_len() bytes.
    pub fn input_read(out: *mut u8);
    pub fn return_data(data: *const u8, len: i32);
    /// Never returns: the host stops the call.
    pub fn revert(message: *const u8, len: i32);

    /// `input` is "method\0" followed by the method's input. Returns 0 ok,
    /// 1 reverted or trapped, 2 out of gas.
    pub fn call_contract(address: *const u8, input: *const u8, input_len: i32, gas: i64) -> i32;
    pub fn result_len() -> i32;
    /// Writes result_len() bytes.
    pub fn result_read(out: *mut u8);

    /// Writes 32 bytes; the output may overlap the input.
    pub fn sha256(data: *const u8, len: i32, out: *mut u8);
    pub fn debug_log(message: *const u8, len: i32);
}

#[cfg(not(target_arch = "wasm32"))]
#[rustfmt::skip]
mod stubs {
    #![allow(clippy::missing_safety_doc)]
    fn absent() -> ! {
        panic!("Dytallix host functions exist only inside the runtime (wasm32)")
    }
    pub unsafe fn consume_gas(_: i64) { absent() }
    pub unsafe fn gas_left() -> i64 { absent() }
    pub unsafe fn storage_get(_: *const u8, _: i32, _: *mut u8, _: i32) -> i32 { absent() }
    pub unsafe fn storage_set(_: *const u8, _: i32, _: *const u8, _: i32) { absent() }
    pub unsafe fn storage_remove(_: *const u8, _: i32) -> i32 { absent() }
    pub unsafe fn emit_event(_: *const u8, _: i32, _: *const u8, _: i32) { absent() }
    pub unsafe fn block_number() -> i64 { absent() }
    pub unsafe fn block_timestamp() -> i64 { absent() }
    pub unsafe fn caller(_: *mut u8) { absent() }
    pub unsafe fn self_address(_: *mut u8) { absent() }
    pub unsafe fn input_len() -> i32 { absent() }
    pub unsafe fn input_read(_: *mut u8) { absent() }
    pub unsafe fn return_data(_: *const u8, _: i32) { absent() }
    pub unsafe fn revert(_: *const u8, _: i32) { absent() }
    pub unsafe fn call_contract(_: *const u8, _: *const u8, _: i32, _: i64) -> i32 { absent() }
    pub unsafe fn result_len() -> i32 { absent() }
    pub unsafe fn result_read(_: *mut u8) { absent() }
    pub unsafe fn sha256(_: *const u8, _: i32, _: *mut u8) { absent() }
    pub unsafe fn debug_log(_: *const u8, _: i32) { absent() }
}
#[cfg(not(target_arch = "wasm32"))]
pub use stubs::*;
