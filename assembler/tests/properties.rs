//! Property tests: no input makes the assembler panic, whatever assembles
//! survives disassembly, and every literal tree reads back as written.

use girder_asm::{assemble, disassemble};
use girder_loader::{encode, Dst, Function, Instr, Label, Literal, Module, Src};
use num_bigint::{BigInt, Sign};
use proptest::prelude::*;
use std::path::Path;

fn sample_sources() -> Vec<String> {
    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/programs");
    let mut paths: Vec<_> = std::fs::read_dir(directory).unwrap().map(|entry| entry.unwrap().path()).collect();
    paths.sort();
    paths.into_iter().map(|path| std::fs::read_to_string(path).unwrap()).collect()
}

/// Assembles `source`; when it assembles, its disassembly must assemble to
/// the same module and bytes, and the rendered errors must mention the file.
fn assemble_checked(source: &str) {
    match assemble(source, "fuzz.gasm") {
        Ok(module) => {
            let text = disassemble(&module);
            let again = assemble(&text, "again.gasm")
                .unwrap_or_else(|errors| panic!("the disassembly does not assemble:\n{errors}\n{text}"));
            assert_eq!(again, module);
            assert_eq!(encode(&again), encode(&module));
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            let rendered = errors.to_string();
            assert!(rendered.starts_with("fuzz.gasm:"), "{rendered}");
        }
    }
}

/// Pieces of assembly syntax, so random text often gets past the lexer.
const FRAGMENTS: &[&str] = &[
    ".module m\n",
    ".function f/1\n",
    ".export f/1\n",
    ".line 3\n",
    "\n",
    "    ",
    "move ",
    "x0",
    "y0",
    ", ",
    "[",
    "]",
    "{",
    "}",
    "#{",
    " => ",
    "<<",
    ">>",
    "\"s\\n\"",
    "'q a'",
    "@l",
    "l:",
    "none",
    "ok",
    "42",
    "-7",
    "1.5e3",
    "16#ff",
    "$a",
    "|",
    "/",
    ":",
    "call 1, f/1",
    "return\n",
    "allocate 1, 1\n",
    "is_atom @l, x0\n",
    "select_val x0, @l, [1, @l]\n",
    "make_fun f/1, x0, [x1]\n",
    "gc_bif none, 1, erlang:'+'/2, [x0, 1], x0\n",
    "% comment\n",
    "x1024",
    "'",
    "\"",
    "\\",
    "\t",
    "é",
    "99999999999999999999999",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(source in "\\PC{0,200}") {
        assemble_checked(&source);
    }

    #[test]
    fn arbitrary_bytes_as_text_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        assemble_checked(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn random_fragments_never_panic(pieces in proptest::collection::vec(0..FRAGMENTS.len(), 0..60)) {
        let source: String = pieces.into_iter().map(|index| FRAGMENTS[index]).collect();
        assemble_checked(&source);
    }

    #[test]
    fn mutated_samples_never_panic(
        sample in any::<prop::sample::Index>(),
        mutations in proptest::collection::vec((0u8..5, any::<prop::sample::Index>(), any::<prop::sample::Index>(), "\\PC{0,4}"), 1..6),
    ) {
        let sources = sample_sources();
        let mut chars: Vec<char> = sample.get(&sources).chars().collect();
        for (operation, first, second, text) in mutations {
            if chars.is_empty() {
                break;
            }
            let at = first.index(chars.len());
            match operation {
                // Delete a short run.
                0 => {
                    let end = (at + 1 + second.index(8)).min(chars.len());
                    chars.drain(at..end);
                }
                // Insert random text.
                1 => {
                    chars.splice(at..at, text.chars());
                }
                // Insert a fragment of syntax.
                2 => {
                    chars.splice(at..at, FRAGMENTS[second.index(FRAGMENTS.len())].chars());
                }
                // Replace one character.
                3 => {
                    chars[at] = text.chars().next().unwrap_or(',');
                }
                // Copy a run elsewhere.
                _ => {
                    let end = (at + 1 + second.index(40)).min(chars.len());
                    let copied: Vec<char> = chars[at..end].to_vec();
                    let to = second.index(chars.len());
                    chars.splice(to..to, copied);
                }
            }
        }
        let source: String = chars.into_iter().collect();
        assemble_checked(&source);
    }
}

/// A literal whose atoms are still names, turned into a [`Literal`] once the
/// atom table is known.
#[derive(Clone, Debug)]
enum Term {
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Atom(String),
    Nil,
    List(Vec<Term>, Box<Term>),
    Tuple(Vec<Term>),
    Map(Vec<(Term, Term)>),
    Binary(Vec<u8>),
    /// The first bits of the bytes: their count.
    Bitstring(Vec<u8>, u64),
}

impl Term {
    /// The literal, interning atoms into `atoms` in depth-first order (the
    /// order the assembler numbers them in).
    fn to_literal(&self, atoms: &mut Vec<String>) -> Literal {
        match self {
            Term::Int(value) => Literal::Int(*value),
            Term::BigInt(value) => Literal::BigInt(value.clone()),
            Term::Float(value) => Literal::Float(*value),
            Term::Atom(name) => {
                let index = atoms.iter().position(|atom| atom == name).unwrap_or_else(|| {
                    atoms.push(name.clone());
                    atoms.len() - 1
                });
                Literal::Atom(u32::try_from(index).unwrap())
            }
            Term::Nil => Literal::Nil,
            Term::List(elements, tail) => {
                let elements = elements.iter().map(|element| element.to_literal(atoms)).collect();
                Literal::List(elements, Box::new(tail.to_literal(atoms)))
            }
            Term::Tuple(elements) => Literal::Tuple(elements.iter().map(|element| element.to_literal(atoms)).collect()),
            Term::Map(pairs) => Literal::Map(
                pairs.iter().map(|(key, value)| (key.to_literal(atoms), value.to_literal(atoms))).collect(),
            ),
            Term::Binary(bytes) => Literal::Binary(bytes.clone()),
            Term::Bitstring(bytes, size) => Literal::bitstring(bytes.clone(), *size),
        }
    }
}

fn atom_name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z][a-zA-Z0-9_@]{0,8}",
        "\\PC{1,12}",
        "[\\x00-\\x7f]{1,6}",
        Just("x0".to_string()),
        Just("y12".to_string()),
        Just("none".to_string()),
        Just("and".to_string()),
        Just("EXIT".to_string()),
    ]
}

