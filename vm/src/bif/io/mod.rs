//! Output BIFs: `io:format/1,2`, `io:put_chars/1`, `io_lib:format/2`,
//! `io:local_request/2` (the rest of the `io` module is written over them in
//! the standard library), `erlang:display/1` and
//! `error_logger:print_report/3`.
//!
//! Each BIF is a thin layer over the module that does its job: the format
//! engine ([`format`]), Erlang's I/O protocol and where output goes
//! ([`protocol`]), character data ([`chardata`]), the term printer
//! ([`crate::term::print`]). The BIFs charge for the characters they write.

pub(crate) mod protocol;

use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::report::{self, LoggerLevel, LoggerText};
use crate::term::build;
use crate::term::chardata::chardata_bytes;
use crate::term::format::format_to_string;
use crate::term::print::{self, Style};
use crate::term::{atoms, Term};
use protocol::Device;

/// Characters of output for one reduction.
const CHARS_PER_REDUCTION: usize = 64;

fn charge_chars(ctx: &mut BifCtx<'_>, n_chars: usize) {
    charge(ctx, n_chars * super::data::ELEMENTS_PER_REDUCTION / CHARS_PER_REDUCTION);
}

/// `io:format/1` and `io:fwrite/1`: prints a format string that takes no
/// arguments.
pub fn format1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    print_formatted(ctx, args[0], Term::NIL)
}

/// `io:format/2` and `io:fwrite/2`: prints a format string with its
/// arguments.
pub fn format2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    print_formatted(ctx, args[0], args[1])
}

/// Prints to the caller's group leader when that is this node's output;
/// a group leader that is a process gets the request from `io:format/3`.
fn print_formatted(ctx: &mut BifCtx<'_>, format: Term, arguments: Term) -> BifResult {
    if protocol::local_group_leader(ctx.process).is_some() {
        return Ok(ctx.trap_to(atoms::IO, atoms::FORMAT, &[Term::atom(atoms::STANDARD_IO), format, arguments]));
    }
    let text = format_to_string(format, arguments)?;
    charge_chars(ctx, text.len());
    protocol::write_process_output(ctx.vm, ctx.process.pid, text.as_bytes());
    Ok(Term::atom(atoms::OK))
}

/// `io_lib:format/2`: the formatted characters as a flat list.
pub fn io_lib_format(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = format_to_string(args[0], args[1])?;
    charge_chars(ctx, text.len());
    Ok(build::string(&mut ctx.process.heap, &text))
}

/// `io:put_chars/1`: prints characters given as a string, a binary (UTF-8)
/// or an iolist of them.
pub fn put_chars(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if protocol::local_group_leader(ctx.process).is_some() {
        return Ok(ctx.trap_to(atoms::IO, atoms::PUT_CHARS, &[Term::atom(atoms::STANDARD_IO), args[0]]));
    }
    let bytes = chardata_bytes(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, bytes.len());
    protocol::write_process_output(ctx.vm, ctx.process.pid, &bytes);
    Ok(Term::atom(atoms::OK))
}

/// `erlang:display/1`: prints a term as the runtime's own printer does, and
/// a line end; returns `true`.
///
/// The line ends in `\r\n`, as Erlang/OTP's runtime writes it.
pub fn display(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut text = String::new();
    print::write_flat(&mut text, args[0], Style::Display);
    text.push_str("\r\n");
    charge_chars(ctx, text.len());
    ctx.vm.write_output(text.as_bytes());
    Ok(Term::boolean(true))
}

/// `erlang:display_string/1`: writes a string to standard error as it is,
/// with no line end; `true`. `badarg` for anything but a list of
/// characters. (OTP's logger writes its own errors with it.)
pub fn display_string(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let text = crate::term::build::char_list_to_string(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, text.len());
    ctx.vm.write_error(text.as_bytes());
    Ok(Term::boolean(true))
}

