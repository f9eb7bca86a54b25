//! Erlang's term order, and the two equalities built on it.
//!
//! The order is `number < atom < reference < fun < port < pid < tuple < map
//! < [] < cons < binary`. Within a type:
//!
//! - numbers compare by value, exactly, whatever mix of small integers, big
//!   integers and floats (no rounding through `f64`); `1 == 1.0`;
//! - atoms compare by name (the bytes of their UTF-8 text, which is code point order);
//! - references as Erlang/OTP orders them: by node name, then creation,
//!   then their 32-bit numbers from the most significant down (a missing
//!   high number counts as 0); funs by module name, fun index, module index,
//!   then free variables (count first);
//! - pids as Erlang/OTP 25 orders them: by serial, then number (id), then
//!   node name, then creation.
//!
//! Local pids and references belong to this node
//! ([`this_node_id`](super::node::this_node_id): `nonode@nohost`, creation 0,
//! until distribution sets it), so a local pid and an `ExternalPid` of this
//! node's name and creation with the same id and serial are equal.
//! - tuples by size, then element by element;
//! - maps by size, then by their keys in key order, then by their values
//!   (keys always compare in key order, so `#{1 => a} /= #{1.0 => a}`);
//! - lists element by element (a shorter prefix first, tails compared as terms);
//! - bitstrings (binaries among them, in any of their three forms) bit by
//!   bit, a prefix first: `<<>> < <<0:1>> < <<1>> < <<1,2>> < <<1,2:3>> <
//!   <<1:1>>` (`<<1,2:3>>` is the bits `00000001 010`, which pass
//!   `00000001 00000010` at the tenth bit).
//!
//! [`key_order`] is the order of map keys and of `=:=`: the same, except that
//! every integer sorts before every float (as in Erlang's map key order,
//! where `#{2 => a, 1.5 => b}` lists `2` first), so `1` and `1.0` are distinct.
//! Floats compare by value in both orders: `0.0 =:= -0.0`, as in OTP 25.
//!
//! Nothing here recurses: nested terms are compared with an explicit work
//! stack, so long lists and deep nesting cost heap memory, not Rust stack.

use super::bigint::bigint_limbs;
use super::bits::bitstring;
use super::build::{export_fun_parts, fun_parts, pid_parts, ref_parts};
use super::map::{map_pairs, map_size, Pairs, FLAT_MAX};
use super::{atoms, Atom, Kind, Term};
use num_bigint::BigInt;
use num_traits::FromPrimitive;
use std::cmp::Ordering;

pub use super::node::{set_this_node, this_node};

/// Compares two terms in Erlang's term order (`<`, `==`, `>`).
pub fn compare(a: Term, b: Term) -> Ordering {
    compare_in(a, b, false)
}

/// Compares two terms in map key order, the order of `=:=`: term order,
/// except that all integers come before all floats.
pub fn key_order(a: Term, b: Term) -> Ordering {
    compare_in(a, b, true)
}

/// Erlang's `=:=`: the same term, with `1 =/= 1.0`.
pub fn exact_eq(a: Term, b: Term) -> bool {
    a == b || key_order(a, b) == Ordering::Equal
}

/// Erlang's `==`: equal in term order, so `1 == 1.0`.
pub fn eq(a: Term, b: Term) -> bool {
    a == b || compare(a, b) == Ordering::Equal
}

/// The rank of a term's type in the term order.
fn type_rank(term: Term) -> u8 {
    match term.kind() {
        Kind::Small | Kind::BigInt | Kind::Float => 0,
        Kind::Atom => 1,
        Kind::Ref => 2,
        // Local funs before external ones, as Erlang/OTP orders them (no
        // ports, which would come after both).
        Kind::Fun if term.is_box_of(super::BoxKind::ExportFun) => 4,
        Kind::Fun => 3,
        Kind::Pid => 5,
        Kind::Tuple => 6,
        Kind::Map => 7,
        Kind::Nil => 8,
        Kind::Cons => 9,
        Kind::Binary => 10,
        Kind::Internal => 11,
    }
}

