//! Ping-pong: round trips of a small integer between two processes
//! (`programs/pingpong.gasm` and its twin `programs/pingpong.erl`). One
//! round trip is two messages and two process switches.

use crate::compare::{erl_twin, report_round_trips, write_json};
use crate::memory::Machine;
use crate::phase::Phases;
use crate::progress::Progress;
use crate::report::{median_over_runs, thousands};
use crate::runner::Runner;
use crate::sampler;
use anyhow::Context;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

/// What `girder-bench pingpong` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Timed round trips in each run.
    pub round_trips: u64,
    /// Scheduler threads, on girder and erl alike.
    pub schedulers: usize,
    /// Runs on each VM; figures are their medians.
    pub runs: usize,
    /// `Some("erl")` to run the Erlang twin too.
    pub compare: Option<String>,
    /// Where to write the figures as JSON.
    pub json: Option<PathBuf>,
}

/// Runs `girder-bench pingpong`: prints the figures and writes JSON.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let limit = crate::memory::run_limit(Machine::read());
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "pingpong.erl", &progress)?;
    let n = options.round_trips.to_string();
    let schedulers = options.schedulers.to_string();
    let girder_options = ["--schedulers".to_string(), schedulers.clone()];
    let girder = measure(&mut progress, "girder", options, limit, &|| {
        runner.girder_command(&girder_options, "pingpong.gasm", std::slice::from_ref(&n))
    })?;
    let erl_flags = ["+S".to_string(), schedulers];
    let erl = match &erl_directory {
        Some(directory) => Some(measure(&mut progress, "erl", options, limit, &|| {
            runner.erl_command(directory, &erl_flags, "pingpong", std::slice::from_ref(&n))
        })?),
        None => None,
    };
    drop(progress);
    let runs = options.runs.max(1);
    println!(
        "pingpong: {} round trips, {} scheduler(s), medians of {runs} run(s)",
        thousands(options.round_trips),
        options.schedulers
    );
    let mut document = json!({
        "benchmark": "pingpong",
        "round_trips": options.round_trips,
        "schedulers": options.schedulers,
        "runs": runs,
    });
    let labels = ["girder     ", "erl        ", "girder/erl "];
    report_round_trips(&mut document, labels, girder, erl, Some(&erl_flags.join(" ")));
    if let Some(path) = &options.json {
        write_json(path, &document)?;
    }
    Ok(())
}

/// The median time of a round trip, in nanoseconds, over the runs on one VM.
fn measure(
    progress: &mut Progress,
    vm: &str,
    options: &Options,
    limit: u64,
    command: &dyn Fn() -> Command,
) -> anyhow::Result<f64> {
    median_over_runs(progress, &format!("{vm} pingpong"), options.runs, |progress, _| {
        let sampled = sampler::run(&mut command(), progress, limit).with_context(|| format!("{vm} pingpong"))?;
        Ok(Phases::parse(&sampled.lines).get("pingpong")?.ns_per_item())
    })
}
