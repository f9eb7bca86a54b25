//! Deep copies of terms, for sending messages (ARCHITECTURE.md, decision 3).
//!
//! A copy is made in two steps: [`size_of`] counts the words, then one
//! allocation of exactly that size is filled Cheney-style: the root object
//! is copied shallowly, and a scan over the destination copies each object
//! that a copied word still points to in the source, rewriting the word.
//! Neither step recurses, so a list of ten million elements or a term nested
//! ten thousand deep copies in constant Rust stack.
//!
//! Sharing inside the source is not preserved (a subterm reachable twice is
//! copied twice), exactly as Erlang copies messages; [`size_of`] counts the
//! same way. Objects in the literal area are never copied: the copy points
//! at the same immortal literal. Nor are the bytes of off-heap binaries: the
//! copy of a `RefBinary` box takes a new count on the same bytes; nor the
//! native objects of magic references: the copy of a `MagicRef` box takes
//! a new count on the same object. Terms in persistent areas
//! (`memory::area`) are copied like any other, so a copy never points
//! into an area.

use crate::memory::heap::{Fragment, Heap, WordBlock};
use crate::memory::literal_area::is_literal;
use crate::memory::off_heap::{BinRef, OffHeap, OffHeapBinary};
use crate::memory::resource;
use crate::term::{BoxKind, Term};

/// The extent of the heap object starting with `first_word`: its size in
/// words, and the range of its words that hold terms (to scan or rewrite).
///
/// A header word starts a boxed object; any other word starts a cons cell,
/// whose two words are both terms (a cell never holds a header word).
#[inline]
pub(crate) fn object_extent(first_word: Term) -> (usize, std::ops::Range<usize>) {
    if first_word.is_header() {
        let arity = first_word.header_arity();
        let terms = if first_word.header_kind().payload_is_terms() { 1..1 + arity } else { 1..1 };
        (1 + arity, terms)
    } else {
        (2, 0..2)
    }
}

/// Whether a term points to an object a copy must duplicate (a pointer
/// outside the literal area).
#[inline]
fn needs_copy(term: Term) -> bool {
    term.is_pointer() && !is_literal(term.ptr())
}

/// The number of words a deep copy of `term` takes; 0 for immediates and
/// for literals, which are shared rather than copied.
pub fn size_of(term: Term) -> usize {
    // The usual message, an atom or a small integer: nothing to walk.
    if !needs_copy(term) {
        return 0;
    }
    let mut n_words = 0;
    // Terms still to count. Following heads first and keeping tails on the
    // stack bounds its depth by the nesting of the term, not its length.
    let mut pending = Vec::new();
    let mut current = term;
    loop {
        if needs_copy(current) {
            if let Some((head, tail)) = current.as_cons() {
                n_words += 2;
                if needs_copy(tail) {
                    pending.push(tail);
                }
                current = head;
                continue;
            }
            let header = current.boxed_header();
            n_words += 1 + header.header_arity();
            if header.header_kind().payload_is_terms() {
                pending.extend(current.payload().iter().copied().filter(|&word| needs_copy(word)));
            }
        }
        match pending.pop() {
            Some(next) => current = next,
            None => return n_words,
        }
    }
}

