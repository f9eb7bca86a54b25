//! The binary matching instructions: a match context walks a bitstring,
//! each `bs_get_*`, `bs_skip_*` and test reading or checking the bits at
//! its position and moving it on (`term::bits` holds the context,
//! `term::bits::get` the segment readers).
//!
//! A match context is a boxed term like any other to the registers, the
//! verifier and the collector; only these instructions look inside it.
//! Each function here returns `None` (or `false`) when the segment does not
//! match, and the handler jumps to the fail label; an operand that is no
//! match context, which only hand-written code can give, fails the match
//! too, except for the instructions without a fail label, which raise
//! `badarg`.

use crate::memory::heap::Heap;
use crate::term::bits::{self, get, BitSlice};
use crate::term::build;
use crate::term::{BoxKind, Term};

/// Heap words of a new match context.
pub(crate) const CONTEXT_WORDS: usize = 5;

/// Heap words of a slice of a bitstring (`bs_get_binary2`, `bs_get_tail`).
pub(crate) const SLICE_WORDS: usize = 4;

/// Heap words of a boxed float.
pub(crate) const FLOAT_WORDS: usize = 2;

/// The most bits an integer can have and still be a small integer for
/// every sign: smaller segments never allocate.
const SMALL_SEGMENT_BITS: usize = 59;

/// Heap words an integer segment of `size` units of `unit` bits from
/// `context` may take: none for a small integer, or for a segment longer
/// than what is left (which fails); a big integer's words otherwise.
#[inline]
pub(crate) fn integer_words(context: Term, size: Term, unit: u32) -> usize {
    match get::segment_bits(size, unit) {
        Some(n) if n <= SMALL_SEGMENT_BITS => 0,
        Some(n) if bits::matching(context).is_some_and(|state| n <= state.rest.bit_size()) => 2 + n.div_ceil(64),
        _ => 0,
    }
}

/// Whether `term` is a match context.
#[inline(always)]
pub(crate) fn is_context(term: Term) -> bool {
    term.is_box_of(BoxKind::MatchContext)
}

/// `bs_start_match3`/`4`: a match context over `term` (reused when `term`
/// is one); `None` when `term` is no bitstring.
#[inline]
pub(crate) fn start_match(heap: &mut Heap, term: Term) -> Option<Term> {
    bits::match_context(heap, term)
}

/// `bs_get_integer2`.
#[inline]
pub(crate) fn get_integer(heap: &mut Heap, context: Term, size: Term, unit: u32, flags: u32) -> Option<Term> {
    let state = bits::matching(context)?;
    let n = get::segment_bits(size, unit)?;
    // Byte-aligned bytes, halfwords and words, big-endian and unsigned:
    // the common segments, read without the general reader.
    if flags & (get::FLAG_SIGNED | get::FLAG_LITTLE | get::FLAG_NATIVE) == 0 && n <= 32 && n.is_multiple_of(8) {
        if let Some(value) = get_aligned(context, n) {
            return Some(value);
        }
    }
    let value = get::get_integer(heap, &state.rest, n, flags)?;
    bits::skip(context, n);
    Some(value)
}

/// `bs_get_integer2` of `n` bits (whole bytes, at most 56), unsigned and
/// big-endian, when they are whole bytes on a byte boundary; `None` when
/// the context has fewer bits left, stands off a byte boundary, or is no
/// context.
#[inline(always)]
pub(crate) fn get_aligned(context: Term, n: usize) -> Option<Term> {
    get::take_aligned(context, n).map(|value| Term::small_unchecked(value as i64))
}

/// Whether the bits left in `context` are a multiple of `unit` (not 0);
/// `None` for no match context.
#[inline(always)]
pub(crate) fn has_unit(context: Term, unit: usize) -> Option<bool> {
    let (position, end) = get::position_and_end(context)?;
    Some((end - position) % unit == 0)
}

/// `bs_get_float2`.
pub(crate) fn get_float(heap: &mut Heap, context: Term, size: Term, unit: u32, flags: u32) -> Option<Term> {
    let state = bits::matching(context)?;
    let n = get::segment_bits(size, unit)?;
    let value = get::get_float(&state.rest, n, flags)?;
    bits::skip(context, n);
    Some(build::float(heap, value))
}

