//! The built-in modules written in Erlang (`bin/stdlib/NAME.erl`) ship as
//! the assembly `girder disasm` prints for them compiled by
//! `erlc +deterministic` (`bin/stdlib/NAME.gasm`, after a comment head):
//! this test compiles each source again and checks that the shipped
//! assembly is what it gives.

// This file uses only the Erlang/OTP helpers of the shared module.
#[allow(dead_code)]
mod common;

use common::{erlang_available, erlang_required, erlc, files_with_extension};
use std::path::Path;
use std::process::Command;

#[test]
fn shipped_assembly_is_what_the_erlang_source_compiles_to() {
    if !erlang_available() {
        assert!(!erlang_required(), "erl or erlc is not on PATH, and GIRDER_REQUIRE_ERL=1 asks for every Erlang test");
        eprintln!("note: erl or erlc is not on PATH; the built-in modules' sources were not recompiled");
        return;
    }
    let stdlib = Path::new(env!("CARGO_MANIFEST_DIR")).join("stdlib");
    let out = std::env::temp_dir().join(format!("girder-stdlib-sources-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let sources = files_with_extension(&stdlib, "erl");
    assert!(!sources.is_empty(), "no Erlang sources in {}", stdlib.display());
    erlc(&out, &sources).unwrap();
    for source in &sources {
        let name = source.file_stem().unwrap().to_str().unwrap();
        let beam = out.join(format!("{name}.beam"));
        let disasm = Command::new(env!("CARGO_BIN_EXE_girder")).arg("disasm").arg(&beam).output().unwrap();
        assert!(disasm.status.success(), "{}", String::from_utf8_lossy(&disasm.stderr));
        let shipped = std::fs::read_to_string(stdlib.join(format!("{name}.gasm"))).unwrap();
        let body: String =
            shipped.lines().skip_while(|line| line.starts_with('%')).map(|line| format!("{line}\n")).collect();
        assert!(
            body == String::from_utf8_lossy(&disasm.stdout),
            "bin/stdlib/{name}.gasm is not what {name}.erl compiles to: regenerate it \
             (erlc +deterministic {name}.erl && girder disasm {name}.beam, under the comment head)"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
