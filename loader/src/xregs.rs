//! The x register check: a dataflow pass proving that every x register an
//! instruction reads holds a value on every path, as BEAM's validator does.
//!
//! The state at an instruction is the set of x registers that hold a value
//! on every path reaching it. A function is entered with its arguments,
//! x0..x(arity-1). What an instruction does comes from its operands' roles
//! and its effect in the table, never from a list of instructions: an
//! operand of role `Live` (`allocate`, `test_heap`, `gc_bif`, …) keeps only
//! x0..x(live-1), as the collector clears the rest; a `Call` or `BifCall`
//! that returns keeps only its result in x0; a `Retry` label (after `wait`
//! or `wait_timeout`) and a `Handler` label start with no x register. A
//! destination (`Dst`, `Updated`, `Fields`) and an implicit write gain a
//! value. Where paths join the sets intersect.
//!
//! Every x register an instruction reads must be in the set: its sources
//! (`Src`, `Updated` and the list roles, entries included), the arguments
//! its arity role names (with the fun of `FunArity` and the module and
//! function of `ApplyArity`), its implicit reads (x0 of `return`), and
//! x0..x(live-1) of a live count. The one exception follows the VM: the
//! timeout of `wait_timeout` is read only when the receive starts its timer,
//! so it is checked only on paths that did not resume from a wait since the
//! last `remove_message` or `timeout`. The pass therefore tracks, beside the
//! set, whether a receive timer may be running, and analyses each
//! instruction once per timer state that reaches it.
//!
//! States are stored only where blocks start (the entry and every label
//! target), one bitset sized to the function's highest x register each; a
//! block is walked straight through. Sets only shrink, so each block is
//! walked at most once per register it can lose, plus once: the work is
//! linear in the code for a fixed register count. Unreachable instructions
//! are not checked.

use crate::error::{ErrorKind, LoadError, XRegCause, XRegUse};
use crate::frame::for_each_target;
use crate::module::{Dst, Function, Instr, Label, Module, Src, SrcKind};
use crate::operand::{operands_with_roles, Operand};
use crate::registers::{for_each_register, implied_x_reg, Register};
use crate::roles::{use_of, Use};
use crate::verify::{calls_a_bif_that_never_returns, function_name, import_name};
use girder_spec::{Flow, Role, MAX_X_REGS};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Whether a receive timer may be running on a path, which decides whether
/// `wait_timeout` reads its timeout operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Timer {
    /// No receive timer runs: `wait_timeout` reads its timeout.
    Idle = 0,
    /// The path resumed a receive after a wait: its timer (if any) runs and
    /// `wait_timeout` does not read the timeout again.
    Running = 1,
}

/// Why a register may hold no value: where the last path losing it lost it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Why {
    /// The function was entered with only its arguments.
    Entry,
    /// Instruction N (a live count or a call) kept only some registers.
    Kept(u32),
    /// Instruction N (`wait` or `wait_timeout`) resumed the receive.
    Resumed(u32),
    /// The timeout path of a `wait_timeout`.
    TimedOut,
    /// An exception handler's label.
    Handler,
}

/// What state a jump carries to its target.
#[derive(Clone, Copy, Debug)]
enum Carry {
    /// The registers defined at this point of the instruction.
    Current,
    /// No register, for the reason given.
    Nothing(Why),
}

/// What the interpretation of one instruction tells an analysis, in the
/// order the instruction does it.
trait Sink {
    /// The instruction reads x register `reg` (in the form `usage`).
    fn need(&mut self, reg: u32, usage: XRegUse);
    /// The instruction reads x0..x(count-1) (in the form `usage`).
    fn need_below(&mut self, count: u32, usage: XRegUse);
    /// Only x0..x(keep-1) hold a value from here on, because of `why`.
    fn keep_below(&mut self, keep: u32, why: Why);
    /// x register `reg` gets a value.
    fn define(&mut self, reg: u32);
    /// Execution may continue at `label` carrying `carry`, with `timer`.
    fn branch(&mut self, label: Label, carry: Carry, timer: Timer);
}

/// Reports a source operand's read if it is an x register.
fn need_src(sink: &mut impl Sink, src: Src) {
    if let SrcKind::X(reg) = src.kind() {
        sink.need(reg, XRegUse::Read);
    }
}

/// Reports a destination's write if it is an x register.
fn define_dst(sink: &mut impl Sink, dst: Dst) {
    if let Dst::X(reg) = dst {
        sink.define(reg);
    }
}

/// Reports every source an operand reads, list entries included (jump-table
/// values are constants, but are visited all the same).
fn need_operand(module: &Module, operand: Operand, sink: &mut impl Sink) {
    match operand {
        Operand::S(src) => need_src(sink, src),
        Operand::D(dst) => need_src(sink, dst.as_src()),
        Operand::Srcs(list) => {
            for &src in module.src_pool.get(list.0.range()).unwrap_or(&[]) {
                need_src(sink, src);
            }
        }
        Operand::Cases(list) => {
            for &(value, _) in module.case_pool.get(list.0.range()).unwrap_or(&[]) {
                need_src(sink, value);
            }
        }
        Operand::KeyVals(list) => {
            for &(key, value) in module.key_val_pool.get(list.0.range()).unwrap_or(&[]) {
                need_src(sink, key);
                need_src(sink, value);
            }
        }
        Operand::KeyDsts(list) => {
            for &(key, _) in module.key_dst_pool.get(list.0.range()).unwrap_or(&[]) {
                need_src(sink, key);
            }
        }
        Operand::U(_)
        | Operand::Y(_)
        | Operand::L(_)
        | Operand::Fail(_)
        | Operand::A(_)
        | Operand::F(_)
        | Operand::E(_)
        | Operand::B(_)
        | Operand::Lam(_)
        | Operand::Ys(_)
        | Operand::Fr(_) => {}
    }
}

/// Reports every register an operand writes.
fn define_operand(module: &Module, operand: Operand, sink: &mut impl Sink) {
    match operand {
        Operand::D(dst) => define_dst(sink, dst),
        Operand::KeyDsts(list) => {
            for &(_, dst) in module.key_dst_pool.get(list.0.range()).unwrap_or(&[]) {
                define_dst(sink, dst);
            }
        }
        Operand::U(_)
        | Operand::S(_)
        | Operand::Y(_)
        | Operand::L(_)
        | Operand::Fail(_)
        | Operand::A(_)
        | Operand::F(_)
        | Operand::E(_)
        | Operand::B(_)
        | Operand::Lam(_)
        | Operand::Srcs(_)
        | Operand::Ys(_)
        | Operand::Cases(_)
        | Operand::KeyVals(_)
        | Operand::Fr(_) => {}
    }
}

/// Calls `visit` with every label an operand names.
fn labels_of(module: &Module, operand: Operand, mut visit: impl FnMut(Label)) {
    match operand {
        Operand::L(label) => visit(label),
        Operand::Fail(fail) => {
            if let Some(label) = fail.label() {
                visit(label);
            }
        }
        Operand::Cases(list) => {
            for &(_, label) in module.case_pool.get(list.0.range()).unwrap_or(&[]) {
                visit(label);
            }
        }
        Operand::U(_)
        | Operand::S(_)
        | Operand::D(_)
        | Operand::Y(_)
        | Operand::A(_)
        | Operand::F(_)
        | Operand::E(_)
        | Operand::B(_)
        | Operand::Lam(_)
        | Operand::Srcs(_)
        | Operand::Ys(_)
        | Operand::KeyVals(_)
        | Operand::KeyDsts(_)
        | Operand::Fr(_) => {}
    }
}

