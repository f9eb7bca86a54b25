//! Terms on a process heap: building, printing, comparing, copying and
//! collecting.
//!
//! The input is a small program for a stack machine. Each step builds a
//! term on a [`Heap`] with the vm crate's constructors (integers of every
//! size, floats, atoms, pids, references, bitstrings in their three forms
//! (on the heap, off it, and slices at any bit offset), strings, tuples,
//! lists with any tail, maps and their updates, funs), shares or drops terms,
//! makes garbage, pushes terms onto the heap's stack (as y registers are),
//! copies a term into a message fragment the heap then adopts, or collects.
//! A copy of every term is taken when it is made; after every collection
//! the heap must pass [`verify_heap`], and after the last one every term
//! must still equal its copy and print the same. At the end
//! each term is copied into a block and onto another heap, and the copies
//! must be equal to the original (exactly, arithmetically and in term order),
//! print the same, and take exactly the words [`size_of`] says.

use crate::tape::Tape;
use girder_vm::memory::copy::{copy_to_block, copy_to_heap, size_of};
use girder_vm::memory::gc::{collect, verify_heap};
use girder_vm::memory::heap::{Fragment, Heap};
use girder_vm::term::bigint::integer_from_bigint;
use girder_vm::term::bits::{bitstring, bitstring_of, sub_bitstring, BitSlice};
use girder_vm::term::build;
use girder_vm::term::compare::{compare, eq, exact_eq, key_order};
use girder_vm::term::map::{
    is_map, map_from_pairs, map_get, map_put, map_put_many, map_remove, map_size, map_update_existing,
};
use girder_vm::term::print::{term_to_string, Style};
use girder_vm::term::{Atom, Term, PID_SERIAL_MAX, SMALL_MAX, SMALL_MIN};
use std::cmp::Ordering;

/// The most steps one input runs.
const MAX_STEPS: usize = 40;

/// The most terms the machine holds at once.
const MAX_TERMS: usize = 16;

/// The most words a term may take when copied (sharing is undone by a copy,
/// so a term built by repeated pairing of itself could otherwise double
/// its size at each step).
const MAX_TERM_WORDS: usize = 128;

/// Atoms the programs use: plain, quoted, reserved, empty and non-ASCII.
const ATOMS: &[&str] =
    &["ok", "error", "a", "z", "EXIT", "hello world", "x0", "\u{e9}t\u{e9}", "", "true", "false", "end", "[]", "'q'"];

/// The stack machine: its heap and the terms it holds.
struct Machine {
    heap: Heap,
    /// The terms, each a root of every collection.
    terms: Vec<Term>,
    /// What each term's copy takes, in words (an upper bound, used only to
    /// keep terms small).
    words: Vec<usize>,
    /// A copy of each term taken when it was made, in a block of its own
    /// that no collection touches: the reference the term must still equal
    /// at the end.
    references: Vec<(Term, Option<Fragment>)>,
    /// A copy of each word of the heap's stack taken when it was pushed, top
    /// first.
    stack_references: Vec<(Term, Option<Fragment>)>,
}

/// Runs the program in `data` and checks every term it made.
pub fn check(data: &[u8]) {
    let mut tape = Tape::new(data);
    let first_words = 1 + tape.below(32);
    let mut machine = Machine {
        heap: Heap::new(first_words),
        terms: Vec::new(),
        words: Vec::new(),
        references: Vec::new(),
        stack_references: Vec::new(),
    };
    for _ in 0..MAX_STEPS {
        if tape.is_empty() {
            break;
        }
        machine.step(&mut tape);
    }
    machine.collect(0);
    machine.check_references();
    machine.check_copies();
    machine.check_order();
}

impl Machine {
    /// Adds a term that takes `words` words; a term that takes too many is
    /// dropped (it stays on the heap as garbage).
    fn push(&mut self, term: Term, words: usize) {
        if words > MAX_TERM_WORDS || self.terms.len() >= MAX_TERMS {
            return;
        }
        self.references.push(copy_to_block(term));
        self.terms.push(term);
        self.words.push(words);
    }

    /// Removes the top `n` terms and returns them with their total words.
    fn pop(&mut self, n: usize) -> (Vec<Term>, usize) {
        let at = self.terms.len() - n;
        self.references.truncate(at);
        let words = self.words.split_off(at).iter().sum();
        (self.terms.split_off(at), words)
    }

    /// A count of terms to take from the top, at most `max`.
    fn take_count(&self, tape: &mut Tape, max: usize) -> usize {
        tape.below(max.min(self.terms.len()) + 1)
    }

