//! The storage of `set`, `bag` and `duplicate_bag` tables: hash tables in
//! stripes, each behind a reader-writer lock of its own.
//!
//! A key's hash picks its stripe, so writers of different keys rarely
//! meet, and readers never block readers. Each stripe is an open-addressed
//! table (`hashbrown`) of entries, one entry per key, holding the key's
//! objects in the order they were inserted (one for a `set`).
//!
//! # Traversal and fixation
//!
//! The order of `first/1` and `next/2` is the stripes in turn, and in a
//! stripe its buckets in index order, then its overflow (below). Without
//! a fixation, `next/2` finds the key's bucket again, so a traversal sees
//! every object that stays in the table as long as no insert makes a
//! stripe grow (which moves its entries), as in OTP.
//!
//! While the table is fixed (`safe_fixtable/2`, or a traversal of
//! OTP's code such as `ets:foldl/3`), nothing moves:
//!
//! - a deleted object is only moved aside in its entry, which stays in its
//!   bucket, so that `next/2` from its key still works (OTP's
//!   pseudo-deletion); its memory goes when the last fixation ends;
//! - an insert that would make a stripe grow goes to the stripe's
//!   overflow list instead, which lookups search too and which comes last
//!   in the stripe's order;
//!
//! so every object in the table for the whole traversal is visited once,
//! and none twice. When the last fixation ends, each stripe drops its
//! deleted objects and moves its overflow into its table.

use super::object::Object;
use super::Counts;
use crate::term::compare::exact_eq;
use crate::term::Term;
use crossbeam_utils::CachePadded;
use hashbrown::HashTable;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{RwLock, RwLockReadGuard, RwLockWriteGuard};

/// How many stripes a table with `write_concurrency` has: a power of two.
/// Without it a table has one, as OTP's has one lock: a process's small
/// private table then costs a few hundred bytes, not kilobytes.
pub const CONCURRENT_STRIPES: usize = 64;

/// What a table keeps of several objects with one key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Duplicates {
    /// One object a key (`set`): an insert replaces it.
    None,
    /// Objects that differ (`bag`): an insert of an equal object changes nothing.
    Distinct,
    /// Every object inserted (`duplicate_bag`).
    All,
}

/// The live objects of one key: one, held in the entry itself (a `set`'s
/// every key, and most of a bag's), or several.
enum Objects {
    One(Object),
    Many(Vec<Object>),
}

impl Default for Objects {
    fn default() -> Objects {
        Objects::Many(Vec::new())
    }
}

impl From<Vec<Object>> for Objects {
    fn from(mut objects: Vec<Object>) -> Objects {
        match objects.len() {
            1 => Objects::One(objects.pop().expect("one object")),
            _ => Objects::Many(objects),
        }
    }
}

impl std::ops::Deref for Objects {
    type Target = [Object];
    fn deref(&self) -> &[Object] {
        match self {
            Objects::One(object) => std::slice::from_ref(object),
            Objects::Many(objects) => objects,
        }
    }
}

impl std::ops::DerefMut for Objects {
    fn deref_mut(&mut self) -> &mut [Object] {
        match self {
            Objects::One(object) => std::slice::from_mut(object),
            Objects::Many(objects) => objects,
        }
    }
}

impl IntoIterator for Objects {
    type Item = Object;
    type IntoIter = std::vec::IntoIter<Object>;
    fn into_iter(self) -> Self::IntoIter {
        match self {
            Objects::One(object) => vec![object].into_iter(),
            Objects::Many(objects) => objects.into_iter(),
        }
    }
}

impl Objects {
    fn push(&mut self, object: Object) {
        match std::mem::take(self) {
            Objects::Many(objects) if objects.is_empty() => *self = Objects::One(object),
            Objects::Many(mut objects) => {
                objects.push(object);
                *self = Objects::Many(objects);
            }
            Objects::One(first) => *self = Objects::Many(vec![first, object]),
        }
    }

    fn clear(&mut self) {
        *self = Objects::default();
    }
}

