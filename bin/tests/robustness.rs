//! Robustness of the command line: damaged and random bytecode files are
//! refused with one line and exit status 2, never a panic; an internal panic
//! becomes one `girder: internal error:` line and exit status 3.
//!
//! The fuzz targets (`fuzz/`, see `spec/ROBUSTNESS.md`) run the loader,
//! assembler and term layer for millions of inputs; this file runs a few
//! hundred inputs through the real binary, end to end.
//!
//! The tests after those reproduce what fuzzing and the programs of
//! `spec/robustness/` found (`spec/ROBUSTNESS.md`, "What the fuzzers
//! found", findings 1 to 9), each stating what must hold; all nine are
//! fixed, and the tests keep them fixed. The last test floods a mailbox
//! with 10,000,000 messages (row 37 of the table there).
//!
//! Every run must end by itself with an exit status: a run that a signal
//! ends (a crash), or that is still going at its deadline (a hang), fails
//! whatever it printed.

use girder_loader::samples::{malformed_cases, valid_sample};
use girder_loader::{decode, encode, verify, Literal, Module};
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("the workspace root").to_path_buf()
}

/// A directory of its own for one test's files, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("robustness").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create a scratch directory");
    dir
}

/// Runs `girder ARGS...` in `dir` (see [`finish`] for `limit`).
fn girder(dir: &Path, args: &[&str], envs: &[(&str, &str)], limit: Duration) -> Output {
    let child = Command::new(env!("CARGO_BIN_EXE_girder"))
        .current_dir(dir)
        .args(args)
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start girder");
    finish(child, args, limit)
}

/// Waits for a run of girder and collects its output. A run that is still
/// going after `limit` (a hang: every run here ends in well under a second
/// when nothing is wrong) is killed and fails the test, and so does a run
/// that a signal ended (a crash: girder reports its own errors with an exit
/// status, never by dying of a signal).
fn finish(mut child: Child, args: &[&str], limit: Duration) -> Output {
    let deadline = Instant::now() + limit;
    let mut timed_out = false;
    while child.try_wait().expect("wait for girder").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            timed_out = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    let output = child.wait_with_output().expect("collect girder's output");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!timed_out, "girder {args:?} did not end within {} s and was killed; stderr:\n{stderr}", limit.as_secs());
    if let Some(signal) = output.status.signal() {
        panic!("girder {args:?} was ended by signal {signal}; stderr:\n{stderr}");
    }
    output
}

/// A small deterministic generator (xorshift64), so a failure names its seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }
}

/// Bytes of one of four shapes: random bytes, random bytes after a good
/// header, a valid file with a few bytes overwritten, or a valid file cut
/// short.
fn random_gbc(rng: &mut Rng, valid: &[u8]) -> Vec<u8> {
    match rng.below(4) {
        0 => (0..rng.below(200)).map(|_| rng.next() as u8).collect(),
        1 => {
            let mut bytes = valid[..6].to_vec();
            bytes.extend((0..rng.below(200)).map(|_| rng.next() as u8));
            bytes
        }
        2 => {
            let mut bytes = valid.to_vec();
            for _ in 0..1 + rng.below(4) {
                let index = rng.below(bytes.len());
                bytes[index] = rng.next() as u8;
            }
            bytes
        }
        _ => valid[..rng.below(valid.len())].to_vec(),
    }
}

/// `girder run` refuses bytes that do not load with status 2 and one line
/// naming the file; bytes that do load (a damaged byte can leave a valid
/// file) may run, but never end in an internal error.
fn check_run(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write a .gbc file");
    let output = girder(dir, &["run", name], &[], Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let status = output.status.code();
    assert!(!stderr.contains("internal error"), "{name} ({bytes:02x?}): {stderr}");
    if decode(bytes).is_err() {
        assert_eq!(status, Some(2), "{name} ({bytes:02x?}) loads with status {status:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{name} ({bytes:02x?}): not one line:\n{stderr}");
        assert!(stderr.starts_with(name), "{name}: the error does not name the file: {stderr}");
        assert!(output.stdout.is_empty(), "{name}: printed on stdout");
    } else {
        assert_ne!(status, Some(3), "{name} ({bytes:02x?}): {stderr}");
    }
    std::fs::remove_file(&path).expect("remove a .gbc file");
}

#[test]
fn random_and_damaged_bytecode_is_refused_in_one_line() {
    let dir = scratch("random_gbc");
    let valid = encode(&valid_sample());
    // The undamaged file loads and runs (its main/1 fails on `[] + 1`), so
    // the branch for bytes that load is taken at least once.
    check_run(&dir, "valid.gbc", &valid);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for case in 0..160 {
        let bytes = random_gbc(&mut rng, &valid);
        check_run(&dir, &format!("random_{case}.gbc"), &bytes);
    }
    for case in malformed_cases() {
        check_run(&dir, &format!("{}.gbc", case.name), &case.bytes);
    }
}

#[test]
fn an_internal_panic_is_one_line_and_status_3() {
    let dir = root();
    let output = girder(
        &dir,
        &["run", "examples/hello.gasm"],
        &[("GIRDER_TEST_INTERNAL_PANIC", "1"), ("RUST_BACKTRACE", "1")],
        Duration::from_secs(30),
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(3), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "not one line:\n{stderr}");
    assert!(stderr.starts_with("girder: internal error: "), "{stderr}");
    assert!(stderr.ends_with('\n'), "{stderr}");
    assert!(output.stdout.is_empty(), "the program ran: {}", String::from_utf8_lossy(&output.stdout));

    // Without the switch (or with another value) the program runs as usual.
    let output =
        girder(&dir, &["run", "examples/hello.gasm"], &[("GIRDER_TEST_INTERNAL_PANIC", "0")], Duration::from_secs(30));
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "Hello from girder!\n");
}

