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

/// `erlang:module_info/0,1`: the `erlang` module's own, whose functions
/// are girder's BIFs and `bin/stdlib/erlang.gasm` (which, written by hand,
/// defines no `module_info`).
pub fn erlang_module_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    // Loaded on the first call of one of its functions that is no BIF.
    ensure(ctx, crate::term::atoms::ERLANG).map_err(|_| Exception::badarg())?;
    let erlang = Term::atom(crate::term::atoms::ERLANG);
    match args.first() {
        None => get_module_info(ctx, &[erlang]),
        Some(&key) => get_module_info2(ctx, &[erlang, key]),
    }
}

/// `erlang:get_module_info/2`: one item; `badarg` for a module that is not
/// loaded or a key OTP does not know.
pub fn get_module_info2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let module = loaded(ctx, args[0])?;
    let key = args[1].as_atom().ok_or_else(Exception::badarg)?;
    info(ctx, module, key.name())
}

/// `erlang:function_exported/3`: whether `Module` is loaded and exports
/// `Function/Arity`, or a BIF has that name (as OTP answers; a module not
/// loaded yet is not loaded by the question).
pub fn function_exported(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(module), Some(function), Some(arity)) = (args[0].as_atom(), args[1].as_atom(), args[2].as_small()) else {
        return Err(Exception::badarg());
    };
    let Ok(arity) = u8::try_from(arity) else { return Err(Exception::badarg()) };
    if super::by_name(module, function, u32::from(arity)).is_some() {
        return Ok(Term::boolean(true));
    }
    let exported =
        ctx.vm.code.loaded(module).is_some_and(|loaded| loaded.exported_entry(function, u32::from(arity)).is_some());
    Ok(Term::boolean(exported))
}

/// `erlang:module_loaded/1`: whether the module is loaded (without
/// loading it).
pub fn module_loaded(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(ctx.vm.code.loaded(name).is_some()))
}

/// `code:is_loaded/1`: `{file, preloaded}` for a loaded module (girder does
/// not keep the file a module came from), `false` otherwise.
pub fn code_is_loaded(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    if ctx.vm.code.loaded(name).is_none() {
        return Ok(Term::boolean(false));
    }
    let file = Term::atom(intern("file")?);
    let preloaded = Term::atom(intern("preloaded")?);
    Ok(build::tuple(&mut ctx.process.heap, &[file, preloaded]))
}

/// `code:load_binary/3`: loads the module a `.beam` file's bytes hold (as
/// the compiler leaves them), checked and verified as any module is:
/// `{module, Module}`, or `{error, badfile}` when the bytes are no such
/// module or name another one (as OTP, it says no more), and
/// `{error, not_purged}` when a module of that
/// name is loaded already (girder keeps one version of a module).
/// `badarg` for a module name that is not an atom, a file name that is not
/// a string, or bytes that are not a binary.
pub fn code_load_binary(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    if build::char_list_to_string(args[1]).is_none() && !args[1].is_nil() {
        return Err(Exception::badarg());
    }
    if !crate::term::bits::is_binary(args[2]) {
        return Err(Exception::badarg());
    }
    let bytes = build::iolist_to_bytes(args[2]).ok_or_else(Exception::badarg)?;
    ctx.reductions += u32::try_from(bytes.len() / 1024).unwrap_or(u32::MAX);
    let reply = |ctx: &mut BifCtx<'_>, tag: &str, value: Term| -> BifResult {
        let tag = Term::atom(intern(tag)?);
        Ok(build::tuple(&mut ctx.process.heap, &[tag, value]))
    };
    if ctx.vm.code.loaded(name).is_some() {
        return reply(ctx, "error", Term::atom(intern("not_purged")?));
    }
    let loaded = match girder_loader::beam::load_beam(&bytes) {
        Ok(module) if module.name() == name.name() => ctx.vm.code.load(module).is_ok(),
        _ => false,
    };
    if loaded {
        reply(ctx, "module", Term::atom(name))
    } else {
        reply(ctx, "error", Term::atom(intern("badfile")?))
    }
}

/// `code:delete/1` and `code:purge/1`: `false`, for no module is made old
/// and none is purged. girder keeps one version of each module, loaded for
/// the node's life: a module that is not used again only takes its memory.
/// (Elixir deletes and purges the module that ran a definition's body, and
/// goes on.) `badarg` for a name that is not an atom.
pub fn code_delete(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(Term::boolean(false))
}