/// `io:local_request/2`: the half of an I/O request that needs no reply,
/// for `io:put_chars/2`, `io:format/3` and `io:nl/0,1` (written over it in
/// the standard library's `io` module).
///
/// An input request (`get_line`, `get_chars`, `get_until`,
/// `get_password`, or `requests` holding one) to a device of this node
/// gives `input`: the node's terminal I/O server (`user`) serves it, as
/// the caller's `io` function then asks it to.
///
/// The request is one of Erlang's I/O protocol: `{put_chars, unicode,
/// Chars}`, `{put_chars, unicode, io_lib, format, [Format, Args]}`, or `nl`.
/// The device is resolved as Erlang's `io` module resolves it:
///
/// - `standard_io`: the caller's group leader. The characters are printed
///   as `io:put_chars/1` prints them (on this node, or on the node the
///   process was spawned from); returns `ok`.
/// - `user`: this node's standard output; returns `ok`.
/// - `standard_error`: this node's standard error; returns `ok`.
/// - the pid standing for this node's output as a group leader
///   ([`GROUP_LEADER`](crate::dist::GROUP_LEADER)): printed; returns `ok`.
/// - any other pid, or an atom registered for one: an I/O server. Nothing is
///   printed; returns `{Server, Request}`, the request as Erlang's `io`
///   sends it (`nl` as `{put_chars, unicode, "\n"}`, and characters given
///   as a list turned into a binary for a server on this node), for the
///   caller to send and wait for the reply.
///
/// An atom that is neither a device nor a registered name, and a request
/// this node cannot print (characters that are not chardata, a format that
/// does not fit its arguments) raise `badarg`; the caller's own pid (or
/// name) raises `calling_self`, and a device that is neither an atom nor a
/// pid `function_clause`, as in Erlang.
pub fn local_request(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (device, request) = (args[0], args[1]);
    let device = protocol::resolve_device(ctx.vm, ctx.process, device)?;
    if let Device::Server(server) = device {
        return Ok(protocol::server_request(&mut ctx.process.heap, server, request));
    }
    if protocol::wants_input(request) {
        return Ok(Term::atom(atoms::INPUT));
    }
    if let Some(reply) = protocol::option_reply(ctx.vm, &mut ctx.process.heap, device, request) {
        return Ok(reply);
    }
    if let Some(&[tag, requests]) = request.as_tuple() {
        if tag.as_atom() == Some(atoms::REQUESTS) {
            return local_requests(ctx, device, requests);
        }
    }
    let bytes = protocol::request_bytes(request).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, bytes.len());
    protocol::write_to_device(ctx.vm, ctx.process.pid, device, &bytes);
    Ok(Term::atom(atoms::OK))
}

/// `user:read_line/2`: asks the node's line reader (see [`crate::input`])
/// for a line shown with the prompt, given as characters, and `true` as
/// the second argument when the line continues a request begun on an
/// earlier line (a terminal shows the prompt again, a pipe does not);
/// returns a
/// reference at once, and the caller is sent `{Ref, Outcome}` when the
/// line is read. Without a reader (an embedder that gave none), the
/// outcome is `{error, enotsup}` at once. `badarg` for a prompt that is
/// not characters, or a second argument that is not a boolean.
///
/// The node's terminal I/O server (`user`, in the standard library) is
/// its caller: it keeps what was read and not yet taken, and answers the
/// I/O protocol's input requests.
pub fn read_line(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let prompt = chardata_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let prompt = String::from_utf8_lossy(&prompt).into_owned();
    let continued = match args[1] {
        flag if flag == Term::boolean(true) => true,
        flag if flag == Term::boolean(false) => false,
        _ => return Err(Exception::badarg()),
    };
    let number = ctx.vm.next_ref();
    let pid = ctx.process.pid;
    if !ctx.vm.input.request(pid, number, prompt, continued) {
        let heap = &mut ctx.process.heap;
        let reference = build::reference(heap, number);
        let error = build::tuple(heap, &[Term::atom(atoms::ERROR), Term::atom(atoms::ENOTSUP)]);
        let answer = build::tuple(heap, &[reference, error]);
        crate::process::send::send(ctx.vm, ctx.process, pid, answer)?;
    }
    Ok(build::reference(&mut ctx.process.heap, number))
}

