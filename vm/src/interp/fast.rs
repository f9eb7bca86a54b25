//! The op array: the form of a module's code the dispatch loop runs, made
//! once when the module is loaded (as BEAM's loader turns generic
//! instructions into specific ones).
//!
//! Every instruction gets one [`Op`] at the same index, so labels, return
//! addresses, catch markers and line entries are unchanged, and one more op,
//! [`Op::End`], follows the last instruction: the loop may then index the
//! array without a bounds check, since execution that runs off the end of
//! the code stops there.
//!
//! An op either does the whole job (operands already decoded: x registers
//! as plain indices, constants as terms, call targets as entry indices,
//! float registers as indices and literal floats as their values, a
//! `bs_create_bin`'s segment list as a plan in a side table) or,
//! when its fast path does not apply (an operand that is not a small
//! integer, an overflow, a collection due), falls through to the generic
//! handler of the same instruction. Instructions with no fast form are
//! [`Op::Generic`]. The generic handler stays the one definition of each
//! instruction's meaning; an op is only a shortcut for the cases whose
//! outcome it can compute directly.
//!
//! A *superinstruction* does the work of its own instruction and of the one
//! after it (`allocate` then `move`, a `gc_bif` then a `call`, `deallocate`
//! then `return`, a test then `return`, `is_nonempty_list` then
//! `get_list`, `test_heap` then `put_list`, two moves, two `fload`s, an
//! `fload` then a float operation, two `fstore`s). The second
//! instruction keeps its
//! own op, so a jump to it still lands on a whole instruction; and when the
//! fast path of the first does not apply, its generic handler runs and
//! execution goes on at the second as usual. A superinstruction never
//! spans a function boundary. The superinstructions are the rows of one
//! fusion table (`fusion_table!` below, in the manner of OTP's `ops.tab`),
//! and the dispatch loop runs each as the pieces of the ops it covers, one
//! after the other, rather than as a body of its own.

use super::bs_build::Plan;
use crate::term::Term;
use girder_loader::{Cases, Dst, Instr, Module, Src, SrcKind, Srcs, Ys};

/// A register in 16 bits: an x register, or a y register with [`Y_BIT`] set.
pub(crate) type Reg = u16;

/// The bit that marks a y register in a [`Reg`].
pub(crate) const Y_BIT: u16 = 1 << 15;

