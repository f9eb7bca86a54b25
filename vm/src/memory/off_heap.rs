//! Reference-counted binaries kept off the process heaps.
//!
//! A binary larger than [`HEAP_BINARY_LIMIT`] bytes is not copied into each
//! heap that holds it: its bytes live once, in an [`OffHeapBinary`] from the
//! global allocator, and a heap holds a small box (`BoxKind::RefBinary`)
//! pointing at it. Sending such a binary copies the box, not the bytes.
//!
//! # Who owns a count
//!
//! Every `RefBinary` box in a heap block, a heap fragment or a message
//! fragment stands for one count, and the block that holds the box records
//! it in its [`OffHeap`] list as a [`BinRef`]. Dropping the list releases
//! the counts; the last release frees the bytes. The collector gives each
//! box it keeps a fresh count in the new heap's list, then drops the old
//! lists: a binary that no live box points to loses its last count there.
//!
//! The same list keeps the other counted objects a heap's terms refer to:
//! the native objects of magic references (`memory::resource`), one count
//! per box exactly as for binaries, and the persistent areas its terms
//! point into (`memory::area`), one count per area. Binaries keep their
//! own vector, so that pushing one costs what it did.
//!
//! The list also sums the sizes of the binaries it refers to, which is how
//! a process that drops many large binaries gets collected soon (BEAM's
//! "virtual heap"; see `Heap::wants_collection`).
//!
//! # Appending in place
//!
//! An off-heap binary has a capacity and a count of bytes in use. Appending
//! to a binary that ends exactly where the bytes in use end claims the next
//! bytes with one compare-and-swap and writes them in place; no holder of
//! the shorter binary can see them, as each box records its own size. Two
//! appends to the same binary cannot both claim the same bytes: the loser
//! copies. This is what makes `<<Acc/binary, Byte>>` in a loop amortised O(1).

use crate::memory::area::HeldAreas;
use crate::memory::resource::Resource;
use std::alloc::{self, Layout};
use std::ptr::NonNull;
use std::sync::atomic::{fence, AtomicUsize, Ordering};
use std::sync::Arc;

/// Binaries up to this many bytes live on the heap; longer ones off it.
pub const HEAP_BINARY_LIMIT: usize = 64;

/// Bytes held by every off-heap binary alive, for `erlang:memory(binary)`
/// and for tests that check memory returns to where it started.
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);
/// The number of off-heap binaries alive.
static LIVE_COUNT: AtomicUsize = AtomicUsize::new(0);

/// The bytes held by every off-heap binary alive, and how many there are.
pub fn live() -> (usize, usize) {
    (LIVE_BYTES.load(Ordering::Relaxed), LIVE_COUNT.load(Ordering::Relaxed))
}

/// The header of an off-heap binary; its bytes follow it in one allocation.
#[repr(C)]
pub struct OffHeapBinary {
    /// The counted references (see the module documentation).
    refs: AtomicUsize,
    /// Bytes in use: the longest binary built in this storage so far.
    used: AtomicUsize,
    /// Bytes allocated after the header.
    capacity: usize,
}

impl OffHeapBinary {
    fn layout(capacity: usize) -> Layout {
        Layout::new::<OffHeapBinary>()
            .extend(Layout::array::<u8>(capacity).expect("binary size overflows the address space"))
            .expect("binary size overflows the address space")
            .0
            .pad_to_align()
    }

    /// The first byte.
    #[inline(always)]
    pub fn data(&self) -> *mut u8 {
        // SAFETY: the bytes start right after the header in the same
        // allocation (`layout`); the header is `repr(C)` and its size a
        // multiple of its alignment, so no padding comes between.
        unsafe { (self as *const OffHeapBinary as *mut u8).add(std::mem::size_of::<OffHeapBinary>()) }
    }

    /// Bytes allocated.
    #[inline(always)]
    pub fn capacity(&self) -> usize {
        self.capacity
    }

    /// Bytes in use.
    #[inline(always)]
    pub fn used(&self) -> usize {
        self.used.load(Ordering::Acquire)
    }

    /// Claims bytes `[from, from + n)` for an append: succeeds only when
    /// `from` is where the bytes in use end and the capacity holds them.
    /// The caller then owns those bytes until it publishes a binary over them.
    pub fn claim(&self, from: usize, n: usize) -> bool {
        let Some(end) = from.checked_add(n) else { return false };
        end <= self.capacity && self.used.compare_exchange(from, end, Ordering::AcqRel, Ordering::Relaxed).is_ok()
    }
}

