//! The programs of Elixir's process tutorial (`examples/elixir/`), run by
//! girder and by Elixir's own `elixir`, must print the same standard
//! output, byte for byte, and the same crash reports through Elixir's
//! Logger (`[error] Process #PID<0.102.0> raised an exception`), times,
//! pids and funs' hashes aside. The reports are compared as a set, since
//! Logger writes them from a process of its own, in an order that races
//! with the program's. Without `elixir` and `elixirc` on `PATH` the test
//! says so and passes, unless `GIRDER_REQUIRE_ERL=1` asks for every test
//! that needs Erlang (CI installs Elixir too).

// This file uses only the run helper of the shared module.
#[allow(dead_code)]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// Each example: its file in `examples/elixir/`, and the module whose
/// `main/0` runs it.
const EXAMPLES: &[(&str, &str)] = &[
    ("spawning.ex", "Spawning"),
    ("links.ex", "Links"),
    ("kv.ex", "KVDemo"),
    ("interpolation.ex", "Interpolation"),
    ("stack.ex", "StackDemo"),
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

fn elixir_available() -> bool {
    common::erlang_available() && on_path("elixir") && on_path("elixirc")
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|directory| directory.join(program).is_file()))
}

#[test]
fn the_elixir_process_tutorial_prints_on_girder_what_it_prints_on_elixir() {
    if !elixir_available() {
        assert!(
            !common::erlang_required(),
            "elixir, elixirc, erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test"
        );
        eprintln!("note: elixir or elixirc is not on PATH; examples/elixir skipped (the CI installs elixir)");
        return;
    }
    let scratch = std::env::temp_dir().join(format!("girder-elixir-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    // Logger writes to standard output, among the program's lines; each
    // run below sends it to standard error instead, so that each stream
    // can be compared on its own.
    let to_standard_error = "Logger.configure_backend(:console, device: :standard_error)";
    for (file, module) in EXAMPLES {
        // elixir and elixirc are given the file's name in its directory,
        // as girder gives it to elixirc, so stack traces name it alike.
        let examples = root().join("examples").join("elixir");
        let mut elixir = Command::new("elixir");
        elixir
            .current_dir(&examples)
            .arg("-r")
            .arg(file)
            .arg("-e")
            .arg(format!("{to_standard_error}; {module}.main()"));
        let elixir = common::run_with_timeout(elixir).unwrap();
        assert!(elixir.status.success(), "{file} on elixir failed:\n{}", elixir.stderr);
        let reports = logger_reports(&elixir.stderr);

        // girder runs the example's module from a second module that
        // configures Logger first, as `-e` does on elixir.
        let ebin = scratch.join(module);
        std::fs::create_dir_all(&ebin).unwrap();
        let wrapper = ebin.join("wrapper.ex");
        std::fs::write(
            &wrapper,
            format!("defmodule Wrapper do\n  def main do\n    {to_standard_error}\n    {module}.main()\n  end\nend\n"),
        )
        .unwrap();
        let mut elixirc = Command::new("elixirc");
        elixirc.current_dir(&examples).arg("-o").arg(&ebin).arg(file).arg(&wrapper);
        let elixirc = common::run_with_timeout(elixirc).unwrap();
        assert!(elixirc.status.success(), "elixirc {file}: {}", elixirc.stderr);
        for gc_stress in [false, true] {
            let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
            girder.current_dir(root()).arg("run").arg("--pa").arg(&ebin).arg(ebin.join("Elixir.Wrapper.beam"));
            girder.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
            let girder = common::run_with_timeout(girder).unwrap();
            assert!(girder.status.success(), "{file} on girder failed (gc stress {gc_stress}):\n{}", girder.stderr);
            assert_eq!(girder.stdout, elixir.stdout, "{file}: standard output (gc stress {gc_stress})");
            assert_eq!(logger_reports(&girder.stderr), reports, "{file}: Logger's reports (gc stress {gc_stress})");
        }

        // `girder run FILE.ex`, as a reader types it: Logger's reports go
        // among the program's lines on standard output, as on elixir.
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.current_dir(root()).arg("run").arg(format!("examples/elixir/{file}"));
        girder.env("GIRDER_CACHE_DIR", scratch.join("cache"));
        let girder = common::run_with_timeout(girder).unwrap();
        assert!(girder.status.success(), "{file} on girder failed:\n{}", girder.stderr);
        let (program, logged) = without_reports(&girder.stdout, &reports);
        assert_eq!(program, elixir.stdout, "{file}: standard output without Logger's reports");
        assert_eq!(
            logged,
            reports.iter().map(|report| report.lines().count()).sum::<usize>(),
            "{file}: {}",
            girder.stdout
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// The reports Logger's console wrote, each normalised, sorted. Each
/// begins with a line `HH:MM:SS.mmm [level] ...` after a blank line; the
/// time becomes `TIME`, every `#PID<...>` `#PID<PID>` (and references
/// so), the runner's frames go (see [`is_runner_frame`]), and the hash in a
/// fun's `#Function<Index.Hash/Arity ...>` `HASH` (girder's fun hash is its
/// own).
fn logger_reports(text: &str) -> Vec<String> {
    let mut reports: Vec<String> = Vec::new();
    for line in text.lines() {
        if is_report_head(line) {
            reports.push(String::new());
        }
        if let Some(report) = reports.last_mut() {
            if !line.is_empty() && !is_runner_frame(line) {
                report.push_str(&normalise_report_line(line));
                report.push('\n');
            }
        }
    }
    reports.sort();
    reports
}

/// A frame of a stack trace in a report that is the runner's, not the
/// program's: elixir evaluates the `-e` that calls the program, and
/// girder calls it from `Kernel.CLI.run/1`, as elixir runs a script.
fn is_runner_frame(line: &str) -> bool {
    line.starts_with("    (")
        && ["erl_eval.erl:", "src/elixir.erl:", "lib/module/parallel_checker.ex:", "lib/code.ex:", "lib/kernel/cli.ex:"]
            .iter()
            .any(|file| line.contains(file))
}

/// `HH:MM:SS.mmm [`: the first line of a report of Logger's console.
fn is_report_head(line: &str) -> bool {
    let bytes = line.as_bytes();
    bytes.len() > 14
        && [0, 1, 3, 4, 6, 7, 9, 10, 11].iter().all(|&at| bytes[at].is_ascii_digit())
        && bytes[2] == b':'
        && bytes[5] == b':'
        && bytes[8] == b'.'
        && line[12..].starts_with(" [")
}

fn normalise_report_line(line: &str) -> String {
    let line = if is_report_head(line) { format!("TIME{}", &line[12..]) } else { line.to_string() };
    let line = common::replace_bracketed(&line, "#PID<", "#PID<PID>");
    let line = common::replace_bracketed(&line, "#Reference<", "#Reference<REF>");
    match line.find("#Function<") {
        Some(at) => {
            let after = &line[at + "#Function<".len()..];
            match (after.find('.'), after.find('/')) {
                (Some(dot), Some(slash)) if dot < slash => {
                    format!("{}#Function<{}.HASH{}", &line[..at], &after[..dot], &after[slash..])
                }
                _ => line,
            }
        }
        None => line,
    }
}

/// The program's own lines of an output with Logger's reports among them:
/// the lines that are not those of `reports` (normalised, each line taken
/// once), and how many lines were reports'.
fn without_reports(text: &str, reports: &[String]) -> (String, usize) {
    let mut report_lines: Vec<String> = reports.iter().flat_map(|report| report.lines().map(str::to_string)).collect();
    let mut program = String::new();
    let mut logged = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.is_empty() || is_runner_frame(body) {
            // The blank line before each report, or a frame left out of them.
            continue;
        }
        match report_lines.iter().position(|known| *known == normalise_report_line(body)) {
            Some(at) => {
                report_lines.swap_remove(at);
                logged += 1;
            }
            None => program.push_str(line),
        }
    }
    (program, logged)
}

#[test]
fn elixir_sources_that_cannot_run_are_clear_errors_and_entry_chooses_a_module() {
    if !elixir_available() {
        assert!(!common::erlang_required(), "elixir or elixirc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for it");
        eprintln!("note: elixir or elixirc is not on PATH; skipped");
        return;
    }
    let scratch = std::env::temp_dir().join(format!("girder-elixir-bad-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    std::fs::write(scratch.join("broken.ex"), "defmodule Broken do\n  def main do\n").unwrap();
    std::fs::write(scratch.join("nomain.ex"), "defmodule NoMain do\n  def run, do: :ok\nend\n").unwrap();
    for (file, expected) in [("broken.ex", "elixirc could not compile"), ("nomain.ex", "defines main/0 or main/1")] {
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.current_dir(&scratch).args(["run", file]).env("GIRDER_CACHE_DIR", scratch.join("cache"));
        let girder = common::run_with_timeout(girder).unwrap();
        assert_eq!(girder.status.code(), Some(2), "{file}: {}", girder.stderr);
        assert!(girder.stderr.contains(expected), "{file}: {}", girder.stderr);
        assert!(!girder.stderr.contains("internal error"), "{file}: {}", girder.stderr);
    }
    // Two modules with main: girder asks which, and --entry names one as
    // Elixir writes it.
    std::fs::write(
        scratch.join("two.ex"),
        "defmodule One do\n  def main, do: IO.puts(\"one\")\nend\n\
         defmodule Two do\n  def main(args), do: IO.inspect(args)\nend\n",
    )
    .unwrap();
    let run = |args: &[&str]| {
        let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
        girder.current_dir(&scratch).arg("run").args(args).env("GIRDER_CACHE_DIR", scratch.join("cache"));
        common::run_with_timeout(girder).unwrap()
    };
    let both = run(&["two.ex"]);
    assert_eq!(both.status.code(), Some(2), "{}", both.stderr);
    assert!(both.stderr.contains("several modules of two.ex define main/0 or main/1"), "{}", both.stderr);
    assert_eq!(run(&["--entry", "One:main", "two.ex"]).stdout, "one\n");
    assert_eq!(run(&["--entry", "Elixir.Two:main", "two.ex", "a", "b c"]).stdout, "[\"a\", \"b c\"]\n");
    let missing = run(&["--entry", "Three:main", "two.ex"]);
    assert_eq!(missing.status.code(), Some(2), "{}", missing.stderr);
    assert!(missing.stderr.contains("two.ex defines no module Elixir.Three"), "{}", missing.stderr);
    let _ = std::fs::remove_dir_all(&scratch);
}