/// The specialised form of one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Run the generic handler.
    Generic,
    /// Past the last instruction: execution ran off the end of the code.
    End,
    /// `move xS, xD`.
    MoveXX(u16, u16),
    /// `move xS, yD`.
    MoveXY(u16, u16),
    /// `move yS, xD`.
    MoveYX(u16, u16),
    /// `move yS, yD`.
    MoveYY(u16, u16),
    /// `move Constant, xD` (an immediate or a literal term).
    MoveCX(u16, Term),
    /// `move Constant, yD`.
    MoveCY(u16, Term),
    /// `jump Label`.
    Jump(u32),
    /// `is_lt Fail, xA, Int`: a small integer or a float in the register
    /// on the fast path.
    IsLtXI { fail: u32, x: u16, value: i32 },
    /// `is_ge Fail, xA, Int`.
    IsGeXI { fail: u32, x: u16, value: i32 },
    /// `is_lt Fail, xA, Int` then `return`: the base case of a recursion.
    IsLtXIReturn { fail: u32, x: u16, value: i32 },
    /// `is_ge Fail, xA, Int` then `return`.
    IsGeXIReturn { fail: u32, x: u16, value: i32 },
    /// `is_eq_exact Fail, xA, Immediate`.
    IsEqExactXC { fail: u32, x: u16, value: Term },
    /// `gc_bif` of `erlang:'+'/2` or `'-'/2` on a register and a small
    /// integer, into a register; `'-'` adds the negated integer.
    AddRI { a: Reg, value: i32, dst: Reg },
    /// [`Op::AddRI`] from a y register into an x register (`f(Saved - 2)`),
    /// with no test of the register kinds at run time.
    AddYX { y: u16, value: i32, x: u16 },
    /// The same on two registers; a float with a float or a small integer
    /// too ([`float_arith`]), its result boxed.
    ArithRR { subtract: bool, a: Reg, b: Reg, dst: Reg },
    /// [`Op::AddRI`] into an x register, then `call Arity, Function`
    /// (`f(N - 1)`).
    AddRICall { a: Reg, value: i32, dst: u16, arity: u16, entry: u32 },
    /// `call Arity, Function` with the entry resolved.
    Call { arity: u16, entry: u32 },
    /// `call_last Arity, Function, Deallocate` with the entry resolved.
    CallLast { arity: u16, deallocate: u16, entry: u32 },
    /// `call_only Arity, Function` with the entry resolved.
    CallOnly { arity: u16, entry: u32 },
    /// `allocate Slots, Live` when no collection is due.
    Allocate { slots: u16 },
    /// `allocate_heap Slots, Need, Live` when no collection is due.
    AllocateHeap { slots: u16, need: u32 },
    /// `allocate Slots, Live` then `move xS, yD` (saving an argument).
    AllocateMoveXY { slots: u16, from: u16, to: u16 },
    /// `deallocate Slots`.
    Deallocate(u16),
    /// [`Op::ArithRR`], `deallocate Slots`, then `return`: the end of a
    /// function whose result is a sum (`f(A) + g(B)`). It covers three
    /// instructions; the two after it keep their own ops.
    ArithRRDeallocateReturn { subtract: bool, a: Reg, b: Reg, dst: Reg, slots: u16 },
    /// [`Op::ArithRRDeallocateReturn`] of an x register and a y register
    /// into an x register (`f(A) + Saved`), with no test of the register
    /// kinds at run time.
    ArithXYDeallocateReturn { subtract: bool, a: u16, b: u16, dst: u16, slots: u16 },
    /// `deallocate Slots` then `return`.
    DeallocateReturn(u16),
    /// `return` to an address in the same module.
    Return,
    /// `loop_rec Fail, xD` when the mailbox has a message at the cursor,
    /// or when it has none and no signal waits in the inbox (then on to
    /// `Fail`); otherwise the generic handler takes the inbox in first.
    LoopRecX { fail: u32, x: u16 },
    /// `wait Label` when no signal waits in the inbox.
    Wait(u32),
    /// `remove_message`.
    RemoveMessage,
    /// `send` to a local pid (anything else: the generic handler).
    Send,
    /// `bs_start_match3` or `bs_start_match4` of an x register holding a
    /// match context already (a matching loop's next step), which is reused.
    BsStartMatchX { src: u16, dst: Reg },
    /// `bs_get_position` of a match context in an x register.
    BsGetPositionX { ctx: u16, dst: Reg },
    /// `bs_get_integer2` of 8, 16 or 32 bits, unsigned and big-endian, from
    /// a match context in an x register standing on a byte boundary (with
    /// too few bits left, the generic handler goes to the fail label).
    BsGetIntegerX { ctx: u16, bits: u8, dst: Reg },
    /// `bs_test_unit` of a match context in an x register.
    BsTestUnitX { fail: u32, ctx: u16, unit: u16 },
    /// `is_nonempty_list Fail, Reg`.
    IsNonemptyList { fail: u32, src: Reg },
    /// `is_nil Fail, Reg`.
    IsNil { fail: u32, src: Reg },
    /// `is_list Fail, Reg`.
    IsList { fail: u32, src: Reg },
    /// `is_tuple Fail, Reg`.
    IsTuple { fail: u32, src: Reg },
    /// `test_arity Fail, Reg, Arity`.
    TestArity { fail: u32, src: Reg, arity: u32 },
    /// `is_tagged_tuple Fail, Reg, Arity, Atom` (the module's atom index).
    IsTaggedTuple { fail: u32, src: Reg, arity: u16, atom: u32 },
    /// `is_integer Fail, Reg`.
    IsInteger { fail: u32, src: Reg },
    /// `is_atom Fail, Reg`.
    IsAtom { fail: u32, src: Reg },
    /// `is_pid Fail, Reg`.
    IsPid { fail: u32, src: Reg },
    /// `select_tuple_arity Reg, Fail, Cases`.
    SelectTupleArity { src: Reg, fail: u32, cases: Cases },
    /// `try Y, Label` and `catch Y, Label`: the handler's marker in `y`.
    Try { y: u16, label: u32 },
    /// `try_end Y`.
    TryEnd { y: u16 },
    /// `get_list Reg, Head, Tail` of a cons cell (anything else: the
    /// generic handler raises).
    GetList { src: Reg, head: Reg, tail: Reg },
    /// `is_nonempty_list Fail, Reg` then `get_list` of the same register:
    /// the head of a clause that takes a list apart.
    IsNonemptyListGetList { fail: u32, src: Reg, head: Reg, tail: Reg },
    /// `get_hd Reg, Head` of a cons cell.
    GetHd { src: Reg, dst: Reg },
    /// `get_tl Reg, Tail` of a cons cell.
    GetTl { src: Reg, dst: Reg },
    /// `test_heap Need, Live` when no collection is due.
    TestHeap { need: u32 },
    /// `put_list Head, Tail, Dst`.
    PutList { head: Src, tail: Src, dst: Reg },
    /// `is_lt Fail, A, B` of other shapes than [`Op::IsLtXI`]: two small
    /// integers, or a float and a float or a small integer
    /// ([`float_order`]), on the fast path.
    IsLt { fail: u32, a: Src, b: Src },
    /// `is_ge Fail, A, B` of other shapes than [`Op::IsGeXI`].
    IsGe { fail: u32, a: Src, b: Src },
    /// `is_eq_exact Fail, A, B` of other shapes than [`Op::IsEqExactXC`].
    IsEqExact { fail: u32, a: Src, b: Src },
    /// `is_ne_exact Fail, A, B`.
    IsNeExact { fail: u32, a: Src, b: Src },
    /// `trim N, Remaining`.
    Trim(u16),
    /// `init_yregs Ys`.
    InitYregs(Ys),
    /// `swap A, B`.
    Swap(Reg, Reg),
    /// `select_val Reg, Fail, Cases` of an immediate (anything else: the
    /// generic handler).
    SelectVal { src: Reg, fail: u32, cases: Cases },
    /// `call_ext Arity, Import` of an import already resolved to Erlang code.
    CallExt { arity: u16, import: u32 },
    /// `call_ext_last Arity, Import, Deallocate` of an import already
    /// resolved to Erlang code.
    CallExtLast { arity: u16, deallocate: u16, import: u32 },
    /// `call_ext_only Arity, Import` of an import already resolved to
    /// Erlang code.
    CallExtOnly { arity: u16, import: u32 },
    /// `call_fun Arity` of a local fun of that arity.
    CallFun(u16),
    /// `call_fun_last Arity, Deallocate` of a local fun of that arity.
    CallFunLast { arity: u16, deallocate: u16 },
    /// `make_fun Lambda, Dst, Free`.
    MakeFun { lambda: u32, dst: Reg, free: Srcs },
    /// `is_function2 Fail, Reg, Arity`.
    IsFunction2 { fail: u32, src: Reg, arity: Src },
    /// `bif` of a BIF with no effect but its result, when it returns a
    /// value; when it fails, the generic handler calls it again.
    Bif { bif: u16, args: Srcs, dst: Reg },
    /// `call_ext Arity, Import` of a BIF with no effect but its result,
    /// when it returns a value; when it raises, the generic handler calls
    /// it again and raises.
    CallExtBif { arity: u16, bif: u16 },
    /// `call_ext_last` of such a BIF: on to the return address.
    CallExtLastBif { arity: u16, deallocate: u16, bif: u16 },
    /// `call_ext_only` of such a BIF: on to the return address.
    CallExtOnlyBif { arity: u16, bif: u16 },
    /// `test_heap Need, Live` then `put_list`: building one cell.
    TestHeapPutList { need: u32, head: Src, tail: Src, dst: Reg },
    /// Two `move`s between registers in a row (shuffling arguments).
    Move2 { from: Reg, to: Reg, from2: Reg, to2: Reg },
    /// `gc_bif` of a BIF with no effect but its result (arithmetic,
    /// `length/1`) when no collection is due and the BIF returns a value;
    /// when it raises, the generic handler calls it again and raises.
    GcBif { bif: u16, args: Srcs, dst: Reg },
    /// `fload Reg, Fr` of a float (anything else: the generic handler
    /// raises).
    Fload { src: Reg, fr: u16 },
    /// `fload` of a literal float, or `fconv` of a literal number, into
    /// float register `fr`: the value, decoded at load time, as its bits
    /// (so that an op stays `Eq`).
    FloadC { fr: u16, bits: u64 },
    /// `fstore Fr, Reg`: the float boxed on the heap, in the room the
    /// `test_heap` before it reserved, as the generic handler boxes it.
    Fstore { fr: u16, dst: Reg },
    /// `fconv Reg, Fr` of a float or a small integer (anything else: the
    /// generic handler converts or raises).
    Fconv { src: Reg, fr: u16 },
    /// `fadd A, B, Dst` on float registers, when the sum is finite;
    /// otherwise the generic handler raises `badarith`.
    Fadd { a: u16, b: u16, dst: u16 },
    /// `fsub A, B, Dst`, likewise.
    Fsub { a: u16, b: u16, dst: u16 },
    /// `fmul A, B, Dst`, likewise.
    Fmul { a: u16, b: u16, dst: u16 },
    /// `fdiv A, B, Dst`, likewise (a zero divisor gives a result that is
    /// not finite).
    Fdiv { a: u16, b: u16, dst: u16 },
    /// `fnegate A, Dst`.
    Fnegate { a: u16, dst: u16 },
    /// [`Op::Fload`] then `fadd`, `fsub`, `fmul` or `fdiv` (`arith` is 0,
    /// 1, 2 or 3): an operand loaded, then used.
    FloadArith { src: Reg, fr: u16, arith: u8, a: u16, b: u16, dst: u16 },
    /// Two [`Op::Fload`]s in a row.
    Fload2 { src: Reg, fr: u16, src2: Reg, fr2: u16 },
    /// Two [`Op::Fstore`]s in a row (the results of float code boxed).
    Fstore2 { fr: u16, dst: Reg, fr2: u16, dst2: Reg },
    /// `get_tuple_element Reg, Index, Dst` of a tuple that has the element
    /// (anything else: the generic handler raises).
    GetTupleElement { src: Reg, index: u32, dst: Reg },
    /// `put_tuple2 Dst, Elements`.
    PutTuple2 { dst: Reg, elements: Srcs },
    /// `bs_create_bin` of the module's plan with this index
    /// (`LoadedModule::bs_plans`), when no collection is due and no segment
    /// fails (otherwise the generic handler collects, builds or raises).
    BsCreateBin(u32),
}

