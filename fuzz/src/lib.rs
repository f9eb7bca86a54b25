//! Checks for girder's fuzz targets, shared with the workspace tests.
//!
//! Each module holds one `check` function taking the fuzzer's input bytes. It
//! returns normally when the input is handled correctly and panics (which a
//! fuzzer reports as a crash) when a component panics on its own or breaks a
//! property it promises:
//!
//! - [`loader_bytes`]: any byte string decodes to a verified module or to a
//!   load error, and a decoded module survives re-encoding;
//! - [`beam_bytes`]: any byte string loads as a `.beam` file or yields a
//!   load error, and loading agrees with reading, translating and verifying
//!   one step at a time;
//! - [`loader_structured`]: modules built from valid ones by changing
//!   operands, pool entries and table entries are verified in memory and in
//!   bytes, never panic, and encode, decode and disassemble consistently;
//! - [`assembler_text`]: any text assembles or yields diagnostics, and what
//!   assembles disassembles to text that assembles to the same module;
//! - [`terms`]: terms built on a process heap print, compare, copy and
//!   survive collections unchanged;
//! - [`ext_decode`]: any byte string, as a peer node might send it, decodes
//!   to a term or an error, and a decoded term survives encoding;
//! - [`vm_run`]: a module the verifier accepts runs without crashing the VM,
//!   and leaves a sentinel process beside it intact.
//!
//! The modules use only the girder crates and the standard library, so the
//! workspace tests include them by path and drive them with proptest.

pub mod assembler_text;
pub mod beam_bytes;
pub mod ext_decode;
pub mod loader_bytes;
pub mod loader_structured;
pub mod tape;
pub mod terms;
pub mod vm_run;
