//! The verifier: every rule a module must meet before the interpreter runs it.
//!
//! Girder verifies once and then trusts (design decision 8): the interpreter
//! does not re-check anything proved here. The rules are listed in
//! `spec/BYTECODE.md`; each failure is one [`ErrorKind`].

use crate::error::{ErrorKind, FunctionName, IndexKind, LoadError, Location, PoolKind, QuotedAtom};
use crate::format::{Section, MAX_ATOM_CHARS};
use crate::frame::check_frames;
use crate::fregs::check_float_registers;
use crate::literal::check_literal;
use crate::markers::check_markers;
use crate::module::{Cases, Function, Import, Instr, Label, Literal, Module, Span, Src, SrcKind, Srcs};
use crate::operand::{operands, operands_with_roles, Operand};
use crate::registers::{for_each_register, implied_x_reg, Register};
use crate::xregs::check_x_registers;
use girder_spec::{bif_by_name, BifGc, BifReturn, Role, MAX_FLOAT_REGS, MAX_X_REGS, MAX_Y_REGS};
use std::collections::{HashMap, HashSet};

/// Checks every rule of the format on an in-memory module.
///
/// [`decode`](crate::decode) calls this on what it read; the assembler calls
/// it on what it built. On success the module is safe to run: every index is
/// in range, every label stays in its function, every call matches its
/// callee's arity, every path through each function keeps the stack frame
/// consistent, the markers of `try` and `catch` are touched only by the
/// instructions that own them and stay in their frames, every x register an
/// instruction reads holds a value on every path, and every float register
/// an instruction reads was written on every path since the last point where
/// the process may have stopped running. Never panics.
pub fn verify(module: &Module) -> Result<(), LoadError> {
    check_atoms(module)?;
    check_literals(module)?;
    check_imports(module)?;
    check_functions(module)?;
    check_exports(module)?;
    check_funs(module)?;
    check_lines(module)?;
    check_code(module)
}

/// An error about entry `index` of a table section.
fn entry_error(section: Section, index: usize, kind: ErrorKind) -> LoadError {
    LoadError::new(kind).in_section(section).at(Location::Entry(u32::try_from(index).unwrap_or(u32::MAX)))
}

/// Checks `index` against a table of `count` entries.
fn check_index(what: IndexKind, index: u32, count: usize) -> Result<(), ErrorKind> {
    if (index as usize) < count {
        Ok(())
    } else {
        Err(ErrorKind::IndexOutOfRange { what, index: u64::from(index), count })
    }
}

fn check_atoms(module: &Module) -> Result<(), LoadError> {
    if module.atoms.is_empty() {
        return Err(LoadError::new(ErrorKind::NoAtoms).in_section(Section::Atoms));
    }
    // Atom 0 names the module, which cannot be the empty atom; any other
    // atom may be, as `''` is in Erlang.
    if module.atoms[0].is_empty() {
        return Err(entry_error(Section::Atoms, 0, ErrorKind::EmptyAtom));
    }
    for (index, atom) in module.atoms.iter().enumerate() {
        let chars = atom.chars().count();
        if chars > MAX_ATOM_CHARS {
            return Err(entry_error(Section::Atoms, index, ErrorKind::AtomTooLong { chars }));
        }
    }
    // An atom table names each atom once (the assembler writes it so), so
    // an atom index is the atom: rules that compare indices, such as one
    // definition per name/arity, compare names.
    let mut first_index = HashMap::with_capacity(module.atoms.len());
    for (index, atom) in module.atoms.iter().enumerate() {
        if let Some(&first) = first_index.get(atom.as_str()) {
            let kind = ErrorKind::DuplicateAtom { name: atom.as_str().into(), first };
            return Err(entry_error(Section::Atoms, index, kind));
        }
        first_index.insert(atom.as_str(), index);
    }
    Ok(())
}

