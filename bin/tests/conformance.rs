//! The conformance suite: every case under `spec/conformance/` run through
//! the real `girder` binary, under several configurations, against the
//! expected output beside it; each case's Erlang twin run on Erlang/OTP
//! against the same expectation; malformed bytecode that must be refused;
//! and a coverage check that every instruction, fast op, superinstruction
//! and BIF is executed by some case.
//!
//! A case is `spec/conformance/<group>/<name>.gasm` with `<name>.stdout`
//! (exact), and optionally `<name>.stderr` and `<name>.status` (default 0).
//! Output is normalised before comparison (pids, references, funs, the
//! error report's time stamp and the reductions of a `c:regs()` table; see
//! [`normalise`]). `GIRDER_BLESS=1` writes the current outputs as the
//! expectations. `spec/conformance/README.md` says more.
//!
//! The runner is a `harness = false` test built on `libtest-mimic`, so the
//! usual filters work: `cargo test -p girder --test conformance -- maps/`.

mod common;

use common::{erlang_available, erlang_required, erlc, normalise, run_with_timeout, REQUIRE_ERLANG};
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

/// The group whose cases are malformed assembly: they are expected to fail
/// in the assembler, so they run once, in the default configuration.
const ASM_ERRORS_GROUP: &str = "asm_errors";

/// One way of running the VM. Every case runs under each of these.
struct Config {
    /// The name shown in brackets after the case's name.
    name: &'static str,
    /// Options placed between `run` and the file.
    args: &'static [&'static str],
    /// Environment variables set for the run.
    env: &'static [(&'static str, &'static str)],
}

/// The configurations every case runs under. The first one is the one
/// `GIRDER_BLESS=1` records.
const CONFIGS: &[Config] = &[
    // Two scheduler threads, whatever the machine has.
    Config { name: "schedulers-2", args: &["--schedulers", "2"], env: &[] },
    // A collection at every safe point: a live count or a heap reservation
    // that is wrong shows up here.
    Config { name: "gc-stress", args: &[], env: &[("GIRDER_GC_STRESS", "1")] },
    // Preemption every few calls: yielding and resuming must be invisible.
    Config { name: "reductions-7", args: &["--reductions", "7"], env: &[] },
    // One scheduler thread.
    Config { name: "schedulers-1", args: &["--schedulers", "1"], env: &[] },
];

/// Instructions, ops and BIFs that no case can execute yet, each with the
/// reason. Entries are instruction names (`send`), ops of the op array
/// (`AllocateMoveXY`) or BIFs (`erlang:spawn/1`). The coverage trial fails
/// when an entry here is in fact executed, so the list only ever shrinks.
const NOT_YET_COVERED: &[(&str, &str)] = &[];

