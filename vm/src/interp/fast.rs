//! Specialised forms of the hottest instruction shapes, made once when a
//! module is loaded (as BEAM's loader turns generic instructions into
//! specific ones).
//!
//! Every instruction gets one [`Op`] at the same index, so labels and
//! return addresses are unchanged. An op either does the whole job on its
//! fast path (operands already decoded: registers as plain indices,
//! constants as terms, call targets as entry indices) or, when its fast path
//! does not apply (an operand that is not a small integer, an overflow),
//! falls through to the generic handler of the same instruction. Most
//! instructions are [`Op::Generic`]. The generic handler stays the one
//! definition of each instruction's meaning; an op is only a shortcut for
//! the cases whose outcome it can compute directly.

use crate::term::Term;
use girder_loader::{Dst, Instr, Module, SrcKind};

/// A register in 16 bits: an x register, or a y register with [`Y_BIT`] set.
pub(crate) type Reg = u16;

/// The bit that marks a y register in a [`Reg`].
pub(crate) const Y_BIT: u16 = 1 << 15;

/// The specialised form of one instruction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    /// Run the generic handler.
    Generic,
    /// `move xS, xD`.
    MoveXX(u16, u16),
    /// `move xS, yD`.
    MoveXY(u16, u16),
    /// `move yS, xD`.
    MoveYX(u16, u16),
    /// `move Constant, xD` (an immediate or a literal term).
    MoveCX(u16, Term),
    /// `is_lt Fail, xA, Int`: both small integers on the fast path.
    IsLtXI { fail: u32, x: u16, value: i32 },
    /// `is_ge Fail, xA, Int`.
    IsGeXI { fail: u32, x: u16, value: i32 },
    /// `is_eq_exact Fail, xA, Immediate`.
    IsEqExactXC { fail: u32, x: u16, value: Term },
    /// `gc_bif` of `erlang:'+'/2` (`subtract` false) or `'-'/2` (true) on a
    /// register and a small integer, into a register.
    ArithRI { subtract: bool, a: Reg, value: i32, dst: Reg },
    /// The same on two registers.
    ArithRR { subtract: bool, a: Reg, b: Reg, dst: Reg },
    /// `call Arity, Function` with the entry resolved.
    Call { arity: u16, entry: u32 },
    /// `call_last Arity, Function, Deallocate` with the entry resolved.
    CallLast { arity: u16, deallocate: u16, entry: u32 },
    /// `call_only Arity, Function` with the entry resolved.
    CallOnly { arity: u16, entry: u32 },
    /// `allocate Slots, Live` when no collection is due.
    Allocate { slots: u16, live: u16 },
    /// `deallocate Slots`.
    Deallocate(u16),
    /// `return` to an address in the same module.
    Return,
}

/// The index of `erlang:'+'/2` in the BIF table.
const ADD: u16 = 0;
/// The index of `erlang:'-'/2` in the BIF table.
const SUB: u16 = 1;

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

/// The specialised form of every instruction of a verified module whose
/// literals are `literals` and whose imports resolve to `bif_of_import`.
pub(crate) fn specialize(module: &Module, literals: &[Term], bif_of_import: &[u16]) -> Box<[Op]> {
    let constant = |kind: SrcKind| match kind {
        SrcKind::Int(value) => Some(Term::small_unchecked(i64::from(value))),
        SrcKind::Literal(n) => Some(literals[n as usize]),
        _ => None,
    };
    let entry = |function: u32| module.functions[function as usize].entry.0;
    module
        .code
        .iter()
        .map(|instr| match *instr {
            Instr::Move(src, dst) => match (src.kind(), dst) {
                (SrcKind::X(s), Dst::X(d)) => Op::MoveXX(s as u16, d as u16),
                (SrcKind::X(s), Dst::Y(d)) => Op::MoveXY(s as u16, d as u16),
                (SrcKind::Y(s), Dst::X(d)) => Op::MoveYX(s as u16, d as u16),
                (kind, Dst::X(d)) => constant(kind).map_or(Op::Generic, |value| Op::MoveCX(d as u16, value)),
                _ => Op::Generic,
            },
            Instr::IsLt(fail, a, b) => match (a.kind(), b.kind()) {
                (SrcKind::X(x), SrcKind::Int(value)) => Op::IsLtXI { fail: fail.0, x: x as u16, value },
                _ => Op::Generic,
            },
            Instr::IsGe(fail, a, b) => match (a.kind(), b.kind()) {
                (SrcKind::X(x), SrcKind::Int(value)) => Op::IsGeXI { fail: fail.0, x: x as u16, value },
                _ => Op::Generic,
            },
            Instr::IsEqExact(fail, a, b) => match (a.kind(), constant(b.kind())) {
                (SrcKind::X(x), Some(value)) if value.is_immediate() => {
                    Op::IsEqExactXC { fail: fail.0, x: x as u16, value }
                }
                _ => Op::Generic,
            },
            Instr::GcBif(_, _, import, args, dst) => {
                let bif = bif_of_import[import as usize];
                let sources = module.srcs(args);
                match (bif, sources) {
                    (ADD | SUB, &[a, b]) => {
                        let subtract = bif == SUB;
                        match (reg_of_src(a.kind()), b.kind()) {
                            (Some(a), SrcKind::Int(value)) => Op::ArithRI { subtract, a, value, dst: reg_of_dst(dst) },
                            (Some(a), kind) => reg_of_src(kind).map_or(Op::Generic, |b| Op::ArithRR {
                                subtract,
                                a,
                                b,
                                dst: reg_of_dst(dst),
                            }),
                            _ => Op::Generic,
                        }
                    }
                    _ => Op::Generic,
                }
            }
            Instr::Call(arity, function) => Op::Call { arity: arity as u16, entry: entry(function) },
            Instr::CallLast(arity, function, deallocate) => {
                Op::CallLast { arity: arity as u16, deallocate: deallocate as u16, entry: entry(function) }
            }
            Instr::CallOnly(arity, function) => Op::CallOnly { arity: arity as u16, entry: entry(function) },
            Instr::Allocate(slots, live) => Op::Allocate { slots: slots as u16, live: live as u16 },
            Instr::Deallocate(slots) => Op::Deallocate(slots as u16),
            Instr::Return() => Op::Return,
            _ => Op::Generic,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_op_is_two_words() {
        assert!(std::mem::size_of::<Op>() <= 16, "{}", std::mem::size_of::<Op>());
    }
}
