//! Arithmetic BIFs: `+ - * / div rem`, unary `-` and `+`, the bitwise
//! operators, `abs`, `float`, `trunc` and `round`.
//!
//! Two small integers take a fast path with checked machine arithmetic;
//! anything that overflows, and every big integer, goes through
//! `num-bigint`. A mix of an integer and a float is computed in floats. As in
//! Erlang/OTP:
//!
//! - a non-number operand raises `badarith` (but `abs`, `float`, `trunc` and
//!   `round` raise `badarg`);
//! - `div` and `rem` by zero, integer operators on floats, and a float
//!   result that is infinite or not a number raise `badarith`;
//! - an integer result wider than [`MAX_INTEGER_BITS`] bits raises
//!   `system_limit` (the check is made before the work for `*` and `bsl`,
//!   so a huge shift costs nothing).
//!
//! Big-integer work costs reductions in proportion to the limbs it touches.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::memory::heap::Heap;
use crate::term::bigint::{number_term, to_num, Num};
use crate::term::Term;
use num_bigint::{BigInt, Sign};
use num_traits::{FromPrimitive, ToPrimitive, Zero};

/// The widest integer magnitude, in bits, that Erlang/OTP builds; a wider
/// result raises `system_limit`.
pub const MAX_INTEGER_BITS: u64 = 33_554_368;

/// The binary operators that take two numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Add,
    Sub,
    Mul,
    FloatDiv,
    IntDiv,
    Rem,
    And,
    Or,
    Xor,
}

/// `erlang:'+'/2`.
pub fn add(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Add, args[0], args[1])
}

/// `erlang:'-'/2`.
pub fn sub(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Sub, args[0], args[1])
}

/// `erlang:'*'/2`.
pub fn mul(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Mul, args[0], args[1])
}

/// `erlang:'/'/2`: always a float.
pub fn fdiv(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::FloatDiv, args[0], args[1])
}

/// `erlang:'div'/2`: integer division truncating toward zero.
pub fn int_div(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::IntDiv, args[0], args[1])
}

/// `erlang:'rem'/2`: the remainder, with the sign of the dividend.
pub fn int_rem(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Rem, args[0], args[1])
}

/// `erlang:'band'/2`.
pub fn band(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::And, args[0], args[1])
}

/// `erlang:'bor'/2`.
pub fn bor(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Or, args[0], args[1])
}

/// `erlang:'bxor'/2`.
pub fn bxor(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, Op::Xor, args[0], args[1])
}

/// `erlang:'-'/1`.
pub fn neg(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let result = match to_num(args[0]).ok_or_else(Exception::badarith)? {
        Num::Int(value) => match value.checked_neg() {
            Some(negated) => Num::Int(negated),
            None => Num::Big(-BigInt::from(value)),
        },
        Num::Big(value) => {
            charge_limbs(ctx, limbs_of_big(&value));
            Num::Big(-value)
        }
        Num::Float(value) => Num::Float(-value),
    };
    Ok(number_term(&mut ctx.process.heap, result))
}

/// `erlang:'+'/1`: the number itself.
pub fn plus(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if args[0].is_number() {
        Ok(args[0])
    } else {
        Err(Exception::badarith())
    }
}

/// `erlang:'bnot'/1`: the bitwise complement, `-X - 1`.
pub fn bnot(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let result = match to_num(args[0]).ok_or_else(Exception::badarith)? {
        Num::Int(value) => Num::Int(!value),
        Num::Big(value) => {
            charge_limbs(ctx, limbs_of_big(&value));
            Num::Big(-value - 1)
        }
        Num::Float(_) => return Err(Exception::badarith()),
    };
    Ok(number_term(&mut ctx.process.heap, result))
}

/// `erlang:'bsl'/2`: shifts left, or right for a negative amount.
pub fn bsl(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (value, amount) = shift_operands(args)?;
    shift(ctx, value, amount)
}

/// `erlang:'bsr'/2`: shifts right arithmetically, or left for a negative amount.
pub fn bsr(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (value, amount) = shift_operands(args)?;
    shift(ctx, value, -amount)
}

