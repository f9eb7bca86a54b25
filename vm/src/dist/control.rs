//! Control messages of Erlang's distribution protocol: what girder sends
//! for a signal to a remote process, and what it does with one that
//! arrives.
//!
//! A frame is a control message (a tuple whose first element is the
//! operation) and, for messages and spawn requests, a payload, each an
//! external term (`term::ext`). girder announces neither `SEND_SENDER`,
//! `EXIT_PAYLOAD` nor `UNLINK_ID`, so a peer uses `SEND`, `EXIT` and
//! `UNLINK`; it announces `SPAWN`, so a peer spawns on it with
//! `SPAWN_REQUEST`. It accepts every operation a peer may send anyway.

use super::external::{self, Held, RemotePid};
use super::peer::{self, Peer, Watcher};
use super::Alive;
use crate::memory::heap::{Fragment, Heap};
use crate::process::lifecycle;
use crate::process::mailbox::Message;
use crate::process::signal::{Payload, Signal};
use crate::term::ext;
use crate::term::node::NodeId;
use crate::term::{atoms, build, Atom, Term};
use crate::vm::Vm;
use std::sync::Arc;

/// Capability flags girder adds to `girder_dist`'s defaults: remote spawn,
/// and the Unicode I/O protocol (a peer's output to a girder group leader
/// says its encoding).
pub const FLAGS: u64 = girder_dist::flags::SPAWN | girder_dist::flags::UNICODE_IO;

const LINK: i64 = 1;
const SEND: i64 = 2;
const EXIT: i64 = 3;
const UNLINK: i64 = 4;
const REG_SEND: i64 = 6;
const EXIT2: i64 = 8;
const SEND_TT: i64 = 12;
const EXIT_TT: i64 = 13;
const REG_SEND_TT: i64 = 16;
const EXIT2_TT: i64 = 18;
const MONITOR_P: i64 = 19;
const DEMONITOR_P: i64 = 20;
const MONITOR_P_EXIT: i64 = 21;
const SEND_SENDER: i64 = 22;
const SEND_SENDER_TT: i64 = 23;
const PAYLOAD_EXIT: i64 = 24;
const PAYLOAD_EXIT_TT: i64 = 25;
const PAYLOAD_EXIT2: i64 = 26;
const PAYLOAD_EXIT2_TT: i64 = 27;
const PAYLOAD_MONITOR_P_EXIT: i64 = 28;
const SPAWN_REQUEST: i64 = 29;
const SPAWN_REQUEST_TT: i64 = 30;
const SPAWN_REPLY: i64 = 31;
const SPAWN_REPLY_TT: i64 = 32;
const UNLINK_ID: i64 = 35;
const UNLINK_ID_ACK: i64 = 36;

/// `SPAWN_REPLY` flag: the new process is linked to the requester.
const SPAWN_REPLY_LINKED: i64 = 1;
/// `SPAWN_REPLY` flag: the new process is monitored by the requester, under
/// the request's reference.
const SPAWN_REPLY_MONITORED: i64 = 2;

/// Which `spawn_reply` messages a requester gets: the `{reply, _}` option
/// of `spawn_request/5`, handled on the requester's node only.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub(crate) enum Reply {
    /// Every reply (the default).
    #[default]
    Yes,
    /// None.
    No,
    /// Only `{spawn_reply, Ref, error, Reason}`.
    ErrorOnly,
    /// Only `{spawn_reply, Ref, ok, Pid}`.
    SuccessOnly,
}

impl Reply {
    /// Whether a reply saying success (or failure) is delivered.
    pub(crate) fn wants(self, success: bool) -> bool {
        match self {
            Reply::Yes => true,
            Reply::No => false,
            Reply::ErrorOnly => !success,
            Reply::SuccessOnly => success,
        }
    }
}

