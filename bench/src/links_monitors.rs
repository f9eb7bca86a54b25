//! Links and monitors: N processes link to one hub that traps exits, then
//! die; one process monitors another N times, and that one dies; all the
//! while a ticker waits 10 ms at a time and keeps its worst lateness
//! (`programs/links_monitors.gasm` and its twin
//! `programs/links_monitors.erl`). Work proportional to a process's links
//! and monitors must neither grow with their square nor keep other
//! processes waiting.

use crate::compare::{erl_twin, number, ratio, write_json};
use crate::memory::Machine;
use crate::phase::Phases;
use crate::progress::Progress;
use crate::report::{duration, figure, median_f64, thousands};
use crate::runner::Runner;
use crate::sampler;
use anyhow::Context;
use serde_json::json;
use std::path::PathBuf;
use std::process::Command;

/// What `girder-bench links-monitors` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Linked processes, and monitors.
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

/// The phases the program prints, in the order of the table: the name on
/// the program's line, and the label.
const PHASES: [(&str, &str); 6] = [
    ("link", "link: spawn N, each links to the hub"),
    ("exits", "exits: until the hub has N 'EXIT'"),
    ("monitor", "monitor: N monitors of one process"),
    ("downs", "downs: until N 'DOWN' have come"),
    ("late_links", "ticker's worst lateness, links"),
    ("late_monitors", "ticker's worst lateness, monitors"),
];

/// One VM's figures: the median of each phase's nanoseconds over the runs,
/// in the order of [`PHASES`].
#[derive(Clone, Copy, Debug)]
struct Figures([f64; PHASES.len()]);

impl Figures {
    fn json(&self) -> serde_json::Value {
        let mut object = serde_json::Map::new();
        for ((name, _), value) in PHASES.iter().zip(self.0) {
            object.insert(format!("{name}_ns"), number(value));
        }
        serde_json::Value::Object(object)
    }
}

/// Runs `girder-bench links-monitors`: prints the figures and writes JSON.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let limit = crate::memory::run_limit(Machine::read());
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "links_monitors.erl", &progress)?;
    let n = options.procs.to_string();
    let schedulers = options.schedulers.to_string();
    let girder_options = [
        "--max-processes".to_string(),
        (options.procs + 100).to_string(),
        "--schedulers".to_string(),
        schedulers.clone(),
    ];
    let girder = measure(&mut progress, "girder", options, limit, &|| {
        runner.girder_command(&girder_options, "links_monitors.gasm", std::slice::from_ref(&n))
    })?;
    // erl's default process limit, 262,144, or more when N needs it.
    let erl_flags = ["+P".to_string(), (options.procs + 1000).max(262_144).to_string(), "+S".to_string(), schedulers];
    let erl = match &erl_directory {
        Some(directory) => Some(measure(&mut progress, "erl", options, limit, &|| {
            runner.erl_command(directory, &erl_flags, "links_monitors", std::slice::from_ref(&n))
        })?),
        None => None,
    };
    drop(progress);
    let runs = options.runs.max(1);
    println!(
        "links-monitors: {} linked processes, {} monitors, {} scheduler(s), medians of {runs} run(s)",
        thousands(options.procs),
        thousands(options.procs),
        options.schedulers
    );
    println!("{:<36} {:>10} {:>10} {:>10}", "phase", "girder", "erl", "girder/erl");
    for (index, (_, label)) in PHASES.iter().enumerate() {
        let ours = girder.0[index];
        let (theirs, quotient) = match &erl {
            Some(erl) => (duration(erl.0[index]), figure(ratio(ours, erl.0[index]))),
            None => ("-".to_string(), "-".to_string()),
        };
        println!("{label:<36} {:>10} {theirs:>10} {quotient:>10}", duration(ours));
    }
    let mut document = json!({
        "benchmark": "links-monitors",
        "procs": options.procs,
        "schedulers": options.schedulers,
        "runs": runs,
        "girder": girder.json(),
    });
    if let Some(erl) = erl {
        println!("erl flags: {}", erl_flags.join(" "));
        let mut erl_json = erl.json();
        erl_json["flags"] = json!(erl_flags.join(" "));
        document["erl"] = erl_json;
        let mut ratios = serde_json::Map::new();
        for (index, (name, _)) in PHASES.iter().enumerate() {
            ratios.insert(format!("{name}_ns"), number(ratio(girder.0[index], erl.0[index])));
        }
        document["ratio"] = serde_json::Value::Object(ratios);
    }
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
    let mut figures: Vec<Vec<f64>> = vec![Vec::new(); PHASES.len()];
    let runs = options.runs.max(1);
    for index in 1..=runs {
        progress.start_run(format!("{vm} links-monitors of {}, run {index} of {runs}", thousands(options.procs)));
        let sampled = sampler::run(&mut command(), progress, limit).with_context(|| format!("{vm} links-monitors"))?;
        let phases = Phases::parse(&sampled.lines);
        for (slot, (name, _)) in figures.iter_mut().zip(PHASES) {
            slot.push(phases.get(name)?.ns as f64);
        }
    }
    let mut medians = [0.0; PHASES.len()];
    for (median, mut values) in medians.iter_mut().zip(figures) {
        *median = median_f64(&mut values);
    }
    Ok(Figures(medians))
}
