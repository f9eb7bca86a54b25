//! The `binary` module's BIFs (in Erlang/OTP the functions of `binary.erl`
//! that are stubs for native code), and `erlang:binary_part/2,3` and
//! `erlang:split_binary/2`, which slice as `binary:part/3` does.
//!
//! `binary.erl`'s own Erlang functions (`replace/3,4`, `bin_to_list/1,2,3`,
//! `encode_hex/1`, `decode_hex/1`) are loaded from Erlang/OTP and call these.
//!
//! A part of a binary longer than a heap binary is a slice sharing the
//! bytes of the whole ([`sub_bitstring`]); a shorter one is a copy, as in
//! Erlang/OTP (where `binary:referenced_byte_size/1` tells them apart).
//! Searching charges one reduction per [`BYTES_PER_REDUCTION`] bytes looked
//! at, so that a search through a large binary makes its process yield.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::memory::off_heap::HEAP_BINARY_LIMIT;
use crate::term::bigint::{bigint_of, integer_from_bigint};
use crate::term::bits::{self, bitstring, BitSlice};
use crate::term::build::{self, ListIter};
use crate::term::{Atom, BoxKind, Term};
use num_bigint::{BigInt, Sign};

/// Bytes a BIF reads, compares or writes for one reduction.
pub(super) const BYTES_PER_REDUCTION: usize = 64;

/// Adds the reductions for handling `n_bytes` bytes.
pub(super) fn charge_bytes(ctx: &mut BifCtx<'_>, n_bytes: usize) {
    let cost = u32::try_from(n_bytes / BYTES_PER_REDUCTION).unwrap_or(u32::MAX);
    ctx.reductions = ctx.reductions.saturating_add(cost);
}

/// Whether `term` is the atom named `name`.
pub(super) fn is_atom_named(term: Term, name: &str) -> bool {
    term.as_atom().is_some_and(|atom| atom.name() == name)
}

/// The atom named `name` as a term.
pub(super) fn atom_term(name: &str) -> Result<Term, Exception> {
    Atom::intern(name).map(Term::atom).map_err(|_| Exception::system_limit())
}

/// The bytes of a binary (a bitstring of whole bytes), or `badarg`.
pub(super) fn binary_slice<'a>(term: Term) -> Result<BitSlice<'a>, Exception> {
    bitstring(term).filter(|bits| bits.is_binary()).ok_or_else(Exception::badarg)
}

/// A non-negative small integer, or `badarg`.
fn natural(term: Term) -> Result<usize, Exception> {
    match term.as_small() {
        Some(n) if n >= 0 => Ok(n as usize),
        _ => Err(Exception::badarg()),
    }
}

/// The byte range `[start, end)` that `Pos` and `Len` name in a binary of
/// `size` bytes (a negative length counts back from `Pos`), or `badarg`.
fn byte_range(size: usize, pos: Term, len: Term) -> Result<(usize, usize), Exception> {
    let (Some(pos), Some(len)) = (pos.as_small(), len.as_small()) else { return Err(Exception::badarg()) };
    let (start, end) = if len >= 0 { (pos, pos.checked_add(len)) } else { (pos + len, Some(pos)) };
    match end {
        Some(end) if start >= 0 && end as u64 <= size as u64 && start <= end => Ok((start as usize, end as usize)),
        _ => Err(Exception::badarg()),
    }
}

/// Bytes `[start, end)` of binary `term`: a copy when short, a slice of it otherwise.
pub(super) fn part_of(ctx: &mut BifCtx<'_>, term: Term, start: usize, end: usize) -> Term {
    let heap = &mut ctx.process.heap;
    if end - start <= HEAP_BINARY_LIMIT {
        match bitstring(term).and_then(|bits| bits.slice(8 * start, 8 * (end - start))) {
            Some(slice) => bits::bitstring_of(heap, &slice),
            None => term,
        }
    } else {
        bits::sub_bitstring(heap, term, 8 * start, 8 * (end - start))
    }
}

