//! The examples in `spec/ASSEMBLY.md` stay true: every block fenced as
//! ```` ```gasm ```` is a whole program that assembles and round-trips.

use girder_asm::{assemble, assemble_to_bytes, disassemble};
use std::path::Path;

fn gasm_blocks(document: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in document.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```gasm") => current = Some(String::new()),
            (Some(block), "```") => {
                blocks.push(std::mem::take(block));
                current = None;
            }
            (Some(block), _) => {
                block.push_str(line);
                block.push('\n');
            }
            (None, _) => {}
        }
    }
    blocks
}

#[test]
fn assembly_document_examples_assemble() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/ASSEMBLY.md");
    let document = std::fs::read_to_string(path).expect("spec/ASSEMBLY.md exists");
    let blocks = gasm_blocks(&document);
    assert!(!blocks.is_empty(), "the document has no ```gasm example");
    for block in blocks {
        let module = assemble(&block, "ASSEMBLY.md").unwrap_or_else(|errors| panic!("{errors}\n\n{block}"));
        let bytes = assemble_to_bytes(&disassemble(&module), "disassembly.gasm").unwrap();
        assert_eq!(bytes, assemble_to_bytes(&block, "ASSEMBLY.md").unwrap());
    }
}