/// A spawn request sent to another node and not answered yet: what the
/// requester asked for, kept until the `SPAWN_REPLY` arrives or the
/// connection goes down.
#[derive(Clone, Debug)]
pub(crate) struct PendingSpawn {
    /// The request's reference number (the reference `spawn_request/5` returned).
    pub(crate) number: u64,
    /// The requesting process.
    pub(crate) requester: Term,
    /// Whether the requester monitors the new process; cleared when it
    /// demonitors the request's reference before the reply comes.
    pub(crate) monitor: bool,
    /// Which replies it gets.
    pub(crate) reply: Reply,
    /// The reply's tag in the external term format when it is not
    /// `spawn_reply` (`{reply_tag, Tag}`): kept as bytes, outside any heap.
    pub(crate) tag: Option<Vec<u8>>,
}

impl PendingSpawn {
    /// Delivers the reply `result` to the requester, if it asked for it,
    /// with its tag.
    pub(crate) fn deliver(&self, vm: &Vm, result: Result<Term, Term>) {
        if !self.reply.wants(result.is_ok()) {
            return;
        }
        match &self.tag {
            None => deliver_spawn_reply(vm, self.requester, self.number, result, Term::atom(atoms::SPAWN_REPLY)),
            Some(bytes) => {
                let this = crate::term::node::this_node_id();
                if let Ok(decoded) = ext::decode(bytes, &this, &vm.code) {
                    // The block holds the tag until the reply is copied.
                    let _block = decoded.block;
                    deliver_spawn_reply(vm, self.requester, self.number, result, decoded.term);
                }
            }
        }
    }
}

/// A reference made by another node, kept outside any heap (a remote
/// monitor's reference, echoed back when the monitor fires).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RemoteRef {
    node: NodeId,
    numbers: Vec<u32>,
}

impl RemoteRef {
    fn of(term: Term) -> Option<RemoteRef> {
        let parts = build::ref_parts(term)?;
        Some(RemoteRef { node: parts.node, numbers: parts.numbers[..parts.n_numbers].to_vec() })
    }

    fn build(&self, heap: &mut Heap) -> Term {
        build::external_ref(heap, self.node, &self.numbers)
    }
}

fn small(value: i64) -> Term {
    Term::small_unchecked(value)
}

/// Encodes a control tuple and an optional payload into one frame.
///
/// Encoding fails only for terms no peer can read (none girder makes
/// today); such a frame is dropped, as a message to a dead process is.
fn frame(vm: &Vm, control: &[Term], payload: Option<Term>) -> Option<Vec<u8>> {
    let this = crate::term::node::this_node_id();
    let mut scratch = Heap::new(control.len() + 1);
    let tuple = build::tuple(&mut scratch, control);
    let mut bytes = Vec::with_capacity(64);
    ext::encode(tuple, &this, &vm.code, &mut bytes).ok()?;
    if let Some(payload) = payload {
        ext::encode(payload, &this, &vm.code, &mut bytes).ok()?;
    }
    Some(bytes)
}

fn send_frame(vm: &Vm, peer: &Peer, control: &[Term], payload: Option<Term>) {
    if let Some(bytes) = frame(vm, control, payload) {
        peer.send(bytes);
    }
}

/// The connection to the node of remote pid `to`, made when needed; `None`
/// when this VM is not distributed (nothing can reach `to` then).
fn peer_of(vm: &Vm, to: Term) -> Option<(Arc<Alive>, Arc<Peer>)> {
    let alive = vm.dist.alive()?;
    let remote = RemotePid::of(to)?;
    Some((Arc::clone(alive), alive.peer(remote.node)))
}

/// Sends `message` to the remote process `to`, encoding it from the
/// sender's heap.
pub(crate) fn send(vm: &Vm, to: Term, message: Term) {
    let Some((_, peer)) = peer_of(vm, to) else { return };
    send_frame(vm, &peer, &[small(SEND), Term::atom(atoms::EMPTY), to], Some(message));
}

