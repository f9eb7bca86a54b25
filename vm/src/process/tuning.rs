//! The settings that tune a process, as `spawn_opt/2..5` and
//! `process_flag/2` give them: `priority`, `message_queue_data`,
//! `min_heap_size`, `min_bin_vheap_size`, `fullsweep_after` and
//! `max_heap_size`.
//!
//! girder acts on `max_heap_size` alone: a collection that leaves the
//! process over its limit writes the report (with `error_logger`) and ends
//! the process with reason `killed` (with `kill`), as on erl. The others
//! are checked as OTP checks them, kept, and given back by `process_info`
//! and `process_flag`, but change nothing: girder's heaps start small and
//! grow on their own, its collector has no generations, every process
//! has the same priority, and every message arrives in a fragment of its
//! own, which the heap absorbs at its next collection. They live in the process's [`Extras`](super::extras::Extras),
//! so that a process spawned without any costs nothing.

use crate::term::map;
use crate::term::{Atom, Term};

/// `{priority, Level}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Priority {
    /// `low`.
    Low,
    /// `normal`, every process's at first.
    #[default]
    Normal,
    /// `high`.
    High,
    /// `max`.
    Max,
}

impl Priority {
    /// The level an atom names.
    pub fn from_term(term: Term) -> Option<Priority> {
        match term.as_atom()?.name() {
            "low" => Some(Priority::Low),
            "normal" => Some(Priority::Normal),
            "high" => Some(Priority::High),
            "max" => Some(Priority::Max),
            _ => None,
        }
    }

    /// The level's name.
    pub fn name(self) -> &'static str {
        match self {
            Priority::Low => "low",
            Priority::Normal => "normal",
            Priority::High => "high",
            Priority::Max => "max",
        }
    }
}

/// `{max_heap_size, Size | #{size => Size, kill => Bool, error_logger => Bool}}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MaxHeapSize {
    /// The limit in words, heap and stack together; 0: none.
    pub size: usize,
    /// Whether a process over its limit is killed.
    pub kill: bool,
    /// Whether a process over its limit is reported.
    pub error_logger: bool,
}

impl MaxHeapSize {
    /// The VM's default (`--max-heap-words`), killing and reporting, as
    /// erl's `+hmax` with its defaults.
    pub fn default_of(words: usize) -> MaxHeapSize {
        MaxHeapSize { size: words, kill: true, error_logger: true }
    }

    /// Reads an option's value as OTP 25 does: a small integer not below
    /// 0, or a map of `size` (required), `kill` and `error_logger` (each
    /// `true` or `false`), other keys ignored. What the value leaves out
    /// is `base`'s (the VM's default, not the process's current setting).
    pub fn from_term(term: Term, base: MaxHeapSize) -> Option<MaxHeapSize> {
        if let Some(size) = non_negative_small(term) {
            return Some(MaxHeapSize { size, ..base });
        }
        if !map::is_map(term) {
            return None;
        }
        let mut limit = MaxHeapSize { size: usize::MAX, ..base };
        for (key, value) in map::map_pairs(term) {
            match key.as_atom().map(Atom::name) {
                Some("size") => limit.size = non_negative_small(value)?,
                Some("kill") => limit.kill = boolean(value)?,
                Some("error_logger") => limit.error_logger = boolean(value)?,
                _ => {}
            }
        }
        (limit.size != usize::MAX).then_some(limit)
    }
}

/// A process's settings. Each `None` is the VM's default.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tuning {
    /// `priority`.
    pub priority: Priority,
    /// `message_queue_data`: `off_heap` (true) or `on_heap`.
    pub off_heap_messages: bool,
    /// `min_heap_size`, in words, as OTP rounds it ([`next_heap_size`]).
    pub min_heap_size: Option<usize>,
    /// `min_bin_vheap_size`, in words, as OTP rounds it.
    pub min_bin_vheap_size: Option<usize>,
    /// `fullsweep_after`.
    pub fullsweep_after: Option<usize>,
    /// `max_heap_size`.
    pub max_heap_size: Option<MaxHeapSize>,
}

/// The smallest heap OTP gives a process, in words.
pub const OTP_MIN_HEAP_SIZE: usize = 233;

/// The smallest virtual binary heap OTP gives a process, in words.
pub const OTP_MIN_BIN_VHEAP_SIZE: usize = 46_422;

/// `fullsweep_after` when nothing sets it.
pub const DEFAULT_FULLSWEEP_AFTER: usize = 65_535;

/// The heap size OTP gives a process that asks for at least `words`: the
/// first of OTP's heap sizes (12, 38, then each the sum of the two before
/// plus one, up to the 23rd; then each a fifth larger than the one
/// before) that is not below `words`, and not below `minimum`.
pub fn next_heap_size(words: usize, minimum: usize) -> usize {
    let words = words.max(minimum);
    let (mut before, mut size) = (12usize, 38usize);
    if words <= before {
        return before;
    }
    let mut index = 1;
    while size < words {
        let next = if index < 22 { size + before + 1 } else { size.saturating_add(size / 5) };
        if next == size {
            return words;
        }
        (before, size) = (size, next);
        index += 1;
    }
    size
}

/// A small integer not below 0.
pub fn non_negative_small(term: Term) -> Option<usize> {
    term.as_small().and_then(|n| usize::try_from(n).ok())
}

fn boolean(term: Term) -> Option<bool> {
    match term.as_atom()?.name() {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heap_sizes_are_otps() {
        assert_eq!(next_heap_size(0, OTP_MIN_HEAP_SIZE), 233);
        assert_eq!(next_heap_size(500, OTP_MIN_HEAP_SIZE), 610);
        assert_eq!(next_heap_size(1000, OTP_MIN_HEAP_SIZE), 1598);
        assert_eq!(next_heap_size(2000, OTP_MIN_HEAP_SIZE), 2586);
        assert_eq!(next_heap_size(1_000_000, OTP_MIN_HEAP_SIZE), 1_199_557);
        assert_eq!(next_heap_size(1, OTP_MIN_BIN_VHEAP_SIZE), 46_422);
    }
}
