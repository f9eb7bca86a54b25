//! Accepting and making connections.
//!
//! A handshake has one deadline, [`Config::handshake_timeout`] after the
//! connection was made, however its bytes arrive: a peer that sends one
//! byte a second cannot keep a connection open by never being silent for
//! long. And at most [`Config::max_handshakes`] accepted connections are in
//! their handshake at once: accepting one more shuts the oldest down, so a
//! crowd of slow or silent clients holds a bounded number of descriptors
//! and threads, and a node that answers promptly still gets in.

use std::collections::VecDeque;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::connection::Connection;
use crate::epmd::{self, EpmdError, Registration};
use crate::handshake::{self, Admission, HandshakeError};
use crate::node_name::NodeName;

/// A socket accepting distribution connections for this node.
#[derive(Debug)]
pub struct Listener {
    listener: TcpListener,
    config: Config,
    registration: Option<Registration>,
    handshaking: Arc<Mutex<Handshaking>>,
}

/// The accepted connections whose handshake is under way, oldest first.
#[derive(Debug, Default)]
struct Handshaking {
    next_id: u64,
    streams: VecDeque<(u64, Arc<TcpStream>)>,
}

fn lock(handshaking: &Mutex<Handshaking>) -> MutexGuard<'_, Handshaking> {
    handshaking.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Shuts down the oldest connection still in its handshake, if any; its
/// descriptor is closed when its handshake's thread lets go of it.
fn shed_oldest(handshaking: &Mutex<Handshaking>) -> bool {
    let oldest = lock(handshaking).streams.pop_front();
    match oldest {
        Some((_, stream)) => {
            let _ = stream.shutdown(Shutdown::Both);
            true
        }
        None => false,
    }
}

/// An accepted connection's place among those in their handshake; leaving
/// it (dropping it) takes the connection off the list.
#[derive(Debug)]
struct Slot {
    id: u64,
    handshaking: Arc<Mutex<Handshaking>>,
}

impl Slot {
    /// Takes the connection off the list; false when it was no longer
    /// there, because it was shut down to make room for a newer one.
    fn leave(&self) -> bool {
        let mut handshaking = lock(&self.handshaking);
        match handshaking.streams.iter().position(|(id, _)| *id == self.id) {
            Some(position) => {
                handshaking.streams.remove(position);
                true
            }
            None => false,
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.leave();
    }
}

impl Listener {
    /// Binds an ephemeral port on [`Config::listen_addr`]. The node is not
    /// known to EPMD until [`Listener::publish`].
    pub fn bind(config: Config) -> io::Result<Listener> {
        let listener = TcpListener::bind(SocketAddr::new(config.listen_addr, 0))?;
        Ok(Listener { listener, config, registration: None, handshaking: Arc::default() })
    }

    /// The port accepted on.
    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|addr| addr.port()).unwrap_or(0)
    }

    /// The configuration this listener hands to its connections; after
    /// [`Listener::publish`] its `creation` is the one EPMD assigned, so pass
    /// this to [`connect`] too.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Makes sure EPMD runs ([`epmd::ensure_running`]), registers this node's
    /// name and port with it, and takes the creation it assigns. The
    /// registration lasts as long as the listener. Returns the creation.
    pub fn publish(&mut self) -> Result<u32, EpmdError> {
        epmd::ensure_running()?;
        let registration = epmd::register(self.config.this.name(), self.port())?;
        self.config.creation = registration.creation();
        self.registration = Some(registration);
        Ok(self.config.creation)
    }

    /// The EPMD registration, once published.
    pub fn registration(&self) -> Option<&Registration> {
        self.registration.as_ref()
    }

    /// Waits for the next TCP connection without doing its handshake, so
    /// that the handshake can run on another thread and a slow peer does not
    /// hold up the others.
    ///
    /// The handshake's deadline starts now. When [`Config::max_handshakes`]
    /// accepted connections are still in their handshake, the oldest is
    /// shut down to make room (its handshake fails with
    /// [`HandshakeError::Shed`]).
    pub fn incoming(&self) -> io::Result<Incoming> {
        let (stream, addr) = self.listener.accept()?;
        let deadline = Instant::now() + self.config.handshake_timeout;
        let stream = Arc::new(stream);
        let id = {
            let mut handshaking = lock(&self.handshaking);
            while handshaking.streams.len() >= self.config.max_handshakes.max(1) {
                let Some((_, oldest)) = handshaking.streams.pop_front() else { break };
                let _ = oldest.shutdown(Shutdown::Both);
            }
            let id = handshaking.next_id;
            handshaking.next_id += 1;
            handshaking.streams.push_back((id, Arc::clone(&stream)));
            id
        };
        let slot = Slot { id, handshaking: Arc::clone(&self.handshaking) };
        Ok(Incoming { stream, addr, config: self.config.clone(), deadline, slot })
    }

    /// Shuts down the oldest connection still in its handshake, if any, and
    /// says whether there was one: what to do when `accept` fails for lack
    /// of file descriptors, so that the descriptor goes to a newer peer.
    pub fn shed_oldest_handshake(&self) -> bool {
        shed_oldest(&self.handshaking)
    }

    /// How many accepted connections are in their handshake now.
    pub fn handshakes_in_progress(&self) -> usize {
        lock(&self.handshaking).streams.len()
    }

    /// Accepts the next connection and completes the accepting side of the
    /// handshake, admitting every node that knows the cookie (status `ok`).
    pub fn accept(&self) -> Result<Connection, HandshakeError> {
        self.incoming()?.handshake()
    }

    /// Like [`Listener::accept`], with `admit` choosing the status answered
    /// once the peer's name and flags are known (simultaneous connects,
    /// existing connections, allowed-node lists).
    pub fn accept_with(&self, admit: impl FnMut(&NodeName, u64) -> Admission) -> Result<Connection, HandshakeError> {
        self.incoming()?.handshake_with(admit)
    }
}

