//! The scheduler: takes runnable processes from the run queue, runs each
//! for one time slice, and acts on how the slice ended — again later, wait
//! for a message (with a timer), or end.
//!
//! [`Scheduler::run_until`] runs everything on the calling thread;
//! [`run_pool`] runs one scheduler per thread, sharing the run queue and
//! stealing from each other.

mod idle;
mod pool;
mod timers;

use crate::interp::{Executor, RunOutcome};
use crate::process::lifecycle::{self, Ending, Handled};
use crate::process::table::{CellPtr, ProcessCell, SchedulerThread, State};
use crate::process::{flags, Process};
use crate::term::Term;
use crate::vm::Vm;
use crossbeam_deque::Steal;
use crossbeam_epoch::{self as epoch, Guard};
pub use idle::Idle;
pub(crate) use pool::{push_local, push_next};
pub use pool::{run_pool, SchedulerStats};
use std::sync::MutexGuard;
use std::time::{Duration, Instant};
pub use timers::Timers;

/// How the watched process ended, or why scheduling stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stop {
    /// The watched process ended; `crashed` when its reason was not `normal`.
    WatchedEnded {
        /// Whether it ended abnormally.
        crashed: bool,
    },
    /// `erlang:halt/0,1` was called.
    Halt(i32),
    /// Nothing is runnable, no timer is pending, and the watched process
    /// still waits: nothing can ever wake it.
    Deadlock,
}

/// How often a scheduler with nothing to run looks for the answer to a
/// line being read, when it runs every process on the calling thread
/// ([`Scheduler::run_until`]): a person typing does not notice 5 ms.
const INPUT_POLL: Duration = Duration::from_millis(5);

/// How many time slices a scheduler runs under one epoch pin before it
/// re-pins. Pinning costs an atomic operation, so a scheduler stays pinned
/// across slices; a cell freed meanwhile waits until every scheduler has
/// re-pinned (or parked, which unpins).
///
/// At each re-pin the scheduler also runs the frees that are due
/// ([`repin`]): the epoch collector runs them only when a thread pins from
/// scratch or flushes, and a scheduler that never parks never pins from
/// scratch, so without this the cells of ended processes would pile up.
pub(crate) const SLICES_PER_PIN: u32 = 32;

/// Re-pins a scheduler's guard and runs the deferred frees that are due
/// (see [`SLICES_PER_PIN`]).
pub(crate) fn repin(guard: &mut Guard) {
    guard.repin();
    guard.flush();
}

/// One scheduler: registers and timers.
pub struct Scheduler {
    executor: Executor,
    timers: Timers,
    /// Reductions spent by the processes this scheduler ran.
    pub reductions: u64,
}

impl Default for Scheduler {
    fn default() -> Scheduler {
        Scheduler::new()
    }
}

impl Scheduler {
    /// A scheduler with fresh registers and no timers.
    pub fn new() -> Scheduler {
        Scheduler { executor: Executor::new(), timers: Timers::default(), reductions: 0 }
    }

    /// Runs processes until `watched` ends (as escript runs until its main
    /// function returns), `halt` is called, `init:stop/0,1` asked to stop
    /// and no process is runnable, or nothing can run any more.
    pub fn run_until(&mut self, vm: &Vm, watched: Term) -> Stop {
        let _stripe = SchedulerThread::enter(0);
        let mut guard = epoch::pin();
        let mut slices = 0u32;
        loop {
            self.fire_timers(vm);
            match vm.run_queue.steal() {
                Steal::Success(cell) => {
                    slices += 1;
                    if slices.is_multiple_of(SLICES_PER_PIN) {
                        repin(&mut guard);
                    }
                    let before = self.reductions;
                    let stop = self.run_slice(vm, cell, watched, &guard);
                    vm.count_slice(0, self.reductions - before);
                    if let Some(stop) = stop {
                        return stop;
                    }
                }
                Steal::Retry => continue,
                Steal::Empty => {
                    // Only a timer can wake a process now: a receive timer,
                    // or a BIF timer that can still act (see `crate::timer`);
                    // or the answer to a line being read (`crate::input`).
                    if let Some(status) = vm.stop_requested() {
                        return Stop::Halt(status);
                    }
                    let reading = vm.input.keeps_alive();
                    if self.timers.is_empty() && !vm.bif_timers.keeps_alive(vm) && !reading {
                        if vm.processes.get(watched).is_none() {
                            return Stop::WatchedEnded { crashed: false };
                        }
                        return Stop::Deadlock;
                    }
                    let now = Instant::now();
                    // A read is answered at no known time: look again soon.
                    let poll = reading.then(|| now + INPUT_POLL);
                    let deadline = match (vm.wake_deadline(self.timers.next_deadline()), poll) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    if let Some(deadline) = deadline {
                        if deadline > now {
                            let pause = (deadline - now).min(Duration::from_millis(100));
                            guard.repin_after(|| std::thread::sleep(pause));
                        }
                    }
                }
            }
        }
    }