/// `{requests, Requests}` on a device of this node: each in turn, up to
/// the first that fails; the reply of the last. One that is not a request
/// of the I/O protocol this node serves gives `{error, {request, R}}`, as
/// erl's devices answer (`nl` is no such request: only `io:nl/0,1` is).
fn local_requests(ctx: &mut BifCtx<'_>, device: Device, requests: Term) -> BifResult {
    let requests = build::list_to_vec(requests).ok_or_else(Exception::badarg)?;
    let mut reply = Term::atom(atoms::OK);
    for request in requests {
        if let Some(option_reply) = protocol::option_reply(ctx.vm, &mut ctx.process.heap, device, request) {
            reply = option_reply;
        } else if let Some(bytes) = crate::term::chardata::put_chars_text(request) {
            charge_chars(ctx, bytes.len());
            protocol::write_to_device(ctx.vm, ctx.process.pid, device, &bytes);
            reply = Term::atom(atoms::OK);
        } else {
            let reason = build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::REQUEST), request]);
            return Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ERROR), reason]));
        }
    }
    Ok(reply)
}

/// `io:printable_range/0`: which characters `~tp` and `io_lib:printable_list/1`
/// take for text. girder prints as erl does by default (`+pc latin1`):
/// `latin1`.
pub fn printable_range(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::atom(atoms::LATIN1))
}

/// `io:columns/0`: girder's output is no terminal it knows the size of:
/// `{error, enotsup}`, as erl answers with `-noshell`. A group leader that
/// is a process is asked by `io:columns/1`.
pub fn columns(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    if protocol::local_group_leader(ctx.process).is_some() {
        return Ok(ctx.trap_to(atoms::IO, atoms::COLUMNS, &[Term::atom(atoms::STANDARD_IO)]));
    }
    terminal_size(ctx)
}

/// `io:rows/0`: as [`columns`], for the height.
pub fn rows(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    if protocol::local_group_leader(ctx.process).is_some() {
        return Ok(ctx.trap_to(atoms::IO, atoms::ROWS, &[Term::atom(atoms::STANDARD_IO)]));
    }
    terminal_size(ctx)
}

fn terminal_size(ctx: &mut BifCtx<'_>) -> BifResult {
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ERROR), Term::atom(atoms::ENOTSUP)]))
}

