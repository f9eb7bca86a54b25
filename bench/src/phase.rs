//! The machine-readable lines benchmark programs print.
//!
//! A phase line is a word, a count and a time in nanoseconds
//! (`spawn 1000000 123456789`); a checksum line is `checksum C`. Any other
//! line (a warning from `erl`, say) is ignored.

use crate::sampler::Line;
use anyhow::{bail, Context};

/// One timed phase of a program.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phase {
    /// Its name: `spawn`, `settle`, `hops`, `teardown`, ...
    pub name: String,
    /// How many things it did: processes spawned, hops made, ...
    pub count: u64,
    /// How long it took, in nanoseconds.
    pub ns: u64,
    /// The program's resident memory when the line was read, in bytes.
    pub resident_bytes: Option<u64>,
}

impl Phase {
    /// Nanoseconds per thing done (per round trip, per process, ...).
    pub fn ns_per_item(&self) -> f64 {
        self.ns as f64 / self.count.max(1) as f64
    }
}

/// Every phase a program printed, and its checksum line if any.
#[derive(Clone, Debug, Default)]
pub struct Phases {
    /// The phases, in the order printed.
    pub phases: Vec<Phase>,
    /// The number on the `checksum` line.
    pub checksum: Option<u64>,
}

impl Phases {
    /// Picks the phase and checksum lines out of a program's output.
    pub fn parse(lines: &[Line]) -> Phases {
        let mut phases = Phases::default();
        for line in lines {
            let words: Vec<&str> = line.text.split_whitespace().collect();
            match words[..] {
                ["checksum", value] => phases.checksum = value.parse().ok(),
                [name, count, ns] => {
                    if let (Ok(count), Ok(ns)) = (count.parse(), ns.parse()) {
                        phases.phases.push(Phase {
                            name: name.to_string(),
                            count,
                            ns,
                            resident_bytes: line.resident_bytes,
                        });
                    }
                }
                _ => {}
            }
        }
        phases
    }

    /// The phase of this name.
    pub fn get(&self, name: &str) -> anyhow::Result<&Phase> {
        self.phases
            .iter()
            .find(|phase| phase.name == name)
            .with_context(|| format!("the program printed no `{name} COUNT NS` line"))
    }

    /// The resident memory read with the phase's line.
    pub fn resident_after(&self, name: &str) -> anyhow::Result<u64> {
        self.get(name)?.resident_bytes.with_context(|| {
            format!(
                "the program ended before its memory could be read after `{name}`: \
                 give it more rounds, so that it runs a few milliseconds longer"
            )
        })
    }

    /// The checksum, which must be `expected`.
    pub fn checked_checksum(&self, expected: u64) -> anyhow::Result<u64> {
        match self.checksum {
            Some(value) if value == expected => Ok(value),
            Some(value) => bail!("wrong checksum: {value}, expected {expected}"),
            None => bail!("the program printed no `checksum C` line"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, resident: u64) -> Line {
        Line { text: text.into(), resident_bytes: Some(resident) }
    }

    #[test]
    fn phases_and_checksum_are_picked_out() {
        let lines = [
            line("=WARNING REPORT==== something", 1),
            line("spawn 1000 5000", 10),
            line("hops 3000 9000", 20),
            line("checksum 4000", 30),
        ];
        let phases = Phases::parse(&lines);
        assert_eq!(
            phases.get("spawn").unwrap(),
            &Phase { name: "spawn".into(), count: 1000, ns: 5000, resident_bytes: Some(10) }
        );
        assert_eq!(phases.resident_after("hops").unwrap(), 20);
        assert!(phases.get("settle").is_err());
        assert_eq!(phases.checked_checksum(4000).unwrap(), 4000);
        assert!(phases.checked_checksum(4001).is_err());
    }
}
