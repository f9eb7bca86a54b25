//! The process dictionary's BIFs: `put/2`, `get/0,1`, `erase/0,1`,
//! `get_keys/0,1` (the dictionary itself is
//! [`crate::process::dictionary`]).

use super::BifCtx;
use crate::exception::BifResult;
use crate::process::dictionary::Dictionary;
use crate::process::Process;
use crate::term::compare::exact_eq;
use crate::term::{atoms, build, Term};

/// `undefined`: what `get/1`, `put/2` and `erase/1` give for a key not there.
const UNDEFINED: Term = Term::atom(atoms::UNDEFINED);

/// `erlang:put/2`: sets a key, returning its previous value or `undefined`.
pub fn put(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(ctx.process.extras_mut().dictionary.put(args[0], args[1]).unwrap_or(UNDEFINED))
}

/// `erlang:get/1`: the value of a key, or `undefined`.
pub fn get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(dictionary(ctx.process).and_then(|dictionary| dictionary.get(args[0])).unwrap_or(UNDEFINED))
}

/// `erlang:get/0`: every `{Key, Value}` pair.
pub fn get_all(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(pairs_list(ctx))
}

/// `erlang:erase/1`: removes a key, returning its value or `undefined`.
pub fn erase(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(ctx.process.extras.as_mut().and_then(|extras| extras.dictionary.erase(args[0])).unwrap_or(UNDEFINED))
}

/// `erlang:erase/0`: removes every key, returning the `{Key, Value}` pairs
/// there were.
pub fn erase_all(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let pairs = pairs_list(ctx);
    if let Some(extras) = &mut ctx.process.extras {
        extras.dictionary = Dictionary::default();
    }
    Ok(pairs)
}

/// `erlang:get_keys/0`: every key.
pub fn get_keys(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    keys_where(ctx, |_| true)
}

/// `erlang:get_keys/1`: the keys whose value is exactly `Value`.
pub fn get_keys_of(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let wanted = args[0];
    keys_where(ctx, |value| exact_eq(value, wanted))
}

fn keys_where(ctx: &mut BifCtx<'_>, wanted: impl Fn(Term) -> bool) -> BifResult {
    let keys: Vec<Term> = match dictionary(ctx.process) {
        Some(dictionary) => dictionary.pairs().filter(|&(_, value)| wanted(value)).map(|(key, _)| key).collect(),
        None => Vec::new(),
    };
    super::data::charge(ctx, keys.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &keys))
}

/// The dictionary's pairs as a list of `{Key, Value}` tuples, built on the
/// caller's heap.
fn pairs_list(ctx: &mut BifCtx<'_>) -> Term {
    super::data::charge(ctx, dictionary(ctx.process).map_or(0, Dictionary::len));
    pairs_on_heap(ctx.process)
}

/// `process`'s dictionary as a list of `{Key, Value}` tuples, built on its
/// heap (`get/0`, and `process_info/2`'s `dictionary`).
pub(super) fn pairs_on_heap(process: &mut Process) -> Term {
    let pairs: Vec<(Term, Term)> = dictionary(process).map_or_else(Vec::new, |d| d.pairs().collect());
    let heap = &mut process.heap;
    let tuples: Vec<Term> = pairs.into_iter().map(|(key, value)| build::tuple(heap, &[key, value])).collect();
    build::list_from_slice(heap, &tuples)
}

/// `process`'s dictionary, if it has ever had one.
fn dictionary(process: &Process) -> Option<&Dictionary> {
    process.extras.as_ref().map(|extras| &extras.dictionary)
}
