//! EPMD, the Erlang Port Mapper Daemon: one per host, on TCP port 4369, it
//! maps node names to the ports their listeners accept on.
//!
//! Every request is one TCP connection carrying a 2-byte big-endian length and
//! the request. A node registers with `ALIVE2_REQ` and keeps that connection
//! open for as long as it wants to stay registered ([`Registration`]); lookups
//! (`PORT_PLEASE2_REQ`, `NAMES_REQ`) are answered and the connection closed.

use std::io::{self, Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use thiserror::Error;

/// The port EPMD listens on unless `ERL_EPMD_PORT` says otherwise.
pub const DEFAULT_PORT: u16 = 4369;
/// The distribution protocol version girder speaks (the OTP 23 handshake);
/// registered as both highest and lowest version.
pub const DIST_VERSION: u16 = 6;

const ALIVE2_REQ: u8 = 120;
const ALIVE2_X_RESP: u8 = 118;
const ALIVE2_RESP: u8 = 121;
const PORT_PLEASE2_REQ: u8 = 122;
const PORT2_RESP: u8 = 119;
const NAMES_REQ: u8 = 110;
/// Node type of a normal Erlang node (`M`); hidden C nodes register as `H`.
const NODE_TYPE_NORMAL: u8 = 77;
/// Protocol 0: TCP/IPv4.
const PROTOCOL_TCP: u8 = 0;
/// How long one EPMD exchange may take.
const IO_TIMEOUT: Duration = Duration::from_secs(5);
/// The most a `NAMES_REQ` answer may hold.
const MAX_NAMES_REPLY: u64 = 1 << 20;

/// What went wrong talking to EPMD.
#[derive(Debug, Error)]
pub enum EpmdError {
    /// No EPMD answers and none could be started because there is no `epmd`
    /// program on `PATH`.
    #[error("no epmd is running on port {port} and there is no `epmd` program on PATH to start one (install Erlang, e.g. erlang-base)")]
    NotInstalled {
        /// The EPMD port tried.
        port: u16,
    },
    /// `epmd -daemon` was started but did not answer in time.
    #[error("started {program} -daemon but it did not answer on port {port} within {waited:?}")]
    DidNotStart {
        /// The program run.
        program: String,
        /// The EPMD port tried.
        port: u16,
        /// How long we waited.
        waited: Duration,
    },
    /// EPMD refused to register the name: another node holds it.
    #[error("epmd refused to register {name:?} (result {result}): the name is probably in use by another node")]
    NameInUse {
        /// The name asked for.
        name: String,
        /// EPMD's result code.
        result: u8,
    },
    /// EPMD on the peer's host does not know the node.
    #[error("epmd on {host} does not know a node named {name:?}")]
    NotRegistered {
        /// The name looked up.
        name: String,
        /// The host asked.
        host: String,
    },
    /// The node is registered but speaks only distribution versions girder
    /// does not (girder speaks version 6, OTP 23 and later).
    #[error("node {name}@{host} speaks distribution versions {lowest}..={highest}, girder needs version 6 (OTP 23 or later)")]
    Version {
        /// The name looked up.
        name: String,
        /// The host asked.
        host: String,
        /// The node's lowest version.
        lowest: u16,
        /// The node's highest version.
        highest: u16,
    },
    /// EPMD sent something that is not a valid answer.
    #[error("epmd on {host} sent a malformed answer: {what}")]
    Protocol {
        /// The host asked.
        host: String,
        /// What was wrong.
        what: String,
    },
    /// A name or other argument that cannot be sent to EPMD.
    #[error("cannot ask epmd: {what}")]
    BadRequest {
        /// What was wrong.
        what: String,
    },
    /// Connecting to or talking with EPMD failed.
    #[error("talking to epmd on {host}: {source}")]
    Io {
        /// The host asked.
        host: String,
        /// The underlying error.
        #[source]
        source: io::Error,
    },
}

/// The port EPMD listens on: `ERL_EPMD_PORT` when set to a number, as for
/// `erl`, else [`DEFAULT_PORT`].
pub fn epmd_port() -> u16 {
    std::env::var("ERL_EPMD_PORT").ok().and_then(|text| text.trim().parse().ok()).unwrap_or(DEFAULT_PORT)
}

fn io_error(host: &str) -> impl FnOnce(io::Error) -> EpmdError + '_ {
    move |source| EpmdError::Io { host: host.to_string(), source }
}

fn open(host: &str) -> Result<TcpStream, EpmdError> {
    let port = epmd_port();
    let addrs: Vec<SocketAddr> = (host, port).to_socket_addrs().map_err(io_error(host))?.collect();
    let mut last = io::Error::new(io::ErrorKind::NotFound, format!("host {host:?} has no address"));
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, IO_TIMEOUT) {
            Ok(stream) => {
                stream.set_read_timeout(Some(IO_TIMEOUT)).map_err(io_error(host))?;
                stream.set_write_timeout(Some(IO_TIMEOUT)).map_err(io_error(host))?;
                stream.set_nodelay(true).map_err(io_error(host))?;
                return Ok(stream);
            }
            Err(err) => last = err,
        }
    }
    Err(EpmdError::Io { host: host.to_string(), source: last })
}

