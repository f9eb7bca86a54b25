//! ETS: tables of terms that every process of the node may share.
//!
//! # Design
//!
//! A table is a [`Table`]: its options, its owner, and its storage. Each
//! object is a tuple copied out of the inserting process's heap into a
//! block of its own ([`Object`]), with counts on the off-heap binaries in
//! it, so a large binary in a table is shared, not copied; a read copies
//! the object onto the reader's heap, under the lock that keeps it alive.
//!
//! There is no global lock. A table's identifier is a magic reference
//! (`memory::resource`) whose native object is the table itself, so an
//! operation on a table given by its identifier reaches it with no lookup
//! at all; a named table is found in the names' map ([`Tables`]) under
//! that map's read lock. The storage is:
//!
//! - for `set`, `bag` and `duplicate_bag`, hash tables in stripes, a
//!   key's hash picking its stripe, each stripe behind a reader-writer lock
//!   of its own (`hashed`): readers never block readers, and with
//!   `write_concurrency` (64 stripes) writers of keys in different stripes
//!   rarely meet; without it there is one stripe, as OTP has one lock;
//! - for `ordered_set`, a B-tree in term order behind one reader-writer
//!   lock (`ordered`): readers never block readers, writers take turns.
//!
//! An operation on one key holds one lock, so it is atomic and isolated,
//! as OTP's are; `insert/2` of a list locks every stripe it touches (in
//! index order, so that two such inserts cannot deadlock) and is atomic
//! too. Operations on the whole table (`select`, `match`, `tab2list`)
//! take the stripes one after the other, as OTP's fine-grained locking
//! does.
//!
//! A table lives while it is in the table of tables ([`Tables`]) and any
//! process holds its identifier. Deleting it (`delete/1`, or its owner's
//! end without an heir) takes it out of [`Tables`], marks it deleted (every
//! later operation is `badarg`) and frees its objects at once; the magic
//! references still held keep only its empty shell.

mod hashed;
mod object;
mod ordered;

pub use hashed::Duplicates;
pub use object::Object;

use crate::memory::resource::{Native, Resource};
use crate::process::lifecycle::deliver;
use crate::process::signal::Signal;
use crate::term::{atoms, Atom, BoxKind, Term};
use hashed::Hashed;
use ordered::Ordered;
use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

/// A table's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One object a key, hashed.
    Set,
    /// One object a key, in key order (keys compared with `==`).
    OrderedSet,
    /// Distinct objects a key, hashed.
    Bag,
    /// Any objects a key, hashed.
    DuplicateBag,
}

impl Kind {
    /// The kind `ets:new/2` names.
    pub fn from_name(name: &str) -> Option<Kind> {
        Some(match name {
            "set" => Kind::Set,
            "ordered_set" => Kind::OrderedSet,
            "bag" => Kind::Bag,
            "duplicate_bag" => Kind::DuplicateBag,
            _ => return None,
        })
    }

    /// Its name, as `ets:info/2` gives it.
    pub fn name(self) -> Atom {
        match self {
            Kind::Set => atoms::SET,
            Kind::OrderedSet => atoms::ORDERED_SET,
            Kind::Bag => atoms::BAG,
            Kind::DuplicateBag => atoms::DUPLICATE_BAG,
        }
    }

    /// Whether a key has at most one object.
    pub fn is_set(self) -> bool {
        matches!(self, Kind::Set | Kind::OrderedSet)
    }
}

/// Who may read and write a table besides its owner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Every process reads and writes.
    Public,
    /// Every process reads; only the owner writes.
    Protected,
    /// Only the owner reads and writes.
    Private,
}

impl Access {
    /// The access `ets:new/2` names.
    pub fn from_name(name: &str) -> Option<Access> {
        Some(match name {
            "public" => Access::Public,
            "protected" => Access::Protected,
            "private" => Access::Private,
            _ => return None,
        })
    }

