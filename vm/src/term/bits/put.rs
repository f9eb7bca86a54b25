//! Writing the segments of the binary syntax: integers of any size and
//! either byte order, floats of 16, 32 and 64 bits, and code points in
//! UTF-8, UTF-16 and UTF-32, at any bit position of the bytes of a
//! bitstring being built.
//!
//! Every writer takes the destination bytes and the bit where the segment
//! starts, and leaves the bits outside the segment as they are. What the
//! segment holds is checked first: a writer that refuses its value writes
//! nothing.

use super::{write_bits, BitSlice};
use crate::memory::off_heap::OffHeapBinary;
use crate::term::bigint::bigint_limbs;
use crate::term::{BoxKind, Term};

/// Why a segment's value cannot be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PutError {
    /// The value has the wrong type (or, for a code point, the wrong range).
    Type,
    /// An integer too large to become a float.
    NoFloat,
}

/// The byte order of a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Endian {
    /// Most significant first (the default).
    Big,
    /// Least significant first (`little`, and `native` on the machines girder runs on).
    Little,
}

impl Endian {
    /// The order `native` means on this machine.
    pub const NATIVE: Endian = if cfg!(target_endian = "little") { Endian::Little } else { Endian::Big };
}

/// Writes integer `value` (small or big) into `n` bits at bit `at` of
/// `dest`, in two's complement, keeping only its low `n` bits, as Erlang
/// does whatever the sign and the size. For a little-endian segment whose
/// size is not a whole number of bytes, the last chunk holds the highest
/// `n % 8` bits, as in Erlang.
pub fn put_integer(dest: &mut [u8], at: usize, n: usize, value: Term, endian: Endian) -> Result<(), PutError> {
    if let Some(small) = value.as_small() {
        if n <= 64 {
            put_u64(dest, at, n, small as u64, endian);
            return Ok(());
        }
        let fill = if small < 0 { 0xff } else { 0 };
        put_le_bytes(dest, at, n, endian, |index| small.to_le_bytes().get(index).copied().unwrap_or(fill));
        return Ok(());
    }
    let (negative, limbs) = bigint_limbs(value).ok_or(PutError::Type)?;
    // Two's complement of the magnitude, byte by byte from the least
    // significant: invert and add one, the carry running up the bytes.
    let magnitude = |index: usize| limbs.get(index / 8).map_or(0, |limb| (limb >> (8 * (index % 8))) as u8);
    if !negative {
        put_le_bytes(dest, at, n, endian, magnitude);
        return Ok(());
    }
    // The carry of "add one" stops at the first non-zero byte of the
    // magnitude: bytes below it are 0, it is its negation, those above
    // are inverted.
    let first_nonzero = (0..limbs.len() * 8).find(|&index| magnitude(index) != 0).unwrap_or(0);
    put_le_bytes(dest, at, n, endian, |index| match index.cmp(&first_nonzero) {
        std::cmp::Ordering::Less => 0,
        std::cmp::Ordering::Equal => magnitude(index).wrapping_neg(),
        std::cmp::Ordering::Greater => !magnitude(index),
    });
    Ok(())
}

/// The low `n` bits (at most 64) of `value` at bit `at`.
#[inline]
fn put_u64(dest: &mut [u8], at: usize, n: usize, value: u64, endian: Endian) {
    match endian {
        Endian::Big => {
            if at.is_multiple_of(8) && n.is_multiple_of(8) {
                // Whole bytes on a byte boundary: the common case.
                let whole = n / 8;
                dest[at / 8..at / 8 + whole].copy_from_slice(&value.to_be_bytes()[8 - whole..]);
            } else {
                write_bits(dest, at, n, value & mask(n));
            }
        }
        Endian::Little => {
            let whole = n / 8;
            if at.is_multiple_of(8) && n.is_multiple_of(8) {
                dest[at / 8..at / 8 + whole].copy_from_slice(&value.to_le_bytes()[..whole]);
                return;
            }
            for index in 0..whole {
                write_bits(dest, at + 8 * index, 8, (value >> (8 * index)) & 0xff);
            }
            let rest = n % 8;
            if rest > 0 {
                write_bits(dest, at + 8 * whole, rest, (value >> (8 * whole)) & mask(rest));
            }
        }
    }
}

