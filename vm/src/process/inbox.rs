//! A process's inbox: the multi-producer, single-consumer queue every
//! signal to the process goes through (ARCHITECTURE.md, decision 4).
//!
//! Senders push with one compare-and-swap onto a lock-free stack and never
//! take a lock of the receiver. The owner takes the whole stack with one
//! swap and reverses it, which restores arrival order: signals from one
//! sender arrive in the order sent, and signals from different senders in
//! the order their pushes succeeded.
//!
//! When its process ends, the owner closes the inbox; a push to a closed
//! inbox fails and hands the signal back, so the sender can act for a dead
//! process (answer a link with `noproc`, drop a message) and no signal is
//! silently lost in a dead process's queue.
//!
//! Threads: [`Inbox::push`] from any thread; [`Inbox::take_all`] and
//! [`Inbox::close`] only from the thread that owns the process.

use crate::memory::slab::{self, Slab};
use crate::process::signal::Signal;
use crate::term::Term;
use std::ptr::{self, NonNull};
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

/// The slab inbox and mailbox nodes live in.
pub static NODES: Slab = Slab::new(slab::ids::NODES, std::mem::size_of::<Node>());

const _: () = assert!(std::mem::align_of::<Node>() <= 8, "slab blocks are 8-byte aligned");

/// One signal in transit. The same node moves from the inbox into the
/// mailbox when it carries a message, so receiving never allocates.
pub(crate) struct Node {
    pub(crate) next: *mut Node,
    pub(crate) signal: Signal,
}

/// An owned node, in a block of the node slab ([`NODES`]): what `Box<Node>`
/// would be, without malloc's header and with a free that stays on the
/// freeing thread (a node is made by the sender and freed by the receiver).
pub(crate) struct NodeBox(NonNull<Node>);

impl NodeBox {
    /// A node carrying `signal`, linked to nothing.
    pub(crate) fn new(signal: Signal) -> NodeBox {
        let block = NODES.alloc().cast::<Node>();
        // SAFETY: the block is fresh, large and aligned enough for a node
        // (`NODES` is sized for one and 8-byte aligned, as a node is).
        unsafe { block.as_ptr().write(Node { next: ptr::null_mut(), signal }) };
        NodeBox(block)
    }

    /// Gives up ownership; [`NodeBox::from_raw`] takes it back.
    pub(crate) fn into_raw(self) -> *mut Node {
        let raw = self.0.as_ptr();
        std::mem::forget(self);
        raw
    }

    /// Owns a node again.
    ///
    /// # Safety
    ///
    /// `raw` must come from [`NodeBox::into_raw`], and be taken back once.
    pub(crate) unsafe fn from_raw(raw: *mut Node) -> NodeBox {
        // SAFETY: `into_raw` never gives out null.
        NodeBox(unsafe { NonNull::new_unchecked(raw) })
    }

    /// The signal, freeing the node.
    pub(crate) fn into_signal(self) -> Signal {
        let raw = self.into_raw();
        // SAFETY: the node is owned here and initialised; the signal is
        // moved out exactly once, and the block freed without dropping it
        // again.
        unsafe {
            let signal = ptr::read(&raw const (*raw).signal);
            NODES.free(NonNull::new_unchecked(raw).cast());
            signal
        }
    }
}

impl std::ops::Deref for NodeBox {
    type Target = Node;

    fn deref(&self) -> &Node {
        // SAFETY: the node is owned by this box and initialised.
        unsafe { self.0.as_ref() }
    }
}

impl std::ops::DerefMut for NodeBox {
    fn deref_mut(&mut self) -> &mut Node {
        // SAFETY: as for `deref`, and `&mut self` is exclusive.
        unsafe { self.0.as_mut() }
    }
}

impl Drop for NodeBox {
    fn drop(&mut self) {
        // SAFETY: the node is owned here and initialised; it is dropped
        // once and its block, from `NODES`, freed once.
        unsafe {
            ptr::drop_in_place(self.0.as_ptr());
            NODES.free(self.0.cast());
        }
    }
}

