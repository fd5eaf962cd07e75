//! Hostcalls in Rust: contracts/hostcalls.c through the Rust SDK, so the
//! runtime's tests (tests/unit/host_contract_test.cc) check every SDK
//! wrapper against the same expectations as the C header.
//!
//! Methods:
//!   everything  any input -> a Report (192 bytes, laid out as hostcalls.c's).
//!               Also leaves "kept" = "yes" in storage and emits
//!               "everything" with the input as data.
//!   echo        any input -> the same bytes
//!   depth       ()        -> how many nested calls of itself succeeded
//!                            below it (8 bytes)
//!   burn        ()        -> never returns: spins until out of gas
//!   call_burn   ()        -> call_contract's status (8 bytes) for a nested
//!                            burn given 10,000 gas, then gas left (8 bytes)
//!   panics      ()        -> never returns: panics (so reverts, "panic")
#![no_std]

use dytallix_sdk::{self as dyt, Buf, CallStatus};

const MAX_INPUT: usize = 1024;
const REPORT_BYTES: usize = 192;

fn read_input(buf: &mut [u8; MAX_INPUT]) -> &[u8] {
    match dyt::read_input(buf) {
        Some(input) => input,
        None => dyt::revert("input too long"),
    }
}

/// storage_get's length as hostcalls.c reports it: -1 if absent.
fn stored_len(found: Option<usize>) -> u64 {
    found.map_or(u64::MAX, |len| len as u64)
}

dyt::entry! {
    fn everything() {
        let mut buf = [0u8; MAX_INPUT];
        let mut scratch = [0u8; MAX_INPUT];
        let input = read_input(&mut buf);
        let mut report = Buf::<REPORT_BYTES>::new();
        report
            .push_u64(dyt::block_number())
            .push_u64(dyt::block_timestamp())
            .push(&dyt::caller().0)
            .push(&dyt::self_address().0)
            .push_u64(input.len() as u64)
            .push(&dyt::sha256(input));

        dyt::storage_set(b"k", input);
        let stored = dyt::storage_get(b"k", &mut scratch);
        let stored_equal = &scratch[..input.len()] == input;
        let removed_first = dyt::storage_remove(b"k");
        let removed_again = dyt::storage_remove(b"k");
        let absent = dyt::storage_get(b"k", &mut scratch);
        dyt::storage_set(b"kept", b"yes");
        report
            .push_u64(stored_len(stored))
            .push_u64(stored_equal as u64)
            .push_u64(removed_first as u64)
            .push_u64(removed_again as u64)
            .push_u64(stored_len(absent));

        let before = dyt::gas_left();
        dyt::consume_gas(1000);
        report.push_u64(before - dyt::gas_left());

        let gas = dyt::gas_left() / 2;
        let status = dyt::call(&dyt::self_address(), "echo", input, gas);
        let echo_len = dyt::result_len();
        let echo_equal = echo_len == input.len()
            && matches!(dyt::read_result(&mut scratch), Some(echoed) if echoed == input);
        report
            .push_u64(status as u64)
            .push_u64(echo_len as u64)
            .push_u64(echo_equal as u64);

        dyt::emit_event(b"everything", input);
        dyt::debug_log("everything done");
        dyt::return_data(&report);
    }

    fn echo() {
        let mut buf = [0u8; MAX_INPUT];
        dyt::return_data(read_input(&mut buf));
    }

    fn depth() {
        let mut below = 0;
        let status = dyt::call(&dyt::self_address(), "depth", b"", dyt::gas_left());
        let mut result = [0u8; 8];
        if status == CallStatus::Ok && dyt::result_len() == 8 {
            dyt::read_result(&mut result);
            below = u64::from_le_bytes(result) + 1;
        }
        dyt::return_u64(below);
    }

    fn burn() {
        loop {
            dyt::consume_gas(100);
        }
    }

    fn call_burn() {
        let status = dyt::call(&dyt::self_address(), "burn", b"", 10_000);
        let mut out = Buf::<16>::new();
        out.push_u64(status as u64).push_u64(dyt::gas_left());
        dyt::return_data(&out);
    }

    fn panics() {
        panic!("a panic reverts the call");
    }
}
