//! BIF timers: the timers of `erlang:send_after/3,4`, `erlang:start_timer/3,4`
//! and of the `timer` module, and the clock they and `erlang:monotonic_time`
//! count by.
//!
//! # Design
//!
//! One service per VM ([`Vm::bif_timers`]) holds every BIF timer, keyed by
//! the number of the reference the BIF returned, so that a timer is found
//! from any process on any scheduler: `cancel_timer` from a process other
//! than the one that started it, on another thread, is one lookup. A timer
//! is a deadline on the monotonic clock (nanoseconds since the VM's clock
//! started, when the VM was made), an action, and what may end it early. The action is what
//! OTP's timers do when they fire: send a message (copied out of the
//! starter's heap when the timer starts, as OTP does, so the timer never
//! refers to a heap; the message's fragment keeps its off-heap binaries
//! counted), spawn `M:F(Args)`, or send an exit signal (the `timer`
//! module's `apply_after/4` and `exit_after/3`).
//!
//! Under one mutex the service keeps the timers by reference number and an
//! ordered set of (deadline, number), soonest first; the soonest deadline is
//! also published in an atomic word, so a scheduler looks at it between
//! time slices without the lock, reading the clock only while a timer is
//! pending. Whichever scheduler finds a timer due fires it ([`fire_due`]):
//! it takes the due timers out under the lock, then acts on them outside it
//! (a send wakes a process, and waking may take the idle schedulers' lock,
//! which is never taken while the service's is held). One scheduler fires
//! at a time (a second lock, taken without waiting), so that timers due one
//! after the other reach their processes in deadline order. A repeating
//! timer (`timer:send_interval`) stays in the service, its next deadline one
//! period after the last; it fires at most once per look, so a period of 0
//! floods its process but never holds a scheduler.
//!
//! A timer whose destination is a local pid belongs to that process (its
//! *owner*): OTP cancels such a timer when the process ends. girder does not
//! make ending processes look for timers: a timer whose owner has ended is
//! found dead when it is due (it does nothing), when it is read or
//! cancelled (`false`, as OTP answers), when the service has doubled in
//! size since it last looked (every timer's owner is checked then, so that
//! the timers of ended processes never pile up), and when every scheduler
//! is idle ([`TimerService::keeps_alive`]).
//!
//! Pending timers keep the VM running as receive timers do: the schedulers
//! sleep no later than the soonest deadline, and the run is over (a
//! deadlock, or the watched process gone) only when no timer that can still
//! do something is pending. A timer whose owner has ended can do nothing, so
//! a program left waiting with only such timers ends at once, where erl
//! would wait for ever (girder's `run` ends with its entry process, as
//! escript does).
//!
//! [`Vm::bif_timers`]: crate::vm::Vm::bif_timers
//! [`fire_due`]: TimerService::fire_due

use crate::process::lifecycle;
use crate::process::mailbox::Message;
use crate::process::signal::{Payload, Signal};
use crate::process::table::State;
use crate::term::{build, Term};
use crate::vm::Vm;
use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

// ---- the clock ----

/// Erlang monotonic time at the VM's start, in nanoseconds: OTP 25's on a
/// 64-bit system (`erlang:system_info(start_time)`), so that monotonic
/// times, and the absolute times of timers, take the same values as on
/// erl.
pub const MONOTONIC_START_NANOS: i64 = -576_460_752_000_000_000;

/// The instant the VM's clock started, and the OS system time then in
/// nanoseconds since the Unix epoch.
fn origin() -> &'static (Instant, i64) {
    static ORIGIN: OnceLock<(Instant, i64)> = OnceLock::new();
    ORIGIN.get_or_init(|| (Instant::now(), os_system_nanos()))
}

/// Nanoseconds since the VM's clock started (the first reading of it,
/// when the VM is made): what timer deadlines count.
pub fn now_nanos() -> u64 {
    u64::try_from(origin().0.elapsed().as_nanos()).unwrap_or(u64::MAX)
}

/// Erlang monotonic time in nanoseconds.
pub fn monotonic_nanos() -> i64 {
    MONOTONIC_START_NANOS.saturating_add(i64::try_from(now_nanos()).unwrap_or(i64::MAX))
}

