//! Literal terms in Erlang notation: reading them from parsed operands and
//! writing them back so that they read in again as the same tree.

use crate::ast::{Expr, ExprKind, Segment};
use crate::diagnostic::{quote, Span};
use crate::tables::Tables;
use girder_loader::{Literal, MAX_FUN_ARITY};
use num_bigint::BigInt;
use std::fmt::Write;

/// The x and y register limits, for recognising register words.
use girder_spec::{MAX_FLOAT_REGS, MAX_X_REGS, MAX_Y_REGS};

/// Erlang's reserved words, which are quoted when written as atoms.
const RESERVED_WORDS: [&str; 29] = [
    "after", "and", "andalso", "band", "begin", "bnot", "bor", "bsl", "bsr", "bxor", "case", "catch", "cond", "div",
    "else", "end", "fun", "if", "let", "maybe", "not", "of", "or", "orelse", "receive", "rem", "try", "when", "xor",
];

/// A register named by a word such as `x3` or `y0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Register {
    /// An x register.
    X(u32),
    /// A y register.
    Y(u32),
}

/// Reads a word as a register: `x` or `y` followed by decimal digits.
///
/// Returns `None` for a word that is not spelled like a register, and an
/// error for a register beyond the limits.
pub(crate) fn register_of(word: &str) -> Option<Result<Register, String>> {
    let (letter, digits) = word.split_at_checked(1)?;
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let (limit, make): (u32, fn(u32) -> Register) = match letter {
        "x" => (MAX_X_REGS, Register::X),
        "y" => (MAX_Y_REGS, Register::Y),
        _ => return None,
    };
    let number = digits.parse::<u32>().ok().filter(|&number| number < limit);
    Some(match number {
        Some(number) => Ok(make(number)),
        None => Err(format!(
            "register {} is out of range; {letter} registers go from {letter}0 to {letter}{}",
            quote(word),
            limit - 1
        )),
    })
}

/// Reads a word as a float register: `fr` followed by decimal digits.
///
/// Returns `None` for a word not spelled like one, and an error for a
/// register beyond the limit. Only an operand of kind `Fr` reads words this
/// way; elsewhere `fr0` is an atom.
pub(crate) fn float_register_of(word: &str) -> Option<Result<u32, String>> {
    let digits = word.strip_prefix("fr")?;
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u32>().ok().filter(|&number| number < MAX_FLOAT_REGS).ok_or_else(|| {
        format!("register {} is out of range; float registers go from fr0 to fr{}", quote(word), MAX_FLOAT_REGS - 1)
    }))
}

/// Converts a parsed term into a literal, adding its atoms to `tables`.
///
/// Integers that fit in 64 bits become [`Literal::Int`], larger ones
/// [`Literal::BigInt`]; a list written with a list as its tail is flattened
/// (`[1 | [2]]` is `[1, 2]`), so every list literal has one canonical tree.
pub(crate) fn literal_of(expr: &Expr, tables: &mut Tables) -> Result<Literal, (Span, String)> {
    let literal = match &expr.kind {
        ExprKind::Word(word) => {
            if register_of(word).is_some() {
                return Err((
                    expr.span,
                    format!(
                        "{} is a register, which cannot appear inside a literal term; write '{word}' for the atom",
                        quote(word)
                    ),
                ));
            }
            Literal::Atom(tables.atom(word))
        }
        ExprKind::QuotedAtom(name) => Literal::Atom(tables.atom(name)),
        ExprKind::Integer(value) => integer_literal(value),
        ExprKind::Float(value) => Literal::Float(*value),
        ExprKind::Str(codes) => string_literal(codes),
        ExprKind::List(elements, tail) => {
            let mut items =
                elements.iter().map(|element| literal_of(element, tables)).collect::<Result<Vec<_>, _>>()?;
            let mut tail = match tail {
                Some(tail) => literal_of(tail, tables)?,
                None => Literal::Nil,
            };
            if let Literal::List(more, rest) = tail {
                items.extend(more);
                tail = *rest;
            }
            if items.is_empty() {
                tail
            } else {
                Literal::List(items, Box::new(tail))
            }
        }
        ExprKind::Tuple(elements) => {
            Literal::Tuple(elements.iter().map(|element| literal_of(element, tables)).collect::<Result<_, _>>()?)
        }
        ExprKind::Map(pairs) => Literal::Map(
            pairs
                .iter()
                .map(|(key, value)| Ok((literal_of(key, tables)?, literal_of(value, tables)?)))
                .collect::<Result<_, _>>()?,
        ),
        ExprKind::Binary(segments) => {
            let mut bits = Bits::default();
            for segment in segments {
                binary_segment(segment, &mut bits)?;
            }
            Literal::bitstring(bits.bytes, bits.size)
        }
        ExprKind::ExportFun(module, function) => {
            if function.arity > MAX_FUN_ARITY {
                return Err((
                    expr.span,
                    format!("a fun's arity is at most {MAX_FUN_ARITY}, but this one has {}", function.arity),
                ));
            }
            Literal::ExportFun {
                module: tables.atom(module),
                function: tables.atom(&function.name),
                arity: function.arity,
            }
        }
        ExprKind::LabelRef(_) | ExprKind::LocalFunction(_) | ExprKind::ExternalFunction(..) => {
            return Err((expr.span, "expected a literal term here, found a label or function reference".to_string()))
        }
    };
    Ok(literal)
}

