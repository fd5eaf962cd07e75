//! A panic reverts the call. no_std needs a panic handler, and contracts
//! are built with panic = "abort", so this is the only thing a panic does.
//! Disable the default `panic-handler` feature to supply your own.
#![cfg(all(target_arch = "wasm32", feature = "panic-handler", not(test)))]

use core::panic::PanicInfo;

/// Without `panic-message`, the message is "panic": formatting the panic
/// would link core::fmt into every contract.
#[cfg(not(feature = "panic-message"))]
#[panic_handler]
fn panic(_: &PanicInfo) -> ! {
    crate::revert("panic")
}

/// With `panic-message`: "panicked at 'MESSAGE', FILE:LINE:COLUMN",
/// truncated to 256 bytes.
#[cfg(feature = "panic-message")]
#[panic_handler]
fn panic(info: &PanicInfo) -> ! {
    use core::fmt::Write;

    struct Message {
        bytes: [u8; 256],
        len: usize,
    }
    impl Write for Message {
        fn write_str(&mut self, s: &str) -> core::fmt::Result {
            let n = s.len().min(self.bytes.len() - self.len);
            self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
            self.len += n;
            Ok(())
        }
    }
    let mut message = Message {
        bytes: [0; 256],
        len: 0,
    };
    let _ = write!(message, "{}", info);
    crate::revert_bytes(&message.bytes[..message.len])
}