/// A module that defines `f/0` twice: the second function's name is
/// changed to the first's.
fn module_defining_a_function_twice() -> Module {
    let source = "
.module twice
.export main/1

.function main/1
    move ok, x0
    return

.function f/0
    move one, x0
    return

.function g/0
    move two, x0
    return
";
    let mut module = girder_asm::assemble(source, "twice.gasm").expect("the source assembles");
    module.functions[2].name = module.functions[1].name;
    module
}

/// Found by the `loader_structured` fuzz target: the verifier accepts a
/// module that defines one name/arity twice, and `girder disasm` then
/// prints text that `girder asm` refuses ("function `f/0` is already
/// defined"). Either the loader should refuse such a module, or its
/// disassembly should assemble: ASSEMBLY.md promises that the disassembler
/// writes text that assembles to the same bytes.
#[test]
fn a_module_that_loads_disassembles_to_text_that_assembles() {
    let module = module_defining_a_function_twice();
    if verify(&module).is_err() {
        return;
    }
    let text = girder_asm::disassemble(&module);
    if let Err(diagnostics) = girder_asm::assemble(&text, "twice.gasm") {
        panic!("the loader accepts a module whose disassembly does not assemble:\n{text}\n{diagnostics}");
    }
}

/// Found by the `loader_structured` fuzz target after the fix above: the
/// verifier compared function names by atom index, so a module whose atom
/// table holds the name `f` twice (atoms 2 and 5, say) could still define
/// `f/0` twice, and `girder disasm` again printed text that `girder asm`
/// refuses. The loader now refuses an atom table that repeats a name.
#[test]
fn a_module_naming_a_function_twice_through_two_atoms_disassembles_to_text_that_assembles() {
    let mut module = module_defining_a_function_twice();
    let first_name = module.functions[1].name as usize;
    module.atoms.push(module.atoms[first_name].clone());
    module.functions[2].name = module.atoms.len() as u32 - 1;
    if verify(&module).is_err() {
        return;
    }
    let text = girder_asm::disassemble(&module);
    if let Err(diagnostics) = girder_asm::assemble(&text, "twice.gasm") {
        let first = diagnostics.to_string().lines().next().unwrap_or_default().to_string();
        panic!(
            "the loader accepts `f/0` defined twice through two atoms, and the disassembly does not assemble: {first}"
        );
    }
}

/// Found by the `loader_structured` fuzz target after the fix of the
/// literal depth: the loader allows 200 nested containers, and so does the
/// assembler in an operand of its own (`move {...}, x0`), but inside a
/// list operand (`put_tuple2 x0, [{...}]`) the assembler counted the
/// operand's brackets as a level, so a literal of exactly 200 tuples there
/// loaded and its disassembly did not assemble ("the term is nested too
/// deeply (more than 200 levels)"). Each element of a list operand now
/// starts at depth 0.
#[test]
fn a_literal_at_the_depth_limit_in_a_list_operand_disassembles_to_text_that_assembles() {
    let source =
        ".module deep\n.export main/1\n\n.function main/1\n    test_heap 2, 0\n    put_tuple2 x0, [{a}]\n    return\n";
    let mut module = girder_asm::assemble(source, "deep.gasm").expect("the source assembles");
    let mut literal = Literal::Nil;
    for _ in 0..girder_loader::MAX_LITERAL_DEPTH {
        literal = Literal::Tuple(vec![literal]);
    }
    module.literals[0] = literal;
    if decode(&encode(&module)).is_err() {
        return;
    }
    let text = girder_asm::disassemble(&module);
    if let Err(diagnostics) = girder_asm::assemble(&text, "deep.gasm") {
        let first = diagnostics.to_string().lines().next().unwrap_or_default().to_string();
        panic!("the loader accepts a literal at its depth limit in a list operand, but its disassembly does not assemble: {first}");
    }
}

