//! A process's memory: one block holding the heap (growing up) and the stack
//! (growing down), plus the heap fragments waiting to be absorbed.
//!
//! ```text
//!  start                top            stack_top              end
//!    │ heap objects ──▶ │   free words   │ ◀── stack frames     │
//! ```
//!
//! Allocation never fails and never moves anything: when the block is full,
//! [`Heap::alloc`] hands out a heap fragment instead, and the next collection
//! (at a safe point where the interpreter knows which registers are live)
//! copies everything live, from the block and the fragments, into one new
//! block. Message fragments taken out of the mailbox join the same list.
//!
//! The heap also holds the counts on the off-heap binaries and native
//! objects its boxes refer to, and on the persistent areas its terms point
//! into (see [`off_heap`](crate::memory::off_heap)); the sizes of the
//! first two make the heap want a collection sooner, so that dropped
//! binaries are freed soon.
//!
//! Threads: a heap belongs to one process and is only touched by the thread
//! running that process.

use crate::memory::off_heap::OffHeap;
use crate::memory::slab::{self, Slab};
use crate::term::Term;
use std::alloc::{self, Layout};
use std::ptr::NonNull;

/// The slab of first heaps: blocks of [`INITIAL_HEAP_WORDS`] words.
pub static FIRST_HEAPS: Slab = Slab::new(slab::ids::FIRST_HEAPS, INITIAL_HEAP_WORDS * 8);

/// A block of words from the system allocator, freed on drop.
///
/// The contents are not initialised by [`WordBlock::new`]; whoever hands out
/// words writes them before any term points at them.
pub struct WordBlock {
    ptr: NonNull<Term>,
    /// One past the last word: kept rather than the size, so that the stack
    /// operations' bounds check is one load and one compare.
    end: *mut Term,
}

// SAFETY: a WordBlock owns its allocation exclusively (no aliasing handles
// exist outside the owning heap or message), so moving it to another thread
// with its owner is sound.
unsafe impl Send for WordBlock {}

impl WordBlock {
    /// Allocates a block of `n_words` words (at least one).
    ///
    /// Blocks of [`INITIAL_HEAP_WORDS`] (every process's first heap) come
    /// from the slab of exactly that size, with no allocator header; the
    /// rest from the global allocator.
    pub fn new(n_words: usize) -> WordBlock {
        let n_words = n_words.max(1);
        if n_words == INITIAL_HEAP_WORDS {
            return WordBlock::from_parts(FIRST_HEAPS.alloc().cast(), n_words);
        }
        let layout = Self::layout(n_words);
        // SAFETY: the layout has a non-zero size.
        let raw = unsafe { alloc::alloc(layout) } as *mut Term;
        let Some(ptr) = NonNull::new(raw) else { alloc::handle_alloc_error(layout) };
        WordBlock::from_parts(ptr, n_words)
    }

    /// A block of the `n_words` words at `ptr`.
    fn from_parts(ptr: NonNull<Term>, n_words: usize) -> WordBlock {
        // SAFETY: one past the end of an allocation of n_words words is a
        // valid pointer to compute.
        let end = unsafe { ptr.as_ptr().add(n_words) };
        WordBlock { ptr, end }
    }

    fn layout(n_words: usize) -> Layout {
        Layout::array::<Term>(n_words).expect("block size overflows the address space")
    }

    /// The first word.
    #[inline(always)]
    pub fn start(&self) -> *mut Term {
        self.ptr.as_ptr()
    }

    /// One past the last word.
    #[inline(always)]
    pub fn end(&self) -> *mut Term {
        self.end
    }

    /// The number of words.
    #[inline(always)]
    pub fn n_words(&self) -> usize {
        // SAFETY: both pointers are in (or one past) the same allocation.
        unsafe { self.end.offset_from(self.ptr.as_ptr()) as usize }
    }

    /// Whether `ptr` points into this block.
    #[inline(always)]
    pub fn contains(&self, ptr: *const Term) -> bool {
        (self.start() as *const Term) <= ptr && ptr < (self.end() as *const Term)
    }
}

