//! Building binaries: `bs_create_bin` (OTP 25), which builds a bitstring
//! from a list of segments in one instruction, and OTP 24's construction
//! instructions, which start a binary (`bs_init2`, `bs_init_bits`,
//! `bs_append`, `bs_private_append`) and fill it segment by segment
//! (`bs_put_*`) through state kept between them ([`Building`]).
//!
//! Each segment of `bs_create_bin` is six sources: type, segment number,
//! unit, flags, value and size (the verifier proved their forms). Sizes
//! are computed first, for every segment, then the bitstring is allocated
//! and the segments written, as OTP does; so a bad size is reported before
//! a bad value of an earlier segment. A failure raises `badarg` (or
//! `system_limit` for a size too large) with the `error_info` OTP 25 gives
//! it: `#{cause => {Segment, Type, What, Value}, function =>
//! format_bs_fail, module => erl_erts_errors}`.
//!
//! An append (`<<Acc/binary, ...>>`) goes through `bits::append`, which
//! writes in place when it can, so that a loop building a binary is
//! amortised O(1) per append.
//!
//! `bs_create_bin`'s op runs a [`Plan`], its segment list decoded when the
//! module is loaded, through the same two passes; it declines to the
//! generic handler, having written nothing, when a collection is due or a
//! segment would fail, so that the generic handler alone collects and
//! raises.

use super::fast::Reg;
use super::read;
use crate::code::LoadedModule;
use crate::exception::Exception;
use crate::process::Process;
use crate::term::bits::put::{self, Endian, PutError};
use crate::term::bits::{self, BitSlice};
use crate::term::map::map_from_pairs;
use crate::term::{atoms, build, Atom, Term};
use girder_loader::{Src, SrcKind, Srcs};
use std::sync::OnceLock;

/// Bytes written per reduction charged, for large segments (as BIFs charge
/// for the characters they convert).
const BYTES_PER_REDUCTION: usize = 64;

/// The largest bitstring built, in bytes; a larger size is a
/// `system_limit` (as in OTP, where the limit is the machine's).
const MAX_BYTES: u64 = 1 << 32;

/// The state of an OTP 24 construction: the bitstring being filled, the
/// first of its bytes this construction writes (those before belong to the
/// binary appended to), and the bit where the next segment goes. It lives
/// in the executor, as BEAM keeps it per scheduler; the collector updates
/// the term ([`Building::term_mut`]), and each time slice starts without
/// one.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Building {
    term: Term,
    first_byte: usize,
    position: usize,
}

impl Default for Building {
    fn default() -> Building {
        Building { term: Term::NIL, first_byte: 0, position: 0 }
    }
}

impl Building {
    /// The bitstring being built, for the collector to update.
    pub(crate) fn term_mut(&mut self) -> &mut Term {
        &mut self.term
    }
}

/// A segment's type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Integer,
    Float,
    Binary,
    Utf8,
    Utf16,
    Utf32,
    String,
    Append,
}

/// The atoms segment lists name, interned once.
struct SegmentAtoms {
    kinds: [(Atom, Kind); 9],
    little: Atom,
    native: Atom,
    all: Atom,
}

fn segment_atoms() -> &'static SegmentAtoms {
    static ATOMS: OnceLock<SegmentAtoms> = OnceLock::new();
    ATOMS.get_or_init(|| {
        let atom = |name: &str| Atom::intern(name).unwrap_or(atoms::UNDEFINED);
        SegmentAtoms {
            kinds: [
                (atom("integer"), Kind::Integer),
                (atom("binary"), Kind::Binary),
                (atom("append"), Kind::Append),
                (atom("private_append"), Kind::Append),
                (atom("string"), Kind::String),
                (atom("float"), Kind::Float),
                (atom("utf8"), Kind::Utf8),
                (atom("utf16"), Kind::Utf16),
                (atom("utf32"), Kind::Utf32),
            ],
            little: atom("little"),
            native: atom("native"),
            all: atom("all"),
        }
    })
}

