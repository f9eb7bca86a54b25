//! Builds a [`Module`] from parsed statements.
//!
//! Two passes: the first lays the code out (functions, labels, line entries,
//! exports) so that forward references resolve; the second resolves every
//! instruction's operands in code order. Table indices are assigned in a
//! fixed order that does not depend on where directives sit in the file:
//! atom 0 is the module name, then the function names in definition order,
//! then atoms, literals, imports and funs by first use in the code. So the
//! disassembly of a module assembles to the very same module.

use crate::ast::{FunctionName, Instruction, Statement};
use crate::diagnostic::{Reporter, Span};
use crate::resolve::{function_suggestion, function_text, FunctionLayout, Resolver};
use crate::tables::Tables;
use girder_loader::{Function, Label, LineEntry, Module};
use std::collections::{HashMap, HashSet};

/// Where each part of the module came from, for turning a verifier error into a diagnostic.
pub(crate) struct SourceMap {
    /// The span of each instruction, by instruction index.
    pub(crate) instructions: Vec<Span>,
    /// The span of each function's `.function` directive, by function index.
    pub(crate) functions: Vec<Span>,
    /// The span of the `.module` directive.
    pub(crate) module: Span,
}

/// The code laid out by the first pass.
struct Layout<'s> {
    module: Option<(String, Span)>,
    exports: Vec<(FunctionName, Span)>,
    functions: Vec<FunctionLayout>,
    /// Each instruction with the index of its function.
    code: Vec<(&'s Instruction, usize)>,
    lines: Vec<LineEntry>,
    files: Vec<String>,
}

/// Builds the module; reports every error to `reporter` and returns `None` if there was any.
pub(crate) fn build_module(statements: &[Statement], reporter: &mut Reporter<'_>) -> Option<(Module, SourceMap)> {
    let layout = lay_out(statements, reporter);
    let exports = resolve_exports(&layout, reporter);
    let function_indices: HashMap<FunctionName, u32> =
        layout.functions.iter().zip(0..).map(|(function, index)| (function.name.clone(), index)).collect();

    let mut tables = Tables::default();
    let (module_name, module_span) = layout.module.clone().unwrap_or_else(|| (String::new(), Span::new(1, 0, 1)));
    tables.atom(&module_name);
    let function_atoms: Vec<u32> = layout.functions.iter().map(|function| tables.atom(&function.name.name)).collect();

    let mut resolver = Resolver::new(tables, &layout.functions, &function_indices, reporter);
    let mut code = Vec::with_capacity(layout.code.len());
    for &(instruction, function) in &layout.code {
        if let Some(instr) = resolver.instruction(instruction, function) {
            code.push(instr);
        }
    }
    let Resolver { tables, pools, .. } = resolver;
    if reporter.has_errors() {
        return None;
    }

    let functions = layout
        .functions
        .iter()
        .zip(function_atoms)
        .map(|(function, name)| Function {
            name,
            arity: function.name.arity,
            entry: Label(function.entry),
            end: function.end,
        })
        .collect();
    let module = Module {
        atoms: tables.atoms,
        literals: tables.literals,
        imports: tables.imports,
        exports,
        functions,
        funs: tables.funs,
        code,
        lines: layout.lines,
        files: layout.files,
        attributes: None,
        compile_info: None,
        src_pool: pools.src_pool,
        y_pool: pools.y_pool,
        case_pool: pools.case_pool,
        key_val_pool: pools.key_val_pool,
        key_dst_pool: pools.key_dst_pool,
    };
    let source_map = SourceMap {
        instructions: layout.code.iter().map(|(instruction, _)| instruction.span).collect(),
        functions: layout.functions.iter().map(|function| function.span).collect(),
        module: module_span,
    };
    Some((module, source_map))
}

