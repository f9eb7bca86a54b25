//! Two girder-dist endpoints on loopback, found through the real EPMD.

mod common;

use std::time::Duration;

use common::{bounded, config, erlang_installed, published, unique_name};
use girder_dist::{connect, epmd, flags, ConnError, HandshakeError, NodeName};

#[test]
fn register_look_up_and_unregister() {
    if !erlang_installed("register_look_up_and_unregister") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        let name = unique_name("reg");
        let listener = published(&name, "C");
        let registration = listener.registration().unwrap();
        assert_eq!(registration.name(), name);
        assert_eq!(registration.port(), listener.port());
        assert_eq!(listener.config().creation, registration.creation());
        assert_ne!(registration.creation(), 0);

        assert_eq!(epmd::port_please("127.0.0.1", &name).unwrap(), Some(listener.port()));
        let info = epmd::lookup("127.0.0.1", &name).unwrap().unwrap();
        assert_eq!((info.lowest_version, info.highest_version), (6, 6));
        assert!(epmd::names("127.0.0.1").unwrap().contains(&(name.clone(), listener.port())));

        // A second registration of the same name is refused by name.
        let err = epmd::register(&name, 1).unwrap_err();
        assert!(matches!(err, epmd::EpmdError::NameInUse { .. }), "{err}");

        drop(listener);
        // EPMD notices the closed registration asynchronously.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while epmd::port_please("127.0.0.1", &name).unwrap().is_some() {
            assert!(std::time::Instant::now() < deadline, "name still registered after drop");
            std::thread::sleep(Duration::from_millis(20));
        }
        let unknown = NodeName::parse(&format!("{name}@127.0.0.1")).unwrap();
        let err = connect(&config("other", "C"), &unknown).unwrap_err();
        assert!(matches!(err, HandshakeError::Epmd(epmd::EpmdError::NotRegistered { .. })), "{err}");
    });
}

#[test]
fn two_endpoints_exchange_frames_both_ways() {
    if !erlang_installed("two_endpoints_exchange_frames_both_ways") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        let a = published(&unique_name("a"), "SHARED");
        let b = published(&unique_name("b"), "SHARED");
        let a_node = a.config().this.clone();
        let b_node = b.config().this.clone();
        let b_creation = b.config().creation;

        let accepting = std::thread::spawn(move || b.accept().map(|conn| (conn, b)));
        let conn_a = connect(a.config(), &b_node).unwrap();
        let (conn_b, _b) = accepting.join().unwrap().unwrap();

        assert_eq!(conn_a.peer, b_node);
        assert_eq!(conn_a.peer_creation, b_creation);
        assert_eq!(conn_a.peer_flags, flags::DEFAULT);
        assert_eq!(conn_b.peer, a_node);
        assert_eq!(conn_b.peer_creation, a.config().creation);
        assert_eq!(conn_b.common_flags(), flags::DEFAULT);

        let (mut reader_a, writer_a) = conn_a.split();
        let (mut reader_b, writer_b) = conn_b.split();
        // A writer shared between threads sends whole frames.
        let senders: Vec<_> = (0..4u8)
            .map(|i| {
                let writer = writer_a.clone();
                std::thread::spawn(move || {
                    for j in 0..50u8 {
                        let body = vec![i; 1000 + usize::from(j)];
                        writer.send_parts(&[&[131, i], &body]).unwrap();
                    }
                })
            })
            .collect();
        let mut seen = [0usize; 4];
        for _ in 0..200 {
            let frame = reader_b.recv().unwrap();
            let i = frame[1];
            assert_eq!(frame[0], 131);
            assert!(frame[2..].iter().all(|&byte| byte == i), "frames interleaved");
            assert_eq!(frame.len(), 2 + 1000 + seen[usize::from(i)]);
            seen[usize::from(i)] += 1;
        }
        senders.into_iter().for_each(|s| s.join().unwrap());

        writer_b.send(&[131, 106]).unwrap();
        assert_eq!(reader_a.recv().unwrap(), vec![131, 106]);

        writer_b.shutdown();
        assert!(matches!(reader_a.recv(), Err(ConnError::Closed)));
        // The reader's failure shut the connection down for the writer too.
        assert!(writer_a.send(&[131, 106]).is_err());
        assert!(writer_a.is_closed());
    });
}