    /// Its name, as `ets:info/2` gives it.
    pub fn name(self) -> Atom {
        match self {
            Access::Public => atoms::PUBLIC,
            Access::Protected => atoms::PROTECTED,
            Access::Private => atoms::PRIVATE,
        }
    }
}

/// What `ets:new/2`'s options ask for.
#[derive(Clone, Debug)]
pub struct Options {
    /// The type.
    pub kind: Kind,
    /// The access.
    pub access: Access,
    /// The key's position in each object, from 1.
    pub keypos: usize,
    /// Whether the name identifies the table.
    pub named: bool,
    /// `read_concurrency`.
    pub read_concurrency: bool,
    /// `write_concurrency`: `true`, `false` or `auto`.
    pub write_concurrency: Atom,
    /// `decentralized_counters`.
    pub decentralized_counters: bool,
    /// `compressed` (accepted; objects are not compressed).
    pub compressed: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            kind: Kind::Set,
            access: Access::Protected,
            keypos: 1,
            named: false,
            read_concurrency: false,
            write_concurrency: atoms::FALSE,
            decentralized_counters: false,
            compressed: false,
        }
    }
}

/// A table's heir: the process that gets it when its owner ends.
pub struct Heir {
    /// The heir, a local pid.
    pub pid: Term,
    /// The data it is sent with the table, as the one element of a tuple.
    data: Object,
}

impl Heir {
    /// An heir, with a copy of `data`.
    pub fn new(pid: Term, data: Term) -> Heir {
        Heir { pid, data: Object::from_elements(&[data]) }
    }

    /// The data, valid while the heir is.
    pub fn data(&self) -> Term {
        self.data.elements()[0]
    }
}

/// A change `select_delete` and `select_replace` make to an object.
pub enum Change {
    /// It stays.
    Keep,
    /// It goes.
    Delete,
    /// It is replaced by an object with the same key.
    Replace(Object),
}

/// A table's size and memory, kept as objects come and go.
#[derive(Default)]
pub struct Counts {
    objects: AtomicUsize,
    words: AtomicUsize,
}

impl Counts {
    fn added(&self, object: &Object) {
        self.objects.fetch_add(1, Ordering::Relaxed);
        self.words.fetch_add(object.words(), Ordering::Relaxed);
    }

    fn removed(&self, objects: &[Object]) {
        if objects.is_empty() {
            return;
        }
        self.objects.fetch_sub(objects.len(), Ordering::Relaxed);
        self.words.fetch_sub(objects.iter().map(Object::words).sum(), Ordering::Relaxed);
    }
}

enum Storage {
    Hashed(Hashed),
    Ordered(Ordered),
}

/// The processes that fixed a table, and since when.
#[derive(Default)]
struct Fixations {
    /// Each fixing process, with how many times it fixed the table.
    by: Vec<(Term, usize)>,
    /// When the first of the current fixations was made: Erlang monotonic
    /// time and the time offset then, in nanoseconds.
    since: Option<(i64, i64)>,
}

/// When a table's fixations began (Erlang monotonic time and the time
/// offset then, nanoseconds), and each fixing process with its count.
pub type FixedSince = ((i64, i64), Vec<(Term, usize)>);

/// `next/2` of a key a hashed table does not hold.
#[derive(Debug)]
pub struct NotInTable;

/// One table.
pub struct Table {
    /// The number of the magic reference that identifies it.
    pub id: u64,
    /// Its name (an atom's index): `rename/2` changes it.
    name: AtomicU32,
    /// Whether its name identifies it.
    pub named: bool,
    /// Its type.
    pub kind: Kind,
    /// Its access.
    pub access: Access,
    /// Its key's position, from 1.
    pub keypos: usize,
    /// The options given that change nothing else here.
    pub read_concurrency: bool,
    /// `write_concurrency` as given.
    pub write_concurrency: Atom,
    /// `decentralized_counters` as given.
    pub decentralized_counters: bool,
    /// `compressed` as given.
    pub compressed: bool,
    /// Its owner's pid, as a term's bits.
    owner: AtomicU64,
    heir: Mutex<Option<Heir>>,
    deleted: AtomicBool,
    fixed: AtomicBool,
    fixations: Mutex<Fixations>,
    counts: Counts,
    storage: Storage,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Table({} {}, {} objects)", self.id, self.name().name(), self.size())
    }
}

