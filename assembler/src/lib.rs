//! The girder assembler and disassembler.
//!
//! [`assemble`] reads girder assembly (`.gasm`, described in
//! `spec/ASSEMBLY.md`) and builds a verified [`Module`];
//! [`assemble_to_bytes`] also encodes it as bytecode. [`disassemble`] writes
//! a module back as assembly text that assembles to the same module, byte for
//! byte.
//!
//! Every error names `file:line:col`, quotes the source line with a caret
//! under the offending text and says what was expected. The assembler keeps
//! going after an error, so one run reports every error it can find, as
//! [`Diagnostics`].
//!
//! Operand syntax is decided by the operand's kind in the instruction table
//! (`girder_spec::for_each_instruction!`), and both the building of an
//! [`girder_loader::Instr`] from operands and its taking apart are generated
//! from that table, in the loader ([`girder_loader::instr_from_operands`],
//! [`girder_loader::operands`]).
//!
//! ```
//! let source = "
//! .module hello
//! .export main/0
//!
//! .function main/0
//!     move {hello, world}, x0
//!     return
//! ";
//! let module = girder_asm::assemble(source, "hello.gasm").unwrap();
//! assert_eq!(module.name(), "hello");
//! let text = girder_asm::disassemble(&module);
//! assert_eq!(girder_asm::assemble(&text, "again.gasm").unwrap(), module);
//! ```

#![forbid(unsafe_code)]

mod ast;
mod diagnostic;
mod disasm;
mod emit;
mod lexer;
mod literal;
mod parser;
mod resolve;
mod suggest;
mod tables;
mod verify;

pub use diagnostic::{Diagnostic, Diagnostics};

use diagnostic::Reporter;
use girder_loader::Module;

/// Assembles `source` into a verified module; `file_name` is used in error messages.
///
/// All errors found are returned together, sorted by position. A module that
/// assembles is also checked by the loader's verifier, whose complaints are
/// reported at the instruction (or function) they concern.
pub fn assemble(source: &str, file_name: &str) -> Result<Module, Diagnostics> {
    let mut reporter = Reporter::new(source, file_name);
    let statements = parser::parse(source, &mut reporter);
    let built = emit::build_module(&statements, &mut reporter);
    if let Some((module, source_map)) = &built {
        verify::verify(module, source_map, &mut reporter);
    }
    match built {
        Some((module, _)) if !reporter.has_errors() => Ok(module),
        _ => {
            // Building fails only after an error has been reported; should
            // that ever not hold, say so rather than return nothing.
            if !reporter.has_errors() {
                reporter.error(diagnostic::Span::new(1, 0, 1), "internal error: the module could not be built");
            }
            Err(reporter.finish())
        }
    }
}

/// Assembles `source` and encodes the module as bytecode (the contents of a `.gbc` file).
pub fn assemble_to_bytes(source: &str, file_name: &str) -> Result<Vec<u8>, Diagnostics> {
    assemble(source, file_name).map(|module| girder_loader::encode(&module))
}

/// Writes `module` as assembly text that [`assemble`] turns back into the same module.
///
/// Labels are written `L<index>:` before each instruction that some operand
/// jumps to, and referenced as `@L<index>`; `.line` directives are written
/// where line entries start; literals are written in the Erlang notation the
/// assembler reads (floats with enough digits to read back exactly).
pub fn disassemble(module: &Module) -> String {
    disasm::disassemble(module)
}
