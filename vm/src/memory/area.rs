//! Persistent areas: the immutable blocks outside every heap that
//! `persistent_term` keeps its terms in.
//!
//! An [`Area`] holds one stored term as the tuple `{Key, Value}`, copied
//! out of the heap that stored it into a block of its own (`memory::copy`),
//! with the counts on the off-heap binaries and native objects its boxes
//! refer to. Nothing writes to an area after it is made and nothing moves
//! it, so `persistent_term:get/1` hands out a pointer into it: the caller's
//! heap takes no copy, and a 1 MB binary got by a thousand processes stays
//! one binary.
//!
//! # Who keeps an area alive
//!
//! An area is an `Arc`. The table of persistent terms holds one count on
//! each area it lists; each heap whose terms may point into an area holds
//! one more, in its [`OffHeap`] list (sorted by address, one count per
//! area however many terms point into it). `get` takes that count when the
//! heap has none yet. The collector sees every pointer that leaves the
//! heap it collects: it keeps the count of each area some live term
//! points into, in the new list, and drops the rest with the old list, as
//! it does for off-heap binaries. So an area replaced or erased from the
//! table lives exactly as long as some process still holds a term in it,
//! and is freed by its last holder's collection or end.
//!
//! A copy (a send, a spawn's arguments) copies terms out of an area like
//! any other non-literal term, so a message never points into an area and
//! holds no count on one; the off-heap binaries in it are shared, not
//! copied, as always.

use crate::memory::copy::copy_pair_to_block;
use crate::memory::heap::WordBlock;
use crate::memory::off_heap::OffHeap;
use crate::term::Term;
use std::sync::Arc;

/// One stored `{Key, Value}`, immutable, outside every heap.
pub struct Area {
    block: WordBlock,
    /// The tuple `{Key, Value}` at the start of the block.
    pair: Term,
    /// Counts on the off-heap binaries and native objects inside.
    _off_heap: OffHeap,
}

// SAFETY: an area is written only by `Area::new`, before it is shared;
// afterwards its words are only read, from any thread, and its counts
// are atomic. It is freed only by its last `Arc`.
unsafe impl Send for Area {}
// SAFETY: as above: shared access only reads.
unsafe impl Sync for Area {}

impl std::fmt::Debug for Area {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Area({:p}, {} words)", self.block.start(), self.block.n_words())
    }
}

impl Area {
    /// An area holding copies of `key` and `value`.
    pub fn new(key: Term, value: Term) -> Arc<Area> {
        let (pair, block, off_heap) = copy_pair_to_block(key, value);
        Arc::new(Area { block, pair, _off_heap: off_heap })
    }

    /// The tuple `{Key, Value}`.
    #[inline]
    pub fn pair(&self) -> Term {
        self.pair
    }

    /// The key.
    #[inline]
    pub fn key(&self) -> Term {
        self.pair.payload()[0]
    }

    /// The value.
    #[inline]
    pub fn value(&self) -> Term {
        self.pair.payload()[1]
    }

    /// The address of the first word, by which heaps sort the areas they hold.
    #[inline]
    pub fn start(&self) -> usize {
        self.block.start() as usize
    }

    /// Whether `ptr` points into the area.
    #[inline]
    pub fn contains(&self, ptr: *const Term) -> bool {
        self.block.contains(ptr)
    }

    /// The bytes of the area's words.
    pub fn bytes(&self) -> usize {
        self.block.n_words() * std::mem::size_of::<Term>()
    }
}

/// The areas one heap holds counts on: sorted by address, each once.
#[derive(Default)]
pub struct HeldAreas(Vec<Arc<Area>>);

impl HeldAreas {
    /// Takes a count on `area` unless one is held already; returns whether
    /// one was taken.
    pub fn hold(&mut self, area: &Arc<Area>) -> bool {
        match self.0.binary_search_by_key(&area.start(), |held| held.start()) {
            Ok(_) => false,
            Err(position) => {
                self.0.insert(position, Arc::clone(area));
                true
            }
        }
    }

    /// The position of the area `ptr` points into, if one is held.
    #[inline]
    pub fn position_of(&self, ptr: *const Term) -> Option<usize> {
        let position = self.0.partition_point(|held| held.start() <= ptr as usize);
        (position > 0 && self.0[position - 1].contains(ptr)).then(|| position - 1)
    }

    /// Keeps the counts whose `keep` entry is true, in order, and drops
    /// the others (`keep` has one entry an area).
    pub fn retain_marked(&mut self, keep: &[bool]) {
        debug_assert_eq!(keep.len(), self.0.len());
        let mut marks = keep.iter();
        self.0.retain(|_| marks.next().copied().unwrap_or(false));
    }

    /// Moves every count of `other` into this set (a count held twice is
    /// dropped once).
    pub fn append(&mut self, other: &mut HeldAreas) {
        for area in std::mem::take(&mut other.0) {
            self.hold(&area);
        }
    }

    /// The number of areas held.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no area is held.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::heap::Heap;
    use crate::memory::off_heap::OffHeapBinary;
    use crate::term::build;
    use crate::term::compare::exact_eq;

    #[test]
    fn an_area_holds_a_copy_sharing_off_heap_bytes() {
        let mut heap = Heap::new(64);
        let big = build::binary(&mut heap, &[5; 1000]);
        let storage = big.payload()[1].raw() as *const OffHeapBinary;
        let key = build::tuple(&mut heap, &[Term::small_unchecked(1), big]);
        let value = build::list_from_slice(&mut heap, &[big, big]);
        let area = Area::new(key, value);
        assert!(exact_eq(area.key(), key) && exact_eq(area.value(), value));
        assert!(area.contains(area.value().ptr()) && !area.contains(value.ptr()));
        drop(heap);
        let copied = area.value().head();
        assert_eq!(copied.payload()[1].raw() as *const OffHeapBinary, storage, "the bytes are shared");
        assert_eq!(crate::term::binary_bytes(copied).as_deref(), Some(&[5u8; 1000][..]), "and kept alive by the area");
    }

    #[test]
    fn held_areas_are_sorted_and_found_by_address() {
        let mut heap = Heap::new(64);
        let areas: Vec<Arc<Area>> = (0..20)
            .map(|i| {
                let value = build::tuple(&mut heap, &[Term::small_unchecked(i); 5]);
                Area::new(Term::small_unchecked(i), value)
            })
            .collect();
        let mut held = HeldAreas::default();
        for area in areas.iter().rev() {
            assert!(held.hold(area));
            assert!(!held.hold(area), "once per area");
        }
        assert_eq!(held.len(), 20);
        for area in &areas {
            assert_eq!(Arc::strong_count(area), 2);
            let position = held.position_of(area.value().ptr()).unwrap();
            assert!(held.0[position].contains(area.value().ptr()));
        }
        let local = [Term::NIL];
        assert_eq!(held.position_of(local.as_ptr()), None);
        let keep: Vec<bool> = (0..20).map(|i| i % 2 == 0).collect();
        held.retain_marked(&keep);
        assert_eq!(held.len(), 10);
        let counts: usize = areas.iter().map(Arc::strong_count).sum();
        assert_eq!(counts, 30, "the unmarked areas' counts were dropped");
        drop(held);
        assert!(areas.iter().all(|area| Arc::strong_count(area) == 1));
    }
}
