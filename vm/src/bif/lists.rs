//! BIFs of the `lists` module: `reverse/1,2`, `append/1,2`, `seq/2`,
//! `nth/2`, `member/2`, `keyfind/3`, `keymember/3`, `keysearch/3`, `sum/1`, `last/1`, `sort/1` and
//! `duplicate/2`.
//!
//! In Erlang/OTP most of these are written in Erlang, so a bad argument
//! fails with `function_clause` from inside `lists`; these BIFs raise the
//! same reasons (`function_clause`, `badarg`, `badarith`) for the same
//! arguments. Work costs reductions in proportion to the list length.

use super::arith;
use super::data::{self, charge, elements_and_tail, proper_list, MAX_BUILT_LIST};
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bigint::{bigint_of, integer_from_bigint};
use crate::term::build::{self, ListIter};
use crate::term::compare::{compare, eq, exact_eq};
use crate::term::{atoms, Term};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use std::cmp::Ordering;

/// The `function_clause` error a `lists` function written in Erlang raises.
fn function_clause() -> Exception {
    Exception::error_atom(atoms::FUNCTION_CLAUSE)
}

/// `lists:reverse/1`.
pub fn reverse(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (mut elements, tail) = elements_and_tail(args[0]);
    if !tail.is_nil() {
        // Erlang's reverse/1 matches one- and zero-element lists itself and
        // hands longer ones to reverse/2, which raises `badarg`.
        return Err(if elements.len() < 2 { function_clause() } else { Exception::badarg() });
    }
    charge(ctx, elements.len());
    elements.reverse();
    Ok(build::list_from_slice(&mut ctx.process.heap, &elements))
}

/// `lists:reverse/2`: the first list reversed, in front of the second term.
pub fn reverse2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut elements = proper_list(args[0])?;
    charge(ctx, elements.len());
    elements.reverse();
    Ok(build::list_from_slice_with_tail(&mut ctx.process.heap, &elements, args[1]))
}

/// `lists:append/2`: the same as `++`.
pub fn append(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    data::append_terms(ctx, args[0], args[1])
}

/// `lists:append/1`: the concatenation of a list of lists.
///
/// The outer list must be proper (`function_clause` otherwise); every inner
/// list but the last must be proper (`badarg`), and the last becomes the tail.
pub fn concat(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (lists, tail) = elements_and_tail(args[0]);
    if !tail.is_nil() {
        return Err(function_clause());
    }
    let Some((&last, init)) = lists.split_last() else {
        return Ok(Term::NIL);
    };
    // Erlang appends from the right, so the rightmost improper list is
    // the one that fails.
    let mut pieces = Vec::with_capacity(init.len());
    for &list in init.iter().rev() {
        pieces.push(proper_list(list)?);
    }
    let elements: Vec<Term> = pieces.into_iter().rev().flatten().collect();
    charge(ctx, elements.len() + lists.len());
    Ok(build::list_from_slice_with_tail(&mut ctx.process.heap, &elements, last))
}

/// `lists:seq/2`: the integers `From..=To`; `To` may be `From - 1` (an
/// empty list) but no smaller.
pub fn seq(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(from), Some(to)) = (bigint_of(args[0]), bigint_of(args[1])) else {
        return Err(function_clause());
    };
    let count: BigInt = &to - &from + 1;
    if count < BigInt::from(0) {
        return Err(function_clause());
    }
    let count = match count.to_usize() {
        Some(count) if count <= MAX_BUILT_LIST => count,
        _ => return Err(Exception::system_limit()),
    };
    charge(ctx, count);
    let heap = &mut ctx.process.heap;
    let elements: Vec<Term> = match (from.to_i64(), to.to_i64()) {
        (Some(first), Some(_)) => (0..count as i64).map(|offset| build::integer(heap, first + offset)).collect(),
        _ => (0..count).map(|offset| integer_from_bigint(heap, &(&from + offset))).collect(),
    };
    Ok(build::list_from_slice(heap, &elements))
}

/// `lists:nth/2`: the N-th element, counting from 1.
///
/// This follows Erlang's definition (`nth(1, [H|_]) -> H; nth(N, [_|T]) when
/// N > 1 -> nth(N - 1, T)`), so a position past the end or below 1 is a
/// `function_clause` and a non-number position is `badarith`.
pub fn nth(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (mut index, mut list) = (args[0], args[1]);
    let one = Term::small_unchecked(1);
    let mut walked = 0;
    loop {
        let Some((head, tail)) = list.as_cons() else {
            charge(ctx, walked);
            return Err(function_clause());
        };
        if index == one {
            charge(ctx, walked);
            return Ok(head);
        }
        if compare(index, one) != Ordering::Greater {
            charge(ctx, walked);
            return Err(function_clause());
        }
        index = match index.as_small() {
            Some(n) => Term::small_unchecked(n - 1),
            None => arith::sub_terms(ctx, index, one)?,
        };
        list = tail;
        walked += 1;
    }
}

