//! An exhaustive check of the wake-up protocol (`spec/SEMANTICS.md`): every
//! interleaving of a process going to sleep and several senders is
//! enumerated, and in every one no wake-up is lost and the process is
//! enqueued at most once.
//!
//! The model follows the real code step by step:
//! - receiver (`wait` in `vm/src/interp/mod.rs`, then
//!   `Scheduler::run_slice` in `vm/src/sched/mod.rs`): look at the inbox
//!   (take everything if not empty, and keep running); otherwise store
//!   `WAITING`; then look at the inbox again and, if a signal is there, try
//!   the swap `WAITING → RUNNABLE` and enqueue on success;
//! - sender (`lifecycle::deliver` then `Vm::wake`): push to the inbox; then
//!   try the swap `WAITING → RUNNABLE` and enqueue on success.
//!
//! Each step is one atomic action on the shared state, which is what the
//! real code's atomics guarantee (the inbox push is one compare-and-swap,
//! the state swap another, the loads are sequentially consistent).

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum State {
    Running,
    Waiting,
    Runnable,
}

#[derive(Clone, Debug)]
struct World {
    inbox: u32,
    taken: u32,
    state: State,
    enqueued: u32,
    /// Next step of the receiver: 0 look, 1 store WAITING, 2 look again, 3 done.
    receiver_pc: u8,
    /// Whether the receiver took messages in its first look (and so kept running).
    kept_running: bool,
    /// Next step of each sender: 0 push, 1 wake, 2 done.
    sender_pc: Vec<u8>,
}

impl World {
    fn new(n_senders: usize) -> World {
        World {
            inbox: 0,
            taken: 0,
            state: State::Running,
            enqueued: 0,
            receiver_pc: 0,
            kept_running: false,
            sender_pc: vec![0; n_senders],
        }
    }

    fn wake(&mut self) {
        if self.state == State::Waiting {
            self.state = State::Runnable;
            self.enqueued += 1;
        }
    }

    /// Runs the receiver's next step; false when it has none.
    fn step_receiver(&mut self) -> bool {
        match self.receiver_pc {
            0 => {
                if self.inbox > 0 {
                    self.taken += self.inbox;
                    self.inbox = 0;
                    self.kept_running = true;
                    self.receiver_pc = 3;
                } else {
                    self.receiver_pc = 1;
                }
            }
            1 => {
                self.state = State::Waiting;
                self.receiver_pc = 2;
            }
            2 => {
                if self.inbox > 0 {
                    self.wake();
                }
                self.receiver_pc = 3;
            }
            _ => return false,
        }
        true
    }

    /// Runs sender `index`'s next step; false when it has none.
    fn step_sender(&mut self, index: usize) -> bool {
        match self.sender_pc[index] {
            0 => {
                self.inbox += 1;
                self.sender_pc[index] = 1;
            }
            1 => {
                self.wake();
                self.sender_pc[index] = 2;
            }
            _ => return false,
        }
        true
    }

    fn done(&self) -> bool {
        self.receiver_pc == 3 && self.sender_pc.iter().all(|&pc| pc == 2)
    }

    /// The properties every finished interleaving must have.
    fn check(&self, trace: &[usize]) {
        assert!(self.enqueued <= 1, "enqueued {} times: {trace:?}", self.enqueued);
        if self.kept_running {
            assert_eq!(self.enqueued, 0, "woke a running process into a queue: {trace:?}");
            return;
        }
        // The receiver went to sleep and every sender pushed: someone must
        // have made it runnable exactly once.
        assert_eq!(self.state, State::Runnable, "lost wake-up: {trace:?} ends in {self:?}");
        assert_eq!(self.enqueued, 1, "{trace:?}");
        assert_eq!(self.taken + self.inbox, self.sender_pc.len() as u32);
    }
}

/// Explores every interleaving from `world`; returns how many it checked.
fn explore(world: &World, trace: &mut Vec<usize>) -> u64 {
    if world.done() {
        world.check(trace);
        return 1;
    }
    let mut count = 0;
    // Actor 0 is the receiver, 1.. the senders.
    for actor in 0..=world.sender_pc.len() {
        let mut next = world.clone();
        let moved = if actor == 0 { next.step_receiver() } else { next.step_sender(actor - 1) };
        if moved {
            trace.push(actor);
            count += explore(&next, trace);
            trace.pop();
        }
    }
    count
}

#[test]
fn no_wake_up_is_lost_and_none_is_doubled() {
    for n_senders in 1..=3 {
        let interleavings = explore(&World::new(n_senders), &mut Vec::new());
        assert!(interleavings > 1, "{n_senders} senders: {interleavings} interleavings");
    }
}

#[test]
fn the_model_catches_a_broken_protocol() {
    // Without the receiver's second look, a push that lands between its
    // first look and its WAITING store is lost: the check must notice.
    let mut world = World::new(1);
    world.step_receiver(); // look: empty
    world.step_sender(0); // push
    world.step_sender(0); // wake: still RUNNING, nothing to do
    world.step_receiver(); // store WAITING
    world.receiver_pc = 3; // skip the second look
    let result = std::panic::catch_unwind(|| world.check(&[]));
    assert!(result.is_err(), "the lost wake-up went unnoticed");
}