impl Native for Table {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

impl Table {
    /// An empty table owned by `owner`.
    pub fn new(id: u64, name: Atom, owner: Term, options: &Options, heir: Option<Heir>) -> Table {
        let stripes = if options.write_concurrency == atoms::FALSE { 1 } else { hashed::CONCURRENT_STRIPES };
        let hashed = |duplicates| Storage::Hashed(Hashed::new(duplicates, options.keypos, stripes));
        let storage = match options.kind {
            Kind::OrderedSet => Storage::Ordered(Ordered::new(options.keypos)),
            Kind::Set => hashed(Duplicates::None),
            Kind::Bag => hashed(Duplicates::Distinct),
            Kind::DuplicateBag => hashed(Duplicates::All),
        };
        Table {
            id,
            name: AtomicU32::new(name.index()),
            named: options.named,
            kind: options.kind,
            access: options.access,
            keypos: options.keypos,
            read_concurrency: options.read_concurrency,
            write_concurrency: options.write_concurrency,
            decentralized_counters: options.decentralized_counters,
            compressed: options.compressed,
            owner: AtomicU64::new(owner.raw()),
            heir: Mutex::new(heir),
            deleted: AtomicBool::new(false),
            fixed: AtomicBool::new(false),
            fixations: Mutex::new(Fixations::default()),
            counts: Counts::default(),
            storage,
        }
    }

    /// Its name.
    pub fn name(&self) -> Atom {
        Atom::from_index(self.name.load(Ordering::Relaxed))
    }

    /// Its owner.
    pub fn owner(&self) -> Term {
        Term::from_raw(self.owner.load(Ordering::Acquire))
    }

    /// Whether it has been deleted.
    pub fn is_deleted(&self) -> bool {
        self.deleted.load(Ordering::Acquire)
    }

    /// Whether `pid` may read it.
    pub fn may_read(&self, pid: Term) -> bool {
        self.access != Access::Private || self.owner() == pid
    }

    /// Whether `pid` may write it.
    pub fn may_write(&self, pid: Term) -> bool {
        self.access == Access::Public || self.owner() == pid
    }

    /// How many objects it holds.
    pub fn size(&self) -> usize {
        self.counts.objects.load(Ordering::Relaxed)
    }

    /// The words it takes, as `ets:info(T, memory)` gives them: its
    /// objects' blocks and its storage's own structures.
    pub fn memory_words(&self) -> usize {
        let overhead = match &self.storage {
            Storage::Hashed(hashed) => hashed.overhead_bytes(),
            Storage::Ordered(ordered) => ordered.overhead_bytes(),
        };
        let own = std::mem::size_of::<Table>() + overhead;
        self.counts.words.load(Ordering::Relaxed) + own.div_ceil(std::mem::size_of::<u64>())
    }

    /// Runs `read` over the heir, if any.
    pub fn with_heir<R>(&self, read: impl FnOnce(Option<&Heir>) -> R) -> R {
        read(self.heir.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).as_ref())
    }

    /// Sets the heir (`None`: no heir).
    pub fn set_heir(&self, heir: Option<Heir>) {
        *self.heir.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = heir;
    }

    fn is_fixed(&self) -> bool {
        self.fixed.load(Ordering::Acquire)
    }