/// An op is two words, so that the array stays dense.
const _: () = assert!(std::mem::size_of::<Op>() == 16);

/// Names every op, in one list: [`Op::NAMES`] and [`Op::index`], for
/// counting what ran (the `coverage` feature). The match in `index` is
/// exhaustive, so an op missing from the list does not compile.
#[cfg(feature = "coverage")]
macro_rules! op_names {
    ($($variant:ident),* $(,)?) => {
        impl Op {
            /// Every op's name, in the order of [`Op::index`].
            pub(crate) const NAMES: &'static [&'static str] = &[$(stringify!($variant)),*];

            /// The op's place in [`Op::NAMES`].
            pub(crate) fn index(self) -> usize {
                enum Index {
                    $($variant),*
                }
                match self {
                    $(Op::$variant { .. } => Index::$variant as usize),*
                }
            }
        }
    };
}

#[cfg(feature = "coverage")]
op_names!(
    Generic,
    End,
    MoveXX,
    MoveXY,
    MoveYX,
    MoveYY,
    MoveCX,
    MoveCY,
    Jump,
    IsLtXI,
    IsGeXI,
    IsLtXIReturn,
    IsGeXIReturn,
    IsEqExactXC,
    AddRI,
    AddYX,
    ArithRR,
    AddRICall,
    Call,
    CallLast,
    CallOnly,
    Allocate,
    AllocateHeap,
    AllocateMoveXY,
    Deallocate,
    ArithRRDeallocateReturn,
    ArithXYDeallocateReturn,
    DeallocateReturn,
    Return,
    LoopRecX,
    Wait,
    RemoveMessage,
    Send,
    BsStartMatchX,
    BsGetPositionX,
    BsGetIntegerX,
    BsTestUnitX,
    IsNonemptyList,
    IsNil,
    IsList,
    IsTuple,
    TestArity,
    IsTaggedTuple,
    IsInteger,
    IsAtom,
    IsPid,
    SelectTupleArity,
    Try,
    TryEnd,
    GetList,
    IsNonemptyListGetList,
    GetHd,
    GetTl,
    TestHeap,
    PutList,
    IsLt,
    IsGe,
    IsEqExact,
    IsNeExact,
    Trim,
    InitYregs,
    Swap,
    SelectVal,
    CallExt,
    CallExtLast,
    CallExtOnly,
    CallFun,
    CallFunLast,
    MakeFun,
    IsFunction2,
    Bif,
    CallExtBif,
    CallExtLastBif,
    CallExtOnlyBif,
    TestHeapPutList,
    Move2,
    GcBif,
    Fload,
    FloadC,
    Fstore,
    Fconv,
    Fadd,
    Fsub,
    Fmul,
    Fdiv,
    Fnegate,
    FloadArith,
    Fload2,
    Fstore2,
    GetTupleElement,
    PutTuple2,
    BsCreateBin,
);