/// Whether an instruction of `flow`, reached with `timer`, reads its
/// source operands. The timeout of `wait_timeout` is read only when the
/// receive starts its timer, that is when none runs.
fn reads_operands(flow: Flow, timer: Timer) -> bool {
    match flow {
        Flow::WaitTimeout => timer == Timer::Idle,
        Flow::Next
        | Flow::Branch
        | Flow::Raise
        | Flow::FunctionClause
        | Flow::Call
        | Flow::BifCall
        | Flow::TailCall
        | Flow::Return
        | Flow::Wait
        | Flow::EndReceive => true,
    }
}

/// How an instruction of `flow` reads the registers it reads without
/// naming them: as a call's arguments, or as plain reads.
fn implicit_use(flow: Flow) -> XRegUse {
    match flow {
        // `send` reads x0 and x1; like BEAM's validator, girder treats it as
        // a call of erlang:send/2.
        Flow::Call | Flow::BifCall | Flow::TailCall | Flow::FunctionClause => XRegUse::Argument,
        Flow::Next | Flow::Branch | Flow::Raise | Flow::Return | Flow::Wait | Flow::WaitTimeout | Flow::EndReceive => {
            XRegUse::Read
        }
    }
}

/// The timer state at the `Retry` label of an instruction of `flow`
/// reached with `timer`: `wait_timeout` has started one; `wait` leaves
/// whatever runs.
fn timer_at_retry(flow: Flow, timer: Timer) -> Timer {
    match flow {
        Flow::WaitTimeout => Timer::Running,
        Flow::Wait
        | Flow::Next
        | Flow::Branch
        | Flow::Raise
        | Flow::FunctionClause
        | Flow::Call
        | Flow::BifCall
        | Flow::TailCall
        | Flow::Return
        | Flow::EndReceive => timer,
    }
}

/// Interprets instruction `at` for an analysis, reached with `timer`, from
/// its operands' roles and its effect in the table.
///
/// In order: a live count keeps x0..x(live-1) (the VM collects first,
/// clearing x(live) and above, and only then reads the sources: they must
/// be live); the sources, arguments and implicit reads are read; the labels
/// are reached (a failure jumps with the registers of that point); the
/// destinations and implicit writes are written; and the flow decides
/// what reaches the next instruction.
///
/// Returns the timer state at the next instruction when execution can
/// continue there, or `None` when the instruction never falls through.
fn interpret(
    module: &Module,
    function: &Function,
    at: u32,
    instr: &Instr,
    timer: Timer,
    sink: &mut impl Sink,
) -> Option<Timer> {
    let effect = instr.info().effect;
    let flow = effect.flow;
    for (role, operand) in operands_with_roles(instr) {
        if let (Use::Live, Operand::U(live)) = (use_of(role), operand) {
            sink.need_below(live, XRegUse::Live);
            sink.keep_below(live, Why::Kept(at));
        }
    }
    if reads_operands(flow, timer) {
        for (role, operand) in operands_with_roles(instr) {
            match use_of(role) {
                Use::Arguments { beyond } => {
                    if let Operand::U(arity) = operand {
                        sink.need_below(arity.saturating_add(beyond), XRegUse::Argument);
                    }
                }
                Use::Read | Use::Update | Use::Fields | Use::Table => need_operand(module, operand, sink),
                Use::Ignored | Use::Live | Use::Write | Use::Jump | Use::Handler | Use::Retry => {}
            }
        }
    }
    if effect.reads > 0 {
        sink.need_below(u32::from(effect.reads), implicit_use(flow));
    }
    for (role, operand) in operands_with_roles(instr) {
        let (carry, timer_there) = match use_of(role) {
            Use::Jump | Use::Table => (Carry::Current, timer),
            Use::Handler => (Carry::Nothing(Why::Handler), Timer::Idle),
            Use::Retry => (Carry::Nothing(Why::Resumed(at)), timer_at_retry(flow, timer)),
            Use::Ignored | Use::Live | Use::Arguments { .. } | Use::Read | Use::Update | Use::Write | Use::Fields => {
                continue
            }
        };
        labels_of(module, operand, |label| sink.branch(label, carry, timer_there));
    }
    for (role, operand) in operands_with_roles(instr) {
        match use_of(role) {
            Use::Write | Use::Update | Use::Fields => define_operand(module, operand, sink),
            Use::Ignored
            | Use::Live
            | Use::Arguments { .. }
            | Use::Read
            | Use::Table
            | Use::Jump
            | Use::Handler
            | Use::Retry => {}
        }
    }
    for reg in 0..u32::from(effect.writes) {
        sink.define(reg);
    }
    match flow {
        Flow::Next => Some(timer),
        Flow::EndReceive => Some(Timer::Idle),
        // A call that returns keeps only its result, in x0. The callee may
        // have ended a receive of ours, so the timer is taken as idle (the
        // stricter state).
        Flow::Call if calls_a_bif_that_never_returns(module, instr) => None,
        Flow::Call | Flow::BifCall => {
            sink.keep_below(0, Why::Kept(at));
            sink.define(0);
            Some(Timer::Idle)
        }
        // A process waiting in a receive keeps no x register, nor does the
        // timeout path.
        Flow::WaitTimeout => {
            sink.keep_below(0, Why::TimedOut);
            Some(Timer::Idle)
        }
        // `func_info` reports the function's arguments.
        Flow::FunctionClause => {
            sink.need_below(function.arity, implicit_use(flow));
            None
        }
        Flow::Branch | Flow::Raise | Flow::TailCall | Flow::Return | Flow::Wait => None,
    }
}

/// A node of the analysis: an instruction offset in its function and a
/// timer state.
type Node = (u32, Timer);

/// Marks a node that is not the start of a block.
const NOT_JOIN: u32 = u32::MAX;
/// Marks the start of a block that no path has reached yet.
const UNREACHED: u32 = u32::MAX - 1;

/// The shape of one function for the analyses: its blocks and bitset width.
struct Blocks<'a> {
    /// The module holding the function.
    module: &'a Module,
    /// The function analysed.
    function: &'a Function,
    /// For each (offset, timer), `NOT_JOIN`, `UNREACHED`, or the slot of its state.
    slot_of: Vec<u32>,
    /// Each slot's node, in the order slots were given out.
    nodes: Vec<Node>,
    /// 64-bit words per register set.
    words: usize,
}