    /// Runs `read` over the objects of `key` (none: an empty slice).
    pub fn lookup<R>(&self, key: Term, read: impl FnOnce(&[Object]) -> R) -> R {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.lookup(key, read),
            Storage::Ordered(ordered) => ordered.lookup(key, read),
        }
    }

    /// Inserts copies of `tuples`, which must each have the key position;
    /// with `only_new`, nothing when some key is there, answering `false`.
    pub fn insert(&self, tuples: &[Term], only_new: bool) -> bool {
        let objects = tuples.iter().map(|&tuple| Object::new(tuple)).collect();
        let inserted = match &self.storage {
            Storage::Hashed(hashed) => hashed.insert(objects, only_new, &self.fixed, &self.counts),
            Storage::Ordered(ordered) => ordered.insert(objects, only_new, &self.counts),
        };
        // A `delete/1` may have marked the table after the caller found it
        // and cleared it before this insert: the objects go now, not with
        // the table's last reference. (If the mark comes after this load,
        // the delete's own clearing, which follows the mark, takes them.)
        if self.deleted.load(Ordering::SeqCst) {
            self.clear();
        }
        inserted
    }

    /// Deletes the objects of `key`, which `take` reads first.
    pub fn delete_key<R>(&self, key: Term, take: impl FnOnce(&[Object]) -> R) -> R {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.delete_key(key, &self.fixed, &self.counts, take),
            Storage::Ordered(ordered) => ordered.delete_key(key, &self.counts, take),
        }
    }

    /// Deletes the objects `=:=` to `tuple`.
    pub fn delete_object(&self, tuple: Term) {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.delete_object(tuple, &self.fixed, &self.counts),
            Storage::Ordered(ordered) => ordered.delete_object(tuple, &self.counts),
        }
    }

    /// Replaces the object of `key` (of a `set` or `ordered_set`) by what
    /// `update` makes of it, or lets `update` change it in place (its
    /// elements other than the key, by immediates: see
    /// `Object::elements_mut`), atomically; `None` when the key is not there.
    pub fn update<R>(&self, key: Term, update: impl FnOnce(&mut Object) -> (Option<Object>, R)) -> Option<R> {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.update(key, &self.fixed, &self.counts, update),
            Storage::Ordered(ordered) => ordered.update(key, &self.counts, update),
        }
    }

    /// The first key (the last, with `last`; the same as the first for a
    /// hashed table), as `read` takes it.
    pub fn first<R>(&self, last: bool, read: impl FnOnce(Option<Term>) -> R) -> R {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.first(read),
            Storage::Ordered(ordered) => ordered.end(last, read),
        }
    }

    /// The key after `key` (before it, with `backward`; the same as after
    /// for a hashed table), as `read` takes it; `Err` when a hashed table
    /// has no such key and is not fixed.
    pub fn next<R>(&self, key: Term, backward: bool, read: impl FnOnce(Option<Term>) -> R) -> Result<R, NotInTable> {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.next(key, read).ok_or(NotInTable),
            Storage::Ordered(ordered) => Ok(ordered.step(key, backward, read)),
        }
    }

    /// Runs `visit` over every object (in key order for an `ordered_set`,
    /// reversed with `reverse`) until it answers `false`.
    pub fn for_each(&self, reverse: bool, visit: impl FnMut(&Object) -> bool) {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.for_each(visit),
            Storage::Ordered(ordered) => ordered.for_each(reverse, visit),
        }
    }

    /// Runs `visit` over the objects of an `ordered_set` from `key` on
    /// (down from it, with `reverse`); over every object of a hashed table.
    pub fn for_each_from(&self, key: Term, reverse: bool, visit: impl FnMut(&Object) -> bool) {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.for_each(visit),
            Storage::Ordered(ordered) => ordered.for_each_from(key, reverse, visit),
        }
    }

    /// Keeps, deletes or replaces each object as `change` says.
    pub fn change_each(&self, change: impl FnMut(&Object) -> Change) {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.change_each(&self.fixed, &self.counts, change),
            Storage::Ordered(ordered) => ordered.change_each(&self.counts, change),
        }
    }

    /// Deletes every object.
    pub fn clear(&self) {
        match &self.storage {
            Storage::Hashed(hashed) => hashed.clear(&self.fixed, &self.counts),
            Storage::Ordered(ordered) => ordered.clear(&self.counts),
        }
    }

    /// `safe_fixtable(T, true)` by `pid`.
    pub fn fix(&self, pid: Term) {
        let mut fixations = self.fixations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        match fixations.by.iter_mut().find(|(by, _)| *by == pid) {
            Some((_, count)) => *count += 1,
            None => fixations.by.push((pid, 1)),
        }
        if fixations.since.is_none() {
            fixations.since = Some((crate::timer::monotonic_nanos(), crate::timer::time_offset_nanos()));
        }
        if !self.fixed.swap(true, Ordering::AcqRel) {
            FIXED_TABLES.fetch_add(1, Ordering::AcqRel);
        }
    }

    /// `safe_fixtable(T, false)` by `pid`, or all of `pid`'s fixations
    /// when it ends (`all`). The last one's end releases what was deleted
    /// meanwhile.
    pub fn unfix(&self, pid: Term, all: bool) {
        let mut fixations = self.fixations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(index) = fixations.by.iter().position(|&(by, _)| by == pid) {
            fixations.by[index].1 -= 1;
            if all || fixations.by[index].1 == 0 {
                fixations.by.remove(index);
            }
        }
        if !fixations.by.is_empty() || !self.is_fixed() {
            return;
        }
        fixations.since = None;
        if self.fixed.swap(false, Ordering::AcqRel) {
            FIXED_TABLES.fetch_sub(1, Ordering::AcqRel);
        }
        drop(fixations);
        if let Storage::Hashed(hashed) = &self.storage {
            hashed.sweep(|| !self.is_fixed());
        }
    }

    /// The fixations, as `ets:info(T, safe_fixed_monotonic_time)` gives
    /// them: when they started (monotonic time and offset, nanoseconds) and
    /// each fixing process with its count; `None` when not fixed.
    pub fn fixations(&self) -> Option<FixedSince> {
        let fixations = self.fixations.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        fixations.since.map(|since| (since, fixations.by.clone()))
    }

    /// Marks the table deleted and frees its objects.
    fn delete(&self) {
        self.deleted.store(true, Ordering::SeqCst);
        if self.fixed.swap(false, Ordering::AcqRel) {
            FIXED_TABLES.fetch_sub(1, Ordering::AcqRel);
        }
        self.clear();
        self.set_heir(None);
        if let Storage::Hashed(hashed) = &self.storage {
            hashed.sweep(|| true);
        }
    }
}

