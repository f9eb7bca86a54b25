//! Bitstrings: reading any of their three forms, building them, slicing
//! them, appending to them, and the state of a binary match.
//!
//! A bitstring is one of three boxes (see [`BoxKind`]):
//!
//! - `Binary`, its bytes on the heap after a size word; every bitstring up
//!   to [`HEAP_BINARY_LIMIT`] bytes, and literals of any size;
//! - `RefBinary`, its bytes off the heap, shared by every heap holding it
//!   and counted (`memory::off_heap`);
//! - `SubBinary`, a slice (any bit offset, any bit size) of one of those two.
//!
//! Sizes are in bits throughout: a binary is a bitstring whose size is a
//! multiple of 8. [`BitSlice`] reads all three forms the same way.
//!
//! A `MatchContext` is the state of a `bs_start_match` over one bitstring:
//! its start, end and current position. It lives in registers during a
//! match and is never a value Erlang code can see.
//!
//! Bit order is big-endian within bytes, as in Erlang: bit 0 of a
//! bitstring is the most significant bit of its first byte, and the unused
//! low bits of a last partial byte are zero in every bitstring built here.

use crate::memory::heap::Heap;
use crate::memory::off_heap::{BinRef, OffHeapBinary, HEAP_BINARY_LIMIT};
use crate::term::{BoxKind, Term};
use std::borrow::Cow;

/// Appends grow an off-heap binary to at least this many bytes.
const MIN_WRITABLE_BYTES: usize = 256;

/// A view of the bits of a bitstring: `size` bits starting `offset` bits
/// into the bytes at `base`. Valid until the next collection of the heap
/// holding the bitstring (as any term is).
#[derive(Clone, Copy, Debug)]
pub struct BitSlice<'a> {
    base: &'a [u8],
    offset: usize,
    size: usize,
}

impl<'a> BitSlice<'a> {
    /// The bits of `bytes`, all of them.
    pub fn of_bytes(bytes: &'a [u8]) -> BitSlice<'a> {
        BitSlice { base: bytes, offset: 0, size: bytes.len() * 8 }
    }

    /// `size` bits of `bytes` starting at bit `offset`; `None` when they do
    /// not lie within `bytes`.
    pub fn new(bytes: &'a [u8], offset: usize, size: usize) -> Option<BitSlice<'a>> {
        let end = offset.checked_add(size)?;
        (end <= bytes.len().checked_mul(8)?).then_some(BitSlice { base: bytes, offset, size })
    }

    /// The size in bits.
    #[inline(always)]
    pub fn bit_size(&self) -> usize {
        self.size
    }

    /// The size in whole and partial bytes (`byte_size/1`).
    #[inline(always)]
    pub fn byte_size(&self) -> usize {
        self.size.div_ceil(8)
    }

    /// Whether the size is a whole number of bytes.
    #[inline(always)]
    pub fn is_binary(&self) -> bool {
        self.size.is_multiple_of(8)
    }

    /// The bytes, without copying, when the slice starts on a byte boundary
    /// and is a whole number of bytes.
    #[inline]
    pub fn as_bytes(&self) -> Option<&'a [u8]> {
        (self.offset.is_multiple_of(8) && self.size.is_multiple_of(8))
            .then(|| &self.base[self.offset / 8..(self.offset + self.size) / 8])
    }

    /// The bytes, the last one partial (its unused low bits zero) when the
    /// size is not a whole number of bytes; borrowed when aligned.
    pub fn to_bytes(&self) -> Cow<'a, [u8]> {
        if self.offset.is_multiple_of(8) && self.size.is_multiple_of(8) {
            return Cow::Borrowed(&self.base[self.offset / 8..(self.offset + self.size) / 8]);
        }
        let mut bytes = vec![0u8; self.byte_size()];
        copy_bits(self, &mut bytes, 0);
        Cow::Owned(bytes)
    }

