//! Printing terms in Erlang syntax, exactly as Erlang/OTP's `io:format`
//! prints them with `~p` ([`Style::Print`]) and `~w` ([`Style::Write`]),
//! and as its runtime's own printer does for `erlang:display/1`
//! ([`Style::Display`]).
//!
//! - `~w` writes everything on one line, lists always as lists.
//! - A bitstring, in any of its forms (on the heap, off it, a slice at any
//!   bit offset), prints as its bytes and then, when its size is not a whole
//!   number of bytes, its trailing bits as `Value:Size`: `<<1,2,3:4>>`,
//!   `<<5:3>>`. Only a binary (whole bytes) is ever written as a string;
//!   under a depth limit the trailing bits count as one more element.
//! - `~p` writes a proper list of printable Latin-1 characters as a string
//!   (`"abc"`) and a binary of printable Latin-1 bytes as `<<"abc">>`, and
//!   breaks a term that does not fit the line (80 columns) over several lines
//!   the way OTP's `io_lib_pretty` does: elements that are themselves
//!   compound go on lines of their own, tagged tuples (`{tag, ...}`) indent
//!   under their first element, map values that do not fit go below their key.
//!   Printable characters are those of OTP's default `latin1` printable
//!   range: `\s`..`~`, `\240`..`\377` and `\n \r \t \v \b \f \e`.
//! - Floats print in the shortest form that reads back to the same float,
//!   in plain or exponent notation, whichever is shorter (plain on a tie,
//!   exponent for integral values of 2^53 and above): `0.1`, `100.0`,
//!   `1.0e3`, `1.0e10`, `1.2345678901234568e17`, `0.0001`, `1.23e-4`.
//! - Atoms are quoted when they must be (`'EXIT'`, `'hello world'`, `'[]'`,
//!   reserved words), with `\x{...}` escapes for characters above 255.
//! - Pids print as `<0.Id.Serial>` (local) and `<N.Id.Serial>` (of another
//!   node, where `N` is the node's [`node_number`], never 0); references as
//!   `#Ref<0.c.b.a>` (local: the number split as Erlang/OTP splits it, see
//!   `build::local_ref_numbers`) and `#Ref<N.c.b.a>`; funs as `#Fun<Module.Index.Uniq>` where `Uniq` is
//!   [`fun_uniq`], a stable hash of the module name and fun index standing
//!   in for OTP's checksum of the fun's code; external funs as
//!   `fun Module:Function/Arity`, the atoms quoted as needed.
//!
//! - `erlang:display/1` writes as `~w` does, except that printable lists are
//!   strings as in `~p`, a binary of printable ASCII bytes is a string
//!   (`<<"abc">>`), floats are written as C's `%e` writes them
//!   (`1.500000e+00`), and map pairs have no spaces around `=>`.
//!
//! `~W` and `~P` print with a depth limit, as OTP's `io_lib:write/2` and
//! `io_lib_pretty` do: a part at depth 0 prints as `...`, a list, tuple or
//! binary cut short ends in `|...` (a list) or `,...`, and the parts of a
//! compound term each get one level less than the term, its later elements
//! one level less than the element before (see [`write_limited`]). Both
//! writers take the limit; [`NO_DEPTH_LIMIT`] is `~w` and `~p`.
//!
//! The single-line writer is iterative, so any term prints without deep
//! Rust recursion. The line-breaking layout recurses only into parts too
//! long for their line, and below [`PRETTY_DEPTH_LIMIT`] such nested parts
//! it writes the rest on one line instead.

use super::bigint::bigint_of;
use super::bits::{bitstring, BitSlice};
use super::build::{export_fun_parts, fun_parts, pid_parts, ref_parts};
use super::map::{map_pairs, map_size, Pairs};
use super::node::node_number;
use super::{Atom, Kind, Term};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

/// How to print a term: as `~p`, as `~w`, or as `erlang:display/1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `~p`: strings as strings, line-broken at 80 columns.
    Print,
    /// `~w`: lists as lists, one line.
    Write,
    /// `erlang:display/1`, the runtime's own printer: one line, strings as
    /// strings, floats as C's `%e`, map pairs as `k=>v`.
    Display,
}

/// The line length `~p` breaks at.
pub const LINE_LENGTH: usize = 80;

/// How deep the `~p` layout follows parts that do not fit on their line;
/// deeper parts are written on one line.
pub const PRETTY_DEPTH_LIMIT: usize = 200;

/// The depth limit of `~w` and `~p`: none.
pub const NO_DEPTH_LIMIT: usize = usize::MAX;

/// Appends `term` in Erlang syntax: `~p` (starting at column 1, lines of
/// [`LINE_LENGTH`]), `~w`, or as `erlang:display/1` writes it.
pub fn write_term(out: &mut String, term: Term, style: Style) {
    match style {
        Style::Print => write_pretty(out, term, 1, LINE_LENGTH),
        Style::Write | Style::Display => write_flat(out, term, style),
    }
}

/// A term as a `String`, printed with `style`.
pub fn term_to_string(term: Term, style: Style) -> String {
    let mut out = String::new();
    write_term(&mut out, term, style);
    out
}

/// Displays a term as `~p` prints it.
#[derive(Clone, Copy, Debug)]
pub struct Pretty(pub Term);

/// Displays a term as `~w` prints it.
#[derive(Clone, Copy, Debug)]
pub struct Plain(pub Term);

impl fmt::Display for Pretty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&term_to_string(self.0, Style::Print))
    }
}

impl fmt::Display for Plain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&term_to_string(self.0, Style::Write))
    }
}

// ---- leaves ----

/// Whether `c` is printable in OTP's default (`latin1`) printable range.
#[inline]
fn is_printable_char(c: u32) -> bool {
    matches!(c, 0x20..=0x7e | 0xa0..=0xff | 8..=13 | 27)
}

/// Whether a term is a proper, non-empty list of printable Latin-1 characters.
fn is_printable_list(list: Term) -> bool {
    let mut rest = list;
    while let Some((head, tail)) = rest.as_cons() {
        match head.as_small() {
            Some(c) if (0..=0xff).contains(&c) && is_printable_char(c as u32) => rest = tail,
            _ => return false,
        }
    }
    rest.is_nil() && list.is_cons()
}