/// Sends `signal` to `to`: a remote process, or (for a `Demonitor`) the
/// name a local process monitors on another node.
pub(crate) fn route(vm: &Vm, to: Term, signal: Signal) {
    if let (Some(name), Signal::Demonitor { from, reference }) = (to.as_atom(), &signal) {
        return demonitor_name(vm, *from, *reference, name);
    }
    let Some((_, peer)) = peer_of(vm, to) else { return };
    match signal {
        Signal::Message(Message { term, fragment: _keep }) => {
            send_frame(vm, &peer, &[small(SEND), Term::atom(atoms::EMPTY), to], Some(term));
        }
        Signal::Exit { from, reason, linked } => {
            if linked {
                remove_link(&peer, from, external::canonical(to));
                send_frame(vm, &peer, &[small(EXIT), from, to, reason.term], None);
            } else {
                send_frame(vm, &peer, &[small(EXIT2), from, to, reason.term], None);
            }
        }
        Signal::Link { from } => {
            let held = Held::new(to);
            let remote = held.term();
            peer.records().links.push((from, held));
            send_frame(vm, &peer, &[small(LINK), from, to], None);
            if peer.is_down() && take_link(&peer, from, remote) {
                // The connection went down before the link was recorded.
                let reason = Payload::immediate(Term::atom(peer::noconnection()));
                lifecycle::deliver(vm, from, Signal::Exit { from: external::hold(to), reason, linked: true });
            }
        }
        Signal::Unlink { from } => {
            remove_link(&peer, from, external::canonical(to));
            send_frame(vm, &peer, &[small(UNLINK), from, to], None);
        }
        Signal::Monitor { from, reference } => monitor(vm, from, reference, to, peer.node),
        Signal::Demonitor { from, reference } => {
            peer.records().monitors.retain(|(watcher, number, _)| (*watcher, *number) != (from, reference));
            let mut scratch = Heap::new(4);
            let reference = build::reference(&mut scratch, reference);
            send_frame(vm, &peer, &[small(DEMONITOR_P), from, to, reference], None);
        }
        // A 'DOWN' for a watcher on another node leaves as MONITOR_P_EXIT
        // (`remote_monitor_fired`); `deliver_down` never routes one here.
        Signal::Down { .. } => debug_assert!(false, "a 'DOWN' signal routed to another node"),
        // An alias message goes to the alias's owner, always of this node.
        Signal::AliasMessage { .. } => debug_assert!(false, "an alias message routed to another node"),
    }
}

/// A local process ends a monitor of a process on another node that it
/// holds under an atom: a name registered there (`monitor(process, {Name,
/// Node})`), or the node itself for a `spawn_request/5` with `monitor`
/// (whose pid was not known when the monitor was recorded). The record of
/// the monitor says which process or name; a request not answered yet is
/// told not to monitor.
fn demonitor_name(vm: &Vm, from: Term, reference: u64, name: Atom) {
    let Some(alive) = vm.dist.alive() else { return };
    if let Some(peer) = alive.peer_with_monitor(from, reference) {
        let target = {
            let mut records = peer.records();
            let position =
                records.monitors.iter().position(|(watcher, number, _)| (*watcher, *number) == (from, reference));
            position.map(|position| records.monitors.swap_remove(position).2)
        };
        let Some(target) = target else { return };
        let mut scratch = Heap::new(4);
        let reference = build::reference(&mut scratch, reference);
        send_frame(vm, &peer, &[small(DEMONITOR_P), from, target.term(), reference], None);
        return;
    }
    if let Some(peer) = alive.existing_peer(name) {
        let mut records = peer.records();
        if let Some(pending) = records.spawns.iter_mut().find(|p| (p.number, p.requester) == (reference, from)) {
            pending.monitor = false;
        }
    }
}