fn main() {
    let arguments = Arguments::from_args();
    let root = conformance_dir();
    let cases = discover(&root);
    let bless = std::env::var_os("GIRDER_BLESS").is_some_and(|value| value == "1");
    let erlang = erlang_available();
    let erlang_required = erlang_required();
    let mut trials = Vec::new();
    let mut skipped_twins = 0;
    for case in &cases {
        let configs = if case.group == ASM_ERRORS_GROUP { &CONFIGS[..1] } else { CONFIGS };
        for (index, config) in configs.iter().enumerate() {
            let case = case.clone();
            let blessing = bless && index == 0;
            trials.push(Trial::test(format!("{} [{}]", case.id(), config.name), move || {
                run_case(&case, config, blessing, erlang)
            }));
        }
        if case.twin().is_file() {
            let mut twin_trials: Vec<(String, TrialFn)> = Vec::new();
            let twin = case.clone();
            twin_trials.push((format!("{} [erl]", case.id()), Box::new(move || run_twin(&twin, bless))));
            for config in BEAM_CONFIGS {
                let twin = case.clone();
                let name = format!("{} [{}]", case.id(), config.name);
                twin_trials.push((name, Box::new(move || run_beam(&twin, config, false))));
            }
            let twin = case.clone();
            let name = format!("{} [beam disasm]", case.id());
            twin_trials.push((name, Box::new(move || run_beam(&twin, &BEAM_CONFIGS[0], true))));
            for (name, trial) in twin_trials {
                if erlang {
                    trials.push(Trial::test(name, trial));
                } else if erlang_required {
                    trials.push(Trial::test(name, || {
                        Err(format!("erl and erlc are not on PATH, and {REQUIRE_ERLANG}=1 asks for every twin to run")
                            .into())
                    }));
                } else {
                    skipped_twins += 1;
                    trials.push(Trial::test(name, || Ok(())).with_ignored_flag(true));
                }
            }
        }
    }
    for malformed in girder_loader::samples::malformed_cases() {
        trials.push(Trial::test(format!("gbc/{}", malformed.name), move || run_malformed(&malformed)));
    }
    {
        let cases = cases.clone();
        trials.push(Trial::test("coverage", move || coverage(&cases)));
    }
    let n_trials = trials.len();
    let conclusion = libtest_mimic::run(&arguments, trials);
    if !erlang {
        // Said on both streams, so that it shows whichever one is read.
        let warning = if erlang_required {
            format!("conformance: erl and erlc are not on PATH: every Erlang twin fails ({REQUIRE_ERLANG}=1)")
        } else {
            format!(
                "conformance: erl and erlc are not on PATH, so {skipped_twins} Erlang twins did NOT run: girder \
                 was checked against its recorded expectations only (set {REQUIRE_ERLANG}=1 to make this an error)"
            )
        };
        println!("{warning}");
        eprintln!("{warning}");
    } else {
        println!("conformance: {n_trials} trials, every twin run on erl");
    }
    conclusion.exit();
}

// ---- cases ----

/// One case: `<dir>/<name>.gasm` and the files beside it.
#[derive(Clone, Debug)]
struct Case {
    group: String,
    name: String,
    dir: PathBuf,
}

impl Case {
    /// `group/name`, the case's name in trial names and messages.
    fn id(&self) -> String {
        format!("{}/{}", self.group, self.name)
    }

    /// The file beside the case with the given extension.
    fn file(&self, extension: &str) -> PathBuf {
        self.dir.join(format!("{}.{extension}", self.name))
    }

    fn twin(&self) -> PathBuf {
        self.file("erl")
    }
}

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("spec").join("conformance")
}

/// Every `<group>/<name>.gasm` under `root`, sorted.
fn discover(root: &Path) -> Vec<Case> {
    let mut cases = Vec::new();
    let groups = std::fs::read_dir(root).unwrap_or_else(|error| panic!("cannot read {}: {error}", root.display()));
    for group in groups.flatten() {
        let dir = group.path();
        if !dir.is_dir() {
            continue;
        }
        for path in common::files_with_extension(&dir, "gasm") {
            let (Some(group), Some(name)) = (dir.file_name(), path.file_stem()) else {
                continue;
            };
            cases.push(Case {
                group: group.to_string_lossy().into_owned(),
                name: name.to_string_lossy().into_owned(),
                dir: dir.clone(),
            });
        }
    }
    cases.sort_by_key(Case::id);
    cases
}

/// What a case expects: its files, or the defaults.
struct Expected {
    stdout: String,
    stderr: String,
    status: i32,
}

fn read_expected(case: &Case) -> Result<Expected, Failed> {
    let stdout = std::fs::read(case.file("stdout"))
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .map_err(|_| format!("{}: no expectation; bless with GIRDER_BLESS=1", case.id()))?;
    let stderr = std::fs::read(case.file("stderr"))
        .map(|bytes| String::from_utf8_lossy(&bytes).into_owned())
        .unwrap_or_default();
    let status = match std::fs::read_to_string(case.file("status")) {
        Ok(text) => text.trim().parse().map_err(|_| format!("{}: bad .status file: {text:?}", case.id()))?,
        Err(_) => 0,
    };
    Ok(Expected { stdout: normalise(&stdout), stderr: normalise(&stderr), status })
}