/// Appends `c` as it appears inside a quoted atom or string delimited by `quote`.
fn write_escaped_char(out: &mut String, c: u32, quote: char) {
    match c {
        _ if c == quote as u32 => {
            out.push('\\');
            out.push(quote);
        }
        0x5c => out.push_str("\\\\"),
        0x20..=0x7e => out.push(c as u8 as char),
        0xa0..=0xff => out.push(char::from_u32(c).unwrap_or('?')),
        0x0a => out.push_str("\\n"),
        0x0d => out.push_str("\\r"),
        0x09 => out.push_str("\\t"),
        0x0b => out.push_str("\\v"),
        0x08 => out.push_str("\\b"),
        0x0c => out.push_str("\\f"),
        0x1b => out.push_str("\\e"),
        0x7f => out.push_str("\\d"),
        0..=0x9f => {
            let _ = write!(out, "\\{c:03o}");
        }
        _ => {
            let _ = write!(out, "\\x{{{c:X}}}");
        }
    }
}

/// Words an unquoted atom may not be.
const RESERVED_WORDS: &[&str] = &[
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond", "div",
    "end", "fun", "if", "let", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor",
];

fn is_lower_start(c: char) -> bool {
    c.is_ascii_lowercase() || (('\u{df}'..='\u{ff}').contains(&c) && c != '\u{f7}')
}

fn is_name_char(c: char) -> bool {
    is_lower_start(c)
        || c.is_ascii_uppercase()
        || c.is_ascii_digit()
        || c == '_'
        || c == '@'
        || (('\u{c0}'..='\u{de}').contains(&c) && c != '\u{d7}')
}

/// Whether an atom's name must be quoted to read back as that atom.
pub fn atom_needs_quotes(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(first) if is_lower_start(first) => !chars.all(is_name_char) || RESERVED_WORDS.contains(&name),
        _ => true,
    }
}

/// Appends an atom, quoted and escaped when needed.
pub fn write_atom(out: &mut String, atom: Atom) {
    let name = atom.name();
    if atom_needs_quotes(name) {
        out.push('\'');
        for c in name.chars() {
            write_escaped_char(out, c as u32, '\'');
        }
        out.push('\'');
    } else {
        out.push_str(name);
    }
}

/// Appends `c` `n` times (nothing when `n` is not positive).
fn push_repeated(out: &mut String, c: char, n: i64) {
    for _ in 0..n.max(0) {
        out.push(c);
    }
}

