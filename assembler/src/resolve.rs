//! Turns parsed operands into typed operands, as each instruction's operand
//! kinds in the table direct.
//!
//! This is where names are resolved: labels to instruction indices, local
//! functions to function indices, external functions and BIFs to imports,
//! atoms and literals to their tables. The rules that relate one operand of
//! an instruction to another are stated by operand kinds, not per opcode:
//!
//! * an instruction whose operands start `U, F` or `U, E` passes `U`
//!   arguments to that function, so `U` must equal the function's arity;
//! * in an instruction with a `B` and a `Srcs` operand, the list holds the
//!   BIF's arguments, so its length must equal the BIF's arity;
//! * in an instruction with a `Lam` operand, the `Srcs` operand (if any) lists
//!   the fun's free variables, so its length is the fun's `num_free`.

use crate::ast::{Expr, ExprKind, FunctionName, Instruction};
use crate::diagnostic::{quote, Reporter, Span};
use crate::literal::{containers_deep, float_register_of, format_atom, literal_of, register_of, Register};
use crate::parser::MAX_DEPTH;
use crate::suggest::closest;
use crate::tables::Tables;
use girder_loader::{
    instr_from_operands, Cases, Dst, Fail, FunEntry, Import, Instr, KeyDsts, KeyVals, Label, Literal, Operand, Src,
    Srcs, Ys,
};
use girder_spec::{bif_by_name, instruction_by_name, OpInfo, OperandKind, INSTRUCTIONS};
use std::collections::HashMap;

/// A function as laid out in the code: its name, where it is defined and its labels.
pub(crate) struct FunctionLayout {
    /// The function's name and arity.
    pub(crate) name: FunctionName,
    /// Where `.function` names it.
    pub(crate) span: Span,
    /// The index of its first instruction.
    pub(crate) entry: u32,
    /// One past the index of its last instruction.
    pub(crate) end: u32,
    /// Its labels: name to instruction index and the label's definition.
    pub(crate) labels: HashMap<String, (u32, Span)>,
}

/// The operand pools of the module being assembled.
#[derive(Default)]
pub(crate) struct Pools {
    /// Sources of `Srcs` operands.
    pub(crate) src_pool: Vec<Src>,
    /// Registers of `Ys` operands.
    pub(crate) y_pool: Vec<u32>,
    /// Pairs of `Cases` operands.
    pub(crate) case_pool: Vec<(Src, Label)>,
    /// Pairs of `KeyVals` operands.
    pub(crate) key_val_pool: Vec<(Src, Src)>,
    /// Pairs of `KeyDsts` operands.
    pub(crate) key_dst_pool: Vec<(Src, Dst)>,
}

/// Resolves the operands of one instruction after another, in code order.
pub(crate) struct Resolver<'a, 'src> {
    /// The atom, literal, import and fun tables, filled by first use.
    pub(crate) tables: Tables,
    /// The operand pools, filled in code order.
    pub(crate) pools: Pools,
    functions: &'a [FunctionLayout],
    function_indices: &'a HashMap<FunctionName, u32>,
    reporter: &'a mut Reporter<'src>,
}

/// An operand converted by its kind, before the fun table is involved.
enum Resolved {
    /// A finished operand.
    Value(Operand),
    /// A `Lam` operand: the function index, waiting for its free-variable count.
    Lam(u32),
}

impl<'a, 'src> Resolver<'a, 'src> {
    /// A resolver for the given function layout, starting from `tables`.
    pub(crate) fn new(
        tables: Tables,
        functions: &'a [FunctionLayout],
        function_indices: &'a HashMap<FunctionName, u32>,
        reporter: &'a mut Reporter<'src>,
    ) -> Resolver<'a, 'src> {
        Resolver { tables, pools: Pools::default(), functions, function_indices, reporter }
    }