fn send_request(stream: &mut TcpStream, host: &str, request: &[u8]) -> Result<(), EpmdError> {
    let len = u16::try_from(request.len())
        .map_err(|_| EpmdError::BadRequest { what: format!("request of {} bytes is too long", request.len()) })?;
    let mut bytes = Vec::with_capacity(2 + request.len());
    bytes.extend_from_slice(&len.to_be_bytes());
    bytes.extend_from_slice(request);
    stream.write_all(&bytes).map_err(io_error(host))
}

fn read_exact(stream: &mut TcpStream, host: &str, buf: &mut [u8], what: &str) -> Result<(), EpmdError> {
    stream.read_exact(buf).map_err(|err| {
        if err.kind() == io::ErrorKind::UnexpectedEof {
            EpmdError::Protocol { host: host.to_string(), what: format!("connection closed before the {what}") }
        } else {
            EpmdError::Io { host: host.to_string(), source: err }
        }
    })
}

fn check_name(name: &str) -> Result<(), EpmdError> {
    if name.is_empty() || name.len() > 255 {
        return Err(EpmdError::BadRequest { what: format!("node name {name:?} must be 1 to 255 bytes") });
    }
    Ok(())
}

/// Makes sure an EPMD answers on this host: when nothing listens on
/// 127.0.0.1 at [`epmd_port`], runs `epmd -daemon` (found on `PATH`) and waits
/// up to five seconds for it to answer.
pub fn ensure_running() -> Result<(), EpmdError> {
    ensure_running_within(Duration::from_secs(5))
}