/// Work still to do: pairs of terms compared in order, first pair first.
enum Work<'a> {
    /// One pair.
    Pair(Term, Term, bool),
    /// `a[0]` vs `b[0]`, then `a[step]` vs `b[step]`, and so on; the slices
    /// have equal length.
    Seq { a: &'a [Term], b: &'a [Term], step: usize, exact: bool },
    /// The keys (`values == false`) or values of the pairs left of two
    /// large maps of equal size.
    MapPairs { a: Pairs<'a>, b: Pairs<'a>, values: bool, exact: bool },
}

fn compare_in(a: Term, b: Term, exact: bool) -> Ordering {
    // Two small integers, the commonest keys of ordered tables and sorts.
    if let (Some(x), Some(y)) = (a.as_small(), b.as_small()) {
        return x.cmp(&y);
    }
    let mut work: Vec<Work<'_>> = Vec::new();
    let mut pair = (a, b, exact);
    loop {
        let (a, b, exact) = pair;
        if a != b {
            let order = compare_shallow(a, b, exact, &mut work);
            if order != Ordering::Equal {
                return order;
            }
        }
        // This pair is equal so far; continue with the next pending one.
        pair = loop {
            match work.pop() {
                None => return Ordering::Equal,
                Some(Work::Pair(a, b, exact)) => break (a, b, exact),
                Some(Work::Seq { a, b, step, exact }) => {
                    if a.is_empty() {
                        continue;
                    }
                    let next = (a[0], b[0], exact);
                    if a.len() > step {
                        work.push(Work::Seq { a: &a[step..], b: &b[step..], step, exact });
                    }
                    break next;
                }
                Some(Work::MapPairs { mut a, mut b, values, exact }) => {
                    let (Some(pair_a), Some(pair_b)) = (a.next(), b.next()) else {
                        continue;
                    };
                    work.push(Work::MapPairs { a, b, values, exact });
                    break if values { (pair_a.1, pair_b.1, exact) } else { (pair_a.0, pair_b.0, true) };
                }
            }
        };
    }
}

/// Compares what can be compared without looking inside children, and
/// pushes the children pairs (in reverse order of comparison) when the
/// outer shapes are equal.
fn compare_shallow<'a>(a: Term, b: Term, exact: bool, work: &mut Vec<Work<'a>>) -> Ordering {
    let (rank_a, rank_b) = (type_rank(a), type_rank(b));
    if rank_a != rank_b {
        return rank_a.cmp(&rank_b);
    }
    match rank_a {
        0 => compare_numbers(a, b, exact),
        1 => compare_atoms(a.as_atom().unwrap_or(atoms::FALSE), b.as_atom().unwrap_or(atoms::FALSE)),
        2 => compare_refs(a, b),
        3 => {
            let (fa, fb) = (fun_parts(a), fun_parts(b));
            let (Some(fa), Some(fb)) = (fa, fb) else {
                return Ordering::Equal;
            };
            let order = compare_atoms(fa.module, fb.module)
                .then(fa.fun_index.cmp(&fb.fun_index))
                .then(fa.module_index.cmp(&fb.module_index))
                .then(fa.free.len().cmp(&fb.free.len()));
            if order == Ordering::Equal {
                work.push(Work::Seq { a: fa.free, b: fb.free, step: 1, exact });
            }
            order
        }
        // External funs: by module, then function, then arity.
        4 => match (export_fun_parts(a), export_fun_parts(b)) {
            (Some((ma, fa, aa)), Some((mb, fb, ab))) => {
                compare_atoms(ma, mb).then_with(|| compare_atoms(fa, fb)).then(aa.cmp(&ab))
            }
            _ => Ordering::Equal,
        },
        5 => compare_pids(a, b),
        6 => {
            let (ta, tb): (&'a [Term], &'a [Term]) = (a.payload(), b.payload());
            let order = ta.len().cmp(&tb.len());
            if order == Ordering::Equal {
                work.push(Work::Seq { a: ta, b: tb, step: 1, exact });
            }
            order
        }
        7 if map_size(a) > FLAT_MAX || map_size(b) > FLAT_MAX => {
            // Trees, whose shapes differ with their histories: pair by pair.
            let order = map_size(a).cmp(&map_size(b));
            if order == Ordering::Equal {
                work.push(Work::MapPairs { a: map_pairs(a), b: map_pairs(b), values: true, exact });
                work.push(Work::MapPairs { a: map_pairs(a), b: map_pairs(b), values: false, exact: true });
            }
            order
        }
        7 => {
            let (ma, mb): (&'a [Term], &'a [Term]) = (a.payload(), b.payload());
            let order = ma.len().cmp(&mb.len());
            if order == Ordering::Equal && !ma.is_empty() {
                // Values after all keys; keys always in key order.
                work.push(Work::Seq { a: &ma[1..], b: &mb[1..], step: 2, exact });
                work.push(Work::Seq { a: ma, b: mb, step: 2, exact: true });
            }
            order
        }
        9 => {
            work.push(Work::Pair(a.tail(), b.tail(), exact));
            work.push(Work::Pair(a.head(), b.head(), exact));
            Ordering::Equal
        }
        10 => match (bitstring(a), bitstring(b)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => Ordering::Equal,
        },
        // `[]` equals `[]`; internal words have no order and compare by raw value.
        _ => a.raw().cmp(&b.raw()),
    }
}

