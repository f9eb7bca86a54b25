//! Raising BIFs: `error/1,2,3`, `throw/1`, `exit/1`, `nif_error/1,2` and
//! `raise/3`.

use super::BifCtx;
use crate::exception::{BifResult, Class, Exception};
use crate::term::build::{self, ListIter};
use crate::term::map::is_map;
use crate::term::{atoms, Kind, Term};

/// How many frames `erlang:raise/3` keeps of the trace it is given
/// (Erlang's default `backtrace_depth`, as for every stack trace).
const RAISE_DEPTH: usize = 8;

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

/// `erlang:error/3`: as `error/2`; when `Options` is a proper list of
/// `{error_info, Map}` items only, the last map is shown in the top frame's
/// location as `{error_info, Map}` (any other options: none is), as OTP 25
/// does.
pub fn error3(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let mut exception = Exception::error(args[0]);
    if args[1].is_list() {
        exception.args = Some(args[1]);
    }
    let mut info = None;
    let mut iter = ListIter::new(args[2]);
    for option in iter.by_ref() {
        match option.as_tuple() {
            Some(&[tag, map]) if tag == Term::atom(atoms::ERROR_INFO) && is_map(map) => info = Some(map),
            _ => return Err(exception),
        }
    }
    if iter.rest().is_nil() {
        exception.error_info = info;
    }
    Err(exception)
}

/// `erlang:nif_error/1,2`: raises an `error`, with the frame of
/// `nif_error` itself on top, as a NIF's Erlang stub that was not replaced.
pub fn nif_error(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Err(Exception::error(args[0]))
}

/// `erlang:raise/3`: raises `Reason` of `Class` with the stack trace
/// given. An invalid class or trace is not raised: `badarg` is returned.
///
/// A trace is a proper list of `{M, F, ArityOrArgs, Location}`,
/// `{Fun, Args, Location}` (each location a list), `{M, F, ArityOrArgs}`
/// or `{Fun, Args}`, with `M` and `F` atoms; the two short forms gain an
/// empty location. At most eight frames are kept.
pub fn raise(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let badarg = Ok(Term::atom(atoms::BADARG));
    let Some(class) = args[0].as_atom().and_then(Class::from_atom) else { return badarg };
    let Some(frames) = build::list_to_vec(args[2]) else { return badarg };
    let mut kept = Vec::with_capacity(frames.len().min(RAISE_DEPTH));
    for frame in frames {
        let Some(elements) = frame.as_tuple() else { return badarg };
        let is_mf = |m: Term, f: Term| m.as_atom().is_some() && f.as_atom().is_some();
        let is_location = |location: Term| location.is_list();
        let full = match *elements {
            [fun, _] if fun.kind() == Kind::Fun => None,
            [fun, _, location] if fun.kind() == Kind::Fun && is_location(location) => Some(frame),
            [m, f, _] if is_mf(m, f) => None,
            [m, f, _, location] if is_mf(m, f) && is_location(location) => Some(frame),
            _ => return badarg,
        };
        if kept.len() < RAISE_DEPTH {
            let full = full.unwrap_or_else(|| {
                let mut padded = elements.to_vec();
                padded.push(Term::NIL);
                build::tuple(&mut ctx.process.heap, &padded)
            });
            kept.push(full);
        }
    }
    let trace = build::list_from_slice(&mut ctx.process.heap, &kept);
    Err(Exception { stacktrace: Some(trace), ..Exception::new(class, args[1]) })
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

    #[test]
    fn raise_returns_badarg_for_a_bad_class_or_trace_and_pads_short_frames() {
        let mut bench = Bench::new();
        for text in ["bad, r, []", "error, r, x", "error, r, [x]", "error, r, [{m, f, 1, x}]", "error, r, [{m, f}]"] {
            let args = bench.terms(text);
            assert_eq!(bench.call(raise, &args).ok(), Some(Term::atom(atoms::BADARG)), "{text}");
        }
        let args = bench.terms("throw, r, [{m, f, 1}]");
        let exception = bench.call(raise, &args).unwrap_err();
        assert_eq!(exception.class, Class::Throw);
        let frames = build::list_to_vec(exception.stacktrace.unwrap()).unwrap();
        assert_eq!(frames[0].as_tuple().map(<[Term]>::len), Some(4));
    }

    #[test]
    fn error3_keeps_the_last_error_info_of_a_list_of_error_infos_only() {
        let mut bench = Bench::new();
        let args = bench.terms("r, [1], [{error_info, #{a => 1}}, {error_info, #{b => 2}}]");
        let exception = bench.call(error3, &args).unwrap_err();
        let last = bench.term("#{b => 2}");
        assert!(exception.error_info.is_some_and(|info| crate::term::compare::exact_eq(info, last)));
        let args = bench.terms("r, [1], [{error_info, #{a => 1}}, other]");
        assert!(bench.call(error3, &args).unwrap_err().error_info.is_none());
    }
}