impl<'a> Blocks<'a> {
    /// Finds where blocks start (the entry and every label target) and the
    /// width of a register set.
    fn new(module: &'a Module, function: &'a Function) -> Blocks<'a> {
        let start = function.entry.0;
        let n_instrs = function.end.saturating_sub(start) as usize;
        let mut slot_of = vec![NOT_JOIN; n_instrs.saturating_mul(2)];
        let mut highest = u64::from(function.arity.saturating_sub(1));
        let mut mark = |label: Label| {
            if let Some(offset) = label.0.checked_sub(start).map(|offset| offset as usize).filter(|&o| o < n_instrs) {
                slot_of[offset * 2] = UNREACHED;
                slot_of[offset * 2 + 1] = UNREACHED;
            }
        };
        mark(function.entry);
        for instr in module.code.get(start as usize..function.end as usize).unwrap_or(&[]) {
            for_each_target(module, instr, &mut mark);
            if let Some(implied) = implied_x_reg(instr, function.arity) {
                highest = highest.max(implied);
            }
            for_each_register(module, instr, |register| {
                if let Register::X(index) = register {
                    highest = highest.max(u64::from(index));
                }
            });
        }
        // Operands were checked against MAX_X_REGS; the cap only bounds the
        // width should the pass ever run on a module that was not.
        let words = (highest.min(u64::from(MAX_X_REGS)) / 64 + 1) as usize;
        Blocks { module, function, slot_of, nodes: Vec::new(), words }
    }

    /// The index of `node` in `slot_of`.
    fn key(&self, (offset, timer): Node) -> usize {
        offset as usize * 2 + timer as usize
    }

    /// The slot of a block start, giving it one if this is the first path to
    /// reach it; `None` when `node` is not a block start (or not in the function).
    fn slot(&mut self, node: Node) -> Option<(usize, bool)> {
        let key = self.key(node);
        match *self.slot_of.get(key)? {
            NOT_JOIN => None,
            UNREACHED => {
                let slot = self.nodes.len();
                self.slot_of[key] = slot as u32;
                self.nodes.push(node);
                Some((slot, true))
            }
            slot => Some((slot as usize, false)),
        }
    }

    /// Whether offset `offset` starts a block.
    fn is_join(&self, offset: u32) -> bool {
        self.slot_of.get(offset as usize * 2).is_some_and(|&slot| slot != NOT_JOIN)
    }

    /// The offset of `label` in the function.
    fn offset(&self, label: Label) -> Option<u32> {
        label.0.checked_sub(self.function.entry.0)
    }
}

// ---- the register sets ----

/// Whether a register set (one bit per x register, in 64-bit words) holds `reg`.
fn contains(set: &[u64], reg: u32) -> bool {
    set.get(reg as usize / 64).is_some_and(|word| word >> (reg % 64) & 1 == 1)
}

/// Adds `reg` to a set (ignored past its width).
fn insert(set: &mut [u64], reg: u32) {
    if let Some(word) = set.get_mut(reg as usize / 64) {
        *word |= 1 << (reg % 64);
    }
}

/// Removes every register at or above `keep` from a set.
fn keep_below(set: &mut [u64], keep: u32) {
    let full = keep as usize / 64;
    let bits = keep % 64;
    if let Some(word) = set.get_mut(full) {
        *word &= (1u64 << bits) - 1;
    }
    for word in set.iter_mut().skip(full + 1) {
        *word = 0;
    }
}

/// The first register below `count` missing from a set, if any.
fn first_missing_below(set: &[u64], count: u32) -> Option<u32> {
    let full = count as usize / 64;
    for index in 0..=full {
        let mask = if index < full { u64::MAX } else { (1u64 << (count % 64)) - 1 };
        if mask == 0 {
            break;
        }
        let word = set.get(index).copied().unwrap_or(0);
        let missing = !word & mask;
        if missing != 0 {
            return Some(index as u32 * 64 + missing.trailing_zeros());
        }
    }
    None
}

// ---- the main analysis ----

/// The dataflow computing, at each block start, the registers defined on
/// every path; and then checking every read against it.
struct Defined<'a, 'b> {
    /// The function's blocks, whose slots index `states`.
    blocks: &'b mut Blocks<'a>,
    /// The sets of the block starts, `words` words per slot.
    states: Vec<u64>,
    /// Whether a slot's state changed since its block was last walked.
    dirty: Vec<bool>,
    /// Block starts to walk, lowest offset first.
    worklist: BinaryHeap<Reverse<Node>>,
    /// The set at the current point of the walk.
    current: Vec<u64>,
    /// Whether reads are checked (after the fixed point) or jumps followed (before).
    checking: bool,
    /// The instruction being interpreted.
    at: u32,
    /// The start of the block being walked.
    block: Node,
    /// The first failed read found: instruction, register, use, and the
    /// start of its block.
    failure: Option<(u32, u32, XRegUse, Node)>,
}

impl Defined<'_, '_> {
    /// Merges `set` (or the empty set) into the state of block start `node`.
    fn merge(&mut self, node: Node, set: Option<&[u64]>) {
        let words = self.blocks.words;
        let Some((slot, fresh)) = self.blocks.slot(node) else {
            return;
        };
        if fresh {
            match set {
                Some(set) => self.states.extend_from_slice(set),
                None => self.states.resize(self.states.len() + words, 0),
            }
            self.dirty.push(true);
            self.worklist.push(Reverse(node));
            return;
        }
        let there = &mut self.states[slot * words..(slot + 1) * words];
        let mut changed = false;
        for (index, word) in there.iter_mut().enumerate() {
            let incoming = set.map_or(0, |set| set[index]);
            let merged = *word & incoming;
            changed |= merged != *word;
            *word = merged;
        }
        if changed && !self.dirty[slot] {
            self.dirty[slot] = true;
            self.worklist.push(Reverse(node));
        }
    }

    /// Records a failed read, keeping the first in code order.
    fn fail(&mut self, reg: u32, usage: XRegUse) {
        let earlier = match self.failure {
            Some((at, ..)) => self.at < at,
            None => true,
        };
        if earlier {
            self.failure = Some((self.at, reg, usage, self.block));
        }
    }
}

impl Sink for Defined<'_, '_> {
    fn need(&mut self, reg: u32, usage: XRegUse) {
        if self.checking && !contains(&self.current, reg) {
            self.fail(reg, usage);
        }
    }

    fn need_below(&mut self, count: u32, usage: XRegUse) {
        if self.checking {
            if let Some(reg) = first_missing_below(&self.current, count) {
                self.fail(reg, usage);
            }
        }
    }

    fn keep_below(&mut self, keep: u32, _why: Why) {
        keep_below(&mut self.current, keep);
    }

    fn define(&mut self, reg: u32) {
        insert(&mut self.current, reg);
    }

    fn branch(&mut self, label: Label, carry: Carry, timer: Timer) {
        if self.checking {
            return;
        }
        let Some(offset) = self.blocks.offset(label) else {
            return;
        };
        match carry {
            Carry::Current => {
                let current = std::mem::take(&mut self.current);
                self.merge((offset, timer), Some(&current));
                self.current = current;
            }
            Carry::Nothing(_) => self.merge((offset, timer), None),
        }
    }
}

// ---- the explanation ----

/// What the explanation knows of one register at a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cell {
    /// No path reached the point yet.
    Unreached,
    /// The register holds a value on every path so far.
    Holds,
    /// Some path reaches the point without a value, lost for this reason.
    Lost(Why),
}

/// A second dataflow, run only to explain a failure: for one register, at
/// each block start, whether it holds a value and, if not, why on one path.
/// A cell changes at most twice, so this is linear.
struct Explain<'a, 'b> {
    /// The function's blocks, whose slots index `cells`.
    blocks: &'b mut Blocks<'a>,
    /// The register explained.
    reg: u32,
    /// The cell of each slot of the main analysis.
    cells: Vec<Cell>,
    /// Block starts whose cell changed.
    worklist: Vec<Node>,
    /// The cell at the current point of the walk.
    current: Cell,
    /// The instruction being interpreted.
    at: u32,
    /// In the last walk, the instruction whose read is explained.
    stop_at: Option<u32>,
    /// The cell when that instruction read the register without a value.
    seen: Option<Cell>,
}

impl Explain<'_, '_> {
    /// Notes the cell if the instruction explained reads the register
    /// here without a value.
    fn note_read(&mut self) {
        if self.stop_at == Some(self.at) && self.seen.is_none() && self.current != Cell::Holds {
            self.seen = Some(self.current);
        }
    }
}

