//! Time BIFs: Erlang system time and its offset, time units, calendar
//! time, and the clocks of `os` (`timestamp/0`, `system_time/0,1`,
//! `perf_counter/0`).
//!
//! girder's native time unit, like OTP's on Linux, is the nanosecond, and
//! so is its `perf_counter` unit (the same clock as monotonic time).
//! Monotonic time starts where OTP 25's does on a 64-bit system
//! ([`crate::timer::MONOTONIC_START_NANOS`]). Erlang system time is
//! monotonic time plus the time offset, set when the VM starts so that
//! system time is the OS's then: fixed for the VM's life, as in OTP's
//! default `no_time_warp` mode (`os:system_time/0,1` reads the OS clock
//! each time).
//!
//! Local time is the C library's (`localtime_r`, `mktime`), as in OTP, so
//! the time zone (the `TZ` variable, else `/etc/localtime`) is read as erl
//! reads it and both agree on every date. A call into the C library holds
//! the environment's lock for reading (`super::os::ENVIRONMENT`), since
//! `mktime` reads `TZ`, and `os:putenv/2` may be changing the environment
//! on another thread.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::report::civil_from_days;
use crate::term::bigint::{self, Num};
use crate::term::{atoms, build, Term};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Signed;

/// Parts per second of a time unit: `second`, `millisecond`,
/// `microsecond`, `nanosecond`, `native`, `perf_counter`, the deprecated
/// `seconds`, `milli_seconds`, `micro_seconds`, `nano_seconds`, or a
/// positive integer; `None` for anything else.
fn unit_per_second(unit: Term) -> Option<BigInt> {
    if let Some(atom) = unit.as_atom() {
        let per_second: i64 = match atom.name() {
            "second" | "seconds" => 1,
            "millisecond" | "milli_seconds" => 1_000,
            "microsecond" | "micro_seconds" => 1_000_000,
            "nanosecond" | "nano_seconds" | "native" | "perf_counter" => 1_000_000_000,
            _ => return None,
        };
        return Some(BigInt::from(per_second));
    }
    match bigint::to_num(unit)? {
        Num::Int(value) if value > 0 => Some(BigInt::from(value)),
        Num::Big(value) if value.is_positive() => Some(value),
        _ => None,
    }
}

/// `time` in `from` units (parts per second) in `to` units, rounded down,
/// as OTP's `convert_time_unit/3` does.
fn convert(time: &BigInt, from: &BigInt, to: &BigInt) -> BigInt {
    (to * time).div_floor(from)
}

/// `value` nanoseconds in `unit`, as a term; `badarg` for a bad unit.
fn nanos_in(ctx: &mut BifCtx<'_>, value: i64, unit: Term) -> BifResult {
    let per_second = unit_per_second(unit).ok_or_else(Exception::badarg)?;
    let converted = convert(&BigInt::from(value), &BigInt::from(1_000_000_000), &per_second);
    Ok(bigint::integer_from_bigint(&mut ctx.process.heap, &converted))
}

/// Erlang system time in nanoseconds.
fn system_nanos() -> i64 {
    crate::timer::monotonic_nanos().saturating_add(crate::timer::time_offset_nanos())
}

/// `erlang:monotonic_time/1` (see `super::process`): monotonic time in any
/// time unit.
pub fn monotonic_in(ctx: &mut BifCtx<'_>, unit: Term) -> BifResult {
    nanos_in(ctx, crate::timer::monotonic_nanos(), unit)
}

/// `erlang:system_time/0`: Erlang system time in the native unit (nanoseconds).
pub fn system_time(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(build::integer(&mut ctx.process.heap, system_nanos()))
}

/// `erlang:system_time/1`: Erlang system time in a time unit.
pub fn system_time1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    nanos_in(ctx, system_nanos(), args[0])
}

/// `erlang:time_offset/0`: Erlang system time less monotonic time, in the
/// native unit.
pub fn time_offset(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(build::integer(&mut ctx.process.heap, crate::timer::time_offset_nanos()))
}

/// `erlang:time_offset/1`: the time offset in a time unit.
pub fn time_offset1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    nanos_in(ctx, crate::timer::time_offset_nanos(), args[0])
}

