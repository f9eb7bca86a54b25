//! Appending to a binary in a loop (`<<Acc/binary, Byte>>`) is amortised
//! O(1): building a 10 MB binary a byte at a time keeps the off-heap
//! binaries alive (`girder_vm::memory::off_heap::live`) few and their
//! bytes proportional to the binary, because each append writes in place
//! into storage that doubles when full, rather than copying the binary.
//!
//! A thread samples the counts while the program runs; the program holds
//! its finished binary for a while, so the samples see it. The test counts
//! binaries and bytes, never time. It is the only test of its binary, so
//! no other test's binaries are counted.

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::memory::off_heap;
use girder_vm::run::{run_entry, Ending};
use girder_vm::term::Atom;
use girder_vm::vm::{Config, Vm};
use std::sync::atomic::{AtomicBool, Ordering};

/// The size of the binaries built.
const SIZE: usize = 10_000_000;

const PROGRAM: &str = r#"
% main(_): builds a binary of 10,000,000 bytes a byte at a time with
% bs_create_bin's append, holds it for 300 ms, prints its size; then the
% same with OTP 24's bs_append and bs_put_integer.
.module append_loop
.export main/1

.function main/1
    allocate 1, 0
    move 10000000, x0
    move <<>>, x1
    call 2, build/2
    move x0, y0
    call 0, hold/0
    gc_bif none, 1, erlang:byte_size/1, [y0], x0
    call 1, print/1
    move 10000000, x0
    move <<>>, x1
    call 2, build24/2
    move x0, y0
    call 0, hold/0
    gc_bif none, 1, erlang:byte_size/1, [y0], x0
    call_last 1, print/1, 1

% build(N, Acc) -> <<Acc/binary, N:8>> N times.
.function build/2
    is_eq_exact @more, x0, 0
    move x1, x0
    return
more:
    gc_bif none, 2, erlang:'-'/2, [x0, 1], x2
    bs_create_bin none, 0, 3, x1, [append, 1, 8, [], x1, all, integer, 2, 1, [], x0, 8]
    move x2, x0
    call_only 2, build/2

% The same, as OTP 24 compiles it.
.function build24/2
    is_eq_exact @more, x0, 0
    move x1, x0
    return
more:
    gc_bif none, 2, erlang:'-'/2, [x0, 1], x2
    bs_append none, 8, 3, 8, x1, x1
    bs_put_integer none, 8, 1, 0, x0
    move x2, x0
    call_only 2, build24/2

.function hold/0
wait:
    wait_timeout @wait, 300
    timeout
    move ok, x0
    return

.function print/1
    allocate 0, 1
    test_heap 2, 1
    put_list x0, [], x1
    move "~p~n", x0
    call_ext_last 2, io:format/2, 0
"#;

#[test]
fn a_binary_built_a_byte_at_a_time_takes_memory_in_proportion() {
    let module = girder_asm::assemble(PROGRAM, "append_loop.gasm").expect("assembles");
    let output = Captured::default();
    let config = Config { gc_stress: false, reductions: 4000, max_processes: 1024, schedulers: 1, max_heap_words: 0 };
    let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
    vm.code.load(module).expect("loads");
    let (bytes_before, count_before) = off_heap::live();
    let done = AtomicBool::new(false);
    let (peak_bytes, peak_count, samples) = std::thread::scope(|scope| {
        let sampler = scope.spawn(|| {
            let (mut peak_bytes, mut peak_count, mut samples) = (0, 0, 0usize);
            while !done.load(Ordering::Acquire) {
                let (bytes, count) = off_heap::live();
                peak_bytes = peak_bytes.max(bytes);
                peak_count = peak_count.max(count);
                samples += 1;
                std::thread::sleep(std::time::Duration::from_millis(1));
            }
            (peak_bytes, peak_count, samples)
        });
        let ending = run_entry(&vm, Atom::intern("append_loop").unwrap(), Atom::intern("main").unwrap(), &[], true);
        done.store(true, Ordering::Release);
        assert_eq!(ending.unwrap(), Ending::Normal);
        sampler.join().unwrap()
    });
    assert_eq!(output.text(), format!("{SIZE}\n{SIZE}\n"));
    println!("{samples} samples: at most {peak_count} off-heap binaries alive, {peak_bytes} bytes");
    // The binary held for 300 ms was seen.
    assert!(peak_bytes >= bytes_before + SIZE, "the samples never saw the binary: {peak_bytes} bytes");
    // Storage that doubles holds at most twice the binary, and while it
    // is copied into the next, the old storage too: three times; and the
    // first binary's storage (twice its size) may stay until the second
    // loop's process collects: five times in all.
    assert!(peak_bytes <= bytes_before + 5 * SIZE + (1 << 20), "{peak_bytes} bytes for a binary of {SIZE}");
    // A copy at every append would leave thousands of binaries for the
    // collector; in place, a few are alive at once.
    assert!(peak_count <= count_before + 8, "{peak_count} off-heap binaries alive at once");
}
