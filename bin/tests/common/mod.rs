//! What the test runners share: normalising program output so that runs
//! on girder and on Erlang/OTP compare equal where only pids, refs, fun
//! names, report times and reduction counts may differ.

/// Replaces what legitimately differs from run to run, and between girder
/// and Erlang/OTP: pids and references, numbered in the order they first
/// appear (`<0.85.0>` → `<PID1>`, the next other pid `<PID2>`, the same pid
/// again `<PID1>`; `#Ref<0.1.2.3>` → `#Ref<REF1>`), so that which pid or
/// reference is printed where still counts; funs (`#Fun<...>` →
/// `#Fun<FUN>`), the time stamp of an error report
/// (`=ERROR REPORT==== TIME ===`) and the reductions column of a `c:regs()`
/// table (`<REDS>`), which counts work in a VM's own units.
///
/// Normalised text normalises to itself.
pub fn normalise(text: &str) -> String {
    let text = number_bracketed(text, "#Ref<", "REF");
    let text = replace_bracketed(&text, "#Fun<", "#Fun<FUN>");
    let text = replace_report_times(&text);
    let text = replace_regs_reductions(&text);
    replace_pids(&text)
}

/// In the table `c:regs()` prints, the rows under the column titles (up to
/// the first blank line) end `... Reds Msgs`: their next-to-last field
/// becomes `<REDS>`.
pub fn replace_regs_reductions(text: &str) -> String {
    const TABLE: &str = "** Registered procs on node ";
    let mut out = String::with_capacity(text.len());
    // None outside a table; Some(true) on the column titles; Some(false) on rows.
    let mut in_table: Option<bool> = None;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        match in_table {
            _ if body.starts_with(TABLE) => {
                in_table = Some(true);
                out.push_str(line);
            }
            Some(true) => {
                in_table = Some(false);
                out.push_str(line);
            }
            Some(false) if !body.trim().is_empty() => {
                out.push_str(&replace_next_to_last_field(body, "<REDS>"));
                out.push_str(&line[body.len()..]);
            }
            _ => {
                in_table = None;
                out.push_str(line);
            }
        }
    }
    out
}

/// `line` with its next-to-last whitespace-separated field replaced.
pub fn replace_next_to_last_field(line: &str, replacement: &str) -> String {
    let mut fields = Vec::new();
    let mut start = None;
    for (index, character) in line.char_indices() {
        match (character.is_whitespace(), start) {
            (false, None) => start = Some(index),
            (true, Some(from)) => {
                fields.push(from..index);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(from) = start {
        fields.push(from..line.len());
    }
    match fields.len().checked_sub(2).map(|index| fields[index].clone()) {
        Some(range) => format!("{}{replacement}{}", &line[..range.start], &line[range.end..]),
        None => line.to_string(),
    }
}

/// Replaces every `prefix...>` with `replacement`.
pub fn replace_bracketed(text: &str, prefix: &str, replacement: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start]);
        let after = &rest[start + prefix.len()..];
        match after.find('>') {
            Some(end) => {
                out.push_str(replacement);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(prefix);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Replaces every `prefix...>` with `prefix` and `label` numbered by the
/// order in which each distinct `...` first appears: `#Ref<REF1>`.
pub fn number_bracketed(text: &str, prefix: &str, label: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(prefix) {
        out.push_str(&rest[..start + prefix.len()]);
        let after = &rest[start + prefix.len()..];
        match after.find('>') {
            Some(end) => {
                let number = ordinal(&mut seen, &after[..end]);
                out.push_str(&format!("{label}{number}>"));
                rest = &after[end + 1..];
            }
            None => rest = after,
        }
    }
    out.push_str(rest);
    out
}

/// The 1-based place of `key` among the keys seen so far, adding it when new.
fn ordinal<'a>(seen: &mut Vec<&'a str>, key: &'a str) -> usize {
    match seen.iter().position(|known| *known == key) {
        Some(index) => index + 1,
        None => {
            seen.push(key);
            seen.len()
        }
    }
}

/// `=ERROR REPORT==== 22-Nov-2026::10:00:00.000000 ===` → `=ERROR REPORT==== TIME ===`.
pub fn replace_report_times(text: &str) -> String {
    const HEAD: &str = "=ERROR REPORT==== ";
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        if body.starts_with(HEAD) && body.ends_with(" ===") {
            out.push_str("=ERROR REPORT==== TIME ===");
            out.push_str(&line[body.len()..]);
        } else {
            out.push_str(line);
        }
    }
    out
}

/// `<A.B.C>` with decimal A, B and C → `<PID1>`, `<PID2>`... numbered by
/// the order in which each distinct pid first appears.
pub fn replace_pids(text: &str) -> String {
    let mut seen: Vec<&str> = Vec::new();
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        let end = after.find('>');
        let is_pid = end.is_some_and(|end| {
            let parts: Vec<&str> = after[..end].split('.').collect();
            parts.len() == 3
                && parts.iter().all(|part| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit()))
        });
        match end {
            Some(end) if is_pid => {
                let number = ordinal(&mut seen, &after[..end]);
                out.push_str(&format!("<PID{number}>"));
                rest = &after[end + 1..];
            }
            _ => {
                out.push('<');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
