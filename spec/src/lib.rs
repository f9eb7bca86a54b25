//! The one instruction table and the one BIF table of girder.
//!
//! Every other piece of girder is derived from the two tables in this crate:
//! the decoded instruction enum, the encoder and decoder, the verifier, the
//! assembler's operand parsing, the disassembler, the interpreter's BIF
//! dispatch array and `spec/ISA.md`. A test fails when `ISA.md` and the table
//! disagree (see [`isa_markdown`]).
//!
//! The tables are `macro_rules!` "callback" macros: [`for_each_instruction!`]
//! and [`for_each_bif!`] call a macro you name with every row, so each
//! consumer generates exactly the code it needs from the same rows.
//!
//! Opcode numbers are an ABI: they are only ever appended, a retired number is
//! never reused, and changing a number, an operand list or a meaning bumps
//! [`FORMAT_VERSION`].

#![forbid(unsafe_code)]

pub mod ext_tag;
mod isa_doc;
mod role;

pub use isa_doc::isa_markdown;
pub use role::{Effect, Flow, Role};

/// The magic bytes at the start of every girder bytecode file.
pub const MAGIC: [u8; 4] = *b"GIRD";

/// The bytecode format version this build reads and writes.
///
/// Bumped whenever an opcode number, an operand list, an operand encoding or
/// an instruction's meaning changes.
pub const FORMAT_VERSION: u16 = 3;

/// The largest number of x registers a function may use (BEAM's `MAX_REG`).
pub const MAX_X_REGS: u32 = 1024;

/// The largest number of y registers (stack slots) one frame may hold.
pub const MAX_Y_REGS: u32 = 1024;

/// The largest number of float registers a function may use.
///
/// Float registers hold unboxed floats between the float instructions of
/// one block of code (`fload` … `fstore`); they never live across a call,
/// a receive or a return.
pub const MAX_FLOAT_REGS: u32 = 1024;

/// The kinds of operand an instruction can take.
///
/// The kind decides how an operand is written in assembly, how it is encoded
/// in bytecode, which Rust type the decoder produces for it, and what the
/// verifier checks about it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum OperandKind {
    /// An unsigned count or index, such as an arity, a stack size or a heap need.
    U,
    /// A source: an x register, a y register, a small integer or a literal term.
    S,
    /// A destination: an x register or a y register.
    D,
    /// A y register (a stack slot of the current frame).
    Y,
    /// A label in the same function.
    L,
    /// A fail label in the same function, or `none`, meaning "raise the error".
    Fail,
    /// An atom from the module's atom table.
    A,
    /// A local function, written `name/arity`.
    F,
    /// An external function, written `module:name/arity`, through the import table.
    E,
    /// A built-in function, written `module:name/arity`, through the import table;
    /// the verifier checks that the import names a BIF of the BIF table.
    B,
    /// A fun (lambda) of this module, written as the local function `name/arity`
    /// that implements it; recorded in the module's fun table.
    Lam,
    /// A list of sources, written `[S, S, ...]`.
    Srcs,
    /// A list of y registers, written `[y0, y3, ...]`.
    Ys,
    /// A jump table, written `[Value, @label, Value, @label, ...]`.
    Cases,
    /// A list of key/value sources, written `[Key, Value, Key, Value, ...]`.
    KeyVals,
    /// A list of keys and destinations, written `[Key, Dst, Key, Dst, ...]`.
    KeyDsts,
    /// A float register, written `fr0`, `fr1`, …, below [`MAX_FLOAT_REGS`].
    Fr,
}

impl OperandKind {
    /// Every operand kind, in declaration order.
    pub const ALL: [OperandKind; 17] = [
        OperandKind::U,
        OperandKind::S,
        OperandKind::D,
        OperandKind::Y,
        OperandKind::L,
        OperandKind::Fail,
        OperandKind::A,
        OperandKind::F,
        OperandKind::E,
        OperandKind::B,
        OperandKind::Lam,
        OperandKind::Srcs,
        OperandKind::Ys,
        OperandKind::Cases,
        OperandKind::KeyVals,
        OperandKind::KeyDsts,
        OperandKind::Fr,
    ];

    /// The short name used in the table and in `ISA.md`.
    pub fn name(self) -> &'static str {
        match self {
            OperandKind::U => "U",
            OperandKind::S => "S",
            OperandKind::D => "D",
            OperandKind::Y => "Y",
            OperandKind::L => "L",
            OperandKind::Fail => "Fail",
            OperandKind::A => "A",
            OperandKind::F => "F",
            OperandKind::E => "E",
            OperandKind::B => "B",
            OperandKind::Lam => "Lam",
            OperandKind::Srcs => "Srcs",
            OperandKind::Ys => "Ys",
            OperandKind::Cases => "Cases",
            OperandKind::KeyVals => "KeyVals",
            OperandKind::KeyDsts => "KeyDsts",
            OperandKind::Fr => "Fr",
        }
    }

    /// One sentence on how the operand is written in assembly.
    pub fn syntax(self) -> &'static str {
        match self {
            OperandKind::U => "an unsigned integer: `3`",
            OperandKind::S => "`xN`, `yN` or a literal term: `x0`, `y2`, `42`, `ok`, `{a, \"b\"}`",
            OperandKind::D => "`xN` or `yN`",
            OperandKind::Y => "`yN`",
            OperandKind::L => "`@label`",
            OperandKind::Fail => "`@label`, or `none` to raise the error instead",
            OperandKind::A => "an atom: `ok`, `'EXIT'`",
            OperandKind::F => "a local function: `loop/2`",
            OperandKind::E => "an external function: `lists:reverse/1`",
            OperandKind::B => "a BIF: `erlang:'+'/2`",
            OperandKind::Lam => "the local function implementing the fun: `'-main/1-fun-0-'/2`",
            OperandKind::Srcs => "a list of sources: `[x0, 1, y2]`",
            OperandKind::Ys => "a list of y registers: `[y0, y1]`",
            OperandKind::Cases => "value/label pairs: `[1, @one, foo, @foo]`",
            OperandKind::KeyVals => "key/value pairs of sources: `[a, x1, b, 2]`",
            OperandKind::KeyDsts => "key/destination pairs: `[a, x1, b, y0]`",
            OperandKind::Fr => "`frN`: `fr0`",
        }
    }
}

/// One row of the instruction table.
#[derive(Clone, Copy, Debug)]
pub struct OpInfo {
    /// The opcode number: an ABI, append-only.
    pub opcode: u8,
    /// The assembly name, as in BEAM's `genop.tab` where BEAM has the instruction.
    pub name: &'static str,
    /// The operand kinds, in order.
    pub operands: &'static [OperandKind],
    /// The operands' roles, in the same order as their kinds.
    pub roles: &'static [Role],
    /// What the instruction does to control flow and to the x registers it
    /// does not name.
    pub effect: Effect,
    /// Reductions the instruction costs each time it runs (BIFs add their own).
    pub cost: u32,
    /// One line on what the instruction does and how it fails.
    pub doc: &'static str,
}

