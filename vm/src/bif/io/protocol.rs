//! Erlang's I/O protocol, as far as girder speaks it: where a process's
//! output goes (this node's standard output, or its group leader on the
//! node it was spawned from), which device an I/O request names, and the
//! `put_chars` requests themselves, read and built.
//!
//! girder has no group leader processes (see [`crate::dist::io`]): a
//! request to a device this node prints is printed at once, and only a
//! request to another I/O server is handed back to the caller to send.

use crate::dist::{io_to_group_leader, GROUP_LEADER};
use crate::exception::Exception;
use crate::memory::heap::Heap;
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

/// Resolves a device as Erlang's `io` module does: the atoms `standard_io`,
/// `user` and `standard_error`, a registered name, or a pid.
///
/// An atom that is neither a device nor a registered name raises `badarg`;
/// the caller's own pid (or name) `calling_self`; a device that is neither
/// an atom nor a pid `function_clause`.
pub(super) fn resolve_device(vm: &Vm, caller: Term, device: Term) -> Result<Device, Exception> {
    let pid = match device.as_atom() {
        Some(name) => match name.name() {
            "standard_io" => return Ok(Device::StandardIo),
            "user" => return Ok(Device::NodeOutput),
            "standard_error" => return Ok(Device::StandardError),
            _ => vm.registry.whereis(name).ok_or_else(Exception::badarg)?,
        },
        None if device.is_pid() => device,
        None => return Err(Exception::error_atom(atoms::FUNCTION_CLAUSE)),
    };
    if pid == caller {
        return Err(Exception::error_atom(atoms::CALLING_SELF));
    }
    Ok(if pid == GROUP_LEADER { Device::NodeOutput } else { Device::Server(pid) })
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
