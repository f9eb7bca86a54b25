//! Several schedulers, one OS thread each (ARCHITECTURE.md, decision 6).
//!
//! A process made runnable on a scheduler thread (woken by a message, or
//! yielding) goes into that scheduler's own queue, so a conversation between
//! processes stays on one core and its caches; runnable processes from
//! elsewhere enter the VM's shared queue (an injector). A scheduler runs its
//! own queue first, then takes a batch from the shared queue, then steals a
//! batch from another scheduler, and then parks ([`super::idle`]) until work
//! arrives or its next timer is due.
//!
//! A process woken on a scheduler thread goes first into that scheduler's
//! run-next slot, not the back of its queue: the scheduler runs it as soon
//! as the current time slice ends, as BEAM and Go do. In a conversation
//! (ping-pong, a token ring) the sender usually waits right after the send,
//! so the receiver runs next on the same core, its message still in cache,
//! and no other scheduler is woken only to find nothing to steal. The slot
//! is not stealable, so filling it wakes nobody; a process it displaces
//! moves to the queue, where others can steal it, and they are woken for
//! it. A chain of processes run from the slot shares one budget of
//! reductions (the one the first of them began with); once it is spent,
//! the process in the slot goes to the back of the queue, so that a pair
//! bouncing messages cannot starve the rest of the queue. A process whose
//! receive timer fires starts a fresh chain: it runs next, however long
//! the queue, so that timeouts stay on time when many processes are
//! runnable.
//!
//! The run ends when the watched process ends, when `halt` is called, when
//! every scheduler is asleep after `init:stop/0,1` asked to stop, or when
//! every scheduler is asleep with no timer pending anywhere, no line being
//! read and no terminal a person can act from: then no process can ever run
//! again (a deadlock, reported as such).

use super::{Scheduler, Stop, SLICES_PER_PIN};
use crate::process::table::{CellPtr, SchedulerThread};
use crate::term::Term;
use crate::vm::Vm;
use crossbeam_deque::{Steal, Stealer, Worker};
use crossbeam_epoch as epoch;
use std::cell::{Cell, RefCell};
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
    /// The run-next slot of the scheduler running on this thread.
    static RUN_NEXT: Cell<Option<CellPtr>> = const { Cell::new(None) };
    /// This scheduler's `backlog` flag, as it last set it: whether a lone
    /// process in its queue may be stolen.
    static BACKLOGGED: Cell<bool> = const { Cell::new(false) };
}

/// Whether another scheduler may steal from `queue`, this thread's (see
/// [`STEAL_FROM`]): only then is waking an idle one for it worth a
/// system call.
fn stealable(queue: &Worker<CellPtr>) -> bool {
    queue.len() >= STEAL_FROM || BACKLOGGED.get()
}

/// Puts a process just woken on this thread in its scheduler's run-next
/// slot (a process already there moves to the queue). Returns whether a
/// process became stealable (others should be woken for it); gives the
/// process back when this thread runs no scheduler of a pool.
pub(crate) fn push_next(cell: CellPtr) -> Result<bool, CellPtr> {
    LOCAL_QUEUE.with(|slot| match slot.borrow().as_ref() {
        Some(queue) => match RUN_NEXT.replace(Some(cell)) {
            Some(displaced) => {
                queue.push(displaced);
                Ok(stealable(queue))
            }
            None => Ok(false),
        },
        None => Err(cell),
    })
}