/// `error_logger:print_report/3`: writes a report of kind `error`, `warning`
/// or `info` to standard error as Erlang/OTP 25's default logger formats
/// it ([`report::logger_message`]): a head with the time, then the
/// formatted text and a line end. A format that does not fit its arguments
/// prints `ERROR: Format - Args` (each as `~p` prints it) instead, as OTP
/// does; returns `ok`. `error_logger:error_msg/1,2`, `warning_msg/1,2` and
/// `info_msg/1,2` are written over it in the standard library.
pub fn print_report(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let level = match args[0].as_atom().map(|kind| kind.name()) {
        Some("error") => LoggerLevel::Error,
        Some("warning") => LoggerLevel::Warning,
        Some("info") => LoggerLevel::Info,
        _ => return Err(Exception::badarg()),
    };
    let text = match format_to_string(args[1], args[2]) {
        Ok(text) => LoggerText::Formatted(text),
        Err(_) => LoggerText::Unformattable { format: args[1], args: args[2] },
    };
    let written = report::logger_message(ctx.vm, level, text);
    charge_chars(ctx, written);
    Ok(Term::atom(atoms::OK))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn io_format_prints_and_returns_ok() {
        let mut bench = Bench::new();
        let format_text = bench.term("\"~s: ~p~n\"");
        let args = bench.term("[\"value\", {ok, [1, 2]}]");
        assert_eq!(bench.call(format2, &[format_text, args]).unwrap(), Term::atom(atoms::OK));
        assert_eq!(bench.take_output(), "value: {ok,[1,2]}\n");
        let plain = bench.term("\"hello~n\"");
        assert_eq!(bench.call(format1, &[plain]).unwrap(), Term::atom(atoms::OK));
        assert_eq!(bench.take_output(), "hello\n");
        let atom_format = bench.term("'~w'");
        let args = bench.term("[x]");
        bench.call(format2, &[atom_format, args]).unwrap();
        let binary_format = bench.term("<<\"~w~n\">>");
        bench.call(format2, &[binary_format, args]).unwrap();
        assert_eq!(bench.take_output(), "xx\n");
        let bad = bench.term("\"~d\"");
        assert!(bench.call(format2, &[bad, args]).is_err());
        assert_eq!(bench.take_output(), "", "nothing is printed on error");
    }

    #[test]
    fn put_chars_takes_chardata() {
        let mut bench = Bench::new();
        for (text, printed) in [
            ("\"abc\"", "abc"),
            ("<<\"def\">>", "def"),
            ("[\"ab\", <<\"c\">>, [100]]", "abcd"),
            ("[[1000]]", "Ϩ"),
            ("[97, [98], 99 | <<\"d\">>]", "abcd"),
            ("[]", ""),
        ] {
            let chars = bench.term(text);
            assert_eq!(bench.call(put_chars, &[chars]).unwrap(), Term::atom(atoms::OK));
            assert_eq!(bench.take_output(), printed, "{text}");
        }
        let split_character = bench.term("[\"a\", <<195>>, <<169>>]");
        bench.call(put_chars, &[split_character]).unwrap();
        assert_eq!(bench.take_output(), "aé");
        for text in ["a", "1", "[1 | 2]", "[a]", "[-1]", "<<255>>"] {
            let chars = bench.term(text);
            assert_eq!(bench.call(put_chars, &[chars]).unwrap_err().reason, Term::atom(atoms::BADARG), "{text}");
        }
    }

    #[test]
    fn display_prints_like_the_runtime() {
        let mut bench = Bench::new();
        for (text, printed) in [
            ("\"abc\"", "\"abc\""),
            ("[1,2]", "[1,2]"),
            ("1.5", "1.500000e+00"),
            ("0.1", "1.000000e-01"),
            ("-1.0e-20", "-1.000000e-20"),
            ("1.0e30", "1.000000e+30"),
            ("{a, <<\"xy\">>, #{k => v}}", "{a,<<\"xy\">>,#{k=>v}}"),
            ("1208925819614629174706176", "1208925819614629174706176"),
            ("[]", "[]"),
            ("<<1,2>>", "<<1,2>>"),
            ("[97 | b]", "[97|b]"),
            ("<<195,169>>", "<<195,169>>"),
            ("[233]", "\"é\""),
            ("[1000]", "[1000]"),
            ("''", "''"),
            ("'A b'", "'A b'"),
            ("\"a\\nb\"", "\"a\\nb\""),
            ("\"a\\\"b\"", "\"a\\\"b\""),
            ("{}", "{}"),
            ("#{}", "#{}"),
            ("[[1], {2, [3 | 4]}]", "[[1],{2,[3|4]}]"),
        ] {
            let term = bench.term(text);
            assert_eq!(bench.call(display, &[term]).unwrap(), Term::boolean(true));
            assert_eq!(bench.take_output(), format!("{printed}\r\n"), "{text}");
        }
        let pid = Term::pid(9);
        bench.call(display, &[pid]).unwrap();
        assert_eq!(bench.take_output(), "<0.9.0>\r\n");
    }

    #[test]
    fn deep_terms_display_without_recursion() {
        let mut bench = Bench::new();
        let mut term = Term::NIL;
        for _ in 0..100_000 {
            term = build::tuple(&mut bench.process.heap, &[term]);
        }
        bench.call(display, &[term]).unwrap();
        assert_eq!(bench.take_output().len(), 100_000 * 2 + 4);
    }
}
