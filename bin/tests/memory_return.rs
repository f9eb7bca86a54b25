//! Memory goes back to the system: a ring of 300,000 processes is spawned
//! and killed (`bench/programs/memory_return.gasm`), and while the VM then
//! sits idle its resident memory falls back to within a tenth of what the
//! ring took. Nothing here is timed: the program idles for eight seconds,
//! and the test looks at the resident memory it reports at its last idle
//! line; the helper that gives memory back looks once a second.
//!
//! Linux only: resident memory is read from `/proc`.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const PROCS: u64 = 300_000;
const IDLE_SECONDS: u64 = 8;

/// The child's resident memory in bytes (`VmRSS`).
fn resident(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|line| line.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

#[test]
fn an_idle_vm_gives_back_what_a_large_ring_took() {
    if !Path::new("/proc/self/status").exists() {
        eprintln!("skipped: no /proc to read resident memory from");
        return;
    }
    let program = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/programs/memory_return.gasm");
    let mut child = Command::new(env!("CARGO_BIN_EXE_girder"))
        .args(["run", "--max-processes", &(PROCS + 100).to_string()])
        .arg(&program)
        .args([PROCS.to_string(), IDLE_SECONDS.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("girder starts");
    let pid = child.id();
    let stdout = BufReader::new(child.stdout.take().expect("piped"));
    let (mut start, mut peak, mut last_idle) = (None, 0, None);
    let mut lines = Vec::new();
    for line in stdout.lines() {
        let line = line.expect("a line of output");
        let now = resident(pid);
        match line.split_whitespace().next() {
            Some("start") => start = now,
            // Every process is alive once the token has been around.
            Some("settle") if last_idle.is_none() => peak = peak.max(now.unwrap_or(0)),
            Some("idle") => last_idle = now,
            _ => {}
        }
        lines.push(line);
    }
    assert!(child.wait().expect("girder ends").success(), "girder failed; it printed {lines:?}");
    assert_eq!(lines.last().map(String::as_str), Some(format!("checksum {PROCS}").as_str()), "{lines:?}");
    assert!(lines.iter().any(|line| line.starts_with("respawn ")), "the ring was spawned again: {lines:?}");
    let (start, last_idle) = (start.expect("memory read at start"), last_idle.expect("memory read when idle"));
    let took = peak.saturating_sub(start);
    // 300,000 ring processes hold about 100 MB.
    assert!(took > 50 << 20, "the ring took {took} bytes (start {start}, peak {peak})");
    let kept = last_idle.saturating_sub(start);
    println!("start {start} B, peak {peak} B, after {IDLE_SECONDS} s idle {last_idle} B: kept {kept} of {took}");
    assert!(kept * 10 <= took, "kept {kept} bytes of the {took} the ring took, {IDLE_SECONDS} s after it ended");
}
