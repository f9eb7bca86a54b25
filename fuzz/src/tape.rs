//! A reader of choices from fuzz input bytes.
//!
//! A [`Tape`] turns the fuzzer's bytes into small decisions (an index below a
//! bound, a value near another, a short string). Reads past the end give
//! zeros, so every byte string is a complete input and a shorter input means
//! fewer or simpler choices, which helps the fuzzer minimise its findings.

/// The fuzzer's bytes, read front to back.
pub struct Tape<'a> {
    bytes: &'a [u8],
    position: usize,
}

impl<'a> Tape<'a> {
    /// A tape over `bytes`.
    pub fn new(bytes: &'a [u8]) -> Tape<'a> {
        Tape { bytes, position: 0 }
    }

    /// Whether every byte has been read.
    pub fn is_empty(&self) -> bool {
        self.position >= self.bytes.len()
    }

    /// The next byte, or 0 past the end.
    pub fn byte(&mut self) -> u8 {
        let byte = self.bytes.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        byte
    }

    /// The next 32 bits, little-endian.
    pub fn u32(&mut self) -> u32 {
        u32::from_le_bytes([self.byte(), self.byte(), self.byte(), self.byte()])
    }

    /// The next 64 bits, little-endian.
    pub fn u64(&mut self) -> u64 {
        u64::from(self.u32()) | u64::from(self.u32()) << 32
    }

    /// A number below `bound` (0 when `bound` is 0), reading as few bytes as
    /// the bound needs.
    pub fn below(&mut self, bound: usize) -> usize {
        let value = match bound {
            0 | 1 => return 0,
            2..=256 => usize::from(self.byte()),
            257..=65_536 => usize::from(self.byte()) | usize::from(self.byte()) << 8,
            _ => self.u32() as usize,
        };
        value % bound
    }

    /// Whether a one-in-`n` event happens.
    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    /// A value that tends to sit on the edges verifiers care about: near
    /// `near` (one more, one less), zero, small, the register and arity
    /// limits, or anything at all.
    pub fn interesting_u32(&mut self, near: u32) -> u32 {
        match self.byte() % 10 {
            0 => near.wrapping_add(1),
            1 => near.wrapping_sub(1),
            2 => 0,
            3 => u32::from(self.byte() % 16),
            4 => [1023, 1024, 1025, 2047][usize::from(self.byte() % 4)],
            5 => u32::MAX - u32::from(self.byte() % 4),
            6 => 1 << (self.byte() % 32),
            7 => near.wrapping_add(u32::from(self.byte())),
            8 => self.u32(),
            _ => near,
        }
    }

    /// Up to `max_len` bytes.
    pub fn bytes(&mut self, max_len: usize) -> &'a [u8] {
        let len = self.below(max_len + 1);
        let start = self.position.min(self.bytes.len());
        let end = (start + len).min(self.bytes.len());
        self.position += len;
        &self.bytes[start..end]
    }

    /// A string of up to `max_len` bytes (invalid UTF-8 replaced).
    pub fn string(&mut self, max_len: usize) -> String {
        String::from_utf8_lossy(self.bytes(max_len)).into_owned()
    }
}
