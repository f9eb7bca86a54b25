//! The one error type of the loader: what went wrong, and where.
//!
//! A [`LoadError`] renders as a single line naming the file (when known), the
//! section, the byte offset (when the error comes from bytes), the entry or
//! instruction, and the rule broken:
//!
//! ```text
//! hello.gbc: code section, offset 0x1f3, in function main/1 at instruction 4: label 12 is outside the function (instructions 0..9)
//! ```
//!
//! Tests match on [`LoadError::kind`], an [`ErrorKind`] with one variant per
//! rule.

use crate::format::{Section, HEADER_LEN, MAX_ATOM_CHARS, MAX_LITERAL_DEPTH};
use crate::module::MAX_FUN_ARITY;
use girder_spec::{FORMAT_VERSION, MAX_FLOAT_REGS, MAX_X_REGS, MAX_Y_REGS};
use std::fmt;
use std::path::Path;

/// A bytecode file or module that cannot be loaded, with its place and reason.
///
/// Every field but [`LoadError::kind`] is optional: an error found by
/// [`verify`](crate::verify) on an in-memory module has no file and no byte
/// offset; an error reading the file has no section.
#[derive(Debug)]
pub struct LoadError {
    /// The file being loaded, when the error came from [`load_file`](crate::load_file)
    /// or the caller attached one with [`LoadError::with_file`].
    pub file: Option<Box<Path>>,
    /// The section (or the header) the error is in.
    pub section: Option<Section>,
    /// The byte offset from the start of the file, when the module came from bytes.
    pub offset: Option<usize>,
    /// The table entry or instruction the error is about.
    pub location: Option<Location>,
    /// Which rule is broken.
    pub kind: ErrorKind,
}

impl LoadError {
    /// An error of the given kind with no place attached yet.
    pub fn new(kind: ErrorKind) -> LoadError {
        LoadError { file: None, section: None, offset: None, location: None, kind }
    }

    /// The same error, naming the file it was found in.
    pub fn with_file(mut self, path: impl AsRef<Path>) -> LoadError {
        self.file = Some(path.as_ref().into());
        self
    }

    /// The same error, placed in a section.
    pub(crate) fn in_section(mut self, section: Section) -> LoadError {
        self.section = Some(section);
        self
    }

    /// The same error, placed at a byte offset.
    pub(crate) fn at_offset(mut self, offset: usize) -> LoadError {
        self.offset = Some(offset);
        self
    }

    /// The same error, placed at a table entry or instruction.
    pub(crate) fn at(mut self, location: Location) -> LoadError {
        self.location = Some(location);
        self
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let details = self;
        if let Some(file) = &details.file {
            write!(f, "{}: ", file.display())?;
        }
        let mut place: Vec<String> = Vec::new();
        if let Some(section) = details.section {
            place.push(section.to_string());
        }
        if let Some(offset) = details.offset {
            place.push(format!("offset {offset:#x}"));
        }
        match &details.location {
            Some(Location::Entry(index)) => {
                let noun = details.section.map_or("entry", Section::entry_noun);
                place.push(format!("{noun} {index}"));
            }
            Some(Location::Instruction { function, instr }) => match function {
                Some(function) => place.push(format!("in function {function} at instruction {instr}")),
                None => place.push(format!("at instruction {instr}")),
            },
            None => {}
        }
        if !place.is_empty() {
            write!(f, "{}: ", place.join(", "))?;
        }
        write!(f, "{}", details.kind)
    }
}

impl std::error::Error for LoadError {}

/// Which table entry or instruction an error is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// Entry N of the section's table (atom N, literal N, import N, …).
    Entry(u32),
    /// Instruction N of [`Module::code`](crate::Module::code), and the function holding it.
    Instruction {
        /// The function whose code holds the instruction, when known.
        function: Option<FunctionName>,
        /// The instruction's index in the module's code.
        instr: u32,
    },
}

/// A function's name and arity, for messages: `main/1`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FunctionName {
    /// The function's atom text.
    pub name: Box<str>,
    /// The number of arguments.
    pub arity: u32,
}

impl fmt::Display for FunctionName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", QuotedAtom(&self.name), self.arity)
    }
}

/// Writes an atom as Erlang source would: bare when it can be, else in single quotes.
pub(crate) struct QuotedAtom<'a>(pub &'a str);

