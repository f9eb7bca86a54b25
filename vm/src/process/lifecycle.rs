//! A process's life: spawning, handling the signals in its inbox, and
//! ending — telling linked and monitoring processes, freeing its name.

use crate::dist::external;
use crate::process::inbox::{Chain, Inbox, NodeBox};
use crate::process::relations::Relation;
use crate::process::signal::{Payload, Signal};
use crate::process::table::{ProcessCell, State};
use crate::process::{flags, Process};
use crate::term::{atoms, build, Atom, Term};
use crate::vm::Vm;
use crossbeam_epoch as epoch;

/// What a spawn links or monitors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct SpawnOptions {
    /// Link the new process to its parent.
    pub link: bool,
    /// Monitor the new process from its parent.
    pub monitor: bool,
    /// The reference number of the parent's monitor, when the caller made
    /// it beforehand (`spawn_request/5` monitors under the reference it
    /// returns); otherwise a new one is made.
    pub monitor_reference: Option<u64>,
    /// A process of another node that monitors the new process from its
    /// start, with the local reference number of its monitor (a
    /// `SPAWN_REQUEST` with option `monitor`): in place before the process
    /// first runs, so that even an immediate end is reported to it.
    pub remote_watcher: Option<(u64, Term)>,
    /// A process of another node the new process is linked to from its
    /// start (a `SPAWN_REQUEST` with option `link`).
    pub remote_link: Option<Term>,
    /// The group leader on another node of a process spawned for that node
    /// (see `dist::io`); otherwise the new process inherits its parent's.
    pub group_leader: Option<Term>,
    /// The settings the new process starts with (`spawn_opt`'s priority,
    /// heap sizes and the like), when any option gave one.
    pub tuning: Option<super::tuning::Tuning>,
}

/// Why a spawn failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpawnError {
    /// The process limit is reached.
    SystemLimit,
}

/// Starts a process at `entry` of module `module_index` with a copy of
/// `args`. Returns the pid and, with `options.monitor`, the monitor's
/// reference number.
pub fn spawn(
    vm: &Vm,
    parent: Option<&mut Process>,
    module_index: u32,
    entry: u32,
    args: &[Term],
    initial_call: (Atom, Atom, u32),
    options: SpawnOptions,
) -> Result<(Term, Option<u64>), SpawnError> {
    let mut reference = None;
    let parent_pid = parent.as_ref().map(|parent| parent.pid);
    let (pid, cell) = vm
        .processes
        .insert_with(
            |pid| Process::new(pid, module_index, entry, initial_call),
            |child| {
                child.set_args_with(args.len(), |heap, index| crate::memory::copy::copy_to_heap(heap, args[index]));
                if let Some(parent) = parent {
                    if let Some(leader) = parent.extras.as_ref().and_then(|extras| extras.group_leader) {
                        child.extras_mut().group_leader = Some(leader);
                    }
                    if options.link {
                        child.relations.link(parent.pid);
                        parent.relations.link(child.pid);
                    }
                    if options.monitor {
                        let number = options.monitor_reference.unwrap_or_else(|| vm.next_ref());
                        child.relations.add(Relation::MonitoredBy(number, parent.pid));
                        parent.relations.add(Relation::Monitors(number, child.pid));
                        reference = Some(number);
                    }
                }
                if let Some(tuning) = options.tuning {
                    child.extras_mut().tuning = tuning;
                }
                // Remote pids are held while a relation names them.
                if let Some(requester) = options.remote_link {
                    child.relations.link(external::hold(requester));
                }
                if let Some((number, watcher)) = options.remote_watcher {
                    child.relations.add(Relation::MonitoredBy(number, external::hold(watcher)));
                }
            },
        )
        .map_err(|_| SpawnError::SystemLimit)?;
    // Before it can run, so that its first output already goes there.
    crate::dist::io::started(vm, parent_pid, pid, options.group_leader);
    // SAFETY: a new process starts runnable, and nothing else enqueues it
    // until it has run and waited.
    unsafe { vm.enqueue(cell) };
    Ok((pid, reference))
}

