//! Distribution: this node's name, its connections to other nodes, and
//! signals to and from processes on them.
//!
//! girder speaks Erlang's own distribution protocol (`girder-dist` carries
//! EPMD, the handshake and the framing), so girder nodes and Erlang/OTP
//! nodes are peers in one cluster. This module is the VM's side:
//!
//! - **Naming.** [`Dist::start`] registers the node with EPMD, listens, and
//!   makes local pids and references belong to the node's name and creation.
//! - **Connections** ([`peer`]) are made on first use, as in Erlang: the
//!   first signal to a node queues its frame and starts a thread that
//!   connects; when the handshake is done, a writer thread sends the queue
//!   and a reader thread delivers what arrives. A connection that fails or
//!   is lost turns into `noconnection` for every link and monitor across
//!   it, and `{nodedown, Node}` for every `monitor_node/2`.
//! - **Signals** ([`control`]): a signal to a remote pid is encoded in the
//!   sender's thread (the term is read from the sender's heap, so no copy
//!   is made first) into a control message of Erlang's protocol; one that
//!   arrives is decoded into a heap fragment and delivered to the local
//!   process exactly as a local signal is.
//! - **Remote pids** ([`external`]) are heap objects, copied by value;
//!   links, monitors and a connection's records hold them outside any
//!   heap, counted, so they cost memory only while something refers to them.
//!
//! Threads: three per connection (connect/writer, reader) and one that
//! accepts. Only the reader of a connection delivers what comes from it, so
//! signals from one remote process arrive in the order sent (DESIGN
//! decision 4 across nodes, as Erlang promises).

pub mod control;
pub mod external;
pub(crate) mod io;
mod peer;

pub use io::{io_to_group_leader, GROUP_LEADER};

use crate::term::node::{self, NodeId};
use crate::term::{Atom, Term};
use crate::vm::Vm;
use girder_dist::NodeName;
use peer::Peer;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// How to start distribution.
#[derive(Clone, Debug)]
pub struct Options {
    /// The node's name, `name@host`.
    pub name: NodeName,
    /// The cookie every peer must share.
    pub cookie: String,
    /// The deadline of a whole handshake (OTP's `net_setuptime`, 7 s
    /// unless changed).
    pub handshake_timeout: std::time::Duration,
}

impl Options {
    /// Options for node `name` with `cookie` and OTP's default timings.
    pub fn new(name: NodeName, cookie: String) -> Options {
        Options { name, cookie, handshake_timeout: girder_dist::config::DEFAULT_HANDSHAKE_TIMEOUT }
    }
}

/// Why distribution could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// Distribution is running already.
    #[error("the node is distributed already")]
    AlreadyAlive,
    /// The node name is not an atom the table can hold.
    #[error("the node name {0} cannot be an atom: {1}")]
    Name(String, String),
    /// EPMD or the listening socket failed.
    #[error("{0}")]
    Net(String),
}

/// The distribution state of a VM: nothing until [`Dist::start`].
#[derive(Default)]
pub struct Dist {
    alive: OnceLock<Arc<Alive>>,
}

/// A node that is distributed.
pub(crate) struct Alive {
    pub(crate) this: NodeId,
    pub(crate) config: girder_dist::Config,
    pub(crate) vm: Weak<Vm>,
    peers: Mutex<HashMap<Atom, Arc<Peer>>>,
    /// `monitor_node(Node, true)` calls not yet answered or cancelled: one
    /// entry per call, as in Erlang.
    node_monitors: Mutex<Vec<(Atom, Term)>>,
    /// Local processes whose group leader is on another node.
    pub(crate) group_leaders: io::GroupLeaders,
}

impl Dist {
    /// Makes the VM a node named `options.name`: starts EPMD when none
    /// runs, listens on an ephemeral port, registers the name, and accepts
    /// connections from then on.
    pub fn start(vm: &Arc<Vm>, options: Options) -> Result<(), StartError> {
        if vm.dist.is_alive() {
            return Err(StartError::AlreadyAlive);
        }
        let full_name = options.name.to_string();
        let name = Atom::intern(&full_name).map_err(|e| StartError::Name(full_name.clone(), e.to_string()))?;
        let net = |e: &dyn std::fmt::Display| StartError::Net(e.to_string());
        let mut config = girder_dist::Config::new(options.name.clone(), options.cookie);
        config.flags |= control::FLAGS;
        config.handshake_timeout = options.handshake_timeout;
        // A node named on a loopback address can only be reached there:
        // listen there only, rather than on every interface as erl does.
        let host = options.name.host();
        let loopback = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
        if loopback {
            config = config.loopback_only();
        }
        let mut listener = girder_dist::Listener::bind(config).map_err(|e| net(&e))?;
        listener.publish().map_err(|e| net(&e))?;
        let config = listener.config().clone();
        let this = NodeId { name, creation: config.creation };
        node::set_this_node_id(this);
        let alive = Arc::new(Alive {
            this,
            config,
            vm: Arc::downgrade(vm),
            peers: Mutex::default(),
            node_monitors: Mutex::default(),
            group_leaders: io::GroupLeaders::default(),
        });
        vm.dist.alive.set(Arc::clone(&alive)).map_err(|_| StartError::AlreadyAlive)?;
        std::thread::Builder::new()
            .name("girder-dist-accept".into())
            .spawn(move || peer::accept_loop(alive, listener))
            .map_err(|e| net(&e))?;
        Ok(())
    }

