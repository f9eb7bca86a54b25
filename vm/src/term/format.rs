//! The format engine of `io:format/1,2,3` and `io_lib:format/2`: a format
//! string and its arguments to text, as Erlang/OTP's `io_lib:format/2`
//! makes it.
//!
//! A directive is `~F.P.PadModC`: an optional field width `F` (a leading
//! `-` adjusts left), an optional precision `P`, an optional padding
//! character (default space), any of the modifiers `t` (Unicode) and `l`
//! (no string detection), and the control character. `F`, `P` and the padding may be `*`, taking the value
//! from the arguments. The control characters are:
//!
//! | control | argument | output |
//! |---|---|---|
//! | `~w` | any term | the term on one line; `F` pads, a longer term becomes `F` stars |
//! | `~p` | any term | the term as `~p` prints it, broken over lines of `F` (default 80) characters, starting at column `P` (default: where it starts) |
//! | `~s` | string, binary, atom or iolist | the characters; `P` truncates, `F` pads |
//! | `~c` | integer | the character, `P` times (default 1) |
//! | `~f` | float | `[-]ddd.ddd` with `P` decimals (default 6) |
//! | `~e` | float | `[-]d.ddde+dd` with `P` significant digits (default 6) |
//! | `~g` | float | `~f` for 0.1 ≤ \|x\| < 10000, otherwise `~e` |
//! | `~b` `~B` | integer | the digits in base `P` (default 10), lower or upper case |
//! | `~x` `~X` | integer, prefix | the prefix, then the digits |
//! | `~+` `~#` | integer | Erlang's `Base#Digits` form |
//! | `~i` | any term | nothing: the argument is skipped |
//! | `~n` | | a newline |
//! | `~~` | | a tilde |
//!
//! Anything else, a wrong argument, or a count of arguments that does not
//! match raises `badarg`, and nothing is printed. Output is written in UTF-8.

use crate::exception::Exception;
use crate::term::bigint::{bigint_of, to_num, Num};
use crate::term::build::{self, binary_bytes, ListIter};
use crate::term::chardata::chars_of_chardata;
use crate::term::print::{self, Style};
use crate::term::Term;
use num_bigint::BigInt;
use num_traits::ToPrimitive;

/// The default line length of `~p`.
const DEFAULT_LINE_LENGTH: usize = print::LINE_LENGTH;

/// The widest field or precision a directive may ask for; a larger one is
/// refused with `badarg` rather than padding without bound.
const MAX_FIELD: usize = 1 << 24;

/// The characters of a format string: a list of code points, a binary
/// (read byte by byte, as `io_lib` does) or an atom.
///
/// An element of the list that is itself character data (a list or a
/// binary, as in a format made by `io_lib:format/2`) is text, not
/// directives: `io_lib` copies it to the output as it is. It comes back
/// with each tilde doubled, so that the formatter prints it unchanged.
fn format_chars(format: Term) -> Option<Vec<char>> {
    if let Some(atom) = format.as_atom() {
        return Some(atom.name().chars().collect());
    }
    if let Some(bytes) = binary_bytes(format) {
        return Some(bytes.iter().map(|&byte| char::from(byte)).collect());
    }
    let mut chars = Vec::new();
    let mut iter = ListIter::new(format);
    for element in iter.by_ref() {
        if let Some(code) = element.as_small() {
            chars.push(char::from_u32(u32::try_from(code).ok()?)?);
            continue;
        }
        if !element.is_list() && binary_bytes(element).is_none() {
            return None;
        }
        for c in chars_of_chardata(element, true)? {
            chars.push(c);
            if c == '~' {
                chars.push('~');
            }
        }
    }
    iter.rest().is_nil().then_some(chars)
}

// ---- the formatter ----

/// Which way a field is padded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Adjust {
    Left,
    Right,
}

/// One parsed directive.
#[derive(Clone, Copy, Debug)]
struct Directive {
    width: Option<usize>,
    adjust: Adjust,
    precision: Option<usize>,
    pad: char,
    unicode: bool,
    strings: bool,
    control: char,
}