/// Copies the object `term` points to (one level) to `*top`, advancing it,
/// and returns the pointer term to the copy; other terms come back as they
/// are. A copied `RefBinary` or `MagicRef` box takes a count, recorded in
/// `off_heap`.
///
/// # Safety
///
/// `*top` must have room for the object.
#[inline]
unsafe fn copy_shallow(term: Term, top: &mut *mut Term, off_heap: &mut OffHeap) -> Term {
    if !needs_copy(term) {
        return term;
    }
    let source = term.ptr();
    let destination = *top;
    if term.is_cons() {
        // SAFETY: a cons term points at two live words (central invariant);
        // the caller provides room for them at `destination`.
        unsafe {
            std::ptr::copy_nonoverlapping(source, destination, 2);
            *top = destination.add(2);
        }
        Term::cons_ptr(destination)
    } else {
        let header = term.boxed_header();
        let n_words = 1 + header.header_arity();
        // SAFETY: a boxed term points at a header and its payload (central
        // invariant); the caller provides room for them at `destination`.
        // A `RefBinary` box's second payload word is the address of an
        // off-heap binary, and a `MagicRef` box's that of a native object,
        // alive while the source box holds its count.
        unsafe {
            std::ptr::copy_nonoverlapping(source, destination, n_words);
            *top = destination.add(n_words);
            match header.header_kind() {
                BoxKind::RefBinary => off_heap.push(BinRef::acquire((*source.add(2)).raw() as *const OffHeapBinary)),
                BoxKind::MagicRef => off_heap.push_resource(resource::acquire((*source.add(2)).raw())),
                _ => {}
            }
        }
        Term::boxed_ptr(destination)
    }
}

/// Deep-copies `term` into the `n_words` words at `destination`, which must
/// be exactly `size_of(term)`; returns the copy's root term.
///
/// # Safety
///
/// `destination` must be valid for writes of `n_words` words that nothing
/// else uses, and must not overlap the source term's objects.
unsafe fn copy_into(term: Term, destination: *mut Term, n_words: usize, off_heap: &mut OffHeap) -> Term {
    let mut top = destination;
    // SAFETY: the root object is the first of the `n_words` words counted.
    let root = unsafe { copy_shallow(term, &mut top, off_heap) };
    let mut scan = destination;
    while scan < top {
        // SAFETY: `scan` is at the start of an object copied before it (the
        // scan walks the copies in order), so the object's words are initialised.
        let (object_words, terms) = object_extent(unsafe { *scan });
        for index in terms {
            // SAFETY: the index is inside the object at `scan`; `size_of`
            // counted every object reached, so `top` stays within `n_words`.
            unsafe {
                let slot = scan.add(index);
                slot.write(copy_shallow(*slot, &mut top, off_heap));
            }
        }
        // SAFETY: the next object starts right after this one, at most at `top`.
        scan = unsafe { scan.add(object_words) };
    }
    debug_assert_eq!(
        top as usize - destination as usize,
        n_words * std::mem::size_of::<Term>(),
        "size_of and the copy disagree"
    );
    root
}

/// Deep-copies `term` into a new block of exactly the size it needs (a
/// message fragment); `None` when nothing needs copying (immediates and literals).
pub fn copy_to_block(term: Term) -> (Term, Option<Fragment>) {
    let n_words = size_of(term);
    if n_words == 0 {
        return (term, None);
    }
    let block = WordBlock::new(n_words);
    let mut off_heap = OffHeap::default();
    // SAFETY: the new block has exactly n_words unused words and cannot
    // overlap the source.
    let root = unsafe { copy_into(term, block.start(), n_words, &mut off_heap) };
    let off_heap = (!off_heap.is_empty()).then(|| Box::new(off_heap));
    (root, Some(Fragment { block, off_heap }))
}

/// Deep-copies `key` and `value` into a new block as the tuple
/// `{Key, Value}`, which starts the block: the storage of a persistent
/// term (`memory::area`). Returns the tuple, the block, and the counts the
/// copied boxes hold.
pub fn copy_pair_to_block(key: Term, value: Term) -> (Term, WordBlock, OffHeap) {
    copy_tuple_to_block(&[key, value])
}

/// Deep-copies `elements` into a new block as one tuple, which starts the
/// block, without building the tuple anywhere first: an ETS object
/// updated in place (`ets:update_counter/3`) is made of the old object's
/// elements and the new values. Returns the tuple, the block, and the
/// counts the copied boxes hold.
pub fn copy_tuple_to_block(elements: &[Term]) -> (Term, WordBlock, OffHeap) {
    let sizes: Vec<usize> = elements.iter().map(|&element| size_of(element)).collect();
    let arity = elements.len();
    let block = WordBlock::new(1 + arity + sizes.iter().sum::<usize>());
    let mut off_heap = OffHeap::default();
    let start = block.start();
    // SAFETY: the block has the tuple's 1 + arity words, then exactly the
    // words of each element's copy, and overlaps no source object.
    unsafe {
        start.write(Term::header(BoxKind::Tuple, arity));
        let mut next = start.add(1 + arity);
        for (index, (&element, &words)) in elements.iter().zip(&sizes).enumerate() {
            start.add(1 + index).write(copy_into(element, next, words, &mut off_heap));
            next = next.add(words);
        }
    }
    (Term::boxed_ptr(start), block, off_heap)
}

