//! The frame check: a dataflow pass proving every path through a function
//! keeps the stack frame consistent, as BEAM's validator does.
//!
//! The state at each instruction is "no frame" or "a frame of N y registers".
//! A function is entered with no frame. `allocate` creates a frame,
//! `deallocate` and the `_last` calls remove one, `trim` shrinks one; calls
//! that return need one (the return address lives there); `return` needs
//! none. Every y register an instruction names must lie inside the frame, and
//! wherever paths join (a label reached by a jump, a fail label, an exception
//! handler, or the next instruction) they must bring the same frame.
//! Unreachable instructions are not checked here.

use crate::error::{ErrorKind, FrameNeed, FrameState, LoadError};
use crate::module::{Function, Instr, Label, Module};
use crate::operand::{operands, Operand};
use crate::registers::{for_each_register, Register};
use crate::verify::import_never_returns;

/// What an instruction does to the frame.
struct Effect {
    /// What the instruction needs before it runs, if anything.
    need: Option<FrameNeed>,
    /// The frame after it, when execution can continue at the next instruction.
    after: Option<FrameState>,
}

/// The frame effect of `instr` when run with the frame `before`.
fn effect(module: &Module, instr: &Instr, before: FrameState) -> Effect {
    let continues = |need| Effect { need, after: Some(before) };
    let stops = |need| Effect { need, after: None };
    match *instr {
        Instr::Allocate(n_slots, _) | Instr::AllocateHeap(n_slots, _, _) => {
            Effect { need: Some(FrameNeed::NoFrame), after: Some(FrameState::Frame(n_slots)) }
        }
        Instr::Deallocate(n_slots) => {
            Effect { need: Some(FrameNeed::Exactly(n_slots)), after: Some(FrameState::NoFrame) }
        }
        Instr::Trim(n_dropped, n_kept) => Effect {
            // Sizes were checked against MAX_Y_REGS, so the sum cannot overflow.
            need: Some(FrameNeed::Exactly(n_dropped.saturating_add(n_kept))),
            after: Some(FrameState::Frame(n_kept)),
        },
        Instr::CallLast(_, _, n_slots)
        | Instr::CallExtLast(_, _, n_slots)
        | Instr::ApplyLast(_, n_slots)
        | Instr::CallFunLast(_, n_slots) => stops(Some(FrameNeed::Exactly(n_slots))),
        Instr::CallOnly(..) | Instr::CallExtOnly(..) | Instr::Return() => stops(Some(FrameNeed::NoFrame)),
        // A BIF that always raises never uses the return address, so it needs no frame.
        Instr::CallExt(_, import) if import_never_returns(module, import) => stops(None),
        Instr::Call(..) | Instr::CallExt(..) | Instr::CallFun(_) | Instr::Apply(_) => {
            continues(Some(FrameNeed::AnyFrame))
        }
        Instr::FuncInfo() | Instr::Wait(_) => stops(None),
        _ if never_goes_on(instr) => stops(None),
        _ => continues(None),
    }
}

/// Whether execution may go on from `instr` to the next instruction.
pub(crate) fn goes_on(module: &Module, instr: &Instr) -> bool {
    effect(module, instr, FrameState::NoFrame).after.is_some()
}

/// Whether `instr` always jumps or raises, never going on to the next
/// instruction (calls, returns and receives aside).
pub(crate) fn never_goes_on(instr: &Instr) -> bool {
    matches!(
        instr,
        Instr::Jump(_)
            | Instr::Badmatch(_)
            | Instr::CaseEnd(_)
            | Instr::IfEnd()
            | Instr::TryCaseEnd(_)
            | Instr::Raise(..)
            | Instr::SelectVal(..)
            | Instr::SelectTupleArity(..)
            | Instr::LoopRecEnd(_)
    )
}

