//! Every report the VM writes on its own account: a process that crashed
//! or passed its heap limit, a module that failed to load, a distribution
//! connection's events, a message dropped on its way in, and what
//! `error_logger` is asked to report.
//!
//! Each kind of report has one function here, which builds the whole text
//! and writes it through one writer: the VM's error output
//! ([`Vm::write_error`], standard error unless the embedder gave another),
//! in one write, so that reports of different processes and threads never
//! interleave. The reports Erlang/OTP also writes (crashes, the heap limit,
//! `error_logger`) have OTP 25's text, as the conformance suite compares
//! standard error with `erl`'s.

use crate::process::tuning::MaxHeapSize;
use crate::process::Process;
use crate::term::print::{self, write_pretty, Style};
use crate::term::{Atom, Term};
use crate::vm::Vm;
use std::fmt::Display;

/// Writes one report, whole, to the VM's error output.
fn write(vm: &Vm, text: &str) {
    vm.write_error(text.as_bytes());
}

/// A process ended with an error: the report Erlang's logger prints,
/// `Error in process Pid with exit value:` and the reason as `~p` prints it.
///
/// When a process is registered as `logger` (girder's logger keeps one
/// once a handler or filter is configured), the report is sent to it as
/// the event OTP's emulator sends, `{log, error, Format, Args, Meta}`, so
/// that the handlers installed (Elixir's Logger, say) print it their way;
/// otherwise it is written here, as OTP's default handler prints it.
pub fn process_crash(vm: &Vm, pid: Term, group_leader: Term, reason: Term) {
    let logger = Atom::intern("logger").ok().and_then(|name| vm.registry.whereis(name));
    if let Some(logger) = logger.filter(|&logger| logger != pid) {
        if crash_event(vm, logger, pid, group_leader, reason).is_some() {
            return;
        }
    }
    let mut text = format!("=ERROR REPORT==== {} ===\nError in process ", time());
    print::write_term(&mut text, pid, Style::Print);
    text.push_str(" with exit value:\n");
    print::write_term(&mut text, reason, Style::Print);
    text.push_str("\n\n");
    write(vm, &text);
}

/// Sends a crash report to the `logger` process as the event OTP's
/// emulator sends: `{log, error, "Error in process ~p with exit value:~n~p~n",
/// [Pid, Reason], #{error_logger => #{emulator => true, tag => error}, gl
/// => Leader, pid => Pid, time => Microseconds}}`.
/// `None` when an atom cannot be made (the atom table is full).
fn crash_event(vm: &Vm, logger: Term, pid: Term, leader: Term, reason: Term) -> Option<()> {
    use crate::term::{atoms, build, map};
    let atom = |name: &str| Atom::intern(name).ok().map(Term::atom);
    let [log, error, emulator, tag, error_logger, gl, pid_key, time_key] =
        ["log", "error", "emulator", "tag", "error_logger", "gl", "pid", "time"].map(atom);
    let mut scratch = crate::memory::heap::Heap::new(64);
    let heap = &mut scratch;
    let format = build::string(heap, "Error in process ~p with exit value:~n~p~n");
    let args = build::list_from_slice(heap, &[pid, reason]);
    let tag = map::map_from_pairs(heap, vec![(emulator?, Term::atom(atoms::TRUE)), (tag?, error?)]);
    let micros = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_micros());
    let time = build::integer(heap, i64::try_from(micros).unwrap_or(i64::MAX));
    let meta = map::map_from_pairs(heap, vec![(error_logger?, tag), (gl?, leader), (pid_key?, pid), (time_key?, time)]);
    let event = build::tuple(heap, &[log?, error?, format, args, meta]);
    let message = crate::process::mailbox::Message::copy(event);
    crate::process::lifecycle::deliver(vm, logger, crate::process::signal::Signal::Message(message));
    Some(())
}

