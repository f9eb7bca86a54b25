//! `girder-bench exercism DIR`: the exercises of Exercism's Erlang track, a
//! corpus of idiomatic Erlang with its own EUnit tests, run on erl and on
//! girder side by side.
//!
//! For each exercise the example solution (`.meta/example.erl`, whose
//! `-module(example)` is renamed to the module the tests call: the one of
//! the stub in `src/`) and its tests (`test/*_tests.erl`) are compiled with
//! `erlc` into a scratch directory. The tests include a header of the
//! track's tooling, `erl_exercism/include/exercism.hrl`, which the
//! repository does not hold; an empty stand-in is found through `ERL_LIBS`.
//! The driver (`bench/exercism/exercism_driver.erl`) then runs every test
//! without EUnit's runtime, once on erl and once on girder, printing a line
//! a test; EUnit itself runs the same modules on erl, so that the driver's
//! counts can be checked against EUnit's own.
//!
//! With `--eunit`, EUnit itself (OTP's `eunit`, `eunit:test/1`) runs each
//! exercise's test modules on both VMs instead, and its summaries are
//! compared.

use anyhow::{bail, Context};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The driver's source, compiled with `erlc` into the scratch directory.
const DRIVER_SOURCE: &str = include_str!("../exercism/exercism_driver.erl");

/// The driver's module.
const DRIVER: &str = "exercism_driver";

/// What `girder-bench exercism` was asked to do.
pub struct Options {
    /// The corpus: a checkout of the track, its `exercises/practice`, or one exercise.
    pub dir: PathBuf,
    /// Where to write the Markdown table (and girder's failures).
    pub output: Option<PathBuf>,
    /// The girder binary; `None` to measure erl only.
    pub girder: Option<PathBuf>,
    /// Only these exercises (by directory name), when not empty.
    pub only: Vec<String>,
    /// The longest a VM may take over one exercise before it is killed.
    pub timeout: Duration,
    /// Exercises run at once.
    pub jobs: usize,
    /// Where to build (kept afterwards); a scratch directory when `None`.
    pub build_dir: Option<PathBuf>,
    /// Run each exercise through EUnit itself on both VMs, rather than the
    /// driver.
    pub eunit: bool,
}

/// One run of the driver over an exercise's test modules.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Run {
    /// Every test reported, by `MODULE:ID`: `None` when it passed, else why it failed.
    pub tests: BTreeMap<String, Option<String>>,
    /// Whether the driver reached its end.
    pub finished: bool,
    /// Why it did not: killed at the time limit, or how it stopped.
    pub note: Option<String>,
    /// Modules girder said it cannot load, and why (from its standard error).
    pub load_errors: BTreeMap<String, String>,
}

impl Run {
    fn passed(&self) -> usize {
        self.tests.values().filter(|reason| reason.is_none()).count()
    }
}

/// EUnit's own summary of a run on erl.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Eunit {
    /// Tests that passed.
    pub passed: usize,
    /// Tests that failed.
    pub failed: usize,
    /// Tests that EUnit skipped (a setup that failed, for one).
    pub skipped: usize,
    /// Whether EUnit said one or more tests were cancelled.
    pub cancelled: bool,
}

/// A run of EUnit itself (`eunit:test/1`) over an exercise's test modules.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EunitRun {
    /// EUnit's summary, when it printed one.
    pub summary: Option<Eunit>,
    /// Each test EUnit reported failed, skipped or timed out: its line,
    /// and the first line of the reason after it, when there is one.
    pub failures: Vec<String>,
    /// Why there is no summary: killed at the time limit, or how it stopped.
    pub note: Option<String>,
}

impl EunitRun {
    fn passed(&self) -> usize {
        self.summary.map_or(0, |summary| summary.passed)
    }

    fn tests(&self) -> usize {
        self.summary.map_or(0, |summary| summary.passed + summary.failed + summary.skipped)
    }
}

/// Reads a run of EUnit: its summary, and the tests it reports failing.
pub fn parse_eunit_run(stdout: &str) -> EunitRun {
    let lines: Vec<&str> = stdout.lines().collect();
    let mut failures = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let line = line.trim();
        if !["*failed*", "*timed out*", "*skipped*", "*cancelled*"].iter().any(|mark| line.ends_with(mark)) {
            continue;
        }
        let reason = lines[index + 1..]
            .iter()
            .take(12)
            .map(|line| line.trim())
            .find(|line| line.starts_with("**") || *line == "undefined");
        failures.push(match reason {
            Some(reason) => format!("{} {}", shorten(line, 160), shorten(reason, 160)),
            None => shorten(line, 160),
        });
    }
    EunitRun { summary: parse_eunit_output(stdout), failures, note: None }
}

/// What became of one exercise.
struct Outcome {
    name: String,
    /// Why it could not be compiled, if it could not.
    compile_error: Option<String>,
    erl: Run,
    eunit: Option<Eunit>,
    girder: Option<Run>,
}

/// Reads the driver's output: the lines after a `@@ ` marker.
pub fn parse_driver_output(stdout: &str) -> Run {
    let mut run = Run::default();
    for line in stdout.lines() {
        let Some(at) = line.find("@@ ") else { continue };
        let fields: Vec<&str> = line[at + 3..].split('\t').collect();
        match fields.as_slice() {
            ["pass", module, id] => {
                run.tests.insert(format!("{module}:{id}"), None);
            }
            ["fail", module, id, reason] => {
                run.tests.insert(format!("{module}:{id}"), Some((*reason).to_string()));
            }
            ["end"] => run.finished = true,
            _ => {}
        }
    }
    run
}

