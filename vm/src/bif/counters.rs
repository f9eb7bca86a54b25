//! The native functions of OTP's `counters` and `atomics`: arrays of
//! 64-bit integers shared by every process that holds their magic
//! reference (`memory::resource`).
//!
//! OTP's `counters.beam` and `atomics.beam` are Erlang over these BIFs and
//! run as they are (ARCHITECTURE.md, decision 12): `counters:new/2` checks
//! its options and makes an `atomics` array (`{atomics, Ref}`) or, with
//! `write_concurrency`, calls `erts_internal:counters_new/1`
//! (`{write_concurrency, Ref}`); `counters:get/add/sub/put/info` dispatch on
//! the tag to `atomics:*` or `erts_internal:counters_*`; `atomics:new/2`
//! encodes its options as an integer for `erts_internal:atomics_new/2`;
//! `atomics:sub/3` and `sub_get/3` negate and add. What is native here is
//! what OTP implements in C: `atomics:put/get/add/add_get/exchange/
//! compare_exchange/info` and the `erts_internal` functions.
//!
//! Each operation on an element is one atomic instruction: a load, a
//! store, a fetch-and-add, a swap or a compare-and-swap. Arithmetic wraps
//! at 64 bits; an increment may be any integer from `-(2^63)` to
//! `2^64 - 1`, whatever the array's signedness, as in OTP; a value put,
//! exchanged or compared must fit the array's signedness. Indices count
//! from 1. Anything else is `badarg`; a size (or an option word) that is a
//! positive integer too large for memory is `system_limit`.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::memory::resource::{resource_of, AtomicArray, CounterArray, Resource, Signedness, Value};
use crate::term::bigint::{bigint_limbs, integer_from_bigint};
use crate::term::map::map_from_pairs;
use crate::term::{atoms, build, Term};
use std::sync::atomic::{AtomicU64, Ordering};

/// An integer term's value, when its magnitude fits 64 bits.
fn integer_value(term: Term) -> Option<i128> {
    if let Some(value) = term.as_small() {
        return Some(value.into());
    }
    match bigint_limbs(term)? {
        (false, &[limb]) => Some(limb.into()),
        (true, &[limb]) => Some(-i128::from(limb)),
        _ => None,
    }
}

/// A value as the signedness it reads as: negative values signed, the rest
/// unsigned when above `i64::MAX`.
fn value_of(term: Term) -> Option<Value> {
    let value = integer_value(term)?;
    i64::try_from(value).map(Value::Signed).ok().or_else(|| u64::try_from(value).ok().map(Value::Unsigned))
}

/// An increment's 64 bits: any integer from `-(2^63)` to `2^64 - 1`.
fn increment_of(term: Term) -> Option<u64> {
    match value_of(term)? {
        Value::Signed(value) => Some(value as u64),
        Value::Unsigned(value) => Some(value),
    }
}

/// A size or an option word: `Ok` for an integer from 1 (0 for an option
/// word) to `2^64 - 1`; `badarg` for anything not an integer or below;
/// `system_limit` for a larger integer.
fn word_of(term: Term, least: u64) -> Result<u64, Exception> {
    if !term.is_integer() {
        return Err(Exception::badarg());
    }
    match integer_value(term) {
        Some(value) if value < i128::from(least) => Err(Exception::badarg()),
        Some(value) => u64::try_from(value).map_err(|_| Exception::system_limit()),
        None if bigint_limbs(term).is_some_and(|(negative, _)| negative) => Err(Exception::badarg()),
        None => Err(Exception::system_limit()),
    }
}

/// A 1-based index below `size`, as a 0-based one.
fn index_of(term: Term, size: usize) -> Result<usize, Exception> {
    match term.as_small() {
        Some(index) if index >= 1 && (index as u64) <= size as u64 => Ok(index as usize - 1),
        _ => Err(Exception::badarg()),
    }
}

/// A value as a term.
fn value_term(ctx: &mut BifCtx<'_>, value: Value) -> Term {
    match value {
        Value::Signed(value) => build::integer(&mut ctx.process.heap, value),
        Value::Unsigned(value) => match i64::try_from(value) {
            Ok(value) => build::integer(&mut ctx.process.heap, value),
            Err(_) => integer_from_bigint(&mut ctx.process.heap, &value.into()),
        },
    }
}

