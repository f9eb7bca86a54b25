//! Maps as one boxed object of sorted, inline key/value pairs.
//!
//! The payload is `k1, v1, k2, v2, ...` with keys strictly ascending in
//! [`key_order`], so a lookup is a binary search and two equal maps have the
//! same layout. Every update builds a new map with one allocation; maps are
//! never changed in place.
//!
//! This is Erlang's "flatmap" for every size. Erlang switches to a hash trie
//! above 32 keys, which changes the printed order of large maps there; girder
//! always prints (and iterates) in key order. A trie for large maps is a
//! later step.

use super::compare::key_order;
use super::{BoxKind, Term};
use crate::memory::heap::Heap;
use std::cmp::Ordering;

/// Allocates a map of `n_pairs` pairs and writes its header; the caller
/// writes the pairs.
fn alloc_map(heap: &mut Heap, n_pairs: usize) -> *mut Term {
    let ptr = heap.alloc(1 + 2 * n_pairs);
    // SAFETY: `alloc` returned 1 + 2 * n_pairs words; the first is the header.
    unsafe { ptr.write(Term::header(BoxKind::Map, 2 * n_pairs)) };
    ptr
}

/// Writes the pairs into a map allocated by `alloc_map` with room for them.
fn write_pairs(map_ptr: *mut Term, pairs: impl Iterator<Item = (Term, Term)>) {
    for (index, (key, value)) in pairs.enumerate() {
        // SAFETY: the caller allocated room for every pair after the header.
        unsafe {
            map_ptr.add(1 + 2 * index).write(key);
            map_ptr.add(2 + 2 * index).write(value);
        }
    }
}

fn build(heap: &mut Heap, pairs: &[(Term, Term)]) -> Term {
    let ptr = alloc_map(heap, pairs.len());
    write_pairs(ptr, pairs.iter().copied());
    Term::boxed_ptr(ptr)
}

/// Sorts pairs by key and keeps the last of each run of equal keys.
pub(crate) fn sort_dedup_pairs(mut pairs: Vec<(Term, Term)>) -> Vec<(Term, Term)> {
    // A stable sort keeps equal keys in their original order, so the last of
    // each run is the one written last.
    pairs.sort_by(|a, b| key_order(a.0, b.0));
    let mut unique: Vec<(Term, Term)> = Vec::with_capacity(pairs.len());
    for pair in pairs {
        match unique.last_mut() {
            Some(last) if key_order(last.0, pair.0) == Ordering::Equal => *last = pair,
            _ => unique.push(pair),
        }
    }
    unique
}

/// An empty map.
pub fn map_new(heap: &mut Heap) -> Term {
    Term::boxed_ptr(alloc_map(heap, 0))
}

/// A map of `pairs`, in any order; when a key repeats, the later pair wins.
pub fn map_from_pairs(heap: &mut Heap, pairs: Vec<(Term, Term)>) -> Term {
    build(heap, &sort_dedup_pairs(pairs))
}

/// Whether a term is a map.
pub fn is_map(term: Term) -> bool {
    term.is_box_of(BoxKind::Map)
}

/// The number of pairs in a map (0 for anything else).
pub fn map_size(map: Term) -> usize {
    if is_map(map) {
        map.payload().len() / 2
    } else {
        0
    }
}

/// The pairs of a map in key order (nothing for anything else).
pub fn map_pairs<'a>(map: Term) -> impl Iterator<Item = (Term, Term)> + 'a {
    let payload: &'a [Term] = if is_map(map) { map.payload() } else { &[] };
    payload.chunks_exact(2).map(|pair| (pair[0], pair[1]))
}

/// The pair at `index` of a map's pairs in key order; `None` past the end
/// or for anything that is not a map.
pub fn map_pair_at(map: Term, index: usize) -> Option<(Term, Term)> {
    let payload: &[Term] = if is_map(map) { map.payload() } else { &[] };
    let pair = payload.get(2 * index..2 * index + 2)?;
    Some((pair[0], pair[1]))
}

/// Where `key` is in `map`'s pairs: `Ok(pair index)` or `Err(insertion index)`.
fn search(map: Term, key: Term) -> Result<usize, usize> {
    let payload = map.payload();
    let (mut low, mut high) = (0, payload.len() / 2);
    while low < high {
        let middle = low + (high - low) / 2;
        match key_order(payload[2 * middle], key) {
            Ordering::Less => low = middle + 1,
            Ordering::Greater => high = middle,
            Ordering::Equal => return Ok(middle),
        }
    }
    Err(low)
}

