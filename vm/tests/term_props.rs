//! Property and stress tests of the term layer: building, printing,
//! comparing, copying and collecting terms.
//!
//! The printing cases were obtained by running Erlang/OTP 25
//! (`io:format("~p~n~w~n", [T, T])` on each input term) and are hard-coded
//! here, so the tests do not need `erl`.

use girder_vm::memory::copy::{copy_to_block, copy_to_heap, size_of};
use girder_vm::memory::gc::{collect, verify_heap};
use girder_vm::memory::heap::Heap;
use girder_vm::term::bigint::integer_from_bigint;
use girder_vm::term::build;
use girder_vm::term::compare::{compare, eq, exact_eq, key_order};
use girder_vm::term::map::{map_from_pairs, map_get, map_pairs, map_put, map_remove, map_size};
use girder_vm::term::print::{fun_uniq, term_to_string, Plain, Pretty, Style};
use girder_vm::term::{atoms, Atom, Term, SMALL_MAX, SMALL_MIN};
use num_bigint::BigInt;
use proptest::prelude::*;
use std::cmp::Ordering;

// ---- reading Erlang term syntax (the subset `~w` writes) ----

/// Parses one term in Erlang syntax onto `heap`.
fn parse(heap: &mut Heap, text: &str) -> Term {
    let mut parser = Parser { chars: text.chars().collect(), at: 0 };
    let term = parser.term(heap);
    parser.skip_space();
    assert_eq!(parser.at, parser.chars.len(), "trailing input in {text}");
    term
}

struct Parser {
    chars: Vec<char>,
    at: usize,
}

impl Parser {
    fn peek(&self) -> char {
        self.chars.get(self.at).copied().unwrap_or('\0')
    }

    fn skip_space(&mut self) {
        while self.peek().is_whitespace() {
            self.at += 1;
        }
    }

