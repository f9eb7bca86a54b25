//! Output BIFs: `io:format/1,2`, `io:put_chars/1`, `io_lib:format/2` and
//! `erlang:display/1`.
//!
//! The formatter follows Erlang/OTP's `io_lib:format/2`. A directive is
//! `~F.P.PadModC`: an optional field width `F` (a leading `-` adjusts left),
//! an optional precision `P`, an optional padding character (default space),
//! any of the modifiers `t` (Unicode) and `l` (no string detection), and the
//! control character. `F`, `P` and the padding may be `*`, taking the value
//! from the arguments. The control characters are:
//!
//! | control | argument | output |
//! |---|---|---|
//! | `~w` | any term | the term on one line; `F` pads, a longer term becomes `F` stars |
//! | `~p` | any term | the term as `~p` prints it, broken over lines of `F` (default 80) characters, starting at column `P` (default: where it starts) |
//! | `~s` | string, binary, atom or iolist | the characters; `P` truncates, `F` pads |
//! | `~c` | integer | the character, `P` times (default 1) |
//! | `~f` | float | `[-]ddd.ddd` with `P` decimals (default 6) |
//! | `~e` | float | `[-]d.ddde+dd` with `P` significant digits (default 6) |
//! | `~g` | float | `~f` for 0.1 ≤ \|x\| < 10000, otherwise `~e` |
//! | `~b` `~B` | integer | the digits in base `P` (default 10), lower or upper case |
//! | `~x` `~X` | integer, prefix | the prefix, then the digits |
//! | `~+` `~#` | integer | Erlang's `Base#Digits` form |
//! | `~i` | any term | nothing: the argument is skipped |
//! | `~n` | | a newline |
//! | `~~` | | a tilde |
//!
//! Anything else, a wrong argument, or a count of arguments that does not
//! match raises `badarg`, and nothing is printed. Output is written in UTF-8.

use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bigint::{bigint_of, to_num, Num};
use crate::term::build::{self, binary_bytes, ListIter};
use crate::term::print::{self, write_pretty, Style};
use crate::term::{atoms, Term};
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// The default line length of `~p`.
const DEFAULT_LINE_LENGTH: usize = 80;

/// The widest field or precision a directive may ask for; a larger one is
/// refused with `badarg` rather than padding without bound.
const MAX_FIELD: usize = 1 << 24;

/// Characters of output for one reduction.
const CHARS_PER_REDUCTION: usize = 64;

fn charge_chars(ctx: &mut BifCtx<'_>, n_chars: usize) {
    charge(ctx, n_chars * super::data::ELEMENTS_PER_REDUCTION / CHARS_PER_REDUCTION);
}

/// `io:format/1`: prints a format string that takes no arguments.
pub fn format1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    print_formatted(ctx, args[0], Term::NIL)
}

/// `io:format/2`: prints a format string with its arguments.
pub fn format2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    print_formatted(ctx, args[0], args[1])
}

fn print_formatted(ctx: &mut BifCtx<'_>, format: Term, arguments: Term) -> BifResult {
    let text = format_to_string(format, arguments)?;
    charge_chars(ctx, text.len());
    output(ctx, text.as_bytes());
    Ok(Term::atom(atoms::OK))
}

/// Writes a process's output: to this node's standard output, or, for a
/// process spawned from another node, to its group leader there, as
/// Erlang's I/O goes.
fn output(ctx: &mut BifCtx<'_>, bytes: &[u8]) {
    if !crate::dist::io_to_group_leader(ctx.vm, ctx.process.pid, bytes) {
        ctx.vm.write_output(bytes);
    }
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
    let bytes = chardata_bytes(args[0]).ok_or_else(Exception::badarg)?;
    charge_chars(ctx, bytes.len());
    output(ctx, &bytes);
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

/// `io:local_request/2`: the half of an I/O request that needs no reply,
/// for `io:put_chars/2`, `io:format/3` and `io:nl/0,1` (written over it in
/// the standard library's `io` module).
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
    let device = match device.as_atom() {
        Some(name) => match name.name() {
            "standard_io" | "user" | "standard_error" => device,
            _ => ctx.vm.registry.whereis(name).ok_or_else(Exception::badarg)?,
        },
        None if device.is_pid() => device,
        None => return Err(Exception::error_atom(atoms::FUNCTION_CLAUSE)),
    };
    if device == ctx.process.pid {
        return Err(Exception::error_atom(atoms::CALLING_SELF));
    }
    let is_nl = request.as_atom().is_some_and(|name| name.name() == "nl");
    if device.is_pid() && device != crate::dist::GROUP_LEADER {
        let heap = &mut ctx.process.heap;
        let put_chars = |heap: &mut crate::heap::Heap, chars: Term| {
            build::tuple(heap, &[Term::atom(atoms::PUT_CHARS), Term::atom(atoms::UNICODE), chars])
        };
        let request = match request.as_tuple() {
            _ if is_nl => {
                let newline = build::string(heap, "\n");
                put_chars(heap, newline)
            }
            Some(&[_, _, chars]) if device.is_local_pid() && chars.is_list() => match chardata_bytes(chars) {
                Some(bytes) => {
                    let binary = build::binary(heap, &bytes);
                    put_chars(heap, binary)
                }
                None => request,
            },
            _ => request,
        };
        return Ok(build::tuple(heap, &[device, request]));
    }
    let bytes =
        if is_nl { b"\n".to_vec() } else { crate::dist::put_chars_text(request).ok_or_else(Exception::badarg)? };
    charge_chars(ctx, bytes.len());
    match device.as_atom().map(|name| name.name()) {
        Some("standard_io") => output(ctx, &bytes),
        Some("standard_error") => ctx.vm.write_error(&bytes),
        _ => ctx.vm.write_output(&bytes),
    }
    Ok(Term::atom(atoms::OK))
}