/// The `atomics` array a magic reference holds.
fn atomics_of<'a>(term: Term) -> Result<&'a AtomicArray, Exception> {
    match resource_of(term) {
        Some(Resource::Atomics(array)) => Ok(array),
        _ => Err(Exception::badarg()),
    }
}

/// The `write_concurrency` counters a magic reference holds.
fn counters_of<'a>(term: Term) -> Result<&'a CounterArray, Exception> {
    match resource_of(term) {
        Some(Resource::Counters(array)) => Ok(array),
        _ => Err(Exception::badarg()),
    }
}

/// The array and the cell of `atomics:F(Ref, Index, ...)`.
fn cell_of<'a>(args: &[Term]) -> Result<(&'a AtomicArray, &'a AtomicU64), Exception> {
    let array = atomics_of(args[0])?;
    let index = index_of(args[1], array.size())?;
    let cell = array.cell(index).ok_or_else(Exception::badarg)?;
    Ok((array, cell))
}

/// The bits of a value the array's cells can hold, or `badarg`.
fn bits_of(array: &AtomicArray, term: Term) -> Result<u64, Exception> {
    value_of(term).and_then(|value| array.bits_of(value)).ok_or_else(Exception::badarg)
}

/// Whether an error is `badarg`.
fn is_badarg(error: &Exception) -> bool {
    error.reason == Term::atom(atoms::BADARG)
}

/// A new magic reference holding `resource`.
fn magic_ref(ctx: &mut BifCtx<'_>, resource: Resource) -> Term {
    let number = ctx.vm.next_ref();
    build::magic_ref(&mut ctx.process.heap, number, resource.into_counted())
}

/// `erts_internal:atomics_new/2`: `Size` cells, and the options word
/// `atomics:new/2` makes (bit 0: signed).
pub fn atomics_new(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let size = word_of(args[0], 1);
    let options = word_of(args[1], 0);
    let (size, options) = match (size, options) {
        (Ok(size), Ok(options)) => (size, options),
        (Err(first), Err(second)) => return Err(if is_badarg(&first) { first } else { second }),
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
    let signedness = if options & 1 == 1 { Signedness::Signed } else { Signedness::Unsigned };
    let size = usize::try_from(size).map_err(|_| Exception::system_limit())?;
    let array = AtomicArray::new(size, signedness).ok_or_else(Exception::system_limit)?;
    Ok(magic_ref(ctx, Resource::Atomics(array)))
}

/// `atomics:put/3`.
pub fn put(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (array, cell) = cell_of(args)?;
    cell.store(bits_of(array, args[2])?, Ordering::SeqCst);
    Ok(Term::atom(atoms::OK))
}

/// `atomics:get/2`.
pub fn get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (array, cell) = cell_of(args)?;
    let value = array.value_of(cell.load(Ordering::SeqCst));
    Ok(value_term(ctx, value))
}

/// `atomics:add/3`.
pub fn add(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (_, cell) = cell_of(args)?;
    cell.fetch_add(increment_of(args[2]).ok_or_else(Exception::badarg)?, Ordering::SeqCst);
    Ok(Term::atom(atoms::OK))
}

/// `atomics:add_get/3`: the value after the addition.
pub fn add_get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (array, cell) = cell_of(args)?;
    let increment = increment_of(args[2]).ok_or_else(Exception::badarg)?;
    let value = array.value_of(cell.fetch_add(increment, Ordering::SeqCst).wrapping_add(increment));
    Ok(value_term(ctx, value))
}

/// `atomics:exchange/3`: the value before.
pub fn exchange(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (array, cell) = cell_of(args)?;
    let value = array.value_of(cell.swap(bits_of(array, args[2])?, Ordering::SeqCst));
    Ok(value_term(ctx, value))
}