/// The time offset in nanoseconds: Erlang system time less monotonic time,
/// fixed for the VM's life (as in OTP's default `no_time_warp` mode).
pub fn time_offset_nanos() -> i64 {
    origin().1.saturating_sub(MONOTONIC_START_NANOS)
}

/// The OS's system time in nanoseconds since the Unix epoch (negative
/// before it).
pub fn os_system_nanos() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_nanos()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_nanos()).map_or(i64::MIN, |nanos| -nanos),
    }
}

/// The instant at `nanos` since the clock started.
fn instant_at(nanos: u64) -> Instant {
    let origin = origin().0;
    origin.checked_add(Duration::from_nanos(nanos)).unwrap_or_else(|| origin + Duration::from_secs(86_400 * 365 * 100))
}

/// The latest deadline a timer may have, in milliseconds after the VM's
/// start: OTP 25's bound (a little less than 2^63 nanoseconds).
pub const MAX_DEADLINE_MS: i64 = 9_223_372_035_000;

// ---- timers ----

/// What a timer does when it fires.
pub enum Action {
    /// Sends `message` to `to` (held in `to`'s payload when not an
    /// immediate): a local pid, a registered name (looked up when the timer
    /// fires; none by then drops the message), a remote pid, or `{Name,
    /// Node}`, which another node receives from `from`.
    Send {
        /// The destination.
        to: Payload,
        /// The message, copied when the timer started.
        message: Message,
        /// The process that started the timer.
        from: Term,
    },
    /// Spawns `Module:Function(Args)`: `mfa` is the tuple `{M, F, Args}`.
    Apply {
        /// `{M, F, Args}`.
        mfa: Payload,
    },
    /// Sends an exit signal with `reason` from `from` to `target` (a pid,
    /// or a name looked up when the timer fires).
    Exit {
        /// The process or name to end.
        target: Payload,
        /// The exit reason.
        reason: Payload,
        /// The process the signal comes from: the one that started the timer.
        from: Term,
    },
    /// Nothing: what `timer:apply_after(T, timer, send, Args)` does when
    /// `Args` is not `[Destination, Message]` (OTP's timer server catches
    /// the failing call).
    Nothing,
}

/// Which BIFs see a timer: `erlang:cancel_timer/1,2` and `read_timer/1,2`
/// see only the timers of `send_after` and `start_timer`, and
/// `timer:cancel/1` cancels the `timer` module's timers by the kind its
/// reference is tagged with, as OTP keeps them apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `erlang:send_after/3,4`, `erlang:start_timer/3,4` (and
    /// `timer:send_after/3` to a local pid, which calls `send_after`).
    Erlang,
    /// `timer:apply_after/4`, and `send_after/3` to anything else:
    /// `{once, Ref}`.
    Once,
    /// `timer:send_interval/3`, `timer:apply_interval/4`: `{interval, Ref}`.
    Interval,
}

/// One pending timer.
pub struct Timer {
    /// Which BIFs see it.
    pub kind: Kind,
    /// When it fires, in nanoseconds since the clock started ([`now_nanos`]).
    pub deadline: u64,
    /// For a repeating timer, the nanoseconds between firings.
    pub period: Option<u64>,
    /// A local process whose end cancels the timer.
    pub owner: Option<Term>,
    /// What it does.
    pub action: Action,
}

/// Whether the local process `pid` is alive (in the table and not ending).
fn alive(vm: &Vm, pid: Term) -> bool {
    vm.processes.get(pid).is_some_and(|cell| cell.state() != State::Exited)
}

impl Timer {
    /// Whether the timer can still do anything: it has no owner, or its
    /// owner is alive.
    fn live(&self, vm: &Vm) -> bool {
        match self.owner {
            Some(owner) => alive(vm, owner),
            None => true,
        }
    }
}

/// What one firing does, prepared under the service's lock and done
/// outside it.
enum Firing {
    /// Send this message.
    Send { to: Payload, message: Message, from: Term },
    /// Spawn `{M, F, Args}`.
    Apply { mfa: Payload },
    /// Send an exit signal.
    Exit { target: Payload, reason: Payload, from: Term },
    /// Nothing.
    Nothing,
}

