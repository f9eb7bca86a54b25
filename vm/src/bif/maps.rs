//! Map BIFs: `maps:get/2,3`, `put/3`, `find/2`, `remove/2`, `keys/1`,
//! `values/1`, `from_list/1`, `to_list/1`, `is_key/2`, `size/1`, `new/0`,
//! `merge/2`, `take/2`, `update/3`,
//! and `erlang:map_size/1`, `map_get/2`, `is_map_key/2`.
//!
//! A map argument that is not a map raises `{badmap, Term}`; a missing key
//! in `maps:get/2` raises `{badkey, Key}`. Keys are matched exactly (`=:=`),
//! and listed in map key order (integers before floats), as Erlang prints
//! small maps.

use super::data::{charge, elements_and_tail};
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::memory::heap::Heap;
use crate::term::map::{
    is_map, map_from_pairs, map_get, map_new, map_pairs, map_pairs_from, map_put, map_put_many, map_remove, map_size,
    map_update_size,
};
use crate::term::{atoms, build, Atom, Term};

/// The error `{Tag, Term}`.
fn tagged_error(heap: &mut Heap, tag: Atom, term: Term) -> Exception {
    Exception::error(build::tuple(heap, &[Term::atom(tag), term]))
}

/// The map argument, or the `{badmap, Term}` error.
fn expect_map(ctx: &mut BifCtx<'_>, term: Term) -> Result<Term, Exception> {
    if is_map(term) {
        Ok(term)
    } else {
        Err(tagged_error(&mut ctx.process.heap, atoms::BADMAP, term))
    }
}

/// `maps:get/2` and `erlang:map_get/2`: the value of a key.
pub fn get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (key, map) = (args[0], expect_map(ctx, args[1])?);
    map_get(map, key).ok_or_else(|| tagged_error(&mut ctx.process.heap, atoms::BADKEY, key))
}

/// `maps:get/3`: the value of a key, or the default.
pub fn get3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[1])?;
    Ok(map_get(map, args[0]).unwrap_or(args[2]))
}

/// `maps:put/3`: the map with the key set to the value.
pub fn put(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[2])?;
    charge(ctx, map_update_size(map));
    Ok(map_put(&mut ctx.process.heap, map, args[0], args[1]))
}

/// `maps:merge/2`: the keys of both maps; for a key in both, the second
/// map's value. The first argument that is not a map raises `{badmap, M}`.
pub fn merge(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let first = expect_map(ctx, args[0])?;
    let second = expect_map(ctx, args[1])?;
    let pairs: Vec<(Term, Term)> = map_pairs(second).collect();
    charge(ctx, map_size(first) + pairs.len());
    Ok(map_put_many(&mut ctx.process.heap, first, &pairs))
}

/// `maps:take/2`: `{Value, MapWithoutKey}`, or `error` when the key is absent.
pub fn take(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[1])?;
    let Some(value) = map_get(map, args[0]) else { return Ok(Term::atom(atoms::ERROR)) };
    charge(ctx, map_update_size(map));
    let rest = map_remove(&mut ctx.process.heap, map, args[0]);
    Ok(build::tuple(&mut ctx.process.heap, &[value, rest]))
}

/// `maps:update/3`: the map with an existing key set to the value; a
/// missing key raises `{badkey, K}`.
pub fn update(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[2])?;
    if map_get(map, args[0]).is_none() {
        return Err(tagged_error(&mut ctx.process.heap, atoms::BADKEY, args[0]));
    }
    charge(ctx, map_update_size(map));
    Ok(map_put(&mut ctx.process.heap, map, args[0], args[1]))
}

/// `maps:find/2`: `{ok, Value}` or `error`.
pub fn find(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[1])?;
    Ok(match map_get(map, args[0]) {
        Some(value) => build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::OK), value]),
        None => Term::atom(atoms::ERROR),
    })
}