/// Whether two strings are equal, in a constant expression.
const fn same_str(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Defines `bif_index` over every row of the BIF table.
macro_rules! bif_index_fn {
    ($($index:literal, $module:ident, $name:literal, $arity:literal, $cost:literal, $gc:ident, $returns:ident, $($path:ident)::+, $doc:literal;)*) => {
        /// The index of BIF `module:name/arity` in the BIF table, for
        /// constants: a BIF the table lacks fails the build, and an index
        /// cannot drift from the table's.
        const fn bif_index(module: &str, name: &str, arity: u8) -> u16 {
            $(
                if same_str(stringify!($module), module) && same_str($name, name) && $arity == arity {
                    return $index;
                }
            )*
            panic!("no such BIF in the table")
        }
    };
}
girder_spec::for_each_bif!(bif_index_fn);

/// The index of `erlang:'+'/2` in the BIF table.
pub(super) const ADD: u16 = bif_index("erlang", "+", 2);
/// The index of `erlang:'-'/2` in the BIF table.
pub(super) const SUB: u16 = bif_index("erlang", "-", 2);
/// The index of `erlang:'*'/2` in the BIF table.
pub(super) const MUL: u16 = bif_index("erlang", "*", 2);
/// The index of `erlang:'/'/2` in the BIF table.
pub(super) const FDIV: u16 = bif_index("erlang", "/", 2);
/// The index of `erlang:'div'/2` in the BIF table.
pub(super) const DIV: u16 = bif_index("erlang", "div", 2);
/// The index of `erlang:'rem'/2` in the BIF table.
pub(super) const REM: u16 = bif_index("erlang", "rem", 2);

/// The BIFs a `gc_bif` may call from [`Op::GcBif`]: their only effect is
/// their result (and its reductions), so that when one raises, the generic
/// handler may call it again to raise.
const PURE_GC_BIFS: &[u16] = &[
    ADD,
    SUB,
    MUL,
    FDIV,
    DIV,
    REM,
    bif_index("erlang", "-", 1),
    bif_index("erlang", "abs", 1),
    bif_index("erlang", "band", 2),
    bif_index("erlang", "bor", 2),
    bif_index("erlang", "bxor", 2),
    bif_index("erlang", "bsl", 2),
    bif_index("erlang", "bsr", 2),
    bif_index("erlang", "length", 1),
];

/// The BIFs a `bif`, or a `call_ext` of a BIF, may call from its op, for
/// the same reason: their only effect is their result (and its
/// reductions), and they never yield, exit, halt or hand the call on.
const PURE_BIFS: &[u16] = &[
    bif_index("erlang", "hd", 1),
    bif_index("erlang", "tl", 1),
    bif_index("erlang", "element", 2),
    bif_index("erlang", "tuple_size", 1),
    bif_index("erlang", "min", 2),
    bif_index("erlang", "max", 2),
    bif_index("erlang", "map_get", 2),
    bif_index("erlang", "is_map_key", 2),
    bif_index("erlang", "length", 1),
    bif_index("erlang", "++", 2),
    bif_index("erlang", "--", 2),
    bif_index("lists", "reverse", 1),
    bif_index("lists", "reverse", 2),
    bif_index("lists", "member", 2),
    bif_index("lists", "keyfind", 3),
    bif_index("math", "sqrt", 1),
];

fn reg_of_dst(dst: Dst) -> Reg {
    match dst {
        Dst::X(n) => n as u16,
        Dst::Y(n) => n as u16 | Y_BIT,
    }
}

fn reg_of_src(kind: SrcKind) -> Option<Reg> {
    match kind {
        SrcKind::X(n) => Some(n as u16),
        SrcKind::Y(n) => Some(n as u16 | Y_BIT),
        _ => None,
    }
}

/// The op of one instruction on its own.
fn single(module: &Module, instr: &Instr, literals: &[Term], bif_of_import: &[u16], plans: &mut Vec<Plan>) -> Op {
    let constant = |src: Src| match src.kind() {
        SrcKind::Int(value) => Some(Term::small_unchecked(i64::from(value))),
        SrcKind::Literal(n) => Some(literals[n as usize]),
        _ => None,
    };
    let entry = |function: u32| module.functions[function as usize].entry.0;
    // An import naming a BIF is that BIF (see `calls::call_ext`).
    let pure_bif = |import: u32| Some(bif_of_import[import as usize]).filter(|bif| PURE_BIFS.contains(bif));
    match *instr {
        Instr::Move(src, dst) => match (src.kind(), dst) {
            (SrcKind::X(s), Dst::X(d)) => Op::MoveXX(s as u16, d as u16),
            (SrcKind::X(s), Dst::Y(d)) => Op::MoveXY(s as u16, d as u16),
            (SrcKind::Y(s), Dst::X(d)) => Op::MoveYX(s as u16, d as u16),
            (SrcKind::Y(s), Dst::Y(d)) => Op::MoveYY(s as u16, d as u16),
            (_, Dst::X(d)) => constant(src).map_or(Op::Generic, |value| Op::MoveCX(d as u16, value)),
            (_, Dst::Y(d)) => constant(src).map_or(Op::Generic, |value| Op::MoveCY(d as u16, value)),
        },
        Instr::Jump(label) => Op::Jump(label.0),
        Instr::IsLt(fail, a, b) => match (a.kind(), b.kind()) {
            (SrcKind::X(x), SrcKind::Int(value)) => Op::IsLtXI { fail: fail.0, x: x as u16, value },
            _ => Op::IsLt { fail: fail.0, a, b },
        },
        Instr::IsGe(fail, a, b) => match (a.kind(), b.kind()) {
            (SrcKind::X(x), SrcKind::Int(value)) => Op::IsGeXI { fail: fail.0, x: x as u16, value },
            _ => Op::IsGe { fail: fail.0, a, b },
        },
        Instr::IsEqExact(fail, a, b) => match (a.kind(), constant(b)) {
            (SrcKind::X(x), Some(value)) if value.is_immediate() => {
                Op::IsEqExactXC { fail: fail.0, x: x as u16, value }
            }
            _ => Op::IsEqExact { fail: fail.0, a, b },
        },
        Instr::IsNeExact(fail, a, b) => Op::IsNeExact { fail: fail.0, a, b },
        Instr::IsNonemptyList(fail, src) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsNonemptyList { fail: fail.0, src })
        }
        Instr::IsNil(fail, src) => reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsNil { fail: fail.0, src }),
        Instr::IsTuple(fail, src) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsTuple { fail: fail.0, src })
        }
        Instr::TestArity(fail, src, arity) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::TestArity { fail: fail.0, src, arity })
        }
        Instr::IsTaggedTuple(fail, src, arity, atom) => {
            match (reg_of_src(src.kind()), u16::try_from(arity), (atom as usize) < module.atoms.len()) {
                (Some(src), Ok(arity), true) => Op::IsTaggedTuple { fail: fail.0, src, arity, atom },
                _ => Op::Generic,
            }
        }
        Instr::IsList(fail, src) => reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsList { fail: fail.0, src }),
        Instr::IsAtom(fail, src) => reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsAtom { fail: fail.0, src }),
        Instr::IsPid(fail, src) => reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsPid { fail: fail.0, src }),
        Instr::SelectTupleArity(src, fail, cases) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::SelectTupleArity { src, fail: fail.0, cases })
        }
        Instr::Try(y, label) | Instr::Catch(y, label) => match u16::try_from(y) {
            Ok(y) => Op::Try { y, label: label.0 },
            Err(_) => Op::Generic,
        },
        Instr::TryEnd(y) => u16::try_from(y).map_or(Op::Generic, |y| Op::TryEnd { y }),
        Instr::IsInteger(fail, src) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsInteger { fail: fail.0, src })
        }
        Instr::IsFunction2(fail, src, arity) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::IsFunction2 { fail: fail.0, src, arity })
        }
        Instr::GetList(src, head, tail) => reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::GetList {
            src,
            head: reg_of_dst(head),
            tail: reg_of_dst(tail),
        }),
        Instr::GetHd(src, dst) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::GetHd { src, dst: reg_of_dst(dst) })
        }
        Instr::GetTl(src, dst) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::GetTl { src, dst: reg_of_dst(dst) })
        }
        Instr::TestHeap(need, _live) => Op::TestHeap { need },
        Instr::PutList(head, tail, dst) => Op::PutList { head, tail, dst: reg_of_dst(dst) },
        Instr::Trim(n, _remaining) => Op::Trim(n as u16),
        Instr::InitYregs(list) => Op::InitYregs(list),
        Instr::Swap(a, b) => Op::Swap(reg_of_dst(a), reg_of_dst(b)),
        Instr::SelectVal(src, fail, cases) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::SelectVal { src, fail: fail.0, cases })
        }
        Instr::CallExt(arity, import) => match pure_bif(import) {
            Some(bif) => Op::CallExtBif { arity: arity as u16, bif },
            None => Op::CallExt { arity: arity as u16, import },
        },
        Instr::CallExtLast(arity, import, deallocate) => match pure_bif(import) {
            Some(bif) => Op::CallExtLastBif { arity: arity as u16, deallocate: deallocate as u16, bif },
            None => Op::CallExtLast { arity: arity as u16, deallocate: deallocate as u16, import },
        },
        Instr::CallExtOnly(arity, import) => match pure_bif(import) {
            Some(bif) => Op::CallExtOnlyBif { arity: arity as u16, bif },
            None => Op::CallExtOnly { arity: arity as u16, import },
        },
        Instr::Bif(_, import, args, dst) => match pure_bif(import) {
            Some(bif) => Op::Bif { bif, args, dst: reg_of_dst(dst) },
            None => Op::Generic,
        },
        Instr::CallFun(arity) => Op::CallFun(arity as u16),
        Instr::CallFunLast(arity, deallocate) => Op::CallFunLast { arity: arity as u16, deallocate: deallocate as u16 },
        Instr::MakeFun(lambda, dst, free) => Op::MakeFun { lambda, dst: reg_of_dst(dst), free },
        Instr::GcBif(_, _, import, args, dst) => {
            let bif = bif_of_import[import as usize];
            match (bif, module.srcs(args)) {
                (ADD | SUB, &[a, b]) => {
                    let subtract = bif == SUB;
                    let dst = reg_of_dst(dst);
                    match (reg_of_src(a.kind()), b.kind()) {
                        // A `Src` integer has 30 bits, so its negation fits.
                        (Some(a), SrcKind::Int(value)) => {
                            let value = if subtract { -value } else { value };
                            if !is_x(a) && is_x(dst) {
                                Op::AddYX { y: a & !Y_BIT, value, x: dst }
                            } else {
                                Op::AddRI { a, value, dst }
                            }
                        }
                        (Some(a), kind) => {
                            reg_of_src(kind).map_or(Op::Generic, |b| Op::ArithRR { subtract, a, b, dst })
                        }
                        _ => Op::Generic,
                    }
                }
                _ if PURE_GC_BIFS.contains(&bif) => Op::GcBif { bif, args, dst: reg_of_dst(dst) },
                _ => Op::Generic,
            }
        }
        Instr::Call(arity, function) => Op::Call { arity: arity as u16, entry: entry(function) },
        Instr::CallLast(arity, function, deallocate) => {
            Op::CallLast { arity: arity as u16, deallocate: deallocate as u16, entry: entry(function) }
        }
        Instr::CallOnly(arity, function) => Op::CallOnly { arity: arity as u16, entry: entry(function) },
        Instr::Allocate(slots, _live) => Op::Allocate { slots: slots as u16 },
        Instr::AllocateHeap(slots, need, _live) => Op::AllocateHeap { slots: slots as u16, need },
        Instr::Deallocate(slots) => Op::Deallocate(slots as u16),
        Instr::Return() => Op::Return,
        Instr::LoopRec(fail, Dst::X(x)) => Op::LoopRecX { fail: fail.0, x: x as u16 },
        Instr::Wait(label) => Op::Wait(label.0),
        Instr::RemoveMessage() => Op::RemoveMessage,
        Instr::Send() => Op::Send,
        Instr::BsStartMatch3(_, src, _, dst) | Instr::BsStartMatch4(_, _, src, dst) => match src.kind() {
            SrcKind::X(x) => Op::BsStartMatchX { src: x as u16, dst: reg_of_dst(dst) },
            _ => Op::Generic,
        },
        Instr::BsGetPosition(context, dst, _) => match context.kind() {
            SrcKind::X(x) => Op::BsGetPositionX { ctx: x as u16, dst: reg_of_dst(dst) },
            _ => Op::Generic,
        },
        Instr::BsGetInteger2(_, context, _, size, unit, 0, dst) => match (context.kind(), size.kind()) {
            (SrcKind::X(x), SrcKind::Int(size)) => match i64::from(size) * i64::from(unit) {
                bits @ (8 | 16 | 32) => Op::BsGetIntegerX { ctx: x as u16, bits: bits as u8, dst: reg_of_dst(dst) },
                _ => Op::Generic,
            },
            _ => Op::Generic,
        },
        Instr::BsTestUnit(fail, context, unit) => match (context.kind(), u16::try_from(unit)) {
            (SrcKind::X(x), Ok(unit)) if unit > 0 => Op::BsTestUnitX { fail: fail.0, ctx: x as u16, unit },
            _ => Op::Generic,
        },
        Instr::Fload(src, fr) => match (reg_of_src(src.kind()), float_reg(fr)) {
            (Some(src), Some(fr)) => Op::Fload { src, fr },
            // A literal that is not a float raises: the generic handler's.
            (None, Some(fr)) => match constant(src).and_then(Term::as_float) {
                Some(value) => Op::FloadC { fr, bits: value.to_bits() },
                None => Op::Generic,
            },
            _ => Op::Generic,
        },
        Instr::Fconv(src, fr) => match (reg_of_src(src.kind()), float_reg(fr)) {
            (Some(src), Some(fr)) => Op::Fconv { src, fr },
            (None, Some(fr)) => match constant(src).and_then(crate::bif::number_to_f64) {
                Some(value) => Op::FloadC { fr, bits: value.to_bits() },
                None => Op::Generic,
            },
            _ => Op::Generic,
        },
        Instr::Fstore(fr, dst) => float_reg(fr).map_or(Op::Generic, |fr| Op::Fstore { fr, dst: reg_of_dst(dst) }),
        Instr::Fadd(a, b, dst) => float_regs(a, b, dst).map_or(Op::Generic, |(a, b, dst)| Op::Fadd { a, b, dst }),
        Instr::Fsub(a, b, dst) => float_regs(a, b, dst).map_or(Op::Generic, |(a, b, dst)| Op::Fsub { a, b, dst }),
        Instr::Fmul(a, b, dst) => float_regs(a, b, dst).map_or(Op::Generic, |(a, b, dst)| Op::Fmul { a, b, dst }),
        Instr::Fdiv(a, b, dst) => float_regs(a, b, dst).map_or(Op::Generic, |(a, b, dst)| Op::Fdiv { a, b, dst }),
        Instr::Fnegate(a, dst) => match (float_reg(a), float_reg(dst)) {
            (Some(a), Some(dst)) => Op::Fnegate { a, dst },
            _ => Op::Generic,
        },
        Instr::GetTupleElement(src, index, dst) => {
            reg_of_src(src.kind()).map_or(Op::Generic, |src| Op::GetTupleElement { src, index, dst: reg_of_dst(dst) })
        }
        Instr::PutTuple2(dst, elements) => Op::PutTuple2 { dst: reg_of_dst(dst), elements },
        Instr::BsCreateBin(_, heap_need, _, dst, segments) => {
            match (
                super::bs_build::plan(literals, heap_need, reg_of_dst(dst), module.srcs(segments)),
                u32::try_from(plans.len()),
            ) {
                (Some(plan), Ok(index)) => {
                    plans.push(plan);
                    Op::BsCreateBin(index)
                }
                _ => Op::Generic,
            }
        }
        _ => Op::Generic,
    }
}

