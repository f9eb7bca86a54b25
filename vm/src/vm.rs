//! The VM: what all processes and schedulers share.

use crate::code::{CodeServer, ModuleSource};
use crate::process::table::{CellPtr, ProcessCell, ProcessTable, Registry};
use crate::sched::Idle;
use crate::term::Term;
use crossbeam_deque::{Injector, Stealer};
use crossbeam_utils::CachePadded;
use std::collections::HashMap;
use std::io::Write;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Mutex;

/// No stop asked for (see [`Vm::request_stop`]).
const NO_STOP: i32 = -1;

/// How a VM is configured.
#[derive(Clone, Debug)]
pub struct Config {
    /// Collect at every safe point (`GIRDER_GC_STRESS=1`): finds missing roots.
    pub gc_stress: bool,
    /// Reductions a process runs before it yields.
    pub reductions: u32,
    /// The most processes alive at once (`+P` in Erlang); spawning more
    /// raises `system_limit`.
    pub max_processes: usize,
    /// Scheduler threads (`+S` in Erlang); by default one per core.
    pub schedulers: usize,
    /// The largest heap (and stack) a process may grow to, in words; a
    /// process that needs more is killed with reason `killed` and an error
    /// report, as Erlang's `max_heap_size` does. 0 means no limit (Erlang's
    /// default too).
    pub max_heap_words: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            gc_stress: std::env::var_os("GIRDER_GC_STRESS").is_some_and(|v| v != "0"),
            reductions: 4000,
            max_processes: 1 << 20,
            schedulers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            max_heap_words: 0,
        }
    }
}

/// What one scheduler thread counted over the VM's life. Each scheduler
/// writes only its own (`Vm::count_slice`), so the counts are kept with a
/// load and a store, and sit on cache lines of their own.
#[derive(Default)]
pub struct SchedulerCounts {
    /// Reductions spent by the processes it ran.
    reductions: AtomicU64,
    /// Time slices it ran: each a switch to a process.
    slices: AtomicU64,
}

/// The state every process and scheduler shares.
pub struct Vm {
    /// The code server.
    pub code: CodeServer,
    /// The configuration.
    pub config: Config,
    /// Every live process.
    pub processes: ProcessTable,
    /// Registered names.
    pub registry: Registry,
    /// Distribution: this node's name and connections, once started.
    pub dist: crate::dist::Dist,
    /// Processes ready to run.
    pub run_queue: Injector<CellPtr>,
    /// Schedulers parked for lack of work, on cache lines of their own:
    /// every enqueue reads the sleeper count, and the words written next to
    /// it here would otherwise make that read miss.
    pub idle: CachePadded<Idle>,
    /// The persistent terms (`persistent_term`).
    pub persistent_terms: crate::term::persistent::PersistentTable,
    /// The ETS tables.
    pub ets: crate::ets::Tables,
    /// The logger's levels of single modules.
    pub logger_module_levels: crate::bif::logger::ModuleLevels,
    /// The start of OTP's application controller, on first use (see
    /// [`crate::applications`]).
    pub kernel_boot: crate::applications::KernelBoot,
    /// The timers of `send_after`, `start_timer` and the `timer` module
    /// (see [`crate::timer`]).
    pub bif_timers: crate::timer::TimerService,
    /// The node's terminal input, once the embedder gives a reader (see
    /// [`crate::input`]).
    pub input: crate::input::Input,
    /// The status `init:stop/0,1` asked to stop with, once every process
    /// is idle; [`NO_STOP`] until then.
    stop_requested: std::sync::atomic::AtomicI32,
    /// What each scheduler thread counted, for `statistics/1`.
    scheduler_counts: Box<[CachePadded<SchedulerCounts>]>,
    /// The run queues of the schedulers of the run under way, for
    /// `statistics(run_queue)`.
    run_queues: Mutex<Vec<Stealer<CellPtr>>>,
    /// Bytes written to the output and the error output.
    output_bytes: AtomicU64,
    /// Receive timers started and not yet due, over all schedulers.
    pending_timers: AtomicUsize,
    next_timer_id: AtomicU64,
    output: Mutex<Box<dyn Write + Send>>,
    /// Where `standard_error` output and logged reports go.
    error_output: Mutex<Box<dyn Write + Send>>,
    next_ref: AtomicU64,
    /// Work processes left for their next time slices, by pid (see
    /// [`crate::process::lifecycle::SetAside`]): only processes with more signals
    /// to handle or send than one slice allows have an entry, so that a
    /// process need not grow by the words to hold it.
    set_aside: Mutex<HashMap<Term, crate::process::lifecycle::SetAside>>,
}

impl Vm {
    /// A VM that finds modules through `source` and prints to standard output.
    pub fn new(config: Config, source: Box<dyn ModuleSource>) -> Vm {
        Vm::with_output(config, source, Box::new(std::io::stdout()))
    }

