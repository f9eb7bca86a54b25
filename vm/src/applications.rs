//! When OTP's application controller starts: on first use.
//!
//! OTP's `init` starts `application_controller` at boot, with the
//! `kernel` application loaded, then starts `kernel` and `stdlib`. girder
//! runs OTP's own `application_controller` and `application` (they are
//! Erlang), but starting them costs more than the rest of a small
//! program's start together (loading a dozen modules), so girder starts
//! them the first time a process calls a function of
//! `application_controller` (every function of `application` goes
//! through one; the controller's table `ac_tab` and its registered name
//! exist only from then). The interpreter asks [`KernelBoot::redirect`]
//! before it resolves such a call, and while the kernel is not running
//! the call goes instead to girder's `init:boot_kernel/2` (the first
//! caller, which starts it) or `init:await_kernel/2` (any other, which
//! waits for it), each of which makes the call once the kernel runs
//! (`bin/stdlib/init.erl`). `ARCHITECTURE.md`, "Applications", has the
//! whole design.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// Where the start of the kernel application stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Nobody has called `application_controller` yet.
    NotStarted,
    /// A process (its pid's word) is starting the kernel application.
    Starting(u64),
    /// The kernel application runs, or could not be started: calls go
    /// through as they are.
    Settled,
}

/// What a call into `application_controller` must do first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redirect {
    /// Start the kernel application, then make the call (`init:boot_kernel/2`).
    Boot,
    /// Wait until another process has started it, then make the call
    /// (`init:await_kernel/2`).
    Await,
}

/// The start of the kernel application, shared by every scheduler.
pub struct KernelBoot {
    /// Set once the state is [`State::Settled`]: the one load a call
    /// makes once the kernel runs.
    settled: AtomicBool,
    state: Mutex<State>,
}

impl Default for KernelBoot {
    fn default() -> KernelBoot {
        KernelBoot { settled: AtomicBool::new(false), state: Mutex::new(State::NotStarted) }
    }
}

impl KernelBoot {
    /// Whether calls into `application_controller` go through as they are.
    #[inline]
    pub fn settled(&self) -> bool {
        self.settled.load(Ordering::Acquire)
    }

    /// What the call of process `caller` into `application_controller`
    /// must do first, if anything. `exempt` says whether a process is part
    /// of the start (the controller itself, whose `gen_server` loop calls
    /// its own module); `alive` whether the starting process still lives
    /// (when it has died, the next caller starts again). The first caller
    /// is told to [`Redirect::Boot`] and becomes the starter.
    pub fn redirect(&self, caller: u64, exempt: impl Fn() -> bool, alive: impl Fn(u64) -> bool) -> Option<Redirect> {
        if self.settled() {
            return None;
        }
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        match *state {
            State::Settled => None,
            State::Starting(starter) if starter == caller => None,
            State::Starting(starter) if alive(starter) => (!exempt()).then_some(Redirect::Await),
            State::NotStarted | State::Starting(_) => {
                *state = State::Starting(caller);
                Some(Redirect::Boot)
            }
        }
    }

    /// Hands the start over from process `from` to process `to` (the
    /// first caller spawns the process that starts the kernel and stays
    /// as OTP's `init` stays). False when `from` is not the starter.
    pub fn hand_over(&self, from: u64, to: u64) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if *state != State::Starting(from) {
            return false;
        }
        *state = State::Starting(to);
        true
    }

    /// Ends the start, by process `starter`, whether the kernel runs or
    /// could not be started: from now on calls go through as they are.
    /// False when `starter` is not the starter.
    pub fn settle(&self, starter: u64) -> bool {
        let mut state = self.state.lock().unwrap_or_else(|p| p.into_inner());
        if *state != State::Starting(starter) {
            return false;
        }
        *state = State::Settled;
        self.settled.store(true, Ordering::Release);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_caller_starts_and_the_others_wait() {
        let boot = KernelBoot::default();
        assert_eq!(boot.redirect(1, || false, |_| true), Some(Redirect::Boot));
        assert_eq!(boot.redirect(1, || false, |_| true), None);
        assert_eq!(boot.redirect(2, || false, |_| true), Some(Redirect::Await));
        assert_eq!(boot.redirect(2, || true, |_| true), None);
        assert!(!boot.hand_over(2, 3));
        assert!(boot.hand_over(1, 3));
        assert_eq!(boot.redirect(3, || false, |_| true), None);
        assert_eq!(boot.redirect(1, || false, |_| true), Some(Redirect::Await));
        assert!(!boot.settle(1));
        assert!(boot.settle(3));
        assert!(boot.settled());
        assert_eq!(boot.redirect(4, || false, |_| true), None);
    }

    #[test]
    fn a_starter_that_died_is_replaced_by_the_next_caller() {
        let boot = KernelBoot::default();
        assert_eq!(boot.redirect(1, || false, |_| true), Some(Redirect::Boot));
        assert_eq!(boot.redirect(2, || false, |_| false), Some(Redirect::Boot));
        assert!(boot.settle(2));
    }
}