    fn expect(&mut self, text: &str) {
        self.skip_space();
        for c in text.chars() {
            assert_eq!(self.peek(), c, "at {}", self.at);
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.skip_space();
        let found = self.peek() == c;
        if found {
            self.at += 1;
        }
        found
    }

    /// Terms separated by commas until `close`.
    fn sequence(&mut self, heap: &mut Heap, close: char) -> Vec<Term> {
        let mut items = Vec::new();
        if self.eat(close) {
            return items;
        }
        loop {
            items.push(self.term(heap));
            if !self.eat(',') {
                return items;
            }
        }
    }

    fn quoted(&mut self, quote: char) -> Vec<u32> {
        let mut codes = Vec::new();
        loop {
            let c = self.peek();
            self.at += 1;
            if c == quote {
                return codes;
            }
            if c != '\\' {
                codes.push(c as u32);
                continue;
            }
            let escaped = self.peek();
            self.at += 1;
            codes.push(match escaped {
                'n' => 10,
                'r' => 13,
                't' => 9,
                'v' => 11,
                'b' => 8,
                'f' => 12,
                'e' => 27,
                'd' => 127,
                's' => 32,
                'x' => {
                    self.expect("{");
                    let start = self.at;
                    while self.peek() != '}' {
                        self.at += 1;
                    }
                    let hex: String = self.chars[start..self.at].iter().collect();
                    self.at += 1;
                    u32::from_str_radix(&hex, 16).unwrap()
                }
                '0'..='7' => {
                    let mut value = escaped.to_digit(8).unwrap();
                    for _ in 0..2 {
                        if let Some(digit) = self.peek().to_digit(8) {
                            value = value * 8 + digit;
                            self.at += 1;
                        }
                    }
                    value
                }
                other => other as u32,
            });
        }
    }

    fn term(&mut self, heap: &mut Heap) -> Term {
        self.skip_space();
        let c = self.peek();
        if c == '{' {
            self.at += 1;
            let elements = self.sequence(heap, '}');
            if !elements.is_empty() {
                self.expect("}");
            }
            return build::tuple(heap, &elements);
        }
        if c == '[' {
            self.at += 1;
            let elements = self.sequence(heap, ']');
            if elements.is_empty() {
                return Term::NIL;
            }
            let tail = if self.eat('|') { self.term(heap) } else { Term::NIL };
            self.expect("]");
            return build::list_from_slice_with_tail(heap, &elements, tail);
        }
        if c == '#' {
            self.expect("#{");
            let mut pairs = Vec::new();
            if !self.eat('}') {
                loop {
                    let key = self.term(heap);
                    self.expect("=>");
                    let value = self.term(heap);
                    pairs.push((key, value));
                    if !self.eat(',') {
                        break;
                    }
                }
                self.expect("}");
            }
            return map_from_pairs(heap, pairs);
        }
        if c == '<' {
            self.expect("<<");
            let mut bytes = Vec::new();
            if !self.eat('>') {
                loop {
                    self.skip_space();
                    if self.eat('"') {
                        bytes.extend(self.quoted('"').into_iter().map(|code| code as u8));
                    } else {
                        let value = self.term(heap).as_small().unwrap();
                        bytes.push(value as u8);
                    }
                    if !self.eat(',') {
                        break;
                    }
                }
                self.expect(">");
            }
            self.expect(">");
            return build::binary(heap, &bytes);
        }
        if c == '"' {
            self.at += 1;
            let codes: Vec<Term> =
                self.quoted('"').into_iter().map(|code| Term::small_unchecked(code as i64)).collect();
            return build::list_from_slice(heap, &codes);
        }
        if c == '\'' {
            self.at += 1;
            let name: String = self.quoted('\'').into_iter().map(|code| char::from_u32(code).unwrap()).collect();
            return Term::atom(Atom::intern(&name).unwrap());
        }
        if c == '-' || c.is_ascii_digit() {
            let start = self.at;
            self.at += 1;
            while self.peek().is_ascii_alphanumeric() || matches!(self.peek(), '.' | '-' | '+') {
                if matches!(self.peek(), '-' | '+') && !matches!(self.chars[self.at - 1], 'e' | 'E') {
                    break;
                }
                self.at += 1;
            }
            let text: String = self.chars[start..self.at].iter().collect();
            if text.contains('.') {
                return build::float(heap, text.parse().unwrap());
            }
            return integer_from_bigint(heap, &text.parse::<BigInt>().unwrap());
        }
        let start = self.at;
        while self.peek().is_alphanumeric() || matches!(self.peek(), '_' | '@') {
            self.at += 1;
        }
        assert!(self.at > start, "unexpected {c:?} at {}", self.at);
        let name: String = self.chars[start..self.at].iter().collect();
        Term::atom(Atom::intern(&name).unwrap())
    }
}

// ---- printing, against Erlang/OTP's own output ----

/// (input term, `~p` output, `~w` output), from Erlang/OTP 25.
const ERL_CASES: &[(&str, &str, &str)] = &[
    (r##"{hello,world}"##, r##"{hello,world}"##, r##"{hello,world}"##),
    (r##"[1,2,3]"##, r##"[1,2,3]"##, r##"[1,2,3]"##),
    (r##"[1|2]"##, r##"[1|2]"##, r##"[1|2]"##),
    (r##"[97,98,99]"##, r##""abc""##, r##"[97,98,99]"##),
    (r##"[]"##, r##"[]"##, r##"[]"##),
    (r##"{}"##, r##"{}"##, r##"{}"##),
    (r##"#{}"##, r##"#{}"##, r##"#{}"##),
    (r##"<<>>"##, r##"<<>>"##, r##"<<>>"##),
    (r##"[97,98|99]"##, r##"[97,98|99]"##, r##"[97,98|99]"##),
    (r##"[[]]"##, r##"[[]]"##, r##"[[]]"##),
    (r##"#{a => 1,b => 2}"##, r##"#{a => 1,b => 2}"##, r##"#{a => 1,b => 2}"##),
    (
        r##"[<<"abc">>,<<1,2,3>>,<<233>>,<<"a\nb">>,<<128>>,<<97,98,0>>]"##,
        r##"[<<"abc">>,<<1,2,3>>,<<"é">>,<<"a\nb">>,<<128>>,<<97,98,0>>]"##,
        r##"[<<97,98,99>>,<<1,2,3>>,<<233>>,<<97,10,98>>,<<128>>,<<97,98,0>>]"##,
    ),
    (
        r##"['EXIT','hello world','[]',[],'it\'s','a\nb','after',maybe,'A',aB@1_x,'','_x','\x{20AC}',é,'Ä',true]"##,
        r##"['EXIT','hello world','[]',[],'it\'s','a\nb','after',maybe,'A',aB@1_x,'','_x',
 '\x{20AC}',é,'Ä',true]"##,
        r##"['EXIT','hello world','[]',[],'it\'s','a\nb','after',maybe,'A',aB@1_x,'','_x','\x{20AC}',é,'Ä',true]"##,
    ),
    (
        r##"[1.0e10,0.1,1.5,1.0e15,1.0e-5,-0.0,100.0,1000.0,0.0001,1.23e-4,9007199254740992.0,5.0e-324]"##,
        r##"[1.0e10,0.1,1.5,1.0e15,1.0e-5,-0.0,100.0,1.0e3,0.0001,1.23e-4,
 9.007199254740992e15,5.0e-324]"##,
        r##"[1.0e10,0.1,1.5,1.0e15,1.0e-5,-0.0,100.0,1.0e3,0.0001,1.23e-4,9.007199254740992e15,5.0e-324]"##,
    ),
    (
        r##"[12345678901234567890123,-12345678901234567890123,576460752303423487,576460752303423488,-576460752303423488,-576460752303423489]"##,
        r##"[12345678901234567890123,-12345678901234567890123,576460752303423487,
 576460752303423488,-576460752303423488,-576460752303423489]"##,
        r##"[12345678901234567890123,-12345678901234567890123,576460752303423487,576460752303423488,-576460752303423488,-576460752303423489]"##,
    ),
    (
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]"##,
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,
 29,30,31,32,33,34,35,36,37,38,39,40]"##,
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31,32,33,34,35,36,37,38,39,40]"##,
    ),
    (
        r##"[{1,1},{2,4},{3,9},{4,16},{5,25},{6,36},{7,49},{8,64},{9,81},{10,100},{11,121},{12,144}]"##,
        r##"[{1,1},
 {2,4},
 {3,9},
 {4,16},
 {5,25},
 {6,36},
 {7,49},
 {8,64},
 {9,81},
 {10,100},
 {11,121},
 {12,144}]"##,
        r##"[{1,1},{2,4},{3,9},{4,16},{5,25},{6,36},{7,49},{8,64},{9,81},{10,100},{11,121},{12,144}]"##,
    ),
    (
        r##"{tag,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
        r##"{tag,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,
      28,29,30],
     [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,
      28,29,30]}"##,
        r##"{tag,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
    ),
    (
        r##"{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
        r##"{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,
  29,30],
 [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,
  29,30]}"##,
        r##"{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
    ),
    (
        r##"{averyveryveryveryverylongtagnameindeedyesindeedverylongtagnameindeedyes,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],x}"##,
        r##"{averyveryveryveryverylongtagnameindeedyesindeedverylongtagnameindeedyes,
    [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,
     28,29,30],
    x}"##,
        r##"{averyveryveryveryverylongtagnameindeedyesindeedverylongtagnameindeedyes,[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],x}"##,
    ),
    (
        r##"#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],b => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
        r##"#{a =>
      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,
       27,28,29,30],
  b =>
      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,
       27,28,29,30]}"##,
        r##"#{a => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30],b => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
    ),
    (
        r##"#{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30] => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
        r##"#{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,
   29,30] =>
      [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,
       27,28,29,30]}"##,
        r##"#{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30] => [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}"##,
    ),
    (
        r##"#{1.0 => a,1 => b,2 => c,0.5 => d,a => e,"x" => f,{t} => g,[] => h,<<"b">> => i}"##,
        r##"#{1 => b,2 => c,0.5 => d,1.0 => a,a => e,
  {t} => g,
  [] => h,"x" => f,<<"b">> => i}"##,
        r##"#{1 => b,2 => c,0.5 => d,1.0 => a,a => e,{t} => g,[] => h,[120] => f,<<98>> => i}"##,
    ),
    (
        r##"<<1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>>"##,
        r##"<<1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,
  1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>>"##,
        r##"<<1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1>>"##,
    ),
    (
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"##,
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26|
 aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"##,
        r##"[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26|aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa]"##,
    ),
    (
        r##"[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]|{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}]"##,
        r##"[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]|
 {aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}]"##,
        r##"[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26]|{aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}]"##,
    ),
    (
        r##"{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}}}"##,
        r##"{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,
     28,29,30]}}}}"##,
        r##"{{{{[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]}}}}"##,
    ),
    (
        r##"[[[[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]]]]]"##,
        r##"[[[[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,
     28,29,30]]]]]"##,
        r##"[[[[[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]]]]]"##,
    ),
    (
        r##"[aaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbb,ccccccccccccccccccccccccc,ddddddddddddddd,{e}]"##,
        r##"[aaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbb,ccccccccccccccccccccccccc,
 ddddddddddddddd,
 {e}]"##,
        r##"[aaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbb,ccccccccccccccccccccccccc,ddddddddddddddd,{e}]"##,
    ),
    (
        r##"["a\nb\t\"\\'x",[97,255],[160],"\e\v\b\f\r",[127],[0],[1024]]"##,
        r##"["a\nb\t\"\\'x","aÿ"," ","\e\v\b\f\r",[127],[0],[1024]]"##,
        r##"[[97,10,98,9,34,92,39,120],[97,255],[160],[27,11,8,12,13],[127],[0],[1024]]"##,
    ),
    (
        r##"{aaaaaaaaaaaaaaaaaaaaa,<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>}"##,
        r##"{aaaaaaaaaaaaaaaaaaaaa,<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,
                         0,0,0,0,0,0,0,0,0>>}"##,
        r##"{aaaaaaaaaaaaaaaaaaaaa,<<0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0>>}"##,
    ),
    (
        r##"[<<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>,<<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>,<<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>]"##,
        r##"[<<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>,<<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>,
 <<"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">>]"##,
        r##"[<<120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120>>,<<120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120>>,<<120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120,120>>]"##,
    ),
    (
        r##"[{tag,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb},#{key => {cccccccccccccccccccccccccccccccccccccccc,dddddddddddddddddddddddddddddddddddddddd}}|{tag,1}]"##,
        r##"[{tag,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,
  bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb},
 #{key =>
    {cccccccccccccccccccccccccccccccccccccccc,
     dddddddddddddddddddddddddddddddddddddddd}}|
 {tag,1}]"##,
        r##"[{tag,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb},#{key => {cccccccccccccccccccccccccccccccccccccccc,dddddddddddddddddddddddddddddddddddddddd}}|{tag,1}]"##,
    ),
    (
        r##"{ok,[{averyveryveryveryveryverylongtagnameforthistuple,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}]}"##,
        r##"{ok,[{averyveryveryveryveryverylongtagnameforthistuple,
         aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}]}"##,
        r##"{ok,[{averyveryveryveryveryverylongtagnameforthistuple,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb}]}"##,
    ),
];

