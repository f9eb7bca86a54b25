//! OTP's portable term hash, `erlang:phash2/1,2`'s, which gives the same value
//! for the same term on every machine and every OTP release, so girder must
//! give exactly OTP's values. `erlang:phash/2`, OTP's older portable hash
//! (`make_hash`), is here too, with its own walk.
//!
//! The hash walks the term depth first, mixing 32-bit words into a running
//! value with Bob Jenkins' `mix` and a constant per kind of term: integers
//! by magnitude and sign, floats by their bits (`-0.0` as `0.0`), atoms by
//! the `hashpjw` hash of their name, strings four bytes at a time, tuples
//! and maps by size first (a map's pairs hashed apart and combined with
//! exclusive or, so that their order does not matter), bitstrings by
//! blocks of twelve whole bytes and then, when their size is not a whole
//! number of bytes, the count and value of their trailing bits (in any of
//! their three forms and at any bit offset, the same bits hash the same). Pids and references are hashed by their numbers and
//! funs by their module, index and free variables; girder numbers these
//! differently from OTP, so their values are girder's own. An external
//! fun, `fun M:F/A`, is hashed by its arity and the names of `M` and `F`,
//! so its value is OTP's.
//!
//! The walks are here, below the processes that hash terms for their own
//! tables (the process dictionary); `erlang:phash/2` and `phash2/1,2`, the
//! BIFs, are in `bif::hash`.

use crate::term::bigint::bigint_of;
use crate::term::bits::{bitstring, BitSlice};
use crate::term::build;
use crate::term::map::map_pairs;
use crate::term::{Atom, Kind, Term};

/// The golden ratio, and its multiples 2 to 19 modulo 2^32.
const HCONST: u32 = 0x9e37_79b9;
const HCONST_2: u32 = HCONST.wrapping_mul(2);
const HCONST_3: u32 = HCONST.wrapping_mul(3);
const HCONST_4: u32 = HCONST.wrapping_mul(4);
const HCONST_5: u32 = HCONST.wrapping_mul(5);
const HCONST_7: u32 = HCONST.wrapping_mul(7);
const HCONST_9: u32 = HCONST.wrapping_mul(9);
const HCONST_10: u32 = HCONST.wrapping_mul(10);
const HCONST_11: u32 = HCONST.wrapping_mul(11);
const HCONST_12: u32 = HCONST.wrapping_mul(12);
const HCONST_13: u32 = HCONST.wrapping_mul(13);
const HCONST_14: u32 = HCONST.wrapping_mul(14);
const HCONST_15: u32 = HCONST.wrapping_mul(15);
const HCONST_16: u32 = HCONST.wrapping_mul(16);
const HCONST_19: u32 = HCONST.wrapping_mul(19);

/// The hash of `[]` when it is the first thing hashed.
const NIL_FIRST: u32 = 3_468_870_702;
/// The word mixed in for `[]` anywhere else (OTP's type tag of nil).
const NIL_WORD: u32 = 2;
/// Primes just above 2^28, the multipliers of OTP's `make_hash`.
const PRIME_1: u32 = 268_440_163;
const PRIME_2: u32 = 268_439_161;
const PRIME_3: u32 = 268_435_459;
const PRIME_4: u32 = 268_436_141;
const PRIME_5: u32 = 268_438_633;
const PRIME_6: u32 = 268_437_017;
const PRIME_8: u32 = 268_437_511;
const PRIME_9: u32 = 268_439_627;
const PRIME_10: u32 = 268_440_479;
const PRIME_11: u32 = 268_440_577;
const PRIME_12: u32 = 268_440_581;
const PRIME_13: u32 = 268_440_593;
const PRIME_14: u32 = 268_440_611;

/// `hash * prime + value`, modulo 2^32.
fn step(hash: u32, prime: u32, value: u32) -> u32 {
    hash.wrapping_mul(prime).wrapping_add(value)
}

/// Steps a 32-bit word into `hash` a byte at a time, least significant first.
fn step_word(hash: u32, prime: u32, word: u32) -> u32 {
    word.to_le_bytes().iter().fold(hash, |hash, &byte| step(hash, prime, u32::from(byte)))
}

