//! BIFs about the calling process and the VM: `self/0`, `make_ref/0`,
//! `node/0`, `halt/0,1`, `unique_integer/0,1`.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{atoms, build, Term};
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};

/// `erlang:self/0`.
pub fn self_pid(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(ctx.process.pid)
}

/// `erlang:make_ref/0`.
pub fn make_ref(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let number = ctx.vm.next_ref();
    Ok(build::reference(&mut ctx.process.heap, number))
}

/// The last integer `unique_integer/0,1` gave, on the whole VM.
static LAST_UNIQUE: AtomicU64 = AtomicU64::new(0);

/// `erlang:unique_integer/0`.
pub fn unique_integer(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    next_unique(ctx)
}

/// `erlang:unique_integer/1`: options `positive` and `monotonic`, in a
/// proper list; anything else is `badarg`. girder's integers are positive
/// and strictly increasing across the VM whatever the options, which
/// every combination allows.
pub fn unique_integer1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let options = build::list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let known = |option: &Term| option.as_atom().is_some_and(|atom| matches!(atom.name(), "positive" | "monotonic"));
    if !options.iter().all(known) {
        return Err(Exception::badarg());
    }
    next_unique(ctx)
}

fn next_unique(ctx: &mut BifCtx<'_>) -> BifResult {
    let value = LAST_UNIQUE.fetch_add(1, AtomicOrdering::Relaxed) + 1;
    Ok(build::integer(&mut ctx.process.heap, i64::try_from(value).unwrap_or(i64::MAX)))
}

/// `erlang:node/0`: the node's name (`nonode@nohost` when not distributed).
pub fn node(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::atom(crate::term::node::this_node()))
}

/// `erlang:halt/0`.
pub fn halt(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    ctx.halt = Some(0);
    Err(Exception::new(crate::exception::Class::Exit, Term::atom(atoms::KILLED)))
}

/// `erlang:halt/1`: a status from 0 to 255.
pub fn halt1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match args[0].as_small() {
        Some(status @ 0..=255) => {
            ctx.halt = Some(status as i32);
            Err(Exception::new(crate::exception::Class::Exit, Term::atom(atoms::KILLED)))
        }
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:monotonic_time/0`, in nanoseconds (the native unit), from OTP's
/// start value: the clock BIF timers count by too (see [`crate::timer`]),
/// so that `send_after/4` with `{abs, true}` takes its values.
pub fn monotonic_time(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(build::integer(&mut ctx.process.heap, crate::timer::monotonic_nanos()))
}

/// `erlang:monotonic_time/1`: in any time unit (`second`, `millisecond`,
/// `microsecond`, `nanosecond`, `native`, `perf_counter`, the deprecated
/// plural names, or parts per second).
pub fn monotonic_time1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    super::time::monotonic_in(ctx, args[0])
}

/// `erlang:garbage_collect/0`: collects the caller's heap; `true`. The BIF
/// asks for a yield, whose safe point collects (`flags::GC_REQUESTED`),
/// and returns when called again after it.
pub fn garbage_collect(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    after_one_yield(ctx, crate::process::flags::GC_REQUESTED)
}

/// `true` for a BIF called again after the yield it asked for: the first
/// call sets `flag` and asks to be retried (the yield does the work the
/// flag asks for), the second clears it and returns.
fn after_one_yield(ctx: &mut BifCtx<'_>, flag: u8) -> BifResult {
    if ctx.process.flags & flag != 0 {
        ctx.process.flags &= !flag;
        return Ok(Term::boolean(true));
    }
    ctx.process.flags |= flag;
    Err(ctx.retry_later())
}

/// `erlang:garbage_collect/1`: collects the caller's heap (`true`), or
/// another live local process's at its next yield (`true`); `false`
/// for a process that is not alive. Anything but a local pid: `badarg`.
pub fn garbage_collect1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let pid = args[0];
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.process.pid {
        return garbage_collect(ctx, args);
    }
    let Some(cell) = ctx.vm.processes.get(pid) else { return Ok(Term::boolean(false)) };
    if cell.state() == crate::process::table::State::Exited {
        return Ok(Term::boolean(false));
    }
    let Some(mut target) = cell.try_lock() else { return Err(ctx.retry_later()) };
    // Its next yield collects (before it next runs, when it is waiting).
    target.flags |= crate::process::flags::GC_REQUESTED_ELSEWHERE;
    Ok(Term::boolean(true))
}

/// `erlang:yield/0`: ends the caller's time slice; `true`.
pub fn yield_now(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    after_one_yield(ctx, crate::process::flags::YIELDED)
}