/// Formats as `io_lib:format/2` does; `badarg` on any error.
pub(crate) fn format_to_string(format: Term, arguments: Term) -> Result<String, Exception> {
    let chars = format_chars(format).ok_or_else(Exception::badarg)?;
    let arguments = build::list_to_vec(arguments).ok_or_else(Exception::badarg)?;
    let mut formatter = Formatter { out: String::new(), column: 0, arguments: arguments.into_iter() };
    formatter.run(&chars).ok_or_else(Exception::badarg)?;
    if formatter.arguments.next().is_some() {
        return Err(Exception::badarg());
    }
    Ok(formatter.out)
}

/// The state of one formatting: the text so far, its current column, and
/// the arguments not yet used.
struct Formatter {
    out: String,
    /// The column (0-based) the next character goes to, as `io_lib` counts
    /// it: a newline resets it, a tab moves to the next multiple of 8.
    column: usize,
    arguments: std::vec::IntoIter<Term>,
}

impl Formatter {
    fn run(&mut self, chars: &[char]) -> Option<()> {
        let mut at = 0;
        while at < chars.len() {
            let c = chars[at];
            at += 1;
            if c != '~' {
                self.emit_char(c);
                continue;
            }
            let directive = self.parse(chars, &mut at)?;
            self.control(directive)?;
        }
        Some(())
    }

    fn next_argument(&mut self) -> Option<Term> {
        self.arguments.next()
    }

    /// The depth argument of `~W` and `~P`: an integer, where a negative
    /// one means no limit.
    fn depth_argument(&mut self) -> Option<usize> {
        let depth = self.next_argument()?;
        if !depth.is_integer() {
            return None;
        }
        Some(depth.as_small().and_then(|depth| usize::try_from(depth).ok()).unwrap_or(print::NO_DEPTH_LIMIT))
    }

    fn emit_char(&mut self, c: char) {
        self.out.push(c);
        self.column = match c {
            '\n' => 0,
            '\t' => (self.column + 8) / 8 * 8,
            _ => self.column + 1,
        };
    }

    fn emit(&mut self, text: &str) {
        for c in text.chars() {
            self.emit_char(c);
        }
    }

    /// A field value: `*` (an integer argument), digits, or nothing.
    fn field_value(&mut self, chars: &[char], at: &mut usize) -> Option<Option<i64>> {
        match chars.get(*at) {
            Some('*') => {
                *at += 1;
                let value = self.next_argument()?.as_small()?;
                Some(Some(value))
            }
            Some(c) if c.is_ascii_digit() => {
                let mut value: i64 = 0;
                while let Some(digit) = chars.get(*at).and_then(|c| c.to_digit(10)) {
                    value = value.checked_mul(10)?.checked_add(i64::from(digit))?;
                    *at += 1;
                }
                Some(Some(value))
            }
            _ => Some(None),
        }
    }

    fn parse(&mut self, chars: &[char], at: &mut usize) -> Option<Directive> {
        let negated = chars.get(*at) == Some(&'-');
        if negated {
            *at += 1;
        }
        let width = match self.field_value(chars, at)? {
            // `~-s` has no value to negate: Erlang fails on it.
            None if negated => return None,
            None => None,
            Some(value) => Some(if negated { value.checked_neg()? } else { value }),
        };
        let (width, adjust) = match width {
            Some(value) if value < 0 => (Some(value.unsigned_abs()), Adjust::Left),
            Some(value) => (Some(value as u64), Adjust::Right),
            None => (None, Adjust::Right),
        };
        let mut precision = None;
        let mut pad = ' ';
        if chars.get(*at) == Some(&'.') {
            *at += 1;
            precision = match self.field_value(chars, at)? {
                Some(value) => Some(u64::try_from(value).ok()?),
                None => None,
            };
            if chars.get(*at) == Some(&'.') {
                *at += 1;
                pad = match chars.get(*at)? {
                    '*' => {
                        let code = self.next_argument()?.as_small()?;
                        char::from_u32(u32::try_from(code).ok()?)?
                    }
                    &c => c,
                };
                *at += 1;
            }
        }
        let (mut unicode, mut strings) = (false, true);
        loop {
            match chars.get(*at)? {
                't' => unicode = true,
                'l' => strings = false,
                _ => break,
            }
            *at += 1;
        }
        let control = *chars.get(*at)?;
        *at += 1;
        let limit = |value: Option<u64>| match value {
            Some(value) if value > MAX_FIELD as u64 => None,
            other => Some(other.map(|value| value as usize)),
        };
        Some(Directive { width: limit(width)?, adjust, precision: limit(precision)?, pad, unicode, strings, control })
    }

