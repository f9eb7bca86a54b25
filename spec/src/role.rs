//! What an instruction's operands mean, and what the instruction does to
//! control flow and to the x registers it does not name.
//!
//! An operand kind says how an operand is written and encoded; a [`Role`]
//! says what it means: a `U` may be an arity, a live count, a frame size or
//! a heap need, and each of those does something different to the frame and
//! the registers. Every row of the instruction table names the role of each
//! operand and declares an [`Effect`]: its [`Flow`] and the x registers it
//! reads or writes without naming them. The loader's analyses (frames,
//! markers, x registers, float registers, live counts) are written over
//! roles and flows: the loader gives every role its meaning to each analysis
//! in one exhaustive table, and the analyses match those meanings and the
//! flows exhaustively, so a new role or flow does not build until every
//! analysis has decided what it means, and a new row needs no analysis to be
//! touched as long as its roles and flow say everything it does.

use crate::OperandKind;

/// Declares [`Role`] with its allowed operand kinds and one line of meaning.
macro_rules! roles {
    ($($role:ident: [$($kind:ident)|+], $meaning:literal;)*) => {
        /// What an operand means to the instruction that has it.
        ///
        /// Each role allows one or a few operand kinds ([`Role::kinds`]); a
        /// test of this crate checks every row of the table against them.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Role {
            $(#[doc = $meaning] $role,)*
        }

        impl Role {
            /// Every role, in declaration order.
            pub const ALL: &'static [Role] = &[$(Role::$role),*];

            /// The role's name, as written in the table and in `ISA.md`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Role::$role => stringify!($role),)*
                }
            }

            /// The operand kinds an operand of this role may have.
            pub fn kinds(self) -> &'static [OperandKind] {
                match self {
                    $(Role::$role => &[$(OperandKind::$kind),+],)*
                }
            }

            /// One line on what an operand of this role means.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Role::$role => $meaning,)*
                }
            }
        }
    };
}

roles! {
    // ---- counts ----
    Arity: [U], "The number of arguments of a call, passed in x0..x(N-1).";
    FunArity: [U], "The number of arguments of a fun call, in x0..x(N-1), the fun being in x(N).";
    ApplyArity: [U], "The number of arguments of an `apply`, in x0..x(N-1), the module and function being in x(N) and x(N+1).";
    Live: [U], "The x registers x0..x(N-1) that hold values: the instruction may collect, which keeps only them.";
    StackNeed: [U], "The y registers of the frame the instruction creates, where there was none.";
    HeapNeed: [U], "The free heap words the instruction ensures.";
    FrameSize: [U], "The y registers of the frame the instruction removes: the frame must have exactly so many.";
    Dropped: [U], "The y registers dropped from the bottom of the frame.";
    Kept: [U], "The y registers the frame keeps after dropping some.";
    Index: [U], "A 0-based position in a tuple.";
    Size: [U], "The number of elements a tuple must have.";
    Unit: [U], "The unit of a binary segment (1 to 256): its size counts units of this many bits.";
    Flags: [U], "The flags of a binary segment, as BEAM encodes them: 2 little-endian, 4 signed, 16 native-endian (other bits ignored).";
    Bits: [U], "A number of bits of a binary match.";
    // ---- registers ----
    Src: [S], "A value the instruction reads.";
    Dst: [D], "A register the instruction writes.";
    Updated: [D], "A register the instruction reads and then writes.";
    FloatSrc: [Fr], "A float register the instruction reads: it must have been written earlier in the same stretch of code (not across a call, a receive or a handler).";
    FloatDst: [Fr], "A float register the instruction writes.";
    MarkTry: [Y], "The y register where the instruction installs the marker of a `try`.";
    MarkCatch: [Y], "The y register where the instruction installs the marker of a `catch`.";
    EndTry: [Y], "The y register whose `try` marker the instruction removes, the protected code having finished.";
    HandleTry: [Y], "The y register whose `try` marker the instruction removes as a handler's first instruction.";
    HandleCatch: [Y], "The y register whose `catch` marker the instruction removes; it may be a handler's first instruction.";
    // ---- labels ----
    Target: [L], "A label the instruction jumps to, carrying every register.";
    Fail: [L | Fail], "A label the instruction jumps to when its test or operation fails, carrying every register; `none` raises instead.";
    Handler: [L], "The label an exception reaches while the instruction's marker is installed, with no x register.";
    Retry: [L], "The label a waiting receive continues at when a message arrives, with no x register.";
    // ---- names ----
    Atom: [A], "An atom the instruction compares against.";
    Local: [F], "The local function the instruction calls.";
    External: [E], "The external function the instruction calls.";
    Bif: [B], "The built-in function the instruction calls.";
    Lam: [Lam], "The fun the instruction builds.";
    // ---- lists ----
    Args: [Srcs], "The arguments of a BIF, read in order.";
    Elements: [Srcs], "The elements of a term the instruction builds, read in order.";
    Free: [Srcs], "The free variables a fun captures, read in order: as many as the fun table says.";
    Keys: [Srcs], "Keys the instruction looks up, read in order.";
    Init: [Ys], "y registers the instruction initialises.";
    Cases: [Cases], "Constant values and the labels to jump to on each, carrying every register.";
    ArityCases: [Cases], "Tuple arities (non-negative integers) and the labels to jump to on each, carrying every register.";
    Pairs: [KeyVals], "Keys and values the instruction reads, in pairs.";
    Fields: [KeyDsts], "Keys the instruction reads and the registers it writes their values to, in pairs.";
    Segments: [Srcs], "The segments of a binary the instruction builds, six sources each: type (an atom), segment number, unit, flags (a list of atoms), value and size; read in order.";
}