/// Why a segment failed: OTP's `error_info` cause `{Segment, Type, What,
/// Value}`, and whether it is a `system_limit` rather than a `badarg`.
struct Failure {
    segment: Term,
    kind: Kind,
    what: &'static str,
    value: Term,
    limit: bool,
}

impl Failure {
    fn new(segment: &Segment, what: &'static str, value: Term) -> Failure {
        Failure { segment: segment.number, kind: segment.kind, what, value, limit: false }
    }

    /// The exception, with the `error_info` of OTP 25.
    fn exception(self, process: &mut Process) -> Exception {
        let name = match self.kind {
            Kind::Integer => "integer",
            Kind::Float => "float",
            Kind::Binary | Kind::Append => "binary",
            Kind::Utf8 => "utf8",
            Kind::Utf16 => "utf16",
            Kind::Utf32 => "utf32",
            Kind::String => "string",
        };
        let mut exception = if self.limit { Exception::system_limit() } else { Exception::badarg() };
        let (Ok(kind), Ok(what), Ok(function), Ok(errors)) = (
            Atom::intern(name),
            Atom::intern(self.what),
            Atom::intern("format_bs_fail"),
            Atom::intern("erl_erts_errors"),
        ) else {
            return exception;
        };
        let cause = build::tuple(&mut process.heap, &[self.segment, Term::atom(kind), Term::atom(what), self.value]);
        let function_key = Atom::intern("function").unwrap_or(atoms::MODULE);
        let pairs = vec![
            (Term::atom(atoms::CAUSE), cause),
            (Term::atom(function_key), Term::atom(function)),
            (Term::atom(atoms::MODULE), Term::atom(errors)),
        ];
        exception.error_info = Some(map_from_pairs(&mut process.heap, pairs));
        exception
    }
}

/// The segments `bs_create_bin` reads onto the stack; more go to the heap.
const INLINE_SEGMENTS: usize = 8;

/// One segment of `bs_create_bin`, read.
#[derive(Clone, Copy)]
struct Segment {
    kind: Kind,
    number: Term,
    unit: usize,
    endian: Endian,
    value: Term,
    size: Term,
}

impl Segment {
    /// A placeholder, before a segment is read.
    const NONE: Segment = Segment {
        kind: Kind::Integer,
        number: Term::NIL,
        unit: 1,
        endian: Endian::Big,
        value: Term::NIL,
        size: Term::NIL,
    };
}

impl SegmentAtoms {
    /// The kind a segment's type atom names (`integer` for any other, which
    /// the verifier rules out).
    fn kind(&self, type_atom: Option<Atom>) -> Kind {
        self.kinds.iter().find(|(atom, _)| Some(*atom) == type_atom).map_or(Kind::Integer, |&(_, kind)| kind)
    }

    /// The byte order a segment's flags ask for: `little`, `native`, or big.
    fn endian(&self, mut flags: Term) -> Endian {
        let mut endian = Endian::Big;
        while let Some((flag, rest)) = flags.as_cons() {
            match flag.as_atom() {
                Some(atom) if atom == self.little => endian = Endian::Little,
                Some(atom) if atom == self.native => endian = Endian::NATIVE,
                _ => {}
            }
            flags = rest;
        }
        endian
    }
}

/// Room for `count` segments with their sizes: on the stack when they fit
/// in `inline`, otherwise in `spilled`.
fn room_for<'a, const N: usize>(
    inline: &'a mut [(Segment, usize); N],
    spilled: &'a mut Vec<(Segment, usize)>,
    count: usize,
) -> &'a mut [(Segment, usize)] {
    if count <= N {
        &mut inline[..count]
    } else {
        spilled.resize(count, (Segment::NONE, 0));
        spilled
    }
}

