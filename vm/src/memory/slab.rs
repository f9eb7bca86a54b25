//! Blocks of one exact size, for the objects that every process has and
//! that are made and freed millions of times: process cells, first heaps,
//! and the nodes that carry signals.
//!
//! A [`Slab`] hands out blocks of one size with no per-block header and no
//! rounding beyond 8 bytes, so a million cells cost exactly a million cell
//! sizes. Each thread keeps its own free list for each slab, so allocating
//! and freeing are a few loads and stores, with no lock and no atomic
//! read-modify-write; a block
//! freed on another thread than the one that made it (a signal node, freed
//! by its receiver) simply joins that thread's list. Lists that grow long
//! move to a shared pool in batches, under a lock taken once per batch.
//!
//! Fresh blocks are carved from regions of [`REGION_BYTES`] mapped from the
//! system and advised for transparent huge pages (`MADV_HUGEPAGE`), so that
//! spawning millions of processes faults in 2 MiB pages, not 4 KiB ones;
//! once a program holds a few regions, a helper thread makes the next one
//! resident ahead of use. Each thread carves from its own chunk of a region, so blocks made on one
//! thread lie together. Memory never goes back to the system: a freed block
//! is kept for the next object of its size. (Under Miri, which cannot map
//! memory, every block comes from the global allocator instead.)
//!
//! Threads: every function may be called from any thread; a block may be
//! freed on any thread, once.

use std::cell::UnsafeCell;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// How many slabs there may be: each thread keeps one cache per slab.
const MAX_SLABS: usize = 4;

/// The bytes a region mapped from the system holds.
pub const REGION_BYTES: usize = 16 << 20;

/// The bytes a thread takes from a region at a time to carve blocks from.
const CHUNK_BYTES: usize = 256 << 10;

/// Blocks in a batch moved between a thread and the shared pool.
const BATCH: usize = 256;

/// A free block: its first word links to the next free one.
struct Free {
    next: *mut Free,
}

/// A list of free blocks and its length.
#[derive(Clone, Copy)]
struct List {
    head: *mut Free,
    len: usize,
}

impl List {
    const EMPTY: List = List { head: ptr::null_mut(), len: 0 };
}

/// Blocks of one size (see the module doc).
pub struct Slab {
    /// The index of this slab's cache in every thread's caches.
    id: usize,
    /// The size of a block, a multiple of 8.
    size: usize,
    /// Full batches of free blocks, given back by threads with too many.
    pool: Mutex<Vec<List>>,
    /// How many batches `pool` holds: read without the lock, so that a
    /// thread carving fresh blocks does not take it on every block.
    pooled: AtomicUsize,
}

// SAFETY: the raw pointers in `pool` name free blocks that no thread uses;
// the mutex serialises every access to them.
unsafe impl Sync for Slab {}

impl Slab {
    /// A slab of blocks of `size` bytes (rounded up to 8; at least 8), with
    /// cache index `id`, which no other slab may share (below `MAX_SLABS`).
    pub const fn new(id: usize, size: usize) -> Slab {
        assert!(id < MAX_SLABS, "too many slabs");
        let size = if size < 8 { 8 } else { (size + 7) & !7 };
        Slab { id, size, pool: Mutex::new(Vec::new()), pooled: AtomicUsize::new(0) }
    }

    /// The size of a block.
    pub const fn block_size(&self) -> usize {
        self.size
    }

    /// A block of [`Self::block_size`] bytes, 8-byte aligned, uninitialised.
    #[inline]
    pub fn alloc(&'static self) -> NonNull<u8> {
        #[cfg(miri)]
        {
            let layout = self.layout();
            // SAFETY: the layout's size is at least 8.
            let block = unsafe { std::alloc::alloc(layout) };
            NonNull::new(block).unwrap_or_else(|| std::alloc::handle_alloc_error(layout))
        }
        #[cfg(not(miri))]
        {
            // SAFETY: the cache is only touched on its own thread, and the
            // closure does not reenter `CACHES`.
            let local = CACHES.try_with(|caches| unsafe { (*caches.0.get())[self.id].alloc(self) });
            match local {
                Ok(block) => block,
                // This thread's caches are gone (it is exiting): carve a
                // block on its own.
                Err(_) => self.alloc_unpooled(),
            }
        }
    }

