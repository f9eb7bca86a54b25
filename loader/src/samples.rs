//! Sample modules for tests: one valid module, and a table of malformed byte
//! strings with the error each must produce.
//!
//! Everything here is built in code from small modules: no binary blobs are
//! checked in. `spec/BYTECODE.md` lists every malformed case by name, and a
//! test keeps the two in agreement.

use crate::decode::decode_unverified;
use crate::encode::encode;
use crate::format::{literal_tag, Section, HEADER_LEN, MAX_LITERAL_DEPTH};
use crate::module::{
    Cases, Dst, Fail, FunEntry, Function, Import, Instr, KeyDsts, KeyVals, Label, LineEntry, Literal, Module, Span,
    Src, Srcs, Ys,
};
use crate::varint::write_u32;
use num_bigint::BigInt;

/// One malformed input: bytes that must not load, and the rule they break.
#[derive(Clone, Debug)]
pub struct MalformedCase {
    /// A short `snake_case` name, listed in `spec/BYTECODE.md`.
    pub name: &'static str,
    /// How the valid bytes were damaged, in a few words.
    pub description: &'static str,
    /// The damaged bytes.
    pub bytes: Vec<u8>,
    /// Text the error's message must contain.
    pub message: String,
}

/// Builds a module in code order, keeping its pools in the order the
/// verifier expects.
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) module: Module,
}

impl Builder {
    /// A builder whose atom 0 is the module's name.
    pub(crate) fn new(name: &str) -> Builder {
        let mut builder = Builder::default();
        builder.atom(name);
        builder
    }

    /// The index of atom `name`, added if new.
    pub(crate) fn atom(&mut self, name: &str) -> u32 {
        let atoms = &mut self.module.atoms;
        let index = atoms.iter().position(|atom| atom == name).unwrap_or_else(|| {
            atoms.push(name.to_string());
            atoms.len() - 1
        });
        index as u32
    }

    /// A source naming a new literal.
    pub(crate) fn literal(&mut self, literal: Literal) -> Src {
        self.module.literals.push(literal);
        Src::literal(self.module.literals.len() as u32 - 1)
    }

    /// The index of a new import.
    pub(crate) fn import(&mut self, module: &str, function: &str, arity: u32) -> u32 {
        let import = Import { module: self.atom(module), function: self.atom(function), arity };
        self.module.imports.push(import);
        self.module.imports.len() as u32 - 1
    }

    fn span<T>(pool: &mut Vec<T>, items: &[T]) -> Span
    where
        T: Copy,
    {
        let start = pool.len() as u32;
        pool.extend_from_slice(items);
        Span { start, len: items.len() as u32 }
    }

    /// A new `Srcs` operand.
    pub(crate) fn srcs(&mut self, items: &[Src]) -> Srcs {
        Srcs(Self::span(&mut self.module.src_pool, items))
    }

    /// A new `Ys` operand.
    pub(crate) fn ys(&mut self, items: &[u32]) -> Ys {
        Ys(Self::span(&mut self.module.y_pool, items))
    }

    /// A new `Cases` operand.
    pub(crate) fn cases(&mut self, items: &[(Src, Label)]) -> Cases {
        Cases(Self::span(&mut self.module.case_pool, items))
    }

    /// A new `KeyVals` operand.
    pub(crate) fn key_vals(&mut self, items: &[(Src, Src)]) -> KeyVals {
        KeyVals(Self::span(&mut self.module.key_val_pool, items))
    }

    /// A new `KeyDsts` operand.
    pub(crate) fn key_dsts(&mut self, items: &[(Src, Dst)]) -> KeyDsts {
        KeyDsts(Self::span(&mut self.module.key_dst_pool, items))
    }

    /// Appends a function; `body` gets the builder and a function turning an
    /// instruction number within the function into a label.
    pub(crate) fn function(
        &mut self,
        name: &str,
        arity: u32,
        body: impl FnOnce(&mut Builder, &dyn Fn(u32) -> Label) -> Vec<Instr>,
    ) -> u32 {
        let name = self.atom(name);
        let entry = self.module.code.len() as u32;
        let code = body(self, &|offset| Label(entry + offset));
        self.module.code.extend(code);
        self.module.functions.push(Function { name, arity, entry: Label(entry), end: self.module.code.len() as u32 });
        self.module.functions.len() as u32 - 1
    }
}

