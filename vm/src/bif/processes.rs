//! BIFs about processes: spawning, links, monitors, exit signals, the
//! registry, process flags and introspection, `c:flush/0` and `c:regs/0`.

use super::BifCtx;
use crate::dist::external;
use crate::exception::{BifResult, Exception};
use crate::memory::copy;
use crate::process::lifecycle::{self, SpawnError, SpawnOptions};
use crate::process::relations::Relation;
use crate::process::signal::{Payload, Signal};
use crate::process::start::{fun_start, mfa_start, Start};
use crate::process::table::State;
use crate::process::{flags, Process};
use crate::term::{atoms, build, print, Atom, Term};
use crate::vm::Vm;

fn spawn_error(error: SpawnError) -> Exception {
    match error {
        SpawnError::SystemLimit => Exception::system_limit(),
    }
}

fn spawn_with(ctx: &mut BifCtx<'_>, start: Start, options: SpawnOptions) -> BifResult {
    let (pid, reference) = start.spawn(ctx.vm, Some(ctx.process), options).map_err(spawn_error)?;
    match reference {
        Some(number) => {
            let reference = build::reference(&mut ctx.process.heap, number);
            Ok(build::tuple(&mut ctx.process.heap, &[pid, reference]))
        }
        None => Ok(pid),
    }
}

/// Whether the local process `pid` is alive: in the table and not ending
/// (a process sending its exit signals stays in the table until it has
/// sent them all).
fn is_alive_pid(vm: &Vm, pid: Term) -> bool {
    vm.processes.get(pid).is_some_and(|cell| cell.state() != State::Exited)
}

/// `erlang:spawn/1`.
pub fn spawn1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = fun_start(ctx.vm, args[0])?;
    spawn_with(ctx, start, SpawnOptions::default())
}

/// `erlang:spawn/3`.
pub fn spawn3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = mfa_start(ctx.vm, args[0], args[1], args[2])?;
    spawn_with(ctx, start, SpawnOptions::default())
}

/// `erlang:spawn_link/1`.
pub fn spawn_link1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = fun_start(ctx.vm, args[0])?;
    spawn_with(ctx, start, SpawnOptions { link: true, ..SpawnOptions::default() })
}

/// `erlang:spawn_link/3`.
pub fn spawn_link3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = mfa_start(ctx.vm, args[0], args[1], args[2])?;
    spawn_with(ctx, start, SpawnOptions { link: true, ..SpawnOptions::default() })
}

/// `erlang:spawn_monitor/1`.
pub fn spawn_monitor1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = fun_start(ctx.vm, args[0])?;
    spawn_with(ctx, start, SpawnOptions { monitor: true, ..SpawnOptions::default() })
}

/// `erlang:spawn_monitor/3`.
pub fn spawn_monitor3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = mfa_start(ctx.vm, args[0], args[1], args[2])?;
    spawn_with(ctx, start, SpawnOptions { monitor: true, ..SpawnOptions::default() })
}

/// The options of `spawn_opt/2,4` as OTP 25 takes them: `link`, `monitor`
/// and `{monitor, []}` (monitor options, which make aliases, girder does
/// not have: `badarg`), and the tuning options `{priority, P}`,
/// `{fullsweep_after, N}`, `{min_heap_size, N}`, `{min_bin_vheap_size, N}`,
/// `{max_heap_size, N | Map}` and `{message_queue_data, off_heap | on_heap}`,
/// checked as OTP checks them and then ignored (girder's heaps grow on
/// their own, and every process has the same priority). Anything else,
/// or an improper list: `badarg` with cause `badopt`.
fn spawn_options(options: Term) -> Result<SpawnOptions, Exception> {
    let badopt = || Exception::badarg_because(atoms::BADOPT);
    let options = build::list_to_vec(options).ok_or_else(badopt)?;
    let mut spawn_options = SpawnOptions::default();
    let name_of = |term: Term| term.as_atom().map(Atom::name);
    let count = |term: Term| term.as_small().is_some_and(|n| n >= 0) || bigint_is_non_negative(term);
    for option in options {
        let fine = match option.as_tuple() {
            None => match name_of(option) {
                Some("link") => {
                    spawn_options.link = true;
                    true
                }
                Some("monitor") => {
                    spawn_options.monitor = true;
                    true
                }
                _ => false,
            },
            Some(&[key, value]) => match name_of(key) {
                Some("monitor") if value.is_nil() => {
                    spawn_options.monitor = true;
                    true
                }
                Some("priority") => matches!(name_of(value), Some("low" | "normal" | "high" | "max")),
                Some("fullsweep_after" | "min_heap_size" | "min_bin_vheap_size") => count(value),
                Some("max_heap_size") => count(value) || crate::term::map::is_map(value),
                Some("message_queue_data") => matches!(name_of(value), Some("off_heap" | "on_heap")),
                _ => false,
            },
            Some(_) => false,
        };
        if !fine {
            return Err(badopt());
        }
    }
    Ok(spawn_options)
}

