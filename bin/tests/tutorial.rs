//! The process tutorial under `examples/tutorial/`: every program run
//! through the real `girder` binary, normally and with a collection at every
//! safe point, against its expected output; every Erlang twin run on
//! Erlang/OTP against the same expectation; and every twin, compiled by
//! `erlc`, run as a `.beam` on girder against it too.
//!
//! A program is `examples/tutorial/NAME.gasm` with `NAME.stdout` (compared
//! exactly), and optionally `NAME.status` (the exit status, default 0),
//! `NAME.stderr` (lines that must start lines of stderr, in order) and
//! `NAME.erl` (its Erlang twin). Output is normalised first: pids
//! (`<0.N.0>` → `<PID1>`, numbered in order of appearance), references
//! (`#Ref<REF1>`), funs (`#Fun<FUN>`), the
//! time stamp of an error report (`=ERROR REPORT==== TIME ===`) and the
//! reductions column of a `c:regs()` table (`<REDS>`). `examples/tutorial/README.md`
//! says more.

mod common;

use common::{erlang_available, erlang_required, erlc, normalise, run_with_timeout};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tutorial_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("examples").join("tutorial")
}

/// One program of the tutorial: `NAME.gasm` and the files beside it.
#[derive(Clone, Debug)]
struct Program {
    name: String,
    dir: PathBuf,
}

impl Program {
    fn file(&self, extension: &str) -> PathBuf {
        self.dir.join(format!("{}.{extension}", self.name))
    }

    fn twin(&self) -> PathBuf {
        self.file("erl")
    }
}

/// Every `NAME.gasm` of the tutorial, sorted by name.
fn programs() -> Vec<Program> {
    let dir = tutorial_dir();
    let programs: Vec<Program> = common::files_with_extension(&dir, "gasm")
        .into_iter()
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            Some(Program { name, dir: dir.clone() })
        })
        .collect();
    assert!(!programs.is_empty(), "no programs in {}", dir.display());
    programs
}

/// What a program expects.
struct Expected {
    stdout: String,
    stderr_lines: Vec<String>,
    status: i32,
}

fn read_expected(program: &Program) -> Result<Expected, String> {
    let path = program.file("stdout");
    let stdout = std::fs::read_to_string(&path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let stderr_lines = match std::fs::read_to_string(program.file("stderr")) {
        Ok(text) => normalise(&text).lines().filter(|line| !line.is_empty()).map(str::to_string).collect(),
        Err(_) => Vec::new(),
    };
    let status = match std::fs::read_to_string(program.file("status")) {
        Ok(text) => text.trim().parse().map_err(|_| format!("{}: bad .status file: {text:?}", program.name))?,
        Err(_) => 0,
    };
    Ok(Expected { stdout: normalise(&stdout), stderr_lines, status })
}

// ---- girder ----

#[test]
fn tutorial_programs_run_on_girder() {
    let programs = programs();
    let failures = run_all(&programs, |program| {
        let mut problems = Vec::new();
        for gc_stress in [false, true] {
            let file = program.file("gasm");
            if let Err(problem) = run_on_girder(program, &file, "", gc_stress) {
                problems.push(problem);
            }
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems.join("\n"))
        }
    });
    assert!(
        failures.is_empty(),
        "{} of {} tutorial programs failed:\n\n{}",
        failures.len(),
        programs.len(),
        failures.join("\n\n")
    );
}

/// Runs `file`, one form of a program (its `.gasm`, or its twin's `.beam`),
/// on girder and compares its outputs with the program's expectation.
/// `form` tags the label of a failure (`""` or `"beam, "`).
fn run_on_girder(program: &Program, file: &Path, form: &str, gc_stress: bool) -> Result<(), String> {
    let label = format!("{} [{form}{}]", program.name, if gc_stress { "gc-stress" } else { "default" });
    let expected = read_expected(program)?;
    let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
    command.current_dir(&program.dir).arg("run").arg(file);
    command.env_remove("GIRDER_GC_STRESS");
    if gc_stress {
        command.env("GIRDER_GC_STRESS", "1");
    }
    let output = run_with_timeout(command).map_err(|error| format!("{label}: {error}"))?;
    let stdout = normalise(&output.stdout);
    let stderr = normalise(&output.stderr);
    let status = output.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if status != expected.status {
        problems.push(format!("exit status: expected {}, got {status}", expected.status));
    }
    if stdout != expected.stdout {
        problems.push(difference(&expected.stdout, &stdout));
    }
    if let Err(missing) = lines_in_order(&expected.stderr_lines, &stderr) {
        problems.push(format!("stderr has no line starting with {missing:?} (after the lines before it)"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{label}:\n{}\nstderr:\n{stderr}", problems.join("\n")))
    }
}

/// Checks that each expected line starts some line of `text`, in order;
/// returns the first one that does not.
fn lines_in_order<'a>(expected: &'a [String], text: &str) -> Result<(), &'a str> {
    let mut lines = text.lines();
    for wanted in expected {
        if !lines.by_ref().any(|line| line.starts_with(wanted.as_str())) {
            return Err(wanted);
        }
    }
    Ok(())
}

