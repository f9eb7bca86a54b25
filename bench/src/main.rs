//! `girder-bench`: girder's benchmarks, side by side with Erlang/OTP.
//!
//! Every benchmark runs a program through the real path — assembler,
//! bytecode, loader, VM — by starting the `girder` binary, and its Erlang
//! twin on `erl` in the same invocation, one after the other. Programs time
//! themselves inside the VM (`erlang:monotonic_time`), so start-up time is
//! never part of a timed phase (only of the `wall` figure). Figures are
//! medians; nothing here is a test.
//!
//! The scenarios: `startup` (`startup.rs`), `fib` (the interpreter), `rings` (scheduler scaling),
//! `ring` (the process ring up to 20,000,000 processes: `ring.rs`),
//! `pingpong`, `spawn-exit`, `memory-return` (a large ring killed, the VM
//! idle, the ring spawned again: `memory_return.rs`), `cpu` (classic CPU-bound programs against
//! erl: `cpu.rs`), and `links-monitors` (100,000 links to one
//! process and 100,000 monitors of one, and how late a ticker runs
//! meanwhile: `links_monitors.rs`). While a program runs, its resident memory
//! is sampled from `/proc` (`sampler.rs`); erl runs only when its memory,
//! estimated first, fits this machine (`erl.rs`).
//!
//! Besides the benchmarks, `exercism DIR` runs the tests of Exercism's
//! Erlang track on erl and on girder and tabulates the passes
//! (`exercism.rs`, figures in `bench/COMPAT.md`).

mod binaries;
mod chart;
mod compare;
mod cpu;
mod dist_pingpong;
mod erl;
mod ets;
mod exercism;
mod links_monitors;
mod memory;
mod memory_return;
mod otp;
mod phase;
mod pingpong;
mod progress;
mod report;
mod ring;
mod runner;
mod sampler;
mod side_by_side;
mod spawn_exit;
mod startup;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use runner::{median, Runner};
use std::path::PathBuf;