/// `lists:member/2`: whether an element is exactly equal (`=:=`) to the term.
/// Reaching an improper tail before a match raises `badarg`.
pub fn member(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut iter = ListIter::new(args[1]);
    let mut walked = 0;
    let found = iter.by_ref().any(|element| {
        walked += 1;
        exact_eq(element, args[0])
    });
    charge(ctx, walked);
    if found {
        Ok(Term::boolean(true))
    } else if iter.rest().is_nil() {
        Ok(Term::boolean(false))
    } else {
        Err(Exception::badarg())
    }
}

/// `lists:keyfind/3`: the first tuple whose N-th element compares equal
/// (`==`) to the key, or `false`.
pub fn keyfind(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (key, list) = (args[0], args[2]);
    let position = match args[1].as_small() {
        Some(n) if n >= 1 => n as usize - 1,
        _ => return Err(Exception::badarg()),
    };
    let mut iter = ListIter::new(list);
    let mut walked = 0;
    let found = iter.by_ref().find(|&element| {
        walked += 1;
        element.as_tuple().and_then(|elements| elements.get(position)).is_some_and(|&field| eq(field, key))
    });
    charge(ctx, walked);
    match found {
        Some(tuple) => Ok(tuple),
        None if iter.rest().is_nil() => Ok(Term::boolean(false)),
        None => Err(Exception::badarg()),
    }
}

/// `lists:keymember/3`: whether `keyfind/3` finds a tuple.
pub fn keymember(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let found = keyfind(ctx, args)?;
    Ok(Term::boolean(found != Term::boolean(false)))
}

/// `lists:keysearch/3`: `{value, Tuple}` for the tuple `keyfind/3` finds,
/// or `false`.
pub fn keysearch(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let found = keyfind(ctx, args)?;
    if found == Term::boolean(false) {
        return Ok(found);
    }
    let value = crate::term::Atom::intern("value").map_err(|_| Exception::system_limit())?;
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(value), found]))
}

/// `lists:sum/1`: the elements added from the left, starting from 0.
pub fn sum(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut total = Term::small_unchecked(0);
    let mut iter = ListIter::new(args[0]);
    let mut walked = 0;
    for element in iter.by_ref() {
        total = arith::add_terms(ctx, total, element)?;
        walked += 1;
    }
    charge(ctx, walked);
    if iter.rest().is_nil() {
        Ok(total)
    } else {
        Err(function_clause())
    }
}

/// `lists:last/1`: the last element of a non-empty proper list.
pub fn last(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut iter = ListIter::new(args[0]);
    let mut walked = 0;
    let mut last = None;
    for element in iter.by_ref() {
        last = Some(element);
        walked += 1;
    }
    charge(ctx, walked);
    match last {
        Some(element) if iter.rest().is_nil() => Ok(element),
        _ => Err(function_clause()),
    }
}

/// `lists:sort/1`: the elements in term order. Elements that compare equal
/// (such as `1` and `1.0`) keep their original order.
pub fn sort(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut elements = build::list_to_vec(args[0]).ok_or_else(function_clause)?;
    let n = elements.len();
    charge(ctx, n * (1 + n.max(1).ilog2() as usize));
    elements.sort_by(|&a, &b| compare(a, b));
    Ok(build::list_from_slice(&mut ctx.process.heap, &elements))
}

