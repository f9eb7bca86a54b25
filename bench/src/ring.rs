//! The ring: N processes, each linked to the next, passing a token
//! (`programs/ring.gasm` and its twin `programs/ring.erl`).
//!
//! For each N the harness runs a baseline ring of [`BASELINE_PROCS`]
//! processes with the same flags, then the real ring `runs` times, on
//! girder and then (with `--compare erl`) on erl, never both at once.
//! Bytes per process are the growth of the resident set over the baseline's
//! at the same point, divided by the processes added: read right after the
//! spawn phase (`bytes_per_proc`, every node spawned but maybe not yet run)
//! and after the settle round (`settled_bytes_per_proc`, every node has run,
//! linked and waits in `receive`).

use crate::chart::{self, Panel, Series};
use crate::compare::{erl_twin, number, ratio, write_json};
use crate::erl::Plan;
use crate::memory::Machine;
use crate::phase::Phases;
use crate::progress::Progress;
use crate::report::{bytes, duration, figure, median_f64, thousands};
use crate::runner::Runner;
use crate::sampler;
use anyhow::Context;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::Command;

/// The processes in the baseline ring whose memory is subtracted.
pub const BASELINE_PROCS: u64 = 10;

/// The rounds of the baseline ring: enough that it runs for a good fraction
/// of a second after its spawn and settle lines, so that its memory can be
/// read at both.
pub const BASELINE_ROUNDS: u64 = 50_000;

/// What `girder-bench ring` was asked to do.
#[derive(Clone, Debug)]
pub struct Options {
    /// Ring sizes, each run in turn.
    pub procs: Vec<u64>,
    /// Timed rounds after the settle round.
    pub rounds: u64,
    /// Scheduler threads, on girder and erl alike.
    pub schedulers: usize,
    /// Runs of each ring on each VM; figures are their medians.
    pub runs: usize,
    /// `Some("erl")` to run the Erlang twin too.
    pub compare: Option<String>,
    /// Where to write the figures as JSON.
    pub json: Option<PathBuf>,
    /// Where to draw the chart.
    pub svg: Option<PathBuf>,
}

/// The raw figures of one run.
#[derive(Clone, Debug)]
struct RingRun {
    spawn_ns: u64,
    settle_ns: u64,
    hops: u64,
    hops_ns: u64,
    teardown_ns: u64,
    checksum: u64,
    resident_after_spawn: u64,
    resident_after_settle: u64,
    peak_resident: u64,
    wall_ns: u64,
}

/// One VM's figures for one ring size: medians over the runs.
#[derive(Clone, Debug)]
pub struct Figures {
    /// Spawn time per process, in nanoseconds.
    pub spawn_ns_per_proc: f64,
    /// Settle-round time per process, in nanoseconds.
    pub settle_ns_per_proc: f64,
    /// Time per hop of the token in the timed rounds, in nanoseconds.
    pub hop_ns: f64,
    /// Teardown time per process, in nanoseconds.
    pub teardown_ns_per_proc: f64,
    /// Resident bytes per process right after the spawn phase.
    pub bytes_per_proc: f64,
    /// Resident bytes per process after the settle round.
    pub settled_bytes_per_proc: f64,
    /// Peak resident memory of the whole run, in bytes.
    pub peak_rss_bytes: u64,
    /// The whole run, start-up to exit, in nanoseconds.
    pub wall_ns: u64,
    /// The token's final count, the same on every run and every VM.
    pub checksum: u64,
}

impl Figures {
    fn from_runs(procs: u64, runs: &[RingRun], baseline: &RingRun) -> Figures {
        let added = procs.saturating_sub(BASELINE_PROCS).max(1) as f64;
        let per_run = |f: &dyn Fn(&RingRun) -> f64| median_f64(&mut runs.iter().map(f).collect::<Vec<_>>());
        Figures {
            spawn_ns_per_proc: per_run(&|run| run.spawn_ns as f64 / procs as f64),
            settle_ns_per_proc: per_run(&|run| run.settle_ns as f64 / procs as f64),
            hop_ns: per_run(&|run| run.hops_ns as f64 / run.hops.max(1) as f64),
            teardown_ns_per_proc: per_run(&|run| run.teardown_ns as f64 / procs as f64),
            bytes_per_proc: per_run(&|run| {
                (run.resident_after_spawn as f64 - baseline.resident_after_spawn as f64) / added
            }),
            settled_bytes_per_proc: per_run(&|run| {
                (run.resident_after_settle as f64 - baseline.resident_after_settle as f64) / added
            }),
            peak_rss_bytes: per_run(&|run| run.peak_resident as f64) as u64,
            wall_ns: per_run(&|run| run.wall_ns as f64) as u64,
            checksum: runs.first().map_or(0, |run| run.checksum),
        }
    }