/// `{MegaSecs, Secs, MicroSecs}` of `nanos` since the Unix epoch.
fn timestamp_of(ctx: &mut BifCtx<'_>, nanos: i64) -> Term {
    let micros = nanos.div_euclid(1_000);
    let (seconds, micro) = (micros.div_euclid(1_000_000), micros.rem_euclid(1_000_000));
    let (mega, second) = (seconds.div_euclid(1_000_000), seconds.rem_euclid(1_000_000));
    let parts = [mega, second, micro].map(Term::small_unchecked);
    build::tuple(&mut ctx.process.heap, &parts)
}

/// `erlang:timestamp/0`: Erlang system time as `{MegaSecs, Secs, MicroSecs}`.
pub fn timestamp(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(timestamp_of(ctx, system_nanos()))
}

/// `os:timestamp/0`: the OS's system time as `{MegaSecs, Secs, MicroSecs}`.
pub fn os_timestamp(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(timestamp_of(ctx, crate::timer::os_system_nanos()))
}

/// `os:system_time/0`: the OS's system time in the native unit.
pub fn os_system_time(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(build::integer(&mut ctx.process.heap, crate::timer::os_system_nanos()))
}

/// `os:system_time/1`: the OS's system time in a time unit.
pub fn os_system_time1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    nanos_in(ctx, crate::timer::os_system_nanos(), args[0])
}

/// `os:perf_counter/0`: the performance counter, in `perf_counter` units:
/// nanoseconds of the monotonic clock since the VM's start.
pub fn os_perf_counter(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let counter = i64::try_from(crate::timer::now_nanos()).unwrap_or(i64::MAX);
    Ok(build::integer(&mut ctx.process.heap, counter))
}

/// `erlang:convert_time_unit/3`: an integer time from one unit to another,
/// rounded down (towards negative infinity); anything else: `badarg`.
pub fn convert_time_unit(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let time = bigint::bigint_of(args[0]).ok_or_else(Exception::badarg)?;
    let from = unit_per_second(args[1]).ok_or_else(Exception::badarg)?;
    let to = unit_per_second(args[2]).ok_or_else(Exception::badarg)?;
    let converted = convert(&time, &from, &to);
    // Charged by the size of the numbers, as big arithmetic is.
    ctx.reductions += u32::try_from(converted.bits() / 64).unwrap_or(u32::MAX);
    Ok(bigint::integer_from_bigint(&mut ctx.process.heap, &converted))
}

// ---- calendar time ----

/// A date and a time of day: `{{Year, Month, Day}, {Hour, Minute, Second}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DateTime {
    year: i64,
    month: i64,
    day: i64,
    hour: i64,
    minute: i64,
    second: i64,
}

/// The earliest and latest years the conversions take, as OTP 25 (on a
/// 64-bit system) bounds them.
const YEARS: std::ops::RangeInclusive<i64> = 1902..=2_147_483_646;

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl DateTime {
    /// The date and time a term holds, when it is a valid one in the years
    /// the conversions take.
    fn read(term: Term) -> Option<DateTime> {
        let &[date, time] = term.as_tuple()? else { return None };
        let &[year, month, day] = date.as_tuple()? else { return None };
        let &[hour, minute, second] = time.as_tuple()? else { return None };
        let [year, month, day, hour, minute, second] =
            [year, month, day, hour, minute, second].map(|part| part.as_small());
        let datetime =
            DateTime { year: year?, month: month?, day: day?, hour: hour?, minute: minute?, second: second? };
        let valid = YEARS.contains(&datetime.year)
            && (1..=12).contains(&datetime.month)
            && (1..=days_in_month(datetime.year, datetime.month)).contains(&datetime.day)
            && (0..24).contains(&datetime.hour)
            && (0..60).contains(&datetime.minute)
            && (0..60).contains(&datetime.second);
        valid.then_some(datetime)
    }

    /// `{{Year, Month, Day}, {Hour, Minute, Second}}`.
    fn build(self, ctx: &mut BifCtx<'_>) -> Term {
        let heap = &mut ctx.process.heap;
        let date = [self.year, self.month, self.day].map(|part| build::integer(heap, part));
        let date = build::tuple(heap, &date);
        let time = [self.hour, self.minute, self.second].map(Term::small_unchecked);
        let time = build::tuple(heap, &time);
        build::tuple(heap, &[date, time])
    }

    /// The UTC date and time `seconds` after the Unix epoch.
    fn from_unix(seconds: i64) -> DateTime {
        let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
        let (year, month, day) = civil_from_days(days);
        DateTime { year, month, day, hour: rest / 3_600, minute: rest / 60 % 60, second: rest % 60 }
    }

    /// Seconds since the Unix epoch of this date and time taken as UTC.
    fn to_unix(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 + self.hour * 3_600 + self.minute * 60 + self.second
    }
}