fn x(index: u32) -> Src {
    Src::x(index)
}

fn y(index: u32) -> Src {
    Src::y(index)
}

fn int(value: i64) -> Src {
    Src::int(value).unwrap_or(Src::x(0))
}

/// A small valid module using most instructions and every operand kind.
///
/// It has ten functions (`main/1` and `recv/0` are exported), a fun, a line
/// table, literals of every shape, imports of external functions and BIFs,
/// frames with `allocate`/`trim`/`deallocate`, `try`/`catch` handlers, jump
/// tables and a receive loop. It passes [`verify`](crate::verify) and
/// survives [`encode`] and [`decode`](crate::decode) unchanged.
pub fn valid_sample() -> Module {
    // Function indices, fixed by the order the functions are added below.
    const LOOP: u32 = 1;

    let mut b = Builder::new("sample");
    let ok = b.atom("ok");
    let error = b.atom("error");
    let tuple = b.literal(Literal::Tuple(vec![Literal::Atom(ok), Literal::Int(1), Literal::Float(2.5)]));
    let list = b.literal(Literal::List(vec![Literal::Int(1), Literal::Int(-2)], Box::new(Literal::Nil)));
    let map = b.literal(Literal::Map(vec![(Literal::Atom(ok), Literal::Binary(b"hi".to_vec()))]));
    let big = b.literal(Literal::BigInt(BigInt::from(1u8) << 70));
    let improper = b.literal(Literal::List(vec![Literal::Atom(error)], Box::new(Literal::Atom(ok))));
    let ok_literal = b.literal(Literal::Atom(ok));
    let nil = b.literal(Literal::Nil);
    let plus = b.import("erlang", "+", 2);
    let reverse = b.import("lists", "reverse", 1);
    let exact_eq = b.import("erlang", "=:=", 2);
    let display = b.import("erlang", "display", 1);

    let main = b.function("main", 1, |b, at| {
        vec![
            Instr::Allocate(2, 1),
            Instr::InitYregs(b.ys(&[1])),
            Instr::Move(x(0), Dst::Y(0)),
            Instr::GcBif(Fail::NONE, 1, plus, b.srcs(&[x(0), int(1)]), Dst::X(1)),
            Instr::Bif(Fail::to(at(11)), exact_eq, b.srcs(&[x(1), tuple]), Dst::X(2)),
            Instr::TestHeap(5, 3),
            Instr::PutTuple2(Dst::X(2), b.srcs(&[x(0), y(0), int(42)])),
            Instr::IsTuple(at(11), x(2)),
            Instr::SelectTupleArity(x(2), at(11), b.cases(&[(int(3), at(9))])),
            Instr::Call(1, LOOP),
            Instr::PutMapAssoc(Fail::NONE, map, Dst::X(0), 1, b.key_vals(&[(ok_literal, y(0))])),
            Instr::MakeFun(0, Dst::X(1), b.srcs(&[y(0)])),
            Instr::GetMapElements(at(14), map, b.key_dsts(&[(ok_literal, Dst::X(3))])),
            Instr::IsTaggedTuple(at(14), tuple, 3, ok),
            Instr::Try(1, at(18)),
            Instr::CallExt(1, reverse),
            Instr::TryEnd(1),
            Instr::Jump(at(19)),
            Instr::TryCase(1),
            Instr::Deallocate(2),
            Instr::CallOnly(1, LOOP),
        ]
    });
    let loop_entry = b.module.code.len() as u32;
    b.function("loop", 1, |b, at| {
        vec![
            Instr::IsNonemptyList(at(3), x(0)),
            Instr::GetTl(x(0), Dst::X(0)),
            Instr::CallOnly(1, LOOP),
            Instr::SelectVal(x(0), at(6), b.cases(&[(ok_literal, at(4)), (int(0), at(5))])),
            Instr::Return(),
            Instr::CallExtOnly(1, display),
            Instr::Badmatch(improper),
        ]
    });
    let fun_function = b.function("-main/1-fun-0-", 2, |_, _| {
        vec![Instr::Allocate(0, 2), Instr::CallExt(2, plus), Instr::Deallocate(0), Instr::Return()]
    });
    let recv_entry = b.module.code.len() as u32;
    let recv = b.function("recv", 0, |_, at| {
        vec![
            Instr::LoopRec(at(5), Dst::X(0)),
            Instr::IsEqExact(at(4), x(0), ok_literal),
            Instr::RemoveMessage(),
            Instr::Return(),
            Instr::LoopRecEnd(at(0)),
            Instr::WaitTimeout(at(0), int(1000)),
            Instr::Timeout(),
            Instr::Move(ok_literal, Dst::X(0)),
            Instr::Return(),
        ]
    });
    b.function("misc", 2, |_, at| {
        vec![
            Instr::AllocateHeap(3, 10, 2),
            Instr::Catch(2, at(3)),
            Instr::Apply(0),
            Instr::CatchEnd(2),
            Instr::Move(x(0), Dst::Y(1)),
            Instr::Trim(1, 2),
            Instr::CallFun(0),
            Instr::Move(y(0), Dst::X(1)),
            Instr::CallFunLast(1, 2),
        ]
    });
    b.function("tail", 1, |_, at| {
        vec![
            Instr::Allocate(1, 1),
            Instr::Move(x(0), Dst::Y(0)),
            Instr::Call(1, LOOP),
            Instr::IsNil(at(5), x(0)),
            Instr::CallExtLast(1, reverse, 1),
            Instr::Move(y(0), Dst::X(0)),
            Instr::CallLast(1, LOOP, 1),
        ]
    });
    b.function("err", 2, |b, at| {
        vec![
            Instr::IsAtom(at(2), x(0)),
            Instr::Raise(x(0), x(1)),
            Instr::IsInteger(at(4), x(0)),
            Instr::CaseEnd(x(0)),
            Instr::IsMap(at(7), x(0)),
            Instr::HasMapFields(at(7), x(0), b.srcs(&[ok_literal])),
            Instr::TryCaseEnd(x(0)),
            Instr::IfEnd(),
        ]
    });
    b.function("fi", 0, |_, _| vec![Instr::FuncInfo()]);
    let data_entry = b.module.code.len() as u32;
    b.function("data", 1, |b, at| {
        vec![
            Instr::TestHeap(4, 1),
            Instr::PutList(x(0), nil, Dst::X(1)),
            Instr::GetHd(x(1), Dst::X(2)),
            Instr::PutTuple2(Dst::X(3), b.srcs(&[x(2), int(7)])),
            Instr::SetTupleElement(ok_literal, x(3), 0),
            Instr::GetTupleElement(x(3), 1, Dst::X(0)),
            Instr::TestArity(at(9), x(3), 2),
            Instr::IsFunction2(at(9), x(1), int(2)),
            Instr::Send(),
            Instr::PutMapExact(Fail::to(at(10)), map, Dst::X(0), 1, b.key_vals(&[(ok_literal, int(5))])),
            Instr::IsLt(at(12), x(0), int(10)),
            Instr::Return(),
            Instr::BuildStacktrace(),
            Instr::Return(),
        ]
    });
    b.function("app", 2, |_, _| vec![Instr::Allocate(0, 2), Instr::ApplyLast(0, 0)]);
    b.function("types", 1, |_, at| {
        vec![
            Instr::IsFloat(at(2), x(0)),
            Instr::Return(),
            Instr::IsPid(at(4), x(0)),
            Instr::Return(),
            Instr::IsBinary(at(6), x(0)),
            Instr::Return(),
            Instr::IsGe(at(8), x(0), big),
            Instr::Return(),
            Instr::IsEq(at(11), x(0), list),
            Instr::GetList(x(0), Dst::X(1), Dst::X(0)),
            Instr::Return(),
            Instr::IsReference(at(13), x(0)),
            Instr::Return(),
            Instr::Move(int(1), Dst::X(1)),
            Instr::Swap(Dst::X(0), Dst::X(1)),
            Instr::Return(),
        ]
    });

    b.function("floats", 1, |_, at| {
        vec![
            Instr::Fconv(x(0), 0),
            Instr::Fload(tuple, 1),
            Instr::Fadd(0, 1, 2),
            Instr::IsInteger(at(5), x(0)),
            Instr::Fdiv(2, 0, 2),
            Instr::Fnegate(2, 3),
            Instr::TestHeap(2, 0),
            Instr::Fstore(3, Dst::X(0)),
            Instr::Return(),
        ]
    });

    let mut module = b.module;
    module.exports = vec![main, recv];
    module.funs = vec![FunEntry { function: fun_function, num_free: 1 }];
    module.lines = vec![
        LineEntry { instr: 0, line: 10, file: 0 },
        LineEntry { instr: loop_entry, line: 20, file: 0 },
        LineEntry { instr: recv_entry, line: 30, file: 0 },
        LineEntry { instr: data_entry, line: 40, file: 0 },
    ];
    module
}