/// The modules girder cannot load, from its lines `girder: cannot load
/// module NAME: FILE: WHY`, with WHY (the file's path left out).
pub fn parse_load_errors(stderr: &str) -> BTreeMap<String, String> {
    let mut errors = BTreeMap::new();
    for line in stderr.lines() {
        let Some(rest) = line.split_once("cannot load module ").map(|(_, rest)| rest) else { continue };
        let Some((module, why)) = rest.split_once(": ") else { continue };
        let why = why.split_once(".beam: ").map_or(why, |(_, why)| why);
        errors.entry(module.to_string()).or_insert_with(|| why.trim().to_string());
    }
    errors
}

/// A failure's reason; when it is `error:undef at M:F/A` and girder said
/// M does not load, `error:undef: M does not load: WHY` instead. A timeout
/// in a run where modules did not load names them: a process the test
/// waits for may have died of it.
fn explain(reason: &str, girder: &Run) -> String {
    let module = reason.split_once(" at ").and_then(|(_, place)| place.split_once(':')).map(|(module, _)| module);
    match module.and_then(|module| Some((module, girder.load_errors.get(module)?))) {
        Some((module, why)) if reason.starts_with("error:undef") => {
            format!("error:undef: {module} does not load: {why}")
        }
        _ if reason == "error:timeout" && !girder.load_errors.is_empty() => {
            let modules: Vec<&str> = girder.load_errors.keys().map(String::as_str).collect();
            format!("error:timeout (in this run girder could not load {})", modules.join(", "))
        }
        _ => reason.to_string(),
    }
}

/// Reads EUnit's summary from its text output on erl.
pub fn parse_eunit_output(stdout: &str) -> Option<Eunit> {
    let mut found = None;
    let cancelled = stdout.contains("One or more tests were cancelled");
    for line in stdout.lines().map(str::trim) {
        if line == "Test passed." {
            found = Some(Eunit { passed: 1, ..Eunit::default() });
        } else if line == "There were no tests to run." {
            found = Some(Eunit::default());
        } else if let Some(rest) = line.strip_suffix(" tests passed.") {
            // `All N tests passed.`, or `2 tests passed.`
            let rest = rest.strip_prefix("All ").unwrap_or(rest);
            found = Some(Eunit { passed: rest.parse().ok()?, ..Eunit::default() });
        } else if let Some(rest) = line.strip_prefix("Failed: ") {
            // Failed: F.  Skipped: S.  Passed: P.
            let numbers: Vec<usize> = rest
                .split(|c: char| !c.is_ascii_digit())
                .filter(|word| !word.is_empty())
                .filter_map(|word| word.parse().ok())
                .collect();
            if let [failed, skipped, passed] = numbers[..] {
                found = Some(Eunit { passed, failed, skipped, cancelled: false });
            }
        }
    }
    found.map(|eunit| Eunit { cancelled, ..eunit })
}

/// The exercises under `dir`: `exercises/practice/*` of a checkout, the
/// directories of `dir` that hold `.meta/example.erl`, or `dir` itself.
pub fn find_exercises(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let is_exercise = |path: &Path| path.join(".meta").join("example.erl").is_file();
    if is_exercise(dir) {
        return Ok(vec![dir.to_path_buf()]);
    }
    let practice = dir.join("exercises").join("practice");
    let root = if practice.is_dir() { practice } else { dir.to_path_buf() };
    let mut exercises = Vec::new();
    for entry in std::fs::read_dir(&root).with_context(|| format!("cannot read {}", root.display()))? {
        let path = entry?.path();
        if is_exercise(&path) {
            exercises.push(path);
        }
    }
    exercises.sort();
    if exercises.is_empty() {
        bail!("no exercises (directories with .meta/example.erl) in {}", root.display());
    }
    Ok(exercises)
}

/// The name in a file's `-module(NAME).` attribute.
pub fn module_name(source: &str) -> Option<String> {
    source.lines().find_map(|line| {
        let rest = line.trim_start().strip_prefix("-module(")?;
        let name = rest[..rest.find(')')?].trim();
        (!name.is_empty()).then(|| name.trim_matches('\'').to_string())
    })
}

