//! Distribution end to end: girder nodes with each other and with a real
//! Erlang/OTP node, through the `girder` binary, on 127.0.0.1 only.
//!
//! Each test starts its nodes as child processes with names of its own
//! (so tests may run at once), waits for each to say it is ready, and
//! kills every node it started when it ends, passing or failing. Every
//! wait is bounded. EPMD is started by the first node that needs it, as
//! `erl` does. The tests against `erl` are skipped, with a note, when
//! Erlang/OTP is not installed; `.ci/run` installs it.

use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

/// How long a node may take to say anything we wait for.
const WAIT: Duration = Duration::from_secs(20);

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn programs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests").join("programs")
}

/// A node name no other test (or earlier run) uses: `prefix_PID_N@127.0.0.1`.
fn unique(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}_{}_{}@127.0.0.1", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed))
}

fn erlang_available() -> bool {
    let Some(path) = std::env::var_os("PATH") else { return false };
    std::env::split_paths(&path).any(|dir| dir.join("erl").is_file())
}

/// A running node: its output, line by line, and the process, killed on drop.
struct Node {
    label: String,
    child: Child,
    lines: Receiver<String>,
    seen: Vec<String>,
    stderr: std::thread::JoinHandle<String>,
}

impl Node {
    fn start(label: &str, mut command: Command) -> Node {
        command.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
        let mut child = command.spawn().unwrap_or_else(|e| panic!("cannot start {label}: {e}"));
        let stdout = child.stdout.take().expect("piped stdout");
        let mut stderr = child.stderr.take().expect("piped stderr");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || {
            let mut text = String::new();
            let _ = stderr.read_to_string(&mut text);
            text
        });
        Node { label: label.to_string(), child, lines, seen: Vec::new(), stderr }
    }

    /// A girder node running `program` (a path) with `args`.
    fn girder(name: &str, cookie: &str, program: &Path, args: &[&str]) -> Node {
        let mut command = Command::new(env!("CARGO_BIN_EXE_girder"));
        command.args(["run", "--name", name, "--cookie", cookie]).arg(program).args(args);
        Node::start(name, command)
    }

    /// An erl node evaluating `eval` (which should end with `halt()`), with
    /// its output in UTF-8.
    fn erl(name: &str, cookie: &str, eval: &str) -> Node {
        let eval = format!("io:setopts(standard_io, [{{encoding, unicode}}]), {eval}");
        let mut command = Command::new("erl");
        command.args(["-noshell", "-name", name, "-setcookie", cookie, "-eval", &eval]);
        Node::start(name, command)
    }

    /// Waits for a line of output that `wanted` accepts and returns it.
    fn wait_for(&mut self, what: &str, wanted: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if wanted(&line) {
                        return line;
                    }
                }
                Err(_) => panic!("{} never printed {what}; its output was:\n{}", self.label, self.seen.join("\n")),
            }
        }
    }

    /// Waits for the node to end by itself; returns all its output and its status.
    fn finish(mut self) -> (Vec<String>, String, Option<i32>) {
        let deadline = Instant::now() + WAIT;
        let status = loop {
            match self.child.try_wait() {
                Ok(Some(status)) => break status.code(),
                Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(20)),
                _ => {
                    let _ = self.child.kill();
                    panic!("{} did not end; its output was:\n{}", self.label, self.seen.join("\n"));
                }
            }
        };
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            self.seen.push(line);
        }
        let stderr = std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
        let stderr = stderr.join().unwrap_or_default();
        (std::mem::take(&mut self.seen), stderr, status)
    }

    /// Kills the node (as a machine or a node failing would) and returns
    /// everything it wrote, stdout then stderr.
    fn kill(mut self) -> String {
        let _ = self.child.kill();
        let _ = self.child.wait();
        while let Ok(line) = self.lines.recv_timeout(Duration::from_secs(2)) {
            self.seen.push(line);
        }
        let stderr = std::mem::replace(&mut self.stderr, std::thread::spawn(String::new));
        format!("{}\n{}", self.seen.join("\n"), stderr.join().unwrap_or_default())
    }
}

