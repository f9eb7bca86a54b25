//! Running a program's entry function to completion, as `girder run` does.
//!
//! The entry process is spawned and the scheduler runs every process until
//! the entry process ends (as escript does), `halt` is called, or nothing can
//! run any more.

use crate::memory::heap::Heap;
use crate::process::lifecycle::{self, SpawnOptions};
use crate::sched::{run_pool, Scheduler, SchedulerStats, Stop};
use crate::term::{build, Atom, Term};
use crate::vm::Vm;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The entry function returned, or its process exited with `normal`.
    Normal,
    /// The entry process ended abnormally (an error's report is on stderr).
    Crashed,
    /// `erlang:halt/0,1` stopped the VM with this status.
    Halted(i32),
    /// The entry process waits for a message that nothing can ever send.
    Deadlocked,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The entry function does not exist or is not exported.
    #[error("{module}:{function}/{arity} is not an exported function{detail}")]
    Undefined {
        /// The module's name.
        module: String,
        /// The function's name.
        function: String,
        /// The arity looked for.
        arity: u32,
        /// More about why, when the module itself failed to load.
        detail: String,
    },
}

/// Runs `module:function(Args)` where `Args` is the list of `args` as
/// strings (as escript passes them) — or with no arguments when
/// `with_args` is false — until that process ends.
pub fn run_entry(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
) -> Result<Ending, StartError> {
    run_entry_with_stats(vm, module, function, args, with_args).map(|(ending, _)| ending)
}

/// What the schedulers did during a run.
#[derive(Clone, Debug, Default)]
pub struct RunStats {
    /// Per scheduler.
    pub schedulers: Vec<SchedulerStats>,
    /// The most processes alive at once, as the process table counts it:
    /// the slots ever used (`ProcessTable::peak`), which may exceed the
    /// true peak by the free slots the schedulers kept at hand.
    pub peak_processes: usize,
}

/// As [`run_entry`], also returning what the schedulers did.
pub fn run_entry_with_stats(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
) -> Result<(Ending, RunStats), StartError> {
    let args = if with_args { EntryArgs::Strings(args) } else { EntryArgs::Nothing };
    run_call_with_stats(vm, module, function, args)
}

/// The arguments an entry function is called with.
#[derive(Clone, Copy, Debug)]
pub enum EntryArgs<'a> {
    /// None: `function/0` is called.
    Nothing,
    /// One argument, the list of these strings (as escript and `erl -run` pass them).
    Strings(&'a [String]),
    /// One argument, the list of these as atoms (as `erl -s` passes them).
    Atoms(&'a [String]),
    /// Three arguments: a module's and a function's names, as atoms, and
    /// the list of these as binaries (Elixir's strings): how girder's
    /// `init:run_elixir/3` is called to run an Elixir program.
    Elixir(&'a str, &'a str, &'a [String]),
}

/// Runs `module:function` with `args` until that process ends, returning
/// what the schedulers did.
pub fn run_call_with_stats(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: EntryArgs<'_>,
) -> Result<(Ending, RunStats), StartError> {
    let pid = spawn_entry(vm, module, function, args)?;
    let (stop, schedulers) = run_pool(vm, pid, vm.config.schedulers);
    let ending = ending_of(stop);
    vm.flush_output();
    Ok((ending, RunStats { schedulers, peak_processes: vm.processes.peak() }))
}

/// As [`run_entry`], on the calling thread, for at most `max_slices` time
/// slices of any process and without ever waiting for a receive timer.
///
/// Returns `Ok(None)` when the budget is spent, or when every process left
/// waits and only a timer could wake one: a bounded run of a program that
/// may loop forever, as a fuzzer makes. The processes left stay in the VM,
/// and a later run continues with them.
pub fn run_entry_bounded(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
    max_slices: u64,
) -> Result<Option<Ending>, StartError> {
    let args = if with_args { EntryArgs::Strings(args) } else { EntryArgs::Nothing };
    let pid = spawn_entry(vm, module, function, args)?;
    let stop = Scheduler::new().run_for(vm, pid, max_slices);
    vm.flush_output();
    Ok(stop.map(ending_of))
}

/// How a run ended, from how its scheduling stopped.
fn ending_of(stop: Stop) -> Ending {
    match stop {
        Stop::WatchedEnded { crashed: false } => Ending::Normal,
        Stop::WatchedEnded { crashed: true } => Ending::Crashed,
        Stop::Halt(status) => Ending::Halted(status),
        Stop::Deadlock => Ending::Deadlocked,
    }
}

/// Spawns the entry process of a run, `module:function(Args)` (or with no
/// arguments for [`EntryArgs::Nothing`]); returns its pid.
fn spawn_entry(vm: &Vm, module: Atom, function: Atom, args: EntryArgs<'_>) -> Result<Term, StartError> {
    let arity = match args {
        EntryArgs::Nothing => 0,
        EntryArgs::Elixir(..) => 3,
        _ => 1,
    };
    let undefined = |detail: String| StartError::Undefined {
        module: module.name().to_string(),
        function: function.name().to_string(),
        arity,
        detail,
    };
    let (loaded, entry) = match vm.code.find_export(module, function, arity) {
        Ok(Some(found)) => found,
        Ok(None) => return Err(undefined(String::new())),
        Err(error) => return Err(undefined(format!(" ({error})"))),
    };
    let mut scratch = Heap::new(64);
    let words: Vec<Term> = match args {
        EntryArgs::Nothing => Vec::new(),
        EntryArgs::Strings(args) => args.iter().map(|arg| build::string(&mut scratch, arg)).collect(),
        EntryArgs::Atoms(args) => {
            let mut atoms = Vec::with_capacity(args.len());
            for arg in args {
                let atom = Atom::intern(arg)
                    .map_err(|_| undefined(format!(" (the argument {arg} is too long for an atom)")))?;
                atoms.push(Term::atom(atom));
            }
            atoms
        }
        EntryArgs::Elixir(_, _, args) => {
            args.iter().map(|arg| crate::term::bits::binary(&mut scratch, arg.as_bytes())).collect()
        }
    };
    let arguments = match args {
        EntryArgs::Nothing => Vec::new(),
        EntryArgs::Elixir(program, function, _) => {
            let atom = |name: &str| {
                Atom::intern(name).map(Term::atom).map_err(|_| undefined(format!(" ({name} is too long for an atom)")))
            };
            vec![atom(program)?, atom(function)?, build::list_from_slice(&mut scratch, &words)]
        }
        _ => vec![build::list_from_slice(&mut scratch, &words)],
    };
    let spawned =
        lifecycle::spawn(vm, None, loaded.index, entry, &arguments, (module, function, arity), SpawnOptions::default());
    let Ok((pid, _)) = spawned else { unreachable!("the first process is always under the limit") };
    Ok(pid)
}
