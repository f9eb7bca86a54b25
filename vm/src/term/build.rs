//! Building terms on a process heap, and reading compound terms back.
//!
//! Every constructor allocates with [`Heap::alloc`], so it never collects and
//! never fails: terms held by the caller stay valid across these calls. Each
//! constructor makes exactly one allocation.
//!
//! The readers return slices that borrow from the heap the term lives in;
//! like [`Term::payload`], they are valid until that heap is next collected.

use super::node::{this_node_id, NodeId};
use super::{Atom, BoxKind, Term, SMALL_MAX, SMALL_MIN};
use crate::memory::heap::Heap;
pub use crate::term::bits::{binary, binary_bytes};
pub(crate) use crate::term::bits::{binary_arity, write_binary};

/// Allocates a boxed object of `kind` with `arity` payload words and writes
/// its header; the caller writes the payload.
#[inline]
fn alloc_boxed(heap: &mut Heap, kind: BoxKind, arity: usize) -> *mut Term {
    let ptr = heap.alloc(1 + arity);
    // SAFETY: `alloc` returned 1 + arity words owned by the heap; the first is the header.
    unsafe { ptr.write(Term::header(kind, arity)) };
    ptr
}

/// A tuple of `elements`.
pub fn tuple(heap: &mut Heap, elements: &[Term]) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::Tuple, elements.len());
    // SAFETY: the payload has exactly `elements.len()` words after the header,
    // and a slice on the Rust side cannot overlap freshly allocated words.
    unsafe { std::ptr::copy_nonoverlapping(elements.as_ptr(), ptr.add(1), elements.len()) };
    Term::boxed_ptr(ptr)
}

/// A cons cell `[head | tail]`.
pub fn cons(heap: &mut Heap, head: Term, tail: Term) -> Term {
    let ptr = heap.alloc(2);
    // SAFETY: `alloc` returned two words owned by the heap.
    unsafe {
        ptr.write(head);
        ptr.add(1).write(tail);
    }
    Term::cons_ptr(ptr)
}

/// A proper list of `elements`.
pub fn list_from_slice(heap: &mut Heap, elements: &[Term]) -> Term {
    list_from_slice_with_tail(heap, elements, Term::NIL)
}

/// The list of `elements` ending in `tail` (`[e1, e2 | tail]`); `tail` itself
/// when `elements` is empty.
///
/// The cells are allocated in one contiguous run, first cell first.
pub fn list_from_slice_with_tail(heap: &mut Heap, elements: &[Term], tail: Term) -> Term {
    if elements.is_empty() {
        return tail;
    }
    let cells = heap.alloc(2 * elements.len());
    for (index, &element) in elements.iter().enumerate() {
        // SAFETY: cell `index` is words 2*index and 2*index + 1 of the
        // allocation, and the next cell (if any) is inside it too.
        unsafe {
            let cell = cells.add(2 * index);
            let next = if index + 1 == elements.len() { tail } else { Term::cons_ptr(cell.add(2)) };
            cell.write(element);
            cell.add(1).write(next);
        }
    }
    Term::cons_ptr(cells)
}

/// The list of the Unicode code points of `text` (Erlang's string form).
pub fn string(heap: &mut Heap, text: &str) -> Term {
    let n_chars = text.chars().count();
    if n_chars == 0 {
        return Term::NIL;
    }
    let cells = heap.alloc(2 * n_chars);
    for (index, ch) in text.chars().enumerate() {
        // SAFETY: as in `list_from_slice_with_tail`, every cell is inside the allocation.
        unsafe {
            let cell = cells.add(2 * index);
            let next = if index + 1 == n_chars { Term::NIL } else { Term::cons_ptr(cell.add(2)) };
            cell.write(Term::small_unchecked(ch as i64));
            cell.add(1).write(next);
        }
    }
    Term::cons_ptr(cells)
}

/// A float.
pub fn float(heap: &mut Heap, value: f64) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::Float, 1);
    // SAFETY: the one payload word follows the header.
    unsafe { ptr.add(1).write(Term::from_raw(value.to_bits())) };
    Term::boxed_ptr(ptr)
}

