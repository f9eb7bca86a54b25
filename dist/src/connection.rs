//! An established distribution connection: frames and ticks.
//!
//! After the handshake every frame is a 4-byte big-endian length and that
//! many bytes. A zero-length frame is a *tick*, sent only to show the
//! connection is alive. Every other frame girder sends or accepts is a
//! pass-through message: the byte 112, then the control message and the
//! optional payload, each a complete external term beginning with 131.
//!
//! # Threads
//!
//! [`Connection::split`] gives a [`Reader`], which one thread owns and calls
//! [`Reader::recv`] on, and a [`Writer`], which any number of threads share by
//! cloning it; frames from different writers never interleave. A background
//! thread per connection sends a tick whenever nothing has been written for
//! [`Config::tick_interval`]; it stops when the last [`Writer`] is dropped.

use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, Weak};
use std::time::{Duration, Instant};

use thiserror::Error;

use crate::config::Config;
use crate::handshake::{HandshakeError, Peer};
use crate::node_name::NodeName;

/// The first byte of a pass-through frame.
pub const PASS_THROUGH: u8 = 112;
/// Bytes read per step while a frame's body arrives: a frame's claimed length
/// is never allocated before its bytes are there.
const READ_CHUNK: usize = 64 * 1024;

/// Why a connection stopped working. After any of these the connection is
/// shut down; later calls report [`ConnError::Closed`].
#[derive(Debug, Error)]
pub enum ConnError {
    /// The peer closed the connection, or it was shut down on this side.
    #[error("distribution connection closed")]
    Closed,
    /// Nothing, not even a tick, arrived for the tick timeout.
    #[error("distribution connection lost: nothing received for {silent_for:?} (net tick timeout)")]
    TickTimeout {
        /// How long the peer was silent.
        silent_for: Duration,
    },
    /// A frame announced a length above [`Config::max_frame_len`].
    #[error("distribution frame of {len} bytes exceeds the maximum of {max} bytes")]
    FrameTooLarge {
        /// The announced length.
        len: u64,
        /// The configured maximum.
        max: usize,
    },
    /// The peer sent bytes the protocol does not allow.
    #[error("distribution protocol error: {what}")]
    Protocol {
        /// What was wrong.
        what: String,
    },
    /// The socket failed.
    #[error("distribution connection I/O error: {0}")]
    Io(#[from] io::Error),
}

/// A connection whose handshake has completed, before it is split.
#[derive(Debug)]
pub struct Connection {
    /// The node at the other end.
    pub peer: NodeName,
    /// The peer's creation, as its handshake message said.
    pub peer_creation: u32,
    /// The capability flags the peer announced.
    pub peer_flags: u64,
    this_flags: u64,
    read_stream: TcpStream,
    write_stream: TcpStream,
    tick_interval: Duration,
    tick_timeout: Duration,
    max_frame_len: usize,
}

impl Connection {
    /// Sets the socket up for framed traffic after a successful handshake.
    pub(crate) fn established(stream: TcpStream, peer: Peer, config: &Config) -> Result<Connection, HandshakeError> {
        let write_stream = stream.try_clone()?;
        Connection::established_with(stream, write_stream, peer, config)
    }

    /// [`Connection::established`] with the second handle of the socket,
    /// for writing, made by the caller.
    pub(crate) fn established_with(
        stream: TcpStream,
        write_stream: TcpStream,
        peer: Peer,
        config: &Config,
    ) -> Result<Connection, HandshakeError> {
        stream.set_nodelay(true)?;
        // A read that waits longer than the tick timeout means the peer has
        // been silent that long; a write that blocks that long means it has
        // stopped reading.
        let timeout = Some(config.tick_timeout.max(Duration::from_millis(1)));
        stream.set_read_timeout(timeout)?;
        stream.set_write_timeout(timeout)?;
        Ok(Connection {
            peer: peer.node,
            peer_creation: peer.creation,
            peer_flags: peer.flags,
            this_flags: config.flags,
            read_stream: stream,
            write_stream,
            tick_interval: config.tick_interval.max(Duration::from_millis(1)),
            tick_timeout: config.tick_timeout,
            max_frame_len: config.max_frame_len,
        })
    }

    /// The flags this node announced on this connection.
    pub fn this_flags(&self) -> u64 {
        self.this_flags
    }

