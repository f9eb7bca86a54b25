//! A process's links and monitors: two in place, more in one exactly sized
//! slice.
//!
//! Most processes have none, and a process in a linked ring has two links.
//! Entries are 16 bytes; two of them live in the process itself (40 bytes
//! with the length), so the common cases allocate nothing, and a process
//! with more keeps them in one boxed slice, resized on each change (links
//! and monitors change rarely) instead of vectors with spare capacity.

use crate::term::Term;

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// A link to the process.
    Link(Term),
    /// This process monitors the process under the reference number.
    Monitors(u64, Term),
    /// The process monitors this one under the reference number.
    MonitoredBy(u64, Term),
}

const KIND_SHIFT: u32 = 62;
const LINK: u64 = 1 << KIND_SHIFT;
const MONITORS: u64 = 2 << KIND_SHIFT;
const MONITORED_BY: u64 = 3 << KIND_SHIFT;
const NUMBER_MASK: u64 = (1 << KIND_SHIFT) - 1;

/// One entry: the kind in the top two bits of `tag`, a reference number
/// below them (monitors), and the other process's pid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    tag: u64,
    pid: Term,
}

impl Entry {
    fn new(relation: Relation) -> Entry {
        match relation {
            Relation::Link(pid) => Entry { tag: LINK, pid },
            Relation::Monitors(number, pid) => Entry { tag: MONITORS | (number & NUMBER_MASK), pid },
            Relation::MonitoredBy(number, pid) => Entry { tag: MONITORED_BY | (number & NUMBER_MASK), pid },
        }
    }

    fn relation(self) -> Relation {
        let number = self.tag & NUMBER_MASK;
        match self.tag & !NUMBER_MASK {
            LINK => Relation::Link(self.pid),
            MONITORS => Relation::Monitors(number, self.pid),
            _ => Relation::MonitoredBy(number, self.pid),
        }
    }
}

/// The links and monitors of one process: up to two in place, more in
/// one boxed slice.
#[derive(Debug)]
pub struct Relations {
    store: Store,
}

/// Where the entries are. Two fit in place, with no allocation: a process
/// in a linked ring or chain has two links, a spawned worker a link or a
/// monitor; only a process with three or more pays for a slice.
#[derive(Debug)]
enum Store {
    /// `len` entries (0 to 2) at the front of `entries`; the rest are
    /// copies of no meaning.
    Inline { len: u8, entries: [Entry; 2] },
    /// Three or more.
    Spilled(Box<[Entry]>),
}

const UNUSED: Entry = Entry { tag: 0, pid: Term::NIL };

impl Default for Relations {
    fn default() -> Relations {
        Relations { store: Store::Inline { len: 0, entries: [UNUSED; 2] } }
    }
}

impl Relations {
    /// The entries, in the order they were made.
    fn entries(&self) -> &[Entry] {
        match &self.store {
            Store::Inline { len, entries } => &entries[..usize::from(*len)],
            Store::Spilled(entries) => entries,
        }
    }

    /// Stores exactly `entries`.
    fn set(&mut self, entries: &[Entry]) {
        self.store = match *entries {
            [] => Store::Inline { len: 0, entries: [UNUSED; 2] },
            [a] => Store::Inline { len: 1, entries: [a, UNUSED] },
            [a, b] => Store::Inline { len: 2, entries: [a, b] },
            _ => Store::Spilled(entries.into()),
        };
    }

