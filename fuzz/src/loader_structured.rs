//! The loader on modules built by changing valid ones.
//!
//! Random bytes rarely get past the loader's first checks. Here the fuzzer's
//! input instead picks one of a few valid modules (the loader's own sample
//! and programs of the repository, assembled once) and a list of changes to
//! it: an operand of an instruction, a whole instruction, an entry of an
//! operand pool, an atom, a literal, an import, an export, a function, a fun
//! or a line entry. Most changes keep the module well formed as bytes but
//! break (or keep) one verifier rule, which is where the verifier's own
//! logic, rather than the byte reader, gets exercised. A few raw byte edits
//! may follow the encoding.

use crate::tape::Tape;
use girder_loader::{
    decode, encode, max_x_reg, samples, verify, Cases, Dst, Fail, FunEntry, Function, Import, KeyDsts, KeyVals, Label,
    LineEntry, Literal, Module, Span, Src, SrcKind, Srcs, Ys,
};
use girder_loader::{instr_from_operands, operands, Operand as OperandValue};
use girder_spec::{OperandKind, INSTRUCTIONS};
use std::sync::OnceLock;

/// The programs the changes start from, besides the loader's sample module.
const SOURCES: &[(&str, &str)] = &[
    ("fib.gasm", include_str!("../../examples/fib.gasm")),
    ("hello.gasm", include_str!("../../examples/hello.gasm")),
    ("maps.gasm", include_str!("../../examples/maps.gasm")),
    ("bignum.gasm", include_str!("../../examples/bignum.gasm")),
    ("kv.gasm", include_str!("../../examples/tutorial/kv.gasm")),
    ("trap_exit.gasm", include_str!("../../examples/tutorial/trap_exit.gasm")),
    ("lists.gasm", include_str!("../../bin/stdlib/lists.gasm")),
    ("ring.gasm", include_str!("../../bench/programs/ring.gasm")),
    ("term_order_types.gasm", include_str!("../../spec/conformance/compare/term_order_types.gasm")),
    ("stacktrace_shape.gasm", include_str!("../../spec/conformance/exceptions/stacktrace_shape.gasm")),
    ("send_any_term.gasm", include_str!("../../spec/conformance/receive/send_any_term.gasm")),
    ("type_tests.gasm", include_str!("../../spec/conformance/control/type_tests.gasm")),
    ("receive_guards.gasm", include_str!("../../spec/conformance/receive/receive_guards.gasm")),
    ("map_bifs_errors.gasm", include_str!("../../spec/conformance/maps/map_bifs_errors.gasm")),
];

/// The most changes one input makes.
const MAX_CHANGES: usize = 16;

/// The valid modules changes start from: the loader's sample, then each of
/// [`SOURCES`] assembled (a source that no longer assembles is skipped).
pub fn bases() -> &'static [Module] {
    static BASES: OnceLock<Vec<Module>> = OnceLock::new();
    BASES.get_or_init(|| {
        let mut bases = vec![samples::valid_sample()];
        bases.extend(SOURCES.iter().filter_map(|(name, text)| girder_asm::assemble(text, name).ok()));
        bases
    })
}

/// Builds a module from `data` (a base and changes) and checks it.
pub fn check(data: &[u8]) {
    let (module, byte_edits, round_trip) = build(data);
    check_module(&module, &byte_edits, round_trip);
}

/// The module `data` describes, the byte edits to apply to its encoding,
/// and whether the assembly round trip is asked for.
pub fn build(data: &[u8]) -> (Module, Vec<(usize, u8)>, bool) {
    let mut tape = Tape::new(data);
    let bases = bases();
    // The first byte picks the base module and whether the assembly round
    // trip runs: it costs more than all the other checks together, so it
    // runs for one first byte in seventeen (the bytes below the number of
    // bases), which keeps the rest of the checks fast.
    let first = usize::from(tape.byte());
    let round_trip = first < bases.len();
    let mut module = bases[first % bases.len()].clone();
    let mut byte_edits = Vec::new();
    for _ in 0..MAX_CHANGES {
        if tape.is_empty() {
            break;
        }
        change(&mut module, &mut byte_edits, &mut tape);
    }
    (module, byte_edits, round_trip)
}

