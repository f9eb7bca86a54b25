//! Reference counts on off-heap binaries, across schedulers.
//!
//! Two processes on two schedulers share and drop 1,000,000 binaries of
//! 200 bytes (`programs/shared_binaries.gasm`): every binary is counted by
//! the producer's heap, by the message that carries it and by the
//! consumer's heap, and counts are taken and released on both threads at
//! once. The test checks that every byte comes back: the off-heap bytes
//! alive after the run equal those before it. It also samples them during
//! the run: each heap's virtual heap makes it collect soon after it drops
//! binaries, so the bytes alive stay far below the 200 MB made.
//!
//! This file holds one test, so that no other test of the same binary
//! allocates off-heap binaries while the counts are compared.

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::memory::off_heap;
use girder_vm::run::{run_entry, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

const PROGRAM: &str = include_str!("programs/shared_binaries.gasm");

/// The most off-heap bytes the run may hold at once. Without collections
/// driven by off-heap bytes it would hold all 200 MB.
const PEAK_LIMIT: usize = 32 << 20;

#[test]
fn two_schedulers_share_and_drop_a_million_binaries() {
    let (bytes_before, count_before) = off_heap::live();
    let running = Arc::new(AtomicBool::new(true));
    let sampler = {
        let running = Arc::clone(&running);
        std::thread::spawn(move || {
            let mut peak = 0;
            while running.load(Ordering::Relaxed) {
                peak = peak.max(off_heap::live().0);
                std::thread::sleep(Duration::from_micros(200));
            }
            peak
        })
    };

    let output = Captured::default();
    {
        let module = girder_asm::assemble(PROGRAM, "shared_binaries.gasm")
            .unwrap_or_else(|diagnostics| panic!("the program does not assemble:\n{diagnostics}"));
        let config = Config { schedulers: 2, ..Config::default() };
        let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
        let loaded = vm.code.load(module).expect("the program loads");
        let main = Atom::intern("main").expect("the atom table has room");
        let ending = run_entry(&vm, loaded.name, main, &[], false).expect("main starts");
        vm.flush_output();
        assert_eq!(ending, Ending::Normal, "the run ended badly; it printed:\n{}", output.text());
    }
    running.store(false, Ordering::Relaxed);
    let peak = sampler.join().expect("the sampler ends");

    assert_eq!(output.text(), "200000000\n", "the consumer received every byte");
    assert_eq!(
        off_heap::live(),
        (bytes_before, count_before),
        "off-heap bytes and binaries alive after the run, against before it"
    );
    assert!(peak > 0, "the binaries lived off the heap");
    assert!(peak < PEAK_LIMIT, "{peak} off-heap bytes were alive at once");
}
