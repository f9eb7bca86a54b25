//! A process's links and monitors: two in place, more in a set that adds,
//! finds and removes one in constant time.
//!
//! Most processes have none, and a process in a linked ring has two links.
//! Entries are 16 bytes; two of them live in the process itself (40 bytes
//! with the length), so the common cases allocate nothing. A process with
//! more keeps them in a [`Set`] behind one pointer: the entries in the
//! order they were made, in a vector where a removed entry leaves a hole
//! until the holes outnumber the entries, and beside it, past a few
//! entries, an open-addressed index from a link's pid or a monitor's
//! reference number to the entry's position. A hub that 100,000 processes
//! link to, or a process monitored 100,000 times, pays a constant amount of
//! work for each link or monitor made or removed, however many it holds.
//!
//! Iteration, and the order in which an ending process tells the others
//! ([`Relations::pop_front`]), is the order the relations were made.

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
const KIND_MASK: u64 = 3 << KIND_SHIFT;
const LINK: u64 = 1 << KIND_SHIFT;
const MONITORS: u64 = 2 << KIND_SHIFT;
const MONITORED_BY: u64 = 3 << KIND_SHIFT;
const NUMBER_MASK: u64 = (1 << KIND_SHIFT) - 1;

/// One entry: the kind in the top two bits of `tag`, a reference number
/// below them (monitors), and the other process's pid. A tag of 0 is no
/// entry (a hole).
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
        match self.tag & KIND_MASK {
            LINK => Relation::Link(self.pid),
            MONITORS => Relation::Monitors(number, self.pid),
            _ => Relation::MonitoredBy(number, self.pid),
        }
    }

    fn is_hole(self) -> bool {
        self.tag == 0
    }

    /// The word the index hashes: a link's pid, a monitor's kind and
    /// reference number (unique in the VM, so the pid adds nothing, and a
    /// monitor can be found by its number alone).
    fn key(self) -> u64 {
        if self.tag == LINK {
            self.pid.raw() ^ LINK
        } else {
            self.tag
        }
    }
}

const HOLE: Entry = Entry { tag: 0, pid: Term::NIL };

/// The links and monitors of one process: up to two in place, more in a
/// [`Set`].
#[derive(Debug)]
pub struct Relations {
    store: Store,
}

/// Where the entries are. Two fit in place, with no allocation: a process
/// in a linked ring or chain has two links, a spawned worker a link or a
/// monitor; only a process with three or more pays for a set.
#[derive(Debug)]
enum Store {
    /// `len` entries (0 to 2) at the front of `entries`; the rest are
    /// copies of no meaning.
    Inline { len: u8, entries: [Entry; 2] },
    /// Three or more.
    Spilled(Box<Set>),
}

impl Default for Relations {
    fn default() -> Relations {
        Relations { store: Store::Inline { len: 0, entries: [HOLE; 2] } }
    }
}

