//! Benchmarks that run one Erlang program on girder and on erl, alternated
//! run by run so that the machine's noise falls on both.
//!
//! The program's `main([Name, Size])` runs the benchmark `Name` and prints
//! `Name Microseconds Check`: the time of its work alone (start-up
//! excluded) and a figure that proves the work was done, which must be the
//! same on both VMs. The sampler records each run's peak resident memory.
//! The figures are medians over the runs.
//!
//! A benchmark that girder cannot run (it fails, or prints no result), or
//! whose check differs from erl's, gets no time: its row says what went
//! wrong, the others are still measured, and [`Report::failures`] makes
//! the subcommand fail once everything is printed. A failure of erl is an
//! error of the program itself and stops the suite.

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
    /// The schedulers each VM runs with (`--schedulers N`, `+S N:N`), or
    /// each VM's default (one per core).
    pub schedulers: Option<usize>,
}

/// The medians of one benchmark on one VM.
#[derive(Clone, Debug)]
pub struct Figures {
    /// The time of the work, in microseconds.
    pub micros: u64,
    /// The run's peak resident memory, in bytes.
    pub peak_bytes: u64,
    /// What the program computed.
    pub check: String,
}

/// How one benchmark went.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Both VMs ran it and computed the same.
    Measured {
        /// girder's medians.
        girder: Figures,
        /// erl's medians.
        erl: Figures,
    },
    /// girder did not run it to the end: what it printed on failing.
    GirderFailed {
        /// The failure, with girder's standard error.
        error: String,
        /// erl's medians.
        erl: Figures,
    },
    /// girder computed something other than erl.
    WrongAnswer {
        /// girder's figures (the time of a wrong answer is not reported).
        girder: Figures,
        /// erl's medians.
        erl: Figures,
    },
}

/// One benchmark's row.
#[derive(Clone, Debug)]
pub struct Row {
    /// The benchmark's name.
    pub name: String,
    /// Its size.
    pub size: u64,
    /// Its figures, or what went wrong.
    pub outcome: Outcome,
}

impl Row {
    /// girder's time over erl's, when both ran and agreed.
    pub fn ratio(&self) -> Option<f64> {
        match &self.outcome {
            Outcome::Measured { girder, erl } => Some(girder.micros as f64 / erl.micros.max(1) as f64),
            _ => None,
        }
    }

    /// erl's medians, which every row has.
    pub fn erl(&self) -> &Figures {
        match &self.outcome {
            Outcome::Measured { erl, .. } | Outcome::GirderFailed { erl, .. } | Outcome::WrongAnswer { erl, .. } => erl,
        }
    }

    /// What went wrong on girder, in one line, if anything did.
    pub fn failure(&self) -> Option<String> {
        match &self.outcome {
            Outcome::Measured { .. } => None,
            Outcome::GirderFailed { error, .. } => Some(format!("girder FAILED {}: {error}", self.name)),
            Outcome::WrongAnswer { girder, erl } => Some(format!(
                "WRONG ANSWER from girder in {}: it computed {}, erl {}",
                self.name, girder.check, erl.check
            )),
        }
    }
}

/// Every row of a suite's run.
#[derive(Clone, Debug)]
pub struct Report {
    /// Runs of each benchmark on each VM (girder stops at its first
    /// failure).
    pub runs: usize,
    /// The rows, in the suite's order.
    pub rows: Vec<Row>,
}

impl Report {
    /// The geometric mean of girder's time over erl's, over the rows both
    /// ran and agreed on, and how many those are.
    pub fn geometric_mean(&self) -> Option<(f64, usize)> {
        let ratios: Vec<f64> = self.rows.iter().filter_map(Row::ratio).collect();
        (!ratios.is_empty()).then(|| (geometric_mean(&ratios), ratios.len()))
    }

    /// An error naming every benchmark girder failed or got wrong.
    pub fn failures(&self) -> anyhow::Result<()> {
        let failed: Vec<&str> = self.rows.iter().filter(|row| row.ratio().is_none()).map(|row| &*row.name).collect();
        if !failed.is_empty() {
            bail!("girder failed or computed a wrong answer in: {}", failed.join(", "));
        }
        Ok(())
    }
}

/// The geometric mean of some positive figures.
pub fn geometric_mean(figures: &[f64]) -> f64 {
    (figures.iter().map(|figure| figure.ln()).sum::<f64>() / figures.len() as f64).exp()
}