/// `atomics:compare_exchange/4`: `ok` when the cell held `Expected` and
/// now holds `Desired`, otherwise the value it holds.
pub fn compare_exchange(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (array, cell) = cell_of(args)?;
    let (expected, desired) = (bits_of(array, args[2])?, bits_of(array, args[3])?);
    match cell.compare_exchange(expected, desired, Ordering::SeqCst, Ordering::SeqCst) {
        Ok(_) => Ok(Term::atom(atoms::OK)),
        Err(actual) => Ok(value_term(ctx, array.value_of(actual))),
    }
}

/// `atomics:info/1`: `#{size => N, max => Max, min => Min, memory => Bytes}`.
pub fn info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let array = atomics_of(args[0])?;
    let memory = resource_of(args[0]).map_or(0, Resource::memory);
    let (min, max) = match array.signedness() {
        Signedness::Signed => (Value::Signed(i64::MIN), Value::Signed(i64::MAX)),
        Signedness::Unsigned => (Value::Unsigned(0), Value::Unsigned(u64::MAX)),
    };
    let pairs = vec![
        (Term::atom(atoms::SIZE), build::integer(&mut ctx.process.heap, array.size() as i64)),
        (Term::atom(atoms::MAX), value_term(ctx, max)),
        (Term::atom(atoms::MIN), value_term(ctx, min)),
        (Term::atom(atoms::MEMORY), build::integer(&mut ctx.process.heap, memory as i64)),
    ];
    Ok(map_from_pairs(&mut ctx.process.heap, pairs))
}

/// `erts_internal:counters_new/1`: `Size` counters for `write_concurrency`,
/// one stripe per scheduler.
pub fn counters_new(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let size = usize::try_from(word_of(args[0], 1)?).map_err(|_| Exception::system_limit())?;
    let array = CounterArray::new(size, ctx.vm.config.schedulers).ok_or_else(Exception::system_limit)?;
    Ok(magic_ref(ctx, Resource::Counters(array)))
}

/// `erts_internal:counters_get/2`.
pub fn counters_get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let array = counters_of(args[0])?;
    let value = array.get(index_of(args[1], array.size())?);
    Ok(build::integer(&mut ctx.process.heap, value))
}

/// `erts_internal:counters_add/3`.
pub fn counters_add(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let array = counters_of(args[0])?;
    let index = index_of(args[1], array.size())?;
    array.add(index, increment_of(args[2]).ok_or_else(Exception::badarg)?);
    Ok(Term::atom(atoms::OK))
}

/// `erts_internal:counters_put/3`: a signed value.
pub fn counters_put(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let array = counters_of(args[0])?;
    let index = index_of(args[1], array.size())?;
    match value_of(args[2]) {
        Some(Value::Signed(value)) => array.put(index, value),
        _ => return Err(Exception::badarg()),
    }
    Ok(Term::atom(atoms::OK))
}