impl Drop for Node {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The tutorial of `examples/distributed/`: ping, a registered process on
/// the other node greeted and answering, a remote spawn, and a fun sent to
/// the other node and called there.
#[test]
fn the_tutorial_runs_between_two_girder_nodes() {
    let dir = root().join("examples").join("distributed");
    let (name1, name2) = (unique("tut1"), unique("tut2"));
    let mut node2 = Node::girder(&name2, "tutorial", &dir.join("node2.gasm"), &[]);
    node2.wait_for("ready", |line| line.ends_with("ready"));
    let node1 = Node::girder(&name1, "tutorial", &dir.join("node1.gasm"), &[&name2]);
    let (lines, stderr, status) = node1.finish();
    assert_eq!(status, Some(0), "node1 failed: {lines:?}\n{stderr}");
    assert_eq!(lines[0], "ping: pong");
    assert_eq!(lines[1], format!("nodes: ['{name2}']"));
    assert_eq!(lines[2], "hello back: 42");
    assert_eq!(lines[3], format!("running on '{name2}'"), "the process spawned on node2 prints on node1");
    let spawned = &lines[4];
    assert!(
        spawned.starts_with("spawned <") && spawned.ends_with(&format!("> on '{name2}'")),
        "the remote spawn: {spawned}"
    );
    assert!(!spawned.starts_with("spawned <0."), "a remote pid prints with a node number: {spawned}");
    assert_eq!(lines[5], "result: 142");
    let (lines2, stderr2, status2) = node2.finish();
    assert_eq!(status2, Some(0), "node2 failed: {lines2:?}\n{stderr2}");
    assert!(lines2[1].starts_with("hello from <") && !lines2[1].starts_with("hello from <0."), "{lines2:?}");
    assert_eq!(lines2[2], "result: 142");
    assert!(stderr.is_empty() && stderr2.is_empty(), "nothing logged: {stderr}{stderr2}");
}

/// Links, monitors and `monitor_node` across two girder nodes, when the
/// other node dies: `noconnection` for each, and `{nodedown, Node}`.
#[test]
fn a_lost_node_breaks_links_and_monitors_with_noconnection() {
    let (a, b) = (unique("wa"), unique("wb"));
    let mut node_a = Node::girder(&a, "watch", &programs().join("dist_listen.gasm"), &[]);
    node_a.wait_for("ready", |line| line == "ready");
    let mut node_b = Node::girder(&b, "watch", &programs().join("dist_watch.gasm"), &[&a]);
    node_b.wait_for("watching", |line| line == "watching");
    node_a.kill();
    let (lines, stderr, status) = node_b.finish();
    assert_eq!(lines, ["watching", "exit: noconnection", "down: noconnection", "nodedown"], "{stderr}");
    assert_eq!(status, Some(0), "{stderr}");
}

/// Two nodes that start connecting to each other at the same moment end
/// with one connection, and every message queued on either attempt arrives.
#[test]
fn two_nodes_connecting_to_each_other_at_once_keep_every_message() {
    for _ in 0..3 {
        let (a, b) = (unique("sa"), unique("sb"));
        let mut node_a = Node::girder(&a, "both", &programs().join("dist_both.gasm"), &[&b]);
        let mut node_b = Node::girder(&b, "both", &programs().join("dist_both.gasm"), &[&a]);
        node_a.wait_for("ready", |line| line == "ready");
        node_b.wait_for("ready", |line| line == "ready");
        let (lines_a, stderr_a, status_a) = node_a.finish();
        let (lines_b, stderr_b, status_b) = node_b.finish();
        assert_eq!(lines_a, ["ready".to_string(), format!("hello from '{b}'")], "{stderr_a}");
        assert_eq!(lines_b, ["ready".to_string(), format!("hello from '{a}'")], "{stderr_b}");
        assert_eq!((status_a, status_b), (Some(0), Some(0)));
        assert!(stderr_a.is_empty() && stderr_b.is_empty(), "nothing logged: {stderr_a}{stderr_b}");
    }
}

/// The terms every message test sends, written the same in girder
/// assembly (`programs/dist_client.gasm`) and in Erlang.
const TERMS: &str = r#"[atom, 'hello world', 'h\x{e9}llo', 0, 255, 256, -1, 576460752303423487, 576460752303423488, -576460752303423489, 123456789012345678901234567890, -123456789012345678901234567890, 1.5, -2.25, 3.0e100, {}, {a, {b, c}, [d]}, [], [1, 2, 3], "string", [a | b], #{}, #{a => 1, "k" => [x], {t} => 2.5}, <<>>, <<1, 2, 3>>, <<"text">>, [<<"nested">>, #{k => #{}}], <<"abc">>, <<5:3>>, <<1, 2, 3:4>>, {<<"abc", 1:1>>}]"#;

/// Whether `text` is a pid of another node as Erlang prints it: `<N.Id.Serial>`, N ≠ 0.
fn is_remote_pid(text: &str) -> bool {
    let Some(inner) = text.strip_prefix('<').and_then(|t| t.strip_suffix('>')) else { return false };
    let parts: Vec<&str> = inner.split('.').collect();
    parts.len() == 3 && parts.iter().all(|p| p.parse::<u64>().is_ok()) && parts[0] != "0"
}

/// girder and erl as peers: girder pings erl; each sends the other every
/// kind of term (atoms, small and big integers, floats, tuples, lists,
/// maps, binaries, its pid and a reference) and each prints what it got,
/// the same as erl prints them; a process girder spawns on erl prints on
/// girder, and one it spawns linked sends its exit back over the link; a
/// girder monitor of an erl process fires with `noconnection` when the erl
/// node halts.
#[test]
fn girder_and_erl_exchange_every_kind_of_term() {
    if !erlang_available() {
        eprintln!("note: erl is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let (e, g) = (unique("e"), unique("g"));
    let eval = format!(
        "register(e, self()), io:format(\"ready~n\"), \
         receive {{terms, From, R, T}} -> \
             io:format(\"erl got~n~p~n\", [T]), \
             io:format(\"equal ~p~n\", [T =:= {TERMS}]), \
             io:format(\"pid ~p ~p ref ~p~n\", [From, node(From), node(R)]), \
             From ! {{terms, self(), make_ref(), {TERMS}}} \
         after 20000 -> io:format(\"nothing came~n\") end, \
         receive halt_now -> halt() after 20000 -> halt() end."
    );
    let mut erl = Node::erl(&e, "exchange", &eval);
    erl.wait_for("ready", |line| line == "ready");
    let girder = Node::girder(&g, "exchange", &programs().join("dist_client.gasm"), &[&e]);
    let (lines, stderr, status) = girder.finish();
    assert_eq!(status, Some(0), "girder failed: {lines:?}\n{stderr}");
    assert_eq!(lines[0], "ping: pong", "{stderr}");
    // The process spawned on erl prints on girder, its group leader's node,
    // at some point while the rest goes on.
    let printed = "printed on erl for girder";
    assert!(lines.iter().any(|line| line == printed), "{lines:?}");
    let lines: Vec<String> = lines.into_iter().filter(|line| line != printed).collect();
    assert_eq!(lines[1], "linked exit: bye", "a process spawn_linked on erl exits with bye");
    let got = lines.iter().position(|l| l == "girder got").expect("girder printed what it got");
    let pid_line = lines.iter().position(|l| l.starts_with("pid ")).expect("girder printed the pid");
    let girder_printed = lines[got + 1..pid_line].join("\n");
    let parts: Vec<&str> = lines[pid_line].split(' ').collect();
    assert!(is_remote_pid(parts[1]), "erl's pid as girder prints it: {}", lines[pid_line]);
    assert!(parts[3].starts_with("#Ref<") && !parts[3].starts_with("#Ref<0."), "{}", lines[pid_line]);
    assert_eq!(lines.last().map(String::as_str), Some("down: noconnection"), "{lines:?}");

    let (erl_lines, erl_stderr, _) = erl.finish();
    let got = erl_lines.iter().position(|l| l == "erl got").expect("erl printed what it got");
    let equal = erl_lines.iter().position(|l| l.starts_with("equal ")).expect("erl compared");
    assert_eq!(erl_lines[equal], "equal true", "girder's terms reached erl exactly: {erl_lines:?}");
    let erl_printed = erl_lines[got + 1..equal].join("\n");
    assert_eq!(girder_printed, erl_printed, "girder prints erl's terms as erl prints girder's");
    let pid_line = &erl_lines[equal + 1];
    let parts: Vec<&str> = pid_line.split(' ').collect();
    assert!(is_remote_pid(parts[1]), "girder's pid as erl prints it: {pid_line}");
    assert_eq!(parts[2], format!("'{g}'"), "{pid_line}");
    assert_eq!(parts[4], format!("'{g}'"), "{pid_line}\n{erl_stderr}");
}

/// Binaries and bitstrings between erl and girder, both ways: erl sends
/// `<<"abc">>`, `<<1,2,3:4>>`, a binary of 1 MB, a slice of it that starts
/// 3 bits in (an unaligned bitstring), and a list holding the large binary
/// twice; a girder process sends each back, and erl finds each exactly what
/// it sent.
#[test]
fn binaries_and_bitstrings_round_trip_between_girder_and_erl() {
    if !erlang_available() {
        eprintln!("note: erl is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let (g, e) = (unique("gb"), unique("eb"));
    let mut girder = Node::girder(&g, "bits", &programs().join("dist_echo.gasm"), &[]);
    girder.wait_for("ready", |line| line == "ready");
    let eval = format!(
        "Big = binary:copy(<<\"0123456789abcdef\">>, 65536), \
         <<_:3, Unaligned/bitstring>> = Big, \
         Terms = [<<\"abc\">>, <<1, 2, 3:4>>, Big, Unaligned, [Big, {{Big}}], <<>>], \
         lists:foreach(fun(T) -> \
             {{echo, '{g}'}} ! {{self(), T}}, \
             receive {{echoed, Back}} -> \
                 io:format(\"~p ~p~n\", [Back =:= T, byte_size(term_to_binary(Back))]) \
             after 20000 -> io:format(\"nothing came~n\") end \
         end, Terms), \
         {{echo, '{g}'}} ! stop, timer:sleep(200), halt()."
    );
    let (lines, erl_stderr, _) = Node::erl(&e, "bits", &eval).finish();
    let expected = ["true 9", "true 10", "true 1048582", "true 1048583", "true 2097171", "true 6"];
    assert_eq!(lines, expected, "{erl_stderr}");
    let (_, girder_stderr, status) = girder.finish();
    assert_eq!(status, Some(0), "{girder_stderr}");
}

/// erl pings girder (erl connects), and a wrong cookie is refused both
/// ways with a log line on each side.
#[test]
fn erl_pings_girder_and_a_wrong_cookie_is_refused_both_ways() {
    if !erlang_available() {
        eprintln!("note: erl is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let (g, e, bad) = (unique("gl"), unique("ep"), unique("eb"));
    let mut girder = Node::girder(&g, "right", &programs().join("dist_listen.gasm"), &[]);
    girder.wait_for("ready", |line| line == "ready");
    let ping = |node: &str, cookie: &str| {
        let eval = format!(
            "R = net_adm:ping('{g}'), io:format(\"ping ~p~n\", [R]), \
             {{listener, '{g}'}} ! fun() -> a_fun_of_erl_eval end, \
             spawn('{g}', io, format, [\"printed on girder for erl~n\"]), \
             {{listener, '{g}'}} ! {{pinged_by, node(), R}}, timer:sleep(200), halt()."
        );
        Node::erl(node, cookie, &eval).finish()
    };
    let (lines, _, _) = ping(&e, "right");
    assert_eq!(lines, ["ping pong", "printed on girder for erl"], "a process spawned on girder prints on erl");
    girder.wait_for("the message of the erl node", |line| line == format!("got {{pinged_by,'{e}',pong}}"));

    // erl pings girder with another cookie: refused, logged on both sides.
    let (lines, erl_stderr, _) = ping(&bad, "wrong");
    assert_eq!(lines.first().map(String::as_str), Some("ping pang"), "{lines:?}");
    // (erl, as the side that connects, says only `pang`, as it does with
    // another erl node; the side that refuses logs it.)
    let _ = erl_stderr;
    // girder pings an erl node with another cookie.
    let erl_eval = "io:format(\"ready~n\"), timer:sleep(20000), halt().";
    let mut erl = Node::erl(&unique("ec"), "erl_cookie", erl_eval);
    erl.wait_for("ready", |line| line == "ready");
    let erl_name = erl.label.clone();
    let pinger = Node::girder(&unique("gp"), "girder_cookie", &programs().join("dist_ping.gasm"), &[&erl_name]);
    let (lines, pinger_stderr, status) = pinger.finish();
    assert_eq!(lines, ["ping: pang"], "{pinger_stderr}");
    assert_eq!(status, Some(0));
    assert!(pinger_stderr.contains("cookie"), "girder logs the refusal: {pinger_stderr}");
    let erl_log = erl.kill();
    assert!(erl_log.contains("rejected") || erl_log.contains("Invalid challenge"), "erl logs the refusal: {erl_log}");
    let girder_log = girder.kill();
    assert!(girder_log.contains("cookie"), "girder logs the connection it refused: {girder_log}");
    assert!(
        girder_log.contains("dropped a message") && girder_log.contains("erl_eval"),
        "a fun of a module girder does not have is dropped, with a log line: {girder_log}"
    );
}

/// The external term format bytes of `name` as an atom (`SMALL_ATOM_UTF8_EXT`).
fn atom_bytes(name: &str) -> Vec<u8> {
    let mut bytes = vec![119, name.len() as u8];
    bytes.extend_from_slice(name.as_bytes());
    bytes
}

/// Bytes a peer sends that are not a control message close that
/// connection, with a log line; the node carries on and takes the next
/// connection.
#[test]
fn malformed_input_from_the_wire_closes_only_that_connection() {
    let listener = unique("ml");
    let mut node = Node::girder(&listener, "wire", &programs().join("dist_listen.gasm"), &[]);
    node.wait_for("ready", |line| line == "ready");
    let ours = unique("raw");
    let config = girder_dist::Config::new(girder_dist::NodeName::parse(&ours).unwrap(), "wire");
    let target = girder_dist::NodeName::parse(&listener).unwrap();

    let (_reader, writer) = girder_dist::connect(&config, &target).expect("the handshake").split();
    writer.send(&[131, 104, 2, 97]).expect("send a truncated control message");

    // A well-formed REG_SEND on a new connection: {6, From, '', listener} and `hello`.
    std::thread::sleep(Duration::from_millis(200));
    let (_reader, writer) = girder_dist::connect(&config, &target).expect("a second handshake").split();
    let mut frame = vec![131, 104, 4, 97, 6, 88];
    frame.extend(atom_bytes(&ours));
    frame.extend([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    frame.extend(atom_bytes(""));
    frame.extend(atom_bytes("listener"));
    frame.push(131);
    frame.extend(atom_bytes("hello"));
    writer.send(&frame).expect("send a message");
    node.wait_for("the message of the second connection", |line| line == "got hello");
    let mut stop = frame[..frame.len() - atom_bytes("hello").len()].to_vec();
    stop.extend(atom_bytes("stop"));
    writer.send(&stop).expect("send stop");
    let (_, stderr, status) = node.finish();
    assert_eq!(status, Some(0), "{stderr}");
    assert!(stderr.contains("closing the connection") && stderr.contains("malformed"), "{stderr}");
}

/// What `programs/dist_rpc.gasm` prints when it calls node `target`:
/// `rpc:call/4,5` returning a value and a list, a thrown value, an error
/// (its stack trace printed as `stack`), an exit, a node that is not there,
/// a timeout, then `erpc:call/4` returning a value.
fn rpc_lines(target: &str) -> Vec<String> {
    [
        format!("'{target}'"),
        "[3,2,1]".to_string(),
        "thrown".to_string(),
        "{badrpc,{'EXIT',{boom,stack}}}".to_string(),
        "{badrpc,{'EXIT',bye}}".to_string(),
        "{badrpc,nodedown}".to_string(),
        "{badrpc,timeout}".to_string(),
        format!("'{target}'"),
    ]
    .to_vec()
}

/// `rpc:call` and `erpc:call` from one girder node to another (`erpc` on
/// `spawn_request/5` with `monitor` and `{reply, error_only}`; the call
/// runs in `erpc:execute_call/4` on the other node, whose `'DOWN'` carries
/// the outcome back).
#[test]
fn rpc_call_between_two_girder_nodes() {
    let (listener, caller) = (unique("rl"), unique("rc"));
    let mut node = Node::girder(&listener, "rpc", &programs().join("dist_listen.gasm"), &[]);
    node.wait_for("ready", |line| line == "ready");
    let client = Node::girder(&caller, "rpc", &programs().join("dist_rpc.gasm"), &[&listener]);
    let (lines, stderr, status) = client.finish();
    assert_eq!(lines, rpc_lines(&listener), "{stderr}");
    assert_eq!(status, Some(0), "{stderr}");
    let (listener_lines, listener_stderr, listener_status) = node.finish();
    assert_eq!(listener_lines, ["ready"], "{listener_stderr}");
    assert_eq!(listener_status, Some(0), "{listener_stderr}");
    assert!(stderr.is_empty() && listener_stderr.is_empty(), "nothing logged: {stderr}{listener_stderr}");
}

/// girder calls an erl node with `rpc:call` and `erpc:call`: erl's own
/// `erpc:execute_call/4` runs the call and its `'DOWN'` comes back to
/// girder under the request's reference.
#[test]
fn rpc_call_from_girder_to_erl() {
    if !erlang_available() {
        eprintln!("note: erl is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let (e, g) = (unique("rpce"), unique("rpcg"));
    let eval = "register(listener, self()), io:format(\"ready~n\"), \
                receive stop -> halt() after 20000 -> halt() end.";
    let mut erl = Node::erl(&e, "rpc", eval);
    erl.wait_for("ready", |line| line == "ready");
    let client = Node::girder(&g, "rpc", &programs().join("dist_rpc.gasm"), &[&e]);
    let (lines, stderr, status) = client.finish();
    assert_eq!(lines, rpc_lines(&e), "{stderr}");
    assert_eq!(status, Some(0), "{stderr}");
    let (erl_lines, erl_stderr, _) = erl.finish();
    assert_eq!(erl_lines, ["ready"], "erl halted on `stop`: {erl_stderr}");
}

/// An erl node calls girder with `rpc:call`, `erpc:call` and `rpc:cast`:
/// girder spawns `erpc:execute_call/4` for erl's `SPAWN_REQUEST` with
/// option `monitor`, and the process's end goes back as `MONITOR_P_EXIT`
/// under erl's reference. The results are exactly what erl gets from
/// another erl node (stack traces have no file and line on girder).
#[test]
fn rpc_call_from_erl_to_girder() {
    if !erlang_available() {
        eprintln!("note: erl is not installed; skipped (the CI installs erlang-base)");
        return;
    }
    let (g, e) = (unique("rpcl"), unique("rpcc"));
    let mut girder = Node::girder(&g, "rpc", &programs().join("dist_listen.gasm"), &[]);
    girder.wait_for("ready", |line| line == "ready");
    let eval = format!(
        "G = '{g}', P = fun(X) -> io:format(\"~p~n\", [X]) end, \
         P(rpc:call(G, erlang, node, [])), \
         P(rpc:call(G, lists, reverse, [[1, 2, 3]])), \
         P(rpc:call(G, erlang, throw, [thrown])), \
         P(rpc:call(G, erlang, error, [boom])), \
         P(rpc:call(G, erlang, exit, [bye])), \
         P(rpc:call(G, nomod, nofun, [])), \
         P(rpc:call(G, timer, sleep, [3000], 200)), \
         P(erpc:call(G, erlang, node, [])), \
         P(try erpc:call(G, erlang, exit, [bye]) catch C:R -> {{C, R}} end), \
         P(rpc:call(G, io, format, [standard_io, \"format3 ~w~n\", [x]])), \
         true = rpc:cast(G, io, format, [\"cast~n\"]), \
         timer:sleep(300), {{listener, G}} ! stop, timer:sleep(200), halt()."
    );
    let (lines, erl_stderr, _) = Node::erl(&e, "rpc", &eval).finish();
    let expected = [
        format!("'{g}'"),
        "[3,2,1]".to_string(),
        "thrown".to_string(),
        "{badrpc,{'EXIT',{boom,[{erlang,error,[boom],[]}]}}}".to_string(),
        "{badrpc,{'EXIT',bye}}".to_string(),
        "{badrpc,{'EXIT',{undef,[{nomod,nofun,[],[]}]}}}".to_string(),
        "{badrpc,timeout}".to_string(),
        format!("'{g}'"),
        "{exit,{exception,bye}}".to_string(),
        "format3 x".to_string(),
        "ok".to_string(),
        "cast".to_string(),
    ];
    assert_eq!(lines, expected, "{erl_stderr}");
    let (girder_lines, girder_stderr, status) = girder.finish();
    assert_eq!(girder_lines, ["ready"], "{girder_stderr}");
    assert_eq!(status, Some(0), "{girder_stderr}");
    assert!(girder_stderr.is_empty(), "nothing logged: {girder_stderr}");
}

/// `spawn_request/5` with `monitor` to another girder node: the `'DOWN'`
/// arrives under the request's reference with the process's reason, and
/// with `noconnection` when that node is lost.
#[test]
fn a_spawn_request_monitor_reports_the_end_and_a_lost_node() {
    let (listener, caller) = (unique("ml"), unique("mc"));
    let mut node = Node::girder(&listener, "mon", &programs().join("dist_listen.gasm"), &[]);
    node.wait_for("ready", |line| line == "ready");
    let mut client = Node::girder(&caller, "mon", &programs().join("dist_rpc_monitor.gasm"), &[&listener]);
    client.wait_for("watching", |line| line == "watching");
    node.kill();
    let (lines, stderr, status) = client.finish();
    assert_eq!(lines, ["normal", "watching", "noconnection"], "{stderr}");
    assert_eq!(status, Some(0), "{stderr}");
}

/// `spawn/4` and `spawn_link/4` to a node that cannot be reached behave as
/// OTP's: each returns a local pid of a process that logs a warning report
/// (`** Can not start M:F,Args on Node **`, with `([link])` for
/// `spawn_link/4`) and exits with `noconnection`, which a trapping caller
/// linked to it receives as `{'EXIT', Pid, noconnection}`.
#[test]
fn a_spawn_on_a_node_that_cannot_be_reached_runs_a_local_crasher() {
    let (caller, nobody) = (unique("lone"), unique("nobody"));
    let node = Node::girder(&caller, "lone", &programs().join("dist_unreachable.gasm"), &[&nobody]);
    let (lines, stderr, status) = node.finish();
    assert_eq!(status, Some(0), "{lines:?}\n{stderr}");
    assert_eq!(lines[0], "local: true", "{stderr}");
    // The first process may have ended before the caller monitors it.
    assert!(lines[1] == "down: noconnection" || lines[1] == "down: noproc", "{lines:?}");
    assert_eq!(lines[2], "exit: noconnection", "{stderr}");
    let warning = |link: &str| format!("\n** Can not start io:format,[[120,126,110]] {link}on '{nobody}' **\n\n");
    assert!(stderr.contains(&warning("")), "{stderr}");
    assert!(stderr.contains(&warning("([link]) ")), "{stderr}");
    assert_eq!(stderr.matches("=WARNING REPORT==== ").count(), 2, "{stderr}");
}

/// Starts `dist_listen` as node `name` under `ulimit -n FDS`, with a
/// handshake deadline of `setup_time` seconds; opens `n_clients`
/// connections that each send a byte of a name message and then another
/// every half second; and checks that a node that knows the cookie still
/// connects and is heard (its message printed) while they hang on.
fn a_node_gets_in_past_slow_clients(fds: u32, n_clients: usize, setup_time: &str) {
    let name = unique("sc");
    let mut command = Command::new("bash");
    command
        .args(["-c", &format!("ulimit -n {fds} && exec \"$0\" \"$@\"")])
        .arg(env!("CARGO_BIN_EXE_girder"))
        .args(["run", "--name", &name, "--cookie", "slow", "--net-setuptime", setup_time])
        .arg(programs().join("dist_listen.gasm"));
    let mut node = Node::start(&name, command);
    node.wait_for("ready", |line| line == "ready");
    let target = girder_dist::NodeName::parse(&name).unwrap();
    let port = girder_dist::epmd::lookup("127.0.0.1", target.name()).unwrap().expect("registered").port;
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));

    // The slow clients: each has sent the first byte of a message's length.
    let clients: Vec<std::net::TcpStream> = (0..n_clients)
        .filter_map(|_| std::net::TcpStream::connect_timeout(&address, Duration::from_secs(2)).ok())
        .filter_map(|mut stream| std::io::Write::write_all(&mut stream, &[0]).ok().map(|()| stream))
        .collect();
    assert!(clients.len() * 10 >= n_clients * 9, "only {} of {n_clients} clients connected", clients.len());
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let trickler = std::thread::spawn({
        let stop = std::sync::Arc::clone(&stop);
        move || {
            let mut clients = clients;
            while !stop.load(Ordering::Relaxed) {
                // A client the node has closed stops trickling.
                clients.retain_mut(|stream| std::io::Write::write_all(stream, b"N").is_ok());
                std::thread::sleep(Duration::from_millis(500));
            }
        }
    });

    let ours = unique("prompt");
    let mut config = girder_dist::Config::new(girder_dist::NodeName::parse(&ours).unwrap(), "slow");
    config.handshake_timeout = Duration::from_secs(5);
    let connected = girder_dist::connect_to(&config, &target, address);
    let (_reader, writer) = match connected {
        Ok(connection) => connection.split(),
        Err(error) => {
            stop.store(true, Ordering::Relaxed);
            panic!("a node with the cookie could not connect: {error}\n{}", node.kill());
        }
    };
    // REG_SEND {6, From, '', listener} with `hello`, then `stop`.
    let mut frame = vec![131, 104, 4, 97, 6, 88];
    frame.extend(atom_bytes(&ours));
    frame.extend([0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    frame.extend(atom_bytes(""));
    frame.extend(atom_bytes("listener"));
    let header = frame.len();
    frame.push(131);
    frame.extend(atom_bytes("hello"));
    writer.send(&frame).expect("send a message");
    node.wait_for("the prompt node's message", |line| line == "got hello");
    frame.truncate(header);
    frame.push(131);
    frame.extend(atom_bytes("stop"));
    writer.send(&frame).expect("send stop");
    stop.store(true, Ordering::Relaxed);
    trickler.join().unwrap();
    let (_, stderr, status) = node.finish();
    assert_eq!(status, Some(0), "{stderr}");
}

/// 1,100 clients that connect and then send a byte every half second
/// (so that no single read waits long) do not keep a node limited to 1,024
/// file descriptors from taking a connection from a node that knows the
/// cookie: a handshake has one deadline, and accepting more than
/// `max_handshakes` at once shuts the oldest down.
#[test]
fn a_thousand_slow_clients_do_not_keep_a_node_out() {
    a_node_gets_in_past_slow_clients(1024, 1100, "2");
}

/// With fewer descriptors than the handshakes allowed at once (so that
/// `accept` fails with "Too many open files"), the node frees one by
/// shutting down its oldest handshake, backs off, and still lets a node
/// that knows the cookie in.
#[test]
fn a_node_out_of_descriptors_sheds_a_slow_client_for_a_prompt_node() {
    a_node_gets_in_past_slow_clients(128, 400, "2");
}
