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
//! resident ahead of use. Each thread carves from its own chunk of a
//! region, so blocks made on one thread lie together, and a chunk holds
//! blocks of one slab only.
//!
//! A freed block is kept for the next object of its size, and memory goes
//! back to the system only when it has sat unused: once a program has
//! mapped a few regions, a helper thread looks at the shared pools every
//! [`RELEASE_TICK`], and when free blocks have waited there through a whole
//! tick untouched, it gives back every chunk whose blocks are all free
//! (`MADV_DONTNEED`) and keeps the chunk to carve again ([`trim`]). A VM
//! that ran 20,000,000 processes and went idle so returns what they held,
//! and spawning again faults the same pages back in, as spawning into a
//! fresh region does. (Under Miri, which cannot map memory, every block
//! comes from the global allocator instead.)
//!
//! Threads: every function may be called from any thread; a block may be
//! freed on any thread, once.

use std::cell::UnsafeCell;
use std::collections::{HashMap, HashSet};
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// How many slabs there may be: each thread keeps one cache per slab.
const MAX_SLABS: usize = 6;

/// The bytes a region mapped from the system holds.
pub const REGION_BYTES: usize = 16 << 20;

/// The alignment of a region: a huge page's, so that every 2 MiB of it can
/// be one.
const REGION_ALIGN: usize = 2 << 20;

/// The bytes a thread takes from a region at a time to carve blocks from;
/// chunks are aligned to their size, so a block's chunk is its address
/// rounded down, and a chunk is what goes back to the system.
const CHUNK_BYTES: usize = 256 << 10;

const _: () = assert!(REGION_BYTES.is_multiple_of(REGION_ALIGN) && REGION_ALIGN.is_multiple_of(CHUNK_BYTES));

/// How often the releasing helper looks at the pools.
pub const RELEASE_TICK: Duration = Duration::from_secs(1);

/// The free bytes the pools must hold, all slabs together, before the
/// helper trims them: a program churning through a few thousand
/// processes keeps its blocks.
const RELEASE_MIN_BYTES: usize = 8 << 20;

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
    /// How many batches threads have taken from `pool`: while it does not
    /// move, the pooled blocks sit unused, and may be trimmed.
    takes: AtomicUsize,
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
        Slab { id, size, pool: Mutex::new(Vec::new()), pooled: AtomicUsize::new(0), takes: AtomicUsize::new(0) }
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
    fn give_batch(&'static self, list: List) {
        // A slab with pooled blocks is one the releasing helper must see.
        SLABS[self.id].store(ptr::from_ref(self).cast_mut(), Ordering::Release);
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
        self.takes.fetch_add(1, Ordering::Relaxed);
        batch
    }

    /// The bytes of the free blocks in the shared pool (a hint: batches
    /// move in and out under the lock).
    fn pooled_bytes(&self) -> usize {
        self.pooled.load(Ordering::Relaxed) * BATCH * self.size
    }

    /// Gives back to the system every chunk of this slab whose blocks are
    /// all in the shared pool, and keeps the rest of the pool; returns the
    /// bytes given back. Blocks in threads' own lists, and the chunks they
    /// lie in, are not touched.
    fn trim(&'static self) -> usize {
        let batches = {
            let mut pool = self.pool.lock().unwrap_or_else(|p| p.into_inner());
            self.pooled.store(0, Ordering::Relaxed);
            std::mem::take(&mut *pool)
        };
        if batches.is_empty() {
            return 0;
        }
        // Every block of these lists is free and, out of the pool, owned
        // here: no other thread reads or writes it until it is pooled again.
        let mut per_chunk: HashMap<usize, usize> = HashMap::new();
        for list in &batches {
            for_each_block(*list, |block| *per_chunk.entry(chunk_of(block)).or_default() += 1);
        }
        let blocks_in_chunk = CHUNK_BYTES / self.size;
        let stray = REGIONS.state().stray_chunks.clone();
        let empty: HashSet<usize> = per_chunk
            .into_iter()
            .filter(|&(chunk, free)| free == blocks_in_chunk && !stray.contains(&chunk))
            .map(|(chunk, _)| chunk)
            .collect();
        let mut kept = List::EMPTY;
        for list in batches {
            for_each_block(list, |block| {
                if !empty.contains(&chunk_of(block)) {
                    // SAFETY: the block is free and owned here; its link
                    // was read before this closure ran.
                    unsafe { (*block).next = kept.head };
                    kept.head = block;
                    kept.len += 1;
                    if kept.len == BATCH {
                        self.give_batch(std::mem::replace(&mut kept, List::EMPTY));
                    }
                }
            });
        }
        if kept.len > 0 {
            self.give_batch(kept);
        }
        let mut chunks: Vec<usize> = empty.into_iter().collect();
        chunks.sort_unstable();
        REGIONS.release(&chunks);
        chunks.len() * CHUNK_BYTES
    }

    /// A block from the pool or a region, for a thread without caches.
    fn alloc_unpooled(&'static self) -> NonNull<u8> {
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
        REGIONS.stray(self.size)
    }
}