/// `erlang:abs/1`.
pub fn abs(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let result = match to_num(args[0]).ok_or_else(Exception::badarg)? {
        Num::Int(value) if value >= 0 => return Ok(args[0]),
        Num::Int(value) => match value.checked_neg() {
            Some(negated) => Num::Int(negated),
            None => Num::Big(-BigInt::from(value)),
        },
        Num::Big(value) if value.sign() == Sign::Minus => Num::Big(-value),
        Num::Big(_) => return Ok(args[0]),
        Num::Float(value) => Num::Float(value.abs()),
    };
    Ok(number_term(&mut ctx.process.heap, result))
}

/// `erlang:float/1`: an integer too large for a float raises `badarg`.
pub fn float(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let value = match to_num(args[0]).ok_or_else(Exception::badarg)? {
        Num::Float(_) => return Ok(args[0]),
        number => to_float(&number).ok_or_else(Exception::badarg)?,
    };
    Ok(crate::term::build::float(&mut ctx.process.heap, value))
}

/// `erlang:trunc/1`: the integer part, toward zero.
pub fn trunc(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    integer_of_float(ctx, args[0], f64::trunc)
}

/// `erlang:floor/1`: the largest integer not above the number.
pub fn floor(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    integer_of_float(ctx, args[0], f64::floor)
}

/// `erlang:ceil/1`: the smallest integer not below the number.
pub fn ceil(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    integer_of_float(ctx, args[0], f64::ceil)
}

/// `erlang:round/1`: the nearest integer, halves away from zero.
pub fn round(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    integer_of_float(ctx, args[0], f64::round)
}

// ---- helpers shared with other BIF groups ----

/// A number as a finite `f64` (`fconv`); `None` for a term that is not a
/// number or an integer beyond the float range.
pub(crate) fn number_to_f64(term: Term) -> Option<f64> {
    to_float(&to_num(term)?)
}

/// `a + b` as `erlang:'+'/2` computes it, for BIFs that sum (`lists:sum`).
pub(super) fn add_terms(ctx: &mut BifCtx<'_>, a: Term, b: Term) -> BifResult {
    binary(ctx, Op::Add, a, b)
}

/// `a - b` as `erlang:'-'/2` computes it.
pub(super) fn sub_terms(ctx: &mut BifCtx<'_>, a: Term, b: Term) -> BifResult {
    binary(ctx, Op::Sub, a, b)
}

// ---- the work ----

/// A number as an `f64`; `None` for an integer beyond the float range.
fn to_float(number: &Num) -> Option<f64> {
    let value = match number {
        Num::Int(value) => *value as f64,
        Num::Big(value) => value.to_f64()?,
        Num::Float(value) => *value,
    };
    value.is_finite().then_some(value)
}

/// Adds reductions for big-integer work over `limbs` 64-bit limbs.
fn charge_limbs(ctx: &mut BifCtx<'_>, limbs: usize) {
    let cost = u32::try_from(limbs / 8).unwrap_or(u32::MAX);
    ctx.reductions = ctx.reductions.saturating_add(cost);
}

/// The 64-bit limbs of a big integer's magnitude.
fn limbs_of_big(value: &BigInt) -> usize {
    (value.bits() as usize).div_ceil(64)
}

fn limbs_of(number: &Num) -> usize {
    match number {
        Num::Big(value) => limbs_of_big(value),
        _ => 1,
    }
}

fn big_of(number: Num) -> BigInt {
    match number {
        Num::Int(value) => BigInt::from(value),
        Num::Big(value) => value,
        // Callers only pass integers.
        Num::Float(value) => BigInt::from_f64(value).unwrap_or_default(),
    }
}

/// Builds an integer result, refusing one wider than Erlang allows.
fn integer_term(heap: &mut Heap, value: Num) -> BifResult {
    if let Num::Big(big) = &value {
        if big.bits() > MAX_INTEGER_BITS {
            return Err(Exception::system_limit());
        }
    }
    Ok(number_term(heap, value))
}

fn float_term(heap: &mut Heap, value: f64) -> BifResult {
    if value.is_finite() {
        Ok(crate::term::build::float(heap, value))
    } else {
        Err(Exception::badarith())
    }
}

