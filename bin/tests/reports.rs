//! `error_logger:error_msg/1,2`, `warning_msg/1,2` and `info_msg/1,2`, and
//! output to `standard_error`, through the `girder` binary: what lands on
//! standard error, with the report times masked.

use std::path::PathBuf;
use std::process::Command;

/// A program that logs one report of each kind and form, with a format that
/// does not fit its arguments last, then prints each call's result.
const PROGRAM: &str = r#"
.module reports
.export main/1

.function main/1
    allocate 0, 0
    move "error ~p~n", x0
    move [{a, 1}], x1
    call_ext 2, error_logger:error_msg/2
    move "plain error", x0
    call_ext 1, error_logger:error_msg/1
    move "warning ~w", x0
    move [[1, 2]], x1
    call_ext 2, error_logger:warning_msg/2
    move "plain warning~n", x0
    call_ext 1, error_logger:warning_msg/1
    move "info ~s", x0
    move ["text"], x1
    call_ext 2, error_logger:info_msg/2
    move "plain info", x0
    call_ext 1, error_logger:info_msg/1
    move "bad ~d", x0
    move [a], x1
    call_ext 2, error_logger:error_msg/2
    move standard_error, x0
    move "last~n", x1
    move [], x2
    call_ext 3, io:format/3
    test_heap 2, 1
    put_list x0, [], x1
    move "~p~n", x0
    call_ext_last 2, io:format/2, 0
"#;

/// What Erlang/OTP 25 prints for the same calls (`erl -noshell`), report
/// times masked as [`mask_times`] does.
const EXPECTED: &str = "=ERROR REPORT==== TIME ===\nerror {a,1}\n\n\
=ERROR REPORT==== TIME ===\nplain error\n\
=WARNING REPORT==== TIME ===\nwarning [1,2]\n\
=WARNING REPORT==== TIME ===\nplain warning\n\n\
=INFO REPORT==== TIME ===\ninfo text\n\
=INFO REPORT==== TIME ===\nplain info\n\
=ERROR REPORT==== TIME ===\nERROR: \"bad ~d\" - [a]\n\
last\n";

/// `text` with the time of every report header (`=KIND REPORT==== Time ===`)
/// replaced by `TIME`, after checking that it has the logger's shape,
/// `22-Nov-2026::06:44:56.100447`.
fn mask_times(text: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        let masked = line.strip_prefix('=').and_then(|rest| {
            let (kind, rest) = rest.split_once(" REPORT==== ")?;
            let time = rest.strip_suffix(" ===\n")?;
            let (date, clock) = time.split_once("::")?;
            let shape_ok = date.split('-').count() == 3
                && clock.len() == "06:44:56.100447".len()
                && clock.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.');
            shape_ok.then(|| format!("={kind} REPORT==== TIME ===\n"))
        });
        out.push_str(masked.as_deref().unwrap_or(line));
    }
    out
}

#[test]
fn error_logger_reports_and_standard_error_go_to_stderr() {
    let dir = std::env::temp_dir().join(format!("girder-reports-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a scratch directory");
    let program: PathBuf = dir.join("reports.gasm");
    std::fs::write(&program, PROGRAM).expect("write the program");
    let output = Command::new(env!("CARGO_BIN_EXE_girder")).arg("run").arg(&program).output().expect("run girder");
    let _ = std::fs::remove_dir_all(&dir);
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stdout}\n{stderr}");
    assert_eq!(stdout, "ok\n", "every call returns ok; {stderr}");
    assert_eq!(mask_times(&stderr), EXPECTED);
}
