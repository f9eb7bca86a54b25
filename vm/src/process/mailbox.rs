//! A process's mailbox: messages in arrival order and the cursor selective
//! receive scans with.
//!
//! The mailbox is a singly linked list of the very nodes the inbox
//! delivered (`crate::process::inbox::Node`), so moving a message from the inbox to
//! the mailbox never allocates, and an empty mailbox holds no memory at all
//! — what a million processes blocked in `receive` need.
//!
//! The receive cursor makes a wake-up resume the scan where it stopped: a
//! message already skipped is not matched again until the receive ends
//! (`remove_message` or `timeout` resets the cursor). The cursor is kept as
//! the node before it, so the message at the cursor is removed in O(1).
//!
//! Threads: owned by its process; only the thread running the process
//! touches it.

use crate::memory::heap::WordBlock;
use crate::process::inbox::{Node, NodeBox};
use crate::process::signal::Signal;
use crate::term::Term;
use std::ptr;

/// One message: the term and the fragment its boxed parts live in.
pub struct Message {
    /// The message term; points into `fragment` (or is an immediate, a
    /// literal, or a term on the receiving process's heap).
    pub term: Term,
    /// The words of the message, owned by the message until it is received.
    pub fragment: Option<WordBlock>,
}

/// The messages of one process, and the receive cursor.
pub struct Mailbox {
    /// The oldest message, or null.
    head: *mut Node,
    /// The newest message, or null.
    tail: *mut Node,
    /// The node before the cursor; null when the cursor is at the head.
    before_cursor: *mut Node,
    /// How many messages are waiting.
    len: u32,
    /// The cursor's position (messages before it).
    cursor_index: u32,
    /// Messages at the head that `loop_rec` may have handed out: the only
    /// ones whose words can belong to the heap (every message enters with
    /// its own fragment, or is an immediate or a literal), so the only ones
    /// the collector must look at.
    scanned: u32,
    /// Messages handed to `loop_rec` over the process's life: how the
    /// tests prove a wake-up does not rescan what was already skipped.
    scans: u32,
}

// SAFETY: the mailbox owns its nodes exclusively (each reached from exactly
// one link), and moves between threads only with its process.
unsafe impl Send for Mailbox {}

impl Default for Mailbox {
    fn default() -> Mailbox {
        Mailbox {
            head: ptr::null_mut(),
            tail: ptr::null_mut(),
            before_cursor: ptr::null_mut(),
            len: 0,
            cursor_index: 0,
            scanned: 0,
            scans: 0,
        }
    }
}

/// The message a node carries; nodes in a mailbox always carry one.
fn message_of(node: &Node) -> &Message {
    match &node.signal {
        Signal::Message(message) => message,
        _ => unreachable!("only message nodes enter a mailbox"),
    }
}

fn message_of_mut(node: &mut Node) -> &mut Message {
    match &mut node.signal {
        Signal::Message(message) => message,
        _ => unreachable!("only message nodes enter a mailbox"),
    }
}

impl Mailbox {
    /// Appends a message node delivered by the inbox (its signal must be a message).
    pub(crate) fn push_node(&mut self, node: NodeBox) {
        debug_assert!(matches!(node.signal, Signal::Message(_)));
        let node = node.into_raw();
        // SAFETY: `node` is a fresh, exclusively owned node; `tail`, when not
        // null, is the last node of this list, owned by the mailbox.
        unsafe {
            (*node).next = ptr::null_mut();
            if self.tail.is_null() {
                self.head = node;
            } else {
                (*self.tail).next = node;
            }
        }
        self.tail = node;
        self.len += 1;
    }

    /// Appends a message that carries its own fragment (or is an
    /// immediate or a literal).
    pub fn push(&mut self, message: Message) {
        self.push_node(NodeBox::new(Signal::Message(message)));
    }

    /// Appends a message the process built on its own heap (an `'EXIT'` or
    /// `'DOWN'` message): it is copied into a fragment of its own like any
    /// message, so that only messages `loop_rec` handed out share words
    /// with the heap.
    pub fn push_own(&mut self, term: Term) {
        let (term, fragment) = crate::memory::copy::copy_to_block(term);
        self.push(Message { term, fragment });
    }