fn check_literals(module: &Module) -> Result<(), LoadError> {
    for (index, literal) in module.literals.iter().enumerate() {
        check_literal(literal, module.atoms.len()).map_err(|kind| entry_error(Section::Literals, index, kind))?;
    }
    Ok(())
}

fn check_imports(module: &Module) -> Result<(), LoadError> {
    for (index, import) in module.imports.iter().enumerate() {
        let check = || {
            check_index(IndexKind::Atom, import.module, module.atoms.len())?;
            check_index(IndexKind::Atom, import.function, module.atoms.len())?;
            check_arity(import.arity)
        };
        check().map_err(|kind| entry_error(Section::Imports, index, kind))?;
    }
    Ok(())
}

fn check_arity(arity: u32) -> Result<(), ErrorKind> {
    if arity > MAX_X_REGS {
        return Err(ErrorKind::ArityTooLarge { arity });
    }
    Ok(())
}

fn check_functions(module: &Module) -> Result<(), LoadError> {
    let mut expected_entry: u32 = 0;
    for (index, function) in module.functions.iter().enumerate() {
        let check = || {
            check_index(IndexKind::Atom, function.name, module.atoms.len())?;
            check_arity(function.arity)?;
            if function.entry.0 != expected_entry {
                return Err(ErrorKind::FunctionsNotContiguous { entry: function.entry.0, expected: expected_entry });
            }
            if function.end < function.entry.0 {
                return Err(ErrorKind::FunctionEndsBeforeEntry { entry: function.entry.0, end: function.end });
            }
            if function.end == function.entry.0 {
                return Err(ErrorKind::EmptyFunction);
            }
            Ok(())
        };
        check().map_err(|kind| entry_error(Section::Functions, index, kind))?;
        expected_entry = function.end;
    }
    if expected_entry as usize != module.code.len() {
        return Err(LoadError::new(ErrorKind::CodeNotCovered { covered: expected_entry, code_len: module.code.len() })
            .in_section(Section::Functions));
    }
    // A module defines each name/arity once, as in Erlang (and as the
    // assembler, which reads the disassembly back, requires). Atom indices
    // stand for names: `check_atoms` refused a table that repeats one.
    let mut defined = HashSet::new();
    for (index, function) in module.functions.iter().enumerate() {
        if !defined.insert((function.name, function.arity)) {
            let name =
                FunctionName { name: module.atoms[function.name as usize].as_str().into(), arity: function.arity };
            return Err(entry_error(Section::Functions, index, ErrorKind::DuplicateFunction { function: name }));
        }
    }
    Ok(())
}

fn check_exports(module: &Module) -> Result<(), LoadError> {
    let mut seen = HashSet::new();
    for (index, &function) in module.exports.iter().enumerate() {
        check_index(IndexKind::Function, function, module.functions.len())
            .map_err(|kind| entry_error(Section::Exports, index, kind))?;
        if !seen.insert(function) {
            return Err(entry_error(Section::Exports, index, ErrorKind::DuplicateExport { function }));
        }
    }
    Ok(())
}

fn check_funs(module: &Module) -> Result<(), LoadError> {
    for (index, fun) in module.funs.iter().enumerate() {
        let check = || {
            check_index(IndexKind::Function, fun.function, module.functions.len())?;
            let function = module.functions.get(fun.function as usize);
            let arity = function.map_or(0, |function| function.arity);
            if fun.num_free > arity {
                return Err(ErrorKind::TooManyFreeVariables {
                    num_free: fun.num_free,
                    function: function_name(module, fun.function),
                    arity,
                });
            }
            Ok(())
        };
        check().map_err(|kind| entry_error(Section::Funs, index, kind))?;
    }
    Ok(())
}

