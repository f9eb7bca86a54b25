//! Start-up: how long `girder run hello_start.beam` takes from process start
//! to exit, side by side with `erl -noshell -s hello_start main -s init stop`
//! (and girder running the same program as assembly, `hello.gasm` of the
//! examples, which needs no module of Erlang/OTP's library).
//!
//! The two VMs run alternately, `runs` times each, so that the machine's
//! noise falls on both; the figures are medians of wall-clock time.

use crate::runner::{median, Runner};
use anyhow::{bail, Context};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// Runs a command to its end and returns the wall-clock time it took, in ns.
fn time(command: &mut Command) -> anyhow::Result<u64> {
    let start = Instant::now();
    let output = command.stdin(Stdio::null()).output().with_context(|| format!("cannot start {command:?}"))?;
    let elapsed = start.elapsed().as_nanos() as u64;
    if !output.status.success() || !String::from_utf8_lossy(&output.stdout).starts_with("Hello") {
        bail!("{command:?} failed ({}): {}", output.status, String::from_utf8_lossy(&output.stderr));
    }
    Ok(elapsed)
}

/// Measures and prints the start-up figures.
pub fn run(runner: &Runner, runs: usize) -> anyhow::Result<()> {
    if !runner.has_erl() {
        bail!("start-up is measured against erl, which is not installed (and girder needs erlc for the .beam)");
    }
    let directory = runner.compile_erl("hello_start.erl")?;
    let beam = directory.join("hello_start.beam");
    let gasm = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("examples").join("hello.gasm");
    let (mut girder, mut girder_gasm, mut erl) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs.max(1) {
        girder.push(time(runner.girder_raw().arg("run").arg(&beam))?);
        erl.push(time(Command::new("erl").arg("-noshell").arg("-pa").arg(&directory).args([
            "-s",
            "hello_start",
            "main",
            "-s",
            "init",
            "stop",
        ]))?);
        girder_gasm.push(time(runner.girder_raw().arg("run").arg(&gasm))?);
    }
    let (girder, girder_gasm, erl) = (median(&mut girder), median(&mut girder_gasm), median(&mut erl));
    let ms = |ns: u64| ns as f64 / 1e6;
    println!("start-up to exit, median of {runs} alternated runs:");
    println!("  girder run hello_start.beam (loads OTP's lists)  {:>8.1} ms", ms(girder));
    println!("  girder run hello.gasm                            {:>8.1} ms", ms(girder_gasm));
    println!("  erl -noshell -s hello_start main -s init stop    {:>8.1} ms", ms(erl));
    println!("erl / girder (.beam) = {:.1}x", erl as f64 / girder as f64);
    Ok(())
}
