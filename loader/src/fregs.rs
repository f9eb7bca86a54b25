//! The float register check: a dataflow pass proving that every float
//! register an instruction reads was written before, on every path, since
//! the last point where the process may have stopped running.
//!
//! Float registers are scratch space of the scheduler thread, not of the
//! process: the Erlang compiler never keeps one live across a call, a
//! receive or a return. So that hand-written code cannot read a value
//! another process left there, a float register holds a value only from a
//! write (`FloatDst`) up to the next point where the process may leave its
//! time slice or lands from elsewhere:
//!
//! - a call (`Call`, `BifCall`; a tail call, a return and a wait do not go on);
//! - the label of a `wait` or `wait_timeout`, and the timeout path;
//! - an exception handler's label;
//! - a branch backwards (to its own instruction or an earlier one), where the
//!   VM may yield, as it does on entering a function;
//! - an instruction with both a BIF and a live count (`gc_bif`), which may
//!   yield and run again.
//!
//! A collection (`test_heap`, `allocate`, …) keeps them: they hold no terms.
//! The state at an instruction is the set of float registers written on
//! every path reaching it; where paths join the sets intersect. A function
//! that names no float register is not walked. Unreachable instructions are
//! not checked.

use crate::error::{ErrorKind, LoadError};
use crate::frame::for_each_label;
use crate::module::{Function, Instr, Label, Module};
use crate::operand::{operands_with_roles, Operand};
use crate::roles::{float_use_of, use_of, FloatUse, Use};
use crate::verify::calls_a_bif_that_never_returns;
use girder_spec::{Flow, Role, MAX_FLOAT_REGS};

/// One bit per float register, in 64-bit words.
type Set = Vec<u64>;

fn contains(set: &[u64], reg: u32) -> bool {
    set.get(reg as usize / 64).is_some_and(|word| word >> (reg % 64) & 1 == 1)
}

fn insert(set: &mut [u64], reg: u32) {
    if let Some(word) = set.get_mut(reg as usize / 64) {
        *word |= 1 << (reg % 64);
    }
}

/// Whether the instruction may end the time slice and resume where it is
/// (a BIF that may collect asks to be run again after a yield).
fn may_yield_in_place(instr: &Instr) -> bool {
    let roles = instr.info().roles;
    roles.contains(&Role::Bif) && roles.iter().any(|&role| use_of(role) == Use::Live)
}

/// What reaches a successor of an instruction.
enum Out {
    /// The current set.
    Current,
    /// No float register.
    Nothing,
}