/// Steps an integer's magnitude into `hash` (by 32-bit words, least
/// significant first, at least one), then multiplies by its sign's prime.
fn make_hash_integer(hash: u32, term: Term) -> u32 {
    let (negative, digits) = match term.as_small() {
        Some(value) => (value < 0, vec![value.unsigned_abs()]),
        None => match bigint_of(term) {
            Some(value) => {
                let (sign, digits) = value.to_u64_digits();
                (sign == num_bigint::Sign::Minus, digits)
            }
            None => return hash,
        },
    };
    let mut hash = hash;
    let last = digits.len().saturating_sub(1);
    for (index, &digit) in digits.iter().enumerate() {
        hash = step_word(hash, PRIME_2, digit as u32);
        if index < last || digit >> 32 != 0 {
            hash = step_word(hash, PRIME_2, (digit >> 32) as u32);
        }
    }
    hash.wrapping_mul(if negative { PRIME_4 } else { PRIME_3 })
}

/// What is left to do in the walk of `make_hash`.
enum OldWork {
    /// Hash a term.
    Term(Term),
    /// Go on with the rest of a list whose head is done.
    ListRest(Term),
    /// A list and its tail are done.
    ListDone,
    /// A tuple's elements are done: mix its size in.
    TupleDone(u32),
}

/// OTP's `make_hash` of a term; `walked` counts the steps taken.
pub fn make_hash(root: Term, walked: &mut usize) -> u32 {
    let mut hash: u32 = 0;
    let mut work = vec![OldWork::Term(root)];
    while let Some(next) = work.pop() {
        *walked += 1;
        let term = match next {
            OldWork::Term(term) => term,
            OldWork::ListRest(rest) if rest.as_cons().is_some() => rest,
            OldWork::ListRest(rest) => {
                work.push(OldWork::ListDone);
                work.push(OldWork::Term(rest));
                continue;
            }
            OldWork::ListDone => {
                hash = hash.wrapping_mul(PRIME_8);
                continue;
            }
            OldWork::TupleDone(size) => {
                hash = step(hash, PRIME_9, size);
                continue;
            }
        };
        match term.kind() {
            Kind::Small | Kind::BigInt => hash = make_hash_integer(hash, term),
            Kind::Atom => hash = step(hash, PRIME_1, term.as_atom().map_or(0, atom_hash)),
            Kind::Nil => hash = step(hash, PRIME_3, 1),
            Kind::Float => {
                let value = term.as_float().unwrap_or(0.0);
                let bits = if value == 0.0 { 0 } else { value.to_bits() };
                hash = step(hash, PRIME_6, (bits >> 32) as u32 ^ bits as u32);
            }
            Kind::Cons => {
                // Characters (small integers from 0 to 255) are stepped in
                // one at a time; anything else is walked.
                let mut rest = term;
                while let Some((head, tail)) = rest.as_cons() {
                    *walked += 1;
                    match head.as_small().filter(|byte| (0..=255).contains(byte)) {
                        Some(byte) => hash = step(hash, PRIME_2, byte as u32),
                        None => {
                            work.push(OldWork::ListRest(tail));
                            work.push(OldWork::Term(head));
                            break;
                        }
                    }
                    if tail.as_cons().is_none() {
                        work.push(OldWork::ListDone);
                        work.push(OldWork::Term(tail));
                    }
                    rest = tail;
                }
            }
            Kind::Tuple => {
                let elements = term.as_tuple().unwrap_or(&[]);
                work.push(OldWork::TupleDone(elements.len() as u32));
                work.extend(elements.iter().rev().map(|&element| OldWork::Term(element)));
            }
            Kind::Map => {
                let inner = make_hash2(term, walked);
                hash = hash.wrapping_mul(PRIME_13).wrapping_add(PRIME_14).wrapping_add(inner);
            }
            Kind::Binary => {
                let bits = bitstring(term).unwrap_or(BitSlice::of_bytes(&[]));
                let whole = bits.bit_size() / 8;
                *walked += whole / 12;
                hash = (0..whole).fold(hash, |hash, index| step(hash, PRIME_1, u32::from(bits.byte(index))));
                // Trailing bits: their value, then their count.
                let rest = bits.bit_size() % 8;
                if rest > 0 {
                    let last = bits.read_bits(8 * whole, rest) as u32;
                    hash = step(step(hash, PRIME_1, last), PRIME_12, rest as u32);
                }
                // The size in whole bytes counts modulo 2^32, as in OTP.
                hash = step(hash, PRIME_4, whole as u32);
            }
            Kind::Pid => {
                let id = build::pid_parts(term).map_or(0, |parts| parts.id);
                hash = step_word(hash, PRIME_5, id).wrapping_mul(PRIME_6);
            }
            Kind::Ref => {
                let first = build::ref_parts(term).map_or(0, |parts| parts.numbers[0]);
                hash = step_word(hash, PRIME_9, first).wrapping_mul(PRIME_10);
            }
            Kind::Fun => {
                if let Some((module, function, arity)) = build::export_fun_parts(term) {
                    hash = step(hash, PRIME_11, u32::from(arity));
                    hash = step(hash, PRIME_1, atom_hash(module));
                    hash = step(hash, PRIME_1, atom_hash(function));
                } else if let Some(parts) = build::fun_parts(term) {
                    hash = step(hash, PRIME_10, parts.free.len() as u32);
                    hash = step(hash, PRIME_1, atom_hash(parts.module));
                    hash = step(hash, PRIME_2, parts.fun_index);
                    hash = step(hash, PRIME_2, 0);
                    work.extend(parts.free.iter().rev().map(|&free| OldWork::Term(free)));
                }
            }
            Kind::Internal => {}
        }
    }
    hash
}

