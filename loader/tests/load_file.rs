//! Loading `.gbc` files from disk: success, and errors that name the file.

use girder_loader::samples::{malformed_cases, valid_sample};
use girder_loader::{encode, load_file, ErrorKind};
use std::path::PathBuf;

/// A file in the system's temporary directory, removed when dropped.
struct TempFile(PathBuf);

impl TempFile {
    fn new(name: &str, bytes: &[u8]) -> TempFile {
        let path = std::env::temp_dir().join(format!("girder-loader-{}-{name}", std::process::id()));
        std::fs::write(&path, bytes).expect("write a temporary file");
        TempFile(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn a_valid_file_loads() {
    let module = valid_sample();
    let file = TempFile::new("valid.gbc", &encode(&module));
    assert_eq!(load_file(&file.0).unwrap(), module);
}

#[test]
fn errors_name_the_file() {
    let case =
        malformed_cases().into_iter().find(|case| case.name == "wrong_version").expect("the wrong_version case exists");
    let file = TempFile::new("old.gbc", &case.bytes);
    let error = load_file(&file.0).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::WrongVersion { found: 7 }));
    assert_eq!(
        error.to_string(),
        format!("{}: header, offset 0x4: format version 7, this girder reads version 3", file.0.display())
    );
}

#[test]
fn an_empty_file_is_a_truncated_header() {
    let file = TempFile::new("empty.gbc", &[]);
    let error = load_file(&file.0).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::TruncatedHeader { length: 0 }), "{error}");
}

#[test]
fn a_missing_file_is_an_io_error_naming_it() {
    let path = std::env::temp_dir().join(format!("girder-loader-{}-missing.gbc", std::process::id()));
    let error = load_file(&path).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::Io(_)));
    let line = error.to_string();
    assert!(line.starts_with(&format!("{}: cannot read the file: ", path.display())), "{line}");
}
