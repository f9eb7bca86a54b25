//! Terms as tagged machine words (ARCHITECTURE.md, decision 1).
//!
//! A [`Term`] is one 64-bit word. Its two low bits are the primary tag:
//!
//! | bits  | meaning |
//! |-------|---------|
//! | `00`  | a header word: the first word of a boxed object, only ever inside a heap |
//! | `01`  | a pointer to a cons cell (two words: head, tail) |
//! | `10`  | a pointer to a boxed object (header word, then payload) |
//! | `11`  | an immediate: the value is in the word itself |
//!
//! Immediates carry a second tag in bits 2..4:
//!
//! | bits     | meaning |
//! |----------|---------|
//! | `0011`   | small integer, 60-bit signed, in bits 4.. |
//! | `0111`   | local pid: the process's serial number in bits 4.. |
//! | `1011`   | more immediates, tag in bits 4..6: `00` atom, `01` catch marker, `10` special, `11` nil |
//! | `1111`   | a return address (continuation pointer), only ever on a stack |
//!
//! A header word holds the object's kind in bits 2..6 ([`BoxKind`]) and the
//! number of payload words (its arity) in bits 6...
//!
//! # The central invariant
//!
//! A pointer term always points to a live, well-formed object: in the heap of
//! the process that holds the term, in one of that process's heap fragments,
//! in a message fragment, or in the immortal literal area. Only the VM makes
//! pointer terms, and a process's terms are read only by the thread running
//! that process, and never after a collection moved them without updating
//! them. Every raw read in this module relies on that invariant; it is what the
//! collector, the copier and the interpreter maintain.

mod atom;
pub mod bigint;
pub mod bits;
mod boxed;
pub mod build;
pub mod chardata;
pub mod compare;
pub mod ext;
pub mod format;
pub mod hash;
pub mod literal;
pub mod map;
pub mod node;
pub mod persistent;
pub mod print;

pub use atom::{atoms, Atom, AtomTable, AtomTableFull, ATOM_LIMIT};
pub use bigint::{bigint_of, integer_from_bigint, number_term, to_num, Num};
pub use boxed::BoxKind;
pub use build::{
    binary_bytes, char_list_to_string, export_fun_parts, fun_parts, iolist_to_bytes, list_len, list_to_vec, ref_number,
    FunParts, ListIter,
};
pub use compare::{compare, eq, exact_eq, key_order};
pub use literal::build_literal;
pub use map::{
    map_from_pairs, map_get, map_new, map_pairs, map_pairs_from, map_put, map_put_many, map_remove, map_size,
    map_update_existing,
};
pub use node::{node_number, set_this_node, set_this_node_id, this_node, this_node_id, NodeId};
pub use print::{write_term, Plain, Pretty, Style};

use std::fmt;

/// A term: one tagged machine word.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Term(u64);

const PRIMARY_MASK: u64 = 0b11;
const TAG_HEADER: u64 = 0b00;
const TAG_LIST: u64 = 0b01;
const TAG_BOXED: u64 = 0b10;
const TAG_IMMEDIATE: u64 = 0b11;

const IMMEDIATE_MASK: u64 = 0b1111;
const TAG_SMALL: u64 = 0b0011;
const TAG_PID: u64 = 0b0111;
const TAG_IMMEDIATE2: u64 = 0b1011;
const TAG_CP: u64 = 0b1111;

const IMMEDIATE2_MASK: u64 = 0b11_1111;
const TAG_ATOM: u64 = 0b00_1011;
const TAG_CATCH: u64 = 0b01_1011;
const TAG_SPECIAL: u64 = 0b10_1011;
const TAG_NIL: u64 = 0b11_1011;

/// The smallest integer held in an immediate word.
pub const SMALL_MIN: i64 = -(1 << 59);
/// The largest integer held in an immediate word.
pub const SMALL_MAX: i64 = (1 << 59) - 1;

/// The largest local pid serial an immediate holds.
pub const PID_SERIAL_MAX: u64 = (1 << 60) - 1;

/// How many low bits of a local pid's serial are its id (the number
/// printed second in `<0.Id.Serial>`, and `NEW_PID_EXT`'s `ID`); the bits
/// above are its serial (printed third, `NEW_PID_EXT`'s `Serial`).
pub const PID_ID_BITS: u32 = 28;

