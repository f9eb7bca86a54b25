//! Raising BIFs: `error/1,2`, `throw/1` and `exit/1`.

use super::BifCtx;
use crate::exception::{BifResult, Class, Exception};
use crate::term::Term;

/// `erlang:error/1`: raises an exception of class `error`.
pub fn error(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Err(Exception::error(args[0]))
}

/// `erlang:error/2`: raises an `error` whose stack trace shows `Args` (a
/// list) as the arguments of the failing call.
pub fn error2(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut exception = Exception::error(args[0]);
    if args[1].is_list() {
        exception.args = Some(args[1]);
    }
    Err(exception)
}

/// `erlang:throw/1`: raises an exception of class `throw`.
pub fn throw(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Err(Exception::new(Class::Throw, args[0]))
}

/// `erlang:exit/1`: raises an exception of class `exit`.
pub fn exit(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Err(Exception::new(Class::Exit, args[0]))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bif::testing::Bench;

    #[test]
    fn each_raises_its_class_with_the_reason() {
        let mut bench = Bench::new();
        let reason = bench.term("{oops, [1]}");
        for (f, class) in [(error as crate::bif::BifFn, Class::Error), (throw, Class::Throw), (exit, Class::Exit)] {
            let exception = bench.call(f, &[reason]).unwrap_err();
            assert_eq!(exception.class, class);
            assert_eq!(exception.reason, reason);
            assert!(exception.args.is_none());
        }
    }

    #[test]
    fn error2_records_the_arguments() {
        let mut bench = Bench::new();
        let args = bench.term("[1, 2]");
        let exception = bench.call(error2, &[Term::atom(crate::term::atoms::BADARG), args]).unwrap_err();
        assert_eq!(exception.class, Class::Error);
        assert_eq!(exception.args, Some(args));
        let exception = bench.call(error2, &[Term::NIL, Term::small_unchecked(1)]).unwrap_err();
        assert!(exception.args.is_none(), "a non-list is not shown as arguments");
    }
}
