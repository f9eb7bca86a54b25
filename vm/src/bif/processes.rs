//! BIFs about processes: spawning, links, monitors, exit signals, the
//! registry, process flags and introspection, `c:flush/0` and `c:regs/0`.

use super::intern_term as intern;
use super::BifCtx;
use crate::dist::external;
use crate::exception::{BifResult, Exception};
use crate::memory::copy;
use crate::process::extras::AliasMode;
use crate::process::lifecycle::{self, SpawnError, SpawnOptions};
use crate::process::relations::Relation;
use crate::process::signal::{Payload, Signal};
use crate::process::start::{fun_start, mfa_start, Start};
use crate::process::table::State;
use crate::process::tuning::{
    next_heap_size, non_negative_small, MaxHeapSize, Priority, Tuning, DEFAULT_FULLSWEEP_AFTER, OTP_MIN_BIN_VHEAP_SIZE,
    OTP_MIN_HEAP_SIZE,
};
use crate::process::{flags, Process};
use crate::term::{atoms, build, print, Atom, Term};
use crate::vm::Vm;

fn spawn_error(error: SpawnError) -> Exception {
    match error {
        SpawnError::SystemLimit => Exception::system_limit(),
    }
}

fn spawn_with(ctx: &mut BifCtx<'_>, start: Start, options: SpawnOptions) -> BifResult {
    spawn_monitored(ctx, start, options, MonitorOptions::default())
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

/// The options of `spawn_opt/2,4` as OTP 25 takes them: `link`;
/// `monitor` and `{monitor, Options}` (the options of `monitor/3`: a tag
/// for the `'DOWN'` message, an alias); and the settings `{priority, P}`,
/// `{fullsweep_after, N}`, `{min_heap_size, N}`, `{min_bin_vheap_size, N}`,
/// `{max_heap_size, N | Map}` and `{message_queue_data, off_heap |
/// on_heap}` (see `process::tuning`; a later one of a kind replaces an
/// earlier one). Anything else, an improper list, or a heap limit below
/// the smallest heap: `badarg` with cause `badopt`.
fn spawn_options(options: Term, max_heap_words: usize) -> Result<(SpawnOptions, MonitorOptions), Exception> {
    let badopt = || Exception::badarg_because(atoms::BADOPT);
    let options = build::list_to_vec(options).ok_or_else(badopt)?;
    let mut spawn_options = SpawnOptions::default();
    let mut monitor = MonitorOptions::default();
    let mut tuning: Option<Tuning> = None;
    let name_of = |term: Term| term.as_atom().map(Atom::name);
    for option in options {
        let fine = match option.as_tuple() {
            None => match name_of(option) {
                Some("link") => {
                    spawn_options.link = true;
                    true
                }
                Some("monitor") => {
                    spawn_options.monitor = true;
                    monitor = MonitorOptions::default();
                    true
                }
                _ => false,
            },
            Some(&[key, value]) => {
                let settings = tuning.get_or_insert_with(Tuning::default);
                match name_of(key) {
                    Some("monitor") => {
                        monitor = monitor_options(value)?;
                        spawn_options.monitor = true;
                        true
                    }
                    Some(key) => spawn_setting(settings, key, value, max_heap_words),
                    None => false,
                }
            }
            Some(_) => false,
        };
        if !fine {
            return Err(badopt());
        }
    }
    if let Some(settings) = tuning {
        if !heap_limit_fits(&settings) {
            return Err(badopt());
        }
        spawn_options.tuning = (settings != Tuning::default()).then_some(settings);
    }
    Ok((spawn_options, monitor))
}

/// Reads the setting `{key, value}` of `spawn_opt` (and of
/// `spawn_request`) into `settings`: `priority`, `fullsweep_after`,
/// `min_heap_size`, `min_bin_vheap_size`, `max_heap_size` (what a map
/// leaves out is the VM's, `max_heap_words` words, killing and reporting)
/// or `message_queue_data`. False for another key or a bad value.
pub(crate) fn spawn_setting(settings: &mut Tuning, key: &str, value: Term, max_heap_words: usize) -> bool {
    match key {
        "priority" => Priority::from_term(value).map(|level| settings.priority = level).is_some(),
        "fullsweep_after" => non_negative_small(value).map(|n| settings.fullsweep_after = Some(n)).is_some(),
        "min_heap_size" => non_negative_small(value)
            .map(|n| settings.min_heap_size = Some(next_heap_size(n, OTP_MIN_HEAP_SIZE)))
            .is_some(),
        "min_bin_vheap_size" => non_negative_small(value)
            .map(|n| settings.min_bin_vheap_size = Some(next_heap_size(n, OTP_MIN_BIN_VHEAP_SIZE)))
            .is_some(),
        "max_heap_size" => MaxHeapSize::from_term(value, MaxHeapSize::default_of(max_heap_words))
            .map(|limit| settings.max_heap_size = Some(limit))
            .is_some(),
        "message_queue_data" => match value.as_atom().map(Atom::name) {
            Some("off_heap") => {
                settings.off_heap_messages = true;
                true
            }
            Some("on_heap") => {
                settings.off_heap_messages = false;
                true
            }
            _ => false,
        },
        _ => false,
    }
}

/// Whether a process's heap limit, if it has one, is no smaller than its
/// smallest heap (OTP refuses a `max_heap_size` below `min_heap_size`).
pub(crate) fn heap_limit_fits(settings: &Tuning) -> bool {
    let min_heap_size = settings.min_heap_size.unwrap_or(OTP_MIN_HEAP_SIZE);
    settings.max_heap_size.is_none_or(|limit| limit.size == 0 || limit.size >= min_heap_size)
}

/// `erlang:spawn_opt/2`: `spawn/1` with options.
pub fn spawn_opt2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = fun_start(ctx.vm, args[0])?;
    let (options, monitor) = spawn_options(args[1], ctx.vm.config.max_heap_words)?;
    spawn_monitored(ctx, start, options, monitor)
}