impl Drop for WordBlock {
    fn drop(&mut self) {
        if self.n_words() == INITIAL_HEAP_WORDS {
            // SAFETY: a block of this size came from `FIRST_HEAPS` (see
            // `new`), and is freed only here, once.
            unsafe { FIRST_HEAPS.free(self.ptr.cast()) };
            return;
        }
        // SAFETY: the pointer came from `alloc::alloc` with this same layout.
        unsafe { alloc::dealloc(self.ptr.as_ptr() as *mut u8, Self::layout(self.n_words())) }
    }
}

impl std::fmt::Debug for WordBlock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordBlock({:p}, {} words)", self.ptr, self.n_words())
    }
}

/// A message's words, out of any heap, with the counts on the off-heap
/// binaries its boxes refer to; a heap adopts both together.
#[derive(Debug)]
pub struct Fragment {
    /// The message's objects.
    pub block: WordBlock,
    /// Counts on off-heap binaries, when the message refers to any.
    pub off_heap: Option<Box<OffHeap>>,
}

impl Fragment {
    /// Whether `ptr` points into the fragment's words.
    pub fn contains(&self, ptr: *const Term) -> bool {
        self.block.contains(ptr)
    }
}

/// The words a fresh process's block holds (heap and stack together).
///
/// Eight words hold a small frame and a few terms; a process that needs
/// more grows at its first collection (see `gc::next_heap_size`). Small
/// first blocks are what lets millions of processes fit (ARCHITECTURE.md, decision 7).
pub const INITIAL_HEAP_WORDS: usize = 8;

/// The smallest fragment handed out when the block is full.
const MIN_FRAGMENT_WORDS: usize = 32;

/// A process heap and stack in one block, with its pending fragments.
pub struct Heap {
    pub(crate) block: WordBlock,
    /// The next free heap word.
    pub(crate) top: *mut Term,
    /// The lowest stack word in use; the stack is empty when this is the block's end.
    pub(crate) stack_top: *mut Term,
    /// Heap fragments (from overflowing allocations and from received
    /// messages) that the next collection absorbs, and the counts on
    /// off-heap binaries; boxed, because most processes have neither most
    /// of the time and a process must be small.
    fragments: Option<Box<Fragments>>,
}

/// Off-heap bytes a heap may refer to before it wants a collection, at
/// least (BEAM's default virtual binary heap, 46,422 words).
pub const MIN_VIRTUAL_HEAP_BYTES: usize = 46_422 * 8;

/// The fragments of a heap waiting for the next collection, and its counts
/// on off-heap binaries.
struct Fragments {
    blocks: Vec<WordBlock>,
    /// Counts on the off-heap binaries that boxes in the block or the
    /// fragments refer to.
    off_heap: OffHeap,
    /// When `off_heap` refers to more bytes than this, collect.
    virtual_heap_limit: usize,
    /// Words held in `blocks`.
    words: usize,
    /// Free words in the current (last) allocation fragment, from `top`.
    free: usize,
    top: *mut Term,
}

// SAFETY: the raw pointers all point into blocks the heap owns exclusively;
// a heap moves between threads only together with its process.
unsafe impl Send for Heap {}

impl Heap {
    /// A heap of `n_words` words (heap and stack together).
    pub fn new(n_words: usize) -> Heap {
        let block = WordBlock::new(n_words);
        Heap { top: block.start(), stack_top: block.end(), block, fragments: None }
    }

    /// Free words between the heap top and the stack.
    #[inline(always)]
    pub fn free_words(&self) -> usize {
        // SAFETY: both pointers are in (or one past) the same block, top <= stack_top.
        unsafe { self.stack_top.offset_from(self.top) as usize }
    }

    /// Words used by heap objects in the block.
    #[inline(always)]
    pub fn heap_words(&self) -> usize {
        // SAFETY: both pointers are in the same block, start <= top.
        unsafe { self.top.offset_from(self.block.start()) as usize }
    }

    /// Words used by the stack.
    #[inline(always)]
    pub fn stack_words(&self) -> usize {
        // SAFETY: both pointers are in (or one past) the same block.
        unsafe { self.block.end().offset_from(self.stack_top) as usize }
    }

