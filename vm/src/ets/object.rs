//! One object of a table: a tuple copied out of the heap that inserted
//! it, into a block of its own.

use crate::memory::copy::{copy_to_block, copy_to_heap, copy_tuple_to_block};
use crate::memory::heap::{Fragment, Heap};
use crate::term::Term;

/// A tuple stored in a table, outside every heap.
///
/// Its words live in a block it owns (or, for a tuple that is a literal,
/// in the literal area, which is never freed), with the counts on the
/// off-heap binaries and native objects its boxes refer to: a large
/// binary in a table is shared with the heaps that hold it, not copied.
/// Readers only read an object, under its table's read lock. It changes
/// in one way only: `update_counter` overwrites elements other than the
/// key with immediates, under the write lock, through
/// [`Object::elements_mut`]; every other update makes a new object and
/// drops the old one.
pub struct Object {
    /// The tuple: points into `fragment` or into the literal area.
    tuple: Term,
    /// The tuple's words and counts; `None` for a literal.
    fragment: Option<Fragment>,
}

// SAFETY: an object's words are written by `Object::new` and
// `Object::from_elements` before it is shared, and afterwards only through
// `elements_mut`, which needs `&mut`, which only the holder of the table's
// write lock over the object has; readers hold the read lock. Its counts
// are atomic. It is dropped under the write lock too.
unsafe impl Sync for Object {}

impl std::fmt::Debug for Object {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Object({:#x}, {} words)", self.tuple.raw(), self.words())
    }
}

impl Object {
    /// A copy of `tuple`, which must be a tuple.
    pub fn new(tuple: Term) -> Object {
        debug_assert!(tuple.as_tuple().is_some());
        let (tuple, fragment) = copy_to_block(tuple);
        Object { tuple, fragment }
    }

    /// A tuple of copies of `elements`.
    pub fn from_elements(elements: &[Term]) -> Object {
        let (tuple, block, off_heap) = copy_tuple_to_block(elements);
        let off_heap = (!off_heap.is_empty()).then(|| Box::new(off_heap));
        Object { tuple, fragment: Some(Fragment { block, off_heap }) }
    }

    /// The tuple, valid while the object is.
    #[inline]
    pub fn term(&self) -> Term {
        self.tuple
    }

    /// The tuple's elements, valid while the object is.
    #[inline]
    pub fn elements<'a>(&self) -> &'a [Term] {
        self.tuple.as_tuple().unwrap_or(&[])
    }

    /// The element at `keypos` (1-based), which every object of its table has.
    #[inline]
    pub fn key(&self, keypos: usize) -> Term {
        self.elements()[keypos - 1]
    }

    /// The tuple's elements, to overwrite in place, or `None` for a
    /// literal (which is shared and never written). Only the holder of the
    /// table's write lock over the object has `&mut` access to it, so no
    /// reader can see a word change.
    pub fn elements_mut(&mut self) -> Option<&mut [Term]> {
        self.fragment.as_ref()?;
        let arity = self.elements().len();
        // SAFETY: the tuple's header and its `arity` elements are the first
        // words of the block this object owns, and `&mut self` excludes
        // every other access to them while the slice lives.
        Some(unsafe { std::slice::from_raw_parts_mut(self.tuple.ptr().add(1), arity) })
    }

    /// A copy of the object on `heap`.
    #[inline]
    pub fn copy_to(&self, heap: &mut Heap) -> Term {
        copy_to_heap(heap, self.tuple)
    }

    /// The words the object's block holds (0 for a literal).
    pub fn words(&self) -> usize {
        self.fragment.as_ref().map_or(0, |fragment| fragment.block.n_words())
    }
}