    /// Bits `[from, from + size)` of this slice; `None` when they do not lie within it.
    pub fn slice(&self, from: usize, size: usize) -> Option<BitSlice<'a>> {
        let end = from.checked_add(size)?;
        (end <= self.size).then_some(BitSlice { base: self.base, offset: self.offset + from, size })
    }

    /// Bit `index` (0 is the first, the most significant of the first byte).
    #[inline]
    pub fn bit(&self, index: usize) -> bool {
        debug_assert!(index < self.size);
        let at = self.offset + index;
        self.base[at / 8] & (0x80 >> (at % 8)) != 0
    }

    /// `n` bits (at most 64) from bit `from`, as an unsigned big-endian
    /// number; the caller checks that they lie within the slice.
    #[inline]
    pub fn read_bits(&self, from: usize, n: usize) -> u64 {
        debug_assert!(n <= 64 && from + n <= self.size);
        let mut at = self.offset + from;
        let mut left = n;
        let mut value: u64 = 0;
        // Leading partial byte, whole bytes, trailing partial byte.
        while left > 0 {
            let byte = self.base[at / 8];
            let bit = at % 8;
            let take = (8 - bit).min(left);
            let chunk = (byte >> (8 - bit - take)) & ((1u16 << take) - 1) as u8;
            value = if take == 64 { u64::from(chunk) } else { (value << take) | u64::from(chunk) };
            at += take;
            left -= take;
        }
        value
    }

    /// The byte `index` bytes into the slice (`size` at least `8 * (index + 1)`).
    #[inline]
    pub fn byte(&self, index: usize) -> u8 {
        let at = self.offset + 8 * index;
        if at.is_multiple_of(8) {
            self.base[at / 8]
        } else {
            let shift = at % 8;
            (self.base[at / 8] << shift) | (self.base[at / 8 + 1] >> (8 - shift))
        }
    }
}

impl PartialEq for BitSlice<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for BitSlice<'_> {}

impl PartialOrd for BitSlice<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for BitSlice<'_> {
    /// Erlang's order of bitstrings: bit by bit, then the shorter first.
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        if let (Some(a), Some(b)) = (self.as_bytes(), other.as_bytes()) {
            return a.cmp(b);
        }
        let common = self.size.min(other.size);
        let whole = common / 8;
        for index in 0..whole {
            match self.byte(index).cmp(&other.byte(index)) {
                std::cmp::Ordering::Equal => {}
                unequal => return unequal,
            }
        }
        let rest = common % 8;
        if rest > 0 {
            let a = self.read_bits(8 * whole, rest);
            let b = other.read_bits(8 * whole, rest);
            if a != b {
                return a.cmp(&b);
            }
        }
        self.size.cmp(&other.size)
    }
}

/// Copies the bits of `source` into `destination` starting at bit `at`,
/// leaving the other bits of `destination` as they are.
pub fn copy_bits(source: &BitSlice<'_>, destination: &mut [u8], at: usize) {
    let n = source.size;
    if n == 0 {
        return;
    }
    assert!(at + n <= destination.len() * 8, "bit copy beyond its destination");
    if at.is_multiple_of(8) && source.offset.is_multiple_of(8) {
        let whole = n / 8;
        let from = source.offset / 8;
        destination[at / 8..at / 8 + whole].copy_from_slice(&source.base[from..from + whole]);
        let rest = n % 8;
        if rest > 0 {
            let mask = 0xffu8 << (8 - rest);
            let byte = &mut destination[at / 8 + whole];
            *byte = (*byte & !mask) | (source.base[from + whole] & mask);
        }
        return;
    }
    // Unaligned: whole bytes read from the source, written across two
    // destination bytes; then the leftover bits one chunk at a time.
    let mut done = 0;
    while n - done >= 8 {
        write_bits(destination, at + done, 8, u64::from(source.byte(done / 8)));
        done += 8;
    }
    if done < n {
        write_bits(destination, at + done, n - done, source.read_bits(done, n - done));
    }
}

