//! girder's own definitions of library functions agree with Erlang/OTP's:
//! the conformance case `lists/builtin_and_otp_agree` (whose expectation is
//! what Erlang/OTP prints) runs here without Erlang/OTP's library, so that
//! girder's BIFs and its built-in `lists` answer every call; the suite runs
//! it with Erlang/OTP's `lists` loaded.

use std::path::Path;
use std::process::Command;

#[test]
fn built_in_lists_agrees_with_otp_without_erlang_installed() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("spec").join("conformance").join("lists");
    let expected = std::fs::read_to_string(dir.join("builtin_and_otp_agree.stdout")).unwrap();
    for gc_stress in ["0", "1"] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
        command.current_dir(&dir).args(["run", "--no-otp", "builtin_and_otp_agree.gasm"]);
        command.env("GIRDER_GC_STRESS", gc_stress);
        let output = command.output().expect("start girder");
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        // The output has no pids, references or funs: compared as it is.
        assert_eq!(String::from_utf8_lossy(&output.stdout), expected, "gc stress {gc_stress}");
    }
}