    /// How many messages are waiting.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    /// Whether no message is waiting.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The node at the cursor, or null when the scan has passed the last one.
    fn cursor_node(&self) -> *mut Node {
        if self.before_cursor.is_null() {
            self.head
        } else {
            // SAFETY: `before_cursor` is a node of this list.
            unsafe { (*self.before_cursor).next }
        }
    }

    /// The message at the cursor, if the scan has not passed the last one.
    #[inline]
    pub fn current(&self) -> Option<Term> {
        let node = self.cursor_node();
        // SAFETY: a non-null cursor node is a live node of this list.
        (!node.is_null()).then(|| message_of(unsafe { &*node }).term)
    }

    /// The message at the cursor, for the receive loop: its fragment is
    /// handed to `adopt` (the process heap) first, because once the term is
    /// in a register the collector must be free to move it.
    #[inline]
    pub fn take_current(&mut self, adopt: impl FnOnce(WordBlock)) -> Option<Term> {
        let node = self.cursor_node();
        if node.is_null() {
            return None;
        }
        self.scans = self.scans.wrapping_add(1);
        self.scanned = self.scanned.max(self.cursor_index + 1);
        // SAFETY: a non-null cursor node is a live node this mailbox owns.
        let message = message_of_mut(unsafe { &mut *node });
        if let Some(fragment) = message.fragment.take() {
            adopt(fragment);
        }
        Some(message.term)
    }

    /// Moves the cursor past the current message.
    #[inline]
    pub fn advance(&mut self) {
        let node = self.cursor_node();
        if !node.is_null() {
            self.before_cursor = node;
            self.cursor_index += 1;
        }
    }

    /// Removes the message at the cursor and resets the cursor.
    pub fn remove_current(&mut self) -> Option<Message> {
        let node = self.cursor_node();
        if node.is_null() {
            return None;
        }
        // SAFETY: `node` is a live node of this list and `before_cursor` (when
        // not null) the node linking to it; unlinking it leaves the list
        // well formed, and the node is then owned here alone.
        let node = unsafe {
            let next = (*node).next;
            if self.before_cursor.is_null() {
                self.head = next;
            } else {
                (*self.before_cursor).next = next;
            }
            if self.tail == node {
                self.tail = self.before_cursor;
            }
            NodeBox::from_raw(node)
        };
        self.len -= 1;
        if self.cursor_index < self.scanned {
            self.scanned -= 1;
        }
        self.before_cursor = ptr::null_mut();
        self.cursor_index = 0;
        match node.into_signal() {
            Signal::Message(message) => Some(message),
            _ => unreachable!("only message nodes enter a mailbox"),
        }
    }

    /// Removes every message whose term satisfies `remove`, keeping the
    /// others in order, and resets the cursor (`demonitor(Ref, [flush])`).
    pub fn remove_where(&mut self, mut remove: impl FnMut(Term) -> bool) {
        self.reset_cursor();
        while let Some(term) = self.current() {
            if remove(term) {
                self.remove_current_keep_cursor();
            } else {
                self.advance();
            }
        }
        self.reset_cursor();
    }

    fn remove_current_keep_cursor(&mut self) {
        let (before, index) = (self.before_cursor, self.cursor_index);
        self.remove_current();
        self.before_cursor = before;
        self.cursor_index = index;
    }

    /// Drops every message; fragments still owned by messages go to `adopt`
    /// (the heap), since terms already read may point into them.
    pub fn clear(&mut self, mut adopt: impl FnMut(WordBlock)) {
        self.reset_cursor();
        while let Some(message) = self.remove_current() {
            if let Some(fragment) = message.fragment {
                adopt(fragment);
            }
        }
    }

    /// Resets the cursor to the first message (a receive ended by timeout).
    pub fn reset_cursor(&mut self) {
        self.before_cursor = ptr::null_mut();
        self.cursor_index = 0;
    }

    /// How many times `loop_rec` was handed a message (wrapping at 2^32).
    pub fn scans(&self) -> u64 {
        u64::from(self.scans)
    }