impl Explain<'_, '_> {
    /// Merges `incoming` into the cell of block start `node`.
    fn merge(&mut self, node: Node, incoming: Cell) {
        let Some((slot, _)) = self.blocks.slot(node) else {
            return;
        };
        if slot >= self.cells.len() {
            self.cells.resize(slot + 1, Cell::Unreached);
        }
        let merged = match (self.cells[slot], incoming) {
            (Cell::Unreached, incoming) => incoming,
            (Cell::Lost(why), _) => Cell::Lost(why),
            (Cell::Holds, incoming) => incoming,
        };
        if merged != self.cells[slot] {
            self.cells[slot] = merged;
            self.worklist.push(node);
        }
    }
}

impl Sink for Explain<'_, '_> {
    fn need(&mut self, reg: u32, _usage: XRegUse) {
        if reg == self.reg {
            self.note_read();
        }
    }

    fn need_below(&mut self, count: u32, _usage: XRegUse) {
        if self.reg < count {
            self.note_read();
        }
    }

    fn keep_below(&mut self, keep: u32, why: Why) {
        // The latest loss on the path is the one to report.
        if self.reg >= keep && self.current != Cell::Unreached {
            self.current = Cell::Lost(why);
        }
    }

    fn define(&mut self, reg: u32) {
        if reg == self.reg {
            self.current = Cell::Holds;
        }
    }

    fn branch(&mut self, label: Label, carry: Carry, timer: Timer) {
        let Some(offset) = self.blocks.offset(label) else {
            return;
        };
        let incoming = match carry {
            Carry::Current => self.current,
            Carry::Nothing(why) => Cell::Lost(why),
        };
        self.merge((offset, timer), incoming);
    }
}

/// Finds why register `reg` may hold no value when instruction `at`, in the
/// block starting at `block`, reads it.
fn explain(blocks: &mut Blocks<'_>, reg: u32, at: u32, block: Node) -> Why {
    let arity = blocks.function.arity;
    let entry_cell = if reg < arity { Cell::Holds } else { Cell::Lost(Why::Entry) };
    let mut explain = Explain {
        blocks,
        reg,
        cells: Vec::new(),
        worklist: Vec::new(),
        current: Cell::Unreached,
        at: 0,
        stop_at: None,
        seen: None,
    };
    explain.merge((0, Timer::Idle), entry_cell);
    while let Some(node) = explain.worklist.pop() {
        let Some((slot, _)) = explain.blocks.slot(node) else {
            continue;
        };
        explain.current = explain.cells[slot];
        if let Some(next) = walk_explain(&mut explain, node) {
            let cell = explain.current;
            explain.merge(next, cell);
        }
    }
    // Walk the block holding `at` through the read itself.
    let Some((slot, _)) = explain.blocks.slot(block) else {
        return Why::Entry;
    };
    explain.current = explain.cells.get(slot).copied().unwrap_or(Cell::Unreached);
    explain.stop_at = Some(at);
    walk_explain(&mut explain, block);
    match explain.seen {
        Some(Cell::Lost(why)) => why,
        _ => Why::Entry,
    }
}

/// Walks one block for the explanation, or with `stop_at` set, up to and
/// through that instruction. Returns the block the walk falls into.
fn walk_explain(explain: &mut Explain<'_, '_>, node: Node) -> Option<Node> {
    let start = explain.blocks.function.entry.0;
    let (mut offset, mut timer) = node;
    loop {
        let at = start.checked_add(offset)?;
        if at >= explain.blocks.function.end {
            return None;
        }
        explain.at = at;
        let instr = explain.blocks.module.code.get(at as usize)?;
        let function = explain.blocks.function;
        let module = explain.blocks.module;
        timer = interpret(module, function, at, instr, timer, explain)?;
        if explain.stop_at == Some(at) {
            return None;
        }
        offset += 1;
        if explain.blocks.is_join(offset) {
            return Some((offset, timer));
        }
    }
}

/// How the explanation of a lost register writes one operand.
enum Shown {
    /// As itself: a count, or the function a call names.
    Text(String),
    /// The BIF a `gc_bif` calls, written after the instruction: `` `gc_bif` of erlang:'+'/2 ``.
    Bif(String),
    /// Not written: an instruction with such an operand is written by its
    /// name, its BIF and its live count only.
    Hidden,
}

/// How the explanation writes an operand of `role`.
fn shown(module: &Module, role: Role, operand: Operand) -> Shown {
    let import_text =
        |index: u32| module.imports.get(index as usize).map_or_else(String::new, |import| import_name(module, import));
    match (role, operand) {
        (
            Role::Arity
            | Role::FunArity
            | Role::ApplyArity
            | Role::Live
            | Role::StackNeed
            | Role::HeapNeed
            | Role::FrameSize
            | Role::Dropped
            | Role::Kept
            | Role::Index
            | Role::Size
            | Role::Unit
            | Role::Flags
            | Role::Bits,
            Operand::U(count),
        ) => Shown::Text(count.to_string()),
        (Role::Local, Operand::F(index)) => Shown::Text(function_name(module, index).to_string()),
        (Role::External, Operand::E(index)) => Shown::Text(import_text(index)),
        (Role::Bif, Operand::B(index)) => Shown::Bif(import_text(index)),
        // Counts and callees are shown; every other operand stays out of
        // the message.
        _ => Shown::Hidden,
    }
}

/// An instruction as the explanation writes it: whole (`` `call 1, g/1` ``)
/// when every operand can be shown, otherwise by its name, its BIF and
/// its live count (`` `gc_bif` of erlang:'+'/2 with live 2 ``).
fn instruction_text(module: &Module, instr: &Instr, live: Option<u32>) -> String {
    let name = instr.info().name;
    let mut shown_operands = Vec::new();
    let mut bif = None;
    let mut whole = true;
    for (role, operand) in operands_with_roles(instr) {
        match shown(module, role, operand) {
            Shown::Text(text) => shown_operands.push(text),
            Shown::Bif(text) => {
                bif = Some(text);
                whole = false;
            }
            Shown::Hidden => whole = false,
        }
    }
    if whole {
        return if shown_operands.is_empty() {
            format!("`{name}`")
        } else {
            format!("`{name} {}`", shown_operands.join(", "))
        };
    }
    let mut text = format!("`{name}`");
    if let Some(bif) = bif {
        text.push_str(&format!(" of {bif}"));
    }
    if let Some(live) = live {
        text.push_str(&format!(" with live {live}"));
    }
    text
}

/// Turns the reason a register lost its value into the form the error
/// message words, naming the instruction responsible.
fn describe_cause(module: &Module, function: &Function, why: Why) -> XRegCause {
    match why {
        Why::Entry => XRegCause::Entry { arity: function.arity },
        Why::Kept(at) => {
            let Some(instr) = module.code.get(at as usize) else {
                return XRegCause::Entry { arity: function.arity };
            };
            let live = operands_with_roles(instr).find_map(|(role, operand)| match (use_of(role), operand) {
                (Use::Live, Operand::U(live)) => Some(live),
                _ => None,
            });
            let instruction = instruction_text(module, instr, live).into();
            if let Some(live) = live {
                return XRegCause::Live { instruction, live };
            }
            match instr.info().effect.flow {
                Flow::Call | Flow::BifCall => XRegCause::Call { instruction },
                // Only a live count or a call keeps some registers.
                Flow::Next
                | Flow::Branch
                | Flow::Raise
                | Flow::FunctionClause
                | Flow::TailCall
                | Flow::Return
                | Flow::Wait
                | Flow::WaitTimeout
                | Flow::EndReceive => XRegCause::Entry { arity: function.arity },
            }
        }
        Why::Resumed(at) => {
            XRegCause::Resumed { instruction: module.code.get(at as usize).map_or("wait", |instr| instr.info().name) }
        }
        Why::TimedOut => XRegCause::TimedOut,
        Why::Handler => XRegCause::Handler,
    }
}