// SAFETY: a node owns its signal, which is `Send`; the box is its only owner.
unsafe impl Send for NodeBox {}

/// A chain of nodes taken from an inbox, oldest first; owns its nodes.
pub(crate) struct Chain {
    head: *mut Node,
}

// SAFETY: the chain owns its nodes exclusively (they were unlinked from an
// inbox by one atomic swap), and a node's signal is `Send`; a chain set
// aside for a later time slice moves to whichever thread runs it.
unsafe impl Send for Chain {}

impl Default for Chain {
    fn default() -> Chain {
        Chain { head: ptr::null_mut() }
    }
}

impl Chain {
    /// Whether no node is left.
    pub(crate) fn is_empty(&self) -> bool {
        self.head.is_null()
    }

    /// Puts `later`'s nodes after this chain's; walks this chain once.
    pub(crate) fn append(&mut self, mut later: Chain) {
        let later_head = std::mem::replace(&mut later.head, ptr::null_mut());
        if self.head.is_null() {
            self.head = later_head;
            return;
        }
        let mut last = self.head;
        // SAFETY: the chain owns every node on it; the walk stops at the
        // last one, whose link is then set to the nodes taken from `later`,
        // which now belong to this chain.
        unsafe {
            while !(*last).next.is_null() {
                last = (*last).next;
            }
            (*last).next = later_head;
        }
    }
}

impl Iterator for Chain {
    type Item = NodeBox;

    fn next(&mut self) -> Option<NodeBox> {
        if self.head.is_null() {
            return None;
        }
        // SAFETY: the chain owns every node on it (they were unlinked from
        // the inbox by one atomic swap); each came from `NodeBox::into_raw`.
        let mut node = unsafe { NodeBox::from_raw(self.head) };
        self.head = node.next;
        node.next = ptr::null_mut();
        Some(node)
    }
}

impl Drop for Chain {
    fn drop(&mut self) {
        for _ in self.by_ref() {}
    }
}

/// The sentinel head of a closed inbox. Never dereferenced: address 1 is
/// misaligned for a node, so no allocation can return it.
fn closed() -> *mut Node {
    ptr::without_provenance_mut(1)
}

/// The multi-producer queue of signals to one process.
pub struct Inbox {
    head: AtomicPtr<Node>,
    /// Messages pushed and not yet taken, for `message_queue_len` of
    /// another process (an estimate while pushes race with a take).
    pending_messages: AtomicUsize,
}

// SAFETY: the inbox owns its nodes; nodes move between threads only through
// the atomic head with Release/Acquire ordering, and each node is read by
// exactly one consumer after it is unlinked.
unsafe impl Send for Inbox {}
// SAFETY: concurrent `push` is the point of the type; `take_all`/`close`
// are documented as owner-only and only unlink whole chains atomically.
unsafe impl Sync for Inbox {}

impl Default for Inbox {
    fn default() -> Inbox {
        Inbox { head: AtomicPtr::new(ptr::null_mut()), pending_messages: AtomicUsize::new(0) }
    }
}