    /// The figures as JSON fields.
    fn json(&self) -> serde_json::Map<String, Value> {
        let value = json!({
            "spawn_ns_per_proc": number(self.spawn_ns_per_proc),
            "settle_ns_per_proc": number(self.settle_ns_per_proc),
            "hop_ns": number(self.hop_ns),
            "teardown_ns_per_proc": number(self.teardown_ns_per_proc),
            "bytes_per_proc": number(self.bytes_per_proc),
            "settled_bytes_per_proc": number(self.settled_bytes_per_proc),
            "peak_rss_bytes": self.peak_rss_bytes,
            "wall_ns": self.wall_ns,
            "checksum": self.checksum,
        });
        match value {
            Value::Object(map) => map,
            _ => unreachable!("json! of an object literal is an object"),
        }
    }

    /// The ratios girder/erl of every figure that has one.
    fn ratios(&self, erl: &Figures) -> Value {
        json!({
            "spawn_ns_per_proc": number(ratio(self.spawn_ns_per_proc, erl.spawn_ns_per_proc)),
            "settle_ns_per_proc": number(ratio(self.settle_ns_per_proc, erl.settle_ns_per_proc)),
            "hop_ns": number(ratio(self.hop_ns, erl.hop_ns)),
            "teardown_ns_per_proc": number(ratio(self.teardown_ns_per_proc, erl.teardown_ns_per_proc)),
            "bytes_per_proc": number(ratio(self.bytes_per_proc, erl.bytes_per_proc)),
            "settled_bytes_per_proc": number(ratio(self.settled_bytes_per_proc, erl.settled_bytes_per_proc)),
            "peak_rss_bytes": number(ratio(self.peak_rss_bytes as f64, erl.peak_rss_bytes as f64)),
            "wall_ns": number(ratio(self.wall_ns as f64, erl.wall_ns as f64)),
        })
    }
}

/// How erl fared at one ring size.
#[derive(Clone, Debug)]
enum ErlOutcome {
    /// `--compare erl` was not asked for, or erl is not installed.
    NotRun,
    /// The ring would not fit erl on this machine: why.
    Skipped(String),
    /// It ran with these flags.
    Ran { flags: Vec<String>, figures: Figures },
}

/// The figures of one ring size.
struct Row {
    procs: u64,
    girder: Figures,
    erl: ErlOutcome,
}