#[test]
fn printing_matches_erlang() {
    let mut heap = Heap::new(16);
    for &(input, print, write) in ERL_CASES {
        let term = parse(&mut heap, input);
        assert_eq!(term_to_string(term, Style::Print), print, "~p of {input}");
        assert_eq!(term_to_string(term, Style::Write), write, "~w of {input}");
        assert_eq!(Pretty(term).to_string(), print);
        assert_eq!(Plain(term).to_string(), write);
        // What `~w` writes reads back as the same term.
        let again = parse(&mut heap, write);
        assert!(exact_eq(term, again), "{write} reads back");
    }
}

#[test]
fn pids_refs_and_funs_print_like_erlang() {
    let mut heap = Heap::new(16);
    let hello = Term::atom(Atom::intern("hello").unwrap());
    let message = build::tuple(&mut heap, &[hello, Term::pid(48)]);
    assert_eq!(Pretty(message).to_string(), "{hello,<0.48.0>}");
    let reference = build::reference(&mut heap, 12);
    assert_eq!(Pretty(reference).to_string(), "#Ref<0.0.0.12>");
    let module = Atom::intern("mod").unwrap();
    let fun = build::fun(&mut heap, 3, 0, module, &[Term::NIL]);
    assert_eq!(Plain(fun).to_string(), format!("#Fun<mod.0.{}>", fun_uniq(module, 0)));
    assert_eq!(fun_uniq(module, 0), fun_uniq(Atom::intern("mod").unwrap(), 0), "stable");
    assert_ne!(fun_uniq(module, 0), fun_uniq(module, 1));
    let down = build::tuple(
        &mut heap,
        &[Term::atom(atoms::DOWN), reference, Term::atom(atoms::PROCESS), Term::pid(7), Term::atom(atoms::NORMAL)],
    );
    assert_eq!(Pretty(down).to_string(), "{'DOWN',#Ref<0.0.0.12>,process,<0.7.0>,normal}");
}

