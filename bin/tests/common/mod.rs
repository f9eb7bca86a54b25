//! What the test runners share: running a child program with a time limit,
//! finding Erlang/OTP, and normalising program output so that runs
//! on girder and on Erlang/OTP compare equal where only pids, refs, fun
//! names, report times and reduction counts may differ.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// Replaces what legitimately differs from run to run, and between girder
/// and Erlang/OTP: pids and references, numbered in the order they first
/// appear (`<0.85.0>` → `<PID1>`, the next other pid `<PID2>`, the same pid
/// again `<PID1>`; `#Ref<0.1.2.3>` → `#Ref<REF1>`), so that which pid or
/// reference is printed where still counts; funs (`#Fun<...>` →
/// `#Fun<FUN>`), the time stamp of an error report
/// (`=ERROR REPORT==== TIME ===`) and the reductions column of a `c:regs()`
/// table (`<REDS>`), which counts work in a VM's own units.
///
/// Normalised text normalises to itself.
pub fn normalise(text: &str) -> String {
    let text = number_bracketed(text, "#Ref<", "REF");
    let text = replace_bracketed(&text, "#Fun<", "#Fun<FUN>");
    let text = replace_report_times(&text);
    let text = replace_regs_reductions(&text);
    replace_pids(&text)
}

/// In the table `c:regs()` prints, the rows under the column titles (up to
/// the first blank line) end `... Reds Msgs`: their next-to-last field
/// becomes `<REDS>`.
pub fn replace_regs_reductions(text: &str) -> String {
    const TABLE: &str = "** Registered procs on node ";
    let mut out = String::with_capacity(text.len());
    // None outside a table; Some(true) on the column titles; Some(false) on rows.
    let mut in_table: Option<bool> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match in_table {
            _ if body.starts_with(TABLE) => {
                in_table = Some(true);
                out.push_str(line);
            }
            Some(true) => {
                in_table = Some(false);
                out.push_str(line);
            }
            Some(false) if !body.trim().is_empty() => {
                out.push_str(&replace_next_to_last_field(body, "<REDS>"));
                out.push_str(&line[body.len()..]);
            }
            _ => {
                in_table = None;
                out.push_str(line);
            }
        }
    }
    out
}

/// `line` with its next-to-last whitespace-separated field replaced.
pub fn replace_next_to_last_field(line: &str, replacement: &str) -> String {
    let mut fields = Vec::new();
    let mut start = None;
    for (index, character) in line.char_indices() {
        match (character.is_whitespace(), start) {
            (false, None) => start = Some(index),
            (true, Some(from)) => {
                fields.push(from..index);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        fields.push(from..line.len());
    }
    match fields.len().checked_sub(2).map(|index| fields[index].clone()) {
        Some(range) => format!("{}{replacement}{}", &line[..range.start], &line[range.end..]),
        None => line.to_string(),
    }
}

/// Replaces every `prefix...>` with `replacement`.
pub fn replace_bracketed(text: &str, prefix: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start]);
        let after = &rest[start + prefix.len()..];
        match after.find('>') {
            Some(end) => {
                out.push_str(replacement);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(prefix);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replaces every `prefix...>` with `prefix` and `label` numbered by the
/// order in which each distinct `...` first appears: `#Ref<REF1>`.
pub fn number_bracketed(text: &str, prefix: &str, label: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start + prefix.len()]);
        let after = &rest[start + prefix.len()..];
        match after.find('>') {
            Some(end) => {
                let number = ordinal(&mut seen, &after[..end]);
                out.push_str(&format!("{label}{number}>"));
                rest = &after[end + 1..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// The 1-based place of `key` among the keys seen so far, adding it when new.
fn ordinal<'a>(seen: &mut Vec<&'a str>, key: &'a str) -> usize {
    match seen.iter().position(|known| *known == key) {
        Some(index) => index + 1,
        None => {
            seen.push(key);
            seen.len()
        }
    }
}

/// `=ERROR REPORT==== 22-Nov-2026::10:00:00.000000 ===` → `=ERROR REPORT==== TIME ===`,
/// and so for every title (`=CRASH REPORT====`, `=WARNING REPORT====`, ...).
pub fn replace_report_times(text: &str) -> String {
    const MARK: &str = " REPORT==== ";
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match body.find(MARK) {
            Some(at) if body.starts_with('=') && body.ends_with(" ===") => {
                out.push_str(&body[..at + MARK.len()]);
                out.push_str("TIME ===");
                out.push_str(&line[body.len()..]);
            }
            _ => out.push_str(line),
        }
    }
    out
}

/// `<A.B.C>` with decimal A, B and C → `<PID1>`, `<PID2>`... numbered by
/// the order in which each distinct pid first appears.
pub fn replace_pids(text: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('>');
        let is_pid = end.is_some_and(|end| {
            let parts: Vec<&str> = after[..end].split('.').collect();
            parts.len() == 3
                && parts.iter().all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
        });
        match end {
            Some(end) if is_pid => {
                let number = ordinal(&mut seen, &after[..end]);
                out.push_str(&format!("<PID{number}>"));
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The files of `directory` whose names end in `.extension`, sorted.
pub fn files_with_extension(directory: &Path, extension: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(directory)
        .unwrap_or_else(|error| panic!("{}: {error}", directory.display()))
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|found| found == extension))
        .collect();
    files.sort();
    files
}

// ---- running programs ----

/// How long one run of `girder`, `erlc` or `erl` may take before it is
/// killed and the check fails.
pub const TIMEOUT: Duration = Duration::from_secs(30);

/// What a child process printed, and how it ended.
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: ExitStatus,
}

/// Runs `command` to completion, killing it after [`TIMEOUT`].
pub fn run_with_timeout(mut command: Command) -> Result<Output, String> {
    let shown = format!("{command:?}");
    command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = command.spawn().map_err(|error| format!("cannot start {shown}: {error}"))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s: {shown}", TIMEOUT.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(2)),
            Err(error) => return Err(format!("cannot wait for {shown}: {error}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    Ok(Output { stdout, stderr, status })
}

/// Compiles `sources` into `out` with `erlc +deterministic`, killing it
/// after [`TIMEOUT`]; when it fails, what it printed.
pub fn erlc(out: &Path, sources: &[PathBuf]) -> Result<(), String> {
    let mut command = Command::new("erlc");
    command.arg("+deterministic").arg("-o").arg(out).args(sources);
    let compiled = run_with_timeout(command)?;
    if !compiled.status.success() {
        return Err(format!("erlc failed:\n{}{}", compiled.stdout, compiled.stderr));
    }
    Ok(())
}

/// Reads a pipe to its end on another thread, so a chatty child never blocks.
pub fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        String::from_utf8_lossy(&bytes).into_owned()
    })
}

/// The environment variable that makes a test needing Erlang/OTP fail
/// when `erl` or `erlc` is missing, as CI sets it, rather than skip.
pub const REQUIRE_ERLANG: &str = "GIRDER_REQUIRE_ERL";

/// Whether [`REQUIRE_ERLANG`] is `1`: a test that cannot find Erlang/OTP
/// must fail.
pub fn erlang_required() -> bool {
    std::env::var_os(REQUIRE_ERLANG).is_some_and(|value| value == "1")
}

/// Whether `erl` and `erlc` are both on `PATH`.
pub fn erlang_available() -> bool {
    let Some(path) = std::env::var_os("PATH") else {
        return false;
    };
    let on_path = |program: &str| std::env::split_paths(&path).any(|dir| dir.join(program).is_file());
    on_path("erl") && on_path("erlc")
}
