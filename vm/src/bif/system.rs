//! `erlang:statistics/1` and `erlang:system_info/1`: what the VM can say
//! about itself.
//!
//! girder claims the runtime of Erlang/OTP 25.2.3, the release its
//! conformance suite is checked against: `otp_release` is `"25"`, and
//! `version` the ERTS version of that release, `"13.1.5"`. `machine` is
//! `"BEAM"`: girder runs BEAM code with BEAM's semantics, and code asks the
//! question to learn that. `system_version` says it is girder.
//!
//! The statistics are girder's own counts, each the closest to OTP's:
//!
//! - `runtime`: the user CPU time of the whole OS process, in milliseconds,
//!   as OTP's, and the time since the last call of `statistics(runtime)`.
//! - `wall_clock`: milliseconds since the VM started, and since the last call.
//! - `reductions`: reductions spent by every process, counted when each
//!   time slice ends (the slice under way is not in it), and since the last
//!   call.
//! - `context_switches`: time slices run (each a switch to a process).
//! - `garbage_collection`: collections and the words they reclaimed (every
//!   collection is a full one: girder has no generations).
//! - `io`: girder has no ports; `output` counts the bytes written to the
//!   output and the error output, and `input` is 0, as girder reads none.
//! - `run_queue`, `total_run_queue_lengths`: processes waiting in a run
//!   queue, not counting one about to run in a scheduler's run-next slot.
//!
//! "Since the last call" is since the last call by any process, as in OTP.

use super::BifCtx;
use crate::exception::{BifResult, Exception};
use crate::term::{build, Atom, Term};
use crate::term::{AtomTable, ATOM_LIMIT};
use std::sync::atomic::{AtomicU64, Ordering};

/// The Erlang/OTP release girder claims.
const OTP_RELEASE: &str = "25";

/// The ERTS version of that release.
const ERTS_VERSION: &str = "13.1.5";

/// An atom made by name; `system_limit` when the table is full.
fn atom(name: &str) -> Result<Term, Exception> {
    Atom::intern(name).map(Term::atom).map_err(|_| Exception::system_limit())
}

/// An unsigned count as an integer term.
fn count(ctx: &mut BifCtx<'_>, value: u64) -> Term {
    let value = num_bigint::BigInt::from(value);
    crate::term::bigint::integer_from_bigint(&mut ctx.process.heap, &value)
}

/// `{Total, Total - Last}`, remembering `Total` as the last.
fn with_since_last(ctx: &mut BifCtx<'_>, total: u64, last: &AtomicU64) -> Term {
    let before = last.swap(total, Ordering::Relaxed);
    let total_term = count(ctx, total);
    let since = count(ctx, total.saturating_sub(before));
    build::tuple(&mut ctx.process.heap, &[total_term, since])
}

/// `erlang:statistics/1`: `runtime`, `wall_clock`, `reductions`,
/// `context_switches`, `garbage_collection`, `io`, `run_queue`,
/// `total_run_queue_lengths` (see the module documentation); another item:
/// `badarg`.
pub fn statistics(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    static LAST_RUNTIME: AtomicU64 = AtomicU64::new(0);
    static LAST_WALL_CLOCK: AtomicU64 = AtomicU64::new(0);
    static LAST_REDUCTIONS: AtomicU64 = AtomicU64::new(0);
    let item = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let zero = Term::small_unchecked(0);
    Ok(match item.name() {
        "runtime" => with_since_last(ctx, super::time::cpu_time_ms(), &LAST_RUNTIME),
        "wall_clock" => {
            let ms = crate::timer::now_nanos() / 1_000_000;
            with_since_last(ctx, ms, &LAST_WALL_CLOCK)
        }
        "reductions" => with_since_last(ctx, ctx.vm.total_reductions(), &LAST_REDUCTIONS),
        "context_switches" => {
            let switches = count(ctx, ctx.vm.context_switches());
            build::tuple(&mut ctx.process.heap, &[switches, zero])
        }
        "garbage_collection" => {
            let (collections, words) = crate::memory::gc::collections();
            let collections = count(ctx, collections);
            let words = count(ctx, words);
            build::tuple(&mut ctx.process.heap, &[collections, words, zero])
        }
        "io" => {
            let output = count(ctx, ctx.vm.output_bytes());
            let input = build::tuple(&mut ctx.process.heap, &[atom("input")?, zero]);
            let output = build::tuple(&mut ctx.process.heap, &[atom("output")?, output]);
            build::tuple(&mut ctx.process.heap, &[input, output])
        }
        "run_queue" | "total_run_queue_lengths" => count(ctx, ctx.vm.run_queue_len() as u64),
        _ => return Err(Exception::badarg()),
    })
}

