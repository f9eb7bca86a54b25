//! The native functions of OTP's `re` module: `run/2,3`, `internal_run/4`,
//! `compile/1,2`, `inspect/2` and `version/0`. The rest of `re`
//! (`replace/3,4`, `split/2,3`, ...) is OTP's Erlang code over these.
//!
//! OTP runs PCRE 8.44; girder reads PCRE's syntax itself (`syntax.rs`) and
//! runs the rewritten pattern on `fancy-regex`, over the subject's bytes:
//! its UTF-8 with `unicode`, its Latin-1 bytes without. Offsets and lengths
//! are in bytes, as OTP's are.
//!
//! A compiled pattern is `{re_pattern, Groups, Unicode, UseCRLF, Binary}`
//! as in OTP; the binary is girder's own: a tag, the compile options and
//! the pattern's text, compiled again (through a small cache) when used.
//!
//! The engine is bounded: a backtracking limit (OTP's default
//! `match_limit`, 10,000,000) ends a runaway match as PCRE's does
//! (`nomatch`, or `{error, match_limit}` with `report_errors`), and the
//! compiled program and its automata have size limits, past which a
//! pattern is a compile error. Each run costs reductions in proportion to
//! the subject's length and the matches found.

mod syntax;

use super::data::charge;
use super::BifCtx;
use crate::exception::{BifResult, Exception};

use crate::term::bits;
use crate::term::build::{self, binary_bytes, iolist_to_bytes, ListIter};
use crate::term::chardata::chars_of_chardata;
use crate::term::{Atom, Term};
use fancy_regex::{BytesMode, Regex, RegexBuilder, RegexInput};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use syntax::{Flags, Newline, SyntaxError, Translated};

/// The version `re:version/0` gives: that of the PCRE whose syntax girder's
/// engine reads (OTP 25's), marked as girder's. A compiled pattern is
/// tied to its engine, and code that keeps patterns compiled elsewhere
/// compares this version to decide whether it can use them: Elixir
/// stores regexes compiled by OTP's PCRE in its `.beam` files with PCRE's
/// version, and compiles them again from their source when the version
/// differs, which girder needs, as it cannot run PCRE's compiled form.
const VERSION: &str = "8.44 2020-02-12 (girder)";

/// The tag that opens girder's compiled-pattern binary.
const MAGIC: &[u8] = b"girder-re\x01";

/// PCRE's default match limit, as OTP sets it: the engine's backtracking
/// steps before a match attempt gives up.
const MATCH_LIMIT: usize = 10_000_000;

/// The most bytes the engine's automata and program may take.
const SIZE_LIMIT: usize = 16 << 20;

/// The most instructions of the engine's backtracking program.
const PROGRAM_LIMIT: usize = 1 << 20;

/// How many compiled patterns the cache keeps.
const CACHE_SIZE: usize = 256;

fn atom(name: &str) -> Result<Term, Exception> {
    Atom::intern(name).map(Term::atom).map_err(|_| Exception::system_limit())
}

/// Compile options: those of the pattern's syntax, and two that constrain
/// where a match may start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
struct CompileOptions {
    flags: Flags,
    anchored: bool,
    firstline: bool,
}

impl CompileOptions {
    fn encode(&self) -> [u8; 3] {
        let f = &self.flags;
        let bits = [
            f.unicode,
            f.ucp,
            f.caseless,
            f.multiline,
            f.dotall,
            f.extended,
            f.ungreedy,
            f.dollar_endonly,
            f.no_auto_capture,
            self.anchored,
            self.firstline,
        ];
        let word = bits.iter().enumerate().fold(0u16, |word, (i, &on)| word | (u16::from(on) << i));
        let newline = match f.newline {
            None => 0,
            Some(Newline::Lf) => 1,
            Some(Newline::Cr) => 2,
            Some(Newline::CrLf) => 3,
            Some(Newline::AnyCrLf) => 4,
            Some(Newline::Any) => 5,
        };
        let [low, high] = word.to_le_bytes();
        [low, high, newline]
    }

