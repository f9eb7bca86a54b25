//! The native half of girder's own `logger` module (`bin/stdlib/logger.erl`):
//! `logger:allow/2`, the check every `?LOG_*` macro makes before it builds
//! an event, and the primary level it reads, kept in the VM; and the
//! writer of a formatted report.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::chardata::chardata_bytes;
use crate::term::{atoms, Atom, Term};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::RwLock;

/// The levels, most severe first; `none` and `all` as primary levels only.
const LEVELS: [&str; 8] = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"];

/// The primary level as an index into [`LEVELS`] (`none` is 255, `all`
/// the last level): events at this level or more severe are logged.
/// Erlang/OTP's default is `notice`.
static PRIMARY_LEVEL: AtomicU8 = AtomicU8::new(5);

/// `none`: no event passes.
const NONE: u8 = u8::MAX;

/// `all`: every event passes (one past `debug`, so that it reads back as
/// `all`).
const ALL: u8 = LEVELS.len() as u8;

/// The levels set for single modules (`logger:set_module_level/2`), which
/// `allow/2` takes instead of the primary level. One per VM.
#[derive(Default)]
pub struct ModuleLevels {
    /// Whether any module has a level of its own: the only thing
    /// `allow/2` reads while none has, as is usual.
    any: AtomicBool,
    /// Each module's level, as an index (see [`PRIMARY_LEVEL`]) and as the
    /// atom it was set with (`all` and `debug` have one index).
    levels: RwLock<HashMap<Atom, (u8, Atom)>>,
}

impl ModuleLevels {
    /// The level of events `module` may log, if it has one of its own.
    fn of(&self, module: Atom) -> Option<u8> {
        if !self.any.load(Ordering::Acquire) {
            return None;
        }
        self.levels.read().unwrap_or_else(|p| p.into_inner()).get(&module).map(|&(index, _)| index)
    }
}

/// The index of a level, or `None` for anything that is not one.
fn level_index(level: Term) -> Option<u8> {
    let name = level.as_atom()?.name();
    LEVELS.iter().position(|&known| known == name).map(|index| index as u8)
}

/// `logger:allow/2`: whether an event of `Level` from `Module` passes the
/// primary level. A level that is not one, or a module that is no atom,
/// raises `function_clause`, as OTP's does.
pub fn allow(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let no_clause = || Exception::error_atom(atoms::FUNCTION_CLAUSE);
    let level = level_index(args[0]).ok_or_else(no_clause)?;
    let module = args[1].as_atom().ok_or_else(no_clause)?;
    let limit = ctx.vm.logger_module_levels.of(module).unwrap_or_else(|| PRIMARY_LEVEL.load(Ordering::Relaxed));
    Ok(Term::boolean(limit != NONE && level <= limit))
}

/// The index of a level as a primary or module level (a level, `all` or
/// `none`).
fn limit_index(level: Term) -> Option<u8> {
    match level.as_atom().map(Atom::name) {
        Some("none") => Some(NONE),
        Some("all") => Some(ALL),
        _ => level_index(level),
    }
}

/// `erts_internal:set_logger_module_level/2`: gives each module of the
/// list the level (a level, `all` or `none`), or takes its own level away
/// (`undefined`); `ok`. Anything else: `badarg`.
pub fn set_logger_module_level(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let modules = crate::term::build::list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let modules: Vec<Atom> =
        modules.iter().map(|m| m.as_atom()).collect::<Option<_>>().ok_or_else(Exception::badarg)?;
    let level = match args[1].as_atom() {
        Some(atom) if atom.name() == "undefined" => None,
        Some(atom) => Some((limit_index(args[1]).ok_or_else(Exception::badarg)?, atom)),
        None => return Err(Exception::badarg()),
    };
    let table = &ctx.vm.logger_module_levels;
    let mut levels = table.levels.write().unwrap_or_else(|p| p.into_inner());
    for module in modules {
        match level {
            Some(level) => levels.insert(module, level),
            None => levels.remove(&module),
        };
    }
    table.any.store(!levels.is_empty(), Ordering::Release);
    Ok(Term::atom(atoms::OK))
}

/// `erts_internal:logger_module_levels/0`: `[{Module, Level}]`, every
/// module with a level of its own, sorted by module name.
pub fn logger_module_levels(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let mut pairs: Vec<(Atom, Atom)> = {
        let levels = ctx.vm.logger_module_levels.levels.read().unwrap_or_else(|p| p.into_inner());
        levels.iter().map(|(&module, &(_, level))| (module, level)).collect()
    };
    pairs.sort_by(|a, b| a.0.name().cmp(b.0.name()));
    let heap = &mut ctx.process.heap;
    let tuples: Vec<Term> = pairs
        .iter()
        .map(|&(module, level)| crate::term::build::tuple(heap, &[Term::atom(module), Term::atom(level)]))
        .collect();
    super::data::charge(ctx, tuples.len());
    Ok(crate::term::build::list_from_slice(&mut ctx.process.heap, &tuples))
}

/// `erts_internal:logger_level/0`: the primary level.
pub fn logger_level(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let name = match PRIMARY_LEVEL.load(Ordering::Relaxed) {
        NONE => "none",
        ALL => "all",
        index => LEVELS[usize::from(index)],
    };
    Ok(Term::atom(Atom::intern(name).map_err(|_| Exception::system_limit())?))
}

/// `erts_internal:set_logger_level/1`: sets the primary level (a level,
/// `all` or `none`); `ok`.
pub fn set_logger_level(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let index = limit_index(args[0]).ok_or_else(Exception::badarg)?;
    PRIMARY_LEVEL.store(index, Ordering::Relaxed);
    Ok(Term::atom(atoms::OK))
}

/// `erts_internal:write_log/2`: writes a report to standard error under
/// the head OTP's default handler prints, `=Title==== Time ===`, then the
/// text and a line end; `ok`. Title and text are character data.
pub fn write_log(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let title = chardata_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let text = chardata_bytes(args[1]).ok_or_else(Exception::badarg)?;
    let written = crate::report::titled(ctx.vm, &String::from_utf8_lossy(&title), &String::from_utf8_lossy(&text));
    super::data::charge(ctx, written / 8);
    Ok(Term::atom(atoms::OK))
}