/// `code:get_object_code/1`: `{Module, Binary, File}`, the bytes of the
/// `.beam` file the module is found in on the search path (read by the
/// embedder), or `error` for a module girder provides itself, one in no
/// `.beam` file (an assembly or a source file), or none at all. `badarg`
/// for a name that is not an atom.
pub fn code_get_object_code(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let source = ctx.vm.code.source();
    let found = match source.origin(name.name()) {
        Some(crate::code::ModuleOrigin::File(path)) if path.ends_with(".beam") => {
            source.get_file(&path).map(|bytes| (path, bytes))
        }
        _ => None,
    };
    let Some((path, bytes)) = found else { return Ok(Term::atom(crate::term::atoms::ERROR)) };
    ctx.reductions += u32::try_from(bytes.len() / 1024).unwrap_or(u32::MAX);
    let heap = &mut ctx.process.heap;
    let binary = build::binary(heap, &bytes);
    let file = build::string(heap, &path);
    Ok(build::tuple(heap, &[Term::atom(name), binary, file]))
}

/// `code:which/1`: where the module's code comes from: the path of its
/// file, `preloaded` for a module built into girder (as OTP says of the
/// modules built into its runtime) or loaded from no file the search path
/// knows, `non_existing` for no module at all. `badarg` for a name that is
/// not an atom (OTP's Erlang raises `function_clause`).
pub fn code_which(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    match ctx.vm.code.source().origin(name.name()) {
        Some(crate::code::ModuleOrigin::File(path)) => Ok(build::string(&mut ctx.process.heap, &path)),
        Some(crate::code::ModuleOrigin::BuiltIn) => Ok(Term::atom(intern("preloaded")?)),
        None if ctx.vm.code.loaded(name).is_some() => Ok(Term::atom(intern("preloaded")?)),
        None => Ok(Term::atom(intern("non_existing")?)),
    }
}

/// Loads a module if it is not loaded: `Ok(true)` when it is loaded after,
/// `Ok(false)` when there is no such module, the error text when it could
/// not be loaded.
fn ensure(ctx: &BifCtx<'_>, name: Atom) -> Result<bool, String> {
    ctx.vm.code.find_or_load(name).map(|found| found.is_some()).map_err(|error| error.to_string())
}

/// `code:ensure_loaded/1`: `{module, Module}` once the module is loaded,
/// `{error, nofile}` when there is no such module and `{error, badfile}`
/// when it cannot be loaded (the reason goes to standard error, as a
/// failed load's does).
pub fn code_ensure_loaded(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let (tag, value) = match ensure(ctx, name) {
        Ok(true) => ("module", Term::atom(name)),
        Ok(false) => ("error", Term::atom(intern("nofile")?)),
        Err(error) => {
            crate::report::module_load_failure(ctx.vm, name, error);
            ("error", Term::atom(intern("badfile")?))
        }
    };
    let tag = Term::atom(intern(tag)?);
    Ok(build::tuple(&mut ctx.process.heap, &[tag, value]))
}

/// `code:ensure_modules_loaded/1`: loads every module of a list; `ok`, or
/// `{error, [{Module, nofile | badfile}]}` for those that could not be.
pub fn code_ensure_modules_loaded(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let names = build::list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let mut failed = Vec::new();
    for name in names {
        let atom = name.as_atom().ok_or_else(Exception::badarg)?;
        let reason = match ensure(ctx, atom) {
            Ok(true) => continue,
            Ok(false) => "nofile",
            Err(error) => {
                crate::report::module_load_failure(ctx.vm, atom, error);
                "badfile"
            }
        };
        let reason = Term::atom(intern(reason)?);
        failed.push(build::tuple(&mut ctx.process.heap, &[name, reason]));
    }
    if failed.is_empty() {
        return Ok(Term::atom(crate::term::atoms::OK));
    }
    let list = build::list_from_slice(&mut ctx.process.heap, &failed);
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::ERROR), list]))
}