/// An integer: a small integer when it fits, otherwise a one-limb big integer.
pub fn integer(heap: &mut Heap, value: i64) -> Term {
    if (SMALL_MIN..=SMALL_MAX).contains(&value) {
        return Term::small_unchecked(value);
    }
    let kind = if value < 0 { BoxKind::NegBig } else { BoxKind::PosBig };
    let ptr = alloc_boxed(heap, kind, 1);
    // SAFETY: the one limb follows the header.
    unsafe { ptr.add(1).write(Term::from_raw(value.unsigned_abs())) };
    Term::boxed_ptr(ptr)
}

/// A reference with the given number.
pub fn reference(heap: &mut Heap, number: u64) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::Ref, 1);
    // SAFETY: the one payload word follows the header.
    unsafe { ptr.add(1).write(Term::from_raw(number)) };
    Term::boxed_ptr(ptr)
}

/// A reference that is also an alias of the local process `owner`: a
/// reference box with a second payload word, the owner's pid, which only
/// sending reads. Everything else (order, equality, hashing, printing, the
/// external format) sees the number alone, so the alias equals a plain
/// reference with its number.
pub fn alias_reference(heap: &mut Heap, number: u64, owner: Term) -> Term {
    debug_assert!(owner.is_local_pid());
    let ptr = alloc_boxed(heap, BoxKind::Ref, 2);
    // SAFETY: the two payload words follow the header.
    unsafe {
        ptr.add(1).write(Term::from_raw(number));
        ptr.add(2).write(owner);
    }
    Term::boxed_ptr(ptr)
}

/// The number and owner of an alias reference, or `None` for anything else
/// (a plain reference included).
pub fn alias_parts(term: Term) -> Option<(u64, Term)> {
    if !term.is_box_of(BoxKind::Ref) {
        return None;
    }
    match *term.payload() {
        [number, owner] => Some((number.raw(), owner)),
        _ => None,
    }
}

/// A magic reference with the given number, holding a count on `resource`
/// (see `memory::resource`), which the heap records.
pub fn magic_ref(heap: &mut Heap, number: u64, resource: std::sync::Arc<crate::memory::resource::Resource>) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::MagicRef, 2);
    // SAFETY: the two payload words follow the header.
    unsafe {
        ptr.add(1).write(Term::from_raw(number));
        ptr.add(2).write(Term::from_raw(std::sync::Arc::as_ptr(&resource) as u64));
    }
    heap.hold_resource(resource);
    Term::boxed_ptr(ptr)
}

/// The most 32-bit numbers a reference carries (as in Erlang/OTP).
pub const MAX_REF_NUMBERS: usize = 5;

/// The 32-bit numbers of a local reference's number, least significant
/// first, as Erlang/OTP splits a reference: 18 bits, then 32, then the top 14.
pub const fn local_ref_numbers(number: u64) -> [u32; 3] {
    [(number & 0x3_ffff) as u32, (number >> 18) as u32, (number >> 50) as u32]
}

/// The local reference number made of `numbers` (least significant first),
/// or `None` when they do not fit the split of [`local_ref_numbers`]
/// (then no local reference has them).
pub fn local_ref_from_numbers(numbers: &[u32]) -> Option<u64> {
    let number = |index: usize| numbers.get(index).copied().unwrap_or(0) as u64;
    let fits = number(0) < 1 << 18 && number(2) < 1 << 14 && numbers.iter().skip(3).all(|&n| n == 0);
    fits.then(|| number(0) | number(1) << 18 | number(2) << 50)
}

/// A reference of another node (or of an earlier incarnation of this one):
/// `numbers` holds 1 to [`MAX_REF_NUMBERS`] numbers, least significant first
/// (any more are ignored; none is read as one 0).
pub fn external_ref(heap: &mut Heap, node: NodeId, numbers: &[u32]) -> Term {
    let numbers: &[u32] = if numbers.is_empty() { &[0] } else { &numbers[..numbers.len().min(MAX_REF_NUMBERS)] };
    let ptr = alloc_boxed(heap, BoxKind::ExternalRef, 2 + numbers.len());
    // SAFETY: the payload is 2 + numbers.len() words after the header.
    unsafe {
        ptr.add(1).write(Term::atom(node.name));
        ptr.add(2).write(Term::small_unchecked(node.creation as i64));
        for (index, &number) in numbers.iter().enumerate() {
            ptr.add(3 + index).write(Term::small_unchecked(number as i64));
        }
    }
    Term::boxed_ptr(ptr)
}

