//! Every live process, by pid; the shared half of a process; the registry
//! of names.
//!
//! A process has two halves. [`ProcessCell`] is shared: any thread may push
//! to its inbox and wake it. The [`Process`] inside (heap, registers,
//! mailbox, links) is behind a mutex that the scheduler running it holds for
//! the whole time slice; senders never take it (they only touch the inbox and
//! the state word), so a send never waits for the receiver.
//!
//! The state word follows this machine (see `spec/SEMANTICS.md`):
//!
//! ```text
//!            wake (a signal or a timer)
//!   WAITING ───────────────────────────▶ RUNNABLE ──(dequeued)──▶ RUNNING
//!      ▲                                    ▲                        │
//!      └──────────── wait ──────────────────┼──────── yield ─────────┤
//!                                           │                        └── exit ──▶ EXITED
//! ```
//!
//! Only the transition WAITING → RUNNABLE is contended, and it is a
//! compare-and-swap: exactly one waker enqueues the process.

use crate::process::Process;
use crate::term::{Atom, Term};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

/// The state of a process, as the scheduler sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum State {
    /// In a run queue, or about to be put in one.
    Runnable = 0,
    /// Being run by a scheduler.
    Running = 1,
    /// Blocked in `receive`, in no run queue.
    Waiting = 2,
    /// Ended; its pid names no process any more.
    Exited = 3,
}

/// The shared half of a process.
pub struct ProcessCell {
    /// The process's pid.
    pub pid: Term,
    /// Signals to the process.
    pub inbox: crate::inbox::Inbox,
    state: AtomicU8,
    process: Mutex<Process>,
}

impl ProcessCell {
    /// A cell for a process that is about to be put in a run queue.
    pub fn new(process: Process) -> ProcessCell {
        ProcessCell {
            pid: process.pid,
            inbox: crate::inbox::Inbox::default(),
            state: AtomicU8::new(State::Runnable as u8),
            process: Mutex::new(process),
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        match self.state.load(Ordering::Acquire) {
            0 => State::Runnable,
            1 => State::Running,
            2 => State::Waiting,
            _ => State::Exited,
        }
    }

    /// Sets the state; only the scheduler that owns the process calls this.
    pub fn set_state(&self, state: State) {
        self.state.store(state as u8, Ordering::SeqCst);
    }

    /// Moves a waiting process to runnable; true for exactly one caller,
    /// which must then put the process in a run queue.
    pub fn try_wake(&self) -> bool {
        self.state
            .compare_exchange(State::Waiting as u8, State::Runnable as u8, Ordering::SeqCst, Ordering::SeqCst)
            .is_ok()
    }

    /// Locks the private half without waiting; `None` while another
    /// thread holds it (the process is running, or being inspected).
    ///
    /// A process that holds its own lock must use this, never [`Self::lock`],
    /// for another process: two processes inspecting each other on two
    /// schedulers would otherwise wait for each other forever.
    pub fn try_lock(&self) -> Option<MutexGuard<'_, Process>> {
        match self.process.try_lock() {
            Ok(guard) => Some(guard),
            Err(std::sync::TryLockError::Poisoned(poisoned)) => Some(poisoned.into_inner()),
            Err(std::sync::TryLockError::WouldBlock) => None,
        }
    }

    /// Locks the private half, waiting for it. The scheduler holds it while
    /// running the process. Only callers that hold no process lock may wait.
    pub fn lock(&self) -> MutexGuard<'_, Process> {
        self.process.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

const SHARDS: usize = 64;

/// Every live process, by pid serial.
pub struct ProcessTable {
    shards: Vec<RwLock<HashMap<u64, Arc<ProcessCell>>>>,
    live: AtomicUsize,
    peak: AtomicUsize,
}

impl Default for ProcessTable {
    fn default() -> ProcessTable {
        ProcessTable {
            shards: (0..SHARDS).map(|_| RwLock::new(HashMap::new())).collect(),
            live: AtomicUsize::new(0),
            peak: AtomicUsize::new(0),
        }
    }
}

impl ProcessTable {
    fn shard(&self, serial: u64) -> &RwLock<HashMap<u64, Arc<ProcessCell>>> {
        &self.shards[(serial as usize) % SHARDS]
    }

