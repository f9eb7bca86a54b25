//! The girder virtual machine: terms, per-process heaps and their collector,
//! processes, the interpreter, BIFs and the code server.
//!
//! Architecture Invariants:
//! - this crate never reads files: modules reach it already decoded and
//!   verified (the `bin` crate does the reading);
//! - only a process's owner thread mutates its heap;
//! - the interpreter never re-checks what the loader's verifier proved.

pub mod bif;
pub mod boot;
pub mod code;
pub mod copy;
pub mod coverage;
pub mod dist;
pub mod exception;
pub mod gc;
pub mod heap;
pub mod inbox;
pub mod interp;
pub mod lifecycle;
pub mod literal_area;
pub mod mailbox;
pub mod process;
pub mod process_table;
pub mod relations;
pub mod report;
pub mod run;
pub mod scheduler;
pub mod send;
pub mod signal;
pub mod slab;
pub mod term;
pub mod vm;