/// Checks one (possibly broken) module, with byte edits to apply to its
/// encoding.
///
/// Verifying, encoding, measuring and (when `round_trip` is set)
/// disassembling must not panic. A
/// module that verifies must come back unchanged from its bytes. Whatever the
/// (edited) bytes decode to must verify and survive re-encoding, and, when
/// `round_trip` is set, disassemble to text that assembles and disassembles
/// to the same text.
pub fn check_module(module: &Module, byte_edits: &[(usize, u8)], round_trip: bool) {
    let verdict = verify(module);
    if round_trip {
        let _ = girder_asm::disassemble(module);
    }
    let _ = max_x_reg(module);
    let mut bytes = encode(module);
    if verdict.is_ok() {
        let decoded = decode(&bytes).unwrap_or_else(|error| panic!("a verified module's bytes do not load: {error}"));
        assert!(decoded == *module, "a verified module changes through encode and decode");
    }
    for &(position, value) in byte_edits {
        if !bytes.is_empty() {
            let index = position % bytes.len();
            bytes[index] = value;
        }
    }
    match decode(&bytes) {
        Ok(decoded) => {
            assert!(verify(&decoded).is_ok(), "a decoded module fails verification");
            let again = decode(&encode(&decoded)).expect("a decoded module's bytes do not load");
            assert!(again == decoded, "a decoded module changes through encode and decode");
            let _ = max_x_reg(&decoded);
            if round_trip {
                check_disassembly(&decoded);
            }
        }
        Err(error) => {
            let message = error.to_string();
            assert!(!message.contains('\n'), "a load error spans several lines: {message}");
        }
    }
}

/// A verified module disassembles to text that assembles, with the same
/// instructions, and whose disassembly then stays the same (see
/// [`without_lines`] for what may change the first time).
///
/// Table order may differ (the assembler numbers atoms, literals and imports
/// by first use, while a decoded module may list them in any order or keep
/// unused entries), so texts are compared, not modules.
///
/// This found four kinds of module the loader accepted and the assembler
/// refused (`spec/ROBUSTNESS.md`, findings 1, 2, 6 and 7, each with a test
/// in `bin/tests/robustness.rs`); the loader refuses the first three now,
/// and the assembler reads the fourth. Nothing is skipped.
fn check_disassembly(module: &Module) {
    let text = girder_asm::disassemble(module);
    let again = match girder_asm::assemble(&text, "disasm.gasm") {
        Ok(again) => again,
        Err(diagnostics) => {
            panic!("a verified module disassembles to text that does not assemble:\n{text}\n{diagnostics}")
        }
    };
    let text_again = girder_asm::disassemble(&again);
    assert!(
        without_lines(&text_again).count() == without_lines(&text).count(),
        "disassembly gains or loses lines:\n{text}\n---\n{text_again}"
    );
    match girder_asm::assemble(&text_again, "disasm.gasm") {
        Ok(third) => {
            let text_third = girder_asm::disassemble(&third);
            assert!(text_third == text_again, "disassembly is not a fixed point:\n{text_again}\n---\n{text_third}");
        }
        Err(diagnostics) => panic!("a disassembly does not assemble:\n{text_again}\n{diagnostics}"),
    }
}

/// The lines of assembly text other than `.line` directives.
///
/// The first disassembly of a decoded module may differ from the second in
/// two ways that keep the meaning: a line table may repeat a line number in
/// consecutive entries (the assembler makes an entry only where the line
/// changes), and a list literal may have a list as its tail (the assembler
/// reads `[a | [b]]` as `[a, b]`). Every instruction, label and directive
/// must still come back, and the second disassembly must be a fixed point.
fn without_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().filter(|line| !line.trim_start().starts_with(".line"))
}

