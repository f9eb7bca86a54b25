//! ETS: the benchmarks of `programs/ets_bench.erl`, the same program on
//! girder and on erl, with one scheduler and with two.
//!
//! - `set_insert`, `set_lookup`, `set_counter`: `insert/2` of new keys,
//!   `lookup/2` in a table of 100,000, `update_counter/3` on 1,000 keys,
//!   on a `set` with `write_concurrency`;
//! - `ordered_insert`, `ordered_lookup`, `ordered_counter`: the same on an
//!   `ordered_set`;
//! - `cache`: a read-mostly cache with `read_concurrency`, 19 lookups to an
//!   insert.
//!
//! The operations are split between one worker process per scheduler, all
//! on one public table, so the second run measures two schedulers sharing
//! it. A ratio girder/erl below 1 is more throughput than erl's.

use crate::runner::Runner;
use crate::side_by_side::{self, Suite};

/// The benchmarks and how many operations each runs.
const BENCHMARKS: &[(&str, u64)] = &[
    ("set_insert", 1_000_000),
    ("set_lookup", 1_000_000),
    ("set_counter", 1_000_000),
    ("ordered_insert", 1_000_000),
    ("ordered_lookup", 1_000_000),
    ("ordered_counter", 1_000_000),
    ("cache", 1_000_000),
];

/// Runs `girder-bench ets`: every benchmark `runs` times on each VM, with
/// one scheduler, then with two.
pub fn run(runner: &Runner, runs: usize, only: Option<&str>) -> anyhow::Result<()> {
    let mut failed = Vec::new();
    for (title, schedulers) in [("ets, 1 scheduler", 1), ("ets, 2 schedulers", 2)] {
        let suite = Suite {
            title,
            program: "ets_bench.erl",
            module: "ets_bench",
            benchmarks: BENCHMARKS,
            size_unit: "operations",
            schedulers: Some(schedulers),
        };
        if let Err(error) = side_by_side::run(runner, &suite, runs, only)?.failures() {
            failed.push(format!("{title}: {error:#}"));
        }
    }
    if !failed.is_empty() {
        anyhow::bail!("{}", failed.join("; "));
    }
    Ok(())
}