fn compare_atoms(a: Atom, b: Atom) -> Ordering {
    if a == b {
        Ordering::Equal
    } else {
        a.name().as_bytes().cmp(b.name().as_bytes())
    }
}

/// A pid's parts in comparison order: (serial, number, node name, creation).
fn pid_key(pid: Term) -> (u32, u32, Atom, u32) {
    match pid_parts(pid) {
        Some(parts) => (parts.serial, parts.id, parts.node.name, parts.node.creation),
        None => (0, 0, atoms::NONODE, 0),
    }
}

fn compare_pids(a: Term, b: Term) -> Ordering {
    let (serial_a, number_a, node_a, creation_a) = pid_key(a);
    let (serial_b, number_b, node_b, creation_b) = pid_key(b);
    serial_a
        .cmp(&serial_b)
        .then(number_a.cmp(&number_b))
        .then_with(|| compare_atoms(node_a, node_b))
        .then(creation_a.cmp(&creation_b))
}

/// Orders references as Erlang/OTP does: by node name, then creation, then
/// their numbers from the most significant down (missing high numbers
/// count as 0, so a local reference and an external copy of it are equal).
fn compare_refs(a: Term, b: Term) -> Ordering {
    let (Some(a), Some(b)) = (ref_parts(a), ref_parts(b)) else {
        return Ordering::Equal;
    };
    let n_numbers = a.n_numbers.max(b.n_numbers);
    compare_atoms(a.node.name, b.node.name).then(a.node.creation.cmp(&b.node.creation)).then_with(|| {
        (0..n_numbers).rev().map(|index| a.numbers[index].cmp(&b.numbers[index])).fold(Ordering::Equal, Ordering::then)
    })
}

/// An integer, borrowed from its term without allocating.
#[derive(Clone, Copy)]
enum IntRef<'a> {
    Small(i64),
    Big { negative: bool, limbs: &'a [u64] },
}

fn int_ref<'a>(term: Term) -> Option<IntRef<'a>> {
    if let Some(value) = term.as_small() {
        return Some(IntRef::Small(value));
    }
    bigint_limbs(term).map(|(negative, limbs)| IntRef::Big { negative, limbs })
}