impl Inbox {
    /// Appends a signal; gives it back when the inbox is closed (its process ended).
    pub fn push(&self, signal: Signal) -> Result<(), Signal> {
        let is_message = matches!(signal, Signal::Message(_));
        let node = NodeBox::new(signal).into_raw();
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            if head == closed() {
                // SAFETY: the node was never published; we still own it.
                let node = unsafe { NodeBox::from_raw(node) };
                return Err(node.into_signal());
            }
            // SAFETY: the node is still private to this thread.
            unsafe { (*node).next = head };
            match self.head.compare_exchange_weak(head, node, Ordering::Release, Ordering::Relaxed) {
                Ok(_) => {
                    if is_message {
                        self.pending_messages.fetch_add(1, Ordering::Relaxed);
                    }
                    return Ok(());
                }
                Err(current) => head = current,
            }
        }
    }

    /// Whether a signal is waiting (a hint: a push may land right after).
    pub fn has_signals(&self) -> bool {
        let head = self.head.load(Ordering::Acquire);
        !head.is_null() && head != closed()
    }

    /// Takes every waiting signal, in arrival order. Owner only.
    pub(crate) fn take_all(&self) -> Chain {
        let head = self.head.load(Ordering::Acquire);
        if head.is_null() || head == closed() {
            return Chain { head: ptr::null_mut() };
        }
        let chain = self.head.swap(ptr::null_mut(), Ordering::Acquire);
        self.chain_in_order(chain)
    }

    /// Closes the inbox and takes what was still in it. Owner only; later
    /// pushes fail.
    pub(crate) fn close(&self) -> Chain {
        let chain = self.head.swap(closed(), Ordering::Acquire);
        if chain == closed() {
            return Chain { head: ptr::null_mut() };
        }
        self.chain_in_order(chain)
    }

    /// Whether the inbox was closed.
    pub fn is_closed(&self) -> bool {
        self.head.load(Ordering::Acquire) == closed()
    }

    /// Reverses a stack taken from the head (newest first) into a chain in
    /// arrival order, counting the messages it holds.
    fn chain_in_order(&self, mut stack: *mut Node) -> Chain {
        let mut chain = ptr::null_mut();
        let mut messages = 0;
        while !stack.is_null() {
            // SAFETY: the stack was unlinked from the head by one atomic
            // swap, so this thread owns every node on it.
            unsafe {
                let next = (*stack).next;
                messages += usize::from(matches!((*stack).signal, Signal::Message(_)));
                (*stack).next = chain;
                chain = stack;
                stack = next;
            }
        }
        self.pending_messages.fetch_sub(messages, Ordering::Relaxed);
        Chain { head: chain }
    }

    /// The terms of the messages waiting, in arrival order, without taking
    /// them: what `process_info(Pid, messages)` of another process adds to
    /// the messages already in its mailbox.
    ///
    /// The terms point into the messages' fragments, which stay alive
    /// while the lock is held.
    ///
    /// # Safety
    ///
    /// The caller must hold the lock of this inbox's process: the owner
    /// takes and frees nodes only while it holds that lock, and senders
    /// only put new nodes in front of the head and never change a node once
    /// pushed, so every node reachable from the head loaded here stays as
    /// it is until the lock is released.
    pub(crate) unsafe fn pending_message_terms(&self) -> Vec<Term> {
        let mut terms = Vec::new();
        // Acquire: pairs with the Release of `push`, so each node's
        // contents are visible.
        let mut node = self.head.load(Ordering::Acquire);
        if node == closed() {
            return terms;
        }
        while !node.is_null() {
            // SAFETY: by the contract, the node stays allocated and
            // unchanged while the caller holds the lock.
            let current = unsafe { &*node };
            if let Signal::Message(message) = &current.signal {
                terms.push(message.term);
            }
            node = current.next;
        }
        terms.reverse();
        terms
    }

    /// Messages pushed and not yet taken by the owner.
    pub fn pending_messages(&self) -> usize {
        self.pending_messages.load(Ordering::Relaxed)
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        drop(self.close());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Term;
    use std::sync::Arc;

    fn taken(inbox: &Inbox) -> Vec<Signal> {
        inbox.take_all().map(NodeBox::into_signal).collect()
    }

    fn number(signal: &Signal) -> i64 {
        match signal {
            Signal::Message(message) => message.term.small_value(),
            _ => panic!("expected a message"),
        }
    }

    fn message(value: i64) -> Signal {
        Signal::Message(crate::process::mailbox::Message { term: Term::small_unchecked(value), fragment: None })
    }

    #[test]
    fn one_sender_keeps_order() {
        let inbox = Inbox::default();
        for i in 0..100 {
            inbox.push(message(i)).ok().unwrap();
        }
        let taken = taken(&inbox);
        assert_eq!(taken.iter().map(number).collect::<Vec<_>>(), (0..100).collect::<Vec<_>>());
        assert!(!inbox.has_signals());
    }

    #[test]
    fn a_closed_inbox_refuses_and_gives_back() {
        let inbox = Inbox::default();
        inbox.push(message(1)).ok().unwrap();
        assert_eq!(inbox.close().count(), 1);
        let refused = inbox.push(message(2)).unwrap_err();
        assert_eq!(number(&refused), 2);
        assert!(inbox.is_closed());
    }

    /// Threads that each push `each` messages: sender `s` pushes `s * each`
    /// up to `(s + 1) * each - 1`, in order.
    fn spawn_senders(inbox: &Arc<Inbox>, senders: i64, each: i64) -> Vec<std::thread::JoinHandle<()>> {
        (0..senders)
            .map(|sender| {
                let inbox = Arc::clone(inbox);
                std::thread::spawn(move || {
                    for i in 0..each {
                        inbox.push(message(sender * each + i)).ok().unwrap();
                    }
                })
            })
            .collect()
    }

    /// Checks that the messages of [`spawn_senders`]' senders come in the
    /// order each sent them, and returns the last of each (-1: none).
    fn last_of_each_sender(values: &[i64], senders: i64, each: i64) -> Vec<i64> {
        let mut last = vec![-1; senders as usize];
        for &value in values {
            let sender = (value / each) as usize;
            assert!(value > last[sender], "sender {sender} out of order");
            last[sender] = value;
        }
        last
    }

    #[test]
    fn many_senders_lose_nothing_and_keep_per_sender_order() {
        const SENDERS: i64 = 4;
        const EACH: i64 = 50_000;
        let inbox = Arc::new(Inbox::default());
        let handles = spawn_senders(&inbox, SENDERS, EACH);
        let mut received = Vec::new();
        while received.len() < (SENDERS * EACH) as usize {
            received.extend(taken(&inbox).iter().map(number));
        }
        for handle in handles {
            handle.join().unwrap();
        }
        let last = last_of_each_sender(&received, SENDERS, EACH);
        assert!(last.iter().all(|&l| l % EACH == EACH - 1));
    }

    /// Looking at the waiting messages while senders push: every look sees
    /// each sender's messages in the order sent, and a prefix of what the
    /// next look sees; the messages taken at the end are exactly those the
    /// last look saw, and then those pushed after it.
    #[test]
    fn pending_messages_are_seen_in_order_while_senders_push() {
        const SENDERS: i64 = 3;
        const EACH: i64 = 20_000;
        let inbox = Arc::new(Inbox::default());
        let handles = spawn_senders(&inbox, SENDERS, EACH);
        let mut before: Vec<i64> = Vec::new();
        loop {
            // SAFETY: this thread is the inbox's only taker, and it takes
            // nothing until it stops looking.
            let seen: Vec<i64> =
                unsafe { inbox.pending_message_terms() }.iter().map(|term| term.small_value()).collect();
            last_of_each_sender(&seen, SENDERS, EACH);
            let per_sender = |values: &[i64], sender: i64| -> Vec<i64> {
                values.iter().copied().filter(|value| value / EACH == sender).collect()
            };
            for sender in 0..SENDERS {
                let (old, new) = (per_sender(&before, sender), per_sender(&seen, sender));
                assert!(new.starts_with(&old), "sender {sender}: an earlier look is not a prefix of a later one");
            }
            let done = seen.len() == (SENDERS * EACH) as usize;
            before = seen;
            if done {
                break;
            }
        }
        for handle in handles {
            handle.join().unwrap();
        }
        assert_eq!(inbox.pending_messages(), (SENDERS * EACH) as usize);
        let taken: Vec<i64> = taken(&inbox).iter().map(number).collect();
        assert_eq!(taken, before, "the last look saw every message, in the order taken");
        // SAFETY: as above.
        assert!(unsafe { inbox.pending_message_terms() }.is_empty());
        inbox.close();
        // SAFETY: as above.
        assert!(unsafe { inbox.pending_message_terms() }.is_empty(), "a closed inbox has none");
    }
}