/// The `.erl` files directly in `dir`, sorted.
fn erl_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|extension| extension == "erl") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Compiles an exercise into `build`; returns its test modules.
fn compile_exercise(exercise: &Path, build: &Path, libs: &Path) -> anyhow::Result<Vec<String>> {
    let example_path = exercise.join(".meta").join("example.erl");
    let example = std::fs::read_to_string(&example_path)?;
    let stubs = erl_files(&exercise.join("src"))?;
    let [stub] = stubs.as_slice() else {
        bail!("expected one module in src/, found {}", stubs.len());
    };
    let module = module_name(&std::fs::read_to_string(stub)?).context("the stub in src/ has no -module")?;
    let example_module = module_name(&example).context("the example has no -module")?;
    let renamed = example.replacen(&format!("-module({example_module})"), &format!("-module({module})"), 1);
    std::fs::create_dir_all(build)?;
    let source = build.join(format!("{module}.erl"));
    std::fs::write(&source, renamed)?;
    let tests = erl_files(&exercise.join("test"))?
        .into_iter()
        .filter(|path| path.file_stem().is_some_and(|stem| stem.to_string_lossy().ends_with("_tests")))
        .collect::<Vec<_>>();
    if tests.is_empty() {
        bail!("no test/*_tests.erl");
    }
    let output = Command::new("erlc")
        .arg("-o")
        .arg(build)
        .arg(&source)
        .args(&tests)
        .env("ERL_LIBS", libs)
        .output()
        .context("cannot start erlc")?;
    if !output.status.success() {
        let text = String::from_utf8_lossy(&output.stdout).into_owned() + &String::from_utf8_lossy(&output.stderr);
        bail!("{}", text.lines().next().unwrap_or("erlc failed").trim());
    }
    Ok(tests.iter().filter_map(|path| Some(path.file_stem()?.to_string_lossy().into_owned())).collect())
}

/// The exported functions of arity 0 named like EUnit tests (`*_test`,
/// `*_test_`) in a `.beam` file, read from its atom and export tables;
/// `None` when the file cannot be read so.
///
/// girder is passed these, as `MOD:FUN` arguments to the driver, because it
/// has no `module_info` yet; erl lists them itself.
pub fn beam_test_functions(bytes: &[u8]) -> Option<Vec<String>> {
    let u32_at = |at: usize| -> Option<u32> { Some(u32::from_be_bytes(bytes.get(at..at + 4)?.try_into().ok()?)) };
    if bytes.get(..4)? != b"FOR1" || bytes.get(8..12)? != b"BEAM" {
        return None;
    }
    let (mut atoms, mut exports) = (None, None);
    let mut at = 12;
    while at + 8 <= bytes.len() {
        let size = u32_at(at + 4)? as usize;
        let data = bytes.get(at + 8..at + 8 + size)?;
        match &bytes[at..at + 4] {
            b"AtU8" => atoms = Some(data),
            b"ExpT" => exports = Some(data),
            _ => {}
        }
        at += 8 + size.div_ceil(4) * 4;
    }
    // AtU8 (as OTP 25 writes it): a count, then each atom as a length byte
    // and its bytes. A negative count is a later encoding: not read here.
    let atoms = atoms?;
    let count = i32::from_be_bytes(atoms.get(..4)?.try_into().ok()?);
    let mut names = Vec::with_capacity(usize::try_from(count).ok()?.min(atoms.len()));
    let mut position = 4;
    for _ in 0..count {
        let length = *atoms.get(position)? as usize;
        names.push(std::str::from_utf8(atoms.get(position + 1..position + 1 + length)?).ok()?);
        position += 1 + length;
    }
    // ExpT: a count, then (function atom, numbered from 1; arity; label).
    let exports = exports?;
    let count = u32::from_be_bytes(exports.get(..4)?.try_into().ok()?) as usize;
    let mut functions = Vec::new();
    for entry in 0..count {
        let field = |index: usize| -> Option<usize> {
            let at = 4 + entry * 12 + index * 4;
            Some(u32::from_be_bytes(exports.get(at..at + 4)?.try_into().ok()?) as usize)
        };
        let name = *names.get(field(0)?.checked_sub(1)?)?;
        if field(1)? == 0 && (name.ends_with("_test") || name.ends_with("_test_")) {
            functions.push(name.to_string());
        }
    }
    functions.sort();
    Some(functions)
}

/// The driver's arguments for girder: `MOD:FUN` for each test function of
/// each module, read from its `.beam`, or `MOD` when that cannot be read.
fn girder_arguments(build: &Path, modules: &[String]) -> Vec<String> {
    let mut arguments = Vec::new();
    for module in modules {
        let beam = std::fs::read(build.join(format!("{module}.beam"))).ok();
        match beam.as_deref().and_then(beam_test_functions) {
            Some(functions) if !functions.is_empty() => {
                arguments.extend(functions.iter().map(|function| format!("{module}:{function}")));
            }
            _ => arguments.push(module.clone()),
        }
    }
    arguments
}

/// What a program printed, and how it ended.
struct Finished {
    stdout: String,
    stderr: String,
    /// `None` when it was killed at the time limit.
    status: Option<std::process::ExitStatus>,
}

/// Runs a command to its end or at most `timeout`, then kills it.
fn run_limited(command: &mut Command, timeout: Duration) -> anyhow::Result<Finished> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot start {command:?}"))?;
    let mut stdout_pipe = child.stdout.take().context("no stdout")?;
    let mut stderr_pipe = child.stderr.take().context("no stderr")?;
    let stdout_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout_pipe.read_to_end(&mut bytes);
        bytes
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stderr_pipe.read_to_end(&mut bytes);
        bytes
    });
    let deadline = Instant::now() + timeout;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&stdout_reader.join().unwrap_or_default()).into_owned();
    let stderr = String::from_utf8_lossy(&stderr_reader.join().unwrap_or_default()).into_owned();
    Ok(Finished { stdout, stderr, status })
}