/// Sends `signal` to the process `to`. A signal to a process that is gone
/// gets the answer Erlang gives: a link or monitor is answered with an exit
/// signal or a `'DOWN'` message with reason `noproc`; anything else is dropped.
pub fn deliver(vm: &Vm, to: Term, signal: Signal) {
    if !to.is_local_pid() {
        // A process of another node, or a name monitored there.
        return crate::dist::control::route(vm, to, signal);
    }
    let guard = epoch::pin();
    let refused = match vm.processes.lookup(to, &guard) {
        Some(cell) => match cell.inbox.push(signal) {
            Ok(()) => {
                vm.wake(cell);
                return;
            }
            Err(signal) => signal,
        },
        None => signal,
    };
    answer_for_the_dead(vm, to, refused);
}

/// The answers a dead process gives to link and monitor signals.
///
/// The pid of the node's output as a group leader
/// ([`GROUP_LEADER`](crate::dist::GROUP_LEADER)) is no process, but stands
/// for the group leader OTP gives every process, which lives as long as
/// the node: a link to it or a monitor of it holds and never fires (IEx
/// links itself to its group leader).
fn answer_for_the_dead(vm: &Vm, dead: Term, signal: Signal) {
    let from = sender(&signal);
    if dead == crate::dist::GROUP_LEADER {
        if let Some(from) = from {
            external::release(from);
        }
        return;
    }
    match signal {
        Signal::Link { from } => deliver(
            vm,
            from,
            Signal::Exit { from: dead, reason: Payload::immediate(Term::atom(atoms::NOPROC)), linked: true },
        ),
        Signal::Monitor { from, reference } => deliver_down(vm, from, reference, dead, Term::atom(atoms::NOPROC)),
        _ => {}
    }
    if let Some(from) = from {
        external::release(from);
    }
}

/// The sender of a signal other than a message. A remote sender is held
/// (`dist::external`) until the signal has been handled.
fn sender(signal: &Signal) -> Option<Term> {
    match *signal {
        Signal::Message(_) | Signal::AliasMessage { .. } | Signal::Down { .. } => None,
        Signal::Exit { from, .. }
        | Signal::Link { from }
        | Signal::Unlink { from }
        | Signal::Monitor { from, .. }
        | Signal::Demonitor { from, .. } => Some(from),
    }
}

/// Sends `{'DOWN', Ref, process, Pid, Reason}` to `to`.
pub fn deliver_down(vm: &Vm, to: Term, reference: u64, pid: Term, reason: Term) {
    if !to.is_local_pid() {
        return crate::dist::control::remote_monitor_fired(vm, to, reference, reason);
    }
    let number = reference;
    let mut scratch = crate::memory::heap::Heap::new(16);
    let reference = build::reference(&mut scratch, number);
    let down =
        build::tuple(&mut scratch, &[Term::atom(atoms::DOWN), reference, Term::atom(atoms::PROCESS), pid, reason]);
    deliver(vm, to, Signal::Down { reference: number, message: crate::process::mailbox::Message::copy(down) });
}

/// A `'DOWN'` message with `tag` in place of `'DOWN'`, for a monitor made
/// with `{tag, Tag}`.
fn retagged(down: crate::process::mailbox::Message, tag: Term) -> crate::process::mailbox::Message {
    let mut scratch = crate::memory::heap::Heap::new(8);
    let elements: Vec<Term> = match down.term.as_tuple() {
        Some(elements) => std::iter::once(tag).chain(elements.iter().skip(1).copied()).collect(),
        None => return down,
    };
    let tuple = build::tuple(&mut scratch, &elements);
    // The copy takes what it needs from the old message before it goes.
    crate::process::mailbox::Message::copy(tuple)
}