    /// The block's size in words.
    #[inline(always)]
    pub fn block_words(&self) -> usize {
        self.block.n_words()
    }

    /// Words held by fragments awaiting the next collection.
    #[inline(always)]
    pub fn fragment_words(&self) -> usize {
        self.fragments.as_ref().map_or(0, |fragments| fragments.words)
    }

    /// The fragments awaiting the next collection.
    pub fn fragment_blocks(&self) -> &[WordBlock] {
        self.fragments.as_ref().map_or(&[], |fragments| &fragments.blocks)
    }

    /// Whether a collection would pay off: fragments are waiting to be
    /// absorbed, or the heap refers to more off-heap bytes than its
    /// virtual heap allows.
    #[inline(always)]
    pub fn wants_collection(&self) -> bool {
        self.fragments.as_ref().is_some_and(|fragments| {
            !fragments.blocks.is_empty() || fragments.off_heap.bytes() > fragments.virtual_heap_limit
        })
    }

    /// Whether the heap refers to more off-heap bytes than its virtual heap
    /// allows (a safe point then collects).
    #[inline(always)]
    pub fn off_heap_full(&self) -> bool {
        self.fragments.as_ref().is_some_and(|fragments| fragments.off_heap.bytes() > fragments.virtual_heap_limit)
    }

    /// Records a count on an off-heap binary held by a box just built on
    /// this heap, counting `bytes` toward the virtual heap (see
    /// [`OffHeap::push_counting`]).
    pub fn hold_off_heap(&mut self, binary: crate::memory::off_heap::BinRef, bytes: usize) {
        self.fragments_mut().off_heap.push_counting(binary, bytes);
    }

    /// Records the counts of boxes just copied onto this heap.
    pub fn hold_off_heap_all(&mut self, off_heap: &mut OffHeap) {
        self.fragments_mut().off_heap.append(off_heap);
    }

    /// Records a count on a native object held by a `MagicRef` box just
    /// built on this heap (see `memory::resource`).
    pub fn hold_resource(&mut self, resource: std::sync::Arc<crate::memory::resource::Resource>) {
        self.fragments_mut().off_heap.push_resource(resource);
    }

    /// Takes a count on a persistent area, unless the heap holds one
    /// already, before a term pointing into it is put in a register (see
    /// `memory::area`).
    #[inline]
    pub fn hold_area(&mut self, area: &std::sync::Arc<crate::memory::area::Area>) {
        self.fragments_mut().off_heap.areas_mut().hold(area);
    }

    /// Whether `ptr` points into a persistent area this heap holds (a
    /// term there is shared with other processes and never written).
    pub fn in_persistent_area(&self, ptr: *const Term) -> bool {
        self.off_heap().is_some_and(|off_heap| off_heap.areas().position_of(ptr).is_some())
    }

    /// The counts on off-heap binaries this heap holds.
    pub fn off_heap(&self) -> Option<&OffHeap> {
        self.fragments.as_ref().map(|fragments| &fragments.off_heap)
    }

    /// Takes the counts on off-heap binaries, for the collector, which
    /// takes new counts for the boxes it keeps and drops these.
    pub(crate) fn take_off_heap(&mut self) -> OffHeap {
        self.fragments.as_mut().map(|fragments| std::mem::take(&mut fragments.off_heap)).unwrap_or_default()
    }

    /// Installs the counts the collector took for the boxes it kept, and
    /// sets the virtual heap to twice their bytes (at least
    /// [`MIN_VIRTUAL_HEAP_BYTES`]).
    pub(crate) fn set_off_heap(&mut self, off_heap: OffHeap) {
        if off_heap.is_empty() && self.fragments.as_ref().is_none_or(|fragments| fragments.blocks.is_empty()) {
            self.fragments = None;
            return;
        }
        let limit = MIN_VIRTUAL_HEAP_BYTES.max(off_heap.bytes().saturating_mul(2));
        let fragments = self.fragments_mut();
        fragments.off_heap = off_heap;
        fragments.virtual_heap_limit = limit;
    }