/// How many containers (lists, tuples, maps) nest in `literal`, counting a
/// list's tail one level below the list, as the loader does.
pub(crate) fn containers_deep(literal: &Literal) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(literal, 0)];
    while let Some((node, around)) = pending.pop() {
        let inside = around + 1;
        match node {
            Literal::List(elements, tail) => {
                deepest = deepest.max(inside);
                pending.extend(elements.iter().map(|element| (element, inside)));
                pending.push((tail, inside));
            }
            Literal::Tuple(elements) => {
                deepest = deepest.max(inside);
                pending.extend(elements.iter().map(|element| (element, inside)));
            }
            Literal::Map(pairs) => {
                deepest = deepest.max(inside);
                pending.extend(pairs.iter().flat_map(|(key, value)| [(key, inside), (value, inside)]));
            }
            _ => {}
        }
    }
    deepest
}

/// The literal for an integer: [`Literal::Int`] when it fits in 64 bits.
pub(crate) fn integer_literal(value: &BigInt) -> Literal {
    match i64::try_from(value) {
        Ok(small) => Literal::Int(small),
        Err(_) => Literal::BigInt(value.clone()),
    }
}

/// The literal for a string: a proper list of character codes, `[]` when empty.
fn string_literal(codes: &[u32]) -> Literal {
    if codes.is_empty() {
        Literal::Nil
    } else {
        Literal::List(codes.iter().map(|&code| Literal::Int(i64::from(code))).collect(), Box::new(Literal::Nil))
    }
}

/// The largest size a sized segment (`Value:Size`) may have, in bits.
pub(crate) const MAX_SEGMENT_BITS: u32 = 64;

/// The bits of a bitstring literal being read.
#[derive(Default)]
struct Bits {
    bytes: Vec<u8>,
    size: u64,
}

impl Bits {
    /// Appends the low `n` bits of `value` (`n` at most 64), most significant first.
    fn push(&mut self, value: u64, n: u32) {
        for index in (0..n).rev() {
            if self.size.is_multiple_of(8) {
                self.bytes.push(0);
            }
            if value >> index & 1 == 1 {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= 0x80 >> (self.size % 8);
                }
            }
            self.size += 1;
        }
    }
}

fn binary_segment(segment: &Segment, bits: &mut Bits) -> Result<(), (Span, String)> {
    let value = &segment.value;
    let byte_error = || {
        (
            value.span,
            "a binary segment must be a byte (an integer from 0 to 255), a string of such characters, \
             or an integer with its size (`5:3`)"
                .to_string(),
        )
    };
    if let Some((size, size_span)) = &segment.size {
        let size = u32::try_from(size).ok().filter(|size| (1..=MAX_SEGMENT_BITS).contains(size));
        let Some(size) = size else {
            return Err((*size_span, format!("a segment's size must be from 1 to {MAX_SEGMENT_BITS} bits")));
        };
        let ExprKind::Integer(integer) = &value.kind else {
            return Err((value.span, "only an integer can have a size in bits".to_string()));
        };
        let fits = u64::try_from(integer).ok().filter(|&v| size == 64 || v < 1u64 << size);
        let Some(integer) = fits else {
            return Err((
                value.span,
                format!(
                    "{integer} does not fit in {size} bits: the value of `Value:{size}` must be from 0 to 2^{size} - 1"
                ),
            ));
        };
        bits.push(integer, size);
        return Ok(());
    }
    match &value.kind {
        ExprKind::Integer(integer) => bits.push(u64::from(u8::try_from(integer).map_err(|_| byte_error())?), 8),
        ExprKind::Str(codes) => {
            for &code in codes {
                bits.push(u64::from(u8::try_from(code).map_err(|_| byte_error())?), 8);
            }
        }
        _ => return Err(byte_error()),
    }
    Ok(())
}