fn part3(ctx: &mut BifCtx<'_>, bin: Term, pos: Term, len: Term) -> BifResult {
    let bits = binary_slice(bin)?;
    let (start, end) = byte_range(bits.byte_size(), pos, len)?;
    Ok(part_of(ctx, bin, start, end))
}

fn part2(ctx: &mut BifCtx<'_>, bin: Term, pos_len: Term) -> BifResult {
    match pos_len.as_tuple() {
        Some(&[pos, len]) => part3(ctx, bin, pos, len),
        _ => Err(Exception::badarg()),
    }
}

/// `binary:part/3` and `erlang:binary_part/3`.
pub fn part(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    part3(ctx, args[0], args[1], args[2])
}

/// `binary:part/2` and `erlang:binary_part/2`: `{Pos, Len}`.
pub fn part_pos_len(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    part2(ctx, args[0], args[1])
}

/// `erlang:split_binary/2`: `{Before, After}` at byte `N`.
pub fn split_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = bitstring(args[0]).ok_or_else(Exception::badarg)?;
    let at = natural(args[1])?;
    if at > bits.byte_size() || 8 * at > bits.bit_size() {
        return Err(Exception::badarg());
    }
    let heap = &mut ctx.process.heap;
    let before = bits::sub_bitstring(heap, args[0], 0, 8 * at);
    let after = bits::sub_bitstring(heap, args[0], 8 * at, bits.bit_size() - 8 * at);
    Ok(build::tuple(heap, &[before, after]))
}

/// `binary:first/1`.
pub fn first(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    if bits.byte_size() == 0 {
        return Err(Exception::badarg());
    }
    Ok(Term::small_unchecked(i64::from(bits.byte(0))))
}

/// `binary:last/1`.
pub fn last(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    let n = bits.byte_size();
    if n == 0 {
        return Err(Exception::badarg());
    }
    Ok(Term::small_unchecked(i64::from(bits.byte(n - 1))))
}

/// `binary:at/2`: the byte at a 0-based position.
pub fn at(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    let index = natural(args[1])?;
    if index >= bits.byte_size() {
        return Err(Exception::badarg());
    }
    Ok(Term::small_unchecked(i64::from(bits.byte(index))))
}

/// `binary:copy/1`: a binary of its own, sharing nothing.
pub fn copy(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    charge_bytes(ctx, bits.byte_size());
    Ok(bits::bitstring_of(&mut ctx.process.heap, &bits))
}

/// `binary:copy/2`: the binary repeated `N` times.
pub fn copy_n(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    let times = natural(args[1])?;
    let bytes = bits.to_bytes();
    let total =
        bytes.len().checked_mul(times).filter(|&n| n <= isize::MAX as usize / 8).ok_or_else(Exception::system_limit)?;
    charge_bytes(ctx, total);
    let (term, destination) = bits::new_bitstring(&mut ctx.process.heap, 8 * total);
    if !bytes.is_empty() {
        for chunk in destination.chunks_exact_mut(bytes.len()) {
            chunk.copy_from_slice(&bytes);
        }
    }
    Ok(term)
}

/// Whether `term` names big or little endianness; `badarg` for anything else.
fn little_endian(term: Term) -> Result<bool, Exception> {
    if is_atom_named(term, "big") {
        Ok(false)
    } else if is_atom_named(term, "little") {
        Ok(true)
    } else {
        Err(Exception::badarg())
    }
}

fn decode_unsigned_in(ctx: &mut BifCtx<'_>, bin: Term, little: bool) -> BifResult {
    let bits = binary_slice(bin)?;
    let bytes = bits.to_bytes();
    charge_bytes(ctx, bytes.len());
    let value =
        if little { BigInt::from_bytes_le(Sign::Plus, &bytes) } else { BigInt::from_bytes_be(Sign::Plus, &bytes) };
    Ok(integer_from_bigint(&mut ctx.process.heap, &value))
}

/// `binary:decode_unsigned/1`: a big-endian unsigned integer.
pub fn decode_unsigned(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    decode_unsigned_in(ctx, args[0], false)
}