/// The small valid module every malformed case damages.
///
/// Its code, which the cases below patch byte by byte:
///
/// ```text
/// main/1:  0: move x0, x1
///          1: gc_bif none, 2, erlang:'+'/2, [x0, x1], x0
///          2: is_integer @4, x0
///          3: return
///          4: move {ok, 1, 0.5}, x0
///          5: return
/// other/0: 6: move 1, x0
///          7: return
/// ```
fn malformed_base() -> Module {
    let mut b = Builder::new("bad");
    let ok = b.atom("ok");
    let tuple = b.literal(Literal::Tuple(vec![Literal::Atom(ok), Literal::Int(1), Literal::Float(0.5)]));
    let plus = b.import("erlang", "+", 2);
    let main = b.function("main", 1, |b, at| {
        vec![
            Instr::Move(x(0), Dst::X(1)),
            Instr::GcBif(Fail::NONE, 2, plus, b.srcs(&[x(0), x(1)]), Dst::X(0)),
            Instr::IsInteger(at(4), x(0)),
            Instr::Return(),
            Instr::Move(tuple, Dst::X(0)),
            Instr::Return(),
        ]
    });
    b.function("other", 0, |_, _| vec![Instr::Move(int(1), Dst::X(0)), Instr::Return()]);
    b.module.exports = vec![main];
    b.module
}

