//! Memory of dead processes is returned: once a first 1,000,000 processes
//! have come and gone, a second 1,000,000 leave resident memory near where
//! it was.
//!
//! Resident memory is read from `/proc/self/statm` (Linux); elsewhere the
//! test only checks that the run completes.

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::run::{run_entry, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};

const PROGRAM: &str = r#"
% main(_): spawns 1,000,000 processes that end at once, 10,000 at a time,
% waiting for each batch to be gone, then prints the live count.
.module spawn_exit
.export main/1, noop/0

.function main/1
    allocate 0, 0
    move 100, x0
    call 1, batches/1
    call_ext 0, erlang:processes/0
    gc_bif none, 1, erlang:length/1, [x0], x0
    test_heap 2, 1
    put_list x0, [], x1
    move "alive ~p~n", x0
    call_ext_last 2, io:format/2, 0

.function batches/1
    is_eq_exact @batch, x0, 0
    return
batch:
    allocate 1, 1
    move x0, y0
    move 10000, x0
    call 1, spawn_many/1
    call 0, wait_gone/0
    gc_bif none, 0, erlang:'-'/2, [y0, 1], x0
    call_last 1, batches/1, 1

.function spawn_many/1
    is_eq_exact @one, x0, 0
    return
one:
    allocate 1, 1
    move x0, y0
    move spawn_exit, x0
    move noop, x1
    move [], x2
    call_ext 3, erlang:spawn/3
    gc_bif none, 0, erlang:'-'/2, [y0, 1], x0
    call_last 1, spawn_many/1, 1

% wait_gone(): polls until only this process is alive.
.function wait_gone/0
    allocate 0, 0
    call_ext 0, erlang:processes/0
    gc_bif none, 1, erlang:length/1, [x0], x0
    is_eq_exact @sleep, x0, 1
    deallocate 0
    return
sleep:
    wait_timeout @sleep, 1
    timeout
    call_last 0, wait_gone/0, 0

.function noop/0
    move ok, x0
    return
"#;

fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4096)
}

#[test]
fn a_million_processes_come_and_go_and_their_memory_is_returned() {
    let module = girder_asm::assemble(PROGRAM, "spawn_exit.gasm").expect("assembles");
    let output = Captured::default();
    let config =
        Config { gc_stress: false, reductions: 4000, max_processes: 1 << 20, schedulers: 2, max_heap_words: 0 };
    let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
    vm.code.load(module).expect("loads");
    let run = || run_entry(&vm, Atom::intern("spawn_exit").unwrap(), Atom::intern("main").unwrap(), &[], true).unwrap();
    // A first million brings the allocator to its working set (how much it
    // keeps depends on how many processes were alive, or ended and not yet
    // reclaimed, at once: more on a busy machine); a second million must
    // then fit in what the first left behind.
    assert_eq!(run(), Ending::Normal);
    let before = resident_bytes();
    let ending = run();
    let after = resident_bytes();
    assert_eq!(ending, Ending::Normal);
    assert_eq!(output.text(), "alive 1\nalive 1\n");
    // Children end while their parent still spawns, so the peak is below
    // a batch; it shows many processes were alive at once all the same.
    assert!(vm.processes.peak() > 100, "peak {}", vm.processes.peak());
    if let (Some(before), Some(after)) = (before, after) {
        let grown = after.saturating_sub(before);
        let peak = vm.processes.peak() as u64;
        println!(
            "resident memory grew {} KiB over a second 1,000,000 spawned and ended processes, at most {peak} alive at once",
            grown / 1024
        );
        // A leak grows with every process: even 64 bytes a process would
        // show as 61 MiB.
        assert!(grown < 48 << 20, "resident memory grew {grown} bytes over the second million");
    }
}