/// The bits a segment of `size` (a count of `unit`s, or `all`) takes of
/// the `left` bits left; `None` when they are not there.
#[inline]
fn bits_taken(left: usize, size: Term, unit: u32) -> Option<usize> {
    if size.as_atom().is_some_and(|atom| atom.name() == "all") {
        // All that is left, which must be a whole number of units.
        return left.checked_rem(unit.max(1) as usize).filter(|&rem| rem == 0).map(|_| left);
    }
    get::segment_bits(size, unit).filter(|&n| n <= left)
}

/// `bs_get_binary2`: the bits as a bitstring sharing the matched bytes.
pub(crate) fn get_binary(heap: &mut Heap, context: Term, size: Term, unit: u32) -> Option<Term> {
    let state = bits::matching(context)?;
    let n = bits_taken(state.rest.bit_size(), size, unit)?;
    let value = bits::sub_bitstring(heap, context, state.position, n);
    bits::skip(context, n);
    Some(value)
}

/// `bs_skip_bits2`.
pub(crate) fn skip_bits(context: Term, size: Term, unit: u32) -> bool {
    let Some(state) = bits::matching(context) else { return false };
    match bits_taken(state.rest.bit_size(), size, unit) {
        Some(n) => {
            bits::skip(context, n);
            true
        }
        None => false,
    }
}

/// `bs_test_tail2`.
pub(crate) fn test_tail(context: Term, n: u32) -> bool {
    get::position_and_end(context).is_some_and(|(position, end)| end - position == n as usize)
}

/// `bs_test_unit`.
pub(crate) fn test_unit(context: Term, unit: u32) -> bool {
    bits::matching(context)
        .and_then(|state| state.rest.bit_size().checked_rem(unit as usize))
        .is_some_and(|rem| rem == 0)
}

/// `bs_match_string`: whether the next `n` bits are the first `n` bits of
/// `string`, skipping them if so; `Err` when `string` has fewer bits.
pub(crate) fn match_string(context: Term, n: u32, string: Term) -> Result<bool, ()> {
    let n = n as usize;
    let expected = bits::bitstring(string).and_then(|string| string.slice(0, n)).ok_or(())?;
    let Some(state) = bits::matching(context) else { return Ok(false) };
    match state.rest.slice(0, n) {
        Some(head) if head == expected => {
            bits::skip(context, n);
            Ok(true)
        }
        _ => Ok(false),
    }
}

/// `bs_get_tail`: the bits left as a bitstring; `None` for no match context.
pub(crate) fn get_tail(heap: &mut Heap, context: Term) -> Option<Term> {
    is_context(context).then(|| bits::match_tail(heap, context))
}

/// `bs_get_position`: the position as a small integer.
#[inline(always)]
pub(crate) fn get_position(context: Term) -> Option<Term> {
    get::position_and_end(context).and_then(|(position, _)| Term::small(position as i64))
}

/// `bs_set_position`: `false` when `position` is no position of the match.
pub(crate) fn set_position(context: Term, position: Term) -> bool {
    let (Some((start, end)), Some(position)) = (get::match_bounds(context), position.as_small()) else {
        return false;
    };
    match usize::try_from(position) {
        Ok(position) if (start..=end).contains(&position) => {
            bits::set_position(context, position);
            true
        }
        _ => false,
    }
}

/// Which encoding a `bs_get_utf*` or `bs_skip_utf*` reads.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Utf {
    Utf8,
    Utf16,
    Utf32,
}

/// `bs_get_utf8`/`16`/`32` and the skips: the code point, the context
/// moved past it.
#[inline]
pub(crate) fn get_utf(context: Term, utf: Utf, flags: u32) -> Option<Term> {
    let state = bits::matching(context)?;
    let (code, n) = read_utf(&state.rest, utf, flags)?;
    bits::skip(context, n);
    Some(Term::small_unchecked(i64::from(code)))
}

