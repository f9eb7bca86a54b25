//! Calls that leave the current function through a table: external calls,
//! BIFs reached by `call_ext`, funs and `apply`; and `return`.

use super::{exceptions, Flow, RunOutcome};
use crate::bif::{self, BifCtx, Trap};
use crate::code::{ImportTarget, LoadedModule};
use crate::exception::Exception;
use crate::process::inbox::Inbox;
use crate::process::{Process, DONE_CP};
use crate::term::{atoms, build, Atom, Term};
use crate::vm::Vm;

/// Whether a call is a tail call (the frame is already gone).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tail {
    /// A body call: after it, execution continues after the call.
    No,
    /// A tail call: after it, the current function returns.
    Yes,
}

/// Where a call is made: what every kind of call needs besides the
/// registers and the process, which it changes.
#[derive(Clone, Copy)]
pub(crate) struct Site<'a> {
    /// The VM.
    pub(crate) vm: &'a Vm,
    /// The calling process's inbox (a BIF may handle its signals).
    pub(crate) inbox: &'a Inbox,
    /// The module of the calling code.
    pub(crate) module: &'static LoadedModule,
    /// The instruction after the call: where a body call returns to, and
    /// (one less) where an exception it raises is placed.
    pub(crate) return_ip: usize,
    /// Whether the call is a tail call.
    pub(crate) tail: Tail,
}

impl Site<'_> {
    /// Raises `exception` at the call.
    fn raise(self, x: &mut [Term], process: &mut Process, exception: Exception) -> CallFlow {
        CallFlow::Flow(exceptions::raise(x, self.vm, process, self.module, self.return_ip - 1, exception))
    }
}