impl fmt::Display for QuotedAtom<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.0;
        let mut chars = text.chars();
        let bare = chars.next().is_some_and(|first| first.is_ascii_lowercase())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '@');
        if bare {
            return f.write_str(text);
        }
        f.write_str("'")?;
        for c in text.chars() {
            match c {
                '\'' => f.write_str("\\'")?,
                '\\' => f.write_str("\\\\")?,
                c if c.is_control() => write!(f, "{}", c.escape_default())?,
                c => write!(f, "{c}")?,
            }
        }
        f.write_str("'")
    }
}

/// The state of the stack frame at an instruction, as the frame check sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameState {
    /// No frame has been allocated.
    NoFrame,
    /// A frame of N y registers (and a saved return address).
    Frame(u32),
    /// Frames of different sizes, or a frame and none, on different paths
    /// that meet here, as compiler output has where the paths go on only to
    /// raise: no instruction that touches the frame may run.
    Undecided,
}

impl fmt::Display for FrameState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameState::NoFrame => f.write_str("no frame"),
            FrameState::Frame(1) => f.write_str("a frame of 1 y register"),
            FrameState::Frame(n_slots) => write!(f, "a frame of {n_slots} y registers"),
            FrameState::Undecided => f.write_str("a frame that differs between the paths that meet"),
        }
    }
}

/// What an instruction needs of the frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameNeed {
    /// The instruction must run with no frame.
    NoFrame,
    /// The instruction needs a frame of any size (it saves a return address there).
    AnyFrame,
    /// The instruction needs a frame of exactly N y registers.
    Exactly(u32),
}

impl fmt::Display for FrameNeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameNeed::NoFrame => f.write_str("no frame"),
            FrameNeed::AnyFrame => f.write_str("a frame (to hold the return address)"),
            FrameNeed::Exactly(n_slots) => FrameState::Frame(*n_slots).fmt(f),
        }
    }
}

/// What a y register holds, as the marker check sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerKind {
    /// The marker of a `try`, ended by `try_end` or `try_case`.
    Try,
    /// The marker of a `catch`, ended by `catch_end`.
    Catch,
    /// A marker on some paths only, or of another kind on another path.
    OnSomePath,
}

impl fmt::Display for MarkerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkerKind::Try => f.write_str("the marker of a try"),
            MarkerKind::Catch => f.write_str("the marker of a catch"),
            MarkerKind::OnSomePath => f.write_str("a marker on some paths"),
        }
    }
}

/// Describes what an ending instruction found instead of its marker.
fn found_instead(found: &Option<MarkerKind>) -> String {
    match found {
        Some(kind) => format!("holds {kind}"),
        None => "holds no marker".to_string(),
    }
}

/// How an instruction uses an x register, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum XRegUse {
    /// A source operand names it.
    Read,
    /// It holds an argument of a call (or the fun of `call_fun`, the module
    /// and function of `apply`, the arguments `func_info` reports).
    Argument,
    /// A live count keeps it.
    Live,
}

impl fmt::Display for XRegUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            XRegUse::Read => "is read here",
            XRegUse::Argument => "is passed as an argument here",
            XRegUse::Live => "is counted live here",
        })
    }
}

/// Why an x register may hold no value: what one path did to lose it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum XRegCause {
    /// The function starts with only its arguments.
    Entry {
        /// The function's arity.
        arity: u32,
    },
    /// An instruction with a live count kept only x0..x(live-1).
    Live {
        /// The instruction, as written in messages: `` `test_heap 4, 1` ``.
        instruction: Box<str>,
        /// Its live count.
        live: u32,
    },
    /// A call (or `send`) kept only its result, in x0.
    Call {
        /// The instruction, as written in messages: `` `call 1, helper/1` ``.
        instruction: Box<str>,
    },
    /// A receive resumed after `wait` or `wait_timeout`, with no x register.
    Resumed {
        /// The instruction's name.
        instruction: &'static str,
    },
    /// The timeout path of `wait_timeout` starts with no x register.
    TimedOut,
    /// An exception handler starts with no x register.
    Handler,
}

/// `no x register`, `only x0`, `only x0 and x1`, `only x0..x3`: the
/// registers x0..x(count-1).
fn registers_below(count: u32) -> String {
    match count {
        0 => "no x register".to_string(),
        1 => "only x0".to_string(),
        2 => "only x0 and x1".to_string(),
        _ => format!("only x0..x{}", count - 1),
    }
}