/// Whether a term is a big integer that is not negative.
fn bigint_is_non_negative(term: Term) -> bool {
    !term.is_small()
        && term.is_integer()
        && crate::term::bigint::bigint_of(term).is_some_and(|n| n.sign() != num_bigint::Sign::Minus)
}

/// `erlang:spawn_opt/2`: `spawn/1` with options.
pub fn spawn_opt2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = fun_start(ctx.vm, args[0])?;
    let options = spawn_options(args[1])?;
    spawn_with(ctx, start, options)
}

/// `erlang:spawn_opt/4`: `spawn/3` with options.
pub fn spawn_opt4(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = mfa_start(ctx.vm, args[0], args[1], args[2])?;
    let options = spawn_options(args[3])?;
    spawn_with(ctx, start, options)
}

/// `erlang:is_process_alive/1`.
pub fn is_process_alive(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let pid = args[0];
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.process.pid {
        return Ok(Term::boolean(true));
    }
    Ok(Term::boolean(is_alive_pid(ctx.vm, pid)))
}

/// `erlang:exit/2`: an exit signal to a process (to itself: handled at once).
pub fn exit2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (pid, reason) = (args[0], args[1]);
    if !pid.is_pid() {
        return Err(Exception::badarg());
    }
    let signal = Signal::Exit { from: ctx.process.pid, reason: Payload::copy(reason), linked: false };
    if pid == ctx.process.pid {
        // A signal to oneself takes effect before the BIF returns.
        if ctx.inbox.push(signal).is_err() {
            return Ok(Term::boolean(true));
        }
        ctx.handle_own_signals()?;
        return Ok(Term::boolean(true));
    }
    lifecycle::deliver(ctx.vm, pid, signal);
    Ok(Term::boolean(true))
}

/// `erlang:link/1`.
pub fn link(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let pid = args[0];
    if !pid.is_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.process.pid || ctx.process.relations.is_linked(external::canonical(pid)) {
        return Ok(Term::boolean(true));
    }
    if pid.is_local_pid() && !is_alive_pid(ctx.vm, pid) {
        if ctx.process.traps_exits() {
            let message =
                build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::EXIT_TAG), pid, Term::atom(atoms::NOPROC)]);
            ctx.process.mailbox.push_own(message);
            return Ok(Term::boolean(true));
        }
        return Err(Exception::error_atom(atoms::NOPROC));
    }
    // The relation holds a remote pid for as long as it lasts.
    ctx.process.relations.link(external::hold(pid));
    lifecycle::deliver(ctx.vm, pid, Signal::Link { from: ctx.process.pid });
    Ok(Term::boolean(true))
}

/// `erlang:unlink/1`.
pub fn unlink(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let pid = args[0];
    if !pid.is_pid() {
        return Err(Exception::badarg());
    }
    let held = external::canonical(pid);
    if ctx.process.relations.unlink(held) {
        lifecycle::deliver(ctx.vm, pid, Signal::Unlink { from: ctx.process.pid });
        external::release(held);
    }
    Ok(Term::boolean(true))
}

