//! The version-6 distribution handshake (OTP 23 and later).
//!
//! Every handshake message is a 2-byte big-endian length and a body whose
//! first byte is its tag. With A the initiator and B the acceptor:
//!
//! ```text
//! A -> B  send_name       'N' flags:8 creation:4 nlen:2 name
//! B -> A  send_status     's' "ok" | "ok_simultaneous" | "nok" | "not_allowed" | "alive"
//!        (after "alive":  A -> B 's' "true" | "false")
//! B -> A  send_challenge  'N' flags:8 challenge:4 creation:4 nlen:2 name
//! A -> B  challenge_reply 'r' challenge:4 digest:16
//! B -> A  challenge_ack   'a' digest:16
//! ```
//!
//! A digest is `MD5(cookie ++ decimal(challenge))`: A proves it knows the
//! cookie by digesting B's challenge, then B proves it by digesting A's. A
//! node whose check fails closes the connection without a word, so an
//! initiator that sees the connection close right after its reply knows its
//! cookie was refused.

use std::io::{self, Read, Write};

use md5::{Digest, Md5};
use thiserror::Error;

use crate::config::Config;
use crate::epmd::EpmdError;
use crate::flags;
use crate::node_name::NodeName;

const TAG_NAME: u8 = b'N';
const TAG_OLD_NAME: u8 = b'n';
const TAG_STATUS: u8 = b's';
const TAG_REPLY: u8 = b'r';
const TAG_ACK: u8 = b'a';

/// Why a handshake failed. Each message names what happened in one line.
#[derive(Debug, Error)]
pub enum HandshakeError {
    /// The challenge digest did not match: the two nodes have different
    /// cookies. Seen by the acceptor when the initiator's reply is wrong, and
    /// by the initiator when the acceptor closes the connection after the
    /// reply (which is how a node refuses a wrong digest) or acknowledges
    /// with a wrong digest.
    #[error(
        "cookie mismatch with node {peer}: the challenge digest did not match, so the two nodes have different cookies"
    )]
    WrongCookie {
        /// The other node.
        peer: NodeName,
    },
    /// The peer answered `not_allowed`: it does not accept connections from
    /// this node.
    #[error("node {peer} does not allow a connection from this node (status not_allowed)")]
    NotAllowed {
        /// The node that refused.
        peer: NodeName,
    },
    /// The peer answered `nok`: it is connecting to this node at the same
    /// time and its attempt wins (its name is the greater).
    #[error("node {peer} is connecting to this node at the same time and its attempt wins (status nok)")]
    Simultaneous {
        /// The node that refused.
        peer: NodeName,
    },
    /// This node refused the peer because it is connecting to that node at
    /// the same time and its own attempt wins (status `nok`): routine, the
    /// nodes end up with the other connection.
    #[error("refused connection from node {peer}: this node is connecting to it at the same time and its own attempt wins (status nok)")]
    Superseded {
        /// The node refused.
        peer: NodeName,
    },
    /// This node refused the peer (its admission policy said so).
    #[error("refused connection from node {peer}: {reason}")]
    Rejected {
        /// The node refused.
        peer: NodeName,
        /// Why.
        reason: String,
    },
    /// The peer lacks capability flags this node requires.
    #[error("node {peer} lacks required distribution flags {}", flags::describe(*missing))]
    MissingFlags {
        /// The other node.
        peer: NodeName,
        /// The required flags it did not announce.
        missing: u64,
    },
    /// Looking the peer up with EPMD failed.
    #[error("{0}")]
    Epmd(#[from] EpmdError),
    /// The handshake did not finish by its deadline
    /// ([`Config::handshake_timeout`]).
    #[error("distribution handshake timed out waiting for the {stage}")]
    Timeout {
        /// What we were waiting for.
        stage: &'static str,
    },
    /// This node shut the connection down before its handshake finished,
    /// to make room: more than [`Config::max_handshakes`] accepted
    /// connections were in their handshake at once, and this was the
    /// oldest.
    #[error("the handshake was abandoned to make room for newer connections (too many handshakes at once)")]
    Shed,
    /// The peer closed the connection before the handshake finished.
    #[error("peer closed the connection during the distribution handshake, while we waited for the {stage}")]
    Closed {
        /// What we were waiting for.
        stage: &'static str,
    },
    /// Reading or writing the socket failed.
    #[error("distribution handshake I/O error: {0}")]
    Io(#[from] io::Error),
    /// The peer sent something the protocol does not allow.
    #[error("distribution handshake protocol error: {what}")]
    Protocol {
        /// What was wrong.
        what: String,
    },
}

/// What the accepting side answers a node that asks to connect, chosen by
/// whoever tracks the node's connections (see [`Admission::for_simultaneous`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Admission {
    /// `ok`: no other connection to that node exists or is being set up.
    Accept,
    /// `ok_simultaneous`: this node is also connecting to the peer, and the
    /// peer's name is the greater, so this node will abandon its own attempt
    /// and go on with this one.
    AcceptSimultaneous,
    /// `nok`: this node is also connecting to the peer and its own name is
    /// the greater, so its own attempt wins and this one is refused.
    Refuse,
    /// `not_allowed`: the peer may not connect to this node.
    NotAllowed,
    /// `alive`: this node already has a connection to the peer. The peer
    /// answers whether that connection is stale (`true`: go on, and the
    /// caller should drop the old connection) or not (`false`: refused).
    Alive,
}