fn compare_numbers(a: Term, b: Term, exact: bool) -> Ordering {
    match (a.as_float(), b.as_float()) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (None, None) => match (int_ref(a), int_ref(b)) {
            (Some(x), Some(y)) => compare_ints(x, y),
            _ => Ordering::Equal,
        },
        (Some(_), None) if exact => Ordering::Greater,
        (None, Some(_)) if exact => Ordering::Less,
        (Some(x), None) => int_ref(b).map_or(Ordering::Equal, |y| compare_int_float(y, x).reverse()),
        (None, Some(y)) => int_ref(a).map_or(Ordering::Equal, |x| compare_int_float(x, y)),
    }
}

fn compare_ints(a: IntRef<'_>, b: IntRef<'_>) -> Ordering {
    match (a, b) {
        (IntRef::Small(x), IntRef::Small(y)) => x.cmp(&y),
        // A big integer lies outside the small range, so its sign decides.
        (IntRef::Small(_), IntRef::Big { negative, .. }) => {
            if negative {
                Ordering::Greater
            } else {
                Ordering::Less
            }
        }
        (IntRef::Big { negative, .. }, IntRef::Small(_)) => {
            if negative {
                Ordering::Less
            } else {
                Ordering::Greater
            }
        }
        (IntRef::Big { negative: na, limbs: la }, IntRef::Big { negative: nb, limbs: lb }) => {
            if na != nb {
                return if na { Ordering::Less } else { Ordering::Greater };
            }
            let magnitude = la.len().cmp(&lb.len()).then_with(|| la.iter().rev().cmp(lb.iter().rev()));
            if na {
                magnitude.reverse()
            } else {
                magnitude
            }
        }
    }
}

/// 2^63, exactly.
const TWO_POW_63: f64 = (1u64 << 63) as f64;

/// Compares an integer with a (finite) float exactly.
fn compare_int_float(int: IntRef<'_>, float: f64) -> Ordering {
    let whole = float.trunc();
    let fraction = float - whole;
    // Compare with the float's integer part first; on a tie the fraction decides.
    let order = match int {
        IntRef::Small(value) => {
            // |whole| < 2^63 here converts exactly; beyond, the sign decides.
            if whole >= TWO_POW_63 {
                Ordering::Less
            } else if whole < -TWO_POW_63 {
                Ordering::Greater
            } else {
                value.cmp(&(whole as i64))
            }
        }
        IntRef::Big { negative, limbs } => match BigInt::from_f64(whole) {
            Some(whole) => {
                let digits: Vec<u32> = limbs.iter().flat_map(|&limb| [limb as u32, (limb >> 32) as u32]).collect();
                let sign = if negative { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus };
                BigInt::from_biguint(sign, num_bigint::BigUint::new(digits)).cmp(&whole)
            }
            // Infinity or NaN never reach a term; order them by sign anyway.
            None => {
                if float > 0.0 {
                    Ordering::Less
                } else {
                    Ordering::Greater
                }
            }
        },
    };
    order.then(if fraction > 0.0 {
        Ordering::Less
    } else if fraction < 0.0 {
        Ordering::Greater
    } else {
        Ordering::Equal
    })
}

/// A sort key wrapper ordering terms by [`compare`], for `sort_by` and friends.
#[derive(Clone, Copy, Debug)]
pub struct TermOrd(pub Term);

impl PartialEq for TermOrd {
    fn eq(&self, other: &TermOrd) -> bool {
        eq(self.0, other.0)
    }
}

impl Eq for TermOrd {}