/// What is left to do in the walk.
enum Work {
    /// Hash a term.
    Term(Term),
    /// A map's pair is done: fold its hash into the pairs' exclusive or.
    PairDone,
    /// A map's pairs are done: restore the running hash and the enclosing
    /// map's exclusive or, then mix this map's exclusive or in.
    MapDone { hash: u32, pairs: u32 },
}

/// Bob Jenkins' `mix` of three words, as OTP's term hash uses it.
fn mix(a: &mut u32, b: &mut u32, c: &mut u32) {
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 13);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 8);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 13);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 12);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 16);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 5);
    *a = a.wrapping_sub(*b).wrapping_sub(*c) ^ (*c >> 3);
    *b = b.wrapping_sub(*c).wrapping_sub(*a) ^ (*a << 10);
    *c = c.wrapping_sub(*a).wrapping_sub(*b) ^ (*b >> 15);
}

/// Mixes two words, each offset by a constant, into `hash`.
fn mix2(hash: &mut u32, first: u32, second: u32, constant: u32) {
    let (mut a, mut b) = (constant.wrapping_add(first), constant.wrapping_add(second));
    mix(&mut a, &mut b, hash);
}

/// Mixes one word, offset by a constant, into `hash`.
fn mix1(hash: &mut u32, word: u32, constant: u32) {
    mix2(hash, word, 0, constant);
}

/// The `hashpjw` hash of an atom's name, over its UTF-8 bytes, except that
/// a character from 128 to 255 counts as its one Latin-1 byte (as OTP keeps
/// the hashes atoms had when names were Latin-1).
fn atom_hash(atom: Atom) -> u32 {
    let mut hash: u32 = 0;
    let mut bytes = atom.name().bytes().peekable();
    while let Some(mut byte) = bytes.next() {
        if byte & 0xFE == 0xC2 {
            if let Some(&next) = bytes.peek().filter(|&&next| next & 0xC0 == 0x80) {
                byte = (byte << 6) | (next & 0x3F);
                bytes.next();
            }
        }
        hash = (hash << 4).wrapping_add(u32::from(byte));
        let high = hash & 0xF000_0000;
        if high != 0 {
            hash ^= high >> 24;
            hash ^= high;
        }
    }
    hash
}

/// Mixes an integer into `hash`: one between -2^27 and 2^27 as a signed
/// 32-bit word, any other by the 64-bit digits of its magnitude.
fn hash_integer(hash: &mut u32, term: Term) {
    if let Some(value) = term.as_small() {
        if (-(1 << 27)..(1 << 27)).contains(&value) {
            let word = value as i32;
            if word < 0 {
                mix1(hash, word.wrapping_neg() as u32, HCONST);
            }
            mix1(hash, word as u32, HCONST);
            return;
        }
        let constant = if value < 0 { HCONST_10 } else { HCONST_11 };
        let magnitude = value.unsigned_abs();
        mix2(hash, magnitude as u32, (magnitude >> 32) as u32, constant);
        return;
    }
    let Some(value) = bigint_of(term) else { return };
    let (sign, digits) = value.to_u64_digits();
    let constant = if sign == num_bigint::Sign::Minus { HCONST_10 } else { HCONST_11 };
    for digit in digits {
        mix2(hash, digit as u32, (digit >> 32) as u32, constant);
    }
}

/// Mixes a bitstring into `hash`: its whole bytes twelve at a time, then
/// (when its size is not a whole number of bytes) the number of trailing
/// bits and their value. The empty bitstring mixes nothing.
fn hash_bits(hash: &mut u32, bits: &BitSlice<'_>) {
    let start = HCONST_13.wrapping_add(*hash);
    if bits.bit_size() == 0 {
        *hash = start;
        return;
    }
    let whole = bits.bit_size() / 8;
    let bytes = bits.to_bytes();
    *hash = block_hash(&bytes[..whole], start);
    let rest = bits.bit_size() % 8;
    if rest > 0 {
        mix2(hash, rest as u32, bits.read_bits(8 * whole, rest) as u32, HCONST_15);
    }
}

