//! Clients that connect and then hardly speak: the handshake's deadline
//! bounds the whole handshake, and a crowd of them cannot keep a node that
//! answers at once from connecting. Loopback only; no EPMD is needed, as
//! the clients connect to the listener's port.

mod common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::time::Duration;

use common::{bounded, config};
use girder_dist::{connect_to, HandshakeError, Listener};

fn address(listener: &Listener) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], listener.port()))
}

/// A name message (`'N'`, flags, creation, a long node name) framed with
/// its 2-byte length: the first thing an initiator sends.
fn name_message() -> Vec<u8> {
    let name = format!("trickle_{}@127.0.0.1", "x".repeat(200));
    let mut body = vec![b'N'];
    body.extend_from_slice(&girder_dist::flags::DEFAULT.to_be_bytes());
    body.extend_from_slice(&1u32.to_be_bytes());
    body.extend_from_slice(&(name.len() as u16).to_be_bytes());
    body.extend_from_slice(name.as_bytes());
    let mut framed = (body.len() as u16).to_be_bytes().to_vec();
    framed.extend_from_slice(&body);
    framed
}

/// A client that sends its name message one byte every 50 ms (about 13 s
/// for the whole message) is never silent for long, yet its handshake ends
/// at the deadline of 300 ms. With a bound on each read instead, every
/// byte would arrive in time and the handshake would go on to the end of
/// the message.
#[test]
fn a_handshake_has_one_deadline_however_its_bytes_trickle() {
    bounded(Duration::from_secs(60), || {
        let mut settings = config(&common::unique_name("deadline"), "COOKIE");
        settings.handshake_timeout = Duration::from_millis(300);
        let listener = Listener::bind(settings).unwrap();
        let to = address(&listener);
        let trickler = std::thread::spawn(move || {
            let mut stream = TcpStream::connect(to).unwrap();
            for byte in name_message() {
                if stream.write_all(&[byte]).is_err() {
                    return true;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            // The whole message went out: the listener never hung up.
            let mut rest = Vec::new();
            let _ = stream.read_to_end(&mut rest);
            false
        });
        let error = listener.accept().unwrap_err();
        assert!(matches!(error, HandshakeError::Timeout { stage: "name" }), "{error}");
        assert!(trickler.join().unwrap(), "the listener closed the connection before the message was sent");
    });
}

/// With at most 4 handshakes at once, 40 silent clients leave 4 in their
/// handshake and the others closed, and a node that answers promptly (the
/// right cookie, a whole handshake) connects at once, shutting out one
/// more of them.
#[test]
fn the_oldest_handshake_makes_room_for_a_new_one() {
    bounded(Duration::from_secs(60), || {
        let cookie = "COOKIE";
        let mut settings = config(&common::unique_name("capped"), cookie);
        settings.max_handshakes = 4;
        let listener = Arc::new(Listener::bind(settings).unwrap());
        let to = address(&listener);
        let this = listener.config().this.clone();
        let accepting = std::thread::spawn({
            let listener = Arc::clone(&listener);
            move || {
                let mut handshakes = Vec::new();
                for _ in 0..41 {
                    let incoming = listener.incoming().unwrap();
                    assert!(listener.handshakes_in_progress() <= 4);
                    handshakes.push(std::thread::spawn(move || incoming.handshake()));
                }
                handshakes.into_iter().map(|handshake| handshake.join().unwrap()).collect::<Vec<_>>()
            }
        });
        let mut silent: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(to).unwrap()).collect();
        let peer = config(&common::unique_name("prompt"), cookie);
        let connection = connect_to(&peer, &this, to).expect("a prompt node gets in");
        assert_eq!(connection.peer, this);
        // Every silent client but the last 3 was shut out; those go when
        // their handshake's deadline passes (or when this test drops them).
        for stream in &mut silent[..37] {
            stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
            let mut byte = [0u8; 1];
            assert!(matches!(stream.read(&mut byte), Ok(0) | Err(_)), "a shed client is closed");
        }
        drop(silent);
        let results = accepting.join().unwrap();
        let shed = results.iter().filter(|result| matches!(result, Err(HandshakeError::Shed))).count();
        assert_eq!(shed, 37, "{:?}", results.iter().map(|r| r.as_ref().map(|_| ())).collect::<Vec<_>>());
        assert_eq!(results.iter().filter(|result| result.is_ok()).count(), 1);
    });
}
