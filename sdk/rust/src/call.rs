//! Calls to other contracts: the request is "method\0input" (DESIGN.md), the
//! callee runs in a fresh instance with at most the gas it is given, and its
//! output (or revert message) is readable afterwards.
use crate::buf::Address;
use crate::sys;

/// The longest request [`call`] assembles (method, 0 byte and input), as in
/// the C SDK's DYT_CALL_INPUT_MAX.
pub const CALL_INPUT_MAX: usize = 4096;

/// What `call_contract` reports; `status as i32` is the ABI's code.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CallStatus {
    /// The callee returned; its output is the result.
    Ok = 0,
    /// The callee reverted (its message is the result) or trapped (no
    /// result).
    Failed = 1,
    /// The callee ran out of the gas it was given.
    OutOfGas = 2,
    /// Nothing ran: no contract at the address, or it has no such method
    /// (the result says which).
    NotFound = 3,
}

/// Writes "method\0input" to the front of `out`; its length, or None if it
/// does not fit.
pub fn encode_request(out: &mut [u8], method: &str, input: &[u8]) -> Option<usize> {
    let method = method.as_bytes();
    let len = method.len() + 1 + input.len();
    if len > out.len() {
        return None;
    }
    out[..method.len()].copy_from_slice(method);
    out[method.len()] = 0;
    out[method.len() + 1..len].copy_from_slice(input);
    Some(len)
}

/// Calls `method` of the contract at `address` with `input`, forwarding at
/// most `gas` (capped by what is left; the caller is charged what the callee
/// used). A request longer than [`CALL_INPUT_MAX`] reverts with "call input
/// too long".
pub fn call(address: &Address, method: &str, input: &[u8], gas: u64) -> CallStatus {
    // One static request buffer, as in the C SDK: a contract call runs in a
    // fresh single-threaded instance, and the host has read the request
    // before any nested call could reuse it.
    static mut REQUEST: [u8; CALL_INPUT_MAX] = [0; CALL_INPUT_MAX];
    let request = unsafe { &mut *core::ptr::addr_of_mut!(REQUEST) };
    let len = match encode_request(request, method, input) {
        Some(len) => len,
        None => crate::revert("call input too long"),
    };
    let gas = gas.min(i64::MAX as u64) as i64;
    let status =
        unsafe { sys::call_contract(address.0.as_ptr(), request.as_ptr(), len as i32, gas) };
    match status {
        0 => CallStatus::Ok,
        2 => CallStatus::OutOfGas,
        3 => CallStatus::NotFound,
        _ => CallStatus::Failed,
    }
}

/// The length of the last call's result: the callee's output if it returned,
/// its message if it reverted, 0 otherwise.
#[inline]
pub fn result_len() -> usize {
    unsafe { sys::result_len() as usize }
}

/// Reads the last call's result into the front of `buf` and returns that
/// part, or None (reading nothing) if it is longer than `buf`.
#[inline]
pub fn read_result(buf: &mut [u8]) -> Option<&mut [u8]> {
    let len = result_len();
    if len > buf.len() {
        return None;
    }
    unsafe { sys::result_read(buf.as_mut_ptr()) };
    Some(&mut buf[..len])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_is_method_zero_input() {
        let mut out = [0xffu8; 16];
        assert_eq!(encode_request(&mut out, "echo", b"hi"), Some(7));
        assert_eq!(&out[..7], b"echo\0hi");
        assert_eq!(encode_request(&mut out, "get", b""), Some(4));
        assert_eq!(&out[..4], b"get\0");
    }

    #[test]
    fn request_that_does_not_fit_is_refused() {
        let mut out = [0u8; 8];
        assert_eq!(encode_request(&mut out, "transfer", b""), None);
        assert_eq!(encode_request(&mut out, "abc", b"defg"), Some(8));
        assert_eq!(encode_request(&mut out, "abc", b"defgh"), None);
    }
}
