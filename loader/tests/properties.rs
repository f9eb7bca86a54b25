//! Property tests: literal trees and generated modules survive encoding, and
//! the decoder never panics on damaged or random bytes.

use girder_loader::samples::{malformed_cases, valid_sample};
use girder_loader::{
    decode, encode, operands, verify, Cases, Dst, Fail, FunEntry, Function, Import, Instr, KeyDsts, KeyVals, Label,
    LineEntry, Literal, Module, Span, Src, Srcs, Ys, HEADER_LEN,
};
use num_bigint::{BigInt, BigUint, Sign};
use proptest::collection::vec;
use proptest::prelude::*;

// ---- literals ----

/// Arbitrary valid literal trees over a module with `n_atoms` atoms.
fn literal(n_atoms: u32) -> impl Strategy<Value = Literal> {
    let big_int = (any::<bool>(), vec(any::<u8>(), 8..20), 1u8..=255).prop_map(|(negative, mut bytes, top)| {
        // A nonzero ninth-or-later byte puts the magnitude at 2^64 or more.
        bytes.push(top);
        let sign = if negative { Sign::Minus } else { Sign::Plus };
        Literal::BigInt(BigInt::from_biguint(sign, BigUint::from_bytes_le(&bytes)))
    });
    let leaf = prop_oneof![
        any::<i64>().prop_map(Literal::Int),
        big_int,
        any::<f64>().prop_filter("floats are finite", |value| value.is_finite()).prop_map(Literal::Float),
        (0..n_atoms).prop_map(Literal::Atom),
        Just(Literal::Nil),
        vec(any::<u8>(), 0..8).prop_map(Literal::Binary),
        (vec(any::<u8>(), 1..8), 1u64..=7).prop_map(|(bytes, last_bits)| {
            let size = 8 * (bytes.len() as u64 - 1) + last_bits;
            Literal::bitstring(bytes, size)
        }),
        (0..n_atoms, 0..n_atoms, 0u32..=255).prop_map(|(module, function, arity)| Literal::ExportFun {
            module,
            function,
            arity
        }),
    ];
    leaf.prop_recursive(6, 64, 4, |inner| {
        prop_oneof![
            (vec(inner.clone(), 1..4), inner.clone())
                .prop_map(|(elements, tail)| Literal::List(elements, Box::new(tail))),
            vec(inner.clone(), 0..4).prop_map(Literal::Tuple),
            vec((inner.clone(), inner), 0..3).prop_map(Literal::Map),
        ]
    })
}

proptest! {
    #[test]
    fn literal_trees_roundtrip(literals in vec(literal(8), 1..4)) {
        let mut module = valid_sample();
        module.literals.extend(literals);
        prop_assert!(verify(&module).is_ok());
        prop_assert_eq!(decode(&encode(&module)).unwrap(), module);
    }
}

// ---- generated modules ----

/// A stream of choices from which a module is built; shrinking the tape
/// shrinks the module. Reads past the end give 0.
struct Tape {
    values: Vec<u32>,
    position: usize,
}

impl Tape {
    fn next(&mut self, bound: u32) -> u32 {
        let value = self.values.get(self.position).copied().unwrap_or(0);
        self.position += 1;
        if bound == 0 {
            0
        } else {
            value % bound
        }
    }

    fn chance(&mut self, one_in: u32) -> bool {
        self.next(one_in) == 0
    }
}

fn push_span<T: Copy>(pool: &mut Vec<T>, items: &[T]) -> Span {
    let start = pool.len() as u32;
    pool.extend_from_slice(items);
    Span { start, len: items.len() as u32 }
}

