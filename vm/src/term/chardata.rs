//! Character data, as the I/O functions take it: strings, binaries and
//! iolists of them, read as UTF-8 for output or as characters for `~s`.

use crate::term::build::{self, binary_bytes};
use crate::term::format::format_to_string;
use crate::term::{atoms, Term};

/// One piece of character data, in the order it is read.
enum Piece<'a> {
    /// A binary's bytes.
    Binary(&'a [u8]),
    /// A character of a list.
    Char(char),
}

/// Walks character data: a binary, or a possibly deep list of characters,
/// binaries and such lists, whose tails are lists or binaries. Calls `piece`
/// with each piece in order; `None` when the term is not character data or
/// `piece` refuses one.
fn for_each_piece(term: Term, mut piece: impl FnMut(Piece<'_>) -> Option<()>) -> Option<()> {
    if !(term.is_list() || binary_bytes(term).is_some()) {
        return None;
    }
    // Parts still to read, the next on top: lists, binaries and characters.
    let mut pending = vec![term];
    while let Some(item) = pending.pop() {
        if let Some(data) = binary_bytes(item) {
            piece(Piece::Binary(&data))?;
            continue;
        }
        if let Some(code) = item.as_small() {
            piece(Piece::Char(char::from_u32(u32::try_from(code).ok()?)?))?;
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
    Some(())
}

/// The bytes `io:put_chars/1` writes for chardata: code points encoded in
/// UTF-8, binaries as they are (together they must be valid UTF-8). `None`
/// for anything else.
pub(crate) fn chardata_bytes(term: Term) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    for_each_piece(term, |piece| {
        match piece {
            Piece::Binary(data) => bytes.extend_from_slice(data),
            Piece::Char(c) => bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes()),
        }
        Some(())
    })?;
    std::str::from_utf8(&bytes).is_ok().then_some(bytes)
}

/// The characters of `~s`'s argument: an atom's name, or the characters of
/// a string, binary or iolist. Without the `t` modifier every character must
/// be below 256 and binaries are read byte by byte (Latin-1); with it,
/// binaries are read as UTF-8.
pub(crate) fn chars_of_chardata(term: Term, unicode: bool) -> Option<Vec<char>> {
    if let Some(atom) = term.as_atom() {
        let chars: Vec<char> = atom.name().chars().collect();
        return (unicode || chars.iter().all(|&c| (c as u32) < 256)).then_some(chars);
    }
    let mut chars = Vec::new();
    for_each_piece(term, |piece| {
        match piece {
            Piece::Binary(data) if unicode => chars.extend(std::str::from_utf8(data).ok()?.chars()),
            Piece::Binary(data) => chars.extend(data.iter().map(|&byte| char::from(byte))),
            Piece::Char(c) if !unicode && (c as u32) >= 256 => return None,
            Piece::Char(c) => chars.push(c),
        }
        Some(())
    })?;
    Some(chars)
}

/// The bytes a `put_chars` request prints: `{put_chars, Encoding, Chars}`,
/// `{put_chars, Chars}`, `{put_chars, [Encoding,] io_lib, format,
/// [Format, Args]}` (what `io:format/2` of another node sends; the form
/// without an encoding is the one for a node that did not announce the
/// Unicode I/O protocol), or `{put_chars, [Encoding,] io_lib, write,
/// [Term]}` (what `io:write/1,2` sends).
pub(crate) fn put_chars_text(request: Term) -> Option<Vec<u8>> {
    let elements = request.as_tuple()?;
    if elements.first()?.as_atom() != Some(atoms::PUT_CHARS) {
        return None;
    }
    match *elements {
        [_, chars] | [_, _, chars] => chardata_bytes(chars),
        [_, module, function, args] | [_, _, module, function, args] if module.as_atom() == Some(atoms::IO_LIB) => {
            let args = build::list_to_vec(args)?;
            match (function.as_atom(), args.as_slice()) {
                (Some(atoms::FORMAT), &[format, arguments]) => {
                    format_to_string(format, arguments).ok().map(String::into_bytes)
                }
                (Some(function), &[term]) if function.name() == "write" => {
                    let mut text = String::new();
                    crate::term::print::write_flat(&mut text, term, crate::term::print::Style::Write);
                    Some(text.into_bytes())
                }
                _ => None,
            }
        }
        _ => None,
    }
}