    /// Gives a block back.
    ///
    /// # Safety
    ///
    /// `block` must have come from [`Self::alloc`] of this same slab, must
    /// not be used after this call, and must not be freed again.
    #[inline]
    pub unsafe fn free(&'static self, block: NonNull<u8>) {
        #[cfg(miri)]
        {
            // SAFETY: the block came from `alloc` with this layout.
            unsafe { std::alloc::dealloc(block.as_ptr(), self.layout()) }
        }
        #[cfg(not(miri))]
        {
            let free = block.as_ptr().cast::<Free>();
            // SAFETY: the cache is only touched on its own thread; the block
            // is this slab's and now unused (the caller's contract).
            let local = CACHES.try_with(|caches| unsafe { (*caches.0.get())[self.id].free(self, free) });
            if local.is_err() {
                // SAFETY: the block is unused and 8-byte aligned, so its
                // first word may hold the link.
                unsafe { (*free).next = ptr::null_mut() };
                self.give_batch(List { head: free, len: 1 });
            }
        }
    }

    #[cfg(miri)]
    fn layout(&self) -> std::alloc::Layout {
        std::alloc::Layout::from_size_align(self.size, 8).expect("a slab block's layout")
    }

    /// Puts a batch of free blocks in the shared pool.
    fn give_batch(&self, list: List) {
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        pool.push(list);
        self.pooled.store(pool.len(), Ordering::Relaxed);
    }

    /// Takes a batch of free blocks from the shared pool.
    fn take_batch(&self) -> Option<List> {
        // A hint: a batch given back just now may be missed, and is taken
        // next time.
        if self.pooled.load(Ordering::Relaxed) == 0 {
            return None;
        }
        let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
        let batch = pool.pop();
        self.pooled.store(pool.len(), Ordering::Relaxed);
        batch
    }

    /// A block from the pool or a region, for a thread without caches.
    fn alloc_unpooled(&self) -> NonNull<u8> {
        if let Some(list) = self.take_batch() {
            // SAFETY: a batch in the pool is a valid list of `len` > 0 free
            // blocks of this slab, now owned by this thread.
            let rest = unsafe { (*list.head).next };
            if list.len > 1 {
                self.give_batch(List { head: rest, len: list.len - 1 });
            }
            // SAFETY: the head of a non-empty list is not null.
            return unsafe { NonNull::new_unchecked(list.head.cast::<u8>()) };
        }
        let (start, _) = REGIONS.carve(self.size);
        start
    }
}

/// One thread's cache for one slab: two lists of free blocks (`spare`, when
/// not empty, holds a full batch) and a chunk to carve fresh blocks from.
struct Cache {
    free: List,
    spare: List,
    bump: *mut u8,
    bump_end: *mut u8,
    /// The slab whose blocks the lists hold, once they have held any: the
    /// thread's exit gives them back to it.
    owner: Option<&'static Slab>,
}

impl Cache {
    const EMPTY: Cache =
        Cache { free: List::EMPTY, spare: List::EMPTY, bump: ptr::null_mut(), bump_end: ptr::null_mut(), owner: None };

    #[inline]
    fn alloc(&mut self, slab: &'static Slab) -> NonNull<u8> {
        if self.free.len == 0 {
            self.refill(slab);
        }
        if let Some(head) = NonNull::new(self.free.head) {
            // SAFETY: a block on this thread's list is free and owned here;
            // its first word is the link written when it was freed.
            self.free.head = unsafe { (*head.as_ptr()).next };
            self.free.len -= 1;
            return head.cast();
        }
        if self.bump.is_null() || (self.bump_end as usize) - (self.bump as usize) < slab.size {
            let (start, end) = REGIONS.carve(CHUNK_BYTES.max(slab.size));
            self.bump = start.as_ptr();
            self.bump_end = end;
        }
        let block = self.bump;
        // SAFETY: at least `slab.size` bytes remain in the chunk (checked or
        // just carved), so the new cursor stays within it or one past it.
        self.bump = unsafe { block.add(slab.size) };
        // SAFETY: the chunk's start is not null, nor anything after it.
        unsafe { NonNull::new_unchecked(block) }
    }

