//! Greeter: the README's first contract in Rust, the twin of
//! contracts/greeter.c. Keeps one greeting of 1 to 256 bytes.
//!   init(text)   stores the greeting
//!   set(text)    replaces it; emits "greeting" with the new text
//!   greet()      returns it
//! An empty or longer text reverts with "greeting must be 1-256 bytes".
#![no_std]

use dytallix_sdk as dyt;

fn read_greeting(buf: &mut [u8; 256]) -> &[u8] {
    match dyt::read_input(buf) {
        Some(text) if !text.is_empty() => text,
        _ => dyt::revert("greeting must be 1-256 bytes"),
    }
}

dyt::entry! {
    fn init() {
        let mut buf = [0u8; 256];
        dyt::storage_set(b"g", read_greeting(&mut buf));
    }

    fn set() {
        let mut buf = [0u8; 256];
        let text = read_greeting(&mut buf);
        dyt::storage_set(b"g", text);
        dyt::emit_event(b"greeting", text);
    }

    fn greet() {
        let mut buf = [0u8; 256];
        let len = dyt::storage_get(b"g", &mut buf).unwrap_or(0);
        dyt::return_data(&buf[..len]);
    }
}