/// A float register's index as an op holds it; `None` past the float
/// register file (which the verifier refuses, so never in fact).
fn float_reg(fr: u32) -> Option<u16> {
    u16::try_from(fr).ok().filter(|&fr| u32::from(fr) < girder_spec::MAX_FLOAT_REGS)
}

/// The three float registers of a float operation.
fn float_regs(a: u32, b: u32, dst: u32) -> Option<(u16, u16, u16)> {
    Some((float_reg(a)?, float_reg(b)?, float_reg(dst)?))
}

/// Defines `fused` from the rows of the fusion table below.
macro_rules! fusion_table {
    ($($first:pat_param | $second:pat_param $(| $third:pat_param)? $(if $guard:expr)? => $fused:expr;)*) => {
        /// The superinstruction doing `first` and then `second`, the op
        /// after it (and `third`, the op after that, when the function has
        /// one), when the fusion table has one.
        fn fused(first: Op, second: Op, third: Option<Op>) -> Option<Op> {
            match (first, second, third) {
                $(($first, $second, fusion_third!($($third)?)) $(if $guard)? => Some($fused),)*
                _ => None,
            }
        }
    };
}

/// The pattern of a fusion row's third op: any op (or none) when the row
/// fuses two.
macro_rules! fusion_third {
    () => {
        _
    };
    ($third:pat_param) => {
        Some($third)
    };
}

/// Whether a [`Reg`] is an x register.
const fn is_x(reg: Reg) -> bool {
    reg & Y_BIT == 0
}