/// The value under `key`, or `None` when the key is absent or `map` is not a map.
pub fn map_get(map: Term, key: Term) -> Option<Term> {
    if !is_map(map) {
        return None;
    }
    search(map, key).ok().map(|index| map.payload()[2 * index + 1])
}

/// `map` with `key` set to `value` (added or replaced).
///
/// When the key is already there with the very same value word, `map`
/// itself is returned and nothing is allocated.
pub fn map_put(heap: &mut Heap, map: Term, key: Term, value: Term) -> Term {
    debug_assert!(is_map(map));
    let old = map.payload();
    match search(map, key) {
        Ok(index) => {
            if old[2 * index + 1] == value {
                return map;
            }
            let ptr = alloc_map(heap, old.len() / 2);
            // SAFETY: the new map has as many payload words as the old one,
            // and the replaced value word is inside it.
            unsafe {
                std::ptr::copy_nonoverlapping(old.as_ptr(), ptr.add(1), old.len());
                ptr.add(2 + 2 * index).write(value);
            }
            Term::boxed_ptr(ptr)
        }
        Err(index) => {
            let ptr = alloc_map(heap, old.len() / 2 + 1);
            // SAFETY: the new map has two more payload words than the old one:
            // the pairs before `index`, the new pair, then the rest.
            unsafe {
                std::ptr::copy_nonoverlapping(old.as_ptr(), ptr.add(1), 2 * index);
                ptr.add(1 + 2 * index).write(key);
                ptr.add(2 + 2 * index).write(value);
                std::ptr::copy_nonoverlapping(
                    old.as_ptr().add(2 * index),
                    ptr.add(3 + 2 * index),
                    old.len() - 2 * index,
                );
            }
            Term::boxed_ptr(ptr)
        }
    }
}

/// `map` with every pair of `pairs` put into it (later pairs win), with one allocation.
pub fn map_put_many(heap: &mut Heap, map: Term, pairs: &[(Term, Term)]) -> Term {
    debug_assert!(is_map(map));
    if pairs.is_empty() {
        return map;
    }
    let updates = sort_dedup_pairs(pairs.to_vec());
    let mut merged: Vec<(Term, Term)> = Vec::with_capacity(map_size(map) + updates.len());
    let mut old = map_pairs(map).peekable();
    for update in updates {
        while let Some(&pair) = old.peek() {
            match key_order(pair.0, update.0) {
                Ordering::Less => {
                    merged.push(pair);
                    old.next();
                }
                Ordering::Equal => {
                    old.next();
                    break;
                }
                Ordering::Greater => break,
            }
        }
        merged.push(update);
    }
    merged.extend(old);
    build(heap, &merged)
}

/// `map` with the values of existing keys replaced (Erlang's `M#{K := V}`),
/// with one allocation; `Err(key)` names the first key in `pairs` that
/// `map` lacks.
pub fn map_update_existing(heap: &mut Heap, map: Term, pairs: &[(Term, Term)]) -> Result<Term, Term> {
    debug_assert!(is_map(map));
    let mut indices = Vec::with_capacity(pairs.len());
    for &(key, _) in pairs {
        indices.push(search(map, key).map_err(|_| key)?);
    }
    if pairs.is_empty() {
        return Ok(map);
    }
    let old = map.payload();
    let ptr = alloc_map(heap, old.len() / 2);
    // SAFETY: the new map has the old map's size; every index came from a
    // successful search, so each value word written is inside it.
    unsafe {
        std::ptr::copy_nonoverlapping(old.as_ptr(), ptr.add(1), old.len());
        for (&index, &(_, value)) in indices.iter().zip(pairs) {
            ptr.add(2 + 2 * index).write(value);
        }
    }
    Ok(Term::boxed_ptr(ptr))
}