/// The mask of the low `n` bits (`n` at most 64).
#[inline(always)]
fn mask(n: usize) -> u64 {
    if n >= 64 {
        u64::MAX
    } else {
        (1u64 << n) - 1
    }
}

/// Writes `n` bits of a number whose two's complement bytes, least
/// significant first, `byte` gives (as many as asked for).
fn put_le_bytes(dest: &mut [u8], at: usize, n: usize, endian: Endian, byte: impl Fn(usize) -> u8) {
    let whole = n / 8;
    let rest = n % 8;
    match endian {
        Endian::Big => {
            // The top chunk first: the `rest` low bits of byte `whole`,
            // then the whole bytes from the most significant down.
            let mut position = at;
            if rest > 0 {
                write_bits(dest, position, rest, u64::from(byte(whole)) & mask(rest));
                position += rest;
            }
            if position.is_multiple_of(8) {
                let start = position / 8;
                for (offset, slot) in dest[start..start + whole].iter_mut().enumerate() {
                    *slot = byte(whole - 1 - offset);
                }
            } else {
                for index in (0..whole).rev() {
                    write_bits(dest, position, 8, u64::from(byte(index)));
                    position += 8;
                }
            }
        }
        Endian::Little => {
            if at.is_multiple_of(8) {
                let start = at / 8;
                for (index, slot) in dest[start..start + whole].iter_mut().enumerate() {
                    *slot = byte(index);
                }
            } else {
                for index in 0..whole {
                    write_bits(dest, at + 8 * index, 8, u64::from(byte(index)));
                }
            }
            if rest > 0 {
                write_bits(dest, at + 8 * whole, rest, u64::from(byte(whole)) & mask(rest));
            }
        }
    }
}

/// The value of a float segment: a float, or an integer converted (a big
/// one too large for a float is [`PutError::NoFloat`]).
pub fn float_value(value: Term) -> Result<f64, PutError> {
    if let Some(float) = value.as_float() {
        return Ok(float);
    }
    if let Some(small) = value.as_small() {
        return Ok(small as f64);
    }
    let (negative, limbs) = bigint_limbs(value).ok_or(PutError::Type)?;
    let magnitude = limbs.iter().rev().fold(0.0f64, |acc, &limb| acc * 18_446_744_073_709_551_616.0 + limb as f64);
    if !magnitude.is_finite() {
        return Err(PutError::NoFloat);
    }
    Ok(if negative { -magnitude } else { magnitude })
}

/// Writes `value` as a float of `n` bits (16, 32 or 64) at bit `at`. A
/// value too large for the narrower formats becomes an infinity, as in
/// Erlang.
pub fn put_float(dest: &mut [u8], at: usize, n: usize, value: f64, endian: Endian) {
    let bits = match n {
        16 => u64::from(f16_bits(value)),
        32 => u64::from((value as f32).to_bits()),
        _ => value.to_bits(),
    };
    put_u64(dest, at, n, bits, endian);
}

