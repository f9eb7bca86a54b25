//! The native half of girder's own `logger` module (`bin/stdlib/logger.erl`):
//! `logger:allow/2`, the check every `?LOG_*` macro makes before it builds
//! an event, and the primary level it reads, kept in the VM; and the
//! writer of a formatted report.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::chardata::chardata_bytes;
use crate::term::{atoms, Atom, Term};
use std::sync::atomic::{AtomicU8, Ordering};

/// The levels, most severe first; `none` and `all` as primary levels only.
const LEVELS: [&str; 8] = ["emergency", "alert", "critical", "error", "warning", "notice", "info", "debug"];

/// The primary level as an index into [`LEVELS`] (`none` is 255, `all`
/// the last level): events at this level or more severe are logged.
/// Erlang/OTP's default is `notice`.
static PRIMARY_LEVEL: AtomicU8 = AtomicU8::new(5);

/// `none`: no event passes.
const NONE: u8 = u8::MAX;

/// The index of a level, or `None` for anything that is not one.
fn level_index(level: Term) -> Option<u8> {
    let name = level.as_atom()?.name();
    LEVELS.iter().position(|&known| known == name).map(|index| index as u8)
}

/// `logger:allow/2`: whether an event of `Level` from `Module` passes the
/// primary level. A level that is not one, or a module that is no atom,
/// raises `function_clause`, as OTP's does.
pub fn allow(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let no_clause = || Exception::error_atom(atoms::FUNCTION_CLAUSE);
    let level = level_index(args[0]).ok_or_else(no_clause)?;
    args[1].as_atom().ok_or_else(no_clause)?;
    let primary = PRIMARY_LEVEL.load(Ordering::Relaxed);
    Ok(Term::boolean(primary != NONE && level <= primary))
}

/// `erts_internal:logger_level/0`: the primary level.
pub fn logger_level(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let name = match PRIMARY_LEVEL.load(Ordering::Relaxed) {
        NONE => "none",
        index => LEVELS[usize::from(index)],
    };
    Ok(Term::atom(Atom::intern(name).map_err(|_| Exception::system_limit())?))
}

/// `erts_internal:set_logger_level/1`: sets the primary level (a level,
/// `all` or `none`); `ok`.
pub fn set_logger_level(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let index = match args[0].as_atom().map(Atom::name) {
        Some("none") => NONE,
        Some("all") => LEVELS.len() as u8 - 1,
        _ => level_index(args[0]).ok_or_else(Exception::badarg)?,
    };
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
