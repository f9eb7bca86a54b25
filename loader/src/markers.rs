//! The marker check: a dataflow pass proving that the y registers holding
//! the markers of `try` and `catch` are used only by the instructions that
//! own them, as BEAM's validator does.
//!
//! `try Y, L` and `catch Y, L` write a marker into Y: a word naming the
//! handler at L, which a raise finds by scanning the stack from its top. A
//! raise pops the frames above the frame holding the marker and continues
//! at L with that frame on top, so the interpreter relies on the marker
//! being in the frame of the function that installed it, at the register it
//! was installed in. This pass proves that:
//!
//! Which instructions those are comes from their operands' roles in the
//! table: `MarkTry` and `MarkCatch` install a marker, `EndTry`, `HandleTry`
//! and `HandleCatch` end one, `FrameSize`, `Dropped` and `Kept` change the
//! frame, and `StackNeed` makes a new one.
//!
//! - Only `try_end Y` and `try_case Y` end a try's marker, and only
//!   `catch_end Y` ends a catch's; the marker must be there on every path.
//! - No other instruction names a y register that holds a marker, as a
//!   source or as a destination: a marker is never read, copied, sent,
//!   stored in a term or overwritten.
//! - A new marker takes a y register below every marker already installed
//!   in the frame, and markers end in the reverse order of their
//!   installation, so that the scan, which meets y0 first, meets the
//!   innermost handler first.
//! - No frame is trimmed or removed (`trim`, `deallocate`, a `_last`
//!   call) while it holds a marker: a raise lands in the handler with the
//!   frame on top that the handler's `try` or `catch` saw, and the marker
//!   must stay at the register its ending instruction names.
//!
//! The state at an instruction is the set of y registers holding a marker,
//! each with its kind; where paths join, a register that holds the same kind
//! of marker on both stays so, and any other difference makes it a register
//! that holds a marker on some path only, which no instruction may use. A
//! handler label is reached with the state just after its `try` or `catch`:
//! a raise lands there only while that marker is the innermost one, and the
//! markers installed before it cannot end while it is in place.
//! Unreachable instructions are not checked here.

use crate::error::{ErrorKind, LoadError, MarkerKind};
use crate::frame::{for_each_target, goes_on};
use crate::module::{Function, Instr, Module};
use crate::operand::{operands_with_roles, Operand};
use crate::registers::{for_each_register, Register};
use crate::roles::{meaning, FrameUse, MarkerUse};

/// The y registers holding a marker at an instruction, sorted by register.
type Markers = Vec<(u32, MarkerKind)>;

/// What an instruction does to the markers, by its operands' roles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkerAction {
    /// It installs a marker of this kind in y register `y` (`MarkTry`, `MarkCatch`).
    Install { y: u32, kind: MarkerKind },
    /// It removes the marker of this kind from y register `y` (`EndTry`,
    /// `HandleTry`, `HandleCatch`); `starts_handler` when it may be a
    /// handler's first instruction.
    End { y: u32, kind: MarkerKind, starts_handler: bool },
    /// It removes or trims the frame (`FrameSize`, `Dropped`, `Kept`).
    ChangesFrame,
    /// It creates a frame, which holds no marker (`StackNeed`).
    NewFrame,
    /// None of these: it may only not name a register holding a marker.
    Other,
}

/// What `instr` does to the markers.
pub(crate) fn marker_action(instr: &Instr) -> MarkerAction {
    let mut action = MarkerAction::Other;
    for (role, operand) in operands_with_roles(instr) {
        let y = match operand {
            Operand::Y(y) => y,
            _ => 0,
        };
        let meaning = meaning(role);
        match (meaning.marker, meaning.frame) {
            (MarkerUse::Install(kind), _) => action = MarkerAction::Install { y, kind },
            (MarkerUse::End { kind, starts_handler }, _) => action = MarkerAction::End { y, kind, starts_handler },
            (MarkerUse::None, FrameUse::Removes | FrameUse::Drops | FrameUse::Keeps) => {
                action = MarkerAction::ChangesFrame
            }
            (MarkerUse::None, FrameUse::Creates) => action = MarkerAction::NewFrame,
            (MarkerUse::None, FrameUse::None) => {}
        }
    }
    action
}

/// The marker that `instr` removes as a handler's first instruction, if
/// it is one that may start a handler.
pub(crate) fn handled_marker(instr: &Instr) -> Option<u32> {
    match marker_action(instr) {
        MarkerAction::End { y, starts_handler: true, .. } => Some(y),
        MarkerAction::End { starts_handler: false, .. }
        | MarkerAction::Install { .. }
        | MarkerAction::ChangesFrame
        | MarkerAction::NewFrame
        | MarkerAction::Other => None,
    }
}

/// Whether a function has any instruction of the marker family; one that
/// has none cannot hold a marker anywhere, so the pass can skip it.
fn uses_markers(module: &Module, function: &Function) -> bool {
    let code = module.code.get(function.entry.0 as usize..function.end as usize).unwrap_or(&[]);
    code.iter().any(|instr| match marker_action(instr) {
        MarkerAction::Install { .. } | MarkerAction::End { .. } => true,
        MarkerAction::ChangesFrame | MarkerAction::NewFrame | MarkerAction::Other => false,
    })
}

