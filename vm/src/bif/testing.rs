//! A process, a VM with captured output, and a tiny reader of Erlang
//! term syntax, for the BIF unit tests.

use crate::bif::{BifCtx, BifFn};
use crate::code::NoModules;
use crate::exception::BifResult;
use crate::memory::heap::Heap;
use crate::process::Process;
use crate::term::bigint::integer_from_bigint;
use crate::term::map::map_from_pairs;
use crate::term::print::{term_to_string, Style};
use crate::term::{atoms, build, Atom, Term};
use crate::vm::{Config, Vm};
use num_bigint::BigInt;
use std::io::Write;
use std::sync::{Arc, Mutex};

struct SharedOutput(Arc<Mutex<Vec<u8>>>);

impl Write for SharedOutput {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A process and a VM to call BIFs with.
pub(crate) struct Bench {
    pub(crate) vm: Vm,
    pub(crate) process: Process,
    pub(crate) inbox: crate::process::inbox::Inbox,
    /// The reductions the last call added.
    pub(crate) reductions: u32,
    output: Arc<Mutex<Vec<u8>>>,
}

impl Bench {
    pub(crate) fn new() -> Bench {
        let output = Arc::new(Mutex::new(Vec::new()));
        let vm = Vm::with_output(Config::default(), Box::new(NoModules), Box::new(SharedOutput(output.clone())));
        let process = Process::new(Term::pid(0), 0, 0, (atoms::MAIN, atoms::MAIN, 0));
        Bench { vm, process, inbox: crate::process::inbox::Inbox::default(), reductions: 0, output }
    }

    pub(crate) fn call(&mut self, f: BifFn, args: &[Term]) -> BifResult {
        let mut ctx = BifCtx::new(&mut self.process, &self.inbox, &self.vm);
        let result = f(&mut ctx, args);
        self.reductions = ctx.reductions;
        result
    }

    /// Calls `f` with the comma-separated terms of `text`.
    pub(crate) fn call_text(&mut self, f: BifFn, text: &str) -> BifResult {
        let args = self.terms(text);
        self.call(f, &args)
    }

    /// Calls `f`, which must raise, and shows the reason as `~w` does.
    pub(crate) fn reason(&mut self, f: BifFn, text: &str) -> String {
        let error = self.call_text(f, text).expect_err(text);
        self.show(error.reason)
    }

    /// Calls `f` and shows the result as `~w` does; panics on an exception.
    pub(crate) fn eval(&mut self, f: BifFn, text: &str) -> String {
        match self.call_text(f, text) {
            Ok(term) => self.show(term),
            Err(exception) => panic!("{text}: raised {}", self.show(exception.reason)),
        }
    }

    pub(crate) fn show(&self, term: Term) -> String {
        term_to_string(term, Style::Write)
    }

    /// Everything printed so far, and forgets it.
    pub(crate) fn take_output(&self) -> String {
        let bytes = std::mem::take(&mut *self.output.lock().unwrap());
        String::from_utf8(bytes).unwrap()
    }

    pub(crate) fn term(&mut self, text: &str) -> Term {
        let mut reader = Reader { chars: text.chars().collect(), at: 0, heap: &mut self.process.heap };
        let term = reader.term();
        reader.skip_space();
        assert_eq!(reader.at, reader.chars.len(), "trailing text in {text:?}");
        term
    }

    pub(crate) fn terms(&mut self, text: &str) -> Vec<Term> {
        let mut reader = Reader { chars: text.chars().collect(), at: 0, heap: &mut self.process.heap };
        let mut terms = Vec::new();
        reader.skip_space();
        if reader.at == reader.chars.len() {
            return terms;
        }
        loop {
            terms.push(reader.term());
            if !reader.eat(',') {
                break;
            }
        }
        reader.skip_space();
        assert_eq!(reader.at, reader.chars.len(), "trailing text in {text:?}");
        terms
    }
}

/// Reads Erlang term syntax: numbers, atoms, strings, lists, tuples,
/// maps and binaries.
struct Reader<'a> {
    chars: Vec<char>,
    at: usize,
    heap: &'a mut Heap,
}