/// Writes the low `n` bits (at most 64) of `value`, most significant first,
/// into `destination` at bit `at`, leaving the other bits as they are.
#[inline]
pub fn write_bits(destination: &mut [u8], at: usize, n: usize, value: u64) {
    debug_assert!(n <= 64 && at + n <= destination.len() * 8);
    let mut left = n;
    let mut position = at;
    while left > 0 {
        let bit = position % 8;
        let take = (8 - bit).min(left);
        let chunk = ((value >> (left - take)) & ((1u64 << take) - 1)) as u8;
        let shift = 8 - bit - take;
        let mask = (((1u16 << take) - 1) as u8) << shift;
        let byte = &mut destination[position / 8];
        *byte = (*byte & !mask) | (chunk << shift);
        position += take;
        left -= take;
    }
}

// ---- reading terms ----

/// The bits of a bitstring term (any of its three forms); `None` for
/// anything else, a match context included.
#[inline]
pub fn bitstring<'a>(term: Term) -> Option<BitSlice<'a>> {
    if !term.is_boxed() {
        return None;
    }
    match term.box_kind() {
        BoxKind::Binary | BoxKind::RefBinary => Some(whole(term)),
        BoxKind::SubBinary => {
            let payload = term.payload();
            let base = whole(payload[0]);
            let offset = payload[1].as_small().unwrap_or(0) as usize;
            let size = payload[2].as_small().unwrap_or(0) as usize;
            Some(BitSlice { base: base.base, offset, size })
        }
        _ => None,
    }
}

/// The bits of a `Binary` or `RefBinary` box.
#[inline]
fn whole<'a>(term: Term) -> BitSlice<'a> {
    let payload = term.payload();
    let size = payload[0].raw() as usize;
    let base = if term.box_kind() == BoxKind::Binary {
        // SAFETY: a `Binary` payload holds the size word, then the bytes
        // (`size` bits rounded up) packed in the following words.
        unsafe { std::slice::from_raw_parts(payload.as_ptr().add(1) as *const u8, size.div_ceil(8)) }
    } else {
        debug_assert_eq!(term.box_kind(), BoxKind::RefBinary);
        // SAFETY: a `RefBinary` box holds a count on the off-heap binary
        // it points to, whose first `size` bits are published and never
        // written again (appends write only beyond every box's size).
        unsafe {
            let binary = &*(payload[1].raw() as *const OffHeapBinary);
            std::slice::from_raw_parts(binary.data(), size.div_ceil(8))
        }
    };
    BitSlice { base, offset: 0, size }
}

/// The bytes of a binary (a bitstring of whole bytes), borrowed unless the
/// binary is a slice that starts off a byte boundary; `None` for anything else.
pub fn binary_bytes<'a>(term: Term) -> Option<Cow<'a, [u8]>> {
    let bits = bitstring(term)?;
    bits.is_binary().then(|| bits.to_bytes())
}

/// Whether `term` is a bitstring.
#[inline(always)]
pub fn is_bitstring(term: Term) -> bool {
    term.is_boxed() && term.box_kind().is_bitstring()
}

/// Whether `term` is a binary: a bitstring of whole bytes.
#[inline]
pub fn is_binary(term: Term) -> bool {
    bitstring(term).is_some_and(|bits| bits.is_binary())
}

// ---- building ----

/// The number of payload words a heap bitstring of `n_bytes` bytes takes:
/// the size word, then the bytes packed eight to a word.
#[inline]
pub(crate) const fn binary_arity(n_bytes: usize) -> usize {
    1 + n_bytes.div_ceil(8)
}

/// Writes a heap bitstring (header, size in bits, bytes, zeroed padding) of
/// `size` bits taken from `bytes` at `ptr`, which must have room for
/// `1 + binary_arity(bytes.len())` words; `bytes` holds `size` bits rounded
/// up to whole bytes, unused low bits zero.
///
/// # Safety
///
/// `ptr` must be valid for writes of that many words.
pub(crate) unsafe fn write_bitstring(ptr: *mut Term, bytes: &[u8], size: usize) {
    debug_assert_eq!(bytes.len(), size.div_ceil(8));
    let arity = binary_arity(bytes.len());
    // SAFETY: the caller provides 1 + arity writable words; the padding word
    // is zeroed before the bytes are copied over it.
    unsafe {
        ptr.write(Term::header(BoxKind::Binary, arity));
        ptr.add(1).write(Term::from_raw(size as u64));
        if arity > 1 {
            ptr.add(arity).write(Term::from_raw(0));
        }
        std::ptr::copy_nonoverlapping(bytes.as_ptr(), ptr.add(2) as *mut u8, bytes.len());
    }
}