/// Reads a segment, its six sources. The verifier proved the type a
/// literal atom, the number and the unit small integers and the flags a
/// literal list, so those are decoded without reading registers.
#[inline]
fn segment(atoms: &SegmentAtoms, x: &[Term], process: &Process, module: &LoadedModule, sources: &[Src]) -> Segment {
    let constant = |src: Src| match src.kind() {
        SrcKind::Int(value) => Term::small_unchecked(i64::from(value)),
        SrcKind::Literal(index) => module.literals[index as usize],
        SrcKind::X(_) | SrcKind::Y(_) => read(x, process, module, src),
    };
    let kind = atoms.kind(constant(sources[0]).as_atom());
    let endian = atoms.endian(constant(sources[3]));
    let unit = match sources[2].kind() {
        SrcKind::Int(unit) => unit.max(0) as usize,
        _ => 1,
    };
    Segment {
        kind,
        number: constant(sources[1]),
        unit,
        endian,
        value: read(x, process, module, sources[4]),
        size: read(x, process, module, sources[5]),
    }
}

/// A size operand times `unit`, in bits: a non-negative integer; a
/// negative one or anything else is `badarg`, one too large
/// `system_limit`.
fn size_in_bits(size: Term, unit: usize) -> Result<usize, bool> {
    match size.as_small() {
        Some(n) if n >= 0 => (n as u64)
            .checked_mul(unit as u64)
            .filter(|&bits| bits <= 8 * MAX_BYTES)
            .map(|bits| bits as usize)
            .ok_or(true),
        Some(_) => Err(false),
        None => match crate::term::bigint::bigint_limbs(size) {
            Some((negative, _)) => Err(!negative),
            None => Err(false),
        },
    }
}

/// The bits segment `segment` takes: the first pass. A UTF segment whose
/// value is no code point takes 32 bits here; the second pass refuses it.
fn bits_of(segment: &Segment) -> Result<usize, Failure> {
    let sized = |segment: &Segment| {
        size_in_bits(segment.size, segment.unit)
            .map_err(|limit| Failure { limit, ..Failure::new(segment, "size", segment.size) })
    };
    match segment.kind {
        Kind::Integer => sized(segment),
        Kind::Float => {
            let bits = sized(segment)?;
            match bits {
                16 | 32 | 64 => Ok(bits),
                _ => Err(Failure::new(segment, "invalid", segment.size)),
            }
        }
        Kind::Binary if !is_all(segment.size) => sized(segment),
        Kind::Binary | Kind::Append => {
            let bits =
                bits::bitstring(segment.value).ok_or_else(|| Failure::new(segment, "type", segment.value))?.bit_size();
            if !bits.is_multiple_of(segment.unit.max(1)) {
                return Err(Failure::new(segment, "unit", segment.value));
            }
            Ok(bits)
        }
        Kind::Utf8 => Ok(put::code_point(segment.value).map_or(32, |point| 8 * put::utf8_size(point))),
        Kind::Utf16 => Ok(put::code_point(segment.value).map_or(32, |point| 8 * put::utf16_size(point))),
        Kind::Utf32 => Ok(32),
        Kind::String => Ok(bits::bitstring(segment.value).map_or(0, |bytes| bytes.bit_size())),
    }
}

fn is_all(size: Term) -> bool {
    size.as_atom() == Some(segment_atoms().all)
}

/// Writes `segment`, of `n` bits, at bit `at` of `dest`: the second pass.
fn write_segment(dest: &mut [u8], at: usize, n: usize, segment: &Segment) -> Result<(), Failure> {
    let refused = |error: PutError| {
        let what = if error == PutError::NoFloat { "no_float" } else { "type" };
        Failure::new(segment, what, segment.value)
    };
    match segment.kind {
        Kind::Integer => put::put_integer(dest, at, n, segment.value, segment.endian).map_err(refused),
        Kind::Float => {
            let value = put::float_value(segment.value).map_err(refused)?;
            put::put_float(dest, at, n, value, segment.endian);
            Ok(())
        }
        Kind::Binary | Kind::String => {
            let source = bits::bitstring(segment.value).ok_or_else(|| refused(PutError::Type))?;
            let part = source.slice(0, n).ok_or_else(|| Failure::new(segment, "short", segment.value))?;
            put_bits(dest, at, &part);
            Ok(())
        }
        Kind::Utf8 => {
            let point = put::code_point(segment.value).map_err(refused)?;
            put::put_utf8(dest, at, point);
            Ok(())
        }
        Kind::Utf16 => {
            let point = put::code_point(segment.value).map_err(refused)?;
            put::put_utf16(dest, at, point, segment.endian);
            Ok(())
        }
        Kind::Utf32 => {
            let point = put::code_point(segment.value).map_err(refused)?;
            put::put_utf32(dest, at, point, segment.endian);
            Ok(())
        }
        // Written by the allocation (`bits::append`).
        Kind::Append => Ok(()),
    }
}

