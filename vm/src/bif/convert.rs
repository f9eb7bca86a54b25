//! Conversion BIFs between atoms, integers, floats, lists, binaries and
//! bitstrings: `atom_to_list/1`, `list_to_atom/1`, `integer_to_list/1,2`,
//! `list_to_integer/1,2`, `float_to_list/1,2`, `list_to_float/1`,
//! `integer_to_binary/1,2`, `binary_to_integer/1,2`, `float_to_binary/1,2`,
//! `binary_to_float/1`, `binary_to_list/1,3`, `bitstring_to_list/1`,
//! `list_to_binary/1`, `iolist_to_binary/1`, `list_to_bitstring/1`,
//! `iolist_size/1`, `atom_to_binary/1,2`, `binary_to_atom/1,2` and
//! `binary_to_existing_atom/1,2`.
//!
//! A malformed argument raises `badarg`; an atom that cannot be created (the
//! table is full, or the name is longer than 255 characters) raises
//! `system_limit`, as in Erlang/OTP.

use super::arith::MAX_INTEGER_BITS;
use super::data::charge;
use super::intern_term as intern;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bigint::{bigint_of, integer_from_bigint};
use crate::term::bits::{self, bitstring, BitSlice};
use crate::term::build::{self, binary_bytes, char_list_to_string, ListIter};
use crate::term::{Atom, AtomTable, Term};
use num_bigint::BigInt;

/// Characters a BIF reads or writes for one reduction.
const CHARS_PER_REDUCTION: usize = 64;

fn charge_chars(ctx: &mut BifCtx<'_>, n_chars: usize) {
    charge(ctx, n_chars * super::data::ELEMENTS_PER_REDUCTION / CHARS_PER_REDUCTION);
}

/// `erlang:atom_to_list/1`: the code points of the atom's name.
pub fn atom_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let atom = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(build::string(&mut ctx.process.heap, atom.name()))
}

/// `erlang:list_to_atom/1`: the list must be a proper list of code points.
pub fn list_to_atom(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, name.len());
    intern(&name)
}

/// `erlang:integer_to_list/1`: decimal digits.
pub fn integer_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = integer_text(args[0], 10)?;
    charge_chars(ctx, text.len());
    Ok(build::string(&mut ctx.process.heap, &text))
}

/// `erlang:integer_to_list/2`: digits in a base from 2 to 36, upper case.
pub fn integer_to_list_base(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let base = base_of(args[1])?;
    let text = integer_text(args[0], base)?;
    charge_chars(ctx, text.len());
    Ok(build::string(&mut ctx.process.heap, &text))
}

/// `erlang:integer_to_binary/2`: digits in a base from 2 to 36, upper case.
pub fn integer_to_binary_base(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let base = base_of(args[1])?;
    let text = integer_text(args[0], base)?;
    charge_chars(ctx, text.len());
    Ok(build::binary(&mut ctx.process.heap, text.as_bytes()))
}

/// `erlang:integer_to_binary/1`: decimal digits as a binary.
pub fn integer_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = integer_text(args[0], 10)?;
    charge_chars(ctx, text.len());
    Ok(build::binary(&mut ctx.process.heap, text.as_bytes()))
}

/// The digits of an integer term in `base`, upper case, with a leading `-`
/// when negative; `badarg` for anything but an integer.
fn integer_text(term: Term, base: u32) -> Result<String, Exception> {
    if let Some(value) = term.as_small() {
        if base == 10 {
            return Ok(value.to_string());
        }
    }
    let value = bigint_of(term).ok_or_else(Exception::badarg)?;
    Ok(value.to_str_radix(base).to_ascii_uppercase())
}

/// `erlang:list_to_integer/1`: an optional sign, then decimal digits and
/// nothing else.
pub fn list_to_integer(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    integer_of_text(ctx, &text, 10)
}

/// `erlang:list_to_integer/2`: an optional sign, then digits of a base
/// from 2 to 36 (letters in either case) and nothing else.
pub fn list_to_integer_base(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let base = base_of(args[1])?;
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    integer_of_text(ctx, &text, base)
}

/// `erlang:binary_to_integer/1`: as `list_to_integer/1`, of a binary.
pub fn binary_to_integer(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = binary_text(args[0])?;
    integer_of_text(ctx, &text, 10)
}

/// `erlang:binary_to_integer/2`: as `list_to_integer/2`, of a binary.
pub fn binary_to_integer_base(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let base = base_of(args[1])?;
    let text = binary_text(args[0])?;
    integer_of_text(ctx, &text, base)
}

/// The text of a binary that is valid UTF-8, or `badarg`.
fn binary_text(term: Term) -> Result<String, Exception> {
    let bytes = binary_bytes(term).ok_or_else(Exception::badarg)?;
    String::from_utf8(bytes.into_owned()).map_err(|_| Exception::badarg())
}

