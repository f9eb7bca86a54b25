//! One connection to another node: its state, its threads, and what must
//! be told when it goes down.

use super::control::{self, RemoteRef};
use super::external::Held;
use super::Alive;
use crate::process::lifecycle;
use crate::process::signal::{Payload, Signal};
use crate::report::{self, ConnectionEvent};
use crate::term::{atoms, Atom, AtomTable, Term};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// How far a connection got.
enum Outgoing {
    /// The handshake is under way; frames wait here.
    Connecting(Vec<Vec<u8>>),
    /// Up: frames are written by the thread that sends them.
    Up(girder_dist::Writer),
    /// Failed or lost; frames are dropped.
    Down,
}

/// A remote process monitoring a local one.
pub(crate) struct Watcher {
    /// The remote process.
    pub(crate) watcher: Held,
    /// The local process it monitors.
    pub(crate) target: Term,
    /// The name it monitors the target by, if it used one.
    pub(crate) name: Option<Atom>,
    /// The monitor's reference, made by the remote node.
    pub(crate) reference: RemoteRef,
}

/// Links and monitors across the connection, to be told `noconnection`
/// when it goes down. Entries may outlive the relation (an unlink that
/// crossed an exit); a stale link entry is harmless, because a process
/// ignores a link exit from a process it is no longer linked to. Remote
/// pids are held (`external::Held`), and given back with their entry.
#[derive(Default)]
pub(crate) struct Records {
    /// (local process, remote process) links.
    pub(crate) links: Vec<(Term, Held)>,
    /// Local processes monitoring remote ones: (watcher, reference number,
    /// the remote pid or the monitored name).
    pub(crate) monitors: Vec<(Term, u64, Held)>,
    /// Remote processes monitoring local ones, by the local reference number
    /// the target knows the monitor by.
    pub(crate) watchers: Vec<(u64, Watcher)>,
    /// Spawn requests sent and not answered.
    pub(crate) spawns: Vec<control::PendingSpawn>,
}

/// One connection to another node.
pub(crate) struct Peer {
    /// The other node's name.
    pub(crate) node: Atom,
    outgoing: Mutex<Outgoing>,
    /// When it came up, as a sequence number (0: not up), for `nodes/0`'s order.
    up_order: AtomicU64,
    pub(crate) records: Mutex<Records>,
}

static UP_ORDER: AtomicU64 = AtomicU64::new(1);

impl Peer {
    pub(crate) fn new(node: Atom) -> Peer {
        Peer {
            node,
            outgoing: Mutex::new(Outgoing::Connecting(Vec::new())),
            up_order: AtomicU64::new(0),
            records: Mutex::default(),
        }
    }

    /// Queues one frame (a control message and its payload, encoded).
    ///
    /// Once the connection is up the sending thread writes the frame itself
    /// (the writer takes its own lock, so frames never interleave), as
    /// BEAM's schedulers write to a distribution port: a hand-off to a
    /// writer thread would cost a thread wake-up per message. A write that
    /// fails shuts the connection down, which its reader then reports.
    pub(crate) fn send(&self, frame: Vec<u8>) {
        let writer = match &mut *self.outgoing.lock().unwrap_or_else(|p| p.into_inner()) {
            Outgoing::Connecting(queue) => return queue.push(frame),
            Outgoing::Up(writer) => writer.clone(),
            Outgoing::Down => return,
        };
        let _ = writer.send(&frame);
    }

    /// Whether the connection failed or was lost.
    pub(crate) fn is_down(&self) -> bool {
        matches!(*self.outgoing.lock().unwrap_or_else(|p| p.into_inner()), Outgoing::Down)
    }

    /// The order it came up in, while up.
    pub(crate) fn up_since(&self) -> Option<u64> {
        let order = self.up_order.load(Ordering::Acquire);
        (order != 0 && !self.is_down()).then_some(order)
    }