/// A cheap, copyable classification of a term, for `match`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A small integer.
    Small,
    /// A big integer (boxed).
    BigInt,
    /// A float (boxed).
    Float,
    /// An atom.
    Atom,
    /// A reference (boxed).
    Ref,
    /// A fun (boxed).
    Fun,
    /// A local or remote pid.
    Pid,
    /// A tuple (boxed).
    Tuple,
    /// A map (boxed).
    Map,
    /// `[]`.
    Nil,
    /// A cons cell.
    Cons,
    /// A binary (boxed).
    Binary,
    /// A word that is not a term: a header, catch marker, return address or special marker.
    Internal,
}

impl Term {
    /// `[]`.
    pub const NIL: Term = Term(TAG_NIL);
    /// A marker meaning "no value" (never visible to programs).
    pub const NON_VALUE: Term = Term(TAG_SPECIAL);
    /// The marker the collector leaves in the head of a cons cell it moved.
    pub(crate) const CONS_MOVED: Term = Term(1 << 6 | TAG_SPECIAL);

    /// The raw word.
    #[inline(always)]
    pub const fn raw(self) -> u64 {
        self.0
    }

    /// Rebuilds a term from a raw word.
    ///
    /// Only words that came from [`Term::raw`] of a live term are valid; the
    /// collector and copier use this to rewrite pointers.
    #[inline(always)]
    pub const fn from_raw(word: u64) -> Term {
        Term(word)
    }

    // ---- immediates ----

    /// A small integer; `None` when `value` is outside [`SMALL_MIN`]..=[`SMALL_MAX`].
    #[inline(always)]
    pub fn small(value: i64) -> Option<Term> {
        (SMALL_MIN..=SMALL_MAX).contains(&value).then(|| Term::small_unchecked(value))
    }

    /// A small integer known to be in range.
    #[inline(always)]
    pub const fn small_unchecked(value: i64) -> Term {
        debug_assert!(value >= SMALL_MIN && value <= SMALL_MAX);
        Term(((value as u64) << 4) | TAG_SMALL)
    }

    /// An atom.
    #[inline(always)]
    pub const fn atom(atom: Atom) -> Term {
        Term(((atom.index() as u64) << 6) | TAG_ATOM)
    }

    /// The atom `true` or `false`.
    #[inline(always)]
    pub const fn boolean(value: bool) -> Term {
        if value {
            Term::atom(atoms::TRUE)
        } else {
            Term::atom(atoms::FALSE)
        }
    }

    /// A local pid with the given serial number.
    #[inline(always)]
    pub const fn pid(serial: u64) -> Term {
        debug_assert!(serial <= PID_SERIAL_MAX);
        Term((serial << 4) | TAG_PID)
    }

    /// The local pid `<0.Id.Serial>`; `id` must be below `2^PID_ID_BITS`.
    #[inline(always)]
    pub const fn pid_of(id: u32, serial: u32) -> Term {
        debug_assert!((id as u64) < (1 << PID_ID_BITS));
        Term::pid(((serial as u64) << PID_ID_BITS) | id as u64)
    }

    /// The largest module index a return address or catch marker holds.
    pub const MAX_CODE_MODULE: u32 = (1 << 26) - 1;

    /// A catch marker kept in a y register: where the handler is.
    ///
    /// `module_index` must not exceed [`Term::MAX_CODE_MODULE`].
    #[inline(always)]
    pub const fn catch_marker(module_index: u32, label: u32) -> Term {
        debug_assert!(module_index <= Term::MAX_CODE_MODULE);
        Term((((module_index as u64) << 32 | label as u64) << 6) | TAG_CATCH)
    }

    /// A return address kept on a stack: module and instruction index.
    ///
    /// `module_index` must not exceed [`Term::MAX_CODE_MODULE`].
    #[inline(always)]
    pub const fn cp(module_index: u32, instr: u32) -> Term {
        debug_assert!(module_index <= Term::MAX_CODE_MODULE);
        Term((((module_index as u64) << 32) | instr as u64) << 4 | TAG_CP)
    }

    /// A pointer term to a boxed object whose header is at `header`.
    #[inline(always)]
    pub fn boxed_ptr(header: *const Term) -> Term {
        debug_assert!(header as u64 & 0b111 == 0, "objects are word aligned");
        Term(header as u64 | TAG_BOXED)
    }

    /// A pointer term to the cons cell at `cell` (head, then tail).
    #[inline(always)]
    pub fn cons_ptr(cell: *const Term) -> Term {
        debug_assert!(cell as u64 & 0b111 == 0, "cells are word aligned");
        Term(cell as u64 | TAG_LIST)
    }

