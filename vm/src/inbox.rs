//! A process's inbox: the multi-producer, single-consumer queue every
//! signal to the process goes through (DESIGN decision 4).
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

use crate::signal::Signal;
use std::ptr;
use std::sync::atomic::{AtomicPtr, AtomicUsize, Ordering};

struct Node {
    next: *mut Node,
    signal: Signal,
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
        let node = Box::into_raw(Box::new(Node { next: ptr::null_mut(), signal }));
        let mut head = self.head.load(Ordering::Relaxed);
        loop {
            if head == closed() {
                // SAFETY: the node was never published; we still own it.
                let node = unsafe { Box::from_raw(node) };
                return Err(node.signal);
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
    pub fn take_all(&self, into: &mut Vec<Signal>) {
        let head = self.head.load(Ordering::Acquire);
        if head.is_null() || head == closed() {
            return;
        }
        let chain = self.head.swap(ptr::null_mut(), Ordering::Acquire);
        self.collect(chain, into);
    }

    /// Closes the inbox and takes what was still in it. Owner only; later
    /// pushes fail.
    pub fn close(&self, into: &mut Vec<Signal>) {
        let chain = self.head.swap(closed(), Ordering::Acquire);
        if chain != closed() {
            self.collect(chain, into);
        }
    }

    /// Whether the inbox was closed.
    pub fn is_closed(&self) -> bool {
        self.head.load(Ordering::Acquire) == closed()
    }

    fn collect(&self, mut chain: *mut Node, into: &mut Vec<Signal>) {
        let start = into.len();
        let mut messages = 0;
        while !chain.is_null() {
            // SAFETY: the chain was unlinked from the head by one atomic swap,
            // so this thread owns every node in it; each was made by Box::into_raw.
            let node = unsafe { Box::from_raw(chain) };
            chain = node.next;
            messages += usize::from(matches!(node.signal, Signal::Message(_)));
            into.push(node.signal);
        }
        // The stack holds the newest first.
        into[start..].reverse();
        self.pending_messages.fetch_sub(messages, Ordering::Relaxed);
    }

    /// Messages pushed and not yet taken by the owner.
    pub fn pending_messages(&self) -> usize {
        self.pending_messages.load(Ordering::Relaxed)
    }
}

impl Drop for Inbox {
    fn drop(&mut self) {
        let mut rest = Vec::new();
        self.close(&mut rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::term::Term;
    use std::sync::Arc;

    fn number(signal: &Signal) -> i64 {
        match signal {
            Signal::Message(message) => message.term.small_value(),
            _ => panic!("expected a message"),
        }
    }

    fn message(value: i64) -> Signal {
        Signal::Message(crate::mailbox::Message { term: Term::small_unchecked(value), fragment: None })
    }

    #[test]
    fn one_sender_keeps_order() {
        let inbox = Inbox::default();
        for i in 0..100 {
            inbox.push(message(i)).ok().unwrap();
        }
        let mut taken = Vec::new();
        inbox.take_all(&mut taken);
        assert_eq!(taken.iter().map(number).collect::<Vec<_>>(), (0..100).collect::<Vec<_>>());
        assert!(!inbox.has_signals());
    }

    #[test]
    fn a_closed_inbox_refuses_and_gives_back() {
        let inbox = Inbox::default();
        inbox.push(message(1)).ok().unwrap();
        let mut rest = Vec::new();
        inbox.close(&mut rest);
        assert_eq!(rest.len(), 1);
        let refused = inbox.push(message(2)).unwrap_err();
        assert_eq!(number(&refused), 2);
        assert!(inbox.is_closed());
    }

    #[test]
    fn many_senders_lose_nothing_and_keep_per_sender_order() {
        const SENDERS: i64 = 4;
        const EACH: i64 = 50_000;
        let inbox = Arc::new(Inbox::default());
        let handles: Vec<_> = (0..SENDERS)
            .map(|sender| {
                let inbox = Arc::clone(&inbox);
                std::thread::spawn(move || {
                    for i in 0..EACH {
                        inbox.push(message(sender * EACH + i)).ok().unwrap();
                    }
                })
            })
            .collect();
        let mut received = Vec::new();
        while received.len() < (SENDERS * EACH) as usize {
            let mut batch = Vec::new();
            inbox.take_all(&mut batch);
            received.extend(batch.iter().map(number));
        }
        for handle in handles {
            handle.join().unwrap();
        }
        let mut last = vec![-1; SENDERS as usize];
        for value in received {
            let sender = (value / EACH) as usize;
            assert!(value > last[sender], "sender {sender} out of order");
            last[sender] = value;
        }
        assert!(last.iter().all(|&l| l % EACH == EACH - 1));
    }
}