fn binary(ctx: &mut BifCtx<'_>, op: Op, a: Term, b: Term) -> BifResult {
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        if let Some(result) = small_fast_path(op, x, y) {
            return Ok(result);
        }
    }
    let (Some(x), Some(y)) = (to_num(a), to_num(b)) else {
        return Err(Exception::badarith());
    };
    let is_float = matches!(x, Num::Float(_)) || matches!(y, Num::Float(_));
    if is_float || op == Op::FloatDiv {
        return float_binary(ctx, op, &x, &y);
    }
    if let (Num::Int(i), Num::Int(j)) = (&x, &y) {
        if let Some(result) = int_binary(op, *i, *j)? {
            return Ok(crate::term::build::integer(&mut ctx.process.heap, result));
        }
    }
    let cost_limbs = match op {
        Op::Mul | Op::IntDiv | Op::Rem => {
            let (la, lb) = (limbs_of(&x), limbs_of(&y));
            // Multiplication and division cost more than linear work; charge
            // roughly n log n of the operand sizes.
            (la + lb) * (1 + la.min(lb).ilog2() as usize)
        }
        _ => limbs_of(&x) + limbs_of(&y),
    };
    charge_limbs(ctx, cost_limbs);
    let (x, y) = (big_of(x), big_of(y));
    let result = match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => {
            if x.is_zero() || y.is_zero() {
                BigInt::zero()
            } else if x.bits() + y.bits() - 1 > MAX_INTEGER_BITS {
                return Err(Exception::system_limit());
            } else {
                x * y
            }
        }
        Op::IntDiv | Op::Rem if y.is_zero() => return Err(Exception::badarith()),
        // `/` and `%` on BigInt truncate toward zero, as `div` and `rem` do.
        Op::IntDiv => x / y,
        Op::Rem => x % y,
        Op::And => x & y,
        Op::Or => x | y,
        Op::Xor => x ^ y,
        Op::FloatDiv => unreachable!("handled as floats above"),
    };
    integer_term(&mut ctx.process.heap, Num::Big(result))
}

/// Two small integers whose result is a small integer: no allocation.
#[inline]
fn small_fast_path(op: Op, x: i64, y: i64) -> Option<Term> {
    // Small integers have 60 bits, so sums and differences cannot overflow
    // an i64; products are checked.
    let value = match op {
        Op::Add => x + y,
        Op::Sub => x - y,
        Op::Mul => x.checked_mul(y)?,
        Op::IntDiv if y != 0 => x / y,
        Op::Rem if y != 0 => x % y,
        Op::And => x & y,
        Op::Or => x | y,
        Op::Xor => x ^ y,
        _ => return None,
    };
    Term::small(value)
}

/// Integer arithmetic on two i64 values: `Ok(Some)` when the result fits an
/// i64, `Ok(None)` when it needs a big integer.
fn int_binary(op: Op, x: i64, y: i64) -> Result<Option<i64>, Exception> {
    Ok(match op {
        Op::Add => x.checked_add(y),
        Op::Sub => x.checked_sub(y),
        Op::Mul => x.checked_mul(y),
        Op::IntDiv | Op::Rem if y == 0 => return Err(Exception::badarith()),
        Op::IntDiv => x.checked_div(y),
        Op::Rem => Some(x.checked_rem(y).unwrap_or(0)),
        Op::And => Some(x & y),
        Op::Or => Some(x | y),
        Op::Xor => Some(x ^ y),
        Op::FloatDiv => unreachable!("handled as floats"),
    })
}

fn float_binary(ctx: &mut BifCtx<'_>, op: Op, x: &Num, y: &Num) -> BifResult {
    let (Some(a), Some(b)) = (to_float(x), to_float(y)) else {
        return Err(Exception::badarith());
    };
    let value = match op {
        Op::Add => a + b,
        Op::Sub => a - b,
        Op::Mul => a * b,
        Op::FloatDiv if b == 0.0 => return Err(Exception::badarith()),
        Op::FloatDiv => a / b,
        Op::IntDiv | Op::Rem | Op::And | Op::Or | Op::Xor => return Err(Exception::badarith()),
    };
    float_term(&mut ctx.process.heap, value)
}

