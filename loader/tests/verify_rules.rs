//! One test per verifier rule: damage the valid sample in one way and check
//! that `verify` names that rule, and that decoding the damaged module's
//! bytes names it too.

use girder_loader::samples::valid_sample;
use girder_loader::{
    decode, encode, max_x_reg, verify, Dst, ErrorKind, Fail, FrameNeed, FrameState, FunEntry, Function, Import,
    IndexKind, Instr, Label, LineEntry, Literal, LoadError, MarkerKind, Module, PoolKind, Span, Src, Srcs, Ys,
};

/// The index of the first instruction matching `predicate`.
fn find(module: &Module, predicate: impl Fn(&Instr) -> bool) -> usize {
    module.code.iter().position(predicate).expect("the sample has such an instruction")
}

/// The index of the function named `name`.
fn function(module: &Module, name: &str) -> Function {
    *module
        .functions
        .iter()
        .find(|function| module.atoms[function.name as usize] == name)
        .expect("the sample has such a function")
}

/// Verifies `module`, expecting an error; checks that its bytes give the same rule.
fn rejected(module: &Module) -> LoadError {
    let error = verify(module).expect_err("the module should be rejected");
    let from_bytes = decode(&encode(module)).expect_err("its bytes should be rejected too");
    assert_eq!(from_bytes.kind.to_string(), error.kind.to_string());
    assert!(from_bytes.offset.is_some(), "an error from bytes has an offset: {from_bytes}");
    error
}

macro_rules! assert_rejects {
    ($module:expr, $pattern:pat) => {{
        let error = rejected(&$module);
        assert!(matches!(error.kind, $pattern), "unexpected error: {error}");
        error
    }};
}

#[test]
fn the_sample_is_valid_and_roundtrips() {
    let module = valid_sample();
    verify(&module).unwrap();
    let bytes = encode(&module);
    assert_eq!(decode(&bytes).unwrap(), module);
    assert_eq!(encode(&module), bytes, "encoding is deterministic");
}

// ---- atoms ----

#[test]
fn atom_table_must_not_be_empty() {
    let mut module = valid_sample();
    module.atoms.clear();
    assert_rejects!(module, ErrorKind::NoAtoms);
}

#[test]
fn atom_names_are_short_and_the_module_name_non_empty() {
    let mut module = valid_sample();
    module.atoms[0] = String::new();
    assert_rejects!(module, ErrorKind::EmptyAtom);

    // The empty atom `''` is an atom like any other.
    let mut module = valid_sample();
    module.atoms.push(String::new());
    assert!(verify(&module).is_ok());
    assert!(decode(&encode(&module)).is_ok());

    let mut module = valid_sample();
    module.atoms[1] = "a".repeat(256);
    assert_rejects!(module, ErrorKind::AtomTooLong { chars: 256 });

    // The limit counts characters, not bytes.
    let mut module = valid_sample();
    module.atoms[1] = "é".repeat(255);
    verify(&module).unwrap();
}

#[test]
fn atom_names_are_distinct() {
    // Two atoms of one name would let two functions share a name/arity
    // through different indices.
    let mut module = valid_sample();
    let copy = module.atoms[1].clone();
    module.atoms.push(copy);
    let error = assert_rejects!(module, ErrorKind::DuplicateAtom { first: 1, .. });
    assert!(error.to_string().ends_with("an atom table names each atom once"), "{error}");
}

// ---- literals ----

#[test]
fn literal_rules() {
    type Expectation = fn(&ErrorKind) -> bool;
    let cases: Vec<(Literal, Expectation)> = vec![
        (Literal::Atom(999), |kind| {
            matches!(kind, ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 999, .. })
        }),
        (Literal::Float(f64::INFINITY), |kind| matches!(kind, ErrorKind::NonFiniteFloat { .. })),
        (Literal::List(vec![], Box::new(Literal::Nil)), |kind| matches!(kind, ErrorKind::EmptyListLiteral)),
        (Literal::BigInt(i64::MIN.into()), |kind| matches!(kind, ErrorKind::SmallBigInt { .. })),
        (
            {
                let mut deep = Literal::Nil;
                for _ in 0..=girder_loader::MAX_LITERAL_DEPTH {
                    deep = Literal::Tuple(vec![deep]);
                }
                deep
            },
            |kind| matches!(kind, ErrorKind::LiteralTooDeep),
        ),
    ];
    for (literal, expected) in cases {
        let mut module = valid_sample();
        module.literals.push(literal);
        let error = rejected(&module);
        assert!(expected(&error.kind), "unexpected error: {error}");
    }
}

// ---- imports, functions, exports, funs, lines ----