/// `{{Year, Month, Day}, {Hour, Minute, Second}}` at `seconds` since the
/// Unix epoch: the local date and time when `local` (UTC when the C
/// library cannot say), else UTC.
pub(super) fn datetime_at(ctx: &mut BifCtx<'_>, seconds: i64, local: bool) -> Term {
    let utc = DateTime::from_unix(seconds);
    let datetime = if local { local_of_unix(seconds).unwrap_or(utc) } else { utc };
    datetime.build(ctx)
}

/// Days since 1970-01-01 of a date of the proleptic Gregorian calendar.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The local date and time at `seconds` since the Unix epoch, by the C
/// library's time zone rules; `None` when it cannot say.
fn local_of_unix(seconds: i64) -> Option<DateTime> {
    let time = libc::time_t::try_from(seconds).ok()?;
    let _environment = super::os::ENVIRONMENT.read().unwrap_or_else(|p| p.into_inner());
    // SAFETY: `libc::tm` is plain data, for which all zeros is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    // SAFETY: both pointers are to live, exclusive locals; `localtime_r`
    // writes only `tm` (and the C library's own time zone state, under its
    // own lock) and returns null on failure. The environment it may read is
    // not being changed: `os:putenv/2` and `os:unsetenv/1` take the lock
    // held here for writing.
    let result = unsafe { libc::localtime_r(&time, &mut tm) };
    if result.is_null() {
        return None;
    }
    Some(DateTime {
        year: i64::from(tm.tm_year) + 1900,
        month: i64::from(tm.tm_mon) + 1,
        day: i64::from(tm.tm_mday),
        hour: i64::from(tm.tm_hour),
        minute: i64::from(tm.tm_min),
        second: i64::from(tm.tm_sec),
    })
}

/// Seconds since the Unix epoch of a local date and time, by the C
/// library's `mktime` (`is_dst`: 1 for daylight saving time, 0 for
/// standard time, -1 to let it decide); `None` when it cannot say.
fn unix_of_local(local: DateTime, is_dst: i32) -> Option<i64> {
    let narrow = |value: i64| i32::try_from(value).ok();
    let _environment = super::os::ENVIRONMENT.read().unwrap_or_else(|p| p.into_inner());
    // SAFETY: `libc::tm` is plain data, for which all zeros is a valid value.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = narrow(local.year - 1900)?;
    tm.tm_mon = narrow(local.month - 1)?;
    tm.tm_mday = narrow(local.day)?;
    tm.tm_hour = narrow(local.hour)?;
    tm.tm_min = narrow(local.minute)?;
    tm.tm_sec = narrow(local.second)?;
    tm.tm_isdst = is_dst;
    // SAFETY: `tm` is a live, exclusive local that `mktime` reads and
    // normalises in place. `mktime` reads `TZ` from the environment, which
    // is not being changed: its writers take the lock held here for writing.
    let seconds = unsafe { libc::mktime(&mut tm) };
    // `time_t` is 32 bits on some systems.
    #[allow(clippy::useless_conversion)]
    Some(i64::from(seconds))
}

/// The OS's system time in whole seconds since the Unix epoch.
fn now_unix() -> i64 {
    crate::timer::os_system_nanos().div_euclid(1_000_000_000)
}

/// The local date and time now; `badarg` if the C library cannot say.
fn local_now() -> Result<DateTime, Exception> {
    local_of_unix(now_unix()).ok_or_else(Exception::badarg)
}