fn check_lines(module: &Module) -> Result<(), LoadError> {
    let mut previous: Option<u32> = None;
    for (index, entry) in module.lines.iter().enumerate() {
        if entry.instr as usize >= module.code.len() {
            return Err(entry_error(
                Section::Lines,
                index,
                ErrorKind::LineOutOfRange { instr: entry.instr, code_len: module.code.len() },
            ));
        }
        if entry.file as usize > module.files.len() {
            return Err(entry_error(
                Section::Lines,
                index,
                ErrorKind::LineFileOutOfRange { file: entry.file, files: module.files.len() },
            ));
        }
        if let Some(previous) = previous.filter(|&previous| entry.instr <= previous) {
            return Err(entry_error(Section::Lines, index, ErrorKind::LinesUnsorted { instr: entry.instr, previous }));
        }
        previous = Some(entry.instr);
    }
    Ok(())
}

/// The name and arity of function `index`, for messages.
pub(crate) fn function_name(module: &Module, index: u32) -> FunctionName {
    let function = module.functions.get(index as usize);
    FunctionName {
        name: function
            .and_then(|function| module.atoms.get(function.name as usize))
            .map_or_else(|| format!("#{index}").into(), |name| name.as_str().into()),
        arity: function.map_or(0, |function| function.arity),
    }
}

/// The name of the function whose code holds instruction `instr`, if any.
pub(crate) fn function_name_at(module: &Module, instr: u32) -> Option<FunctionName> {
    let index = module.function_at(instr)?;
    Some(function_name(module, u32::try_from(index).ok()?))
}

/// An import written `module:name/arity`, for messages.
pub(crate) fn import_name(module: &Module, import: &Import) -> String {
    let atom = |index: u32| module.atoms.get(index as usize).map_or("?", String::as_str);
    format!("{}:{}/{}", QuotedAtom(atom(import.module)), QuotedAtom(atom(import.function)), import.arity)
}

/// Where each operand pool has been used up to, in code order.
#[derive(Default)]
struct PoolCursors {
    srcs: u32,
    ys: u32,
    cases: u32,
    key_vals: u32,
    key_dsts: u32,
}

impl PoolCursors {
    fn cursor(&mut self, pool: PoolKind) -> &mut u32 {
        match pool {
            PoolKind::Srcs => &mut self.srcs,
            PoolKind::Ys => &mut self.ys,
            PoolKind::Cases => &mut self.cases,
            PoolKind::KeyVals => &mut self.key_vals,
            PoolKind::KeyDsts => &mut self.key_dsts,
        }
    }

    /// Checks that a list operand lies in its pool and starts where the
    /// previous operand of its kind ended, then moves past it.
    fn advance(&mut self, pool: PoolKind, span: Span, pool_len: usize) -> Result<(), ErrorKind> {
        let end = u64::from(span.start) + u64::from(span.len);
        if end > pool_len as u64 {
            return Err(ErrorKind::PoolSpanOutOfRange { pool, start: span.start, len: span.len, pool_len });
        }
        let cursor = self.cursor(pool);
        if span.start != *cursor {
            return Err(ErrorKind::PoolOutOfOrder { pool, start: span.start, expected: *cursor });
        }
        *cursor = end as u32;
        Ok(())
    }
}

/// Checks every instruction, function by function: operands, calls, then
/// frames and x registers.
fn check_code(module: &Module) -> Result<(), LoadError> {
    let mut cursors = PoolCursors::default();
    for (function_index, function) in module.functions.iter().enumerate() {
        let instr_error = |instr: u32, kind: ErrorKind| {
            LoadError::new(kind)
                .in_section(Section::Code)
                .at(Location::Instruction { function: Some(function_name(module, function_index as u32)), instr })
        };
        for instr_index in function.entry.0..function.end {
            let Some(instr) = module.code.get(instr_index as usize) else {
                break;
            };
            check_instruction(module, function, instr, &mut cursors).map_err(|kind| instr_error(instr_index, kind))?;
        }
        check_frames(module, function, instr_error)?;
        check_markers(module, function, instr_error)?;
        check_x_registers(module, function, instr_error)?;
        check_float_registers(module, function, instr_error)?;
    }
    let pools = [
        (PoolKind::Srcs, module.src_pool.len()),
        (PoolKind::Ys, module.y_pool.len()),
        (PoolKind::Cases, module.case_pool.len()),
        (PoolKind::KeyVals, module.key_val_pool.len()),
        (PoolKind::KeyDsts, module.key_dst_pool.len()),
    ];
    for (pool, pool_len) in pools {
        let used = *cursors.cursor(pool);
        if used as usize != pool_len {
            return Err(LoadError::new(ErrorKind::PoolNotFullyUsed { pool, used, pool_len }).in_section(Section::Code));
        }
    }
    Ok(())
}