/// Appends a float as Erlang prints it (see the module documentation).
pub fn write_float(out: &mut String, value: f64) {
    if value == 0.0 {
        out.push_str(if value.is_sign_negative() { "-0.0" } else { "0.0" });
        return;
    }
    if !value.is_finite() {
        // Erlang has no such floats; print something readable rather than panic.
        let _ = write!(out, "{value}");
        return;
    }
    if value < 0.0 {
        out.push('-');
    }
    let abs = value.abs();
    // Shortest round-trip digits and exponent: d.ddd e exp.
    let scientific = format!("{abs:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let n_digits = digits.len() as i64;
    // The decimal point goes after `place` digits.
    let place = exponent + 1;
    let exponent_text = exponent.to_string();
    let scientific_len = 2 + (n_digits - 1).max(1) + 1 + exponent_text.len() as i64;
    let write_scientific = |out: &mut String| {
        out.push_str(&digits[..1]);
        out.push('.');
        out.push_str(if n_digits > 1 { &digits[1..] } else { "0" });
        out.push('e');
        out.push_str(&exponent_text);
    };
    if place <= 0 {
        if 2 - place + n_digits <= scientific_len {
            out.push_str("0.");
            push_repeated(out, '0', -place);
            out.push_str(&digits);
        } else {
            write_scientific(out);
        }
    } else if place < n_digits {
        out.push_str(&digits[..place as usize]);
        out.push('.');
        out.push_str(&digits[place as usize..]);
    } else if place + 2 <= scientific_len && abs < 9_007_199_254_740_992.0 {
        out.push_str(&digits);
        push_repeated(out, '0', place - n_digits);
        out.push_str(".0");
    } else {
        write_scientific(out);
    }
}

/// Appends a float as the runtime's C printer writes it for
/// `erlang:display/1`: `%e`, six decimals and an exponent of at least two
/// digits (`1.500000e+00`).
fn write_c_float(out: &mut String, value: f64) {
    let text = format!("{value:.6e}");
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let sign = if exponent < 0 { '-' } else { '+' };
    let _ = write!(out, "{mantissa}e{sign}{:02}", exponent.unsigned_abs());
}

/// A float as Erlang prints it.
pub fn format_float(value: f64) -> String {
    let mut out = String::new();
    write_float(&mut out, value);
    out
}

/// The stable number printed as the last part of `#Fun<Module.Index.Uniq>`:
/// a 32-bit FNV-1a hash of the module name and the fun index, reduced to 27
/// bits (OTP's own number is a checksum of the fun's code, which girder
/// does not have in that form).
pub fn fun_uniq(module: Atom, fun_index: u32) -> u32 {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in module.name().bytes().chain(fun_index.to_le_bytes()) {
        hash ^= byte as u32;
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash & ((1 << 27) - 1)
}

/// The items of a bitstring's byte form: its whole bytes, then its
/// trailing bits (when its size is not a whole number of bytes) as one more
/// item, `Value:Size`.
fn byte_form_items(bits: &BitSlice<'_>) -> usize {
    bits.byte_size()
}

/// How many items of a byte form of `len` items print at depth `depth` (at
/// least 1): all of them, or `depth - 1` and then `...`.
fn shown_items(len: usize, depth: usize) -> usize {
    len.min(depth - 1)
}

/// Appends item `index` of a bitstring's byte form: a whole byte, or the
/// trailing bits as `Value:Size`.
fn write_byte_form_item(out: &mut String, bits: &BitSlice<'_>, index: usize) {
    let whole = bits.bit_size() / 8;
    if index < whole {
        let _ = write!(out, "{}", bits.byte(index));
    } else {
        let rest = bits.bit_size() % 8;
        let _ = write!(out, "{}:{rest}", bits.read_bits(8 * whole, rest));
    }
}

/// The string form `~p` gives a binary at depth `depth` (at least 1), as
/// OTP's `io_lib_pretty` decides it: the number of leading bytes written
/// as a string, and whether `...` follows them; `None` for the byte form.
///
/// Only the first `4 * (depth - 1)` bytes are looked at. When they are all
/// printable they are the string (all of the binary, or a prefix and
/// `...`); otherwise a printable prefix of at least `depth - 1` bytes is
/// written, followed by `...`. Without a depth limit, only a binary that
/// is all printable is a string.
fn binary_string_prefix(bytes: &[u8], depth: usize) -> Option<(usize, bool)> {
    let levels = depth - 1;
    let looked_at = levels.saturating_mul(4).min(bytes.len());
    if looked_at == 0 {
        return None;
    }
    let printable = bytes[..looked_at].iter().take_while(|&&byte| is_printable_char(byte as u32)).count();
    if printable == looked_at {
        Some((looked_at, looked_at < bytes.len()))
    } else if depth != NO_DEPTH_LIMIT && levels > 0 && printable >= levels {
        Some((printable, true))
    } else {
        None
    }
}

/// The string form `erlang:display/1` gives a binary: all of it, when it is
/// not empty and every byte is printable ASCII; `None` for the byte form.
fn display_string_prefix(bytes: &[u8]) -> Option<(usize, bool)> {
    let printable = !bytes.is_empty() && bytes.iter().all(|&byte| matches!(byte, 0x20..=0x7e));
    printable.then_some((bytes.len(), false))
}

/// The string form a bitstring takes at depth `depth` (at least 1) in
/// `style`, and its bytes; `None` for the byte form. Only a binary (whole
/// bytes) is ever a string.
fn string_form<'a>(bits: &BitSlice<'a>, style: Style, depth: usize) -> Option<(usize, bool, Cow<'a, [u8]>)> {
    if !bits.is_binary() || style == Style::Write {
        return None;
    }
    let bytes = bits.to_bytes();
    let (len, cut) = match style {
        Style::Print => binary_string_prefix(&bytes, depth),
        _ => display_string_prefix(&bytes),
    }?;
    Some((len, cut, bytes))
}

/// Appends a bitstring (any of its forms) at depth `depth` (at least 1):
/// a printable binary as a string (`~p` and `erlang:display/1`), anything
/// else byte by byte, trailing bits last (`<<1,2,3:4>>`), as OTP does.
fn write_binary(out: &mut String, bits: &BitSlice<'_>, style: Style, depth: usize) {
    out.push_str("<<");
    let string_prefix = string_form(bits, style, depth);
    match string_prefix {
        Some((len, cut, bytes)) => {
            out.push('"');
            for &byte in &bytes[..len] {
                write_escaped_char(out, byte as u32, '"');
            }
            out.push('"');
            if cut {
                out.push_str("...");
            }
        }
        None => {
            let n_items = byte_form_items(bits);
            let shown = shown_items(n_items, depth);
            for index in 0..shown {
                if index > 0 {
                    out.push(',');
                }
                write_byte_form_item(out, bits, index);
            }
            if shown < n_items {
                out.push_str(if shown > 0 { ",..." } else { "..." });
            }
        }
    }
    out.push_str(">>");
}

fn write_string(out: &mut String, list: Term) {
    out.push('"');
    let mut rest = list;
    while let Some((head, tail)) = rest.as_cons() {
        write_escaped_char(out, head.small_value() as u32, '"');
        rest = tail;
    }
    out.push('"');
}

fn write_pid(out: &mut String, pid: Term) {
    if let Some(parts) = pid_parts(pid) {
        let node = if parts.local { 0 } else { node_number(parts.node.name) };
        let _ = write!(out, "<{node}.{}.{}>", parts.id, parts.serial);
    }
}

fn write_ref(out: &mut String, reference: Term) {
    if let Some(parts) = ref_parts(reference) {
        let node = if parts.local { 0 } else { node_number(parts.node.name) };
        let _ = write!(out, "#Ref<{node}");
        for number in parts.numbers().iter().rev() {
            let _ = write!(out, ".{number}");
        }
        out.push('>');
    }
}

// ---- one line ----

/// What the single-line writer still has to write, top first. Each part
/// carries the depth left for it.
enum Pending<'a> {
    Term(Term, usize),
    Text(&'static str),
    /// The rest of a list after an element, at the depth left after it.
    ListTail(Term, usize),
    /// Further tuple elements, each preceded by a comma.
    Elements(&'a [Term], usize),
    /// The further pairs of a map, each preceded by a comma: how many more
    /// may be written (the last place is `...`), and the depth of every
    /// key and value.
    Pairs(Pairs<'a>, usize, usize),
}

/// Appends `term` on one line (no line breaks), as `~w`, or as `~p` would
/// if the line were long enough.
pub fn write_flat(out: &mut String, term: Term, style: Style) {
    write_limited(out, term, style, NO_DEPTH_LIMIT);
}

/// Appends `term` on one line with a depth limit, as `~W` (or `~P`, when
/// the line is long enough) prints it with depth `depth`.
///
/// At depth 0 a term prints as `...`; at depth 1 a non-empty list,
/// tuple or binary prints as `[...]`, `{...}`, `<<...>>`, and a non-empty
/// map as `#{...}` (`~P`) or `#{}` (`~W`, as OTP's `io_lib:write/2` does).
/// The first element of a list or tuple gets one level less than the term,
/// and each later element one level less than the one before; where the
/// depth runs out the rest is `|...` (a list) or `,...`. Every pair of a
/// map gets one level less than the map, and the map holds one pair fewer
/// than its depth before `,...` (which `~W` writes even after a map's last
/// pair). A binary shows one byte fewer than its depth before `,...`.
pub fn write_limited(out: &mut String, term: Term, style: Style, depth: usize) {
    let arrow = map_arrow(style);
    let mut pending = vec![Pending::Term(term, depth)];
    while let Some(item) = pending.pop() {
        match item {
            Pending::Text(text) => out.push_str(text),
            Pending::ListTail(tail, depth) => {
                if tail.is_nil() {
                } else if depth == 1 {
                    out.push_str("|...");
                } else if let Some((head, tail)) = tail.as_cons() {
                    out.push(',');
                    pending.push(Pending::ListTail(tail, depth - 1));
                    pending.push(Pending::Term(head, depth - 1));
                } else {
                    out.push('|');
                    pending.push(Pending::Term(tail, depth - 1));
                }
            }
            Pending::Elements(elements, depth) => {
                if let Some((&first, rest)) = elements.split_first() {
                    if depth == 1 {
                        out.push_str(",...");
                    } else {
                        out.push(',');
                        pending.push(Pending::Elements(rest, depth - 1));
                        pending.push(Pending::Term(first, depth - 1));
                    }
                }
            }
            Pending::Pairs(mut pairs, places, depth) => {
                let next = pairs.next();
                if places == 1 && (next.is_some() || style == Style::Write) {
                    out.push_str(",...");
                } else if let Some((key, value)) = next {
                    out.push(',');
                    pending.push(Pending::Pairs(pairs, places - 1, depth));
                    pending.push(Pending::Term(value, depth));
                    pending.push(Pending::Text(arrow));
                    pending.push(Pending::Term(key, depth));
                }
            }
            Pending::Term(_, 0) => out.push_str("..."),
            Pending::Term(term, depth) => write_one(out, term, style, depth, &mut pending),
        }
    }
}

/// What goes between a map pair's key and value: `erlang:display/1` writes
/// `k=>v`, `~w` and `~p` write `k => v`.
fn map_arrow(style: Style) -> &'static str {
    match style {
        Style::Display => "=>",
        Style::Print | Style::Write => " => ",
    }
}

/// Writes a leaf, or the opening of a compound term (pushing its rest), at
/// depth `depth` (at least 1).
fn write_one<'a>(out: &mut String, term: Term, style: Style, depth: usize, pending: &mut Vec<Pending<'a>>) {
    match term.kind() {
        Kind::Small => {
            let _ = write!(out, "{}", term.small_value());
        }
        Kind::BigInt => {
            if let Some(value) = bigint_of(term) {
                let _ = write!(out, "{value}");
            }
        }
        Kind::Float if style == Style::Display => write_c_float(out, term.as_float().unwrap_or(0.0)),
        Kind::Float => write_float(out, term.as_float().unwrap_or(0.0)),
        Kind::Atom => {
            if let Some(atom) = term.as_atom() {
                write_atom(out, atom);
            }
        }
        Kind::Ref => write_ref(out, term),
        Kind::Fun => {
            if let Some(parts) = fun_parts(term) {
                out.push_str("#Fun<");
                write_atom(out, parts.module);
                let _ = write!(out, ".{}.{}>", parts.fun_index, fun_uniq(parts.module, parts.fun_index));
            } else if let Some((module, function, arity)) = export_fun_parts(term) {
                out.push_str("fun ");
                write_atom(out, module);
                out.push(':');
                write_atom(out, function);
                let _ = write!(out, "/{arity}");
            }
        }
        Kind::Pid => write_pid(out, term),
        Kind::Tuple => {
            let elements: &'a [Term] = term.payload();
            match elements.split_first() {
                None => out.push_str("{}"),
                Some(_) if depth == 1 => out.push_str("{...}"),
                Some((&first, rest)) => {
                    out.push('{');
                    pending.push(Pending::Text("}"));
                    pending.push(Pending::Elements(rest, depth - 1));
                    pending.push(Pending::Term(first, depth - 1));
                }
            }
        }
        Kind::Map => {
            let mut pairs = map_pairs(term);
            match pairs.next() {
                None => out.push_str("#{}"),
                Some(_) if depth == 1 => out.push_str(if style == Style::Print { "#{...}" } else { "#{}" }),
                Some((key, value)) => {
                    out.push_str("#{");
                    pending.push(Pending::Text("}"));
                    pending.push(Pending::Pairs(pairs, depth - 1, depth - 1));
                    pending.push(Pending::Term(value, depth - 1));
                    pending.push(Pending::Text(map_arrow(style)));
                    pending.push(Pending::Term(key, depth - 1));
                }
            }
        }
        Kind::Nil => out.push_str("[]"),
        Kind::Cons => {
            if depth == 1 {
                out.push_str("[...]");
            } else if style != Style::Write && is_printable_list(term) {
                write_string(out, term);
            } else {
                out.push('[');
                pending.push(Pending::Text("]"));
                pending.push(Pending::ListTail(term.tail(), depth - 1));
                pending.push(Pending::Term(term.head(), depth - 1));
            }
        }
        Kind::Binary => write_binary(out, &bitstring(term).unwrap_or(BitSlice::of_bytes(&[])), style, depth),
        Kind::Internal => {
            let _ = write!(out, "#Internal<{:#x}>", term.raw());
        }
    }
}

// ---- the ~p layout ----

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Written as one piece, never broken: numbers, atoms, strings, printable binaries...
    Atomic,
    /// A list; `improper` nodes have their tail as the last child.
    List,
    /// A tuple whose first element is not an atom, or of one element.
    Tuple,
    /// A tuple of two or more elements whose first is an atom.
    TaggedTuple,
    /// A map; its children are pairs.
    Map,
    /// A map pair; its children are the key and the value.
    Pair,
    /// A binary of non-printable bytes: broken between bytes.
    Bin,
    /// `...`, where the depth limit cut a list, tuple or map short: the
    /// last child of its parent, always written right after the element
    /// before it.
    Dots,
}