    /// A header word for a boxed object of `kind` with `arity` payload words.
    #[inline(always)]
    pub const fn header(kind: BoxKind, arity: usize) -> Term {
        Term(((arity as u64) << 6) | ((kind as u64) << 2) | TAG_HEADER)
    }

    // ---- tests ----

    /// Whether this is a small integer.
    #[inline(always)]
    pub const fn is_small(self) -> bool {
        self.0 & IMMEDIATE_MASK == TAG_SMALL
    }
    /// Whether this is an atom.
    #[inline(always)]
    pub const fn is_atom(self) -> bool {
        self.0 & IMMEDIATE2_MASK == TAG_ATOM
    }
    /// Whether this is `[]`.
    #[inline(always)]
    pub const fn is_nil(self) -> bool {
        self.0 == TAG_NIL
    }
    /// Whether this is a local pid.
    #[inline(always)]
    pub const fn is_local_pid(self) -> bool {
        self.0 & IMMEDIATE_MASK == TAG_PID
    }
    /// Whether this is a pointer to a cons cell.
    #[inline(always)]
    pub const fn is_cons(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_LIST
    }
    /// Whether this is `[]` or a cons cell.
    #[inline(always)]
    pub const fn is_list(self) -> bool {
        self.is_cons() || self.is_nil()
    }
    /// Whether this is a pointer to a boxed object.
    #[inline(always)]
    pub const fn is_boxed(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_BOXED
    }
    /// Whether this is a header word.
    #[inline(always)]
    pub const fn is_header(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_HEADER
    }
    /// Whether this is an immediate (including internal immediates).
    #[inline(always)]
    pub const fn is_immediate(self) -> bool {
        self.0 & PRIMARY_MASK == TAG_IMMEDIATE
    }
    /// Whether this is a pointer (cons or boxed) that the collector may have to move.
    #[inline(always)]
    pub const fn is_pointer(self) -> bool {
        self.0 & 0b11 == TAG_LIST || self.0 & 0b11 == TAG_BOXED
    }
    /// Whether this is a catch marker.
    #[inline(always)]
    pub const fn is_catch(self) -> bool {
        self.0 & IMMEDIATE2_MASK == TAG_CATCH
    }
    /// Whether this is a return address.
    #[inline(always)]
    pub const fn is_cp(self) -> bool {
        self.0 & IMMEDIATE_MASK == TAG_CP
    }
    /// Whether this is the atom `true` or `false`.
    #[inline(always)]
    pub fn is_boolean(self) -> bool {
        self == Term::boolean(true) || self == Term::boolean(false)
    }

    // ---- reading immediates ----

    /// The value of a small integer.
    #[inline(always)]
    pub const fn small_value(self) -> i64 {
        debug_assert!(self.is_small());
        (self.0 as i64) >> 4
    }
    /// The small integer's value, if this is one.
    #[inline(always)]
    pub fn as_small(self) -> Option<i64> {
        self.is_small().then(|| self.small_value())
    }
    /// The atom, if this is one.
    #[inline(always)]
    pub fn as_atom(self) -> Option<Atom> {
        self.is_atom().then(|| Atom::from_index((self.0 >> 6) as u32))
    }
    /// The serial number of a local pid.
    #[inline(always)]
    pub fn pid_serial(self) -> Option<u64> {
        self.is_local_pid().then_some(self.0 >> 4)
    }
    /// A local pid's (id, serial), as printed in `<0.Id.Serial>` and sent
    /// in `NEW_PID_EXT`.
    #[inline(always)]
    pub fn pid_id_serial(self) -> Option<(u32, u32)> {
        let whole = self.pid_serial()?;
        Some(((whole & ((1 << PID_ID_BITS) - 1)) as u32, (whole >> PID_ID_BITS) as u32))
    }
    /// The (module index, label) of a catch marker.
    #[inline(always)]
    pub fn catch_target(self) -> Option<(u32, u32)> {
        self.is_catch().then(|| {
            let payload = self.0 >> 6;
            ((payload >> 32) as u32, payload as u32)
        })
    }
    /// The (module index, instruction) of a return address.
    #[inline(always)]
    pub fn cp_target(self) -> Option<(u32, u32)> {
        self.is_cp().then(|| {
            let payload = self.0 >> 4;
            ((payload >> 32) as u32, payload as u32)
        })
    }