fn read_utf(rest: &BitSlice<'_>, utf: Utf, flags: u32) -> Option<(u32, usize)> {
    match utf {
        Utf::Utf8 => get::get_utf8(rest),
        Utf::Utf16 => get::get_utf16(rest, flags),
        Utf::Utf32 => get::get_utf32(rest, flags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operands_that_are_no_match_context_fail_or_are_refused() {
        let mut heap = Heap::new(64);
        let binary = bits::binary(&mut heap, b"abc");
        for not_a_context in [binary, Term::small_unchecked(3), Term::NIL] {
            let eight = Term::small_unchecked(8);
            assert_eq!(get_integer(&mut heap, not_a_context, eight, 1, 0), None);
            assert_eq!(get_float(&mut heap, not_a_context, eight, 4, 0), None);
            assert_eq!(get_binary(&mut heap, not_a_context, eight, 1), None);
            assert!(!skip_bits(not_a_context, eight, 1));
            assert!(!test_tail(not_a_context, 0));
            assert!(!test_unit(not_a_context, 1));
            assert_eq!(match_string(not_a_context, 8, binary), Ok(false));
            assert_eq!(get_tail(&mut heap, not_a_context), None);
            assert_eq!(get_position(not_a_context), None);
            assert!(!set_position(not_a_context, Term::small_unchecked(0)));
            assert_eq!(get_utf(not_a_context, Utf::Utf8, 0), None);
            assert_eq!(get_aligned(not_a_context, 8), None);
            assert_eq!(has_unit(not_a_context, 8), None);
        }
        assert_eq!(start_match(&mut heap, Term::NIL), None);
        assert_eq!(integer_words(binary, Term::small_unchecked(1 << 40), 1), 0);
        let context = start_match(&mut heap, binary).unwrap();
        // A string shorter than the bits to match, or no bitstring at all.
        assert_eq!(match_string(context, 32, binary), Err(()));
        assert_eq!(match_string(context, 8, Term::NIL), Err(()));
        // Positions outside the match, or no position at all.
        for position in [Term::small_unchecked(-1), Term::small_unchecked(25), Term::NIL] {
            assert!(!set_position(context, position));
        }
        assert!(set_position(context, Term::small_unchecked(24)));
        assert!(test_tail(context, 0));
        // Unit 0 never divides.
        assert!(!test_unit(context, 0));
        // A size beyond what is left asks no heap: the match fails.
        assert!(set_position(context, Term::small_unchecked(0)));
        assert_eq!(integer_words(context, Term::small_unchecked(1 << 40), 1), 0);
        assert_eq!(integer_words(context, Term::small_unchecked(24), 1), 0);
        assert_eq!(integer_words(context, Term::small_unchecked(3), 8), 0);
        let long = bits::binary(&mut heap, &[7; 20]);
        let long = start_match(&mut heap, long).unwrap();
        assert_eq!(integer_words(long, Term::small_unchecked(160), 1), 5);
    }

    /// Sums the bytes of a binary as `f(<<B, Rest/binary>>, Acc)` does
    /// after erlc: the context is made once, then reused by each step.
    #[test]
    fn a_matching_loop_allocates_nothing_per_step() {
        let mut heap = Heap::new(64);
        let bytes: Vec<u8> = (0..100_000u32).map(|i| i as u8).collect();
        let binary = bits::binary(&mut heap, &bytes);
        let mut term = binary;
        let mut sum: i64 = 0;
        let mut first_step_words = None;
        let before = heap.heap_words();
        loop {
            let context = start_match(&mut heap, term).unwrap();
            let position = get_position(context).unwrap();
            match get_integer(&mut heap, context, Term::small_unchecked(8), 1, 0) {
                Some(byte) if test_unit(context, 8) => {
                    sum += byte.as_small().unwrap();
                    term = context;
                }
                _ => {
                    assert!(set_position(context, position));
                    assert!(test_tail(context, 0));
                    break;
                }
            }
            first_step_words.get_or_insert(heap.heap_words() - before);
        }
        let expected: i64 = bytes.iter().map(|&b| i64::from(b)).sum();
        assert_eq!(sum, expected);
        // The context's five words, once.
        assert_eq!(first_step_words, Some(CONTEXT_WORDS));
        assert_eq!(heap.heap_words() - before, CONTEXT_WORDS);
    }
}