/// A local process monitors `target` (a pid, or a name registered on
/// `node`) on another node, under reference `number`.
pub(crate) fn monitor(vm: &Vm, from: Term, number: u64, target: Term, node: Atom) {
    let Some(alive) = vm.dist.alive() else {
        return deliver_remote_down(vm, from, number, target, node, Term::atom(peer::noconnection()));
    };
    let peer = alive.peer(node);
    peer.records().monitors.push((from, number, Held::new(target)));
    let mut scratch = Heap::new(4);
    let reference = build::reference(&mut scratch, number);
    send_frame(vm, &peer, &[small(MONITOR_P), from, target, reference], None);
    if peer.is_down() {
        let pending = {
            let mut records = peer.records();
            let before = records.monitors.len();
            records.monitors.retain(|(watcher, n, _)| (*watcher, *n) != (from, number));
            before != records.monitors.len()
        };
        if pending {
            deliver_remote_down(vm, from, number, target, node, Term::atom(peer::noconnection()));
        }
    }
}

fn remove_link(peer: &Peer, local: Term, remote: Term) {
    take_link(peer, local, remote);
}

/// Removes one record of the link; whether there was one. When a
/// connection goes down, whoever takes a record tells its process, so a
/// process that records a link just as the connection fails is told once.
fn take_link(peer: &Peer, local: Term, remote: Term) -> bool {
    let mut records = peer.records();
    match records.links.iter().position(|(l, r)| (*l, r.term()) == (local, remote)) {
        Some(position) => {
            records.links.swap_remove(position);
            true
        }
        None => false,
    }
}

/// Sends `message` from `from` to the process registered as `name` on `node`.
pub(crate) fn send_named(vm: &Vm, from: Term, name: Atom, node: Atom, message: Term) {
    let Some(alive) = vm.dist.alive() else { return };
    let peer = alive.peer(node);
    send_frame(vm, &peer, &[small(REG_SEND), from, Term::atom(atoms::EMPTY), Term::atom(name)], Some(message));
}

/// A monitor held by the remote process `watcher` fired: the local process
/// it watched ended with `reason`.
pub(crate) fn remote_monitor_fired(vm: &Vm, watcher: Term, number: u64, reason: Term) {
    let Some((_, peer)) = peer_of(vm, watcher) else { return };
    let found = {
        let mut records = peer.records();
        let position = records.watchers.iter().position(|(n, w)| *n == number && w.watcher.term() == watcher);
        position.map(|position| records.watchers.swap_remove(position).1)
    };
    let Some(found) = found else { return };
    let mut scratch = Heap::new(16);
    let reference = found.reference.build(&mut scratch);
    let object = found.name.map_or(found.target, Term::atom);
    send_frame(vm, &peer, &[small(MONITOR_P_EXIT), object, watcher, reference, reason], None);
}

/// Delivers `{'DOWN', Ref, process, Object, Reason}` to `watcher` for a
/// monitor of a remote process (`target`: its pid, or the name it was
/// monitored by on `node`).
pub(crate) fn deliver_remote_down(vm: &Vm, watcher: Term, number: u64, target: Term, node: Atom, reason: Term) {
    let mut scratch = Heap::new(8);
    let object = if target.is_atom() { build::tuple(&mut scratch, &[target, Term::atom(node)]) } else { target };
    lifecycle::deliver_down(vm, watcher, number, object, reason);
}

/// Delivers `{nodedown, Node}` to `pid`.
pub(crate) fn deliver_nodedown(vm: &Vm, pid: Term, node: Atom) {
    let mut scratch = Heap::new(4);
    let nodedown = Term::atom(atoms::NODEDOWN);
    let message = build::tuple(&mut scratch, &[nodedown, Term::atom(node)]);
    lifecycle::deliver(vm, pid, Signal::message(message));
}