/// `code:where_is_file/1`: the path of the first file of that name in a
/// directory of the code path (the program's directory, the `-pa`
/// directories, then Erlang/OTP's `lib/*/ebin`), or `non_existing`. The
/// name is a character list; anything else is `badarg` (OTP's Erlang
/// raises `function_clause`).
pub fn code_where_is_file(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_nil() && args[0].as_cons().is_none() {
        return Err(Exception::badarg());
    }
    let name = super::os::chars_to_bytes(args[0]).ok_or_else(Exception::badarg)?;
    let name = String::from_utf8(name).map_err(|_| Exception::badarg())?;
    match ctx.vm.code.source().where_is_file(&name) {
        Some(path) => Ok(build::string(&mut ctx.process.heap, &path)),
        None => Ok(Term::atom(crate::term::atoms::NON_EXISTING)),
    }
}

/// `code:lib_dir/1`: the library directory of an application (an atom or
/// a character list names it) whose `ebin` is on the code path
/// (`DIR/NAME-VSN`, or `DIR/NAME`), or `{error, bad_name}`. Another term
/// is `badarg` (OTP's Erlang raises `function_clause`).
pub fn code_lib_dir(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = match args[0].as_atom() {
        Some(atom) => atom.name().to_string(),
        None if args[0].as_cons().is_some() => super::os::chars_to_bytes(args[0])
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(Exception::badarg)?,
        None => return Err(Exception::badarg()),
    };
    match ctx.vm.code.source().lib_dir(&name) {
        Some(path) => Ok(build::string(&mut ctx.process.heap, &path)),
        None => {
            let bad_name = Term::atom(intern("bad_name")?);
            Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::ERROR), bad_name]))
        }
    }
}

/// `erl_prim_loader:get_file/1`: `{ok, Binary, FullName}` with the bytes
/// of the file (a character list or an atom names it), read by the
/// embedder's module source; `error` when it cannot be read or the name is
/// neither (a binary too, as in OTP).
pub fn prim_get_file(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = match args[0].as_atom() {
        Some(atom) => Some(atom.name().as_bytes().to_vec()),
        None => super::os::chars_to_bytes(args[0]),
    };
    let path = name.and_then(|name| String::from_utf8(name).ok());
    let Some(contents) = path.as_deref().and_then(|path| ctx.vm.code.source().get_file(path)) else {
        return Ok(Term::atom(crate::term::atoms::ERROR));
    };
    let path = path.unwrap_or_default();
    ctx.reductions += (contents.len() / 1024) as u32;
    let heap = &mut ctx.process.heap;
    let binary = crate::term::bits::binary(heap, &contents);
    let full_name = build::string(heap, &path);
    Ok(build::tuple(heap, &[Term::atom(crate::term::atoms::OK), binary, full_name]))
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
        // In the order the functions are defined, as erl lists the exports
        // of a module no other module calls (erl lists them in the order
        // its export table made their entries, and a call from a module
        // loaded earlier makes an entry early).
        "exports" => {
            let mut exported: Vec<usize> = module.module.exports.iter().map(|&index| index as usize).collect();
            exported.sort_unstable();
            let list = name_arity_list(ctx, module, exported)?;
            with_bifs(ctx, module, list)?
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
/// A module's exports and, after them, the BIFs of the module that its
/// code does not define: the functions girder implements natively in a
/// module of its own (`erlang`, `io`, `code`, …) are exported functions of
/// it, as OTP's modules export theirs.
fn with_bifs(ctx: &mut BifCtx<'_>, module: &'static LoadedModule, exports: Term) -> BifResult {
    let name = module.name.name();
    let defined = |function: &str, arity: u32| {
        module
            .function_names
            .iter()
            .zip(&module.module.functions)
            .any(|(defined, defined_function)| defined.name() == function && defined_function.arity == arity)
    };
    let mut extra = Vec::new();
    for bif in girder_spec::BIFS.iter().filter(|bif| bif.module == name) {
        let arity = u32::from(bif.arity);
        let module_info = bif.name == "module_info" && arity <= 1;
        if !module_info && !defined(bif.name, arity) {
            extra.push((intern(bif.name)?, arity));
        }
    }
    if extra.is_empty() {
        return Ok(exports);
    }
    let heap = &mut ctx.process.heap;
    let tuples: Vec<Term> = extra
        .into_iter()
        .map(|(name, arity)| build::tuple(heap, &[Term::atom(name), Term::small_unchecked(i64::from(arity))]))
        .collect();
    let mut items = build::list_to_vec(exports).unwrap_or_default();
    items.extend(tuples);
    Ok(build::list_from_slice(heap, &items))
}

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
/// The items of `erlang:fun_info/1`, in the order erl lists them.
const FUN_INFO_ITEMS: [&str; 10] =
    ["pid", "module", "new_index", "new_uniq", "index", "uniq", "name", "arity", "env", "type"];

/// `erlang:fun_info/1`: every item of [`fun_info2`], as `[{Item, Value}]`.
pub fn fun_info1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut pairs = Vec::with_capacity(FUN_INFO_ITEMS.len());
    for item in FUN_INFO_ITEMS {
        pairs.push(fun_item(ctx, args[0], intern(item)?)?);
    }
    Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
}

/// `erlang:fun_info/2`: `{Item, Value}` of one item of a fun.
///
/// A local fun's items come from the code it names: `module`, `name` (the
/// function the compiler made of it), `arity` (the arguments a call
/// passes), `index` and `new_index` (its number among the module's funs),
/// `uniq` (the number `#Fun<M.I.U>` prints) and `new_uniq` (the module's
/// 16-byte digest), `env` (its free variables) and `type` (`local`).
/// `pid` is `<0.0.0>`, the node's first process, as OTP 27 gives it:
/// girder's funs do not record the process that made them. An external
/// fun (`fun M:F/A`) has its module, name and arity, an empty `env`,
/// `type` `external`, and `undefined` for the rest. Anything that is not a
/// fun, and an unknown item, raise `badarg`.
pub fn fun_info2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let item = args[1].as_atom().ok_or_else(Exception::badarg)?;
    fun_item(ctx, args[0], item)
}

