//! The decoded form of a module: what the assembler builds, the encoder
//! writes, the decoder reads back and the verifier checks.
//!
//! The [`Instr`] enum is generated from the one instruction table in
//! `girder-spec`; each operand kind maps to one Rust type here.

use num_bigint::BigInt;

/// An index into the module's atom table ([`Module::atoms`]).
pub type AtomIndex = u32;

/// An instruction index in [`Module::code`]: what labels resolve to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label(pub u32);

/// A fail label, or none: "raise the error instead of jumping".
///
/// Packed in 32 bits (`u32::MAX` is none) to keep [`Instr`] small.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fail(u32);

impl Fail {
    /// No fail label: the error is raised.
    pub const NONE: Fail = Fail(u32::MAX);

    /// Jump to `label` on failure.
    pub fn to(label: Label) -> Fail {
        debug_assert!(label.0 != u32::MAX);
        Fail(label.0)
    }

    /// The label, or `None` when the error is raised.
    #[inline(always)]
    pub fn label(self) -> Option<Label> {
        (self.0 != u32::MAX).then_some(Label(self.0))
    }
}

impl std::fmt::Debug for Fail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.label().fmt(f)
    }
}

/// A source operand packed in 32 bits: an x register, a y register, a small
/// integer, or an index into the module's literal table.
///
/// The two low bits are the tag ([`Src::X_TAG`] …); the rest is the payload
/// (for [`Src::INT_TAG`], a signed 30-bit integer).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Src(u32);

/// What a [`Src`] refers to, unpacked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SrcKind {
    /// x register N.
    X(u32),
    /// y register N of the current frame.
    Y(u32),
    /// A small integer held in the operand itself.
    Int(i32),
    /// Literal N of [`Module::literals`].
    Literal(u32),
}

impl Src {
    /// Tag of an x register.
    pub const X_TAG: u32 = 0;
    /// Tag of a y register.
    pub const Y_TAG: u32 = 1;
    /// Tag of a small integer.
    pub const INT_TAG: u32 = 2;
    /// Tag of a literal-table index.
    pub const LITERAL_TAG: u32 = 3;
    /// The smallest integer a [`Src`] holds directly.
    pub const INT_MIN: i64 = -(1 << 29);
    /// The largest integer a [`Src`] holds directly.
    pub const INT_MAX: i64 = (1 << 29) - 1;
    /// The largest register or literal index a [`Src`] holds.
    pub const INDEX_MAX: u32 = (1 << 30) - 1;

    /// x register `n`.
    pub fn x(n: u32) -> Src {
        debug_assert!(n <= Self::INDEX_MAX);
        Src(n << 2 | Self::X_TAG)
    }
    /// y register `n`.
    pub fn y(n: u32) -> Src {
        debug_assert!(n <= Self::INDEX_MAX);
        Src(n << 2 | Self::Y_TAG)
    }
    /// A small integer; `None` when it does not fit in 30 bits.
    pub fn int(value: i64) -> Option<Src> {
        (Self::INT_MIN..=Self::INT_MAX).contains(&value).then_some(Src(((value as i32 as u32) << 2) | Self::INT_TAG))
    }
    /// Literal `n` of the module's literal table.
    pub fn literal(n: u32) -> Src {
        debug_assert!(n <= Self::INDEX_MAX);
        Src(n << 2 | Self::LITERAL_TAG)
    }
    /// The packed 32-bit form, as encoded in bytecode.
    pub fn to_bits(self) -> u32 {
        self.0
    }
    /// Rebuilds a source from its packed form; every bit pattern is some source.
    pub fn from_bits(bits: u32) -> Src {
        Src(bits)
    }
    /// Unpacks the source.
    #[inline(always)]
    pub fn kind(self) -> SrcKind {
        match self.0 & 3 {
            Self::X_TAG => SrcKind::X(self.0 >> 2),
            Self::Y_TAG => SrcKind::Y(self.0 >> 2),
            Self::INT_TAG => SrcKind::Int((self.0 as i32) >> 2),
            _ => SrcKind::Literal(self.0 >> 2),
        }
    }
}

impl std::fmt::Debug for Src {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.kind().fmt(f)
    }
}