/// Runs every benchmark of `suite` (or only the one named) `runs` times on
/// each VM, prints the table, and returns its rows.
pub fn run(runner: &Runner, suite: &Suite<'_>, runs: usize, only: Option<&str>) -> anyhow::Result<Report> {
    let title = suite.title;
    if !runner.has_erl() {
        bail!(
            "the {title} benchmarks compare with erl, which is not installed (girder needs erlc to compile them too)"
        );
    }
    if let Some(only) = only {
        if !suite.benchmarks.iter().any(|&(name, _)| name == only) {
            let names: Vec<&str> = suite.benchmarks.iter().map(|&(name, _)| name).collect();
            bail!("{title} has no benchmark `{only}`; it has {}", names.join(", "));
        }
    }
    let directory = runner.compile_erl(suite.program)?;
    let mut progress = Progress::new();
    let limit = crate::memory::run_limit(Machine::read());
    let runs = runs.max(1);
    let mut rows = Vec::new();
    for &(name, size) in suite.benchmarks {
        if only.is_some_and(|only| only != name) {
            continue;
        }
        let args = [name.to_string(), size.to_string()];
        let (girder_options, erl_flags) = match suite.schedulers {
            Some(n) => (vec!["--schedulers".to_string(), n.to_string()], vec!["+S".to_string(), format!("{n}:{n}")]),
            None => (Vec::new(), Vec::new()),
        };
        let (mut girder, mut erl) = (Vec::new(), Vec::new());
        let mut girder_error = None;
        for index in 1..=runs {
            if girder_error.is_none() {
                progress.start_run(format!("girder {name}, run {index} of {runs}"));
                let command = runner.girder_command(&girder_options, suite.program, &args);
                match one(command, &progress, limit, name) {
                    Ok(figures) => girder.push(figures),
                    Err(error) => girder_error = Some(format!("{error:#}")),
                }
            }
            progress.start_run(format!("erl {name}, run {index} of {runs}"));
            let command = runner.erl_command(&directory, &erl_flags, suite.module, &args);
            erl.push(one(command, &progress, limit, name).with_context(|| format!("erl {name}"))?);
        }
        let erl = medians(&mut erl);
        let outcome = match girder_error {
            Some(error) => Outcome::GirderFailed { error, erl },
            None => {
                let girder = medians(&mut girder);
                if girder.check == erl.check {
                    Outcome::Measured { girder, erl }
                } else {
                    Outcome::WrongAnswer { girder, erl }
                }
            }
        };
        rows.push(Row { name: name.to_string(), size, outcome });
    }
    drop(progress);
    let report = Report { runs, rows };
    print!("{}", table(suite, &report));
    Ok(report)
}

/// The table of a suite's run, with the geometric mean of the ratios and
/// a line for each failure.
fn table(suite: &Suite<'_>, report: &Report) -> String {
    use std::fmt::Write;
    let width = report.rows.iter().map(|row| row.name.len()).max().unwrap_or(0).max(8);
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{}: medians of {} alternated run(s) on each VM; time of the work alone, peak resident memory of the run",
        suite.title, report.runs
    );
    let _ = writeln!(
        text,
        "{:<width$} {:>10}  {:>12} {:>12} {:>10}  {:>11} {:>11} {:>10}",
        "", suite.size_unit, "girder ms", "erl ms", "girder/erl", "girder MiB", "erl MiB", "girder/erl"
    );
    let mib = |bytes: u64| bytes as f64 / (1u64 << 20) as f64;
    for row in &report.rows {
        let (name, size, erl) = (&row.name, row.size, row.erl());
        match &row.outcome {
            Outcome::Measured { girder, erl } => {
                let _ = writeln!(
                    text,
                    "{name:<width$} {size:>10}  {:>12.1} {:>12.1} {:>10.2}  {:>11.1} {:>11.1} {:>10.2}",
                    girder.micros as f64 / 1e3,
                    erl.micros as f64 / 1e3,
                    girder.micros as f64 / erl.micros.max(1) as f64,
                    mib(girder.peak_bytes),
                    mib(erl.peak_bytes),
                    girder.peak_bytes as f64 / erl.peak_bytes.max(1) as f64,
                );
            }
            Outcome::GirderFailed { .. } | Outcome::WrongAnswer { .. } => {
                let what = if matches!(row.outcome, Outcome::GirderFailed { .. }) { "FAILED" } else { "WRONG" };
                let _ = writeln!(
                    text,
                    "{name:<width$} {size:>10}  {what:>12} {:>12.1} {:>10}  {:>11} {:>11.1} {:>10}",
                    erl.micros as f64 / 1e3,
                    "-",
                    "-",
                    mib(erl.peak_bytes),
                    "-",
                );
            }
        }
    }
    if let Some((mean, count)) = report.geometric_mean() {
        if report.rows.len() > 1 {
            let _ = writeln!(
                text,
                "geometric mean of girder/erl (time) over {count} of {} benchmarks: {mean:.2}",
                report.rows.len()
            );
        }
    }
    for failure in report.rows.iter().filter_map(Row::failure) {
        let _ = writeln!(text, "!!! {failure}");
    }
    text
}