    fn control(&mut self, d: Directive) -> Option<()> {
        match d.control {
            'w' | 'W' => {
                let term = self.next_argument()?;
                let depth = if d.control == 'W' { self.depth_argument()? } else { print::NO_DEPTH_LIMIT };
                let mut text = String::new();
                print::write_limited(&mut text, term, Style::Write, depth);
                self.emit(&term_field(&text, d.width, d.adjust, d.precision, d.pad));
            }
            'p' | 'P' => {
                let term = self.next_argument()?;
                let depth = if d.control == 'P' { self.depth_argument()? } else { print::NO_DEPTH_LIMIT };
                if d.adjust == Adjust::Left {
                    return None;
                }
                let mut text = String::new();
                if d.strings {
                    let line_length = d.width.unwrap_or(DEFAULT_LINE_LENGTH);
                    let column = d.precision.unwrap_or(self.column + 1);
                    print::write_pretty_limited(&mut text, term, column, line_length, depth);
                } else {
                    print::write_limited(&mut text, term, Style::Write, depth);
                }
                self.emit(&text);
            }
            's' => {
                let chars = chars_of_chardata(self.next_argument()?, d.unicode)?;
                self.emit(&string_field(&chars, d.width, d.adjust, d.precision, d.pad)?);
            }
            'c' => {
                let term = self.next_argument()?;
                let c = if d.unicode {
                    char::from_u32(u32::try_from(term.as_small()?).ok()?)?
                } else {
                    let low_byte = match term.as_small() {
                        Some(value) => value & 0xff,
                        None => (bigint_of(term)? & BigInt::from(0xff)).to_i64()?,
                    };
                    char::from(low_byte as u8)
                };
                self.emit(&char_field(c, d.width, d.adjust, d.precision, d.pad)?);
            }
            'f' | 'e' | 'g' => {
                let value = self.next_argument()?.as_float()?;
                let text = match d.control {
                    'f' => fixed_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                    'e' => exponent_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                    _ => general_field(value, d.width, d.adjust, d.precision.unwrap_or(6), d.pad)?,
                };
                self.emit(&text);
            }
            'b' | 'B' | 'x' | 'X' | '+' | '#' => {
                let term = self.next_argument()?;
                if !term.is_integer() {
                    return None;
                }
                let base = match d.precision {
                    None => 10,
                    Some(base @ 2..=36) => base as u32,
                    Some(_) => return None,
                };
                let prefix = match d.control {
                    'x' | 'X' => prefix_chars(self.next_argument()?)?,
                    '+' | '#' => format!("{base}#"),
                    _ => String::new(),
                };
                let lower_case = matches!(d.control, 'b' | 'x' | '+');
                let text = integer_text(term, base, &prefix, lower_case)?;
                self.emit(&term_field(&text, d.width, d.adjust, None, d.pad));
            }
            'i' => {
                self.next_argument()?;
            }
            'n' => match (d.width, d.adjust) {
                (None, _) => self.emit("\n"),
                (Some(width), Adjust::Right) => self.emit(&"\n".repeat(width)),
                (Some(_), Adjust::Left) => return None,
            },
            '~' => self.emit(&char_field('~', d.width, d.adjust, d.precision, d.pad)?),
            _ => return None,
        }
        Some(())
    }
}

