//! Turning a module's literals (the loader's portable tree form) into terms
//! in the immortal literal area.
//!
//! Each literal is sized first, then built into one allocation from the
//! literal area, children before parents, with explicit stacks: literals
//! nested tens of thousands deep build without deep Rust recursion.
//! Integers are normalised (small whenever they fit) and map pairs are
//! sorted by [`key_order`](super::compare::key_order), a later duplicate key
//! winning, exactly as maps built at run time.

use super::bigint::fits_small;
use super::bits::write_bitstring;
use super::build::{binary_arity, write_binary, write_export_fun_payload};
use super::map::sort_dedup_pairs;
use super::{Atom, BoxKind, Term, SMALL_MAX, SMALL_MIN};
use crate::memory::literal_area::{LiteralArea, LiteralAreaFull};
use girder_loader::Literal;
use num_bigint::Sign;
use num_traits::ToPrimitive;

/// Builds `literal` in the literal area and returns its term.
///
/// `atoms` maps the module's atom indices to atoms; it covers every index the
/// literal uses (the loader's verifier proved the indices in range).
pub fn build_literal(literal: &Literal, atoms: &[Atom]) -> Result<Term, LiteralAreaFull> {
    let n_words = literal_words(literal);
    let start = if n_words == 0 { std::ptr::null_mut() } else { LiteralArea::global().alloc(n_words)? };
    let mut region = Region { next: start, remaining: n_words };
    Ok(build_into(literal, atoms, &mut region))
}

/// Words of the literal area a literal needs (an upper bound: duplicate map
/// keys may leave a few unused).
pub fn literal_words(literal: &Literal) -> usize {
    let mut total = 0;
    let mut pending = vec![literal];
    while let Some(literal) = pending.pop() {
        total += match literal {
            Literal::Int(value) => usize::from(!(SMALL_MIN..=SMALL_MAX).contains(value)) * 2,
            Literal::BigInt(value) => {
                if fits_small(value) {
                    0
                } else {
                    1 + (value.magnitude().bits() as usize).div_ceil(64)
                }
            }
            Literal::Float(_) => 2,
            Literal::Atom(_) | Literal::Nil => 0,
            Literal::List(elements, tail) => {
                pending.extend(elements.iter());
                pending.push(tail);
                2 * elements.len()
            }
            Literal::Tuple(elements) => {
                pending.extend(elements.iter());
                1 + elements.len()
            }
            Literal::Map(pairs) => {
                pending.extend(pairs.iter().flat_map(|(key, value)| [key, value]));
                // Counted before duplicate keys go: at least what the
                // map takes, since the words grow with the pairs.
                crate::term::map::map_words(pairs.len())
            }
            Literal::Binary(bytes) | Literal::Bitstring { bytes, .. } => 1 + binary_arity(bytes.len()),
            Literal::ExportFun { .. } => 4,
        };
    }
    total
}

/// The reserved words still free.
struct Region {
    next: *mut Term,
    remaining: usize,
}

impl Region {
    fn alloc(&mut self, n_words: usize) -> *mut Term {
        assert!(n_words <= self.remaining, "literal sized wrongly");
        let ptr = self.next;
        self.remaining -= n_words;
        // SAFETY: the region holds at least n_words more words (asserted).
        self.next = unsafe { self.next.add(n_words) };
        ptr
    }
}