/// Applies one change chosen by the tape.
fn change(module: &mut Module, byte_edits: &mut Vec<(usize, u8)>, tape: &mut Tape) {
    match tape.byte() % 16 {
        0..=4 => change_operand(module, tape),
        5 => replace_instruction(module, tape),
        6 => change_pool_entry(module, tape),
        7 => change_atom(module, tape),
        8 => change_literal(module, tape),
        9 => change_import(module, tape),
        10 => change_export(module, tape),
        11 => change_function(module, tape),
        12 => change_fun(module, tape),
        13 => change_line(module, tape),
        14 => swap_instructions(module, tape),
        _ => byte_edits.push((tape.below(1 << 16), tape.byte())),
    }
}

/// Changes one operand of one instruction, keeping its kind.
fn change_operand(module: &mut Module, tape: &mut Tape) {
    if module.code.is_empty() {
        return;
    }
    let index = tape.below(module.code.len());
    let instr = module.code[index];
    let mut values = operands(&instr).as_slice().to_vec();
    if values.is_empty() {
        return;
    }
    let position = tape.below(values.len());
    values[position] = changed_operand(values[position], index as u32, tape);
    if let Some(changed) = instr_from_operands(instr.opcode(), &values) {
        module.code[index] = changed;
    }
}

/// Replaces one instruction by another of any opcode, with operands of the
/// new instruction's kinds made up from the tape (near the old position).
fn replace_instruction(module: &mut Module, tape: &mut Tape) {
    if module.code.is_empty() {
        return;
    }
    let index = tape.below(module.code.len());
    let info = &INSTRUCTIONS[tape.below(INSTRUCTIONS.len())];
    let values: Vec<OperandValue> =
        info.operands.iter().map(|&kind| made_up_operand(kind, index as u32, module, tape)).collect();
    if let Some(instr) = instr_from_operands(info.opcode, &values) {
        module.code[index] = instr;
    }
}

/// Swaps two instructions of the module.
fn swap_instructions(module: &mut Module, tape: &mut Tape) {
    let len = module.code.len();
    if len > 0 {
        let (a, b) = (tape.below(len), tape.below(len));
        module.code.swap(a, b);
    }
}

fn changed_src(src: Src, tape: &mut Tape) -> Src {
    let (tag, index) = match src.kind() {
        SrcKind::X(index) => (0, index),
        SrcKind::Y(index) => (1, index),
        SrcKind::Int(value) => (2, value as u32),
        SrcKind::Literal(index) => (3, index),
    };
    let tag = if tape.one_in(3) { tape.byte() % 4 } else { tag };
    made_src(tag, tape.interesting_u32(index), tape)
}

/// A source of the given tag; indices wider than a source holds are cut to
/// its 30 bits (the decoder would reject them before building a source).
fn made_src(tag: u8, value: u32, tape: &mut Tape) -> Src {
    let index = value & Src::INDEX_MAX;
    match tag {
        0 => Src::x(index),
        1 => Src::y(index),
        2 => Src::int(i64::from(value as i32) >> (tape.byte() % 8)).unwrap_or(Src::x(0)),
        _ => Src::literal(index),
    }
}

fn changed_dst(dst: Dst, tape: &mut Tape) -> Dst {
    let (is_y, index) = match dst {
        Dst::X(index) => (false, index),
        Dst::Y(index) => (true, index),
    };
    let is_y = if tape.one_in(3) { !is_y } else { is_y };
    let index = tape.interesting_u32(index);
    if is_y {
        Dst::Y(index)
    } else {
        Dst::X(index)
    }
}

fn changed_span(span: Span, tape: &mut Tape) -> Span {
    match tape.byte() % 3 {
        0 => Span { start: tape.interesting_u32(span.start), len: span.len },
        1 => Span { start: span.start, len: tape.interesting_u32(span.len) },
        _ => Span { start: tape.interesting_u32(span.start), len: tape.interesting_u32(span.len) },
    }
}

