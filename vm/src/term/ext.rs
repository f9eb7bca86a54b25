//! Erlang's external term format, both ways: what `term_to_binary/1`
//! writes, what `binary_to_term/1` reads, and what nodes send each other.
//!
//! [`encode`] writes the version byte 131, then the term:
//!
//! | term | written as |
//! |------|------------|
//! | integer 0..=255 | `SMALL_INTEGER_EXT` |
//! | other integer that fits 32 bits | `INTEGER_EXT` |
//! | any other integer | `SMALL_BIG_EXT` (up to 255 bytes), else `LARGE_BIG_EXT` |
//! | float | `NEW_FLOAT_EXT` |
//! | atom | see [`AtomTags`] |
//! | tuple | `SMALL_TUPLE_EXT` (arity up to 255), else `LARGE_TUPLE_EXT` |
//! | `[]` | `NIL_EXT` |
//! | proper list of 1 to 65,535 integers 0..=255 | `STRING_EXT` |
//! | other list | `LIST_EXT` (elements, then the tail) |
//! | map | `MAP_EXT`, pairs in key order |
//! | binary | `BINARY_EXT` |
//! | bitstring of a partial last byte | `BIT_BINARY_EXT`, the unused low bits of the last byte zero |
//! | pid | `NEW_PID_EXT`: a local pid with this node's name and creation |
//! | reference | `NEWER_REFERENCE_EXT`: a local one with this node's name and creation, its number split in three as OTP splits it ([`local_ref_numbers`]); a magic reference (of `counters` or `atomics`) as the plain reference of its number, as OTP writes it |
//! | fun | `NEW_FUN_EXT` (see below) |
//!
//! This is byte for byte what Erlang/OTP 25's `term_to_binary/1` writes
//! (with [`EncodeOptions::TERM_TO_BINARY`]), except for the order of maps
//! of more than 32 keys (OTP writes those in hash order) and for funs.
//!
//! [`decode`] makes plain references only: a magic reference decodes to
//! a reference equal to it that holds no array (OTP finds the array
//! again while it lives), and no input can name a native object's
//! address.
//!
//! [`decode`] reads all of that, and the older forms OTP may still send:
//! `ATOM_EXT`, `SMALL_ATOM_EXT`, `PID_EXT`, `REFERENCE_EXT`,
//! `NEW_REFERENCE_EXT`, `FLOAT_EXT`, and `BIT_BINARY_EXT` of whole bytes
//! (a binary). A pid or reference whose node and creation are this node's
//! becomes a local one; any other becomes an `ExternalPid` or `ExternalRef`.
//! Girder has no ports, old funs (`FUN_EXT`) or compressed terms: those are
//! refused with a [`DecodeError`] that says so.
//!
//! A binary or bitstring of more than
//! [`HEAP_BINARY_LIMIT`](crate::memory::off_heap::HEAP_BINARY_LIMIT) bytes
//! decodes into off-heap storage, counted in the decoded fragment's
//! `off_heap` list, so that a large binary from a peer is delivered (and
//! later sent on) without copying its bytes again. `BIT_BINARY_EXT` is
//! read as Erlang/OTP 25 reads it: a length of 0 needs 0 bits, any other
//! length 1 to 8 bits in its last byte, whose unused low bits are dropped.
//!
//! # Funs
//!
//! A girder fun is written as `NEW_FUN_EXT` with: `Index` and `OldIndex` the
//! fun's index in its module's fun table; `OldUniq` the number
//! `#Fun<M.I.Uniq>` prints ([`fun_uniq`]); `Uniq` a 16-byte hash of the
//! module name, index, arity and free-variable count ([`fun_new_uniq`]);
//! `Pid` this node's `<0.0.0>` (a girder fun does not record the process
//! that made it); then the free variables. Its arity comes from the code
//! server, which is why [`encode`] takes one.
//!
//! A `NEW_FUN_EXT` decodes to a girder fun when its module is loaded (or
//! loadable through the code server's module source) and has a fun at that
//! index with the same arity, free-variable count and both uniq values;
//! every other fun (one from a different version of the module, or from
//! Erlang/OTP's compiler) is refused with [`DecodeErrorKind::UnknownFun`]:
//! a girder fun must name code that exists, so there is no fun term that
//! could stand for it.
//!
//! # Limits
//!
//! Nothing here recurses: both directions keep an explicit stack, so a term
//! nested ten million deep costs heap memory, not Rust stack. Decoding
//! never panics on any input, and never allocates more than the input can
//! justify: every length is checked against the bytes that remain before
//! anything is built, and the result is built in one block whose size was
//! counted in a first pass over the input (at most 16 words per input byte).

use super::bigint::bigint_limbs;
use super::bits::{bitstring, write_bitstring};
use super::build::{
    binary_arity, export_fun_parts, fun_parts, local_ref_from_numbers, pid_parts, ref_parts, FUN_MODULE_INDEX_MAX,
};
use super::compare::key_order;
use super::map::{build_sorted, map_pairs, map_size, map_words, Pairs, FLAT_MAX};
use super::print::fun_uniq;
use super::{Atom, BoxKind, Kind, Term, PID_ID_BITS, PID_SERIAL_MAX, SMALL_MAX};
use crate::memory::heap::{Fragment, WordBlock};
use crate::memory::off_heap::{BinRef, OffHeap, HEAP_BINARY_LIMIT};
use std::borrow::Cow;
use std::cmp::Ordering;

pub use super::build::{local_ref_numbers, MAX_REF_NUMBERS};
pub use super::node::NodeId;

/// The version byte that starts a term outside a distribution message.
pub use girder_spec::ext_tag::VERSION;

/// The widest integer a decoded term may hold, in bits: the same bound
/// arithmetic has (wider results raise `system_limit`).
pub const MAX_INTEGER_BITS: u64 = 33_554_368;

/// The tags of the external term format.
pub use girder_spec::ext_tag as tag;

// ---- encoding ----

/// Which tags atoms are written with.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AtomTags {
    /// `SMALL_ATOM_UTF8_EXT`, or `ATOM_UTF8_EXT` for names over 255 bytes:
    /// what nodes send over distribution, and `term_to_binary/2` with
    /// `{minor_version, 2}` (the default from OTP 26 on).
    #[default]
    Utf8,
    /// `ATOM_EXT` with Latin-1 text for every atom whose characters are all
    /// below 256, UTF-8 tags for the others: Erlang/OTP 25's
    /// `term_to_binary/1` (`{minor_version, 1}`).
    Latin1,
}

/// How [`encode_with`] writes a term.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EncodeOptions {
    /// The tags for atoms.
    pub atoms: AtomTags,
    /// Whether to start with the version byte 131 (terms inside a
    /// distribution message after a distribution header go without it).
    pub version: bool,
}

impl EncodeOptions {
    /// What nodes send each other: UTF-8 atoms, with the version byte.
    pub const DISTRIBUTION: EncodeOptions = EncodeOptions { atoms: AtomTags::Utf8, version: true };
    /// Erlang/OTP 25's `term_to_binary/1`: Latin-1 atoms where they fit.
    pub const TERM_TO_BINARY: EncodeOptions = EncodeOptions { atoms: AtomTags::Latin1, version: true };
}

impl Default for EncodeOptions {
    fn default() -> EncodeOptions {
        EncodeOptions::DISTRIBUTION
    }
}

/// Why a term could not be encoded.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EncodeError {
    /// The word is not a term a program can hold (a header, a return
    /// address, a catch marker...).
    #[error("not a term: the word {0:#x}")]
    NotATerm(u64),
    /// A fun whose module is not the one loaded in the given code server.
    #[error("fun {module}:{index} is not of a module loaded in this code server")]
    UnknownFun {
        /// The fun's module.
        module: String,
        /// The fun's index.
        index: u32,
    },
    /// A part is larger than the format can say.
    #[error("{what} of {size} is too large for the external term format")]
    TooLarge {
        /// What is too large.
        what: &'static str,
        /// Its size.
        size: u64,
    },
}

/// A fun as the loaded code defines it: what the codec needs to write one
/// and to check one it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FunCodeInfo {
    /// The index of the module's loaded version.
    pub module_index: u32,
    /// The fun's arity: the arguments a call passes, free variables aside.
    pub arity: u32,
    /// How many free variables the fun captures.
    pub num_free: u32,
}

/// The loaded code, as the codec sees it: a fun term names code, so writing
/// one needs its arity and reading one needs its module loaded. The code
/// server implements it; the codec sits below it and never names it.
pub trait FunCode {
    /// Fun `index` of `module` as currently loaded, loading nothing.
    fn loaded_fun(&self, module: Atom, index: u32) -> Option<FunCodeInfo>;
    /// Fun `index` of `module`, loading the module if it is not loaded; the
    /// error says why there is no such fun.
    fn load_fun(&self, module: Atom, index: u32) -> Result<FunCodeInfo, String>;
}

/// Appends `term` to `out` in the external term format, as nodes send it
/// ([`EncodeOptions::DISTRIBUTION`]), starting with the version byte.
///
/// Local pids and references are written as belonging to `this`; `code`
/// gives the arity of funs. On error, `out` is left as it was.
pub fn encode(term: Term, this: &NodeId, code: &dyn FunCode, out: &mut Vec<u8>) -> Result<(), EncodeError> {
    encode_with(term, this, code, EncodeOptions::DISTRIBUTION, out)
}

/// Appends `term` to `out` as [`encode`] does, with the given options.
pub fn encode_with(
    term: Term,
    this: &NodeId,
    code: &dyn FunCode,
    options: EncodeOptions,
    out: &mut Vec<u8>,
) -> Result<(), EncodeError> {
    let start = out.len();
    let mut encoder = Encoder { out, this: *this, code, atoms: options.atoms };
    if options.version {
        encoder.out.push(VERSION);
    }
    let result = encoder.run(term);
    if result.is_err() {
        out.truncate(start);
    }
    result
}