/// A pid of another node (or of an earlier incarnation of this one).
pub fn external_pid(heap: &mut Heap, node: NodeId, id: u32, serial: u32) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::ExternalPid, 4);
    // SAFETY: the payload is four words after the header.
    unsafe {
        ptr.add(1).write(Term::atom(node.name));
        ptr.add(2).write(Term::small_unchecked(id as i64));
        ptr.add(3).write(Term::small_unchecked(serial as i64));
        ptr.add(4).write(Term::small_unchecked(node.creation as i64));
    }
    Term::boxed_ptr(ptr)
}

/// The largest module index a fun can name: the index and the fun index
/// share one small integer (`module_index << 32 | fun_index`).
pub const FUN_MODULE_INDEX_MAX: u32 = (1 << 27) - 1;

/// A fun: fun `fun_index` of module `module_index` (named `module_name`)
/// with its captured free variables.
///
/// `module_index` must be at most [`FUN_MODULE_INDEX_MAX`].
pub fn fun(heap: &mut Heap, module_index: u32, fun_index: u32, module_name: Atom, free: &[Term]) -> Term {
    debug_assert!(module_index <= FUN_MODULE_INDEX_MAX);
    let ptr = alloc_boxed(heap, BoxKind::Fun, 2 + free.len());
    let index_word = Term::small_unchecked(((module_index as i64) << 32) | fun_index as i64);
    // SAFETY: the payload is 2 + free.len() words after the header.
    unsafe {
        ptr.add(1).write(index_word);
        ptr.add(2).write(Term::atom(module_name));
        std::ptr::copy_nonoverlapping(free.as_ptr(), ptr.add(3), free.len());
    }
    Term::boxed_ptr(ptr)
}

/// The largest arity an external fun has (Erlang's limit for funs).
pub const EXPORT_FUN_ARITY_MAX: u8 = 255;

/// An external fun, `fun module:function/arity`.
pub fn export_fun(heap: &mut Heap, module: Atom, function: Atom, arity: u8) -> Term {
    let ptr = alloc_boxed(heap, BoxKind::ExportFun, 3);
    // SAFETY: the payload is three words after the header.
    unsafe { write_export_fun_payload(ptr, module, function, arity) };
    Term::boxed_ptr(ptr)
}

/// Writes an external fun's payload after the header at `ptr`.
///
/// # Safety
///
/// `ptr` must be valid for writes of four words (the header and the payload).
pub(crate) unsafe fn write_export_fun_payload(ptr: *mut Term, module: Atom, function: Atom, arity: u8) {
    // SAFETY: the caller provides the four words.
    unsafe {
        ptr.add(1).write(Term::atom(module));
        ptr.add(2).write(Term::atom(function));
        ptr.add(3).write(Term::small_unchecked(i64::from(arity)));
    }
}

// ---- readers ----

/// An iterator over the heads of a list's cons cells.
///
/// It stops at the first tail that is not a cons cell; [`ListIter::rest`]
/// then tells whether the list was proper (`[]`) or what its improper tail is.
#[derive(Clone, Copy, Debug)]
pub struct ListIter {
    rest: Term,
}

impl ListIter {
    /// An iterator over `list`; a term that is not a list yields nothing and
    /// is its own rest.
    pub fn new(list: Term) -> ListIter {
        ListIter { rest: list }
    }

    /// What remains: `[]` after a proper list, the improper tail otherwise.
    pub fn rest(&self) -> Term {
        self.rest
    }
}

impl Iterator for ListIter {
    type Item = Term;

    #[inline]
    fn next(&mut self) -> Option<Term> {
        let (head, tail) = self.rest.as_cons()?;
        self.rest = tail;
        Some(head)
    }
}

