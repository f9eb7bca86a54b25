//! Runs the loader's verifier on an assembled module and reports its
//! complaint at the source text it concerns.
//!
//! The assembler checks names, operand kinds and arities itself; the
//! verifier adds the rules that need the whole function, such as a
//! consistent stack frame on every path and no path falling off the end.

use crate::diagnostic::{Reporter, Span};
use crate::emit::SourceMap;
use girder_loader::{LoadError, Location, Module, Section};

/// Verifies `module`; a failure is reported at the instruction, function or
/// directive it names, or at `.module` when it names none of them.
pub(crate) fn verify(module: &Module, source_map: &SourceMap, reporter: &mut Reporter<'_>) {
    let Err(error) = girder_loader::verify(module) else {
        return;
    };
    let (span, message) = match locate(&error, module, source_map) {
        // At an instruction the caret says where; the rule is the message.
        Some(Place::Instruction(span)) => (span, error.kind.to_string()),
        Some(Place::Function(span)) => (span, format!("in this function: {}", error.kind)),
        None => (source_map.module, format!("the module breaks a bytecode rule: {error}")),
    };
    reporter.error(span, message);
}

/// Where in the source a verifier error belongs.
enum Place {
    /// At an instruction.
    Instruction(Span),
    /// At a function's `.function` directive.
    Function(Span),
}

fn locate(error: &LoadError, module: &Module, source_map: &SourceMap) -> Option<Place> {
    let function_span = |index: u32| source_map.functions.get(index as usize).copied().map(Place::Function);
    let instruction_span = |index: u32| source_map.instructions.get(index as usize).copied().map(Place::Instruction);
    match (&error.location, error.section) {
        (Some(Location::Instruction { instr, .. }), _) => instruction_span(*instr),
        (Some(Location::Entry(index)), Some(Section::Functions)) => function_span(*index),
        (Some(Location::Entry(index)), Some(Section::Exports)) => {
            module.exports.get(*index as usize).and_then(|&function| function_span(function))
        }
        (Some(Location::Entry(index)), Some(Section::Funs)) => {
            module.funs.get(*index as usize).and_then(|fun| function_span(fun.function))
        }
        (Some(Location::Entry(index)), Some(Section::Lines)) => {
            module.lines.get(*index as usize).and_then(|entry| instruction_span(entry.instr))
        }
        _ => None,
    }
}