/// Checks one instruction's operands and its instruction-specific rules.
fn check_instruction(
    module: &Module,
    function: &Function,
    instr: &Instr,
    cursors: &mut PoolCursors,
) -> Result<(), ErrorKind> {
    let check_label = |label: Label| {
        if label.0 < function.entry.0 || label.0 >= function.end {
            return Err(ErrorKind::LabelOutsideFunction { label: label.0, start: function.entry.0, end: function.end });
        }
        Ok(())
    };
    let check_src = |src: Src| match src.kind() {
        SrcKind::Literal(index) => check_index(IndexKind::Literal, index, module.literals.len()),
        SrcKind::X(_) | SrcKind::Y(_) | SrcKind::Int(_) => Ok(()),
    };
    for operand in operands(instr).as_slice() {
        match *operand {
            Operand::U(_) | Operand::D(_) | Operand::Y(_) | Operand::Fr(_) => {}
            Operand::S(src) => check_src(src)?,
            Operand::L(label) => check_label(label)?,
            Operand::Fail(fail) => {
                if let Some(label) = fail.label() {
                    check_label(label)?;
                }
            }
            Operand::A(atom) => check_index(IndexKind::Atom, atom, module.atoms.len())?,
            Operand::F(index) => check_index(IndexKind::Function, index, module.functions.len())?,
            Operand::E(index) | Operand::B(index) => check_index(IndexKind::Import, index, module.imports.len())?,
            Operand::Lam(index) => check_index(IndexKind::Fun, index, module.funs.len())?,
            Operand::Srcs(list) => {
                cursors.advance(PoolKind::Srcs, list.0, module.src_pool.len())?;
                for &src in module.srcs(list) {
                    check_src(src)?;
                }
            }
            Operand::Ys(list) => cursors.advance(PoolKind::Ys, list.0, module.y_pool.len())?,
            Operand::Cases(list) => {
                cursors.advance(PoolKind::Cases, list.0, module.case_pool.len())?;
                for &(value, label) in module.cases(list) {
                    if matches!(value.kind(), SrcKind::X(_) | SrcKind::Y(_)) {
                        return Err(ErrorKind::CaseValueIsRegister);
                    }
                    check_src(value)?;
                    check_label(label)?;
                }
            }
            Operand::KeyVals(list) => {
                cursors.advance(PoolKind::KeyVals, list.0, module.key_val_pool.len())?;
                for &(key, value) in module.key_vals(list) {
                    check_src(key)?;
                    check_src(value)?;
                }
            }
            Operand::KeyDsts(list) => {
                cursors.advance(PoolKind::KeyDsts, list.0, module.key_dst_pool.len())?;
                for &(key, _) in module.key_dsts(list) {
                    check_src(key)?;
                }
            }
        }
    }
    let mut register_error = None;
    for_each_register(module, instr, |register| {
        let error = match register {
            Register::X(index) if index >= MAX_X_REGS => ErrorKind::XRegisterOutOfRange { index: u64::from(index) },
            Register::Y(index) if index >= MAX_Y_REGS => ErrorKind::YRegisterOutOfRange { index: u64::from(index) },
            Register::Fr(index) if index >= MAX_FLOAT_REGS => {
                ErrorKind::FloatRegisterOutOfRange { index: u64::from(index) }
            }
            Register::X(_) | Register::Y(_) | Register::Fr(_) => return,
        };
        register_error.get_or_insert(error);
    });
    if let Some(error) = register_error {
        return Err(error);
    }
    check_instruction_rules(module, instr)?;
    if let Some(index) = implied_x_reg(instr, function.arity).filter(|&index| index >= u64::from(MAX_X_REGS)) {
        return Err(ErrorKind::XRegisterOutOfRange { index });
    }
    Ok(())
}

