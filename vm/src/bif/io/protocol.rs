//! Erlang's I/O protocol, as far as girder speaks it: where a process's
//! output goes (this node's standard output, or its group leader on the
//! node it was spawned from), which device an I/O request names, and the
//! `put_chars` requests themselves, read and built.
//!
//! A process's group leader is this node's output unless it is given a
//! process for one (`group_leader/2`, as EUnit does to capture a test's
//! output) or was spawned from another node (see [`crate::dist::io`]). A
//! request to a device this node serves itself is carried out at once,
//! and only a request to an I/O server is handed back to the caller to
//! send.

use crate::dist::{io_to_group_leader, GROUP_LEADER};
use crate::exception::Exception;
use crate::memory::heap::Heap;
use crate::process::Process;
use crate::term::chardata::{chardata_bytes, put_chars_text};
use crate::term::{atoms, build, Term};
use crate::vm::Vm;

/// Where an I/O request goes, once its device is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Device {
    /// `standard_io`: the caller's group leader, printed as
    /// [`write_process_output`] prints.
    StandardIo,
    /// `standard_error`: this node's standard error.
    StandardError,
    /// `user`, or [`GROUP_LEADER`]: this node's standard output.
    NodeOutput,
    /// Any other pid: an I/O server, to which the caller sends the request.
    Server(Term),
}

/// The group leader `process` was given that is a process of this node,
/// if it has one: its output is that I/O server's to handle.
pub(super) fn local_group_leader(process: &Process) -> Option<Term> {
    process.extras.as_ref().and_then(|extras| extras.group_leader)
}

/// Resolves a device as Erlang's `io` module does for `caller`: the atoms
/// `standard_io` (its group leader), `user` and `standard_error`, a
/// registered name, or a pid.
///
/// An atom that is neither a device nor a registered name raises `badarg`;
/// the caller's own pid (or name) `calling_self`; a device that is neither
/// an atom nor a pid `function_clause`.
pub(super) fn resolve_device(vm: &Vm, caller: &Process, device: Term) -> Result<Device, Exception> {
    let pid = match device.as_atom() {
        Some(name) => match name.name() {
            "standard_io" => match local_group_leader(caller) {
                Some(leader) => leader,
                None => return Ok(Device::StandardIo),
            },
            "user" => return Ok(Device::NodeOutput),
            "standard_error" => return Ok(Device::StandardError),
            _ => vm.registry.whereis(name).ok_or_else(Exception::badarg)?,
        },
        None if device.is_pid() => device,
        None => return Err(Exception::error_atom(atoms::FUNCTION_CLAUSE)),
    };
    if pid == caller.pid {
        return Err(Exception::error_atom(atoms::CALLING_SELF));
    }
    Ok(if pid == GROUP_LEADER { Device::NodeOutput } else { Device::Server(pid) })
}

/// Whether a request of the I/O protocol reads input: `{get_line, Enc,
/// Prompt}`, `{get_chars, Enc, Prompt, N}`, `{get_until, Enc, Prompt, M,
/// F, Args}`, `{get_password, Enc}` (and the older forms without an
/// encoding), or `{requests, Requests}` with one of them among its
/// requests.
pub(super) fn wants_input(request: Term) -> bool {
    let Some(elements) = request.as_tuple() else { return false };
    let Some(tag) = elements.first().and_then(|tag| tag.as_atom()) else { return false };
    match (tag.name(), elements.len()) {
        ("get_line", 2 | 3) | ("get_chars", 3 | 4) | ("get_until", 5 | 6) | ("get_password", 1 | 2) => true,
        ("requests", 2) => {
            let mut requests = build::ListIter::new(elements[1]);
            requests.any(wants_input)
        }
        _ => false,
    }
}

/// Whether a request is `nl`, a line end.
fn is_nl(request: Term) -> bool {
    request.as_atom().is_some_and(|name| name.name() == "nl")
}

/// `{Server, Request}`: the request as Erlang's `io` sends it to an I/O
/// server, built on `heap` for the caller to send. `nl` becomes
/// `{put_chars, unicode, "\n"}`, and characters given as a list become a
/// binary for a server on this node; anything else goes as it is.
pub(super) fn server_request(heap: &mut Heap, server: Term, request: Term) -> Term {
    let put_chars = |heap: &mut Heap, chars: Term| {
        build::tuple(heap, &[Term::atom(atoms::PUT_CHARS), Term::atom(atoms::UNICODE), chars])
    };
    let request = match request.as_tuple() {
        _ if is_nl(request) => {
            let newline = build::string(heap, "\n");
            put_chars(heap, newline)
        }
        Some(&[_, _, chars]) if server.is_local_pid() && chars.is_list() => match chardata_bytes(chars) {
            Some(bytes) => {
                let binary = build::binary(heap, &bytes);
                put_chars(heap, binary)
            }
            None => request,
        },
        _ => request,
    };
    build::tuple(heap, &[server, request])
}

