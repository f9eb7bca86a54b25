//! A process's mailbox: messages in arrival order, each in its own fragment,
//! and the cursor selective receive scans with.
//!
//! The receive cursor makes a wake-up resume the scan where it stopped: a
//! message already skipped is not matched again until the receive ends
//! (`remove_message` or `timeout` resets the cursor).

use crate::heap::WordBlock;
use crate::term::Term;
use std::collections::VecDeque;

/// One message: the term and the fragment its boxed parts live in.
pub struct Message {
    /// The message term; points into `fragment` (or is an immediate or a literal).
    pub term: Term,
    /// The words of the message, owned by the message until it is received.
    pub fragment: Option<WordBlock>,
}

/// The messages of one process, and the receive cursor.
#[derive(Default)]
pub struct Mailbox {
    messages: VecDeque<Message>,
    cursor: usize,
    /// Messages handed to `loop_rec` over the process's life: how the
    /// tests prove a wake-up does not rescan what was already skipped.
    scans: u64,
}

impl Mailbox {
    /// Appends a message (from any sender, in arrival order).
    pub fn push(&mut self, message: Message) {
        self.messages.push_back(message);
    }

    /// How many messages are waiting.
    pub fn len(&self) -> usize {
        self.messages.len()
    }

    /// Whether no message is waiting.
    pub fn is_empty(&self) -> bool {
        self.messages.is_empty()
    }

    /// The message at the cursor, if the scan has not passed the last one.
    #[inline]
    pub fn current(&self) -> Option<Term> {
        self.messages.get(self.cursor).map(|message| message.term)
    }

    /// The message at the cursor, for the receive loop: its fragment is
    /// handed to `adopt` (the process heap) first, because once the term is
    /// in a register the collector must be free to move it.
    #[inline]
    pub fn take_current(&mut self, adopt: impl FnOnce(WordBlock)) -> Option<Term> {
        let message = self.messages.get_mut(self.cursor)?;
        self.scans += 1;
        if let Some(fragment) = message.fragment.take() {
            adopt(fragment);
        }
        Some(message.term)
    }

    /// The terms of messages whose words now belong to the process heap:
    /// roots for the collector, which rewrites them in place.
    pub fn adopted_terms_mut(&mut self) -> impl Iterator<Item = &mut Term> {
        self.messages
            .iter_mut()
            .filter(|message| message.fragment.is_none() && message.term.is_pointer())
            .map(|message| &mut message.term)
    }

    /// Moves the cursor past the current message.
    #[inline]
    pub fn advance(&mut self) {
        self.cursor += 1;
    }

    /// Removes the message at the cursor and resets the cursor; returns its fragment.
    pub fn remove_current(&mut self) -> Option<Message> {
        let message = self.messages.remove(self.cursor);
        self.cursor = 0;
        message
    }

    /// Removes every message whose term satisfies `remove`, keeping the
    /// others in order, and resets the cursor (`demonitor(Ref, [flush])`).
    pub fn remove_where(&mut self, mut remove: impl FnMut(Term) -> bool) {
        self.messages.retain(|message| !remove(message.term));
        self.cursor = 0;
    }

    /// Drops every message; fragments still owned by messages go to `adopt`
    /// (the heap), since terms already read may point into them.
    pub fn clear(&mut self, mut adopt: impl FnMut(WordBlock)) {
        for message in self.messages.drain(..) {
            if let Some(fragment) = message.fragment {
                adopt(fragment);
            }
        }
        self.cursor = 0;
    }

    /// Resets the cursor to the first message (a receive ended by timeout).
    pub fn reset_cursor(&mut self) {
        self.cursor = 0;
    }

    /// How many times `loop_rec` was handed a message.
    pub fn scans(&self) -> u64 {
        self.scans
    }

    /// The position of the cursor (messages already scanned).
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// The message terms, oldest first.
    pub fn terms(&self) -> impl Iterator<Item = Term> + '_ {
        self.messages.iter().map(|message| message.term)
    }

    /// Bytes held by waiting messages.
    pub fn memory_bytes(&self) -> usize {
        self.messages
            .iter()
            .map(|message| std::mem::size_of::<Message>() + message.fragment.as_ref().map_or(0, |f| f.n_words() * 8))
            .sum()
    }
}