/// Copies `source` to bit `at` of `dest`.
#[inline]
fn put_bits(dest: &mut [u8], at: usize, source: &BitSlice<'_>) {
    match source.as_bytes() {
        Some(bytes) => put::put_bytes(dest, at, bytes),
        None => bits::copy_bits(source, dest, at),
    }
}

/// The reductions writing `bytes` bytes costs beyond the instruction.
#[inline]
fn cost(bytes: usize) -> i64 {
    (bytes / BYTES_PER_REDUCTION) as i64
}

/// The reductions an append of `acc` that made `result` costs for the
/// bytes of `acc` it copied: none when it wrote in place (`result` starts
/// with the very bytes of `acc`).
fn copy_cost(acc: Term, result: Term) -> i64 {
    let (Some(acc), Some(result)) = (bits::bitstring(acc), bits::bitstring(result)) else { return 0 };
    let in_place = match (acc.as_bytes(), result.slice(0, acc.bit_size()).and_then(|bits| bits.as_bytes())) {
        (Some(before), Some(after)) => std::ptr::eq(before.as_ptr(), after.as_ptr()),
        _ => false,
    };
    if in_place {
        0
    } else {
        cost(acc.byte_size())
    }
}

/// `bs_create_bin`: the bitstring of the listed segments, or the exception
/// its first bad segment raises.
pub(super) fn create_bin(
    x: &[Term],
    process: &mut Process,
    module: &LoadedModule,
    list: Srcs,
    reductions: &mut i64,
) -> Result<Term, Exception> {
    let sources = module.module.srcs(list);
    let count = sources.len() / 6;
    // Each segment read once, with its size: on the stack for the usual few.
    let mut inline = [(Segment::NONE, 0); INLINE_SEGMENTS];
    let mut spilled = Vec::new();
    let segments = room_for(&mut inline, &mut spilled, count);
    let mut total: usize = 0;
    let atoms = segment_atoms();
    for (slot, sources) in segments.iter_mut().zip(sources.chunks_exact(6)) {
        let segment = segment(atoms, x, process, module, sources);
        let bits = bits_of(&segment).map_err(|failure| failure.exception(process))?;
        total = match total.checked_add(bits).filter(|&sum| sum as u64 <= 8 * MAX_BYTES) {
            Some(sum) => sum,
            None => {
                return Err(Failure { limit: true, ..Failure::new(&segment, "size", segment.size) }.exception(process))
            }
        };
        *slot = (segment, bits);
    }
    assemble(process, segments, total, reductions).map_err(|failure| failure.exception(process))
}

/// The second half of `bs_create_bin`, once every segment is read and
/// sized (`total` bits in all): the bitstring allocated, or the
/// accumulator appended to, and the segments written.
#[inline]
fn assemble(
    process: &mut Process,
    segments: &[(Segment, usize)],
    total: usize,
    reductions: &mut i64,
) -> Result<Term, Failure> {
    let (term, dest, mut position) = match segments.first().filter(|(segment, _)| segment.kind == Kind::Append) {
        Some((append, acc_bits)) => {
            let Some((term, target)) = bits::append(&mut process.heap, append.value, total - acc_bits) else {
                return Err(Failure::new(append, "type", append.value));
            };
            *reductions -= copy_cost(append.value, term);
            (term, target.bytes, target.at)
        }
        None => {
            let (term, dest) = bits::new_bitstring(&mut process.heap, total);
            (term, dest, 0)
        }
    };
    *reductions -= cost(dest.len());
    for (segment, n) in segments.iter() {
        if segment.kind == Kind::Append {
            continue;
        }
        write_segment(dest, position, *n, segment)?;
        position += n;
    }
    Ok(term)
}

