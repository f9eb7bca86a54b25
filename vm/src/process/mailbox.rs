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
//! Receive markers (`recv_marker_reserve`, `_bind`, `_use`, `_clear`) let a
//! receive that follows `make_ref()` start past the messages that were
//! already there when the reference was made, as OTP's do: a call behind
//! thousands of queued messages finds its reply without scanning them. A
//! marker is the last message before it (and its position); removing that
//! message moves the marker to the message before. A few marker slots,
//! reused oldest first, are allocated at the first reserve and freed when
//! the last marker is cleared, so a mailbox that never uses one holds no
//! more than a null pointer for them.
//!
//! Threads: owned by its process; only the thread running the process
//! touches it.

use crate::memory::heap::Fragment;
use crate::process::inbox::{Node, NodeBox};
use crate::process::signal::Signal;
use crate::term::Term;
use std::ptr;

/// The largest marker id: ids are written as small integers.
const MAX_MARKER_ID: u64 = (1 << 59) - 1;

/// One message: the term and the fragment its boxed parts live in.
pub struct Message {
    /// The message term; points into `fragment` (or is an immediate, a
    /// literal, or a term on the receiving process's heap).
    pub term: Term,
    /// The words of the message, owned by the message until it is received.
    pub fragment: Option<Fragment>,
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
    /// The receive markers, once one was reserved.
    markers: Option<Box<Markers>>,
}

/// How many receive markers a process keeps at once; reserving one more
/// reuses the oldest (a receive whose marker was reused scans from the
/// first message, which is slower but right).
const MARKER_SLOTS: usize = 4;

/// One receive marker.
#[derive(Clone, Copy)]
struct Marker {
    /// The marker's id, as the term `recv_marker_reserve` gave (0: a free slot).
    id: u64,
    /// The reference the marker is bound to (0: none; reference numbers start at 1).
    reference: u64,
    /// The last message before the marker, or null when none is.
    node: *mut Node,
    /// How many messages are before the marker.
    index: u32,
}

const FREE_MARKER: Marker = Marker { id: 0, reference: 0, node: ptr::null_mut(), index: 0 };