    /// Adds a process, unless `limit` processes are alive already.
    pub fn insert(&self, cell: Arc<ProcessCell>, limit: usize) -> Result<(), Arc<ProcessCell>> {
        let live = self.live.fetch_add(1, Ordering::AcqRel) + 1;
        if live > limit {
            self.live.fetch_sub(1, Ordering::AcqRel);
            return Err(cell);
        }
        self.peak.fetch_max(live, Ordering::Relaxed);
        let serial = cell.pid.pid_serial().expect("a local pid");
        self.shard(serial).write().unwrap_or_else(|p| p.into_inner()).insert(serial, cell);
        Ok(())
    }

    /// The live process with this pid.
    pub fn get(&self, pid: Term) -> Option<Arc<ProcessCell>> {
        let serial = pid.pid_serial()?;
        self.shard(serial).read().unwrap_or_else(|p| p.into_inner()).get(&serial).cloned()
    }

    /// Removes a process that ended.
    pub fn remove(&self, pid: Term) {
        if let Some(serial) = pid.pid_serial() {
            if self.shard(serial).write().unwrap_or_else(|p| p.into_inner()).remove(&serial).is_some() {
                self.live.fetch_sub(1, Ordering::AcqRel);
            }
        }
    }

    /// How many processes are alive.
    pub fn live(&self) -> usize {
        self.live.load(Ordering::Acquire)
    }

    /// The most processes alive at once.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::Relaxed)
    }

    /// The pids of all live processes, in spawn order.
    pub fn pids(&self) -> Vec<Term> {
        let mut serials: Vec<u64> = self
            .shards
            .iter()
            .flat_map(|shard| shard.read().unwrap_or_else(|p| p.into_inner()).keys().copied().collect::<Vec<_>>())
            .collect();
        serials.sort_unstable();
        serials.into_iter().map(Term::pid).collect()
    }
}

/// Registered names.
#[derive(Default)]
pub struct Registry {
    names: Mutex<HashMap<Atom, Term>>,
}

impl Registry {
    /// Registers `name` for `pid`; false when the name is taken.
    pub fn register(&self, name: Atom, pid: Term) -> bool {
        let mut names = self.names.lock().unwrap_or_else(|p| p.into_inner());
        if names.contains_key(&name) {
            return false;
        }
        names.insert(name, pid);
        true
    }

    /// Removes `name`; returns the pid it named.
    pub fn unregister(&self, name: Atom) -> Option<Term> {
        self.names.lock().unwrap_or_else(|p| p.into_inner()).remove(&name)
    }

    /// The pid registered under `name`.
    pub fn whereis(&self, name: Atom) -> Option<Term> {
        self.names.lock().unwrap_or_else(|p| p.into_inner()).get(&name).copied()
    }

    /// Every (name, pid), sorted by name.
    pub fn entries(&self) -> Vec<(Atom, Term)> {
        let mut entries: Vec<(Atom, Term)> =
            self.names.lock().unwrap_or_else(|p| p.into_inner()).iter().map(|(&n, &p)| (n, p)).collect();
        entries.sort_by(|a, b| a.0.name().cmp(b.0.name()));
        entries
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;

    /// The sizes ARCHITECTURE.md quotes; a change that grows them should
    /// say why (DESIGN decision 7: a process is small).
    #[test]
    fn a_process_stays_small() {
        assert_eq!(std::mem::size_of::<Process>(), 184);
        assert_eq!(std::mem::size_of::<ProcessCell>(), 224);
        assert_eq!(std::mem::size_of::<crate::heap::Heap>(), 40);
        assert_eq!(std::mem::size_of::<crate::mailbox::Mailbox>(), 40);
        assert_eq!(std::mem::size_of::<crate::inbox::Inbox>(), 16);
    }
}