/// Runs `girder run PROGRAM` from the case's directory under a
/// configuration; returns its normalised stdout and stderr and its status.
fn run_girder(case: &Case, config: &Config, program: &Path) -> Result<(String, String, i32), Failed> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
    command.current_dir(&case.dir).arg("run").args(config.args).arg(program);
    command.env_remove("GIRDER_GC_STRESS");
    for (key, value) in config.env {
        command.env(key, value);
    }
    let output = run_with_timeout(command)?;
    Ok((normalise(&output.stdout), normalise(&output.stderr), output.status.code().unwrap_or(-1)))
}

/// Runs a case under one configuration and compares (or, when blessing,
/// records) its outputs.
fn run_case(case: &Case, config: &Config, bless: bool, erlang: bool) -> Result<(), Failed> {
    let (stdout, stderr, status) = run_girder(case, config, Path::new(&format!("{}.gasm", case.name)))?;
    if bless {
        // A twin's output is Erlang's, so the twin trial records stdout.
        if !(erlang && case.twin().is_file()) {
            write(&case.file("stdout"), &stdout)?;
        }
        write_or_remove(&case.file("stderr"), &stderr)?;
        write_or_remove(&case.file("status"), &if status == 0 { String::new() } else { format!("{status}\n") })?;
        return Ok(());
    }
    let expected = read_expected(case)?;
    let mut problems = Vec::new();
    if status != expected.status {
        problems.push(format!("exit status: expected {}, got {status}", expected.status));
    }
    if stdout != expected.stdout {
        problems.push(difference("stdout", &expected.stdout, &stdout));
    }
    if stderr != expected.stderr {
        problems.push(difference("stderr", &expected.stderr, &stderr));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = format!("{} [{}] differs from its expectation:\n", case.id(), config.name);
    for problem in problems {
        message.push_str(&problem);
    }
    if expected.stderr.is_empty() && !stderr.is_empty() && !message.contains("--- stderr") {
        message.push_str(&format!("stderr:\n{stderr}"));
    }
    Err(message.into())
}

/// Compiles and runs a case's Erlang twin and compares its stdout and exit
/// status with the case's expectation, and its stderr too when the twin
/// ended without an exception (or records its stdout, when blessing).
fn run_twin(case: &Case, bless: bool) -> Result<(), Failed> {
    let scratch = ScratchDir::new(&format!("{}-{}", case.group, case.name))?;
    erlc(&scratch.0, &[case.twin()]).map_err(|error| format!("{}: {error}", case.twin().display()))?;
    // The twin's module is named as the case. `main/1` runs in a fresh
    // process, as a girder program does (not trapping exits, free to end
    // itself). An error or throw is printed on stderr as `{Class, Reason}`
    // (girder's report holds a stack that erl's cannot match) and ends the
    // process with `raised`, and erl exits as girder does: status 0 when
    // the process ended normally, 1 otherwise, or the status of a `halt/1`.
    let eval = format!(
        "{{Pid, Ref}} = spawn_monitor(fun() -> try '{name}':main([]) catch Class:Reason when Class =/= exit -> \
         io:format(standard_error, \"~p~n\", [{{Class, Reason}}]), exit({TWIN_RAISED}) end end), \
         receive {{'DOWN', Ref, process, Pid, Reason}} -> erlang:halt(case Reason of normal -> 0; _ -> 1 end) end.",
        name = case.name
    );
    let mut erl = Command::new("erl");
    erl.current_dir(&scratch.0).arg("-noshell").arg("-pa").arg(&scratch.0).arg("-eval").arg(eval);
    erl.env("ERL_CRASH_DUMP_SECONDS", "0");
    let output = run_with_timeout(erl)?;
    let stdout = normalise(&output.stdout);
    let stderr = normalise(&output.stderr);
    if bless {
        write(&case.file("stdout"), &stdout)?;
        return Ok(());
    }
    let expected = read_expected(case)?;
    let mut problems = Vec::new();
    let status = output.status.code().unwrap_or(-1);
    if status != expected.status {
        problems.push(format!("exit status: expected {}, got {status}\n", expected.status));
    }
    if stdout != expected.stdout {
        problems.push(difference("stdout", &expected.stdout, &stdout));
    }
    // What erl prints on stderr is compared only when the twin raised no
    // exception: then it is what the program wrote there, as on girder.
    let raised = status == 1 && output.stderr.lines().count() == 1 && output.stderr.starts_with('{');
    if !raised && stderr != expected.stderr {
        problems.push(difference("stderr", &expected.stderr, &stderr));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = format!("{} [erl]: Erlang/OTP disagrees with the expectation:\n", case.id());
    for problem in problems {
        message.push_str(&problem);
    }
    if !output.stderr.is_empty() && !message.contains("--- stderr") {
        message.push_str(&format!("erl's stderr:\n{}", output.stderr));
    }
    Err(message.into())
}

/// A trial's body.
type TrialFn = Box<dyn FnOnce() -> Result<(), Failed> + Send>;

/// The configurations a twin compiled by `erlc` runs under on girder.
const BEAM_CONFIGS: &[Config] = &[
    Config { name: "beam", args: &["--schedulers", "2"], env: &[] },
    Config { name: "beam gc-stress", args: &[], env: &[("GIRDER_GC_STRESS", "1")] },
];

/// The directory holding every twin compiled by `erlc +deterministic`, one
/// subdirectory per group; compiled once, by the first trial that needs it.
fn compiled_twins(cases_root: &Path) -> Result<&'static Path, Failed> {
    static COMPILED: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    let compiled = COMPILED.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("girder-conformance-{}-beam", std::process::id()));
        let mut groups: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
        for case in discover(cases_root) {
            if case.twin().is_file() {
                groups.entry(root.join(&case.group)).or_default().push(case.twin());
            }
        }
        for (out, twins) in groups {
            std::fs::create_dir_all(&out).map_err(|error| format!("cannot create {}: {error}", out.display()))?;
            erlc(&out, &twins)?;
        }
        Ok(root)
    });
    match compiled {
        Ok(root) => Ok(root.as_path()),
        Err(message) => Err(message.clone().into()),
    }
}