/// A base from 2 to 36, or `badarg`.
fn base_of(term: Term) -> Result<u32, Exception> {
    match term.as_small() {
        Some(base @ 2..=36) => Ok(base as u32),
        _ => Err(Exception::badarg()),
    }
}

/// The integer `text` writes in `base`: an optional sign, then digits and
/// nothing else; `system_limit` when too wide.
fn integer_of_text(ctx: &mut BifCtx<'_>, text: &str, base: u32) -> BifResult {
    charge_chars(ctx, text.len());
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return Err(Exception::badarg());
    }
    if base == 10 {
        if let Ok(value) = text.parse::<i64>() {
            return Ok(build::integer(&mut ctx.process.heap, value));
        }
    }
    // A digit carries at least one bit; refuse early what is far too wide.
    if digits.len() as u64 > MAX_INTEGER_BITS + 1 {
        return Err(Exception::system_limit());
    }
    let magnitude = BigInt::parse_bytes(digits.as_bytes(), base).ok_or_else(Exception::badarg)?;
    let value = if text.starts_with('-') { -magnitude } else { magnitude };
    if value.bits() > MAX_INTEGER_BITS {
        return Err(Exception::system_limit());
    }
    Ok(integer_from_bigint(&mut ctx.process.heap, &value))
}

/// `string:list_to_integer/1` (behind `string:to_integer/1`): the integer
/// at the start of a character list, an optional sign then decimal
/// digits, and the rest of the list: `{Integer, Rest}`; `{error,
/// no_integer}` when the list does not start with one, `{error,
/// not_a_list}` for what is no list.
pub fn string_list_to_integer(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let error = |ctx: &mut BifCtx<'_>, reason: &str| -> BifResult {
        let reason = Term::atom(Atom::intern(reason).map_err(|_| Exception::system_limit())?);
        Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::ERROR), reason]))
    };
    if !args[0].is_nil() && args[0].as_cons().is_none() {
        return error(ctx, "not_a_list");
    }
    let mut text = String::new();
    let mut rest = args[0];
    if let Some((head, tail)) = rest.as_cons() {
        if head.as_small() == Some(i64::from(b'+')) || head.as_small() == Some(i64::from(b'-')) {
            text.push(if head.as_small() == Some(i64::from(b'-')) { '-' } else { '+' });
            rest = tail;
        }
    }
    let sign_length = text.len();
    while let Some((head, tail)) = rest.as_cons() {
        match head.as_small().and_then(|code| u8::try_from(code).ok()).filter(u8::is_ascii_digit) {
            Some(digit) => text.push(char::from(digit)),
            None => break,
        }
        rest = tail;
    }
    if text.len() == sign_length {
        return error(ctx, "no_integer");
    }
    let value = integer_of_text(ctx, &text, 10)?;
    Ok(build::tuple(&mut ctx.process.heap, &[value, rest]))
}

/// A float in Erlang's `float_to_list/1` form: 21 significant digits in
/// scientific notation with a signed, two-digit (or wider) exponent, such
/// as `1.50000000000000000000e+00`.
fn float_scientific_text(value: f64) -> String {
    let text = format!("{value:.20e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}

/// `erlang:float_to_list/1`.
pub fn float_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let value = args[0].as_float().ok_or_else(Exception::badarg)?;
    Ok(build::string(&mut ctx.process.heap, &float_scientific_text(value)))
}

/// Whether `text` is a float as Erlang writes one: an optional sign, digits,
/// a point, digits, and an optional exponent (`e` or `E`, optional sign, digits).
fn is_float_syntax(text: &str) -> bool {
    fn digits(bytes: &[u8]) -> usize {
        bytes.iter().take_while(|byte| byte.is_ascii_digit()).count()
    }
    let bytes = text.as_bytes();
    let mut at = usize::from(matches!(bytes.first(), Some(b'+' | b'-')));
    let integer_digits = digits(&bytes[at..]);
    at += integer_digits;
    if integer_digits == 0 || bytes.get(at) != Some(&b'.') {
        return false;
    }
    at += 1;
    let fraction_digits = digits(&bytes[at..]);
    at += fraction_digits;
    if fraction_digits == 0 {
        return false;
    }
    if at == bytes.len() {
        return true;
    }
    if !matches!(bytes[at], b'e' | b'E') {
        return false;
    }
    at += 1;
    at += usize::from(matches!(bytes.get(at), Some(b'+' | b'-')));
    let exponent_digits = digits(&bytes[at..]);
    exponent_digits > 0 && at + exponent_digits == bytes.len()
}

/// `erlang:list_to_float/1`: a value too large for a float raises `badarg`;
/// one too small becomes `0.0`.
pub fn list_to_float(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    float_of_text(ctx, &text)
}

fn float_of_text(ctx: &mut BifCtx<'_>, text: &str) -> BifResult {
    charge_chars(ctx, text.len());
    if !is_float_syntax(text) {
        return Err(Exception::badarg());
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(build::float(&mut ctx.process.heap, value)),
        _ => Err(Exception::badarg()),
    }
}

/// The bytes of `bytes` as a list of integers, before `tail`.
fn byte_list(ctx: &mut BifCtx<'_>, bytes: &[u8], tail: Term) -> Term {
    charge_chars(ctx, bytes.len());
    let elements: Vec<Term> = bytes.iter().map(|&byte| Term::small_unchecked(i64::from(byte))).collect();
    build::list_from_slice_with_tail(&mut ctx.process.heap, &elements, tail)
}

/// `erlang:binary_to_list/1`: the bytes as integers.
pub fn binary_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    Ok(byte_list(ctx, &bytes, Term::NIL))
}