    /// The features in use on this connection: those both sides announced.
    pub fn common_flags(&self) -> u64 {
        self.this_flags & self.peer_flags
    }

    /// The peer's socket address.
    pub fn peer_addr(&self) -> io::Result<SocketAddr> {
        self.read_stream.peer_addr()
    }

    /// Splits the connection into its receiving and sending halves and starts
    /// the ticker, which sends a tick after each [`Config::tick_interval`] of
    /// write silence.
    pub fn split(self) -> (Reader, Writer) {
        let control = Arc::new(TickerControl { stop: Mutex::new(false), wake: Condvar::new() });
        let shared = Arc::new(WriterShared {
            stream: Mutex::new(self.write_stream),
            started: Instant::now(),
            last_write_ms: AtomicU64::new(0),
            broken: AtomicBool::new(false),
            control: Arc::clone(&control),
        });
        let weak = Arc::downgrade(&shared);
        let interval = self.tick_interval;
        let spawned = std::thread::Builder::new()
            .name(format!("dist-tick {}", self.peer))
            .spawn(move || run_ticker(weak, control, interval));
        if spawned.is_err() {
            // Without a ticker the peer would drop the connection silently
            // later; failing now is clearer.
            shared.fail();
        }
        let reader = Reader {
            peer: self.peer.clone(),
            stream: BufReader::with_capacity(READ_CHUNK, self.read_stream),
            tick_timeout: self.tick_timeout,
            max_frame_len: self.max_frame_len,
            failed: false,
        };
        (reader, Writer { peer: self.peer, shared })
    }
}

/// The receiving half of a connection. Owned by one thread.
#[derive(Debug)]
pub struct Reader {
    peer: NodeName,
    stream: BufReader<TcpStream>,
    tick_timeout: Duration,
    max_frame_len: usize,
    failed: bool,
}

impl Reader {
    /// The node at the other end.
    pub fn peer(&self) -> &NodeName {
        &self.peer
    }

    /// Waits for the next frame that is not a tick and returns its bytes after
    /// the pass-through byte 112: the control message, then the payload if
    /// any, as the peer encoded them.
    ///
    /// Ticks are absorbed. Fails with [`ConnError::TickTimeout`] when nothing
    /// arrives for the tick timeout, and with an error for a malformed or
    /// oversized frame; after any error the connection is shut down.
    pub fn recv(&mut self) -> Result<Vec<u8>, ConnError> {
        if self.failed {
            return Err(ConnError::Closed);
        }
        let result = self.next_frame();
        if result.is_err() {
            self.failed = true;
            let _ = self.stream.get_ref().shutdown(Shutdown::Both);
        }
        result
    }

    fn next_frame(&mut self) -> Result<Vec<u8>, ConnError> {
        loop {
            let mut header = [0u8; 4];
            self.read_exact(&mut header)?;
            let len = u32::from_be_bytes(header);
            if len == 0 {
                continue; // a tick
            }
            if u64::from(len) > self.max_frame_len as u64 {
                return Err(ConnError::FrameTooLarge { len: u64::from(len), max: self.max_frame_len });
            }
            let mut kind = [0u8; 1];
            self.read_exact(&mut kind)?;
            if kind[0] != PASS_THROUGH {
                return Err(ConnError::Protocol {
                    what: format!(
                        "frame begins with byte {}, expected 112 (pass-through): the peer uses an atom-cache \
                         header or fragments, which this node did not announce",
                        kind[0]
                    ),
                });
            }
            let body_len = len as usize - 1;
            let mut body = Vec::with_capacity(body_len.min(READ_CHUNK));
            let read = (&mut self.stream).take(body_len as u64).read_to_end(&mut body).map_err(|err| self.io(err))?;
            if read != body_len {
                return Err(ConnError::Closed);
            }
            return Ok(body);
        }
    }

    fn read_exact(&mut self, buf: &mut [u8]) -> Result<(), ConnError> {
        self.stream.read_exact(buf).map_err(|err| self.io(err))
    }

