//! `epmd::ensure_running` starts an EPMD when none answers. Runs alone in
//! its own test binary because it points `ERL_EPMD_PORT` at a private port
//! for the whole process.

mod common;

use std::net::{TcpListener, TcpStream};
use std::process::Command;
use std::time::Duration;

use common::{bounded, erlang_installed};
use girder_dist::epmd;

/// Stops the private EPMD when the test ends, however it ends.
struct StopEpmd(u16);

impl Drop for StopEpmd {
    fn drop(&mut self) {
        let _ = Command::new("epmd").args(["-port", &self.0.to_string(), "-kill"]).output();
    }
}

#[test]
fn ensure_running_starts_epmd_on_a_private_port() {
    if !erlang_installed("ensure_running_starts_epmd_on_a_private_port") {
        return;
    }
    bounded(Duration::from_secs(30), || {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        std::env::set_var("ERL_EPMD_PORT", port.to_string());
        std::env::set_var("ERL_EPMD_ADDRESS", "127.0.0.1");
        assert_eq!(epmd::epmd_port(), port);
        assert!(TcpStream::connect(("127.0.0.1", port)).is_err(), "something already listens on {port}");

        let _stop = StopEpmd(port);
        epmd::ensure_running_within(Duration::from_secs(10)).unwrap();
        // Idempotent once it answers.
        epmd::ensure_running().unwrap();

        let registration = epmd::register("private", 4242).unwrap();
        assert_eq!(epmd::port_please("127.0.0.1", "private").unwrap(), Some(4242));
        assert_eq!(epmd::names("127.0.0.1").unwrap(), vec![("private".to_string(), 4242)]);
        assert_eq!(epmd::port_please("127.0.0.1", "nobody").unwrap(), None);
        drop(registration);
    });
}
