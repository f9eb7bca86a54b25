//! The native functions of OTP's `ets` module.
//!
//! The tables themselves are `crate::ets`; this module reads the
//! arguments, checks access as OTP does, and copies objects between the
//! caller's heap and the tables. Errors are `badarg`, with the `cause`
//! OTP's `erl_stdlib_errors` reads: `id` (no such table), `access` (not
//! allowed), `badkey`, `keypos`, `already_exists` and `owner`.
//!
//! OTP's `ets.beam` supplies the functions written in Erlang over these
//! (`foldl/3`, `tab2list/1`, `delete_all_objects/1`, `select_delete/2`,
//! `fun2ms/1`, `i/0`, ...), and runs as OTP's code.
//!
//! `select/3` and its kind gather every result at the first call and
//! hand them out `Limit` at a time: the continuation holds the results
//! not yet returned, so later calls see the table as it was at the first.

mod match_spec;

use super::BifCtx;
use crate::ets::{self, Access, Change, Heir, Kind, Object, Options, Table};
use crate::exception::{BifResult, Exception};
use crate::term::compare::{compare, exact_eq};
use crate::term::{atoms, build, Atom, Term};
use match_spec::MatchSpec;
use std::cmp::Ordering;

/// What an operation needs of the caller.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Nothing: any process may ask (`info`, `whereis`).
    Nothing,
    /// Read access.
    Read,
    /// Write access.
    Write,
}

fn no_table() -> Exception {
    Exception::badarg_because(atoms::ID)
}

/// Runs `f` over the table `id` names, once the caller's access is checked.
fn with<R>(
    ctx: &mut BifCtx<'_>,
    id: Term,
    need: Need,
    f: impl FnOnce(&mut BifCtx<'_>, &Table) -> Result<R, Exception>,
) -> Result<R, Exception> {
    let vm = ctx.vm;
    let pid = ctx.process.pid;
    vm.ets
        .with_table(id, |table| {
            let allowed = match need {
                Need::Nothing => true,
                Need::Read => table.may_read(pid),
                Need::Write => table.may_write(pid),
            };
            if !allowed {
                return Err(Exception::badarg_because(atoms::ACCESS));
            }
            f(ctx, table)
        })
        .unwrap_or_else(|| Err(no_table()))
}

/// Charges the caller for `n` objects read or written.
fn charge(ctx: &mut BifCtx<'_>, n: usize) {
    ctx.reductions = ctx.reductions.saturating_add(u32::try_from(n / 8).unwrap_or(u32::MAX));
}

// ---- making and naming tables ----

/// Reads `ets:new/2`'s options.
fn parse_options(list: Term) -> Result<(Options, Option<Heir>), Exception> {
    let mut options = Options::default();
    let mut heir = None;
    let mut decentralized = None;
    for option in build::list_to_vec(list).ok_or_else(Exception::badarg)? {
        if let Some(atom) = option.as_atom() {
            let name = atom.name();
            if let Some(kind) = Kind::from_name(name) {
                options.kind = kind;
            } else if let Some(access) = Access::from_name(name) {
                options.access = access;
            } else if atom == atoms::NAMED_TABLE {
                options.named = true;
            } else if atom == atoms::COMPRESSED {
                options.compressed = true;
            } else {
                return Err(Exception::badarg());
            }
            continue;
        }
        let elements = option.as_tuple().ok_or_else(Exception::badarg)?;
        match (elements.first().and_then(|first| first.as_atom()), elements.get(1..).unwrap_or(&[])) {
            (Some(atoms::KEYPOS), &[position]) => {
                let position = position.as_small().filter(|&p| p >= 1).ok_or_else(Exception::badarg)?;
                options.keypos = usize::try_from(position).map_err(|_| Exception::badarg())?;
            }
            (Some(atoms::HEIR), &[none]) if none == Term::atom(atoms::NONE) => heir = None,
            (Some(atoms::HEIR), &[pid, data]) if pid.is_local_pid() => heir = Some(Heir::new(pid, data)),
            (Some(atoms::READ_CONCURRENCY), &[flag]) if flag.is_boolean() => {
                options.read_concurrency = flag == Term::atom(atoms::TRUE);
            }
            (Some(atoms::WRITE_CONCURRENCY), &[flag]) if flag.is_boolean() || flag == Term::atom(atoms::AUTO) => {
                options.write_concurrency = flag.as_atom().unwrap_or(atoms::FALSE);
            }
            (Some(atoms::DECENTRALIZED_COUNTERS), &[flag]) if flag.is_boolean() => {
                decentralized = Some(flag == Term::atom(atoms::TRUE));
            }
            _ => return Err(Exception::badarg()),
        }
    }
    // OTP counts in stripes by default exactly for an `ordered_set` with
    // `write_concurrency`.
    options.decentralized_counters =
        decentralized.unwrap_or(options.kind == Kind::OrderedSet && options.write_concurrency != atoms::FALSE);
    Ok((options, heir))
}

/// `ets:new/2`: a new table owned by the caller; its name if named,
/// else its identifier (a reference).
pub fn new(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    let (options, heir) = parse_options(args[1])?;
    let id = ctx.vm.next_ref();
    let table = Table::new(id, name, ctx.process.pid, &options, heir);
    let resource = ctx.vm.ets.create(table).map_err(|_| Exception::badarg_because(atoms::ALREADY_EXISTS))?;
    Ok(ctx.vm.ets.identifier(&mut ctx.process.heap, &resource))
}

/// `ets:delete/1`: deletes the table; `true`.
pub fn delete1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let resource = ctx.vm.ets.resource(args[0]).ok_or_else(no_table)?;
    let allowed = ets::native_table(&resource).is_some_and(|table| table.may_write(ctx.process.pid));
    if !allowed {
        return Err(Exception::badarg_because(atoms::ACCESS));
    }
    ctx.vm.ets.delete(&resource);
    Ok(Term::atom(atoms::TRUE))
}

