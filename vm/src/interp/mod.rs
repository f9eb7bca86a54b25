//! The interpreter: runs one process until it yields, waits, or ends.
//!
//! The dispatch loop is one `match` over the module's op array ([`fast`]),
//! made at load time: resolved operands and superinstructions for the hot
//! shapes. An op whose fast path does not apply, and every instruction with
//! no fast form, goes to `Executor::step`, a second `match` over the decoded
//! [`Instr`] enum generated from the instruction table: the one definition
//! of each instruction's meaning. It is a function of its own, never
//! inlined, so the loop stays small enough for its state to live in
//! machine registers; it hands calls and branches backwards back to the
//! loop, whose `enter!` is the one place they are charged a reduction and
//! may yield. Small handlers are inline; anything larger is a
//! plain function in a module named for its domain ([`exceptions`],
//! [`calls`], [`data`]), testable without a loader.
//!
//! Architecture Invariants:
//! - the loop never re-checks what the verifier proved (operand indices,
//!   label targets, y registers inside the current frame, call arities);
//!   what the verifier does not track (the *types* of values) is checked
//!   where memory safety depends on it, and a wrong type raises `badarg`;
//! - allocation never collects; collection happens only at safe points
//!   (`allocate*`, `test_heap`, `gc_bif`, and every yield: on entering a
//!   function, at a backward branch, on landing in an exception handler)
//!   where the live x registers are known, and dead x registers are cleared
//!   so no stale pointer survives.

mod bs_build;
mod bs_match;
mod calls;
mod data;
mod exceptions;
pub(crate) mod fast;
#[macro_use]
mod type_tests;

pub(crate) use bs_build::Plan;
pub(crate) use fast::{specialize, Op};
use fast::{Reg, Y_BIT};

use crate::bif::{self, BifCtx};
use crate::code::{ImportTarget, LoadedModule};
use crate::exception::Exception;
use crate::memory::gc;
use crate::process::flags;
use crate::process::inbox::Inbox;
use crate::process::lifecycle::{self, Handled};
use crate::process::signal::Signal;
use crate::process::{Process, DONE_CP};
use crate::term::{atoms, compare, Term};
use crate::vm::Vm;
use girder_loader::{Dst, Instr, Src, SrcKind, Srcs};
use girder_spec::{MAX_FLOAT_REGS, MAX_X_REGS};

/// Why [`Executor::run`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RunOutcome {
    /// The process spent its reductions; it can run again at once.
    Yield,
    /// The process waits for a message; with a timeout in milliseconds when
    /// it is in `wait_timeout`.
    Wait {
        /// Milliseconds until the receive times out; `None` waits forever.
        timeout_ms: Option<u64>,
    },
    /// The process ended with this reason (on its heap, or an immediate).
    Exit {
        /// The exit reason.
        reason: Term,
        /// Whether the ending is an error that must be reported
        /// (`Error in process ...`).
        report: bool,
    },
    /// `erlang:halt/0,1` was called with this status.
    Halt(i32),
}

/// The registers and scratch space of one scheduler thread.
///
/// The float registers live here, not in the process: they hold values only
/// between the float instructions of one stretch of code, never across a
/// call, a receive or a yield (the loader's float register check proves
/// each is written before it is read there), so a process needs no room
/// for them.
pub struct Executor {
    x: Box<[Term; MAX_X_REGS as usize]>,
    fr: Box<[f64; MAX_FLOAT_REGS as usize]>,
    /// The binary OTP 24's `bs_put_*` instructions fill (see `bs_build`).
    building: bs_build::Building,
}

/// Masks an x register index into the register file (a power of two long).
const X_MASK: usize = MAX_X_REGS as usize - 1;
const _: () = assert!(MAX_X_REGS.is_power_of_two());

/// Masks a float register index into the float register file.
const FR_MASK: usize = MAX_FLOAT_REGS as usize - 1;
const _: () = assert!(MAX_FLOAT_REGS.is_power_of_two());

impl Default for Executor {
    fn default() -> Executor {
        Executor::new()
    }
}

/// Reads a source operand.
#[inline(always)]
fn read(x: &[Term], process: &Process, module: &LoadedModule, src: Src) -> Term {
    match src.kind() {
        SrcKind::X(n) => x[n as usize],
        SrcKind::Y(n) => process.heap.stack(n as usize),
        SrcKind::Int(value) => Term::small_unchecked(i64::from(value)),
        SrcKind::Literal(n) => module.literals[n as usize],
    }
}

/// Writes a destination operand.
#[inline(always)]
fn write(x: &mut [Term], process: &mut Process, dst: Dst, value: Term) {
    match dst {
        Dst::X(n) => x[n as usize] = value,
        Dst::Y(n) => process.heap.set_stack(n as usize, value),
    }
}

/// Why a BIF called by `bif`/`gc_bif` did not return a value.
enum BifFailure {
    /// It raised an exception.
    Raise(Exception),
    /// It stopped the VM.
    Halt(i32),
    /// It must be called again later: yield, then re-execute the instruction.
    Retry,
    /// An exit signal ended the process (see `BifCtx::exit`).
    Exit(Term),
}

