//! Timer BIFs: `erlang:send_after/3,4`, `start_timer/3,4`,
//! `cancel_timer/1,2`, `read_timer/1,2`, and the native half of girder's
//! `timer` module (`send_after/3`, `apply_after/4`, `send_interval/3`,
//! `apply_interval/4`, `cancel/1`; the rest is `bin/stdlib/timer.gasm`).
//!
//! The timers live in the VM's timer service ([`crate::timer`]), keyed by
//! their reference's number. OTP's `timer` module keeps its timers in a
//! server process; girder has no such process and keeps them in the same
//! service, with the answers OTP gives: `{ok, {instant | send_local | once
//! | interval, Ref}}`, `{error, badarg}`, `{ok, cancel}`.

use super::processes;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::process::signal::Signal;
use crate::term::{atoms, build, Atom, Term};
use crate::timer::{self, Action, Kind, Timer};

/// The options of `send_after/4` and `start_timer/4`: whether the time is
/// absolute. A list that is not proper, or an element other than `{abs,
/// Bool}`, is `badarg` with cause `badopt`; the last `abs` wins.
fn absolute_option(options: Term) -> Result<bool, Exception> {
    let badopt = || Exception::badarg_because(atoms::BADOPT);
    let options = build::list_to_vec(options).ok_or_else(badopt)?;
    let mut absolute = false;
    for option in options {
        match option.as_tuple() {
            Some(&[key, value]) if key == Term::atom(atoms::ABS) && value.is_boolean() => {
                absolute = value == Term::boolean(true);
            }
            _ => return Err(badopt()),
        }
    }
    Ok(absolute)
}

/// Starts a timer of `send_after` (or `start_timer`, when `timeout`): the
/// options, then the time, then the destination are checked, in OTP's order.
fn start_erlang_timer(ctx: &mut BifCtx<'_>, args: &[Term], options: Term, timeout: bool) -> BifResult {
    let (time, destination, message) = (args[0], args[1], args[2]);
    let absolute = absolute_option(options)?;
    let deadline = timer::deadline_of(time, absolute).ok_or_else(|| Exception::badarg_because(atoms::TIME))?;
    if !destination.is_local_pid() && !destination.is_atom() {
        return Err(Exception::badarg());
    }
    let (reference, number) = timer::new_reference(ctx.vm, &mut ctx.process.heap);
    let message = if timeout {
        build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::TIMEOUT), reference, message])
    } else {
        message
    };
    let owner = destination.is_local_pid().then_some(destination);
    let timer = Timer {
        kind: Kind::Erlang,
        deadline,
        period: None,
        owner,
        action: Action::Send {
            to: timer::copy_payload(destination),
            message: timer::copy_message(message),
            from: ctx.process.pid,
        },
    };
    ctx.vm.bif_timers.start(ctx.vm, number, timer);
    Ok(reference)
}

/// `erlang:send_after/3`: `Msg` to a local pid or a registered name (looked
/// up when the timer fires) after `Time` milliseconds; returns the timer's
/// reference.
pub fn send_after3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    start_erlang_timer(ctx, args, Term::NIL, false)
}

/// `erlang:send_after/4`: as `send_after/3`, with option `{abs, true}`
/// making `Time` a point of `erlang:monotonic_time(millisecond)`.
pub fn send_after4(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    start_erlang_timer(ctx, args, args[3], false)
}

/// `erlang:start_timer/3`: as `send_after/3`, the message being
/// `{timeout, Ref, Msg}`.
pub fn start_timer3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    start_erlang_timer(ctx, args, Term::NIL, true)
}

/// `erlang:start_timer/4`: as `send_after/4`, the message being
/// `{timeout, Ref, Msg}`.
pub fn start_timer4(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    start_erlang_timer(ctx, args, args[3], true)
}

/// The options of `cancel_timer/2` (`async` and `info`) and `read_timer/2`
/// (`async` only): a proper list of `{Name, Bool}`; the last of each wins.
fn timer_options(options: Term, info_allowed: bool) -> Result<(bool, bool), Exception> {
    let options = build::list_to_vec(options).ok_or_else(Exception::badarg)?;
    let (mut asynchronous, mut info) = (false, true);
    for option in options {
        let Some(&[key, value]) = option.as_tuple() else { return Err(Exception::badarg()) };
        if !value.is_boolean() {
            return Err(Exception::badarg());
        }
        let value = value == Term::boolean(true);
        match key.as_atom() {
            Some(atoms::ASYNC) => asynchronous = value,
            Some(atoms::INFO) if info_allowed => info = value,
            _ => return Err(Exception::badarg()),
        }
    }
    Ok((asynchronous, info))
}

