//! How to run a twin on Erlang/OTP: its flags, and whether it fits.
//!
//! Erlang/OTP 25 needs about 2,800 resident bytes for a process blocked in
//! `receive` with its default 233-word minimum heap, and about 1,020 with
//! `+hms 12` (12-word minimum heaps); its process table takes a word per
//! allowed process (`+P`). Above [`TUNED_ABOVE`] processes a twin runs with
//! `+hms 12`, the tuned OTP that fits the most; before any run the memory it
//! would need is estimated, and a run that would not fit comfortably is
//! skipped rather than allowed to exhaust the machine.

use crate::memory::Machine;
use crate::report::{bytes, thousands};

/// Above this many processes, erl runs with `+hms 12`.
pub const TUNED_ABOVE: u64 = 3_000_000;

/// Resident bytes a process takes on default Erlang/OTP.
const DEFAULT_BYTES_PER_PROC: u64 = 2_800;

/// Resident bytes a process takes with `+hms 12`.
const TUNED_BYTES_PER_PROC: u64 = 1_020;

/// The resident memory of an idle `erl -noshell`, with room to spare.
const BASE_BYTES: u64 = 150_000_000;

/// How erl will run a twin with some number of processes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    /// The emulator flags: `+P`, `+S`, and `+hms 12` when tuned.
    pub flags: Vec<String>,
    /// Whether `+hms 12` is among them.
    pub tuned: bool,
    /// The resident memory the run is expected to need, in bytes.
    pub estimate_bytes: u64,
}

impl Plan {
    /// The plan for a twin that keeps up to `procs` processes alive on
    /// `schedulers` schedulers.
    pub fn new(procs: u64, schedulers: usize) -> Plan {
        let tuned = procs > TUNED_ABOVE;
        let max_processes = (procs + 1000).max(1024);
        let mut flags = vec!["+P".to_string(), max_processes.to_string(), "+S".to_string(), schedulers.to_string()];
        if tuned {
            flags.extend(["+hms".to_string(), "12".to_string()]);
        }
        let per_proc = if tuned { TUNED_BYTES_PER_PROC } else { DEFAULT_BYTES_PER_PROC };
        let estimate_bytes = BASE_BYTES + procs * per_proc + max_processes * 8;
        Plan { flags, tuned, estimate_bytes }
    }

    /// Why the run should be skipped on `machine`, if it should.
    pub fn does_not_fit(&self, procs: u64, machine: Option<Machine>) -> Option<String> {
        let machine = machine?;
        let comfortable = machine.comfortable();
        (self.estimate_bytes > comfortable).then(|| {
            format!(
                "erl skipped at {} processes: it would need about {} ({} bytes a process{}), more than the {} a run may comfortably take here ({} available)",
                thousands(procs),
                bytes(self.estimate_bytes as f64),
                thousands(if self.tuned { TUNED_BYTES_PER_PROC } else { DEFAULT_BYTES_PER_PROC }),
                if self.tuned { " with +hms 12" } else { "" },
                bytes(comfortable as f64),
                bytes(machine.available as f64)
            )
        })
    }

    /// A sentence saying the run is tuned, when it is.
    pub fn tuned_note(&self, procs: u64) -> Option<String> {
        self.tuned.then(|| {
            format!(
                "erl at {} processes runs with +hms 12 (12-word minimum heaps): above {} processes only the tuned Erlang/OTP fits this machine",
                thousands(procs),
                thousands(TUNED_ABOVE)
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MACHINE: Machine = Machine { total: 24 << 30, available: 22 << 30 };

    #[test]
    fn small_rings_run_default_otp() {
        let plan = Plan::new(1_000_000, 2);
        assert_eq!(plan.flags, ["+P", "1001000", "+S", "2"]);
        assert!(!plan.tuned);
        assert!(plan.tuned_note(1_000_000).is_none());
        assert!(plan.does_not_fit(1_000_000, Some(MACHINE)).is_none());
        assert_eq!(Plan::new(10, 1).flags, ["+P", "1024", "+S", "1"]);
    }

    #[test]
    fn large_rings_run_tuned_otp() {
        let plan = Plan::new(5_000_000, 2);
        assert_eq!(plan.flags, ["+P", "5001000", "+S", "2", "+hms", "12"]);
        assert!(plan.tuned_note(5_000_000).unwrap().contains("+hms 12"));
        assert!(plan.does_not_fit(5_000_000, Some(MACHINE)).is_none());
    }

    #[test]
    fn twenty_million_does_not_fit_this_machine() {
        let plan = Plan::new(20_000_000, 2);
        let reason = plan.does_not_fit(20_000_000, Some(MACHINE)).unwrap();
        assert!(reason.contains("erl skipped at 20,000,000 processes"), "{reason}");
        assert!(plan.does_not_fit(20_000_000, None).is_none());
    }
}