    fn decode(bytes: [u8; 3]) -> Option<CompileOptions> {
        let word = u16::from_le_bytes([bytes[0], bytes[1]]);
        if word >> 11 != 0 {
            return None;
        }
        let bit = |i: u16| word & (1 << i) != 0;
        let newline = match bytes[2] {
            0 => None,
            1 => Some(Newline::Lf),
            2 => Some(Newline::Cr),
            3 => Some(Newline::CrLf),
            4 => Some(Newline::AnyCrLf),
            5 => Some(Newline::Any),
            _ => return None,
        };
        Some(CompileOptions {
            flags: Flags {
                unicode: bit(0),
                ucp: bit(1),
                caseless: bit(2),
                multiline: bit(3),
                dotall: bit(4),
                extended: bit(5),
                ungreedy: bit(6),
                dollar_endonly: bit(7),
                no_auto_capture: bit(8),
                newline,
                notbol: false,
                noteol: false,
            },
            anchored: bit(9),
            firstline: bit(10),
        })
    }
}

/// What to capture: `{capture, ValueSpec, Type}`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Values {
    All,
    First,
    AllButFirst,
    None,
    AllNames,
    /// The list term given.
    List(Term),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueType {
    Index,
    List,
    Binary,
}

/// The options of `run/3`.
struct RunOptions {
    compile: CompileOptions,
    /// Whether a compile-time option was given (refused with a compiled pattern).
    compile_given: bool,
    /// A `{newline, NL}` given to override a compiled pattern's.
    newline: Option<Newline>,
    global: bool,
    notempty: bool,
    notempty_atstart: bool,
    notbol: bool,
    noteol: bool,
    offset: usize,
    values: Values,
    value_type: ValueType,
    report_errors: bool,
    match_limit: usize,
}

fn newline_of(term: Term) -> Option<Newline> {
    Some(match term.as_atom()?.name() {
        "lf" => Newline::Lf,
        "cr" => Newline::Cr,
        "crlf" => Newline::CrLf,
        "anycrlf" => Newline::AnyCrLf,
        "any" => Newline::Any,
        _ => return None,
    })
}

/// Reads one compile option into `options`; `false` when it is not one.
fn compile_option(option: Term, options: &mut CompileOptions) -> bool {
    let f = &mut options.flags;
    if let Some(name) = option.as_atom() {
        match name.name() {
            "unicode" => f.unicode = true,
            "ucp" => f.ucp = true,
            "caseless" => f.caseless = true,
            "multiline" => f.multiline = true,
            "dotall" => f.dotall = true,
            "extended" => f.extended = true,
            "ungreedy" => f.ungreedy = true,
            "dollar_endonly" => f.dollar_endonly = true,
            "no_auto_capture" => f.no_auto_capture = true,
            "anchored" => options.anchored = true,
            "firstline" => options.firstline = true,
            "dupnames" | "bsr_anycrlf" | "bsr_unicode" | "no_start_optimize" | "never_utf" => {}
            _ => return false,
        }
        return true;
    }
    if let Some([key, value]) = option.as_tuple() {
        if key.as_atom().is_some_and(|k| k.name() == "newline") {
            if let Some(newline) = newline_of(*value) {
                f.newline = Some(newline);
                return true;
            }
        }
    }
    false
}

fn non_negative(term: Term) -> Option<usize> {
    term.as_small().and_then(|n| usize::try_from(n).ok())
}

