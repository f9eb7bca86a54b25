//! Conversion BIFs between atoms, integers, floats, lists and binaries:
//! `atom_to_list/1`, `list_to_atom/1`, `integer_to_list/1,2`,
//! `list_to_integer/1`, `float_to_list/1`, `list_to_float/1`,
//! `integer_to_binary/1`, `binary_to_list/1`, `list_to_binary/1`,
//! `atom_to_binary/1` and `binary_to_atom/1`.
//!
//! A malformed argument raises `badarg`; an atom that cannot be created (the
//! table is full, or the name is longer than 255 characters) raises
//! `system_limit`, as in Erlang/OTP.

use super::arith::MAX_INTEGER_BITS;
use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bigint::{bigint_of, integer_from_bigint};
use crate::term::build::{self, binary_bytes, char_list_to_string, iolist_to_bytes};
use crate::term::{Atom, Term};
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

/// The atom named `name`, created when new.
fn intern(name: &str) -> BifResult {
    Atom::intern(name).map(Term::atom).map_err(|_| Exception::system_limit())
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
    let base = match args[1].as_small() {
        Some(base @ 2..=36) => base as u32,
        _ => return Err(Exception::badarg()),
    };
    let text = integer_text(args[0], base)?;
    charge_chars(ctx, text.len());
    Ok(build::string(&mut ctx.process.heap, &text))
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
    charge_chars(ctx, text.len());
    let digits = text.strip_prefix(['+', '-']).unwrap_or(&text);
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(Exception::badarg());
    }
    if let Ok(value) = text.parse::<i64>() {
        return Ok(build::integer(&mut ctx.process.heap, value));
    }
    // A decimal digit carries log2(10) bits; refuse early what is far too wide.
    if digits.len() as u64 > MAX_INTEGER_BITS / 3 + 1 {
        return Err(Exception::system_limit());
    }
    let value: BigInt = text.parse().map_err(|_| Exception::badarg())?;
    if value.bits() > MAX_INTEGER_BITS {
        return Err(Exception::system_limit());
    }
    Ok(integer_from_bigint(&mut ctx.process.heap, &value))
}

/// `erlang:list_to_integer/2`: an optional sign, then digits of a base
/// from 2 to 36 (letters in either case) and nothing else.
pub fn list_to_integer_base(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let base = match args[1].as_small() {
        Some(base @ 2..=36) => base as u32,
        _ => return Err(Exception::badarg()),
    };
    let text = char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, text.len());
    let digits = text.strip_prefix(['+', '-']).unwrap_or(&text);
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(base)) {
        return Err(Exception::badarg());
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
    charge_chars(ctx, text.len());
    if !is_float_syntax(&text) {
        return Err(Exception::badarg());
    }
    match text.parse::<f64>() {
        Ok(value) if value.is_finite() => Ok(build::float(&mut ctx.process.heap, value)),
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:binary_to_list/1`: the bytes as integers.
pub fn binary_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, bytes.len());
    let elements: Vec<Term> = bytes.iter().map(|&byte| Term::small_unchecked(i64::from(byte))).collect();
    Ok(build::list_from_slice(&mut ctx.process.heap, &elements))
}

/// `erlang:list_to_binary/1`: the bytes of an iolist (which must be a list).
pub fn list_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_list() {
        return Err(Exception::badarg());
    }
    let bytes = iolist_to_bytes(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, bytes.len());
    Ok(build::binary(&mut ctx.process.heap, &bytes))
}

/// `erlang:atom_to_binary/1`: the name in UTF-8.
pub fn atom_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let atom = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(build::binary(&mut ctx.process.heap, atom.name().as_bytes()))
}

/// `erlang:binary_to_atom/1`: the binary must be valid UTF-8.
pub fn binary_to_atom(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = binary_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let name = std::str::from_utf8(&bytes).map_err(|_| Exception::badarg())?;
    charge_chars(ctx, name.len());
    intern(name)
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
}
