//! The per-process copying collector (ARCHITECTURE.md, decision 2).
//!
//! [`collect`] is Cheney's algorithm over one process's memory: everything
//! reachable from the roots the caller passes (the live x registers and any
//! other slots) and from the stack is copied into one new block, out of the
//! old block and out of every heap fragment (overflowing allocations and
//! adopted message fragments). The old block and the fragments are then freed.
//!
//! - Forwarding: a moved boxed object's header is overwritten with a boxed
//!   pointer to its copy; a moved cons cell's head becomes
//!   `Term::CONS_MOVED` and its tail the cons pointer to its copy.
//! - Pointers into the literal area are left alone; so is any pointer that is
//!   in neither the block nor a fragment. The caller must have adopted
//!   (with [`Heap::adopt_fragment`]) every message fragment its roots reach
//!   before collecting; in debug builds [`verify_heap`] checks afterwards that
//!   every pointer is into the new block or the literal area.
//! - The stack moves to the end of the new block word for word; return
//!   addresses and catch markers are immediates and stay as they are.
//! - Off-heap binaries and native objects: each `RefBinary` or `MagicRef`
//!   box copied takes a new count in the heap's new list; the old list is
//!   then dropped, which releases the counts of the boxes left behind
//!   (`memory::off_heap`, `memory::resource`).
//! - Persistent areas: a pointer that leaves from-space and is not a
//!   literal may point into a persistent area the heap holds a count on
//!   (`memory::area`); the collector marks each area some live pointer
//!   points into, keeps those counts and drops the others. Areas are not
//!   scanned: they point only into themselves and the literal area.
//!
//! # Sizes
//!
//! Blocks take sizes from one sequence, [`next_heap_size`]: 8, 13, 21, 34, …
//! (each the sum of the two before, a Fibonacci growth of about 1.6×) up to a
//! million words, then 20% more per step. The new block is the first size
//! that holds everything that might be live (the old heap, the fragments, the
//! stack) plus `need`. After copying, when the words actually needed (live
//! data, stack and `need`) are less than a quarter of the block, the data
//! moves once more into a block of the first size holding twice that, but
//! never below [`SHRINK_FLOOR_WORDS`] (nor below its own size when it is
//! smaller): a heap shrinks when most of it was garbage.
//!
//! Generational collection (keeping data that survived collections in an
//! old heap, scanned rarely) is a later step; every collection here is a
//! full one.

use crate::memory::area::HeldAreas;
use crate::memory::copy::object_extent;
use crate::memory::heap::{Heap, WordBlock, INITIAL_HEAP_WORDS};
use crate::memory::literal_area::is_literal;
use crate::memory::off_heap::{BinRef, OffHeap, OffHeapBinary};
use crate::memory::resource;
use crate::term::{BoxKind, Term};

/// What a collection did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GcOutcome {
    /// Heap words in use after the collection (live data, not counting the stack).
    pub live_words: usize,
    /// Heap words in use before (in the block and the fragments) minus the live words.
    pub reclaimed_words: usize,
    /// The size of the new block in words (heap, free words and stack).
    pub block_words: usize,
}

/// Collections and the words they reclaimed, counted by the threads that
/// collect, each into one of a few counters on cache lines of their own
/// (threads beyond the number of counters share them), and summed when
/// asked ([`collections`]). They count every collection in the OS process
/// (every VM in it), as `statistics(garbage_collection)` reports them.
struct Counts {
    collections: std::sync::atomic::AtomicU64,
    reclaimed_words: std::sync::atomic::AtomicU64,
}

/// How many [`Counts`] there are.
const COUNT_SHARDS: usize = 16;

static COUNTS: [crossbeam_utils::CachePadded<Counts>; COUNT_SHARDS] = [const {
    crossbeam_utils::CachePadded::new(Counts {
        collections: std::sync::atomic::AtomicU64::new(0),
        reclaimed_words: std::sync::atomic::AtomicU64::new(0),
    })
}; COUNT_SHARDS];

thread_local! {
    /// The counts this thread adds to.
    static SHARD: usize = {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed) % COUNT_SHARDS
    };
}

