//! The external term format BIFs: `term_to_binary/1,2` and
//! `binary_to_term/1,2`.
//!
//! `term_to_binary/1` writes exactly what Erlang/OTP 25 writes (Latin-1
//! atom tags, see [`EncodeOptions::TERM_TO_BINARY`]); `binary_to_term/1`
//! reads any term of the format girder has a term for, and raises `badarg`
//! for anything else (malformed bytes, ports, bitstrings, funs of code that
//! is not loaded). Like OTP's, it ignores bytes after the term. The decoded term arrives
//! in a block of its own that the heap adopts, as a message's does.
//!
//! Compressed terms (tag 80: the size of the uncompressed term, then its
//! zlib stream) are written by `term_to_binary/2` with `compressed` when
//! that is shorter, as Erlang/OTP does, and read by `binary_to_term`.

use super::binary::is_atom_named;
use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::build::{self, binary_bytes, ListIter};
use crate::term::ext::{self, AtomTags, EncodeError, EncodeOptions};
use crate::term::{atoms, this_node_id, AtomTable, Term};
use flate2::{Compress, Compression, Decompress, FlushCompress, FlushDecompress, Status};
use std::borrow::Cow;

/// Bytes a BIF reads or writes per reduction charged (as 16 elements are).
const BYTES_PER_ELEMENT: usize = 8;

/// The version byte that starts every term.
const VERSION: u8 = 131;
/// The tag of a compressed term.
const COMPRESSED: u8 = 80;
/// The zlib level of `compressed` without a level.
const DEFAULT_LEVEL: u32 = 6;

fn encode(ctx: &mut BifCtx<'_>, term: Term, options: EncodeOptions) -> Result<Vec<u8>, Exception> {
    let mut bytes = Vec::new();
    ext::encode_with(term, &this_node_id(), &ctx.vm.code, options, &mut bytes).map_err(|error| match error {
        EncodeError::TooLarge { .. } => Exception::system_limit(),
        EncodeError::NotATerm(_) | EncodeError::UnknownFun { .. } => Exception::badarg(),
    })?;
    charge(ctx, bytes.len() / BYTES_PER_ELEMENT);
    Ok(bytes)
}

/// `erlang:term_to_binary/1`.
pub fn term_to_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bytes = encode(ctx, args[0], EncodeOptions::TERM_TO_BINARY)?;
    Ok(build::binary(&mut ctx.process.heap, &bytes))
}

/// `erlang:term_to_binary/2`: options `compressed`, `{compressed, 0..9}`,
/// `{minor_version, 0..2}` (2: atoms in UTF-8 tags), `deterministic`.
pub fn term_to_binary2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut level = None;
    let mut options = EncodeOptions::TERM_TO_BINARY;
    let mut iter = ListIter::new(args[1]);
    for option in iter.by_ref() {
        if is_atom_named(option, "compressed") {
            level = Some(DEFAULT_LEVEL);
        } else if is_atom_named(option, "deterministic") {
            // Maps are always written in one order.
        } else if let Some(&[tag, value]) = option.as_tuple() {
            match (tag.as_atom().map(|atom| atom.name()), value.as_small()) {
                (Some("compressed"), Some(n @ 0..=9)) => level = Some(n as u32),
                (Some("minor_version"), Some(0 | 1)) => options.atoms = AtomTags::Latin1,
                (Some("minor_version"), Some(2)) => options.atoms = AtomTags::Utf8,
                _ => return Err(Exception::badarg()),
            }
        } else {
            return Err(Exception::badarg());
        }
    }
    if !iter.rest().is_nil() {
        return Err(Exception::badarg());
    }
    let bytes = encode(ctx, args[0], options)?;
    let bytes = match level {
        Some(level) => compress(ctx, bytes, level)?,
        None => bytes,
    };
    Ok(build::binary(&mut ctx.process.heap, &bytes))
}

