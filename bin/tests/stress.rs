//! A bounded stress test of the schedulers: many senders and receivers,
//! every message accounted for, no hang (a lost wake-up would hang a run,
//! which the per-run timeout turns into a failure).

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Runs the stress program once; returns its stdout, or why it failed.
fn run_once(schedulers: usize, gc_stress: bool) -> Result<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_girder"))
        .arg("run")
        .arg("--schedulers")
        .arg(schedulers.to_string())
        .arg(root.join("tests/programs/stress.gasm"))
        .env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            let mut stdout = String::new();
            child.stdout.take().unwrap().read_to_string(&mut stdout).map_err(|e| e.to_string())?;
            let mut stderr = String::new();
            child.stderr.take().unwrap().read_to_string(&mut stderr).map_err(|e| e.to_string())?;
            return if status.success() { Ok(stdout) } else { Err(format!("{status}: {stderr}")) };
        }
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            return Err(format!("no end after 60 s on {schedulers} schedulers: a lost wake-up?"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn every_message_arrives_on_any_number_of_schedulers() {
    for (schedulers, runs) in [(1, 3), (2, 20), (4, 10)] {
        for run in 0..runs {
            let stdout =
                run_once(schedulers, false).unwrap_or_else(|e| panic!("run {run} on {schedulers} schedulers: {e}"));
            assert_eq!(stdout, "received 320000\n", "run {run} on {schedulers} schedulers");
        }
    }
}

#[test]
fn every_message_arrives_while_collecting_at_every_safe_point() {
    for schedulers in [1, 2] {
        let stdout = run_once(schedulers, true).unwrap_or_else(|e| panic!("{schedulers} schedulers, gc stress: {e}"));
        assert_eq!(stdout, "received 320000\n");
    }
}
