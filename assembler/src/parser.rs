//! Turns the source, line by line, into [`Statement`]s.
//!
//! Each line is one directive, one label, one instruction, or a label
//! followed by an instruction. A syntax error is reported and parsing goes on
//! at the next line; a broken instruction still takes its place in the code
//! (with no operands) so that later label positions stay right and no
//! follow-on errors are invented.

use crate::ast::{Expr, ExprKind, FunctionName, Instruction, Segment, Statement};
use crate::diagnostic::{quote, source_lines, Reporter, Span};
use crate::lexer::{tokenize, Token, TokenKind};
use crate::suggest::closest;
use girder_spec::{instruction_by_name, OperandKind};

/// How many containers (lists, tuples, maps) a literal term may nest: the
/// loader's limit, counted the same way. Deeper input is rejected rather
/// than recursed into.
pub(crate) const MAX_DEPTH: usize = girder_loader::MAX_LITERAL_DEPTH;

/// The longest atom name, in characters (Erlang's limit, which the loader enforces too).
pub(crate) const MAX_ATOM_CHARS: usize = 255;

/// The directives the assembler knows.
const DIRECTIVES: [&str; 4] = ["module", "export", "function", "line"];

/// Parses the whole source, reporting syntax errors to `reporter`.
pub(crate) fn parse(source: &str, reporter: &mut Reporter<'_>) -> Vec<Statement> {
    let mut statements = Vec::new();
    for (index, text) in source_lines(source).enumerate() {
        let line = index + 1;
        let (tokens, lex_error) = tokenize(text, line);
        let chars: Vec<char> = text.chars().collect();
        let mut parser = LineParser { tokens: &tokens, position: 0, line, chars: &chars };
        let result = parser.statement(&mut statements, lex_error.is_some());
        if let Some(error) = lex_error {
            reporter.error(error.span, error.message);
        } else if let Err(error) = result {
            reporter.error(error.span, error.message);
        }
    }
    statements
}

/// A syntax error: where and what.
struct ParseError {
    span: Span,
    message: String,
}

type ParseResult<T> = Result<T, ParseError>;

struct LineParser<'t> {
    tokens: &'t [Token],
    position: usize,
    line: usize,
    chars: &'t [char],
}