/// A destination register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dst {
    /// x register N.
    X(u32),
    /// y register N of the current frame.
    Y(u32),
}

impl Dst {
    /// The same register as a source.
    pub fn as_src(self) -> Src {
        match self {
            Dst::X(n) => Src::x(n),
            Dst::Y(n) => Src::y(n),
        }
    }
}

/// A slice of one of the module's operand pools: `len` entries from `start`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Span {
    /// The first entry's index in its pool.
    pub start: u32,
    /// The number of entries.
    pub len: u32,
}

impl Span {
    /// The span as a range of pool indices.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..(self.start as usize + self.len as usize)
    }
}

/// A list of sources: a span of [`Module::src_pool`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Srcs(pub Span);
/// A list of y registers: a span of [`Module::y_pool`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Ys(pub Span);
/// A jump table: a span of [`Module::case_pool`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Cases(pub Span);
/// Key/value source pairs: a span of [`Module::key_val_pool`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct KeyVals(pub Span);
/// Key/destination pairs: a span of [`Module::key_dst_pool`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct KeyDsts(pub Span);

/// Maps an operand kind of the table to the Rust type of the decoded operand.
#[macro_export]
#[doc(hidden)]
macro_rules! operand_type {
    (U) => {
        u32
    };
    (S) => {
        $crate::Src
    };
    (D) => {
        $crate::Dst
    };
    (Y) => {
        u32
    };
    (Fr) => {
        u32
    };
    (L) => {
        $crate::Label
    };
    (Fail) => {
        $crate::Fail
    };
    (A) => {
        $crate::AtomIndex
    };
    (F) => {
        u32
    };
    (E) => {
        u32
    };
    (B) => {
        u32
    };
    (Lam) => {
        u32
    };
    (Srcs) => {
        $crate::Srcs
    };
    (Ys) => {
        $crate::Ys
    };
    (Cases) => {
        $crate::Cases
    };
    (KeyVals) => {
        $crate::KeyVals
    };
    (KeyDsts) => {
        $crate::KeyDsts
    };
}

macro_rules! define_instr {
    ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*], [$($effect:tt)*],
       $cost:literal, $doc:literal;)*) => {
        /// One decoded instruction; operands are typed by their kind in the table.
        ///
        /// Operand meanings (`U` = [`u32`] count, `F` = function index, `E`/`B` =
        /// import index, `Lam` = fun-table index, `A` = atom index, `Y` = y register)
        /// are in `spec/ISA.md`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Instr {
            $(
                #[doc = $doc]
                $variant($($crate::operand_type!($kind)),*),
            )*
        }

        /// The rows of the table in table order, which is the order of
        /// `girder_spec::INSTRUCTIONS`: a variant's discriminant here is its
        /// row's index there.
        #[allow(dead_code)]
        enum Row {
            $($variant,)*
        }

        impl Instr {
            /// The instruction's row in the table.
            #[inline]
            pub fn info(&self) -> &'static girder_spec::OpInfo {
                match self {
                    $(Instr::$variant(..) => &girder_spec::INSTRUCTIONS[Row::$variant as usize],)*
                }
            }

            /// The instruction's opcode number.
            pub fn opcode(&self) -> u8 {
                match self {
                    $(Instr::$variant(..) => $op,)*
                }
            }
        }
    };
}
girder_spec::for_each_instruction!(define_instr);

impl Literal {
    /// The bitstring of the first `size` bits of `bytes` (which must hold
    /// them): a `Binary` when `size` is a whole number of bytes, otherwise a
    /// `Bitstring` with the unused low bits of its last byte cleared.
    pub fn bitstring(mut bytes: Vec<u8>, size: u64) -> Literal {
        bytes.truncate(size.div_ceil(8) as usize);
        let last_bits = (size % 8) as u8;
        match bytes.last_mut() {
            Some(last) if last_bits > 0 => {
                *last &= 0xff << (8 - last_bits);
                Literal::Bitstring { bytes, last_bits }
            }
            _ => Literal::Binary(bytes),
        }
    }
}