/// Writes a heap binary holding `bytes` at `ptr` (see [`write_bitstring`]).
///
/// # Safety
///
/// `ptr` must be valid for writes of `1 + binary_arity(bytes.len())` words.
pub(crate) unsafe fn write_binary(ptr: *mut Term, bytes: &[u8]) {
    // SAFETY: as the caller guarantees.
    unsafe { write_bitstring(ptr, bytes, bytes.len() * 8) }
}

/// A new bitstring of `size` bits, all zero, on `heap` or off it by its
/// size, with its bytes to fill in. The bytes are the new bitstring's own
/// until the term is shared, and valid until the heap's next collection
/// (the caller fills them before any safe point); the unused low bits of a
/// last partial byte must stay zero.
pub fn new_bitstring<'h>(heap: &mut Heap, size: usize) -> (Term, &'h mut [u8]) {
    let n_bytes = size.div_ceil(8);
    if n_bytes <= HEAP_BINARY_LIMIT {
        let arity = binary_arity(n_bytes);
        let ptr = heap.alloc(1 + arity);
        // SAFETY: the allocation has 1 + arity words: header, size, then the
        // byte words, zeroed here and handed out as bytes.
        unsafe {
            ptr.write(Term::header(BoxKind::Binary, arity));
            ptr.add(1).write(Term::from_raw(size as u64));
            for index in 2..=arity {
                ptr.add(index).write(Term::from_raw(0));
            }
            (Term::boxed_ptr(ptr), std::slice::from_raw_parts_mut(ptr.add(2) as *mut u8, n_bytes))
        }
    } else {
        let binary = BinRef::new(n_bytes, n_bytes);
        // SAFETY: the new binary's bytes are zeroed and nobody else sees them yet.
        let bytes = unsafe { std::slice::from_raw_parts_mut(binary.data(), n_bytes) };
        (ref_binary(heap, binary, size, n_bytes), bytes)
    }
}

/// A `RefBinary` box of `size` bits over `binary`, whose count the heap
/// keeps, counting `new_bytes` toward its virtual heap.
fn ref_binary(heap: &mut Heap, binary: BinRef, size: usize, new_bytes: usize) -> Term {
    let ptr = heap.alloc(3);
    // SAFETY: the allocation has the header and two payload words.
    unsafe {
        ptr.write(Term::header(BoxKind::RefBinary, 2));
        ptr.add(1).write(Term::from_raw(size as u64));
        ptr.add(2).write(Term::from_raw(binary.as_ptr() as u64));
    }
    heap.hold_off_heap(binary, new_bytes);
    Term::boxed_ptr(ptr)
}

/// A binary holding a copy of `bytes`, on `heap` or off it by its size.
pub fn binary(heap: &mut Heap, bytes: &[u8]) -> Term {
    let (term, destination) = new_bitstring(heap, bytes.len() * 8);
    destination.copy_from_slice(bytes);
    term
}

/// A bitstring holding a copy of `bits`.
pub fn bitstring_of(heap: &mut Heap, bits: &BitSlice<'_>) -> Term {
    let (term, destination) = new_bitstring(heap, bits.size);
    copy_bits(bits, destination, 0);
    term
}

/// Bits `[offset, offset + size)` of bitstring `term` as a new term:
/// `term` itself when that is all of it, otherwise a slice sharing its
/// bytes. For a match context, `offset` is a position as the context
/// counts them (see [`matching`]). The caller checks the range lies within.
pub fn sub_bitstring(heap: &mut Heap, term: Term, offset: usize, size: usize) -> Term {
    let (original, base) = match term.box_kind() {
        BoxKind::SubBinary => (term.payload()[0], term.payload()[1].as_small().unwrap_or(0) as usize),
        BoxKind::MatchContext => (term.payload()[0], 0),
        _ => (term, 0),
    };
    let absolute = base + offset;
    if absolute == 0 && size == whole(original).size {
        return original;
    }
    let ptr = heap.alloc(4);
    // SAFETY: the allocation has the header and three payload words, all terms.
    unsafe {
        ptr.write(Term::header(BoxKind::SubBinary, 3));
        ptr.add(1).write(original);
        ptr.add(2).write(Term::small_unchecked(absolute as i64));
        ptr.add(3).write(Term::small_unchecked(size as i64));
    }
    Term::boxed_ptr(ptr)
}

