//! Writes a [`Module`] as assembly text that assembles back to the same module.
//!
//! Labels are named after the instruction they mark (`L12:` before
//! instruction 12, referenced as `@L12`), and a `.line` directive is written
//! where each line entry starts. A module that breaks the verifier's rules
//! (an index past its table, say) still disassembles without panicking; the
//! broken reference is written as `<bad ... N>`, which does not assemble.

use crate::literal::{write_atom_index, write_literal};
use girder_loader::{operands, Dst, Instr, Label, Module, Operand, Src, SrcKind};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write;

/// Writes `module` as assembly text.
pub(crate) fn disassemble(module: &Module) -> String {
    let writer = Writer { module };
    let mut out = String::new();
    out.push_str(".module ");
    write_atom_index(&mut out, 0, &module.atoms);
    out.push('\n');
    if !module.exports.is_empty() {
        out.push_str(".export ");
        for (position, &function) in module.exports.iter().enumerate() {
            if position > 0 {
                out.push_str(", ");
            }
            writer.function(&mut out, function);
        }
        out.push('\n');
    }

    let targets = jump_targets(module);
    let mut lines: BTreeMap<u32, Vec<(u32, u32)>> = BTreeMap::new();
    for entry in &module.lines {
        lines.entry(entry.instr).or_default().push((entry.line, entry.file));
    }
    let mut next = 0u32;
    for (index, function) in module.functions.iter().enumerate() {
        out.push('\n');
        if function.entry.0 != next {
            let _ = writeln!(out, "% the function below does not start where the previous one ends ({next})");
        }
        out.push_str(".function ");
        writer.function(&mut out, u32::try_from(index).unwrap_or(u32::MAX));
        out.push('\n');
        for instr in function.entry.0..function.end.min(code_length(module)) {
            if targets.contains(&instr) {
                let _ = writeln!(out, "L{instr}:");
            }
            for &(line, file) in lines.get(&instr).into_iter().flatten() {
                match file.checked_sub(1).and_then(|index| module.files.get(index as usize)) {
                    Some(name) => {
                        let _ = writeln!(out, "    .line {line}, {}", crate::literal::quote_string(name));
                    }
                    None => {
                        let _ = writeln!(out, "    .line {line}");
                    }
                }
            }
            out.push_str("    ");
            if let Some(instruction) = module.code.get(instr as usize) {
                writer.instruction(&mut out, instruction);
            }
            out.push('\n');
        }
        next = function.end;
    }
    if next < code_length(module) {
        let _ = writeln!(out, "\n% instructions {next}.. belong to no function");
    }
    out
}

/// The number of instructions, as an instruction index.
fn code_length(module: &Module) -> u32 {
    u32::try_from(module.code.len()).unwrap_or(u32::MAX)
}

/// Every instruction some label operand points at.
fn jump_targets(module: &Module) -> HashSet<u32> {
    let mut targets = HashSet::new();
    for instr in &module.code {
        for &operand in operands(instr).as_slice() {
            match operand {
                Operand::L(label) => {
                    targets.insert(label.0);
                }
                Operand::Fail(fail) => {
                    if let Some(label) = fail.label() {
                        targets.insert(label.0);
                    }
                }
                Operand::Cases(cases) => {
                    let pairs = module.case_pool.get(cases.0.range()).unwrap_or(&[]);
                    targets.extend(pairs.iter().map(|(_, label)| label.0));
                }
                _ => {}
            }
        }
    }
    targets
}

struct Writer<'m> {
    module: &'m Module,
}