/// Counts one collection that reclaimed `words`.
fn count(words: usize) {
    use std::sync::atomic::Ordering::Relaxed;
    let counts = &COUNTS[SHARD.with(|shard| *shard)];
    counts.collections.fetch_add(1, Relaxed);
    counts.reclaimed_words.fetch_add(words as u64, Relaxed);
}

/// How many collections there have been, and the words they reclaimed.
pub fn collections() -> (u64, u64) {
    use std::sync::atomic::Ordering::Relaxed;
    COUNTS.iter().fold((0, 0), |(n, words), counts| {
        (n + counts.collections.load(Relaxed), words + counts.reclaimed_words.load(Relaxed))
    })
}

/// The size a collection shrinks a heap to at the least, when the heap is
/// larger: OTP's default `min_heap_size`, a size of the sequence. A heap
/// that never grew past it (a process waiting in `receive` with little
/// data, as most in a large system) keeps its size.
pub const SHRINK_FLOOR_WORDS: usize = 233;

/// Heap sizes up to this many words follow the Fibonacci-like sequence; above, sizes grow by 20%.
const FIBONACCI_LIMIT: usize = 1 << 20;

/// The smallest block size in the sequence that holds `n_words`.
pub fn next_heap_size(n_words: usize) -> usize {
    let (mut size, mut next) = (INITIAL_HEAP_WORDS, INITIAL_HEAP_WORDS + INITIAL_HEAP_WORDS / 2 + 1);
    while size < n_words {
        if size < FIBONACCI_LIMIT {
            (size, next) = (next, size + next);
        } else {
            size += size / 5;
        }
    }
    size
}

/// The memory being evacuated: the old block and the fragments.
struct FromSpace {
    block_start: usize,
    block_end: usize,
    /// Fragment address ranges `[start, end)`, sorted by start.
    fragments: Vec<(usize, usize)>,
}

impl FromSpace {
    fn new(block: &WordBlock, fragments: &[WordBlock]) -> FromSpace {
        let mut ranges: Vec<(usize, usize)> =
            fragments.iter().map(|f| (f.start() as usize, f.end() as usize)).collect();
        ranges.sort_unstable();
        FromSpace { block_start: block.start() as usize, block_end: block.end() as usize, fragments: ranges }
    }

    #[inline]
    fn contains(&self, ptr: *const Term) -> bool {
        let address = ptr as usize;
        if self.block_start <= address && address < self.block_end {
            return true;
        }
        if self.fragments.is_empty() || is_literal(ptr) {
            return false;
        }
        let index = self.fragments.partition_point(|&(start, _)| start <= address);
        index > 0 && address < self.fragments[index - 1].1
    }
}

/// The copying state: where the next copied object goes.
struct Collector {
    from: FromSpace,
    top: *mut Term,
    /// Where the copied stack starts: copies must stay below.
    limit: *mut Term,
    /// The counts on off-heap binaries the copied boxes refer to.
    off_heap: OffHeap,
    /// The persistent areas the heap held counts on before the collection.
    areas: HeldAreas,
    /// For each of `areas`, whether a live pointer points into it.
    areas_live: Vec<bool>,
}