/// The milliseconds a timer has left, or `false`.
fn time_left(ctx: &mut BifCtx<'_>, nanos: Option<u64>) -> Term {
    match nanos {
        Some(nanos) => {
            let ms = timer::millis_left(nanos, 0);
            build::integer(&mut ctx.process.heap, i64::try_from(ms).unwrap_or(i64::MAX))
        }
        None => Term::boolean(false),
    }
}

/// Cancels (or, with `cancel` false, reads) the timer `reference` of
/// `erlang:send_after` or `start_timer`, answering as the options ask.
fn cancel_or_read(ctx: &mut BifCtx<'_>, reference: Term, options: Term, cancel: bool) -> BifResult {
    if !reference.is_reference() {
        return Err(Exception::badarg());
    }
    let (asynchronous, info) = timer_options(options, cancel)?;
    // A reference of another node names no timer here.
    let left = build::ref_number(reference).and_then(|number| {
        let timers = &ctx.vm.bif_timers;
        if cancel {
            timers.cancel(ctx.vm, number, Kind::Erlang)
        } else {
            timers.read(ctx.vm, number, Kind::Erlang)
        }
    });
    let result = time_left(ctx, left);
    if !asynchronous {
        return Ok(if info { result } else { Term::atom(atoms::OK) });
    }
    if info {
        let tag = if cancel { atoms::CANCEL_TIMER } else { atoms::READ_TIMER };
        let message = build::tuple(&mut ctx.process.heap, &[Term::atom(tag), reference, result]);
        // Through the inbox, behind whatever the timer itself sent.
        crate::process::lifecycle::deliver(ctx.vm, ctx.process.pid, Signal::message(message));
    }
    Ok(Term::atom(atoms::OK))
}

/// `erlang:cancel_timer/1`: the milliseconds the timer had left, or `false`
/// when it is not pending (it fired, was cancelled, is not a timer, or its
/// process has ended).
pub fn cancel_timer1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    cancel_or_read(ctx, args[0], Term::NIL, true)
}

/// `erlang:cancel_timer/2`: options `{async, Bool}` (the answer arrives as
/// `{cancel_timer, Ref, Result}`, the call returning `ok`) and `{info,
/// Bool}` (without info: `ok`, and no message).
pub fn cancel_timer2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    cancel_or_read(ctx, args[0], args[1], true)
}

/// `erlang:read_timer/1`: the milliseconds the timer has left, or `false`.
pub fn read_timer1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    cancel_or_read(ctx, args[0], Term::NIL, false)
}

/// `erlang:read_timer/2`: option `{async, Bool}` (the answer arrives as
/// `{read_timer, Ref, Result}`).
pub fn read_timer2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    cancel_or_read(ctx, args[0], args[1], false)
}

// ---- the timer module ----

/// `{ok, {Tag, Ref}}`.
fn ok_tref(ctx: &mut BifCtx<'_>, tag: Atom, reference: Term) -> Term {
    let tref = build::tuple(&mut ctx.process.heap, &[Term::atom(tag), reference]);
    build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::OK), tref])
}

/// `{ok, {instant, Ref}}`, for what was done at once.
fn ok_instant(ctx: &mut BifCtx<'_>) -> Term {
    let (reference, _) = timer::new_reference(ctx.vm, &mut ctx.process.heap);
    ok_tref(ctx, atoms::INSTANT, reference)
}

/// `{error, badarg}`.
fn error_badarg(ctx: &mut BifCtx<'_>) -> Term {
    build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ERROR), Term::atom(atoms::BADARG)])
}

/// Whether `term` is a time the `timer` module takes: an integer from 0.
fn is_time(term: Term) -> bool {
    term.is_integer() && crate::term::bigint::to_num(term).is_some_and(|number| !number_is_negative(&number))
}

fn number_is_negative(number: &crate::term::bigint::Num) -> bool {
    use num_traits::Signed;
    match number {
        crate::term::bigint::Num::Int(value) => *value < 0,
        crate::term::bigint::Num::Big(value) => value.is_negative(),
        crate::term::bigint::Num::Float(value) => *value < 0.0,
    }
}

/// Whether `term` is `{Atom, Atom}`, a registered name on a node.
fn is_name_on_node(term: Term) -> bool {
    matches!(term.as_tuple(), Some(&[name, node]) if name.is_atom() && node.is_atom())
}

/// Whether `term` is a destination of `timer:send_after/3` and
/// `send_interval/3`: a pid, a name, or `{Name, Node}`.
fn is_destination(term: Term) -> bool {
    term.is_pid() || term.is_atom() || is_name_on_node(term)
}

/// Whether `term` satisfies `is_list/1`.
fn is_list(term: Term) -> bool {
    term.is_nil() || term.as_cons().is_some()
}

