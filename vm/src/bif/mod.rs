//! Built-in functions, dispatched through one array generated from the BIF
//! table in `girder-spec` (`for_each_bif!`): the table names each BIF's
//! implementing function, so the table and the dispatch cannot drift.
//!
//! A BIF receives its arguments as terms and returns a term or an
//! [`Exception`]. A BIF may allocate on the caller's heap
//! ([`Heap::alloc`](crate::memory::heap::Heap::alloc) never collects), so terms it
//! holds stay valid for its whole run. It adds to
//! [`BifCtx::reductions`] in proportion to the work it does.

mod arith;
mod binary;
pub(crate) use arith::number_to_f64;
mod compare;
mod convert;
mod counters;
mod data;
mod dictionary;
mod dist;
mod ets;
mod exception;
mod ext;
mod file;
mod hash;
mod init;
pub(crate) mod io;
mod lists;
pub(crate) mod logger;
mod maps;
mod math;
mod modules;
mod os;
mod persistent_term;
mod process;
pub(crate) mod processes;
mod re;
mod system;
#[cfg(test)]
pub(crate) mod testing;
mod time;
mod timer;
mod types;
mod unicode;
mod zlib;

use crate::exception::BifResult;
use crate::process::inbox::Inbox;
use crate::process::Process;
use crate::term::{Atom, Term};
use crate::vm::Vm;

/// The atom named `name` as a term, made if new; `system_limit` when the
/// atom table is full.
pub(super) fn intern_term(name: &str) -> BifResult {
    Atom::intern(name).map(Term::atom).map_err(|_| crate::exception::Exception::system_limit())
}

/// What a BIF may touch: the calling process and the VM.
pub struct BifCtx<'a> {
    /// The calling process (its heap, pid, mailbox).
    pub process: &'a mut Process,
    /// The calling process's inbox (signals not yet handled).
    pub inbox: &'a Inbox,
    /// The VM.
    pub vm: &'a Vm,
    /// Reductions the BIF spent beyond its base cost.
    pub reductions: u32,
    /// Set by `erlang:halt/0,1`: the VM stops with this status.
    pub halt: Option<i32>,
    /// Set by [`BifCtx::retry_later`]: the BIF could not finish now.
    pub retry: bool,
    /// Set by [`BifCtx::handle_own_signals`] when a signal in the caller's
    /// inbox ends it: the process ends with this reason at once, and no
    /// `catch` sees it (an exit signal is not an exception).
    pub exit: Option<Term>,
    /// Set by [`BifCtx::trap_to`]: the call continues in Erlang code.
    pub trap: Option<Trap>,
}

/// A call a BIF hands on to a function written in Erlang, as BEAM's BIFs
/// trap: the BIF does the common case itself and leaves the rest (one that
/// must wait for a message, say) to code. The function replaces the BIF's
/// call, so it returns to the BIF's caller.
#[derive(Clone, Copy, Debug)]
pub struct Trap {
    /// The function's module.
    pub module: Atom,
    /// The function, exported from `module`.
    pub function: Atom,
    /// Its arguments: the first `arity`.
    pub args: [Term; Trap::MAX_ARITY],
    /// How many arguments it takes.
    pub arity: u8,
}

impl Trap {
    /// The most arguments a trap passes.
    pub const MAX_ARITY: usize = 4;
}

impl<'a> BifCtx<'a> {
    /// The context of a call by `process`, with nothing spent or set yet.
    pub fn new(process: &'a mut Process, inbox: &'a Inbox, vm: &'a Vm) -> BifCtx<'a> {
        BifCtx { process, inbox, vm, reductions: 0, halt: None, retry: false, exit: None, trap: None }
    }
}

impl BifCtx<'_> {
    /// Hands the call on to `module:function(args)`, which must be an
    /// exported function written in Erlang: the BIF's own result is
    /// ignored. Only BIFs that `call_ext` or `apply` reach may trap (not
    /// guard BIFs, which the `bif` instructions call): those instructions
    /// raise `undef` at a trap.
    pub fn trap_to(&mut self, module: Atom, function: Atom, args: &[Term]) -> Term {
        debug_assert!(args.len() <= Trap::MAX_ARITY, "a trap passes at most {} arguments", Trap::MAX_ARITY);
        let mut trap = Trap { module, function, args: [Term::NIL; Trap::MAX_ARITY], arity: args.len() as u8 };
        trap.args[..args.len()].copy_from_slice(args);
        self.trap = Some(trap);
        Term::NIL
    }

