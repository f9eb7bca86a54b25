//! Every live process, by pid; the shared half of a process; the registry
//! of names.
//!
//! A process has two halves. [`ProcessCell`] is shared: any thread may push
//! to its inbox and wake it. The [`Process`] inside (heap, registers,
//! mailbox, links) is behind a mutex that the scheduler running it holds for
//! the whole time slice; senders never take it (they only touch the inbox and
//! the state word), so a send never waits for the receiver.
//!
//! The state word follows this machine (see `spec/SEMANTICS.md`):
//!
//! ```text
//!            wake (a signal or a timer)
//!   WAITING ───────────────────────────▶ RUNNABLE ──(dequeued)──▶ RUNNING
//!      ▲                                    ▲                        │
//!      └──────────── wait ──────────────────┼──────── yield ─────────┤
//!                                           │                        └── exit ──▶ EXITED
//! ```
//!
//! Only the transition WAITING → RUNNABLE is contended, and it is a
//! compare-and-swap: exactly one waker enqueues the process.

//! # The table
//!
//! A pid names a slot: `<0.Id.Serial>` is slot `Id`, in its generation
//! `Serial`. The table is one array of slots sized by `--max-processes`,
//! reserved up front and made resident only page by page as slots are first
//! used. A slot holds a pointer to its process's cell, or, while free, the
//! generation its next process gets and the next free slot. Ending a
//! process bumps its slot's generation, so a pid that outlives its process
//! never names the slot's next process (until the 32-bit generation wraps,
//! after 4,294,967,296 reuses of one slot).
//!
//! Looking a pid up takes no lock and hashes nothing: load the slot, and
//! compare the pid stored in the cell (which carries the generation) with
//! the one asked for. Free slots form a lock-free stack, taken and given
//! back last in, first out, so a new process reuses the slot whose memory
//! was touched last; its head carries a change count against the ABA
//! problem. Slots never used are handed out in order after the free ones.
//! `live` is counted before a slot is taken and after it is given back, so
//! the slots in use never outnumber the limit.
//!
//! # Reclamation
//!
//! A reader may load a cell's pointer just before the process ends. The
//! cell is therefore freed through the epoch collector of `crossbeam-epoch`:
//! every reader is pinned while it holds a cell reference (the lifetime of
//! [`ProcessTable::lookup`]'s result is its guard's, and [`ProcessRef`]
//! owns its guard), and [`ProcessTable::remove`] first replaces the pointer
//! in the slot with a free word, then defers the free until every thread
//! pinned at that moment has unpinned. A reader that loaded the pointer is
//! one of them, so it never sees the cell freed under it; a reader that
//! loads the slot later finds the free word, or the next process, whose pid
//! differs. Cells live in blocks of the cell slab (`crate::slab::CELLS`),
//! and a freed cell's block is soon another process's cell, which is why
//! the free must wait for the readers. The cell itself has no reference
//! count: the table owns it, and run queues hold a plain [`CellPtr`], valid
//! because a queued process has not ended (see [`CellPtr::get`]).
//!
use crate::process::Process;
use crate::slab::CELLS;
use crate::term::{Atom, Term, PID_ID_BITS};
use crossbeam_epoch::{self as epoch, Guard};
use std::collections::HashMap;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU64, AtomicU8, AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The state of a process, as the scheduler sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum State {
    /// In a run queue, or about to be put in one.
    Runnable = 0,
    /// Being run by a scheduler.
    Running = 1,
    /// Blocked in `receive`, in no run queue.
    Waiting = 2,
    /// Ended; its pid names no process any more.
    Exited = 3,
}

/// The shared half of a process.
pub struct ProcessCell {
    /// The process's pid.
    pub pid: Term,
    /// Signals to the process.
    pub inbox: crate::inbox::Inbox,
    state: AtomicU8,
    process: Mutex<Process>,
}

