//! Property and stress tests of the external term format
//! (`girder_vm::term::ext`): encoding then decoding gives back an equal
//! term, for generated terms, on this node and across nodes; decoding any
//! bytes never panics; a million levels of nesting go both ways without
//! running out of Rust stack.

use girder_vm::code::{CodeServer, NoModules};
use girder_vm::memory::heap::Heap;
use girder_vm::term::bigint::integer_from_bigint;
use girder_vm::term::build;
use girder_vm::term::compare::exact_eq;
use girder_vm::term::ext::{self, DecodeErrorKind, NodeId};
use girder_vm::term::map::map_from_pairs;
use girder_vm::term::print::{term_to_string, Style};
use girder_vm::term::{Atom, BoxKind, Term, SMALL_MAX, SMALL_MIN};
use num_bigint::BigInt;
use proptest::prelude::*;
use std::sync::OnceLock;

/// A module with two funs: `'-main/1-fun-0-'/1` (no free variables) and
/// `'-main/1-fun-1-'/3` (two free variables, one argument).
const FUNS: &str = r#"
.module ext_format_funs
.export main/1

.function main/1
    test_heap 3, 1
    make_fun '-main/1-fun-0-'/1, x1, []
    make_fun '-main/1-fun-1-'/3, x0, [x0, x1]
    return

.function '-main/1-fun-0-'/1
    return

.function '-main/1-fun-1-'/3
    return
"#;

/// A code server with [`FUNS`] loaded, and that module's index.
fn code() -> &'static (CodeServer, u32) {
    static CODE: OnceLock<(CodeServer, u32)> = OnceLock::new();
    CODE.get_or_init(|| {
        let code = CodeServer::new(Box::new(NoModules));
        let module = girder_asm::assemble(FUNS, "ext_format_funs.gasm").expect("assembles");
        let index = code.load(module).expect("loads").index;
        (code, index)
    })
}

fn funs_module() -> Atom {
    Atom::intern("ext_format_funs").unwrap()
}

/// The node the tests run as: the VM's own identity (no test here changes
/// it), which local pids and references compare as belonging to.
fn here() -> NodeId {
    girder_vm::term::this_node_id()
}

fn there() -> NodeId {
    NodeId { name: Atom::intern("there@host").unwrap(), creation: 9 }
}