    /// Builds `instruction`, which is in function number `function`; reports
    /// every error found and returns `None` when there was one.
    pub(crate) fn instruction(&mut self, instruction: &Instruction, function: usize) -> Option<Instr> {
        let Some(info) = instruction_by_name(&instruction.name) else {
            let mut message = format!("unknown instruction {}", quote(&instruction.name));
            if let Some(suggestion) = closest(&instruction.name, INSTRUCTIONS.iter().map(|info| info.name)) {
                message.push_str(&format!("; did you mean `{suggestion}`?"));
            }
            self.reporter.error(instruction.name_span, message);
            return None;
        };
        let operands = instruction.operands.as_ref()?;
        if operands.len() != info.operands.len() {
            let span = match operands.get(info.operands.len()) {
                Some(first_extra) => Span::new(first_extra.span.line, first_extra.span.start, instruction.span.end),
                None => instruction.span,
            };
            self.reporter.error(span, operand_count_message(info, operands.len()));
            return None;
        }
        let mut resolved = Vec::with_capacity(operands.len());
        let mut failed = false;
        for (&kind, expr) in info.operands.iter().zip(operands) {
            match self.operand(kind, expr, function) {
                Some(value) => resolved.push(value),
                None => failed = true,
            }
        }
        if failed {
            return None;
        }
        let values = self.finish_operands(info, operands, resolved)?;
        match instr_from_operands(info.opcode, &values) {
            Some(instr) => Some(instr),
            None => {
                self.reporter.error(instruction.span, "internal error: the operands do not fit the instruction's row");
                None
            }
        }
    }

    /// Applies the rules between operands and settles `Lam` operands into the fun table.
    fn finish_operands(&mut self, info: &OpInfo, operands: &[Expr], resolved: Vec<Resolved>) -> Option<Vec<Operand>> {
        let list_length = resolved.iter().find_map(|value| match value {
            Resolved::Value(Operand::Srcs(list)) => Some(list.0.len),
            _ => None,
        });
        let mut ok = true;
        // A call passes its first (`U`) operand's number of arguments.
        if let (Some(Resolved::Value(Operand::U(passed))), Some(Resolved::Value(callee))) =
            (resolved.first(), resolved.get(1))
        {
            let callee = match callee {
                Operand::F(index) => self.functions.get(*index as usize).map(|layout| layout.name.clone()),
                Operand::E(index) => self.imported_function(*index),
                _ => None,
            };
            if let Some(callee) = callee.filter(|callee| callee.arity != *passed) {
                self.reporter.error(
                    operands[0].span,
                    format!(
                        "arity mismatch: `{}` passes {passed} argument{} but {} takes {}",
                        info.name,
                        plural(*passed),
                        self.describe_function(&operands[1], &callee),
                        callee.arity
                    ),
                );
                ok = false;
            }
        }
        // A BIF call's argument list must match the BIF's arity.
        if let (Some(position), Some(length)) =
            (info.operands.iter().position(|&kind| kind == OperandKind::B), list_length)
        {
            if let Some(Resolved::Value(Operand::B(index))) = resolved.get(position) {
                if let Some(function) = self.imported_function(*index).filter(|function| function.arity != length) {
                    let list_position = info.operands.iter().position(|&kind| kind == OperandKind::Srcs).unwrap_or(0);
                    self.reporter.error(
                        operands[list_position].span,
                        format!(
                            "arity mismatch: {} takes {} argument{}, but this list has {length}",
                            quote(&self.reporter.text(operands[position].span)),
                            function.arity,
                            plural(function.arity)
                        ),
                    );
                    ok = false;
                }
            }
        }
        let mut values = Vec::with_capacity(resolved.len());
        for (position, value) in resolved.into_iter().enumerate() {
            match value {
                Resolved::Value(value) => values.push(value),
                Resolved::Lam(function) => {
                    let num_free = list_length.unwrap_or(0);
                    let arity = self.functions.get(function as usize).map_or(0, |layout| layout.name.arity);
                    if num_free > arity {
                        self.reporter.error(
                            operands[position].span,
                            format!(
                                "the fun {} captures {num_free} free variable{} but its function takes only {arity} argument{}",
                                quote(&self.reporter.text(operands[position].span)),
                                plural(num_free),
                                plural(arity)
                            ),
                        );
                        ok = false;
                    }
                    values.push(Operand::Lam(self.tables.fun(FunEntry { function, num_free })));
                }
            }
        }
        ok.then_some(values)
    }

