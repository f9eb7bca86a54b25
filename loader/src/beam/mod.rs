//! Reads BEAM files, as Erlang's compilers write them, into their parts.
//!
//! A BEAM file is an IFF container: `FOR1`, the size of the rest, `BEAM`,
//! then chunks, each a four-byte id, a four-byte size and the data, padded
//! to a multiple of four. [`read_beam`] reads the chunks girder needs:
//!
//! | chunk | holds |
//! |---|---|
//! | `AtU8` (or `Atom`) | the atoms, the module's name first |
//! | `Code` | the generic instructions ([`genop`]) with compact operands |
//! | `StrT` | the bytes that string operands point into |
//! | `ImpT`, `ExpT`, `LocT` | imported, exported and local functions |
//! | `FunT` | the funs the module creates |
//! | `LitT` | the literals, compressed |
//! | `Line` | the source locations `line` instructions name |
//! | `Attr`, `CInf` | attributes and compile information, for `module_info` |
//!
//! Other chunks (`Dbgi`, `Docs`, `Type`, `Meta`, …) are skipped, except that
//! `Type` is kept as bytes. Every byte is untrusted: an error names the
//! chunk, the offset and the rule, as the `.gbc` reader's errors do, and
//! nothing here panics or allocates more than the file's bytes can justify.
//!
//! The result is a [`BeamFile`]: tables with atom indices into one atom
//! table, and the code as a list of [`GenericInstr`]. [`translate`] turns
//! that into a girder [`Module`](crate::Module), and [`load_beam`] does all
//! three steps, verifying the module as `.gbc` modules are verified.

mod atoms;
mod compact;
pub mod genop;
mod literals;
mod translate;

pub use compact::{Arg, MAX_INTEGER_BYTES};
pub use genop::Genop;
pub use translate::translate;

use crate::error::{ErrorKind, LoadError};
use crate::format::Section;
use crate::module::{AtomIndex, Literal};
use crate::reader::Reader;
use atoms::AtomTable;
use compact::CompactReader;

/// Reads a BEAM file, translates it into a module and verifies it: what
/// [`decode`](crate::decode) is to girder's own bytecode.
///
/// An error the verifier finds in an instruction is placed at the offset of
/// the BEAM instruction it came from.
pub fn load_beam(bytes: &[u8]) -> Result<crate::Module, LoadError> {
    let beam = read_beam(bytes)?;
    let (module, offsets) = translate::translate_with_offsets(&beam)?;
    crate::verify(&module).map_err(|error| match &error.location {
        Some(crate::Location::Instruction { instr, .. }) if error.offset.is_none() => {
            let offset = offsets.get(*instr as usize).copied();
            let error = error.in_section(Section::BeamChunk(*b"Code"));
            match offset {
                Some(offset) => error.at_offset(offset),
                None => error,
            }
        }
        _ => error,
    })?;
    Ok(module)
}

/// A chunk's four-byte id, such as `*b"Code"`.
pub type ChunkId = [u8; 4];

/// The instruction set a `Code` chunk must declare (OTP's format number).
pub const INSTRUCTION_SET: u32 = 0;

/// A BEAM file, read and checked chunk by chunk.
#[derive(Clone, Debug, PartialEq)]
pub struct BeamFile {
    /// The atoms: the file's own in order (atom 0 is the module's name;
    /// BEAM numbers it 1), then the atoms only literals name.
    pub atoms: Vec<String>,
    /// How many of [`BeamFile::atoms`] are the file's own; the rest are
    /// named only by literals.
    pub file_atom_count: usize,
    /// The imported functions.
    pub imports: Vec<FunctionRef>,
    /// The exported functions, with their entry labels.
    pub exports: Vec<LabelledFunction>,
    /// The local functions, with their entry labels (absent in stripped files).
    pub locals: Vec<LabelledFunction>,
    /// The funs the module creates.
    pub funs: Vec<FunEntry>,
    /// The literal table.
    pub literals: Vec<Literal>,
    /// The string table that `bs_put_string` and `bs_match_string` point into.
    pub strings: Vec<u8>,
    /// The code.
    pub code: Code,
    /// The line table, when the file has one.
    pub lines: Option<LineTable>,
    /// The `Attr` chunk: the module's attributes (a list of `{Name, Values}`).
    pub attributes: Option<Literal>,
    /// The `CInf` chunk: compile information (a list of `{Key, Value}`).
    pub compile_info: Option<Literal>,
    /// The `Type` chunk (OTP 25), which typed registers index, unread.
    pub types: Option<Vec<u8>>,
}