/// `error_logger:print_report/3`: writes a report of kind `error`, `warning`
/// or `info` to standard error as Erlang/OTP 25's default logger formats
/// it: `=ERROR REPORT==== 22-Nov-2026::06:44:56.100447 ===`, then the
/// formatted text and a line end. A format that does not fit its arguments
/// prints `ERROR: Format - Args` (each as `~p` prints it) instead, as OTP
/// does; returns `ok`. `error_logger:error_msg/1,2`, `warning_msg/1,2` and
/// `info_msg/1,2` are written over it in the standard library.
pub fn print_report(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let title = match args[0].as_atom().map(|kind| kind.name()) {
        Some("error") => "ERROR",
        Some("warning") => "WARNING",
        Some("info") => "INFO",
        _ => return Err(Exception::badarg()),
    };
    let body = match format_to_string(args[1], args[2]) {
        Ok(text) => text,
        Err(_) => {
            let mut text = String::from("ERROR: ");
            write_pretty(&mut text, args[1], 8, DEFAULT_LINE_LENGTH);
            text.push_str(" - ");
            let column = text.chars().count() + 1;
            write_pretty(&mut text, args[2], column, DEFAULT_LINE_LENGTH);
            text
        }
    };
    let report = format!("={title} REPORT==== {} ===\n{body}\n", crate::run::report_time());
    charge_chars(ctx, report.len());
    ctx.vm.write_error(report.as_bytes());
    Ok(Term::atom(atoms::OK))
}

// ---- character data ----

/// The bytes `io:put_chars/1` writes for chardata: code points encoded in
/// UTF-8, binaries as they are (together they must be valid UTF-8). `None`
/// for anything else.
pub(crate) fn chardata_bytes(term: Term) -> Option<Vec<u8>> {
    if !(term.is_list() || binary_bytes(term).is_some()) {
        return None;
    }
    let mut bytes = Vec::new();
    // Parts still to write, the next on top: lists, binaries and characters.
    let mut pending = vec![term];
    while let Some(item) = pending.pop() {
        if let Some(data) = binary_bytes(item) {
            bytes.extend_from_slice(data);
            continue;
        }
        if let Some(code) = item.as_small() {
            let c = char::from_u32(u32::try_from(code).ok()?)?;
            bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            continue;
        }
        let (head, tail) = match item.as_cons() {
            Some(cell) => cell,
            None if item.is_nil() => continue,
            None => return None,
        };
        if !(tail.is_list() || binary_bytes(tail).is_some()) {
            return None;
        }
        if !(head.is_small() || head.is_list() || binary_bytes(head).is_some()) {
            return None;
        }
        pending.push(tail);
        pending.push(head);
    }
    std::str::from_utf8(&bytes).is_ok().then_some(bytes)
}

/// The characters of `~s`'s argument: an atom's name, or the characters of
/// a string, binary or iolist. Without the `t` modifier every character must
/// be below 256 and binaries are read byte by byte (Latin-1); with it,
/// binaries are read as UTF-8.
fn chars_of_chardata(term: Term, unicode: bool) -> Option<Vec<char>> {
    if let Some(atom) = term.as_atom() {
        let chars: Vec<char> = atom.name().chars().collect();
        return (unicode || chars.iter().all(|&c| (c as u32) < 256)).then_some(chars);
    }
    let mut chars = Vec::new();
    let mut pending = vec![term];
    while let Some(item) = pending.pop() {
        if let Some(data) = binary_bytes(item) {
            if unicode {
                chars.extend(std::str::from_utf8(data).ok()?.chars());
            } else {
                chars.extend(data.iter().map(|&byte| char::from(byte)));
            }
            continue;
        }
        let (head, tail) = match item.as_cons() {
            Some(cell) => cell,
            None if item.is_nil() => continue,
            None => return None,
        };
        if !(tail.is_list() || binary_bytes(tail).is_some()) {
            return None;
        }
        pending.push(tail);
        if let Some(code) = head.as_small() {
            let c = char::from_u32(u32::try_from(code).ok()?)?;
            if !unicode && (c as u32) >= 256 {
                return None;
            }
            chars.push(c);
        } else if head.is_list() || binary_bytes(head).is_some() {
            pending.push(head);
        } else {
            return None;
        }
    }
    Some(chars)
}

/// The characters of a format string: a flat list of code points, a binary
/// (read byte by byte, as `io_lib` does) or an atom.
fn format_chars(format: Term) -> Option<Vec<char>> {
    if let Some(atom) = format.as_atom() {
        return Some(atom.name().chars().collect());
    }
    if let Some(bytes) = binary_bytes(format) {
        return Some(bytes.iter().map(|&byte| char::from(byte)).collect());
    }
    let mut chars = Vec::new();
    let mut iter = ListIter::new(format);
    for element in iter.by_ref() {
        chars.push(char::from_u32(u32::try_from(element.as_small()?).ok()?)?);
    }
    iter.rest().is_nil().then_some(chars)
}

// ---- the formatter ----

/// Which way a field is padded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Adjust {
    Left,
    Right,
}

/// One parsed directive.
#[derive(Clone, Copy, Debug)]
struct Directive {
    width: Option<usize>,
    adjust: Adjust,
    precision: Option<usize>,
    pad: char,
    unicode: bool,
    strings: bool,
    control: char,
}

/// Formats as `io_lib:format/2` does; `badarg` on any error.
pub(crate) fn format_to_string(format: Term, arguments: Term) -> Result<String, Exception> {
    let chars = format_chars(format).ok_or_else(Exception::badarg)?;
    let arguments = build::list_to_vec(arguments).ok_or_else(Exception::badarg)?;
    let mut formatter = Formatter { out: String::new(), column: 0, arguments: arguments.into_iter() };
    formatter.run(&chars).ok_or_else(Exception::badarg)?;
    if formatter.arguments.next().is_some() {
        return Err(Exception::badarg());
    }
    Ok(formatter.out)
}