/// `erlang:binary_to_list/3`: bytes `Start` to `Stop` (1-based, both
/// included, `Start =< Stop`).
pub fn binary_to_list3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    match (args[1].as_small(), args[2].as_small()) {
        (Some(start), Some(stop)) if 1 <= start && start <= stop && stop as u64 <= bytes.len() as u64 => {
            Ok(byte_list(ctx, &bytes[start as usize - 1..stop as usize], Term::NIL))
        }
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:bitstring_to_list/1`: the whole bytes as integers, then the
/// bits left over, if any, as a bitstring.
pub fn bitstring_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = bitstring(args[0]).ok_or_else(Exception::badarg)?;
    let whole = bits.bit_size() / 8;
    let tail = if bits.is_binary() {
        Term::NIL
    } else {
        let rest = bits.slice(8 * whole, bits.bit_size() % 8).ok_or_else(Exception::badarg)?;
        let rest = bits::bitstring_of(&mut ctx.process.heap, &rest);
        build::cons(&mut ctx.process.heap, rest, Term::NIL)
    };
    let bytes: Vec<u8> = (0..whole).map(|index| bits.byte(index)).collect();
    Ok(byte_list(ctx, &bytes, tail))
}

/// Bits gathered from an iolist: whole bytes, and at most one partial
/// byte at the end (its unused low bits zero).
#[derive(Default)]
pub(super) struct BitBuffer {
    bytes: Vec<u8>,
    bits: usize,
}

impl BitBuffer {
    fn push_byte(&mut self, byte: u8) {
        if self.bits.is_multiple_of(8) {
            self.bytes.push(byte);
        } else {
            self.bytes.push(0);
            bits::write_bits(&mut self.bytes, self.bits, 8, u64::from(byte));
        }
        self.bits += 8;
    }

    fn push_bits(&mut self, slice: &BitSlice<'_>) {
        if self.bits.is_multiple_of(8) {
            if let Some(bytes) = slice.as_bytes() {
                self.bytes.extend_from_slice(bytes);
                self.bits += 8 * bytes.len();
                return;
            }
        }
        let end = self.bits + slice.bit_size();
        self.bytes.resize(end.div_ceil(8), 0);
        bits::copy_bits(slice, &mut self.bytes, self.bits);
        self.bits = end;
    }
}

/// Gathers the bits of an iolist (a possibly deep list of bytes and
/// binaries, whose tails are lists or binaries) or of a binary; with
/// `any_bits`, bitstrings of any size may stand where binaries do.
/// `None` when the term is not one.
pub(super) fn gather_iolist(term: Term, any_bits: bool) -> Option<BitBuffer> {
    let mut buffer = BitBuffer::default();
    let fits = |bits: &BitSlice<'_>| any_bits || bits.is_binary();
    // Lists and binaries still to read, the next on top.
    let mut pending = vec![term];
    while let Some(mut item) = pending.pop() {
        loop {
            if item.is_nil() {
                break;
            }
            if let Some(bits) = bitstring(item) {
                if !fits(&bits) {
                    return None;
                }
                buffer.push_bits(&bits);
                break;
            }
            let (head, tail) = item.as_cons()?;
            if let Some(byte) = head.as_small() {
                buffer.push_byte(u8::try_from(byte).ok()?);
            } else if let Some(bits) = bitstring(head) {
                if !fits(&bits) {
                    return None;
                }
                buffer.push_bits(&bits);
            } else if head.is_list() {
                pending.push(tail);
                item = head;
                continue;
            } else {
                return None;
            }
            item = tail;
        }
    }
    Some(buffer)
}

/// The bits of an iolist as one bitstring term.
fn iolist_term(ctx: &mut BifCtx<'_>, term: Term, any_bits: bool) -> BifResult {
    let buffer = gather_iolist(term, any_bits).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, buffer.bytes.len());
    let slice = BitSlice::new(&buffer.bytes, 0, buffer.bits).ok_or_else(Exception::badarg)?;
    Ok(bits::bitstring_of(&mut ctx.process.heap, &slice))
}

/// `erlang:list_to_binary/1`: the bytes of an iolist (which must be a list).
pub fn list_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    iolist_term(ctx, args[0], false)
}

/// `erlang:iolist_to_binary/1`: the bytes of an iolist; a binary is itself.
pub fn iolist_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if let Some(bits) = bitstring(args[0]) {
        return if bits.is_binary() { Ok(args[0]) } else { Err(Exception::badarg()) };
    }
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    iolist_term(ctx, args[0], false)
}

/// `erlang:list_to_bitstring/1`: as `list_to_binary/1`, with bitstrings
/// of any size where binaries may be.
pub fn list_to_bitstring(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    iolist_term(ctx, args[0], true)
}

/// `erlang:iolist_size/1`: the number of bytes of an iolist or binary.
pub fn iolist_size(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut size: usize = 0;
    let mut walked: usize = 0;
    let mut pending = vec![args[0]];
    while let Some(mut item) = pending.pop() {
        loop {
            walked += 1;
            if item.is_nil() {
                break;
            }
            if let Some(bits) = bitstring(item) {
                if !bits.is_binary() {
                    return Err(Exception::badarg());
                }
                size += bits.byte_size();
                break;
            }
            let (head, tail) = item.as_cons().ok_or_else(Exception::badarg)?;
            if let Some(byte) = head.as_small() {
                u8::try_from(byte).map_err(|_| Exception::badarg())?;
                size += 1;
            } else if let Some(bits) = bitstring(head) {
                if !bits.is_binary() {
                    return Err(Exception::badarg());
                }
                size += bits.byte_size();
            } else if head.is_list() {
                pending.push(tail);
                item = head;
                continue;
            } else {
                return Err(Exception::badarg());
            }
            item = tail;
        }
    }
    charge(ctx, walked);
    Ok(build::integer(&mut ctx.process.heap, size as i64))
}

/// `erlang:atom_to_binary/1`: the name in UTF-8.
pub fn atom_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let atom = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(build::binary(&mut ctx.process.heap, atom.name().as_bytes()))
}

/// Whether an encoding argument is `latin1` (`true`) or `unicode`/`utf8`
/// (`false`); `badarg` for anything else.
fn is_latin1(encoding: Term) -> Result<bool, Exception> {
    match encoding.as_atom().map(Atom::name) {
        Some("latin1") => Ok(true),
        Some("unicode" | "utf8") => Ok(false),
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:atom_to_binary/2`: the name in Latin-1 (every character below
/// 256) or UTF-8.
pub fn atom_to_binary2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let atom = args[0].as_atom().ok_or_else(Exception::badarg)?;
    if !is_latin1(args[1])? {
        return Ok(build::binary(&mut ctx.process.heap, atom.name().as_bytes()));
    }
    let bytes = atom.name().chars().map(|c| u8::try_from(u32::from(c)).ok()).collect::<Option<Vec<u8>>>();
    let bytes = bytes.ok_or_else(Exception::badarg)?;
    Ok(build::binary(&mut ctx.process.heap, &bytes))
}

/// The name a binary holds in an encoding: Latin-1 bytes, or UTF-8.
fn atom_name(binary: Term, latin1: bool) -> Result<String, Exception> {
    let bytes = binary_bytes(binary).ok_or_else(Exception::badarg)?;
    if latin1 {
        Ok(bytes.iter().map(|&byte| char::from(byte)).collect())
    } else {
        String::from_utf8(bytes.into_owned()).map_err(|_| Exception::badarg())
    }
}

/// `erlang:binary_to_atom/1`: the binary must be valid UTF-8.
pub fn binary_to_atom(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = atom_name(args[0], false)?;
    charge_chars(ctx, name.len());
    intern(&name)
}

/// `erlang:binary_to_atom/2`: the name in Latin-1 or UTF-8.
pub fn binary_to_atom2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let latin1 = is_latin1(args[1])?;
    let name = atom_name(args[0], latin1)?;
    charge_chars(ctx, name.len());
    intern(&name)
}