/// The table a magic reference identifies, or `None` for any other term.
pub fn table_of<'a>(term: Term) -> Option<&'a Table> {
    match crate::memory::resource::resource_of(term)? {
        Resource::Native(native) => native.as_any().downcast_ref::<Table>(),
        _ => None,
    }
}

/// The hash of a key, the same for keys that are `=:=`.
#[inline]
pub fn key_hash(key: Term) -> u64 {
    let bits =
        if key.is_small() || key.is_atom() { key.raw() } else { u64::from(crate::term::hash::make_hash2(key, &mut 0)) };
    // A full mix of every bit into every bit (the finaliser of
    // SplitMix64), so that small integers in a row, whose words differ
    // only above their tag bits, spread over every stripe and bucket.
    let mut mixed = bits ^ (bits >> 30);
    mixed = mixed.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    mixed ^= mixed >> 27;
    mixed = mixed.wrapping_mul(0x94D0_49BB_1331_11EB);
    mixed ^ (mixed >> 31)
}

/// Every table of the node.
#[derive(Default)]
pub struct Tables {
    /// The named tables, by name.
    names: RwLock<HashMap<Atom, Arc<Resource>>>,
    /// Every table, by identifier number (so in the order made).
    all: Mutex<BTreeMap<u64, Arc<Resource>>>,
    /// How many processes own tables, so that a process that owns none
    /// ends without looking.
    owners: Mutex<HashMap<Term, Vec<u64>>>,
    /// Whether `owners` has any entry.
    any_owner: AtomicBool,
}

