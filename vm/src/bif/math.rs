//! The BIFs of `math`: floating-point functions of numbers, as OTP's C
//! implementations compute them. An argument that is not a number raises
//! `badarg`; a result outside the domain (`sqrt(-1)`, `log(0)`) or not
//! finite (`pow(10.0, 400)`) raises `badarith`.

use super::arith::number_to_f64;
use super::{BifCtx, BifResult};
use crate::exception::Exception;
use crate::term::{build, Term};

/// `f(X)` as a float, with the errors of the module documentation.
fn unary(ctx: &mut BifCtx<'_>, args: &[Term], f: fn(f64) -> f64) -> BifResult {
    let x = number_to_f64(args[0]).ok_or_else(Exception::badarg)?;
    finite(ctx, f(x))
}

/// `f(X, Y)` as a float, with the errors of the module documentation.
fn binary(ctx: &mut BifCtx<'_>, args: &[Term], f: fn(f64, f64) -> f64) -> BifResult {
    let x = number_to_f64(args[0]).ok_or_else(Exception::badarg)?;
    let y = number_to_f64(args[1]).ok_or_else(Exception::badarg)?;
    finite(ctx, f(x, y))
}

fn finite(ctx: &mut BifCtx<'_>, value: f64) -> BifResult {
    if value.is_finite() {
        Ok(build::float(&mut ctx.process.heap, value))
    } else {
        Err(Exception::badarith())
    }
}

macro_rules! unary_bifs {
    ($($name:ident => $f:expr;)*) => {
        $(
            #[doc = concat!("`math:", stringify!($name), "/1`.")]
            pub fn $name(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
                unary(ctx, args, $f)
            }
        )*
    };
}

unary_bifs! {
    sin => f64::sin;
    cos => f64::cos;
    tan => f64::tan;
    asin => f64::asin;
    acos => f64::acos;
    atan => f64::atan;
    sinh => f64::sinh;
    cosh => f64::cosh;
    tanh => f64::tanh;
    asinh => f64::asinh;
    acosh => f64::acosh;
    atanh => f64::atanh;
    exp => f64::exp;
    log => f64::ln;
    log2 => f64::log2;
    log10 => f64::log10;
    sqrt => f64::sqrt;
    floor => f64::floor;
    ceil => f64::ceil;
}

/// `math:pow/2`.
pub fn pow(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, args, f64::powf)
}

/// `math:atan2/2`: the arc tangent of Y/X (the first argument is Y).
pub fn atan2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, args, f64::atan2)
}

/// `math:fmod/2`: the remainder of X/Y with the sign of X; Y = 0 gives
/// `badarith`, as the result is not a number.
pub fn fmod(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    binary(ctx, args, |x, y| x % y)
}
