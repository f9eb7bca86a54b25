//! Binaries: the four benchmarks of `programs/binaries.erl`, the same
//! program on girder and on erl, alternated run by run so that the
//! machine's noise falls on both.
//!
//! - `build`: a 10 MB binary built byte by byte (`<<Acc/binary, Byte>>`);
//! - `parse`: the same binary walked byte by byte (`<<Byte, Rest/binary>>`);
//! - `split`: the same binary split on a separator (`binary:split/3`, global);
//! - `fanout`: one 1 MB binary sent to 10,000 processes, which all hold it
//!   at once: shared, the peak memory grows by about 1 MB, not 10 GB.
//!
//! `side_by_side` runs them.

use crate::runner::Runner;
use crate::side_by_side::{self, Suite};

/// Runs `girder-bench binaries`: every benchmark `runs` times on each VM.
pub fn run(runner: &Runner, runs: usize, only: Option<&str>) -> anyhow::Result<()> {
    let suite = Suite {
        title: "binaries",
        program: "binaries.erl",
        module: "binaries",
        benchmarks: &[("build", 10_000_000), ("parse", 10_000_000), ("split", 10_000_000), ("fanout", 1_000_000)],
        size_unit: "bytes",
        schedulers: None,
    };
    side_by_side::run(runner, &suite, runs, only)?.failures()
}