/// `erlang:monitor/2`: `monitor(process, PidOrName)`.
pub fn monitor(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if args[0] != Term::atom(atoms::PROCESS) {
        // OTP names the bad type in the error's cause.
        return Err(Exception::badarg_because(Atom::intern("badtype").unwrap_or(atoms::BADARG)));
    }
    let target = args[1];
    let this_node = crate::term::node::this_node();
    let remote = if let Some(node) = external::node_of(target) {
        Some((target, node))
    } else if let Some(&[name, node]) = target.as_tuple() {
        let (Some(_), Some(node)) = (name.as_atom(), node.as_atom()) else { return Err(Exception::badarg()) };
        (node != this_node).then_some((name, node))
    } else {
        None
    };
    if let Some((remote, node)) = remote {
        // A process of another node, by pid or by `{Name, Node}`.
        let number = ctx.vm.next_ref();
        let reference = build::reference(&mut ctx.process.heap, number);
        ctx.process.relations.add(Relation::Monitors(number, external::hold(remote)));
        crate::dist::control::monitor(ctx.vm, ctx.process.pid, number, remote, node);
        return Ok(reference);
    }
    let pid = if target.is_local_pid() {
        Some(target)
    } else if let Some(name) = target.as_atom() {
        ctx.vm.registry.whereis(name)
    } else if let Some(&[name, _]) = target.as_tuple() {
        name.as_atom().and_then(|name| ctx.vm.registry.whereis(name))
    } else {
        return Err(Exception::badarg());
    };
    let number = ctx.vm.next_ref();
    let reference = build::reference(&mut ctx.process.heap, number);
    match pid.filter(|&pid| pid == ctx.process.pid || is_alive_pid(ctx.vm, pid)) {
        Some(pid) if pid == ctx.process.pid => {}
        Some(pid) => {
            ctx.process.relations.add(Relation::Monitors(number, pid));
            lifecycle::deliver(ctx.vm, pid, Signal::Monitor { from: ctx.process.pid, reference: number });
        }
        None => {
            let down = build::tuple(
                &mut ctx.process.heap,
                &[Term::atom(atoms::DOWN), reference, Term::atom(atoms::PROCESS), target, Term::atom(atoms::NOPROC)],
            );
            ctx.process.mailbox.push_own(down);
        }
    }
    Ok(reference)
}

/// Removes the monitor `reference`; with `flush`, also its `'DOWN'`
/// message. Returns whether the monitor was there (what the `info`
/// option reports): not when its `'DOWN'` was already taken in.
fn demonitor(ctx: &mut BifCtx<'_>, reference: Term, flush: bool) -> Result<bool, Exception> {
    let number = build::ref_number(reference).ok_or_else(Exception::badarg)?;
    let found = ctx.process.relations.remove_monitor(number);
    if let Some(pid) = found {
        lifecycle::deliver(ctx.vm, pid, Signal::Demonitor { from: ctx.process.pid, reference: number });
        external::release(pid);
    }
    if flush {
        ctx.handle_own_signals()?;
        ctx.process.mailbox.remove_where(|message| {
            message.as_tuple().is_some_and(|elements| {
                elements.len() == 5
                    && elements[0] == Term::atom(atoms::DOWN)
                    && build::ref_number(elements[1]) == Some(number)
            })
        });
    }
    Ok(found.is_some())
}

/// `erlang:demonitor/1`.
pub fn demonitor1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    demonitor(ctx, args[0], false)?;
    Ok(Term::boolean(true))
}

/// `erlang:demonitor/2`: options `[flush]` (also drops the `'DOWN'` message) or `[]`.
pub fn demonitor2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let options = build::list_to_vec(args[1]).ok_or_else(Exception::badarg)?;
    let (mut flush, mut info) = (false, false);
    for option in options {
        match option.as_atom().map(Atom::name) {
            Some("flush") => flush = true,
            Some("info") => info = true,
            _ => return Err(Exception::badarg()),
        }
    }
    let found = demonitor(ctx, args[0], flush)?;
    Ok(Term::boolean(found || !info))
}

/// `erlang:register/2`.
pub fn register(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(name), pid) = (args[0].as_atom(), args[1]) else { return Err(Exception::badarg()) };
    if name == atoms::UNDEFINED || !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.process.pid {
        if ctx.process.registered_name().is_some() || !ctx.vm.registry.register(name, pid) {
            return Err(Exception::badarg());
        }
        ctx.process.set_registered_name(Some(name));
        return Ok(Term::boolean(true));
    }
    let cell = ctx.vm.processes.get(pid).filter(|cell| cell.state() != State::Exited).ok_or_else(Exception::badarg)?;
    let Some(mut process) = cell.try_lock() else { return Err(ctx.retry_later()) };
    if process.registered_name().is_some() || !ctx.vm.registry.register(name, pid) {
        return Err(Exception::badarg());
    }
    process.set_registered_name(Some(name));
    Ok(Term::boolean(true))
}

/// `erlang:unregister/1`.
pub fn unregister(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let pid = ctx.vm.registry.whereis(name).ok_or_else(Exception::badarg)?;
    if pid == ctx.process.pid {
        ctx.process.set_registered_name(None);
    } else if let Some(cell) = ctx.vm.processes.get(pid) {
        let Some(mut process) = cell.try_lock() else { return Err(ctx.retry_later()) };
        process.set_registered_name(None);
    }
    ctx.vm.registry.unregister(name);
    Ok(Term::boolean(true))
}

