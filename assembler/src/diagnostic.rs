//! Errors found in assembly source, each pointing at the text at fault.
//!
//! A [`Diagnostic`] names `file:line:col`, quotes the source line and puts a
//! caret under the offending text. The assembler collects every error it can
//! find and returns them together, sorted by position, as [`Diagnostics`].

use std::fmt;

/// A range of characters on one source line.
///
/// `line` is 1-based; `start` and `end` are 0-based character (not byte)
/// offsets into the line, `end` exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Span {
    /// The 1-based line number.
    pub(crate) line: usize,
    /// The first character, counted from 0.
    pub(crate) start: usize,
    /// One past the last character.
    pub(crate) end: usize,
}

impl Span {
    /// A span of the characters `start..end` on `line`.
    pub(crate) fn new(line: usize, start: usize, end: usize) -> Span {
        Span { line, start, end: end.max(start) }
    }

    /// The smallest span covering both `self` and `other` (which must be on the same line).
    pub(crate) fn to(self, other: Span) -> Span {
        if other.line != self.line {
            return self;
        }
        Span::new(self.line, self.start.min(other.start), self.end.max(other.end))
    }
}

/// One error in assembly source, with its location and the source line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    file: String,
    line: usize,
    column: usize,
    width: usize,
    message: String,
    source_line: String,
}

impl Diagnostic {
    /// The file name given to the assembler.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The 1-based line number of the error.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The 1-based column (in characters) where the offending text starts.
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong and, where it helps, what was expected.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The source line the error is on, without its line break.
    pub fn source_line(&self) -> &str {
        &self.source_line
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}:{}:{}: error: {}", self.file, self.line, self.column, self.message)?;
        let number = self.line.to_string();
        let gutter = " ".repeat(number.len() + 3);
        writeln!(f, "  {number} | {}", self.source_line)?;
        // The caret line copies tabs from the source so the caret lines up
        // under the offending text whatever the tab width.
        let indent: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "{gutter}| {indent}{}", "^".repeat(self.width.max(1)))
    }
}

impl std::error::Error for Diagnostic {}

/// Every error found in one assembly source, sorted by position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostics {
    errors: Vec<Diagnostic>,
}

impl Diagnostics {
    /// The errors, sorted by line and column.
    pub fn errors(&self) -> &[Diagnostic] {
        &self.errors
    }

    /// The number of errors (never zero).
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Whether there are no errors; always false for diagnostics the assembler returns.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// An iterator over the errors, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.errors.iter()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (position, error) in self.errors.iter().enumerate() {
            if position > 0 {
                f.write_str("\n\n")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

/// Collects errors while the source is assembled and renders them at the end.
pub(crate) struct Reporter<'src> {
    file: &'src str,
    lines: Vec<&'src str>,
    errors: Vec<(Span, String)>,
}

impl<'src> Reporter<'src> {
    /// A reporter for `source`, which is called `file` in messages.
    pub(crate) fn new(source: &'src str, file: &'src str) -> Reporter<'src> {
        Reporter { file, lines: source_lines(source).collect(), errors: Vec::new() }
    }

    /// Records an error at `span`.
    pub(crate) fn error(&mut self, span: Span, message: impl Into<String>) {
        self.errors.push((span, message.into()));
    }

    /// Whether any error has been recorded.
    pub(crate) fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// The source text under `span`, for quoting in messages.
    pub(crate) fn text(&self, span: Span) -> String {
        let line = span.line.checked_sub(1).and_then(|index| self.lines.get(index)).copied().unwrap_or("");
        line.chars().skip(span.start).take(span.end - span.start).collect()
    }

    /// The errors recorded, sorted by position.
    pub(crate) fn finish(self) -> Diagnostics {
        let mut errors = self.errors;
        errors.sort_by_key(|(span, _)| (span.line, span.start));
        errors.dedup();
        let errors = errors
            .into_iter()
            .map(|(span, message)| {
                let source_line =
                    span.line.checked_sub(1).and_then(|index| self.lines.get(index)).copied().unwrap_or("").to_string();
                Diagnostic {
                    file: self.file.to_string(),
                    line: span.line.max(1),
                    column: span.start + 1,
                    width: span.end - span.start,
                    message,
                    source_line,
                }
            })
            .collect();
        Diagnostics { errors }
    }
}

/// The lines of `source`, without line breaks (`\n` or `\r\n`).
pub(crate) fn source_lines(source: &str) -> impl Iterator<Item = &str> {
    source.split('\n').map(|line| line.strip_suffix('\r').unwrap_or(line))
}

/// Quotes source text for a message, shortening it when it is long.
pub(crate) fn quote(text: &str) -> String {
    const LIMIT: usize = 40;
    if text.chars().count() > LIMIT {
        let head: String = text.chars().take(LIMIT - 3).collect();
        format!("`{head}...`")
    } else {
        format!("`{text}`")
    }
}