impl<'t> LineParser<'t> {
    /// Parses the line into zero, one or two statements.
    ///
    /// When `truncated` is set, the tokens stop at a lexical error that is
    /// reported separately: only the line's shape is recovered, so that an
    /// instruction keeps its place in the code.
    fn statement(&mut self, statements: &mut Vec<Statement>, truncated: bool) -> ParseResult<()> {
        let Some(first) = self.tokens.first() else {
            return Ok(());
        };
        if let TokenKind::Directive(name) = &first.kind {
            if truncated {
                return Ok(());
            }
            self.position = 1;
            let statement = self.directive(name, first.span)?;
            self.expect_end("after the directive")?;
            statements.push(statement);
            return Ok(());
        }
        if let (TokenKind::Word(name), Some(TokenKind::Colon)) =
            (&first.kind, self.tokens.get(1).map(|token| &token.kind))
        {
            statements.push(Statement::Label { name: name.clone(), span: first.span });
            self.position = 2;
            if self.at_end() {
                return Ok(());
            }
        }
        let Some(token) = self.peek() else {
            return Ok(());
        };
        let TokenKind::Word(name) = &token.kind else {
            if truncated {
                return Ok(());
            }
            return Err(self.unexpected(token, "an instruction, a label or a directive"));
        };
        let name_span = token.span;
        self.position += 1;
        let operands = if truncated { Err(None) } else { self.operands(name).map_err(Some) };
        let end = self.tokens.last().map_or(name_span, |token| token.span);
        let (operands, error) = match operands {
            Ok(operands) => (Some(operands), None),
            Err(error) => (None, error),
        };
        statements.push(Statement::Instruction(Instruction {
            name: name.clone(),
            name_span,
            operands,
            span: name_span.to(end),
        }));
        match error {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }

    fn directive(&mut self, name: &str, span: Span) -> ParseResult<Statement> {
        match name {
            "module" => {
                let (name, name_span) = self.atom("the module name (an atom)")?;
                if name.is_empty() {
                    return Err(error(name_span, "a module name cannot be empty"));
                }
                Ok(Statement::Module { name, span: span.to(name_span) })
            }
            "export" => {
                let mut functions = Vec::new();
                loop {
                    let start = self.peek_span();
                    let function = self.local_function("a function to export (name/arity)")?;
                    functions.push((function, start.to(self.previous_span())));
                    if !self.eat(&TokenKind::Comma) {
                        break;
                    }
                }
                Ok(Statement::Export { functions, span })
            }
            "function" => {
                let start = self.peek_span();
                let function = self.local_function("the function's name/arity")?;
                Ok(Statement::Function { function, span: start.to(self.previous_span()) })
            }
            "line" => {
                let token = self.next_or_end("a line number")?;
                match &token.kind {
                    TokenKind::Integer(value) => match u32::try_from(value) {
                        Ok(number) => {
                            let mut file = None;
                            if self.eat(&TokenKind::Comma) {
                                let name = self.next_or_end("a file name in double quotes")?;
                                match &name.kind {
                                    TokenKind::Str(codes) => {
                                        let text = codes.iter().map(|&code| char::from_u32(code)).collect();
                                        let Some(text) = text else {
                                            return Err(error(
                                                name.span,
                                                "a file name may only hold Unicode characters",
                                            ));
                                        };
                                        file = Some(text);
                                    }
                                    _ => return Err(self.unexpected(name, "a file name in double quotes")),
                                }
                            }
                            Ok(Statement::Line { number, file, span: span.to(self.previous_span()) })
                        }
                        Err(_) => Err(error(token.span, format!("line number {value} is too large"))),
                    },
                    _ => Err(self.unexpected(token, "a line number")),
                }
            }
            other => {
                let mut message = format!("unknown directive `.{other}`");
                if let Some(suggestion) = closest(other, DIRECTIVES) {
                    message.push_str(&format!("; did you mean `.{suggestion}`?"));
                } else {
                    message.push_str("; the directives are `.module`, `.export`, `.function` and `.line`");
                }
                Err(error(span, message))
            }
        }
    }

    /// Parses the operands of instruction `name`, separated by commas, up to
    /// the end of the line.
    fn operands(&mut self, name: &str) -> ParseResult<Vec<Expr>> {
        let mut operands = Vec::new();
        if self.at_end() {
            return Ok(operands);
        }
        let kinds = instruction_by_name(name).map_or(&[][..], |info| info.operands);
        loop {
            let is_list = kinds.get(operands.len()).is_some_and(|kind| {
                matches!(
                    kind,
                    OperandKind::Srcs
                        | OperandKind::Ys
                        | OperandKind::Cases
                        | OperandKind::KeyVals
                        | OperandKind::KeyDsts
                )
            });
            operands.push(self.operand(is_list)?);
            match self.peek() {
                None => return Ok(operands),
                Some(Token { kind: TokenKind::Comma, .. }) => self.position += 1,
                Some(token) if is_closer(&token.kind) => {
                    return Err(error(
                        token.span,
                        format!("unbalanced {}: there is no open bracket to close", quote(&self.text(token.span))),
                    ))
                }
                Some(token) => return Err(self.unexpected(token, "`,` between operands")),
            }
        }
    }

    /// Parses one operand. The elements of a list operand (`[x0, {a}]`,
    /// where `is_list` says the instruction takes one) are operands, each a
    /// term of its own, so they start at depth 0 as a lone operand does; the
    /// loader counts their depth the same way.
    fn operand(&mut self, is_list: bool) -> ParseResult<Expr> {
        match self.peek() {
            Some(token) if is_list && token.kind == TokenKind::OpenBracket => {
                let span = token.span;
                self.position += 1;
                self.list(span, 0)
            }
            _ => self.expr(0),
        }
    }

    /// Parses one term whose containers sit inside `depth` others.
    fn expr(&mut self, depth: usize) -> ParseResult<Expr> {
        let token = self.next_or_end("an operand")?;
        if depth > MAX_DEPTH {
            return Err(error(token.span, format!("the term is nested too deeply (more than {MAX_DEPTH} levels)")));
        }
        let span = token.span;
        let kind = match &token.kind {
            TokenKind::LabelRef(name) => ExprKind::LabelRef(name.clone()),
            TokenKind::Word(name)
                if name == "fun"
                    && matches!(
                        self.peek().map(|token| &token.kind),
                        Some(TokenKind::Word(_) | TokenKind::QuotedAtom(_))
                    ) =>
            {
                // `fun module:name/arity`, as Erlang writes an external fun.
                let function = self.expr(depth)?;
                let ExprKind::ExternalFunction(module, function) = function.kind else {
                    return Err(error(function.span, "expected `module:name/arity` after `fun`".to_string()));
                };
                return Ok(Expr { kind: ExprKind::ExportFun(module, function), span: span.to(self.previous_span()) });
            }
            TokenKind::Word(name) | TokenKind::QuotedAtom(name) => {
                let quoted = matches!(token.kind, TokenKind::QuotedAtom(_));
                match self.peek().map(|token| &token.kind) {
                    Some(TokenKind::Slash) => {
                        self.check_atom_word(token)?;
                        self.position += 1;
                        let arity = self.arity()?;
                        let function = FunctionName { name: name.clone(), arity };
                        return Ok(Expr {
                            kind: ExprKind::LocalFunction(function),
                            span: span.to(self.previous_span()),
                        });
                    }
                    Some(TokenKind::Colon) => {
                        self.check_atom_word(token)?;
                        self.position += 1;
                        let (function_name, _) = self.atom("a function name after `:`")?;
                        let slash = self.next_or_end("`/` and the arity")?;
                        if slash.kind != TokenKind::Slash {
                            return Err(self.unexpected(slash, "`/` and the arity"));
                        }
                        let arity = self.arity()?;
                        let function = FunctionName { name: function_name, arity };
                        return Ok(Expr {
                            kind: ExprKind::ExternalFunction(name.clone(), function),
                            span: span.to(self.previous_span()),
                        });
                    }
                    _ => {}
                }
                self.check_atom_word(token)?;
                if quoted {
                    ExprKind::QuotedAtom(name.clone())
                } else {
                    ExprKind::Word(name.clone())
                }
            }
            TokenKind::Integer(value) => ExprKind::Integer(value.clone()),
            TokenKind::Float(value) => ExprKind::Float(*value),
            TokenKind::Str(codes) => ExprKind::Str(codes.clone()),
            TokenKind::Minus => {
                let number = self.next_or_end("a number after `-`")?;
                let kind = match &number.kind {
                    TokenKind::Integer(value) => ExprKind::Integer(-value),
                    TokenKind::Float(value) => ExprKind::Float(-value),
                    _ => return Err(self.unexpected(number, "a number after `-`")),
                };
                return Ok(Expr { kind, span: span.to(number.span) });
            }
            TokenKind::OpenBracket => return self.list(span, depth + 1),
            TokenKind::OpenBrace => {
                let elements = self.sequence(span, &TokenKind::CloseBrace, depth)?;
                return Ok(Expr { kind: ExprKind::Tuple(elements), span: span.to(self.previous_span()) });
            }
            TokenKind::OpenBinary => {
                let segments = self.segments(span, depth)?;
                return Ok(Expr { kind: ExprKind::Binary(segments), span: span.to(self.previous_span()) });
            }
            TokenKind::OpenMap => return self.map(span, depth),
            _ => return Err(self.unexpected(token, "an operand")),
        };
        Ok(Expr { kind, span })
    }

    /// Parses the rest of a list after its `[`, its elements and tail at
    /// `element_depth`.
    fn list(&mut self, open: Span, element_depth: usize) -> ParseResult<Expr> {
        let mut elements = Vec::new();
        let mut tail = None;
        if !self.eat(&TokenKind::CloseBracket) {
            loop {
                elements.push(self.expr(element_depth)?);
                let token = self.closing(open, "[", "`,`, `|` or `]`")?;
                match token.kind {
                    TokenKind::Comma => continue,
                    TokenKind::CloseBracket => break,
                    TokenKind::Pipe => {
                        tail = Some(Box::new(self.expr(element_depth)?));
                        let token = self.closing(open, "[", "`]`")?;
                        if token.kind != TokenKind::CloseBracket {
                            return Err(self.mismatched(token, open, "[", "`]`"));
                        }
                        break;
                    }
                    _ => return Err(self.mismatched(token, open, "[", "`,`, `|` or `]`")),
                }
            }
        }
        Ok(Expr { kind: ExprKind::List(elements, tail), span: open.to(self.previous_span()) })
    }

    /// Parses the rest of a map after its `#{`.
    fn map(&mut self, open: Span, depth: usize) -> ParseResult<Expr> {
        let mut pairs = Vec::new();
        if !self.eat(&TokenKind::CloseBrace) {
            loop {
                let key = self.expr(depth + 1)?;
                let arrow = self.closing(open, "#{", "`=>`")?;
                if arrow.kind != TokenKind::Arrow {
                    return Err(self.mismatched(arrow, open, "#{", "`=>`"));
                }
                let value = self.expr(depth + 1)?;
                pairs.push((key, value));
                let token = self.closing(open, "#{", "`,` or `}`")?;
                match token.kind {
                    TokenKind::Comma => continue,
                    TokenKind::CloseBrace => break,
                    _ => return Err(self.mismatched(token, open, "#{", "`,` or `}`")),
                }
            }
        }
        Ok(Expr { kind: ExprKind::Map(pairs), span: open.to(self.previous_span()) })
    }

    /// Parses comma-separated terms up to `close` (a tuple).
    fn sequence(&mut self, open: Span, close: &TokenKind, depth: usize) -> ParseResult<Vec<Expr>> {
        let (open_text, close_text) = ("{", "`,` or `}`");
        let mut elements = Vec::new();
        if self.eat(close) {
            return Ok(elements);
        }
        loop {
            elements.push(self.expr(depth + 1)?);
            let token = self.closing(open, open_text, close_text)?;
            if token.kind == TokenKind::Comma {
                continue;
            }
            if &token.kind == close {
                return Ok(elements);
            }
            return Err(self.mismatched(token, open, open_text, close_text));
        }
    }

    /// Parses the segments of a bitstring after its `<<`, through its `>>`:
    /// values, each perhaps followed by `:` and a size.
    fn segments(&mut self, open: Span, depth: usize) -> ParseResult<Vec<Segment>> {
        let (open_text, close_text) = ("<<", "`:`, `,` or `>>`");
        let mut segments = Vec::new();
        if self.eat(&TokenKind::CloseBinary) {
            return Ok(segments);
        }
        loop {
            let value = self.expr(depth + 1)?;
            let mut token = self.closing(open, open_text, close_text)?;
            let mut size = None;
            if token.kind == TokenKind::Colon {
                let size_token = self.next_or_end("a size in bits after `:`")?;
                let TokenKind::Integer(bits) = &size_token.kind else {
                    return Err(self.unexpected(size_token, "a size in bits after `:`"));
                };
                size = Some((bits.clone(), size_token.span));
                token = self.closing(open, open_text, "`,` or `>>`")?;
            }
            segments.push(Segment { value, size });
            match token.kind {
                TokenKind::Comma => continue,
                TokenKind::CloseBinary => return Ok(segments),
                _ => return Err(self.mismatched(token, open, open_text, close_text)),
            }
        }
    }

    /// The next token inside an open bracket; the end of the line is an unclosed bracket.
    fn closing(&mut self, open: Span, open_text: &str, expected: &str) -> ParseResult<&'t Token> {
        match self.next() {
            Some(token) => Ok(token),
            None => Err(error(open, format!("unclosed `{open_text}`: expected {expected} before the end of the line"))),
        }
    }