fn changed_fail(fail: Fail, near: u32, tape: &mut Tape) -> Fail {
    if tape.one_in(4) {
        Fail::NONE
    } else {
        let from = fail.label().map_or(near, |label| label.0);
        // Label u32::MAX is the encoding of `none`, so no fail label names it.
        match tape.interesting_u32(from) {
            u32::MAX => Fail::NONE,
            label => Fail::to(Label(label)),
        }
    }
}

/// `value` changed to another value of the same kind; `at` is the
/// instruction's index, which labels tend to stay near.
fn changed_operand(value: OperandValue, at: u32, tape: &mut Tape) -> OperandValue {
    use OperandValue as V;
    match value {
        V::U(n) => V::U(tape.interesting_u32(n)),
        V::S(src) => V::S(changed_src(src, tape)),
        V::D(dst) => V::D(changed_dst(dst, tape)),
        V::Y(n) => V::Y(tape.interesting_u32(n)),
        V::L(label) => V::L(Label(tape.interesting_u32(label.0))),
        V::Fail(fail) => V::Fail(changed_fail(fail, at, tape)),
        V::A(n) => V::A(tape.interesting_u32(n)),
        V::F(n) => V::F(tape.interesting_u32(n)),
        V::E(n) => V::E(tape.interesting_u32(n)),
        V::B(n) => V::B(tape.interesting_u32(n)),
        V::Lam(n) => V::Lam(tape.interesting_u32(n)),
        V::Srcs(Srcs(span)) => V::Srcs(Srcs(changed_span(span, tape))),
        V::Ys(Ys(span)) => V::Ys(Ys(changed_span(span, tape))),
        V::Cases(Cases(span)) => V::Cases(Cases(changed_span(span, tape))),
        V::KeyVals(KeyVals(span)) => V::KeyVals(KeyVals(changed_span(span, tape))),
        V::KeyDsts(KeyDsts(span)) => V::KeyDsts(KeyDsts(changed_span(span, tape))),
    }
}

/// A new operand of `kind` for the instruction at `at`. List operands take
/// an empty span at the end of their pool, which keeps the pools in code
/// order only when the instruction is the module's last user of that pool.
fn made_up_operand(kind: OperandKind, at: u32, module: &Module, tape: &mut Tape) -> OperandValue {
    use OperandKind as K;
    use OperandValue as V;
    let small = |tape: &mut Tape| {
        let start = u32::from(tape.byte() % 8);
        tape.interesting_u32(start)
    };
    let end_of = |len: usize, tape: &mut Tape| Span { start: len as u32, len: if tape.one_in(4) { 1 } else { 0 } };
    match kind {
        K::U => V::U(small(tape)),
        K::S => {
            let tag = tape.byte() % 4;
            let value = small(tape);
            V::S(made_src(tag, value, tape))
        }
        K::D => V::D(if tape.one_in(3) { Dst::Y(small(tape)) } else { Dst::X(small(tape)) }),
        K::Y => V::Y(small(tape)),
        K::L => V::L(Label(tape.interesting_u32(at))),
        K::Fail => V::Fail(changed_fail(Fail::NONE, at, tape)),
        K::A => V::A(small(tape)),
        K::F => V::F(small(tape)),
        K::E => V::E(small(tape)),
        K::B => V::B(small(tape)),
        K::Lam => V::Lam(small(tape)),
        K::Srcs => V::Srcs(Srcs(end_of(module.src_pool.len(), tape))),
        K::Ys => V::Ys(Ys(end_of(module.y_pool.len(), tape))),
        K::Cases => V::Cases(Cases(end_of(module.case_pool.len(), tape))),
        K::KeyVals => V::KeyVals(KeyVals(end_of(module.key_val_pool.len(), tape))),
        K::KeyDsts => V::KeyDsts(KeyDsts(end_of(module.key_dst_pool.len(), tape))),
    }
}