/// Puts a runnable process in this thread's scheduler queue. Returns
/// whether another scheduler may now steal from the queue (an idle one
/// should be woken for it): a lone process is left to this scheduler,
/// which is awake, so a process that ends its time slice and goes back to
/// an otherwise empty queue wakes nobody. Gives the process back when this
/// thread runs no scheduler of a pool.
pub(crate) fn push_local(cell: CellPtr) -> Result<bool, CellPtr> {
    LOCAL_QUEUE.with(|slot| match slot.borrow().as_ref() {
        Some(queue) => {
            queue.push(cell);
            Ok(stealable(queue))
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
    /// For each scheduler, whether a process waited in its queue through
    /// most of a time slice of another: that process wants a core, so an
    /// idle scheduler may steal it even alone (see [`STEAL_FROM`]).
    backlog: Vec<crossbeam_utils::CachePadded<AtomicBool>>,
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

    /// Whether there is work this scheduler could take: in the shared
    /// queue, or surplus in another's (see [`STEAL_FROM`]).
    fn has_work(&self) -> bool {
        !self.vm.run_queue.is_empty() || (0..self.stealers.len()).any(|index| self.may_steal_from(index))
    }

    /// Whether scheduler `index` has work to spare.
    fn may_steal_from(&self, index: usize) -> bool {
        let queued = self.stealers[index].len();
        queued >= STEAL_FROM || (queued > 0 && self.backlog[index].load(Ordering::Acquire))
    }
}

/// Runs the VM's processes on `n_schedulers` threads until `watched` ends,
/// `halt` is called, `init:stop/0,1` is answered, or nothing can run any
/// more.
pub fn run_pool(vm: &Vm, watched: Term, n_schedulers: usize) -> (Stop, Vec<SchedulerStats>) {
    let n_schedulers = n_schedulers.max(1);
    let workers: Vec<Worker<CellPtr>> = (0..n_schedulers).map(|_| Worker::new_fifo()).collect();
    let shared = Shared {
        vm,
        watched,
        stealers: workers.iter().map(Worker::stealer).collect(),
        backlog: (0..n_schedulers).map(|_| Default::default()).collect(),
        stopping: AtomicBool::new(false),
        stop: Mutex::new(None),
    };
    vm.set_run_queues(shared.stealers.clone());
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
    vm.set_run_queues(Vec::new());
    let stop = shared.stop.lock().unwrap_or_else(|p| p.into_inner()).unwrap_or(Stop::Deadlock);
    (stop, stats)
}

/// How many times a scheduler that finds no work looks again before it
/// parks, pausing [`SPINS_PER_ROUND`] spin-loop hints between looks: a few
/// tens of microseconds in all.
const SPIN_ROUNDS: u32 = 16;

/// Spin-loop hints between two looks for work.
const SPINS_PER_ROUND: u32 = 16;

/// The fewest processes a scheduler's queue must hold for another to steal
/// from it. A lone process is left to its owner, which is awake (a
/// scheduler parks only with an empty queue) and runs it when its current
/// slice ends: a process just spawned starts on its parent's core, as on
/// BEAM, instead of racing its parent's next steps (a `monitor/2` right
/// after the spawn) from an idle scheduler that steals at once. Once the
/// owner has run most of a time slice of another process while the lone
/// one waited, the wait is real: the owner marks its queue (`backlog`) and
/// wakes an idle scheduler, which may then steal it, so that two busy
/// processes use two cores.
const STEAL_FROM: usize = 2;

/// One scheduler thread's loop.
fn schedule(shared: &Shared<'_>, index: usize, local: Worker<CellPtr>) -> SchedulerStats {
    LOCAL_QUEUE.with(|slot| *slot.borrow_mut() = Some(local));
    let _stripe = SchedulerThread::enter(index);
    let stats = schedule_loop(shared, index);
    // Processes still queued here are dropped with the queue.
    RUN_NEXT.set(None);
    BACKLOGGED.set(false);
    LOCAL_QUEUE.with(|slot| slot.borrow_mut().take());
    stats
}

fn schedule_loop(shared: &Shared<'_>, index: usize) -> SchedulerStats {
    let vm = shared.vm;
    let mut scheduler = Scheduler::new();
    let mut stats = SchedulerStats::default();
    let mut guard = epoch::pin();
    // Reductions spent since the last process taken from a queue: the
    // budget the processes run from the run-next slot share.
    let mut streak: u64 = 0;
    let budget = u64::from(vm.config.reductions);
    // Rounds of looking for work in vain since the last slice.
    let mut idle_rounds = 0u32;
    while !shared.stopping.load(Ordering::Acquire) {
        if scheduler.fire_timers(vm) {
            // A process whose timer fired is in the run-next slot: it runs
            // next whatever the chain before it spent, so that a timeout
            // is not late by a whole queue of runnable processes (100,000
            // of them once a process with as many links has ended).
            streak = 0;
        }
        let mut from_slot = false;
        let next = match RUN_NEXT.take() {
            Some(cell) if streak < budget => {
                from_slot = true;
                Some(cell)
            }
            Some(cell) => {
                // The chain's budget is spent: to the back of the queue.
                // Nobody is woken; this scheduler is about to take work.
                LOCAL_QUEUE.with(|slot| slot.borrow().as_ref().map(|queue| queue.push(cell)));
                None
            }
            None => None,
        };
        let next = next.or_else(pop_local).or_else(|| {
            LOCAL_QUEUE
                .with(|slot| slot.borrow().as_ref().and_then(|local| find_work(shared, index, local, &mut stats)))
        });
        let Some(cell) = next else {
            if idle_rounds < SPIN_ROUNDS {
                // Look again shortly before parking: a producer on another
                // scheduler (a process spawning, a ring's token) usually
                // makes work again within microseconds, and a park and a
                // wake-up cost two system calls.
                idle_rounds += 1;
                for _ in 0..SPINS_PER_ROUND {
                    std::hint::spin_loop();
                }
                continue;
            }
            idle_rounds = 0;
            stats.sleeps += 1;
            let deadline = vm.wake_deadline(scheduler.timers.next_deadline());
            // Parked unpinned, so that cells freed meanwhile are not held up.
            guard.repin_after(|| {
                vm.idle.sleep(
                    deadline,
                    || shared.has_work() || shared.stopping.load(Ordering::Acquire),
                    |sleeping| {
                        if sleeping != shared.stealers.len() {
                            return false;
                        }
                        // Every process idle ends a run that init:stop
                        // asked to end, whatever could still wake one.
                        // Otherwise a distributed node can be woken by
                        // another node at any time, a BIF timer keeps the
                        // run going while it can still do something (see
                        // `crate::timer`), and so does a line being read
                        // (see `crate::input`).
                        let stop = if let Some(status) = vm.stop_requested() {
                            Stop::Halt(status)
                        } else if vm.pending_timers() == 0
                            && !vm.dist.is_alive()
                            && !vm.bif_timers.keeps_alive(vm)
                            && !vm.input.keeps_alive()
                        {
                            if vm.processes.get(shared.watched).is_none() {
                                Stop::WatchedEnded { crashed: false }
                            } else {
                                Stop::Deadlock
                            }
                        } else {
                            return false;
                        };
                        let mut slot = shared.stop.lock().unwrap_or_else(|p| p.into_inner());
                        slot.get_or_insert(stop);
                        shared.stopping.store(true, Ordering::SeqCst);
                        vm.idle.notify_all_while_locked();
                        true
                    },
                )
            });
            continue;
        };
        idle_rounds = 0;
        stats.slices += 1;
        if stats.slices.is_multiple_of(u64::from(SLICES_PER_PIN)) {
            super::repin(&mut guard);
        }
        let before = scheduler.reductions;
        // Processes waiting in this queue as the slice starts: the one
        // that runs now goes back to the queue if it yields.
        let waited = !shared.stealers[index].is_empty();
        if let Some(stop) = scheduler.run_slice(vm, cell, shared.watched, &guard) {
            shared.finish(stop);
        }
        let spent = scheduler.reductions - before;
        vm.count_slice(index, spent);
        streak = if from_slot { streak + spent } else { spent };
        // A process ran most of a slice while another waited in this
        // queue: the waiting one may go to an idle core, which is woken.
        let waiting = waited && !shared.stealers[index].is_empty() && 2 * spent >= budget;
        BACKLOGGED.set(waiting);
        if shared.backlog[index].swap(waiting, Ordering::AcqRel) != waiting && waiting {
            vm.idle.notify();
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
            Steal::Success(cell) => {
                wake_another_if_more(shared);
                return Some(cell);
            }
            Steal::Retry => continue,
            Steal::Empty => break,
        }
    }
    let n = shared.stealers.len();
    for offset in 1..n {
        let victim = (index + offset) % n;
        let stealer = &shared.stealers[victim];
        if !shared.may_steal_from(victim) {
            continue;
        }
        loop {
            match stealer.steal_batch_and_pop(local) {
                Steal::Success(cell) => {
                    stats.steals += 1;
                    wake_another_if_more(shared);
                    return Some(cell);
                }
                Steal::Retry => continue,
                Steal::Empty => break,
            }
        }
    }
    None
}

/// After taking work from elsewhere: when more is left to take, wakes
/// another sleeping scheduler for it (a wake-up covers one scheduler; see
/// `Idle`).
fn wake_another_if_more(shared: &Shared<'_>) {
    if shared.stealers.len() > 2 && shared.has_work() {
        shared.vm.idle.notify();
    }
}