impl Collector {
    /// Returns the new location of what `term` points to, copying the object
    /// on first visit and leaving a forwarding pointer behind.
    ///
    /// # Safety
    ///
    /// `term` must satisfy the central invariant, and the to-space must have
    /// room for everything reachable (it is sized for all of from-space).
    #[inline]
    unsafe fn evacuate(&mut self, term: Term) -> Term {
        if !term.is_pointer() {
            return term;
        }
        if !self.from.contains(term.ptr()) {
            if !self.areas_live.is_empty() {
                self.mark_area(term.ptr());
            }
            return term;
        }
        let source = term.ptr();
        let destination = self.top;
        if term.is_cons() {
            // SAFETY: a cons term points at two words of from-space; the
            // to-space has room for them (sized for all of from-space).
            unsafe {
                let head = *source;
                if head == Term::CONS_MOVED {
                    return *source.add(1);
                }
                destination.write(head);
                destination.add(1).write(*source.add(1));
                let moved = Term::cons_ptr(destination);
                source.write(Term::CONS_MOVED);
                source.add(1).write(moved);
                self.top = destination.add(2);
                debug_assert!(self.top <= self.limit);
                moved
            }
        } else {
            // SAFETY: a boxed term points at a header (or, once moved, a
            // forwarding pointer) followed by its payload in from-space; a
            // `RefBinary` box's second payload word is the address of an
            // off-heap binary on which the heap's old list holds a count.
            unsafe {
                let header = *source;
                if header.is_boxed() {
                    return header;
                }
                let n_words = 1 + header.header_arity();
                std::ptr::copy_nonoverlapping(source, destination, n_words);
                match header.header_kind() {
                    // The box holds a count in the old list, so the binary is alive.
                    BoxKind::RefBinary => {
                        self.off_heap.push(BinRef::acquire((*source.add(2)).raw() as *const OffHeapBinary))
                    }
                    // Likewise for the native object.
                    BoxKind::MagicRef => self.off_heap.push_resource(resource::acquire((*source.add(2)).raw())),
                    _ => {}
                }
                let moved = Term::boxed_ptr(destination);
                source.write(moved);
                self.top = destination.add(n_words);
                debug_assert!(self.top <= self.limit);
                moved
            }
        }
    }

    /// Marks the persistent area `ptr` points into, if the heap holds one.
    #[cold]
    fn mark_area(&mut self, ptr: *const Term) {
        if is_literal(ptr) {
            return;
        }
        if let Some(position) = self.areas.position_of(ptr) {
            self.areas_live[position] = true;
        }
    }

    /// Evacuates everything the objects between `scan` and the top point to.
    ///
    /// # Safety
    ///
    /// `scan` must be the start of the copied objects, all in the to-space.
    unsafe fn scan_from(&mut self, mut scan: *mut Term) {
        while scan < self.top {
            // SAFETY: `scan` is at the start of a copied object.
            let (object_words, terms) = object_extent(unsafe { *scan });
            for index in terms {
                // SAFETY: the slot lies inside the object at `scan`.
                unsafe {
                    let slot = scan.add(index);
                    slot.write(self.evacuate(*slot));
                }
            }
            // SAFETY: the next object starts right after this one, at most at `top`.
            scan = unsafe { scan.add(object_words) };
        }
    }
}

/// Collects `heap`: copies everything reachable from `roots` and the stack
/// into one new block with at least `need` free words, rewriting the roots
/// and stack words in place, and frees the old block and all fragments.
pub fn collect(heap: &mut Heap, need: usize, roots: &mut [&mut [Term]]) -> GcOutcome {
    let fragments = heap.take_fragments();
    let mut old_off_heap = heap.take_off_heap();
    let areas = old_off_heap.take_areas();
    let fragment_words: usize = fragments.iter().map(WordBlock::n_words).sum();
    let used_before = heap.heap_words() + fragment_words;
    let stack_words = heap.stack_words();
    let block_words = next_heap_size(used_before + stack_words + need);
    let block = WordBlock::new(block_words);
    // SAFETY: the block has room for the stack at its end.
    let stack_top = unsafe { block.end().sub(stack_words) };
    // SAFETY: the old stack is `stack_words` initialised words; the new block
    // is a separate allocation with room for them.
    unsafe { std::ptr::copy_nonoverlapping(heap.stack_top, stack_top, stack_words) };

    let mut collector = Collector {
        from: FromSpace::new(&heap.block, &fragments),
        top: block.start(),
        limit: stack_top,
        off_heap: OffHeap::default(),
        areas_live: vec![false; areas.len()],
        areas,
    };
    // SAFETY: every root and stack word is a term satisfying the central
    // invariant, and the to-space holds all of from-space plus the stack.
    unsafe {
        for slots in roots.iter_mut() {
            for slot in slots.iter_mut() {
                *slot = collector.evacuate(*slot);
            }
        }
        for index in 0..stack_words {
            let slot = stack_top.add(index);
            slot.write(collector.evacuate(*slot));
        }
        collector.scan_from(block.start());
    }

    // SAFETY: `top` is inside the new block, after its start.
    let live_words = unsafe { collector.top.offset_from(block.start()) } as usize;
    heap.block = block;
    heap.top = collector.top;
    heap.stack_top = stack_top;
    let Collector { mut off_heap, mut areas, areas_live, .. } = collector;
    if !areas_live.is_empty() {
        areas.retain_marked(&areas_live);
        off_heap.set_areas(areas);
    }
    heap.set_off_heap(off_heap);
    drop(fragments);
    drop(old_off_heap);

    let wanted = live_words + stack_words + need;
    if 4 * wanted < block_words && block_words > INITIAL_HEAP_WORDS {
        // Never below the floor once past it: a process whose live data
        // is small but which allocates steadily (a loop of BIF calls that
        // build results) would otherwise collect every few allocations.
        let smaller = next_heap_size((2 * wanted).max(block_words.min(SHRINK_FLOOR_WORDS)));
        if smaller < block_words {
            relocate(heap, smaller, roots);
        }
    }
    debug_assert!(heap.free_words() >= need);
    #[cfg(debug_assertions)]
    {
        let roots: Vec<&[Term]> = roots.iter().map(|slots| &**slots).collect();
        if let Err(problem) = verify_heap(heap, &roots) {
            panic!("heap corrupt after collection: {problem}");
        }
    }
    count(used_before - live_words);
    GcOutcome { live_words, reclaimed_words: used_before - live_words, block_words: heap.block_words() }
}