/// What OTP's timer server does for `{M, F, A}` when its time comes: a
/// send for `{timer, send, [Dest, Msg]}`, an exit signal for `{erlang,
/// exit, [Target, Reason]}`, otherwise a spawn of `M:F(A...)`.
fn apply_action(ctx: &mut BifCtx<'_>, module: Term, function: Term, args: Term) -> Action {
    let pair = build::list_to_vec(args).filter(|args| args.len() == 2);
    match (module.as_atom(), function.as_atom(), pair) {
        (Some(atoms::TIMER), Some(atoms::SEND), Some(pair)) => Action::Send {
            to: timer::copy_payload(pair[0]),
            message: timer::copy_message(pair[1]),
            from: ctx.process.pid,
        },
        (Some(atoms::TIMER), Some(atoms::SEND), None) => Action::Nothing,
        (Some(atoms::ERLANG), Some(atoms::EXIT), Some(pair)) => Action::Exit {
            target: timer::copy_payload(pair[0]),
            reason: timer::copy_payload(pair[1]),
            from: ctx.process.pid,
        },
        _ => {
            let mfa = build::tuple(&mut ctx.process.heap, &[module, function, args]);
            Action::Apply { mfa: timer::copy_payload(mfa) }
        }
    }
}

/// Does at once what `apply_action` arranges for later, as OTP's
/// `timer:apply_after(0, ...)` does in the calling process: the call's own
/// failures are caught, but an exit signal that ends the caller ends it.
fn apply_now(ctx: &mut BifCtx<'_>, module: Term, function: Term, args: Term) -> Result<(), Exception> {
    let pair = build::list_to_vec(args).filter(|args| args.len() == 2);
    let outcome = match (module.as_atom(), function.as_atom(), pair) {
        (Some(atoms::TIMER), Some(atoms::SEND), Some(pair)) => processes::send(ctx, &pair),
        (Some(atoms::TIMER), Some(atoms::SEND), None) => return Ok(()),
        (Some(atoms::ERLANG), Some(atoms::EXIT), Some(pair)) => {
            let target = match pair[0].as_atom() {
                Some(name) => ctx.vm.registry.whereis(name),
                None => pair[0].is_pid().then_some(pair[0]),
            };
            match target {
                Some(pid) => processes::exit2(ctx, &[pid, pair[1]]),
                None => return Ok(()),
            }
        }
        _ => processes::spawn3(ctx, &[module, function, args]),
    };
    match outcome {
        Err(exception) if ctx.exit.is_some() || ctx.retry => Err(exception),
        _ => Ok(()),
    }
}

/// Starts a `timer` module timer of `kind` with `action`, after `time`
/// milliseconds (repeating every `time` for an interval): `{ok, {Tag,
/// Ref}}`, or `{error, badarg}` when the time is out of range.
fn start_module_timer(ctx: &mut BifCtx<'_>, time: Term, kind: Kind, owner: Option<Term>, action: Action) -> Term {
    let Some(deadline) = timer::deadline_of(time, false) else { return error_badarg(ctx) };
    let period = match kind {
        Kind::Interval => crate::term::bigint::to_num(time).and_then(|number| match number {
            crate::term::bigint::Num::Int(ms) => u64::try_from(ms).ok().map(|ms| ms.saturating_mul(1_000_000)),
            _ => None,
        }),
        _ => None,
    };
    let (reference, number) = timer::new_reference(ctx.vm, &mut ctx.process.heap);
    ctx.vm.bif_timers.start(ctx.vm, number, Timer { kind, deadline, period, owner, action });
    let tag = if kind == Kind::Interval { atoms::INTERVAL } else { atoms::ONCE };
    ok_tref(ctx, tag, reference)
}

/// `timer:send_after/3`, as OTP 25's: time 0 sends at once (`{instant,
/// Ref}`; an unregistered name raises `badarg`, as `!` does); to a local
/// pid, `erlang:send_after/3` (`{send_local, Ref}`); to a name, a remote
/// pid or `{Name, Node}`, a timer that sends when due (`{once, Ref}`; a
/// name unregistered then drops the message); otherwise `{error, badarg}`.
pub fn timer_send_after(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (time, destination, message) = (args[0], args[1], args[2]);
    if time == Term::small_unchecked(0) && is_destination(destination) {
        processes::send(ctx, &[destination, message])?;
        return Ok(ok_instant(ctx));
    }
    if is_time(time) && destination.is_local_pid() {
        let reference = send_after3(ctx, args)?;
        return Ok(ok_tref(ctx, atoms::SEND_LOCAL, reference));
    }
    if !is_time(time) || !is_destination(destination) {
        return Ok(error_badarg(ctx));
    }
    let action = Action::Send {
        to: timer::copy_payload(destination),
        message: timer::copy_message(message),
        from: ctx.process.pid,
    };
    Ok(start_module_timer(ctx, time, Kind::Once, None, action))
}