// The superinstructions, as OTP's `ops.tab` lists them: the ops of two or
// three instructions in a row, `|` between them, and the op that replaces
// the first. Rows are tried in order; the first that matches wins. The
// dispatch loop runs a superinstruction as the pieces of the ops it covers,
// one after the other (`interp/mod.rs`), so a row here and that handler are
// all it takes to add one.
fusion_table! {
    Op::ArithRR { subtract, a, b, dst } | Op::Deallocate(slots) | Op::Return
        if is_x(a) && !is_x(b) && is_x(dst)
        => Op::ArithXYDeallocateReturn { subtract, a, b: b & !Y_BIT, dst, slots };
    Op::ArithRR { subtract, a, b, dst } | Op::Deallocate(slots) | Op::Return
        => Op::ArithRRDeallocateReturn { subtract, a, b, dst, slots };
    Op::IsLtXI { fail, x, value } | Op::Return => Op::IsLtXIReturn { fail, x, value };
    Op::IsGeXI { fail, x, value } | Op::Return => Op::IsGeXIReturn { fail, x, value };
    Op::Allocate { slots } | Op::MoveXY(from, to) => Op::AllocateMoveXY { slots, from, to };
    Op::AddRI { a, value, dst } | Op::Call { arity, entry } if is_x(dst)
        => Op::AddRICall { a, value, dst, arity, entry };
    Op::AddYX { y, value, x } | Op::Call { arity, entry } => Op::AddRICall { a: y | Y_BIT, value, dst: x, arity, entry };
    Op::Deallocate(slots) | Op::Return => Op::DeallocateReturn(slots);
    Op::IsNonemptyList { fail, src } | Op::GetList { src: of, head, tail } if of == src
        => Op::IsNonemptyListGetList { fail, src, head, tail };
    Op::TestHeap { need } | Op::PutList { head, tail, dst } => Op::TestHeapPutList { need, head, tail, dst };
    first | second if register_move(first).is_some() && register_move(second).is_some()
        => move2(first, second);
    Op::Fload { src, fr } | Op::Fload { src: src2, fr: fr2 } => Op::Fload2 { src, fr, src2, fr2 };
    Op::Fload { src, fr } | Op::Fadd { a, b, dst } => Op::FloadArith { src, fr, arith: FADD, a, b, dst };
    Op::Fload { src, fr } | Op::Fsub { a, b, dst } => Op::FloadArith { src, fr, arith: FSUB, a, b, dst };
    Op::Fload { src, fr } | Op::Fmul { a, b, dst } => Op::FloadArith { src, fr, arith: FMUL, a, b, dst };
    Op::Fload { src, fr } | Op::Fdiv { a, b, dst } => Op::FloadArith { src, fr, arith: FDIV_REGS, a, b, dst };
    Op::Fstore { fr, dst } | Op::Fstore { fr: fr2, dst: dst2 } => Op::Fstore2 { fr, dst, fr2, dst2 };
}

/// [`Op::FloadArith`]'s `arith` for `fadd`.
pub(crate) const FADD: u8 = 0;
/// `fsub`.
pub(crate) const FSUB: u8 = 1;
/// `fmul`.
pub(crate) const FMUL: u8 = 2;
/// `fdiv`.
pub(crate) const FDIV_REGS: u8 = 3;

/// The registers of a `move` from a register to a register: from, to.
const fn register_move(op: Op) -> Option<(Reg, Reg)> {
    match op {
        Op::MoveXX(from, to) => Some((from, to)),
        Op::MoveXY(from, to) => Some((from, to | Y_BIT)),
        Op::MoveYX(from, to) => Some((from | Y_BIT, to)),
        Op::MoveYY(from, to) => Some((from | Y_BIT, to | Y_BIT)),
        _ => None,
    }
}

/// [`Op::Move2`] of two register moves.
fn move2(first: Op, second: Op) -> Op {
    match (register_move(first), register_move(second)) {
        (Some((from, to)), Some((from2, to2))) => Op::Move2 { from, to, from2, to2 },
        _ => unreachable!("the fusion row matched two register moves"),
    }
}

/// The op array of a verified module whose literals are `literals` and
/// whose imports resolve to `bif_of_import`: one op per instruction, then
/// [`Op::End`]; and the plans its [`Op::BsCreateBin`]s name.
pub(crate) fn specialize(module: &Module, literals: &[Term], bif_of_import: &[u16]) -> (Box<[Op]>, Box<[Plan]>) {
    let mut plans = Vec::new();
    let singles: Vec<Op> =
        module.code.iter().map(|instr| single(module, instr, literals, bif_of_import, &mut plans)).collect();
    let mut ops = singles.clone();
    for function in &module.functions {
        let (start, end) = (function.entry.0 as usize, function.end as usize);
        for index in start..end.saturating_sub(1) {
            let third = (index + 2 < end).then(|| singles[index + 2]);
            if let Some(op) = fused(singles[index], singles[index + 1], third) {
                ops[index] = op;
            }
        }
    }
    ops.push(Op::End);
    (ops.into_boxed_slice(), plans.into_boxed_slice())
}

/// The tag bits of a small integer's word: the value sits above them,
/// shifted by [`SMALL_SHIFT`], so the word is the value times 16 plus these
/// bits, and adding two values is adding their words minus one set of bits.
const SMALL_TAG_BITS: u64 = Term::small_unchecked(0).raw();

/// How far a small integer's value is shifted in its word.
const SMALL_SHIFT: u32 = 4;

const _: () = assert!(Term::small_unchecked(1).raw() == 1 << SMALL_SHIFT | SMALL_TAG_BITS);
const _: () = assert!(Term::small_unchecked(-1).raw() == (-1i64 << SMALL_SHIFT) as u64 | SMALL_TAG_BITS);

/// `a + value` when `a` is a small integer and the result is one too;
/// `None` otherwise (a bignum or a type error, for the BIF to decide).
///
/// Works on the words: a small integer's word is its value shifted into the
/// whole 64 bits, so the word sum overflows exactly when the result leaves
/// the small range.
#[inline(always)]
pub(crate) fn add_small_int(a: Term, value: i32) -> Option<Term> {
    if !a.is_small() {
        return None;
    }
    let sum = (a.raw() as i64).checked_add(i64::from(value) << SMALL_SHIFT)?;
    Some(Term::from_raw(sum as u64))
}

/// `a + b` (or `a - b` when `subtract`) when both are small integers and the
/// result is one too; `None` otherwise.
#[inline(always)]
pub(crate) fn add_smalls(a: Term, b: Term, subtract: bool) -> Option<Term> {
    if !(a.is_small() && b.is_small()) {
        return None;
    }
    let word = a.raw() as i64;
    let offset = (b.raw() & !SMALL_TAG_BITS) as i64;
    let sum = if subtract { word.checked_sub(offset)? } else { word.checked_add(offset)? };
    Some(Term::from_raw(sum as u64))
}

/// The largest magnitude up to which every integer is exactly an `f64`:
/// 2^53.
const EXACT_IN_F64: i64 = 1 << 53;