    fn step(&mut self, tape: &mut Tape) {
        match tape.byte() % 24 {
            0 => {
                let value = match tape.byte() % 6 {
                    0 => SMALL_MAX,
                    1 => SMALL_MIN,
                    2 => SMALL_MAX - 1,
                    3 => 0,
                    _ => i64::from(tape.u32() as i32),
                };
                self.push(Term::small_unchecked(value), 0);
            }
            1 => {
                let value = match tape.byte() % 5 {
                    0 => SMALL_MAX + 1,
                    1 => SMALL_MIN - 1,
                    2 => i64::MAX,
                    3 => i64::MIN,
                    _ => tape.u64() as i64,
                };
                let term = build::integer(&mut self.heap, value);
                self.push(term, 2);
            }
            2 => {
                let bytes = tape.bytes(40);
                let magnitude = num_bigint::BigInt::from_bytes_le(num_bigint::Sign::Plus, bytes);
                let value = if tape.one_in(2) { -magnitude } else { magnitude };
                let term = integer_from_bigint(&mut self.heap, &value);
                self.push(term, 2 + bytes.len() / 8);
            }
            3 => {
                let value = f64::from_bits(tape.u64());
                let value = if value.is_finite() { value } else { value.to_bits() as i64 as f64 };
                let term = build::float(&mut self.heap, value);
                self.push(term, 2);
            }
            4 => {
                let name = ATOMS[tape.below(ATOMS.len())];
                if let Ok(atom) = Atom::intern(name) {
                    self.push(Term::atom(atom), 0);
                }
            }
            5 => self.push(Term::NIL, 0),
            6 => {
                let serial = if tape.one_in(4) { PID_SERIAL_MAX } else { u64::from(tape.u32()) };
                self.push(Term::pid(serial), 0);
            }
            7 => {
                let term = build::reference(&mut self.heap, tape.u64());
                self.push(term, 2);
            }
            8 => self.bitstring(tape),
            9 => {
                let text = tape.string(24);
                let term = build::string(&mut self.heap, &text);
                self.push(term, 2 * text.chars().count());
            }
            10 => {
                let n = self.take_count(tape, 8);
                let (elements, words) = self.pop(n);
                let term = build::tuple(&mut self.heap, &elements);
                assert_eq!(term.as_tuple().map(<[Term]>::len), Some(n));
                self.push(term, 1 + n + words);
            }
            11 => {
                let n = self.take_count(tape, 8);
                let with_tail = n > 0 && tape.one_in(3);
                let (mut elements, words) = self.pop(n);
                let tail = if with_tail { elements.pop().unwrap_or(Term::NIL) } else { Term::NIL };
                let term = build::list_from_slice_with_tail(&mut self.heap, &elements, tail);
                if tail == Term::NIL {
                    assert_eq!(build::list_len(term), Some(elements.len()));
                }
                self.push(term, 2 * elements.len() + words);
            }
            12 => {
                let n = self.take_count(tape, 8) / 2;
                let (items, words) = self.pop(2 * n);
                let pairs: Vec<(Term, Term)> = items.chunks(2).map(|pair| (pair[0], pair[1])).collect();
                let term = map_from_pairs(&mut self.heap, pairs.clone());
                for &(key, _) in &pairs {
                    assert!(map_get(term, key).is_some(), "a key put into a map is missing");
                }
                assert!(map_size(term) <= n);
                self.push(term, 1 + 2 * n + words);
            }
            13 => self.map_update(tape),
            14 => {
                let n = self.take_count(tape, 4);
                let (free, words) = self.pop(n);
                let name = Atom::intern(ATOMS[tape.below(ATOMS.len())]).unwrap_or(girder_vm::term::atoms::OK);
                let module_index = tape.below(1 << 20) as u32;
                let term = build::fun(&mut self.heap, module_index, tape.u32(), name, &free);
                self.push(term, 3 + n + words);
            }
            15 | 16 => {
                // Share a term: the same words, reachable twice.
                if !self.terms.is_empty() {
                    let index = tape.below(self.terms.len());
                    let (term, words) = (self.terms[index], self.words[index]);
                    self.push(term, words);
                }
            }
            17 => {
                let n = self.take_count(tape, 4);
                self.pop(n);
            }
            18 => {
                // Garbage: tuples nobody keeps.
                for _ in 0..tape.below(16) {
                    let n = tape.below(9);
                    build::tuple(&mut self.heap, &vec![Term::NIL; n]);
                }
            }
            19 => self.collect(tape.below(64)),
            20 => self.push_stack(tape),
            21 => {
                if self.heap.stack_words() > 0 {
                    let n = 1 + tape.below(self.heap.stack_words());
                    self.heap.pop_n(n);
                    self.stack_references.drain(..n);
                }
            }
            22 => {
                // Send a term to ourselves: a copy in a message fragment that
                // the heap adopts, as a receiver's heap does.
                if let Some(&term) = self.terms.last() {
                    let words = *self.words.last().unwrap_or(&0);
                    let (copy, block) = copy_to_block(term);
                    assert_eq!(block.as_ref().map_or(0, |block| block.block.n_words()), size_of(term));
                    if let Some(block) = block {
                        self.heap.adopt_fragment(block);
                    }
                    self.push(copy, words);
                }
            }
            _ => {
                if let Some(&term) = self.terms.last() {
                    let words = *self.words.last().unwrap_or(&0);
                    let copy = copy_to_heap(&mut self.heap, term);
                    self.push(copy, words);
                }
            }
        }
    }

