//! PCRE's pattern syntax, as OTP 25's `re` reads it, rewritten into the
//! syntax of the matching engine (`fancy-regex`).
//!
//! The rewrite gives each construct PCRE's meaning where the engine's
//! differs: `^`, `$` and `.` follow the newline convention and the options
//! `multiline`, `dotall`, `dollar_endonly`, `notbol` and `noteol`; `\d`,
//! `\w`, `\s` and `\b` use OTP's character tables (ASCII and Latin-1
//! letters) unless `ucp` asks for Unicode properties; `extended` and
//! `ungreedy` are applied here; literals are written as escapes, so that no
//! character of the subject means anything to the engine's parser. The
//! errors PCRE reports while reading a pattern come back with PCRE's
//! message and offset; constructs the engine cannot run (recursion,
//! subroutine calls, conditions, branch reset, backtracking verbs) are
//! refused with a message that says so.

use std::fmt::Write;

/// The newline convention (`{newline, NL}`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Newline {
    Lf,
    Cr,
    CrLf,
    AnyCrLf,
    Any,
}

/// What the rewrite depends on: compile options and the run options that
/// change what an assertion means.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub(crate) struct Flags {
    pub unicode: bool,
    pub ucp: bool,
    pub caseless: bool,
    pub multiline: bool,
    pub dotall: bool,
    pub extended: bool,
    pub ungreedy: bool,
    pub dollar_endonly: bool,
    pub no_auto_capture: bool,
    pub newline: Option<Newline>,
    pub notbol: bool,
    pub noteol: bool,
}

/// A pattern in the engine's syntax, with its capturing groups.
#[derive(Debug)]
pub(crate) struct Translated {
    /// The engine's pattern.
    pub source: String,
    /// The number of capturing groups.
    pub groups: usize,
    /// Named groups: the name and the group's number.
    pub names: Vec<(String, usize)>,
}

/// A compile error: PCRE's message and the offset in the pattern's bytes.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

fn error<T>(message: &str, offset: usize) -> Result<T, SyntaxError> {
    Err(SyntaxError { message: message.to_string(), offset })
}

fn unsupported<T>(what: &str, offset: usize) -> Result<T, SyntaxError> {
    Err(SyntaxError { message: format!("{what} is not supported by girder"), offset })
}

/// The characters of OTP's `\w` below 256: ASCII letters, digits and `_`,
/// and the Latin-1 letters.
const WORD: &str = r"0-9A-Za-z_\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{FF}";
const ALPHA: &str = r"A-Za-z\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{FF}";
const LOWER: &str = r"a-z\x{AA}\x{B5}\x{BA}\x{DF}-\x{F6}\x{F8}-\x{FF}";
const UPPER: &str = r"A-Z\x{C0}-\x{D6}\x{D8}-\x{DE}";
/// OTP's `\s`: tab, line feed, vertical tab, form feed, carriage return, space.
const SPACE: &str = r"\x{09}-\x{0D}\x{20}";
const DIGIT: &str = "0-9";
const UCP_WORD: &str = r"\p{L}\p{N}_";
const UCP_SPACE: &str = r"\p{Z}\x{09}-\x{0D}\x{85}";
const UCP_DIGIT: &str = r"\p{Nd}";

/// The inline options that can change inside a pattern.
#[derive(Clone, Copy)]
struct Mode {
    caseless: bool,
    multiline: bool,
    dotall: bool,
    extended: bool,
    ungreedy: bool,
}

struct Translator<'a> {
    chars: Vec<(usize, char)>,
    pattern_len: usize,
    at: usize,
    flags: &'a Flags,
    out: String,
    groups: usize,
    names: Vec<(String, usize)>,
    /// Backreferences by number and where each ends, checked at the end.
    numbered_refs: Vec<(usize, usize)>,
    /// Backreferences by name and where each ends.
    named_refs: Vec<(String, usize)>,
}

/// Rewrites `pattern` (its characters: UTF-8 when `flags.unicode`, Latin-1
/// bytes otherwise) into the engine's syntax.
pub(crate) fn translate(pattern: &[u8], flags: &Flags) -> Result<Translated, SyntaxError> {
    let chars: Vec<(usize, char)> = if flags.unicode {
        match std::str::from_utf8(pattern) {
            Ok(text) => text.char_indices().collect(),
            Err(bad) => return error("invalid UTF-8 string", bad.valid_up_to()),
        }
    } else {
        pattern.iter().enumerate().map(|(at, &byte)| (at, char::from(byte))).collect()
    };
    let mut translator = Translator {
        chars,
        pattern_len: pattern.len(),
        at: 0,
        flags,
        out: String::with_capacity(pattern.len() * 2),
        groups: 0,
        names: Vec::new(),
        numbered_refs: Vec::new(),
        named_refs: Vec::new(),
    };
    let mode = Mode {
        caseless: flags.caseless,
        multiline: flags.multiline,
        dotall: flags.dotall,
        extended: flags.extended,
        ungreedy: flags.ungreedy,
    };
    if mode.caseless {
        translator.out.push_str("(?i)");
    }
    translator.alternation(mode, 0)?;
    if translator.at < translator.chars.len() {
        // Only a `)` stops the top level.
        return error("unmatched parentheses", translator.offset());
    }
    for &(number, end) in &translator.numbered_refs {
        if number > translator.groups {
            return error("reference to non-existent subpattern", end);
        }
    }
    for (name, end) in &translator.named_refs {
        if !translator.names.iter().any(|(known, _)| known == name) {
            return error("reference to non-existent subpattern", *end);
        }
    }
    Ok(Translated { source: translator.out, groups: translator.groups, names: translator.names })
}