fn run_options(list: Term) -> Result<RunOptions, Exception> {
    let mut options = RunOptions {
        compile: CompileOptions::default(),
        compile_given: false,
        newline: None,
        global: false,
        notempty: false,
        notempty_atstart: false,
        notbol: false,
        noteol: false,
        offset: 0,
        values: Values::All,
        value_type: ValueType::Index,
        report_errors: false,
        match_limit: MATCH_LIMIT,
    };
    let badopt = || Exception::badarg_because(Atom::intern("badopt").unwrap_or(crate::term::atoms::BADARG));
    let mut iter = ListIter::new(list);
    for option in iter.by_ref() {
        if let Some(name) = option.as_atom() {
            match name.name() {
                "global" => options.global = true,
                "notempty" => options.notempty = true,
                "notempty_atstart" => options.notempty_atstart = true,
                "notbol" => options.notbol = true,
                "noteol" => options.noteol = true,
                "report_errors" => options.report_errors = true,
                "anchored" => options.compile.anchored = true,
                "unicode" => options.compile.flags.unicode = true,
                "bsr_anycrlf" | "bsr_unicode" => {}
                _ => {
                    if !compile_option(option, &mut options.compile) {
                        return Err(badopt());
                    }
                    options.compile_given = true;
                }
            }
            continue;
        }
        let Some(tuple) = option.as_tuple() else { return Err(badopt()) };
        let key = tuple.first().and_then(|k| k.as_atom()).map(|k| k.name());
        match (key, tuple) {
            (Some("offset"), [_, n]) => options.offset = non_negative(*n).ok_or_else(badopt)?,
            (Some("match_limit" | "match_limit_recursion"), [key, n]) => {
                let n = non_negative(*n).ok_or_else(badopt)?;
                if key.as_atom().is_some_and(|k| k.name() == "match_limit") {
                    options.match_limit = n.min(MATCH_LIMIT.saturating_mul(100));
                }
            }
            (Some("newline"), [_, nl]) => {
                let newline = newline_of(*nl).ok_or_else(badopt)?;
                options.newline = Some(newline);
                options.compile.flags.newline = Some(newline);
            }
            (Some("capture"), [_, spec]) => {
                options.values = values_of(*spec).ok_or_else(badopt)?;
                options.value_type = ValueType::Index;
            }
            (Some("capture"), [_, spec, kind]) => {
                options.values = values_of(*spec).ok_or_else(badopt)?;
                options.value_type = match kind.as_atom().map(|k| k.name()) {
                    Some("index") => ValueType::Index,
                    Some("list") => ValueType::List,
                    Some("binary") => ValueType::Binary,
                    _ => return Err(badopt()),
                };
            }
            _ => return Err(badopt()),
        }
    }
    if !iter.rest().is_nil() {
        return Err(badopt());
    }
    Ok(options)
}

fn values_of(spec: Term) -> Option<Values> {
    if let Some(name) = spec.as_atom() {
        return Some(match name.name() {
            "all" => Values::All,
            "first" => Values::First,
            "all_but_first" => Values::AllButFirst,
            "none" => Values::None,
            "all_names" => Values::AllNames,
            _ => return None,
        });
    }
    if spec.is_list() {
        // Each element: a non-negative integer, or a name as an atom, a
        // string or a binary.
        let mut iter = ListIter::new(spec);
        for item in iter.by_ref() {
            let valid = non_negative(item).is_some()
                || item.is_atom()
                || binary_bytes(item).is_some()
                || build::char_list_to_string(item).is_some();
            if !valid {
                return None;
            }
        }
        return iter.rest().is_nil().then_some(Values::List(spec));
    }
    None
}

/// A pattern rewritten and compiled, shared through the cache.
struct Compiled {
    translated: Translated,
    regex: Regex,
    /// The same pattern that refuses empty matches, built when first needed
    /// (`None`: it can never match).
    nonempty: OnceLock<Option<Regex>>,
    unicode: bool,
}

type CacheKey = (Vec<u8>, Flags);

fn cache() -> &'static Mutex<HashMap<CacheKey, Arc<Compiled>>> {
    static CACHE: OnceLock<Mutex<HashMap<CacheKey, Arc<Compiled>>>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(HashMap::new()))
}

fn build_regex(source: &str, unicode: bool, nonempty: bool, limit: usize) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .bytes_mode(if unicode { BytesMode::Unicode } else { BytesMode::Ascii })
        .backtrack_limit(limit)
        .delegate_size_limit(SIZE_LIMIT)
        .delegate_dfa_size_limit(SIZE_LIMIT)
        .max_prog_size(PROGRAM_LIMIT)
        .find_not_empty(nonempty)
        .build()
        .map_err(|error| error.to_string())
}