/// Found by the `loader_structured` fuzz target: the loader accepts
/// literals nested up to 1,000 levels (`MAX_LITERAL_DEPTH`), the assembler
/// reads only 200, so `girder disasm` of a valid file with a literal 500
/// levels deep prints text that `girder asm` refuses ("the term is nested
/// too deeply"). The two limits should agree, or the disassembly of every
/// module that loads should assemble.
#[test]
fn a_module_with_a_deep_literal_that_loads_disassembles_to_text_that_assembles() {
    let source = ".module deep\n.export main/1\n\n.function main/1\n    move {a}, x0\n    return\n";
    let mut module = girder_asm::assemble(source, "deep.gasm").expect("the source assembles");
    let mut literal = Literal::Nil;
    for _ in 0..500 {
        literal = Literal::Tuple(vec![literal]);
    }
    module.literals[0] = literal;
    if decode(&encode(&module)).is_err() {
        return;
    }
    let text = girder_asm::disassemble(&module);
    if let Err(diagnostics) = girder_asm::assemble(&text, "deep.gasm") {
        let first = diagnostics.to_string().lines().next().unwrap_or_default().to_string();
        panic!("the loader accepts a literal 500 levels deep, but its disassembly does not assemble: {first}");
    }
}

/// Runs `girder ARGS...` in `spec/robustness/` with its address space
/// limited to 4 GB (`ulimit -v`), so that a runaway allocation fails at
/// once instead of taking the machine's memory.
fn girder_limited(args: &[&str], limit: Duration) -> Output {
    let dir = root().join("spec").join("robustness");
    let script = "ulimit -v 4000000 && exec \"$0\" \"$@\"";
    let child = Command::new("sh")
        .current_dir(&dir)
        .arg("-c")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_girder"))
        .args(args)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start girder");
    // `exec` makes girder the shell's process, so its signal is the child's.
    finish(child, args, limit)
}

/// Runs `girder run FILE` and asserts that the loader refused it: status 2,
/// and stderr starting with `diagnostic`.
fn assert_refused(file: &str, diagnostic: &str) {
    let output = girder_limited(&["run", file], Duration::from_secs(10));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with(diagnostic), "{stderr}");
}

/// Runs `girder_limited(args, limit)` and asserts that the VM printed
/// exactly `stdout` and ended with status 0; returns its stderr.
fn assert_prints(args: &[&str], limit: Duration, stdout: &str) -> String {
    let output = girder_limited(args, limit);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(
        String::from_utf8_lossy(&output.stdout),
        stdout,
        "the output differs (status {:?}): {stderr}",
        output.status.code()
    );
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    stderr
}

/// Found by running the verified modules of the `loader_structured`
/// corpus: `test_heap 4294967293, 0` is verified bytecode (the verifier
/// bounds live-register counts, not heap needs), and running it in a
/// spawned process aborts the whole VM: "memory allocation of 39389205808
/// bytes failed", SIGABRT. Only that process should fail (with a report, as
/// for `system_limit`), and the main process carry on.
#[test]
fn a_huge_test_heap_fails_only_its_process() {
    let stderr = assert_prints(&["run", "test_heap_huge.gasm"], Duration::from_secs(60), "main carries on\n");
    assert!(stderr.contains("=ERROR REPORT===="), "no error report for the greedy process: {stderr}");
}

/// Found by running the verified modules of the `loader_structured`
/// corpus: a loop made of a backward `jump` and no call is never
/// preempted (only calls cost reductions), so a process spinning in one
/// keeps its scheduler forever. With one scheduler the main process never
/// runs again and the program hangs (with two it hung too). Design
/// decision 5: "No loop can starve the others." The Erlang compiler never
/// emits such a loop, but the loader accepts it.
#[test]
fn a_loop_without_calls_does_not_starve_the_others() {
    let args = ["run", "--schedulers", "1", "jump_loop.gasm"];
    assert_prints(&args, Duration::from_secs(60), "main ran while a jump loop spins\n");
}

/// Found while checking the fixes of the findings above against the new
/// heap limit: `cons_loop.gasm` conses in a `jump` loop with no
/// `test_heap`, so every cell goes to a heap fragment. The backward branch
/// costs a reduction and yields, but that yield did not collect (a yield on
/// entering a function did), and the heap limit is checked only when a
/// collection runs: with `--max-heap-words 1000000` the process grew
/// without bound (5.4 GB resident after 10 s with a limit of 10,000,000
/// words) until memory ran out and the VM aborted. Every yield now
/// collects when fragments are waiting, and the process is killed with the
/// "maximum heap size reached" report.
#[test]
fn the_heap_limit_stops_a_loop_that_conses_without_test_heap() {
    let output = girder_limited(&["run", "--max-heap-words", "1000000", "cons_loop.gasm"], Duration::from_secs(60));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("maximum heap size reached"),
        "the heap limit did not stop the process (status {:?}): {stderr}",
        output.status.code()
    );
    assert_eq!(output.status.code(), Some(1), "{stderr}");
}

