//! A process's life: spawning, handling the signals in its inbox, and
//! ending — telling linked and monitoring processes, freeing its name.

use crate::dist::external;
use crate::inbox::Inbox;
use crate::process::Process;
use crate::process_table::{ProcessCell, State};
use crate::relations::Relation;
use crate::signal::{Payload, Signal};
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
                child.set_args_with(args.len(), |heap, index| crate::copy::copy_to_heap(heap, args[index]));
                if let Some(parent) = parent {
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
fn answer_for_the_dead(vm: &Vm, dead: Term, signal: Signal) {
    let from = sender(&signal);
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
        Signal::Message(_) => None,
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
    let mut scratch = crate::heap::Heap::new(16);
    let reference = build::reference(&mut scratch, reference);
    let down =
        build::tuple(&mut scratch, &[Term::atom(atoms::DOWN), reference, Term::atom(atoms::PROCESS), pid, reason]);
    deliver(vm, to, Signal::message(down));
}

/// What handling the inbox decided.
pub enum Handled {
    /// Carry on.
    Continue,
    /// An exit signal ends the process with this reason (on its heap).
    Exit(Term),
}

/// Moves every signal in the inbox into effect: messages into the mailbox,
/// links and monitors into the process's relations, exit signals into
/// `'EXIT'` messages (when trapping) or the process's end. Owner only.
pub fn handle_signals(vm: &Vm, inbox: &Inbox, process: &mut Process) -> Handled {
    if !inbox.has_signals() {
        return Handled::Continue;
    }
    let mut outcome = Handled::Continue;
    for node in inbox.take_all() {
        if let Handled::Exit(_) = outcome {
            // Signals after a fatal one are answered as a dead process would.
            answer_for_the_dead(vm, process.pid, node.into_signal());
            continue;
        }
        if let Signal::Message(_) = node.signal {
            process.mailbox.push_node(node);
            continue;
        }
        let signal = node.into_signal();
        let from = sender(&signal);
        // A relation holds a remote pid of its own; the signal's hold is
        // given back below, once the signal is handled.
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
                if process
                    .relations
                    .remove_first(|relation| relation == Relation::MonitoredBy(reference, from))
                    .is_some()
                {
                    external::release(from);
                }
            }
        }
        if let Some(from) = from {
            external::release(from);
        }
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
        let from = crate::copy::copy_to_heap(&mut process.heap, from);
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

/// Ends a process: closes its inbox, frees its name, removes it from the
/// table, and sends its reason to every linked process and a `'DOWN'`
/// message to every monitoring one. Called by the scheduler that ran it.
pub fn finish(vm: &Vm, cell: &ProcessCell, process: &mut Process, reason: Term) {
    crate::dist::process_ended(vm, process.pid);
    cell.set_state(State::Exited);
    vm.processes.remove(cell);
    for node in cell.inbox.close() {
        answer_for_the_dead(vm, process.pid, node.into_signal());
    }
    if let Some(name) = process.registered_name.take() {
        vm.registry.unregister(name);
    }
    for relation in process.relations.take().iter() {
        let other = match relation {
            Relation::Link(linked) => {
                deliver(vm, linked, Signal::Exit { from: process.pid, reason: Payload::copy(reason), linked: true });
                linked
            }
            Relation::MonitoredBy(reference, watcher) => {
                deliver_down(vm, watcher, reference, process.pid, reason);
                watcher
            }
            Relation::Monitors(reference, watched) => {
                deliver(vm, watched, Signal::Demonitor { from: process.pid, reference });
                watched
            }
        };
        external::release(other);
    }
}