impl Admission {
    /// The answer for a peer connecting while this node is itself setting up
    /// a connection to it: the greater name (compared byte-wise, as OTP
    /// compares atoms) wins.
    pub fn for_simultaneous(this: &NodeName, peer: &NodeName) -> Admission {
        if peer.to_string() > this.to_string() {
            Admission::AcceptSimultaneous
        } else {
            Admission::Refuse
        }
    }

    fn status(self) -> &'static str {
        match self {
            Admission::Accept => "ok",
            Admission::AcceptSimultaneous => "ok_simultaneous",
            Admission::Refuse => "nok",
            Admission::NotAllowed => "not_allowed",
            Admission::Alive => "alive",
        }
    }
}

/// `MD5(cookie ++ decimal(challenge))`, the digest that proves knowledge of
/// the cookie.
pub fn challenge_digest(cookie: &str, challenge: u32) -> [u8; 16] {
    let mut md5 = Md5::new();
    md5.update(cookie.as_bytes());
    md5.update(challenge.to_string().as_bytes());
    md5.finalize().into()
}

/// The other node, as the handshake learned it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Peer {
    pub(crate) node: NodeName,
    pub(crate) creation: u32,
    pub(crate) flags: u64,
}

/// Compares two digests in time that does not depend on where they differ.
fn digests_equal(a: &[u8], b: &[u8; 16]) -> bool {
    a.len() == 16 && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn write_message<S: Write>(stream: &mut S, body: &[u8]) -> Result<(), HandshakeError> {
    let len = u16::try_from(body.len())
        .map_err(|_| HandshakeError::Protocol { what: format!("handshake message of {} bytes", body.len()) })?;
    let mut bytes = Vec::with_capacity(2 + body.len());
    bytes.extend_from_slice(&len.to_be_bytes());
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).map_err(|err| io_to_handshake(err, "peer to read our message"))?;
    stream.flush().map_err(|err| io_to_handshake(err, "peer to read our message"))
}

fn io_to_handshake(err: io::Error, stage: &'static str) -> HandshakeError {
    match err.kind() {
        io::ErrorKind::UnexpectedEof | io::ErrorKind::ConnectionReset | io::ErrorKind::BrokenPipe => {
            HandshakeError::Closed { stage }
        }
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut => HandshakeError::Timeout { stage },
        _ => HandshakeError::Io(err),
    }
}

/// Reads one handshake message (at most 65,535 bytes, as its length says).
fn read_message<S: Read>(stream: &mut S, stage: &'static str) -> Result<Vec<u8>, HandshakeError> {
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).map_err(|err| io_to_handshake(err, stage))?;
    let len = usize::from(u16::from_be_bytes(len));
    if len == 0 {
        return Err(HandshakeError::Protocol { what: format!("empty message where the {stage} was expected") });
    }
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).map_err(|err| io_to_handshake(err, stage))?;
    Ok(body)
}

/// Splits fixed-size big-endian fields off the front of a message.
struct Fields<'a> {
    bytes: &'a [u8],
    stage: &'static str,
}