/// A TCP connection accepted by a [`Listener`] whose handshake has not run.
#[derive(Debug)]
pub struct Incoming {
    stream: Arc<TcpStream>,
    addr: SocketAddr,
    config: Config,
    deadline: Instant,
    slot: Slot,
}

impl Incoming {
    /// The address the connection came from.
    pub fn peer_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Runs the accepting side of the handshake, admitting every node that
    /// knows the cookie.
    pub fn handshake(self) -> Result<Connection, HandshakeError> {
        self.handshake_with(|_, _| Admission::Accept)
    }

    /// Runs the accepting side of the handshake, with `admit` choosing the
    /// status answered to the peer.
    pub fn handshake_with(
        self,
        mut admit: impl FnMut(&NodeName, u64) -> Admission,
    ) -> Result<Connection, HandshakeError> {
        let Incoming { stream, config, deadline, slot, .. } = self;
        let result = stream
            .set_nodelay(true)
            .map_err(HandshakeError::from)
            .and_then(|()| handshake::accept(&mut Deadline { stream: &stream, at: deadline }, &config, &mut admit));
        let still_listed = slot.leave();
        let peer = match (result, still_listed) {
            (Ok(peer), true) => peer,
            // Shut down to make room: whatever the handshake saw, it is over.
            (Ok(_) | Err(HandshakeError::Closed { .. } | HandshakeError::Io(_)), false) => {
                return Err(HandshakeError::Shed)
            }
            (Err(error), _) => return Err(error),
        };
        // The list no longer holds the stream, so this is its one owner.
        let stream = Arc::try_unwrap(stream).map_err(|_| HandshakeError::Shed)?;
        let write_stream = clone_making_room(&stream, &slot.handshaking)?;
        Connection::established_with(stream, write_stream, peer, &config)
    }
}

/// A second handle of `stream`. When the process is out of file
/// descriptors (slow clients may take each one as it frees), the oldest
/// handshake is shut down to free one, a few times over, so that a peer
/// whose handshake has succeeded is not lost for want of one.
fn clone_making_room(stream: &TcpStream, handshaking: &Mutex<Handshaking>) -> io::Result<TcpStream> {
    let mut attempts = 0;
    loop {
        match stream.try_clone() {
            // EMFILE and ENFILE (the same numbers on Linux, the BSDs and macOS).
            Err(error) if matches!(error.raw_os_error(), Some(23 | 24)) && attempts < 100 => {
                attempts += 1;
                shed_oldest(handshaking);
                // Its descriptor is closed when its handshake's thread lets go.
                std::thread::sleep(Duration::from_millis(5));
            }
            result => return result,
        }
    }
}

/// A stream whose reads and writes all end by one deadline: each waits at
/// most for the time left, so the deadline bounds the whole exchange, not
/// each step of it.
struct Deadline<'a> {
    stream: &'a TcpStream,
    at: Instant,
}

impl Deadline<'_> {
    /// The time left, or a `TimedOut` error when there is none.
    fn left(&self) -> io::Result<Duration> {
        let left = self.at.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the handshake deadline passed"));
        }
        Ok(left)
    }
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        self.stream.set_read_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.read(buf)
    }
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.stream.set_write_timeout(Some(self.left()?))?;
        let mut stream = self.stream;
        stream.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        let mut stream = self.stream;
        stream.flush()
    }
}

/// Connects to `peer`: asks the EPMD on its host where it listens, connects,
/// and runs the initiating side of the handshake.
pub fn connect(config: &Config, peer: &NodeName) -> Result<Connection, HandshakeError> {
    let info = epmd::lookup(peer.host(), peer.name())?
        .ok_or_else(|| EpmdError::NotRegistered { name: peer.name().to_string(), host: peer.host().to_string() })?;
    if !(info.lowest_version..=info.highest_version).contains(&epmd::DIST_VERSION) {
        return Err(EpmdError::Version {
            name: peer.name().to_string(),
            host: peer.host().to_string(),
            lowest: info.lowest_version,
            highest: info.highest_version,
        }
        .into());
    }
    let addrs: Vec<SocketAddr> = (peer.host(), info.port).to_socket_addrs()?.collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("host {:?} has no address", peer.host()));
    for addr in addrs {
        match connect_to(config, peer, addr) {
            Err(HandshakeError::Io(err)) => last = err,
            other => return other,
        }
    }
    Err(HandshakeError::Io(last))
}

/// Connects to `peer` at a known address, without asking EPMD, and runs the
/// initiating side of the handshake.
///
/// The connection and the handshake together must be done within
/// [`Config::handshake_timeout`].
pub fn connect_to(config: &Config, peer: &NodeName, addr: SocketAddr) -> Result<Connection, HandshakeError> {
    let deadline = Instant::now() + config.handshake_timeout;
    let stream = TcpStream::connect_timeout(&addr, config.handshake_timeout.max(Duration::from_millis(1)))?;
    stream.set_nodelay(true)?;
    let peer = handshake::initiate(&mut Deadline { stream: &stream, at: deadline }, config, peer)?;
    Connection::established(stream, peer, config)
}
