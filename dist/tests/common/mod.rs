//! Helpers shared by the integration tests: finding Erlang, running `erl`
//! under a guard, unique node names, a bound on each test's time, and just
//! enough of the external term format to speak to `net_kernel`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use girder_dist::{epmd, Config, Listener, NodeName};

/// Whether `erl` and `epmd` are installed; prints a note when not.
pub fn erlang_installed(test: &str) -> bool {
    let missing: Vec<&str> = ["erl", "epmd"].into_iter().filter(|p| epmd::find_on_path(p).is_none()).collect();
    if missing.is_empty() {
        true
    } else {
        eprintln!("note: skipping {test}: {} not installed (apt-get install -y erlang-base)", missing.join(" and "));
        false
    }
}

/// A node name no other test (in this run or a concurrent one) uses.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    format!("{prefix}_{}_{}", std::process::id(), COUNTER.fetch_add(1, Ordering::Relaxed))
}

/// Runs `body` on a thread and fails the test if it takes longer than `limit`.
pub fn bounded<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    let handle = std::thread::spawn(move || {
        let value = body();
        let _ = done.send(());
        value
    });
    match result.recv_timeout(limit) {
        // Finished, or panicked (then re-raise its panic).
        Ok(()) | Err(mpsc::RecvTimeoutError::Disconnected) => {
            handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("test did not finish within {limit:?}"),
    }
}

/// A girder-dist configuration on loopback with short timings.
pub fn config(name: &str, cookie: &str) -> Config {
    let mut config = Config::new(NodeName::parse(&format!("{name}@127.0.0.1")).unwrap(), cookie).loopback_only();
    config.handshake_timeout = Duration::from_secs(5);
    config
}

/// A listener registered with EPMD.
pub fn published(name: &str, cookie: &str) -> Listener {
    let mut listener = Listener::bind(config(name, cookie)).unwrap();
    listener.publish().unwrap();
    listener
}

/// An `erl` node, killed when dropped.
pub struct Erl {
    child: Child,
    lines: mpsc::Receiver<String>,
    pub node: NodeName,
}

impl Erl {
    /// Starts `erl -name NAME@127.0.0.1 -setcookie COOKIE -noshell` running
    /// `eval`, which should print lines the test waits for. The node halts
    /// by itself after a minute whatever happens.
    pub fn start(name: &str, cookie: &str, eval: &str) -> Erl {
        Erl::start_with(name, cookie, &[], eval)
    }

    /// [`Erl::start`] with extra command-line arguments.
    pub fn start_with(name: &str, cookie: &str, extra: &[&str], eval: &str) -> Erl {
        let node = NodeName::parse(&format!("{name}@127.0.0.1")).unwrap();
        let watchdog = "spawn(fun() -> timer:sleep(60000), halt(3) end)";
        let mut child = Command::new("erl")
            .args(["-name", &node.to_string(), "-setcookie", cookie, "-noshell", "-kernel", "inet_dist_use_interface"])
            .arg("{127,0,0,1}")
            .args(extra)
            .arg("-eval")
            .arg(format!("{watchdog}, {eval}"))
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("starting erl");
        let stdout = child.stdout.take().unwrap();
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        Erl { child, lines, node }
    }

    /// Waits for a line of output starting with `prefix` and returns it.
    pub fn wait_line(&self, prefix: &str, limit: Duration) -> String {
        let deadline = Instant::now() + limit;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.starts_with(prefix) => return line,
                Ok(line) => eprintln!("erl: {line}"),
                Err(_) => panic!("erl did not print a line starting with {prefix:?} within {limit:?}"),
            }
        }
    }
}

impl Drop for Erl {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A decoded external term, as much of the format as these tests meet.
#[derive(Clone, Debug, PartialEq)]
pub enum Term {
    Int(i64),
    Atom(String),
    Tuple(Vec<Term>),
    /// Elements and tail (`Nil` for a proper list).
    List(Vec<Term>, Box<Term>),
    Nil,
    Pid {
        node: String,
        id: u32,
        serial: u32,
        creation: u32,
    },
    Ref {
        node: String,
        creation: u32,
        ids: Vec<u32>,
    },
    Binary(Vec<u8>),
    /// Anything else, skipped: the tag.
    Other(u8),
}

impl Term {
    pub fn atom(text: &str) -> Term {
        Term::Atom(text.to_string())
    }

    /// The external format of this term with its leading 131.
    pub fn encode(&self) -> Vec<u8> {
        let mut out = vec![131];
        self.encode_into(&mut out);
        out
    }