/// The compressed form of an encoded term, when it is shorter.
fn compress(ctx: &mut BifCtx<'_>, bytes: Vec<u8>, level: u32) -> Result<Vec<u8>, Exception> {
    let body = &bytes[1..];
    let Ok(size) = u32::try_from(body.len()) else { return Ok(bytes) };
    let mut out = Vec::with_capacity(6 + body.len());
    out.extend_from_slice(&[VERSION, COMPRESSED]);
    out.extend_from_slice(&size.to_be_bytes());
    let mut zlib = Compress::new(Compression::new(level), true);
    loop {
        out.reserve(body.len().max(64));
        let before = zlib.total_in() as usize;
        let status =
            zlib.compress_vec(&body[before..], &mut out, FlushCompress::Finish).map_err(|_| Exception::badarg())?;
        if status == Status::StreamEnd {
            break;
        }
    }
    charge(ctx, body.len() / BYTES_PER_ELEMENT);
    Ok(if out.len() < bytes.len() { out } else { bytes })
}

/// An encoded term made whole: a compressed one inflated (with the
/// version byte in front), and how many bytes of `bytes` it took when
/// compressed; `None` when the compressed data is bad.
fn inflated(bytes: &[u8]) -> Option<(Cow<'_, [u8]>, Option<usize>)> {
    if bytes.len() < 2 || bytes[0] != VERSION || bytes[1] != COMPRESSED {
        return Some((Cow::Borrowed(bytes), None));
    }
    let size = u32::from_be_bytes(bytes.get(2..6)?.try_into().ok()?) as usize;
    let compressed = &bytes[6..];
    // Refuse a claimed size far beyond what zlib can inflate the input to.
    if size > compressed.len().saturating_mul(1032).saturating_add(64) {
        return None;
    }
    let mut out = Vec::with_capacity(size + 1);
    out.push(VERSION);
    let mut zlib = Decompress::new(true);
    loop {
        let before_in = zlib.total_in() as usize;
        let before_out = zlib.total_out();
        let status = zlib.decompress_vec(&compressed[before_in..], &mut out, FlushDecompress::Finish).ok()?;
        if out.len() > size + 1 {
            return None;
        }
        match status {
            Status::StreamEnd => break,
            _ if out.len() == out.capacity() => out.reserve(64),
            _ if zlib.total_in() as usize == before_in && zlib.total_out() == before_out => return None,
            _ => {}
        }
    }
    if out.len() != size + 1 {
        return None;
    }
    Some((Cow::Owned(out), Some(6 + zlib.total_in() as usize)))
}

fn decode(ctx: &mut BifCtx<'_>, binary: Term, safe: bool) -> Result<(Term, usize), Exception> {
    let bytes = binary_bytes(binary).ok_or_else(Exception::badarg)?;
    charge(ctx, bytes.len() / BYTES_PER_ELEMENT);
    let (whole, compressed_size) = inflated(&bytes).ok_or_else(Exception::badarg)?;
    if safe && !only_existing_atoms(&whole) {
        return Err(Exception::badarg());
    }
    let decoded = ext::decode(&whole, &this_node_id(), &ctx.vm.code).map_err(|_| Exception::badarg())?;
    if let Some(block) = decoded.block {
        ctx.process.heap.adopt_fragment(block);
    }
    Ok((decoded.term, compressed_size.unwrap_or(decoded.consumed)))
}

/// `erlang:binary_to_term/1`.
pub fn binary_to_term(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    decode(ctx, args[0], false).map(|(term, _)| term)
}

/// `erlang:binary_to_term/2`: options `safe` (no atom is created: a term
/// naming an atom that does not exist is `badarg`) and `used` (returns
/// `{Term, BytesRead}`); another option is `badarg` with cause `badopt`.
pub fn binary_to_term2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (mut safe, mut used) = (false, false);
    let mut iter = ListIter::new(args[1]);
    for option in iter.by_ref() {
        if is_atom_named(option, "safe") {
            safe = true;
        } else if is_atom_named(option, "used") {
            used = true;
        } else {
            return Err(Exception::badarg_because(atoms::BADOPT));
        }
    }
    if !iter.rest().is_nil() {
        return Err(Exception::badarg_because(atoms::BADOPT));
    }
    let (term, read) = decode(ctx, args[0], safe)?;
    if !used {
        return Ok(term);
    }
    let read = build::integer(&mut ctx.process.heap, read as i64);
    Ok(build::tuple(&mut ctx.process.heap, &[term, read]))
}

