//! The parsed form of an assembly source, before names are resolved.
//!
//! Operands are parsed into [`Expr`] trees by one grammar for every kind; the
//! kind an instruction expects decides later what a tree may be and means.

use crate::diagnostic::Span;
use num_bigint::BigInt;

/// One parsed operand or literal term.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Expr {
    /// What was written.
    pub(crate) kind: ExprKind,
    /// Where it was written.
    pub(crate) span: Span,
}

/// The forms an operand can take.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ExprKind {
    /// An unquoted lowercase word: an atom, a register (`x3`) or `none`.
    Word(String),
    /// A quoted atom: always an atom, even when it is spelled like a register.
    QuotedAtom(String),
    /// An integer, possibly negative.
    Integer(BigInt),
    /// A float.
    Float(f64),
    /// A string: a list of character codes.
    Str(Vec<u32>),
    /// A list with its elements and, when written with `|`, its tail.
    List(Vec<Expr>, Option<Box<Expr>>),
    /// A tuple.
    Tuple(Vec<Expr>),
    /// A map, as its key/value pairs in written order.
    Map(Vec<(Expr, Expr)>),
    /// A bitstring, as its segments (integers and strings, an integer
    /// perhaps with a size in bits).
    Binary(Vec<Segment>),
    /// A label reference: `@name`.
    LabelRef(String),
    /// A local function: `name/arity`.
    LocalFunction(FunctionName),
    /// An external function: `module:name/arity`.
    ExternalFunction(String, FunctionName),
    /// An external fun term: `fun module:name/arity`.
    ExportFun(String, FunctionName),
}

/// A segment of a bitstring literal: a value, and for `Value:Size` the
/// size in bits and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Segment {
    /// The value: an integer or a string.
    pub(crate) value: Expr,
    /// The size, when written (`5:3`).
    pub(crate) size: Option<(BigInt, Span)>,
}

/// A function name with its arity, as written: `name/arity`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct FunctionName {
    /// The function's name.
    pub(crate) name: String,
    /// The number of arguments.
    pub(crate) arity: u32,
}

/// One meaningful line (or part of a line) of the source.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Statement {
    /// `.module name`
    Module {
        /// The module's name.
        name: String,
        /// The directive's whole text.
        span: Span,
    },
    /// `.export f/1, g/2`
    Export {
        /// The exported functions and where each is written.
        functions: Vec<(FunctionName, Span)>,
        /// Where the directive's name is written.
        span: Span,
    },
    /// `.function name/arity`
    Function {
        /// The function's name and arity.
        function: FunctionName,
        /// Where the name and arity are written.
        span: Span,
    },
    /// `.line N` or `.line N, "file"`
    Line {
        /// The source line number the next instructions come from.
        number: u32,
        /// The source file they come from, when one is named.
        file: Option<String>,
        /// The directive's text.
        span: Span,
    },
    /// `name:` at the start of a line.
    Label {
        /// The label's name.
        name: String,
        /// Where the name is written.
        span: Span,
    },
    /// An instruction with its operands.
    Instruction(Instruction),
}

/// An instruction as written.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Instruction {
    /// The instruction's name.
    pub(crate) name: String,
    /// Where the name is written.
    pub(crate) name_span: Span,
    /// The operands, or `None` when they could not be parsed (the error is
    /// already reported; the instruction still takes its place in the code).
    pub(crate) operands: Option<Vec<Expr>>,
    /// The whole instruction's text.
    pub(crate) span: Span,
}