    fn encode_into(&self, out: &mut Vec<u8>) {
        match self {
            Term::Int(n) if (0..256).contains(n) => out.extend_from_slice(&[97, *n as u8]),
            Term::Int(n) => {
                out.push(98);
                out.extend_from_slice(&(*n as i32).to_be_bytes());
            }
            Term::Atom(text) => {
                out.extend_from_slice(&[119, text.len() as u8]);
                out.extend_from_slice(text.as_bytes());
            }
            Term::Tuple(items) => {
                out.extend_from_slice(&[104, items.len() as u8]);
                items.iter().for_each(|item| item.encode_into(out));
            }
            Term::List(items, tail) => {
                out.push(108);
                out.extend_from_slice(&(items.len() as u32).to_be_bytes());
                items.iter().for_each(|item| item.encode_into(out));
                tail.encode_into(out);
            }
            Term::Nil => out.push(106),
            Term::Pid { node, id, serial, creation } => {
                out.push(88);
                Term::Atom(node.clone()).encode_into(out);
                for word in [id, serial, creation] {
                    out.extend_from_slice(&word.to_be_bytes());
                }
            }
            Term::Ref { node, creation, ids } => {
                out.push(90);
                out.extend_from_slice(&(ids.len() as u16).to_be_bytes());
                Term::Atom(node.clone()).encode_into(out);
                out.extend_from_slice(&creation.to_be_bytes());
                ids.iter().for_each(|id| out.extend_from_slice(&id.to_be_bytes()));
            }
            Term::Binary(bytes) => {
                out.push(109);
                out.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
                out.extend_from_slice(bytes);
            }
            Term::Other(tag) => panic!("cannot encode a term with tag {tag}"),
        }
    }
}

/// Decodes the terms of a pass-through frame body: the control message and
/// the payload, if any.
pub fn decode_frame(bytes: &[u8]) -> Result<Vec<Term>, String> {
    let mut decoder = Decoder { bytes, pos: 0 };
    let mut terms = Vec::new();
    while decoder.pos < bytes.len() {
        if decoder.u8()? != 131 {
            return Err(format!("term at {} does not begin with 131", decoder.pos - 1));
        }
        terms.push(decoder.term()?);
    }
    Ok(terms)
}

struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Decoder<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], String> {
        let end = self.pos.checked_add(n).filter(|&end| end <= self.bytes.len()).ok_or("truncated term")?;
        let slice = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(slice)
    }
    fn u8(&mut self) -> Result<u8, String> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, String> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }
    fn u32(&mut self) -> Result<u32, String> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn text(&mut self, n: usize) -> Result<String, String> {
        Ok(String::from_utf8_lossy(self.take(n)?).into_owned())
    }
    fn atom_name(&mut self) -> Result<String, String> {
        match self.term()? {
            Term::Atom(name) => Ok(name),
            other => Err(format!("expected an atom, got {other:?}")),
        }
    }
    fn term(&mut self) -> Result<Term, String> {
        let tag = self.u8()?;
        Ok(match tag {
            97 => Term::Int(i64::from(self.u8()?)),
            98 => Term::Int(i64::from(self.u32()? as i32)),
            100 | 118 => {
                let n = usize::from(self.u16()?);
                Term::Atom(self.text(n)?)
            }
            115 | 119 => {
                let n = usize::from(self.u8()?);
                Term::Atom(self.text(n)?)
            }
            104 => {
                let n = usize::from(self.u8()?);
                Term::Tuple((0..n).map(|_| self.term()).collect::<Result<_, _>>()?)
            }
            105 => {
                let n = self.u32()? as usize;
                Term::Tuple((0..n).map(|_| self.term()).collect::<Result<_, _>>()?)
            }
            106 => Term::Nil,
            107 => {
                let n = usize::from(self.u16()?);
                let bytes = self.take(n)?.to_vec();
                Term::List(bytes.into_iter().map(|b| Term::Int(i64::from(b))).collect(), Box::new(Term::Nil))
            }
            108 => {
                let n = self.u32()? as usize;
                let items = (0..n).map(|_| self.term()).collect::<Result<_, _>>()?;
                Term::List(items, Box::new(self.term()?))
            }
            109 => {
                let n = self.u32()? as usize;
                Term::Binary(self.take(n)?.to_vec())
            }
            88 => {
                let node = self.atom_name()?;
                Term::Pid { node, id: self.u32()?, serial: self.u32()?, creation: self.u32()? }
            }
            90 => {
                let n = usize::from(self.u16()?);
                let node = self.atom_name()?;
                let creation = self.u32()?;
                let ids = (0..n).map(|_| self.u32()).collect::<Result<_, _>>()?;
                Term::Ref { node, creation, ids }
            }
            110 => {
                let n = usize::from(self.u8()?);
                self.take(1 + n)?;
                Term::Other(110)
            }
            111 => {
                let n = self.u32()? as usize;
                self.take(1 + n)?;
                Term::Other(111)
            }
            70 => {
                self.take(8)?;
                Term::Other(70)
            }
            77 => {
                let n = self.u32()? as usize;
                self.take(1 + n)?;
                Term::Other(77)
            }
            116 => {
                let n = self.u32()? as usize;
                for _ in 0..2 * n {
                    self.term()?;
                }
                Term::Other(116)
            }
            other => return Err(format!("term tag {other} not handled by the test decoder")),
        })
    }
}

/// A pid of node `config.this`.
pub fn pid_of(config: &Config, id: u32) -> Term {
    Term::Pid { node: config.this.to_string(), id, serial: 0, creation: config.creation }
}

/// A reference of node `config.this`.
pub fn ref_of(config: &Config, id: u32) -> Term {
    Term::Ref { node: config.this.to_string(), creation: config.creation, ids: vec![id, 0, 0] }
}