fn big_integer() -> impl Strategy<Value = BigInt> {
    (any::<bool>(), proptest::collection::vec(any::<u32>(), 2..5), 1u32..).prop_map(|(negative, mut digits, top)| {
        // A non-zero digit above the first 64 bits keeps it out of i64's range.
        digits.push(top);
        BigInt::from_slice(if negative { Sign::Minus } else { Sign::Plus }, &digits)
    })
}

fn leaf() -> impl Strategy<Value = Term> {
    prop_oneof![
        any::<i64>().prop_map(Term::Int),
        (-300i64..300).prop_map(Term::Int),
        big_integer().prop_map(Term::BigInt),
        any::<f64>().prop_filter("finite", |value| value.is_finite()).prop_map(Term::Float),
        Just(Term::Float(-0.0)),
        atom_name().prop_map(Term::Atom),
        Just(Term::Nil),
        proptest::collection::vec(any::<u8>(), 0..8).prop_map(Term::Binary),
        "[ -~]{0,8}".prop_map(|text| Term::Binary(text.into_bytes())),
        (proptest::collection::vec(any::<u8>(), 1..8), 1u64..=7)
            .prop_map(|(bytes, bits)| Term::Bitstring(bytes.clone(), 8 * (bytes.len() as u64 - 1) + bits)),
        ("[ -~]{1,8}", 1u64..=7).prop_map(|(text, bits)| {
            let size = 8 * (text.len() as u64 - 1) + bits;
            Term::Bitstring(text.into_bytes(), size)
        }),
    ]
}

fn term() -> impl Strategy<Value = Term> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        // A list's tail is never itself a list: the assembler reads `[a | [b]]` as `[a, b]`.
        let tail =
            prop_oneof![Just(Term::Nil), leaf().prop_filter("not a list", |tail| !matches!(tail, Term::List(..)))];
        prop_oneof![
            (proptest::collection::vec(inner.clone(), 1..5), tail)
                .prop_map(|(elements, tail)| Term::List(elements, Box::new(tail))),
            proptest::collection::vec((32i64..127).prop_map(Term::Int), 1..8)
                .prop_map(|codes| Term::List(codes, Box::new(Term::Nil))),
            proptest::collection::vec(inner.clone(), 0..5).prop_map(Term::Tuple),
            proptest::collection::vec((inner.clone(), inner), 0..4).prop_map(Term::Map),
        ]
    })
}

/// A one-function module that loads `term` (inside a one-tuple, so it is
/// always in the literal table) and returns.
fn module_with(term: &Term) -> Module {
    let mut atoms = vec!["m".to_string(), "f".to_string()];
    let literal = Literal::Tuple(vec![term.to_literal(&mut atoms)]);
    Module {
        atoms,
        literals: vec![literal],
        functions: vec![Function { name: 1, arity: 0, entry: Label(0), end: 2 }],
        code: vec![Instr::Move(Src::literal(0), Dst::X(0)), Instr::Return()],
        ..Module::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn literals_print_and_read_back_identically(term in term()) {
        let module = module_with(&term);
        let text = disassemble(&module);
        let again = assemble(&text, "literal.gasm")
            .unwrap_or_else(|errors| panic!("the literal does not read back:\n{errors}\n{text}"));
        prop_assert_eq!(&again, &module, "{}", text);
        prop_assert_eq!(encode(&again), encode(&module), "{}", text);
    }
}