/// One `bs_create_bin` decoded when its module is loaded, for its op
/// ([`super::Op::BsCreateBin`]): what the generic handler reads from the
/// segment list at every run (types, flags, units) is read once.
#[derive(Debug)]
pub(crate) struct Plan {
    /// The heap words the instruction asks to be free.
    heap_need: u32,
    /// Where the bitstring goes.
    pub(crate) dst: Reg,
    segments: Box<[PlannedSegment]>,
}

/// A segment of a [`Plan`]: its value and size still to be read.
#[derive(Clone, Copy, Debug)]
struct PlannedSegment {
    kind: Kind,
    number: Term,
    unit: usize,
    endian: Endian,
    value: Src,
    size: Src,
}

/// The plan of `bs_create_bin` with these operands in a module whose
/// literals are `literals`; `None` for a segment list of an unexpected
/// shape (a type, number, unit or flags operand that is no constant), which
/// the generic handler keeps.
pub(crate) fn plan(literals: &[Term], heap_need: u32, dst: Reg, sources: &[Src]) -> Option<Plan> {
    if !sources.len().is_multiple_of(6) {
        return None;
    }
    let constant = |src: Src| match src.kind() {
        SrcKind::Int(value) => Some(Term::small_unchecked(i64::from(value))),
        SrcKind::Literal(index) => literals.get(index as usize).copied(),
        SrcKind::X(_) | SrcKind::Y(_) => None,
    };
    let atoms = segment_atoms();
    let segments = sources
        .chunks_exact(6)
        .map(|sources| {
            let kind = atoms.kind(constant(sources[0])?.as_atom());
            let endian = atoms.endian(constant(sources[3])?);
            let unit = match sources[2].kind() {
                SrcKind::Int(unit) => unit.max(0) as usize,
                SrcKind::Literal(_) => return None,
                _ => 1,
            };
            let number = constant(sources[1])?;
            Some(PlannedSegment { kind, number, unit, endian, value: sources[4], size: sources[5] })
        })
        .collect::<Option<Box<[PlannedSegment]>>>()?;
    Some(Plan { heap_need, dst, segments })
}

/// Whether writing `segment`, of `n` bits, cannot fail: the second pass's
/// conditions, tested before anything is written.
fn writes(segment: &Segment, n: usize) -> bool {
    match segment.kind {
        Kind::Integer => segment.value.is_integer(),
        Kind::Float => put::float_value(segment.value).is_ok(),
        Kind::Binary | Kind::String => bits::bitstring(segment.value).is_some_and(|bits| bits.bit_size() >= n),
        Kind::Utf8 | Kind::Utf16 | Kind::Utf32 => put::code_point(segment.value).is_ok(),
        Kind::Append => true,
    }
}

/// [`super::Op::BsCreateBin`]: the bitstring `plan` builds, when no
/// collection is due and no segment fails; `None` otherwise, for the
/// generic handler to collect, build or raise. The first pass and
/// [`writes`] test every way the second pass can fail, so a decline comes
/// before anything is written or charged.
#[inline(never)]
pub(super) fn create_bin_planned(
    x: &[Term],
    process: &mut Process,
    module: &LoadedModule,
    plan: &Plan,
    gc_stress: bool,
    reductions: &mut i64,
) -> Option<Term> {
    if super::needs_collection(process, plan.heap_need as usize + super::BINARY_BOX_WORDS, gc_stress) {
        return None;
    }
    // Room on the stack for as few segments as the plan has, as filling
    // it is a good part of the work for the usual one or two.
    match plan.segments.len() {
        0..=2 => run_plan::<2>(x, process, module, plan, reductions),
        _ => run_plan::<INLINE_SEGMENTS>(x, process, module, plan, reductions),
    }
}