/// `erlang:spawn_opt/4`: `spawn/3` with options.
pub fn spawn_opt4(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let start = mfa_start(ctx.vm, args[0], args[1], args[2])?;
    let (options, monitor) = spawn_options(args[3], ctx.vm.config.max_heap_words)?;
    spawn_monitored(ctx, start, options, monitor)
}

/// Spawns, the monitor (if any) with `monitor`'s options: its reference
/// an alias, its `'DOWN'` message tagged. The new process's end is a
/// signal the caller handles only after this BIF, so the options are in
/// place before its `'DOWN'` can arrive.
fn spawn_monitored(ctx: &mut BifCtx<'_>, start: Start, options: SpawnOptions, monitor: MonitorOptions) -> BifResult {
    let (pid, reference) = start.spawn(ctx.vm, Some(ctx.process), options).map_err(spawn_error)?;
    match reference {
        Some(number) => {
            let reference = monitor_reference(ctx, number, monitor);
            Ok(build::tuple(&mut ctx.process.heap, &[pid, reference]))
        }
        None => Ok(pid),
    }
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
    Ok(Term::boolean(ctx.vm.processes.is_alive(pid)))
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
    // The node's output as a group leader stands for a process that lives
    // as long as the node (see `lifecycle::answer_for_the_dead`).
    if pid.is_local_pid() && pid != crate::dist::GROUP_LEADER && !ctx.vm.processes.is_alive(pid) {
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
    monitor_with(ctx, args[0], args[1], MonitorOptions::default())
}

/// `erlang:monitor/3`: options `{alias, Mode}` (the reference is also an
/// alias of the caller, deactivated as `Mode` says: `explicit_unalias`,
/// `demonitor` or `reply_demonitor`) and `{tag, Tag}` (the `'DOWN'`
/// message carries `Tag` in place of `'DOWN'`), in a proper list;
/// anything else is `badarg` with cause `badopt`.
pub fn monitor3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let options = monitor_options(args[2])?;
    monitor_with(ctx, args[0], args[1], options)
}

/// The options of a monitor.
#[derive(Clone, Copy, Default)]
pub(crate) struct MonitorOptions {
    /// The reference is also an alias, deactivated in this mode.
    alias: Option<AliasMode>,
    /// What the `'DOWN'` message carries in place of `'DOWN'`.
    tag: Option<Term>,
}