#[derive(Clone, Copy, Debug)]
struct Node {
    /// The term (for a pair, its key).
    term: Term,
    /// A pair's value.
    value: Term,
    shape: Shape,
    improper: bool,
    /// Characters on one line.
    len: usize,
    /// Children: nodes `first..first + count`.
    first: usize,
    count: usize,
    /// The depth left for the term (for a pair, for its key and value).
    depth: usize,
}

/// The layout tree of a term: every compound part with its one-line width.
struct Tree {
    nodes: Vec<Node>,
}

impl Tree {
    /// Builds the tree of `term` at depth `depth` breadth first (children
    /// are contiguous and after their parent), then sums widths from the
    /// leaves up.
    fn build(term: Term, depth: usize) -> Tree {
        let leaf = |term: Term, depth: usize| Node {
            term,
            value: Term::NIL,
            shape: Shape::Atomic,
            improper: false,
            len: 0,
            first: 0,
            count: 0,
            depth,
        };
        let dots = Node { shape: Shape::Dots, len: 3, ..leaf(Term::NIL, 0) };
        let mut nodes = vec![leaf(term, depth)];
        let mut scratch = String::new();
        let mut index = 0;
        while index < nodes.len() {
            let node = nodes[index];
            let first = nodes.len();
            let mut shape = Shape::Atomic;
            let mut improper = false;
            let depth = node.depth;
            if node.shape == Shape::Dots {
                shape = Shape::Dots;
            } else if node.first == usize::MAX {
                // A pair: key and value.
                shape = Shape::Pair;
                nodes.push(leaf(node.term, depth));
                nodes.push(leaf(node.value, depth));
            } else if depth > 0 {
                match node.term.kind() {
                    Kind::Cons if depth == 1 || !is_printable_list(node.term) => {
                        // The head gets one level less than the list, and
                        // each later element one less than the one before.
                        shape = Shape::List;
                        let mut rest = node.term;
                        let mut left = depth;
                        while !rest.is_nil() {
                            if left == 1 {
                                improper = true;
                                nodes.push(dots);
                                break;
                            }
                            left -= 1;
                            match rest.as_cons() {
                                Some((head, tail)) => {
                                    nodes.push(leaf(head, left));
                                    rest = tail;
                                }
                                None => {
                                    improper = true;
                                    nodes.push(leaf(rest, left));
                                    break;
                                }
                            }
                        }
                    }
                    Kind::Tuple if !node.term.payload().is_empty() && depth > 1 => {
                        let elements = node.term.payload();
                        shape =
                            if elements.len() > 1 && elements[0].is_atom() { Shape::TaggedTuple } else { Shape::Tuple };
                        for (index, &element) in elements.iter().enumerate() {
                            if index + 1 == depth {
                                improper = true;
                                nodes.push(dots);
                                break;
                            }
                            nodes.push(leaf(element, depth - 1 - index));
                        }
                    }
                    Kind::Map if map_size(node.term) > 0 && depth > 1 => {
                        shape = Shape::Map;
                        for (index, (key, value)) in map_pairs(node.term).enumerate() {
                            if index + 1 == depth {
                                improper = true;
                                nodes.push(dots);
                                break;
                            }
                            nodes.push(Node { value, first: usize::MAX, ..leaf(key, depth - 1) });
                        }
                    }
                    Kind::Binary => {
                        let bits = bitstring(node.term).unwrap_or(BitSlice::of_bytes(&[]));
                        if bits.bit_size() > 0 && string_form(&bits, Style::Print, depth).is_none() {
                            shape = Shape::Bin;
                        }
                    }
                    _ => {}
                }
            }
            let count = nodes.len() - first;
            let node = &mut nodes[index];
            node.shape = shape;
            node.improper = improper;
            node.first = first;
            node.count = count;
            if matches!(shape, Shape::Atomic | Shape::Bin) {
                scratch.clear();
                write_limited(&mut scratch, node.term, Style::Print, node.depth);
                node.len = scratch.chars().count();
            }
            index += 1;
        }
        for index in (0..nodes.len()).rev() {
            let node = nodes[index];
            let children: usize = nodes[node.first..node.first + node.count].iter().map(|child| child.len).sum();
            let separators = node.count.saturating_sub(1);
            nodes[index].len = match node.shape {
                Shape::Atomic | Shape::Bin | Shape::Dots => node.len,
                Shape::List | Shape::Tuple | Shape::TaggedTuple => 2 + children + separators,
                Shape::Map => 3 + children + separators,
                Shape::Pair => 4 + children,
            };
        }
        Tree { nodes }
    }

