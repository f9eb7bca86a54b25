//! Reading girder bytecode into a [`Module`], then verifying it.
//!
//! Decoding checks the bytes' structure: the header, the section framing,
//! varint widths, tags and counts. Everything else (index ranges, labels,
//! arities, frames) is [`verify`]'s job, which runs on the decoded module;
//! its errors are then placed at the byte offset of the entry or instruction
//! they concern.

use crate::error::{ErrorKind, LoadError, Location};
use crate::format::{Section, HEADER_LEN};
use crate::literal::decode_literal;
use crate::module::{
    Cases, Dst, Fail, FunEntry, Function, Import, Instr, KeyDsts, KeyVals, Label, LineEntry, Module, Span, Src, Srcs,
    Ys,
};
use crate::reader::Reader;
use crate::varint::zigzag_decode;
use crate::verify::{function_name_at, verify};
use girder_spec::{FORMAT_VERSION, MAGIC};

/// Decodes and verifies the bytes of a `.gbc` file.
///
/// Returns the module only when every rule of `spec/BYTECODE.md` holds, so
/// the interpreter can trust it; otherwise a [`LoadError`] naming the
/// section, byte offset and rule. Never panics, whatever the bytes.
pub fn decode(bytes: &[u8]) -> Result<Module, LoadError> {
    let decoded = decode_unverified(bytes)?;
    verify(&decoded.module).map_err(|error| decoded.offsets.place(error))?;
    Ok(decoded.module)
}

/// A module decoded but not yet verified, with where each part came from.
pub(crate) struct Decoded {
    /// The module.
    pub(crate) module: Module,
    /// The byte offsets of its sections and entries.
    pub(crate) offsets: Offsets,
}

/// The byte offsets of every section's contents and of every table entry and
/// instruction, used to place verifier errors in the file.
#[derive(Default)]
pub(crate) struct Offsets {
    /// The offset of each section's contents, indexed like [`Section::IN_ORDER`].
    section_starts: [usize; 8],
    /// The offset of each entry of each section, indexed like [`Section::IN_ORDER`].
    entries: [Vec<usize>; 8],
}

impl Offsets {
    fn slot(section: Section) -> Option<usize> {
        Section::IN_ORDER.iter().position(|&candidate| candidate == section)
    }

    /// The offset of entry `index` of `section` (for the code section, instruction `index`).
    pub(crate) fn entry(&self, section: Section, index: u32) -> Option<usize> {
        let slot = Self::slot(section)?;
        self.entries.get(slot)?.get(index as usize).copied()
    }

    /// Gives a verifier error the byte offset of what it is about.
    fn place(&self, error: LoadError) -> LoadError {
        if error.offset.is_some() {
            return error;
        }
        let Some(section) = error.section else {
            return error;
        };
        let entry_offset = match &error.location {
            Some(Location::Entry(index)) => self.entry(section, *index),
            Some(Location::Instruction { instr, .. }) => self.entry(Section::Code, *instr),
            None => None,
        };
        let section_start = Self::slot(section).and_then(|slot| self.section_starts.get(slot).copied());
        match entry_offset.or(section_start) {
            Some(offset) => error.at_offset(offset),
            None => error,
        }
    }
}

/// Decodes the bytes into a module without verifying it.
pub(crate) fn decode_unverified(bytes: &[u8]) -> Result<Decoded, LoadError> {
    check_header(bytes)?;
    let mut module = Module::default();
    let mut offsets = Offsets::default();
    let mut position = HEADER_LEN;
    for (slot, section) in Section::IN_ORDER.into_iter().enumerate() {
        let Some(&id) = bytes.get(position) else {
            return Err(LoadError::new(ErrorKind::MissingSection { expected: section }).at_offset(position));
        };
        if id != section.id() {
            return Err(
                LoadError::new(ErrorKind::SectionOutOfOrder { found: id, expected: section }).at_offset(position)
            );
        }
        let mut framing = Reader::new(bytes, position + 1, bytes.len(), section);
        let length = u32::from_le_bytes(framing.array::<4>()?) as usize;
        let start = framing.position();
        let available = framing.remaining();
        if length > available {
            return Err(framing.error_at(position + 1, ErrorKind::SectionPastEnd { length: length as u64, available }));
        }
        let end = start + length;
        offsets.section_starts[slot] = start;
        let mut reader = Reader::new(bytes, start, end, section);
        let entries = &mut offsets.entries[slot];
        match section {
            Section::Header | Section::BeamChunk(_) => {}
            Section::Atoms => decode_atoms(&mut reader, &mut module, entries)?,
            Section::Literals => decode_literals(&mut reader, &mut module, entries)?,
            Section::Imports => decode_imports(&mut reader, &mut module, entries)?,
            Section::Exports => decode_exports(&mut reader, &mut module, entries)?,
            Section::Functions => decode_functions(&mut reader, &mut module, entries)?,
            Section::Funs => decode_funs(&mut reader, &mut module, entries)?,
            Section::Lines => decode_lines(&mut reader, &mut module, entries)?,
            Section::Code => decode_code(&mut reader, &mut module, entries)?,
        }
        if !reader.is_at_end() {
            return Err(
                reader.error_at(reader.position(), ErrorKind::SectionNotConsumed { unused: reader.remaining() })
            );
        }
        position = end;
    }
    if position < bytes.len() {
        return Err(LoadError::new(ErrorKind::TrailingBytes { count: bytes.len() - position }).at_offset(position));
    }
    Ok(Decoded { module, offsets })
}