/// The driver's run, with a note when it did not reach its end.
fn driver_run(finished: Finished, timeout: Duration) -> Run {
    let mut run = parse_driver_output(&finished.stdout);
    run.load_errors = parse_load_errors(&finished.stderr);
    if !run.finished {
        let first_error = finished.stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("").trim();
        run.note = Some(match finished.status {
            None => format!("killed after {} s", timeout.as_secs()),
            Some(status) if first_error.is_empty() => format!("stopped early ({status})"),
            Some(status) => format!("stopped early ({status}): {}", shorten(first_error, 100)),
        });
    }
    run
}

fn shorten(text: &str, limit: usize) -> String {
    if text.chars().count() <= limit {
        text.to_string()
    } else {
        text.chars().take(limit).collect::<String>() + "…"
    }
}

fn erl_driver(driver: &Path, build: &Path, modules: &[String], timeout: Duration) -> anyhow::Result<Run> {
    let mut command = Command::new("erl");
    command.arg("-noshell").arg("-pa").arg(driver).arg("-pa").arg(build).args(["-run", DRIVER, "main"]);
    command.args(modules).args(["-s", "init", "stop"]);
    Ok(driver_run(run_limited(&mut command, timeout)?, timeout))
}

fn girder_driver(
    girder: &Path,
    driver: &Path,
    build: &Path,
    modules: &[String],
    timeout: Duration,
) -> anyhow::Result<Run> {
    let mut command = girder_command(girder, driver, build);
    command.args(girder_arguments(build, modules));
    Ok(driver_run(run_limited(&mut command, timeout)?, timeout))
}

/// `girder run --pa DRIVER --pa BUILD DRIVER/exercism_driver.beam`.
fn girder_command(girder: &Path, driver: &Path, build: &Path) -> Command {
    let mut command = Command::new(girder);
    command.arg("run").arg("--pa").arg(driver).arg("--pa").arg(build);
    command.arg(driver.join(format!("{DRIVER}.beam")));
    command
}

/// A run of EUnit, with a note when it printed no summary.
fn eunit_run(finished: Finished, timeout: Duration) -> EunitRun {
    let mut run = parse_eunit_run(&finished.stdout);
    if run.summary.is_none() {
        let first_error = finished.stderr.lines().find(|line| !line.trim().is_empty()).unwrap_or("").trim();
        run.note = Some(match finished.status {
            None => format!("killed after {} s", timeout.as_secs()),
            Some(status) if first_error.is_empty() => format!("no summary ({status})"),
            Some(status) => format!("no summary ({status}): {}", shorten(first_error, 100)),
        });
    }
    run
}

/// `eunit:test([MOD...])` on erl: `erl -noshell -pa BUILD -s eunit test
/// MOD... -s init stop`.
fn erl_eunit_run(build: &Path, modules: &[String], timeout: Duration) -> anyhow::Result<EunitRun> {
    let mut command = Command::new("erl");
    command.arg("-noshell").arg("-pa").arg(build).args(["-s", "eunit", "test"]).args(modules);
    command.args(["-s", "init", "stop"]);
    Ok(eunit_run(run_limited(&mut command, timeout)?, timeout))
}

/// The same on girder: `girder run --pa BUILD -s eunit test MOD...`.
fn girder_eunit_run(girder: &Path, build: &Path, modules: &[String], timeout: Duration) -> anyhow::Result<EunitRun> {
    let mut command = Command::new(girder);
    command.arg("run").arg("--pa").arg(build).args(["-s", "eunit", "test"]).args(modules);
    Ok(eunit_run(run_limited(&mut command, timeout)?, timeout))
}

/// Whether girder can run the driver at all (with no modules to test);
/// why not, when it cannot.
fn girder_preflight(girder: &Path, driver: &Path, timeout: Duration) -> Result<(), String> {
    if !girder.is_file() {
        return Err(format!("{} does not exist", girder.display()));
    }
    let finished =
        run_limited(&mut girder_command(girder, driver, driver), timeout).map_err(|error| error.to_string())?;
    let run = driver_run(finished, timeout);
    if run.finished {
        Ok(())
    } else {
        Err(run.note.unwrap_or_default())
    }
}

fn run_exercise(
    exercise: &Path,
    build_root: &Path,
    libs: &Path,
    driver: &Path,
    girder: Option<&Path>,
    timeout: Duration,
) -> anyhow::Result<Outcome> {
    let name = exercise.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let build = build_root.join(&name);
    let modules = match compile_exercise(exercise, &build, libs) {
        Ok(modules) => modules,
        Err(error) => {
            return Ok(Outcome {
                name,
                compile_error: Some(error.to_string()),
                erl: Run::default(),
                eunit: None,
                girder: None,
            })
        }
    };
    let erl = erl_driver(driver, &build, &modules, timeout)?;
    let eunit = erl_eunit_run(&build, &modules, timeout)?.summary;
    let girder = girder.map(|girder| girder_driver(girder, driver, &build, &modules, timeout)).transpose()?;
    Ok(Outcome { name, compile_error: None, erl, eunit, girder })
}

/// Runs the corpus and prints (and writes) the table.
pub fn run(options: &Options) -> anyhow::Result<()> {
    if Command::new("erlc").arg("-help").stdout(Stdio::null()).stderr(Stdio::null()).status().is_err() {
        bail!("erlc is not on the PATH: the exercises are compiled with Erlang/OTP's compiler");
    }
    let exercises: Vec<PathBuf> = find_exercises(&options.dir)?
        .into_iter()
        .filter(|path| {
            options.only.is_empty()
                || path.file_name().is_some_and(|name| options.only.iter().any(|only| name == only.as_str()))
        })
        .collect();
    if exercises.is_empty() {
        bail!("none of the exercises is among --only");
    }
    let scratch = std::env::temp_dir().join(format!("girder-exercism-{}", std::process::id()));
    let build_root = options.build_dir.clone().unwrap_or_else(|| scratch.clone());
    let result = run_in(options, &exercises, &build_root);
    if options.build_dir.is_none() {
        let _ = std::fs::remove_dir_all(&scratch);
    }
    result
}