/// Builds a module from the tape: functions with or without a frame, a body
/// of ordinary instructions whose labels stay in the body, and an ending that
/// leaves the function properly. Sometimes one instruction without list
/// operands is replaced by a wild one, which usually breaks a rule.
fn generate(tape: &mut Tape) -> Module {
    let mut module = Module {
        atoms: ["gen", "f0", "f1", "f2", "f3", "erlang", "+", "=:=", "lists", "reverse", "ok"]
            .iter()
            .map(|atom| atom.to_string())
            .collect(),
        literals: vec![Literal::Atom(10), Literal::Tuple(vec![Literal::Int(1)]), Literal::Float(1.5)],
        imports: vec![
            Import { module: 5, function: 6, arity: 2 },
            Import { module: 5, function: 7, arity: 2 },
            Import { module: 8, function: 9, arity: 1 },
        ],
        ..Module::default()
    };
    let n_functions = 1 + tape.next(4);
    let arities: Vec<u32> = (0..n_functions).map(|_| tape.next(3)).collect();
    for function_index in 0..n_functions {
        let entry = module.code.len() as u32;
        let framed = tape.chance(2);
        let n_slots = if framed { tape.next(3) } else { 0 };
        let arity = arities[function_index as usize];
        let mut code = Vec::new();
        if framed {
            code.push(Instr::Allocate(n_slots, arity));
        }
        let body_start = entry + code.len() as u32;
        let body_len = 1 + tape.next(8);
        let ending_start = body_start + body_len;
        for _ in 0..body_len {
            let mut label = |tape: &mut Tape| Label(body_start + tape.next(body_len + 1));
            let src = |tape: &mut Tape| match tape.next(4) {
                1 if n_slots > 0 => Src::y(tape.next(n_slots)),
                2 => Src::int(i64::from(tape.next(100)) - 50).unwrap_or(Src::x(0)),
                3 => Src::literal(tape.next(3)),
                // Mostly the arguments, which hold values; sometimes a
                // register that may not (the x register rule).
                _ if tape.chance(4) => Src::x(tape.next(4)),
                _ if arity > 0 => Src::x(tape.next(arity)),
                _ => Src::literal(tape.next(3)),
            };
            let dst = |tape: &mut Tape| {
                if n_slots > 0 && tape.chance(3) {
                    Dst::Y(tape.next(n_slots))
                } else {
                    Dst::X(tape.next(4))
                }
            };
            let fail = |tape: &mut Tape, label: &mut dyn FnMut(&mut Tape) -> Label| {
                if tape.chance(2) {
                    Fail::NONE
                } else {
                    Fail::to(label(tape))
                }
            };
            let instr = match tape.next(12) {
                1 => Instr::IsInteger(label(tape), src(tape)),
                2 => Instr::Jump(label(tape)),
                3 => Instr::TestHeap(tape.next(10), tape.next(arity + 1)),
                4 => {
                    let target = dst(tape);
                    let items: Vec<Src> = (0..tape.next(4)).map(|_| src(tape)).collect();
                    Instr::PutTuple2(target, Srcs(push_span(&mut module.src_pool, &items)))
                }
                5 => {
                    let value = src(tape);
                    let default = label(tape);
                    let items: Vec<(Src, Label)> = (0..1 + tape.next(3))
                        .map(|_| (Src::int(i64::from(tape.next(5))).unwrap_or(Src::literal(0)), label(tape)))
                        .collect();
                    Instr::SelectVal(value, default, Cases(push_span(&mut module.case_pool, &items)))
                }
                6 => {
                    let on_error = fail(tape, &mut label);
                    let live = tape.next(arity + 1);
                    let arguments = [src(tape), src(tape)];
                    let target = dst(tape);
                    Instr::GcBif(on_error, live, 0, Srcs(push_span(&mut module.src_pool, &arguments)), target)
                }
                7 => {
                    let on_error = fail(tape, &mut label);
                    let arguments = [src(tape), src(tape)];
                    let target = dst(tape);
                    Instr::Bif(on_error, 1, Srcs(push_span(&mut module.src_pool, &arguments)), target)
                }
                8 if framed => {
                    let callee = tape.next(n_functions);
                    Instr::Call(arities[callee as usize], callee)
                }
                9 if n_slots > 0 => {
                    let items: Vec<u32> = (0..1 + tape.next(2)).map(|_| tape.next(n_slots)).collect();
                    Instr::InitYregs(Ys(push_span(&mut module.y_pool, &items)))
                }
                10 => {
                    let target = dst(tape);
                    let live = tape.next(arity + 1);
                    let pairs = [(Src::literal(0), src(tape))];
                    Instr::PutMapAssoc(
                        Fail::NONE,
                        Src::x(0),
                        target,
                        live,
                        KeyVals(push_span(&mut module.key_val_pool, &pairs)),
                    )
                }
                11 => {
                    let on_miss = label(tape);
                    let map = src(tape);
                    let pairs = [(Src::literal(0), dst(tape))];
                    Instr::GetMapElements(on_miss, map, KeyDsts(push_span(&mut module.key_dst_pool, &pairs)))
                }
                _ => Instr::Move(src(tape), dst(tape)),
            };
            code.push(instr);
        }
        debug_assert_eq!(entry + code.len() as u32, ending_start);
        let callee = tape.next(n_functions);
        let callee_arity = arities[callee as usize];
        match (framed, tape.chance(2)) {
            (true, true) => code.extend([Instr::Deallocate(n_slots), Instr::Return()]),
            (true, false) => code.push(Instr::CallLast(callee_arity, callee, n_slots)),
            (false, true) => code.push(Instr::Return()),
            (false, false) => code.push(Instr::CallOnly(callee_arity, callee)),
        }
        module.code.extend(code);
        module.functions.push(Function {
            name: 1 + function_index,
            arity,
            entry: Label(entry),
            end: module.code.len() as u32,
        });
    }
    let code_len = module.code.len() as u32;
    if tape.chance(3) {
        let index = tape.next(code_len) as usize;
        let has_list = operands(&module.code[index]).as_slice().iter().any(|operand| {
            use girder_loader::Operand;
            matches!(
                operand,
                Operand::Srcs(_) | Operand::Ys(_) | Operand::Cases(_) | Operand::KeyVals(_) | Operand::KeyDsts(_)
            )
        });
        if !has_list {
            module.code[index] = match tape.next(7) {
                0 => Instr::Move(Src::x(tape.next(2000)), Dst::Y(tape.next(4))),
                1 => Instr::IsInteger(Label(tape.next(code_len + 3)), Src::literal(tape.next(5))),
                2 => Instr::Deallocate(tape.next(4)),
                3 => Instr::Call(tape.next(4), tape.next(n_functions + 1)),
                4 => Instr::Allocate(tape.next(3), tape.next(1100)),
                5 => Instr::CallExt(tape.next(3), tape.next(4)),
                _ => Instr::Return(),
            };
        }
    }
    module.exports = (0..n_functions).filter(|_| tape.chance(2)).collect();
    if tape.chance(2) {
        let function = tape.next(n_functions);
        let num_free = tape.next(arities[function as usize] + 2);
        module.funs.push(FunEntry { function, num_free });
    }
    let mut instr = 0;
    while tape.chance(2) && instr < code_len {
        module.lines.push(LineEntry { instr, line: tape.next(500), file: 0 });
        instr += 1 + tape.next(5);
    }
    module
}