/// Runs a case's twin, compiled by `erlc`, on girder: its stdout and exit
/// status must be the case's expectation, and its stderr too when the
/// program ends normally (a crash report's stack trace names the `.erl`
/// source's lines, where the assembly names its own).
///
/// With `disassembled`, the `.beam` file is first printed as assembly by
/// `girder disasm`, and that assembly is what runs.
fn run_beam(case: &Case, config: &Config, disassembled: bool) -> Result<(), Failed> {
    let beam = compiled_twins(&conformance_dir())?.join(&case.group).join(format!("{}.beam", case.name));
    let scratch;
    let program = if disassembled {
        let mut disasm = Command::new(env!("CARGO_BIN_EXE_girder"));
        disasm.arg("disasm").arg(&beam);
        let output = run_with_timeout(disasm)?;
        if !output.status.success() {
            return Err(format!("girder disasm {} failed:\n{}", beam.display(), output.stderr).into());
        }
        scratch = ScratchDir::new(&format!("{}-{}-disasm", case.group, case.name))?;
        let file = scratch.0.join(format!("{}.gasm", case.name));
        write(&file, &output.stdout)?;
        file
    } else {
        beam
    };
    let (stdout, stderr, status) = run_girder(case, config, &program)?;
    let expected = read_expected(case)?;
    let mut problems = Vec::new();
    if status != expected.status {
        problems.push(format!("exit status: expected {}, got {status}\n", expected.status));
    }
    if stdout != expected.stdout {
        problems.push(difference("stdout", &expected.stdout, &stdout));
    }
    if expected.status == 0 && stderr != expected.stderr {
        problems.push(difference("stderr", &expected.stderr, &stderr));
    }
    if problems.is_empty() {
        return Ok(());
    }
    let mut message = format!("{} [{}]: the twin compiled by erlc differs on girder:\n", case.id(), config.name);
    for problem in problems {
        message.push_str(&problem);
    }
    if !stderr.is_empty() && !message.contains("--- stderr") {
        message.push_str(&format!("stderr:\n{stderr}"));
    }
    Err(message.into())
}

/// The reason a twin's process ends with when `main/1` raised an error or
/// a throw (after printing it on stderr).
const TWIN_RAISED: &str = "raised";