/// A number as an `f64` for a comparison: a float, or a small integer that
/// converts exactly; `None` for anything else.
#[inline(always)]
fn exact_f64(term: Term) -> Option<f64> {
    if term.is_small() {
        let value = term.small_value();
        return (-EXACT_IN_F64..=EXACT_IN_F64).contains(&value).then_some(value as f64);
    }
    term.as_float()
}

/// How `a` orders against `b` in the term order when one is a float and the
/// other a float or a small integer that converts to an `f64` exactly
/// (comparing by value then is comparing the `f64`s, as `1 == 1.0`); `None`
/// otherwise, for the full comparison to decide.
#[inline(always)]
pub(crate) fn float_order(a: Term, b: Term) -> Option<std::cmp::Ordering> {
    // Two small integers are the integer fast paths'.
    if a.is_small() && b.is_small() {
        return None;
    }
    exact_f64(a)?.partial_cmp(&exact_f64(b)?)
}

/// `a + b`, `a - b`, `a * b` or `a / b` (BIF `bif`) when one operand is a
/// float and the other a float or a small integer, as `erlang:'+'/2` and
/// the others compute it (the integer converted to the nearest `f64`), and
/// the result is finite; `None` otherwise, for the BIF to compute or raise.
#[inline(always)]
pub(crate) fn float_arith(bif: u16, a: Term, b: Term) -> Option<f64> {
    let number = |term: Term| if term.is_small() { Some(term.small_value() as f64) } else { term.as_float() };
    if a.is_small() && b.is_small() {
        return None;
    }
    let (a, b) = (number(a)?, number(b)?);
    let result = match bif {
        ADD => a + b,
        SUB => a - b,
        MUL => a * b,
        FDIV => a / b,
        _ => return None,
    };
    result.is_finite().then_some(result)
}

#[cfg(test)]
mod tests {
    use super::*;
    use girder_loader::{Fail, Function, Label};

    #[test]
    fn an_op_is_two_words() {
        assert!(std::mem::size_of::<Op>() <= 16, "{}", std::mem::size_of::<Op>());
    }

    fn module_of(code: Vec<Instr>, functions: Vec<Function>) -> Module {
        Module { atoms: vec!["m".into(), "f".into()], code, functions, ..Module::default() }
    }

    #[test]
    fn the_array_ends_with_end_and_keeps_indices() {
        let code = vec![Instr::IsLt(Label(2), Src::x(0), Src::int(2).unwrap()), Instr::Return(), Instr::Return()];
        let function = Function { name: 1, arity: 1, entry: Label(0), end: 3 };
        let (ops, _) = specialize(&module_of(code, vec![function]), &[], &[]);
        assert_eq!(&*ops, &[Op::IsLtXIReturn { fail: 2, x: 0, value: 2 }, Op::Return, Op::Return, Op::End]);
    }

    #[test]
    fn superinstructions_never_span_functions() {
        let code = vec![Instr::Deallocate(0), Instr::Return(), Instr::Move(Src::x(0), Dst::X(1)), Instr::Deallocate(1)];
        let functions = vec![
            Function { name: 1, arity: 0, entry: Label(0), end: 1 },
            Function { name: 1, arity: 1, entry: Label(1), end: 2 },
            Function { name: 1, arity: 2, entry: Label(2), end: 4 },
        ];
        let (ops, _) = specialize(&module_of(code, functions), &[], &[]);
        assert_eq!(&*ops, &[Op::Deallocate(0), Op::Return, Op::MoveXX(0, 1), Op::Deallocate(1), Op::End]);
    }

    #[test]
    fn generic_shapes_stay_generic() {
        let code = vec![
            Instr::IsFloat(Label(0), Src::x(0)),
            Instr::Bif(Fail::NONE, 0, Default::default(), Dst::X(0)),
            Instr::CallExt(1, 1),
        ];
        let function = Function { name: 1, arity: 2, entry: Label(0), end: 3 };
        // Import 0 is a BIF with effects (`erlang:put/2`), import 1 no BIF.
        let (ops, _) = specialize(&module_of(code, vec![function]), &[], &[bif_index("erlang", "put", 2), u16::MAX]);
        assert_eq!(&*ops, &[Op::Generic, Op::Generic, Op::CallExt { arity: 1, import: 1 }, Op::End]);
    }

    #[test]
    fn list_code_gets_its_fast_ops_and_fusions() {
        let code = vec![
            Instr::IsNonemptyList(Label(0), Src::x(0)),
            Instr::GetList(Src::x(0), Dst::X(1), Dst::Y(0)),
            Instr::IsNonemptyList(Label(0), Src::x(2)),
            Instr::GetList(Src::x(0), Dst::X(1), Dst::X(0)),
            Instr::TestHeap(2, 2),
            Instr::PutList(Src::x(1), Src::literal(0), Dst::X(0)),
            Instr::Move(Src::y(1), Dst::X(0)),
            Instr::Move(Src::x(3), Dst::Y(2)),
            Instr::CallExtOnly(2, 0),
        ];
        let function = Function { name: 1, arity: 3, entry: Label(0), end: 9 };
        let (ops, _) = specialize(&module_of(code, vec![function]), &[Term::NIL], &[bif_index("erlang", "--", 2)]);
        let expected = [
            Op::IsNonemptyListGetList { fail: 0, src: 0, head: 1, tail: Y_BIT },
            Op::GetList { src: 0, head: 1, tail: Y_BIT },
            // A test of another register than the one taken apart.
            Op::IsNonemptyList { fail: 0, src: 2 },
            Op::GetList { src: 0, head: 1, tail: 0 },
            Op::TestHeapPutList { need: 2, head: Src::x(1), tail: Src::literal(0), dst: 0 },
            Op::PutList { head: Src::x(1), tail: Src::literal(0), dst: 0 },
            Op::Move2 { from: 1 | Y_BIT, to: 0, from2: 3, to2: 2 | Y_BIT },
            Op::MoveXY(3, 2),
            Op::CallExtOnlyBif { arity: 2, bif: bif_index("erlang", "--", 2) },
            Op::End,
        ];
        assert_eq!(&*ops, &expected);
    }

    #[test]
    fn a_receive_loop_gets_its_fast_ops() {
        let code = vec![
            Instr::LoopRec(Label(4), Dst::X(0)),
            Instr::RemoveMessage(),
            Instr::Send(),
            Instr::LoopRec(Label(4), Dst::Y(0)),
            Instr::Wait(Label(0)),
        ];
        let function = Function { name: 1, arity: 0, entry: Label(0), end: 5 };
        let (ops, _) = specialize(&module_of(code, vec![function]), &[], &[]);
        let expected = [Op::LoopRecX { fail: 4, x: 0 }, Op::RemoveMessage, Op::Send, Op::Generic, Op::Wait(0), Op::End];
        assert_eq!(&*ops, &expected);
    }