/// The prefix argument of `~x`/`~X`: an atom's name or a deep list of characters.
fn prefix_chars(term: Term) -> Option<String> {
    if let Some(atom) = term.as_atom() {
        return Some(atom.name().to_owned());
    }
    let mut text = String::new();
    // The lists being walked, innermost on top.
    let mut walking = vec![ListIter::new(term)];
    while let Some(iter) = walking.last_mut() {
        match iter.next() {
            Some(element) if element.is_list() => walking.push(ListIter::new(element)),
            Some(element) => text.push(char::from_u32(u32::try_from(element.as_small()?).ok()?)?),
            None if iter.rest().is_nil() => {
                walking.pop();
            }
            None => return None,
        }
    }
    Some(text)
}

/// The digits of an integer with a prefix after its sign, as `~b`, `~x` and
/// `~#` write them.
fn integer_text(term: Term, base: u32, prefix: &str, lower_case: bool) -> Option<String> {
    let value = match to_num(term)? {
        Num::Int(value) => BigInt::from(value),
        Num::Big(value) => value,
        Num::Float(_) => return None,
    };
    let digits = value.magnitude().to_str_radix(base);
    let digits = if lower_case { digits } else { digits.to_ascii_uppercase() };
    let sign = if value.sign() == num_bigint::Sign::Minus { "-" } else { "" };
    Some(format!("{sign}{prefix}{digits}"))
}

// ---- fields: Erlang's padding and truncation rules ----

fn padding(pad: char, n: usize) -> String {
    (0..n).map(|_| pad).collect()
}

fn adjusted(text: &str, pad: &str, adjust: Adjust) -> String {
    match adjust {
        Adjust::Left => format!("{text}{pad}"),
        Adjust::Right => format!("{pad}{text}"),
    }
}

/// A term's text in a field: padded to the width, or replaced by stars when
/// longer than the precision or the width allow.
fn term_field(text: &str, width: Option<usize>, adjust: Adjust, precision: Option<usize>, pad: char) -> String {
    let Some(width) = width.or(precision) else {
        return text.to_owned();
    };
    let length = text.chars().count();
    let limit = length.min(precision.map_or(width, |precision| precision.min(width)));
    if length > limit {
        adjusted(&"*".repeat(limit), &padding(pad, width - limit), adjust)
    } else {
        adjusted(text, &padding(pad, width - length), adjust)
    }
}

/// A string in a field: `~s`'s precision truncates or pads the string
/// itself, then the width pads the result.
fn string_field(
    chars: &[char],
    width: Option<usize>,
    adjust: Adjust,
    precision: Option<usize>,
    pad: char,
) -> Option<String> {
    let text = |chars: &[char]| chars.iter().collect::<String>();
    let fit = |chars: &[char], width: usize, adjust: Adjust| -> String {
        if chars.len() > width {
            text(&chars[..width])
        } else {
            adjusted(&text(chars), &padding(pad, width - chars.len()), adjust)
        }
    };
    Some(match (width, precision) {
        (None, None) => text(chars),
        (Some(width), None) => fit(chars, width, adjust),
        (None, Some(precision)) => fit(chars, precision, Adjust::Left),
        (Some(width), Some(precision)) if width > precision => {
            let inner = fit(chars, precision, Adjust::Left);
            adjusted(&inner, &padding(pad, width - precision), adjust)
        }
        (Some(width), Some(precision)) if width == precision => fit(chars, width, adjust),
        _ => return None,
    })
}

/// A character in a field: repeated `precision` times (or `width` times
/// when only a width is given), then padded to the width.
fn char_field(c: char, width: Option<usize>, adjust: Adjust, precision: Option<usize>, pad: char) -> Option<String> {
    Some(match (width, precision) {
        (None, None) => c.to_string(),
        (Some(count), None) | (None, Some(count)) => padding(c, count),
        (Some(width), Some(precision)) if width >= precision => {
            adjusted(&padding(c, precision), &padding(pad, width - precision), adjust)
        }
        _ => return None,
    })
}

// ---- floats ----