/// A function named by module, name and arity: an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunctionRef {
    /// The module's atom.
    pub module: AtomIndex,
    /// The function's atom.
    pub function: AtomIndex,
    /// The number of arguments.
    pub arity: u32,
}

/// A function of this module and the label where it is entered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabelledFunction {
    /// The function's atom.
    pub function: AtomIndex,
    /// The number of arguments.
    pub arity: u32,
    /// The label of its entry.
    pub label: u32,
}

/// A fun the module creates (`FunT`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunEntry {
    /// The atom of the function that implements it.
    pub function: AtomIndex,
    /// That function's arity (the fun's own arity plus its free variables).
    pub arity: u32,
    /// That function's entry label.
    pub label: u32,
    /// The fun's index in the table.
    pub index: u32,
    /// The number of free variables it captures.
    pub num_free: u32,
    /// The old unique value of the fun, which its printed form shows.
    pub old_uniq: u32,
}

/// The `Code` chunk: its header and the instructions.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    /// The highest opcode the file uses, as its header says.
    pub max_opcode: u32,
    /// The number of labels (one more than the highest).
    pub label_count: u32,
    /// The number of functions.
    pub function_count: u32,
    /// The instructions, up to and excluding `int_code_end`.
    pub instructions: Vec<GenericInstr>,
}

/// One generic instruction and its operands.
#[derive(Clone, Debug, PartialEq)]
pub struct GenericInstr {
    /// What the instruction is.
    pub op: &'static Genop,
    /// Its operands, as many as [`Genop::arity`].
    pub args: Vec<Arg>,
    /// The offset of its opcode byte in the file, for errors.
    pub offset: usize,
}

/// The `Line` chunk: the locations `line` instructions name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineTable {
    /// The locations; a `line` operand N names `locations[N - 1]`, and 0 names none.
    pub locations: Vec<LineLocation>,
    /// The file names other than the module's own source (file 0): file N
    /// is `file_names[N - 1]`.
    pub file_names: Vec<String>,
}

/// A source location.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LineLocation {
    /// The file: 0 for the module's own source, N for [`LineTable::file_names`]`[N - 1]`.
    pub file: u32,
    /// The line number.
    pub line: u32,
}

/// One chunk's place in the file.
#[derive(Clone, Copy)]
struct Chunk {
    id: ChunkId,
    /// The offset of its data.
    start: usize,
    /// One past its data.
    end: usize,
}

