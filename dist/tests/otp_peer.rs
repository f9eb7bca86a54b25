//! A girder-dist endpoint and a real Erlang/OTP node as peers, on loopback.

mod common;

use std::time::{Duration, Instant};

use common::{bounded, decode_frame, erlang_installed, pid_of, published, ref_of, unique_name, Erl, Term};
use girder_dist::{connect, flags, Config, HandshakeError, Reader, Writer};

/// Control message tags used here.
const SEND: i64 = 2;
const REG_SEND: i64 = 6;
const SEND_SENDER: i64 = 22;

/// Reads frames until `pick` accepts one (given the decoded control message
/// and payload), or fails after `limit`.
fn recv_until<T>(reader: &mut Reader, limit: Duration, mut pick: impl FnMut(&[Term]) -> Option<T>) -> T {
    let deadline = Instant::now() + limit;
    loop {
        assert!(Instant::now() < deadline, "no matching frame within {limit:?}");
        let frame = reader.recv().expect("reading a frame from erl");
        let terms = match decode_frame(&frame) {
            Ok(terms) => terms,
            Err(err) => {
                eprintln!("skipping a frame the test decoder does not read: {err}");
                continue;
            }
        };
        match pick(&terms) {
            Some(found) => return found,
            None => eprintln!("skipping frame {terms:?}"),
        }
    }
}

/// Sends `net_kernel` on the peer a `gen_server` call as `net_adm:ping`
/// does: control `{6, FromPid, '', net_kernel}`, message
/// `{'$gen_call', {FromPid, Ref}, {is_auth, ThisNode}}`.
fn send_is_auth(config: &Config, writer: &Writer, ref_id: u32) {
    let from = pid_of(config, 1);
    let control = Term::Tuple(vec![Term::Int(REG_SEND), from.clone(), Term::atom(""), Term::atom("net_kernel")]);
    let call = Term::Tuple(vec![
        Term::atom("$gen_call"),
        Term::Tuple(vec![from, ref_of(config, ref_id)]),
        Term::Tuple(vec![Term::atom("is_auth"), Term::Atom(config.this.to_string())]),
    ]);
    writer.send_parts(&[&control.encode(), &call.encode()]).unwrap();
}

/// Waits for the answer to [`send_is_auth`]: control `{2, '', FromPid}` (or
/// `SEND_SENDER`) carrying `{Ref, Answer}`; returns `Answer`.
fn await_is_auth_answer(config: &Config, reader: &mut Reader, ref_id: u32) -> Term {
    let (from, reference) = (pid_of(config, 1), ref_of(config, ref_id));
    recv_until(reader, Duration::from_secs(20), |terms| match terms {
        [Term::Tuple(control), Term::Tuple(message)]
            if matches!(control.first(), Some(Term::Int(SEND | SEND_SENDER)))
                && control.last() == Some(&from)
                && message.len() == 2
                && message.first() == Some(&reference) =>
        {
            Some(message[1].clone())
        }
        _ => None,
    })
}

