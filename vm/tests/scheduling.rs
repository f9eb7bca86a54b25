//! The pool's run-next slot and its parking, under stress: a woken process
//! runs next on its waker's scheduler, yet a pair bouncing messages never
//! keeps a scheduler from the rest of its queue, and many rings passing
//! tokens on 1 to 3 schedulers (wake-ups that fill the slot, displace its
//! process into the queue, and are stolen from there) all finish, with
//! nothing lost.
//!
//! Every run is bounded: a run that does not end in time fails its test
//! (a starved or lost process hangs rather than fails).

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::run::{run_entry_with_stats, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::sync::mpsc;
use std::time::Duration;

/// main(_): starts two bouncers and hands one the other's pid, so that they
/// pass their pids back and forth for ever; then counts down from 300,000
/// (about 75 time slices) and prints `counted`. Each bounce wakes the other
/// bouncer into the run-next slot; on one scheduler the count gets its
/// turns only because the pair shares one budget of reductions.
const FAIRNESS: &str = r#"
.module fairness
.export main/1, bouncer/0

.function main/1
    allocate 1, 0
    move fairness, x0
    move bouncer, x1
    move [], x2
    call_ext 3, erlang:spawn/3
    move x0, y0
    move fairness, x0
    move bouncer, x1
    move [], x2
    call_ext 3, erlang:spawn/3
    move y0, x1
    send
    move 300000, x0
    call 1, count/1
    move "counted~n", x0
    call_ext_last 1, io:format/1, 1

.function count/1
    is_eq_exact @more, x0, 0
    return
more:
    gc_bif none, 1, erlang:'-'/2, [x0, 1], x0
    call_only 1, count/1

% bouncer(): receives a pid, sends its own pid to it, and again.
.function bouncer/0
receive_any:
    loop_rec @wait_any, x0
    remove_message
    bif none, erlang:self/0, [], x1
    send
    jump @receive_any
wait_any:
    wait @receive_any
"#;

/// Runs `main/1` of `source` with `args` on `schedulers` schedulers, in a
/// thread, failing when it takes longer than `limit`; returns the output.
fn run(source: &'static str, file: &'static str, args: &[&str], schedulers: usize, limit: Duration) -> String {
    let args: Vec<String> = args.iter().map(|arg| arg.to_string()).collect();
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let module = girder_asm::assemble(source, file).expect("the program assembles");
        let output = Captured::default();
        let config = Config { schedulers, max_processes: 100_000, ..Config::default() };
        let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
        let name = vm.code.load(module).expect("the program loads").name;
        let main = Atom::intern("main").unwrap();
        let (ending, _) = run_entry_with_stats(&vm, name, main, &args, true).expect("main/1 starts");
        let text = output.text();
        let _ = done.send((ending, text));
    });
    let (ending, text) = finished
        .recv_timeout(limit)
        .unwrap_or_else(|_| panic!("{file} on {schedulers} scheduler(s) did not end within {limit:?}"));
    assert_eq!(ending, Ending::Normal, "{file} on {schedulers} scheduler(s): {text}");
    text
}

#[test]
fn a_bouncing_pair_does_not_starve_the_rest() {
    for schedulers in [1, 2] {
        for _ in 0..3 {
            let output = run(FAIRNESS, "fairness.gasm", &[], schedulers, Duration::from_secs(60));
            assert_eq!(output, "counted\n");
        }
    }
}

#[test]
fn many_rings_finish_on_one_to_three_schedulers() {
    let rings = include_str!("../../bench/programs/rings.gasm");
    for schedulers in [1, 2, 3] {
        for _ in 0..3 {
            let output = run(rings, "rings.gasm", &["8", "200", "50"], schedulers, Duration::from_secs(120));
            assert!(output.starts_with("rings 8 200 50 in "), "{output}");
        }
    }
}