/// Reads a BEAM file from its bytes.
///
/// The result's tables are checked against each other (every atom index in
/// range, every operand count as the opcode says); whether the code makes
/// sense is for the translator and the verifier.
pub fn read_beam(bytes: &[u8]) -> Result<BeamFile, LoadError> {
    let chunks = chunks(bytes)?;
    let find = |id: &ChunkId| chunks.iter().find(|chunk| &chunk.id == id).copied();
    let data = |chunk: Chunk| &bytes[chunk.start..chunk.end];

    let (atom_chunk, utf8) = match (find(b"AtU8"), find(b"Atom")) {
        (Some(chunk), _) => (chunk, true),
        (None, Some(chunk)) => (chunk, false),
        (None, None) => return Err(missing(b"AtU8")),
    };
    let mut atoms = read_atoms(bytes, atom_chunk, utf8)?;
    let file_atom_count = atoms.len();

    let imports = match find(b"ImpT") {
        Some(chunk) => read_imports(bytes, chunk, file_atom_count)?,
        None => return Err(missing(b"ImpT")),
    };
    let exports = match find(b"ExpT") {
        Some(chunk) => read_labelled(bytes, chunk, file_atom_count)?,
        None => return Err(missing(b"ExpT")),
    };
    let locals = match find(b"LocT") {
        Some(chunk) => read_labelled(bytes, chunk, file_atom_count)?,
        None => Vec::new(),
    };
    let funs = match find(b"FunT") {
        Some(chunk) => read_funs(bytes, chunk, file_atom_count)?,
        None => Vec::new(),
    };
    let literals = match find(b"LitT") {
        Some(chunk) => literals::read_literals(data(chunk), chunk.start, &mut atoms)?,
        None => Vec::new(),
    };
    let code = match find(b"Code") {
        Some(chunk) => read_code(bytes, chunk, file_atom_count)?,
        None => return Err(missing(b"Code")),
    };
    let lines = find(b"Line").map(|chunk| read_lines(bytes, chunk)).transpose()?;
    let mut term_chunk = |id: &ChunkId| {
        find(id)
            .map(|chunk| literals::read_term(bytes, chunk.start, chunk.end, Section::BeamChunk(chunk.id), &mut atoms))
            .transpose()
    };
    let attributes = term_chunk(b"Attr")?;
    let compile_info = term_chunk(b"CInf")?;
    Ok(BeamFile {
        atoms: atoms.into_names(),
        file_atom_count,
        imports,
        exports,
        locals,
        funs,
        literals,
        strings: find(b"StrT").map(|chunk| data(chunk).to_vec()).unwrap_or_default(),
        code,
        lines,
        attributes,
        compile_info,
        types: find(b"Type").map(|chunk| data(chunk).to_vec()),
    })
}

impl BeamFile {
    /// The module's name (atom 0).
    pub fn name(&self) -> &str {
        self.atoms.first().map(String::as_str).unwrap_or("")
    }
}

/// An error for a chunk the file lacks.
fn missing(id: &ChunkId) -> LoadError {
    LoadError::new(ErrorKind::BeamMissingChunk { id: *id })
}

/// The file's chunks, after checking the container.
fn chunks(bytes: &[u8]) -> Result<Vec<Chunk>, LoadError> {
    let header = Section::Header;
    let mut reader = Reader::new(bytes, 0, bytes.len(), header);
    let form = reader.array::<4>()?;
    if &form != b"FOR1" {
        return Err(reader.error_at(0, ErrorKind::BeamNotIff { found: form }));
    }
    let size_at = reader.position();
    let size = reader.u32_be()? as usize;
    let available = bytes.len() - 8;
    if size > available || size < 4 {
        return Err(reader.error_at(size_at, ErrorKind::BeamSizeMismatch { declared: size, actual: available }));
    }
    // Bytes past the declared form are ignored, as Erlang's loader ignores them.
    let mut reader = Reader::new(bytes, reader.position(), 8 + size, header);
    let kind = reader.array::<4>()?;
    if &kind != b"BEAM" {
        return Err(reader.error_at(8, ErrorKind::BeamNotIff { found: kind }));
    }
    let mut chunks: Vec<Chunk> = Vec::new();
    while !reader.is_at_end() {
        let at = reader.position();
        let id = reader.array::<4>()?;
        let length = reader.u32_be()? as usize;
        let start = reader.position();
        if length > reader.remaining() {
            return Err(LoadError::new(ErrorKind::SectionPastEnd {
                length: length as u64,
                available: reader.remaining(),
            })
            .in_section(Section::BeamChunk(id))
            .at_offset(at));
        }
        if chunks.iter().any(|chunk| chunk.id == id) {
            return Err(LoadError::new(ErrorKind::BeamDuplicateChunk).in_section(Section::BeamChunk(id)).at_offset(at));
        }
        reader.take(length)?;
        // Chunks are padded to four bytes; the last one's padding may be absent.
        let padding = (4 - length % 4) % 4;
        reader.take(padding.min(reader.remaining()))?;
        chunks.push(Chunk { id, start, end: start + length });
    }
    Ok(chunks)
}

fn chunk_reader(bytes: &[u8], chunk: Chunk) -> Reader<'_> {
    Reader::new(bytes, chunk.start, chunk.end, Section::BeamChunk(chunk.id))
}

/// Fails unless the reader has consumed its whole chunk.
fn expect_end(reader: &Reader<'_>) -> Result<(), LoadError> {
    if reader.is_at_end() {
        Ok(())
    } else {
        Err(reader.error_at(reader.position(), ErrorKind::SectionNotConsumed { unused: reader.remaining() }))
    }
}

