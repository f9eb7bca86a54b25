//! Maps: small ones as one boxed object of sorted pairs, large ones as a
//! persistent B-tree of such objects.
//!
//! A map of up to [`FLAT_MAX`] pairs (Erlang's "flatmap" size) is one
//! boxed object whose payload is `k1, v1, k2, v2, ...`, keys strictly
//! ascending in [`key_order`]: a lookup is a binary search, and every
//! update builds a new map with one allocation.
//!
//! A larger map is a tree, so that an update copies a path (a few hundred
//! words) rather than the whole map, and a collection copies only what is
//! live. Its nodes are `Map` objects too, told apart by the parity of the
//! payload's length: a *leaf* is a flat map (even: pairs) of at most
//! [`LEAF_MAX`] pairs, and an *inner node* has an odd payload, `Size, k1,
//! c1, k2, c2, ...`: the number of pairs under it (a small integer), then
//! each child with a key no greater than any key in it and greater than
//! every key in the children before it (the least key the child had when
//! the key was chosen; a removal may leave it below the child's keys,
//! which keeps both conditions). The map itself is its root, an inner
//! node. The shape depends on the map's history; its size does not decide
//! it: a map is flat exactly when it has at most [`FLAT_MAX`] pairs, so
//! two equal maps are both flat (and then identical word for word) or
//! both trees. Every word of every node is a term, so the collector,
//! copying and sizing treat trees as any other terms.
//!
//! Maps iterate, print and compare in key order at every size (Erlang
//! prints large maps in the order of its hash trie instead); code that
//! reads a map's pairs goes through [`map_pairs`] or [`map_pairs_from`],
//! never through the payload.

use super::compare::key_order;
use super::{BoxKind, Term};
use crate::memory::heap::Heap;
use std::cmp::Ordering;

/// The most pairs a flat map holds; a map with more is a tree.
pub const FLAT_MAX: usize = 32;

/// The most pairs a tree's leaf holds; a leaf that would hold more splits
/// in two.
const LEAF_MAX: usize = 32;

/// The most children an inner node has; one that would have more splits.
const FANOUT: usize = 16;

