//! A model check of traversal under `safe_fixtable`: every interleaving.
//!
//! Each operation on a table is atomic (it holds its stripe's lock), so
//! what a traversal can meet is fixed by where a writer's operations fall
//! between its steps. This test runs a traversal (`first/1`, then
//! `next/2` until `'$end_of_table'`) of a fixed table against a writer
//! that deletes keys and inserts more than the table has room for (so
//! that, unfixed, it would grow and move its entries), in every placement
//! of the writer's operations between the traversal's steps, on one
//! thread, deterministically. In each:
//!
//! - every key present from start to end is visited exactly once;
//! - no key is visited twice;
//! - `next/2` never fails (a key deleted meanwhile still leads on);
//! - once the fixation ends, the table holds exactly what the operations
//!   left, and a lookup finds each key.
//!
//! The same schedules without the fixation do break these rules (a key
//! visited twice, or `next/2` of a deleted key failing), which is what
//! the fixation is for: `unfixed_traversal_is_not_safe` shows one.

use girder_vm::ets::{Options, Table};
use girder_vm::memory::heap::Heap;
use girder_vm::term::{build, Atom, Term};
use std::collections::BTreeSet;

/// Keys 0..STABLE stay in the table throughout. With the churned keys the
/// table starts with 10 objects, and the writer brings it to 16, past the
/// 14 that one stripe's first 16 buckets hold: unfixed, it would grow.
const STABLE: i64 = 7;
/// Keys STABLE..STABLE + CHURN are there at the start and deleted by the writer.
const CHURN: i64 = 3;
/// The writer inserts this many new keys (from 100).
const FRESH: i64 = 6;
/// The most traversal steps a schedule places writes between.
const STEPS: usize = 12;

#[derive(Clone, Copy, Debug)]
enum Write {
    Delete(i64),
    Insert(i64),
}

/// The writer's operations, in order: deletes and inserts alternating, the
/// inserts outnumbering the deletes.
fn writes() -> Vec<Write> {
    let mut writes = Vec::new();
    for index in 0..FRESH {
        if index < CHURN {
            writes.push(Write::Delete(STABLE + index));
        }
        writes.push(Write::Insert(100 + index));
    }
    writes
}

fn table(write_concurrency: &str) -> Table {
    let options = Options { write_concurrency: Atom::intern(write_concurrency).unwrap(), ..Options::default() };
    Table::new(1, Atom::intern("model").unwrap(), Term::pid(1), &options, None)
}

fn insert(table: &Table, heap: &mut Heap, key: i64) {
    let tuple = build::tuple(heap, &[Term::small_unchecked(key), Term::small_unchecked(key * 10)]);
    table.insert(&[tuple], false);
}

fn apply(table: &Table, heap: &mut Heap, write: Write) {
    match write {
        Write::Delete(key) => table.delete_key(Term::small_unchecked(key), |_| ()),
        Write::Insert(key) => insert(table, heap, key),
    }
}

/// Calls `each` with every non-decreasing placement `at` of `n` writes
/// among `steps + 1` gaps (write `i` runs before traversal step `at[i]`).
fn placements(n: usize, steps: usize, each: &mut impl FnMut(&[usize])) {
    fn go(at: &mut Vec<usize>, n: usize, steps: usize, each: &mut impl FnMut(&[usize])) {
        if at.len() == n {
            return each(at);
        }
        let from = at.last().copied().unwrap_or(0);
        for gap in from..=steps {
            at.push(gap);
            go(at, n, steps, each);
            at.pop();
        }
    }
    go(&mut Vec::with_capacity(n), n, steps, each);
}

/// Runs one schedule: the traversal, with the writes placed as `at` says.
/// Returns the keys visited, or the step at which `next/2` failed.
fn run(table: &Table, heap: &mut Heap, writes: &[Write], at: &[usize], fixed: bool) -> Result<Vec<i64>, usize> {
    let me = Term::pid(1);
    if fixed {
        table.fix(me);
    }
    let mut pending = writes.iter().zip(at).peekable();
    let mut visited = Vec::new();
    let mut step = 0;
    let mut key: Option<i64> = None;
    loop {
        while let Some((&write, _)) = pending.next_if(|&(_, &gap)| gap <= step) {
            apply(table, heap, write);
        }
        let next = match key {
            None => table.first(false, |key| key.map(|key| key.as_small().unwrap())),
            Some(current) => {
                match table.next(Term::small_unchecked(current), false, |key| key.map(|key| key.as_small().unwrap())) {
                    Ok(next) => next,
                    Err(_) => {
                        if fixed {
                            table.unfix(me, false);
                        }
                        return Err(step);
                    }
                }
            }
        };
        step += 1;
        match next {
            Some(next) => {
                visited.push(next);
                key = Some(next);
            }
            None => break,
        }
    }
    for (&write, _) in pending {
        apply(table, heap, write);
    }
    if fixed {
        table.unfix(me, false);
    }
    Ok(visited)
}

fn fresh_table(write_concurrency: &str, heap: &mut Heap) -> Table {
    let table = table(write_concurrency);
    for key in 0..STABLE + CHURN {
        insert(&table, heap, key);
    }
    table
}

#[test]
fn a_fixed_traversal_visits_each_lasting_key_once_in_every_interleaving() {
    let writes = writes();
    let expected_after: BTreeSet<i64> = (0..STABLE).chain(100..100 + FRESH).collect();
    for write_concurrency in ["false", "true"] {
        let mut schedules = 0;
        placements(writes.len(), STEPS, &mut |at| {
            schedules += 1;
            let mut heap = Heap::new(64);
            let table = fresh_table(write_concurrency, &mut heap);
            let visited = run(&table, &mut heap, &writes, at, true)
                .unwrap_or_else(|step| panic!("{at:?}: next/2 failed at step {step} of a fixed table"));
            let unique: BTreeSet<i64> = visited.iter().copied().collect();
            assert_eq!(unique.len(), visited.len(), "{at:?}: a key visited twice: {visited:?}");
            for key in 0..STABLE {
                assert!(unique.contains(&key), "{at:?}: lasting key {key} not visited: {visited:?}");
            }
            assert_eq!(table.size(), expected_after.len(), "{at:?}");
            let mut after = BTreeSet::new();
            let mut key = table.first(false, |key| key.map(|key| key.as_small().unwrap()));
            while let Some(current) = key {
                after.insert(current);
                key = table
                    .next(Term::small_unchecked(current), false, |key| key.map(|key| key.as_small().unwrap()))
                    .unwrap();
            }
            assert_eq!(after, expected_after, "{at:?}: the table after the fixation");
            for &key in &expected_after {
                let found = table.lookup(Term::small_unchecked(key), |objects| objects.len());
                assert_eq!(found, 1, "{at:?}: key {key}");
            }
        });
        assert!(schedules > 10_000, "{schedules} schedules");
    }
}

#[test]
fn unfixed_traversal_is_not_safe() {
    let writes = writes();
    let mut broken = 0;
    placements(writes.len(), STEPS, &mut |at| {
        let mut heap = Heap::new(64);
        let table = fresh_table("false", &mut heap);
        match run(&table, &mut heap, &writes, at, false) {
            Err(_) => broken += 1,
            Ok(visited) => {
                let unique: BTreeSet<i64> = visited.iter().copied().collect();
                if unique.len() != visited.len() || (0..STABLE).any(|key| !unique.contains(&key)) {
                    broken += 1;
                }
            }
        }
    });
    assert!(broken > 0, "without a fixation some schedule should break the traversal");
}