/// Runs `work` on every exercise, `jobs` at a time, printing each one's
/// status as it ends; the results in the exercises' order.
fn in_parallel<T: Send>(
    exercises: &[PathBuf],
    jobs: usize,
    work: impl Fn(&Path) -> anyhow::Result<T> + Sync,
    status: impl Fn(&T) -> (String, String) + Sync,
) -> anyhow::Result<Vec<T>> {
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    let errors = Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..jobs.clamp(1, exercises.len()) {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, Ordering::SeqCst);
                let Some(exercise) = exercises.get(index) else { break };
                match work(exercise) {
                    Ok(result) => {
                        let (name, status) = status(&result);
                        eprintln!("{name:<28} {status}");
                        results.lock().unwrap().push((index, result));
                    }
                    Err(error) => errors.lock().unwrap().push(format!("{}: {error:#}", exercise.display())),
                }
            });
        }
    });
    if let Some(error) = errors.into_inner().unwrap().into_iter().next() {
        bail!(error);
    }
    let mut results = results.into_inner().unwrap();
    results.sort_by_key(|(index, _)| *index);
    Ok(results.into_iter().map(|(_, result)| result).collect())
}

/// Prints the report and writes it where asked.
fn publish(options: &Options, report: &str) -> anyhow::Result<()> {
    print!("{report}");
    if let Some(path) = &options.output {
        std::fs::write(path, report).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn run_in(options: &Options, exercises: &[PathBuf], build_root: &Path) -> anyhow::Result<()> {
    // The stand-in for the track's header: an application with an empty
    // include file (and an ebin, which makes it an application on ERL_LIBS).
    let libs = build_root.join("lib");
    let stand_in = libs.join("erl_exercism");
    std::fs::create_dir_all(stand_in.join("include"))?;
    std::fs::create_dir_all(stand_in.join("ebin"))?;
    std::fs::write(stand_in.join("include").join("exercism.hrl"), "")?;
    if options.eunit {
        return run_eunit_in(options, exercises, build_root, &libs);
    }
    let driver = build_root.join("driver");
    std::fs::create_dir_all(&driver)?;
    let driver_source = driver.join(format!("{DRIVER}.erl"));
    std::fs::write(&driver_source, DRIVER_SOURCE)?;
    let output = Command::new("erlc").arg("-o").arg(&driver).arg(&driver_source).output()?;
    if !output.status.success() {
        bail!("erlc cannot compile the driver: {}", String::from_utf8_lossy(&output.stdout));
    }

    let girder_reason;
    let girder = match &options.girder {
        None => {
            girder_reason = Some("not asked for (--erl-only)".to_string());
            None
        }
        Some(girder) => match girder_preflight(girder, &driver, options.timeout) {
            Ok(()) => {
                girder_reason = None;
                Some(girder.as_path())
            }
            Err(reason) => {
                // The table is published: name the scratch directory, not where it is.
                let reason = reason.replace(&driver.display().to_string(), "DRIVER_DIR");
                eprintln!("girder is not measured: it cannot run the driver: {reason}");
                girder_reason = Some(format!("girder cannot run the driver: {reason}"));
                None
            }
        },
    };
    let mut outcomes = in_parallel(
        exercises,
        options.jobs,
        |exercise| run_exercise(exercise, build_root, &libs, &driver, girder, options.timeout),
        |outcome: &Outcome| (outcome.name.clone(), status(outcome)),
    )?;
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    publish(options, &markdown(&outcomes, girder_reason.as_deref()))
}

/// What became of one exercise run through EUnit on both VMs.
struct EunitOutcome {
    name: String,
    /// Why it could not be compiled, if it could not.
    compile_error: Option<String>,
    erl: EunitRun,
    girder: Option<EunitRun>,
}

fn run_eunit_exercise(
    exercise: &Path,
    build_root: &Path,
    libs: &Path,
    girder: Option<&Path>,
    timeout: Duration,
) -> anyhow::Result<EunitOutcome> {
    let name = exercise.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let build = build_root.join(&name);
    let modules = match compile_exercise(exercise, &build, libs) {
        Ok(modules) => modules,
        Err(error) => {
            let compile_error = Some(error.to_string());
            return Ok(EunitOutcome { name, compile_error, erl: EunitRun::default(), girder: None });
        }
    };
    let erl = erl_eunit_run(&build, &modules, timeout)?;
    let girder = girder.map(|girder| girder_eunit_run(girder, &build, &modules, timeout)).transpose()?;
    Ok(EunitOutcome { name, compile_error: None, erl, girder })
}

/// Whether girder can run EUnit at all (on no modules); why not, when it
/// cannot.
fn girder_eunit_preflight(girder: &Path, timeout: Duration) -> Result<(), String> {
    if !girder.is_file() {
        return Err(format!("{} does not exist", girder.display()));
    }
    let run = girder_eunit_run(girder, &std::env::temp_dir(), &[], timeout).map_err(|error| error.to_string())?;
    match run.summary {
        Some(_) => Ok(()),
        None => Err(run.note.unwrap_or_default()),
    }
}

fn run_eunit_in(options: &Options, exercises: &[PathBuf], build_root: &Path, libs: &Path) -> anyhow::Result<()> {
    let (girder, girder_reason) = match &options.girder {
        None => (None, Some("not asked for (--erl-only)".to_string())),
        Some(girder) => match girder_eunit_preflight(girder, options.timeout) {
            Ok(()) => (Some(girder.as_path()), None),
            Err(reason) => {
                eprintln!("girder is not measured: it cannot run EUnit: {reason}");
                (None, Some(format!("girder cannot run EUnit: {reason}")))
            }
        },
    };
    let mut outcomes = in_parallel(
        exercises,
        options.jobs,
        |exercise| run_eunit_exercise(exercise, build_root, libs, girder, options.timeout),
        |outcome: &EunitOutcome| (outcome.name.clone(), eunit_status(outcome)),
    )?;
    outcomes.sort_by(|a, b| a.name.cmp(&b.name));
    publish(options, &eunit_markdown(&outcomes, girder_reason.as_deref()))
}

/// How many tests girder fails of those erl passes, by EUnit's counts.
fn eunit_lost(erl: &EunitRun, girder: &EunitRun) -> usize {
    erl.passed().saturating_sub(girder.passed())
}

fn eunit_status(outcome: &EunitOutcome) -> String {
    if let Some(error) = &outcome.compile_error {
        return format!("does not compile: {error}");
    }
    let mut words = Vec::new();
    if let Some(note) = &outcome.erl.note {
        words.push(format!("erl {note}"));
    }
    if let Some(girder) = &outcome.girder {
        let lost = eunit_lost(&outcome.erl, girder);
        if lost > 0 {
            words.push(format!("girder fails {lost} that erl passes"));
        }
        if girder.summary.is_some_and(|summary| summary.cancelled) {
            words.push("EUnit cancelled tests on girder".to_string());
        }
        if let Some(note) = &girder.note {
            words.push(format!("girder {note}"));
        }
    }
    status_text(&words)
}

/// The EUnit mode's table, its totals, and what EUnit reported of each
/// exercise where girder passes fewer tests than erl.
fn eunit_markdown(outcomes: &[EunitOutcome], girder_reason: Option<&str>) -> String {
    let mut text = String::new();
    text.push_str("| Exercise | Tests | EUnit on erl | EUnit on girder | Status |\n");
    text.push_str("|---|---:|---:|---:|---|\n");
    let (mut tests, mut erl, mut girder, mut whole) = (0, 0, 0, 0);
    for outcome in outcomes {
        tests += outcome.erl.tests();
        erl += outcome.erl.passed();
        let girder_cell = match &outcome.girder {
            Some(run) if run.summary.is_some() => {
                girder += run.passed();
                if eunit_lost(&outcome.erl, run) == 0 {
                    whole += 1;
                }
                run.passed().to_string()
            }
            _ => "—".to_string(),
        };
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} |",
            outcome.name,
            outcome.erl.tests(),
            outcome.erl.passed(),
            girder_cell,
            eunit_status(outcome).replace('|', "\\|")
        );
    }
    let girder_total = if girder_reason.is_none() { girder.to_string() } else { "—".to_string() };
    let _ = writeln!(
        text,
        "| **total: {} exercise{}** | **{tests}** | **{erl}** | **{girder_total}** | {} |",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" },
        if girder_reason.is_none() { format!("every test erl passes in {whole}") } else { String::new() }
    );
    if let Some(reason) = girder_reason {
        let _ = writeln!(text, "\ngirder: not measured ({reason}).");
    }
    let mut details = String::new();
    for outcome in outcomes {
        let Some(girder) = &outcome.girder else { continue };
        if eunit_lost(&outcome.erl, girder) == 0 && girder.note.is_none() {
            continue;
        }
        let _ = writeln!(details, "\n### {}\n", outcome.name);
        if let Some(note) = &girder.note {
            let _ = writeln!(details, "girder {note}.\n");
        }
        for failure in &girder.failures {
            let _ = writeln!(details, "- `{}`", failure.replace('`', "'"));
        }
    }
    if !details.is_empty() {
        text.push_str("\n## What EUnit reports on girder where it passes fewer tests than on erl\n");
        text.push_str(&details);
    }
    text
}