/// What handling the inbox decided.
pub enum Handled {
    /// Carry on.
    Continue,
    /// An exit signal ends the process with this reason (on its heap).
    Exit(Term),
}

/// Reductions one signal costs the process that handles it.
pub const HANDLE_COST: i64 = 1;

/// Reductions one exit signal, `'DOWN'` message or demonitor costs the
/// ending process that sends it (a copy of the reason and a wake-up).
pub const SEND_COST: i64 = 4;

/// Work a process left for a later time slice, kept in the VM's table
/// (`Vm::set_aside`) rather than in the process, which must stay small.
#[derive(Default)]
pub struct SetAside {
    /// Signals taken from the inbox and not yet handled, oldest first.
    signals: Chain,
    /// Once the process has ended: its exit reason, copied out of its heap.
    reason: Option<Payload>,
}

/// Sets `work` aside for the process's next time slice.
fn set_aside(vm: &Vm, process: &mut Process, work: SetAside) {
    process.flags |= flags::SET_ASIDE;
    vm.set_aside(process.pid, work);
}

/// Takes back what the process set aside (nothing when it set nothing aside).
fn take_set_aside(vm: &Vm, process: &mut Process) -> SetAside {
    if process.flags & flags::SET_ASIDE == 0 {
        return SetAside::default();
    }
    process.flags &= !flags::SET_ASIDE;
    vm.take_set_aside(process.pid).unwrap_or_default()
}

/// Whether the process has signals to handle: in its inbox, or set aside.
pub fn has_signals(inbox: &Inbox, process: &Process) -> bool {
    process.flags & flags::SET_ASIDE != 0 || inbox.has_signals()
}

/// Moves signals from the inbox into effect: messages into the mailbox,
/// links and monitors into the process's relations, exit signals into
/// `'EXIT'` messages (when trapping) or the process's end. Owner only.
///
/// Each signal costs [`HANDLE_COST`] of `budget`; once it is spent (at
/// least one signal is handled) the signals left are set aside, in order,
/// for the next call, so that a process sent a flood of signals handles
/// them a time slice's worth at a time and yields between, like any other
/// work. Signals set aside come first; then one batch of what the inbox
/// holds now.
pub fn handle_signals(vm: &Vm, inbox: &Inbox, process: &mut Process, budget: &mut i64) -> Handled {
    if !has_signals(inbox, process) {
        return Handled::Continue;
    }
    let mut handled_any = false;
    let set_aside_first = process.flags & flags::SET_ASIDE != 0;
    let mut chain = if set_aside_first { take_set_aside(vm, process).signals } else { inbox.take_all() };
    let mut inbox_taken = !set_aside_first;
    loop {
        if handled_any && *budget <= 0 {
            if !chain.is_empty() {
                set_aside(vm, process, SetAside { signals: chain, reason: None });
            }
            return Handled::Continue;
        }
        let node = match chain.next() {
            Some(node) => node,
            None if !inbox_taken => {
                inbox_taken = true;
                chain = inbox.take_all();
                continue;
            }
            None => return Handled::Continue,
        };
        handled_any = true;
        *budget -= HANDLE_COST;
        if let Handled::Exit(end) = handle_one(vm, process, node) {
            // The signals after a fatal one are answered as a dead
            // process answers them, when it ends (see `finish`).
            if !chain.is_empty() {
                set_aside(vm, process, SetAside { signals: chain, reason: None });
            }
            return Handled::Exit(end);
        }
    }
}