/// A term's shape, built onto a heap by [`Shape::build`].
#[derive(Clone, Debug)]
enum Shape {
    Small(i64),
    Big(BigInt),
    Float(f64),
    Atom(&'static str),
    Nil,
    Pid(u32, u32),
    Ref(u64),
    ExternalPid(bool, u32, u32),
    ExternalRef(bool, Vec<u32>),
    Binary(Vec<u8>),
    Text(String),
    Tuple(Vec<Shape>),
    List(Vec<Shape>, Option<Box<Shape>>),
    Map(Vec<(Shape, Shape)>),
    /// Fun 0 (no free variables) or fun 1 with these two.
    Fun(Option<Box<(Shape, Shape)>>),
}

impl Shape {
    fn build(&self, heap: &mut Heap) -> Term {
        match self {
            Shape::Small(value) => Term::small(*value).unwrap(),
            Shape::Big(value) => integer_from_bigint(heap, value),
            Shape::Float(value) => build::float(heap, *value),
            Shape::Atom(name) => Term::atom(Atom::intern(name).unwrap()),
            Shape::Nil => Term::NIL,
            Shape::Pid(id, serial) => Term::pid_of(*id, *serial),
            Shape::Ref(number) => build::reference(heap, *number),
            Shape::ExternalPid(other, id, serial) => {
                build::external_pid(heap, if *other { there() } else { here() }, *id, *serial)
            }
            Shape::ExternalRef(other, numbers) => {
                build::external_ref(heap, if *other { there() } else { here() }, numbers)
            }
            Shape::Binary(bytes) => build::binary(heap, bytes),
            Shape::Text(text) => build::string(heap, text),
            Shape::Tuple(elements) => {
                let elements: Vec<Term> = elements.iter().map(|element| element.build(heap)).collect();
                build::tuple(heap, &elements)
            }
            Shape::List(elements, tail) => {
                let elements: Vec<Term> = elements.iter().map(|element| element.build(heap)).collect();
                let tail = tail.as_ref().map_or(Term::NIL, |tail| tail.build(heap));
                build::list_from_slice_with_tail(heap, &elements, tail)
            }
            Shape::Map(pairs) => {
                let pairs: Vec<(Term, Term)> =
                    pairs.iter().map(|(key, value)| (key.build(heap), value.build(heap))).collect();
                map_from_pairs(heap, pairs)
            }
            Shape::Fun(free) => {
                let index = code().1;
                match free {
                    None => build::fun(heap, index, 0, funs_module(), &[]),
                    Some(pair) => {
                        let free = [pair.0.build(heap), pair.1.build(heap)];
                        build::fun(heap, index, 1, funs_module(), &free)
                    }
                }
            }
        }
    }
}

fn leaf() -> impl Strategy<Value = Shape> {
    let edges = prop_oneof![Just(0i64), Just(255), Just(256), Just(-1), Just(SMALL_MAX), Just(SMALL_MIN)];
    let big_edges = prop_oneof![
        Just(BigInt::from(SMALL_MAX) + 1),
        Just(BigInt::from(SMALL_MIN) - 1),
        Just(BigInt::from(i64::MIN)),
        Just(BigInt::from(u64::MAX)),
        Just(-(BigInt::from(1) << 2100usize)),
    ];
    prop_oneof![
        edges.prop_map(Shape::Small),
        any::<i32>().prop_map(|value| Shape::Small(value as i64)),
        (SMALL_MIN..=SMALL_MAX).prop_map(Shape::Small),
        big_edges.prop_map(Shape::Big),
        (any::<u64>(), any::<u64>(), any::<bool>()).prop_map(|(high, low, negative)| {
            let value = (BigInt::from(high) << 64usize) + low;
            Shape::Big(if negative { -value } else { value })
        }),
        any::<f64>().prop_filter("finite", |value| value.is_finite()).prop_map(Shape::Float),
        prop::sample::select(vec!["ok", "a", "EXIT", "hello world", "", "é", "\u{20ac}", "λx"]).prop_map(Shape::Atom),
        Just(Shape::Nil),
        (0u32..(1 << 28), any::<u32>()).prop_map(|(id, serial)| Shape::Pid(id, serial)),
        any::<u64>().prop_map(Shape::Ref),
        (any::<bool>(), any::<u32>(), any::<u32>())
            .prop_map(|(other, id, serial)| Shape::ExternalPid(other, id, serial)),
        (any::<bool>(), prop::collection::vec(any::<u32>(), 1..=5))
            .prop_map(|(other, numbers)| Shape::ExternalRef(other, numbers)),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(Shape::Binary),
        "\\PC{0,8}".prop_map(Shape::Text),
        prop::collection::vec(any::<u8>(), 1..10)
            .prop_map(|bytes| Shape::Text(bytes.into_iter().map(char::from).collect())),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Shape::Tuple),
            (prop::collection::vec(inner.clone(), 0..8), prop::option::of(inner.clone()))
                .prop_map(|(elements, tail)| Shape::List(elements, tail.map(Box::new))),
            prop::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Shape::Map),
            prop::option::of((inner.clone(), inner)).prop_map(|free| Shape::Fun(free.map(Box::new))),
        ]
    })
}

fn show(term: Term) -> String {
    term_to_string(term, Style::Write)
}