/// The 21 significant decimal digits of `|value|` (as `float_to_list/1`
/// writes them) and the decimal exponent of the first digit.
fn float_digits(value: f64) -> (Vec<u8>, i64) {
    let text = format!("{:.20e}", value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits = mantissa.bytes().filter(u8::is_ascii_digit).map(|byte| byte - b'0').collect();
    (digits, exponent.parse().unwrap_or(0))
}

/// Keeps the first `keep` digits, rounding half up on the next one (as
/// Erlang's formatter does with its 21 digits), or pads with zeros.
/// Returns whether the rounding carried into a new leading digit.
fn round_digits(digits: &mut Vec<u8>, keep: usize) -> bool {
    if digits.len() <= keep {
        digits.resize(keep, 0);
        return false;
    }
    let round_up = digits[keep] >= 5;
    digits.truncate(keep);
    if !round_up {
        return false;
    }
    for digit in digits.iter_mut().rev() {
        if *digit == 9 {
            *digit = 0;
        } else {
            *digit += 1;
            return false;
        }
    }
    digits.insert(0, 1);
    true
}

fn digits_text(digits: &[u8]) -> String {
    digits.iter().map(|&digit| char::from(b'0' + digit)).collect()
}

fn sign_of(value: f64) -> &'static str {
    if value.is_sign_negative() {
        "-"
    } else {
        ""
    }
}

/// `~f`: `decimals` digits after the point (at least 1).
fn fixed_text(value: f64, decimals: usize) -> Option<String> {
    if decimals < 1 {
        return None;
    }
    let (mut digits, exponent) = float_digits(value);
    let mut integer_len = exponent + 1;
    if integer_len <= 0 {
        let zeros = (1 - integer_len) as usize;
        digits.splice(0..0, vec![0; zeros]);
        integer_len = 1;
    }
    let mut integer_len = integer_len as usize;
    if round_digits(&mut digits, integer_len + decimals) {
        integer_len += 1;
    }
    let (integer, fraction) = digits.split_at(integer_len);
    Some(format!("{}{}.{}", sign_of(value), digits_text(integer), digits_text(fraction)))
}

/// `~e`: `significant` digits (at least 2) and an exponent such as `e+0`.
fn exponent_text(value: f64, significant: usize) -> Option<String> {
    if significant < 2 {
        return None;
    }
    let (mut digits, mut exponent) = float_digits(value);
    if round_digits(&mut digits, significant) {
        exponent += 1;
        digits.truncate(significant);
    }
    let exponent_sign = if exponent >= 0 { "+" } else { "" };
    Some(format!("{}{}.{}e{exponent_sign}{exponent}", sign_of(value), digits[0], digits_text(&digits[1..])))
}

fn fixed_field(value: f64, width: Option<usize>, adjust: Adjust, decimals: usize, pad: char) -> Option<String> {
    Some(term_field(&fixed_text(value, decimals)?, width, adjust, width, pad))
}

fn exponent_field(value: f64, width: Option<usize>, adjust: Adjust, significant: usize, pad: char) -> Option<String> {
    Some(term_field(&exponent_text(value, significant)?, width, adjust, width, pad))
}

/// `~g`: `~f` with `precision` significant digits for 0.1 ≤ |x| < 10000,
/// `~e` otherwise.
fn general_field(value: f64, width: Option<usize>, adjust: Adjust, precision: usize, pad: char) -> Option<String> {
    if precision < 1 {
        return None;
    }
    let magnitude = value.abs();
    let exponent: Option<i64> = [(0.1, -2), (1.0, -1), (10.0, 0), (100.0, 1), (1000.0, 2), (10000.0, 3)]
        .iter()
        .find(|&&(bound, _)| magnitude < bound)
        .map(|&(_, exponent)| exponent);
    let precision_i = precision as i64;
    match exponent {
        Some(-1) if precision <= 1 => fixed_field(value, width, adjust, 1, pad),
        Some(e) if precision_i - 1 > e && e >= -1 => {
            fixed_field(value, width, adjust, (precision_i - 1 - e) as usize, pad)
        }
        _ if precision <= 1 => exponent_field(value, width, adjust, 2, pad),
        _ => exponent_field(value, width, adjust, precision, pad),
    }
}

#[cfg(test)]
mod tests {
    use crate::bif::io::io_lib_format;
    use crate::bif::testing::Bench;
    use crate::term::{atoms, build, Term};

