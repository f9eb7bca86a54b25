//! The table of persistent terms (`persistent_term`), one per VM.
//!
//! # Design
//!
//! OTP's `persistent_term:get/1` takes constant time and copies nothing
//! into the caller's heap: the stored term is a literal every process may
//! point at. girder does the same with persistent areas
//! (`memory::area`): each stored `{Key, Value}` is copied once, by `put`,
//! into an immutable block of its own outside every heap, and `get` hands
//! out a pointer into it. Safety comes from counts, never from a global
//! collection: the heap of a process that got a term holds a count on the
//! term's area (one per area, taken at the first `get`), and its collector
//! keeps that count only while some live term still points into the area
//! (see `memory::gc`). An area replaced or erased from the table therefore
//! stays valid for every process still holding a term in it, and is freed
//! when the last of them collects or ends; nothing is scanned or copied
//! when a term is replaced, unlike OTP's global literal collection, and
//! memory does not grow with updates beyond the areas still held.
//!
//! The table itself is an immutable snapshot, a vector of areas sorted by
//! key in the order of `=:=` (`compare::key_order`), published through an
//! epoch-managed pointer (`crossbeam-epoch`, as the process table frees
//! its cells). A reader pins the epoch, loads the pointer and searches:
//! no lock, no count taken on the snapshot, O(log n) comparisons of keys.
//! A writer (`put`, `erase`) takes the writers' lock, builds a new
//! snapshot (O(n) words, as OTP's update copies its hash table), swaps it
//! in and leaves the old one to be freed once no reader can still see it.
//! Updates are expensive, reads are cheap: the contract OTP documents.

use crate::memory::area::Area;
use crate::memory::heap::Heap;
use crate::term::compare::{exact_eq, key_order};
use crate::term::Term;
use crossbeam_epoch::{self as epoch, Atomic, Owned};
use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};

/// One published state of the table.
#[derive(Default)]
struct Snapshot {
    /// The stored terms, sorted by key in `=:=` order, keys unique.
    areas: Vec<Arc<Area>>,
}

impl Snapshot {
    fn find(&self, key: Term) -> Result<usize, usize> {
        self.areas.binary_search_by(|area| key_order(area.key(), key))
    }
}

/// The VM's persistent terms.
pub struct PersistentTable {
    current: Atomic<Snapshot>,
    /// Held by `put` and `erase` from reading the snapshot to publishing
    /// the next, so that no update is lost; readers never take it.
    writers: Mutex<()>,
}

impl Default for PersistentTable {
    fn default() -> PersistentTable {
        PersistentTable { current: Atomic::new(Snapshot::default()), writers: Mutex::new(()) }
    }
}

impl std::fmt::Debug for PersistentTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PersistentTable({} terms)", self.info().0)
    }
}

impl PersistentTable {
    /// Runs `read` over the current snapshot.
    fn with_snapshot<R>(&self, read: impl FnOnce(&Snapshot) -> R) -> R {
        let guard = epoch::pin();
        let shared = self.current.load(Ordering::Acquire, &guard);
        // SAFETY: the pointer is never null (the table starts with an empty
        // snapshot and only ever swaps in new ones), and a snapshot swapped
        // out is destroyed only after every thread pinned when it was
        // current has unpinned; `guard` keeps this one alive.
        let snapshot = unsafe { shared.deref() };
        read(snapshot)
    }

    /// Replaces the snapshot by `update`'s result, if it gives one.
    fn update(&self, update: impl FnOnce(&Snapshot) -> Option<Snapshot>) {
        let _writer = self.writers.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let guard = epoch::pin();
        // SAFETY: as in `with_snapshot`; and only writers, serialised by
        // the lock, swap it.
        let next = update(unsafe { self.current.load(Ordering::Acquire, &guard).deref() });
        if let Some(next) = next {
            let previous = self.current.swap(Owned::new(next), Ordering::AcqRel, &guard);
            // SAFETY: `previous` is no longer reachable from the table, so
            // only threads pinned now can still read it; the epoch defers
            // its destruction until they have all unpinned.
            unsafe { guard.defer_destroy(previous) };
        }
    }

