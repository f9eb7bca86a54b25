//! What a process holds only once it uses it: its dictionary, its aliases,
//! the options of its monitors that have some, a group leader other than
//! the node's, and settings other than the defaults (priority, heap
//! sizes). Most processes of a large system use none of these, so a
//! [`Process`](super::Process) holds them behind one pointer that stays
//! null until the first use (ARCHITECTURE.md, decision 7).
//!
//! ## Aliases
//!
//! An alias is a reference that works as an address: a message sent to
//! it reaches the process that made it while the alias is active. The
//! reference carries its owner's pid (a reference box of two payload
//! words, [`build::alias_reference`](crate::term::build::alias_reference)),
//! so a send finds the owner without any table, and pushes the message
//! as a [`Signal::AliasMessage`](super::signal::Signal::AliasMessage). The
//! owner decides when it handles that signal, as BEAM's does: a message to
//! an alias deactivated since is dropped, whenever it was sent.

use super::dictionary::Dictionary;
use super::signal::Payload;
use super::tuning::Tuning;
use crate::term::Term;

/// When an alias stops being active, besides `unalias/1`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AliasMode {
    /// Only `unalias/1` deactivates it (`alias/0`, `{alias, explicit_unalias}`).
    ExplicitUnalias,
    /// The first message received through it deactivates it (`alias([reply])`).
    Reply,
    /// Removing its monitor, or the monitor firing, deactivates it
    /// (`{alias, demonitor}`).
    Demonitor,
    /// As [`AliasMode::Demonitor`], and the first message received through
    /// it also removes the monitor (`{alias, reply_demonitor}`).
    ReplyDemonitor,
}

impl AliasMode {
    /// Whether a message received through the alias deactivates it.
    pub fn ends_on_reply(self) -> bool {
        matches!(self, AliasMode::Reply | AliasMode::ReplyDemonitor)
    }

    /// Whether removing the alias's monitor (or its firing) deactivates it.
    pub fn ends_with_monitor(self) -> bool {
        matches!(self, AliasMode::Demonitor | AliasMode::ReplyDemonitor)
    }
}

/// The rarely used parts of a process.
#[derive(Default)]
pub struct Extras {
    /// The process dictionary.
    pub dictionary: Dictionary,
    /// Active aliases, by reference number.
    aliases: Vec<(u64, AliasMode)>,
    /// The tags of monitors made with `{tag, Tag}`, by reference number:
    /// their `'DOWN'` messages carry the tag in place of `'DOWN'`. Each tag
    /// is a copy the entry owns, outside the heap.
    monitor_tags: Vec<(u64, Payload)>,
    /// The group leader, when it is a local process (a leader on another
    /// node is kept by distribution, `dist::io`; with neither, the leader
    /// is the node's standard output).
    pub group_leader: Option<Term>,
    /// The settings of `spawn_opt` and `process_flag` (priority, heap
    /// sizes and the like), when any differs from the default.
    pub tuning: Tuning,
}

impl Extras {
    /// Makes alias `number` active in `mode`.
    pub fn activate_alias(&mut self, number: u64, mode: AliasMode) {
        self.aliases.push((number, mode));
    }

    /// The mode of alias `number`, if it is active.
    pub fn alias_mode(&self, number: u64) -> Option<AliasMode> {
        self.aliases.iter().find(|&&(active, _)| active == number).map(|&(_, mode)| mode)
    }

    /// Deactivates alias `number`; whether it was active.
    pub fn deactivate_alias(&mut self, number: u64) -> bool {
        match self.aliases.iter().position(|&(active, _)| active == number) {
            Some(index) => {
                self.aliases.swap_remove(index);
                true
            }
            None => false,
        }
    }

    /// Records the tag of monitor `number`.
    pub fn set_monitor_tag(&mut self, number: u64, tag: Payload) {
        self.monitor_tags.push((number, tag));
    }

    /// Forgets monitor `number`'s options, once the monitor is gone:
    /// removes its tag, returning it, and deactivates an alias that ends
    /// with it.
    pub fn monitor_gone(&mut self, number: u64) -> Option<Payload> {
        if self.alias_mode(number).is_some_and(AliasMode::ends_with_monitor) {
            self.deactivate_alias(number);
        }
        let index = self.monitor_tags.iter().position(|(tagged, _)| *tagged == number)?;
        Some(self.monitor_tags.swap_remove(index).1)
    }

    /// Bytes held outside the heap.
    pub fn memory_bytes(&self) -> usize {
        std::mem::size_of::<Extras>()
            + self.dictionary.memory_bytes()
            + self.aliases.capacity() * std::mem::size_of::<(u64, AliasMode)>()
            + self.monitor_tags.capacity() * std::mem::size_of::<(u64, Payload)>()
    }
}