// ---- arbitrary terms ----

/// A term's shape, built onto a heap by [`Shape::build`].
#[derive(Clone, Debug)]
enum Shape {
    Small(i64),
    Big(BigInt),
    Float(f64),
    Atom(&'static str),
    Nil,
    Pid(u64),
    Ref(u64),
    Binary(Vec<u8>),
    Text(String),
    Tuple(Vec<Shape>),
    List(Vec<Shape>, Option<Box<Shape>>),
    Map(Vec<(Shape, Shape)>),
    Fun(u32, Vec<Shape>),
}

impl Shape {
    fn build(&self, heap: &mut Heap) -> Term {
        match self {
            Shape::Small(value) => Term::small(*value).unwrap(),
            Shape::Big(value) => integer_from_bigint(heap, value),
            Shape::Float(value) => build::float(heap, *value),
            Shape::Atom(name) => Term::atom(Atom::intern(name).unwrap()),
            Shape::Nil => Term::NIL,
            Shape::Pid(serial) => Term::pid(*serial),
            Shape::Ref(number) => build::reference(heap, *number),
            Shape::Binary(bytes) => build::binary(heap, bytes),
            Shape::Text(text) => build::string(heap, text),
            Shape::Tuple(elements) => {
                let elements: Vec<Term> = elements.iter().map(|element| element.build(heap)).collect();
                build::tuple(heap, &elements)
            }
            Shape::List(elements, tail) => {
                let elements: Vec<Term> = elements.iter().map(|element| element.build(heap)).collect();
                let tail = tail.as_ref().map_or(Term::NIL, |tail| tail.build(heap));
                build::list_from_slice_with_tail(heap, &elements, tail)
            }
            Shape::Map(pairs) => {
                let pairs: Vec<(Term, Term)> =
                    pairs.iter().map(|(key, value)| (key.build(heap), value.build(heap))).collect();
                map_from_pairs(heap, pairs)
            }
            Shape::Fun(index, free) => {
                let free: Vec<Term> = free.iter().map(|value| value.build(heap)).collect();
                build::fun(heap, 1, *index, atoms::LISTS, &free)
            }
        }
    }
}

fn leaf() -> impl Strategy<Value = Shape> {
    let edges = prop_oneof![
        Just(0i64),
        Just(1),
        Just(-1),
        Just(SMALL_MAX),
        Just(SMALL_MIN),
        Just(SMALL_MAX - 1),
        Just(SMALL_MIN + 1),
    ];
    let big_edges = prop_oneof![
        Just(BigInt::from(SMALL_MAX) + 1),
        Just(BigInt::from(SMALL_MIN) - 1),
        Just(BigInt::from(i64::MAX)),
        Just(BigInt::from(i64::MIN)),
        Just(BigInt::from(u64::MAX)),
        Just(-BigInt::from(u64::MAX)),
        Just(BigInt::from(1) << 64usize),
        Just(-(BigInt::from(1) << 200usize)),
    ];
    let float_edges = prop_oneof![
        Just(0.0f64),
        Just(-0.0),
        Just(1.0),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        Just(5e-324),
        Just(9007199254740992.0),
        Just(1e10),
        Just(0.1),
    ];
    prop_oneof![
        edges.prop_map(Shape::Small),
        (-1000i64..1000).prop_map(Shape::Small),
        big_edges.prop_map(Shape::Big),
        (any::<u64>(), any::<u64>(), any::<bool>()).prop_map(|(high, low, negative)| {
            let value = (BigInt::from(high) << 64usize) + low;
            Shape::Big(if negative { -value } else { value })
        }),
        float_edges.prop_map(Shape::Float),
        (-1e6f64..1e6).prop_map(Shape::Float),
        any::<f64>().prop_filter("finite", |value| value.is_finite()).prop_map(Shape::Float),
        prop::sample::select(vec!["ok", "error", "a", "b", "EXIT", "hello world", "", "z", "é"]).prop_map(Shape::Atom),
        Just(Shape::Nil),
        (0u64..1000).prop_map(Shape::Pid),
        any::<u64>().prop_map(Shape::Ref),
        prop::collection::vec(any::<u8>(), 0..20).prop_map(Shape::Binary),
        "[a-z \"\\\\\n]{0,12}".prop_map(Shape::Text),
        "\\PC{0,6}".prop_map(Shape::Text),
    ]
}

fn shape() -> impl Strategy<Value = Shape> {
    leaf().prop_recursive(4, 64, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Shape::Tuple),
            (prop::collection::vec(inner.clone(), 0..8), prop::option::of(inner.clone()))
                .prop_map(|(elements, tail)| Shape::List(elements, tail.map(Box::new))),
            prop::collection::vec((inner.clone(), inner.clone()), 0..6).prop_map(Shape::Map),
            (0u32..4, prop::collection::vec(inner, 0..3)).prop_map(|(index, free)| Shape::Fun(index, free)),
        ]
    })
}

