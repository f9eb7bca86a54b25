//! Random bytes from the wire, fed to the accepting side of the handshake and
//! to an established connection's reader over real loopback sockets: every
//! case ends in an error for that connection, never a panic or a hang.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::Duration;

use common::{bounded, config};
use girder_dist::{challenge_digest, flags, ConnError, Listener};
use proptest::prelude::*;

fn listener(cookie: &str) -> Listener {
    let mut config = config("fuzzed", cookie);
    config.handshake_timeout = Duration::from_millis(500);
    config.tick_timeout = Duration::from_millis(500);
    config.tick_interval = Duration::from_millis(100);
    config.max_frame_len = 1 << 16;
    Listener::bind(config).unwrap()
}

fn addr(listener: &Listener) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], listener.port()))
}

fn write_message(stream: &mut TcpStream, body: &[u8]) {
    let mut bytes = (body.len() as u16).to_be_bytes().to_vec();
    bytes.extend_from_slice(body);
    stream.write_all(&bytes).unwrap();
}

fn read_message(stream: &mut TcpStream) -> Vec<u8> {
    let mut len = [0u8; 2];
    stream.read_exact(&mut len).unwrap();
    let mut body = vec![0u8; usize::from(u16::from_be_bytes(len))];
    stream.read_exact(&mut body).unwrap();
    body
}

fn name_message(name: &str) -> Vec<u8> {
    let mut body = vec![b'N'];
    body.extend_from_slice(&flags::DEFAULT.to_be_bytes());
    body.extend_from_slice(&7u32.to_be_bytes());
    body.extend_from_slice(&(name.len() as u16).to_be_bytes());
    body.extend_from_slice(name.as_bytes());
    body
}

/// Plays the initiating side of the handshake by hand, byte by byte as the
/// protocol describes it, and returns the socket ready for frames.
fn handshake_by_hand(addr: SocketAddr, cookie: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write_message(&mut stream, &name_message("fuzz@127.0.0.1"));
    assert_eq!(read_message(&mut stream), b"sok");
    let challenge = read_message(&mut stream);
    assert_eq!(challenge[0], b'N');
    let their_challenge = u32::from_be_bytes(challenge[9..13].try_into().unwrap());
    let mut reply = vec![b'r'];
    reply.extend_from_slice(&99u32.to_be_bytes());
    reply.extend_from_slice(&challenge_digest(cookie, their_challenge));
    write_message(&mut stream, &reply);
    let ack = read_message(&mut stream);
    assert_eq!(ack[0], b'a');
    assert_eq!(&ack[1..], challenge_digest(cookie, 99));
    stream
}

/// Sends `bytes` to a fresh connection on `listener`, closes our sending
/// side, and returns what the accepting side made of it.
fn feed_acceptor(listener: &Listener, prefix: &[u8], bytes: &[u8]) -> bool {
    let mut client = TcpStream::connect(addr(listener)).unwrap();
    let _ = client.write_all(prefix);
    let _ = client.write_all(bytes);
    let _ = client.shutdown(Shutdown::Write);
    listener.accept().is_ok()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_to_the_acceptor_are_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let listener = listener("C");
        let accepted = bounded(Duration::from_secs(10), move || feed_acceptor(&listener, &[], &bytes));
        prop_assert!(!accepted);
    }

    #[test]
    fn random_replies_after_a_valid_name_are_an_error(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
        let listener = listener("C");
        let mut prefix = Vec::new();
        let name = name_message("fuzz@127.0.0.1");
        prefix.extend_from_slice(&(name.len() as u16).to_be_bytes());
        prefix.extend_from_slice(&name);
        let accepted = bounded(Duration::from_secs(10), move || feed_acceptor(&listener, &prefix, &bytes));
        prop_assert!(!accepted);
    }

    #[test]
    fn random_frames_to_the_reader_are_an_error(
        chunks in proptest::collection::vec(
            prop_oneof![
                // Plausible frames: a length, 112, and random bytes.
                proptest::collection::vec(any::<u8>(), 0..64).prop_map(|body| {
                    let mut frame = ((body.len() + 1) as u32).to_be_bytes().to_vec();
                    frame.push(112);
                    frame.extend_from_slice(&body);
                    frame
                }),
                // Ticks.
                Just(vec![0, 0, 0, 0]),
                // Anything at all.
                proptest::collection::vec(any::<u8>(), 0..64),
            ],
            0..8,
        ),
    ) {
        bounded(Duration::from_secs(10), move || {
            let listener = listener("C");
            let target = addr(&listener);
            let accepting = std::thread::spawn(move || listener.accept());
            let mut raw = handshake_by_hand(target, "C");
            let (mut reader, _writer) = accepting.join().unwrap().unwrap().split();
            for chunk in &chunks {
                let _ = raw.write_all(chunk);
            }
            let _ = raw.shutdown(Shutdown::Write);
            // Each call returns a frame or an error; the stream is finite, so
            // an error comes after at most one call per chunk.
            let mut results = 0;
            loop {
                results += 1;
                assert!(results <= chunks.len() + 1, "more frames than chunks");
                match reader.recv() {
                    Ok(_) => continue,
                    Err(ConnError::TickTimeout { .. }) => panic!("a closed stream should not time out"),
                    Err(_) => break,
                }
            }
            assert!(matches!(reader.recv(), Err(ConnError::Closed)));
        });
    }
}

#[test]
fn hand_made_handshake_then_silence_times_out() {
    bounded(Duration::from_secs(10), || {
        let listener = listener("C");
        let target = addr(&listener);
        let accepting = std::thread::spawn(move || listener.accept());
        let raw = handshake_by_hand(target, "C");
        let (mut reader, _writer) = accepting.join().unwrap().unwrap().split();
        let err = reader.recv().unwrap_err();
        assert!(matches!(err, ConnError::TickTimeout { .. }), "{err}");
        drop(raw);
    });
}

#[test]
fn oversized_frame_is_refused_without_allocating_it() {
    bounded(Duration::from_secs(10), || {
        let listener = listener("C");
        let target = addr(&listener);
        let accepting = std::thread::spawn(move || listener.accept());
        let mut raw = handshake_by_hand(target, "C");
        let (mut reader, _writer) = accepting.join().unwrap().unwrap().split();
        raw.write_all(&[0xff, 0xff, 0xff, 0xff, 112]).unwrap();
        let err = reader.recv().unwrap_err();
        assert!(matches!(err, ConnError::FrameTooLarge { .. }), "{err}");
        // A length under the maximum but with too few bytes behind it.
        let listener = self::listener("C");
        let target = addr(&listener);
        let accepting = std::thread::spawn(move || listener.accept());
        let mut raw = handshake_by_hand(target, "C");
        let (mut reader, _writer) = accepting.join().unwrap().unwrap().split();
        raw.write_all(&[0, 0, 0xff, 0x00, 112, 1, 2, 3]).unwrap();
        raw.shutdown(Shutdown::Write).unwrap();
        assert!(matches!(reader.recv(), Err(ConnError::Closed)));
    });
}