impl ProcessCell {
    /// A cell for a process that is about to be put in a run queue.
    pub fn new(process: Process) -> ProcessCell {
        ProcessCell {
            pid: process.pid,
            inbox: crate::inbox::Inbox::default(),
            state: AtomicU8::new(State::Runnable as u8),
            process: Mutex::new(process),
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        match self.state.load(Ordering::Acquire) {
            0 => State::Runnable,
            1 => State::Running,
            2 => State::Waiting,
            _ => State::Exited,
        }
    }

    /// Sets the state; only the scheduler that owns the process calls this.
    pub fn set_state(&self, state: State) {
        self.state.store(state as u8, Ordering::SeqCst);
    }

    /// Moves a waiting process to runnable; true for exactly one caller,
    /// which must then put the process in a run queue.
    pub fn try_wake(&self) -> bool {
        self.state
            .compare_exchange(State::Waiting as u8, State::Runnable as u8, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Locks the private half without waiting; `None` while another
    /// thread holds it (the process is running, or being inspected).
    ///
    /// A process that holds its own lock must use this, never [`Self::lock`],
    /// for another process: two processes inspecting each other on two
    /// schedulers would otherwise wait for each other forever.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, Process>> {
        match self.process.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Locks the private half, waiting for it. The scheduler holds it while
    /// running the process. Only callers that hold no process lock may wait.
    pub fn lock(&self) -> MutexGuard<'_, Process> {
        self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// How many low bits of a free slot's word hold the next free slot (plus
/// one); the generation sits above them.
const NEXT_BITS: u32 = 32;

/// The most slots a table has: every slot index must fit a pid's id.
pub const MAX_SLOTS: usize = 1 << PID_ID_BITS;

// A slot word packs a 32-bit generation above a 31-bit link and a tag bit.
const _: () = assert!(usize::BITS == 64, "slot words need 64-bit pointers");

/// The word of a free slot: its generation (the serial its next process
/// gets) and the free slot after it (index plus one; 0 ends the list),
/// tagged with bit 0 so it never looks like an (aligned) cell pointer.
fn free_word(generation: u32, next: u32) -> *mut ProcessCell {
    ptr::without_provenance_mut(((generation as usize) << NEXT_BITS) | ((next as usize) << 1) | 1)
}

/// Whether a slot word names a cell: not null (a slot never used) and not
/// a free word.
fn is_cell(word: *mut ProcessCell) -> bool {
    !word.is_null() && word.addr() & 1 == 0
}

/// The generation a slot word records: a free word's own; 0 for a slot
/// never used.
fn generation_of(word: *mut ProcessCell) -> u32 {
    (word.addr() >> NEXT_BITS) as u32
}

/// The next free slot a free word links to (index plus one; 0: none).
fn next_of(word: *mut ProcessCell) -> u32 {
    ((word.addr() & ((1 << NEXT_BITS) - 1)) >> 1) as u32
}

/// The slot array: `capacity` atomic words, reserved at once and made
/// resident page by page as slots are first used (an anonymous mapping,
/// whose untouched pages cost nothing and read as zero: null, a slot never
/// used). Under Miri, which cannot map memory, a boxed slice.
struct Slots {
    #[cfg(not(miri))]
    map: memmap2::MmapMut,
    #[cfg(miri)]
    boxed: Box<[AtomicPtr<ProcessCell>]>,
    capacity: usize,
}

impl Slots {
    fn new(capacity: usize) -> Slots {
        #[cfg(not(miri))]
        {
            let bytes = capacity * std::mem::size_of::<AtomicPtr<ProcessCell>>();
            let map = memmap2::MmapMut::map_anon(bytes).expect("reserve the process table");
            Slots { map, capacity }
        }
        #[cfg(miri)]
        {
            Slots { boxed: (0..capacity).map(|_| AtomicPtr::new(ptr::null_mut())).collect(), capacity }
        }
    }

    #[inline(always)]
    fn all(&self) -> &[AtomicPtr<ProcessCell>] {
        #[cfg(not(miri))]
        {
            // SAFETY: the mapping is `capacity` pointer-sized words, page
            // aligned (so aligned for `AtomicPtr`), zero-filled (a valid null
            // `AtomicPtr`), and lives as long as `self`; every access after
            // this goes through the atomics, so sharing it is sound.
            unsafe { std::slice::from_raw_parts(self.map.as_ptr().cast::<AtomicPtr<ProcessCell>>(), self.capacity) }
        }
        #[cfg(miri)]
        {
            &self.boxed
        }
    }
}

/// A pointer to a process's cell, as run queues hold it.
///
/// It does not own the cell; the table does. A `CellPtr` may be dereferenced
/// ([`CellPtr::get`]) only while the cell is known not to be retired: a
/// process in a run queue has not ended (only the scheduler running a
/// process ends it, and a queued process is not running), so its cell is
/// still in the table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CellPtr(NonNull<ProcessCell>);

// SAFETY: a `CellPtr` is a plain address; what may be done through it is
// what `&ProcessCell` allows, and `ProcessCell` is `Sync` (asserted below).
unsafe impl Send for CellPtr {}
// SAFETY: as for `Send`.
unsafe impl Sync for CellPtr {}

const _: () = {
    const fn shareable<T: Send + Sync>() {}
    shareable::<ProcessCell>();
};

impl CellPtr {
    /// The pointer to a cell.
    pub fn new(cell: &ProcessCell) -> CellPtr {
        CellPtr(NonNull::from(cell))
    }

    /// The cell, for as long as `guard` keeps this thread pinned.
    ///
    /// # Safety
    ///
    /// The cell must not have been retired (removed from the table) before
    /// `guard` was pinned — for example, because the pointer was just taken
    /// from a run queue, or its process is running on this thread. A cell
    /// retired afterwards stays allocated until `guard` is dropped.
    #[inline(always)]
    pub unsafe fn get(self, _guard: &Guard) -> &ProcessCell {
        // SAFETY: by the contract the cell was live when the guard was
        // pinned, so the table frees it (deferred by epoch) only after the
        // guard is dropped, and the result cannot outlive the guard's borrow.
        unsafe { self.0.as_ref() }
    }
}

/// A live process's cell, found by pid; keeps this thread pinned, so the
/// cell stays allocated while the reference lives. The process may end in
/// the meantime: its state says [`State::Exited`] and its inbox refuses
/// signals.
pub struct ProcessRef {
    cell: NonNull<ProcessCell>,
    _guard: Guard,
}

impl std::ops::Deref for ProcessRef {
    type Target = ProcessCell;

    fn deref(&self) -> &ProcessCell {
        // SAFETY: the cell was in the table when `_guard` was already
        // pinned (see `ProcessTable::lookup`), and the guard lives as long
        // as `self`, so the deferred free cannot have run.
        unsafe { self.cell.as_ref() }
    }
}

/// Every live process, by the id in its pid (see the module doc).
///
/// Threads: every method may be called from any thread.
pub struct ProcessTable {
    /// Read by every lookup, written never: on a cache line of its own
    /// (the table is aligned as [`Counters`] is).
    slots: Slots,
    /// Written by every spawn and every exit.
    counters: Counters,
}

/// The words a spawn or an exit writes, on cache lines of their own, so
/// that writing them does not evict what lookups read (the slot array's
/// address) or whatever the table's neighbours in the VM hold.
#[repr(align(128))]
struct Counters {
    /// The free list's head: the top slot's index plus one (0: empty) in
    /// the low 32 bits, a count of changes to the head above them, so that
    /// a head taken, reused and freed again between a reader's load and its
    /// compare-and-swap does not look unchanged (the ABA problem).
    free_head: AtomicU64,
    /// Slots below this were handed out at least once; slots from here up
    /// were never touched.
    fresh: AtomicU32,
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl Default for ProcessTable {
    fn default() -> ProcessTable {
        ProcessTable::with_capacity(1 << 20)
    }
}

impl ProcessTable {
    /// A table with room for `capacity` processes at once (at least 1, at
    /// most [`MAX_SLOTS`]). It reserves 8 bytes of address space a slot;
    /// memory becomes resident only as slots are used.
    pub fn with_capacity(capacity: usize) -> ProcessTable {
        ProcessTable {
            slots: Slots::new(capacity.clamp(1, MAX_SLOTS)),
            counters: Counters {
                free_head: AtomicU64::new(0),
                fresh: AtomicU32::new(0),
                live: AtomicUsize::new(0),
                peak: AtomicUsize::new(0),
            },
        }
    }

    /// How many processes may be alive at once.
    pub fn capacity(&self) -> usize {
        self.slots.capacity
    }

    /// Adds a process, unless `limit` processes (or as many as the table
    /// holds) are alive already: takes a free slot, makes the pid from its
    /// index and generation, lets `build` make the process for that pid,
    /// and publishes it. Returns the new pid and cell.
    pub fn insert_with(
        &self,
        limit: usize,
        build: impl FnOnce(Term) -> Process,
    ) -> Result<(Term, CellPtr), SystemLimit> {
        let limit = limit.min(self.slots.capacity);
        let live = self.counters.live.fetch_add(1, Ordering::AcqRel) + 1;
        if live > limit {
            self.counters.live.fetch_sub(1, Ordering::AcqRel);
            return Err(SystemLimit);
        }
        if live > self.counters.peak.load(Ordering::Relaxed) {
            self.counters.peak.fetch_max(live, Ordering::Relaxed);
        }
        // Gives the slot back (and the count) if `build` unwinds.
        struct Reserved<'t> {
            table: &'t ProcessTable,
            index: u32,
            generation: u32,
        }
        impl Drop for Reserved<'_> {
            fn drop(&mut self) {
                self.table.push_free(self.index, self.generation.wrapping_add(1));
                self.table.counters.live.fetch_sub(1, Ordering::AcqRel);
            }
        }
        let Some((index, generation)) = self.take_slot() else {
            self.counters.live.fetch_sub(1, Ordering::AcqRel);
            return Err(SystemLimit);
        };
        let reserved = Reserved { table: self, index, generation };
        let pid = Term::pid_of(index, generation);
        let process = ProcessCell::new(build(pid));
        let cell = CELLS.alloc().cast::<ProcessCell>();
        // SAFETY: the block is fresh, and `CELLS` makes blocks the size of
        // a cell, 8-byte aligned as a cell needs (asserted in `slab`).
        unsafe { cell.as_ptr().write(process) };
        std::mem::forget(reserved);
        // Release: a reader that loads the pointer (Acquire) sees the
        // cell fully built.
        self.slots.all()[index as usize].store(cell.as_ptr(), Ordering::Release);
        Ok((pid, CellPtr(cell)))
    }

    /// A slot for a new process and its generation: the most recently
    /// freed one (its memory is likely still in cache), else one never used.
    fn take_slot(&self) -> Option<(u32, u32)> {
        let slots = self.slots.all();
        let mut head = self.counters.free_head.load(Ordering::Acquire);
        loop {
            let top = head as u32;
            if top == 0 {
                break;
            }
            // The word may be stale (the slot taken meanwhile); then the
            // head's change count has moved on and the exchange fails.
            let word = slots[top as usize - 1].load(Ordering::Acquire);
            let next = u64::from(next_of(word)) | ((head >> 32).wrapping_add(1) << 32);
            match self.counters.free_head.compare_exchange_weak(head, next, Ordering::AcqRel, Ordering::Acquire) {
                Ok(_) => {
                    debug_assert!(!is_cell(word) && !word.is_null(), "a free slot holds a free word");
                    return Some((top - 1, generation_of(word)));
                }
                Err(current) => head = current,
            }
        }
        // Never more slots than the limit: a caller counted in `live` and
        // the free list empty means every slot handed out is held by a
        // live (or still counted) process.
        let mut fresh = self.counters.fresh.load(Ordering::Relaxed);
        loop {
            if fresh as usize >= self.slots.capacity {
                return None;
            }
            match self.counters.fresh.compare_exchange_weak(fresh, fresh + 1, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return Some((fresh, 0)),
                Err(current) => fresh = current,
            }
        }
    }

    /// Puts a slot on the free list, recording the generation its next
    /// process gets.
    fn push_free(&self, index: u32, generation: u32) {
        let slot = &self.slots.all()[index as usize];
        let mut head = self.counters.free_head.load(Ordering::Relaxed);
        loop {
            slot.store(free_word(generation, head as u32), Ordering::Relaxed);
            let new = u64::from(index + 1) | ((head >> 32).wrapping_add(1) << 32);
            // Release: a taker that reads the head (Acquire) then reads
            // the free word stored above.
            match self.counters.free_head.compare_exchange_weak(head, new, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => return,
                Err(current) => head = current,
            }
        }
    }

    /// The live cell with this pid, for as long as `guard` is pinned.
    ///
    /// No lock and no hashing: one load of the slot the pid's id names,
    /// and a comparison of the pid the cell holds (which carries the
    /// generation) with the one asked for.
    #[inline]
    pub(crate) fn lookup<'g>(&self, pid: Term, guard: &'g Guard) -> Option<&'g ProcessCell> {
        debug_assert!(guard.collector() == Some(epoch::default_collector()), "pinned by the default collector");
        let (id, _) = pid.pid_id_serial()?;
        let word = self.slots.all().get(id as usize)?.load(Ordering::Acquire);
        if !is_cell(word) {
            return None;
        }
        // SAFETY: the slot held the cell while `guard` was pinned (the
        // load above happened under it). A cell is freed only by `remove`,
        // which first unpublishes it, then defers the free to the epoch
        // collector: the free runs only once every thread pinned before it
        // has unpinned, this one included. The Acquire load pairs with the
        // Release store in `insert_with`, so the cell is fully built.
        let cell = unsafe { &*word };
        (cell.pid == pid).then_some(cell)
    }

    /// The live process with this pid.
    pub fn get(&self, pid: Term) -> Option<ProcessRef> {
        let guard = epoch::pin();
        let cell = NonNull::from(self.lookup(pid, &guard)?);
        Some(ProcessRef { cell, _guard: guard })
    }

    /// Removes a process that ended; `cell` must be its cell. Its slot is
    /// free at once, with the generation bumped so that the pid names no
    /// later process; the cell is freed once no thread can still be using
    /// it (the caller's pin, which `cell`'s lifetime needs, included).
    pub fn remove(&self, cell: &ProcessCell) {
        let Some((index, generation)) = cell.pid.pid_id_serial() else { return };
        let Some(slot) = self.slots.all().get(index as usize) else { return };
        let word = slot.load(Ordering::Acquire);
        if word.cast_const() != ptr::from_ref(cell) {
            return;
        }
        self.push_free(index, generation.wrapping_add(1));
        self.counters.live.fetch_sub(1, Ordering::AcqRel);
        let owned = OwnedCell(word);
        epoch::pin().defer(move || drop(owned));
    }

    /// How many processes are alive.
    pub fn live(&self) -> usize {
        self.counters.live.load(Ordering::Acquire)
    }

    /// The most processes alive at once.
    pub fn peak(&self) -> usize {
        self.counters.peak.load(Ordering::Relaxed)
    }

    /// The pids of all live processes, in slot order (the order of the ids
    /// in their pids, which is not spawn order once slots are reused).
    pub fn pids(&self) -> Vec<Term> {
        let _guard = epoch::pin();
        let used = self.counters.fresh.load(Ordering::Acquire) as usize;
        let slots = &self.slots.all()[..used];
        slots
            .iter()
            .filter_map(|slot| {
                let word = slot.load(Ordering::Acquire);
                // SAFETY: as in `lookup`: loaded while `guard` is pinned,
                // so not freed before the guard is dropped at the end.
                is_cell(word).then(|| unsafe { &*word }.pid)
            })
            .collect()
    }
}

/// A cell removed from the table, owned by the deferred free.
struct OwnedCell(*mut ProcessCell);

// SAFETY: the cell is `Send` (asserted above: `ProcessCell: Send + Sync`);
// after removal this is the only owner of the pointer.
unsafe impl Send for OwnedCell {}

impl Drop for OwnedCell {
    fn drop(&mut self) {
        // SAFETY: the cell was made in a `CELLS` block by `insert_with`;
        // `remove` unpublished it before making this owner, exactly once
        // (it checks the slot still names the cell), and the epoch
        // collector runs this only after every thread that could have
        // loaded it has unpinned.
        unsafe { free_cell(self.0) };
    }
}

/// Drops a cell and gives its block back to the slab.
///
/// # Safety
///
/// `cell` must have been made by `insert_with`, no thread may use it any
/// more, and it must be freed once.
unsafe fn free_cell(cell: *mut ProcessCell) {
    // SAFETY: by the contract, the cell is initialised and owned here.
    unsafe {
        ptr::drop_in_place(cell);
        CELLS.free(NonNull::new_unchecked(cell).cast());
    }
}

impl Drop for ProcessTable {
    fn drop(&mut self) {
        let used = *self.counters.fresh.get_mut() as usize;
        for slot in &self.slots.all()[..used] {
            let word = slot.load(Ordering::Acquire);
            if is_cell(word) {
                // SAFETY: a published cell was made by `insert_with` and is
                // owned by its slot; `&mut self` means no reader is left.
                unsafe { free_cell(word) };
            }
        }
    }
}

/// The process limit is reached (`system_limit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SystemLimit;

/// Registered names.
#[derive(Default)]
pub struct Registry {
    names: Mutex<HashMap<Atom, Term>>,
}

impl Registry {
    /// Registers `name` for `pid`; false when the name is taken.
    pub fn register(&self, name: Atom, pid: Term) -> bool {
        let mut names = self.names.lock().unwrap_or_else(|p| p.into_inner());
        if names.contains_key(&name) {
            return false;
        }
        names.insert(name, pid);
        true
    }