/// `ets:rename/2`: gives the table a new name; the name.
pub fn rename(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[1].as_atom().ok_or_else(Exception::badarg)?;
    let resource = ctx.vm.ets.resource(args[0]).ok_or_else(no_table)?;
    let table = ets::native_table(&resource).ok_or_else(no_table)?;
    if !table.may_write(ctx.process.pid) {
        return Err(Exception::badarg_because(atoms::ACCESS));
    }
    if !ctx.vm.ets.rename(&resource, name) {
        return Err(Exception::badarg_because(atoms::ALREADY_EXISTS));
    }
    Ok(ctx.vm.ets.identifier(&mut ctx.process.heap, &resource))
}

/// `ets:whereis/1`: the identifier of the named table, or `undefined`.
pub fn whereis(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let name = args[0].as_atom().ok_or_else(Exception::badarg)?;
    Ok(match ctx.vm.ets.named(name) {
        Some(resource) => ctx.vm.ets.reference(&mut ctx.process.heap, &resource),
        None => Term::atom(atoms::UNDEFINED),
    })
}

/// `ets:all/0`: every table's identifier, oldest first.
pub fn all(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    let tables = ctx.vm.ets.all();
    let ids: Vec<Term> = tables.iter().map(|resource| ctx.vm.ets.identifier(&mut ctx.process.heap, resource)).collect();
    charge(ctx, ids.len());
    Ok(build::list_from_slice(&mut ctx.process.heap, &ids))
}

/// `ets:give_away/3`: makes another live local process the owner, which
/// is sent `{'ETS-TRANSFER', Table, FromPid, GiftData}`.
pub fn give_away(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (id, to, gift) = (args[0], args[1], args[2]);
    let resource = ctx.vm.ets.resource(id).ok_or_else(no_table)?;
    let table = ets::native_table(&resource).ok_or_else(no_table)?;
    let me = ctx.process.pid;
    if table.owner() != me || to == me {
        return Err(Exception::badarg_because(atoms::OWNER));
    }
    if !to.is_local_pid() || !ctx.vm.processes.is_alive(to) {
        return Err(Exception::badarg());
    }
    ctx.vm.ets.transfer(&resource, to);
    let tid = ctx.vm.ets.identifier(&mut ctx.process.heap, &resource);
    let message = build::tuple(&mut ctx.process.heap, &[Term::atom(atoms::ETS_TRANSFER), tid, me, gift]);
    crate::process::send::send(ctx.vm, ctx.process, to, message)?;
    Ok(Term::atom(atoms::TRUE))
}

/// `ets:setopts/2`: `{heir, Pid, Data}` or `{heir, none}`, alone or in a
/// list; only the owner may.
pub fn setopts(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let options = match build::list_to_vec(args[1]) {
        Some(options) => options,
        None => vec![args[1]],
    };
    let me = ctx.process.pid;
    with(ctx, args[0], Need::Nothing, |_, table| {
        if table.owner() != me {
            return Err(Exception::badarg_because(atoms::OWNER));
        }
        for option in options {
            let elements = option.as_tuple().ok_or_else(Exception::badarg)?;
            match elements {
                [heir, none] if *heir == Term::atom(atoms::HEIR) && *none == Term::atom(atoms::NONE) => {
                    table.set_heir(None)
                }
                [heir, pid, data] if *heir == Term::atom(atoms::HEIR) && pid.is_local_pid() => {
                    table.set_heir(Some(Heir::new(*pid, *data)))
                }
                _ => return Err(Exception::badarg()),
            }
        }
        Ok(Term::atom(atoms::TRUE))
    })
}

// ---- objects by key ----

/// The tuples `insert/2` takes: one, or a proper list of them, each with
/// the table's key position.
fn objects_of(term: Term, keypos: usize) -> Result<Vec<Term>, Exception> {
    let tuples = match build::list_to_vec(term) {
        Some(tuples) => tuples,
        None if term.as_tuple().is_some() => vec![term],
        None => return Err(Exception::badarg()),
    };
    if tuples.iter().all(|&tuple| ets::is_object(tuple, keypos)) {
        Ok(tuples)
    } else {
        Err(Exception::badarg())
    }
}

fn insert_with(ctx: &mut BifCtx<'_>, args: &[Term], only_new: bool) -> BifResult {
    with(ctx, args[0], Need::Write, |ctx, table| {
        let tuples = objects_of(args[1], table.keypos)?;
        charge(ctx, tuples.len());
        Ok(Term::boolean(table.insert(&tuples, only_new) || !only_new))
    })
}

