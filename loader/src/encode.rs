//! Writing a [`Module`] as girder bytecode.
//!
//! The layout is described in `spec/BYTECODE.md`. Encoding is deterministic:
//! the bytes depend only on the module, so the same module always gives the
//! same file.

use crate::format::Section;
use crate::literal::encode_literal;
use crate::module::{Dst, Instr, Module, Span, Src, SrcKind};
use crate::operand::{operands, Operand};
use crate::varint::{write_len, write_u32, zigzag_encode};
use girder_spec::{FORMAT_VERSION, MAGIC};

/// Encodes `module` as the bytes of a `.gbc` file.
///
/// For a module that passes [`verify`](crate::verify), `decode(&encode(m))`
/// gives back `m` exactly. For one that does not, the bytes are unspecified
/// (a list operand whose span lies outside its pool is written empty, for
/// instance) but encoding still never panics on such a module.
///
/// # Panics
///
/// Panics if one section would be longer than 4 GiB, which the format's
/// 32-bit section lengths cannot express.
pub fn encode(module: &Module) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    let mut contents = Vec::new();
    for section in Section::IN_ORDER {
        contents.clear();
        encode_section(&mut contents, module, section);
        let length = u32::try_from(contents.len()).expect("a section longer than 4 GiB cannot be encoded");
        out.push(section.id());
        out.extend_from_slice(&length.to_le_bytes());
        out.extend_from_slice(&contents);
    }
    out
}

/// Appends the contents of one section (without its id and length).
fn encode_section(out: &mut Vec<u8>, module: &Module, section: Section) {
    match section {
        Section::Header | Section::BeamChunk(_) => {}
        Section::Atoms => {
            write_len(out, module.atoms.len());
            for atom in &module.atoms {
                write_len(out, atom.len());
                out.extend_from_slice(atom.as_bytes());
            }
        }
        Section::Literals => {
            write_len(out, module.literals.len());
            for literal in &module.literals {
                encode_literal(out, literal);
            }
        }
        Section::Imports => {
            write_len(out, module.imports.len());
            for import in &module.imports {
                write_u32(out, import.module);
                write_u32(out, import.function);
                write_u32(out, import.arity);
            }
        }
        Section::Exports => {
            write_len(out, module.exports.len());
            for &function in &module.exports {
                write_u32(out, function);
            }
        }
        Section::Functions => {
            // Functions are contiguous, so each is written as its length; the
            // decoder rebuilds the entries as running sums.
            write_len(out, module.functions.len());
            for function in &module.functions {
                write_u32(out, function.name);
                write_u32(out, function.arity);
                write_u32(out, function.end.saturating_sub(function.entry.0));
            }
        }
        Section::Funs => {
            write_len(out, module.funs.len());
            for fun in &module.funs {
                write_u32(out, fun.function);
                write_u32(out, fun.num_free);
            }
        }
        Section::Lines => {
            write_len(out, module.files.len());
            for file in &module.files {
                write_len(out, file.len());
                out.extend_from_slice(file.as_bytes());
            }
            write_len(out, module.lines.len());
            for entry in &module.lines {
                write_u32(out, entry.instr);
                write_u32(out, entry.line);
                write_u32(out, entry.file);
            }
        }
        Section::Code => {
            for instr in &module.code {
                encode_instruction(out, module, instr);
            }
        }
    }
}

/// Appends one instruction: its opcode, then each operand by its kind.
fn encode_instruction(out: &mut Vec<u8>, module: &Module, instr: &Instr) {
    out.push(instr.opcode());
    for operand in operands(instr).as_slice() {
        match *operand {
            Operand::U(value)
            | Operand::Y(value)
            | Operand::A(value)
            | Operand::F(value)
            | Operand::E(value)
            | Operand::B(value)
            | Operand::Lam(value) => write_u32(out, value),
            Operand::S(src) => write_u32(out, src_code(src)),
            Operand::D(dst) => write_u32(out, dst_code(dst)),
            Operand::L(label) => write_u32(out, label.0),
            Operand::Fail(fail) => write_u32(out, fail.label().map_or(0, |label| label.0 + 1)),
            Operand::Srcs(list) => {
                let items = pool_slice(&module.src_pool, list.0);
                write_len(out, items.len());
                for &src in items {
                    write_u32(out, src_code(src));
                }
            }
            Operand::Ys(list) => {
                let items = pool_slice(&module.y_pool, list.0);
                write_len(out, items.len());
                for &y_index in items {
                    write_u32(out, y_index);
                }
            }
            Operand::Cases(list) => {
                let items = pool_slice(&module.case_pool, list.0);
                write_len(out, items.len());
                for &(value, label) in items {
                    write_u32(out, src_code(value));
                    write_u32(out, label.0);
                }
            }
            Operand::KeyVals(list) => {
                let items = pool_slice(&module.key_val_pool, list.0);
                write_len(out, items.len());
                for &(key, value) in items {
                    write_u32(out, src_code(key));
                    write_u32(out, src_code(value));
                }
            }
            Operand::KeyDsts(list) => {
                let items = pool_slice(&module.key_dst_pool, list.0);
                write_len(out, items.len());
                for &(key, dst) in items {
                    write_u32(out, src_code(key));
                    write_u32(out, dst_code(dst));
                }
            }
        }
    }
}

/// The entries of a pool a span covers, or none when the span is out of range.
fn pool_slice<T>(pool: &[T], span: Span) -> &[T] {
    pool.get(span.range()).unwrap_or(&[])
}

/// The number an `S` operand is written as: the payload shifted left by two
/// over the tag of [`Src`], with integers zigzag-encoded so small negative
/// numbers stay short.
pub(crate) fn src_code(src: Src) -> u32 {
    match src.kind() {
        SrcKind::X(index) => index << 2 | Src::X_TAG,
        SrcKind::Y(index) => index << 2 | Src::Y_TAG,
        // A 30-bit signed value zigzags to at most 30 bits, so the shift cannot overflow.
        SrcKind::Int(value) => (zigzag_encode(i64::from(value)) as u32) << 2 | Src::INT_TAG,
        SrcKind::Literal(index) => index << 2 | Src::LITERAL_TAG,
    }
}

/// The number a `D` operand is written as: the same code as the equal [`Src`].
///
/// An index too large for a [`Src`] loses its high bits; the verifier rejects
/// such a register long before.
pub(crate) fn dst_code(dst: Dst) -> u32 {
    match dst {
        Dst::X(index) => index << 2 | Src::X_TAG,
        Dst::Y(index) => index << 2 | Src::Y_TAG,
    }
}
