//! The node's terminal input: lines read on behalf of processes.
//!
//! Reading a terminal blocks, and a scheduler thread must never block, so
//! the embedder hands the VM a [`LineReader`] ([`start`]) and one thread of
//! its own calls it. A process asks for a line with a prompt
//! (`user:read_line/1`) and gets a reference at once; the reader thread
//! shows the prompt, reads, and sends the process `{Ref, Outcome}`, where
//! `Outcome` is one of
//!
//! - `{ok, Line}`: the line as a binary, with its line end when it had one;
//! - `eof`: the input ended;
//! - `interrupted`: the user interrupted the read (the shell's Ctrl-G or
//!   Ctrl-C menus chose to interrupt the shell's job);
//! - `{error, Reason}`: reading failed (`Reason` a POSIX-style atom).
//!
//! Requests are served one at a time, in the order they came. The node's
//! I/O server for its terminal (`user`, written in Erlang) is the one
//! process that asks, so lines reach the requests of the I/O protocol in
//! order. While a read is outstanding, the run is not deadlocked: the
//! reader can still wake a process.

use crate::memory::heap::Heap;
use crate::process::lifecycle;
use crate::process::mailbox::Message;
use crate::process::signal::Signal;
use crate::term::{atoms, build, Term};
use crate::vm::Vm;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{channel, Sender};
use std::sync::{Arc, Mutex, OnceLock, Weak};

/// What one read gave.
#[derive(Debug)]
pub enum ReadOutcome {
    /// A line, with its line end when it had one.
    Line(Vec<u8>),
    /// The input ended.
    Eof,
    /// The user interrupted the read.
    Interrupted,
    /// Reading failed.
    Failed(std::io::Error),
}

/// Reads lines for the VM: the embedder's terminal, a pipe, or a script.
pub trait LineReader: Send + 'static {
    /// Shows `prompt` and reads one line. `continued` when the line
    /// continues a request begun on an earlier line, such as an expression
    /// not yet ended: a terminal shows the prompt again, as erl's does,
    /// while a pipe shows it only for a request's first line, as erl's
    /// does with input that is not a terminal.
    fn read_line(&mut self, prompt: &str, continued: bool) -> ReadOutcome;
}

/// One request: whom to answer, under which reference, and the prompt.
struct Request {
    pid: Term,
    reference: u64,
    prompt: String,
    continued: bool,
}

/// The VM's side of the input service: where requests go, and how many
/// are not answered yet; and the modes of the node's terminal, which
/// `io:setopts/1,2` sets and `io:getopts/0,1` reads.
#[derive(Default)]
pub struct Input {
    /// Set once by [`start`]; without it, reads are refused.
    requests: OnceLock<Mutex<Sender<Request>>>,
    /// Requests sent and not yet answered.
    outstanding: Arc<AtomicUsize>,
    /// Whether lines and characters read are given as binaries (`binary`)
    /// rather than lists (`list`, the default).
    binary: AtomicBool,
    /// Whether the terminal's encoding is `unicode` rather than `latin1`
    /// (the default, as erl's with `-noshell`).
    unicode: AtomicBool,
    /// Whether a person at the terminal can act on the node at any time
    /// (a shell's Ctrl-C and Ctrl-G menus): then the run is never
    /// deadlocked, as erl's shell waits however long an expression does.
    interactive: AtomicBool,
}

impl Input {
    /// Whether input is given as binaries.
    pub fn binary(&self) -> bool {
        self.binary.load(Ordering::Relaxed)
    }

    /// Whether the terminal's encoding is `unicode`.
    pub fn unicode(&self) -> bool {
        self.unicode.load(Ordering::Relaxed)
    }

    /// Sets the binary mode, as `io:setopts/2` does.
    pub fn set_binary(&self, binary: bool) {
        self.binary.store(binary, Ordering::Relaxed);
    }

    /// Sets the encoding (`true` for `unicode`), as `io:setopts/2` does.
    pub fn set_unicode(&self, unicode: bool) {
        self.unicode.store(unicode, Ordering::Relaxed);
    }

    /// Whether a read is outstanding (its answer can still wake a process)
    /// or the terminal is interactive: a run with every process waiting is
    /// then not deadlocked.
    pub fn keeps_alive(&self) -> bool {
        self.outstanding.load(Ordering::Acquire) > 0 || self.interactive.load(Ordering::Relaxed)
    }

    /// Makes the terminal interactive (see [`Input::keeps_alive`]).
    pub fn set_interactive(&self) {
        self.interactive.store(true, Ordering::Relaxed);
    }

    /// Asks the reader for a line shown with `prompt` (see
    /// [`LineReader::read_line`]), to be sent to `pid` under the reference
    /// number `reference`. `false` when the embedder gave the VM no reader.
    pub fn request(&self, pid: Term, reference: u64, prompt: String, continued: bool) -> bool {
        let Some(requests) = self.requests.get() else { return false };
        self.outstanding.fetch_add(1, Ordering::AcqRel);
        let sent =
            requests.lock().unwrap_or_else(|p| p.into_inner()).send(Request { pid, reference, prompt, continued });
        if sent.is_err() {
            self.outstanding.fetch_sub(1, Ordering::AcqRel);
        }
        sent.is_ok()
    }
}

/// Gives `vm` its line reader and starts the thread that calls it. A
/// second call changes nothing: the first reader stays.
pub fn start(vm: &Arc<Vm>, mut reader: Box<dyn LineReader>) {
    let (sender, receiver) = channel::<Request>();
    if vm.input.requests.set(Mutex::new(sender)).is_err() {
        return;
    }
    let weak: Weak<Vm> = Arc::downgrade(vm);
    let outstanding = Arc::clone(&vm.input.outstanding);
    // Should the thread not start, the receiver goes with it, and every
    // request is refused as when no reader was given.
    let _ = std::thread::Builder::new().name("girder-input".into()).spawn(move || {
        // The channel closes when the VM goes: the thread ends with it.
        for Request { pid, reference, prompt, continued } in receiver {
            // What was printed before the prompt shows before it.
            if let Some(vm) = weak.upgrade() {
                vm.flush_output();
            }
            let outcome = reader.read_line(&prompt, continued);
            if let Some(vm) = weak.upgrade() {
                lifecycle::deliver(&vm, pid, Signal::Message(answer(reference, outcome)));
            }
            outstanding.fetch_sub(1, Ordering::AcqRel);
        }
    });
}

/// The message answering a read: `{Ref, Outcome}`.
fn answer(reference: u64, outcome: ReadOutcome) -> Message {
    let mut scratch = Heap::new(32);
    let reference = build::reference(&mut scratch, reference);
    let outcome = match outcome {
        ReadOutcome::Line(bytes) => {
            let line = build::binary(&mut scratch, &bytes);
            build::tuple(&mut scratch, &[Term::atom(atoms::OK), line])
        }
        ReadOutcome::Eof => Term::atom(atoms::EOF),
        ReadOutcome::Interrupted => Term::atom(atoms::INTERRUPTED),
        // The terminal's errors have no finer name worth keeping: a read
        // that fails is an I/O error, as erl's terminal reports one.
        ReadOutcome::Failed(_) => build::tuple(&mut scratch, &[Term::atom(atoms::ERROR), Term::atom(atoms::EIO)]),
    };
    let message = build::tuple(&mut scratch, &[reference, outcome]);
    Message::copy(message)
}