/// The atom named `name` if it exists; `badarg` otherwise.
fn existing(name: &str) -> BifResult {
    AtomTable::global().lookup(name).map(Term::atom).ok_or_else(Exception::badarg)
}

/// `erlang:binary_to_existing_atom/1`.
pub fn binary_to_existing_atom(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = atom_name(args[0], false)?;
    charge_chars(ctx, name.len());
    existing(&name)
}

/// `erlang:binary_to_existing_atom/2`.
pub fn binary_to_existing_atom2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let latin1 = is_latin1(args[1])?;
    let name = atom_name(args[0], latin1)?;
    charge_chars(ctx, name.len());
    existing(&name)
}

/// `erlang:float_to_binary/1`: as `float_to_list/1`, as a binary.
pub fn float_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let value = args[0].as_float().ok_or_else(Exception::badarg)?;
    Ok(build::binary(&mut ctx.process.heap, float_scientific_text(value).as_bytes()))
}

/// `erlang:float_to_binary/2`: the options of `float_to_list/2`.
pub fn float_to_binary2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let value = args[0].as_float().ok_or_else(Exception::badarg)?;
    let text = float_text_with(value, args[1])?;
    Ok(build::binary(&mut ctx.process.heap, text.as_bytes()))
}

/// `erlang:float_to_list/2`: `{decimals, 0..253}` (with `compact`, the
/// trailing zeros go), `{scientific, 0..249}`, `short`; the last wins.
pub fn float_to_list2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let value = args[0].as_float().ok_or_else(Exception::badarg)?;
    let text = float_text_with(value, args[1])?;
    Ok(build::string(&mut ctx.process.heap, &text))
}