impl Reader<'_> {
    fn skip_space(&mut self) {
        while self.chars.get(self.at).is_some_and(|c| c.is_whitespace()) {
            self.at += 1;
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.skip_space();
        self.chars.get(self.at).copied()
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, text: &str) {
        for c in text.chars() {
            assert!(self.eat(c), "expected {text:?} at {}", self.at);
        }
    }

    fn quoted(&mut self, quote: char) -> String {
        self.expect(&quote.to_string());
        let mut text = String::new();
        loop {
            let c = self.chars[self.at];
            self.at += 1;
            match c {
                '\\' => {
                    let escaped = self.chars[self.at];
                    self.at += 1;
                    text.push(match escaped {
                        'n' => '\n',
                        't' => '\t',
                        other => other,
                    });
                }
                c if c == quote => return text,
                c => text.push(c),
            }
        }
    }

    fn sequence(&mut self, close: char) -> Vec<Term> {
        let mut terms = Vec::new();
        if self.eat(close) {
            return terms;
        }
        loop {
            terms.push(self.term());
            if !self.eat(',') {
                break;
            }
        }
        terms
    }

    fn term(&mut self) -> Term {
        match self.peek().expect("a term") {
            '[' => {
                self.at += 1;
                if self.eat(']') {
                    return Term::NIL;
                }
                let mut elements = vec![self.term()];
                while self.eat(',') {
                    elements.push(self.term());
                }
                let tail = if self.eat('|') { self.term() } else { Term::NIL };
                self.expect("]");
                build::list_from_slice_with_tail(self.heap, &elements, tail)
            }
            '{' => {
                self.at += 1;
                let elements = self.sequence('}');
                if !elements.is_empty() {
                    self.expect("}");
                }
                build::tuple(self.heap, &elements)
            }
            '#' => {
                self.expect("#{");
                let mut pairs = Vec::new();
                if !self.eat('}') {
                    loop {
                        let key = self.term();
                        self.expect("=>");
                        pairs.push((key, self.term()));
                        if !self.eat(',') {
                            break;
                        }
                    }
                    self.expect("}");
                }
                map_from_pairs(self.heap, pairs)
            }
            '<' => {
                self.expect("<<");
                let bytes: Vec<u8> = if self.peek() == Some('"') {
                    let text = self.quoted('"');
                    text.chars().map(|c| c as u32 as u8).collect()
                } else {
                    let mut bytes = Vec::new();
                    while self.peek() != Some('>') {
                        bytes.push(self.number_text().parse().unwrap());
                        self.eat(',');
                    }
                    bytes
                };
                self.expect(">>");
                build::binary(self.heap, &bytes)
            }
            '"' => {
                let text = self.quoted('"');
                build::string(self.heap, &text)
            }
            '\'' => {
                let name = self.quoted('\'');
                Term::atom(Atom::intern(&name).unwrap())
            }
            c if c == '-' || c.is_ascii_digit() => {
                let text = self.number_text();
                if text.contains(['.', 'e']) {
                    build::float(self.heap, text.parse().unwrap())
                } else {
                    integer_from_bigint(self.heap, &text.parse::<BigInt>().unwrap())
                }
            }
            c if c.is_alphabetic() => {
                let start = self.at;
                while self.chars.get(self.at).is_some_and(|&c| c.is_alphanumeric() || c == '_' || c == '@') {
                    self.at += 1;
                }
                let name: String = self.chars[start..self.at].iter().collect();
                Term::atom(Atom::intern(&name).unwrap())
            }
            c => panic!("unexpected {c:?} at {}", self.at),
        }
    }

    fn number_text(&mut self) -> String {
        self.skip_space();
        let start = self.at;
        while let Some(&c) = self.chars.get(self.at) {
            let after_exponent = self.at > start && self.chars[self.at - 1] == 'e';
            if c.is_ascii_digit()
                || c == '.'
                || c == 'e'
                || (self.at == start && c == '-')
                || (after_exponent && (c == '-' || c == '+'))
            {
                self.at += 1;
            } else {
                break;
            }
        }
        self.chars[start..self.at].iter().collect()
    }
}
