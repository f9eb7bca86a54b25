//! Every sample program in `tests/programs/` assembles and verifies, and its
//! disassembly assembles to the identical module and the identical bytes.

use girder_asm::{assemble, assemble_to_bytes, disassemble};
use girder_loader::{decode, encode, operands, Instr, Literal, Module, Operand, Src, SrcKind};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn programs() -> Vec<(String, String)> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&directory)
        .expect("tests/programs exists")
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "gasm"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    paths
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let source = std::fs::read_to_string(&path).expect("a readable program");
            (name, source)
        })
        .collect()
}

fn assemble_or_panic(source: &str, name: &str) -> Module {
    assemble(source, name).unwrap_or_else(|errors| panic!("{name} does not assemble:\n{errors}"))
}

#[test]
fn samples_round_trip_through_disassembly() {
    for (name, source) in programs() {
        let module = assemble_or_panic(&source, &name);
        let bytes = assemble_to_bytes(&source, &name).unwrap();
        assert_eq!(bytes, encode(&module), "{name}: assemble_to_bytes encodes the assembled module");

        let text = disassemble(&module);
        let again = assemble(&text, "disassembly.gasm")
            .unwrap_or_else(|errors| panic!("the disassembly of {name} does not assemble:\n{errors}\n\n{text}"));
        assert_eq!(again, module, "{name}: the disassembly assembles to another module:\n{text}");
        assert_eq!(encode(&again), bytes, "{name}: the disassembly assembles to other bytes:\n{text}");
        assert_eq!(disassemble(&again), text, "{name}: disassembly is not stable");
    }
}

#[test]
fn samples_survive_encoding_and_decoding() {
    for (name, source) in programs() {
        let module = assemble_or_panic(&source, &name);
        let bytes = encode(&module);
        let decoded = decode(&bytes).unwrap_or_else(|error| panic!("{name}: the bytes do not decode: {error}"));
        assert_eq!(decoded, module, "{name}: decoding gives another module");
        assert_eq!(encode(&decoded), bytes, "{name}: re-encoding gives other bytes");
        assert_eq!(disassemble(&decoded), disassemble(&module));
    }
}

#[test]
fn samples_use_every_instruction_of_the_table() {
    let mut used = BTreeSet::new();
    for (name, source) in programs() {
        used.extend(assemble_or_panic(&source, &name).code.iter().map(Instr::opcode));
    }
    let missing: Vec<&str> =
        girder_spec::INSTRUCTIONS.iter().filter(|info| !used.contains(&info.opcode)).map(|info| info.name).collect();
    assert!(missing.is_empty(), "no sample program uses {missing:?}; add one to tests/programs");
}

fn program(name: &str) -> Module {
    let (_, source) = programs().into_iter().find(|(file, _)| file == name).expect("the program exists");
    assemble_or_panic(&source, name)
}

/// The literal a `move` at `index` loads, or its small integer as a literal.
fn moved_literal(module: &Module, index: usize) -> Literal {
    let Instr::Move(source, _) = module.code[index] else {
        panic!("instruction {index} is not a move");
    };
    source_literal(module, source)
}

fn source_literal(module: &Module, source: Src) -> Literal {
    match source.kind() {
        SrcKind::Int(value) => Literal::Int(i64::from(value)),
        SrcKind::Literal(index) => module.literals[index as usize].clone(),
        other => panic!("not a literal: {other:?}"),
    }
}

fn atom(module: &Module, name: &str) -> Literal {
    let index = module.atoms.iter().position(|atom| atom == name).expect("the atom is in the table");
    Literal::Atom(u32::try_from(index).unwrap())
}