/// Delivers `{Tag, Ref, ok, Pid}` or `{Tag, Ref, error, Reason}`; `Tag` is
/// `spawn_reply` unless the request said otherwise (`{reply_tag, Tag}`).
pub(crate) fn deliver_spawn_reply(vm: &Vm, requester: Term, number: u64, result: Result<Term, Term>, tag: Term) {
    let mut scratch = Heap::new(16);
    let reference = build::reference(&mut scratch, number);
    let (status, value) = match result {
        Ok(pid) => (Term::atom(atoms::OK), pid),
        Err(reason) => (Term::atom(atoms::ERROR), reason),
    };
    let message = build::tuple(&mut scratch, &[tag, reference, status, value]);
    lifecycle::deliver(vm, requester, Signal::message(message));
}

/// Asks `node` to spawn `module:function(args...)` for `pending.requester`,
/// as `erlang:spawn_request/5` does; the answer arrives as a `SPAWN_REPLY`
/// for reference `pending.number`, delivered as `pending` asks.
pub(crate) fn spawn_request(
    vm: &Vm,
    node: Atom,
    pending: PendingSpawn,
    mfa: (Atom, Atom, usize),
    args: Term,
    link: bool,
) {
    let Some(alive) = vm.dist.alive() else {
        return pending.deliver(vm, Err(Term::atom(peer::noconnection())));
    };
    let peer = alive.peer(node);
    let (requester, number, monitor) = (pending.requester, pending.number, pending.monitor);
    peer.records().spawns.push(pending);
    let mut scratch = Heap::new(24);
    let reference = build::reference(&mut scratch, number);
    let call =
        build::tuple(&mut scratch, &[Term::atom(mfa.0), Term::atom(mfa.1), small(i64::try_from(mfa.2).unwrap_or(0))]);
    let mut options = Vec::new();
    if link {
        options.push(Term::atom(atoms::LINK));
    }
    if monitor {
        options.push(Term::atom(atoms::MONITOR));
    }
    let options = build::list_from_slice(&mut scratch, &options);
    let leader = super::GROUP_LEADER;
    send_frame(vm, &peer, &[small(SPAWN_REQUEST), reference, requester, leader, call, options], Some(args));
    if peer.is_down() {
        // The connection failed before the request was queued: answer it.
        let pending = {
            let mut records = peer.records();
            let position = records.spawns.iter().position(|p| p.number == number);
            position.map(|position| records.spawns.swap_remove(position))
        };
        if let Some(pending) = pending {
            pending.deliver(vm, Err(Term::atom(peer::noconnection())));
        }
    }
}

/// Whether `option` (of a `SPAWN_REQUEST`) asks for a monitor: `monitor`
/// or `{monitor, Options}`.
fn is_monitor_option(option: Term) -> bool {
    let monitor = Term::atom(atoms::MONITOR);
    option == monitor || option.as_tuple().is_some_and(|elements| elements.len() == 2 && elements[0] == monitor)
}

/// A term decoded from a frame, with the words it lives in.
struct Part {
    term: Term,
    fragment: Option<Fragment>,
}

impl Part {
    fn message(self) -> Signal {
        Signal::Message(Message { term: self.term, fragment: self.fragment })
    }
}

