//! The interpreter on what the verifier accepts.
//!
//! The interpreter trusts the verifier (`ARCHITECTURE.md`): its stack
//! operations are unchecked in release builds, and a raise lands in a
//! handler with whatever frame the marker it found belongs to. So every
//! module the verifier accepts must run without crashing the VM. Here the
//! fuzzer's input builds a module as [`loader_structured`] does (a base
//! program and changes), and when the verifier accepts it, runs its
//! `main/1` on a fresh VM, on the calling thread, for a bounded number of
//! time slices, beside a sentinel process that keeps a known state on its
//! heap. What must hold:
//!
//! - running never panics (the fuzzer builds with debug assertions, so an
//!   out-of-frame y register or an unbalanced stack is a panic in
//!   `heap.rs`, not a silent write);
//! - the VM survives whatever the program does to its own processes;
//! - the sentinel's state is intact afterwards, and the sentinel is still
//!   there unless the program could have ended it (it imports
//!   `erlang:exit/2`, `erlang:unregister/1` or `erlang:halt`).
//!
//! The changes leave the atom table alone (a change that touches it makes
//! the module skip the run), so that the VM's process-wide atom table
//! holds only the bases' atoms however long the fuzzer runs.

use crate::loader_structured::{bases, build};
use crate::tape::Tape;
use girder_loader::{verify, Module};
use girder_vm::code::NoModules;
use girder_vm::run::{run_entry_bounded, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::sync::OnceLock;

/// The sentinel module: `start/0` registers itself as `fuzz_sentinel` and
/// keeps its state; `check/0` kills every other process, then asks it.
const SENTINEL: &str = include_str!("sentinel.gasm");

/// Time slices the fuzzed program runs for.
const PROGRAM_SLICES: u64 = 400;

/// Time slices the fuzzed program runs for when every safe point collects
/// (and, with debug assertions, checks the whole heap after it).
const STRESSED_PROGRAM_SLICES: u64 = 25;

/// Time slices the sentinel's check may take: enough for every process the
/// program may leave (at most [`MAX_PROCESSES`]) to take its kill signal.
const CHECK_SLICES: u64 = 4 * MAX_PROCESSES as u64 + 100;

/// The most processes alive at once.
const MAX_PROCESSES: usize = 32;

/// Reductions in one time slice.
const REDUCTIONS: u32 = 200;

/// The largest heap a process may grow to, in words (512 KiB).
const MAX_HEAP_WORDS: usize = 1 << 16;

/// The largest heap when every safe point collects (128 KiB).
const STRESSED_MAX_HEAP_WORDS: usize = 1 << 14;

/// The sentinel module, assembled once.
fn sentinel() -> &'static Module {
    static SENTINEL_MODULE: OnceLock<Module> = OnceLock::new();
    SENTINEL_MODULE.get_or_init(|| {
        girder_asm::assemble(SENTINEL, "sentinel.gasm")
            .unwrap_or_else(|diagnostics| panic!("the sentinel does not assemble: {diagnostics}"))
    })
}

/// Builds a module from `data` and, when it verifies, runs it and checks
/// the sentinel (see the module's documentation).
pub fn check(data: &[u8]) {
    let (module, _, _) = build(data);
    let Some(&first) = data.first() else { return };
    let base = &bases()[usize::from(first) % bases().len()];
    if module.atoms != base.atoms || verify(&module).is_err() {
        return;
    }
    // One input in four collects at every safe point, which finds roots the
    // collector misses; the input's last byte decides.
    let gc_stress = Tape::new(&data[data.len() - 1..]).one_in(4);
    run_module(module, gc_stress);
}

/// Runs `module`'s `main/1` beside the sentinel and checks the sentinel.
pub fn run_module(module: Module, gc_stress: bool) {
    let config = Config {
        gc_stress,
        reductions: REDUCTIONS,
        max_processes: MAX_PROCESSES,
        schedulers: 1,
        max_heap_words: if gc_stress { STRESSED_MAX_HEAP_WORDS } else { MAX_HEAP_WORDS },
    };
    let program_slices = if gc_stress { STRESSED_PROGRAM_SLICES } else { PROGRAM_SLICES };
    let vm = Vm::with_outputs(config, Box::new(NoModules), Box::new(std::io::sink()), Box::new(std::io::sink()));
    vm.code.load(sentinel().clone()).expect("the sentinel loads into a fresh VM");
    let may_end_the_sentinel = imports_any(&module, &[("exit", 2), ("unregister", 1), ("halt", 0), ("halt", 1)]);
    let Ok(loaded) = vm.code.load(module) else { return };
    let name = loaded.name;
    let atom = |name: &str| Atom::intern(name).expect("the atom table has room for the harness's atoms");
    let sentinel_name = atom("fuzz_sentinel");

    let started = run_entry_bounded(&vm, sentinel_name, atom("start"), &[], false, CHECK_SLICES);
    assert_eq!(started.ok(), Some(Some(Ending::Deadlocked)), "the sentinel does not start and wait");

    // Any ending will do: the program may crash, halt, wait or run on.
    let _ = run_entry_bounded(&vm, name, atom("main"), &[], true, program_slices);

    let checked = run_entry_bounded(&vm, sentinel_name, atom("check"), &[], false, CHECK_SLICES);
    match checked {
        Ok(Some(Ending::Normal)) => {}
        Ok(Some(Ending::Halted(_))) if may_end_the_sentinel => {}
        Ok(Some(Ending::Crashed)) => panic!("the program changed the sentinel's state"),
        other => panic!("the sentinel's check ended with {other:?}"),
    }
}

/// Whether `module` imports any of the `erlang` functions `names`.
fn imports_any(module: &Module, names: &[(&str, u32)]) -> bool {
    let atom = |index: u32| module.atoms.get(index as usize).map_or("", String::as_str);
    module.imports.iter().any(|import| {
        atom(import.module) == "erlang"
            && names.iter().any(|&(name, arity)| atom(import.function) == name && import.arity == arity)
    })
}
