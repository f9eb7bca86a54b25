//! What the bench crate's tests share: finding the `girder` binary.

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