impl std::fmt::Debug for Tables {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tables({})", self.all.lock().map_or(0, |all| all.len()))
    }
}

/// Why `ets:new/2` made no table.
pub enum NewError {
    /// A named table of that name exists.
    NameTaken,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl Tables {
    /// Adds a new table; returns the resource its identifier holds.
    pub fn create(&self, table: Table) -> Result<Arc<Resource>, NewError> {
        let (id, owner, named, name) = (table.id, table.owner(), table.named, table.name());
        let resource = Resource::Native(Box::new(table)).into_counted();
        if named {
            let mut names = self.names.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            if names.contains_key(&name) {
                return Err(NewError::NameTaken);
            }
            names.insert(name, resource.clone());
        }
        lock(&self.all).insert(id, resource.clone());
        self.own(owner, id);
        Ok(resource)
    }

    fn own(&self, owner: Term, id: u64) {
        let mut owners = lock(&self.owners);
        owners.entry(owner).or_default().push(id);
        self.any_owner.store(true, Ordering::Release);
    }

    fn disown(&self, owner: Term, id: u64) {
        let mut owners = lock(&self.owners);
        if let Some(ids) = owners.get_mut(&owner) {
            ids.retain(|&owned| owned != id);
            if ids.is_empty() {
                owners.remove(&owner);
            }
        }
        self.any_owner.store(!owners.is_empty(), Ordering::Release);
    }

    /// Runs `f` over the table `id` names (an identifier or a table's
    /// name), if it names one that is not deleted.
    pub fn with_table<R>(&self, id: Term, f: impl FnOnce(&Table) -> R) -> Option<R> {
        if let Some(name) = id.as_atom() {
            // A count on the table rather than the map's lock for the whole
            // operation, so that a long `select` does not hold up `new/2`.
            let resource = self.named(name)?;
            let table = native_table(&resource)?;
            return (!table.is_deleted()).then(|| f(table));
        }
        let table = table_of(id)?;
        (!table.is_deleted()).then(|| f(table))
    }

    /// The resource of the table `id` names, if it is not deleted.
    pub fn resource(&self, id: Term) -> Option<Arc<Resource>> {
        let resource = if let Some(name) = id.as_atom() {
            self.names.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&name)?.clone()
        } else {
            self.resource_of(table_of(id)?)?
        };
        native_table(&resource).is_some_and(|table| !table.is_deleted()).then_some(resource)
    }

    /// The resource holding `table`, while it is not deleted.
    pub fn resource_of(&self, table: &Table) -> Option<Arc<Resource>> {
        lock(&self.all).get(&table.id).cloned()
    }

    /// Deletes a table.
    pub fn delete(&self, resource: &Arc<Resource>) {
        let Some(table) = native_table(resource) else { return };
        if table.deleted.swap(true, Ordering::SeqCst) {
            return;
        }
        if table.named {
            let mut names = self.names.write().unwrap_or_else(|poisoned| poisoned.into_inner());
            if names.get(&table.name()).is_some_and(|named| Arc::ptr_eq(named, resource)) {
                names.remove(&table.name());
            }
        }
        lock(&self.all).remove(&table.id);
        self.disown(table.owner(), table.id);
        table.delete();
    }

    /// Renames a named table; `false` when the name is taken.
    pub fn rename(&self, resource: &Arc<Resource>, name: Atom) -> bool {
        let Some(table) = native_table(resource) else { return false };
        let mut names = self.names.write().unwrap_or_else(|poisoned| poisoned.into_inner());
        if table.is_deleted() {
            // Deleted since the caller found it: its name is free, and stays so.
            return false;
        }
        if table.named {
            // Its own name too, as in OTP.
            if names.contains_key(&name) {
                return false;
            }
            names.remove(&table.name());
            names.insert(name, resource.clone());
        }
        table.name.store(name.index(), Ordering::Relaxed);
        true
    }