/// `ets:insert/2`: inserts an object or a list of them; `true`.
pub fn insert(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    insert_with(ctx, args, false)
}

/// `ets:insert_new/2`: as `insert/2`, but inserts nothing and answers
/// `false` when some key is in the table already.
pub fn insert_new(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    insert_with(ctx, args, true)
}

/// Copies `objects` onto the caller's heap, as a list.
fn copy_list(ctx: &mut BifCtx<'_>, objects: &[Object]) -> Term {
    let copies: Vec<Term> = objects.iter().map(|object| object.copy_to(&mut ctx.process.heap)).collect();
    build::list_from_slice(&mut ctx.process.heap, &copies)
}

/// `ets:lookup/2`: the objects of a key, as a list.
pub fn lookup(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Read, |ctx, table| Ok(table.lookup(args[1], |objects| copy_list(ctx, objects))))
}

/// `ets:member/2`: whether a key has objects.
pub fn member(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Read, |_, table| Ok(Term::boolean(table.lookup(args[1], |objects| !objects.is_empty()))))
}

/// `ets:lookup_element/3`: element `Pos` of the key's object (a list of
/// them, for a bag); no object: `badarg` (`badkey`).
pub fn lookup_element(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let position = position_of(args[2])?;
    with(ctx, args[0], Need::Read, |ctx, table| {
        table.lookup(args[1], |objects| {
            if objects.is_empty() {
                return Err(Exception::badarg_because(atoms::BADKEY));
            }
            let mut values = Vec::with_capacity(objects.len());
            for object in objects {
                let element = *object.elements().get(position - 1).ok_or_else(Exception::badarg)?;
                values.push(crate::memory::copy::copy_to_heap(&mut ctx.process.heap, element));
            }
            Ok(if table.kind.is_set() { values[0] } else { build::list_from_slice(&mut ctx.process.heap, &values) })
        })
    })
}

/// A position in a tuple, from 1.
fn position_of(term: Term) -> Result<usize, Exception> {
    term.as_small().filter(|&p| p >= 1).and_then(|p| usize::try_from(p).ok()).ok_or_else(Exception::badarg)
}

/// `ets:delete/2`: deletes the objects of a key; `true`.
pub fn delete2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Write, |_, table| {
        table.delete_key(args[1], |_| ());
        Ok(Term::atom(atoms::TRUE))
    })
}

/// `ets:take/2`: deletes the objects of a key, returning them.
pub fn take(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Write, |ctx, table| Ok(table.delete_key(args[1], |objects| copy_list(ctx, objects))))
}

/// `ets:delete_object/2`: deletes the objects `=:=` to one; `true`.
pub fn delete_object(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Write, |_, table| {
        if !ets::is_object(args[1], table.keypos) {
            return Err(Exception::badarg());
        }
        table.delete_object(args[1]);
        Ok(Term::atom(atoms::TRUE))
    })
}

/// `ets:internal_delete_all/2` (behind `delete_all_objects/1`): deletes
/// every object; how many there were.
pub fn internal_delete_all(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Write, |ctx, table| {
        let size = table.size();
        table.clear();
        charge(ctx, size);
        Ok(build::integer(&mut ctx.process.heap, i64::try_from(size).unwrap_or(i64::MAX)))
    })
}

// ---- updates in place ----

/// One `{Pos, Incr}` or `{Pos, Incr, Threshold, SetValue}`.
struct CounterOp {
    position: usize,
    increment: Term,
    threshold: Option<(Term, Term)>,
}

fn counter_ops(term: Term, keypos: usize) -> Result<(Vec<CounterOp>, bool), Exception> {
    let one = |op: Term| -> Result<CounterOp, Exception> {
        let elements = op.as_tuple().ok_or_else(Exception::badarg)?;
        let (position, increment, threshold) = match *elements {
            [position, increment] => (position, increment, None),
            [position, increment, threshold, set] => (position, increment, Some((threshold, set))),
            _ => return Err(Exception::badarg()),
        };
        let integers = increment.is_integer() && threshold.iter().all(|(t, s)| t.is_integer() && s.is_integer());
        if !integers {
            return Err(Exception::badarg());
        }
        let position = position_of(position)?;
        if position == keypos {
            return Err(Exception::badarg_because(atoms::KEYPOS));
        }
        Ok(CounterOp { position, increment, threshold })
    };
    if term.is_integer() {
        return Ok((vec![CounterOp { position: keypos + 1, increment: term, threshold: None }], false));
    }
    match build::list_to_vec(term) {
        Some(ops) => Ok((ops.into_iter().map(one).collect::<Result<_, _>>()?, true)),
        None => Ok((vec![one(term)?], false)),
    }
}