    /// Allocates `n_words` uninitialised words for one object.
    ///
    /// Never fails and never collects: when the block has no room, the words
    /// come from a heap fragment that the next collection absorbs. The caller
    /// must initialise every word before the next collection.
    #[inline(always)]
    pub fn alloc(&mut self, n_words: usize) -> *mut Term {
        if n_words <= self.free_words() {
            let ptr = self.top;
            // SAFETY: there are at least n_words free words after top.
            self.top = unsafe { self.top.add(n_words) };
            ptr
        } else {
            self.alloc_in_fragment(n_words)
        }
    }

    #[cold]
    fn alloc_in_fragment(&mut self, n_words: usize) -> *mut Term {
        let min_size = MIN_FRAGMENT_WORDS.max(self.block.n_words() / 2);
        let fragments = self.fragments_mut();
        if n_words > fragments.free {
            let size = n_words.max(min_size);
            let block = WordBlock::new(size);
            fragments.top = block.start();
            fragments.free = size;
            fragments.words += size;
            fragments.blocks.push(block);
        }
        let ptr = fragments.top;
        // SAFETY: the current fragment has at least n_words free words after `top`.
        fragments.top = unsafe { fragments.top.add(n_words) };
        fragments.free -= n_words;
        ptr
    }

    fn fragments_mut(&mut self) -> &mut Fragments {
        self.fragments.get_or_insert_with(|| {
            Box::new(Fragments {
                blocks: Vec::new(),
                off_heap: OffHeap::default(),
                virtual_heap_limit: MIN_VIRTUAL_HEAP_BYTES,
                words: 0,
                free: 0,
                top: std::ptr::null_mut(),
            })
        })
    }

    /// Takes ownership of a message's fragment; its terms stay valid until
    /// the next collection copies whatever is still live out of it.
    pub fn adopt_fragment(&mut self, fragment: Fragment) {
        let Fragment { block: fragment, off_heap } = fragment;
        let fragments = self.fragments_mut();
        if let Some(mut off_heap) = off_heap {
            fragments.off_heap.append(&mut off_heap);
        }
        fragments.words += fragment.n_words();
        // Keep the partly used allocation fragment last, so later overflow
        // allocations keep filling it.
        let position =
            if fragments.free > 0 { fragments.blocks.len().saturating_sub(1) } else { fragments.blocks.len() };
        fragments.blocks.insert(position, fragment);
    }

    /// Takes the fragments out of the heap, for the collector, which copies
    /// what is live out of them and then frees them.
    pub(crate) fn take_fragments(&mut self) -> Vec<WordBlock> {
        let Some(fragments) = self.fragments.as_mut() else { return Vec::new() };
        fragments.words = 0;
        fragments.free = 0;
        fragments.top = std::ptr::null_mut();
        std::mem::take(&mut fragments.blocks)
    }

    // ---- the stack ----

    /// Whether `n_words` more stack words fit without a collection.
    #[inline(always)]
    pub fn stack_fits(&self, n_words: usize) -> bool {
        n_words <= self.free_words()
    }

    /// Pushes a word; the caller made sure it fits (see [`Heap::stack_fits`]).
    #[inline(always)]
    pub fn push(&mut self, word: Term) {
        if self.stack_top <= self.top {
            stack_overflow(1, self.free_words());
        }
        // SAFETY: the word below stack_top is free (the caller made room, and
        // the compare above ends the VM rather than write over the heap or
        // below the block when that invariant is broken).
        unsafe {
            self.stack_top = self.stack_top.sub(1);
            self.stack_top.write(word);
        }
    }

    /// Pushes `n_words` copies of `word` (a frame's y registers).
    #[inline(always)]
    pub fn push_n(&mut self, n_words: usize, word: Term) {
        if n_words > self.free_words() {
            stack_overflow(n_words, self.free_words());
        }
        // SAFETY: the n_words words below stack_top are free (the caller
        // made room, and the compare above ends the VM rather than write
        // over the heap or below the block when that invariant is broken).
        unsafe {
            self.stack_top = self.stack_top.sub(n_words);
            for index in 0..n_words {
                self.stack_top.add(index).write(word);
            }
        }
    }

