//! The `unicode` module's BIFs: the functions of OTP's `unicode.erl` that
//! are stubs for native code, `characters_to_binary/2`,
//! `characters_to_list/2` and `bin_is_7bit/1`. The rest of the module
//! (`characters_to_binary/1,3`, `characters_to_list/1`, the
//! normalisations) is Erlang, loaded from Erlang/OTP, and calls these.
//!
//! The data is a binary or a possibly deep list of code points and
//! binaries, whose tails are lists or binaries; binaries hold text in the
//! input encoding, and a character may continue from one binary into the
//! next. Data of any other shape is `badarg`, checked before anything is
//! converted, as in Erlang/OTP. A character that is not one (a code point
//! out of range, a surrogate, bytes that do not encode one) stops the
//! conversion: `{error, Converted, Rest}`; data that ends inside a
//! character: `{incomplete, Converted, Rest}`. `Rest` is the data not
//! converted, rebuilt as Erlang/OTP rebuilds it: the list from the bad
//! element on, inside each enclosing list's rest.

use super::binary::{atom_term, charge_bytes, part_of};
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::bits::{self, bitstring};
use crate::term::build::{self, ListIter};
use crate::term::{Atom, Term};

/// An encoding of characters in binaries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Latin1,
    Utf8,
    Utf16 { little: bool },
    Utf32 { little: bool },
}

impl Encoding {
    /// `latin1`, `unicode`, `utf8`, `utf16`, `utf32`, or `{utf16 | utf32,
    /// big | little}`; `badarg` for anything else.
    fn of(term: Term) -> Result<Encoding, Exception> {
        let name = |term: Term| term.as_atom().map(Atom::name);
        if let Some(&[wide, endian]) = term.as_tuple() {
            let little = match name(endian) {
                Some("big") => false,
                Some("little") => true,
                _ => return Err(Exception::badarg()),
            };
            return match name(wide) {
                Some("utf16") => Ok(Encoding::Utf16 { little }),
                Some("utf32") => Ok(Encoding::Utf32 { little }),
                _ => Err(Exception::badarg()),
            };
        }
        match name(term) {
            Some("latin1") => Ok(Encoding::Latin1),
            Some("unicode" | "utf8") => Ok(Encoding::Utf8),
            Some("utf16") => Ok(Encoding::Utf16 { little: false }),
            Some("utf32") => Ok(Encoding::Utf32 { little: false }),
            _ => Err(Exception::badarg()),
        }
    }

