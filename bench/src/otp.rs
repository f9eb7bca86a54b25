//! OTP's behaviours: `programs/otp.erl`, the same program on girder and on
//! erl, both running Erlang/OTP's own `gen_server` and `supervisor`.
//!
//! - `call`: 100,000 `gen_server:call/2` round trips to one server;
//! - `restart`: a one_for_one supervisor of 10,000 workers, all killed,
//!   timed until it has started them all again.
//!
//! `side_by_side` runs them.

use crate::runner::Runner;
use crate::side_by_side::{self, Suite};

/// Runs `girder-bench otp`: every benchmark `runs` times on each VM.
pub fn run(runner: &Runner, runs: usize, only: Option<&str>) -> anyhow::Result<()> {
    let suite = Suite {
        title: "otp",
        program: "otp.erl",
        module: "otp",
        benchmarks: &[("call", 100_000), ("restart", 10_000)],
        size_unit: "count",
        schedulers: None,
    };
    side_by_side::run(runner, &suite, runs, only)?.failures()
}