/// How `float_to_list/2` writes a float.
enum FloatStyle {
    Scientific(usize),
    Decimals(usize),
    Short,
}

/// The longest text `float_to_list/2` writes; longer is `badarg`.
const MAX_FLOAT_TEXT: usize = 255;

fn float_text_with(value: f64, options: Term) -> Result<String, Exception> {
    let mut style = FloatStyle::Scientific(20);
    let mut compact = false;
    let mut iter = ListIter::new(options);
    for option in iter.by_ref() {
        if let Some(&[tag, n]) = option.as_tuple() {
            match (tag.as_atom().map(Atom::name), n.as_small()) {
                (Some("decimals"), Some(n @ 0..=253)) => style = FloatStyle::Decimals(n as usize),
                (Some("scientific"), Some(n @ 0..=249)) => style = FloatStyle::Scientific(n as usize),
                _ => return Err(Exception::badarg()),
            }
        } else {
            match option.as_atom().map(Atom::name) {
                Some("compact") => compact = true,
                Some("short") => style = FloatStyle::Short,
                _ => return Err(Exception::badarg()),
            }
        }
    }
    if !iter.rest().is_nil() {
        return Err(Exception::badarg());
    }
    let text = match style {
        FloatStyle::Scientific(digits) => scientific_text(value, digits),
        FloatStyle::Decimals(decimals) => decimals_text(value, decimals, compact),
        FloatStyle::Short => short_text(value),
    };
    if text.len() > MAX_FLOAT_TEXT {
        return Err(Exception::badarg());
    }
    Ok(text)
}

