//! Tuple and list BIFs: `element/2`, `setelement/3`, `tuple_size/1`,
//! `make_tuple/2`, `tuple_to_list/1`, `list_to_tuple/1`, `length/1`,
//! `hd/1`, `tl/1`, `++/2`, `--/2`, `size/1`, `byte_size/1` and `bit_size/1`.
//!
//! Every failure is `badarg`, as in Erlang. Walking or building a list or
//! tuple costs one reduction per [`ELEMENTS_PER_REDUCTION`] elements.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bits::bitstring;
use crate::term::build::{self, ListIter};
use crate::term::compare::key_order;
use crate::term::Term;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// How many elements a BIF walks or builds for one reduction.
pub const ELEMENTS_PER_REDUCTION: usize = 16;

/// The most elements a tuple holds, as in Erlang/OTP.
pub const MAX_TUPLE_SIZE: usize = (1 << 24) - 1;

/// The most elements a BIF builds into one list from a count
/// (`lists:seq/2`, `lists:duplicate/2`); more raises `system_limit` rather
/// than exhausting memory.
pub const MAX_BUILT_LIST: usize = 1 << 27;

/// Adds the reductions for walking or building `n_elements` elements.
pub(super) fn charge(ctx: &mut BifCtx<'_>, n_elements: usize) {
    let cost = u32::try_from(n_elements / ELEMENTS_PER_REDUCTION).unwrap_or(u32::MAX);
    ctx.reductions = ctx.reductions.saturating_add(cost);
}

/// The elements of a proper list, or `badarg`.
pub(super) fn proper_list(list: Term) -> Result<Vec<Term>, Exception> {
    build::list_to_vec(list).ok_or_else(Exception::badarg)
}

/// A term ordered by `=:=` (map key order), for sets of exact terms.
#[derive(Clone, Copy, Debug)]
struct ExactKey(Term);