    fn mismatched(&self, token: &Token, open: Span, open_text: &str, expected: &str) -> ParseError {
        let found = self.describe(token);
        if is_closer(&token.kind) {
            error(
                token.span,
                format!(
                    "unbalanced brackets: expected {expected} to close the `{open_text}` at column {}, found {found}",
                    open.start + 1
                ),
            )
        } else {
            error(token.span, format!("expected {expected}, found {found}"))
        }
    }

    /// Parses an atom: an unquoted lowercase word or a quoted atom.
    fn atom(&mut self, expected: &str) -> ParseResult<(String, Span)> {
        let token = self.next_or_end(expected)?;
        match &token.kind {
            TokenKind::QuotedAtom(name) => Ok((name.clone(), token.span)),
            TokenKind::Word(name) if starts_lowercase(name) => Ok((name.clone(), token.span)),
            _ => Err(self.unexpected(token, expected)),
        }
        .and_then(|(name, span)| check_atom_name(&name, span).map(|()| (name, span)))
    }

    /// Parses `name/arity`.
    fn local_function(&mut self, expected: &str) -> ParseResult<FunctionName> {
        let (name, _) = self.atom(expected)?;
        let slash = self.next_or_end("`/` and the arity")?;
        if slash.kind != TokenKind::Slash {
            return Err(self.unexpected(slash, "`/` and the arity"));
        }
        let arity = self.arity()?;
        Ok(FunctionName { name, arity })
    }