#[test]
fn wrong_cookie_is_refused_on_both_sides() {
    if !erlang_installed("wrong_cookie_is_refused_on_both_sides") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        let a = published(&unique_name("a"), "ONE");
        let b = published(&unique_name("b"), "TWO");
        let a_node = a.config().this.clone();
        let b_node = b.config().this.clone();

        let accepting = std::thread::spawn(move || b.accept());
        let initiator_err = connect(a.config(), &b_node).unwrap_err();
        let acceptor_err = accepting.join().unwrap().unwrap_err();

        assert!(matches!(&initiator_err, HandshakeError::WrongCookie { peer } if *peer == b_node), "{initiator_err}");
        assert!(matches!(&acceptor_err, HandshakeError::WrongCookie { peer } if *peer == a_node), "{acceptor_err}");
        assert!(initiator_err.to_string().contains("cookie"), "{initiator_err}");
        eprintln!("initiator: {initiator_err}\nacceptor: {acceptor_err}");
    });
}

#[test]
fn admission_statuses_reach_the_initiator() {
    if !erlang_installed("admission_statuses_reach_the_initiator") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        use girder_dist::Admission;
        let a = published(&unique_name("a"), "C");
        let b = published(&unique_name("b"), "C");
        let b_node = b.config().this.clone();
        let accepting = std::thread::spawn(move || {
            let refused = b.accept_with(|_, _| Admission::NotAllowed).unwrap_err();
            let nok = b.accept_with(|_, _| Admission::Refuse).unwrap_err();
            let alive = b.accept_with(|_, _| Admission::Alive).map(|conn| conn.peer);
            let simultaneous = b.accept_with(|_, _| Admission::AcceptSimultaneous).map(|conn| conn.peer);
            (refused, nok, alive, simultaneous)
        });
        let not_allowed = connect(a.config(), &b_node).unwrap_err();
        assert!(matches!(not_allowed, HandshakeError::NotAllowed { .. }), "{not_allowed}");
        let nok = connect(a.config(), &b_node).unwrap_err();
        assert!(matches!(nok, HandshakeError::Simultaneous { .. }), "{nok}");
        // "alive": the initiator says the old connection is stale and goes on.
        connect(a.config(), &b_node).unwrap();
        connect(a.config(), &b_node).unwrap();
        let (refused, nok, alive, simultaneous) = accepting.join().unwrap();
        assert!(matches!(refused, HandshakeError::Rejected { .. }), "{refused}");
        assert!(matches!(nok, HandshakeError::Superseded { .. }), "{nok}");
        assert_eq!(alive.unwrap(), a.config().this);
        assert_eq!(simultaneous.unwrap(), a.config().this);
    });
}

#[test]
fn idle_connection_survives_on_ticks() {
    if !erlang_installed("idle_connection_survives_on_ticks") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        let short = |name: &str| {
            let mut listener =
                girder_dist::Listener::bind(config(name, "C").with_net_ticktime(Duration::from_millis(400))).unwrap();
            listener.publish().unwrap();
            listener
        };
        let a = short(&unique_name("a"));
        let b = short(&unique_name("b"));
        let b_node = b.config().this.clone();
        let accepting = std::thread::spawn(move || b.accept());
        let (reader_a, writer_a) = connect(a.config(), &b_node).unwrap().split();
        let (reader_b, writer_b) = accepting.join().unwrap().unwrap().split();
        // Both readers wait through five tick timeouts of silence from the
        // callers; the tickers keep the connection alive.
        let waiting_b = std::thread::spawn(move || {
            let mut reader = reader_b;
            reader.recv()
        });
        let waiting_a = std::thread::spawn(move || {
            let mut reader = reader_a;
            reader.recv()
        });
        std::thread::sleep(Duration::from_secs(2));
        writer_a.send(&[131, 97, 1]).unwrap();
        writer_b.send(&[131, 97, 2]).unwrap();
        assert_eq!(waiting_b.join().unwrap().unwrap(), vec![131, 97, 1]);
        assert_eq!(waiting_a.join().unwrap().unwrap(), vec![131, 97, 2]);
    });
}