/// [`ensure_running`] with a chosen bound on the wait.
pub fn ensure_running_within(wait: Duration) -> Result<(), EpmdError> {
    let port = epmd_port();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    if TcpStream::connect_timeout(&addr, IO_TIMEOUT).is_ok() {
        return Ok(());
    }
    let program = find_on_path("epmd").ok_or(EpmdError::NotInstalled { port })?;
    let mut command = Command::new(&program);
    command.arg("-daemon").stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    if port != DEFAULT_PORT {
        command.arg("-port").arg(port.to_string());
    }
    // With -daemon, epmd forks and the parent exits at once.
    let status = command.status().map_err(io_error("127.0.0.1"))?;
    let start = Instant::now();
    loop {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        if start.elapsed() >= wait {
            let mut program = program.display().to_string();
            if !status.success() {
                program = format!("{program} (which exited with {status})");
            }
            return Err(EpmdError::DidNotStart { program, port, waited: wait });
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The first executable file named `program` in a directory on `PATH`.
pub fn find_on_path(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).map(|dir| dir.join(program)).find(|candidate| is_executable(candidate))
}

fn is_executable(path: &std::path::Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else { return false };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// A node's registration with the local EPMD.
///
/// The open connection *is* the registration: EPMD forgets the name as soon
/// as it closes, which dropping this value does.
#[derive(Debug)]
pub struct Registration {
    stream: TcpStream,
    name: String,
    port: u16,
    creation: u32,
}

impl Registration {
    /// The creation EPMD assigned: a number that differs between successive
    /// incarnations of a node with the same name, carried in its pids,
    /// ports and references.
    pub fn creation(&self) -> u32 {
        self.creation
    }

    /// The registered name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The registered port.
    pub fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Registration {
    fn drop(&mut self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Registers `name` with the EPMD on this host (127.0.0.1) as a node
/// accepting distribution connections on `port` (`ALIVE2_REQ`).
///
/// The name is the part before `@` of the node name. Fails with
/// [`EpmdError::NameInUse`] when another node holds it.
pub fn register(name: &str, port: u16) -> Result<Registration, EpmdError> {
    check_name(name)?;
    let host = "127.0.0.1";
    let mut stream = open(host)?;
    let mut request = Vec::with_capacity(13 + name.len());
    request.push(ALIVE2_REQ);
    request.extend_from_slice(&port.to_be_bytes());
    request.push(NODE_TYPE_NORMAL);
    request.push(PROTOCOL_TCP);
    request.extend_from_slice(&DIST_VERSION.to_be_bytes()); // highest
    request.extend_from_slice(&DIST_VERSION.to_be_bytes()); // lowest
    request.extend_from_slice(&(name.len() as u16).to_be_bytes());
    request.extend_from_slice(name.as_bytes());
    request.extend_from_slice(&0u16.to_be_bytes()); // no extra
    send_request(&mut stream, host, &request)?;

    let mut head = [0u8; 2];
    read_exact(&mut stream, host, &mut head, "registration answer")?;
    let creation = match head {
        [ALIVE2_X_RESP, 0] => {
            let mut creation = [0u8; 4];
            read_exact(&mut stream, host, &mut creation, "creation")?;
            u32::from_be_bytes(creation)
        }
        [ALIVE2_RESP, 0] => {
            let mut creation = [0u8; 2];
            read_exact(&mut stream, host, &mut creation, "creation")?;
            u32::from(u16::from_be_bytes(creation))
        }
        [ALIVE2_X_RESP | ALIVE2_RESP, result] => {
            return Err(EpmdError::NameInUse { name: name.to_string(), result });
        }
        [tag, _] => {
            return Err(EpmdError::Protocol {
                host: host.to_string(),
                what: format!("expected ALIVE2_X_RESP (118), got byte {tag}"),
            })
        }
    };
    // The registration lives as long as the connection; no more reads or
    // writes happen on it, so no timeout should ever close it.
    stream.set_read_timeout(None).map_err(io_error(host))?;
    Ok(Registration { stream, name: name.to_string(), port, creation })
}

/// What EPMD knows about a registered node (`PORT2_RESP`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeInfo {
    /// The port its listener accepts distribution connections on.
    pub port: u16,
    /// 77 for a normal Erlang node, 72 for a hidden (C) node.
    pub node_type: u8,
    /// 0 for TCP/IPv4.
    pub protocol: u8,
    /// The highest distribution version it speaks.
    pub highest_version: u16,
    /// The lowest distribution version it speaks.
    pub lowest_version: u16,
    /// The name it registered.
    pub name: String,
}

/// Asks the EPMD on `host` where node `name` listens (`PORT_PLEASE2_REQ`);
/// `None` when no such node is registered.
pub fn port_please(host: &str, name: &str) -> Result<Option<u16>, EpmdError> {
    Ok(lookup(host, name)?.map(|info| info.port))
}

/// Like [`port_please`], with everything EPMD says about the node.
pub fn lookup(host: &str, name: &str) -> Result<Option<NodeInfo>, EpmdError> {
    check_name(name)?;
    let mut stream = open(host)?;
    let mut request = Vec::with_capacity(1 + name.len());
    request.push(PORT_PLEASE2_REQ);
    request.extend_from_slice(name.as_bytes());
    send_request(&mut stream, host, &request)?;

    let mut head = [0u8; 2];
    match stream.read(&mut head[..1]) {
        // Some EPMDs just close the connection for an unknown name.
        Ok(0) => return Ok(None),
        Ok(_) => {}
        Err(err) => return Err(EpmdError::Io { host: host.to_string(), source: err }),
    }
    read_exact(&mut stream, host, &mut head[1..], "PORT2_RESP result")?;
    match head {
        [PORT2_RESP, 0] => {}
        [PORT2_RESP, _] => return Ok(None),
        [tag, _] => {
            return Err(EpmdError::Protocol {
                host: host.to_string(),
                what: format!("expected PORT2_RESP (119), got byte {tag}"),
            })
        }
    }
    let mut fixed = [0u8; 10];
    read_exact(&mut stream, host, &mut fixed, "PORT2_RESP fields")?;
    let port = u16::from_be_bytes([fixed[0], fixed[1]]);
    let node_type = fixed[2];
    let protocol = fixed[3];
    let highest_version = u16::from_be_bytes([fixed[4], fixed[5]]);
    let lowest_version = u16::from_be_bytes([fixed[6], fixed[7]]);
    let name_len = usize::from(u16::from_be_bytes([fixed[8], fixed[9]]));
    let mut name_bytes = vec![0u8; name_len];
    read_exact(&mut stream, host, &mut name_bytes, "PORT2_RESP node name")?;
    // The extra field that follows is ignored, as the protocol asks.
    Ok(Some(NodeInfo {
        port,
        node_type,
        protocol,
        highest_version,
        lowest_version,
        name: String::from_utf8_lossy(&name_bytes).into_owned(),
    }))
}

/// Lists the nodes registered with the EPMD on `host` (`NAMES_REQ`), as
/// (name, port) pairs.
pub fn names(host: &str) -> Result<Vec<(String, u16)>, EpmdError> {
    let mut stream = open(host)?;
    send_request(&mut stream, host, &[NAMES_REQ])?;
    let mut epmd_port_bytes = [0u8; 4];
    read_exact(&mut stream, host, &mut epmd_port_bytes, "NAMES_RESP port")?;
    let mut text = Vec::new();
    (&mut stream).take(MAX_NAMES_REPLY).read_to_end(&mut text).map_err(io_error(host))?;
    let text = String::from_utf8_lossy(&text);
    let mut nodes = Vec::new();
    for line in text.lines() {
        // "name NAME at port PORT"
        let parsed = line
            .strip_prefix("name ")
            .and_then(|rest| rest.rsplit_once(" at port "))
            .and_then(|(name, port)| Some((name.to_string(), port.trim().parse().ok()?)));
        match parsed {
            Some(entry) => nodes.push(entry),
            None if line.trim().is_empty() => {}
            None => {
                return Err(EpmdError::Protocol {
                    host: host.to_string(),
                    what: format!("unexpected line in NAMES_RESP: {line:?}"),
                })
            }
        }
    }
    Ok(nodes)
}