impl Translator<'_> {
    fn offset(&self) -> usize {
        self.chars.get(self.at).map_or(self.pattern_len, |&(at, _)| at)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).map(|&(_, c)| c)
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.chars.get(self.at + ahead).map(|&(_, c)| c)
    }

    /// The newline sequences of the convention, as an alternation.
    fn newline(&self) -> &'static str {
        match self.flags.newline.unwrap_or(Newline::Lf) {
            Newline::Lf => r"\x{0A}",
            Newline::Cr => r"\x{0D}",
            Newline::CrLf => r"\x{0D}\x{0A}",
            Newline::AnyCrLf => r"(?:\x{0D}\x{0A}|\x{0D}|\x{0A})",
            Newline::Any if self.flags.unicode => r"(?:\x{0D}\x{0A}|[\x{0A}-\x{0D}\x{85}\x{2028}\x{2029}])",
            Newline::Any => r"(?:\x{0D}\x{0A}|[\x{0A}-\x{0D}\x{85}])",
        }
    }

    /// What `.` matches without `dotall`: any character but a newline.
    fn dot(&self) -> &'static str {
        match self.flags.newline.unwrap_or(Newline::Lf) {
            Newline::Lf => r"[^\x{0A}]",
            Newline::Cr => r"[^\x{0D}]",
            Newline::CrLf => r"(?:[^\x{0D}]|\x{0D}(?!\x{0A}))",
            Newline::AnyCrLf => r"[^\x{0A}\x{0D}]",
            Newline::Any if self.flags.unicode => r"[^\x{0A}-\x{0D}\x{85}\x{2028}\x{2029}]",
            Newline::Any => r"[^\x{0A}-\x{0D}\x{85}]",
        }
    }

    fn push_char(&mut self, c: char) {
        if c.is_ascii_alphanumeric() {
            self.out.push(c);
        } else {
            let _ = write!(self.out, r"\x{{{:X}}}", u32::from(c));
        }
    }

    /// A literal character; without `unicode`, a Latin-1 letter under
    /// `caseless` also matches its other case, as OTP's tables say.
    fn literal(&mut self, c: char, mode: Mode) {
        if mode.caseless && !self.flags.unicode {
            if let Some(other) = latin1_other_case(c) {
                self.out.push('[');
                self.push_char(c);
                self.push_char(other);
                self.out.push(']');
                return;
            }
        }
        self.push_char(c);
    }

    fn class_body(&self, letter: char) -> Option<(&'static str, bool)> {
        let ucp = self.flags.ucp;
        Some(match letter {
            'd' => (if ucp { UCP_DIGIT } else { DIGIT }, false),
            'D' => (if ucp { UCP_DIGIT } else { DIGIT }, true),
            'w' => (if ucp { UCP_WORD } else { WORD }, false),
            'W' => (if ucp { UCP_WORD } else { WORD }, true),
            's' => (if ucp { UCP_SPACE } else { SPACE }, false),
            'S' => (if ucp { UCP_SPACE } else { SPACE }, true),
            'h' => (r"\x{09}\x{20}\x{A0}", false),
            'H' => (r"\x{09}\x{20}\x{A0}", true),
            'v' => (r"\x{0A}-\x{0D}\x{85}", false),
            'V' => (r"\x{0A}-\x{0D}\x{85}", true),
            _ => return None,
        })
    }

    fn word_class(&self) -> String {
        format!("[{}]", if self.flags.ucp { UCP_WORD } else { WORD })
    }

    /// Branches separated by `|`, until `)` or the end.
    fn alternation(&mut self, mut mode: Mode, depth: usize) -> Result<(), SyntaxError> {
        if depth > 250 {
            return error("parentheses are too deeply nested", self.offset());
        }
        // Where the last item that a quantifier may follow starts in `out`.
        let mut item: Option<usize> = None;
        while let Some(c) = self.peek() {
            let start = self.out.len();
            let position = self.offset();
            if mode.extended {
                if c.is_ascii_whitespace() || c == '\u{0B}' {
                    self.at += 1;
                    continue;
                }
                if c == '#' {
                    while let Some(c) = self.peek() {
                        self.at += 1;
                        if c == '\n' {
                            break;
                        }
                    }
                    continue;
                }
            }
            match c {
                ')' => return Ok(()),
                '|' => {
                    self.at += 1;
                    self.out.push('|');
                    item = None;
                    continue;
                }
                '*' | '+' | '?' => {
                    let Some(item_start) = item else {
                        return error("nothing to repeat", position);
                    };
                    self.at += 1;
                    let quantifier = c.to_string();
                    self.quantify(item_start, &quantifier, mode);
                    item = None;
                    continue;
                }
                '{' => {
                    if let Some(quantifier) = self.counted()? {
                        let Some(item_start) = item else {
                            return error("nothing to repeat", position);
                        };
                        self.quantify(item_start, &quantifier, mode);
                        item = None;
                        continue;
                    }
                    self.at += 1;
                    self.literal('{', mode);
                }
                '^' => {
                    self.at += 1;
                    self.circumflex(mode);
                }
                '$' => {
                    self.at += 1;
                    self.dollar(mode);
                }
                '.' => {
                    self.at += 1;
                    if mode.dotall {
                        self.out.push_str("(?s:.)");
                    } else {
                        let dot = self.dot();
                        self.out.push_str(dot);
                    }
                }
                '[' => self.class(mode)?,
                '(' => {
                    if let Some(new_mode) = self.group(mode, depth)? {
                        mode = new_mode;
                        continue;
                    }
                }
                '\\' => {
                    if !self.escape(mode)? {
                        continue;
                    }
                }
                _ => {
                    self.at += 1;
                    self.literal(c, mode);
                }
            }
            item = Some(start);
        }
        Ok(())
    }

    /// Applies a quantifier to the item at `out[item_start..]`, reading a
    /// following `?` (lazy) or `+` (possessive).
    fn quantify(&mut self, item_start: usize, quantifier: &str, mode: Mode) {
        let item = self.out.split_off(item_start);
        let mut lazy = mode.ungreedy;
        let mut possessive = false;
        match self.peek() {
            Some('?') => {
                self.at += 1;
                lazy = !lazy;
            }
            Some('+') => {
                self.at += 1;
                possessive = true;
                lazy = false;
            }
            _ => {}
        }
        let body = format!("(?:{item}){quantifier}{}", if lazy { "?" } else { "" });
        if possessive {
            let _ = write!(self.out, "(?>{body})");
        } else {
            self.out.push_str(&body);
        }
    }

    /// A counted quantifier `{n}`, `{n,}` or `{n,m}` at the cursor, or
    /// `None` (and the cursor unmoved) when the `{` is a literal.
    fn counted(&mut self) -> Result<Option<String>, SyntaxError> {
        let mut i = self.at + 1;
        let digits = |i: &mut usize| {
            let begin = *i;
            while self.chars.get(*i).is_some_and(|&(_, c)| c.is_ascii_digit()) {
                *i += 1;
            }
            (begin < *i).then(|| self.chars[begin..*i].iter().map(|&(_, c)| c).collect::<String>())
        };
        let Some(low) = digits(&mut i) else { return Ok(None) };
        let mut high = Some(low.clone());
        if self.chars.get(i).map(|&(_, c)| c) == Some(',') {
            i += 1;
            high = digits(&mut i);
        }
        if self.chars.get(i).map(|&(_, c)| c) != Some('}') {
            return Ok(None);
        }
        let end_offset = self.chars.get(i).map_or(self.pattern_len, |&(at, _)| at);
        let parse = |text: &str| text.parse::<u32>().ok().filter(|&n| n <= 65535);
        let Some(low_n) = parse(&low) else {
            return error("number too big in {} quantifier", end_offset);
        };
        let quantifier = match &high {
            Some(high) => {
                let Some(high_n) = parse(high) else {
                    return error("number too big in {} quantifier", end_offset);
                };
                if high_n < low_n {
                    return error("numbers out of order in {} quantifier", end_offset);
                }
                format!("{{{low_n},{high_n}}}")
            }
            None => format!("{{{low_n},}}"),
        };
        self.at = i + 1;
        Ok(Some(quantifier))
    }

    fn circumflex(&mut self, mode: Mode) {
        let nl = self.newline();
        let after_newline = format!(r"(?<={nl})(?!\z)");
        match (mode.multiline, self.flags.notbol) {
            (false, false) => self.out.push_str(r"\A"),
            (false, true) => self.out.push_str("(?!)"),
            (true, false) => {
                let _ = write!(self.out, r"(?:\A|{after_newline})");
            }
            (true, true) => self.out.push_str(&after_newline),
        }
    }

    fn dollar(&mut self, mode: Mode) {
        let nl = self.newline();
        match (mode.multiline, self.flags.noteol) {
            (false, false) if self.flags.dollar_endonly => self.out.push_str(r"\z"),
            (false, false) => {
                let _ = write!(self.out, r"(?=(?:{nl})?\z)");
            }
            (false, true) => self.out.push_str("(?!)"),
            (true, false) => {
                let _ = write!(self.out, r"(?=(?:{nl})|\z)");
            }
            (true, true) => {
                let _ = write!(self.out, r"(?={nl})");
            }
        }
    }

    /// A `(`: a group of any kind, or an option setting. Returns the new
    /// options when it was a setting that applies to the rest of the
    /// enclosing group.
    fn group(&mut self, mode: Mode, depth: usize) -> Result<Option<Mode>, SyntaxError> {
        self.at += 1;
        let mut inner = mode;
        if self.peek() == Some('*') {
            return unsupported("a backtracking control verb", self.offset());
        }
        if self.peek() != Some('?') {
            if self.flags.no_auto_capture {
                self.out.push_str("(?:");
            } else {
                self.groups += 1;
                self.out.push('(');
            }
        } else {
            self.at += 1;
            match self.peek() {
                Some(':') => {
                    self.at += 1;
                    self.out.push_str("(?:");
                }
                Some('>') => {
                    self.at += 1;
                    self.out.push_str("(?>");
                }
                Some('=') => {
                    self.at += 1;
                    self.out.push_str("(?=");
                }
                Some('!') => {
                    self.at += 1;
                    self.out.push_str("(?!");
                }
                Some('#') => {
                    while let Some(c) = self.peek() {
                        self.at += 1;
                        if c == ')' {
                            return Ok(Some(mode));
                        }
                    }
                    return error("missing ) after comment", self.pattern_len);
                }
                Some('<') if matches!(self.peek_at(1), Some('=') | Some('!')) => {
                    let negative = self.peek_at(1) == Some('!');
                    self.at += 2;
                    self.out.push_str(if negative { "(?<!" } else { "(?<=" });
                }
                Some('<') => {
                    self.at += 1;
                    self.named_group('>')?;
                }
                Some('\'') => {
                    self.at += 1;
                    self.named_group('\'')?;
                }
                Some('P') if self.peek_at(1) == Some('<') => {
                    self.at += 2;
                    self.named_group('>')?;
                }
                Some('P') if self.peek_at(1) == Some('=') => {
                    self.at += 2;
                    let name = self.name(')')?;
                    let end = self.offset();
                    self.named_refs.push((name.clone(), end));
                    let _ = write!(self.out, r"(?:\k<{name}>)");
                    return Ok(None);
                }
                Some('|') => return unsupported("a branch reset group", self.offset()),
                Some('(') => return unsupported("a conditional group", self.offset()),
                Some('R') | Some('&') | Some('0'..='9') | Some('+') | Some('-')
                    if self.peek() != Some('-') || self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) =>
                {
                    return unsupported("a recursion or subroutine call", self.offset())
                }
                Some('P') if self.peek_at(1) == Some('>') => {
                    return unsupported("a recursion or subroutine call", self.offset())
                }
                Some('C') => return unsupported("a callout", self.offset()),
                _ => {
                    // Option settings: (?imsxUJX-imsx) or (?imsx-imsx: ...).
                    let mut on = true;
                    let mut caseless_changed = String::new();
                    loop {
                        let Some(c) = self.peek() else {
                            return error("missing )", self.pattern_len);
                        };
                        self.at += 1;
                        match c {
                            '-' if on => {
                                on = false;
                                caseless_changed.push('-');
                            }
                            'i' => {
                                inner.caseless = on;
                                caseless_changed.push('i');
                            }
                            'm' => inner.multiline = on,
                            's' => inner.dotall = on,
                            'x' => inner.extended = on,
                            'U' => inner.ungreedy = on,
                            'J' | 'X' => {}
                            ')' => {
                                let changed = caseless_changed.trim_end_matches('-');
                                if !changed.is_empty() {
                                    let _ = write!(self.out, "(?{changed})");
                                }
                                return Ok(Some(inner));
                            }
                            ':' => {
                                let changed = caseless_changed.trim_end_matches('-');
                                let _ = write!(self.out, "(?{changed}:");
                                break;
                            }
                            _ => return error("unrecognized character after (? or (?-", self.offset() - 1),
                        }
                    }
                }
            }
        }
        self.alternation(inner, depth + 1)?;
        if self.peek() != Some(')') {
            return error("missing )", self.pattern_len);
        }
        self.at += 1;
        self.out.push(')');
        Ok(None)
    }

    /// A group name up to `terminator`.
    fn name(&mut self, terminator: char) -> Result<String, SyntaxError> {
        let mut name = String::new();
        loop {
            match self.peek() {
                Some(c) if c == terminator && !name.is_empty() => {
                    self.at += 1;
                    return Ok(name);
                }
                Some(c) if c.is_ascii_alphanumeric() || c == '_' => {
                    if name.is_empty() && c.is_ascii_digit() {
                        return error("group name must start with a non-digit", self.offset());
                    }
                    if name.len() >= 32 {
                        return error("name is too long in (*MARK), (*PRUNE), (*SKIP), or (*THEN)", self.offset());
                    }
                    name.push(c);
                    self.at += 1;
                }
                None => return error("syntax error in subpattern name (missing terminator)", self.pattern_len),
                _ => return error("syntax error in subpattern name (missing terminator)", self.offset()),
            }
        }
    }

    fn named_group(&mut self, terminator: char) -> Result<(), SyntaxError> {
        let at = self.offset();
        let name = self.name(terminator)?;
        if self.names.iter().any(|(known, _)| *known == name) {
            return error("two named subpatterns have the same name", at);
        }
        self.groups += 1;
        self.names.push((name.clone(), self.groups));
        let _ = write!(self.out, "(?P<{name}>");
        Ok(())
    }

    /// A backslash outside a class. Returns whether it wrote an item a
    /// quantifier may follow.
    fn escape(&mut self, mode: Mode) -> Result<bool, SyntaxError> {
        self.at += 1;
        let Some(c) = self.peek() else {
            return error("\\ at end of pattern", self.pattern_len);
        };
        self.at += 1;
        match c {
            'A' => self.out.push_str(r"\A"),
            'z' => self.out.push_str(r"\z"),
            'Z' => {
                let nl = self.newline();
                let _ = write!(self.out, r"(?=(?:{nl})?\z)");
            }
            'G' => self.out.push_str(r"\G"),
            'b' | 'B' => {
                let word = self.word_class();
                let boundary = format!("(?:(?<={word})(?!{word})|(?<!{word})(?={word}))");
                if c == 'b' {
                    self.out.push_str(&boundary);
                } else {
                    let _ = write!(self.out, "(?!{boundary})");
                }
            }
            'R' => {
                let any = if self.flags.unicode {
                    r"(?>\x{0D}\x{0A}|[\x{0A}-\x{0D}\x{85}\x{2028}\x{2029}])"
                } else {
                    r"(?>\x{0D}\x{0A}|[\x{0A}-\x{0D}\x{85}])"
                };
                self.out.push_str(any);
            }
            'Q' => {
                // Literal text up to \E.
                while let Some(c) = self.peek() {
                    if c == '\\' && self.peek_at(1) == Some('E') {
                        self.at += 2;
                        return Ok(true);
                    }
                    self.at += 1;
                    self.literal(c, mode);
                }
            }
            'E' => return Ok(false),
            'K' => return unsupported("\\K", self.offset()),
            'X' | 'C' => return unsupported(&format!("\\{c}"), self.offset()),
            'p' | 'P' => {
                let property = self.property(c)?;
                self.out.push_str(&property);
            }
            'g' | 'k' => self.backreference(c)?,
            '1'..='9' => {
                self.at -= 1;
                let begin = self.at;
                let mut number = 0usize;
                while let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                    number = number.saturating_mul(10).saturating_add(d as usize);
                    self.at += 1;
                }
                if number < 10 || number <= self.groups {
                    self.numbered_refs.push((number, self.offset()));
                    let _ = write!(self.out, r"(?:\{number})");
                } else {
                    self.at = begin;
                    let value = self.octal();
                    if value == 0 && !self.peek().is_some_and(|d| ('0'..='7').contains(&d)) {
                        // \8 or \9 and more digits: the digit itself.
                        let digit = self.peek().unwrap_or('8');
                        self.at += 1;
                        self.literal(digit, mode);
                    } else {
                        self.char_value(value, mode)?;
                    }
                }
            }
            _ => {
                self.at -= 1;
                if let Some((body, negated)) = self.class_body(c) {
                    self.at += 1;
                    let _ = write!(self.out, "[{}{body}]", if negated { "^" } else { "" });
                } else {
                    let value = self.char_escape()?;
                    self.char_value(value, mode)?;
                }
            }
        }
        Ok(true)
    }

    /// A character given by its value.
    fn char_value(&mut self, value: u32, mode: Mode) -> Result<(), SyntaxError> {
        let limit = if self.flags.unicode { 0x10FFFF } else { 0xFF };
        match char::from_u32(value) {
            Some(c) if value <= limit => {
                self.literal(c, mode);
                Ok(())
            }
            _ if self.flags.unicode => error("character value in \\x{} or \\o{} is too large", self.offset()),
            _ => error("character value in \\x{} or \\o{} is too large", self.offset()),
        }
    }

    /// Up to three octal digits at the cursor.
    fn octal(&mut self) -> u32 {
        let mut value = 0;
        for _ in 0..3 {
            match self.peek().and_then(|d| d.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.at += 1;
                }
                None => break,
            }
        }
        value
    }

    /// An escape that stands for one character (the cursor at the letter),
    /// both outside and inside classes.
    fn char_escape(&mut self) -> Result<u32, SyntaxError> {
        let Some(c) = self.peek() else {
            return error("\\ at end of pattern", self.pattern_len);
        };
        self.at += 1;
        Ok(match c {
            'a' => 0x07,
            'e' => 0x1B,
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            '0' => {
                self.at -= 1;
                self.octal()
            }
            'o' if self.peek() == Some('{') => {
                self.at += 1;
                let mut value: u32 = 0;
                loop {
                    match self.peek() {
                        Some('}') => {
                            self.at += 1;
                            break;
                        }
                        Some(d) if d.is_digit(8) => {
                            value = value.saturating_mul(8).saturating_add(d.to_digit(8).unwrap_or(0));
                            self.at += 1;
                        }
                        _ => return error("non-octal character in \\o{} (closing brace missing?)", self.offset()),
                    }
                }
                value
            }
            'x' => {
                if self.peek() == Some('{') {
                    let save = self.at;
                    self.at += 1;
                    let mut value: u32 = 0;
                    let mut any = false;
                    while let Some(d) = self.peek().and_then(|d| d.to_digit(16)) {
                        value = value.saturating_mul(16).saturating_add(d);
                        any = true;
                        self.at += 1;
                    }
                    if any && self.peek() == Some('}') {
                        self.at += 1;
                        value
                    } else {
                        // Not a braced value: `\x` is a zero byte and `{` a literal.
                        self.at = save;
                        0
                    }
                } else {
                    let mut value = 0;
                    for _ in 0..2 {
                        match self.peek().and_then(|d| d.to_digit(16)) {
                            Some(d) => {
                                value = value * 16 + d;
                                self.at += 1;
                            }
                            None => break,
                        }
                    }
                    value
                }
            }
            'c' => {
                let Some(control) = self.peek() else {
                    return error("\\c at end of pattern", self.pattern_len);
                };
                if !control.is_ascii() {
                    return error("\\c must be followed by an ASCII character", self.offset());
                }
                self.at += 1;
                u32::from(control.to_ascii_uppercase()) ^ 0x40
            }
            'L' | 'l' | 'N' | 'U' | 'u' => {
                return error("PCRE does not support \\L, \\l, \\N{name}, \\U, or \\u", self.offset())
            }
            c if c.is_ascii_alphanumeric() => {
                return error("unrecognized character follows \\", self.offset());
            }
            c => u32::from(c),
        })
    }

    /// `\p{..}`, `\pL`, `\P{..}`: a Unicode property, passed on by name.
    fn property(&mut self, letter: char) -> Result<String, SyntaxError> {
        let mut name = String::new();
        let mut negated = letter == 'P';
        if self.peek() == Some('{') {
            self.at += 1;
            if self.peek() == Some('^') {
                self.at += 1;
                negated = !negated;
            }
            loop {
                match self.peek() {
                    Some('}') => {
                        self.at += 1;
                        break;
                    }
                    Some(c) if c.is_ascii_alphanumeric() || c == '_' || c == '&' => {
                        name.push(c);
                        self.at += 1;
                    }
                    _ => return error("malformed \\P or \\p sequence", self.offset()),
                }
            }
        } else if let Some(c) = self.peek() {
            self.at += 1;
            name.push(c);
        } else {
            return error("malformed \\P or \\p sequence", self.pattern_len);
        }
        let name = match name.as_str() {
            "Any" => return Ok(if negated { "(?!)".into() } else { r"(?s:.)".into() }),
            "L&" => "LC".to_string(),
            "Xan" | "Xps" | "Xsp" | "Xwd" | "Xuc" => {
                return unsupported(&format!("the property {name}"), self.offset());
            }
            _ => name,
        };
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') || name.is_empty() {
            return error("unknown property name after \\P or \\p", self.offset());
        }
        Ok(format!(r"\{}{{{name}}}", if negated { 'P' } else { 'p' }))
    }

    /// `\g` and `\k` backreferences.
    fn backreference(&mut self, letter: char) -> Result<(), SyntaxError> {
        let (open, close) = match self.peek() {
            Some('{') => ('{', '}'),
            Some('<') if letter == 'k' => ('<', '>'),
            Some('\'') if letter == 'k' => ('\'', '\''),
            _ if letter == 'g' => ('\0', '\0'),
            _ => return error("\\k is not followed by a braced, angle-bracketed, or quoted name", self.offset()),
        };
        if open != '\0' {
            self.at += 1;
        }
        let negative = self.peek() == Some('-');
        if negative {
            self.at += 1;
        }
        if self.peek().is_some_and(|c| c.is_ascii_digit()) {
            let mut number = 0usize;
            while let Some(d) = self.peek().and_then(|d| d.to_digit(10)) {
                number = number.saturating_mul(10).saturating_add(d as usize);
                self.at += 1;
            }
            if open != '\0' {
                if self.peek() != Some(close) {
                    return error("a numbered reference must not be zero", self.offset());
                }
                self.at += 1;
            }
            let number = if negative {
                match (self.groups + 1).checked_sub(number) {
                    Some(n) if number > 0 && n > 0 => n,
                    _ => return error("reference to non-existent subpattern", self.offset()),
                }
            } else {
                number
            };
            if number == 0 {
                return error("a numbered reference must not be zero", self.offset());
            }
            self.numbered_refs.push((number, self.offset()));
            let _ = write!(self.out, r"(?:\{number})");
            return Ok(());
        }
        if open == '\0' || negative {
            return error("a numbered reference must not be zero", self.offset());
        }
        let name = self.name(close)?;
        self.named_refs.push((name.clone(), self.offset()));
        let _ = write!(self.out, r"(?:\k<{name}>)");
        Ok(())
    }

    /// A character class `[...]`.
    fn class(&mut self, mode: Mode) -> Result<(), SyntaxError> {
        self.at += 1;
        let mut body = String::new();
        let mut negated = false;
        if self.peek() == Some('^') {
            negated = true;
            self.at += 1;
        }
        let mut first = true;
        // The previous single character, for ranges.
        let mut previous: Option<u32> = None;
        loop {
            let Some(c) = self.peek() else {
                return error("missing terminating ] for character class", self.pattern_len);
            };
            if c == ']' && !first {
                self.at += 1;
                break;
            }
            first = false;
            // A range `a-b`.
            if c == '-' && previous.is_some() && self.peek_at(1).is_some_and(|n| n != ']') {
                let save = self.at;
                self.at += 1;
                let high = match self.peek() {
                    Some('\\') => {
                        self.at += 1;
                        match self.peek() {
                            Some(l) if self.class_body(l).is_some() || l == 'p' || l == 'P' => None,
                            _ => Some(self.class_escape_char()?),
                        }
                    }
                    Some('[') if self.peek_at(1) == Some(':') => None,
                    Some(h) => {
                        self.at += 1;
                        Some(u32::from(h))
                    }
                    None => None,
                };
                match (previous, high) {
                    (Some(low), Some(high)) => {
                        if high < low {
                            return error("range out of order in character class", self.offset() - 1);
                        }
                        // The low end is already in the body.
                        body.push('-');
                        push_class_char(&mut body, high);
                        if mode.caseless && !self.flags.unicode {
                            for value in low..=high {
                                if let Some(other) = char::from_u32(value).and_then(latin1_other_case) {
                                    push_class_char(&mut body, u32::from(other));
                                }
                            }
                        }
                        previous = None;
                        continue;
                    }
                    _ => {
                        self.at = save;
                    }
                }
            }
            previous = None;
            match c {
                '[' if self.peek_at(1) == Some(':') => {
                    if let Some(posix) = self.posix_class()? {
                        body.push_str(&posix);
                        continue;
                    }
                    self.at += 1;
                    push_class_char(&mut body, u32::from('['));
                    previous = Some(u32::from('['));
                }
                '\\' => {
                    self.at += 1;
                    match self.peek() {
                        Some(l) if self.class_body(l).is_some() => {
                            let (set, negated) = self.class_body(l).unwrap_or(("", false));
                            self.at += 1;
                            let _ = write!(body, "[{}{set}]", if negated { "^" } else { "" });
                        }
                        Some(l @ ('p' | 'P')) => {
                            self.at += 1;
                            let property = self.property(l)?;
                            if property.starts_with('\\') {
                                body.push_str(&property);
                            } else {
                                return unsupported("this property in a class", self.offset());
                            }
                        }
                        Some('Q') => {
                            self.at += 1;
                            while let Some(q) = self.peek() {
                                if q == '\\' && self.peek_at(1) == Some('E') {
                                    self.at += 2;
                                    break;
                                }
                                self.at += 1;
                                self.class_literal(&mut body, u32::from(q), mode);
                                previous = Some(u32::from(q));
                            }
                        }
                        Some('E') => self.at += 1,
                        _ => {
                            let value = self.class_escape_char()?;
                            self.class_literal(&mut body, value, mode);
                            previous = Some(value);
                        }
                    }
                }
                _ => {
                    self.at += 1;
                    self.class_literal(&mut body, u32::from(c), mode);
                    previous = Some(u32::from(c));
                }
            }
        }
        if body.is_empty() {
            // `[^]...` and the like never reach here; an empty class matches nothing.
            self.out.push_str(if negated { r"(?s:.)" } else { "(?!)" });
        } else {
            let _ = write!(self.out, "[{}{body}]", if negated { "^" } else { "" });
        }
        Ok(())
    }

    /// An escape inside a class standing for one character (cursor at the
    /// letter); `\b` is backspace there.
    fn class_escape_char(&mut self) -> Result<u32, SyntaxError> {
        match self.peek() {
            Some('b') => {
                self.at += 1;
                Ok(0x08)
            }
            Some('1'..='7') => Ok(self.octal()),
            Some(d @ ('8' | '9')) => {
                self.at += 1;
                Ok(u32::from(d))
            }
            _ => {
                let value = self.char_escape()?;
                let limit = if self.flags.unicode { 0x10FFFF } else { 0xFF };
                if value > limit || char::from_u32(value).is_none() {
                    return error("character value in \\x{} or \\o{} is too large", self.offset());
                }
                Ok(value)
            }
        }
    }

    fn class_literal(&self, body: &mut String, value: u32, mode: Mode) {
        push_class_char(body, value);
        if mode.caseless && !self.flags.unicode {
            if let Some(other) = char::from_u32(value).and_then(latin1_other_case) {
                push_class_char(body, u32::from(other));
            }
        }
    }

    /// `[:name:]` inside a class, or `None` when the text is not one.
    fn posix_class(&mut self) -> Result<Option<String>, SyntaxError> {
        let mut i = self.at + 2;
        let negated = self.chars.get(i).map(|&(_, c)| c) == Some('^');
        if negated {
            i += 1;
        }
        let begin = i;
        while self.chars.get(i).is_some_and(|&(_, c)| c.is_ascii_lowercase()) {
            i += 1;
        }
        if self.chars.get(i).map(|&(_, c)| c) != Some(':') || self.chars.get(i + 1).map(|&(_, c)| c) != Some(']') {
            return Ok(None);
        }
        let name: String = self.chars[begin..i].iter().map(|&(_, c)| c).collect();
        let ucp = self.flags.ucp;
        let set = match name.as_str() {
            "alpha" if ucp => r"\p{L}".to_string(),
            "alpha" => ALPHA.to_string(),
            "alnum" if ucp => r"\p{L}\p{N}".to_string(),
            "alnum" => format!("{ALPHA}0-9"),
            "digit" if ucp => UCP_DIGIT.to_string(),
            "digit" => DIGIT.to_string(),
            "lower" if ucp => r"\p{Ll}".to_string(),
            "lower" => LOWER.to_string(),
            "upper" if ucp => r"\p{Lu}".to_string(),
            "upper" => UPPER.to_string(),
            "space" if ucp => UCP_SPACE.to_string(),
            "space" => SPACE.to_string(),
            "word" if ucp => UCP_WORD.to_string(),
            "word" => WORD.to_string(),
            "blank" => r"\x{09}\x{20}".to_string(),
            "cntrl" => r"\x{00}-\x{1F}\x{7F}".to_string(),
            "xdigit" => "0-9A-Fa-f".to_string(),
            "ascii" => r"\x{00}-\x{7F}".to_string(),
            "punct" => r"\x{21}-\x{2F}\x{3A}-\x{40}\x{5B}-\x{60}\x{7B}-\x{7E}".to_string(),
            "graph" => r"\x{21}-\x{7E}".to_string(),
            "print" => r"\x{20}-\x{7E}".to_string(),
            _ => {
                let at = self.chars.get(begin).map_or(self.pattern_len, |&(at, _)| at);
                return error("unknown POSIX class name", at);
            }
        };
        self.at = i + 2;
        Ok(Some(format!("[{}{set}]", if negated { "^" } else { "" })))
    }
}

