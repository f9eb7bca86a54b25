//! Memory of dead processes is reused: once a first 1,000,000 processes
//! have come and gone, a second 1,000,000 take almost no fresh blocks from
//! the slabs (`girder_vm::memory::slab::held_bytes`), which hold every process's
//! cell, first heap and signal nodes, and leave no slot of the process
//! table in use.
//!
//! The test counts the VM's own blocks and slots, not resident memory,
//! which depends on the system allocator; `bench/` measures that
//! (`spawn-exit`).

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::memory::slab;
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

#[test]
fn a_million_processes_come_and_go_and_their_memory_is_returned() {
    let module = girder_asm::assemble(PROGRAM, "spawn_exit.gasm").expect("assembles");
    let output = Captured::default();
    let config =
        Config { gc_stress: false, reductions: 4000, max_processes: 1 << 20, schedulers: 2, max_heap_words: 0 };
    let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
    vm.code.load(module).expect("loads");
    let run = || run_entry(&vm, Atom::intern("spawn_exit").unwrap(), Atom::intern("main").unwrap(), &[], true).unwrap();
    // A first million brings the slabs to their working set (how many
    // blocks that is depends on how many processes were alive, or ended
    // and not yet reclaimed, at once: more on a busy machine); a second
    // million must then run on the blocks the first freed.
    assert_eq!(run(), Ending::Normal);
    // Held, not carved: chunks given back to the system in between and
    // cut again are not fresh blocks.
    let before = slab::held_bytes();
    let ending = run();
    let carved = slab::held_bytes().saturating_sub(before);
    assert_eq!(ending, Ending::Normal);
    assert_eq!(output.text(), "alive 1\nalive 1\n");
    // Every process has ended and given its slot back.
    assert_eq!(vm.processes.live(), 0);
    // Children end while their parent still spawns, so the peak is below
    // a batch; it shows many processes were alive at once all the same.
    let peak = vm.processes.peak();
    assert!(peak > 100, "peak {peak}");
    println!(
        "the slabs carved {} KiB over a second 1,000,000 spawned and ended processes, at most {peak} alive at once",
        carved / 1024
    );
    // A leak of even the smallest block each process uses, a signal node,
    // would carve a million of them; a run's new threads may carve fresh
    // chunks of their own, a few MiB.
    let leak = girder_vm::process::inbox::NODES.block_size() * 1_000_000;
    assert!(carved < leak / 4, "the slabs carved {carved} bytes over the second million (a node a process: {leak})");
}