/// Calls `$callback!` once with every instruction of the table.
///
/// Each row is `opcode, name, Variant, [Role: Kind, ...], [Flow, reads N,
/// writes N], cost, "doc"`: each operand's [`Role`] and [`OperandKind`], and
/// the instruction's [`Effect`] (`reads` and `writes` are optional). The
/// callback receives all rows at once, separated by `;`, so it can build an
/// enum, a match or an array in one expansion, ignoring what it does not need:
///
/// ```
/// macro_rules! count {
///     ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*], [$($effect:tt)*],
///        $cost:literal, $doc:literal;)*) => {
///         [$($op),*].len()
///     };
/// }
/// assert!(girder_spec::for_each_instruction!(count) > 50);
/// ```
#[macro_export]
macro_rules! for_each_instruction {
    ($callback:ident) => {
        $callback! {
            // ---- functions, calls and frames ----
            1, func_info, FuncInfo, [], [FunctionClause], 0, "Raise `function_clause` for the enclosing function, its arguments being x0..x(arity-1).";
            2, call, Call, [Arity: U, Local: F], [Call], 1, "Call local function F whose arity is U; the return address is saved in the frame; x0 holds the result on return.";
            3, call_last, CallLast, [Arity: U, Local: F, FrameSize: U], [TailCall], 1, "Deallocate U (the third operand) stack words, then jump to local function F (a tail call).";
            4, call_only, CallOnly, [Arity: U, Local: F], [TailCall], 1, "Jump to local function F without touching the frame (a tail call from a function with no frame).";
            5, call_ext, CallExt, [Arity: U, External: E], [Call], 1, "Call external function E with U arguments; an unknown module or function raises `undef`. `erlang:apply(Fun, Args)` and `erlang:apply(M, F, Args)` spread Args over x0.. and call as `call_fun` and `apply` do (`badarg` for an improper list).";
            6, call_ext_last, CallExtLast, [Arity: U, External: E, FrameSize: U], [TailCall], 1, "Deallocate U (the third operand) stack words, then tail-call external function E.";
            7, call_ext_only, CallExtOnly, [Arity: U, External: E], [TailCall], 1, "Tail-call external function E from a function with no frame.";
            8, return, Return, [], [Return, reads 1], 0, "Return to the address saved in the current frame; the result is in x0.";
            9, jump, Jump, [Target: L], [Branch], 0, "Continue at label L.";
            10, allocate, Allocate, [StackNeed: U, Live: U], [Next], 0, "Push a frame of U (first) y registers and a return address; U (second) x registers are live.";
            11, allocate_heap, AllocateHeap, [StackNeed: U, HeapNeed: U, Live: U], [Next], 0, "As `allocate` with U (first) y registers, also ensuring U (second) free heap words; U (third) x registers are live.";
            12, test_heap, TestHeap, [HeapNeed: U, Live: U], [Next], 0, "Ensure U (first) free heap words, collecting if needed; U (second) x registers are live.";
            13, deallocate, Deallocate, [FrameSize: U], [Next], 0, "Pop the frame of U y registers pushed by `allocate`, restoring the return address.";
            14, trim, Trim, [Dropped: U, Kept: U], [Next], 0, "Drop the first U (first) y registers of the frame, keeping U (second) of them.";
            15, init_yregs, InitYregs, [Init: Ys], [Next], 0, "Set each listed y register to `[]` so the collector never reads garbage.";
            // ---- moving data ----
            16, move, Move, [Src: S, Dst: D], [Next], 0, "Copy S into D.";
            17, swap, Swap, [Updated: D, Updated: D], [Next], 0, "Exchange the contents of two registers.";
            // ---- type tests: continue at the fail label when the test is false ----
            20, is_integer, IsInteger, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is an integer (small or big).";
            21, is_float, IsFloat, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a float.";
            22, is_number, IsNumber, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is an integer or a float.";
            23, is_atom, IsAtom, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is an atom.";
            24, is_pid, IsPid, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a pid.";
            25, is_reference, IsReference, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a reference.";
            26, is_nil, IsNil, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is `[]`.";
            27, is_nonempty_list, IsNonemptyList, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a cons cell.";
            28, is_list, IsList, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is `[]` or a cons cell.";
            29, is_tuple, IsTuple, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a tuple.";
            30, is_binary, IsBinary, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a binary.";
            31, is_function, IsFunction, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a fun.";
            32, is_function2, IsFunction2, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless S (first) is a fun taking S (second) arguments.";
            33, is_map, IsMap, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a map.";
            34, is_boolean, IsBoolean, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is `true` or `false`.";
            35, test_arity, TestArity, [Fail: L, Src: S, Size: U], [Next], 0, "Jump to L unless S is a tuple of arity U.";
            36, is_tagged_tuple, IsTaggedTuple, [Fail: L, Src: S, Size: U, Atom: A], [Next], 0, "Jump to L unless S is a tuple of arity U whose first element is atom A.";
            // ---- comparisons: continue at the fail label when the comparison is false ----
            37, is_eq_exact, IsEqExact, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless the operands are exactly equal (`=:=`).";
            38, is_ne_exact, IsNeExact, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless the operands are not exactly equal (`=/=`).";
            39, is_eq, IsEq, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless the operands compare equal (`==`: 1 == 1.0).";
            40, is_ne, IsNe, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless the operands compare unequal (`/=`).";
            41, is_lt, IsLt, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless S (first) < S (second) in Erlang's term order.";
            42, is_ge, IsGe, [Fail: L, Src: S, Src: S], [Next], 0, "Jump to L unless S (first) >= S (second) in Erlang's term order.";
            43, select_val, SelectVal, [Src: S, Fail: L, Cases: Cases], [Branch], 0, "Jump to the label paired with the value exactly equal to S, or to L when none is.";
            44, select_tuple_arity, SelectTupleArity, [Src: S, Fail: L, ArityCases: Cases], [Branch], 0, "S is a tuple: jump to the label paired with its arity, or to L when none is.";
            // ---- lists and tuples ----
            50, get_list, GetList, [Src: S, Dst: D, Dst: D], [Next], 0, "S is a cons cell: put its head in D (first) and its tail in D (second).";
            51, get_hd, GetHd, [Src: S, Dst: D], [Next], 0, "S is a cons cell: put its head in D.";
            52, get_tl, GetTl, [Src: S, Dst: D], [Next], 0, "S is a cons cell: put its tail in D.";
            53, put_list, PutList, [Src: S, Src: S, Dst: D], [Next], 0, "Build the cons cell `[S (first) | S (second)]` in D; the heap space was ensured by `test_heap`.";
            54, put_tuple2, PutTuple2, [Dst: D, Elements: Srcs], [Next], 0, "Build a tuple of the listed sources in D; the heap space was ensured by `test_heap`.";
            55, get_tuple_element, GetTupleElement, [Src: S, Index: U, Dst: D], [Next], 0, "S is a tuple: put its element U (0-based) in D.";
            56, set_tuple_element, SetTupleElement, [Src: S, Src: S, Index: U], [Next], 0, "Destructively set element U (0-based) of the tuple S (second) to S (first); only on a tuple just built.";
            // ---- maps ----
            57, put_map_assoc, PutMapAssoc, [Fail: Fail, Src: S, Dst: D, Live: U, Pairs: KeyVals], [Next], 0, "Put the pairs into map S (`=>`), result in D; U x registers are live. Not a map: `{badmap, S}`.";
            58, put_map_exact, PutMapExact, [Fail: Fail, Src: S, Dst: D, Live: U, Pairs: KeyVals], [Next], 0, "Update existing keys of map S (`:=`), result in D; U x registers live. A missing key: `{badkey, K}`.";
            59, has_map_fields, HasMapFields, [Fail: L, Src: S, Keys: Srcs], [Next], 0, "Jump to L unless map S has every listed key.";
            60, get_map_elements, GetMapElements, [Fail: L, Src: S, Fields: KeyDsts], [Next], 0, "Jump to L unless map S has every listed key; otherwise put each value in its destination.";
            // ---- funs and apply ----
            65, make_fun, MakeFun, [Lam: Lam, Dst: D, Free: Srcs], [Next], 0, "Build a fun of Lam capturing the listed sources as its free variables, in D.";
            66, call_fun, CallFun, [FunArity: U], [Call], 1, "Call the fun in x(U) with the U arguments in x0..; not a fun: `{badfun, F}`; wrong arity: `{badarity, {F, Args}}`.";
            67, apply, Apply, [ApplyArity: U], [Call], 1, "Call x(U):x(U+1) with the U arguments in x0..; unknown: `undef`.";
            68, apply_last, ApplyLast, [ApplyArity: U, FrameSize: U], [TailCall], 1, "Deallocate U (second) stack words, then tail-`apply` with U (first) arguments.";
            69, call_fun_last, CallFunLast, [FunArity: U, FrameSize: U], [TailCall], 1, "Deallocate U (second) stack words, then tail-call the fun in x(U) with U (first) arguments.";
            // ---- built-in functions ----
            70, bif, Bif, [Fail: Fail, Bif: B, Args: Srcs, Dst: D], [Next], 0, "Call BIF B (which never collects) with the listed arguments, result in D; on error jump to Fail, or raise when Fail is `none`.";
            71, gc_bif, GcBif, [Fail: Fail, Live: U, Bif: B, Args: Srcs, Dst: D], [Next], 0, "As `bif` for a BIF that may allocate and collect; U x registers are live.";
            // ---- exceptions ----
            75, try, Try, [MarkTry: Y, Handler: L], [Next], 0, "Install a handler at L for the code up to `try_end`, marking it in Y.";
            76, try_end, TryEnd, [EndTry: Y], [Next], 0, "Remove the handler marked in Y: the protected code finished normally.";
            77, try_case, TryCase, [HandleTry: Y], [Next, writes 3], 0, "At a handler: remove the mark in Y; x0, x1, x2 hold class, reason and stack trace.";
            78, try_case_end, TryCaseEnd, [Src: S], [Raise], 0, "Raise `{try_clause, S}`: no clause of a `try ... of` matched.";
            79, catch, Catch, [MarkCatch: Y, Handler: L], [Next], 0, "Install an old-style `catch` handler at L, marking it in Y.";
            80, catch_end, CatchEnd, [HandleCatch: Y], [Next, writes 1], 0, "End a `catch`: on an exception, turn x0 into the value `catch` yields (`{'EXIT', ...}` or the thrown term).";
            81, raise, Raise, [Src: S, Src: S], [Raise], 0, "Re-raise: S (first) is a stack trace from `try_case`, S (second) the reason; the class is the one recorded in the trace.";
            82, badmatch, Badmatch, [Src: S], [Raise], 0, "Raise `{badmatch, S}`.";
            83, case_end, CaseEnd, [Src: S], [Raise], 0, "Raise `{case_clause, S}`.";
            84, if_end, IfEnd, [], [Raise], 0, "Raise `if_clause`.";
            85, build_stacktrace, BuildStacktrace, [], [Next, reads 1, writes 1], 0, "Turn the raw stack trace in x0 (from `try_case`) into a list of `{M, F, A, Location}` tuples.";
            // ---- processes and messages ----
            90, send, Send, [], [BifCall, reads 2], 1, "Send x1 to x0 (a pid or a registered name); x0 becomes the message. An unknown name raises `badarg`.";
            91, remove_message, RemoveMessage, [], [EndReceive], 0, "Remove the message at the receive cursor from the mailbox, cancel the receive timer and reset the cursor.";
            92, timeout, Timeout, [], [EndReceive], 0, "The receive timed out: reset the cursor to the first message.";
            93, loop_rec, LoopRec, [Fail: L, Dst: D], [Next], 0, "Put the message at the receive cursor in D, or jump to L when none is left to scan.";
            94, loop_rec_end, LoopRecEnd, [Target: L], [Branch], 0, "Advance the receive cursor past the current message and continue at L.";
            95, wait, Wait, [Retry: L], [Wait], 0, "Suspend until a new message arrives, then continue at L (the scan resumes where it stopped).";
            96, wait_timeout, WaitTimeout, [Retry: L, Src: S], [WaitTimeout], 0, "As `wait`, but after S milliseconds (or `infinity`) continue at the next instruction; a timeout that is negative, not an integer, or 2^32 or more raises `timeout_value`, as in OTP.";
            // ---- floats: unboxed in float registers between fload/fconv and fstore ----
            100, fload, Fload, [Src: S, FloatDst: Fr], [Next], 0, "S is a float: put its value in the float register; not a float: `badarg`.";
            101, fstore, Fstore, [FloatSrc: Fr, Dst: D], [Next], 0, "Box the float register's value as a float in D; the two heap words were ensured by `test_heap`.";
            102, fconv, Fconv, [Src: S, FloatDst: Fr], [Next], 0, "Convert the number S to a float in the float register; not a number: `badarith`.";
            103, fadd, Fadd, [FloatSrc: Fr, FloatSrc: Fr, FloatDst: Fr], [Next], 0, "Fr (third) = Fr (first) + Fr (second); a result that is not finite raises `badarith`.";
            104, fsub, Fsub, [FloatSrc: Fr, FloatSrc: Fr, FloatDst: Fr], [Next], 0, "Fr (third) = Fr (first) - Fr (second); a result that is not finite raises `badarith`.";
            105, fmul, Fmul, [FloatSrc: Fr, FloatSrc: Fr, FloatDst: Fr], [Next], 0, "Fr (third) = Fr (first) * Fr (second); a result that is not finite raises `badarith`.";
            106, fdiv, Fdiv, [FloatSrc: Fr, FloatSrc: Fr, FloatDst: Fr], [Next], 0, "Fr (third) = Fr (first) / Fr (second); a result that is not finite (division by zero included) raises `badarith`.";
            107, fnegate, Fnegate, [FloatSrc: Fr, FloatDst: Fr], [Next], 0, "Fr (second) = -Fr (first).";
            // ---- receive markers: a receive that follows make_ref() skips the older messages ----
            110, recv_marker_reserve, RecvMarkerReserve, [Dst: D], [Next], 0, "Reserve a marker at the current end of the mailbox and put an opaque term naming it in D.";
            111, recv_marker_bind, RecvMarkerBind, [Src: S, Src: S], [Next], 0, "Bind the marker S (first) to the reference S (second); anything else: no effect.";
            112, recv_marker_use, RecvMarkerUse, [Src: S], [Next], 0, "When a marker is bound to the reference S, start the next scan of the receive at the marker, past the messages that came before it; otherwise no effect.";
            113, recv_marker_clear, RecvMarkerClear, [Src: S], [Next], 0, "Drop the marker bound to the reference S, if any.";
            // ---- more tests and raises ----
            114, badrecord, Badrecord, [Src: S], [Raise], 0, "Raise `{badrecord, S}`.";
            115, is_bitstr, IsBitstr, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a bitstring: any number of bits, a binary or not.";
            116, is_port, IsPort, [Fail: L, Src: S], [Next], 0, "Jump to L unless S is a port: girder has none, so always jump.";
            117, raw_raise, RawRaise, [], [Next, reads 3, writes 1], 0, "Raise with class x0 (`error`, `exit` or `throw`), reason x1 and the stack trace x2 from `try_case`; any other class puts `badarg` in x0 and goes on, as OTP does.";
            // ---- binary construction (the segment list and BEAM's flags: see ISA.md) ----
            118, bs_create_bin, BsCreateBin, [Fail: Fail, HeapNeed: U, Live: U, Dst: D, Segments: Srcs], [Next], 0, "Build a bitstring of the listed segments in D, collecting first if needed (U, the second, x registers live) and leaving U (the first) free heap words; a bad value or size raises `badarg` (`system_limit` for a size too large) with the segment's `error_info`, or jumps to Fail.";
            119, bs_init_writable, BsInitWritable, [], [Next, reads 1, writes 1], 0, "Replace x0, a size in bytes, by an empty binary with room to append that many bytes in place.";
            120, bs_init2, BsInit2, [Fail: Fail, Src: S, HeapNeed: U, Live: U, Dst: D], [Next], 0, "Start building a binary of S bytes in D, to be filled by the `bs_put_*` that follow; a size that is not a non-negative integer raises `badarg` or jumps to Fail.";
            121, bs_init_bits, BsInitBits, [Fail: Fail, Src: S, HeapNeed: U, Live: U, Dst: D], [Next], 0, "As `bs_init2`, with the size in bits.";
            122, bs_put_integer, BsPutInteger, [Fail: Fail, Src: S, Unit: U, Flags: U, Src: S], [Next], 0, "Write integer S (second) in S (first) times U bits into the binary being built; not an integer or a bad size: `badarg` or Fail.";
            123, bs_put_binary, BsPutBinary, [Fail: Fail, Src: S, Unit: U, Flags: U, Src: S], [Next], 0, "Write S (first) times U bits (or all, when S is `all`) of bitstring S (second) into the binary being built; `badarg` or Fail.";
            124, bs_put_float, BsPutFloat, [Fail: Fail, Src: S, Unit: U, Flags: U, Src: S], [Next], 0, "Write number S (second) as a float of S (first) times U bits (16, 32 or 64) into the binary being built; `badarg` or Fail.";
            125, bs_put_string, BsPutString, [Src: S], [Next], 0, "Write the bytes of the binary S into the binary being built.";
            126, bs_put_utf8, BsPutUtf8, [Fail: Fail, Flags: U, Src: S], [Next], 0, "Write code point S in UTF-8 into the binary being built; not a code point: `badarg` or Fail.";
            127, bs_put_utf16, BsPutUtf16, [Fail: Fail, Flags: U, Src: S], [Next], 0, "Write code point S in UTF-16 into the binary being built; not a code point: `badarg` or Fail.";
            128, bs_put_utf32, BsPutUtf32, [Fail: Fail, Flags: U, Src: S], [Next], 0, "Write code point S in UTF-32 into the binary being built; not a code point: `badarg` or Fail.";
            129, bs_append, BsAppend, [Fail: Fail, Src: S, Live: U, Unit: U, Src: S, Dst: D], [Next], 0, "Start building, in D, bitstring S (second) followed by S (first) more bits, in place when S (second) allows it; its size not a multiple of U: `badarg` or Fail.";
            130, bs_private_append, BsPrivateAppend, [Fail: Fail, Src: S, Unit: U, Src: S, Dst: D], [Next], 0, "As `bs_append`, without collecting, for a binary only this code holds.";
            131, bs_add, BsAdd, [Fail: Fail, Src: S, Src: S, Unit: U, Dst: D], [Next], 0, "D = S (first) + S (second) times U, for sizes: either not a non-negative integer raises `badarg` or jumps to Fail.";
            132, bs_utf8_size, BsUtf8Size, [Fail: Fail, Src: S, Dst: D], [Next], 0, "D = the bytes code point S takes in UTF-8 (anything else: 4; `bs_put_utf8` checks it).";
            133, bs_utf16_size, BsUtf16Size, [Fail: Fail, Src: S, Dst: D], [Next], 0, "D = the bytes code point S takes in UTF-16 (anything else: 4; `bs_put_utf16` checks it).";
            // ---- binary matching: a match context (from `bs_start_match3`/`4`) in a register; a segment that does not match jumps to L ----
            150, bs_start_match3, BsStartMatch3, [Fail: L, Src: S, Live: U, Dst: D], [Next], 0, "Start a match of the bitstring S: a new match context at its first bit in D (a match context given as S is reused as it is); not a bitstring: jump to L. U x registers are live.";
            151, bs_start_match4, BsStartMatch4, [Fail: Fail, Live: U, Src: S, Dst: D], [Next], 0, "As `bs_start_match3`, with the live count first; with no fail label (BEAM's `no_fail` and `resume`) anything but a bitstring or a match context raises `badarg`.";
            152, bs_get_integer2, BsGetInteger2, [Fail: L, Src: S, Live: U, Src: S, Unit: U, Flags: U, Dst: D], [Next], 0, "Match an integer of S (second) times U (second) bits of the match context S (first) into D, by the flags (signed, little- or native-endian); too few bits left, or a size that is not a non-negative integer: jump to L. U (first) x registers are live.";
            153, bs_get_float2, BsGetFloat2, [Fail: L, Src: S, Live: U, Src: S, Unit: U, Flags: U, Dst: D], [Next], 0, "Match a float of 16, 32 or 64 bits (S (second) times U (second); 0 bits are 0.0, as in OTP) into D; any other size, too few bits, or a NaN or infinity: jump to L. U (first) x registers are live.";
            154, bs_get_binary2, BsGetBinary2, [Fail: L, Src: S, Live: U, Src: S, Unit: U, Flags: U, Dst: D], [Next], 0, "Match a bitstring of S (second) times U (second) bits, or of all the bits left when S (second) is `all` (their number a multiple of U), into D, sharing the matched bytes; otherwise jump to L. U (first) x registers are live.";
            155, bs_skip_bits2, BsSkipBits2, [Fail: L, Src: S, Src: S, Unit: U, Flags: U], [Next], 0, "Skip S (second) times U bits of the match context S (first), or all the bits left for `all` (a multiple of U); too few bits or a bad size: jump to L.";
            156, bs_test_tail2, BsTestTail2, [Fail: L, Src: S, Bits: U], [Next], 0, "Jump to L unless exactly U bits of the match context S are left.";
            157, bs_test_unit, BsTestUnit, [Fail: L, Src: S, Unit: U], [Next], 0, "Jump to L unless the number of bits left in the match context S is a multiple of U.";
            158, bs_match_string, BsMatchString, [Fail: L, Src: S, Bits: U, Src: S], [Next], 0, "Jump to L unless the next U bits of the match context S (first) are the first U bits of the bitstring S (second), and skip them; S (second) shorter than U bits, or no bitstring: `badarg`.";
            159, bs_get_tail, BsGetTail, [Src: S, Dst: D, Live: U], [Next], 0, "The bits left in the match context S, as a bitstring sharing them, in D; U x registers are live.";
            160, bs_get_position, BsGetPosition, [Src: S, Dst: D, Live: U], [Next], 0, "The position of the match context S, an opaque small integer for `bs_set_position`, in D; U x registers are live.";
            161, bs_set_position, BsSetPosition, [Src: S, Src: S], [Next], 0, "Move the match context S (first) back to the position S (second) taken by `bs_get_position`; a position outside the match: `badarg`.";
            162, bs_get_utf8, BsGetUtf8, [Fail: L, Src: S, Live: U, Flags: U, Dst: D], [Next], 0, "Match a UTF-8 encoded code point of the match context S into D; an invalid, overlong, surrogate or truncated sequence: jump to L. U x registers are live.";
            163, bs_skip_utf8, BsSkipUtf8, [Fail: L, Src: S, Live: U, Flags: U], [Next], 0, "Skip a UTF-8 encoded code point of the match context S, failing to L as `bs_get_utf8` does.";
            164, bs_get_utf16, BsGetUtf16, [Fail: L, Src: S, Live: U, Flags: U, Dst: D], [Next], 0, "Match a UTF-16 encoded code point (one unit or a surrogate pair, little-endian by the flags) into D; a lone surrogate or too few bits: jump to L. U x registers are live.";
            165, bs_skip_utf16, BsSkipUtf16, [Fail: L, Src: S, Live: U, Flags: U], [Next], 0, "Skip a UTF-16 encoded code point, failing to L as `bs_get_utf16` does.";
            166, bs_get_utf32, BsGetUtf32, [Fail: L, Src: S, Live: U, Flags: U, Dst: D], [Next], 0, "Match a UTF-32 encoded code point (little-endian by the flags) into D; a surrogate, a value above 16#10FFFF or too few bits: jump to L. U x registers are live.";
            167, bs_skip_utf32, BsSkipUtf32, [Fail: L, Src: S, Live: U, Flags: U], [Next], 0, "Skip a UTF-32 encoded code point, failing to L as `bs_get_utf32` does.";
        }
    };
}

