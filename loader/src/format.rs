//! The constants of the byte format: section ids, literal tags and limits.
//!
//! `spec/BYTECODE.md` describes the format in full; this file is its
//! vocabulary, shared by the encoder and the decoder.

use std::fmt;

/// The header's length in bytes: the magic and the `u16` format version.
pub const HEADER_LEN: usize = 6;

/// The longest atom name, in characters (Erlang's limit).
pub const MAX_ATOM_CHARS: usize = 255;

/// How deeply literal containers (lists, tuples, maps) may nest.
///
/// A list's tail counts as one level below the list. The limit keeps every
/// consumer that walks a literal recursively (including `Drop`) well inside a
/// thread's stack.
pub const MAX_LITERAL_DEPTH: usize = 200;

/// A part of a bytecode file: the header or one of the sections.
///
/// Sections appear once each, in the order of their ids.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Section {
    /// The magic bytes and the format version.
    Header,
    /// The atom table.
    Atoms,
    /// The literal table.
    Literals,
    /// The import table.
    Imports,
    /// The export list.
    Exports,
    /// The function table.
    Functions,
    /// The fun table.
    Funs,
    /// The line table.
    Lines,
    /// The instructions, with their list operands inline.
    Code,
    /// A chunk of a BEAM file, by its four-byte id.
    BeamChunk([u8; 4]),
}

impl Section {
    /// Every section after the header, in file order.
    pub const IN_ORDER: [Section; 8] = [
        Section::Atoms,
        Section::Literals,
        Section::Imports,
        Section::Exports,
        Section::Functions,
        Section::Funs,
        Section::Lines,
        Section::Code,
    ];

    /// The id byte that starts the section in a file (0 for the header and
    /// for BEAM chunks, which have none).
    pub fn id(self) -> u8 {
        match self {
            Section::Header | Section::BeamChunk(_) => 0,
            Section::Atoms => 1,
            Section::Literals => 2,
            Section::Imports => 3,
            Section::Exports => 4,
            Section::Functions => 5,
            Section::Funs => 6,
            Section::Lines => 7,
            Section::Code => 8,
        }
    }

    /// What one entry of the section is called in messages: `atom`, `import`, …
    pub fn entry_noun(self) -> &'static str {
        match self {
            Section::Header => "field",
            Section::Atoms => "atom",
            Section::Literals => "literal",
            Section::Imports => "import",
            Section::Exports => "export",
            Section::Functions => "function",
            Section::Funs => "fun",
            Section::Lines => "line entry",
            Section::Code => "instruction",
            Section::BeamChunk(_) => "entry",
        }
    }
}

impl fmt::Display for Section {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Section::Header => "header",
            Section::Atoms => "atoms section",
            Section::Literals => "literals section",
            Section::Imports => "imports section",
            Section::Exports => "exports section",
            Section::Functions => "functions section",
            Section::Funs => "funs section",
            Section::Lines => "lines section",
            Section::Code => "code section",
            Section::BeamChunk(id) => return write!(f, "chunk \"{}\"", id.escape_ascii()),
        })
    }
}

/// The tag bytes that start each node of an encoded literal.
pub(crate) mod literal_tag {
    /// An integer that fits in 64 bits: a zigzag varint follows.
    pub const INT: u8 = 0;
    /// A big integer: a sign byte, a varint byte count, the magnitude little-endian.
    pub const BIG_INT: u8 = 1;
    /// A float: 8 bytes, little-endian IEEE 754.
    pub const FLOAT: u8 = 2;
    /// An atom: a varint atom index.
    pub const ATOM: u8 = 3;
    /// The empty list: no payload.
    pub const NIL: u8 = 4;
    /// A list: a varint element count (at least 1), the elements, then the tail.
    pub const LIST: u8 = 5;
    /// A tuple: a varint element count, then the elements.
    pub const TUPLE: u8 = 6;
    /// A map: a varint pair count, then key and value of each pair.
    pub const MAP: u8 = 7;
    /// A binary: a varint byte count, then the bytes.
    pub const BINARY: u8 = 8;
    /// An external fun: varint module atom, varint function atom, varint arity.
    pub const EXPORT_FUN: u8 = 9;
    /// A bitstring of a partial last byte: a varint byte count (at least
    /// 1), the bits used in the last byte (a byte, 1 to 7), then the bytes.
    pub const BITSTRING: u8 = 10;
}