impl Relations {
    /// Every relation, in the order they were made.
    pub fn iter(&self) -> impl Iterator<Item = Relation> + '_ {
        let (inline, spilled): (&[Entry], &[Entry]) = match &self.store {
            Store::Inline { len, entries } => (&entries[..usize::from(*len)], &[]),
            Store::Spilled(set) => (&[], &set.entries),
        };
        inline.iter().chain(spilled.iter().filter(|entry| !entry.is_hole())).map(|entry| entry.relation())
    }

    /// How many relations there are.
    pub fn len(&self) -> usize {
        match &self.store {
            Store::Inline { len, .. } => usize::from(*len),
            Store::Spilled(set) => set.live,
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Adds a relation.
    pub fn add(&mut self, relation: Relation) {
        let entry = Entry::new(relation);
        match &mut self.store {
            Store::Inline { len, entries } if *len < 2 => {
                entries[usize::from(*len)] = entry;
                *len += 1;
            }
            Store::Inline { entries, .. } => {
                let mut set = Set::default();
                for &kept in entries.iter() {
                    set.add(kept);
                }
                set.add(entry);
                self.store = Store::Spilled(Box::new(set));
            }
            Store::Spilled(set) => set.add(entry),
        }
    }

    /// Removes the first entry, in the order made, that has `entry`'s key
    /// and that `matches` accepts; returns it.
    fn remove_keyed(&mut self, key: u64, matches: impl Fn(Entry) -> bool) -> Option<Relation> {
        let removed = match &mut self.store {
            Store::Inline { len, entries } => {
                let position = entries[..usize::from(*len)].iter().position(|&entry| matches(entry))?;
                let removed = entries[position];
                if position == 0 {
                    entries[0] = entries[1];
                }
                *len -= 1;
                return Some(removed.relation());
            }
            Store::Spilled(set) => {
                let position = set.find(key, &matches)?;
                set.remove_at(position)
            }
        };
        self.unspill_if_small();
        Some(removed.relation())
    }

    /// Moves the entries back in place once two or fewer are left.
    fn unspill_if_small(&mut self) {
        if let Store::Spilled(set) = &self.store {
            if set.live <= 2 {
                let mut entries = [HOLE; 2];
                let mut len = 0;
                for &entry in set.entries.iter().filter(|entry| !entry.is_hole()) {
                    entries[len] = entry;
                    len += 1;
                }
                self.store = Store::Inline { len: len as u8, entries };
            }
        }
    }

    /// Removes `relation` (the first of equal ones); whether there was one.
    pub fn remove(&mut self, relation: Relation) -> bool {
        let entry = Entry::new(relation);
        self.remove_keyed(entry.key(), |candidate| candidate == entry).is_some()
    }

    /// Removes the monitor this process holds under reference `number`;
    /// returns what it monitored.
    pub fn remove_monitor(&mut self, number: u64) -> Option<Term> {
        let tag = MONITORS | (number & NUMBER_MASK);
        match self.remove_keyed(tag, |candidate| candidate.tag == tag)? {
            Relation::Monitors(_, pid) => Some(pid),
            _ => None,
        }
    }

    /// Removes and returns the oldest relation.
    pub fn pop_front(&mut self) -> Option<Relation> {
        let removed = match &mut self.store {
            Store::Inline { len, entries } => {
                if *len == 0 {
                    return None;
                }
                let first = entries[0];
                entries[0] = entries[1];
                *len -= 1;
                return Some(first.relation());
            }
            Store::Spilled(set) => set.pop_front()?,
        };
        self.unspill_if_small();
        Some(removed.relation())
    }

    /// Whether the process is linked to `pid`.
    pub fn is_linked(&self, pid: Term) -> bool {
        let entry = Entry::new(Relation::Link(pid));
        match &self.store {
            Store::Inline { len, entries } => entries[..usize::from(*len)].contains(&entry),
            Store::Spilled(set) => set.find(entry.key(), |candidate| candidate == entry).is_some(),
        }
    }

    /// Adds a link to `pid` unless there is one.
    pub fn link(&mut self, pid: Term) {
        if !self.is_linked(pid) {
            self.add(Relation::Link(pid));
        }
    }

    /// Removes the link to `pid`; whether there was one.
    pub fn unlink(&mut self, pid: Term) -> bool {
        self.remove(Relation::Link(pid))
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

    /// Takes every relation out.
    pub fn take(&mut self) -> Relations {
        std::mem::take(self)
    }

    /// Bytes held outside the process.
    pub fn memory_bytes(&self) -> usize {
        match &self.store {
            Store::Inline { .. } => 0,
            Store::Spilled(set) => set.memory_bytes(),
        }
    }

    /// Entries and index slots visited or moved over this set's life
    /// (none while the relations are in place): what tests count to show
    /// that each change costs a constant amount of work.
    pub fn steps(&self) -> u64 {
        match &self.store {
            Store::Inline { .. } => 0,
            Store::Spilled(set) => set.steps,
        }
    }
}

/// Up to this many entries a set has no index: a scan is as quick.
const SCAN_MAX: usize = 8;

/// An empty index slot.
const EMPTY: u32 = u32::MAX;

/// An index slot whose entry was removed: a lookup goes on past it.
const TOMBSTONE: u32 = u32::MAX - 1;

/// Three or more relations: the entries in the order made, and an index.
#[derive(Debug, Default)]
struct Set {
    /// The entries in the order they were made; a removed one leaves a
    /// hole until [`Set::compact`].
    entries: Vec<Entry>,
    /// Entries that are not holes.
    live: usize,
    /// Every entry before this position is a hole (where
    /// [`Set::pop_front`] looks first).
    front: usize,
    /// Empty while `entries` holds at most [`SCAN_MAX`]; otherwise a table
    /// of a power-of-two size of positions in `entries`, [`EMPTY`] or
    /// [`TOMBSTONE`], probed linearly from an entry's hashed key, and never
    /// more than three quarters full (tombstones included).
    index: Vec<u32>,
    /// Index slots that are tombstones.
    tombstones: usize,
    /// Entries and index slots visited or moved so far (see
    /// [`Relations::steps`]).
    steps: u64,
}

/// The index slot a key's probe starts at, in a table of `2^bits` slots.
fn home(key: u64, bits: u32) -> usize {
    // Fibonacci hashing: the top bits of the product mix every bit of the key.
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl Set {
    fn add(&mut self, entry: Entry) {
        let position = self.entries.len();
        self.entries.push(entry);
        self.live += 1;
        self.steps += 1;
        if self.index.is_empty() {
            if self.entries.len() > SCAN_MAX {
                self.rebuild_index();
            }
            return;
        }
        if (self.live + self.tombstones) * 4 > self.index.len() * 3 {
            self.rebuild_index();
            return;
        }
        self.insert_position(entry.key(), position);
    }

    /// Puts `position` in the first free slot of `key`'s probe.
    fn insert_position(&mut self, key: u64, position: usize) {
        let mask = self.index.len() - 1;
        let mut slot = home(key, self.index.len().trailing_zeros());
        loop {
            self.steps += 1;
            match self.index[slot] {
                EMPTY => break,
                TOMBSTONE => {
                    self.tombstones -= 1;
                    break;
                }
                _ => slot = (slot + 1) & mask,
            }
        }
        self.index[slot] = position as u32;
    }

    /// Builds the index afresh for the entries there are (none when they
    /// are few): half full at most, with no tombstones.
    fn rebuild_index(&mut self) {
        self.tombstones = 0;
        if self.entries.len() <= SCAN_MAX {
            self.index = Vec::new();
            return;
        }
        let size = (self.live * 2).next_power_of_two().max(2 * SCAN_MAX);
        self.index = vec![EMPTY; size];
        for position in 0..self.entries.len() {
            let entry = self.entries[position];
            self.steps += 1;
            if !entry.is_hole() {
                self.insert_position(entry.key(), position);
            }
        }
    }

    /// The position of the first entry, in the order made, with `key` that
    /// `matches` accepts.
    fn find(&self, key: u64, matches: impl Fn(Entry) -> bool) -> Option<usize> {
        if self.index.is_empty() {
            return self.entries.iter().position(|&entry| !entry.is_hole() && matches(entry));
        }
        let mask = self.index.len() - 1;
        let mut slot = home(key, self.index.len().trailing_zeros());
        let mut found: Option<usize> = None;
        // Equal entries may sit anywhere along the probe: the whole probe is
        // looked at, and the earliest one wins.
        loop {
            match self.index[slot] {
                EMPTY => return found,
                TOMBSTONE => {}
                position => {
                    let position = position as usize;
                    if found.is_none_or(|earlier| position < earlier) && matches(self.entries[position]) {
                        found = Some(position);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The index slot holding `position`.
    fn slot_of(&mut self, position: usize) -> usize {
        let mask = self.index.len() - 1;
        let mut slot = home(self.entries[position].key(), self.index.len().trailing_zeros());
        loop {
            self.steps += 1;
            if self.index[slot] == position as u32 {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Removes the entry at `position` (not a hole); returns it.
    fn remove_at(&mut self, position: usize) -> Entry {
        let entry = self.entries[position];
        debug_assert!(!entry.is_hole());
        self.steps += 1;
        if !self.index.is_empty() {
            let slot = self.slot_of(position);
            self.index[slot] = TOMBSTONE;
            self.tombstones += 1;
        }
        self.entries[position] = HOLE;
        self.live -= 1;
        let holes = self.entries.len() - self.live;
        if holes > self.live.max(SCAN_MAX) {
            self.compact();
        }
        entry
    }

    /// Closes the holes (keeping the order) and rebuilds the index; gives
    /// memory back when the vector is mostly unused.
    fn compact(&mut self) {
        self.steps += self.entries.len() as u64;
        self.entries.retain(|entry| !entry.is_hole());
        if self.entries.capacity() > 4 * self.entries.len() {
            self.entries.shrink_to(2 * self.entries.len());
        }
        self.front = 0;
        self.rebuild_index();
    }

    /// Removes and returns the oldest entry.
    fn pop_front(&mut self) -> Option<Entry> {
        while self.front < self.entries.len() {
            self.steps += 1;
            if !self.entries[self.front].is_hole() {
                return Some(self.remove_at(self.front));
            }
            self.front += 1;
        }
        None
    }

    fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Set>()
            + self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.index.capacity() * std::mem::size_of::<u32>()
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
        assert_eq!(relations.remove_monitor(7), Some(b));
        assert_eq!(relations.remove_monitor(7), None);
        assert_eq!(relations.len(), 2);
        assert_eq!(relations.memory_bytes(), 0, "two relations live in place");
        relations.link(a);
        assert!(relations.memory_bytes() > 0, "a third spills into a set");
        relations.unlink(a);
        assert_eq!(relations.memory_bytes(), 0, "and comes back in place");
        let taken = relations.take();
        assert_eq!(taken.iter().count(), 2);
        assert!(relations.is_empty());
        assert_eq!(std::mem::size_of::<Relations>(), 40);
    }

    /// A small generator of numbers, so that the tests need no crate.
    struct Shuffle(u64);

    impl Shuffle {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    /// Random adds, removals (by relation, by monitor number, and of the
    /// oldest), checked against a plain vector: the order and contents
    /// stay the same across every move between the place in the process,
    /// a set with no index, and a set with one. Few pids and numbers, so
    /// that equal entries are common.
    fn check_against_a_list(steps: usize, most: usize, seed: u64) {
        let mut relations = Relations::default();
        let mut model: Vec<Relation> = Vec::new();
        let mut shuffle = Shuffle(seed);
        for _ in 0..steps {
            let seed = shuffle.next();
            let pid = Term::pid(seed % 23);
            let number = (seed >> 5) % 19;
            let relation = match (seed >> 8) % 3 {
                0 => Relation::Link(pid),
                1 => Relation::Monitors(number, pid),
                _ => Relation::MonitoredBy(number, pid),
            };
            match (seed >> 16) % 8 {
                0..=3 if model.len() < most => {
                    relations.add(relation);
                    model.push(relation);
                }
                4 => {
                    let removed = relations.remove_monitor(number);
                    let position = model.iter().position(|r| matches!(r, Relation::Monitors(n, _) if *n == number));
                    let expected = position.map(|i| match model.remove(i) {
                        Relation::Monitors(_, pid) => pid,
                        _ => unreachable!(),
                    });
                    assert_eq!(removed, expected);
                }
                5 => {
                    let expected = (!model.is_empty()).then(|| model.remove(0));
                    assert_eq!(relations.pop_front(), expected);
                }
                6 => {
                    assert_eq!(relations.is_linked(pid), model.contains(&Relation::Link(pid)));
                }
                _ => {
                    let removed = relations.remove(relation);
                    let position = model.iter().position(|&r| r == relation);
                    assert_eq!(removed, position.is_some());
                    if let Some(i) = position {
                        model.remove(i);
                    }
                }
            }
            assert_eq!(relations.iter().collect::<Vec<_>>(), model);
            assert_eq!(relations.len(), model.len());
            assert_eq!(relations.memory_bytes() == 0, model.len() <= 2);
        }
    }

    #[test]
    fn relations_match_a_plain_list_in_place_and_unindexed() {
        check_against_a_list(20_000, 6, 0x2545_F491_4F6C_DD1D);
    }

    #[test]
    fn relations_match_a_plain_list_indexed() {
        for seed in [0x2545_F491_4F6C_DD1D, 0x9E37_79B9_7F4A_7C15, 12345] {
            check_against_a_list(30_000, 400, seed);
        }
    }

    /// 100,000 links made and removed in a shuffled order, and 100,000
    /// monitors made and then ended oldest first, as an ending process
    /// does: the work done is a small constant for each, where a slice
    /// copied on every change would take billions of steps.
    #[test]
    fn each_change_costs_constant_work() {
        const N: u64 = 100_000;
        let mut relations = Relations::default();
        for id in 0..N {
            relations.link(Term::pid(id));
        }
        let mut order: Vec<u64> = (0..N).collect();
        let mut shuffle = Shuffle(7);
        for i in (1..order.len()).rev() {
            order.swap(i, (shuffle.next() % (i as u64 + 1)) as usize);
        }
        for &id in &order[..order.len() - 3] {
            assert!(relations.unlink(Term::pid(id)));
        }
        let steps = relations.steps();
        assert!(steps < 30 * N, "{steps} steps for {N} links made and removed");
        assert_eq!(relations.len(), 3);
        let mut relations = Relations::default();
        for number in 0..N {
            relations.add(Relation::MonitoredBy(number, Term::pid(number % 7)));
        }
        let mut popped = 0;
        let mut most_steps = 0;
        while relations.len() > 2 {
            most_steps = most_steps.max(relations.steps());
            assert_eq!(relations.pop_front(), Some(Relation::MonitoredBy(popped, Term::pid(popped % 7))));
            popped += 1;
        }
        assert!(most_steps < 30 * N, "{most_steps} steps for {N} monitors made and ended");
        assert!(relations.memory_bytes() == 0);
    }
}
