//! Processes as their users see them: message order under several senders,
//! selective receive that never rescans, receive timers, link chains, the
//! rules of exit signals, and what a waiting process costs.
//!
//! Each test assembles a program from `tests/programs/` (the Erlang source
//! it stands for is quoted in its comments) and runs it on fresh VMs in several
//! configurations: one scheduler and two, each with and without a
//! collection at every safe point (`gc_stress`, which finds a live value
//! kept where the collector cannot see it). The assertions count things;
//! the only ones about time say "no earlier than". Every run is bounded: a
//! run that does not end in time fails its test (a lost wake-up hangs
//! rather than fails).
//!
//! The expected outputs were checked against Erlang/OTP 25 running the
//! quoted Erlang source (process counts taken relative to the processes
//! alive when `main` starts, since erl has system processes of its own).

mod common;

use common::Captured;
use girder_vm::code::NoModules;
use girder_vm::process::lifecycle::{self, SpawnOptions};
use girder_vm::process::table::ProcessCell;
use girder_vm::process::Process;
use girder_vm::run::{run_entry, Ending};
use girder_vm::sched::{run_pool, Scheduler, Stop};
use girder_vm::term::{Atom, Term};
use girder_vm::vm::{Config, Vm};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

// ---- configurations ----

/// One way to run a program.
#[derive(Clone, Copy, Debug)]
struct Setup {
    gc_stress: bool,
    schedulers: usize,
}

/// Every test runs in each of these.
const SETUPS: [Setup; 4] = [
    Setup { gc_stress: false, schedulers: 1 },
    Setup { gc_stress: true, schedulers: 1 },
    Setup { gc_stress: false, schedulers: 2 },
    Setup { gc_stress: true, schedulers: 2 },
];

/// How long one run of one program may take before its test fails. The
/// slowest run here takes about a second when the VM is healthy.
const RUN_LIMIT: Duration = Duration::from_secs(30);

// ---- running programs ----

/// A VM with one program loaded, printing into a buffer.
struct Machine {
    vm: Vm,
    output: Captured,
    module: Atom,
    setup: Setup,
}

impl Machine {
    /// Assembles `source` (named `file` in diagnostics) and loads it into a
    /// fresh VM configured by `setup`, giving each process `reductions`
    /// reductions a time slice.
    fn new(file: &str, source: &str, setup: Setup, reductions: u32) -> Machine {
        let module = girder_asm::assemble(source, file)
            .unwrap_or_else(|diagnostics| panic!("{file} does not assemble:\n{diagnostics}"));
        let config = Config {
            gc_stress: setup.gc_stress,
            reductions,
            max_processes: 1 << 20,
            schedulers: setup.schedulers,
            max_heap_words: 0,
        };
        let output = Captured::default();
        let vm = Vm::with_output(config, Box::new(NoModules), Box::new(output.clone()));
        let loaded = vm.code.load(module).unwrap_or_else(|error| panic!("{file} does not load: {error}"));
        Machine { module: loaded.name, vm, output, setup }
    }

    /// Runs `function/0` of the program to completion, as `girder run` does.
    fn run(&self, function: &str) -> Ending {
        run_entry(&self.vm, self.module, atom(function), &[], false)
            .unwrap_or_else(|error| panic!("cannot start: {error}"))
    }

    /// Spawns `function(args...)` of the program without running it.
    fn spawn(&self, function: &str, args: &[Term]) -> Term {
        let name = atom(function);
        let arity = u32::try_from(args.len()).unwrap();
        let (loaded, entry) = self
            .vm
            .code
            .find_export(self.module, name, arity)
            .expect("the program is loaded")
            .unwrap_or_else(|| panic!("{function}/{arity} is not exported"));
        let initial_call = (self.module, name, arity);
        let (pid, _) =
            lifecycle::spawn(&self.vm, None, loaded.index, entry, args, initial_call, SpawnOptions::default())
                .expect("under the process limit");
        pid
    }

    /// Runs every process on the setup's schedulers until `watched` ends or
    /// nothing can run any more.
    fn schedule(&self, watched: Term) -> Stop {
        let stop = if self.setup.schedulers == 1 {
            Scheduler::new().run_until(&self.vm, watched)
        } else {
            run_pool(&self.vm, watched, self.setup.schedulers).0
        };
        self.vm.flush_output();
        stop
    }