/// What the roles of one instruction's operands name, for the rules
/// particular to some instructions.
#[derive(Default)]
struct Named {
    /// The arity of a call.
    arity: Option<u32>,
    /// The local function called.
    local: Option<u32>,
    /// The import called.
    external: Option<u32>,
    /// The import of the BIF called.
    bif: Option<u32>,
    /// The BIF's arguments.
    args: Option<Srcs>,
    /// The live count, when the instruction may collect.
    live: Option<u32>,
    /// The fun built.
    lam: Option<u32>,
    /// The fun's free variables.
    free: Option<Srcs>,
    /// The y register of the marker installed.
    marker: Option<u32>,
    /// The handler label of the marker.
    handler: Option<Label>,
    /// A jump table whose values are tuple arities.
    arity_cases: Option<Cases>,
    /// The frame size the instruction creates, removes or trims.
    frame_size: Option<u64>,
    /// The unit of a binary segment.
    unit: Option<u32>,
    /// The segments of a binary built.
    segments: Option<Srcs>,
}

impl Named {
    /// Gathers what the roles of `instr`'s operands name.
    fn of(instr: &Instr) -> Named {
        let mut named = Named::default();
        for (role, operand) in operands_with_roles(instr) {
            match (role, operand) {
                (Role::Arity, Operand::U(arity)) => named.arity = Some(arity),
                (Role::Local, Operand::F(index)) => named.local = Some(index),
                (Role::External, Operand::E(index)) => named.external = Some(index),
                (Role::Bif, Operand::B(index)) => named.bif = Some(index),
                (Role::Args, Operand::Srcs(list)) => named.args = Some(list),
                (Role::Live, Operand::U(live)) => named.live = Some(live),
                (Role::Lam, Operand::Lam(index)) => named.lam = Some(index),
                (Role::Free, Operand::Srcs(list)) => named.free = Some(list),
                (Role::MarkTry | Role::MarkCatch, Operand::Y(y)) => named.marker = Some(y),
                (Role::Handler, Operand::L(label)) => named.handler = Some(label),
                (Role::ArityCases, Operand::Cases(list)) => named.arity_cases = Some(list),
                (Role::Unit, Operand::U(unit)) => named.unit = Some(unit),
                (Role::Segments, Operand::Srcs(list)) => named.segments = Some(list),
                (Role::StackNeed | Role::FrameSize | Role::Dropped | Role::Kept, Operand::U(n_slots)) => {
                    named.frame_size = Some(named.frame_size.unwrap_or(0) + u64::from(n_slots));
                }
                // Roles no rule particular to some instructions concerns
                // (each analysis of its own decides what every role means);
                // the arms above bind the one kind each role has, which a
                // spec test checks.
                _ => {}
            }
        }
        named
    }
}

