//! Tidy tests: the rules of the repository that no compiler checks.
//!
//! - `ARCHITECTURE.md`'s list of files with `unsafe` code matches the code;
//! - every document or source file a comment or document cites exists;
//! - operand kinds are defined once, in `spec`;
//! - the rooms of `vm/src` import only downward, as `ARCHITECTURE.md` draws
//!   them, save for the back-edges it lists (and each of those is still used).
//!
//! Each test reads the repository's text; none runs anything.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The repository's root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("spec lives in the repository").to_path_buf()
}

/// Directories that hold no source of girder's own.
const SKIPPED_DIRS: &[&str] = &["target", ".git", "corpus", "artifacts", "coverage", "results"];

/// Every file under `dir` whose name ends with one of `extensions`,
/// relative to the root, sorted.
fn files(dir: &Path, extensions: &[&str]) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let Ok(entries) = fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !SKIPPED_DIRS.contains(&name.as_str()) && !name.starts_with('.') {
                    pending.push(path);
                }
            } else if extensions.iter().any(|extension| name.ends_with(extension)) {
                found.push(path.strip_prefix(root()).expect("under the root").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

fn read(relative: &Path) -> String {
    fs::read_to_string(root().join(relative)).unwrap_or_else(|error| panic!("{}: {error}", relative.display()))
}

/// `source` without its comments (line and block, doc comments included)
/// and without the contents of its string and character literals, so that
/// what remains is code.
fn code_only(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(source.len(), |n| i + n);
            i = end;
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map_or(source.len(), |n| i + n + 2);
            i = end;
        } else if rest.starts_with("r#\"") || rest.starts_with("r\"") {
            let hashes = rest[1..].bytes().take_while(|&b| b == b'#').count();
            let closing = format!("\"{}", "#".repeat(hashes));
            let body = i + 2 + hashes;
            let end = source[body..].find(&closing).map_or(source.len(), |n| body + n + closing.len());
            out.push_str("\"\"");
            i = end;
        } else if bytes[i] == b'"' {
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != b'"' {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            out.push_str("\"\"");
            i = j + 1;
        } else if bytes[i] == b'\'' && is_char_literal(rest) {
            let end = rest[1..].find('\'').map_or(source.len(), |n| i + n + 2);
            out.push_str("' '");
            i = end;
        } else {
            let c = rest.chars().next().expect("not at the end");
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// Whether `rest` (starting at a `'`) opens a character literal rather than
/// naming a lifetime.
fn is_char_literal(rest: &str) -> bool {
    let mut chars = rest.chars().skip(1);
    matches!((chars.next(), chars.next()), (Some('\\'), _) | (Some(_), Some('\'')))
}

/// `code` up to its test module (`#[cfg(test)] mod ...`), which may use
/// anything.
fn without_tests(code: &str) -> &str {
    let mut from = 0;
    while let Some(at) = code[from..].find("#[cfg(test)]") {
        let after = code[from + at + "#[cfg(test)]".len()..].trim_start();
        if after.starts_with("mod ") {
            return &code[..from + at];
        }
        from += at + 1;
    }
    code
}

// ---------------------------------------------------------------------------
// `unsafe` lives where ARCHITECTURE.md says

/// Whether Rust code (comments and strings removed) contains `unsafe` as a
/// keyword (`unsafe {`, `unsafe fn`, `unsafe impl`, `unsafe extern`).
fn has_unsafe(code: &str) -> bool {
    code.match_indices("unsafe").any(|(at, _)| {
        let before = code[..at].chars().next_back();
        let after = code[at + "unsafe".len()..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == '_'));
        boundary(before) && boundary(after)
    })
}

/// The files ARCHITECTURE.md lists under its heading on `unsafe`.
fn documented_unsafe_files() -> BTreeSet<String> {
    let text = read(Path::new("ARCHITECTURE.md"));
    let heading = "### Where `unsafe` lives";
    let start = text.find(heading).expect("ARCHITECTURE.md has a section \"### Where `unsafe` lives\"");
    let section = &text[start + heading.len()..];
    let section = &section[..section.find("\n#").unwrap_or(section.len())];
    section
        .lines()
        .filter_map(|line| line.strip_prefix("- `"))
        .filter_map(|line| line.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn architecture_lists_every_file_with_unsafe_code() {
    let root = root();
    let mut actual = BTreeSet::new();
    for file in files(&root, &[".rs"]) {
        let path = file.to_string_lossy().replace('\\', "/");
        // Tests and fuzz targets may use `unsafe` to attack; the rule is for
        // the code girder runs.
        let in_tests = path.contains("/tests/") || path.starts_with("fuzz/") || path.contains("/benches/");
        if !in_tests && has_unsafe(&code_only(&read(&file))) {
            actual.insert(path);
        }
    }
    let documented = documented_unsafe_files();
    let missing: Vec<_> = actual.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&actual).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "ARCHITECTURE.md's \"Where `unsafe` lives\" is out of date.\n  files with unsafe code it does not list: \
         {missing:?}\n  files it lists that have none: {stale:?}"
    );
}

#[test]
fn unsafe_detection_sees_code_and_ignores_comments_and_strings() {
    assert!(has_unsafe(&code_only("fn f() { unsafe { g() } }")));
    assert!(has_unsafe(&code_only("unsafe impl Sync for T {}")));
    assert!(!has_unsafe(&code_only("// unsafe { }\nfn f() {}")));
    assert!(!has_unsafe(&code_only("#![forbid(unsafe_code)]")));
    assert!(!has_unsafe(&code_only("let s = \"unsafe { }\";")));
    assert!(!has_unsafe(&code_only("/* unsafe */ fn f<'a>(x: &'a u8) {}")));
}

// ---------------------------------------------------------------------------
// Cited documents exist

/// The path-like words of `text` that name a Markdown or Rust file: letters,
/// digits, `_`, `-`, `.` and `/`, ending in `.md` or `.rs`.
fn cited_paths(text: &str) -> Vec<&str> {
    let is_path_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | '/');
    let mut cited = Vec::new();
    for word in text.split(|c: char| !is_path_char(c)) {
        let word = word.trim_end_matches('.');
        if (word.ends_with(".md") || word.ends_with(".rs")) && word.len() > 3 && !word.starts_with('.') {
            cited.push(word);
        }
    }
    cited
}

/// Whether a cited path names a file of the repository: from the root,
/// from the citing file's directory, or from a crate's `src/` (as
/// ARCHITECTURE.md's code map names files within a crate's section).
fn resolves(cited: &str, citing: &Path, crate_sources: &[PathBuf]) -> bool {
    let root = root();
    // `concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/X.md")`: from the citing crate.
    if let Some(from_crate) = cited.strip_prefix('/') {
        let crate_dir = citing.components().next().map(|first| root.join(first.as_os_str()));
        return crate_dir.is_some_and(|dir| dir.join(from_crate).exists()) || root.join(from_crate).exists();
    }
    let name_only = !cited.contains('/');
    if name_only {
        // A bare file name: some file of that name exists.
        return crate_sources.iter().any(|dir| dir.join(cited).exists())
            || root.join(cited).exists()
            || citing.parent().is_some_and(|dir| root.join(dir).join(cited).exists())
            || files(&root, &[cited]).iter().any(|found| found.file_name().is_some_and(|name| name == cited));
    }
    root.join(cited).exists()
        || citing.parent().is_some_and(|dir| root.join(dir).join(cited).exists())
        || crate_sources.iter().any(|dir| dir.join(cited).exists())
}

#[test]
fn cited_documents_and_files_exist() {
    let root = root();
    let crate_sources: Vec<PathBuf> = ["spec", "loader", "assembler", "vm", "dist", "bin", "bench", "fuzz"]
        .iter()
        .flat_map(|name| [root.join(name).join("src"), root.join(name)])
        .chain([root.join("vm/src/interp"), root.join("vm/src/term"), root.join("loader/src/beam")])
        .collect();
    let mut broken = Vec::new();
    for file in files(&root, &[".rs", ".md", "run"]) {
        let path = file.to_string_lossy().replace('\\', "/");
        let text = read(&file);
        // A design decision is cited by the file that holds it, which must
        // be in the repository.
        for (line_no, line) in text.lines().enumerate() {
            let cites_design = line.contains("DESIGN decision") || line.contains("DESIGN.md");
            if cites_design && path != "spec/tests/tidy.rs" {
                broken.push(format!("{path}:{}: cites a design document outside the repository", line_no + 1));
            }
        }
        // Benchmark history quotes the files of its day; this file quotes
        // examples.
        if path == "bench/RESULTS.md" || path == "spec/tests/tidy.rs" {
            continue;
        }
        for cited in cited_paths(&text) {
            if !resolves(cited, &file, &crate_sources) {
                broken.push(format!("{path}: cites `{cited}`, which does not exist"));
            }
        }
    }
    broken.sort();
    broken.dedup();
    assert!(broken.is_empty(), "broken citations:\n  {}", broken.join("\n  "));
}

// ---------------------------------------------------------------------------
// Operand kinds are defined once

#[test]
fn operand_kinds_are_defined_only_in_spec() {
    // An enum whose variants include the table's first six kind names is a
    // second definition of the kinds. The loader's `Operand` is their value
    // form (one payload per kind), generated against the table and checked
    // by its `every_row_round_trips_through_operands` test.
    let allowed = ["spec/src/lib.rs", "loader/src/operand.rs"];
    let kind_names = ["U", "S", "D", "Y", "L", "Fail"];
    let mut found = Vec::new();
    for file in files(&root(), &[".rs"]) {
        let path = file.to_string_lossy().replace('\\', "/");
        if allowed.contains(&path.as_str()) || path.starts_with("spec/tests/") {
            continue;
        }
        let code = code_only(&read(&file));
        for (at, _) in code.match_indices("enum ") {
            let Some(open) = code[at..].find('{') else { continue };
            let Some(close) = code[at + open..].find('}') else { continue };
            let body = &code[at + open + 1..at + open + close];
            let variants: BTreeSet<&str> = body
                .split(',')
                .filter_map(|variant| variant.split(['(', '{', '=']).next())
                .map(|variant| variant.split_whitespace().last().unwrap_or(""))
                .collect();
            if kind_names.iter().all(|name| variants.contains(name)) {
                found.push(path.clone());
            }
        }
    }
    assert!(found.is_empty(), "operand kinds defined again outside `spec`: {found:?}");
}

// ---------------------------------------------------------------------------
// The rooms of vm/src import downward

/// One room: its name and the paths (relative to `vm/src`) it holds; a path
/// ending in `/` holds a directory.
struct Room {
    name: String,
    paths: Vec<String>,
}

/// The rooms, lowest first, and the allowed back-edges, read from the
/// ```` ```rooms ```` block of ARCHITECTURE.md.
fn rooms_from_architecture() -> (Vec<Room>, BTreeSet<(String, String)>) {
    let text = read(Path::new("ARCHITECTURE.md"));
    let start = text.find("```rooms\n").expect("ARCHITECTURE.md has a ```rooms block") + "```rooms\n".len();
    let block = &text[start..start + text[start..].find("```").expect("the rooms block is closed")];
    let mut rooms = Vec::new();
    let mut back_edges = BTreeSet::new();
    for line in block.lines() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(edge) = line.strip_prefix("allowed:") {
            let (from, to) = edge.split_once("->").expect("allowed: FROM -> TO");
            back_edges.insert((from.trim().to_string(), to.trim().to_string()));
            continue;
        }
        let (name, paths) = line.split_once(':').expect("ROOM: PATH PATH...");
        rooms.push(Room {
            name: name.trim().to_string(),
            paths: paths.split_whitespace().map(str::to_string).collect(),
        });
    }
    (rooms, back_edges)
}

/// A module path of the vm crate (`["memory", "heap"]`) for a file relative
/// to `vm/src` (`memory/heap.rs`).
fn module_of(file: &str) -> Vec<String> {
    let stem = file.strip_suffix(".rs").unwrap_or(file);
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Expands a `use` tree (`a::{b, c::d}`) below `prefix` into paths.
fn expand_use_tree(prefix: &[String], tree: &str, out: &mut Vec<Vec<String>>) {
    let tree = tree.trim();
    if let Some(inner) = tree.strip_prefix('{').and_then(|tree| tree.strip_suffix('}')) {
        let mut depth = 0;
        let mut part = String::new();
        for c in inner.chars() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            if c == ',' && depth == 0 {
                expand_use_tree(prefix, &part, out);
                part.clear();
            } else {
                part.push(c);
            }
        }
        expand_use_tree(prefix, &part, out);
        return;
    }
    if tree.is_empty() {
        return;
    }
    let (head, rest) = match tree.split_once("::") {
        Some((head, rest)) => (head.trim(), Some(rest)),
        None => (tree.split_whitespace().next().unwrap_or(""), None),
    };
    let mut path = prefix.to_vec();
    if head != "self" && head != "*" {
        path.push(head.to_string());
    }
    match rest {
        Some(rest) => expand_use_tree(&path, rest, out),
        None => out.push(path),
    }
}

/// The module paths a file of module `me` refers to: through `use crate::`,
/// `use super::`, and paths written inline (`crate::a::b`, `super::a`).
fn referenced_paths(me: &[String], code: &str) -> Vec<Vec<String>> {
    // `super` of `a/b.rs` (module a::b) and of `a/b/mod.rs` (module a::b) is a.
    let parent: Vec<String> = me[..me.len().saturating_sub(1)].to_vec();
    let base_of = |head: &str| -> Option<Vec<String>> {
        match head {
            "crate" => Some(Vec::new()),
            "super" => Some(parent.clone()),
            _ => None,
        }
    };
    let mut paths = Vec::new();
    // `use` statements, whose trees may hold braces.
    for statement in code.split(';') {
        // The `use` keyword, after whatever ended the previous item
        // (a brace, an attribute, a visibility).
        let keyword = statement.match_indices("use ").find(|&(at, _)| {
            statement[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || matches!(c, '}' | ']' | ')'))
        });
        let Some((at, _)) = keyword else { continue };
        let tree = &statement[at + "use ".len()..];
        let tree: String = tree.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some((head, rest)) = tree.split_once("::") else { continue };
        if let Some(base) = base_of(head.trim()) {
            expand_use_tree(&base, rest, &mut paths);
        }
    }
    // Paths written inline.
    for head in ["crate::", "super::"] {
        for (at, _) in code.match_indices(head) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + head.len()..];
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            let mut path = base_of(head.trim_end_matches(':')).expect("crate or super");
            path.extend(rest[..end].split("::").filter(|part| !part.is_empty()).map(str::to_string));
            paths.push(path);
        }
    }
    paths
}

