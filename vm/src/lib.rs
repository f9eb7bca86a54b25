//! The girder virtual machine: terms, per-process heaps and their collector,
//! processes, the interpreter, BIFs and the code server.
//!
//! Architecture Invariants:
//! - this crate never reads a file: modules reach it already decoded and
//!   verified, and a file's bytes come from the embedder (the `bin` crate
//!   does the reading); it asks the operating system only for the file
//!   system's state (the working directory, a file's metadata);
//! - only a process's owner thread mutates its heap;
//! - the interpreter never re-checks what the loader's verifier proved.

// The table of predefined atoms (`term::atom`) expands one macro step per atom.
#![recursion_limit = "256"]

pub mod applications;
pub mod bif;
pub mod boot;
pub mod code;
pub mod coverage;
pub mod dist;
pub mod ets;
pub mod exception;
pub mod input;
pub mod interp;
pub mod memory;
pub mod process;
pub mod report;
pub mod run;
pub mod sched;
pub mod term;
pub mod timer;
pub mod vm;