/// Deep-copies `term` onto `heap` with one allocation (which never collects).
pub fn copy_to_heap(heap: &mut Heap, term: Term) -> Term {
    let n_words = size_of(term);
    if n_words == 0 {
        return term;
    }
    let destination = heap.alloc(n_words);
    let mut off_heap = OffHeap::default();
    // SAFETY: `alloc` handed out n_words fresh words, which no existing
    // object (the source included) occupies.
    let root = unsafe { copy_into(term, destination, n_words, &mut off_heap) };
    if !off_heap.is_empty() {
        heap.hold_off_heap_all(&mut off_heap);
    }
    root
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::build::*;
    use crate::term::compare::exact_eq;
    use crate::term::{atoms, BoxKind};

    #[test]
    fn immediates_need_no_words() {
        assert_eq!(size_of(Term::NIL), 0);
        assert_eq!(size_of(Term::atom(atoms::OK)), 0);
        let (copy, block) = copy_to_block(Term::small_unchecked(3));
        assert_eq!(copy, Term::small_unchecked(3));
        assert!(block.is_none());
    }

    #[test]
    fn copies_are_equal_and_independent() {
        let mut heap = Heap::new(4);
        let float = float(&mut heap, 1.5);
        let binary = binary(&mut heap, b"abc");
        let inner = tuple(&mut heap, &[float, binary, Term::atom(atoms::OK)]);
        let list = list_from_slice_with_tail(&mut heap, &[inner, Term::small_unchecked(1)], inner);
        assert_eq!(size_of(list), 4 + 2 * (4 + 2 + 3));
        let (copy, block) = copy_to_block(list);
        let block = block.unwrap();
        assert_eq!(block.block.n_words(), size_of(list));
        assert!(block.contains(copy.ptr()));
        assert!(exact_eq(copy, list));
        let mut other = Heap::new(2);
        let again = copy_to_heap(&mut other, copy);
        drop(block);
        assert!(exact_eq(again, list));
        let elements = list_to_vec(list_from_slice(&mut heap, &[again])).unwrap();
        assert!(elements[0].head().is_box_of(BoxKind::Tuple));
    }

    #[test]
    fn external_funs_copy_by_value() {
        let mut heap = Heap::new(4);
        let external = export_fun(&mut heap, atoms::LISTS, atoms::OK, 3);
        let pair = tuple(&mut heap, &[external, external]);
        assert_eq!(size_of(pair), 3 + 2 * 4);
        let (copy, block) = copy_to_block(pair);
        let block = block.unwrap();
        assert!(block.contains(copy.ptr()));
        let copied = copy.as_tuple().unwrap()[0];
        assert_ne!(copied, external);
        assert_eq!(crate::term::export_fun_parts(copied), Some((atoms::LISTS, atoms::OK, 3)));
        assert!(exact_eq(copy, pair));
    }

    #[test]
    fn long_lists_copy_without_recursion() {
        let mut heap = Heap::new(4);
        let elements: Vec<Term> = (0..200_000).map(Term::small_unchecked).collect();
        let list = list_from_slice(&mut heap, &elements);
        let mut nested = list;
        for _ in 0..50_000 {
            nested = list_from_slice(&mut heap, &[nested]);
        }
        assert_eq!(size_of(nested), 2 * 250_000);
        let (copy, _block) = copy_to_block(nested);
        assert!(exact_eq(copy, nested));
    }
}
