//! The code server: every loaded module, found by index or by name.
//!
//! Modules are loaded once and never unloaded or replaced, so a loaded module
//! lives for the rest of the VM as a `&'static LoadedModule`. Lookup by index
//! (what return addresses and catch markers hold) is one atomic load; lookup
//! by name takes a read lock. Loading takes a write lock, and asks the
//! embedder's [`ModuleSource`] for modules that are called before they are
//! loaded (this crate never reads files itself).
//!
//! Threads: every method may be called from any scheduler thread.

use crate::memory::heap::Heap;
use crate::term::{atoms, build, Atom, Term, ATOM_LIMIT};
use girder_loader::{Import, Module};
use std::sync::atomic::{AtomicPtr, AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// The most modules one VM can load.
pub const MAX_MODULES: usize = 1 << 16;

/// Finds modules by name for the code server: the embedder's search path.
pub trait ModuleSource: Send + Sync {
    /// Returns the decoded, verified module named `name`, `Ok(None)` when no
    /// such module exists, or an error message when one exists but is bad.
    fn find(&self, name: &str) -> Result<Option<Module>, String>;

    /// The path of the first file named `name` in a directory of the code
    /// path, as `code:where_is_file/1` gives it; `None` when there is none.
    fn where_is_file(&self, _name: &str) -> Option<String> {
        None
    }

    /// The library directory of application `name` (`DIR/NAME-VSN` or
    /// `DIR/NAME` whose `ebin` is on the code path), as `code:lib_dir/1`
    /// gives it; `None` when there is none.
    fn lib_dir(&self, _name: &str) -> Option<String> {
        None
    }

    /// The contents of the file at `path`, as `erl_prim_loader:get_file/1`
    /// reads them (the VM reads no file itself); `None` when it cannot be
    /// read.
    fn get_file(&self, _path: &str) -> Option<Vec<u8>> {
        None
    }

    /// Where [`find`](ModuleSource::find) finds the module named `name`,
    /// as `code:which/1` tells it; `None` when it finds none.
    fn origin(&self, _name: &str) -> Option<ModuleOrigin> {
        None
    }
}

/// Where a module's code comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModuleOrigin {
    /// Built into the embedder (girder's own modules): what OTP calls
    /// preloaded.
    BuiltIn,
    /// A file, by its path.
    File(String),
}

/// A source that finds nothing: every module must be loaded explicitly.
pub struct NoModules;

impl ModuleSource for NoModules {
    fn find(&self, _name: &str) -> Result<Option<Module>, String> {
        Ok(None)
    }
}

/// Where an import leads, once resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportTarget {
    /// A built-in function, by its index in the BIF table.
    Bif(u16),
    /// A function of a loaded module.
    Code {
        /// The module's index in the code server.
        module_index: u32,
        /// The function's entry instruction.
        entry: u32,
    },
    /// `erlang:apply/2` (a fun and an argument list) or `erlang:apply/3`
    /// (a module, a function and an argument list), by its arity: a call
    /// whose target is known only from its arguments, made by the
    /// interpreter rather than by a BIF, since it enters code.
    Apply(u8),
}

/// A module as the VM runs it: the decoded module plus everything resolved
/// against the running VM (global atoms, literal terms, imports).
pub struct LoadedModule {
    /// The module's index in the code server (what return addresses hold).
    pub index: u32,
    /// The module's name.
    pub name: Atom,
    /// The decoded, verified module.
    pub module: Module,
    /// The module's atom table mapped to global atoms.
    pub atoms: Vec<Atom>,
    /// The literal table as terms in the literal area.
    pub literals: Vec<Term>,
    /// Imports resolved on first use; `None` in a cell means "not yet".
    imports: Vec<OnceLock<ImportTarget>>,
    /// The highest x register any instruction names, plus one.
    pub x_regs_used: u32,
    /// The names of the module's functions, as global atoms, by function index.
    pub function_names: Vec<Atom>,
    /// The specialised form of every instruction (see `interp::fast`).
    pub(crate) ops: Box<[crate::interp::Op]>,
    /// The `bs_create_bin` instructions decoded for their ops, which name
    /// them by index here.
    pub(crate) bs_plans: Box<[crate::interp::Plan]>,
    /// For each import that names a BIF, its index in the BIF table (resolved
    /// at load time; `bif`/`gc_bif` operands always name one, as the
    /// verifier proved); `u16::MAX` for other imports.
    pub bif_of_import: Vec<u16>,
}

