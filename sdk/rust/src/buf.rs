//! Byte assembly without an allocator: addresses, fixed-capacity buffers for
//! storage keys and event data, and the 8-byte little-endian integers the
//! example contracts use. Pure logic: tested on the host (`cargo test`).

/// The length of an address (DESIGN.md: addresses are 32 bytes).
pub const ADDRESS_BYTES: usize = 32;

/// A contract or account address.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct Address(pub [u8; ADDRESS_BYTES]);

impl Address {
    /// The 32 bytes of `bytes` starting at `offset`. Use it on fixed-size
    /// arrays with constant offsets, where the bounds check folds away.
    #[inline(always)]
    pub fn at(bytes: &[u8], offset: usize) -> Address {
        let mut out = [0u8; ADDRESS_BYTES];
        out.copy_from_slice(&bytes[offset..offset + ADDRESS_BYTES]);
        Address(out)
    }

    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The 8-byte little-endian integer of `bytes` at `offset`.
#[inline]
pub fn u64_at(bytes: &[u8], offset: usize) -> u64 {
    let mut out = [0u8; 8];
    out.copy_from_slice(&bytes[offset..offset + 8]);
    u64::from_le_bytes(out)
}

/// Up to `N` bytes assembled on the stack, a part at a time:
/// `let mut data = Buf::<72>::new(); data.push(&from.0).push(&to.0).push_u64(n);`
/// Pushing past `N` reverts with "buffer overflow".
#[derive(Clone, Copy)]
pub struct Buf<const N: usize> {
    bytes: [u8; N],
    len: usize,
}

impl<const N: usize> Buf<N> {
    #[inline(always)]
    pub const fn new() -> Self {
        Buf {
            bytes: [0; N],
            len: 0,
        }
    }

    #[inline(always)]
    pub fn push(&mut self, part: &[u8]) -> &mut Self {
        let end = self.len + part.len();
        if end > N {
            crate::revert("buffer overflow");
        }
        self.bytes[self.len..end].copy_from_slice(part);
        self.len = end;
        self
    }

    #[inline(always)]
    pub fn push_u64(&mut self, value: u64) -> &mut Self {
        self.push(&value.to_le_bytes())
    }

    #[inline(always)]
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }
}

impl<const N: usize> Default for Buf<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> core::ops::Deref for Buf<N> {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        self.as_bytes()
    }
}

/// A storage key of the C SDK's shape (`dyt_key`): one tag byte followed by
/// up to two addresses: `let mut key = Key::tag(b'b'); key.push(&holder.0);`
pub type Key = Buf<{ 1 + 2 * ADDRESS_BYTES }>;

impl Key {
    #[inline(always)]
    pub fn tag(tag: u8) -> Key {
        let mut key = Key::new();
        key.push(&[tag]);
        key
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_is_the_tag_then_the_addresses() {
        let a = Address([0xa1; 32]);
        let b = Address([0xb0; 32]);
        assert_eq!(Key::tag(b's').as_bytes(), b"s");
        let mut key = Key::tag(b'a');
        key.push(a.as_bytes()).push(b.as_bytes());
        assert_eq!(key.len(), 65);
        assert_eq!(key[0], b'a');
        assert_eq!(&key[1..33], &a.0);
        assert_eq!(&key[33..], &b.0);
    }

    #[test]
    fn integers_are_little_endian() {
        let mut buf = Buf::<16>::new();
        buf.push_u64(0x0102_0304_0506_0708).push_u64(7);
        assert_eq!(&buf[..8], &[8, 7, 6, 5, 4, 3, 2, 1]);
        assert_eq!(u64_at(&buf, 0), 0x0102_0304_0506_0708);
        assert_eq!(u64_at(&buf, 8), 7);
    }

    #[test]
    fn address_at_reads_32_bytes() {
        let mut bytes = [0u8; 40];
        bytes[4..36].copy_from_slice(&[9; 32]);
        assert_eq!(Address::at(&bytes, 4), Address([9; 32]));
    }

    // Off wasm32 the host functions are stubs that panic, revert included.
    #[test]
    #[should_panic(expected = "only inside the runtime")]
    fn pushing_past_the_capacity_reverts() {
        Buf::<4>::new().push(b"abc").push(b"de");
    }
}