/// Checks the magic bytes and the format version.
fn check_header(bytes: &[u8]) -> Result<(), LoadError> {
    let header_error = |kind, offset| LoadError::new(kind).in_section(Section::Header).at_offset(offset);
    let truncated = ErrorKind::TruncatedHeader { length: bytes.len() };
    let Some(magic) = bytes.get(0..4) else {
        return Err(header_error(truncated, 0));
    };
    if magic != MAGIC {
        let mut found = [0; 4];
        found.copy_from_slice(magic);
        return Err(header_error(ErrorKind::BadMagic { found }, 0));
    }
    let Some(&[low, high]) = bytes.get(4..HEADER_LEN) else {
        return Err(header_error(truncated, 0));
    };
    let version = u16::from_le_bytes([low, high]);
    if version != FORMAT_VERSION {
        return Err(header_error(ErrorKind::WrongVersion { found: version }, 4));
    }
    Ok(())
}

fn decode_atoms(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(1)?;
    for index in 0..count {
        let offset = reader.position();
        let n_bytes = reader.count(1)?;
        let name = std::str::from_utf8(reader.take(n_bytes as usize)?)
            .map_err(|_| reader.error_at(offset, ErrorKind::BadUtf8).at(Location::Entry(index)))?;
        module.atoms.push(name.to_owned());
        offsets.push(offset);
    }
    Ok(())
}

fn decode_literals(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(1)?;
    for index in 0..count {
        let offset = reader.position();
        let literal = decode_literal(reader).map_err(|error| error.at(Location::Entry(index)))?;
        module.literals.push(literal);
        offsets.push(offset);
    }
    Ok(())
}

fn decode_imports(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(3)?;
    for _ in 0..count {
        offsets.push(reader.position());
        module.imports.push(Import {
            module: reader.varint_u32()?,
            function: reader.varint_u32()?,
            arity: reader.varint_u32()?,
        });
    }
    Ok(())
}

fn decode_exports(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(1)?;
    for _ in 0..count {
        offsets.push(reader.position());
        module.exports.push(reader.varint_u32()?);
    }
    Ok(())
}

fn decode_functions(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(3)?;
    let mut entry: u32 = 0;
    for _ in 0..count {
        let offset = reader.position();
        let name = reader.varint_u32()?;
        let arity = reader.varint_u32()?;
        let n_instrs = reader.varint_u32()?;
        let end = entry.checked_add(n_instrs).ok_or_else(|| reader.error_at(offset, ErrorKind::CodeTooLong))?;
        module.functions.push(Function { name, arity, entry: Label(entry), end });
        offsets.push(offset);
        entry = end;
    }
    Ok(())
}

fn decode_funs(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let count = reader.count(2)?;
    for _ in 0..count {
        offsets.push(reader.position());
        module.funs.push(FunEntry { function: reader.varint_u32()?, num_free: reader.varint_u32()? });
    }
    Ok(())
}

fn decode_lines(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    let file_count = reader.count(1)?;
    for _ in 0..file_count {
        let offset = reader.position();
        let n_bytes = reader.count(1)?;
        let name = std::str::from_utf8(reader.take(n_bytes as usize)?)
            .map_err(|_| reader.error_at(offset, ErrorKind::BadUtf8))?;
        module.files.push(name.to_owned());
    }
    let count = reader.count(3)?;
    for _ in 0..count {
        offsets.push(reader.position());
        module.lines.push(LineEntry {
            instr: reader.varint_u32()?,
            line: reader.varint_u32()?,
            file: reader.varint_u32()?,
        });
    }
    Ok(())
}

/// Decodes instructions until the end of the section, rebuilding the operand
/// pools in code order.
fn decode_code(reader: &mut Reader<'_>, module: &mut Module, offsets: &mut Vec<usize>) -> Result<(), LoadError> {
    while !reader.is_at_end() {
        let offset = reader.position();
        let instr = decode_instruction(reader, module).map_err(|error| {
            let instr = u32::try_from(module.code.len()).unwrap_or(u32::MAX);
            let function = function_name_at(module, instr);
            error.at(Location::Instruction { function, instr })
        })?;
        if module.code.len() >= u32::MAX as usize {
            return Err(reader.error_at(offset, ErrorKind::CodeTooLong));
        }
        module.code.push(instr);
        offsets.push(offset);
    }
    Ok(())
}