/// `binary:decode_unsigned/2`.
pub fn decode_unsigned2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let little = little_endian(args[1])?;
    decode_unsigned_in(ctx, args[0], little)
}

fn encode_unsigned_in(ctx: &mut BifCtx<'_>, value: Term, little: bool) -> BifResult {
    let value = bigint_of(value).ok_or_else(Exception::badarg)?;
    if value.sign() == Sign::Minus {
        return Err(Exception::badarg());
    }
    let (_, mut bytes) = if little { value.to_bytes_le() } else { value.to_bytes_be() };
    if bytes.is_empty() {
        bytes.push(0);
    }
    charge_bytes(ctx, bytes.len());
    Ok(bits::binary(&mut ctx.process.heap, &bytes))
}

/// `binary:encode_unsigned/1`: the fewest big-endian bytes.
pub fn encode_unsigned(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    encode_unsigned_in(ctx, args[0], false)
}

/// `binary:encode_unsigned/2`.
pub fn encode_unsigned2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let little = little_endian(args[1])?;
    encode_unsigned_in(ctx, args[0], little)
}

/// The binaries of a non-empty proper list of binaries, or `badarg`.
fn binaries_of<'a>(list: Term) -> Result<Vec<BitSlice<'a>>, Exception> {
    let mut iter = ListIter::new(list);
    let binaries = iter.by_ref().map(binary_slice).collect::<Result<Vec<_>, _>>()?;
    if !iter.rest().is_nil() || binaries.is_empty() {
        return Err(Exception::badarg());
    }
    Ok(binaries)
}

/// `binary:longest_common_prefix/1`.
pub fn longest_common_prefix(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let binaries = binaries_of(args[0])?;
    let mut length = binaries.iter().map(BitSlice::byte_size).min().unwrap_or(0);
    let first = binaries[0];
    for other in &binaries[1..] {
        length = (0..length).find(|&index| first.byte(index) != other.byte(index)).unwrap_or(length);
    }
    charge_bytes(ctx, length * binaries.len());
    Ok(Term::small_unchecked(length as i64))
}

/// `binary:longest_common_suffix/1`.
pub fn longest_common_suffix(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let binaries = binaries_of(args[0])?;
    let mut length = binaries.iter().map(BitSlice::byte_size).min().unwrap_or(0);
    let first = binaries[0];
    let n_first = first.byte_size();
    for other in &binaries[1..] {
        let n_other = other.byte_size();
        length = (0..length)
            .find(|&back| first.byte(n_first - 1 - back) != other.byte(n_other - 1 - back))
            .unwrap_or(length);
    }
    charge_bytes(ctx, length * binaries.len());
    Ok(Term::small_unchecked(length as i64))
}

/// `binary:list_to_bin/1`: as `erlang:list_to_binary/1`.
pub fn list_to_bin(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    super::convert::list_to_binary(ctx, args)
}

/// `binary:referenced_byte_size/1`: the size of the binary whose bytes a
/// binary shares (its own size unless it is a slice of a larger one).
pub fn referenced_byte_size(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let bits = binary_slice(args[0])?;
    let whole = if args[0].is_box_of(BoxKind::SubBinary) { bitstring(args[0].payload()[0]) } else { None };
    let size = whole.map_or(bits.byte_size(), |whole| whole.byte_size());
    Ok(Term::small_unchecked(size as i64))
}

// ---- searching ----

/// Patterns to search for: one or more non-empty byte strings.
struct Patterns(Vec<Vec<u8>>);

/// The tag of a compiled pattern: `{bm, Patterns}` for one, `{ac, Patterns}`
/// for several, as Erlang/OTP names its two algorithms; the patterns are
/// kept as a list of binaries.
const COMPILED_ONE: &str = "bm";
const COMPILED_MANY: &str = "ac";