/// The marker held in y register `index`, if any.
fn marker_at(markers: &Markers, index: u32) -> Option<MarkerKind> {
    markers.iter().find(|&&(y, _)| y == index).map(|&(_, kind)| kind)
}

/// The markers of two paths meeting: a register keeps its kind where both
/// agree, and holds a marker on some path only otherwise.
fn join(there: &Markers, here: &Markers) -> Markers {
    let mut joined: Markers = Vec::with_capacity(there.len().max(here.len()));
    for &(y, kind) in there.iter().chain(here) {
        if joined.iter().any(|&(seen, _)| seen == y) {
            continue;
        }
        let same = marker_at(there, y) == Some(kind) && marker_at(here, y) == Some(kind);
        joined.push((y, if same { kind } else { MarkerKind::OnSomePath }));
    }
    joined.sort_unstable_by_key(|&(y, _)| y);
    joined
}

/// The markers after `instr` runs with `before`, or the rule it breaks.
///
/// Returns the markers at the next instruction and at every label the
/// instruction names (they are the same for every instruction of the
/// family: a handler label gets the state with its new marker).
fn step(module: &Module, instr: &Instr, before: &Markers) -> Result<Markers, ErrorKind> {
    let name = instr.info().name;
    match marker_action(instr) {
        MarkerAction::Install { y, kind } => {
            if let Some(there) = marker_at(before, y) {
                return Err(ErrorKind::MarkerUsed { instruction: name, index: y, marker: there });
            }
            if let Some(&(outer, _)) = before.iter().find(|&&(other, _)| other < y) {
                return Err(ErrorKind::MarkerNesting { instruction: name, index: y, outer });
            }
            let mut after = before.clone();
            after.push((y, kind));
            after.sort_unstable_by_key(|&(index, _)| index);
            Ok(after)
        }
        MarkerAction::End { y, kind: wanted, .. } => {
            match marker_at(before, y) {
                Some(found) if found == wanted => {}
                found => return Err(ErrorKind::MarkerMissing { instruction: name, index: y, wanted, found }),
            }
            if let Some(&(inner, _)) = before.iter().find(|&&(other, _)| other < y) {
                return Err(ErrorKind::MarkerNotInnermost { instruction: name, index: y, inner });
            }
            Ok(before.iter().copied().filter(|&(index, _)| index != y).collect())
        }
        // A raise lands in a handler with the frame the handler's `try` or
        // `catch` saw, so the frame may not change while a marker is in it.
        MarkerAction::ChangesFrame => match before.first() {
            Some(&(index, marker)) => Err(ErrorKind::FrameChangedUnderMarker { instruction: name, index, marker }),
            None => Ok(Markers::new()),
        },
        // A new frame holds no marker; the frame check proved there was none before.
        MarkerAction::NewFrame => Ok(Markers::new()),
        MarkerAction::Other => {
            let mut used = None;
            for_each_register(module, instr, |register| {
                if let Register::Y(index) = register {
                    if let Some(marker) = marker_at(before, index) {
                        used.get_or_insert((index, marker));
                    }
                }
            });
            match used {
                Some((index, marker)) => Err(ErrorKind::MarkerUsed { instruction: name, index, marker }),
                None => Ok(before.clone()),
            }
        }
    }
}

/// Runs the marker dataflow over one function whose operands and frames
/// are already verified (labels inside the function, y registers inside
/// the frame, frames consistent on every path).
///
/// `error_at` places an error at an instruction of the function.
pub(crate) fn check_markers(
    module: &Module,
    function: &Function,
    error_at: impl Fn(u32, ErrorKind) -> LoadError,
) -> Result<(), LoadError> {
    if !uses_markers(module, function) {
        return Ok(());
    }
    let start = function.entry.0;
    let n_instrs = function.end.saturating_sub(start) as usize;
    // The markers on entry to each instruction, once some path reaches it.
    let mut states: Vec<Option<Markers>> = vec![None; n_instrs];
    let mut worklist: Vec<u32> = Vec::new();

    // Records that `target` is reached with `incoming`; queues it when that
    // changes what is known there.
    let reach = |states: &mut Vec<Option<Markers>>, worklist: &mut Vec<u32>, target: u32, incoming: &Markers| {
        let Some(slot) = target.checked_sub(start).and_then(|offset| states.get_mut(offset as usize)) else {
            return;
        };
        let joined = match slot {
            None => incoming.clone(),
            Some(there) => join(there, incoming),
        };
        if slot.as_ref() != Some(&joined) {
            *slot = Some(joined);
            worklist.push(target);
        }
    };

    if n_instrs == 0 {
        return Ok(());
    }
    reach(&mut states, &mut worklist, start, &Markers::new());
    let mut targets = Vec::new();
    while let Some(instr_index) = worklist.pop() {
        let Some(instr) = module.code.get(instr_index as usize) else {
            continue;
        };
        let Some(before) = states.get((instr_index - start) as usize).cloned().flatten() else {
            continue;
        };
        let after = step(module, instr, &before).map_err(|kind| error_at(instr_index, kind))?;
        targets.clear();
        for_each_target(module, instr, |label| targets.push(label.0));
        for &target in &targets {
            reach(&mut states, &mut worklist, target, &after);
        }
        if goes_on(module, instr) {
            reach(&mut states, &mut worklist, instr_index + 1, &after);
        }
    }
    Ok(())
}