/// Handles one frame from `peer`. An error closes the connection: the peer
/// sent what no correct node sends.
pub(crate) fn handle_frame(vm: &Vm, alive: &Arc<Alive>, peer: &Arc<Peer>, bytes: &[u8]) -> Result<(), String> {
    let this = alive.this;
    let control = ext::decode(bytes, &this, &vm.code).map_err(|e| format!("a malformed control message: {e}"))?;
    let rest = &bytes[control.consumed..];
    let payload = || -> Result<Part, String> {
        let decoded = ext::decode(rest, &this, &vm.code).map_err(|e| format!("a malformed message: {e}"))?;
        Ok(Part { term: decoded.term, fragment: decoded.block })
    };
    // A message this node cannot hold (a fun of a module it does not
    // have) is dropped with a log line; the connection carries on.
    let message = || -> Result<Option<Part>, String> {
        match ext::decode(rest, &this, &vm.code) {
            Ok(decoded) => Ok(Some(Part { term: decoded.term, fragment: decoded.block })),
            Err(error) if matches!(error.kind, ext::DecodeErrorKind::UnknownFun { .. }) => {
                crate::report::dropped_message(vm, peer.node, error);
                Ok(None)
            }
            Err(error) => Err(format!("a malformed message: {error}")),
        }
    };
    let control_fragment = control.block;
    let elements: Vec<Term> = match control.term.as_tuple() {
        Some(elements) if !elements.is_empty() => elements.to_vec(),
        _ => return Err("a control message that is not a tuple".into()),
    };
    let op = elements[0].as_small().ok_or("a control message whose operation is not an integer")?;
    let arg = |index: usize| -> Result<Term, String> {
        elements.get(index).copied().ok_or_else(|| format!("control message {op} has too few elements"))
    };
    let local = |term: Term| term.is_local_pid().then_some(term);
    match op {
        LINK => {
            let (from, to) = (arg(1)?, arg(2)?);
            if let Some(to) = local(to) {
                peer.records().links.push((to, Held::new(from)));
                lifecycle::deliver(vm, to, Signal::Link { from: external::hold(from) });
            }
        }
        SEND | SEND_TT | SEND_SENDER | SEND_SENDER_TT => {
            let to = arg(2)?;
            match (message()?, local(to)) {
                (Some(message), Some(to)) if to == super::GROUP_LEADER => super::io::request(vm, message.term),
                (Some(message), Some(to)) => lifecycle::deliver(vm, to, message.message()),
                _ => {}
            }
        }
        REG_SEND | REG_SEND_TT => {
            let name = arg(3)?.as_atom().ok_or("REG_SEND to a name that is not an atom")?;
            let Some(message) = message()? else { return Ok(()) };
            match vm.registry.whereis(name) {
                Some(pid) => lifecycle::deliver(vm, pid, message.message()),
                None if name == atoms::NET_KERNEL => net_kernel(vm, peer, message.term),
                None => {}
            }
        }
        EXIT | EXIT_TT | EXIT2 | EXIT2_TT | PAYLOAD_EXIT | PAYLOAD_EXIT_TT | PAYLOAD_EXIT2 | PAYLOAD_EXIT2_TT => {
            let (from, to) = (arg(1)?, arg(2)?);
            let linked = matches!(op, EXIT | EXIT_TT | PAYLOAD_EXIT | PAYLOAD_EXIT_TT);
            let reason = if matches!(op, PAYLOAD_EXIT | PAYLOAD_EXIT_TT | PAYLOAD_EXIT2 | PAYLOAD_EXIT2_TT) {
                let part = payload()?;
                Payload { term: part.term, fragment: part.fragment }
            } else {
                let index = if matches!(op, EXIT_TT | EXIT2_TT) { 4 } else { 3 };
                Payload { term: arg(index)?, fragment: control_fragment }
            };
            if let Some(to) = local(to) {
                if linked {
                    remove_link(peer, to, external::canonical(from));
                }
                lifecycle::deliver(vm, to, Signal::Exit { from: external::hold(from), reason, linked });
            }
        }
        UNLINK | UNLINK_ID => {
            let (from, to) = if op == UNLINK { (arg(1)?, arg(2)?) } else { (arg(2)?, arg(3)?) };
            if op == UNLINK_ID {
                send_frame(vm, peer, &[small(UNLINK_ID_ACK), arg(1)?, to, from], None);
            }
            if let Some(to) = local(to) {
                remove_link(peer, to, external::canonical(from));
                lifecycle::deliver(vm, to, Signal::Unlink { from: external::hold(from) });
            }
        }
        UNLINK_ID_ACK => {}
        MONITOR_P => monitor_p(vm, peer, arg(1)?, arg(2)?, arg(3)?),
        DEMONITOR_P => {
            let (from, reference) = (arg(1)?, arg(3)?);
            let reference = RemoteRef::of(reference);
            let from = external::canonical(from);
            let found = {
                let mut records = peer.records();
                let position = records
                    .watchers
                    .iter()
                    .position(|(_, w)| w.watcher.term() == from && Some(&w.reference) == reference.as_ref());
                position.map(|position| records.watchers.swap_remove(position))
            };
            if let Some((number, watcher)) = found {
                let from = watcher.watcher.into_term();
                lifecycle::deliver(vm, watcher.target, Signal::Demonitor { from, reference: number });
            }
        }
        MONITOR_P_EXIT | PAYLOAD_MONITOR_P_EXIT => {
            let (object, to, reference) = (arg(1)?, arg(2)?, arg(3)?);
            let reason = if op == PAYLOAD_MONITOR_P_EXIT { payload()?.term } else { arg(4)? };
            if let (Some(to), Some(number)) = (local(to), build::ref_number(reference)) {
                peer.records().monitors.retain(|(watcher, n, _)| (*watcher, *n) != (to, number));
                deliver_remote_down(vm, to, number, object, peer.node, reason);
            }
        }
        SPAWN_REQUEST | SPAWN_REQUEST_TT => {
            let args = payload()?;
            spawn_requested(vm, peer, &elements, args.term);
        }
        SPAWN_REPLY | SPAWN_REPLY_TT => {
            let (reference, to, flags, result) = (arg(1)?, arg(2)?, arg(3)?, arg(4)?);
            let (Some(number), Some(to)) = (build::ref_number(reference), local(to)) else { return Ok(()) };
            let flags = flags.as_small().unwrap_or(0);
            // One critical section: a demonitor of the request's reference
            // finds either the pending request or the monitor's record.
            let (pending, unwanted_monitor) = {
                let mut records = peer.records();
                let position = records.spawns.iter().position(|p| (p.number, p.requester) == (number, to));
                let Some(pending) = position.map(|position| records.spawns.swap_remove(position)) else {
                    return Ok(());
                };
                let monitored = result.is_pid() && flags & SPAWN_REPLY_MONITORED != 0;
                if monitored && pending.monitor {
                    records.monitors.push((to, number, Held::new(result)));
                }
                let unwanted = monitored && !pending.monitor;
                (pending, unwanted)
            };
            if unwanted_monitor {
                // Demonitored before the reply came: the monitor the other
                // node made is not wanted.
                send_frame(vm, peer, &[small(DEMONITOR_P), to, result, reference], None);
            }
            if result.is_pid() {
                if flags & SPAWN_REPLY_LINKED != 0 {
                    peer.records().links.push((to, Held::new(result)));
                    lifecycle::deliver(vm, to, Signal::Link { from: external::hold(result) });
                }
                pending.deliver(vm, Ok(result));
            } else {
                pending.deliver(vm, Err(result));
            }
        }
        // Group leaders, aliases, sequential tracing: girder has none of
        // them, and a peer sends them only for features girder did not
        // announce or does not use.
        _ => {}
    }
    Ok(())
}

