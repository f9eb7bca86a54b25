//! Accepting and making connections.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};

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
}

impl Listener {
    /// Binds an ephemeral port on [`Config::listen_addr`]. The node is not
    /// known to EPMD until [`Listener::publish`].
    pub fn bind(config: Config) -> io::Result<Listener> {
        let listener = TcpListener::bind(SocketAddr::new(config.listen_addr, 0))?;
        Ok(Listener { listener, config, registration: None })
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
    pub fn incoming(&self) -> io::Result<Incoming> {
        let (stream, addr) = self.listener.accept()?;
        Ok(Incoming { stream, addr, config: self.config.clone() })
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
    stream: TcpStream,
    addr: SocketAddr,
    config: Config,
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
        mut self,
        mut admit: impl FnMut(&NodeName, u64) -> Admission,
    ) -> Result<Connection, HandshakeError> {
        let timeout = Some(self.config.handshake_timeout.max(std::time::Duration::from_millis(1)));
        self.stream.set_read_timeout(timeout)?;
        self.stream.set_write_timeout(timeout)?;
        self.stream.set_nodelay(true)?;
        let peer = handshake::accept(&mut self.stream, &self.config, &mut admit)?;
        Connection::established(self.stream, peer, &self.config)
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
pub fn connect_to(config: &Config, peer: &NodeName, addr: SocketAddr) -> Result<Connection, HandshakeError> {
    let timeout = config.handshake_timeout.max(std::time::Duration::from_millis(1));
    let mut stream = TcpStream::connect_timeout(&addr, timeout)?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    stream.set_nodelay(true)?;
    let peer = handshake::initiate(&mut stream, config, peer)?;
    Connection::established(stream, peer, config)
}