/// Moves one signal into effect.
fn handle_one(vm: &Vm, process: &mut Process, node: NodeBox) -> Handled {
    if let Signal::Message(_) = node.signal {
        process.mailbox.push_node(node);
        return Handled::Continue;
    }
    let signal = node.into_signal();
    let from = sender(&signal);
    // A relation holds a remote pid of its own; the signal's hold is given
    // back below, once the signal is handled.
    let mut outcome = Handled::Continue;
    match signal {
        Signal::Message(_) => unreachable!("handled above"),
        Signal::Exit { from, reason, linked } => {
            if let Some(end) = exit_signal(process, from, reason, linked) {
                outcome = Handled::Exit(end);
            }
        }
        Signal::Link { from } => {
            if !process.relations.is_linked(from) {
                process.relations.add(Relation::Link(external::hold(from)));
            }
        }
        Signal::Unlink { from } => {
            if process.relations.unlink(from) {
                external::release(from);
            }
        }
        Signal::Monitor { from, reference } => {
            process.relations.add(Relation::MonitoredBy(reference, external::hold(from)))
        }
        Signal::Demonitor { from, reference } => {
            if process.relations.remove(Relation::MonitoredBy(reference, from)) {
                external::release(from);
            }
        }
        Signal::AliasMessage { alias, message } => {
            let mode = process.extras.as_ref().and_then(|extras| extras.alias_mode(alias));
            if let Some(mode) = mode {
                if mode.ends_on_reply() {
                    let extras = process.extras_mut();
                    extras.deactivate_alias(alias);
                    if mode.ends_with_monitor() {
                        extras.monitor_gone(alias);
                        if let Some(watched) = process.relations.remove_monitor(alias) {
                            deliver(vm, watched, Signal::Demonitor { from: process.pid, reference: alias });
                            external::release(watched);
                        }
                    }
                }
                process.mailbox.push(message);
            }
        }
        Signal::Down { reference, message } => {
            // A monitor removed before its 'DOWN' was handled drops it.
            if let Some(watched) = process.relations.remove_monitor(reference) {
                external::release(watched);
                let tag = process.extras.as_mut().and_then(|extras| extras.monitor_gone(reference));
                match tag {
                    Some(tag) => process.mailbox.push(retagged(message, tag.term)),
                    None => process.mailbox.push(message),
                }
            }
        }
    }
    if let Some(from) = from {
        external::release(from);
    }
    outcome
}

/// Applies one exit signal; returns the reason the process must end with, if any.
fn exit_signal(process: &mut Process, from: Term, reason: Payload, linked: bool) -> Option<Term> {
    if linked {
        if !process.relations.unlink(from) {
            // Unlinked before the exit arrived: the signal is ignored.
            return None;
        }
        external::release(from);
    }
    let Payload { term: reason, fragment } = reason;
    if let Some(fragment) = fragment {
        process.heap.adopt_fragment(fragment);
    }
    let kill = Term::atom(atoms::KILL);
    let normal = Term::atom(atoms::NORMAL);
    if !linked && reason == kill {
        return Some(Term::atom(atoms::KILLED));
    }
    if process.traps_exits() {
        // A remote sender is a held word, copied onto the heap by value.
        let from = crate::memory::copy::copy_to_heap(&mut process.heap, from);
        let message = build::tuple(&mut process.heap, &[Term::atom(atoms::EXIT_TAG), from, reason]);
        process.mailbox.push_own(message);
        return None;
    }
    // `normal` ends nobody, except a process that sends it to itself with
    // `exit(self(), normal)`.
    let to_itself = from == process.pid && !linked;
    if reason == normal && !to_itself {
        return None;
    }
    Some(reason)
}

/// How far ending a process got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Done: everyone is told, and the pid names no process any more.
    /// `crashed` when the reason was not `normal`.
    Ended {
        /// Whether the reason was not `normal`.
        crashed: bool,
    },
    /// More signals are to be sent: the scheduler queues the process
    /// again and calls [`continue_ending`] when it comes round.
    Unfinished,
}