impl Patterns {
    /// The patterns of a binary, a non-empty list of binaries, or a
    /// compiled pattern; `badarg` for an empty pattern or anything else.
    fn of(term: Term) -> Result<Patterns, Exception> {
        if let Some(&[tag, list]) = term.as_tuple() {
            if is_atom_named(tag, COMPILED_ONE) || is_atom_named(tag, COMPILED_MANY) {
                return Patterns::of_list(list);
            }
            return Err(Exception::badarg());
        }
        if let Some(bits) = bitstring(term) {
            let bits =
                Some(bits).filter(|bits| bits.is_binary() && bits.byte_size() > 0).ok_or_else(Exception::badarg)?;
            return Ok(Patterns(vec![bits.to_bytes().into_owned()]));
        }
        Patterns::of_list(term)
    }

    fn of_list(list: Term) -> Result<Patterns, Exception> {
        let binaries = binaries_of(list)?;
        if binaries.iter().any(|bits| bits.byte_size() == 0) {
            return Err(Exception::badarg());
        }
        Ok(Patterns(binaries.iter().map(|bits| bits.to_bytes().into_owned()).collect()))
    }
}

/// Finds the matches of some patterns one after the other, each pattern's
/// next occurrence remembered until the search passes it, so that every
/// pattern scans each byte at most once however many matches there are.
struct Searcher<'p> {
    patterns: &'p Patterns,
    /// Per pattern: its next occurrence at or after the last position
    /// asked (`Some(None)`: none left), or `None` before the first look.
    next: Vec<Option<Option<usize>>>,
}

impl<'p> Searcher<'p> {
    fn new(patterns: &'p Patterns) -> Searcher<'p> {
        Searcher { patterns, next: vec![None; patterns.0.len()] }
    }

    /// The first match in `haystack[from..to]` (wholly inside it): the
    /// leftmost, and of those the longest. Returns its start and length.
    /// `from` never goes down from one call to the next.
    fn find(&mut self, haystack: &[u8], from: usize, to: usize) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (pattern, next) in self.patterns.0.iter().zip(self.next.iter_mut()) {
            let at = match *next {
                Some(Some(at)) if at >= from => Some(at),
                Some(None) => None,
                _ => {
                    let found = find_one(&haystack[..to], pattern, from);
                    *next = Some(found);
                    found
                }
            };
            if let Some(at) = at {
                best = match best {
                    Some((best_at, best_len)) if best_at < at || (best_at == at && best_len >= pattern.len()) => best,
                    _ => Some((at, pattern.len())),
                };
            }
        }
        best
    }
}

/// The first position at or after `from` where `pattern` (non-empty)
/// occurs wholly inside `haystack`.
fn find_one(haystack: &[u8], pattern: &[u8], from: usize) -> Option<usize> {
    if from > haystack.len() || haystack.len() - from < pattern.len() {
        return None;
    }
    let first = pattern[0];
    let last_start = haystack.len() - pattern.len();
    let mut at = from;
    while at <= last_start {
        let offset = haystack[at..=last_start].iter().position(|&byte| byte == first)?;
        at += offset;
        if &haystack[at..at + pattern.len()] == pattern {
            return Some(at);
        }
        at += 1;
    }
    None
}

/// The options of `match/3`, `matches/3` and `split/3`.
#[derive(Default)]
struct SearchOptions {
    scope: Option<(usize, usize)>,
    global: bool,
    trim: bool,
    trim_all: bool,
}

/// Reads the options: `{scope, {Start, Length}}` always; `global`, `trim`
/// and `trim_all` when `split`; anything else is `badarg`.
fn search_options(list: Term, size: usize, split: bool) -> Result<SearchOptions, Exception> {
    let mut options = SearchOptions::default();
    let mut iter = ListIter::new(list);
    for option in iter.by_ref() {
        if let Some(&[tag, range]) = option.as_tuple() {
            if !is_atom_named(tag, "scope") {
                return Err(Exception::badarg());
            }
            let Some(&[start, length]) = range.as_tuple() else { return Err(Exception::badarg()) };
            options.scope = Some(byte_range(size, start, length)?);
        } else if split && is_atom_named(option, "global") {
            options.global = true;
        } else if split && is_atom_named(option, "trim") {
            options.trim = true;
        } else if split && is_atom_named(option, "trim_all") {
            options.trim_all = true;
        } else {
            return Err(Exception::badarg());
        }
    }
    if !iter.rest().is_nil() {
        return Err(Exception::badarg());
    }
    Ok(options)
}