    #[test]
    fn float_code_gets_its_ops() {
        let code = vec![
            Instr::Fload(Src::x(1), 0),
            Instr::Fload(Src::literal(0), 1),
            Instr::Fconv(Src::y(2), 2),
            Instr::Fconv(Src::int(3).unwrap(), 3),
            Instr::Fadd(0, 1, 2),
            Instr::Fdiv(2, 3, 4),
            Instr::Fnegate(4, 5),
            Instr::Fstore(5, Dst::Y(0)),
            // A literal that is not a float raises: the generic handler's.
            Instr::Fload(Src::literal(1), 6),
        ];
        let function = Function { name: 1, arity: 2, entry: Label(0), end: 9 };
        let mut heap = crate::memory::heap::Heap::new(4);
        let literals = [crate::term::build::float(&mut heap, 2.5), Term::NIL];
        let (ops, _) = specialize(&module_of(code, vec![function]), &literals, &[]);
        let expected = [
            Op::Fload { src: 1, fr: 0 },
            Op::FloadC { fr: 1, bits: 2.5f64.to_bits() },
            Op::Fconv { src: 2 | Y_BIT, fr: 2 },
            Op::FloadC { fr: 3, bits: 3.0f64.to_bits() },
            Op::Fadd { a: 0, b: 1, dst: 2 },
            Op::Fdiv { a: 2, b: 3, dst: 4 },
            Op::Fnegate { a: 4, dst: 5 },
            Op::Fstore { fr: 5, dst: Y_BIT },
            Op::Generic,
            Op::End,
        ];
        assert_eq!(&*ops, &expected);
    }

    #[test]
    fn bs_create_bin_gets_a_plan_when_its_segment_list_is_constant() {
        use crate::term::Atom;
        use girder_loader::{Fail, Span};
        let atom = |name: &str| Term::atom(Atom::intern(name).unwrap());
        let literals = [atom("append"), Term::NIL, atom("all"), atom("integer")];
        // <<Acc/binary, Byte>>, then a list whose type is in a register.
        let mut src_pool = vec![Src::literal(0), Src::int(1).unwrap(), Src::int(8).unwrap(), Src::literal(1)];
        src_pool.extend([Src::x(1), Src::literal(2), Src::literal(3), Src::int(2).unwrap(), Src::int(1).unwrap()]);
        src_pool.extend([Src::literal(1), Src::x(0), Src::int(8).unwrap()]);
        src_pool.extend([Src::x(2), Src::int(1).unwrap(), Src::int(1).unwrap(), Src::literal(1), Src::x(0)]);
        src_pool.push(Src::int(8).unwrap());
        let code = vec![
            Instr::BsCreateBin(Fail::NONE, 0, 3, Dst::X(1), Srcs(Span { start: 0, len: 12 })),
            Instr::BsCreateBin(Fail::NONE, 0, 3, Dst::X(1), Srcs(Span { start: 12, len: 6 })),
            // Not a whole number of segments.
            Instr::BsCreateBin(Fail::NONE, 0, 3, Dst::X(1), Srcs(Span { start: 0, len: 5 })),
        ];
        let function = Function { name: 1, arity: 3, entry: Label(0), end: 3 };
        let module = Module { src_pool, ..module_of(code, vec![function]) };
        let (ops, plans) = specialize(&module, &literals, &[]);
        assert_eq!(&*ops, &[Op::BsCreateBin(0), Op::Generic, Op::Generic, Op::End]);
        assert_eq!(plans.len(), 1);
        assert_eq!(plans[0].dst, 1);
    }

    #[test]
    fn float_shortcuts_agree_with_the_term_order_and_the_bifs() {
        use crate::term::compare::compare;
        let mut heap = crate::memory::heap::Heap::new(64);
        let floats = [0.0, -0.0, 1.0, -1.0, 1.5, 4.0, 1.0e308, -1.0e308, 9_007_199_254_740_992.0, 0.1];
        let ints = [0, 1, -1, 4, 1 << 53, (1 << 53) + 1, -(1 << 53) - 1, crate::term::SMALL_MAX];
        let mut terms: Vec<Term> = floats.iter().map(|&value| crate::term::build::float(&mut heap, value)).collect();
        terms.extend(ints.iter().map(|&value| Term::small_unchecked(value)));
        terms.push(Term::NIL);
        for &a in &terms {
            for &b in &terms {
                if let Some(order) = float_order(a, b) {
                    assert_eq!(order, compare(a, b), "{a:?} against {b:?}");
                }
                let as_f64 = |term: Term| term.as_float().or(term.as_small().map(|value| value as f64));
                let expected_some =
                    (a.as_float().is_some() || b.as_float().is_some()) && as_f64(a).is_some() && as_f64(b).is_some();
                assert_eq!(
                    float_order(a, b).is_some(),
                    expected_some && exact_f64(a).is_some() && exact_f64(b).is_some()
                );
                for (bif, op) in [(ADD, "+"), (SUB, "-"), (MUL, "*"), (FDIV, "/")] {
                    let Some(value) = float_arith(bif, a, b) else { continue };
                    assert!(expected_some && value.is_finite(), "{a:?} {op} {b:?}");
                    let (x, y) = (as_f64(a).unwrap(), as_f64(b).unwrap());
                    let by_hand = match op {
                        "+" => x + y,
                        "-" => x - y,
                        "*" => x * y,
                        _ => x / y,
                    };
                    assert_eq!(value.to_bits(), by_hand.to_bits(), "{a:?} {op} {b:?}");
                }
            }
        }
        // Overflow and a zero divisor are the BIF's to raise.
        let (huge, zero, ten) = (terms[6], terms[0], Term::small_unchecked(10));
        assert_eq!(float_arith(MUL, huge, ten), None);
        assert_eq!(float_arith(ADD, huge, huge), None);
        assert_eq!(float_arith(FDIV, terms[2], zero), None);
        assert_eq!(float_arith(FDIV, terms[2], Term::small_unchecked(0)), None);
        // 2^53 + 1 is no f64: the full comparison decides.
        assert_eq!(float_order(Term::small_unchecked((1 << 53) + 1), terms[8]), None);
    }

    #[test]
    fn word_arithmetic_matches_integer_arithmetic() {
        use crate::term::{SMALL_MAX, SMALL_MIN};
        let values = [0, 1, -1, 2, -2, 1000, -1000, SMALL_MAX, SMALL_MIN, SMALL_MAX - 1, SMALL_MIN + 1];
        let ints = [0, 1, -1, 2, i32::MAX, i32::MIN, 123_456];
        for &a in &values {
            let term = Term::small_unchecked(a);
            for &b in &values {
                let other = Term::small_unchecked(b);
                assert_eq!(add_smalls(term, other, false), Term::small(a + b), "{a} + {b}");
                assert_eq!(add_smalls(term, other, true), Term::small(a - b), "{a} - {b}");
            }
            for &value in &ints {
                let value64 = i64::from(value);
                assert_eq!(add_small_int(term, value), Term::small(a + value64), "{a} + {value}");
            }
            assert_eq!(add_smalls(term, Term::NIL, false), None);
            assert_eq!(add_smalls(Term::NIL, term, true), None);
        }
        assert_eq!(add_small_int(Term::NIL, 1), None);
    }
}
