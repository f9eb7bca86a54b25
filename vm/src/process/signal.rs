//! Signals between processes: messages, exit signals, and the link and
//! monitor bookkeeping, all through one inbox so that signals from one
//! process to another arrive in the order sent (ARCHITECTURE.md, decision 4).

use crate::memory::copy;
use crate::memory::heap::Fragment;
use crate::process::mailbox::Message;
use crate::term::Term;

/// A term copied out of its sender's heap, owned by the signal carrying it.
pub struct Payload {
    /// The term; points into `fragment` (or is an immediate or a literal).
    pub term: Term,
    /// The words of the term.
    pub fragment: Option<Fragment>,
}

impl Payload {
    /// Copies `term` out of the caller's heap.
    pub fn copy(term: Term) -> Payload {
        let (term, fragment) = copy::copy_to_block(term);
        Payload { term, fragment }
    }

    /// A payload that needs no copy: an immediate (atom, small integer, local pid).
    pub fn immediate(term: Term) -> Payload {
        debug_assert!(!term.is_pointer());
        Payload { term, fragment: None }
    }
}

/// One signal to a process.
pub enum Signal {
    /// A message for the mailbox.
    Message(Message),
    /// An exit signal from `from`. `linked` is true when it comes from the
    /// end of a linked process (and false for `exit/2`): only an `exit/2`
    /// `kill` is untrappable, and a link exit is ignored once unlinked.
    Exit {
        /// The sender.
        from: Term,
        /// The exit reason.
        reason: Payload,
        /// Whether the signal is a linked process's ending.
        linked: bool,
    },
    /// A message sent to the receiver's alias `alias`: it reaches the
    /// mailbox only if the alias is still active when the receiver handles
    /// it.
    AliasMessage {
        /// The alias's reference number.
        alias: u64,
        /// The message.
        message: Message,
    },
    /// `from` linked itself to the receiver.
    Link {
        /// The process that linked.
        from: Term,
    },
    /// `from` removed its link to the receiver.
    Unlink {
        /// The process that unlinked.
        from: Term,
    },
    /// `from` monitors the receiver under `reference`.
    Monitor {
        /// The monitoring process.
        from: Term,
        /// The monitor's reference number.
        reference: u64,
    },
    /// `from` removed its monitor `reference`.
    Demonitor {
        /// The monitoring process.
        from: Term,
        /// The monitor's reference number.
        reference: u64,
    },
    /// The process (or node) the receiver monitors under `reference` is
    /// gone. Handling it removes the monitor and puts `message` (the
    /// `'DOWN'` tuple) in the mailbox, unless the receiver removed the
    /// monitor first: so no `'DOWN'` arrives after `demonitor`, as in OTP.
    Down {
        /// The monitor's reference number.
        reference: u64,
        /// The `{'DOWN', Ref, process, Pid, Reason}` message.
        message: Message,
    },
}

impl Message {
    /// A message carrying a copy of `term`, out of the caller's heap.
    pub fn copy(term: Term) -> Message {
        let Payload { term, fragment } = Payload::copy(term);
        Message { term, fragment }
    }
}

impl Signal {
    /// A message carrying a copy of `term`.
    pub fn message(term: Term) -> Signal {
        Signal::Message(Message::copy(term))
    }
}
