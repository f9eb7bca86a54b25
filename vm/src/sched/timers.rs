//! Receive timers of the processes one scheduler runs.
//!
//! A timer is (deadline, id, pid). Cancelling is free: the process
//! forgets the id (`Process::timer`), and a timer whose id no longer
//! matches does nothing when it comes due, so a cancelled timer never fires.
//! A timer names its process by pid, not by cell, because the process may
//! end (and its cell be freed) before the timer is due.

use crate::term::Term;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, Instant};

struct Entry {
    deadline: Instant,
    id: u64,
    pid: Term,
}

impl PartialEq for Entry {
    fn eq(&self, other: &Entry) -> bool {
        (self.deadline, self.id) == (other.deadline, other.id)
    }
}
impl Eq for Entry {}
impl PartialOrd for Entry {
    fn partial_cmp(&self, other: &Entry) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Entry {
    fn cmp(&self, other: &Entry) -> std::cmp::Ordering {
        (self.deadline, self.id).cmp(&(other.deadline, other.id))
    }
}

/// The pending receive timers, soonest first.
#[derive(Default)]
pub struct Timers {
    heap: BinaryHeap<Reverse<Entry>>,
}

impl Timers {
    /// Starts timer `id` for the process `pid`, due after `after`. Ids must be unique
    /// across the VM (a process's successive timers may live on different
    /// schedulers): see `Vm::next_timer_id`.
    pub fn start(&mut self, id: u64, pid: Term, after: Duration) {
        let deadline = Instant::now()
            .checked_add(after)
            .unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400 * 365 * 100));
        self.heap.push(Reverse(Entry { deadline, id, pid }));
    }

    /// Takes every timer due by `now`: (id, pid).
    pub fn due(&mut self, now: Instant) -> Vec<(u64, Term)> {
        let mut due = Vec::new();
        while self.heap.peek().is_some_and(|Reverse(entry)| entry.deadline <= now) {
            let Reverse(entry) = self.heap.pop().expect("peeked");
            due.push((entry.id, entry.pid));
        }
        due
    }

    /// When the soonest timer is due.
    pub fn next_deadline(&self) -> Option<Instant> {
        self.heap.peek().map(|Reverse(entry)| entry.deadline)
    }

    /// Whether no timer is pending.
    pub fn is_empty(&self) -> bool {
        self.heap.is_empty()
    }
}