/// The IEEE 754 half-precision bits nearest `value` (ties to even).
fn f16_bits(value: f64) -> u16 {
    let bits = value.to_bits();
    let sign = ((bits >> 48) & 0x8000) as u16;
    let exponent = ((bits >> 52) & 0x7ff) as i64;
    let fraction = bits & ((1 << 52) - 1);
    if exponent == 0x7ff {
        return sign | if fraction == 0 { 0x7c00 } else { 0x7e00 };
    }
    if exponent == 0 {
        // Zero, or a double subnormal: far below the smallest half.
        return sign;
    }
    let unbiased = exponent - 1023;
    if unbiased > 15 {
        return sign | 0x7c00;
    }
    let round = |value: u64, shift: u32| -> u64 {
        let kept = value >> shift;
        let rest = value & ((1 << shift) - 1);
        let half = 1 << (shift - 1);
        if rest > half || (rest == half && kept & 1 == 1) {
            kept + 1
        } else {
            kept
        }
    };
    let half_bits = if unbiased >= -14 {
        // A normal half: the carry of rounding may reach the exponent, and
        // past the largest exponent it makes the infinity, as it should.
        let biased = (unbiased + 15) as u64;
        round((biased << 52) | fraction, 42)
    } else {
        // A subnormal half: units of 2^-24.
        let shift = (42 + (-14 - unbiased)) as u32;
        if shift >= 54 {
            0
        } else {
            round((1 << 52) | fraction, shift)
        }
    };
    sign | half_bits.min(0x7c00) as u16
}

/// The code point `value`, when it is one UTF encodings can hold (not a
/// surrogate, at most `0x10FFFF`).
pub fn code_point(value: Term) -> Result<u32, PutError> {
    match value.as_small() {
        Some(point) if (0..=0x10ffff).contains(&point) && !(0xd800..=0xdfff).contains(&point) => Ok(point as u32),
        _ => Err(PutError::Type),
    }
}

/// The bytes `point` takes in UTF-8.
pub fn utf8_size(point: u32) -> usize {
    match point {
        0..=0x7f => 1,
        0x80..=0x7ff => 2,
        0x800..=0xffff => 3,
        _ => 4,
    }
}

/// The bytes `point` takes in UTF-16.
pub fn utf16_size(point: u32) -> usize {
    if point >= 0x10000 {
        4
    } else {
        2
    }
}

/// Writes `point` in UTF-8 at bit `at`; returns the bits written.
pub fn put_utf8(dest: &mut [u8], at: usize, point: u32) -> usize {
    let mut buffer = [0u8; 4];
    let encoded = char::from_u32(point).map_or(&[][..], |c| c.encode_utf8(&mut buffer).as_bytes());
    put_bytes(dest, at, encoded);
    8 * encoded.len()
}

/// Writes `point` in UTF-16 at bit `at`; returns the bits written.
pub fn put_utf16(dest: &mut [u8], at: usize, point: u32, endian: Endian) -> usize {
    let mut units = [0u16; 2];
    let encoded = char::from_u32(point).map_or(&[][..], |c| &*c.encode_utf16(&mut units));
    for (index, &unit) in encoded.iter().enumerate() {
        put_u64(dest, at + 16 * index, 16, u64::from(unit), endian);
    }
    16 * encoded.len()
}

/// Writes `point` in UTF-32 at bit `at`.
pub fn put_utf32(dest: &mut [u8], at: usize, point: u32, endian: Endian) {
    put_u64(dest, at, 32, u64::from(point), endian);
}

/// Writes `bytes` at bit `at`.
pub fn put_bytes(dest: &mut [u8], at: usize, bytes: &[u8]) {
    if at.is_multiple_of(8) {
        dest[at / 8..at / 8 + bytes.len()].copy_from_slice(bytes);
    } else {
        super::copy_bits(&BitSlice::of_bytes(bytes), dest, at);
    }
}