    /// The value stored under `key`, which stays valid in `heap` (it takes
    /// a count on the term's area), or `None`.
    pub fn get(&self, key: Term, heap: &mut Heap) -> Option<Term> {
        self.with_snapshot(|snapshot| {
            let area = &snapshot.areas[snapshot.find(key).ok()?];
            heap.hold_area(area);
            Some(area.value())
        })
    }

    /// Stores `value` under `key`, copying both out of the caller's heap;
    /// a value `=:=` to the one stored already changes nothing. Returns the
    /// words copied, for the caller to charge.
    pub fn put(&self, key: Term, value: Term) -> usize {
        let mut copied = 0;
        self.update(|snapshot| {
            let position = snapshot.find(key);
            if let Ok(position) = position {
                if exact_eq(snapshot.areas[position].value(), value) {
                    return None;
                }
            }
            let area = Area::new(key, value);
            copied = area.bytes() / std::mem::size_of::<Term>();
            let mut areas = snapshot.areas.clone();
            match position {
                Ok(position) => areas[position] = area,
                Err(position) => areas.insert(position, area),
            }
            Some(Snapshot { areas })
        });
        copied
    }

    /// Removes `key`; returns whether it was there.
    pub fn erase(&self, key: Term) -> bool {
        let mut found = false;
        self.update(|snapshot| {
            let position = snapshot.find(key).ok()?;
            found = true;
            let mut areas = snapshot.areas.clone();
            areas.remove(position);
            Some(Snapshot { areas })
        });
        found
    }

    /// Every `{Key, Value}` stored, in key order, each valid in `heap`.
    pub fn all(&self, heap: &mut Heap) -> Vec<Term> {
        self.with_snapshot(|snapshot| {
            snapshot
                .areas
                .iter()
                .map(|area| {
                    heap.hold_area(area);
                    area.pair()
                })
                .collect()
        })
    }

    /// The number of terms stored, and the bytes the table uses: the
    /// areas' words and the snapshot's (off-heap binaries inside the terms
    /// are not counted, as OTP does not count them).
    pub fn info(&self) -> (usize, usize) {
        self.with_snapshot(|snapshot| {
            let areas: usize = snapshot.areas.iter().map(|area| area.bytes()).sum();
            let table = std::mem::size_of::<Snapshot>() + snapshot.areas.len() * std::mem::size_of::<Arc<Area>>();
            (snapshot.areas.len(), areas + table)
        })
    }
}