    /// Converts one operand as its kind directs; reports and returns `None` on error.
    fn operand(&mut self, kind: OperandKind, expr: &Expr, function: usize) -> Option<Resolved> {
        let value = match kind {
            OperandKind::U => Operand::U(self.unsigned(expr)?),
            OperandKind::S => Operand::S(self.source(expr)?),
            OperandKind::D => Operand::D(self.destination(expr)?),
            OperandKind::Y => Operand::Y(self.y_register(expr)?),
            OperandKind::Fr => Operand::Fr(self.float_register(expr)?),
            OperandKind::L => Operand::L(self.label(expr, function, kind)?),
            OperandKind::Fail => match &expr.kind {
                ExprKind::Word(word) if word == "none" => Operand::Fail(Fail::NONE),
                _ => Operand::Fail(Fail::to(self.label(expr, function, kind)?)),
            },
            OperandKind::A => Operand::A(self.atom(expr)?),
            OperandKind::F => Operand::F(self.local_function(expr, kind)?),
            OperandKind::Lam => return Some(Resolved::Lam(self.local_function(expr, kind)?)),
            OperandKind::E => Operand::E(self.external_function(expr, false)?),
            OperandKind::B => Operand::B(self.external_function(expr, true)?),
            OperandKind::Srcs => {
                let elements = self.operand_list(expr, kind)?;
                let sources = self.each(elements, |this, element| this.source(element))?;
                Operand::Srcs(Srcs(pool_span(&mut self.pools.src_pool, sources)))
            }
            OperandKind::Ys => {
                let elements = self.operand_list(expr, kind)?;
                let registers = self.each(elements, |this, element| this.y_register(element))?;
                Operand::Ys(Ys(pool_span(&mut self.pools.y_pool, registers)))
            }
            OperandKind::Cases => {
                let pairs = self.pairs(expr, kind, |this, value, label| {
                    let value = this.source(value);
                    let label = this.label(label, function, OperandKind::L);
                    Some((value?, label?))
                })?;
                Operand::Cases(Cases(pool_span(&mut self.pools.case_pool, pairs)))
            }
            OperandKind::KeyVals => {
                let pairs = self.pairs(expr, kind, |this, key, value| {
                    let key = this.source(key);
                    let value = this.source(value);
                    Some((key?, value?))
                })?;
                Operand::KeyVals(KeyVals(pool_span(&mut self.pools.key_val_pool, pairs)))
            }
            OperandKind::KeyDsts => {
                let pairs = self.pairs(expr, kind, |this, key, destination| {
                    let key = this.source(key);
                    let destination = this.destination(destination);
                    Some((key?, destination?))
                })?;
                Operand::KeyDsts(KeyDsts(pool_span(&mut self.pools.key_dst_pool, pairs)))
            }
        };
        Some(Resolved::Value(value))
    }

    fn unsigned(&mut self, expr: &Expr) -> Option<u32> {
        match &expr.kind {
            ExprKind::Integer(value) if value.sign() != num_bigint::Sign::Minus => match u32::try_from(value) {
                Ok(value) => Some(value),
                Err(_) => {
                    self.reporter.error(
                        expr.span,
                        format!(
                            "{} is too large for an unsigned operand (the largest is {})",
                            quote(&value.to_string()),
                            u32::MAX
                        ),
                    );
                    None
                }
            },
            _ => self.wrong_kind(expr, OperandKind::U),
        }
    }