/// The position and increment of an update that is one plain increment
/// by a small integer (`Incr`, or `{Pos, Incr}` with `Pos` a position
/// other than the key's), the usual counter; `None` for anything else,
/// errors included, which the general path reads and reports.
fn plain_increment(spec: Term, keypos: usize) -> Option<(usize, i64)> {
    if let Some(increment) = spec.as_small() {
        return Some((keypos + 1, increment));
    }
    let [position, increment] = *spec.as_tuple()? else { return None };
    let position = usize::try_from(position.as_small()?).ok().filter(|&p| p > 0 && p != keypos)?;
    Some((position, increment.as_small()?))
}

fn update_counter_with(ctx: &mut BifCtx<'_>, args: &[Term], default: Option<Term>) -> BifResult {
    with(ctx, args[0], Need::Write, |ctx, table| {
        if !table.kind.is_set() {
            return Err(Exception::badarg());
        }
        let key = args[1];
        let bad_default = default.is_some_and(|default| !ets::is_object(default, table.keypos));
        // A plain increment of a counter that stays a small integer is
        // written in place with nothing allocated; anything else (no
        // object, no such element, a big integer, an error) changes
        // nothing here and takes the general path below.
        if let Some((position, increment)) = plain_increment(args[2], table.keypos) {
            if bad_default {
                return Err(Exception::badarg());
            }
            let done = table.update(key, |old| {
                let Some(place) = old.elements_mut() else { return (None, None) };
                let Some(slot) = place.get_mut(position - 1) else { return (None, None) };
                let sum = slot.as_small().and_then(|current| current.checked_add(increment)).and_then(Term::small);
                if let Some(sum) = sum {
                    *slot = sum;
                }
                (None, sum)
            });
            if let Some(Some(value)) = done {
                return Ok(value);
            }
        }
        let (ops, many) = counter_ops(args[2], table.keypos)?;
        if bad_default {
            return Err(Exception::badarg());
        }
        // The new elements and the values of the ops, or the error.
        let apply = |ctx: &mut BifCtx<'_>, old: &[Term]| -> Result<(Vec<Term>, Vec<Term>), Exception> {
            let mut elements = old.to_vec();
            let mut results = Vec::with_capacity(ops.len());
            for op in &ops {
                let current = *elements.get(op.position - 1).ok_or_else(Exception::badarg)?;
                if !current.is_integer() {
                    return Err(Exception::badarg());
                }
                let mut value = crate::bif::arith::add(ctx, &[current, op.increment])?;
                if let Some((threshold, set)) = op.threshold {
                    let up = compare(op.increment, Term::small_unchecked(0)) != Ordering::Less;
                    let beyond = compare(value, threshold);
                    if (up && beyond == Ordering::Greater) || (!up && beyond == Ordering::Less) {
                        value = set;
                    }
                }
                elements[op.position - 1] = value;
                results.push(value);
            }
            Ok((elements, results))
        };
        let results = loop {
            let updated = table.update(key, |old| match apply(ctx, old.elements()) {
                Ok((elements, results)) => {
                    // Counters that stay small integers are written in
                    // place, as OTP does; a big one needs a new object.
                    if elements.iter().all(|element| !element.is_pointer()) {
                        if let Some(place) = old.elements_mut() {
                            place.copy_from_slice(&elements);
                            return (None, Ok(results));
                        }
                    }
                    (Some(Object::from_elements(&elements)), Ok(results))
                }
                Err(error) => (None, Err(error)),
            });
            if let Some(results) = updated {
                break results?;
            }
            // No object: the default, with the key in place, updated and
            // inserted only if the update succeeds and the key is still free.
            let Some(default) = default else { return Err(Exception::badarg_because(atoms::BADKEY)) };
            let mut elements = default.as_tuple().map(<[Term]>::to_vec).unwrap_or_default();
            elements[table.keypos - 1] = key;
            let (elements, results) = apply(ctx, &elements)?;
            let object = build::tuple(&mut ctx.process.heap, &elements);
            if table.insert(&[object], true) {
                break results;
            }
        };
        Ok(if many { build::list_from_slice(&mut ctx.process.heap, &results) } else { results[0] })
    })
}

/// `ets:update_counter/3`: adds to integer elements of the key's object,
/// atomically; the new value, or the list of them.
pub fn update_counter3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    update_counter_with(ctx, args, None)
}

/// `ets:update_counter/4`: as `/3`, first inserting the default object
/// (with the key in place of its own) when the key has none.
pub fn update_counter4(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    update_counter_with(ctx, args, Some(args[3]))
}

/// `ets:update_element/3`: replaces elements of the key's object,
/// atomically; `false` when the key has none.
pub fn update_element(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    with(ctx, args[0], Need::Write, |_, table| {
        if !table.kind.is_set() {
            return Err(Exception::badarg());
        }
        let changes = build::list_to_vec(args[2]).unwrap_or_else(|| vec![args[2]]);
        let mut pairs = Vec::with_capacity(changes.len());
        for change in changes {
            let [position, value] = *change.as_tuple().ok_or_else(Exception::badarg)? else {
                return Err(Exception::badarg());
            };
            let position = position_of(position)?;
            if position == table.keypos {
                return Err(Exception::badarg_because(atoms::KEYPOS));
            }
            pairs.push((position, value));
        }
        let updated = table.update(args[1], |old| {
            let mut elements = old.elements().to_vec();
            for &(position, value) in &pairs {
                match elements.get_mut(position - 1) {
                    Some(element) => *element = value,
                    None => return (None, Err(Exception::badarg())),
                }
            }
            (Some(Object::from_elements(&elements)), Ok(()))
        });
        match updated {
            Some(result) => result.map(|()| Term::atom(atoms::TRUE)),
            None => Ok(Term::atom(atoms::FALSE)),
        }
    })
}