#[test]
fn literals_read_as_erlang_reads_them() {
    let module = program("literals.gasm");
    let int = Literal::Int;
    let list = |items: Vec<Literal>, tail: Literal| Literal::List(items, Box::new(tail));
    let string = |text: &str| list(text.chars().map(|c| Literal::Int(i64::from(u32::from(c)))).collect(), Literal::Nil);
    let big = |text: &str| Literal::BigInt(text.parse().unwrap());
    let expected = [
        int(42),
        int(-7),
        int(255),
        int(10),
        int(36 * 35 + 35),
        int(97),
        int(10),
        int(37),
        int(536_870_911),
        int(536_870_912),
        int(-536_870_913),
        int(i64::MAX),
        big("9223372036854775808"),
        big("123456789012345678901234567890"),
        big("-99999999999999999999999"),
        Literal::Float(1.5),
        Literal::Float(-0.25),
        Literal::Float(0.0),
        Literal::Float(-0.0),
        Literal::Float(1.0e10),
        Literal::Float(2.5e-3),
        Literal::Float(f64::MAX),
        Literal::Float(5.0e-324),
        Literal::Float(0.1),
        atom(&module, "ok"),
        atom(&module, "node@host"),
        atom(&module, "Quoted atom"),
        atom(&module, "x0"),
        atom(&module, "it's"),
        atom(&module, "and"),
        atom(&module, "none"),
        string("abc\n"),
        string("tab\there \"quoted\" \\ done"),
        Literal::Nil,
        string("é\u{100}"),
        Literal::Nil,
        list(vec![int(1), int(2), int(3)], Literal::Nil),
        list(vec![int(1), int(2)], atom(&module, "tail")),
        list(vec![int(1), int(2), int(3)], Literal::Nil),
        list(vec![atom(&module, "a"), int(98), int(99)], Literal::Nil),
        list(vec![int(0), int(1), int(2)], Literal::Nil),
        Literal::Tuple(vec![]),
        Literal::Tuple(vec![
            atom(&module, "a"),
            int(1),
            Literal::Tuple(vec![atom(&module, "b"), list(vec![atom(&module, "c")], Literal::Nil)]),
        ]),
        Literal::Map(vec![]),
        Literal::Map(vec![
            (atom(&module, "a"), int(1)),
            (string("k"), list(vec![atom(&module, "x")], Literal::Nil)),
            (Literal::Tuple(vec![atom(&module, "t")]), Literal::Map(vec![])),
        ]),
        Literal::Binary(vec![]),
        Literal::Binary(b"abc".to_vec()),
        Literal::Binary(vec![1, 2, 255]),
        Literal::Binary(vec![b'a', b'b', 0, b'c']),
    ];
    for (index, literal) in expected.iter().enumerate() {
        assert_eq!(&moved_literal(&module, index), literal, "move number {index}");
    }
    // Bit-exact floats: -0.0 is not 0.0.
    assert!(matches!(moved_literal(&module, 18), Literal::Float(value) if value.is_sign_negative()));
    // Small integers live in the operand; everything else in the table, once.
    assert!(matches!(module.code[8], Instr::Move(source, _) if matches!(source.kind(), SrcKind::Int(536_870_911))));
    assert!(matches!(module.code[9], Instr::Move(source, _) if matches!(source.kind(), SrcKind::Literal(_))));
    let Instr::Move(first, _) = module.code[42] else { panic!() };
    let Instr::Move(repeated, _) = module.code[49] else { panic!() };
    assert_eq!(first, repeated, "identical literals share one table entry");
    let export_fun = |module_name, function_name, arity| Literal::ExportFun {
        module: module.atoms.iter().position(|atom| atom == module_name).unwrap() as u32,
        function: module.atoms.iter().position(|atom| atom == function_name).unwrap() as u32,
        arity,
    };
    assert_eq!(moved_literal(&module, 51), export_fun("lists", "map", 2));
    assert_eq!(moved_literal(&module, 52), export_fun("Quoted atom", "and", 255));
    let bits = |bytes: &[u8], last_bits| Literal::Bitstring { bytes: bytes.to_vec(), last_bits };
    assert_eq!(moved_literal(&module, 53), bits(&[0xa0], 3));
    assert_eq!(moved_literal(&module, 54), bits(&[1, 2, 0x30], 4));
    assert_eq!(moved_literal(&module, 55), bits(b"abc\x80", 1));
    assert_eq!(moved_literal(&module, 56), Literal::Binary(vec![18]));
    assert_eq!(moved_literal(&module, 57), bits(&[0, 1, 0xff, 0xff, 0], 1));
    assert_eq!(moved_literal(&module, 58), bits(&[255, 255, 255, 255, 255, 255, 255, 255, 0], 7));
}

#[test]
fn bitstrings_disassemble_as_bytes_then_one_sized_segment() {
    let module = program("literals.gasm");
    let text = disassemble(&module);
    for expected in ["<<5:3>>", "<<1, 2, 3:4>>", "<<\"abc\", 1:1>>", "<<18>>", "<<0, 1, 255, 255, 0:1>>"] {
        assert!(text.contains(expected), "{expected} in\n{text}");
    }
}

