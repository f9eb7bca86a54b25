//! Unsigned LEB128 varints and zigzag signed integers, the format's number encodings.
//!
//! Reading lives in [`crate::reader`], next to the bounds checks; this file
//! holds the writing side and the pure conversions both sides share.

/// The most bytes a 32-bit varint may take.
pub(crate) const MAX_U32_BYTES: usize = 5;

/// The most bytes a 64-bit varint may take.
pub(crate) const MAX_U64_BYTES: usize = 10;

/// Appends `value` as an unsigned LEB128 varint: seven bits a byte, low bits
/// first, the high bit set on every byte but the last.
pub(crate) fn write_u64(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value as u8 & 0x7f) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Appends a 32-bit value as a varint.
pub(crate) fn write_u32(out: &mut Vec<u8>, value: u32) {
    write_u64(out, u64::from(value));
}

/// Appends a `usize` length or count as a varint.
pub(crate) fn write_len(out: &mut Vec<u8>, value: usize) {
    write_u64(out, value as u64);
}

/// Maps a signed integer to an unsigned one so that small magnitudes stay
/// small: 0, -1, 1, -2, … become 0, 1, 2, 3, …
pub(crate) fn zigzag_encode(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

/// The inverse of [`zigzag_encode`].
pub(crate) fn zigzag_decode(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zigzag_roundtrips_the_extremes() {
        for value in [0, 1, -1, 2, -2, i64::MAX, i64::MIN, 1 << 40, -(1 << 40)] {
            assert_eq!(zigzag_decode(zigzag_encode(value)), value);
        }
        assert_eq!(zigzag_encode(-1), 1);
        assert_eq!(zigzag_encode(1), 2);
    }

    #[test]
    fn varints_use_seven_bits_a_byte() {
        let mut out = Vec::new();
        write_u32(&mut out, 127);
        assert_eq!(out, [0x7f]);
        out.clear();
        write_u32(&mut out, 128);
        assert_eq!(out, [0x80, 0x01]);
        out.clear();
        write_u32(&mut out, u32::MAX);
        assert_eq!(out.len(), MAX_U32_BYTES);
        out.clear();
        write_u64(&mut out, u64::MAX);
        assert_eq!(out.len(), MAX_U64_BYTES);
    }
}
