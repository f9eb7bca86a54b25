//! Raising: building stack traces, finding the innermost handler on the
//! stack, and turning an uncaught exception into the process's exit reason.

use super::{Flow, RunOutcome};
use crate::code::LoadedModule;
use crate::exception::{Class, Exception};
use crate::process::{Process, DONE_CP};
use crate::term::map::map_from_pairs;
use crate::term::{atoms, build, Atom, Term};
use crate::vm::Vm;
use girder_loader::{Src, SrcKind, Srcs};

/// How many frames a stack trace keeps (Erlang's default `backtrace_depth`).
const STACKTRACE_DEPTH: usize = 8;

/// The `function_clause` exception of the function holding `ip`, its
/// arguments shown in the top frame.
pub(crate) fn function_clause(x: &[Term], process: &mut Process, module: &LoadedModule, ip: usize) -> Exception {
    let arity = module.function_at(ip as u32).map_or(0, |(_, arity)| arity);
    let mut exception = Exception::error_atom(atoms::FUNCTION_CLAUSE);
    exception.args = Some(build::list_from_slice(&mut process.heap, &x[..arity as usize]));
    exception
}

/// Gives an exception raised by BIF `index` the head frame OTP 25 shows for
/// it: `{Module, Name, Args, Location}`, where the location is
/// `[{error_info, #{module => M}}]` (with the BIF's `cause`, if it gave one)
/// for the BIFs OTP reports through an error module, `[]` for the rest. The
/// BIFs that exist to raise (`error/1,2,3`, `exit/1`, `throw/1`) add no
/// frame, nor does a re-raise with a trace of its own.
pub(crate) fn with_bif_frame(process: &mut Process, mut exception: Exception, index: u16, args: &[Term]) -> Exception {
    let bif = &girder_spec::BIFS[usize::from(index)];
    let raises = bif.module == "erlang" && matches!((bif.name, bif.arity), ("error", _) | ("exit", 1) | ("throw", 1));
    if raises || exception.stacktrace.is_some() {
        return exception;
    }
    let (Ok(module), Ok(name)) = (Atom::intern(bif.module), Atom::intern(bif.name)) else { return exception };
    let args = build::list_from_slice(&mut process.heap, args);
    let location = match bif.error_info_module().map(Atom::intern) {
        Some(Ok(errors)) => {
            let mut pairs = vec![(Term::atom(atoms::MODULE), Term::atom(errors))];
            if let Some(cause) = exception.cause {
                pairs.push((Term::atom(atoms::CAUSE), Term::atom(cause)));
            }
            let info = map_from_pairs(&mut process.heap, pairs);
            error_info_location(process, info)
        }
        _ => Term::NIL,
    };
    exception.stacktrace =
        Some(build::tuple(&mut process.heap, &[Term::atom(module), Term::atom(name), args, location]));
    exception
}

/// Gives an exception raised by an inline `bif` or `gc_bif` (one with no
/// fail label) the BIF's frame, as OTP 25 does, except where OTP's loader
/// turns the instruction into one that fails in the calling function
/// without a frame of the BIF's: `'+'` of a register and a small integer
/// constant, `'-'` of a register and a non-negative small integer constant,
/// and unary `'+'`. Nor has `'/'`: erlc compiles a division that may raise
/// into float instructions (`fconv`, `fdiv`), whose failure is reported at
/// the calling function, and girder assembly writes those as `'/'`.
pub(crate) fn with_inline_bif_frame(
    x: &[Term],
    process: &mut Process,
    module: &LoadedModule,
    index: u16,
    args: Srcs,
    exception: Exception,
) -> Exception {
    let sources = module.module.srcs(args);
    let bif = &girder_spec::BIFS[usize::from(index)];
    let constant = |src: Src| match src.kind() {
        SrcKind::Int(value) => Some(i64::from(value)),
        SrcKind::Literal(n) => module.literals[n as usize].as_small(),
        SrcKind::X(_) | SrcKind::Y(_) => None,
    };
    // OTP's small integers on a 64-bit machine: 60 bits.
    let small = |value: i64| (-(1 << 59)..(1 << 59)).contains(&value);
    let at_caller = match (bif.module, bif.name, sources) {
        ("erlang", "+", &[_]) | ("erlang", "/", &[_, _]) => true,
        ("erlang", "+", &[a, b]) => constant(a).is_none() && constant(b).is_some_and(small),
        ("erlang", "-", &[a, b]) => constant(a).is_none() && constant(b).is_some_and(|b| b >= 0 && small(b)),
        _ => false,
    };
    if at_caller {
        return exception;
    }
    let arguments: Vec<Term> = sources.iter().map(|&source| super::read(x, process, module, source)).collect();
    with_bif_frame(process, exception, index, &arguments)
}