/// Changes, adds or removes one entry of one operand pool.
fn change_pool_entry(module: &mut Module, tape: &mut Tape) {
    fn edit<T: Copy>(pool: &mut Vec<T>, tape: &mut Tape, change: impl FnOnce(T, &mut Tape) -> T) {
        match tape.byte() % 8 {
            0 => {
                pool.pop();
            }
            1 => {
                if let Some(&last) = pool.last() {
                    pool.push(last);
                }
            }
            _ => {
                if !pool.is_empty() {
                    let index = tape.below(pool.len());
                    pool[index] = change(pool[index], tape);
                }
            }
        }
    }
    match tape.byte() % 5 {
        0 => edit(&mut module.src_pool, tape, changed_src),
        1 => edit(&mut module.y_pool, tape, |n, tape| tape.interesting_u32(n)),
        2 => edit(&mut module.case_pool, tape, |(src, label), tape| {
            if tape.one_in(2) {
                (changed_src(src, tape), label)
            } else {
                (src, Label(tape.interesting_u32(label.0)))
            }
        }),
        3 => edit(&mut module.key_val_pool, tape, |(key, value), tape| {
            if tape.one_in(2) {
                (changed_src(key, tape), value)
            } else {
                (key, changed_src(value, tape))
            }
        }),
        _ => edit(&mut module.key_dst_pool, tape, |(key, dst), tape| {
            if tape.one_in(2) {
                (changed_src(key, tape), dst)
            } else {
                (key, changed_dst(dst, tape))
            }
        }),
    }
}

/// Renames, adds or removes an atom.
fn change_atom(module: &mut Module, tape: &mut Tape) {
    let name = match tape.byte() % 6 {
        0 => String::new(),
        1 => "a".repeat(255 + tape.below(3)),
        2 => module.atoms.get(tape.below(module.atoms.len())).cloned().unwrap_or_default(),
        3 => ["x0", "erlang", "lists", "main", "ok", "'", "\u{e9}t\u{e9}"][tape.below(7)].to_string(),
        _ => tape.string(12),
    };
    match tape.byte() % 4 {
        0 => module.atoms.push(name),
        1 => {
            module.atoms.pop();
        }
        _ => {
            if !module.atoms.is_empty() {
                let index = tape.below(module.atoms.len());
                module.atoms[index] = name;
            }
        }
    }
}

/// A literal made up from the tape, at most `depth` levels deep.
fn made_up_literal(n_atoms: usize, depth: u32, tape: &mut Tape) -> Literal {
    let kind = if depth == 0 { tape.byte() % 6 } else { tape.byte() % 9 };
    match kind {
        0 => Literal::Int(tape.u64() as i64),
        1 => {
            let magnitude = num_bigint::BigInt::from(tape.u64()) << (tape.byte() % 130);
            Literal::BigInt(if tape.one_in(2) { -magnitude } else { magnitude })
        }
        2 => Literal::Float(f64::from_bits(tape.u64())),
        3 => Literal::Atom(tape.interesting_u32(n_atoms as u32)),
        4 => Literal::Nil,
        5 => Literal::Binary(tape.bytes(16).to_vec()),
        6 => {
            let n = tape.below(4);
            let elements = (0..n).map(|_| made_up_literal(n_atoms, depth - 1, tape)).collect();
            Literal::List(elements, Box::new(made_up_literal(n_atoms, depth - 1, tape)))
        }
        7 => Literal::Tuple((0..tape.below(4)).map(|_| made_up_literal(n_atoms, depth - 1, tape)).collect()),
        _ => Literal::Map(
            (0..tape.below(3))
                .map(|_| (made_up_literal(n_atoms, depth - 1, tape), made_up_literal(n_atoms, depth - 1, tape)))
                .collect(),
        ),
    }
}