/// Where execution goes after a handler: on, or somewhere else.
pub(crate) enum Flow {
    /// Continue at this module and instruction.
    Jump(&'static LoadedModule, usize),
    /// Continue at the exception handler at this module and instruction,
    /// with x0 to x3 set as `raise` leaves them ([`CATCH_LIVE`]). Landing
    /// costs a reduction and may yield: a raise caught by its own handler
    /// would otherwise loop with no call and no backward branch.
    Catch(&'static LoadedModule, usize),
    /// End the time slice and run this module's instruction again later,
    /// with x0..x(live-1) live (a BIF that must be retried).
    Yield(&'static LoadedModule, usize, usize),
    /// Leave the loop with this outcome.
    Leave(RunOutcome),
}

/// The x registers live where an exception lands in a handler: x0 holds
/// the non-value, x1 the class, x2 the reason and x3 the raw stack trace
/// (`try_case` moves the last three down to x0..x2).
const CATCH_LIVE: usize = 4;

impl Executor {
    /// A fresh register file.
    pub fn new() -> Executor {
        Executor {
            x: Box::new([Term::NIL; MAX_X_REGS as usize]),
            fr: Box::new([0.0; MAX_FLOAT_REGS as usize]),
            building: bs_build::Building::default(),
        }
    }

    /// Collects `process`'s heap at a safe point where x0..x(live-1) are live,
    /// leaving at least `need` free words.
    ///
    /// Returns false when the heap grew past the process's limit (its
    /// `max_heap_size`, else the VM's `Config::max_heap_words`) and the
    /// limit kills: the process must then end. A process over its limit
    /// is reported first when the limit says so (`error_logger`), at every
    /// collection that leaves it over, as on erl.
    #[must_use]
    pub(crate) fn collect(&mut self, vm: &Vm, process: &mut Process, need: usize, live: usize) -> bool {
        let used = vm.x_regs_used().max(live);
        self.x[live..used].fill(Term::NIL);
        let mut adopted: Vec<Term> = process.mailbox.adopted_terms_mut().map(|term| *term).collect();
        let building = std::slice::from_mut(self.building.term_mut());
        let dictionary = process.extras.as_mut().map_or(&mut [][..], |extras| extras.dictionary.terms_mut());
        gc::collect(&mut process.heap, need, &mut [&mut self.x[..live], &mut adopted, building, dictionary]);
        for (slot, term) in process.mailbox.adopted_terms_mut().zip(adopted) {
            *slot = term;
        }
        let limit = process.max_heap_size(vm.config.max_heap_words);
        let total = process.heap.block_words() + process.heap.fragment_words();
        if limit.size == 0 || total <= limit.size {
            return true;
        }
        if limit.error_logger {
            crate::report::heap_limit(vm, process, None, limit);
        }
        !limit.kill
    }

    /// Ends the time slice at a safe point, to resume at instruction `ip`
    /// of `module` with x0..x(live-1) live, having spent `spent` reductions.
    ///
    /// Every yield collects when heap fragments are waiting, so code that
    /// allocates without `test_heap` (every cell then lands in a fragment)
    /// cannot pile them up without bound, and the heap limit
    /// (`Config::max_heap_words`) is checked there: a process over it ends
    /// with the usual report instead of yielding.
    #[cold]
    #[inline(never)]
    fn yield_at(
        &mut self,
        vm: &Vm,
        process: &mut Process,
        module: &LoadedModule,
        ip: usize,
        live: usize,
        spent: i64,
    ) -> RunOutcome {
        leave_slice(process, spent, Some((module, ip)));
        use crate::process::flags::{GC_REQUESTED, GC_REQUESTED_ELSEWHERE};
        let requested = process.flags & (GC_REQUESTED | GC_REQUESTED_ELSEWHERE) != 0;
        process.flags &= !GC_REQUESTED_ELSEWHERE;
        let collect = requested || process.heap.wants_collection() || !process.heap.stack_fits(live);
        if collect && !self.collect(vm, process, live, live) {
            return RunOutcome::Exit { reason: Term::atom(atoms::KILLED), report: false };
        }
        // x0 on top, as `run` takes them back.
        for &term in self.x[..live].iter().rev() {
            process.heap.push(term);
        }
        process.saved_x = live as u16;
        RunOutcome::Yield
    }

    /// Whether a safe point should collect: not enough room, too many
    /// fragments waiting, or stress mode.
    #[inline(always)]
    fn should_collect(vm: &Vm, process: &Process, need: usize) -> bool {
        process.heap.free_words() < need
            || process.heap.fragment_words() > process.heap.block_words()
            || vm.config.gc_stress
    }

    /// Calls BIF `index` with the listed sources, as `bif` and `gc_bif` do:
    /// small-integer arithmetic inline, everything else through the table.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    fn call_bif(
        &mut self,
        vm: &Vm,
        inbox: &Inbox,
        process: &mut Process,
        module: &LoadedModule,
        index: u16,
        args: Srcs,
        reductions: &mut i64,
    ) -> Result<Term, BifFailure> {
        let sources = module.module.srcs(args);
        if let [a, b] = *sources {
            let (a, b) = (read(&self.x[..], process, module, a), read(&self.x[..], process, module, b));
            if let Some(value) = fast_arith(index, a, b) {
                return Ok(value);
            }
        }
        let mut arguments = [Term::NIL; 4];
        for (slot, &source) in arguments.iter_mut().zip(sources) {
            *slot = read(&self.x[..], process, module, source);
        }
        let arguments = &arguments[..sources.len()];
        let mut ctx = BifCtx::new(&mut *process, inbox, vm);
        let result = bif::call(index, &mut ctx, arguments);
        let (extra, halt, retry, exit) = (ctx.reductions, ctx.halt, ctx.retry, ctx.exit);
        if ctx.trap.is_some() {
            // Only a call can be handed on (see `BifCtx::trap_to`).
            return Err(BifFailure::Raise(Exception::error_atom(atoms::UNDEF)));
        }
        *reductions -= i64::from(extra);
        if let Some(status) = halt {
            return Err(BifFailure::Halt(status));
        }
        if let Some(reason) = exit {
            return Err(BifFailure::Exit(reason));
        }
        if retry {
            return Err(BifFailure::Retry);
        }
        result.map_err(BifFailure::Raise)
    }

    /// [`Op::CallExtBif`] and its tail forms: calls BIF `index`, one of
    /// those whose only effect is their result, with the arguments in x0..,
    /// charging its work as `call_ext` does; `None` when it raises (the
    /// generic handler then calls it again, and raises).
    #[inline(never)]
    fn pure_call_bif(
        &mut self,
        vm: &Vm,
        inbox: &Inbox,
        process: &mut Process,
        index: u16,
        arity: u16,
        reductions: &mut i64,
    ) -> Option<Term> {
        let mut ctx = BifCtx::new(&mut *process, inbox, vm);
        let value = bif::call(index, &mut ctx, &self.x[..usize::from(arity)]).ok()?;
        debug_assert!(ctx.halt.is_none() && !ctx.retry && ctx.exit.is_none() && ctx.trap.is_none());
        let extra = ctx.reductions;
        // As `calls::call_bif` charges the process and `charged!` the slice.
        process.reductions += u64::from(extra);
        *reductions -= i64::from(extra);
        Some(value)
    }

    /// [`Op::GcBif`] and [`Op::Bif`]: calls BIF `index`, one of those whose
    /// only effect is their result, as `gc_bif` and `bif` do; `None` when
    /// it raises (the generic handler then calls it again, and raises).
    /// Arithmetic on two small integers, or on a float and a number that
    /// converts to one, is computed here without the call.
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn pure_bif(
        &mut self,
        vm: &Vm,
        inbox: &Inbox,
        process: &mut Process,
        module: &LoadedModule,
        index: u16,
        args: Srcs,
        reductions: &mut i64,
    ) -> Option<Term> {
        if let [a, b] = *module.module.srcs(args) {
            let (a, b) = (read(&self.x[..], process, module, a), read(&self.x[..], process, module, b));
            if let Some(value) = fast_arith(index, a, b) {
                return Some(value);
            }
            if let Some(value) = fast::float_arith(index, a, b) {
                return Some(crate::term::build::float(&mut process.heap, value));
            }
        }
        self.call_bif(vm, inbox, process, module, index, args, reductions).ok()
    }

    /// Runs `process` until it yields, waits or ends.
    ///
    /// Never inlined into its caller, so the loop gets the machine
    /// registers to itself.
    #[inline(never)]
    pub fn run(&mut self, vm: &Vm, inbox: &Inbox, process: &mut Process) -> RunOutcome {
        let mut module: &'static LoadedModule = vm.code.module(process.module_index);
        let mut ops: &'static [Op] = &module.ops;
        // The return address of the current module's instruction 0: adding
        // an instruction index shifted by CP_SHIFT gives any other.
        let mut cp_base = Term::cp(module.index, 0).raw();
        let gc_stress = vm.config.gc_stress;
        // The op to run next: a pointer into `ops`, so that dispatch is one
        // load. Its index in `ops` is the instruction index (`index!`).
        let mut pc: *const Op = ops.as_ptr().wrapping_add(process.ip as usize);
        // A binary under construction belongs to the slice that started it.
        self.building = bs_build::Building::default();
        let n_saved = usize::from(std::mem::take(&mut process.saved_x));
        self.x[..n_saved].copy_from_slice(&process.heap.stack_slice()[..n_saved]);
        process.heap.pop_n(n_saved);
        let used = vm.x_regs_used();
        if used > n_saved {
            self.x[n_saved..used].fill(Term::NIL);
        }
        let mut reductions = i64::from(vm.config.reductions);
        let budget = reductions;

        macro_rules! index {
            // The instruction index of `pc`.
            () => {
                (pc as usize - ops.as_ptr() as usize) / std::mem::size_of::<Op>()
            };
        }
        'dispatch: loop {
            // The ops' vocabulary, defined inside the loop so that its
            // `continue 'dispatch` names this loop.
            macro_rules! enter {
                // Go to instruction `entry` of `$module`, with x0..x(live-1)
                // live: entering a function, landing in an exception handler,
                // or a branch backwards. It costs a reduction and yields when
                // the budget is spent, so that no recursion, loop or handler
                // that catches its own raise can starve the other processes.
                ($module:expr, $entry:expr, $live:expr) => {{
                    let next_module: &'static LoadedModule = $module;
                    if !std::ptr::eq(module, next_module) {
                        module = next_module;
                        ops = &module.ops;
                        cp_base = Term::cp(module.index, 0).raw();
                    }
                    let entry = $entry as usize;
                    pc = ops.as_ptr().wrapping_add(entry);
                    reductions -= 1;
                    if reductions <= 0 {
                        return self.yield_at(vm, process, module, entry, $live as usize, budget - reductions);
                    }
                    continue 'dispatch;
                }};
            }
            macro_rules! jump {
                // A branch from the instruction at `pc` to `$target` of the
                // same module; a branch backwards is entered as a function
                // is ([`is_backward`]).
                ($target:expr) => {{
                    let target = $target as usize;
                    if is_backward(index!(), target) {
                        enter!(module, target, vm.x_regs_used())
                    }
                    pc = ops.as_ptr().wrapping_add(target);
                    continue 'dispatch;
                }};
            }

            macro_rules! xr {
                // An x register named by an op. The verifier proved the index
                // below MAX_X_REGS, the register file's length; the mask says
                // so to the compiler, so no bounds check is made.
                ($n:expr) => {
                    &mut self.x[$n as usize & X_MASK]
                };
            }
            macro_rules! fr {
                // A float register named by an op: the index is below
                // MAX_FLOAT_REGS (`fast::float_reg`), and the mask says so.
                ($n:expr) => {
                    &mut self.fr[$n as usize & FR_MASK]
                };
            }
            macro_rules! float_op {
                // A float operation whose result is finite; otherwise the
                // generic handler, which computes it again and raises
                // `badarith` (the registers are unchanged).
                ($result:expr, $dst:expr) => {{
                    let result: f64 = $result;
                    if result.is_finite() {
                        *fr!($dst) = result;
                        next!()
                    }
                }};
            }
            macro_rules! read_reg {
                ($reg:expr) => {{
                    let reg: Reg = $reg;
                    if reg & Y_BIT == 0 {
                        *xr!(reg)
                    } else {
                        process.heap.stack((reg & !Y_BIT) as usize)
                    }
                }};
            }
            macro_rules! go_to {
                // On at instruction `$ip` of the module with index
                // `$module_index` (a return address's target), with no
                // reduction charged, as a return is not.
                ($module_index:expr, $ip:expr) => {{
                    let (module_index, ip): (u32, u32) = ($module_index, $ip);
                    if module_index != module.index {
                        module = vm.code.module(module_index);
                        ops = &module.ops;
                        cp_base = Term::cp(module.index, 0).raw();
                    }
                    pc = ops.as_ptr().wrapping_add(ip as usize);
                    continue 'dispatch;
                }};
            }
            macro_rules! read_src {
                // A source operand named by an op.
                ($src:expr) => {
                    read(&self.x[..], process, module, $src)
                };
            }
            macro_rules! write_reg {
                ($reg:expr, $value:expr) => {{
                    let (reg, value): (Reg, Term) = ($reg, $value);
                    if reg & Y_BIT == 0 {
                        *xr!(reg) = value;
                    } else {
                        process.heap.set_stack((reg & !Y_BIT) as usize, value);
                    }
                }};
            }

            // ---- the pieces ops are made of ----
            //
            // An op's handler is the piece of its instruction, then `next!()`;
            // a superinstruction's handler (a row of the fusion table in
            // `fast.rs`) is the pieces of the instructions it covers, in order,
            // with `advance!()` between them, so that `pc` is always at the
            // instruction whose piece runs. A piece that cannot do its job on
            // these operands (`decline`) breaks out of the op to the generic
            // handler of the instruction at `pc`: for the first piece the
            // whole op's, for a later one its own instruction's, the earlier
            // ones having done theirs.
            macro_rules! advance {
                () => {
                    pc = pc.wrapping_add(1)
                };
            }
            macro_rules! next {
                // On to the instruction after the one at `pc`.
                () => {{
                    advance!();
                    continue 'dispatch;
                }};
            }
            macro_rules! small_add {
                // `$a + $value`, `$value` an integer of the instruction: the
                // sum when `$a` is a small integer and the sum one too.
                // Declines under GC stress, so that `gc_bif` collects.
                ($decline:lifetime, $a:expr, $value:expr) => {{
                    if gc_stress {
                        break $decline;
                    }
                    match fast::add_small_int($a, $value) {
                        Some(sum) => sum,
                        None => break $decline,
                    }
                }};
            }
            macro_rules! small_arith {
                // `$a + $b` or `$a - $b` when both are small integers and the
                // result one too, or when one is a float and the other a
                // number `float_arith_term` takes. Declines under GC stress,
                // so that `gc_bif` collects.
                ($decline:lifetime, $a:expr, $b:expr, $subtract:expr) => {{
                    if gc_stress {
                        break $decline;
                    }
                    let (a, b): (Term, Term) = ($a, $b);
                    match fast::add_smalls(a, b, $subtract) {
                        Some(result) => result,
                        None => {
                            let bif = if $subtract { fast::SUB } else { fast::ADD };
                            match float_arith_term(process, bif, a, b) {
                                Some(result) => result,
                                None => break $decline,
                            }
                        }
                    }
                }};
            }
            macro_rules! test_small {
                // A test of x register `$x` against a small integer: on past
                // it if `x $op $value` holds, else to `$fail`; a term that is
                // neither a small integer nor a float declines (to the
                // generic test).
                ($decline:lifetime, $x:expr, $op:tt, $value:expr, $fail:expr) => {
                    let a = *xr!($x);
                    let holds = if a.is_small() {
                        a.small_value() $op i64::from($value)
                    } else if let Some(float) = a.as_float() {
                        // A 32-bit integer is exactly an f64, and a float
                        // compares with an integer by value.
                        float $op f64::from($value)
                    } else {
                        break $decline;
                    };
                    if !holds {
                        jump!($fail)
                    }
                };
            }
            macro_rules! allocate {
                // `allocate`: push a frame of `$slots` y registers when no
                // collection is due; otherwise decline (the generic handler
                // collects).
                ($decline:lifetime, $slots:expr) => {
                    if needs_collection(process, $slots as usize + 1, gc_stress) {
                        break $decline;
                    }
                    push_frame(process, $slots);
                };
            }
            macro_rules! call {
                // `call`: enter `$entry` of this module, returning to the
                // instruction after the one at `pc`.
                ($arity:expr, $entry:expr) => {
                    process.cp = Term::from_raw(cp_base | (index!() as u64 + 1) << CP_SHIFT);
                    enter!(module, $entry, $arity)
                };
            }
            macro_rules! return_here {
                // `return` to an address in the current module. A return to
                // another module declines: as the first piece, to the
                // generic handler; as a later one (`on`), by dispatching
                // the `return` op at `pc`, which declines in turn.
                ($decline:lifetime) => {
                    return_here!(break $decline)
                };
                (on) => {
                    return_here!(continue 'dispatch)
                };
                ($($decline:tt)+) => {
                    let cp = process.cp.raw();
                    if cp & CP_MODULE_MASK != cp_base {
                        $($decline)+;
                    }
                    pc = ops.as_ptr().wrapping_add((cp >> CP_SHIFT) as u32 as usize);
                    continue 'dispatch;
                };
            }

            #[cfg(feature = "coverage")]
            crate::coverage::op(
                ops[index!()],
                module.module.code.get(index!()).map_or(u8::MAX, |instr| instr.opcode()),
            );
            // The specialised form first: most of the time it does the
            // whole job; otherwise (Generic, or a piece that declines) the
            // generic handler below runs.
            // SAFETY: `pc` always points at an op of `ops`, the array of
            // `module` (it is re-made from an index whenever `ops` changes).
            // Its index is a label or function entry the verifier proved
            // inside the code, a return address, catch marker or saved
            // position the VM made from one (at most the code's length,
            // where `Op::End` sits), or the previous op's index plus the
            // instructions it covers; only ops before `Op::End` advance, and
            // a superinstruction covers instructions of one function, so
            // the sum is at most the code's length too.
            match *unsafe { &*pc } {
                Op::Generic => {}
                Op::End => panic!("execution ran past the last instruction of module {}", module.name.name()),
                Op::MoveXX(from, to) => {
                    *xr!(to) = *xr!(from);
                    next!()
                }
                Op::MoveXY(from, to) => {
                    process.heap.set_stack(to as usize, *xr!(from));
                    next!()
                }
                Op::MoveYX(from, to) => {
                    *xr!(to) = process.heap.stack(from as usize);
                    next!()
                }
                Op::MoveYY(from, to) => {
                    let value = process.heap.stack(from as usize);
                    process.heap.set_stack(to as usize, value);
                    next!()
                }
                Op::MoveCX(to, value) => {
                    *xr!(to) = value;
                    next!()
                }
                Op::MoveCY(to, value) => {
                    process.heap.set_stack(to as usize, value);
                    next!()
                }
                Op::Jump(target) => jump!(target),
                Op::IsLtXI { fail, x, value } => 'op: {
                    test_small!('op, x, <, value, fail);
                    next!()
                }
                Op::IsGeXI { fail, x, value } => 'op: {
                    test_small!('op, x, >=, value, fail);
                    next!()
                }
                Op::IsLtXIReturn { fail, x, value } => 'op: {
                    test_small!('op, x, <, value, fail);
                    advance!();
                    return_here!(on);
                }
                Op::IsGeXIReturn { fail, x, value } => 'op: {
                    test_small!('op, x, >=, value, fail);
                    advance!();
                    return_here!(on);
                }
                Op::IsEqExactXC { fail, x, value } => {
                    // An immediate is exactly equal only to the same word.
                    if *xr!(x) != value {
                        jump!(fail)
                    }
                    next!()
                }
                Op::AddRI { a, value, dst } => 'op: {
                    let sum = small_add!('op, read_reg!(a), value);
                    write_reg!(dst, sum);
                    next!()
                }
                Op::AddYX { y, value, x } => 'op: {
                    *xr!(x) = small_add!('op, process.heap.stack(y as usize), value);
                    next!()
                }
                Op::ArithRR { subtract, a, b, dst } => 'op: {
                    let result = small_arith!('op, read_reg!(a), read_reg!(b), subtract);
                    write_reg!(dst, result);
                    next!()
                }
                Op::AddRICall { a, value, dst, arity, entry } => 'op: {
                    *xr!(dst) = small_add!('op, read_reg!(a), value);
                    advance!();
                    call!(arity, entry);
                }
                Op::Call { arity, entry } => {
                    call!(arity, entry);
                }
                Op::CallLast { arity, deallocate, entry } => {
                    pop_frame(process, deallocate as usize);
                    enter!(module, entry, arity)
                }
                Op::CallOnly { arity, entry } => enter!(module, entry, arity),
                Op::Allocate { slots } => 'op: {
                    allocate!('op, slots);
                    next!()
                }
                Op::AllocateHeap { slots, need } => {
                    // The frame, its return address and the heap words, as
                    // the generic handler asks.
                    if !needs_collection(process, slots as usize + 1 + need as usize, gc_stress) {
                        push_frame(process, slots);
                        next!()
                    }
                }
                Op::AllocateMoveXY { slots, from, to } => 'op: {
                    allocate!('op, slots);
                    advance!();
                    process.heap.set_stack(to as usize, *xr!(from));
                    next!()
                }
                Op::Deallocate(slots) => {
                    pop_frame(process, slots as usize);
                    next!()
                }
                Op::ArithRRDeallocateReturn { subtract, a, b, dst, slots } => 'op: {
                    let result = small_arith!('op, read_reg!(a), read_reg!(b), subtract);
                    write_reg!(dst, result);
                    advance!();
                    pop_frame(process, slots as usize);
                    advance!();
                    return_here!(on);
                }
                Op::ArithXYDeallocateReturn { subtract, a, b, dst, slots } => 'op: {
                    *xr!(dst) = small_arith!('op, *xr!(a), process.heap.stack(b as usize), subtract);
                    advance!();
                    pop_frame(process, slots as usize);
                    advance!();
                    return_here!(on);
                }
                Op::DeallocateReturn(slots) => {
                    pop_frame(process, slots as usize);
                    advance!();
                    return_here!(on);
                }
                Op::Return => 'op: {
                    let cp = process.cp;
                    if cp.raw() & CP_MODULE_MASK != cp_base {
                        // A return to another module switches to it here;
                        // the end of the process is the generic handler's.
                        if cp == DONE_CP {
                            break 'op;
                        }
                        let Some((module_index, ip)) = cp.cp_target() else { break 'op };
                        module = vm.code.module(module_index);
                        ops = &module.ops;
                        cp_base = Term::cp(module.index, 0).raw();
                        pc = ops.as_ptr().wrapping_add(ip as usize);
                        continue 'dispatch;
                    }
                    return_here!('op);
                }
                Op::LoopRecX { fail, x } => {
                    let Process { mailbox, heap, .. } = &mut *process;
                    if let Some(message) = mailbox.take_current(|fragment| heap.adopt_fragment(fragment)) {
                        *xr!(x) = message;
                        next!()
                    }
                    if !lifecycle::has_signals(inbox, process) {
                        jump!(fail)
                    }
                    // Signals waiting: the generic handler takes them in,
                    // then takes a message or goes to the fail label.
                }
                Op::Wait(label) => {
                    if !lifecycle::has_signals(inbox, process) {
                        leave_slice(process, budget - reductions, Some((module, label as usize)));
                        return RunOutcome::Wait { timeout_ms: None };
                    }
                }
                Op::RemoveMessage => {
                    process.mailbox.remove_current();
                    process.timer = 0;
                    process.flags &= !flags::TIMED_OUT;
                    next!()
                }
                Op::BsStartMatchX { src, dst } => {
                    let term = *xr!(src);
                    if bs_match::is_context(term) {
                        write_reg!(dst, term);
                        next!()
                    }
                }
                Op::BsGetPositionX { ctx, dst } => {
                    if let Some(position) = bs_match::get_position(*xr!(ctx)) {
                        write_reg!(dst, position);
                        next!()
                    }
                }
                Op::BsGetIntegerX { ctx, bits, dst } => {
                    // Too few bits left, or off a byte boundary: the generic
                    // handler decides.
                    if let Some(value) = bs_match::get_aligned(*xr!(ctx), bits as usize) {
                        write_reg!(dst, value);
                        next!()
                    }
                }
                Op::BsTestUnitX { fail, ctx, unit } => {
                    if let Some(passes) = bs_match::has_unit(*xr!(ctx), unit as usize) {
                        if !passes {
                            jump!(fail)
                        }
                        next!()
                    }
                }
                Op::IsNonemptyList { fail, src } => {
                    if !read_reg!(src).is_cons() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsNil { fail, src } => {
                    if !read_reg!(src).is_nil() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsList { fail, src } => {
                    if !read_reg!(src).is_list() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsTuple { fail, src } => {
                    if !read_reg!(src).is_tuple() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsAtom { fail, src } => {
                    if !read_reg!(src).is_atom() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsPid { fail, src } => {
                    if !read_reg!(src).is_pid() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::SelectTupleArity { src, fail, cases } => {
                    let target = match read_reg!(src).as_tuple() {
                        Some(elements) => {
                            let arity = Term::small_unchecked(elements.len() as i64);
                            module
                                .module
                                .cases(cases)
                                .iter()
                                .find(|&&(case, _)| read_src!(case) == arity)
                                .map_or(fail, |&(_, label)| label.0)
                        }
                        None => fail,
                    };
                    jump!(target)
                }
                Op::Try { y, label } => {
                    process.heap.set_stack(usize::from(y), Term::catch_marker(module.index, label));
                    process.catches += 1;
                    next!()
                }
                Op::TryEnd { y } => {
                    // As the generic handler: never below 0 (see there).
                    process.heap.set_stack(usize::from(y), Term::NIL);
                    process.catches = process.catches.saturating_sub(1);
                    next!()
                }
                Op::TestArity { fail, src, arity } => {
                    if !type_tests::has_arity(read_reg!(src), arity) {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsTaggedTuple { fail, src, arity, atom } => {
                    if !type_tests::is_tagged(read_reg!(src), u32::from(arity), module.atoms[atom as usize]) {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsInteger { fail, src } => {
                    if !read_reg!(src).is_integer() {
                        jump!(fail)
                    }
                    next!()
                }
                Op::GetList { src, head, tail } => {
                    if let Some((h, t)) = read_reg!(src).as_cons() {
                        write_reg!(head, h);
                        write_reg!(tail, t);
                        next!()
                    }
                }
                Op::IsNonemptyListGetList { fail, src, head, tail } => {
                    let Some((h, t)) = read_reg!(src).as_cons() else { jump!(fail) };
                    advance!();
                    write_reg!(head, h);
                    write_reg!(tail, t);
                    next!()
                }
                Op::GetHd { src, dst } => {
                    if let Some((h, _)) = read_reg!(src).as_cons() {
                        write_reg!(dst, h);
                        next!()
                    }
                }
                Op::GetTl { src, dst } => {
                    if let Some((_, t)) = read_reg!(src).as_cons() {
                        write_reg!(dst, t);
                        next!()
                    }
                }
                Op::TestHeap { need } => {
                    if !needs_collection(process, need as usize, gc_stress) {
                        next!()
                    }
                }
                Op::PutList { head, tail, dst } => {
                    let (head, tail) = (read_src!(head), read_src!(tail));
                    write_reg!(dst, crate::term::build::cons(&mut process.heap, head, tail));
                    next!()
                }
                Op::IsLt { fail, a, b } => 'op: {
                    let (a, b) = (read_src!(a), read_src!(b));
                    // Two small integers' words order as their values.
                    let less = if a.is_small() && b.is_small() {
                        (a.raw() as i64) < (b.raw() as i64)
                    } else {
                        match fast::float_order(a, b) {
                            Some(order) => order.is_lt(),
                            None => break 'op,
                        }
                    };
                    if !less {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsGe { fail, a, b } => 'op: {
                    let (a, b) = (read_src!(a), read_src!(b));
                    let greater_or_equal = if a.is_small() && b.is_small() {
                        (a.raw() as i64) >= (b.raw() as i64)
                    } else {
                        match fast::float_order(a, b) {
                            Some(order) => order.is_ge(),
                            None => break 'op,
                        }
                    };
                    if !greater_or_equal {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsEqExact { fail, a, b } => {
                    if !exact_eq(read_src!(a), read_src!(b)) {
                        jump!(fail)
                    }
                    next!()
                }
                Op::IsNeExact { fail, a, b } => {
                    if exact_eq(read_src!(a), read_src!(b)) {
                        jump!(fail)
                    }
                    next!()
                }
                Op::Trim(dropped) => {
                    process.heap.pop_n(dropped as usize);
                    next!()
                }
                Op::InitYregs(list) => {
                    for &y in module.module.ys(list) {
                        process.heap.set_stack(y as usize, Term::NIL);
                    }
                    next!()
                }
                Op::Swap(a, b) => {
                    let (value_a, value_b) = (read_reg!(a), read_reg!(b));
                    write_reg!(a, value_b);
                    write_reg!(b, value_a);
                    next!()
                }
                Op::SelectVal { src, fail, cases } => 'op: {
                    // An immediate is exactly equal only to the same word.
                    let value = read_reg!(src);
                    if !value.is_immediate() {
                        break 'op;
                    }
                    let target = module
                        .module
                        .cases(cases)
                        .iter()
                        .find(|&&(case, _)| read_src!(case) == value)
                        .map_or(fail, |&(_, label)| label.0);
                    jump!(target)
                }
                Op::CallExt { arity, import } => 'op: {
                    let Some(ImportTarget::Code { module_index, entry }) = module.resolved_import(import) else {
                        break 'op;
                    };
                    process.cp = Term::from_raw(cp_base | (index!() as u64 + 1) << CP_SHIFT);
                    enter!(vm.code.module(module_index), entry, arity)
                }
                Op::CallExtLast { arity, deallocate, import } => 'op: {
                    let Some(ImportTarget::Code { module_index, entry }) = module.resolved_import(import) else {
                        break 'op;
                    };
                    pop_frame(process, deallocate as usize);
                    enter!(vm.code.module(module_index), entry, arity)
                }
                Op::CallExtOnly { arity, import } => 'op: {
                    let Some(ImportTarget::Code { module_index, entry }) = module.resolved_import(import) else {
                        break 'op;
                    };
                    enter!(vm.code.module(module_index), entry, arity)
                }
                Op::CallFun(arity) => 'op: {
                    let Some((next_module, entry, live)) =
                        calls::enter_local_fun(&mut self.x[..], vm, u32::from(arity))
                    else {
                        break 'op;
                    };
                    process.cp = Term::from_raw(cp_base | (index!() as u64 + 1) << CP_SHIFT);
                    enter!(next_module, entry, live)
                }
                Op::CallFunLast { arity, deallocate } => 'op: {
                    let Some((next_module, entry, live)) =
                        calls::enter_local_fun(&mut self.x[..], vm, u32::from(arity))
                    else {
                        break 'op;
                    };
                    pop_frame(process, deallocate as usize);
                    enter!(next_module, entry, live)
                }
                Op::MakeFun { lambda, dst, free } => {
                    let fun = data::make_fun(&self.x[..], process, module, lambda, free);
                    write_reg!(dst, fun);
                    next!()
                }
                Op::IsFunction2 { fail, src, arity } => {
                    if !calls::fun_has_arity(vm, read_reg!(src), read_src!(arity)) {
                        jump!(fail)
                    }
                    next!()
                }
                Op::Bif { bif, args, dst } => {
                    if let Some(value) = self.pure_bif(vm, inbox, process, module, bif, args, &mut reductions) {
                        write_reg!(dst, value);
                        next!()
                    }
                }
                Op::CallExtBif { arity, bif } => {
                    if let Some(value) = self.pure_call_bif(vm, inbox, process, bif, arity, &mut reductions) {
                        self.x[0] = value;
                        next!()
                    }
                }
                Op::CallExtLastBif { arity, deallocate, bif } => 'op: {
                    // The BIF's value goes to the return address under the
                    // frame; the end of the process is the generic handler's.
                    let cp = process.heap.stack(deallocate as usize);
                    let Some((module_index, ip)) = cp.cp_target().filter(|_| cp != DONE_CP) else { break 'op };
                    let Some(value) = self.pure_call_bif(vm, inbox, process, bif, arity, &mut reductions) else {
                        break 'op;
                    };
                    self.x[0] = value;
                    pop_frame(process, deallocate as usize);
                    go_to!(module_index, ip);
                }
                Op::CallExtOnlyBif { arity, bif } => 'op: {
                    let cp = process.cp;
                    let Some((module_index, ip)) = cp.cp_target().filter(|_| cp != DONE_CP) else { break 'op };
                    let Some(value) = self.pure_call_bif(vm, inbox, process, bif, arity, &mut reductions) else {
                        break 'op;
                    };
                    self.x[0] = value;
                    go_to!(module_index, ip);
                }
                Op::TestHeapPutList { need, head, tail, dst } => 'op: {
                    if needs_collection(process, need as usize, gc_stress) {
                        break 'op;
                    }
                    advance!();
                    let (head, tail) = (read_src!(head), read_src!(tail));
                    write_reg!(dst, crate::term::build::cons(&mut process.heap, head, tail));
                    next!()
                }
                Op::Move2 { from, to, from2, to2 } => {
                    write_reg!(to, read_reg!(from));
                    advance!();
                    write_reg!(to2, read_reg!(from2));
                    next!()
                }
                Op::GcBif { bif, args, dst } => 'op: {
                    if needs_collection(process, 0, gc_stress) {
                        break 'op;
                    }
                    let Some(value) = self.pure_bif(vm, inbox, process, module, bif, args, &mut reductions) else {
                        break 'op;
                    };
                    write_reg!(dst, value);
                    next!()
                }
                Op::Fload { src, fr } => {
                    if let Some(value) = read_reg!(src).as_float() {
                        *fr!(fr) = value;
                        next!()
                    }
                }
                Op::FloadC { fr, bits } => {
                    *fr!(fr) = f64::from_bits(bits);
                    next!()
                }
                Op::Fstore { fr, dst } => {
                    // As the generic handler boxes it: in the room `test_heap`
                    // reserved, or else in a fragment.
                    let value = *fr!(fr);
                    write_reg!(dst, crate::term::build::float(&mut process.heap, value));
                    next!()
                }
                Op::Fconv { src, fr } => {
                    let term = read_reg!(src);
                    let value = if term.is_small() { Some(term.small_value() as f64) } else { term.as_float() };
                    if let Some(value) = value {
                        *fr!(fr) = value;
                        next!()
                    }
                }
                Op::Fadd { a, b, dst } => {
                    float_op!(*fr!(a) + *fr!(b), dst);
                }
                Op::Fsub { a, b, dst } => {
                    float_op!(*fr!(a) - *fr!(b), dst);
                }
                Op::Fmul { a, b, dst } => {
                    float_op!(*fr!(a) * *fr!(b), dst);
                }
                Op::Fdiv { a, b, dst } => {
                    float_op!(*fr!(a) / *fr!(b), dst);
                }
                Op::Fnegate { a, dst } => {
                    float_op!(-*fr!(a), dst);
                }
                Op::FloadArith { src, fr, arith, a, b, dst } => 'op: {
                    let Some(value) = read_reg!(src).as_float() else { break 'op };
                    *fr!(fr) = value;
                    advance!();
                    let (a, b) = (*fr!(a), *fr!(b));
                    let result = match arith {
                        fast::FADD => a + b,
                        fast::FSUB => a - b,
                        fast::FMUL => a * b,
                        _ => a / b,
                    };
                    if result.is_finite() {
                        *fr!(dst) = result;
                        next!()
                    }
                    // Not finite: the operation's own op declines in turn.
                    continue 'dispatch;
                }
                Op::Fload2 { src, fr, src2, fr2 } => 'op: {
                    let Some(value) = read_reg!(src).as_float() else { break 'op };
                    *fr!(fr) = value;
                    advance!();
                    let Some(value) = read_reg!(src2).as_float() else { continue 'dispatch };
                    *fr!(fr2) = value;
                    next!()
                }
                Op::Fstore2 { fr, dst, fr2, dst2 } => {
                    let value = *fr!(fr);
                    write_reg!(dst, crate::term::build::float(&mut process.heap, value));
                    advance!();
                    let value = *fr!(fr2);
                    write_reg!(dst2, crate::term::build::float(&mut process.heap, value));
                    next!()
                }
                Op::GetTupleElement { src, index, dst } => {
                    if let Some(&element) = read_reg!(src).as_tuple().and_then(|elements| elements.get(index as usize))
                    {
                        write_reg!(dst, element);
                        next!()
                    }
                }
                Op::PutTuple2 { dst, elements } => {
                    let tuple = data::put_tuple(&self.x[..], process, module, elements);
                    write_reg!(dst, tuple);
                    next!()
                }
                Op::BsCreateBin(plan) => {
                    let plan = &module.bs_plans[plan as usize];
                    if let Some(binary) =
                        bs_build::create_bin_planned(&self.x[..], process, module, plan, gc_stress, &mut reductions)
                    {
                        write_reg!(plan.dst, binary);
                        next!()
                    }
                }
                Op::Send => {
                    let (to, message) = (self.x[0], self.x[1]);
                    // A local pid never fails; names, remote pids and bad
                    // destinations take the generic handler.
                    if to.is_local_pid() {
                        reductions -= 1;
                        lifecycle::deliver(vm, to, Signal::message(message));
                        self.x[0] = message;
                        next!()
                    }
                }
            }
            // No fast form, or a piece declined: the generic handler, out
            // of line so that this loop's state stays in machine registers.
            // It leaves calls and branches backwards to this loop's
            // `enter!`.
            #[cfg(feature = "coverage")]
            crate::coverage::fell_back(ops[index!()]);
            let mut at = Position { module, ip: index!(), reductions };
            let next = self.step(vm, inbox, process, &mut at, budget);
            if !std::ptr::eq(module, at.module) {
                module = at.module;
                ops = &module.ops;
                cp_base = Term::cp(module.index, 0).raw();
            }
            pc = ops.as_ptr().wrapping_add(at.ip);
            reductions = at.reductions;
            // Three cases, which the compiler tests in turn; with a fourth
            // it makes a jump table, one more indirect branch on the way
            // back from every generic handler.
            match next {
                Next::Continue => {}
                Next::Enter(next_module, entry, live) => enter!(next_module, entry, live),
                Next::Leave(outcome) => return outcome,
            }
        }
    }

    /// Runs the generic handler of the instruction at `at`: the one
    /// definition of its meaning. Says what the loop does next; unless the
    /// time slice ends, `at` then holds where execution goes on and the
    /// reductions left of `budget`.
    #[inline(never)]
    fn step(&mut self, vm: &Vm, inbox: &Inbox, process: &mut Process, at: &mut Position, budget: i64) -> Next {
        let Position { mut module, mut ip, mut reductions } = *at;

        // A BIF reached through `call_ext` or `apply` charges its work to
        // the process (`call_bif`); charge it to this slice's budget too, as
        // the `bif` instructions do, so that BIF-heavy code yields as often.
        macro_rules! charged {
            ($call:expr) => {{
                let before = process.reductions;
                let flow = $call;
                reductions -= process.reductions.saturating_sub(before).min(i64::MAX as u64) as i64;
                flow
            }};
        }

        macro_rules! src {
            ($src:expr) => {
                read(&self.x[..], process, module, $src)
            };
        }
        macro_rules! dst {
            ($dst:expr, $value:expr) => {{
                let value = $value;
                write(&mut self.x[..], process, $dst, value)
            }};
        }
        macro_rules! fr {
            // A float register. The verifier proved the index below
            // MAX_FLOAT_REGS; the mask keeps any other inside the file.
            ($n:expr) => {
                self.fr[$n as usize & FR_MASK]
            };
        }
        macro_rules! float_op {
            // A float operation: a result that is not finite raises `badarith`.
            ($result:expr, $dst:expr) => {{
                let result: f64 = $result;
                if !result.is_finite() {
                    raise!(Exception::error_atom(atoms::BADARITH))
                }
                fr!($dst) = result;
            }};
        }
        macro_rules! wait_for_message {
            // A receive found no message to match: take in the signals that
            // came meanwhile, and go back to the scan at `$label` if they
            // brought a message; otherwise suspend, with a timer of
            // `$timeout_ms` when one is to start. A receive with an `after`
            // (`$has_after`) that waits forever marks its timer as running,
            // so that a wake-up does not read its timeout operand again.
            ($label:expr, $timeout_ms:expr, $has_after:expr) => {{
                let timeout_ms: Option<u64> = $timeout_ms;
                let before = process.mailbox.len();
                if let Handled::Exit(reason) = lifecycle::handle_signals(vm, inbox, process, &mut reductions) {
                    return Next::Leave(RunOutcome::Exit { reason, report: false });
                }
                if process.mailbox.len() > before {
                    jump!($label)
                }
                if $has_after && process.timer == 0 && timeout_ms.is_none() {
                    process.timer = INFINITE_TIMER;
                }
                leave_slice(process, budget - reductions, Some((module, $label.0 as usize)));
                return Next::Leave(RunOutcome::Wait { timeout_ms });
            }};
        }
        macro_rules! leave {
            // End the time slice with this outcome, the process not to
            // run again (it ends, or the VM halts).
            ($outcome:expr) => {{
                leave_slice(process, budget - reductions, None);
                return Next::Leave($outcome);
            }};
        }
        macro_rules! collect {
            // Collect at a safe point; a process over its heap limit ends here.
            ($need:expr, $live:expr) => {
                // A need no heap could meet (a corrupt or hostile `test_heap`
                // or `allocate`) ends the process instead of the VM.
                let need: usize = $need;
                let limit = process.max_heap_size(vm.config.max_heap_words);
                if need > MAX_ONE_NEED_WORDS || (limit.size != 0 && limit.kill && need > limit.size) {
                    crate::report::heap_limit(vm, process, Some(need), limit);
                    leave!(RunOutcome::Exit { reason: Term::atom(atoms::KILLED), report: false })
                }
                if !self.collect(vm, process, need, $live) {
                    leave!(RunOutcome::Exit { reason: Term::atom(atoms::KILLED), report: false })
                }
            };
        }
        macro_rules! hand_over {
            // Leave the rest to the loop: where execution stands, and what
            // the loop does next.
            ($next:expr) => {{
                *at = Position { module, ip, reductions };
                return $next;
            }};
        }
        macro_rules! jump {
            // A branch to `$label`, as the loop's `jump!` makes one: a
            // branch backwards is entered by the loop's `enter!`.
            ($label:expr) => {{
                let target = $label.0 as usize;
                if is_backward(ip - 1, target) {
                    enter!(module, target, vm.x_regs_used())
                }
                ip = target;
                continue;
            }};
        }
        macro_rules! enter {
            // Entering a function, done by the loop's `enter!`.
            ($module:expr, $entry:expr, $live:expr) => {
                hand_over!(Next::Enter($module, $entry as usize, $live as usize))
            };
        }
        macro_rules! flow {
            ($flow:expr) => {
                match $flow {
                    Flow::Jump(next_module, next_ip) => {
                        module = next_module;
                        ip = next_ip;
                        continue;
                    }
                    Flow::Catch(next_module, handler) => enter!(next_module, handler, CATCH_LIVE),
                    Flow::Yield(at_module, at_ip, live) => {
                        return Next::Leave(self.yield_at(vm, process, at_module, at_ip, live, budget - reductions));
                    }
                    Flow::Leave(outcome) => leave!(outcome),
                }
            };
        }
        macro_rules! raise {
            ($exception:expr) => {
                flow!(exceptions::raise(&mut self.x[..], vm, process, module, ip - 1, $exception))
            };
        }
        macro_rules! bs_failed {
            // A construction instruction failed: jump to its fail label,
            // or raise.
            ($fail:expr, $exception:expr) => {
                match $fail.label() {
                    Some(label) => jump!(label),
                    None => raise!($exception),
                }
            };
        }
        macro_rules! tail_call_ext {
            // `call_ext` in tail position: the callee returns to `cp`.
            ($import:expr, $arity:expr) => {{
                let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::Yes };
                match charged!(calls::call_ext(&mut self.x[..], process, site, $import, $arity)) {
                    calls::CallFlow::Enter(next, entry, live) => enter!(next, entry, live),
                    calls::CallFlow::Flow(flow) => flow!(flow),
                }
            }};
        }
        // One pass: a handler's `continue` (a jump, a call) ends it like
        // falling off the end does, with `module` and `ip` set.
        #[allow(clippy::never_loop)]
        for _ in 0..1 {
            // Matching on the place, not on a copy of the whole instruction,
            // lets each arm load only the operands it uses.
            let instr: &Instr = &module.module.code[ip];
            ip += 1;
            match *instr {
                // ---- functions, calls and frames ----
                Instr::FuncInfo() => {
                    let exception = exceptions::function_clause(&self.x[..], process, module, ip - 1);
                    raise!(exception)
                }
                Instr::Call(arity, function) => {
                    process.cp = Term::cp(module.index, ip as u32);
                    enter!(module, module.module.functions[function as usize].entry.0, arity)
                }
                Instr::CallLast(arity, function, n_words) => {
                    pop_frame(process, n_words as usize);
                    enter!(module, module.module.functions[function as usize].entry.0, arity)
                }
                Instr::CallOnly(arity, function) => {
                    enter!(module, module.module.functions[function as usize].entry.0, arity)
                }
                Instr::CallExt(arity, import) => {
                    let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::No };
                    let flow = charged!(calls::call_ext(&mut self.x[..], process, site, import, arity));
                    match flow {
                        calls::CallFlow::Enter(next, entry, live) => {
                            process.cp = Term::cp(module.index, ip as u32);
                            enter!(next, entry, live)
                        }
                        calls::CallFlow::Flow(flow) => flow!(flow),
                    }
                }
                Instr::CallExtLast(arity, import, n_words) => {
                    pop_frame(process, n_words as usize);
                    tail_call_ext!(import, arity)
                }
                Instr::CallExtOnly(arity, import) => tail_call_ext!(import, arity),
                Instr::Return() => flow!(calls::return_to(vm, process, self.x[0])),
                Instr::Jump(label) => jump!(label),
                Instr::Allocate(n_slots, live) => {
                    let need = n_slots as usize + 1;
                    if Self::should_collect(vm, process, need) {
                        collect!(need, live as usize);
                    }
                    process.heap.push_frame(process.cp, n_slots as usize);
                }
                Instr::AllocateHeap(n_slots, heap_need, live) => {
                    let need = n_slots as usize + 1 + heap_need as usize;
                    if Self::should_collect(vm, process, need) {
                        collect!(need, live as usize);
                    }
                    process.heap.push_frame(process.cp, n_slots as usize);
                }
                Instr::TestHeap(heap_need, live) => {
                    if Self::should_collect(vm, process, heap_need as usize) {
                        collect!(heap_need as usize, live as usize);
                    }
                }
                Instr::Deallocate(n_slots) => {
                    pop_frame(process, n_slots as usize);
                }
                Instr::Trim(n_dropped, _remaining) => process.heap.pop_n(n_dropped as usize),
                Instr::InitYregs(list) => {
                    for &y in module.module.ys(list) {
                        process.heap.set_stack(y as usize, Term::NIL);
                    }
                }
                // ---- moving data ----
                Instr::Move(src, dst) => dst!(dst, src!(src)),
                Instr::Swap(a, b) => {
                    let value_a = src!(a.as_src());
                    let value_b = src!(b.as_src());
                    dst!(a, value_b);
                    dst!(b, value_a);
                }
                // ---- type tests ----
                any_type_test!(fail, src) => {
                    if !type_tests::passes_type_test(instr, src!(src)) {
                        jump!(fail)
                    }
                }
                Instr::IsFunction2(fail, src, arity) => {
                    let fun = src!(src);
                    let arity = src!(arity);
                    if !calls::fun_has_arity(vm, fun, arity) {
                        jump!(fail)
                    }
                }
                Instr::TestArity(fail, src, arity) => {
                    if !type_tests::has_arity(src!(src), arity) {
                        jump!(fail)
                    }
                }
                Instr::IsTaggedTuple(fail, src, arity, atom) => {
                    if !type_tests::is_tagged(src!(src), arity, module.atoms[atom as usize]) {
                        jump!(fail)
                    }
                }
                // ---- comparisons ----
                Instr::IsEqExact(fail, a, b) => {
                    if !exact_eq(src!(a), src!(b)) {
                        jump!(fail)
                    }
                }
                Instr::IsNeExact(fail, a, b) => {
                    if exact_eq(src!(a), src!(b)) {
                        jump!(fail)
                    }
                }
                Instr::IsEq(fail, a, b) => {
                    if !compare::eq(src!(a), src!(b)) {
                        jump!(fail)
                    }
                }
                Instr::IsNe(fail, a, b) => {
                    if compare::eq(src!(a), src!(b)) {
                        jump!(fail)
                    }
                }
                Instr::IsLt(fail, a, b) => {
                    let (a, b) = (src!(a), src!(b));
                    let less = if a.is_small() && b.is_small() {
                        a.small_value() < b.small_value()
                    } else {
                        compare::compare(a, b).is_lt()
                    };
                    if !less {
                        jump!(fail)
                    }
                }
                Instr::IsGe(fail, a, b) => {
                    let (a, b) = (src!(a), src!(b));
                    let greater_or_equal = if a.is_small() && b.is_small() {
                        a.small_value() >= b.small_value()
                    } else {
                        compare::compare(a, b).is_ge()
                    };
                    if !greater_or_equal {
                        jump!(fail)
                    }
                }
                Instr::SelectVal(src, fail, cases) => {
                    let value = src!(src);
                    let target = module
                        .module
                        .cases(cases)
                        .iter()
                        .find(|(case, _)| exact_eq(read(&self.x[..], process, module, *case), value))
                        .map_or(fail, |&(_, label)| label);
                    jump!(target)
                }
                Instr::SelectTupleArity(src, fail, cases) => {
                    let target = match src!(src).as_tuple() {
                        Some(elements) => {
                            let arity = Term::small_unchecked(elements.len() as i64);
                            module
                                .module
                                .cases(cases)
                                .iter()
                                .find(|(case, _)| read(&self.x[..], process, module, *case) == arity)
                                .map_or(fail, |&(_, label)| label)
                        }
                        None => fail,
                    };
                    jump!(target)
                }
                // ---- lists and tuples ----
                Instr::GetList(src, head, tail) => match src!(src).as_cons() {
                    Some((h, t)) => {
                        dst!(head, h);
                        dst!(tail, t);
                    }
                    None => raise!(Exception::badarg()),
                },
                Instr::GetHd(src, head) => match src!(src).as_cons() {
                    Some((h, _)) => dst!(head, h),
                    None => raise!(Exception::badarg()),
                },
                Instr::GetTl(src, tail) => match src!(src).as_cons() {
                    Some((_, t)) => dst!(tail, t),
                    None => raise!(Exception::badarg()),
                },
                Instr::PutList(head, tail, dst) => {
                    let (head, tail) = (src!(head), src!(tail));
                    dst!(dst, crate::term::build::cons(&mut process.heap, head, tail))
                }
                Instr::PutTuple2(dst, list) => {
                    let tuple = data::put_tuple(&self.x[..], process, module, list);
                    dst!(dst, tuple)
                }
                Instr::GetTupleElement(src, index, dst) => {
                    match src!(src).as_tuple().and_then(|elements| elements.get(index as usize)) {
                        Some(&element) => dst!(dst, element),
                        None => raise!(Exception::badarg()),
                    }
                }
                Instr::SetTupleElement(value, tuple, index) => {
                    let (value, tuple) = (src!(value), src!(tuple));
                    if let Err(exception) = data::set_tuple_element(&process.heap, tuple, index, value) {
                        raise!(exception)
                    }
                }
                // ---- maps ----
                Instr::PutMapAssoc(fail, map, dst, live, pairs) | Instr::PutMapExact(fail, map, dst, live, pairs) => {
                    let exact = matches!(instr, Instr::PutMapExact(..));
                    if Self::should_collect(vm, process, 0) {
                        collect!(0, live as usize);
                    }
                    let map = src!(map);
                    match data::put_map(&self.x[..], process, module, map, pairs, exact) {
                        Ok(result) => dst!(dst, result),
                        Err(exception) => match fail.label() {
                            Some(label) => jump!(label),
                            None => raise!(exception),
                        },
                    }
                }
                Instr::HasMapFields(fail, map, keys) => {
                    let map = src!(map);
                    let has_all = map.is_box_of(crate::term::BoxKind::Map)
                        && module.module.srcs(keys).iter().all(|&key| {
                            crate::term::map::map_get(map, read(&self.x[..], process, module, key)).is_some()
                        });
                    if !has_all {
                        jump!(fail)
                    }
                }
                Instr::GetMapElements(fail, map, pairs) => {
                    let map = src!(map);
                    if !data::get_map_elements(&mut self.x[..], process, module, map, pairs) {
                        jump!(fail)
                    }
                }
                // ---- funs and apply ----
                Instr::MakeFun(lambda, dst, free) => {
                    let fun = data::make_fun(&self.x[..], process, module, lambda, free);
                    dst!(dst, fun)
                }
                Instr::CallFun(arity) => {
                    let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::No };
                    match charged!(calls::call_any_fun(&mut self.x[..], process, site, arity)) {
                        calls::CallFlow::Enter(next, entry, live) => {
                            process.cp = Term::cp(module.index, ip as u32);
                            enter!(next, entry, live)
                        }
                        calls::CallFlow::Flow(flow) => flow!(flow),
                    }
                }
                Instr::CallFunLast(arity, n_words) => {
                    pop_frame(process, n_words as usize);
                    let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::Yes };
                    match charged!(calls::call_any_fun(&mut self.x[..], process, site, arity)) {
                        calls::CallFlow::Enter(next, entry, live) => enter!(next, entry, live),
                        calls::CallFlow::Flow(flow) => flow!(flow),
                    }
                }
                Instr::Apply(arity) => {
                    let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::No };
                    match charged!(calls::apply(&mut self.x[..], process, site, arity)) {
                        calls::CallFlow::Enter(next, entry, live) => {
                            process.cp = Term::cp(module.index, ip as u32);
                            enter!(next, entry, live)
                        }
                        calls::CallFlow::Flow(flow) => flow!(flow),
                    }
                }
                Instr::ApplyLast(arity, n_words) => {
                    pop_frame(process, n_words as usize);
                    let site = calls::Site { vm, inbox, module, return_ip: ip, tail: calls::Tail::Yes };
                    match charged!(calls::apply(&mut self.x[..], process, site, arity)) {
                        calls::CallFlow::Enter(next, entry, live) => enter!(next, entry, live),
                        calls::CallFlow::Flow(flow) => flow!(flow),
                    }
                }
                // ---- built-in functions ----
                // `bif` calls a BIF that never collects; `gc_bif` one that
                // may, after collecting first if the heap wants it, and that
                // may ask to be run again after a yield.
                Instr::Bif(fail, import, args, dst) | Instr::GcBif(fail, _, import, args, dst) => {
                    let live = match *instr {
                        Instr::GcBif(_, live, ..) => Some(live as usize),
                        _ => None,
                    };
                    if let Some(live) = live {
                        if Self::should_collect(vm, process, 0) {
                            collect!(0, live);
                        }
                    }
                    let index = module.bif_of_import[import as usize];
                    match self.call_bif(vm, inbox, process, module, index, args, &mut reductions) {
                        Ok(value) => dst!(dst, value),
                        Err(BifFailure::Halt(status)) => return Next::Leave(RunOutcome::Halt(status)),
                        Err(BifFailure::Exit(reason)) => {
                            return Next::Leave(RunOutcome::Exit { reason, report: false })
                        }
                        // Only BIFs that may collect retry, and the verifier
                        // keeps them out of `bif`: `live` is known here.
                        Err(BifFailure::Retry) => {
                            let live = live.unwrap_or(0);
                            let outcome = self.yield_at(vm, process, module, ip - 1, live, budget - reductions);
                            return Next::Leave(outcome);
                        }
                        Err(BifFailure::Raise(exception)) => match fail.label() {
                            Some(label) => jump!(label),
                            None => {
                                let exception = exceptions::with_inline_bif_frame(
                                    &self.x[..],
                                    process,
                                    module,
                                    index,
                                    args,
                                    exception,
                                );
                                raise!(exception)
                            }
                        },
                    }
                }
                // ---- exceptions ----
                Instr::Try(y, label) | Instr::Catch(y, label) => {
                    process.heap.set_stack(y as usize, Term::catch_marker(module.index, label.0));
                    process.catches += 1;
                }
                // The verifier pairs `try_end`, `try_case` and `catch_end`
                // with the `try` or `catch` that installed their marker, so
                // the count of handlers is above 0 here; should it not be,
                // it stays at 0 rather than wrap.
                Instr::TryEnd(y) => {
                    process.heap.set_stack(y as usize, Term::NIL);
                    process.catches = process.catches.saturating_sub(1);
                }
                Instr::TryCase(y) => {
                    process.heap.set_stack(y as usize, Term::NIL);
                    process.catches = process.catches.saturating_sub(1);
                    self.x[0] = self.x[1];
                    self.x[1] = self.x[2];
                    self.x[2] = self.x[3];
                }
                Instr::CatchEnd(y) => {
                    process.heap.set_stack(y as usize, Term::NIL);
                    process.catches = process.catches.saturating_sub(1);
                    if self.x[0] == Term::NON_VALUE {
                        self.x[0] = exceptions::catch_value(process, self.x[1], self.x[2], self.x[3]);
                    }
                }
                Instr::TryCaseEnd(src) => {
                    let reason = data::tagged(process, atoms::TRY_CLAUSE, src!(src));
                    raise!(Exception::error(reason))
                }
                Instr::Raise(trace, reason) => {
                    let exception = exceptions::reraise(src!(trace), src!(reason));
                    raise!(exception)
                }
                Instr::Badmatch(src) => {
                    let reason = data::tagged(process, atoms::BADMATCH, src!(src));
                    raise!(Exception::error(reason))
                }
                Instr::CaseEnd(src) => {
                    let reason = data::tagged(process, atoms::CASE_CLAUSE, src!(src));
                    raise!(Exception::error(reason))
                }
                Instr::IfEnd() => raise!(Exception::error_atom(atoms::IF_CLAUSE)),
                Instr::BuildStacktrace() => self.x[0] = exceptions::build_stacktrace(self.x[0]),
                Instr::Badrecord(src) => {
                    let reason = data::tagged(process, atoms::BADRECORD, src!(src));
                    raise!(Exception::error(reason))
                }
                Instr::RawRaise() => match exceptions::raw_raise(self.x[0], self.x[1], self.x[2]) {
                    Some(exception) => raise!(exception),
                    None => self.x[0] = Term::atom(atoms::BADARG),
                },
                // ---- floats ----
                Instr::Fload(src, fr) => match src!(src).as_float() {
                    Some(value) => fr!(fr) = value,
                    None => raise!(Exception::badarg()),
                },
                Instr::Fstore(fr, dst) => {
                    // Two words, ensured by `test_heap`; were they not, the
                    // float would go to a fragment, as any allocation does.
                    let value = fr!(fr);
                    dst!(dst, crate::term::build::float(&mut process.heap, value))
                }
                Instr::Fconv(src, fr) => match crate::bif::number_to_f64(src!(src)) {
                    Some(value) => fr!(fr) = value,
                    None => raise!(Exception::error_atom(atoms::BADARITH)),
                },
                Instr::Fadd(a, b, dst) => float_op!(fr!(a) + fr!(b), dst),
                Instr::Fsub(a, b, dst) => float_op!(fr!(a) - fr!(b), dst),
                Instr::Fmul(a, b, dst) => float_op!(fr!(a) * fr!(b), dst),
                Instr::Fdiv(a, b, dst) => float_op!(fr!(a) / fr!(b), dst),
                Instr::Fnegate(a, dst) => float_op!(-fr!(a), dst),
                // ---- binary construction ----
                Instr::BsCreateBin(fail, heap_need, live, dst, segments) => {
                    let need = heap_need as usize + BINARY_BOX_WORDS;
                    if Self::should_collect(vm, process, need) {
                        collect!(need, live as usize);
                    }
                    match bs_build::create_bin(&self.x[..], process, module, segments, &mut reductions) {
                        Ok(binary) => dst!(dst, binary),
                        Err(exception) => bs_failed!(fail, exception),
                    }
                }
                Instr::BsInitWritable() => self.x[0] = bs_build::init_writable(process),
                Instr::BsInit2(fail, size, heap_need, live, dst)
                | Instr::BsInitBits(fail, size, heap_need, live, dst) => {
                    let unit = if matches!(instr, Instr::BsInit2(..)) { 8 } else { 1 };
                    // The size is read before collecting, as BEAM reads it.
                    match bs_build::init_size(src!(size), unit) {
                        Ok(bits) => {
                            let need = heap_need as usize + BINARY_BOX_WORDS;
                            if Self::should_collect(vm, process, need) {
                                collect!(need, live as usize);
                            }
                            dst!(dst, bs_build::init(&mut self.building, process, bits))
                        }
                        Err(exception) => bs_failed!(fail, exception),
                    }
                }
                Instr::BsAppend(fail, size, live, unit, bin, dst) => match bs_build::init_size(src!(size), 1) {
                    Ok(extra) => {
                        if Self::should_collect(vm, process, BINARY_BOX_WORDS) {
                            collect!(BINARY_BOX_WORDS, live as usize);
                        }
                        match bs_build::append(&mut self.building, process, extra, unit as usize, src!(bin)) {
                            Ok((binary, cost)) => {
                                reductions -= cost;
                                dst!(dst, binary)
                            }
                            Err(exception) => bs_failed!(fail, exception),
                        }
                    }
                    Err(exception) => bs_failed!(fail, exception),
                },
                Instr::BsPrivateAppend(fail, size, unit, bin, dst) => {
                    let (size, bin) = (src!(size), src!(bin));
                    let appended = bs_build::init_size(size, 1)
                        .and_then(|extra| bs_build::append(&mut self.building, process, extra, unit as usize, bin));
                    match appended {
                        Ok((binary, cost)) => {
                            reductions -= cost;
                            dst!(dst, binary)
                        }
                        Err(exception) => bs_failed!(fail, exception),
                    }
                }
                Instr::BsPutInteger(fail, size, unit, flags, value) => {
                    let (size, value) = (src!(size), src!(value));
                    match bs_build::put_integer(&mut self.building, size, unit, flags, value) {
                        Ok(cost) => reductions -= cost,
                        Err(exception) => bs_failed!(fail, exception),
                    }
                }
                Instr::BsPutFloat(fail, size, unit, flags, value) => {
                    let (size, value) = (src!(size), src!(value));
                    if let Err(exception) = bs_build::put_float(&mut self.building, size, unit, flags, value) {
                        bs_failed!(fail, exception)
                    }
                }
                Instr::BsPutBinary(fail, size, unit, _flags, value) => {
                    let (size, value) = (src!(size), src!(value));
                    match bs_build::put_binary(&mut self.building, Some(size), unit, value) {
                        Ok(cost) => reductions -= cost,
                        Err(exception) => bs_failed!(fail, exception),
                    }
                }
                Instr::BsPutString(bytes) => {
                    if let Err(exception) = bs_build::put_binary(&mut self.building, None, 8, src!(bytes)) {
                        raise!(exception)
                    }
                }
                Instr::BsPutUtf8(fail, flags, value) => {
                    if let Err(exception) = bs_build::put_utf(&mut self.building, 8, flags, src!(value)) {
                        bs_failed!(fail, exception)
                    }
                }
                Instr::BsPutUtf16(fail, flags, value) => {
                    if let Err(exception) = bs_build::put_utf(&mut self.building, 16, flags, src!(value)) {
                        bs_failed!(fail, exception)
                    }
                }
                Instr::BsPutUtf32(fail, flags, value) => {
                    if let Err(exception) = bs_build::put_utf(&mut self.building, 32, flags, src!(value)) {
                        bs_failed!(fail, exception)
                    }
                }
                Instr::BsAdd(fail, first, second, unit, dst) => match bs_build::add(src!(first), src!(second), unit) {
                    Ok(sum) => dst!(dst, sum),
                    Err(exception) => bs_failed!(fail, exception),
                },
                Instr::BsUtf8Size(_, value, dst) => dst!(dst, bs_build::utf_size(src!(value), false)),
                Instr::BsUtf16Size(_, value, dst) => dst!(dst, bs_build::utf_size(src!(value), true)),
                // ---- processes and messages ----
                Instr::Send() => {
                    reductions -= 1;
                    match crate::process::send::send(vm, process, self.x[0], self.x[1]) {
                        Ok(()) => self.x[0] = self.x[1],
                        Err(exception) => {
                            let exception = exceptions::with_send_frame(process, exception, [self.x[0], self.x[1]]);
                            raise!(exception)
                        }
                    }
                }
                Instr::RemoveMessage() => {
                    process.mailbox.remove_current();
                    process.timer = 0;
                    process.flags &= !flags::TIMED_OUT;
                }
                Instr::Timeout() => {
                    process.mailbox.reset_cursor();
                    process.timer = 0;
                }
                Instr::LoopRec(fail, dst) => {
                    if process.mailbox.current().is_none() {
                        if let Handled::Exit(reason) = lifecycle::handle_signals(vm, inbox, process, &mut reductions) {
                            return Next::Leave(RunOutcome::Exit { reason, report: false });
                        }
                    }
                    let Process { mailbox, heap, .. } = &mut *process;
                    match mailbox.take_current(|fragment| heap.adopt_fragment(fragment)) {
                        Some(message) => dst!(dst, message),
                        None => jump!(fail),
                    }
                }
                Instr::LoopRecEnd(label) => {
                    process.mailbox.advance();
                    jump!(label)
                }
                Instr::Wait(label) => wait_for_message!(label, None, false),
                // ---- receive markers ----
                Instr::RecvMarkerReserve(dst) => {
                    let id = process.mailbox.reserve_marker();
                    dst!(dst, Term::small_unchecked(id as i64))
                }
                Instr::RecvMarkerBind(marker, reference) => {
                    let (marker, reference) = (src!(marker), src!(reference));
                    let id = marker.as_small().and_then(|id| u64::try_from(id).ok());
                    if let (Some(id), Some(number)) = (id, crate::term::build::ref_number(reference)) {
                        process.mailbox.bind_marker(id, number);
                    }
                }
                Instr::RecvMarkerUse(reference) => {
                    if let Some(number) = crate::term::build::ref_number(src!(reference)) {
                        process.mailbox.use_marker(number);
                    }
                }
                Instr::RecvMarkerClear(reference) => {
                    if let Some(number) = crate::term::build::ref_number(src!(reference)) {
                        process.mailbox.clear_marker(number);
                    }
                }
                // ---- binary matching ----
                Instr::BsStartMatch3(fail, src, live, dst) => {
                    let mut term = src!(src);
                    if !bs_match::is_context(term) && Self::should_collect(vm, process, bs_match::CONTEXT_WORDS) {
                        collect!(bs_match::CONTEXT_WORDS, live as usize);
                        term = src!(src);
                    }
                    match bs_match::start_match(&mut process.heap, term) {
                        Some(context) => dst!(dst, context),
                        None => jump!(fail),
                    }
                }
                Instr::BsStartMatch4(fail, live, src, dst) => {
                    let mut term = src!(src);
                    if !bs_match::is_context(term) && Self::should_collect(vm, process, bs_match::CONTEXT_WORDS) {
                        collect!(bs_match::CONTEXT_WORDS, live as usize);
                        term = src!(src);
                    }
                    match bs_match::start_match(&mut process.heap, term) {
                        Some(context) => dst!(dst, context),
                        None => match fail.label() {
                            Some(label) => jump!(label),
                            None => raise!(Exception::badarg()),
                        },
                    }
                }
                Instr::BsGetInteger2(fail, context, live, size, unit, flags, dst) => {
                    let need = bs_match::integer_words(src!(context), src!(size), unit);
                    if need > 0 && Self::should_collect(vm, process, need) {
                        collect!(need, live as usize);
                    }
                    let (context, size) = (src!(context), src!(size));
                    match bs_match::get_integer(&mut process.heap, context, size, unit, flags) {
                        Some(value) => dst!(dst, value),
                        None => jump!(fail),
                    }
                }
                Instr::BsGetFloat2(fail, context, live, size, unit, flags, dst) => {
                    if Self::should_collect(vm, process, bs_match::FLOAT_WORDS) {
                        collect!(bs_match::FLOAT_WORDS, live as usize);
                    }
                    let (context, size) = (src!(context), src!(size));
                    match bs_match::get_float(&mut process.heap, context, size, unit, flags) {
                        Some(value) => dst!(dst, value),
                        None => jump!(fail),
                    }
                }
                Instr::BsGetBinary2(fail, context, live, size, unit, _flags, dst) => {
                    if Self::should_collect(vm, process, bs_match::SLICE_WORDS) {
                        collect!(bs_match::SLICE_WORDS, live as usize);
                    }
                    let (context, size) = (src!(context), src!(size));
                    match bs_match::get_binary(&mut process.heap, context, size, unit) {
                        Some(value) => dst!(dst, value),
                        None => jump!(fail),
                    }
                }
                Instr::BsSkipBits2(fail, context, size, unit, _flags) => {
                    if !bs_match::skip_bits(src!(context), src!(size), unit) {
                        jump!(fail)
                    }
                }
                Instr::BsTestTail2(fail, context, bits) => {
                    if !bs_match::test_tail(src!(context), bits) {
                        jump!(fail)
                    }
                }
                Instr::BsTestUnit(fail, context, unit) => {
                    if !bs_match::test_unit(src!(context), unit) {
                        jump!(fail)
                    }
                }
                Instr::BsMatchString(fail, context, bits, string) => {
                    match bs_match::match_string(src!(context), bits, src!(string)) {
                        Ok(true) => {}
                        Ok(false) => jump!(fail),
                        Err(()) => raise!(Exception::badarg()),
                    }
                }
                Instr::BsGetTail(context, dst, live) => {
                    if Self::should_collect(vm, process, bs_match::SLICE_WORDS) {
                        collect!(bs_match::SLICE_WORDS, live as usize);
                    }
                    let context = src!(context);
                    match bs_match::get_tail(&mut process.heap, context) {
                        Some(tail) => dst!(dst, tail),
                        None => raise!(Exception::badarg()),
                    }
                }
                Instr::BsGetPosition(context, dst, _live) => match bs_match::get_position(src!(context)) {
                    Some(position) => dst!(dst, position),
                    None => raise!(Exception::badarg()),
                },
                Instr::BsSetPosition(context, position) => {
                    if !bs_match::set_position(src!(context), src!(position)) {
                        raise!(Exception::badarg())
                    }
                }
                Instr::BsGetUtf8(fail, context, _live, flags, dst)
                | Instr::BsGetUtf16(fail, context, _live, flags, dst)
                | Instr::BsGetUtf32(fail, context, _live, flags, dst) => {
                    let utf = match *instr {
                        Instr::BsGetUtf8(..) => bs_match::Utf::Utf8,
                        Instr::BsGetUtf16(..) => bs_match::Utf::Utf16,
                        _ => bs_match::Utf::Utf32,
                    };
                    match bs_match::get_utf(src!(context), utf, flags) {
                        Some(code) => dst!(dst, code),
                        None => jump!(fail),
                    }
                }
                Instr::BsSkipUtf8(fail, context, _live, flags)
                | Instr::BsSkipUtf16(fail, context, _live, flags)
                | Instr::BsSkipUtf32(fail, context, _live, flags) => {
                    let utf = match *instr {
                        Instr::BsSkipUtf8(..) => bs_match::Utf::Utf8,
                        Instr::BsSkipUtf16(..) => bs_match::Utf::Utf16,
                        _ => bs_match::Utf::Utf32,
                    };
                    if bs_match::get_utf(src!(context), utf, flags).is_none() {
                        jump!(fail)
                    }
                }
                Instr::WaitTimeout(label, timeout) => {
                    if process.flags & flags::TIMED_OUT != 0 {
                        // The timer fired: fall through to `timeout`.
                        process.flags &= !flags::TIMED_OUT;
                        continue;
                    }
                    // As in BEAM, the operand is read only when no timer runs
                    // for this receive yet: after a wake-up it need not be
                    // live any more (erlc leaves it in an x register).
                    let mut start_timer = None;
                    if process.timer == 0 {
                        let timeout = src!(timeout);
                        // As in OTP, a timeout is at most 2^32 - 1 milliseconds.
                        match timeout.as_small() {
                            Some(0) if lifecycle::has_signals(inbox, process) => {
                                // More signals came than one batch takes:
                                // they are taken in before the receive
                                // times out, as if handled all at once.
                                if let Handled::Exit(reason) =
                                    lifecycle::handle_signals(vm, inbox, process, &mut reductions)
                                {
                                    return Next::Leave(RunOutcome::Exit { reason, report: false });
                                }
                                jump!(label)
                            }
                            Some(0) => continue,
                            Some(ms) if ms > 0 && ms <= i64::from(u32::MAX) => start_timer = Some(ms as u64),
                            _ if timeout == Term::atom(atoms::INFINITY) => {}
                            _ => raise!(Exception::error_atom(atoms::TIMEOUT_VALUE)),
                        }
                    }
                    wait_for_message!(label, start_timer, true)
                }
            }
        }
        *at = Position { module, ip, reductions };
        Next::Continue
    }
}

/// What the dispatch loop does after the generic handler ([`Executor::step`]).
/// Calls, landings in a handler and branches backwards come back to the
/// loop, so that its `enter!` is the one place they are charged and may
/// yield.
enum Next {
    /// Go on at the position the handler left: the next instruction, a
    /// branch forwards, or where a return or a call of a BIF led.
    Continue,
    /// Enter a function, land in an exception handler or branch
    /// backwards: the module, the instruction, and the x registers live
    /// there.
    Enter(&'static LoadedModule, usize, usize),
    /// The time slice ends with this outcome.
    Leave(RunOutcome),
}

/// Whether a branch from instruction `from` to `target` goes backwards (or
/// to itself). Such a branch may close a loop without calls, so it is
/// entered as a function is: it costs a reduction and yields when the
/// budget is spent, so that no loop can starve the other processes.
/// Liveness is unknown there, so every x register any loaded code uses is
/// taken as live, saved, and a root if the yield collects.
#[inline(always)]
fn is_backward(from: usize, target: usize) -> bool {
    target <= from
}

/// Where the dispatch loop is: the module, the index of the next
/// instruction, and the reductions left in the time slice.
#[derive(Clone, Copy)]
struct Position {
    module: &'static LoadedModule,
    ip: usize,
    reductions: i64,
}

/// The heap words a new bitstring takes at most: a heap binary of
/// `HEAP_BINARY_LIMIT` bytes with its header and size word (a `RefBinary`
/// box takes fewer).
const BINARY_BOX_WORDS: usize = 2 + crate::memory::off_heap::HEAP_BINARY_LIMIT / 8;

/// The most words one instruction may ask the heap for (1 GiB); more is a
/// corrupt or hostile program, and ends only its process.
const MAX_ONE_NEED_WORDS: usize = 1 << 27;

/// The timer id of a `wait_timeout` with `infinity`: no timer runs, but the
/// receive is marked as started, so the operand is not read again.
pub(crate) const INFINITE_TIMER: u64 = u64::MAX;

/// Whether `allocate` must collect before pushing a frame of `need` words:
/// the same test as [`Executor::should_collect`], with stress mode read once
/// per time slice.
#[inline(always)]
fn needs_collection(process: &Process, need: usize, gc_stress: bool) -> bool {
    process.heap.free_words() < need || process.heap.fragment_words() > process.heap.block_words() || gc_stress
}

/// Pushes a frame of `slots` y registers, all `[]`, under the return
/// address; the room was checked by [`needs_collection`].
#[inline(always)]
fn push_frame(process: &mut Process, slots: u16) {
    process.heap.push_frame(process.cp, slots as usize);
}

/// `deallocate`: pops the frame of `slots` y registers and the return
/// address under them back into the continuation pointer. Every tail call
/// and return from a function with a frame does this first.
#[inline(always)]
fn pop_frame(process: &mut Process, slots: usize) {
    process.cp = process.heap.stack(slots);
    process.heap.pop_n(slots + 1);
}

/// Ends the time slice having spent `spent` reductions: charges them to
/// the process and, when it is to run again (it yields or waits), records
/// the module and instruction it resumes at.
#[inline(always)]
fn leave_slice(process: &mut Process, spent: i64, resume_at: Option<(&LoadedModule, usize)>) {
    process.reductions += spent.max(0) as u64;
    if let Some((module, ip)) = resume_at {
        process.module_index = module.index;
        process.ip = ip as u32;
    }
}

/// How far a return address's instruction index is shifted in its word.
const CP_SHIFT: u32 = 4;

/// The bits of a return address that are not its instruction index: the
/// module and the tag.
const CP_MODULE_MASK: u64 = !((u32::MAX as u64) << CP_SHIFT);

const _: () = assert!(Term::cp(3, 5).raw() == Term::cp(3, 0).raw() | 5 << CP_SHIFT);
const _: () = assert!(Term::cp(3, u32::MAX).raw() & CP_MODULE_MASK == Term::cp(3, 0).raw());
const _: () = assert!(Term::cp(Term::MAX_CODE_MODULE, 0).raw() & !CP_MODULE_MASK == 0);

/// `=:=` with the cheap cases first: equal words, or two different immediates.
#[inline(always)]
fn exact_eq(a: Term, b: Term) -> bool {
    a == b || (!(a.is_immediate() && b.is_immediate()) && compare::exact_eq(a, b))
}

/// The float result of BIF `bif` (`+`, `-`, `*` or `/`) on `a` and `b`
/// when [`fast::float_arith`] computes it and no collection is due (as
/// `gc_bif` would first collect), boxed on the heap as the BIF boxes it;
/// `None` otherwise, for the generic handler.
#[inline(never)]
fn float_arith_term(process: &mut Process, bif: u16, a: Term, b: Term) -> Option<Term> {
    if needs_collection(process, 0, false) {
        return None;
    }
    let value = fast::float_arith(bif, a, b)?;
    Some(crate::term::build::float(&mut process.heap, value))
}

/// Small-integer arithmetic without a BIF call: `+`, `-` and `*` when both
/// operands are small and the result fits.
#[inline(always)]
fn fast_arith(index: u16, a: Term, b: Term) -> Option<Term> {
    use fast::{ADD, DIV, MUL, REM, SUB};
    if !(a.is_small() && b.is_small()) {
        return None;
    }
    let (a, b) = (a.small_value(), b.small_value());
    match index {
        ADD => Term::small(a + b),
        SUB => Term::small(a - b),
        MUL => Term::small(a.checked_mul(b)?),
        // Both truncate toward zero, as Rust's do; a zero divisor is the
        // BIF's to raise.
        DIV => Term::small(a.checked_div(b)?),
        REM => Term::small(a.checked_rem(b)?),
        _ => None,
    }
}

const _: () = assert!(DONE_CP.raw() != Term::NIL.raw());
