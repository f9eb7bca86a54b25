//! `erlang:get_module_info/1,2`: what the `module_info/0,1` functions the
//! compiler adds to every module return.

use super::BifCtx;
use crate::code::LoadedModule;
use crate::exception::{BifResult, Exception};
use crate::term::{build, Atom, Term};
use md5::{Digest, Md5};

/// The keys `get_module_info/1` lists, in OTP's order.
const SUMMARY_KEYS: [&str; 5] = ["module", "exports", "attributes", "compile", "md5"];

/// `erlang:get_module_info/1`: `[{Key, Value}]` for the keys of
/// [`SUMMARY_KEYS`]; `badarg` for a module that is not loaded.
pub fn get_module_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let module = loaded(ctx, args[0])?;
    let mut items = Vec::with_capacity(SUMMARY_KEYS.len());
    for key in SUMMARY_KEYS {
        let value = info(ctx, module, key)?;
        let key = Term::atom(intern(key)?);
        items.push(build::tuple(&mut ctx.process.heap, &[key, value]));
    }
    Ok(build::list_from_slice(&mut ctx.process.heap, &items))
}

/// `erlang:get_module_info/2`: one item; `badarg` for a module that is not
/// loaded or a key OTP does not know.
pub fn get_module_info2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let module = loaded(ctx, args[0])?;
    let key = args[1].as_atom().ok_or_else(Exception::badarg)?;
    info(ctx, module, key.name())
}

fn loaded(ctx: &BifCtx<'_>, name: Term) -> Result<&'static LoadedModule, Exception> {
    let name = name.as_atom().ok_or_else(Exception::badarg)?;
    ctx.vm.code.loaded(name).ok_or_else(Exception::badarg)
}

fn intern(name: &str) -> Result<Atom, Exception> {
    Atom::intern(name).map_err(|_| Exception::system_limit())
}

/// The value of one key of `module_info`.
fn info(ctx: &mut BifCtx<'_>, module: &'static LoadedModule, key: &str) -> BifResult {
    Ok(match key {
        "module" => Term::atom(module.name),
        "exports" => {
            let exported = module.module.exports.iter().map(|&index| index as usize);
            name_arity_list(ctx, module, exported.collect())?
        }
        "functions" => name_arity_list(ctx, module, (0..module.module.functions.len()).collect())?,
        "nifs" => Term::NIL,
        "native" => Term::boolean(false),
        "attributes" => module.module.attributes.map_or(Term::NIL, |index| module.literals[index as usize]),
        "compile" => module.module.compile_info.map_or(Term::NIL, |index| module.literals[index as usize]),
        // OTP's digest is the MD5 of the BEAM file's code chunks, which a
        // module no longer has once translated into girder's form (and an
        // assembly module never had). girder gives the MD5 of the module's
        // bytecode as its own format encodes it: 16 bytes, the same for the
        // same code and different for different code, as callers rely on.
        "md5" => {
            let digest: [u8; 16] = Md5::digest(girder_loader::encode(&module.module)).into();
            build::binary(&mut ctx.process.heap, &digest)
        }
        _ => return Err(Exception::badarg()),
    })
}

/// `[{Name, Arity}]` of the functions with these indices, with
/// `module_info/0,1` last when the module does not define them (an assembly
/// module), as every module OTP compiles has them.
fn name_arity_list(ctx: &mut BifCtx<'_>, module: &'static LoadedModule, indices: Vec<usize>) -> BifResult {
    let module_info = intern("module_info")?;
    let mut pairs: Vec<(Atom, u32)> =
        indices.into_iter().map(|index| (module.function_names[index], module.module.functions[index].arity)).collect();
    for arity in [0, 1] {
        let defined = module
            .function_names
            .iter()
            .zip(&module.module.functions)
            .any(|(&name, function)| name == module_info && function.arity == arity);
        if !defined {
            pairs.push((module_info, arity));
        }
    }
    let heap = &mut ctx.process.heap;
    let tuples: Vec<Term> = pairs
        .into_iter()
        .map(|(name, arity)| build::tuple(heap, &[Term::atom(name), Term::small_unchecked(i64::from(arity))]))
        .collect();
    Ok(build::list_from_slice(heap, &tuples))
}
