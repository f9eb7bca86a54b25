//! Reads girder bytecode: maps a `.gbc` file, verifies every byte once and
//! decodes it into a [`Module`]; also encodes a [`Module`] back to bytes.
//!
//! Bad input of any kind yields a [`LoadError`] naming the place and the rule
//! broken; nothing here panics on input.

mod module;

pub use module::*;