/// Where an append writes: the bytes from the one holding the first new
/// bit, and that bit's offset in the first byte. The bytes before, which
/// other holders may be reading, are not part of it.
pub struct AppendTarget<'h> {
    /// The bytes from the one holding the first new bit to the end.
    pub bytes: &'h mut [u8],
    /// The first new bit's offset in `bytes` (below 8).
    pub at: usize,
}

/// Builds `acc` followed by `extra` more bits, returning the new bitstring
/// and where to write the extra bits.
///
/// When `acc` is an off-heap binary whose bytes end where its storage's
/// bytes in use end, the extra bits are claimed in place (see
/// `memory::off_heap`); otherwise the bits are copied into new storage
/// with room to spare, so that appending in a loop is amortised O(1).
/// `None` when `acc` is no bitstring.
pub fn append<'h>(heap: &mut Heap, acc: Term, extra: usize) -> Option<(Term, AppendTarget<'h>)> {
    let bits = bitstring(acc)?;
    let size = bits.size.checked_add(extra)?;
    let n_bytes = size.div_ceil(8);
    let first = bits.size / 8;
    if let Some(storage) = writable_storage(acc) {
        // SAFETY: `acc` is a `RefBinary` box holding a count on `storage`.
        let header = unsafe { &*storage };
        if header.claim(first, n_bytes - first) {
            // SAFETY: the claim made bytes [first, n_bytes) ours alone, and
            // the box holds a count, so the storage stays alive.
            let bytes = unsafe { std::slice::from_raw_parts_mut(header.data().add(first), n_bytes - first) };
            // SAFETY: as above.
            let binary = unsafe { BinRef::acquire(storage) };
            let appended = n_bytes - first;
            return Some((ref_binary(heap, binary, size, appended), AppendTarget { bytes, at: 0 }));
        }
    }
    let capacity = (2 * n_bytes).max(MIN_WRITABLE_BYTES);
    let binary = BinRef::new(capacity, n_bytes);
    // SAFETY: the new storage's bytes are zeroed and nobody else sees them yet.
    let all = unsafe { std::slice::from_raw_parts_mut(binary.data(), n_bytes) };
    copy_bits(&bits, all, 0);
    let bytes = &mut all[first..];
    Some((ref_binary(heap, binary, size, capacity), AppendTarget { bytes, at: bits.size % 8 }))
}

/// The off-heap storage of `term` when appending to it could be done in
/// place: a `RefBinary` of whole bytes.
fn writable_storage(term: Term) -> Option<*const OffHeapBinary> {
    if !term.is_box_of(BoxKind::RefBinary) {
        return None;
    }
    let payload = term.payload();
    payload[0].raw().is_multiple_of(8).then(|| payload[1].raw() as *const OffHeapBinary)
}

// ---- match contexts ----

/// A match context over bitstring `term`, positioned at its start; a match
/// context given for `term` is reused as it is.
pub fn match_context(heap: &mut Heap, term: Term) -> Option<Term> {
    if term.is_box_of(BoxKind::MatchContext) {
        return Some(term);
    }
    let bits = bitstring(term)?;
    let (original, start) = if term.is_box_of(BoxKind::SubBinary) {
        (term.payload()[0], term.payload()[1].as_small().unwrap_or(0) as usize)
    } else {
        (term, 0)
    };
    let ptr = heap.alloc(5);
    // SAFETY: the allocation has the header and four payload words, all terms.
    unsafe {
        ptr.write(Term::header(BoxKind::MatchContext, 4));
        ptr.add(1).write(original);
        ptr.add(2).write(Term::small_unchecked(start as i64));
        ptr.add(3).write(Term::small_unchecked((start + bits.size) as i64));
        ptr.add(4).write(Term::small_unchecked(start as i64));
    }
    Some(Term::boxed_ptr(ptr))
}