impl<'a> Fields<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], HandshakeError> {
        if self.bytes.len() < n {
            return Err(HandshakeError::Protocol { what: format!("the {} is truncated", self.stage) });
        }
        let (head, rest) = self.bytes.split_at(n);
        self.bytes = rest;
        Ok(head)
    }

    fn u16(&mut self) -> Result<u16, HandshakeError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, HandshakeError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, HandshakeError> {
        let b = self.take(8)?;
        let mut word = [0u8; 8];
        word.copy_from_slice(b);
        Ok(u64::from_be_bytes(word))
    }

    /// A 2-byte length and that many bytes of node name. Anything after the
    /// name is ignored, as the protocol asks.
    fn node_name(&mut self) -> Result<NodeName, HandshakeError> {
        let len = usize::from(self.u16()?);
        let bytes = self.take(len)?;
        let text = std::str::from_utf8(bytes).map_err(|_| HandshakeError::Protocol {
            what: format!("the node name in the {} is not UTF-8", self.stage),
        })?;
        NodeName::parse(text).map_err(|err| HandshakeError::Protocol { what: format!("in the {}: {err}", self.stage) })
    }
}

fn old_handshake_error(stage: &str) -> HandshakeError {
    HandshakeError::Protocol {
        what: format!(
            "the peer sent a version-5 {stage} (OTP 22 or older, or a node that does not know our version); \
             girder speaks only version 6 (OTP 23 and later)"
        ),
    }
}

fn name_body(tag: u8, flags: u64, numbers: &[u32], name: &NodeName) -> Vec<u8> {
    let name = name.to_string();
    let mut body = Vec::with_capacity(1 + 8 + 4 * numbers.len() + 2 + name.len());
    body.push(tag);
    body.extend_from_slice(&flags.to_be_bytes());
    for number in numbers {
        body.extend_from_slice(&number.to_be_bytes());
    }
    // NodeName guarantees at most 255 bytes.
    body.extend_from_slice(&(name.len() as u16).to_be_bytes());
    body.extend_from_slice(name.as_bytes());
    body
}

/// The initiating side: we called `peer` (found through EPMD) and speak first.
pub(crate) fn initiate<S: Read + Write>(
    stream: &mut S,
    config: &Config,
    peer: &NodeName,
) -> Result<Peer, HandshakeError> {
    // send_name
    write_message(stream, &name_body(TAG_NAME, config.flags, &[config.creation], &config.this))?;

    // recv_status
    let status = read_message(stream, "status")?;
    match status.split_first() {
        Some((&TAG_STATUS, text)) => match text {
            b"ok" | b"ok_simultaneous" => {}
            b"nok" => return Err(HandshakeError::Simultaneous { peer: peer.clone() }),
            b"not_allowed" => return Err(HandshakeError::NotAllowed { peer: peer.clone() }),
            b"alive" => {
                // The peer still has a connection to us. Since we are calling
                // it, we hold none: that old connection is stale.
                write_message(stream, b"strue")?;
            }
            _ if text.starts_with(b"named:") => {
                return Err(HandshakeError::Protocol {
                    what: "the peer assigned us a dynamic name we did not ask for (status named:)".to_string(),
                })
            }
            _ => {
                return Err(HandshakeError::Protocol {
                    what: format!("unknown handshake status {:?}", String::from_utf8_lossy(text)),
                })
            }
        },
        _ => return Err(HandshakeError::Protocol { what: "expected a status message ('s')".to_string() }),
    }

    // recv_challenge
    let challenge_msg = read_message(stream, "challenge")?;
    let mut fields = Fields { bytes: &challenge_msg, stage: "challenge" };
    match fields.take(1)?[0] {
        TAG_NAME => {}
        TAG_OLD_NAME => return Err(old_handshake_error("challenge")),
        tag => return Err(HandshakeError::Protocol { what: format!("expected a challenge ('N'), got tag {tag}") }),
    }
    let peer_flags = fields.u64()?;
    let their_challenge = fields.u32()?;
    let peer_creation = fields.u32()?;
    let answering = fields.node_name()?;
    if &answering != peer {
        return Err(HandshakeError::Protocol {
            what: format!("we called node {peer} but the node answering is {answering}"),
        });
    }
    let missing = flags::missing_required(peer_flags);
    if missing != 0 {
        return Err(HandshakeError::MissingFlags { peer: peer.clone(), missing });
    }

    // send_challenge_reply
    let our_challenge = crate::random::u32();
    let mut reply = Vec::with_capacity(21);
    reply.push(TAG_REPLY);
    reply.extend_from_slice(&our_challenge.to_be_bytes());
    reply.extend_from_slice(&challenge_digest(&config.cookie, their_challenge));
    write_message(stream, &reply)?;

    // recv_challenge_ack
    let ack = match read_message(stream, "challenge ack") {
        Ok(ack) => ack,
        // A node refuses a wrong digest by closing the connection.
        Err(HandshakeError::Closed { .. }) => return Err(HandshakeError::WrongCookie { peer: peer.clone() }),
        Err(err) => return Err(err),
    };
    match ack.split_first() {
        Some((&TAG_ACK, digest)) if digest.len() == 16 => {
            if !digests_equal(digest, &challenge_digest(&config.cookie, our_challenge)) {
                return Err(HandshakeError::WrongCookie { peer: peer.clone() });
            }
        }
        _ => return Err(HandshakeError::Protocol { what: "malformed challenge ack".to_string() }),
    }
    Ok(Peer { node: peer.clone(), creation: peer_creation, flags: peer_flags })
}