    fn source(&mut self, expr: &Expr) -> Option<Src> {
        match &expr.kind {
            ExprKind::Word(word) => {
                if let Some(register) = register_of(word) {
                    return Some(self.register(expr, register)?.as_src());
                }
            }
            ExprKind::LabelRef(_) | ExprKind::LocalFunction(_) | ExprKind::ExternalFunction(..) => {
                return self.wrong_kind(expr, OperandKind::S)
            }
            _ => {}
        }
        let literal = match literal_of(expr, &mut self.tables) {
            Ok(literal) => literal,
            Err((span, message)) => {
                self.reporter.error(span, message);
                return None;
            }
        };
        // The parser bounds each term's nesting, but a list written as an
        // operand is one level more than its elements, and an empty tuple
        // or map at the limit has no elements to trip it: measure the
        // literal as the loader will.
        if containers_deep(&literal) > MAX_DEPTH {
            self.reporter.error(expr.span, format!("the term is nested too deeply (more than {MAX_DEPTH} levels)"));
            return None;
        }
        if let Literal::Int(value) = literal {
            if let Some(source) = Src::int(value) {
                return Some(source);
            }
        }
        let index = self.tables.literal(literal);
        if index > Src::INDEX_MAX {
            self.reporter.error(expr.span, "too many literals in one module");
            return None;
        }
        Some(Src::literal(index))
    }

    fn destination(&mut self, expr: &Expr) -> Option<Dst> {
        match &expr.kind {
            ExprKind::Word(word) => match register_of(word) {
                Some(register) => self.register(expr, register),
                None => self.wrong_kind(expr, OperandKind::D),
            },
            _ => self.wrong_kind(expr, OperandKind::D),
        }
    }

    fn y_register(&mut self, expr: &Expr) -> Option<u32> {
        match &expr.kind {
            ExprKind::Word(word) => match register_of(word) {
                Some(register) => match self.register(expr, register)? {
                    Dst::Y(number) => Some(number),
                    Dst::X(_) => self.wrong_kind(expr, OperandKind::Y),
                },
                None => self.wrong_kind(expr, OperandKind::Y),
            },
            _ => self.wrong_kind(expr, OperandKind::Y),
        }
    }

    fn float_register(&mut self, expr: &Expr) -> Option<u32> {
        let ExprKind::Word(word) = &expr.kind else {
            return self.wrong_kind(expr, OperandKind::Fr);
        };
        match float_register_of(word) {
            Some(Ok(number)) => Some(number),
            Some(Err(message)) => {
                self.reporter.error(expr.span, message);
                None
            }
            None => self.wrong_kind(expr, OperandKind::Fr),
        }
    }

    /// A register word as a destination; reports one out of range.
    fn register(&mut self, expr: &Expr, register: Result<Register, String>) -> Option<Dst> {
        match register {
            Ok(Register::X(number)) => Some(Dst::X(number)),
            Ok(Register::Y(number)) => Some(Dst::Y(number)),
            Err(message) => {
                self.reporter.error(expr.span, message);
                None
            }
        }
    }

    fn label(&mut self, expr: &Expr, function: usize, kind: OperandKind) -> Option<Label> {
        let ExprKind::LabelRef(name) = &expr.kind else {
            return self.wrong_kind(expr, kind);
        };
        let layout = self.functions.get(function)?;
        if let Some(&(index, _)) = layout.labels.get(name) {
            return Some(Label(index));
        }
        let owner = self.functions.iter().find(|other| other.labels.contains_key(name));
        let message = match owner {
            Some(owner) => format!(
                "label `@{name}` belongs to function `{}`; a label can only be used in the function that defines it",
                function_text(&owner.name)
            ),
            None => {
                let mut message = format!("undefined label `@{name}` in function `{}`", function_text(&layout.name));
                if let Some(suggestion) = closest(name, layout.labels.keys().map(String::as_str)) {
                    message.push_str(&format!("; did you mean `@{suggestion}`?"));
                }
                message
            }
        };
        self.reporter.error(expr.span, message);
        None
    }