    /// Makes `to` the owner of a table.
    pub fn transfer(&self, resource: &Arc<Resource>, to: Term) {
        let Some(table) = native_table(resource) else { return };
        let from = table.owner();
        table.owner.store(to.raw(), Ordering::Release);
        self.disown(from, table.id);
        self.own(to, table.id);
    }

    /// The tables not deleted, in the order they were made.
    pub fn all(&self) -> Vec<Arc<Resource>> {
        lock(&self.all).values().cloned().collect()
    }

    /// The named table of this name, if any.
    pub fn named(&self, name: Atom) -> Option<Arc<Resource>> {
        self.names.read().unwrap_or_else(|poisoned| poisoned.into_inner()).get(&name).cloned()
    }

    /// What a process's end does to tables: each it owns goes to its heir
    /// (sent `{'ETS-TRANSFER', Table, Pid, HeirData}`) when the heir is
    /// alive, and is deleted otherwise; its fixations end.
    pub fn process_ended(&self, vm: &crate::vm::Vm, pid: Term) {
        let any_fixed = FIXED_TABLES.load(Ordering::Acquire) > 0;
        if !self.any_owner.load(Ordering::Acquire) && !any_fixed {
            return;
        }
        let owned = lock(&self.owners).remove(&pid).unwrap_or_default();
        for id in owned {
            let Some(resource) = lock(&self.all).get(&id).cloned() else { continue };
            let Some(table) = native_table(&resource) else { continue };
            if table.is_deleted() {
                continue;
            }
            let heir = table.with_heir(|heir| heir.map(|heir| (heir.pid, Object::from_elements(&[heir.data()]))));
            match heir {
                Some((heir, data)) if heir != pid && heir.is_local_pid() && vm.processes.is_alive(heir) => {
                    table.owner.store(heir.raw(), Ordering::Release);
                    self.own(heir, id);
                    let mut scratch = crate::memory::heap::Heap::new(16);
                    let tid = self.identifier(&mut scratch, &resource);
                    let message = crate::term::build::tuple(
                        &mut scratch,
                        &[Term::atom(atoms::ETS_TRANSFER), tid, pid, data.elements()[0]],
                    );
                    deliver(vm, heir, Signal::message(message));
                }
                _ => self.delete(&resource),
            }
        }
        if any_fixed {
            for resource in self.all() {
                if let Some(table) = native_table(&resource) {
                    if table.is_fixed() {
                        table.unfix(pid, true);
                    }
                }
            }
        }
        self.any_owner.store(!lock(&self.owners).is_empty(), Ordering::Release);
    }

    /// What identifies a table to Erlang code: its name when it is named,
    /// else its magic reference, made on `heap`.
    pub fn identifier(&self, heap: &mut crate::memory::heap::Heap, resource: &Arc<Resource>) -> Term {
        match native_table(resource) {
            Some(table) if table.named => Term::atom(table.name()),
            Some(table) => crate::term::build::magic_ref(heap, table.id, resource.clone()),
            None => Term::NIL,
        }
    }

    /// The table's magic reference, made on `heap`.
    pub fn reference(&self, heap: &mut crate::memory::heap::Heap, resource: &Arc<Resource>) -> Term {
        let id = native_table(resource).map_or(0, |table| table.id);
        crate::term::build::magic_ref(heap, id, resource.clone())
    }
}

/// The table a resource holds.
pub fn native_table(resource: &Resource) -> Option<&Table> {
    match resource {
        Resource::Native(native) => native.as_any().downcast_ref::<Table>(),
        _ => None,
    }
}

/// How many tables are fixed, over every VM of the process, so that a
/// process's end looks for its fixations only when there may be some.
static FIXED_TABLES: AtomicUsize = AtomicUsize::new(0);

/// Whether a term could be an object of a table whose keys are at
/// `keypos`: a tuple of at least `keypos` elements.
pub fn is_object(term: Term, keypos: usize) -> bool {
    term.is_box_of(BoxKind::Tuple) && term.as_tuple().is_some_and(|elements| elements.len() >= keypos)
}