    /// Everything the program printed.
    fn output(&self) -> String {
        self.output.text()
    }
}

fn atom(name: &str) -> Atom {
    Atom::intern(name).expect("the atom table has room")
}

/// A run going on in its own thread.
struct Pending<T> {
    what: String,
    started: Instant,
    result: mpsc::Receiver<T>,
    thread: std::thread::JoinHandle<()>,
}

/// Starts `body` on its own thread; `what` names it in failures.
fn start<T: Send + 'static>(what: String, body: impl FnOnce() -> T + Send + 'static) -> Pending<T> {
    let (done, result) = mpsc::channel();
    let thread = std::thread::Builder::new()
        .name(what.clone())
        .spawn(move || {
            // The receiver is gone only when the test already failed.
            let _ = done.send(body());
        })
        .expect("start a thread");
    Pending { what, started: Instant::now(), result, thread }
}

impl<T> Pending<T> {
    /// The run's result, failing the calling test when the run takes
    /// longer than [`RUN_LIMIT`] from its start. A run that hangs is left
    /// behind (it cannot be stopped from outside) and ends with the test
    /// binary.
    fn finish(self) -> T {
        let left = RUN_LIMIT.saturating_sub(self.started.elapsed());
        match self.result.recv_timeout(left) {
            Ok(value) => value,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                panic!("{}: still running after {RUN_LIMIT:?}", self.what)
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => match self.thread.join() {
                Err(panic) => std::panic::resume_unwind(panic),
                Ok(()) => unreachable!("the body sends its result before it ends"),
            },
        }
    }
}

/// Runs `body` on its own thread and returns its result, failing the
/// calling test when it takes longer than [`RUN_LIMIT`].
fn bounded<T: Send + 'static>(what: String, body: impl FnOnce() -> T + Send + 'static) -> T {
    start(what, body).finish()
}

/// Runs `function/0` of a program in every setup, checking that it ends
/// normally and prints `expected`.
fn check_output(file: &'static str, source: &'static str, function: &'static str, expected: &str) {
    for setup in SETUPS {
        let (what, output) = run_to_its_end(file, source, function, setup);
        assert_eq!(output, expected, "{what}");
    }
}

/// Runs `function/0` of a program in `setup`, checking that it ends
/// normally; returns the run's name for messages, and what it printed.
fn run_to_its_end(file: &'static str, source: &'static str, function: &'static str, setup: Setup) -> (String, String) {
    let what = format!("{file} {function} {setup:?}");
    let (ending, output) = bounded(what.clone(), move || {
        let machine = Machine::new(file, source, setup, 4000);
        let ending = machine.run(function);
        (ending, machine.output())
    });
    assert_eq!(ending, Ending::Normal, "{what} ended badly; it printed:\n{output}");
    (what, output)
}

// ---- 1. order and no loss ----

const ORDER: &str = include_str!("programs/order.gasm");

/// Four senders, 250,000 messages each, one receiver: every sender's
/// messages arrive in the order sent, none lost, none twice.
///
/// A receiver far behind its senders collects often while hundreds of
/// thousands of messages wait: a collection must not walk the unscanned
/// ones (it once did, making the run quadratic).
#[test]
fn many_senders_keep_order_and_lose_nothing() {
    check_output("order.gasm", ORDER, "main", "ok\n");
}

// ---- 2. no rescan after a wake-up ----

const RESCAN: &str = include_str!("programs/rescan.gasm");

