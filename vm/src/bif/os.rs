//! The native functions of OTP's `os` module about the environment and the
//! OS process: `env/0`, `getenv/1`, `putenv/2`, `unsetenv/1`, `getpid/0`
//! (its clocks are in `super::time`). The rest of `os` (`getenv/0,2`,
//! `type/0`, `version/0`, `find_executable/1,2`, ...) is OTP's Erlang over
//! these and `erlang:system_info/1`.
//!
//! Names and values are character lists, deep lists allowed, encoded as
//! UTF-8 (OTP's file name encoding on Linux); a name that is empty, or
//! holds `=` or NUL, names no variable. The environment belongs to the OS
//! process: every VM in it shares one.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{build, Term};
use std::ffi::OsString;
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::sync::RwLock;

/// Held for writing while the environment changes, and for reading by
/// calls into the C library that read it (`mktime` reads `TZ`): the C
/// library's `setenv` and `getenv` are not safe against each other.
pub(super) static ENVIRONMENT: RwLock<()> = RwLock::new(());

/// The bytes of a deep list of characters, as UTF-8; `None` when the term
/// is not one (a binary, an atom, an improper list, a number that is not a
/// character).
pub(super) fn chars_to_bytes(term: Term) -> Option<Vec<u8>> {
    let mut bytes = Vec::new();
    let mut pending = vec![term];
    while let Some(mut list) = pending.pop() {
        while let Some((head, tail)) = list.as_cons() {
            if head.is_nil() || head.as_cons().is_some() {
                pending.push(tail);
                list = head;
                continue;
            }
            let code = u32::try_from(head.as_small()?).ok()?;
            let mut buffer = [0; 4];
            bytes.extend_from_slice(char::from_u32(code)?.encode_utf8(&mut buffer).as_bytes());
            list = tail;
        }
        if !list.is_nil() {
            return None;
        }
    }
    Some(bytes)
}

/// A variable's name: `badarg` unless a character list without `=` or NUL
/// (an empty name is allowed here: it names no variable).
fn name(term: Term) -> Result<Vec<u8>, Exception> {
    let name = chars_to_bytes(term).ok_or_else(Exception::badarg)?;
    if name.iter().any(|&byte| byte == b'=' || byte == 0) {
        return Err(Exception::badarg());
    }
    Ok(name)
}

/// The characters of a name or value read from the environment: UTF-8, or
/// else one character per byte.
fn chars_of(ctx: &mut BifCtx<'_>, bytes: &[u8]) -> Term {
    match std::str::from_utf8(bytes) {
        Ok(text) => build::string(&mut ctx.process.heap, text),
        Err(_) => {
            let chars: Vec<Term> = bytes.iter().map(|&byte| Term::small_unchecked(i64::from(byte))).collect();
            build::list_from_slice(&mut ctx.process.heap, &chars)
        }
    }
}

/// `os:getenv/1`: the value of a variable, or `false` when it is not set.
pub fn getenv(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = name(args[0])?;
    if name.is_empty() {
        return Ok(Term::boolean(false));
    }
    let value = std::env::var_os(std::ffi::OsStr::from_bytes(&name));
    match value {
        Some(value) => Ok(chars_of(ctx, value.as_bytes())),
        None => Ok(Term::boolean(false)),
    }
}

/// `os:env/0`: every variable as `{Name, Value}`, in the environment's order.
pub fn env(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let variables: Vec<(OsString, OsString)> = std::env::vars_os().collect();
    ctx.reductions += u32::try_from(variables.len()).unwrap_or(u32::MAX);
    let mut pairs = Vec::with_capacity(variables.len());
    for (name, value) in variables {
        let name = chars_of(ctx, &name.into_vec());
        let value = chars_of(ctx, &value.into_vec());
        pairs.push(build::tuple(&mut ctx.process.heap, &[name, value]));
    }
    Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
}

/// `os:putenv/2`: sets a variable; `true`. A value holding NUL: `badarg`.
/// Setting the empty name does nothing, as on OTP.
pub fn putenv(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = name(args[0])?;
    let value = chars_to_bytes(args[1]).ok_or_else(Exception::badarg)?;
    if value.contains(&0) {
        return Err(Exception::badarg());
    }
    if !name.is_empty() {
        let _writing = ENVIRONMENT.write().unwrap_or_else(|p| p.into_inner());
        std::env::set_var(OsString::from_vec(name), OsString::from_vec(value));
    }
    Ok(Term::boolean(true))
}

/// `os:unsetenv/1`: removes a variable; `true`, whether it was set or not.
pub fn unsetenv(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = name(args[0])?;
    if !name.is_empty() {
        let _writing = ENVIRONMENT.write().unwrap_or_else(|p| p.into_inner());
        std::env::remove_var(OsString::from_vec(name));
    }
    Ok(Term::boolean(true))
}

/// `os:getpid/0`: the OS process id, as a string of decimal digits.
pub fn getpid(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(build::string(&mut ctx.process.heap, &std::process::id().to_string()))
}