/// `erlang:localtime/0`: the local date and time, `{{Y, Mo, D}, {H, Mi, S}}`.
pub fn localtime(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let now = local_now()?;
    Ok(now.build(ctx))
}

/// `erlang:universaltime/0`: the date and time in UTC.
pub fn universaltime(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(DateTime::from_unix(now_unix()).build(ctx))
}

/// `erlang:date/0`: the local date, `{Year, Month, Day}`.
pub fn date(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let now = local_now()?;
    let parts = [now.year, now.month, now.day].map(Term::small_unchecked);
    Ok(build::tuple(&mut ctx.process.heap, &parts))
}

/// `erlang:time/0`: the local time of day, `{Hour, Minute, Second}`.
pub fn time(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let now = local_now()?;
    let parts = [now.hour, now.minute, now.second].map(Term::small_unchecked);
    Ok(build::tuple(&mut ctx.process.heap, &parts))
}

/// `erlang:localtime_to_universaltime/1`: as `/2` with `undefined`.
pub fn localtime_to_universaltime(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    local_to_universal(ctx, args[0], -1)
}

/// `erlang:localtime_to_universaltime/2`: a local date and time in UTC;
/// `IsDst` `true` takes it as daylight saving time, `false` as standard
/// time, `undefined` lets the time zone decide (as the C library's
/// `mktime` does, so that a time skipped by a change of clocks converts
/// as on erl). A date before 1902 or not valid: `badarg`.
pub fn localtime_to_universaltime2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let is_dst = match args[1].as_atom() {
        Some(atoms::TRUE) => 1,
        Some(atoms::FALSE) => 0,
        Some(atoms::UNDEFINED) => -1,
        _ => return Err(Exception::badarg()),
    };
    local_to_universal(ctx, args[0], is_dst)
}

fn local_to_universal(ctx: &mut BifCtx<'_>, local: Term, is_dst: i32) -> BifResult {
    let local = DateTime::read(local).ok_or_else(Exception::badarg)?;
    let seconds = unix_of_local(local, is_dst).ok_or_else(Exception::badarg)?;
    Ok(DateTime::from_unix(seconds).build(ctx))
}

/// `erlang:universaltime_to_localtime/1`: a UTC date and time in local
/// time. A date before 1902 or not valid: `badarg`.
pub fn universaltime_to_localtime(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let universal = DateTime::read(args[0]).ok_or_else(Exception::badarg)?;
    let local = local_of_unix(universal.to_unix()).ok_or_else(Exception::badarg)?;
    Ok(local.build(ctx))
}

/// The user CPU time the whole VM has used, in milliseconds.
pub(super) fn cpu_time_ms() -> u64 {
    // SAFETY: `libc::rusage` is plain data, for which all zeros is a valid value.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: `usage` is a live, exclusive local that `getrusage` fills.
    if unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) } != 0 {
        return 0;
    }
    let seconds = u64::try_from(usage.ru_utime.tv_sec).unwrap_or(0);
    let micros = u64::try_from(usage.ru_utime.tv_usec).unwrap_or(0);
    seconds * 1_000 + micros / 1_000
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for days in (-200_000..200_000).step_by(37) {
            let (year, month, day) = civil_from_days(days);
            assert_eq!(days_from_civil(year, month, day), days);
        }
        let far = days_from_civil(2_147_483_646, 12, 31);
        assert_eq!(civil_from_days(far), (2_147_483_646, 12, 31));
    }

    #[test]
    fn units_convert_rounding_down() {
        let n = |value: i64| BigInt::from(value);
        assert_eq!(convert(&n(-1), &n(1_000_000_000), &n(1)), n(-1));
        assert_eq!(convert(&n(-1_000_000_000), &n(1_000_000_000), &n(1)), n(-1));
        assert_eq!(convert(&n(-1_000_000_001), &n(1_000_000_000), &n(1)), n(-2));
        assert_eq!(convert(&n(1999), &n(1000), &n(1)), n(1));
        assert_eq!(convert(&n(3), &n(7), &n(5)), n(2));
        assert_eq!(convert(&n(-3), &n(7), &n(5)), n(-3));
    }
}
