//! Pids of processes on other nodes: objects of a heap, held outside one.
//!
//! **On a heap** a remote pid is a boxed `ExternalPid` (header, node atom,
//! id, serial, creation), built by value where it is decoded and copied
//! with the term that holds it, as a tuple is; the collector reclaims it
//! with the rest of the garbage. Two remote pids are the same process when
//! their contents are equal (term order and `=:=` compare contents).
//!
//! **Outside any heap** (a process's links and monitors, a connection's
//! records, the group leader of a process spawned for a peer, and the
//! `from` of a signal on its way) a remote pid is *held*: a word pointing
//! at the one copy this table keeps of it, with a count of its holders.
//! [`hold`] takes a hold (the first makes the copy), [`release`] gives it
//! back, and the copy goes when its last holder releases it. Because the
//! table keeps one copy per pid, two held words are the same process
//! exactly when they are equal, so links and monitors compare words, as
//! they do for local pids; a pid from a heap is compared with them through
//! [`canonical`].
//!
//! So a remote pid uses memory only while a heap, a message, a link, a
//! monitor or a record refers to it, as Erlang's node tables count their
//! references: a peer that sends a stream of distinct pids in messages
//! leaves nothing behind once the messages are dropped.
//!
//! A held word must never be stored in a heap: the copy it points at goes
//! with its last holder. Whatever puts a held pid into a heap copies it
//! ([`crate::memory::copy`] copies every pointer outside the literal area). A
//! released copy's words are kept for the next pid held, never returned
//! to the allocator, so the table's memory is the most pids held at once.
//!
//! Threads: every function here may be called from any thread.

use crate::memory::heap::Heap;
use crate::term::node::NodeId;
use crate::term::{build, Atom, BoxKind, Term};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, OnceLock};

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

/// One held pid's words: the object a held word points at.
type Slot = Box<[Term; 5]>;

/// The held pids.
#[derive(Default)]
struct Table {
    /// Each held pid: its slot and the number of holders (at least 1).
    by_pid: HashMap<RemotePid, (usize, u64)>,
    /// Every slot ever made; a slot is never freed, only reused.
    slots: Vec<Slot>,
    /// Slots no pid holds, for the next one.
    free: Vec<usize>,
}

fn table() -> MutexGuard<'static, Table> {
    static TABLE: OnceLock<Mutex<Table>> = OnceLock::new();
    TABLE.get_or_init(Mutex::default).lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Table {
    fn word(&self, slot: usize) -> Term {
        Term::boxed_ptr(self.slots[slot].as_ptr())
    }
}

impl RemotePid {
    /// The parts of a remote pid term (on a heap or held); `None` for
    /// anything else.
    pub fn of(term: Term) -> Option<RemotePid> {
        if !term.is_box_of(BoxKind::ExternalPid) {
            return None;
        }
        let payload = term.payload();
        let field = |index: usize| payload[index].as_small().and_then(|value| u32::try_from(value).ok());
        Some(RemotePid { node: payload[0].as_atom()?, id: field(1)?, serial: field(2)?, creation: field(3)? })
    }

    /// Builds this pid on `heap`.
    pub fn build(self, heap: &mut Heap) -> Term {
        build::external_pid(heap, NodeId { name: self.node, creation: self.creation }, self.id, self.serial)
    }
}

/// Takes a hold of `term` for keeping outside any heap: for a remote pid
/// (on a heap or held already), the held word of that pid, which stays
/// valid until a matching [`release`]; anything else (a local pid, an
/// atom) comes back as it is and needs no release.
pub fn hold(term: Term) -> Term {
    let Some(remote) = RemotePid::of(term) else { return term };
    let mut table = table();
    if let Some((slot, holders)) = table.by_pid.get_mut(&remote) {
        *holders += 1;
        let slot = *slot;
        return table.word(slot);
    }
    let words = [
        Term::header(BoxKind::ExternalPid, 4),
        Term::atom(remote.node),
        Term::small_unchecked(i64::from(remote.id)),
        Term::small_unchecked(i64::from(remote.serial)),
        Term::small_unchecked(i64::from(remote.creation)),
    ];
    let slot = match table.free.pop() {
        Some(slot) => {
            // No word points here: its last holder released it.
            *table.slots[slot] = words;
            slot
        }
        None => {
            table.slots.push(Box::new(words));
            table.slots.len() - 1
        }
    };
    table.by_pid.insert(remote, (slot, 1));
    table.word(slot)
}

