//! Remote pids use memory only while something refers to them: a peer
//! streaming messages that each carry a new pid to a process that drops
//! them leaves the literal area and the table of held pids as they were,
//! and a pid still arrives when the literal area is full. The peer is this
//! test, speaking the protocol through `girder-dist` over 127.0.0.1; the
//! node runs in this process, so its counters can be read. A binary of its
//! own, as the literal area and the held pids are shared by the process.

use girder_dist::{connect_to, epmd, NodeName};
use girder_vm::code::NoModules;
use girder_vm::dist::{external, Dist, Options};
use girder_vm::memory::literal_area::LiteralArea;
use girder_vm::run::{run_entry, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::net::SocketAddr;
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// Messages, each with a pid no earlier message had: 1,000,000, or
/// `GIRDER_PID_STREAM` for a longer run by hand (`spec/ROBUSTNESS.md`).
fn stream_len() -> u32 {
    std::env::var("GIRDER_PID_STREAM").ok().and_then(|n| n.parse().ok()).unwrap_or(1_000_000)
}

/// Registers as `sink` and counts messages; answers `{sync, From, N}`
/// (when it has counted N) with `{synced, N, self()}` to From, and ends at
/// `{stop, N}`: normally when it counted N, with `miscounted` otherwise.
const SINK: &str = r#"
.module pid_sink
.export main/1

.function main/1
    allocate 0, 1
    bif none, erlang:self/0, [], x1
    move sink, x0
    call_ext 2, erlang:register/2
    move 0, x0
    call_last 1, loop/1, 0

.function loop/1
    allocate 1, 1
    move x0, y0
wait:
    loop_rec @none, x0
    remove_message
    is_tagged_tuple @sync, x0, 2, stop
    get_tuple_element x0, 1, x2
    is_eq_exact @miscounted, x2, y0
    move ok, x0
    deallocate 1
    return
sync:
    is_tagged_tuple @count, x0, 3, sync
    get_tuple_element x0, 2, x2
    is_eq_exact @miscounted, x2, y0
    get_tuple_element x0, 1, x0
    test_heap 4, 1
    bif none, erlang:self/0, [], x2
    put_tuple2 x1, [synced, y0, x2]
    send
    move y0, x0
    call_last 1, loop/1, 1
miscounted:
    move x2, x0
    test_heap 4, 1
    put_tuple2 x0, [miscounted, x0, y0]
    call_ext_last 1, erlang:error/1, 1
count:
    gc_bif none, 0, erlang:'+'/2, [y0, 1], x0
    call_last 1, loop/1, 1
none:
    wait @wait
"#;

/// `SMALL_ATOM_UTF8_EXT`.
fn atom(name: &str) -> Vec<u8> {
    let mut bytes = vec![119, name.len() as u8];
    bytes.extend_from_slice(name.as_bytes());
    bytes
}

/// `NEW_PID_EXT` of process `id` on `node`.
fn pid(node: &str, id: u32, serial: u32) -> Vec<u8> {
    let mut bytes = vec![88];
    bytes.extend(atom(node));
    bytes.extend(id.to_be_bytes());
    bytes.extend(serial.to_be_bytes());
    bytes.extend(1u32.to_be_bytes());
    bytes
}

/// A `REG_SEND` frame from `from` to `sink` whose message is `payload`
/// (an encoded term without its 131).
fn to_sink(from: &[u8], payload: &[u8]) -> Vec<u8> {
    let mut frame = vec![131, 104, 4, 97, 6];
    frame.extend_from_slice(from);
    frame.extend(atom(""));
    frame.extend(atom("sink"));
    frame.push(131);
    frame.extend_from_slice(payload);
    frame
}

/// `{pid, Pid}` with the `index`-th pid of the stream.
fn pid_message(peer: &str, index: u32) -> Vec<u8> {
    let mut payload = vec![104, 2];
    payload.extend(atom("pid"));
    payload.extend(pid(peer, index % (1 << 15), index >> 15));
    payload
}

#[test]
fn a_stream_of_new_remote_pids_leaves_memory_as_it_was() {
    let vm = Arc::new(Vm::new(Config { schedulers: 1, ..Config::default() }, Box::new(NoModules)));
    let module = girder_asm::assemble(SINK, "pid_sink.gasm").expect("the sink assembles");
    let module = vm.code.load(module).expect("the sink loads").name;
    let name = format!("pid_sink_{}@127.0.0.1", std::process::id());
    let this = NodeName::parse(&name).unwrap();
    Dist::start(&vm, Options::new(this.clone(), "pids".to_string())).expect("the node starts");
    let port = epmd::lookup("127.0.0.1", this.name()).unwrap().expect("registered").port;
    let (done, ended) = mpsc::channel();
    std::thread::spawn({
        let vm = Arc::clone(&vm);
        move || {
            let ending = run_entry(&vm, module, Atom::intern("main").unwrap(), &[], true);
            let _ = done.send(ending.map_err(|error| error.to_string()));
        }
    });

    // A message to a name nobody has registered yet is dropped, as in OTP:
    // the stream starts once the sink has registered itself.
    let sink_name = Atom::intern("sink").unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while vm.registry.whereis(sink_name).is_none() {
        assert!(std::time::Instant::now() < deadline, "the sink registers itself");
        std::thread::sleep(Duration::from_millis(1));
    }

    let peer = format!("pid_source_{}@127.0.0.1", std::process::id());
    let mut config = girder_dist::Config::new(NodeName::parse(&peer).unwrap(), "pids");
    config.handshake_timeout = Duration::from_secs(10);
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let (mut reader, writer) = connect_to(&config, &this, address).expect("the handshake").split();
    // The peer's reads go through a channel, so that every wait is bounded.
    let (frames, received) = mpsc::channel();
    std::thread::spawn(move || {
        while let Ok(frame) = reader.recv() {
            if frames.send(frame).is_err() {
                break;
            }
        }
    });
    let from = pid(&peer, 1, 0);

    let stream = stream_len();
    let literal_bytes = LiteralArea::global().used_bytes();
    for index in 0..stream {
        writer.send(&to_sink(&from, &pid_message(&peer, index))).expect("the connection stays open");
    }
    // {sync, From, N}: answered once N messages were taken, and every
    // signal sent before it handled; the answer ends with the sink's pid.
    let sync = |n: u32| -> Vec<u8> {
        let mut message = vec![104, 3];
        message.extend(atom("sync"));
        message.extend_from_slice(&from);
        message.extend([98]);
        message.extend(n.to_be_bytes());
        writer.send(&to_sink(&from, &message)).expect("the connection stays open");
        let answer = match received.recv_timeout(Duration::from_secs(120)) {
            Ok(answer) => answer,
            Err(error) => panic!("the sink did not answer ({error}); its run: {:?}", ended.try_recv()),
        };
        let synced = [atom("synced"), vec![98], n.to_be_bytes().to_vec()].concat();
        let at = answer.windows(synced.len()).position(|w| w == synced).expect("{synced, N, Pid}");
        answer[at + synced.len()..].to_vec()
    };
    let sink = sync(stream);
    assert_eq!(LiteralArea::global().used_bytes(), literal_bytes, "the literal area did not grow");
    assert_eq!(external::held_count(), 0, "no remote pid is held once the messages are gone");
    assert_eq!(external::slot_count(), 0, "no remote pid was ever held");

    // A link and a monitor hold the remote pid while they last.
    let other = pid(&peer, 2, 0);
    let control = |parts: &[&[u8]]| -> Vec<u8> {
        let mut frame = vec![131, 104, parts.len() as u8];
        parts.iter().for_each(|part| frame.extend_from_slice(part));
        frame
    };
    let reference = [vec![90, 0, 3], atom(&peer), vec![0, 0, 0, 1, 0, 0, 0, 7, 0, 0, 0, 8, 0, 0, 0, 9]].concat();
    writer.send(&control(&[&[97, 1], &other, &sink])).unwrap(); // LINK
    writer.send(&control(&[&[97, 19], &other, &sink, &reference])).unwrap(); // MONITOR_P
    sync(stream);
    assert_eq!(external::held_count(), 1, "one pid, held by a link and a monitor on both sides");
    writer.send(&control(&[&[97, 4], &other, &sink])).unwrap(); // UNLINK
    sync(stream);
    assert_eq!(external::held_count(), 1, "the monitor still holds it");
    writer.send(&control(&[&[97, 20], &other, &sink, &reference])).unwrap(); // DEMONITOR_P
    sync(stream);
    assert_eq!(external::held_count(), 0, "released with the last relation");
    assert_eq!(external::slot_count(), 1);

    // With the literal area full, a message with a new pid is still taken.
    while LiteralArea::global().alloc(1 << 20).is_ok() {}
    while LiteralArea::global().alloc(1).is_ok() {}
    writer.send(&to_sink(&from, &pid_message(&peer, stream))).expect("the connection stays open");
    let mut stop = vec![104, 2];
    stop.extend(atom("stop"));
    stop.extend([98]);
    stop.extend((stream + 1).to_be_bytes());
    writer.send(&to_sink(&from, &stop)).expect("the connection stays open");

    let ending = ended.recv_timeout(Duration::from_secs(300)).expect("the sink ends once it has every message");
    assert_eq!(ending, Ok(Ending::Normal), "the sink counted every message, the last after the area was full");
    assert_eq!(external::held_count(), 0);
    eprintln!("{} messages, each with a new remote pid: literal area and held pids unchanged", stream + 1);
}
