//! Comparison and boolean BIFs: `== /= =:= =/= < > =< >=` in Erlang's term
//! order, and `not and or xor`, which take only booleans (anything else
//! raises `badarg`).

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{compare, Term};
use std::cmp::Ordering;

/// `erlang:'=='/2`: equal in term order, so `1 == 1.0`.
pub fn eq(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::eq(args[0], args[1])))
}

/// `erlang:'/='/2`.
pub fn ne(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!compare::eq(args[0], args[1])))
}

/// `erlang:'=:='/2`: the same term, so `1 =/= 1.0`.
pub fn exact_eq(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::exact_eq(args[0], args[1])))
}

/// `erlang:'=/='/2`.
pub fn exact_ne(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!compare::exact_eq(args[0], args[1])))
}

/// `erlang:'<'/2`.
pub fn lt(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::compare(args[0], args[1]) == Ordering::Less))
}

/// `erlang:'>'/2`.
pub fn gt(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::compare(args[0], args[1]) == Ordering::Greater))
}

/// `erlang:'=<'/2`.
pub fn le(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::compare(args[0], args[1]) != Ordering::Greater))
}

/// `erlang:'>='/2`.
pub fn ge(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compare::compare(args[0], args[1]) != Ordering::Less))
}

/// `erlang:max/2`: the second term when it is greater, else the first
/// (so `max(1, 1.0)` is `1`).
pub fn max(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(if compare::compare(args[0], args[1]) == Ordering::Less { args[1] } else { args[0] })
}

/// `erlang:min/2`: the second term when it is less, else the first.
pub fn min(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(if compare::compare(args[0], args[1]) == Ordering::Greater { args[1] } else { args[0] })
}

/// The value of a boolean term; anything else is `badarg`.
fn boolean(term: Term) -> Result<bool, Exception> {
    if term == Term::boolean(true) {
        Ok(true)
    } else if term == Term::boolean(false) {
        Ok(false)
    } else {
        Err(Exception::badarg())
    }
}

/// `erlang:'not'/1`.
pub fn not(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(!boolean(args[0])?))
}

/// `erlang:'and'/2`: both operands must be booleans (it does not short-circuit).
pub fn and(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a && b))
}

/// `erlang:'or'/2`: both operands must be booleans (it does not short-circuit).
pub fn or(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a || b))
}

/// `erlang:'xor'/2`.
pub fn xor(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (a, b) = (boolean(args[0])?, boolean(args[1])?);
    Ok(Term::boolean(a != b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn comparisons_follow_term_order() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(eq, "1, 1.0"), "true");
        assert_eq!(bench.eval(ne, "1, 1.0"), "false");
        assert_eq!(bench.eval(exact_eq, "1, 1.0"), "false");
        assert_eq!(bench.eval(exact_ne, "1, 1.0"), "true");
        assert_eq!(bench.eval(exact_eq, "{a, [1, 2]}, {a, [1, 2]}"), "true");
        assert_eq!(bench.eval(lt, "1, a"), "true");
        assert_eq!(bench.eval(lt, "a, 1"), "false");
        assert_eq!(bench.eval(gt, "[], {}"), "true");
        assert_eq!(bench.eval(le, "1, 1.0"), "true");
        assert_eq!(bench.eval(ge, "1.0, 1"), "true");
        assert_eq!(bench.eval(lt, "18446744073709551616, 18446744073709551617.0"), "false");
        assert_eq!(bench.eval(lt, "18446744073709551615, 18446744073709551616.0"), "true");
        assert_eq!(bench.eval(gt, "<<1>>, [1]"), "true");
    }

    #[test]
    fn boolean_operators_take_only_booleans() {
        let mut bench = Bench::new();
        assert_eq!(bench.eval(not, "true"), "false");
        assert_eq!(bench.eval(and, "true, false"), "false");
        assert_eq!(bench.eval(or, "true, false"), "true");
        assert_eq!(bench.eval(xor, "true, false"), "true");
        assert_eq!(bench.eval(xor, "true, true"), "false");
        for (f, args) in
            [(not as crate::bif::BifFn, "1"), (and, "true, 1"), (and, "false, 1"), (or, "1, true"), (xor, "true, []")]
        {
            let error = bench.call_text(f, args).unwrap_err();
            assert_eq!(error.reason, Term::atom(crate::term::atoms::BADARG), "{args}");
        }
    }
}
