//! Running a program's entry function to completion, as `girder run` does.
//!
//! The entry process is spawned and the scheduler runs every process until
//! the entry process ends (as escript does), `halt` is called, or nothing can
//! run any more.

use crate::memory::heap::Heap;
use crate::process::lifecycle::{self, SpawnOptions};
use crate::sched::{run_pool, Scheduler, SchedulerStats, Stop};
use crate::term::{build, print, Atom, Term};
use crate::vm::Vm;

/// How a run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Ending {
    /// The entry function returned, or its process exited with `normal`.
    Normal,
    /// The entry process ended abnormally (an error's report is on stderr).
    Crashed,
    /// `erlang:halt/0,1` stopped the VM with this status.
    Halted(i32),
    /// The entry process waits for a message that nothing can ever send.
    Deadlocked,
}

/// Why a run could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The entry function does not exist or is not exported.
    #[error("{module}:{function}/{arity} is not an exported function{detail}")]
    Undefined {
        /// The module's name.
        module: String,
        /// The function's name.
        function: String,
        /// The arity looked for.
        arity: u32,
        /// More about why, when the module itself failed to load.
        detail: String,
    },
}

/// Runs `module:function(Args)` where `Args` is the list of `args` as
/// strings (as escript passes them) — or with no arguments when
/// `with_args` is false — until that process ends.
pub fn run_entry(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
) -> Result<Ending, StartError> {
    run_entry_with_stats(vm, module, function, args, with_args).map(|(ending, _)| ending)
}

/// What the schedulers did during a run.
#[derive(Clone, Debug, Default)]
pub struct RunStats {
    /// Per scheduler.
    pub schedulers: Vec<SchedulerStats>,
    /// The most processes alive at once, as the process table counts it:
    /// the slots ever used (`ProcessTable::peak`), which may exceed the
    /// true peak by the free slots the schedulers kept at hand.
    pub peak_processes: usize,
}

/// As [`run_entry`], also returning what the schedulers did.
pub fn run_entry_with_stats(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
) -> Result<(Ending, RunStats), StartError> {
    let pid = spawn_entry(vm, module, function, args, with_args)?;
    let (stop, schedulers) = run_pool(vm, pid, vm.config.schedulers);
    let ending = ending_of(stop);
    vm.flush_output();
    Ok((ending, RunStats { schedulers, peak_processes: vm.processes.peak() }))
}

/// As [`run_entry`], on the calling thread, for at most `max_slices` time
/// slices of any process and without ever waiting for a receive timer.
///
/// Returns `Ok(None)` when the budget is spent, or when every process left
/// waits and only a timer could wake one: a bounded run of a program that
/// may loop forever, as a fuzzer makes. The processes left stay in the VM,
/// and a later run continues with them.
pub fn run_entry_bounded(
    vm: &Vm,
    module: Atom,
    function: Atom,
    args: &[String],
    with_args: bool,
    max_slices: u64,
) -> Result<Option<Ending>, StartError> {
    let pid = spawn_entry(vm, module, function, args, with_args)?;
    let stop = Scheduler::new().run_for(vm, pid, max_slices);
    vm.flush_output();
    Ok(stop.map(ending_of))
}

/// How a run ended, from how its scheduling stopped.
fn ending_of(stop: Stop) -> Ending {
    match stop {
        Stop::WatchedEnded { crashed: false } => Ending::Normal,
        Stop::WatchedEnded { crashed: true } => Ending::Crashed,
        Stop::Halt(status) => Ending::Halted(status),
        Stop::Deadlock => Ending::Deadlocked,
    }
}

/// Spawns the entry process of a run, `module:function(Args)` (or with no
/// arguments when `with_args` is false); returns its pid.
fn spawn_entry(vm: &Vm, module: Atom, function: Atom, args: &[String], with_args: bool) -> Result<Term, StartError> {
    let arity = u32::from(with_args);
    let undefined = |detail: String| StartError::Undefined {
        module: module.name().to_string(),
        function: function.name().to_string(),
        arity,
        detail,
    };
    let (loaded, entry) = match vm.code.find_export(module, function, arity) {
        Ok(Some(found)) => found,
        Ok(None) => return Err(undefined(String::new())),
        Err(error) => return Err(undefined(format!(" ({error})"))),
    };
    let mut scratch = Heap::new(64);
    let arguments = if with_args {
        let strings: Vec<Term> = args.iter().map(|arg| build::string(&mut scratch, arg)).collect();
        vec![build::list_from_slice(&mut scratch, &strings)]
    } else {
        Vec::new()
    };
    let spawned =
        lifecycle::spawn(vm, None, loaded.index, entry, &arguments, (module, function, arity), SpawnOptions::default());
    let Ok((pid, _)) = spawned else { unreachable!("the first process is always under the limit") };
    Ok(pid)
}

/// The error report Erlang's logger prints when a process dies of an error.
pub fn crash_report(pid: Term, reason: Term) -> String {
    let mut text = format!("=ERROR REPORT==== {} ===\nError in process ", report_time());
    print::write_term(&mut text, pid, print::Style::Print);
    text.push_str(" with exit value:\n");
    print::write_term(&mut text, reason, print::Style::Print);
    text.push_str("\n\n");
    text
}

/// The report Erlang's logger prints when a process is killed for passing
/// its maximum heap size.
/// `requested` is the words one instruction asked for, when that alone was
/// beyond what any heap may hold.
pub fn heap_limit_report(process: &crate::process::Process, max_heap_words: usize, requested: Option<usize>) -> String {
    let mut pid = String::new();
    print::write_term(&mut pid, process.pid, print::Style::Print);
    let context = match requested {
        Some(words) => format!("a request for {words} heap words, more than a heap may hold"),
        None => "maximum heap size reached".to_string(),
    };
    let limit = if max_heap_words == 0 { "none".to_string() } else { max_heap_words.to_string() };
    format!(
        "=ERROR REPORT==== {} ===\n     Process:            {pid}\n     Context:            {context}\n     Max Heap Size:      {limit}\n     Total Heap Size:    {}\n     Kill:               true\n     Message Queue Len:  {}\n\n",
        report_time(),
        process.heap.block_words(),
        process.mailbox.len()
    )
}

/// The time as the error logger prints it in a report's head,
/// `22-Nov-2026::10:00:00.000000`: the crash and heap-limit reports here
/// and `error_logger`'s (girder prints UTC where Erlang prints local time).
pub(crate) fn report_time() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seconds = now.as_secs();
    let (year, month, day) = civil_from_days((seconds / 86_400) as i64);
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let of_day = seconds % 86_400;
    format!(
        "{day}-{}-{year}::{:02}:{:02}:{:02}.{:06}",
        MONTHS[(month - 1) as usize],
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60,
        now.subsec_micros()
    )
}

/// The proleptic Gregorian (year, month, day) of a count of days since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_index + 2) / 5 + 1) as u32;
    let month = if month_index < 10 { month_index + 3 } else { month_index - 9 } as u32;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
        assert_eq!(civil_from_days(20_779), (2026, 11, 22));
    }
}
