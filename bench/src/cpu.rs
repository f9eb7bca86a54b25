//! Sequential speed: the classic CPU-bound programs of `programs/cpu.erl`,
//! the same module on girder and on erl, alternated run by run so that the
//! machine's noise falls on both.
//!
//! - `fib`: naive doubly recursive fib(N): calls and integer arithmetic;
//! - `binarytrees`: complete binary trees of tuples to depth N, built and
//!   counted: allocation and the collector;
//! - `nbody`: N steps of five bodies pulling on each other: float
//!   arithmetic on tuples;
//! - `spectralnorm`: ten power iterations with an N x N matrix: floats,
//!   lists and a fun called N² times an iteration;
//! - `fannkuch`: every permutation of 1..N, its prefix reversed until 1
//!   comes first: list building and matching;
//! - `mandelbrot`: an N x N bitmap, a bit a pixel, built with the bit syntax;
//! - `sieve`: Eratosthenes up to N over OTP's `array` module;
//! - `sort`: `lists:sort/1` of N pseudo-random integers;
//! - `maps`: N steps of `maps:get/3`, then `maps:update/3` or `maps:put/3`,
//!   on a map of up to 50,000 keys;
//! - `csv`: N lines of comma-separated fields split with binary matching
//!   and read with `binary_to_integer/1`.
//!
//! Every program checks its result: the check it prints (a checksum, a
//! count, an energy) must be erl's, or the row says so instead of giving a
//! time. The table ends with the geometric mean of girder's time over
//! erl's; `--svg` draws the ratios, `--json` writes every figure.

use crate::chart::{self, Bar};
use crate::runner::Runner;
use crate::side_by_side::{self, Outcome, Report, Suite};
use anyhow::Context;
use serde_json::{json, Value};
use std::path::PathBuf;

/// Each program's name, its size for measuring (erl takes about 0.3 to
/// 0.6 s over it on a 2-core machine, girder at most 20 s), and a size that runs in milliseconds
/// on both VMs, for checking that their answers agree.
pub const PROGRAMS: [(&str, u64, u64); 10] = [
    ("fib", 37, 15),
    ("binarytrees", 17, 6),
    ("nbody", 150_000, 1_000),
    ("spectralnorm", 400, 40),
    ("fannkuch", 9, 6),
    ("mandelbrot", 500, 40),
    ("sieve", 500_000, 1_000),
    ("sort", 1_000_000, 1_000),
    // girder's maps are one sorted array at every size, so an update
    // copies the whole map: at 50,000 keys a step costs girder about
    // 200 to 300 times what it costs erl, and this size keeps girder's
    // run under 20 s (erl's then takes about 0.07 s, below the range
    // above).
    ("maps", 100_000, 5_000),
    ("csv", 500_000, 100),
];

/// What `girder-bench cpu` was asked.
pub struct Options {
    /// Runs of each program on each VM.
    pub runs: usize,
    /// Only this program.
    pub only: Option<String>,
    /// Each program at its small size.
    pub small: bool,
    /// Write every figure here as JSON.
    pub json: Option<PathBuf>,
    /// Draw the ratios here as SVG.
    pub svg: Option<PathBuf>,
}

/// Runs `girder-bench cpu`: every program `runs` times on each VM, then
/// the table, the geometric mean, and the JSON and chart asked for. Fails
/// at the end if girder failed a program or computed a wrong answer.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let benchmarks: Vec<(&str, u64)> =
        PROGRAMS.iter().map(|&(name, size, small)| (name, if options.small { small } else { size })).collect();
    let suite = Suite {
        title: "cpu",
        program: "cpu.erl",
        module: "cpu",
        benchmarks: &benchmarks,
        size_unit: "N",
        schedulers: None,
    };
    let load_before = load_average();
    let report = side_by_side::run(runner, &suite, options.runs, options.only.as_deref())?;
    let load_after = load_average();
    if let (Some(before), Some(after)) = (&load_before, &load_after) {
        println!("load average (1, 5, 15 minutes): {before} at the start, {after} at the end");
    }
    if let Some(path) = &options.json {
        let document = to_json(&report, [load_before, load_after]);
        let text = serde_json::to_string_pretty(&document)? + "\n";
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    if let Some(path) = &options.svg {
        let subtitle = format!(
            "bench/programs/cpu.erl compiled by erlc; medians of {} alternated run{} on each VM, time of the work alone",
            report.runs,
            if report.runs == 1 { "" } else { "s" }
        );
        let mean = report.geometric_mean().map(|(mean, _)| mean);
        let svg = chart::ratio_bars("Sequential speed: girder against erl (BeamAsm)", &subtitle, &bars(&report), mean);
        std::fs::write(path, svg).with_context(|| format!("cannot write {}", path.display()))?;
    }
    report.failures()
}

/// The chart's bars: a ratio, or why there is none.
fn bars(report: &Report) -> Vec<Bar> {
    report
        .rows
        .iter()
        .map(|row| Bar {
            label: row.name.clone(),
            ratio: row.ratio(),
            note: match &row.outcome {
                Outcome::Measured { .. } => String::new(),
                Outcome::GirderFailed { .. } => "fails on girder".into(),
                Outcome::WrongAnswer { .. } => "wrong answer on girder".into(),
            },
        })
        .collect()
}

/// The figures of a run as JSON: a row a program.
fn to_json(report: &Report, load: [Option<String>; 2]) -> Value {
    let rows: Vec<Value> = report
        .rows
        .iter()
        .map(|row| {
            let erl = row.erl();
            let mut value = json!({
                "name": row.name,
                "size": row.size,
                "erl_us": erl.micros,
                "erl_peak_bytes": erl.peak_bytes,
                "erl_check": erl.check,
            });
            let (status, girder) = match &row.outcome {
                Outcome::Measured { girder, .. } => ("ok", Some(girder)),
                Outcome::WrongAnswer { girder, .. } => ("wrong answer", Some(girder)),
                Outcome::GirderFailed { error, .. } => {
                    value["girder_error"] = json!(error);
                    ("girder failed", None)
                }
            };
            value["status"] = json!(status);
            if let Some(girder) = girder {
                value["girder_check"] = json!(girder.check);
                value["girder_peak_bytes"] = json!(girder.peak_bytes);
            }
            if let (Some(ratio), Some(girder)) = (row.ratio(), girder) {
                value["girder_us"] = json!(girder.micros);
                value["ratio"] = json!((ratio * 1e4).round() / 1e4);
            }
            value
        })
        .collect();
    let mut document = json!({ "benchmark": "cpu", "runs": report.runs, "rows": rows });
    if let Some((mean, count)) = report.geometric_mean() {
        document["geometric_mean"] = json!((mean * 1e4).round() / 1e4);
        document["geometric_mean_over"] = json!(count);
    }
    let [before, after] = load;
    if let (Some(before), Some(after)) = (before, after) {
        document["load_average"] = json!({ "start": before, "end": after });
    }
    document
}

/// The first three fields of `/proc/loadavg`, where there is one.
fn load_average() -> Option<String> {
    let text = std::fs::read_to_string("/proc/loadavg").ok()?;
    Some(text.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
}