#[test]
fn import_rules() {
    let mut module = valid_sample();
    module.imports.push(Import { module: 0, function: 500, arity: 0 });
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 500, .. });

    let mut module = valid_sample();
    module.imports.push(Import { module: 0, function: 0, arity: 2000 });
    assert_rejects!(module, ErrorKind::ArityTooLarge { arity: 2000 });
}

#[test]
fn functions_are_contiguous_non_empty_and_cover_the_code() {
    // Bytes store lengths, so a gap between functions exists only in memory.
    let mut module = valid_sample();
    module.functions[1].entry.0 += 1;
    let error = verify(&module).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::FunctionsNotContiguous { .. }), "{error}");

    let mut module = valid_sample();
    module.code.push(Instr::Return());
    assert_rejects!(module, ErrorKind::CodeNotCovered { .. });

    let mut module = valid_sample();
    let end = module.code.len() as u32;
    module.functions.push(Function { name: 0, arity: 0, entry: Label(end), end });
    assert_rejects!(module, ErrorKind::EmptyFunction);

    let mut module = valid_sample();
    module.functions[0].name = 777;
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 777, .. });

    let mut module = valid_sample();
    module.functions[0].arity = 1025;
    assert_rejects!(module, ErrorKind::ArityTooLarge { arity: 1025 });
}

#[test]
fn a_function_may_not_end_before_it_starts() {
    // Bytes cannot express this (functions are stored as lengths), so only verify sees it.
    let mut module = valid_sample();
    let last = module.functions.len() - 1;
    module.functions[last].end = module.functions[last].entry.0 - 1;
    let error = verify(&module).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::FunctionEndsBeforeEntry { .. }), "{error}");
}

#[test]
fn exports_are_in_range_and_unique() {
    let mut module = valid_sample();
    module.exports.push(99);
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Function, index: 99, .. });

    let mut module = valid_sample();
    module.exports.push(module.exports[0]);
    assert_rejects!(module, ErrorKind::DuplicateExport { .. });
}

#[test]
fn funs_name_a_function_with_enough_arguments() {
    let mut module = valid_sample();
    module.funs.push(FunEntry { function: 99, num_free: 0 });
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Function, index: 99, .. });

    let mut module = valid_sample();
    module.funs[0].num_free = 3;
    assert_rejects!(module, ErrorKind::TooManyFreeVariables { num_free: 3, arity: 2, .. });
}

#[test]
fn lines_are_sorted_and_inside_the_code() {
    let mut module = valid_sample();
    module.lines.push(LineEntry { instr: module.code.len() as u32, line: 1, file: 0 });
    assert_rejects!(module, ErrorKind::LineOutOfRange { .. });

    let mut module = valid_sample();
    module.lines.swap(1, 2);
    assert_rejects!(module, ErrorKind::LinesUnsorted { .. });

    let mut module = valid_sample();
    let first = module.lines[0];
    module.lines.insert(1, first);
    assert_rejects!(module, ErrorKind::LinesUnsorted { .. });
}

#[test]
fn line_entries_name_a_listed_file() {
    let mut module = valid_sample();
    module.files = vec!["sample.erl".to_string()];
    module.lines[0].file = 1;
    verify(&module).unwrap();
    assert_eq!(decode(&encode(&module)).unwrap(), module);

    module.lines[0].file = 2;
    let error = assert_rejects!(module, ErrorKind::LineFileOutOfRange { file: 2, files: 1 });
    assert!(error.to_string().contains("the line entry names file 2, but the module lists 1 files"), "{error}");
}

// ---- labels ----

#[test]
fn labels_stay_inside_their_function() {
    let main = function(&valid_sample(), "main");

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::IsTuple(..)));
    module.code[index] = Instr::IsTuple(Label(main.end), Src::x(2));
    let error = assert_rejects!(module, ErrorKind::LabelOutsideFunction { start: 0, .. });
    assert!(
        error
            .to_string()
            .ends_with(&format!("label {} is outside the function (instructions 0..{})", main.end, main.end)),
        "{error}"
    );

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Bif(..)));
    let Instr::Bif(_, import, arguments, dst) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::Bif(Fail::to(Label(main.end + 3)), import, arguments, dst);
    assert_rejects!(module, ErrorKind::LabelOutsideFunction { .. });

    let mut module = valid_sample();
    let Instr::SelectTupleArity(_, _, cases) =
        module.code[find(&module, |instr| matches!(instr, Instr::SelectTupleArity(..)))]
    else {
        unreachable!()
    };
    module.case_pool[cases.0.start as usize].1 = Label(main.end + 10);
    assert_rejects!(module, ErrorKind::LabelOutsideFunction { .. });
}

// ---- registers and indices ----