/// Reads a four-byte count of entries of at least `min_bytes` each.
fn count(reader: &mut Reader<'_>, min_bytes: usize) -> Result<usize, LoadError> {
    let at = reader.position();
    let count = reader.u32_be()? as usize;
    if count.saturating_mul(min_bytes) > reader.remaining() {
        return Err(
            reader.error_at(at, ErrorKind::CountTooLarge { count: count as u64, available: reader.remaining() })
        );
    }
    Ok(count)
}

fn read_atoms(bytes: &[u8], chunk: Chunk, utf8: bool) -> Result<AtomTable, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let count = count(&mut reader, 1)?;
    let mut names = Vec::new();
    let mut offsets = Vec::new();
    for _ in 0..count {
        let at = reader.position();
        let length = usize::from(reader.u8()?);
        let name_bytes = reader.take(length)?;
        let name = if utf8 {
            String::from_utf8(name_bytes.to_vec()).map_err(|_| reader.error_at(at, ErrorKind::BadUtf8))?
        } else {
            name_bytes.iter().map(|&byte| char::from(byte)).collect()
        };
        names.push(name);
        offsets.push(at);
    }
    expect_end(&reader)?;
    AtomTable::new(names).map_err(|(position, kind)| {
        let at = offsets.get(position).copied().unwrap_or(chunk.start);
        reader.error_at(at, kind).at(crate::Location::Entry(position as u32))
    })
}

/// Reads a BEAM atom index (1-based) as an index into the atom table.
fn atom_index(reader: &mut Reader<'_>, atom_count: usize) -> Result<AtomIndex, LoadError> {
    let at = reader.position();
    let one_based = reader.u32_be()?;
    match one_based.checked_sub(1) {
        Some(atom) if (atom as usize) < atom_count => Ok(atom),
        _ => Err(reader.error_at(
            at,
            ErrorKind::IndexOutOfRange { what: crate::IndexKind::Atom, index: u64::from(one_based), count: atom_count },
        )),
    }
}

fn read_imports(bytes: &[u8], chunk: Chunk, atom_count: usize) -> Result<Vec<FunctionRef>, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let count = count(&mut reader, 12)?;
    let mut imports = Vec::new();
    for _ in 0..count {
        let module = atom_index(&mut reader, atom_count)?;
        let function = atom_index(&mut reader, atom_count)?;
        let arity = reader.u32_be()?;
        imports.push(FunctionRef { module, function, arity });
    }
    expect_end(&reader)?;
    Ok(imports)
}

fn read_labelled(bytes: &[u8], chunk: Chunk, atom_count: usize) -> Result<Vec<LabelledFunction>, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let count = count(&mut reader, 12)?;
    let mut functions = Vec::new();
    for _ in 0..count {
        let function = atom_index(&mut reader, atom_count)?;
        let arity = reader.u32_be()?;
        let label = reader.u32_be()?;
        functions.push(LabelledFunction { function, arity, label });
    }
    expect_end(&reader)?;
    Ok(functions)
}

fn read_funs(bytes: &[u8], chunk: Chunk, atom_count: usize) -> Result<Vec<FunEntry>, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let count = count(&mut reader, 24)?;
    let mut funs = Vec::new();
    for _ in 0..count {
        let function = atom_index(&mut reader, atom_count)?;
        let arity_at = reader.position();
        let arity = reader.u32_be()?;
        let label = reader.u32_be()?;
        let index = reader.u32_be()?;
        let num_free = reader.u32_be()?;
        let old_uniq = reader.u32_be()?;
        // The arity counts the free variables; `make_fun2` lists them, so a
        // hostile count must not reach it.
        if num_free > arity || arity > girder_spec::MAX_X_REGS {
            return Err(reader.error_at(arity_at, ErrorKind::BeamOperandOutOfRange { what: "a fun's arity" }));
        }
        funs.push(FunEntry { function, arity, label, index, num_free, old_uniq });
    }
    expect_end(&reader)?;
    Ok(funs)
}