/// A receive woken up again and again by messages that do not match scans
/// each message once; the next receive starts over from the first.
#[test]
fn a_wake_up_resumes_the_scan() {
    const NOMATCH: u64 = 10_000;
    for setup in SETUPS {
        let what = format!("rescan.gasm {setup:?}");
        let (stop, scans, left) = bounded(what.clone(), move || {
            // A small budget makes the sender yield every few dozen
            // messages, so the receiver wakes up hundreds of times.
            let machine = Machine::new("rescan.gasm", RESCAN, setup, 100);
            let receiver = machine.spawn("receiver", &[]);
            let main = machine.spawn("main", &[receiver]);
            let stop = machine.schedule(main);
            let cell = machine.vm.processes.get(receiver).expect("the receiver still waits");
            let process = cell.lock();
            (stop, process.mailbox.scans(), process.mailbox.len())
        });
        assert_eq!(stop, Stop::Deadlock, "{what}: both processes should end up waiting forever");
        assert_eq!(scans, (NOMATCH + 1) + NOMATCH, "{what}: messages handed to loop_rec");
        assert_eq!(left, NOMATCH as usize, "{what}: messages left in the mailbox");
    }
}

// ---- 2b. receive markers ----

const CALL_BEHIND_QUEUE: &str = include_str!("programs/call_behind_queue.gasm");

/// A call behind 10,000 queued messages finds its reply without scanning
/// them: the receive starts at the marker bound to the call's reference
/// (`recv_marker_use`), so its loop_rec is handed the reply alone. The
/// same call without `recv_marker_use` is handed every queued message
/// first. The count is the mailbox's tally of messages handed to
/// loop_rec, read once both processes wait forever; no timing is involved.
#[test]
fn a_call_with_a_receive_marker_skips_the_queued_messages() {
    const QUEUED: u64 = 10_000;
    for setup in SETUPS {
        for use_marker in [true, false] {
            let what = format!("call_behind_queue.gasm {setup:?} use_marker={use_marker}");
            let (stop, scans, left) = bounded(what.clone(), move || {
                let machine = Machine::new("call_behind_queue.gasm", CALL_BEHIND_QUEUE, setup, 4000);
                let server = machine.spawn("server", &[]);
                let flag = Term::atom(atom(if use_marker { "true" } else { "false" }));
                let caller = machine.spawn("caller", &[server, flag]);
                let stop = machine.schedule(caller);
                let cell = machine.vm.processes.get(caller).expect("the caller still waits");
                let process = cell.lock();
                (stop, process.mailbox.scans(), process.mailbox.len())
            });
            assert_eq!(stop, Stop::Deadlock, "{what}: both processes should end up waiting forever");
            // The second receive waits for a reference no message carries,
            // from a marker at the end of the mailbox: it scans nothing.
            let expected = if use_marker { 1 } else { QUEUED + 1 };
            assert_eq!(scans, expected, "{what}: messages handed to loop_rec");
            assert_eq!(left, QUEUED as usize, "{what}: the queued messages stay");
        }
    }
}

// ---- 3. receive timers ----

const TIMERS: &str = include_str!("programs/timers.gasm");

/// `after` never ends a receive early; a receive that got its message
/// leaves no timer behind to end the next one; `after 0` does not wait;
/// a bad timeout raises `timeout_value`.
///
/// With two schedulers a process's successive timers may live on
/// different schedulers: timer ids are unique across the VM, so a cancelled
/// timer never matches a live one (they once were numbered per scheduler).
#[test]
fn receive_timers() {
    // Which scheduler starts a process's timer varies from run to run, so
    // the multi-scheduler setups run several times; the runs mostly wait,
    // so they run side by side.
    let runs: Vec<Pending<(Setup, Ending, String)>> = SETUPS
        .into_iter()
        .flat_map(|setup| std::iter::repeat_n(setup, if setup.schedulers > 1 { 6 } else { 1 }))
        .map(|setup| {
            start(format!("timers.gasm {setup:?}"), move || {
                let machine = Machine::new("timers.gasm", TIMERS, setup, 4000);
                let ending = machine.run("main");
                (setup, ending, machine.output())
            })
        })
        .collect();
    for run in runs {
        let (setup, ending, output) = run.finish();
        let what = format!("timers.gasm {setup:?}");
        assert_eq!(ending, Ending::Normal, "{what} ended badly; it printed:\n{output}");
        let lines: Vec<&str> = output.lines().collect();
        let [after_50, ping, after_300, after_0, after_t, after_minus_1, after_foo] = lines[..] else {
            panic!("{what}: expected 7 lines, got:\n{output}")
        };
        let elapsed = |line: &str, prefix: &str| -> i64 {
            let rest =
                line.strip_prefix(prefix).unwrap_or_else(|| panic!("{what}: expected `{prefix}...`, got `{line}`"));
            rest.parse().unwrap_or_else(|_| panic!("{what}: not a number of milliseconds: `{line}`"))
        };
        let waited = elapsed(after_50, "after 50: ");
        assert!(waited >= 50, "{what}: `receive after 50` ended after {waited} ms");
        assert_eq!(ping, "ping: ok", "{what}: the ping sent after 20 ms should beat the 100 ms timeout");
        let waited = elapsed(after_300, "after 300: ok ");
        assert!(waited >= 300, "{what}: `receive never -> x after 300` ended after {waited} ms (a stale timer fired?)");
        assert_eq!(after_0, "after 0: empty", "{what}");
        assert_eq!(after_t, "after T = 0: empty", "{what}");
        assert_eq!(after_minus_1, "after -1: {error,timeout_value}", "{what}");
        assert_eq!(after_foo, "after foo: {error,timeout_value}", "{what}");
    }
}