/// `erlang:whereis/1`.
pub fn whereis(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(ctx.vm.registry.whereis(name).unwrap_or(Term::atom(atoms::UNDEFINED)))
}

/// `erlang:registered/0`.
pub fn registered(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let names: Vec<Term> = ctx.vm.registry.entries().into_iter().map(|(name, _)| Term::atom(name)).collect();
    Ok(build::list_from_slice(&mut ctx.process.heap, &names))
}

/// `erlang:process_flag/2`: `trap_exit`.
pub fn process_flag(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if args[0] != Term::atom(atoms::TRAP_EXIT) {
        // An unknown flag: OTP names it a bad option in the error's cause.
        return Err(Exception::badarg_because(atoms::BADOPT));
    }
    if !args[1].is_boolean() {
        return Err(Exception::badarg());
    }
    let old = ctx.process.traps_exits();
    if args[1] == Term::boolean(true) {
        ctx.process.flags |= flags::TRAP_EXIT;
    } else {
        ctx.process.flags &= !flags::TRAP_EXIT;
    }
    Ok(Term::boolean(old))
}

/// `erlang:send/2` and `erlang:'!'/2`.
pub fn send(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    crate::process::send::send(ctx.vm, ctx.process, args[0], args[1])?;
    Ok(args[1])
}

/// `erlang:processes/0`.
pub fn processes(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let pids = ctx.vm.processes.pids();
    Ok(build::list_from_slice(&mut ctx.process.heap, &pids))
}

/// `erlang:process_info/2`: one item, `{Item, Value}`, or `undefined` for a dead process.
pub fn process_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (pid, item) = (args[0], args[1]);
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    let item_atom = item.as_atom().ok_or_else(Exception::badarg)?;
    if pid == ctx.process.pid {
        ctx.handle_own_signals()?;
        let mut value = info_item(ctx.vm, ctx.process, None, item_atom, State::Running)?;
        if item_atom.name() == "messages" {
            // A message not yet received lives in its own fragment, which
            // the mailbox owns, not the heap: the list gets copies.
            value = crate::memory::copy::copy_to_heap(&mut ctx.process.heap, value);
        }
        return Ok(build::tuple(&mut ctx.process.heap, &[item, value]));
    }
    let Some(cell) = ctx.vm.processes.get(pid) else { return Ok(Term::atom(atoms::UNDEFINED)) };
    let state = cell.state();
    if state == State::Exited {
        // Ending (still sending its exit signals): not alive.
        return Ok(Term::atom(atoms::UNDEFINED));
    }
    let Some(mut target) = cell.try_lock() else { return Err(ctx.retry_later()) };
    // The value is built on the target's heap (only while it is locked) and
    // copied into the caller's before the lock is released.
    let value = info_item(ctx.vm, &mut target, Some(&cell.inbox), item_atom, state)?;
    let value = crate::memory::copy::copy_to_heap(&mut ctx.process.heap, value);
    Ok(build::tuple(&mut ctx.process.heap, &[item, value]))
}

