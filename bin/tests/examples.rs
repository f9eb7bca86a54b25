//! Every bundled example runs through the real binary and prints what its
//! header says, in the normal configuration and with a collection at every
//! safe point.

// This file uses only the Erlang/OTP helpers of the shared module.
#[allow(dead_code)]
mod common;

use common::{erlang_available, erlang_required, erlc};
use std::path::{Path, PathBuf};
use std::process::Command;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// Runs `girder run FILE ARGS...` (optionally in GC-stress mode).
fn run(file: &str, args: &[&str], gc_stress: bool) -> (String, String, i32) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
    command.current_dir(root()).arg("run").arg(file).args(args);
    command.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
    let output = command.output().expect("start girder");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

fn check(file: &str, args: &[&str], expected: &str) {
    for gc_stress in [false, true] {
        let (stdout, stderr, status) = run(file, args, gc_stress);
        assert_eq!(status, 0, "{file} {args:?} (gc stress {gc_stress}) failed: {stderr}");
        assert_eq!(stdout, expected, "{file} {args:?} (gc stress {gc_stress}); stderr: {stderr}");
    }
}

#[test]
fn hello_greets() {
    check("examples/hello.gasm", &[], "Hello from girder!\n");
    check("examples/hello.gasm", &["Ada"], "Hello, Ada!\n");
}

#[test]
fn fib_30_is_832040() {
    let (stdout, stderr, status) = run("examples/fib.gasm", &["30"], false);
    assert_eq!((stdout.as_str(), status), ("832040\n", 0), "{stderr}");
    check("examples/fib.gasm", &["20"], "6765\n");
}

#[test]
fn bignum_fib_100() {
    check(
        "examples/bignum.gasm",
        &["100"],
        "354224848179261915075\n1267650600228229401496703205376\n93326215443944152681699238856266700490715968264381621468592963895217599993229915608941463976156518286253697920827223758251185210916864000000000000000000000000\n",
    );
}

#[test]
fn maps_example() {
    check(
        "examples/maps.gasm",
        &[],
        "#{apple => 3,banana => 5}\n5\n0\n#{apple => 3,banana => 6,cherry => 7}\n[apple,banana,cherry]\n",
    );
}

#[test]
fn a_crash_exits_with_status_1_and_a_report() {
    // fib with no arguments: get_hd of [] raises badarg in main/1.
    let (stdout, stderr, status) = run("examples/fib.gasm", &[], false);
    assert_eq!(status, 1);
    assert_eq!(stdout, "");
    assert!(stderr.contains("=ERROR REPORT===="), "{stderr}");
    assert!(stderr.contains("Error in process <0.0.0> with exit value:\n{badarg,[{fib,main,1,"), "{stderr}");
}

#[test]
fn usage_and_missing_files_exit_with_status_2() {
    let (_, stderr, status) = run("examples/no_such_file.gasm", &[], false);
    assert_eq!(status, 2, "{stderr}");
    assert!(stderr.contains("no_such_file.gasm"), "{stderr}");
    let output = Command::new(env!("CARGO_BIN_EXE_girder")).arg("frobnicate").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
}

// ---- Erlang programs ----

/// The Erlang examples whose `.beam`, compiled with `erlc +deterministic`,
/// is committed beside their source, so that a machine without Erlang/OTP
/// still runs compiler output.
const COMPILED_EXAMPLES: &[&str] = &["hello", "ping_pong"];

#[test]
fn committed_beam_files_run_without_erlang() {
    // `--no-otp`: nothing is loaded from an Erlang/OTP installation, as on
    // a machine without one.
    for gc_stress in [false, true] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
        command.current_dir(root()).args(["run", "--no-otp", "examples/hello.beam", "Ada"]);
        command.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
        let output = command.output().expect("start girder");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "Hello, Ada!\n");
    }
    check("examples/hello.beam", &[], "Hello from girder!\n");
    check(
        "examples/ping_pong.beam",
        &[],
        "Pong received ping\nPing received pong\nPong received ping\nPing received pong\n\
         Pong received ping\nPing received pong\nping finished\nPong finished\n",
    );
}