/// Checks what must hold for any generated module: encoding and decoding do
/// not panic, a valid module comes back unchanged, and (since generated
/// pools are laid out in code order) its bytes break the same rule it does.
fn check_generated(module: &Module) -> Result<(), TestCaseError> {
    let verdict = verify(module);
    let decoded = decode(&encode(module));
    match (&verdict, &decoded) {
        (Ok(()), Ok(decoded)) => prop_assert_eq!(decoded, module),
        (Err(in_memory), Err(from_bytes)) => {
            prop_assert_eq!(in_memory.kind.to_string(), from_bytes.kind.to_string())
        }
        _ => prop_assert!(false, "verify says {:?} but decode says {:?}", verdict.err(), decoded.err()),
    }
    Ok(())
}

proptest! {
    #[test]
    fn generated_modules_roundtrip_or_fail_alike(values in vec(any::<u32>(), 0..200)) {
        let module = generate(&mut Tape { values, position: 0 });
        check_generated(&module)?;
    }
}

#[test]
fn the_generator_makes_valid_and_invalid_modules() {
    let mut state: u64 = 0x2545_f491_4f6c_dd1d;
    let mut n_valid = 0;
    let n_modules = 300;
    for _ in 0..n_modules {
        let values: Vec<u32> = (0..200)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u32
            })
            .collect();
        let module = generate(&mut Tape { values, position: 0 });
        if verify(&module).is_ok() {
            n_valid += 1;
        }
    }
    println!("{n_valid} of {n_modules} generated modules are valid");
    assert!(
        n_valid * 10 >= n_modules && n_valid * 10 <= n_modules * 9,
        "{n_valid} of {n_modules} generated modules are valid"
    );
}

