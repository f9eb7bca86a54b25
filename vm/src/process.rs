//! A process: its heap and stack, where it is in its code, and its mailbox.
//!
//! Threads: a process is run by one scheduler thread at a time; only that
//! thread touches its heap and registers.

use crate::heap::{Heap, INITIAL_HEAP_WORDS};
use crate::mailbox::Mailbox;
use crate::term::{Atom, Term};

/// The return address that ends the process normally when its first
/// function returns.
pub const DONE_CP: Term = Term::cp(Term::MAX_CODE_MODULE, 0);

/// A lightweight process.
pub struct Process {
    /// The process's pid (a local pid term).
    pub pid: Term,
    /// The heap and stack.
    pub heap: Heap,
    /// The module the process is executing.
    pub(crate) module_index: u32,
    /// The next instruction to execute when resumed.
    pub(crate) ip: u32,
    /// The continuation pointer register: where `return` goes.
    pub(crate) cp: Term,
    /// How many `try`/`catch` handlers are active on the stack.
    pub(crate) catches: u32,
    /// Reductions spent over the process's life.
    pub reductions: u64,
    /// The live x registers while the process is not running.
    pub(crate) saved_x: Vec<Term>,
    /// The messages received and not yet removed.
    pub mailbox: Mailbox,
    /// The function the process was spawned with.
    pub initial_call: (Atom, Atom, u32),
    /// How many times the heap was collected.
    pub gc_count: u32,
    /// Where a `wait_timeout` resumes when its timer fires.
    pub(crate) timeout_ip: u32,
}

impl Process {
    /// A process with pid `pid` that will start at `entry` of module
    /// `module_index` with the given arguments (which must not point into
    /// any heap: immediates or literals; others are copied in by the caller).
    pub fn new(pid: Term, module_index: u32, entry: u32, initial_call: (Atom, Atom, u32)) -> Process {
        Process {
            pid,
            heap: Heap::new(INITIAL_HEAP_WORDS),
            module_index,
            ip: entry,
            cp: DONE_CP,
            catches: 0,
            reductions: 0,
            saved_x: Vec::new(),
            mailbox: Mailbox::default(),
            initial_call,
            gc_count: 0,
            timeout_ip: 0,
        }
    }

    /// Sets the arguments the process starts with (x0, x1, ...).
    pub fn set_args(&mut self, args: &[Term]) {
        self.saved_x.clear();
        self.saved_x.extend_from_slice(args);
    }

    /// Bytes the process holds: the struct, its heap and its messages.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Process>() + self.heap.memory_bytes() + self.mailbox.memory_bytes() + self.saved_x.capacity() * 8
    }
}