/// Gives back a hold taken by [`hold`] (on `term` or a word equal to it).
/// Does nothing for a term that is not a held pid.
pub fn release(term: Term) {
    let Some(remote) = RemotePid::of(term) else { return };
    let mut table = table();
    let Some(&(slot, holders)) = table.by_pid.get(&remote) else { return };
    if table.word(slot) != term {
        // A pid on a heap with the contents of a held one: not a hold.
        debug_assert!(false, "released a remote pid that is not a held word");
        return;
    }
    if holders > 1 {
        table.by_pid.insert(remote, (slot, holders - 1));
    } else {
        table.by_pid.remove(&remote);
        table.free.push(slot);
    }
}

/// The held word of remote pid `term` when some holder holds it, so that
/// it compares equal to what links and monitors store; otherwise `term`
/// itself (a local pid, or a remote pid nothing holds, which no link or
/// monitor can name).
pub fn canonical(term: Term) -> Term {
    let Some(remote) = RemotePid::of(term) else { return term };
    let table = table();
    match table.by_pid.get(&remote) {
        Some(&(slot, _)) => table.word(slot),
        None => term,
    }
}

/// How many remote pids are held now (each once, whatever its number of
/// holders).
pub fn held_count() -> usize {
    table().by_pid.len()
}

/// How many slots the table has made: the most remote pids ever held at
/// once, which is what the table's memory is proportional to.
pub fn slot_count() -> usize {
    table().slots.len()
}

/// A hold of a term ([`hold`]), given back when dropped: how a remote pid
/// is kept in a connection's records.
#[derive(Debug, PartialEq, Eq)]
pub struct Held(Term);

impl Held {
    /// Takes a hold of `term` (a pid of any node, or an atom).
    pub fn new(term: Term) -> Held {
        Held(hold(term))
    }

    /// The held word.
    pub fn term(&self) -> Term {
        self.0
    }

    /// The held word, whose hold the caller now owns (to give back with
    /// [`release`]).
    pub fn into_term(self) -> Term {
        let term = self.0;
        std::mem::forget(self);
        term
    }
}

impl Clone for Held {
    fn clone(&self) -> Held {
        Held(hold(self.0))
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        release(self.0);
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
    fn a_held_pid_is_one_word_until_its_last_release() {
        let node = Atom::intern("other@127.0.0.1").unwrap();
        let a = RemotePid { node, id: 81, serial: 0, creation: 7 };
        let mut heap = Heap::new(16);
        let on_heap = a.build(&mut heap);
        let again = a.build(&mut heap);
        assert_ne!(on_heap, again, "two objects on the heap");
        assert_eq!(canonical(on_heap), on_heap, "nothing holds it yet");
        let first = hold(on_heap);
        let second = hold(again);
        assert_eq!(first, second, "one word per held pid");
        assert_eq!(canonical(again), first);
        assert!(!crate::memory::literal_area::is_literal(first.ptr()));
        assert!(first.is_pid() && !first.is_local_pid());
        assert_eq!(RemotePid::of(first), Some(a));
        assert_eq!(node_of(first), Some(node));
        let b = RemotePid { creation: 8, ..a };
        let other = hold(b.build(&mut heap));
        assert_ne!(other, first, "another incarnation is another process");
        release(first);
        assert_eq!(canonical(on_heap), first, "one holder left");
        release(second);
        assert_eq!(canonical(on_heap), on_heap, "released by its last holder");
        release(other);
        assert_eq!(hold(Term::pid_of(3, 0)), Term::pid_of(3, 0), "a local pid is its own hold");
        assert_eq!(node_of(Term::pid_of(3, 0)), None);
    }
}
