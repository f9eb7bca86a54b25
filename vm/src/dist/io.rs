//! Group leaders across nodes: the output of a process spawned from
//! another node goes back to that node, as in Erlang.
//!
//! girder has no group leader processes. Locally, `io:format/1,2` and
//! `io:put_chars/1` write to the node's standard output. Across nodes it
//! follows Erlang's I/O protocol:
//!
//! - A spawn request names the requester's group leader. For a request
//!   girder sends, that is [`GROUP_LEADER`], a pid no process has, which
//!   stands for this node's standard output: a peer's process spawned for
//!   girder sends its output there as `{io_request, From, ReplyAs, Request}`
//!   and girder prints it and answers `{io_reply, ReplyAs, ok}`.
//! - A process girder spawns for a peer, and every process it spawns in
//!   turn, keeps the peer's group leader, and its output goes there as
//!   `{io_request, GROUP_LEADER, ReplyAs, {put_chars, unicode, Bytes}}`. The
//!   process does not wait for the reply (which comes to [`GROUP_LEADER`]
//!   and is dropped): output and the process's later messages travel on one
//!   connection, so they still arrive in order.

use super::control;
use super::external::Held;
use crate::memory::heap::Heap;
use crate::term::{atoms, build, Term};
use crate::vm::Vm;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// The pid that stands for this node's standard output as a group leader.
/// The process table hands it out only after slot 0 has been reused
/// 2^32 - 1 times.
pub const GROUP_LEADER: Term = Term::pid_of(0, u32::MAX);

/// The remote group leaders of local processes (those spawned from another
/// node, and their descendants), by pid.
///
/// Every spawn and every exit of a distributed node looks here, and most
/// nodes never have such a process: `len` lets them skip the lock.
#[derive(Default)]
pub(crate) struct GroupLeaders {
    by_pid: Mutex<HashMap<u64, Held>>,
    /// How many entries `by_pid` holds (written under its lock).
    len: AtomicUsize,
}

impl GroupLeaders {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Held>> {
        self.by_pid.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Gives `pid` the group leader `leader` (a remote pid, held until
    /// `pid` ends).
    pub(crate) fn set(&self, pid: Term, leader: Held) {
        let mut by_pid = self.lock();
        by_pid.insert(pid.raw(), leader);
        self.len.store(by_pid.len(), Ordering::Release);
    }

    /// The remote group leader of `pid`, if it has one, with a hold of its own.
    pub(crate) fn get(&self, pid: Term) -> Option<Held> {
        if self.len.load(Ordering::Acquire) == 0 {
            return None;
        }
        self.lock().get(&pid.raw()).cloned()
    }

    /// Forgets `pid` (it ended).
    pub(crate) fn remove(&self, pid: Term) {
        if self.len.load(Ordering::Acquire) == 0 {
            return;
        }
        let mut by_pid = self.lock();
        by_pid.remove(&pid.raw());
        self.len.store(by_pid.len(), Ordering::Release);
    }
}

/// Sends `bytes`, output of the local process `pid`, to its group leader on
/// another node; false when it has none (the caller prints locally).
pub fn io_to_group_leader(vm: &Vm, pid: Term, bytes: &[u8]) -> bool {
    let Some(alive) = vm.dist.alive() else { return false };
    let Some(leader) = alive.group_leaders.get(pid) else { return false };
    let mut scratch = Heap::new(16 + bytes.len() / 8);
    let chars = build::binary(&mut scratch, bytes);
    let put_chars = build::tuple(&mut scratch, &[Term::atom(atoms::PUT_CHARS), Term::atom(atoms::UNICODE), chars]);
    let request = build::tuple(
        &mut scratch,
        &[Term::atom(atoms::IO_REQUEST), GROUP_LEADER, Term::atom(atoms::GIRDER_OUTPUT), put_chars],
    );
    control::send(vm, leader.term(), request);
    true
}

/// A process was spawned: it gets `leader` (a remote group leader, for a
/// process spawned for another node) or else its parent's remote one.
pub(crate) fn started(vm: &Vm, parent: Option<Term>, child: Term, leader: Option<Term>) {
    let Some(alive) = vm.dist.alive() else { return };
    let leader = leader.filter(|leader| leader.is_pid() && !leader.is_local_pid()).map(Held::new);
    if let Some(leader) = leader.or_else(|| parent.and_then(|parent| alive.group_leaders.get(parent))) {
        alive.group_leaders.set(child, leader);
    }
}

/// A message to [`GROUP_LEADER`] from a peer's process: an I/O request,
/// printed here and answered; anything else is dropped.
pub(crate) fn request(vm: &Vm, message: Term) {
    let Some(&[tag, from, reply_as, request]) = message.as_tuple() else { return };
    if tag.as_atom() != Some(atoms::IO_REQUEST) || !from.is_pid() {
        return;
    }
    let reply = match crate::term::chardata::put_chars_text(request) {
        Some(bytes) => {
            vm.write_output(&bytes);
            Term::atom(atoms::OK)
        }
        None => {
            let mut scratch = Heap::new(4);
            build::tuple(&mut scratch, &[Term::atom(atoms::ERROR), Term::atom(atoms::ENOTSUP)])
        }
    };
    let mut scratch = Heap::new(8);
    let answer = build::tuple(&mut scratch, &[Term::atom(atoms::IO_REPLY), reply_as, reply]);
    if from.is_local_pid() {
        crate::process::lifecycle::deliver(vm, from, crate::process::signal::Signal::message(answer));
    } else {
        control::send(vm, from, answer);
    }
}