    /// Removes `name`; returns the pid it named.
    pub fn unregister(&self, name: Atom) -> Option<Term> {
        self.names.lock().unwrap_or_else(|p| p.into_inner()).remove(&name)
    }

    /// The pid registered under `name`.
    pub fn whereis(&self, name: Atom) -> Option<Term> {
        self.names.lock().unwrap_or_else(|p| p.into_inner()).get(&name).copied()
    }

    /// Every (name, pid), sorted by name.
    pub fn entries(&self) -> Vec<(Atom, Term)> {
        let mut entries: Vec<(Atom, Term)> =
            self.names.lock().unwrap_or_else(|p| p.into_inner()).iter().map(|(&n, &p)| (n, p)).collect();
        entries.sort_by(|a, b| a.0.name().cmp(b.0.name()));
        entries
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// The sizes ARCHITECTURE.md quotes; a change that grows them should
    /// say why (DESIGN decision 7: a process is small).
    #[test]
    fn a_process_stays_small() {
        // 208 and 248 since two links or monitors live in the process
        // (`Relations` grew from 16 to 40 bytes) instead of a 48-byte
        // chunk of their own: a ring process is 24 bytes smaller overall.
        assert_eq!(std::mem::size_of::<Process>(), 208);
        assert_eq!(std::mem::size_of::<ProcessCell>(), 248);
        assert_eq!(crate::slab::CELLS.block_size(), 248, "a cell's block has no header");
        assert_eq!(std::mem::size_of::<crate::heap::Heap>(), 40);
        assert_eq!(std::mem::size_of::<crate::mailbox::Mailbox>(), 40);
        assert_eq!(std::mem::size_of::<crate::inbox::Inbox>(), 16);
    }
}

#[cfg(test)]
mod tests {
    //! The table's lock-free parts under stress: many threads inserting,
    //! removing and looking up at once, with pids that went stale.