/// Rewrites and compiles a pattern, or finds it in the cache.
fn compile_pattern(pattern: &[u8], flags: Flags) -> Result<Arc<Compiled>, SyntaxError> {
    let key = (pattern.to_vec(), flags);
    if let Some(found) = cache().lock().ok().and_then(|cache| cache.get(&key).cloned()) {
        return Ok(found);
    }
    let translated = syntax::translate(pattern, &flags)?;
    let regex = build_regex(&translated.source, flags.unicode, false, MATCH_LIMIT).map_err(|message| {
        let message = if message.contains("limit") || message.contains("too") || message.contains("complex") {
            "regular expression is too large".to_string()
        } else {
            format!("the pattern cannot be compiled: {message}")
        };
        SyntaxError { message, offset: pattern.len() }
    })?;
    let compiled = Arc::new(Compiled { translated, regex, nonempty: OnceLock::new(), unicode: flags.unicode });
    if let Ok(mut cache) = cache().lock() {
        if cache.len() >= CACHE_SIZE {
            cache.clear();
        }
        cache.insert(key, compiled.clone());
    }
    Ok(compiled)
}

/// The bytes of a pattern or subject: UTF-8 of character data with
/// `unicode`, the bytes of iodata without.
fn text_bytes(term: Term, unicode: bool) -> Option<Vec<u8>> {
    if unicode {
        if let Some(bytes) = binary_bytes(term) {
            return std::str::from_utf8(&bytes).is_ok().then(|| bytes.into_owned());
        }
        if !term.is_list() {
            return None;
        }
        let chars = chars_of_chardata(term, true)?;
        Some(chars.into_iter().collect::<String>().into_bytes())
    } else {
        if let Some(bytes) = binary_bytes(term) {
            return Some(bytes.into_owned());
        }
        if !term.is_list() {
            return None;
        }
        iolist_to_bytes(term)
    }
}

/// The compile error term `{Message, Offset}`.
fn error_spec(ctx: &mut BifCtx<'_>, error: &SyntaxError) -> Term {
    let heap = &mut ctx.process.heap;
    let message = build::string(heap, &error.message);
    let offset = build::integer(heap, i64::try_from(error.offset).unwrap_or(i64::MAX));
    build::tuple(heap, &[message, offset])
}

/// A compiled pattern's parts, read back from its term.
fn decode_pattern(term: Term) -> Option<(CompileOptions, Vec<u8>)> {
    let elements = term.as_tuple()?;
    let [tag, _, _, _, binary] = elements else { return None };
    if tag.as_atom()?.name() != "re_pattern" {
        return None;
    }
    let bytes = binary_bytes(*binary)?;
    let rest = bytes.strip_prefix(MAGIC)?;
    if rest.len() < 3 {
        return None;
    }
    let options = CompileOptions::decode([rest[0], rest[1], rest[2]])?;
    Some((options, rest[3..].to_vec()))
}

fn pattern_term(
    ctx: &mut BifCtx<'_>,
    options: &CompileOptions,
    pattern: &[u8],
    compiled: &Compiled,
) -> Result<Term, Exception> {
    let mut bytes = Vec::with_capacity(MAGIC.len() + 3 + pattern.len());
    bytes.extend_from_slice(MAGIC);
    bytes.extend_from_slice(&options.encode());
    bytes.extend_from_slice(pattern);
    let tag = atom("re_pattern")?;
    let crlf = matches!(options.flags.newline, Some(Newline::CrLf | Newline::AnyCrLf | Newline::Any));
    let heap = &mut ctx.process.heap;
    let binary = bits::binary(heap, &bytes);
    let groups = build::integer(heap, i64::try_from(compiled.translated.groups).unwrap_or(i64::MAX));
    Ok(build::tuple(
        heap,
        &[
            tag,
            groups,
            Term::small_unchecked(i64::from(options.flags.unicode)),
            Term::small_unchecked(i64::from(crlf)),
            binary,
        ],
    ))
}

/// `re:version/0`.
pub fn version(ctx: &mut BifCtx<'_>, _args: &[Term]) -> BifResult {
    Ok(bits::binary(&mut ctx.process.heap, VERSION.as_bytes()))
}

/// `re:compile/1`.
pub fn compile1(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    compile(ctx, args[0], Term::NIL)
}

/// `re:compile/2`.
pub fn compile2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    compile(ctx, args[0], args[1])
}