/// The state of a match: the bits left to match, from the current
/// position to the end, and the position itself (an offset into the
/// matched bitstring's storage, as `bs_get_position` reports it).
pub struct Matching<'a> {
    /// The bits from the current position to the end.
    pub rest: BitSlice<'a>,
    /// The current position.
    pub position: usize,
}

/// The bits a match context has left to match, and its position; `None`
/// for a term that is no match context.
#[inline]
pub fn matching<'a>(context: Term) -> Option<Matching<'a>> {
    if !context.is_box_of(BoxKind::MatchContext) {
        return None;
    }
    let payload = context.payload();
    let base = whole(payload[0]);
    let end = payload[2].as_small().unwrap_or(0) as usize;
    let position = payload[3].as_small().unwrap_or(0) as usize;
    Some(Matching { rest: BitSlice { base: base.base, offset: position, size: end - position }, position })
}

/// Moves a match context's position to `position`, which must lie between
/// its start and its end.
#[inline]
pub fn set_position(context: Term, position: usize) {
    debug_assert!(context.is_box_of(BoxKind::MatchContext));
    let payload = context.payload();
    debug_assert!(position >= payload[1].as_small().unwrap_or(0) as usize);
    debug_assert!(position <= payload[2].as_small().unwrap_or(0) as usize);
    // SAFETY: a match context lives on the heap of the process running the
    // match, which alone writes it; word 3 of its payload is the position.
    unsafe { (payload.as_ptr().add(3) as *mut Term).write(Term::small_unchecked(position as i64)) }
}

/// Advances a match context's position by `n` bits, which the caller has
/// checked are left.
#[inline]
pub fn skip(context: Term, n: usize) {
    let position = context.payload()[3].as_small().unwrap_or(0) as usize;
    set_position(context, position + n);
}

/// The rest of a match as a bitstring term (`bs_get_tail`), sharing the
/// matched bytes.
pub fn match_tail(heap: &mut Heap, context: Term) -> Term {
    let payload = context.payload();
    let original = payload[0];
    let end = payload[2].as_small().unwrap_or(0) as usize;
    let position = payload[3].as_small().unwrap_or(0) as usize;
    sub_bitstring(heap, original, position, end - position)
}