#[test]
fn registers_are_in_range() {
    let move_index = |module: &Module| find(module, |instr| matches!(instr, Instr::Move(_, Dst::Y(0))));

    let mut module = valid_sample();
    let index = move_index(&module);
    module.code[index] = Instr::Move(Src::x(1024), Dst::Y(0));
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 1024 });

    let mut module = valid_sample();
    let index = move_index(&module);
    module.code[index] = Instr::Move(Src::x(0), Dst::X(1023));
    verify(&module).unwrap();

    let mut module = valid_sample();
    let index = move_index(&module);
    module.code[index] = Instr::Move(Src::x(0), Dst::X(5000));
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 5000 });

    let mut module = valid_sample();
    let index = move_index(&module);
    module.code[index] = Instr::Move(Src::x(0), Dst::Y(1024));
    assert_rejects!(module, ErrorKind::YRegisterOutOfRange { index: 1024 });

    let mut module = valid_sample();
    module.src_pool[0] = Src::x(4096);
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 4096 });

    let mut module = valid_sample();
    module.key_dst_pool[0].1 = Dst::X(1024);
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 1024 });

    let mut module = valid_sample();
    module.y_pool[0] = 1500;
    assert_rejects!(module, ErrorKind::YRegisterOutOfRange { index: 1500 });
}

#[test]
fn implied_registers_live_counts_and_frame_sizes_are_in_range() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Apply(_)));
    module.code[index] = Instr::Apply(1023);
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 1024 });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::CallFun(_)));
    module.code[index] = Instr::CallFun(1024);
    assert_rejects!(module, ErrorKind::XRegisterOutOfRange { index: 1024 });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::TestHeap(..)));
    module.code[index] = Instr::TestHeap(5, 1025);
    assert_rejects!(module, ErrorKind::LiveOutOfRange { live: 1025 });

    let mut module = valid_sample();
    module.code[0] = Instr::Allocate(2000, 1);
    assert_rejects!(module, ErrorKind::FrameTooLarge { n_slots: 2000 });
}

#[test]
fn table_indices_are_in_range() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Move(_, Dst::Y(0))));
    module.code[index] = Instr::Move(Src::literal(99), Dst::Y(0));
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Literal, index: 99, .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::IsTaggedTuple(..)));
    let Instr::IsTaggedTuple(label, src, arity, _) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::IsTaggedTuple(label, src, arity, 999);
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Atom, index: 999, .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Call(..)));
    module.code[index] = Instr::Call(1, 99);
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Function, index: 99, .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::CallExt(..)));
    module.code[index] = Instr::CallExt(1, 99);
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Import, index: 99, .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::MakeFun(..)));
    let Instr::MakeFun(_, dst, free) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::MakeFun(99, dst, free);
    assert_rejects!(module, ErrorKind::IndexOutOfRange { what: IndexKind::Fun, index: 99, .. });
}

// ---- calls and BIFs ----

#[test]
fn call_arities_match_the_callee() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Call(..)));
    let Instr::Call(_, callee) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::Call(2, callee);
    let error = assert_rejects!(module, ErrorKind::ArityMismatch { given: 2, expected: 1, .. });
    assert!(error.to_string().ends_with("call passes 2 arguments but loop/1 takes 1"), "{error}");

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::CallExt(1, _)));
    let Instr::CallExt(_, import) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::CallExt(2, import);
    let error = assert_rejects!(module, ErrorKind::ArityMismatch { given: 2, expected: 1, .. });
    assert!(error.to_string().ends_with("call_ext passes 2 arguments but lists:reverse/1 takes 1"), "{error}");
}

/// The sample with one more import, and the index of its `gc_bif`.
fn with_import(module_name: &str, function_name: &str, arity: u32) -> (Module, u32, usize) {
    let mut module = valid_sample();
    let module_atom = module.atoms.len() as u32;
    module.atoms.push(module_name.to_string());
    module.atoms.push(function_name.to_string());
    module.imports.push(Import { module: module_atom, function: module_atom + 1, arity });
    let gc_bif = find(&module, |instr| matches!(instr, Instr::GcBif(..)));
    (module.clone(), module.imports.len() as u32 - 1, gc_bif)
}