/// Moves a compact heap (no fragments) into a new block of `n_words` words,
/// adjusting every pointer into the old heap by the distance moved.
fn relocate(heap: &mut Heap, n_words: usize, roots: &mut [&mut [Term]]) {
    debug_assert!(heap.fragment_blocks().is_empty());
    let (heap_words, stack_words) = (heap.heap_words(), heap.stack_words());
    debug_assert!(heap_words + stack_words <= n_words);
    let block = WordBlock::new(n_words);
    let old_start = heap.block.start() as usize;
    let old_top = heap.top as usize;
    let delta = (block.start() as usize).wrapping_sub(old_start) as u64;
    let adjust = |term: Term| -> Term {
        if term.is_pointer() && (old_start..old_top).contains(&(term.ptr() as usize)) {
            Term::from_raw(term.raw().wrapping_add(delta))
        } else {
            term
        }
    };
    // SAFETY: the heap words and stack words are initialised; the new block
    // is a separate allocation with room for both (asserted above).
    let (top, stack_top) = unsafe {
        let stack_top = block.end().sub(stack_words);
        std::ptr::copy_nonoverlapping(heap.block.start(), block.start(), heap_words);
        std::ptr::copy_nonoverlapping(heap.stack_top, stack_top, stack_words);
        (block.start().add(heap_words), stack_top)
    };
    let mut scan = block.start();
    while scan < top {
        // SAFETY: the copied heap is a sequence of whole objects; `scan` is at
        // the start of one, and its slots lie inside it.
        unsafe {
            let (object_words, terms) = object_extent(*scan);
            for index in terms {
                let slot = scan.add(index);
                slot.write(adjust(*slot));
            }
            scan = scan.add(object_words);
        }
    }
    for index in 0..stack_words {
        // SAFETY: the index is inside the copied stack.
        unsafe {
            let slot = stack_top.add(index);
            slot.write(adjust(*slot));
        }
    }
    for slots in roots.iter_mut() {
        for slot in slots.iter_mut() {
            *slot = adjust(*slot);
        }
    }
    heap.block = block;
    heap.top = top;
    heap.stack_top = stack_top;
}