/// The value of one `process_info` item, built on `process`'s heap.
///
/// `inbox` is given when the caller inspects another process: it must be
/// that process's inbox, and the caller must hold that process's lock (as
/// `process`, a guard's contents, shows it does), so that the signals not
/// yet handled can be counted and read.
fn info_item(
    vm: &Vm,
    process: &mut Process,
    inbox: Option<&crate::process::inbox::Inbox>,
    item: Atom,
    state: State,
) -> Result<Term, Exception> {
    let heap_words = process.heap.block_words();
    let value = match item.name() {
        "message_queue_len" => small(process.mailbox.len() + inbox.map_or(0, |inbox| inbox.pending_messages())),
        "messages" => {
            let mut messages: Vec<Term> = process.mailbox.terms().collect();
            if let Some(inbox) = inbox {
                // SAFETY: `inbox` is the inbox of `process`, whose lock the
                // caller holds (see above).
                messages.extend(unsafe { inbox.pending_message_terms() });
            }
            build::list_from_slice(&mut process.heap, &messages)
        }
        // Remote pids in relations are held words: copied onto the heap.
        "links" => {
            let links: Vec<Term> = process.relations.links().collect();
            let links: Vec<Term> = links.into_iter().map(|pid| copy::copy_to_heap(&mut process.heap, pid)).collect();
            build::list_from_slice(&mut process.heap, &links)
        }
        "monitors" => {
            let monitors: Vec<Term> = process.relations.monitors().map(|(_, pid)| pid).collect();
            let monitors: Vec<Term> =
                monitors.into_iter().map(|pid| copy::copy_to_heap(&mut process.heap, pid)).collect();
            let pairs: Vec<Term> = monitors
                .into_iter()
                .map(|pid| build::tuple(&mut process.heap, &[Term::atom(atoms::PROCESS), pid]))
                .collect();
            build::list_from_slice(&mut process.heap, &pairs)
        }
        "monitored_by" => {
            let watchers: Vec<Term> = process.relations.monitored_by().map(|(_, pid)| pid).collect();
            let watchers: Vec<Term> =
                watchers.into_iter().map(|pid| copy::copy_to_heap(&mut process.heap, pid)).collect();
            build::list_from_slice(&mut process.heap, &watchers)
        }
        "reductions" => build::integer(&mut process.heap, process.reductions.min(i64::MAX as u64) as i64),
        "heap_size" => small(heap_words),
        "memory" => small(process.memory_bytes()),
        "status" => Term::atom(
            Atom::intern(match state {
                State::Running => "running",
                State::Runnable => "runnable",
                State::Waiting => "waiting",
                State::Exited => "exiting",
            })
            .map_err(|_| Exception::system_limit())?,
        ),
        "registered_name" => process.registered_name().map_or(Term::NIL, Term::atom),
        "current_function" => {
            let module = vm.code.module(process.module_index);
            match module.function_at(process.ip) {
                Some((name, arity)) => {
                    build::tuple(&mut process.heap, &[Term::atom(module.name), Term::atom(name), small(arity as usize)])
                }
                None => Term::atom(atoms::UNDEFINED),
            }
        }
        "initial_call" => {
            let (m, f, a) = process.initial_call;
            build::tuple(&mut process.heap, &[Term::atom(m), Term::atom(f), small(a as usize)])
        }
        "trap_exit" => Term::boolean(process.traps_exits()),
        _ => return Err(Exception::badarg()),
    };
    Ok(value)
}

fn small(value: usize) -> Term {
    Term::small_unchecked(value.min(crate::term::SMALL_MAX as usize) as i64)
}

/// `c:flush/0`: prints every message as `Shell got ~p` and drops it.
pub fn flush(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    ctx.handle_own_signals()?;
    let mut text = String::new();
    for message in ctx.process.mailbox.terms() {
        text.push_str("Shell got ");
        print::write_pretty(&mut text, message, 10, print::LINE_LENGTH);
        text.push('\n');
    }
    ctx.process.mailbox.clear(|fragment| ctx.process.heap.adopt_fragment(fragment));
    ctx.reductions += u32::try_from(text.len() / 64).unwrap_or(u32::MAX);
    ctx.vm.write_output(text.as_bytes());
    Ok(Term::atom(atoms::OK))
}