    /// Asks the interpreter to yield and call the BIF again later (when it
    /// needs another process that is running right now). Only BIFs marked
    /// `Gc` may do this: the interpreter needs their live registers.
    pub fn retry_later(&mut self) -> crate::exception::Exception {
        self.retry = true;
        crate::exception::Exception::badarg()
    }

    /// Moves the caller's pending signals into effect now (its messages into
    /// its mailbox, links, monitors, exit signals), as a BIF that reads its
    /// own state or signals itself must. When an exit signal ends the
    /// process, this sets [`BifCtx::exit`] and returns an error the BIF must
    /// return at once.
    pub fn handle_own_signals(&mut self) -> Result<(), crate::exception::Exception> {
        // Every signal there is, with no budget, charged to the BIF.
        let mut budget = i64::MAX;
        let handled = crate::process::lifecycle::handle_signals(self.vm, self.inbox, self.process, &mut budget);
        let spent = u32::try_from(i64::MAX - budget).unwrap_or(u32::MAX);
        self.reductions = self.reductions.saturating_add(spent);
        match handled {
            crate::process::lifecycle::Handled::Continue => Ok(()),
            crate::process::lifecycle::Handled::Exit(reason) => {
                self.exit = Some(reason);
                Err(crate::exception::Exception::new(crate::exception::Class::Exit, reason))
            }
        }
    }
}

/// The signature every BIF implements.
pub type BifFn = fn(&mut BifCtx<'_>, &[Term]) -> BifResult;

macro_rules! bif_dispatch_array {
    ($($index:literal, $module:ident, $name:literal, $arity:literal, $cost:literal, $gc:ident, $returns:ident, $($path:ident)::+, $doc:literal;)*) => {
        /// The implementing function of every BIF, by table index.
        pub static BIF_FNS: &[BifFn] = &[$($($path)::+),*];
    };
}
girder_spec::for_each_bif!(bif_dispatch_array);

/// The index of the BIF `module:function/arity`, if one has that name.
///
/// Dynamic calls ask at every call (`apply/3`, `Module:f(...)` with a
/// module in a variable, as every `gen_server` callback is called), so
/// the table is read through a map by the names' atoms, made on first use,
/// rather than by comparing strings across the whole table.
pub fn by_name(module: Atom, function: Atom, arity: u32) -> Option<u16> {
    static BY_ATOMS: std::sync::OnceLock<std::collections::HashMap<(u32, u32, u32), u16>> = std::sync::OnceLock::new();
    let table = BY_ATOMS.get_or_init(|| {
        girder_spec::BIFS
            .iter()
            .filter_map(|bif| {
                // A full atom table leaves a BIF out: no atom names it, so
                // no call can name it either.
                let (module, name) = (Atom::intern(bif.module).ok()?, Atom::intern(bif.name).ok()?);
                Some(((module.index(), name.index(), u32::from(bif.arity)), bif.index))
            })
            .collect()
    });
    table.get(&(module.index(), function.index(), arity)).copied()
}

/// Calls BIF `index` with `args`.
#[inline]
pub fn call(index: u16, ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    #[cfg(feature = "coverage")]
    crate::coverage::bif(index);
    BIF_FNS[usize::from(index)](ctx, args)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_bif_of_the_table_has_a_function() {
        assert_eq!(super::BIF_FNS.len(), girder_spec::BIFS.len());
    }

    #[test]
    fn every_bif_is_found_by_its_names_atoms() {
        use crate::term::Atom;
        for bif in girder_spec::BIFS {
            let (module, name) = (Atom::intern(bif.module).unwrap(), Atom::intern(bif.name).unwrap());
            assert_eq!(super::by_name(module, name, u32::from(bif.arity)), Some(bif.index), "{}", bif.name);
        }
        let erlang = Atom::intern("erlang").unwrap();
        assert_eq!(super::by_name(erlang, Atom::intern("self").unwrap(), 1), None);
        assert_eq!(super::by_name(erlang, Atom::intern("no_such_bif").unwrap(), 0), None);
    }
}