    fn nodes(&self) -> impl Iterator<Item = *mut Node> + '_ {
        let mut node = self.head;
        std::iter::from_fn(move || {
            if node.is_null() {
                return None;
            }
            let current = node;
            // SAFETY: `current` is a live node of this list.
            node = unsafe { (*current).next };
            Some(current)
        })
    }

    /// The message terms, oldest first.
    pub fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        // SAFETY: every node yielded is a live node of this list.
        self.nodes().map(|node| message_of(unsafe { &*node }).term)
    }

    /// The terms of messages whose words now belong to the process heap:
    /// roots for the collector, which rewrites them in place.
    pub fn adopted_terms_mut(&mut self) -> impl Iterator<Item = &mut Term> + '_ {
        let scanned = self.scanned as usize;
        self.nodes().take(scanned).filter_map(|node| {
            // SAFETY: every node yielded is a live node this mailbox owns
            // exclusively, and each is yielded once, so the references do
            // not alias; they live as long as the mutable borrow of self.
            let message = message_of_mut(unsafe { &mut *node });
            (message.fragment.is_none() && message.term.is_pointer()).then_some(&mut message.term)
        })
    }

    /// Bytes held by waiting messages.
    pub fn memory_bytes(&self) -> usize {
        self.nodes()
            .map(|node| {
                // SAFETY: every node yielded is a live node of this list.
                let message = message_of(unsafe { &*node });
                std::mem::size_of::<Node>() + message.fragment.as_ref().map_or(0, |f| f.n_words() * 8)
            })
            .sum()
    }
}

impl Drop for Mailbox {
    fn drop(&mut self) {
        let mut node = self.head;
        while !node.is_null() {
            // SAFETY: every node of the list is owned by the mailbox and came
            // from `NodeBox::into_raw`; each is freed once.
            let boxed = unsafe { NodeBox::from_raw(node) };
            node = boxed.next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(value: i64) -> Message {
        Message { term: Term::small_unchecked(value), fragment: None }
    }

    fn values(mailbox: &Mailbox) -> Vec<i64> {
        mailbox.terms().map(Term::small_value).collect()
    }

    #[test]
    fn selective_receive_keeps_the_rest_in_order() {
        let mut mailbox = Mailbox::default();
        for value in 0..5 {
            mailbox.push(message(value));
        }
        // Skip 0 and 1, take 2.
        mailbox.advance();
        mailbox.advance();
        assert_eq!(mailbox.take_current(|_| {}), Some(Term::small_unchecked(2)));
        assert_eq!(mailbox.remove_current().unwrap().term, Term::small_unchecked(2));
        assert_eq!(values(&mailbox), [0, 1, 3, 4]);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(0)), "removal resets the cursor");
        // Remove the tail, then append: the tail pointer must follow.
        for _ in 0..3 {
            mailbox.advance();
        }
        assert_eq!(mailbox.remove_current().unwrap().term, Term::small_unchecked(4));
        mailbox.push(message(9));
        assert_eq!(values(&mailbox), [0, 1, 3, 9]);
        assert_eq!(mailbox.len(), 4);
        assert_eq!(mailbox.scans(), 1);
    }

    #[test]
    fn the_cursor_stays_past_skipped_messages_when_more_arrive() {
        let mut mailbox = Mailbox::default();
        mailbox.push(message(1));
        mailbox.advance();
        assert_eq!(mailbox.current(), None);
        mailbox.push(message(2));
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(2)));
        mailbox.reset_cursor();
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(1)));
    }

    #[test]
    fn remove_where_and_clear() {
        let mut mailbox = Mailbox::default();
        for value in 0..10 {
            mailbox.push(message(value));
        }
        mailbox.remove_where(|term| term.small_value() % 3 == 0);
        assert_eq!(values(&mailbox), [1, 2, 4, 5, 7, 8]);
        mailbox.push(message(11));
        assert_eq!(values(&mailbox), [1, 2, 4, 5, 7, 8, 11]);
        mailbox.clear(|_| {});
        assert!(mailbox.is_empty());
        assert_eq!(mailbox.current(), None);
        mailbox.push(message(12));
        assert_eq!(values(&mailbox), [12]);
    }

    #[test]
    fn an_empty_mailbox_is_small() {
        assert!(std::mem::size_of::<Mailbox>() <= 40);
    }
}