    fn children(&self, node: usize) -> std::ops::Range<usize> {
        let node = &self.nodes[node];
        node.first..node.first + node.count
    }
}

/// A layout that does not fit with the tried tag indentation.
struct NoGood;

/// The state of one `~p` layout.
struct Layout<'t> {
    tree: &'t Tree,
    line_length: i64,
    /// The whole term's one-line width.
    max_chars: i64,
    /// How far tagged tuples indent their elements: -1 = past the tag.
    tag_indent: i64,
}

/// The elements of a list or tuple node: plain elements, then an improper tail.
struct Elements {
    range: std::ops::Range<usize>,
    tail: Option<usize>,
}

impl Elements {
    fn of(tree: &Tree, node: usize) -> Elements {
        let mut range = tree.children(node);
        let tail = if tree.nodes[node].improper { range.next_back() } else { None };
        Elements { range, tail }
    }

    fn skip(mut self, n: usize) -> Elements {
        self.range.start = (self.range.start + n).min(self.range.end);
        self
    }

    /// Erlang's `last_depth`: closing characters after the element at
    /// `index`, when it is the last one before the closing bracket.
    fn last_depth(&self, index: usize, depth: i64) -> i64 {
        if index + 1 < self.range.end {
            0
        } else {
            depth + 1
        }
    }
}