/// The objects of one key.
struct Entry {
    /// The key's hash.
    hash: u64,
    /// The key itself when it is an atom or a small integer (most keys
    /// are), so that a lookup compares it without reading an object;
    /// otherwise `Term::NIL`, and the key is read from the objects.
    immediate: Term,
    /// The key's objects, oldest first; empty once all are deleted while
    /// the table is fixed.
    live: Objects,
    /// Objects deleted while the table was fixed, freed when it is not.
    dead: Vec<Object>,
}

/// What an entry keeps of its key in `Entry::immediate`.
fn immediate_of(key: Term) -> Term {
    if key.is_small() || key.is_atom() {
        key
    } else {
        Term::NIL
    }
}

impl Entry {
    fn new(hash: u64, key: Term, object: Object) -> Entry {
        Entry { hash, immediate: immediate_of(key), live: Objects::One(object), dead: Vec::new() }
    }

    /// Whether the entry is `key`'s, which hashes to `hash`.
    #[inline]
    fn is(&self, hash: u64, key: Term, keypos: usize) -> bool {
        if self.hash != hash {
            return false;
        }
        if self.immediate != Term::NIL || key.is_small() || key.is_atom() {
            return self.immediate == key;
        }
        exact_eq(self.key(keypos), key)
    }

    fn key(&self, keypos: usize) -> Term {
        self.live.first().or(self.dead.first()).map_or(Term::NIL, |object| object.key(keypos))
    }
}

/// One stripe: the entries whose hash picks it.
#[derive(Default)]
struct Stripe {
    entries: HashTable<Entry>,
    /// Entries inserted while the table was fixed and `entries` was full.
    overflow: Vec<Entry>,
    /// Whether some entry holds deleted objects or is empty.
    has_dead: bool,
}

/// Where an entry is in its stripe.
#[derive(Clone, Copy)]
enum Place {
    Bucket(usize),
    Overflow(usize),
}

impl Stripe {
    fn find(&self, hash: u64, key: Term, keypos: usize) -> Option<Place> {
        let same = |entry: &Entry| entry.is(hash, key, keypos);
        if let Some(index) = self.entries.find_bucket_index(hash, same) {
            return Some(Place::Bucket(index));
        }
        self.overflow.iter().position(same).map(Place::Overflow)
    }

    fn entry(&self, place: Place) -> Option<&Entry> {
        match place {
            Place::Bucket(index) => self.entries.get_bucket(index),
            Place::Overflow(index) => self.overflow.get(index),
        }
    }

    fn entry_mut(&mut self, place: Place) -> Option<&mut Entry> {
        match place {
            Place::Bucket(index) => self.entries.get_bucket_mut(index),
            Place::Overflow(index) => self.overflow.get_mut(index),
        }
    }

    /// The first entry with live objects at or after `place`, in the stripe's order.
    fn live_from(&self, place: Place) -> Option<&Entry> {
        let mut bucket = match place {
            Place::Bucket(index) => index,
            Place::Overflow(index) => {
                return self.overflow[index.min(self.overflow.len())..].iter().find(|e| !e.live.is_empty())
            }
        };
        while bucket < self.entries.num_buckets() {
            if let Some(entry) = self.entries.get_bucket(bucket) {
                if !entry.live.is_empty() {
                    return Some(entry);
                }
            }
            bucket += 1;
        }
        self.overflow.iter().find(|entry| !entry.live.is_empty())
    }

    /// The place after `place` in the stripe's order.
    fn after(&self, place: Place) -> Place {
        match place {
            Place::Bucket(index) if index + 1 < self.entries.num_buckets() => Place::Bucket(index + 1),
            Place::Bucket(_) => Place::Overflow(0),
            Place::Overflow(index) => Place::Overflow(index + 1),
        }
    }

    /// Adds a new entry; while the table is fixed, never by growing.
    fn add(&mut self, entry: Entry, fixed: bool) {
        if fixed && self.entries.len() >= self.entries.capacity() {
            self.overflow.push(entry);
        } else {
            self.entries.insert_unique(entry.hash, entry, |entry| entry.hash);
        }
    }

    /// Removes an entry; while the table is fixed, empties it in place.
    fn remove(&mut self, place: Place, fixed: bool, counts: &Counts) {
        let Some(entry) = self.entry_mut(place) else { return };
        counts.removed(&entry.live);
        if fixed {
            let live = std::mem::take(&mut entry.live);
            entry.dead.extend(live);
            self.has_dead = true;
            return;
        }
        match place {
            Place::Bucket(index) => {
                if let Ok(entry) = self.entries.get_bucket_entry(index) {
                    entry.remove();
                }
            }
            Place::Overflow(index) => {
                self.overflow.remove(index);
            }
        }
    }