/// The room a module of `vm/src` lives in: the room whose path matches the
/// module's file most closely.
fn room_of<'r>(rooms: &'r [Room], file: &str) -> Option<&'r Room> {
    let mut best: Option<(&Room, usize)> = None;
    for room in rooms {
        for path in &room.paths {
            let matches = if path.ends_with('/') { file.starts_with(path.as_str()) } else { file == path };
            if matches && best.is_none_or(|(_, len)| path.len() > len) {
                best = Some((room, path.len()));
            }
        }
    }
    best.map(|(room, _)| room)
}

#[test]
fn vm_rooms_import_only_downward() {
    let (rooms, allowed) = rooms_from_architecture();
    let rank = |name: &str| rooms.iter().position(|room| room.name == name);
    for (from, to) in &allowed {
        assert!(rank(from).is_some() && rank(to).is_some(), "allowed: {from} -> {to} names an unknown room");
    }
    let src = root().join("vm/src");
    let vm_files: Vec<String> = files(&src, &[".rs"])
        .iter()
        .map(|file| file.strip_prefix("vm/src").expect("under vm/src").to_string_lossy().replace('\\', "/"))
        .collect();
    // Every module of the crate, by path, with its file.
    let modules: BTreeMap<Vec<String>, String> = vm_files.iter().map(|file| (module_of(file), file.clone())).collect();

    let mut unplaced = Vec::new();
    let mut upward: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in &vm_files {
        let Some(room) = room_of(&rooms, file) else {
            unplaced.push(file.clone());
            continue;
        };
        let me = module_of(file);
        let code = code_only(&fs::read_to_string(src.join(file)).expect("readable"));
        for path in referenced_paths(&me, without_tests(&code)) {
            // The longest prefix of the path that is a module of the crate.
            let target = (1..=path.len()).rev().find_map(|len| modules.get(&path[..len]));
            let Some(target) = target else { continue };
            let Some(target_room) = room_of(&rooms, target) else { continue };
            if rank(&target_room.name) > rank(&room.name) {
                upward
                    .entry((room.name.clone(), target_room.name.clone()))
                    .or_default()
                    .push(format!("{file} -> {target}"));
            }
        }
    }
    assert!(unplaced.is_empty(), "files of vm/src in no room of ARCHITECTURE.md's rooms block: {unplaced:?}");

    let mut violations = Vec::new();
    for ((from, to), uses) in &upward {
        if !allowed.contains(&(from.clone(), to.clone())) {
            let mut uses = uses.clone();
            uses.sort();
            uses.dedup();
            violations.push(format!("{from} -> {to}: {}", uses.join(", ")));
        }
    }
    assert!(
        violations.is_empty(),
        "rooms of vm/src import a higher room (ARCHITECTURE.md, \"Rooms\"):\n  {}",
        violations.join("\n  ")
    );
    let unused: Vec<_> = allowed.iter().filter(|edge| !upward.contains_key(edge)).collect();
    assert!(unused.is_empty(), "allowed back-edges no longer used; remove them from ARCHITECTURE.md: {unused:?}");
}

#[test]
fn use_trees_expand_into_paths() {
    let mut out = Vec::new();
    expand_use_tree(&[], "memory::{heap::{Heap, WordBlock}, slab}", &mut out);
    let out: Vec<String> = out.iter().map(|path| path.join("::")).collect();
    assert_eq!(out, ["memory::heap::Heap", "memory::heap::WordBlock", "memory::slab"]);

    let me = vec!["process".to_string(), "send".to_string()];
    let code = "use super::signal::Signal;\nfn f() { crate::dist::control::x(); }\n#[cfg(feature = \"f\")]\n    pub(crate) use crate::{a::b, c};";
    let paths: Vec<String> = referenced_paths(&me, code).iter().map(|path| path.join("::")).collect();
    assert!(paths.contains(&"process::signal::Signal".to_string()), "{paths:?}");
    assert!(paths.contains(&"dist::control::x".to_string()), "{paths:?}");
    assert!(paths.contains(&"a::b".to_string()) && paths.contains(&"c".to_string()), "{paths:?}");
}