impl Action {
    /// The firing of a one-shot timer: the action itself.
    fn into_firing(self) -> Firing {
        match self {
            Action::Send { to, message, from } => Firing::Send { to, message, from },
            Action::Apply { mfa } => Firing::Apply { mfa },
            Action::Exit { target, reason, from } => Firing::Exit { target, reason, from },
            Action::Nothing => Firing::Nothing,
        }
    }

    /// The firing of a repeating timer: copies, the action staying.
    fn copy_firing(&self) -> Firing {
        match self {
            Action::Send { to, message, from } => {
                Firing::Send { to: Payload::copy(to.term), message: Message::copy(message.term), from: *from }
            }
            Action::Apply { mfa } => Firing::Apply { mfa: Payload::copy(mfa.term) },
            Action::Exit { target, reason, from } => {
                Firing::Exit { target: Payload::copy(target.term), reason: Payload::copy(reason.term), from: *from }
            }
            Action::Nothing => Firing::Nothing,
        }
    }
}

impl Firing {
    /// Does what the timer was for.
    fn run(self, vm: &Vm) {
        match self {
            Firing::Send { to, message, from } => send(vm, to.term, message, from),
            Firing::Apply { mfa } => {
                if let Some(&[module, function, args]) = mfa.term.as_tuple() {
                    // As `catch spawn(M, F, A)`: a bad call, or no room for
                    // a process, does nothing.
                    if let Ok(start) = crate::process::start::mfa_start(vm, module, function, args) {
                        let _ = start.spawn(vm, None, lifecycle::SpawnOptions::default());
                    }
                }
            }
            Firing::Exit { target, reason, from } => {
                let pid = match target.term.as_atom() {
                    Some(name) => vm.registry.whereis(name),
                    None => target.term.is_pid().then_some(target.term),
                };
                if let Some(pid) = pid {
                    lifecycle::deliver(vm, pid, Signal::Exit { from, reason, linked: false });
                }
            }
            Firing::Nothing => {}
        }
    }
}

/// Sends a timer's message; what cannot be delivered is dropped.
fn send(vm: &Vm, to: Term, message: Message, from: Term) {
    let pid = if to.is_pid() {
        to
    } else if let Some(name) = to.as_atom() {
        match vm.registry.whereis(name) {
            Some(pid) => pid,
            None => return,
        }
    } else if let Some(&[name, node]) = to.as_tuple() {
        let (Some(name), Some(node)) = (name.as_atom(), node.as_atom()) else { return };
        if node != crate::term::node::this_node() {
            crate::dist::control::send_named(vm, from, name, node, message.term);
            return;
        }
        match vm.registry.whereis(name) {
            Some(pid) => pid,
            None => return,
        }
    } else {
        return;
    };
    lifecycle::deliver(vm, pid, Signal::Message(message));
}

/// The fewest timers at which the service checks every timer's owner.
const SWEEP_FLOOR: usize = 1024;

#[derive(Default)]
struct Inner {
    /// Every pending timer, by reference number.
    timers: HashMap<u64, Timer>,
    /// (deadline, reference number) of every pending timer.
    queue: BTreeSet<(u64, u64)>,
    /// The number of timers at which to check every owner again.
    sweep_at: usize,
}

impl Inner {
    /// Removes timer `number`.
    fn remove(&mut self, number: u64) -> Option<Timer> {
        let timer = self.timers.remove(&number)?;
        self.queue.remove(&(timer.deadline, number));
        Some(timer)
    }

    /// Removes the timers whose owner has ended.
    fn sweep(&mut self, vm: &Vm) {
        let dead: Vec<u64> =
            self.timers.iter().filter(|(_, timer)| !timer.live(vm)).map(|(&number, _)| number).collect();
        for number in dead {
            self.remove(number);
        }
        self.sweep_at = (2 * self.timers.len()).max(SWEEP_FLOOR);
    }
}

/// The BIF timers of one VM (see the module documentation).
pub struct TimerService {
    inner: Mutex<Inner>,
    /// Held by the scheduler firing timers, from taking them out to the
    /// end of their actions.
    firing: Mutex<()>,
    /// The soonest deadline, or `u64::MAX` when no timer is pending.
    next_due: AtomicU64,
    /// How many timers are pending.
    pending: AtomicUsize,
}

