//! A process: its heap and stack, where it is in its code, and its mailbox;
//! and the machinery around processes: the table of live processes and the
//! registry of names, their life from spawn to exit, links and monitors,
//! signals, the inbox other threads push to, the mailbox `receive` scans,
//! and sending.
//!
//! Threads: a process is run by one scheduler thread at a time; only that
//! thread touches its heap and registers.

pub mod dictionary;
pub mod extras;
pub mod inbox;
pub mod lifecycle;
pub mod mailbox;
pub mod relations;
pub mod send;
pub mod signal;
pub mod start;
pub mod table;
pub mod tuning;

use crate::memory::heap::{Heap, INITIAL_HEAP_WORDS};
use crate::process::extras::Extras;
use crate::process::mailbox::Mailbox;
use crate::process::relations::Relations;
use crate::term::{Atom, Term};

/// The return address that ends the process normally when its first
/// function returns.
pub const DONE_CP: Term = Term::cp(Term::MAX_CODE_MODULE, 0);

/// [`Process::registered_name`] of a process with no name: no atom has
/// this index (the table holds far fewer).
const NO_NAME: u32 = u32::MAX;

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
    /// How many x registers the process left live when it last stopped
    /// running (its arguments before it first runs; none while it waits
    /// in `receive`). They are the top words of its stack, x0 on top, so
    /// that saving them allocates nothing and the collector finds them
    /// with the rest of the stack.
    pub(crate) saved_x: u16,
    /// The messages received and not yet removed.
    pub mailbox: Mailbox,
    /// The function the process was spawned with.
    pub initial_call: (Atom, Atom, u32),
    /// The receive timer running, if any (0: none); a timer whose id no
    /// longer matches was cancelled and is ignored when it fires.
    pub(crate) timer: u64,
    /// [`flags`] bits.
    pub(crate) flags: u8,
    /// The index of the atom the process is registered under, or
    /// [`NO_NAME`]: four bytes where an `Option<Atom>` takes eight
    /// ([`Process::registered_name`]).
    registered_name: u32,
    /// Links and monitors.
    pub relations: Relations,
    /// The dictionary, aliases and other parts most processes never use,
    /// made on first use.
    pub extras: Option<Box<Extras>>,
}

/// Bits of [`Process::flags`].
pub mod flags {
    /// `process_flag(trap_exit, true)`: exit signals become messages.
    pub const TRAP_EXIT: u8 = 1;
    /// The receive timer fired: the next `wait_timeout` falls through.
    pub const TIMED_OUT: u8 = 2;
    /// Work the process left for a later time slice waits in the VM's
    /// table of it (`Vm::set_aside`): signals taken from its inbox and not
    /// yet handled or, once it has ended, the exit signals it has still to
    /// send.
    pub const SET_ASIDE: u8 = 4;
    /// `garbage_collect/0` asked for a collection: the yield it asked for
    /// collects, whatever the heap's state, and the call then returns.
    pub const GC_REQUESTED: u8 = 8;
    /// `erlang:yield/0` gave up the time slice: called again, it returns.
    pub const YIELDED: u8 = 16;
    /// Another process asked for a collection of this one
    /// (`garbage_collect/1`): its next yield collects and clears this.
    pub const GC_REQUESTED_ELSEWHERE: u8 = 32;
}

impl Process {
    /// A process with pid `pid` that will start at `entry` of module
    /// `module_index` with the given arguments (which must not point into
    /// any heap: immediates or literals; others are copied in by the caller).
    #[inline(always)]
    pub fn new(pid: Term, module_index: u32, entry: u32, initial_call: (Atom, Atom, u32)) -> Process {
        Process {
            pid,
            heap: Heap::new(INITIAL_HEAP_WORDS),
            module_index,
            ip: entry,
            cp: DONE_CP,
            catches: 0,
            reductions: 0,
            saved_x: 0,
            mailbox: Mailbox::default(),
            initial_call,
            timer: 0,
            flags: 0,
            registered_name: NO_NAME,
            relations: Relations::default(),
            extras: None,
        }
    }

    /// Frees what an ended process holds: its messages, its heap beyond a
    /// first block, and its counts on off-heap binaries, at once rather
    /// than when its cell is freed (which waits for every scheduler to
    /// pass a quiescent point). Nothing may read the process's terms after.
    pub(crate) fn release_memory(&mut self) {
        self.mailbox.clear(drop);
        self.extras = None;
        if self.heap.block_words() > INITIAL_HEAP_WORDS || self.heap.off_heap().is_some() {
            self.heap = Heap::new(INITIAL_HEAP_WORDS);
        }
    }

    /// Sets the arguments the process starts with (x0, x1, ...).
    pub fn set_args(&mut self, args: &[Term]) {
        self.set_args_with(args.len(), |_, index| args[index]);
    }

    /// Sets `n` arguments, made by `make(heap, index)` on this process's
    /// heap, with no list of them in between (spawn copies each argument
    /// straight into the child). Only for a process that has not run: its
    /// heap must be empty.
    pub fn set_args_with(&mut self, n: usize, mut make: impl FnMut(&mut Heap, usize) -> Term) {
        debug_assert!(self.heap.heap_words() == 0 && self.heap.stack_words() == 0, "a process that has not run");
        debug_assert!(n <= girder_spec::MAX_X_REGS as usize);
        if !self.heap.stack_fits(n) {
            self.heap = Heap::new((n + INITIAL_HEAP_WORDS).next_power_of_two());
        }
        // The stack words first, so that the copies cannot take them.
        self.heap.push_n(n, Term::NIL);
        for index in 0..n {
            let term = make(&mut self.heap, index);
            self.heap.set_stack(index, term);
        }
        self.saved_x = n as u16;
    }

    /// The name the process is registered under.
    pub fn registered_name(&self) -> Option<Atom> {
        (self.registered_name != NO_NAME).then(|| Atom::from_index(self.registered_name))
    }

    /// Sets or clears the name the process is registered under.
    pub fn set_registered_name(&mut self, name: Option<Atom>) {
        self.registered_name = name.map_or(NO_NAME, Atom::index);
    }

    /// Whether the process traps exits.
    pub fn traps_exits(&self) -> bool {
        self.flags & flags::TRAP_EXIT != 0
    }

    /// Bytes the process holds: the struct, its heap and its messages.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Process>()
            + self.heap.memory_bytes()
            + self.mailbox.memory_bytes()
            + self.relations.memory_bytes()
            + self.extras.as_ref().map_or(0, |extras| extras.memory_bytes())
    }

    /// The process's settings of `spawn_opt` and `process_flag`.
    pub fn tuning(&self) -> tuning::Tuning {
        self.extras.as_ref().map(|extras| extras.tuning).unwrap_or_default()
    }

    /// The process's heap limit: its own, or the VM's (`max_heap_words`).
    pub fn max_heap_size(&self, vm_limit: usize) -> tuning::MaxHeapSize {
        self.tuning().max_heap_size.unwrap_or(tuning::MaxHeapSize::default_of(vm_limit))
    }

    /// The process's [`Extras`], made if it has none yet.
    pub fn extras_mut(&mut self) -> &mut Extras {
        self.extras.get_or_insert_with(Box::default)
    }
}
