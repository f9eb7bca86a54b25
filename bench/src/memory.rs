//! Memory figures from Linux's `/proc`: a process's resident set, and how
//! much memory this machine has.

use std::path::Path;

/// Resident memory of a running process, in bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Resident {
    /// Resident set size now (`VmRSS`).
    pub now: u64,
    /// The highest resident set size so far (`VmHWM`, the high-water mark).
    pub peak: u64,
}

/// Reads the resident memory of process `pid`; `None` once it has exited
/// (or on a system without `/proc`).
pub fn resident(pid: u32) -> Option<Resident> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let now = field_kib(&text, "VmRSS:")? * 1024;
    let peak = field_kib(&text, "VmHWM:").map_or(now, |kib| kib * 1024);
    Some(Resident { now, peak: peak.max(now) })
}

/// This machine's memory, in bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Machine {
    /// All of it (`MemTotal`).
    pub total: u64,
    /// What the kernel says could be used now without swapping (`MemAvailable`).
    pub available: u64,
}

impl Machine {
    /// Reads `/proc/meminfo`; `None` on a system without it.
    pub fn read() -> Option<Machine> {
        Machine::parse(&std::fs::read_to_string(Path::new("/proc/meminfo")).ok()?)
    }

    /// Parses the text of `/proc/meminfo`.
    pub fn parse(text: &str) -> Option<Machine> {
        let total = field_kib(text, "MemTotal:")? * 1024;
        let available = field_kib(text, "MemAvailable:").map_or(total, |kib| kib * 1024);
        Some(Machine { total, available })
    }

    /// The most memory one benchmark run may comfortably take: three
    /// quarters of what is available now, and never more than 16 GiB, so
    /// that a run stays well clear of exhausting a shared machine.
    pub fn comfortable(&self) -> u64 {
        (self.available / 4 * 3).min(16 << 30)
    }

    /// The resident size at which a run is stopped: 80% of all memory, and
    /// never more than [`MAX_RUN_BYTES`].
    pub fn hard_limit(&self) -> u64 {
        (self.total / 100 * 80).min(MAX_RUN_BYTES)
    }
}

/// The most resident memory any run may reach, whatever the machine.
pub const MAX_RUN_BYTES: u64 = 18 << 30;

/// The resident size at which a run is stopped on this machine (or on one
/// whose memory is unknown).
pub fn run_limit(machine: Option<Machine>) -> u64 {
    machine.map_or(MAX_RUN_BYTES, |machine| machine.hard_limit())
}

/// The value of a `Name:   123 kB` line, in KiB.
fn field_kib(text: &str, name: &str) -> Option<u64> {
    let line = text.lines().find(|line| line.starts_with(name))?;
    line[name.len()..].split_whitespace().next()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meminfo_is_parsed() {
        let text = "MemTotal:       24000000 kB\nMemFree:        1000 kB\nMemAvailable:   20000000 kB\n";
        let machine = Machine::parse(text).unwrap();
        assert_eq!(machine.total, 24_000_000 * 1024);
        assert_eq!(machine.available, 20_000_000 * 1024);
        assert_eq!(machine.comfortable(), 15_000_000 * 1024);
        assert_eq!(machine.hard_limit(), MAX_RUN_BYTES);
        assert_eq!(Machine::parse("MemTotal: 8000000 kB\n").unwrap().hard_limit(), 8_000_000 * 1024 / 100 * 80);
        assert_eq!(Machine { total: 64 << 30, available: 60 << 30 }.hard_limit(), MAX_RUN_BYTES);
        assert_eq!(Machine { total: 64 << 30, available: 60 << 30 }.comfortable(), 16 << 30);
    }

    #[test]
    fn this_process_is_resident() {
        let me = resident(std::process::id()).expect("/proc/self/status");
        assert!(me.now > 0 && me.peak >= me.now);
    }
}