/// The elements of a proper list; `None` for an improper list or a non-list.
pub fn list_to_vec(list: Term) -> Option<Vec<Term>> {
    let mut iter = ListIter::new(list);
    let elements: Vec<Term> = iter.by_ref().collect();
    iter.rest().is_nil().then_some(elements)
}

/// The length of a proper list; `None` for an improper list or a non-list.
pub fn list_len(list: Term) -> Option<usize> {
    let mut iter = ListIter::new(list);
    let n = iter.by_ref().count();
    iter.rest().is_nil().then_some(n)
}

/// The parts of a fun, as read by [`fun_parts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunParts<'a> {
    /// The index of the defining module in the code server.
    pub module_index: u32,
    /// The index of the fun in its module's fun table.
    pub fun_index: u32,
    /// The defining module's name.
    pub module: Atom,
    /// The captured free variables.
    pub free: &'a [Term],
}

/// The parts of a fun, or `None` for anything else.
pub fn fun_parts<'a>(term: Term) -> Option<FunParts<'a>> {
    if !term.is_box_of(BoxKind::Fun) {
        return None;
    }
    let payload: &'a [Term] = term.payload();
    let index_word = payload[0].small_value() as u64;
    Some(FunParts {
        module_index: (index_word >> 32) as u32,
        fun_index: index_word as u32,
        module: payload[1].as_atom()?,
        free: &payload[2..],
    })
}

/// The module, function and arity of an external fun (`fun M:F/A`), or
/// `None` for anything else (a local fun included).
pub fn export_fun_parts(term: Term) -> Option<(Atom, Atom, u8)> {
    if !term.is_box_of(BoxKind::ExportFun) {
        return None;
    }
    let payload = term.payload();
    let arity = u8::try_from(payload.get(2)?.as_small()?).ok()?;
    Some((payload.first()?.as_atom()?, payload.get(1)?.as_atom()?, arity))
}

/// The number of a local reference, plain or magic, or `None` for
/// anything else.
pub fn ref_number(term: Term) -> Option<u64> {
    (term.is_box_of(BoxKind::Ref) || term.is_box_of(BoxKind::MagicRef)).then(|| term.payload()[0].raw())
}

/// A reference's parts, as read by [`ref_parts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RefParts {
    /// The node the reference belongs to (this node's identity for a local one).
    pub node: NodeId,
    /// Whether it is a local reference (`BoxKind::Ref` or `BoxKind::MagicRef`).
    pub local: bool,
    /// The numbers, least significant first; `n_numbers` of them are used.
    pub numbers: [u32; MAX_REF_NUMBERS],
    /// How many of `numbers` the reference has (1 to [`MAX_REF_NUMBERS`]).
    pub n_numbers: usize,
}

impl RefParts {
    /// The reference's numbers, least significant first.
    pub fn numbers(&self) -> &[u32] {
        &self.numbers[..self.n_numbers]
    }
}

/// The parts of a reference, local or external, or `None` for anything else.
pub fn ref_parts(term: Term) -> Option<RefParts> {
    let mut numbers = [0; MAX_REF_NUMBERS];
    if let Some(number) = ref_number(term) {
        let local = local_ref_numbers(number);
        numbers[..3].copy_from_slice(&local);
        return Some(RefParts { node: this_node_id(), local: true, numbers, n_numbers: 3 });
    }
    if !term.is_box_of(BoxKind::ExternalRef) {
        return None;
    }
    let payload = term.payload();
    let word = |index: usize| payload.get(index).and_then(|word| word.as_small()).unwrap_or(0) as u32;
    let name = payload.first().and_then(|word| word.as_atom()).unwrap_or(super::atoms::NONODE);
    let n_numbers = payload.len().saturating_sub(2).min(MAX_REF_NUMBERS);
    for (index, number) in numbers.iter_mut().enumerate().take(n_numbers) {
        *number = word(2 + index);
    }
    Some(RefParts { node: NodeId { name, creation: word(1) }, local: false, numbers, n_numbers })
}