impl Writer<'_> {
    fn instruction(&self, out: &mut String, instr: &Instr) {
        out.push_str(instr.info().name);
        for (position, &operand) in operands(instr).as_slice().iter().enumerate() {
            out.push_str(if position == 0 { " " } else { ", " });
            self.operand(out, operand);
        }
    }

    fn operand(&self, out: &mut String, operand: Operand) {
        let module = self.module;
        match operand {
            Operand::U(value) => {
                let _ = write!(out, "{value}");
            }
            Operand::S(source) => self.source(out, source),
            Operand::D(destination) => destination_text(out, destination),
            Operand::Y(number) => {
                let _ = write!(out, "y{number}");
            }
            Operand::L(label) => label_text(out, label),
            Operand::Fail(fail) => match fail.label() {
                Some(label) => label_text(out, label),
                None => out.push_str("none"),
            },
            Operand::A(atom) => write_atom_index(out, atom, &module.atoms),
            Operand::F(function) => self.function(out, function),
            Operand::E(import) | Operand::B(import) => self.import(out, import),
            Operand::Lam(fun) => match module.funs.get(fun as usize) {
                Some(entry) => self.function(out, entry.function),
                None => {
                    let _ = write!(out, "<bad fun {fun}>");
                }
            },
            Operand::Srcs(list) => {
                self.list(out, module.src_pool.get(list.0.range()), |out, &source| self.source(out, source))
            }
            Operand::Ys(list) => self.list(out, module.y_pool.get(list.0.range()), |out, number| {
                let _ = write!(out, "y{number}");
            }),
            Operand::Cases(list) => self.list(out, module.case_pool.get(list.0.range()), |out, &(value, label)| {
                self.source(out, value);
                out.push_str(", ");
                label_text(out, label);
            }),
            Operand::KeyVals(list) => self.list(out, module.key_val_pool.get(list.0.range()), |out, &(key, value)| {
                self.source(out, key);
                out.push_str(", ");
                self.source(out, value);
            }),
            Operand::KeyDsts(list) => {
                self.list(out, module.key_dst_pool.get(list.0.range()), |out, &(key, destination)| {
                    self.source(out, key);
                    out.push_str(", ");
                    destination_text(out, destination);
                })
            }
        }
    }

    /// Writes a list operand; a span outside its pool is written as `<bad list>`.
    fn list<T>(&self, out: &mut String, items: Option<&[T]>, mut item: impl FnMut(&mut String, &T)) {
        let Some(items) = items else {
            out.push_str("<bad list>");
            return;
        };
        out.push('[');
        for (position, value) in items.iter().enumerate() {
            if position > 0 {
                out.push_str(", ");
            }
            item(out, value);
        }
        out.push(']');
    }

    fn source(&self, out: &mut String, source: Src) {
        let _ = match source.kind() {
            SrcKind::X(number) => write!(out, "x{number}"),
            SrcKind::Y(number) => write!(out, "y{number}"),
            SrcKind::Int(value) => write!(out, "{value}"),
            SrcKind::Literal(index) => match self.module.literals.get(index as usize) {
                Some(literal) => {
                    write_literal(out, literal, &self.module.atoms);
                    Ok(())
                }
                None => write!(out, "<bad literal {index}>"),
            },
        };
    }

    /// Writes local function number `index` as `name/arity`.
    fn function(&self, out: &mut String, index: u32) {
        match self.module.functions.get(index as usize) {
            Some(function) => {
                write_atom_index(out, function.name, &self.module.atoms);
                let _ = write!(out, "/{}", function.arity);
            }
            None => {
                let _ = write!(out, "<bad function {index}>");
            }
        }
    }

    /// Writes import number `index` as `module:name/arity`.
    fn import(&self, out: &mut String, index: u32) {
        match self.module.imports.get(index as usize) {
            Some(import) => {
                write_atom_index(out, import.module, &self.module.atoms);
                out.push(':');
                write_atom_index(out, import.function, &self.module.atoms);
                let _ = write!(out, "/{}", import.arity);
            }
            None => {
                let _ = write!(out, "<bad import {index}>");
            }
        }
    }
}

fn destination_text(out: &mut String, destination: Dst) {
    let _ = match destination {
        Dst::X(number) => write!(out, "x{number}"),
        Dst::Y(number) => write!(out, "y{number}"),
    };
}

fn label_text(out: &mut String, label: Label) {
    let _ = write!(out, "@L{}", label.0);
}