impl Drop for PersistentTable {
    fn drop(&mut self) {
        let current = std::mem::take(&mut self.current);
        // SAFETY: `&mut self` means no reader is left; snapshots swapped out
        // before are the epoch's to free, and this one is no longer
        // reachable from anywhere else.
        drop(unsafe { current.into_owned() });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::gc::collect;
    use crate::term::build;

    #[test]
    fn put_get_erase_and_info() {
        let table = PersistentTable::default();
        let mut heap = Heap::new(64);
        assert_eq!(table.info().0, 0);
        let key = build::tuple(&mut heap, &[Term::small_unchecked(1), Term::NIL]);
        let value = build::string(&mut heap, "value");
        table.put(key, value);
        table.put(Term::small_unchecked(2), Term::small_unchecked(3));
        let float_key = build::float(&mut heap, 2.0);
        assert!(table.get(float_key, &mut heap).is_none(), "keys compare by =:=");
        let got = table.get(key, &mut heap).unwrap();
        assert!(exact_eq(got, value));
        assert!(!heap.block.contains(got.ptr()), "not copied into the heap");
        assert_eq!(heap.off_heap().unwrap().areas().len(), 1);
        assert_eq!(table.get(Term::small_unchecked(2), &mut heap), Some(Term::small_unchecked(3)));
        assert_eq!(heap.off_heap().unwrap().areas().len(), 2);
        assert_eq!(table.info().0, 2);
        assert!(table.info().1 > 0);
        assert!(table.erase(key));
        assert!(!table.erase(key));
        assert!(table.get(key, &mut heap).is_none());
        assert_eq!(crate::term::print::term_to_string(got, crate::term::Style::Write), "[118,97,108,117,101]");
        assert_eq!(table.all(&mut heap).len(), 1);
    }

    #[test]
    fn an_erased_term_lives_while_a_heap_holds_it_then_goes() {
        let table = PersistentTable::default();
        let mut heap = Heap::new(64);
        let value = build::list_from_slice(&mut heap, &[Term::small_unchecked(7); 10]);
        table.put(Term::NIL, value);
        let got = table.get(Term::NIL, &mut heap).unwrap();
        let weak = table.with_snapshot(|snapshot| Arc::downgrade(&snapshot.areas[0]));
        table.erase(Term::NIL);
        // The table's snapshot may linger in the epoch; the heap's count
        // must keep the area whatever happens to it.
        for _ in 0..64 {
            epoch::pin().flush();
        }
        let mut registers = [got];
        collect(&mut heap, 0, &mut [&mut registers]);
        assert!(weak.upgrade().is_some(), "a live register keeps the area");
        assert_eq!(build::list_to_vec(registers[0]).unwrap().len(), 10);
        let mut registers = [Term::NIL];
        collect(&mut heap, 0, &mut [&mut registers]);
        assert!(heap.off_heap().is_none_or(|off_heap| off_heap.areas().is_empty()));
        assert!(weak.strong_count() <= 1, "only the erased snapshot, awaiting its epoch, may hold it");
        // Other threads' pins hold the epoch back for a while at most.
        for _ in 0..5_000 {
            if weak.strong_count() == 0 {
                break;
            }
            epoch::pin().flush();
            std::thread::sleep(std::time::Duration::from_millis(1));
        }
        assert_eq!(weak.strong_count(), 0, "freed once nothing holds it");
    }

    #[test]
    fn a_large_binary_got_by_a_thousand_heaps_is_one_binary() {
        let table = PersistentTable::default();
        let mut owner = Heap::new(64);
        let big = build::binary(&mut owner, &vec![9; 1 << 20]);
        table.put(Term::NIL, big);
        drop(owner);
        let mut heaps: Vec<Heap> = (0..1000).map(|_| Heap::new(8)).collect();
        let got: Vec<Term> = heaps.iter_mut().map(|heap| table.get(Term::NIL, heap).unwrap()).collect();
        assert!(got.iter().all(|&term| term == got[0]), "every heap points at the one stored box");
        assert!(heaps.iter().all(|heap| heap.heap_words() == 0), "and copied nothing");
        for (heap, term) in heaps.iter_mut().zip(&got) {
            let mut registers = [*term];
            collect(heap, 0, &mut [&mut registers]);
            assert_eq!(registers[0], got[0], "a collection leaves the pointer alone");
        }
        assert_eq!(crate::term::binary_bytes(got[999]).unwrap().len(), 1 << 20);
    }

    #[test]
    fn readers_on_two_threads_see_every_update_whole() {
        let table = Arc::new(PersistentTable::default());
        let writer = {
            let table = Arc::clone(&table);
            std::thread::spawn(move || {
                let mut heap = Heap::new(64);
                for round in 0..2_000i64 {
                    let value = build::tuple(&mut heap, &[Term::small_unchecked(round); 4]);
                    table.put(Term::small_unchecked(round % 5), value);
                    if round % 7 == 0 {
                        table.erase(Term::small_unchecked(round % 5));
                    }
                }
            })
        };
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let table = Arc::clone(&table);
                std::thread::spawn(move || {
                    let mut heap = Heap::new(64);
                    for round in 0..20_000i64 {
                        if let Some(value) = table.get(Term::small_unchecked(round % 5), &mut heap) {
                            let elements = value.as_tuple().unwrap();
                            assert!(elements.iter().all(|&element| element == elements[0]));
                        }
                        if round % 1000 == 0 {
                            let mut registers = [Term::NIL];
                            collect(&mut heap, 0, &mut [&mut registers]);
                        }
                    }
                })
            })
            .collect();
        writer.join().unwrap();
        for reader in readers {
            reader.join().unwrap();
        }
        assert!(table.info().0 <= 5);
    }
}