    // ---- pointers ----

    /// The address a pointer term points at (header for boxed, head for cons).
    #[inline(always)]
    pub fn ptr(self) -> *mut Term {
        debug_assert!(self.is_pointer());
        (self.0 & !PRIMARY_MASK) as *mut Term
    }

    /// The header word of a boxed term.
    #[inline(always)]
    pub fn boxed_header(self) -> Term {
        debug_assert!(self.is_boxed());
        // SAFETY: by the central invariant, a boxed term points at a live header word.
        unsafe { *self.ptr() }
    }

    /// The kind of a header word.
    #[inline(always)]
    pub fn header_kind(self) -> BoxKind {
        debug_assert!(self.is_header());
        BoxKind::from_bits(((self.0 >> 2) & 0b1111) as u8)
    }

    /// The arity (payload words) of a header word.
    #[inline(always)]
    pub const fn header_arity(self) -> usize {
        (self.0 >> 6) as usize
    }

    /// The kind of boxed object a boxed term points at.
    #[inline(always)]
    pub fn box_kind(self) -> BoxKind {
        self.boxed_header().header_kind()
    }

    /// The payload words of a boxed term (everything after the header).
    ///
    /// The slice is valid until the owning heap is next collected.
    #[inline(always)]
    pub fn payload<'a>(self) -> &'a [Term] {
        let header = self.boxed_header();
        // SAFETY: by the central invariant the header is followed by `arity`
        // initialised words of the same object.
        unsafe { std::slice::from_raw_parts(self.ptr().add(1), header.header_arity()) }
    }

    /// The head of a cons cell.
    #[inline(always)]
    pub fn head(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: by the central invariant a cons term points at two live words.
        unsafe { *self.ptr() }
    }

    /// The tail of a cons cell.
    #[inline(always)]
    pub fn tail(self) -> Term {
        debug_assert!(self.is_cons());
        // SAFETY: by the central invariant a cons term points at two live words.
        unsafe { *self.ptr().add(1) }
    }

    /// The head and tail of a cons cell, or `None` for anything else.
    #[inline(always)]
    pub fn as_cons(self) -> Option<(Term, Term)> {
        self.is_cons().then(|| (self.head(), self.tail()))
    }

    /// Whether this is a boxed object of the given kind.
    #[inline(always)]
    pub fn is_box_of(self, kind: BoxKind) -> bool {
        self.is_boxed() && self.box_kind() == kind
    }

    /// Whether this is a tuple.
    #[inline(always)]
    pub fn is_tuple(self) -> bool {
        self.is_box_of(BoxKind::Tuple)
    }

    /// The elements of a tuple, or `None` for anything else.
    #[inline(always)]
    pub fn as_tuple<'a>(self) -> Option<&'a [Term]> {
        self.is_tuple().then(|| self.payload())
    }

    /// The value of a float, or `None` for anything else.
    #[inline(always)]
    pub fn as_float(self) -> Option<f64> {
        self.is_box_of(BoxKind::Float).then(|| f64::from_bits(self.payload()[0].raw()))
    }

    /// Whether this is an integer, small or big.
    #[inline(always)]
    pub fn is_integer(self) -> bool {
        self.is_small() || (self.is_boxed() && self.box_kind().is_bigint())
    }

    /// Whether this is an integer or a float.
    #[inline(always)]
    pub fn is_number(self) -> bool {
        self.is_integer() || self.is_box_of(BoxKind::Float)
    }

    /// Whether this is a pid, local or remote.
    #[inline(always)]
    pub fn is_pid(self) -> bool {
        self.is_local_pid() || self.is_box_of(BoxKind::ExternalPid)
    }

    /// Whether this is a fun, local or external (`fun M:F/A`).
    #[inline(always)]
    pub fn is_fun(self) -> bool {
        self.is_boxed() && self.box_kind().is_fun()
    }

    /// Whether this is a reference, local or of another node.
    #[inline(always)]
    pub fn is_reference(self) -> bool {
        self.is_boxed() && self.box_kind().is_reference()
    }