    /// As [`Scheduler::run_until`], for at most `max_slices` time slices and
    /// without waiting for a timer: returns `None` when the budget is spent,
    /// or when nothing is runnable and only a timer or a line being read
    /// could wake a process.
    pub fn run_for(&mut self, vm: &Vm, watched: Term, max_slices: u64) -> Option<Stop> {
        let _stripe = SchedulerThread::enter(0);
        let mut guard = epoch::pin();
        let mut slices = 0u64;
        while slices < max_slices {
            self.fire_timers(vm);
            match vm.run_queue.steal() {
                Steal::Success(cell) => {
                    slices += 1;
                    if slices.is_multiple_of(u64::from(SLICES_PER_PIN)) {
                        repin(&mut guard);
                    }
                    let before = self.reductions;
                    let stop = self.run_slice(vm, cell, watched, &guard);
                    vm.count_slice(0, self.reductions - before);
                    if let Some(stop) = stop {
                        return Some(stop);
                    }
                }
                Steal::Retry => continue,
                Steal::Empty if vm.stop_requested().is_some() => {
                    return Some(Stop::Halt(vm.stop_requested().unwrap_or(0)));
                }
                Steal::Empty
                    if self.timers.next_deadline().is_some()
                        || vm.bif_timers.keeps_alive(vm)
                        || vm.input.keeps_alive() =>
                {
                    return None
                }
                Steal::Empty if vm.processes.get(watched).is_none() => {
                    return Some(Stop::WatchedEnded { crashed: false });
                }
                Steal::Empty => return Some(Stop::Deadlock),
            }
        }
        None
    }

    /// Wakes the processes whose receive timers are due, and fires the
    /// VM's BIF timers that are due; whether it woke or fired any. Reads the
    /// clock only when a timer is pending.
    fn fire_timers(&mut self, vm: &Vm) -> bool {
        let mut woke = vm.bif_timers.fire_due(vm);
        if self.timers.is_empty() {
            return woke;
        }
        let due = self.timers.due(Instant::now());
        vm.timers_done(due.len());
        let guard = epoch::pin();
        for (id, pid) in due {
            // A process that ended since has nothing to time out.
            let Some(cell) = vm.processes.lookup(pid, &guard) else { continue };
            let mut process = cell.lock();
            if process.timer == id {
                process.timer = 0;
                process.flags |= flags::TIMED_OUT;
                drop(process);
                vm.wake(cell);
                woke = true;
            }
        }
        woke
    }

