//! Match specifications, as ETS runs them: `[{Head, Guards, Body}]`.
//!
//! A specification is compiled once a call (`compile`) into patterns and
//! expressions whose variables are slots, checked as OTP checks them: a
//! variable used in a guard or the body must be bound by the head, and a
//! function must be one of the guard functions OTP allows (`FUNCTIONS`).
//! An invalid specification is `badarg`.
//!
//! Running it on an object (`MatchSpec::run`) tries each clause in turn:
//! the head is matched as an Erlang pattern (`=:=`, so `1` does not match
//! `1.0`), then every guard must give `true` (a guard that fails is
//! false), then the body's expressions are evaluated and the last one is
//! the result; a body that fails gives `'EXIT'`, as in OTP. The guard
//! functions are the VM's BIFs, called through the BIF table.
//!
//! Values taken from the object (`'$_'`, `'$$'`, `'$N'`) point into the
//! table's storage while a body is evaluated; [`MatchSpec::run`] returns
//! the result as it is, and the caller copies it to the heap before the
//! table's lock is released.

use crate::bif::BifCtx;
use crate::term::compare::exact_eq;
use crate::term::map::{is_map, map_from_pairs, map_get, map_pairs};
use crate::term::{atoms, build, Atom, Term};

/// The guard functions of match specifications (OTP 25's list, less the
/// tracing ones), all in `erlang`.
const FUNCTIONS: &[(&str, u8)] = &[
    ("is_atom", 1),
    ("is_float", 1),
    ("is_integer", 1),
    ("is_list", 1),
    ("is_number", 1),
    ("is_pid", 1),
    ("is_port", 1),
    ("is_reference", 1),
    ("is_tuple", 1),
    ("is_map", 1),
    ("is_map_key", 2),
    ("is_binary", 1),
    ("is_function", 1),
    ("not", 1),
    ("and", 2),
    ("or", 2),
    ("xor", 2),
    ("abs", 1),
    ("element", 2),
    ("hd", 1),
    ("tl", 1),
    ("length", 1),
    ("map_get", 2),
    ("map_size", 1),
    ("node", 0),
    ("node", 1),
    ("round", 1),
    ("trunc", 1),
    ("float", 1),
    ("size", 1),
    ("bit_size", 1),
    ("byte_size", 1),
    ("binary_part", 2),
    ("binary_part", 3),
    ("self", 0),
    ("bnot", 1),
    ("band", 2),
    ("bor", 2),
    ("bxor", 2),
    ("bsl", 2),
    ("bsr", 2),
    ("+", 1),
    ("-", 1),
    ("+", 2),
    ("-", 2),
    ("*", 2),
    ("/", 2),
    ("div", 2),
    ("rem", 2),
    (">", 2),
    (">=", 2),
    ("<", 2),
    ("=<", 2),
    ("=:=", 2),
    ("==", 2),
    ("=/=", 2),
    ("/=", 2),
];

/// A head's pattern.
#[derive(Debug)]
enum Pattern {
    /// `'_'`.
    Any,
    /// `'$N'`: binds its slot the first time, must be `=:=` after.
    Var(usize),
    /// Any other term without variables, matched with `=:=`.
    Literal(Term),
    Tuple(Vec<Pattern>),
    /// A list's elements, then its tail (compiled without recursing on
    /// the list's length).
    List(Vec<Pattern>, Box<Pattern>),
    /// A map pattern: each key (no variables) must be there, its value matching.
    Map(Vec<(Term, Pattern)>),
}

/// A guard's or a body's expression.
#[derive(Debug)]
enum Expr {
    Const(Term),
    Var(usize),
    /// `'$_'`: the whole object.
    Object,
    /// `'$$'`: the bound variables in order, as a list.
    Bindings,
    /// `{{E1, ..., En}}`.
    Tuple(Vec<Expr>),
    /// A list's elements, then its tail.
    List(Vec<Expr>, Box<Expr>),
    Map(Vec<(Expr, Expr)>),
    /// A guard function, by BIF index.
    Call(u16, Vec<Expr>),
    /// `{is_record, T, Name, Size}`.
    IsRecord(Box<[Expr; 3]>),
    AndAlso(Vec<Expr>),
    OrElse(Vec<Expr>),
}

/// One `{Head, Guards, Body}`.
#[derive(Debug)]
struct Clause {
    head: Pattern,
    guards: Vec<Expr>,
    body: Vec<Expr>,
    /// The number of variables the head binds (its slots).
    slots: usize,
}

/// A compiled specification.
#[derive(Debug)]
pub struct MatchSpec {
    clauses: Vec<Clause>,
}

/// Why a specification is invalid (always `badarg` to the caller).
#[derive(Debug)]
pub struct Invalid;