/// Where a section lies in well-formed bytes: its id byte and its contents.
struct SectionBounds {
    id_offset: usize,
    start: usize,
    end: usize,
}

/// Finds a section by walking the framing of well-formed bytes.
fn section_bounds(bytes: &[u8], wanted: Section) -> SectionBounds {
    let mut position = HEADER_LEN;
    for section in Section::IN_ORDER {
        let length_bytes: [u8; 4] = bytes[position + 1..position + 5].try_into().unwrap_or_default();
        let start = position + 5;
        let end = start + u32::from_le_bytes(length_bytes) as usize;
        if section == wanted {
            return SectionBounds { id_offset: position, start, end };
        }
        position = end;
    }
    SectionBounds { id_offset: position, start: position, end: position }
}

/// Replaces `remove` bytes at `at` (inside `section`) with `insert`, fixing
/// the section's length field.
fn splice(bytes: &[u8], section: Section, at: usize, remove: usize, insert: &[u8]) -> Vec<u8> {
    let bounds = section_bounds(bytes, section);
    let new_length = (bounds.end - bounds.start - remove + insert.len()) as u32;
    let mut out = bytes.to_vec();
    out.splice(at..at + remove, insert.iter().copied());
    out[bounds.id_offset + 1..bounds.id_offset + 5].copy_from_slice(&new_length.to_le_bytes());
    out
}

/// A copy of `bytes` with the byte at `at` replaced.
fn with_byte(bytes: &[u8], at: usize, value: u8) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[at] = value;
    out
}

fn varint(value: u32) -> Vec<u8> {
    let mut out = Vec::new();
    write_u32(&mut out, value);
    out
}