/// The rules particular to some instructions, found by their operands'
/// roles: calls, BIFs, funs, handlers, frame sizes, live counts and jump
/// tables. Operand ranges are already checked.
fn check_instruction_rules(module: &Module, instr: &Instr) -> Result<(), ErrorKind> {
    let name = instr.info().name;
    let named = Named::of(instr);
    if let (Some(arity), Some(callee)) = (named.arity, named.local) {
        let expected = module.functions.get(callee as usize).map_or(0, |function| function.arity);
        if arity != expected {
            return Err(ErrorKind::ArityMismatch {
                instruction: name,
                given: arity,
                callee: function_name(module, callee).to_string(),
                expected,
            });
        }
    }
    if let (Some(arity), Some(import)) =
        (named.arity, named.external.and_then(|index| module.imports.get(index as usize)))
    {
        if arity != import.arity {
            return Err(ErrorKind::ArityMismatch {
                instruction: name,
                given: arity,
                callee: import_name(module, import),
                expected: import.arity,
            });
        }
    }
    if let Some(live) = named.live {
        check_live(live)?;
    }
    if let (Some(import), Some(arguments)) = (named.bif, named.args) {
        // An instruction with a live count may collect, so it may call a BIF that does.
        check_bif(module, import, arguments, named.live.is_some())?;
    }
    if let (Some(fun), Some(free)) = (named.lam, named.free) {
        let expected = module.funs.get(fun as usize).map_or(0, |fun| fun.num_free);
        if free.0.len != expected {
            return Err(ErrorKind::FreeVariableCount { fun, expected, given: free.0.len });
        }
    }
    if let (Some(y), Some(handler)) = (named.marker, named.handler) {
        // The handler's first instruction removes the marker (as the
        // Erlang compiler always emits), so an exception raised in a
        // handler goes to an outer one, never back to the same.
        if let Some(first) = module.code.get(handler.0 as usize) {
            let found_marker = crate::markers::handled_marker(first);
            if found_marker != Some(y) {
                let found = match found_marker {
                    Some(marker) => format!("{} y{marker}", first.info().name),
                    None => first.info().name.to_string(),
                };
                return Err(ErrorKind::HandlerStart { instruction: name, y, label: handler.0, found: found.into() });
            }
        }
    }
    if let Some(cases) = named.arity_cases {
        for &(value, _) in module.cases(cases) {
            if !matches!(value.kind(), SrcKind::Int(arity) if arity >= 0) {
                return Err(ErrorKind::BadTupleArity);
            }
        }
    }
    if let Some(unit) = named.unit {
        if !(1..=MAX_UNIT).contains(&unit) {
            return Err(ErrorKind::BadSegmentUnit { unit });
        }
    }
    if let Some(segments) = named.segments {
        check_segments(module, module.srcs(segments))?;
    }
    if let Some(n_slots) = named.frame_size {
        if n_slots > u64::from(MAX_Y_REGS) {
            return Err(ErrorKind::FrameTooLarge { n_slots });
        }
    }
    Ok(())
}

/// The largest unit of a binary segment.
const MAX_UNIT: u32 = 256;

/// The types a segment of `bs_create_bin` may have.
const SEGMENT_TYPES: [&str; 9] =
    ["integer", "float", "binary", "utf8", "utf16", "utf32", "string", "append", "private_append"];

/// The flags a segment of `bs_create_bin` may list.
const SEGMENT_FLAGS: [&str; 6] = ["big", "little", "native", "signed", "unsigned", "aligned"];

