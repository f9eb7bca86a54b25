//! Spawn-exit: N processes that return at once; the time until all are
//! gone (`programs/spawn_exit.gasm` and its twin `programs/spawn_exit.erl`).

use crate::compare::{erl_twin, number, ratio, record_erl, write_json};
use crate::erl::Plan;
use crate::memory::Machine;
use crate::phase::Phases;
use crate::progress::Progress;
use crate::report::{bytes, figure, median_f64, thousands};
use crate::runner::Runner;
use crate::sampler;
use anyhow::Context;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

/// What `girder-bench spawn-exit` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Processes spawned in each run.
    pub procs: u64,
    /// Scheduler threads, on girder and erl alike.
    pub schedulers: usize,
    /// Runs on each VM; figures are their medians.
    pub runs: usize,
    /// `Some("erl")` to run the Erlang twin too.
    pub compare: Option<String>,
    /// Where to write the figures as JSON.
    pub json: Option<PathBuf>,
}

/// One VM's figures: medians over the runs.
#[derive(Clone, Copy, Debug)]
struct Figures {
    /// Time to spawn them all, per process, in nanoseconds.
    spawn_ns_per_proc: f64,
    /// Time from the first spawn until all are gone, per process.
    gone_ns_per_proc: f64,
    /// Peak resident memory of the run, in bytes.
    peak_rss_bytes: f64,
}

impl Figures {
    fn json(&self) -> serde_json::Value {
        json!({
            "spawn_ns_per_proc": number(self.spawn_ns_per_proc),
            "gone_ns_per_proc": number(self.gone_ns_per_proc),
            "peak_rss_bytes": self.peak_rss_bytes as u64,
        })
    }
}

/// Runs `girder-bench spawn-exit`: prints the figures and writes JSON.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let machine = Machine::read();
    let limit = crate::memory::run_limit(machine);
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "spawn_exit.erl", &progress)?;
    let n = options.procs.to_string();
    let girder_options = [
        "--max-processes".to_string(),
        (options.procs + 100).to_string(),
        "--schedulers".to_string(),
        options.schedulers.to_string(),
    ];
    let girder = measure(&mut progress, "girder", options, limit, &|| {
        runner.girder_command(&girder_options, "spawn_exit.gasm", std::slice::from_ref(&n))
    })?;
    // The plan assumes every process alive at once: an upper bound.
    let plan = Plan::new(options.procs, options.schedulers);
    let mut skipped = None;
    let erl = match &erl_directory {
        Some(directory) => match plan.does_not_fit(options.procs, machine) {
            Some(reason) => {
                progress.note(&reason);
                skipped = Some(reason);
                None
            }
            None => Some(measure(&mut progress, "erl", options, limit, &|| {
                runner.erl_command(directory, &plan.flags, "spawn_exit", std::slice::from_ref(&n))
            })?),
        },
        None => None,
    };
    drop(progress);
    let runs = options.runs.max(1);
    println!(
        "spawn-exit: {} processes that return at once, {} scheduler(s), medians of {runs} run(s)",
        thousands(options.procs),
        options.schedulers
    );
    println!("{:<12} {:>14} {:>14} {:>10}", "vm", "spawn ns/proc", "gone ns/proc", "peak RSS");
    let line = |vm: &str, f: &Figures| {
        println!(
            "{vm:<12} {:>14} {:>14} {:>10}",
            figure(f.spawn_ns_per_proc),
            figure(f.gone_ns_per_proc),
            bytes(f.peak_rss_bytes)
        )
    };
    line("girder", &girder);
    let mut document = json!({
        "benchmark": "spawn-exit",
        "procs": options.procs,
        "schedulers": options.schedulers,
        "runs": runs,
    });
    if let (Some(map), serde_json::Value::Object(figures)) = (document.as_object_mut(), girder.json()) {
        map.extend(figures);
    }
    let erl = erl.map(|erl| {
        line("erl", &erl);
        println!(
            "{:<12} {:>14} {:>14} {:>10}",
            "girder/erl",
            figure(ratio(girder.spawn_ns_per_proc, erl.spawn_ns_per_proc)),
            figure(ratio(girder.gone_ns_per_proc, erl.gone_ns_per_proc)),
            figure(ratio(girder.peak_rss_bytes, erl.peak_rss_bytes))
        );
        let ratios = json!({
            "spawn_ns_per_proc": number(ratio(girder.spawn_ns_per_proc, erl.spawn_ns_per_proc)),
            "gone_ns_per_proc": number(ratio(girder.gone_ns_per_proc, erl.gone_ns_per_proc)),
            "peak_rss_bytes": number(ratio(girder.peak_rss_bytes, erl.peak_rss_bytes)),
        });
        (erl.json(), ratios)
    });
    record_erl(&mut document, erl, &plan.flags, skipped);
    if let Some(path) = &options.json {
        write_json(path, &document)?;
    }
    Ok(())
}

/// Median figures over the runs on one VM.
fn measure(
    progress: &mut Progress,
    vm: &str,
    options: &Options,
    limit: u64,
    command: &dyn Fn() -> Command,
) -> anyhow::Result<Figures> {
    let (mut spawn, mut gone, mut peak) = (Vec::new(), Vec::new(), Vec::new());
    let procs = options.procs.max(1) as f64;
    for index in 1..=options.runs.max(1) {
        progress.start_run(format!(
            "{vm} spawn-exit of {}, run {index} of {}",
            thousands(options.procs),
            options.runs.max(1)
        ));
        let sampled = sampler::run(&mut command(), progress, limit).with_context(|| format!("{vm} spawn-exit"))?;
        let phases = Phases::parse(&sampled.lines);
        spawn.push(phases.get("spawn")?.ns as f64 / procs);
        gone.push(phases.get("gone")?.ns as f64 / procs);
        peak.push(sampled.peak_resident_bytes as f64);
    }
    Ok(Figures {
        spawn_ns_per_proc: median_f64(&mut spawn),
        gone_ns_per_proc: median_f64(&mut gone),
        peak_rss_bytes: median_f64(&mut peak),
    })
}
