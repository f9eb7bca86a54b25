//! The harness, run for real on small N: `girder-bench` drives the `girder`
//! binary (built here when `GIRDER_BIN` does not name one) and, when it is
//! installed, `erl`. These check that the scenarios run and report what
//! they promise; the figures themselves are not judged.

mod common;

use common::{erlang_for, girder_binary};
use serde_json::Value;
use std::process::Command;

/// Runs `girder-bench ARGS... --json FILE` and returns its standard output
/// and the JSON it wrote.
fn bench(name: &str, args: &[&str]) -> (String, Value) {
    let json = std::env::temp_dir().join(format!("girder-bench-test-{}-{name}.json", std::process::id()));
    let output = Command::new(env!("CARGO_BIN_EXE_girder-bench"))
        .args(args)
        .arg("--json")
        .arg(&json)
        .env("GIRDER_BIN", girder_binary())
        .output()
        .expect("girder-bench starts");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success(),
        "girder-bench {args:?} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let text = std::fs::read_to_string(&json).expect("the JSON file");
    let _ = std::fs::remove_file(&json);
    (stdout, serde_json::from_str(&text).expect("valid JSON"))
}

fn number(document: &Value, field: &str) -> f64 {
    document[field].as_f64().unwrap_or_else(|| panic!("no number `{field}` in {document:#}"))
}

const RING_FIELDS: [&str; 10] = [
    "spawn_ns_per_proc",
    "settle_ns_per_proc",
    "hop_ns",
    "teardown_ns_per_proc",
    "bytes_per_proc",
    "settled_bytes_per_proc",
    "peak_rss_bytes",
    "wall_ns",
    "checksum",
    "procs",
];

#[test]
fn ring_json_has_every_field() {
    let svg = std::env::temp_dir().join(format!("girder-bench-test-{}.svg", std::process::id()));
    let svg_arg = svg.to_str().expect("a UTF-8 temporary directory");
    let (stdout, document) = bench(
        "ring",
        &["ring", "--procs", "1000", "--rounds", "200", "--runs", "1", "--schedulers", "2", "--svg", svg_arg],
    );
    assert!(stdout.contains("1,000  girder"), "{stdout}");
    assert_eq!(document["benchmark"], "ring");
    assert_eq!(number(&document, "procs"), 1000.0);
    assert_eq!(number(&document, "rounds"), 200.0);
    assert_eq!(number(&document, "schedulers"), 2.0);
    for field in RING_FIELDS {
        let value = number(&document, field);
        if field.contains("bytes_per_proc") {
            // 1,000 processes take less memory than one 2 MiB huge page,
            // which is how process memory becomes resident: the growth over
            // the baseline run is within that granularity, either side of 0.
            assert!(value.is_finite(), "`{field}` in {document:#}");
        } else {
            assert!(value > 0.0, "`{field}` in {document:#}");
        }
    }
    assert_eq!(number(&document, "checksum"), 201_000.0);
    assert!(document.get("erl").is_none(), "erl runs only under --compare erl");
    let chart = std::fs::read_to_string(&svg).expect("the chart");
    let _ = std::fs::remove_file(&svg);
    assert!(chart.starts_with("<svg ") && chart.contains("hop time"), "{chart}");
}

#[test]
fn ring_and_its_twin_agree() {
    if !erlang_for("the ring's Erlang twin") {
        return;
    }
    let (stdout, document) =
        bench("ring-erl", &["ring", "--procs", "1000", "--rounds", "200", "--runs", "1", "--compare", "erl"]);
    assert!(stdout.contains("checksum 201,000 on both"), "{stdout}");
    let erl = &document["erl"];
    for field in RING_FIELDS.iter().filter(|&&field| field != "procs") {
        assert!(number(erl, field) > 0.0, "erl's `{field}` in {document:#}");
        if field.contains("bytes_per_proc") {
            // girder's figure may be either side of 0 at this size (see above).
            assert!(number(&document["ratio"], field).is_finite(), "ratio `{field}` in {document:#}");
        } else if *field != "checksum" {
            assert!(number(&document["ratio"], field) > 0.0, "ratio `{field}` in {document:#}");
        }
    }
    assert_eq!(erl["checksum"], document["checksum"]);
    assert!(erl["flags"].as_str().is_some_and(|flags| flags.starts_with("+P 2000")), "{erl:#}");
}

#[test]
fn pingpong_and_spawn_exit_run() {
    let compare: &[&str] = if erlang_for("pingpong and spawn-exit on erl") { &["--compare", "erl"] } else { &[] };
    let (_, pingpong) = bench("pingpong", &[&["pingpong", "--round-trips", "2000", "--runs", "1"], compare].concat());
    assert_eq!(pingpong["benchmark"], "pingpong");
    assert!(number(&pingpong, "round_trip_ns") > 0.0, "{pingpong:#}");
    let (_, spawn_exit) = bench("spawn-exit", &[&["spawn-exit", "--procs", "2000", "--runs", "1"], compare].concat());
    assert_eq!(spawn_exit["benchmark"], "spawn-exit");
    for field in ["spawn_ns_per_proc", "gone_ns_per_proc", "peak_rss_bytes"] {
        assert!(number(&spawn_exit, field) > 0.0, "`{field}` in {spawn_exit:#}");
    }
    if !compare.is_empty() {
        assert!(number(&pingpong["erl"], "round_trip_ns") > 0.0, "{pingpong:#}");
        assert!(number(&spawn_exit["erl"], "gone_ns_per_proc") > 0.0, "{spawn_exit:#}");
    }
}

#[test]
fn links_monitors_runs() {
    let compare: &[&str] = if erlang_for("links-monitors on erl") { &["--compare", "erl"] } else { &[] };
    let args = [&["links-monitors", "--procs", "2000", "--runs", "1", "--schedulers", "2"], compare].concat();
    let (_, document) = bench("links-monitors", &args);
    assert_eq!(document["benchmark"], "links-monitors");
    let mut vms = vec![&document["girder"]];
    if !compare.is_empty() {
        vms.push(&document["erl"]);
    }
    for figures in vms {
        for field in ["link_ns", "exits_ns", "monitor_ns", "downs_ns"] {
            assert!(number(figures, field) > 0.0, "`{field}` in {document:#}");
        }
        for field in ["late_links_ns", "late_monitors_ns"] {
            assert!(number(figures, field) >= 0.0, "`{field}` in {document:#}");
        }
    }
}