/// Runs `girder run` on one malformed bytecode file: it must be refused
/// with status 2 and the case's message, never with an internal error.
fn run_malformed(case: &girder_loader::samples::MalformedCase) -> Result<(), Failed> {
    let scratch = ScratchDir::new(&format!("gbc-{}", case.name))?;
    let file = scratch.0.join(format!("{}.gbc", case.name));
    std::fs::write(&file, &case.bytes).map_err(|error| format!("cannot write {}: {error}", file.display()))?;
    let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
    command.current_dir(&scratch.0).arg("run").arg(format!("{}.gbc", case.name));
    let output = run_with_timeout(command)?;
    let status = output.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if status != 2 {
        problems.push(format!("exit status: expected 2, got {status}"));
    }
    if !output.stderr.contains(&case.message) {
        problems.push(format!("stderr does not contain {:?}", case.message));
    }
    if output.stderr.contains("internal error") || output.stderr.contains("panicked") {
        problems.push("girder reported an internal error".to_string());
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("gbc/{} ({}): {}\nstderr:\n{}", case.name, case.description, problems.join("; "), output.stderr)
            .into())
    }
}

// ---- coverage ----

/// What the coverage runs executed, summed over every case: by
/// `instruction NAME`, `op NAME` and `bif MODULE:NAME/ARITY`, how many
/// times, and for an op how many of those fell back to the generic
/// handler (see `girder_vm::coverage::report`).
#[derive(Default)]
struct Executed {
    counts: BTreeMap<String, (u64, u64)>,
}

impl Executed {
    /// Adds one run's report.
    fn add(&mut self, report: &str) -> Result<(), String> {
        for line in report.lines() {
            let fields: Vec<&str> = line.split(' ').collect();
            let parsed = match fields[..] {
                [kind, name, n] => n.parse::<u64>().ok().map(|n| (kind, name, n, 0)),
                [kind, name, n, fallbacks] => {
                    n.parse().ok().zip(fallbacks.parse().ok()).map(|(n, f)| (kind, name, n, f))
                }
                _ => None,
            };
            let Some((kind, name, n, fallbacks)) = parsed else {
                return Err(format!("a coverage report line girder should not write: {line:?}"));
            };
            let entry = self.counts.entry(format!("{kind} {name}")).or_default();
            entry.0 += n;
            entry.1 += fallbacks;
        }
        Ok(())
    }