// ---- Erlang/OTP ----

/// The programs that have an Erlang twin.
fn twins() -> Vec<Program> {
    programs().into_iter().filter(|program| program.twin().is_file()).collect()
}

/// Whether erl and erlc are there to run `count` twins `what`. When they are
/// not, the twins are skipped with a note, unless GIRDER_REQUIRE_ERL=1: CI
/// installs Erlang/OTP and sets it, and there a twin that cannot run is a
/// failure, not a skip.
fn erlang_for(count: usize, what: &str) -> bool {
    if erlang_available() {
        return true;
    }
    assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every twin to run");
    note(&format!("skipped {count} {what}: erl or erlc is not on PATH"));
    false
}

#[test]
fn erlang_twins_agree() {
    let twins = twins();
    if !erlang_for(twins.len(), "erl twins") {
        return;
    }
    let failures = run_all(&twins, run_twin);
    note(&format!("ran {} erl twins", twins.len()));
    assert!(
        failures.is_empty(),
        "{} of {} Erlang twins disagree:\n\n{}",
        failures.len(),
        twins.len(),
        failures.join("\n\n")
    );
}

/// Compiles a twin with `erlc +deterministic` into `scratch`; returns the
/// path of its `.beam`.
fn compile_twin(program: &Program, scratch: &ScratchDir, label: &str) -> Result<PathBuf, String> {
    erlc(&scratch.0, &[program.twin()]).map_err(|error| format!("{label}: {error}"))?;
    Ok(scratch.0.join(format!("{}.beam", program.name)))
}

/// What erl evaluates to run a twin as girder runs a program: `main/1` in a
/// process of its own, which does not trap exits (girder's first process
/// does not; erl's `-eval` process does), and, once it has ended, a stop
/// with status 0 if it returned, or 1 if it died. Either way erl writes out
/// everything printed before it stops, where a dying `-eval` process would
/// halt erl at once.
fn erl_main(module: &str) -> String {
    format!(
        "{{Pid, Ref}} = spawn_monitor('{module}', main, [[]]), \
         receive {{'DOWN', Ref, process, Pid, normal}} -> init:stop(); \
         {{'DOWN', Ref, process, Pid, _}} -> halt(1) end."
    )
}

/// Compiles and runs one twin on erl, and compares its stdout (without the
/// logger's reports) and exit status with the program's expectation.
fn run_twin(program: &Program) -> Result<(), String> {
    let label = format!("{} [erl]", program.name);
    let expected = read_expected(program)?;
    let scratch = ScratchDir::new(&format!("erl-{}", program.name))?;
    compile_twin(program, &scratch, &label)?;
    let mut erl = Command::new("erl");
    erl.current_dir(&scratch.0).arg("-noshell").arg("-pa").arg(&scratch.0).arg("-eval").arg(erl_main(&program.name));
    // A twin whose main process is killed ends erl with a crash dump; none is wanted.
    erl.env("ERL_CRASH_DUMP_SECONDS", "0");
    let output = run_with_timeout(erl).map_err(|error| format!("{label}: {error}"))?;
    let stdout = normalise(&without_logger_output(&output.stdout));
    let status = output.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if status != expected.status {
        problems.push(format!("exit status: expected {}, got {status}", expected.status));
    }
    if stdout != expected.stdout {
        problems.push(difference(&expected.stdout, &stdout));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{label}:\n{}\nerl's stdout:\n{}erl's stderr:\n{}",
            problems.join("\n"),
            output.stdout,
            output.stderr
        ))
    }
}

// ---- the twins, compiled by erlc, on girder ----

#[test]
fn compiled_twins_run_on_girder() {
    let twins = twins();
    if !erlang_for(twins.len(), "compiled twins") {
        return;
    }
    let failures: Vec<String> = run_each(&twins, run_compiled_twin).into_iter().filter_map(Result::err).collect();
    note(&format!("ran {} compiled twins on girder", twins.len()));
    assert!(
        failures.is_empty(),
        "{} of {} twins compiled by erlc failed on girder:\n\n{}",
        failures.len(),
        twins.len(),
        failures.join("\n\n")
    );
}