/// The accepting side: a node called us. `admit` decides the status answered
/// once the caller's name is known.
pub(crate) fn accept<S: Read + Write>(
    stream: &mut S,
    config: &Config,
    admit: &mut dyn FnMut(&NodeName, u64) -> Admission,
) -> Result<Peer, HandshakeError> {
    // recv_name
    let name_msg = read_message(stream, "name")?;
    let mut fields = Fields { bytes: &name_msg, stage: "name message" };
    match fields.take(1)?[0] {
        TAG_NAME => {}
        TAG_OLD_NAME => return Err(old_handshake_error("name message")),
        tag => return Err(HandshakeError::Protocol { what: format!("expected a name message ('N'), got tag {tag}") }),
    }
    let peer_flags = fields.u64()?;
    let peer_creation = fields.u32()?;
    if peer_flags & flags::NAME_ME != 0 {
        return Err(HandshakeError::Protocol {
            what: "the peer asks for a dynamic node name (NAME_ME), which girder does not give".to_string(),
        });
    }
    let peer = fields.node_name()?;
    let missing = flags::missing_required(peer_flags);
    if missing != 0 {
        write_message(stream, b"snot_allowed")?;
        return Err(HandshakeError::MissingFlags { peer, missing });
    }

    // send_status
    let admission = admit(&peer, peer_flags);
    let mut status = vec![TAG_STATUS];
    status.extend_from_slice(admission.status().as_bytes());
    write_message(stream, &status)?;
    match admission {
        Admission::Accept | Admission::AcceptSimultaneous => {}
        Admission::Refuse => return Err(HandshakeError::Superseded { peer }),
        Admission::NotAllowed => {
            return Err(HandshakeError::Rejected { peer, reason: "not allowed (status not_allowed)".to_string() })
        }
        Admission::Alive => {
            let answer = read_message(stream, "answer to status alive")?;
            match answer.as_slice() {
                b"strue" => {}
                b"sfalse" => {
                    return Err(HandshakeError::Rejected {
                        peer,
                        reason: "a connection to it exists and it says that one is still alive".to_string(),
                    })
                }
                _ => {
                    return Err(HandshakeError::Protocol {
                        what: "expected 'true' or 'false' after status alive".to_string(),
                    })
                }
            }
        }
    }

    // send_challenge
    let our_challenge = crate::random::u32();
    write_message(stream, &name_body(TAG_NAME, config.flags, &[our_challenge, config.creation], &config.this))?;

    // recv_challenge_reply
    let reply = read_message(stream, "challenge reply")?;
    if reply.len() != 21 || reply[0] != TAG_REPLY {
        return Err(HandshakeError::Protocol { what: "malformed challenge reply".to_string() });
    }
    let their_challenge = u32::from_be_bytes([reply[1], reply[2], reply[3], reply[4]]);
    if !digests_equal(&reply[5..], &challenge_digest(&config.cookie, our_challenge)) {
        // Refused without a word, as OTP does.
        return Err(HandshakeError::WrongCookie { peer });
    }

    // send_challenge_ack
    let mut ack = Vec::with_capacity(17);
    ack.push(TAG_ACK);
    ack.extend_from_slice(&challenge_digest(&config.cookie, their_challenge));
    write_message(stream, &ack)?;
    Ok(Peer { node: peer, creation: peer_creation, flags: peer_flags })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    /// A stream that reads from a fixed buffer and records what is written.
    struct Scripted {
        input: Cursor<Vec<u8>>,
        output: Vec<u8>,
    }

    impl Read for Scripted {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            self.input.read(buf)
        }
    }

    impl Write for Scripted {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            self.output.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn config(name: &str) -> Config {
        Config::new(NodeName::parse(name).unwrap(), "COOKIE")
    }

    #[test]
    fn digest_matches_erlang() {
        // erlang:md5("COOKIE" ++ integer_to_list(1234567890)).
        let expected = {
            let mut md5 = Md5::new();
            md5.update(b"COOKIE1234567890");
            <[u8; 16]>::from(md5.finalize())
        };
        assert_eq!(challenge_digest("COOKIE", 1234567890), expected);
        assert_ne!(challenge_digest("COOKIE", 1), challenge_digest("COOKIE", 2));
    }

    #[test]
    fn simultaneous_rule_picks_the_greater_name() {
        let a = NodeName::parse("a@h").unwrap();
        let b = NodeName::parse("b@h").unwrap();
        assert_eq!(Admission::for_simultaneous(&a, &b), Admission::AcceptSimultaneous);
        assert_eq!(Admission::for_simultaneous(&b, &a), Admission::Refuse);
    }

    #[test]
    fn accept_refuses_old_and_flagless_peers() {
        let mut msg = vec![0, 8, b'n', 0, 5, 0, 0, 0, 0, b'x'];
        let mut stream = Scripted { input: Cursor::new(msg.clone()), output: Vec::new() };
        let err = accept(&mut stream, &config("b@h"), &mut |_, _| Admission::Accept).unwrap_err();
        assert!(matches!(err, HandshakeError::Protocol { .. }), "{err}");

        msg = name_body(TAG_NAME, flags::PUBLISHED, &[1], &NodeName::parse("a@h").unwrap());
        let mut framed = (msg.len() as u16).to_be_bytes().to_vec();
        framed.extend_from_slice(&msg);
        let mut stream = Scripted { input: Cursor::new(framed), output: Vec::new() };
        let err = accept(&mut stream, &config("b@h"), &mut |_, _| Admission::Accept).unwrap_err();
        assert!(matches!(err, HandshakeError::MissingFlags { .. }), "{err}");
        assert_eq!(stream.output, b"\x00\x0csnot_allowed");
    }

    proptest::proptest! {
        #[test]
        fn random_bytes_never_panic_the_acceptor(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut stream = Scripted { input: Cursor::new(bytes), output: Vec::new() };
            let _ = accept(&mut stream, &config("b@h"), &mut |_, _| Admission::Accept);
        }

        #[test]
        fn random_bytes_never_panic_the_initiator(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..200)) {
            let mut stream = Scripted { input: Cursor::new(bytes), output: Vec::new() };
            let _ = initiate(&mut stream, &config("a@h"), &NodeName::parse("b@h").unwrap());
        }

        #[test]
        fn plausible_name_messages_never_panic_the_acceptor(
            flags in proptest::num::u64::ANY,
            tail in proptest::collection::vec(proptest::num::u8::ANY, 0..40),
        ) {
            let mut body = vec![TAG_NAME];
            body.extend_from_slice(&flags.to_be_bytes());
            body.extend_from_slice(&tail);
            let mut framed = (body.len() as u16).to_be_bytes().to_vec();
            framed.extend_from_slice(&body);
            let mut stream = Scripted { input: Cursor::new(framed), output: Vec::new() };
            let _ = accept(&mut stream, &config("b@h"), &mut |_, _| Admission::Accept);
        }
    }
}