/// [`create_bin_planned`] with room for `N` segments on the stack.
#[inline(always)]
fn run_plan<const N: usize>(
    x: &[Term],
    process: &mut Process,
    module: &LoadedModule,
    plan: &Plan,
    reductions: &mut i64,
) -> Option<Term> {
    let count = plan.segments.len();
    let mut inline = [(Segment::NONE, 0); N];
    let mut spilled = Vec::new();
    let segments = room_for(&mut inline, &mut spilled, count);
    let mut total: usize = 0;
    for (slot, planned) in segments.iter_mut().zip(plan.segments.iter()) {
        let segment = Segment {
            kind: planned.kind,
            number: planned.number,
            unit: planned.unit,
            endian: planned.endian,
            value: read(x, process, module, planned.value),
            size: read(x, process, module, planned.size),
        };
        let bits = bits_of(&segment).ok()?;
        total = total.checked_add(bits).filter(|&sum| sum as u64 <= 8 * MAX_BYTES)?;
        if !writes(&segment, bits) {
            return None;
        }
        *slot = (segment, bits);
    }
    let mut spent = 0;
    let term = assemble(process, segments, total, &mut spent).ok()?;
    *reductions += spent;
    Some(term)
}

// ---- OTP 24's construction, segment by segment ----

/// A plain `badarg` for the OTP 24 instructions, which report no cause.
fn badarg() -> Exception {
    Exception::badarg()
}

/// A size operand of the OTP 24 instructions, times `unit`, in bits.
fn otp24_size(size: Term, unit: usize) -> Result<usize, Exception> {
    size_in_bits(size, unit).map_err(|limit| if limit { Exception::system_limit() } else { badarg() })
}

/// The size of `bs_init2` (`unit` 8) and `bs_init_bits` (`unit` 1) in
/// bits, read before the instruction may collect, as BEAM reads it.
pub(super) fn init_size(size: Term, unit: usize) -> Result<usize, Exception> {
    otp24_size(size, unit)
}

/// `bs_init2` and `bs_init_bits`: a new bitstring of `bits` bits to fill,
/// which becomes the one being built.
pub(super) fn init(building: &mut Building, process: &mut Process, bits: usize) -> Term {
    let (term, _) = bits::new_bitstring(&mut process.heap, bits);
    *building = Building { term, first_byte: 0, position: 0 };
    term
}

/// `bs_append` and `bs_private_append`: `bin` followed by `size` bits to
/// fill, in place when `bin` allows it; the new bitstring becomes the one
/// being built. Returns it, and the reductions copying `bin` costs.
pub(super) fn append(
    building: &mut Building,
    process: &mut Process,
    extra: usize,
    unit: usize,
    bin: Term,
) -> Result<(Term, i64), Exception> {
    let acc_bits = bits::bitstring(bin).ok_or_else(badarg)?.bit_size();
    if !acc_bits.is_multiple_of(unit.max(1)) {
        return Err(badarg());
    }
    if (acc_bits + extra) as u64 > 8 * MAX_BYTES {
        return Err(Exception::system_limit());
    }
    let (term, _) = bits::append(&mut process.heap, bin, extra).ok_or_else(badarg)?;
    *building = Building { term, first_byte: acc_bits / 8, position: acc_bits };
    Ok((term, copy_cost(bin, term)))
}

/// The bytes of the bitstring being built that this construction writes,
/// and the bit of the next segment in them, when `n` more bits fit.
fn room<'a>(building: &Building, n: usize) -> Result<(&'a mut [u8], usize), Exception> {
    let size = bits::bitstring(building.term).ok_or_else(badarg)?.bit_size();
    if building.position.checked_add(n).is_none_or(|end| end > size) {
        return Err(badarg());
    }
    // SAFETY: the term is the bitstring `init` or `append` made for this
    // construction in this time slice (each slice starts with none, and
    // the collector keeps the term up to date), and the bytes from
    // `first_byte` on are its own: a new bitstring's, or those
    // `bits::append` gave it.
    let bytes = unsafe { put::building_bytes(building.term, building.first_byte) }.ok_or_else(badarg)?;
    Ok((bytes, building.position - 8 * building.first_byte))
}

/// The byte order of OTP 24's segment flags, as the matching
/// instructions read the same flags.
fn endian_of(flags: u32) -> Endian {
    if crate::term::bits::get::is_little(flags) {
        Endian::Little
    } else {
        Endian::Big
    }
}

