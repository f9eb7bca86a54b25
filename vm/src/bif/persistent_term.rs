//! The native functions of OTP's `persistent_term`: terms stored VM-wide
//! under any key, read without a copy.
//!
//! The table and its design are `term::persistent` (one table per VM,
//! lock-free reads of an immutable snapshot) and `memory::area` (each term
//! in an immutable block outside every heap, kept alive by the heaps that
//! hold terms in it). `get/1` gives the caller a pointer into the term's
//! area, as OTP gives a pointer to a literal: no copy, whatever the term's
//! size, and off-heap binaries inside it are never duplicated.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::map::map_from_pairs;
use crate::term::{atoms, build, Term};

/// `persistent_term:put/2`: stores a copy of the value under the key;
/// replaces what was there unless it is `=:=` to the value. Charged in
/// proportion to the words copied.
pub fn put(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let copied = ctx.vm.persistent_terms.put(args[0], args[1]);
    ctx.reductions = ctx.reductions.saturating_add(u32::try_from(copied / 16).unwrap_or(u32::MAX));
    Ok(Term::atom(atoms::OK))
}

/// `persistent_term:get/1`: the value stored under the key; none: `badarg`.
pub fn get(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    ctx.vm.persistent_terms.get(args[0], &mut ctx.process.heap).ok_or_else(Exception::badarg)
}

/// `persistent_term:get/2`: the value stored under the key, or the default.
pub fn get2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(ctx.vm.persistent_terms.get(args[0], &mut ctx.process.heap).unwrap_or(args[1]))
}

/// `persistent_term:get/0`: every `{Key, Value}` stored.
pub fn get0(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let pairs = ctx.vm.persistent_terms.all(&mut ctx.process.heap);
    ctx.reductions = ctx.reductions.saturating_add(u32::try_from(pairs.len() / 16).unwrap_or(u32::MAX));
    Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
}

/// `persistent_term:erase/1`: whether the key was there.
pub fn erase(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(ctx.vm.persistent_terms.erase(args[0])))
}

/// `persistent_term:info/0`: `#{count => N, memory => Bytes}`.
pub fn info(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let (count, memory) = ctx.vm.persistent_terms.info();
    let heap = &mut ctx.process.heap;
    let pairs = vec![
        (Term::atom(atoms::COUNT), build::integer(heap, i64::try_from(count).unwrap_or(i64::MAX))),
        (Term::atom(atoms::MEMORY), build::integer(heap, i64::try_from(memory).unwrap_or(i64::MAX))),
    ];
    Ok(map_from_pairs(heap, pairs))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn put_get_erase_info() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(info, ""), "#{count => 0,memory => 24}");
        assert_eq!(bench.eval(put, "{a, 1}, [1, <<116,119,111>>, 3.0]"), "ok");
        assert_eq!(bench.eval(get, "{a, 1}"), "[1,<<116,119,111>>,3.0]");
        assert_eq!(bench.reason(get, "{a, 1.0}"), "badarg");
        assert_eq!(bench.eval(get2, "missing, default"), "default");
        assert_eq!(bench.eval(put, "b, x"), "ok");
        assert_eq!(bench.eval(get0, ""), "[{b,x},{{a,1},[1,<<116,119,111>>,3.0]}]");
        assert!(bench.eval(info, "").starts_with("#{count => 2,"));
        assert_eq!(bench.eval(erase, "b"), "true");
        assert_eq!(bench.eval(erase, "b"), "false");
        assert!(bench.eval(info, "").starts_with("#{count => 1,"));
    }
}