impl Default for TimerService {
    fn default() -> TimerService {
        TimerService {
            inner: Mutex::new(Inner { sweep_at: SWEEP_FLOOR, ..Inner::default() }),
            firing: Mutex::new(()),
            next_due: AtomicU64::new(u64::MAX),
            pending: AtomicUsize::new(0),
        }
    }
}

/// Milliseconds from `now` to `deadline`, rounded up (0 once due), as
/// `read_timer` and `cancel_timer` answer.
pub fn millis_left(deadline: u64, now: u64) -> u64 {
    deadline.saturating_sub(now).div_ceil(1_000_000)
}

impl TimerService {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Publishes the soonest deadline and the count, under the lock.
    fn publish(&self, inner: &Inner) {
        let next = inner.queue.first().map_or(u64::MAX, |&(deadline, _)| deadline);
        self.next_due.store(next, Ordering::Release);
        self.pending.store(inner.timers.len(), Ordering::Release);
    }

    /// Starts `timer` under reference number `number` (a number no other
    /// pending timer has: a fresh reference's).
    pub fn start(&self, vm: &Vm, number: u64, timer: Timer) {
        let mut inner = self.lock();
        inner.queue.insert((timer.deadline, number));
        if let Some(old) = inner.timers.insert(number, timer) {
            // Not for a fresh reference; keep the queue consistent anyway.
            inner.queue.remove(&(old.deadline, number));
        }
        if inner.timers.len() >= inner.sweep_at {
            inner.sweep(vm);
        }
        self.publish(&inner);
    }

    /// Cancels timer `number` of kind `kind`: the nanoseconds it had left,
    /// or `None` when there is no such timer (it fired, was cancelled, was
    /// never one, or its owner has ended).
    pub fn cancel(&self, vm: &Vm, number: u64, kind: Kind) -> Option<u64> {
        let mut inner = self.lock();
        if inner.timers.get(&number)?.kind != kind {
            return None;
        }
        let timer = inner.remove(number)?;
        self.publish(&inner);
        drop(inner);
        // The timer (and its message) is freed outside the lock.
        timer.live(vm).then(|| timer.deadline.saturating_sub(now_nanos()))
    }

    /// The nanoseconds timer `number` of kind `kind` has left, or `None`
    /// when there is no such timer (as for [`TimerService::cancel`]).
    pub fn read(&self, vm: &Vm, number: u64, kind: Kind) -> Option<u64> {
        let mut inner = self.lock();
        let timer = inner.timers.get(&number)?;
        if timer.kind != kind {
            return None;
        }
        if !timer.live(vm) {
            let dead = inner.remove(number);
            self.publish(&inner);
            drop(inner);
            drop(dead);
            return None;
        }
        Some(timer.deadline.saturating_sub(now_nanos()))
    }

    /// Fires every timer that is due, unless another scheduler is firing;
    /// whether any fired. Reads the clock only when a timer is pending.
    pub fn fire_due(&self, vm: &Vm) -> bool {
        let next = self.next_due.load(Ordering::Acquire);
        if next == u64::MAX {
            return false;
        }
        let now = now_nanos();
        if now < next {
            return false;
        }
        let Ok(_firing) = self.firing.try_lock() else { return false };
        let mut firings = Vec::new();
        let mut dead = Vec::new();
        {
            let mut inner = self.lock();
            let mut again = Vec::new();
            while let Some(&(deadline, number)) = inner.queue.first() {
                if deadline > now {
                    break;
                }
                inner.queue.pop_first();
                let Some(timer) = inner.timers.get_mut(&number) else { continue };
                if !timer.live(vm) {
                    dead.extend(inner.timers.remove(&number));
                    continue;
                }
                match timer.period {
                    Some(period) => {
                        firings.push(timer.action.copy_firing());
                        timer.deadline = deadline.saturating_add(period);
                        again.push((timer.deadline, number));
                    }
                    None => {
                        if let Some(timer) = inner.timers.remove(&number) {
                            firings.push(timer.action.into_firing());
                        }
                    }
                }
            }
            // Put back after the loop: a repeating timer fires once a look.
            inner.queue.extend(again);
            self.publish(&inner);
        }
        drop(dead);
        let fired = !firings.is_empty();
        for firing in firings {
            firing.run(vm);
        }
        fired
    }