fn fun_item(ctx: &mut BifCtx<'_>, fun: Term, item: Atom) -> BifResult {
    let value = fun_value(ctx, fun, item)?;
    Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(item), value]))
}

/// The value of one item of [`fun_info2`].
fn fun_value(ctx: &mut BifCtx<'_>, fun: Term, item: Atom) -> BifResult {
    Ok(if let Some((module, function, arity)) = build::export_fun_parts(fun) {
        match item.name() {
            "module" => Term::atom(module),
            "name" => Term::atom(function),
            "arity" => Term::small_unchecked(i64::from(arity)),
            "env" => Term::NIL,
            "type" => Term::atom(intern("external")?),
            "pid" | "index" | "new_index" | "new_uniq" | "uniq" => Term::atom(intern("undefined")?),
            _ => return Err(Exception::badarg()),
        }
    } else {
        let parts = build::fun_parts(fun).ok_or_else(Exception::badarg)?;
        let loaded = ctx.vm.code.module(parts.module_index);
        let entry = loaded.module.funs[parts.fun_index as usize];
        match item.name() {
            "module" => Term::atom(parts.module),
            "name" => Term::atom(loaded.function_names[entry.function as usize]),
            "arity" => {
                let arity = loaded.module.functions[entry.function as usize].arity - entry.num_free;
                Term::small_unchecked(i64::from(arity))
            }
            "env" => build::list_from_slice(&mut ctx.process.heap, parts.free),
            "type" => Term::atom(intern("local")?),
            "pid" => Term::pid_of(0, 0),
            "index" | "new_index" => Term::small_unchecked(i64::from(parts.fun_index)),
            "uniq" => Term::small_unchecked(i64::from(crate::term::print::fun_uniq(parts.module, parts.fun_index))),
            "new_uniq" => {
                let digest: [u8; 16] = Md5::digest(girder_loader::encode(&loaded.module)).into();
                build::binary(&mut ctx.process.heap, &digest)
            }
            _ => return Err(Exception::badarg()),
        }
    })
}

/// `erlang:fun_info_mfa/1`: `{Module, Name, Arity}` of a fun, as
/// [`fun_info2`] gives them.
pub fn fun_info_mfa(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut parts = [Term::NIL; 3];
    for (slot, item) in parts.iter_mut().zip(["module", "name", "arity"]) {
        *slot = fun_value(ctx, args[0], intern(item)?)?;
    }
    Ok(build::tuple(&mut ctx.process.heap, &parts))
}