/// Every malformed input of the table in `spec/BYTECODE.md`, each built by
/// damaging the encoding of one small valid module, with the text its error
/// must contain.
pub fn malformed_cases() -> Vec<MalformedCase> {
    let base_module = malformed_base();
    let ok_atom = base_module.atoms.iter().position(|atom| atom == "ok").unwrap_or(0) as u8;
    let base = encode(&base_module);
    let Ok(decoded) = decode_unverified(&base) else {
        return Vec::new();
    };
    let offsets = &decoded.offsets;
    let entry = |section, index| offsets.entry(section, index).unwrap_or(0);
    // The first instruction, `move x0, x1`: opcode, source, destination.
    let move_at = entry(Section::Code, 0);
    let gc_bif_at = entry(Section::Code, 1);
    let is_integer_at = entry(Section::Code, 2);
    let last_return_at = entry(Section::Code, 7);
    let literal_at = entry(Section::Literals, 0);
    let import_at = entry(Section::Imports, 0);
    let atoms = section_bounds(&base, Section::Atoms);
    let imports = section_bounds(&base, Section::Imports);
    let code = section_bounds(&base, Section::Code);
    let exports = section_bounds(&base, Section::Exports);

    let mut deep_literal = Vec::new();
    for _ in 0..=MAX_LITERAL_DEPTH {
        deep_literal.extend_from_slice(&[literal_tag::TUPLE, 1]);
    }
    deep_literal.push(literal_tag::NIL);
    let literal_len = section_bounds(&base, Section::Literals).end - literal_at;

    let case = |name, description, bytes, message: &str| MalformedCase {
        name,
        description,
        bytes,
        message: message.to_string(),
    };
    vec![
        case("truncated_header", "only the first 3 bytes", base[..3].to_vec(), "shorter than the 6-byte header"),
        case(
            "wrong_magic",
            "the magic is an ELF file's",
            [b"\x7fELF", &base[4..]].concat(),
            "not a girder bytecode file",
        ),
        case(
            "wrong_version",
            "the format version is 7",
            [&base[..4], &7u16.to_le_bytes()[..], &base[HEADER_LEN..]].concat(),
            "format version 7, this girder reads version 3",
        ),
        case(
            "missing_section",
            "the file ends after the header",
            base[..HEADER_LEN].to_vec(),
            "the atoms section is missing",
        ),
        case(
            "section_out_of_order",
            "the imports section's id says functions",
            with_byte(&base, imports.id_offset, Section::Functions.id()),
            "found section id 5 where the imports section (id 3) belongs",
        ),
        case(
            "section_past_end",
            "the code section's length is 100 too large",
            {
                let mut bytes = base.clone();
                let length = (code.end - code.start + 100) as u32;
                bytes[code.id_offset + 1..code.id_offset + 5].copy_from_slice(&length.to_le_bytes());
                bytes
            },
            "left in the file",
        ),
        case(
            "section_not_consumed",
            "a stray byte at the end of the exports section",
            splice(&base, Section::Exports, exports.end, 0, &[0]),
            "the section has 1 byte left over after its last entry",
        ),
        case(
            "trailing_bytes",
            "a byte after the code section",
            [&base[..], &[0]].concat(),
            "the file has 1 extra byte after the last section",
        ),
        case(
            "count_too_large",
            "the atom count is 1000",
            splice(&base, Section::Atoms, atoms.start, 1, &varint(1000)),
            "a count of 1000 cannot fit",
        ),
        case(
            "duplicate_atom",
            "atom 1 (`ok`) is renamed `main`, the name of atom 4",
            splice(&base, Section::Atoms, entry(Section::Atoms, u32::from(ok_atom)), 3, b"\x04main"),
            "the atom main is also atom 1; an atom table names each atom once",
        ),
        case(
            "bad_utf8_atom",
            "the module name's first byte is 0xff",
            with_byte(&base, entry(Section::Atoms, 0) + 1, 0xff),
            "the atom name is not valid UTF-8",
        ),
        case(
            "varint_overflow",
            "the source of `move x0, x1` is a 5-byte varint above 2^32",
            splice(&base, Section::Code, move_at + 1, 1, &[0xff, 0xff, 0xff, 0xff, 0x7f]),
            "a varint does not fit in 32 bits",
        ),
        case(
            "bad_operand_tag",
            "the destination of `move x0, x1` has the integer tag",
            with_byte(&base, move_at + 2, 1 << 2 | Src::INT_TAG as u8),
            "a destination operand has the tag of an integer",
        ),
        case(
            "register_out_of_range",
            "`move x0, x1` writes x2000 instead",
            splice(&base, Section::Code, move_at + 2, 1, &varint(2000 << 2 | Src::X_TAG)),
            "x register 2000 is out of range (x0..x1023)",
        ),
        case(
            "float_register_out_of_range",
            "`move x0, x1` becomes `fconv x0, fr2000`",
            splice(
                &base,
                Section::Code,
                move_at,
                3,
                &[&[Instr::Fconv(x(0), 0).opcode(), 0][..], &varint(2000)].concat(),
            ),
            "float register 2000 is out of range (fr0..fr1023)",
        ),
        case(
            "float_register_undefined",
            "`move x0, x1` becomes `fstore fr0, x1`, reading fr0 before anything wrote it",
            with_byte(&base, move_at, Instr::Fstore(0, Dst::X(1)).opcode()),
            "fr0 is read here but holds no float on some path",
        ),
        case(
            "y_register_outside_frame",
            "`move x0, x1` writes y0, with no frame",
            with_byte(&base, move_at + 2, Src::Y_TAG as u8),
            "y register 0 is outside the current frame: there is no frame here",
        ),
        case(
            "label_outside_function",
            "`is_integer @4` jumps to 6, in the next function",
            with_byte(&base, is_integer_at + 1, 6),
            "label 6 is outside the function (instructions 0..6)",
        ),
        case(
            "handler_not_ending_try",
            "`move x0, x1` becomes `try y0, @4`, whose handler begins with `move`",
            splice(&base, Section::Code, move_at, 3, &[Instr::Try(0, Label(4)).opcode(), 0, 4]),
            "the handler of try y0 (instruction 4) begins with move; it must begin with try_case y0 or catch_end y0",
        ),
        case("unknown_opcode", "the first opcode is 200", with_byte(&base, move_at, 200), "unknown opcode 200"),
        case(
            "frame_mismatch",
            "`move x0, x1` becomes `allocate 0, 4`, so `return` runs with a frame",
            with_byte(&base, move_at, Instr::Allocate(0, 0).opcode()),
            "return needs no frame, but there is a frame of 0 y registers here",
        ),
        case(
            "falls_off_end",
            "the last `return` becomes `send`",
            with_byte(&base, last_return_at, Instr::Send().opcode()),
            "execution falls off the end of the function",
        ),
        case(
            "literal_table_corrupt",
            "literal 0's tag byte is 42",
            with_byte(&base, literal_at, 42),
            "unknown literal tag 42",
        ),
        case(
            "literal_not_finite",
            "the float in literal 0 is NaN",
            {
                // Tuple tag and count, atom tag and index, int tag and value, float tag.
                let float_at = literal_at + 7;
                let mut bytes = base.clone();
                bytes[float_at..float_at + 8].copy_from_slice(&f64::NAN.to_le_bytes());
                bytes
            },
            "the float literal NaN is not finite",
        ),
        case(
            "literal_too_deep",
            "literal 0 is 201 nested tuples, one more than the limit",
            splice(&base, Section::Literals, literal_at, literal_len, &deep_literal),
            "the literal nests deeper than 200 levels",
        ),
        case(
            "unknown_import",
            "`gc_bif` names import 9 of 1",
            // The gc_bif's operands: opcode, fail, live, then the BIF's import.
            with_byte(&base, gc_bif_at + 3, 9),
            "import 9 is out of range: the module has 1 import",
        ),
        case(
            "not_a_bif",
            "the import erlang:'+'/2 becomes erlang:ok/2",
            with_byte(&base, import_at + 1, ok_atom),
            "import erlang:ok/2 is not a BIF",
        ),
    ]
}