/// The tests erl passes that girder does not, with girder's reason.
fn lost(erl: &Run, girder: &Run) -> Vec<(String, String)> {
    erl.tests
        .iter()
        .filter(|(_, reason)| reason.is_none())
        .filter_map(|(id, _)| match girder.tests.get(id) {
            Some(None) => None,
            Some(Some(reason)) => Some((id.clone(), explain(reason, girder))),
            None => {
                // Not run: the driver reports a generator that crashed as the
                // test `FUN#generator`, a module it cannot load as `(module)`.
                let (module, test) = id.split_once(':').unwrap_or((id, ""));
                let function = test.split('#').next().unwrap_or(test);
                let why = [format!("{module}:{function}#generator"), format!("{module}:(module)")]
                    .iter()
                    .find_map(|key| girder.tests.get(key).cloned().flatten())
                    .map_or_else(|| "not run".to_string(), |reason| format!("not run: {}", explain(&reason, girder)));
                Some((id.clone(), why))
            }
        })
        .collect()
}

/// A status cell: `ok`, or what is wrong, `; ` between the parts.
fn status_text(words: &[String]) -> String {
    if words.is_empty() {
        "ok".to_string()
    } else {
        words.join("; ")
    }
}

fn status(outcome: &Outcome) -> String {
    if let Some(error) = &outcome.compile_error {
        return format!("does not compile: {error}");
    }
    let mut words = Vec::new();
    if let Some(note) = &outcome.erl.note {
        words.push(format!("erl {note}"));
    }
    let eunit_agrees = outcome.eunit.is_some_and(|eunit| {
        eunit.passed == outcome.erl.passed() && eunit.passed + eunit.failed + eunit.skipped == outcome.erl.tests.len()
    });
    if !eunit_agrees {
        words.push("driver and EUnit disagree".to_string());
    }
    match &outcome.girder {
        None => {}
        Some(girder) => {
            let lost = lost(&outcome.erl, girder);
            if !lost.is_empty() {
                words.push(format!("girder fails {} that erl passes", lost.len()));
            }
            if let Some(note) = &girder.note {
                words.push(format!("girder {note}"));
            }
        }
    }
    status_text(&words)
}