/// A pid's parts: its node, id and serial, as read by [`pid_parts`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PidParts {
    /// The node the pid belongs to (this node's identity for a local one).
    pub node: NodeId,
    /// Whether it is a local (immediate) pid.
    pub local: bool,
    /// The id, printed second in `<N.Id.Serial>`.
    pub id: u32,
    /// The serial, printed third.
    pub serial: u32,
}

/// The parts of a pid, local or external, or `None` for anything else.
pub fn pid_parts(term: Term) -> Option<PidParts> {
    if let Some((id, serial)) = term.pid_id_serial() {
        return Some(PidParts { node: this_node_id(), local: true, id, serial });
    }
    if !term.is_box_of(BoxKind::ExternalPid) {
        return None;
    }
    let payload = term.payload();
    let word = |index: usize| payload.get(index).and_then(|word| word.as_small()).unwrap_or(0) as u32;
    let name = payload.first().and_then(|word| word.as_atom()).unwrap_or(super::atoms::NONODE);
    Some(PidParts { node: NodeId { name, creation: word(3) }, local: false, id: word(1), serial: word(2) })
}

/// The text of a proper list of Unicode code points, or `None` when the
/// term is not one (an improper list, a non-integer, a surrogate…).
pub fn char_list_to_string(list: Term) -> Option<String> {
    let mut text = String::new();
    let mut iter = ListIter::new(list);
    for element in iter.by_ref() {
        let code = element.as_small()?;
        text.push(char::from_u32(u32::try_from(code).ok()?)?);
    }
    iter.rest().is_nil().then_some(text)
}