/// The shift operands: an integer, and the amount clamped far beyond any
/// shift that could succeed (a big amount shifts everything out, or is too
/// wide).
fn shift_operands(args: &[Term]) -> Result<(Num, i128), Exception> {
    let value = match to_num(args[0]) {
        Some(Num::Float(_)) | None => return Err(Exception::badarith()),
        Some(value) => value,
    };
    let amount = match to_num(args[1]) {
        Some(Num::Int(amount)) => i128::from(amount),
        Some(Num::Big(amount)) if amount.sign() == Sign::Minus => -(1 << 100),
        Some(Num::Big(_)) => 1 << 100,
        Some(Num::Float(_)) | None => return Err(Exception::badarith()),
    };
    Ok((value, amount))
}

/// Shifts `value` left by `amount` bits (right when negative).
fn shift(ctx: &mut BifCtx<'_>, value: Num, amount: i128) -> BifResult {
    let heap = &mut ctx.process.heap;
    let is_zero = matches!(value, Num::Int(0));
    if amount >= 0 {
        if is_zero {
            return Ok(Term::small_unchecked(0));
        }
        let value_bits = match &value {
            Num::Int(int) => u64::from(64 - int.unsigned_abs().leading_zeros()),
            Num::Big(big) => big.bits(),
            Num::Float(_) => unreachable!("shift operands are integers"),
        };
        if value_bits as i128 + amount > MAX_INTEGER_BITS as i128 {
            return Err(Exception::system_limit());
        }
        let amount = amount as usize;
        if let Num::Int(int) = value {
            if amount < 64 {
                // |int| < 2^63 and amount < 64, so the product fits an i128.
                let shifted = i128::from(int) << amount;
                return Ok(match i64::try_from(shifted) {
                    Ok(small) => crate::term::build::integer(heap, small),
                    Err(_) => number_term(heap, Num::Big(BigInt::from(shifted))),
                });
            }
        }
        let big = big_of(value);
        charge_limbs(ctx, limbs_of_big(&big) + amount / 64);
        integer_term(&mut ctx.process.heap, Num::Big(big << amount))
    } else {
        let amount = amount.unsigned_abs();
        match value {
            Num::Int(int) => {
                let shifted = if amount >= 64 {
                    if int < 0 {
                        -1
                    } else {
                        0
                    }
                } else {
                    int >> amount
                };
                Ok(crate::term::build::integer(heap, shifted))
            }
            Num::Big(big) => {
                if amount > u128::from(big.bits()) {
                    let all_out = if big.sign() == Sign::Minus { -1 } else { 0 };
                    return Ok(Term::small_unchecked(all_out));
                }
                charge_limbs(ctx, limbs_of_big(&big));
                // Shifting a negative BigInt right rounds toward negative
                // infinity, as an arithmetic shift does.
                integer_term(&mut ctx.process.heap, Num::Big(big >> amount as usize))
            }
            Num::Float(_) => unreachable!("shift operands are integers"),
        }
    }
}