impl PartialEq for ExactKey {
    fn eq(&self, other: &ExactKey) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for ExactKey {}

impl PartialOrd for ExactKey {
    fn partial_cmp(&self, other: &ExactKey) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ExactKey {
    fn cmp(&self, other: &ExactKey) -> Ordering {
        if self.0 == other.0 {
            Ordering::Equal
        } else {
            key_order(self.0, other.0)
        }
    }
}

/// The 1-based position `index` as a usize within `1..=len`, or `badarg`.
fn position(index: Term, len: usize) -> Result<usize, Exception> {
    match index.as_small() {
        Some(n) if n >= 1 && (n as u64) <= len as u64 => Ok(n as usize - 1),
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:element/2`.
pub fn element(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[1].as_tuple().ok_or_else(Exception::badarg)?;
    Ok(elements[position(args[0], elements.len())?])
}

/// `erlang:setelement/3`: a copy of the tuple with one element replaced.
pub fn setelement(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[1].as_tuple().ok_or_else(Exception::badarg)?;
    let index = position(args[0], elements.len())?;
    let mut copy = elements.to_vec();
    copy[index] = args[2];
    charge(ctx, copy.len());
    Ok(build::tuple(&mut ctx.process.heap, &copy))
}

/// `erlang:tuple_size/1`.
pub fn tuple_size(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[0].as_tuple().ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(elements.len() as i64))
}

/// `erlang:make_tuple/2`: a tuple of N copies of a term.
pub fn make_tuple(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let n = match args[0].as_small() {
        Some(n) if n >= 0 && n as u64 <= MAX_TUPLE_SIZE as u64 => n as usize,
        _ => return Err(Exception::badarg()),
    };
    charge(ctx, n);
    Ok(build::tuple(&mut ctx.process.heap, &vec![args[1]; n]))
}

/// `erlang:make_tuple/3`: a tuple of N copies of `Default`, with each
/// `{Position, Term}` of the list put in place (the last for a position
/// given twice). A position outside the tuple, or a list that is not a
/// proper list of such pairs: `badarg`.
pub fn make_tuple3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let n = match args[0].as_small() {
        Some(n) if n >= 0 && n as u64 <= MAX_TUPLE_SIZE as u64 => n as usize,
        _ => return Err(Exception::badarg()),
    };
    let pairs = proper_list(args[2])?;
    let mut elements = vec![args[1]; n];
    for pair in &pairs {
        match pair.as_tuple() {
            Some(&[index, value]) => elements[position(index, n)?] = value,
            _ => return Err(Exception::badarg()),
        }
    }
    charge(ctx, n + pairs.len());
    Ok(build::tuple(&mut ctx.process.heap, &elements))
}

/// `erlang:append_element/2`: the tuple with one more element at its end.
pub fn append_element(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[0].as_tuple().ok_or_else(Exception::badarg)?;
    if elements.len() >= MAX_TUPLE_SIZE {
        return Err(Exception::badarg());
    }
    let mut copy = Vec::with_capacity(elements.len() + 1);
    copy.extend_from_slice(elements);
    copy.push(args[1]);
    charge(ctx, copy.len());
    Ok(build::tuple(&mut ctx.process.heap, &copy))
}

/// `erlang:insert_element/3`: the tuple with a term inserted at a position
/// from 1 to its size plus one.
pub fn insert_element(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[1].as_tuple().ok_or_else(Exception::badarg)?;
    if elements.len() >= MAX_TUPLE_SIZE {
        return Err(Exception::badarg());
    }
    let index = position(args[0], elements.len() + 1)?;
    let mut copy = elements.to_vec();
    copy.insert(index, args[2]);
    charge(ctx, copy.len());
    Ok(build::tuple(&mut ctx.process.heap, &copy))
}

/// `erlang:delete_element/2`: the tuple without the element at a position.
pub fn delete_element(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[1].as_tuple().ok_or_else(Exception::badarg)?;
    let index = position(args[0], elements.len())?;
    let mut copy = elements.to_vec();
    copy.remove(index);
    charge(ctx, copy.len());
    Ok(build::tuple(&mut ctx.process.heap, &copy))
}

/// `erlang:tuple_to_list/1`.
pub fn tuple_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = args[0].as_tuple().ok_or_else(Exception::badarg)?.to_vec();
    charge(ctx, elements.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &elements))
}

/// `erlang:list_to_tuple/1`: the list must be proper.
pub fn list_to_tuple(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let elements = proper_list(args[0])?;
    if elements.len() > MAX_TUPLE_SIZE {
        return Err(Exception::badarg());
    }
    charge(ctx, elements.len());
    Ok(build::tuple(&mut ctx.process.heap, &elements))
}

/// `erlang:length/1`: an improper list raises `badarg`.
pub fn length(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let n = build::list_len(args[0]).ok_or_else(Exception::badarg)?;
    charge(ctx, n);
    Ok(build::integer(&mut ctx.process.heap, n as i64))
}

/// `erlang:hd/1`.
pub fn hd(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    args[0].as_cons().map(|(head, _)| head).ok_or_else(Exception::badarg)
}

/// `erlang:tl/1`.
pub fn tl(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    args[0].as_cons().map(|(_, tail)| tail).ok_or_else(Exception::badarg)
}

/// `A ++ B` for BIFs that append (`++/2`, `lists:append/2,1`): `A` must be
/// a proper list; `B` may be any term and becomes the tail.
pub(super) fn append_terms(ctx: &mut BifCtx<'_>, left: Term, right: Term) -> BifResult {
    if left.is_nil() {
        return Ok(right);
    }
    let elements = proper_list(left)?;
    charge(ctx, elements.len());
    Ok(build::list_from_slice_with_tail(&mut ctx.process.heap, &elements, right))
}

/// `erlang:'++'/2`.
pub fn append(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    append_terms(ctx, args[0], args[1])
}

/// `erlang:'--'/2`: each element of the second list removes the first
/// element of the first list that is exactly equal (`=:=`) to it.
pub fn subtract(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let left = proper_list(args[0])?;
    let right = proper_list(args[1])?;
    if left.is_empty() || right.is_empty() {
        return Ok(args[0]);
    }
    // How many more times each term of the right list may still remove an
    // element of the left one.
    let mut pending: BTreeMap<ExactKey, usize> = BTreeMap::new();
    for &term in &right {
        *pending.entry(ExactKey(term)).or_insert(0) += 1;
    }
    let mut kept = Vec::with_capacity(left.len());
    for &term in &left {
        match pending.get_mut(&ExactKey(term)) {
            Some(count) if *count > 0 => *count -= 1,
            _ => kept.push(term),
        }
    }
    let cost = (left.len() + right.len()) * (1 + right.len().ilog2() as usize);
    charge(ctx, cost);
    if kept.len() == left.len() {
        return Ok(args[0]);
    }
    Ok(build::list_from_slice(&mut ctx.process.heap, &kept))
}

/// `erlang:size/1`: the size of a tuple or the byte size of a binary.
pub fn size(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if let Some(elements) = args[0].as_tuple() {
        return Ok(Term::small_unchecked(elements.len() as i64));
    }
    byte_size(ctx, args)
}

/// `erlang:byte_size/1`: the bytes a bitstring takes, a partial last
/// byte counted whole.
pub fn byte_size(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = bitstring(args[0]).ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(bits.byte_size() as i64))
}

/// `erlang:bit_size/1`: the size of a bitstring in bits.
pub fn bit_size(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = bitstring(args[0]).ok_or_else(Exception::badarg)?;
    Ok(Term::small_unchecked(bits.bit_size() as i64))
}

/// Walks a list and returns its elements and whatever ends it (`[]` for a
/// proper list), for BIFs that treat improper lists specially.
pub(super) fn elements_and_tail(list: Term) -> (Vec<Term>, Term) {
    let mut iter = ListIter::new(list);
    let elements: Vec<Term> = iter.by_ref().collect();
    (elements, iter.rest())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;
    use crate::bif::BifFn;
    use crate::term::atoms;

    fn fails_with_badarg(bench: &mut Bench, f: BifFn, args: &str) {
        let error = bench.call_text(f, args).expect_err(args);
        assert_eq!(error.reason, Term::atom(atoms::BADARG), "{args}");
    }

    #[test]
    fn tuples() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(element, "2, {a, b, c}"), "b");
        assert_eq!(bench.eval(setelement, "1, {a, b}, x"), "{x,b}");
        assert_eq!(bench.eval(tuple_size, "{a, b, c}"), "3");
        assert_eq!(bench.eval(make_tuple, "3, x"), "{x,x,x}");
        assert_eq!(bench.eval(make_tuple, "0, x"), "{}");
        assert_eq!(bench.eval(tuple_to_list, "{1, {2}, 3}"), "[1,{2},3]");
        assert_eq!(bench.eval(tuple_to_list, "{}"), "[]");
        assert_eq!(bench.eval(list_to_tuple, "[1, 2]"), "{1,2}");
        assert_eq!(bench.eval(size, "{1, 2}"), "2");
        assert_eq!(bench.eval(size, "<<1, 2, 3>>"), "3");
        assert_eq!(bench.eval(byte_size, "<<\"abcdefghij\">>"), "10");
        for (f, args) in [
            (element as BifFn, "0, {a}"),
            (element, "2, {a}"),
            (element, "a, {a}"),
            (element, "1, x"),
            (element, "1180591620717411303424, {a}"),
            (setelement, "2, {a}, b"),
            (tuple_size, "x"),
            (make_tuple, "-1, a"),
            (make_tuple, "16777216, a"),
            (make_tuple, "a, a"),
            (tuple_to_list, "[]"),
            (list_to_tuple, "[a | b]"),
            (size, "x"),
            (size, "#{}"),
            (byte_size, "{a}"),
        ] {
            fails_with_badarg(&mut bench, f, args);
        }
    }

    #[test]
    fn lists() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(length, "[]"), "0");
        assert_eq!(bench.eval(length, "[1, 2, 3]"), "3");
        assert_eq!(bench.eval(hd, "[1, 2]"), "1");
        assert_eq!(bench.eval(tl, "[1, 2]"), "[2]");
        assert_eq!(bench.eval(tl, "[1 | 2]"), "2");
        assert_eq!(bench.eval(append, "[1, 2], [3]"), "[1,2,3]");
        assert_eq!(bench.eval(append, "[1], x"), "[1|x]");
        assert_eq!(bench.eval(append, "[], x"), "x");
        assert_eq!(bench.eval(subtract, "[1, 2, 3, 1], [1]"), "[2,3,1]");
        assert_eq!(bench.eval(subtract, "[1, 2, 3, 1, 2], [1, 2, 1, 4]"), "[3,2]");
        assert_eq!(bench.eval(subtract, "[1.0, 1], [1]"), "[1.0]");
        assert_eq!(bench.eval(subtract, "[{a, 1}, b], [{a, 1}]"), "[b]");
        assert_eq!(bench.eval(subtract, "[], [1]"), "[]");
        for (f, args) in [
            (length as BifFn, "[1 | x]"),
            (length, "x"),
            (hd, "[]"),
            (tl, "x"),
            (append, "[1 | x], [2]"),
            (append, "x, [1]"),
            (subtract, "[1, 2], [1 | x]"),
            (subtract, "[1 | x], [1]"),
            (subtract, "[], x"),
            (subtract, "x, []"),
        ] {
            fails_with_badarg(&mut bench, f, args);
        }
    }

    #[test]
    fn long_lists_cost_reductions() {
        let mut bench = Bench::new();
        let elements: Vec<Term> = (0..1000).map(Term::small_unchecked).collect();
        let list = build::list_from_slice(&mut bench.process.heap, &elements);
        assert_eq!(bench.call(length, &[list]).unwrap(), Term::small_unchecked(1000));
        assert_eq!(bench.reductions, 1000 / ELEMENTS_PER_REDUCTION as u32);
        let reversed: Vec<Term> = elements.iter().rev().copied().collect();
        let other = build::list_from_slice(&mut bench.process.heap, &reversed);
        let result = bench.call(subtract, &[list, other]).unwrap();
        assert_eq!(result, Term::NIL);
    }
}