    /// A VM that prints to `output` (tests capture output this way) and
    /// writes error output to standard error.
    pub fn with_output(config: Config, source: Box<dyn ModuleSource>, output: Box<dyn Write + Send>) -> Vm {
        Vm::with_outputs(config, source, output, Box::new(std::io::stderr()))
    }

    /// A VM that prints to `output` and writes error output (`standard_error`
    /// and every report, see [`crate::report`]) to `error_output`, so tests
    /// can capture both.
    pub fn with_outputs(
        config: Config,
        source: Box<dyn ModuleSource>,
        output: Box<dyn Write + Send>,
        error_output: Box<dyn Write + Send>,
    ) -> Vm {
        // The clock starts with the VM: `statistics(wall_clock)` counts from here.
        crate::timer::now_nanos();
        let scheduler_counts = (0..config.schedulers.max(1)).map(|_| CachePadded::default()).collect();
        let vm = Vm {
            code: CodeServer::new(source),
            processes: ProcessTable::new(config.max_processes, config.schedulers),
            scheduler_counts,
            config,
            registry: Registry::default(),
            dist: crate::dist::Dist::default(),
            run_queue: Injector::new(),
            idle: CachePadded::default(),
            persistent_terms: Default::default(),
            logger_module_levels: Default::default(),
            ets: Default::default(),
            kernel_boot: Default::default(),
            bif_timers: crate::timer::TimerService::default(),
            input: crate::input::Input::default(),
            stop_requested: std::sync::atomic::AtomicI32::new(NO_STOP),
            run_queues: Mutex::new(Vec::new()),
            output_bytes: AtomicU64::new(0),
            pending_timers: AtomicUsize::new(0),
            next_timer_id: AtomicU64::new(1),
            output: Mutex::new(output),
            error_output: Mutex::new(error_output),
            next_ref: AtomicU64::new(1),
            set_aside: Mutex::new(HashMap::new()),
        };
        vm.code.load(crate::boot::boot_module()).expect("the boot module loads into a fresh VM");
        vm
    }