/// `trunc`/`round`: integers are returned as they are; floats are rounded
/// by `rounding` and converted exactly.
fn integer_of_float(ctx: &mut BifCtx<'_>, term: Term, rounding: fn(f64) -> f64) -> BifResult {
    match to_num(term).ok_or_else(Exception::badarg)? {
        Num::Float(value) => {
            let rounded = rounding(value);
            let result = if rounded.abs() < 9.0e18 {
                Num::Int(rounded as i64)
            } else {
                Num::Big(BigInt::from_f64(rounded).ok_or_else(Exception::badarg)?)
            };
            Ok(number_term(&mut ctx.process.heap, result))
        }
        _ => Ok(term),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    fn error_reason(result: BifResult) -> String {
        let exception = result.expect_err("the call should fail");
        crate::term::print::term_to_string(exception.reason, crate::term::Style::Write)
    }

    #[test]
    fn small_integers_add_and_overflow_into_big_ones() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(add, "1, 2"), "3");
        assert_eq!(bench.eval(add, "576460752303423487, 1"), "576460752303423488");
        assert_eq!(bench.eval(sub, "-576460752303423488, 1"), "-576460752303423489");
        assert_eq!(bench.eval(mul, "576460752303423487, 576460752303423487"), "332306998946228967073030260463239169");
        assert_eq!(bench.eval(mul, "9223372036854775807, 2"), "18446744073709551614");
        assert_eq!(bench.eval(add, "18446744073709551615, 1"), "18446744073709551616");
        assert_eq!(bench.eval(sub, "18446744073709551616, 18446744073709551615"), "1");
        assert_eq!(bench.eval(sub, "576460752303423488, 1"), "576460752303423487");
        let normalised = bench.call_text(sub, "576460752303423488, 1").unwrap();
        assert!(normalised.is_small(), "a result that fits is a small integer");
    }

    #[test]
    fn floats_mix_with_integers() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(add, "1, 2.5"), "3.5");
        assert_eq!(bench.eval(mul, "2.0, 1"), "2.0");
        assert_eq!(bench.eval(mul, "0.0, -1"), "-0.0");
    }

    #[test]
    fn float_overflow_and_division_by_zero_are_badarith() {
        let mut bench = Bench::new();
        for (f, args) in [
            (mul as super::super::BifFn, "1.0e308, 10"),
            (sub, "1.0e308, -1.0e308"),
            (fdiv, "1, 0"),
            (fdiv, "1.0, 0.0"),
            (fdiv, "0.0, 0.0"),
            (int_div, "1, 0"),
            (int_rem, "1, 0"),
            (int_div, "5.0, 2"),
            (int_rem, "5, 2.0"),
            (band, "1.0, 1"),
            (add, "a, 1"),
            (add, "1, \"x\""),
        ] {
            assert_eq!(error_reason(bench.call_text(f, args)), "badarith", "{args}");
        }
        let big = format!("1{}", "0".repeat(400));
        assert_eq!(error_reason(bench.call_text(add, &format!("{big}, 1.0"))), "badarith");
        assert_eq!(error_reason(bench.call_text(fdiv, &format!("{big}, 1"))), "badarith");
    }

    #[test]
    fn division_truncates_and_remainder_follows_the_dividend() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(int_div, "-7, 2"), "-3");
        assert_eq!(bench.eval(int_rem, "-7, 2"), "-1");
        assert_eq!(bench.eval(int_rem, "7, -2"), "1");
        assert_eq!(bench.eval(int_div, "7, -2"), "-3");
        assert_eq!(bench.eval(fdiv, "7, 2"), "3.5");
        assert_eq!(bench.eval(fdiv, "4, 2"), "2.0");
        assert_eq!(bench.eval(int_div, "-9223372036854775808, -1"), "9223372036854775808");
        assert_eq!(bench.eval(int_rem, "-9223372036854775808, -1"), "0");
        assert_eq!(bench.eval(int_rem, "18446744073709551616, 7"), "2");
        assert_eq!(bench.eval(int_rem, "-18446744073709551616, 7"), "-2");
        assert_eq!(bench.eval(int_div, "-18446744073709551616, 7"), "-2635249153387078802");
        assert_eq!(bench.eval(int_div, "9223372036854775808, -1"), "-9223372036854775808");
    }

    #[test]
    fn bitwise_operators_use_twos_complement() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(band, "12, 10"), "8");
        assert_eq!(bench.eval(bor, "12, 10"), "14");
        assert_eq!(bench.eval(bxor, "12, 10"), "6");
        assert_eq!(bench.eval(bnot, "5"), "-6");
        assert_eq!(bench.eval(band, "-1267650600228229401496703205376, 65535"), "0");
        assert_eq!(bench.eval(bor, "-1267650600228229401496703205376, 5"), "-1267650600228229401496703205371");
        assert_eq!(bench.eval(bnot, "1267650600228229401496703205376"), "-1267650600228229401496703205377");
        assert_eq!(error_reason(bench.call_text(bnot, "1.0")), "badarith");
    }

    #[test]
    fn shifts_at_the_edges() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(bsl, "1, 64"), "18446744073709551616");
        assert_eq!(bench.eval(bsl, "1, 59"), "576460752303423488");
        assert_eq!(bench.eval(bsl, "1, 58"), "288230376151711744");
        assert_eq!(bench.eval(bsl, "-1, 63"), "-9223372036854775808");
        assert_eq!(bench.eval(bsl, "1, -3"), "0");
        assert_eq!(bench.eval(bsr, "16, -3"), "128");
        assert_eq!(bench.eval(bsr, "-1, 1000"), "-1");
        assert_eq!(bench.eval(bsr, "-1267650600228229401496703205377, 99"), "-3");
        assert_eq!(bench.eval(bsr, "1267650600228229401496703205376, 100"), "1");
        assert_eq!(bench.eval(bsr, "1, 1267650600228229401496703205376"), "0");
        assert_eq!(bench.eval(bsr, "-1, 1267650600228229401496703205376"), "-1");
        assert_eq!(bench.eval(bsl, "0, 1267650600228229401496703205376"), "0");
        assert_eq!(bench.eval(bsl, "1, -1267650600228229401496703205376"), "0");
        assert_eq!(error_reason(bench.call_text(bsl, "1, 100000000000")), "system_limit");
        assert_eq!(error_reason(bench.call_text(bsl, "1, 1267650600228229401496703205376")), "system_limit");
        assert_eq!(error_reason(bench.call_text(bsl, "1, 33554368")), "system_limit");
        assert_eq!(error_reason(bench.call_text(bsl, "5, 1.0")), "badarith");
        assert_eq!(error_reason(bench.call_text(bsl, "a, 1")), "badarith");
        let widest = bench.call_text(bsl, "1, 33554367").unwrap();
        assert!(widest.is_boxed());
        let too_wide = bench.call(mul, &[widest, Term::small_unchecked(2)]);
        assert_eq!(error_reason(too_wide), "system_limit");
        let squared = bench.call(mul, &[widest, widest]);
        assert_eq!(error_reason(squared), "system_limit");
        assert!(bench.reductions > 0, "big work costs reductions");
    }

    #[test]
    fn unary_operators() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(neg, "5"), "-5");
        assert_eq!(bench.eval(neg, "-576460752303423488"), "576460752303423488");
        assert_eq!(bench.eval(neg, "0.0"), "-0.0");
        assert_eq!(bench.eval(neg, "-9223372036854775808"), "9223372036854775808");
        assert_eq!(bench.eval(plus, "2.5"), "2.5");
        assert_eq!(error_reason(bench.call_text(neg, "a")), "badarith");
        assert_eq!(error_reason(bench.call_text(plus, "a")), "badarith");
        assert_eq!(bench.eval(abs, "-5"), "5");
        assert_eq!(bench.eval(abs, "-5.0"), "5.0");
        assert_eq!(bench.eval(abs, "-9223372036854775808"), "9223372036854775808");
        assert_eq!(bench.eval(abs, "-18446744073709551616"), "18446744073709551616");
        assert_eq!(error_reason(bench.call_text(abs, "a")), "badarg");
    }

    #[test]
    fn conversions_to_float_and_back() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(float, "3"), "3.0");
        assert_eq!(bench.eval(float, "2.5"), "2.5");
        assert_eq!(bench.eval(float, "18446744073709551616"), "1.8446744073709552e19");
        let huge = format!("1{}", "0".repeat(400));
        assert_eq!(error_reason(bench.call_text(float, &huge)), "badarg");
        assert_eq!(error_reason(bench.call_text(float, "a")), "badarg");
        assert_eq!(bench.eval(round, "2.5"), "3");
        assert_eq!(bench.eval(round, "-2.5"), "-3");
        assert_eq!(bench.eval(round, "-0.5"), "-1");
        assert_eq!(bench.eval(round, "0.49999999999999994"), "0");
        assert_eq!(bench.eval(trunc, "-2.7"), "-2");
        assert_eq!(bench.eval(trunc, "-0.0"), "0");
        assert_eq!(bench.eval(trunc, "1.0e20"), "100000000000000000000");
        assert_eq!(bench.eval(round, "1.0e20"), "100000000000000000000");
        assert_eq!(bench.eval(trunc, "5"), "5");
        assert_eq!(error_reason(bench.call_text(trunc, "a")), "badarg");
        assert_eq!(error_reason(bench.call_text(round, "\"a\"")), "badarg");
    }
}
