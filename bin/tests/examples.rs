//! Every bundled example runs through the real binary and prints what its
//! header says, in the normal configuration and with a collection at every
//! safe point.

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