// ---- 4. link chains ----

const LINK_CHAIN: &str = include_str!("programs/link_chain.gasm");

/// Killing the head of a chain of 10,000 linked processes kills them all;
/// when every process of the chain traps exits, only the head dies and its
/// neighbour gets `{'EXIT', Head, killed}`.
#[test]
fn link_chains() {
    check_output(
        "link_chain.gasm",
        LINK_CHAIN,
        "main",
        "chain: 10001\n\
         after kill: 1\n\
         trapping chain: 10001\n\
         {'EXIT',head,killed}\n\
         after kill: 10000\n\
         nothing_else\n",
    );
}

const ENDING: &str = include_str!("programs/ending.gasm");

/// A process linked to 20,001 others ends: it sends its exit signals a
/// time slice's worth at a time, and between the slices another process
/// runs, sees it is no longer alive, and has not yet had its own signal
/// (the last one). Sent in one go, the signal would be there already.
///
/// Only one scheduler makes the order certain: the observer then runs
/// exactly between the gate's slices. On two, the observer spins on the
/// other scheduler and sees the gate end only if the operating system
/// keeps that thread running while the gate sends; on a loaded machine it
/// may not, and the gate finishes first. Both outputs are then correct
/// Erlang, so two schedulers check that the run ends and loses nothing.
#[test]
fn an_ending_process_sends_its_exit_signals_between_other_processes_slices() {
    for setup in SETUPS {
        let (what, output) = run_to_its_end("ending.gasm", ENDING, "main", setup);
        if setup.schedulers == 1 {
            assert_eq!(output, "gate_ending told\n", "{what}");
        } else {
            assert!(output == "gate_ending told\n" || output == "told_at_once ok\n", "{what} printed {output:?}");
        }
    }
}

// ---- 5. the rules of exit signals, links, monitors and names ----

const EXIT_RULES: &str = include_str!("programs/exit_rules.gasm");

fn check_rule(function: &'static str, expected: &str) {
    check_output("exit_rules.gasm", EXIT_RULES, function, expected);
}

#[test]
fn exit_normal_does_not_end_a_process_that_does_not_trap() {
    check_rule("exit_normal", "alive: true\n");
}

#[test]
fn exit_kill_ends_a_trapping_process_with_reason_killed() {
    check_rule("kill_trapping", "killed\n");
}

#[test]
fn a_trapping_parent_sees_a_linked_child_return_normal() {
    check_rule("child_returns", "normal\n");
}

#[test]
fn no_exit_signal_after_unlink() {
    check_rule("unlink_first", "down: boom\nno exit signal\n");
}

#[test]
fn monitoring_a_dead_process_gives_noproc() {
    check_rule("monitor_dead", "first: normal\nsecond: noproc\n");
}

#[test]
fn demonitor_flush_drops_a_queued_down() {
    check_rule(
        "demonitor_flush",
        "queued: {message_queue_len,1}\ndemonitor: true\nafter flush: {message_queue_len,0}\n",
    );
}

