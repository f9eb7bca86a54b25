//! The programs of Elixir's process tutorial (`examples/elixir/`), run by
//! `girder run FILE.ex` and by Elixir's own `elixir`, must print the same
//! standard output, byte for byte. Their crash reports go to standard
//! error on both, and differ: Elixir's Logger formats them in Elixir's
//! terms (`[error] Process #PID<0.102.0> raised an exception`), girder
//! writes OTP's reports (`=ERROR REPORT====`), as erl without Elixir's
//! Logger would. Without `elixir` and `elixirc` on `PATH` the test says so
//! and passes, unless `GIRDER_REQUIRE_ERL=1` asks for every test that
//! needs Erlang (CI installs Elixir too).

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
    for (file, module) in EXAMPLES {
        let source = root().join("examples").join("elixir").join(file);
        // elixir itself, in an empty directory; Logger's reports go to
        // standard error, where girder writes its own.
        let mut elixir = Command::new("elixir");
        elixir
            .current_dir(&scratch)
            .arg("-r")
            .arg(&source)
            .arg("-e")
            .arg(format!("Logger.configure_backend(:console, device: :standard_error); {module}.main()"));
        let elixir = common::run_with_timeout(elixir).unwrap();
        assert!(elixir.status.success(), "{file} on elixir failed:\n{}", elixir.stderr);
        for gc_stress in [false, true] {
            let mut girder = Command::new(env!("CARGO_BIN_EXE_girder"));
            girder.current_dir(root()).arg("run").arg(format!("examples/elixir/{file}"));
            girder.env("GIRDER_CACHE_DIR", scratch.join("cache"));
            girder.env("GIRDER_GC_STRESS", if gc_stress { "1" } else { "0" });
            let girder = common::run_with_timeout(girder).unwrap();
            assert!(girder.status.success(), "{file} on girder failed (gc stress {gc_stress}):\n{}", girder.stderr);
            assert_eq!(girder.stdout, elixir.stdout, "{file}: standard output (gc stress {gc_stress})");
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
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