/// The bytes of an iolist (nested lists of bytes and binaries, with binary
/// or `[]` tails) or of a binary; `None` for anything else.
pub fn iolist_to_bytes(term: Term) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    // Items still to visit, each a list or a binary; the top is visited next.
    let mut pending = vec![term];
    while let Some(mut item) = pending.pop() {
        loop {
            if item.is_nil() {
                break;
            }
            if let Some(data) = binary_bytes(item) {
                bytes.extend_from_slice(&data);
                break;
            }
            let (head, tail) = item.as_cons()?;
            if let Some(byte) = head.as_small() {
                bytes.push(u8::try_from(byte).ok()?);
            } else if let Some(data) = binary_bytes(head) {
                bytes.extend_from_slice(&data);
            } else if head.is_list() {
                pending.push(tail);
                item = head;
                continue;
            } else {
                return None;
            }
            item = tail;
        }
    }
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::atoms;

    #[test]
    fn tuples_and_lists_read_back() {
        let mut heap = Heap::new(4);
        let one = Term::small_unchecked(1);
        let two = Term::small_unchecked(2);
        let pair = tuple(&mut heap, &[one, two]);
        assert_eq!(pair.as_tuple(), Some(&[one, two][..]));
        assert_eq!(tuple(&mut heap, &[]).as_tuple(), Some(&[][..]));
        let list = list_from_slice(&mut heap, &[one, two, pair]);
        assert_eq!(list_to_vec(list), Some(vec![one, two, pair]));
        assert_eq!(list_len(list), Some(3));
        let improper = list_from_slice_with_tail(&mut heap, &[one], two);
        assert_eq!(list_to_vec(improper), None);
        assert_eq!(list_len(improper), None);
        let mut iter = ListIter::new(improper);
        assert_eq!(iter.next(), Some(one));
        assert_eq!(iter.next(), None);
        assert_eq!(iter.rest(), two);
        assert_eq!(list_to_vec(Term::NIL), Some(vec![]));
        assert_eq!(list_to_vec(one), None);
        assert_eq!(cons(&mut heap, one, Term::NIL).as_cons(), Some((one, Term::NIL)));
    }

    #[test]
    fn strings_are_lists_of_code_points() {
        let mut heap = Heap::new(4);
        let text = string(&mut heap, "héllo €");
        assert_eq!(list_len(text), Some(7));
        assert_eq!(char_list_to_string(text).as_deref(), Some("héllo €"));
        assert_eq!(string(&mut heap, ""), Term::NIL);
        assert_eq!(char_list_to_string(Term::NIL).as_deref(), Some(""));
        let surrogate = list_from_slice(&mut heap, &[Term::small_unchecked(0xD800)]);
        assert_eq!(char_list_to_string(surrogate), None);
        let negative = list_from_slice(&mut heap, &[Term::small_unchecked(-1)]);
        assert_eq!(char_list_to_string(negative), None);
    }

    #[test]
    fn numbers_refs_and_funs_read_back() {
        let mut heap = Heap::new(4);
        assert_eq!(float(&mut heap, -0.5).as_float(), Some(-0.5));
        assert_eq!(integer(&mut heap, 7), Term::small_unchecked(7));
        let big = integer(&mut heap, i64::MIN);
        assert!(big.is_box_of(BoxKind::NegBig));
        assert_eq!(big.payload()[0].raw(), 1u64 << 63);
        let reference = reference(&mut heap, 12);
        assert_eq!(ref_number(reference), Some(12));
        assert_eq!(ref_number(big), None);
        let free = [Term::small_unchecked(5), reference];
        let fun = fun(&mut heap, FUN_MODULE_INDEX_MAX, u32::MAX, atoms::LISTS, &free);
        let parts = fun_parts(fun).unwrap();
        assert_eq!(parts.module_index, FUN_MODULE_INDEX_MAX);
        assert_eq!(parts.fun_index, u32::MAX);
        assert_eq!(parts.module, atoms::LISTS);
        assert_eq!(parts.free, &free[..]);
        assert_eq!(fun.payload().len(), 4);
        assert_eq!(export_fun_parts(fun), None);
        let external = export_fun(&mut heap, atoms::LISTS, atoms::UNDEF, EXPORT_FUN_ARITY_MAX);
        assert_eq!(export_fun_parts(external), Some((atoms::LISTS, atoms::UNDEF, 255)));
        assert_eq!(fun_parts(external), None);
        assert!(external.is_fun() && fun.is_fun() && !big.is_fun());
        assert_eq!(external.kind(), crate::term::Kind::Fun);
    }

    #[test]
    fn binaries_and_iolists() {
        let mut heap = Heap::new(4);
        for n in 0..20 {
            let bytes: Vec<u8> = (0..n as u8).collect();
            let binary = binary(&mut heap, &bytes);
            assert_eq!(binary_bytes(binary).as_deref(), Some(&bytes[..]));
            assert_eq!(binary.payload().len(), binary_arity(n));
        }
        let tail = binary(&mut heap, b"yz");
        let inner = list_from_slice(&mut heap, &[Term::small_unchecked(b'b' as i64), Term::NIL]);
        let middle = binary(&mut heap, b"cd");
        let iolist = list_from_slice_with_tail(&mut heap, &[Term::small_unchecked(b'a' as i64), inner, middle], tail);
        assert_eq!(iolist_to_bytes(iolist).as_deref(), Some(&b"abcdyz"[..]));
        assert_eq!(iolist_to_bytes(tail).as_deref(), Some(&b"yz"[..]));
        assert_eq!(iolist_to_bytes(Term::NIL).as_deref(), Some(&b""[..]));
        let bad = list_from_slice(&mut heap, &[Term::small_unchecked(256)]);
        assert_eq!(iolist_to_bytes(bad), None);
        assert_eq!(iolist_to_bytes(Term::small_unchecked(1)), None);
        let improper = list_from_slice_with_tail(&mut heap, &[Term::small_unchecked(1)], Term::small_unchecked(2));
        assert_eq!(iolist_to_bytes(improper), None);
    }

    #[test]
    fn deep_iolists_do_not_recurse() {
        let mut heap = Heap::new(4);
        let mut term = binary(&mut heap, b"x");
        for _ in 0..100_000 {
            term = list_from_slice(&mut heap, &[term, Term::small_unchecked(b'y' as i64)]);
        }
        let bytes = iolist_to_bytes(term).unwrap();
        assert_eq!(bytes.len(), 100_001);
        assert_eq!(bytes[0], b'x');
    }
}
