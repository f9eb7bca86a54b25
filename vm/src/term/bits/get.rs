//! Reading the segments of a binary match: integers of any size, floats,
//! and UTF-8, UTF-16 and UTF-32 code points, from the bits a match context
//! has left (see [`super::matching`]).
//!
//! Every reader takes the bits left and returns the value and the number
//! of bits it used, or `None` when the segment does not match (too few
//! bits, an invalid encoding, a float that is not finite), as OTP's
//! matching fails.

use super::BitSlice;
use crate::memory::heap::Heap;
use crate::term::bigint::integer_from_bigint;
use crate::term::Term;
use num_bigint::{BigInt, BigUint};

/// The flag bit of a little-endian segment, as BEAM encodes segment flags.
pub const FLAG_LITTLE: u32 = 0x02;
/// The flag bit of a signed segment.
pub const FLAG_SIGNED: u32 = 0x04;
/// The flag bit of a native-endian segment.
pub const FLAG_NATIVE: u32 = 0x10;

/// Whether segment flags ask for little-endian order: `little`, or
/// `native` on a little-endian machine.
#[inline]
pub fn is_little(flags: u32) -> bool {
    flags & FLAG_LITTLE != 0 || (flags & FLAG_NATIVE != 0 && cfg!(target_endian = "little"))
}

/// The number of bits a segment's size stands for: the size (a
/// non-negative integer) times the unit; `None` for any other size, or
/// one too large to be matched.
#[inline]
pub fn segment_bits(size: Term, unit: u32) -> Option<usize> {
    let size = size.as_small()?;
    let size = usize::try_from(size).ok()?;
    size.checked_mul(unit as usize)
}

/// The start and the end of a match context's bits, as positions;
/// `None` for a term that is no match context.
pub fn match_bounds(context: Term) -> Option<(usize, usize)> {
    if !context.is_box_of(crate::term::BoxKind::MatchContext) {
        return None;
    }
    let payload = context.payload();
    let start = payload[1].as_small().unwrap_or(0) as usize;
    let end = payload[2].as_small().unwrap_or(0) as usize;
    Some((start, end))
}

/// The position and the end of a match context; `None` for a term that
/// is no match context. Cheaper than [`super::matching`] for the loops'
/// tests of what is left.
#[inline(always)]
pub fn position_and_end(context: Term) -> Option<(usize, usize)> {
    if !context.is_box_of(crate::term::BoxKind::MatchContext) {
        return None;
    }
    let payload = context.payload();
    let end = payload[2].as_small().unwrap_or(0) as usize;
    let position = payload[3].as_small().unwrap_or(0) as usize;
    Some((position, end))
}

/// Takes `n` bits (a whole number of bytes, at most 56 bits) from a match
/// context standing on a byte boundary, as an unsigned big-endian number,
/// moving the context past them; `None` when the context is elsewhere or
/// has fewer bits left (or `context` is no match context).
#[inline(always)]
pub fn take_aligned(context: Term, n: usize) -> Option<u64> {
    debug_assert!(n.is_multiple_of(8) && n <= 56);
    let (position, end) = position_and_end(context)?;
    if !position.is_multiple_of(8) || end - position < n {
        return None;
    }
    let base = super::whole(context.payload()[0]);
    let bytes = base.base.get(position / 8..(position + n) / 8)?;
    let value = bytes.iter().fold(0u64, |value, &byte| (value << 8) | u64::from(byte));
    super::set_position(context, position + n);
    Some(value)
}

/// Reads an unsigned integer of `n` bits (at most 64) at the start of
/// `bits`, in big- or little-endian order. The caller checks that `n`
/// bits are there.
#[inline]
pub fn read_unsigned(bits: &BitSlice<'_>, n: usize, little: bool) -> u64 {
    debug_assert!(n <= 64 && n <= bits.bit_size());
    if !little || n <= 8 {
        // The common case first: whole bytes on a byte boundary.
        if let Some(bytes) = bits.slice(0, n).and_then(|head| head.as_bytes()) {
            return bytes.iter().fold(0u64, |value, &byte| (value << 8) | u64::from(byte));
        }
        return bits.read_bits(0, n);
    }
    // Little-endian: whole bytes from the least significant, the bits of a
    // last partial byte on top.
    let whole = n / 8;
    let mut value: u64 = 0;
    for index in 0..whole {
        value |= u64::from(bits.byte(index)) << (8 * index);
    }
    let rest = n % 8;
    if rest > 0 {
        value |= bits.read_bits(8 * whole, rest) << (8 * whole);
    }
    value
}