#[test]
fn girder_calls_net_kernel_on_erl() {
    if !erlang_installed("girder_calls_net_kernel_on_erl") {
        return;
    }
    bounded(Duration::from_secs(60), || {
        let erl = Erl::start(&unique_name("e1"), "SAMECOOKIE", r#"io:format("ready~n")"#);
        erl.wait_line("ready", Duration::from_secs(20));
        let listener = published(&unique_name("g"), "SAMECOOKIE");
        let config = listener.config().clone();

        let conn = connect(&config, &erl.node).expect("handshake with erl");
        assert_eq!(conn.peer, erl.node);
        assert_eq!(flags::missing_required(conn.peer_flags), 0);
        assert_ne!(conn.peer_creation, 0);
        let (mut reader, writer): (Reader, Writer) = conn.split();

        send_is_auth(&config, &writer, 4242);
        assert_eq!(await_is_auth_answer(&config, &mut reader, 4242), Term::atom("yes"));
    });
}

#[test]
fn erl_pings_girder() {
    if !erlang_installed("erl_pings_girder") {
        return;
    }
    bounded(Duration::from_secs(60), || {
        let listener = published(&unique_name("g"), "SAMECOOKIE");
        let this = listener.config().this.clone();
        let erl = Erl::start(
            &unique_name("e1"),
            "SAMECOOKIE",
            &format!("R = net_adm:ping('{this}'), io:format(\"ping=~p~n\", [R]), halt()"),
        );

        let conn = listener.accept().expect("accepting erl's connection");
        assert_eq!(conn.peer, erl.node);
        assert_eq!(flags::missing_required(conn.peer_flags), 0);
        let (mut reader, writer) = conn.split();

        // net_adm:ping is a gen_server call to our net_kernel:
        // {6, FromPid, '', net_kernel} with {'$gen_call', {FromPid, Tag}, {is_auth, Node}}.
        let (caller, tag) = recv_until(&mut reader, Duration::from_secs(20), |terms| match terms {
            [Term::Tuple(control), Term::Tuple(message)]
                if control.first() == Some(&Term::Int(REG_SEND))
                    && control.last() == Some(&Term::atom("net_kernel"))
                    && message.first() == Some(&Term::atom("$gen_call")) =>
            {
                match message.get(1..) {
                    Some([Term::Tuple(from), Term::Tuple(request)])
                        if from.len() == 2 && request.first() == Some(&Term::atom("is_auth")) =>
                    {
                        Some((from[0].clone(), from[1].clone()))
                    }
                    _ => None,
                }
            }
            _ => None,
        });
        let control = Term::Tuple(vec![Term::Int(SEND), Term::atom(""), caller]);
        let reply = Term::Tuple(vec![tag, Term::atom("yes")]);
        writer.send_parts(&[&control.encode(), &reply.encode()]).unwrap();

        assert_eq!(erl.wait_line("ping=", Duration::from_secs(20)), "ping=pong");
    });
}

#[test]
fn girder_with_wrong_cookie_is_refused_by_erl() {
    if !erlang_installed("girder_with_wrong_cookie_is_refused_by_erl") {
        return;
    }
    bounded(Duration::from_secs(60), || {
        let erl = Erl::start(&unique_name("e1"), "ERLCOOKIE", r#"io:format("ready~n")"#);
        erl.wait_line("ready", Duration::from_secs(20));
        let listener = published(&unique_name("g"), "GIRDERCOOKIE");
        let err = connect(listener.config(), &erl.node).unwrap_err();
        eprintln!("{err}");
        assert!(matches!(&err, HandshakeError::WrongCookie { peer } if *peer == erl.node), "{err}");
    });
}

#[test]
fn erl_with_wrong_cookie_is_refused_by_girder() {
    if !erlang_installed("erl_with_wrong_cookie_is_refused_by_girder") {
        return;
    }
    bounded(Duration::from_secs(60), || {
        let listener = published(&unique_name("g"), "GIRDERCOOKIE");
        let this = listener.config().this.clone();
        let erl = Erl::start(
            &unique_name("e1"),
            "ERLCOOKIE",
            &format!("R = net_adm:ping('{this}'), io:format(\"ping=~p~n\", [R]), halt()"),
        );
        let err = listener.accept().unwrap_err();
        eprintln!("{err}");
        assert!(matches!(&err, HandshakeError::WrongCookie { peer } if *peer == erl.node), "{err}");
        assert_eq!(erl.wait_line("ping=", Duration::from_secs(20)), "ping=pang");
    });
}

#[test]
fn idle_connection_with_erl_survives_on_ticks() {
    if !erlang_installed("idle_connection_with_erl_survives_on_ticks") {
        return;
    }
    bounded(Duration::from_secs(60), || {
        // erl ticks every 0.5 s and drops a peer silent for about 2 s.
        let erl = Erl::start_with(
            &unique_name("e1"),
            "SAMECOOKIE",
            &["-kernel", "net_ticktime", "2"],
            r#"io:format("ready~n")"#,
        );
        erl.wait_line("ready", Duration::from_secs(20));
        let mut listener = girder_dist::Listener::bind(
            common::config(&unique_name("g"), "SAMECOOKIE").with_net_ticktime(Duration::from_secs(2)),
        )
        .unwrap();
        listener.publish().unwrap();
        let config = listener.config().clone();
        let (reader, writer) = connect(&config, &erl.node).expect("handshake with erl").split();

        // Our reader waits through 5 s of silence from erl's processes; both
        // sides' ticks keep the connection up.
        let waiting = std::thread::spawn({
            let config = config.clone();
            move || {
                let mut reader = reader;
                await_is_auth_answer(&config, &mut reader, 7)
            }
        });
        std::thread::sleep(Duration::from_secs(5));
        send_is_auth(&config, &writer, 7);
        assert_eq!(waiting.join().unwrap(), Term::atom("yes"));
    });
}