    use super::*;
    use crate::term::atoms;
    use std::collections::HashSet;
    use std::sync::Arc;

    /// A small xorshift generator: the tests need speed and no dependency.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// What a process built for `pid` records, so that a reader can tell
    /// the right process from another one (or from freed memory reused).
    fn magic(pid: Term) -> u64 {
        pid.raw().wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1
    }

    fn build(pid: Term) -> Process {
        let mut process = Process::new(pid, 0, 0, (atoms::MAIN, atoms::MAIN, 0));
        process.reductions = magic(pid);
        process
    }

    /// Ends a process the way the scheduler does: exited, then removed.
    fn end(table: &ProcessTable, cell: CellPtr) {
        let guard = epoch::pin();
        // SAFETY: the calling thread inserted the cell and is the only one
        // to remove it; it has not removed it yet.
        let cell = unsafe { cell.get(&guard) };
        cell.set_state(State::Exited);
        table.remove(cell);
    }

    fn pid_of_cell(cell: CellPtr) -> Term {
        let guard = epoch::pin();
        // SAFETY: only called on cells the caller inserted and has not removed.
        unsafe { cell.get(&guard) }.pid
    }

    #[test]
    fn a_pid_names_a_slot_and_its_generation() {
        let table = ProcessTable::with_capacity(16);
        let (first, cell) = table.insert_with(16, build).unwrap();
        assert_eq!(first.pid_id_serial(), Some((0, 0)));
        let (second, _) = table.insert_with(16, build).unwrap();
        assert_eq!(second.pid_id_serial(), Some((1, 0)));
        end(&table, cell);
        assert!(table.get(first).is_none(), "an ended process is gone");
        let (third, _) = table.insert_with(16, build).unwrap();
        assert_eq!(third.pid_id_serial(), Some((0, 1)), "the freed slot is reused, one generation on");
        assert!(table.get(first).is_none(), "the stale pid does not name the new process");
        assert_eq!(table.get(third).unwrap().pid, third);
        assert_eq!(table.get(second).unwrap().pid, second);
        assert_eq!(table.live(), 2);
        assert_eq!(table.peak(), 2);
        assert_eq!(table.pids(), vec![third, second], "slot order");
    }