/// Replaces, adds, removes or deeply nests a literal.
fn change_literal(module: &mut Module, tape: &mut Tape) {
    let n_atoms = module.atoms.len();
    match tape.byte() % 6 {
        0 => {
            module.literals.pop();
        }
        1 => {
            let literal = made_up_literal(n_atoms, 3, tape);
            module.literals.push(literal);
        }
        2 => {
            // Nesting at the depth limit, on either side of it.
            let depth = girder_loader::MAX_LITERAL_DEPTH - 2 + tape.below(4);
            let mut literal = Literal::Nil;
            for _ in 0..depth {
                literal = Literal::Tuple(vec![literal]);
            }
            module.literals.push(literal);
        }
        _ => {
            if !module.literals.is_empty() {
                let index = tape.below(module.literals.len());
                module.literals[index] = made_up_literal(n_atoms, 3, tape);
            }
        }
    }
}

fn change_import(module: &mut Module, tape: &mut Tape) {
    match tape.byte() % 4 {
        0 => {
            module.imports.pop();
        }
        1 => {
            let import = Import {
                module: tape.interesting_u32(0),
                function: tape.interesting_u32(1),
                arity: tape.interesting_u32(1),
            };
            module.imports.push(import);
        }
        _ => {
            if !module.imports.is_empty() {
                let index = tape.below(module.imports.len());
                let import = &mut module.imports[index];
                match tape.byte() % 3 {
                    0 => import.module = tape.interesting_u32(import.module),
                    1 => import.function = tape.interesting_u32(import.function),
                    _ => import.arity = tape.interesting_u32(import.arity),
                }
            }
        }
    }
}

fn change_export(module: &mut Module, tape: &mut Tape) {
    match tape.byte() % 3 {
        0 => {
            module.exports.pop();
        }
        1 => {
            let function = tape.interesting_u32(0);
            module.exports.push(function);
        }
        _ => {
            if !module.exports.is_empty() {
                let index = tape.below(module.exports.len());
                module.exports[index] = tape.interesting_u32(module.exports[index]);
            }
        }
    }
}

fn change_function(module: &mut Module, tape: &mut Tape) {
    match tape.byte() % 5 {
        0 => {
            module.functions.pop();
        }
        1 => {
            // A copy of a function under the same name and arity.
            if let Some(&function) = module.functions.get(tape.below(module.functions.len())) {
                module.functions.push(function);
            }
        }
        _ => {
            if !module.functions.is_empty() {
                let index = tape.below(module.functions.len());
                let function: &mut Function = &mut module.functions[index];
                match tape.byte() % 4 {
                    0 => function.name = tape.interesting_u32(function.name),
                    1 => function.arity = tape.interesting_u32(function.arity),
                    2 => function.entry = Label(tape.interesting_u32(function.entry.0)),
                    _ => function.end = tape.interesting_u32(function.end),
                }
            }
        }
    }
}

fn change_fun(module: &mut Module, tape: &mut Tape) {
    match tape.byte() % 3 {
        0 => {
            module.funs.pop();
        }
        1 => {
            let fun = FunEntry { function: tape.interesting_u32(0), num_free: tape.interesting_u32(0) };
            module.funs.push(fun);
        }
        _ => {
            if !module.funs.is_empty() {
                let index = tape.below(module.funs.len());
                let fun = &mut module.funs[index];
                if tape.one_in(2) {
                    fun.function = tape.interesting_u32(fun.function);
                } else {
                    fun.num_free = tape.interesting_u32(fun.num_free);
                }
            }
        }
    }
}

fn change_line(module: &mut Module, tape: &mut Tape) {
    match tape.byte() % 3 {
        0 => {
            module.lines.pop();
        }
        1 => {
            let instr = tape.interesting_u32(module.lines.last().map_or(0, |line| line.instr));
            let line = tape.interesting_u32(1);
            module.lines.push(LineEntry { instr, line, file: 0 });
        }
        _ => {
            if !module.lines.is_empty() {
                let index = tape.below(module.lines.len());
                let entry = &mut module.lines[index];
                if tape.one_in(2) {
                    entry.instr = tape.interesting_u32(entry.instr);
                } else {
                    entry.line = tape.interesting_u32(entry.line);
                }
            }
        }
    }
}
