//! Dytallix contract SDK for Rust: safe wrappers over Host ABI v1 (the
//! import module `env`, DESIGN.md), for contracts built with
//! `cargo build --release --target wasm32-unknown-unknown` as a `cdylib`.
//!
//! A contract exports `memory` (rustc does by default) and one function of
//! type `() -> ()` per method, declared with [`entry!`]; an optional `init`
//! runs once at deployment with the deploy input. Methods read their input
//! with [`input`] or [`read_input`], answer with [`return_data`] and fail
//! with [`revert`], which rolls back everything the call did. A panic
//! reverts too (with the message "panic", or the formatted panic with the
//! `panic-message` feature, which costs about 8 KiB of code).
//!
//! ```ignore
//! #![no_std]
//! use dytallix_sdk as dyt;
//!
//! dyt::entry! {
//!     fn increment() {
//!         let key = b"count";
//!         let count = dyt::storage_get_u64(key) + 1;
//!         dyt::storage_set_u64(key, count);
//!         dyt::return_u64(count);
//!     }
//! }
//! ```
//!
//! The SDK allocates nothing: inputs, values and results are read into
//! buffers the caller provides, and [`Buf`] assembles keys and event data on
//! the stack. Integers in inputs, outputs and storage are, by the examples'
//! convention, 8 bytes little-endian ([`u64_at`], [`Buf::push_u64`]).
#![cfg_attr(not(test), no_std)]

mod buf;
mod call;
mod host;
mod panic;
pub mod sys;

pub use buf::{u64_at, Address, Buf, Key, ADDRESS_BYTES};
pub use call::{call, encode_request, read_result, result_len, CallStatus, CALL_INPUT_MAX};
pub use host::*;

/// Exports each function as a contract method: `#[no_mangle] pub extern "C"
/// fn NAME()`, so the method is callable by its Rust name. Name one `init`
/// to run it at deployment.
///
/// ```ignore
/// dytallix_sdk::entry! {
///     /// Doc comments and attributes are kept.
///     fn init() { /* ... */ }
///     fn transfer() { /* ... */ }
/// }
/// ```
#[macro_export]
macro_rules! entry {
    ($($(#[$attr:meta])* $vis:vis fn $name:ident() $body:block)*) => {
        $(
            $(#[$attr])*
            #[no_mangle]
            pub extern "C" fn $name() $body
        )*
    };
}