    /// When the soonest timer is due.
    pub fn next_deadline(&self) -> Option<Instant> {
        match self.next_due.load(Ordering::Acquire) {
            u64::MAX => None,
            nanos => Some(instant_at(nanos)),
        }
    }

    /// How many timers are pending (some may belong to ended processes).
    pub fn pending(&self) -> usize {
        self.pending.load(Ordering::Acquire)
    }

    /// Whether a pending timer can still do something: the run may not end
    /// while one can. Removes the timers of ended processes it meets on the
    /// way; stops at the first live one.
    pub fn keeps_alive(&self, vm: &Vm) -> bool {
        if self.pending() == 0 {
            return false;
        }
        let mut inner = self.lock();
        let mut dead = Vec::new();
        let mut live = false;
        for (&number, timer) in &inner.timers {
            if timer.live(vm) {
                live = true;
                break;
            }
            dead.push(number);
        }
        let removed: Vec<Timer> = dead.into_iter().filter_map(|number| inner.remove(number)).collect();
        self.publish(&inner);
        drop(inner);
        drop(removed);
        live
    }
}

/// A message for a timer: `term` copied out of the caller's heap.
pub fn copy_message(term: Term) -> Message {
    Message::copy(term)
}

/// A term kept by a timer: `term` copied out of the caller's heap.
pub fn copy_payload(term: Term) -> Payload {
    Payload::copy(term)
}

/// The deadline of a timer started now to fire after `ms` milliseconds, or
/// at `ms` of monotonic time when `absolute`, in nanoseconds since the
/// clock started; `None` when out of range (`badarg` with cause `time` in
/// OTP): a relative time must be from 0, an absolute one not before the
/// VM's start, and the deadline at most [`MAX_DEADLINE_MS`] after the
/// start. A deadline already past fires at once.
pub fn deadline_of(ms: Term, absolute: bool) -> Option<u64> {
    let ms = ms_value(ms)?;
    let now = now_nanos();
    let since_start_ms = if absolute {
        ms.checked_sub(MONOTONIC_START_NANOS / 1_000_000)?
    } else if ms < 0 {
        return None;
    } else {
        i64::try_from(now / 1_000_000).ok()?.checked_add(ms)?
    };
    if !(0..=MAX_DEADLINE_MS).contains(&since_start_ms) {
        return None;
    }
    let at = if absolute { since_start_ms as u64 * 1_000_000 } else { now.saturating_add(ms as u64 * 1_000_000) };
    Some(at)
}

/// An integer term's value when it fits 64 bits.
fn ms_value(term: Term) -> Option<i64> {
    match crate::term::bigint::to_num(term)? {
        crate::term::bigint::Num::Int(value) => Some(value),
        _ => None,
    }
}

/// A fresh timer reference on `heap`, and its number.
pub fn new_reference(vm: &Vm, heap: &mut crate::memory::heap::Heap) -> (Term, u64) {
    let number = vm.next_ref();
    (build::reference(heap, number), number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_left_rounds_up() {
        assert_eq!(millis_left(100_000_000, 0), 100);
        assert_eq!(millis_left(100_000_000, 1), 100);
        assert_eq!(millis_left(100_000_000, 1_000_001), 99);
        assert_eq!(millis_left(5, 10), 0);
    }

    #[test]
    fn deadlines_are_bounded_as_otp_bounds_them() {
        let small = |value: i64| Term::small(value).expect("small");
        assert!(deadline_of(small(0), false).is_some());
        assert!(deadline_of(small(-1), false).is_none());
        assert!(deadline_of(small(-1), true).is_some());
        let start_ms = MONOTONIC_START_NANOS / 1_000_000;
        assert!(deadline_of(small(start_ms), true).is_some());
        assert!(deadline_of(small(start_ms - 1), true).is_none());
        assert!(deadline_of(small(1 << 32), false).is_some());
        assert!(deadline_of(small(1 << 58), false).is_none());
        assert!(deadline_of(small(-(1 << 58)), true).is_none());
        assert!(deadline_of(small(1 << 43), true).is_none());
        assert!(deadline_of(Term::atom(crate::term::atoms::OK), false).is_none());
    }
}