/// Calls `each` on every block of `list`, reading a block's link before
/// the call, which may relink it.
fn for_each_block(list: List, mut each: impl FnMut(*mut Free)) {
    let mut block = list.head;
    for _ in 0..list.len {
        // SAFETY: a list's `len` blocks are free blocks owned by the caller,
        // each linking to the next.
        let next = unsafe { (*block).next };
        each(block);
        block = next;
    }
}

/// The chunk a block lies in.
fn chunk_of(block: *mut Free) -> usize {
    block.addr() & !(CHUNK_BYTES - 1)
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
            let (start, end) = REGIONS.chunk();
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
    /// The slab of the trimming test, which no other test touches.
    #[cfg(test)]
    pub(super) const TRIM_TEST: usize = 4;
    /// The slab of the trimming stress test.
    #[cfg(test)]
    pub(super) const TRIM_STRESS: usize = 5;
}

/// Every slab that has pooled a batch, by id: what the releasing helper
/// looks at.
static SLABS: [AtomicPtr<Slab>; MAX_SLABS] = [const { AtomicPtr::new(ptr::null_mut()) }; MAX_SLABS];

/// The slabs that have pooled a batch.
fn registered_slabs() -> impl Iterator<Item = &'static Slab> {
    // SAFETY: only pointers to `'static` slabs are stored (`give_batch`).
    SLABS.iter().filter_map(|slab| unsafe { slab.load(Ordering::Acquire).as_ref() })
}

/// Gives back to the system every chunk whose blocks are all free in a
/// shared pool, in every slab, now, and trims the C library's arenas if
/// anything went; returns the bytes given back. The releasing helper's
/// work once the pools sit unused.
fn trim() -> usize {
    let released = registered_slabs().map(Slab::trim).sum();
    if released > 0 {
        trim_system_allocator();
    }
    released
}

