//! Pids and the slots they name: a process that ends frees its slot for the
//! next one, one generation on, and the old pid never names the new process.
//!
//! Each run spawns a batch of processes that end at once, then a batch that
//! waits, which reuses every freed slot; signals sent to the old pids must
//! reach nobody, and signals to the new ones must arrive. It runs on one
//! scheduler and on two, with and without a collection at every safe point.

use girder_vm::code::NoModules;
use girder_vm::process::lifecycle::{self, SpawnOptions};
use girder_vm::process::signal::Signal;
use girder_vm::sched::{run_pool, Scheduler};
use girder_vm::term::{Atom, Term};
use girder_vm::vm::{Config, Vm};
use std::collections::HashSet;

const PROGRAM: &str = r#"
.module reuse
.export noop/0, hold/0

.function noop/0
    move ok, x0
    return

% hold(): waits for `stop`, leaving every other message in the mailbox.
.function hold/0
scan:
    loop_rec @empty, x0
    is_eq_exact @next, x0, stop
    remove_message
    move ok, x0
    return
next:
    loop_rec_end @scan
empty:
    wait @scan
"#;

/// Processes in each batch.
const BATCH: usize = 300;

fn atom(name: &str) -> Atom {
    Atom::intern(name).expect("the atom table has room")
}

struct Machine {
    vm: Vm,
    module: Atom,
    schedulers: usize,
}

impl Machine {
    fn new(schedulers: usize, gc_stress: bool) -> Machine {
        let module = girder_asm::assemble(PROGRAM, "reuse.gasm").expect("the program assembles");
        let config = Config { gc_stress, max_processes: 4 * BATCH, schedulers, ..Config::default() };
        let vm = Vm::new(config, Box::new(NoModules));
        let module = vm.code.load(module).expect("the program loads").name;
        Machine { vm, module, schedulers }
    }

    fn spawn(&self, function: &str) -> Term {
        let name = atom(function);
        let (loaded, entry) = self.vm.code.find_export(self.module, name, 0).unwrap().unwrap();
        lifecycle::spawn(&self.vm, None, loaded.index, entry, &[], (self.module, name, 0), SpawnOptions::default())
            .expect("under the process limit")
            .0
    }

    /// Runs until nothing can run: the watched pid names no process, so
    /// the run ends only when every process has ended or waits.
    fn run(&self) {
        let nobody = Term::pid_of(4 * BATCH as u32 + 1, 0);
        if self.schedulers == 1 {
            Scheduler::new().run_until(&self.vm, nobody);
        } else {
            run_pool(&self.vm, nobody, self.schedulers);
        }
    }

    fn send(&self, to: Term, what: &str) {
        lifecycle::deliver(&self.vm, to, Signal::message(Term::atom(atom(what))));
    }

    /// Messages the process holds, in its inbox and its mailbox.
    fn messages(&self, pid: Term) -> usize {
        let cell = self.vm.processes.get(pid).expect("a live process");
        let in_inbox = cell.inbox.pending_messages();
        let in_mailbox = cell.lock().mailbox.len();
        in_inbox + in_mailbox
    }
}

fn stale_pids_reach_nobody(schedulers: usize, gc_stress: bool) {
    let machine = Machine::new(schedulers, gc_stress);
    let old: Vec<Term> = (0..BATCH).map(|_| machine.spawn("noop")).collect();
    machine.run();
    assert_eq!(machine.vm.processes.live(), 0, "every noop ended");
    assert!(old.iter().all(|&pid| machine.vm.processes.get(pid).is_none()));

    let new: Vec<Term> = (0..BATCH).map(|_| machine.spawn("hold")).collect();
    let old_ids: HashSet<u32> = old.iter().map(|pid| pid.pid_id_serial().unwrap().0).collect();
    for &pid in &new {
        let (id, serial) = pid.pid_id_serial().unwrap();
        assert!(old_ids.contains(&id), "{pid:?} reuses a freed slot");
        assert_eq!(serial, 1, "{pid:?} is the slot's second generation");
    }
    assert_eq!(new.iter().collect::<HashSet<_>>().len(), BATCH, "new pids are distinct");
    machine.run();

    for &pid in &old {
        machine.send(pid, "stale");
        assert!(machine.vm.processes.get(pid).is_none(), "an old pid names nobody");
    }
    machine.run();
    for &pid in &new {
        assert_eq!(machine.messages(pid), 0, "a message to an old pid reached {pid:?}");
        machine.send(pid, "fresh");
    }
    machine.run();
    for &pid in &new {
        assert_eq!(machine.messages(pid), 1, "{pid:?} got its message");
        machine.send(pid, "stop");
    }
    machine.run();
    assert_eq!(machine.vm.processes.live(), 0, "every holder stopped");
    assert_eq!(machine.vm.processes.peak(), BATCH);
}

#[test]
fn stale_pids_reach_nobody_on_one_scheduler() {
    stale_pids_reach_nobody(1, false);
    stale_pids_reach_nobody(1, true);
}

#[test]
fn stale_pids_reach_nobody_on_two_schedulers() {
    stale_pids_reach_nobody(2, false);
    stale_pids_reach_nobody(2, true);
}