impl LoadedModule {
    /// The entry instruction of the exported function `function/arity`.
    pub fn exported_entry(&self, function: Atom, arity: u32) -> Option<u32> {
        self.module
            .exports
            .iter()
            .map(|&index| &self.module.functions[index as usize])
            .find(|f| f.arity == arity && self.atoms[f.name as usize] == function)
            .map(|f| f.entry.0)
    }

    /// The resolved target of import `index`, when it has been resolved before.
    #[inline(always)]
    pub fn resolved_import(&self, index: u32) -> Option<ImportTarget> {
        self.imports[index as usize].get().copied()
    }

    /// Records the resolution of import `index`.
    pub fn set_import(&self, index: u32, target: ImportTarget) {
        let _ = self.imports[index as usize].set(target);
    }

    /// The import `index` as `(module, function, arity)` atoms.
    pub fn import_mfa(&self, index: u32) -> (Atom, Atom, u32) {
        let Import { module, function, arity } = self.module.imports[index as usize];
        (self.atoms[module as usize], self.atoms[function as usize], arity)
    }

    /// The function (name, arity) whose code holds instruction `instr`.
    pub fn function_at(&self, instr: u32) -> Option<(Atom, u32)> {
        let index = self.module.function_at(instr)?;
        Some((self.function_names[index], self.module.functions[index].arity))
    }

    /// The location list of a stack frame at instruction `instr`, ending
    /// in `tail`: `[{file, F}, {line, N} | tail]` when the code has a line
    /// for it (without the file when the module names none), `tail` alone
    /// when it has none.
    pub fn location(&self, heap: &mut Heap, instr: u32, tail: Term) -> Term {
        let Some((file, line)) = self.module.line_at(instr) else { return tail };
        let line = build::tuple(heap, &[Term::atom(atoms::LINE), Term::small_unchecked(i64::from(line))]);
        let mut location = build::cons(heap, line, tail);
        if let Some(file) = file {
            let name = build::string(heap, file);
            let file = build::tuple(heap, &[Term::atom(atoms::FILE), name]);
            location = build::cons(heap, file, location);
        }
        location
    }

    /// The stack frame `{Module, Function, ArityOrArgs, Location}` of
    /// instruction `instr` (`args` in place of the arity when given), its
    /// location ending in `tail`; `None` outside every function.
    pub fn frame(&self, heap: &mut Heap, instr: u32, args: Option<Term>, tail: Term) -> Option<Term> {
        let (name, arity) = self.function_at(instr)?;
        let arity_or_args = args.unwrap_or(Term::small_unchecked(i64::from(arity)));
        let location = self.location(heap, instr, tail);
        Some(build::tuple(heap, &[Term::atom(self.name), Term::atom(name), arity_or_args, location]))
    }
}

/// Why a module could not be loaded into the VM.
#[derive(Debug, thiserror::Error)]
pub enum CodeError {
    /// A module with this name is already loaded.
    #[error("module {0} is already loaded")]
    AlreadyLoaded(String),
    /// The atom table or literal area is full.
    #[error("module {module}: {what}")]
    Limit {
        /// The module's name.
        module: String,
        /// What ran out.
        what: String,
    },
    /// The module source failed.
    #[error("{0}")]
    Source(String),
    /// Too many modules.
    #[error("too many modules (the limit is {MAX_MODULES})")]
    TooMany,
}

/// Atoms a chunk of [`CodeServer`]'s lock-free module map covers.
const ATOM_CHUNK: usize = 4096;

