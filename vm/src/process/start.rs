//! Where a new process starts: the code and arguments of a fun or of
//! `Module:Function(Args...)`, resolved before the process exists, so that
//! every way of spawning (the BIFs, a peer's spawn request) starts one the
//! same way.

use crate::boot;
use crate::exception::Exception;
use crate::process::lifecycle::{self, SpawnError, SpawnOptions};
use crate::process::Process;
use crate::term::{atoms, build, Atom, Term};
use crate::vm::Vm;

/// Where a spawned process starts: module, entry, arguments, initial call.
pub(crate) struct Start {
    pub(crate) module_index: u32,
    pub(crate) entry: u32,
    pub(crate) args: Vec<Term>,
    pub(crate) initial_call: (Atom, Atom, u32),
}

/// The start of a fun of no arguments: its code, with its free variables as arguments.
pub(crate) fn fun_start(vm: &Vm, fun: Term) -> Result<Start, Exception> {
    if vm.code.fun_arity(fun) != Some(0) {
        return Err(Exception::badarg());
    }
    if let Some((module, function, _)) = build::export_fun_parts(fun) {
        // `fun M:F/0` starts as `M:F()`.
        return mfa_start(vm, Term::atom(module), Term::atom(function), Term::NIL);
    }
    let parts = build::fun_parts(fun).ok_or_else(Exception::badarg)?;
    let module = vm.code.module(parts.module_index);
    let entry = module.module.funs[parts.fun_index as usize];
    let function = module.module.functions[entry.function as usize];
    Ok(Start {
        module_index: module.index,
        entry: function.entry.0,
        args: parts.free.to_vec(),
        initial_call: (module.name, module.function_names[entry.function as usize], function.arity),
    })
}

/// The start of `Module:Function(Args...)`: its code when it is an exported
/// function; otherwise the boot module's `apply_N`, so that a BIF runs, or
/// `undef` is raised, inside the new process as in Erlang.
pub(crate) fn mfa_start(vm: &Vm, module: Term, function: Term, args: Term) -> Result<Start, Exception> {
    let (Some(module), Some(function)) = (module.as_atom(), function.as_atom()) else {
        return Err(Exception::badarg());
    };
    let args = build::list_to_vec(args).ok_or_else(Exception::badarg)?;
    let arity = u32::try_from(args.len()).map_err(|_| Exception::badarg())?;
    let initial_call = (module, function, arity);
    if let Ok(Some((loaded, entry))) = vm.code.find_export(module, function, arity) {
        return Ok(Start { module_index: loaded.index, entry, args, initial_call });
    }
    if arity > boot::MAX_BOOT_ARITY {
        return Err(Exception::system_limit());
    }
    let boot_module = vm.boot_module();
    let function_index = boot::apply_function(arity);
    let mut boot_args = args;
    boot_args.push(Term::atom(module));
    boot_args.push(Term::atom(function));
    Ok(Start {
        module_index: boot_module.index,
        entry: boot_module.module.functions[function_index as usize].entry.0,
        args: boot_args,
        initial_call,
    })
}

impl Start {
    /// Spawns the process; see [`lifecycle::spawn`].
    pub(crate) fn spawn(
        &self,
        vm: &Vm,
        parent: Option<&mut Process>,
        options: SpawnOptions,
    ) -> Result<(Term, Option<u64>), SpawnError> {
        lifecycle::spawn(vm, parent, self.module_index, self.entry, &self.args, self.initial_call, options)
    }
}

/// Spawns `module:function(args...)` for a process of another node (a
/// `SPAWN_REQUEST`), linked to `requester` when `link`, and monitored by
/// `watcher` (the requester, with the local reference number of its
/// monitor) when given; the pid, or the error reason the requester gets.
#[allow(clippy::too_many_arguments)]
pub(crate) fn spawn_for_peer(
    vm: &Vm,
    module: Term,
    function: Term,
    args: Term,
    requester: Term,
    link: bool,
    group_leader: Term,
    watcher: Option<(u64, Term)>,
) -> Result<Term, Term> {
    let start = mfa_start(vm, module, function, args).map_err(|_| Term::atom(atoms::BADARG))?;
    // The link and the monitor are in place before the process first runs.
    let options = SpawnOptions {
        group_leader: Some(group_leader),
        remote_watcher: watcher,
        remote_link: link.then_some(requester),
        ..SpawnOptions::default()
    };
    let spawned = start.spawn(vm, None, options);
    let (pid, _) = spawned.map_err(|_| Term::atom(atoms::SYSTEM_LIMIT))?;
    Ok(pid)
}
