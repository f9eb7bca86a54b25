//! `erlang:phash2/1,2` and `erlang:phash/2`: OTP's portable term hashes,
//! whose walks are `term::hash`'s.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::build;
use crate::term::hash::{make_hash, make_hash2};
use crate::term::Term;

/// `erlang:phash2/1`: the hash in `0..2^27`.
pub fn phash2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let hash = charged(ctx, args[0], make_hash2);
    Ok(Term::small_unchecked(i64::from(hash & ((1 << 27) - 1))))
}

/// `erlang:phash2/2`: the hash in `0..Range`, for a range from 1 to 2^32.
pub fn phash2_range(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let range = hash_range(args[1])?;
    let hash = u64::from(charged(ctx, args[0], make_hash2));
    Ok(build::integer(&mut ctx.process.heap, (hash % range) as i64))
}

/// The `Range` argument of `phash/2` and `phash2/2`: from 1 to 2^32.
fn hash_range(range: Term) -> Result<u64, Exception> {
    match range.as_small() {
        Some(range @ 1..=0x1_0000_0000) => Ok(range as u64),
        _ => Err(Exception::badarg()),
    }
}

/// Hashes `root` with `hash`, charging the reductions of its walk.
fn charged(ctx: &mut BifCtx<'_>, root: Term, hash: fn(Term, &mut usize) -> u32) -> u32 {
    let mut walked = 0usize;
    let value = hash(root, &mut walked);
    super::data::charge(ctx, walked);
    value
}

/// `erlang:phash/2`: OTP's old portable hash (`make_hash`) of a term, in
/// `1..Range`, for a range from 1 to 2^32.
///
/// It multiplies the running hash by a prime and adds a value, per byte of
/// an integer's magnitude (least significant first, a whole number of
/// 32-bit words), per string character, per whole byte of a bitstring
/// (then its trailing bits' value and count, when it has some), per atom (the
/// `hashpjw` hash of its name, as in `phash2`) and per float (the exclusive
/// or of its two 32-bit halves, `-0.0` as `0.0`); a list adds its elements,
/// its tail and one last multiplication, a tuple its elements then its
/// size, a map its `phash2` hash. Pids, references and local funs are
/// hashed by girder's numbers, which differ from OTP's (a local fun's
/// `old_uniq` counts as 0), so their values are girder's own.
pub fn phash(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let range = hash_range(args[1])?;
    let hash = u64::from(charged(ctx, args[0], make_hash));
    Ok(build::integer(&mut ctx.process.heap, (hash % range + 1) as i64))
}