/// `bs_put_integer`; returns the reductions writing it costs.
pub(super) fn put_integer(
    building: &mut Building,
    size: Term,
    unit: u32,
    flags: u32,
    value: Term,
) -> Result<i64, Exception> {
    let n = otp24_size(size, unit as usize)?;
    if !value.is_integer() {
        return Err(badarg());
    }
    let (dest, at) = room(building, n)?;
    put::put_integer(dest, at, n, value, endian_of(flags)).map_err(|_| badarg())?;
    building.position += n;
    Ok(cost(n / 8))
}

/// `bs_put_float`.
pub(super) fn put_float(
    building: &mut Building,
    size: Term,
    unit: u32,
    flags: u32,
    value: Term,
) -> Result<(), Exception> {
    let n = otp24_size(size, unit as usize)?;
    let float = put::float_value(value).map_err(|_| badarg())?;
    if !matches!(n, 16 | 32 | 64) {
        return Err(badarg());
    }
    let (dest, at) = room(building, n)?;
    put::put_float(dest, at, n, float, endian_of(flags));
    building.position += n;
    Ok(())
}

/// `bs_put_binary` and `bs_put_string`: `size` units of bitstring `value`,
/// or all of it when `size` is `all` (or none is given); returns the
/// reductions writing it costs.
pub(super) fn put_binary(
    building: &mut Building,
    size: Option<Term>,
    unit: u32,
    value: Term,
) -> Result<i64, Exception> {
    let source = bits::bitstring(value).ok_or_else(badarg)?;
    let n = if let Some(size) = size.filter(|&size| !is_all(size)) {
        otp24_size(size, unit as usize)?
    } else {
        if !source.bit_size().is_multiple_of(unit.max(1) as usize) {
            return Err(badarg());
        }
        source.bit_size()
    };
    let part = source.slice(0, n).ok_or_else(badarg)?;
    let (dest, at) = room(building, n)?;
    put_bits(dest, at, &part);
    building.position += n;
    Ok(cost(n / 8))
}

/// `bs_put_utf8`, `bs_put_utf16` (`width` 16) and `bs_put_utf32`.
pub(super) fn put_utf(building: &mut Building, width: u32, flags: u32, value: Term) -> Result<(), Exception> {
    let point = put::code_point(value).map_err(|_| badarg())?;
    let n = match width {
        8 => 8 * put::utf8_size(point),
        16 => 8 * put::utf16_size(point),
        _ => 32,
    };
    let (dest, at) = room(building, n)?;
    match width {
        8 => {
            put::put_utf8(dest, at, point);
        }
        16 => {
            put::put_utf16(dest, at, point, endian_of(flags));
        }
        _ => put::put_utf32(dest, at, point, endian_of(flags)),
    }
    building.position += n;
    Ok(())
}

/// `bs_add`: `first + second * unit`, sizes both.
pub(super) fn add(first: Term, second: Term, unit: u32) -> Result<Term, Exception> {
    let (Some(a), Some(b)) = (first.as_small(), second.as_small()) else { return Err(badarg()) };
    if a < 0 || b < 0 {
        return Err(badarg());
    }
    b.checked_mul(i64::from(unit))
        .and_then(|product| product.checked_add(a))
        .and_then(Term::small)
        .ok_or_else(Exception::system_limit)
}

/// `bs_utf8_size` and `bs_utf16_size`: the bytes a code point takes (4
/// for anything else; the `bs_put_*` that follows refuses it).
pub(super) fn utf_size(value: Term, utf16: bool) -> Term {
    let bytes = match put::code_point(value) {
        Ok(point) if utf16 => put::utf16_size(point),
        Ok(point) => put::utf8_size(point),
        Err(_) => 4,
    };
    Term::small_unchecked(bytes as i64)
}

/// `bs_init_writable`: an empty binary with room to append to in place.
pub(super) fn init_writable(process: &mut Process) -> Term {
    let empty = bits::binary(&mut process.heap, &[]);
    bits::append(&mut process.heap, empty, 0).map_or(empty, |(term, _)| term)
}