macro_rules! op_info_table {
    ($($op:literal, $name:ident, $variant:ident, [$($role:ident: $kind:ident),*],
       [$flow:ident $(, reads $reads:literal)? $(, writes $writes:literal)?], $cost:literal, $doc:literal;)*) => {
        /// Every instruction of the table, in opcode order.
        pub static INSTRUCTIONS: &[OpInfo] = &[
            $(OpInfo {
                opcode: $op,
                name: stringify!($name),
                operands: &[$(OperandKind::$kind),*],
                roles: &[$(Role::$role),*],
                effect: Effect { flow: Flow::$flow, reads: 0 $(+ $reads)?, writes: 0 $(+ $writes)? },
                cost: $cost,
                doc: $doc,
            },)*
        ];
    };
}
for_each_instruction!(op_info_table);

/// Finds the instruction with the given assembly name.
pub fn instruction_by_name(name: &str) -> Option<&'static OpInfo> {
    INSTRUCTIONS.iter().find(|info| info.name == name)
}

/// Finds the instruction with the given opcode number.
pub fn instruction_by_opcode(opcode: u8) -> Option<&'static OpInfo> {
    INSTRUCTIONS.iter().find(|info| info.opcode == opcode)
}

/// Whether a BIF may allocate on the process heap (and so needs `gc_bif`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BifGc {
    /// The BIF never allocates; call it with `bif`.
    NoGc,
    /// The BIF may allocate and collect; call it with `gc_bif` or `call_ext`.
    Gc,
}

/// Whether a call of a BIF may return to its caller.
///
/// A call of a BIF that never returns needs no frame (the return address is
/// never used), and the code after it is reached from elsewhere or not at all.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BifReturn {
    /// The BIF returns a value (or raises on bad arguments).
    Returns,
    /// The BIF always raises: `erlang:error/1,2,3`, `erlang:exit/1`,
    /// `erlang:throw/1`, `erlang:nif_error/1,2`.
    NeverReturns,
}

/// One row of the BIF table.
#[derive(Clone, Copy, Debug)]
pub struct BifInfo {
    /// The BIF's index: its position in the table and in the VM's dispatch array.
    pub index: u16,
    /// The module, such as `erlang` or `lists`.
    pub module: &'static str,
    /// The function name, such as `+` or `reverse`.
    pub name: &'static str,
    /// The number of arguments.
    pub arity: u8,
    /// The base reduction cost; BIFs that walk data add to it as they work.
    pub cost: u32,
    /// Whether the BIF may allocate on the heap.
    pub gc: BifGc,
    /// Whether a call of the BIF ever returns.
    pub returns: BifReturn,
    /// One line on what the BIF does.
    pub doc: &'static str,
}

impl BifInfo {
    /// The module OTP 25 names in the `error_info` of the frame a failing
    /// call of this BIF leaves on top of the stack trace
    /// (`{erlang, '+', [1, a], [{error_info, #{module => erl_erts_errors}}]}`),
    /// or `None` when OTP shows no `error_info` for it.
    ///
    /// Every function of `erlang` reports through `erl_erts_errors`, those
    /// written in Erlang as well (they raise with `error_info` too); every
    /// function of `maps` and `math` through `erl_stdlib_errors`; the native
    /// functions of `atomics` and `persistent_term`, and the `erts_internal`
    /// ones behind `counters` and `atomics:new/2`, through `erl_erts_errors`.
    /// Of `lists`, only the
    /// functions OTP implements natively do; the others are Erlang code in
    /// OTP, whose failures are plain `function_clause` errors.
    pub fn error_info_module(&self) -> Option<&'static str> {
        match (self.module, self.name, self.arity) {
            ("erlang", ..) => Some("erl_erts_errors"),
            ("maps", ..) | ("math", ..) | ("binary", ..) | ("unicode", ..) | ("ets", ..) => Some("erl_stdlib_errors"),
            ("atomics", ..) | ("persistent_term", ..) => Some("erl_erts_errors"),
            ("erts_internal", name, _) if name.starts_with("counters_") || name == "atomics_new" => {
                Some("erl_erts_errors")
            }
            ("os", ..) => Some("erl_kernel_errors"),
            ("lists", "reverse", 2)
            | ("lists", "member", 2)
            | ("lists", "keyfind", 3)
            | ("lists", "keymember", 3)
            | ("lists", "keysearch", 3) => Some("erl_stdlib_errors"),
            _ => None,
        }
    }
}