// ---- traversal ----

fn key_or_end(ctx: &mut BifCtx<'_>, key: Option<Term>) -> Term {
    match key {
        Some(key) => crate::memory::copy::copy_to_heap(&mut ctx.process.heap, key),
        None => Term::atom(atoms::END_OF_TABLE),
    }
}

fn first_with(ctx: &mut BifCtx<'_>, args: &[Term], last: bool) -> BifResult {
    with(ctx, args[0], Need::Read, |ctx, table| Ok(table.first(last, |key| key_or_end(ctx, key))))
}

fn next_with(ctx: &mut BifCtx<'_>, args: &[Term], backward: bool) -> BifResult {
    with(ctx, args[0], Need::Read, |ctx, table| {
        table.next(args[1], backward, |key| key_or_end(ctx, key)).map_err(|ets::NotInTable| Exception::badarg())
    })
}

/// `ets:first/1`: the first key, or `'$end_of_table'`.
pub fn first(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    first_with(ctx, args, false)
}

/// `ets:last/1`: the last key of an `ordered_set` (the first, otherwise).
pub fn last(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    first_with(ctx, args, true)
}

/// `ets:next/2`: the next key, or `'$end_of_table'`.
pub fn next(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    next_with(ctx, args, false)
}

/// `ets:prev/2`: the previous key of an `ordered_set` (the next, otherwise).
pub fn prev(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    next_with(ctx, args, true)
}

/// `ets:slot/2`: the objects at position `I` (from 0) of the table's
/// order, grouped by key; `'$end_of_table'` past the end.
pub fn slot(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let index = args[1].as_small().filter(|&i| i >= 0).ok_or_else(Exception::badarg)?;
    with(ctx, args[0], Need::Read, |ctx, table| {
        let mut seen = 0i64;
        let mut current: Option<Term> = None;
        let mut found = Vec::new();
        table.for_each(false, |object| {
            let key = object.key(table.keypos);
            let new_key = match current {
                Some(current) => !exact_eq(current, key),
                None => true,
            };
            if new_key {
                if seen > index {
                    return false;
                }
                seen += 1;
                // A copy: the traversal lets go of each stripe's lock
                // before the next, and the object may go meanwhile.
                current = Some(crate::memory::copy::copy_to_heap(&mut ctx.process.heap, key));
            }
            if seen == index + 1 {
                found.push(object.copy_to(&mut ctx.process.heap));
            }
            true
        });
        if found.is_empty() && index >= seen {
            return Ok(Term::atom(atoms::END_OF_TABLE));
        }
        Ok(build::list_from_slice(&mut ctx.process.heap, &found))
    })
}

/// `ets:safe_fixtable/2`: fixes or releases the table for the caller.
pub fn safe_fixtable(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let fix = args[1];
    if !fix.is_boolean() {
        return Err(Exception::badarg());
    }
    let pid = ctx.process.pid;
    with(ctx, args[0], Need::Read, |_, table| {
        if fix == Term::atom(atoms::TRUE) {
            table.fix(pid);
        } else {
            table.unfix(pid, false);
        }
        Ok(Term::atom(atoms::TRUE))
    })
}

// ---- information ----

fn info_item(ctx: &mut BifCtx<'_>, table: &Table, item: Atom) -> Result<Term, Exception> {
    let heap = &mut ctx.process.heap;
    let word_count =
        |heap: &mut crate::memory::heap::Heap, n: usize| build::integer(heap, i64::try_from(n).unwrap_or(i64::MAX));
    Ok(match item {
        atoms::ID => match ctx.vm.ets.resource_of(table) {
            Some(resource) => ctx.vm.ets.reference(heap, &resource),
            None => Term::atom(atoms::UNDEFINED),
        },
        atoms::DECENTRALIZED_COUNTERS => Term::boolean(table.decentralized_counters),
        atoms::READ_CONCURRENCY => Term::boolean(table.read_concurrency),
        atoms::WRITE_CONCURRENCY => Term::atom(table.write_concurrency),
        atoms::COMPRESSED => Term::boolean(table.compressed),
        atoms::MEMORY => word_count(heap, table.memory_words()),
        atoms::OWNER => table.owner(),
        atoms::HEIR => table.with_heir(|heir| heir.map(|heir| heir.pid)).unwrap_or(Term::atom(atoms::NONE)),
        atoms::NAME => Term::atom(table.name()),
        atoms::SIZE => word_count(heap, table.size()),
        atoms::NODE => Term::atom(crate::term::compare::this_node()),
        atoms::NAMED_TABLE => Term::boolean(table.named),
        atoms::TYPE => Term::atom(table.kind.name()),
        atoms::KEYPOS => word_count(heap, table.keypos),
        atoms::PROTECTION => Term::atom(table.access.name()),
        atoms::FIXED => Term::boolean(table.fixations().is_some()),
        atoms::SAFE_FIXED | atoms::SAFE_FIXED_MONOTONIC_TIME => match table.fixations() {
            None => Term::atom(atoms::FALSE),
            Some(((monotonic, offset), by)) => {
                let since = if item == atoms::SAFE_FIXED {
                    let micros = (monotonic + offset).div_euclid(1000);
                    let mega = build::integer(heap, micros.div_euclid(1_000_000_000_000));
                    let secs = build::integer(heap, micros.div_euclid(1_000_000) % 1_000_000);
                    let us = build::integer(heap, micros.rem_euclid(1_000_000));
                    build::tuple(heap, &[mega, secs, us])
                } else {
                    build::integer(heap, monotonic)
                };
                let pairs: Vec<Term> = by
                    .into_iter()
                    .map(|(pid, count)| {
                        let count = word_count(heap, count);
                        build::tuple(heap, &[pid, count])
                    })
                    .collect();
                let pairs = build::list_from_slice(heap, &pairs);
                build::tuple(heap, &[since, pairs])
            }
        },
        _ => return Err(Exception::badarg()),
    })
}