fn read_code(bytes: &[u8], chunk: Chunk, atom_count: usize) -> Result<Code, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let header_at = reader.position();
    let header_size = reader.u32_be()? as usize;
    if header_size < 16 || header_size > reader.remaining() {
        return Err(reader.error_at(header_at, ErrorKind::BeamBadCodeHeader { size: header_size }));
    }
    let fields_at = reader.position();
    let instruction_set = reader.u32_be()?;
    if instruction_set != INSTRUCTION_SET {
        return Err(reader.error_at(fields_at, ErrorKind::BeamInstructionSet { found: instruction_set }));
    }
    let max_opcode = reader.u32_be()?;
    let label_count = reader.u32_be()?;
    let function_count = reader.u32_be()?;
    // A longer header has fields this reader does not know; they are skipped.
    reader.take(header_size - 16)?;

    let mut operands = CompactReader::new(&mut reader, atom_count);
    let mut instructions = Vec::new();
    loop {
        let offset = operands.position();
        let opcode = operands.opcode()?;
        let Some(op) = genop::genop(opcode) else {
            return Err(operands.error_at(offset, ErrorKind::BeamUnknownOpcode { opcode }));
        };
        if op.retired || u32::from(opcode) > max_opcode {
            let kind = if op.retired {
                ErrorKind::BeamRetiredOpcode { name: op.name }
            } else {
                ErrorKind::BeamOpcodeAboveMax { name: op.name, max_opcode }
            };
            return Err(operands.error_at(offset, kind));
        }
        if op.name == "int_code_end" {
            break;
        }
        let mut args = Vec::with_capacity(usize::from(op.arity));
        for _ in 0..op.arity {
            args.push(operands.arg()?);
        }
        instructions.push(GenericInstr { op, args, offset });
    }
    // The compiler pads the chunk with zero bytes after `int_code_end`.
    Ok(Code { max_opcode, label_count, function_count, instructions })
}

fn read_lines(bytes: &[u8], chunk: Chunk) -> Result<LineTable, LoadError> {
    let mut reader = chunk_reader(bytes, chunk);
    let version_at = reader.position();
    let version = reader.u32_be()?;
    if version != 0 {
        return Err(reader.error_at(version_at, ErrorKind::BeamLineVersion { found: version }));
    }
    let _flags = reader.u32_be()?;
    let _line_instruction_count = reader.u32_be()?;
    let item_count = count(&mut reader, 1)?;
    let name_count = reader.u32_be()? as usize;
    let mut locations = Vec::new();
    {
        // Line items are compact operands: `a` switches the file, `i` is a
        // line in the current file. Atom indices here are file numbers, not
        // atoms, so the reader is told every index is in range.
        let mut items = CompactReader::new(&mut reader, usize::MAX);
        let mut file = 0;
        while locations.len() < item_count {
            let at = items.position();
            match items.arg()? {
                Arg::Integer(line) => match u32::try_from(line) {
                    Ok(line) => locations.push(LineLocation { file, line }),
                    Err(_) => {
                        return Err(items.error_at(at, ErrorKind::BeamOperandOutOfRange { what: "a line number" }))
                    }
                },
                Arg::Atom(index) => {
                    file = index + 1;
                    if file as usize > name_count {
                        return Err(
                            items.error_at(at, ErrorKind::BeamOperandOutOfRange { what: "a line table's file number" })
                        );
                    }
                }
                Arg::Nil => file = 0,
                _ => return Err(items.error_at(at, ErrorKind::BeamOperandOutOfRange { what: "a line table item" })),
            }
        }
    }
    if name_count.saturating_mul(2) > reader.remaining() {
        return Err(reader.error_at(
            reader.position(),
            ErrorKind::CountTooLarge { count: name_count as u64, available: reader.remaining() },
        ));
    }
    let mut file_names = Vec::new();
    for _ in 0..name_count {
        let at = reader.position();
        let length = usize::from(u16::from_be_bytes(reader.array()?));
        let name = reader.take(length)?;
        file_names.push(String::from_utf8(name.to_vec()).map_err(|_| reader.error_at(at, ErrorKind::BadUtf8))?);
    }
    expect_end(&reader)?;
    Ok(LineTable { locations, file_names })
}