/// Runs the x register dataflow over one function whose operands are already
/// verified (registers and live counts in range, labels inside the function,
/// pool spans in range) and whose frames are consistent.
///
/// `error_at` places an error at an instruction of the function.
pub(crate) fn check_x_registers(
    module: &Module,
    function: &Function,
    error_at: impl Fn(u32, ErrorKind) -> LoadError,
) -> Result<(), LoadError> {
    check_counting_walks(module, function, error_at).0
}

/// [`check_x_registers`], also returning how many block walks the fixed
/// point took: the measure of its work that tests bound.
fn check_counting_walks(
    module: &Module,
    function: &Function,
    error_at: impl Fn(u32, ErrorKind) -> LoadError,
) -> (Result<(), LoadError>, usize) {
    let mut blocks = Blocks::new(module, function);
    if blocks.slot_of.is_empty() {
        return (Ok(()), 0);
    }
    let mut walks = 0;
    let words = blocks.words;
    let mut defined = Defined {
        blocks: &mut blocks,
        states: Vec::new(),
        dirty: Vec::new(),
        worklist: BinaryHeap::new(),
        current: vec![0; words],
        checking: false,
        at: 0,
        block: (0, Timer::Idle),
        failure: None,
    };
    let mut entry = vec![0u64; words];
    for reg in 0..function.arity {
        insert(&mut entry, reg);
    }
    defined.merge((0, Timer::Idle), Some(&entry));

    // The fixed point: walk blocks whose start state changed, lowest first.
    while let Some(Reverse(node)) = defined.worklist.pop() {
        let Some((slot, _)) = defined.blocks.slot(node) else {
            continue;
        };
        if !std::mem::replace(&mut defined.dirty[slot], false) {
            continue;
        }
        load_state(&mut defined, slot);
        walks += 1;
        if let Some(next) = walk_defined(&mut defined, node) {
            let current = std::mem::take(&mut defined.current);
            defined.merge(next, Some(&current));
            defined.current = current;
        }
    }

    // The check: walk every reached block once more, reading against the
    // fixed point, and keep the first failure in code order.
    defined.checking = true;
    for slot in 0..defined.blocks.nodes.len() {
        let node = defined.blocks.nodes[slot];
        load_state(&mut defined, slot);
        walk_defined(&mut defined, node);
    }
    let failure = defined.failure;
    let Some((at, reg, usage, block)) = failure else {
        return (Ok(()), walks);
    };
    let why = explain(&mut blocks, reg, at, block);
    let cause = describe_cause(module, function, why);
    (Err(error_at(at, ErrorKind::XRegisterUndefined { index: reg, usage, cause })), walks)
}

/// Sets the walk's current set to the state of `slot`.
fn load_state(defined: &mut Defined<'_, '_>, slot: usize) {
    let words = defined.blocks.words;
    defined.current.clear();
    defined.current.extend_from_slice(&defined.states[slot * words..(slot + 1) * words]);
}

