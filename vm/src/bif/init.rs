//! The functions of `init` that OTP's library reads: the emulator's
//! command-line flags (`init:get_arguments/0`, `get_argument/1`) and its
//! plain arguments (`get_plain_arguments/0`); and `init:stop/0,1`. girder's command line is not
//! erl's: it has no erl flags to give, so the arguments are those erl
//! always has that mean something here, `progname` and `home`, and no
//! plain arguments (a program's arguments go to its `main/1`).

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{atoms, build, Atom, Term};

/// The flags, as `(name, values)`.
fn arguments() -> Vec<(&'static str, Vec<String>)> {
    let mut arguments = vec![("progname", vec!["girder".to_string()])];
    if let Some(home) = std::env::var_os("HOME") {
        arguments.push(("home", vec![home.to_string_lossy().into_owned()]));
    }
    arguments
}

fn strings(ctx: &mut BifCtx<'_>, values: &[String]) -> Term {
    let heap = &mut ctx.process.heap;
    let values: Vec<Term> = values.iter().map(|value| build::string(heap, value)).collect();
    build::list_from_slice(heap, &values)
}

/// `init:get_arguments/0`: `[{Flag, [Value]}]`.
pub fn get_arguments(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let mut pairs = Vec::new();
    for (name, values) in arguments() {
        let flag = Term::atom(Atom::intern(name).map_err(|_| Exception::system_limit())?);
        let values = strings(ctx, &values);
        pairs.push(build::tuple(&mut ctx.process.heap, &[flag, values]));
    }
    Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
}

/// `init:get_argument/1`: `{ok, [[Value]]}` for a flag given, `error`
/// otherwise.
pub fn get_argument(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let flag = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let Some((_, values)) = arguments().into_iter().find(|(name, _)| *name == flag.name()) else {
        return Ok(Term::atom(atoms::ERROR));
    };
    let values = strings(ctx, &values);
    let occurrences = build::list_from_slice(&mut ctx.process.heap, &[values]);
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::OK), occurrences]))
}

/// `init:get_plain_arguments/0`: `[]`.
pub fn get_plain_arguments(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::NIL)
}

/// `erts_internal:kernel_boot/1`, the steps of girder's `init` as it
/// starts OTP's application controller on first use (`bin/stdlib/init.erl`,
/// see [`crate::applications`]): `{take_over, Caller}` makes the calling
/// process the one that starts it in place of `Caller`, to whom the VM gave
/// the start; `settle` ends the start, so that calls into
/// `application_controller` go through as they are. `ok`; `badarg` from a
/// process that is not the one starting it.
pub fn kernel_boot(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let me = ctx.process.pid.raw();
    let request = args[0];
    let done = if request.as_atom().is_some_and(|atom| atom.name() == "settle") {
        ctx.vm.kernel_boot.settle(me)
    } else {
        match request.as_tuple() {
            Some(&[tag, caller]) if tag.as_atom().is_some_and(|atom| atom.name() == "take_over") && caller.is_pid() => {
                ctx.vm.kernel_boot.hand_over(caller.raw(), me)
            }
            _ => false,
        }
    };
    if done {
        Ok(Term::atom(atoms::OK))
    } else {
        Err(Exception::badarg())
    }
}

/// `file:native_name_encoding/0`: `utf8`, the encoding girder reads and
/// writes file names in (as erl's `+fnu`, its default on Linux).
pub fn native_name_encoding(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::atom(Atom::intern("utf8").map_err(|_| Exception::system_limit())?))
}

/// `init:stop/0`: stops the node with status 0 once what is running has
/// finished (see [`crate::vm::Vm::request_stop`]); returns `ok` at once,
/// as OTP's `init` answers before it takes the system down.
pub fn stop(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    ctx.vm.request_stop(0);
    Ok(Term::atom(atoms::OK))
}

/// `init:stop/1`: as [`stop`], with the status given: an integer from 0
/// to 255, or a string (a slogan, as OTP writes into a crash dump girder
/// does not write), which stops with status 1. `badarg` otherwise.
pub fn stop1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let status = match args[0].as_small() {
        Some(status @ 0..=255) => status as i32,
        Some(_) => return Err(Exception::badarg()),
        None if build::char_list_to_string(args[0]).is_some() => 1,
        None => return Err(Exception::badarg()),
    };
    ctx.vm.request_stop(status);
    Ok(Term::atom(atoms::OK))
}
