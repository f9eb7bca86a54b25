//! Node names: `name@host`.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// The longest node name (both parts and the `@`) Erlang accepts: an atom
/// holds at most 255 characters.
pub const MAX_NODE_NAME_LEN: usize = 255;

/// A distributed node's name, `name@host`.
///
/// `name` (the "alive" part) is what the node registers with EPMD on `host`;
/// `host` is a short host name (`--sname` style, no dots), a fully qualified
/// host name or an IP address (`--name` style). Two nodes can only talk when
/// both use the same style, as in Erlang.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeName {
    name: String,
    host: String,
}

/// Why a node name was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum NameError {
    /// The text has no `@` separating the name from the host.
    #[error("node name {text:?} has no '@host' part")]
    MissingHost {
        /// The text given.
        text: String,
    },
    /// The part before `@` is empty or holds a character Erlang does not
    /// allow in a node name (letters, digits, `_` and `-` are allowed).
    #[error("node name {text:?}: the part before '@' must be non-empty letters, digits, '_' or '-'")]
    BadName {
        /// The text given.
        text: String,
    },
    /// The host part is empty or holds a character no host name or address has.
    #[error("node name {text:?}: the host part is empty or not a host name or address")]
    BadHost {
        /// The text given.
        text: String,
    },
    /// The whole name is longer than [`MAX_NODE_NAME_LEN`].
    #[error("node name {text:?} is longer than {MAX_NODE_NAME_LEN} bytes")]
    TooLong {
        /// The text given.
        text: String,
    },
    /// `--sname` style was asked for but the host has a dot in it.
    #[error("node name {text:?}: a short name (--sname) must not have a dot in its host")]
    NotShort {
        /// The text given.
        text: String,
    },
    /// `--name` style was asked for but the host is neither qualified nor an address.
    #[error("node name {text:?}: a long name (--name) needs a fully qualified host name or an IP address")]
    NotLong {
        /// The text given.
        text: String,
    },
    /// The machine's host name could not be found.
    #[error("cannot find this machine's host name: {reason}")]
    NoHostname {
        /// What went wrong.
        reason: String,
    },
}

fn valid_alive(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

fn valid_host(host: &str) -> bool {
    !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b':'))
}

impl NodeName {
    /// Makes `name@host` from its parts, checking both.
    pub fn new(name: &str, host: &str) -> Result<NodeName, NameError> {
        let text = format!("{name}@{host}");
        if !valid_alive(name) {
            return Err(NameError::BadName { text });
        }
        if !valid_host(host) {
            return Err(NameError::BadHost { text });
        }
        if text.len() > MAX_NODE_NAME_LEN {
            return Err(NameError::TooLong { text });
        }
        Ok(NodeName { name: name.to_string(), host: host.to_string() })
    }

    /// Parses `name@host` as written (either style). The host is split at the
    /// first `@`.
    pub fn parse(text: &str) -> Result<NodeName, NameError> {
        match text.split_once('@') {
            Some((name, host)) => NodeName::new(name, host),
            None => Err(NameError::MissingHost { text: text.to_string() }),
        }
    }

    /// Parses an `--sname` argument: `name` alone gets this machine's short
    /// host name (the host name up to its first dot); `name@host` must have
    /// no dot in `host`.
    pub fn short(text: &str) -> Result<NodeName, NameError> {
        let node = match text.split_once('@') {
            Some(_) => NodeName::parse(text)?,
            None => {
                let full = hostname()?;
                let short = full.split('.').next().unwrap_or_default().to_string();
                NodeName::new(text, &short)?
            }
        };
        if !node.is_short() {
            return Err(NameError::NotShort { text: text.to_string() });
        }
        Ok(node)
    }

    /// Parses a `--name` argument: `name` alone gets this machine's fully
    /// qualified host name (an error when the host name has no dot: give
    /// `name@host` or `name@ip` instead); `name@host` must have a qualified
    /// host or an IP address.
    pub fn long(text: &str) -> Result<NodeName, NameError> {
        let node = match text.split_once('@') {
            Some(_) => NodeName::parse(text)?,
            None => NodeName::new(text, &hostname()?)?,
        };
        if node.is_short() {
            return Err(NameError::NotLong { text: text.to_string() });
        }
        Ok(node)
    }

    /// The part before `@`, which the node registers with EPMD.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The part after `@`.
    pub fn host(&self) -> &str {
        &self.host
    }

    /// Whether the host is a short name (`--sname` style): no dot and not an
    /// IP address.
    pub fn is_short(&self) -> bool {
        !self.host.contains('.') && !self.host.contains(':')
    }
}

impl fmt::Display for NodeName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.name, self.host)
    }
}

impl FromStr for NodeName {
    type Err = NameError;

    fn from_str(text: &str) -> Result<NodeName, NameError> {
        NodeName::parse(text)
    }
}

/// This machine's host name, as the kernel reports it.
pub fn hostname() -> Result<String, NameError> {
    if let Ok(text) = std::fs::read_to_string("/proc/sys/kernel/hostname") {
        let name = text.trim();
        if !name.is_empty() {
            return Ok(name.to_string());
        }
    }
    let output = std::process::Command::new("hostname")
        .output()
        .map_err(|err| NameError::NoHostname { reason: format!("running `hostname`: {err}") })?;
    let name = String::from_utf8_lossy(&output.stdout).trim().to_string();
    if name.is_empty() {
        return Err(NameError::NoHostname { reason: "`hostname` printed nothing".to_string() });
    }
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_display_round_trip() {
        let node = NodeName::parse("e1@127.0.0.1").unwrap();
        assert_eq!(node.name(), "e1");
        assert_eq!(node.host(), "127.0.0.1");
        assert!(!node.is_short());
        assert_eq!(node.to_string(), "e1@127.0.0.1");
        assert!(NodeName::parse("a@box").unwrap().is_short());
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(matches!(NodeName::parse("nohost"), Err(NameError::MissingHost { .. })));
        assert!(matches!(NodeName::parse("@h"), Err(NameError::BadName { .. })));
        assert!(matches!(NodeName::parse("a b@h"), Err(NameError::BadName { .. })));
        assert!(matches!(NodeName::parse("a@"), Err(NameError::BadHost { .. })));
        assert!(matches!(NodeName::parse("a@h@h"), Err(NameError::BadHost { .. })));
        let long = format!("a@{}", "h".repeat(300));
        assert!(matches!(NodeName::parse(&long), Err(NameError::TooLong { .. })));
    }

    #[test]
    fn styles_are_checked() {
        assert!(matches!(NodeName::short("a@x.y"), Err(NameError::NotShort { .. })));
        assert!(matches!(NodeName::long("a@x"), Err(NameError::NotLong { .. })));
        assert_eq!(NodeName::long("a@10.0.0.1").unwrap().host(), "10.0.0.1");
        let node = NodeName::short("a").unwrap();
        assert!(node.is_short());
        assert!(!node.host().is_empty());
    }
}