/// Reads the option list of `monitor/3` (and of `spawn_opt`'s
/// `{monitor, Options}`).
pub(crate) fn monitor_options(list: Term) -> Result<MonitorOptions, Exception> {
    let badopt = || Exception::badarg_because(atoms::BADOPT);
    let mut options = MonitorOptions::default();
    // Read in place: every `gen_server:call/2` passes a list of options.
    let mut items = build::ListIter::new(list);
    for option in items.by_ref() {
        match option.as_tuple() {
            Some(&[key, value]) if key.as_atom().is_some_and(|key| key.name() == "alias") => {
                options.alias = Some(match value.as_atom().map(Atom::name) {
                    Some("explicit_unalias") => AliasMode::ExplicitUnalias,
                    Some("demonitor") => AliasMode::Demonitor,
                    Some("reply_demonitor") => AliasMode::ReplyDemonitor,
                    _ => return Err(badopt()),
                });
            }
            Some(&[key, value]) if key.as_atom().is_some_and(|key| key.name() == "tag") => options.tag = Some(value),
            _ => return Err(badopt()),
        }
    }
    if !items.rest().is_nil() {
        return Err(badopt());
    }
    Ok(options)
}

/// A new monitor's reference on the caller's heap, an alias too when the
/// options ask for one; records the options.
pub(crate) fn monitor_reference(ctx: &mut BifCtx<'_>, number: u64, options: MonitorOptions) -> Term {
    if options.alias.is_none() && options.tag.is_none() {
        return build::reference(&mut ctx.process.heap, number);
    }
    let pid = ctx.process.pid;
    let extras = ctx.process.extras_mut();
    if let Some(mode) = options.alias {
        extras.activate_alias(number, mode);
    }
    if let Some(tag) = options.tag {
        extras.set_monitor_tag(number, Payload::copy(tag));
    }
    match options.alias {
        Some(_) => build::alias_reference(&mut ctx.process.heap, number, pid),
        None => build::reference(&mut ctx.process.heap, number),
    }
}

fn monitor_with(ctx: &mut BifCtx<'_>, kind: Term, target: Term, options: MonitorOptions) -> BifResult {
    if kind != Term::atom(atoms::PROCESS) {
        // OTP names the bad type in the error's cause.
        return Err(Exception::badarg_because(Atom::intern("badtype").unwrap_or(atoms::BADARG)));
    }
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
        let reference = monitor_reference(ctx, number, options);
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
    let reference = monitor_reference(ctx, number, options);
    match pid.filter(|&pid| pid == ctx.process.pid || ctx.vm.processes.is_alive(pid)) {
        Some(pid) if pid == ctx.process.pid => {}
        Some(pid) => {
            ctx.process.relations.add(Relation::Monitors(number, pid));
            lifecycle::deliver(ctx.vm, pid, Signal::Monitor { from: ctx.process.pid, reference: number });
        }
        None => {
            // The monitor fires at once: its options go with it.
            if let Some(extras) = &mut ctx.process.extras {
                extras.monitor_gone(number);
            }
            let tag = options.tag.unwrap_or(Term::atom(atoms::DOWN));
            let down = build::tuple(
                &mut ctx.process.heap,
                &[tag, reference, Term::atom(atoms::PROCESS), target, Term::atom(atoms::NOPROC)],
            );
            ctx.process.mailbox.push_own(down);
        }
    }
    Ok(reference)
}

/// `erlang:group_leader/0`: the caller's group leader. A process that
/// has none of its own (nor one on another node) has the node's standard
/// output, which a pid no process has stands for
/// ([`GROUP_LEADER`](crate::dist::GROUP_LEADER)).
pub fn group_leader0(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(group_leader_of(ctx.vm, ctx.process))
}

/// `process`'s group leader: its own local one, one on another node (a
/// copy on its heap), or the node's standard output.
fn group_leader_of(vm: &Vm, process: &mut Process) -> Term {
    if let Some(leader) = process.extras.as_ref().and_then(|extras| extras.group_leader) {
        return leader;
    }
    match vm.dist.alive().and_then(|alive| alive.group_leaders.get(process.pid)) {
        Some(leader) => copy::copy_to_heap(&mut process.heap, leader.term()),
        None => crate::dist::GROUP_LEADER,
    }
}