    pub(crate) fn records(&self) -> std::sync::MutexGuard<'_, Records> {
        self.records.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Starts a thread that connects to `peer.node`, then writes its frames.
pub(crate) fn connect_in_background(alive: Arc<Alive>, peer: Arc<Peer>) {
    let spawned = std::thread::Builder::new().name("girder-dist-connect".into()).spawn({
        let (alive, peer) = (Arc::clone(&alive), Arc::clone(&peer));
        move || {
            let Ok(name) = peer.node.name().parse::<girder_dist::NodeName>() else {
                report_event(&alive, ConnectionEvent::NotANodeName { node: peer.node.name() });
                return went_down(&alive, &peer);
            };
            match girder_dist::connect(&alive.config, &name) {
                Ok(connection) => run(alive, peer, connection),
                // The other node connected to this one at the same time and
                // that connection carries on, with this one's queue.
                Err(_) if peer.up_since().is_some() => {}
                // The other node is connecting to this one at the same time,
                // and its connection wins (the greater name's does): it is
                // being accepted here and will carry this one's queue. Wait
                // for it, within a handshake's time.
                Err(girder_dist::HandshakeError::Simultaneous { .. }) if wait_until_up(&alive, &peer) => {}
                Err(error) => {
                    // As in Erlang, a node that is not there is no news (the
                    // caller sees `pang` or `noconnection`); a node that is
                    // there and refuses, or that answers nonsense, is logged.
                    use girder_dist::HandshakeError as E;
                    if !matches!(error, E::Epmd(_) | E::Io(_) | E::Closed { .. } | E::Simultaneous { .. }) {
                        report_event(&alive, ConnectionEvent::ConnectFailed { node: peer.node.name(), error: &error });
                    }
                    went_down(&alive, &peer);
                }
            }
        }
    });
    if spawned.is_err() {
        went_down(&alive, &peer);
    }
}

/// Waits until `peer` is up through a connection accepted from its node;
/// false when that does not happen within the handshake timeout.
fn wait_until_up(alive: &Alive, peer: &Peer) -> bool {
    let deadline = std::time::Instant::now() + alive.config.handshake_timeout * 2;
    while std::time::Instant::now() < deadline {
        if peer.up_since().is_some() {
            return true;
        }
        if peer.is_down() {
            return false;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    peer.up_since().is_some()
}

/// Accepts connections from other nodes for the life of the VM.
///
/// A node that connects while a connection to it is being made from here
/// (both sides sent a first signal at once) is admitted or refused as OTP
/// does, the greater name winning; when it is admitted, the frames queued
/// for the attempt from here go over the admitted connection.
///
/// When `accept` fails for lack of file descriptors, the oldest connection
/// still in its handshake is shut down to free one, and the loop backs off
/// (5 ms, doubling up to a second, while the failures last) rather than
/// spinning; a failure is logged at most once every ten seconds, with the
/// number of failures since the last line.
pub(crate) fn accept_loop(alive: Arc<Alive>, listener: girder_dist::Listener) {
    const FIRST_PAUSE: std::time::Duration = std::time::Duration::from_millis(5);
    const LONGEST_PAUSE: std::time::Duration = std::time::Duration::from_secs(1);
    const LOG_EVERY: std::time::Duration = std::time::Duration::from_secs(10);
    let mut pause = FIRST_PAUSE;
    let mut unlogged = 0u64;
    let mut last_logged: Option<std::time::Instant> = None;
    loop {
        let incoming = match listener.incoming() {
            Ok(incoming) => incoming,
            Err(error) => {
                unlogged += 1;
                if !matches!(last_logged, Some(at) if at.elapsed() < LOG_EVERY) {
                    report_event(&alive, ConnectionEvent::AcceptFailed { error: &error, failures: unlogged });
                    last_logged = Some(std::time::Instant::now());
                    unlogged = 0;
                }
                // EMFILE and ENFILE (the same numbers on Linux, the BSDs and
                // macOS): out of descriptors.
                if matches!(error.raw_os_error(), Some(23 | 24)) {
                    listener.shed_oldest_handshake();
                }
                std::thread::sleep(pause);
                pause = (pause * 2).min(LONGEST_PAUSE);
                continue;
            }
        };
        pause = FIRST_PAUSE;
        // Each handshake on its own thread: a slow peer holds up no other.
        let alive = Arc::clone(&alive);
        let _ = std::thread::Builder::new().name("girder-dist-reader".into()).spawn(move || accept(alive, incoming));
    }
}

/// Completes the handshake of one incoming connection, then runs it.
///
/// The peer's name becomes an atom only once it has answered the cookie
/// challenge: until then it is looked up, never interned, so connections
/// that do not know the cookie cannot fill the atom table.
fn accept(alive: Arc<Alive>, incoming: girder_dist::Incoming) {
    let this = alive.config.this.clone();
    let admitted = incoming.handshake_with(|peer, _flags| {
        // A name that is no atom yet is no node this one knows.
        let existing = AtomTable::global().lookup(&peer.to_string()).and_then(|node| alive.existing_peer(node));
        match existing {
            Some(existing) if existing.up_since().is_some() => girder_dist::Admission::Alive,
            Some(existing) if !existing.is_down() => girder_dist::Admission::for_simultaneous(&this, peer),
            _ => girder_dist::Admission::Accept,
        }
    });
    let connection = match admitted {
        Ok(connection) => connection,
        // Refusing the other attempt of two nodes connecting to each other at
        // once is routine (this node's own attempt carries on), and so, as
        // in Erlang, are clients that hang up, fail or dawdle before the
        // handshake is done; anything else, a wrong cookie first of all, is
        // logged.
        Err(
            girder_dist::HandshakeError::Superseded { .. }
            | girder_dist::HandshakeError::Shed
            | girder_dist::HandshakeError::Timeout { .. }
            | girder_dist::HandshakeError::Closed { .. }
            | girder_dist::HandshakeError::Io(_),
        ) => return,
        Err(error) => return report_event(&alive, ConnectionEvent::Refused { error: &error }),
    };
    let node = match Atom::intern(&connection.peer.to_string()) {
        Ok(node) => node,
        Err(error) => {
            return report_event(&alive, ConnectionEvent::RefusedFrom { node: &connection.peer, error: &error })
        }
    };
    let peer = match alive.existing_peer(node) {
        Some(existing) if !existing.is_down() && existing.up_since().is_none() => existing,
        _ => Arc::new(Peer::new(node)),
    };
    alive.replace(&peer);
    run(alive, peer, connection);
}

/// Runs an established connection: sends what was queued while it was
/// being made, then reads and delivers until it goes down.
fn run(alive: Arc<Alive>, peer: Arc<Peer>, connection: girder_dist::Connection) {
    let (mut reader, writer) = connection.split();
    {
        let mut outgoing = peer.outgoing.lock().unwrap_or_else(|p| p.into_inner());
        // The queue goes out under the lock, so no frame sent meanwhile can
        // overtake it.
        if let Outgoing::Connecting(queue) = &*outgoing {
            for frame in queue {
                let _ = writer.send(frame);
            }
        }
        if let Outgoing::Up(old) = std::mem::replace(&mut *outgoing, Outgoing::Up(writer)) {
            old.shutdown();
        }
    }
    peer.up_order.store(UP_ORDER.fetch_add(1, Ordering::Relaxed), Ordering::Release);
    loop {
        let frame = match reader.recv() {
            Ok(frame) => frame,
            // A peer that closes its end (it halted, or disconnected) is
            // routine, as in Erlang; anything else is logged.
            Err(girder_dist::ConnError::Closed) => break,
            Err(error) => {
                if !peer.is_down() {
                    report_event(&alive, ConnectionEvent::Lost { node: peer.node.name(), error: &error });
                }
                break;
            }
        };
        let Some(vm) = alive.vm.upgrade() else { break };
        if let Err(error) = control::handle_frame(&vm, &alive, &peer, &frame) {
            report::connection(&vm, ConnectionEvent::Closing { node: peer.node.name(), error: &error });
            break;
        }
    }
    went_down(&alive, &peer);
}

/// Reports an event of a connection through the VM's error output, while
/// the VM is there (a connection's threads hold only a weak reference to it).
fn report_event(alive: &Alive, event: ConnectionEvent<'_>) {
    if let Some(vm) = alive.vm.upgrade() {
        report::connection(&vm, event);
    }
}

/// The connection failed or was lost: every link across it gets
/// `noconnection`, every monitor a `'DOWN'` with `noconnection`, every
/// `monitor_node` a `{nodedown, Node}`.
fn went_down(alive: &Arc<Alive>, peer: &Arc<Peer>) {
    {
        let mut outgoing = peer.outgoing.lock().unwrap_or_else(|p| p.into_inner());
        match std::mem::replace(&mut *outgoing, Outgoing::Down) {
            Outgoing::Down => return,
            // Closing the socket ends the reader too.
            Outgoing::Up(writer) => writer.shutdown(),
            Outgoing::Connecting(_) => {}
        }
    }
    alive.forget(peer);
    let Some(vm) = alive.vm.upgrade() else { return };
    let records = std::mem::take(&mut *peer.records());
    let reason = || Payload::immediate(Term::atom(noconnection()));
    // A signal's `from` is held until its receiver has handled it: the
    // record's hold goes with it.
    for (local, remote) in records.links {
        lifecycle::deliver(&vm, local, Signal::Exit { from: remote.into_term(), reason: reason(), linked: true });
    }
    for (watcher, number, target) in records.monitors {
        control::deliver_remote_down(&vm, watcher, number, target.term(), peer.node, Term::atom(noconnection()));
    }
    for (number, watcher) in records.watchers {
        let from = watcher.watcher.into_term();
        lifecycle::deliver(&vm, watcher.target, Signal::Demonitor { from, reference: number });
    }
    for pending in records.spawns {
        pending.deliver(&vm, Err(Term::atom(noconnection())));
    }
    alive.node_down_messages(&vm, peer.node);
}

/// The atom `noconnection`.
pub(crate) fn noconnection() -> Atom {
    atoms::NOCONNECTION
}

/// Closes the connection to `node`, as `erlang:disconnect_node/1` does;
/// false when there was none.
pub(crate) fn disconnect(alive: &Arc<Alive>, node: Atom) -> bool {
    match alive.existing_peer(node) {
        Some(peer) if !peer.is_down() => {
            went_down(alive, &peer);
            true
        }
        _ => false,
    }
}