    /// Drops what was deleted while fixed, and moves the overflow in.
    fn sweep(&mut self) {
        if self.has_dead {
            self.entries.retain(|entry| {
                entry.dead.clear();
                !entry.live.is_empty()
            });
            self.overflow.retain_mut(|entry| {
                entry.dead.clear();
                !entry.live.is_empty()
            });
            self.has_dead = false;
        }
        for entry in std::mem::take(&mut self.overflow) {
            self.entries.insert_unique(entry.hash, entry, |entry| entry.hash);
        }
    }
}

/// The hashed storage of one table.
pub struct Hashed {
    /// A power of two of them.
    stripes: Box<[CachePadded<RwLock<Stripe>>]>,
    duplicates: Duplicates,
    keypos: usize,
}

impl Hashed {
    /// Empty storage in `stripes` stripes (a power of two).
    pub fn new(duplicates: Duplicates, keypos: usize, stripes: usize) -> Hashed {
        debug_assert!(stripes.is_power_of_two());
        let stripes = (0..stripes).map(|_| CachePadded::new(RwLock::new(Stripe::default()))).collect();
        Hashed { stripes, duplicates, keypos }
    }

    fn stripe_of(&self, hash: u64) -> usize {
        (hash >> 32) as usize & (self.stripes.len() - 1)
    }

    fn read(&self, stripe: usize) -> RwLockReadGuard<'_, Stripe> {
        self.stripes[stripe].read().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn write(&self, stripe: usize) -> RwLockWriteGuard<'_, Stripe> {
        self.stripes[stripe].write().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Runs `read` over the live objects of `key` (none: an empty slice),
    /// under the key's stripe's read lock.
    pub fn lookup<R>(&self, key: Term, read: impl FnOnce(&[Object]) -> R) -> R {
        let hash = super::key_hash(key);
        let stripe = self.read(self.stripe_of(hash));
        match stripe.find(hash, key, self.keypos).and_then(|place| stripe.entry(place)) {
            Some(entry) => read(&entry.live),
            None => read(&[]),
        }
    }