/// The table, its totals, and each test girder fails that erl passes.
fn markdown(outcomes: &[Outcome], girder_reason: Option<&str>) -> String {
    let mut text = String::new();
    let girder_cell = |run: &Option<Run>| match run {
        Some(run) => run.passed().to_string(),
        None => "—".to_string(),
    };
    text.push_str("| Exercise | Tests | erl | EUnit on erl | girder | Status |\n");
    text.push_str("|---|---:|---:|---:|---:|---|\n");
    let (mut tests, mut erl, mut eunit, mut girder) = (0, 0, 0, 0);
    for outcome in outcomes {
        let eunit_cell = match outcome.eunit {
            Some(summary) => {
                eunit += summary.passed;
                summary.passed.to_string()
            }
            None => "—".to_string(),
        };
        tests += outcome.erl.tests.len();
        erl += outcome.erl.passed();
        girder += outcome.girder.as_ref().map_or(0, Run::passed);
        let _ = writeln!(
            text,
            "| {} | {} | {} | {} | {} | {} |",
            outcome.name,
            outcome.erl.tests.len(),
            outcome.erl.passed(),
            eunit_cell,
            girder_cell(&outcome.girder),
            status(outcome).replace('|', "\\|")
        );
    }
    let girder_total = if girder_reason.is_none() { girder.to_string() } else { "—".to_string() };
    let _ = writeln!(
        text,
        "| **total: {} exercise{}** | **{tests}** | **{erl}** | **{eunit}** | **{girder_total}** | |",
        outcomes.len(),
        if outcomes.len() == 1 { "" } else { "s" }
    );
    if let Some(reason) = girder_reason {
        let _ = writeln!(text, "\ngirder: not measured ({reason}).");
    }
    let mut details = String::new();
    for outcome in outcomes {
        let Some(girder) = &outcome.girder else { continue };
        let lost = lost(&outcome.erl, girder);
        if lost.is_empty() && girder.note.is_none() {
            continue;
        }
        let _ = writeln!(details, "\n### {}\n", outcome.name);
        if let Some(note) = &girder.note {
            let _ = writeln!(details, "girder {note}.\n");
        }
        // One line a reason: how many tests failed so, and the first of them.
        let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
        for (id, reason) in &lost {
            match reasons.iter_mut().find(|(known, _)| known == reason) {
                Some((_, ids)) => ids.push(id),
                None => reasons.push((reason, vec![id])),
            }
        }
        reasons.sort_by_key(|(_, ids)| std::cmp::Reverse(ids.len()));
        for (reason, ids) in reasons {
            let more = match ids.len() {
                1 => String::new(),
                2 => " and 1 other".to_string(),
                n => format!(" and {} others", n - 1),
            };
            let _ = writeln!(details, "- {reason}: `{}`{more}", ids[0]);
        }
    }
    if !details.is_empty() {
        text.push_str("\n## Tests girder fails that erl passes\n");
        text.push_str(&details);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn driver_lines_are_read_after_their_marker() {
        let run = parse_driver_output(
            "\n@@ pass\tm_tests\ta_test\nnoise@@ fail\tm_tests\tb_test_#1 \"desc\"\terror:badarith at m:f/1\n\n@@ module\tm_tests\t1\t1\n@@ end\n",
        );
        assert!(run.finished);
        assert_eq!(run.passed(), 1);
        assert_eq!(run.tests["m_tests:b_test_#1 \"desc\""].as_deref(), Some("error:badarith at m:f/1"));
        assert!(!parse_driver_output("@@ pass\tm\ta_test\n").finished);
    }

    #[test]
    fn eunit_failures_are_read_with_their_reasons() {
        let run = parse_eunit_run(
            "m_tests: a_test...*failed*\nin function m:f/0\n**error:{badmatch,1}\n  output:<<\"\">>\n\n\
             m_tests:9: -b_test_/0-fun-1- (slow)...*timed out*\nin function m:g/2\nundefined\n\
             =======================================================\n  Failed: 1.  Skipped: 0.  Passed: 3.\n\
             One or more tests were cancelled.\n",
        );
        assert_eq!(run.summary, Some(Eunit { passed: 3, failed: 1, skipped: 0, cancelled: true }));
        assert_eq!(
            run.failures,
            [
                "m_tests: a_test...*failed* **error:{badmatch,1}",
                "m_tests:9: -b_test_/0-fun-1- (slow)...*timed out* undefined"
            ]
        );
        assert_eq!((run.passed(), run.tests()), (3, 4));
    }

    #[test]
    fn eunit_summaries_are_read() {
        assert_eq!(parse_eunit_output("  All 25 tests passed.\n").unwrap().passed, 25);
        assert_eq!(parse_eunit_output("  2 tests passed.\n").unwrap().passed, 2);
        assert_eq!(parse_eunit_output("  Test passed.\n").unwrap().passed, 1);
        assert_eq!(parse_eunit_output("  There were no tests to run.\n"), Some(Eunit::default()));
        let summary =
            parse_eunit_output("=====\n  Failed: 2.  Skipped: 1.  Passed: 9.\nOne or more tests were cancelled.\n");
        assert_eq!(summary, Some(Eunit { passed: 9, failed: 2, skipped: 1, cancelled: true }));
        assert_eq!(parse_eunit_output("nothing"), None);
    }

    /// A BEAM file of just an atom table and an export table.
    fn beam(atoms: &[&str], exports: &[(u32, u32)]) -> Vec<u8> {
        let mut atom_chunk = (atoms.len() as u32).to_be_bytes().to_vec();
        for atom in atoms {
            atom_chunk.push(atom.len() as u8);
            atom_chunk.extend_from_slice(atom.as_bytes());
        }
        let mut export_chunk = (exports.len() as u32).to_be_bytes().to_vec();
        for (index, &(atom, arity)) in exports.iter().enumerate() {
            for word in [atom, arity, index as u32 + 2] {
                export_chunk.extend_from_slice(&word.to_be_bytes());
            }
        }
        let mut body = b"BEAM".to_vec();
        for (id, data) in [(b"AtU8", atom_chunk), (b"ExpT", export_chunk)] {
            body.extend_from_slice(id);
            body.extend_from_slice(&(data.len() as u32).to_be_bytes());
            body.extend_from_slice(&data);
            body.resize(body.len().div_ceil(4) * 4, 0);
        }
        let mut file = b"FOR1".to_vec();
        file.extend_from_slice(&(body.len() as u32).to_be_bytes());
        file.extend_from_slice(&body);
        file
    }

    #[test]
    fn test_functions_are_read_from_the_export_table() {
        let file = beam(
            &["bob_tests", "module_info", "b_test", "1_a_test_", "helper", "c_test", "testing"],
            &[(2, 0), (2, 1), (3, 0), (4, 0), (5, 0), (6, 1), (7, 0)],
        );
        assert_eq!(beam_test_functions(&file).unwrap(), ["1_a_test_", "b_test"]);
        assert_eq!(beam_test_functions(&file[..file.len() - 8]), None);
        assert_eq!(beam_test_functions(b"not a beam file"), None);
    }

    #[test]
    fn module_names_are_read() {
        assert_eq!(module_name("%% x\n-module(example).\n").as_deref(), Some("example"));
        assert_eq!(module_name("-module( bob ).").as_deref(), Some("bob"));
        assert_eq!(module_name("-export([f/0]).\n"), None);
    }

    #[test]
    fn lost_tests_are_those_erl_passes_and_girder_does_not() {
        let erl = parse_driver_output("@@ pass\tm\ta\n@@ pass\tm\tb\n@@ fail\tm\tc\terror:x\n@@ pass\tm\td\n@@ end\n");
        let girder = parse_driver_output("@@ pass\tm\ta\n@@ fail\tm\tb\terror:undef\n@@ fail\tm\tc\terror:x\n");
        assert_eq!(
            lost(&erl, &girder),
            [("m:b".to_string(), "error:undef".to_string()), ("m:d".to_string(), "not run".to_string())]
        );
        let mut girder = girder;
        girder.load_errors = parse_load_errors(
            "girder: cannot load module m: /x/m.beam: chunk \"Code\", offset 0x10: the instruction badrecord cannot be loaded\n",
        );
        assert_eq!(
            explain("error:undef at m:b/0", &girder),
            "error:undef: m does not load: chunk \"Code\", offset 0x10: the instruction badrecord cannot be loaded"
        );
        assert_eq!(explain("error:undef at n:b/0", &girder), "error:undef at n:b/0");
        assert_eq!(explain("error:timeout", &girder), "error:timeout (in this run girder could not load m)");
        let unloaded = parse_driver_output("@@ fail\tm\t(module)\terror:undef at m:module_info/1\n@@ end\n");
        assert_eq!(lost(&erl, &unloaded)[0].1, "not run: error:undef at m:module_info/1");
        let erl = parse_driver_output("@@ pass\tm\tg_test_#1 \"one\"\n@@ pass\tm\tg_test_#2\n@@ end\n");
        let crashed = parse_driver_output("@@ fail\tm\tg_test_#generator\terror:badarith at m:g_test_/0\n@@ end\n");
        assert_eq!(lost(&erl, &crashed)[1].1, "not run: error:badarith at m:g_test_/0");
    }
}
