//! A process's links and monitors, in one exactly sized slice.
//!
//! Most processes have none, and a process in a linked ring has two links:
//! storing them as 16-byte entries in one boxed slice, resized on each
//! change (links and monitors change rarely), costs a linked ring node 48
//! bytes instead of a structure of vectors with spare capacity.

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

/// The links and monitors of one process.
#[derive(Default, Debug)]
pub struct Relations {
    entries: Option<Box<[Entry]>>,
}

impl Relations {
    /// Every relation, in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = Relation> + '_ {
        self.entries.iter().flat_map(|entries| entries.iter()).map(|entry| entry.relation())
    }

    /// Adds a relation.
    pub fn add(&mut self, relation: Relation) {
        let mut entries: Vec<Entry> = self.entries.take().map(Vec::from).unwrap_or_default();
        entries.push(Entry::new(relation));
        self.entries = Some(entries.into_boxed_slice());
    }

    /// Removes the first relation `matches` accepts; returns it.
    pub fn remove_first(&mut self, matches: impl Fn(Relation) -> bool) -> Option<Relation> {
        let entries = self.entries.as_ref()?;
        let position = entries.iter().position(|entry| matches(entry.relation()))?;
        let mut kept: Vec<Entry> = self.entries.take().map(Vec::from).unwrap_or_default();
        let removed = kept.remove(position).relation();
        self.entries = (!kept.is_empty()).then(|| kept.into_boxed_slice());
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
        Relations { entries: self.entries.take() }
    }

    /// Bytes held outside the process.
    pub fn memory_bytes(&self) -> usize {
        self.entries.as_ref().map_or(0, |entries| entries.len() * std::mem::size_of::<Entry>())
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
        assert_eq!(relations.memory_bytes(), 32);
        let taken = relations.take();
        assert_eq!(taken.iter().count(), 2);
        assert_eq!(relations.iter().count(), 0);
        assert_eq!(std::mem::size_of::<Relations>(), 16);
    }
}