/// The variable number of `'$N'`, or `None` for any other atom.
fn variable(atom: Atom) -> Option<u32> {
    let digits = atom.name().strip_prefix('$')?;
    if digits.is_empty() || !digits.bytes().all(|byte| byte.is_ascii_digit()) || digits.len() > 9 {
        return None;
    }
    digits.parse().ok()
}

impl MatchSpec {
    /// Compiles `[{Head, Guards, Body}]`.
    pub fn compile(spec: Term) -> Result<MatchSpec, Invalid> {
        let clauses = build::list_to_vec(spec).ok_or(Invalid)?;
        let clauses = clauses.into_iter().map(compile_clause).collect::<Result<Vec<_>, _>>()?;
        Ok(MatchSpec { clauses })
    }

    /// The specification `[{Pattern, [], [Body]}]` of `match/2` (`'$$'`)
    /// and `match_object/2` (`'$_'`).
    pub fn from_pattern(pattern: Term, body: Term) -> Result<MatchSpec, Invalid> {
        let mut numbers = Vec::new();
        collect_variables(pattern, &mut numbers);
        numbers.sort_unstable();
        numbers.dedup();
        let head = compile_pattern(pattern, &numbers)?;
        let body = vec![compile_expr(body, &numbers)?];
        Ok(MatchSpec { clauses: vec![Clause { head, guards: Vec::new(), body, slots: numbers.len() }] })
    }

    /// The keys every clause's head binds at `keypos`, when each binds one
    /// (a term with no variables): only these keys can match, so a caller
    /// looks them up instead of scanning the table.
    pub fn bound_keys(&self, keypos: usize) -> Option<Vec<Term>> {
        self.clauses
            .iter()
            .map(|clause| match &clause.head {
                Pattern::Tuple(elements) => match elements.get(keypos - 1) {
                    Some(Pattern::Literal(key)) => Some(*key),
                    _ => None,
                },
                _ => None,
            })
            .collect()
    }

    /// The result of the first clause that matches `object`, or `None`.
    pub fn run(&self, ctx: &mut BifCtx<'_>, object: Term) -> Option<Term> {
        let mut slots = Vec::new();
        for clause in &self.clauses {
            slots.clear();
            slots.resize(clause.slots, None);
            if !match_pattern(&clause.head, object, &mut slots) {
                continue;
            }
            let mut run = Run { ctx: &mut *ctx, object, slots: &slots };
            if !clause.guards.iter().all(|guard| run.eval(guard) == Ok(Term::atom(atoms::TRUE))) {
                continue;
            }
            let mut result = Term::atom(atoms::EXIT_TAG);
            for expr in &clause.body {
                match run.eval(expr) {
                    Ok(value) => result = value,
                    Err(()) => return Some(Term::atom(atoms::EXIT_TAG)),
                }
            }
            return Some(result);
        }
        None
    }
}

fn compile_clause(clause: Term) -> Result<Clause, Invalid> {
    let [head, guards, body] = clause.as_tuple().filter(|elements| elements.len() == 3).ok_or(Invalid)? else {
        return Err(Invalid);
    };
    let (head, guards, body) = (*head, *guards, *body);
    let mut numbers = Vec::new();
    collect_variables(head, &mut numbers);
    numbers.sort_unstable();
    numbers.dedup();
    let pattern = compile_pattern(head, &numbers)?;
    let guards = build::list_to_vec(guards).ok_or(Invalid)?;
    let guards = guards.into_iter().map(|guard| compile_expr(guard, &numbers)).collect::<Result<Vec<_>, _>>()?;
    let body = build::list_to_vec(body).ok_or(Invalid)?;
    if body.is_empty() {
        return Err(Invalid);
    }
    let body = body.into_iter().map(|expr| compile_expr(expr, &numbers)).collect::<Result<Vec<_>, _>>()?;
    Ok(Clause { head: pattern, guards, body, slots: numbers.len() })
}

/// Calls `visit` with every atom in a term (map keys aside: they hold
/// no variables).
fn for_each_atom(term: Term, mut visit: impl FnMut(Atom)) {
    let mut pending = vec![term];
    while let Some(term) = pending.pop() {
        if let Some(atom) = term.as_atom() {
            visit(atom);
        } else if let Some(elements) = term.as_tuple() {
            pending.extend_from_slice(elements);
        } else if let Some((head, tail)) = term.as_cons() {
            pending.push(head);
            pending.push(tail);
        } else if is_map(term) {
            pending.extend(map_pairs(term).map(|(_, value)| value));
        }
    }
}

/// The variable numbers in a head, with repeats.
fn collect_variables(term: Term, numbers: &mut Vec<u32>) {
    for_each_atom(term, |atom| numbers.extend(variable(atom)));
}