    fn atom(&mut self, expr: &Expr) -> Option<u32> {
        match &expr.kind {
            ExprKind::QuotedAtom(name) => Some(self.tables.atom(name)),
            ExprKind::Word(word) if register_of(word).is_none() => Some(self.tables.atom(word)),
            ExprKind::Word(word) => {
                self.reporter.error(
                    expr.span,
                    format!("expected an atom, found the register {}; quote it as '{word}' for the atom", quote(word)),
                );
                None
            }
            _ => self.wrong_kind(expr, OperandKind::A),
        }
    }

    fn local_function(&mut self, expr: &Expr, kind: OperandKind) -> Option<u32> {
        let ExprKind::LocalFunction(name) = &expr.kind else {
            return self.wrong_kind(expr, kind);
        };
        if let Some(&index) = self.function_indices.get(name) {
            return Some(index);
        }
        let suggestion = function_suggestion(name, self.functions.iter().map(|layout| &layout.name));
        self.reporter.error(expr.span, format!("no local function `{}` is defined{suggestion}", function_text(name)));
        None
    }

    fn external_function(&mut self, expr: &Expr, must_be_bif: bool) -> Option<u32> {
        let ExprKind::ExternalFunction(module, function) = &expr.kind else {
            return self.wrong_kind(expr, if must_be_bif { OperandKind::B } else { OperandKind::E });
        };
        if must_be_bif {
            let arity = u8::try_from(function.arity).ok();
            if arity.and_then(|arity| bif_by_name(module, &function.name, arity)).is_none() {
                self.reporter.error(
                    expr.span,
                    format!("`{}:{}` is not a BIF girder knows", format_atom(module), function_text(function)),
                );
                return None;
            }
        }
        let module = self.tables.atom(module);
        let name = self.tables.atom(&function.name);
        Some(self.tables.import(Import { module, function: name, arity: function.arity }))
    }

    /// The elements of a list operand (`Srcs`, `Ys` …), which must be a plain list.
    fn operand_list<'e>(&mut self, expr: &'e Expr, kind: OperandKind) -> Option<&'e [Expr]> {
        match &expr.kind {
            ExprKind::List(elements, None) => Some(elements),
            ExprKind::List(_, Some(tail)) => {
                self.reporter.error(tail.span, "an operand list cannot have a `|` tail");
                None
            }
            _ => self.wrong_kind(expr, kind),
        }
    }

    /// Converts every element, reporting all errors; `None` if any failed.
    fn each<T>(&mut self, elements: &[Expr], mut convert: impl FnMut(&mut Self, &Expr) -> Option<T>) -> Option<Vec<T>> {
        let converted: Vec<Option<T>> = elements.iter().map(|element| convert(self, element)).collect();
        converted.into_iter().collect()
    }

    /// Converts a list operand of pairs (`Cases`, `KeyVals`, `KeyDsts`).
    fn pairs<T>(
        &mut self,
        expr: &Expr,
        kind: OperandKind,
        mut convert: impl FnMut(&mut Self, &Expr, &Expr) -> Option<T>,
    ) -> Option<Vec<T>> {
        let elements = self.operand_list(expr, kind)?;
        if elements.len() % 2 != 0 {
            let what = match kind {
                OperandKind::Cases => "value/label",
                OperandKind::KeyDsts => "key/destination",
                _ => "key/value",
            };
            self.reporter.error(
                expr.span,
                format!("expected {what} pairs, but this list has an odd number of elements ({})", elements.len()),
            );
            return None;
        }
        let converted: Vec<Option<T>> = elements.chunks(2).map(|pair| convert(self, &pair[0], &pair[1])).collect();
        converted.into_iter().collect()
    }

    /// The `name/arity` of import `index`.
    fn imported_function(&self, index: u32) -> Option<FunctionName> {
        let import = self.tables.imports.get(index as usize)?;
        let name = self.tables.atoms.get(import.function as usize)?;
        Some(FunctionName { name: name.clone(), arity: import.arity })
    }

    /// How a called function is named in a message: as written in the operand.
    fn describe_function(&self, operand: &Expr, callee: &FunctionName) -> String {
        match &operand.kind {
            ExprKind::ExternalFunction(module, _) => {
                format!("`{}:{}`", format_atom(module), function_text(callee))
            }
            _ => format!("`{}`", function_text(callee)),
        }
    }

    fn wrong_kind<T>(&mut self, expr: &Expr, kind: OperandKind) -> Option<T> {
        let found = quote(&self.reporter.text(expr.span));
        self.reporter.error(expr.span, format!("expected {}, found {found}", expectation(kind)));
        None
    }
}