/// Calls `$callback!` once with every BIF of the table.
///
/// Each row is `index, module, "name", arity, cost, NoGc|Gc, handler_path, "doc"`,
/// where `handler_path` is the path of the implementing function below the VM's
/// `bif` module. Indices are dense and in order.
#[macro_export]
macro_rules! for_each_bif {
    ($callback:ident) => {
        $callback! {
            // ---- arithmetic ----
            0, erlang, "+", 2, 1, Gc, Returns, arith::add, "Add two numbers.";
            1, erlang, "-", 2, 1, Gc, Returns, arith::sub, "Subtract the second number from the first.";
            2, erlang, "*", 2, 1, Gc, Returns, arith::mul, "Multiply two numbers.";
            3, erlang, "/", 2, 1, Gc, Returns, arith::fdiv, "Divide, giving a float.";
            4, erlang, "div", 2, 1, Gc, Returns, arith::int_div, "Integer division, truncating toward zero.";
            5, erlang, "rem", 2, 1, Gc, Returns, arith::int_rem, "Integer remainder, with the sign of the dividend.";
            6, erlang, "-", 1, 1, Gc, Returns, arith::neg, "Negate a number.";
            7, erlang, "+", 1, 1, NoGc, Returns, arith::plus, "Unary plus: the number itself.";
            8, erlang, "band", 2, 1, Gc, Returns, arith::band, "Bitwise and of two integers.";
            9, erlang, "bor", 2, 1, Gc, Returns, arith::bor, "Bitwise or of two integers.";
            10, erlang, "bxor", 2, 1, Gc, Returns, arith::bxor, "Bitwise exclusive or of two integers.";
            11, erlang, "bnot", 1, 1, Gc, Returns, arith::bnot, "Bitwise complement of an integer.";
            12, erlang, "bsl", 2, 1, Gc, Returns, arith::bsl, "Shift an integer left.";
            13, erlang, "bsr", 2, 1, Gc, Returns, arith::bsr, "Shift an integer right, arithmetically.";
            14, erlang, "abs", 1, 1, Gc, Returns, arith::abs, "Absolute value of a number.";
            15, erlang, "float", 1, 1, Gc, Returns, arith::float, "Convert a number to a float.";
            16, erlang, "trunc", 1, 1, Gc, Returns, arith::trunc, "Truncate a number toward zero.";
            17, erlang, "round", 1, 1, Gc, Returns, arith::round, "Round a number to the nearest integer.";
            // ---- comparison and logic ----
            18, erlang, "==", 2, 1, NoGc, Returns, compare::eq, "Compare equal, numbers by value.";
            19, erlang, "/=", 2, 1, NoGc, Returns, compare::ne, "Compare unequal, numbers by value.";
            20, erlang, "=:=", 2, 1, NoGc, Returns, compare::exact_eq, "Compare exactly equal.";
            21, erlang, "=/=", 2, 1, NoGc, Returns, compare::exact_ne, "Compare exactly unequal.";
            22, erlang, "<", 2, 1, NoGc, Returns, compare::lt, "Less than, in term order.";
            23, erlang, ">", 2, 1, NoGc, Returns, compare::gt, "Greater than, in term order.";
            24, erlang, "=<", 2, 1, NoGc, Returns, compare::le, "Less than or equal, in term order.";
            25, erlang, ">=", 2, 1, NoGc, Returns, compare::ge, "Greater than or equal, in term order.";
            26, erlang, "not", 1, 1, NoGc, Returns, compare::not, "Boolean negation.";
            27, erlang, "and", 2, 1, NoGc, Returns, compare::and, "Boolean and of two booleans.";
            28, erlang, "or", 2, 1, NoGc, Returns, compare::or, "Boolean or of two booleans.";
            29, erlang, "xor", 2, 1, NoGc, Returns, compare::xor, "Boolean exclusive or.";
            // ---- type tests as functions ----
            30, erlang, "is_integer", 1, 1, NoGc, Returns, types::is_integer, "Whether the term is an integer.";
            31, erlang, "is_float", 1, 1, NoGc, Returns, types::is_float, "Whether the term is a float.";
            32, erlang, "is_number", 1, 1, NoGc, Returns, types::is_number, "Whether the term is a number.";
            33, erlang, "is_atom", 1, 1, NoGc, Returns, types::is_atom, "Whether the term is an atom.";
            34, erlang, "is_list", 1, 1, NoGc, Returns, types::is_list, "Whether the term is a list (empty or not).";
            35, erlang, "is_tuple", 1, 1, NoGc, Returns, types::is_tuple, "Whether the term is a tuple.";
            36, erlang, "is_map", 1, 1, NoGc, Returns, types::is_map, "Whether the term is a map.";
            37, erlang, "is_pid", 1, 1, NoGc, Returns, types::is_pid, "Whether the term is a pid.";
            38, erlang, "is_function", 1, 1, NoGc, Returns, types::is_function, "Whether the term is a fun.";
            39, erlang, "is_binary", 1, 1, NoGc, Returns, types::is_binary, "Whether the term is a binary.";
            40, erlang, "is_boolean", 1, 1, NoGc, Returns, types::is_boolean, "Whether the term is `true` or `false`.";
            41, erlang, "is_reference", 1, 1, NoGc, Returns, types::is_reference, "Whether the term is a reference.";
            // ---- tuples and lists ----
            42, erlang, "element", 2, 1, NoGc, Returns, data::element, "The N-th (1-based) element of a tuple.";
            43, erlang, "setelement", 3, 1, Gc, Returns, data::setelement, "A copy of a tuple with the N-th element replaced.";
            44, erlang, "tuple_size", 1, 1, NoGc, Returns, data::tuple_size, "The number of elements of a tuple.";
            45, erlang, "make_tuple", 2, 1, Gc, Returns, data::make_tuple, "A tuple of N copies of a term.";
            46, erlang, "tuple_to_list", 1, 1, Gc, Returns, data::tuple_to_list, "The elements of a tuple as a list.";
            47, erlang, "list_to_tuple", 1, 1, Gc, Returns, data::list_to_tuple, "A tuple of the elements of a proper list.";
            48, erlang, "length", 1, 1, NoGc, Returns, data::length, "The length of a proper list.";
            49, erlang, "hd", 1, 1, NoGc, Returns, data::hd, "The head of a non-empty list.";
            50, erlang, "tl", 1, 1, NoGc, Returns, data::tl, "The tail of a non-empty list.";
            51, erlang, "++", 2, 1, Gc, Returns, data::append, "Append two lists.";
            52, erlang, "--", 2, 1, Gc, Returns, data::subtract, "Remove the elements of the second list from the first, once each.";
            53, erlang, "size", 1, 1, NoGc, Returns, data::size, "The size of a tuple or a binary.";
            54, erlang, "byte_size", 1, 1, NoGc, Returns, data::byte_size, "The number of bytes of a bitstring (a partial last byte counted whole).";
            // ---- conversions ----
            55, erlang, "atom_to_list", 1, 1, Gc, Returns, convert::atom_to_list, "The characters of an atom's name.";
            56, erlang, "list_to_atom", 1, 1, NoGc, Returns, convert::list_to_atom, "The atom with the given characters, created if new.";
            57, erlang, "integer_to_list", 1, 1, Gc, Returns, convert::integer_to_list, "The decimal digits of an integer.";
            58, erlang, "list_to_integer", 1, 1, Gc, Returns, convert::list_to_integer, "The integer written by a string of decimal digits.";
            59, erlang, "float_to_list", 1, 1, Gc, Returns, convert::float_to_list, "A float written in scientific notation, as Erlang does.";
            60, erlang, "list_to_float", 1, 1, Gc, Returns, convert::list_to_float, "The float written by a string.";
            61, erlang, "integer_to_binary", 1, 1, Gc, Returns, convert::integer_to_binary, "The decimal digits of an integer as a binary.";
            62, erlang, "binary_to_list", 1, 1, Gc, Returns, convert::binary_to_list, "The bytes of a binary as a list.";
            63, erlang, "list_to_binary", 1, 1, Gc, Returns, convert::list_to_binary, "The bytes of an iolist as a binary.";
            64, erlang, "atom_to_binary", 1, 1, Gc, Returns, convert::atom_to_binary, "An atom's name as a UTF-8 binary.";
            65, erlang, "binary_to_atom", 1, 1, NoGc, Returns, convert::binary_to_atom, "The atom named by a UTF-8 binary.";
            66, erlang, "integer_to_list", 2, 1, Gc, Returns, convert::integer_to_list_base, "The digits of an integer in a base from 2 to 36.";
            // ---- exceptions and misc ----
            67, erlang, "error", 1, 1, NoGc, NeverReturns, exception::error, "Raise an exception of class `error`.";
            68, erlang, "error", 2, 1, NoGc, NeverReturns, exception::error2, "Raise an `error` with the given arguments recorded in the stack trace.";
            69, erlang, "throw", 1, 1, NoGc, NeverReturns, exception::throw, "Raise an exception of class `throw`.";
            70, erlang, "exit", 1, 1, NoGc, NeverReturns, exception::exit, "Raise an exception of class `exit`.";
            71, erlang, "make_ref", 0, 1, Gc, Returns, process::make_ref, "A new unique reference.";
            72, erlang, "self", 0, 1, NoGc, Returns, process::self_pid, "The calling process's pid.";
            73, erlang, "node", 0, 1, NoGc, Returns, process::node, "The name of the local node (`nonode@nohost` when not distributed).";
            74, erlang, "halt", 0, 1, NoGc, Returns, process::halt, "Stop the whole VM with status 0.";
            75, erlang, "halt", 1, 1, NoGc, Returns, process::halt1, "Stop the whole VM with the given status.";
            // ---- lists module ----
            76, lists, "reverse", 1, 1, Gc, Returns, lists::reverse, "A list in reverse order.";
            77, lists, "reverse", 2, 1, Gc, Returns, lists::reverse2, "The first list reversed, in front of the second.";
            78, lists, "append", 2, 1, Gc, Returns, lists::append, "Append two lists.";
            79, lists, "seq", 2, 1, Gc, Returns, lists::seq, "The integers from the first to the second.";
            80, lists, "nth", 2, 1, NoGc, Returns, lists::nth, "The N-th (1-based) element of a list.";
            81, lists, "member", 2, 1, NoGc, Returns, lists::member, "Whether a term is an element of a list.";
            82, lists, "keyfind", 3, 1, NoGc, Returns, lists::keyfind, "The first tuple whose N-th element equals the key, or `false`.";
            83, lists, "sum", 1, 1, Gc, Returns, lists::sum, "The sum of a list of numbers.";
            84, lists, "last", 1, 1, NoGc, Returns, lists::last, "The last element of a non-empty list.";
            85, lists, "sort", 1, 1, Gc, Returns, lists::sort, "A list sorted in term order.";
            86, lists, "append", 1, 1, Gc, Returns, lists::concat, "Concatenate a list of lists.";
            87, lists, "duplicate", 2, 1, Gc, Returns, lists::duplicate, "A list of N copies of a term.";
            // ---- maps module ----
            88, maps, "get", 2, 1, NoGc, Returns, maps::get, "The value of a key; a missing key raises `{badkey, K}`.";
            89, maps, "get", 3, 1, NoGc, Returns, maps::get3, "The value of a key, or the default.";
            90, maps, "put", 3, 1, Gc, Returns, maps::put, "A map with the key set to the value.";
            91, maps, "find", 2, 1, Gc, Returns, maps::find, "`{ok, Value}` for a key, or `error`.";
            92, maps, "remove", 2, 1, Gc, Returns, maps::remove, "A map without the key.";
            93, maps, "keys", 1, 1, Gc, Returns, maps::keys, "The keys of a map, in term order.";
            94, maps, "values", 1, 1, Gc, Returns, maps::values, "The values of a map, in key order.";
            95, maps, "from_list", 1, 1, Gc, Returns, maps::from_list, "A map of a list of `{Key, Value}` pairs; later pairs win.";
            96, maps, "to_list", 1, 1, Gc, Returns, maps::to_list, "The `{Key, Value}` pairs of a map, in key order.";
            97, maps, "is_key", 2, 1, NoGc, Returns, maps::is_key, "Whether the map has the key.";
            98, maps, "size", 1, 1, NoGc, Returns, maps::size, "The number of keys of a map.";
            99, erlang, "map_size", 1, 1, NoGc, Returns, maps::size, "The number of keys of a map.";
            100, maps, "new", 0, 1, Gc, Returns, maps::new, "An empty map.";
            101, erlang, "map_get", 2, 1, NoGc, Returns, maps::get, "The value of a key; a missing key raises `{badkey, K}`.";
            102, erlang, "is_map_key", 2, 1, NoGc, Returns, maps::is_key, "Whether the map has the key.";
            // ---- output ----
            103, io, "format", 1, 1, Gc, Returns, io::format1, "Print a format string to the caller's group leader (a group leader that is a process gets it from `io:format/3`).";
            104, io, "format", 2, 1, Gc, Returns, io::format2, "Print a format string with arguments (`~p ~w ~P ~W ~s ~b ~c ~f ~n ~~`) to the caller's group leader (a group leader that is a process gets it from `io:format/3`).";
            105, io, "put_chars", 1, 1, NoGc, Returns, io::put_chars, "Print an iolist or binary to the caller's group leader (a group leader that is a process gets it from `io:put_chars/2`).";
            106, io_lib, "format", 2, 1, Gc, Returns, io::io_lib_format, "Format like `io:format/2`, returning the characters as a list.";
            107, erlang, "display", 1, 1, NoGc, Returns, io::display, "Print a term in external `~w` form and a newline.";
            108, erlang, "monotonic_time", 0, 1, Gc, Returns, process::monotonic_time, "Monotonic time in nanoseconds (girder's native unit).";
            109, erlang, "monotonic_time", 1, 1, Gc, Returns, process::monotonic_time1, "Monotonic time in a time unit: `second`, `millisecond`, `microsecond`, `nanosecond`, `native`, `perf_counter`, the deprecated plural names, or parts per second.";
            // ---- processes ----
            110, erlang, "spawn", 1, 10, Gc, Returns, processes::spawn1, "Start a process running a fun of no arguments; returns its pid.";
            111, erlang, "spawn", 3, 10, Gc, Returns, processes::spawn3, "Start a process running `Module:Function(Args...)`; returns its pid.";
            112, erlang, "spawn_link", 1, 10, Gc, Returns, processes::spawn_link1, "As `spawn/1`, linking the new process to the caller.";
            113, erlang, "spawn_link", 3, 10, Gc, Returns, processes::spawn_link3, "As `spawn/3`, linking the new process to the caller.";
            114, erlang, "spawn_monitor", 1, 10, Gc, Returns, processes::spawn_monitor1, "As `spawn/1`, monitoring the new process; returns `{Pid, Ref}`.";
            115, erlang, "spawn_monitor", 3, 10, Gc, Returns, processes::spawn_monitor3, "As `spawn/3`, monitoring the new process; returns `{Pid, Ref}`.";
            116, erlang, "is_process_alive", 1, 1, NoGc, Returns, processes::is_process_alive, "Whether a local pid names a live process.";
            117, erlang, "exit", 2, 1, NoGc, Returns, processes::exit2, "Send an exit signal with a reason to a process (`kill` cannot be trapped).";
            118, erlang, "link", 1, 1, NoGc, Returns, processes::link, "Link the caller and a process; linking a dead process raises `noproc` (or sends `noproc` when trapping).";
            119, erlang, "unlink", 1, 1, NoGc, Returns, processes::unlink, "Remove the link between the caller and a process.";
            120, erlang, "monitor", 2, 1, Gc, Returns, processes::monitor, "Monitor a process: `{'DOWN', Ref, process, Pid, Reason}` when it ends; returns `Ref`.";
            121, erlang, "demonitor", 1, 1, NoGc, Returns, processes::demonitor1, "Remove a monitor.";
            122, erlang, "demonitor", 2, 1, NoGc, Returns, processes::demonitor2, "Remove a monitor; option `flush` also drops its `'DOWN'` message, and `info` makes it return whether the monitor was still there (`false` once its `'DOWN'` was taken in).";
            123, erlang, "register", 2, 1, Gc, Returns, processes::register, "Register a name for a live local process; `badarg` when taken or dead.";
            124, erlang, "unregister", 1, 1, Gc, Returns, processes::unregister, "Remove a registered name; `badarg` when not registered.";
            125, erlang, "whereis", 1, 1, NoGc, Returns, processes::whereis, "The pid registered under a name, or `undefined`.";
            126, erlang, "registered", 0, 1, Gc, Returns, processes::registered, "The registered names.";
            127, erlang, "process_flag", 2, 1, NoGc, Returns, processes::process_flag, "Set a process flag (`trap_exit`; `priority`, `message_queue_data`, `min_heap_size`, `min_bin_vheap_size`, `fullsweep_after`, `sensitive` and `save_calls`, kept and reported; `max_heap_size`, enforced at collections); returns the old value.";
            128, erlang, "process_info", 2, 1, Gc, Returns, processes::process_info, "`{Item, Value}` about a process (a list of them for a list of items), or `undefined` when it is dead.";
            129, erlang, "send", 2, 1, Gc, Returns, processes::send, "Send a message to a pid or registered name; returns the message.";
            130, erlang, "!", 2, 1, Gc, Returns, processes::send, "Send a message to a pid or registered name; returns the message.";
            131, erlang, "processes", 0, 1, Gc, Returns, processes::processes, "The pids of all live processes.";
            132, c, "flush", 0, 1, Gc, Returns, processes::flush, "Print every message in the caller's mailbox as `Shell got ~p` and drop it.";
            133, c, "regs", 0, 1, Gc, Returns, processes::regs, "Print the registered processes: name, pid, initial call, reductions, messages.";
            // ---- distribution ----
            134, erlang, "node", 1, 1, NoGc, Returns, dist::node1, "The node a pid or reference belongs to.";
            135, erlang, "nodes", 0, 1, Gc, Returns, dist::nodes, "The nodes connected now.";
            136, erlang, "is_alive", 0, 1, NoGc, Returns, dist::is_alive, "Whether this VM is a distributed node.";
            137, erlang, "monitor_node", 2, 1, NoGc, Returns, dist::monitor_node, "With `true`, `{nodedown, Node}` arrives when the connection to `Node` fails or is lost; with `false`, one such monitor is removed.";
            138, erlang, "disconnect_node", 1, 1, NoGc, Returns, dist::disconnect_node, "Close the connection to a node: `true`, `false` when there was none, `ignored` when not distributed.";
            139, erlang, "spawn_request", 5, 1, Gc, Returns, dist::spawn_request, "Start `M:F(Args...)` on a node; `{spawn_reply, Ref, ok, Pid}` or `{spawn_reply, Ref, error, Reason}` follows. Options `link`, `monitor` and `{monitor, Opts}` (under `Ref`, with the options of `monitor/3`), `{reply, yes | no | error_only | success_only}`, `{reply_tag, Tag}`, and the settings of `spawn_opt/4`, given to a process of this node; another option or a bad setting: error `badopt`.";
            // ---- external term format ----
            140, erlang, "term_to_binary", 1, 1, Gc, Returns, ext::term_to_binary, "The term in Erlang's external term format, as Erlang/OTP 25 writes it.";
            141, erlang, "binary_to_term", 1, 1, Gc, Returns, ext::binary_to_term, "The term a binary holds in the external term format; `badarg` when it holds no whole term girder has.";
            // ---- devices and reports ----
            142, io, "local_request", 2, 1, Gc, Returns, io::local_request, "Carry out an I/O request on a device this node serves itself and return its reply: `standard_io` (the caller's group leader when that is this node's output, or on another node for a process spawned from there), `user` (standard output), `standard_error` (standard error). `{put_chars, unicode, Chars}`, `{put_chars, unicode, io_lib, format, [F, A]}` and `nl` print and give `ok`; `getopts`, `{setopts, Opts}`, `{get_geometry, _}` and `{requests, Rs}` give what erl's devices give; an input request (`get_line`, `get_chars`, `get_until`, `get_password`) gives `input`, for the caller to ask the node's terminal I/O server, `user`. For an I/O server (another pid, a name registered for one, or a group leader that is a process) return `{Pid, Request}` for the caller to send. `badarg` for an unknown device or characters that cannot be printed, `calling_self` for the caller's own pid, `function_clause` for a device neither atom nor pid. The `io` functions that take a device are written over it (`bin/stdlib/io.erl`).";
            143, error_logger, "print_report", 3, 1, NoGc, Returns, io::print_report, "Write an `error`, `warning` or `info` report of `Format` and `Args` to standard error as OTP 25's logger prints it (`=ERROR REPORT==== Time ===`, the text, a line end); returns `ok`. `error_logger:error_msg/1,2`, `warning_msg/1,2` and `info_msg/1,2` are written over it (`bin/stdlib/error_logger.gasm`).";
            // ---- exceptions, modules and processes, as OTP 25 ----
            144, erlang, "error", 3, 1, NoGc, NeverReturns, exception::error3, "As `error/2`; options `[{error_info, Map}]` put `{error_info, Map}` in the top frame's location (other options are ignored).";
            145, erlang, "raise", 3, 1, Gc, Returns, exception::raise, "Raise an exception of a class (`error`, `exit`, `throw`) with a given stack trace (at most 8 frames kept); an invalid class or trace returns `badarg` instead.";
            146, erlang, "nif_error", 1, 1, NoGc, NeverReturns, exception::nif_error, "Raise an `error`, its own frame on top (the body of a NIF's Erlang stub).";
            147, erlang, "nif_error", 2, 1, NoGc, NeverReturns, exception::nif_error, "As `nif_error/1`, the frame showing both arguments.";
            148, erlang, "get_module_info", 1, 1, Gc, Returns, modules::get_module_info, "What `M:module_info/0` returns: `[{module, M}, {exports, _}, {attributes, _}, {compile, _}, {md5, _}]`; `badarg` for a module not loaded.";
            149, erlang, "get_module_info", 2, 1, Gc, Returns, modules::get_module_info2, "What `M:module_info(Key)` returns for `module`, `exports`, `functions`, `nifs`, `attributes`, `compile`, `md5`, `native`; `badarg` for another key.";
            150, erlang, "spawn_opt", 2, 10, Gc, Returns, processes::spawn_opt2, "As `spawn/1` with options: `link`, `monitor` and `{monitor, Opts}` (the options of `monitor/3`; returns `{Pid, Ref}`), `{max_heap_size, Size | Map}` (a process past it is reported and killed as on erl), and `priority`, `message_queue_data`, `min_heap_size`, `min_bin_vheap_size`, `fullsweep_after`, kept for `process_info`; another option: `badarg`.";
            151, erlang, "spawn_opt", 4, 10, Gc, Returns, processes::spawn_opt4, "As `spawn/3` with the options of `spawn_opt/2`.";
            152, erlang, "make_tuple", 3, 1, Gc, Returns, data::make_tuple3, "A tuple of N copies of a term, with the `{Position, Term}` pairs of a list put in place (later pairs win).";
            153, erlang, "append_element", 2, 1, Gc, Returns, data::append_element, "A tuple with one more element at the end.";
            154, erlang, "insert_element", 3, 1, Gc, Returns, data::insert_element, "A tuple with an element inserted at a position from 1 to its size plus one.";
            155, erlang, "delete_element", 2, 1, Gc, Returns, data::delete_element, "A tuple without the element at a position.";
            156, erlang, "list_to_integer", 2, 1, Gc, Returns, convert::list_to_integer_base, "The integer written by a string of digits in a base from 2 to 36 (either case), with an optional sign.";
            157, erlang, "unique_integer", 0, 1, Gc, Returns, process::unique_integer, "An integer unique on this VM.";
            158, erlang, "unique_integer", 1, 1, Gc, Returns, process::unique_integer1, "An integer unique on this VM; options `positive` and `monotonic` (strictly increasing across calls).";
            159, erlang, "max", 2, 1, NoGc, Returns, compare::max, "The greater of two terms in term order; the first when they compare equal.";
            160, erlang, "min", 2, 1, NoGc, Returns, compare::min, "The lesser of two terms in term order; the first when they compare equal.";
            161, lists, "keymember", 3, 1, NoGc, Returns, lists::keymember, "Whether a tuple of the list has an N-th element equal to the key.";
            162, lists, "keysearch", 3, 1, Gc, Returns, lists::keysearch, "`{value, Tuple}` for the first tuple whose N-th element equals the key, or `false`.";
            163, maps, "merge", 2, 1, Gc, Returns, maps::merge, "The keys of both maps, the second map's values winning.";
            164, maps, "take", 2, 1, Gc, Returns, maps::take, "`{Value, MapWithoutKey}` for a key, or `error`.";
            165, maps, "update", 3, 1, Gc, Returns, maps::update, "A map with an existing key set to the value; a missing key raises `{badkey, K}`.";
            166, erlang, "phash2", 1, 1, Gc, Returns, hash::phash2, "OTP's portable hash of a term, in `0..2^27`: the same value as OTP 25 gives (pids, references and funs aside).";
            167, erlang, "phash2", 2, 1, Gc, Returns, hash::phash2_range, "OTP's portable hash of a term in `0..Range`, for a range from 1 to 2^32; another range: `badarg`.";
            168, math, "sin", 1, 1, Gc, Returns, math::sin, "The sine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            169, math, "cos", 1, 1, Gc, Returns, math::cos, "The cosine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            170, math, "tan", 1, 1, Gc, Returns, math::tan, "The tangent of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            171, math, "asin", 1, 1, Gc, Returns, math::asin, "The arc sine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            172, math, "acos", 1, 1, Gc, Returns, math::acos, "The arc cosine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            173, math, "atan", 1, 1, Gc, Returns, math::atan, "The arc tangent of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            174, math, "sinh", 1, 1, Gc, Returns, math::sinh, "The hyperbolic sine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            175, math, "cosh", 1, 1, Gc, Returns, math::cosh, "The hyperbolic cosine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            176, math, "tanh", 1, 1, Gc, Returns, math::tanh, "The hyperbolic tangent of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            177, math, "asinh", 1, 1, Gc, Returns, math::asinh, "The inverse hyperbolic sine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            178, math, "acosh", 1, 1, Gc, Returns, math::acosh, "The inverse hyperbolic cosine of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            179, math, "atanh", 1, 1, Gc, Returns, math::atanh, "The inverse hyperbolic tangent of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            180, math, "exp", 1, 1, Gc, Returns, math::exp, "The e to the power of X of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            181, math, "log", 1, 1, Gc, Returns, math::log, "The natural logarithm of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            182, math, "log2", 1, 1, Gc, Returns, math::log2, "The base-2 logarithm of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            183, math, "log10", 1, 1, Gc, Returns, math::log10, "The base-10 logarithm of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            184, math, "sqrt", 1, 1, Gc, Returns, math::sqrt, "The square root of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            185, math, "floor", 1, 1, Gc, Returns, math::floor, "The largest integral float not above X of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            186, math, "ceil", 1, 1, Gc, Returns, math::ceil, "The smallest integral float not below X of a number, as a float; not a number: `badarg`; outside the domain, or not finite: `badarith`.";
            187, math, "pow", 2, 1, Gc, Returns, math::pow, "The X to the power of Y, as a float; not numbers: `badarg`; outside the domain, or not finite: `badarith`.";
            188, math, "atan2", 2, 1, Gc, Returns, math::atan2, "The arc tangent of Y/X, in the quadrant of (X, Y), as a float; not numbers: `badarg`; outside the domain, or not finite: `badarith`.";
            189, math, "fmod", 2, 1, Gc, Returns, math::fmod, "The remainder of X/Y, with the sign of X, as a float; not numbers: `badarg`; outside the domain, or not finite: `badarith`.";
            // ---- funs ----
            190, erlang, "make_fun", 3, 1, Gc, Returns, types::make_fun, "The external fun `fun M:F/A`; `badarg` unless M and F are atoms and A an integer from 0 to 255.";
            191, erlang, "floor", 1, 1, Gc, Returns, arith::floor, "The largest integer not above a number (an integer is itself); not a number: `badarg`.";
            192, erlang, "ceil", 1, 1, Gc, Returns, arith::ceil, "The smallest integer not below a number (an integer is itself); not a number: `badarg`.";
            193, erts_internal, "map_next", 3, 1, Gc, Returns, maps::map_next, "The pairs of a map from an iterator's path on, as the chain `{Key, Value, {Key, Value, ... none}}` that OTP's `maps:next/1` walks, in key order; girder's path is the index of the first pair.";
            194, erlang, "phash", 2, 1, Gc, Returns, hash::phash, "OTP's old portable hash of a term (`make_hash`, which `dict` and `sets` use) in `1..Range`, for a range from 1 to 2^32: the same value as OTP 25 gives (pids, references and local funs aside); another range: `badarg`.";
            // ---- binaries, bitstrings and Unicode ----
            195, erlang, "bit_size", 1, 1, NoGc, Returns, data::bit_size, "The number of bits of a bitstring.";
            196, erlang, "binary_part", 2, 1, Gc, Returns, binary::part_pos_len, "The part `{Pos, Len}` of a binary (a negative length counts back from `Pos`); outside it: `badarg`.";
            197, erlang, "binary_part", 3, 1, Gc, Returns, binary::part, "The part of a binary at `Pos` of `Len` bytes (a negative length counts back from `Pos`); outside it: `badarg`.";
            198, erlang, "split_binary", 2, 1, Gc, Returns, binary::split_binary, "`{Before, After}`: a bitstring split after N bytes.";
            199, erlang, "iolist_to_binary", 1, 1, Gc, Returns, convert::iolist_to_binary, "The bytes of an iolist (deep lists of bytes and binaries, binary tails) as a binary; a binary is itself.";
            200, erlang, "iolist_size", 1, 1, Gc, Returns, convert::iolist_size, "The number of bytes of an iolist or a binary.";
            201, erlang, "list_to_bitstring", 1, 1, Gc, Returns, convert::list_to_bitstring, "The bits of a list of bytes and bitstrings (deep, bitstring tails) as one bitstring.";
            202, erlang, "bitstring_to_list", 1, 1, Gc, Returns, convert::bitstring_to_list, "The bytes of a bitstring as integers, ending with the leftover bits as a bitstring, if any.";
            203, erlang, "binary_to_list", 3, 1, Gc, Returns, convert::binary_to_list3, "Bytes `Start` to `Stop` (1-based, both included) of a binary as integers.";
            204, erlang, "integer_to_binary", 2, 1, Gc, Returns, convert::integer_to_binary_base, "The digits of an integer in a base from 2 to 36 as a binary.";
            205, erlang, "binary_to_integer", 1, 1, Gc, Returns, convert::binary_to_integer, "The integer written by a binary of decimal digits, with an optional sign.";
            206, erlang, "binary_to_integer", 2, 1, Gc, Returns, convert::binary_to_integer_base, "The integer written by a binary of digits in a base from 2 to 36 (either case), with an optional sign.";
            207, erlang, "float_to_binary", 1, 1, Gc, Returns, convert::float_to_binary, "A float written in scientific notation, as `float_to_list/1`, as a binary.";
            208, erlang, "float_to_binary", 2, 1, Gc, Returns, convert::float_to_binary2, "A float written as `float_to_list/2` writes it, as a binary.";
            209, erlang, "float_to_list", 2, 1, Gc, Returns, convert::float_to_list2, "A float written with options `{decimals, 0..253}` (and `compact`), `{scientific, 0..249}` or `short`; the last wins.";
            210, erlang, "binary_to_float", 1, 1, Gc, Returns, convert::binary_to_float, "The float written by a binary.";
            211, erlang, "atom_to_binary", 2, 1, Gc, Returns, convert::atom_to_binary2, "An atom's name as a binary in `latin1` (every character below 256), `unicode` or `utf8`.";
            212, erlang, "binary_to_atom", 2, 1, NoGc, Returns, convert::binary_to_atom2, "The atom named by a binary in `latin1`, `unicode` or `utf8`, created if new.";
            213, erlang, "binary_to_existing_atom", 1, 1, NoGc, Returns, convert::binary_to_existing_atom, "The existing atom named by a UTF-8 binary; none: `badarg`.";
            214, erlang, "binary_to_existing_atom", 2, 1, NoGc, Returns, convert::binary_to_existing_atom2, "The existing atom named by a binary in `latin1`, `unicode` or `utf8`; none: `badarg`.";
            215, erlang, "term_to_binary", 2, 1, Gc, Returns, ext::term_to_binary2, "The term in the external term format; options `compressed`, `{compressed, 0..9}`, `{minor_version, 0..2}` (2: UTF-8 atom tags), `deterministic`.";
            216, erlang, "binary_to_term", 2, 1, Gc, Returns, ext::binary_to_term2, "As `binary_to_term/1`; options `safe` (an atom that does not exist: `badarg`) and `used` (`{Term, BytesRead}`); another option: `badarg` with cause `badopt`.";
            217, binary, "part", 2, 1, Gc, Returns, binary::part_pos_len, "The part `{Pos, Len}` of a binary: a slice sharing its bytes when longer than a heap binary, a copy otherwise.";
            218, binary, "part", 3, 1, Gc, Returns, binary::part, "The part of a binary at `Pos` of `Len` bytes (a negative length counts back).";
            219, binary, "split", 2, 1, Gc, Returns, binary::split2, "The parts of a binary before and after the first match of a pattern (a binary, a list of them, or a compiled pattern).";
            220, binary, "split", 3, 1, Gc, Returns, binary::split3, "The parts of a binary around the matches of a pattern; options `global`, `trim`, `trim_all`, `{scope, {Start, Length}}`.";
            221, binary, "match", 2, 1, Gc, Returns, binary::match2, "`{Pos, Len}` of the first match of a pattern (the longest of those starting first), or `nomatch`.";
            222, binary, "match", 3, 1, Gc, Returns, binary::match3, "As `match/2`, within `{scope, {Start, Length}}`.";
            223, binary, "matches", 2, 1, Gc, Returns, binary::matches2, "`{Pos, Len}` of every match of a pattern, none overlapping.";
            224, binary, "matches", 3, 1, Gc, Returns, binary::matches3, "As `matches/2`, within `{scope, {Start, Length}}`.";
            225, binary, "compile_pattern", 1, 1, Gc, Returns, binary::compile_pattern, "A term standing for a pattern (a non-empty binary or list of them), for `match`, `matches`, `split` and `replace`.";
            226, binary, "copy", 1, 1, Gc, Returns, binary::copy, "A copy of a binary, sharing no bytes.";
            227, binary, "copy", 2, 1, Gc, Returns, binary::copy_n, "A binary repeated N times.";
            228, binary, "first", 1, 1, NoGc, Returns, binary::first, "The first byte of a non-empty binary.";
            229, binary, "last", 1, 1, NoGc, Returns, binary::last, "The last byte of a non-empty binary.";
            230, binary, "at", 2, 1, NoGc, Returns, binary::at, "The byte at a 0-based position.";
            231, binary, "decode_unsigned", 1, 1, Gc, Returns, binary::decode_unsigned, "The unsigned big-endian integer a binary holds.";
            232, binary, "decode_unsigned", 2, 1, Gc, Returns, binary::decode_unsigned2, "The unsigned integer a binary holds, `big` or `little` endian.";
            233, binary, "encode_unsigned", 1, 1, Gc, Returns, binary::encode_unsigned, "A non-negative integer as the fewest big-endian bytes.";
            234, binary, "encode_unsigned", 2, 1, Gc, Returns, binary::encode_unsigned2, "A non-negative integer as the fewest bytes, `big` or `little` endian.";
            235, binary, "longest_common_prefix", 1, 1, NoGc, Returns, binary::longest_common_prefix, "The length of the longest prefix common to a non-empty list of binaries.";
            236, binary, "longest_common_suffix", 1, 1, NoGc, Returns, binary::longest_common_suffix, "The length of the longest suffix common to a non-empty list of binaries.";
            237, binary, "list_to_bin", 1, 1, Gc, Returns, binary::list_to_bin, "The bytes of an iolist as a binary, as `erlang:list_to_binary/1`.";
            238, binary, "referenced_byte_size", 1, 1, NoGc, Returns, binary::referenced_byte_size, "The size of the binary whose bytes a binary shares (its own, unless a slice).";
            239, unicode, "characters_to_binary", 2, 1, Gc, Returns, unicode::characters_to_binary, "Character data in `latin1`, `unicode`, `utf8`, `utf16` or `utf32` (`{utf16 | utf32, big | little}`) as UTF-8; `{error, Converted, Rest}` or `{incomplete, Converted, Rest}` as Erlang/OTP.";
            240, unicode, "characters_to_list", 2, 1, Gc, Returns, unicode::characters_to_list, "Character data in an encoding as a list of code points; `{error, ...}` or `{incomplete, ...}` as `characters_to_binary/2`.";
            241, unicode, "bin_is_7bit", 1, 1, NoGc, Returns, unicode::bin_is_7bit, "Whether a binary's bytes are all below 128.";
            // ---- re (PCRE's syntax, run on fancy-regex) ----
            242, re, "version", 0, 1, Gc, Returns, re::version, "The version of the PCRE whose syntax girder's engine reads, marked as girder's, as a binary: `<<\"8.44 2020-02-12 (girder)\">>`. Code that keeps patterns compiled by OTP (Elixir's regexes in `.beam` files) sees that it must compile them again.";
            243, re, "compile", 1, 1, Gc, Returns, re::compile1, "`{ok, {re_pattern, Groups, Unicode, UseCRLF, Binary}}` for a pattern in PCRE's syntax, or `{error, {Message, Offset}}` with PCRE's message; a construct girder cannot run (recursion, conditions, `\\K`...) is an error that says so.";
            244, re, "compile", 2, 1, Gc, Returns, re::compile2, "`re:compile/1` with options (`unicode`, `caseless`, `multiline`, `dotall`, `extended`, `anchored`, `ungreedy`, `ucp`, `dollar_endonly`, `firstline`, `no_auto_capture`, `{newline, NL}`...); another option: `badarg`.";
            245, re, "run", 2, 1, Gc, Returns, re::run2, "`re:run/3` with no options.";
            246, re, "run", 3, 1, Gc, Returns, re::run3, "Match a subject (iodata, or character data with `unicode`) against a compiled or textual pattern: `{match, Captured}`, `match` or `nomatch`, with `global`, `{offset, N}`, `notempty`, `notbol`, `noteol`, `anchored`, `{capture, Spec, Type}` and `report_errors` as OTP 25 has them; offsets in bytes; costs reductions in proportion to the subject.";
            247, re, "internal_run", 4, 1, Gc, Returns, re::internal_run, "`re:run/3`; the fourth argument (OTP's first-call flag) is ignored.";
            248, re, "inspect", 2, 1, Gc, Returns, re::inspect, "`{namelist, Names}`: a compiled pattern's group names, as binaries in alphabetical order; anything else: `badarg`.";
            // ---- the process dictionary ----
            249, erlang, "put", 2, 1, NoGc, Returns, dictionary::put, "Set a key of the process dictionary; the value it had, or `undefined`.";
            250, erlang, "get", 1, 1, NoGc, Returns, dictionary::get, "The value of a key of the process dictionary, or `undefined`.";
            251, erlang, "get", 0, 1, Gc, Returns, dictionary::get_all, "The process dictionary as a list of `{Key, Value}`.";
            252, erlang, "erase", 1, 1, NoGc, Returns, dictionary::erase, "Remove a key from the process dictionary; its value, or `undefined`.";
            253, erlang, "erase", 0, 1, Gc, Returns, dictionary::erase_all, "Empty the process dictionary, giving its `{Key, Value}` pairs.";
            254, erlang, "get_keys", 0, 1, Gc, Returns, dictionary::get_keys, "The keys of the process dictionary.";
            255, erlang, "get_keys", 1, 1, Gc, Returns, dictionary::get_keys_of, "The keys of the process dictionary whose value is exactly the argument.";
            // ---- aliases ----
            256, erlang, "monitor", 3, 1, Gc, Returns, processes::monitor3, "Monitor a process with options `{alias, Mode}` and `{tag, Tag}`; the reference.";
            257, erlang, "alias", 0, 1, Gc, Returns, processes::alias0, "A new alias of the caller, active until `unalias/1`.";
            258, erlang, "alias", 1, 1, Gc, Returns, processes::alias1, "A new alias of the caller, with options `explicit_unalias` or `reply`.";
            259, erlang, "unalias", 1, 1, NoGc, Returns, processes::unalias, "Deactivate an alias of the caller; whether it was active.";
            260, erlang, "send", 3, 1, Gc, Returns, processes::send3, "Send a message, with options `nosuspend` and `noconnect`; `ok`.";
            // ---- group leaders and the logger ----
            261, erlang, "group_leader", 0, 1, Gc, Returns, processes::group_leader0, "The caller's group leader.";
            262, erlang, "group_leader", 2, 1, Gc, Returns, processes::group_leader2, "Set the group leader of a process; `true`.";
            263, logger, "allow", 2, 1, NoGc, Returns, logger::allow, "Whether an event of the level passes the primary level.";
            264, erts_internal, "logger_level", 0, 1, NoGc, Returns, logger::logger_level, "The logger's primary level.";
            265, erts_internal, "set_logger_level", 1, 1, NoGc, Returns, logger::set_logger_level, "Set the logger's primary level; `ok`.";
            266, erts_internal, "write_log", 2, 1, NoGc, Returns, logger::write_log, "Write a report under OTP's default handler's head to standard error; `ok`.";
            // ---- processes, for OTP's behaviours ----
            267, erlang, "process_info", 1, 1, Gc, Returns, processes::process_info1, "The items OTP lists about a process, or `undefined` when it is dead.";
            268, erlang, "function_exported", 3, 1, NoGc, Returns, modules::function_exported, "Whether a loaded module exports the function (a BIF counts).";
            269, erlang, "pid_to_list", 1, 1, Gc, Returns, convert::pid_to_list, "A pid as a string, `\"<0.Id.Serial>\"`.";
            270, erlang, "list_to_pid", 1, 1, Gc, Returns, convert::list_to_pid, "The local pid a string `\"<0.Id.Serial>\"` writes.";
            271, erlang, "ref_to_list", 1, 1, Gc, Returns, convert::ref_to_list, "A reference as a string, `\"#Ref<0.A.B.C>\"`.";
            272, erlang, "list_to_ref", 1, 1, Gc, Returns, convert::list_to_ref, "The local reference a string `\"#Ref<0.A.B.C>\"` writes.";
            273, erlang, "fun_to_list", 1, 1, Gc, Returns, convert::fun_to_list, "A fun as a string, as `~w` writes it.";
            // ---- code ----
            274, erlang, "module_loaded", 1, 1, NoGc, Returns, modules::module_loaded, "Whether a module is loaded (without loading it).";
            275, code, "is_loaded", 1, 1, Gc, Returns, modules::code_is_loaded, "`{file, preloaded}` for a loaded module, `false` otherwise.";
            276, code, "ensure_loaded", 1, 10, Gc, Returns, modules::code_ensure_loaded, "Load a module if it is not loaded: `{module, M}` or `{error, Why}`.";
            277, code, "ensure_modules_loaded", 1, 10, Gc, Returns, modules::code_ensure_modules_loaded, "Load the modules of a list: `ok` or `{error, [{M, Why}]}`.";
            // ---- counters, atomics and persistent_term ----
            278, erts_internal, "atomics_new", 2, 1, Gc, Returns, counters::atomics_new, "A magic reference to `Size` 64-bit cells, all 0, signed when bit 0 of the options word is set (what `atomics:new/2` passes); size 0, a negative or non-integer argument: `badarg`; too large: `system_limit`.";
            279, atomics, "put", 3, 1, NoGc, Returns, counters::put, "Store a value in cell `Ix` (1-based); a value outside the array's signed or unsigned 64-bit range: `badarg`.";
            280, atomics, "get", 2, 1, Gc, Returns, counters::get, "The value of cell `Ix`.";
            281, atomics, "add", 3, 1, NoGc, Returns, counters::add, "Add an integer from `-(2^63)` to `2^64 - 1` to cell `Ix`, wrapping at 64 bits.";
            282, atomics, "add_get", 3, 1, Gc, Returns, counters::add_get, "As `add/3`, returning the new value.";
            283, atomics, "exchange", 3, 1, Gc, Returns, counters::exchange, "Store a value in cell `Ix`, returning the value before.";
            284, atomics, "compare_exchange", 4, 1, Gc, Returns, counters::compare_exchange, "Store `Desired` in cell `Ix` if it holds `Expected` (`ok`); otherwise return the value it holds.";
            285, atomics, "info", 1, 1, Gc, Returns, counters::info, "`#{size => N, max => Max, min => Min, memory => Bytes}` of an atomics array.";
            286, erts_internal, "counters_new", 1, 1, Gc, Returns, counters::counters_new, "A magic reference to `Size` counters kept in one cache-line-padded stripe per scheduler (`counters:new/2` with `write_concurrency`).";
            287, erts_internal, "counters_get", 2, 1, Gc, Returns, counters::counters_get, "The value of a `write_concurrency` counter: the wrapping sum of its stripes.";
            288, erts_internal, "counters_add", 3, 1, NoGc, Returns, counters::counters_add, "Add an integer from `-(2^63)` to `2^64 - 1` to a `write_concurrency` counter, in the caller's stripe, wrapping at 64 bits.";
            289, erts_internal, "counters_put", 3, 1, NoGc, Returns, counters::counters_put, "Set a `write_concurrency` counter to a signed 64-bit value (not atomic with respect to concurrent adds, as in OTP).";
            290, erts_internal, "counters_info", 1, 1, Gc, Returns, counters::counters_info, "`#{size => N, memory => Bytes}` of `write_concurrency` counters.";
            291, persistent_term, "put", 2, 10, NoGc, Returns, persistent_term::put, "Store a term VM-wide under a key (any term, compared by `=:=`); a value `=:=` to the one stored changes nothing. Costs reductions in proportion to the term copied.";
            292, persistent_term, "get", 1, 1, NoGc, Returns, persistent_term::get, "The term stored under a key, without a copy; none: `badarg`.";
            293, persistent_term, "get", 2, 1, NoGc, Returns, persistent_term::get2, "The term stored under a key, or the default.";
            294, persistent_term, "get", 0, 1, Gc, Returns, persistent_term::get0, "Every `{Key, Value}` stored, in key order.";
            295, persistent_term, "erase", 1, 10, NoGc, Returns, persistent_term::erase, "Remove a key: `true`, or `false` when it was not there; processes holding its term keep it.";
            296, persistent_term, "info", 0, 1, Gc, Returns, persistent_term::info, "`#{count => N, memory => Bytes}`: the terms stored and the bytes of their areas and of the table.";
            // ---- scheduling and collection ----
            297, erlang, "garbage_collect", 0, 1, Gc, Returns, process::garbage_collect, "Collect the caller's heap; `true`.";
            298, erlang, "garbage_collect", 1, 1, Gc, Returns, process::garbage_collect1, "Collect a process's heap (another's at its next yield); `true`, or `false` when it is not alive.";
            299, erlang, "yield", 0, 1, Gc, Returns, process::yield_now, "End the caller's time slice; `true`.";
            // ---- time and the OS ----
            300, erlang, "system_time", 0, 1, Gc, Returns, time::system_time, "Erlang system time in nanoseconds (the native unit): monotonic time plus the time offset, fixed at the VM's start (OTP's `no_time_warp` mode).";
            301, erlang, "system_time", 1, 1, Gc, Returns, time::system_time1, "Erlang system time in a time unit (`second`, `millisecond`, `microsecond`, `nanosecond`, `native`, `perf_counter`, the deprecated plural names, or parts per second); another: `badarg`.";
            302, erlang, "timestamp", 0, 1, Gc, Returns, time::timestamp, "Erlang system time as `{MegaSecs, Secs, MicroSecs}`.";
            303, erlang, "time_offset", 0, 1, Gc, Returns, time::time_offset, "Erlang system time less monotonic time, in nanoseconds.";
            304, erlang, "time_offset", 1, 1, Gc, Returns, time::time_offset1, "The time offset in a time unit.";
            305, erlang, "convert_time_unit", 3, 1, Gc, Returns, time::convert_time_unit, "An integer time converted from one time unit to another, rounded down (towards negative infinity); anything else: `badarg`.";
            306, erlang, "localtime", 0, 1, Gc, Returns, time::localtime, "The local date and time, `{{Y, Mo, D}, {H, Mi, S}}`, by the C library's time zone (`TZ`, else `/etc/localtime`).";
            307, erlang, "universaltime", 0, 1, Gc, Returns, time::universaltime, "The date and time in UTC.";
            308, erlang, "date", 0, 1, Gc, Returns, time::date, "The local date, `{Year, Month, Day}`.";
            309, erlang, "time", 0, 1, Gc, Returns, time::time, "The local time of day, `{Hour, Minute, Second}`.";
            310, erlang, "localtime_to_universaltime", 1, 1, Gc, Returns, time::localtime_to_universaltime, "A local date and time in UTC, as `mktime` takes it; a date before 1902 or after 2147483646, or not valid: `badarg`.";
            311, erlang, "localtime_to_universaltime", 2, 1, Gc, Returns, time::localtime_to_universaltime2, "As `/1`, taking the time as daylight saving time (`true`), standard time (`false`), or as the zone decides (`undefined`).";
            312, erlang, "universaltime_to_localtime", 1, 1, Gc, Returns, time::universaltime_to_localtime, "A UTC date and time in local time; a date before 1902 or after 2147483646, or not valid: `badarg`.";
            313, os, "timestamp", 0, 1, Gc, Returns, time::os_timestamp, "The OS's system time as `{MegaSecs, Secs, MicroSecs}`.";
            314, os, "system_time", 0, 1, Gc, Returns, time::os_system_time, "The OS's system time in nanoseconds (the native unit).";
            315, os, "system_time", 1, 1, Gc, Returns, time::os_system_time1, "The OS's system time in a time unit; another: `badarg`.";
            316, os, "perf_counter", 0, 1, Gc, Returns, time::os_perf_counter, "The performance counter, in `perf_counter` units: nanoseconds of the monotonic clock.";
            317, os, "env", 0, 1, Gc, Returns, os::env, "Every environment variable as `{Name, Value}`, in the environment's order (what OTP's `os:getenv/0` lists).";
            318, os, "getenv", 1, 1, Gc, Returns, os::getenv, "The value of an environment variable (a deep character list, UTF-8), or `false`; a name holding `=` or NUL, or not characters: `badarg`.";
            319, os, "putenv", 2, 1, Gc, Returns, os::putenv, "Set an environment variable; `true`. A bad name, or a value holding NUL: `badarg`.";
            320, os, "unsetenv", 1, 1, Gc, Returns, os::unsetenv, "Remove an environment variable; `true`. A bad name: `badarg`.";
            321, os, "getpid", 0, 1, Gc, Returns, os::getpid, "The OS process id, as a string of decimal digits.";
            // ---- timers ----
            322, erlang, "send_after", 3, 1, Gc, Returns, timer::send_after3, "`Msg` to a local pid or a registered name (looked up when it fires; none: dropped) after `Time` milliseconds; the timer's reference. The message is copied at once; the timer ends with its destination process.";
            323, erlang, "send_after", 4, 1, Gc, Returns, timer::send_after4, "As `send_after/3`; option `{abs, true}` makes `Time` a point of `monotonic_time(millisecond)`; another option: `badarg` with cause `badopt`; a time out of range: cause `time`.";
            324, erlang, "start_timer", 3, 1, Gc, Returns, timer::start_timer3, "As `send_after/3`, the message being `{timeout, Ref, Msg}`.";
            325, erlang, "start_timer", 4, 1, Gc, Returns, timer::start_timer4, "As `send_after/4`, the message being `{timeout, Ref, Msg}`.";
            326, erlang, "cancel_timer", 1, 1, Gc, Returns, timer::cancel_timer1, "Cancel a timer of `send_after` or `start_timer`: the milliseconds it had left (rounded up), or `false` when it is not pending; not a reference: `badarg`.";
            327, erlang, "cancel_timer", 2, 1, Gc, Returns, timer::cancel_timer2, "As `cancel_timer/1`; `{async, true}` returns `ok` and sends `{cancel_timer, Ref, Result}`, `{info, false}` returns `ok` (and sends nothing).";
            328, erlang, "read_timer", 1, 1, Gc, Returns, timer::read_timer1, "The milliseconds a timer of `send_after` or `start_timer` has left (rounded up), or `false`.";
            329, erlang, "read_timer", 2, 1, Gc, Returns, timer::read_timer2, "As `read_timer/1`; `{async, true}` returns `ok` and sends `{read_timer, Ref, Result}`.";
            330, timer, "send_after", 3, 1, Gc, Returns, timer::timer_send_after, "OTP 25's `timer:send_after/3`: `{ok, {instant, Ref}}` for time 0 (sent at once), `{ok, {send_local, Ref}}` to a local pid, `{ok, {once, Ref}}` to a name, a remote pid or `{Name, Node}`; `{error, badarg}`.";
            331, timer, "apply_after", 4, 1, Gc, Returns, timer::apply_after, "Spawn `M:F(Args...)` after `Time` milliseconds (`{ok, {once, Ref}}`; time 0: at once, `{ok, {instant, Ref}}`); `{timer, send, [D, M]}` sends and `{erlang, exit, [P, R]}` signals instead, as OTP's timer server does; `{error, badarg}`.";
            332, timer, "send_interval", 3, 1, Gc, Returns, timer::send_interval, "`Msg` to a pid, name or `{Name, Node}` every `Time` milliseconds (`{ok, {interval, Ref}}`) until cancelled or the destination process ends; `{error, badarg}`.";
            333, timer, "apply_interval", 4, 1, Gc, Returns, timer::apply_interval, "Spawn `M:F(Args...)` every `Time` milliseconds until cancelled or the caller ends (`{ok, {interval, Ref}}`); `{error, badarg}`.";
            334, timer, "cancel", 1, 1, Gc, Returns, timer::cancel, "Cancel a timer of the `timer` module: `{ok, cancel}`; not such a reference: `{error, badarg}`.";
            // ---- statistics and system information ----
            335, erlang, "statistics", 1, 1, Gc, Returns, system::statistics, "`runtime`, `wall_clock`, `reductions`, `context_switches`, `garbage_collection`, `io`, `run_queue`, `total_run_queue_lengths`, in OTP's forms, from girder's own counts; another item: `badarg`.";
            336, erlang, "system_info", 1, 1, Gc, Returns, system::system_info, "`schedulers`, `schedulers_online`, `process_count`, `process_limit`, `otp_release` (\"25\"), `version`, `system_version`, `machine`, `wordsize`, `atom_count`, `atom_limit`, `logical_processors`, `thread_pool_size`, `smp_support`, `threads`, `os_type`; another item: `badarg`.";
            // ---- init ----
            337, init, "get_arguments", 0, 1, Gc, Returns, init::get_arguments, "The emulator's flags, `[{Flag, [Value]}]`: `progname` and `home`.";
            338, init, "get_argument", 1, 1, Gc, Returns, init::get_argument, "`{ok, [[Value]]}` for a flag given, `error` otherwise.";
            339, init, "get_plain_arguments", 0, 1, NoGc, Returns, init::get_plain_arguments, "The plain arguments: `[]` (a program's go to its `main/1`).";
            // ---- io ----
            340, io, "printable_range", 0, 1, NoGc, Returns, io::printable_range, "The characters printed as text: `latin1`, erl's default.";
            341, io, "columns", 0, 1, Gc, Returns, io::columns, "`{error, enotsup}`: the output's width is not known (a group leader that is a process is asked by `io:columns/1`).";
            342, io, "rows", 0, 1, Gc, Returns, io::rows, "`{error, enotsup}`: the output's height is not known (a group leader that is a process is asked by `io:rows/1`).";
            343, io, "fwrite", 1, 1, Gc, Returns, io::format1, "`io:format/1` by its other name.";
            344, io, "fwrite", 2, 1, Gc, Returns, io::format2, "`io:format/2` by its other name.";
            345, erlang, "fun_info", 1, 1, Gc, Returns, modules::fun_info1, "`[{Item, Value}]` for every item `fun_info/2` knows, in erl's order.";
            346, erlang, "fun_info", 2, 1, Gc, Returns, modules::fun_info2, "`{Item, Value}` of a fun: `arity`, `env` (its free variables), `index`, `name`, `module`, `new_index`, `new_uniq`, `pid`, `type` (`local` or `external`), `uniq`; an external fun has `undefined` for the items of a local one's code. `badarg` for anything else.";
            347, erlang, "fun_info_mfa", 1, 1, Gc, Returns, modules::fun_info_mfa, "`{Module, Name, Arity}` of a fun: a local fun's name is the function the compiler made of it.";
            // ---- ETS ----
            348, ets, "new", 2, 1, Gc, Returns, ets::new, "A new table owned by the caller, of the options' type (`set`, `ordered_set`, `bag`, `duplicate_bag`), access (`public`, `protected`, `private`), key position, name and heir; its name when `named_table`, else a reference. A taken name: `badarg` (`already_exists`).";
            349, ets, "delete", 1, 1, NoGc, Returns, ets::delete1, "Delete a table and free its objects; `true`.";
            350, ets, "delete", 2, 1, NoGc, Returns, ets::delete2, "Delete the objects of a key; `true`.";
            351, ets, "delete_object", 2, 1, NoGc, Returns, ets::delete_object, "Delete the objects `=:=` to an object; `true`.";
            352, ets, "internal_delete_all", 2, 1, Gc, Returns, ets::internal_delete_all, "Delete every object (behind `delete_all_objects/1` and `select_delete/2`); how many there were.";
            353, ets, "internal_select_delete", 2, 1, Gc, Returns, ets::internal_select_delete, "Delete the objects a match specification gives `true` for (behind `select_delete/2`); how many.";
            354, ets, "insert", 2, 1, NoGc, Returns, ets::insert, "Insert an object or a list of them (atomically); `true`.";
            355, ets, "insert_new", 2, 1, NoGc, Returns, ets::insert_new, "As `insert/2`, but nothing and `false` when some key is in the table.";
            356, ets, "lookup", 2, 1, Gc, Returns, ets::lookup, "The objects of a key, copied to the caller.";
            357, ets, "lookup_element", 3, 1, Gc, Returns, ets::lookup_element, "Element `Pos` of a key's object (a list, for a bag); no object: `badarg` (`badkey`).";
            358, ets, "member", 2, 1, NoGc, Returns, ets::member, "Whether a key has objects.";
            359, ets, "take", 2, 1, Gc, Returns, ets::take, "Delete the objects of a key, returning them.";
            360, ets, "update_counter", 3, 1, Gc, Returns, ets::update_counter3, "Add to integer elements of a key's object atomically, with thresholds; the new value or values.";
            361, ets, "update_counter", 4, 1, Gc, Returns, ets::update_counter4, "As `/3`, first inserting the default object (with the key in place) when the key has none.";
            362, ets, "update_element", 3, 1, Gc, Returns, ets::update_element, "Replace elements of a key's object atomically; `false` when the key has none.";
            363, ets, "first", 1, 1, Gc, Returns, ets::first, "The first key, or `'$end_of_table'`.";
            364, ets, "last", 1, 1, Gc, Returns, ets::last, "The last key of an `ordered_set` (the first otherwise), or `'$end_of_table'`.";
            365, ets, "next", 2, 1, Gc, Returns, ets::next, "The next key, or `'$end_of_table'`; a key a hashed table does not hold (and that was not deleted while it is fixed): `badarg`.";
            366, ets, "prev", 2, 1, Gc, Returns, ets::prev, "The previous key of an `ordered_set` (the next otherwise), or `'$end_of_table'`.";
            367, ets, "slot", 2, 1, Gc, Returns, ets::slot, "The objects of the `I`-th key of the table's order, or `'$end_of_table'`.";
            368, ets, "safe_fixtable", 2, 1, NoGc, Returns, ets::safe_fixtable, "Fix (`true`) or release (`false`) a table for the caller: while fixed, a traversal visits each object once.";
            369, ets, "info", 1, 1, Gc, Returns, ets::info1, "`[{Item, Value}]` of a table, as OTP lists them; `undefined` for no table.";
            370, ets, "info", 2, 1, Gc, Returns, ets::info2, "One item of `info/1`, or `fixed`, `safe_fixed`, `safe_fixed_monotonic_time`; `undefined` for no table.";
            371, ets, "rename", 2, 1, Gc, Returns, ets::rename, "Rename a table; the new name (or the reference of an unnamed table).";
            372, ets, "whereis", 1, 1, Gc, Returns, ets::whereis, "The reference of a named table, or `undefined`.";
            373, ets, "all", 0, 1, Gc, Returns, ets::all, "Every table, oldest first.";
            374, ets, "give_away", 3, 1, Gc, Returns, ets::give_away, "Make a live local process the owner, sending it `{'ETS-TRANSFER', Table, FromPid, GiftData}`; only the owner, to another: else `badarg`.";
            375, ets, "setopts", 2, 1, NoGc, Returns, ets::setopts, "Set or clear a table's heir (`{heir, Pid, Data}`, `{heir, none}`); only the owner.";
            376, ets, "match", 1, 1, Gc, Returns, ets::continue_select, "The next chunk of `match/3`: `{Bindings, Continuation}` or `'$end_of_table'`.";
            377, ets, "match", 2, 1, Gc, Returns, ets::match2, "For each object a pattern matches, the list of its variables' values in order.";
            378, ets, "match", 3, 1, Gc, Returns, ets::match3, "As `match/2`, `Limit` at a time: `{Bindings, Continuation}` or `'$end_of_table'`.";
            379, ets, "match_object", 1, 1, Gc, Returns, ets::continue_select, "The next chunk of `match_object/3`.";
            380, ets, "match_object", 2, 1, Gc, Returns, ets::match_object2, "The objects a pattern matches.";
            381, ets, "match_object", 3, 1, Gc, Returns, ets::match_object3, "As `match_object/2`, `Limit` at a time.";
            382, ets, "select", 1, 1, Gc, Returns, ets::continue_select, "The next chunk of `select/3`.";
            383, ets, "select", 2, 1, Gc, Returns, ets::select2, "The results of a match specification over the table's objects.";
            384, ets, "select", 3, 1, Gc, Returns, ets::select3, "As `select/2`, `Limit` at a time: `{Results, Continuation}` or `'$end_of_table'`.";
            385, ets, "select_reverse", 1, 1, Gc, Returns, ets::continue_select, "The next chunk of `select_reverse/3`.";
            386, ets, "select_reverse", 2, 1, Gc, Returns, ets::select_reverse2, "As `select/2`, an `ordered_set` in reverse key order.";
            387, ets, "select_reverse", 3, 1, Gc, Returns, ets::select_reverse3, "As `select_reverse/2`, `Limit` at a time.";
            388, ets, "select_count", 2, 1, Gc, Returns, ets::select_count, "How many objects a match specification gives `true` for.";
            389, ets, "select_replace", 2, 1, Gc, Returns, ets::select_replace, "Replace each object by a match specification's result, which must keep its key; how many.";
            390, ets, "match_spec_compile", 1, 1, Gc, Returns, ets::match_spec_compile, "A compiled match specification (a reference); an invalid one: `badarg`.";
            391, ets, "is_compiled_ms", 1, 1, NoGc, Returns, ets::is_compiled_ms, "Whether a term is a compiled match specification.";
            392, ets, "match_spec_run_r", 3, 1, Gc, Returns, ets::match_spec_run_r, "The results of a compiled specification on each term of a list, reversed onto an accumulator (behind `match_spec_run/2`).";
            393, erlang, "match_spec_test", 3, 1, Gc, Returns, ets::match_spec_test, "Run a match specification of type `table` on one term (behind `ets:test_ms/2`): `{ok, Result, [], []}`, or `{error, [{error, Message}]}` for an invalid one.";
            394, erlang, "is_bitstring", 1, 1, NoGc, Returns, types::is_bitstring, "Whether the term is a bitstring (a binary or not).";
            395, code, "where_is_file", 1, 1, Gc, Returns, modules::code_where_is_file, "The path of the first file of a name (a character list) in a directory of the code path (the program's, the `-pa` directories, then Erlang/OTP's `lib/*/ebin`), or `non_existing`.";
            396, erl_prim_loader, "get_file", 1, 1, Gc, Returns, modules::prim_get_file, "`{ok, Binary, FullName}` with the bytes of a file, or `error`.";
            397, erts_internal, "kernel_boot", 1, 1, NoGc, Returns, init::kernel_boot, "A step of the start of OTP's application controller on first use (`bin/stdlib/init.erl`): `{take_over, Caller}` or `settle`; `ok`, or `badarg` from a process not starting it.";
            398, string, "list_to_integer", 1, 1, Gc, Returns, convert::string_list_to_integer, "The integer a character list starts with (a sign, then decimal digits) and the rest: `{Integer, Rest}`, `{error, no_integer}`, or `{error, not_a_list}` (behind `string:to_integer/1`).";
            399, erlang, "is_function", 2, 1, NoGc, Returns, types::is_function2, "Whether the term is a fun taking `Arity` arguments; `badarg` for an arity that is no non-negative integer.";
            400, erlang, "is_port", 1, 1, NoGc, Returns, types::is_port, "Whether the term is a port: false, girder having no ports.";
            401, file, "native_name_encoding", 0, 1, NoGc, Returns, init::native_name_encoding, "The encoding of file names: `utf8`.";
            402, code, "lib_dir", 1, 1, Gc, Returns, modules::code_lib_dir, "The library directory (`DIR/NAME-VSN` or `DIR/NAME`) of an application whose `ebin` is on the code path, or `{error, bad_name}`.";
            403, user, "read_line", 2, 1, Gc, Returns, io::read_line, "Ask the node's line reader for a line shown with the prompt (characters), the second argument `true` when the line continues a request begun on an earlier line (a terminal shows the prompt again, a pipe does not); return a reference at once and send the caller `{Ref, {ok, Line}}` (a binary, with its line end), `{Ref, eof}`, `{Ref, interrupted}` or `{Ref, {error, Reason}}` when it is read (`{error, enotsup}` at once for a node with no reader). The node's terminal I/O server, `user`, is written over it in the standard library. `badarg` for a prompt that is not characters.";
            404, init, "stop", 0, 1, NoGc, Returns, init::stop, "Stop the node with status 0 once no process has work left; return `ok` at once.";
            405, init, "stop", 1, 1, NoGc, Returns, init::stop1, "As `init:stop/0` with a status: an integer from 0 to 255, or a string (a slogan), which stops with status 1. `badarg` otherwise.";
            406, code, "which", 1, 1, Gc, Returns, modules::code_which, "Where the module's code comes from: the path of its file, `preloaded` for a module built into girder, `non_existing` for none. `badarg` for a name that is not an atom.";
            407, file, "get_cwd", 0, 1, Gc, Returns, file::get_cwd, "`{ok, Dir}`, the working directory as a string, or `{error, Posix}`.";
            408, file, "read_file_info", 1, 1, Gc, Returns, file::read_file_info, "As `file:read_file_info/2` with no options.";
            409, file, "read_file_info", 2, 1, Gc, Returns, file::read_file_info2, "`{ok, #file_info{}}` for the named file (a link followed), or `{error, Posix}`; the options `{time, local | universal | posix}` and `raw`. `{error, badarg}` for a name or option OTP does not take.";
            410, maps, "from_keys", 2, 1, Gc, Returns, maps::from_keys, "A map of each key of the list to the one value. `badarg` for anything but a proper list.";
            411, zlib, "compress", 1, 1, Gc, Returns, zlib::compress, "The iodata compressed in the zlib format, as a binary. `badarg` for anything but iodata.";
            412, zlib, "uncompress", 1, 1, Gc, Returns, zlib::uncompress, "The data of zlib-format iodata, as a binary; `data_error` for data that is not whole zlib data, `badarg` for anything but iodata.";
            413, code, "load_binary", 3, 1, Gc, Returns, modules::code_load_binary, "Load the module a `.beam` file's bytes hold: `{module, Module}`, `{error, badfile}` for bytes that are no such module, `{error, not_purged}` when one of that name is loaded. `badarg` for arguments of the wrong types.";
            414, erlang, "md5", 1, 1, Gc, Returns, zlib::md5, "The MD5 digest of the iodata, a 16-byte binary. `badarg` for anything but iodata.";
            415, code, "delete", 1, 1, NoGc, Returns, modules::code_delete, "`false`: girder keeps one version of each module, loaded for the node's life, so none is made old. `badarg` for a name that is not an atom.";
            416, code, "purge", 1, 1, NoGc, Returns, modules::code_delete, "`false`: no module has old code to purge. `badarg` for a name that is not an atom.";
            417, code, "get_object_code", 1, 1, Gc, Returns, modules::code_get_object_code, "`{Module, Binary, File}`, the bytes of the `.beam` file the module is found in, or `error` for a module girder provides itself or one in no `.beam` file. `badarg` for a name that is not an atom.";
            418, erlang, "module_info", 0, 1, Gc, Returns, modules::erlang_module_info, "The `erlang` module's `module_info/0`: its exports are girder's BIFs of the module and the functions of its standard library.";
            419, erlang, "module_info", 1, 1, Gc, Returns, modules::erlang_module_info, "The `erlang` module's `module_info/1`.";
            420, erts_internal, "set_logger_module_level", 2, 1, NoGc, Returns, logger::set_logger_module_level, "Give each module of the list a logger level of its own (a level, `all` or `none`), which `logger:allow/2` takes instead of the primary level, or take it away (`undefined`); `ok`. `badarg` for anything else.";
            421, erts_internal, "logger_module_levels", 0, 1, Gc, Returns, logger::logger_module_levels, "`[{Module, Level}]`: every module with a logger level of its own, sorted by name.";
            422, erlang, "display_string", 1, 1, NoGc, Returns, io::display_string, "Write a string to standard error as it is, with no line end; `true`. `badarg` for anything but a list of characters.";
        }
    };
}

