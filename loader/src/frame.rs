//! The frame check: a dataflow pass proving every path through a function
//! keeps the stack frame consistent, as BEAM's validator does.
//!
//! The state at each instruction is "no frame" or "a frame of N y registers".
//! A function is entered with no frame. What an instruction does to it comes
//! from its operands' roles and its flow in the table: a `StackNeed` creates
//! a frame (`allocate`), a `FrameSize` removes one (`deallocate` and the
//! `_last` calls), `Dropped` and `Kept` shrink one (`trim`); a `Call` that
//! returns needs one (the return address lives there); `Return` and a tail
//! call without a `FrameSize` need none. Every y register an instruction names must lie inside the frame, and
//! wherever paths join (a label reached by a jump, a fail label, an exception
//! handler, or the next instruction) they must bring the same frame.
//! Unreachable instructions are not checked here.

use crate::error::{ErrorKind, FrameNeed, FrameState, LoadError};
use crate::module::{Function, Instr, Label, Module};
use crate::operand::{operands_with_roles, Operand};
use crate::registers::{for_each_register, Register};
use crate::roles::{meaning, use_of, FrameUse, Use};
use crate::verify::calls_a_bif_that_never_returns;
use girder_spec::{Flow, Role};

/// What an instruction does to the frame.
struct Effect {
    /// What the instruction needs before it runs, if anything.
    need: Option<FrameNeed>,
    /// The frame after it, when execution can continue at the next instruction.
    after: Option<FrameState>,
}

/// The frame effect of `instr` when run with the frame `before`, from its
/// frame roles and its flow.
fn effect(module: &Module, instr: &Instr, before: FrameState) -> Effect {
    // What the roles say: a frame made, removed or trimmed.
    let mut need = None;
    let mut after = before;
    let mut dropped: u32 = 0;
    for (role, operand) in operands_with_roles(instr) {
        let Operand::U(n_slots) = operand else {
            continue;
        };
        match meaning(role).frame {
            FrameUse::Creates => {
                need = Some(FrameNeed::NoFrame);
                after = FrameState::Frame(n_slots);
            }
            FrameUse::Removes => {
                need = Some(FrameNeed::Exactly(n_slots));
                after = FrameState::NoFrame;
            }
            FrameUse::Drops => dropped = n_slots,
            FrameUse::Keeps => {
                // Sizes were checked against MAX_Y_REGS, so the sum cannot overflow.
                need = Some(FrameNeed::Exactly(dropped.saturating_add(n_slots)));
                after = FrameState::Frame(n_slots);
            }
            FrameUse::None => {}
        }
    }
    let goes_on = |need| Effect { need, after: Some(after) };
    let stops = |need| Effect { need, after: None };
    match instr.info().effect.flow {
        Flow::Next | Flow::EndReceive | Flow::WaitTimeout | Flow::BifCall => goes_on(need),
        // A BIF that always raises never uses the return address, so it needs no frame.
        Flow::Call if calls_a_bif_that_never_returns(module, instr) => stops(need),
        // The return address lives in the frame.
        Flow::Call => goes_on(Some(FrameNeed::AnyFrame)),
        // A tail call removes the frame it names, or needs none.
        Flow::TailCall => stops(Some(need.unwrap_or(FrameNeed::NoFrame))),
        Flow::Return => stops(Some(FrameNeed::NoFrame)),
        Flow::Branch | Flow::Raise | Flow::FunctionClause | Flow::Wait => stops(need),
    }
}

/// Whether execution may go on from `instr` to the next instruction.
pub(crate) fn goes_on(module: &Module, instr: &Instr) -> bool {
    effect(module, instr, FrameState::NoFrame).after.is_some()
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
/// the next instruction), with the role that names it.
pub(crate) fn for_each_label(module: &Module, instr: &Instr, mut visit: impl FnMut(Role, Label)) {
    for (role, operand) in operands_with_roles(instr) {
        // Which roles name labels is said once, in what they do to the x
        // registers: a label carries some of them, or none, to its target.
        match use_of(role) {
            Use::Jump | Use::Handler | Use::Retry => match operand {
                Operand::L(label) => visit(role, label),
                Operand::Fail(fail) => {
                    if let Some(label) = fail.label() {
                        visit(role, label);
                    }
                }
                _ => {}
            },
            Use::Table => {
                if let Operand::Cases(list) = operand {
                    for &(_, label) in module.case_pool.get(list.0.range()).unwrap_or(&[]) {
                        visit(role, label);
                    }
                }
            }
            Use::Ignored | Use::Live | Use::Arguments { .. } | Use::Read | Use::Update | Use::Write | Use::Fields => {}
        }
    }
}

/// Calls `visit` with every label the instruction may jump to (not counting
/// the next instruction).
pub(crate) fn for_each_target(module: &Module, instr: &Instr, mut visit: impl FnMut(Label)) {
    for_each_label(module, instr, |_, label| visit(label));
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
            Some(there) if there == state || there == FrameState::Undecided => Ok(()),
            // Paths with different frames may meet, as BEAM's own validator
            // allows; what follows may then not touch the frame.
            Some(_) => {
                *slot = Some(FrameState::Undecided);
                worklist.push(target);
                Ok(())
            }
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