/// The state of one formatting: the text so far, its current column, and
/// the arguments not yet used.
struct Formatter {
    out: String,
    /// The column (0-based) the next character goes to, as `io_lib` counts
    /// it: a newline resets it, a tab moves to the next multiple of 8.
    column: usize,
    arguments: std::vec::IntoIter<Term>,
}

impl Formatter {
    fn run(&mut self, chars: &[char]) -> Option<()> {
        let mut at = 0;
        while at < chars.len() {
            let c = chars[at];
            at += 1;
            if c != '~' {
                self.emit_char(c);
                continue;
            }
            let directive = self.parse(chars, &mut at)?;
            self.control(directive)?;
        }
        Some(())
    }

    fn next_argument(&mut self) -> Option<Term> {
        self.arguments.next()
    }

    /// The depth argument of `~W` and `~P`: an integer, where a negative
    /// one means no limit.
    fn depth_argument(&mut self) -> Option<usize> {
        let depth = self.next_argument()?;
        if !depth.is_integer() {
            return None;
        }
        Some(depth.as_small().and_then(|depth| usize::try_from(depth).ok()).unwrap_or(print::NO_DEPTH_LIMIT))
    }

    fn emit_char(&mut self, c: char) {
        self.out.push(c);
        self.column = match c {
            '\n' => 0,
            '\t' => (self.column + 8) / 8 * 8,
            _ => self.column + 1,
        };
    }

    fn emit(&mut self, text: &str) {
        for c in text.chars() {
            self.emit_char(c);
        }
    }

    /// A field value: `*` (an integer argument), digits, or nothing.
    fn field_value(&mut self, chars: &[char], at: &mut usize) -> Option<Option<i64>> {
        match chars.get(*at) {
            Some('*') => {
                *at += 1;
                let value = self.next_argument()?.as_small()?;
                Some(Some(value))
            }
            Some(c) if c.is_ascii_digit() => {
                let mut value: i64 = 0;
                while let Some(digit) = chars.get(*at).and_then(|c| c.to_digit(10)) {
                    value = value.checked_mul(10)?.checked_add(i64::from(digit))?;
                    *at += 1;
                }
                Some(Some(value))
            }
            _ => Some(None),
        }
    }

    fn parse(&mut self, chars: &[char], at: &mut usize) -> Option<Directive> {
        let negated = chars.get(*at) == Some(&'-');
        if negated {
            *at += 1;
        }
        let width = match self.field_value(chars, at)? {
            // `~-s` has no value to negate: Erlang fails on it.
            None if negated => return None,
            None => None,
            Some(value) => Some(if negated { value.checked_neg()? } else { value }),
        };
        let (width, adjust) = match width {
            Some(value) if value < 0 => (Some(value.unsigned_abs()), Adjust::Left),
            Some(value) => (Some(value as u64), Adjust::Right),
            None => (None, Adjust::Right),
        };
        let mut precision = None;
        let mut pad = ' ';
        if chars.get(*at) == Some(&'.') {
            *at += 1;
            precision = match self.field_value(chars, at)? {
                Some(value) => Some(u64::try_from(value).ok()?),
                None => None,
            };
            if chars.get(*at) == Some(&'.') {
                *at += 1;
                pad = match chars.get(*at)? {
                    '*' => {
                        let code = self.next_argument()?.as_small()?;
                        char::from_u32(u32::try_from(code).ok()?)?
                    }
                    &c => c,
                };
                *at += 1;
            }
        }
        let (mut unicode, mut strings) = (false, true);
        loop {
            match chars.get(*at)? {
                't' => unicode = true,
                'l' => strings = false,
                _ => break,
            }
            *at += 1;
        }
        let control = *chars.get(*at)?;
        *at += 1;
        let limit = |value: Option<u64>| match value {
            Some(value) if value > MAX_FIELD as u64 => None,
            other => Some(other.map(|value| value as usize)),
        };
        Some(Directive { width: limit(width)?, adjust, precision: limit(precision)?, pad, unicode, strings, control })
    }

    fn control(&mut self, d: Directive) -> Option<()> {
        match d.control {
            'w' | 'W' => {
                let term = self.next_argument()?;
                let depth = if d.control == 'W' { self.depth_argument()? } else { print::NO_DEPTH_LIMIT };
                let mut text = String::new();
                print::write_limited(&mut text, term, Style::Write, depth);
                self.emit(&term_field(&text, d.width, d.adjust, d.precision, d.pad));
            }
            'p' | 'P' => {
                let term = self.next_argument()?;
                let depth = if d.control == 'P' { self.depth_argument()? } else { print::NO_DEPTH_LIMIT };
                if d.adjust == Adjust::Left {
                    return None;
                }
                let mut text = String::new();
                if d.strings {
                    let line_length = d.width.unwrap_or(DEFAULT_LINE_LENGTH);
                    let column = d.precision.unwrap_or(self.column + 1);
                    print::write_pretty_limited(&mut text, term, column, line_length, depth);
                } else {
                    print::write_limited(&mut text, term, Style::Write, depth);
                }
                self.emit(&text);
            }
            's' => {
                let chars = chars_of_chardata(self.next_argument()?, d.unicode)?;
                self.emit(&string_field(&chars, d.width, d.adjust, d.precision, d.pad)?);
            }
            'c' => {
                let term = self.next_argument()?;
                let c = if d.unicode {
                    char::from_u32(u32::try_from(term.as_small()?).ok()?)?
                } else {
                    let low_byte = match term.as_small() {
                        Some(value) => value & 0xff,
                        None => (bigint_of(term)? & BigInt::from(0xff)).to_i64()?,
                    };
                    char::from(low_byte as u8)
                };
                self.emit(&char_field(c, d.width, d.adjust, d.precision, d.pad)?);
            }
            'f' | 'e' | 'g' => {
                let value = self.next_argument()?.as_float()?;
                let text = match d.control {
                    'f' => fixed_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                    'e' => exponent_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                    _ => general_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                };
                self.emit(&text);
            }
            'b' | 'B' | 'x' | 'X' | '+' | '#' => {
                let term = self.next_argument()?;
                if !term.is_integer() {
                    return None;
                }
                let base = match d.precision {
                    None => 10,
                    Some(base @ 2..=36) => base as u32,
                    Some(_) => return None,
                };
                let prefix = match d.control {
                    'x' | 'X' => prefix_chars(self.next_argument()?)?,
                    '+' | '#' => format!("{base}#"),
                    _ => String::new(),
                };
                let lower_case = matches!(d.control, 'b' | 'x' | '+');
                let text = integer_text(term, base, &prefix, lower_case)?;
                self.emit(&term_field(&text, d.width, d.adjust, None, d.pad));
            }
            'i' => {
                self.next_argument()?;
            }
            'n' => match (d.width, d.adjust) {
                (None, _) => self.emit("\n"),
                (Some(width), Adjust::Right) => self.emit(&"\n".repeat(width)),
                (Some(_), Adjust::Left) => return None,
            },
            '~' => self.emit(&char_field('~', d.width, d.adjust, d.precision, d.pad)?),
            _ => return None,
        }
        Some(())
    }
}