/// Checks a segment list of `bs_create_bin`: six sources per segment, the
/// type a literal atom of [`SEGMENT_TYPES`], the segment number and the
/// unit small integers (the unit 1 to 256, or 0 for the UTF types), the
/// flags a literal list of [`SEGMENT_FLAGS`], the size an integer, a
/// register, `all` or `undefined`; a `string` segment's value a literal
/// binary; `append` and `private_append` only first.
fn check_segments(module: &Module, list: &[Src]) -> Result<(), ErrorKind> {
    let bad = |reason: &'static str| Err(ErrorKind::BadSegments { reason });
    if !list.len().is_multiple_of(6) {
        return bad("not six sources per segment");
    }
    let literal = |src: Src| match src.kind() {
        SrcKind::Literal(index) => module.literals.get(index as usize),
        _ => None,
    };
    let atom_name = |src: Src| match literal(src) {
        Some(Literal::Atom(atom)) => module.atoms.get(*atom as usize).map(String::as_str),
        _ => None,
    };
    for (index, segment) in list.chunks_exact(6).enumerate() {
        let [kind, number, unit, flags, value, size] = [0, 1, 2, 3, 4, 5].map(|at| segment[at]);
        let Some(kind) = atom_name(kind).filter(|name| SEGMENT_TYPES.contains(name)) else {
            return bad(
                "a segment type is not integer, float, binary, utf8, utf16, utf32, string, append or private_append",
            );
        };
        if !matches!(number.kind(), SrcKind::Int(n) if n >= 0) {
            return bad("a segment number is not a non-negative integer");
        }
        let utf = kind.starts_with("utf");
        match unit.kind() {
            SrcKind::Int(unit) if (1..=MAX_UNIT as i32).contains(&unit) || (utf && unit == 0) => {}
            _ => return bad("a segment unit is not an integer from 1 to 256"),
        }
        let flags_ok = match literal(flags) {
            Some(Literal::Nil) => true,
            Some(Literal::List(items, tail)) => {
                **tail == Literal::Nil
                    && items.iter().all(|item| match item {
                        Literal::Atom(atom) => {
                            module.atoms.get(*atom as usize).is_some_and(|name| SEGMENT_FLAGS.contains(&name.as_str()))
                        }
                        _ => false,
                    })
            }
            _ => false,
        };
        if !flags_ok {
            return bad("segment flags are not a literal list of big, little, native, signed, unsigned or aligned");
        }
        if kind == "string" && !matches!(literal(value), Some(Literal::Binary(_))) {
            return bad("a string segment's value is not a literal binary");
        }
        let size_ok = match size.kind() {
            SrcKind::X(_) | SrcKind::Y(_) | SrcKind::Int(_) => true,
            SrcKind::Literal(_) => {
                matches!(literal(size), Some(Literal::Int(_) | Literal::BigInt(_)))
                    || matches!(atom_name(size), Some("all" | "undefined"))
            }
        };
        if !size_ok {
            return bad("a segment size is not an integer, a register, all or undefined");
        }
        if index > 0 && matches!(kind, "append" | "private_append") {
            return bad("an append segment that is not the first");
        }
    }
    Ok(())
}

fn check_live(live: u32) -> Result<(), ErrorKind> {
    if live > MAX_X_REGS {
        return Err(ErrorKind::LiveOutOfRange { live });
    }
    Ok(())
}

/// Checks that a `bif`/`gc_bif` names a BIF of the table through its import,
/// that `bif` does not call one that may collect, and the argument count.
fn check_bif(module: &Module, import_index: u32, arguments: Srcs, gc_allowed: bool) -> Result<(), ErrorKind> {
    let Some(import) = module.imports.get(import_index as usize) else {
        return Ok(());
    };
    let atom = |index: u32| module.atoms.get(index as usize).map_or("", String::as_str);
    let bif = u8::try_from(import.arity)
        .ok()
        .and_then(|arity| bif_by_name(atom(import.module), atom(import.function), arity))
        .ok_or_else(|| ErrorKind::NotABif { import: import_name(module, import) })?;
    if !gc_allowed && bif.gc == BifGc::Gc {
        return Err(ErrorKind::BifMayCollect { bif: import_name(module, import) });
    }
    if arguments.0.len != import.arity {
        return Err(ErrorKind::BifArgumentCount {
            bif: import_name(module, import),
            expected: import.arity,
            given: arguments.0.len,
        });
    }
    Ok(())
}

/// Whether an import is a BIF that always raises, so a call to it never
/// returns (the BIF table says which).
pub(crate) fn import_never_returns(module: &Module, import_index: u32) -> bool {
    let Some(import) = module.imports.get(import_index as usize) else {
        return false;
    };
    let atom = |index: u32| module.atoms.get(index as usize).map_or("", String::as_str);
    u8::try_from(import.arity)
        .ok()
        .and_then(|arity| bif_by_name(atom(import.module), atom(import.function), arity))
        .is_some_and(|bif| bif.returns == BifReturn::NeverReturns)
}

/// Whether `instr` calls, through its `External` operand, a BIF that never
/// returns: its `Call` flow then does not go on.
pub(crate) fn calls_a_bif_that_never_returns(module: &Module, instr: &Instr) -> bool {
    Named::of(instr).external.is_some_and(|import| import_never_returns(module, import))
}
