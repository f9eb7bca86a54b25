//! Several schedulers, one OS thread each (DESIGN decision 6).
//!
//! A process made runnable on a scheduler thread (woken by a message, or
//! yielding) goes into that scheduler's own queue, so a conversation between
//! processes stays on one core and its caches; runnable processes from
//! elsewhere enter the VM's shared queue (an injector). A scheduler runs its
//! own queue first, then takes a batch from the shared queue, then steals a
//! batch from another scheduler, and then parks ([`super::idle`]) until work
//! arrives or its next timer is due.
//!
//! The run ends when the watched process ends, when `halt` is called, or
//! when every scheduler is asleep with no timer pending anywhere: then no
//! process can ever run again (a deadlock, reported as such).

use super::{Scheduler, Stop, SLICES_PER_PIN};
use crate::process_table::CellPtr;
use crate::term::Term;
use crate::vm::Vm;
use crossbeam_deque::{Steal, Stealer, Worker};
use crossbeam_epoch as epoch;
use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// What one scheduler did, for `girder run --stats`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SchedulerStats {
    /// Time slices run.
    pub slices: u64,
    /// Reductions spent by the processes it ran.
    pub reductions: u64,
    /// Batches of processes taken from another scheduler's queue.
    pub steals: u64,
    /// Times it parked for lack of work.
    pub sleeps: u64,
}

thread_local! {
    /// The run queue of the scheduler running on this thread, if any.
    static LOCAL_QUEUE: RefCell<Option<Worker<CellPtr>>> = const { RefCell::new(None) };
}

/// Puts a runnable process in this thread's scheduler queue; gives it back
/// when this thread runs no scheduler of a pool.
pub(crate) fn push_local(cell: CellPtr) -> Result<(), CellPtr> {
    LOCAL_QUEUE.with(|slot| match slot.borrow().as_ref() {
        Some(queue) => {
            queue.push(cell);
            Ok(())
        }
        None => Err(cell),
    })
}

fn pop_local() -> Option<CellPtr> {
    LOCAL_QUEUE.with(|slot| slot.borrow().as_ref().and_then(Worker::pop))
}

struct Shared<'vm> {
    vm: &'vm Vm,
    watched: Term,
    stealers: Vec<Stealer<CellPtr>>,
    stopping: AtomicBool,
    stop: Mutex<Option<Stop>>,
}

impl Shared<'_> {
    fn finish(&self, stop: Stop) {
        let mut slot = self.stop.lock().unwrap_or_else(|p| p.into_inner());
        if slot.is_none() {
            *slot = Some(stop);
        }
        self.stopping.store(true, Ordering::SeqCst);
        drop(slot);
        self.vm.idle.notify_all();
    }

    fn has_work(&self) -> bool {
        !self.vm.run_queue.is_empty() || self.stealers.iter().any(|stealer| !stealer.is_empty())
    }
}

/// Runs the VM's processes on `n_schedulers` threads until `watched` ends,
/// `halt` is called, or nothing can run any more.
pub fn run_pool(vm: &Vm, watched: Term, n_schedulers: usize) -> (Stop, Vec<SchedulerStats>) {
    let n_schedulers = n_schedulers.max(1);
    let workers: Vec<Worker<CellPtr>> = (0..n_schedulers).map(|_| Worker::new_fifo()).collect();
    let shared = Shared {
        vm,
        watched,
        stealers: workers.iter().map(Worker::stealer).collect(),
        stopping: AtomicBool::new(false),
        stop: Mutex::new(None),
    };
    let stats = std::thread::scope(|scope| {
        let handles: Vec<_> = workers
            .into_iter()
            .enumerate()
            .map(|(index, worker)| {
                let shared = &shared;
                std::thread::Builder::new()
                    .name(format!("scheduler {}", index + 1))
                    .spawn_scoped(scope, move || schedule(shared, index, worker))
                    .expect("start a scheduler thread")
            })
            .collect();
        handles.into_iter().map(|handle| handle.join().unwrap_or_default()).collect::<Vec<_>>()
    });
    let stop = shared.stop.lock().unwrap_or_else(|p| p.into_inner()).unwrap_or(Stop::Deadlock);
    (stop, stats)
}

/// One scheduler thread's loop.
fn schedule(shared: &Shared<'_>, index: usize, local: Worker<CellPtr>) -> SchedulerStats {
    LOCAL_QUEUE.with(|slot| *slot.borrow_mut() = Some(local));
    let stats = schedule_loop(shared, index);
    // Processes still queued here are dropped with the queue.
    LOCAL_QUEUE.with(|slot| slot.borrow_mut().take());
    stats
}

fn schedule_loop(shared: &Shared<'_>, index: usize) -> SchedulerStats {
    let vm = shared.vm;
    let mut scheduler = Scheduler::new();
    let mut stats = SchedulerStats::default();
    let mut guard = epoch::pin();
    while !shared.stopping.load(Ordering::Acquire) {
        scheduler.fire_timers(vm);
        let next = pop_local().or_else(|| {
            LOCAL_QUEUE
                .with(|slot| slot.borrow().as_ref().and_then(|local| find_work(shared, index, local, &mut stats)))
        });
        let Some(cell) = next else {
            stats.sleeps += 1;
            let deadline = scheduler.timers.next_deadline();
            // Parked unpinned, so that cells freed meanwhile are not held up.
            guard.repin_after(|| {
                vm.idle.sleep(
                    deadline,
                    || shared.has_work() || shared.stopping.load(Ordering::Acquire),
                    |sleeping| {
                        // A distributed node can be woken by another node at any time.
                        let stuck =
                            sleeping == shared.stealers.len() && vm.pending_timers() == 0 && !vm.dist.is_alive();
                        if stuck {
                            let stop = if vm.processes.get(shared.watched).is_none() {
                                Stop::WatchedEnded { crashed: false }
                            } else {
                                Stop::Deadlock
                            };
                            let mut slot = shared.stop.lock().unwrap_or_else(|p| p.into_inner());
                            slot.get_or_insert(stop);
                            shared.stopping.store(true, Ordering::SeqCst);
                            vm.idle.notify_all_while_locked();
                        }
                        stuck
                    },
                )
            });
            continue;
        };
        stats.slices += 1;
        if stats.slices.is_multiple_of(u64::from(SLICES_PER_PIN)) {
            guard.repin();
        }
        if let Some(stop) = scheduler.run_slice(vm, cell, shared.watched, &guard) {
            shared.finish(stop);
        }
    }
    stats.reductions = scheduler.reductions;
    stats
}

/// Work from the shared queue, else stolen from another scheduler.
fn find_work(
    shared: &Shared<'_>,
    index: usize,
    local: &Worker<CellPtr>,
    stats: &mut SchedulerStats,
) -> Option<CellPtr> {
    loop {
        match shared.vm.run_queue.steal_batch_and_pop(local) {
            Steal::Success(cell) => return Some(cell),
            Steal::Retry => continue,
            Steal::Empty => break,
        }
    }
    let n = shared.stealers.len();
    for offset in 1..n {
        let stealer = &shared.stealers[(index + offset) % n];
        loop {
            match stealer.steal_batch_and_pop(local) {
                Steal::Success(cell) => {
                    stats.steals += 1;
                    return Some(cell);
                }
                Steal::Retry => continue,
                Steal::Empty => break,
            }
        }
    }
    None
}