/// `erts_internal:counters_info/1`: `#{size => N, memory => Bytes}`.
pub fn counters_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let array = counters_of(args[0])?;
    let memory = resource_of(args[0]).map_or(0, Resource::memory);
    let pairs = vec![
        (Term::atom(atoms::SIZE), build::integer(&mut ctx.process.heap, array.size() as i64)),
        (Term::atom(atoms::MEMORY), build::integer(&mut ctx.process.heap, memory as i64)),
    ];
    Ok(map_from_pairs(&mut ctx.process.heap, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    /// The result of a call that must not raise, as `~w` shows it.
    fn shown(bench: &mut Bench, f: crate::bif::BifFn, args: &[Term]) -> String {
        let result = bench.call(f, args).unwrap();
        bench.show(result)
    }

    /// An array of `size` cells in `bench`'s process.
    fn atomics(bench: &mut Bench, size: i64, signed: bool) -> Term {
        let args = [Term::small_unchecked(size), Term::small_unchecked(i64::from(signed))];
        bench.call(atomics_new, &args).unwrap()
    }

    #[test]
    fn atomics_wrap_at_64_bits() {
        let mut bench = Bench::new();
        let array = atomics(&mut bench, 2, true);
        let max = bench.terms("9223372036854775807");
        bench.call(put, &[array, Term::small_unchecked(1), max[0]]).unwrap();
        let one = Term::small_unchecked(1);
        assert_eq!(shown(&mut bench, add_get, &[array, one, one]), "-9223372036854775808");
        let all_ones = bench.terms("18446744073709551615")[0];
        assert_eq!(shown(&mut bench, add_get, &[array, one, all_ones]), "9223372036854775807");
        let too_big = bench.terms("18446744073709551616")[0];
        assert!(bench.call(add, &[array, one, too_big]).is_err());
        let unsigned = atomics(&mut bench, 1, false);
        let minus_one = Term::small_unchecked(-1);
        assert_eq!(shown(&mut bench, add_get, &[unsigned, one, minus_one]), "18446744073709551615");
        assert!(bench.call(put, &[unsigned, one, minus_one]).is_err_and(|error| is_badarg(&error)));
        assert_eq!(shown(&mut bench, exchange, &[unsigned, one, Term::small_unchecked(3)]), "18446744073709551615");
        let three = Term::small_unchecked(3);
        assert_eq!(shown(&mut bench, compare_exchange, &[unsigned, one, three, one]), "ok");
        assert_eq!(shown(&mut bench, compare_exchange, &[unsigned, one, three, one]), "1");
        let shown = shown(&mut bench, info, &[unsigned]);
        assert!(
            shown.starts_with("#{max => 18446744073709551615,memory => ") && shown.ends_with(",min => 0,size => 1}"),
            "{shown}"
        );
    }

    #[test]
    fn bad_arguments_are_badarg_or_system_limit() {
        let mut bench = Bench::new();
        let array = atomics(&mut bench, 2, true);
        for index in ["0", "3", "a", "1.0", "36893488147419103232"] {
            let index = bench.terms(index)[0];
            assert!(bench.call(get, &[array, index]).is_err_and(|error| is_badarg(&error)));
        }
        let plain = bench.terms("a")[0];
        assert!(bench.call(get, &[plain, Term::small_unchecked(1)]).is_err_and(|error| is_badarg(&error)));
        let counters = bench.call(counters_new, &[Term::small_unchecked(2)]).unwrap();
        assert!(bench.call(get, &[counters, Term::small_unchecked(1)]).is_err_and(|error| is_badarg(&error)));
        assert!(bench.call(counters_get, &[array, Term::small_unchecked(1)]).is_err_and(|error| is_badarg(&error)));
        assert_eq!(bench.reason(atomics_new, "0, 1"), "badarg");
        assert_eq!(bench.reason(atomics_new, "-1, 1"), "badarg");
        assert_eq!(bench.reason(atomics_new, "1, -1"), "badarg");
        assert_eq!(bench.reason(atomics_new, "1, a"), "badarg");
        assert_eq!(bench.reason(atomics_new, "18446744073709551616, 1"), "system_limit");
        assert_eq!(bench.reason(atomics_new, "1, 18446744073709551616"), "system_limit");
        assert_eq!(bench.reason(atomics_new, "4611686018427387904, 1"), "system_limit");
        assert_eq!(bench.reason(counters_new, "-36893488147419103232"), "badarg");
        assert_eq!(bench.reason(counters_new, "4611686018427387904"), "system_limit");
    }

    #[test]
    fn write_concurrency_counters_sum_their_stripes() {
        let mut bench = Bench::new();
        let counters = bench.call(counters_new, &[Term::small_unchecked(2)]).unwrap();
        let one = Term::small_unchecked(1);
        bench.call(counters_add, &[counters, one, Term::small_unchecked(5)]).unwrap();
        bench.call(counters_add, &[counters, one, Term::small_unchecked(-7)]).unwrap();
        assert_eq!(shown(&mut bench, counters_get, &[counters, one]), "-2");
        let big = bench.terms("9223372036854775808")[0];
        assert!(bench.call(counters_put, &[counters, one, big]).is_err_and(|error| is_badarg(&error)));
        bench.call(counters_add, &[counters, one, big]).unwrap();
        assert_eq!(shown(&mut bench, counters_get, &[counters, one]), "9223372036854775806");
        let shown = shown(&mut bench, counters_info, &[counters]);
        assert!(shown.starts_with("#{memory => ") && shown.ends_with(",size => 2}"), "{shown}");
    }
}
