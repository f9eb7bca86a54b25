//! Running one benchmark program while watching its resident memory.
//!
//! The program runs as a child process with its standard output piped. A
//! reader thread takes each line as it arrives and reads the child's
//! resident set at once, so that a phase line (`spawn 1000000 ...`) comes
//! with the memory in use at the end of that phase. Meanwhile the calling
//! thread samples the resident set every few milliseconds, keeping the
//! peak, and stops the child if it grows past a limit.

use crate::memory;
use crate::progress::Progress;
use anyhow::{bail, Context};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How often the resident set is sampled.
const SAMPLE_EVERY: Duration = Duration::from_millis(5);

/// A line the program printed, with the resident memory when it arrived.
#[derive(Clone, Debug)]
pub struct Line {
    /// The text, without its newline.
    pub text: String,
    /// The child's resident set just after the line was read, in bytes;
    /// `None` when the child had already exited by then.
    pub resident_bytes: Option<u64>,
}

/// What one sampled run produced.
#[derive(Clone, Debug)]
pub struct Sampled {
    /// Every line of standard output, in order.
    pub lines: Vec<Line>,
    /// The highest resident set seen, in bytes (the kernel's high-water
    /// mark, as of the last sample before the child exited).
    pub peak_resident_bytes: u64,
    /// From starting the child to its exit, in nanoseconds.
    pub wall_ns: u64,
}

/// Runs `command` to completion, sampling its memory and reporting progress.
/// Fails when the child fails, or grows past `limit_bytes` (it is then killed).
pub fn run(command: &mut Command, progress: &Progress, limit_bytes: u64) -> anyhow::Result<Sampled> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let pid = child.id();
    let stdout = child.stdout.take().context("the child's standard output")?;
    let mut stderr = child.stderr.take().context("the child's standard error")?;
    let (sender, receiver) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        for text in BufReader::new(stdout).lines().map_while(Result::ok) {
            let resident_bytes = memory::resident(pid).map(|resident| resident.now);
            if sender.send(Line { text, resident_bytes }).is_err() {
                break;
            }
        }
    });
    let error_reader = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });

    let mut lines = Vec::new();
    let mut peak = 0;
    let mut last_phase = String::from("in its first phase");
    let mut last_shown = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if let Some(resident) = memory::resident(pid) {
            peak = peak.max(resident.peak);
            if resident.now > limit_bytes {
                let _ = child.kill();
                let _ = child.wait();
                bail!(
                    "stopped {command:?}: its resident memory reached {}, past the limit of {}",
                    crate::report::bytes(resident.now as f64),
                    crate::report::bytes(limit_bytes as f64)
                );
            }
            if last_shown.elapsed() > Duration::from_millis(100) {
                progress.status(&last_phase, resident.now);
                last_shown = Instant::now();
            }
        }
        match receiver.recv_timeout(SAMPLE_EVERY) {
            Ok(line) => {
                last_phase = format!("after `{}`", line.text.split_whitespace().next().unwrap_or(""));
                lines.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) | Err(mpsc::RecvTimeoutError::Disconnected) => {}
        }
    };
    let wall_ns = started.elapsed().as_nanos() as u64;
    let _ = reader.join();
    lines.extend(receiver.try_iter());
    let errors = error_reader.join().unwrap_or_default();
    if !status.success() {
        bail!("{command:?} failed ({status}): {}", errors.trim());
    }
    Ok(Sampled { lines, peak_resident_bytes: peak, wall_ns })
}