    /// Builds a bitstring in one of its three forms: on the heap (up to 64
    /// bytes, a binary or not), off it (more), or a slice of a bitstring the
    /// machine holds, at any bit offset and of any size.
    fn bitstring(&mut self, tape: &mut Tape) {
        match tape.byte() % 4 {
            0 => {
                let bytes = tape.bytes(64);
                let term = build::binary(&mut self.heap, bytes);
                self.push(term, 3 + bytes.len() / 8);
            }
            1 => {
                let bytes = tape.bytes(64);
                let size = (8 * bytes.len()).saturating_sub(tape.below(8));
                let bits = BitSlice::new(bytes, 0, size).expect("the bits lie in the bytes");
                let term = bitstring_of(&mut self.heap, &bits);
                assert_eq!(bitstring(term), Some(bits));
                self.push(term, 3 + bytes.len() / 8);
            }
            2 => {
                let seed = tape.bytes(16);
                let n_bytes = 65 + tape.below(400);
                let bytes: Vec<u8> =
                    (0..n_bytes).map(|i| seed.get(i % seed.len().max(1)).copied().unwrap_or(0) ^ i as u8).collect();
                let size = 8 * n_bytes - tape.below(8);
                let bits = BitSlice::new(&bytes, 0, size).expect("the bits lie in the bytes");
                let term = bitstring_of(&mut self.heap, &bits);
                assert_eq!(bitstring(term), Some(bits));
                self.push(term, 3);
            }
            _ => {
                let Some(index) = self.terms.iter().rposition(|&term| bitstring(term).is_some()) else { return };
                let (source, words) = (self.terms[index], self.words[index]);
                let whole = bitstring(source).expect("a bitstring");
                let offset = tape.below(whole.bit_size() + 1);
                let size = tape.below(whole.bit_size() - offset + 1);
                let term = sub_bitstring(&mut self.heap, source, offset, size);
                assert_eq!(bitstring(term), whole.slice(offset, size), "a slice has other bits");
                self.push(term, 4 + words);
            }
        }
    }

    /// Updates the map under the top terms, if there is one: put, put many,
    /// update existing keys or remove.
    fn map_update(&mut self, tape: &mut Tape) {
        let Some(position) = self.terms.iter().rposition(|&term| is_map(term)) else { return };
        let (map, map_words) = (self.terms[position], self.words[position]);
        let n = self.take_count(tape, 4);
        let (items, words) = self.pop(n);
        let (term, new_words) = match tape.byte() % 4 {
            0 if n >= 2 => {
                let term = map_put(&mut self.heap, map, items[0], items[1]);
                assert!(map_get(term, items[0]) == Some(items[1]), "map_put lost its value");
                (term, map_words + 2 + words)
            }
            1 => {
                let pairs: Vec<(Term, Term)> = items.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
                (map_put_many(&mut self.heap, map, &pairs), map_words + 2 * pairs.len() + words)
            }
            2 => {
                let pairs: Vec<(Term, Term)> = items.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
                match map_update_existing(&mut self.heap, map, &pairs) {
                    Ok(term) => {
                        assert_eq!(map_size(term), map_size(map));
                        (term, map_words + words)
                    }
                    Err(key) => {
                        assert!(map_get(map, key).is_none(), "map_update_existing refused a key the map has");
                        (map, map_words)
                    }
                }
            }
            _ if n >= 1 => {
                let term = map_remove(&mut self.heap, map, items[0]);
                assert!(map_get(term, items[0]).is_none(), "map_remove kept its key");
                (term, map_words)
            }
            _ => (map, map_words),
        };
        self.push(term, new_words);
    }

