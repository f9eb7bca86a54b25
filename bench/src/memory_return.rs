//! Memory return: a ring of N processes is spawned, settled and killed,
//! the VM stays idle for S seconds, and the ring is spawned again
//! (`programs/memory_return.gasm` and its twin `programs/memory_return.erl`).
//! The figures: the peak resident memory, what is still resident one
//! second and S seconds after the processes are gone, as a share of what
//! the ring took, and the second spawn's speed against the first's.

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

/// What `girder-bench memory-return` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Processes in the ring.
    pub procs: u64,
    /// Seconds the VM stays idle between the two rings.
    pub idle: u64,
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
    /// Resident memory when the program started, in bytes.
    start_bytes: f64,
    /// The run's peak resident memory.
    peak_bytes: f64,
    /// Resident memory one second after the processes were gone.
    after_1s_bytes: f64,
    /// Resident memory at the end of the idle time.
    after_idle_bytes: f64,
    /// What the ring took (peak less start) that is still resident at the
    /// end of the idle time, as a share (0: all of it went back).
    kept_share: f64,
    /// The first spawn, per process, in nanoseconds.
    spawn_ns_per_proc: f64,
    /// The spawn after the idle time, per process.
    respawn_ns_per_proc: f64,
}

impl Figures {
    fn json(&self) -> serde_json::Value {
        json!({
            "start_rss_bytes": self.start_bytes as u64,
            "peak_rss_bytes": self.peak_bytes as u64,
            "rss_1s_after_bytes": self.after_1s_bytes as u64,
            "rss_after_idle_bytes": self.after_idle_bytes as u64,
            "kept_share": number(self.kept_share),
            "spawn_ns_per_proc": number(self.spawn_ns_per_proc),
            "respawn_ns_per_proc": number(self.respawn_ns_per_proc),
        })
    }
}

/// Runs `girder-bench memory-return`: prints the figures and writes JSON.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let machine = Machine::read();
    let limit = crate::memory::run_limit(machine);
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "memory_return.erl", &progress)?;
    let args = [options.procs.to_string(), options.idle.max(1).to_string()];
    let girder_options = [
        "--max-processes".to_string(),
        (options.procs + 100).to_string(),
        "--schedulers".to_string(),
        options.schedulers.to_string(),
    ];
    let girder = measure(&mut progress, "girder", options, limit, &|| {
        runner.girder_command(&girder_options, "memory_return.gasm", &args)
    })?;
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
                runner.erl_command(directory, &plan.flags, "memory_return", &args)
            })?),
        },
        None => None,
    };
    drop(progress);
    let runs = options.runs.max(1);
    println!(
        "memory-return: a ring of {} processes, killed, {} s idle, spawned again; {} scheduler(s), medians of {runs} run(s)",
        thousands(options.procs),
        options.idle.max(1),
        options.schedulers
    );
    println!(
        "{:<12} {:>10} {:>10} {:>12} {:>12} {:>8} {:>14} {:>16}",
        "vm", "start", "peak", "1 s after", "idle end", "kept", "spawn ns/proc", "respawn ns/proc"
    );
    let line = |vm: &str, f: &Figures| {
        println!(
            "{vm:<12} {:>10} {:>10} {:>12} {:>12} {:>7.1}% {:>14} {:>16}",
            bytes(f.start_bytes),
            bytes(f.peak_bytes),
            bytes(f.after_1s_bytes),
            bytes(f.after_idle_bytes),
            f.kept_share * 100.0,
            figure(f.spawn_ns_per_proc),
            figure(f.respawn_ns_per_proc)
        )
    };
    line("girder", &girder);
    let mut document = json!({
        "benchmark": "memory-return",
        "procs": options.procs,
        "idle_s": options.idle.max(1),
        "schedulers": options.schedulers,
        "runs": runs,
    });
    if let (Some(map), serde_json::Value::Object(figures)) = (document.as_object_mut(), girder.json()) {
        map.extend(figures);
    }
    let erl = erl.map(|erl| {
        line("erl", &erl);
        let ratios = json!({
            "peak_rss_bytes": number(ratio(girder.peak_bytes, erl.peak_bytes)),
            "rss_after_idle_bytes": number(ratio(girder.after_idle_bytes, erl.after_idle_bytes)),
            "respawn_ns_per_proc": number(ratio(girder.respawn_ns_per_proc, erl.respawn_ns_per_proc)),
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
    let mut columns: [Vec<f64>; 7] = Default::default();
    let procs = options.procs.max(1) as f64;
    let idle = options.idle.max(1);
    for index in 1..=options.runs.max(1) {
        progress.start_run(format!(
            "{vm} memory-return of {}, run {index} of {}",
            thousands(options.procs),
            options.runs.max(1)
        ));
        let sampled = sampler::run(&mut command(), progress, limit).with_context(|| format!("{vm} memory-return"))?;
        let phases = Phases::parse(&sampled.lines);
        let start = phases.resident_after("start")? as f64;
        let peak = sampled.peak_resident_bytes as f64;
        let after_1s = idle_resident(&phases, 1)?;
        let after_idle = idle_resident(&phases, idle)?;
        let figures = [
            start,
            peak,
            after_1s,
            after_idle,
            ((after_idle - start) / (peak - start).max(1.0)).max(0.0),
            phases.get("spawn")?.ns as f64 / procs,
            phases.get("respawn")?.ns as f64 / procs,
        ];
        for (column, figure) in columns.iter_mut().zip(figures) {
            column.push(figure);
        }
    }
    let [start, peak, after_1s, after_idle, kept, spawn, respawn] = columns.map(|mut column| median_f64(&mut column));
    Ok(Figures {
        start_bytes: start,
        peak_bytes: peak,
        after_1s_bytes: after_1s,
        after_idle_bytes: after_idle,
        kept_share: kept,
        spawn_ns_per_proc: spawn,
        respawn_ns_per_proc: respawn,
    })
}

/// The resident memory when the program printed `idle SECOND 0`.
fn idle_resident(phases: &Phases, second: u64) -> anyhow::Result<f64> {
    let phase = phases
        .phases
        .iter()
        .find(|phase| phase.name == "idle" && phase.count == second)
        .with_context(|| format!("the program printed no `idle {second} 0` line"))?;
    phase
        .resident_bytes
        .map(|bytes| bytes as f64)
        .with_context(|| format!("the program ended before its memory could be read at `idle {second}`"))
}
