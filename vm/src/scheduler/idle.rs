//! Parking idle schedulers without ever losing a wake-up.
//!
//! Protocol: a scheduler that finds no work takes the lock, counts itself
//! asleep, looks at the run queues once more, and only then waits on the
//! condition variable. Whoever makes work (a push to a run queue) checks the
//! sleeper count afterwards and, when a scheduler sleeps, notifies under
//! the same lock. Either the sleeper's last look sees the work, or the
//! pusher sees the sleeper and its notification arrives after the wait
//! began: no wake-up is lost. Waits also end at the scheduler's next timer
//! deadline.
//!
//! Threads: any thread may call [`Idle::notify`]; schedulers call
//! [`Idle::sleep`].

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

/// The sleeping schedulers of one VM.
#[derive(Default)]
pub struct Idle {
    lock: Mutex<()>,
    wake: Condvar,
    sleeping: AtomicUsize,
}

impl Idle {
    /// Wakes one sleeping scheduler, if any; call after making work.
    pub fn notify(&self) {
        if self.sleeping.load(Ordering::SeqCst) > 0 {
            let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
            self.wake.notify_one();
        }
    }

    /// Wakes every sleeping scheduler (to stop).
    pub fn notify_all(&self) {
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        self.wake.notify_all();
    }

    /// Wakes every sleeping scheduler from inside the `all_asleep` callback
    /// of [`Idle::sleep`], which runs with the lock held.
    pub fn notify_all_while_locked(&self) {
        self.wake.notify_all();
    }

    /// Sleeps until notified or `deadline`, unless `has_work` (checked
    /// after counting this scheduler asleep) says there is work.
    /// `all_asleep` is called, still under the lock, with the number of
    /// sleeping schedulers including this one; returning true means the
    /// caller should not sleep (for example, to declare a deadlock).
    pub fn sleep(
        &self,
        deadline: Option<Instant>,
        has_work: impl Fn() -> bool,
        all_asleep: impl FnOnce(usize) -> bool,
    ) {
        let guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let sleeping = self.sleeping.fetch_add(1, Ordering::SeqCst) + 1;
        if has_work() || all_asleep(sleeping) {
            self.sleeping.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let guard = match deadline {
            Some(deadline) => {
                let timeout = deadline.saturating_duration_since(Instant::now());
                self.wake.wait_timeout(guard, timeout).unwrap_or_else(|p| p.into_inner()).0
            }
            None => self.wake.wait(guard).unwrap_or_else(|p| p.into_inner()),
        };
        self.sleeping.fetch_sub(1, Ordering::SeqCst);
        drop(guard);
    }
}