/// The prefix argument of `~x`/`~X`: an atom's name or a deep list of characters.
fn prefix_chars(term: Term) -> Option<String> {
    if let Some(atom) = term.as_atom() {
        return Some(atom.name().to_owned());
    }
    let mut text = String::new();
    // The lists being walked, innermost on top.
    let mut walking = vec![ListIter::new(term)];
    while let Some(iter) = walking.last_mut() {
        match iter.next() {
            Some(element) if element.is_list() => walking.push(ListIter::new(element)),
            Some(element) => text.push(char::from_u32(u32::try_from(element.as_small()?).ok()?)?),
            None if iter.rest().is_nil() => {
                walking.pop();
            }
            None => return None,
        }
    }
    Some(text)
}

/// The digits of an integer with a prefix after its sign, as `~b`, `~x` and
/// `~#` write them.
fn integer_text(term: Term, base: u32, prefix: &str, lower_case: bool) -> Option<String> {
    let value = match to_num(term)? {
        Num::Int(value) => BigInt::from(value),
        Num::Big(value) => value,
        Num::Float(_) => return None,
    };
    let digits = value.magnitude().to_str_radix(base);
    let digits = if lower_case { digits } else { digits.to_ascii_uppercase() };
    let sign = if value.sign() == num_bigint::Sign::Minus { "-" } else { "" };
    Some(format!("{sign}{prefix}{digits}"))
}

// ---- fields: Erlang's padding and truncation rules ----

fn padding(pad: char, n: usize) -> String {
    (0..n).map(|_| pad).collect()
}

fn adjusted(text: &str, pad: &str, adjust: Adjust) -> String {
    match adjust {
        Adjust::Left => format!("{text}{pad}"),
        Adjust::Right => format!("{pad}{text}"),
    }
}

/// A term's text in a field: padded to the width, or replaced by stars when
/// longer than the precision or the width allow.
fn term_field(text: &str, width: Option<usize>, adjust: Adjust, precision: Option<usize>, pad: char) -> String {
    let Some(width) = width.or(precision) else {
        return text.to_owned();
    };
    let length = text.chars().count();
    let limit = length.min(precision.map_or(width, |precision| precision.min(width)));
    if length > limit {
        adjusted(&"*".repeat(limit), &padding(pad, width - limit), adjust)
    } else {
        adjusted(text, &padding(pad, width - length), adjust)
    }
}

/// A string in a field: `~s`'s precision truncates or pads the string
/// itself, then the width pads the result.
fn string_field(
    chars: &[char],
    width: Option<usize>,
    adjust: Adjust,
    precision: Option<usize>,
    pad: char,
) -> Option<String> {
    let text = |chars: &[char]| chars.iter().collect::<String>();
    let fit = |chars: &[char], width: usize, adjust: Adjust| -> String {
        if chars.len() > width {
            text(&chars[..width])
        } else {
            adjusted(&text(chars), &padding(pad, width - chars.len()), adjust)
        }
    };
    Some(match (width, precision) {
        (None, None) => text(chars),
        (Some(width), None) => fit(chars, width, adjust),
        (None, Some(precision)) => fit(chars, precision, Adjust::Left),
        (Some(width), Some(precision)) if width > precision => {
            let inner = fit(chars, precision, Adjust::Left);
            adjusted(&inner, &padding(pad, width - precision), adjust)
        }
        (Some(width), Some(precision)) if width == precision => fit(chars, width, adjust),
        _ => return None,
    })
}

/// A character in a field: repeated `precision` times (or `width` times
/// when only a width is given), then padded to the width.
fn char_field(c: char, width: Option<usize>, adjust: Adjust, precision: Option<usize>, pad: char) -> Option<String> {
    Some(match (width, precision) {
        (None, None) => c.to_string(),
        (Some(count), None) | (None, Some(count)) => padding(c, count),
        (Some(width), Some(precision)) if width >= precision => {
            adjusted(&padding(c, precision), &padding(pad, width - precision), adjust)
        }
        _ => return None,
    })
}

// ---- floats ----