/// `erlang:group_leader/2`: makes `Leader` the group leader of the local
/// process `Pid`; `true`. Either not a pid, or `Pid` not alive: `badarg`.
pub fn group_leader2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (leader, pid) = (args[0], args[1]);
    if !leader.is_pid() || !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    let set = |process: &mut Process| {
        let local = leader.is_local_pid() && leader != crate::dist::GROUP_LEADER;
        if local || process.extras.is_some() {
            process.extras_mut().group_leader = local.then_some(leader);
        }
    };
    if pid == ctx.process.pid {
        set(ctx.process);
    } else {
        let cell = ctx.vm.processes.get(pid).filter(|cell| cell.state() != State::Exited);
        let cell = cell.ok_or_else(Exception::badarg)?;
        let Some(mut process) = cell.try_lock() else { return Err(ctx.retry_later()) };
        set(&mut process);
    }
    if let Some(alive) = ctx.vm.dist.alive() {
        if leader.is_local_pid() {
            alive.group_leaders.remove(pid);
        } else {
            alive.group_leaders.set(pid, crate::dist::external::Held::new(leader));
        }
    }
    Ok(Term::boolean(true))
}

/// `erlang:alias/0`: a new alias of the caller, active until `unalias/1`.
pub fn alias0(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(new_alias(ctx, AliasMode::ExplicitUnalias))
}

/// `erlang:alias/1`: options `explicit_unalias` (the default) and `reply`
/// (the first message received through the alias deactivates it).
pub fn alias1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut mode = AliasMode::ExplicitUnalias;
    for option in build::list_to_vec(args[0]).ok_or_else(Exception::badarg)? {
        match option.as_atom().map(Atom::name) {
            Some("explicit_unalias") => {}
            Some("reply") => mode = AliasMode::Reply,
            _ => return Err(Exception::badarg()),
        }
    }
    Ok(new_alias(ctx, mode))
}

fn new_alias(ctx: &mut BifCtx<'_>, mode: AliasMode) -> Term {
    let number = ctx.vm.next_ref();
    ctx.process.extras_mut().activate_alias(number, mode);
    build::alias_reference(&mut ctx.process.heap, number, ctx.process.pid)
}

