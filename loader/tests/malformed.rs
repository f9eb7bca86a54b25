//! The malformed-input table: every case fails to load with its message, and
//! `spec/BYTECODE.md` shows every case with the exact line the user sees.
//!
//! `GIRDER_BLESS=1 cargo test -p girder-loader --test malformed` rewrites the
//! table in the document from the cases.

use girder_loader::decode;
use girder_loader::samples::{malformed_cases, MalformedCase};

const DOCUMENT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/BYTECODE.md");
const TABLE_START: &str = "<!-- malformed-table:start -->";
const TABLE_END: &str = "<!-- malformed-table:end -->";

/// The line a user sees for a case, as `girder run bad.gbc` would print it.
fn user_message(case: &MalformedCase) -> String {
    match decode(&case.bytes) {
        Ok(_) => panic!("malformed case {} decoded without error", case.name),
        Err(error) => error.with_file("bad.gbc").to_string(),
    }
}

/// The markdown table of all cases, as it must appear in the document.
fn table() -> String {
    let mut out = String::from("| case | how the bytes are damaged | message |\n|---|---|---|\n");
    for case in malformed_cases() {
        let message = user_message(&case).replace('|', "\\|");
        out.push_str(&format!("| `{}` | {} | `{}` |\n", case.name, case.description, message));
    }
    out
}

#[test]
fn every_case_fails_with_its_message() {
    let cases = malformed_cases();
    assert!(cases.len() >= 10, "the table lost cases");
    for case in &cases {
        let message = user_message(case);
        assert!(
            message.contains(&case.message),
            "case {}: expected the error to contain {:?}, got {:?}",
            case.name,
            case.message,
            message
        );
        assert!(!message.contains('\n'), "case {}: the message is not one line", case.name);
    }
}

#[test]
fn case_names_are_unique() {
    let cases = malformed_cases();
    let mut names: Vec<&str> = cases.iter().map(|case| case.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), cases.len());
}

#[test]
fn the_document_lists_every_case() {
    let document = std::fs::read_to_string(DOCUMENT).expect("spec/BYTECODE.md exists");
    let (Some(start), Some(end)) = (document.find(TABLE_START), document.find(TABLE_END)) else {
        panic!("spec/BYTECODE.md has no malformed-table markers");
    };
    let body_start = start + TABLE_START.len() + 1;
    let expected = table();
    if std::env::var_os("GIRDER_BLESS").is_some() {
        let blessed = format!("{}{}{}", &document[..body_start], expected, &document[end..]);
        std::fs::write(DOCUMENT, blessed).expect("write spec/BYTECODE.md");
        return;
    }
    let actual = document.get(body_start..end).unwrap_or_default();
    for case in malformed_cases() {
        assert!(
            actual.contains(&format!("| `{}` |", case.name)),
            "spec/BYTECODE.md does not list the malformed case {}",
            case.name
        );
    }
    assert!(
        actual == expected,
        "the malformed-input table in spec/BYTECODE.md disagrees with the cases; \
         run `GIRDER_BLESS=1 cargo test -p girder-loader --test malformed` and review the diff"
    );
}