/// Writing the segments of the binary syntax.
pub mod put;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::gc;

    #[test]
    fn bits_read_and_write_across_bytes() {
        let mut bytes = [0u8; 4];
        write_bits(&mut bytes, 3, 10, 0b10_1100_1110);
        assert_eq!(bytes, [0b0001_0110, 0b0111_0000, 0, 0]);
        let slice = BitSlice::of_bytes(&bytes);
        assert_eq!(slice.read_bits(3, 10), 0b10_1100_1110);
        assert_eq!(slice.byte(0), 0b0001_0110);
        let shifted = slice.slice(3, 16).unwrap();
        assert_eq!(shifted.byte(0), 0b1011_0011);
        let mut copy = [0u8; 3];
        copy_bits(&shifted, &mut copy, 5);
        assert_eq!(BitSlice::of_bytes(&copy).read_bits(5, 16), shifted.read_bits(0, 16));
        write_bits(&mut bytes, 0, 64 - 32, 0);
        let mut wide = [0u8; 9];
        write_bits(&mut wide, 4, 64, u64::MAX - 1);
        assert_eq!(BitSlice::of_bytes(&wide).read_bits(4, 64), u64::MAX - 1);
    }

    #[test]
    fn bitstrings_order_bit_by_bit_then_shorter_first() {
        let a = [0b1010_0000u8];
        let b = [0b1011_0000u8];
        let three = BitSlice::new(&a, 0, 3).unwrap();
        let four = BitSlice::new(&a, 0, 4).unwrap();
        assert!(three < four);
        assert!(BitSlice::new(&b, 0, 4).unwrap() > four);
        assert_eq!(BitSlice::new(&a, 0, 3).unwrap(), BitSlice::new(&b, 0, 3).unwrap());
    }

    #[test]
    fn large_binaries_live_off_the_heap_and_slices_share_them() {
        let mut heap = Heap::new(8);
        let bytes: Vec<u8> = (0..=255).collect();
        let big = binary(&mut heap, &bytes);
        assert!(big.is_box_of(BoxKind::RefBinary));
        let small = binary(&mut heap, &bytes[..10]);
        assert!(small.is_box_of(BoxKind::Binary));
        let slice = sub_bitstring(&mut heap, big, 8 * 100, 8 * 50);
        assert_eq!(binary_bytes(slice).unwrap().as_ref(), &bytes[100..150]);
        let unaligned = sub_bitstring(&mut heap, slice, 3, 16);
        let expected = BitSlice::of_bytes(&bytes[100..150]).slice(3, 16).unwrap();
        assert_eq!(bitstring(unaligned).unwrap(), expected);
        assert_eq!(sub_bitstring(&mut heap, big, 0, 8 * 256), big);
        let mut roots = [unaligned];
        gc::collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(bitstring(roots[0]).unwrap().to_bytes(), expected.to_bytes());
        assert_eq!(heap.off_heap().map(|list| list.len()), Some(1));
    }

    #[test]
    fn appends_in_a_loop_reuse_their_storage() {
        let mut heap = Heap::new(8);
        let mut acc = binary(&mut heap, b"");
        for byte in 0..10_000u32 {
            let (next, target) = append(&mut heap, acc, 8).unwrap();
            write_bits(target.bytes, target.at, 8, u64::from(byte as u8));
            acc = next;
        }
        let bits = bitstring(acc).unwrap();
        assert_eq!(bits.bit_size(), 80_000);
        // The virtual heap counts each storage once and each append's new
        // bytes, not the whole storage again for every box (which would be
        // about 10,000 times 10 KB here).
        let counted = heap.off_heap().map_or(0, |list| list.bytes());
        assert!(counted < 100_000, "{counted} bytes counted toward the virtual heap");
        assert!(bits.to_bytes().iter().enumerate().all(|(i, &b)| b == i as u8));
        // A second append from an older binary copies instead of overwriting.
        let (older, _) = append(&mut heap, acc, 8).unwrap();
        let (branch, target) = append(&mut heap, acc, 8).unwrap();
        target.bytes[0] = 7;
        assert_ne!(bitstring(branch).unwrap().read_bits(80_000, 8), 0x100);
        assert_eq!(bitstring(older).unwrap().bit_size(), 80_008);
        let mut roots = [branch];
        gc::collect(&mut heap, 0, &mut [&mut roots]);
        assert_eq!(bitstring(roots[0]).unwrap().read_bits(80_000, 8), 7);
        assert_eq!(heap.off_heap().map(|list| list.len()), Some(1));
    }

    #[test]
    fn dropped_binaries_are_freed_by_the_next_collection() {
        let mut heap = Heap::new(8);
        for _ in 0..100 {
            binary(&mut heap, &[1; 1000]);
        }
        assert!(heap.wants_collection());
        gc::collect(&mut heap, 0, &mut []);
        // The global count is shared with tests running alongside (the
        // exact balance is `tests/shared_binaries.rs`); this heap's list is exact.
        assert!(heap.off_heap().is_none_or(|list| list.is_empty()));
    }

    #[test]
    fn match_contexts_walk_a_bitstring() {
        let mut heap = Heap::new(8);
        let term = binary(&mut heap, &[0xAB, 0xCD, 0xEF]);
        let slice = sub_bitstring(&mut heap, term, 4, 16);
        let context = match_context(&mut heap, slice).unwrap();
        assert_eq!(match_context(&mut heap, context), Some(context));
        let state = matching(context).unwrap();
        assert_eq!(state.rest.bit_size(), 16);
        assert_eq!(state.rest.read_bits(0, 8), 0xBC);
        skip(context, 8);
        let tail = match_tail(&mut heap, context);
        assert_eq!(binary_bytes(tail).unwrap().as_ref(), &[0xDE]);
        set_position(context, 4);
        assert_eq!(matching(context).unwrap().rest.read_bits(0, 16), 0xBCDE);
    }
}

pub mod get;