fn compile(ctx: &mut BifCtx<'_>, pattern: Term, option_list: Term) -> BifResult {
    let mut options = CompileOptions::default();
    let badopt = || Exception::badarg_because(Atom::intern("badopt").unwrap_or(crate::term::atoms::BADARG));
    let mut iter = ListIter::new(option_list);
    for option in iter.by_ref() {
        if !compile_option(option, &mut options) {
            return Err(badopt());
        }
    }
    if !iter.rest().is_nil() {
        return Err(badopt());
    }
    // A binary is read as it is: with `unicode`, bytes that are not UTF-8
    // are a compile error rather than a bad argument.
    let bytes = match binary_bytes(pattern) {
        Some(bytes) => bytes.into_owned(),
        None => text_bytes(pattern, options.flags.unicode).ok_or_else(Exception::badarg)?,
    };
    charge(ctx, bytes.len());
    match compile_pattern(&bytes, options.flags) {
        Ok(compiled) => {
            let term = pattern_term(ctx, &options, &bytes, &compiled)?;
            Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::OK), term]))
        }
        Err(error) => {
            let spec = error_spec(ctx, &error);
            Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::ERROR), spec]))
        }
    }
}

/// `re:inspect/2`: `{namelist, Names}`, the group names in alphabetical order.
pub fn inspect(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    let (options, pattern) = decode_pattern(args[0]).ok_or_else(Exception::badarg)?;
    if args[1].as_atom().map(|a| a.name()) != Some("namelist") {
        return Err(Exception::badarg());
    }
    let compiled = compile_pattern(&pattern, options.flags).map_err(|_| Exception::badarg())?;
    let mut names: Vec<&str> = compiled.translated.names.iter().map(|(name, _)| name.as_str()).collect();
    names.sort_unstable();
    let tag = atom("namelist")?;
    let heap = &mut ctx.process.heap;
    let binaries: Vec<Term> = names.iter().map(|name| bits::binary(heap, name.as_bytes())).collect();
    let list = build::list_from_slice(heap, &binaries);
    Ok(build::tuple(heap, &[tag, list]))
}

/// `re:run/2`.
pub fn run2(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    run(ctx, args[0], args[1], Term::NIL)
}

/// `re:run/3`.
pub fn run3(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    run(ctx, args[0], args[1], args[2])
}

/// `re:internal_run/4`: `run/3`, whatever the fourth argument.
pub fn internal_run(ctx: &mut BifCtx<'_>, args: &[Term]) -> BifResult {
    run(ctx, args[0], args[1], args[2])
}

/// One match: each group's `(start, end)` in bytes, or `None` when unset.
type Groups = Vec<Option<(usize, usize)>>;

/// Why a search gave no match.
enum Failure {
    NoMatch,
    /// The backtracking limit was reached.
    Limit,
}

struct Search<'a> {
    compiled: &'a Compiled,
    subject: &'a [u8],
    anchored: bool,
    notempty: bool,
    /// Where a match may start at the latest (`firstline`).
    latest_start: Option<usize>,
    limited: Option<Regex>,
    /// The newline convention, for stepping past an empty match.
    newline: Option<Newline>,
}

impl Search<'_> {
    fn regex(&self, nonempty: bool) -> Option<&Regex> {
        if nonempty {
            self.compiled
                .nonempty
                .get_or_init(|| {
                    build_regex(&self.compiled.translated.source, self.compiled.unicode, true, MATCH_LIMIT).ok()
                })
                .as_ref()
        } else {
            Some(self.limited.as_ref().unwrap_or(&self.compiled.regex))
        }
    }

    /// The first match from `at`; `anchored` also for this attempt alone,
    /// and `nonempty_at_start` refuses an empty match at `at` only.
    fn find(&self, at: usize, anchored: bool, nonempty_at_start: bool) -> Result<Groups, Failure> {
        let anchored = anchored || self.anchored;
        if nonempty_at_start && !self.notempty {
            // A non-empty match at `at`, else any match further on.
            match self.attempt(at, true, true) {
                Err(Failure::NoMatch) if !anchored => {}
                other => return other,
            }
            let next = self.next_position(at);
            if next > self.subject.len() {
                return Err(Failure::NoMatch);
            }
            return self.attempt(next, false, false);
        }
        self.attempt(at, anchored, self.notempty)
    }

    fn attempt(&self, at: usize, anchored: bool, nonempty: bool) -> Result<Groups, Failure> {
        let Some(regex) = self.regex(nonempty) else { return Err(Failure::NoMatch) };
        let input = RegexInput::new(self.subject).from_pos(at).anchored(anchored);
        match regex.captures_input(input) {
            Ok(Some(captures)) => {
                let groups: Groups =
                    (0..captures.len()).map(|i| captures.get(i).map(|m| (m.start(), m.end()))).collect();
                match (self.latest_start, groups.first()) {
                    (Some(latest), Some(Some((start, _)))) if *start > latest => Err(Failure::NoMatch),
                    _ => Ok(groups),
                }
            }
            Ok(None) => Err(Failure::NoMatch),
            Err(_) => Err(Failure::Limit),
        }
    }

    /// The position one character after `at`; past a CRLF as a whole when
    /// CRLF is a newline.
    fn next_position(&self, at: usize) -> usize {
        let crlf = matches!(self.newline, Some(Newline::CrLf | Newline::AnyCrLf | Newline::Any));
        if crlf && self.subject.get(at..at + 2) == Some(b"\r\n") {
            return at + 2;
        }
        let mut next = at + 1;
        if self.compiled.unicode {
            while next < self.subject.len() && self.subject[next] & 0xC0 == 0x80 {
                next += 1;
            }
        }
        next
    }
}