/// The bytes of the `Binary` or `RefBinary` box `term` from byte `from` to
/// its end, to write into while the binary is being built; `None` for any
/// other term, or when `from` lies beyond its end.
///
/// # Safety
///
/// `term` must be a bitstring built by this process for the construction
/// under way (`bs_init2`, `bs_init_bits`, `bs_append`), not yet seen by any
/// other holder, whose bytes from `from` on nobody else reads or writes
/// until the construction ends: its own heap's bytes, or off-heap bytes it
/// created or claimed for an append.
pub unsafe fn building_bytes<'a>(term: Term, from: usize) -> Option<&'a mut [u8]> {
    if !term.is_boxed() {
        return None;
    }
    let payload = term.payload();
    let size = payload[0].raw() as usize;
    let n_bytes = size.div_ceil(8);
    let start: *mut u8 = match term.box_kind() {
        BoxKind::Binary => payload.as_ptr().wrapping_add(1) as *mut u8,
        // SAFETY: a `RefBinary` box holds a count on the binary it points to.
        BoxKind::RefBinary => unsafe { (*(payload[1].raw() as *const OffHeapBinary)).data() },
        _ => return None,
    };
    if from > n_bytes {
        return None;
    }
    // SAFETY: the box's bytes are `n_bytes` long from `start`; the caller
    // guarantees that those from `from` on are ours alone.
    Some(unsafe { std::slice::from_raw_parts_mut(start.add(from), n_bytes - from) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::heap::Heap;
    use crate::term::bigint::integer_from_bigint;
    use num_bigint::BigInt;

    fn integer(value: i64, n: usize, endian: Endian, at: usize) -> Vec<u8> {
        let mut bytes = vec![0u8; (at + n).div_ceil(8)];
        put_integer(&mut bytes, at, n, Term::small(value).unwrap(), endian).unwrap();
        bytes
    }

    #[test]
    fn integers_as_erlang_lays_them_out() {
        // <<16#123:12/little>> is <<35, 1:4>>.
        assert_eq!(integer(0x123, 12, Endian::Little, 0), [0x23, 0x10]);
        // <<16#123456:20/little>> is <<86, 52, 2:4>>.
        assert_eq!(integer(0x123456, 20, Endian::Little, 0), [0x56, 0x34, 0x20]);
        assert_eq!(integer(-1, 12, Endian::Little, 0), [0xff, 0xf0]);
        assert_eq!(integer(0x1234, 16, Endian::Big, 4), [0x01, 0x23, 0x40]);
        assert_eq!(integer(-2, 72, Endian::Big, 0), [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]);
        assert_eq!(integer(1, 72, Endian::Little, 0), [1, 0, 0, 0, 0, 0, 0, 0, 0]);
    }

    #[test]
    fn big_integers_in_twos_complement() {
        let mut heap = Heap::new(64);
        let value: BigInt = -(BigInt::from(1) << 80u32);
        let term = integer_from_bigint(&mut heap, &value);
        let mut bytes = [0u8; 12];
        put_integer(&mut bytes, 0, 96, term, Endian::Big).unwrap();
        assert_eq!(bytes, [0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        let mut little = [0u8; 11];
        put_integer(&mut little, 0, 88, term, Endian::Little).unwrap();
        assert_eq!(little, [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff]);
        assert_eq!(put_integer(&mut little, 0, 8, Term::NIL, Endian::Big), Err(PutError::Type));
    }

    #[test]
    fn half_floats_round_to_nearest() {
        assert_eq!(f16_bits(1.5), 0x3e00);
        assert_eq!(f16_bits(3.0), 0x4200);
        assert_eq!(f16_bits(100_000.0), 0x7c00);
        assert_eq!(f16_bits(65504.0), 0x7bff);
        assert_eq!(f16_bits(-2.0), 0xc000);
        assert_eq!(f16_bits(5.960464477539063e-8), 0x0001);
        assert_eq!(f16_bits(1e-10), 0);
    }

    #[test]
    fn code_points_in_each_encoding() {
        let mut bytes = [0u8; 4];
        assert_eq!(put_utf8(&mut bytes, 0, 0x20ac), 24);
        assert_eq!(&bytes[..3], [0xe2, 0x82, 0xac]);
        assert_eq!(put_utf16(&mut bytes, 0, 0x1f600, Endian::Big), 32);
        assert_eq!(bytes, [0xd8, 0x3d, 0xde, 0x00]);
        assert_eq!(code_point(Term::small(0xd800).unwrap()), Err(PutError::Type));
        assert_eq!(code_point(Term::small(0x110000).unwrap()), Err(PutError::Type));
    }
}