/// Ends a process: closes its inbox, frees its name, sends its reason to
/// every linked process and a `'DOWN'` message to every monitoring one,
/// answers the signals left in its inbox as a dead process does, and
/// removes it from the table. Called by the scheduler that ran it.
///
/// A process with more to send than one time slice's budget (at
/// [`SEND_COST`] each) sends a slice's worth and returns
/// [`Ending::Unfinished`]: from then on it is not alive
/// (`is_process_alive` is false, its inbox refuses signals), but it stays
/// in the table, so that its pid is not reused, until
/// [`continue_ending`] has sent the rest. Its relations go in the order
/// they were made.
pub fn finish(vm: &Vm, cell: &ProcessCell, process: &mut Process, reason: Term) -> Ending {
    crate::dist::process_ended(vm, process.pid);
    cell.set_state(State::Exited);
    process.timer = 0;
    let mut signals = take_set_aside(vm, process).signals;
    let set_aside_before = !signals.is_empty();
    signals.append(cell.inbox.close());
    if let Some(name) = process.registered_name() {
        process.set_registered_name(None);
        vm.registry.unregister(name);
    }
    let per_slice = (i64::from(vm.config.reductions) / SEND_COST).max(1) as usize;
    if !set_aside_before && process.relations.len() <= per_slice {
        // All at once, as most processes end: out of the table first.
        vm.processes.remove(cell);
        for node in signals {
            answer_for_the_dead(vm, process.pid, node.into_signal());
        }
        while let Some(relation) = process.relations.pop_front() {
            tell(vm, process.pid, relation, reason);
        }
        return Ending::Ended { crashed: reason != Term::atom(atoms::NORMAL) };
    }
    send_some(vm, cell, process, SetAside { signals, reason: Some(Payload::copy(reason)) })
}

/// Goes on ending a process that [`finish`] left [`Ending::Unfinished`].
/// Called by the scheduler that takes it from a run queue.
pub fn continue_ending(vm: &Vm, cell: &ProcessCell, process: &mut Process) -> Ending {
    let work = take_set_aside(vm, process);
    if work.reason.is_none() {
        // Nothing was left: the process ended before.
        return Ending::Ended { crashed: false };
    }
    send_some(vm, cell, process, work)
}

/// Sends one time slice's worth of what an ending process owes: answers
/// to the signals left in its inbox, then its relations; sets the rest
/// aside, or removes the process from the table when nothing is left.
fn send_some(vm: &Vm, cell: &ProcessCell, process: &mut Process, mut work: SetAside) -> Ending {
    let reason = work.reason.as_ref().map_or(Term::atom(atoms::NORMAL), |payload| payload.term);
    let start = i64::from(vm.config.reductions);
    let mut budget = start;
    while budget > 0 {
        let Some(node) = work.signals.next() else { break };
        answer_for_the_dead(vm, process.pid, node.into_signal());
        budget -= SEND_COST;
    }
    while budget > 0 {
        let Some(relation) = process.relations.pop_front() else { break };
        tell(vm, process.pid, relation, reason);
        budget -= SEND_COST;
    }
    process.reductions += (start - budget).max(0) as u64;
    if !work.signals.is_empty() || !process.relations.is_empty() {
        set_aside(vm, process, work);
        return Ending::Unfinished;
    }
    vm.processes.remove(cell);
    Ending::Ended { crashed: reason != Term::atom(atoms::NORMAL) }
}

/// Tells the other end of `relation` that the process `pid` ended with
/// `reason`, and gives back the relation's hold of a remote pid.
fn tell(vm: &Vm, pid: Term, relation: Relation, reason: Term) {
    let other = match relation {
        Relation::Link(linked) => {
            deliver(vm, linked, Signal::Exit { from: pid, reason: Payload::copy(reason), linked: true });
            linked
        }
        Relation::MonitoredBy(reference, watcher) => {
            deliver_down(vm, watcher, reference, pid, reason);
            watcher
        }
        Relation::Monitors(reference, watched) => {
            deliver(vm, watched, Signal::Demonitor { from: pid, reference });
            watched
        }
    };
    external::release(other);
}