fn run(ctx: &mut BifCtx<'_>, subject_term: Term, pattern: Term, option_list: Term) -> BifResult {
    let options = run_options(option_list)?;
    // The pattern: compiled, or text compiled with the compile options given.
    let (mut compile_options, pattern_bytes) = match decode_pattern(pattern) {
        Some((compiled_options, bytes)) => {
            if options.compile_given || (options.compile.flags.unicode && !compiled_options.flags.unicode) {
                return Err(Exception::badarg());
            }
            let mut compiled_options = compiled_options;
            compiled_options.anchored |= options.compile.anchored;
            if let Some(newline) = options.newline {
                compiled_options.flags.newline = Some(newline);
            }
            (compiled_options, bytes)
        }
        None if pattern.is_tuple() => return Err(Exception::badarg()),
        None => {
            let bytes = text_bytes(pattern, options.compile.flags.unicode).ok_or_else(Exception::badarg)?;
            (options.compile, bytes)
        }
    };
    let unicode = compile_options.flags.unicode;
    let subject = text_bytes(subject_term, unicode).ok_or_else(Exception::badarg)?;
    if options.offset > subject.len() || (unicode && !is_char_boundary(&subject, options.offset)) {
        return Err(Exception::badarg());
    }
    compile_options.flags.notbol = options.notbol;
    compile_options.flags.noteol = options.noteol;
    charge(ctx, subject.len() + pattern_bytes.len());
    let compiled = match compile_pattern(&pattern_bytes, compile_options.flags) {
        Ok(compiled) => compiled,
        Err(error) if options.report_errors => {
            let spec = error_spec(ctx, &error);
            let compile = atom("compile")?;
            let heap = &mut ctx.process.heap;
            let inner = build::tuple(heap, &[compile, spec]);
            return Ok(build::tuple(heap, &[Term::atom(crate::term::atoms::ERROR), inner]));
        }
        Err(_) => return Err(Exception::badarg()),
    };
    let latest_start = compile_options.firstline.then(|| {
        subject[options.offset..].iter().position(|&b| b == b'\n').map_or(subject.len(), |p| p + options.offset)
    });
    let limited = (options.match_limit != MATCH_LIMIT)
        .then(|| build_regex(&compiled.translated.source, unicode, false, options.match_limit).ok())
        .flatten();
    let search = Search {
        compiled: &compiled,
        subject: &subject,
        anchored: compile_options.anchored,
        notempty: options.notempty,
        latest_start,
        limited,
        newline: compile_options.flags.newline,
    };
    let mut matches: Vec<Groups> = Vec::new();
    let mut failure = None;
    if options.global {
        let mut at = options.offset;
        let mut after_empty = false;
        loop {
            let found = search.find(at, after_empty, after_empty || options.notempty_atstart && at == options.offset);
            match found {
                Ok(groups) => {
                    let (start, end) = groups.first().copied().flatten().unwrap_or((at, at));
                    after_empty = start == end;
                    at = end;
                    matches.push(groups);
                    charge(ctx, 16);
                }
                Err(Failure::NoMatch) if after_empty => {
                    after_empty = false;
                    at = search.next_position(at);
                    if at > subject.len() {
                        break;
                    }
                }
                Err(Failure::NoMatch) => break,
                Err(Failure::Limit) => {
                    failure = Some(Failure::Limit);
                    break;
                }
            }
        }
    } else {
        match search.find(options.offset, false, options.notempty_atstart) {
            Ok(groups) => matches.push(groups),
            Err(reason) => failure = Some(reason),
        }
    }
    if let Some(Failure::Limit) = failure {
        if options.report_errors {
            let limit = atom("match_limit")?;
            return Ok(build::tuple(&mut ctx.process.heap, &[Term::atom(crate::term::atoms::ERROR), limit]));
        }
        return atom("nomatch");
    }
    if matches.is_empty() {
        return atom("nomatch");
    }
    if options.values == Values::None {
        return atom("match");
    }
    let selection = select(&options.values, &compiled)?;
    let mut results = Vec::with_capacity(matches.len());
    for groups in &matches {
        let indices: Vec<Option<usize>> = match &selection {
            Some(fixed) => fixed.clone(),
            None => {
                // `all` and `all_but_first`: up to the last group set.
                let count = groups.iter().rposition(Option::is_some).map_or(1, |last| last + 1);
                let first = usize::from(options.values == Values::AllButFirst);
                (first..count).map(Some).collect()
            }
        };
        let mut values = Vec::with_capacity(indices.len());
        for index in indices {
            let span = index.and_then(|i| groups.get(i).copied().flatten());
            values.push(value(ctx, subject_term, &subject, span, options.value_type, unicode)?);
        }
        results.push(build::list_from_slice(&mut ctx.process.heap, &values));
    }
    let matched = atom("match")?;
    let heap = &mut ctx.process.heap;
    let captured = if options.global {
        build::list_from_slice(heap, &results)
    } else {
        results.first().copied().unwrap_or(Term::NIL)
    };
    Ok(build::tuple(heap, &[matched, captured]))
}