    /// Fills an empty `free` list from `spare` or the shared pool.
    fn refill(&mut self, slab: &'static Slab) {
        if self.spare.len > 0 {
            self.free = std::mem::replace(&mut self.spare, List::EMPTY);
        } else if let Some(batch) = slab.take_batch() {
            self.free = batch;
            self.owner = Some(slab);
        }
    }

    /// # Safety
    ///
    /// `block` is a free block of `slab`, owned by the caller.
    #[inline]
    unsafe fn free(&mut self, slab: &'static Slab, block: *mut Free) {
        if self.free.len == BATCH {
            let full = std::mem::replace(&mut self.free, List::EMPTY);
            let older = std::mem::replace(&mut self.spare, full);
            if older.len > 0 {
                slab.give_batch(older);
            }
        }
        // SAFETY: the block is unused and 8-byte aligned (the caller's
        // contract), so its first word may hold the link.
        unsafe { (*block).next = self.free.head };
        self.free.head = block;
        self.free.len += 1;
        self.owner = Some(slab);
    }

    /// Gives every free block to the shared pool (the thread is exiting).
    /// Fresh blocks left in the chunk are abandoned.
    fn flush(&mut self) {
        let Some(slab) = self.owner else {
            return;
        };
        for list in [std::mem::replace(&mut self.free, List::EMPTY), std::mem::replace(&mut self.spare, List::EMPTY)] {
            if list.len > 0 {
                slab.give_batch(list);
            }
        }
    }
}

/// A thread's caches, one per slab (by [`Slab`]'s `id`).
struct Caches(UnsafeCell<[Cache; MAX_SLABS]>);

impl Drop for Caches {
    fn drop(&mut self) {
        for cache in self.0.get_mut() {
            cache.flush();
        }
    }
}

thread_local! {
    static CACHES: Caches = const { Caches(UnsafeCell::new([Cache::EMPTY; MAX_SLABS])) };
}

/// The cache index of each slab of the VM: the slabs themselves live with
/// what they hold.
pub mod ids {
    /// Process cells (`process::table::CELLS`).
    pub const CELLS: usize = 0;
    /// First heaps (`memory::heap::FIRST_HEAPS`).
    pub const FIRST_HEAPS: usize = 1;
    /// Inbox and mailbox nodes (`process::inbox::NODES`).
    pub const NODES: usize = 2;
    /// The slab of this module's own tests.
    #[cfg(test)]
    pub(super) const TEST: usize = 3;
}

/// Where fresh blocks come from: regions mapped from the system, never
/// unmapped, carved in order.
///
/// Once [`REGIONS_BEFORE_AHEAD`] regions are in use, the next region is
/// mapped and made resident ahead of use by a helper thread
/// (`MADV_POPULATE_WRITE`): first touches of fresh memory are most of the
/// cost of spawning millions of processes (the kernel zeroes every page,
/// and on a virtual machine the host backs it too), and this way the helper
/// pays them while the schedulers run. A program with fewer processes
/// never starts a helper, and so never holds a region resident before it
/// needs it.
struct Regions {
    current: Mutex<RegionState>,
}

struct RegionState {
    /// The uncarved rest of the current region, as (next, end) addresses.
    next: usize,
    end: usize,
    /// Regions mapped so far.
    mapped: usize,
    /// The helper preparing the next region; it returns its start address.
    ahead: Option<std::thread::JoinHandle<usize>>,
}

/// How many regions must be in use before the next is made resident ahead
/// (64 MiB: about 200,000 processes).
const REGIONS_BEFORE_AHEAD: usize = 4;