/// `map` without `key`; `map` itself when the key is absent.
pub fn map_remove(heap: &mut Heap, map: Term, key: Term) -> Term {
    debug_assert!(is_map(map));
    let Ok(index) = search(map, key) else {
        return map;
    };
    let old = map.payload();
    let ptr = alloc_map(heap, old.len() / 2 - 1);
    // SAFETY: the new map has two payload words fewer: the pairs before
    // `index`, then the pairs after it.
    unsafe {
        std::ptr::copy_nonoverlapping(old.as_ptr(), ptr.add(1), 2 * index);
        std::ptr::copy_nonoverlapping(
            old.as_ptr().add(2 * index + 2),
            ptr.add(1 + 2 * index),
            old.len() - 2 * index - 2,
        );
    }
    Term::boxed_ptr(ptr)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::build::float;
    use crate::term::compare::exact_eq;
    use crate::term::Atom;

    fn small(value: i64) -> Term {
        Term::small_unchecked(value)
    }

    fn atom(name: &str) -> Term {
        Term::atom(Atom::intern(name).unwrap())
    }

    fn keys(map: Term) -> Vec<Term> {
        map_pairs(map).map(|(key, _)| key).collect()
    }

    #[test]
    fn pairs_are_sorted_and_later_duplicates_win() {
        let mut heap = Heap::new(4);
        let one_float = float(&mut heap, 1.0);
        let half = float(&mut heap, 0.5);
        let map = map_from_pairs(
            &mut heap,
            vec![
                (atom("b"), small(1)),
                (one_float, small(2)),
                (small(2), small(3)),
                (atom("b"), small(4)),
                (half, small(5)),
                (small(1), small(6)),
            ],
        );
        assert_eq!(map_size(map), 5);
        // All integers first, then floats, then atoms.
        assert_eq!(keys(map), vec![small(1), small(2), half, one_float, atom("b")]);
        assert_eq!(map_get(map, atom("b")), Some(small(4)));
        assert_eq!(map_get(map, small(1)), Some(small(6)));
        let other_one_float = float(&mut heap, 1.0);
        assert_eq!(map_get(map, other_one_float), Some(small(2)));
        assert_eq!(map_get(map, atom("c")), None);
        assert_eq!(map_get(small(1), atom("b")), None);
        let empty = map_new(&mut heap);
        assert_eq!(map_size(empty), 0);
        assert_eq!(map_get(empty, small(1)), None);
    }

    #[test]
    fn put_remove_and_update() {
        let mut heap = Heap::new(4);
        let mut map = map_new(&mut heap);
        for i in (0..50).rev() {
            map = map_put(&mut heap, map, small(i * 2), small(i));
        }
        assert_eq!(map_size(map), 50);
        assert_eq!(keys(map), (0..50).map(|i| small(i * 2)).collect::<Vec<_>>());
        assert_eq!(map_put(&mut heap, map, small(4), small(2)), map, "same value: same map");
        let replaced = map_put(&mut heap, map, small(4), atom("x"));
        assert_eq!(map_get(replaced, small(4)), Some(atom("x")));
        assert_eq!(map_get(map, small(4)), Some(small(2)), "the old map is unchanged");
        let removed = map_remove(&mut heap, map, small(10));
        assert_eq!(map_size(removed), 49);
        assert_eq!(map_get(removed, small(10)), None);
        assert_eq!(map_remove(&mut heap, map, small(11)), map);
        let many = map_put_many(
            &mut heap,
            map,
            &[(small(1), small(-1)), (small(0), atom("zero")), (small(1), small(-2)), (small(200), small(0))],
        );
        assert_eq!(map_size(many), 52);
        assert_eq!(map_get(many, small(1)), Some(small(-2)));
        assert_eq!(map_get(many, small(0)), Some(atom("zero")));
        assert_eq!(map_get(many, small(200)), Some(small(0)));
        assert_eq!(keys(many).len(), 52);
        let mut sorted = keys(many);
        sorted.sort_by(|a, b| key_order(*a, *b));
        assert_eq!(sorted, keys(many));
        let updated =
            map_update_existing(&mut heap, map, &[(small(2), atom("two")), (small(98), atom("last"))]).unwrap();
        assert_eq!(map_get(updated, small(2)), Some(atom("two")));
        assert_eq!(map_get(updated, small(98)), Some(atom("last")));
        assert_eq!(map_update_existing(&mut heap, map, &[(small(2), small(0)), (small(3), small(0))]), Err(small(3)));
        let also = map_from_pairs(&mut heap, map_pairs(map).collect());
        assert!(exact_eq(also, map));
    }
}