fn is_char_boundary(bytes: &[u8], at: usize) -> bool {
    at == bytes.len() || bytes.get(at).is_some_and(|&b| b & 0xC0 != 0x80)
}

/// The groups a capture specification names, or `None` for `all` and
/// `all_but_first` (which depend on the match).
fn select(values: &Values, compiled: &Compiled) -> Result<Option<Vec<Option<usize>>>, Exception> {
    let names = &compiled.translated.names;
    let by_name = |name: &[u8]| names.iter().find(|(known, _)| known.as_bytes() == name).map(|&(_, n)| n);
    Ok(match values {
        Values::All | Values::AllButFirst => None,
        Values::First => Some(vec![Some(0)]),
        Values::None => Some(Vec::new()),
        Values::AllNames => {
            let mut sorted: Vec<&(String, usize)> = names.iter().collect();
            sorted.sort_unstable_by(|a, b| a.0.cmp(&b.0));
            Some(sorted.into_iter().map(|&(_, n)| Some(n)).collect())
        }
        Values::List(list) => {
            let mut selected = Vec::new();
            for item in ListIter::new(*list) {
                let index = if let Some(n) = non_negative(item) {
                    (n <= compiled.translated.groups).then_some(n)
                } else if let Some(name) = item.as_atom() {
                    by_name(name.name().as_bytes())
                } else if let Some(bytes) = binary_bytes(item) {
                    by_name(&bytes)
                } else if let Some(text) = build::char_list_to_string(item) {
                    by_name(text.as_bytes())
                } else {
                    return Err(Exception::badarg());
                };
                selected.push(index);
            }
            Some(selected)
        }
    })
}