/// A process passed its maximum heap size (`max_heap_size`, or the VM's
/// `--max-heap-words`): the report erl's logger prints, its figures
/// girder's own (girder's collector has no old generation, so those
/// figures are 0). `requested` is the words one instruction asked for,
/// when that alone was beyond what any heap may hold, or beyond the limit.
pub fn heap_limit(vm: &Vm, process: &Process, requested: Option<usize>, limit: MaxHeapSize) {
    let mut pid = String::new();
    print::write_term(&mut pid, process.pid, Style::Print);
    let node = crate::term::node::this_node();
    let on_node = if node.name() == "nonode@nohost" { String::new() } else { format!("on node {}", node.name()) };
    let context = match requested {
        Some(words) => format!("a request for {words} heap words, more than a heap may hold"),
        None => "maximum heap size reached".to_string(),
    };
    let size = if limit.size == 0 { "none".to_string() } else { limit.size.to_string() };
    let heap = &process.heap;
    let total = heap.block_words() + heap.fragment_words();
    let vheap = heap.off_heap().map_or(0, |off_heap| off_heap.bytes() / 8);
    let figures = [
        ("old_heap_block_size", 0),
        ("heap_block_size", heap.block_words()),
        ("mbuf_size", heap.fragment_words()),
        ("recent_size", heap.heap_words()),
        ("stack_size", heap.stack_words()),
        ("old_heap_size", 0),
        ("heap_size", heap.heap_words()),
        ("bin_vheap_size", vheap),
        ("bin_vheap_block_size", crate::memory::heap::MIN_VIRTUAL_HEAP_BYTES / 8),
        ("bin_old_vheap_size", 0),
        ("bin_old_vheap_block_size", crate::memory::heap::MIN_VIRTUAL_HEAP_BYTES / 8),
    ];
    let mut scratch = crate::memory::heap::Heap::new(64);
    let mut pairs = Vec::with_capacity(figures.len());
    for (name, value) in figures {
        let name = Atom::intern(name).map_or(Term::NIL, Term::atom);
        let value = Term::small_unchecked(value.min(crate::term::SMALL_MAX as usize) as i64);
        pairs.push(crate::term::build::tuple(&mut scratch, &[name, value]));
    }
    let info = crate::term::build::list_from_slice(&mut scratch, &pairs);
    let mut gc_info = String::new();
    write_pretty(&mut gc_info, info, 26, print::LINE_LENGTH);
    let text = format!(
        "=ERROR REPORT==== {} ===\n     Process:            {pid} {on_node}\n     Context:            {context}\n     Max Heap Size:      {size}\n     Total Heap Size:    {total}\n     Kill:               {}\n     Error Logger:       {}\n     Message Queue Len:  {}\n     GC Info:            {gc_info}\n\n",
        time(),
        limit.kill,
        limit.error_logger,
        process.mailbox.len()
    );
    write(vm, &text);
}

/// A module asked for by a call could not be loaded; the call then finds
/// its function undefined.
pub fn module_load_failure(vm: &Vm, module: Atom, error: impl Display) {
    write(vm, &format!("girder: cannot load module {}: {error}\n", module.name()));
}

/// Something that happened to a distribution connection and is worth a
/// line: a node that refuses or answers nonsense, a connection lost or
/// closed for what its peer sent. (As in Erlang, a node that is simply not
/// there, and a peer that closes its end, are no news.)
pub enum ConnectionEvent<'a> {
    /// A connection was asked for to a name that is not `name@host`.
    NotANodeName {
        /// The name asked for.
        node: &'a str,
    },
    /// Connecting to a node failed in its handshake.
    ConnectFailed {
        /// The node connected to.
        node: &'a str,
        /// Why.
        error: &'a dyn Display,
    },
    /// Accepting connections failed, `failures` times since the last report.
    AcceptFailed {
        /// The last failure.
        error: &'a dyn Display,
        /// The failures since the last report.
        failures: u64,
    },
    /// An incoming connection was refused in its handshake.
    Refused {
        /// Why.
        error: &'a dyn Display,
    },
    /// An incoming connection that completed its handshake was refused.
    RefusedFrom {
        /// The node it came from.
        node: &'a dyn Display,
        /// Why.
        error: &'a dyn Display,
    },
    /// A connection was lost while up.
    Lost {
        /// The node at its other end.
        node: &'a str,
        /// Why.
        error: &'a dyn Display,
    },
    /// A connection is closed because its peer sent what no correct node
    /// sends.
    Closing {
        /// The node at its other end.
        node: &'a str,
        /// What it sent.
        error: &'a dyn Display,
    },
}