    /// Whether the VM is a distributed node.
    pub fn is_alive(&self) -> bool {
        self.alive.get().is_some()
    }

    pub(crate) fn alive(&self) -> Option<&Arc<Alive>> {
        self.alive.get()
    }

    /// The nodes connected now, in the order they connected.
    pub fn nodes(&self) -> Vec<Atom> {
        self.alive.get().map(|alive| alive.connected()).unwrap_or_default()
    }
}

/// A local process ended: forgets what distribution kept about it.
pub(crate) fn process_ended(vm: &Vm, pid: Term) {
    if let Some(alive) = vm.dist.alive() {
        alive.group_leaders.remove(pid);
    }
}

/// Closes the connection to `node`; false when there was none.
pub(crate) fn disconnect(alive: &Arc<Alive>, node: Atom) -> bool {
    peer::disconnect(alive, node)
}

impl Alive {
    /// The connection to `node`, made (in the background) when there is none.
    pub(crate) fn peer(self: &Arc<Self>, node: Atom) -> Arc<Peer> {
        let mut peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(peer) = peers.get(&node) {
            return Arc::clone(peer);
        }
        let peer = Arc::new(Peer::new(node));
        peers.insert(node, Arc::clone(&peer));
        drop(peers);
        peer::connect_in_background(Arc::clone(self), Arc::clone(&peer));
        peer
    }

    /// The connection to `node` if one is up or being made.
    pub(crate) fn existing_peer(&self, node: Atom) -> Option<Arc<Peer>> {
        self.peers.lock().unwrap_or_else(|p| p.into_inner()).get(&node).cloned()
    }

    /// The connection whose records hold the monitor `reference` of `watcher`.
    pub(crate) fn peer_with_monitor(&self, watcher: Term, reference: u64) -> Option<Arc<Peer>> {
        let peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        peers
            .values()
            .find(|peer| peer.records().monitors.iter().any(|(w, n, _)| (*w, *n) == (watcher, reference)))
            .cloned()
    }

    fn connected(&self) -> Vec<Atom> {
        let peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        let mut up: Vec<(u64, Atom)> =
            peers.values().filter_map(|peer| peer.up_since().map(|order| (order, peer.node))).collect();
        up.sort_unstable();
        up.into_iter().map(|(_, node)| node).collect()
    }

    /// Makes `peer` the connection to its node (an accepted connection
    /// replaces one that is stale).
    fn replace(&self, peer: &Arc<Peer>) {
        self.peers.lock().unwrap_or_else(|p| p.into_inner()).insert(peer.node, Arc::clone(peer));
    }

    /// Forgets `peer` (it went down), unless it was replaced already.
    fn forget(&self, peer: &Arc<Peer>) {
        let mut peers = self.peers.lock().unwrap_or_else(|p| p.into_inner());
        if peers.get(&peer.node).is_some_and(|existing| Arc::ptr_eq(existing, peer)) {
            peers.remove(&peer.node);
        }
    }

    /// Adds a `monitor_node(node, true)` of `pid`.
    pub(crate) fn monitor_node(self: &Arc<Self>, vm: &Vm, pid: Term, node: Atom) {
        let peer = self.peer(node);
        self.node_monitors.lock().unwrap_or_else(|p| p.into_inner()).push((node, pid));
        if peer.is_down() {
            // It failed between the lookup and the push: answer now.
            self.node_down_messages(vm, node);
        }
    }

    /// Removes one `monitor_node(node, true)` of `pid`.
    pub(crate) fn demonitor_node(&self, pid: Term, node: Atom) {
        let mut monitors = self.node_monitors.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(position) = monitors.iter().position(|&entry| entry == (node, pid)) {
            monitors.remove(position);
        }
    }

    /// Sends `{nodedown, Node}` to every process monitoring `node`, once.
    fn node_down_messages(&self, vm: &Vm, node: Atom) {
        let watchers: Vec<Term> = {
            let mut monitors = self.node_monitors.lock().unwrap_or_else(|p| p.into_inner());
            let (down, kept): (Vec<_>, Vec<_>) = monitors.drain(..).partition(|&(n, _)| n == node);
            *monitors = kept;
            down.into_iter().map(|(_, pid)| pid).collect()
        };
        for pid in watchers {
            control::deliver_nodedown(vm, pid, node);
        }
    }
}