/// Compiles one twin with erlc and runs its `.beam` on girder, normally and
/// with gc-stress, against the expectation its `.gasm` meets.
fn run_compiled_twin(program: &Program) -> Result<(), String> {
    let scratch = ScratchDir::new(&format!("beam-{}", program.name))?;
    let label = format!("{} [beam]", program.name);
    let beam = compile_twin(program, &scratch, &label)?;
    let mut problems = Vec::new();
    for gc_stress in [false, true] {
        if let Err(problem) = run_on_girder(program, &beam, "beam, ", gc_stress) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// erl's logger writes to standard output: a crash's error report (from
/// `=ERROR REPORT====` to the blank line after it) and, when the process
/// running `-eval` dies, `{"init terminating in do_boot",...}`. girder writes
/// its reports on stderr, so they are dropped here.
fn without_logger_output(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_report = false;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if in_report {
            in_report = !body.is_empty();
        } else if body.starts_with("=ERROR REPORT====") {
            in_report = true;
        } else if !body.starts_with("{\"init terminating in do_boot\"") {
            out.push_str(line);
        }
    }
    out
}

/// Writes a line to stderr past the test harness's capture, so that it shows
/// even when the test passes.
fn note(line: &str) {
    let _ = writeln!(std::io::stderr(), "tutorial: {line}");
}

// ---- normalisation ----

// ---- running programs ----

/// Runs `check` on every program, each on a thread of its own, and returns
/// the failures in the programs' order.
fn run_all(programs: &[Program], check: fn(&Program) -> Result<(), String>) -> Vec<String> {
    run_each(programs, check).into_iter().filter_map(Result::err).collect()
}

/// Runs `check` on every program, each on a thread of its own, and returns
/// the results in the programs' order.
fn run_each<T: Send>(programs: &[Program], check: fn(&Program) -> Result<T, String>) -> Vec<Result<T, String>> {
    std::thread::scope(|scope| {
        let handles: Vec<_> = programs.iter().map(|program| scope.spawn(move || check(program))).collect();
        handles
            .into_iter()
            .zip(programs)
            .map(|(handle, program)| match handle.join() {
                Ok(result) => result,
                Err(_) => Err(format!("{}: the check panicked", program.name)),
            })
            .collect()
    })
}

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(label: &str) -> Result<ScratchDir, String> {
        let dir = std::env::temp_dir().join(format!("girder-tutorial-{}-{label}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        Ok(ScratchDir(dir))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The expected and actual stdout, with the first differing line pointed out.
fn difference(expected: &str, actual: &str) -> String {
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!("stdout differs from line {}\n--- expected:\n{expected}--- actual:\n{actual}", first + 1)
}

// ---- the test's own helpers ----

#[test]
fn normalisation() {
    assert_eq!(normalise("{'EXIT',<0.12.0>,normal} <a.b.c> <1.2>"), "{'EXIT',<PID1>,normal} <a.b.c> <1.2>");
    let down = "{'DOWN',#Ref<0.1.2.3>,process,<0.3.0>,noproc} <0.4.0> <0.3.0> #Ref<0.1.2.4> #Ref<0.1.2.3>";
    let numbered = "{'DOWN',#Ref<REF1>,process,<PID1>,noproc} <PID2> <PID1> #Ref<REF2> #Ref<REF1>";
    assert_eq!(normalise(down), numbered);
    assert_eq!(normalise(numbered), numbered, "normalised text normalises to itself");
    assert_eq!(normalise("=ERROR REPORT==== 1-Jan-2026::00:00:00.000000 ===\n"), "=ERROR REPORT==== TIME ===\n");
    let regs = "** Registered procs on node nonode@nohost **\n\
                Name                  Pid          Initial Call                      Reds Msgs\n\
                echo                  <0.1.0>      registry:echo/0                     17    0\n\
                \n\
                after\n";
    let normalised = "** Registered procs on node nonode@nohost **\n\
                      Name                  Pid          Initial Call                      Reds Msgs\n\
                      echo                  <PID1>      registry:echo/0                     <REDS>    0\n\
                      \n\
                      after\n";
    assert_eq!(normalise(regs), normalised);
    let erl = "a\n=ERROR REPORT==== 1-Jan-2026::00:00:00.000000 ===\nError in process <0.9.0> with exit value:\n{badarith,[]}\n\nb\n{\"init terminating in do_boot\",x}\n";
    assert_eq!(without_logger_output(erl), "a\nb\n");
    let expected = ["x".to_string(), "{badarith,".to_string()];
    assert_eq!(lines_in_order(&expected, "x\ny\n{badarith,[]}\n"), Ok(()));
    assert_eq!(lines_in_order(&expected, "{badarith,[]}\nx\n"), Err("{badarith,"));
}