/// Matches an integer of `n` bits at the start of `bits`: a small integer,
/// or a big one built on `heap`. `None` when fewer than `n` bits are left.
pub fn get_integer(heap: &mut Heap, bits: &BitSlice<'_>, n: usize, flags: u32) -> Option<Term> {
    if n > bits.bit_size() {
        return None;
    }
    let little = is_little(flags);
    let signed = flags & FLAG_SIGNED != 0;
    if n <= 64 {
        let raw = read_unsigned(bits, n, little);
        let value: i128 =
            if signed && n > 0 && raw >> (n - 1) & 1 == 1 { i128::from(raw) - (1i128 << n) } else { i128::from(raw) };
        return Some(match i64::try_from(value).ok().and_then(Term::small) {
            Some(small) => small,
            None => integer_from_bigint(heap, &BigInt::from(value)),
        });
    }
    let magnitude = if little {
        let whole = n / 8;
        let mut bytes: Vec<u8> = (0..whole).map(|index| bits.byte(index)).collect();
        if !n.is_multiple_of(8) {
            bytes.push(bits.read_bits(8 * whole, n % 8) as u8);
        }
        BigUint::from_bytes_le(&bytes)
    } else {
        let head = bits.slice(0, n)?;
        let padding = (8 - n % 8) % 8;
        BigUint::from_bytes_be(&head.to_bytes()) >> padding
    };
    let mut value = BigInt::from(magnitude);
    if signed && value.bit(n as u64 - 1) {
        value -= BigInt::from(1) << n;
    }
    Some(integer_from_bigint(heap, &value))
}

/// Matches a float of `n` bits (16, 32 or 64; 0 bits are the float 0.0,
/// as in OTP) at the start of `bits`; `None` for another size, too few
/// bits, or a NaN or an infinity.
pub fn get_float(bits: &BitSlice<'_>, n: usize, flags: u32) -> Option<f64> {
    if n == 0 {
        return Some(0.0);
    }
    if !matches!(n, 16 | 32 | 64) || n > bits.bit_size() {
        return None;
    }
    let raw = read_unsigned(bits, n, is_little(flags));
    let value = match n {
        16 => half_to_f64(raw as u16),
        32 => f64::from(f32::from_bits(raw as u32)),
        _ => f64::from_bits(raw),
    };
    value.is_finite().then_some(value)
}

/// The value of an IEEE 754 half-precision float.
fn half_to_f64(half: u16) -> f64 {
    let sign = if half & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((half >> 10) & 0x1f);
    let fraction = f64::from(half & 0x3ff);
    match exponent {
        0 => sign * fraction * 2f64.powi(-24),
        0x1f if fraction == 0.0 => sign * f64::INFINITY,
        0x1f => f64::NAN,
        _ => sign * (1.0 + fraction / 1024.0) * 2f64.powi(exponent - 15),
    }
}

/// Matches a UTF-8 encoded code point at the start of `bits`: the code
/// point and the bits it took. Overlong forms, surrogates, values above
/// 16#10FFFF, bad continuation bytes and truncated sequences fail.
pub fn get_utf8(bits: &BitSlice<'_>) -> Option<(u32, usize)> {
    let available = bits.bit_size() / 8;
    if available == 0 {
        return None;
    }
    let first = bits.byte(0);
    let (length, initial, minimum) = match first {
        0x00..=0x7f => return Some((u32::from(first), 8)),
        0xc0..=0xdf => (2, u32::from(first & 0x1f), 0x80),
        0xe0..=0xef => (3, u32::from(first & 0x0f), 0x800),
        0xf0..=0xf7 => (4, u32::from(first & 0x07), 0x10000),
        _ => return None,
    };
    if available < length {
        return None;
    }
    let mut code = initial;
    for index in 1..length {
        let byte = bits.byte(index);
        if byte & 0xc0 != 0x80 {
            return None;
        }
        code = (code << 6) | u32::from(byte & 0x3f);
    }
    (code >= minimum && is_code_point(code)).then_some((code, 8 * length))
}