/// Encodes `term` as node `writer` and decodes it as node `reader`. On one
/// node the result is equal and re-encodes to the same bytes; across nodes,
/// sending the result back to the writer gives the original term (local
/// pids and references come home as local ones).
fn check_round_trip(term: Term, writer: &NodeId, reader: &NodeId) {
    let code = &code().0;
    let bytes = ext::to_vec(term, writer, code).unwrap();
    let decoded = ext::decode(&bytes, reader, code).unwrap_or_else(|error| panic!("{error} in {}", show(term)));
    assert_eq!(decoded.consumed, bytes.len());
    if let Some(block) = &decoded.block {
        if decoded.term.is_pointer() {
            assert!(block.contains(decoded.term.ptr()));
        }
    }
    let again = ext::to_vec(decoded.term, reader, code).unwrap();
    if writer == reader {
        assert!(exact_eq(decoded.term, term), "{} came back as {}", show(term), show(decoded.term));
        assert_eq!(again, bytes, "{} re-encodes differently", show(term));
    } else {
        let home = ext::decode(&again, writer, code).unwrap();
        assert!(exact_eq(home.term, term), "{} came home as {}", show(term), show(home.term));
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn encoding_then_decoding_gives_an_equal_term(shape in shape()) {
        let mut heap = Heap::new(16);
        let term = shape.build(&mut heap);
        check_round_trip(term, &here(), &here());
        // Read on another node: local pids and references become external
        // ones, and still encode to the same bytes.
        check_round_trip(term, &here(), &there());
        let mut options = ext::EncodeOptions::TERM_TO_BINARY;
        let mut latin1 = Vec::new();
        ext::encode_with(term, &here(), &code().0, options, &mut latin1).unwrap();
        let decoded = ext::decode(&latin1, &here(), &code().0).unwrap();
        prop_assert!(exact_eq(decoded.term, term));
        options.version = false;
        let mut body = Vec::new();
        ext::encode_with(term, &here(), &code().0, options, &mut body).unwrap();
        prop_assert_eq!(&body[..], &latin1[1..]);
        let decoded = ext::decode_body(&body, &here(), &code().0).unwrap();
        prop_assert!(exact_eq(decoded.term, term));
    }

    #[test]
    fn decoding_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
        let mut input = vec![131];
        input.extend_from_slice(&bytes);
        let _ = ext::decode(&input, &here(), &code().0);
        let _ = ext::decode(&bytes, &here(), &code().0);
    }

    #[test]
    fn decoding_mutated_terms_never_panics(
        shape in shape(),
        edits in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6),
    ) {
        let mut heap = Heap::new(16);
        let term = shape.build(&mut heap);
        let mut bytes = ext::to_vec(term, &here(), &code().0).unwrap();
        for (at, byte, how) in edits {
            let position = at.index(bytes.len());
            match how {
                0 => bytes[position] = byte,
                1 => bytes.insert(position, byte),
                _ => bytes.truncate(position),
            }
            if bytes.is_empty() {
                break;
            }
        }
        if let Ok(decoded) = ext::decode(&bytes, &here(), &code().0) {
            // Whatever decodes is a well-formed term: it prints and encodes.
            let _ = show(decoded.term);
            prop_assert!(ext::to_vec(decoded.term, &here(), &code().0).is_ok());
            prop_assert!(decoded.consumed <= bytes.len());
        }
    }
}

#[test]
fn pids_and_refs_are_local_exactly_on_their_own_node() {
    let mut heap = Heap::new(16);
    let pid = Term::pid_of(77, 5);
    let reference = build::reference(&mut heap, 123_456_789_012);
    let pair = build::tuple(&mut heap, &[pid, reference]);
    let code = &code().0;
    let bytes = ext::to_vec(pair, &here(), code).unwrap();
    let local = ext::decode(&bytes, &here(), code).unwrap();
    let elements = local.term.as_tuple().unwrap();
    assert_eq!(elements[0], pid);
    assert!(elements[1].is_box_of(BoxKind::Ref));
    assert!(exact_eq(local.term, pair));
    // Written by another node, the same numbers are that node's pid and reference.
    let foreign = ext::to_vec(pair, &there(), code).unwrap();
    let remote = ext::decode(&foreign, &here(), code).unwrap();
    let elements = remote.term.as_tuple().unwrap();
    assert!(elements[0].is_box_of(BoxKind::ExternalPid) && elements[0].is_pid());
    assert!(elements[1].is_box_of(BoxKind::ExternalRef) && elements[1].is_reference());
    assert!(!exact_eq(remote.term, pair), "another node's pid is not ours");
    let parts = build::pid_parts(elements[0]).unwrap();
    assert_eq!((parts.node, parts.id, parts.serial, parts.local), (there(), 77, 5, false));
    let parts = build::ref_parts(elements[1]).unwrap();
    assert_eq!(parts.node, there());
    assert_eq!(parts.numbers(), &build::local_ref_numbers(123_456_789_012)[..]);
    let text = show(remote.term);
    assert!(text.starts_with("{<") && !text.starts_with("{<0.") && text.contains(".77.5>,#Ref<"), "{text}");
    // An earlier incarnation of this node (another creation) is another node too.
    let old_self = NodeId { creation: here().creation + 1, ..here() };
    let old = ext::decode(&ext::to_vec(pair, &old_self, code).unwrap(), &here(), code).unwrap();
    assert!(old.term.as_tuple().unwrap()[0].is_box_of(BoxKind::ExternalPid));
    assert!(!exact_eq(old.term, pair));
    // Our own pid, read by another node, keeps our identity.
    let abroad = ext::decode(&bytes, &there(), code).unwrap();
    let parts = build::pid_parts(abroad.term.as_tuple().unwrap()[0]).unwrap();
    assert_eq!((parts.node, parts.local), (here(), false));
}