/// The items of `ets:info/1`, in OTP's order.
const INFO_ITEMS: [Atom; 15] = [
    atoms::ID,
    atoms::DECENTRALIZED_COUNTERS,
    atoms::READ_CONCURRENCY,
    atoms::WRITE_CONCURRENCY,
    atoms::COMPRESSED,
    atoms::MEMORY,
    atoms::OWNER,
    atoms::HEIR,
    atoms::NAME,
    atoms::SIZE,
    atoms::NODE,
    atoms::NAMED_TABLE,
    atoms::TYPE,
    atoms::KEYPOS,
    atoms::PROTECTION,
];

/// `ets:info/1`: `[{Item, Value}]`, or `undefined` for no table.
pub fn info1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    if !args[0].is_atom() && ets::table_of(args[0]).is_none() {
        return Err(Exception::badarg());
    }
    let result = with(ctx, args[0], Need::Nothing, |ctx, table| {
        let mut pairs = Vec::with_capacity(INFO_ITEMS.len());
        for item in INFO_ITEMS {
            let value = info_item(ctx, table, item)?;
            pairs.push(build::tuple(&mut ctx.process.heap, &[Term::atom(item), value]));
        }
        Ok(build::list_from_slice(&mut ctx.process.heap, &pairs))
    });
    result.or_else(|error| if error.cause == Some(atoms::ID) { Ok(Term::atom(atoms::UNDEFINED)) } else { Err(error) })
}

/// `ets:info/2`: one item, or `undefined` for no table.
pub fn info2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let item = args[1].as_atom().ok_or_else(Exception::badarg)?;
    if !args[0].is_atom() && ets::table_of(args[0]).is_none() {
        return Err(Exception::badarg());
    }
    if !INFO_ITEMS.contains(&item)
        && ![atoms::FIXED, atoms::SAFE_FIXED, atoms::SAFE_FIXED_MONOTONIC_TIME].contains(&item)
    {
        return Err(Exception::badarg());
    }
    let result = with(ctx, args[0], Need::Nothing, |ctx, table| info_item(ctx, table, item));
    result.or_else(|error| if error.cause == Some(atoms::ID) { Ok(Term::atom(atoms::UNDEFINED)) } else { Err(error) })
}

// ---- matching ----

/// Runs a specification over the table (or only over the keys its heads
/// bind), collecting what `keep` makes of each result, in the table's
/// order (reversed with `reverse`), at most `limit` of them.
fn run_spec(
    ctx: &mut BifCtx<'_>,
    table: &Table,
    spec: &MatchSpec,
    reverse: bool,
    mut keep: impl FnMut(&mut BifCtx<'_>, &Object, Term),
) {
    let mut visited = 0usize;
    let mut visit = |ctx: &mut BifCtx<'_>, object: &Object| {
        visited += 1;
        if let Some(result) = spec.run(ctx, object.term()) {
            keep(ctx, object, result);
        }
    };
    match spec.bound_keys(table.keypos) {
        Some(mut keys) => {
            if table.kind == Kind::OrderedSet {
                keys.sort_by(|&a, &b| compare(a, b));
                if reverse {
                    keys.reverse();
                }
            }
            if table.kind == Kind::OrderedSet {
                keys.dedup_by(|a, b| compare(*a, *b) == Ordering::Equal);
            } else {
                keys.dedup_by(|a, b| exact_eq(*a, *b));
            }
            for key in keys {
                table.lookup(key, |objects| objects.iter().for_each(|object| visit(ctx, object)));
            }
        }
        None => table.for_each(reverse, |object| {
            visit(ctx, object);
            true
        }),
    }
    charge(ctx, visited);
}

/// The results of a specification, copied onto the caller's heap.
fn select_all(ctx: &mut BifCtx<'_>, table: &Table, spec: &MatchSpec, reverse: bool) -> Vec<Term> {
    let mut results = Vec::new();
    run_spec(ctx, table, spec, reverse, |ctx, _, result| {
        results.push(crate::memory::copy::copy_to_heap(&mut ctx.process.heap, result));
    });
    results
}