impl Layout<'_> {
    fn len(&self, node: usize) -> i64 {
        self.tree.nodes[node].len as i64
    }

    fn is_atomic(&self, node: usize) -> bool {
        self.tree.nodes[node].shape == Shape::Atomic
    }

    fn is_atomic_pair(&self, pair: usize) -> bool {
        self.tree.children(pair).all(|child| self.is_atomic(child))
    }

    fn fits(&self, node: usize, col: i64, last_depth: i64) -> bool {
        self.len(node) < self.line_length - col - last_depth
    }

    /// Whether the element `node` (a list element, or a map pair) may follow on the current line.
    fn fits_after(&self, node: usize, col: i64, last_depth: i64) -> bool {
        let element_len = 1 + self.len(node);
        if last_depth == 0 {
            element_len + 1 < self.line_length - col
        } else {
            element_len < self.line_length - col - last_depth
        }
    }

    fn write_flat(&self, out: &mut String, node: usize) {
        let node = &self.tree.nodes[node];
        match node.shape {
            Shape::Dots => out.push_str("..."),
            Shape::Pair => {
                write_limited(out, node.term, Style::Print, node.depth);
                out.push_str(" => ");
                write_limited(out, node.value, Style::Print, node.depth);
            }
            _ => write_limited(out, node.term, Style::Print, node.depth),
        }
    }

    fn is_dots(&self, node: usize) -> bool {
        self.tree.nodes[node].shape == Shape::Dots
    }

    fn map_value_indent(&self) -> i64 {
        if self.tag_indent > 0 {
            self.tag_indent
        } else {
            4
        }
    }

    // ---- choosing the tag indentation ----

    fn cind(&self, node: usize, col: i64, last_depth: i64, depth: usize) -> Result<(), NoGood> {
        if self.fits(node, col, last_depth) || depth > PRETTY_DEPTH_LIMIT {
            return Ok(());
        }
        match self.tree.nodes[node].shape {
            Shape::List | Shape::Tuple => self.cind_list(Elements::of(self.tree, node), col + 1, last_depth, depth),
            Shape::TaggedTuple => self.cind_tag_tuple(node, col, last_depth, depth),
            Shape::Map => self.cind_map(node, col + 2, last_depth, depth),
            Shape::Pair | Shape::Atomic | Shape::Bin | Shape::Dots => Ok(()),
        }
    }

    fn cind_tag_tuple(&self, node: usize, col: i64, last_depth: i64, depth: usize) -> Result<(), NoGood> {
        let elements = Elements::of(self.tree, node);
        let tag_width = self.len(elements.range.start) + 2;
        let tag_col = col + tag_width;
        if self.tag_indent > 0 && tag_width > self.tag_indent {
            let col1 = col + self.tag_indent;
            if self.max_chars + col1 <= self.line_length || col1 <= self.line_length / 2 {
                self.cind_tail(elements.skip(1), col1, tag_col, last_depth, depth)
            } else {
                Err(NoGood)
            }
        } else if self.max_chars + tag_col < self.line_length || tag_col < self.line_length / 2 {
            self.cind_list(elements.skip(1), tag_col, last_depth, depth)
        } else {
            Err(NoGood)
        }
    }

    fn cind_list(&self, elements: Elements, col0: i64, last_depth: i64, depth: usize) -> Result<(), NoGood> {
        let Some(first) = elements.range.clone().next() else {
            return Ok(());
        };
        let width = self.cind_element(first, col0, elements.last_depth(first, last_depth), depth)?;
        self.cind_tail(elements.skip(1), col0, col0 + width, last_depth, depth)
    }

    fn cind_tail(
        &self,
        elements: Elements,
        col0: i64,
        mut col: i64,
        last_depth: i64,
        depth: usize,
    ) -> Result<(), NoGood> {
        for element in elements.range.clone() {
            let element_depth = elements.last_depth(element, last_depth);
            if self.is_atomic(element) && self.fits_after(element, col, element_depth) {
                col += 1 + self.len(element);
            } else {
                col = col0 + self.cind_element(element, col0, element_depth, depth)?;
            }
        }
        if let Some(tail) = elements.tail.filter(|&tail| !self.is_dots(tail)) {
            if !(self.is_atomic(tail) && self.len(tail) + 1 < self.line_length - col - (last_depth + 1)) {
                // OTP measures a broken improper tail from the current column
                // here, although the tail is then written on a new line.
                self.cind(tail, col, last_depth + 1, depth + 1)?;
            }
        }
        Ok(())
    }

    fn cind_element(&self, node: usize, col: i64, last_depth: i64, depth: usize) -> Result<i64, NoGood> {
        if self.is_atomic(node) && self.fits(node, col, last_depth) {
            Ok(self.len(node))
        } else {
            self.cind(node, col, last_depth, depth + 1)?;
            Ok(self.line_length)
        }
    }

    fn cind_map(&self, node: usize, col0: i64, last_depth: i64, depth: usize) -> Result<(), NoGood> {
        let pairs = Elements::of(self.tree, node);
        let mut col = col0;
        for (position, pair) in pairs.range.clone().enumerate() {
            let pair_depth = pairs.last_depth(pair, last_depth);
            if position > 0 && self.is_atomic_pair(pair) && self.fits_after(pair, col, pair_depth) {
                col += 1 + self.len(pair);
            } else {
                col = col0 + self.cind_pair(pair, col0, pair_depth, depth)?;
            }
        }
        Ok(())
    }

    fn cind_pair(&self, pair: usize, col: i64, last_depth: i64, depth: usize) -> Result<i64, NoGood> {
        if self.fits(pair, col, last_depth) {
            return Ok(if self.is_atomic_pair(pair) { self.len(pair) } else { self.line_length });
        }
        let key = self.tree.nodes[pair].first;
        self.cind(key, col, last_depth, depth + 1)?;
        self.cind(key + 1, col + self.map_value_indent(), last_depth, depth + 1)?;
        Ok(self.line_length)
    }

    // ---- writing ----

    fn newline(out: &mut String, indent: i64) {
        out.push('\n');
        push_repeated(out, ' ', indent);
    }

    fn pp(&self, out: &mut String, node: usize, col: i64, indent: i64, last_depth: i64, depth: usize) {
        if self.fits(node, col, last_depth) || depth > PRETTY_DEPTH_LIMIT {
            self.write_flat(out, node);
            return;
        }
        match self.tree.nodes[node].shape {
            Shape::List => {
                out.push('[');
                self.pp_list(out, Elements::of(self.tree, node), col + 1, indent + 1, last_depth, '|', depth);
                out.push(']');
            }
            Shape::Tuple => {
                out.push('{');
                self.pp_list(out, Elements::of(self.tree, node), col + 1, indent + 1, last_depth, ',', depth);
                out.push('}');
            }
            Shape::TaggedTuple => {
                out.push('{');
                self.pp_tag_tuple(out, node, col, indent, last_depth, depth);
                out.push('}');
            }
            Shape::Map => {
                out.push_str("#{");
                self.pp_map(out, node, col + 2, indent + 2, last_depth, depth);
                out.push('}');
            }
            Shape::Bin => self.pp_binary(out, node, col + 2, indent + 2, last_depth),
            Shape::Pair | Shape::Atomic | Shape::Dots => self.write_flat(out, node),
        }
    }

    /// Writes an element at the start of its place; returns its width, or the
    /// line length to force the next element onto a new line.
    fn pp_element(&self, out: &mut String, node: usize, col: i64, indent: i64, last_depth: i64, depth: usize) -> i64 {
        if self.is_atomic(node) && self.fits(node, col, last_depth) {
            self.write_flat(out, node);
            self.len(node)
        } else {
            self.pp(out, node, col, indent, last_depth, depth + 1);
            self.line_length
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn pp_list(
        &self,
        out: &mut String,
        elements: Elements,
        col0: i64,
        indent: i64,
        last_depth: i64,
        separator: char,
        depth: usize,
    ) {
        let Some(first) = elements.range.clone().next() else {
            // Only `...` is left: `[...]`, or a tagged tuple's `{Tag,...}`.
            if elements.tail.is_some() {
                out.push_str("...");
            }
            return;
        };
        let width = self.pp_element(out, first, col0, indent, elements.last_depth(first, last_depth), depth);
        self.pp_tail(out, elements.skip(1), col0, col0 + width, indent, last_depth, separator, depth);
    }

    #[allow(clippy::too_many_arguments)]
    fn pp_tail(
        &self,
        out: &mut String,
        elements: Elements,
        col0: i64,
        mut col: i64,
        indent: i64,
        last_depth: i64,
        separator: char,
        depth: usize,
    ) {
        for element in elements.range.clone() {
            let element_depth = elements.last_depth(element, last_depth);
            out.push(',');
            if self.is_atomic(element) && self.fits_after(element, col, element_depth) {
                self.write_flat(out, element);
                col += 1 + self.len(element);
            } else {
                Self::newline(out, indent);
                col = col0 + self.pp_element(out, element, col0, indent, element_depth, depth);
            }
        }
        if let Some(tail) = elements.tail {
            out.push(separator);
            if self.is_dots(tail) {
                out.push_str("...");
            } else if self.is_atomic(tail) && self.len(tail) + 1 < self.line_length - col - (last_depth + 1) {
                self.write_flat(out, tail);
            } else {
                Self::newline(out, indent);
                self.pp(out, tail, col0, indent, last_depth + 1, depth + 1);
            }
        }
    }

    fn pp_tag_tuple(&self, out: &mut String, node: usize, col: i64, indent: i64, last_depth: i64, depth: usize) {
        let elements = Elements::of(self.tree, node);
        let tag = elements.range.start;
        let tag_width = self.len(tag) + 2;
        let tag_col = col + tag_width;
        self.write_flat(out, tag);
        if self.tag_indent > 0 && tag_width > self.tag_indent {
            let col1 = col + self.tag_indent;
            self.pp_tail(out, elements.skip(1), col1, tag_col, indent + self.tag_indent, last_depth, ',', depth);
        } else {
            out.push(',');
            self.pp_list(out, elements.skip(1), tag_col, indent + tag_width, last_depth, ',', depth);
        }
    }

    fn pp_map(&self, out: &mut String, node: usize, col0: i64, indent: i64, last_depth: i64, depth: usize) {
        let pairs = Elements::of(self.tree, node);
        let mut col = col0;
        for (position, pair) in pairs.range.clone().enumerate() {
            let pair_depth = pairs.last_depth(pair, last_depth);
            if position == 0 {
                col = col0 + self.pp_pair(out, pair, col0, indent, pair_depth, depth);
            } else if self.is_atomic_pair(pair) && self.fits_after(pair, col, pair_depth) {
                out.push(',');
                self.write_flat(out, pair);
                col += 1 + self.len(pair);
            } else {
                out.push(',');
                Self::newline(out, indent);
                col = col0 + self.pp_pair(out, pair, col0, indent, pair_depth, depth);
            }
        }
        if pairs.tail.is_some() {
            out.push_str(",...");
        }
    }

    fn pp_pair(&self, out: &mut String, pair: usize, col: i64, indent: i64, last_depth: i64, depth: usize) -> i64 {
        if self.fits(pair, col, last_depth) {
            self.write_flat(out, pair);
            return if self.is_atomic_pair(pair) { self.len(pair) } else { self.line_length };
        }
        let key = self.tree.nodes[pair].first;
        let value_indent = self.map_value_indent();
        self.pp(out, key, col, indent, last_depth, depth + 1);
        out.push_str(" =>");
        Self::newline(out, indent + value_indent);
        self.pp(out, key + 1, col + value_indent, indent + value_indent, last_depth, depth + 1);
        self.line_length
    }

    /// Writes a bitstring in its byte form broken between items: each line
    /// holds as many bytes as fit in the width left after the binary's
    /// opening `<<` (and the closing characters that follow the binary), at
    /// least 8; trailing bits are the last item.
    fn pp_binary(&self, out: &mut String, node: usize, col: i64, indent: i64, last_depth: i64) {
        let node = &self.tree.nodes[node];
        let bits = bitstring(node.term).unwrap_or(BitSlice::of_bytes(&[]));
        let all = byte_form_items(&bits);
        let shown = shown_items(all, node.depth);
        let n_items = shown + usize::from(shown < all);
        let width = (self.line_length - col - last_depth).max(8);
        let mut left = width;
        let mut text = String::new();
        out.push_str("<<");
        for index in 0..n_items {
            text.clear();
            if index < shown {
                write_byte_form_item(&mut text, &bits, index);
            } else {
                text.push_str("...");
            }
            let len = text.len() as i64;
            if index + 1 < n_items {
                if left - (len + 1) < 0 {
                    Self::newline(out, indent);
                    left = width;
                }
                left -= len + 1;
                out.push_str(&text);
                out.push(',');
            } else {
                if len > left {
                    Self::newline(out, indent);
                }
                out.push_str(&text);
            }
        }
        out.push_str(">>");
    }
}

/// Appends `term` as `~p` prints it when the term starts at `column`
/// (1-based) on lines of `line_length` characters.
pub fn write_pretty(out: &mut String, term: Term, column: usize, line_length: usize) {
    write_pretty_limited(out, term, column, line_length, NO_DEPTH_LIMIT);
}

/// Appends `term` as `~P` prints it with depth `depth` when the term starts
/// at `column` (1-based) on lines of `line_length` characters: the term
/// cut as [`write_limited`] cuts it, laid out as `~p` lays out a term.
pub fn write_pretty_limited(out: &mut String, term: Term, column: usize, line_length: usize, depth: usize) {
    let start = out.len();
    write_limited(out, term, Style::Print, depth);
    let flat_len = out[start..].chars().count();
    let (col, line_length) = (column.max(1) as i64, line_length as i64);
    if (flat_len as i64) < line_length - col {
        return;
    }
    out.truncate(start);
    let tree = Tree::build(term, depth);
    let mut layout = Layout { tree: &tree, line_length, max_chars: flat_len as i64, tag_indent: 1 };
    for tag_indent in [-1, 4] {
        layout.tag_indent = tag_indent;
        if layout.cind(0, col, 0, 0).is_ok() {
            break;
        }
        layout.tag_indent = 1;
    }
    layout.pp(out, 0, col, col - 1, 0, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `~p`, `~w`, `~P` at depth 3, `~W` at depth 3, `~P` at depth 1 and
    /// `~W` at depth 2 of bitstrings, as Erlang/OTP 25's `io_lib:format`
    /// writes them.
    #[test]
    fn bitstrings_print_like_erlang() {
        use crate::memory::heap::Heap;
        use crate::term::bits::{bitstring_of, sub_bitstring};
        use crate::term::build::{binary, list_from_slice, tuple};
        let mut heap = Heap::new(64);
        let mut bits = |bytes: &[u8], size: usize| bitstring_of(&mut heap, &BitSlice::new(bytes, 0, size).unwrap());
        let five = bits(&[0xa0], 3);
        let partial = bits(&[1, 2, 0x30], 20);
        let abc_one = bits(b"abc\x80", 25);
        let abc_five = bits(b"abc\xa0", 27);
        let zero = bits(&[0], 1);
        let mut heap = Heap::new(64);
        let source = binary(&mut heap, &[1, 2, 3, 4]);
        let unaligned = sub_bitstring(&mut heap, source, 3, 29);
        let three_bits = bitstring_of(&mut heap, &BitSlice::new(&[0xa0], 0, 3).unwrap());
        let abc_one_again = bitstring_of(&mut heap, &BitSlice::new(b"abc\x80", 0, 25).unwrap());
        let in_list = list_from_slice(&mut heap, &[three_bits]);
        let nested = tuple(&mut heap, &[abc_one_again, in_list]);
        let cases: [(Term, [&str; 6]); 8] = [
            (five, ["<<5:3>>", "<<5:3>>", "<<5:3>>", "<<5:3>>", "<<...>>", "<<5:3>>"]),
            (partial, ["<<1,2,3:4>>", "<<1,2,3:4>>", "<<1,2,...>>", "<<1,2,...>>", "<<...>>", "<<1,...>>"]),
            (
                abc_one,
                ["<<97,98,99,1:1>>", "<<97,98,99,1:1>>", "<<97,98,...>>", "<<97,98,...>>", "<<...>>", "<<97,...>>"],
            ),
            (
                abc_five,
                ["<<97,98,99,5:3>>", "<<97,98,99,5:3>>", "<<97,98,...>>", "<<97,98,...>>", "<<...>>", "<<97,...>>"],
            ),
            (unaligned, ["<<8,16,24,4:5>>", "<<8,16,24,4:5>>", "<<8,16,...>>", "<<8,16,...>>", "<<...>>", "<<8,...>>"]),
            (zero, ["<<0:1>>", "<<0:1>>", "<<0:1>>", "<<0:1>>", "<<...>>", "<<0:1>>"]),
            (
                nested,
                [
                    "{<<97,98,99,1:1>>,[<<5:3>>]}",
                    "{<<97,98,99,1:1>>,[<<5:3>>]}",
                    "{<<97,...>>,[...]}",
                    "{<<97,...>>,[...]}",
                    "{...}",
                    "{<<...>>,...}",
                ],
            ),
            (
                binary(&mut heap, b"abc"),
                ["<<\"abc\">>", "<<97,98,99>>", "<<\"abc\">>", "<<97,98,...>>", "<<...>>", "<<97,...>>"],
            ),
        ];
        for (term, [p, w, p3, w3, p1, w2]) in cases {
            let limited = |style, depth| {
                let mut out = String::new();
                if style == Style::Print {
                    write_pretty_limited(&mut out, term, 1, LINE_LENGTH, depth);
                } else {
                    write_limited(&mut out, term, style, depth);
                }
                out
            };
            assert_eq!(term_to_string(term, Style::Print), p);
            assert_eq!(term_to_string(term, Style::Write), w);
            assert_eq!(limited(Style::Print, 3), p3);
            assert_eq!(limited(Style::Write, 3), w3);
            assert_eq!(limited(Style::Print, 1), p1);
            assert_eq!(limited(Style::Write, 2), w2);
        }
        // erlang:display/1 writes the bits as ~w does.
        assert_eq!(term_to_string(partial, Style::Display), "<<1,2,3:4>>");
        assert_eq!(term_to_string(unaligned, Style::Display), "<<8,16,24,4:5>>");
        // Long bitstrings break between bytes, the trailing bits last.
        let mut abcs: Vec<u8> = b"abc".repeat(30);
        abcs.push(0xc0);
        let long = bitstring_of(&mut heap, &BitSlice::new(&abcs, 0, 90 * 8 + 2).unwrap());
        assert_eq!(
            term_to_string(long, Style::Print),
            "<<97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,\n  \
             98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,\n  \
             99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,\n  \
             97,98,99,97,98,99,97,98,99,97,98,99,97,98,99,3:2>>"
        );
        let counting: Vec<u8> = (0..=40).chain([0x20]).collect();
        let counted = bitstring_of(&mut heap, &BitSlice::new(&counting, 0, 41 * 8 + 3).unwrap());
        assert_eq!(
            term_to_string(counted, Style::Print),
            "<<0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,\n  \
             29,30,31,32,33,34,35,36,37,38,39,40,1:3>>"
        );
        // A printable binary off the heap, and a slice of it, are strings.
        let text = b"abcdefghij".repeat(10);
        let off_heap = binary(&mut heap, &text);
        let slice = sub_bitstring(&mut heap, off_heap, 8 * 5, 8 * 10);
        assert_eq!(term_to_string(slice, Style::Print), "<<\"fghijabcde\">>");
        let odd = sub_bitstring(&mut heap, off_heap, 3, 8 * 2);
        assert_eq!(term_to_string(odd, Style::Write), "<<11,19>>");
    }

    #[test]
    fn floats_print_like_erlang() {
        let cases: &[(f64, &str)] = &[
            (1.0e10, "1.0e10"),
            (0.1, "0.1"),
            (1.5, "1.5"),
            (1.0e15, "1.0e15"),
            (1.2345678901234568e17, "1.2345678901234568e17"),
            (1.0e-4, "0.0001"),
            (0.001, "0.001"),
            (1.0e-5, "1.0e-5"),
            (1.0e23, "1.0e23"),
            (5.0e-324, "5.0e-324"),
            (1.7976931348623157e308, "1.7976931348623157e308"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (100.0, "100.0"),
            (1.0e100, "1.0e100"),
            (2.5e-10, "2.5e-10"),
            (12345.678, "12345.678"),
            (1.0 / 3.0, "0.3333333333333333"),
            (9007199254740992.0, "9.007199254740992e15"),
            (9007199254740991.0, "9007199254740991.0"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.000123, "1.23e-4"),
            (0.00123, "0.00123"),
            (1000.0, "1.0e3"),
            (120.0, "120.0"),
            (1200.0, "1.2e3"),
            (-1.5, "-1.5"),
            (8123456789012345.0, "8123456789012345.0"),
        ];
        for &(value, expected) in cases {
            assert_eq!(format_float(value), expected, "{value:e}");
        }
    }

    #[test]
    fn external_funs_print_as_erlang_writes_them() {
        let mut heap = crate::memory::heap::Heap::new(4);
        let module = Atom::intern("Elixir.Foo").unwrap();
        let function = Atom::intern("bar baz").unwrap();
        let external = crate::term::build::export_fun(&mut heap, module, function, 1);
        assert_eq!(term_to_string(external, Style::Print), "fun 'Elixir.Foo':'bar baz'/1");
        let map = crate::term::build::export_fun(&mut heap, crate::term::atoms::LISTS, Atom::intern("map").unwrap(), 2);
        assert_eq!(term_to_string(map, Style::Write), "fun lists:map/2");
    }

    #[test]
    fn atoms_quote_like_erlang() {
        let cases: &[(&str, &str)] = &[
            ("ok", "ok"),
            ("EXIT", "'EXIT'"),
            ("hello world", "'hello world'"),
            ("[]", "'[]'"),
            ("it's", "'it\\'s'"),
            ("a\nb", "'a\\nb'"),
            ("after", "'after'"),
            ("maybe", "maybe"),
            ("aB@1_x", "aB@1_x"),
            ("é", "é"),
            ("", "''"),
            ("a.b", "'a.b'"),
            ("\\", "'\\\\'"),
            ("_x", "'_x'"),
            ("Ä", "'Ä'"),
            ("÷x", "'÷x'"),
            ("x×", "'x×'"),
            ("aÀ", "aÀ"),
            ("a\u{0}", "'a\\000'"),
            ("a\u{7f}", "'a\\d'"),
            ("a\u{96}", "'a\\226'"),
            ("a\u{a0}", "'a\u{a0}'"),
            ("a\u{20ac}", "'a\\x{20AC}'"),
            ("a\u{1f600}", "'a\\x{1F600}'"),
            ("query", "query"),
        ];
        for &(name, expected) in cases {
            let mut out = String::new();
            write_atom(&mut out, Atom::intern(name).unwrap());
            assert_eq!(out, expected, "{name:?}");
        }
    }
}