/// The first pass: functions, labels, line entries and the module name.
fn lay_out<'s>(statements: &'s [Statement], reporter: &mut Reporter<'_>) -> Layout<'s> {
    let mut layout = Layout {
        module: None,
        exports: Vec::new(),
        functions: Vec::new(),
        code: Vec::new(),
        lines: Vec::new(),
        files: Vec::new(),
    };
    let mut defined: HashMap<FunctionName, Span> = HashMap::new();
    let mut pending_labels: Vec<(String, Span)> = Vec::new();
    let mut pending_line: Option<(u32, u32)> = None;
    let mut current_line: Option<(u32, u32)> = None;
    let mut outside_reported = false;

    for (position, statement) in statements.iter().enumerate() {
        match statement {
            Statement::Module { name, span } => {
                if let Some((first, first_span)) = &layout.module {
                    reporter.error(
                        *span,
                        format!(
                            "duplicate `.module` directive: the module is already named `{}` on line {}",
                            crate::literal::format_atom(first),
                            first_span.line
                        ),
                    );
                } else {
                    if position > 0 {
                        reporter.error(*span, "`.module` must be the first directive of the file");
                    }
                    layout.module = Some((name.clone(), *span));
                }
            }
            Statement::Export { functions, .. } => layout.exports.extend(functions.iter().cloned()),
            Statement::Function { function, span } => {
                finish_function(&mut layout, &mut pending_labels, reporter);
                if let Some(previous) = defined.get(function) {
                    reporter.error(
                        *span,
                        format!("function `{}` is already defined on line {}", function_text(function), previous.line),
                    );
                } else {
                    defined.insert(function.clone(), *span);
                }
                let entry = instruction_index(layout.code.len());
                layout.functions.push(FunctionLayout {
                    name: function.clone(),
                    span: *span,
                    entry,
                    end: entry,
                    labels: HashMap::new(),
                });
                outside_reported = false;
            }
            Statement::Line { number, file, .. } => {
                let file = match file {
                    None => 0,
                    Some(name) => match layout.files.iter().position(|known| known == name) {
                        Some(index) => index as u32 + 1,
                        None => {
                            layout.files.push(name.clone());
                            layout.files.len() as u32
                        }
                    },
                };
                pending_line = Some((*number, file));
            }
            Statement::Label { name, span } => {
                let Some(function) = layout.functions.last() else {
                    reporter.error(
                        *span,
                        format!("label `{name}` is outside any function; start one with `.function name/arity`"),
                    );
                    continue;
                };
                let earlier = function
                    .labels
                    .get(name)
                    .map(|&(_, span)| span)
                    .or_else(|| pending_labels.iter().find(|(pending, _)| pending == name).map(|&(_, span)| span));
                match earlier {
                    Some(earlier) => reporter.error(
                        *span,
                        format!("duplicate label `{name}`: it is already defined on line {}", earlier.line),
                    ),
                    None => pending_labels.push((name.clone(), *span)),
                }
            }
            Statement::Instruction(instruction) => {
                let Some(function) = layout.functions.last_mut() else {
                    if !outside_reported {
                        reporter.error(
                            instruction.name_span,
                            "instruction outside a function; start one with `.function name/arity`",
                        );
                        outside_reported = true;
                    }
                    continue;
                };
                let index = instruction_index(layout.code.len());
                for (name, span) in pending_labels.drain(..) {
                    function.labels.insert(name, (index, span));
                }
                function.end = index + 1;
                if pending_line.is_some() && pending_line != current_line {
                    current_line = pending_line;
                    let (line, file) = pending_line.unwrap_or((0, 0));
                    layout.lines.push(LineEntry { instr: index, line, file });
                }
                layout.code.push((instruction, layout.functions.len() - 1));
            }
        }
    }
    finish_function(&mut layout, &mut pending_labels, reporter);
    if layout.module.is_none() {
        let span = statements.first().map_or(Span::new(1, 0, 1), |statement| match statement {
            Statement::Instruction(instruction) => instruction.name_span,
            // A directive or label starts its line: underline from there.
            other => {
                let span = statement_span(other);
                Span::new(span.line, 0, span.end)
            }
        });
        reporter.error(span, "missing `.module` directive: a source starts with `.module name`");
    }
    layout
}

/// Checks the function being closed: it has code, and no label dangles at its end.
fn finish_function(layout: &mut Layout<'_>, pending_labels: &mut Vec<(String, Span)>, reporter: &mut Reporter<'_>) {
    let Some(function) = layout.functions.last() else {
        return;
    };
    for (name, span) in pending_labels.drain(..) {
        reporter.error(span, format!("label `{name}` is not followed by any instruction of its function"));
    }
    if function.entry == function.end {
        reporter.error(
            function.span,
            format!("function `{}` is empty; a function needs at least one instruction", function_text(&function.name)),
        );
    }
}

/// Resolves the exported functions to function indices, dropping repeats.
fn resolve_exports(layout: &Layout<'_>, reporter: &mut Reporter<'_>) -> Vec<u32> {
    let mut exports = Vec::new();
    let mut seen = HashSet::new();
    for (name, span) in &layout.exports {
        match layout.functions.iter().position(|function| &function.name == name) {
            Some(index) => {
                let index = instruction_index(index);
                if seen.insert(index) {
                    exports.push(index);
                }
            }
            None => {
                let suggestion = function_suggestion(name, layout.functions.iter().map(|function| &function.name));
                reporter.error(
                    *span,
                    format!("cannot export `{}`: no such function is defined{suggestion}", function_text(name)),
                );
            }
        }
    }
    exports
}

/// Where a statement is, for errors that concern the statement as a whole.
fn statement_span(statement: &Statement) -> Span {
    match statement {
        Statement::Module { span, .. }
        | Statement::Function { span, .. }
        | Statement::Label { span, .. }
        | Statement::Export { span, .. }
        | Statement::Line { span, .. } => *span,
        Statement::Instruction(instruction) => instruction.name_span,
    }
}

/// Converts a code position to an instruction index; code that large cannot come from a source file.
fn instruction_index(position: usize) -> u32 {
    u32::try_from(position).unwrap_or(u32::MAX)
}