static REGIONS: Regions = Regions { current: Mutex::new(RegionState { next: 0, end: 0, mapped: 0, ahead: None }) };

/// The bytes carved from regions so far, by every slab.
static CARVED_BYTES: AtomicUsize = AtomicUsize::new(0);

/// How many bytes the slabs have carved from regions so far: every block
/// they hold, in use or free, and the uncarved rest of each thread's
/// current chunk. It grows only when a thread finds no freed block to
/// reuse, so over a run that frees what it makes it levels off; a leak of
/// blocks makes it grow with every block leaked. It counts the slabs' own
/// memory, whatever the system allocator does.
pub fn carved_bytes() -> usize {
    CARVED_BYTES.load(Ordering::Relaxed)
}

impl Regions {
    /// `bytes` (a multiple of 8, at most a region) of fresh, zeroed memory;
    /// returns its start and end.
    fn carve(&self, bytes: usize) -> (NonNull<u8>, *mut u8) {
        assert!(bytes <= REGION_BYTES && bytes.is_multiple_of(8));
        let mut state = self.current.lock().unwrap_or_else(|p| p.into_inner());
        if state.end - state.next < bytes {
            let start = match state.ahead.take() {
                // A helper that panicked (it cannot, short of a failed
                // mapping) leaves the mapping to this thread.
                Some(helper) => helper.join().unwrap_or_else(|_| map_region(false)),
                None => map_region(false),
            };
            (state.next, state.end) = (start, start + REGION_BYTES);
            state.mapped += 1;
            if state.mapped >= REGIONS_BEFORE_AHEAD {
                state.ahead =
                    std::thread::Builder::new().name("region ahead".to_string()).spawn(|| map_region(true)).ok();
            }
        }
        let next = state.next;
        state.next += bytes;
        CARVED_BYTES.fetch_add(bytes, Ordering::Relaxed);
        // A region is a live mapping that is never unmapped, and `next` lies
        // in it, so the pointers made from these addresses may be used for
        // the bytes carved (exposed provenance: see `map_region`).
        let start = ptr::with_exposed_provenance_mut::<u8>(next);
        let carved_end = ptr::with_exposed_provenance_mut::<u8>(next + bytes);
        (NonNull::new(start).expect("a region is not at address 0"), carved_end)
    }
}

/// Maps a fresh region, advises it for huge pages and, with `populate`,
/// makes it resident; returns its address. The mapping is never unmapped.
fn map_region(populate: bool) -> usize {
    let mut map =
        memmap2::MmapOptions::new().len(REGION_BYTES).no_reserve_swap().map_anon().expect("map memory for processes");
    // Both are optimisations: a kernel without them still works, faulting
    // pages in as they are first used.
    let _ = map.advise(memmap2::Advice::HugePage);
    if populate {
        let _ = map.advise(memmap2::Advice::PopulateWrite);
    }
    let start = map.as_mut_ptr();
    // The mapping lives as long as the program: its pointers are handed out
    // as plain addresses, so their provenance is exposed.
    let address = start.expose_provenance();
    std::mem::forget(map);
    address
}

#[cfg(test)]
mod tests {
    //! The slab under stress: threads allocating, writing, handing blocks
    //! to each other and freeing them, checking that no block is ever given
    //! to two owners at once.

    use super::*;
    use std::collections::HashSet;
    use std::sync::mpsc;

    static TEST_SLAB: Slab = Slab::new(ids::TEST, 40);

    fn stamp(block: NonNull<u8>, value: u64) {
        // SAFETY: the block is 40 bytes, 8-aligned, owned by the caller.
        unsafe {
            for i in 0..5 {
                block.as_ptr().cast::<u64>().add(i).write(value ^ i as u64);
            }
        }
    }

    fn check(block: NonNull<u8>, value: u64) {
        for i in 0..5 {
            // SAFETY: as in `stamp`.
            let word = unsafe { block.as_ptr().cast::<u64>().add(i).read() };
            assert_eq!(word, value ^ i as u64, "a live block was overwritten");
        }
    }

