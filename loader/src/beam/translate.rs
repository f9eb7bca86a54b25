//! Translates a [`BeamFile`] into a girder [`Module`], which then goes
//! through the same verifier as bytecode girder wrote itself.
//!
//! girder's instructions mean what BEAM's generic instructions mean, so most
//! translate one to one. What differs is layout and operand form:
//!
//! - **Functions.** BEAM opens each function with a label, `func_info` and
//!   the entry label. girder enters a function at its first instruction and
//!   places `func_info` (which takes no operands: the function is the one
//!   holding it) at the end, where the labels that preceded it now lead.
//! - **Labels** become instruction indices: each label names the next
//!   instruction emitted. Operands are first written with BEAM's label
//!   numbers and patched once every label is known.
//! - **Operands.** Atoms, `[]` and integers beyond 30 bits become entries of
//!   the literal table (a girder source is a register, a small integer or a
//!   literal); typed registers lose their type; allocation lists become word
//!   counts.
//! - **Line items** become line entries naming the source file.
//! - A few generic instructions become two or none: `call_fun2` is a `move`
//!   of the fun to x(Arity) and a `call_fun`; `allocate_zero` an `allocate`
//!   and an `init_yregs`; `fclearerror`, `fcheckerror` and `nif_start` mark
//!   nothing girder needs.
//! - Binary construction keeps its segments; a string segment's offset into
//!   the string table becomes a literal binary of its bytes (as does
//!   `bs_put_string`'s). `bs_create_bin` drops its unit, which its append
//!   segment carries too; OTP 24's `bs_append` drops its extra heap words
//!   and flags, `bs_init2` and `bs_init_bits` their flags.
//! - `call_fun` or `call_fun2` followed by `deallocate` and `return` is
//!   `call_fun_last`, as BEAM's loader makes it: a tail call through a fun.
//! - `call_ext_last` to a BIF that always raises is a `call_ext`, as BEAM's
//!   loader makes it: the frame stays (the stack trace shows the caller),
//!   so the frame size written after a `trim` does not matter.
//!
//! Every operand is checked for its form here; what the code means (registers
//! defined before use, frames balanced, labels inside their function) is the
//! verifier's to prove. Errors name the `Code` chunk and the offset of the
//! instruction's opcode byte.

use super::{Arg, BeamFile, GenericInstr};
use crate::error::{ErrorKind, LoadError};
use crate::format::Section;
use crate::module::{
    Cases, Dst, Fail, FunEntry, Function, Import, Instr, KeyDsts, KeyVals, Label, LineEntry, Literal, Module, Span,
    Src, Srcs, Ys,
};
use crate::operand::{instr_from_operands, operands, Operand};
use std::collections::HashMap;

/// The `Code` chunk, where translation errors are placed.
const CODE: Section = Section::BeamChunk(*b"Code");

/// Heap words one fun takes in girder before its free variables (what an
/// allocation list's `funs` count is multiplied by).
const FUN_WORDS: u64 = 3;

/// Heap words one float takes (header and value), as in BEAM.
const FLOAT_WORDS: u64 = 2;

/// Translates a BEAM file into a module. The module is not yet verified.
pub fn translate(beam: &BeamFile) -> Result<Module, LoadError> {
    translate_with_offsets(beam).map(|(module, _)| module)
}

/// As [`translate`], also returning, for each instruction of the module, the
/// offset in the file of the BEAM instruction it came from.
pub(crate) fn translate_with_offsets(beam: &BeamFile) -> Result<(Module, Vec<usize>), LoadError> {
    let mut translator = Translator::new(beam);
    let functions = split_functions(&beam.code.instructions)?;
    translator.entries = entry_labels(&functions)?;
    for function in &functions {
        translator.function(function)?;
    }
    translator.finish()
}

/// One function's generic instructions: the labels and lines before its
/// `func_info`, the `func_info`, and the body from the entry label on.
struct FunctionCode<'b> {
    header: &'b [GenericInstr],
    func_info: &'b GenericInstr,
    body: &'b [GenericInstr],
}

/// Splits the code at each `func_info` and the labels and lines before it.
fn split_functions(code: &[GenericInstr]) -> Result<Vec<FunctionCode<'_>>, LoadError> {
    let info_positions: Vec<usize> =
        code.iter().enumerate().filter(|(_, instr)| instr.op.name == "func_info").map(|(at, _)| at).collect();
    let header_start = |info: usize| {
        let mut start = info;
        while start > 0 && matches!(code[start - 1].op.name, "label" | "line") {
            start -= 1;
        }
        start
    };
    if let Some(first) = code.first() {
        let before_first = info_positions.first().map_or(code.len(), |&info| header_start(info));
        if before_first != 0 {
            return Err(layout_error(first, "code before the first function"));
        }
    }
    let mut functions = Vec::with_capacity(info_positions.len());
    for (index, &info) in info_positions.iter().enumerate() {
        let end = info_positions.get(index + 1).map_or(code.len(), |&next| header_start(next));
        let start = header_start(info);
        functions.push(FunctionCode { header: &code[start..info], func_info: &code[info], body: &code[info + 1..end] });
    }
    Ok(functions)
}

/// The entry label of each function (the label right after `func_info`).
fn entry_labels(functions: &[FunctionCode<'_>]) -> Result<HashMap<u32, u32>, LoadError> {
    let mut entries = HashMap::with_capacity(functions.len());
    for (index, function) in functions.iter().enumerate() {
        let label = match function.body.first() {
            Some(GenericInstr { op, args, .. }) if op.name == "label" => match args.as_slice() {
                [Arg::Unsigned(label)] => u32::try_from(*label).ok(),
                _ => None,
            },
            _ => None,
        };
        let Some(label) = label else {
            return Err(layout_error(function.func_info, "func_info is not followed by the function's entry label"));
        };
        entries.insert(label, index as u32);
    }
    Ok(entries)
}

fn layout_error(instr: &GenericInstr, reason: &'static str) -> LoadError {
    LoadError::new(ErrorKind::BeamBadLayout { reason }).in_section(CODE).at_offset(instr.offset)
}

/// Literal-table entries made for operands, found again when reused.
#[derive(Default)]
struct OperandLiterals {
    atoms: HashMap<u32, u32>,
    integers: HashMap<i64, u32>,
    nil: Option<u32>,
}

struct Translator<'b> {
    beam: &'b BeamFile,
    module: Module,
    /// For each instruction of `module.code`, the offset of its BEAM instruction.
    offsets: Vec<usize>,
    /// BEAM label → instruction index.
    labels: HashMap<u32, u32>,
    /// Entry label → function index.
    entries: HashMap<u32, u32>,
    literals: OperandLiterals,
    /// BEAM file number → girder file number (see [`LineEntry::file`]).
    files: HashMap<u32, u32>,
    /// The location the next instruction comes from, if a `line` named one.
    pending_line: Option<(u32, u32)>,
    /// The location of the last line entry written.
    current_line: Option<(u32, u32)>,
}

