//! Which registers an instruction names, explicitly or by implication.
//!
//! The verifier uses this to range-check registers and to check y registers
//! against the frame; the VM uses [`max_x_reg`] to size what it needs.

use crate::module::{Dst, Instr, Module, Src, SrcKind};
use crate::operand::{operands, operands_with_roles, Operand};
use crate::roles::{use_of, Use};
use girder_spec::Flow;

/// The highest x register index the module's code reads or writes.
///
/// Counts registers named in operands (including list operands) and those an
/// instruction implies by its roles and effect: the arguments of calls
/// (`x0..x(arity-1)`), the fun in `x(N)` of a `FunArity`, the module and
/// function in `x(N)`, `x(N+1)` of an `ApplyArity`, every register a live
/// count keeps (`x0..x(live-1)`), a function's own arguments (`func_info`),
/// and the implicit reads and writes (`x0..x2` of `try_case`, `x0`/`x1` of
/// `send`, `x0` of `return`). Returns 0 when no
/// instruction uses any x register. Never panics, even on a module that does
/// not verify (out-of-range pool spans are skipped).
pub fn max_x_reg(module: &Module) -> u32 {
    let mut highest: u64 = 0;
    for function in &module.functions {
        if let Some(last_argument) = u64::from(function.arity).checked_sub(1) {
            highest = highest.max(last_argument);
        }
    }
    for (instr_index, instr) in module.code.iter().enumerate() {
        let function_arity = module
            .function_at(instr_index as u32)
            .and_then(|index| module.functions.get(index))
            .map_or(0, |function| function.arity);
        if let Some(implied) = implied_x_reg(instr, function_arity) {
            highest = highest.max(implied);
        }
        for_each_register(module, instr, |register| {
            if let Register::X(index) = register {
                highest = highest.max(u64::from(index));
            }
        });
    }
    u32::try_from(highest).unwrap_or(u32::MAX)
}

/// A register named by an operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Register {
    /// An x register.
    X(u32),
    /// A y register.
    Y(u32),
    /// A float register.
    Fr(u32),
}

fn src_register(src: Src) -> Option<Register> {
    match src.kind() {
        SrcKind::X(index) => Some(Register::X(index)),
        SrcKind::Y(index) => Some(Register::Y(index)),
        SrcKind::Int(_) | SrcKind::Literal(_) => None,
    }
}

fn dst_register(dst: Dst) -> Register {
    match dst {
        Dst::X(index) => Register::X(index),
        Dst::Y(index) => Register::Y(index),
    }
}

/// Calls `visit` with every register the instruction's operands name,
/// including the entries of its list operands.
///
/// List operands whose span lies outside its pool are skipped; the verifier
/// reports them separately.
pub(crate) fn for_each_register(module: &Module, instr: &Instr, mut visit: impl FnMut(Register)) {
    let visit_src = |src: Src, visit: &mut dyn FnMut(Register)| {
        if let Some(register) = src_register(src) {
            visit(register);
        }
    };
    for operand in operands(instr).as_slice() {
        match *operand {
            Operand::S(src) => visit_src(src, &mut visit),
            Operand::D(dst) => visit(dst_register(dst)),
            Operand::Y(index) => visit(Register::Y(index)),
            Operand::Fr(index) => visit(Register::Fr(index)),
            Operand::Srcs(list) => {
                for &src in module.src_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit_src(src, &mut visit);
                }
            }
            Operand::Ys(list) => {
                for &index in module.y_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit(Register::Y(index));
                }
            }
            Operand::Cases(list) => {
                for &(value, _) in module.case_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit_src(value, &mut visit);
                }
            }
            Operand::KeyVals(list) => {
                for &(key, value) in module.key_val_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit_src(key, &mut visit);
                    visit_src(value, &mut visit);
                }
            }
            Operand::KeyDsts(list) => {
                for &(key, dst) in module.key_dst_pool.get(list.0.range()).unwrap_or(&[]) {
                    visit_src(key, &mut visit);
                    visit(dst_register(dst));
                }
            }
            Operand::U(_)
            | Operand::L(_)
            | Operand::Fail(_)
            | Operand::A(_)
            | Operand::F(_)
            | Operand::E(_)
            | Operand::B(_)
            | Operand::Lam(_) => {}
        }
    }
}

/// The highest x register an instruction uses without naming it in an
/// operand, if any, from its operands' roles and its effect;
/// `function_arity` is the arity of the function holding it.
pub(crate) fn implied_x_reg(instr: &Instr, function_arity: u32) -> Option<u64> {
    let last_of = |count: u64| count.checked_sub(1);
    let effect = instr.info().effect;
    let mut highest = last_of(u64::from(effect.reads.max(effect.writes)));
    let mut note = |reg: Option<u64>| highest = highest.max(reg);
    for (role, operand) in operands_with_roles(instr) {
        let Operand::U(count) = operand else {
            continue;
        };
        let count = u64::from(count);
        match use_of(role) {
            // The arguments x0..x(N-1), then the fun or the module and function.
            Use::Arguments { beyond } => note(last_of(count + u64::from(beyond))),
            Use::Live => note(last_of(count)),
            Use::Ignored
            | Use::Read
            | Use::Update
            | Use::Write
            | Use::Fields
            | Use::Table
            | Use::Jump
            | Use::Handler
            | Use::Retry => {}
        }
    }
    match instr.info().effect.flow {
        // `func_info` reports the function's own arguments.
        Flow::FunctionClause => note(last_of(u64::from(function_arity))),
        // A call that returns leaves its result in x0.
        Flow::Call | Flow::BifCall => note(Some(0)),
        Flow::Next
        | Flow::Branch
        | Flow::Raise
        | Flow::TailCall
        | Flow::Return
        | Flow::Wait
        | Flow::WaitTimeout
        | Flow::EndReceive => {}
    }
    highest
}
