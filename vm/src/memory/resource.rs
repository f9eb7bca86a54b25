//! Counted native objects off the heaps, held through magic references.
//!
//! OTP gives some native objects to Erlang code as a reference that also
//! keeps the object alive, a "magic reference": `counters:new/2` and
//! `atomics:new/2` return one. In girder such a reference is a
//! `BoxKind::MagicRef` box, `[header, number, address]`, whose address is
//! that of an `Arc<Resource>`'s contents. Exactly as for off-heap binaries
//! (`memory::off_heap`), every box in a heap block, a heap fragment or a
//! message fragment stands for one count of the `Arc`, recorded in the
//! block's [`OffHeap`](super::off_heap::OffHeap) list; the collector takes
//! a fresh count for each box it keeps and drops the old list; a copy (a
//! send) takes a count for the box it copies; a process's end drops its
//! list. The object is freed with its last count.
//!
//! The objects are the arrays of `atomics` ([`AtomicArray`]) and of
//! `counters` made with `write_concurrency` ([`CounterArray`]); plain
//! `counters` are `atomics` arrays, as in OTP. Every operation on an
//! element is one atomic instruction on one word: no lock anywhere.

use std::alloc::{self, Layout};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use crate::term::{BoxKind, Term};

/// The number of native objects alive.
static LIVE_COUNT: AtomicUsize = AtomicUsize::new(0);
/// The bytes they hold.
static LIVE_BYTES: AtomicUsize = AtomicUsize::new(0);

/// The bytes held by every native object alive, and how many there are,
/// for tests that check each is freed exactly once.
pub fn live() -> (usize, usize) {
    (LIVE_BYTES.load(Ordering::Relaxed), LIVE_COUNT.load(Ordering::Relaxed))
}

/// A native object a magic reference holds.
#[derive(Debug)]
pub enum Resource {
    /// The array of `atomics:new/2` (and of `counters:new/2` without
    /// `write_concurrency`).
    Atomics(AtomicArray),
    /// The array of `counters:new/2` with `write_concurrency`.
    Counters(CounterArray),
    /// An object of a room above this one, which only that room looks
    /// inside: an ETS table (`ets::Table`), whose identifier is the magic
    /// reference.
    Native(Box<dyn Native>),
}

/// A native object whose type this room does not know, held by magic
/// references like the arrays. Its bytes change as it is used, so the
/// count of live bytes takes only the box that holds it.
pub trait Native: std::any::Any + Send + Sync + std::fmt::Debug {
    /// The object, for its room to downcast.
    fn as_any(&self) -> &dyn std::any::Any;
}

impl Resource {
    /// The bytes the object holds, its `Arc` included, for `info/1` and
    /// the virtual heap of the heaps that hold it.
    pub fn memory(&self) -> usize {
        let cells = match self {
            Resource::Atomics(array) => std::mem::size_of_val(&*array.cells),
            Resource::Counters(array) => std::mem::size_of_val(&*array.lines),
            Resource::Native(_) => 0,
        };
        // The `Arc`'s two counts, then the object.
        2 * std::mem::size_of::<usize>() + std::mem::size_of::<Resource>() + cells
    }

    /// Wraps an object to be held by magic references.
    pub fn into_counted(self) -> Arc<Resource> {
        LIVE_COUNT.fetch_add(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_add(self.memory(), Ordering::Relaxed);
        Arc::new(self)
    }
}

impl Drop for Resource {
    fn drop(&mut self) {
        LIVE_COUNT.fetch_sub(1, Ordering::Relaxed);
        LIVE_BYTES.fetch_sub(self.memory(), Ordering::Relaxed);
    }
}

/// The object a magic reference holds, or `None` for any other term.
///
/// The object lives at least as long as the term is reachable from the
/// heap that holds it (its box holds a count), so for the whole call of
/// the BIF that received the term.
pub fn resource_of<'a>(term: Term) -> Option<&'a Resource> {
    if !term.is_box_of(BoxKind::MagicRef) {
        return None;
    }
    let address = term.payload()[1].raw() as *const Resource;
    // SAFETY: a `MagicRef` box's second payload word is the address of an
    // `Arc<Resource>`'s contents, on which the box's heap holds a count
    // (module documentation), so the object is alive while the term is.
    Some(unsafe { &*address })
}

/// Takes a new count on the object a `MagicRef` box's address word names.
///
/// # Safety
///
/// `address` must be the address word of a `MagicRef` box whose holder
/// holds a count, so that the object is alive.
#[inline]
pub(crate) unsafe fn acquire(address: u64) -> Arc<Resource> {
    let ptr = address as *const Resource;
    // SAFETY: the caller guarantees `ptr` came from `Arc::as_ptr` of a live
    // `Arc<Resource>`; one more strong count is then handed to `from_raw`.
    unsafe {
        Arc::increment_strong_count(ptr);
        Arc::from_raw(ptr)
    }
}

/// `n` zeroed elements of `T` in one allocation from the global
/// allocator, or `None` when there is no room: the memory is asked of the
/// system without being written, so a large array costs nothing until
/// used, and a size the system cannot give is an error, not an abort.
///
/// # Safety
///
/// All-zero bytes must be a valid `T`.
unsafe fn zeroed_slice<T>(n: usize) -> Option<Box<[T]>> {
    let layout = Layout::array::<T>(n).ok()?;
    if layout.size() == 0 {
        return None;
    }
    // SAFETY: the layout has a non-zero size.
    let ptr = unsafe { alloc::alloc_zeroed(layout) } as *mut T;
    if ptr.is_null() {
        return None;
    }
    // SAFETY: `ptr` is an allocation of `layout`, which is the layout of a
    // `[T]` of `n` elements, as a `Box<[T]>` frees it; its zeroed bytes
    // are `n` valid elements (the caller's guarantee).
    Some(unsafe { Box::from_raw(std::ptr::slice_from_raw_parts_mut(ptr, n)) })
}

/// The values a cell of an [`AtomicArray`] holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signedness {
    /// From `-(2^63)` to `2^63 - 1`.
    Signed,
    /// From 0 to `2^64 - 1`.
    Unsigned,
}