/// What a call leads to.
pub(crate) enum CallFlow {
    /// Enter bytecode at this module and entry instruction, with this many
    /// x registers live (the arguments, and a fun's free variables).
    Enter(&'static LoadedModule, u32, u32),
    /// Anything else (a BIF ran, an exception was raised, ...).
    Flow(Flow),
}

/// `return`: continue at the continuation pointer, or end the process.
#[inline(always)]
pub(crate) fn return_to(vm: &Vm, process: &Process, _result: Term) -> Flow {
    if process.cp == DONE_CP {
        return Flow::Leave(RunOutcome::Exit { reason: Term::atom(atoms::NORMAL), report: false });
    }
    let (module_index, instr) = process.cp.cp_target().expect("the continuation pointer is a return address");
    Flow::Jump(vm.code.module(module_index), instr as usize)
}

/// Resolves `module:function/arity` to a BIF or an exported function,
/// loading the module when needed. `None` means undefined.
pub(crate) fn resolve(vm: &Vm, module: Atom, function: Atom, arity: u32) -> Option<ImportTarget> {
    if module == atoms::ERLANG && function == atoms::APPLY && (arity == 2 || arity == 3) {
        return Some(ImportTarget::Apply(arity as u8));
    }
    if let Some(bif) = bif::by_name(module, function, arity) {
        return Some(ImportTarget::Bif(bif));
    }
    match vm.code.find_export(module, function, arity) {
        Ok(found) => found.map(|(loaded, entry)| ImportTarget::Code { module_index: loaded.index, entry }),
        Err(error) => {
            crate::report::module_load_failure(vm, module, error);
            None
        }
    }
}

/// Calls a BIF with the arguments in x0.., as `call_ext` does; an error
/// it raises leaves out the caller's frame when `caller_gone` (see
/// [`Exception::caller_gone`]).
fn call_bif(
    x: &mut [Term],
    process: &mut Process,
    site: Site<'_>,
    index: u16,
    arity: u32,
    caller_gone: bool,
) -> CallFlow {
    let Site { vm, inbox, module, return_ip, tail } = site;
    // Where the process stands while the BIF runs, for a BIF that reads
    // its caller's location (`process_info(self(), current_stacktrace)`).
    process.module_index = module.index;
    process.ip = return_ip.saturating_sub(1) as u32;
    let mut ctx = BifCtx::new(&mut *process, inbox, vm);
    let result = bif::call(index, &mut ctx, &x[..arity as usize]);
    let (extra, halt, retry, exit, trap) = (ctx.reductions, ctx.halt, ctx.retry, ctx.exit, ctx.trap);
    process.reductions += u64::from(extra);
    if let Some(status) = halt {
        return CallFlow::Flow(Flow::Leave(RunOutcome::Halt(status)));
    }
    if let Some(reason) = exit {
        return CallFlow::Flow(Flow::Leave(RunOutcome::Exit { reason, report: false }));
    }
    if retry {
        // Yield and call again: the arguments are the live registers.
        return CallFlow::Flow(Flow::Yield(module, return_ip - 1, arity as usize));
    }
    if let Some(trap) = trap {
        return trap_to(x, process, site, trap);
    }
    match result {
        Ok(value) => {
            x[0] = value;
            match tail {
                Tail::No => CallFlow::Flow(Flow::Jump(module, return_ip)),
                Tail::Yes => CallFlow::Flow(return_to(vm, process, value)),
            }
        }
        Err(exception) => {
            let arguments: Vec<Term> = x[..arity as usize].to_vec();
            let framed = exception.stacktrace.is_some();
            let mut exception = exceptions::with_bif_frame(process, exception, index, &arguments);
            // Only a BIF's own frame stands in for its caller's: `error/1`,
            // `exit/1` and `throw/1` raise where they were called, as in
            // BEAM, tail apply or not.
            exception.caller_gone = caller_gone && !framed && exception.stacktrace.is_some();
            site.raise(x, process, exception)
        }
    }
}

/// Enters the Erlang function a BIF handed its call on to, in the BIF's
/// place (see [`BifCtx::trap_to`]).
fn trap_to(x: &mut [Term], process: &mut Process, site: Site<'_>, trap: Trap) -> CallFlow {
    let args = &trap.args[..usize::from(trap.arity)];
    x[..args.len()].copy_from_slice(args);
    match site.vm.code.find_export(trap.module, trap.function, u32::from(trap.arity)) {
        Ok(Some((loaded, entry))) => CallFlow::Enter(loaded, entry, u32::from(trap.arity)),
        _ => {
            let exception = undef(process, trap.module, trap.function, args);
            site.raise(x, process, exception)
        }
    }
}

/// `call_ext` and its tail forms: the callee of import `import`.
pub(crate) fn call_ext(x: &mut [Term], process: &mut Process, site: Site<'_>, import: u32, arity: u32) -> CallFlow {
    let (vm, module) = (site.vm, site.module);
    let target = match module.resolved_import(import) {
        Some(target) => Some(target),
        None if module.bif_of_import[import as usize] != u16::MAX => {
            Some(ImportTarget::Bif(module.bif_of_import[import as usize]))
        }
        None => {
            let (m, f, a) = module.import_mfa(import);
            if m == atoms::APPLICATION_CONTROLLER {
                // Not cached: the call goes elsewhere only until the kernel runs.
                if let Some(flow) = kernel_redirect(x, process, site, f, a) {
                    return flow;
                }
            }
            let target = resolve(vm, m, f, a);
            if let Some(target) = target {
                module.set_import(import, target);
            }
            target
        }
    };
    match target {
        Some(ImportTarget::Code { module_index, entry }) => CallFlow::Enter(vm.code.module(module_index), entry, arity),
        Some(ImportTarget::Bif(index)) => call_bif(x, process, site, index, arity, false),
        Some(ImportTarget::Apply(kind)) => apply_list(x, process, site, kind),
        None => {
            // A tail call leaves no frame of the caller's (a BIF keeps it:
            // BEAM calls a BIF and then returns).
            let (m, f, _) = module.import_mfa(import);
            let mut exception = undef(process, m, f, &x[..arity as usize]);
            exception.caller_gone = matches!(site.tail, Tail::Yes);
            site.raise(x, process, exception)
        }
    }
}

/// A call of `application_controller:Function/Arity` (arguments in x0..)
/// made before the kernel application runs: goes instead to girder's
/// `init:boot_kernel(Function, Args)` or `init:await_kernel(Function,
/// Args)`, which make the call once it runs (see [`crate::applications`]).
/// `None` when the call goes through as it is.
fn kernel_redirect(
    x: &mut [Term],
    process: &mut Process,
    site: Site<'_>,
    function: Atom,
    arity: u32,
) -> Option<CallFlow> {
    let vm = site.vm;
    if vm.kernel_boot.settled() {
        return None;
    }
    let caller = process.pid;
    let exempt = || vm.registry.whereis(atoms::APPLICATION_CONTROLLER) == Some(caller);
    let alive = |starter: u64| vm.processes.is_alive(Term::from_raw(starter));
    let redirect = vm.kernel_boot.redirect(caller.raw(), exempt, alive)?;
    let target = match redirect {
        crate::applications::Redirect::Boot => atoms::BOOT_KERNEL,
        crate::applications::Redirect::Await => atoms::AWAIT_KERNEL,
    };
    let Ok(Some((loaded, entry))) = vm.code.find_export(atoms::INIT, target, 2) else {
        // No `init` module to start it with: the call goes through, and
        // fails as it would without a controller.
        vm.kernel_boot.settle(caller.raw());
        return None;
    };
    let args = build::list_from_slice(&mut process.heap, &x[..arity as usize]);
    x[0] = Term::atom(function);
    x[1] = args;
    Some(CallFlow::Enter(loaded, entry, 2))
}

/// The `undef` exception for `module:function(args)`, its stack trace
/// headed by the missing function as Erlang shows it.
fn undef(process: &mut Process, module: Atom, function: Atom, args: &[Term]) -> Exception {
    let args = build::list_from_slice(&mut process.heap, args);
    let frame = build::tuple(&mut process.heap, &[Term::atom(module), Term::atom(function), args, Term::NIL]);
    let mut exception = Exception::error_atom(atoms::UNDEF);
    exception.stacktrace = Some(frame);
    exception
}

/// `apply`: calls `x(arity):x(arity+1)` with the arguments in x0...
pub(crate) fn apply(x: &mut [Term], process: &mut Process, site: Site<'_>, arity: u32) -> CallFlow {
    let (Some(m), Some(f)) = (x[arity as usize].as_atom(), x[arity as usize + 1].as_atom()) else {
        return site.raise(x, process, Exception::badarg());
    };
    if m == atoms::APPLICATION_CONTROLLER {
        if let Some(flow) = kernel_redirect(x, process, site, f, arity) {
            return flow;
        }
    }
    match resolve(site.vm, m, f, arity) {
        Some(ImportTarget::Code { module_index, entry }) => {
            CallFlow::Enter(site.vm.code.module(module_index), entry, arity)
        }
        // A tail apply leaves no frame of the caller's, so a BIF's error,
        // or `undef`, names the caller's caller next, as in BEAM (a tail
        // `call_ext` of a BIF keeps the caller, there as here).
        Some(ImportTarget::Bif(index)) => {
            let caller_gone = matches!(site.tail, Tail::Yes);
            call_bif(x, process, site, index, arity, caller_gone)
        }
        Some(ImportTarget::Apply(kind)) => apply_list(x, process, site, kind),
        None => {
            let mut exception = undef(process, m, f, &x[..arity as usize]);
            exception.caller_gone = matches!(site.tail, Tail::Yes);
            site.raise(x, process, exception)
        }
    }
}

/// `erlang:apply(Fun, Args)` (`kind` 2) and `erlang:apply(Module,
/// Function, Args)` (`kind` 3), with their arguments in x0..: spreads
/// `Args` over x0.. and calls as `call_fun` or `apply` would, so that the
/// callee's frames replace this call's, as in Erlang. An argument list
/// that is not a proper list, or too long for the registers, raises
/// `badarg`.
fn apply_list(x: &mut [Term], process: &mut Process, site: Site<'_>, kind: u8) -> CallFlow {
    let (callee, list) = if kind == 2 { ([x[0], Term::NIL], x[1]) } else { ([x[0], x[1]], x[2]) };
    let mut arity = 0usize;
    let mut rest = list;
    // Two registers stay free after the arguments: the fun, or the module
    // and the function.
    while let Some((head, tail)) = rest.as_cons() {
        if arity + 2 >= x.len() {
            return site.raise(x, process, Exception::badarg());
        }
        x[arity] = head;
        arity += 1;
        rest = tail;
    }
    if !rest.is_nil() {
        return site.raise(x, process, Exception::badarg());
    }
    let arity32 = arity as u32;
    if kind == 3 {
        x[arity] = callee[0];
        x[arity + 1] = callee[1];
        return apply(x, process, site, arity32);
    }
    x[arity] = callee[0];
    call_any_fun(x, process, site, arity32)
}

/// `call_fun` and `call_fun_last`: the fun in x(arity) called with
/// x0..x(arity-1). A local fun enters its code (see [`call_fun`]); an
/// external fun, `fun M:F/A`, calls `M:F` as `apply` does, so that a BIF
/// runs and a missing function raises `undef`; a fun of another arity
/// raises `{badarity, {Fun, Args}}`.
pub(crate) fn call_any_fun(x: &mut [Term], process: &mut Process, site: Site<'_>, arity: u32) -> CallFlow {
    let fun = x[arity as usize];
    if let Some((module, function, fun_arity)) = build::export_fun_parts(fun) {
        if u32::from(fun_arity) != arity {
            let exception = badarity(process, fun, &x[..arity as usize]);
            return site.raise(x, process, exception);
        }
        x[arity as usize] = Term::atom(module);
        x[arity as usize + 1] = Term::atom(function);
        return apply(x, process, site, arity);
    }
    match call_fun(x, site.vm, process, arity) {
        Ok((next, entry, live)) => CallFlow::Enter(next, entry, live),
        Err(exception) => site.raise(x, process, exception),
    }
}

/// `{badarity, {Fun, Args}}`.
fn badarity(process: &mut Process, fun: Term, args: &[Term]) -> Exception {
    let args = build::list_from_slice(&mut process.heap, args);
    let pair = build::tuple(&mut process.heap, &[fun, args]);
    let reason = build::tuple(&mut process.heap, &[Term::atom(atoms::BADARITY), pair]);
    Exception::error(reason)
}

/// `call_fun`: the fun in x(arity) called with x0..x(arity-1); its free
/// variables are placed after the arguments. Returns the module, the entry
/// and the implementing function's arity (arguments plus free variables:
/// the registers live at entry).
pub(crate) fn call_fun(
    x: &mut [Term],
    vm: &Vm,
    process: &mut Process,
    arity: u32,
) -> Result<(&'static LoadedModule, u32, u32), Exception> {
    if let Some(target) = enter_local_fun(x, vm, arity) {
        return Ok(target);
    }
    let fun = x[arity as usize];
    if build::fun_parts(fun).is_none() {
        let reason = build::tuple(&mut process.heap, &[Term::atom(atoms::BADFUN), fun]);
        return Err(Exception::error(reason));
    }
    Err(badarity(process, fun, &x[..arity as usize]))
}

/// [`call_fun`] when x(arity) is a local fun taking `arity` arguments: its
/// free variables placed after them, and the module, the entry and the
/// registers live there. `None`, having changed nothing, for anything else.
#[inline(always)]
pub(crate) fn enter_local_fun(x: &mut [Term], vm: &Vm, arity: u32) -> Option<(&'static LoadedModule, u32, u32)> {
    let parts = build::fun_parts(x[arity as usize])?;
    let target = vm.code.module(parts.module_index);
    let entry = target.module.funs[parts.fun_index as usize];
    let function = target.module.functions[entry.function as usize];
    if function.arity - entry.num_free != arity {
        return None;
    }
    for (offset, &value) in parts.free.iter().enumerate() {
        x[arity as usize + offset] = value;
    }
    Some((target, function.entry.0, function.arity))
}

/// Whether `fun` is a fun taking `arity` arguments (`is_function2`).
pub(crate) fn fun_has_arity(vm: &Vm, fun: Term, arity: Term) -> bool {
    arity.as_small().is_some_and(|arity| vm.code.fun_arity(fun).map(i64::from) == Some(arity))
}