/// Runs `girder-bench ring`: prints the table a ring size at a time, then
/// writes JSON and the chart.
pub fn run(runner: &Runner, options: &Options) -> anyhow::Result<()> {
    let mut progress = Progress::new();
    let machine = Machine::read();
    let limit = crate::memory::run_limit(machine);
    let erl_directory = erl_twin(runner, options.compare.as_deref(), "ring.erl", &progress)?;
    let schedulers = options.schedulers.to_string();
    progress.print(&table_head(options));
    let mut rows = Vec::new();
    for &procs in &options.procs {
        let girder_options =
            ["--max-processes".to_string(), (procs + 100).to_string(), "--schedulers".to_string(), schedulers.clone()];
        let girder = measure(&mut progress, "girder", procs, options, limit, &|n, m| {
            runner.girder_command(&girder_options, "ring.gasm", &[n, m])
        })
        .with_context(|| format!("girder, ring of {}", thousands(procs)))?;
        let erl = match &erl_directory {
            None => ErlOutcome::NotRun,
            Some(directory) => {
                let plan = Plan::new(procs, options.schedulers);
                match plan.does_not_fit(procs, machine) {
                    Some(reason) => {
                        progress.note(&reason);
                        ErlOutcome::Skipped(reason)
                    }
                    None => {
                        if let Some(note) = plan.tuned_note(procs) {
                            progress.note(&note);
                        }
                        let figures = measure(&mut progress, "erl", procs, options, limit, &|n, m| {
                            runner.erl_command(directory, &plan.flags, "ring", &[n, m])
                        })
                        .with_context(|| format!("erl, ring of {}", thousands(procs)))?;
                        ErlOutcome::Ran { flags: plan.flags.clone(), figures }
                    }
                }
            }
        };
        let row = Row { procs, girder, erl };
        progress.print(&table_rows(&row));
        rows.push(row);
    }
    drop(progress);
    if let Some(path) = &options.json {
        let mut documents: Vec<Value> = rows.iter().map(|row| row_json(options, row)).collect();
        let document = if documents.len() == 1 { documents.remove(0) } else { Value::Array(documents) };
        write_json(path, &document)?;
    }
    if let Some(path) = &options.svg {
        std::fs::write(path, chart_of(options, &rows)).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

/// A baseline run, then `options.runs` runs of a ring of `procs` on one VM.
fn measure(
    progress: &mut Progress,
    vm: &str,
    procs: u64,
    options: &Options,
    limit: u64,
    command: &dyn Fn(String, String) -> Command,
) -> anyhow::Result<Figures> {
    progress.start_run(format!("{vm} ring of {}: baseline of {BASELINE_PROCS}", thousands(procs)));
    let baseline = run_once(
        &mut command(BASELINE_PROCS.to_string(), BASELINE_ROUNDS.to_string()),
        BASELINE_PROCS,
        BASELINE_ROUNDS,
        progress,
        limit,
    )
    .context("the baseline run")?;
    let mut runs = Vec::with_capacity(options.runs);
    for index in 1..=options.runs.max(1) {
        progress.start_run(format!("{vm} ring of {}, run {index} of {}", thousands(procs), options.runs.max(1)));
        runs.push(run_once(
            &mut command(procs.to_string(), options.rounds.to_string()),
            procs,
            options.rounds,
            progress,
            limit,
        )?);
    }
    Ok(Figures::from_runs(procs, &runs, &baseline))
}

fn run_once(
    command: &mut Command,
    procs: u64,
    rounds: u64,
    progress: &Progress,
    limit: u64,
) -> anyhow::Result<RingRun> {
    let sampled = sampler::run(command, progress, limit)?;
    let phases = Phases::parse(&sampled.lines);
    let hops = phases.get("hops")?;
    Ok(RingRun {
        spawn_ns: phases.get("spawn")?.ns,
        settle_ns: phases.get("settle")?.ns,
        hops: hops.count,
        hops_ns: hops.ns,
        teardown_ns: phases.get("teardown")?.ns,
        checksum: phases.checked_checksum((rounds + 1) * procs)?,
        resident_after_spawn: phases.resident_after("spawn")?,
        resident_after_settle: phases.resident_after("settle")?,
        peak_resident: sampled.peak_resident_bytes,
        wall_ns: sampled.wall_ns,
    })
}

fn row_json(options: &Options, row: &Row) -> Value {
    let mut document = serde_json::Map::new();
    document.insert("benchmark".into(), json!("ring"));
    document.insert("procs".into(), json!(row.procs));
    document.insert("rounds".into(), json!(options.rounds));
    document.insert("schedulers".into(), json!(options.schedulers));
    document.insert("runs".into(), json!(options.runs.max(1)));
    document.extend(row.girder.json());
    match &row.erl {
        ErlOutcome::NotRun => {}
        ErlOutcome::Skipped(reason) => {
            document.insert("erl".into(), Value::Null);
            document.insert("erl_skipped".into(), json!(reason));
        }
        ErlOutcome::Ran { flags, figures } => {
            let mut erl = figures.json();
            erl.insert("flags".into(), json!(flags.join(" ")));
            document.insert("erl".into(), Value::Object(erl));
            document.insert("ratio".into(), row.girder.ratios(figures));
        }
    }
    Value::Object(document)
}

/// The title and column heads of the table.
fn table_head(options: &Options) -> String {
    let title = format!(
        "ring: {} timed round(s) after a settle round, {} scheduler(s), medians of {} run(s); \
         bytes/proc over a {BASELINE_PROCS}-process baseline",
        options.rounds,
        options.schedulers,
        options.runs.max(1)
    );
    let columns = [
        "spawn ns/proc",
        "settle ns/pr",
        "hop ns",
        "teardown ns/proc",
        "bytes/proc",
        "settled B/p",
        "peak RSS",
        "wall",
    ];
    format!("{title}\n{}", table_line("procs", "vm", columns.map(String::from)))
}

/// One line of the table, its columns aligned.
fn table_line(procs: &str, vm: &str, columns: [String; 8]) -> String {
    let [spawn, settle, hop, teardown, bytes, settled, peak, wall] = columns;
    format!(
        "{procs:>12}  {vm:<11} {spawn:>13} {settle:>13} {hop:>9} {teardown:>16} {bytes:>11} {settled:>11} {peak:>10} {wall:>9}"
    )
}

/// The table's lines for one ring size: girder, then erl and the ratios.
fn table_rows(row: &Row) -> String {
    let procs = thousands(row.procs);
    let line = |vm: &str, f: &Figures| {
        table_line(
            &procs,
            vm,
            [
                figure(f.spawn_ns_per_proc),
                figure(f.settle_ns_per_proc),
                figure(f.hop_ns),
                figure(f.teardown_ns_per_proc),
                figure(f.bytes_per_proc),
                figure(f.settled_bytes_per_proc),
                bytes(f.peak_rss_bytes as f64),
                duration(f.wall_ns as f64),
            ],
        )
    };
    let mut lines = vec![line("girder", &row.girder)];
    match &row.erl {
        ErlOutcome::NotRun => {}
        ErlOutcome::Skipped(reason) => lines.push(format!("{:>12}  {reason}", "")),
        ErlOutcome::Ran { flags, figures } => {
            let g = &row.girder;
            lines.push(line("erl", figures));
            lines.push(table_line(
                "",
                "girder/erl",
                [
                    figure(ratio(g.spawn_ns_per_proc, figures.spawn_ns_per_proc)),
                    figure(ratio(g.settle_ns_per_proc, figures.settle_ns_per_proc)),
                    figure(ratio(g.hop_ns, figures.hop_ns)),
                    figure(ratio(g.teardown_ns_per_proc, figures.teardown_ns_per_proc)),
                    figure(ratio(g.bytes_per_proc, figures.bytes_per_proc)),
                    figure(ratio(g.settled_bytes_per_proc, figures.settled_bytes_per_proc)),
                    figure(ratio(g.peak_rss_bytes as f64, figures.peak_rss_bytes as f64)),
                    figure(ratio(g.wall_ns as f64, figures.wall_ns as f64)),
                ],
            ));
            lines.push(format!(
                "{:>12}  erl flags: {}; checksum {} on both",
                "",
                flags.join(" "),
                thousands(figures.checksum)
            ));
        }
    }
    lines.join("\n")
}

fn chart_of(options: &Options, rows: &[Row]) -> String {
    let girder =
        |f: &dyn Fn(&Figures) -> f64| rows.iter().map(|row| (row.procs as f64, f(&row.girder))).collect::<Vec<_>>();
    let erl = |f: &dyn Fn(&Figures) -> f64| {
        rows.iter()
            .filter_map(|row| match &row.erl {
                ErlOutcome::Ran { figures, .. } => Some((row.procs as f64, f(figures))),
                _ => None,
            })
            .collect::<Vec<_>>()
    };
    let panel = |title: &str, f: &dyn Fn(&Figures) -> f64| Panel {
        title: title.to_string(),
        series: vec![
            Series { name: "girder".into(), color: chart::GIRDER_COLOR, points: girder(f) },
            Series { name: "erl".into(), color: chart::ERL_COLOR, points: erl(f) },
        ],
    };
    chart::draw(
        &format!(
            "Process ring: {} timed round(s), {} scheduler(s), medians of {}",
            options.rounds,
            options.schedulers,
            options.runs.max(1)
        ),
        "processes in the ring",
        &[panel("hop time (ns)", &|f| f.hop_ns), panel("resident bytes per process", &|f| f.bytes_per_proc)],
    )
}
