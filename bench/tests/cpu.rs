//! `girder-bench cpu`, run for real at its small sizes: every program runs
//! on girder and on erl and their answers agree; a girder that answers
//! wrong, or fails, gets a row saying so and no time. Nothing here judges a
//! time.

mod common;

use common::{erlang_for, girder_binary};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PROGRAMS: [&str; 10] =
    ["fib", "binarytrees", "nbody", "spectralnorm", "fannkuch", "mandelbrot", "sieve", "sort", "maps", "csv"];

fn scratch(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("girder-bench-cpu-test-{}-{name}", std::process::id()))
}

/// Runs `girder-bench cpu --small --runs 1 ARGS...` with `girder` as the VM.
fn cpu(girder: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_girder-bench"))
        .args(["cpu", "--small", "--runs", "1"])
        .args(args)
        .env("GIRDER_BIN", girder)
        .output()
        .expect("girder-bench starts")
}

#[test]
fn every_program_agrees_with_erl() {
    if !erlang_for("the cpu programs, which compare with erl") {
        return;
    }
    let (json, svg) = (scratch("all.json"), scratch("all.svg"));
    let output = cpu(girder_binary(), &["--json", json.to_str().unwrap(), "--svg", svg.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(stdout.contains("geometric mean of girder/erl (time) over 10 of 10 benchmarks"), "{stdout}");
    let document: Value = serde_json::from_str(&std::fs::read_to_string(&json).expect("the JSON")).expect("JSON");
    let chart = std::fs::read_to_string(&svg).expect("the chart");
    let _ = (std::fs::remove_file(&json), std::fs::remove_file(&svg));
    let rows = document["rows"].as_array().expect("rows");
    let names: Vec<&str> = rows.iter().map(|row| row["name"].as_str().unwrap()).collect();
    assert_eq!(names, PROGRAMS);
    for row in rows {
        assert_eq!(row["status"], "ok", "{row:#}");
        assert_eq!(row["girder_check"], row["erl_check"], "{row:#}");
        assert!(row["ratio"].as_f64().is_some_and(|ratio| ratio > 0.0), "{row:#}");
    }
    // The answers the algorithms are known for, so that a program wrong on
    // both VMs alike is caught too.
    let check = |name: &str| rows.iter().find(|row| row["name"] == name).unwrap()["erl_check"].clone();
    assert_eq!(check("fib"), "610");
    assert_eq!(check("nbody"), "{-169075164,-169087605}");
    assert_eq!(check("fannkuch"), "{49,10}");
    assert_eq!(check("sieve"), "{168,76127}");
    assert!(document["geometric_mean"].as_f64().is_some_and(|mean| mean > 0.0), "{document:#}");
    assert!(chart.starts_with("<svg ") && chart.contains("geometric mean"), "{chart}");
    for name in PROGRAMS {
        assert!(chart.contains(&format!(">{name}<")), "{name}");
    }
}

/// A stand-in for girder: a shell script that prints `body` for the
/// benchmark named by its third argument (`girder run PROGRAM NAME SIZE`).
fn fake_girder(name: &str, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = scratch(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).expect("the script");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).expect("executable");
    path
}

#[test]
fn a_wrong_answer_or_a_failure_gets_no_time() {
    if !erlang_for("the cpu programs, which compare with erl") {
        return;
    }
    let wrong = fake_girder("wrong", r#"echo "$3 5 611""#);
    let output = cpu(&wrong, &["--only", "fib"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains("!!! WRONG ANSWER from girder in fib: it computed 611, erl 610"), "{stdout}");
    assert!(stdout.lines().any(|line| line.starts_with("fib ") && line.contains("WRONG")), "{stdout}");
    assert!(!stdout.contains("geometric mean"), "{stdout}");

    let failing = fake_girder("failing", "echo 'no such function: cpu:main/1' >&2; exit 1");
    let output = cpu(&failing, &["--only", "sieve"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(!output.status.success(), "{stdout}");
    assert!(stdout.contains("!!! girder FAILED sieve: "), "{stdout}");
    assert!(stdout.contains("no such function: cpu:main/1"), "{stdout}");
    let _ = (std::fs::remove_file(&wrong), std::fs::remove_file(&failing));
}
