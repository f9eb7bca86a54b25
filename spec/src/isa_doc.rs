//! Renders `spec/ISA.md` from the instruction and BIF tables.

use crate::{OperandKind, BIFS, FORMAT_VERSION, INSTRUCTIONS};
use std::fmt::Write;

/// Renders the whole of `spec/ISA.md` from the tables.
///
/// The checked-in file must equal this text; the test `isa_md_matches_table`
/// fails otherwise, and `GIRDER_BLESS=1 cargo test -p girder-spec` rewrites it.
pub fn isa_markdown() -> String {
    let mut out = String::new();
    out.push_str("# girder instruction set\n\n");
    out.push_str("<!-- Generated from spec/src/lib.rs by `GIRDER_BLESS=1 cargo test -p girder-spec`; do not edit by hand. -->\n\n");
    let _ = writeln!(out, "Bytecode format version: {FORMAT_VERSION}.\n");
    out.push_str(
        "Every instruction has BEAM's meaning where BEAM has an instruction of the same name \
(see `genop.tab`); the byte encoding is girder's own (`BYTECODE.md`). Registers: `x0`..`x1023` \
hold arguments and temporaries; `yN` are the slots of the current stack frame. Test instructions \
continue at the next instruction when the test holds and jump to their label when it does not. \
A fail operand of `none` means the error is raised instead of jumping. Every call costs one \
reduction; BIFs cost what the BIF table says, plus the work they do; a process yields when its \
budget (4,000 by default) is spent.\n\n",
    );
    out.push_str(
        "Errors raised by instructions are Erlang's: `badmatch`, `case_clause`, `function_clause`, \
`if_clause`, `try_clause`, `badarith`, `badarg`, `undef`, `{badfun, F}`, `{badarity, {F, Args}}`, \
`{badmap, M}`, `{badkey, K}`, `timeout_value`.\n\n",
    );
    out.push_str("## Operand kinds\n\n| kind | written as |\n|---|---|\n");
    for kind in OperandKind::ALL {
        let _ = writeln!(out, "| `{}` | {} |", kind.name(), kind.syntax());
    }
    out.push_str(
        "\n## Instructions\n\n| opcode | name | operands | reductions | meaning and failure |\n|---|---|---|---|---|\n",
    );
    for info in INSTRUCTIONS {
        let operands: Vec<&str> = info.operands.iter().map(|kind| kind.name()).collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} |",
            info.opcode,
            info.name,
            if operands.is_empty() { "—".to_string() } else { operands.join(", ") },
            info.cost,
            info.doc
        );
    }
    out.push_str("\n## Built-in functions\n\n`gc` BIFs may allocate and so are called with `gc_bif` (or `call_ext`); the others with `bif`.\n\n| index | function | reductions | gc | meaning |\n|---|---|---|---|---|\n");
    for bif in BIFS {
        let _ = writeln!(
            out,
            "| {} | `{}:'{}'/{}` | {} | {} | {} |",
            bif.index,
            bif.module,
            bif.name,
            bif.arity,
            bif.cost,
            if bif.gc == crate::BifGc::Gc { "gc" } else { "—" },
            bif.doc
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isa_md_matches_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ISA.md");
        let expected = isa_markdown();
        if std::env::var_os("GIRDER_BLESS").is_some() {
            std::fs::write(path, &expected).expect("write ISA.md");
            return;
        }
        let actual = std::fs::read_to_string(path).unwrap_or_default();
        assert!(
            actual == expected,
            "spec/ISA.md disagrees with the instruction table; run `GIRDER_BLESS=1 cargo test -p girder-spec` and review the diff"
        );
    }
}
