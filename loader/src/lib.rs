//! Reads girder bytecode: maps a `.gbc` file, verifies every byte once and
//! decodes it into a [`Module`]; also encodes a [`Module`] back to bytes.
//!
//! Bad input of any kind yields a [`LoadError`] naming the place and the rule
//! broken; nothing here panics on input.
//!
//! - [`encode`] writes a module as bytes (deterministically).
//! - [`decode`] reads bytes into a module and [`verify`]s it.
//! - [`load_file`] maps a file and decodes it.
//! - [`beam::load_beam`] reads a BEAM file, translates it into a module and
//!   verifies it.
//! - [`verify`] checks an in-memory module, such as one the assembler built.
//! - [`max_x_reg`] reports the highest x register a module uses.
//! - [`samples`] holds a valid sample module and a table of malformed inputs.
//!
//! The byte format and every rule the verifier checks are described in
//! `spec/BYTECODE.md`.

pub mod beam;
mod decode;
mod encode;
mod error;
mod file;
mod format;
mod frame;
mod fregs;
mod literal;
mod markers;
mod module;
mod operand;
mod reader;
mod registers;
mod roles;
pub mod samples;
mod varint;
mod verify;
mod xregs;

pub use decode::decode;
pub use encode::encode;
pub use error::{
    ErrorKind, FrameNeed, FrameState, FunctionName, IndexKind, LoadError, Location, MarkerKind, PoolKind, XRegCause,
    XRegUse,
};
pub use file::load_file;
pub use format::{Section, HEADER_LEN, MAX_ATOM_CHARS, MAX_LITERAL_DEPTH};
pub use module::*;
pub use operand::{instr_from_operands, operands, Operand, Operands, MAX_OPERANDS};
pub use registers::max_x_reg;
pub use verify::verify;