enum Step<'l> {
    /// Build this literal: a leaf at once, a compound after its children.
    Visit(&'l Literal),
    /// The children's terms are on top of the value stack; build the compound.
    Finish(&'l Literal),
}

fn build_into(literal: &Literal, atoms: &[Atom], region: &mut Region) -> Term {
    let mut steps = vec![Step::Visit(literal)];
    let mut values: Vec<Term> = Vec::new();
    while let Some(step) = steps.pop() {
        match step {
            Step::Visit(literal) => match literal {
                Literal::List(elements, tail) => {
                    steps.push(Step::Finish(literal));
                    steps.push(Step::Visit(tail));
                    steps.extend(elements.iter().rev().map(Step::Visit));
                }
                Literal::Tuple(elements) => {
                    steps.push(Step::Finish(literal));
                    steps.extend(elements.iter().rev().map(Step::Visit));
                }
                Literal::Map(pairs) => {
                    steps.push(Step::Finish(literal));
                    for (key, value) in pairs.iter().rev() {
                        steps.push(Step::Visit(value));
                        steps.push(Step::Visit(key));
                    }
                }
                leaf => values.push(build_leaf(leaf, atoms, region)),
            },
            Step::Finish(literal) => {
                let term = match literal {
                    Literal::List(elements, _) => {
                        let start = values.len() - elements.len() - 1;
                        let tail = values[values.len() - 1];
                        build_list(&values[start..values.len() - 1], tail, region)
                    }
                    Literal::Tuple(elements) => {
                        let start = values.len() - elements.len();
                        build_tuple(&values[start..], region)
                    }
                    Literal::Map(pairs) => {
                        let start = values.len() - 2 * pairs.len();
                        let pairs: Vec<(Term, Term)> =
                            values[start..].chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
                        build_map(sort_dedup_pairs(pairs), region)
                    }
                    _ => unreachable!("only compounds are finished"),
                };
                let n_children = match literal {
                    Literal::List(elements, _) => elements.len() + 1,
                    Literal::Tuple(elements) => elements.len(),
                    Literal::Map(pairs) => 2 * pairs.len(),
                    _ => 0,
                };
                values.truncate(values.len() - n_children);
                values.push(term);
            }
        }
    }
    values.pop().expect("one value per literal")
}

fn build_leaf(literal: &Literal, atoms: &[Atom], region: &mut Region) -> Term {
    match literal {
        Literal::Int(value) => match Term::small(*value) {
            Some(small) => small,
            None => {
                let kind = if *value < 0 { BoxKind::NegBig } else { BoxKind::PosBig };
                write_words(region, Term::header(kind, 1), &[value.unsigned_abs()])
            }
        },
        Literal::BigInt(value) => {
            if fits_small(value) {
                return Term::small_unchecked(value.to_i64().unwrap_or_default());
            }
            let (sign, limbs) = value.to_u64_digits();
            let kind = if sign == Sign::Minus { BoxKind::NegBig } else { BoxKind::PosBig };
            write_words(region, Term::header(kind, limbs.len()), &limbs)
        }
        Literal::Float(value) => write_words(region, Term::header(BoxKind::Float, 1), &[value.to_bits()]),
        Literal::Atom(index) => Term::atom(atoms[*index as usize]),
        Literal::Nil => Term::NIL,
        Literal::Binary(bytes) => {
            let ptr = region.alloc(1 + binary_arity(bytes.len()));
            // SAFETY: the region handed out exactly the words `write_binary` writes.
            unsafe { write_binary(ptr, bytes) };
            Term::boxed_ptr(ptr)
        }
        // A heap bitstring whatever its size: the literal area is never
        // collected, so no off-heap count is needed.
        Literal::Bitstring { bytes, last_bits } => {
            let ptr = region.alloc(1 + binary_arity(bytes.len()));
            let size = 8 * bytes.len() - (8 - usize::from(*last_bits));
            // SAFETY: the region handed out exactly the words `write_bitstring`
            // writes; the verifier proved the unused low bits zero.
            unsafe { write_bitstring(ptr, bytes, size) };
            Term::boxed_ptr(ptr)
        }
        Literal::ExportFun { module, function, arity } => {
            let ptr = region.alloc(4);
            // The verifier proved the arity at most 255.
            let arity = u8::try_from(*arity).unwrap_or(u8::MAX);
            // SAFETY: the region handed out the four words of the object.
            unsafe {
                ptr.write(Term::header(BoxKind::ExportFun, 3));
                write_export_fun_payload(ptr, atoms[*module as usize], atoms[*function as usize], arity);
            }
            Term::boxed_ptr(ptr)
        }
        Literal::List(..) | Literal::Tuple(_) | Literal::Map(_) => {
            unreachable!("compounds are built in steps")
        }
    }
}

/// Writes a boxed object of `header` and raw payload words.
fn write_words(region: &mut Region, header: Term, payload: &[u64]) -> Term {
    let ptr = region.alloc(1 + payload.len());
    // SAFETY: the region handed out 1 + payload.len() words.
    unsafe {
        ptr.write(header);
        for (index, &word) in payload.iter().enumerate() {
            ptr.add(1 + index).write(Term::from_raw(word));
        }
    }
    Term::boxed_ptr(ptr)
}

fn build_list(elements: &[Term], tail: Term, region: &mut Region) -> Term {
    if elements.is_empty() {
        return tail;
    }
    let cells = region.alloc(2 * elements.len());
    for (index, &element) in elements.iter().enumerate() {
        // SAFETY: cell `index` and its successor lie inside the 2 * len words handed out.
        unsafe {
            let cell = cells.add(2 * index);
            let next = if index + 1 == elements.len() { tail } else { Term::cons_ptr(cell.add(2)) };
            cell.write(element);
            cell.add(1).write(next);
        }
    }
    Term::cons_ptr(cells)
}

fn build_tuple(elements: &[Term], region: &mut Region) -> Term {
    let ptr = region.alloc(1 + elements.len());
    // SAFETY: the region handed out 1 + len words.
    unsafe {
        ptr.write(Term::header(BoxKind::Tuple, elements.len()));
        std::ptr::copy_nonoverlapping(elements.as_ptr(), ptr.add(1), elements.len());
    }
    Term::boxed_ptr(ptr)
}

fn build_map(pairs: Vec<(Term, Term)>, region: &mut Region) -> Term {
    crate::term::map::build_sorted(&mut |n_words| region.alloc(n_words), &pairs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::literal_area::is_literal;
    use crate::term::atoms;
    use crate::term::bigint::bigint_of;
    use crate::term::build::{binary_bytes, list_to_vec};
    use crate::term::map::{map_get, map_pairs};
    use crate::term::print::{term_to_string, Style};
    use num_bigint::BigInt;

    #[test]
    fn leaves_are_normalised() {
        let atom_table = [atoms::OK, atoms::ERROR];
        assert_eq!(build_literal(&Literal::Int(5), &atom_table).unwrap(), Term::small_unchecked(5));
        assert_eq!(build_literal(&Literal::BigInt(BigInt::from(-7)), &atom_table).unwrap(), Term::small_unchecked(-7));
        let big = build_literal(&Literal::Int(i64::MAX), &atom_table).unwrap();
        assert!(is_literal(big.ptr()));
        assert_eq!(bigint_of(big), Some(BigInt::from(i64::MAX)));
        let huge: BigInt = BigInt::from(-3) << 130usize;
        assert_eq!(bigint_of(build_literal(&Literal::BigInt(huge.clone()), &atom_table).unwrap()), Some(huge));
        assert_eq!(build_literal(&Literal::Atom(1), &atom_table).unwrap(), Term::atom(atoms::ERROR));
        assert_eq!(build_literal(&Literal::Float(2.5), &atom_table).unwrap().as_float(), Some(2.5));
        let binary = build_literal(&Literal::Binary(b"hello".to_vec()), &atom_table).unwrap();
        assert_eq!(binary_bytes(binary).as_deref(), Some(&b"hello"[..]));
        let partial = Literal::Bitstring { bytes: vec![1, 2, 0x30], last_bits: 4 };
        let bits = build_literal(&partial, &atom_table).unwrap();
        assert!(is_literal(bits.ptr()));
        assert_eq!(term_to_string(bits, Style::Write), "<<1,2,3:4>>");
        let long = Literal::Bitstring { bytes: vec![7; 1000], last_bits: 1 };
        let long = build_literal(&long, &atom_table).unwrap();
        assert_eq!(crate::term::bits::bitstring(long).map(|bits| bits.bit_size()), Some(8 * 999 + 1));
        let external = build_literal(&Literal::ExportFun { module: 0, function: 1, arity: 2 }, &atom_table).unwrap();
        assert!(is_literal(external.ptr()));
        assert_eq!(crate::term::export_fun_parts(external), Some((atoms::OK, atoms::ERROR, 2)));
    }

    #[test]
    fn compounds_build_in_order() {
        let atom_table = [atoms::OK, atoms::ERROR];
        let literal = Literal::Tuple(vec![
            Literal::Atom(0),
            Literal::List(vec![Literal::Int(1), Literal::Int(2)], Box::new(Literal::Int(3))),
            Literal::Map(vec![
                (Literal::Atom(1), Literal::Int(1)),
                (Literal::Float(1.0), Literal::Nil),
                (Literal::Int(1), Literal::Binary(vec![])),
                (Literal::Atom(1), Literal::Int(2)),
            ]),
            Literal::List(vec![Literal::Int(104), Literal::Int(105)], Box::new(Literal::Nil)),
        ]);
        let term = build_literal(&literal, &atom_table).unwrap();
        assert_eq!(term_to_string(term, Style::Print), "{ok,[1,2|3],#{1 => <<>>,1.0 => [],error => 2},\"hi\"}");
        let map = term.as_tuple().unwrap()[2];
        assert_eq!(map_pairs(map).count(), 3);
        assert_eq!(map_get(map, Term::atom(atoms::ERROR)), Some(Term::small_unchecked(2)));
        assert_eq!(list_to_vec(term.as_tuple().unwrap()[3]).unwrap().len(), 2);
    }

    #[test]
    fn deep_literals_build_without_recursion() {
        let mut literal = Literal::Nil;
        for depth in 0..10_000 {
            literal = if depth % 2 == 0 {
                Literal::Tuple(vec![literal, Literal::Int(depth)])
            } else {
                Literal::List(vec![literal], Box::new(Literal::Nil))
            };
        }
        let term = std::thread::scope(|scope| {
            std::thread::Builder::new()
                .stack_size(128 * 1024)
                .spawn_scoped(scope, || build_literal(&literal, &[]).unwrap().raw())
                .unwrap()
                .join()
                .unwrap()
        });
        let mut term = Term::from_raw(term);
        let mut depth = 0;
        while !term.is_nil() {
            term = if let Some(elements) = term.as_tuple() { elements[0] } else { term.head() };
            depth += 1;
        }
        assert_eq!(depth, 10_000);
        // Dismantle the tree iteratively so dropping it does not recurse either.
        let mut pending = vec![literal];
        while let Some(literal) = pending.pop() {
            match literal {
                Literal::Tuple(elements) => pending.extend(elements),
                Literal::List(elements, tail) => {
                    pending.extend(elements);
                    pending.push(*tail);
                }
                _ => {}
            }
        }
    }
}