/// One run: the time the program reports and the peak the sampler saw.
fn one(mut command: std::process::Command, progress: &Progress, limit: u64, name: &str) -> anyhow::Result<Figures> {
    let sampled = sampler::run(&mut command, progress, limit)?;
    let texts: Vec<&str> = sampled.lines.iter().map(|line| &*line.text).collect();
    let (micros, check) = result_line(&texts, name)?;
    Ok(Figures { micros, peak_bytes: sampled.peak_resident_bytes, check })
}

/// The time and the check of the `Name Microseconds Check` line among a
/// run's lines.
fn result_line(lines: &[&str], name: &str) -> anyhow::Result<(u64, String)> {
    let Some(line) = lines.iter().find_map(|line| line.strip_prefix(name).and_then(|rest| rest.strip_prefix(' ')))
    else {
        bail!("the run printed no `{name} ...` line; it printed: {:?}", lines.join("\n"));
    };
    let mut fields = line.split(' ');
    let micros = fields.next().and_then(|text| text.parse().ok()).with_context(|| format!("a bad line: {line}"))?;
    let check = fields.next().unwrap_or_default().to_string();
    Ok((micros, check))
}

/// The median time and peak over runs (the check of the first run; a run
/// that computed something else makes the check say so).
fn medians(figures: &mut [Figures]) -> Figures {
    let mut micros: Vec<u64> = figures.iter().map(|f| f.micros).collect();
    let mut peaks: Vec<u64> = figures.iter().map(|f| f.peak_bytes).collect();
    let mut checks: Vec<&str> = figures.iter().map(|f| &*f.check).collect();
    checks.dedup();
    let check = if checks.len() > 1 { format!("differing-between-runs:{}", checks.join("|")) } else { checks.concat() };
    Figures { micros: median(&mut micros), peak_bytes: median(&mut peaks), check }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn figures(micros: u64, check: &str) -> Figures {
        Figures { micros, peak_bytes: 1 << 20, check: check.into() }
    }

    #[test]
    fn the_result_line_is_found_among_others() {
        let lines = ["warning: something", "fib 1234 832040", "fibber 1 2"];
        assert_eq!(result_line(&lines, "fib").unwrap(), (1234, "832040".to_string()));
        assert_eq!(result_line(&["nbody 9 {-169075164,-169087605}"], "nbody").unwrap().1, "{-169075164,-169087605}");
        assert!(result_line(&["fibber 1 2"], "fib").is_err());
        assert!(result_line(&["fib slow 2"], "fib").is_err());
    }

    #[test]
    fn runs_that_disagree_are_not_one_answer() {
        assert_eq!(medians(&mut [figures(3, "7"), figures(1, "7"), figures(2, "7")]).micros, 2);
        assert_eq!(medians(&mut [figures(3, "7"), figures(1, "7")]).check, "7");
        assert_ne!(medians(&mut [figures(3, "7"), figures(1, "8")]).check, "7");
    }

    #[test]
    fn failures_get_no_ratio_and_are_named() {
        let row = |name: &str, outcome| Row { name: name.into(), size: 1, outcome };
        let report = Report {
            runs: 1,
            rows: vec![
                row("a", Outcome::Measured { girder: figures(200, "1"), erl: figures(100, "1") }),
                row("b", Outcome::Measured { girder: figures(800, "1"), erl: figures(100, "1") }),
                row("c", Outcome::WrongAnswer { girder: figures(10, "2"), erl: figures(100, "1") }),
                row("d", Outcome::GirderFailed { error: "undef".into(), erl: figures(100, "1") }),
            ],
        };
        let (mean, count) = report.geometric_mean().unwrap();
        assert!((mean - 4.0).abs() < 1e-9 && count == 2, "{mean} over {count}");
        let error = report.failures().unwrap_err().to_string();
        assert!(error.contains("c, d"), "{error}");
        let suite =
            Suite { title: "t", program: "t.erl", module: "t", benchmarks: &[], size_unit: "n", schedulers: None };
        let text = table(&suite, &report);
        assert!(text.contains("over 2 of 4 benchmarks: 4.00"), "{text}");
        assert!(text.contains("!!! WRONG ANSWER from girder in c: it computed 2, erl 1"), "{text}");
        assert!(text.contains("!!! girder FAILED d: undef"), "{text}");
        assert!(!text.lines().any(|line| line.starts_with('c') && line.contains("0.10")), "{text}");
    }
}