impl fmt::Display for XRegCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            XRegCause::Entry { arity } => write!(f, "the function starts with {} defined", registers_below(*arity)),
            XRegCause::Live { instruction, live } => write!(f, "{instruction} keeps {}", registers_below(*live)),
            XRegCause::Call { instruction } => write!(f, "{instruction} keeps only its result, in x0"),
            XRegCause::Resumed { instruction } => {
                write!(f, "a receive resumed by `{instruction}` starts with no x register defined")
            }
            XRegCause::TimedOut => f.write_str("the timeout path of `wait_timeout` starts with no x register defined"),
            XRegCause::Handler => f.write_str("an exception handler starts with no x register defined"),
        }
    }
}

/// The tables an index can point into.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IndexKind {
    /// The atom table.
    Atom,
    /// The literal table.
    Literal,
    /// The import table.
    Import,
    /// The function table.
    Function,
    /// The fun table.
    Fun,
}

impl IndexKind {
    /// The table's name in messages: `atom`, `import`, …
    pub fn noun(self) -> &'static str {
        match self {
            IndexKind::Atom => "atom",
            IndexKind::Literal => "literal",
            IndexKind::Import => "import",
            IndexKind::Function => "function",
            IndexKind::Fun => "fun",
        }
    }
}

impl fmt::Display for IndexKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.noun())
    }
}

/// The operand pools of a module, for pool errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PoolKind {
    /// [`Module::src_pool`](crate::Module::src_pool), used by `Srcs` operands.
    Srcs,
    /// [`Module::y_pool`](crate::Module::y_pool), used by `Ys` operands.
    Ys,
    /// [`Module::case_pool`](crate::Module::case_pool), used by `Cases` operands.
    Cases,
    /// [`Module::key_val_pool`](crate::Module::key_val_pool), used by `KeyVals` operands.
    KeyVals,
    /// [`Module::key_dst_pool`](crate::Module::key_dst_pool), used by `KeyDsts` operands.
    KeyDsts,
}

impl fmt::Display for PoolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            PoolKind::Srcs => "Srcs",
            PoolKind::Ys => "Ys",
            PoolKind::Cases => "Cases",
            PoolKind::KeyVals => "KeyVals",
            PoolKind::KeyDsts => "KeyDsts",
        })
    }
}

/// Which rule a module or its bytes break; one variant per rule.
///
/// The `Display` text is the rule part of the error line; [`LoadError`] adds
/// the place in front of it.
#[derive(Debug, thiserror::Error)]
pub enum ErrorKind {
    // ---- the file ----
    /// The file could not be opened or mapped.
    #[error("cannot read the file: {0}")]
    Io(std::io::Error),

    // ---- framing: header and sections ----
    /// The input is shorter than the header.
    #[error("the file is {length} bytes long, shorter than the {HEADER_LEN}-byte header")]
    TruncatedHeader {
        /// The input's length in bytes.
        length: usize,
    },
    /// The first four bytes are not `GIRD`.
    #[error("not a girder bytecode file (magic \"{}\", expected \"GIRD\")", .found.escape_ascii())]
    BadMagic {
        /// The four bytes found.
        found: [u8; 4],
    },
    /// The header names a format version this build does not read.
    #[error("format version {found}, this girder reads version {FORMAT_VERSION}")]
    WrongVersion {
        /// The version in the header.
        found: u16,
    },
    /// The input ends where a section should start.
    #[error("the {expected} is missing: the file ends before it")]
    MissingSection {
        /// The section that should come next.
        expected: Section,
    },
    /// A section id other than the one expected next.
    #[error("found section id {found} where the {expected} (id {}) belongs; sections appear once each, in order", .expected.id())]
    SectionOutOfOrder {
        /// The id byte found.
        found: u8,
        /// The section that should come next.
        expected: Section,
    },
    /// A section's length runs past the end of the input.
    #[error("the section is {} long but only {} left in the file", plural(.length, "byte"), left(.available))]
    SectionPastEnd {
        /// The length the section claims.
        length: u64,
        /// The bytes left after the length field.
        available: usize,
    },
    /// A section's contents end before its stated length.
    #[error("the section has {} left over after its last entry", plural(.unused, "byte"))]
    SectionNotConsumed {
        /// The unread bytes.
        unused: usize,
    },
    /// Bytes after the last section.
    #[error("the file has {} after the last section", plural(.count, "extra byte"))]
    TrailingBytes {
        /// The number of extra bytes.
        count: usize,
    },
    /// A value runs past the end of its section.
    #[error("the data ends in the middle of a value")]
    UnexpectedEnd,
    /// A varint has more bits than its field allows.
    #[error("a varint does not fit in {bits} bits")]
    VarintOverflow {
        /// The field's width: 32 or 64.
        bits: u32,
    },
    /// A count larger than the remaining bytes could hold.
    #[error("a count of {count} cannot fit in the {} left in the section", plural(.available, "byte"))]
    CountTooLarge {
        /// The count read.
        count: u64,
        /// The bytes left in the section.
        available: usize,
    },
    /// An atom's bytes are not UTF-8.
    #[error("the atom name is not valid UTF-8")]
    BadUtf8,
    /// An opcode byte that is not in the instruction table.
    #[error("unknown opcode {opcode}")]
    UnknownOpcode {
        /// The opcode byte.
        opcode: u8,
    },
    /// A destination operand whose tag is not x or y.
    #[error("a destination operand has the tag of {}; it must name an x or y register", destination_tag_name(.tag))]
    BadDestinationTag {
        /// The 2-bit tag found (2 = integer, 3 = literal).
        tag: u32,
    },
    /// A literal node whose tag byte is not a literal tag.
    #[error("unknown literal tag {tag}")]
    UnknownLiteralTag {
        /// The tag byte.
        tag: u8,
    },
    /// A big integer's sign byte is neither 0 nor 1.
    #[error("big integer sign byte {sign}, expected 0 (positive) or 1 (negative)")]
    BadBigIntSign {
        /// The sign byte.
        sign: u8,
    },
    /// Function sizes add up past 2^32 instructions.
    #[error("the function sizes add up to more than 4294967295 instructions")]
    CodeTooLong,