    /// The first character of `bytes`.
    fn decode(self, bytes: &[u8]) -> Step {
        match self {
            Encoding::Latin1 => Step::Char(u32::from(bytes[0]), 1),
            Encoding::Utf8 => decode_utf8(bytes),
            Encoding::Utf16 { little } => {
                let unit = |at: usize| {
                    let pair = [bytes[at], bytes[at + 1]];
                    u32::from(if little { u16::from_le_bytes(pair) } else { u16::from_be_bytes(pair) })
                };
                if bytes.len() < 2 {
                    return self.cut_short(bytes);
                }
                match unit(0) {
                    high @ 0xD800..=0xDBFF => {
                        if bytes.len() < 4 {
                            return self.cut_short(bytes);
                        }
                        match unit(2) {
                            low @ 0xDC00..=0xDFFF => Step::Char(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00), 4),
                            _ => Step::Invalid,
                        }
                    }
                    0xDC00..=0xDFFF => Step::Invalid,
                    code => Step::Char(code, 2),
                }
            }
            Encoding::Utf32 { little } => {
                if bytes.len() < 4 {
                    return self.cut_short(bytes);
                }
                let quad = [bytes[0], bytes[1], bytes[2], bytes[3]];
                let code = if little { u32::from_le_bytes(quad) } else { u32::from_be_bytes(quad) };
                if is_code_point(code) {
                    Step::Char(code, 4)
                } else {
                    Step::Invalid
                }
            }
        }
    }

    /// Whether bytes too few for a UTF-16 or UTF-32 character can begin
    /// one, as Erlang/OTP judges them: `Incomplete` when they can, `Invalid`
    /// when they cannot.
    fn cut_short(self, bytes: &[u8]) -> Step {
        let surrogate = |byte: u8| (0xD8..=0xDF).contains(&byte);
        let can_begin = match (self, bytes) {
            (Encoding::Utf16 { little: false }, &[a]) => !(0xDC..=0xDF).contains(&a),
            (Encoding::Utf16 { little: false }, &[a, _]) => (0xD8..=0xDB).contains(&a),
            (Encoding::Utf16 { little: false }, &[a, _, c]) => (0xD8..=0xDB).contains(&a) && (0xDC..=0xDF).contains(&c),
            (Encoding::Utf16 { little: false }, _) => false,
            (Encoding::Utf16 { little: true }, &[_]) => true,
            (Encoding::Utf16 { little: true }, &[_, b, ..]) => (0xD8..=0xDB).contains(&b),
            (Encoding::Utf32 { little: false }, &[0]) => true,
            (Encoding::Utf32 { little: false }, &[0, x]) => x <= 0x10,
            (Encoding::Utf32 { little: false }, &[0, x, y]) => x <= 0x10 && (x > 0 || !surrogate(y)),
            (Encoding::Utf32 { little: true }, &[_] | &[_, _]) => true,
            (Encoding::Utf32 { little: true }, &[0xFE | 0xFF, 0xFF, 0]) => false,
            (Encoding::Utf32 { little: true }, &[_, y, x]) => x <= 0x10 && (x > 0 || !surrogate(y)),
            _ => false,
        };
        if can_begin {
            Step::Incomplete
        } else {
            Step::Invalid
        }
    }

    /// Whether Erlang/OTP converts this encoding in Erlang (`unicode.erl`)
    /// rather than natively, which shapes the rest it gives back.
    fn in_erlang(self) -> bool {
        matches!(self, Encoding::Utf16 { .. } | Encoding::Utf32 { .. })
    }

    /// How many more bytes a character begun with `begun` bytes needs at least.
    fn missing(self, begun: &[u8]) -> usize {
        match self {
            Encoding::Utf32 { .. } => 4 - begun.len().min(4),
            _ => match begun.len() {
                1 | 3 => 1,
                _ => 2,
            },
        }
    }
}

/// What decoding the start of some bytes found.
enum Step {
    /// A character and the bytes it took.
    Char(u32, usize),
    /// The bytes start a character but end before it does.
    Incomplete,
    /// The bytes do not start a character.
    Invalid,
}

fn is_code_point(code: u32) -> bool {
    code <= 0x10FFFF && !(0xD800..=0xDFFF).contains(&code)
}

/// The first character of UTF-8 `bytes` (non-empty): shortest forms only,
/// no surrogates, nothing above U+10FFFF.
fn decode_utf8(bytes: &[u8]) -> Step {
    let lead = bytes[0];
    let (length, low, high, initial) = match lead {
        0x00..=0x7F => return Step::Char(u32::from(lead), 1),
        0xC2..=0xDF => (2, 0x80, 0xBF, u32::from(lead & 0x1F)),
        0xE0 => (3, 0xA0, 0xBF, 0),
        0xE1..=0xEC | 0xEE..=0xEF => (3, 0x80, 0xBF, u32::from(lead & 0x0F)),
        0xED => (3, 0x80, 0x9F, 0xD),
        0xF0 => (4, 0x90, 0xBF, 0),
        0xF1..=0xF3 => (4, 0x80, 0xBF, u32::from(lead & 0x07)),
        0xF4 => (4, 0x80, 0x8F, 4),
        _ => return Step::Invalid,
    };
    let mut code = initial;
    for index in 1..length {
        let Some(&byte) = bytes.get(index) else { return Step::Incomplete };
        let (min, max) = if index == 1 { (low, high) } else { (0x80, 0xBF) };
        if !(min..=max).contains(&byte) {
            return Step::Invalid;
        }
        code = (code << 6) | u32::from(byte & 0x3F);
    }
    Step::Char(code, length)
}

