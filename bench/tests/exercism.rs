//! `girder-bench exercism` on a hand-written exercise (`tests/exercism/forms`)
//! whose tests use every form the driver expands. Needs Erlang/OTP's `erlc`
//! and `erl`; skipped, saying so, when they are not installed (failed
//! instead under `GIRDER_REQUIRE_ERL=1`).

mod common;

use common::{erlang_for, girder_binary};
use std::path::Path;
use std::process::Command;

/// Runs `girder-bench exercism tests/exercism OPTIONS... --output FILE`
/// and returns the table it printed, checking that it wrote the same.
fn exercism(name: &str, options: &[&str]) -> String {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("exercism");
    let table = std::env::temp_dir().join(format!("girder-bench-test-{}-exercism-{name}.md", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_girder-bench"))
        .arg("exercism")
        .arg(&corpus)
        .args(options)
        .arg("--output")
        .arg(&table)
        .output()
        .expect("girder-bench starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "girder-bench exercism failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(&table).expect("the table was written");
    let _ = std::fs::remove_file(&table);
    assert_eq!(written, stdout);
    stdout
}

#[test]
fn the_driver_expands_every_generator_form_as_eunit_does() {
    if !erlang_for("the exercism harness, which compiles with erlc") {
        return;
    }
    let stdout = exercism("erl", &["--erl-only"]);
    // 26 tests, one failing on purpose; EUnit on erl agrees, so the status is ok.
    assert!(stdout.contains("| forms | 26 | 25 | 25 | — | ok |"), "{stdout}");
    assert!(stdout.contains("| **total: 1 exercise** | **26** | **25** | **25** | **—** | |"), "{stdout}");
    assert!(stdout.contains("girder: not measured"), "{stdout}");
}

#[test]
fn girder_passes_what_erl_passes_in_the_hand_written_exercise() {
    if !erlang_for("the exercism harness, which compiles with erlc") {
        return;
    }
    let girder = girder_binary();
    let stdout = exercism("girder", &["--girder", girder.to_str().expect("a UTF-8 path")]);
    assert!(stdout.contains("| forms | 26 | 25 | 25 | 25 | ok |"), "{stdout}");
    assert!(!stdout.contains("not measured"), "{stdout}");
}

#[test]
fn eunit_itself_passes_on_girder_what_it_passes_on_erl() {
    if !erlang_for("the exercism harness, which compiles with erlc") {
        return;
    }
    let girder = girder_binary();
    let stdout = exercism("eunit", &["--eunit", "--girder", girder.to_str().expect("a UTF-8 path")]);
    // EUnit's own counts: 26 tests, 25 passing, on both VMs.
    assert!(stdout.contains("| forms | 26 | 25 | 25 | ok |"), "{stdout}");
    assert!(!stdout.contains("not measured"), "{stdout}");
}