/// Allocates a flat map of `n_pairs` pairs and writes its header; the
/// caller writes the pairs.
fn alloc_map(alloc: &mut dyn FnMut(usize) -> *mut Term, n_pairs: usize) -> *mut Term {
    let ptr = alloc(1 + 2 * n_pairs);
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

/// A flat map (or leaf) of pairs already in key order.
fn flat(alloc: &mut dyn FnMut(usize) -> *mut Term, pairs: impl ExactSizeIterator<Item = (Term, Term)>) -> Term {
    let ptr = alloc_map(alloc, pairs.len());
    write_pairs(ptr, pairs);
    Term::boxed_ptr(ptr)
}

/// An inner node over `children` (each with its key), holding `size` pairs.
fn inner(alloc: &mut dyn FnMut(usize) -> *mut Term, size: usize, children: &[(Term, Term)]) -> Term {
    let ptr = alloc(2 + 2 * children.len());
    // SAFETY: `alloc` returned 2 + 2 * len words: the header, the size, then
    // a key and a child for each child.
    unsafe {
        ptr.write(Term::header(BoxKind::Map, 1 + 2 * children.len()));
        ptr.add(1).write(Term::small_unchecked(size as i64));
    }
    write_pairs(
        // SAFETY: the pairs start one word later than a flat map's.
        unsafe { ptr.add(1) },
        children.iter().copied(),
    );
    Term::boxed_ptr(ptr)
}

/// Whether a map's node is an inner node (odd payload), not a flat map.
fn is_inner(payload: &[Term]) -> bool {
    payload.len() % 2 == 1
}

/// The pairs under a node.
fn node_size(node: Term) -> usize {
    let payload = node.payload();
    if is_inner(payload) {
        payload[0].as_small().map_or(0, |size| size as usize)
    } else {
        payload.len() / 2
    }
}

/// How `n` items split into the fewest groups of at most `max`, as evenly
/// as possible.
fn group_sizes(n: usize, max: usize) -> impl Iterator<Item = usize> {
    let groups = n.div_ceil(max).max(1);
    let (base, extra) = (n / groups, n % groups);
    (0..groups).map(move |index| base + usize::from(index < extra))
}

/// Builds a map of `pairs`, in strictly ascending key order: flat when
/// there are at most [`FLAT_MAX`], otherwise a tree of full leaves and
/// nodes, level by level. Takes exactly [`map_words`] of the pair count.
pub fn build_sorted(alloc: &mut dyn FnMut(usize) -> *mut Term, pairs: &[(Term, Term)]) -> Term {
    if pairs.len() <= FLAT_MAX {
        return flat(alloc, pairs.iter().copied());
    }
    // Each entry: the key of a subtree, the subtree, its pairs.
    let mut level: Vec<(Term, Term, usize)> = Vec::with_capacity(pairs.len().div_ceil(LEAF_MAX));
    let mut rest = pairs;
    for size in group_sizes(pairs.len(), LEAF_MAX) {
        let (leaf, after) = rest.split_at(size);
        level.push((leaf[0].0, flat(alloc, leaf.iter().copied()), size));
        rest = after;
    }
    while level.len() > 1 {
        let mut upper = Vec::with_capacity(level.len().div_ceil(FANOUT));
        let mut rest = &level[..];
        for count in group_sizes(level.len(), FANOUT) {
            let (group, after) = rest.split_at(count);
            let children: Vec<(Term, Term)> = group.iter().map(|&(key, child, _)| (key, child)).collect();
            let size = group.iter().map(|&(_, _, size)| size).sum();
            upper.push((group[0].0, inner(alloc, size, &children), size));
            rest = after;
        }
        level = upper;
    }
    level[0].1
}

/// The words [`build_sorted`] takes for a map of `n` pairs.
pub fn map_words(n: usize) -> usize {
    if n <= FLAT_MAX {
        return 1 + 2 * n;
    }
    let mut count = n.div_ceil(LEAF_MAX);
    let mut words = count + 2 * n;
    while count > 1 {
        let groups = count.div_ceil(FANOUT);
        words += 2 * groups + 2 * count;
        count = groups;
    }
    words
}

/// The pairs' worth of words an update of one key copies: the whole of a
/// flat map, or the nodes on a path of a tree (as many as its first
/// path's), which is what the BIFs that update maps charge.
pub fn map_update_size(map: Term) -> usize {
    if !is_map(map) {
        return 0;
    }
    let mut payload = map.payload();
    let mut words = payload.len();
    while is_inner(payload) && payload.len() > 2 {
        payload = payload[2].payload();
        words += payload.len();
    }
    words / 2
}

/// Builds on a process heap (see [`build_sorted`]).
fn build(heap: &mut Heap, pairs: &[(Term, Term)]) -> Term {
    build_sorted(&mut |words| heap.alloc(words), pairs)
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
    Term::boxed_ptr(alloc_map(&mut |words| heap.alloc(words), 0))
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
        node_size(map)
    } else {
        0
    }
}

/// The pairs of a map in key order (nothing for anything else).
pub fn map_pairs<'a>(map: Term) -> Pairs<'a> {
    map_pairs_from(map, 0)
}

/// The pairs of a map in key order from the pair at `index` on (nothing
/// past the end, or for anything that is not a map): one walk down to the
/// leaf that holds it, by the sizes of the inner nodes' children, then the
/// pairs in turn.
pub fn map_pairs_from<'a>(map: Term, mut index: usize) -> Pairs<'a> {
    let mut pairs = Pairs { leaf: &[], path: Vec::new() };
    if !is_map(map) {
        return pairs;
    }
    let mut payload: &'a [Term] = map.payload();
    'down: while is_inner(payload) {
        let mut children = &payload[1..];
        while let [_, child, rest @ ..] = children {
            let size = node_size(*child);
            if index < size {
                pairs.path.push(rest);
                payload = child.payload();
                continue 'down;
            }
            index -= size;
            children = rest;
        }
        return pairs;
    }
    pairs.leaf = payload.get(2 * index..).unwrap_or(&[]);
    pairs
}

/// The pairs of a map in key order: the rest of the current leaf, and the
/// children still to visit at each inner node above it.
pub struct Pairs<'a> {
    leaf: &'a [Term],
    path: Vec<&'a [Term]>,
}

impl<'a> Pairs<'a> {
    /// Goes down to the first leaf of a node, keeping the inner nodes'
    /// remaining children on the path.
    fn descend(&mut self, mut payload: &'a [Term]) {
        while is_inner(payload) {
            let children = &payload[1..];
            if children.is_empty() {
                self.leaf = &[];
                return;
            }
            self.path.push(&children[2..]);
            payload = children[1].payload();
        }
        self.leaf = payload;
    }
}