macro_rules! bif_info_table {
    ($($index:literal, $module:ident, $name:literal, $arity:literal, $cost:literal, $gc:ident, $returns:ident,
       $($path:ident)::+, $doc:literal;)*) => {
        /// Every BIF of the table, in index order.
        pub static BIFS: &[BifInfo] = &[
            $(BifInfo {
                index: $index,
                module: stringify!($module),
                name: $name,
                arity: $arity,
                cost: $cost,
                gc: BifGc::$gc,
                returns: BifReturn::$returns,
                doc: $doc,
            },)*
        ];
    };
}
for_each_bif!(bif_info_table);

/// Finds the BIF `module:name/arity`.
pub fn bif_by_name(module: &str, name: &str, arity: u8) -> Option<&'static BifInfo> {
    BIFS.iter().find(|bif| bif.module == module && bif.name == name && bif.arity == arity)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn opcodes_and_names_are_unique() {
        let mut opcodes = HashSet::new();
        let mut names = HashSet::new();
        for info in INSTRUCTIONS {
            assert!(info.opcode != 0, "opcode 0 is reserved as invalid");
            assert!(opcodes.insert(info.opcode), "opcode {} used twice", info.opcode);
            assert!(names.insert(info.name), "name {} used twice", info.name);
        }
    }

    #[test]
    fn bif_indices_are_dense_and_names_unique() {
        let mut names = HashSet::new();
        for (position, bif) in BIFS.iter().enumerate() {
            assert_eq!(usize::from(bif.index), position, "BIF {}:{} out of order", bif.module, bif.name);
            assert!(
                names.insert((bif.module, bif.name, bif.arity)),
                "BIF {}:{}/{} twice",
                bif.module,
                bif.name,
                bif.arity
            );
        }
    }

    /// Every row names a role for each operand, of a kind the role allows,
    /// and its roles agree with its flow: what the loader's analyses read
    /// from a row is all there, so a new row needs no analysis touched.
    #[test]
    fn every_row_has_roles_fitting_its_kinds_and_flow() {
        for info in INSTRUCTIONS {
            let name = info.name;
            assert_eq!(info.roles.len(), info.operands.len(), "{name}: one role per operand");
            for (&role, &kind) in info.roles.iter().zip(info.operands) {
                assert!(role.kinds().contains(&kind), "{name}: role {} cannot be of kind {}", role.name(), kind.name());
            }
            let has = |wanted: Role| info.roles.contains(&wanted);
            let count = |wanted: &[Role]| info.roles.iter().filter(|role| wanted.contains(role)).count();
            let flow = info.effect.flow;
            let arities = count(&[Role::Arity, Role::FunArity, Role::ApplyArity]);
            match flow {
                Flow::Call | Flow::TailCall => assert_eq!(arities, 1, "{name}: a call has one arity"),
                Flow::Next
                | Flow::Branch
                | Flow::Raise
                | Flow::FunctionClause
                | Flow::BifCall
                | Flow::Return
                | Flow::Wait
                | Flow::WaitTimeout
                | Flow::EndReceive => assert_eq!(arities, 0, "{name}: only calls have an arity"),
            }
            let retries = count(&[Role::Retry]);
            match flow {
                Flow::Wait | Flow::WaitTimeout => assert_eq!(retries, 1, "{name}: a wait has one retry label"),
                _ => assert_eq!(retries, 0, "{name}: only a wait has a retry label"),
            }
            if has(Role::Handler) {
                assert_eq!(count(&[Role::MarkTry, Role::MarkCatch]), 1, "{name}: a handler needs its marker");
            }
            if has(Role::FrameSize) {
                assert!(
                    matches!(flow, Flow::Next | Flow::TailCall),
                    "{name}: removes a frame, then goes on or tail-calls"
                );
            }
            if has(Role::Live) || has(Role::StackNeed) || has(Role::Dropped) || has(Role::Kept) {
                assert_eq!(flow, Flow::Next, "{name}: collects or changes the frame, then goes on");
            }
            assert_eq!(has(Role::Dropped), has(Role::Kept), "{name}: a trim drops some and keeps the rest");
            if flow == Flow::Branch {
                let labels = count(&[Role::Target, Role::Fail, Role::Cases, Role::ArityCases]);
                assert!(labels > 0, "{name}: a branch needs a label");
            }
            if has(Role::Bif) {
                assert!(has(Role::Args), "{name}: a BIF call lists its arguments");
            }
            if has(Role::Lam) {
                assert!(has(Role::Free), "{name}: a fun lists its free variables");
            }
        }
    }

    /// Every role and flow has a name and a meaning for `ISA.md`, and every
    /// role is used by some row (a role no row has is a role no analysis
    /// can be tested on).
    #[test]
    fn every_role_and_flow_is_named_and_used() {
        for &role in Role::ALL {
            assert!(!role.meaning().is_empty() && !role.kinds().is_empty(), "{}", role.name());
            assert!(INSTRUCTIONS.iter().any(|info| info.roles.contains(&role)), "no row has role {}", role.name());
        }
        for &flow in Flow::ALL {
            assert!(!flow.meaning().is_empty(), "{}", flow.name());
            assert!(INSTRUCTIONS.iter().any(|info| info.effect.flow == flow), "no row has flow {}", flow.name());
        }
    }

    #[test]
    fn bifs_that_never_return_are_the_raising_ones() {
        let never: Vec<String> = BIFS
            .iter()
            .filter(|bif| bif.returns == BifReturn::NeverReturns)
            .map(|bif| format!("{}:{}/{}", bif.module, bif.name, bif.arity))
            .collect();
        assert_eq!(
            never,
            [
                "erlang:error/1",
                "erlang:error/2",
                "erlang:throw/1",
                "erlang:exit/1",
                "erlang:error/3",
                "erlang:nif_error/1",
                "erlang:nif_error/2"
            ]
        );
    }

    #[test]
    fn lookups_find_rows() {
        assert_eq!(instruction_by_name("move").unwrap().opcode, 16);
        assert_eq!(instruction_by_opcode(8).unwrap().name, "return");
        assert!(instruction_by_opcode(0).is_none());
        assert_eq!(bif_by_name("erlang", "+", 2).unwrap().index, 0);
        assert!(bif_by_name("erlang", "+", 3).is_none());
    }
}