#[test]
fn bif_operands_name_bifs_of_the_table() {
    let (mut module, import, gc_bif) = with_import("foo", "bar", 2);
    let Instr::GcBif(fail, live, _, arguments, dst) = module.code[gc_bif] else { unreachable!() };
    module.code[gc_bif] = Instr::GcBif(fail, live, import, arguments, dst);
    let error = assert_rejects!(module, ErrorKind::NotABif { .. });
    assert!(error.to_string().ends_with("import foo:bar/2 is not a BIF"), "{error}");

    // erlang:'-'/1 exists, but takes one argument where two are given.
    let (mut module, import, gc_bif) = with_import("erlang_", "-", 1);
    module.atoms.pop();
    module.atoms.pop();
    let erlang = module.atoms.iter().position(|atom| atom == "erlang").unwrap() as u32;
    module.atoms.push("-".to_string());
    module.imports[import as usize] = Import { module: erlang, function: module.atoms.len() as u32 - 1, arity: 1 };
    let Instr::GcBif(fail, live, _, arguments, dst) = module.code[gc_bif] else { unreachable!() };
    module.code[gc_bif] = Instr::GcBif(fail, live, import, arguments, dst);
    let error = assert_rejects!(module, ErrorKind::BifArgumentCount { expected: 1, given: 2, .. });
    assert!(error.to_string().ends_with("erlang:'-'/1 takes 1 arguments but 2 are given"), "{error}");
}

#[test]
fn bif_may_not_call_a_bif_that_collects() {
    let mut module = valid_sample();
    let gc_bif = find(&module, |instr| matches!(instr, Instr::GcBif(..)));
    let Instr::GcBif(_, _, plus, _, _) = module.code[gc_bif] else { unreachable!() };
    let bif = find(&module, |instr| matches!(instr, Instr::Bif(..)));
    let Instr::Bif(fail, non_gc, arguments, dst) = module.code[bif] else { unreachable!() };
    module.code[bif] = Instr::Bif(fail, plus, arguments, dst);
    let error = assert_rejects!(module, ErrorKind::BifMayCollect { .. });
    assert!(error.to_string().ends_with("erlang:'+'/2 may collect, so it must be called with gc_bif, not bif"));

    // The other way round is fine: gc_bif may call a BIF that never collects.
    let mut module = valid_sample();
    let Instr::GcBif(fail, live, _, arguments, dst) = module.code[gc_bif] else { unreachable!() };
    module.code[gc_bif] = Instr::GcBif(fail, live, non_gc, arguments, dst);
    verify(&module).unwrap();
}

#[test]
fn make_fun_captures_the_free_variables() {
    let mut module = valid_sample();
    module.funs[0].num_free = 2;
    assert_rejects!(module, ErrorKind::FreeVariableCount { expected: 2, given: 1, .. });
}

// ---- jump tables ----

#[test]
fn case_values_are_constants() {
    let mut module = valid_sample();
    let Instr::SelectVal(_, _, cases) = module.code[find(&module, |instr| matches!(instr, Instr::SelectVal(..)))]
    else {
        unreachable!()
    };
    module.case_pool[cases.0.start as usize].0 = Src::x(0);
    assert_rejects!(module, ErrorKind::CaseValueIsRegister);

    let select_tuple_arity = |module: &Module| {
        let Instr::SelectTupleArity(_, _, cases) =
            module.code[find(module, |instr| matches!(instr, Instr::SelectTupleArity(..)))]
        else {
            unreachable!()
        };
        cases.0.start as usize
    };
    let mut module = valid_sample();
    let case = select_tuple_arity(&module);
    module.case_pool[case].0 = Src::int(-1).unwrap();
    assert_rejects!(module, ErrorKind::BadTupleArity);

    let mut module = valid_sample();
    let case = select_tuple_arity(&module);
    module.case_pool[case].0 = Src::literal(0);
    assert_rejects!(module, ErrorKind::BadTupleArity);
}

// ---- pools ----

#[test]
fn pools_are_used_in_code_order_exactly() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::InitYregs(_)));
    module.code[index] = Instr::InitYregs(Ys(Span { start: 0, len: 99 }));
    let error = verify(&module).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::PoolSpanOutOfRange { pool: PoolKind::Ys, .. }), "{error}");

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::GcBif(..)));
    let Instr::GcBif(fail, live, import, mut arguments, dst) = module.code[index] else { unreachable!() };
    arguments.0.start += 1;
    module.code[index] = Instr::GcBif(fail, live, import, arguments, dst);
    let error = verify(&module).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::PoolOutOfOrder { pool: PoolKind::Srcs, start: 1, expected: 0 }), "{error}");

    let mut module = valid_sample();
    module.key_val_pool.push((Src::x(0), Src::x(1)));
    let error = verify(&module).unwrap_err();
    assert!(matches!(error.kind, ErrorKind::PoolNotFullyUsed { pool: PoolKind::KeyVals, .. }), "{error}");
}

// ---- frames ----