/// Whether the frame `state` satisfies `need`.
fn satisfies(state: FrameState, need: FrameNeed) -> bool {
    match (need, state) {
        (FrameNeed::NoFrame, FrameState::NoFrame) => true,
        (FrameNeed::AnyFrame, FrameState::Frame(_)) => true,
        (FrameNeed::Exactly(wanted), FrameState::Frame(n_slots)) => wanted == n_slots,
        _ => false,
    }
}

/// Calls `visit` with every label the instruction may jump to (not counting
/// the next instruction).
pub(crate) fn for_each_target(module: &Module, instr: &Instr, mut visit: impl FnMut(Label)) {
    for operand in operands(instr).as_slice() {
        match *operand {
            Operand::L(label) => visit(label),
            Operand::Fail(fail) => {
                if let Some(label) = fail.label() {
                    visit(label);
                }
            }
            Operand::Cases(list) => {
                for &(_, label) in module.case_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit(label);
                }
            }
            _ => {}
        }
    }
}

/// Runs the frame dataflow over one function whose operands are already
/// verified (labels inside the function, pool spans in range).
///
/// `error_at` places an error at an instruction of the function.
pub(crate) fn check_frames(
    module: &Module,
    function: &Function,
    error_at: impl Fn(u32, ErrorKind) -> LoadError,
) -> Result<(), LoadError> {
    let start = function.entry.0;
    let n_instrs = function.end.saturating_sub(start) as usize;
    // The frame on entry to each instruction, once some path reaches it.
    let mut states: Vec<Option<FrameState>> = vec![None; n_instrs];
    let mut worklist: Vec<u32> = Vec::new();

    // Records that `target` is reached with `state`, from instruction `from`.
    let reach = |states: &mut Vec<Option<FrameState>>,
                 worklist: &mut Vec<u32>,
                 from: u32,
                 target: u32,
                 state: FrameState|
     -> Result<(), LoadError> {
        let Some(slot) = target.checked_sub(start).and_then(|offset| states.get_mut(offset as usize)) else {
            return Err(error_at(from, ErrorKind::LabelOutsideFunction { label: target, start, end: function.end }));
        };
        match *slot {
            None => {
                *slot = Some(state);
                worklist.push(target);
                Ok(())
            }
            Some(there) if there == state => Ok(()),
            Some(there) => Err(error_at(from, ErrorKind::InconsistentFrame { label: target, here: state, there })),
        }
    };

    if n_instrs == 0 {
        return Ok(());
    }
    reach(&mut states, &mut worklist, start, start, FrameState::NoFrame)?;
    let mut targets = Vec::new();
    while let Some(instr_index) = worklist.pop() {
        let Some(instr) = module.code.get(instr_index as usize) else {
            continue;
        };
        let Some(before) = states.get((instr_index - start) as usize).copied().flatten() else {
            continue;
        };

        let mut outside_frame = None;
        for_each_register(module, instr, |register| {
            if let Register::Y(index) = register {
                let inside = matches!(before, FrameState::Frame(n_slots) if index < n_slots);
                if !inside && outside_frame.is_none() {
                    outside_frame = Some(index);
                }
            }
        });
        if let Some(index) = outside_frame {
            return Err(error_at(instr_index, ErrorKind::YRegisterOutsideFrame { index, frame: before }));
        }

        let effect = effect(module, instr, before);
        if let Some(need) = effect.need {
            if !satisfies(before, need) {
                return Err(error_at(
                    instr_index,
                    ErrorKind::FrameMismatch { instruction: instr.info().name, need, found: before },
                ));
            }
        }

        targets.clear();
        for_each_target(module, instr, |label| targets.push(label.0));
        for &target in &targets {
            reach(&mut states, &mut worklist, instr_index, target, before)?;
        }

        if let Some(after) = effect.after {
            let next = instr_index + 1;
            if next >= function.end {
                return Err(error_at(instr_index, ErrorKind::FallsOffEnd));
            }
            reach(&mut states, &mut worklist, instr_index, next, after)?;
        }
    }
    Ok(())
}