    /// Every relation, in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = Relation> + '_ {
        self.entries().iter().map(|entry| entry.relation())
    }

    /// Adds a relation.
    pub fn add(&mut self, relation: Relation) {
        let entry = Entry::new(relation);
        match &mut self.store {
            Store::Inline { len, entries } if *len < 2 => {
                entries[usize::from(*len)] = entry;
                *len += 1;
            }
            _ => {
                let mut all = self.entries().to_vec();
                all.push(entry);
                self.set(&all);
            }
        }
    }

    /// Removes the first relation `matches` accepts; returns it.
    pub fn remove_first(&mut self, matches: impl Fn(Relation) -> bool) -> Option<Relation> {
        let entries = self.entries();
        let position = entries.iter().position(|entry| matches(entry.relation()))?;
        let removed = entries[position].relation();
        let mut kept = entries.to_vec();
        kept.remove(position);
        self.set(&kept);
        Some(removed)
    }
    /// Whether the process is linked to `pid`.
    pub fn is_linked(&self, pid: Term) -> bool {
        self.iter().any(|relation| relation == Relation::Link(pid))
    }

    /// Adds a link to `pid` unless there is one.
    pub fn link(&mut self, pid: Term) {
        if !self.is_linked(pid) {
            self.add(Relation::Link(pid));
        }
    }

    /// Removes the link to `pid`; whether there was one.
    pub fn unlink(&mut self, pid: Term) -> bool {
        self.remove_first(|relation| relation == Relation::Link(pid)).is_some()
    }

    /// The linked processes.
    pub fn links(&self) -> impl Iterator<Item = Term> + '_ {
        self.iter().filter_map(|relation| match relation {
            Relation::Link(pid) => Some(pid),
            _ => None,
        })
    }

    /// The processes this one monitors, with the reference numbers.
    pub fn monitors(&self) -> impl Iterator<Item = (u64, Term)> + '_ {
        self.iter().filter_map(|relation| match relation {
            Relation::Monitors(number, pid) => Some((number, pid)),
            _ => None,
        })
    }

    /// The processes monitoring this one, with the reference numbers.
    pub fn monitored_by(&self) -> impl Iterator<Item = (u64, Term)> + '_ {
        self.iter().filter_map(|relation| match relation {
            Relation::MonitoredBy(number, pid) => Some((number, pid)),
            _ => None,
        })
    }

    /// Takes every relation out (the process is ending).
    pub fn take(&mut self) -> Relations {
        std::mem::take(self)
    }

    /// Bytes held outside the process.
    pub fn memory_bytes(&self) -> usize {
        match &self.store {
            Store::Inline { .. } => 0,
            Store::Spilled(entries) => entries.len() * std::mem::size_of::<Entry>(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relations_round_trip_and_stay_in_order() {
        let mut relations = Relations::default();
        let (a, b, c) = (Term::pid(1), Term::pid(2), Term::pid(3));
        relations.link(a);
        relations.link(a);
        relations.add(Relation::Monitors(7, b));
        relations.add(Relation::MonitoredBy((1 << 61) + 5, c));
        relations.link(c);
        assert_eq!(relations.links().collect::<Vec<_>>(), [a, c]);
        assert_eq!(relations.monitors().collect::<Vec<_>>(), [(7, b)]);
        assert_eq!(relations.monitored_by().collect::<Vec<_>>(), [((1 << 61) + 5, c)]);
        assert!(relations.unlink(a));
        assert!(!relations.unlink(a));
        assert_eq!(relations.remove_first(|r| matches!(r, Relation::Monitors(7, _))), Some(Relation::Monitors(7, b)));
        assert_eq!(relations.iter().count(), 2);
        assert_eq!(relations.memory_bytes(), 0, "two relations live in place");
        relations.link(a);
        assert_eq!(relations.memory_bytes(), 48, "a third spills into a slice");
        relations.unlink(a);
        assert_eq!(relations.memory_bytes(), 0, "and comes back in place");
        let taken = relations.take();
        assert_eq!(taken.iter().count(), 2);
        assert_eq!(relations.iter().count(), 0);
        assert_eq!(std::mem::size_of::<Relations>(), 40);
    }

    /// Random adds and removals, checked against a plain vector: the order
    /// and contents stay the same across every move between the place in
    /// the process and the slice.
    #[test]
    fn relations_match_a_plain_list() {
        let mut relations = Relations::default();
        let mut model: Vec<Relation> = Vec::new();
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let pid = Term::pid(seed % 5);
            let relation = match (seed >> 8) % 3 {
                0 => Relation::Link(pid),
                1 => Relation::Monitors(seed % 4, pid),
                _ => Relation::MonitoredBy(seed % 4, pid),
            };
            if (seed >> 16) % 5 < 2 && model.len() < 6 {
                relations.add(relation);
                model.push(relation);
            } else {
                let removed = relations.remove_first(|r| r == relation);
                let expected = model.iter().position(|&r| r == relation).map(|i| model.remove(i));
                assert_eq!(removed, expected);
            }
            assert_eq!(relations.iter().collect::<Vec<_>>(), model);
            let spilled = if model.len() > 2 { model.len() * 16 } else { 0 };
            assert_eq!(relations.memory_bytes(), spilled);
        }
    }
}
