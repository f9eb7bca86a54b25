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
use crate::lifecycle::{self, Handled};
use crate::process::flags;
use crate::process_table::{ProcessCell, State};
use crate::term::{atoms, Term};
use crate::vm::Vm;
use crossbeam_deque::Steal;
pub use idle::Idle;
pub(crate) use pool::push_local;
pub use pool::{run_pool, SchedulerStats};
use std::sync::Arc;
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
    /// function returns), `halt` is called, or nothing can run any more.
    pub fn run_until(&mut self, vm: &Vm, watched: Term) -> Stop {
        loop {
            self.fire_timers(vm, Instant::now());
            match vm.run_queue.steal() {
                Steal::Success(cell) => {
                    if let Some(stop) = self.run_slice(vm, &cell, watched) {
                        return stop;
                    }
                }
                Steal::Retry => continue,
                Steal::Empty => match self.timers.next_deadline() {
                    Some(deadline) => {
                        let now = Instant::now();
                        if deadline > now {
                            std::thread::sleep((deadline - now).min(Duration::from_millis(100)));
                        }
                    }
                    None => {
                        if vm.processes.get(watched).is_none() {
                            return Stop::WatchedEnded { crashed: false };
                        }
                        return Stop::Deadlock;
                    }
                },
            }
        }
    }

    /// Wakes the processes whose receive timers are due.
    fn fire_timers(&mut self, vm: &Vm, now: Instant) {
        if self.timers.is_empty() {
            return;
        }
        let due = self.timers.due(now);
        vm.timers_done(due.len());
        for (id, cell) in due {
            let mut process = cell.lock();
            if process.timer == id {
                process.timer = 0;
                process.flags |= flags::TIMED_OUT;
                drop(process);
                vm.wake(&cell);
            }
        }
    }

    /// Runs one time slice of `cell`.
    fn run_slice(&mut self, vm: &Vm, cell: &Arc<ProcessCell>, watched: Term) -> Option<Stop> {
        if cell.state() == State::Exited {
            return None;
        }
        cell.set_state(State::Running);
        let mut process = cell.lock();
        let reductions_before = process.reductions;
        let outcome = match lifecycle::handle_signals(vm, &cell.inbox, &mut process) {
            Handled::Exit(reason) => RunOutcome::Exit { reason, report: false },
            Handled::Continue => self.executor.run(vm, &cell.inbox, &mut process),
        };
        self.reductions += process.reductions.saturating_sub(reductions_before);
        match outcome {
            RunOutcome::Yield => {
                cell.set_state(State::Runnable);
                drop(process);
                vm.enqueue(Arc::clone(cell));
                None
            }
            RunOutcome::Wait { timeout_ms } => {
                if let Some(ms) = timeout_ms {
                    let id = vm.next_timer_id();
                    self.timers.start(id, Arc::clone(cell), Duration::from_millis(ms));
                    process.timer = id;
                    vm.timer_started();
                }
                cell.set_state(State::Waiting);
                drop(process);
                // A signal pushed between the last look at the inbox and the
                // state change found the process running and did not wake
                // it: wake it here. `try_wake` makes one of the two win.
                if cell.inbox.has_signals() {
                    vm.wake(cell);
                }
                None
            }
            RunOutcome::Exit { reason, report } => {
                if report {
                    eprint!("{}", crate::run::crash_report(process.pid, reason));
                }
                let crashed = reason != Term::atom(atoms::NORMAL);
                lifecycle::finish(vm, cell, &mut process, reason);
                (process.pid == watched).then_some(Stop::WatchedEnded { crashed })
            }
            RunOutcome::Halt(status) => Some(Stop::Halt(status)),
        }
    }
}