/// `c:regs/0`: prints the registered processes as `c:regs()` does.
pub fn regs(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let mut node = String::new();
    print::write_term(&mut node, Term::atom(crate::term::node::this_node()), print::Style::Print);
    let mut text = format!(
        "\n** Registered procs on node {node} **\n{:<21} {:<12} {:<25} {:>12} {:>4}\n",
        "Name", "Pid", "Initial Call", "Reds", "Msgs"
    );
    for (name, pid) in ctx.vm.registry.entries() {
        let (call, reductions, messages) = if pid == ctx.process.pid {
            (ctx.process.initial_call, ctx.process.reductions, ctx.process.mailbox.len() + ctx.inbox.pending_messages())
        } else {
            match ctx.vm.processes.get(pid) {
                Some(cell) => {
                    let in_inbox = cell.inbox.pending_messages();
                    let Some(process) = cell.try_lock() else { return Err(ctx.retry_later()) };
                    (process.initial_call, process.reductions, process.mailbox.len() + in_inbox)
                }
                None => continue,
            }
        };
        let mut pid_text = String::new();
        print::write_term(&mut pid_text, pid, print::Style::Print);
        let call_text = format!("{}:{}/{}", call.0.name(), call.1.name(), call.2);
        let name_text: String = name.name().chars().take(21).collect();
        let call_text: String = call_text.chars().take(25).collect();
        text.push_str(&format!("{name_text:<21} {pid_text:<12} {call_text:<25} {reductions:>12} {messages:>4}\n"));
    }
    text.push_str(&format!("\n** Registered ports on node {node} **\n{:<21} {:<15} {:<40}\n", "Name", "Id", "Command"));
    ctx.vm.write_output(text.as_bytes());
    Ok(Term::atom(atoms::OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    /// `{'DOWN', Ref, process, Pid, normal}` for monitor `number` of `pid`,
    /// as the signal the monitored process sends when it ends.
    fn down(number: u64, pid: Term) -> Signal {
        let mut scratch = crate::memory::heap::Heap::new(16);
        let reference = build::reference(&mut scratch, number);
        let process = Term::atom(atoms::PROCESS);
        let down =
            build::tuple(&mut scratch, &[Term::atom(atoms::DOWN), reference, process, pid, Term::atom(atoms::NORMAL)]);
        Signal::Down { reference: number, message: crate::process::mailbox::Message::copy(down) }
    }

    /// The reference numbers of the `'DOWN'` messages in the mailbox.
    fn downs_in_mailbox(bench: &Bench) -> Vec<u64> {
        bench.process.mailbox.terms().filter_map(|message| build::ref_number(message.as_tuple()?[1])).collect()
    }

    #[test]
    fn demonitor_with_flush_takes_in_pending_signals_and_removes_only_its_own_down() {
        let mut bench = Bench::new();
        let watched = Term::pid(7);
        let (first, second) = (bench.vm.next_ref(), bench.vm.next_ref());
        bench.process.relations.add(Relation::Monitors(first, watched));
        bench.process.relations.add(Relation::Monitors(second, watched));
        // The watched process has ended: both 'DOWN' messages are in the
        // inbox, not yet in the mailbox, when demonitor runs.
        for number in [first, second] {
            assert!(bench.inbox.push(down(number, watched)).is_ok());
        }
        let reference = build::reference(&mut bench.process.heap, first);
        let options = bench.term("[flush]");
        let result = bench.call(demonitor2, &[reference, options]).expect("demonitor succeeds");
        assert_eq!(result, Term::boolean(true));
        assert!(!bench.inbox.has_signals(), "demonitor with flush takes the pending signals in");
        assert_eq!(downs_in_mailbox(&bench), [second], "the other monitor's 'DOWN' stays, and only it");
        assert!(bench.process.relations.monitors().all(|(number, _)| number != first));

        // Without flush, a 'DOWN' already in is left alone.
        let reference = build::reference(&mut bench.process.heap, second);
        bench.call(demonitor1, &[reference]).expect("demonitor succeeds");
        assert_eq!(downs_in_mailbox(&bench), [second]);
    }

    #[test]
    fn a_down_on_its_way_when_demonitor_runs_never_arrives() {
        let mut bench = Bench::new();
        let watched = Term::pid(7);
        let number = bench.vm.next_ref();
        bench.process.relations.add(Relation::Monitors(number, watched));
        // The watched process ended; its 'DOWN' waits in the inbox.
        assert!(bench.inbox.push(down(number, watched)).is_ok());
        let reference = build::reference(&mut bench.process.heap, number);
        let info = bench.term("[info]");
        let result = bench.call(demonitor2, &[reference, info]).expect("demonitor succeeds");
        assert_eq!(result, Term::boolean(true), "the monitor was still there: its 'DOWN' was not taken in");
        let options = bench.term("[flush]");
        let other = build::reference(&mut bench.process.heap, bench.vm.next_ref());
        // Taking the inbox in (here through another demonitor with flush)
        // drops the 'DOWN' of the removed monitor.
        bench.call(demonitor2, &[other, options]).expect("demonitor succeeds");
        assert!(!bench.inbox.has_signals());
        assert_eq!(downs_in_mailbox(&bench), [] as [u64; 0], "no 'DOWN' after demonitor");

        // A 'DOWN' taken in removes its monitor: demonitor then finds none.
        let number = bench.vm.next_ref();
        bench.process.relations.add(Relation::Monitors(number, watched));
        assert!(bench.inbox.push(down(number, watched)).is_ok());
        let other = build::reference(&mut bench.process.heap, bench.vm.next_ref());
        bench.call(demonitor2, &[other, options]).expect("demonitor succeeds");
        assert_eq!(downs_in_mailbox(&bench), [number]);
        assert!(bench.process.relations.monitors().all(|(monitor, _)| monitor != number));
        let reference = build::reference(&mut bench.process.heap, number);
        let info = bench.term("[info]");
        let result = bench.call(demonitor2, &[reference, info]).expect("demonitor succeeds");
        assert_eq!(result, Term::boolean(false), "the 'DOWN' was taken in, so no monitor was found");
        assert_eq!(downs_in_mailbox(&bench), [number], "without flush the 'DOWN' stays");
    }
}