/// A cell's value as stored: 64 bits, read through the array's
/// [`Signedness`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Value {
    /// A signed value.
    Signed(i64),
    /// An unsigned value.
    Unsigned(u64),
}

/// `atomics`' array: 64-bit cells, each read and written by one atomic
/// instruction, sequentially consistent, as OTP's atomics are (full
/// barriers).
#[derive(Debug)]
pub struct AtomicArray {
    signedness: Signedness,
    cells: Box<[AtomicU64]>,
}

impl AtomicArray {
    /// An array of `size` cells, all 0; `None` when `size` is 0 or the
    /// memory cannot be had.
    pub fn new(size: usize, signedness: Signedness) -> Option<AtomicArray> {
        // SAFETY: all-zero bytes are an `AtomicU64` holding 0.
        let cells = unsafe { zeroed_slice::<AtomicU64>(size) }?;
        Some(AtomicArray { signedness, cells })
    }

    /// The number of cells.
    pub fn size(&self) -> usize {
        self.cells.len()
    }

    /// Whether the cells hold signed values.
    pub fn signedness(&self) -> Signedness {
        self.signedness
    }

    /// The 64 bits of `value` when the array's cells can hold it.
    pub fn bits_of(&self, value: Value) -> Option<u64> {
        match (self.signedness, value) {
            (Signedness::Signed, Value::Signed(value)) => Some(value as u64),
            (Signedness::Signed, Value::Unsigned(value)) => i64::try_from(value).ok().map(|value| value as u64),
            (Signedness::Unsigned, Value::Unsigned(value)) => Some(value),
            (Signedness::Unsigned, Value::Signed(value)) => u64::try_from(value).ok(),
        }
    }

    /// A cell's bits read as the array's values.
    pub fn value_of(&self, bits: u64) -> Value {
        match self.signedness {
            Signedness::Signed => Value::Signed(bits as i64),
            Signedness::Unsigned => Value::Unsigned(bits),
        }
    }

    /// The cell at 0-based `index`, if there is one.
    #[inline]
    pub fn cell(&self, index: usize) -> Option<&AtomicU64> {
        self.cells.get(index)
    }
}

/// Eight 64-bit counters on a cache line of their own.
#[derive(Debug)]
#[repr(align(64))]
struct Line([AtomicU64; 8]);

/// The array of `counters` made with `write_concurrency`: each counter is
/// kept in one cell per stripe, the stripes on cache lines of their own,
/// and each thread adds to its own stripe's cell, so that threads adding
/// to one counter do not contend for one cache line (OTP keeps one stripe
/// per scheduler). A read sums the stripes; a put writes the value in the
/// first stripe and 0 in the others, which, as in OTP, is not atomic with
/// respect to adds made at the same time.
#[derive(Debug)]
pub struct CounterArray {
    size: usize,
    stripes: usize,
    /// Cache lines a stripe takes.
    stride: usize,
    lines: Box<[Line]>,
}

/// The stripe each thread adds to: threads take numbers in turn as they
/// first add, so that a VM's scheduler threads spread over the stripes.
fn thread_stripe() -> usize {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    thread_local! {
        static STRIPE: usize = NEXT.fetch_add(1, Ordering::Relaxed);
    }
    STRIPE.with(|stripe| *stripe)
}

impl CounterArray {
    /// An array of `size` counters, all 0, kept in `stripes` stripes (at
    /// least one); `None` when `size` is 0 or the memory cannot be had.
    pub fn new(size: usize, stripes: usize) -> Option<CounterArray> {
        let stripes = stripes.max(1);
        let stride = size.div_ceil(8);
        let n_lines = stride.checked_mul(stripes)?;
        // SAFETY: all-zero bytes are eight `AtomicU64`s holding 0.
        let lines = unsafe { zeroed_slice::<Line>(n_lines) }?;
        (size > 0).then_some(CounterArray { size, stripes, stride, lines })
    }

    /// The number of counters.
    pub fn size(&self) -> usize {
        self.size
    }

    #[inline]
    fn cell(&self, stripe: usize, index: usize) -> &AtomicU64 {
        &self.lines[stripe * self.stride + index / 8].0[index % 8]
    }