    /// Pushes a frame: the return address, then `n_slots` y registers, all
    /// `[]`; the caller made sure the `n_slots + 1` words fit.
    #[inline(always)]
    pub fn push_frame(&mut self, return_address: Term, n_slots: usize) {
        let n_words = n_slots + 1;
        if n_words > self.free_words() {
            stack_overflow(n_words, self.free_words());
        }
        // SAFETY: the n_words words below stack_top are free (the caller
        // made room, and the compare above ends the VM rather than write
        // over the heap or below the block when that invariant is broken).
        unsafe {
            self.stack_top = self.stack_top.sub(n_words);
            self.stack_top.add(n_slots).write(return_address);
            for index in 0..n_slots {
                self.stack_top.add(index).write(Term::NIL);
            }
        }
    }

    /// Drops `n_words` stack words.
    #[inline(always)]
    pub fn pop_n(&mut self, n_words: usize) {
        if self.stack_top.wrapping_add(n_words) > self.block.end() {
            stack_underflow(n_words, self.stack_words());
        }
        // SAFETY: the stack holds at least n_words words (the verifier proved
        // frames balance, and the compare above ends the VM rather than move
        // the top past the block's end when they do not), so the result stays
        // within the block.
        self.stack_top = unsafe { self.stack_top.add(n_words) };
    }

    /// Stack word `index` counted from the top (y register `index` of the current frame).
    #[inline(always)]
    pub fn stack(&self, index: usize) -> Term {
        let word = self.stack_top.wrapping_add(index);
        if word >= self.block.end() {
            stack_index_out_of_range(index, self.stack_words());
        }
        // SAFETY: the word is inside the stack, hence inside the block: the
        // verifier proved every y register is inside the current frame, and
        // the compare above ends the VM rather than read past the block
        // (stack_top is never past the block's end, as `pop_n` checks).
        unsafe { *word }
    }

    /// Writes stack word `index` counted from the top.
    #[inline(always)]
    pub fn set_stack(&mut self, index: usize, word: Term) {
        let slot = self.stack_top.wrapping_add(index);
        if slot >= self.block.end() {
            stack_index_out_of_range(index, self.stack_words());
        }
        // SAFETY: the word is inside the stack, hence inside the block: the
        // verifier proved every y register is inside the current frame, and
        // the compare above ends the VM rather than write past the block
        // (stack_top is never past the block's end, as `pop_n` checks).
        unsafe { slot.write(word) }
    }

    /// The stack words, top first.
    pub fn stack_slice(&self) -> &[Term] {
        // SAFETY: [stack_top, end) is the initialised stack inside the block.
        unsafe { std::slice::from_raw_parts(self.stack_top, self.stack_words()) }
    }

    /// Bytes of memory this heap holds (block and fragments).
    pub fn memory_bytes(&self) -> usize {
        (self.block.n_words() + self.fragment_words()) * std::mem::size_of::<Term>()
    }
}

// The stack operations trust the verifier, which proves that frames balance
// and that every y register is inside the current frame. Should that proof
// be wrong, these end the VM with an internal error (a panic: `girder`
// reports it and exits with status 3) instead of reading or writing outside
// the process's block. Each costs one compare on its caller's path and is
// kept out of line, so that the path stays short.

#[cold]
#[inline(never)]
#[track_caller]
fn stack_overflow(n_words: usize, free_words: usize) -> ! {
    panic!("a push of {n_words} stack words into {free_words} free words: the stack would overwrite the heap")
}

#[cold]
#[inline(never)]
#[track_caller]
fn stack_underflow(n_words: usize, stack_words: usize) -> ! {
    panic!("a pop of {n_words} stack words from a stack of {stack_words}: frames do not balance")
}

#[cold]
#[inline(never)]
#[track_caller]
fn stack_index_out_of_range(index: usize, stack_words: usize) -> ! {
    panic!("stack word {index} of a stack of {stack_words}: a y register outside every frame")
}