    #[test]
    fn freed_slots_are_reused_last_in_first_out() {
        let table = ProcessTable::with_capacity(8);
        let cells: Vec<CellPtr> = (0..4).map(|_| table.insert_with(8, build).unwrap().1).collect();
        end(&table, cells[1]);
        end(&table, cells[3]);
        let (pid, _) = table.insert_with(8, build).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((3, 1)));
        let (pid, _) = table.insert_with(8, build).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((1, 1)));
        let (pid, _) = table.insert_with(8, build).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((4, 0)), "then slots never used");
    }

    #[test]
    fn the_limit_and_the_capacity_hold() {
        let table = ProcessTable::with_capacity(4);
        let cells: Vec<CellPtr> = (0..3).map(|_| table.insert_with(3, build).unwrap().1).collect();
        assert_eq!(table.insert_with(3, build).unwrap_err(), SystemLimit);
        table.insert_with(100, build).unwrap();
        assert_eq!(table.insert_with(100, build).unwrap_err(), SystemLimit, "no more than the capacity");
        assert_eq!(table.live(), 4);
        end(&table, cells[0]);
        assert_eq!(table.live(), 3);
        assert!(table.insert_with(4, build).is_ok());
        assert_eq!(table.peak(), 4);
    }

    #[test]
    fn pids_outside_the_table_name_nothing() {
        let table = ProcessTable::with_capacity(4);
        table.insert_with(4, build).unwrap();
        assert!(table.get(Term::pid_of(1, 0)).is_none(), "a slot never used");
        assert!(table.get(Term::pid_of(1000, 0)).is_none(), "beyond the capacity");
        assert!(table.get(Term::pid_of(0, 7)).is_none(), "another generation");
        assert!(table.get(Term::atom(atoms::MAIN)).is_none(), "not a pid");
    }

    /// Threads insert, end and look up processes at once; the lookups use
    /// pids that other threads published, most of them stale. A lookup may
    /// find a process or not, but what it finds must be the process the pid
    /// named, intact (not freed and reused) for as long as it is held.
    #[test]
    fn concurrent_churn_never_returns_a_wrong_or_freed_process() {
        const THREADS: usize = 4;
        const STEPS: usize = 200_000;
        const OWNED: usize = 48;
        const RECENT: usize = 512;
        let table = Arc::new(ProcessTable::with_capacity(THREADS * OWNED));
        let recent: Arc<Vec<AtomicU64>> = Arc::new((0..RECENT).map(|_| AtomicU64::new(0)).collect());
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let (table, recent) = (Arc::clone(&table), Arc::clone(&recent));
                std::thread::spawn(move || {
                    let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ ((thread as u64 + 1) * 0x1234_5678_9ABC));
                    let mut owned: Vec<CellPtr> = Vec::new();
                    let (mut found, mut missed) = (0usize, 0usize);
                    for _ in 0..STEPS {
                        match rng.below(10) {
                            0..=2 if owned.len() < OWNED => {
                                let (pid, cell) = table.insert_with(usize::MAX, build).expect("within capacity");
                                owned.push(cell);
                                recent[rng.below(RECENT)].store(pid.raw(), Ordering::Relaxed);
                            }
                            0..=3 if !owned.is_empty() => {
                                let cell = owned.swap_remove(rng.below(owned.len()));
                                end(&table, cell);
                            }
                            _ => {
                                let word = recent[rng.below(RECENT)].load(Ordering::Relaxed);
                                if word == 0 {
                                    continue;
                                }
                                let pid = Term::from_raw(word);
                                let guard = epoch::pin();
                                let Some(cell) = table.lookup(pid, &guard) else {
                                    missed += 1;
                                    continue;
                                };
                                found += 1;
                                assert_eq!(cell.pid, pid, "a lookup found another process");
                                // Hold it a while: the owner may end it meanwhile,
                                // but its memory must stay this cell's.
                                for _ in 0..rng.below(200) {
                                    std::hint::spin_loop();
                                }
                                if rng.below(8) == 0 {
                                    std::thread::yield_now();
                                }
                                assert_eq!(cell.pid, pid, "a held cell changed under its reader");
                                if let Some(process) = cell.try_lock() {
                                    assert_eq!(process.pid, pid, "a held cell holds another process");
                                    assert_eq!(process.reductions, magic(pid), "a held cell was overwritten");
                                };
                            }
                        }
                    }
                    assert!(found > 0 && missed > 0, "both outcomes happen ({found} found, {missed} missed)");
                    owned.iter().map(|&cell| pid_of_cell(cell)).collect::<Vec<Term>>()
                })
            })
            .collect();
        let survivors: Vec<Term> = handles.into_iter().flat_map(|handle| handle.join().unwrap()).collect();
        assert_eq!(table.live(), survivors.len());
        let listed: HashSet<Term> = table.pids().into_iter().collect();
        assert_eq!(listed, survivors.iter().copied().collect::<HashSet<Term>>());
        for &pid in &survivors {
            assert_eq!(table.get(pid).map(|cell| cell.pid), Some(pid));
        }
        let ids: HashSet<u32> = survivors.iter().map(|pid| pid.pid_id_serial().unwrap().0).collect();
        assert_eq!(ids.len(), survivors.len(), "no two live processes share a slot");
    }

    /// The free list under contention, at its smallest: threads race to
    /// take the few slots of a tiny table and give them back. No slot may
    /// ever be held by two processes at once (which a free list that lost
    /// track of its head, the ABA problem, would allow), and no pid may be
    /// handed out twice.
    #[test]
    fn contended_slots_are_never_handed_out_twice() {
        const THREADS: usize = 4;
        const STEPS: usize = 100_000;
        const SLOTS: usize = 6;
        let table = Arc::new(ProcessTable::with_capacity(SLOTS));
        let holders: Arc<Vec<AtomicUsize>> = Arc::new((0..SLOTS).map(|_| AtomicUsize::new(0)).collect());
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let (table, holders) = (Arc::clone(&table), Arc::clone(&holders));
                std::thread::spawn(move || {
                    let mut rng = Rng(0x9E37_79B9 ^ ((thread as u64 + 7) * 0x5DEE_CE66D));
                    let mut held: Vec<(Term, CellPtr)> = Vec::new();
                    let mut pids = Vec::new();
                    let mut refused = 0usize;
                    for _ in 0..STEPS {
                        if held.len() < 3 && rng.below(3) != 0 {
                            match table.insert_with(SLOTS, build) {
                                Ok((pid, cell)) => {
                                    let (id, _) = pid.pid_id_serial().unwrap();
                                    let before = holders[id as usize].swap(thread + 1, Ordering::SeqCst);
                                    assert_eq!(before, 0, "slot {id} handed out while held");
                                    held.push((pid, cell));
                                    pids.push(pid);
                                }
                                Err(SystemLimit) => refused += 1,
                            }
                        } else if let Some((pid, cell)) = held.pop() {
                            let (id, _) = pid.pid_id_serial().unwrap();
                            assert_eq!(holders[id as usize].swap(0, Ordering::SeqCst), thread + 1);
                            end(&table, cell);
                        }
                    }
                    for (pid, cell) in held {
                        holders[pid.pid_id_serial().unwrap().0 as usize].store(0, Ordering::SeqCst);
                        end(&table, cell);
                    }
                    (pids, refused)
                })
            })
            .collect();
        let mut all = HashSet::new();
        let mut refused = 0;
        for handle in handles {
            let (pids, refusals) = handle.join().unwrap();
            refused += refusals;
            for pid in pids {
                assert!(all.insert(pid), "{pid:?} handed out twice");
            }
        }
        assert!(refused > 0, "the limit was reached under contention");
        assert_eq!(table.live(), 0);
        assert!(table.peak() <= SLOTS);
        assert!(table.pids().is_empty());
    }
}