/// `MONITOR_P`: the remote process `from` monitors the local process (or
/// registered name) `target` under its reference `reference`.
fn monitor_p(vm: &Vm, peer: &Arc<Peer>, from: Term, target: Term, reference: Term) {
    let Some(reference) = RemoteRef::of(reference) else { return };
    let (pid, name) = match target.as_atom() {
        Some(name) => (vm.registry.whereis(name), Some(name)),
        None => (target.is_local_pid().then_some(target), None),
    };
    let Some(pid) = pid else {
        if name == Some(atoms::NET_KERNEL) {
            // The built-in net_kernel answers calls and never ends while the
            // node is up; a monitor on it fires only with the connection.
            return;
        }
        let mut scratch = Heap::new(16);
        let reference = reference.build(&mut scratch);
        send_frame(vm, peer, &[small(MONITOR_P_EXIT), target, from, reference, Term::atom(atoms::NOPROC)], None);
        return;
    };
    let number = vm.next_ref();
    let watcher = Held::new(from);
    peer.records().watchers.push((number, Watcher { watcher, target: pid, name, reference }));
    // A target that is gone answers through `lifecycle::deliver`, with a
    // `'DOWN'` that comes back to `remote_monitor_fired`.
    lifecycle::deliver(vm, pid, Signal::Monitor { from: external::hold(from), reference: number });
}