/// A literal term in portable tree form, as stored in the literal table.
///
/// This is the edge representation (decision 1 allows a tree here); the VM
/// turns each literal into tagged words once, when the module is loaded.
#[derive(Clone, Debug, PartialEq)]
pub enum Literal {
    /// An integer that fits in 64 bits.
    Int(i64),
    /// An integer that does not fit in 64 bits.
    BigInt(BigInt),
    /// A float (never NaN or infinite: Erlang has neither).
    Float(f64),
    /// An atom of the module's atom table.
    Atom(AtomIndex),
    /// The empty list `[]`.
    Nil,
    /// A list of elements and its tail (`Nil` for a proper list); never empty.
    List(Vec<Literal>, Box<Literal>),
    /// A tuple.
    Tuple(Vec<Literal>),
    /// A map, as key/value pairs in the order written (the VM sorts them).
    Map(Vec<(Literal, Literal)>),
    /// A binary: a bitstring of whole bytes.
    Binary(Vec<u8>),
    /// A bitstring whose size is not a whole number of bytes: `bytes`, of
    /// which the last holds `last_bits` bits (1 to 7) in its high bits, its
    /// low bits zero. [`Literal::bitstring`] makes one, or a `Binary` when
    /// the size is whole bytes, so each bitstring has one form.
    Bitstring {
        /// The bytes, at least one; the last one partial.
        bytes: Vec<u8>,
        /// The bits used in the last byte, 1 to 7.
        last_bits: u8,
    },
    /// An external fun, `fun Module:Function/Arity` (arity at most
    /// [`MAX_FUN_ARITY`]).
    ExportFun {
        /// The module's atom.
        module: AtomIndex,
        /// The function's atom.
        function: AtomIndex,
        /// The number of arguments.
        arity: u32,
    },
}

/// The largest arity an external fun has (Erlang's limit for funs).
pub const MAX_FUN_ARITY: u32 = 255;

/// An external function a module calls: `module:name/arity`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Import {
    /// The module's atom.
    pub module: AtomIndex,
    /// The function's atom.
    pub function: AtomIndex,
    /// The number of arguments.
    pub arity: u32,
}

/// A function of the module: a contiguous range of [`Module::code`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Function {
    /// The function's name.
    pub name: AtomIndex,
    /// The number of arguments.
    pub arity: u32,
    /// The first instruction: where calls enter.
    pub entry: Label,
    /// One past the last instruction of the function.
    pub end: u32,
}

/// A fun (lambda) of the module: its implementing function and how many of
/// its leading arguments are captured free variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FunEntry {
    /// The implementing local function (index in [`Module::functions`]).
    pub function: u32,
    /// The number of free variables; the fun's own arity is the function's
    /// arity minus this.
    pub num_free: u32,
}

/// A source location for crash stacks: instructions from `instr` on (up to
/// the next entry) come from line `line` of file `file`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct LineEntry {
    /// The first instruction the line applies to.
    pub instr: u32,
    /// The source line number.
    pub line: u32,
    /// The source file: 0 when the module names none, N for
    /// [`Module::files`]`[N - 1]`.
    pub file: u32,
}

/// A whole module, decoded.
///
/// Atom 0 is always the module's own name. Functions are sorted by their
/// code range and together cover all of [`Module::code`].
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Module {
    /// The atom table; index 0 is the module's name.
    pub atoms: Vec<String>,
    /// The literal table.
    pub literals: Vec<Literal>,
    /// The import table: external functions and BIFs called.
    pub imports: Vec<Import>,
    /// The exported functions, as indices into [`Module::functions`].
    pub exports: Vec<u32>,
    /// The functions, in code order.
    pub functions: Vec<Function>,
    /// The fun table.
    pub funs: Vec<FunEntry>,
    /// The code of all functions, back to back.
    pub code: Vec<Instr>,
    /// Line annotations, sorted by instruction.
    pub lines: Vec<LineEntry>,
    /// The source files that line annotations name (a module compiled from
    /// Erlang names its own source and the headers it includes).
    pub files: Vec<String>,
    /// The module's attributes as a literal (a list of `{Name, Values}`),
    /// for `module_info(attributes)`; `None` when the module has none to
    /// report. Carried from BEAM files; `.gbc` files do not hold it.
    pub attributes: Option<u32>,
    /// The compile information as a literal (a list of `{Key, Value}`),
    /// for `module_info(compile)`; carried as [`Module::attributes`] is.
    pub compile_info: Option<u32>,
    /// Pool for [`Srcs`] operands.
    pub src_pool: Vec<Src>,
    /// Pool for [`Ys`] operands.
    pub y_pool: Vec<u32>,
    /// Pool for [`Cases`] operands.
    pub case_pool: Vec<(Src, Label)>,
    /// Pool for [`KeyVals`] operands.
    pub key_val_pool: Vec<(Src, Src)>,
    /// Pool for [`KeyDsts`] operands.
    pub key_dst_pool: Vec<(Src, Dst)>,
}