/// The receive markers of one mailbox.
struct Markers {
    slots: [Marker; MARKER_SLOTS],
    /// The id the next marker gets; ids grow, so a slot's id says which of
    /// its markers a term names.
    next_id: u64,
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
            markers: None,
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
    pub fn take_current(&mut self, adopt: impl FnOnce(Fragment)) -> Option<Term> {
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
        if let Some(markers) = &mut self.markers {
            // The message removed was at position `cursor_index`: a marker
            // past it has one message fewer before it, and a marker right
            // after it now follows the message before it.
            for marker in markers.slots.iter_mut().filter(|marker| marker.id != 0) {
                if marker.index > self.cursor_index {
                    if marker.index == self.cursor_index + 1 {
                        marker.node = self.before_cursor;
                    }
                    marker.index -= 1;
                }
            }
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
    pub fn clear(&mut self, mut adopt: impl FnMut(Fragment)) {
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

    /// Reserves a marker at the end of the mailbox and returns its id (a
    /// positive number below 2^59, to be written as a small integer).
    pub fn reserve_marker(&mut self) -> u64 {
        let (tail, len) = (self.tail, self.len);
        let markers =
            self.markers.get_or_insert_with(|| Box::new(Markers { slots: [FREE_MARKER; MARKER_SLOTS], next_id: 1 }));
        let id = markers.next_id;
        markers.next_id = if id >= MAX_MARKER_ID { 1 } else { id + 1 };
        // A free slot, or the oldest marker's.
        let slot = markers
            .slots
            .iter()
            .position(|marker| marker.id == 0)
            .unwrap_or_else(|| (0..MARKER_SLOTS).min_by_key(|&slot| markers.slots[slot].id).unwrap_or(0));
        markers.slots[slot] = Marker { id, reference: 0, node: tail, index: len };
        id
    }

    /// Binds the marker `id` to reference number `reference`; an id that
    /// names no marker is ignored.
    pub fn bind_marker(&mut self, id: u64, reference: u64) {
        if let Some(marker) = self.marker_where(|marker| marker.id == id) {
            marker.reference = reference;
        }
    }

    /// Starts the receive's scan at the marker bound to `reference`, if
    /// there is one and the scan has not passed it yet.
    pub fn use_marker(&mut self, reference: u64) {
        let Some(&mut Marker { node, index, .. }) =
            self.marker_where(|marker| reference != 0 && marker.reference == reference)
        else {
            return;
        };
        if index > self.cursor_index {
            self.before_cursor = node;
            self.cursor_index = index;
        }
    }

    /// Drops the marker bound to `reference`, if any; the slots go with
    /// the last marker.
    pub fn clear_marker(&mut self, reference: u64) {
        if let Some(marker) = self.marker_where(|marker| reference != 0 && marker.reference == reference) {
            *marker = FREE_MARKER;
        }
        if self.markers.as_ref().is_some_and(|markers| markers.slots.iter().all(|marker| marker.id == 0)) {
            self.markers = None;
        }
    }

    /// The marker in use that satisfies `wanted`.
    fn marker_where(&mut self, wanted: impl Fn(&Marker) -> bool) -> Option<&mut Marker> {
        self.markers.as_mut()?.slots.iter_mut().find(|marker| marker.id != 0 && wanted(marker))
    }

    /// How many markers are in use.
    pub fn marker_count(&self) -> usize {
        self.markers.as_ref().map_or(0, |markers| markers.slots.iter().filter(|marker| marker.id != 0).count())
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
                std::mem::size_of::<Node>() + message.fragment.as_ref().map_or(0, |f| f.block.n_words() * 8)
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
        assert!(std::mem::size_of::<Mailbox>() <= 48);
    }

    #[test]
    fn a_marker_starts_the_scan_past_older_messages() {
        let mut mailbox = Mailbox::default();
        for value in 0..3 {
            mailbox.push(message(value));
        }
        let id = mailbox.reserve_marker();
        mailbox.bind_marker(id, 77);
        mailbox.push(message(3));
        mailbox.use_marker(78);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(0)), "another reference: no effect");
        mailbox.use_marker(77);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(3)));
        // Removing messages before the marker keeps it after the same message.
        mailbox.reset_cursor();
        mailbox.advance();
        mailbox.remove_current(); // 1
        mailbox.advance();
        mailbox.remove_current(); // 2, the message just before the marker
        assert_eq!(values(&mailbox), [0, 3]);
        mailbox.use_marker(77);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(3)));
        mailbox.remove_current(); // 3, after the marker
        mailbox.push(message(4));
        mailbox.use_marker(77);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(4)));
        mailbox.reset_cursor();
        mailbox.remove_current(); // 0: now no message is before the marker
        mailbox.use_marker(77);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(4)));
        assert_eq!(mailbox.marker_count(), 1);
        mailbox.clear_marker(77);
        assert_eq!(mailbox.marker_count(), 0);
        assert!(mailbox.markers.is_none(), "the slots go with the last marker");
    }

    #[test]
    fn markers_beyond_the_slots_reuse_the_oldest() {
        let mut mailbox = Mailbox::default();
        mailbox.push(message(0));
        let first = mailbox.reserve_marker();
        mailbox.bind_marker(first, 1);
        for reference in 2..=(MARKER_SLOTS as u64 + 1) {
            let id = mailbox.reserve_marker();
            mailbox.bind_marker(id, reference);
        }
        assert_eq!(mailbox.marker_count(), MARKER_SLOTS);
        mailbox.use_marker(1);
        assert_eq!(mailbox.current(), Some(Term::small_unchecked(0)), "the first marker was reused");
        mailbox.use_marker(2);
        assert_eq!(mailbox.current(), None, "the second still skips the older message");
        mailbox.bind_marker(first, 9);
        mailbox.bind_marker(0, 9);
        mailbox.use_marker(9);
        mailbox.clear_marker(0);
        assert_eq!(mailbox.marker_count(), MARKER_SLOTS);
    }
}