/// `erlang:unalias/1`: deactivates one of the caller's aliases; whether it
/// was active.
pub fn unalias(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let number = build::ref_number(args[0]).ok_or_else(Exception::badarg)?;
    let was_active = ctx.process.extras.as_mut().is_some_and(|extras| extras.deactivate_alias(number));
    Ok(Term::boolean(was_active))
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
    if let Some(extras) = &mut ctx.process.extras {
        extras.monitor_gone(number);
    }
    if flush {
        ctx.handle_own_signals()?;
        // As OTP flushes: any 5-tuple with the reference second, so that a
        // tagged monitor's message goes too.
        ctx.process.mailbox.remove_where(|message| {
            message
                .as_tuple()
                .is_some_and(|elements| elements.len() == 5 && build::ref_number(elements[1]) == Some(number))
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

/// `erlang:process_flag/2`: `trap_exit`, and the settings `spawn_opt`
/// also gives (see `process::tuning`); returns the flag's old value.
pub fn process_flag(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (flag, value) = (args[0], args[1]);
    let Some(name) = flag.as_atom().map(Atom::name) else { return Err(Exception::badarg_because(atoms::BADOPT)) };
    if name == "trap_exit" {
        if !value.is_boolean() {
            return Err(Exception::badarg());
        }
        let old = ctx.process.traps_exits();
        if value == Term::boolean(true) {
            ctx.process.flags |= flags::TRAP_EXIT;
        } else {
            ctx.process.flags &= !flags::TRAP_EXIT;
        }
        return Ok(Term::boolean(old));
    }
    let old = ctx.process.tuning();
    let mut new = old;
    let limit = ctx.process.max_heap_size(ctx.vm.config.max_heap_words);
    let previous = match name {
        "priority" => {
            new.priority = Priority::from_term(value).ok_or_else(Exception::badarg)?;
            intern(old.priority.name())?
        }
        "message_queue_data" => {
            new.off_heap_messages = match value.as_atom().map(Atom::name) {
                Some("off_heap") => true,
                Some("on_heap") => false,
                _ => return Err(Exception::badarg()),
            };
            intern(if old.off_heap_messages { "off_heap" } else { "on_heap" })?
        }
        "min_heap_size" => {
            let words = non_negative_small(value).ok_or_else(Exception::badarg)?;
            new.min_heap_size = Some(next_heap_size(words, OTP_MIN_HEAP_SIZE));
            small(old.min_heap_size.unwrap_or(OTP_MIN_HEAP_SIZE))
        }
        "min_bin_vheap_size" => {
            let words = non_negative_small(value).ok_or_else(Exception::badarg)?;
            new.min_bin_vheap_size = Some(next_heap_size(words, OTP_MIN_BIN_VHEAP_SIZE));
            small(old.min_bin_vheap_size.unwrap_or(OTP_MIN_BIN_VHEAP_SIZE))
        }
        "fullsweep_after" => {
            new.fullsweep_after = Some(non_negative_small(value).ok_or_else(Exception::badarg)?);
            small(old.fullsweep_after.unwrap_or(DEFAULT_FULLSWEEP_AFTER))
        }
        "max_heap_size" => {
            let base = MaxHeapSize::default_of(ctx.vm.config.max_heap_words);
            new.max_heap_size = Some(MaxHeapSize::from_term(value, base).ok_or_else(Exception::badarg)?);
            max_heap_size_map(&mut ctx.process.heap, limit)?
        }
        "sensitive" if value.is_boolean() => Term::boolean(false),
        "sensitive" => return Err(Exception::badarg()),
        // girder keeps no list of calls made: any count is accepted, and
        // the old one is always 0.
        "save_calls" if non_negative_small(value).is_some_and(|n| n <= 10_000) => small(0),
        "save_calls" => return Err(Exception::badarg()),
        _ => return Err(Exception::badarg_because(atoms::BADOPT)),
    };
    if !heap_limit_fits(&new) {
        return Err(Exception::badarg());
    }
    if new != old {
        ctx.process.extras_mut().tuning = new;
    }
    Ok(previous)
}

/// `#{size => N, kill => Bool, error_logger => Bool}`, as `process_info`
/// and `process_flag` give a heap limit.
fn max_heap_size_map(heap: &mut crate::memory::heap::Heap, limit: MaxHeapSize) -> Result<Term, Exception> {
    let pairs = vec![
        (intern("size")?, small(limit.size)),
        (intern("kill")?, Term::boolean(limit.kill)),
        (intern("error_logger")?, Term::boolean(limit.error_logger)),
    ];
    Ok(crate::term::map::map_from_pairs(heap, pairs))
}

/// `erlang:send/2` and `erlang:'!'/2`.
pub fn send(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    crate::process::send::send(ctx.vm, ctx.process, args[0], args[1])?;
    Ok(args[1])
}

/// `erlang:send/3`: as `send/2`, with options `nosuspend` and `noconnect`,
/// returning `ok`. girder never suspends a sender, and connects to another
/// node without waiting for it, so neither option changes what happens.
pub fn send3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    for option in build::list_to_vec(args[2]).ok_or_else(Exception::badarg)? {
        if !option.as_atom().is_some_and(|option| matches!(option.name(), "nosuspend" | "noconnect")) {
            return Err(Exception::badarg());
        }
    }
    crate::process::send::send(ctx.vm, ctx.process, args[0], args[1])?;
    Ok(Term::atom(atoms::OK))
}

/// `erlang:processes/0`.
pub fn processes(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let pids = ctx.vm.processes.pids();
    Ok(build::list_from_slice(&mut ctx.process.heap, &pids))
}

/// The items `process_info/1` gives, in OTP's order (`registered_name`
/// first, only when the process has a name).
const DEFAULT_ITEMS: [&str; 16] = [
    "current_function",
    "initial_call",
    "status",
    "message_queue_len",
    "links",
    "dictionary",
    "trap_exit",
    "error_handler",
    "priority",
    "group_leader",
    "total_heap_size",
    "heap_size",
    "stack_size",
    "reductions",
    "garbage_collection",
    "suspending",
];

/// `erlang:process_info/1`: the items OTP gives, or `undefined` when the
/// process is dead.
pub fn process_info1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut items: Vec<Atom> = Vec::with_capacity(DEFAULT_ITEMS.len() + 1);
    items.push(Atom::intern("registered_name").map_err(|_| Exception::system_limit())?);
    for name in DEFAULT_ITEMS {
        items.push(Atom::intern(name).map_err(|_| Exception::system_limit())?);
    }
    info_of(ctx, args[0], &items, Shape::Default)
}

/// `erlang:process_info/2`: one item as `{Item, Value}` (for
/// `registered_name` of a process with no name, `[]`), or a list of items
/// as a list of `{Item, Value}`; `undefined` when the process is dead.
pub fn process_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let item = args[1];
    if let Some(atom) = item.as_atom() {
        return info_of(ctx, args[0], &[atom], Shape::One);
    }
    let items = build::list_to_vec(item).ok_or_else(Exception::badarg)?;
    let items: Vec<Atom> =
        items.iter().map(|item| item.as_atom()).collect::<Option<_>>().ok_or_else(Exception::badarg)?;
    info_of(ctx, args[0], &items, Shape::List)
}

/// What `process_info` returns for its items.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// One item: `{Item, Value}`, or `[]` for `registered_name` with no name.
    One,
    /// A list of items: a list of `{Item, Value}`.
    List,
    /// `process_info/1`: as a list, leaving out `registered_name` when the
    /// process has no name.
    Default,
}

