//! The process dictionary: `put/2`, `get/0,1`, `erase/0,1`, `get_keys/0,1`.
//!
//! Keys and values are terms on the process's own heap (or literals), kept
//! in one vector of interleaved pairs that the collector rewrites as a root
//! set ([`Dictionary::terms_mut`]). A hash table of slot numbers finds a key
//! in constant time: it is keyed by the `phash2` hash of the key, which
//! depends only on the key's value, never on where the key lives, so a
//! collection that moves every term leaves the table valid.
//!
//! A process that never uses its dictionary pays nothing for it: it lives
//! in the process's [`Extras`](super::extras::Extras), made on first use.
//!
//! The order of `get/0` and `get_keys/0` is unspecified, as in OTP; girder
//! lists pairs in the order they were first put, except that erasing a key
//! moves the last pair into its place.

use crate::term::compare::exact_eq;
use crate::term::Term;
use hashbrown::HashTable;

/// A process's dictionary.
#[derive(Default)]
pub struct Dictionary {
    /// `[k0, v0, k1, v1, ...]`: a root set of the collector.
    terms: Vec<Term>,
    /// The hash of each key, by slot.
    hashes: Vec<u32>,
    /// Slot numbers, hashed by their key's hash.
    index: HashTable<u32>,
}

impl Dictionary {
    /// The number of keys.
    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    /// Whether the dictionary has no keys.
    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    fn slot_of(&self, key: Term, hash: u32) -> Option<usize> {
        let terms = &self.terms;
        self.index.find(u64::from(hash), |&slot| exact_eq(terms[2 * slot as usize], key)).map(|&slot| slot as usize)
    }

    /// The value of `key`.
    pub fn get(&self, key: Term) -> Option<Term> {
        let slot = self.slot_of(key, hash(key))?;
        Some(self.terms[2 * slot + 1])
    }

    /// Sets `key` to `value`, returning the value it replaces.
    pub fn put(&mut self, key: Term, value: Term) -> Option<Term> {
        let hash = hash(key);
        if let Some(slot) = self.slot_of(key, hash) {
            return Some(std::mem::replace(&mut self.terms[2 * slot + 1], value));
        }
        let slot = u32::try_from(self.hashes.len()).expect("fewer than 2^32 keys: each takes a heap term");
        let hashes = &self.hashes;
        self.index.insert_unique(u64::from(hash), slot, |&slot| u64::from(hashes[slot as usize]));
        self.terms.extend([key, value]);
        self.hashes.push(hash);
        None
    }

    /// Removes `key`, returning its value.
    pub fn erase(&mut self, key: Term) -> Option<Term> {
        let hash = hash(key);
        let terms = &self.terms;
        let entry = self.index.find_entry(u64::from(hash), |&slot| exact_eq(terms[2 * slot as usize], key)).ok()?;
        let (slot, _) = entry.remove();
        let slot = slot as usize;
        let value = self.terms[2 * slot + 1];
        let last = self.hashes.len() - 1;
        if slot != last {
            // The last pair moves into the freed slot: renumber it.
            let moved_hash = self.hashes[last];
            let moved = self
                .index
                .find_mut(u64::from(moved_hash), |&other| other as usize == last)
                .expect("every slot is in the index");
            *moved = slot as u32;
            self.terms.swap(2 * slot, 2 * last);
            self.terms.swap(2 * slot + 1, 2 * last + 1);
            self.hashes.swap(slot, last);
        }
        self.terms.truncate(2 * last);
        self.hashes.truncate(last);
        Some(value)
    }

    /// Every `(key, value)` pair.
    pub fn pairs(&self) -> impl Iterator<Item = (Term, Term)> + '_ {
        self.terms.chunks_exact(2).map(|pair| (pair[0], pair[1]))
    }

    /// The keys and values, interleaved, for the collector to rewrite.
    pub fn terms_mut(&mut self) -> &mut [Term] {
        &mut self.terms
    }

    /// Bytes the dictionary has allocated (outside the heap, and beside its
    /// own struct, which its owner counts).
    pub fn memory_bytes(&self) -> usize {
        self.terms.capacity() * std::mem::size_of::<Term>()
            + self.hashes.capacity() * std::mem::size_of::<u32>()
            + self.index.allocation_size()
    }
}

fn hash(key: Term) -> u32 {
    crate::term::hash::make_hash2(key, &mut 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::gc;
    use crate::memory::heap::Heap;
    use crate::term::build;

    #[test]
    fn put_get_erase_keep_every_other_key() {
        let mut dictionary = Dictionary::default();
        for n in 0..1000 {
            assert_eq!(dictionary.put(Term::small_unchecked(n), Term::small_unchecked(n * 2)), None);
        }
        assert_eq!(dictionary.put(Term::small_unchecked(7), Term::NIL), Some(Term::small_unchecked(14)));
        for n in (0..1000).step_by(3) {
            let expected = if n == 7 { Term::NIL } else { Term::small_unchecked(n * 2) };
            assert_eq!(dictionary.erase(Term::small_unchecked(n)), Some(expected));
        }
        assert_eq!(dictionary.erase(Term::small_unchecked(0)), None);
        for n in 0..1000 {
            let expected = match n {
                _ if n % 3 == 0 => None,
                7 => Some(Term::NIL),
                _ => Some(Term::small_unchecked(n * 2)),
            };
            assert_eq!(dictionary.get(Term::small_unchecked(n)), expected, "key {n}");
        }
        assert_eq!(dictionary.len(), 666);
        assert_eq!(dictionary.pairs().count(), 666);
    }

    #[test]
    fn keys_are_found_by_value_after_a_collection_moves_them() {
        let mut heap = Heap::new(64);
        let mut dictionary = Dictionary::default();
        for n in 0..50 {
            let key = build::tuple(&mut heap, &[Term::small_unchecked(n), Term::NIL]);
            let value = build::list_from_slice(&mut heap, &[Term::small_unchecked(n)]);
            dictionary.put(key, value);
        }
        gc::collect(&mut heap, 0, &mut [dictionary.terms_mut()]);
        for n in 0..50 {
            let probe = build::tuple(&mut heap, &[Term::small_unchecked(n), Term::NIL]);
            let value = dictionary.get(probe).expect("the key survives");
            assert_eq!(build::list_to_vec(value), Some(vec![Term::small_unchecked(n)]));
            assert_eq!(dictionary.erase(probe), Some(value));
        }
        assert!(dictionary.is_empty());
    }
}
