//! Pids of processes on other nodes, interned in the literal area.
//!
//! A remote pid is a boxed `ExternalPid` (node atom, id, serial, creation).
//! girder keeps exactly one copy of each, in the immortal literal area, so
//! that:
//! - a remote pid is a plain word that may be stored outside any heap (in a
//!   process's links and monitors, in the registry, in a connection's
//!   records), as a local pid is;
//! - two remote pids are the same process exactly when their words are
//!   equal, so `Relations` keeps comparing words;
//! - sending one never copies it, and the collector leaves it alone (both
//!   already hold for every literal).
//!
//! The cost is that a remote pid seen once is kept for the life of the VM:
//! 40 bytes for each distinct process of another node this node ever heard
//! of. Erlang's node tables reclaim theirs by reference counting; girder
//! would need the same only for nodes that talk to millions of short-lived
//! remote processes.

use crate::literal_area::LiteralArea;
use crate::term::{Atom, BoxKind, Term};
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

/// What names a remote process.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RemotePid {
    /// The node it lives on.
    pub node: Atom,
    /// Its id there (the second number of `<N.Id.Serial>`).
    pub id: u32,
    /// Its serial there (the third number).
    pub serial: u32,
    /// The creation of the node's incarnation that made it.
    pub creation: u32,
}

fn interned() -> &'static Mutex<HashMap<RemotePid, u64>> {
    static TABLE: OnceLock<Mutex<HashMap<RemotePid, u64>>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default)
}

impl RemotePid {
    /// The one term for this remote pid; `None` only when the literal area
    /// is full.
    pub fn term(self) -> Option<Term> {
        let mut table = interned().lock().unwrap_or_else(|p| p.into_inner());
        if let Some(&word) = table.get(&self) {
            return Some(Term::from_raw(word));
        }
        let ptr = LiteralArea::global().alloc(5).ok()?;
        let words = [
            Term::header(BoxKind::ExternalPid, 4),
            Term::atom(self.node),
            Term::small_unchecked(i64::from(self.id)),
            Term::small_unchecked(i64::from(self.serial)),
            Term::small_unchecked(i64::from(self.creation)),
        ];
        for (i, word) in words.into_iter().enumerate() {
            // SAFETY: five words were just allocated at `ptr`, for this
            // object alone; nothing reads them before the term is published
            // (under the table's lock, below).
            unsafe { ptr.add(i).write(word) };
        }
        let term = Term::boxed_ptr(ptr);
        table.insert(self, term.raw());
        Some(term)
    }

    /// The parts of a remote pid term; `None` for anything else.
    pub fn of(term: Term) -> Option<RemotePid> {
        if !term.is_box_of(BoxKind::ExternalPid) {
            return None;
        }
        let payload = term.payload();
        let field = |index: usize| payload[index].as_small().and_then(|value| u32::try_from(value).ok());
        Some(RemotePid { node: payload[0].as_atom()?, id: field(1)?, serial: field(2)?, creation: field(3)? })
    }
}

/// The node a pid lives on: `None` for a local pid or a non-pid.
pub fn node_of(pid: Term) -> Option<Atom> {
    RemotePid::of(pid).map(|remote| remote.node)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_remote_pid_is_interned_once() {
        let node = Atom::intern("other@127.0.0.1").unwrap();
        let a = RemotePid { node, id: 81, serial: 0, creation: 7 };
        let first = a.term().unwrap();
        let again = a.term().unwrap();
        assert_eq!(first, again, "one word per remote pid");
        assert!(crate::literal_area::is_literal(first.ptr()));
        assert!(first.is_pid() && !first.is_local_pid());
        assert_eq!(RemotePid::of(first), Some(a));
        assert_eq!(node_of(first), Some(node));
        let b = RemotePid { creation: 8, ..a };
        assert_ne!(b.term().unwrap(), first, "another incarnation is another process");
        assert_eq!(node_of(Term::pid_of(3, 0)), None);
    }
}
