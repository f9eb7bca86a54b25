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
//! generation its next process gets. Ending a process bumps its slot's
//! generation, so a pid that outlives its process never names the slot's
//! next process (until the 32-bit generation wraps, after 4,294,967,296
//! reuses of one slot).
//!
//! Looking a pid up takes no lock and hashes nothing: load the slot, and
//! compare the pid stored in the cell (which carries the generation) with
//! the one asked for.
//!
//! # Free slots
//!
//! A spawn takes a free slot and an exit gives one back, so on a busy VM
//! the free slots are the most written words of the table. Each scheduler
//! keeps the slots its exits freed in a stripe of its own (a list of
//! (index, generation) entries, its lock on a cache line of its own), and
//! its spawns take from there first, last in, first out, so a new process
//! reuses the slot whose memory was touched last, on the same core. A
//! stripe that grows past two batches gives its oldest batch to a shared
//! pool; a scheduler whose stripe is empty takes a batch from the pool;
//! then slots never used are handed out in order; and only when the table
//! has no slot left does a spawn look in the other schedulers' stripes. So
//! a scheduler that spawns and another that ends the processes (the usual
//! case: a new process is stolen by an idle scheduler) meet on shared words
//! once a batch, not once a process. Threads that run no scheduler (the
//! boot, distribution, tests) use the pool, then the stripes, then fresh
//! slots.
//!
//! The limit is the table's capacity: a spawn fails only when no slot is
//! free anywhere. The count of live processes is the slots ever used less
//! the free ones; the most processes alive at once is the slots ever used,
//! which can exceed it by the free slots the other schedulers' stripes
//! held when a spawn took a fresh slot: at most two batches a scheduler.
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
//! differs. Cells live in blocks of the cell slab ([`CELLS`]),
//! and a freed cell's block is soon another process's cell, which is why
//! the free must wait for the readers. The cell itself has no reference
//! count: the table owns it, and run queues hold a plain [`CellPtr`], valid
//! because a queued process has not ended (see [`CellPtr::get`]).
//!
use crate::memory::slab::{self, Slab};
use crate::process::Process;
use crate::term::{Atom, Term, PID_ID_BITS};
use crossbeam_epoch::{self as epoch, Guard};
use crossbeam_utils::CachePadded;
use std::cell::Cell;
use std::collections::HashMap;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicU32, AtomicU8, Ordering};
use std::sync::{Mutex, MutexGuard};

/// The slab process cells live in.
pub static CELLS: Slab = Slab::new(slab::ids::CELLS, std::mem::size_of::<ProcessCell>());

const _: () = assert!(std::mem::align_of::<ProcessCell>() <= 8, "slab blocks are 8-byte aligned");

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
    /// Ended; its inbox refuses signals and it is not alive. It may still
    /// be in the table, queued, while it sends its exit signals a time
    /// slice at a time (see `lifecycle::finish`); then it leaves the table
    /// and its pid names no process any more.
    Exited = 3,
}

/// The shared half of a process.
pub struct ProcessCell {
    /// The process's pid.
    pub pid: Term,
    /// Signals to the process.
    pub inbox: crate::process::inbox::Inbox,
    state: AtomicU8,
    process: Mutex<Process>,
}