/// `maps:remove/2`: the map without the key (the same map when it is absent).
pub fn remove(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[1])?;
    charge(ctx, map_update_size(map));
    Ok(map_remove(&mut ctx.process.heap, map, args[0]))
}

/// `maps:keys/1`: the keys in key order.
pub fn keys(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[0])?;
    let keys: Vec<Term> = map_pairs(map).map(|(key, _)| key).collect();
    charge(ctx, keys.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &keys))
}

/// `maps:values/1`: the values in the order of their keys.
pub fn values(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[0])?;
    let values: Vec<Term> = map_pairs(map).map(|(_, value)| value).collect();
    charge(ctx, values.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &values))
}

/// `maps:from_list/1`: a map of `{Key, Value}` pairs; a later pair wins.
/// Anything but a proper list of pairs raises `badarg`.
pub fn from_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (elements, tail) = elements_and_tail(args[0]);
    if !tail.is_nil() {
        return Err(Exception::badarg());
    }
    let pairs = elements
        .iter()
        .map(|element| match element.as_tuple() {
            Some(&[key, value]) => Ok((key, value)),
            _ => Err(Exception::badarg()),
        })
        .collect::<Result<Vec<(Term, Term)>, Exception>>()?;
    let n = pairs.len();
    charge(ctx, n * (1 + n.max(1).ilog2() as usize));
    Ok(map_from_pairs(&mut ctx.process.heap, pairs))
}

/// `maps:from_keys/2`: a map of each key of the list to the one value; a
/// key given twice is one key. Anything but a proper list raises `badarg`.
pub fn from_keys(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (keys, tail) = elements_and_tail(args[0]);
    if !tail.is_nil() {
        return Err(Exception::badarg());
    }
    let pairs: Vec<(Term, Term)> = keys.iter().map(|&key| (key, args[1])).collect();
    let n = pairs.len();
    charge(ctx, n * (1 + n.max(1).ilog2() as usize));
    Ok(map_from_pairs(&mut ctx.process.heap, pairs))
}

/// `maps:to_list/1`: the `{Key, Value}` pairs in key order.
pub fn to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[0])?;
    let heap = &mut ctx.process.heap;
    let pairs: Vec<Term> = map_pairs(map).map(|(key, value)| build::tuple(heap, &[key, value])).collect();
    charge(ctx, pairs.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
}

/// `maps:is_key/2` and `erlang:is_map_key/2`.
pub fn is_key(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[1])?;
    Ok(Term::boolean(map_get(map, args[0]).is_some()))
}

/// `maps:size/1` and `erlang:map_size/1`.
pub fn size(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let map = expect_map(ctx, args[0])?;
    Ok(Term::small_unchecked(map_size(map) as i64))
}

/// `maps:new/0`: an empty map.
pub fn new(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(map_new(&mut ctx.process.heap))
}

/// Pairs one step of a map iterator returns at most: a small map's all,
/// and a large map's a leaf's worth at a time, so that a walk that stops
/// early (`maps:fold/3` with a `throw`, as OTP's supervisor looks a child
/// up by pid) builds only what it walks.
const NEXT_PAIRS: usize = 32;

