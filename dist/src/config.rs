//! What a node needs to know to take part in distribution.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use crate::flags;
use crate::node_name::NodeName;

/// OTP's default `net_ticktime`: a connection silent this long is lost.
pub const DEFAULT_TICK_TIMEOUT: Duration = Duration::from_secs(60);
/// A tick is sent after this much write silence: a quarter of the tick
/// timeout, as OTP does, so a peer hears from us several times per timeout.
pub const DEFAULT_TICK_INTERVAL: Duration = Duration::from_secs(15);
/// OTP's default `net_setuptime`: the deadline of a whole handshake.
pub const DEFAULT_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(7);
/// How many accepted connections may be in their handshake at once by
/// default; accepting one more closes the oldest of them.
pub const DEFAULT_MAX_HANDSHAKES: usize = 256;
/// The largest frame accepted by default (128 MiB). Without fragmentation a
/// message arrives whole in one frame, so this also bounds a message.
pub const DEFAULT_MAX_FRAME_LEN: usize = 128 << 20;

/// The local node's identity and the knobs of its connections.
///
/// Cloned into every listener and connection; nothing here changes once a
/// connection is up.
#[derive(Clone, PartialEq, Eq)]
pub struct Config {
    /// This node's name, sent to every peer.
    pub this: NodeName,
    /// The magic cookie both ends must share.
    pub cookie: String,
    /// This node's creation, from its EPMD registration (0 until registered;
    /// [`Listener::publish`](crate::Listener::publish) fills it in).
    pub creation: u32,
    /// The capability flags announced to peers; [`flags::DEFAULT`] unless
    /// changed. Must keep [`flags::REQUIRED`] for OTP 25 to accept us.
    pub flags: u64,
    /// The address a [`Listener`](crate::Listener) binds:
    /// `0.0.0.0` (all interfaces, as `erl` does) by default, or
    /// `127.0.0.1` to accept only local peers.
    pub listen_addr: IpAddr,
    /// Write silence after which a tick (an empty frame) is sent.
    pub tick_interval: Duration,
    /// Read silence after which a connection is declared lost. Peers tick at
    /// a quarter of their own ticktime, so this should be at least their
    /// tick interval with a margin; OTP's is 60 s.
    pub tick_timeout: Duration,
    /// The deadline of a whole handshake, from the TCP connection to the
    /// last message (OTP's `net_setuptime`): a peer that has not finished
    /// by then is dropped, however steadily it trickles bytes.
    pub handshake_timeout: Duration,
    /// How many accepted connections a [`Listener`](crate::Listener) lets
    /// be in their handshake at once; accepting one more shuts the oldest
    /// of them down, so that slow or silent clients cannot hold every
    /// file descriptor while a node that answers at once still gets in.
    pub max_handshakes: usize,
    /// Largest frame [`Reader::recv`](crate::Reader::recv) accepts; a larger
    /// length is an error for that connection.
    pub max_frame_len: usize,
}

impl Config {
    /// A configuration with the default flags and OTP's default timings,
    /// creation 0, listening on all interfaces.
    pub fn new(this: NodeName, cookie: impl Into<String>) -> Config {
        Config {
            this,
            cookie: cookie.into(),
            creation: 0,
            flags: flags::DEFAULT,
            listen_addr: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            tick_interval: DEFAULT_TICK_INTERVAL,
            tick_timeout: DEFAULT_TICK_TIMEOUT,
            handshake_timeout: DEFAULT_HANDSHAKE_TIMEOUT,
            max_handshakes: DEFAULT_MAX_HANDSHAKES,
            max_frame_len: DEFAULT_MAX_FRAME_LEN,
        }
    }

    /// Sets `net_ticktime` the way `erl -kernel net_ticktime T` does: ticks
    /// every `T/4`, lost after `T`.
    pub fn with_net_ticktime(mut self, ticktime: Duration) -> Config {
        self.tick_timeout = ticktime;
        self.tick_interval = ticktime / 4;
        self
    }

    /// Listens on 127.0.0.1 only.
    pub fn loopback_only(mut self) -> Config {
        self.listen_addr = IpAddr::V4(Ipv4Addr::LOCALHOST);
        self
    }
}

impl fmt::Debug for Config {
    /// Shows everything but the cookie.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("this", &self.this)
            .field("cookie", &"<hidden>")
            .field("creation", &self.creation)
            .field("flags", &flags::describe(self.flags))
            .field("listen_addr", &self.listen_addr)
            .field("tick_interval", &self.tick_interval)
            .field("tick_timeout", &self.tick_timeout)
            .field("handshake_timeout", &self.handshake_timeout)
            .field("max_handshakes", &self.max_handshakes)
            .field("max_frame_len", &self.max_frame_len)
            .finish()
    }
}