    /// Classifies the term.
    #[inline]
    pub fn kind(self) -> Kind {
        match self.0 & PRIMARY_MASK {
            TAG_LIST => Kind::Cons,
            TAG_BOXED => match self.box_kind() {
                BoxKind::Tuple => Kind::Tuple,
                BoxKind::PosBig | BoxKind::NegBig => Kind::BigInt,
                BoxKind::Float => Kind::Float,
                BoxKind::Ref | BoxKind::MagicRef | BoxKind::ExternalRef => Kind::Ref,
                BoxKind::Fun | BoxKind::ExportFun => Kind::Fun,
                BoxKind::Map => Kind::Map,
                BoxKind::Binary | BoxKind::RefBinary | BoxKind::SubBinary => Kind::Binary,
                BoxKind::ExternalPid => Kind::Pid,
                BoxKind::MatchContext => Kind::Internal,
            },
            TAG_IMMEDIATE => match self.0 & IMMEDIATE_MASK {
                TAG_SMALL => Kind::Small,
                TAG_PID => Kind::Pid,
                TAG_IMMEDIATE2 => match self.0 & IMMEDIATE2_MASK {
                    TAG_ATOM => Kind::Atom,
                    TAG_NIL => Kind::Nil,
                    _ => Kind::Internal,
                },
                _ => Kind::Internal,
            },
            _ => Kind::Internal,
        }
    }
}

impl fmt::Debug for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Term({:#x}: {:?})", self.0, self.kind())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_is_one_word() {
        assert_eq!(std::mem::size_of::<Term>(), 8);
        assert_eq!(std::mem::size_of::<Option<Term>>(), 16);
    }

    #[test]
    fn small_integers_round_trip_at_their_edges() {
        for value in [0, 1, -1, 42, -42, SMALL_MIN, SMALL_MAX, SMALL_MIN + 1, SMALL_MAX - 1] {
            let term = Term::small(value).unwrap();
            assert!(term.is_small());
            assert!(!term.is_atom() && !term.is_pointer() && !term.is_nil());
            assert_eq!(term.small_value(), value);
            assert_eq!(term.kind(), Kind::Small);
        }
        assert!(Term::small(SMALL_MAX + 1).is_none());
        assert!(Term::small(SMALL_MIN - 1).is_none());
    }

    #[test]
    fn immediates_do_not_collide() {
        let samples = [
            Term::NIL,
            Term::NON_VALUE,
            Term::CONS_MOVED,
            Term::small_unchecked(0),
            Term::atom(Atom::from_index(0)),
            Term::pid(0),
            Term::catch_marker(0, 0),
            Term::cp(0, 0),
        ];
        for (i, a) in samples.iter().enumerate() {
            for (j, b) in samples.iter().enumerate() {
                assert_eq!(i == j, a == b, "{a:?} vs {b:?}");
            }
        }
        assert_eq!(Term::NIL.kind(), Kind::Nil);
        assert_eq!(Term::pid(7).kind(), Kind::Pid);
        assert_eq!(Term::pid(7).pid_serial(), Some(7));
        assert_eq!(Term::catch_marker(3, 99).catch_target(), Some((3, 99)));
        assert_eq!(Term::cp(5, 1234).cp_target(), Some((5, 1234)));
        assert_eq!(Term::cp(5, 1234).kind(), Kind::Internal);
        assert!(Term::boolean(true).is_boolean());
    }

    #[test]
    fn headers_carry_kind_and_arity() {
        assert_eq!(BoxKind::try_from_bits(BoxKind::ALL.len() as u8), None);
        for kind in BoxKind::ALL {
            assert_eq!(BoxKind::try_from_bits(kind as u8), Some(kind));
            let header = Term::header(kind, 12345);
            assert!(header.is_header());
            assert_eq!(header.header_kind(), kind);
            assert_eq!(header.header_arity(), 12345);
        }
    }

    #[test]
    fn pointer_terms_point_where_they_say() {
        let cell = [Term::small_unchecked(1), Term::NIL];
        let list = Term::cons_ptr(cell.as_ptr());
        assert!(list.is_cons() && list.is_list() && list.is_pointer());
        assert_eq!(list.as_cons(), Some((Term::small_unchecked(1), Term::NIL)));
        let tuple = [Term::header(BoxKind::Tuple, 2), Term::small_unchecked(1), Term::NIL];
        let boxed = Term::boxed_ptr(tuple.as_ptr());
        assert!(boxed.is_tuple());
        assert_eq!(boxed.as_tuple().unwrap(), &tuple[1..]);
        let float = [Term::header(BoxKind::Float, 1), Term::from_raw(1.5f64.to_bits())];
        assert_eq!(Term::boxed_ptr(float.as_ptr()).as_float(), Some(1.5));
    }
}