    /// The built-in boot module (see [`crate::boot`]).
    pub fn boot_module(&self) -> &'static crate::code::LoadedModule {
        self.code.module(0)
    }

    /// Writes program output (what `io:format` prints).
    pub fn write_output(&self, bytes: &[u8]) {
        let mut output = self.output.lock().unwrap_or_else(|p| p.into_inner());
        self.output_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        // Output errors (a closed pipe) are not the program's failure.
        let _ = output.write_all(bytes);
    }

    /// Writes error output (what `io:format(standard_error, ...)` prints and
    /// every report [`crate::report`] writes), in one write so that reports
    /// of different processes do not interleave.
    pub fn write_error(&self, bytes: &[u8]) {
        let mut error_output = self.error_output.lock().unwrap_or_else(|p| p.into_inner());
        self.output_bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        // As for program output, a closed pipe is not the program's failure.
        let _ = error_output.write_all(bytes);
        let _ = error_output.flush();
    }

    /// Asks the VM to stop with `status` once no process has work left
    /// (`init:stop/0,1`): what is running finishes, as OTP's `init` takes
    /// the system down smoothly, and the run then ends as `halt` ends it.
    /// The first request's status stands.
    pub fn request_stop(&self, status: i32) {
        let _ = self.stop_requested.compare_exchange(NO_STOP, status, Ordering::AcqRel, Ordering::Acquire);
    }

    /// The status of a stop asked for by `init:stop/0,1`, if any.
    pub fn stop_requested(&self) -> Option<i32> {
        let status = self.stop_requested.load(Ordering::Acquire);
        (status != NO_STOP).then_some(status)
    }

    /// Flushes program output.
    pub fn flush_output(&self) {
        let _ = self.output.lock().unwrap_or_else(|p| p.into_inner()).flush();
        let _ = self.error_output.lock().unwrap_or_else(|p| p.into_inner()).flush();
    }

    /// Keeps `work` for the process `pid`'s next time slice; the caller
    /// sets the process's [`crate::process::flags::SET_ASIDE`].
    pub(crate) fn set_aside(&self, pid: Term, work: crate::process::lifecycle::SetAside) {
        self.set_aside.lock().unwrap_or_else(|p| p.into_inner()).insert(pid, work);
    }

    /// Takes back the work the process `pid` set aside, if any.
    pub(crate) fn take_set_aside(&self, pid: Term) -> Option<crate::process::lifecycle::SetAside> {
        self.set_aside.lock().unwrap_or_else(|p| p.into_inner()).remove(&pid)
    }

    /// A new unique reference number.
    pub fn next_ref(&self) -> u64 {
        self.next_ref.fetch_add(1, Ordering::Relaxed)
    }

    /// Puts a process that just became runnable in a run queue.
    ///
    /// # Safety
    ///
    /// The caller must have just made the process runnable, as the only
    /// one to do so (by spawning it, by winning [`ProcessCell::try_wake`],
    /// or by ending its time slice with a yield, or with an end that has
    /// signals left to send), and it must still be in the table:
    /// schedulers dereference queued cells (see
    /// [`CellPtr::get`](crate::process::table::CellPtr::get)).
    pub(crate) unsafe fn enqueue(&self, cell: CellPtr) {
        match crate::sched::push_local(cell) {
            Ok(false) => {}
            Ok(true) => self.idle.notify(),
            Err(cell) => {
                self.run_queue.push(cell);
                self.idle.notify();
            }
        }
    }

    /// A receive timer id unique in this VM (never 0, and never the
    /// `infinity` marker).
    pub(crate) fn next_timer_id(&self) -> u64 {
        self.next_timer_id.fetch_add(1, Ordering::Relaxed)
    }

    /// Notes a receive timer started.
    pub(crate) fn timer_started(&self) {
        self.pending_timers.fetch_add(1, Ordering::SeqCst);
    }

    /// Notes receive timers that came due.
    pub(crate) fn timers_done(&self, n: usize) {
        self.pending_timers.fetch_sub(n, Ordering::SeqCst);
    }

    /// Counts a time slice that scheduler `scheduler` ran, in which its
    /// processes spent `reductions`. Only that scheduler's thread calls this.
    #[inline]
    pub(crate) fn count_slice(&self, scheduler: usize, reductions: u64) {
        if let Some(counts) = self.scheduler_counts.get(scheduler) {
            let add =
                |counter: &AtomicU64, n: u64| counter.store(counter.load(Ordering::Relaxed) + n, Ordering::Relaxed);
            add(&counts.reductions, reductions);
            add(&counts.slices, 1);
        }
    }

    /// Reductions spent by every process, as of the end of each
    /// scheduler's last time slice.
    pub fn total_reductions(&self) -> u64 {
        self.scheduler_counts.iter().map(|counts| counts.reductions.load(Ordering::Relaxed)).sum()
    }

    /// Time slices run by every scheduler: switches to a process.
    pub fn context_switches(&self) -> u64 {
        self.scheduler_counts.iter().map(|counts| counts.slices.load(Ordering::Relaxed)).sum()
    }

    /// Bytes written to the output and the error output.
    pub fn output_bytes(&self) -> u64 {
        self.output_bytes.load(Ordering::Relaxed)
    }

    /// Records the run queues of the schedulers of a run (empty once it ends).
    pub(crate) fn set_run_queues(&self, queues: Vec<Stealer<CellPtr>>) {
        *self.run_queues.lock().unwrap_or_else(|p| p.into_inner()) = queues;
    }

    /// Processes waiting in a run queue (the shared one and each
    /// scheduler's), not counting those about to run in a scheduler's
    /// run-next slot.
    pub fn run_queue_len(&self) -> usize {
        let local: usize = self.run_queues.lock().unwrap_or_else(|p| p.into_inner()).iter().map(Stealer::len).sum();
        self.run_queue.len() + local
    }

    /// Receive timers started and not yet due.
    pub fn pending_timers(&self) -> usize {
        self.pending_timers.load(Ordering::SeqCst)
    }

    /// The soonest deadline of the schedulers' own receive timers
    /// (`receive_timer`) and the VM's BIF timers: when a scheduler with
    /// nothing to run must wake up.
    pub(crate) fn wake_deadline(&self, receive_timer: Option<std::time::Instant>) -> Option<std::time::Instant> {
        match (receive_timer, self.bif_timers.next_deadline()) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }

    /// Wakes a process a signal was just pushed to, when it was waiting.
    ///
    /// On a scheduler thread the process goes into that scheduler's
    /// run-next slot (see `scheduler::pool`): it runs on this core as soon
    /// as the current time slice ends.
    pub fn wake(&self, cell: &ProcessCell) {
        if cell.try_wake() {
            // As for `enqueue`: this caller won the move from waiting to
            // runnable, and a waiting process has not ended (ending is
            // final: `Exited` never becomes `Waiting` again), so it may be
            // queued.
            match crate::sched::push_next(CellPtr::new(cell)) {
                Ok(false) => {}
                Ok(true) => self.idle.notify(),
                Err(cell) => {
                    self.run_queue.push(cell);
                    self.idle.notify();
                }
            }
        }
    }

    /// How many x registers any loaded code uses (see [`CodeServer::x_regs_used`]).
    #[inline(always)]
    pub fn x_regs_used(&self) -> usize {
        self.code.x_regs_used()
    }
}