fn spec_of(term: Term) -> Result<MatchSpec, Exception> {
    MatchSpec::compile(term).map_err(|_| Exception::badarg())
}

/// The list of results, or `{Chunk, Continuation}` of `Limit` of them.
fn results_or_chunk(ctx: &mut BifCtx<'_>, results: Vec<Term>, limit: Option<usize>) -> Term {
    let heap = &mut ctx.process.heap;
    let Some(limit) = limit else { return build::list_from_slice(heap, &results) };
    if results.is_empty() {
        return Term::atom(atoms::END_OF_TABLE);
    }
    chunk(heap, &results, limit)
}

/// `{First limit results, Continuation}`, the continuation holding the rest.
fn chunk(heap: &mut crate::memory::heap::Heap, results: &[Term], limit: usize) -> Term {
    let split = limit.min(results.len());
    let first = build::list_from_slice(heap, &results[..split]);
    let rest = build::list_from_slice(heap, &results[split..]);
    let limit_term = build::integer(heap, i64::try_from(limit).unwrap_or(i64::MAX));
    let continuation = build::tuple(heap, &[Term::atom(atoms::ETS_CONTINUATION), rest, limit_term]);
    build::tuple(heap, &[first, continuation])
}

fn limit_of(term: Term) -> Result<usize, Exception> {
    term.as_small().filter(|&n| n >= 1).and_then(|n| usize::try_from(n).ok()).ok_or_else(Exception::badarg)
}

fn select_with(ctx: &mut BifCtx<'_>, table_id: Term, spec: Term, limit: Option<Term>, reverse: bool) -> BifResult {
    let limit = limit.map(limit_of).transpose()?;
    let spec = spec_of(spec)?;
    with(ctx, table_id, Need::Read, |ctx, table| {
        let results = select_all(ctx, table, &spec, reverse);
        Ok(results_or_chunk(ctx, results, limit))
    })
}

fn match_with(ctx: &mut BifCtx<'_>, args: &[Term], body: Atom, limit: Option<Term>) -> BifResult {
    let limit = limit.map(limit_of).transpose()?;
    let spec = MatchSpec::from_pattern(args[1], Term::atom(body)).map_err(|_| Exception::badarg())?;
    with(ctx, args[0], Need::Read, |ctx, table| {
        let results = select_all(ctx, table, &spec, false);
        Ok(results_or_chunk(ctx, results, limit))
    })
}

/// `select/1`, `match/1`, `match_object/1`, `select_reverse/1`: the next
/// chunk of a continuation.
pub fn continue_select(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let continuation = args[0];
    if continuation == Term::atom(atoms::END_OF_TABLE) {
        return Ok(continuation);
    }
    let elements = continuation.as_tuple().ok_or_else(Exception::badarg)?;
    let [tag, rest, limit] = *elements else { return Err(Exception::badarg()) };
    if tag != Term::atom(atoms::ETS_CONTINUATION) {
        return Err(Exception::badarg());
    }
    let rest = build::list_to_vec(rest).ok_or_else(Exception::badarg)?;
    if rest.is_empty() {
        return Ok(Term::atom(atoms::END_OF_TABLE));
    }
    let limit = limit_of(limit)?;
    Ok(chunk(&mut ctx.process.heap, &rest, limit))
}

/// `ets:select/2`.
pub fn select2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    select_with(ctx, args[0], args[1], None, false)
}

/// `ets:select/3`.
pub fn select3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    select_with(ctx, args[0], args[1], Some(args[2]), false)
}

/// `ets:select_reverse/2`: as `select/2`, an `ordered_set` in reverse order.
pub fn select_reverse2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    select_with(ctx, args[0], args[1], None, true)
}

/// `ets:select_reverse/3`.
pub fn select_reverse3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    select_with(ctx, args[0], args[1], Some(args[2]), true)
}

/// `ets:match/2`: the bindings of a pattern's variables, per object.
pub fn match2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_with(ctx, args, atoms::DOLLAR_DOLLAR, None)
}

/// `ets:match/3`.
pub fn match3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_with(ctx, args, atoms::DOLLAR_DOLLAR, Some(args[2]))
}

/// `ets:match_object/2`: the objects a pattern matches.
pub fn match_object2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_with(ctx, args, atoms::DOLLAR_UNDERSCORE, None)
}

/// `ets:match_object/3`.
pub fn match_object3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    match_with(ctx, args, atoms::DOLLAR_UNDERSCORE, Some(args[2]))
}

/// `ets:select_count/2`: how many objects the specification gives `true` for.
pub fn select_count(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let spec = spec_of(args[1])?;
    with(ctx, args[0], Need::Read, |ctx, table| {
        let mut count = 0i64;
        run_spec(ctx, table, &spec, false, |_, _, result| count += i64::from(result == Term::atom(atoms::TRUE)));
        Ok(build::integer(&mut ctx.process.heap, count))
    })
}