    // ---- tables ----
    /// The atom table has no atom 0, the module's name.
    #[error("the atom table is empty; atom 0 must be the module's name")]
    NoAtoms,
    /// The module's own name (atom 0) is the empty atom.
    #[error("the module name is empty")]
    EmptyAtom,
    /// An atom name longer than Erlang allows.
    #[error("the atom name is {chars} characters long; at most {MAX_ATOM_CHARS} are allowed")]
    AtomTooLong {
        /// The name's length in characters.
        chars: usize,
    },
    /// An atom name that an earlier entry of the atom table already holds.
    #[error("the atom {} is also atom {first}; an atom table names each atom once", QuotedAtom(.name))]
    DuplicateAtom {
        /// The repeated name.
        name: Box<str>,
        /// The index of its first entry.
        first: usize,
    },
    /// An index past the end of its table.
    #[error("{what} {index} is out of range: the module has {}", plural(.count, .what.noun()))]
    IndexOutOfRange {
        /// The table indexed.
        what: IndexKind,
        /// The index found.
        index: u64,
        /// The table's length.
        count: usize,
    },
    /// A float literal that is NaN or infinite.
    #[error("the float literal {value} is not finite")]
    NonFiniteFloat {
        /// The float found.
        value: f64,
    },
    /// A list literal with no elements.
    #[error("a list literal has no elements; the empty list is written as nil")]
    EmptyListLiteral,
    /// A bitstring literal that is not in its one form: no bytes, a count
    /// of bits in its last byte other than 1 to 7, or unused bits set.
    #[error("bad bitstring literal: {reason}")]
    BadBitstring {
        /// What is wrong.
        reason: &'static str,
    },
    /// A big-integer literal that fits in 64 bits.
    #[error("the big integer literal {value} fits in 64 bits; it must be written as an integer")]
    SmallBigInt {
        /// The value.
        value: i64,
    },
    /// An external fun literal whose arity is above Erlang's limit for funs.
    #[error("the external fun literal's arity {arity} exceeds the limit of {MAX_FUN_ARITY}")]
    FunArityTooLarge {
        /// The arity found.
        arity: u32,
    },
    /// A literal nested deeper than the limit.
    #[error("the literal nests deeper than {MAX_LITERAL_DEPTH} levels")]
    LiteralTooDeep,
    /// A function or import arity above the register limit.
    #[error("arity {arity} exceeds the limit of {MAX_X_REGS}")]
    ArityTooLarge {
        /// The arity found.
        arity: u32,
    },
    /// A function with no instructions.
    #[error("the function has no instructions")]
    EmptyFunction,
    /// A function that does not start where the previous one ends.
    #[error(
        "the function starts at instruction {entry}, but it must start at {expected}, where the previous function ends"
    )]
    FunctionsNotContiguous {
        /// The function's entry.
        entry: u32,
        /// Where it should start.
        expected: u32,
    },
    /// A function whose end is before its entry.
    #[error("the function ends at instruction {end}, before its entry {entry}")]
    FunctionEndsBeforeEntry {
        /// The function's entry.
        entry: u32,
        /// The function's end.
        end: u32,
    },
    /// The functions do not cover the code exactly.
    #[error("the functions cover instructions 0..{covered} but the code has {code_len} instructions")]
    CodeNotCovered {
        /// One past the last instruction the functions cover.
        covered: u32,
        /// The code's length.
        code_len: usize,
    },
    /// Two functions with one name and arity.
    #[error("function {function} is defined twice")]
    DuplicateFunction {
        /// The function.
        function: FunctionName,
    },
    /// A function exported twice.
    #[error("function {function} is exported twice")]
    DuplicateExport {
        /// The function index.
        function: u32,
    },
    /// A fun with more free variables than its function has arguments.
    #[error("the fun has {num_free} free variables but its function {function} takes only {arity} arguments")]
    TooManyFreeVariables {
        /// The fun's free-variable count.
        num_free: u32,
        /// The implementing function.
        function: FunctionName,
        /// The function's arity.
        arity: u32,
    },
    /// Line entries out of order.
    #[error("the line entry for instruction {instr} follows one for instruction {previous}; entries must be sorted by instruction, one per instruction")]
    LinesUnsorted {
        /// This entry's instruction.
        instr: u32,
        /// The previous entry's instruction.
        previous: u32,
    },
    /// A line entry naming a file the module does not list.
    #[error("the line entry names file {file}, but the module lists {files} files")]
    LineFileOutOfRange {
        /// The entry's file number.
        file: u32,
        /// How many files the module lists.
        files: usize,
    },
    /// A line entry past the end of the code.
    #[error("the line entry names instruction {instr}, but the code has {code_len} instructions")]
    LineOutOfRange {
        /// The entry's instruction.
        instr: u32,
        /// The code's length.
        code_len: usize,
    },

    // ---- operands ----
    /// A list operand's span runs past the end of its pool.
    #[error("the {pool} operand spans entries {start}..{} of a pool of {pool_len}", span_end(.start, .len))]
    PoolSpanOutOfRange {
        /// The pool.
        pool: PoolKind,
        /// The span's start.
        start: u32,
        /// The span's length.
        len: u32,
        /// The pool's length.
        pool_len: usize,
    },
    /// A list operand that does not continue its pool where the previous one ended.
    #[error("the {pool} operand starts at pool entry {start}, but list operands use their pool in code order, so it must start at {expected}")]
    PoolOutOfOrder {
        /// The pool.
        pool: PoolKind,
        /// The span's start.
        start: u32,
        /// Where the previous operand ended.
        expected: u32,
    },
    /// Pool entries no operand uses.
    #[error("the {pool} pool has {pool_len} entries but the operands use only {used}")]
    PoolNotFullyUsed {
        /// The pool.
        pool: PoolKind,
        /// Entries the operands use.
        used: u32,
        /// The pool's length.
        pool_len: usize,
    },
    /// An x register index at or above [`MAX_X_REGS`].
    #[error("x register {index} is out of range (x0..x{})", MAX_X_REGS - 1)]
    XRegisterOutOfRange {
        /// The register index.
        index: u64,
    },
    /// A y register index at or above [`MAX_Y_REGS`].
    #[error("y register {index} is out of range (y0..y{})", MAX_Y_REGS - 1)]
    YRegisterOutOfRange {
        /// The register index.
        index: u64,
    },
    /// A float register index at or above [`MAX_FLOAT_REGS`].
    #[error("float register {index} is out of range (fr0..fr{})", MAX_FLOAT_REGS - 1)]
    FloatRegisterOutOfRange {
        /// The register index.
        index: u64,
    },
    /// A live-register count above [`MAX_X_REGS`].
    #[error("the live register count {live} exceeds {MAX_X_REGS}")]
    LiveOutOfRange {
        /// The count found.
        live: u32,
    },
    /// A frame larger than [`MAX_Y_REGS`].
    #[error("a frame of {n_slots} y registers exceeds the limit of {MAX_Y_REGS}")]
    FrameTooLarge {
        /// The frame size asked for.
        n_slots: u64,
    },
    /// A label that points outside the function using it.
    #[error("label {label} is outside the function (instructions {start}..{end})")]
    LabelOutsideFunction {
        /// The label.
        label: u32,
        /// The function's first instruction.
        start: u32,
        /// One past the function's last instruction.
        end: u32,
    },
    /// A call whose arity operand disagrees with its callee.
    #[error("{instruction} passes {given} arguments but {callee} takes {expected}")]
    ArityMismatch {
        /// The instruction's name.
        instruction: &'static str,
        /// The arity operand.
        given: u32,
        /// The callee, written `name/arity` or `module:name/arity`.
        callee: String,
        /// The callee's arity.
        expected: u32,
    },
    /// A `bif`/`gc_bif` operand naming an import that is not a BIF.
    #[error("import {import} is not a BIF")]
    NotABif {
        /// The import, written `module:name/arity`.
        import: String,
    },
    /// A `bif` naming a BIF that may collect.
    #[error("{bif} may collect, so it must be called with gc_bif, not bif")]
    BifMayCollect {
        /// The BIF, written `module:name/arity`.
        bif: String,
    },
    /// A BIF call with the wrong number of arguments.
    #[error("{bif} takes {expected} arguments but {given} are given")]
    BifArgumentCount {
        /// The BIF, written `module:name/arity`.
        bif: String,
        /// The BIF's arity.
        expected: u32,
        /// The length of the argument list.
        given: u32,
    },
    /// A `make_fun` capturing the wrong number of values.
    #[error("make_fun captures {given} values but fun {fun} has {expected} free variables")]
    FreeVariableCount {
        /// The fun's index.
        fun: u32,
        /// The fun's free-variable count.
        expected: u32,
        /// The length of the capture list.
        given: u32,
    },
    /// A jump-table value that is a register.
    #[error("a jump-table value is a register; values must be integers or literals")]
    CaseValueIsRegister,
    /// A `select_tuple_arity` value that is not a non-negative integer.
    #[error("a select_tuple_arity value must be a non-negative integer")]
    BadTupleArity,
    /// A binary segment's unit outside 1..=256 (0 only where the type has none).
    #[error("a segment unit of {unit}; units are 1 to 256")]
    BadSegmentUnit {
        /// The unit given.
        unit: u32,
    },
    /// A segment list of `bs_create_bin` that does not describe segments.
    #[error("a bad segment list: {reason}")]
    BadSegments {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A `try` or `catch` whose handler does not begin by ending it.
    #[error(
        "the handler of {instruction} y{y} (instruction {label}) begins with {found}; \
         it must begin with try_case y{y} or catch_end y{y}"
    )]
    HandlerStart {
        /// The instruction installing the handler (`try` or `catch`).
        instruction: &'static str,
        /// The y register holding the handler's marker.
        y: u32,
        /// The handler's label.
        label: u32,
        /// The instruction found at the label, with its y register if it has one.
        found: Box<str>,
    },

    // ---- frames ----
    /// A y register at or past the end of the current frame.
    #[error("y register {index} is outside the current frame: there is {frame} here")]
    YRegisterOutsideFrame {
        /// The register index.
        index: u32,
        /// The frame at the instruction.
        frame: FrameState,
    },
    /// An instruction run with the wrong frame.
    #[error("{instruction} needs {need}, but there is {found} here")]
    FrameMismatch {
        /// The instruction's name.
        instruction: &'static str,
        /// What it needs.
        need: FrameNeed,
        /// What there is.
        found: FrameState,
    },
    /// A y register holding a marker, named by an instruction that does not own it.
    #[error(
        "{instruction} uses y{index}, which holds {marker} here; only the instruction that \
         installed a marker and those that end it may touch it"
    )]
    MarkerUsed {
        /// The instruction's name.
        instruction: &'static str,
        /// The y register.
        index: u32,
        /// What the register holds.
        marker: MarkerKind,
    },
    /// A `try_end`, `try_case` or `catch_end` whose y register does not hold
    /// a marker of its kind on every path.
    #[error("{instruction} y{index} ends {wanted}, but y{index} {found_instead} here", found_instead = found_instead(found))]
    MarkerMissing {
        /// The instruction's name.
        instruction: &'static str,
        /// The y register.
        index: u32,
        /// The marker it ends.
        wanted: MarkerKind,
        /// What the register holds instead.
        found: Option<MarkerKind>,
    },
    /// A `try` or `catch` installing a marker above one already installed.
    #[error(
        "{instruction} y{index} installs a marker while y{outer}, a lower register, holds an earlier \
         one; a later marker must take a lower y register, so that a raise finds the innermost handler first"
    )]
    MarkerNesting {
        /// The instruction's name.
        instruction: &'static str,
        /// The y register of the new marker.
        index: u32,
        /// The lower register holding an earlier marker.
        outer: u32,
    },
    /// A marker ended while a later one is still installed.
    #[error(
        "{instruction} y{index} ends a marker while y{inner}, installed later, still holds one; \
         markers end in the reverse order of their installation"
    )]
    MarkerNotInnermost {
        /// The instruction's name.
        instruction: &'static str,
        /// The y register of the marker being ended.
        index: u32,
        /// The lower register holding a later marker.
        inner: u32,
    },
    /// A frame removed or trimmed while it holds a marker.
    #[error(
        "{instruction} changes the frame while y{index} holds {marker}; a handler runs with the \
         frame its try or catch saw, so every marker must be ended before its frame is trimmed or removed"
    )]
    FrameChangedUnderMarker {
        /// The instruction's name.
        instruction: &'static str,
        /// The lowest y register holding a marker.
        index: u32,
        /// What it holds.
        marker: MarkerKind,
    },

    /// Execution that runs past the function's last instruction.
    #[error("execution falls off the end of the function")]
    FallsOffEnd,

    // ---- x registers ----
    /// An x register read where some path leaves it without a value.
    #[error("x{index} {usage} but holds no value on some path: {cause}")]
    XRegisterUndefined {
        /// The register index.
        index: u32,
        /// How the instruction uses it.
        usage: XRegUse,
        /// What one path did to lose it.
        cause: XRegCause,
    },

    // ---- float registers ----
    /// A float register read where some path has not written it.
    #[error(
        "fr{index} is read here but holds no float on some path: float registers are written by fload, fconv or a \
         float operation, and none survives a call, a receive, an exception handler or a branch backwards"
    )]
    FloatRegisterUndefined {
        /// The register index.
        index: u32,
    },

    // ---- BEAM files ----
    /// The file is not an IFF container of a BEAM module.
    #[error("not a BEAM file (found \"{}\" where \"FOR1\" and \"BEAM\" belong)", .found.escape_ascii())]
    BeamNotIff {
        /// The four bytes found.
        found: [u8; 4],
    },
    /// The container's size field disagrees with the file.
    #[error("the container claims {declared} bytes but {actual} follow its size field")]
    BeamSizeMismatch {
        /// The size the container declares.
        declared: usize,
        /// The bytes that follow the size field.
        actual: usize,
    },
    /// A chunk that every BEAM module has is absent.
    #[error("the file has no \"{}\" chunk", .id.escape_ascii())]
    BeamMissingChunk {
        /// The chunk's id.
        id: [u8; 4],
    },
    /// A chunk id that appears twice.
    #[error("the chunk appears twice")]
    BeamDuplicateChunk,
    /// The code chunk's header is shorter than its four fields, or longer than the chunk.
    #[error("the code header claims {size} bytes; it needs at least 16, within the chunk")]
    BeamBadCodeHeader {
        /// The header size found.
        size: usize,
    },
    /// The code is for another instruction set than BEAM's generic one.
    #[error("instruction set {found}; BEAM files use instruction set 0")]
    BeamInstructionSet {
        /// The instruction set found.
        found: u32,
    },
    /// An opcode that OTP does not define.
    #[error("unknown BEAM opcode {opcode}; this girder reads opcodes up to {}", crate::beam::genop::MAX_OPCODE)]
    BeamUnknownOpcode {
        /// The opcode byte.
        opcode: u8,
    },
    /// An opcode that old compilers emitted and OTP no longer loads.
    #[error("the instruction {name} is obsolete; recompile the module with a current compiler")]
    BeamRetiredOpcode {
        /// The instruction's name.
        name: &'static str,
    },
    /// An opcode above the maximum the code header declares.
    #[error("the instruction {name} is above the highest opcode ({max_opcode}) the code header declares")]
    BeamOpcodeAboveMax {
        /// The instruction's name.
        name: &'static str,
        /// The maximum the header declares.
        max_opcode: u32,
    },
    /// A compact operand whose value does not fit what it stands for.
    #[error("{what} is out of range or of the wrong kind")]
    BeamOperandOutOfRange {
        /// What the operand is.
        what: &'static str,
    },
    /// A compact operand with an extended tag that is not defined.
    #[error("unknown extended operand form (byte {byte:#04x})")]
    BeamBadExtendedTag {
        /// The operand's first byte.
        byte: u8,
    },
    /// Extended operand forms nested deeper than any compiler writes them.
    #[error("operand lists nest too deeply")]
    BeamOperandTooDeep,
    /// The literal table does not inflate as declared.
    #[error("the literal table does not inflate: {reason}")]
    BeamInflate {
        /// What went wrong.
        reason: String,
    },
    /// A literal that is not a well-formed term of the external format.
    #[error("bad literal: {reason}")]
    BeamBadLiteral {
        /// What is wrong.
        reason: &'static str,
    },
    /// Code that is not split into functions as a compiler splits it.
    #[error("the functions are not laid out as a compiler lays them out: {reason}")]
    BeamBadLayout {
        /// What is out of place.
        reason: &'static str,
    },
    /// A call, export or fun naming a label that does not enter a function.
    #[error("label {label} is not the entry of a function")]
    BeamNotAnEntry {
        /// The label.
        label: u32,
    },
    /// A label no instruction defines.
    #[error("label {label} is used but never defined")]
    BeamUndefinedLabel {
        /// The label.
        label: u32,
    },
    /// An operand of the wrong form for its instruction.
    #[error("{instruction}: expected {what}")]
    BeamBadOperand {
        /// The generic instruction.
        instruction: &'static str,
        /// What the operand should have been.
        what: &'static str,
    },
    /// A generic instruction girder does not run.
    #[error("the instruction {instruction} cannot be loaded: {reason}")]
    BeamUnsupported {
        /// The generic instruction.
        instruction: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// A line table of a version this girder does not read.
    #[error("line table version {found}; this girder reads version 0")]
    BeamLineVersion {
        /// The version found.
        found: u32,
    },
}