    #[test]
    fn blocks_are_distinct_aligned_and_reused() {
        let blocks: Vec<NonNull<u8>> = (0..3 * BATCH).map(|_| TEST_SLAB.alloc()).collect();
        let addresses: HashSet<usize> = blocks.iter().map(|b| b.as_ptr() as usize).collect();
        assert_eq!(addresses.len(), blocks.len());
        assert!(addresses.iter().all(|a| a % 8 == 0));
        for (i, &block) in blocks.iter().enumerate() {
            stamp(block, i as u64);
        }
        for (i, &block) in blocks.iter().enumerate() {
            check(block, i as u64);
        }
        for &block in &blocks {
            // SAFETY: from this slab, freed once, not used again.
            unsafe { TEST_SLAB.free(block) };
        }
        let again: HashSet<usize> = (0..BATCH).map(|_| TEST_SLAB.alloc().as_ptr() as usize).collect();
        assert!(again.is_subset(&addresses), "freed blocks are used again first");
    }

    /// Four threads pass blocks around in a ring of channels: each frees
    /// what it is handed (often made on another thread) and makes new
    /// ones, with bursts long enough to move batches through the pool.
    #[test]
    fn blocks_move_between_threads_without_double_ownership() {
        const THREADS: usize = 4;
        const STEPS: usize = 60_000;
        let (senders, receivers): (Vec<_>, Vec<_>) = (0..THREADS).map(|_| mpsc::channel::<(usize, u64)>()).unzip();
        let handles: Vec<_> = receivers
            .into_iter()
            .enumerate()
            .map(|(thread, inbox)| {
                let next = senders[(thread + 1) % THREADS].clone();
                std::thread::spawn(move || {
                    let mut held: Vec<(NonNull<u8>, u64)> = Vec::new();
                    let unwrap = |held: Vec<(NonNull<u8>, u64)>| -> Vec<(usize, u64)> {
                        held.into_iter().map(|(block, value)| (block.as_ptr() as usize, value)).collect()
                    };
                    let mut seed = thread as u64 * 0x9E37_79B9 + 1;
                    for step in 0..STEPS {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        while let Ok((address, value)) = inbox.try_recv() {
                            let block = NonNull::new(address as *mut u8).unwrap();
                            check(block, value);
                            held.push((block, value));
                        }
                        if !seed.is_multiple_of(3) || held.is_empty() {
                            let burst = if seed.is_multiple_of(97) { 3 * BATCH } else { 1 };
                            for _ in 0..burst {
                                let block = TEST_SLAB.alloc();
                                let value = seed ^ step as u64;
                                stamp(block, value);
                                held.push((block, value));
                            }
                        }
                        if seed.is_multiple_of(5) {
                            if let Some((block, value)) = held.pop() {
                                let _ = next.send((block.as_ptr() as usize, value));
                            }
                        }
                        let frees =
                            if held.len() > 4 * BATCH { held.len() / 2 } else { usize::from(seed.is_multiple_of(2)) };
                        for _ in 0..frees.min(held.len()) {
                            let (block, value) = held.swap_remove((seed as usize) % held.len());
                            check(block, value);
                            // SAFETY: owned here, freed once.
                            unsafe { TEST_SLAB.free(block) };
                        }
                    }
                    unwrap(held)
                })
            })
            .collect();
        drop(senders);
        // Every thread ends before any block is freed here: a block freed
        // now could be handed to a thread still running.
        let survivors: Vec<(usize, u64)> = handles.into_iter().flat_map(|handle| handle.join().unwrap()).collect();
        let mut all = HashSet::new();
        for &(address, value) in &survivors {
            check(NonNull::new(address as *mut u8).unwrap(), value);
            assert!(all.insert(address), "a block held twice");
        }
        for (address, _) in survivors {
            // SAFETY: owned here, freed once.
            unsafe { TEST_SLAB.free(NonNull::new(address as *mut u8).unwrap()) };
        }
    }
}