    fn io(&self, err: io::Error) -> ConnError {
        match err.kind() {
            io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset | io::ErrorKind::ConnectionAborted => {
                ConnError::Closed
            }
            io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => {
                ConnError::TickTimeout { silent_for: self.tick_timeout }
            }
            _ => ConnError::Io(err),
        }
    }
}

/// The sending half of a connection. Cheap to clone; every clone may send
/// from any thread, one whole frame at a time.
#[derive(Clone, Debug)]
pub struct Writer {
    peer: NodeName,
    shared: Arc<WriterShared>,
}

#[derive(Debug)]
struct WriterShared {
    stream: Mutex<TcpStream>,
    started: Instant,
    /// Milliseconds from `started` to the end of the last write.
    last_write_ms: AtomicU64,
    broken: AtomicBool,
    control: Arc<TickerControl>,
}

#[derive(Debug)]
struct TickerControl {
    stop: Mutex<bool>,
    wake: Condvar,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding the lock leaves nothing half-updated that later
    // users could trip on (a torn frame marks the connection broken first).
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl WriterShared {
    fn since_last_write(&self) -> Duration {
        let last = Duration::from_millis(self.last_write_ms.load(Ordering::Relaxed));
        self.started.elapsed().saturating_sub(last)
    }

    fn wrote(&self) {
        let now = u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX);
        self.last_write_ms.store(now, Ordering::Relaxed);
    }

    fn fail(&self) {
        self.broken.store(true, Ordering::Relaxed);
        let stream = lock(&self.stream);
        let _ = stream.shutdown(Shutdown::Both);
    }

    fn write_locked(&self, stream: &mut TcpStream, bytes: &[&[u8]]) -> Result<(), ConnError> {
        if self.broken.load(Ordering::Relaxed) {
            return Err(ConnError::Closed);
        }
        for part in bytes {
            if let Err(err) = stream.write_all(part) {
                // A frame may be half written: the stream is unusable.
                self.broken.store(true, Ordering::Relaxed);
                let _ = stream.shutdown(Shutdown::Both);
                return Err(match err.kind() {
                    io::ErrorKind::BrokenPipe | io::ErrorKind::ConnectionReset => ConnError::Closed,
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => ConnError::Io(io::Error::new(
                        io::ErrorKind::TimedOut,
                        "the peer stopped reading: a write blocked for the whole tick timeout",
                    )),
                    _ => ConnError::Io(err),
                });
            }
        }
        self.wrote();
        Ok(())
    }
}

impl Drop for WriterShared {
    fn drop(&mut self) {
        *lock(&self.control.stop) = true;
        self.control.wake.notify_all();
    }
}

fn run_ticker(shared: Weak<WriterShared>, control: Arc<TickerControl>, interval: Duration) {
    const TICK: [u8; 4] = [0; 4];
    loop {
        let wait = {
            let Some(shared) = shared.upgrade() else { return };
            if shared.broken.load(Ordering::Relaxed) {
                return;
            }
            if shared.since_last_write() >= interval {
                // A writer holding the lock is sending a frame, which serves
                // as well as a tick.
                if let Ok(mut stream) = shared.stream.try_lock() {
                    if shared.write_locked(&mut stream, &[&TICK]).is_err() {
                        return;
                    }
                }
            }
            interval.saturating_sub(shared.since_last_write()).max(Duration::from_millis(1))
            // `shared` is dropped here, before waiting: if it is the last
            // handle, its drop takes the stop lock below.
        };
        let stop = lock(&control.stop);
        if *stop {
            return;
        }
        let (stop, _) = control.wake.wait_timeout(stop, wait).unwrap_or_else(|poisoned| poisoned.into_inner());
        if *stop {
            return;
        }
    }
}

impl Writer {
    /// The node at the other end.
    pub fn peer(&self) -> &NodeName {
        &self.peer
    }

    /// Sends one pass-through frame: the 4-byte length and the byte 112 are
    /// added here; `message` is the control message followed by the optional
    /// payload, as the caller encoded them (each beginning with 131).
    pub fn send(&self, message: &[u8]) -> Result<(), ConnError> {
        self.send_parts(&[message])
    }

    /// Like [`Writer::send`], with the frame's body given in pieces (for
    /// example the control message and the payload) that are sent back to
    /// back as one frame.
    pub fn send_parts(&self, parts: &[&[u8]]) -> Result<(), ConnError> {
        let body_len: usize = parts.iter().map(|part| part.len()).sum();
        let len = u32::try_from(body_len + 1).map_err(|_| ConnError::Protocol {
            what: format!("a frame of {body_len} bytes does not fit the 4-byte length"),
        })?;
        let mut frame = Vec::with_capacity(5 + body_len);
        frame.extend_from_slice(&len.to_be_bytes());
        frame.push(PASS_THROUGH);
        for part in parts {
            frame.extend_from_slice(part);
        }
        let mut stream = lock(&self.shared.stream);
        self.shared.write_locked(&mut stream, &[&frame])
    }

