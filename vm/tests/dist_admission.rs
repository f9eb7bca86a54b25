//! A node that connects without knowing the cookie leaves nothing behind:
//! its name becomes an atom only once it has answered the challenge. The
//! test is a binary of its own, so that no other test makes atoms while it
//! counts them. Loopback only; EPMD is started when none runs.

use girder_dist::{connect_to, epmd, HandshakeError, NodeName};
use girder_vm::code::NoModules;
use girder_vm::dist::{Dist, Options};
use girder_vm::term::AtomTable;
use girder_vm::vm::{Config, Vm};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Handshakes with the wrong cookie.
const STRANGERS: usize = 300;

fn peer_config(name: &str, cookie: &str) -> girder_dist::Config {
    let mut config = girder_dist::Config::new(NodeName::parse(name).unwrap(), cookie);
    config.handshake_timeout = Duration::from_secs(10);
    config
}

#[test]
fn handshakes_with_a_wrong_cookie_make_no_atoms() {
    let vm = Arc::new(Vm::new(Config::default(), Box::new(NoModules)));
    let name = format!("admission_{}@127.0.0.1", std::process::id());
    let this = NodeName::parse(&name).unwrap();
    Dist::start(&vm, Options::new(this.clone(), "right".to_string())).expect("the node starts");
    let port = epmd::lookup("127.0.0.1", this.name()).unwrap().expect("the node is registered").port;
    let address = SocketAddr::from(([127, 0, 0, 1], port));

    let before = AtomTable::global().len();
    for i in 0..STRANGERS {
        let stranger = format!("stranger_{i}_{}@127.0.0.1", std::process::id());
        match connect_to(&peer_config(&stranger, "wrong"), &this, address) {
            Err(HandshakeError::WrongCookie { .. }) => {}
            other => panic!("a wrong cookie was not refused: {:?}", other.map(|c| c.peer)),
        }
    }
    let after = AtomTable::global().len();
    assert_eq!(after, before, "{STRANGERS} refused handshakes made {} atoms", after - before);

    // A node that knows the cookie is admitted, and its name becomes an
    // atom once its handshake is done (on the accepting thread, just after
    // the acknowledgement this side waits for: hence the bounded wait).
    let friend = format!("friend_{}@127.0.0.1", std::process::id());
    let connection = connect_to(&peer_config(&friend, "right"), &this, address).expect("the right cookie");
    let deadline = Instant::now() + Duration::from_secs(20);
    while AtomTable::global().lookup(&friend).is_none() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(10));
    }
    assert!(AtomTable::global().lookup(&friend).is_some(), "an admitted node's name is an atom");
    assert_eq!(AtomTable::global().len(), before + 1);
    drop(connection);
}