#[test]
fn funs_round_trip_through_the_code_server() {
    let mut heap = Heap::new(16);
    let (code, index) = code();
    let free = [Term::small(1).unwrap(), build::string(&mut heap, "env")];
    let fun = build::fun(&mut heap, *index, 1, funs_module(), &free);
    let bytes = ext::to_vec(fun, &here(), code).unwrap();
    assert_eq!(bytes[1], ext::tag::NEW_FUN);
    assert_eq!(u32::from_be_bytes(bytes[2..6].try_into().unwrap()) as usize, bytes.len() - 2, "the size field");
    assert_eq!(bytes[6], 1, "the fun's arity: its function's arity less its free variables");
    let decoded = ext::decode(&bytes, &there(), code).unwrap();
    assert!(exact_eq(decoded.term, fun));
    assert_eq!(show(decoded.term), show(fun));
    // Another module version (a different uniq) or a missing module is refused.
    let mut changed = bytes.clone();
    changed[8] ^= 1;
    let error = ext::decode(&changed, &here(), code).unwrap_err();
    assert!(matches!(error.kind, DecodeErrorKind::UnknownFun { .. }), "{error}");
    assert_eq!(error.offset, 1);
    let other = CodeServer::new(Box::new(NoModules));
    let error = ext::decode(&bytes, &here(), &other).unwrap_err();
    assert!(error.to_string().contains("no such module"), "{error}");
    assert!(ext::to_vec(fun, &here(), &other).is_err(), "a fun of a module the code server lacks");
}

/// A term nested `depth` deep, alternating tuples, lists and maps.
fn deeply_nested(heap: &mut Heap, depth: usize) -> Term {
    let mut term = Term::NIL;
    for level in 0..depth {
        term = match level % 3 {
            0 => build::tuple(heap, &[term]),
            1 => build::list_from_slice(heap, &[term, Term::small(level as i64).unwrap()]),
            _ => map_from_pairs(heap, vec![(Term::small(1).unwrap(), term)]),
        };
    }
    term
}

#[test]
fn a_million_levels_encode_and_decode_without_stack_overflow() {
    let mut heap = Heap::new(16);
    let term = deeply_nested(&mut heap, 1_000_000);
    let code = &code().0;
    let bytes = ext::to_vec(term, &here(), code).unwrap();
    let decoded = ext::decode(&bytes, &here(), code).unwrap();
    assert!(exact_eq(decoded.term, term));
    // Input that only opens tuples: an error at the end, not a crash.
    let mut opening = vec![131];
    opening.extend(std::iter::repeat_n([104u8, 1], 1_000_000).flatten());
    let error = ext::decode(&opening, &here(), code).unwrap_err();
    assert_eq!(error.offset, opening.len());
    assert!(matches!(error.kind, DecodeErrorKind::Truncated { .. }));
}

#[test]
fn long_lists_and_strings() {
    let mut heap = Heap::new(16);
    let code = &code().0;
    let elements: Vec<Term> = (0..200_000).map(|value| Term::small(value % 256).unwrap()).collect();
    let long = build::list_from_slice(&mut heap, &elements);
    let bytes = ext::to_vec(long, &here(), code).unwrap();
    assert_eq!(bytes[1], ext::tag::LIST, "a string of 65,536 bytes or more is a list");
    assert!(exact_eq(ext::decode(&bytes, &here(), code).unwrap().term, long));
    let short = build::list_from_slice(&mut heap, &elements[..65_535]);
    let bytes = ext::to_vec(short, &here(), code).unwrap();
    assert_eq!(bytes[1], ext::tag::STRING);
    assert!(exact_eq(ext::decode(&bytes, &here(), code).unwrap().term, short));
}