/// Gives an exception raised by the `send` instruction (`Dest ! Msg`) the
/// frame OTP shows for it, that of `erlang:send/2`.
pub(crate) fn with_send_frame(process: &mut Process, exception: Exception, args: [Term; 2]) -> Exception {
    match girder_spec::bif_by_name("erlang", "send", 2) {
        Some(bif) => with_bif_frame(process, exception, bif.index, &args),
        None => exception,
    }
}

/// The location list `[{error_info, Info}]`.
fn error_info_location(process: &mut Process, info: Term) -> Term {
    let item = build::tuple(&mut process.heap, &[Term::atom(atoms::ERROR_INFO), info]);
    build::cons(&mut process.heap, item, Term::NIL)
}

/// One frame `{Module, Function, ArityOrArgs, Location}` for instruction
/// `instr`; `error_info`, when given, ends the location as `{error_info, Info}`.
fn frame(
    process: &mut Process,
    module: &LoadedModule,
    instr: u32,
    args: Option<Term>,
    error_info: Option<Term>,
) -> Option<Term> {
    let tail = error_info.map_or(Term::NIL, |info| error_info_location(process, info));
    module.frame(&mut process.heap, instr, args, tail)
}

/// The stack trace at `fault_ip`: the failing function, then the callers
/// found through the continuation pointer and the return addresses on the stack.
fn stacktrace(vm: &Vm, process: &mut Process, module: &LoadedModule, fault_ip: usize, exception: &Exception) -> Term {
    let mut frames = Vec::with_capacity(STACKTRACE_DEPTH);
    if let Some(given) = exception.stacktrace {
        // An `undef` frame or a re-raised trace: a frame tuple heads a new
        // trace; a list is used as it is.
        if given.is_list() {
            return given;
        }
        frames.push(given);
    }
    let current = module.module.function_at(fault_ip as u32);
    let (args, error_info) = if frames.is_empty() { (exception.args, exception.error_info) } else { (None, None) };
    if !exception.caller_gone {
        if let Some(top) = frame(process, module, fault_ip as u32, args, error_info) {
            frames.push(top);
        }
    }
    let mut return_addresses = Vec::new();
    // The continuation register names the caller unless the current
    // function already saved it in its frame (or made a call since).
    let saved_on_top = process.heap.stack_slice().iter().find(|word| word.is_cp()) == Some(&process.cp);
    if process.cp != DONE_CP && !saved_on_top {
        if let Some((module_index, instr)) = process.cp.cp_target() {
            let in_current = module_index == module.index && module.module.function_at(instr) == current;
            if !in_current {
                return_addresses.push((module_index, instr));
            }
        }
    }
    return_addresses
        .extend(process.heap.stack_slice().iter().filter(|&&word| word != DONE_CP).filter_map(|word| word.cp_target()));
    for (module_index, instr) in return_addresses {
        if frames.len() >= STACKTRACE_DEPTH {
            break;
        }
        let caller = vm.code.module(module_index);
        if let Some(frame) = frame(process, caller, instr.saturating_sub(1), None, None) {
            frames.push(frame);
        }
    }
    build::list_from_slice(&mut process.heap, &frames)
}

