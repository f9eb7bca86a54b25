//! Splits one line of assembly into tokens.
//!
//! Assembly is line-oriented: every token, string and quoted atom ends on the
//! line it starts on, and a `%` outside a string, quoted atom or character
//! literal starts a comment that runs to the end of the line.

use crate::diagnostic::{quote, Span};
use num_bigint::BigInt;
use num_traits::Num;

/// What a token is, with its decoded value.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// A bare word: `[A-Za-z_][A-Za-z0-9_@]*` (an atom, register, instruction or label name).
    Word(String),
    /// A quoted atom, with its escapes decoded.
    QuotedAtom(String),
    /// A non-negative integer, including `$c` character codes and `Base#Digits`.
    Integer(BigInt),
    /// A non-negative float.
    Float(f64),
    /// A string, as the character codes it stands for.
    Str(Vec<u32>),
    /// A label reference: `@name`.
    LabelRef(String),
    /// A directive name at the start of a line: `.module`.
    Directive(String),
    /// `,`
    Comma,
    /// `:`
    Colon,
    /// `/`
    Slash,
    /// `|`
    Pipe,
    /// `-`
    Minus,
    /// `[`
    OpenBracket,
    /// `]`
    CloseBracket,
    /// `{`
    OpenBrace,
    /// `}`
    CloseBrace,
    /// `#{`
    OpenMap,
    /// `=>`
    Arrow,
    /// `<<`
    OpenBinary,
    /// `>>`
    CloseBinary,
}

impl TokenKind {
    /// How the token is described in a message when it is not what was expected.
    pub(crate) fn describe(&self, text: &str) -> String {
        match self {
            TokenKind::Word(_) | TokenKind::QuotedAtom(_) | TokenKind::LabelRef(_) => quote(text),
            TokenKind::Integer(_) | TokenKind::Float(_) => format!("the number {}", quote(text)),
            TokenKind::Str(_) => format!("the string {}", quote(text)),
            TokenKind::Directive(_) => format!("the directive {}", quote(text)),
            _ => quote(text),
        }
    }
}

/// One token and where it is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    /// What the token is.
    pub(crate) kind: TokenKind,
    /// Where it is.
    pub(crate) span: Span,
}

/// An error found while splitting a line into tokens.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LexError {
    /// The offending text.
    pub(crate) span: Span,
    /// What is wrong.
    pub(crate) message: String,
}

/// Splits line `line_number` (1-based) into tokens, stopping at the first error.
///
/// Returns the tokens read before the error too, so that a caller can still
/// tell what kind of line it was.
pub(crate) fn tokenize(text: &str, line_number: usize) -> (Vec<Token>, Option<LexError>) {
    let mut tokens = Vec::new();
    let error = Lexer { chars: text.chars().collect(), position: 0, line: line_number }.run(&mut tokens).err();
    (tokens, error)
}

struct Lexer {
    chars: Vec<char>,
    position: usize,
    line: usize,
}

impl Lexer {
    fn run(mut self, tokens: &mut Vec<Token>) -> Result<(), LexError> {
        while let Some(c) = self.peek(0) {
            let start = self.position;
            let kind = match c {
                '%' => break,
                // A byte-order mark, which some editors write first, counts as space.
                c if c.is_whitespace() || c == '\u{feff}' => {
                    self.position += 1;
                    continue;
                }
                'a'..='z' | 'A'..='Z' | '_' => TokenKind::Word(self.word()),
                '0'..='9' => self.number()?,
                '$' => self.character()?,
                '\'' => {
                    let codes = self.quoted('\'', "quoted atom")?;
                    TokenKind::QuotedAtom(self.codes_to_string(&codes, start)?)
                }
                '"' => TokenKind::Str(self.quoted('"', "string")?),
                '@' => {
                    self.position += 1;
                    match self.peek(0) {
                        Some('a'..='z' | 'A'..='Z' | '_') => TokenKind::LabelRef(self.word()),
                        _ => return Err(self.error(start, start + 1, "expected a label name after `@`")),
                    }
                }
                '.' if tokens.is_empty() && matches!(self.peek(1), Some('a'..='z' | 'A'..='Z' | '_')) => {
                    self.position += 1;
                    TokenKind::Directive(self.word())
                }
                ',' => self.punctuation(1, TokenKind::Comma),
                ':' => self.punctuation(1, TokenKind::Colon),
                '/' => self.punctuation(1, TokenKind::Slash),
                '|' => self.punctuation(1, TokenKind::Pipe),
                '-' => self.punctuation(1, TokenKind::Minus),
                '[' => self.punctuation(1, TokenKind::OpenBracket),
                ']' => self.punctuation(1, TokenKind::CloseBracket),
                '{' => self.punctuation(1, TokenKind::OpenBrace),
                '}' => self.punctuation(1, TokenKind::CloseBrace),
                '#' if self.peek(1) == Some('{') => self.punctuation(2, TokenKind::OpenMap),
                '=' if self.peek(1) == Some('>') => self.punctuation(2, TokenKind::Arrow),
                '<' if self.peek(1) == Some('<') => self.punctuation(2, TokenKind::OpenBinary),
                '>' if self.peek(1) == Some('>') => self.punctuation(2, TokenKind::CloseBinary),
                other => {
                    let shown: String = other.escape_debug().collect();
                    return Err(self.error(start, start + 1, format!("unexpected character `{shown}`")));
                }
            };
            tokens.push(Token { kind, span: Span::new(self.line, start, self.position) });
        }
        Ok(())
    }