/// Writes `literal` in the notation [`literal_of`] reads, atoms named from `atoms`.
///
/// An atom index outside `atoms` is written as `<bad atom N>`, which does not
/// read back: only a broken module has one.
pub(crate) fn write_literal(out: &mut String, literal: &Literal, atoms: &[String]) {
    match literal {
        Literal::Int(value) => {
            let _ = write!(out, "{value}");
        }
        Literal::BigInt(value) => {
            let _ = write!(out, "{value}");
        }
        Literal::Float(value) => out.push_str(&format_float(*value)),
        Literal::Atom(index) => write_atom_index(out, *index, atoms),
        Literal::Nil => out.push_str("[]"),
        Literal::List(elements, tail) => {
            if matches!(**tail, Literal::Nil) {
                if let Some(codes) = printable_codes(elements) {
                    out.push('"');
                    for code in codes {
                        escape_into(out, code, '"');
                    }
                    out.push('"');
                    return;
                }
            }
            out.push('[');
            write_sequence(out, elements, atoms);
            if !matches!(**tail, Literal::Nil) {
                out.push_str(" | ");
                write_literal(out, tail, atoms);
            }
            out.push(']');
        }
        Literal::Tuple(elements) => {
            out.push('{');
            write_sequence(out, elements, atoms);
            out.push('}');
        }
        Literal::Map(pairs) => {
            out.push_str("#{");
            for (position, (key, value)) in pairs.iter().enumerate() {
                if position > 0 {
                    out.push_str(", ");
                }
                write_literal(out, key, atoms);
                out.push_str(" => ");
                write_literal(out, value, atoms);
            }
            out.push('}');
        }
        Literal::Binary(bytes) => {
            out.push_str("<<");
            if !bytes.is_empty() && bytes.iter().all(|&byte| is_printable_byte(byte)) {
                out.push('"');
                for &byte in bytes {
                    escape_into(out, u32::from(byte), '"');
                }
                out.push('"');
            } else {
                for (position, byte) in bytes.iter().enumerate() {
                    if position > 0 {
                        out.push_str(", ");
                    }
                    let _ = write!(out, "{byte}");
                }
            }
            out.push_str(">>");
        }
        Literal::Bitstring { bytes, last_bits } => {
            // The whole bytes as a binary writes them, then the last bits as
            // one sized segment: `<<"abc", 5:3>>`, `<<1, 2, 3:4>>`, `<<5:3>>`.
            let (&last, whole) = bytes.split_last().unwrap_or((&0, &[]));
            let mut text = String::new();
            write_literal(&mut text, &Literal::Binary(whole.to_vec()), atoms);
            let inner = &text[2..text.len() - 2];
            out.push_str("<<");
            out.push_str(inner);
            if !inner.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(out, "{}:{last_bits}", last >> (8 - (*last_bits).clamp(1, 8)));
            out.push_str(">>");
        }
        Literal::ExportFun { module, function, arity } => {
            out.push_str("fun ");
            write_atom_index(out, *module, atoms);
            out.push(':');
            write_atom_index(out, *function, atoms);
            let _ = write!(out, "/{arity}");
        }
    }
}

fn write_sequence(out: &mut String, elements: &[Literal], atoms: &[String]) {
    for (position, element) in elements.iter().enumerate() {
        if position > 0 {
            out.push_str(", ");
        }
        write_literal(out, element, atoms);
    }
}

/// Writes atom number `index` of `atoms`, quoted when needed.
pub(crate) fn write_atom_index(out: &mut String, index: u32, atoms: &[String]) {
    match atoms.get(index as usize) {
        Some(name) => out.push_str(&format_atom(name)),
        None => {
            let _ = write!(out, "<bad atom {index}>");
        }
    }
}