/// Allocates `n_words` words of garbage (tuples nobody keeps).
fn garbage(heap: &mut Heap, n_words: usize) {
    let mut left = n_words;
    while left > 0 {
        let n = left.min(9);
        build::tuple(heap, &vec![Term::NIL; n - 1]);
        left -= n;
    }
}

fn both_styles(term: Term) -> (String, String) {
    (term_to_string(term, Style::Print), term_to_string(term, Style::Write))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, .. ProptestConfig::default() })]

    #[test]
    fn copies_and_collections_preserve_terms(shapes in prop::collection::vec(shape(), 1..6), garbage_words in 0usize..200) {
        let mut heap = Heap::new(16);
        let mut terms = Vec::new();
        for shape in &shapes {
            garbage(&mut heap, garbage_words);
            terms.push(shape.build(&mut heap));
        }
        let printed: Vec<(String, String)> = terms.iter().map(|&term| both_styles(term)).collect();

        // Deep copies, into blocks and onto another heap.
        let copies: Vec<(Term, Option<_>)> = terms.iter().map(|&term| copy_to_block(term)).collect();
        let mut other = Heap::new(16);
        let mut on_other: Vec<Term> = terms.iter().map(|&term| copy_to_heap(&mut other, term)).collect();
        for (index, &term) in terms.iter().enumerate() {
            let (copy, ref block) = copies[index];
            prop_assert_eq!(block.as_ref().map_or(0, |block| block.block.n_words()), size_of(term));
            for candidate in [copy, on_other[index]] {
                prop_assert!(exact_eq(candidate, term));
                prop_assert!(eq(candidate, term));
                prop_assert_eq!(compare(candidate, term), Ordering::Equal);
                prop_assert_eq!(&both_styles(candidate), &printed[index]);
            }
        }

        // Collections: repeated, with garbage in between, with the copies
        // adopted as message fragments on some rounds.
        let mut adopted = Vec::new();
        let mut blocks = copies;
        for round in 0..4 {
            garbage(&mut heap, garbage_words * round);
            if round == 1 {
                for (copy, block) in blocks.iter_mut() {
                    if let Some(block) = block.take() {
                        heap.adopt_fragment(block);
                    }
                    adopted.push(*copy);
                }
            }
            collect(&mut heap, round * 7, &mut [&mut terms, &mut adopted]);
            prop_assert!(heap.fragment_words() == 0);
            prop_assert!(heap.free_words() >= round * 7);
            prop_assert!(verify_heap(&heap, &[&terms, &adopted]).is_ok());
            for (index, &term) in terms.iter().enumerate() {
                prop_assert_eq!(&both_styles(term), &printed[index]);
                prop_assert!(exact_eq(term, on_other[index]));
            }
            for (index, &copy) in adopted.iter().enumerate() {
                prop_assert_eq!(&both_styles(copy), &printed[index % terms.len()]);
            }
        }
        collect(&mut other, 0, &mut [&mut on_other]);
        for (index, &term) in on_other.iter().enumerate() {
            prop_assert_eq!(&both_styles(term), &printed[index]);
        }
    }

    #[test]
    fn term_order_is_a_total_order(a in shape(), b in shape(), c in shape()) {
        let mut heap = Heap::new(16);
        let (a, b, c) = (a.build(&mut heap), b.build(&mut heap), c.build(&mut heap));
        for order in [compare as fn(Term, Term) -> Ordering, key_order] {
            prop_assert_eq!(order(a, a), Ordering::Equal);
            prop_assert_eq!(order(a, b), order(b, a).reverse());
            prop_assert_eq!(order(b, c), order(c, b).reverse());
            let mut sorted = [a, b, c];
            sorted.sort_by(|x, y| order(*x, *y));
            prop_assert!(order(sorted[0], sorted[1]) != Ordering::Greater);
            prop_assert!(order(sorted[1], sorted[2]) != Ordering::Greater);
            prop_assert!(order(sorted[0], sorted[2]) != Ordering::Greater, "transitive");
        }
        if key_order(a, b) == Ordering::Equal {
            prop_assert_eq!(compare(a, b), Ordering::Equal);
        }
        prop_assert_eq!(exact_eq(a, b), key_order(a, b) == Ordering::Equal);
        prop_assert_eq!(eq(a, b), compare(a, b) == Ordering::Equal);
    }

    #[test]
    fn maps_behave_like_a_sorted_model(pairs in prop::collection::vec((leaf(), leaf()), 0..20), extra in leaf()) {
        let mut heap = Heap::new(16);
        let pairs: Vec<(Term, Term)> = pairs.iter().map(|(key, value)| (key.build(&mut heap), value.build(&mut heap))).collect();
        let map = map_from_pairs(&mut heap, pairs.clone());
        // The model: the last value written under each key.
        let mut model: Vec<(Term, Term)> = Vec::new();
        for &(key, value) in &pairs {
            match model.iter_mut().find(|(existing, _)| exact_eq(*existing, key)) {
                Some(entry) => entry.1 = value,
                None => model.push((key, value)),
            }
        }
        prop_assert_eq!(map_size(map), model.len());
        for &(key, value) in &model {
            prop_assert_eq!(map_get(map, key), Some(value));
        }
        let keys: Vec<Term> = map_pairs(map).map(|(key, _)| key).collect();
        for window in keys.windows(2) {
            prop_assert_eq!(key_order(window[0], window[1]), Ordering::Less);
        }
        let key = extra.build(&mut heap);
        let with = map_put(&mut heap, map, key, Term::atom(atoms::OK));
        prop_assert_eq!(map_get(with, key), Some(Term::atom(atoms::OK)));
        let without = map_remove(&mut heap, with, key);
        prop_assert_eq!(map_get(without, key), None);
        prop_assert_eq!(map_size(without) + 1, map_size(with));
    }
}

