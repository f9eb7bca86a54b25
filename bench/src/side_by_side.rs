//! Benchmarks that run one Erlang program on girder and on erl, alternated
//! run by run so that the machine's noise falls on both.
//!
//! The program's `main([Name, Size])` runs the benchmark `Name` and prints
//! `Name Microseconds Check`: the time of its work alone (start-up
//! excluded) and a figure that proves the work was done, which must be the
//! same on both VMs. The sampler records each run's peak resident memory.
//! The figures are medians over the runs.

use crate::memory::Machine;
use crate::progress::Progress;
use crate::runner::{median, Runner};
use crate::sampler;
use anyhow::{bail, Context};

/// A program and its benchmarks.
pub struct Suite<'a> {
    /// What the table is titled, and the harness's subcommand.
    pub title: &'a str,
    /// The program, in `bench/programs`.
    pub program: &'a str,
    /// Its module name.
    pub module: &'a str,
    /// Each benchmark's name and size.
    pub benchmarks: &'a [(&'a str, u64)],
    /// What the size column counts.
    pub size_unit: &'a str,
}

/// The medians of one benchmark on one VM.
struct Figures {
    micros: u64,
    peak_bytes: u64,
    check: String,
}

/// Runs every benchmark of `suite` (or only the one named) `runs` times on
/// each VM, and prints the table.
pub fn run(runner: &Runner, suite: &Suite<'_>, runs: usize, only: Option<&str>) -> anyhow::Result<()> {
    let title = suite.title;
    if !runner.has_erl() {
        bail!(
            "the {title} benchmarks compare with erl, which is not installed (girder needs erlc to compile them too)"
        );
    }
    let directory = runner.compile_erl(suite.program)?;
    let progress = Progress::new();
    let limit = crate::memory::run_limit(Machine::read());
    let runs = runs.max(1);
    let mut rows = Vec::new();
    for &(name, size) in suite.benchmarks {
        if only.is_some_and(|only| only != name) {
            continue;
        }
        let args = [name.to_string(), size.to_string()];
        let (mut girder, mut erl) = (Vec::new(), Vec::new());
        for _ in 0..runs {
            let command = runner.girder_command(&[], suite.program, &args);
            girder.push(one(command, &progress, limit, name).with_context(|| format!("girder {name}"))?);
            let command = runner.erl_command(&directory, &[], suite.module, &args);
            erl.push(one(command, &progress, limit, name).with_context(|| format!("erl {name}"))?);
        }
        let (girder, erl) = (medians(&mut girder), medians(&mut erl));
        if girder.check != erl.check {
            bail!("{name}: girder computed {}, erl {}", girder.check, erl.check);
        }
        rows.push((name, size, girder, erl));
    }
    drop(progress);
    println!("{title}: medians of {runs} alternated run(s) on each VM; time of the work alone, peak resident memory of the run");
    println!(
        "{:<8} {:>10}  {:>12} {:>12} {:>10}  {:>11} {:>11} {:>10}",
        "", suite.size_unit, "girder ms", "erl ms", "girder/erl", "girder MiB", "erl MiB", "girder/erl"
    );
    for (name, size, girder, erl) in rows {
        let mib = |bytes: u64| bytes as f64 / (1u64 << 20) as f64;
        println!(
            "{name:<8} {size:>10}  {:>12.1} {:>12.1} {:>10.2}  {:>11.1} {:>11.1} {:>10.2}",
            girder.micros as f64 / 1e3,
            erl.micros as f64 / 1e3,
            girder.micros as f64 / erl.micros.max(1) as f64,
            mib(girder.peak_bytes),
            mib(erl.peak_bytes),
            girder.peak_bytes as f64 / erl.peak_bytes.max(1) as f64,
        );
    }
    Ok(())
}

/// One run: the time the program reports and the peak the sampler saw.
fn one(mut command: std::process::Command, progress: &Progress, limit: u64, name: &str) -> anyhow::Result<Figures> {
    let sampled = sampler::run(&mut command, progress, limit)?;
    let line = sampled
        .lines
        .iter()
        .find_map(|line| line.text.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
        .with_context(|| format!("the run printed no `{name} ...` line"))?;
    let mut fields = line.split(' ');
    let micros = fields.next().and_then(|text| text.parse().ok()).with_context(|| format!("a bad line: {line}"))?;
    let check = fields.next().unwrap_or_default().to_string();
    Ok(Figures { micros, peak_bytes: sampled.peak_resident_bytes, check })
}

/// The median time and peak over runs (the check of the first run, all
/// runs computing the same).
fn medians(figures: &mut [Figures]) -> Figures {
    let mut micros: Vec<u64> = figures.iter().map(|f| f.micros).collect();
    let mut peaks: Vec<u64> = figures.iter().map(|f| f.peak_bytes).collect();
    Figures { micros: median(&mut micros), peak_bytes: median(&mut peaks), check: figures[0].check.clone() }
}