fn info_of(ctx: &mut BifCtx<'_>, pid: Term, items: &[Atom], shape: Shape) -> BifResult {
    if !pid.is_local_pid() {
        return Err(Exception::badarg());
    }
    if pid == ctx.process.pid {
        ctx.handle_own_signals()?;
        let value = info_items(ctx.vm, ctx.process, None, items, State::Running, shape)?;
        if items.iter().any(|item| item.name() == "messages") {
            // A message not yet received lives in its own fragment, which
            // the mailbox owns, not the heap: the result gets copies.
            return Ok(crate::memory::copy::copy_to_heap(&mut ctx.process.heap, value));
        }
        return Ok(value);
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
    let value = info_items(ctx.vm, &mut target, Some(&cell.inbox), items, state, shape)?;
    Ok(crate::memory::copy::copy_to_heap(&mut ctx.process.heap, value))
}

/// The items of `process_info`, in `shape`, built on `process`'s heap (see
/// [`info_item`] for `inbox`).
fn info_items(
    vm: &Vm,
    process: &mut Process,
    inbox: Option<&crate::process::inbox::Inbox>,
    items: &[Atom],
    state: State,
    shape: Shape,
) -> Result<Term, Exception> {
    let mut pairs = Vec::with_capacity(items.len());
    for &item in items {
        let unnamed = item.name() == "registered_name" && process.registered_name().is_none();
        match shape {
            Shape::One if unnamed => return Ok(Term::NIL),
            Shape::Default if unnamed => continue,
            _ => {}
        }
        let value = info_item(vm, process, inbox, item, state)?;
        pairs.push(build::tuple(&mut process.heap, &[Term::atom(item), value]));
    }
    Ok(match shape {
        Shape::One => pairs[0],
        Shape::List | Shape::Default => build::list_from_slice(&mut process.heap, &pairs),
    })
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
        "error_handler" => Term::atom(Atom::intern("error_handler").map_err(|_| Exception::system_limit())?),
        "priority" => intern(process.tuning().priority.name())?,
        "group_leader" => group_leader_of(vm, process),
        "total_heap_size" => small(heap_words + process.heap.fragment_words()),
        "stack_size" => small(process.heap.stack_words()),
        "min_heap_size" => small(min_heap_size(process)),
        "min_bin_vheap_size" => small(min_bin_vheap_size(process)),
        "max_heap_size" => {
            let limit = process.max_heap_size(vm.config.max_heap_words);
            max_heap_size_map(&mut process.heap, limit)?
        }
        "fullsweep_after" => small(process.tuning().fullsweep_after.unwrap_or(DEFAULT_FULLSWEEP_AFTER)),
        "message_queue_data" => intern(if process.tuning().off_heap_messages { "off_heap" } else { "on_heap" })?,
        "catchlevel" => small(process.catches as usize),
        "suspending" | "binary" => Term::NIL,
        "current_location" | "current_stacktrace" => {
            // Where the process stands (the caller itself: at its call of
            // this BIF), with its callers, as an exception's stack trace
            // has them.
            let frames = stack_frames(vm, process);
            match item.name() {
                "current_location" => frames.first().copied().unwrap_or(Term::atom(atoms::UNDEFINED)),
                _ => build::list_from_slice(&mut process.heap, &frames),
            }
        }
        "garbage_collection" => {
            let intern = |name: &str| Atom::intern(name).map(Term::atom).map_err(|_| Exception::system_limit());
            let limit = process.max_heap_size(vm.config.max_heap_words);
            let limit = max_heap_size_map(&mut process.heap, limit)?;
            let pairs = [
                ("max_heap_size", limit),
                ("min_bin_vheap_size", small(min_bin_vheap_size(process))),
                ("min_heap_size", small(min_heap_size(process))),
                ("fullsweep_after", small(process.tuning().fullsweep_after.unwrap_or(DEFAULT_FULLSWEEP_AFTER))),
                ("minor_gcs", small(0)),
            ];
            let mut list = Vec::with_capacity(pairs.len());
            for (name, value) in pairs {
                list.push(build::tuple(&mut process.heap, &[intern(name)?, value]));
            }
            build::list_from_slice(&mut process.heap, &list)
        }
        "dictionary" => super::dictionary::pairs_on_heap(process),
        _ => return Err(Exception::badarg()),
    };
    Ok(value)
}

