//! The VM's timer service under stress: timers started by many processes
//! on one to three schedulers, half of them cancelled by another process
//! than the one that started them, while the others fire. Every timer
//! either is cancelled (and never delivers) or delivers exactly once, and
//! none is left behind.
//!
//! Every run is bounded: a run that does not end in time fails its test.

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::run::{run_entry_with_stats, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::sync::mpsc;
use std::time::Duration;

/// Runs `timer_storm:main([workers])` on `schedulers` schedulers; returns
/// its output and the timers still pending after the run.
fn storm(workers: usize, schedulers: usize) -> (String, usize) {
    let (done, finished) = mpsc::channel();
    std::thread::spawn(move || {
        let source = include_str!("programs/timer_storm.gasm");
        let module = girder_asm::assemble(source, "timer_storm.gasm").expect("the program assembles");
        let output = Captured::default();
        let config = Config { schedulers, max_processes: 10_000, ..Config::default() };
        let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
        let name = vm.code.load(module).expect("the program loads").name;
        let main = Atom::intern("main").unwrap();
        let (ending, _) = run_entry_with_stats(&vm, name, main, &[workers.to_string()], true).expect("main/1 starts");
        let _ = done.send((ending, output.text(), vm.bif_timers.pending()));
    });
    let (ending, text, pending) = finished
        .recv_timeout(Duration::from_secs(120))
        .unwrap_or_else(|_| panic!("the storm on {schedulers} scheduler(s) did not end in time"));
    assert_eq!(ending, Ending::Normal, "{text}");
    (text, pending)
}

#[test]
fn every_timer_is_cancelled_or_delivered_once() {
    for schedulers in [1, 2, 3] {
        for _ in 0..2 {
            let (output, pending) = storm(300, schedulers);
            assert_eq!(output, "ok\n", "on {schedulers} scheduler(s)");
            assert_eq!(pending, 0, "timers left behind on {schedulers} scheduler(s)");
        }
    }
}