    fn peek(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.position + ahead).copied()
    }

    fn error(&self, start: usize, end: usize, message: impl Into<String>) -> LexError {
        LexError { span: Span::new(self.line, start, end), message: message.into() }
    }

    fn text(&self, start: usize, end: usize) -> String {
        self.chars[start..end.min(self.chars.len())].iter().collect()
    }

    fn punctuation(&mut self, length: usize, kind: TokenKind) -> TokenKind {
        self.position += length;
        kind
    }

    /// Reads `[A-Za-z0-9_@]*` from the current position.
    fn word(&mut self) -> String {
        let start = self.position;
        while matches!(self.peek(0), Some(c) if is_word_char(c)) {
            self.position += 1;
        }
        self.text(start, self.position)
    }

    fn digits(&mut self, radix: u32) -> String {
        let start = self.position;
        while matches!(self.peek(0), Some(c) if c.is_digit(radix)) {
            self.position += 1;
        }
        self.text(start, self.position)
    }

    /// Reads an integer (`42`, `16#FF`) or a float (`1.5`, `2.5e-3`).
    fn number(&mut self) -> Result<TokenKind, LexError> {
        let start = self.position;
        let whole = self.digits(10);
        let kind = if self.peek(0) == Some('#') {
            self.position += 1;
            let base = whole.parse::<u32>().ok().filter(|base| (2..=36).contains(base));
            let Some(base) = base else {
                let end = self.word_end();
                return Err(self.error(
                    start,
                    end,
                    format!("bad number {}: the base must be from 2 to 36", quote(&self.text(start, end))),
                ));
            };
            let digits = self.digits(base);
            if digits.is_empty() || self.peek(0).is_some_and(is_word_char) {
                let end = self.word_end();
                return Err(self.error(
                    start,
                    end,
                    format!(
                        "bad number {}: expected digits in base {base} after `{base}#`",
                        quote(&self.text(start, end))
                    ),
                ));
            }
            TokenKind::Integer(parse_integer(&digits, base))
        } else if self.peek(0) == Some('.') && self.peek(1).is_some_and(|c| c.is_ascii_digit()) {
            self.position += 1;
            self.digits(10);
            if matches!(self.peek(0), Some('e' | 'E')) {
                self.position += 1;
                if matches!(self.peek(0), Some('+' | '-')) {
                    self.position += 1;
                }
                if self.digits(10).is_empty() {
                    let end = self.word_end();
                    return Err(self.error(
                        start,
                        end,
                        format!("bad number {}: expected digits in the exponent", quote(&self.text(start, end))),
                    ));
                }
            }
            let text = self.text(start, self.position);
            match text.parse::<f64>() {
                Ok(value) if value.is_finite() => TokenKind::Float(value),
                _ => {
                    return Err(self.error(
                        start,
                        self.position,
                        format!("bad number {}: the float is out of range", quote(&text)),
                    ))
                }
            }
        } else {
            TokenKind::Integer(parse_integer(&whole, 10))
        };
        if self.peek(0).is_some_and(is_word_char) {
            let end = self.word_end();
            return Err(self.error(start, end, format!("bad number {}", quote(&self.text(start, end)))));
        }
        Ok(kind)
    }

    /// The end of the word-like run of characters from the current position.
    fn word_end(&self) -> usize {
        let mut end = self.position;
        while self.chars.get(end).is_some_and(|&c| is_word_char(c) || c == '#' || c == '.') {
            end += 1;
        }
        end
    }

    /// Reads a character literal: `$a`, `$\n`.
    fn character(&mut self) -> Result<TokenKind, LexError> {
        let start = self.position;
        self.position += 1;
        let code = match self.peek(0) {
            None => return Err(self.error(start, start + 1, "expected a character after `$`")),
            Some('\\') => self.escape()?,
            Some(c) => {
                self.position += 1;
                u32::from(c)
            }
        };
        Ok(TokenKind::Integer(BigInt::from(code)))
    }

    /// Reads a string or quoted atom closed by `quote_char`, decoding escapes.
    fn quoted(&mut self, quote_char: char, what: &str) -> Result<Vec<u32>, LexError> {
        let start = self.position;
        self.position += 1;
        let mut codes = Vec::new();
        loop {
            match self.peek(0) {
                None => {
                    return Err(self.error(
                        start,
                        start + 1,
                        format!("unterminated {what}: missing the closing `{quote_char}` on this line"),
                    ))
                }
                Some(c) if c == quote_char => {
                    self.position += 1;
                    return Ok(codes);
                }
                Some('\\') => codes.push(self.escape()?),
                Some(c) => {
                    self.position += 1;
                    codes.push(u32::from(c));
                }
            }
        }
    }

    /// Reads one escape sequence starting at a backslash; returns its character code.
    fn escape(&mut self) -> Result<u32, LexError> {
        let start = self.position;
        self.position += 1;
        let Some(c) = self.peek(0) else {
            return Err(self.error(start, start + 1, "bad escape: expected a character after `\\`"));
        };
        self.position += 1;
        let code = match c {
            'b' => 8,
            'd' => 127,
            'e' => 27,
            'f' => 12,
            'n' => 10,
            'r' => 13,
            's' => 32,
            't' => 9,
            'v' => 11,
            '\\' | '\'' | '"' => u32::from(c),
            '0'..='7' => {
                let mut value = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    match self.peek(0).and_then(|c| c.to_digit(8)) {
                        Some(digit) => {
                            value = value * 8 + digit;
                            self.position += 1;
                        }
                        None => break,
                    }
                }
                value
            }
            '^' => match self.peek(0) {
                Some(c) if c.is_ascii() && !c.is_ascii_control() => {
                    self.position += 1;
                    u32::from(c) & 31
                }
                _ => return Err(self.error(start, self.position, "bad escape: expected a character after `\\^`")),
            },
            'x' => self.hex_escape(start)?,
            other => {
                let shown: String = other.escape_debug().collect();
                return Err(self.error(
                    start,
                    self.position,
                    format!("bad escape `\\{shown}`; known escapes are \\b \\d \\e \\f \\n \\r \\s \\t \\v \\\\ \\' \\\" \\NNN \\xHH \\x{{H...}} \\^C"),
                ));
            }
        };
        Ok(code)
    }

    /// Reads the rest of `\xHH` or `\x{H...}`.
    fn hex_escape(&mut self, start: usize) -> Result<u32, LexError> {
        let digits = if self.peek(0) == Some('{') {
            self.position += 1;
            let digits = self.digits(16);
            if self.peek(0) != Some('}') || digits.is_empty() {
                return Err(self.error(start, self.position, "bad escape: expected `\\x{` hex digits `}`"));
            }
            self.position += 1;
            digits
        } else {
            let digits: String =
                (0..2).filter_map(|ahead| self.peek(ahead)).take_while(|c| c.is_ascii_hexdigit()).collect();
            if digits.len() != 2 {
                return Err(self.error(start, self.position, "bad escape: expected two hex digits after `\\x`"));
            }
            self.position += 2;
            digits
        };
        match u32::from_str_radix(&digits, 16) {
            Ok(code) if code <= 0x10FFFF => Ok(code),
            _ => Err(self.error(start, self.position, "bad escape: the character code is above 16#10FFFF")),
        }
    }

    /// Turns the codes of a quoted atom into its name; every code must be a character.
    fn codes_to_string(&self, codes: &[u32], start: usize) -> Result<String, LexError> {
        codes
            .iter()
            .map(|&code| char::from_u32(code))
            .collect::<Option<String>>()
            .ok_or_else(|| self.error(start, self.position, "an atom may only hold Unicode characters"))
    }
}