/// `erts_internal:map_next/3` with `iterator`: the step of a map iterator
/// that OTP's `maps:next/1` (and so `maps:fold/3`, `maps:filter/2`,
/// `maps:map/2`, …) takes. As OTP does, it returns the next pairs from the
/// iterator's path on, in key order, as a chain `{Key, Value, {Key, Value,
/// ... Tail}}`, which `maps:next/1` then walks: the tail is `none` after
/// the last pair, else the iterator of the rest, `[Path | Map]`; girder's
/// path is the index of the first pair. At most [`NEXT_PAIRS`] pairs come
/// at a time. Anything else: `badarg`.
pub fn map_next(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (path, map, kind) = (args[0], args[1], args[2]);
    if !is_map(map) || kind != Term::atom(atoms::ITERATOR) {
        return Err(Exception::badarg());
    }
    let start = path.as_small().and_then(|index| usize::try_from(index).ok()).ok_or_else(Exception::badarg)?;
    let size = map_size(map);
    let end = size.min(start.saturating_add(NEXT_PAIRS));
    charge(ctx, end.saturating_sub(start));
    let heap = &mut ctx.process.heap;
    let mut chain = if end < size {
        // The index fits a small integer: a map has fewer pairs than that.
        build::cons(heap, Term::small_unchecked(end as i64), map)
    } else {
        Term::atom(atoms::NONE)
    };
    // One walk down to the first pair, then the leaf's pairs in turn; the
    // chain is built from its end.
    let mut pairs = [(Term::NIL, Term::NIL); NEXT_PAIRS];
    let mut n = 0;
    for (slot, pair) in pairs.iter_mut().zip(map_pairs_from(map, start).take(end - start)) {
        *slot = pair;
        n += 1;
    }
    for &(key, value) in pairs[..n].iter().rev() {
        chain = build::tuple(heap, &[key, value, chain]);
    }
    Ok(chain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;
    use crate::bif::BifFn;

    #[test]
    fn reading() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(get, "a, #{a => 1}"), "1");
        assert_eq!(bench.eval(get3, "b, #{a => 1}, none"), "none");
        assert_eq!(bench.eval(get3, "a, #{a => 1}, none"), "1");
        assert_eq!(bench.eval(find, "a, #{a => 1}"), "{ok,1}");
        assert_eq!(bench.eval(find, "1.0, #{1 => a}"), "error");
        assert_eq!(bench.eval(is_key, "a, #{a => 1}"), "true");
        assert_eq!(bench.eval(is_key, "b, #{a => 1}"), "false");
        assert_eq!(bench.eval(size, "#{a => 1, b => 2}"), "2");
        assert_eq!(bench.eval(keys, "#{2 => a, 1.5 => b, a => c, 1 => d}"), "[1,2,1.5,a]");
        assert_eq!(bench.eval(values, "#{2 => a, 1.5 => b, a => c, 1 => d}"), "[d,a,b,c]");
        assert_eq!(bench.eval(to_list, "#{b => 2, a => 1}"), "[{a,1},{b,2}]");
        assert_eq!(bench.eval(keys, "#{}"), "[]");
        assert_eq!(bench.reason(get, "a, #{}"), "{badkey,a}");
        assert_eq!(bench.reason(get, "a, x"), "{badmap,x}");
        for (f, args) in [
            (get3 as BifFn, "a, x, d"),
            (find, "a, x"),
            (is_key, "a, x"),
            (size, "x"),
            (keys, "x"),
            (values, "x"),
            (to_list, "x"),
            (remove, "a, x"),
            (put, "a, 1, x"),
        ] {
            assert_eq!(bench.reason(f, args), "{badmap,x}", "{args}");
        }
    }

    #[test]
    fn building() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(new, ""), "#{}");
        assert_eq!(bench.eval(put, "b, 2, #{a => 1}"), "#{a => 1,b => 2}");
        assert_eq!(bench.eval(put, "a, 2, #{a => 1}"), "#{a => 2}");
        assert_eq!(bench.eval(remove, "a, #{a => 1, b => 2}"), "#{b => 2}");
        assert_eq!(bench.eval(remove, "c, #{a => 1}"), "#{a => 1}");
        assert_eq!(bench.eval(from_list, "[{b, 2}, {a, 1}, {b, 3}]"), "#{a => 1,b => 3}");
        assert_eq!(bench.eval(from_list, "[{1, a}, {1.0, b}, {1, c}]"), "#{1 => c,1.0 => b}");
        assert_eq!(bench.eval(from_list, "[]"), "#{}");
        for args in ["x", "[a]", "[{a, 1} | x]", "[{a, 1, 2}]"] {
            assert_eq!(bench.reason(from_list, args), "badarg", "{args}");
        }
    }
}