    fn arity(&mut self) -> ParseResult<u32> {
        let token = self.next_or_end("an arity")?;
        match &token.kind {
            TokenKind::Integer(value) => {
                u32::try_from(value).map_err(|_| error(token.span, format!("arity {value} is too large")))
            }
            _ => Err(self.unexpected(token, "an arity (a non-negative integer)")),
        }
    }

    /// Rejects a word that cannot be an atom (one starting with an uppercase
    /// letter or `_`) and an atom name the atom table cannot hold.
    fn check_atom_word(&self, token: &Token) -> ParseResult<()> {
        match &token.kind {
            TokenKind::Word(name) if !starts_lowercase(name) => Err(error(
                token.span,
                format!(
                    "{} is not an atom: unquoted atoms start with a lowercase letter; quote it as '{name}'",
                    quote(name)
                ),
            )),
            TokenKind::Word(name) | TokenKind::QuotedAtom(name) => check_atom_name(name, token.span),
            _ => Ok(()),
        }
    }

    fn peek(&self) -> Option<&'t Token> {
        self.tokens.get(self.position)
    }

    fn next(&mut self) -> Option<&'t Token> {
        let token = self.tokens.get(self.position)?;
        self.position += 1;
        Some(token)
    }

    /// The next token; the end of the line is an error saying `expected` was wanted.
    fn next_or_end(&mut self, expected: &str) -> ParseResult<&'t Token> {
        match self.next() {
            Some(token) => Ok(token),
            None => Err(error(self.end_span(), format!("expected {expected} before the end of the line"))),
        }
    }

    fn eat(&mut self, kind: &TokenKind) -> bool {
        if self.peek().is_some_and(|token| &token.kind == kind) {
            self.position += 1;
            true
        } else {
            false
        }
    }

    fn at_end(&self) -> bool {
        self.position >= self.tokens.len()
    }

    fn expect_end(&mut self, context: &str) -> ParseResult<()> {
        match self.peek() {
            None => Ok(()),
            Some(token) => Err(error(token.span, format!("unexpected {} {context}", self.describe(token)))),
        }
    }

    fn peek_span(&self) -> Span {
        self.peek().map_or_else(|| self.end_span(), |token| token.span)
    }

    fn previous_span(&self) -> Span {
        self.position
            .checked_sub(1)
            .and_then(|index| self.tokens.get(index))
            .map_or_else(|| self.end_span(), |token| token.span)
    }

    /// A one-character span just past the end of the line's text.
    fn end_span(&self) -> Span {
        let end = self.tokens.last().map_or(self.chars.len(), |token| token.span.end);
        Span::new(self.line, end, end + 1)
    }

    fn describe(&self, token: &Token) -> String {
        token.kind.describe(&self.text(token.span))
    }

    /// The source text under `span`.
    fn text(&self, span: Span) -> String {
        self.chars.get(span.start..span.end.min(self.chars.len())).unwrap_or(&[]).iter().collect()
    }

    fn unexpected(&self, token: &Token, expected: &str) -> ParseError {
        error(token.span, format!("expected {expected}, found {}", self.describe(token)))
    }
}

fn error(span: Span, message: impl Into<String>) -> ParseError {
    ParseError { span, message: message.into() }
}

/// Rejects an atom name longer than Erlang allows. The empty atom `''` is
/// an atom like any other.
fn check_atom_name(name: &str, span: Span) -> ParseResult<()> {
    let length = name.chars().count();
    if length > MAX_ATOM_CHARS {
        Err(error(span, format!("the atom is {length} characters long; at most {MAX_ATOM_CHARS} are allowed")))
    } else {
        Ok(())
    }
}

fn starts_lowercase(word: &str) -> bool {
    word.starts_with(|c: char| c.is_ascii_lowercase())
}

fn is_closer(kind: &TokenKind) -> bool {
    matches!(kind, TokenKind::CloseBracket | TokenKind::CloseBrace | TokenKind::CloseBinary)
}