impl ProcessCell {
    /// A cell for a process that is about to be put in a run queue.
    #[inline(always)]
    pub fn new(process: Process) -> ProcessCell {
        ProcessCell {
            pid: process.pid,
            inbox: crate::process::inbox::Inbox::default(),
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
    ///
    /// Only the move to [`State::Waiting`] races with anyone: the scheduler
    /// stores it and then looks at the inbox, while a sender pushes to the
    /// inbox and then tries to wake the process, and one of the two must
    /// see the other's write, which takes a sequentially consistent store.
    /// Every other state is only read (a release store, a plain one on
    /// x86-64, is enough), which saves an atomic exchange per time slice.
    #[inline]
    pub fn set_state(&self, state: State) {
        let order = if state == State::Waiting { Ordering::SeqCst } else { Ordering::Release };
        self.state.store(state as u8, order);
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

/// The most slots a table has: every slot index must fit a pid's id.
pub const MAX_SLOTS: usize = 1 << PID_ID_BITS;

// A slot word packs a 32-bit generation above a tag bit.
const _: () = assert!(usize::BITS == 64, "slot words need 64-bit pointers");

/// The word of a free slot: the generation (the serial its next process
/// gets), tagged with bit 0 so that it never looks like an (aligned) cell
/// pointer.
fn free_word(generation: u32) -> *mut ProcessCell {
    ptr::without_provenance_mut(((generation as usize) << 32) | 1)
}

/// Whether a slot word names a cell: not null (a slot never used) and not
/// a free word.
fn is_cell(word: *mut ProcessCell) -> bool {
    !word.is_null() && word.addr() & 1 == 0
}

/// A free slot as the free lists hold it: its index in the low 32 bits,
/// the generation its next process gets above them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct FreeSlot(u64);

impl FreeSlot {
    fn new(index: u32, generation: u32) -> FreeSlot {
        FreeSlot(u64::from(generation) << 32 | u64::from(index))
    }

    fn index(self) -> u32 {
        self.0 as u32
    }

    fn generation(self) -> u32 {
        (self.0 >> 32) as u32
    }
}

/// How many free slots move between a stripe and the pool at once.
const BATCH: usize = 256;

thread_local! {
    /// The stripe of the scheduler this thread runs, if it runs one (see
    /// [`SchedulerThread`]).
    static STRIPE: Cell<Option<usize>> = const { Cell::new(None) };
}

/// Marks the calling thread as scheduler `index` for as long as it lives:
/// the thread's spawns and exits use that scheduler's stripe of free
/// slots (see the module doc). Schedulers make one when they start.
pub struct SchedulerThread {
    before: Option<usize>,
}

impl SchedulerThread {
    /// This thread is scheduler `index` until the result is dropped.
    pub fn enter(index: usize) -> SchedulerThread {
        SchedulerThread { before: STRIPE.replace(Some(index)) }
    }
}

impl Drop for SchedulerThread {
    fn drop(&mut self) {
        STRIPE.set(self.before);
    }
}

/// A list of free slots and its lock: a spin lock, whose release is a
/// plain store (a mutex's is an atomic exchange, to see waiters), because
/// it is held for a push, a pop or a copy of one batch, and taken twice a
/// spawn. A waiter yields its thread between tries, so a holder descheduled
/// by the system gets the core back.
type FreeList = spin::mutex::SpinMutex<Vec<FreeSlot>, spin::relax::Yield>;

/// One scheduler's free slots, on cache lines of its own (padded, as
/// [`CachePadded`] pads to the line pair the target prefetches together):
/// only its owner takes the lock, but for a table that has run out of
/// slots and threads that run no scheduler.
struct Stripe {
    free: CachePadded<FreeList>,
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
/// process in a run queue is still in the table (only the scheduler
/// running a process removes it, once it has ended and sent its exit
/// signals, and a queued process is not running).
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
    /// Read by every lookup, written never.
    slots: Slots,
    /// One per scheduler.
    stripes: Box<[Stripe]>,
    /// What the stripes and the pool do not hold, on cache lines of their
    /// own, apart from what lookups read.
    shared: CachePadded<Shared>,
}

struct Shared {
    /// Batches given up by stripes, and the slots freed by threads that
    /// run no scheduler.
    pool: FreeList,
    /// Slots below this were handed out at least once; slots from here up
    /// were never touched.
    fresh: AtomicU32,
}

impl ProcessTable {
    /// A table with room for `capacity` processes at once (at least 1, at
    /// most [`MAX_SLOTS`]), spawned and ended by `schedulers` schedulers.
    /// It reserves 8 bytes of address space a slot; memory becomes
    /// resident only as slots are used.
    pub fn new(capacity: usize, schedulers: usize) -> ProcessTable {
        ProcessTable {
            slots: Slots::new(capacity.clamp(1, MAX_SLOTS)),
            stripes: (0..schedulers.max(1))
                .map(|_| Stripe { free: CachePadded::new(FreeList::new(Vec::new())) })
                .collect(),
            shared: CachePadded::new(Shared { pool: FreeList::new(Vec::new()), fresh: AtomicU32::new(0) }),
        }
    }

    /// How many processes may be alive at once.
    pub fn capacity(&self) -> usize {
        self.slots.capacity
    }

    /// Adds a process, unless the table is full: takes a free slot, makes
    /// the pid from its index and generation, builds the process for that
    /// pid with `new` straight into its cell, lets `init` finish it there
    /// (arguments, links), and publishes it. Returns the new pid and cell.
    ///
    /// Two steps, so that the process is written once, in place, instead
    /// of being built on the stack and moved into the cell.
    pub fn insert_with(
        &self,
        new: impl FnOnce(Term) -> Process,
        init: impl FnOnce(&mut Process),
    ) -> Result<(Term, CellPtr), SystemLimit> {
        // Undoes a half-made insertion if `new` or `init` unwinds: the slot
        // goes back one generation on (the pid may be known already, to a
        // parent linked to it), the cell is dropped if it was made, and its
        // block goes back to the slab.
        struct Reserved<'t> {
            table: &'t ProcessTable,
            slot: FreeSlot,
            block: NonNull<ProcessCell>,
            made: bool,
        }
        impl Drop for Reserved<'_> {
            fn drop(&mut self) {
                // SAFETY: the block came from `CELLS` and was never
                // published; when `made`, it holds an initialised cell.
                unsafe {
                    if self.made {
                        ptr::drop_in_place(self.block.as_ptr());
                    }
                    CELLS.free(self.block.cast());
                }
                self.table.give_back(FreeSlot::new(self.slot.index(), self.slot.generation().wrapping_add(1)));
            }
        }
        let slot = self.take_slot().ok_or(SystemLimit)?;
        let pid = Term::pid_of(slot.index(), slot.generation());
        let block = CELLS.alloc().cast::<ProcessCell>();
        let mut reserved = Reserved { table: self, slot, block, made: false };
        // SAFETY: the block is fresh, and `CELLS` makes blocks the size of
        // a cell, 8-byte aligned as a cell needs (asserted in `slab`).
        unsafe { block.as_ptr().write(ProcessCell::new(new(pid))) };
        reserved.made = true;
        // SAFETY: the cell was just initialised and is not published yet,
        // so this is the only reference to it.
        let cell = unsafe { &mut *block.as_ptr() };
        init(cell.process.get_mut().unwrap_or_else(|poisoned| poisoned.into_inner()));
        std::mem::forget(reserved);
        // Release: a reader that loads the pointer (Acquire) sees the
        // cell fully built.
        self.slots.all()[slot.index() as usize].store(block.as_ptr(), Ordering::Release);
        Ok((pid, CellPtr(block)))
    }

    /// The calling thread's stripe, if it runs a scheduler.
    fn own_stripe(&self) -> Option<&Stripe> {
        let index = STRIPE.get()?;
        // No division in the usual case: as many stripes as schedulers.
        self.stripes.get(index).or_else(|| self.stripes.get(index % self.stripes.len()))
    }

    /// A free slot for a new process, in the order the module doc gives.
    fn take_slot(&self) -> Option<FreeSlot> {
        let slot = match self.own_stripe() {
            Some(stripe) => {
                let mut own = stripe.free.lock();
                match own.pop() {
                    Some(slot) => Some(slot),
                    None => {
                        let mut pool = self.shared.pool.lock();
                        let batch = pool.len().saturating_sub(BATCH)..;
                        own.extend(pool.drain(batch));
                        drop(pool);
                        own.pop()
                    }
                }
            }
            None => {
                let pooled = self.shared.pool.lock().pop();
                pooled.or_else(|| self.take_from_stripes())
            }
        };
        let slot = slot.or_else(|| self.take_fresh()).or_else(|| self.take_from_stripes())?;
        debug_assert!(!is_cell(self.slots.all()[slot.index() as usize].load(Ordering::Relaxed)), "a free slot");
        Some(slot)
    }

    /// A slot never used before, if the table has one left.
    fn take_fresh(&self) -> Option<FreeSlot> {
        let mut fresh = self.shared.fresh.load(Ordering::Relaxed);
        loop {
            if fresh as usize >= self.slots.capacity {
                return None;
            }
            match self.shared.fresh.compare_exchange_weak(fresh, fresh + 1, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => return Some(FreeSlot::new(fresh, 0)),
                Err(current) => fresh = current,
            }
        }
    }

    /// A free slot from any stripe: the last resort of a full table, and
    /// the way threads that run no scheduler reuse the slots schedulers
    /// freed.
    fn take_from_stripes(&self) -> Option<FreeSlot> {
        self.stripes.iter().find_map(|stripe| stripe.free.lock().pop())
    }

    /// Puts a free slot where the calling thread keeps them; the slot's
    /// word already says it is free.
    fn give_back(&self, slot: FreeSlot) {
        self.slots.all()[slot.index() as usize].store(free_word(slot.generation()), Ordering::Relaxed);
        let Some(stripe) = self.own_stripe() else {
            self.shared.pool.lock().push(slot);
            return;
        };
        let mut own = stripe.free.lock();
        own.push(slot);
        if own.len() > 2 * BATCH {
            // The oldest batch: the newest stay, their memory most
            // likely still in this core's cache.
            self.shared.pool.lock().extend(own.drain(..BATCH));
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

    /// Whether the local process `pid` is alive (`is_process_alive/1`): in
    /// the table and not ending (a process sending its exit signals stays
    /// in the table until it has sent them all).
    pub fn is_alive(&self, pid: Term) -> bool {
        self.get(pid).is_some_and(|cell| cell.state() != State::Exited)
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
        self.give_back(FreeSlot::new(index, generation.wrapping_add(1)));
        let owned = OwnedCell(word);
        epoch::pin().defer(move || drop(owned));
    }

    /// How many processes are alive: the slots ever used less the free
    /// ones (a process being spawned or ended counts as alive).
    pub fn live(&self) -> usize {
        let used = self.shared.fresh.load(Ordering::Acquire) as usize;
        let mut free = self.shared.pool.lock().len();
        for stripe in &self.stripes {
            free += stripe.free.lock().len();
        }
        used.saturating_sub(free)
    }

    /// The most processes alive at once: the slots ever used, which a
    /// scheduler that took a fresh slot while another scheduler's stripe
    /// held free ones counts in too (see the module doc).
    pub fn peak(&self) -> usize {
        self.shared.fresh.load(Ordering::Relaxed) as usize
    }

    /// The pids of all live processes, in slot order (the order of the ids
    /// in their pids, which is not spawn order once slots are reused).
    pub fn pids(&self) -> Vec<Term> {
        let _guard = epoch::pin();
        let used = self.shared.fresh.load(Ordering::Acquire) as usize;
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
        let used = *self.shared.fresh.get_mut() as usize;
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
    /// say why (ARCHITECTURE.md, decision 7: a process is small).
    #[test]
    fn a_process_stays_small() {
        // Two links or monitors live in the process (`Relations`, 40
        // bytes) instead of a 48-byte chunk of their own; the saved x
        // registers live on the process's stack (a 2-byte count instead of
        // a 16-byte boxed slice). The mailbox's pointer to its receive
        // markers (null until one is reserved) took the four bytes the
        // registered name gave up (an atom index, not an `Option<Atom>`)
        // and four of padding. The pointer to the parts most processes
        // never use (`Extras`: the dictionary, aliases, monitor options, a
        // group leader of its own) is null until one is used: 8 bytes.
        assert_eq!(std::mem::size_of::<Process>(), 200);
        assert_eq!(std::mem::size_of::<ProcessCell>(), 240);
        assert_eq!(CELLS.block_size(), 240, "a cell's block has no header");
        assert_eq!(std::mem::size_of::<crate::memory::heap::Heap>(), 40);
        assert_eq!(std::mem::size_of::<crate::process::mailbox::Mailbox>(), 48);
        assert_eq!(std::mem::size_of::<crate::process::inbox::Inbox>(), 16);
    }
}

#[cfg(test)]
mod tests {
    //! The table's lock-free parts under stress: many threads inserting,
    //! removing and looking up at once, with pids that went stale.

    use super::*;
    use crate::term::atoms;
    use std::collections::HashSet;
    use std::sync::atomic::{AtomicU64, AtomicUsize};
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
        let table = ProcessTable::new(16, 1);
        let (first, cell) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(first.pid_id_serial(), Some((0, 0)));
        let (second, _) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(second.pid_id_serial(), Some((1, 0)));
        end(&table, cell);
        assert!(table.get(first).is_none(), "an ended process is gone");
        let (third, _) = table.insert_with(build, |_| {}).unwrap();
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
        let table = ProcessTable::new(8, 1);
        let cells: Vec<CellPtr> = (0..4).map(|_| table.insert_with(build, |_| {}).unwrap().1).collect();
        end(&table, cells[1]);
        end(&table, cells[3]);
        let (pid, _) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((3, 1)));
        let (pid, _) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((1, 1)));
        let (pid, _) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((4, 0)), "then slots never used");
    }

    #[test]
    fn the_capacity_is_the_limit() {
        let table = ProcessTable::new(3, 1);
        let cells: Vec<CellPtr> = (0..3).map(|_| table.insert_with(build, |_| {}).unwrap().1).collect();
        assert_eq!(table.insert_with(build, |_| {}).unwrap_err(), SystemLimit);
        assert_eq!(table.live(), 3);
        end(&table, cells[0]);
        assert_eq!(table.live(), 2);
        assert!(table.insert_with(build, |_| {}).is_ok());
        assert_eq!(table.insert_with(build, |_| {}).unwrap_err(), SystemLimit);
        assert_eq!(table.peak(), 3);
    }

    /// Runs `work` on a thread that is scheduler `index`, and waits for it.
    fn on_scheduler<T: Send>(index: usize, work: impl FnOnce() -> T + Send) -> T {
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let _stripe = SchedulerThread::enter(index);
                    work()
                })
                .join()
                .unwrap()
        })
    }

    /// A slot freed into one scheduler's stripe is found by another
    /// scheduler once the table has no other slot, and by a thread that
    /// runs no scheduler before any fresh slot: the limit is exact, and
    /// slots are reused.
    #[test]
    fn free_slots_in_a_stripe_are_found_by_everyone() {
        let table = ProcessTable::new(4, 2);
        let cells: Vec<CellPtr> =
            on_scheduler(0, || (0..4).map(|_| table.insert_with(build, |_| {}).unwrap().1).collect());
        on_scheduler(1, || {
            end(&table, cells[1]);
            end(&table, cells[2]);
        });
        assert_eq!(table.live(), 2);
        let pid = on_scheduler(0, || {
            let pid = table.insert_with(build, |_| {}).unwrap().0;
            assert_eq!(table.insert_with(build, |_| {}).unwrap().0.pid_id_serial(), Some((1, 1)));
            assert_eq!(table.insert_with(build, |_| {}).unwrap_err(), SystemLimit, "full again");
            pid
        });
        assert_eq!(pid.pid_id_serial(), Some((2, 1)), "the last freed slot first");
        assert_eq!(table.peak(), 4);

        let table = ProcessTable::new(8, 2);
        let cell = on_scheduler(1, || {
            let cells: Vec<CellPtr> = (0..3).map(|_| table.insert_with(build, |_| {}).unwrap().1).collect();
            end(&table, cells[0]);
            cells[1]
        });
        let (pid, _) = table.insert_with(build, |_| {}).unwrap();
        assert_eq!(pid.pid_id_serial(), Some((0, 1)), "a thread that runs no scheduler reuses the stripe's slot");
        end(&table, cell);
        assert_eq!(table.live(), 2);
        assert_eq!(table.peak(), 3);
    }

    /// One scheduler spawns and another ends what it spawned, as a busy VM
    /// does: the freed slots cross over in batches through the pool. No
    /// slot is ever held twice, no pid is handed out twice, every slot is
    /// accounted for at the end, and the slots used stay within two
    /// batches a stripe of the most processes in flight.
    #[test]
    fn slots_freed_on_one_scheduler_come_back_to_another_in_batches() {
        const PROCESSES: usize = 60_000;
        const IN_FLIGHT: usize = 1_000;
        let table = ProcessTable::new(8 * IN_FLIGHT, 2);
        let held: Vec<AtomicU8> = (0..table.capacity()).map(|_| AtomicU8::new(0)).collect();
        let (to_ender, from_spawner) = std::sync::mpsc::sync_channel::<(Term, CellPtr)>(IN_FLIGHT);
        std::thread::scope(|scope| {
            scope.spawn(|| {
                let _stripe = SchedulerThread::enter(0);
                let mut seen = HashSet::new();
                for _ in 0..PROCESSES {
                    let (pid, cell) = table.insert_with(build, |_| {}).expect("within capacity");
                    assert!(seen.insert(pid), "{pid:?} handed out twice");
                    let id = pid.pid_id_serial().unwrap().0 as usize;
                    assert_eq!(held[id].swap(1, Ordering::SeqCst), 0, "slot {id} handed out while held");
                    to_ender.send((pid, cell)).unwrap();
                }
                drop(to_ender);
            });
            scope.spawn(|| {
                let _stripe = SchedulerThread::enter(1);
                for (pid, cell) in from_spawner {
                    let id = pid.pid_id_serial().unwrap().0 as usize;
                    assert_eq!(held[id].swap(0, Ordering::SeqCst), 1);
                    end(&table, cell);
                }
            });
        });
        assert_eq!(table.live(), 0);
        let bound = IN_FLIGHT + 2 + 2 * (2 * BATCH + 1);
        assert!(table.peak() <= bound, "{} slots used for {IN_FLIGHT} in flight", table.peak());
        assert!(table.peak() < PROCESSES / 10, "slots are reused");
    }

    #[test]
    fn pids_outside_the_table_name_nothing() {
        let table = ProcessTable::new(4, 1);
        table.insert_with(build, |_| {}).unwrap();
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
        let table = Arc::new(ProcessTable::new(THREADS * OWNED, 2));
        let recent: Arc<Vec<AtomicU64>> = Arc::new((0..RECENT).map(|_| AtomicU64::new(0)).collect());
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let (table, recent) = (Arc::clone(&table), Arc::clone(&recent));
                std::thread::spawn(move || {
                    // Thread 0 runs no scheduler; two others share a stripe.
                    let _stripe = (thread > 0).then(|| SchedulerThread::enter(thread - 1));
                    let mut rng = Rng(0x2545_F491_4F6C_DD1D ^ ((thread as u64 + 1) * 0x1234_5678_9ABC));
                    let mut owned: Vec<CellPtr> = Vec::new();
                    let (mut found, mut missed) = (0usize, 0usize);
                    for _ in 0..STEPS {
                        match rng.below(10) {
                            0..=2 if owned.len() < OWNED => {
                                let (pid, cell) = table.insert_with(build, |_| {}).expect("within capacity");
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
        let table = Arc::new(ProcessTable::new(SLOTS, 2));
        let holders: Arc<Vec<AtomicUsize>> = Arc::new((0..SLOTS).map(|_| AtomicUsize::new(0)).collect());
        let handles: Vec<_> = (0..THREADS)
            .map(|thread| {
                let (table, holders) = (Arc::clone(&table), Arc::clone(&holders));
                std::thread::spawn(move || {
                    // Thread 0 runs no scheduler; two others share a stripe.
                    let _stripe = (thread > 0).then(|| SchedulerThread::enter(thread - 1));
                    let mut rng = Rng(0x9E37_79B9 ^ ((thread as u64 + 7) * 0x5DEE_CE66D));
                    let mut held: Vec<(Term, CellPtr)> = Vec::new();
                    let mut pids = Vec::new();
                    let mut refused = 0usize;
                    for _ in 0..STEPS {
                        // Each thread may hold every slot and ask for one
                        // more, so the limit is reached even when the
                        // threads happen to run one after another (a loaded
                        // machine): the refusal path runs in every run.
                        if held.len() <= SLOTS && rng.below(3) != 0 {
                            match table.insert_with(build, |_| {}) {
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
        assert!(refused > 0, "the limit was never reached");
        assert_eq!(table.live(), 0);
        assert!(table.peak() <= SLOTS);
        assert!(table.pids().is_empty());
    }
}