#[test]
fn allocate_needs_no_frame() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Move(_, Dst::Y(0))));
    module.code[index] = Instr::Allocate(1, 1);
    let error = assert_rejects!(
        module,
        ErrorKind::FrameMismatch { instruction: "allocate", need: FrameNeed::NoFrame, found: FrameState::Frame(2) }
    );
    assert!(error.to_string().ends_with("allocate needs no frame, but there is a frame of 2 y registers here"));
}

#[test]
fn deallocate_trim_and_last_calls_need_the_exact_frame() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Deallocate(2)));
    module.code[index] = Instr::Deallocate(3);
    assert_rejects!(module, ErrorKind::FrameMismatch { need: FrameNeed::Exactly(3), found: FrameState::Frame(2), .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Trim(..)));
    module.code[index] = Instr::Trim(2, 2);
    assert_rejects!(module, ErrorKind::FrameMismatch { need: FrameNeed::Exactly(4), found: FrameState::Frame(3), .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::CallLast(..)));
    let Instr::CallLast(arity, callee, _) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::CallLast(arity, callee, 0);
    assert_rejects!(module, ErrorKind::FrameMismatch { instruction: "call_last", .. });

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::CallFunLast(..)));
    module.code[index] = Instr::CallFunLast(1, 3);
    assert_rejects!(module, ErrorKind::FrameMismatch { instruction: "call_fun_last", .. });
}

#[test]
fn y_registers_stay_inside_the_frame() {
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Move(_, Dst::Y(0))));
    module.code[index] = Instr::Move(Src::x(0), Dst::Y(2));
    let error = assert_rejects!(module, ErrorKind::YRegisterOutsideFrame { index: 2, frame: FrameState::Frame(2) });
    assert!(error
        .to_string()
        .ends_with("y register 2 is outside the current frame: there is a frame of 2 y registers here"));

    // try/catch markers are y registers too.
    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Try(..)));
    let Instr::Try(_, handler) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::Try(5, handler);
    module.code[handler.0 as usize] = Instr::TryCase(5);
    assert_rejects!(module, ErrorKind::YRegisterOutsideFrame { index: 5, .. });

    // So are the entries of a Ys list.
    let mut module = valid_sample();
    module.y_pool[0] = 2;
    assert_rejects!(module, ErrorKind::YRegisterOutsideFrame { index: 2, .. });
}

#[test]
fn a_handler_begins_by_removing_its_own_marker() {
    let handler_of = |module: &Module, opcode: fn(&Instr) -> Option<(u32, Label)>| {
        module.code.iter().find_map(opcode).expect("the sample installs such a handler")
    };
    let try_handler = |instr: &Instr| match *instr {
        Instr::Try(y, label) => Some((y, label)),
        _ => None,
    };
    let catch_handler = |instr: &Instr| match *instr {
        Instr::Catch(y, label) => Some((y, label)),
        _ => None,
    };

    // Anything else first: the handler could raise into itself.
    let mut module = valid_sample();
    let (y, handler) = handler_of(&module, try_handler);
    module.code[handler.0 as usize] = Instr::TryEnd(y);
    let error = assert_rejects!(module, ErrorKind::HandlerStart { instruction: "try", .. });
    assert!(
        error.to_string().contains("begins with try_end; it must begin with try_case y1 or catch_end y1"),
        "{error}"
    );

    // The right instruction for another marker leaves this one in place.
    let mut module = valid_sample();
    let (_, handler) = handler_of(&module, catch_handler);
    module.code[handler.0 as usize] = Instr::CatchEnd(0);
    let error = assert_rejects!(module, ErrorKind::HandlerStart { instruction: "catch", y: 2, .. });
    assert!(error.to_string().contains("begins with catch_end y0"), "{error}");

    // The ending instruction of the other kind passes this rule, and the
    // marker check refuses it: a try's marker is ended by try_case.
    let mut module = valid_sample();
    let (y, handler) = handler_of(&module, try_handler);
    module.code[handler.0 as usize] = Instr::CatchEnd(y);
    assert_rejects!(module, ErrorKind::MarkerMissing { instruction: "catch_end", wanted: MarkerKind::Catch, .. });
}

#[test]
fn calls_that_return_need_a_frame_and_return_needs_none() {
    let mut module = valid_sample();
    let loop_function = function(&module, "loop");
    let index = (loop_function.entry.0..loop_function.end)
        .find(|&index| matches!(module.code[index as usize], Instr::CallOnly(..)))
        .unwrap() as usize;
    let Instr::CallOnly(arity, callee) = module.code[index] else { unreachable!() };
    module.code[index] = Instr::Call(arity, callee);
    let error = assert_rejects!(
        module,
        ErrorKind::FrameMismatch { instruction: "call", need: FrameNeed::AnyFrame, found: FrameState::NoFrame }
    );
    assert!(error.to_string().ends_with("call needs a frame (to hold the return address), but there is no frame here"));

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Deallocate(0)));
    module.code[index] = Instr::Move(Src::x(0), Dst::X(0));
    assert_rejects!(
        module,
        ErrorKind::FrameMismatch { instruction: "return", need: FrameNeed::NoFrame, found: FrameState::Frame(0) }
    );

    let mut module = valid_sample();
    let index = find(&module, |instr| matches!(instr, Instr::Deallocate(2)));
    module.code[index] = Instr::Move(Src::x(0), Dst::X(0));
    assert_rejects!(module, ErrorKind::FrameMismatch { instruction: "call_only", need: FrameNeed::NoFrame, .. });
}