/// Matches a UTF-16 encoded code point (one unit, or a surrogate pair) at
/// the start of `bits`; a lone surrogate fails.
pub fn get_utf16(bits: &BitSlice<'_>, flags: u32) -> Option<(u32, usize)> {
    if bits.bit_size() < 16 {
        return None;
    }
    let little = is_little(flags);
    let first = read_unsigned(bits, 16, little) as u32;
    match first {
        0xd800..=0xdbff => {
            let rest = bits.slice(16, bits.bit_size() - 16)?;
            if rest.bit_size() < 16 {
                return None;
            }
            let second = read_unsigned(&rest, 16, little) as u32;
            if !(0xdc00..=0xdfff).contains(&second) {
                return None;
            }
            Some((0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00), 32))
        }
        0xdc00..=0xdfff => None,
        _ => Some((first, 16)),
    }
}

/// Matches a UTF-32 encoded code point at the start of `bits`; a
/// surrogate or a value above 16#10FFFF fails.
pub fn get_utf32(bits: &BitSlice<'_>, flags: u32) -> Option<(u32, usize)> {
    if bits.bit_size() < 32 {
        return None;
    }
    let code = read_unsigned(bits, 32, is_little(flags)) as u32;
    is_code_point(code).then_some((code, 32))
}

/// Whether `code` is a Unicode scalar value: at most 16#10FFFF, no surrogate.
fn is_code_point(code: u32) -> bool {
    code <= 0x10ffff && !(0xd800..=0xdfff).contains(&code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_of_every_order_and_sign() {
        let bytes = [0xab, 0xc0, 0x12, 0x34];
        let bits = BitSlice::of_bytes(&bytes);
        assert_eq!(read_unsigned(&bits, 12, false), 0xabc);
        assert_eq!(read_unsigned(&bits, 12, true), 0xcab);
        assert_eq!(read_unsigned(&bits, 16, true), 0xc0ab);
        assert_eq!(read_unsigned(&bits.slice(4, 20).unwrap(), 16, false), 0xbc01);
        let mut heap = Heap::new(64);
        assert_eq!(get_integer(&mut heap, &bits, 12, FLAG_SIGNED | FLAG_LITTLE).unwrap().as_small(), Some(-853));
        assert_eq!(get_integer(&mut heap, &bits, 33, 0), None);
        let wide = [0xff; 20];
        let big = get_integer(&mut heap, &BitSlice::of_bytes(&wide), 100, FLAG_SIGNED).unwrap();
        assert_eq!(big.as_small(), Some(-1));
        let big = get_integer(&mut heap, &BitSlice::of_bytes(&wide), 100, 0).unwrap();
        assert_eq!(crate::term::bigint::bigint_of(big), Some((BigInt::from(1) << 100) - 1));
    }

    #[test]
    fn floats_and_code_points() {
        assert_eq!(get_float(&BitSlice::of_bytes(&[0x3c, 0x00]), 16, 0), Some(1.0));
        assert_eq!(get_float(&BitSlice::of_bytes(&[0x7c, 0x00]), 16, 0), None);
        assert_eq!(get_float(&BitSlice::of_bytes(&1.5f32.to_le_bytes()), 32, FLAG_LITTLE), Some(1.5));
        assert_eq!(get_float(&BitSlice::of_bytes(&[0; 8]), 24, 0), None);
        assert_eq!(get_utf8(&BitSlice::of_bytes("é".as_bytes())), Some((0xe9, 16)));
        assert_eq!(get_utf8(&BitSlice::of_bytes(&[0xc0, 0x80])), None);
        assert_eq!(get_utf8(&BitSlice::of_bytes(&[0xed, 0xa0, 0x80])), None);
        assert_eq!(get_utf8(&BitSlice::of_bytes(&[0xf4, 0x90, 0x80, 0x80])), None);
        assert_eq!(get_utf16(&BitSlice::of_bytes(&[0xd8, 0x3d, 0xde, 0x00]), 0), Some((0x1f600, 32)));
        assert_eq!(get_utf16(&BitSlice::of_bytes(&[0xdc, 0x00]), 0), None);
        assert_eq!(get_utf32(&BitSlice::of_bytes(&[0, 0x11, 0, 0]), 0), None);
    }
}