/// The VM's code server.
pub struct CodeServer {
    slots: Box<[AtomicPtr<LoadedModule>]>,
    /// Loaded modules by name, read without a lock (every `spawn/3` and
    /// `apply` looks here): by the name atom's index, in chunks made on
    /// first use; an entry holds the module's index plus one (0: not loaded).
    by_atom: Box<[OnceLock<Box<[AtomicU32]>>]>,
    /// Held while a module is installed; it counts the modules loaded.
    load_lock: Mutex<u32>,
    source: Box<dyn ModuleSource>,
    x_regs_used: AtomicU32,
}

impl CodeServer {
    /// An empty code server that finds missing modules through `source`.
    pub fn new(source: Box<dyn ModuleSource>) -> CodeServer {
        CodeServer {
            slots: (0..MAX_MODULES).map(|_| AtomicPtr::new(std::ptr::null_mut())).collect(),
            by_atom: (0..ATOM_LIMIT.div_ceil(ATOM_CHUNK)).map(|_| OnceLock::new()).collect(),
            load_lock: Mutex::new(0),
            source,
            x_regs_used: AtomicU32::new(4),
        }
    }

    /// The embedder's source of modules, which also reads the files of the
    /// code path for `code:where_is_file/1` and `erl_prim_loader:get_file/1`.
    pub fn source(&self) -> &dyn ModuleSource {
        &*self.source
    }

    /// How many x registers any loaded code uses: the collector clears the
    /// dead ones up to here so no stale pointer survives in a register.
    #[inline(always)]
    pub fn x_regs_used(&self) -> usize {
        self.x_regs_used.load(Ordering::Relaxed) as usize
    }