/// The calls Erlang's `net_kernel` answers that a peer makes of girder:
/// `net_adm:ping/1` is `{'$gen_call', {Pid, Tag}, {is_auth, Node}}`,
/// answered `{Tag, yes}`.
fn net_kernel(vm: &Vm, peer: &Peer, message: Term) {
    let Some(&[label, from, request]) = message.as_tuple() else { return };
    let Some(&[pid, tag]) = from.as_tuple() else { return };
    let is_auth = request.as_tuple().is_some_and(|r| r.len() == 2 && r[0].as_atom() == Some(atoms::IS_AUTH));
    if label.as_atom() == Some(atoms::GEN_CALL) && is_auth && pid.is_pid() {
        let mut scratch = Heap::new(4);
        let reply = build::tuple(&mut scratch, &[tag, Term::atom(atoms::YES)]);
        send_frame(vm, peer, &[small(SEND), Term::atom(atoms::EMPTY), pid], Some(reply));
    }
}

/// `SPAWN_REQUEST`: `{29, ReqId, From, GroupLeader, {M, F, Arity}, Options}`
/// with the argument list as payload. Spawns `M:F(Args...)` here and
/// answers `SPAWN_REPLY` with the pid or an error. Options `link` and
/// `monitor` (or `{monitor, _}`) link the new process to the requester and
/// make the requester monitor it under `ReqId`, so that its `'DOWN'` goes
/// back as `MONITOR_P_EXIT` with that reference; the reply says which with
/// its flags. Other options are the requester's node's business.
fn spawn_requested(vm: &Vm, peer: &Arc<Peer>, elements: &[Term], args: Term) {
    let (Some(&reference), Some(&from), Some(&leader), Some(&call), Some(&options)) =
        (elements.get(1), elements.get(2), elements.get(3), elements.get(4), elements.get(5))
    else {
        return;
    };
    let options = build::list_to_vec(options).unwrap_or_default();
    let link = options.iter().any(|o| o.as_atom() == Some(atoms::LINK));
    let monitor = options.iter().any(|&o| is_monitor_option(o)).then(|| RemoteRef::of(reference)).flatten();
    let watcher = monitor.as_ref().map(|_| (vm.next_ref(), from));
    // Held until the reply is queued, so that nothing the new process does
    // (an exit over its link, its `'DOWN'`) overtakes the reply: those
    // take this lock first.
    let mut records = peer.records();
    let result = match call.as_tuple() {
        Some(&[module, function, _]) => {
            crate::process::start::spawn_for_peer(vm, module, function, args, from, link, leader, watcher)
        }
        _ => Err(Term::atom(atoms::BADARG)),
    };
    let (flags, result) = match result {
        Ok(pid) => {
            let mut flags = 0;
            if link {
                records.links.push((pid, Held::new(from)));
                flags |= SPAWN_REPLY_LINKED;
            }
            if let (Some((number, _)), Some(reference)) = (watcher, monitor) {
                let watcher = Held::new(from);
                records.watchers.push((number, Watcher { watcher, target: pid, name: None, reference }));
                flags |= SPAWN_REPLY_MONITORED;
            }
            (flags, pid)
        }
        Err(reason) => (0, reason),
    };
    send_frame(vm, peer, &[small(SPAWN_REPLY), reference, from, small(flags), result], None);
    drop(records);
}