/// Names the kind of operand a destination's bad tag belongs to.
fn destination_tag_name(tag: &u32) -> &'static str {
    if *tag == crate::Src::INT_TAG {
        "an integer"
    } else {
        "a literal"
    }
}

/// One past the last pool entry of a span, without overflow.
fn span_end(start: &u32, len: &u32) -> u64 {
    u64::from(*start) + u64::from(*len)
}

/// `1 byte`, `2 bytes`: a count and its noun.
fn plural<N: fmt::Display + PartialEq + From<u8>>(count: &N, noun: &str) -> String {
    if *count == N::from(1) {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

/// `1 byte is`, `2 bytes are`: how many bytes are left.
fn left(count: &usize) -> String {
    if *count == 1 {
        "1 byte is".to_string()
    } else {
        format!("{count} bytes are")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_load_error_stays_small() {
        // Every decoding function returns `Result<_, LoadError>`; keep it below
        // clippy's `result_large_err` threshold of 128 bytes.
        assert!(std::mem::size_of::<LoadError>() < 128);
    }

    #[test]
    fn atoms_are_quoted_as_erlang_writes_them() {
        assert_eq!(QuotedAtom("main").to_string(), "main");
        assert_eq!(QuotedAtom("+").to_string(), "'+'");
        assert_eq!(QuotedAtom("-main/1-fun-0-").to_string(), "'-main/1-fun-0-'");
        assert_eq!(QuotedAtom("it's").to_string(), "'it\\'s'");
        assert_eq!(QuotedAtom("Upper").to_string(), "'Upper'");
    }

    #[test]
    fn the_line_names_every_part_of_the_place() {
        let error = LoadError::new(ErrorKind::LabelOutsideFunction { label: 12, start: 0, end: 9 })
            .in_section(Section::Code)
            .at_offset(0x1f3)
            .at(Location::Instruction { function: Some(FunctionName { name: "main".into(), arity: 1 }), instr: 4 })
            .with_file("hello.gbc");
        assert_eq!(
            error.to_string(),
            "hello.gbc: code section, offset 0x1f3, in function main/1 at instruction 4: \
             label 12 is outside the function (instructions 0..9)"
        );
        let error = LoadError::new(ErrorKind::EmptyAtom).in_section(Section::Atoms).at(Location::Entry(0));
        assert_eq!(error.to_string(), "atoms section, atom 0: the module name is empty");
    }
}