/// Whether `term` is character data: a binary, or a list of integers,
/// binaries and such lists, whose tails are lists or binaries.
fn is_chardata(term: Term) -> bool {
    let is_binary = |term: Term| bitstring(term).is_some_and(|bits| bits.is_binary());
    if is_binary(term) {
        return true;
    }
    let mut pending = vec![term];
    while let Some(list) = pending.pop() {
        let mut iter = ListIter::new(list);
        for element in iter.by_ref() {
            if element.is_list() {
                pending.push(element);
            } else if !(element.is_integer() || is_binary(element)) {
                return false;
            }
        }
        let rest = iter.rest();
        if !(rest.is_nil() || is_binary(rest)) {
            return false;
        }
    }
    true
}

/// Where the characters go.
trait Output {
    fn push(&mut self, code: u32);
    fn len(&self) -> usize;
}

impl Output for Vec<u8> {
    fn push(&mut self, code: u32) {
        let c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        self.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
    }

    fn len(&self) -> usize {
        Vec::len(self)
    }
}

/// Code points as small integers.
struct Codes(Vec<Term>);

impl Output for Codes {
    fn push(&mut self, code: u32) {
        self.0.push(Term::small_unchecked(i64::from(code)));
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

/// How a conversion ended.
enum End {
    Done,
    /// `error` or `incomplete`, and the rest of the data.
    Stopped(&'static str, Term),
}

/// Converts `data` (checked to be character data) into `out`.
struct Converter<'c, 'a, O> {
    ctx: &'c mut BifCtx<'a>,
    encoding: Encoding,
    out: O,
    /// The tails of the enclosing lists, the innermost last.
    enclosing: Vec<Term>,
    /// The bytes of a character begun at the end of a binary, waiting for
    /// the next binary to finish it.
    leftover: Vec<u8>,
    /// Bytes read, for the reductions.
    read: usize,
}

impl<O: Output> Converter<'_, '_, O> {
    /// The rest of the data: `rest` at the innermost level, inside each
    /// enclosing list's tail.
    fn wrap(&mut self, mut rest: Term) -> Term {
        for &tail in self.enclosing.iter().rev() {
            rest = if rest.is_nil() { tail } else { build::cons(&mut self.ctx.process.heap, rest, tail) };
        }
        rest
    }

    /// The leftover bytes as a binary, and the rest of the data from `rest`
    /// (the list at the current level), as Erlang/OTP gives them when the
    /// next piece does not finish the leftover character.
    fn with_leftover(&mut self, rest: Term) -> End {
        let leftover = bits::binary(&mut self.ctx.process.heap, &self.leftover);
        if self.encoding.in_erlang() {
            // `[Leftover | Rest]` at this level.
            let rest = build::cons(&mut self.ctx.process.heap, leftover, rest);
            return End::Stopped("error", self.wrap(rest));
        }
        let rest = self.wrap(rest);
        let heap = &mut self.ctx.process.heap;
        let rest = build::cons(heap, rest, Term::NIL);
        End::Stopped("error", build::cons(heap, leftover, rest))
    }

    fn char(&mut self, code: Term) -> bool {
        let Some(code) = code.as_small().and_then(|code| u32::try_from(code).ok()) else { return false };
        let fits = match self.encoding {
            Encoding::Latin1 => code < 256,
            _ => is_code_point(code),
        };
        if fits {
            self.out.push(code);
        }
        fits
    }

    /// Decodes bytes from `at` on; returns where it stopped and why (`None`
    /// when it reached the end).
    fn decode_from(&mut self, bytes: &[u8], mut at: usize) -> (usize, Option<Step>) {
        while at < bytes.len() {
            match self.encoding.decode(&bytes[at..]) {
                Step::Char(code, length) => {
                    self.out.push(code);
                    at += length;
                }
                other => return (at, Some(other)),
            }
        }
        (at, None)
    }

    /// Converts a binary; `cell` is the list cell holding it, or `None`
    /// when it is the tail of the list at the current level (or the whole data).
    fn binary(&mut self, binary: Term, cell: Option<Term>) -> Option<End> {
        let bytes = bitstring(binary).map(|bits| bits.to_bytes()).unwrap_or_default();
        self.read += bytes.len();
        let (bytes, binary, mut at) = if self.leftover.is_empty() {
            (bytes, binary, 0)
        } else if cell.is_none() {
            // A tail binary continues the leftover character as one binary.
            let mut joined = std::mem::take(&mut self.leftover);
            joined.extend_from_slice(&bytes);
            let joined_term = bits::binary(&mut self.ctx.process.heap, &joined);
            (std::borrow::Cow::Owned(joined), joined_term, 0)
        } else {
            let mut joined = self.leftover.clone();
            joined.extend_from_slice(&bytes[..bytes.len().min(4)]);
            match self.encoding.decode(&joined) {
                Step::Char(code, length) => {
                    self.out.push(code);
                    let taken = length - self.leftover.len();
                    self.leftover.clear();
                    (bytes, binary, taken)
                }
                Step::Incomplete if bytes.len() < 4 => {
                    self.leftover = joined;
                    return None;
                }
                _ if self.encoding.in_erlang() => {
                    // The leftover with the bytes it was missing, then the
                    // rest of this binary, then the rest of the list.
                    let missing = self.encoding.missing(&self.leftover).min(bytes.len());
                    let mut joined = std::mem::take(&mut self.leftover);
                    joined.extend_from_slice(&bytes[..missing]);
                    let tail = cell.and_then(Term::as_cons).map_or(Term::NIL, |(_, tail)| tail);
                    let trailing = part_of(self.ctx, binary, missing, bytes.len());
                    let heap = &mut self.ctx.process.heap;
                    let joined = bits::binary(heap, &joined);
                    let rest = build::cons(heap, trailing, tail);
                    let rest = build::cons(heap, joined, rest);
                    return Some(End::Stopped("error", self.wrap(rest)));
                }
                _ => return Some(self.with_leftover(cell.unwrap_or(Term::NIL))),
            }
        };
        let (stopped, why) = self.decode_from(&bytes, at);
        at = stopped;
        match why {
            None => None,
            Some(Step::Incomplete) if cell.is_some() => {
                self.leftover = bytes[at..].to_vec();
                None
            }
            Some(step) => {
                let rest = part_of(self.ctx, binary, at, bytes.len());
                let kind = if matches!(step, Step::Incomplete) && self.enclosing.is_empty() && cell.is_none() {
                    "incomplete"
                } else {
                    "error"
                };
                let rest = match cell {
                    Some(cell) => {
                        let tail = cell.as_cons().map_or(Term::NIL, |(_, tail)| tail);
                        build::cons(&mut self.ctx.process.heap, rest, tail)
                    }
                    None => rest,
                };
                Some(End::Stopped(kind, self.wrap(rest)))
            }
        }
    }

    fn run(&mut self, data: Term) -> End {
        if bitstring(data).is_some() {
            if let Some(end) = self.binary(data, None) {
                return end;
            }
            return self.finish();
        }
        let mut current = data;
        loop {
            if current.is_nil() {
                match self.enclosing.pop() {
                    Some(tail) => {
                        current = tail;
                        continue;
                    }
                    None => return self.finish(),
                }
            }
            if bitstring(current).is_some() {
                // The tail of a list: the last piece at this level.
                if let Some(end) = self.binary(current, None) {
                    return end;
                }
                current = Term::NIL;
                continue;
            }
            let Some((head, tail)) = current.as_cons() else { return self.finish() };
            if head.is_list() {
                self.enclosing.push(tail);
                current = head;
                continue;
            }
            if bitstring(head).is_some() {
                if let Some(end) = self.binary(head, Some(current)) {
                    return end;
                }
            } else {
                self.read += 1;
                if !self.leftover.is_empty() {
                    return self.with_leftover(current);
                }
                if !self.char(head) {
                    let rest = if self.encoding.in_erlang() {
                        // `[[Bad] | Tail]`, as `unicode.erl` rebuilds it.
                        let heap = &mut self.ctx.process.heap;
                        let bad = build::cons(heap, head, Term::NIL);
                        build::cons(heap, bad, tail)
                    } else {
                        current
                    };
                    let rest = self.wrap(rest);
                    return End::Stopped("error", rest);
                }
            }
            current = tail;
        }
    }

    /// The end of the data: done, unless a character was begun and not finished.
    fn finish(&mut self) -> End {
        if self.leftover.is_empty() {
            return End::Done;
        }
        let leftover = bits::binary(&mut self.ctx.process.heap, &self.leftover);
        End::Stopped("incomplete", leftover)
    }
}

/// Converts `data` in `encoding`, returning what was converted and how it ended.
fn convert<O: Output>(ctx: &mut BifCtx<'_>, data: Term, encoding: Term, out: O) -> Result<(O, End), Exception> {
    let encoding = Encoding::of(encoding)?;
    if !is_chardata(data) {
        return Err(Exception::badarg());
    }
    let mut converter = Converter { ctx, encoding, out, enclosing: Vec::new(), leftover: Vec::new(), read: 0 };
    let end = converter.run(data);
    let (read, out) = (converter.read, converter.out);
    charge_bytes(ctx, read + out.len());
    Ok((out, end))
}

/// `{Kind, Converted, Rest}`.
fn stopped(ctx: &mut BifCtx<'_>, kind: &str, converted: Term, rest: Term) -> BifResult {
    let kind = atom_term(kind)?;
    Ok(build::tuple(&mut ctx.process.heap, &[kind, converted, rest]))
}

/// `unicode:characters_to_binary/2`: the data, in the given encoding, as a
/// UTF-8 binary.
pub fn characters_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (out, end) = convert(ctx, args[0], args[1], Vec::new())?;
    let converted = bits::binary(&mut ctx.process.heap, &out);
    match end {
        End::Done => Ok(converted),
        End::Stopped(kind, rest) => stopped(ctx, kind, converted, rest),
    }
}

/// `unicode:characters_to_list/2`: the data, in the given encoding, as a
/// list of code points.
pub fn characters_to_list(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (out, end) = convert(ctx, args[0], args[1], Codes(Vec::new()))?;
    let converted = build::list_from_slice(&mut ctx.process.heap, &out.0);
    match end {
        End::Done => Ok(converted),
        End::Stopped(kind, rest) => stopped(ctx, kind, converted, rest),
    }
}

/// `unicode:bin_is_7bit/1`: whether a binary's bytes are all below 128
/// (`false` for anything but a binary).
pub fn bin_is_7bit(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let seven = match bitstring(args[0]).filter(|bits| bits.is_binary()) {
        Some(bits) => {
            let bytes = bits.to_bytes();
            charge_bytes(ctx, bytes.len());
            bytes.iter().all(|&byte| byte < 0x80)
        }
        None => false,
    };
    Ok(Term::atom(if seven { crate::term::atoms::TRUE } else { crate::term::atoms::FALSE }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn conversions() {
        let mut bench = Bench::new();
        assert_eq!(
            bench.eval(characters_to_binary, "[97, 233, <<\"xy\">> | <<\"z\">>], unicode"),
            "<<97,195,169,120,121,122>>"
        );
        assert_eq!(bench.eval(characters_to_binary, "[97, 256, 98], latin1"), "{error,<<97>>,[256,98]}");
        assert_eq!(
            bench.eval(characters_to_binary, "[97, [98, -1, 99], 100], unicode"),
            "{error,<<97,98>>,[[-1,99],100]}"
        );
        assert_eq!(bench.eval(characters_to_binary, "[<<97, 98, 195>>], unicode"), "{incomplete,<<97,98>>,<<195>>}");
        assert_eq!(bench.eval(characters_to_binary, "[<<97, 98, 195>>, <<169>>], unicode"), "<<97,98,195,169>>");
        assert_eq!(
            bench.eval(characters_to_binary, "[<<97, 98, 195>>, 120], unicode"),
            "{error,<<97,98>>,[<<195>>,[120]]}"
        );
        assert_eq!(bench.eval(characters_to_binary, "<<0, 97, 0>>, utf16"), "{incomplete,<<97>>,<<0>>}");
        assert_eq!(bench.eval(characters_to_list, "<<0, 97, 222, 0>>, utf16"), "{error,[97],<<222,0>>}");
        assert_eq!(bench.reason(characters_to_binary, "[a], unicode"), "badarg");
        assert_eq!(bench.reason(characters_to_binary, "[300, a], latin1"), "badarg");
        assert_eq!(bench.eval(bin_is_7bit, "<<\"abc\">>"), "true");
    }
}
