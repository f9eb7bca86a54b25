//! ETS tables under concurrent use, every operation accounted for.
//!
//! Threads share one table of each type and insert, look up, update,
//! take and delete at once, each on its own heap, as processes on
//! different schedulers do. Each object carries a binary of 100 bytes, so
//! the counts on off-heap binaries are taken and dropped on every thread.
//! Afterwards the table holds exactly what the operations leave, the
//! shared counter holds every increment, and once the tables are dropped
//! every off-heap byte has come back.
//!
//! A traversal under `safe_fixtable` runs while writers insert and delete:
//! it must visit each key that stays in the table throughout exactly once.
//!
//! This file holds one test, so that no other test of the same binary
//! allocates off-heap binaries while the counts are compared.

use girder_vm::ets::{Object, Options, Table};
use girder_vm::memory::heap::Heap;
use girder_vm::memory::off_heap;
use girder_vm::term::compare::exact_eq;
use girder_vm::term::{build, Atom, Term};
use std::collections::HashSet;
use std::sync::Arc;

const THREADS: i64 = 4;
const KEYS: i64 = 5_000;

/// A table of `kind`, in stripes (`write_concurrency`) or not.
fn table(kind: &str, write_concurrency: &str) -> Arc<Table> {
    let options = Options {
        kind: girder_vm::ets::Kind::from_name(kind).unwrap(),
        write_concurrency: Atom::intern(write_concurrency).unwrap(),
        ..Options::default()
    };
    let name = Atom::intern("stress").unwrap();
    Arc::new(Table::new(1, name, Term::pid(1), &options, None))
}

/// `{Key, <<Payload:100/binary>>, Count}`.
fn object(heap: &mut Heap, key: i64, count: i64) -> Term {
    let payload = build::binary(heap, &[key as u8; 100]);
    let key = build::integer(heap, key);
    build::tuple(heap, &[key, payload, Term::small_unchecked(count)])
}

fn counter(table: &Table, key: Term) -> Option<i64> {
    table.lookup(key, |objects| objects.first().and_then(|object| object.elements()[2].as_small()))
}

/// Each thread owns keys `t, t + THREADS, ...`: inserts them all, deletes
/// every third, takes every fifth that is left, and meanwhile adds 1 to the
/// shared counter object (key -1) once per key, reading other threads'
/// keys as it goes.
fn hammer(table: &Arc<Table>) {
    let mut heap = Heap::new(64);
    let shared = object(&mut heap, -1, 0);
    table.insert(&[shared], false);
    let threads: Vec<_> = (0..THREADS)
        .map(|thread| {
            let table = Arc::clone(table);
            std::thread::spawn(move || {
                let mut heap = Heap::new(64);
                let mut seen = 0usize;
                for key in (thread..KEYS).step_by(THREADS as usize) {
                    let tuple = object(&mut heap, key, key);
                    assert!(table.insert(&[tuple], false));
                    let updated = table.update(Term::small_unchecked(-1), |old| {
                        let mut elements = old.elements().to_vec();
                        let count = elements[2].as_small().unwrap();
                        elements[2] = Term::small_unchecked(count + 1);
                        (Some(Object::from_elements(&elements)), ())
                    });
                    assert!(updated.is_some(), "the counter object is always there");
                    let other = Term::small_unchecked((key + 1) % KEYS);
                    seen += table.lookup(other, |objects| {
                        for object in objects {
                            let copy = object.copy_to(&mut heap);
                            assert!(exact_eq(copy.as_tuple().unwrap()[0], other));
                        }
                        objects.len()
                    });
                    if key % 3 == 0 {
                        table.delete_key(Term::small_unchecked(key), |_| ());
                    } else if key % 5 == 0 {
                        let taken = table.delete_key(Term::small_unchecked(key), |objects| objects.len());
                        assert_eq!(taken, 1);
                    }
                    if heap.heap_words() > 100_000 {
                        heap = Heap::new(64);
                    }
                }
                seen
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
    let expected_left = (0..KEYS).filter(|key| key % 3 != 0 && key % 5 != 0).count();
    assert_eq!(table.size(), expected_left + 1, "{:?}: every insert and delete counted", table.kind);
    assert_eq!(counter(table, Term::small_unchecked(-1)), Some(KEYS), "every increment kept");
    for key in 0..KEYS {
        let present = table.lookup(Term::small_unchecked(key), |objects| objects.len());
        assert_eq!(present, usize::from(key % 3 != 0 && key % 5 != 0), "key {key}");
    }
}

/// A traversal of a fixed table while writers (the traversing thread
/// itself between its steps, and another thread) delete keys and insert
/// three times as many new ones, so that stripes would grow: each key
/// present throughout is visited once, and no key twice.
fn fixed_traversal(table: &Arc<Table>) {
    let mut heap = Heap::new(64);
    let stable: Vec<Term> = (0..KEYS).map(|key| object(&mut heap, key, 0)).collect();
    table.insert(&stable, false);
    let churn: Vec<Term> = (KEYS..2 * KEYS).map(|key| object(&mut heap, key, 0)).collect();
    table.insert(&churn, false);
    let me = Term::pid(1);
    table.fix(me);
    let churn_at = |table: &Table, heap: &mut Heap, key: i64| {
        table.delete_key(Term::small_unchecked(key), |_| ());
        for fresh in 1..=3 {
            let tuple = object(heap, key + fresh * 10 * KEYS, 0);
            table.insert(&[tuple], false);
        }
    };
    let writer = {
        let table = Arc::clone(table);
        std::thread::spawn(move || {
            let mut heap = Heap::new(64);
            for key in (KEYS + 1..2 * KEYS).step_by(2) {
                churn_at(&table, &mut heap, key);
            }
        })
    };
    let mut visited = Vec::new();
    let mut own_churn = (KEYS..2 * KEYS).step_by(2);
    let mut key = table.first(false, |key| key.map(|key| key.as_small().unwrap()));
    while let Some(current) = key {
        visited.push(current);
        if let Some(churned) = own_churn.next() {
            churn_at(table, &mut heap, churned);
        }
        key = table
            .next(Term::small_unchecked(current), false, |key| key.map(|key| key.as_small().unwrap()))
            .expect("a fixed table finds every key it held");
    }
    writer.join().unwrap();
    table.unfix(me, false);
    let unique: HashSet<i64> = visited.iter().copied().collect();
    assert_eq!(unique.len(), visited.len(), "{:?}: no key visited twice", table.kind);
    for key in 0..KEYS {
        assert!(unique.contains(&key), "{:?}: key {key}, there throughout, visited", table.kind);
    }
    assert_eq!(table.size(), 4 * KEYS as usize);
}

#[test]
fn tables_shared_by_threads_lose_nothing_and_free_everything() {
    let (bytes_before, count_before) = off_heap::live();
    for kind in ["set", "ordered_set", "bag", "duplicate_bag"] {
        for write_concurrency in ["false", "true"] {
            let shared = table(kind, write_concurrency);
            hammer(&shared);
            shared.clear();
            assert_eq!(shared.size(), 0);
            let fixed = table(kind, write_concurrency);
            fixed_traversal(&fixed);
        }
    }
    let (bytes_after, count_after) = off_heap::live();
    assert_eq!((bytes_after, count_after), (bytes_before, count_before), "every off-heap binary freed once");
}