    /// `io_lib:format(Format, Args)` flattened, or the error reason.
    fn format(bench: &mut Bench, format: &str, args: &str) -> String {
        let format = build::string(&mut bench.process.heap, format);
        let args = bench.term(args);
        match bench.call(io_lib_format, &[format, args]) {
            Ok(list) => build::char_list_to_string(list).unwrap(),
            Err(exception) => format!("error:{}", bench.show(exception.reason)),
        }
    }

    #[test]
    fn plain_text_and_simple_directives() {
        let mut bench = Bench::new();
        assert_eq!(format(&mut bench, "abc", "[]"), "abc");
        assert_eq!(format(&mut bench, "~~~n", "[]"), "~\n");
        assert_eq!(format(&mut bench, "~3n", "[]"), "\n\n\n");
        assert_eq!(format(&mut bench, "~w", "[[1,2,3]]"), "[1,2,3]");
        assert_eq!(format(&mut bench, "~w", "[\"abc\"]"), "[97,98,99]");
        assert_eq!(format(&mut bench, "~p", "[\"abc\"]"), "\"abc\"");
        assert_eq!(format(&mut bench, "~p ~w", "[{1,2}, 0.1]"), "{1,2} 0.1");
        assert_eq!(format(&mut bench, "~p", "[1.0]"), "1.0");
        assert_eq!(format(&mut bench, "~p", "[1.0e-5]"), "1.0e-5");
        assert_eq!(format(&mut bench, "~w", "[-0.0]"), "-0.0");
        assert_eq!(format(&mut bench, "~i~w", "[skipped, shown]"), "shown");
        assert_eq!(format(&mut bench, "~p", "[<<\"abc\">>]"), "<<\"abc\">>");
        assert_eq!(format(&mut bench, "~w", "[<<1,2,3>>]"), "<<1,2,3>>");
        assert_eq!(format(&mut bench, "~p", "[#{a => 1, b => [1,2]}]"), "#{a => 1,b => [1,2]}");
        assert_eq!(format(&mut bench, "~lp", "[[65,66]]"), "[65,66]");
        assert_eq!(format(&mut bench, "~ttp", "[\"a\"]"), "\"a\"");
    }