/// Found by running the modules of the `loader_structured` corpus on the
/// fixed VM: a catch handler that did not end its `try` (no `try_case`)
/// and raised again was caught by itself, forever. Each raise builds a
/// stack trace on the process's heap, and the loop passed no call, no
/// backward `jump` and no safe point, so it was never preempted and never
/// collected: memory grew by hundreds of megabytes a second, the heap
/// limit never fired, and the VM aborted when memory ran out.
///
/// The loader now refuses a handler that does not begin with `try_case`
/// or `catch_end` of its own marker (the next test), but a handler can
/// still be re-entered without a call or a backward branch: in
/// `raise_loop.gasm` it ends its `try`, and the code after it installs the
/// same handler again and raises. Landing in a handler now costs a
/// reduction and may yield (and collect). With one scheduler the main
/// process runs only if the loop is preempted: it sleeps 200 ms, prints
/// and halts.
#[test]
fn a_raise_loop_does_not_take_the_vm_down() {
    let args = ["run", "--schedulers", "1", "--max-heap-words", "1000000", "raise_loop.gasm"];
    assert_prints(&args, Duration::from_secs(60), "main ran while a raise loop spins\n");
}

/// The first form of finding 8's loop: a handler that raises again before
/// ending its `try`. The Erlang compiler always begins a handler with
/// `try_case` or `catch_end` of the handler's own marker, and the loader
/// now requires it, so this module does not load.
#[test]
fn a_handler_that_does_not_end_its_try_does_not_load() {
    let source = "
.module raise_loop
.export main/1

.function main/1
    allocate 1, 1
    try y0, @handler
    move boom, x0
    call_ext 1, erlang:error/1
handler:
    raise x2, x1
";
    let diagnostics = girder_asm::assemble(source, "raise_loop.gasm").expect_err("the handler breaks a loader rule");
    let message = diagnostics.to_string();
    assert!(
        message.contains(
            "the handler of try y0 (instruction 4) begins with raise; it must begin with try_case y0 or catch_end y0"
        ),
        "{message}"
    );
}

/// Found while fixing finding 8: the verifier checked that `try_end`,
/// `try_case` and `catch_end` name a y register of the frame, not that a
/// `try` or `catch` installed a handler there, so a `try_end` with no
/// `try` was verified bytecode. It took the process's count of handlers
/// below zero: an overflow, and an internal error, in builds with overflow
/// checks (the test profile), and a count wrapped to 4294967295 otherwise.
/// The count then learnt to stay at zero; now the verifier tracks markers
/// and refuses the program.
#[test]
fn a_try_end_without_a_try_does_not_load() {
    assert_refused(
        "try_end_without_try.gasm",
        "try_end_without_try.gasm:9:5: error: try_end y0 ends the marker of a try, but y0 holds no marker here",
    );
}

/// A catch marker read by `move`, returned, stored in another function's
/// frame and raised past: the raise landed in the handler with that other
/// frame on top, whose `deallocate 1000` moved the stack's top past the end
/// of the process's block, and every round of the loop wrote further out.
/// In a spawned process, with the main process sleeping, the release build
/// died of SIGSEGV (status 139) before the main process could print. The
/// verifier now refuses the `move`.
#[test]
fn a_catch_marker_moved_out_of_its_frame_does_not_load() {
    assert_refused(
        "marker_escapes_frame.gasm",
        "marker_escapes_frame.gasm:42:5: error: move uses y0, which holds the marker of a catch here; \
         only the instruction that installed a marker and those that end it may touch it",
    );
}

/// Row 37 of the table in `spec/ROBUSTNESS.md`: 10,000,000 messages sent
/// to a process that never receives them neither crash the VM nor go
/// unaccounted: `process_info` reports the queue's length and counts its
/// messages in the process's memory (48 bytes a message today; at least
/// 16, a link and a word, is asked here).
#[test]
fn ten_million_messages_are_queued_and_accounted() {
    let output = girder_limited(&["run", "many_messages.gasm", "10000000"], Duration::from_secs(120));
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(0), "stdout: {stdout}\nstderr: {stderr}");
    let mut lines = stdout.lines();
    assert_eq!(lines.next(), Some("{message_queue_len,10000000}"), "{stdout}");
    let memory: u64 = lines
        .next()
        .and_then(|line| line.strip_prefix("{memory,")?.strip_suffix('}')?.parse().ok())
        .unwrap_or_else(|| panic!("no {{memory,N}} line: {stdout}"));
    assert!(memory >= 16 * 10_000_000, "10,000,000 queued messages are accounted as {memory} bytes");
}