    /// The names of one kind (`instruction`, `op`, `bif`) with whether each
    /// executed: an op only when its fast path was taken at least once.
    fn of_kind<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = (&'a str, bool)> + 'a {
        self.counts.iter().filter_map(move |(key, &(n, fallbacks))| {
            let name = key.strip_prefix(kind)?.strip_prefix(' ')?;
            Some((name, n > fallbacks))
        })
    }
}

/// The ops that are not shortcuts: the generic handler's marker and the
/// op past the last instruction, which must never run.
const NOT_FAST_OPS: &[&str] = &["Generic", "End"];

/// Runs every case once (the first configuration) with
/// `GIRDER_COVERAGE_FILE`, sums what the interpreter executed, and fails
/// naming every instruction, op of the op array (a fast path or a
/// superinstruction, counted when its fast path was taken) and BIF that
/// no case executed, apart from those in [`NOT_YET_COVERED`].
fn coverage(cases: &[Case]) -> Result<(), Failed> {
    let scratch = ScratchDir::new("coverage")?;
    let cases: Vec<&Case> = cases.iter().filter(|case| case.group != ASM_ERRORS_GROUP).collect();
    let reports = std::thread::scope(|scope| {
        let workers: Vec<_> = [0, 1]
            .into_iter()
            .map(|worker| {
                let (cases, scratch) = (&cases, &scratch);
                scope.spawn(move || -> Result<Vec<String>, Failed> {
                    let mut reports = Vec::new();
                    for (index, case) in cases.iter().enumerate().skip(worker).step_by(2) {
                        let file = scratch.0.join(format!("{index}.coverage"));
                        let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
                        command.current_dir(&case.dir).arg("run").args(CONFIGS[0].args);
                        command.arg(format!("{}.gasm", case.name)).env("GIRDER_COVERAGE_FILE", &file);
                        command.env_remove("GIRDER_GC_STRESS");
                        run_with_timeout(command)?;
                        let report = std::fs::read_to_string(&file).map_err(|_| {
                            format!(
                                "girder wrote no coverage report for {}: the binary must be built with the \
                                 `coverage` feature of girder-vm (bin/Cargo.toml turns it on for tests)",
                                case.id()
                            )
                        })?;
                        reports.push(report);
                    }
                    Ok(reports)
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().expect("a coverage worker panicked")).collect::<Vec<_>>()
    });
    let mut executed = Executed::default();
    for report in reports {
        for report in report? {
            executed.add(&report)?;
        }
    }
    let allowed = |name: &str| NOT_YET_COVERED.iter().any(|(entry, _)| *entry == name);
    let mut problems = Vec::new();
    let mut missing = Vec::new();
    let mut stale = Vec::new();
    let mut figures = Vec::new();
    for (kind, shown) in [("instruction", "instruction"), ("op", "fast op or superinstruction"), ("bif", "BIF")] {
        let (mut covered, mut total) = (0, 0);
        for (name, ran) in executed.of_kind(kind) {
            if kind == "op" && NOT_FAST_OPS.contains(&name) {
                continue;
            }
            total += 1;
            covered += usize::from(ran);
            match (ran, allowed(name)) {
                (false, false) => missing.push(format!("{shown} `{name}`")),
                (true, true) => stale.push(name.to_string()),
                _ => {}
            }
        }
        if total == 0 {
            problems.push(format!("the coverage reports name no {shown}"));
        }
        figures.push(format!("{shown}s {covered}/{total} ({:.1}%)", percent(covered, total)));
    }
    println!("coverage, executed: {}", figures.join(", "));
    if !missing.is_empty() {
        problems.push(format!("no case executes:\n  {}", missing.join("\n  ")));
    }
    if !stale.is_empty() {
        problems.push(format!("executed now, so remove from NOT_YET_COVERED: {}", stale.join(", ")));
    }
    for (entry, _) in NOT_YET_COVERED {
        let known =
            ["instruction", "op", "bif"].iter().any(|kind| executed.counts.contains_key(&format!("{kind} {entry}")));
        if !known {
            problems.push(format!("NOT_YET_COVERED names `{entry}`, which is neither an instruction, an op nor a BIF"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        100.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

// ---- normalisation ----

// ---- running programs ----

/// A directory of its own under the system's temporary directory, removed
/// when dropped.
struct ScratchDir(PathBuf);

impl ScratchDir {
    fn new(label: &str) -> Result<ScratchDir, Failed> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("girder-conformance-{}-{unique}-{label}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|error| format!("cannot create {}: {error}", dir.display()))?;
        Ok(ScratchDir(dir))
    }
}

impl Drop for ScratchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

// ---- expectations ----

fn write(path: &Path, text: &str) -> Result<(), Failed> {
    std::fs::write(path, text).map_err(|error| format!("cannot write {}: {error}", path.display()).into())
}

/// Writes `text` to `path`, or removes `path` when `text` is empty.
fn write_or_remove(path: &Path, text: &str) -> Result<(), Failed> {
    if text.is_empty() {
        match std::fs::remove_file(path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(format!("cannot remove {}: {error}", path.display()).into())
            }
            _ => Ok(()),
        }
    } else {
        write(path, text)
    }
}

/// The expected and actual texts of one stream, with the first differing
/// line pointed out.
fn difference(stream: &str, expected: &str, actual: &str) -> String {
    let first = expected
        .lines()
        .zip(actual.lines())
        .position(|(a, b)| a != b)
        .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
    format!(
        "--- {stream}: first difference at line {}\n--- expected:\n{}--- actual:\n{}",
        first + 1,
        with_final_newline(expected),
        with_final_newline(actual)
    )
}

fn with_final_newline(text: &str) -> String {
    if text.is_empty() || text.ends_with('\n') {
        text.to_string()
    } else {
        format!("{text}\n(no newline at the end)\n")
    }
}
