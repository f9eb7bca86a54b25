//! Renders `spec/ISA.md` from the instruction and BIF tables.

use crate::{BifReturn, Flow, OperandKind, Role, BIFS, FORMAT_VERSION, INSTRUCTIONS};
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
        "\n## Operand roles\n\nEach operand has a role, which says what it means; the loader's checks read \
the roles, not the instructions.\n\n| role | kinds | meaning |\n|---|---|---|\n",
    );
    for role in Role::ALL {
        let kinds: Vec<&str> = role.kinds().iter().map(|kind| kind.name()).collect();
        let _ = writeln!(out, "| `{}` | {} | {} |", role.name(), kinds.join(", "), role.meaning());
    }
    out.push_str(
        "\n## Flows\n\nEach instruction declares where execution goes after it, and the x registers \
it reads (`reads N`: x0..x(N-1)) or writes (`writes N`) without naming them.\n\n| flow | meaning |\n|---|---|\n",
    );
    for flow in Flow::ALL {
        let _ = writeln!(out, "| `{}` | {} |", flow.name(), flow.meaning());
    }
    out.push_str(
        "\n## Instructions\n\n| opcode | name | operands | effect | reductions | meaning and failure |\n|---|---|---|---|---|---|\n",
    );
    for info in INSTRUCTIONS {
        let operands: Vec<String> = info
            .roles
            .iter()
            .zip(info.operands)
            .map(|(role, kind)| format!("{}:{}", role.name(), kind.name()))
            .collect();
        let _ = writeln!(
            out,
            "| {} | `{}` | {} | {} | {} | {} |",
            info.opcode,
            info.name,
            if operands.is_empty() { "—".to_string() } else { operands.join(", ") },
            info.effect.text(),
            info.cost,
            info.doc
        );
    }
    out.push_str("\n## Built-in functions\n\n`gc` BIFs may allocate and so are called with `gc_bif` (or `call_ext`); the others with `bif`. \
`never returns` BIFs always raise, so a call of one needs no frame.\n\n| index | function | reductions | gc | returns | meaning |\n|---|---|---|---|---|---|\n");
    for bif in BIFS {
        let _ = writeln!(
            out,
            "| {} | `{}:'{}'/{}` | {} | {} | {} | {} |",
            bif.index,
            bif.module,
            bif.name,
            bif.arity,
            bif.cost,
            if bif.gc == crate::BifGc::Gc { "gc" } else { "—" },
            match bif.returns {
                BifReturn::Returns => "—",
                BifReturn::NeverReturns => "never returns",
            },
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