impl Module {
    /// The module's name (atom 0).
    pub fn name(&self) -> &str {
        self.atoms.first().map(String::as_str).unwrap_or("")
    }

    /// The sources of a [`Srcs`] operand.
    pub fn srcs(&self, list: Srcs) -> &[Src] {
        &self.src_pool[list.0.range()]
    }
    /// The registers of a [`Ys`] operand.
    pub fn ys(&self, list: Ys) -> &[u32] {
        &self.y_pool[list.0.range()]
    }
    /// The pairs of a [`Cases`] operand.
    pub fn cases(&self, list: Cases) -> &[(Src, Label)] {
        &self.case_pool[list.0.range()]
    }
    /// The pairs of a [`KeyVals`] operand.
    pub fn key_vals(&self, list: KeyVals) -> &[(Src, Src)] {
        &self.key_val_pool[list.0.range()]
    }
    /// The pairs of a [`KeyDsts`] operand.
    pub fn key_dsts(&self, list: KeyDsts) -> &[(Src, Dst)] {
        &self.key_dst_pool[list.0.range()]
    }

    /// The index of the function whose code holds instruction `instr`.
    pub fn function_at(&self, instr: u32) -> Option<usize> {
        let position = self.functions.partition_point(|function| function.end <= instr);
        (position < self.functions.len() && self.functions[position].entry.0 <= instr).then_some(position)
    }

    /// The source location of instruction `instr`, when the module has line
    /// annotations for it: the file's name (when the module names one) and
    /// the line.
    pub fn line_at(&self, instr: u32) -> Option<(Option<&str>, u32)> {
        let position = self.lines.partition_point(|entry| entry.instr <= instr);
        let entry = self.lines.get(position.checked_sub(1)?)?;
        let file = entry.file.checked_sub(1).and_then(|index| self.files.get(index as usize));
        Some((file.map(String::as_str), entry.line))
    }

    /// The index of the exported function `name/arity`.
    pub fn find_export(&self, name: &str, arity: u32) -> Option<u32> {
        self.exports.iter().copied().find(|&index| {
            let function = &self.functions[index as usize];
            function.arity == arity && self.atoms[function.name as usize] == name
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn src_packs_and_unpacks() {
        assert_eq!(Src::x(5).kind(), SrcKind::X(5));
        assert_eq!(Src::y(1023).kind(), SrcKind::Y(1023));
        assert_eq!(Src::literal(7).kind(), SrcKind::Literal(7));
        for value in [0, 1, -1, Src::INT_MIN, Src::INT_MAX, 12345, -98765] {
            assert_eq!(Src::int(value).unwrap().kind(), SrcKind::Int(value as i32));
        }
        assert!(Src::int(Src::INT_MAX + 1).is_none());
        assert!(Src::int(Src::INT_MIN - 1).is_none());
    }

    #[test]
    fn instr_knows_its_row() {
        let instr = Instr::Move(Src::x(0), Dst::Y(1));
        assert_eq!(instr.info().name, "move");
        assert_eq!(instr.opcode(), 16);
        // The binary match's segment instructions carry BEAM's seven
        // operands (fail, context, live, size, unit, flags, destination):
        // 32 bytes of operands and the variant's tag.
        assert!(std::mem::size_of::<Instr>() <= 36, "Instr grew to {} bytes", std::mem::size_of::<Instr>());
    }
}
