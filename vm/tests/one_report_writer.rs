//! Every report the VM writes goes through its `report` module, which
//! writes it whole to the VM's error output: no source file of the vm crate
//! prints to standard error itself, so each report's text is built in one
//! place and an embedder that gives the VM another error output gets them
//! all.

use std::path::{Path, PathBuf};

/// The Rust source files under `dir`, recursively.
fn source_files(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read a source directory") {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            source_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "rs") {
            files.push(path);
        }
    }
}

#[test]
fn no_source_file_prints_to_standard_error_itself() {
    let mut files = Vec::new();
    source_files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
    let offenders: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).expect("read a source file");
            text.contains("eprint!(") || text.contains("eprintln!(")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(offenders.is_empty(), "write reports through the report module instead: {offenders:?}");
}