/// C's `%.*e`: `digits` after the point, a signed exponent of two digits or more.
fn scientific_text(value: f64, digits: usize) -> String {
    let text = format!("{value:.digits$e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}

/// `decimals` digits after the point, as Erlang/OTP writes them: up to
/// 2^53 in magnitude and below 19 decimals, the integer part and the
/// fraction scaled by a power of ten in floating point, each rounded half
/// away from zero; beyond, the exact value rounded as C's `%.*f` does
/// (half to even). With `compact`, trailing zeros go, down to one after the
/// point (beyond, even the integer's zeros when there is no point, as in
/// Erlang/OTP).
fn decimals_text(value: f64, decimals: usize, compact: bool) -> String {
    const POWERS: [f64; 19] =
        [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18];
    let magnitude = value.abs();
    let sign = if value.is_sign_negative() { "-" } else { "" };
    if magnitude > 9007199254740992.0 || decimals >= POWERS.len() {
        let mut text = exact_decimals(value, decimals);
        if compact {
            let kept = text.trim_end_matches('0').len();
            let kept = if text[..kept].ends_with('.') { kept + 1 } else { kept };
            text.truncate(kept);
        }
        return text;
    }
    if decimals == 0 {
        return format!("{sign}{}", magnitude.round() as u64);
    }
    let integer = magnitude.floor();
    let scale = POWERS[decimals];
    let fraction = ((magnitude - integer) * scale).round();
    let (integer, fraction) =
        if fraction >= scale { (integer as u64 + 1, 0) } else { (integer as u64, fraction as u64) };
    let mut digits = format!("{fraction:0decimals$}");
    if compact {
        let kept = digits.trim_end_matches('0').len().max(1);
        digits.truncate(kept);
    }
    format!("{sign}{integer}.{digits}")
}

/// C's `%.*f`: the exact value rounded to `decimals` places, half to even.
fn exact_decimals(value: f64, decimals: usize) -> String {
    // Every finite double's exact decimal expansion ends within 1075 places.
    let exact = format!("{:.1100}", value.abs());
    let (integer, fraction) = exact.split_once('.').unwrap_or((&exact, ""));
    let mut digits: Vec<u8> = integer.bytes().chain(fraction.bytes().take(decimals)).map(|b| b - b'0').collect();
    let rest = &fraction.as_bytes()[decimals.min(fraction.len())..];
    let round_up = match rest.first() {
        Some(&first) if first > b'5' => true,
        Some(&b'5') => rest[1..].iter().any(|&d| d != b'0') || digits.last().is_some_and(|d| d % 2 == 1),
        _ => false,
    };
    if round_up {
        let mut at = digits.len();
        loop {
            if at == 0 {
                digits.insert(0, 1);
                break;
            }
            at -= 1;
            if digits[at] == 9 {
                digits[at] = 0;
            } else {
                digits[at] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let mut text = String::new();
    if value.is_sign_negative() {
        text.push('-');
    }
    text.extend(digits[..split].iter().map(|&d| char::from(b'0' + d)));
    if decimals > 0 {
        text.push('.');
        text.extend(digits[split..].iter().map(|&d| char::from(b'0' + d)));
    }
    text
}

/// The shortest digits that read back as the same float, in plain or
/// scientific notation, whichever is shorter (plain on a tie); always
/// scientific beyond 2^53 in magnitude.
fn short_text(value: f64) -> String {
    let shortest = format!("{:e}", value.abs());
    let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let n = digits.len() as i64;
    let sign = if value.is_sign_negative() { "-" } else { "" };
    let scientific = if n == 1 {
        format!("{sign}{digits}.0e{exponent}")
    } else {
        format!("{sign}{}.{}e{exponent}", &digits[..1], &digits[1..])
    };
    if value.abs() >= 9007199254740992.0 {
        return scientific;
    }
    let plain = if exponent >= n - 1 {
        format!("{sign}{digits}{}.0", "0".repeat((exponent - (n - 1)) as usize))
    } else if exponent >= 0 {
        let point = (exponent + 1) as usize;
        format!("{sign}{}.{}", &digits[..point], &digits[point..])
    } else {
        format!("{sign}0.{}{digits}", "0".repeat((-exponent - 1) as usize))
    };
    if plain.len() <= scientific.len() {
        plain
    } else {
        scientific
    }
}

/// `erlang:binary_to_float/1`: as `list_to_float/1`, of a binary.
pub fn binary_to_float(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = binary_text(args[0])?;
    float_of_text(ctx, &text)
}

/// A term as `~w` writes it, as a string on the caller's heap.
fn printed_string(ctx: &mut BifCtx<'_>, term: Term) -> BifResult {
    let mut text = String::new();
    crate::term::print::write_term(&mut text, term, crate::term::print::Style::Print);
    charge(ctx, text.len());
    Ok(build::string(&mut ctx.process.heap, &text))
}

/// `erlang:pid_to_list/1`: `"<0.Id.Serial>"`.
pub fn pid_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_pid() {
        return Err(Exception::badarg());
    }
    printed_string(ctx, args[0])
}

/// `erlang:ref_to_list/1`: `"#Ref<0.A.B.C>"`.
pub fn ref_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_reference() {
        return Err(Exception::badarg());
    }
    printed_string(ctx, args[0])
}

/// `erlang:fun_to_list/1`: the fun as `~w` writes it.
pub fn fun_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if args[0].kind() != crate::term::Kind::Fun {
        return Err(Exception::badarg());
    }
    printed_string(ctx, args[0])
}

/// The numbers of `text` written as `PREFIX<N.N...>`: decimal numbers
/// separated by dots, with nothing else (no spaces, no signs).
fn dotted_numbers(text: &str, prefix: &str) -> Option<Vec<u64>> {
    let inner = text.strip_prefix(prefix)?.strip_prefix('<')?.strip_suffix('>')?;
    inner
        .split('.')
        .map(|number| {
            if number.is_empty() || !number.bytes().all(|byte| byte.is_ascii_digit()) {
                return None;
            }
            number.parse().ok()
        })
        .collect()
}

/// `erlang:list_to_pid/1`: the local pid a string `"<0.Id.Serial>"` writes.
/// A pid of another node (`"<N.Id.Serial>"` with N not 0) would need its
/// node's name, which the string does not carry: `badarg`, as OTP gives
/// for a node it does not know.
pub fn list_to_pid(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    match dotted_numbers(&text, "").as_deref() {
        Some(&[0, id, serial]) if id < 1 << crate::term::PID_ID_BITS && serial <= u64::from(u32::MAX) => {
            Ok(Term::pid_of(id as u32, serial as u32))
        }
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:list_to_ref/1`: the local reference a string `"#Ref<0.A.B.C>"`
/// writes.
pub fn list_to_ref(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    let numbers = dotted_numbers(&text, "#Ref").ok_or_else(Exception::badarg)?;
    let (&node, numbers) = numbers.split_first().ok_or_else(Exception::badarg)?;
    if node != 0 || numbers.is_empty() || numbers.len() > build::MAX_REF_NUMBERS {
        return Err(Exception::badarg());
    }
    // Written most significant first; kept least significant first.
    let numbers: Vec<u32> = numbers
        .iter()
        .rev()
        .map(|&number| u32::try_from(number).ok())
        .collect::<Option<_>>()
        .ok_or_else(Exception::badarg)?;
    let number = build::local_ref_from_numbers(&numbers).ok_or_else(Exception::badarg)?;
    Ok(build::reference(&mut ctx.process.heap, number))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;
    use crate::bif::BifFn;

    #[test]
    fn atoms() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(atom_to_list, "'héllo'"), "[104,233,108,108,111]");
        assert_eq!(bench.eval(list_to_atom, "\"abc\""), "abc");
        assert_eq!(bench.eval(list_to_atom, "[]"), "''");
        assert_eq!(bench.eval(list_to_atom, "[1000]"), "'\\x{3E8}'");
        assert_eq!(bench.eval(atom_to_binary, "'héllo'"), "<<104,195,169,108,108,111>>");
        assert_eq!(bench.eval(binary_to_atom, "<<104,195,169,108,108,111>>"), "héllo");
        assert_eq!(bench.eval(binary_to_atom, "<<>>"), "''");
        let long = bench.term(&format!("\"{}\"", "a".repeat(255)));
        assert!(bench.call(list_to_atom, &[long]).is_ok());
        let too_long = bench.term(&format!("\"{}\"", "a".repeat(256)));
        let error = bench.call(list_to_atom, &[too_long]).unwrap_err();
        assert_eq!(bench.show(error.reason), "system_limit");
        let too_long = bench.term(&format!("<<\"{}\">>", "a".repeat(256)));
        let error = bench.call(binary_to_atom, &[too_long]).unwrap_err();
        assert_eq!(bench.show(error.reason), "system_limit");
        for (f, args) in [
            (atom_to_list as BifFn, "1"),
            (list_to_atom, "[-1]"),
            (list_to_atom, "[1114112]"),
            (list_to_atom, "[55296]"),
            (list_to_atom, "[97 | b]"),
            (list_to_atom, "<<\"a\">>"),
            (atom_to_binary, "1"),
            (binary_to_atom, "<<255>>"),
            (binary_to_atom, "a"),
        ] {
            assert_eq!(bench.reason(f, args), "badarg", "{args}");
        }
    }

    #[test]
    fn integers() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(integer_to_list, "-123"), "[45,49,50,51]");
        assert_eq!(bench.eval(integer_to_list_base, "255, 16"), "[70,70]");
        assert_eq!(bench.eval(integer_to_list_base, "-255, 36"), "[45,55,51]");
        assert_eq!(bench.eval(integer_to_binary, "-42"), "<<45,52,50>>");
        assert_eq!(
            bench.eval(integer_to_binary, "18446744073709551616"),
            "<<49,56,52,52,54,55,52,52,48,55,51,55,48,57,53,53,49,54,49,54>>"
        );
        assert_eq!(bench.eval(list_to_integer, "\"-12\""), "-12");
        assert_eq!(bench.eval(list_to_integer, "\"+12\""), "12");
        assert_eq!(bench.eval(list_to_integer, "\"0012\""), "12");
        assert_eq!(bench.eval(list_to_integer, "\"123456789012345678901234567890\""), "123456789012345678901234567890");
        assert_eq!(bench.eval(list_to_integer, "\"-576460752303423489\""), "-576460752303423489");
        for (f, args) in [
            (integer_to_list as BifFn, "1.0"),
            (integer_to_list_base, "255, 37"),
            (integer_to_list_base, "255, 1"),
            (integer_to_list_base, "10, 2.0"),
            (integer_to_binary, "a"),
            (list_to_integer, "\"12x\""),
            (list_to_integer, "\"\""),
            (list_to_integer, "\"-\""),
            (list_to_integer, "\" 12\""),
            (list_to_integer, "\"1_000\""),
            (list_to_integer, "[49 | x]"),
            (list_to_integer, "abc"),
            (list_to_integer, "[1635]"),
        ] {
            assert_eq!(bench.reason(f, args), "badarg", "{args}");
        }
    }

    #[test]
    fn floats() {
        let mut bench = Bench::new();
        let cases = [
            (1.5, "1.50000000000000000000e+00"),
            (0.1, "1.00000000000000005551e-01"),
            (-0.0, "-0.00000000000000000000e+00"),
            (1.0e300, "1.00000000000000005250e+300"),
            (1.0e-300, "1.00000000000000002506e-300"),
            (5.0e-324, "4.94065645841246544177e-324"),
        ];
        for (value, text) in cases {
            assert_eq!(float_scientific_text(value), text);
        }
        let one_and_a_half = build::float(&mut bench.process.heap, 1.5);
        let list = bench.call(float_to_list, &[one_and_a_half]).unwrap();
        assert_eq!(char_list_to_string(list).as_deref(), Some("1.50000000000000000000e+00"));
        for (text, value) in [
            ("1.5", "1.5"),
            ("1.5e3", "1.5e3"),
            ("1.5E3", "1.5e3"),
            ("1.5e+3", "1.5e3"),
            ("-1.5e-3", "-0.0015"),
            ("+1.5", "1.5"),
            ("01.50", "1.5"),
            ("1.0e-400", "0.0"),
        ] {
            assert_eq!(bench.eval(list_to_float, &format!("\"{text}\"")), value, "{text}");
        }
        for text in ["1", "1.", ".5", "1e3", "1.5x", "1.0e400", " 1.5", "1.5 ", "inf", "1_0.5", "1.5e", "NaN", "1.5e+"]
        {
            assert_eq!(bench.reason(list_to_float, &format!("\"{text}\"")), "badarg", "{text}");
        }
        assert_eq!(bench.reason(float_to_list, "1"), "badarg");
    }

    #[test]
    fn binaries() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(binary_to_list, "<<1, 2, 3>>"), "[1,2,3]");
        assert_eq!(bench.eval(binary_to_list, "<<>>"), "[]");
        assert_eq!(bench.eval(list_to_binary, "[1, <<2>>, [3, [4]] | <<5>>]"), "<<1,2,3,4,5>>");
        assert_eq!(bench.eval(list_to_binary, "[]"), "<<>>");
        for (f, args) in [
            (binary_to_list as BifFn, "a"),
            (list_to_binary, "[256]"),
            (list_to_binary, "<<1>>"),
            (list_to_binary, "[-1]"),
            (list_to_binary, "[a]"),
            (list_to_binary, "[1 | 2]"),
        ] {
            assert_eq!(bench.reason(f, args), "badarg", "{args}");
        }
    }

    #[test]
    fn bitstrings() {
        let mut bench = Bench::new();
        // <<5:3>>, and a slice of 12 bits starting 4 bits into <<0xAB, 0xCD, 0xEF>>.
        let (three, bytes) = bits::new_bitstring(&mut bench.process.heap, 3);
        bytes[0] = 0b1010_0000;
        let whole = build::binary(&mut bench.process.heap, &[0xAB, 0xCD, 0xEF]);
        let twelve = bits::sub_bitstring(&mut bench.process.heap, whole, 4, 12);
        let list = bench.term("[1, 2]");
        let list = build::list_from_slice_with_tail(&mut bench.process.heap, &[list, three, twelve], three);
        let joined = bench.call(list_to_bitstring, &[list]).unwrap();
        let joined_bits = bitstring(joined).unwrap();
        assert_eq!(joined_bits.bit_size(), 16 + 3 + 12 + 3);
        assert_eq!(joined_bits.read_bits(16, 18), 0b10_1101_1110_0110_1101);
        assert!(bench.call(list_to_binary, &[list]).is_err());
        assert!(bench.call(iolist_size, &[list]).is_err());
        let (byte, rest) = bench_call(&mut bench, bitstring_to_list, twelve).as_cons().unwrap();
        assert_eq!(byte.as_small(), Some(188));
        let rest_bits = bitstring(rest.as_cons().unwrap().0).unwrap();
        assert_eq!((rest_bits.bit_size(), rest_bits.read_bits(0, 4)), (4, 13));
        assert_eq!(bench_call(&mut bench, crate::bif::data::bit_size, twelve).as_small(), Some(12));
        assert_eq!(bench_call(&mut bench, crate::bif::data::byte_size, twelve).as_small(), Some(2));
        assert!(bench.call(binary_to_list, &[twelve]).is_err());
    }

    fn bench_call(bench: &mut Bench, f: BifFn, arg: Term) -> Term {
        bench.call(f, &[arg]).unwrap()
    }
}