// ---- damaged and random bytes ----

/// Decodes `bytes`; when that succeeds, the module must verify and re-encode
/// to bytes that decode to the same module.
fn decode_is_sound(bytes: &[u8]) -> Result<(), TestCaseError> {
    if let Ok(module) = decode(bytes) {
        prop_assert!(verify(&module).is_ok());
        prop_assert_eq!(decode(&encode(&module)).unwrap(), module);
    }
    Ok(())
}

#[test]
fn every_truncation_is_rejected() {
    let bytes = encode(&valid_sample());
    for length in 0..bytes.len() {
        assert!(decode(&bytes[..length]).is_err(), "a truncation to {length} bytes loaded");
    }
}

#[test]
fn every_truncation_of_a_malformed_case_is_handled() {
    for case in malformed_cases() {
        for length in 0..case.bytes.len() {
            decode_is_sound(&case.bytes[..length]).unwrap();
        }
    }
}

#[test]
fn every_single_bit_flip_is_handled() {
    let bytes = encode(&valid_sample());
    for position in 0..bytes.len() {
        for bit in 0..8 {
            let mut damaged = bytes.clone();
            damaged[position] ^= 1 << bit;
            decode_is_sound(&damaged).unwrap();
        }
    }
}

/// The offset and length of the code section's contents in well-formed bytes.
fn code_section(bytes: &[u8]) -> (usize, usize) {
    let mut position = HEADER_LEN;
    loop {
        let length = u32::from_le_bytes(bytes[position + 1..position + 5].try_into().unwrap()) as usize;
        if bytes[position] == 8 {
            return (position + 5, length);
        }
        position += 5 + length;
    }
}

proptest! {
    #[test]
    fn random_bytes_never_panic(bytes in vec(any::<u8>(), 0..300)) {
        decode_is_sound(&bytes)?;
    }

    #[test]
    fn random_bytes_after_a_good_header_never_panic(tail in vec(any::<u8>(), 0..300)) {
        let bytes = [&encode(&valid_sample())[..HEADER_LEN], &tail[..]].concat();
        decode_is_sound(&bytes)?;
    }

    #[test]
    fn random_overwrites_never_panic(changes in vec((any::<prop::sample::Index>(), any::<u8>()), 1..6)) {
        let mut bytes = encode(&valid_sample());
        for (position, value) in changes {
            let index = position.index(bytes.len());
            bytes[index] = value;
        }
        decode_is_sound(&bytes)?;
    }

    #[test]
    fn random_code_with_consistent_framing_never_panics(
        position in any::<prop::sample::Index>(),
        removed in 0usize..8,
        inserted in vec(any::<u8>(), 0..24),
    ) {
        // Splice random bytes into the code section and fix its length, so the
        // damage reaches the instruction decoder and the verifier.
        let bytes = encode(&valid_sample());
        let (start, length) = code_section(&bytes);
        let at = start + position.index(length);
        let removed = removed.min(start + length - at);
        let mut damaged = bytes.clone();
        damaged.splice(at..at + removed, inserted.iter().copied());
        let new_length = (length - removed + inserted.len()) as u32;
        damaged[start - 4..start].copy_from_slice(&new_length.to_le_bytes());
        decode_is_sound(&damaged)?;
    }
}