/// Checks the float registers of one function.
pub(crate) fn check_float_registers(
    module: &Module,
    function: &Function,
    error_at: impl Fn(u32, ErrorKind) -> LoadError,
) -> Result<(), LoadError> {
    let start = function.entry.0;
    let code = module.code.get(start as usize..function.end as usize).unwrap_or(&[]);
    let mut highest = None::<u32>;
    for instr in code {
        for (_, operand) in operands_with_roles(instr) {
            if let Operand::Fr(index) = operand {
                highest = Some(highest.map_or(index, |highest| highest.max(index)));
            }
        }
    }
    let Some(highest) = highest else {
        return Ok(());
    };
    // Operands were range-checked; the cap only bounds the width otherwise.
    let words = (highest.min(MAX_FLOAT_REGS) / 64 + 1) as usize;
    let n = code.len();
    // The set on entry to each instruction, once some path reached it.
    let mut states: Vec<Option<Set>> = vec![None; n];
    let mut queued = vec![false; n];
    let mut worklist: Vec<usize> = Vec::new();
    let merge = |states: &mut Vec<Option<Set>>,
                 queued: &mut Vec<bool>,
                 worklist: &mut Vec<usize>,
                 offset: usize,
                 incoming: Option<&[u64]>| {
        let Some(state) = states.get_mut(offset) else {
            return;
        };
        let changed = match state {
            None => {
                *state = Some(incoming.map_or_else(|| vec![0; words], <[u64]>::to_vec));
                true
            }
            Some(there) => {
                let mut changed = false;
                for (index, word) in there.iter_mut().enumerate() {
                    let merged = *word & incoming.map_or(0, |set| set[index]);
                    changed |= merged != *word;
                    *word = merged;
                }
                changed
            }
        };
        if changed && !queued[offset] {
            queued[offset] = true;
            worklist.push(offset);
        }
    };
    merge(&mut states, &mut queued, &mut worklist, 0, None);
    while let Some(offset) = worklist.pop() {
        queued[offset] = false;
        let Some(mut current) = states[offset].clone() else {
            continue;
        };
        let at = start + offset as u32;
        let instr = &code[offset];
        let flow = instr.info().effect.flow;
        for (role, operand) in operands_with_roles(instr) {
            if let (FloatUse::Read, Operand::Fr(reg)) = (float_use_of(role), operand) {
                if !contains(&current, reg) {
                    return Err(error_at(at, ErrorKind::FloatRegisterUndefined { index: reg }));
                }
            }
        }
        // Labels, reached with the registers of this point: a jump forwards
        // carries the set (unless the instruction may have yielded first);
        // anything else carries none.
        let yields = may_yield_in_place(instr);
        let mut targets: Vec<(Label, Out)> = Vec::new();
        for_each_label(module, instr, |role, label| {
            let out = match use_of(role) {
                Use::Jump | Use::Table if label.0 > at && !yields => Out::Current,
                Use::Jump | Use::Table | Use::Handler | Use::Retry => Out::Nothing,
                // No other role names a label.
                Use::Ignored
                | Use::Live
                | Use::Arguments { .. }
                | Use::Read
                | Use::Update
                | Use::Write
                | Use::Fields => return,
            };
            targets.push((label, out));
        });
        for (label, out) in targets {
            let Some(target) = label.0.checked_sub(start).map(|offset| offset as usize) else {
                continue;
            };
            match out {
                Out::Current => merge(&mut states, &mut queued, &mut worklist, target, Some(&current)),
                Out::Nothing => merge(&mut states, &mut queued, &mut worklist, target, None),
            }
        }
        for (role, operand) in operands_with_roles(instr) {
            if let (FloatUse::Write, Operand::Fr(reg)) = (float_use_of(role), operand) {
                insert(&mut current, reg);
            }
        }
        let next = match flow {
            Flow::Next if yields => Some(Out::Nothing),
            Flow::Next | Flow::EndReceive => Some(Out::Current),
            Flow::Call if calls_a_bif_that_never_returns(module, instr) => None,
            Flow::Call | Flow::BifCall | Flow::WaitTimeout => Some(Out::Nothing),
            Flow::Branch | Flow::Raise | Flow::FunctionClause | Flow::TailCall | Flow::Return | Flow::Wait => None,
        };
        match next {
            Some(Out::Current) => merge(&mut states, &mut queued, &mut worklist, offset + 1, Some(&current)),
            Some(Out::Nothing) => merge(&mut states, &mut queued, &mut worklist, offset + 1, None),
            None => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::error::ErrorKind;
    use crate::module::{Dst, Fail, Instr, Src};
    use crate::samples::Builder;

    /// The float register a module of one function `f/1` with `code` reads
    /// undefined, if any; any other error fails the test.
    fn verify_one(code: impl FnOnce(&mut Builder) -> Vec<Instr>) -> Option<u32> {
        let mut b = Builder::new("m");
        b.function("f", 1, |b, _| code(b));
        match crate::verify(&b.module) {
            Ok(()) => None,
            Err(error) => match error.kind {
                ErrorKind::FloatRegisterUndefined { index } => Some(index),
                _ => panic!("unexpected error: {error}"),
            },
        }
    }

    fn undefined(index: u32) -> Option<u32> {
        Some(index)
    }

    #[test]
    fn a_collection_and_a_jump_forwards_keep_float_registers() {
        let code = |_: &mut Builder| {
            vec![
                Instr::Fconv(Src::x(0), 0),
                Instr::IsInteger(crate::Label(2), Src::x(0)),
                Instr::TestHeap(2, 0),
                Instr::Fstore(0, Dst::X(0)),
                Instr::Return(),
            ]
        };
        assert_eq!(verify_one(code), None);
    }

    #[test]
    fn a_gc_bif_a_call_and_a_jump_backwards_lose_them() {
        let gc_bif = |b: &mut Builder| {
            let plus = b.import("erlang", "+", 2);
            let args = b.srcs(&[Src::x(0), Src::x(0)]);
            vec![
                Instr::Fconv(Src::x(0), 1),
                Instr::GcBif(Fail::NONE, 1, plus, args, Dst::X(0)),
                Instr::TestHeap(2, 0),
                Instr::Fstore(1, Dst::X(0)),
                Instr::Return(),
            ]
        };
        assert_eq!(verify_one(gc_bif), undefined(1));
        let call = |b: &mut Builder| {
            let length = b.import("erlang", "length", 1);
            vec![
                Instr::Allocate(0, 1),
                Instr::Fconv(Src::x(0), 2),
                Instr::CallExt(1, length),
                Instr::Fstore(2, Dst::X(0)),
                Instr::Deallocate(0),
                Instr::Return(),
            ]
        };
        assert_eq!(verify_one(call), undefined(2));
        let backwards = |_: &mut Builder| {
            vec![
                Instr::Fconv(Src::x(0), 3),
                Instr::TestHeap(2, 1),
                Instr::Fstore(3, Dst::X(1)),
                Instr::IsInteger(crate::Label(1), Src::x(0)),
                Instr::Return(),
            ]
        };
        assert_eq!(verify_one(backwards), undefined(3));
    }
}