/// `timer:apply_after/4`: after `Time` milliseconds, spawns
/// `Module:Function(Args...)` (`{once, Ref}`); time 0 does it at once
/// (`{instant, Ref}`). As OTP's timer server, `{timer, send, [Dest, Msg]}`
/// sends and `{erlang, exit, [Target, Reason]}` sends an exit signal (from
/// the caller: girder has no timer server) instead of spawning. Bad
/// arguments: `{error, badarg}`.
pub fn apply_after(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (time, module, function, arguments) = (args[0], args[1], args[2], args[3]);
    if !(module.is_atom() && function.is_atom() && is_list(arguments) && is_time(time)) {
        return Ok(error_badarg(ctx));
    }
    if time == Term::small_unchecked(0) {
        apply_now(ctx, module, function, arguments)?;
        return Ok(ok_instant(ctx));
    }
    let action = apply_action(ctx, module, function, arguments);
    Ok(start_module_timer(ctx, time, Kind::Once, None, action))
}

/// The process whose end cancels an interval to `destination`, as OTP's
/// timer server monitors it: a local pid, or the process a local name is
/// registered to now (`None` inside when there is none: the interval ends
/// at once). `None` outside for a remote destination, which girder does
/// not watch.
fn interval_owner(ctx: &BifCtx<'_>, destination: Term) -> Option<Option<Term>> {
    let name = match destination.as_tuple() {
        Some(&[name, node]) if node.as_atom() == Some(crate::term::node::this_node()) => name.as_atom(),
        Some(_) => return None,
        None => destination.as_atom(),
    };
    match name {
        Some(name) => Some(ctx.vm.registry.whereis(name)),
        None if destination.is_local_pid() => Some(Some(destination)),
        None => None,
    }
}

/// `timer:send_interval/3`: `Msg` to a pid, name or `{Name, Node}` every
/// `Time` milliseconds (`{interval, Ref}`), until cancelled or the
/// destination process ends (for a name, the process registered under it
/// when the interval starts; none: the interval ends at once, as OTP's
/// monitor of an unregistered name fires at once). Bad arguments: `{error,
/// badarg}`.
pub fn send_interval(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (time, destination, message) = (args[0], args[1], args[2]);
    if !is_time(time) || !is_destination(destination) {
        return Ok(error_badarg(ctx));
    }
    let owner = interval_owner(ctx, destination);
    let action = Action::Send {
        to: timer::copy_payload(destination),
        message: timer::copy_message(message),
        from: ctx.process.pid,
    };
    interval(ctx, time, owner, action)
}

/// Starts an interval, unless its owner is gone already.
fn interval(ctx: &mut BifCtx<'_>, time: Term, owner: Option<Option<Term>>, action: Action) -> BifResult {
    let owner = match owner {
        Some(None) => {
            // Nobody to send to: answered as OTP answers, with no timer.
            if timer::deadline_of(time, false).is_none() {
                return Ok(error_badarg(ctx));
            }
            let (reference, _) = timer::new_reference(ctx.vm, &mut ctx.process.heap);
            return Ok(ok_tref(ctx, atoms::INTERVAL, reference));
        }
        Some(Some(pid)) => Some(pid),
        None => None,
    };
    Ok(start_module_timer(ctx, time, Kind::Interval, owner, action))
}

/// `timer:apply_interval/4`: spawns `Module:Function(Args...)` every `Time`
/// milliseconds (with `apply_after/4`'s exceptions), until cancelled or the
/// caller ends. Bad arguments: `{error, badarg}`.
pub fn apply_interval(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (time, module, function, arguments) = (args[0], args[1], args[2], args[3]);
    if !(is_time(time) && module.is_atom() && function.is_atom() && is_list(arguments)) {
        return Ok(error_badarg(ctx));
    }
    let action = apply_action(ctx, module, function, arguments);
    let owner = Some(Some(ctx.process.pid));
    interval(ctx, time, owner, action)
}

/// `timer:cancel/1`: cancels a timer of `send_after/3`, `apply_after/4`,
/// `send_interval/3` or `apply_interval/4`: `{ok, cancel}` whether or not
/// it was still pending, `{error, badarg}` for anything but such a
/// reference.
pub fn cancel(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let Some(&[tag, reference]) = args[0].as_tuple() else { return Ok(error_badarg(ctx)) };
    let kind = match tag.as_atom() {
        Some(atoms::INSTANT) => None,
        Some(atoms::SEND_LOCAL) => Some(Kind::Erlang),
        Some(atoms::ONCE) => Some(Kind::Once),
        Some(atoms::INTERVAL) => Some(Kind::Interval),
        _ => return Ok(error_badarg(ctx)),
    };
    if !reference.is_reference() {
        return Ok(error_badarg(ctx));
    }
    if let (Some(kind), Some(number)) = (kind, build::ref_number(reference)) {
        ctx.vm.bif_timers.cancel(ctx.vm, number, kind);
    }
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::OK), Term::atom(atoms::CANCEL)]))
}