/// `ets:internal_select_delete/2` (behind `select_delete/2`): deletes the
/// objects the specification gives `true` for; how many.
pub fn internal_select_delete(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let spec = spec_of(args[1])?;
    with(ctx, args[0], Need::Write, |ctx, table| {
        let mut count = 0i64;
        let mut visited = 0usize;
        table.change_each(|object| {
            visited += 1;
            if spec.run(ctx, object.term()) == Some(Term::atom(atoms::TRUE)) {
                count += 1;
                Change::Delete
            } else {
                Change::Keep
            }
        });
        charge(ctx, visited);
        Ok(build::integer(&mut ctx.process.heap, count))
    })
}

/// `ets:select_replace/2`: replaces each object by the specification's
/// result, which must keep the key; how many were replaced. A result that
/// changes the key is `badarg`, found before anything is replaced.
pub fn select_replace(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let spec = spec_of(args[1])?;
    with(ctx, args[0], Need::Write, |ctx, table| {
        if !table.kind.is_set() {
            return Err(Exception::badarg());
        }
        let keypos = table.keypos;
        let ordered = table.kind == Kind::OrderedSet;
        let keeps_key = |object: &Object, result: Term| {
            ets::is_object(result, keypos) && {
                let (old, new) = (object.key(keypos), result.as_tuple().map_or(Term::NIL, |e| e[keypos - 1]));
                if ordered {
                    compare(old, new) == Ordering::Equal
                } else {
                    exact_eq(old, new)
                }
            }
        };
        let mut valid = true;
        run_spec(ctx, table, &spec, false, |_, object, result| valid &= keeps_key(object, result));
        if !valid {
            return Err(Exception::badarg());
        }
        let mut count = 0i64;
        table.change_each(|object| match spec.run(ctx, object.term()) {
            Some(result) if keeps_key(object, result) => {
                count += 1;
                Change::Replace(Object::new(result))
            }
            _ => Change::Keep,
        });
        Ok(build::integer(&mut ctx.process.heap, count))
    })
}

// ---- match specifications on their own ----

/// `ets:match_spec_compile/1`: a compiled specification, a magic
/// reference holding a copy of it (it is compiled again at each run,
/// which is cheap next to running it).
pub fn match_spec_compile(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    spec_of(args[0])?;
    let stored = crate::memory::resource::Resource::Native(Box::new(CompiledSpec(Object::from_elements(&[args[0]]))));
    let number = ctx.vm.next_ref();
    Ok(build::magic_ref(&mut ctx.process.heap, number, stored.into_counted()))
}

/// A compiled match specification: a copy of the specification.
#[derive(Debug)]
struct CompiledSpec(Object);

impl crate::memory::resource::Native for CompiledSpec {
    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

fn compiled_spec(term: Term) -> Option<&'static CompiledSpec> {
    match crate::memory::resource::resource_of(term)? {
        crate::memory::resource::Resource::Native(native) => native.as_any().downcast_ref::<CompiledSpec>(),
        _ => None,
    }
}

/// `ets:is_compiled_ms/1`.
pub fn is_compiled_ms(_ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    Ok(Term::boolean(compiled_spec(args[0]).is_some()))
}

/// `ets:match_spec_run_r/3`: the results of a compiled specification on
/// each term of a list, reversed onto `Acc`.
pub fn match_spec_run_r(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let terms = build::list_to_vec(args[0]).ok_or_else(Exception::badarg)?;
    let compiled = compiled_spec(args[1]).ok_or_else(Exception::badarg)?;
    // The specification's constants must be on the caller's heap, where
    // the results point.
    let source = compiled.0.copy_to(&mut ctx.process.heap);
    let spec = spec_of(source.as_tuple().map_or(Term::NIL, |elements| elements[0]))?;
    let mut acc = args[2];
    for term in &terms {
        if let Some(result) = spec.run(ctx, *term) {
            acc = build::cons(&mut ctx.process.heap, result, acc);
        }
    }
    charge(ctx, terms.len());
    Ok(acc)
}

/// `erlang:match_spec_test/3` (behind `ets:test_ms/2`): runs a
/// specification of type `table` on one term, `{ok, Result, [], []}`
/// (`false` when no clause matches), or `{error, [{error, Message}]}` for
/// an invalid one. Specifications of type `trace` are not run.
pub fn match_spec_test(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (term, spec, kind) = (args[0], args[1], args[2]);
    let heap_error = |ctx: &mut BifCtx<'_>, text: &str| {
        let heap = &mut ctx.process.heap;
        let message = build::string(heap, text);
        let error = build::tuple(heap, &[Term::atom(atoms::ERROR), message]);
        let errors = build::list_from_slice(heap, &[error]);
        Ok(build::tuple(heap, &[Term::atom(atoms::ERROR), errors]))
    };
    match kind.as_atom().map(Atom::name) {
        Some("table") => {}
        Some("trace") => return heap_error(ctx, "Match specifications for tracing are not supported."),
        _ => return Err(Exception::badarg()),
    }
    let Ok(spec) = MatchSpec::compile(spec) else { return heap_error(ctx, "Invalid match specification.") };
    let result = spec.run(ctx, term).unwrap_or(Term::atom(atoms::FALSE));
    let heap = &mut ctx.process.heap;
    Ok(build::tuple(heap, &[Term::atom(atoms::OK), result, Term::NIL, Term::NIL]))
}