impl Iterator for Pairs<'_> {
    type Item = (Term, Term);

    fn next(&mut self) -> Option<(Term, Term)> {
        loop {
            if let [key, value, rest @ ..] = self.leaf {
                self.leaf = rest;
                return Some((*key, *value));
            }
            let children = self.path.pop()?;
            if let [_, child, rest @ ..] = children {
                self.path.push(rest);
                self.descend(child.payload());
            }
        }
    }
}

/// Where `key` is in a flat map's pairs: `Ok(pair index)` or
/// `Err(insertion index)`.
fn search(payload: &[Term], key: Term) -> Result<usize, usize> {
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

/// The child of an inner node whose keys may include `key`: the last whose
/// key is not greater than it, or the first.
fn route(payload: &[Term], key: Term) -> usize {
    let children = payload.len() / 2;
    let (mut low, mut high) = (1, children);
    // Invariant: the child sought is in low - 1 .. high.
    while low < high {
        let middle = low + (high - low) / 2;
        if key_order(payload[1 + 2 * middle], key) == Ordering::Greater {
            high = middle;
        } else {
            low = middle + 1;
        }
    }
    low - 1
}

/// The value under `key`, or `None` when the key is absent or `map` is not a map.
pub fn map_get(map: Term, key: Term) -> Option<Term> {
    if !is_map(map) {
        return None;
    }
    let mut payload = map.payload();
    while is_inner(payload) {
        payload = payload[2 + 2 * route(payload, key)].payload();
    }
    search(payload, key).ok().map(|index| payload[2 * index + 1])
}

/// What putting a pair into a node made.
enum Put {
    /// The key was there with the very same value: nothing changed.
    Same,
    /// The node, changed; whether a pair was added.
    One(Term, bool),
    /// The node split in two (the right one with its key); a pair was added.
    Two(Term, (Term, Term)),
}

/// A flat map with one pair replaced or inserted.
fn flat_put(heap: &mut Heap, old: &[Term], found: Result<usize, usize>, key: Term, value: Term) -> Term {
    match found {
        Ok(index) => {
            let ptr = alloc_map(&mut |words| heap.alloc(words), old.len() / 2);
            // SAFETY: the new map has as many payload words as the old one,
            // and the replaced value word is inside it.
            unsafe {
                std::ptr::copy_nonoverlapping(old.as_ptr(), ptr.add(1), old.len());
                ptr.add(2 + 2 * index).write(value);
            }
            Term::boxed_ptr(ptr)
        }
        Err(index) => {
            let ptr = alloc_map(&mut |words| heap.alloc(words), old.len() / 2 + 1);
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

/// Puts a pair into a tree's node (a leaf or an inner node).
fn put_in(heap: &mut Heap, node: Term, key: Term, value: Term) -> Put {
    let payload = node.payload();
    if !is_inner(payload) {
        let found = search(payload, key);
        return match found {
            Ok(index) if payload[2 * index + 1] == value => Put::Same,
            Ok(_) => Put::One(flat_put(heap, payload, found, key, value), false),
            Err(_) if payload.len() / 2 < LEAF_MAX => Put::One(flat_put(heap, payload, found, key, value), true),
            Err(index) => {
                // The leaf splits: its pairs with the new one, in halves.
                let pairs: Vec<(Term, Term)> = payload[..2 * index]
                    .chunks_exact(2)
                    .map(|pair| (pair[0], pair[1]))
                    .chain(std::iter::once((key, value)))
                    .chain(payload[2 * index..].chunks_exact(2).map(|pair| (pair[0], pair[1])))
                    .collect();
                let (left, right) = pairs.split_at(pairs.len() / 2);
                let mut alloc = |words| heap.alloc(words);
                let left = flat(&mut alloc, left.iter().copied());
                let right_key = right[0].0;
                let right = flat(&mut alloc, right.iter().copied());
                Put::Two(left, (right_key, right))
            }
        };
    }
    let slot = route(payload, key);
    let size = node_size(node);
    let mut children: Vec<(Term, Term)> = payload[1..].chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
    // A key below every child's goes into the first, whose key it becomes.
    if key_order(key, children[slot].0) == Ordering::Less {
        children[slot].0 = key;
    }
    let (added, size) = match put_in(heap, children[slot].1, key, value) {
        Put::Same => return Put::Same,
        Put::One(child, added) => {
            children[slot].1 = child;
            (added, size + usize::from(added))
        }
        Put::Two(left, right) => {
            children[slot].1 = left;
            children.insert(slot + 1, right);
            (true, size + 1)
        }
    };
    let mut alloc = |words| heap.alloc(words);
    if children.len() <= FANOUT {
        return Put::One(inner(&mut alloc, size, &children), added);
    }
    let (left, right) = children.split_at(children.len() / 2);
    let left_size: usize = left.iter().map(|&(_, child)| node_size(child)).sum();
    let left = inner(&mut alloc, left_size, left);
    let right_key = right[0].0;
    let right = inner(&mut alloc, size - left_size, right);
    Put::Two(left, (right_key, right))
}

/// `map` with `key` set to `value` (added or replaced).
///
/// When the key is already there with the very same value word, `map`
/// itself is returned and nothing is allocated.
pub fn map_put(heap: &mut Heap, map: Term, key: Term, value: Term) -> Term {
    debug_assert!(is_map(map));
    let payload = map.payload();
    if !is_inner(payload) && payload.len() / 2 < FLAT_MAX {
        return match search(payload, key) {
            Ok(index) if payload[2 * index + 1] == value => map,
            found => flat_put(heap, payload, found, key, value),
        };
    }
    if !is_inner(payload) {
        // A full flat map: the same unless the key is new, then a tree.
        let found = search(payload, key);
        return match found {
            Ok(index) if payload[2 * index + 1] == value => map,
            Ok(_) => flat_put(heap, payload, found, key, value),
            Err(_) => {
                let mut pairs: Vec<(Term, Term)> = map_pairs(map).collect();
                let at = pairs.partition_point(|pair| key_order(pair.0, key) == Ordering::Less);
                pairs.insert(at, (key, value));
                build(heap, &pairs)
            }
        };
    }
    match put_in(heap, map, key, value) {
        Put::Same => map,
        Put::One(node, _) => node,
        Put::Two(left, right) => {
            let size = node_size(map) + 1;
            let left_key = payload[1];
            inner(&mut |words| heap.alloc(words), size, &[(left_key, left), right])
        }
    }
}

/// `map` with every pair of `pairs` put into it (later pairs win).
pub fn map_put_many(heap: &mut Heap, map: Term, pairs: &[(Term, Term)]) -> Term {
    debug_assert!(is_map(map));
    if pairs.is_empty() {
        return map;
    }
    let updates = sort_dedup_pairs(pairs.to_vec());
    let size = map_size(map);
    if size > FLAT_MAX && updates.len() * 8 < size {
        // A few pairs into a large map: a path each.
        return updates.iter().fold(map, |map, &(key, value)| map_put(heap, map, key, value));
    }
    let mut merged: Vec<(Term, Term)> = Vec::with_capacity(size + updates.len());
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

/// `map` with the values of existing keys replaced (Erlang's `M#{K := V}`);
/// `Err(key)` names the first key in `pairs` that `map` lacks.
pub fn map_update_existing(heap: &mut Heap, map: Term, pairs: &[(Term, Term)]) -> Result<Term, Term> {
    debug_assert!(is_map(map));
    let payload = map.payload();
    if is_inner(payload) {
        if let Some(&(key, _)) = pairs.iter().find(|&&(key, _)| map_get(map, key).is_none()) {
            return Err(key);
        }
        return Ok(pairs.iter().fold(map, |map, &(key, value)| map_put(heap, map, key, value)));
    }
    let mut indices = Vec::with_capacity(pairs.len());
    for &(key, _) in pairs {
        indices.push(search(payload, key).map_err(|_| key)?);
    }
    if pairs.is_empty() {
        return Ok(map);
    }
    let ptr = alloc_map(&mut |words| heap.alloc(words), payload.len() / 2);
    // SAFETY: the new map has the old map's size; every index came from a
    // successful search, so each value word written is inside it.
    unsafe {
        std::ptr::copy_nonoverlapping(payload.as_ptr(), ptr.add(1), payload.len());
        for (&index, &(_, value)) in indices.iter().zip(pairs) {
            ptr.add(2 + 2 * index).write(value);
        }
    }
    Ok(Term::boxed_ptr(ptr))
}

/// What removing a key from a node made.
enum Removed {
    Absent,
    Node(Term),
    /// The node's last pair went.
    Empty,
}

/// A flat map without the pair at `index`.
fn flat_remove(heap: &mut Heap, old: &[Term], index: usize) -> Term {
    let ptr = alloc_map(&mut |words| heap.alloc(words), old.len() / 2 - 1);
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

fn remove_in(heap: &mut Heap, node: Term, key: Term) -> Removed {
    let payload = node.payload();
    if !is_inner(payload) {
        return match search(payload, key) {
            Err(_) => Removed::Absent,
            Ok(_) if payload.len() == 2 => Removed::Empty,
            Ok(index) => Removed::Node(flat_remove(heap, payload, index)),
        };
    }
    let slot = route(payload, key);
    let mut children: Vec<(Term, Term)> = payload[1..].chunks_exact(2).map(|pair| (pair[0], pair[1])).collect();
    match remove_in(heap, children[slot].1, key) {
        Removed::Absent => return Removed::Absent,
        Removed::Node(child) => children[slot].1 = child,
        Removed::Empty => {
            children.remove(slot);
            if children.is_empty() {
                return Removed::Empty;
            }
        }
    }
    Removed::Node(inner(&mut |words| heap.alloc(words), node_size(node) - 1, &children))
}

/// `map` without `key`; `map` itself when the key is absent.
pub fn map_remove(heap: &mut Heap, map: Term, key: Term) -> Term {
    debug_assert!(is_map(map));
    let payload = map.payload();
    if !is_inner(payload) {
        return match search(payload, key) {
            Ok(index) => flat_remove(heap, payload, index),
            Err(_) => map,
        };
    }
    match remove_in(heap, map, key) {
        Removed::Absent => map,
        Removed::Node(node) if node_size(node) > FLAT_MAX => node,
        Removed::Node(node) => {
            let pairs: Vec<(Term, Term)> = map_pairs(node).collect();
            build(heap, &pairs)
        }
        Removed::Empty => map_new(heap),
    }
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

    /// Checks a tree's invariants: sizes add up, every node's keys lie
    /// between its key and the next child's, leaves and nodes within their
    /// bounds, and the map flat exactly when it is small.
    fn check_shape(map: Term) {
        fn walk(node: Term, low: Option<Term>, high: Option<Term>) -> usize {
            let payload = node.payload();
            if !is_inner(payload) {
                assert!(payload.len() / 2 <= LEAF_MAX);
                for pair in payload.chunks_exact(2) {
                    if let Some(low) = low {
                        assert_ne!(key_order(pair[0], low), Ordering::Less);
                    }
                    if let Some(high) = high {
                        assert_eq!(key_order(pair[0], high), Ordering::Less);
                    }
                }
                return payload.len() / 2;
            }
            let children: Vec<(Term, Term)> = payload[1..].chunks_exact(2).map(|p| (p[0], p[1])).collect();
            assert!(!children.is_empty() && children.len() <= FANOUT);
            let mut total = 0;
            for (index, &(key, child)) in children.iter().enumerate() {
                let next = children.get(index + 1).map(|&(key, _)| key).or(high);
                let low = if index == 0 { low } else { Some(key) };
                total += walk(child, low, next);
            }
            assert_eq!(total, node_size(node));
            total
        }
        let size = walk(map, None, None);
        assert_eq!(size, map_size(map));
        assert_eq!(is_inner(map.payload()), size > FLAT_MAX, "flat exactly when small");
    }

    #[test]
    fn large_maps_agree_with_a_model_through_puts_removals_and_merges() {
        use std::collections::BTreeMap;
        let mut heap = Heap::new(4);
        let mut map = map_new(&mut heap);
        let mut model: BTreeMap<i64, i64> = BTreeMap::new();
        // A fixed pseudo-random walk: mostly puts at first, then mostly
        // removals, so that maps grow past every split and shrink back to flat.
        let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for step in 0..6000 {
            let roll = next();
            let key = (roll >> 8) as i64 % 700;
            let removing = if step < 3000 { roll % 5 == 0 } else { roll % 5 != 0 };
            if removing {
                map = map_remove(&mut heap, map, small(key));
                model.remove(&key);
            } else if roll % 7 == 0 {
                let pairs: Vec<(Term, Term)> = (0..(roll % 13) as i64).map(|i| (small(key + i), small(step))).collect();
                map = map_put_many(&mut heap, map, &pairs);
                for i in 0..(roll % 13) as i64 {
                    model.insert(key + i, step);
                }
            } else {
                map = map_put(&mut heap, map, small(key), small(step));
                model.insert(key, step);
            }
            if step % 97 == 0 || map_size(map) == FLAT_MAX || map_size(map) == FLAT_MAX + 1 {
                check_shape(map);
                let pairs: Vec<(i64, i64)> =
                    map_pairs(map).map(|(k, v)| (k.as_small().unwrap(), v.as_small().unwrap())).collect();
                assert_eq!(pairs, model.iter().map(|(&k, &v)| (k, v)).collect::<Vec<_>>());
                for (index, (&k, &v)) in model.iter().enumerate().step_by(11) {
                    assert_eq!(map_get(map, small(k)), Some(small(v)));
                    assert_eq!(map_pairs_from(map, index).next(), Some((small(k), small(v))));
                }
                assert_eq!(map_pairs_from(map, model.len()).next(), None);
                for start in (0..=model.len() + 1).step_by(7) {
                    let from: Vec<(Term, Term)> = map_pairs_from(map, start).collect();
                    let expected: Vec<(Term, Term)> =
                        model.iter().skip(start).map(|(&k, &v)| (small(k), small(v))).collect();
                    assert_eq!(from, expected, "from pair {start} of {}", model.len());
                }
                assert_eq!(map_get(map, small(-1)), None);
                // The same pairs built at once: equal, and so compared.
                let rebuilt = map_from_pairs(&mut heap, map_pairs(map).collect());
                assert!(exact_eq(rebuilt, map));
                assert_eq!(crate::term::compare::compare(rebuilt, map), Ordering::Equal);
            }
        }
        // Then every key goes, through the return to flat and to empty.
        for key in model.keys().copied().collect::<Vec<_>>() {
            map = map_remove(&mut heap, map, small(key));
            model.remove(&key);
            check_shape(map);
            assert_eq!(map_size(map), model.len());
        }
        assert_eq!(map.payload().len(), 0);
    }

    #[test]
    fn trees_compare_by_keys_then_values_and_update_only_existing_keys() {
        let mut heap = Heap::new(4);
        let pairs = |range: std::ops::Range<i64>, value: i64| -> Vec<(Term, Term)> {
            range.map(|k| (small(k), small(value))).collect()
        };
        let a = map_from_pairs(&mut heap, pairs(0..100, 1));
        let b = map_from_pairs(&mut heap, pairs(0..100, 2));
        let c = map_from_pairs(&mut heap, pairs(1..101, 0));
        let smaller = map_from_pairs(&mut heap, pairs(0..99, 9));
        use crate::term::compare::compare;
        assert_eq!(compare(a, b), Ordering::Less, "same keys: by values");
        assert_eq!(compare(a, c), Ordering::Less, "keys first: 0 < 1");
        assert_eq!(compare(b, c), Ordering::Less);
        assert_eq!(compare(smaller, a), Ordering::Less, "size first");
        let updated = map_update_existing(&mut heap, a, &[(small(5), small(50)), (small(99), small(990))]).unwrap();
        assert_eq!(map_get(updated, small(5)), Some(small(50)));
        assert_eq!(map_get(updated, small(99)), Some(small(990)));
        assert_eq!(map_size(updated), 100);
        assert_eq!(map_update_existing(&mut heap, a, &[(small(5), small(0)), (small(100), small(0))]), Err(small(100)));
        assert_eq!(map_put(&mut heap, a, small(7), small(1)), a, "the same value: the same map");
        assert_eq!(map_remove(&mut heap, a, small(1000)), a);
        let large = map_from_pairs(&mut heap, pairs(0..50_000, 0));
        assert!(map_update_size(large) < 100, "an update copies a path: {}", map_update_size(large));
        let flat = map_from_pairs(&mut heap, pairs(0..20, 0));
        assert_eq!(map_update_size(flat), 20);
        assert_eq!(map_words(100), {
            let mut words = 0;
            build_sorted(
                &mut |n| {
                    words += n;
                    heap.alloc(n)
                },
                &pairs(0..100, 0),
            );
            words
        });
    }
}