impl std::fmt::Debug for Heap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Heap")
            .field("block_words", &self.block.n_words())
            .field("heap_words", &self.heap_words())
            .field("stack_words", &self.stack_words())
            .field("fragment_words", &self.fragment_words())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allocation_bumps_then_overflows_into_fragments() {
        let mut heap = Heap::new(8);
        let a = heap.alloc(3);
        let b = heap.alloc(3);
        // SAFETY: both pointers are in the heap's one block.
        assert_eq!(unsafe { b.offset_from(a) }, 3);
        assert_eq!(heap.free_words(), 2);
        assert!(!heap.wants_collection());
        let c = heap.alloc(5);
        assert!(!heap.block.contains(c));
        assert!(heap.wants_collection());
        assert!(heap.fragment_words() >= 5);
        let d = heap.alloc(2);
        assert!(heap.block.contains(d), "small allocations still use the block first");
        for ptr in [a, b, c] {
            for i in 0..3 {
                // SAFETY: each allocation above has at least three words.
                unsafe { ptr.add(i).write(Term::NIL) };
            }
        }
    }

    #[test]
    fn stack_grows_down_and_frames_index_from_the_top() {
        let mut heap = Heap::new(16);
        heap.push(Term::cp(0, 7));
        heap.push_n(3, Term::NIL);
        assert_eq!(heap.stack_words(), 4);
        heap.set_stack(1, Term::small_unchecked(9));
        assert_eq!(heap.stack(1), Term::small_unchecked(9));
        assert_eq!(heap.stack(3), Term::cp(0, 7));
        assert_eq!(heap.free_words(), 12);
        heap.pop_n(4);
        assert_eq!(heap.stack_words(), 0);
    }

    #[test]
    #[should_panic(expected = "frames do not balance")]
    fn popping_past_the_block_ends_the_vm_instead() {
        let mut heap = Heap::new(16);
        heap.push_frame(Term::cp(0, 7), 1);
        heap.pop_n(1001);
    }

    #[test]
    #[should_panic(expected = "a y register outside every frame")]
    fn writing_a_y_register_past_the_block_ends_the_vm_instead() {
        let mut heap = Heap::new(16);
        heap.push_frame(Term::cp(0, 7), 1);
        heap.set_stack(2, Term::NIL);
    }

    #[test]
    #[should_panic(expected = "a y register outside every frame")]
    fn reading_a_y_register_past_the_block_ends_the_vm_instead() {
        let mut heap = Heap::new(16);
        heap.push_frame(Term::cp(0, 7), 1);
        let _ = heap.stack(2);
    }

    #[test]
    #[should_panic(expected = "the stack would overwrite the heap")]
    fn pushing_over_the_heap_ends_the_vm_instead() {
        let mut heap = Heap::new(16);
        heap.alloc(10);
        heap.push_frame(Term::cp(0, 7), 6);
    }

    #[test]
    fn a_frame_holds_its_return_address_under_its_y_registers() {
        let mut heap = Heap::new(16);
        heap.push_frame(Term::cp(0, 7), 3);
        assert_eq!(heap.stack_words(), 4);
        assert_eq!(heap.stack(0), Term::NIL);
        assert_eq!(heap.stack(2), Term::NIL);
        assert_eq!(heap.stack(3), Term::cp(0, 7));
        assert_eq!(heap.block.end().wrapping_sub(4), heap.stack_top);
    }

    #[test]
    fn many_overflowing_allocations_stay_valid() {
        let mut heap = Heap::new(4);
        let mut pointers = Vec::new();
        for round in 0..1000 {
            let size = 1 + round % 40;
            let ptr = heap.alloc(size);
            for i in 0..size {
                // SAFETY: the allocation has `size` words.
                unsafe { ptr.add(i).write(Term::small_unchecked(round as i64)) };
            }
            pointers.push((ptr, size, round));
        }
        for (ptr, size, round) in pointers {
            for i in 0..size {
                // SAFETY: the allocation has `size` initialised words and is still owned by the heap.
                assert_eq!(unsafe { *ptr.add(i) }, Term::small_unchecked(round as i64));
            }
        }
    }
}