#[test]
fn a_taken_name_is_badarg_and_freed_at_death() {
    check_rule("register_taken", "register: true\nagain: {error,badarg}\nwhereis: true\nafter death: undefined\n");
}

// ---- 6. what a waiting process costs ----

const PROCESS_SIZE: &str = include_str!("programs/process_size.gasm");

/// Processes spawned for the measurement.
const HOLDERS: usize = 100_000;

/// Set (to `plain` or `stress`) when this test binary is re-run to measure
/// in a fresh process (see [`waiting_process_size`]).
const MEASURE_VAR: &str = "GIRDER_TEST_MEASURE_PROCESS_SIZE";

/// Resident memory of this OS process, in bytes.
fn resident_bytes() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status is readable");
    let line = status.lines().find(|line| line.starts_with("VmRSS:")).expect("a VmRSS line");
    let kilobytes: usize = line.split_whitespace().nth(1).and_then(|field| field.parse().ok()).expect("VmRSS in kB");
    kilobytes * 1024
}

/// Spawns [`HOLDERS`] processes that each wait in `receive` with two words
/// of state, and prints the resident-memory growth per process as one
/// `process-size:` line.
fn measure_process_size(gc_stress: bool) {
    let setup = Setup { gc_stress, schedulers: 1 };
    let machine = Machine::new("process_size.gasm", PROCESS_SIZE, setup, 4000);
    let before = resident_bytes();
    let main = machine.spawn("main", &[Term::small(HOLDERS as i64).unwrap()]);
    let stop = machine.schedule(main);
    let after = resident_bytes();
    assert_eq!(stop, Stop::Deadlock, "every process should end up waiting");
    assert_eq!(machine.vm.processes.live(), HOLDERS + 1, "every holder is alive");
    let holder = machine.vm.processes.pids().into_iter().find(|&pid| pid != main).expect("a holder");
    let cell = machine.vm.processes.get(holder).expect("a live holder");
    let (memory, heap_words) = {
        let process = cell.lock();
        (process.memory_bytes(), process.heap.block_words())
    };
    let per_process = after.saturating_sub(before) / HOLDERS;
    println!("process-size: rss_per_process={per_process} memory_bytes={memory} heap_words={heap_words}");
}

/// The memory figures of a waiting process: `size_of` of its two halves,
/// and the resident memory 100,000 waiting processes add, per process.
/// Each measurement runs in a fresh copy of this test binary, so that
/// memory freed by other tests does not hide the growth. The figures are
/// printed (`--nocapture` shows them); the only bound asserted is a loose
/// one that catches a leak.
#[test]
fn waiting_process_size() {
    if let Ok(mode) = std::env::var(MEASURE_VAR) {
        measure_process_size(mode == "stress");
        return;
    }
    println!("size_of::<Process>() = {} bytes", size_of::<Process>());
    println!("size_of::<ProcessCell>() = {} bytes", size_of::<ProcessCell>());
    let exe = std::env::current_exe().expect("the test binary's path");
    for mode in ["plain", "stress"] {
        let what = format!("measuring a waiting process ({mode})");
        let mut child = Command::new(&exe)
            .args(["--exact", "waiting_process_size", "--nocapture", "--test-threads=1"])
            .env(MEASURE_VAR, mode)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("re-run the test binary");
        let deadline = Instant::now() + RUN_LIMIT;
        while child.try_wait().expect("wait for the measurement").is_none() {
            if Instant::now() > deadline {
                let _ = child.kill();
                panic!("{what}: still running after {RUN_LIMIT:?}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let output = child.wait_with_output().expect("the measurement's output");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "{what} failed:\n{stdout}");
        let line = stdout
            .lines()
            .find_map(|line| line.split_once("process-size: ").map(|(_, figures)| figures))
            .unwrap_or_else(|| panic!("{what}: no figures in:\n{stdout}"));
        println!("{mode}: {HOLDERS} waiting processes, {line}");
        let per_process: usize = line
            .split_whitespace()
            .find_map(|field| field.strip_prefix("rss_per_process="))
            .and_then(|value| value.parse().ok())
            .expect("rss_per_process=N");
        assert!(per_process < 4096, "{what}: {per_process} bytes resident per waiting process");
    }
}