/// The encoded form of `term` as [`encode`] writes it, in a new vector.
pub fn to_vec(term: Term, this: &NodeId, code: &dyn FunCode) -> Result<Vec<u8>, EncodeError> {
    let mut out = Vec::new();
    encode(term, this, code, &mut out)?;
    Ok(out)
}

/// The 16-byte `Uniq` of `NEW_FUN_EXT` for a girder fun: two 64-bit FNV-1a
/// hashes (with different offsets) of the module name, the fun index, its
/// arity and its number of free variables. It stands in for OTP's MD5 of
/// the module's code: two nodes agree on it when they load the same module.
pub fn fun_new_uniq(module: Atom, fun_index: u32, arity: u32, n_free: u32) -> [u8; 16] {
    let hash = |offset: u64| {
        let mut hash = offset;
        let bytes = module.name().bytes().chain(fun_index.to_le_bytes()).chain(arity.to_le_bytes());
        for byte in bytes.chain(n_free.to_le_bytes()) {
            hash ^= byte as u64;
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
        hash
    };
    let mut uniq = [0; 16];
    uniq[..8].copy_from_slice(&hash(0xcbf2_9ce4_8422_2325).to_be_bytes());
    uniq[8..].copy_from_slice(&hash(0x84222325_cbf29ce4).to_be_bytes());
    uniq
}

/// What the encoder still has to write, top first.
enum Work<'a> {
    /// One term.
    Term(Term),
    /// The elements of a list from this cell on, then its tail.
    ListFrom(Term),
    /// Consecutive terms (tuple elements, a flat map's pairs, free variables).
    Terms(&'a [Term]),
    /// The pairs left of a large map.
    MapPairs(Pairs<'a>),
    /// Patch the 32-bit size of the `NEW_FUN_EXT` whose size field is at this offset.
    FunSize(usize),
}

struct Encoder<'o, 'c> {
    out: &'o mut Vec<u8>,
    this: NodeId,
    code: &'c dyn FunCode,
    atoms: AtomTags,
}

fn u32_len(what: &'static str, size: usize) -> Result<u32, EncodeError> {
    u32::try_from(size).map_err(|_| EncodeError::TooLarge { what, size: size as u64 })
}

impl Encoder<'_, '_> {
    fn run(&mut self, root: Term) -> Result<(), EncodeError> {
        let mut work = vec![Work::Term(root)];
        while let Some(item) = work.pop() {
            match item {
                Work::Term(term) => self.term(term, &mut work)?,
                Work::ListFrom(list) => match list.as_cons() {
                    Some((head, tail)) => {
                        work.push(Work::ListFrom(tail));
                        work.push(Work::Term(head));
                    }
                    None => work.push(Work::Term(list)),
                },
                Work::Terms(terms) => {
                    if let Some((&first, rest)) = terms.split_first() {
                        if !rest.is_empty() {
                            work.push(Work::Terms(rest));
                        }
                        work.push(Work::Term(first));
                    }
                }
                Work::MapPairs(mut pairs) => {
                    if let Some((key, value)) = pairs.next() {
                        work.push(Work::MapPairs(pairs));
                        work.push(Work::Term(value));
                        work.push(Work::Term(key));
                    }
                }
                Work::FunSize(at) => {
                    let size = u32_len("fun", self.out.len() - at)?;
                    self.out[at..at + 4].copy_from_slice(&size.to_be_bytes());
                }
            }
        }
        Ok(())
    }

    /// Writes a leaf, or the start of a compound term (pushing its parts).
    fn term<'a>(&mut self, term: Term, work: &mut Vec<Work<'a>>) -> Result<(), EncodeError> {
        match term.kind() {
            Kind::Small => self.integer(term.small_value()),
            Kind::BigInt => {
                let (negative, limbs) = bigint_limbs(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                let mut magnitude: Vec<u8> = limbs.iter().flat_map(|limb| limb.to_le_bytes()).collect();
                while magnitude.last() == Some(&0) {
                    magnitude.pop();
                }
                self.big(negative, &magnitude)?;
            }
            Kind::Float => {
                self.out.push(tag::NEW_FLOAT);
                self.out.extend_from_slice(&term.as_float().unwrap_or(0.0).to_bits().to_be_bytes());
            }
            Kind::Atom => self.atom(term.as_atom().ok_or(EncodeError::NotATerm(term.raw()))?),
            Kind::Nil => self.out.push(tag::NIL),
            Kind::Cons => self.list(term, work)?,
            Kind::Tuple => {
                let elements: &'a [Term] = term.payload();
                if let Ok(arity) = u8::try_from(elements.len()) {
                    self.out.extend_from_slice(&[tag::SMALL_TUPLE, arity]);
                } else {
                    self.out.push(tag::LARGE_TUPLE);
                    self.u32(u32_len("tuple", elements.len())?);
                }
                work.push(Work::Terms(elements));
            }
            Kind::Map => {
                self.out.push(tag::MAP);
                self.u32(u32_len("map", map_size(term))?);
                if map_size(term) > FLAT_MAX {
                    work.push(Work::MapPairs(map_pairs(term)));
                } else {
                    work.push(Work::Terms(term.payload()));
                }
            }
            Kind::Binary => {
                let bits = bitstring(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                let bytes = bits.to_bytes();
                if bits.is_binary() {
                    self.out.push(tag::BINARY);
                    self.u32(u32_len("binary", bytes.len())?);
                } else {
                    self.out.push(tag::BIT_BINARY);
                    self.u32(u32_len("bitstring", bytes.len())?);
                    self.out.push((bits.bit_size() % 8) as u8);
                }
                self.out.extend_from_slice(&bytes);
            }
            Kind::Pid => {
                let parts = pid_parts(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                let node = if parts.local { self.this } else { parts.node };
                self.pid(node, parts.id, parts.serial);
            }
            Kind::Ref => {
                let parts = ref_parts(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                let node = if parts.local { self.this } else { parts.node };
                self.out.push(tag::NEWER_REFERENCE);
                self.out.extend_from_slice(&(parts.n_numbers as u16).to_be_bytes());
                self.atom(node.name);
                self.u32(node.creation);
                for &number in parts.numbers() {
                    self.u32(number);
                }
            }
            Kind::Fun if term.is_box_of(BoxKind::ExportFun) => {
                let (module, function, arity) = export_fun_parts(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                self.out.push(tag::EXPORT);
                self.atom(module);
                self.atom(function);
                self.out.extend_from_slice(&[tag::SMALL_INTEGER, arity]);
            }
            Kind::Fun => {
                let parts = fun_parts(term).ok_or(EncodeError::NotATerm(term.raw()))?;
                let unknown =
                    || EncodeError::UnknownFun { module: parts.module.name().to_string(), index: parts.fun_index };
                let fun = self.code.loaded_fun(parts.module, parts.fun_index);
                let fun = fun.filter(|fun| fun.module_index == parts.module_index).ok_or_else(unknown)?;
                let arity = fun.arity;
                let n_free = u32_len("fun environment", parts.free.len())?;
                self.out.push(tag::NEW_FUN);
                let size_at = self.out.len();
                self.u32(0);
                self.out.push(u8::try_from(arity).unwrap_or(u8::MAX));
                self.out.extend_from_slice(&fun_new_uniq(parts.module, parts.fun_index, arity, n_free));
                self.u32(parts.fun_index);
                self.u32(n_free);
                self.atom(parts.module);
                self.integer(parts.fun_index as i64);
                self.integer(fun_uniq(parts.module, parts.fun_index) as i64);
                self.pid(self.this, 0, 0);
                work.push(Work::FunSize(size_at));
                work.push(Work::Terms(parts.free));
            }
            Kind::Internal => return Err(EncodeError::NotATerm(term.raw())),
        }
        Ok(())
    }

    fn u32(&mut self, value: u32) {
        self.out.extend_from_slice(&value.to_be_bytes());
    }

    fn integer(&mut self, value: i64) {
        if let Ok(byte) = u8::try_from(value) {
            self.out.extend_from_slice(&[tag::SMALL_INTEGER, byte]);
        } else if let Ok(word) = i32::try_from(value) {
            self.out.push(tag::INTEGER);
            self.out.extend_from_slice(&word.to_be_bytes());
        } else {
            let bytes = value.unsigned_abs().to_le_bytes();
            let n_bytes = 8 - value.unsigned_abs().leading_zeros() as usize / 8;
            // Cannot fail: at most eight bytes.
            let _ = self.big(value < 0, &bytes[..n_bytes]);
        }
    }

    /// A big integer from its little-endian magnitude without high zero bytes.
    fn big(&mut self, negative: bool, magnitude: &[u8]) -> Result<(), EncodeError> {
        if let Ok(n_bytes) = u8::try_from(magnitude.len()) {
            self.out.extend_from_slice(&[tag::SMALL_BIG, n_bytes]);
        } else {
            self.out.push(tag::LARGE_BIG);
            self.u32(u32_len("integer", magnitude.len())?);
        }
        self.out.push(negative as u8);
        self.out.extend_from_slice(magnitude);
        Ok(())
    }

    fn atom(&mut self, atom: Atom) {
        let name = atom.name();
        if self.atoms == AtomTags::Latin1 && name.chars().all(|c| (c as u32) < 256) {
            // At most 255 characters, so the length fits.
            self.out.push(tag::ATOM);
            self.out.extend_from_slice(&(name.chars().count() as u16).to_be_bytes());
            self.out.extend(name.chars().map(|c| c as u8));
        } else if let Ok(n_bytes) = u8::try_from(name.len()) {
            self.out.extend_from_slice(&[tag::SMALL_ATOM_UTF8, n_bytes]);
            self.out.extend_from_slice(name.as_bytes());
        } else {
            // At most 255 characters of at most 4 bytes each.
            self.out.push(tag::ATOM_UTF8);
            self.out.extend_from_slice(&(name.len() as u16).to_be_bytes());
            self.out.extend_from_slice(name.as_bytes());
        }
    }

    fn pid(&mut self, node: NodeId, id: u32, serial: u32) {
        self.out.push(tag::NEW_PID);
        self.atom(node.name);
        self.u32(id);
        self.u32(serial);
        self.u32(node.creation);
    }

    fn list<'a>(&mut self, list: Term, work: &mut Vec<Work<'a>>) -> Result<(), EncodeError> {
        let mut n_elements = 0usize;
        let mut bytes_only = true;
        let mut rest = list;
        while let Some((head, tail)) = rest.as_cons() {
            n_elements += 1;
            bytes_only &= head.as_small().is_some_and(|value| (0..=255).contains(&value));
            rest = tail;
        }
        if bytes_only && rest.is_nil() && n_elements < 65_536 {
            self.out.push(tag::STRING);
            self.out.extend_from_slice(&(n_elements as u16).to_be_bytes());
            let mut rest = list;
            while let Some((head, tail)) = rest.as_cons() {
                self.out.push(head.small_value() as u8);
                rest = tail;
            }
            return Ok(());
        }
        self.out.push(tag::LIST);
        self.u32(u32_len("list", n_elements)?);
        work.push(Work::ListFrom(list));
        Ok(())
    }
}

// ---- decoding ----

/// A decoded term and the block it lives in.
#[derive(Debug)]
pub struct Decoded {
    /// The term.
    pub term: Term,
    /// The block holding the term's objects, sized exactly; `None` when the
    /// term is an immediate. Like a message fragment (see
    /// [`copy_to_block`](crate::memory::copy::copy_to_block)), it can be delivered
    /// as a message or adopted by a heap
    /// ([`Heap::adopt_fragment`](crate::memory::heap::Heap::adopt_fragment)) as it is.
    /// The term is valid as long as the block is.
    pub block: Option<Fragment>,
    /// How many bytes of the input the term took (version byte included).
    pub consumed: usize,
}

/// Why bytes could not be decoded, and where.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("external term format, at byte {offset}: {kind}")]
pub struct DecodeError {
    /// The offset in the input of the byte where the problem starts.
    pub offset: usize,
    /// What is wrong.
    pub kind: DecodeErrorKind,
}

/// What is wrong with the bytes given to [`decode`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeErrorKind {
    /// The input ends inside a term.
    #[error("the input ends early: {needed} more bytes are needed")]
    Truncated {
        /// How many more bytes the term needs at least.
        needed: u64,
    },
    /// The first byte is not the version byte 131.
    #[error("expected the version byte 131, found {0}")]
    BadVersion(u8),
    /// A byte that is no tag of the format.
    #[error("unknown tag {0}")]
    UnknownTag(u8),
    /// A form girder does not have.
    #[error("{0} are not supported")]
    Unsupported(&'static str),
    /// A length or count larger than the rest of the input can hold.
    #[error("a {what} of {length} cannot fit in the {room} bytes left")]
    TooLong {
        /// What the length counts.
        what: &'static str,
        /// The length read.
        length: u64,
        /// How many bytes remain.
        room: usize,
    },
    /// Something other than an atom where an atom is required.
    #[error("expected an atom ({what}), found tag {tag}")]
    NotAnAtom {
        /// What the atom would be.
        what: &'static str,
        /// The tag found.
        tag: u8,
    },
    /// Something other than a pid where a pid is required.
    #[error("expected a pid (the fun's creator), found tag {0}")]
    NotAPid(u8),
    /// Something other than a small integer where one is required.
    #[error("expected an integer ({what}), found tag {tag}")]
    NotAnInteger {
        /// What the integer would be.
        what: &'static str,
        /// The tag found.
        tag: u8,
    },
    /// An atom name that is not valid text or is too long.
    #[error("bad atom name: {0}")]
    BadAtom(&'static str),
    /// The atom table is full.
    #[error("the atom table is full")]
    AtomTableFull,
    /// An integer wider than [`MAX_INTEGER_BITS`].
    #[error("an integer of {bits} bits is wider than the {MAX_INTEGER_BITS} bits allowed")]
    IntegerTooLarge {
        /// The integer's width.
        bits: u64,
    },
    /// A `BIT_BINARY_EXT` whose count of bits in its last byte is not 1 to
    /// 8 (or not 0, for no bytes).
    #[error("a bitstring of {bytes} bytes with {bits} bits in its last byte")]
    BadBitCount {
        /// The length in bytes.
        bytes: u64,
        /// The bits said to be used in the last byte.
        bits: u8,
    },
    /// A sign byte other than 0 or 1.
    #[error("bad integer sign byte {0}")]
    BadSign(u8),
    /// A float that is not finite, or `FLOAT_EXT` text that is no number.
    #[error("bad float: {0}")]
    BadFloat(&'static str),
    /// A map with the same key twice.
    #[error("a map has a key twice")]
    DuplicateKey,
    /// An external fun whose arity is not 0 to 255.
    #[error("an external fun's arity {0} is not 0 to 255")]
    BadFunArity(i64),
    /// A reference with no numbers or more than [`MAX_REF_NUMBERS`].
    #[error("a reference with {0} numbers (1 to {MAX_REF_NUMBERS} are allowed)")]
    BadRefLength(u16),
    /// A fun whose code girder cannot find.
    #[error("fun {module}:{index}: {reason}")]
    UnknownFun {
        /// The module named.
        module: String,
        /// The fun index named.
        index: u32,
        /// Why it does not resolve.
        reason: String,
    },
    /// A decoder bug: the counting and the building pass disagree.
    #[error("internal error: {0}")]
    Internal(&'static str),
    /// A `NEW_FUN_EXT` whose size field disagrees with its contents.
    #[error("a fun's size field says {said} bytes but it takes {actual}")]
    FunSize {
        /// The size field.
        said: u64,
        /// The bytes the fun took.
        actual: u64,
    },
}

/// Decodes one term from the start of `bytes`, which must begin with the
/// version byte 131; bytes after the term are left alone ([`Decoded::consumed`]
/// says where the term ended, so terms sent back to back decode one after
/// the other).
///
/// Local pids and references are those whose node and creation are
/// `this`'s; `code` resolves funs (loading their module through its module
/// source when needed).
pub fn decode(bytes: &[u8], this: &NodeId, code: &dyn FunCode) -> Result<Decoded, DecodeError> {
    match bytes.first() {
        None => Err(DecodeError { offset: 0, kind: DecodeErrorKind::Truncated { needed: 1 } }),
        Some(&VERSION) => decode_at(bytes, 1, this, code),
        Some(&other) => Err(DecodeError { offset: 0, kind: DecodeErrorKind::BadVersion(other) }),
    }
}

/// Decodes one term that starts at once with its tag (no version byte), as
/// terms after a distribution header do.
pub fn decode_body(bytes: &[u8], this: &NodeId, code: &dyn FunCode) -> Result<Decoded, DecodeError> {
    decode_at(bytes, 0, this, code)
}

fn decode_at(bytes: &[u8], start: usize, this: &NodeId, code: &dyn FunCode) -> Result<Decoded, DecodeError> {
    let mut counter = Counter { n_words: 0 };
    let consumed = Parser { bytes, pos: start, this: *this, code }.run(&mut counter)?;
    if counter.n_words == 0 {
        let mut builder = Builder::new(None);
        Parser { bytes, pos: start, this: *this, code }.run(&mut builder)?;
        return Ok(Decoded { term: builder.root, block: None, consumed });
    }
    let block = WordBlock::new(counter.n_words);
    let mut builder = Builder::new(Some(&block));
    Parser { bytes, pos: start, this: *this, code }.run(&mut builder)?;
    if builder.top != counter.n_words {
        return Builder::inconsistent(start);
    }
    let off_heap = (!builder.off_heap.is_empty()).then(|| Box::new(std::mem::take(&mut builder.off_heap)));
    Ok(Decoded { term: builder.root, block: Some(Fragment { block, off_heap }), consumed })
}

/// One thing the parser read: a whole leaf term, or the start of a compound
/// term whose parts follow.
#[derive(Clone, Copy, Debug)]
enum Item<'b> {
    /// An integer that fits a small integer.
    Small(i64),
    /// A big integer: sign and little-endian magnitude without high zero bytes.
    Big {
        negative: bool,
        magnitude: &'b [u8],
    },
    Float(f64),
    Atom(Atom),
    Nil,
    /// A list of small integers.
    String(&'b [u8]),
    /// A bitstring: its bytes, the last one holding `bits` bits (1 to 8;
    /// its other bits are ignored).
    Binary {
        bytes: &'b [u8],
        bits: u8,
    },
    LocalPid(Term),
    ExternalPid {
        node: NodeId,
        id: u32,
        serial: u32,
    },
    LocalRef(u64),
    ExternalRef {
        node: NodeId,
        numbers: [u32; MAX_REF_NUMBERS],
        n_numbers: usize,
    },
    /// A tuple of this many elements.
    Tuple(usize),
    /// A list of this many (at least one) elements, then its tail.
    List(usize),
    /// A map of this many pairs.
    Map(usize),
    /// An external fun, `fun M:F/A`.
    ExportFun {
        module: Atom,
        function: Atom,
        arity: u8,
    },
    /// A fun of this module and index, with this many free variables.
    Fun {
        module_index: u32,
        fun_index: u32,
        module: Atom,
        n_free: usize,
    },
}

impl Item<'_> {
    /// How many terms follow as parts of this one.
    fn n_parts(&self) -> usize {
        match *self {
            Item::Tuple(n) => n,
            Item::List(n) => n + 1,
            Item::Map(n) => 2 * n,
            Item::Fun { n_free, .. } => n_free,
            _ => 0,
        }
    }

    /// How many words the item's own object takes.
    fn n_words(&self) -> usize {
        match *self {
            Item::Small(_) | Item::Atom(_) | Item::Nil | Item::LocalPid(_) => 0,
            Item::Big { magnitude, .. } => 1 + magnitude.len().div_ceil(8),
            Item::Float(_) | Item::LocalRef(_) => 2,
            Item::String(bytes) => 2 * bytes.len(),
            Item::Binary { bytes, .. } if bytes.len() > HEAP_BINARY_LIMIT => 3,
            Item::Binary { bytes, .. } => 1 + binary_arity(bytes.len()),
            Item::ExternalPid { .. } => 5,
            Item::ExportFun { .. } => 4,
            Item::ExternalRef { n_numbers, .. } => 3 + n_numbers,
            Item::Tuple(n) => 1 + n,
            Item::List(n) => 2 * n,
            // A large map's pairs are read into a tuple, then built into
            // a tree when they are all there (`Builder::close`).
            Item::Map(n) if n > FLAT_MAX => (1 + 2 * n).saturating_add(map_words(n)),
            Item::Map(n) => 1 + 2 * n,
            Item::Fun { n_free, .. } => 3 + n_free,
        }
    }
}

/// What the parser feeds the items it reads to: first a counter, then a builder.
trait Sink {
    /// An item starting at byte `at`; when it has parts, they follow, and
    /// then [`Sink::close`].
    fn item(&mut self, item: &Item<'_>, at: usize) -> Result<(), DecodeError>;
    /// The last compound item opened (at byte `at`) has all its parts.
    fn close(&mut self, at: usize) -> Result<(), DecodeError>;
}

/// The first pass: counts the words the term needs.
struct Counter {
    n_words: usize,
}

impl Sink for Counter {
    fn item(&mut self, item: &Item<'_>, _at: usize) -> Result<(), DecodeError> {
        self.n_words = self.n_words.saturating_add(item.n_words());
        Ok(())
    }

    fn close(&mut self, _at: usize) -> Result<(), DecodeError> {
        Ok(())
    }
}

/// A compound term whose parts the parser is still reading.
struct Frame {
    /// Parts still to read.
    left: usize,
    /// Where the item started.
    at: usize,
    /// For a fun: the offset its size field says it ends at, and the size.
    fun_end: Option<(usize, u64)>,
}

struct Parser<'b, 'c> {
    bytes: &'b [u8],
    pos: usize,
    this: NodeId,
    code: &'c dyn FunCode,
}

impl<'b> Parser<'b, '_> {
    /// Reads one term, feeding `sink`; returns the offset just past it.
    fn run(&mut self, sink: &mut impl Sink) -> Result<usize, DecodeError> {
        let mut frames: Vec<Frame> = Vec::new();
        loop {
            let at = self.pos;
            let (item, fun_end) = self.item()?;
            sink.item(&item, at)?;
            let n_parts = item.n_parts();
            if n_parts > 0 {
                frames.push(Frame { left: n_parts, at, fun_end });
                continue;
            }
            self.check_fun_end(at, fun_end)?;
            // A whole term is read: it is one more part of the frames above.
            loop {
                let Some(frame) = frames.last_mut() else { return Ok(self.pos) };
                frame.left -= 1;
                if frame.left > 0 {
                    break;
                }
                let (at, fun_end) = (frame.at, frame.fun_end);
                frames.pop();
                self.check_fun_end(at, fun_end)?;
                sink.close(at)?;
            }
        }
    }

    fn check_fun_end(&self, at: usize, fun_end: Option<(usize, u64)>) -> Result<(), DecodeError> {
        match fun_end {
            Some((end, said)) if end != self.pos => {
                let actual = (self.pos - at - 1) as u64;
                Err(DecodeError { offset: at, kind: DecodeErrorKind::FunSize { said, actual } })
            }
            _ => Ok(()),
        }
    }

    fn error<T>(&self, offset: usize, kind: DecodeErrorKind) -> Result<T, DecodeError> {
        Err(DecodeError { offset, kind })
    }

    fn room(&self) -> usize {
        self.bytes.len() - self.pos
    }

    fn take(&mut self, n_bytes: usize) -> Result<&'b [u8], DecodeError> {
        if n_bytes > self.room() {
            return self.error(self.pos, DecodeErrorKind::Truncated { needed: (n_bytes - self.room()) as u64 });
        }
        let bytes = &self.bytes[self.pos..self.pos + n_bytes];
        self.pos += n_bytes;
        Ok(bytes)
    }

    fn u8(&mut self) -> Result<u8, DecodeError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, DecodeError> {
        let bytes = self.take(2)?;
        Ok(u16::from_be_bytes([bytes[0], bytes[1]]))
    }

    fn u32(&mut self) -> Result<u32, DecodeError> {
        let bytes = self.take(4)?;
        Ok(u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }

    /// A count of parts, each at least `min_bytes` long, that must fit in
    /// the rest of the input.
    fn count(&mut self, what: &'static str, length: u64, min_bytes: u64, at: usize) -> Result<usize, DecodeError> {
        if length.saturating_mul(min_bytes) > self.room() as u64 {
            return self.error(at, DecodeErrorKind::TooLong { what, length, room: self.room() });
        }
        Ok(length as usize)
    }

    /// Reads one item (a tag and its fixed fields).
    fn item(&mut self) -> Result<(Item<'b>, Option<(usize, u64)>), DecodeError> {
        loop {
            let at = self.pos;
            let tag = self.u8()?;
            let item = match tag {
                tag::SMALL_INTEGER => Item::Small(self.u8()? as i64),
                tag::INTEGER => Item::Small(self.u32()? as i32 as i64),
                tag::SMALL_BIG | tag::LARGE_BIG => {
                    let n_bytes = if tag == tag::SMALL_BIG { self.u8()? as u32 } else { self.u32()? };
                    let n_bytes = self.count("big integer", n_bytes as u64, 1, at)?;
                    let sign = self.u8()?;
                    if sign > 1 {
                        return self.error(self.pos - 1, DecodeErrorKind::BadSign(sign));
                    }
                    let magnitude = self.take(n_bytes)?;
                    self.big(sign == 1, magnitude, at)?
                }
                tag::NEW_FLOAT => {
                    let bytes = self.take(8)?;
                    let value = f64::from_be_bytes(bytes.try_into().unwrap_or([0; 8]));
                    if !value.is_finite() {
                        return self.error(at, DecodeErrorKind::BadFloat("not a finite number"));
                    }
                    Item::Float(value)
                }
                tag::FLOAT => {
                    let text = self.take(31)?;
                    let text = text.split(|&byte| byte == 0).next().unwrap_or(&[]);
                    let value = std::str::from_utf8(text).ok().and_then(|text| text.trim().parse::<f64>().ok());
                    match value {
                        Some(value) if value.is_finite() => Item::Float(value),
                        _ => return self.error(at, DecodeErrorKind::BadFloat("FLOAT_EXT text is not a number")),
                    }
                }
                tag::ATOM | tag::SMALL_ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM_UTF8 => {
                    Item::Atom(self.atom_body(tag, at)?)
                }
                tag::NIL => Item::Nil,
                tag::SMALL_TUPLE => Item::Tuple(self.u8()? as usize),
                tag::LARGE_TUPLE => {
                    let n = self.u32()?;
                    Item::Tuple(self.count("tuple", n as u64, 1, at)?)
                }
                tag::STRING => {
                    let n = self.u16()?;
                    Item::String(self.take(n as usize)?)
                }
                tag::LIST => {
                    let n = self.u32()?;
                    let n = self.count("list", n as u64 + 1, 1, at)? - 1;
                    if n == 0 {
                        // No elements: the term is its tail, which follows.
                        continue;
                    }
                    Item::List(n)
                }
                tag::MAP => {
                    let n = self.u32()?;
                    Item::Map(self.count("map", n as u64, 2, at)?)
                }
                tag::BINARY => {
                    let n = self.u32()?;
                    let n = self.count("binary", n as u64, 1, at)?;
                    Item::Binary { bytes: self.take(n)?, bits: 8 }
                }
                tag::BIT_BINARY => {
                    let n = self.u32()?;
                    let n = self.count("bitstring", n as u64, 1, at)?;
                    let bits = self.u8()?;
                    let bytes = self.take(n)?;
                    match (n, bits) {
                        (0, 0) => Item::Binary { bytes, bits: 8 },
                        (1.., 1..=8) => Item::Binary { bytes, bits },
                        _ => return self.error(at, DecodeErrorKind::BadBitCount { bytes: n as u64, bits }),
                    }
                }
                tag::PID | tag::NEW_PID => self.pid_body(tag)?,
                tag::REFERENCE | tag::NEW_REFERENCE | tag::NEWER_REFERENCE => self.ref_body(tag, at)?,
                tag::NEW_FUN => return self.fun_body(at),
                tag::EXPORT => {
                    let module = self.atom("an external fun's module")?;
                    let function = self.atom("an external fun's function")?;
                    let arity = self.small_field("an external fun's arity")?;
                    let Ok(arity) = u8::try_from(arity) else {
                        return self.error(at, DecodeErrorKind::BadFunArity(arity));
                    };
                    Item::ExportFun { module, function, arity }
                }
                tag::FUN => return self.error(at, DecodeErrorKind::Unsupported("old funs (FUN_EXT)")),
                tag::PORT | tag::NEW_PORT | tag::V4_PORT => {
                    return self.error(at, DecodeErrorKind::Unsupported("ports"))
                }
                tag::ATOM_CACHE_REF => {
                    return self
                        .error(at, DecodeErrorKind::Unsupported("atom cache references outside a distribution header"))
                }
                tag::COMPRESSED => return self.error(at, DecodeErrorKind::Unsupported("compressed terms")),
                tag::LOCAL => return self.error(at, DecodeErrorKind::Unsupported("node-local terms (LOCAL_EXT)")),
                other => return self.error(at, DecodeErrorKind::UnknownTag(other)),
            };
            return Ok((item, None));
        }
    }

    fn big(&self, negative: bool, magnitude: &'b [u8], at: usize) -> Result<Item<'b>, DecodeError> {
        let significant = magnitude.iter().rposition(|&byte| byte != 0).map_or(0, |last| last + 1);
        let magnitude = &magnitude[..significant];
        let Some(&top) = magnitude.last() else { return Ok(Item::Small(0)) };
        let bits = 8 * (magnitude.len() as u64 - 1) + 8 - top.leading_zeros() as u64;
        if bits > MAX_INTEGER_BITS {
            return self.error(at, DecodeErrorKind::IntegerTooLarge { bits });
        }
        if magnitude.len() <= 8 {
            let mut word = [0u8; 8];
            word[..magnitude.len()].copy_from_slice(magnitude);
            let value = u64::from_le_bytes(word);
            if !negative && value <= SMALL_MAX as u64 {
                return Ok(Item::Small(value as i64));
            }
            if negative && value <= SMALL_MAX as u64 + 1 {
                return Ok(Item::Small((value as i64).wrapping_neg()));
            }
        }
        Ok(Item::Big { negative, magnitude })
    }

    /// The name of an atom whose tag (one of the four atom tags) was read at `at`.
    fn atom_body(&mut self, tag: u8, at: usize) -> Result<Atom, DecodeError> {
        let n_bytes = match tag {
            tag::ATOM | tag::ATOM_UTF8 => self.u16()? as usize,
            _ => self.u8()? as usize,
        };
        let bytes = self.take(n_bytes)?;
        let latin1: String;
        let name = if tag == tag::ATOM || tag == tag::SMALL_ATOM {
            latin1 = bytes.iter().map(|&byte| byte as char).collect();
            &latin1
        } else {
            match std::str::from_utf8(bytes) {
                Ok(name) => name,
                Err(_) => return self.error(at, DecodeErrorKind::BadAtom("not valid UTF-8")),
            }
        };
        if name.chars().count() > super::atom::ATOM_MAX_CHARS {
            return self.error(at, DecodeErrorKind::BadAtom("longer than 255 characters"));
        }
        Atom::intern(name).or_else(|_| self.error(at, DecodeErrorKind::AtomTableFull))
    }

    /// An atom that must come next (`what` says what it names).
    fn atom(&mut self, what: &'static str) -> Result<Atom, DecodeError> {
        let at = self.pos;
        let tag = self.u8()?;
        match tag {
            tag::ATOM | tag::SMALL_ATOM | tag::ATOM_UTF8 | tag::SMALL_ATOM_UTF8 => self.atom_body(tag, at),
            _ => self.error(at, DecodeErrorKind::NotAnAtom { what, tag }),
        }
    }

    fn pid_body(&mut self, tag: u8) -> Result<Item<'b>, DecodeError> {
        let name = self.atom("a pid's node")?;
        let id = self.u32()?;
        let serial = self.u32()?;
        let creation = if tag == tag::PID { self.u8()? as u32 } else { self.u32()? };
        let node = NodeId { name, creation };
        let whole = (serial as u64) << PID_ID_BITS | id as u64;
        if node == self.this && (id as u64) < 1 << PID_ID_BITS && whole <= PID_SERIAL_MAX {
            return Ok(Item::LocalPid(Term::pid(whole)));
        }
        Ok(Item::ExternalPid { node, id, serial })
    }

    fn ref_body(&mut self, tag: u8, at: usize) -> Result<Item<'b>, DecodeError> {
        let n_numbers = if tag == tag::REFERENCE { 1 } else { self.u16()? };
        if n_numbers == 0 || n_numbers as usize > MAX_REF_NUMBERS {
            return self.error(at, DecodeErrorKind::BadRefLength(n_numbers));
        }
        let name = self.atom("a reference's node")?;
        let mut numbers = [0; MAX_REF_NUMBERS];
        let creation = if tag == tag::REFERENCE {
            numbers[0] = self.u32()?;
            self.u8()? as u32
        } else {
            let creation = if tag == tag::NEW_REFERENCE { self.u8()? as u32 } else { self.u32()? };
            for number in numbers.iter_mut().take(n_numbers as usize) {
                *number = self.u32()?;
            }
            creation
        };
        let node = NodeId { name, creation };
        let n_numbers = n_numbers as usize;
        if node == self.this {
            if let Some(number) = local_ref_from_numbers(&numbers[..n_numbers]) {
                return Ok(Item::LocalRef(number));
            }
        }
        Ok(Item::ExternalRef { node, numbers, n_numbers })
    }

    /// A small integer field (`SMALL_INTEGER_EXT` or `INTEGER_EXT`).
    fn small_field(&mut self, what: &'static str) -> Result<i64, DecodeError> {
        let at = self.pos;
        match self.u8()? {
            tag::SMALL_INTEGER => Ok(self.u8()? as i64),
            tag::INTEGER => Ok(self.u32()? as i32 as i64),
            tag => self.error(at, DecodeErrorKind::NotAnInteger { what, tag }),
        }
    }

    fn fun_body(&mut self, at: usize) -> Result<(Item<'b>, Option<(usize, u64)>), DecodeError> {
        let size_at = self.pos;
        let size = self.u32()? as u64;
        if size > (self.bytes.len() - size_at) as u64 {
            let room = self.bytes.len() - size_at;
            return self.error(at, DecodeErrorKind::TooLong { what: "fun", length: size, room });
        }
        let end = size_at + size as usize;
        let arity = self.u8()? as u32;
        let uniq: [u8; 16] = self.take(16)?.try_into().unwrap_or([0; 16]);
        let index = self.u32()?;
        let n_free = self.u32()?;
        let module = self.atom("a fun's module")?;
        let old_index = self.small_field("a fun's old index")?;
        let old_uniq = self.small_field("a fun's old uniq")?;
        let pid_at = self.pos;
        match self.u8()? {
            tag @ (tag::PID | tag::NEW_PID) => {
                self.pid_body(tag)?;
            }
            tag => return self.error(pid_at, DecodeErrorKind::NotAPid(tag)),
        }
        let n_free = self.count("fun environment", n_free as u64, 1, at)?;
        let unknown = |reason: String| DecodeError {
            offset: at,
            kind: DecodeErrorKind::UnknownFun { module: module.name().to_string(), index, reason },
        };
        let fun = self.code.load_fun(module, index).map_err(unknown)?;
        let matches = fun.num_free as usize == n_free
            && fun.arity == arity
            && uniq == fun_new_uniq(module, index, arity, fun.num_free)
            && old_index == index as i64
            && old_uniq == fun_uniq(module, index) as i64
            && fun.module_index <= FUN_MODULE_INDEX_MAX;
        if !matches {
            return Err(unknown("it is not the fun of the loaded module's code".to_string()));
        }
        let item = Item::Fun { module_index: fun.module_index, fun_index: index, module, n_free };
        Ok((item, Some((end, size))))
    }
}

/// Where the parts of an open compound term go.
struct Fill {
    /// The word the next part goes to.
    next: usize,
    /// The distance between parts' words.
    stride: usize,
    /// Parts still to place at `next`, `next + stride`...
    left: usize,
    /// The word the part after those goes to (a list's tail).
    then: Option<usize>,
    /// For a map: its first pair's word and its number of pairs, to sort when complete.
    map: Option<(usize, usize)>,
}

/// The second pass: builds the term in the block.
struct Builder {
    /// The block's first word (dangling when there is no block).
    base: *mut Term,
    n_words: usize,
    /// The next free word.
    top: usize,
    fills: Vec<Fill>,
    root: Term,
    /// Counts on the off-heap binaries built, for the decoded fragment.
    off_heap: OffHeap,
}

impl Builder {
    fn new(block: Option<&WordBlock>) -> Builder {
        let (base, n_words) = block.map_or((std::ptr::NonNull::dangling().as_ptr(), 0), |b| (b.start(), b.n_words()));
        Builder { base, n_words, top: 0, fills: Vec::new(), root: Term::NIL, off_heap: OffHeap::default() }
    }

    fn inconsistent<T>(at: usize) -> Result<T, DecodeError> {
        Err(DecodeError { offset: at, kind: DecodeErrorKind::Internal("the two passes disagree") })
    }

    /// Allocates `n_words` words, all set to `[]`; returns the first word's index.
    fn alloc(&mut self, n_words: usize, at: usize) -> Result<usize, DecodeError> {
        if n_words > self.n_words - self.top {
            return Self::inconsistent(at);
        }
        let first = self.top;
        for index in first..first + n_words {
            // SAFETY: index < self.n_words, inside the block.
            unsafe { self.base.add(index).write(Term::NIL) };
        }
        self.top += n_words;
        Ok(first)
    }

    fn write(&mut self, index: usize, word: Term) {
        debug_assert!(index < self.top);
        if index < self.top {
            // SAFETY: index < top <= n_words: a word of the block already allocated.
            unsafe { self.base.add(index).write(word) };
        }
    }

    fn read(&self, index: usize) -> Term {
        debug_assert!(index < self.top);
        if index >= self.top {
            return Term::NIL;
        }
        // SAFETY: index < top: a word of the block that `alloc` initialised.
        unsafe { *self.base.add(index) }
    }

    fn ptr(&self, index: usize) -> *const Term {
        self.base.wrapping_add(index)
    }

    /// Puts a finished term (or a compound term's pointer) in its place.
    fn place(&mut self, term: Term) {
        let Some(fill) = self.fills.last_mut() else {
            self.root = term;
            return;
        };
        let slot = if fill.left > 0 {
            let slot = fill.next;
            fill.next += fill.stride;
            fill.left -= 1;
            slot
        } else {
            match fill.then.take() {
                Some(slot) => slot,
                None => return,
            }
        };
        self.write(slot, term);
    }

    /// Allocates a boxed object of `arity` payload words (set to `[]`) and
    /// writes its header; returns the header's index.
    fn boxed_header(&mut self, kind: BoxKind, arity: usize, at: usize) -> Result<usize, DecodeError> {
        let first = self.alloc(1 + arity, at)?;
        self.write(first, Term::header(kind, arity));
        Ok(first)
    }

    fn boxed(&mut self, kind: BoxKind, payload: &[Term], at: usize) -> Result<Term, DecodeError> {
        let first = self.boxed_header(kind, payload.len(), at)?;
        for (offset, &word) in payload.iter().enumerate() {
            self.write(first + 1 + offset, word);
        }
        Ok(Term::boxed_ptr(self.ptr(first)))
    }
}

impl Sink for Builder {
    fn item(&mut self, item: &Item<'_>, at: usize) -> Result<(), DecodeError> {
        let small = |value: u32| Term::small_unchecked(value as i64);
        let term = match *item {
            Item::Small(value) => Term::small_unchecked(value),
            Item::Atom(atom) => Term::atom(atom),
            Item::Nil => Term::NIL,
            Item::LocalPid(pid) => pid,
            Item::Big { negative, magnitude } => {
                let limbs: Vec<Term> = magnitude
                    .chunks(8)
                    .map(|chunk| {
                        let mut word = [0u8; 8];
                        word[..chunk.len()].copy_from_slice(chunk);
                        Term::from_raw(u64::from_le_bytes(word))
                    })
                    .collect();
                let kind = if negative { BoxKind::NegBig } else { BoxKind::PosBig };
                self.boxed(kind, &limbs, at)?
            }
            Item::Float(value) => self.boxed(BoxKind::Float, &[Term::from_raw(value.to_bits())], at)?,
            Item::LocalRef(number) => self.boxed(BoxKind::Ref, &[Term::from_raw(number)], at)?,
            // A remote pid is an object of the heap, as a tuple is; what is
            // kept outside any heap is held by `dist::external`.
            Item::ExternalPid { node, id, serial } => {
                let payload = [Term::atom(node.name), small(id), small(serial), small(node.creation)];
                self.boxed(BoxKind::ExternalPid, &payload, at)?
            }
            Item::ExternalRef { node, numbers, n_numbers } => {
                let mut payload = vec![Term::atom(node.name), small(node.creation)];
                payload.extend(numbers[..n_numbers].iter().map(|&number| small(number)));
                self.boxed(BoxKind::ExternalRef, &payload, at)?
            }
            Item::ExportFun { module, function, arity } => {
                let payload = [Term::atom(module), Term::atom(function), Term::small_unchecked(i64::from(arity))];
                self.boxed(BoxKind::ExportFun, &payload, at)?
            }
            Item::String(bytes) => {
                let first = self.alloc(2 * bytes.len(), at)?;
                for (index, &byte) in bytes.iter().enumerate() {
                    let cell = first + 2 * index;
                    self.write(cell, Term::small_unchecked(byte as i64));
                    if index + 1 < bytes.len() {
                        self.write(cell + 1, Term::cons_ptr(self.ptr(cell + 2)));
                    }
                }
                if bytes.is_empty() {
                    Term::NIL
                } else {
                    Term::cons_ptr(self.ptr(first))
                }
            }
            Item::Binary { bytes, bits } => {
                let size = 8 * bytes.len() - (8 - usize::from(bits));
                // The unused low bits of a partial last byte are zero in
                // every bitstring.
                let bytes: Cow<'_, [u8]> = match bytes.split_last() {
                    Some((&last, whole)) if bits < 8 => {
                        let mut owned = whole.to_vec();
                        owned.push(last & (0xff << (8 - bits)));
                        Cow::Owned(owned)
                    }
                    _ => Cow::Borrowed(bytes),
                };
                if bytes.len() > HEAP_BINARY_LIMIT {
                    let binary = BinRef::from_bytes(&bytes);
                    let payload = [Term::from_raw(size as u64), Term::from_raw(binary.as_ptr() as u64)];
                    let term = self.boxed(BoxKind::RefBinary, &payload, at)?;
                    self.off_heap.push(binary);
                    term
                } else {
                    let first = self.alloc(1 + binary_arity(bytes.len()), at)?;
                    // SAFETY: `alloc` reserved exactly the words `write_bitstring` writes.
                    unsafe { write_bitstring(self.base.add(first), &bytes, size) };
                    Term::boxed_ptr(self.ptr(first))
                }
            }
            Item::Tuple(n) => {
                let first = self.boxed_header(BoxKind::Tuple, n, at)?;
                self.place(Term::boxed_ptr(self.ptr(first)));
                if n > 0 {
                    self.fills.push(Fill { next: first + 1, stride: 1, left: n, then: None, map: None });
                }
                return Ok(());
            }
            Item::Map(n) if n > FLAT_MAX => {
                // The pairs go into a tuple first (left as garbage), and the
                // tree is built and placed when they are all there.
                let first = self.boxed_header(BoxKind::Tuple, 2 * n, at)?;
                let fill = Fill { next: first + 1, stride: 1, left: 2 * n, then: None, map: Some((first + 1, n)) };
                self.fills.push(fill);
                return Ok(());
            }
            Item::Map(n) => {
                let first = self.boxed_header(BoxKind::Map, 2 * n, at)?;
                self.place(Term::boxed_ptr(self.ptr(first)));
                if n > 0 {
                    let fill = Fill { next: first + 1, stride: 1, left: 2 * n, then: None, map: Some((first + 1, n)) };
                    self.fills.push(fill);
                }
                return Ok(());
            }
            Item::List(n) => {
                let first = self.alloc(2 * n, at)?;
                for index in 0..n - 1 {
                    let cell = first + 2 * index;
                    self.write(cell + 1, Term::cons_ptr(self.ptr(cell + 2)));
                }
                self.place(Term::cons_ptr(self.ptr(first)));
                let tail = first + 2 * n - 1;
                self.fills.push(Fill { next: first, stride: 2, left: n, then: Some(tail), map: None });
                return Ok(());
            }
            Item::Fun { module_index, fun_index, module, n_free } => {
                let first = self.boxed_header(BoxKind::Fun, 2 + n_free, at)?;
                self.write(first + 1, Term::small_unchecked((module_index as i64) << 32 | fun_index as i64));
                self.write(first + 2, Term::atom(module));
                self.place(Term::boxed_ptr(self.ptr(first)));
                if n_free > 0 {
                    self.fills.push(Fill { next: first + 3, stride: 1, left: n_free, then: None, map: None });
                }
                return Ok(());
            }
        };
        self.place(term);
        Ok(())
    }

    fn close(&mut self, at: usize) -> Result<(), DecodeError> {
        let Some(fill) = self.fills.pop() else { return Self::inconsistent(at) };
        if let Some((first, n_pairs)) = fill.map {
            let mut pairs: Vec<(Term, Term)> =
                (0..n_pairs).map(|index| (self.read(first + 2 * index), self.read(first + 2 * index + 1))).collect();
            pairs.sort_by(|a, b| key_order(a.0, b.0));
            if pairs.windows(2).any(|pair| key_order(pair[0].0, pair[1].0) == Ordering::Equal) {
                return Err(DecodeError { offset: at, kind: DecodeErrorKind::DuplicateKey });
            }
            if n_pairs > FLAT_MAX {
                if map_words(n_pairs) > self.n_words - self.top {
                    return Self::inconsistent(at);
                }
                let (base, mut top) = (self.base, self.top);
                let map = build_sorted(
                    &mut |n_words| {
                        // SAFETY: the counter reserved map_words(n_pairs)
                        // words for the tree (checked above), and
                        // build_sorted takes exactly that many.
                        let ptr = unsafe { base.add(top) };
                        top += n_words;
                        ptr
                    },
                    &pairs,
                );
                self.top = top;
                self.place(map);
                return Ok(());
            }
            for (index, (key, value)) in pairs.into_iter().enumerate() {
                self.write(first + 2 * index, key);
                self.write(first + 2 * index + 1, value);
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::code::{CodeServer, NoModules};
    use crate::memory::heap::Heap;
    use crate::term::bigint::integer_from_bigint;
    use crate::term::build::*;
    use crate::term::compare::exact_eq;
    use crate::term::map::map_from_pairs;
    use crate::term::{atoms, print};
    use num_bigint::BigInt;
    use std::sync::OnceLock;

    fn code() -> &'static CodeServer {
        static CODE: OnceLock<CodeServer> = OnceLock::new();
        CODE.get_or_init(|| CodeServer::new(Box::new(NoModules)))
    }

    const HERE: NodeId = NodeId::NOT_DISTRIBUTED;

    fn atom(name: &str) -> Term {
        Term::atom(Atom::intern(name).unwrap())
    }

    fn small(value: i64) -> Term {
        Term::small_unchecked(value)
    }

    fn otp25(term: Term) -> Vec<u8> {
        let mut out = Vec::new();
        encode_with(term, &HERE, code(), EncodeOptions::TERM_TO_BINARY, &mut out).unwrap();
        out
    }

    fn round_trip(term: Term, this: &NodeId) -> Decoded {
        let bytes = to_vec(term, this, code()).unwrap();
        let decoded = decode(&bytes, this, code()).unwrap();
        assert_eq!(decoded.consumed, bytes.len());
        assert!(exact_eq(decoded.term, term), "{} vs {}", print::Plain(decoded.term), print::Plain(term));
        decoded
    }

    fn decode_error(bytes: &[u8]) -> DecodeError {
        decode(bytes, &HERE, code()).unwrap_err()
    }

    #[test]
    fn bytes_match_erlang_otp_25() {
        let mut heap = Heap::new(4);
        let cases: Vec<(Term, Vec<u8>)> = vec![
            (atom("abc"), vec![131, 100, 0, 3, 97, 98, 99]),
            (atom("\u{e4}b"), vec![131, 100, 0, 2, 228, 98]),
            (atom("\u{20ac}"), vec![131, 119, 3, 226, 130, 172]),
            (float(&mut heap, 1.5), vec![131, 70, 63, 248, 0, 0, 0, 0, 0, 0]),
            (small(255), vec![131, 97, 255]),
            (small(256), vec![131, 98, 0, 0, 1, 0]),
            (small(-1), vec![131, 98, 255, 255, 255, 255]),
            (small(1 << 31), vec![131, 110, 4, 0, 0, 0, 0, 128]),
            (small(-(1 << 31)), vec![131, 98, 128, 0, 0, 0]),
            (
                integer_from_bigint(&mut heap, &(BigInt::from(1) << 64usize)),
                vec![131, 110, 9, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            ),
            (
                integer_from_bigint(&mut heap, &-(BigInt::from(1) << 64usize)),
                vec![131, 110, 9, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            ),
            (string(&mut heap, "abc"), vec![131, 107, 0, 3, 97, 98, 99]),
            (
                list_from_slice_with_tail(&mut heap, &[small(1), small(2)], small(3)),
                vec![131, 108, 0, 0, 0, 2, 97, 1, 97, 2, 97, 3],
            ),
            (list_from_slice(&mut heap, &[small(256)]), vec![131, 108, 0, 0, 0, 1, 98, 0, 0, 1, 0, 106]),
            (map_from_pairs(&mut heap, vec![(atom("a"), small(1))]), vec![131, 116, 0, 0, 0, 1, 100, 0, 1, 97, 97, 1]),
            (binary(&mut heap, &[1, 2]), vec![131, 109, 0, 0, 0, 2, 1, 2]),
            (tuple(&mut heap, &[]), vec![131, 104, 0]),
            (Term::NIL, vec![131, 106]),
            (
                export_fun(&mut heap, atoms::LISTS, Atom::intern("map").unwrap(), 2),
                vec![131, 113, 100, 0, 5, 108, 105, 115, 116, 115, 100, 0, 3, 109, 97, 112, 97, 2],
            ),
        ];
        for (term, expected) in cases {
            assert_eq!(otp25(term), expected, "{}", print::Plain(term));
        }
        let pid = Term::pid_of(9, 0);
        let mut expected = vec![131, 88, 100, 0, 13];
        expected.extend_from_slice(b"nonode@nohost");
        expected.extend_from_slice(&[0, 0, 0, 9, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(otp25(pid), expected);
        let utf8 = to_vec(atom("abc"), &HERE, code()).unwrap();
        assert_eq!(utf8, [131, 119, 3, 97, 98, 99], "distribution uses UTF-8 atom tags");
    }

    #[test]
    fn bitstrings_of_every_form_encode_as_erlang_otp_25_and_come_back() {
        use crate::term::bits::{bitstring, bitstring_of, sub_bitstring, BitSlice};
        let mut heap = Heap::new(4);
        let partial = bitstring_of(&mut heap, &BitSlice::new(&[1, 2, 0x30], 0, 20).unwrap());
        let three = bitstring_of(&mut heap, &BitSlice::new(&[0xa0], 0, 3).unwrap());
        let source = binary(&mut heap, &[1, 2, 3, 4]);
        // <<_:3, S/bitstring>> = <<1,2,3,4>>: 29 bits at offset 3.
        let unaligned = sub_bitstring(&mut heap, source, 3, 29);
        let aligned = sub_bitstring(&mut heap, source, 8, 16);
        let cases: Vec<(Term, Vec<u8>)> = vec![
            (partial, vec![131, 77, 0, 0, 0, 3, 4, 1, 2, 48]),
            (three, vec![131, 77, 0, 0, 0, 1, 3, 160]),
            (binary(&mut heap, b""), vec![131, 109, 0, 0, 0, 0]),
            (unaligned, vec![131, 77, 0, 0, 0, 4, 5, 8, 16, 24, 32]),
            (aligned, vec![131, 109, 0, 0, 0, 2, 2, 3]),
        ];
        for (term, expected) in cases {
            assert_eq!(otp25(term), expected, "{}", print::Plain(term));
            round_trip(term, &HERE);
        }
        // Large ones, off the heap, and a slice of one at an odd offset.
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7) as u8).collect();
        let large = binary(&mut heap, &bytes);
        assert!(large.is_box_of(BoxKind::RefBinary));
        let slice = sub_bitstring(&mut heap, large, 5, 8 * 900 + 3);
        for term in [large, slice] {
            let decoded = round_trip(term, &HERE);
            assert!(decoded.term.is_box_of(BoxKind::RefBinary), "decoded off the heap");
            let fragment = decoded.block.as_ref().unwrap();
            assert_eq!(fragment.off_heap.as_ref().map(|list| list.len()), Some(1));
            assert_eq!(fragment.block.n_words(), 3, "only the box is in the fragment");
            assert_eq!(bitstring(decoded.term).unwrap(), bitstring(term).unwrap());
        }
        // The unused bits of a last byte are dropped; bit counts as OTP 25 takes them.
        let masked = decode(&[131, 77, 0, 0, 0, 1, 4, 255], &HERE, code()).unwrap();
        assert_eq!(bitstring(masked.term).unwrap(), BitSlice::new(&[0xf0], 0, 4).unwrap());
        assert_eq!(bitstring(masked.term).unwrap().to_bytes().as_ref(), &[0xf0]);
        let empty = decode(&[131, 77, 0, 0, 0, 0, 0], &HERE, code()).unwrap();
        assert_eq!(bitstring(empty.term).unwrap().bit_size(), 0);
        for (n, bits) in [(0u8, 8u8), (0, 3), (1, 0), (1, 9)] {
            let mut bytes = vec![131, 77, 0, 0, 0, n, bits];
            bytes.extend(std::iter::repeat_n(255, n as usize));
            let error = decode_error(&bytes);
            assert_eq!(error.kind, DecodeErrorKind::BadBitCount { bytes: u64::from(n), bits }, "{bytes:?}");
        }
    }

    #[test]
    fn terms_round_trip() {
        let mut heap = Heap::new(4);
        let big = integer_from_bigint(&mut heap, &(BigInt::from(-7) << 3000usize));
        let samples = [
            small(0),
            small(crate::term::SMALL_MIN),
            small(crate::term::SMALL_MAX),
            integer(&mut heap, i64::MIN),
            integer(&mut heap, i64::MAX),
            big,
            float(&mut heap, -0.0),
            float(&mut heap, 1e300),
            atom(""),
            atom(&"\u{1f600}".repeat(255)),
            Term::NIL,
            string(&mut heap, "h\u{e9}llo \u{20ac}"),
            binary(&mut heap, &[0; 300]),
            reference(&mut heap, u64::MAX),
            reference(&mut heap, 12),
            Term::pid_of(5, 7),
            export_fun(&mut heap, Atom::intern("\u{1f600}").unwrap(), atoms::LISTS, 255),
        ];
        for term in samples {
            round_trip(term, &HERE);
        }
        let nested = tuple(&mut heap, &samples);
        let two = float(&mut heap, 2.0);
        let map = map_from_pairs(&mut heap, vec![(nested, small(1)), (small(2), nested), (two, Term::NIL)]);
        let tail = binary(&mut heap, b"tail");
        let list = list_from_slice_with_tail(&mut heap, &[map, nested, map], tail);
        let decoded = round_trip(list, &HERE);
        assert!(decoded.block.unwrap().contains(decoded.term.ptr()));
        assert!(round_trip(atom("x"), &HERE).block.is_none());
    }

    #[test]
    fn pids_and_refs_are_local_only_on_their_own_node_and_creation() {
        let mut heap = Heap::new(4);
        let there = NodeId { name: Atom::intern("there@host").unwrap(), creation: 7 };
        let pid = Term::pid_of(42, 3);
        let reference = reference(&mut heap, (5 << 50) | (6 << 18) | 7);
        for term in [pid, reference] {
            let bytes = to_vec(term, &there, code()).unwrap();
            // Read back on the node that wrote it: local again.
            let back = decode(&bytes, &there, code()).unwrap();
            assert!(exact_eq(back.term, term));
            assert_eq!(back.term.is_local_pid(), term.is_local_pid());
            // Read on another node: external, and it writes itself back unchanged.
            let remote = decode(&bytes, &HERE, code()).unwrap();
            assert!(remote.term.is_box_of(BoxKind::ExternalPid) || remote.term.is_box_of(BoxKind::ExternalRef));
            assert_eq!(to_vec(remote.term, &HERE, code()).unwrap(), bytes);
            // The same node name with another creation is another node too.
            let reborn = NodeId { creation: 8, ..there };
            let old = decode(&bytes, &reborn, code()).unwrap();
            assert!(old.term.is_boxed());
            assert!(!old.term.is_local_pid());
        }
        let remote_pid = decode(&to_vec(pid, &there, code()).unwrap(), &HERE, code()).unwrap();
        let text = print::term_to_string(remote_pid.term, print::Style::Write);
        assert!(text.starts_with('<') && text.ends_with(".42.3>") && !text.starts_with("<0."), "{text}");
        let remote_ref = decode(&to_vec(reference, &there, code()).unwrap(), &HERE, code()).unwrap();
        let text = print::term_to_string(remote_ref.term, print::Style::Write);
        assert!(text.starts_with("#Ref<") && text.ends_with(".5.6.7>") && !text.starts_with("#Ref<0."), "{text}");
        assert!(remote_ref.term.is_reference());
        assert_eq!(print::term_to_string(reference, print::Style::Write), "#Ref<0.5.6.7>");
    }

    #[test]
    fn older_tags_decode() {
        let mut node = vec![100, 0, 13];
        node.extend_from_slice(b"nonode@nohost");
        // PID_EXT, 8-bit creation.
        let mut bytes = vec![131, 103];
        bytes.extend_from_slice(&node);
        bytes.extend_from_slice(&[0, 0, 0, 9, 0, 0, 0, 2, 0]);
        assert_eq!(decode(&bytes, &HERE, code()).unwrap().term, Term::pid_of(9, 2));
        // NEW_REFERENCE_EXT and REFERENCE_EXT.
        let mut bytes = vec![131, 114, 0, 2];
        bytes.extend_from_slice(&node);
        bytes.extend_from_slice(&[0, 0, 0, 0, 1, 0, 0, 0, 1]);
        assert_eq!(ref_number(decode(&bytes, &HERE, code()).unwrap().term), Some(1 | 1 << 18));
        let mut bytes = vec![131, 101];
        bytes.extend_from_slice(&node);
        bytes.extend_from_slice(&[0, 0, 0, 77, 0]);
        assert_eq!(ref_number(decode(&bytes, &HERE, code()).unwrap().term), Some(77));
        // SMALL_ATOM_EXT, ATOM_UTF8_EXT.
        assert_eq!(decode(&[131, 115, 2, 111, 107], &HERE, code()).unwrap().term, Term::atom(atoms::OK));
        assert_eq!(decode(&[131, 118, 0, 2, 111, 107], &HERE, code()).unwrap().term, Term::atom(atoms::OK));
        // FLOAT_EXT.
        let mut bytes = vec![131, 99];
        let mut text = b"1.50000000000000000000e+00".to_vec();
        text.resize(31, 0);
        bytes.extend_from_slice(&text);
        assert_eq!(decode(&bytes, &HERE, code()).unwrap().term.as_float(), Some(1.5));
        // BIT_BINARY_EXT of whole bytes; LIST_EXT of no elements is its tail.
        let binary = decode(&[131, 77, 0, 0, 0, 2, 8, 1, 2], &HERE, code()).unwrap();
        assert_eq!(binary_bytes(binary.term).as_deref(), Some(&[1u8, 2][..]));
        assert_eq!(decode(&[131, 108, 0, 0, 0, 0, 97, 5], &HERE, code()).unwrap().term, small(5));
        // Big integers with high zero bytes normalise.
        assert_eq!(decode(&[131, 110, 3, 1, 5, 0, 0], &HERE, code()).unwrap().term, small(-5));
        assert_eq!(decode(&[131, 111, 0, 0, 0, 0, 0], &HERE, code()).unwrap().term, small(0));
    }

    #[test]
    fn back_to_back_terms_decode_one_after_the_other() {
        let mut bytes = to_vec(atom("control"), &HERE, code()).unwrap();
        let first_len = bytes.len();
        bytes.extend_from_slice(&[131, 104, 2, 97, 1, 106]);
        let first = decode(&bytes, &HERE, code()).unwrap();
        assert_eq!(first.term, atom("control"));
        assert_eq!(first.consumed, first_len);
        let second = decode(&bytes[first.consumed..], &HERE, code()).unwrap();
        assert_eq!(second.consumed, 6);
        assert_eq!(second.term.as_tuple(), Some(&[small(1), Term::NIL][..]));
        assert_eq!(decode_body(&[97, 3, 0], &HERE, code()).unwrap().consumed, 2);
    }

    #[test]
    fn malformed_input_is_an_error_with_its_offset() {
        let kind = |bytes: &[u8]| decode_error(bytes).kind;
        assert_eq!(decode_error(&[]), DecodeError { offset: 0, kind: DecodeErrorKind::Truncated { needed: 1 } });
        assert_eq!(kind(&[130, 97, 1]), DecodeErrorKind::BadVersion(130));
        assert_eq!(decode_error(&[131, 104, 2, 97, 1, 200]).offset, 5);
        assert_eq!(kind(&[131, 104, 2, 97, 1, 200]), DecodeErrorKind::UnknownTag(200));
        assert!(kind(&[131, 109, 255, 255, 255, 255, 0]).to_string().contains("binary"));
        assert!(matches!(kind(&[131, 105, 255, 255, 255, 255]), DecodeErrorKind::TooLong { what: "tuple", .. }));
        assert!(matches!(kind(&[131, 108, 255, 255, 255, 255, 106]), DecodeErrorKind::TooLong { what: "list", .. }));
        assert!(matches!(kind(&[131, 116, 0, 0, 0, 1, 106]), DecodeErrorKind::TooLong { what: "map", .. }));
        assert_eq!(kind(&[131, 116, 0, 0, 0, 2, 97, 1, 97, 1, 97, 1, 97, 2]), DecodeErrorKind::DuplicateKey);
        assert_eq!(kind(&[131, 110, 1, 2, 1]), DecodeErrorKind::BadSign(2));
        assert_eq!(kind(&[131, 77, 0, 0, 0, 1, 9, 1]), DecodeErrorKind::BadBitCount { bytes: 1, bits: 9 });
        assert_eq!(
            kind(&[131, 113, 100, 0, 1, 109, 100, 0, 1, 102, 98, 0, 0, 1, 0]),
            DecodeErrorKind::BadFunArity(256)
        );
        assert_eq!(
            kind(&[131, 113, 100, 0, 1, 109, 97, 1, 97, 1]),
            DecodeErrorKind::NotAnAtom { what: "an external fun's function", tag: 97 }
        );
        assert_eq!(kind(&[131, 119, 1, 255]), DecodeErrorKind::BadAtom("not valid UTF-8"));
        let mut long_atom = vec![131, 100, 1, 0];
        long_atom.extend_from_slice(&[b'a'; 256]);
        assert_eq!(kind(&long_atom), DecodeErrorKind::BadAtom("longer than 255 characters"));
        assert_eq!(kind(&[131, 88, 97, 1]), DecodeErrorKind::NotAnAtom { what: "a pid's node", tag: 97 });
        assert_eq!(kind(&[131, 90, 0, 0]), DecodeErrorKind::BadRefLength(0));
        assert_eq!(kind(&[131, 90, 0, 6]), DecodeErrorKind::BadRefLength(6));
        let nan = f64::NAN.to_bits().to_be_bytes();
        assert_eq!(kind(&[&[131, 70][..], &nan].concat()), DecodeErrorKind::BadFloat("not a finite number"));
        let n_bytes = (MAX_INTEGER_BITS / 8 + 1) as u32;
        let mut huge = vec![131, 111];
        huge.extend_from_slice(&n_bytes.to_be_bytes());
        huge.push(0);
        huge.resize(huge.len() + n_bytes as usize, 1);
        assert_eq!(kind(&huge), DecodeErrorKind::IntegerTooLarge { bits: MAX_INTEGER_BITS + 1 });
        assert!(matches!(kind(&[131, 112, 0, 0, 0, 6, 0]), DecodeErrorKind::TooLong { what: "fun", .. }));
        assert_eq!(kind(&[131, 102]), DecodeErrorKind::Unsupported("ports"));
        assert_eq!(kind(&[131, 80, 0, 0, 0, 1]), DecodeErrorKind::Unsupported("compressed terms"));
    }

    #[test]
    fn every_truncation_is_an_error() {
        let mut heap = Heap::new(4);
        let two_and_a_half = float(&mut heap, 2.5);
        let inner = tuple(&mut heap, &[atom("abc"), two_and_a_half, Term::pid_of(1, 2)]);
        let reference = reference(&mut heap, 99);
        let map = map_from_pairs(&mut heap, vec![(small(1), inner), (atom("r"), reference)]);
        let big = integer_from_bigint(&mut heap, &(BigInt::from(3) << 100usize));
        let xyz = binary(&mut heap, b"xyz");
        let list = list_from_slice_with_tail(&mut heap, &[map, big, xyz], small(-9));
        let bytes = to_vec(list, &HERE, code()).unwrap();
        for end in 0..bytes.len() {
            let error = decode_error(&bytes[..end]);
            assert!(error.offset <= end, "{error}");
            assert!(
                matches!(error.kind, DecodeErrorKind::Truncated { .. } | DecodeErrorKind::TooLong { .. }),
                "{error}"
            );
        }
        round_trip(list, &HERE);
    }

    #[test]
    fn deep_terms_use_no_rust_stack() {
        let mut heap = Heap::new(4);
        let mut term = Term::NIL;
        for level in 0..200_000 {
            term = if level % 2 == 0 { tuple(&mut heap, &[term]) } else { list_from_slice(&mut heap, &[term]) };
        }
        let bytes = to_vec(term, &HERE, code()).unwrap();
        let decoded = decode(&bytes, &HERE, code()).unwrap();
        assert!(exact_eq(decoded.term, term));
    }

    #[test]
    fn words_that_are_not_terms_are_refused() {
        let mut out = vec![1, 2];
        for word in [Term::NON_VALUE, Term::cp(1, 2), Term::catch_marker(1, 2)] {
            assert_eq!(encode(word, &HERE, code(), &mut out), Err(EncodeError::NotATerm(word.raw())));
            assert_eq!(out, [1, 2], "nothing is left behind");
        }
    }
}
