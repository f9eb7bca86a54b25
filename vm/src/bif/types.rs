//! Type tests as BIFs: `is_integer/1`, `is_atom/1` and the others. Each
//! answers `true` or `false` for any term and never fails. And
//! `make_fun/3`, which makes the external funs `is_function` recognises.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{build, Kind, Term};

/// `erlang:is_integer/1`.
pub fn is_integer(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_integer()))
}

/// `erlang:is_float/1`.
pub fn is_float(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].kind() == Kind::Float))
}

/// `erlang:is_number/1`.
pub fn is_number(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_number()))
}

/// `erlang:is_atom/1`.
pub fn is_atom(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_atom()))
}

/// `erlang:is_list/1`: true for `[]` and for any cons cell, proper or not.
pub fn is_list(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_list()))
}

/// `erlang:is_tuple/1`.
pub fn is_tuple(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_tuple()))
}

/// `erlang:is_map/1`.
pub fn is_map(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].kind() == Kind::Map))
}

/// `erlang:is_pid/1`: local and remote pids alike.
pub fn is_pid(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_pid()))
}

/// `erlang:is_function/1`.
pub fn is_function(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].kind() == Kind::Fun))
}

/// `erlang:is_function/2`: whether the term is a fun taking `Arity`
/// arguments; `badarg` for an arity that is not a non-negative integer.
pub fn is_function2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match args[1].as_small() {
        Some(arity) if arity >= 0 => {
            Ok(Term::boolean(ctx.vm.code.fun_arity(args[0]).is_some_and(|fun_arity| i64::from(fun_arity) == arity)))
        }
        // No fun takes a number of arguments beyond a small integer.
        None if crate::term::bigint::bigint_limbs(args[1]).is_some_and(|(negative, _)| !negative) => {
            Ok(Term::boolean(false))
        }
        _ => Err(Exception::badarg()),
    }
}

/// `erlang:is_port/1`: false, girder having no ports.
pub fn is_port(_ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(Term::boolean(false))
}

/// `erlang:make_fun/3`: the external fun `fun M:F/A`.
pub fn make_fun(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (Some(module), Some(function)) = (args[0].as_atom(), args[1].as_atom()) else {
        return Err(Exception::badarg());
    };
    let arity = args[2].as_small().and_then(|arity| u8::try_from(arity).ok()).ok_or_else(Exception::badarg)?;
    Ok(build::export_fun(&mut ctx.process.heap, module, function, arity))
}

/// `erlang:is_binary/1`.
pub fn is_binary(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].kind() == Kind::Binary))
}

/// `erlang:is_bitstring/1`: a binary, or a bitstring of any number of bits.
pub fn is_bitstring(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(crate::term::bits::is_bitstring(args[0])))
}

/// `erlang:is_boolean/1`.
pub fn is_boolean(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].is_boolean()))
}

/// `erlang:is_reference/1`.
pub fn is_reference(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(args[0].kind() == Kind::Ref))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;
    use crate::bif::BifFn;
    use crate::term::build;

    #[test]
    fn each_test_accepts_exactly_its_type() {
        let mut bench = Bench::new();
        let samples = [
            ("small", bench.term("1")),
            ("big", bench.term("18446744073709551616")),
            ("float", bench.term("1.5")),
            ("atom", bench.term("ok")),
            ("boolean", bench.term("true")),
            ("nil", bench.term("[]")),
            ("cons", bench.term("[1|2]")),
            ("tuple", bench.term("{1,2}")),
            ("map", bench.term("#{a => 1}")),
            ("binary", bench.term("<<1,2>>")),
            ("pid", Term::pid(3)),
            ("ref", build::reference(&mut bench.process.heap, 7)),
            ("fun", build::fun(&mut bench.process.heap, 0, 0, crate::term::atoms::LISTS, &[])),
        ];
        let tests: [(BifFn, &[&str]); 12] = [
            (is_integer, &["small", "big"]),
            (is_float, &["float"]),
            (is_number, &["small", "big", "float"]),
            (is_atom, &["atom", "boolean"]),
            (is_list, &["nil", "cons"]),
            (is_tuple, &["tuple"]),
            (is_map, &["map"]),
            (is_pid, &["pid"]),
            (is_function, &["fun"]),
            (is_binary, &["binary"]),
            (is_boolean, &["boolean"]),
            (is_reference, &["ref"]),
        ];
        for (test, accepted) in tests {
            for (name, term) in samples {
                let result = bench.call(test, &[term]).unwrap();
                assert_eq!(result, Term::boolean(accepted.contains(&name)), "{name} with {accepted:?}");
            }
        }
    }
}