/// One counted reference to an off-heap binary; dropping it releases the count.
pub struct BinRef(NonNull<OffHeapBinary>);

// SAFETY: the count is atomic and the bytes of a binary are written only
// before it is shared (or, for appends, in bytes claimed by one writer
// alone), so references may move between and be used from any threads.
unsafe impl Send for BinRef {}
// SAFETY: as above; `&BinRef` only reads the header and published bytes.
unsafe impl Sync for BinRef {}

impl BinRef {
    /// A new binary of `capacity` bytes (zeroed), `used` of them in use.
    pub fn new(capacity: usize, used: usize) -> BinRef {
        debug_assert!(used <= capacity);
        let layout = OffHeapBinary::layout(capacity);
        // SAFETY: the layout has a non-zero size (the header).
        let raw = unsafe { alloc::alloc_zeroed(layout) } as *mut OffHeapBinary;
        let Some(ptr) = NonNull::new(raw) else { alloc::handle_alloc_error(layout) };
        // SAFETY: the allocation is large enough and aligned for the header.
        unsafe {
            ptr.as_ptr().write(OffHeapBinary { refs: AtomicUsize::new(1), used: AtomicUsize::new(used), capacity })
        };
        LIVE_BYTES.fetch_add(capacity, Ordering::Relaxed);
        LIVE_COUNT.fetch_add(1, Ordering::Relaxed);
        BinRef(ptr)
    }

    /// A new binary holding a copy of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> BinRef {
        let binary = BinRef::new(bytes.len(), bytes.len());
        // SAFETY: the new binary has room for the bytes and nobody else sees it yet.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), binary.data(), bytes.len()) };
        binary
    }

    /// Takes a new count on the binary at `ptr`.
    ///
    /// # Safety
    ///
    /// `ptr` must point to a live off-heap binary on which the caller holds
    /// a count (directly or through a box in a heap it owns).
    #[inline]
    pub unsafe fn acquire(ptr: *const OffHeapBinary) -> BinRef {
        // SAFETY: the caller guarantees the binary is alive.
        let header = unsafe { &*ptr };
        // Relaxed suffices for an increment from an existing count, as in `Arc`.
        header.refs.fetch_add(1, Ordering::Relaxed);
        // SAFETY: `ptr` is non-null: it points to a live binary.
        BinRef(unsafe { NonNull::new_unchecked(ptr as *mut OffHeapBinary) })
    }

    /// The binary's header.
    #[inline(always)]
    pub fn as_ptr(&self) -> *const OffHeapBinary {
        self.0.as_ptr()
    }

    /// The first byte.
    #[inline(always)]
    pub fn data(&self) -> *mut u8 {
        self.header().data()
    }

    /// The binary's header, for reading its sizes.
    #[inline(always)]
    pub fn header(&self) -> &OffHeapBinary {
        // SAFETY: this reference holds a count, so the binary is alive.
        unsafe { self.0.as_ref() }
    }
}

impl Drop for BinRef {
    fn drop(&mut self) {
        if self.header().refs.fetch_sub(1, Ordering::Release) != 1 {
            return;
        }
        // Every other holder's writes happen before this free, as in `Arc`.
        fence(Ordering::Acquire);
        let capacity = self.header().capacity;
        LIVE_BYTES.fetch_sub(capacity, Ordering::Relaxed);
        LIVE_COUNT.fetch_sub(1, Ordering::Relaxed);
        // SAFETY: this was the last count: nothing else refers to the
        // allocation, which came from `alloc_zeroed` with this layout.
        unsafe { alloc::dealloc(self.0.as_ptr() as *mut u8, OffHeapBinary::layout(capacity)) }
    }
}

/// The counted references held by one heap (or message fragment), and the
/// bytes they refer to.
#[derive(Default)]
pub struct OffHeap {
    refs: Vec<BinRef>,
    bytes: usize,
    /// Counts on native objects, one per `MagicRef` box.
    resources: Vec<Arc<Resource>>,
    /// Counts on the persistent areas terms may point into, one per area.
    areas: HeldAreas,
}

impl std::fmt::Debug for OffHeap {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "OffHeap({} binaries, {} native objects, {} areas, {} bytes)",
            self.refs.len(),
            self.resources.len(),
            self.areas.len(),
            self.bytes
        )
    }
}

impl OffHeap {
    /// Records a count held by a box in the owning heap, counting the
    /// binary's whole storage toward the virtual heap.
    #[inline]
    pub fn push(&mut self, binary: BinRef) {
        let capacity = binary.header().capacity;
        self.push_counting(binary, capacity);
    }