/// The matches of `patterns` in `haystack` within the scope: the first
/// only, or every one not overlapping an earlier one.
fn search(
    ctx: &mut BifCtx<'_>,
    haystack: &[u8],
    patterns: &Patterns,
    options: &SearchOptions,
    all: bool,
) -> Vec<(usize, usize)> {
    let (from, to) = options.scope.unwrap_or((0, haystack.len()));
    let mut found = Vec::new();
    let mut at = from;
    let mut searcher = Searcher::new(patterns);
    while let Some((start, length)) = searcher.find(haystack, at, to) {
        found.push((start, length));
        at = start + length;
        if !all {
            break;
        }
    }
    let looked_at = if all || found.is_empty() { to - from } else { at - from };
    charge_bytes(ctx, looked_at * patterns.0.len());
    found
}

fn pos_len(ctx: &mut BifCtx<'_>, (start, length): (usize, usize)) -> Term {
    build::tuple(&mut ctx.process.heap, &[Term::small_unchecked(start as i64), Term::small_unchecked(length as i64)])
}

fn match_in(ctx: &mut BifCtx<'_>, args: &[Term], options: Term) -> BifResult {
    let bits = binary_slice(args[0])?;
    let patterns = Patterns::of(args[1])?;
    let options = search_options(options, bits.byte_size(), false)?;
    let haystack = bits.to_bytes();
    match search(ctx, &haystack, &patterns, &options, false).first() {
        Some(&found) => Ok(pos_len(ctx, found)),
        None => atom_term("nomatch"),
    }
}

/// `binary:match/2`: `{Pos, Len}` of the first match, or `nomatch`.
pub fn match2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_in(ctx, args, Term::NIL)
}

/// `binary:match/3`.
pub fn match3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_in(ctx, args, args[2])
}

fn matches_in(ctx: &mut BifCtx<'_>, args: &[Term], options: Term) -> BifResult {
    let bits = binary_slice(args[0])?;
    let patterns = Patterns::of(args[1])?;
    let options = search_options(options, bits.byte_size(), false)?;
    let haystack = bits.to_bytes();
    let found = search(ctx, &haystack, &patterns, &options, true);
    let elements: Vec<Term> = found.into_iter().map(|found| pos_len(ctx, found)).collect();
    Ok(build::list_from_slice(&mut ctx.process.heap, &elements))
}

/// `binary:matches/2`: `{Pos, Len}` of every match, none overlapping.
pub fn matches2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    matches_in(ctx, args, Term::NIL)
}

/// `binary:matches/3`.
pub fn matches3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    matches_in(ctx, args, args[2])
}

fn split_in(ctx: &mut BifCtx<'_>, args: &[Term], options: Term) -> BifResult {
    let bits = binary_slice(args[0])?;
    let patterns = Patterns::of(args[1])?;
    let size = bits.byte_size();
    let options = search_options(options, size, true)?;
    let haystack = bits.to_bytes();
    let found = search(ctx, &haystack, &patterns, &options, options.global);
    let mut ranges = Vec::with_capacity(found.len() + 1);
    let mut start = 0;
    for (at, length) in found {
        ranges.push((start, at));
        start = at + length;
    }
    ranges.push((start, size));
    if options.trim_all {
        ranges.retain(|(from, to)| from < to);
    } else if options.trim {
        while ranges.last().is_some_and(|(from, to)| from == to) {
            ranges.pop();
        }
    }
    let parts: Vec<Term> = ranges.into_iter().map(|(from, to)| part_of(ctx, args[0], from, to)).collect();
    Ok(build::list_from_slice(&mut ctx.process.heap, &parts))
}

/// `binary:split/2`: the parts before and after the first match.
pub fn split2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    split_in(ctx, args, Term::NIL)
}

/// `binary:split/3`: options `global`, `trim`, `trim_all`, `{scope, {S, L}}`.
pub fn split3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    split_in(ctx, args, args[2])
}