    /// Inserts `objects` (each stripe's share under its write lock, all
    /// the stripes locked at once); with `only_new`, inserts nothing and
    /// answers `false` when some key is in the table already.
    pub fn insert(&self, objects: Vec<Object>, only_new: bool, fixed: &AtomicBool, counts: &Counts) -> bool {
        let keyed: Vec<(u64, Object)> =
            objects.into_iter().map(|object| (super::key_hash(object.key(self.keypos)), object)).collect();
        let mut stripes: Vec<usize> = keyed.iter().map(|&(hash, _)| self.stripe_of(hash)).collect();
        stripes.sort_unstable();
        stripes.dedup();
        // In index order, so that two inserts never wait for each other's locks.
        let mut guards: Vec<(usize, RwLockWriteGuard<'_, Stripe>)> =
            stripes.into_iter().map(|stripe| (stripe, self.write(stripe))).collect();
        // Read under the locks: a traversal that fixed the table and read
        // one of these stripes did so before this insert could lock it.
        let fixed = fixed.load(Ordering::Acquire);
        let guard_of = |hash: u64| -> usize {
            let stripe = self.stripe_of(hash);
            guards.iter().position(|&(index, _)| index == stripe).unwrap_or(0)
        };
        let slots: Vec<usize> = keyed.iter().map(|&(hash, _)| guard_of(hash)).collect();
        if only_new {
            for (&(hash, ref object), &slot) in keyed.iter().zip(&slots) {
                let stripe = &guards[slot].1;
                let key = object.key(self.keypos);
                let present = stripe.find(hash, key, self.keypos).and_then(|place| stripe.entry(place));
                if present.is_some_and(|entry| !entry.live.is_empty()) {
                    return false;
                }
            }
        }
        for ((hash, object), slot) in keyed.into_iter().zip(slots) {
            let stripe = &mut guards[slot].1;
            let key = object.key(self.keypos);
            match stripe.find(hash, key, self.keypos) {
                Some(place) => {
                    let duplicates = self.duplicates;
                    let Some(entry) = stripe.entry_mut(place) else { continue };
                    match duplicates {
                        Duplicates::None => {
                            counts.removed(&entry.live);
                            counts.added(&object);
                            if fixed {
                                let live = std::mem::take(&mut entry.live);
                                entry.dead.extend(live);
                                entry.live.push(object);
                                stripe.has_dead = true;
                            } else {
                                entry.live.clear();
                                entry.live.push(object);
                            }
                        }
                        Duplicates::Distinct => {
                            if !entry.live.iter().any(|old| exact_eq(old.term(), object.term())) {
                                counts.added(&object);
                                entry.live.push(object);
                            }
                        }
                        Duplicates::All => {
                            counts.added(&object);
                            entry.live.push(object);
                        }
                    }
                }
                None => {
                    counts.added(&object);
                    stripe.add(Entry::new(hash, key, object), fixed);
                }
            }
        }
        true
    }

    /// Removes and returns the objects of `key` (under its write lock,
    /// `take` reads them first).
    pub fn delete_key<R>(
        &self,
        key: Term,
        fixed: &AtomicBool,
        counts: &Counts,
        take: impl FnOnce(&[Object]) -> R,
    ) -> R {
        let hash = super::key_hash(key);
        let mut stripe = self.write(self.stripe_of(hash));
        let fixed = fixed.load(Ordering::Acquire);
        let Some(place) = stripe.find(hash, key, self.keypos) else { return take(&[]) };
        let taken = take(stripe.entry(place).map_or(&[][..], |entry| &entry.live[..]));
        stripe.remove(place, fixed, counts);
        taken
    }

    /// Deletes the objects of `tuple`'s key that are `=:=` to it.
    pub fn delete_object(&self, tuple: Term, fixed: &AtomicBool, counts: &Counts) {
        let key = tuple.as_tuple().map_or(Term::NIL, |elements| elements[self.keypos - 1]);
        let hash = super::key_hash(key);
        let mut stripe = self.write(self.stripe_of(hash));
        let fixed = fixed.load(Ordering::Acquire);
        let Some(place) = stripe.find(hash, key, self.keypos) else { return };
        let Some(entry) = stripe.entry_mut(place) else { return };
        let (gone, kept): (Vec<Object>, Vec<Object>) =
            std::mem::take(&mut entry.live).into_iter().partition(|object| exact_eq(object.term(), tuple));
        counts.removed(&gone);
        entry.live = kept.into();
        if fixed {
            entry.dead.extend(gone);
            stripe.has_dead = true;
        } else if entry.live.is_empty() {
            stripe.remove(place, false, counts);
        }
    }

    /// Replaces the one object of `key` by what `update` makes of it, under
    /// the key's write lock; `None` when the key is not there.
    pub fn update<R>(
        &self,
        key: Term,
        fixed: &AtomicBool,
        counts: &Counts,
        update: impl FnOnce(&mut Object) -> (Option<Object>, R),
    ) -> Option<R> {
        let hash = super::key_hash(key);
        let mut stripe = self.write(self.stripe_of(hash));
        let fixed = fixed.load(Ordering::Acquire);
        let place = stripe.find(hash, key, self.keypos)?;
        let entry = stripe.entry_mut(place)?;
        let old = entry.live.first_mut()?;
        let (new, result) = update(old);
        if let Some(new) = new {
            counts.removed(&entry.live);
            counts.added(&new);
            let old = std::mem::replace(&mut entry.live, Objects::One(new));
            if fixed {
                entry.dead.extend(old);
                stripe.has_dead = true;
            }
        }
        Some(result)
    }

    /// The key of the first object in the table's order, as `read` takes it.
    pub fn first<R>(&self, read: impl FnOnce(Option<Term>) -> R) -> R {
        for index in 0..self.stripes.len() {
            let stripe = self.read(index);
            if let Some(entry) = stripe.live_from(Place::Bucket(0)) {
                return read(Some(entry.key(self.keypos)));
            }
        }
        read(None)
    }

    /// The key after `key` in the table's order, as `read` takes it; `None`
    /// when `key` is not in the table (nor deleted while it is fixed).
    pub fn next<R>(&self, key: Term, read: impl FnOnce(Option<Term>) -> R) -> Option<R> {
        let hash = super::key_hash(key);
        let first = self.stripe_of(hash);
        {
            let stripe = self.read(first);
            let place = stripe.find(hash, key, self.keypos)?;
            if let Some(entry) = stripe.live_from(stripe.after(place)) {
                return Some(read(Some(entry.key(self.keypos))));
            }
        }
        for index in first + 1..self.stripes.len() {
            let stripe = self.read(index);
            if let Some(entry) = stripe.live_from(Place::Bucket(0)) {
                return Some(read(Some(entry.key(self.keypos))));
            }
        }
        Some(read(None))
    }

    /// Runs `visit` over every live object, a stripe at a time under its
    /// read lock, until it answers `false`.
    pub fn for_each(&self, mut visit: impl FnMut(&Object) -> bool) {
        for index in 0..self.stripes.len() {
            let stripe = self.read(index);
            let entries = (0..stripe.entries.num_buckets()).filter_map(|bucket| stripe.entries.get_bucket(bucket));
            for entry in entries.chain(stripe.overflow.iter()) {
                for object in entry.live.iter() {
                    if !visit(object) {
                        return;
                    }
                }
            }
        }
    }

    /// Runs `change` over every live object, a stripe at a time under its
    /// write lock: `Keep`, `Delete` or `Replace` it (a replacement has the
    /// same key).
    pub fn change_each(&self, fixed: &AtomicBool, counts: &Counts, mut change: impl FnMut(&Object) -> super::Change) {
        for index in 0..self.stripes.len() {
            let mut stripe = self.write(index);
            let fixed = fixed.load(Ordering::Acquire);
            let mut emptied = false;
            let mut dead_added = false;
            let mut visit = |entry: &mut Entry| {
                let mut kept = Vec::with_capacity(entry.live.len());
                for object in std::mem::take(&mut entry.live) {
                    match change(&object) {
                        super::Change::Keep => kept.push(object),
                        super::Change::Delete => {
                            counts.removed(std::slice::from_ref(&object));
                            if fixed {
                                entry.dead.push(object);
                                dead_added = true;
                            }
                        }
                        super::Change::Replace(new) => {
                            counts.removed(std::slice::from_ref(&object));
                            counts.added(&new);
                            kept.push(new);
                            if fixed {
                                entry.dead.push(object);
                                dead_added = true;
                            }
                        }
                    }
                }
                entry.live = kept.into();
                emptied |= entry.live.is_empty();
            };
            for bucket in 0..stripe.entries.num_buckets() {
                if let Some(entry) = stripe.entries.get_bucket_mut(bucket) {
                    visit(entry);
                }
            }
            stripe.overflow.iter_mut().for_each(&mut visit);
            if dead_added {
                stripe.has_dead = true;
            }
            if emptied && !fixed {
                stripe.entries.retain(|entry| !entry.live.is_empty());
                stripe.overflow.retain(|entry| !entry.live.is_empty());
            }
        }
    }

    /// Deletes every object.
    pub fn clear(&self, fixed: &AtomicBool, counts: &Counts) {
        self.change_each(fixed, counts, |_| super::Change::Delete);
    }

    /// Drops what was deleted while the table was fixed, now that it is
    /// not: each stripe, under its write lock, while `unfixed` holds (a
    /// fixation made meanwhile leaves the rest for its own end).
    pub fn sweep(&self, unfixed: impl Fn() -> bool) {
        for index in 0..self.stripes.len() {
            let mut stripe = self.write(index);
            if !unfixed() {
                return;
            }
            stripe.sweep();
        }
    }

    /// Bytes the storage holds besides its objects' blocks.
    pub fn overhead_bytes(&self) -> usize {
        let entry = std::mem::size_of::<Entry>() + 1;
        (0..self.stripes.len())
            .map(|index| {
                let stripe = self.read(index);
                stripe.entries.num_buckets() * entry + stripe.overflow.capacity() * entry
            })
            .sum::<usize>()
            + self.stripes.len() * std::mem::size_of::<CachePadded<RwLock<Stripe>>>()
    }
}