/// What one generic instruction becomes.
enum Translated {
    /// Nothing: a label, a line or a marker girder does not need.
    Nothing,
    One(Instr),
    Two(Instr, Instr),
}

impl<'b> Translator<'b> {
    fn new(beam: &'b BeamFile) -> Translator<'b> {
        let module = Module {
            atoms: beam.atoms.clone(),
            literals: beam.literals.clone(),
            imports: beam
                .imports
                .iter()
                .map(|import| Import { module: import.module, function: import.function, arity: import.arity })
                .collect(),
            ..Module::default()
        };
        Translator {
            beam,
            module,
            offsets: Vec::new(),
            labels: HashMap::new(),
            entries: HashMap::new(),
            literals: OperandLiterals::default(),
            files: HashMap::new(),
            pending_line: None,
            current_line: None,
        }
    }

    fn function(&mut self, function: &FunctionCode<'_>) -> Result<(), LoadError> {
        let info = function.func_info;
        let (name, arity) = match info.args.as_slice() {
            [Arg::Atom(module), Arg::Atom(name), Arg::Unsigned(arity)] if *module == 0 => {
                (*name, u32::try_from(*arity).map_err(|_| operand_error(info, "func_info's arity"))?)
            }
            _ => return Err(operand_error(info, "func_info's module, name and arity")),
        };
        let entry = self.module.code.len() as u32;
        // The line before `func_info` is the location of the function's
        // first instructions too, until the body names another.
        for instr in function.header.iter().filter(|instr| instr.op.name == "line") {
            self.line(instr, &instr.args[0])?;
        }
        let body = function.body;
        let mut at = 0;
        while at < body.len() {
            if let Some(fused) = self.fun_tail_call(&body[at..])? {
                for instr in fused {
                    self.emit(&body[at], instr);
                }
                at += 3;
                continue;
            }
            self.instruction(&body[at])?;
            at += 1;
        }
        // `func_info` goes last; the labels and line before it lead there.
        let func_info_at = self.module.code.len() as u32;
        for instr in function.header {
            self.instruction(instr)?;
        }
        self.emit(info, Instr::FuncInfo());
        let end = self.module.code.len() as u32;
        self.module.functions.push(Function { name, arity, entry: Label(entry), end });
        debug_assert!(func_info_at < end);
        Ok(())
    }

    /// A fun call that the compiler follows with `deallocate` and `return`
    /// is a tail call, as BEAM's loader makes it: `call_fun_last`, so that
    /// a loop through a fun runs in constant stack.
    fn fun_tail_call(&mut self, code: &[GenericInstr]) -> Result<Option<Vec<Instr>>, LoadError> {
        let [call, deallocate, ret, ..] = code else { return Ok(None) };
        if deallocate.op.name != "deallocate" || ret.op.name != "return" {
            return Ok(None);
        }
        let frame = self.u(deallocate, &deallocate.args[0])?;
        Ok(match call.op.name {
            "call_fun" => Some(vec![Instr::CallFunLast(self.u(call, &call.args[0])?, frame)]),
            "call_fun2" => {
                let arity = self.u(call, &call.args[1])?;
                let fun = self.src(call, &call.args[2])?;
                Some(vec![Instr::Move(fun, Dst::X(arity)), Instr::CallFunLast(arity, frame)])
            }
            _ => None,
        })
    }

    /// Appends an instruction, with a line entry when its location differs
    /// from the previous instruction's.
    fn emit(&mut self, from: &GenericInstr, instr: Instr) {
        let index = self.module.code.len() as u32;
        if let Some((line, file)) = self.pending_line {
            if self.current_line != self.pending_line {
                self.module.lines.push(LineEntry { instr: index, line, file });
                self.current_line = self.pending_line;
            }
        }
        self.module.code.push(instr);
        self.offsets.push(from.offset);
    }

    fn instruction(&mut self, instr: &GenericInstr) -> Result<(), LoadError> {
        match self.translate(instr)? {
            Translated::Nothing => {}
            Translated::One(one) => self.emit(instr, one),
            Translated::Two(first, second) => {
                self.emit(instr, first);
                self.emit(instr, second);
            }
        }
        Ok(())
    }

    fn translate(&mut self, instr: &GenericInstr) -> Result<Translated, LoadError> {
        use Translated::{Nothing, One, Two};
        let a = instr.args.as_slice();
        let name = instr.op.name;
        let x = |n: u32| Src::x(n);
        if let Some(test) = type_test(name) {
            return Ok(One(test(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?)));
        }
        Ok(match name {
            "label" => {
                let label = self.label_arg(instr, &a[0])?;
                if self.labels.insert(label.0, self.module.code.len() as u32).is_some() {
                    return Err(layout_error(instr, "a label is defined twice"));
                }
                Nothing
            }
            "line" => {
                self.line(instr, &a[0])?;
                Nothing
            }
            "func_info" => return Err(layout_error(instr, "func_info inside a function")),
            "fclearerror" | "fcheckerror" | "nif_start" => Nothing,

            // ---- calls ----
            "call" => One(Instr::Call(self.u(instr, &a[0])?, self.local(instr, &a[1])?)),
            "call_last" => {
                One(Instr::CallLast(self.u(instr, &a[0])?, self.local(instr, &a[1])?, self.u(instr, &a[2])?))
            }
            "call_only" => One(Instr::CallOnly(self.u(instr, &a[0])?, self.local(instr, &a[1])?)),
            "call_ext" => One(Instr::CallExt(self.u(instr, &a[0])?, self.import(instr, &a[1])?)),
            "call_ext_last" => {
                let (arity, import) = (self.u(instr, &a[0])?, self.import(instr, &a[1])?);
                if crate::verify::import_never_returns(&self.module, import) {
                    // A BIF that always raises (`erlang:error/1`) is called
                    // from inside the frame, as BEAM calls it: its stack
                    // trace shows this function, and the frame size the
                    // compiler wrote after a `trim` need not be the frame's.
                    One(Instr::CallExt(arity, import))
                } else {
                    One(Instr::CallExtLast(arity, import, self.u(instr, &a[2])?))
                }
            }
            "call_ext_only" => One(Instr::CallExtOnly(self.u(instr, &a[0])?, self.import(instr, &a[1])?)),
            "apply" => One(Instr::Apply(self.u(instr, &a[0])?)),
            "apply_last" => One(Instr::ApplyLast(self.u(instr, &a[0])?, self.u(instr, &a[1])?)),
            "call_fun" => One(Instr::CallFun(self.u(instr, &a[0])?)),
            "call_fun2" => {
                // The tag (`safe`, `unsafe` or a fun's label) is a hint for
                // BEAM's own loader; the fun goes where `call_fun` reads it.
                let arity = self.u(instr, &a[1])?;
                Two(Instr::Move(self.src(instr, &a[2])?, Dst::X(arity)), Instr::CallFun(arity))
            }
            "return" => One(Instr::Return()),
            "jump" => One(Instr::Jump(self.label_arg(instr, &a[0])?)),

            // ---- BIFs ----
            "bif0" => {
                One(Instr::Bif(Fail::NONE, self.import(instr, &a[0])?, self.srcs(instr, &[])?, self.dst(instr, &a[1])?))
            }
            "bif1" | "bif2" => {
                let args = &a[2..a.len() - 1];
                let srcs = self.srcs(instr, args)?;
                One(Instr::Bif(
                    self.fail(instr, &a[0])?,
                    self.import(instr, &a[1])?,
                    srcs,
                    self.dst(instr, &a[a.len() - 1])?,
                ))
            }
            "gc_bif1" | "gc_bif2" | "gc_bif3" => {
                let args = &a[3..a.len() - 1];
                let srcs = self.srcs(instr, args)?;
                One(Instr::GcBif(
                    self.fail(instr, &a[0])?,
                    self.u(instr, &a[1])?,
                    self.import(instr, &a[2])?,
                    srcs,
                    self.dst(instr, &a[a.len() - 1])?,
                ))
            }

            // ---- frames and heap ----
            "allocate" => One(Instr::Allocate(self.u(instr, &a[0])?, self.u(instr, &a[1])?)),
            "allocate_heap" => {
                One(Instr::AllocateHeap(self.u(instr, &a[0])?, self.heap_words(instr, &a[1])?, self.u(instr, &a[2])?))
            }
            "allocate_zero" => {
                let slots = self.frame_size(instr, &a[0])?;
                Two(Instr::Allocate(slots, self.u(instr, &a[1])?), Instr::InitYregs(self.all_ys(slots)))
            }
            "allocate_heap_zero" => {
                let slots = self.frame_size(instr, &a[0])?;
                let heap = self.heap_words(instr, &a[1])?;
                Two(Instr::AllocateHeap(slots, heap, self.u(instr, &a[2])?), Instr::InitYregs(self.all_ys(slots)))
            }
            "test_heap" => One(Instr::TestHeap(self.heap_words(instr, &a[0])?, self.u(instr, &a[1])?)),
            "init" => {
                let y = self.y(instr, &a[0])?;
                One(Instr::InitYregs(self.ys(&[y])))
            }
            "init_yregs" => {
                let list = self.list(instr, &a[0])?;
                let ys = list.iter().map(|arg| self.y(instr, arg)).collect::<Result<Vec<_>, _>>()?;
                One(Instr::InitYregs(self.ys(&ys)))
            }
            "deallocate" => One(Instr::Deallocate(self.u(instr, &a[0])?)),
            "trim" => One(Instr::Trim(self.u(instr, &a[0])?, self.u(instr, &a[1])?)),

            // ---- moving data ----
            "move" => One(Instr::Move(self.src(instr, &a[0])?, self.dst(instr, &a[1])?)),
            "swap" => One(Instr::Swap(self.dst(instr, &a[0])?, self.dst(instr, &a[1])?)),

            // ---- tests (those of one source go through `type_test`) ----
            "is_function2" => {
                One(Instr::IsFunction2(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.src(instr, &a[2])?))
            }
            "test_arity" => {
                One(Instr::TestArity(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?))
            }
            "is_tagged_tuple" => One(Instr::IsTaggedTuple(
                self.label_arg(instr, &a[0])?,
                self.src(instr, &a[1])?,
                self.u(instr, &a[2])?,
                self.atom(instr, &a[3])?,
            )),
            "is_eq_exact" | "is_ne_exact" | "is_eq" | "is_ne" | "is_lt" | "is_ge" => {
                let (fail, left, right) =
                    (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.src(instr, &a[2])?);
                One(match name {
                    "is_eq_exact" => Instr::IsEqExact(fail, left, right),
                    "is_ne_exact" => Instr::IsNeExact(fail, left, right),
                    "is_eq" => Instr::IsEq(fail, left, right),
                    "is_ne" => Instr::IsNe(fail, left, right),
                    "is_lt" => Instr::IsLt(fail, left, right),
                    _ => Instr::IsGe(fail, left, right),
                })
            }
            "select_val" | "select_tuple_arity" => {
                let src = self.src(instr, &a[0])?;
                let fail = self.label_arg(instr, &a[1])?;
                let cases = self.cases(instr, &a[2])?;
                One(if name == "select_val" {
                    Instr::SelectVal(src, fail, cases)
                } else {
                    Instr::SelectTupleArity(src, fail, cases)
                })
            }

            // ---- lists and tuples ----
            "get_list" => {
                One(Instr::GetList(self.src(instr, &a[0])?, self.dst(instr, &a[1])?, self.dst(instr, &a[2])?))
            }
            "get_hd" => One(Instr::GetHd(self.src(instr, &a[0])?, self.dst(instr, &a[1])?)),
            "get_tl" => One(Instr::GetTl(self.src(instr, &a[0])?, self.dst(instr, &a[1])?)),
            "put_list" => {
                One(Instr::PutList(self.src(instr, &a[0])?, self.src(instr, &a[1])?, self.dst(instr, &a[2])?))
            }
            "put_tuple2" => {
                let dst = self.dst(instr, &a[0])?;
                let elements = self.list(instr, &a[1])?;
                One(Instr::PutTuple2(dst, self.srcs(instr, elements)?))
            }
            "get_tuple_element" => {
                One(Instr::GetTupleElement(self.src(instr, &a[0])?, self.u(instr, &a[1])?, self.dst(instr, &a[2])?))
            }
            "set_tuple_element" => {
                One(Instr::SetTupleElement(self.src(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?))
            }

            // ---- maps ----
            "put_map_assoc" | "put_map_exact" => {
                let fail = self.fail(instr, &a[0])?;
                let (src, dst, live) = (self.src(instr, &a[1])?, self.dst(instr, &a[2])?, self.u(instr, &a[3])?);
                let pairs = self.key_vals(instr, &a[4])?;
                One(if name == "put_map_assoc" {
                    Instr::PutMapAssoc(fail, src, dst, live, pairs)
                } else {
                    Instr::PutMapExact(fail, src, dst, live, pairs)
                })
            }
            "has_map_fields" => {
                let (fail, src) = (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?);
                let keys = self.list(instr, &a[2])?;
                One(Instr::HasMapFields(fail, src, self.srcs(instr, keys)?))
            }
            "get_map_elements" => {
                let (fail, src) = (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?);
                One(Instr::GetMapElements(fail, src, self.key_dsts(instr, &a[2])?))
            }

            // ---- funs ----
            "make_fun2" => {
                // The free variables are in x0..; the fun replaces x0.
                let lam = self.lambda(instr, &a[0])?;
                let free = self.beam.funs[lam as usize].num_free;
                let sources: Vec<Src> = (0..free).map(x).collect();
                let span = self.push_srcs(&sources);
                One(Instr::MakeFun(lam, Dst::X(0), span))
            }
            "make_fun3" => {
                let lam = self.lambda(instr, &a[0])?;
                let dst = self.dst(instr, &a[1])?;
                let free = self.list(instr, &a[2])?;
                One(Instr::MakeFun(lam, dst, self.srcs(instr, free)?))
            }

            // ---- binary construction ----
            "bs_create_bin" => {
                // The instruction's unit is the append segment's own, which
                // the segment carries: girder drops it.
                let fail = self.fail(instr, &a[0])?;
                let heap = self.heap_words(instr, &a[1])?;
                let live = self.u(instr, &a[2])?;
                let dst = self.dst(instr, &a[4])?;
                let items = self.list(instr, &a[5])?;
                let segments = self.segments(instr, items)?;
                One(Instr::BsCreateBin(fail, heap, live, dst, segments))
            }
            "bs_init_writable" => One(Instr::BsInitWritable()),
            "bs_init2" | "bs_init_bits" => {
                let (fail, size) = (self.fail(instr, &a[0])?, self.src(instr, &a[1])?);
                let (heap, live, dst) =
                    (self.heap_words(instr, &a[2])?, self.u(instr, &a[3])?, self.dst(instr, &a[5])?);
                One(if name == "bs_init2" {
                    Instr::BsInit2(fail, size, heap, live, dst)
                } else {
                    Instr::BsInitBits(fail, size, heap, live, dst)
                })
            }
            "bs_put_integer" | "bs_put_binary" | "bs_put_float" => {
                let (fail, size, unit) = (self.fail(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let (flags, value) = (self.u(instr, &a[3])?, self.src(instr, &a[4])?);
                One(match name {
                    "bs_put_integer" => Instr::BsPutInteger(fail, size, unit, flags, value),
                    "bs_put_binary" => Instr::BsPutBinary(fail, size, unit, flags, value),
                    _ => Instr::BsPutFloat(fail, size, unit, flags, value),
                })
            }
            "bs_put_string" => {
                let bytes = self.string(instr, &a[1], &a[0])?;
                One(Instr::BsPutString(Src::literal(self.literal(Literal::Binary(bytes)))))
            }
            "bs_put_utf8" | "bs_put_utf16" | "bs_put_utf32" => {
                let (fail, flags, value) = (self.fail(instr, &a[0])?, self.u(instr, &a[1])?, self.src(instr, &a[2])?);
                One(match name {
                    "bs_put_utf8" => Instr::BsPutUtf8(fail, flags, value),
                    "bs_put_utf16" => Instr::BsPutUtf16(fail, flags, value),
                    _ => Instr::BsPutUtf32(fail, flags, value),
                })
            }
            "bs_append" => {
                // The extra heap words and the flags are not kept: what
                // follows allocates as any instruction does, and the flags
                // mean nothing to an append.
                let (fail, size, live) = (self.fail(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[3])?);
                let (unit, bin, dst) = (self.u(instr, &a[4])?, self.src(instr, &a[5])?, self.dst(instr, &a[7])?);
                One(Instr::BsAppend(fail, size, live, unit, bin, dst))
            }
            "bs_private_append" => {
                let (fail, size, unit) = (self.fail(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let (bin, dst) = (self.src(instr, &a[3])?, self.dst(instr, &a[5])?);
                One(Instr::BsPrivateAppend(fail, size, unit, bin, dst))
            }
            "bs_add" => {
                let (fail, first, second) =
                    (self.fail(instr, &a[0])?, self.src(instr, &a[1])?, self.src(instr, &a[2])?);
                One(Instr::BsAdd(fail, first, second, self.u(instr, &a[3])?, self.dst(instr, &a[4])?))
            }
            "bs_utf8_size" | "bs_utf16_size" => {
                let (fail, value, dst) = (self.fail(instr, &a[0])?, self.src(instr, &a[1])?, self.dst(instr, &a[2])?);
                One(if name == "bs_utf8_size" {
                    Instr::BsUtf8Size(fail, value, dst)
                } else {
                    Instr::BsUtf16Size(fail, value, dst)
                })
            }

            // ---- exceptions ----
            "try" => One(Instr::Try(self.y(instr, &a[0])?, self.label_arg(instr, &a[1])?)),
            "try_end" => One(Instr::TryEnd(self.y(instr, &a[0])?)),
            "try_case" => One(Instr::TryCase(self.y(instr, &a[0])?)),
            "try_case_end" => One(Instr::TryCaseEnd(self.src(instr, &a[0])?)),
            "catch" => One(Instr::Catch(self.y(instr, &a[0])?, self.label_arg(instr, &a[1])?)),
            "catch_end" => One(Instr::CatchEnd(self.y(instr, &a[0])?)),
            "raise" => One(Instr::Raise(self.src(instr, &a[0])?, self.src(instr, &a[1])?)),
            "badmatch" => One(Instr::Badmatch(self.src(instr, &a[0])?)),
            "case_end" => One(Instr::CaseEnd(self.src(instr, &a[0])?)),
            "if_end" => One(Instr::IfEnd()),
            "build_stacktrace" => One(Instr::BuildStacktrace()),

            // ---- messages ----
            "send" => One(Instr::Send()),
            "remove_message" => One(Instr::RemoveMessage()),
            "timeout" => One(Instr::Timeout()),
            "loop_rec" => One(Instr::LoopRec(self.label_arg(instr, &a[0])?, self.dst(instr, &a[1])?)),
            "loop_rec_end" => One(Instr::LoopRecEnd(self.label_arg(instr, &a[0])?)),
            "wait" => One(Instr::Wait(self.label_arg(instr, &a[0])?)),
            "wait_timeout" => One(Instr::WaitTimeout(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?)),

            // ---- floating point ----
            "fmove" => match (&a[0], &a[1]) {
                (Arg::FloatReg(_), Arg::FloatReg(_)) => {
                    return Err(operand_error(instr, "a move into or out of a float register"))
                }
                (_, Arg::FloatReg(_)) => One(Instr::Fload(self.src(instr, &a[0])?, self.fr(instr, &a[1])?)),
                (Arg::FloatReg(_), _) => One(Instr::Fstore(self.fr(instr, &a[0])?, self.dst(instr, &a[1])?)),
                _ => return Err(operand_error(instr, "a move into or out of a float register")),
            },
            "fconv" => One(Instr::Fconv(self.src(instr, &a[0])?, self.fr(instr, &a[1])?)),
            // The fail label (always 0 since OTP 24) is not used: a result
            // that is not finite raises `badarith`.
            "fadd" | "fsub" | "fmul" | "fdiv" => {
                let (left, right, result) = (self.fr(instr, &a[1])?, self.fr(instr, &a[2])?, self.fr(instr, &a[3])?);
                One(match name {
                    "fadd" => Instr::Fadd(left, right, result),
                    "fsub" => Instr::Fsub(left, right, result),
                    "fmul" => Instr::Fmul(left, right, result),
                    _ => Instr::Fdiv(left, right, result),
                })
            }
            "fnegate" => One(Instr::Fnegate(self.fr(instr, &a[1])?, self.fr(instr, &a[2])?)),

            // ---- receive markers ----
            "recv_marker_reserve" => One(Instr::RecvMarkerReserve(self.dst(instr, &a[0])?)),
            "recv_marker_bind" => One(Instr::RecvMarkerBind(self.src(instr, &a[0])?, self.src(instr, &a[1])?)),
            "recv_marker_use" => One(Instr::RecvMarkerUse(self.src(instr, &a[0])?)),
            "recv_marker_clear" => One(Instr::RecvMarkerClear(self.src(instr, &a[0])?)),

            // ---- binary matching ----
            "bs_start_match3" => One(Instr::BsStartMatch3(
                self.label_arg(instr, &a[0])?,
                self.src(instr, &a[1])?,
                self.u(instr, &a[2])?,
                self.dst(instr, &a[3])?,
            )),
            "bs_start_match4" => {
                // `no_fail` (the source is known to be a bitstring) and
                // `resume` (known to be a match context) have no label.
                let fail = match &a[0] {
                    Arg::Atom(atom) if matches!(self.atom_name(*atom), "no_fail" | "resume") => Fail::NONE,
                    _ => self.fail(instr, &a[0])?,
                };
                One(Instr::BsStartMatch4(fail, self.u(instr, &a[1])?, self.src(instr, &a[2])?, self.dst(instr, &a[3])?))
            }
            "bs_get_integer2" | "bs_get_float2" | "bs_get_binary2" => {
                let (fail, context, live) =
                    (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let (size, unit, flags) = (self.src(instr, &a[3])?, self.u(instr, &a[4])?, self.u(instr, &a[5])?);
                let dst = self.dst(instr, &a[6])?;
                One(match name {
                    "bs_get_integer2" => Instr::BsGetInteger2(fail, context, live, size, unit, flags, dst),
                    "bs_get_float2" => Instr::BsGetFloat2(fail, context, live, size, unit, flags, dst),
                    _ => Instr::BsGetBinary2(fail, context, live, size, unit, flags, dst),
                })
            }
            "bs_skip_bits2" => One(Instr::BsSkipBits2(
                self.label_arg(instr, &a[0])?,
                self.src(instr, &a[1])?,
                self.src(instr, &a[2])?,
                self.u(instr, &a[3])?,
                self.u(instr, &a[4])?,
            )),
            "bs_test_tail2" => {
                One(Instr::BsTestTail2(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?))
            }
            "bs_test_unit" => {
                One(Instr::BsTestUnit(self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?))
            }
            "bs_match_string" => {
                let (fail, context, bits) =
                    (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let string = self.match_string(instr, bits, &a[3])?;
                One(Instr::BsMatchString(fail, context, bits, string))
            }
            "bs_get_tail" | "bs_get_position" => {
                let (context, dst, live) = (self.src(instr, &a[0])?, self.dst(instr, &a[1])?, self.u(instr, &a[2])?);
                One(if name == "bs_get_tail" {
                    Instr::BsGetTail(context, dst, live)
                } else {
                    Instr::BsGetPosition(context, dst, live)
                })
            }
            "bs_set_position" => One(Instr::BsSetPosition(self.src(instr, &a[0])?, self.src(instr, &a[1])?)),
            "bs_get_utf8" | "bs_get_utf16" | "bs_get_utf32" => {
                let (fail, context, live) =
                    (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let (flags, dst) = (self.u(instr, &a[3])?, self.dst(instr, &a[4])?);
                One(match name {
                    "bs_get_utf8" => Instr::BsGetUtf8(fail, context, live, flags, dst),
                    "bs_get_utf16" => Instr::BsGetUtf16(fail, context, live, flags, dst),
                    _ => Instr::BsGetUtf32(fail, context, live, flags, dst),
                })
            }
            "bs_skip_utf8" | "bs_skip_utf16" | "bs_skip_utf32" => {
                let (fail, context, live) =
                    (self.label_arg(instr, &a[0])?, self.src(instr, &a[1])?, self.u(instr, &a[2])?);
                let flags = self.u(instr, &a[3])?;
                One(match name {
                    "bs_skip_utf8" => Instr::BsSkipUtf8(fail, context, live, flags),
                    "bs_skip_utf16" => Instr::BsSkipUtf16(fail, context, live, flags),
                    _ => Instr::BsSkipUtf32(fail, context, live, flags),
                })
            }

            // ---- the rest ----
            "badrecord" => One(Instr::Badrecord(self.src(instr, &a[0])?)),
            "raw_raise" => One(Instr::RawRaise()),

            _ => return Err(unsupported(instr)),
        })
    }

    fn fr(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::FloatReg(n) if *n < girder_spec::MAX_FLOAT_REGS => Ok(*n),
            _ => Err(operand_error(instr, "a float register")),
        }
    }

    // ---- operands ----

    /// The name of atom `atom` of the atom table (empty when out of range).
    fn atom_name(&self, atom: u32) -> &str {
        self.beam.atoms.get(atom as usize).map_or("", String::as_str)
    }

    /// The string of `bs_match_string`: `bits` bits at a byte offset into the
    /// `StrT` chunk, as a binary literal of the bytes holding them.
    fn match_string(&mut self, instr: &GenericInstr, bits: u32, arg: &Arg) -> Result<Src, LoadError> {
        let offset = match arg {
            Arg::Unsigned(offset) => usize::try_from(*offset).ok(),
            _ => None,
        };
        let bytes = offset
            .and_then(|offset| self.beam.strings.get(offset..offset.checked_add((bits as usize).div_ceil(8))?))
            .ok_or_else(|| operand_error(instr, "a string of the string table"))?;
        let literal = Literal::Binary(bytes.to_vec());
        Ok(Src::literal(self.literal(literal)))
    }

    fn u(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Unsigned(value) => u32::try_from(*value).map_err(|_| operand_error(instr, "a count")),
            _ => Err(operand_error(instr, "a count")),
        }
    }

    /// A frame size that is zeroed slot by slot: bounded here, before the
    /// slots are listed, rather than by the verifier afterwards.
    fn frame_size(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match self.u(instr, arg)? {
            slots if slots <= girder_spec::MAX_Y_REGS => Ok(slots),
            _ => Err(operand_error(instr, "a frame size")),
        }
    }

    fn label_arg(&self, instr: &GenericInstr, arg: &Arg) -> Result<Label, LoadError> {
        match arg {
            Arg::Label(label) if *label != 0 => Ok(Label(*label)),
            Arg::Unsigned(label) if *label != 0 && instr.op.name == "label" => {
                u32::try_from(*label).map(Label).map_err(|_| operand_error(instr, "a label"))
            }
            _ => Err(operand_error(instr, "a label")),
        }
    }

    fn fail(&self, instr: &GenericInstr, arg: &Arg) -> Result<Fail, LoadError> {
        match arg {
            Arg::Label(0) => Ok(Fail::NONE),
            _ => self.label_arg(instr, arg).map(Fail::to),
        }
    }

    fn local(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Label(label) => self.entry_function(*label).map_err(|error| error.at_offset(instr.offset)),
            _ => Err(operand_error(instr, "a local function's label")),
        }
    }

    fn import(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Unsigned(index) if (*index as usize) < self.beam.imports.len() => Ok(*index as u32),
            _ => Err(operand_error(instr, "an import")),
        }
    }

    fn lambda(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Unsigned(index) if (*index as usize) < self.beam.funs.len() => Ok(*index as u32),
            _ => Err(operand_error(instr, "a fun of the fun table")),
        }
    }

    fn atom(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Atom(atom) => Ok(*atom),
            _ => Err(operand_error(instr, "an atom")),
        }
    }

    fn y(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        match arg {
            Arg::Y(n) => Ok(*n),
            Arg::TypedReg { register, .. } => self.y(instr, register),
            _ => Err(operand_error(instr, "a y register")),
        }
    }

    fn dst(&self, instr: &GenericInstr, arg: &Arg) -> Result<Dst, LoadError> {
        match arg {
            Arg::X(n) => Ok(Dst::X(*n)),
            Arg::Y(n) => Ok(Dst::Y(*n)),
            Arg::TypedReg { register, .. } => self.dst(instr, register),
            _ => Err(operand_error(instr, "a destination register")),
        }
    }

    fn register_in_range(&self, instr: &GenericInstr, n: u32) -> Result<u32, LoadError> {
        if n <= Src::INDEX_MAX {
            Ok(n)
        } else {
            Err(operand_error(instr, "a register"))
        }
    }

    fn src(&mut self, instr: &GenericInstr, arg: &Arg) -> Result<Src, LoadError> {
        Ok(match arg {
            Arg::X(n) => Src::x(self.register_in_range(instr, *n)?),
            Arg::Y(n) => Src::y(self.register_in_range(instr, *n)?),
            Arg::TypedReg { register, .. } => return self.src(instr, register),
            Arg::Integer(value) => self.integer(*value),
            Arg::Unsigned(value) => match i64::try_from(*value) {
                Ok(value) => self.integer(value),
                Err(_) => Src::literal(self.literal(Literal::BigInt((*value).into()))),
            },
            Arg::Char(code) => self.integer(i64::from(*code)),
            Arg::BigInteger(value) => Src::literal(self.literal(Literal::BigInt(value.clone()))),
            Arg::Atom(atom) => {
                let index = match self.literals.atoms.get(atom) {
                    Some(&index) => index,
                    None => {
                        let index = self.literal(Literal::Atom(*atom));
                        self.literals.atoms.insert(*atom, index);
                        index
                    }
                };
                Src::literal(index)
            }
            Arg::Nil => {
                let index = match self.literals.nil {
                    Some(index) => index,
                    None => {
                        let index = self.literal(Literal::Nil);
                        self.literals.nil = Some(index);
                        index
                    }
                };
                Src::literal(index)
            }
            Arg::Literal(index) if (*index as usize) < self.beam.literals.len() => Src::literal(*index),
            _ => return Err(operand_error(instr, "a source operand")),
        })
    }

    fn integer(&mut self, value: i64) -> Src {
        if let Some(src) = Src::int(value) {
            return src;
        }
        let index = match self.literals.integers.get(&value) {
            Some(&index) => index,
            None => {
                let index = self.literal(Literal::Int(value));
                self.literals.integers.insert(value, index);
                index
            }
        };
        Src::literal(index)
    }

    /// Adds a literal to the table; returns its index.
    fn literal(&mut self, literal: Literal) -> u32 {
        self.module.literals.push(literal);
        self.module.literals.len() as u32 - 1
    }

    fn list<'a>(&self, instr: &GenericInstr, arg: &'a Arg) -> Result<&'a [Arg], LoadError> {
        match arg {
            Arg::List(items) => Ok(items),
            _ => Err(operand_error(instr, "a list operand")),
        }
    }

    fn srcs(&mut self, instr: &GenericInstr, args: &[Arg]) -> Result<Srcs, LoadError> {
        let sources = args.iter().map(|arg| self.src(instr, arg)).collect::<Result<Vec<_>, _>>()?;
        Ok(self.push_srcs(&sources))
    }

    fn push_srcs(&mut self, sources: &[Src]) -> Srcs {
        let start = self.module.src_pool.len() as u32;
        self.module.src_pool.extend_from_slice(sources);
        Srcs(Span { start, len: sources.len() as u32 })
    }

    fn ys(&mut self, ys: &[u32]) -> Ys {
        let start = self.module.y_pool.len() as u32;
        self.module.y_pool.extend_from_slice(ys);
        Ys(Span { start, len: ys.len() as u32 })
    }

    fn all_ys(&mut self, slots: u32) -> Ys {
        let ys: Vec<u32> = (0..slots).collect();
        self.ys(&ys)
    }

    /// A list operand of pairs, each read by `first` and `second`.
    fn pairs<A, B>(
        &mut self,
        instr: &GenericInstr,
        arg: &Arg,
        what: &'static str,
        first: impl Fn(&mut Self, &Arg) -> Result<A, LoadError>,
        second: impl Fn(&mut Self, &Arg) -> Result<B, LoadError>,
    ) -> Result<Vec<(A, B)>, LoadError> {
        let items = self.list(instr, arg)?;
        if items.len() % 2 != 0 {
            return Err(operand_error(instr, what));
        }
        items.chunks_exact(2).map(|pair| Ok((first(self, &pair[0])?, second(self, &pair[1])?))).collect()
    }

    fn cases(&mut self, instr: &GenericInstr, arg: &Arg) -> Result<Cases, LoadError> {
        let what = "a jump table of value and label pairs";
        let pairs =
            self.pairs(instr, arg, what, |this, arg| this.src(instr, arg), |this, arg| this.label_arg(instr, arg))?;
        let start = self.module.case_pool.len() as u32;
        let len = pairs.len() as u32;
        self.module.case_pool.extend(pairs);
        Ok(Cases(Span { start, len }))
    }

    /// The segment list of `bs_create_bin`: six operands a segment (type,
    /// segment number, unit, flags, value, size), each a source, a
    /// `string` segment's value, an offset into the string table, becoming
    /// a literal binary of its bytes.
    fn segments(&mut self, instr: &GenericInstr, items: &[Arg]) -> Result<Srcs, LoadError> {
        if !items.len().is_multiple_of(6) {
            return Err(operand_error(instr, "a segment list of six operands a segment"));
        }
        let mut sources = Vec::with_capacity(items.len());
        for segment in items.chunks_exact(6) {
            let is_string = matches!(&segment[0], Arg::Atom(atom)
                if self.beam.atoms.get(*atom as usize).is_some_and(|name| name == "string"));
            for (at, arg) in segment.iter().enumerate() {
                let source = if at == 4 && is_string {
                    let length = match (&segment[2], &segment[5]) {
                        (Arg::Unsigned(unit), Arg::Integer(size)) if *unit == 8 => Arg::Integer(*size),
                        _ => return Err(operand_error(instr, "a string segment of whole bytes")),
                    };
                    let bytes = self.string(instr, arg, &length)?;
                    Src::literal(self.literal(Literal::Binary(bytes)))
                } else {
                    self.src(instr, arg)?
                };
                sources.push(source);
            }
        }
        Ok(self.push_srcs(&sources))
    }

    /// The bytes of the string table from `offset` on, `length` of them.
    fn string(&self, instr: &GenericInstr, offset: &Arg, length: &Arg) -> Result<Vec<u8>, LoadError> {
        let what = "a string of the string table";
        let (offset, length) = match (offset, length) {
            (Arg::Unsigned(offset), Arg::Unsigned(length)) => (*offset, *length),
            (Arg::Unsigned(offset), Arg::Integer(length)) => {
                (*offset, u64::try_from(*length).map_err(|_| operand_error(instr, what))?)
            }
            _ => return Err(operand_error(instr, what)),
        };
        let end = offset.checked_add(length).ok_or_else(|| operand_error(instr, what))?;
        let range = usize::try_from(offset).ok().zip(usize::try_from(end).ok());
        range
            .and_then(|(start, end)| self.beam.strings.get(start..end))
            .map(<[u8]>::to_vec)
            .ok_or_else(|| operand_error(instr, what))
    }

    fn key_vals(&mut self, instr: &GenericInstr, arg: &Arg) -> Result<KeyVals, LoadError> {
        let what = "key and value pairs";
        let pairs = self.pairs(instr, arg, what, |this, arg| this.src(instr, arg), |this, arg| this.src(instr, arg))?;
        let start = self.module.key_val_pool.len() as u32;
        let len = pairs.len() as u32;
        self.module.key_val_pool.extend(pairs);
        Ok(KeyVals(Span { start, len }))
    }

    fn key_dsts(&mut self, instr: &GenericInstr, arg: &Arg) -> Result<KeyDsts, LoadError> {
        let what = "key and destination pairs";
        let pairs = self.pairs(instr, arg, what, |this, arg| this.src(instr, arg), |this, arg| this.dst(instr, arg))?;
        let start = self.module.key_dst_pool.len() as u32;
        let len = pairs.len() as u32;
        self.module.key_dst_pool.extend(pairs);
        Ok(KeyDsts(Span { start, len }))
    }

    /// A heap need: a word count, or an allocation list of words, floats and funs.
    fn heap_words(&self, instr: &GenericInstr, arg: &Arg) -> Result<u32, LoadError> {
        let words = match arg {
            Arg::Unsigned(words) => *words,
            Arg::AllocList(items) => {
                let mut total: u64 = 0;
                for &(kind, count) in items {
                    let per_item = match kind {
                        0 => 1,
                        1 => FLOAT_WORDS,
                        2 => FUN_WORDS,
                        _ => return Err(operand_error(instr, "an allocation list")),
                    };
                    total = total.saturating_add(count.saturating_mul(per_item));
                }
                total
            }
            _ => return Err(operand_error(instr, "a heap need")),
        };
        u32::try_from(words).map_err(|_| operand_error(instr, "a heap need"))
    }

    /// Records the location a `line` instruction names for what follows.
    fn line(&mut self, instr: &GenericInstr, arg: &Arg) -> Result<(), LoadError> {
        let index = match arg {
            Arg::Unsigned(index) => *index,
            _ => return Err(operand_error(instr, "a line item")),
        };
        if index == 0 {
            return Ok(());
        }
        let location = self
            .beam
            .lines
            .as_ref()
            .and_then(|table| table.locations.get(index as usize - 1))
            .ok_or_else(|| operand_error(instr, "a line item of the line table"))?;
        let file = self.file(location.file);
        self.pending_line = Some((location.line, file));
        Ok(())
    }

    /// The girder file number of BEAM file `file`: 0 is the module's own
    /// source, `Module.erl`, as BEAM names it.
    fn file(&mut self, file: u32) -> u32 {
        if let Some(&known) = self.files.get(&file) {
            return known;
        }
        let name = match file.checked_sub(1) {
            Some(index) => self
                .beam
                .lines
                .as_ref()
                .and_then(|table| table.file_names.get(index as usize))
                .cloned()
                .unwrap_or_default(),
            None => format!("{}.erl", self.beam.name()),
        };
        let number = match self.module.files.iter().position(|known| *known == name) {
            Some(position) => position as u32 + 1,
            None => {
                self.module.files.push(name);
                self.module.files.len() as u32
            }
        };
        self.files.insert(file, number);
        number
    }

    /// Resolves labels, fills in the tables and returns the module.
    fn finish(mut self) -> Result<(Module, Vec<usize>), LoadError> {
        let resolve = |labels: &HashMap<u32, u32>, label: Label, offset: usize| {
            labels.get(&label.0).map(|&instr| Label(instr)).ok_or_else(|| {
                LoadError::new(ErrorKind::BeamUndefinedLabel { label: label.0 }).in_section(CODE).at_offset(offset)
            })
        };
        for (index, instr) in self.module.code.iter_mut().enumerate() {
            let offset = self.offsets[index];
            let mut changed = false;
            let mut items = operands(instr);
            for operand in items.as_mut_slice() {
                match operand {
                    Operand::L(label) => {
                        *label = resolve(&self.labels, *label, offset)?;
                        changed = true;
                    }
                    Operand::Fail(fail) => {
                        if let Some(label) = fail.label() {
                            *fail = Fail::to(resolve(&self.labels, label, offset)?);
                            changed = true;
                        }
                    }
                    Operand::Cases(cases) => {
                        for pair in &mut self.module.case_pool[cases.0.range()] {
                            pair.1 = resolve(&self.labels, pair.1, offset)?;
                        }
                    }
                    _ => {}
                }
            }
            if changed {
                *instr = instr_from_operands(instr.opcode(), items.as_slice())
                    .expect("the operands of an instruction rebuild it");
            }
        }
        let beam = self.beam;
        for export in &beam.exports {
            let function = self.entry_function(export.label)?;
            self.module.exports.push(function);
        }
        for fun in &beam.funs {
            let function = self.entry_function(fun.label)?;
            self.module.funs.push(FunEntry { function, num_free: fun.num_free });
        }
        if let Some(attributes) = &beam.attributes {
            self.module.literals.push(attributes.clone());
            self.module.attributes = Some(self.module.literals.len() as u32 - 1);
        }
        if let Some(compile_info) = &beam.compile_info {
            self.module.literals.push(compile_info.clone());
            self.module.compile_info = Some(self.module.literals.len() as u32 - 1);
        }
        Ok((self.module, self.offsets))
    }

    /// The function that label `label` enters.
    fn entry_function(&self, label: u32) -> Result<u32, LoadError> {
        self.entries
            .get(&label)
            .copied()
            .ok_or_else(|| LoadError::new(ErrorKind::BeamNotAnEntry { label }).in_section(CODE))
    }
}

/// The girder instruction of a type test that jumps to a label unless its
/// one source has the type: these translate alike, operand for operand.
fn type_test(name: &str) -> Option<fn(Label, Src) -> Instr> {
    Some(match name {
        "is_integer" => Instr::IsInteger,
        "is_float" => Instr::IsFloat,
        "is_number" => Instr::IsNumber,
        "is_atom" => Instr::IsAtom,
        "is_pid" => Instr::IsPid,
        "is_port" => Instr::IsPort,
        "is_reference" => Instr::IsReference,
        "is_nil" => Instr::IsNil,
        "is_nonempty_list" => Instr::IsNonemptyList,
        "is_list" => Instr::IsList,
        "is_tuple" => Instr::IsTuple,
        "is_binary" => Instr::IsBinary,
        "is_bitstr" => Instr::IsBitstr,
        "is_function" => Instr::IsFunction,
        "is_map" => Instr::IsMap,
        "is_boolean" => Instr::IsBoolean,
        _ => return None,
    })
}

fn operand_error(instr: &GenericInstr, what: &'static str) -> LoadError {
    LoadError::new(ErrorKind::BeamBadOperand { instruction: instr.op.name, what })
        .in_section(CODE)
        .at_offset(instr.offset)
}

fn unsupported(instr: &GenericInstr) -> LoadError {
    let reason = if matches!(instr.op.name, "bs_start_match2" | "bs_save2" | "bs_restore2" | "bs_context_to_binary") {
        "this is the binary matching of OTP 21 and older; compile with a newer erlc"
    } else {
        "girder does not run it"
    };
    LoadError::new(ErrorKind::BeamUnsupported { instruction: instr.op.name, reason })
        .in_section(CODE)
        .at_offset(instr.offset)
}