#[derive(Parser)]
#[command(name = "girder-bench", about = "girder benchmarks, side by side with Erlang/OTP")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// A ring of N processes, each linked to the next, passing a token:
    /// spawn, settle, hops and teardown timed; memory per process.
    Ring {
        /// Processes in the ring; a list (`100000,1000000`) runs each in turn.
        #[arg(long, value_delimiter = ',', default_values_t = [100_000u64])]
        procs: Vec<u64>,
        /// Timed rounds of the token, after one settle round.
        #[arg(long, default_value_t = 10)]
        rounds: u64,
        /// Scheduler threads, on girder and erl alike (default: one per core).
        #[arg(long)]
        schedulers: Option<usize>,
        /// Runs of each ring on each VM; the medians are reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also run the Erlang twin (`erl`), after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here (an object; an array of them for several N).
        #[arg(long)]
        json: Option<PathBuf>,
        /// Draw hop time and bytes per process against N as SVG here.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// Round trips of a message between two processes.
    Pingpong {
        /// Timed round trips.
        #[arg(long, default_value_t = 1_000_000)]
        round_trips: u64,
        /// Scheduler threads, on girder and erl alike (default: one per core).
        #[arg(long)]
        schedulers: Option<usize>,
        /// Runs on each VM; the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also run the Erlang twin (`erl`), after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Round trips of a message between processes on two nodes on
    /// 127.0.0.1: girder↔girder, and erl↔erl with `--compare erl`.
    DistPingpong {
        /// Timed round trips.
        #[arg(long, default_value_t = 20_000)]
        round_trips: u64,
        /// Runs on each VM; the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also run the Erlang twin on two erl nodes, after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Spawn N processes that return at once; time until all are gone.
    SpawnExit {
        /// Processes to spawn.
        #[arg(long, default_value_t = 1_000_000)]
        procs: u64,
        /// Scheduler threads, on girder and erl alike (default: one per core).
        #[arg(long)]
        schedulers: Option<usize>,
        /// Runs on each VM; the medians are reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also run the Erlang twin (`erl`), after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// A ring of N processes spawned and killed, S seconds idle, and the
    /// ring spawned again: how much memory goes back, and how fast the
    /// second spawn is.
    MemoryReturn {
        /// Processes in the ring.
        #[arg(long, default_value_t = 1_000_000)]
        procs: u64,
        /// Seconds idle between the two rings.
        #[arg(long, default_value_t = 10)]
        idle: u64,
        /// Scheduler threads, on girder and erl alike (default: one per core).
        #[arg(long)]
        schedulers: Option<usize>,
        /// Runs on each VM; the medians are reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also run the Erlang twin (`erl`), after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// N processes link to one hub that traps exits, then die; one process
    /// monitors another N times, and that one dies. Times each phase, and
    /// the worst lateness of a process ticking every 10 ms meanwhile.
    LinksMonitors {
        /// Linked processes, and monitors.
        #[arg(long, default_value_t = 100_000)]
        procs: u64,
        /// Scheduler threads, on girder and erl alike (default: one per core).
        #[arg(long)]
        schedulers: Option<usize>,
        /// Runs on each VM; the medians are reported.
        #[arg(long, default_value_t = 3)]
        runs: usize,
        /// Also run the Erlang twin (`erl`), after girder: `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Naive fib(N): call, arithmetic and comparison speed of the interpreter.
    Fib {
        /// The argument of fib.
        #[arg(long, default_value_t = 30)]
        n: u32,
        /// Runs of each VM; the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Also run the Erlang twin (`erl`): `--compare erl`.
        #[arg(long)]
        compare: Option<String>,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
    },
    /// Start-up to exit: `girder run hello.beam` against `erl -noshell -s ... -s init stop`.
    Startup {
        /// Runs of each VM, alternated; the median is reported.
        #[arg(long, default_value_t = 11)]
        runs: usize,
    },
    /// ETS, side by side with erl, with one scheduler and with two:
    /// insert, lookup and update_counter on a set and an ordered_set, and a
    /// read-mostly cache.
    Ets {
        /// Runs of each benchmark on each VM, alternated; medians are reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Run only this benchmark (set_insert, set_lookup, set_counter,
        /// ordered_insert, ordered_lookup, ordered_counter, cache).
        #[arg(long)]
        only: Option<String>,
    },
    /// Binaries, side by side with erl: build 10 MB byte by byte, parse it
    /// byte by byte, split it on a separator, and send 1 MB to 10,000
    /// processes (peak memory compared).
    Binaries {
        /// Runs of each benchmark on each VM, alternated; medians are reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Run only this benchmark: build, parse, split or fanout.
        #[arg(long)]
        only: Option<String>,
    },
    /// OTP's behaviours, side by side with erl (both running OTP's own
    /// gen_server and supervisor): 100,000 gen_server:call round trips,
    /// and a supervisor restarting 10,000 killed workers.
    Otp {
        /// Runs of each benchmark on each VM, alternated; medians are reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Run only this benchmark: call or restart.
        #[arg(long)]
        only: Option<String>,
    },
    /// Sequential speed, side by side with erl: fib, binary trees, n-body,
    /// spectral norm, fannkuch-redux, mandelbrot, a sieve, lists:sort, maps
    /// and a CSV parse, each checked against erl's answer; the ratios and
    /// their geometric mean.
    Cpu {
        /// Runs of each program on each VM, alternated; medians are reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
        /// Run only this program (fib, binarytrees, nbody, spectralnorm,
        /// fannkuch, mandelbrot, sieve, sort, maps or csv).
        #[arg(long)]
        only: Option<String>,
        /// Each program at a size that takes milliseconds: checks the
        /// answers agree, measures nothing worth quoting.
        #[arg(long)]
        small: bool,
        /// Write the figures as JSON here.
        #[arg(long)]
        json: Option<PathBuf>,
        /// Draw girder's time over erl's, a bar a program, as SVG here.
        #[arg(long)]
        svg: Option<PathBuf>,
    },
    /// K independent token rings on 1 scheduler, then on S: scheduler scaling.
    Rings {
        /// Rings, each with its own token.
        #[arg(long, default_value_t = 8)]
        tokens: u32,
        /// Processes in each ring.
        #[arg(long, default_value_t = 1000)]
        procs: u32,
        /// Rounds each token makes.
        #[arg(long, default_value_t = 100)]
        rounds: u32,
        /// Schedulers to compare against one.
        #[arg(long, default_value_t = 2)]
        schedulers: usize,
        /// Runs of each configuration; the median is reported.
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// The tests of Exercism's Erlang track (a checkout of
    /// https://github.com/exercism/erlang, its `exercises/practice`, or
    /// one exercise), run on erl and on girder: passes side by side.
    Exercism {
        /// The corpus directory.
        dir: PathBuf,
        /// Also write the Markdown table here.
        #[arg(long)]
        output: Option<PathBuf>,
        /// The girder binary (default: `GIRDER_BIN`, or `girder` beside this binary).
        #[arg(long)]
        girder: Option<PathBuf>,
        /// Run erl only; leave the girder column unmeasured.
        #[arg(long, conflicts_with = "girder")]
        erl_only: bool,
        /// Only these exercises (directory names, comma-separated).
        #[arg(long, value_delimiter = ',')]
        only: Vec<String>,
        /// Seconds a VM may take over one exercise before it is killed.
        #[arg(long, default_value_t = 60)]
        timeout: u64,
        /// Exercises run at once (default: one per core).
        #[arg(long)]
        jobs: Option<usize>,
        /// Build here and keep it (default: a scratch directory, removed afterwards).
        #[arg(long)]
        build_dir: Option<PathBuf>,
        /// Run each exercise through EUnit itself (`eunit:test/1`) on both
        /// VMs, rather than through the driver.
        #[arg(long)]
        eunit: bool,
    },
}

fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Command::Exercism { dir, output, girder, erl_only, only, timeout, jobs, build_dir, eunit } = cli.command {
        let girder = if erl_only { None } else { Some(girder.map_or_else(Runner::default_girder, Ok)?) };
        let jobs = jobs.unwrap_or_else(default_schedulers);
        let timeout = std::time::Duration::from_secs(timeout);
        return exercism::run(&exercism::Options { dir, output, girder, only, timeout, jobs, build_dir, eunit });
    }
    let runner = Runner::locate()?;
    match cli.command {
        Command::Exercism { .. } => unreachable!("handled above"),
        Command::Fib { n, runs, compare, json } => fib(&runner, n, runs, compare.as_deref(), json),
        Command::Startup { runs } => startup::run(&runner, runs),
        Command::Binaries { runs, only } => binaries::run(&runner, runs, only.as_deref()),
        Command::Ets { runs, only } => ets::run(&runner, runs, only.as_deref()),
        Command::Otp { runs, only } => otp::run(&runner, runs, only.as_deref()),
        Command::Cpu { runs, only, small, json, svg } => {
            cpu::run(&runner, &cpu::Options { runs, only, small, json, svg })
        }
        Command::Rings { tokens, procs, rounds, schedulers, runs } => {
            rings(&runner, tokens, procs, rounds, schedulers, runs)
        }
        Command::Ring { procs, rounds, schedulers, runs, compare, json, svg } => {
            if procs.is_empty() || procs.contains(&0) {
                bail!("--procs wants one or more counts above zero");
            }
            let schedulers = schedulers.unwrap_or_else(default_schedulers);
            ring::run(&runner, &ring::Options { procs, rounds, schedulers, runs, compare, json, svg })
        }
        Command::Pingpong { round_trips, schedulers, runs, compare, json } => {
            let schedulers = schedulers.unwrap_or_else(default_schedulers);
            pingpong::run(&runner, &pingpong::Options { round_trips, schedulers, runs, compare, json })
        }
        Command::DistPingpong { round_trips, runs, compare, json } => {
            dist_pingpong::run(&runner, &dist_pingpong::Options { round_trips, runs, compare, json })
        }
        Command::LinksMonitors { procs, schedulers, runs, compare, json } => {
            let schedulers = schedulers.unwrap_or_else(default_schedulers);
            links_monitors::run(&runner, &links_monitors::Options { procs, schedulers, runs, compare, json })
        }
        Command::MemoryReturn { procs, idle, schedulers, runs, compare, json } => {
            let schedulers = schedulers.unwrap_or_else(default_schedulers);
            memory_return::run(&runner, &memory_return::Options { procs, idle, schedulers, runs, compare, json })
        }
        Command::SpawnExit { procs, schedulers, runs, compare, json } => {
            let schedulers = schedulers.unwrap_or_else(default_schedulers);
            spawn_exit::run(&runner, &spawn_exit::Options { procs, schedulers, runs, compare, json })
        }
    }
}

/// One scheduler per core, as girder and erl both default to.
fn default_schedulers() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Parses `... in N ns` from a program's output.
fn elapsed_ns(output: &str) -> anyhow::Result<u64> {
    let text = output.trim();
    let digits = text
        .strip_suffix(" ns")
        .and_then(|rest| rest.rsplit(' ').next())
        .with_context(|| format!("no `in N ns` in the output: {text:?}"))?;
    digits.parse().with_context(|| format!("bad elapsed time in {text:?}"))
}

fn fib(runner: &Runner, n: u32, runs: usize, compare: Option<&str>, json: Option<PathBuf>) -> anyhow::Result<()> {
    let program = runner.program("fib.gasm");
    let mut girder = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        girder.push(elapsed_ns(&runner.girder(&["run".as_ref(), program.as_os_str(), n.to_string().as_ref()])?)?);
    }
    let girder_ns = median(&mut girder);
    println!("fib({n})   girder  {:>10.2} ms  (median of {})", girder_ns as f64 / 1e6, girder.len());
    let mut erl_ns = None;
    match compare {
        None => {}
        Some("erl") => {
            if runner.has_erl() {
                let module = runner.compile_erl("fib_bench.erl")?;
                let mut erl = Vec::with_capacity(runs);
                for _ in 0..runs.max(1) {
                    erl.push(elapsed_ns(&runner.erl(&module, "fib_bench", "main", &[&n.to_string()], &[])?)?);
                }
                let median_ns = median(&mut erl);
                println!("fib({n})   erl     {:>10.2} ms  (median of {})", median_ns as f64 / 1e6, erl.len());
                println!("girder / erl = {:.2}", girder_ns as f64 / median_ns as f64);
                erl_ns = Some(median_ns);
            } else {
                println!("erl is not installed: no comparison");
            }
        }
        Some(other) => bail!("--compare takes `erl`, not `{other}`"),
    }
    if let Some(path) = json {
        let mut text = format!("{{\"benchmark\": \"fib\", \"n\": {n}, \"runs\": {runs}, \"girder_ns\": {girder_ns}");
        if let Some(erl_ns) = erl_ns {
            text.push_str(&format!(", \"erl_ns\": {erl_ns}, \"ratio\": {:.4}", girder_ns as f64 / erl_ns as f64));
        }
        text.push_str("}\n");
        std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn rings(runner: &Runner, tokens: u32, procs: u32, rounds: u32, schedulers: usize, runs: usize) -> anyhow::Result<()> {
    let program = runner.program("rings.gasm");
    let hops = u64::from(tokens) * u64::from(procs) * u64::from(rounds);
    let mut medians = Vec::new();
    for n_schedulers in [1, schedulers] {
        let mut figures = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let output = runner.girder(&[
                "run".as_ref(),
                "--schedulers".as_ref(),
                n_schedulers.to_string().as_ref(),
                program.as_os_str(),
                tokens.to_string().as_ref(),
                procs.to_string().as_ref(),
                rounds.to_string().as_ref(),
            ])?;
            figures.push(elapsed_ns(&output)?);
        }
        let median_ns = median(&mut figures);
        println!(
            "rings: {tokens} tokens x {procs} processes x {rounds} rounds on {n_schedulers} scheduler(s): {:>8.1} ms, {:>6.1} ns a hop (median of {})",
            median_ns as f64 / 1e6,
            median_ns as f64 / hops as f64,
            figures.len()
        );
        medians.push(median_ns);
    }
    println!("speed-up on {schedulers} schedulers: {:.2}x", medians[0] as f64 / medians[1] as f64);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::elapsed_ns;

    #[test]
    fn elapsed_is_parsed_from_the_last_words() {
        assert_eq!(elapsed_ns("fib(30) = 832040 in 7098410 ns\n").unwrap(), 7_098_410);
        assert!(elapsed_ns("fib(30) = 832040").is_err());
    }
}
