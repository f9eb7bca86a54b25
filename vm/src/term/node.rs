//! Node identity: which node this VM is, and the numbers other nodes
//! print under.
//!
//! A pid or reference belongs to a node, named by an atom and told apart
//! from earlier runs of a node of the same name by its *creation*. Local
//! pids and references (immediate pids, [`BoxKind::Ref`](super::BoxKind))
//! belong to this node, whose identity is [`this_node_id`]:
//! `nonode@nohost` with creation 0 until distribution starts and calls
//! [`set_this_node_id`]. Pids and references of any other node, or of an
//! earlier incarnation of this one, are boxed (`ExternalPid`, `ExternalRef`).
//!
//! Threads: everything here may be called from any thread at any time.

use super::{atoms, Atom};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, OnceLock};

/// A node's identity: its name and its creation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct NodeId {
    /// The node's name, such as `girder@localhost`.
    pub name: Atom,
    /// The creation: distinguishes incarnations of a node with the same name.
    pub creation: u32,
}

impl NodeId {
    /// The identity of a node that is not distributed: `nonode@nohost`, creation 0.
    pub const NOT_DISTRIBUTED: NodeId = NodeId { name: atoms::NONODE, creation: 0 };
}

impl Default for NodeId {
    fn default() -> NodeId {
        NodeId::NOT_DISTRIBUTED
    }
}

/// This node's name (low 32 bits) and creation (high 32 bits).
static THIS_NODE: AtomicU64 = AtomicU64::new(pack(NodeId::NOT_DISTRIBUTED));

const fn pack(node: NodeId) -> u64 {
    (node.creation as u64) << 32 | node.name.index() as u64
}

/// Sets this node's identity, which local pids and references belong to.
pub fn set_this_node_id(node: NodeId) {
    THIS_NODE.store(pack(node), Ordering::Relaxed);
}

/// This node's identity (`nonode@nohost`, creation 0, unless
/// [`set_this_node_id`] changed it).
pub fn this_node_id() -> NodeId {
    let word = THIS_NODE.load(Ordering::Relaxed);
    NodeId { name: Atom::from_index(word as u32), creation: (word >> 32) as u32 }
}

/// Sets this node's name, keeping its creation.
pub fn set_this_node(name: Atom) {
    set_this_node_id(NodeId { name, ..this_node_id() });
}

/// The name of this node (`nonode@nohost` unless changed).
pub fn this_node() -> Atom {
    this_node_id().name
}

/// The number an external pid or reference of node `name` prints with, as
/// the first part of `<N.Id.Serial>` and `#Ref<N.a.b.c>` (local ones print
/// 0): a number from 1 up, given to each node name in order of first use
/// and the same for the life of the VM, so one node always prints alike,
/// whatever its creation (an earlier incarnation of this node included).
pub fn node_number(name: Atom) -> u32 {
    static NUMBERS: OnceLock<Mutex<HashMap<Atom, u32>>> = OnceLock::new();
    let mut numbers =
        NUMBERS.get_or_init(|| Mutex::new(HashMap::new())).lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let next = numbers.len() as u32 + 1;
    *numbers.entry(name).or_insert(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_numbers_are_stable_and_never_zero_for_other_nodes() {
        let a = Atom::intern("node_number_a@host").unwrap();
        let b = Atom::intern("node_number_b@host").unwrap();
        let first = node_number(a);
        assert_ne!(first, 0);
        assert_ne!(node_number(b), 0);
        assert_ne!(node_number(b), first);
        assert_eq!(node_number(a), first);
        assert_ne!(node_number(this_node()), 0, "only local pids print 0");
    }

    #[test]
    fn packing_keeps_name_and_creation() {
        let node = NodeId { name: Atom::from_index(12345), creation: u32::MAX };
        let word = pack(node);
        assert_eq!(Atom::from_index(word as u32), node.name);
        assert_eq!((word >> 32) as u32, node.creation);
        assert_eq!(NodeId::default(), NodeId::NOT_DISTRIBUTED);
    }
}