/// Raises `exception` at `fault_ip`: continues at the innermost handler
/// ([`Flow::Catch`]), or ends the process.
pub(crate) fn raise(
    x: &mut [Term],
    vm: &Vm,
    process: &mut Process,
    module: &LoadedModule,
    fault_ip: usize,
    exception: Exception,
) -> Flow {
    let trace = stacktrace(vm, process, module, fault_ip, &exception);
    if process.catches > 0 {
        let mut frame_start = 0;
        let mut handler = None;
        for (index, word) in process.heap.stack_slice().iter().enumerate() {
            if word.is_cp() {
                frame_start = index + 1;
            } else if let Some(target) = word.catch_target() {
                handler = Some(target);
                break;
            }
        }
        if let Some((module_index, label)) = handler {
            // frame_start is at most the stack's length (an index into the
            // stack plus one), so this pop stays inside the block. The
            // verifier proved that the marker lies in the frame of the
            // function that installed it, at the register its handler
            // names, so the frame on top is the one the handler expects;
            // were that proof wrong, the handler's stack operations would
            // end the VM (`heap.rs`) rather than reach outside the block.
            process.heap.pop_n(frame_start);
            let raw = build::tuple(&mut process.heap, &[Term::atom(exception.class.atom()), trace]);
            x[0] = Term::NON_VALUE;
            x[1] = Term::atom(exception.class.atom());
            x[2] = exception.reason;
            x[3] = raw;
            return Flow::Catch(vm.code.module(module_index), label as usize);
        }
    }
    let (reason, report) = match exception.class {
        Class::Error => (build::tuple(&mut process.heap, &[exception.reason, trace]), true),
        Class::Throw => {
            let nocatch = build::tuple(&mut process.heap, &[Term::atom(atoms::NOCATCH), exception.reason]);
            (build::tuple(&mut process.heap, &[nocatch, trace]), true)
        }
        Class::Exit => (exception.reason, false),
    };
    Flow::Leave(RunOutcome::Exit { reason, report })
}

/// What `catch Expr` yields for an exception (`catch_end`).
pub(crate) fn catch_value(process: &mut Process, class: Term, reason: Term, raw: Term) -> Term {
    match class.as_atom().and_then(Class::from_atom) {
        Some(Class::Throw) => reason,
        Some(Class::Exit) => build::tuple(&mut process.heap, &[Term::atom(atoms::EXIT_TAG), reason]),
        _ => {
            let trace = build_stacktrace(raw);
            let pair = build::tuple(&mut process.heap, &[reason, trace]);
            build::tuple(&mut process.heap, &[Term::atom(atoms::EXIT_TAG), pair])
        }
    }
}

/// `build_stacktrace`: the frame list inside a raw trace `{Class, Frames}`.
pub(crate) fn build_stacktrace(raw: Term) -> Term {
    match raw.as_tuple() {
        Some(&[_, frames]) => frames,
        _ => raw,
    }
}

/// `raw_raise`: the exception of class `class` (`error`, `exit` or
/// `throw`) with `reason` and the stack trace `trace` from `try_case` (a
/// raw trace, or a list of frames); `None` for any other class, where OTP
/// puts `badarg` in x0 and goes on.
pub(crate) fn raw_raise(class: Term, reason: Term, trace: Term) -> Option<Exception> {
    let class = class.as_atom().and_then(Class::from_atom)?;
    let stacktrace = match trace.as_tuple() {
        Some(&[_, frames]) if frames.is_list() => Some(frames),
        _ if trace.is_list() => Some(trace),
        _ => None,
    };
    Some(Exception { class, reason, args: None, stacktrace, cause: None, error_info: None, caller_gone: false })
}

/// `raise`: re-raises `reason` with the class and frames of a raw trace; a
/// trace that is not one raises `badarg`, as in Erlang.
pub(crate) fn reraise(raw: Term, reason: Term) -> Exception {
    match raw.as_tuple() {
        Some(&[class, frames]) => match class.as_atom().and_then(Class::from_atom) {
            Some(class) => Exception { stacktrace: Some(frames), ..Exception::new(class, reason) },
            None => Exception::badarg(),
        },
        _ => Exception::badarg(),
    }
}
