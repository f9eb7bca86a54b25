//! What the bench crate's tests share: finding the `girder` binary, and
//! whether Erlang/OTP is there to compare with.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// The `girder` binary: `GIRDER_BIN`, or built with the cargo that runs
/// these tests, in the same target directory and profile.
pub fn girder_binary() -> &'static Path {
    static GIRDER: OnceLock<PathBuf> = OnceLock::new();
    GIRDER.get_or_init(|| {
        if let Some(path) = std::env::var_os("GIRDER_BIN") {
            return PathBuf::from(path);
        }
        // This test runs from <target>/<profile>/deps/.
        let exe = std::env::current_exe().expect("the test binary's path");
        let profile_directory = exe.parent().and_then(Path::parent).expect("a profile directory").to_path_buf();
        let target_directory = profile_directory.parent().expect("a target directory");
        let mut cargo = Command::new(env!("CARGO"));
        cargo.args(["build", "--quiet", "-p", "girder", "--bin", "girder"]).env("CARGO_TARGET_DIR", target_directory);
        if profile_directory.file_name().is_some_and(|name| name == "release") {
            cargo.arg("--release");
        }
        let status = cargo.status().expect("cargo starts");
        assert!(status.success(), "building girder failed: {status}");
        profile_directory.join(format!("girder{}", std::env::consts::EXE_SUFFIX))
    })
}

/// Whether Erlang/OTP's `erl` runs and its `erlc` starts, for a test that
/// needs them `for_what`. When they do not, the test leaves that part out,
/// saying so; but with `GIRDER_REQUIRE_ERL=1`, as CI sets, this panics, so
/// that a part needing Erlang/OTP fails rather than passes unchecked.
pub fn erlang_for(for_what: &str) -> bool {
    let available =
        Command::new("erl").args(["-noshell", "-eval", "halt()."]).output().is_ok_and(|output| output.status.success())
            && Command::new("erlc").arg("-help").output().is_ok();
    if !available {
        let required = std::env::var_os("GIRDER_REQUIRE_ERL").is_some_and(|value| value == "1");
        assert!(!required, "erl or erlc is not installed, and GIRDER_REQUIRE_ERL=1 asks for {for_what}");
        eprintln!("note: erl or erlc is not installed: skipped {for_what}");
    }
    available
}