/// `binary:compile_pattern/1`: a term standing for the patterns, which
/// `match`, `matches` and `split` (and `replace`, over them) accept.
pub fn compile_pattern(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let patterns = Patterns::of(args[0])?;
    if args[0].is_tuple() {
        return Err(Exception::badarg());
    }
    let tag = atom_term(if patterns.0.len() == 1 { COMPILED_ONE } else { COMPILED_MANY })?;
    charge_bytes(ctx, patterns.0.iter().map(Vec::len).sum());
    let heap = &mut ctx.process.heap;
    let binaries: Vec<Term> = patterns.0.iter().map(|pattern| bits::binary(heap, pattern)).collect();
    let list = build::list_from_slice(heap, &binaries);
    Ok(build::tuple(heap, &[tag, list]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;
    use crate::bif::BifFn;

    #[test]
    fn parts_and_splits() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(part, "<<\"abcdef\">>, 1, 3"), "<<98,99,100>>");
        assert_eq!(bench.eval(part_pos_len, "<<\"abcdef\">>, {4, -3}"), "<<98,99,100>>");
        assert_eq!(bench.eval(split2, "<<\"a,b,c\">>, <<\",\">>"), "[<<97>>,<<98,44,99>>]");
        assert_eq!(bench.eval(split3, "<<\"a,b,,c,\">>, <<\",\">>, [global, trim]"), "[<<97>>,<<98>>,<<>>,<<99>>]");
        assert_eq!(
            bench.eval(split3, "<<\"abcabc\">>, [<<\"bc\">>, <<\"abc\">>, <<\"ab\">>], [global]"),
            "[<<>>,<<>>,<<>>]"
        );
        assert_eq!(bench.eval(matches2, "<<\"aaaa\">>, <<\"aa\">>"), "[{0,2},{2,2}]");
        assert_eq!(bench.eval(match3, "<<\"a,b,,c\">>, <<\",\">>, [{scope, {3, -2}}]"), "{1,1}");
        assert_eq!(bench.eval(split_binary, "<<\"abc\">>, 1"), "{<<97>>,<<98,99>>}");
        for (f, args) in [
            (part as BifFn, "<<\"abc\">>, 2, 5"),
            (part, "<<\"abc\">>, -1, 1"),
            (split2, "<<\"abc\">>, <<>>"),
            (split3, "<<\"abc\">>, <<\"b\">>, [foo]"),
            (match3, "<<\"abc\">>, <<\"b\">>, [{scope, {4, 0}}]"),
            (matches3, "<<\"abc\">>, <<\"b\">>, [global]"),
            (split_binary, "<<\"abc\">>, 4"),
        ] {
            assert_eq!(bench.reason(f, args), "badarg", "{args}");
        }
    }

    #[test]
    fn numbers_and_bytes() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(decode_unsigned2, "<<1, 2>>, little"), "513");
        assert_eq!(bench.eval(encode_unsigned, "258"), "<<1,2>>");
        assert_eq!(bench.eval(encode_unsigned, "0"), "<<0>>");
        assert_eq!(bench.eval(copy_n, "<<\"ab\">>, 3"), "<<97,98,97,98,97,98>>");
        assert_eq!(bench.eval(longest_common_prefix, "[<<\"abcd\">>, <<\"abx\">>]"), "2");
        assert_eq!(bench.eval(longest_common_suffix, "[<<\"abcd\">>, <<\"xcd\">>]"), "2");
        assert_eq!(bench.reason(encode_unsigned, "-1"), "badarg");
        assert_eq!(bench.reason(first, "<<>>"), "badarg");
    }

    #[test]
    fn a_long_search_costs_reductions() {
        let mut bench = Bench::new();
        let haystack = bits::binary(&mut bench.process.heap, &vec![b'a'; 64_000]);
        let pattern = bench.term("<<\"b\">>");
        let result = bench.call(match2, &[haystack, pattern]).unwrap();
        assert_eq!(bench.show(result), "nomatch");
        assert!(bench.reductions >= 1000);
    }
}