/// Whether every atom an encoded term (after the version byte) names
/// exists already; `true` for bytes that are not a term, which decoding
/// then refuses.
fn only_existing_atoms(bytes: &[u8]) -> bool {
    let mut reader = AtomReader { bytes, at: 1 };
    reader.term(0).unwrap_or(true)
}

/// Walks an encoded term for its atoms, without building anything.
struct AtomReader<'b> {
    bytes: &'b [u8],
    at: usize,
}

/// How deep a term may nest before the walk gives up (decoding decides).
const MAX_DEPTH: usize = 10_000;

impl AtomReader<'_> {
    fn take(&mut self, n: usize) -> Option<&[u8]> {
        let end = self.at.checked_add(n)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn u8(&mut self) -> Option<usize> {
        self.take(1).map(|b| usize::from(b[0]))
    }

    fn u16(&mut self) -> Option<usize> {
        self.take(2).map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
    }

    fn u32(&mut self) -> Option<usize> {
        self.take(4).map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]) as usize)
    }

    /// Whether the atom named by `name` (Latin-1 or UTF-8) exists.
    fn atom(&mut self, n: usize, latin1: bool) -> Option<bool> {
        let name = self.take(n)?;
        let name: String = if latin1 {
            name.iter().map(|&byte| char::from(byte)).collect()
        } else {
            std::str::from_utf8(name).ok()?.to_owned()
        };
        Some(AtomTable::global().lookup(&name).is_some())
    }

    /// `Some(false)` when the term names an atom that does not exist;
    /// `None` when the bytes are not a term.
    fn term(&mut self, depth: usize) -> Option<bool> {
        if depth > MAX_DEPTH {
            return None;
        }
        let mut ok = true;
        let all = |reader: &mut Self, n: usize| -> Option<bool> {
            for _ in 0..n {
                if !reader.term(depth + 1)? {
                    return Some(false);
                }
            }
            Some(true)
        };
        match self.u8()? as u8 {
            97 => drop(self.take(1)?),
            98 => drop(self.take(4)?),
            70 => drop(self.take(8)?),
            99 => drop(self.take(31)?),
            106 => {}
            tag @ (100 | 115 | 118 | 119) => {
                let n = if tag == 100 || tag == 118 { self.u16()? } else { self.u8()? };
                ok = self.atom(n, tag == 100 || tag == 115)?;
            }
            107 => {
                let n = self.u16()?;
                self.take(n)?;
            }
            109 => {
                let n = self.u32()?;
                self.take(n)?;
            }
            77 => {
                let n = self.u32()?;
                self.take(1 + n)?;
            }
            110 => {
                let n = self.u8()?;
                self.take(1 + n)?;
            }
            111 => {
                let n = self.u32()?;
                self.take(1 + n)?;
            }
            104 => {
                let n = self.u8()?;
                ok = all(self, n)?;
            }
            105 => {
                let n = self.u32()?;
                ok = all(self, n)?;
            }
            108 => {
                let n = self.u32()?;
                ok = all(self, n.checked_add(1)?)?;
            }
            116 => {
                let n = self.u32()?;
                ok = all(self, n.checked_mul(2)?)?;
            }
            // Pids, ports and references: a node atom, then numbers.
            103 => ok = self.term(depth + 1)? && self.take(9).is_some(),
            88 => ok = self.term(depth + 1)? && self.take(12).is_some(),
            102 | 101 => ok = self.term(depth + 1)? && self.take(5).is_some(),
            89 => ok = self.term(depth + 1)? && self.take(8).is_some(),
            120 => ok = self.term(depth + 1)? && self.take(12).is_some(),
            tag @ (114 | 90) => {
                let n = self.u16()?;
                ok = self.term(depth + 1)?;
                let creation = if tag == 114 { 1 } else { 4 };
                self.take(n.checked_mul(4)?.checked_add(creation)?)?;
            }
            113 => ok = all(self, 3)?,
            112 => {
                self.take(4 + 1 + 16 + 4)?;
                let n_free = self.u32()?;
                ok = all(self, 4 + n_free)?;
            }
            117 => {
                let n_free = self.u32()?;
                ok = all(self, 4 + n_free)?;
            }
            _ => return None,
        }
        Some(ok)
    }
}