/// An atom as written in assembly: bare when it reads back as the same atom, quoted otherwise.
pub(crate) fn format_atom(name: &str) -> String {
    let bare = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(crate::lexer::is_word_char)
        && register_of(name).is_none()
        && !RESERVED_WORDS.contains(&name);
    if bare {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len() + 2);
    out.push('\'');
    for c in name.chars() {
        escape_into(&mut out, u32::from(c), '\'');
    }
    out.push('\'');
    out
}

/// Writes character `code` inside a string or atom quoted with `quote_char`.
fn escape_into(out: &mut String, code: u32, quote_char: char) {
    match code {
        8 => out.push_str("\\b"),
        9 => out.push_str("\\t"),
        10 => out.push_str("\\n"),
        11 => out.push_str("\\v"),
        12 => out.push_str("\\f"),
        13 => out.push_str("\\r"),
        27 => out.push_str("\\e"),
        92 => out.push_str("\\\\"),
        _ => match char::from_u32(code) {
            Some(c) if c == quote_char => {
                out.push('\\');
                out.push(c);
            }
            Some(c) if !c.is_control() => out.push(c),
            _ => {
                let _ = write!(out, "\\x{{{code:X}}}");
            }
        },
    }
}

/// The character codes of a list that Erlang would print as a string, if it is one.
///
/// Like Erlang's default, a list is a string when every element is a
/// printable Latin-1 character or one of the named whitespace escapes.
fn printable_codes(elements: &[Literal]) -> Option<Vec<u32>> {
    elements
        .iter()
        .map(|element| match element {
            Literal::Int(code) => u32::try_from(*code).ok().filter(|&code| is_printable_code(code)),
            _ => None,
        })
        .collect()
}

fn is_printable_code(code: u32) -> bool {
    matches!(code, 8..=13 | 27 | 32..=126 | 160..=255)
}

fn is_printable_byte(byte: u8) -> bool {
    matches!(byte, 8..=13 | 27 | 32..=126)
}

/// A float as written in assembly: the shortest digits that read back to the
/// same bits, always with a `.` (Erlang needs digits on both sides of it).
pub(crate) fn format_float(value: f64) -> String {
    let text = format!("{value:?}");
    // Rust's `Debug` gives the shortest round-trip digits, as `1.5`, `1e16`,
    // `1.5e-7`, `inf` or `NaN`; a mantissa without a `.` gains `.0`.
    match text.split_once('e') {
        Some((mantissa, exponent)) if !mantissa.contains('.') => format!("{mantissa}.0e{exponent}"),
        _ => text,
    }
}

/// Writes `text` as a double-quoted string the lexer reads back as the same
/// characters, escaped as string literals are.
pub(crate) fn quote_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        escape_into(&mut out, u32::from(c), '"');
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoms_are_quoted_when_needed() {
        assert_eq!(format_atom("ok"), "ok");
        assert_eq!(format_atom("node@host"), "node@host");
        assert_eq!(format_atom("x0"), "'x0'");
        assert_eq!(format_atom("x"), "x");
        assert_eq!(format_atom("EXIT"), "'EXIT'");
        assert_eq!(format_atom("and"), "'and'");
        assert_eq!(format_atom(""), "''");
        assert_eq!(format_atom("it's\n"), "'it\\'s\\n'");
        assert_eq!(format_atom("-main/1-fun-0-"), "'-main/1-fun-0-'");
    }

    #[test]
    fn floats_keep_a_point() {
        assert_eq!(format_float(1.0), "1.0");
        assert_eq!(format_float(-0.25), "-0.25");
        assert_eq!(format_float(1e16), "1.0e16");
        assert_eq!(format_float(2.5e-7), "2.5e-7");
        assert_eq!(format_float(-0.0), "-0.0");
    }

    #[test]
    fn registers_are_recognised() {
        assert_eq!(register_of("x0"), Some(Ok(Register::X(0))));
        assert_eq!(register_of("y1023"), Some(Ok(Register::Y(1023))));
        assert!(matches!(register_of("x1024"), Some(Err(_))));
        assert!(matches!(register_of("x99999999999999999999"), Some(Err(_))));
        assert_eq!(register_of("xy"), None);
        assert_eq!(register_of("z1"), None);
        assert_eq!(register_of("é1"), None);
    }
}