    /// Sends a tick (an empty frame) now. The ticker does this by itself;
    /// this is for callers that want to probe the connection.
    pub fn tick(&self) -> Result<(), ConnError> {
        let mut stream = lock(&self.shared.stream);
        self.shared.write_locked(&mut stream, &[&[0u8; 4]])
    }

    /// Closes the connection in both directions: later sends fail and the
    /// [`Reader`] sees [`ConnError::Closed`]. The peer sees the connection
    /// close, which for it means this node went away.
    pub fn shutdown(&self) {
        self.shared.fail();
    }

    /// Whether the connection has failed or been shut down on this side.
    pub fn is_closed(&self) -> bool {
        self.shared.broken.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    /// A connected pair of sockets on loopback.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (server, _) = listener.accept().unwrap();
        (client, server)
    }

    fn connection(stream: TcpStream, config: &Config) -> Connection {
        let peer = Peer { node: NodeName::parse("p@h").unwrap(), creation: 1, flags: crate::flags::DEFAULT };
        Connection::established(stream, peer, config).unwrap()
    }

    fn config() -> Config {
        let mut config = Config::new(NodeName::parse("t@h").unwrap(), "C");
        config.tick_interval = Duration::from_millis(50);
        config.tick_timeout = Duration::from_millis(400);
        config.max_frame_len = 1000;
        config
    }

    #[test]
    fn frames_round_trip_and_ticks_are_absorbed() {
        let (a, b) = pair();
        let (mut reader_a, writer_a) = connection(a, &config()).split();
        let (mut reader_b, writer_b) = connection(b, &config()).split();
        writer_a.send(&[131, 104, 0]).unwrap();
        writer_a.send_parts(&[&[131, 106], &[131, 100, 0, 1, b'x']]).unwrap();
        assert_eq!(reader_b.recv().unwrap(), vec![131, 104, 0]);
        assert_eq!(reader_b.recv().unwrap(), vec![131, 106, 131, 100, 0, 1, b'x']);
        // Idle for several tick timeouts: the ticker keeps both ends alive.
        std::thread::sleep(Duration::from_millis(1000));
        writer_b.send(&[131, 106]).unwrap();
        assert_eq!(reader_a.recv().unwrap(), vec![131, 106]);
        writer_a.shutdown();
        assert!(matches!(reader_b.recv(), Err(ConnError::Closed)));
    }

    #[test]
    fn silence_is_a_tick_timeout() {
        let (a, _b) = pair();
        let (mut reader, _writer) = connection(a, &config()).split();
        let started = Instant::now();
        assert!(matches!(reader.recv(), Err(ConnError::TickTimeout { .. })));
        assert!(started.elapsed() >= Duration::from_millis(350));
        assert!(matches!(reader.recv(), Err(ConnError::Closed)));
    }

    #[test]
    fn oversized_and_foreign_frames_are_errors() {
        let (a, mut b) = pair();
        let (mut reader, _writer) = connection(a, &config()).split();
        b.write_all(&u32::MAX.to_be_bytes()).unwrap();
        assert!(matches!(reader.recv(), Err(ConnError::FrameTooLarge { .. })));

        let (a, mut b) = pair();
        let (mut reader, _writer) = connection(a, &config()).split();
        b.write_all(&[0, 0, 0, 3, 131, 68, 0]).unwrap();
        assert!(matches!(reader.recv(), Err(ConnError::Protocol { .. })));
    }

    #[test]
    fn ticker_stops_with_the_last_writer() {
        let (a, mut b) = pair();
        let (reader, writer) = connection(a, &config()).split();
        let extra = writer.clone();
        drop(writer);
        drop(extra);
        drop(reader);
        // Both halves gone: the socket closes and the peer sees end of file
        // (after possibly a tick or two).
        b.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut rest = Vec::new();
        b.read_to_end(&mut rest).unwrap();
        assert!(rest.iter().all(|&byte| byte == 0));
    }
}