#[test]
fn paths_must_agree_where_they_join() {
    let mut module = valid_sample();
    let main = function(&module, "main");
    let index = find(&module, |instr| matches!(instr, Instr::Bif(..)));
    let Instr::Bif(_, import, arguments, dst) = module.code[index] else { unreachable!() };
    // The last instruction of main runs after `deallocate`, with no frame.
    module.code[index] = Instr::Bif(Fail::to(Label(main.end - 1)), import, arguments, dst);
    let error = assert_rejects!(
        module,
        ErrorKind::FrameMismatch { instruction: "call_only", need: FrameNeed::NoFrame, found: FrameState::Undecided }
    );
    assert!(error.to_string().contains("a frame that differs between the paths that meet"), "{error}");
}

#[test]
fn execution_may_not_fall_off_the_end() {
    let mut module = valid_sample();
    let loop_function = function(&module, "loop");
    module.code[loop_function.end as usize - 1] = Instr::Send();
    assert_rejects!(module, ErrorKind::FallsOffEnd);
}

/// A module of one function `f/1` with the given code and imports.
fn one_function(code: Vec<Instr>, imports: Vec<Import>) -> Module {
    Module {
        atoms: vec!["t".into(), "f".into(), "erlang".into(), "error".into()],
        imports,
        functions: vec![Function { name: 1, arity: 1, entry: Label(0), end: code.len() as u32 }],
        code,
        ..Module::default()
    }
}

#[test]
fn unreachable_code_is_not_frame_checked() {
    let module = one_function(vec![Instr::Return(), Instr::Move(Src::x(0), Dst::Y(5))], vec![]);
    verify(&module).unwrap();
    assert_eq!(decode(&encode(&module)).unwrap(), module);
}

#[test]
fn a_call_to_erlang_error_never_returns() {
    let error_1 = Import { module: 2, function: 3, arity: 1 };
    let module = one_function(vec![Instr::CallExt(1, 0)], vec![error_1]);
    verify(&module).unwrap();
}

// ---- try and catch markers ----

/// `f/1` protecting `middle` with a try in y0 of a frame of two y
/// registers: `allocate 2, 1; try y0, H; MIDDLE; try_end y0; deallocate 2;
/// return; H: try_case y0; deallocate 2; return`. `ys` and `srcs` are the
/// pools `middle` uses; `import` is `erlang:hd/1`.
fn protected(middle: Vec<Instr>, ys: Vec<u32>, srcs: Vec<Src>) -> Module {
    let handler = Label(2 + middle.len() as u32 + 3);
    let mut code = vec![Instr::Allocate(2, 1), Instr::Try(0, handler)];
    code.extend(middle);
    code.extend([Instr::TryEnd(0), Instr::Deallocate(2), Instr::Return()]);
    code.extend([Instr::TryCase(0), Instr::Deallocate(2), Instr::Return()]);
    let mut module = one_function(code, vec![Import { module: 2, function: 4, arity: 1 }]);
    module.atoms.push("hd".into());
    module.y_pool = ys;
    module.src_pool = srcs;
    module
}

/// Asserts that `module` is refused because `instruction` touches the
/// try's marker in y0.
fn refused_for_touching_the_marker(module: Module, instruction: &str) {
    let error = assert_rejects!(module, ErrorKind::MarkerUsed { index: 0, marker: MarkerKind::Try, .. });
    assert_eq!(
        error.kind.to_string(),
        format!(
            "{instruction} uses y0, which holds the marker of a try here; only the instruction that \
             installed a marker and those that end it may touch it"
        )
    );
}

#[test]
fn a_protected_region_that_leaves_the_marker_alone_verifies() {
    let module = protected(vec![Instr::Move(Src::x(0), Dst::Y(1)), Instr::Move(Src::y(1), Dst::X(0))], vec![], vec![]);
    verify(&module).unwrap();
    assert_eq!(decode(&encode(&module)).unwrap(), module);
}