    /// The module with index `index`; it must have been loaded.
    #[inline(always)]
    pub fn module(&self, index: u32) -> &'static LoadedModule {
        let ptr = self.slots[index as usize].load(Ordering::Acquire);
        assert!(!ptr.is_null(), "module index {index} is not loaded");
        // SAFETY: non-null slots hold pointers from `Box::leak` of a fully
        // built LoadedModule, published with Release after construction, and
        // never freed.
        unsafe { &*ptr }
    }

    /// The loaded module named `name`, if any (never loads).
    pub fn loaded(&self, name: Atom) -> Option<&'static LoadedModule> {
        let chunk = self.by_atom.get(name.index() as usize / ATOM_CHUNK)?.get()?;
        let index = chunk[name.index() as usize % ATOM_CHUNK].load(Ordering::Acquire).checked_sub(1)?;
        Some(self.module(index))
    }

    /// The module named `name`, loading it through the module source when it
    /// is not loaded yet. `Ok(None)` when no such module exists.
    pub fn find_or_load(&self, name: Atom) -> Result<Option<&'static LoadedModule>, CodeError> {
        if let Some(module) = self.loaded(name) {
            return Ok(Some(module));
        }
        let mut guard = self.load_lock.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(module) = self.loaded(name) {
            return Ok(Some(module));
        }
        match self.source.find(name.name()).map_err(CodeError::Source)? {
            Some(module) => self.install(module, &mut guard).map(Some),
            None => Ok(None),
        }
    }

    /// Loads a decoded, verified module.
    pub fn load(&self, module: Module) -> Result<&'static LoadedModule, CodeError> {
        let mut guard = self.load_lock.lock().unwrap_or_else(|p| p.into_inner());
        self.install(module, &mut guard)
    }

    /// Installs `module` as module number `*n_loaded`, which the caller's
    /// hold of `load_lock` gives.
    fn install(&self, module: Module, n_loaded: &mut u32) -> Result<&'static LoadedModule, CodeError> {
        let limit = |what: String| CodeError::Limit { module: module.name().to_string(), what };
        let atoms = module
            .atoms
            .iter()
            .map(|name| Atom::intern(name).map_err(|e| limit(e.to_string())))
            .collect::<Result<Vec<Atom>, CodeError>>()?;
        let name = atoms[0];
        if self.loaded(name).is_some() {
            return Err(CodeError::AlreadyLoaded(module.name().to_string()));
        }
        let literals = module
            .literals
            .iter()
            .map(|literal| crate::term::literal::build_literal(literal, &atoms).map_err(|e| limit(e.to_string())))
            .collect::<Result<Vec<Term>, CodeError>>()?;
        let index = *n_loaded as usize;
        if index >= MAX_MODULES {
            return Err(CodeError::TooMany);
        }
        let index = index as u32;
        let x_regs_used = girder_loader::max_x_reg(&module) + 1;
        let function_names = module.functions.iter().map(|function| atoms[function.name as usize]).collect();
        let bif_of_import: Vec<u16> = module
            .imports
            .iter()
            .map(|import| {
                let arity = u8::try_from(import.arity).unwrap_or(u8::MAX);
                girder_spec::bif_by_name(
                    &module.atoms[import.module as usize],
                    &module.atoms[import.function as usize],
                    arity,
                )
                .map_or(u16::MAX, |bif| bif.index)
            })
            .collect();
        let (ops, bs_plans) = crate::interp::specialize(&module, &literals, &bif_of_import);
        let loaded = Box::leak(Box::new(LoadedModule {
            index,
            name,
            x_regs_used,
            imports: (0..module.imports.len()).map(|_| OnceLock::new()).collect(),
            atoms,
            literals,
            function_names,
            ops,
            bs_plans,
            bif_of_import,
            module,
        }));
        self.x_regs_used.fetch_max(x_regs_used, Ordering::Relaxed);
        self.slots[index as usize].store(loaded, Ordering::Release);
        *n_loaded += 1;
        if let Some(chunk) = self.by_atom.get(name.index() as usize / ATOM_CHUNK) {
            let chunk = chunk.get_or_init(|| (0..ATOM_CHUNK).map(|_| AtomicU32::new(0)).collect());
            chunk[name.index() as usize % ATOM_CHUNK].store(index + 1, Ordering::Release);
        }
        Ok(loaded)
    }

    /// The entry instruction of the exported function `module:function/arity`,
    /// loading the module when needed. `Ok(None)` when it does not exist.
    pub fn find_export(
        &self,
        module: Atom,
        function: Atom,
        arity: u32,
    ) -> Result<Option<(&'static LoadedModule, u32)>, CodeError> {
        let Some(loaded) = self.find_or_load(module)? else { return Ok(None) };
        Ok(loaded.exported_entry(function, arity).map(|entry| (loaded, entry)))
    }

    /// How many arguments `fun` takes, a local fun (its function's arity less
    /// its free variables) or an external one; `None` for a term that is no fun.
    pub(crate) fn fun_arity(&self, fun: Term) -> Option<u32> {
        if let Some((_, _, arity)) = crate::term::build::export_fun_parts(fun) {
            return Some(u32::from(arity));
        }
        let parts = crate::term::build::fun_parts(fun)?;
        let target = self.module(parts.module_index);
        let entry = target.module.funs[parts.fun_index as usize];
        Some(target.module.functions[entry.function as usize].arity - entry.num_free)
    }
}

impl crate::term::ext::FunCode for CodeServer {
    fn loaded_fun(&self, module: Atom, index: u32) -> Option<crate::term::ext::FunCodeInfo> {
        self.loaded(module).and_then(|loaded| loaded.fun_info(index))
    }

    fn load_fun(&self, module: Atom, index: u32) -> Result<crate::term::ext::FunCodeInfo, String> {
        let loaded = match self.find_or_load(module) {
            Ok(Some(loaded)) => loaded,
            Ok(None) => return Err("no such module".to_string()),
            Err(error) => return Err(error.to_string()),
        };
        loaded.fun_info(index).ok_or_else(|| "the module has no fun with that index".to_string())
    }
}

impl LoadedModule {
    /// Fun `index` of this module: its arity, free variables aside, and how
    /// many it captures.
    fn fun_info(&self, index: u32) -> Option<crate::term::ext::FunCodeInfo> {
        let entry = self.module.funs.get(index as usize)?;
        let function = self.module.functions.get(entry.function as usize)?;
        Some(crate::term::ext::FunCodeInfo {
            module_index: self.index,
            arity: function.arity.checked_sub(entry.num_free)?,
            num_free: entry.num_free,
        })
    }
}