impl PartialOrd for TermOrd {
    fn partial_cmp(&self, other: &TermOrd) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for TermOrd {
    fn cmp(&self, other: &TermOrd) -> Ordering {
        compare(self.0, other.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::heap::Heap;
    use crate::term::bigint::integer_from_bigint;
    use crate::term::build::*;
    use crate::term::map::map_from_pairs;
    use crate::term::BoxKind;

    fn small(value: i64) -> Term {
        Term::small_unchecked(value)
    }

    fn atom(name: &str) -> Term {
        Term::atom(Atom::intern(name).unwrap())
    }

    #[test]
    fn bitstrings_of_every_form_compare_bit_by_bit() {
        use crate::term::bits::{bitstring_of, sub_bitstring, BitSlice};
        let mut heap = Heap::new(4);
        let mut bits = |bytes: &[u8], size: usize| bitstring_of(&mut heap, &BitSlice::new(bytes, 0, size).unwrap());
        // The order of lists:sort/1 in OTP 25.
        let in_order = [
            bits(&[], 0),
            bits(&[0], 1),
            bits(&[1], 8),
            bits(&[1, 2], 16),
            bits(&[1, 0x40], 11),
            bits(&[0x80], 1),
            bits(&[0x80], 8),
        ];
        for (i, &a) in in_order.iter().enumerate() {
            for (j, &b) in in_order.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "{i} vs {j}");
            }
        }
        // The same bits as a heap binary, an off-heap one, and slices at
        // odd offsets are equal, exactly, and equal as map keys.
        let bytes: Vec<u8> = (0..200u32).map(|i| (i * 13) as u8).collect();
        let mut shifted = vec![0u8; 202];
        crate::term::bits::copy_bits(&BitSlice::of_bytes(&bytes), &mut shifted, 3);
        let off_heap = binary(&mut heap, &bytes);
        let holder = binary(&mut heap, &shifted);
        let slice = sub_bitstring(&mut heap, holder, 3, 8 * 200);
        assert!(exact_eq(off_heap, slice) && eq(off_heap, slice));
        let short_heap = binary(&mut heap, &bytes[..10]);
        let short_slice = sub_bitstring(&mut heap, slice, 0, 80);
        assert_eq!(key_order(short_heap, short_slice), Ordering::Equal);
        let shorter = sub_bitstring(&mut heap, slice, 0, 79);
        assert_eq!(compare(shorter, short_heap), Ordering::Less);
        assert_eq!(compare(off_heap, short_heap), Ordering::Greater);
    }

    #[test]
    fn types_are_ordered() {
        let mut heap = Heap::new(4);
        let in_order = [
            small(5),
            atom("abc"),
            reference(&mut heap, 1),
            fun(&mut heap, 0, 0, atoms::LISTS, &[]),
            export_fun(&mut heap, atoms::LISTS, atoms::LISTS, 0),
            Term::pid(3),
            tuple(&mut heap, &[]),
            map_from_pairs(&mut heap, vec![]),
            Term::NIL,
            list_from_slice(&mut heap, &[small(1)]),
            binary(&mut heap, b""),
        ];
        for (i, &a) in in_order.iter().enumerate() {
            for (j, &b) in in_order.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "{i} vs {j}");
            }
        }
    }

    #[test]
    fn numbers_compare_exactly() {
        let mut heap = Heap::new(4);
        let two53 = 9_007_199_254_740_992i64;
        let f = |heap: &mut Heap, value: f64| float(heap, value);
        assert_eq!(compare(small(two53 + 1), f(&mut heap, two53 as f64)), Ordering::Greater);
        assert_eq!(compare(small(two53), f(&mut heap, two53 as f64)), Ordering::Equal);
        assert_eq!(compare(small(1), f(&mut heap, 1.5)), Ordering::Less);
        assert_eq!(compare(small(-1), f(&mut heap, -1.5)), Ordering::Greater);
        assert_eq!(compare(small(1), f(&mut heap, 1.0)), Ordering::Equal);
        assert_eq!(key_order(small(1), f(&mut heap, 1.0)), Ordering::Less);
        assert_eq!(key_order(small(2), f(&mut heap, 1.5)), Ordering::Less);
        assert!(eq(small(1), f(&mut heap, 1.0)));
        assert!(!exact_eq(small(1), f(&mut heap, 1.0)));
        let (zero, minus_zero) = (f(&mut heap, 0.0), f(&mut heap, -0.0));
        assert!(exact_eq(zero, minus_zero));
        let big = integer_from_bigint(&mut heap, &(BigInt::from(1) << 100usize));
        let big_plus = integer_from_bigint(&mut heap, &((BigInt::from(1) << 100usize) + 1));
        let neg_big = integer_from_bigint(&mut heap, &-(BigInt::from(1) << 100usize));
        let two100 = 2f64.powi(100);
        assert_eq!(compare(big, f(&mut heap, two100)), Ordering::Equal);
        assert_eq!(compare(big_plus, f(&mut heap, two100)), Ordering::Greater);
        assert_eq!(compare(f(&mut heap, two100), big_plus), Ordering::Less);
        assert_eq!(compare(neg_big, f(&mut heap, -two100)), Ordering::Equal);
        assert_eq!(compare(neg_big, small(0)), Ordering::Less);
        assert_eq!(compare(big, small(i64::MAX >> 4)), Ordering::Greater);
        assert_eq!(compare(neg_big, big), Ordering::Less);
        assert_eq!(compare(big, big_plus), Ordering::Less);
        let neg_big_minus = integer_from_bigint(&mut heap, &(-(BigInt::from(1) << 100usize) - 1));
        assert_eq!(compare(neg_big_minus, neg_big), Ordering::Less);
        assert_eq!(compare(f(&mut heap, 1e300), big), Ordering::Greater);
        let i64_min = integer(&mut heap, i64::MIN);
        assert_eq!(compare(i64_min, f(&mut heap, i64::MIN as f64)), Ordering::Equal);
        assert_eq!(compare(small(0), f(&mut heap, 1e19)), Ordering::Less);
    }

    #[test]
    fn external_funs_compare_by_module_function_and_arity() {
        let mut heap = Heap::new(4);
        let make = |heap: &mut Heap, module: &str, function: &str, arity: u8| {
            let (module, function) = (Atom::intern(module).unwrap(), Atom::intern(function).unwrap());
            export_fun(heap, module, function, arity)
        };
        let in_order = [
            make(&mut heap, "a", "z", 0),
            make(&mut heap, "lists", "filter", 2),
            make(&mut heap, "lists", "map", 1),
            make(&mut heap, "lists", "map", 2),
        ];
        for (i, &a) in in_order.iter().enumerate() {
            for (j, &b) in in_order.iter().enumerate() {
                assert_eq!(compare(a, b), i.cmp(&j), "{i} vs {j}");
            }
        }
        let again = make(&mut heap, "lists", "map", 2);
        assert!(exact_eq(again, in_order[3]) && eq(again, in_order[3]));
    }

    #[test]
    fn atoms_compare_by_name() {
        assert_eq!(compare(atom("abc"), atom("abd")), Ordering::Less);
        assert_eq!(compare(atom("b"), atom("abc")), Ordering::Greater);
        assert_eq!(compare(atom("ab"), atom("abc")), Ordering::Less);
        assert_eq!(compare(atom("Z"), atom("a")), Ordering::Less);
        assert_eq!(compare(atom("é"), atom("z")), Ordering::Greater);
    }

    #[test]
    fn containers_compare_structurally() {
        let mut heap = Heap::new(4);
        let t1 = tuple(&mut heap, &[small(1), small(2)]);
        let t2 = tuple(&mut heap, &[small(1), small(3)]);
        let t3 = tuple(&mut heap, &[small(9)]);
        assert_eq!(compare(t1, t2), Ordering::Less);
        assert_eq!(compare(t3, t1), Ordering::Less, "size first");
        let l1 = list_from_slice(&mut heap, &[small(1)]);
        let l12 = list_from_slice(&mut heap, &[small(1), small(2)]);
        let l1_2 = list_from_slice_with_tail(&mut heap, &[small(1)], small(2));
        let l2 = list_from_slice(&mut heap, &[small(2)]);
        assert_eq!(compare(l1, l12), Ordering::Less);
        assert_eq!(compare(l12, l2), Ordering::Less);
        assert_eq!(compare(l1_2, l12), Ordering::Less, "improper tail 2 < [2]");
        let one_float = float(&mut heap, 1.0);
        let lf = list_from_slice(&mut heap, &[one_float]);
        assert!(eq(l1, lf));
        assert!(!exact_eq(l1, lf));
        let b1 = binary(&mut heap, b"ab");
        let b2 = binary(&mut heap, b"abc");
        let b3 = binary(&mut heap, b"b");
        assert_eq!(compare(b1, b2), Ordering::Less);
        assert_eq!(compare(b2, b3), Ordering::Less);
    }

    #[test]
    fn maps_compare_keys_exactly_then_values() {
        let mut heap = Heap::new(4);
        let one_float = float(&mut heap, 1.0);
        let two_float = float(&mut heap, 2.0);
        let m_int = map_from_pairs(&mut heap, vec![(small(1), atom("a"))]);
        let m_float = map_from_pairs(&mut heap, vec![(one_float, atom("a"))]);
        assert_eq!(compare(m_int, m_float), Ordering::Less);
        assert!(!eq(m_int, m_float));
        let ma2 = map_from_pairs(&mut heap, vec![(atom("a"), small(2))]);
        let mb1 = map_from_pairs(&mut heap, vec![(atom("b"), small(1))]);
        assert_eq!(compare(ma2, mb1), Ordering::Less);
        let mv_int = map_from_pairs(&mut heap, vec![(small(1), small(2))]);
        let mv_float = map_from_pairs(&mut heap, vec![(small(1), two_float)]);
        assert!(eq(mv_int, mv_float));
        assert!(!exact_eq(mv_int, mv_float));
        let bigger = map_from_pairs(&mut heap, vec![(small(0), small(0)), (small(1), small(2))]);
        assert_eq!(compare(bigger, ma2), Ordering::Greater, "size first");
    }

    #[test]
    fn pids_compare_like_otp() {
        let mut heap = Heap::new(4);
        let node_a = Term::atom(Atom::intern("a@host").unwrap());
        let node_b = Term::atom(Atom::intern("b@host").unwrap());
        let external = |heap: &mut Heap, node: Term, id: i64, serial: i64, creation: i64| {
            let ptr = heap.alloc(5);
            // SAFETY: five words were just allocated.
            unsafe {
                ptr.write(Term::header(BoxKind::ExternalPid, 4));
                for (i, word) in [node, small(id), small(serial), small(creation)].into_iter().enumerate() {
                    ptr.add(1 + i).write(word);
                }
            }
            Term::boxed_ptr(ptr)
        };
        assert_eq!(compare(Term::pid(3), Term::pid(4)), Ordering::Less);
        let a5 = external(&mut heap, node_a, 5, 0, 1);
        let b3 = external(&mut heap, node_b, 3, 0, 1);
        let a3s1 = external(&mut heap, node_a, 3, 1, 1);
        assert_eq!(compare(b3, a5), Ordering::Less, "number before node");
        assert_eq!(compare(a5, a3s1), Ordering::Less, "serial first");
        assert_eq!(compare(Term::pid(4), a5), Ordering::Less);
        assert_eq!(compare(Term::pid(100), a3s1), Ordering::Less);
        assert_eq!(compare(external(&mut heap, node_a, 3, 0, 1), b3), Ordering::Less);
        assert!(exact_eq(a5, external(&mut heap, node_a, 5, 0, 1)));
    }

    #[test]
    fn long_lists_compare_without_recursion() {
        let mut heap = Heap::new(4);
        let elements: Vec<Term> = (0..1_000_000).map(small).collect();
        let a = list_from_slice(&mut heap, &elements);
        let b = list_from_slice(&mut heap, &elements);
        assert!(exact_eq(a, b));
        let mut deep_a = Term::NIL;
        let mut deep_b = Term::NIL;
        for _ in 0..100_000 {
            deep_a = tuple(&mut heap, &[deep_a]);
            deep_b = tuple(&mut heap, &[deep_b]);
        }
        assert!(exact_eq(deep_a, deep_b));
    }
}
