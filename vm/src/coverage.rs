//! Counts of what the interpreter executed, for the conformance suite's
//! coverage check: each op of the op array dispatched (and how often its
//! fast path did not apply, so the generic handler ran instead), each
//! instruction executed (by opcode, through its op or its generic
//! handler), and each BIF called.
//!
//! Counting happens only with the `coverage` feature of `girder-vm`; in
//! the default build every counting call is compiled out, the dispatch
//! loop is unchanged, and [`report`] returns `None`. `girder run` writes
//! the report to the file named by `GIRDER_COVERAGE_FILE` when there is
//! one.
//!
//! Threads: each thread counts into its own counters (only it writes
//! them), registered once in a shared list, so counting takes no lock and
//! shares no cache line; [`report`] sums every thread's counters, those of
//! threads still running included.

#[cfg(feature = "coverage")]
mod counting {
    use crate::interp::fast::Op;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Mutex;

    /// One thread's counters.
    pub(super) struct Counters {
        pub(super) ops: Box<[AtomicU64]>,
        pub(super) fallbacks: Box<[AtomicU64]>,
        pub(super) instructions: Box<[AtomicU64]>,
        pub(super) bifs: Box<[AtomicU64]>,
    }

    fn zeroes(n: usize) -> Box<[AtomicU64]> {
        (0..n).map(|_| AtomicU64::new(0)).collect()
    }

    /// Every thread's counters, for [`super::report`].
    pub(super) static ALL: Mutex<Vec<&'static Counters>> = Mutex::new(Vec::new());

    thread_local! {
        static MINE: &'static Counters = {
            // Kept for the life of the program, so that a report made after
            // the thread ended still counts what it did.
            let counters: &'static Counters = Box::leak(Box::new(Counters {
                ops: zeroes(Op::NAMES.len()),
                fallbacks: zeroes(Op::NAMES.len()),
                instructions: zeroes(256),
                bifs: zeroes(girder_spec::BIFS.len()),
            }));
            ALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).push(counters);
            counters
        };
    }

    /// Adds one to a counter only this thread writes.
    fn bump(counter: &AtomicU64) {
        counter.store(counter.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    /// The op `op` was dispatched at an instruction with opcode `opcode`.
    pub(crate) fn op(op: Op, opcode: u8) {
        let _ = MINE.try_with(|counters| {
            bump(&counters.ops[op.index()]);
            bump(&counters.instructions[usize::from(opcode)]);
        });
    }

    /// The fast path of `op` did not apply: the generic handler runs.
    pub(crate) fn fell_back(op: Op) {
        let _ = MINE.try_with(|counters| bump(&counters.fallbacks[op.index()]));
    }

    /// BIF `index` of the BIF table was called.
    pub(crate) fn bif(index: u16) {
        let _ = MINE.try_with(|counters| bump(&counters.bifs[usize::from(index)]));
    }
}

#[cfg(feature = "coverage")]
pub(crate) use counting::{bif, fell_back, op};

/// What ran so far, in every thread, one count a line: `instruction NAME
/// N`, `op NAME N FALLBACKS` (an op of the op array, dispatched N times, of
/// which FALLBACKS ran the generic handler) and `bif MODULE:NAME/ARITY N`,
/// every instruction, op and BIF listed; `None` without the `coverage`
/// feature.
pub fn report() -> Option<String> {
    #[cfg(feature = "coverage")]
    {
        use std::fmt::Write as _;
        use std::sync::atomic::Ordering;
        let all = counting::ALL.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let sum = |counters: fn(&counting::Counters) -> &[std::sync::atomic::AtomicU64], index: usize| -> u64 {
            all.iter().map(|thread| counters(thread)[index].load(Ordering::Relaxed)).sum()
        };
        let mut text = String::new();
        for info in girder_spec::INSTRUCTIONS {
            let n = sum(|counters| &counters.instructions, usize::from(info.opcode));
            let _ = writeln!(text, "instruction {} {n}", info.name);
        }
        for (index, name) in crate::interp::fast::Op::NAMES.iter().enumerate() {
            let (n, fallbacks) = (sum(|counters| &counters.ops, index), sum(|counters| &counters.fallbacks, index));
            let _ = writeln!(text, "op {name} {n} {fallbacks}");
        }
        for bif in girder_spec::BIFS {
            let n = sum(|counters| &counters.bifs, usize::from(bif.index));
            let _ = writeln!(text, "bif {}:{}/{} {n}", bif.module, bif.name, bif.arity);
        }
        Some(text)
    }
    #[cfg(not(feature = "coverage"))]
    None
}