/// Declares [`Flow`] with one line of meaning per variant.
macro_rules! flows {
    ($($flow:ident, $meaning:literal;)*) => {
        /// Where execution goes after an instruction, and what a call does to
        /// the registers and the frame.
        ///
        /// The labels an instruction may jump to are its label roles; the
        /// flow says whether it also goes on to the next instruction, and how.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Flow {
            $(#[doc = $meaning] $flow,)*
        }

        impl Flow {
            /// Every flow, in declaration order.
            pub const ALL: &'static [Flow] = &[$(Flow::$flow),*];

            /// The flow's name, as written in the table and in `ISA.md`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Flow::$flow => stringify!($flow),)*
                }
            }

            /// One line on what the flow means.
            pub fn meaning(self) -> &'static str {
                match self {
                    $(Flow::$flow => $meaning,)*
                }
            }
        }
    };
}

flows! {
    Next, "Goes on to the next instruction (and to its labels, if it has any).";
    Branch, "Leaves only by its labels.";
    Raise, "Always raises an exception.";
    FunctionClause, "Raises `function_clause`, reading the enclosing function's arguments.";
    Call, "Calls and returns to the next instruction: needs a frame (for the return address); every x register but the result in x0 is lost; a receive of the caller's is taken as having ended. A call of a BIF that never returns does not return.";
    BifCall, "Calls a built-in operation and goes on: as `Call`, but needs no frame.";
    TailCall, "Calls without returning here: removes the frame its `FrameSize` names, or needs none.";
    Return, "Returns to the caller: needs no frame.";
    Wait, "Suspends until a message arrives, then continues at its `Retry` label; never goes on.";
    WaitTimeout, "As `Wait`, but goes on with no x register when the timeout expires; its timeout is read only when no receive timer runs.";
    EndReceive, "Goes on, the receive timer being stopped.";
}

/// What an instruction does beyond what its operands' roles say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Effect {
    /// Where execution goes after it.
    pub flow: Flow,
    /// It reads x0..x(reads-1) without naming them (`return` reads x0).
    pub reads: u8,
    /// It writes x0..x(writes-1) without naming them (`try_case` writes x0..x2).
    pub writes: u8,
}

impl Effect {
    /// The effect as written in the table and in `ISA.md`: `Return, reads 1`.
    pub fn text(&self) -> String {
        let mut text = self.flow.name().to_string();
        if self.reads > 0 {
            text.push_str(&format!(", reads {}", self.reads));
        }
        if self.writes > 0 {
            text.push_str(&format!(", writes {}", self.writes));
        }
        text
    }
}