/// Whether a term holds `'_'` or a variable.
fn has_variables(term: Term) -> bool {
    let mut found = false;
    for_each_atom(term, |atom| found |= atom == atoms::UNDERSCORE || variable(atom).is_some());
    found
}

fn slot(numbers: &[u32], number: u32) -> Result<usize, Invalid> {
    numbers.binary_search(&number).map_err(|_| Invalid)
}

/// How deep patterns and expressions may nest (lists aside, whose length
/// costs no depth): deeper is `badarg`, not a scheduler's stack overflow.
const MAX_DEPTH: usize = 1000;

/// The elements of a list and its tail (`[]` for a proper list).
fn list_parts(mut term: Term) -> (Vec<Term>, Term) {
    let mut elements = Vec::new();
    while let Some((head, tail)) = term.as_cons() {
        elements.push(head);
        term = tail;
    }
    (elements, term)
}

fn compile_pattern(term: Term, numbers: &[u32]) -> Result<Pattern, Invalid> {
    compile_pattern_at(term, numbers, 0)
}

fn compile_pattern_at(term: Term, numbers: &[u32], depth: usize) -> Result<Pattern, Invalid> {
    if depth > MAX_DEPTH {
        return Err(Invalid);
    }
    if !has_variables(term) {
        return Ok(Pattern::Literal(term));
    }
    let compile_pattern = |term, numbers| compile_pattern_at(term, numbers, depth + 1);
    if let Some(atom) = term.as_atom() {
        if atom == atoms::UNDERSCORE {
            return Ok(Pattern::Any);
        }
        if let Some(number) = variable(atom) {
            return Ok(Pattern::Var(slot(numbers, number)?));
        }
    }
    if let Some(elements) = term.as_tuple() {
        let elements = elements.iter().map(|&element| compile_pattern(element, numbers)).collect::<Result<_, _>>()?;
        return Ok(Pattern::Tuple(elements));
    }
    if term.is_cons() {
        let (elements, tail) = list_parts(term);
        let elements =
            elements.into_iter().map(|element| compile_pattern(element, numbers)).collect::<Result<_, _>>()?;
        return Ok(Pattern::List(elements, Box::new(compile_pattern(tail, numbers)?)));
    }
    if is_map(term) {
        let mut pairs = Vec::new();
        for (key, value) in map_pairs(term) {
            if has_variables(key) {
                return Err(Invalid);
            }
            pairs.push((key, compile_pattern(value, numbers)?));
        }
        return Ok(Pattern::Map(pairs));
    }
    Ok(Pattern::Literal(term))
}

fn compile_expr(term: Term, numbers: &[u32]) -> Result<Expr, Invalid> {
    compile_expr_at(term, numbers, 0)
}

fn compile_expr_at(term: Term, numbers: &[u32], depth: usize) -> Result<Expr, Invalid> {
    if depth > MAX_DEPTH {
        return Err(Invalid);
    }
    let compile_expr = |term, numbers| compile_expr_at(term, numbers, depth + 1);
    if let Some(atom) = term.as_atom() {
        return Ok(match atom {
            atom if atom == atoms::DOLLAR_UNDERSCORE => Expr::Object,
            atom if atom == atoms::DOLLAR_DOLLAR => Expr::Bindings,
            atom => match variable(atom) {
                Some(number) => Expr::Var(slot(numbers, number)?),
                None => Expr::Const(term),
            },
        });
    }
    if let Some(elements) = term.as_tuple() {
        let Some(&first) = elements.first() else { return Err(Invalid) };
        if let (1, Some(inner)) = (elements.len(), first.as_tuple()) {
            let inner = inner.iter().map(|&element| compile_expr(element, numbers)).collect::<Result<_, _>>()?;
            return Ok(Expr::Tuple(inner));
        }
        let name = first.as_atom().ok_or(Invalid)?;
        let args = &elements[1..];
        let compiled = || args.iter().map(|&arg| compile_expr(arg, numbers)).collect::<Result<Vec<_>, _>>();
        return match name.name() {
            "const" if args.len() == 1 => Ok(Expr::Const(args[0])),
            "andalso" => Ok(Expr::AndAlso(compiled()?)),
            "orelse" => Ok(Expr::OrElse(compiled()?)),
            "is_record" if args.len() == 3 => {
                let [a, b, c]: [Expr; 3] = compiled()?.try_into().map_err(|_| Invalid)?;
                Ok(Expr::IsRecord(Box::new([a, b, c])))
            }
            text => {
                let arity = u8::try_from(args.len()).map_err(|_| Invalid)?;
                if !FUNCTIONS.contains(&(text, arity)) {
                    return Err(Invalid);
                }
                let bif = girder_spec::bif_by_name("erlang", text, arity).ok_or(Invalid)?;
                Ok(Expr::Call(bif.index, compiled()?))
            }
        };
    }
    if term.is_cons() {
        let (elements, tail) = list_parts(term);
        let elements = elements.into_iter().map(|element| compile_expr(element, numbers)).collect::<Result<_, _>>()?;
        return Ok(Expr::List(elements, Box::new(compile_expr(tail, numbers)?)));
    }
    if is_map(term) {
        let pairs = map_pairs(term)
            .map(|(key, value)| Ok((compile_expr(key, numbers)?, compile_expr(value, numbers)?)))
            .collect::<Result<Vec<_>, Invalid>>()?;
        return Ok(Expr::Map(pairs));
    }
    Ok(Expr::Const(term))
}