/// Reads an `S` operand: the code written by [`crate::encode`]'s `src_code`.
fn decode_src(reader: &mut Reader<'_>) -> Result<Src, LoadError> {
    let offset = reader.position();
    let code = reader.varint_u32()?;
    let payload = code >> 2;
    Ok(match code & 3 {
        Src::X_TAG => Src::x(payload),
        Src::Y_TAG => Src::y(payload),
        Src::INT_TAG => {
            // A 30-bit payload unzigzags into the 30-bit signed range a Src holds.
            let value = zigzag_decode(u64::from(payload));
            Src::int(value).ok_or_else(|| reader.error_at(offset, ErrorKind::VarintOverflow { bits: 30 }))?
        }
        _ => Src::literal(payload),
    })
}

/// Reads a `D` operand: a source code whose tag must be x or y.
fn decode_dst(reader: &mut Reader<'_>) -> Result<Dst, LoadError> {
    let offset = reader.position();
    let code = reader.varint_u32()?;
    match code & 3 {
        Src::X_TAG => Ok(Dst::X(code >> 2)),
        Src::Y_TAG => Ok(Dst::Y(code >> 2)),
        tag => Err(reader.error_at(offset, ErrorKind::BadDestinationTag { tag })),
    }
}

/// Reads a `Fail` operand: 0 is none, N + 1 is label N.
fn decode_fail(reader: &mut Reader<'_>) -> Result<Fail, LoadError> {
    Ok(match reader.varint_u32()? {
        0 => Fail::NONE,
        code => Fail::to(Label(code - 1)),
    })
}

/// Reads a list operand (a count, then its items) into the end of `pool`.
fn decode_list<T>(
    reader: &mut Reader<'_>,
    pool: &mut Vec<T>,
    min_item_bytes: usize,
    mut read_item: impl FnMut(&mut Reader<'_>) -> Result<T, LoadError>,
) -> Result<Span, LoadError> {
    let offset = reader.position();
    let len = reader.count(min_item_bytes)?;
    let start = u32::try_from(pool.len())
        .ok()
        .filter(|start| start.checked_add(len).is_some())
        .ok_or_else(|| reader.error_at(offset, ErrorKind::CodeTooLong))?;
    for _ in 0..len {
        pool.push(read_item(reader)?);
    }
    Ok(Span { start, len })
}

/// Reads one operand of the given kind.
macro_rules! decode_operand {
    (U, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (S, $reader:ident, $module:ident) => {
        decode_src($reader)?
    };
    (D, $reader:ident, $module:ident) => {
        decode_dst($reader)?
    };
    (Y, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (L, $reader:ident, $module:ident) => {
        Label($reader.varint_u32()?)
    };
    (Fail, $reader:ident, $module:ident) => {
        decode_fail($reader)?
    };
    (A, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (F, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (E, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (B, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (Lam, $reader:ident, $module:ident) => {
        $reader.varint_u32()?
    };
    (Srcs, $reader:ident, $module:ident) => {
        Srcs(decode_list($reader, &mut $module.src_pool, 1, decode_src)?)
    };
    (Ys, $reader:ident, $module:ident) => {
        Ys(decode_list($reader, &mut $module.y_pool, 1, |reader| reader.varint_u32())?)
    };
    (Cases, $reader:ident, $module:ident) => {
        Cases(decode_list($reader, &mut $module.case_pool, 2, |reader| {
            Ok((decode_src(reader)?, Label(reader.varint_u32()?)))
        })?)
    };
    (KeyVals, $reader:ident, $module:ident) => {
        KeyVals(decode_list($reader, &mut $module.key_val_pool, 2, |reader| {
            Ok((decode_src(reader)?, decode_src(reader)?))
        })?)
    };
    (KeyDsts, $reader:ident, $module:ident) => {
        KeyDsts(decode_list($reader, &mut $module.key_dst_pool, 2, |reader| {
            Ok((decode_src(reader)?, decode_dst(reader)?))
        })?)
    };
}

macro_rules! instruction_decoder {
    ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*], [$($effect:tt)*],
       $cost:literal, $doc:literal;)*) => {
        /// Reads one instruction: the opcode, then each operand by its kind in
        /// the table, appending list operands to the module's pools.
        fn decode_instruction(reader: &mut Reader<'_>, module: &mut Module) -> Result<Instr, LoadError> {
            let offset = reader.position();
            Ok(match reader.u8()? {
                $($op => Instr::$variant($(decode_operand!($kind, reader, module)),*),)*
                opcode => return Err(reader.error_at(offset, ErrorKind::UnknownOpcode { opcode })),
            })
        }
    };
}
girder_spec::for_each_instruction!(instruction_decoder);