    /// Records a count, counting only `bytes` toward the virtual heap: an
    /// append in place adds a box over storage the heap already counts,
    /// and only the bytes appended are new.
    #[inline]
    pub fn push_counting(&mut self, binary: BinRef, bytes: usize) {
        self.bytes += bytes;
        self.refs.push(binary);
    }

    /// Records a count on a native object held by a `MagicRef` box in the
    /// owning heap, counting its memory toward the virtual heap.
    #[inline]
    pub fn push_resource(&mut self, resource: Arc<Resource>) {
        self.bytes += resource.memory();
        self.resources.push(resource);
    }

    /// The persistent areas the owning heap holds counts on.
    #[inline]
    pub fn areas(&self) -> &HeldAreas {
        &self.areas
    }

    /// The persistent areas, to take a count on one more.
    #[inline]
    pub fn areas_mut(&mut self) -> &mut HeldAreas {
        &mut self.areas
    }

    /// Takes the counts on persistent areas out of the list (the collector
    /// keeps those live terms still point into).
    pub(crate) fn take_areas(&mut self) -> HeldAreas {
        std::mem::take(&mut self.areas)
    }

    /// Installs counts on persistent areas.
    pub(crate) fn set_areas(&mut self, areas: HeldAreas) {
        debug_assert!(self.areas.is_empty());
        self.areas = areas;
    }

    /// Moves every count of `other` into this list.
    pub fn append(&mut self, other: &mut OffHeap) {
        self.bytes += std::mem::take(&mut other.bytes);
        self.refs.append(&mut other.refs);
        self.resources.append(&mut other.resources);
        if !other.areas.is_empty() {
            self.areas.append(&mut other.areas);
        }
    }

    /// The bytes of the binaries referred to (each counted once per reference).
    #[inline(always)]
    pub fn bytes(&self) -> usize {
        self.bytes
    }

    /// The number of counts held: on binaries, native objects and areas.
    pub fn len(&self) -> usize {
        self.refs.len() + self.resources.len() + self.areas.len()
    }

    /// Whether no count is held.
    pub fn is_empty(&self) -> bool {
        self.refs.is_empty() && self.resources.is_empty() && self.areas.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_releases_the_counts_it_holds() {
        let first = BinRef::from_bytes(&[7; 100]);
        // SAFETY: `first` holds a count.
        let (second, watcher) = unsafe { (BinRef::acquire(first.as_ptr()), BinRef::acquire(first.as_ptr())) };
        let mut list = OffHeap::default();
        list.push(first);
        list.push(second);
        assert_eq!(list.bytes(), 200);
        assert_eq!(list.len(), 2);
        assert_eq!(watcher.header().refs.load(Ordering::Relaxed), 3);
        drop(list);
        assert_eq!(watcher.header().refs.load(Ordering::Relaxed), 1, "the list released both its counts");
    }

    #[test]
    fn only_one_append_claims_the_same_bytes() {
        let binary = Arc::new(BinRef::new(1 << 16, 0));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let binary = Arc::clone(&binary);
                std::thread::spawn(move || {
                    let mut claimed = 0;
                    let mut from = 0;
                    while from < 1 << 16 {
                        if binary.header().claim(from, 1) {
                            claimed += 1;
                            from += 1;
                        } else {
                            from = binary.header().used();
                        }
                    }
                    claimed
                })
            })
            .collect();
        let total: usize = threads.into_iter().map(|t| t.join().unwrap()).sum();
        assert_eq!(total, 1 << 16);
        assert!(!binary.header().claim(1 << 16, 1), "no claim beyond the capacity");
        assert!(!binary.header().claim(3, 1), "no claim behind the end in use");
    }

    #[test]
    fn counts_taken_and_dropped_on_two_threads_balance() {
        // Each thread takes and drops counts on binaries the other also holds.
        let shared: Arc<Vec<BinRef>> = Arc::new((0..64).map(|i| BinRef::from_bytes(&[i as u8; 200])).collect());
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || {
                    for round in 0..20_000 {
                        let mut list = OffHeap::default();
                        for binary in shared.iter().skip(round % 7) {
                            // SAFETY: `shared` holds a count on every binary.
                            list.push(unsafe { BinRef::acquire(binary.as_ptr()) });
                        }
                        drop(list);
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        for binary in shared.iter() {
            assert_eq!(binary.header().refs.load(Ordering::Relaxed), 1);
        }
    }
}