    /// Adds `increment` (64 bits, wrapping) to counter `index` (0-based,
    /// below [`CounterArray::size`]) in the calling thread's stripe.
    #[inline]
    pub fn add(&self, index: usize, increment: u64) {
        debug_assert!(index < self.size);
        self.cell(thread_stripe() % self.stripes, index).fetch_add(increment, Ordering::Relaxed);
    }

    /// The value of counter `index`: the wrapping sum of its stripes.
    pub fn get(&self, index: usize) -> i64 {
        debug_assert!(index < self.size);
        (0..self.stripes).fold(0u64, |sum, stripe| sum.wrapping_add(self.cell(stripe, index).load(Ordering::Relaxed)))
            as i64
    }

    /// Sets counter `index` to `value`.
    pub fn put(&self, index: usize, value: i64) {
        debug_assert!(index < self.size);
        for stripe in 1..self.stripes {
            self.cell(stripe, index).store(0, Ordering::Relaxed);
        }
        self.cell(0, index).store(value as u64, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_threads_adding_to_one_counter_lose_nothing() {
        for resource in [
            Resource::Atomics(AtomicArray::new(3, Signedness::Signed).unwrap()).into_counted(),
            Resource::Counters(CounterArray::new(3, 2).unwrap()).into_counted(),
        ] {
            let threads: Vec<_> = (0..2)
                .map(|_| {
                    let resource = Arc::clone(&resource);
                    std::thread::spawn(move || {
                        for _ in 0..1_000_000 {
                            match &*resource {
                                Resource::Atomics(array) => {
                                    array.cell(1).unwrap().fetch_add(1, Ordering::SeqCst);
                                }
                                Resource::Counters(array) => array.add(1, 1),
                                Resource::Native(_) => unreachable!("only arrays here"),
                            }
                        }
                    })
                })
                .collect();
            for thread in threads {
                thread.join().unwrap();
            }
            let total = match &*resource {
                Resource::Atomics(array) => array.cell(1).unwrap().load(Ordering::SeqCst) as i64,
                Resource::Counters(array) => array.get(1),
                Resource::Native(_) => unreachable!("only arrays here"),
            };
            assert_eq!(total, 2_000_000);
        }
    }

    #[test]
    fn counters_wrap_and_put_resets_every_stripe() {
        let array = CounterArray::new(9, 4).unwrap();
        assert_eq!(array.stride, 2, "nine counters take two lines a stripe");
        array.put(8, i64::MAX);
        array.add(8, 1);
        assert_eq!(array.get(8), i64::MIN);
        std::thread::scope(|scope| {
            for _ in 0..3 {
                scope.spawn(|| array.add(8, 5));
            }
        });
        array.put(8, -7);
        assert_eq!(array.get(8), -7);
        assert_eq!(array.get(7), 0, "neighbours untouched");
    }

    #[test]
    fn values_fit_the_signedness() {
        let signed = AtomicArray::new(1, Signedness::Signed).unwrap();
        let unsigned = AtomicArray::new(1, Signedness::Unsigned).unwrap();
        assert_eq!(signed.bits_of(Value::Signed(-1)), Some(u64::MAX));
        assert_eq!(signed.bits_of(Value::Unsigned(1 << 63)), None);
        assert_eq!(unsigned.bits_of(Value::Signed(-1)), None);
        assert_eq!(unsigned.bits_of(Value::Unsigned(u64::MAX)), Some(u64::MAX));
        assert_eq!(signed.value_of(u64::MAX), Value::Signed(-1));
        assert_eq!(unsigned.value_of(u64::MAX), Value::Unsigned(u64::MAX));
    }

    #[test]
    fn sizes_the_system_cannot_give_are_refused() {
        assert!(AtomicArray::new(0, Signedness::Signed).is_none());
        assert!(CounterArray::new(0, 2).is_none());
        assert!(AtomicArray::new(usize::MAX / 4, Signedness::Signed).is_none());
        assert!(CounterArray::new(usize::MAX / 2, 3).is_none());
    }

    #[test]
    fn each_object_is_freed_once_by_its_last_count() {
        let resource = Resource::Atomics(AtomicArray::new(1000, Signedness::Signed).unwrap()).into_counted();
        let address = Arc::as_ptr(&resource) as u64;
        let memory = resource.memory();
        assert!(memory > 8000);
        // SAFETY: `resource` holds a count.
        let counts: Vec<_> = (0..100).map(|_| unsafe { acquire(address) }).collect();
        assert_eq!(Arc::strong_count(&resource), 101);
        let threads: Vec<_> = counts
            .into_iter()
            .map(|count| {
                std::thread::spawn(move || {
                    let Resource::Atomics(array) = &*count else { unreachable!() };
                    array.cell(999).unwrap().fetch_add(1, Ordering::SeqCst);
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(Arc::strong_count(&resource), 1);
        let Resource::Atomics(array) = &*resource else { unreachable!() };
        assert_eq!(array.cell(999).unwrap().load(Ordering::SeqCst), 100);
        assert!(Arc::into_inner(resource).is_some(), "the last count frees it");
    }
}
