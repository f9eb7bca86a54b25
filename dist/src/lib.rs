//! Erlang's distribution protocol, below the level of terms: how a girder
//! node finds other nodes, proves it shares their cookie, and exchanges
//! frames with them, so that girder nodes and Erlang/OTP (23 and later) nodes
//! can be peers.
//!
//! # The flow
//!
//! 1. **EPMD.** Each host runs one port mapper daemon on TCP port 4369
//!    ([`epmd`]). A node binds a [`Listener`] on an ephemeral port and
//!    registers `name → port` with its host's EPMD; the open registration
//!    connection is the registration, and EPMD hands back a *creation*
//!    number that tells successive incarnations of the name apart.
//! 2. **Handshake.** To reach `name@host`, a node asks the EPMD on `host` for
//!    the port, connects, and runs the version-6 handshake ([`handshake`]):
//!    both sides exchange names, capability [`flags`] and creations, then each
//!    proves it knows the shared [`cookie`] by answering the other's random
//!    challenge with `MD5(cookie ++ decimal(challenge))`.
//! 3. **Frames.** The connection then carries frames: a 4-byte length and,
//!    with the flags girder announces, a pass-through message (the byte 112,
//!    a control message and an optional payload, each in the external term
//!    format). Empty frames are ticks that keep an idle connection alive; a
//!    connection silent for the tick timeout is lost ([`Reader`], [`Writer`]).
//!
//! This crate moves bytes only: encoding and decoding terms, and acting on
//! control messages, belong to the VM.
//!
//! # Example
//!
//! ```no_run
//! use girder_dist::{connect, cookie, Config, Listener, NodeName};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let this = NodeName::long("g@127.0.0.1")?;
//! let mut listener = Listener::bind(Config::new(this, cookie::default_cookie()?))?;
//! listener.publish()?; // EPMD registration; sets the creation
//! let peer = NodeName::parse("e1@127.0.0.1")?;
//! let (mut reader, writer) = connect(listener.config(), &peer)?.split();
//! writer.send(&[/* control message and payload, each 131 ... */])?;
//! let frame = reader.recv()?; // bytes after the 112
//! # let _ = frame;
//! # Ok(())
//! # }
//! ```

pub mod config;
pub mod connection;
pub mod cookie;
pub mod epmd;
pub mod flags;
pub mod handshake;
pub mod listener;
pub mod node_name;
mod random;

pub use config::Config;
pub use connection::{ConnError, Connection, Reader, Writer, PASS_THROUGH};
pub use epmd::{EpmdError, Registration};
pub use handshake::{challenge_digest, Admission, HandshakeError};
pub use listener::{connect, connect_to, Incoming, Listener};
pub use node_name::{NameError, NodeName};