/// Checks that a heap is well formed: its block holds a sequence of whole
/// objects, and every pointer in them, on the stack and in `roots` points to
/// the start of an object of the right sort in the block, into a fragment,
/// into the literal area, or into a persistent area the heap holds. Returns a description of the first problem.
///
/// It takes time and memory proportional to the heap; the collector runs it
/// after every collection in debug builds.
pub fn verify_heap(heap: &Heap, roots: &[&[Term]]) -> Result<(), String> {
    let start = heap.block.start() as *const Term;
    let heap_words = heap.heap_words();
    // Which words start an object.
    let mut starts = vec![false; heap_words];
    let mut offset = 0;
    while offset < heap_words {
        starts[offset] = true;
        // SAFETY: offset < heap_words, inside the initialised heap.
        let first_word = unsafe { *start.add(offset) };
        if first_word.is_header()
            && crate::term::BoxKind::try_from_bits(((first_word.raw() >> 2) & 0b1111) as u8).is_none()
        {
            return Err(format!("word {offset}: a header of unknown kind"));
        }
        let (object_words, _) = object_extent(first_word);
        offset += object_words;
    }
    if offset != heap_words {
        return Err(format!("the last object runs past the heap top ({offset} > {heap_words})"));
    }
    let check = |term: Term, place: &dyn Fn() -> String| -> Result<(), String> {
        if term.is_header() {
            return Err(format!("{}: a header word where a term belongs", place()));
        }
        if term == Term::CONS_MOVED {
            return Err(format!("{}: a moved-cons marker", place()));
        }
        if !term.is_pointer() {
            return Ok(());
        }
        let ptr = term.ptr() as *const Term;
        if is_literal(ptr) {
            return Ok(());
        }
        let word_offset = (ptr as usize).wrapping_sub(start as usize) / std::mem::size_of::<Term>();
        if (ptr as usize) >= (start as usize) && word_offset < heap_words {
            if !starts[word_offset] {
                return Err(format!("{}: {:#x} points into the middle of an object", place(), term.raw()));
            }
            // SAFETY: word_offset < heap_words, inside the initialised heap.
            let target = unsafe { *start.add(word_offset) };
            if term.is_boxed() != target.is_header() {
                return Err(format!("{}: {:#x} points to the wrong sort of object", place(), term.raw()));
            }
            return Ok(());
        }
        if heap.fragment_blocks().iter().any(|fragment| fragment.contains(ptr)) {
            return Ok(());
        }
        if heap.off_heap().is_some_and(|off_heap| off_heap.areas().position_of(ptr).is_some()) {
            return Ok(());
        }
        Err(format!(
            "{}: {:#x} points outside the heap, its fragments, the literal area and its persistent areas",
            place(),
            term.raw()
        ))
    };
    let mut offset = 0;
    while offset < heap_words {
        // SAFETY: offset is the start of an object inside the heap.
        let first_word = unsafe { *start.add(offset) };
        let (object_words, terms) = object_extent(first_word);
        for index in terms {
            // SAFETY: the slot lies inside the object.
            let slot = unsafe { *start.add(offset + index) };
            check(slot, &|| format!("heap word {}", offset + index))?;
        }
        offset += object_words;
    }
    for (index, &word) in heap.stack_slice().iter().enumerate() {
        check(word, &|| format!("stack word {index}"))?;
    }
    for (set, slots) in roots.iter().enumerate() {
        for (index, &word) in slots.iter().enumerate() {
            check(word, &|| format!("root {set}.{index}"))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::copy::copy_to_block;
    use crate::term::build::*;
    use crate::term::compare::exact_eq;
    use crate::term::print::{term_to_string, Style};
    use crate::term::{atoms, literal::build_literal};

    #[test]
    fn sizes_follow_the_sequence() {
        assert_eq!(INITIAL_HEAP_WORDS, 8);
        assert_eq!(next_heap_size(0), 8);
        assert_eq!(next_heap_size(8), 8);
        assert_eq!(next_heap_size(9), 13);
        assert_eq!(next_heap_size(14), 21);
        assert_eq!(next_heap_size(22), 34);
        assert_eq!(next_heap_size(35), 55);
        let big = next_heap_size(FIBONACCI_LIMIT + 1);
        assert!(big > FIBONACCI_LIMIT);
        assert!(next_heap_size(big + 1) <= big + big / 5 + 1);
    }

    #[test]
    fn live_data_survives_and_garbage_goes() {
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let kept = string(&mut heap, "kept");
        for _ in 0..100 {
            tuple(&mut heap, &[Term::NIL; 5]);
        }
        let shared = float(&mut heap, 2.5);
        let pair = tuple(&mut heap, &[shared, shared, kept]);
        let before = term_to_string(pair, Style::Print);
        let mut registers = [pair, Term::small_unchecked(1), kept];
        let outcome = collect(&mut heap, 10, &mut [&mut registers]);
        assert_eq!(term_to_string(registers[0], Style::Print), before);
        assert_eq!(outcome.live_words, 4 + 2 + 8);
        assert!(outcome.reclaimed_words >= 600);
        assert!(heap.free_words() >= 10);
        assert!(heap.fragment_blocks().is_empty());
        let elements = registers[0].as_tuple().unwrap();
        assert_eq!(elements[0], elements[1], "sharing is preserved");
        assert_eq!(elements[2], registers[2], "sharing with other roots too");
        assert!(heap.block.contains(registers[0].ptr()));
    }

    #[test]
    fn external_funs_survive_collection() {
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let external = export_fun(&mut heap, crate::term::atoms::LISTS, crate::term::atoms::OK, 2);
        for _ in 0..100 {
            tuple(&mut heap, &[Term::NIL; 5]);
        }
        let mut registers = [external];
        let outcome = collect(&mut heap, 10, &mut [&mut registers]);
        assert_eq!(outcome.live_words, 4);
        assert!(heap.block.contains(registers[0].ptr()));
        assert_eq!(term_to_string(registers[0], Style::Print), "fun lists:ok/2");
    }

    #[test]
    fn the_stack_moves_with_its_pointers() {
        let mut heap = Heap::new(64);
        let value = list_from_slice(&mut heap, &[Term::small_unchecked(1), Term::small_unchecked(2)]);
        heap.push(Term::cp(1, 2));
        heap.push(Term::catch_marker(3, 4));
        heap.push(value);
        for _ in 0..200 {
            cons(&mut heap, Term::NIL, Term::NIL);
        }
        collect(&mut heap, 0, &mut []);
        assert_eq!(heap.stack_words(), 3);
        assert_eq!(heap.stack(1), Term::catch_marker(3, 4));
        assert_eq!(heap.stack(2), Term::cp(1, 2));
        let moved = heap.stack(0);
        assert!(heap.block.contains(moved.ptr()));
        assert_eq!(list_to_vec(moved), Some(vec![Term::small_unchecked(1), Term::small_unchecked(2)]));
    }

    #[test]
    fn literals_stay_and_fragments_are_absorbed() {
        let literal = build_literal(
            &girder_loader::Literal::Tuple(vec![girder_loader::Literal::Atom(0), girder_loader::Literal::Float(1.0)]),
            &[atoms::OK],
        )
        .unwrap();
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let mut sender = Heap::new(INITIAL_HEAP_WORDS);
        let message = tuple(&mut sender, &[literal, Term::small_unchecked(7)]);
        let (message, fragment) = copy_to_block(message);
        heap.adopt_fragment(fragment.unwrap());
        let big = tuple(&mut heap, &[literal; 40]);
        assert!(heap.wants_collection());
        let mut registers = [message, big];
        collect(&mut heap, 0, &mut [&mut registers]);
        drop(sender);
        assert!(!heap.wants_collection());
        assert_eq!(registers[0].as_tuple().unwrap()[0], literal, "literals are not copied");
        assert_eq!(registers[1].as_tuple().unwrap()[39], literal);
        assert_eq!(term_to_string(registers[0], Style::Write), "{{ok,1.0},7}");
    }

    #[test]
    fn heaps_grow_and_shrink() {
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let mut list = Term::NIL;
        for i in 0..10_000 {
            list = cons(&mut heap, Term::small_unchecked(i), list);
            if heap.wants_collection() {
                let mut registers = [list];
                collect(&mut heap, 2, &mut [&mut registers]);
                list = registers[0];
            }
        }
        let mut registers = [list];
        collect(&mut heap, 0, &mut [&mut registers]);
        let grown = heap.block_words();
        assert!(grown >= 20_000);
        assert_eq!(list_len(registers[0]), Some(10_000));
        let mut registers = [Term::small_unchecked(0)];
        let outcome = collect(&mut heap, 0, &mut [&mut registers]);
        assert_eq!(outcome.live_words, 0);
        assert_eq!(heap.block_words(), SHRINK_FLOOR_WORDS, "shrunk to the floor, not below");
        // The floor never makes a small heap grow.
        let mut small = Heap::new(INITIAL_HEAP_WORDS);
        for _ in 0..3 {
            tuple(&mut small, &[Term::NIL; 2]);
        }
        let mut registers = [Term::NIL];
        for _ in 0..2 {
            collect(&mut small, 0, &mut [&mut registers]);
            assert!(small.block_words() < SHRINK_FLOOR_WORDS, "{}", small.block_words());
        }
    }

    #[test]
    fn collections_repeat_without_changing_terms() {
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let inner = binary(&mut heap, b"binary data here");
        let map = crate::term::map::map_from_pairs(&mut heap, vec![(Term::atom(atoms::OK), inner), (inner, Term::NIL)]);
        let term = list_from_slice_with_tail(&mut heap, &[map, inner, map], inner);
        let reference = copy_to_block(term);
        let mut registers = [term];
        for round in 0..10 {
            for _ in 0..round * 10 {
                tuple(&mut heap, &[Term::NIL; 3]);
            }
            collect(&mut heap, round, &mut [&mut registers]);
            assert!(exact_eq(registers[0], reference.0));
        }
    }

    #[test]
    fn magic_refs_hold_one_count_per_box_wherever_they_are() {
        use crate::memory::resource::{AtomicArray, Resource, Signedness};
        let resource = Resource::Atomics(AtomicArray::new(4, Signedness::Signed).unwrap()).into_counted();
        let watcher = std::sync::Arc::clone(&resource);
        let mut heap = Heap::new(INITIAL_HEAP_WORDS);
        let reference = magic_ref(&mut heap, 77, resource);
        let pair = tuple(&mut heap, &[reference, reference]);
        assert_eq!(std::sync::Arc::strong_count(&watcher), 2, "one box, one count");
        // A message holding it: the copy takes a count per box copied.
        let (message, fragment) = copy_to_block(pair);
        assert_eq!(std::sync::Arc::strong_count(&watcher), 4);
        let mut receiver = Heap::new(INITIAL_HEAP_WORDS);
        receiver.adopt_fragment(fragment.unwrap());
        let mut registers = [message.as_tuple().unwrap()[0]];
        collect(&mut receiver, 0, &mut [&mut registers]);
        assert_eq!(std::sync::Arc::strong_count(&watcher), 3, "the receiver kept one box");
        assert_eq!(crate::term::build::ref_number(registers[0]), Some(77));
        assert!(crate::memory::resource::resource_of(registers[0]).is_some());
        let mut registers = [Term::NIL];
        collect(&mut heap, 0, &mut [&mut registers]);
        assert_eq!(std::sync::Arc::strong_count(&watcher), 2, "the sender dropped its box");
        drop(receiver);
        assert_eq!(std::sync::Arc::strong_count(&watcher), 1, "the receiver's end released the last");
    }

    #[test]
    fn verify_heap_finds_bad_pointers() {
        let mut heap = Heap::new(64);
        let pair = tuple(&mut heap, &[Term::NIL, Term::NIL]);
        assert!(verify_heap(&heap, &[&[pair]]).is_ok());
        // SAFETY: the tuple has three words; the second is inside it.
        let inside = Term::boxed_ptr(unsafe { pair.ptr().add(1) });
        assert!(verify_heap(&heap, &[&[inside]]).unwrap_err().contains("middle"));
        let outside = [Term::header(crate::term::BoxKind::Tuple, 0)];
        let stray = Term::boxed_ptr(outside.as_ptr());
        assert!(verify_heap(&heap, &[&[stray]]).unwrap_err().contains("outside"));
        let wrong = Term::cons_ptr(pair.ptr());
        assert!(verify_heap(&heap, &[&[wrong]]).unwrap_err().contains("wrong sort"));
    }
}