/// The OS family and name, as `os:type/0` gives them.
fn os_type() -> (&'static str, &'static str) {
    if cfg!(target_os = "linux") {
        ("unix", "linux")
    } else if cfg!(target_os = "macos") {
        ("unix", "darwin")
    } else if cfg!(target_os = "freebsd") {
        ("unix", "freebsd")
    } else if cfg!(windows) {
        ("win32", "nt")
    } else {
        ("unix", std::env::consts::OS)
    }
}

/// `erlang:system_info/1`: `schedulers`, `schedulers_online`,
/// `process_count`, `process_limit`, `otp_release`, `version`,
/// `system_version`, `machine`, `wordsize` (and `{wordsize, internal |
/// external}`), `atom_count`, `atom_limit`, `logical_processors`,
/// `thread_pool_size` (0: girder has no pool of I/O threads),
/// `smp_support`, `threads`, `os_type`; another item: `badarg`.
pub fn system_info(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let item = args[0];
    if let Some(&[key, kind]) = item.as_tuple() {
        let kind = kind.as_atom().map(Atom::name);
        return match (key.as_atom().map(Atom::name), kind) {
            (Some("wordsize"), Some("internal" | "external")) => Ok(Term::small_unchecked(8)),
            _ => Err(Exception::badarg()),
        };
    }
    let item = item.as_atom().ok_or_else(Exception::badarg)?;
    let schedulers = ctx.vm.config.schedulers.max(1);
    let heap = &mut ctx.process.heap;
    Ok(match item.name() {
        "schedulers" | "schedulers_online" => count(ctx, schedulers as u64),
        "process_count" => count(ctx, ctx.vm.processes.live() as u64),
        "process_limit" => count(ctx, ctx.vm.config.max_processes as u64),
        "otp_release" => build::string(heap, OTP_RELEASE),
        "version" => build::string(heap, ERTS_VERSION),
        "system_version" => {
            let text = format!(
                "Erlang/OTP {OTP_RELEASE} [erts-{ERTS_VERSION}] [girder {}] [64-bit] [smp:{schedulers}:{schedulers}] \
                 [async-threads:0]\n",
                env!("CARGO_PKG_VERSION")
            );
            build::string(heap, &text)
        }
        "machine" => build::string(heap, "BEAM"),
        "wordsize" => Term::small_unchecked(8),
        "atom_count" => count(ctx, AtomTable::global().len() as u64),
        "atom_limit" => count(ctx, ATOM_LIMIT as u64),
        "logical_processors" => match std::thread::available_parallelism() {
            Ok(n) => count(ctx, n.get() as u64),
            Err(_) => atom("unknown")?,
        },
        "thread_pool_size" => Term::small_unchecked(0),
        "smp_support" | "threads" => Term::boolean(true),
        "endian" => atom(if cfg!(target_endian = "big") { "big" } else { "little" })?,
        "os_type" => {
            let (family, name) = os_type();
            let (family, name) = (atom(family)?, atom(name)?);
            build::tuple(&mut ctx.process.heap, &[family, name])
        }
        _ => return Err(Exception::badarg()),
    })
}