/// Bob Jenkins' hash of `bytes`, twelve at a time, from `start`.
fn block_hash(bytes: &[u8], start: u32) -> u32 {
    let word = |chunk: &[u8]| chunk.iter().rev().fold(0u32, |word, &byte| (word << 8) | u32::from(byte));
    let (mut a, mut b, mut c) = (HCONST, HCONST, start);
    let mut blocks = bytes.chunks_exact(12);
    for block in blocks.by_ref() {
        a = a.wrapping_add(word(&block[0..4]));
        b = b.wrapping_add(word(&block[4..8]));
        c = c.wrapping_add(word(&block[8..12]));
        mix(&mut a, &mut b, &mut c);
    }
    let rest = blocks.remainder();
    // The length counts modulo 2^32, as in OTP.
    c = c.wrapping_add(bytes.len() as u32);
    a = a.wrapping_add(word(&rest[..rest.len().min(4)]));
    if rest.len() > 4 {
        b = b.wrapping_add(word(&rest[4..rest.len().min(8)]));
    }
    if rest.len() > 8 {
        // The lowest byte of c holds the length.
        c = c.wrapping_add(word(&rest[8..]) << 8);
    }
    mix(&mut a, &mut b, &mut c);
    c
}

/// OTP's `make_hash2` of a term; `walked` counts the steps taken.
pub fn make_hash2(root: Term, walked: &mut usize) -> u32 {
    let mut hash: u32 = 0;
    let mut pairs: u32 = 0;
    let mut work = vec![Work::Term(root)];
    while let Some(next) = work.pop() {
        *walked += 1;
        let term = match next {
            Work::Term(term) => term,
            Work::PairDone => {
                pairs ^= hash;
                hash = 0;
                continue;
            }
            Work::MapDone { hash: saved_hash, pairs: saved_pairs } => {
                hash = saved_hash;
                mix1(&mut hash, pairs, HCONST_19);
                pairs = saved_pairs;
                continue;
            }
        };
        match term.kind() {
            Kind::Small | Kind::BigInt => hash_integer(&mut hash, term),
            Kind::Atom => {
                let value = term.as_atom().map_or(0, atom_hash);
                if hash == 0 {
                    hash = value;
                } else {
                    mix1(&mut hash, value, HCONST_3);
                }
            }
            Kind::Nil => {
                if hash == 0 {
                    hash = NIL_FIRST;
                } else {
                    mix1(&mut hash, NIL_WORD, HCONST_2);
                }
            }
            Kind::Float => {
                let value = term.as_float().unwrap_or(0.0);
                let bits = if value == 0.0 { 0 } else { value.to_bits() };
                mix2(&mut hash, (bits >> 32) as u32, bits as u32, HCONST_12);
            }
            Kind::Cons => {
                // Small integers from 0 to 255 (string characters) are
                // packed four to a word.
                let (mut packed, mut count) = (0u32, 0);
                let mut rest = term;
                while let Some((head, tail)) = rest.as_cons() {
                    let Some(byte) = head.as_small().filter(|byte| (0..=255).contains(byte)) else { break };
                    packed = (packed << 8).wrapping_add(byte as u32);
                    if count == 3 {
                        mix1(&mut hash, packed, HCONST_4);
                        (packed, count) = (0, 0);
                    } else {
                        count += 1;
                    }
                    rest = tail;
                    *walked += 1;
                }
                if count > 0 {
                    mix1(&mut hash, packed, HCONST_4);
                }
                match rest.as_cons() {
                    Some((head, tail)) => {
                        work.push(Work::Term(tail));
                        work.push(Work::Term(head));
                    }
                    None => work.push(Work::Term(rest)),
                }
            }
            Kind::Tuple => {
                let elements = term.as_tuple().unwrap_or(&[]);
                mix1(&mut hash, elements.len() as u32, HCONST_9);
                work.extend(elements.iter().rev().map(|&element| Work::Term(element)));
            }
            Kind::Map => {
                let entries: Vec<(Term, Term)> = map_pairs(term).collect();
                mix1(&mut hash, entries.len() as u32, HCONST_16);
                if !entries.is_empty() {
                    work.push(Work::MapDone { hash, pairs });
                    (hash, pairs) = (0, 0);
                    for (key, value) in entries {
                        work.push(Work::PairDone);
                        work.push(Work::Term(value));
                        work.push(Work::Term(key));
                    }
                }
            }
            Kind::Binary => {
                let bits = bitstring(term).unwrap_or(BitSlice::of_bytes(&[]));
                *walked += bits.byte_size() / 12;
                hash_bits(&mut hash, &bits);
            }
            Kind::Pid => {
                let id = build::pid_parts(term).map_or(0, |parts| parts.id);
                mix1(&mut hash, id, HCONST_5);
            }
            Kind::Ref => {
                let first = build::ref_parts(term).map_or(0, |parts| parts.numbers[0]);
                mix1(&mut hash, first, HCONST_7);
            }
            Kind::Fun => {
                if let Some((module, function, arity)) = build::export_fun_parts(term) {
                    mix2(&mut hash, u32::from(arity), atom_hash(module), HCONST);
                    mix1(&mut hash, atom_hash(function), HCONST_14);
                } else if let Some(parts) = build::fun_parts(term) {
                    mix2(&mut hash, parts.free.len() as u32, atom_hash(parts.module), HCONST);
                    mix2(&mut hash, parts.fun_index, 0, HCONST);
                    work.extend(parts.free.iter().rev().map(|&free| Work::Term(free)));
                }
            }
            Kind::Internal => {}
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::memory::heap::Heap;
    use crate::term::atoms;

    fn phash2_of(term: Term) -> u32 {
        make_hash2(term, &mut 0) & ((1 << 27) - 1)
    }

    #[test]
    fn an_external_fun_hashes_as_in_otp() {
        let mut heap = Heap::new(64);
        let map = build::export_fun(&mut heap, atoms::LISTS, Atom::intern("map").unwrap(), 2);
        let foldl = build::export_fun(&mut heap, atoms::LISTS, Atom::intern("foldl").unwrap(), 3);
        let abs = build::export_fun(&mut heap, atoms::ERLANG, Atom::intern("abs").unwrap(), 1);
        let pair = build::tuple(&mut heap, &[abs, Term::atom(Atom::intern("a").unwrap())]);
        // The values of erlang:phash2/1 in OTP.
        assert_eq!(phash2_of(map), 34_981_515);
        assert_eq!(phash2_of(foldl), 7_153_484);
        assert_eq!(phash2_of(pair), 84_273_071);
    }

    #[test]
    fn bitstrings_of_every_form_hash_as_in_otp() {
        use crate::term::bits::{bitstring_of, sub_bitstring, BitSlice};
        let mut heap = Heap::new(64);
        let mut bits = |bytes: &[u8], size: usize| bitstring_of(&mut heap, &BitSlice::new(bytes, 0, size).unwrap());
        let empty = bits(&[], 0);
        let five = bits(&[0xa0], 3);
        let partial = bits(&[1, 2, 0x30], 20);
        let one = bits(&[0x80], 1);
        let mut letters = b"abcdefghijklmn".to_vec();
        letters.push(7 << 3);
        let long = bits(&letters, 14 * 8 + 5);
        let zeros = bits(&[0], 7);
        let abc = bits(b"abc", 24);
        let source = build::binary(&mut heap, &[1, 2, 3, 4]);
        let unaligned = sub_bitstring(&mut heap, source, 3, 29);
        let bytes: Vec<u8> = (0..1000u32).map(|i| i as u8).collect();
        let large = build::binary(&mut heap, &bytes);
        let large_slice = sub_bitstring(&mut heap, large, 5, 7203);
        let two = build::binary(&mut heap, &[0x80]);
        let two = sub_bitstring(&mut heap, two, 0, 2);
        let list = build::list_from_slice(&mut heap, &[two]);
        let nested = build::tuple(&mut heap, &[one, list]);
        let terms = [empty, five, partial, one, long, unaligned, zeros, abc, large_slice, nested];
        // The values of erlang:phash2/1 and erlang:phash/2 (range 2^32) in OTP 25.
        let phash2 =
            [13708901, 133543196, 11286013, 102233125, 27455427, 83712130, 116266720, 98228475, 98970908, 12427958];
        let phash: [u64; 10] = [
            1, 3507216109, 2014452361, 808817679, 3081090736, 1906140313, 1879052988, 1972007566, 2629111040, 276998586,
        ];
        for ((term, expected2), expected) in terms.iter().zip(phash2).zip(phash) {
            assert_eq!(phash2_of(*term), expected2, "phash2 of {}", crate::term::print::Plain(*term));
            assert_eq!(
                u64::from(make_hash(*term, &mut 0)) + 1,
                expected,
                "phash of {}",
                crate::term::print::Plain(*term)
            );
        }
    }
}
