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
//!
//! At most one wake-up is on its way at a time: `waking` is set by the
//! notifier that sends one and cleared by whichever scheduler next leaves
//! [`Idle::sleep`] (woken, timed out, or finding work before it slept), which
//! then looks for work itself. Work made while a wake-up is on its way is
//! found by that scheduler, so a producer that makes work in a tight loop
//! (a process spawning thousands) costs one wake-up, not one each. A
//! notifier that finds no scheduler asleep under the lock clears the flag
//! itself, so it never stays set with nobody to clear it.
//!
//! Threads: any thread may call [`Idle::notify`]; schedulers call
//! [`Idle::sleep`].

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex};
use std::time::Instant;

/// The sleeping schedulers of one VM.
///
/// Every enqueue reads `sleeping`, so the VM keeps this on cache lines of
/// its own (`Vm::idle` is padded).
#[derive(Default)]
pub struct Idle {
    lock: Mutex<()>,
    wake: Condvar,
    sleeping: AtomicUsize,
    /// A wake-up was sent and no scheduler has left `sleep` since.
    waking: AtomicBool,
}

impl Idle {
    /// Wakes one sleeping scheduler, if any; call after making work.
    pub fn notify(&self) {
        if self.sleeping.load(Ordering::SeqCst) == 0 || self.waking.swap(true, Ordering::SeqCst) {
            return;
        }
        let _guard = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        if self.sleeping.load(Ordering::SeqCst) == 0 {
            // Everyone left `sleep` meanwhile, and looks for work now.
            self.waking.store(false, Ordering::SeqCst);
        } else {
            // A scheduler counted asleep is waiting, or has stopped waiting
            // and wants the lock to leave: either way it clears `waking`
            // once it leaves, and then looks for work.
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
            self.waking.store(false, Ordering::SeqCst);
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
        self.waking.store(false, Ordering::SeqCst);
        drop(guard);
    }
}

#[cfg(test)]
mod tests {
    //! The parking protocol under stress, with the one wake-up in flight at
    //! a time: producers that are not schedulers (as a distribution thread
    //! is) make work one item at a time and notify; sleepers wait with no
    //! deadline, so a lost wake-up would leave work undone for ever, and
    //! the test would fail on its time limit.

    use super::*;
    use std::sync::atomic::AtomicBool;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn no_work_is_stranded_while_everyone_sleeps() {
        const SLEEPERS: usize = 3;
        const PRODUCERS: usize = 2;
        const ITEMS: usize = 20_000;
        let idle = Arc::new(Idle::default());
        let work = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(AtomicBool::new(false));
        let sleepers: Vec<_> = (0..SLEEPERS)
            .map(|_| {
                let (idle, work, done, stop) = (idle.clone(), work.clone(), done.clone(), stop.clone());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::SeqCst) {
                        let available = work.load(Ordering::SeqCst);
                        if available > 0 {
                            if work
                                .compare_exchange(available, available - 1, Ordering::SeqCst, Ordering::SeqCst)
                                .is_ok()
                            {
                                done.fetch_add(1, Ordering::SeqCst);
                            }
                            continue;
                        }
                        idle.sleep(None, || work.load(Ordering::SeqCst) > 0 || stop.load(Ordering::SeqCst), |_| false);
                    }
                })
            })
            .collect();
        let producers: Vec<_> = (0..PRODUCERS)
            .map(|producer| {
                let (idle, work) = (idle.clone(), work.clone());
                std::thread::spawn(move || {
                    let mut seed = producer as u64 + 11;
                    for _ in 0..ITEMS {
                        work.fetch_add(1, Ordering::SeqCst);
                        idle.notify();
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        if seed.is_multiple_of(16) {
                            // Let the sleepers drain and park now and then.
                            std::thread::sleep(Duration::from_micros(seed % 50));
                        }
                    }
                })
            })
            .collect();
        for producer in producers {
            producer.join().unwrap();
        }
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        while done.load(Ordering::SeqCst) < PRODUCERS * ITEMS {
            assert!(
                std::time::Instant::now() < deadline,
                "work left undone: {} of {} items, {} waiting",
                done.load(Ordering::SeqCst),
                PRODUCERS * ITEMS,
                work.load(Ordering::SeqCst)
            );
            std::thread::sleep(Duration::from_millis(1));
        }
        stop.store(true, Ordering::SeqCst);
        idle.notify_all();
        for sleeper in sleepers {
            sleeper.join().unwrap();
        }
        assert_eq!(work.load(Ordering::SeqCst), 0);
    }
}