    /// Pushes a term onto the heap's stack, collecting first when it is full.
    fn push_stack(&mut self, tape: &mut Tape) {
        if self.terms.is_empty() {
            return;
        }
        let term = self.terms[tape.below(self.terms.len())];
        if !self.heap.stack_fits(1) {
            // The term is one of the roots, so it survives (and may move).
            let index = self.terms.iter().position(|&candidate| candidate == term).unwrap_or(0);
            self.collect(1);
            let term = self.terms[index];
            self.heap.push(term);
        } else {
            self.heap.push(term);
        }
        self.stack_references.insert(0, copy_to_block(self.heap.stack(0)));
    }

    /// Collects with every term and the heap's stack as roots, then checks
    /// the heap.
    fn collect(&mut self, need: usize) {
        collect(&mut self.heap, need, &mut [&mut self.terms]);
        assert!(self.heap.free_words() >= need, "a collection left fewer free words than needed");
        assert_eq!(self.heap.fragment_words(), 0, "a collection left fragments behind");
        // With debug assertions the collector checks the heap itself.
        if !cfg!(debug_assertions) {
            if let Err(problem) = verify_heap(&self.heap, &[&self.terms]) {
                panic!("the heap is corrupt after a collection: {problem}");
            }
        }
    }

    /// Checks that every term, and every word of the heap's stack, is still
    /// equal to the copy taken when it was made (through every collection
    /// since), and prints the same.
    fn check_references(&self) {
        for (index, &term) in self.terms.iter().enumerate() {
            let reference = self.references[index].0;
            assert!(exact_eq(term, reference), "a term changed since it was made");
            assert_eq!(term_to_string(term, Style::Write), term_to_string(reference, Style::Write));
        }
        for (index, (reference, _)) in self.stack_references.iter().enumerate() {
            let word = self.heap.stack(index);
            assert!(exact_eq(word, *reference), "a stack word changed since it was pushed");
            assert_eq!(term_to_string(word, Style::Write), term_to_string(*reference, Style::Write));
        }
    }

    /// Copies every term into a block and onto another heap; the copies
    /// must equal the original and print the same, and survive a collection
    /// of the other heap.
    fn check_copies(&mut self) {
        let mut other = Heap::new(4);
        let mut on_other = Vec::new();
        let mut blocks = Vec::new();
        let printed: Vec<String> = self.terms.iter().map(|&term| term_to_string(term, Style::Write)).collect();
        for (index, &term) in self.terms.iter().enumerate() {
            let pretty = term_to_string(term, Style::Print);
            let (copy, block) = copy_to_block(term);
            assert_eq!(block.as_ref().map_or(0, |block| block.block.n_words()), size_of(term));
            let moved = copy_to_heap(&mut other, term);
            for candidate in [copy, moved] {
                assert!(exact_eq(candidate, term), "a copy is not exactly equal");
                assert!(eq(candidate, term), "a copy is not equal");
                assert_eq!(compare(candidate, term), Ordering::Equal);
                assert_eq!(key_order(candidate, term), Ordering::Equal);
                assert_eq!(term_to_string(candidate, Style::Write), printed[index]);
                assert_eq!(term_to_string(candidate, Style::Print), pretty);
            }
            on_other.push(moved);
            blocks.push(block);
        }
        collect(&mut other, 0, &mut [&mut on_other]);
        if let Err(problem) = verify_heap(&other, &[&on_other]) {
            panic!("the other heap is corrupt after a collection: {problem}");
        }
        for (index, &term) in on_other.iter().enumerate() {
            assert_eq!(term_to_string(term, Style::Write), printed[index], "a copy changed in a collection");
            assert!(exact_eq(term, self.terms[index]));
        }
        drop(blocks);
    }

    /// Term order is a total order that agrees with both equalities (checked
    /// on the last few terms).
    fn check_order(&self) {
        let terms = &self.terms[self.terms.len().saturating_sub(6)..];
        let order: Vec<Vec<Ordering>> = terms.iter().map(|&a| terms.iter().map(|&b| compare(a, b)).collect()).collect();
        for (i, &a) in terms.iter().enumerate() {
            for (j, &b) in terms.iter().enumerate() {
                assert_eq!(order[i][j], order[j][i].reverse(), "term order is not antisymmetric");
                assert_eq!(key_order(a, b), key_order(b, a).reverse(), "key order is not antisymmetric");
                assert_eq!(exact_eq(a, b), key_order(a, b) == Ordering::Equal);
                assert_eq!(eq(a, b), order[i][j] == Ordering::Equal);
                if key_order(a, b) == Ordering::Equal {
                    assert_eq!(order[i][j], Ordering::Equal);
                }
                for k in 0..terms.len() {
                    if order[i][j] != Ordering::Greater && order[j][k] != Ordering::Greater {
                        assert_ne!(order[i][k], Ordering::Greater, "term order is not transitive");
                    }
                }
            }
        }
    }
}