/// One captured value: `{Start, Length}`, a list or a binary; an unset
/// group is `{-1, 0}`, `[]` or `<<>>`.
fn value(
    ctx: &mut BifCtx<'_>,
    subject_term: Term,
    subject: &[u8],
    span: Option<(usize, usize)>,
    kind: ValueType,
    unicode: bool,
) -> Result<Term, Exception> {
    let heap = &mut ctx.process.heap;
    Ok(match (kind, span) {
        (ValueType::Index, None) => build::tuple(heap, &[Term::small_unchecked(-1), Term::small_unchecked(0)]),
        (ValueType::Index, Some((start, end))) => {
            let length = build::integer(heap, i64::try_from(end - start).unwrap_or(i64::MAX));
            let start = build::integer(heap, i64::try_from(start).unwrap_or(i64::MAX));
            build::tuple(heap, &[start, length])
        }
        (ValueType::List, None) => Term::NIL,
        (ValueType::List, Some((start, end))) => {
            let part = &subject[start..end];
            let elements: Vec<Term> = if unicode {
                String::from_utf8_lossy(part).chars().map(|c| Term::small_unchecked(i64::from(u32::from(c)))).collect()
            } else {
                part.iter().map(|&b| Term::small_unchecked(i64::from(b))).collect()
            };
            charge(ctx, elements.len());
            build::list_from_slice(&mut ctx.process.heap, &elements)
        }
        (ValueType::Binary, None) => bits::binary(heap, &[]),
        (ValueType::Binary, Some((start, end))) => {
            if binary_bytes(subject_term).is_some() && bits::is_binary(subject_term) {
                bits::sub_bitstring(heap, subject_term, start * 8, (end - start) * 8)
            } else {
                bits::binary(heap, &subject[start..end])
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn find(pattern: &str, subject: &str, flags: Flags) -> Option<(usize, usize)> {
        let compiled = compile_pattern(pattern.as_bytes(), flags).ok()?;
        let search = Search {
            compiled: &compiled,
            subject: subject.as_bytes(),
            anchored: false,
            notempty: false,
            latest_start: None,
            limited: None,
            newline: flags.newline,
        };
        search.find(0, false, false).ok()?.first().copied().flatten()
    }

    #[test]
    fn dollar_and_classes_follow_pcre() {
        assert_eq!(find("b$", "ab\n", Flags::default()), Some((1, 2)));
        assert_eq!(find("b$", "ab\n", Flags { dollar_endonly: true, ..Flags::default() }), None);
        assert_eq!(find(r"\w+", "x\u{e9}y", Flags { unicode: true, ..Flags::default() }), Some((0, 4)));
        assert_eq!(find(r"\d", "\u{663}1", Flags { unicode: true, ..Flags::default() }), Some((2, 3)));
        assert_eq!(find(r"\d", "\u{663}1", Flags { unicode: true, ucp: true, ..Flags::default() }), Some((0, 2)));
    }

    #[test]
    fn a_runaway_match_stops_at_the_limit() {
        let compiled = compile_pattern(br"(a|aa)+\1b", Flags::default()).unwrap();
        let subject = vec![b'a'; 64];
        let search = Search {
            compiled: &compiled,
            subject: &subject,
            anchored: false,
            notempty: false,
            latest_start: None,
            limited: build_regex(&compiled.translated.source, false, false, 10_000).ok(),
            newline: None,
        };
        assert!(matches!(search.find(0, false, false), Err(Failure::Limit)));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Whatever the pattern, compiling and matching it gives an answer,
        /// never a panic.
        #[test]
        fn any_pattern_compiles_or_errs(pattern in proptest::collection::vec(
            prop_oneof![
                Just(b'('), Just(b')'), Just(b'['), Just(b']'), Just(b'\\'), Just(b'?'), Just(b'*'),
                Just(b'+'), Just(b'{'), Just(b'}'), Just(b'|'), Just(b'^'), Just(b'$'), Just(b'.'),
                Just(b'<'), Just(b'>'), Just(b'='), Just(b'!'), Just(b':'), Just(b'-'), Just(b','),
                b'0'..=b'9', b'a'..=b'z', b'A'..=b'Z', any::<u8>(),
            ], 0..24),
            unicode in any::<bool>(), caseless in any::<bool>(), multiline in any::<bool>(),
            extended in any::<bool>())
        {
            let flags = Flags { unicode, caseless, multiline, extended, ..Flags::default() };
            if let Ok(compiled) = compile_pattern(&pattern, flags) {
                let subject = b"abc(1)\n[x]\\AZ az 09 \r\n";
                let search = Search {
                    compiled: &compiled,
                    subject,
                    anchored: false,
                    notempty: false,
                    latest_start: None,
                    limited: None,
                    newline: None,
                };
                let _ = search.find(0, false, false);
                let _ = search.find(3, true, true);
            }
        }
    }
}