/// Walks one block for the main analysis, returning the block it falls into.
fn walk_defined(defined: &mut Defined<'_, '_>, node: Node) -> Option<Node> {
    defined.block = node;
    let start = defined.blocks.function.entry.0;
    let (mut offset, mut timer) = node;
    loop {
        let at = start.checked_add(offset)?;
        if at >= defined.blocks.function.end {
            return None;
        }
        let module = defined.blocks.module;
        let function = defined.blocks.function;
        let instr = module.code.get(at as usize)?;
        defined.at = at;
        timer = interpret(module, function, at, instr, timer, defined)?;
        offset += 1;
        if defined.blocks.is_join(offset) {
            return Some((offset, timer));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::module::{Fail, Literal};
    use crate::samples::Builder;
    use crate::verify;
    use proptest::prelude::*;

    /// x register N as a source.
    fn x(index: u32) -> Src {
        Src::x(index)
    }

    /// y register N as a source.
    fn y(index: u32) -> Src {
        Src::y(index)
    }

    /// A module whose function 0 is `f/arity` with the given body, and whose
    /// function 1 is `g/1` (which returns its argument), for calls; `body`
    /// gets the builder and the label maker of `f`.
    fn module_with(arity: u32, body: impl FnOnce(&mut Builder, &dyn Fn(u32) -> Label) -> Vec<Instr>) -> Module {
        let mut builder = Builder::new("t");
        builder.function("f", arity, body);
        builder.function("g", 1, |_, _| vec![Instr::Return()]);
        builder.module
    }

    /// Verifies `module`, giving the error's kind and its message.
    fn verdict(module: &Module) -> Result<(), (ErrorKind, String)> {
        verify(module).map_err(|error| {
            let message = error.kind.to_string();
            (error.kind, message)
        })
    }

    /// Asserts that `module` is refused for reading register `index` in the
    /// form `usage` at instruction `at`, and returns the message.
    fn refused(module: &Module, index: u32, usage: XRegUse, at: u32) -> String {
        let error = verify(module).expect_err("the module must be refused");
        assert_eq!(error.location.as_ref().map(instruction_of), Some(at), "{error}");
        match &error.kind {
            ErrorKind::XRegisterUndefined { index: found, usage: found_usage, .. } => {
                assert_eq!((*found, *found_usage), (index, usage), "{error}");
            }
            other => panic!("expected an x register error, got: {other}"),
        }
        error.kind.to_string()
    }

    /// The instruction index of an error's location.
    fn instruction_of(location: &crate::error::Location) -> u32 {
        match location {
            crate::error::Location::Instruction { instr, .. } => *instr,
            crate::error::Location::Entry(index) => *index,
        }
    }

    #[test]
    fn a_function_starts_with_its_arguments_only() {
        let module = module_with(2, |_, _| vec![Instr::Move(x(1), Dst::X(0)), Instr::Return()]);
        assert!(verdict(&module).is_ok());
        let module = module_with(2, |_, _| vec![Instr::Move(x(2), Dst::X(0)), Instr::Return()]);
        let message = refused(&module, 2, XRegUse::Read, 0);
        assert_eq!(
            message,
            "x2 is read here but holds no value on some path: the function starts with only x0 and x1 defined"
        );
        let module = module_with(0, |_, _| vec![Instr::Return()]);
        let message = refused(&module, 0, XRegUse::Read, 0);
        assert!(message.ends_with("the function starts with no x register defined"), "{message}");
    }

    #[test]
    fn a_destination_gets_a_value() {
        let module = module_with(1, |b, _| {
            let srcs = b.srcs(&[x(0), x(3)]);
            vec![
                Instr::Move(x(0), Dst::X(3)),
                Instr::TestHeap(3, 4),
                Instr::PutTuple2(Dst::X(0), srcs),
                Instr::Return(),
            ]
        });
        // test_heap 3, 4 counts x1 and x2 live, which hold nothing.
        refused(&module, 1, XRegUse::Live, 1);
        let module = module_with(1, |b, _| {
            let srcs = b.srcs(&[x(0), x(3)]);
            vec![Instr::Move(x(0), Dst::X(3)), Instr::PutTuple2(Dst::X(0), srcs), Instr::Return()]
        });
        assert!(verdict(&module).is_ok());
    }

    #[test]
    fn a_live_count_keeps_only_the_registers_below_it() {
        let module = module_with(1, |b, _| {
            let nil = b.literal(Literal::Nil);
            vec![
                Instr::Move(nil, Dst::X(1)),
                Instr::TestHeap(2, 1),
                Instr::PutList(x(0), x(1), Dst::X(0)),
                Instr::Return(),
            ]
        });
        let message = refused(&module, 1, XRegUse::Read, 2);
        assert_eq!(message, "x1 is read here but holds no value on some path: `test_heap 2, 1` keeps only x0");
        let module = module_with(1, |b, _| {
            let nil = b.literal(Literal::Nil);
            vec![
                Instr::Move(nil, Dst::X(1)),
                Instr::TestHeap(2, 2),
                Instr::PutList(x(0), x(1), Dst::X(0)),
                Instr::Return(),
            ]
        });
        assert!(verdict(&module).is_ok());
        // allocate keeps as test_heap does.
        let module = module_with(2, |_, _| {
            vec![Instr::Allocate(0, 1), Instr::Move(x(1), Dst::X(0)), Instr::Deallocate(0), Instr::Return()]
        });
        let message = refused(&module, 1, XRegUse::Read, 1);
        assert!(message.ends_with("`allocate 0, 1` keeps only x0"), "{message}");
    }

    #[test]
    fn gc_bif_reads_its_arguments_after_the_collection() {
        // Arguments at or above the live count are cleared before the BIF reads them.
        let plus_call = |live: u32| {
            let mut builder = Builder::new("t");
            let plus = builder.import("erlang", "+", 2);
            builder.function("f", 2, |b, _| {
                let arguments = b.srcs(&[x(0), x(1)]);
                vec![Instr::GcBif(Fail::NONE, live, plus, arguments, Dst::X(0)), Instr::Return()]
            });
            builder.module
        };
        assert!(verdict(&plus_call(2)).is_ok());
        let message = refused(&plus_call(1), 1, XRegUse::Read, 0);
        assert_eq!(
            message,
            "x1 is read here but holds no value on some path: `gc_bif` of erlang:'+'/2 with live 1 keeps only x0"
        );
        // The fail edge carries what the collection kept; the destination is defined after.
        let mut builder = Builder::new("t");
        let plus = builder.import("erlang", "+", 2);
        builder.function("f", 2, |b, at| {
            let arguments = b.srcs(&[x(0), x(0)]);
            vec![
                Instr::GcBif(Fail::to(at(3)), 1, plus, arguments, Dst::X(2)),
                Instr::Move(x(2), Dst::X(0)),
                Instr::Return(),
                Instr::Move(x(1), Dst::X(0)),
                Instr::Return(),
            ]
        });
        refused(&builder.module, 1, XRegUse::Read, 3);
    }

    #[test]
    fn a_call_keeps_only_its_result() {
        let module = module_with(1, |_, _| {
            vec![
                Instr::Allocate(0, 1),
                Instr::Move(x(0), Dst::X(1)),
                Instr::Call(1, 1),
                Instr::Move(x(1), Dst::X(0)),
                Instr::Deallocate(0),
                Instr::Return(),
            ]
        });
        let message = refused(&module, 1, XRegUse::Read, 3);
        assert_eq!(
            message,
            "x1 is read here but holds no value on some path: `call 1, g/1` keeps only its result, in x0"
        );
        // The result is in x0.
        let module = module_with(1, |_, _| {
            vec![Instr::Allocate(0, 1), Instr::Call(1, 1), Instr::Deallocate(0), Instr::Return()]
        });
        assert!(verdict(&module).is_ok());
        // Arguments, the fun of call_fun and the module and function of apply are read.
        let module = module_with(1, |_, _| {
            vec![Instr::Allocate(0, 1), Instr::CallFun(1), Instr::Deallocate(0), Instr::Return()]
        });
        refused(&module, 1, XRegUse::Argument, 1);
        let module =
            module_with(2, |_, _| vec![Instr::Allocate(0, 2), Instr::Apply(0), Instr::Deallocate(0), Instr::Return()]);
        assert!(verdict(&module).is_ok());
        let module =
            module_with(2, |_, _| vec![Instr::Allocate(0, 2), Instr::Apply(1), Instr::Deallocate(0), Instr::Return()]);
        refused(&module, 2, XRegUse::Argument, 1);
        let module = module_with(0, |_, _| vec![Instr::CallOnly(1, 1)]);
        refused(&module, 0, XRegUse::Argument, 0);
    }

    #[test]
    fn send_is_a_call() {
        let module = module_with(2, |_, _| vec![Instr::Send(), Instr::Return()]);
        assert!(verdict(&module).is_ok());
        let module = module_with(2, |_, _| vec![Instr::Send(), Instr::Move(x(1), Dst::X(0)), Instr::Return()]);
        let message = refused(&module, 1, XRegUse::Read, 1);
        assert!(message.ends_with("`send` keeps only its result, in x0"), "{message}");
        let module = module_with(1, |_, _| vec![Instr::Send(), Instr::Return()]);
        refused(&module, 1, XRegUse::Argument, 0);
    }

    #[test]
    fn paths_intersect_where_they_join() {
        // Only the path falling through defines x1.
        let one_path = module_with(1, |_, at| {
            vec![
                Instr::IsNil(at(2), x(0)),
                Instr::Move(Src::int(1).unwrap(), Dst::X(1)),
                Instr::Move(x(1), Dst::X(0)),
                Instr::Return(),
            ]
        });
        let message = refused(&one_path, 1, XRegUse::Read, 2);
        assert!(message.ends_with("the function starts with only x0 defined"), "{message}");
        // Both paths define it.
        let both_paths = module_with(1, |_, at| {
            vec![
                Instr::IsNil(at(3), x(0)),
                Instr::Move(Src::int(1).unwrap(), Dst::X(1)),
                Instr::Jump(at(4)),
                Instr::Move(Src::int(2).unwrap(), Dst::X(1)),
                Instr::Move(x(1), Dst::X(0)),
                Instr::Return(),
            ]
        });
        assert!(verdict(&both_paths).is_ok());
        // A loop whose body loses a register is caught at the loop head.
        let in_loop = module_with(2, |_, at| {
            vec![
                Instr::IsNil(at(4), x(1)),
                Instr::TestHeap(1, 1),
                Instr::Move(Src::int(0).unwrap(), Dst::X(2)),
                Instr::Jump(at(0)),
                Instr::Return(),
            ]
        });
        refused(&in_loop, 1, XRegUse::Read, 0);
        // A jump table's labels are joins too.
        let table = module_with(1, |b, at| {
            let cases = b.cases(&[(Src::int(1).unwrap(), at(2))]);
            vec![Instr::SelectVal(x(0), at(3), cases), Instr::Return(), Instr::Move(x(1), Dst::X(0)), Instr::Return()]
        });
        refused(&table, 1, XRegUse::Read, 2);
    }

    #[test]
    fn a_resumed_receive_keeps_no_register() {
        // x1 held a value when the receive started, but not after `wait`.
        let after_wait = module_with(2, |_, at| {
            vec![
                Instr::LoopRec(at(4), Dst::X(2)),
                Instr::RemoveMessage(),
                Instr::Move(x(1), Dst::X(0)),
                Instr::Return(),
                Instr::Wait(at(0)),
            ]
        });
        let message = refused(&after_wait, 1, XRegUse::Read, 2);
        assert!(message.ends_with("a receive resumed by `wait` starts with no x register defined"), "{message}");
        // loop_rec defines its destination.
        let message_read = module_with(0, |_, at| {
            vec![Instr::LoopRec(at(3), Dst::X(0)), Instr::RemoveMessage(), Instr::Return(), Instr::Wait(at(0))]
        });
        assert!(verdict(&message_read).is_ok());
        // The timeout of wait_timeout is read only before its timer starts.
        let sleep = module_with(1, |_, at| {
            vec![
                Instr::WaitTimeout(at(0), x(0)),
                Instr::Timeout(),
                Instr::Move(Src::int(0).unwrap(), Dst::X(0)),
                Instr::Return(),
            ]
        });
        assert!(verdict(&sleep).is_ok());
        let no_timeout = module_with(0, |_, at| {
            vec![
                Instr::WaitTimeout(at(0), x(0)),
                Instr::Timeout(),
                Instr::Move(Src::int(0).unwrap(), Dst::X(0)),
                Instr::Return(),
            ]
        });
        refused(&no_timeout, 0, XRegUse::Read, 0);
        // The timeout path has no register.
        let timed_out = module_with(1, |_, at| {
            vec![Instr::WaitTimeout(at(0), Src::int(5).unwrap()), Instr::Timeout(), Instr::Return()]
        });
        let message = refused(&timed_out, 0, XRegUse::Read, 2);
        assert!(message.ends_with("the timeout path of `wait_timeout` starts with no x register defined"), "{message}");
    }

    #[test]
    fn a_handler_starts_with_what_its_instruction_defines() {
        // try_case defines x0..x2.
        let with_try = |read: u32| {
            module_with(1, |_, at| {
                vec![
                    Instr::Allocate(1, 1),
                    Instr::Try(0, at(5)),
                    Instr::Call(1, 1),
                    Instr::TryEnd(0),
                    Instr::Jump(at(7)),
                    Instr::TryCase(0),
                    Instr::Move(x(read), Dst::X(0)),
                    Instr::Deallocate(1),
                    Instr::Return(),
                ]
            })
        };
        assert!(verdict(&with_try(2)).is_ok());
        let message = refused(&with_try(3), 3, XRegUse::Read, 6);
        assert!(message.ends_with("an exception handler starts with no x register defined"), "{message}");
        // catch_end defines x0 only.
        let with_catch = |read: u32| {
            module_with(2, |_, at| {
                vec![
                    Instr::Allocate(1, 2),
                    Instr::Catch(0, at(3)),
                    Instr::Move(x(1), Dst::X(0)),
                    Instr::CatchEnd(0),
                    Instr::Move(x(read), Dst::X(0)),
                    Instr::Deallocate(1),
                    Instr::Return(),
                ]
            })
        };
        assert!(verdict(&with_catch(0)).is_ok());
        refused(&with_catch(1), 1, XRegUse::Read, 4);
    }

    #[test]
    fn unreachable_code_is_not_checked() {
        let module = module_with(1, |_, _| vec![Instr::Return(), Instr::Move(x(7), Dst::X(0)), Instr::Return()]);
        assert!(verdict(&module).is_ok());
    }

    #[test]
    fn swap_and_y_registers() {
        let module = module_with(1, |_, _| {
            vec![
                Instr::Allocate(1, 1),
                Instr::Move(x(0), Dst::Y(0)),
                Instr::Call(1, 1),
                Instr::Move(y(0), Dst::X(1)),
                Instr::Swap(Dst::X(0), Dst::X(1)),
                Instr::Deallocate(1),
                Instr::Return(),
            ]
        });
        assert!(verdict(&module).is_ok());
        let module = module_with(1, |_, _| vec![Instr::Swap(Dst::X(0), Dst::X(1)), Instr::Return()]);
        refused(&module, 1, XRegUse::Read, 0);
    }

    #[test]
    fn a_large_function_with_high_registers_verifies_in_linear_work() {
        // 20,000 blocks, each a join, naming x1023: a bounded number of
        // block walks, counted rather than timed.
        let n_blocks = 20_000;
        let module = module_with(1, |_, at| {
            let mut code = vec![Instr::Move(x(0), Dst::X(1023))];
            for block in 0..n_blocks {
                code.push(Instr::IsNil(at(2 * block + 3), x(1023)));
                code.push(Instr::Move(x(1023), Dst::X(block % 1000)));
            }
            code.push(Instr::Move(x(1023), Dst::X(0)));
            code.push(Instr::Return());
            code
        });
        assert!(verdict(&module).is_ok());
        let function = &module.functions[0];
        let (result, walks) = check_counting_walks(&module, function, |_, kind| panic!("refused: {kind}"));
        assert!(result.is_ok());
        assert!(walks <= 2 * (n_blocks as usize + 1), "{walks} block walks for {n_blocks} blocks");
    }

    /// One instruction of a random function of `n_instrs` instructions and
    /// arity `arity`, from raw choices; labels stay in the function, pools
    /// are built in order by `builder`.
    fn random_instr(builder: &mut Builder, choice: &[u32; 4], n_instrs: u32, entry: u32) -> Instr {
        let label = |value: u32| Label(entry + value % n_instrs);
        let register = |value: u32| match value % 3 {
            0 => value % 1024,
            _ => value % 6,
        };
        let src = |value: u32| Src::x(register(value));
        let dst = |value: u32| Dst::X(register(value));
        let [kind, a, b, c] = *choice;
        match kind % 24 {
            0 => Instr::Move(src(a), dst(b)),
            1 => Instr::IsNil(label(a), src(b)),
            2 => Instr::Jump(label(a)),
            3 => Instr::TestHeap(1, a % 1025),
            4 => Instr::Call(1, 1),
            5 => Instr::Send(),
            6 => Instr::LoopRec(label(a), dst(b)),
            7 => Instr::Wait(label(a)),
            8 => Instr::WaitTimeout(label(a), src(b)),
            9 => Instr::RemoveMessage(),
            10 => Instr::Timeout(),
            11 => Instr::LoopRecEnd(label(a)),
            12 => Instr::Return(),
            13 => {
                let cases = builder.cases(&[(Src::int(1).unwrap(), label(b)), (Src::int(2).unwrap(), label(c))]);
                Instr::SelectVal(src(a), label(c), cases)
            }
            14 => {
                let srcs = builder.srcs(&[src(a), src(b)]);
                Instr::PutTuple2(dst(c), srcs)
            }
            15 => Instr::Swap(dst(a), dst(b)),
            16 => Instr::CallFun(a % 3),
            17 => Instr::Apply(a % 3),
            18 => Instr::TryCase(0),
            19 => Instr::CatchEnd(0),
            20 => Instr::BuildStacktrace(),
            21 => Instr::GetList(src(a), dst(b), dst(c)),
            22 => {
                let pairs = builder.key_dsts(&[(Src::int(1).unwrap(), dst(b))]);
                Instr::GetMapElements(label(c), src(a), pairs)
            }
            _ => Instr::FuncInfo(),
        }
    }

    proptest! {
        /// The check never panics and terminates on arbitrary functions
        /// (which mostly break some rule; only no panic is required).
        #[test]
        fn the_check_never_panics(arity in 0u32..4, choices in proptest::collection::vec(any::<[u32; 4]>(), 1..60)) {
            let mut builder = Builder::new("t");
            let n_instrs = choices.len() as u32;
            builder.function("f", arity, |b, _| {
                choices.iter().map(|choice| random_instr(b, choice, n_instrs, 0)).collect()
            });
            builder.function("g", 1, |_, _| vec![Instr::Return()]);
            let module = builder.module;
            let function = module.functions[0];
            let _ = check_x_registers(&module, &function, |instr, kind| {
                LoadError::new(kind).at(crate::error::Location::Instruction { function: None, instr })
            });
            let _ = verify(&module);
        }
    }

    /// What an interpretation reported, in the sample values of
    /// [`sample_operand`].
    #[derive(Default)]
    struct Record {
        /// Registers read one at a time.
        reads: Vec<(u32, XRegUse)>,
        /// Counts of x0..x(N-1) read.
        reads_below: Vec<(u32, XRegUse)>,
        /// Counts of registers kept.
        kept: Vec<u32>,
        /// Registers written.
        defined: Vec<u32>,
        /// Labels reached, and whether they carry the current registers.
        branches: Vec<(Label, bool)>,
    }

    impl Sink for Record {
        fn need(&mut self, reg: u32, usage: XRegUse) {
            self.reads.push((reg, usage));
        }
        fn need_below(&mut self, count: u32, usage: XRegUse) {
            self.reads_below.push((count, usage));
        }
        fn keep_below(&mut self, keep: u32, _why: Why) {
            self.kept.push(keep);
        }
        fn define(&mut self, reg: u32) {
            self.defined.push(reg);
        }
        fn branch(&mut self, label: Label, carry: Carry, _timer: Timer) {
            self.branches.push((label, matches!(carry, Carry::Current)));
        }
    }

    /// A value of each kind: counts 2, sources x1, destinations x2, y0,
    /// label 0, index 0, empty lists.
    fn sample_operand(kind: girder_spec::OperandKind) -> Operand {
        use crate::module::{Cases, KeyDsts, KeyVals, Srcs, Ys};
        use girder_spec::OperandKind as K;
        match kind {
            K::U => Operand::U(2),
            K::S => Operand::S(Src::x(1)),
            K::D => Operand::D(Dst::X(2)),
            K::Y => Operand::Y(0),
            K::L => Operand::L(Label(0)),
            K::Fail => Operand::Fail(Fail::to(Label(0))),
            K::A => Operand::A(0),
            K::F => Operand::F(0),
            K::E => Operand::E(0),
            K::B => Operand::B(0),
            K::Lam => Operand::Lam(0),
            K::Srcs => Operand::Srcs(Srcs::default()),
            K::Ys => Operand::Ys(Ys::default()),
            K::Cases => Operand::Cases(Cases::default()),
            K::KeyVals => Operand::KeyVals(KeyVals::default()),
            K::KeyDsts => Operand::KeyDsts(KeyDsts::default()),
            K::Fr => Operand::Fr(3),
        }
    }

    /// The guarantee of the table: every row, whatever instruction it is,
    /// is read by every analysis (frames, markers, x registers, implied
    /// registers, labels) as its roles and flow say, with no analysis
    /// listing it by hand. A row whose roles or flow an analysis misreads
    /// fails here; a role or flow an analysis does not handle fails to build.
    #[test]
    fn every_row_is_read_by_every_analysis_as_its_roles_and_flow_say() {
        use crate::frame::{for_each_label, goes_on};
        use crate::markers::{marker_action, MarkerAction};
        use crate::operand::instr_from_operands;
        let module = Module::default();
        let function = Function { name: 0, arity: 0, entry: Label(0), end: 1 };
        for info in girder_spec::INSTRUCTIONS {
            let name = info.name;
            let values: Vec<Operand> = info.operands.iter().map(|&kind| sample_operand(kind)).collect();
            let instr = instr_from_operands(info.opcode, &values).expect("operands match the row");
            let has = |role: Role| info.roles.contains(&role);
            let effect = info.effect;
            let flow = effect.flow;

            let mut record = Record::default();
            let next = interpret(&module, &function, 0, &instr, Timer::Idle, &mut record);
            let falls_through =
                matches!(flow, Flow::Next | Flow::Call | Flow::BifCall | Flow::WaitTimeout | Flow::EndReceive);
            assert_eq!(next.is_some(), falls_through, "{name}: x registers go on as the flow says");
            assert_eq!(goes_on(&module, &instr), falls_through, "{name}: the frame goes on as the flow says");

            // Labels: one per label role (the sample jump tables are empty).
            let label_roles = [Role::Target, Role::Fail, Role::Handler, Role::Retry];
            let n_labels = info.roles.iter().filter(|role| label_roles.contains(role)).count();
            let mut labels = Vec::new();
            for_each_label(&module, &instr, |role, _| labels.push(role));
            assert_eq!(labels.len(), n_labels, "{name}: every label role is a target");
            assert_eq!(record.branches.len(), n_labels, "{name}: every label role is reached");
            let carried = record.branches.iter().filter(|&&(_, carries)| carries).count();
            let empty = usize::from(has(Role::Handler)) + usize::from(has(Role::Retry));
            assert_eq!(carried, n_labels - empty, "{name}: only handlers and retries lose the registers");

            // Reads and writes.
            if has(Role::Live) {
                assert!(record.reads_below.contains(&(2, XRegUse::Live)), "{name}: a live count is read");
                assert!(record.kept.contains(&2), "{name}: a live count keeps");
            }
            if has(Role::Src) {
                assert!(record.reads.contains(&(1, XRegUse::Read)), "{name}: a source is read");
            }
            if has(Role::Updated) {
                assert!(record.reads.contains(&(2, XRegUse::Read)) && record.defined.contains(&2), "{name}");
            }
            if has(Role::Dst) {
                assert!(record.defined.contains(&2), "{name}: a destination is written");
            }
            for (role, beyond) in [(Role::Arity, 0), (Role::FunArity, 1), (Role::ApplyArity, 2)] {
                if has(role) {
                    assert!(record.reads_below.contains(&(2 + beyond, XRegUse::Argument)), "{name}: arguments read");
                    let implied = implied_x_reg(&instr, 0).expect("a call implies its arguments");
                    assert!(implied >= u64::from(1 + beyond), "{name}: arguments implied");
                }
            }
            if effect.reads > 0 {
                assert!(record.reads_below.iter().any(|&(count, _)| count == u32::from(effect.reads)), "{name}");
            }
            for reg in 0..u32::from(effect.writes) {
                assert!(record.defined.contains(&reg), "{name}: implicit write of x{reg}");
            }
            let implicit = u64::from(effect.reads.max(effect.writes));
            if implicit > 0 {
                assert!(implied_x_reg(&instr, 0) >= Some(implicit - 1), "{name}: implicit registers implied");
            }
            if matches!(flow, Flow::Call | Flow::BifCall) {
                assert!(record.kept.contains(&0) && record.defined.contains(&0), "{name}: a call keeps its result");
            }

            // Markers.
            let action = marker_action(&instr);
            let installs = has(Role::MarkTry) || has(Role::MarkCatch);
            let ends = has(Role::EndTry) || has(Role::HandleTry) || has(Role::HandleCatch);
            assert_eq!(matches!(action, MarkerAction::Install { .. }), installs, "{name}: installs a marker");
            assert_eq!(matches!(action, MarkerAction::End { .. }), ends, "{name}: ends a marker");
            let changes_frame = has(Role::FrameSize) || has(Role::Dropped);
            assert_eq!(action == MarkerAction::ChangesFrame, changes_frame, "{name}: changes the frame");
        }
    }
}
