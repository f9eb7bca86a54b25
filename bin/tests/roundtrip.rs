//! For every assembly file in the repository, `asm → disasm → asm` yields
//! identical bytes.

use std::path::{Path, PathBuf};

fn gasm_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf();
    let mut files = Vec::new();
    let mut pending = vec![
        root.join("examples"),
        root.join("bench/programs"),
        root.join("bin/stdlib"),
        root.join("spec/conformance"),
    ];
    while let Some(directory) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&directory) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "gasm") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

#[test]
fn every_program_round_trips_through_the_disassembler() {
    let files = gasm_files();
    assert!(files.len() >= 5, "expected the examples, found {files:?}");
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let name = file.display().to_string();
        // Conformance cases include deliberately malformed programs.
        let Ok(bytes) = girder_asm::assemble_to_bytes(&text, &name) else { continue };
        let module = girder_loader::decode(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let listing = girder_asm::disassemble(&module);
        let again = girder_asm::assemble_to_bytes(&listing, &format!("{name} (disassembled)"))
            .unwrap_or_else(|e| panic!("{name}: the disassembly does not assemble:\n{e}\n{listing}"));
        assert!(bytes == again, "{name}: the disassembly assembles to different bytes:\n{listing}");
        checked += 1;
    }
    assert!(checked >= 5);
}