/// The frames of a process that is not running, on its heap, at most
/// [`STACK_DEPTH`] of them: the function it stopped in, then its callers
/// by the continuation pointer (unless the function saved it on the
/// stack) and the return addresses on its stack.
fn stack_frames(vm: &Vm, process: &mut Process) -> Vec<Term> {
    use crate::process::DONE_CP;
    let module = vm.code.module(process.module_index);
    let mut frames = Vec::with_capacity(STACK_DEPTH);
    frames.extend(module.frame(&mut process.heap, process.ip, None, Term::NIL));
    let current = module.function_at(process.ip);
    let mut return_addresses = Vec::new();
    let saved_on_top = process.heap.stack_slice().iter().find(|word| word.is_cp()) == Some(&process.cp);
    if process.cp != DONE_CP && !saved_on_top {
        if let Some((module_index, instr)) = process.cp.cp_target() {
            if module_index != module.index || module.function_at(instr) != current {
                return_addresses.push((module_index, instr));
            }
        }
    }
    return_addresses
        .extend(process.heap.stack_slice().iter().filter(|&&word| word != DONE_CP).filter_map(|word| word.cp_target()));
    for (module_index, instr) in return_addresses {
        if frames.len() >= STACK_DEPTH {
            break;
        }
        let caller = vm.code.module(module_index);
        frames.extend(caller.frame(&mut process.heap, instr.saturating_sub(1), None, Term::NIL));
    }
    frames
}

/// The frames `current_stacktrace` gives at most, as OTP's default
/// `backtrace_depth`.
const STACK_DEPTH: usize = 8;

/// A process's smallest heap, in words: as `min_heap_size` set it, else
/// girder's first heap, which is smaller than any of OTP's.
fn min_heap_size(process: &Process) -> usize {
    process.tuning().min_heap_size.unwrap_or(crate::memory::heap::INITIAL_HEAP_WORDS)
}

/// A process's smallest virtual binary heap, in words.
fn min_bin_vheap_size(process: &Process) -> usize {
    process.tuning().min_bin_vheap_size.unwrap_or(crate::memory::heap::MIN_VIRTUAL_HEAP_BYTES / 8)
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