/// The bytes a request prints on a device of this node: a line end for
/// `nl`, or what [`put_chars_text`] reads; `None` for a request this node
/// cannot print.
pub(super) fn request_bytes(request: Term) -> Option<Vec<u8>> {
    if is_nl(request) {
        Some(b"\n".to_vec())
    } else {
        put_chars_text(request)
    }
}

/// The reply of a device this node serves to a request that prints
/// nothing, as erl's own devices give it with `-noshell`: `getopts` gives
/// the terminal's modes (`binary` false and encoding `latin1` until
/// `setopts` changes them; standard error gives its encoding only),
/// `{setopts, Options}` `ok` for options erl takes, which set the modes
/// of the terminal (girder writes output the same whatever they say; the
/// binary mode shapes what input requests give), and `{error, enotsup}`
/// for others; `{get_geometry, _}` `{error, enotsup}`. `None` for any other
/// request.
pub(super) fn option_reply(vm: &Vm, heap: &mut Heap, device: Device, request: Term) -> Option<Term> {
    let error = |heap: &mut Heap, reason: Term| build::tuple(heap, &[Term::atom(atoms::ERROR), reason]);
    if request.as_atom() == Some(atoms::GETOPTS) {
        let unicode = device != Device::StandardError && vm.input.unicode();
        let name = if unicode { atoms::UNICODE } else { atoms::LATIN1 };
        let encoding = build::tuple(heap, &[Term::atom(atoms::ENCODING), Term::atom(name)]);
        let mut options = build::list_from_slice(heap, &[encoding]);
        if device != Device::StandardError {
            let binary = build::tuple(heap, &[Term::atom(atoms::BINARY), Term::boolean(vm.input.binary())]);
            options = build::cons(heap, binary, options);
        }
        return Some(options);
    }
    match *request.as_tuple()? {
        [tag, options] if tag.as_atom() == Some(atoms::SETOPTS) => {
            // Every option is read first: one erl's device does not take
            // leaves the modes as they were.
            let modes: Option<Vec<Mode>> = build::list_to_vec(options).and_then(|options| {
                options
                    .into_iter()
                    .map(|option| mode_of(option).filter(|mode| device != Device::StandardError || mode.is_encoding()))
                    .collect()
            });
            let Some(modes) = modes else { return Some(error(heap, Term::atom(atoms::ENOTSUP))) };
            if device != Device::StandardError {
                for mode in modes {
                    match mode {
                        Mode::Binary(binary) => vm.input.set_binary(binary),
                        Mode::Unicode(unicode) => vm.input.set_unicode(unicode),
                    }
                }
            }
            Some(Term::atom(atoms::OK))
        }
        [tag, _] if tag.as_atom() == Some(atoms::GET_GEOMETRY) => Some(error(heap, Term::atom(atoms::ENOTSUP))),
        _ => None,
    }
}

/// A mode an option of `io:setopts/2` sets on the node's terminal.
#[derive(Clone, Copy)]
enum Mode {
    /// `binary`, `list` or `{binary, Boolean}`: whether input is given as
    /// binaries.
    Binary(bool),
    /// `{encoding, latin1 | unicode | utf8}` (`utf8` being another name of
    /// `unicode`): whether the encoding is `unicode`.
    Unicode(bool),
}

impl Mode {
    /// Whether the mode is an encoding, the one option erl's standard error
    /// takes.
    fn is_encoding(self) -> bool {
        matches!(self, Mode::Unicode(_))
    }
}

/// The mode an option sets, for an option erl's standard output takes.
fn mode_of(option: Term) -> Option<Mode> {
    let name = |term: Term| term.as_atom().map(|atom| atom.name());
    match (name(option), option.as_tuple()) {
        (Some("binary"), _) => Some(Mode::Binary(true)),
        (Some("list"), _) => Some(Mode::Binary(false)),
        (None, Some(&[key, value])) => match (name(key)?, name(value)?) {
            ("binary", "true") => Some(Mode::Binary(true)),
            ("binary", "false") => Some(Mode::Binary(false)),
            ("encoding", "latin1") => Some(Mode::Unicode(false)),
            ("encoding", "unicode" | "utf8") => Some(Mode::Unicode(true)),
            _ => None,
        },
        _ => None,
    }
}

/// Writes `bytes` to a device of this node for the process `caller`.
///
/// A [`Device::Server`] is not one: its requests are the caller's to send
/// ([`server_request`]), and bytes meant for one are written nowhere.
pub(super) fn write_to_device(vm: &Vm, caller: Term, device: Device, bytes: &[u8]) {
    match device {
        Device::StandardIo => write_process_output(vm, caller, bytes),
        Device::StandardError => vm.write_error(bytes),
        Device::NodeOutput => vm.write_output(bytes),
        Device::Server(_) => {}
    }
}

/// Writes the output of the local process `pid`: to this node's standard
/// output, or, for a process spawned from another node, to its group
/// leader there, as Erlang's I/O goes.
pub(super) fn write_process_output(vm: &Vm, pid: Term, bytes: &[u8]) {
    if !io_to_group_leader(vm, pid, bytes) {
        vm.write_output(bytes);
    }
}