// ---- stress ----

#[test]
fn ten_million_element_lists_copy_and_collect() {
    const N: i64 = 10_000_000;
    let mut heap = Heap::new(16);
    let mut list = Term::NIL;
    let chunk: Vec<Term> = (0..100_000).map(Term::small_unchecked).collect();
    for _ in 0..N / 100_000 {
        list = build::list_from_slice_with_tail(&mut heap, &chunk, list);
    }
    assert_eq!(size_of(list), 2 * N as usize);
    let (copy, block) = copy_to_block(list);
    let mut roots = [list];
    let outcome = collect(&mut heap, 0, &mut [&mut roots]);
    assert_eq!(outcome.live_words, 2 * N as usize);
    let list = roots[0];
    assert_eq!(build::list_len(list), Some(N as usize));
    assert!(exact_eq(list, copy));

    let mut receiver = Heap::new(16);
    receiver.adopt_fragment(block.unwrap());
    let mut roots = [copy];
    collect(&mut receiver, 0, &mut [&mut roots]);
    assert!(exact_eq(list, roots[0]));
    let moved = copy_to_heap(&mut receiver, roots[0]);
    assert_eq!(compare(moved, list), Ordering::Equal);
}

/// A term nested `depth` deep, alternating tuples, lists and maps.
fn deeply_nested(heap: &mut Heap, depth: usize) -> Term {
    let mut term = Term::NIL;
    for level in 0..depth {
        let level_term = Term::small_unchecked(level as i64);
        term = match level % 3 {
            0 => build::tuple(heap, &[level_term, term]),
            1 => build::list_from_slice(heap, &[term, level_term]),
            _ => map_from_pairs(heap, vec![(level_term, term)]),
        };
    }
    term
}

#[test]
fn ten_thousand_deep_terms_use_little_rust_stack() {
    std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            let mut heap = Heap::new(16);
            let term = deeply_nested(&mut heap, 10_000);
            let other = deeply_nested(&mut heap, 10_000);
            let (copy, _block) = copy_to_block(term);
            let mut receiver = Heap::new(16);
            let on_receiver = copy_to_heap(&mut receiver, term);
            let mut roots = [term, other];
            for _ in 0..3 {
                garbage(&mut heap, 1000);
                collect(&mut heap, 0, &mut [&mut roots]);
            }
            assert!(exact_eq(roots[0], copy));
            assert!(exact_eq(roots[1], on_receiver));
            assert_eq!(compare(roots[0], roots[1]), Ordering::Equal);
            let written = term_to_string(roots[0], Style::Write);
            assert_eq!(written, term_to_string(copy, Style::Write));
            assert!(written.starts_with("{9999,#{9998 => [{9996,#{9995 => "), "{}", &written[..40]);
            let printed = term_to_string(roots[0], Style::Print);
            assert!(printed.starts_with("{9999,\n #{9998 =>\n"), "{}", &printed[..40]);
        })
        .unwrap()
        .join()
        .unwrap();
}