/// `lists:duplicate/2`: a list of N copies of a term.
pub fn duplicate(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let n = match args[0].as_small() {
        Some(n) if n >= 0 => n as usize,
        _ if bigint_of(args[0]).is_some_and(|n| n > BigInt::from(0)) => return Err(Exception::system_limit()),
        _ => return Err(function_clause()),
    };
    if n > MAX_BUILT_LIST {
        return Err(Exception::system_limit());
    }
    charge(ctx, n);
    Ok(build::list_from_slice(&mut ctx.process.heap, &vec![args[1]; n]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn reverse_and_append() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(reverse, "[1, 2, 3]"), "[3,2,1]");
        assert_eq!(bench.eval(reverse, "[]"), "[]");
        assert_eq!(bench.eval(reverse2, "[1, 2], [3]"), "[2,1,3]");
        assert_eq!(bench.eval(reverse2, "[1, 2], x"), "[2,1|x]");
        assert_eq!(bench.eval(append, "[1], [2]"), "[1,2]");
        assert_eq!(bench.eval(append, "[1], x"), "[1|x]");
        assert_eq!(bench.eval(concat, "[[1], [], [2, 3], [4]]"), "[1,2,3,4]");
        assert_eq!(bench.eval(concat, "[[1], [2], x]"), "[1,2|x]");
        assert_eq!(bench.eval(concat, "[]"), "[]");
        assert_eq!(bench.eval(concat, "[x]"), "x");
        assert_eq!(bench.reason(reverse, "x"), "function_clause");
        assert_eq!(bench.reason(reverse, "[1 | x]"), "function_clause");
        assert_eq!(bench.reason(reverse, "[1, 2 | x]"), "badarg");
        assert_eq!(bench.reason(reverse2, "x, [1]"), "badarg");
        assert_eq!(bench.reason(append, "[1 | x], [1]"), "badarg");
        assert_eq!(bench.reason(concat, "x"), "function_clause");
        assert_eq!(bench.reason(concat, "[[1], [2] | x]"), "function_clause");
        assert_eq!(bench.reason(concat, "[[1], x, [2]]"), "badarg");
    }

    #[test]
    fn seq_nth_and_duplicate() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(seq, "1, 5"), "[1,2,3,4,5]");
        assert_eq!(bench.eval(seq, "5, 4"), "[]");
        assert_eq!(bench.eval(seq, "-1, 1"), "[-1,0,1]");
        assert_eq!(
            bench.eval(seq, "18446744073709551616, 18446744073709551618"),
            "[18446744073709551616,18446744073709551617,18446744073709551618]"
        );
        assert_eq!(
            bench.eval(seq, "576460752303423487, 576460752303423488"),
            "[576460752303423487,576460752303423488]"
        );
        for args in ["5, 3", "5, 1", "1.0, 5", "a, 5"] {
            assert_eq!(bench.reason(seq, args), "function_clause", "{args}");
        }
        assert_eq!(bench.reason(seq, "0, 1180591620717411303424"), "system_limit");
        assert_eq!(bench.eval(nth, "1, [a, b]"), "a");
        assert_eq!(bench.eval(nth, "2, [a, b]"), "b");
        assert_eq!(bench.eval(nth, "1, [a | b]"), "a");
        for args in
            ["0, [a]", "2, [a]", "2, [a | b]", "1, x", "2.0, [a, b]", "1180591620717411303424, [a, b]", "-1, [a]"]
        {
            assert_eq!(bench.reason(nth, args), "function_clause", "{args}");
        }
        assert_eq!(bench.reason(nth, "a, [a]"), "badarith");
        assert_eq!(bench.eval(duplicate, "3, x"), "[x,x,x]");
        assert_eq!(bench.eval(duplicate, "0, x"), "[]");
        assert_eq!(bench.reason(duplicate, "-1, x"), "function_clause");
        assert_eq!(bench.reason(duplicate, "2.0, x"), "function_clause");
        assert_eq!(bench.reason(duplicate, "a, x"), "function_clause");
    }

    #[test]
    fn searching() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(member, "2, [1, 2, 3]"), "true");
        assert_eq!(bench.eval(member, "4, [1, 2, 3]"), "false");
        assert_eq!(bench.eval(member, "1.0, [1]"), "false");
        assert_eq!(bench.eval(member, "1, [1 | x]"), "true");
        assert_eq!(bench.reason(member, "2, [1 | x]"), "badarg");
        assert_eq!(bench.reason(member, "1, x"), "badarg");
        assert_eq!(bench.eval(keyfind, "b, 1, [{a, 1}, {b, 2}]"), "{b,2}");
        assert_eq!(bench.eval(keyfind, "2, 2, [{a, 1}, {b, 2}]"), "{b,2}");
        assert_eq!(bench.eval(keyfind, "1.0, 1, [{1}]"), "{1}");
        assert_eq!(bench.eval(keyfind, "c, 1, [{a, 1}, x, {}]"), "false");
        assert_eq!(bench.eval(keyfind, "1, 1, [{1}, x]"), "{1}");
        assert_eq!(bench.eval(keyfind, "2, 1, [{2} | x]"), "{2}");
        for args in ["1, 0, [{1}]", "1, a, [{1}]", "1, 1, x", "1, 1, [{2} | x]", "1, 1180591620717411303424, [{1}]"] {
            assert_eq!(bench.reason(keyfind, args), "badarg", "{args}");
        }
    }

    #[test]
    fn sum_last_and_sort() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(sum, "[1, 2, 3]"), "6");
        assert_eq!(bench.eval(sum, "[1, 2.0]"), "3.0");
        assert_eq!(bench.eval(sum, "[]"), "0");
        assert_eq!(bench.eval(sum, "[576460752303423487, 576460752303423487]"), "1152921504606846974");
        assert_eq!(bench.reason(sum, "[1, a]"), "badarith");
        assert_eq!(bench.reason(sum, "[1 | x]"), "function_clause");
        assert_eq!(bench.reason(sum, "x"), "function_clause");
        assert_eq!(bench.eval(last, "[1, 2, 3]"), "3");
        assert_eq!(bench.reason(last, "[]"), "function_clause");
        assert_eq!(bench.reason(last, "[1 | x]"), "function_clause");
        assert_eq!(bench.eval(sort, "[3, 1, 2]"), "[1,2,3]");
        assert_eq!(bench.eval(sort, "[b, 1, 2.0, {}, \"s\", a]"), "[1,2.0,a,b,{},[115]]");
        assert_eq!(bench.eval(sort, "[1, 1.0]"), "[1,1.0]");
        assert_eq!(bench.eval(sort, "[1.0, 1]"), "[1.0,1]");
        assert_eq!(bench.eval(sort, "[]"), "[]");
        assert_eq!(bench.reason(sort, "x"), "function_clause");
        assert_eq!(bench.reason(sort, "[3, 1 | x]"), "function_clause");
    }
}