    /// Runs one time slice of `cell`, just taken from a run queue, with
    /// this thread pinned by `guard` for the whole slice: the cell stays
    /// allocated even once the process ends here.
    fn run_slice(&mut self, vm: &Vm, cell: CellPtr, watched: Term, guard: &Guard) -> Option<Stop> {
        // SAFETY: a queued process is still in the table (only the
        // scheduler that runs a process removes it, once it has ended and
        // sent its exit signals, and a queued process is not running; see
        // `Vm::enqueue`), and a cell is retired only when it leaves the
        // table, so it was not retired before `guard` was pinned.
        let cell = unsafe { cell.get(guard) };
        if cell.state() == State::Exited {
            // An ending process with signals still to send.
            let mut process = cell.lock();
            let reductions_before = process.reductions;
            let ending = lifecycle::continue_ending(vm, cell, &mut process);
            self.reductions += process.reductions.saturating_sub(reductions_before);
            return self.after_ending(vm, cell, process, ending, watched);
        }
        cell.set_state(State::Running);
        let mut process = cell.lock();
        let reductions_before = process.reductions;
        // The signals that arrived while the process was not running, a
        // time slice's worth at most: a process sent more yields at once,
        // and handles the rest when it comes round again.
        let budget = i64::from(vm.config.reductions);
        let mut left = budget;
        let outcome = match lifecycle::handle_signals(vm, &cell.inbox, &mut process, &mut left) {
            Handled::Exit(reason) => RunOutcome::Exit { reason, report: false },
            Handled::Continue if left <= 0 && lifecycle::has_signals(&cell.inbox, &process) => {
                process.reductions += (budget - left) as u64;
                RunOutcome::Yield
            }
            Handled::Continue => {
                process.reductions += (budget - left) as u64;
                self.executor.run(vm, &cell.inbox, &mut process)
            }
        };
        self.reductions += process.reductions.saturating_sub(reductions_before);
        match outcome {
            RunOutcome::Yield => {
                cell.set_state(State::Runnable);
                drop(process);
                // SAFETY: the process yielded, runnable again, and only
                // this scheduler, which ran it, may enqueue it now.
                unsafe { vm.enqueue(CellPtr::new(cell)) };
                None
            }
            RunOutcome::Wait { timeout_ms } => {
                if let Some(ms) = timeout_ms {
                    let id = vm.next_timer_id();
                    self.timers.start(id, process.pid, Duration::from_millis(ms));
                    process.timer = id;
                    vm.timer_started();
                }
                // Signals set aside (more arrived than one time slice
                // handles) are waiting too.
                let set_aside = process.flags & flags::SET_ASIDE != 0;
                cell.set_state(State::Waiting);
                drop(process);
                // A signal pushed between the last look at the inbox and the
                // state change found the process running and did not wake
                // it: wake it here. `try_wake` makes one of the two win.
                if set_aside || cell.inbox.has_signals() {
                    vm.wake(cell);
                }
                None
            }
            RunOutcome::Exit { reason, report } => {
                if report {
                    let leader = process.extras.as_ref().and_then(|extras| extras.group_leader);
                    crate::report::process_crash(vm, process.pid, leader.unwrap_or(crate::dist::GROUP_LEADER), reason);
                }
                // Its tables go to their heirs or away before any process
                // learns of its end, as in OTP.
                vm.ets.process_ended(vm, process.pid);
                let before = process.reductions;
                let ending = lifecycle::finish(vm, cell, &mut process, reason);
                self.reductions += process.reductions.saturating_sub(before);
                self.after_ending(vm, cell, process, ending, watched)
            }
            RunOutcome::Halt(status) => Some(Stop::Halt(status)),
        }
    }

    /// Queues an ending process that has more signals to send; reports
    /// the end of the watched process once it has sent them all.
    fn after_ending(
        &mut self,
        vm: &Vm,
        cell: &ProcessCell,
        mut process: MutexGuard<'_, Process>,
        ending: Ending,
        watched: Term,
    ) -> Option<Stop> {
        let pid = process.pid;
        if matches!(ending, Ending::Ended { .. }) {
            process.release_memory();
        }
        drop(process);
        match ending {
            Ending::Ended { crashed } => (pid == watched).then_some(Stop::WatchedEnded { crashed }),
            Ending::Unfinished => {
                // SAFETY: the process is still in the table (it leaves it
                // only when it has sent everything), no waker can queue it
                // (it is not waiting), and only this scheduler, which ran
                // it, queues it now.
                unsafe { vm.enqueue(CellPtr::new(cell)) };
                None
            }
        }
    }
}