/// The 21 significant decimal digits of `|value|` (as `float_to_list/1`
/// writes them) and the decimal exponent of the first digit.
fn float_digits(value: f64) -> (Vec<u8>, i64) {
    let text = format!("{:.20e}", value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).map(|byte| byte - b'0').collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// Keeps the first `keep` digits, rounding half up on the next one (as
/// Erlang's formatter does with its 21 digits), or pads with zeros.
/// Returns whether the rounding carried into a new leading digit.
fn round_digits(digits: &mut Vec<u8>, keep: usize) -> bool {
    if digits.len() <= keep {
        digits.resize(keep, 0);
        return false;
    }
    let round_up = digits[keep] >= 5;
    digits.truncate(keep);
    if !round_up {
        return false;
    }
    for digit in digits.iter_mut().rev() {
        if *digit == 9 {
            *digit = 0;
        } else {
            *digit += 1;
            return false;
        }
    }
    digits.insert(0, 1);
    true
}

fn digits_text(digits: &[u8]) -> String {
    digits.iter().map(|&digit| char::from(b'0' + digit)).collect()
}

fn sign_of(value: f64) -> &'static str {
    if value.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// `~f`: `decimals` digits after the point (at least 1).
fn fixed_text(value: f64, decimals: usize) -> Option<String> {
    if decimals < 1 {
        return None;
    }
    let (mut digits, exponent) = float_digits(value);
    let mut integer_len = exponent + 1;
    if integer_len <= 0 {
        let zeros = (1 - integer_len) as usize;
        digits.splice(0..0, vec![0; zeros]);
        integer_len = 1;
    }
    let mut integer_len = integer_len as usize;
    if round_digits(&mut digits, integer_len + decimals) {
        integer_len += 1;
    }
    let (integer, fraction) = digits.split_at(integer_len);
    Some(format!("{}{}.{}", sign_of(value), digits_text(integer), digits_text(fraction)))
}

/// `~e`: `significant` digits (at least 2) and an exponent such as `e+0`.
fn exponent_text(value: f64, significant: usize) -> Option<String> {
    if significant < 2 {
        return None;
    }
    let (mut digits, mut exponent) = float_digits(value);
    if round_digits(&mut digits, significant) {
        exponent += 1;
        digits.truncate(significant);
    }
    let exponent_sign = if exponent >= 0 { "+" } else { "" };
    Some(format!("{}{}.{}e{exponent_sign}{exponent}", sign_of(value), digits[0], digits_text(&digits[1..])))
}

fn fixed_field(value: f64, width: Option<usize>, adjust: Adjust, decimals: usize, pad: char) -> Option<String> {
    Some(term_field(&fixed_text(value, decimals)?, width, adjust, width, pad))
}

fn exponent_field(value: f64, width: Option<usize>, adjust: Adjust, significant: usize, pad: char) -> Option<String> {
    Some(term_field(&exponent_text(value, significant)?, width, adjust, width, pad))
}

/// `~g`: `~f` with `precision` significant digits for 0.1 ≤ |x| < 10000,
/// `~e` otherwise.
fn general_field(value: f64, width: Option<usize>, adjust: Adjust, precision: usize, pad: char) -> Option<String> {
    if precision < 1 {
        return None;
    }
    let magnitude = value.abs();
    let exponent: Option<i64> = [(0.1, -2), (1.0, -1), (10.0, 0), (100.0, 1), (1000.0, 2), (10000.0, 3)]
        .iter()
        .find(|&&(bound, _)| magnitude < bound)
        .map(|&(_, exponent)| exponent);
    let precision_i = precision as i64;
    match exponent {
        Some(-1) if precision <= 1 => fixed_field(value, width, adjust, 1, pad),
        Some(e) if precision_i - 1 > e && e >= -1 => {
            fixed_field(value, width, adjust, (precision_i - 1 - e) as usize, pad)
        }
        _ if precision <= 1 => exponent_field(value, width, adjust, 2, pad),
        _ => exponent_field(value, width, adjust, precision, pad),
    }
}

#[cfg(test)]
pub(crate) mod testing {
    //! A process, a VM with captured output, and a tiny reader of Erlang
    //! term syntax, for the BIF unit tests.

    use crate::bif::{BifCtx, BifFn};
    use crate::code::NoModules;
    use crate::exception::BifResult;
    use crate::heap::Heap;
    use crate::process::Process;
    use crate::term::bigint::integer_from_bigint;
    use crate::term::map::map_from_pairs;
    use crate::term::print::{term_to_string, Style};
    use crate::term::{atoms, build, Atom, Term};
    use crate::vm::{Config, Vm};
    use num_bigint::BigInt;
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    struct SharedOutput(Arc<Mutex<Vec<u8>>>);

    impl Write for SharedOutput {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A process and a VM to call BIFs with.
    pub(crate) struct Bench {
        pub(crate) vm: Vm,
        pub(crate) process: Process,
        pub(crate) inbox: crate::inbox::Inbox,
        /// The reductions the last call added.
        pub(crate) reductions: u32,
        output: Arc<Mutex<Vec<u8>>>,
    }

    impl Bench {
        pub(crate) fn new() -> Bench {
            let output = Arc::new(Mutex::new(Vec::new()));
            let vm = Vm::with_output(Config::default(), Box::new(NoModules), Box::new(SharedOutput(output.clone())));
            let process = Process::new(Term::pid(0), 0, 0, (atoms::MAIN, atoms::MAIN, 0));
            Bench { vm, process, inbox: crate::inbox::Inbox::default(), reductions: 0, output }
        }

        pub(crate) fn call(&mut self, f: BifFn, args: &[Term]) -> BifResult {
            let mut ctx = BifCtx {
                process: &mut self.process,
                inbox: &self.inbox,
                vm: &self.vm,
                reductions: 0,
                halt: None,
                retry: false,
                exit: None,
            };
            let result = f(&mut ctx, args);
            self.reductions = ctx.reductions;
            result
        }

        /// Calls `f` with the comma-separated terms of `text`.
        pub(crate) fn call_text(&mut self, f: BifFn, text: &str) -> BifResult {
            let args = self.terms(text);
            self.call(f, &args)
        }

        /// Calls `f`, which must raise, and shows the reason as `~w` does.
        pub(crate) fn reason(&mut self, f: BifFn, text: &str) -> String {
            let error = self.call_text(f, text).expect_err(text);
            self.show(error.reason)
        }

        /// Calls `f` and shows the result as `~w` does; panics on an exception.
        pub(crate) fn eval(&mut self, f: BifFn, text: &str) -> String {
            match self.call_text(f, text) {
                Ok(term) => self.show(term),
                Err(exception) => panic!("{text}: raised {}", self.show(exception.reason)),
            }
        }

        pub(crate) fn show(&self, term: Term) -> String {
            term_to_string(term, Style::Write)
        }

        /// Everything printed so far, and forgets it.
        pub(crate) fn take_output(&self) -> String {
            let bytes = std::mem::take(&mut *self.output.lock().unwrap());
            String::from_utf8(bytes).unwrap()
        }

        pub(crate) fn term(&mut self, text: &str) -> Term {
            let mut reader = Reader { chars: text.chars().collect(), at: 0, heap: &mut self.process.heap };
            let term = reader.term();
            reader.skip_space();
            assert_eq!(reader.at, reader.chars.len(), "trailing text in {text:?}");
            term
        }

        pub(crate) fn terms(&mut self, text: &str) -> Vec<Term> {
            let mut reader = Reader { chars: text.chars().collect(), at: 0, heap: &mut self.process.heap };
            let mut terms = Vec::new();
            reader.skip_space();
            if reader.at == reader.chars.len() {
                return terms;
            }
            loop {
                terms.push(reader.term());
                if !reader.eat(',') {
                    break;
                }
            }
            reader.skip_space();
            assert_eq!(reader.at, reader.chars.len(), "trailing text in {text:?}");
            terms
        }
    }

    /// Reads Erlang term syntax: numbers, atoms, strings, lists, tuples,
    /// maps and binaries.
    struct Reader<'a> {
        chars: Vec<char>,
        at: usize,
        heap: &'a mut Heap,
    }

    impl Reader<'_> {
        fn skip_space(&mut self) {
            while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
                self.at += 1;
            }
        }

        fn peek(&mut self) -> Option<char> {
            self.skip_space();
            self.chars.get(self.at).copied()
        }

        fn eat(&mut self, c: char) -> bool {
            if self.peek() == Some(c) {
                self.at += 1;
                true
            } else {
                false
            }
        }

        fn expect(&mut self, text: &str) {
            for c in text.chars() {
                assert!(self.eat(c), "expected {text:?} at {}", self.at);
            }
        }

        fn quoted(&mut self, quote: char) -> String {
            self.expect(&quote.to_string());
            let mut text = String::new();
            loop {
                let c = self.chars[self.at];
                self.at += 1;
                match c {
                    '\\' => {
                        let escaped = self.chars[self.at];
                        self.at += 1;
                        text.push(match escaped {
                            'n' => '\n',
                            't' => '\t',
                            other => other,
                        });
                    }
                    c if c == quote => return text,
                    c => text.push(c),
                }
            }
        }

        fn sequence(&mut self, close: char) -> Vec<Term> {
            let mut terms = Vec::new();
            if self.eat(close) {
                return terms;
            }
            loop {
                terms.push(self.term());
                if !self.eat(',') {
                    break;
                }
            }
            terms
        }

        fn term(&mut self) -> Term {
            match self.peek().expect("a term") {
                '[' => {
                    self.at += 1;
                    if self.eat(']') {
                        return Term::NIL;
                    }
                    let mut elements = vec![self.term()];
                    while self.eat(',') {
                        elements.push(self.term());
                    }
                    let tail = if self.eat('|') { self.term() } else { Term::NIL };
                    self.expect("]");
                    build::list_from_slice_with_tail(self.heap, &elements, tail)
                }
                '{' => {
                    self.at += 1;
                    let elements = self.sequence('}');
                    if !elements.is_empty() {
                        self.expect("}");
                    }
                    build::tuple(self.heap, &elements)
                }
                '#' => {
                    self.expect("#{");
                    let mut pairs = Vec::new();
                    if !self.eat('}') {
                        loop {
                            let key = self.term();
                            self.expect("=>");
                            pairs.push((key, self.term()));
                            if !self.eat(',') {
                                break;
                            }
                        }
                        self.expect("}");
                    }
                    map_from_pairs(self.heap, pairs)
                }
                '<' => {
                    self.expect("<<");
                    let bytes: Vec<u8> = if self.peek() == Some('"') {
                        let text = self.quoted('"');
                        text.chars().map(|c| c as u32 as u8).collect()
                    } else {
                        let mut bytes = Vec::new();
                        while self.peek() != Some('>') {
                            bytes.push(self.number_text().parse().unwrap());
                            self.eat(',');
                        }
                        bytes
                    };
                    self.expect(">>");
                    build::binary(self.heap, &bytes)
                }
                '"' => {
                    let text = self.quoted('"');
                    build::string(self.heap, &text)
                }
                '\'' => {
                    let name = self.quoted('\'');
                    Term::atom(Atom::intern(&name).unwrap())
                }
                c if c == '-' || c.is_ascii_digit() => {
                    let text = self.number_text();
                    if text.contains(['.', 'e']) {
                        build::float(self.heap, text.parse().unwrap())
                    } else {
                        integer_from_bigint(self.heap, &text.parse::<BigInt>().unwrap())
                    }
                }
                c if c.is_alphabetic() => {
                    let start = self.at;
                    while self.chars.get(self.at).is_some_and(|&c| c.is_alphanumeric() || c == '_' || c == '@') {
                        self.at += 1;
                    }
                    let name: String = self.chars[start..self.at].iter().collect();
                    Term::atom(Atom::intern(&name).unwrap())
                }
                c => panic!("unexpected {c:?} at {}", self.at),
            }
        }

        fn number_text(&mut self) -> String {
            self.skip_space();
            let start = self.at;
            while let Some(&c) = self.chars.get(self.at) {
                let after_exponent = self.at > start && self.chars[self.at - 1] == 'e';
                if c.is_ascii_digit()
                    || c == '.'
                    || c == 'e'
                    || (self.at == start && c == '-')
                    || (after_exponent && (c == '-' || c == '+'))
                {
                    self.at += 1;
                } else {
                    break;
                }
            }
            self.chars[start..self.at].iter().collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::testing::Bench;
    use super::*;

    /// `io_lib:format(Format, Args)` flattened, or the error reason.
    fn format(bench: &mut Bench, format: &str, args: &str) -> String {
        let format = build::string(&mut bench.process.heap, format);
        let args = bench.term(args);
        match bench.call(io_lib_format, &[format, args]) {
            Ok(list) => build::char_list_to_string(list).unwrap(),
            Err(exception) => format!("error:{}", bench.show(exception.reason)),
        }
    }

    #[test]
    fn plain_text_and_simple_directives() {
        let mut bench = Bench::new();
        assert_eq!(format(&mut bench, "abc", "[]"), "abc");
        assert_eq!(format(&mut bench, "~~~n", "[]"), "~\n");
        assert_eq!(format(&mut bench, "~3n", "[]"), "\n\n\n");
        assert_eq!(format(&mut bench, "~w", "[[1,2,3]]"), "[1,2,3]");
        assert_eq!(format(&mut bench, "~w", "[\"abc\"]"), "[97,98,99]");
        assert_eq!(format(&mut bench, "~p", "[\"abc\"]"), "\"abc\"");
        assert_eq!(format(&mut bench, "~p ~w", "[{1,2}, 0.1]"), "{1,2} 0.1");
        assert_eq!(format(&mut bench, "~p", "[1.0]"), "1.0");
        assert_eq!(format(&mut bench, "~p", "[1.0e-5]"), "1.0e-5");
        assert_eq!(format(&mut bench, "~w", "[-0.0]"), "-0.0");
        assert_eq!(format(&mut bench, "~i~w", "[skipped, shown]"), "shown");
        assert_eq!(format(&mut bench, "~p", "[<<\"abc\">>]"), "<<\"abc\">>");
        assert_eq!(format(&mut bench, "~w", "[<<1,2,3>>]"), "<<1,2,3>>");
        assert_eq!(format(&mut bench, "~p", "[#{a => 1, b => [1,2]}]"), "#{a => 1,b => [1,2]}");
        assert_eq!(format(&mut bench, "~lp", "[[65,66]]"), "[65,66]");
        assert_eq!(format(&mut bench, "~ttp", "[\"a\"]"), "\"a\"");
    }

    #[test]
    fn fields_pad_truncate_and_star() {
        let mut bench = Bench::new();
        let cases = [
            ("~5w|", "[abcdefgh]", "*****|"),
            ("~10w|", "[abc]", "       abc|"),
            ("~-10w|", "[abc]", "abc       |"),
            ("~5.3w|", "[abcdef]", "  ***|"),
            ("~.3w|", "[abcdef]", "***|"),
            ("~10p|", "[abc]", "abc|"),
            ("~10.3p|", "[x]", "x|"),
            ("~0p|", "[x]", "x|"),
            ("~10s|", "[\"abc\"]", "       abc|"),
            ("~-10s|", "[\"abc\"]", "abc       |"),
            ("~2s|", "[\"abc\"]", "ab|"),
            ("~.2s|", "[\"abc\"]", "ab|"),
            ("~10.2s|", "[\"abc\"]", "        ab|"),
            ("~10.5s|", "[\"abc\"]", "     abc  |"),
            ("~*.*.*s|", "[10, 5, 120, \"abc\"]", "xxxxxabcxx|"),
            ("~5.1.xs|", "[\"a\"]", "xxxxa|"),
            ("~5s|", "[\"\"]", "     |"),
            ("~0s|", "[\"abc\"]", "|"),
            ("~.0s|", "[\"abc\"]", "|"),
            ("~c", "[97]", "a"),
            ("~5c", "[97]", "aaaaa"),
            ("~10c|", "[97]", "aaaaaaaaaa|"),
            ("~3.2c|", "[97]", " aa|"),
            ("~-3.2c|", "[97]", "aa |"),
            ("~.2c|", "[97]", "aa|"),
            ("~c", "[1000]", "è"),
            ("~c", "[-1]", "ÿ"),
            ("~c", "[1180591620717411303424]", "\0"),
            ("~tc", "[1000]", "Ϩ"),
            ("~*p", "[5, x]", "x"),
            ("~5~", "[]", "~~~~~"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
    }

    #[test]
    fn strings_from_chardata() {
        let mut bench = Bench::new();
        assert_eq!(format(&mut bench, "~s", "[abc]"), "abc");
        assert_eq!(format(&mut bench, "~s", "['hello world']"), "hello world");
        assert_eq!(format(&mut bench, "~s", "[<<\"bin\">>]"), "bin");
        assert_eq!(format(&mut bench, "~s", "[[\"a\", <<\"b\">>, 99]]"), "abc");
        assert_eq!(format(&mut bench, "~s", "[[97 | <<\"b\">>]]"), "ab");
        assert_eq!(format(&mut bench, "~s", "[[[[[<<\"x\">>]]]]]"), "x");
        assert_eq!(format(&mut bench, "~s", "[[233]]"), "é");
        assert_eq!(format(&mut bench, "~s", "[<<195,169>>]"), "Ã©");
        assert_eq!(format(&mut bench, "~ts", "[<<195,169>>]"), "é");
        assert_eq!(format(&mut bench, "~ts", "[[1000]]"), "Ϩ");
        assert_eq!(format(&mut bench, "~ls", "[\"a\"]"), "a");
        for args in ["[1]", "[[1000]]", "[[256]]", "[[97 | b]]", "[[a]]"] {
            assert_eq!(format(&mut bench, "~s", args), "error:badarg", "{args}");
        }
    }

    #[test]
    fn integers_in_bases() {
        let mut bench = Bench::new();
        let cases = [
            ("~5b", "[42]", "   42"),
            ("~-5b|", "[42]", "42   |"),
            ("~.16b", "[255]", "ff"),
            ("~.16B", "[255]", "FF"),
            ("~.16x", "[255, \"0x\"]", "0xff"),
            ("~.16X", "[-255, abc]", "-abcFF"),
            ("~x", "[1, \"a\"]", "a1"),
            ("~.10x", "[1, [97, \"b\"]]", "ab1"),
            ("~.16#", "[255]", "16#FF"),
            ("~.16+", "[255]", "16#ff"),
            ("~.8#", "[-8]", "-8#10"),
            ("~8..0b", "[42]", "00000042"),
            ("~2b", "[12345]", "**"),
            ("~5.2b", "[5]", "  101"),
            ("~.36b", "[123456789]", "21i3v9"),
            ("~.16b", "[1180591620717411303424]", "400000000000000000"),
            ("~b", "[0]", "0"),
            ("~tb", "[1]", "1"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
        for (format_text, args) in
            [("~b", "[1.0]"), ("~.37b", "[5]"), ("~.1b", "[5]"), ("~.10x", "[1, 2]"), ("~.16x", "[255, <<\"ab\">>]")]
        {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
    }

    #[test]
    fn floats_round_like_erlang() {
        let mut bench = Bench::new();
        let cases = [
            ("~f", "[1.5]", "1.500000"),
            ("~.1f", "[0.05]", "0.1"),
            ("~.2f", "[0.125]", "0.13"),
            ("~.2f", "[2.675]", "2.67"),
            ("~.1f", "[0.25]", "0.3"),
            ("~.1f", "[0.35]", "0.3"),
            ("~.3f", "[-0.0005]", "-0.001"),
            ("~.2f", "[0.005]", "0.01"),
            ("~10.3f", "[3.14159]", "     3.142"),
            ("~-10.3f|", "[3.14159]", "3.142     |"),
            ("~3f", "[3.14159]", "***"),
            ("~1f", "[1.5]", "*"),
            ("~5.1.xf|", "[1.5]", "xx1.5|"),
            ("~.*f", "[3, 1.5]", "1.500"),
            ("~.2f", "[1.0e20]", "100000000000000000000.00"),
            ("~f", "[-0.0]", "-0.000000"),
            ("~f", "[1.0e-10]", "0.000000"),
            ("~.2f", "[9.999]", "10.00"),
            ("~f", "[123456789.123456789]", "123456789.123457"),
            ("~.25f", "[0.1]", "0.1000000000000000055510000"),
            ("~e", "[1.5]", "1.50000e+0"),
            ("~e", "[-1.5e-10]", "-1.50000e-10"),
            ("~.2e", "[1.5]", "1.5e+0"),
            ("~.2e", "[2.5]", "2.5e+0"),
            ("~e", "[9.9999995]", "1.00000e+1"),
            ("~.3e", "[9.9999]", "1.00e+1"),
            ("~e", "[-0.0]", "-0.00000e+0"),
            ("~e", "[1.0e100]", "1.00000e+100"),
            ("~.20e", "[0.1]", "1.0000000000000000555e-1"),
            ("~g", "[1.5]", "1.50000"),
            ("~g", "[1.5e10]", "1.50000e+10"),
            ("~g", "[0.01]", "1.00000e-2"),
            ("~g", "[0.1]", "0.100000"),
            ("~g", "[1.0e4]", "1.00000e+4"),
            ("~g", "[9999.9999]", "10000.00"),
            ("~g", "[123456.0]", "1.23456e+5"),
            ("~g", "[1234.5]", "1234.50"),
            ("~.1g", "[0.5]", "0.5"),
            ("~.1g", "[5.0]", "5.0e+0"),
            ("~.1g", "[50.0]", "5.0e+1"),
            ("~.3g", "[0.05]", "5.00e-2"),
            ("~.2g", "[99.9]", "1.0e+2"),
            ("~g", "[-0.0]", "-0.00000e+0"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
        for (format_text, args) in
            [("~f", "[1]"), ("~.0f", "[1.5]"), ("~0.0f", "[1.0]"), ("~.1e", "[1.5]"), ("~e", "[a]")]
        {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
    }

    #[test]
    fn pretty_printing_wraps_at_the_column_it_starts() {
        let mut bench = Bench::new();
        let list = "[[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm]]";
        assert_eq!(
            format(&mut bench, "~40p", list),
            "[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,\n hhhh,iiii,jjjj,kkkk,llll,mmmm]"
        );
        assert_eq!(
            format(&mut bench, "~.10p", list),
            "[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm]"
        );
        let prefix = "x".repeat(31);
        let text = format(&mut bench, &format!("{prefix}~nxxxxxxxxxxxxxxx ~p"), list);
        let indent = " ".repeat(17);
        assert_eq!(text, format!("{prefix}\nxxxxxxxxxxxxxxx [aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,\n{indent}mmmm]"));
        let long = "[[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm,nnnn,oooo,pppp]]";
        let text = format(&mut bench, "\t~p", long);
        assert_eq!(
            text,
            format!(
                "\t[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm,\n{}nnnn,oooo,pppp]",
                " ".repeat(9)
            )
        );
    }

    #[test]
    fn bad_formats_and_argument_counts_are_badarg() {
        let mut bench = Bench::new();
        for (format_text, args) in [
            ("~d", "[a]"),
            ("~p", "[]"),
            ("~p", "[1, 2]"),
            ("~", "[]"),
            ("~z", "[1]"),
            ("~-10p", "[x]"),
            ("~-*p", "[5, x]"),
            ("~*p", "[a, x]"),
            ("~10.5.*s", "[\"abc\"]"),
            ("~2.3c", "[97]"),
            ("~n", "[x]"),
            ("~c", "[a]"),
            ("~-s", "[\"a\"]"),
            ("~W", "[[1], x]"),
            ("~W", "[[1], 1.0]"),
            ("~P", "[a]"),
            ("~p", "x"),
            ("~p", "[x | y]"),
        ] {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
        let not_a_format = Term::small_unchecked(1);
        let error = bench.call(io_lib_format, &[not_a_format, Term::NIL]).unwrap_err();
        assert_eq!(error.reason, Term::atom(atoms::BADARG));
    }

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
