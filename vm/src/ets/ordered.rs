//! The storage of `ordered_set` tables: a B-tree ordered by key in
//! Erlang's term order, behind one reader-writer lock.
//!
//! Keys compare with `==`, so `1` and `1.0` are one key, as in OTP.
//! Readers never block readers; writers take turns. (OTP's
//! contention-adapting tree splits its lock under write contention; this
//! table does not yet.) Traversal needs no fixation: `next/2` and `prev/2`
//! find the next key in order from any term, in the table or not.

use super::object::Object;
use super::{Change, Counts};
use crate::term::compare::{compare, exact_eq};
use crate::term::Term;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// A key in the tree, ordered by `compare`. The key an entry holds points
/// into the entry's own object, so an entry is replaced whole (key and
/// object), never only its object.
#[derive(Clone, Copy)]
struct Key(Term);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Key {}

impl PartialOrd for Key {
    fn partial_cmp(&self, other: &Key) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Key {
    fn cmp(&self, other: &Key) -> Ordering {
        compare(self.0, other.0)
    }
}

// SAFETY: a key is a term inside an object of the tree (immutable, see
// `Object`) or, for a search, a term of the caller's heap that the caller
// keeps alive; it is only read.
unsafe impl Send for Key {}
// SAFETY: as above.
unsafe impl Sync for Key {}

/// The ordered storage of one table.
pub struct Ordered {
    tree: RwLock<BTreeMap<Key, Object>>,
    keypos: usize,
}

impl Ordered {
    /// Empty storage.
    pub fn new(keypos: usize) -> Ordered {
        Ordered { tree: RwLock::new(BTreeMap::new()), keypos }
    }

    fn read(&self) -> RwLockReadGuard<'_, BTreeMap<Key, Object>> {
        self.tree.read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self) -> RwLockWriteGuard<'_, BTreeMap<Key, Object>> {
        self.tree.write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `read` over the object of `key` (none: an empty slice).
    pub fn lookup<R>(&self, key: Term, read: impl FnOnce(&[Object]) -> R) -> R {
        let tree = self.read();
        match tree.get(&Key(key)) {
            Some(object) => read(std::slice::from_ref(object)),
            None => read(&[]),
        }
    }

    /// Inserts `objects`, all under the write lock; with `only_new`,
    /// inserts nothing and answers `false` when some key is there already.
    pub fn insert(&self, objects: Vec<Object>, only_new: bool, counts: &Counts) -> bool {
        let mut tree = self.write();
        if only_new && objects.iter().any(|object| tree.contains_key(&Key(object.key(self.keypos)))) {
            return false;
        }
        for object in objects {
            let key = Key(object.key(self.keypos));
            if let Some(old) = tree.remove(&key) {
                counts.removed(std::slice::from_ref(&old));
            }
            counts.added(&object);
            tree.insert(key, object);
        }
        true
    }

    /// Removes the object of `key`, which `take` reads first.
    pub fn delete_key<R>(&self, key: Term, counts: &Counts, take: impl FnOnce(&[Object]) -> R) -> R {
        let mut tree = self.write();
        match tree.remove(&Key(key)) {
            Some(object) => {
                counts.removed(std::slice::from_ref(&object));
                take(std::slice::from_ref(&object))
            }
            None => take(&[]),
        }
    }

    /// Deletes the object of `tuple`'s key if it is `=:=` to `tuple`.
    pub fn delete_object(&self, tuple: Term, counts: &Counts) {
        let key = tuple.as_tuple().map_or(Term::NIL, |elements| elements[self.keypos - 1]);
        let mut tree = self.write();
        if tree.get(&Key(key)).is_some_and(|object| exact_eq(object.term(), tuple)) {
            if let Some(object) = tree.remove(&Key(key)) {
                counts.removed(std::slice::from_ref(&object));
            }
        }
    }

    /// Replaces the object of `key` by what `update` makes of it; `None`
    /// when the key is not there.
    pub fn update<R>(
        &self,
        key: Term,
        counts: &Counts,
        update: impl FnOnce(&mut Object) -> (Option<Object>, R),
    ) -> Option<R> {
        let mut tree = self.write();
        let (new, result) = update(tree.get_mut(&Key(key))?);
        if let Some(new) = new {
            if let Some(old) = tree.remove(&Key(key)) {
                counts.removed(std::slice::from_ref(&old));
            }
            counts.added(&new);
            tree.insert(Key(new.key(self.keypos)), new);
        }
        Some(result)
    }

    /// The first or last key, as `read` takes it.
    pub fn end<R>(&self, last: bool, read: impl FnOnce(Option<Term>) -> R) -> R {
        let tree = self.read();
        let key = if last { tree.keys().next_back() } else { tree.keys().next() };
        read(key.map(|key| key.0))
    }

    /// The key after (or, with `backward`, before) `key` in order, as `read` takes it.
    pub fn step<R>(&self, key: Term, backward: bool, read: impl FnOnce(Option<Term>) -> R) -> R {
        let tree = self.read();
        let found = if backward {
            tree.range((Bound::Unbounded, Bound::Excluded(Key(key)))).next_back()
        } else {
            tree.range((Bound::Excluded(Key(key)), Bound::Unbounded)).next()
        };
        read(found.map(|(key, _)| key.0))
    }

    /// Runs `visit` over every object in key order (or the reverse), under
    /// the read lock, until it answers `false`.
    pub fn for_each(&self, reverse: bool, mut visit: impl FnMut(&Object) -> bool) {
        let tree = self.read();
        if reverse {
            for object in tree.values().rev() {
                if !visit(object) {
                    return;
                }
            }
        } else {
            for object in tree.values() {
                if !visit(object) {
                    return;
                }
            }
        }
    }

    /// Runs `visit` over the objects whose key is `key` or after it in
    /// order (before it, with `reverse`), under the read lock, until it
    /// answers `false`.
    pub fn for_each_from(&self, key: Term, reverse: bool, mut visit: impl FnMut(&Object) -> bool) {
        let tree = self.read();
        if reverse {
            for (_, object) in tree.range((Bound::Unbounded, Bound::Included(Key(key)))).rev() {
                if !visit(object) {
                    return;
                }
            }
        } else {
            for (_, object) in tree.range((Bound::Included(Key(key)), Bound::Unbounded)) {
                if !visit(object) {
                    return;
                }
            }
        }
    }

    /// Runs `change` over every object, in order, under the write lock.
    pub fn change_each(&self, counts: &Counts, mut change: impl FnMut(&Object) -> Change) {
        let mut tree = self.write();
        let mut replaced = Vec::new();
        tree.retain(|_, object| match change(object) {
            Change::Keep => true,
            Change::Delete => {
                counts.removed(std::slice::from_ref(object));
                false
            }
            Change::Replace(new) => {
                counts.removed(std::slice::from_ref(object));
                replaced.push(new);
                false
            }
        });
        for new in replaced {
            counts.added(&new);
            tree.insert(Key(new.key(self.keypos)), new);
        }
    }

    /// Deletes every object.
    pub fn clear(&self, counts: &Counts) {
        let mut tree = self.write();
        for object in std::mem::take(&mut *tree).into_values() {
            counts.removed(std::slice::from_ref(&object));
        }
    }

    /// Bytes the tree holds besides its objects' blocks (an estimate:
    /// the entries and a node's share of each).
    pub fn overhead_bytes(&self) -> usize {
        self.read().len() * (std::mem::size_of::<Key>() + std::mem::size_of::<Object>() + 8)
    }
}