fn match_pattern(pattern: &Pattern, term: Term, slots: &mut [Option<Term>]) -> bool {
    match pattern {
        Pattern::Any => true,
        Pattern::Var(slot) => match slots[*slot] {
            Some(bound) => exact_eq(bound, term),
            None => {
                slots[*slot] = Some(term);
                true
            }
        },
        Pattern::Literal(literal) => exact_eq(*literal, term),
        Pattern::Tuple(patterns) => term.as_tuple().is_some_and(|elements| {
            elements.len() == patterns.len()
                && patterns.iter().zip(elements).all(|(pattern, &element)| match_pattern(pattern, element, slots))
        }),
        Pattern::List(elements, tail) => {
            let mut rest = term;
            for pattern in elements {
                let Some((first, after)) = rest.as_cons() else { return false };
                if !match_pattern(pattern, first, slots) {
                    return false;
                }
                rest = after;
            }
            match_pattern(tail, rest, slots)
        }
        Pattern::Map(pairs) => {
            is_map(term)
                && pairs
                    .iter()
                    .all(|(key, pattern)| map_get(term, *key).is_some_and(|value| match_pattern(pattern, value, slots)))
        }
    }
}

/// One evaluation: the object and the head's bindings.
struct Run<'r, 'c> {
    ctx: &'r mut BifCtx<'c>,
    object: Term,
    slots: &'r [Option<Term>],
}

impl Run<'_, '_> {
    fn eval(&mut self, expr: &Expr) -> Result<Term, ()> {
        Ok(match expr {
            Expr::Const(term) => *term,
            Expr::Var(slot) => self.slots[*slot].ok_or(())?,
            Expr::Object => self.object,
            Expr::Bindings => {
                let values: Vec<Term> = self.slots.iter().map(|slot| slot.unwrap_or(Term::NIL)).collect();
                build::list_from_slice(&mut self.ctx.process.heap, &values)
            }
            Expr::Tuple(elements) => {
                let values = elements.iter().map(|element| self.eval(element)).collect::<Result<Vec<_>, _>>()?;
                build::tuple(&mut self.ctx.process.heap, &values)
            }
            Expr::List(elements, tail) => {
                let values = elements.iter().map(|element| self.eval(element)).collect::<Result<Vec<_>, _>>()?;
                let tail = self.eval(tail)?;
                build::list_from_slice_with_tail(&mut self.ctx.process.heap, &values, tail)
            }
            Expr::Map(pairs) => {
                let mut values = Vec::with_capacity(pairs.len());
                for (key, value) in pairs {
                    values.push((self.eval(key)?, self.eval(value)?));
                }
                map_from_pairs(&mut self.ctx.process.heap, values)
            }
            Expr::Call(index, args) => {
                let args = args.iter().map(|arg| self.eval(arg)).collect::<Result<Vec<_>, _>>()?;
                crate::bif::call(*index, self.ctx, &args).map_err(|_| ())?
            }
            Expr::IsRecord(parts) => {
                let [term, name, size] = &**parts;
                let (term, name, size) = (self.eval(term)?, self.eval(name)?, self.eval(size)?);
                let (Some(_), Some(size)) = (name.as_atom(), size.as_small()) else { return Err(()) };
                Term::boolean(term.as_tuple().is_some_and(|elements| {
                    i64::try_from(elements.len()) == Ok(size) && elements.first() == Some(&name)
                }))
            }
            Expr::AndAlso(exprs) => {
                for expr in exprs {
                    match self.eval(expr)? {
                        value if value == Term::atom(atoms::TRUE) => {}
                        value if value == Term::atom(atoms::FALSE) => return Ok(value),
                        _ => return Err(()),
                    }
                }
                Term::atom(atoms::TRUE)
            }
            Expr::OrElse(exprs) => {
                for expr in exprs {
                    match self.eval(expr)? {
                        value if value == Term::atom(atoms::TRUE) => return Ok(value),
                        value if value == Term::atom(atoms::FALSE) => {}
                        _ => return Err(()),
                    }
                }
                Term::atom(atoms::FALSE)
            }
        })
    }
}