/// Asks the C library's allocator to give back the free pages in the
/// middle of its arenas (heaps that grew past their first block, and
/// message fragments, come from it).
fn trim_system_allocator() {
    #[cfg(all(target_os = "linux", target_env = "gnu", not(miri)))]
    // SAFETY: `malloc_trim` only walks the allocator's own free lists,
    // under its own locks.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The releasing helper: every [`RELEASE_TICK`], trims the slabs if no
/// thread took a batch from any pool since the last look and the pools
/// hold at least [`RELEASE_MIN_BYTES`].
fn release_when_unused() {
    let mut last_takes = [usize::MAX; MAX_SLABS];
    loop {
        std::thread::sleep(RELEASE_TICK);
        let mut unused = true;
        let mut pooled = 0;
        for slab in registered_slabs() {
            let takes = slab.takes.load(Ordering::Relaxed);
            unused &= takes == last_takes[slab.id];
            last_takes[slab.id] = takes;
            pooled += slab.pooled_bytes();
        }
        if unused && pooled >= RELEASE_MIN_BYTES {
            trim();
        }
    }
}

/// Where fresh blocks come from: regions mapped from the system, never
/// unmapped, cut into chunks in order; and the chunks given back to the
/// system, cut again first.
///
/// Once [`REGIONS_BEFORE_AHEAD`] regions are in use, the next region is
/// mapped and made resident ahead of use by a helper thread
/// (`MADV_POPULATE_WRITE`): first touches of fresh memory are most of the
/// cost of spawning millions of processes (the kernel zeroes every page,
/// and on a virtual machine the host backs it too), and this way the helper
/// pays them while the schedulers run. A program with fewer processes
/// never starts a helper, and so never holds a region resident before it
/// needs it. The releasing helper starts at the same point.
struct Regions {
    current: Mutex<RegionState>,
}

struct RegionState {
    /// The uncut rest of the current region, as (next, end) addresses.
    next: usize,
    end: usize,
    /// Regions mapped so far.
    mapped: usize,
    /// The helper preparing the next region; it returns its start address.
    ahead: Option<std::thread::JoinHandle<usize>>,
    /// Chunks given back to the system, highest address first: the next
    /// chunk is the lowest, so that what is in use stays together.
    released: Vec<usize>,
    /// The uncarved rest of the chunk that threads without caches carve
    /// single blocks from, as (next, end) addresses.
    stray_next: usize,
    stray_end: usize,
    /// Every chunk single blocks were carved from: its blocks may belong
    /// to any slab, so it is never given back.
    stray_chunks: Vec<usize>,
    /// The helper making the next released chunks resident.
    populating: Option<std::thread::JoinHandle<()>>,
}

/// How many released chunks a helper makes resident at a time (16 MiB, a
/// region's worth); a new helper starts when half of them are cut.
const AHEAD_CHUNKS: usize = REGION_BYTES / CHUNK_BYTES;

/// Makes `chunks` resident (they are released chunks, which any thread
/// may be cutting and using meanwhile: populating pages changes no
/// contents).
fn populate(chunks: &[usize]) {
    for &chunk in chunks {
        // SAFETY: a chunk of a live mapping; the advice changes no contents.
        unsafe { libc::madvise(ptr::with_exposed_provenance_mut(chunk), CHUNK_BYTES, libc::MADV_POPULATE_WRITE) };
    }
}

/// How many regions must be in use before the next is made resident ahead
/// (64 MiB: about 200,000 processes).
const REGIONS_BEFORE_AHEAD: usize = 4;

static REGIONS: Regions = Regions {
    current: Mutex::new(RegionState {
        next: 0,
        end: 0,
        mapped: 0,
        ahead: None,
        released: Vec::new(),
        stray_next: 0,
        stray_end: 0,
        stray_chunks: Vec::new(),
        populating: None,
    }),
};

/// The bytes cut from regions so far, by every slab, counting a chunk
/// again each time it is cut after being given back.
static CARVED_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The bytes given back to the system so far.
static RELEASED_BYTES: AtomicUsize = AtomicUsize::new(0);

/// How many bytes the slabs have carved from regions so far: every block
/// they hold, in use or free, and the uncarved rest of each thread's
/// current chunk. It grows only when a thread finds no freed block to
/// reuse, so over a run that frees what it makes it levels off; a leak of
/// blocks makes it grow with every block leaked. It counts the slabs' own
/// memory, whatever the system allocator does.
pub fn carved_bytes() -> usize {
    CARVED_BYTES.load(Ordering::Relaxed)
}

/// How many bytes the slabs have given back to the system so far.
pub fn released_bytes() -> usize {
    RELEASED_BYTES.load(Ordering::Relaxed)
}

/// How many bytes the slabs hold now: carved and not given back.
pub fn held_bytes() -> usize {
    // The release is counted after the chunks leave, the carve before they
    // are used, so the difference cannot go below zero but for a moment
    // between the two loads; saturate then.
    carved_bytes().saturating_sub(released_bytes())
}

impl Regions {
    fn state(&self) -> std::sync::MutexGuard<'_, RegionState> {
        self.current.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// A chunk of [`CHUNK_BYTES`] for one thread's blocks of one slab,
    /// aligned to its size; returns its start and end.
    fn chunk(&self) -> (NonNull<u8>, *mut u8) {
        let start = self.chunk_locked(&mut self.state());
        // A region is a live mapping that is never unmapped, and the chunk
        // lies in it, so pointers made from these addresses may be used
        // for its bytes (exposed provenance: see `map_region`).
        let end = ptr::with_exposed_provenance_mut::<u8>(start + CHUNK_BYTES);
        (NonNull::new(ptr::with_exposed_provenance_mut(start)).expect("a region is not at address 0"), end)
    }

    fn chunk_locked(&self, state: &mut RegionState) -> usize {
        CARVED_BYTES.fetch_add(CHUNK_BYTES, Ordering::Relaxed);
        if let Some(chunk) = state.released.pop() {
            // Released chunks are made resident ahead of use as fresh
            // regions are, a batch at a time, so that spawning again after
            // memory went back is as fast as spawning was.
            if state.released.len().is_multiple_of(AHEAD_CHUNKS / 2)
                && state.populating.as_ref().is_none_or(|helper| helper.is_finished())
            {
                let next: Vec<usize> = state.released.iter().rev().take(AHEAD_CHUNKS).copied().collect();
                state.populating =
                    std::thread::Builder::new().name("chunks ahead".to_string()).spawn(move || populate(&next)).ok();
            }
            return chunk;
        }
        if state.end - state.next < CHUNK_BYTES {
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
            if state.mapped == REGIONS_BEFORE_AHEAD {
                // Without the helper, memory still works; it only stays.
                let _ = std::thread::Builder::new().name("memory release".to_string()).spawn(release_when_unused);
            }
        }
        let chunk = state.next;
        state.next += CHUNK_BYTES;
        chunk
    }

    /// A single block of `size` bytes, for a thread whose caches are gone.
    fn stray(&self, size: usize) -> NonNull<u8> {
        let mut state = self.state();
        if state.stray_end - state.stray_next < size {
            let chunk = self.chunk_locked(&mut state);
            state.stray_chunks.push(chunk);
            (state.stray_next, state.stray_end) = (chunk, chunk + CHUNK_BYTES);
        }
        let block = state.stray_next;
        state.stray_next += size;
        // As in `chunk`.
        NonNull::new(ptr::with_exposed_provenance_mut(block)).expect("a region is not at address 0")
    }

    /// Gives `chunks` (sorted, all of their blocks free and owned by the
    /// caller) back to the system, and keeps them to cut again.
    fn release(&self, chunks: &[usize]) {
        let mut first = 0;
        while first < chunks.len() {
            let mut last = first;
            while last + 1 < chunks.len() && chunks[last + 1] == chunks[last] + CHUNK_BYTES {
                last += 1;
            }
            let bytes = (last - first + 1) * CHUNK_BYTES;
            // SAFETY: the range is whole chunks of a live private anonymous
            // mapping, page aligned, and nothing uses their bytes (every
            // block in them is free and owned by the caller): after this
            // they read as zeroes, which is all a fresh chunk promises.
            // Failing is harmless: the pages stay resident.
            unsafe {
                libc::madvise(ptr::with_exposed_provenance_mut(chunks[first]), bytes, libc::MADV_DONTNEED);
            }
            first = last + 1;
        }
        RELEASED_BYTES.fetch_add(chunks.len() * CHUNK_BYTES, Ordering::Relaxed);
        let mut state = self.state();
        state.released.extend_from_slice(chunks);
        // Regions made resident ahead hold pages nothing has used yet: the
        // uncut rest of the current one, and the next one once its helper
        // is done. They go back too, and are cut later as released chunks
        // (not counted as carved until then).
        if state.end > state.next {
            let (next, end) = (state.next, state.end);
            // SAFETY: the uncut rest of the current region: whole chunks of
            // a live private anonymous mapping that no block lies in.
            unsafe { libc::madvise(ptr::with_exposed_provenance_mut(next), end - next, libc::MADV_DONTNEED) };
            state.released.extend((next..end).step_by(CHUNK_BYTES));
            state.next = end;
        }
        if state.ahead.as_ref().is_some_and(|helper| helper.is_finished()) {
            if let Some(Ok(start)) = state.ahead.take().map(|helper| helper.join()) {
                // SAFETY: a whole region, mapped and never cut.
                unsafe { libc::madvise(ptr::with_exposed_provenance_mut(start), REGION_BYTES, libc::MADV_DONTNEED) };
                state.released.extend((start..start + REGION_BYTES).step_by(CHUNK_BYTES));
                state.mapped += 1;
            }
        }
        state.released.sort_unstable_by(|a, b| b.cmp(a));
    }
}

/// Maps a fresh region, aligned to [`REGION_ALIGN`], advises it for huge
/// pages and, with `populate`, makes it resident; returns its address. The
/// mapping is never unmapped.
fn map_region(populate: bool) -> usize {
    // Mapped with room to align: the unused ends are never touched, so they
    // cost address space only.
    let mut map = memmap2::MmapOptions::new()
        .len(REGION_BYTES + REGION_ALIGN)
        .no_reserve_swap()
        .map_anon()
        .expect("map memory for processes");
    let offset = map.as_ptr().addr().next_multiple_of(REGION_ALIGN) - map.as_ptr().addr();
    let region = &mut map[offset..offset + REGION_BYTES];
    // Both are optimisations: a kernel without them still works, faulting
    // pages in as they are first used.
    let start = region.as_mut_ptr();
    // SAFETY: the range lies in the live mapping; advice changes no contents.
    unsafe {
        libc::madvise(start.cast(), REGION_BYTES, libc::MADV_HUGEPAGE);
        if populate {
            libc::madvise(start.cast(), REGION_BYTES, libc::MADV_POPULATE_WRITE);
        }
    }
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

    /// Four threads pass blocks of `slab` around in a ring of channels:
    /// each frees what it is handed (often made on another thread) and
    /// makes new ones, with bursts long enough to move batches through the
    /// pool. With `trimming`, another thread trims the pool meanwhile.
    #[test]
    fn blocks_move_between_threads_without_double_ownership() {
        pass_blocks_around(&TEST_SLAB, false);
    }

    /// As above, while the pool is trimmed: blocks of 4 KiB, so that
    /// chunks fill and empty often; then threads that make and free
    /// whole chunks' worth of blocks at a time, so that the trimmer gives
    /// chunks back while they cut them again.
    #[test]
    fn blocks_move_between_threads_while_the_pool_is_trimmed() {
        static PAGES: Slab = Slab::new(ids::TRIM_STRESS, 4096);
        pass_blocks_around(&PAGES, true);
        // The workers go on until the trimmer has given something back
        // (on a loaded machine it may not run for a while), within limits.
        let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let released = std::sync::Arc::new(AtomicUsize::new(0));
        let trimmer = {
            let (running, released) = (running.clone(), released.clone());
            std::thread::spawn(move || {
                while running.load(Ordering::Relaxed) {
                    released.fetch_add(PAGES.trim(), Ordering::Relaxed);
                    std::thread::yield_now();
                }
            })
        };
        let workers: Vec<_> = (0..3u64)
            .map(|thread| {
                let released = released.clone();
                std::thread::spawn(move || {
                    for round in 0..100_000u64 {
                        if round >= 200 && released.load(Ordering::Relaxed) > 0 {
                            break;
                        }
                        let mut blocks: Vec<NonNull<u8>> = (0..3 * BATCH).map(|_| PAGES.alloc()).collect();
                        let value = (thread << 32) | round;
                        blocks.iter().for_each(|&block| stamp(block, value ^ block.as_ptr() as u64));
                        blocks.iter().for_each(|&block| check(block, value ^ block.as_ptr() as u64));
                        blocks.sort_unstable_by_key(|block| block.as_ptr() as usize);
                        for block in blocks {
                            // SAFETY: owned here, freed once.
                            unsafe { PAGES.free(block) };
                        }
                    }
                })
            })
            .collect();
        workers.into_iter().for_each(|worker| worker.join().unwrap());
        running.store(false, Ordering::Relaxed);
        trimmer.join().unwrap();
        assert!(released.load(Ordering::Relaxed) > 0, "the trimmer gave nothing back: the test tests nothing");
    }

    fn pass_blocks_around(slab: &'static Slab, trimming: bool) {
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
                                let block = slab.alloc();
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
                        // Now and then everything goes, in address order,
                        // so that whole chunks are free in the pool for the
                        // trimmer.
                        let frees = if step % 5_000 == 4_999 {
                            held.sort_unstable_by_key(|&(block, _)| std::cmp::Reverse(block));
                            held.len()
                        } else if held.len() > 4 * BATCH {
                            held.len() / 2
                        } else {
                            usize::from(seed.is_multiple_of(2))
                        };
                        let everything = frees == held.len();
                        for _ in 0..frees.min(held.len()) {
                            let (block, value) = if everything {
                                held.pop().expect("one left")
                            } else {
                                held.swap_remove((seed as usize) % held.len())
                            };
                            check(block, value);
                            // SAFETY: owned here, freed once.
                            unsafe { slab.free(block) };
                        }
                    }
                    unwrap(held)
                })
            })
            .collect();
        drop(senders);
        // Meanwhile the pool is trimmed again and again: a block in use
        // given back to the system would read as zeroes, which `check`
        // catches.
        let running = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(trimming));
        let trimmer = {
            let running = running.clone();
            std::thread::spawn(move || {
                while running.load(Ordering::Relaxed) {
                    slab.trim();
                    std::thread::yield_now();
                }
            })
        };
        // Every thread ends before any block is freed here: a block freed
        // now could be handed to a thread still running.
        let survivors: Vec<(usize, u64)> = handles.into_iter().flat_map(|handle| handle.join().unwrap()).collect();
        running.store(false, Ordering::Relaxed);
        trimmer.join().unwrap();
        let mut all = HashSet::new();
        for &(address, value) in &survivors {
            check(NonNull::new(address as *mut u8).unwrap(), value);
            assert!(all.insert(address), "a block held twice");
        }
        for (address, _) in survivors {
            // SAFETY: owned here, freed once.
            unsafe { slab.free(NonNull::new(address as *mut u8).unwrap()) };
        }
    }

    /// Chunks whose blocks are all free in the pool go back to the system
    /// and are cut again; blocks in a chunk that still has a block in use
    /// stay pooled, and the block in use keeps its contents.
    #[test]
    fn empty_chunks_go_back_and_are_cut_again() {
        static TRIM_SLAB: Slab = Slab::new(ids::TRIM_TEST, 64);
        let per_chunk = CHUNK_BYTES / 64;
        // Blocks made by another thread, so that its exit pools every one
        // this thread does not keep, and none stays in a thread's lists.
        let (kept, freed): (Vec<usize>, Vec<usize>) = std::thread::spawn(move || {
            let blocks: Vec<NonNull<u8>> = (0..8 * per_chunk).map(|_| TRIM_SLAB.alloc()).collect();
            for (i, block) in blocks.iter().enumerate() {
                // SAFETY: 64 bytes, 8-aligned, owned here.
                unsafe { block.as_ptr().cast::<u64>().write(i as u64 + 1) };
            }
            // One block kept in use, in the middle of the fourth chunk the
            // thread cut (a chunk's blocks lie together).
            let keep = 3 * per_chunk + per_chunk / 2;
            let mut kept = Vec::new();
            let mut freed = Vec::new();
            for (i, block) in blocks.into_iter().enumerate() {
                if i == keep {
                    kept.push(block.as_ptr() as usize);
                } else {
                    freed.push(block.as_ptr() as usize);
                    // SAFETY: from this slab, freed once, not used again.
                    unsafe { TRIM_SLAB.free(block) };
                }
            }
            (kept, freed)
        })
        .join()
        .unwrap();
        let released_before = released_bytes();
        let released = TRIM_SLAB.trim();
        // The thread cut eight chunks of its own, each to its end; all but
        // the one holding the kept block go back.
        assert_eq!(released, 7 * CHUNK_BYTES);
        assert!(released_bytes() >= released_before + released);
        // SAFETY: the kept block is still owned and was written above.
        let value = unsafe { (kept[0] as *const u64).read() };
        assert_eq!(value, (3 * per_chunk + per_chunk / 2) as u64 + 1, "the block in use kept its contents");
        let kept_chunk = chunk_of(kept[0] as *mut Free);
        // The pool still holds the free blocks of the kept block's chunk.
        let pooled: HashSet<usize> = {
            let pool = TRIM_SLAB.pool.lock().unwrap();
            let mut all = HashSet::new();
            for list in pool.iter() {
                for_each_block(*list, |block| {
                    all.insert(block as usize);
                });
            }
            all
        };
        let same_chunk = freed.iter().filter(|&&block| chunk_of(block as *mut Free) == kept_chunk).count();
        assert_eq!(same_chunk, per_chunk - 1);
        assert!(freed.iter().filter(|&&block| chunk_of(block as *mut Free) == kept_chunk).all(|b| pooled.contains(b)));
        // Blocks cut from released chunks are usable like fresh ones.
        let again: Vec<NonNull<u8>> = (0..4 * per_chunk).map(|_| TRIM_SLAB.alloc()).collect();
        for (i, block) in again.iter().enumerate() {
            // SAFETY: 64 bytes, 8-aligned, owned here.
            unsafe { block.as_ptr().cast::<u64>().write(!(i as u64)) };
        }
        for (i, block) in again.iter().enumerate() {
            // SAFETY: as above.
            assert_eq!(unsafe { block.as_ptr().cast::<u64>().read() }, !(i as u64));
        }
        let distinct: HashSet<usize> = again.iter().map(|block| block.as_ptr() as usize).collect();
        assert_eq!(distinct.len(), again.len());
        assert!(!distinct.contains(&kept[0]));
    }
}