/// Whether `c` may continue a word.
pub(crate) fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '@'
}

fn parse_integer(digits: &str, radix: u32) -> BigInt {
    BigInt::from_str_radix(digits, radix).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        let (tokens, error) = tokenize(text, 1);
        assert_eq!(error, None);
        tokens.into_iter().map(|token| token.kind).collect()
    }

    #[test]
    fn words_numbers_and_punctuation() {
        assert_eq!(
            kinds("move x0, {a, 16#ff, 1.5e3} % comment"),
            vec![
                TokenKind::Word("move".into()),
                TokenKind::Word("x0".into()),
                TokenKind::Comma,
                TokenKind::OpenBrace,
                TokenKind::Word("a".into()),
                TokenKind::Comma,
                TokenKind::Integer(255.into()),
                TokenKind::Comma,
                TokenKind::Float(1500.0),
                TokenKind::CloseBrace,
            ]
        );
    }

    #[test]
    fn strings_atoms_and_characters() {
        assert_eq!(
            kinds(r#""a\n%" 'it''s' $% $\x{41} '\^a'"#),
            vec![
                TokenKind::Str(vec![97, 10, 37]),
                TokenKind::QuotedAtom("it".into()),
                TokenKind::QuotedAtom("s".into()),
                TokenKind::Integer(37.into()),
                TokenKind::Integer(65.into()),
                TokenKind::QuotedAtom("\u{1}".into()),
            ]
        );
    }

    #[test]
    fn directives_only_start_lines() {
        assert_eq!(kinds(".module m"), vec![TokenKind::Directive("module".into()), TokenKind::Word("m".into())]);
        assert!(tokenize("move .x", 1).1.is_some());
    }

    #[test]
    fn errors_point_at_the_text() {
        let error = tokenize("  \"abc", 3).1.unwrap();
        assert_eq!(error.span, Span::new(3, 2, 3));
        let (tokens, error) = tokenize("x 12ab", 1);
        assert_eq!(tokens.len(), 1);
        let error = error.unwrap();
        assert_eq!(error.span, Span::new(1, 2, 6));
        assert_eq!(error.message, "bad number `12ab`");
    }
}