#[test]
fn a_marker_is_never_read_as_a_term() {
    // The hole this rule closes: a marker moved into another function's
    // frame sends a later raise to a handler with the wrong frame on top.
    let module = protected(vec![Instr::Move(Src::y(0), Dst::X(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "move");
    let module = protected(vec![Instr::PutList(Src::y(0), Src::x(0), Dst::X(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "put_list");
    let module = protected(
        vec![Instr::PutTuple2(Dst::X(0), Srcs(Span { start: 0, len: 2 }))],
        vec![],
        vec![Src::x(0), Src::y(0)],
    );
    refused_for_touching_the_marker(module, "put_tuple2");
    let module = protected(vec![Instr::IsInteger(Label(3), Src::y(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "is_integer");
    let module = protected(vec![Instr::IsEqExact(Label(3), Src::x(0), Src::y(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "is_eq_exact");
    let bif_argument = Srcs(Span { start: 0, len: 1 });
    let module = protected(vec![Instr::Bif(Fail::NONE, 0, bif_argument, Dst::X(0))], vec![], vec![Src::y(0)]);
    refused_for_touching_the_marker(module, "bif");
    let module = protected(vec![Instr::Swap(Dst::X(0), Dst::Y(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "swap");
}

#[test]
fn a_marker_is_never_overwritten() {
    let module = protected(vec![Instr::Move(Src::x(0), Dst::Y(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "move");
    let module = protected(vec![Instr::GetHd(Src::x(0), Dst::Y(0))], vec![], vec![]);
    refused_for_touching_the_marker(module, "get_hd");
    let module = protected(vec![Instr::InitYregs(Ys(Span { start: 0, len: 2 }))], vec![1, 0], vec![]);
    refused_for_touching_the_marker(module, "init_yregs");
    let module = protected(vec![Instr::Try(0, Label(6))], vec![], vec![]);
    refused_for_touching_the_marker(module, "try");
}

#[test]
fn a_frame_is_not_trimmed_or_removed_while_it_holds_a_marker() {
    // deallocate, then return, with the marker still in place.
    let module = one_function(
        vec![
            Instr::Allocate(1, 1),
            Instr::Try(0, Label(4)),
            Instr::Deallocate(1),
            Instr::Return(),
            Instr::TryCase(0),
            Instr::Deallocate(1),
            Instr::Return(),
        ],
        vec![],
    );
    let error = assert_rejects!(
        module,
        ErrorKind::FrameChangedUnderMarker { instruction: "deallocate", index: 0, marker: MarkerKind::Try }
    );
    assert!(error.to_string().contains("in function f/1 at instruction 2: deallocate changes the frame"), "{error}");

    // A tail call.
    let module = one_function(
        vec![
            Instr::Allocate(1, 1),
            Instr::Catch(0, Label(3)),
            Instr::CallLast(1, 0, 1),
            Instr::CatchEnd(0),
            Instr::Deallocate(1),
            Instr::Return(),
        ],
        vec![],
    );
    assert_rejects!(
        module,
        ErrorKind::FrameChangedUnderMarker { instruction: "call_last", index: 0, marker: MarkerKind::Catch }
    );

    // trim, even when it keeps the marker's register: a raise after it
    // would reach the handler with a smaller frame than the handler's.
    let module = one_function(
        vec![
            Instr::Allocate(2, 1),
            Instr::Try(1, Label(6)),
            Instr::Trim(1, 1),
            Instr::TryEnd(0),
            Instr::Deallocate(1),
            Instr::Return(),
            Instr::TryCase(1),
            Instr::Deallocate(2),
            Instr::Return(),
        ],
        vec![],
    );
    assert_rejects!(module, ErrorKind::FrameChangedUnderMarker { instruction: "trim", index: 1, .. });
}

#[test]
fn a_marker_is_ended_only_by_its_own_kind_where_it_is_installed() {
    // No try at all.
    let module =
        one_function(vec![Instr::Allocate(1, 1), Instr::TryEnd(0), Instr::Deallocate(1), Instr::Return()], vec![]);
    let error = assert_rejects!(module, ErrorKind::MarkerMissing { instruction: "try_end", found: None, .. });
    assert_eq!(error.kind.to_string(), "try_end y0 ends the marker of a try, but y0 holds no marker here");

    // A catch's marker is ended by catch_end, not by try_end.
    let module = one_function(
        vec![
            Instr::Allocate(1, 1),
            Instr::Catch(0, Label(3)),
            Instr::TryEnd(0),
            Instr::CatchEnd(0),
            Instr::Deallocate(1),
            Instr::Return(),
        ],
        vec![],
    );
    let error = assert_rejects!(module, ErrorKind::MarkerMissing { found: Some(MarkerKind::Catch), .. });
    assert_eq!(error.kind.to_string(), "try_end y0 ends the marker of a try, but y0 holds the marker of a catch here");

    // A path that skips the try meets one that installed it.
    let module = one_function(
        vec![
            Instr::Allocate(1, 1),
            Instr::IsInteger(Label(3), Src::x(0)),
            Instr::Try(0, Label(6)),
            Instr::TryEnd(0),
            Instr::Deallocate(1),
            Instr::Return(),
            Instr::TryCase(0),
            Instr::Deallocate(1),
            Instr::Return(),
        ],
        vec![],
    );
    let error = assert_rejects!(module, ErrorKind::MarkerMissing { found: Some(MarkerKind::OnSomePath), .. });
    assert!(
        error.to_string().contains(
            "at instruction 3: try_end y0 ends the marker of a try, but y0 holds a marker on some paths here"
        ),
        "{error}"
    );

    // A handler reached by an ordinary jump too, from outside its region.
    let module = one_function(
        vec![
            Instr::Allocate(1, 1),
            Instr::IsInteger(Label(6), Src::x(0)),
            Instr::Try(0, Label(6)),
            Instr::TryEnd(0),
            Instr::Deallocate(1),
            Instr::Return(),
            Instr::TryCase(0),
            Instr::Deallocate(1),
            Instr::Return(),
        ],
        vec![],
    );
    assert_rejects!(module, ErrorKind::MarkerMissing { instruction: "try_case", .. });
}

/// `f/1` with a try in `outer` around a try in `inner`, ended in the order
/// given: `allocate 2, 1; try OUTER, H1; try INNER, H2; try_end FIRST;
/// try_end SECOND; deallocate 2; return; H1: try_case OUTER; deallocate 2;
/// return; H2: try_case INNER; try_end OUTER; deallocate 2; return`.
fn nested(outer: u32, inner: u32, first: u32, second: u32) -> Module {
    one_function(
        vec![
            Instr::Allocate(2, 1),
            Instr::Try(outer, Label(7)),
            Instr::Try(inner, Label(10)),
            Instr::TryEnd(first),
            Instr::TryEnd(second),
            Instr::Deallocate(2),
            Instr::Return(),
            Instr::TryCase(outer),
            Instr::Deallocate(2),
            Instr::Return(),
            Instr::TryCase(inner),
            Instr::TryEnd(outer),
            Instr::Deallocate(2),
            Instr::Return(),
        ],
        vec![],
    )
}

#[test]
fn markers_nest_downwards_and_end_innermost_first() {
    // The raise scans the frame from y0 up, so the innermost marker must
    // take the lowest register.
    verify(&nested(1, 0, 0, 1)).unwrap();
    let error = assert_rejects!(nested(0, 1, 1, 0), ErrorKind::MarkerNesting { index: 1, outer: 0, .. });
    assert!(error.to_string().contains("at instruction 2: try y1 installs a marker while y0"), "{error}");
    let error = assert_rejects!(nested(1, 0, 1, 0), ErrorKind::MarkerNotInnermost { index: 1, inner: 0, .. });
    assert!(error.to_string().contains("at instruction 3: try_end y1 ends a marker while y0"), "{error}");
}

// ---- max_x_reg ----

#[test]
fn max_x_reg_counts_named_and_implied_registers() {
    assert_eq!(max_x_reg(&valid_sample()), 3);
    let module = one_function(vec![Instr::Apply(7)], vec![]);
    assert_eq!(max_x_reg(&module), 8);
    let module = one_function(vec![Instr::Move(Src::x(0), Dst::X(12)), Instr::Return()], vec![]);
    assert_eq!(max_x_reg(&module), 12);
    assert_eq!(max_x_reg(&Module::default()), 0);
}

// ---- the error line ----

#[test]
fn errors_from_bytes_name_section_offset_function_and_instruction() {
    let mut module = valid_sample();
    let main = function(&module, "main");
    let index = find(&module, |instr| matches!(instr, Instr::IsTuple(..)));
    module.code[index] = Instr::IsTuple(Label(main.end + 1), Src::x(2));
    let error = decode(&encode(&module)).unwrap_err().with_file("hello.gbc");
    let line = error.to_string();
    assert!(line.starts_with("hello.gbc: code section, offset 0x"), "{line}");
    assert!(
        line.ends_with(&format!(
            ", in function main/1 at instruction {index}: label {} is outside the function (instructions 0..{})",
            main.end + 1,
            main.end
        )),
        "{line}"
    );
    let without_bytes = verify(&module).unwrap_err().to_string();
    assert!(without_bytes.starts_with(&format!("code section, in function main/1 at instruction {index}: ")));
}