#[test]
fn erl_sources_compile_and_run() {
    if !erlang_available() {
        assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
        eprintln!("note: erl or erlc is not on PATH; girder run of .erl files skipped (the CI installs erlang-base)");
        return;
    }
    let cache = std::env::temp_dir().join(format!("girder-erl-cache-{}", std::process::id()));
    for with_erlc in [true, false] {
        // The second run has no erlc on PATH (nor erl: no Erlang/OTP library
        // either), so it prints only if it finds the module in the cache.
        let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
        command.current_dir(root()).env("GIRDER_CACHE_DIR", &cache).args(["run", "examples/hello.erl", "Ada"]);
        if !with_erlc {
            command.env("PATH", "");
        }
        let output = command.output().expect("start girder");
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            "Hello, Ada!\n",
            "with erlc on PATH: {with_erlc}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let cached: Vec<_> = std::fs::read_dir(&cache).unwrap().flatten().collect();
    assert_eq!(cached.len(), 1, "one compiled module in the cache: {cached:?}");
    let _ = std::fs::remove_dir_all(&cache);
}

#[test]
fn committed_beam_files_match_their_sources() {
    if !erlang_available() {
        assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
        eprintln!(
            "note: erl or erlc is not on PATH; the committed .beam files were not checked (the CI installs erlang-base)"
        );
        return;
    }
    let release = Command::new("erl")
        .args(["-noshell", "-eval", "io:put_chars(erlang:system_info(otp_release)), halt()."])
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).into_owned())
        .unwrap_or_default();
    if release != "25" {
        eprintln!("note: the committed .beam files were compiled by OTP 25; this erlc is OTP {release:?}; skipped");
        return;
    }
    let out = std::env::temp_dir().join(format!("girder-examples-beam-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    for name in COMPILED_EXAMPLES {
        let source = root().join("examples").join(format!("{name}.erl"));
        if let Err(error) = erlc(&out, std::slice::from_ref(&source)) {
            panic!("{}: {error}", source.display());
        }
        let fresh = std::fs::read(out.join(format!("{name}.beam"))).unwrap();
        let committed = std::fs::read(root().join("examples").join(format!("{name}.beam"))).unwrap();
        assert!(
            fresh == committed,
            "examples/{name}.beam is stale: recompile it with `erlc +deterministic -o examples examples/{name}.erl`"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_missing_module_is_named_when_there_is_no_erlang() {
    let dir = std::env::temp_dir().join(format!("girder-missing-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let program = dir.join("needs.gasm");
    std::fs::write(&program, ".module needs\n.export main/1\n.function main/1\n    call_ext_only 0, queue:new/0\n")
        .unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_girder")).arg("run").arg("--no-otp").arg(&program).output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("girder: no module queue"), "{stderr}");
    assert!(stderr.contains("{undef,[{queue,new,[],[]}"), "{stderr}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Splits erl's standard output into the program's lines and the logger's
/// reports (each from its `=... REPORT====` head to the blank line after
/// it), which girder writes to standard error.
fn split_reports(text: &str) -> (String, String) {
    let (mut program, mut reports) = (String::new(), String::new());
    let mut in_report = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with('=') && line.contains(" REPORT==== ") {
            in_report = true;
        }
        if in_report {
            reports.push_str(line);
            in_report = line != "\n";
        } else {
            program.push_str(line);
        }
    }
    (program, reports)
}

/// What differs between two runs of the same reports: the time in each
/// head, pids, and the sizes and counts of a crashed process.
fn normalise_reports(text: &str) -> String {
    let mut out = String::new();
    for line in common::replace_report_times(&common::replace_pids(text)).split_inclusive('\n') {
        let trimmed = line.trim_start();
        if ["heap_size: ", "stack_size: ", "reductions: "].iter().any(|key| trimmed.starts_with(key)) {
            let key = &line[..line.find(": ").map_or(line.len(), |at| at + 2)];
            out.push_str(key);
            out.push_str("N\n");
        } else {
            out.push_str(line);
        }
    }
    out
}

/// EUnit's verbose output with its timings (`[done in 0.030 s]`, a slow
/// test's `[0.105 s] ok`) left out.
fn without_eunit_timings(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let mut line = line.to_string();
        for (open, close) in [("[done in ", " s]"), ("...[", " s] ")] {
            if let Some(start) = line.find(open) {
                if let Some(end) = line[start..].find(close) {
                    let keep = if open.starts_with("...") { "..." } else { "[done]" };
                    line.replace_range(start..start + end + close.len(), keep);
                }
            }
        }
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn eunit_tests_of_the_kv_server_print_as_on_erl() {
    if !erlang_available() {
        assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
        eprintln!(
            "note: erl or erlc is not on PATH; examples/otp/kv_server_tests.erl, which runs OTP's EUnit, skipped"
        );
        return;
    }
    let dir = root().join("examples").join("otp");
    let out = std::env::temp_dir().join(format!("girder-otp-eunit-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    erlc(&out, &[dir.join("kv_server.erl"), dir.join("kv_server_tests.erl")]).unwrap();
    let mut erl = Command::new("erl");
    erl.arg("-noshell").arg("-pa").arg(&out).args(["-run", "kv_server_tests", "main", "run", "-s", "init", "stop"]);
    let erl = common::run_with_timeout(erl).unwrap();
    assert!(erl.stdout.contains("Failed: 1.  Skipped: 0.  Passed: 6."), "EUnit on erl:\n{}", erl.stdout);
    for gc_stress in [false, true] {
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.current_dir(root()).args(["run", "-pa"]).arg(&out).arg("examples/otp/kv_server_tests.erl");
        girder.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
        let girder = common::run_with_timeout(girder).unwrap();
        assert!(girder.status.success(), "girder failed (gc stress {gc_stress}):\n{}", girder.stderr);
        assert_eq!(
            without_eunit_timings(&girder.stdout),
            without_eunit_timings(&erl.stdout),
            "EUnit's output (gc stress {gc_stress})"
        );
        assert_eq!(girder.stderr, erl.stderr, "standard error (gc stress {gc_stress})");
    }
    let _ = std::fs::remove_dir_all(&out);
}

/// Runs `main/1` of `module` from `examples/otp/`, with `sources` (in
/// `examples/otp/`) compiled, on erl and on girder (as it is and with a
/// collection at every safe point), and checks that girder prints what
/// erl prints: the program's output exactly, and the reports (which erl
/// writes on standard output and girder on standard error) after
/// `normalise_reports` and `also` have replaced what differs between two
/// runs. Returns erl's reports, for the caller to check that they say
/// what the example is about; `None` without erl, noted as the other
/// Erlang tests note it.
fn otp_example_as_on_erl(module: &str, sources: &[&str], also: fn(&str) -> String) -> Option<String> {
    if !erlang_available() {
        assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
        eprintln!("note: erl or erlc is not on PATH; examples/otp/{module}.erl, which runs OTP's behaviours, skipped");
        return None;
    }
    let dir = root().join("examples").join("otp");
    let out = std::env::temp_dir().join(format!("girder-otp-{module}-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let sources: Vec<PathBuf> = sources.iter().map(|source| dir.join(source)).collect();
    erlc(&out, &sources).unwrap();
    let mut erl = Command::new("erl");
    erl.arg("-noshell").arg("-pa").arg(&out).args(["-run", module, "main", "run", "-s", "init", "stop"]);
    let erl = common::run_with_timeout(erl).unwrap();
    let (erl_program, erl_reports) = split_reports(&erl.stdout);
    for gc_stress in [false, true] {
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.current_dir(root()).args(["run", "-pa"]).arg(&out).arg(format!("examples/otp/{module}.erl"));
        girder.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
        let girder = common::run_with_timeout(girder).unwrap();
        assert!(girder.status.success(), "{module}: girder failed (gc stress {gc_stress}):\n{}", girder.stderr);
        assert_eq!(girder.stdout, erl_program, "{module}: the program's output (gc stress {gc_stress})");
        assert_eq!(
            also(&normalise_reports(&girder.stderr)),
            also(&normalise_reports(&erl_reports)),
            "{module}: the reports (gc stress {gc_stress})"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
    Some(erl_reports)
}

#[test]
fn otp_supervision_tree_runs_and_reports_as_on_erl() {
    let Some(reports) = otp_example_as_on_erl("kv_sup", &["kv_server.erl", "kv_sup.erl"], str::to_string) else {
        return;
    };
    assert!(reports.contains("=CRASH REPORT===="), "erl printed no crash report:\n{reports}");
}

#[test]
fn otp_gen_server_continues_times_out_hibernates_and_terminates_as_on_erl() {
    otp_example_as_on_erl("counter", &["counter.erl", "counter_sup.erl"], str::to_string);
}

#[test]
fn ets_counts_words_in_a_shared_table_and_passes_it_to_its_heir_as_on_erl() {
    otp_example_as_on_erl("word_count", &["word_count.erl"], str::to_string);
}

#[test]
fn otp_gen_statem_runs_in_both_callback_modes_as_on_erl() {
    otp_example_as_on_erl("door", &["door.erl", "door_switch.erl"], str::to_string);
}

#[test]
fn otp_gen_event_manages_handlers_and_reports_a_crash_as_on_erl() {
    let Some(reports) = otp_example_as_on_erl("event_log", &["event_log.erl"], str::to_string) else { return };
    assert!(reports.contains("** gen_event handler {event_log,fragile} crashed."), "erl's reports:\n{reports}");
}

#[test]
fn otp_supervisor_strategies_restart_and_shut_down_as_on_erl() {
    let Some(reports) = otp_example_as_on_erl("strategies_sup", &["strategies_sup.erl"], str::to_string) else {
        return;
    };
    assert!(reports.contains("reached_max_restart_intensity"), "erl's reports:\n{reports}");
    assert!(reports.contains("errorContext: shutdown_error"), "erl's reports:\n{reports}");
}

#[test]
fn spawn_opt_max_heap_size_kills_and_reports_as_on_erl() {
    // The sizes in the report are each system's own.
    fn figures(text: &str) -> String {
        let mut out = String::new();
        for line in text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with("Total Heap Size:") {
                out.push_str("     Total Heap Size:    N\n");
            } else if let Some(rest) = line.strip_suffix("},\n").or_else(|| line.strip_suffix("}]\n")) {
                let cut = rest.rfind(',').map_or(rest.len(), |comma| comma + 1);
                out.push_str(&rest[..cut]);
                out.push_str("N\n");
            } else {
                out.push_str(line);
            }
        }
        out
    }
    let Some(reports) = otp_example_as_on_erl("heap_limit", &["heap_limit.erl"], figures) else { return };
    assert!(reports.contains("Context:            maximum heap size reached"), "erl's reports:\n{reports}");
}