/// A distribution connection's event, one line.
pub fn connection(vm: &Vm, event: ConnectionEvent<'_>) {
    let text = match event {
        ConnectionEvent::NotANodeName { node } => {
            format!("girder: cannot connect to {node}: not a node name (name@host)\n")
        }
        ConnectionEvent::ConnectFailed { node, error } => format!("girder: cannot connect to node {node}: {error}\n"),
        ConnectionEvent::AcceptFailed { error, failures } => {
            format!("girder: cannot accept connections: {error} ({failures} failures since the last report)\n")
        }
        ConnectionEvent::Refused { error } => format!("girder: refused a connection: {error}\n"),
        ConnectionEvent::RefusedFrom { node, error } => {
            format!("girder: refused a connection from node {node}: {error}\n")
        }
        ConnectionEvent::Lost { node, error } => format!("girder: lost the connection to node {node}: {error}\n"),
        ConnectionEvent::Closing { node, error } => {
            format!("girder: closing the connection to node {node}: {error}\n")
        }
    };
    write(vm, &text);
}

/// A message from another node was dropped because this node cannot hold
/// it (a fun of a module it does not have); the connection carries on.
pub fn dropped_message(vm: &Vm, node: Atom, error: impl Display) {
    write(vm, &format!("girder: dropped a message from node {}: {error}\n", node.name()));
}

/// The kind of an `error_logger` report, which names its head.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoggerLevel {
    /// `=ERROR REPORT====`.
    Error,
    /// `=WARNING REPORT====`.
    Warning,
    /// `=INFO REPORT====`.
    Info,
}

/// The text of an `error_logger` report.
pub enum LoggerText {
    /// The format applied to its arguments.
    Formatted(String),
    /// A format that does not fit its arguments: OTP reports the two
    /// instead, as `ERROR: Format - Args`.
    Unformattable {
        /// The format.
        format: Term,
        /// Its arguments.
        args: Term,
    },
}

/// An `error_logger` report, as Erlang/OTP 25's default logger writes it:
/// `=ERROR REPORT==== 22-Nov-2026::06:44:56.100447 ===`, then the text
/// and a line end. Returns the length of what was written, in bytes.
pub fn logger_message(vm: &Vm, level: LoggerLevel, text: LoggerText) -> usize {
    let title = match level {
        LoggerLevel::Error => "ERROR",
        LoggerLevel::Warning => "WARNING",
        LoggerLevel::Info => "INFO",
    };
    let body = match text {
        LoggerText::Formatted(text) => text,
        LoggerText::Unformattable { format, args } => {
            let mut text = String::from("ERROR: ");
            write_pretty(&mut text, format, 8, print::LINE_LENGTH);
            text.push_str(" - ");
            let column = text.chars().count() + 1;
            write_pretty(&mut text, args, column, print::LINE_LENGTH);
            text
        }
    };
    titled(vm, &format!("{title} REPORT"), &body)
}

/// A report under the head `=TITLE==== 22-Nov-2026::06:44:56.100447 ===`,
/// then `body` and a line end, as OTP's default logger handler prints
/// every event. Returns the length of what was written, in bytes.
pub fn titled(vm: &Vm, title: &str, body: &str) -> usize {
    let report = format!("={title}==== {} ===\n{body}\n", time());
    write(vm, &report);
    report.len()
}

/// The time as the error logger prints it in a report's head,
/// `22-Nov-2026::10:00:00.000000` (girder prints UTC where Erlang prints
/// local time).
fn time() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seconds = now.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let of_day = seconds % 86_400;
    format!(
        "{day}-{}-{year}::{:02}:{:02}:{:02}.{:06}",
        MONTHS[(month - 1) as usize],
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60,
        now.subsec_micros()
    )
}

/// The proleptic Gregorian (year, month, day) of a count of days since
/// 1970-01-01 (the calendar BIFs use it too).
pub(crate) fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
    }
}