#[test]
fn indices_follow_first_use() {
    let module = program("fib.gasm");
    assert_eq!(module.atoms, ["fib", "main", "erlang", "-", "+"]);
    assert_eq!(module.exports, [0, 1]);
    assert_eq!(module.imports.len(), 2, "erlang:'-'/2 is imported once");
    let lines: Vec<(u32, u32)> = module.lines.iter().map(|entry| (entry.instr, entry.line)).collect();
    assert_eq!(lines, [(0, 3), (2, 4), (14, 8)]);
    assert_eq!(module.functions[1].entry.0, 14);
    assert_eq!(module.functions[1].end, 16);
}

#[test]
fn funs_are_deduplicated_and_count_free_variables() {
    let module = program("funs.gasm");
    assert_eq!(module.funs.len(), 2);
    assert_eq!((module.funs[0].function, module.funs[0].num_free), (2, 1));
    assert_eq!((module.funs[1].function, module.funs[1].num_free), (3, 0));
}

#[test]
fn jump_tables_resolve_their_labels() {
    let module = program("data.gasm");
    let Instr::SelectVal(_, fail, cases) = module.code[0] else { panic!("select_val first") };
    let labels: Vec<u32> = module.cases(cases).iter().map(|(_, label)| label.0).collect();
    assert_eq!(labels, [1, 3, 5, 7, 9]);
    assert_eq!(fail.0, 11);
    let values: Vec<Literal> = module.cases(cases).iter().map(|&(value, _)| source_literal(&module, value)).collect();
    assert_eq!(values[0], Literal::Int(1));
    assert_eq!(values[3], Literal::Float(1.5));
}

#[test]
fn operands_list_every_kind_in_table_order() {
    let module = program("calls.gasm");
    let gc_bif = module.code.iter().find(|instr| matches!(instr, Instr::GcBif(..))).unwrap();
    let kinds: Vec<_> = operands(gc_bif).as_slice().iter().map(Operand::kind).collect();
    assert_eq!(kinds, girder_spec::instruction_by_name("gc_bif").unwrap().operands);
}

#[test]
fn disassembly_reads_like_the_source() {
    let module = program("fib.gasm");
    let expected = "\
.module fib
.export fib/1, main/0

.function fib/1
    .line 3
    is_lt @L2, x0, 2
    return
L2:
    .line 4
    allocate 1, 1
    gc_bif none, 1, erlang:'-'/2, [x0, 1], x1
    move x1, y0
    gc_bif none, 1, erlang:'-'/2, [x0, 2], x0
    call 1, fib/1
    move x0, x1
    move y0, x0
    move x1, y0
    call 1, fib/1
    gc_bif none, 1, erlang:'+'/2, [x0, y0], x0
    deallocate 1
    return

.function main/0
    .line 8
    move 20, x0
    call_only 1, fib/1
";
    assert_eq!(disassemble(&module), expected);
}

#[test]
fn directive_placement_does_not_change_the_bytes() {
    let (_, source) = programs().into_iter().find(|(file, _)| file == "fib.gasm").unwrap();
    let moved = source.replace(".export fib/1, main/0\n", "") + ".export fib/1\n.export main/0, fib/1\n";
    assert_eq!(assemble_to_bytes(&moved, "moved.gasm").unwrap(), assemble_to_bytes(&source, "fib.gasm").unwrap());
}

#[test]
fn line_directives_naming_files_round_trip_through_disassembly() {
    let source = ".module m\n.export f/0\n.function f/0\n    .line 3, \"m.erl\"\n    move ok, x0\n    \
                  .line 5, \"inc/\\\"q\\\"\\t\\\\x.hrl\"\n    return\n";
    let module = assemble_or_panic(source, "m.gasm");
    assert_eq!(module.files, ["m.erl", "inc/\"q\"\t\\x.hrl"]);
    let lines: Vec<(u32, u32, u32)> = module.lines.iter().map(|entry| (entry.instr, entry.line, entry.file)).collect();
    assert_eq!(lines, [(0, 3, 1), (1, 5, 2)]);
    let text = disassemble(&module);
    assert!(text.contains("    .line 3, \"m.erl\"\n"), "{text}");
    assert_eq!(assemble_or_panic(&text, "disassembly.gasm"), module, "{text}");
}