/// Appends `items` to `pool`, returning the span they occupy.
fn pool_span<T>(pool: &mut Vec<T>, items: Vec<T>) -> girder_loader::Span {
    let start = u32::try_from(pool.len()).unwrap_or(u32::MAX);
    let len = u32::try_from(items.len()).unwrap_or(u32::MAX);
    pool.extend(items);
    girder_loader::Span { start, len }
}

/// What an operand of `kind` must look like, for "expected ..., found ..." messages.
fn expectation(kind: OperandKind) -> &'static str {
    match kind {
        OperandKind::U => "an unsigned integer",
        OperandKind::S => "a source (xN, yN or a literal term)",
        OperandKind::D => "a destination register (xN or yN)",
        OperandKind::Y => "a y register (yN)",
        OperandKind::L => "a label (@name)",
        OperandKind::Fail => "a fail label (@name) or `none`",
        OperandKind::A => "an atom",
        OperandKind::F => "a local function (name/arity)",
        OperandKind::E => "an external function (module:name/arity)",
        OperandKind::B => "a BIF (module:name/arity)",
        OperandKind::Lam => "the local function implementing the fun (name/arity)",
        OperandKind::Srcs => "a list of sources ([S, ...])",
        OperandKind::Ys => "a list of y registers ([yN, ...])",
        OperandKind::Cases => "a jump table ([Value, @label, ...])",
        OperandKind::KeyVals => "a list of key/value pairs ([Key, Value, ...])",
        OperandKind::KeyDsts => "a list of key/destination pairs ([Key, Dst, ...])",
        OperandKind::Fr => "a float register (frN)",
    }
}

/// "`move` takes 2 operands (S, D), found 3".
fn operand_count_message(info: &OpInfo, found: usize) -> String {
    let kinds: Vec<&str> = info.operands.iter().map(|kind| kind.name()).collect();
    match kinds.len() {
        0 => format!("`{}` takes no operands, found {found}", info.name),
        1 => format!("`{}` takes 1 operand ({}), found {found}", info.name, kinds[0]),
        count => format!("`{}` takes {count} operands ({}), found {found}", info.name, kinds.join(", ")),
    }
}

/// "; did you mean `f/1`?" for a local function that is not defined, when
/// one with the same name, or a similar name and the same arity, is.
pub(crate) fn function_suggestion<'n>(
    wanted: &FunctionName,
    defined: impl Iterator<Item = &'n FunctionName> + Clone,
) -> String {
    let same_name = defined.clone().find(|function| function.name == wanted.name);
    let suggestion = match same_name {
        Some(function) => Some(function.clone()),
        None => {
            let candidates: Vec<&FunctionName> = defined.filter(|function| function.arity == wanted.arity).collect();
            closest(&wanted.name, candidates.iter().map(|function| function.name.as_str()))
                .map(|name| FunctionName { name: name.to_string(), arity: wanted.arity })
        }
    };
    suggestion.map_or_else(String::new, |suggestion| format!("; did you mean `{}`?", function_text(&suggestion)))
}

/// `name/arity` with the name quoted when needed.
pub(crate) fn function_text(function: &FunctionName) -> String {
    format!("{}/{}", format_atom(&function.name), function.arity)
}

fn plural(count: u32) -> &'static str {
    if count == 1 {
        ""
    } else {
        "s"
    }
}