    #[test]
    fn fields_pad_truncate_and_star() {
        let mut bench = Bench::new();
        let cases = [
            ("~5w|", "[abcdefgh]", "*****|"),
            ("~10w|", "[abc]", "       abc|"),
            ("~-10w|", "[abc]", "abc       |"),
            ("~5.3w|", "[abcdef]", "  ***|"),
            ("~.3w|", "[abcdef]", "***|"),
            ("~10p|", "[abc]", "abc|"),
            ("~10.3p|", "[x]", "x|"),
            ("~0p|", "[x]", "x|"),
            ("~10s|", "[\"abc\"]", "       abc|"),
            ("~-10s|", "[\"abc\"]", "abc       |"),
            ("~2s|", "[\"abc\"]", "ab|"),
            ("~.2s|", "[\"abc\"]", "ab|"),
            ("~10.2s|", "[\"abc\"]", "        ab|"),
            ("~10.5s|", "[\"abc\"]", "     abc  |"),
            ("~*.*.*s|", "[10, 5, 120, \"abc\"]", "xxxxxabcxx|"),
            ("~5.1.xs|", "[\"a\"]", "xxxxa|"),
            ("~5s|", "[\"\"]", "     |"),
            ("~0s|", "[\"abc\"]", "|"),
            ("~.0s|", "[\"abc\"]", "|"),
            ("~c", "[97]", "a"),
            ("~5c", "[97]", "aaaaa"),
            ("~10c|", "[97]", "aaaaaaaaaa|"),
            ("~3.2c|", "[97]", " aa|"),
            ("~-3.2c|", "[97]", "aa |"),
            ("~.2c|", "[97]", "aa|"),
            ("~c", "[1000]", "è"),
            ("~c", "[-1]", "ÿ"),
            ("~c", "[1180591620717411303424]", "\0"),
            ("~tc", "[1000]", "Ϩ"),
            ("~*p", "[5, x]", "x"),
            ("~5~", "[]", "~~~~~"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
    }

    #[test]
    fn strings_from_chardata() {
        let mut bench = Bench::new();
        assert_eq!(format(&mut bench, "~s", "[abc]"), "abc");
        assert_eq!(format(&mut bench, "~s", "['hello world']"), "hello world");
        assert_eq!(format(&mut bench, "~s", "[<<\"bin\">>]"), "bin");
        assert_eq!(format(&mut bench, "~s", "[[\"a\", <<\"b\">>, 99]]"), "abc");
        assert_eq!(format(&mut bench, "~s", "[[97 | <<\"b\">>]]"), "ab");
        assert_eq!(format(&mut bench, "~s", "[[[[[<<\"x\">>]]]]]"), "x");
        assert_eq!(format(&mut bench, "~s", "[[233]]"), "é");
        assert_eq!(format(&mut bench, "~s", "[<<195,169>>]"), "Ã©");
        assert_eq!(format(&mut bench, "~ts", "[<<195,169>>]"), "é");
        assert_eq!(format(&mut bench, "~ts", "[[1000]]"), "Ϩ");
        assert_eq!(format(&mut bench, "~ls", "[\"a\"]"), "a");
        for args in ["[1]", "[[1000]]", "[[256]]", "[[97 | b]]", "[[a]]"] {
            assert_eq!(format(&mut bench, "~s", args), "error:badarg", "{args}");
        }
    }

    #[test]
    fn integers_in_bases() {
        let mut bench = Bench::new();
        let cases = [
            ("~5b", "[42]", "   42"),
            ("~-5b|", "[42]", "42   |"),
            ("~.16b", "[255]", "ff"),
            ("~.16B", "[255]", "FF"),
            ("~.16x", "[255, \"0x\"]", "0xff"),
            ("~.16X", "[-255, abc]", "-abcFF"),
            ("~x", "[1, \"a\"]", "a1"),
            ("~.10x", "[1, [97, \"b\"]]", "ab1"),
            ("~.16#", "[255]", "16#FF"),
            ("~.16+", "[255]", "16#ff"),
            ("~.8#", "[-8]", "-8#10"),
            ("~8..0b", "[42]", "00000042"),
            ("~2b", "[12345]", "**"),
            ("~5.2b", "[5]", "  101"),
            ("~.36b", "[123456789]", "21i3v9"),
            ("~.16b", "[1180591620717411303424]", "400000000000000000"),
            ("~b", "[0]", "0"),
            ("~tb", "[1]", "1"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
        for (format_text, args) in
            [("~b", "[1.0]"), ("~.37b", "[5]"), ("~.1b", "[5]"), ("~.10x", "[1, 2]"), ("~.16x", "[255, <<\"ab\">>]")]
        {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
    }

    #[test]
    fn floats_round_like_erlang() {
        let mut bench = Bench::new();
        let cases = [
            ("~f", "[1.5]", "1.500000"),
            ("~.1f", "[0.05]", "0.1"),
            ("~.2f", "[0.125]", "0.13"),
            ("~.2f", "[2.675]", "2.67"),
            ("~.1f", "[0.25]", "0.3"),
            ("~.1f", "[0.35]", "0.3"),
            ("~.3f", "[-0.0005]", "-0.001"),
            ("~.2f", "[0.005]", "0.01"),
            ("~10.3f", "[3.14159]", "     3.142"),
            ("~-10.3f|", "[3.14159]", "3.142     |"),
            ("~3f", "[3.14159]", "***"),
            ("~1f", "[1.5]", "*"),
            ("~5.1.xf|", "[1.5]", "xx1.5|"),
            ("~.*f", "[3, 1.5]", "1.500"),
            ("~.2f", "[1.0e20]", "100000000000000000000.00"),
            ("~f", "[-0.0]", "-0.000000"),
            ("~f", "[1.0e-10]", "0.000000"),
            ("~.2f", "[9.999]", "10.00"),
            ("~f", "[123456789.123456789]", "123456789.123457"),
            ("~.25f", "[0.1]", "0.1000000000000000055510000"),
            ("~e", "[1.5]", "1.50000e+0"),
            ("~e", "[-1.5e-10]", "-1.50000e-10"),
            ("~.2e", "[1.5]", "1.5e+0"),
            ("~.2e", "[2.5]", "2.5e+0"),
            ("~e", "[9.9999995]", "1.00000e+1"),
            ("~.3e", "[9.9999]", "1.00e+1"),
            ("~e", "[-0.0]", "-0.00000e+0"),
            ("~e", "[1.0e100]", "1.00000e+100"),
            ("~.20e", "[0.1]", "1.0000000000000000555e-1"),
            ("~g", "[1.5]", "1.50000"),
            ("~g", "[1.5e10]", "1.50000e+10"),
            ("~g", "[0.01]", "1.00000e-2"),
            ("~g", "[0.1]", "0.100000"),
            ("~g", "[1.0e4]", "1.00000e+4"),
            ("~g", "[9999.9999]", "10000.00"),
            ("~g", "[123456.0]", "1.23456e+5"),
            ("~g", "[1234.5]", "1234.50"),
            ("~.1g", "[0.5]", "0.5"),
            ("~.1g", "[5.0]", "5.0e+0"),
            ("~.1g", "[50.0]", "5.0e+1"),
            ("~.3g", "[0.05]", "5.00e-2"),
            ("~.2g", "[99.9]", "1.0e+2"),
            ("~g", "[-0.0]", "-0.00000e+0"),
        ];
        for (format_text, args, expected) in cases {
            assert_eq!(format(&mut bench, format_text, args), expected, "{format_text} {args}");
        }
        for (format_text, args) in
            [("~f", "[1]"), ("~.0f", "[1.5]"), ("~0.0f", "[1.0]"), ("~.1e", "[1.5]"), ("~e", "[a]")]
        {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
    }

    #[test]
    fn pretty_printing_wraps_at_the_column_it_starts() {
        let mut bench = Bench::new();
        let list = "[[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm]]";
        assert_eq!(
            format(&mut bench, "~40p", list),
            "[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,\n hhhh,iiii,jjjj,kkkk,llll,mmmm]"
        );
        assert_eq!(
            format(&mut bench, "~.10p", list),
            "[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm]"
        );
        let prefix = "x".repeat(31);
        let text = format(&mut bench, &format!("{prefix}~nxxxxxxxxxxxxxxx ~p"), list);
        let indent = " ".repeat(17);
        assert_eq!(text, format!("{prefix}\nxxxxxxxxxxxxxxx [aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,\n{indent}mmmm]"));
        let long = "[[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm,nnnn,oooo,pppp]]";
        let text = format(&mut bench, "\t~p", long);
        assert_eq!(
            text,
            format!(
                "\t[aaaa,bbbb,cccc,dddd,eeee,ffff,gggg,hhhh,iiii,jjjj,kkkk,llll,mmmm,\n{}nnnn,oooo,pppp]",
                " ".repeat(9)
            )
        );
    }

    #[test]
    fn bad_formats_and_argument_counts_are_badarg() {
        let mut bench = Bench::new();
        for (format_text, args) in [
            ("~d", "[a]"),
            ("~p", "[]"),
            ("~p", "[1, 2]"),
            ("~", "[]"),
            ("~z", "[1]"),
            ("~-10p", "[x]"),
            ("~-*p", "[5, x]"),
            ("~*p", "[a, x]"),
            ("~10.5.*s", "[\"abc\"]"),
            ("~2.3c", "[97]"),
            ("~n", "[x]"),
            ("~c", "[a]"),
            ("~-s", "[\"a\"]"),
            ("~W", "[[1], x]"),
            ("~W", "[[1], 1.0]"),
            ("~P", "[a]"),
            ("~p", "x"),
            ("~p", "[x | y]"),
        ] {
            assert_eq!(format(&mut bench, format_text, args), "error:badarg", "{format_text} {args}");
        }
        let not_a_format = Term::small_unchecked(1);
        let error = bench.call(io_lib_format, &[not_a_format, Term::NIL]).unwrap_err();
        assert_eq!(error.reason, Term::atom(atoms::BADARG));
    }
}