fn push_class_char(body: &mut String, value: u32) {
    match char::from_u32(value) {
        Some(c) if c.is_ascii_alphanumeric() => body.push(c),
        _ => {
            let _ = write!(body, r"\x{{{value:X}}}");
        }
    }
}

/// The other case of a Latin-1 letter above ASCII, as OTP's tables fold it
/// without `unicode`.
fn latin1_other_case(c: char) -> Option<char> {
    let value = u32::from(c);
    match value {
        0xC0..=0xDE if value != 0xD7 => char::from_u32(value + 0x20),
        0xE0..=0xFE if value != 0xF7 => char::from_u32(value - 0x20),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(pattern: &str) -> (String, usize) {
        let e = translate(pattern.as_bytes(), &Flags::default()).unwrap_err();
        (e.message, e.offset)
    }

    #[test]
    fn errors_carry_pcre_messages_and_offsets() {
        assert_eq!(err("("), ("missing )".into(), 1));
        assert_eq!(err("abc("), ("missing )".into(), 4));
        assert_eq!(err("[a"), ("missing terminating ] for character class".into(), 2));
        assert_eq!(err("*a"), ("nothing to repeat".into(), 0));
        assert_eq!(err("a)"), ("unmatched parentheses".into(), 1));
        assert_eq!(err("a{2,1}"), ("numbers out of order in {} quantifier".into(), 5));
        assert_eq!(err("\\"), ("\\ at end of pattern".into(), 1));
        assert_eq!(err("(?<n"), ("syntax error in subpattern name (missing terminator)".into(), 4));
        assert_eq!(err("\\1"), ("reference to non-existent subpattern".into(), 2));
    }

    #[test]
    fn groups_and_names_are_counted() {
        let t = translate(b"(a)(?:b)(?<x>c)(?P<y>d)", &Flags::default()).unwrap();
        assert_eq!(t.groups, 3);
        assert_eq!(t.names, vec![("x".to_string(), 2), ("y".to_string(), 3)]);
    }
}
